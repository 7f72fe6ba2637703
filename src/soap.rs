//! SOAP calls: [`SoapClient`] builds SOAP 1.1 / 1.2 envelopes (with the client's header
//! elements), sends them through a [`Transport`], and turns the reply into the response type,
//! a [`SoapFault`], an HTTP status error or a decode error; it also makes the ASMX HTTP GET /
//! POST calls described by [`HttpOp`]. [`SoapOp`] / [`HttpOp`] are the static operation
//! descriptions generated code declares as constants.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http::header::CONTENT_TYPE;

use tracing::Instrument as _;

pub use crate::envelope::{SOAP11_NS, SOAP12_NS, SoapVersion};
use crate::error::{ApiError, DecodeError, EncodeError, Error, SoapFault, TransportError, TransportErrorKind};
use crate::exec::{Exchange, send};
use crate::limits::{CallOptions, MAX_ERROR_TEXT, cap_text};
use crate::mtom::{Attachments, Framing, MtomEnvelope, Multipart, Part, Resend, is_multipart_related};
use crate::redact::body_excerpt;
use crate::redirect::RedirectPolicy;
use crate::retry::RetryPolicy;
use crate::scrub::Secrets;
use crate::transport::Transport;
use crate::wssec::{SecurityPolicy, WsSecurity};
use crate::xml::{Decode, Encode, Name, RawXml, Reader, SOAP_ENC_NS, Start, Writer, XSD_NS, XSI_NS};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The static description of a SOAP operation (document/literal wrapped, rpc/literal, or
/// rpc/encoded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoapOp {
    /// The WSDL operation name.
    pub name: &'static str,
    /// `soapAction` of the SOAP 1.1 binding, `None` when there is no such binding.
    pub action_v11: Option<&'static str>,
    /// `soapAction` of the SOAP 1.2 binding, `None` when there is no such binding.
    pub action_v12: Option<&'static str>,
    /// The request element (the body's child).
    pub request: Name<'static>,
    /// The response element.
    pub response: Name<'static>,
    /// Header element names this operation sends (when set on the client).
    pub headers: &'static [Name<'static>],
    /// rpc/encoded binding (SOAP 1.1 section 5): the request wrapper carries
    /// `encodingStyle`, every element its `xsi:type`, arrays are `soapenc:Array`s; in the reply
    /// `href="#id"` references to other Body entries are resolved and array items may have
    /// any name.
    pub encoded: bool,
}

/// HTTP method of an ASMX HTTP binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// Parameters in the query string.
    Get,
    /// Parameters form-encoded in the body.
    Post,
}

/// The static description of an ASMX HTTP GET / POST operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpOp {
    /// The WSDL operation name.
    pub name: &'static str,
    /// GET or POST.
    pub method: HttpMethod,
    /// Appended to the client address (`/GetPartnerCameraRefreshToken`).
    pub location: &'static str,
    /// The root element of the reply.
    pub response: Name<'static>,
}

/// Form parameters of an ASMX HTTP GET / POST call (wire name, lexical value), as generated
/// `form_params()` methods may return them: a slice for [`SoapClient::call_http`] (through
/// `Deref`), and a `Debug` that shows the values of secret-named parameters as `"<redacted>"`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FormParams(pub Vec<(&'static str, String)>);

impl std::ops::Deref for FormParams {
    type Target = [(&'static str, String)];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<Vec<(&'static str, String)>> for FormParams {
    fn from(pairs: Vec<(&'static str, String)>) -> Self {
        FormParams(pairs)
    }
}

impl fmt::Debug for FormParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Value<'a>(&'a str, &'a str);
        impl fmt::Debug for Value<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if crate::redact::is_secret_name(self.0) {
                    f.write_str("\"<redacted>\"")
                } else {
                    fmt::Debug::fmt(self.1, f)
                }
            }
        }
        f.debug_list().entries(self.0.iter().map(|(k, v)| (k, Value(k, v)))).finish()
    }
}

#[derive(Clone)]
struct Header {
    name: Name<'static>,
    xml: Result<String, EncodeError>,
}

/// A SOAP endpoint: address, transport, envelope version, header elements, WS-Security, and
/// the production settings of its calls: retry policy (default [`RetryPolicy::default`]: only
/// HTTP GET bindings and connection failures are repeated), redirect policy (default
/// [`RedirectPolicy::None`]), per-call timeout and reply size limit ([`CallOptions`]).
///
/// Every secret value a request carries (text and attributes of secret-named elements, secret
/// form parameters, the WS-Security password, values added with
/// [`SoapClient::add_secret_value`]) is scrubbed from the errors of that call and its trace
/// events, raw or escaped (see [`crate::scrub`]).
#[derive(Clone)]
pub struct SoapClient {
    address: String,
    transport: Arc<dyn Transport>,
    version: SoapVersion,
    headers: Vec<Header>,
    service: &'static str,
    retry: RetryPolicy,
    redirects: RedirectPolicy,
    options: CallOptions,
    ws_security: Option<WsSecurity>,
    security_policy: Option<SecurityPolicy>,
    secret_names: Vec<&'static str>,
    secret_values: Secrets,
    namespace_tolerant: bool,
    /// MTOM threshold ([`SoapClient::set_mtom`]); `None`: requests are plain envelopes.
    mtom: Option<usize>,
}

impl fmt::Debug for SoapClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values usually carry credentials: only their names are shown.
        let names: Vec<String> = self.headers.iter().map(|h| h.name.to_string()).collect();
        f.debug_struct("SoapClient")
            .field("address", &crate::trace::address_for_display(&self.address))
            .field("version", &self.version)
            .field("transport", &self.transport)
            .field("headers", &names)
            .field("retry", &self.retry)
            .field("redirects", &self.redirects)
            .field("options", &self.options)
            .field("ws_security", &self.ws_security)
            .field("security_policy", &self.security_policy)
            .field("mtom", &self.mtom)
            .finish()
    }
}

impl SoapClient {
    /// A client of `address` with the default reqwest transport.
    #[cfg(feature = "reqwest")]
    pub fn new(address: impl Into<String>) -> Self {
        Self::with_transport(address, Arc::new(crate::transport::ReqwestTransport::new()))
    }

    /// A client of `address` sending through `transport`.
    pub fn with_transport(address: impl Into<String>, transport: Arc<dyn Transport>) -> Self {
        SoapClient {
            address: address.into(),
            transport,
            version: SoapVersion::V11,
            headers: Vec::new(),
            service: "",
            retry: RetryPolicy::default(),
            redirects: RedirectPolicy::None,
            options: CallOptions::default(),
            ws_security: None,
            security_policy: None,
            secret_names: Vec::new(),
            secret_values: Secrets::new(),
            namespace_tolerant: false,
            mtom: None,
        }
    }

    crate::policy_methods::policy_methods!("[`RedirectPolicy::None`]; a cross-origin redirect is never followed");

    /// Sets (or, with `None`, removes) the WS-Security header sent with every SOAP call.
    pub fn set_ws_security(&mut self, ws_security: Option<WsSecurity>) {
        self.ws_security = ws_security;
    }

    /// Sets (or, with `None`, removes) the WS-SecurityPolicy checked before every SOAP call
    /// (see [`SecurityPolicy::check`]; generated clients set their WSDL's).
    pub fn set_security_policy(&mut self, policy: Option<SecurityPolicy>) {
        self.security_policy = policy;
    }

