//! In-process mock servers for the tests of code that calls a service through generated bindings
//! (feature `mock`). A generated module's `mock` submodule holds a `Service` trait (one async
//! method per operation, taking the decoded typed request and returning the typed reply or a
//! [`Fault`]) and a `serve` function; this module owns what those share: the HTTP server
//! ([`MockServer`]: hyper on 127.0.0.1 with an OS-chosen port, stopped when dropped), the log of
//! the requests it received ([`Recorded`], secrets blanked in `Debug`), the SOAP side of a call
//! ([`SoapCall`]): routing by `SOAPAction` (SOAP 1.1) or the `action` parameter (SOAP 1.2), else
//! by the first `Body` child, decoding the request with the generated decoder, and writing the
//! reply or the fault envelope in the version the request came in; and the REST side
//! ([`RestCall`]): routing by method and path template, the parameters and body the generated
//! decoder of each operation reads, and JSON replies or [`HttpError`]s.
//!
//! [`MockServer::inject`] makes the next requests misbehave ([`Injection`]: a delay, a status, a
//! fault, an oversize reply, a closed connection) for testing the caller's retries, timeouts and
//! limits; every request is recorded on arrival, whatever happens to it.
//!
//! Strictness is the real service's: a request whose action names no operation, whose body is
//! not the operation's element, or that does not decode (a missing required element, a value of
//! the wrong type) is answered with a `Client` (1.2: `Sender`) fault and status 500, as ASMX and
//! WCF services answer, before any handler runs.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use crate::envelope::SoapVersion;
use crate::error::Error;
use crate::redact::is_secret_name;
use crate::soap::SoapOp;
use crate::xml::{Decode, Encode, Writer};

/// Who a [`Fault`] blames: SOAP 1.1 `Client` / `Server`, SOAP 1.2 `Sender` / `Receiver`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// The request was wrong (`soap:Client`, `soap12:Sender`).
    Client,
    /// The service failed (`soap:Server`, `soap12:Receiver`).
    Server,
}

/// A SOAP fault a mock answers with (status 500).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Who is to blame.
    pub code: FaultCode,
    /// `faultstring` (1.1) or `Reason/Text` (1.2).
    pub reason: String,
    /// The `detail` (1.2: `Detail`) content, as XML written as it is.
    pub detail: Option<String>,
}

impl Fault {
    /// A fault blaming the request.
    pub fn client(reason: impl Into<String>) -> Self {
        Fault { code: FaultCode::Client, reason: reason.into(), detail: None }
    }

    /// A fault blaming the service.
    pub fn server(reason: impl Into<String>) -> Self {
        Fault { code: FaultCode::Server, reason: reason.into(), detail: None }
    }

    /// The same fault with `detail` content (XML, written as it is).
    pub fn with_detail(mut self, xml: impl Into<String>) -> Self {
        self.detail = Some(xml.into());
        self
    }

    /// The fault of an operation the mock's `Service` implementation does not handle.
    pub fn not_implemented(operation: &str) -> Self {
        Fault::server(format!("the mock does not implement operation `{operation}`"))
    }

    /// The fault envelope in `version`.
    fn envelope(&self, version: SoapVersion) -> String {
        let ns = version.namespace();
        let reason = escape(self.reason.as_str());
        let detail = self.detail.as_deref().unwrap_or_default();
        match version {
            SoapVersion::V11 => {
                let code = match self.code {
                    FaultCode::Client => "soap:Client",
                    FaultCode::Server => "soap:Server",
                };
                let detail = if self.detail.is_some() { format!("<detail>{detail}</detail>") } else { String::new() };
                format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{ns}\"><soap:Body>\
                     <soap:Fault><faultcode>{code}</faultcode><faultstring>{reason}</faultstring>{detail}</soap:Fault>\
                     </soap:Body></soap:Envelope>"
                )
            }
            SoapVersion::V12 => {
                let code = match self.code {
                    FaultCode::Client => "soap12:Sender",
                    FaultCode::Server => "soap12:Receiver",
                };
                let detail = if self.detail.is_some() {
                    format!("<soap12:Detail>{detail}</soap12:Detail>")
                } else {
                    String::new()
                };
                format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap12:Envelope xmlns:soap12=\"{ns}\"><soap12:Body>\
                     <soap12:Fault><soap12:Code><soap12:Value>{code}</soap12:Value></soap12:Code>\
                     <soap12:Reason><soap12:Text xml:lang=\"en\">{reason}</soap12:Text></soap12:Reason>{detail}\
                     </soap12:Fault></soap12:Body></soap12:Envelope>"
                )
            }
        }
    }
}

