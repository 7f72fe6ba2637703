//! The SOAP side of a mock ([`SoapCall`]): routing a request to an operation by `SOAPAction`
//! (SOAP 1.1) or the `action` parameter (SOAP 1.2), else by the first `Body` child, or, for the
//! ASMX HTTP GET / POST bindings, by method and location ([`super::asmx`]); the checks a real
//! service makes before its code runs (required SOAP headers, header values the fake refuses,
//! decoding, documented limits); and the reply or fault in the binding the request came in.

use std::future::Future;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use super::asmx;
use super::fault::Fault;
use super::recorded::Recorded;
use super::reply::MockReply;
use crate::envelope::SoapVersion;
use crate::error::Error;
use crate::soap::{HttpOp, SoapOp};
use crate::xml::{Decode, Encode, Name, Writer};

/// How a request came: in a SOAP envelope, or over an ASMX HTTP binding with its parameters.
enum Over {
    Soap(SoapVersion),
    Http(HttpOp, Vec<(String, String)>),
}

/// A request routed to one of the mock's operations, not decoded yet: a SOAP envelope, or the
/// parameters of an ASMX HTTP GET / POST binding of the same operation.
pub struct SoapCall {
    index: usize,
    op: SoapOp,
    over: Over,
    request: Recorded,
    /// The refusal a check made before decoding ([`SoapCall::requiring`],
    /// [`SoapCall::checking_header`]); the handler then does not run.
    refused: Option<MockReply>,
}

impl SoapCall {
    /// The index of the operation in the table the mock was started with.
    pub fn operation(&self) -> usize {
        self.index
    }

    /// The WSDL / OpenAPI name of the operation (for the log).
    pub(super) fn operation_name(&self) -> &'static str {
        self.op.name
    }

    /// The same call, after `check` has seen the request as received (headers, target, body): an
    /// error from it refuses the request (bad credentials in a header the description does not
    /// declare, such as WS-Security's, or in an HTTP header): with status 500 over SOAP as a
    /// `Client` fault with its message, else with its status and JSON body (a 401 from the web
    /// server in front of the service).
    pub fn authorize(mut self, check: impl FnOnce(&Recorded) -> Result<(), super::HttpError>) -> Self {
        if self.refused.is_some() {
            return self;
        }
        if let Err(e) = check(&self.request) {
            self.refused = Some(match &self.over {
                // A 500 is the service's own refusal, a fault; another status (401 from the web
                // server in front of it) comes as that status.
                Over::Soap(version) if e.status == 500 => MockReply::fault(*version, &Fault::client(e.message())),
                _ => e.reply(),
            });
        }
        self
    }

    /// The same call, refused with a `Client` fault unless its envelope carries each SOAP header
    /// of `headers` (those the service requires; the handler then does not run). The ASMX HTTP
    /// bindings carry no SOAP headers and are not checked.
    pub fn requiring(mut self, headers: &[Name<'_>]) -> Self {
        if self.refused.is_some() || !matches!(self.over, Over::Soap(_)) || headers.is_empty() {
            return self;
        }
        for name in headers {
            // Read with the runtime's own envelope reader, as `checking_header` reads values.
            let refusal = match crate::soap::decode_request_header::<crate::xml::RawXml>(&self.request.body, *name) {
                Ok(Some(_)) => continue,
                Ok(None) => Fault::client(format!("missing required SOAP header `{}`", name.local)),
                Err(e) => Fault::client(format!("Server was unable to read request: {}", cause(&e))),
            };
            self.refused = Some(self.fault(&refusal));
            break;
        }
        self
    }

    /// The same call, after `check` has seen the SOAP header `name` decoded as `H` (when the
    /// envelope carries it): a fault from `check` refuses the request (bad credentials, an
    /// expired session), as does a header that does not decode, and the handler does not run.
    pub fn checking_header<H: Decode>(mut self, name: Name<'_>, check: impl FnOnce(H) -> Result<(), Fault>) -> Self {
        if self.refused.is_some() || !matches!(self.over, Over::Soap(_)) {
            return self;
        }
        let refusal = match crate::soap::decode_request_header::<H>(&self.request.body, name) {
            Ok(None) => None,
            Ok(Some(header)) => check(header).err(),
            Err(e) => Some(Fault::client(format!("Server was unable to read request: {}", cause(&e)))),
        };
        self.refused = refusal.map(|fault| self.fault(&fault));
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
        self.serve(|_| Ok(()), handler, |_| None::<Resp>).await
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
        self.serve(Req::validate, handler, |_| None::<Resp>).await
    }

    /// [`SoapCall::reply`] for an operation that also has ASMX HTTP GET / POST bindings: over
    /// those, the request is read from its query or form parameters and the reply is the
    /// document `result` picks from the handler's reply (its one child, as ASMX writes it;
    /// `None` is written as a nil root).
    pub async fn reply_http<Req, Resp, Out, Fut>(
        self,
        handler: impl FnOnce(Req) -> Fut,
        result: impl FnOnce(Resp) -> Option<Out>,
    ) -> MockReply
    where
        Req: Decode,
        Resp: Encode,
        Out: Encode,
        Fut: Future<Output = Result<Resp, Fault>>,
    {
        self.serve(|_| Ok(()), handler, result).await
    }

    /// [`SoapCall::reply_http`] for a request type with documented limits (see
    /// [`SoapCall::reply_checked`]).
    pub async fn reply_http_checked<Req, Resp, Out, Fut>(
        self,
        handler: impl FnOnce(Req) -> Fut,
        result: impl FnOnce(Resp) -> Option<Out>,
    ) -> MockReply
    where
        Req: Decode + crate::rest::Validate,
        Resp: Encode,
        Out: Encode,
        Fut: Future<Output = Result<Resp, Fault>>,
    {
        self.serve(Req::validate, handler, result).await
    }

    /// Checks, decodes and validates the request, runs the handler and writes its answer.
    async fn serve<Req, Resp, Out, Fut>(
        self,
        validate: impl FnOnce(&Req) -> Result<(), Error>,
        handler: impl FnOnce(Req) -> Fut,
        result: impl FnOnce(Resp) -> Option<Out>,
    ) -> MockReply
    where
        Req: Decode,
        Resp: Encode,
        Out: Encode,
        Fut: Future<Output = Result<Resp, Fault>>,
    {
        if let Some(refused) = self.refused {
            return refused;
        }
        let decoded = match &self.over {
            Over::Soap(_) => crate::soap::decode_request::<Req>(&self.op, &self.request.body),
            Over::Http(_, params) => asmx::decode_request::<Req>(self.op.request, params),
        };
        let request = match decoded {
            Ok(request) => request,
            Err(e) => return self.fault(&Fault::client(format!("Server was unable to read request: {}", cause(&e)))),
        };
        if let Err(e) = validate(&request) {
            let reason = match e {
                Error::Invalid(e) => format!("invalid request: `{}` {}", e.field, e.cause),
                other => format!("invalid request: {other}"),
            };
            return self.fault(&Fault::client(reason));
        }
        let reply = match handler(request).await {
            Ok(reply) => reply,
            Err(fault) => return self.fault(&fault),
        };
        let written = match &self.over {
            Over::Soap(version) => {
                reply_envelope(&self.op, *version, &reply).map(|envelope| MockReply::soap(200, *version, envelope))
            }
            Over::Http(http, _) => asmx::reply_document(http, result(reply).as_ref()),
        };
        written.unwrap_or_else(|e| self.fault(&Fault::server(format!("the reply does not encode: {e}"))))
    }

    /// `fault` as the request's binding carries it: a fault envelope in its SOAP version, or
    /// status 500 with the reason as text over the ASMX HTTP bindings.
    fn fault(&self, fault: &Fault) -> MockReply {
        match &self.over {
            Over::Soap(version) => MockReply::fault(*version, fault),
            Over::Http(..) => asmx::error(&fault.reason),
        }
    }

    /// The reply to an operation index the generated dispatch does not know (never happens with
    /// a generated table).
    pub fn unknown(self) -> MockReply {
        self.fault(&Fault::client(format!("no operation number {}", self.index)))
    }
}