    /// The same client with WS-Security header `ws_security`.
    pub fn with_ws_security(mut self, ws_security: WsSecurity) -> Self {
        self.ws_security = Some(ws_security);
        self
    }

    /// Marks more element / parameter names as secret for this client (normalised suffixes as
    /// in [`crate::redact::is_secret_name_with`]: lower case, no `_` / `-`), e.g. from a service
    /// manifest's `secrets = [...]`.
    pub fn add_secret_names(&mut self, names: &[&'static str]) {
        self.secret_names.extend_from_slice(names);
    }

    /// Treats `value` as a secret of every request of this client (scrubbed from errors and
    /// traces).
    pub fn add_secret_value(&mut self, value: &str) {
        self.secret_values.add(value);
    }

    /// The same client using SOAP version `version`.
    pub fn soap_version(mut self, version: SoapVersion) -> Self {
        self.version = version;
        self
    }

    /// Sets the SOAP version.
    pub fn set_soap_version(&mut self, version: SoapVersion) {
        self.version = version;
    }

    /// The SOAP version used.
    pub fn version(&self) -> SoapVersion {
        self.version
    }

    /// The endpoint address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Sets (or replaces) header element `name` to `value`. It is sent with the operations
    /// that declare it. An encoding failure is reported by the next call that sends it.
    pub fn set_header<T: Encode + ?Sized>(&mut self, name: Name<'static>, value: &T) {
        let mut w = Writer::new();
        let xml = w.element(name, value).map(|()| w.into_string());
        self.headers.retain(|h| h.name != name);
        self.headers.push(Header { name, xml });
    }

    /// A copy of this client with header `name` set to `value`.
    pub fn with_header<T: Encode + ?Sized>(&self, name: Name<'static>, value: &T) -> Self {
        let mut client = self.clone();
        client.set_header(name, value);
        client
    }

    /// Removes header element `name`.
    /// Accepts reply elements of a declared local name in another namespace than the schema's
    /// (servers whose replies do not follow their own `elementFormDefault`), in SOAP replies and
    /// in the XML replies of the ASMX HTTP GET/POST bindings; off by default, so that such a
    /// reply is a decode error saying what was skipped.
    pub fn set_namespace_tolerant(&mut self, tolerant: bool) {
        self.namespace_tolerant = tolerant;
    }

    /// Sends requests as MTOM (`None`, the default: never): a `base64Binary` value of at least
    /// `threshold` bytes ([`crate::mtom::DEFAULT_THRESHOLD`] is WCF's and CXF's default) goes as
    /// a binary part of a `multipart/related` request, written in the envelope as an
    /// `xop:Include`; shorter values stay inline, and a request without such a value is sent as
    /// a plain envelope. Set by [`SoapClient::with_mtom`], a generated builder's `mtom`, or a
    /// WSDL policy asking for MTOM. See [`crate::mtom`].
    pub fn set_mtom(&mut self, threshold: Option<usize>) {
        self.mtom = threshold;
    }

    /// The same client sending MTOM requests (see [`SoapClient::set_mtom`]).
    pub fn with_mtom(mut self, threshold: usize) -> Self {
        self.mtom = Some(threshold);
        self
    }

    /// The MTOM threshold, `None` when requests are never MTOM.
    pub fn mtom(&self) -> Option<usize> {
        self.mtom
    }

    /// `Ok` when header element `name` is set on this client, else [`Error::Invalid`] naming it:
    /// generated clients call it first for each header their service requires
    /// (`wsdl:required="true"`, or `required_headers` in its `wsbind.toml`), so nothing is sent
    /// without it.
    pub fn require_header(&self, name: Name<'_>) -> Result<(), Error> {
        if self.headers.iter().any(|h| h.name == name) {
            return Ok(());
        }
        Err(Error::Invalid(crate::error::InvalidRequest {
            field: name.local.to_owned(),
            cause: "the service requires this SOAP header and the client has none: set it on the client \
                    (`set_...` / `with_...`) or on its builder"
                .to_owned(),
        }))
    }

    pub fn remove_header(&mut self, name: Name<'_>) {
        self.headers.retain(|h| h.name != name);
    }

    /// The envelope of `req` for `op` in the client's SOAP version.
    pub fn envelope<Req: Encode + ?Sized>(&self, op: &SoapOp, req: &Req) -> Result<(String, &'static str), Error> {
        self.secured_envelope(op, req, None).map(|message| (message.xml, message.action))
    }

    /// The envelope of `req` for `op` as an MTOM request sends it (what [`SoapClient::call`]
    /// sends when MTOM is on, see [`SoapClient::set_mtom`]): `base64Binary` values of at least
    /// the client's threshold written as `xop:Include`s, their bytes as the attachments; with
    /// MTOM off, or no value that long, no attachment and the envelope [`SoapClient::envelope`]
    /// builds. Package it with [`crate::mtom::package`].
    ///
    /// WS-Security: the header is in; with an X.509 signer the envelope is signed over the
    /// message the package stands for (each `xop:Include` read as its part's base64), which is
    /// what an MTOM receiver verifies.
    pub fn mtom_envelope<Req: Encode + ?Sized>(&self, op: &SoapOp, req: &Req) -> Result<MtomEnvelope, Error> {
        self.secured_envelope(op, req, self.mtom)
    }

    /// The envelope of a call as sent: the security policy checked first, values of at least
    /// `mtom` bytes as attachments, the WS-Security header in and, with a signer, signed.
    fn secured_envelope<Req: Encode + ?Sized>(
        &self,
        op: &SoapOp,
        req: &Req,
        mtom: Option<usize>,
    ) -> Result<MtomEnvelope, Error> {
        if let Some(policy) = &self.security_policy {
            policy.check(self.ws_security.as_ref())?;
        }
        let (xml, attachments, action) = self.write_envelope(op, req, mtom)?;
        let xml = match &self.ws_security {
            // Signed over the message the package stands for (each include read as its part).
            Some(wss) => wss.secure_xop(xml, &attachments)?,
            None => xml,
        };
        Ok(MtomEnvelope { xml, attachments, action })
    }

    /// The envelope of `req` for `op`, WS-Security header in but not signed, values of at least
    /// `mtom` bytes as `xop:Include`s (`None`: all inline), and the attachments they name.
    fn write_envelope<Req: Encode + ?Sized>(
        &self,
        op: &SoapOp,
        req: &Req,
        mtom: Option<usize>,
    ) -> Result<(String, Vec<Part>, &'static str), Error> {
        let prefix = self.version.envelope_prefix();
        let action = match self.version {
            SoapVersion::V11 => op.action_v11,
            SoapVersion::V12 => op.action_v12,
        };
        let action = action
            .ok_or_else(|| Error::Unsupported(format!("operation `{}` has no {} binding", op.name, self.version)))?;
        let ns = self.version.namespace();
        let mut w = if op.encoded { Writer::encoded(true) } else { Writer::with_xsi_declared() };
        w.set_mtom(mtom);
        let enc = if op.encoded { format!(" xmlns:soapenc=\"{SOAP_ENC_NS}\"") } else { String::new() };
        w.raw_str(&format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><{prefix}:Envelope xmlns:xsi=\"{XSI_NS}\" xmlns:xsd=\"{XSD_NS}\"{enc} xmlns:{prefix}=\"{ns}\">"
        ));
        let mut headers = self.headers.iter().filter(|h| op.headers.contains(&h.name)).peekable();
        if headers.peek().is_some() || self.ws_security.is_some() {
            w.raw_str(&format!("<{prefix}:Header>"));
            if let Some(wss) = &self.ws_security {
                w.raw_str(&wss.header_xml(self.version, prefix)?);
            }
            for header in headers {
                let xml = header.xml.as_ref().map_err(|e| Error::Encode(e.clone()))?;
                w.raw_str(xml);
            }
            w.raw_str(&format!("</{prefix}:Header>"));
        }
        w.raw_str(&format!("<{prefix}:Body>"));
        if op.encoded {
            w.encoded_wrapper(op.request, req, prefix)?;
        } else {
            w.element(op.request, req)?;
        }
        w.raw_str(&format!("</{prefix}:Body></{prefix}:Envelope>"));
        let attachments = w.take_attachments();
        Ok((w.into_string(), attachments, action))
    }