/// One request a mock received, in order.
#[derive(Clone)]
pub struct Recorded {
    /// The operation it was routed to; `None` when it named none.
    pub operation: Option<&'static str>,
    /// `POST`, `GET`, ...
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
}

impl Recorded {
    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Secret header values (`Authorization`, `Cookie`, and names the [`crate::redact`] rule calls
/// secret) are blanked; the body shows as its length (it may carry credentials in a SOAP header).
impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    let secret = matches!(name.as_str(), "authorization" | "cookie" | "proxy-authorization")
                        || is_secret_name(name);
                    if secret {
                        map.entry(name, &"<redacted>");
                    } else {
                        map.entry(name, value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("Recorded")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("target", &self.target)
            .field("headers", &Headers(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A reply a mock sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockReply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: String,
    /// The body.
    pub body: Bytes,
}

impl MockReply {
    fn soap(status: u16, version: SoapVersion, body: String) -> Self {
        let content_type = match version {
            SoapVersion::V11 => "text/xml; charset=utf-8",
            SoapVersion::V12 => "application/soap+xml; charset=utf-8",
        };
        MockReply { status, content_type: content_type.to_owned(), body: Bytes::from(body) }
    }

    fn fault(version: SoapVersion, fault: &Fault) -> Self {
        MockReply::soap(500, version, fault.envelope(version))
    }
}

/// A SOAP request routed to one of the mock's operations, not decoded yet.
pub struct SoapCall {
    index: usize,
    op: SoapOp,
    version: SoapVersion,
    body: Bytes,
    /// SOAP headers the operation requires ([`SoapCall::requiring`]).
    required_headers: &'static [crate::xml::Name<'static>],
}

impl SoapCall {
    /// The index of the operation in the table the mock was started with.
    pub fn operation(&self) -> usize {
        self.index
    }

    /// The same call, refused with a `Client` fault unless its envelope carries each SOAP header
    /// of `headers` (those the service requires; the handler then does not run).
    pub fn requiring(mut self, headers: &'static [crate::xml::Name<'static>]) -> Self {
        self.required_headers = headers;
        self
    }

    /// Decodes the request with `Req`'s generated decoder, runs `handler` on it and writes its
    /// reply (or fault) in the request's SOAP version. A request that does not decode gets a
    /// `Client` fault naming the cause, and the handler does not run.
    pub async fn reply<Req, Resp, Fut>(self, handler: impl FnOnce(Req) -> Fut) -> MockReply
    where
        Req: Decode,
        Resp: Encode,
        Fut: Future<Output = Result<Resp, Fault>>,
    {
        match self.decode::<Req>() {
            Ok(request) => self.respond(handler(request).await),
            Err(refused) => refused,
        }
    }

    /// [`SoapCall::reply`] for a request type with documented limits: a request that decodes but
    /// breaks one (a length, a range, a pattern) gets a `Client` fault naming the field and the
    /// cause, as a validating service answers, and the handler does not run.
    pub async fn reply_checked<Req, Resp, Fut>(self, handler: impl FnOnce(Req) -> Fut) -> MockReply
    where
        Req: Decode + crate::rest::Validate,
        Resp: Encode,
        Fut: Future<Output = Result<Resp, Fault>>,
    {
        let request = match self.decode::<Req>() {
            Ok(request) => request,
            Err(refused) => return refused,
        };
        match request.validate() {
            Ok(()) => self.respond(handler(request).await),
            Err(Error::Invalid(e)) => {
                MockReply::fault(self.version, &Fault::client(format!("invalid request: `{}` {}", e.field, e.cause)))
            }
            Err(other) => MockReply::fault(self.version, &Fault::client(format!("invalid request: {other}"))),
        }
    }

    /// The request, or the fault that refuses it when it lacks a required header or does not
    /// decode.
    fn decode<Req: Decode>(&self) -> Result<Req, MockReply> {
        if !self.required_headers.is_empty() {
            let present = header_children(&self.body);
            for name in self.required_headers {
                let found = present.iter().any(|(ns, local)| local == name.local && ns.as_deref() == name.ns);
                if !found {
                    let fault = Fault::client(format!("missing required SOAP header `{}`", name.local));
                    return Err(MockReply::fault(self.version, &fault));
                }
            }
        }
        crate::soap::decode_request::<Req>(&self.op, &self.body).map_err(|e| {
            let cause = match &e {
                Error::Decode(d) => d.to_string(),
                other => other.chain().to_string(),
            };
            MockReply::fault(self.version, &Fault::client(format!("Server was unable to read request: {cause}")))
        })
    }

    /// The envelope of a handler's reply or fault.
    fn respond<Resp: Encode>(&self, result: Result<Resp, Fault>) -> MockReply {
        match result {
            Ok(reply) => match reply_envelope(&self.op, self.version, &reply) {
                Ok(envelope) => MockReply::soap(200, self.version, envelope),
                Err(e) => MockReply::fault(self.version, &Fault::server(format!("the reply does not encode: {e}"))),
            },
            Err(fault) => MockReply::fault(self.version, &fault),
        }
    }

    /// The reply to an operation index the generated dispatch does not know (never happens with
    /// a generated table).
    pub fn unknown(self) -> MockReply {
        MockReply::fault(self.version, &Fault::client(format!("no operation number {}", self.index)))
    }
}

/// The reply envelope of `op` holding `reply`.
fn reply_envelope<Resp: Encode>(op: &SoapOp, version: SoapVersion, reply: &Resp) -> Result<String, Error> {
    let prefix = version.envelope_prefix();
    let ns = version.namespace();
    let mut w = if op.encoded { Writer::encoded(true) } else { Writer::with_xsi_declared() };
    w.raw_str(&format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><{prefix}:Envelope xmlns:xsi=\"{}\" xmlns:xsd=\"{}\" \
         xmlns:{prefix}=\"{ns}\"><{prefix}:Body>",
        crate::xml::XSI_NS,
        crate::xml::XSD_NS,
    ));
    if op.encoded {
        w.encoded_wrapper(op.response, reply, prefix)?;
    } else {
        w.element(op.response, reply)?;
    }
    w.raw_str(&format!("</{prefix}:Body></{prefix}:Envelope>"));
    Ok(w.into_string())
}

/// An error reply a REST mock's handler answers with: a status and a JSON body (the shape the
/// service declares for that status, or any other).
#[derive(Clone, Debug, PartialEq)]
pub struct HttpError {
    /// The HTTP status (4xx or 5xx).
    pub status: u16,
    /// The JSON body.
    pub body: serde_json::Value,
}

impl HttpError {
    /// An error reply with `status` and `body`.
    pub fn new(status: u16, body: serde_json::Value) -> Self {
        HttpError { status, body }
    }

    /// The reply of an operation the mock's `Service` implementation does not handle (501).
    pub fn not_implemented(operation: &str) -> Self {
        let message = format!("the mock does not implement operation `{operation}`");
        HttpError::new(501, serde_json::json!({ "message": message }))
    }

    fn reply(&self) -> MockReply {
        MockReply {
            status: self.status,
            content_type: "application/json".to_owned(),
            body: Bytes::from(self.body.to_string()),
        }
    }
}

/// Where a REST parameter is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamAt {
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A `{name}` segment of the path.
    Path,
    /// The `Cookie` header.
    Cookie,
}

/// A REST request routed to one of the mock's operations (by method and path template), not
/// decoded yet: the generated decoder of the operation's request reads its parameters and body
/// with the methods here, each refusing a missing or malformed value with 400 and a JSON
/// `message` naming the parameter, as a validating service answers.
pub struct RestCall {
    index: usize,
    op: crate::rest::RestOp,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    request: Recorded,
}

impl RestCall {
    /// The index of the operation in the table the mock was started with.
    pub fn operation(&self) -> usize {
        self.index
    }