/// The cause of a request that does not decode, for the refusal.
fn cause(e: &Error) -> String {
    match e {
        Error::Decode(d) => d.to_string(),
        other => other.chain().to_string(),
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

/// The operation a request is for: over an ASMX HTTP binding of `http` (a GET, or a form
/// POST, when the service has such bindings), else in a SOAP envelope.
pub(super) fn route(
    ops: &'static [SoapOp],
    http: &'static [(usize, HttpOp)],
    request: &Recorded,
) -> Result<SoapCall, MockReply> {
    if !http.is_empty() && asmx::is_http_binding(request) {
        let (index, op) = asmx::route(http, request)?;
        let over = Over::Http(op, asmx::params(request));
        return Ok(SoapCall { index, op: ops[index], over, request: request.clone(), refused: None });
    }
    route_soap(ops, request)
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
    // SOAP 1.1 requires the header (an ASMX service refuses a request without it); an empty one
    // (`SOAPAction: ""`, an operation without an action) routes by the body, as SOAP 1.2's
    // optional `action` does.
    if version == SoapVersion::V11 && request.header("soapaction").is_none() {
        let fault = Fault::client("Server did not recognize the value of HTTP Header SOAPAction: .");
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
    let call = |index: usize| SoapCall {
        index,
        op: ops[index],
        over: Over::Soap(version),
        request: request.clone(),
        refused: None,
    };
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
    fn the_first_body_child_and_the_action_parameter() {
        let envelope = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:A xmlns:h="urn:h"/></s:Header><s:Body><GetX xmlns="urn:svc"><a>1</a></GetX></s:Body></s:Envelope>"#;
        assert_eq!(first_body_child(envelope), Some((Some("urn:svc".to_owned()), "GetX".to_owned())));
        let header =
            |ns, local| crate::soap::decode_request_header::<crate::xml::RawXml>(envelope, Name::qualified(ns, local));
        assert!(matches!(header("urn:h", "A"), Ok(Some(_))), "the header `requiring` looks for");
        assert!(matches!(header("urn:h", "B"), Ok(None)));
        assert!(matches!(header("urn:other", "A"), Ok(None)), "a header is matched by namespace too");
        assert_eq!(first_body_child(b"<not-soap/>"), None);
        assert_eq!(
            action_parameter("application/soap+xml; charset=utf-8; action=\"urn:svc/GetX\""),
            Some("urn:svc/GetX".to_owned())
        );
    }
}