    /// `envelope` (as [`SoapClient::envelope`] built it) with a new WS-Security header: a fresh
    /// nonce and `Created` for a repeated send of the same call. The header is the first
    /// `wsse:Security` element of the envelope (it goes first in `Header`).
    fn refresh_security(&self, envelope: &Bytes, attachments: &[Part]) -> Result<Bytes, Error> {
        let Some(wss) = &self.ws_security else { return Ok(envelope.clone()) };
        let text = envelope.as_ref();
        let find = |needle: &[u8], from: usize| {
            text.get(from..).and_then(|rest| rest.windows(needle.len()).position(|w| w == needle)).map(|i| i + from)
        };
        let end_tag = b"</wsse:Security>";
        let Some(start) = find(b"<wsse:Security ", 0) else { return Ok(envelope.clone()) };
        let Some(end) = find(end_tag, start) else { return Ok(envelope.clone()) };
        let header = wss.header_xml(self.version, self.version.envelope_prefix())?;
        let mut out = Vec::with_capacity(text.len() + 16);
        out.extend_from_slice(&text[..start]);
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(&text[end + end_tag.len()..]);
        let out = String::from_utf8(out).map_err(|e| Error::Encode(EncodeError::new(format!("envelope: {e}"))))?;
        Ok(Bytes::from(wss.secure_xop(out, attachments)?))
    }

    /// The secret values of a request whose body or form is `xml` / `pairs`.
    fn secrets(&self, xml: Option<&str>, pairs: &[(&str, String)]) -> Secrets {
        let mut secrets = self.secret_values.clone();
        if let Some(xml) = xml {
            secrets.collect_xml(xml, &self.secret_names);
        }
        secrets.collect_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), &self.secret_names);
        if let Some(password) = self.ws_security.as_ref().and_then(WsSecurity::password) {
            secrets.add(password);
        }
        secrets
    }

    fn exchange<'s>(
        &'s self,
        operation: &'static str,
        safe_method: bool,
        secrets: &'s Secrets,
        span: tracing::Span,
    ) -> Exchange<'s> {
        Exchange {
            transport: &*self.transport,
            operation,
            safe_method,
            retry: &self.retry,
            redirects: self.redirects,
            options: self.options,
            secrets,
            span,
            refresh: None,
        }
    }

    /// The request of a SOAP call, what its re-sends need when it is an MTOM request with a
    /// WS-Security header to refresh, and the secret values it carries (also when building
    /// failed: its error is scrubbed with them).
    fn soap_request<Req: Encode + ?Sized>(&self, op: &SoapOp, req: &Req) -> (Result<SoapRequest, Error>, Secrets) {
        let message = match self.secured_envelope(op, req, self.mtom) {
            Ok(message) => message,
            Err(e) => return (Err(e), self.secrets(None, &[])),
        };
        let secrets = self.secrets(Some(&message.xml), &[]);
        (self.http_request_of(message), secrets)
    }

    /// The HTTP request carrying `message`: a plain envelope when it has no attachment, else a
    /// `multipart/related` MTOM message ([`crate::mtom::package`]), with what its re-sends need
    /// when the WS-Security header is refreshed on each (the attachments are otherwise dropped
    /// once packaged).
    fn http_request_of(&self, message: MtomEnvelope) -> Result<SoapRequest, Error> {
        let MtomEnvelope { xml, attachments, action } = message;
        let builder = http::Request::post(self.address.as_str());
        if attachments.is_empty() {
            let builder = match self.version {
                SoapVersion::V11 => builder
                    .header(CONTENT_TYPE, "text/xml; charset=utf-8")
                    .header("SOAPAction", format!("\"{action}\"")),
                SoapVersion::V12 if action.is_empty() => {
                    builder.header(CONTENT_TYPE, "application/soap+xml; charset=utf-8")
                }
                SoapVersion::V12 => {
                    builder.header(CONTENT_TYPE, format!("application/soap+xml; charset=utf-8; action=\"{action}\""))
                }
            };
            return Ok((builder.body(Bytes::from(xml)).map_err(request_error)?, None));
        }
        let framing = Framing::choose(xml.as_bytes(), &attachments)?;
        let (content_type, body) = framing.package(self.version, action, xml.as_bytes(), &attachments)?;
        // SOAP 1.1 keeps its SOAPAction header (SOAP 1.1 Binding for MTOM 1.0); SOAP 1.2 has its
        // action in the Content-Type.
        let mut builder = builder.header(CONTENT_TYPE, content_type).header("MIME-Version", "1.0");
        if self.version == SoapVersion::V11 {
            builder = builder.header("SOAPAction", format!("\"{action}\""));
        }
        let request = builder.body(body).map_err(request_error)?;
        let resend = self.ws_security.is_some().then(|| Resend {
            framing,
            version: self.version,
            action,
            envelope: Bytes::from(xml),
            attachments,
        });
        Ok((request, resend))
    }

    /// Calls SOAP operation `op` with request element content `req`.
    ///
    /// Sent with the client's retry policy (a SOAP call is repeated only after a connection
    /// failure, unless the policy opts in), redirect policy and call options; errors and trace
    /// events never carry a secret value of the request.
    pub fn call<'s, Req: Encode + ?Sized, Resp: Decode + 's>(
        &'s self,
        op: &SoapOp,
        req: &Req,
    ) -> impl Future<Output = Result<Resp, Error>> + Send + 's {
        let (request, secrets) = self.soap_request(op, req);
        let response = op.response;
        let encoded = op.encoded;
        let tolerant = self.namespace_tolerant;
        let name = op.name;
        let binding = match self.version {
            SoapVersion::V11 => "soap11",
            SoapVersion::V12 => "soap12",
        };
        let span = crate::trace::call_span(self.service, name, binding, &self.address);
        let exchange_span = span.clone();
        async move {
            let (request, resend) = request.map_err(|e| secrets.scrub_error(e))?;
            let refresh = |body: &Bytes| match &resend {
                // MTOM: the root part refreshed (from the one first sent), packaged again with
                // the same framing and attachments.
                Some(resend) => Ok(resend.body(&self.refresh_security(&resend.envelope, &resend.attachments)?)?),
                None => self.refresh_security(body, &[]),
            };
            let mut exchange = self.exchange(name, false, &secrets, exchange_span);
            if self.ws_security.is_some() {
                exchange.refresh = Some(&refresh);
            }
            let reply = send(exchange, request).await.map_err(|e| secrets.scrub_error(e))?;
            #[cfg(feature = "x509")]
            if let Some(verifier) = self.ws_security.as_ref().and_then(WsSecurity::verifier) {
                verify_reply(&reply, verifier).map_err(|e| secrets.scrub_error(e))?;
            }
            decode_reply(reply, response, encoded, tolerant).map_err(|e| secrets.scrub_error(e))
        }
        .instrument(span)
    }

    /// Calls ASMX HTTP GET / POST operation `op` with form parameters `params`.
    ///
    /// A GET is safe to repeat: the default retry policy repeats it after a timeout, a cut
    /// reply, or a 429 / 502 / 503 / 504 reply (honouring `Retry-After`).
    pub fn call_http<'s, Resp: Decode + 's>(
        &'s self,
        op: &HttpOp,
        params: &[(&str, String)],
    ) -> impl Future<Output = Result<Resp, Error>> + Send + 's {
        let request = self.http_request(op, params);
        let secrets = self.secrets(None, params);
        let response = op.response;
        let tolerant = self.namespace_tolerant;
        let name = op.name;
        let (binding, safe) = match op.method {
            HttpMethod::Get => ("http-get", true),
            HttpMethod::Post => ("http-post", false),
        };
        let span = crate::trace::call_span(self.service, name, binding, &self.address);
        let exchange_span = span.clone();
        async move {
            let request = request.map_err(|e| secrets.scrub_error(e))?;
            let reply = send(self.exchange(name, safe, &secrets, exchange_span), request)
                .await
                .map_err(|e| secrets.scrub_error(e))?;
            let status = reply.status();
            if !status.is_success() {
                return Err(secrets.scrub_error(status_error(&reply)));
            }
            crate::xml::decode_document(reply.body(), response, tolerant)
                .map_err(|e| secrets.scrub_error(Error::Decode(e)))
        }
        .instrument(span)
    }

    fn http_request(&self, op: &HttpOp, params: &[(&str, String)]) -> Result<http::Request<Bytes>, Error> {
        let url = format!("{}{}", self.address.trim_end_matches('/'), op.location);
        let form = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        match op.method {
            HttpMethod::Get => {
                let sep = if url.contains('?') { '&' } else { '?' };
                let uri = if form.is_empty() { url } else { format!("{url}{sep}{form}") };
                http::Request::get(uri).body(Bytes::new()).map_err(request_error)
            }
            HttpMethod::Post => http::Request::post(url)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Bytes::from(form))
                .map_err(request_error),
        }
    }
}