    fn values(&self, at: ParamAt, name: &str) -> Vec<&str> {
        let pairs: Box<dyn Iterator<Item = &(String, String)>> = match at {
            ParamAt::Query => Box::new(self.query.iter()),
            ParamAt::Path => Box::new(self.path.iter()),
            ParamAt::Cookie => Box::new(self.cookies.iter()),
            ParamAt::Header => Box::new(self.request.headers.iter()),
        };
        let header = at == ParamAt::Header;
        pairs
            .filter(|(k, _)| if header { k.eq_ignore_ascii_case(name) } else { k == name })
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A required parameter, read as its lexical form.
    pub fn required<T: crate::xml::Text>(&self, at: ParamAt, name: &str) -> Result<T, Error> {
        self.optional(at, name)?.ok_or_else(|| invalid(name, "is required"))
    }

    /// An optional parameter, read as its lexical form.
    pub fn optional<T: crate::xml::Text>(&self, at: ParamAt, name: &str) -> Result<Option<T>, Error> {
        match self.values(at, name).first() {
            None => Ok(None),
            Some(text) => T::from_text(text).map(Some).map_err(|cause| invalid(name, &cause)),
        }
    }

    /// An array parameter: each occurrence (`separator` `None`, OpenAPI's exploded form), or one
    /// value joined by `separator`.
    pub fn list<T: crate::xml::Text>(&self, at: ParamAt, name: &str, separator: Option<&str>) -> Result<Vec<T>, Error> {
        let values = self.values(at, name);
        let items: Vec<&str> = match separator {
            None => values,
            Some(sep) => values.iter().flat_map(|v| v.split(sep)).filter(|v| !v.is_empty()).collect(),
        };
        items.into_iter().map(|text| T::from_text(text).map_err(|cause| invalid(name, &cause))).collect()
    }

    /// A required parameter sent as its JSON text.
    pub fn required_json<T: serde::de::DeserializeOwned>(&self, at: ParamAt, name: &str) -> Result<T, Error> {
        self.json(at, name)?.ok_or_else(|| invalid(name, "is required"))
    }

    /// The reply to an operation whose reply the mock cannot write yet (text, bytes, XML only),
    /// or whose parameters it cannot read (arrays of JSON values): 501.
    pub fn unsupported(self) -> MockReply {
        let message = format!("the mock cannot serve operation `{}` yet", self.op.name);
        HttpError::new(501, serde_json::json!({ "message": message })).reply()
    }

    /// A parameter sent as its JSON text (objects, maps, raw JSON values).
    pub fn json<T: serde::de::DeserializeOwned>(&self, at: ParamAt, name: &str) -> Result<Option<T>, Error> {
        match self.values(at, name).first() {
            None => Ok(None),
            Some(text) => serde_json::from_str(text).map(Some).map_err(|e| invalid(name, &e.to_string())),
        }
    }

    /// The request body: JSON decoded into `T`; a text body as a string, a binary one as
    /// `Binary` (through their serde forms); form and multipart bodies are not read yet.
    pub fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        use crate::rest::BodyEncoding;
        let body = &self.request.body;
        match self.op.body {
            BodyEncoding::Text(_) => {
                let text = String::from_utf8(body.to_vec()).map_err(|e| invalid("body", &e.to_string()))?;
                serde_json::from_value(serde_json::Value::String(text)).map_err(|e| invalid("body", &e.to_string()))
            }
            BodyEncoding::Binary(_) => {
                let base64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, body);
                serde_json::from_value(serde_json::Value::String(base64)).map_err(|e| invalid("body", &e.to_string()))
            }
            BodyEncoding::Json => {
                let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { body };
                serde_json::from_slice(text).map_err(|e| invalid("body", &e.to_string()))
            }
            _ => Err(invalid("body", "the mock does not read form or multipart bodies yet")),
        }
    }