/// Whether `wss` signs requests (an X.509 signer is set): `secure` leaves an envelope as it is
/// without a signer, and a signer refuses an empty one. (To become a `WsSecurity` method.)
/// The HTTP request of a SOAP call, and what the re-sends of an MTOM call need.
type SoapRequest = (http::Request<Bytes>, Option<Resend>);

fn request_error(e: http::Error) -> Error {
    Error::Transport(TransportError::new(TransportErrorKind::Request, format!("invalid request: {e}")))
}

/// A non-2xx reply that is no fault: [`Error::Status`], or [`Error::Api`] carrying the
/// `Retry-After` (details: the excerpt) when the reply has one, as for REST services.
fn status_error<B: AsRef<[u8]>>(reply: &http::Response<B>) -> Error {
    let retry_after = reply
        .headers()
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::retry::parse_retry_after);
    if retry_after.is_some() {
        let excerpt = body_excerpt(reply.body().as_ref());
        return Error::Api(Box::new(ApiError {
            status: reply.status().as_u16(),
            code: None,
            message: None,
            retry_after,
            details: (!excerpt.is_empty()).then_some(serde_json::Value::String(excerpt)),
            body: None,
        }));
    }
    Error::Status {
        status: reply.status().as_u16(),
        content_type: reply.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned),
        body_excerpt: body_excerpt(reply.body().as_ref()),
    }
}

/// Opens the envelope: returns its version and the first child of `Body` (`None` when empty).
fn open_body<'a>(r: &mut Reader<'a>) -> Result<(SoapVersion, Option<Start<'a>>), DecodeError> {
    let root = r.root()?;
    let version = match root.name() {
        (Some(SOAP11_NS), "Envelope") => SoapVersion::V11,
        (Some(SOAP12_NS), "Envelope") => SoapVersion::V12,
        _ => return Err(r.unexpected(&root)),
    };
    let ns = version.namespace();
    while let Some(child) = r.next_child()? {
        if child.name() == (Some(ns), "Body") {
            return Ok((version, r.next_child()?));
        }
        r.skip(&child)?;
    }
    Err(r.missing("Body"))
}

/// An rpc/encoded reply: multi-reference values (`href="#id"`) are inlined first, then the
/// reply is decoded with [`Reader::set_encoded`]. Line and column of a decode error are mapped
/// back to the reply as received (a tag written for an inlined value maps to its `href`
/// accessor), and a status error's excerpt is the body as received.
fn decode_encoded_reply<Resp: Decode, B: AsRef<[u8]>>(
    reply: &http::Response<B>,
    response: Name<'_>,
    tolerant: bool,
) -> Result<Resp, Error> {
    decode_encoded_reply_with(reply, response, tolerant, None)
}

/// [`decode_encoded_reply`] of the root part of a `multipart/related` reply, whose `attachments`
/// the reader resolves.
fn decode_encoded_reply_with<Resp: Decode, B: AsRef<[u8]>>(
    reply: &http::Response<B>,
    response: Name<'_>,
    tolerant: bool,
    attachments: Option<Attachments>,
) -> Result<Resp, Error> {
    // A UTF-16 reply (or one in an encoding its declaration names) is transcoded before its
    // references are inlined: positions are then those of the transcoded text, as for literal
    // replies.
    let original = match crate::xml::to_utf8(reply.body().as_ref()) {
        Ok(original) => original,
        Err(e) if reply.status().is_success() => return Err(Error::Decode(e)),
        Err(_) => return Err(status_error(reply)),
    };
    let original = original.as_ref();
    let (body, map) = match crate::xml::inline_with_map(original) {
        Ok((std::borrow::Cow::Owned(body), map)) => (body, map),
        Err(message) if reply.status().is_success() => {
            let kind = crate::error::DecodeErrorKind::Malformed(message);
            return Err(Error::Decode(DecodeError { path: "/".to_owned(), kind, line: 0, column: 0 }));
        }
        // Nothing to inline, or an error reply that is not well-formed: decoded as it is.
        Ok((std::borrow::Cow::Borrowed(_), _)) | Err(_) => {
            return decode_soap_reply_with(reply, response, true, tolerant, attachments);
        }
    };
    let mut inlined = http::Response::new(body.as_slice());
    *inlined.status_mut() = reply.status();
    *inlined.headers_mut() = reply.headers().clone();
    decode_soap_reply_with(&inlined, response, true, tolerant, attachments).map_err(|err| match err {
        Error::Decode(mut e) => {
            (e.line, e.column) = map.original_line_col(&body, original, e.line, e.column);
            Error::Decode(e)
        }
        Error::Status { status, content_type, .. } => {
            Error::Status { status, content_type, body_excerpt: body_excerpt(original) }
        }
        other => other,
    })
}