    /// Runs `handler` on the request `decode` read (a 400 refusal when it could not) and writes
    /// its reply as JSON, or its error reply.
    pub async fn reply_json<Req, Resp, Fut>(
        self,
        decode: impl FnOnce(&RestCall) -> Result<Req, Error>,
        handler: impl FnOnce(Req) -> Fut,
    ) -> MockReply
    where
        Resp: serde::Serialize,
        Fut: Future<Output = Result<Resp, HttpError>>,
    {
        let request = match decode(&self) {
            Ok(request) => request,
            Err(e) => return refusal(&e),
        };
        match handler(request).await {
            Ok(reply) => match serde_json::to_vec(&reply) {
                Ok(body) => {
                    MockReply { status: 200, content_type: "application/json".to_owned(), body: Bytes::from(body) }
                }
                Err(e) => HttpError::new(500, serde_json::json!({ "message": e.to_string() })).reply(),
            },
            Err(error) => error.reply(),
        }
    }
}

/// A 400 reply naming why a request was refused.
fn refusal(e: &Error) -> MockReply {
    let message = match e {
        Error::Invalid(i) => format!("invalid request: `{}` {}", i.field, i.cause),
        other => format!("invalid request: {other}"),
    };
    HttpError::new(400, serde_json::json!({ "message": message })).reply()
}

fn invalid(field: &str, cause: &str) -> Error {
    Error::Invalid(crate::error::InvalidRequest { field: field.to_owned(), cause: cause.to_owned() })
}

/// The operation of `ops` a REST request is for (method and path template), with its path
/// parameters; a 404 or 405 reply when none matches.
fn route_rest(ops: &'static [crate::rest::RestOp], request: Recorded) -> Result<RestCall, MockReply> {
    let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
    let path = path.to_owned();
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mut path_matched = false;
    for (index, op) in ops.iter().enumerate() {
        let Some(params) = match_template(op.path, &path) else { continue };
        path_matched = true;
        if op.method.to_http().as_str() != request.method {
            continue;
        }
        let cookies = request
            .header("cookie")
            .map(|c| {
                c.split(';')
                    .filter_map(|p| p.split_once('='))
                    .map(|(k, v)| {
                        let v = percent_encoding::percent_decode_str(v.trim()).decode_utf8_lossy().into_owned();
                        (k.trim().to_owned(), v)
                    })
                    .collect()
            })
            .unwrap_or_default();
        return Ok(RestCall { index, op: *op, path: params, query, cookies, request });
    }
    let (status, message) = if path_matched {
        (405, format!("{} is not allowed on {path}", request.method))
    } else {
        (404, format!("no operation of this service is at {path}"))
    };
    Err(HttpError::new(status, serde_json::json!({ "message": message })).reply())
}

/// The path parameters of `path` when it matches `template` (`/items/{id}`), percent-decoded.
fn match_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        match t.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
            Some(name) => {
                let value = percent_encoding::percent_decode_str(p).decode_utf8_lossy().into_owned();
                params.push((name.to_owned(), value));
            }
            None if t == p => {}
            None => return None,
        }
    }
    Some(params)
}

/// A misbehaviour a mock shows in place of (or before) its normal answer, for testing the
/// caller's retries, timeouts and limits ([`MockServer::inject`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Injection {
    /// Waits this long, then answers normally (the handler runs).
    Delay(std::time::Duration),
    /// Answers with this HTTP status and an empty body; the handler does not run.
    Status(u16),
    /// Answers with this fault (status 500) in the request's SOAP version; the handler does not
    /// run.
    Fault(Fault),
    /// Answers normally with this many bytes of whitespace before the envelope (still a valid
    /// envelope: the caller's reply size limit is what it tests).
    Oversize(usize),
    /// Closes the connection without an answer.
    Close,
}

/// Injections waiting for the next requests, in order.
type Injections = Mutex<std::collections::VecDeque<Injection>>;