/// Turns a SOAP reply into `Resp`, a fault, a status error or a decode error.
fn decode_soap_reply<Resp: Decode, B: AsRef<[u8]>>(
    reply: &http::Response<B>,
    response: Name<'_>,
    encoded: bool,
    tolerant: bool,
) -> Result<Resp, Error> {
    decode_soap_reply_with(reply, response, encoded, tolerant, None)
}

/// [`decode_soap_reply`] of the root part of a `multipart/related` reply, whose `attachments`
/// the reader resolves (`xop:Include`, `swaRef`).
fn decode_soap_reply_with<Resp: Decode, B: AsRef<[u8]>>(
    reply: &http::Response<B>,
    response: Name<'_>,
    encoded: bool,
    tolerant: bool,
    attachments: Option<Attachments>,
) -> Result<Resp, Error> {
    let success = reply.status().is_success();
    // UTF-16, or an encoding the XML declaration names: transcoded first (XML 1.0 readers must
    // accept UTF-16).
    let body = match crate::xml::to_utf8(reply.body().as_ref()) {
        Ok(body) => body,
        Err(e) if success => return Err(Error::Decode(e)),
        Err(_) => return Err(status_error(reply)),
    };
    let mut r = Reader::new(&body);
    r.set_encoded(encoded);
    r.set_namespace_tolerant(tolerant);
    if let Some(attachments) = attachments {
        r.set_attachments(attachments);
    }
    let opened = open_body(&mut r);
    let (version, first) = match opened {
        Ok(v) => v,
        Err(e) if success => return Err(Error::Decode(e)),
        Err(_) => return Err(status_error(reply)),
    };
    let ns = version.namespace();
    let Some(first) = first else {
        if success {
            return Err(Error::Decode(r.missing(response.local)));
        }
        return Err(status_error(reply));
    };
    if first.name() == (Some(ns), "Fault") {
        let fault = match version {
            SoapVersion::V11 => fault11(&mut r),
            SoapVersion::V12 => fault12(&mut r),
        };
        return match fault {
            Ok(fault) => Err(Error::Fault(Box::new(fault))),
            Err(e) if success => Err(Error::Decode(e)),
            Err(_) => Err(status_error(reply)),
        };
    }
    if !success {
        return Err(status_error(reply));
    }
    if !(first.is(response) || (tolerant && first.local() == response.local)) {
        return Err(Error::Decode(r.unexpected(&first)));
    }
    let value = Resp::decode(&mut r, &first)?;
    // The rest of Body and Envelope: skipped, but must be well-formed.
    while let Some(extra) = r.next_child()? {
        r.skip(&extra)?;
    }
    while let Some(extra) = r.next_child()? {
        r.skip(&extra)?;
    }
    r.finish()?;
    Ok(value)
}

/// SOAP 1.1 `Fault`: `faultcode`, `faultstring`, `faultactor`, `detail`.
fn fault11(r: &mut Reader<'_>) -> Result<SoapFault, DecodeError> {
    let mut code: Option<String> = None;
    let mut code_qname = None;
    let mut reason: Option<String> = None;
    let mut actor: Option<String> = None;
    let mut detail: Option<RawXml> = None;
    while let Some(child) = r.next_child()? {
        match child.local() {
            "faultcode" => {
                r.read(&child, &mut code)?;
                // Resolved before the next read: `faultcode`'s own declarations are still in scope.
                code_qname = code.as_deref().and_then(|c| r.resolve_qname(c));
            }
            "faultstring" => r.read(&child, &mut reason)?,
            "faultactor" => r.read(&child, &mut actor)?,
            "detail" => r.read(&child, &mut detail)?,
            _ => r.skip(&child)?,
        }
    }
    Ok(SoapFault {
        version: SoapVersion::V11,
        code: code.map(|c| cap_text(c.trim(), MAX_ERROR_TEXT)).unwrap_or_default(),
        code_qname,
        subcodes: Vec::new(),
        reason: cap_text(&reason.unwrap_or_default(), MAX_ERROR_TEXT),
        actor: actor.map(|a| cap_text(&a, MAX_ERROR_TEXT)),
        node: None,
        detail,
    })
}

/// SOAP 1.2 `Fault`: `Code/Value` + `Subcode` chain, `Reason/Text`, `Node`, `Role`, `Detail`.
fn fault12(r: &mut Reader<'_>) -> Result<SoapFault, DecodeError> {
    let mut codes = Vec::new();
    let mut reasons: Vec<(Option<String>, String)> = Vec::new();
    let mut node: Option<String> = None;
    let mut role: Option<String> = None;
    let mut detail: Option<RawXml> = None;
    while let Some(child) = r.next_child()? {
        match child.local() {
            "Code" => code12(r, &mut codes)?,
            "Reason" => {
                while let Some(text) = r.next_child()? {
                    if text.local() == "Text" {
                        let lang = text.attr(Some(XML_NS), "lang").map(str::to_owned);
                        reasons.push((lang, r.text::<String>(&text)?));
                    } else {
                        r.skip(&text)?;
                    }
                }
            }
            "Node" => r.read(&child, &mut node)?,
            "Role" => r.read(&child, &mut role)?,
            "Detail" => r.read(&child, &mut detail)?,
            _ => r.skip(&child)?,
        }
    }
    let reason = reasons
        .iter()
        .find(|(lang, _)| lang.as_deref().is_some_and(|l| l.starts_with("en")))
        .or_else(|| reasons.first())
        .map(|(_, text)| cap_text(text, MAX_ERROR_TEXT))
        .unwrap_or_default();
    let mut codes = codes.into_iter();
    let (code, code_qname) = codes.next().unwrap_or_default();
    Ok(SoapFault {
        version: SoapVersion::V12,
        code,
        code_qname,
        subcodes: codes.map(|(code, _)| code).collect(),
        reason,
        actor: role,
        node,
        detail,
    })
}

/// Reads a `Code` or `Subcode` element's `Value` and nested `Subcode`s into `codes`.
/// A code as written and resolved (`SoapFault::code`, `SoapFault::code_qname`).
type Code = (String, Option<(Option<String>, String)>);

fn code12(r: &mut Reader<'_>, codes: &mut Vec<Code>) -> Result<(), DecodeError> {
    while let Some(child) = r.next_child()? {
        match child.local() {
            "Value" => {
                let value = r.text::<String>(&child)?.trim().to_owned();
                // Resolved before the next read: `Value`'s own declarations are still in scope.
                let qname = r.resolve_qname(&value);
                codes.push((value, qname));
            }
            "Subcode" => code12(r, codes)?,
            _ => r.skip(&child)?,
        }
    }
    Ok(())
}

/// Decodes a SOAP response envelope received outside a [`SoapClient`] call (a saved reply, a
/// message from another channel): the first `Body` child must be `response`; a SOAP fault is
/// returned as [`Error::Fault`], anything unreadable as [`Error::Decode`] with line and column.
pub fn decode_response<T: Decode>(envelope: &[u8], response: Name<'_>) -> Result<T, Error> {
    // Read in place: a saved reply is not copied (peak memory stays near the body's size).
    decode_soap_reply(&http::Response::new(envelope), response, false, false)
}