/// What a mock does with one request.
type Dispatch =
    dyn Fn(Recorded) -> Pin<Box<dyn Future<Output = (Option<&'static str>, MockReply)> + Send>> + Send + Sync;

/// A mock server on 127.0.0.1 with an OS-chosen port; it stops when dropped.
pub struct MockServer {
    address: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    injections: Arc<Injections>,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("address", &self.address).finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts a SOAP mock of the operations `ops` (the generated `serve` passes its service's
    /// table): each request is routed to an operation and handed to `handler` as a [`SoapCall`].
    pub async fn start_soap<F, Fut>(ops: &'static [SoapOp], handler: F) -> Result<MockServer, Error>
    where
        F: Fn(SoapCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MockReply> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let dispatch: Arc<Dispatch> = Arc::new(move |request: Recorded| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                match route_soap(ops, &request) {
                    Ok(call) => {
                        let name = Some(call.op.name);
                        (name, handler(call).await)
                    }
                    Err(reply) => (None, reply),
                }
            })
        });
        MockServer::start(dispatch).await
    }

    /// Starts a REST mock of the operations `ops` (the generated `serve` passes its service's
    /// table): each request is routed by method and path template and handed to `handler` as a
    /// [`RestCall`].
    pub async fn start_rest<F, Fut>(ops: &'static [crate::rest::RestOp], handler: F) -> Result<MockServer, Error>
    where
        F: Fn(RestCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MockReply> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let dispatch: Arc<Dispatch> = Arc::new(move |request: Recorded| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                match route_rest(ops, request) {
                    Ok(call) => {
                        let name = Some(call.op.name);
                        (name, handler(call).await)
                    }
                    Err(reply) => (None, reply),
                }
            })
        });
        MockServer::start(dispatch).await
    }

    async fn start(dispatch: Arc<Dispatch>) -> Result<MockServer, Error> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.map_err(io_error)?;
        let address = listener.local_addr().map_err(io_error)?;
        let log: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let injections: Arc<Injections> = Arc::default();
        let (task_log, task_injections) = (Arc::clone(&log), Arc::clone(&injections));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (dispatch, log, injections) =
                    (Arc::clone(&dispatch), Arc::clone(&task_log), Arc::clone(&task_injections));
                tokio::spawn(async move {
                    let service = service_fn(move |request: hyper::Request<Incoming>| {
                        let (dispatch, log, injections) =
                            (Arc::clone(&dispatch), Arc::clone(&log), Arc::clone(&injections));
                        async move {
                            let injection = injections.lock().ok().and_then(|mut queue| queue.pop_front());
                            answer(request, &*dispatch, &log, injection).await
                        }
                    });
                    // A connection the client drops mid-request ends here; nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(MockServer { address, log, injections, task })
    }

    /// Makes the next `times` requests (after those injected before) show `injection`; each is
    /// still recorded.
    pub fn inject(&self, injection: Injection, times: usize) {
        if let Ok(mut queue) = self.injections.lock() {
            queue.extend(std::iter::repeat_n(injection, times));
        }
    }

    /// The address to build a client with (`http://127.0.0.1:<port>`).
    pub fn address(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::Transport(crate::error::TransportError::new(
        crate::error::TransportErrorKind::Connect,
        format!("the mock server cannot listen on 127.0.0.1: {e}"),
    ))
}

/// The error that makes hyper close a connection without an answer ([`Injection::Close`]).
#[derive(Debug)]
struct Closed;

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection closed by an injection")
    }
}

impl std::error::Error for Closed {}

/// Reads one request whole, records it, and answers it (showing `injection` first, if any).
async fn answer(
    request: hyper::Request<Incoming>,
    dispatch: &Dispatch,
    log: &Mutex<Vec<Recorded>>,
    injection: Option<Injection>,
) -> Result<hyper::Response<Full<Bytes>>, Closed> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let target = parts.uri.path_and_query().map_or_else(|| parts.uri.to_string(), ToString::to_string);
    let recorded = Recorded { operation: None, method: parts.method.to_string(), target, headers, body };
    let version = match recorded.header("content-type") {
        Some(t) if t.to_ascii_lowercase().starts_with("application/soap+xml") => SoapVersion::V12,
        _ => SoapVersion::V11,
    };
    // Recorded on arrival (a caller that gives up does not take the record with it); the
    // operation is filled in once routed.
    let index = log.lock().ok().map(|mut log| {
        log.push(recorded.clone());
        log.len() - 1
    });
    let reply = match injection {
        None | Some(Injection::Delay(_) | Injection::Oversize(_)) => {
            if let Some(Injection::Delay(wait)) = injection {
                tokio::time::sleep(wait).await;
            }
            let (operation, mut reply) = dispatch(recorded).await;
            if let (Some(index), Ok(mut log)) = (index, log.lock())
                && let Some(entry) = log.get_mut(index)
            {
                entry.operation = operation;
            }
            if let Some(Injection::Oversize(padding)) = injection {
                let mut padded = Vec::with_capacity(padding + reply.body.len());
                padded.resize(padding, b' ');
                padded.extend_from_slice(&reply.body);
                reply.body = Bytes::from(padded);
            }
            reply
        }
        Some(Injection::Status(status)) => {
            MockReply { status, content_type: "text/plain".to_owned(), body: Bytes::new() }
        }
        Some(Injection::Fault(fault)) => MockReply::fault(version, &fault),
        Some(Injection::Close) => return Err(Closed),
    };
    let mut response = hyper::Response::new(Full::new(reply.body));
    *response.status_mut() =
        hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = hyper::header::HeaderValue::from_str(&reply.content_type) {
        response.headers_mut().insert(hyper::header::CONTENT_TYPE, value);
    }
    Ok(response)
}

/// The operation of `ops` a SOAP request is for: by its action when it has one, else by the
/// first `Body` child; a fault reply when none matches.
fn route_soap(ops: &'static [SoapOp], request: &Recorded) -> Result<SoapCall, MockReply> {
    let content_type = request.header("content-type").unwrap_or_default().to_ascii_lowercase();
    let version = if content_type.starts_with("application/soap+xml") { SoapVersion::V12 } else { SoapVersion::V11 };
    if request.method != "POST" {
        let fault = Fault::client(format!("SOAP requests are POSTed, not sent with {}", request.method));
        return Err(MockReply::fault(version, &fault));
    }
    let action = match version {
        SoapVersion::V11 => request.header("soapaction").map(|a| a.trim().trim_matches('"').to_owned()),
        SoapVersion::V12 => request.header("content-type").and_then(action_parameter),
    }
    .filter(|a| !a.is_empty());
    let action_of = |op: &SoapOp| match version {
        SoapVersion::V11 => op.action_v11,
        SoapVersion::V12 => op.action_v12,
    };
    let call =
        |index: usize| SoapCall { index, op: ops[index], version, body: request.body.clone(), required_headers: &[] };
    if let Some(action) = action {
        return match ops.iter().position(|op| action_of(op) == Some(action.as_str())) {
            Some(index) => Ok(call(index)),
            None => Err(MockReply::fault(
                version,
                &Fault::client(format!("Server did not recognize the value of HTTP Header SOAPAction: {action}.")),
            )),
        };
    }
    let first = first_body_child(&request.body);
    let index = first.as_ref().and_then(|(ns, local)| {
        ops.iter().position(|op| {
            action_of(op).is_some() && op.request.local == local.as_str() && op.request.ns == ns.as_deref()
        })
    });
    match (index, first) {
        (Some(index), _) => Ok(call(index)),
        (None, Some((_, local))) => {
            Err(MockReply::fault(version, &Fault::client(format!("no operation of this service takes `{local}`"))))
        }
        (None, None) => {
            Err(MockReply::fault(version, &Fault::client("the request is not a SOAP envelope with a Body")))
        }
    }
}