/// [`decode_response`] for the reply of operation `op`: the root must be `op.response`, and
/// rpc/encoded replies (`op.encoded`) get their `href` references resolved and array items of
/// any name, as in [`SoapClient::call`].
pub fn decode_op_response<T: Decode>(op: &SoapOp, envelope: &[u8]) -> Result<T, Error> {
    decode_reply(http::Response::new(envelope), op.response, op.encoded, false)
}

/// [`decode_op_response`] for a whole HTTP reply to operation `op` as a [`SoapClient`] call
/// receives it (status, headers, body): a non-2xx reply without fault is [`Error::Status`], and a
/// `multipart/related` reply (MTOM/XOP, SOAP with Attachments) is split into its parts, its root
/// decoded with the attachments resolved (see [`crate::mtom`]). The body is taken by value so that
/// the largest attachment becomes its field's bytes in place.
pub fn decode_op_reply<T: Decode>(op: &SoapOp, reply: http::Response<Bytes>) -> Result<T, Error> {
    decode_reply(reply, op.response, op.encoded, false)
}

/// The request of operation `op` in a request envelope, as a server reads it (the mock servers
/// of [`crate::mock`]): the first `Body` child must be `op.request`.
#[cfg(feature = "mock")]
pub(crate) fn decode_request<T: Decode>(op: &SoapOp, envelope: &[u8]) -> Result<T, Error> {
    decode_reply(http::Response::new(envelope), op.request, op.encoded, false)
}

/// The SOAP header `name` of a request envelope decoded as `H`, as a server reads it (the mock
/// servers of [`crate::mock`]); `None` when the envelope has no such header.
#[cfg(feature = "mock")]
pub(crate) fn decode_request_header<H: Decode>(envelope: &[u8], name: Name<'_>) -> Result<Option<H>, Error> {
    let body = crate::xml::to_utf8(envelope).map_err(Error::Decode)?;
    let mut r = Reader::new(&body);
    let root = r.root()?;
    let ns = match root.name() {
        (Some(SOAP11_NS), "Envelope") => SOAP11_NS,
        (Some(SOAP12_NS), "Envelope") => SOAP12_NS,
        _ => return Err(Error::Decode(r.unexpected(&root))),
    };
    while let Some(child) = r.next_child()? {
        if child.name() != (Some(ns), "Header") {
            // The Body (or anything after the Header): no header of that name.
            return Ok(None);
        }
        while let Some(header) = r.next_child()? {
            if header.is(name) {
                return Ok(Some(H::decode(&mut r, &header)?));
            }
            r.skip(&header)?;
        }
    }
    Ok(None)
}

/// Checks the WS-Security signature of a successful reply (an error reply is left to the
/// decoder: a fault or status error is an error whether signed or not). Of an MTOM reply, the
/// root part is verified with its `xop:Include`s read as the attachments they name.
#[cfg(feature = "x509")]
fn verify_reply(reply: &http::Response<Bytes>, verifier: &crate::wssec::ReplyVerifier) -> Result<(), Error> {
    use crate::wssec::SecurityError;
    if !reply.status().is_success() {
        return Ok(());
    }
    let content_type = reply.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (root, attachments) = if is_multipart_related(content_type) {
        let (root, attachments) = Multipart::parse(content_type, reply.body().clone())?.into_parts();
        (root.body, Some(attachments))
    } else {
        (reply.body().clone(), None)
    };
    let body = crate::xml::to_utf8(&root).map_err(Error::Decode)?;
    let text = std::str::from_utf8(&body)
        .map_err(|e| Error::Security(SecurityError::Malformed(format!("the reply is not UTF-8: {e}"))))?;
    match attachments {
        Some(attachments) => verifier.verify_xop(text, &attachments),
        None => verifier.verify(text),
    }
    .map_err(Error::Security)
}

/// A reply to an operation: rpc/encoded (`encoded`) or literal.
///
/// Taken by value: a `multipart/related` reply (MTOM/XOP, SOAP with Attachments) is split into its
/// parts without copying the largest one (see [`crate::mtom`]).
fn decode_reply<Resp: Decode, B: ReplyBody>(
    reply: http::Response<B>,
    response: Name<'_>,
    encoded: bool,
    tolerant: bool,
) -> Result<Resp, Error> {
    let multipart = reply.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).filter(|v| is_multipart_related(v));
    if let Some(content_type) = multipart.map(str::to_owned) {
        return decode_multipart_reply(reply, &content_type, response, encoded, tolerant);
    }
    if encoded {
        decode_encoded_reply(&reply, response, tolerant)
    } else {
        decode_soap_reply(&reply, response, false, tolerant)
    }
}

/// A reply body [`decode_reply`] can own (`Bytes` as received: no copy) or copy (a borrowed
/// saved reply).
trait ReplyBody: AsRef<[u8]> {
    /// The body as `Bytes`.
    fn into_bytes(self) -> Bytes;
}

impl ReplyBody for Bytes {
    fn into_bytes(self) -> Bytes {
        self
    }
}

impl ReplyBody for &[u8] {
    fn into_bytes(self) -> Bytes {
        Bytes::copy_from_slice(self)
    }
}

/// A `multipart/related` reply: split into its parts (see [`crate::mtom`]), then its root part
/// decoded as the envelope, the attachments handed to the reader. A non-2xx reply that cannot be
/// split is a status error, as any other reply that is not a fault.
fn decode_multipart_reply<Resp: Decode, B: ReplyBody>(
    reply: http::Response<B>,
    content_type: &str,
    response: Name<'_>,
    encoded: bool,
    tolerant: bool,
) -> Result<Resp, Error> {
    let (head, body) = reply.into_parts();
    let success = head.status.is_success();
    fn with_body<'b>(head: &http::response::Parts, body: &'b [u8]) -> http::Response<&'b [u8]> {
        let mut r = http::Response::new(body);
        *r.status_mut() = head.status;
        *r.headers_mut() = head.headers.clone();
        r
    }
    let fallback = (!success).then(|| status_error(&with_body(&head, body.as_ref())));
    let (root, attachments) = match Multipart::parse(content_type, body.into_bytes()) {
        Ok(multipart) => multipart.into_parts(),
        Err(e) => return Err(fallback.unwrap_or(Error::Decode(e))),
    };
    let root = with_body(&head, &root.body);
    if encoded {
        decode_encoded_reply_with(&root, response, tolerant, Some(attachments))
    } else {
        decode_soap_reply_with(&root, response, false, tolerant, Some(attachments))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::transport::TransportFuture;
    use crate::xml::compare::assert_same_xml;

    const NS: &str = "urn:svc";
    const OP: SoapOp = SoapOp {
        name: "Op",
        action_v11: Some("urn:svc/Op"),
        action_v12: Some("urn:svc/Op"),
        request: Name::qualified(NS, "Op"),
        response: Name::qualified(NS, "OpResponse"),
        headers: &[Name::qualified(NS, "Auth")],
        encoded: false,
    };

    #[derive(Debug)]
    struct Canned {
        status: u16,
        body: String,
        seen: Mutex<Vec<http::Request<Bytes>>>,
    }

    impl Transport for Canned {
        fn send(&self, req: http::Request<Bytes>) -> TransportFuture<'_> {
            if let Ok(mut seen) = self.seen.lock() {
                seen.push(req);
            }
            let reply = http::Response::builder()
                .status(self.status)
                .header(CONTENT_TYPE, "text/xml; charset=utf-8")
                .body(Bytes::from(self.body.clone()))
                .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()));
            Box::pin(async move { reply })
        }
    }

    fn client(status: u16, body: &str) -> (SoapClient, Arc<Canned>) {
        let t = Arc::new(Canned { status, body: body.into(), seen: Mutex::new(Vec::new()) });
        (SoapClient::with_transport("http://h/svc.asmx", t.clone()), t)
    }

    struct Auth {
        user: String,
        password: String,
    }

    impl Encode for Auth {
        fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
            w.field(Name::qualified(NS, "UserName"), &self.user)?;
            w.field(Name::qualified(NS, "Password"), &self.password)
        }
    }

    struct Req {
        id: i32,
    }

    impl Encode for Req {
        fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
            w.field(Name::qualified(NS, "Id"), &self.id)
        }
    }

    #[derive(Debug, PartialEq)]
    struct Resp {
        result: Option<String>,
    }

    impl Decode for Resp {
        fn decode(r: &mut Reader<'_>, _start: &Start) -> Result<Self, DecodeError> {
            let mut result = None;
            while let Some(c) = r.next_child()? {
                match c.name() {
                    (Some(NS), "Result") => r.read(&c, &mut result)?,
                    _ => r.skip(&c)?,
                }
            }
            Ok(Resp { result })
        }
    }

    fn envelope11(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP11_NS}"><soap:Body>{body}</soap:Body></soap:Envelope>"#
        )
    }

    fn sent(t: &Canned) -> http::Request<Bytes> {
        let mut seen = t.seen.lock().unwrap();
        seen.pop().unwrap()
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn form_params_hide_secret_values_in_debug() {
        let params = FormParams(vec![("sessionID", "s3cret-id".to_owned()), ("PartnerId", "3".to_owned())]);
        let shown = format!("{params:?}");
        assert_eq!(shown, r#"[("sessionID", "<redacted>"), ("PartnerId", "3")]"#);
        let slice: &[(&str, String)] = &params;
        assert_eq!(slice.len(), 2);
    }

    #[test]
    fn futures_are_send_and_errors_are_sync() {
        fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
        assert_error::<Error>();
        let (c, _) = client(200, "");
        let fut = c.call::<_, Resp>(&OP, &Req { id: 1 });
        assert_send(&fut);
        let get = HttpOp { name: "Op", method: HttpMethod::Get, location: "/Op", response: OP.response };
        assert_send(&c.call_http::<Resp>(&get, &[]));
    }

    #[tokio::test]
    async fn soap11_request_and_reply() {
        let (mut c, t) = client(200, &envelope11(r#"<OpResponse xmlns="urn:svc"><Result>ok</Result></OpResponse>"#));
        c.set_header(Name::qualified(NS, "Auth"), &Auth { user: "u".into(), password: "p".into() });
        c.set_header(Name::qualified(NS, "Other"), &1i32);
        let resp: Resp = c.call(&OP, &Req { id: 5 }).await.unwrap();
        assert_eq!(resp.result.as_deref(), Some("ok"));
        let req = sent(&t);
        assert_eq!(req.method(), http::Method::POST);
        assert_eq!(req.uri(), "http://h/svc.asmx");
        assert_eq!(req.headers()["content-type"], "text/xml; charset=utf-8");
        assert_eq!(req.headers()["soapaction"], "\"urn:svc/Op\"");
        assert_same_xml(
            r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>
                 <Auth xmlns="urn:svc"><UserName>u</UserName><Password>p</Password></Auth></soap:Header>
                 <soap:Body><Op xmlns="urn:svc"><Id>5</Id></Op></soap:Body></soap:Envelope>"#,
            std::str::from_utf8(req.body()).unwrap(),
        );
        let debug = format!("{c:?}");
        assert!(debug.contains("Auth") && !debug.contains("<Password>"), "{debug}");
    }

    #[tokio::test]
    async fn soap12_request() {
        let body = format!(
            r#"<e:Envelope xmlns:e="{SOAP12_NS}"><e:Header/><e:Body><OpResponse xmlns="urn:svc"/></e:Body></e:Envelope>"#
        );
        let (c, t) = client(200, &body);
        let c = c.soap_version(SoapVersion::V12);
        let resp: Resp = c.call(&OP, &Req { id: 1 }).await.unwrap();
        assert_eq!(resp, Resp { result: None });
        let req = sent(&t);
        assert_eq!(req.headers()["content-type"], "application/soap+xml; charset=utf-8; action=\"urn:svc/Op\"");
        assert!(req.headers().get("soapaction").is_none());
        assert_same_xml(
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Op xmlns="urn:svc"><Id>1</Id></Op></s:Body></s:Envelope>"#,
            std::str::from_utf8(req.body()).unwrap(),
        );
    }

    #[tokio::test]
    async fn unsupported_version_sends_nothing() {
        let (c, t) = client(200, "");
        let op = SoapOp { action_v12: None, ..OP };
        let err = c.clone().soap_version(SoapVersion::V12).call::<_, Resp>(&op, &Req { id: 1 }).await.unwrap_err();
        assert!(matches!(&err, Error::Unsupported(m) if m.contains("SOAP 1.2")), "{err}");
        assert!(t.seen.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn fault11() {
        let body = envelope11(
            r#"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request.</faultstring>
               <faultactor>urn:a</faultactor><detail><e:Info xmlns:e="urn:e">x</e:Info></detail></soap:Fault>"#,
        );
        let (c, _) = client(500, &body);
        let err = c.call::<_, Resp>(&OP, &Req { id: 1 }).await.unwrap_err();
        let Error::Fault(f) = &err else { panic!("{err:?}") };
        assert_eq!(f.version, SoapVersion::V11);
        assert_eq!(f.code, "soap:Server");
        assert_eq!(f.reason, "Server was unable to process request.");
        assert_eq!(f.actor.as_deref(), Some("urn:a"));
        let detail = f.detail.as_ref().unwrap();
        assert_same_xml(r#"<detail><Info xmlns="urn:e">x</Info></detail>"#, detail.as_str());
        assert_eq!(err.to_string(), "SOAP fault soap:Server: Server was unable to process request.");
    }

    #[tokio::test]
    async fn fault12() {
        let body = format!(
            r#"<env:Envelope xmlns:env="{SOAP12_NS}" xmlns:x="urn:x"><env:Body><env:Fault>
                 <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>x:Bad</env:Value>
                   <env:Subcode><env:Value>x:Worse</env:Value></env:Subcode></env:Subcode></env:Code>
                 <env:Reason><env:Text xml:lang="de">Schlecht</env:Text><env:Text xml:lang="en-US">Bad input</env:Text></env:Reason>
                 <env:Node>urn:n</env:Node><env:Role>urn:r</env:Role><env:Detail><x:D>1</x:D></env:Detail>
               </env:Fault></env:Body></env:Envelope>"#
        );
        let (c, _) = client(200, &body);
        let err = c.call::<_, Resp>(&OP, &Req { id: 1 }).await.unwrap_err();
        let Error::Fault(f) = &err else { panic!("{err:?}") };
        assert_eq!(f.version, SoapVersion::V12);
        assert_eq!(f.code, "env:Sender");
        assert_eq!(f.subcodes, vec!["x:Bad".to_owned(), "x:Worse".to_owned()]);
        assert_eq!(f.reason, "Bad input");
        assert_eq!(f.node.as_deref(), Some("urn:n"));
        assert_eq!(f.actor.as_deref(), Some("urn:r"));
        assert_eq!(f.detail.as_ref().map(RawXml::inner), Some("<x:D>1</x:D>"));
    }

    #[tokio::test]
    async fn status_without_fault() {
        let (c, _) = client(500, "<html><body>oops <sessionID>abc</sessionID></body></html>");
        let err = c.call::<_, Resp>(&OP, &Req { id: 1 }).await.unwrap_err();
        let Error::Status { status, content_type, body_excerpt } = &err else { panic!("{err:?}") };
        assert_eq!(*status, 500);
        assert_eq!(content_type.as_deref(), Some("text/xml; charset=utf-8"));
        assert!(body_excerpt.contains("oops") && !body_excerpt.contains("abc"), "{body_excerpt}");
    }

    #[tokio::test]
    async fn wrong_or_missing_reply_element() {
        let (c, _) = client(200, &envelope11(r#"<Other xmlns="urn:svc"/>"#));
        let err = c.call::<_, Resp>(&OP, &Req { id: 1 }).await.unwrap_err();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.kind, DecodeErrorKind::Unexpected { element: "{urn:svc}Other".into() });
        assert_eq!(d.path, "/Envelope/Body/Other");
        let (c, _) = client(200, &envelope11(""));
        let err = c.call::<_, Resp>(&OP, &Req { id: 1 }).await.unwrap_err();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.path, "/Envelope/Body/OpResponse");
        let (c, _) = client(200, "<notxml");
        assert!(matches!(c.call::<_, Resp>(&OP, &Req { id: 1 }).await, Err(Error::Decode(_))));
    }

    #[tokio::test]
    async fn http_get_and_post() {
        let reply =
            r#"<?xml version="1.0" encoding="utf-8"?><OpResponse xmlns="urn:svc"><Result>r</Result></OpResponse>"#;
        let (c, t) = client(200, reply);
        let get = HttpOp {
            name: "Op",
            method: HttpMethod::Get,
            location: "/Op",
            response: Name::qualified(NS, "OpResponse"),
        };
        let params = vec![("sessionID", "a b&c".to_owned()), ("PartnerId", "3".to_owned())];
        let resp: Resp = c.call_http(&get, &params).await.unwrap();
        assert_eq!(resp.result.as_deref(), Some("r"));
        let req = sent(&t);
        assert_eq!(req.method(), http::Method::GET);
        assert_eq!(req.uri(), "http://h/svc.asmx/Op?sessionID=a+b%26c&PartnerId=3");
        let post = HttpOp { method: HttpMethod::Post, ..get };
        let _: Resp = c.call_http(&post, &params).await.unwrap();
        let req = sent(&t);
        assert_eq!(req.method(), http::Method::POST);
        assert_eq!(req.uri(), "http://h/svc.asmx/Op");
        assert_eq!(req.headers()["content-type"], "application/x-www-form-urlencoded");
        assert_eq!(req.body().as_ref(), b"sessionID=a+b%26c&PartnerId=3");
        let (c, _) = client(500, "System.ArgumentException: Missing parameter: refreshToken.");
        let err = c.call_http::<Resp>(&post, &params).await.unwrap_err();
        assert!(matches!(err, Error::Status { status: 500, .. }), "{err:?}");
    }

    #[test]
    fn decode_errors_in_inlined_values_name_the_reply_as_received() {
        struct Count {
            n: Option<i32>,
        }
        impl Decode for Count {
            fn decode(r: &mut Reader<'_>, _start: &Start) -> Result<Self, DecodeError> {
                let mut n = None;
                while let Some(c) = r.next_child()? {
                    match c.name() {
                        (_, "n") => r.read(&c, &mut n)?,
                        _ => r.skip(&c)?,
                    }
                }
                Ok(Count { n })
            }
        }
        struct Outer {
            result: Option<Count>,
        }
        impl Decode for Outer {
            fn decode(r: &mut Reader<'_>, _start: &Start) -> Result<Self, DecodeError> {
                let mut result = None;
                while let Some(c) = r.next_child()? {
                    match c.name() {
                        (_, "Result") => r.read(&c, &mut result)?,
                        _ => r.skip(&c)?,
                    }
                }
                Ok(Outer { result })
            }
        }
        let op = SoapOp { encoded: true, ..OP };
        let reply = |n: &str| {
            format!(
                "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\">\n<soap:Body>\n\
                 <ns:OpResponse xmlns:ns=\"urn:svc\"><Result href=\"#id0\"/></ns:OpResponse>\n\
                 <multiRef id=\"id0\">\n    <n>{n}</n>\n</multiRef>\n</soap:Body></soap:Envelope>"
            )
        };
        let ok: Outer = decode_op_response(&op, reply("7").as_bytes()).unwrap();
        assert_eq!(ok.result.and_then(|c| c.n), Some(7));
        let err = decode_op_response::<Outer>(&op, reply("x").as_bytes()).err().unwrap();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert!(matches!(d.kind, DecodeErrorKind::Invalid { .. }), "{d}");
        assert_eq!(d.path, "/Envelope/Body/OpResponse/Result/n");
        // `<n>` is on line 5, column 5 of the reply as sent (line 3 of the rewritten one).
        assert_eq!((d.line, d.column), (5, 5), "{d}");
        // Behind a UTF-8 byte order mark: the same value, the same position.
        let with_bom = |n: &str| format!("\u{feff}{}", reply(n));
        let ok: Outer = decode_op_response(&op, with_bom("7").as_bytes()).unwrap();
        assert_eq!(ok.result.and_then(|c| c.n), Some(7));
        let err = decode_op_response::<Outer>(&op, with_bom("x").as_bytes()).err().unwrap();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!((d.path.as_str(), d.line, d.column), ("/Envelope/Body/OpResponse/Result/n", 5, 5), "{d}");
        // In UTF-16LE with a byte order mark (.NET): transcoded before the references are inlined.
        let utf16 = |n: &str| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(reply(n).encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        };
        let ok: Outer = decode_op_response(&op, &utf16("7")).unwrap();
        assert_eq!(ok.result.and_then(|c| c.n), Some(7));
        let err = decode_op_response::<Outer>(&op, &utf16("x")).err().unwrap();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!((d.path.as_str(), d.line, d.column), ("/Envelope/Body/OpResponse/Result/n", 5, 5), "{d}");
    }

    #[test]
    fn a_fault_nested_without_bound_is_a_decode_error_not_a_stack_overflow() {
        let deep = 5_000;
        let reply = format!(
            "<e:Envelope xmlns:e=\"{SOAP12_NS}\"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value>{}{}\
             </e:Code><e:Reason><e:Text xml:lang=\"en\">deep</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>",
            "<e:Subcode>".repeat(deep),
            "</e:Subcode>".repeat(deep),
        );
        let err = decode_response::<String>(reply.as_bytes(), Name::unqualified("R")).unwrap_err();
        let Error::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(
            d.kind,
            DecodeErrorKind::Malformed(format!("elements nested deeper than {}", crate::xml::MAX_NESTING))
        );
        assert_eq!(d.line, 1, "{d}");
    }
}