/// The `action` parameter of a SOAP 1.2 `Content-Type`.
fn action_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("action").then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The namespace and local name of each child of the envelope's `Header`.
fn header_children(body: &[u8]) -> Vec<(Option<String>, String)> {
    let mut reader = quick_xml::NsReader::from_reader(body);
    let (mut depth, mut in_header, mut out) = (0usize, false, Vec::new());
    loop {
        match reader.read_resolved_event() {
            Ok((ns, event @ (Event::Start(_) | Event::Empty(_)))) => {
                let (Event::Start(e) | Event::Empty(e)) = &event else { break };
                let local = e.local_name().into_inner().to_owned();
                if in_header && depth == 2 {
                    let ns = match ns {
                        ResolveResult::Bound(n) => Some(n.into_inner().to_owned()),
                        _ => None,
                    };
                    out.push((ns, local.clone()));
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    if depth == 2 {
                        in_header = local == "Header";
                        if local == "Body" {
                            break;
                        }
                    }
                }
            }
            Ok((_, Event::End(_))) => depth = depth.saturating_sub(1),
            Ok((_, Event::Eof)) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The namespace and local name of the first child of the envelope's `Body`.
fn first_body_child(body: &[u8]) -> Option<(Option<String>, String)> {
    let mut reader = quick_xml::NsReader::from_reader(body);
    let mut in_body = false;
    let mut depth = 0usize;
    loop {
        match reader.read_resolved_event().ok()? {
            (ns, event @ (Event::Start(_) | Event::Empty(_))) => {
                let (Event::Start(e) | Event::Empty(e)) = &event else { return None };
                let local = e.local_name().into_inner().to_owned();
                if in_body {
                    let ns = match ns {
                        ResolveResult::Bound(n) => Some(n.into_inner().to_owned()),
                        _ => None,
                    };
                    return Some((ns, local));
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    in_body = depth == 2 && local == "Body";
                }
            }
            (_, Event::End(_)) => depth = depth.saturating_sub(1),
            (_, Event::Eof) => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_in_both_versions() {
        let fault = Fault::client("bad <input>").with_detail("<Code>7</Code>");
        assert_eq!(
            fault.envelope(SoapVersion::V11),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
             <soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>bad &lt;input&gt;</faultstring>\
             <detail><Code>7</Code></detail></soap:Fault></soap:Body></soap:Envelope>"
        );
        let v12 = Fault::server("down").envelope(SoapVersion::V12);
        assert!(v12.contains("<soap12:Value>soap12:Receiver</soap12:Value>"), "{v12}");
        assert!(v12.contains("<soap12:Text xml:lang=\"en\">down</soap12:Text>"), "{v12}");
        // The client reads what the mock writes.
        let read = crate::soap::decode_response::<String>(v12.as_bytes(), crate::xml::Name::qualified("urn:x", "R"));
        assert!(matches!(read, Err(Error::Fault(f)) if f.reason == "down"), "{v12}");
    }

    #[test]
    fn the_first_body_child_and_the_action_parameter() {
        let envelope = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:A xmlns:h="urn:h"/></s:Header><s:Body><GetX xmlns="urn:svc"><a>1</a></GetX></s:Body></s:Envelope>"#;
        assert_eq!(first_body_child(envelope), Some((Some("urn:svc".to_owned()), "GetX".to_owned())));
        assert_eq!(first_body_child(b"<not-soap/>"), None);
        assert_eq!(
            action_parameter("application/soap+xml; charset=utf-8; action=\"urn:svc/GetX\""),
            Some("urn:svc/GetX".to_owned())
        );
    }

    #[test]
    fn recorded_requests_hide_secrets_in_debug() {
        let recorded = Recorded {
            operation: Some("Login"),
            method: "POST".to_owned(),
            target: "/svc".to_owned(),
            headers: vec![
                ("authorization".to_owned(), "Basic c2VjcmV0".to_owned()),
                ("x-api-key".to_owned(), "k-123".to_owned()),
                ("soapaction".to_owned(), "\"urn:Login\"".to_owned()),
            ],
            body: Bytes::from_static(b"<Password>hunter2</Password>"),
        };
        let shown = format!("{recorded:?}");
        assert!(!shown.contains("c2VjcmV0") && !shown.contains("k-123") && !shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("urn:Login") && shown.contains("body_len: 28"), "{shown}");
    }
}
