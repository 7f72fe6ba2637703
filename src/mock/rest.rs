//! The REST side of a mock ([`RestCall`]): routing by method and path template, the parameters
//! and body the generated decoder of each operation reads (each refusing a missing or malformed
//! value with 400 and a JSON `message` naming it, as a validating service answers), and the
//! reply as JSON, or as XML for operations that answer in both when the request asks for it, or
//! the handler's [`HttpError`].

use std::future::Future;

use bytes::Bytes;

use super::recorded::Recorded;
use super::reply::MockReply;
use crate::error::Error;

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

    /// The `message` (or `Message`) of the JSON body, else the body as text.
    pub(super) fn message(&self) -> String {
        let message = self.body.get("message").or_else(|| self.body.get("Message"));
        match message.and_then(serde_json::Value::as_str) {
            Some(text) => text.to_owned(),
            None => self.body.to_string(),
        }
    }

    /// The error as XML, for an operation answering in XML: the JSON body's properties as
    /// elements under a root named after `root`'s namespace's `ErrorResponse`, as ServiceStack
    /// writes `{ "ResponseStatus": { "ErrorCode", "Message" } }` in XML.
    pub(super) fn xml_reply(&self, root: crate::xml::Name<'_>) -> MockReply {
        let ns = quick_xml::escape::escape(root.ns.unwrap_or_default());
        let mut xml = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><ErrorResponse xmlns=\"{ns}\">");
        json_as_xml(&self.body, &mut xml);
        xml.push_str("</ErrorResponse>");
        MockReply {
            headers: Vec::new(),
            status: self.status,
            content_type: "application/xml; charset=utf-8".to_owned(),
            body: Bytes::from(xml),
        }
    }

    pub(super) fn reply(&self) -> MockReply {
        MockReply {
            headers: Vec::new(),
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
    /// The refusal of [`RestCall::authorize`]; the handler then does not run.
    refused: Option<HttpError>,
}

impl RestCall {
    /// The index of the operation in the table the mock was started with.
    pub fn operation(&self) -> usize {
        self.index
    }

    /// The WSDL / OpenAPI name of the operation (for the log).
    pub(super) fn operation_name(&self) -> &'static str {
        self.op.name
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

    /// The same call, after `check` has seen the request as received (headers, target, body): an
    /// error from it refuses the request (bad credentials: 401 with the service's error body), and
    /// the handler does not run.
    pub fn authorize(mut self, check: impl FnOnce(&Recorded) -> Result<(), HttpError>) -> Self {
        if self.refused.is_none()
            && let Err(e) = check(&self.request)
        {
            self.refused = Some(e);
        }
        self
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

    /// `values` of a required array parameter `name`, refused when there are none.
    pub fn non_empty<T>(&self, name: &str, values: Vec<T>) -> Result<Vec<T>, Error> {
        if values.is_empty() { Err(invalid(name, "is required")) } else { Ok(values) }
    }

    /// An array parameter of JSON values (objects, lists, raw JSON): each occurrence
    /// (`separator` `None`), or the JSON texts joined by `separator`, split where each ends.
    pub fn json_list<T: serde::de::DeserializeOwned>(
        &self,
        at: ParamAt,
        name: &str,
        separator: Option<&str>,
    ) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        for value in self.values(at, name) {
            let texts = match separator {
                None => vec![value],
                Some(sep) => split_json(value, sep).map_err(|cause| invalid(name, &cause))?,
            };
            for text in texts {
                out.push(serde_json::from_str(text).map_err(|e| invalid(name, &e.to_string()))?);
            }
        }
        Ok(out)
    }

    /// The reply to an operation index the generated dispatch does not know (never happens with
    /// a generated table): 501.
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

    /// A binary request body (`application/octet-stream`, an image, ...): the bytes with the
    /// request's `Content-Type`, as the client sent them.
    pub fn binary_body(&self) -> crate::rest::Binary {
        let body = crate::rest::Binary::new(self.request.body.clone());
        match self.request.header("content-type") {
            Some(media) => body.with_content_type(media),
            None => body,
        }
    }

    /// The request body: JSON decoded into `T`; a text body as a string, a binary one as
    /// `Binary` (through their serde forms); form and multipart bodies field by field
    /// (`form`: files as `Binary` with their names, objects from their JSON).
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
            BodyEncoding::Form => super::form::decode(super::form::form_fields(body)).map_err(|e| invalid("body", &e)),
            BodyEncoding::Multipart => {
                let content_type = self.request.header("content-type").unwrap_or_default();
                super::form::multipart_fields(content_type, body)
                    .and_then(super::form::decode)
                    .map_err(|e| invalid("body", &e))
            }
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
        self.serve(decode, handler, |_, reply| json_reply(&reply), false).await
    }

    /// [`RestCall::reply_json`] for an operation that answers in JSON or XML (a ServiceStack
    /// service): the reply is written as XML, its root element the operation's
    /// `xml_response`, when the request's `Accept` asks for XML, else as JSON.
    pub async fn reply_either<Req, Resp, Fut>(
        self,
        decode: impl FnOnce(&RestCall) -> Result<Req, Error>,
        handler: impl FnOnce(Req) -> Fut,
    ) -> MockReply
    where
        Resp: serde::Serialize + crate::xml::Encode,
        Fut: Future<Output = Result<Resp, HttpError>>,
    {
        let asks_xml = self.asks_xml();
        let write = move |call: &RestCall, reply: Resp| match call.op.xml_response.filter(|_| asks_xml) {
            Some(root) => xml_reply(root, &reply),
            None => json_reply(&reply),
        };
        self.serve(decode, handler, write, asks_xml).await
    }

    /// [`RestCall::reply_json`] for an operation that answers in XML only: the reply's root
    /// element is the operation's `xml_response`.
    pub async fn reply_xml<Req, Resp, Fut>(
        self,
        decode: impl FnOnce(&RestCall) -> Result<Req, Error>,
        handler: impl FnOnce(Req) -> Fut,
    ) -> MockReply
    where
        Resp: crate::xml::Encode,
        Fut: Future<Output = Result<Resp, HttpError>>,
    {
        let write = |call: &RestCall, reply: Resp| match call.op.xml_response {
            Some(root) => xml_reply(root, &reply),
            None => HttpError::new(500, serde_json::json!({ "message": "the operation has no XML reply" })).reply(),
        };
        self.serve(decode, handler, write, true).await
    }

    /// [`RestCall::reply_json`] for an operation whose reply is text (`text/plain`, `text/csv`):
    /// the string as it is, with the media type the operation declares.
    pub async fn reply_text<Req, Fut>(
        self,
        decode: impl FnOnce(&RestCall) -> Result<Req, Error>,
        handler: impl FnOnce(Req) -> Fut,
    ) -> MockReply
    where
        Fut: Future<Output = Result<String, HttpError>>,
    {
        let write = |call: &RestCall, reply: String| {
            let media = call.op.accept.unwrap_or("text/plain");
            let content_type =
                if media.starts_with("text/") { format!("{media}; charset=utf-8") } else { media.to_owned() };
            MockReply { headers: Vec::new(), status: 200, content_type, body: Bytes::from(reply) }
        };
        self.serve(decode, handler, write, false).await
    }

    /// [`RestCall::reply_json`] for an operation whose reply is bytes: the bytes with their media
    /// type (else the operation's declared one) and file name (`Content-Disposition`).
    pub async fn reply_binary<Req, Fut>(
        self,
        decode: impl FnOnce(&RestCall) -> Result<Req, Error>,
        handler: impl FnOnce(Req) -> Fut,
    ) -> MockReply
    where
        Fut: Future<Output = Result<crate::rest::Binary, HttpError>>,
    {
        let write = |call: &RestCall, reply: crate::rest::Binary| {
            let declared = call.op.accept.filter(|a| !a.contains('*')).unwrap_or("application/octet-stream");
            let content_type = reply.content_type().unwrap_or(declared).to_owned();
            let headers = match reply.file_name() {
                Some(name) => {
                    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
                    vec![("content-disposition".to_owned(), format!("attachment; filename*=UTF-8''{encoded}"))]
                }
                None => Vec::new(),
            };
            MockReply { headers, status: 200, content_type, body: reply.into_bytes() }
        };
        self.serve(decode, handler, write, false).await
    }

    /// The refusal made before, or the request `decode` reads (a 400 refusal when it cannot),
    /// the handler's answer, and `write` of its reply.
    async fn serve<Req, Resp, Fut>(
        mut self,
        decode: impl FnOnce(&RestCall) -> Result<Req, Error>,
        handler: impl FnOnce(Req) -> Fut,
        write: impl FnOnce(&RestCall, Resp) -> MockReply,
        errors_as_xml: bool,
    ) -> MockReply
    where
        Fut: Future<Output = Result<Resp, HttpError>>,
    {
        // Errors (refusals too) in XML when the reply would be XML.
        let xml_root = self.op.xml_response.filter(|_| errors_as_xml);
        let error_reply = |error: HttpError| match xml_root {
            Some(root) => error.xml_reply(root),
            None => error.reply(),
        };
        let missing = self.missing_credentials();
        if let Some(refused) = self.refused.take().or(missing) {
            return error_reply(refused);
        }
        let request = match decode(&self) {
            Ok(request) => request,
            Err(e) => return error_reply(refusal(&e)),
        };
        match handler(request).await {
            Ok(reply) => write(&self, reply),
            Err(error) => error_reply(error),
        }
    }

    /// The 401 a service answers a request with none of the credentials its operation asks for
    /// (every scheme of one alternative: an API key's header, query parameter or cookie, an
    /// `Authorization` of the scheme's kind); whether they are good is the fake's `authorize`'s
    /// to say.
    fn missing_credentials(&self) -> Option<HttpError> {
        use crate::auth::{KeyLocation, SchemeKind};
        if self.op.security.is_empty() {
            return None;
        }
        let authorization = self.request.header("authorization").unwrap_or_default().to_ascii_lowercase();
        let present = |kind: SchemeKind| match kind {
            SchemeKind::ApiKey { location: KeyLocation::Header, name } => self.request.header(name).is_some(),
            SchemeKind::ApiKey { location: KeyLocation::Query, name } => self.query.iter().any(|(k, _)| k == name),
            SchemeKind::ApiKey { location: KeyLocation::Cookie, name } => self.cookies.iter().any(|(k, _)| k == name),
            SchemeKind::Basic => authorization.starts_with("basic "),
            SchemeKind::Bearer => authorization.starts_with("bearer "),
        };
        let satisfied =
            self.op.security.iter().any(|alternative| alternative.iter().all(|scheme| present(scheme.kind)));
        if satisfied {
            return None;
        }
        let wanted: Vec<String> =
            self.op.security.iter().map(|a| a.iter().map(|s| s.name).collect::<Vec<_>>().join(" + ")).collect();
        let message = format!("missing credentials: `{}` asks for {}", self.op.name, wanted.join(" or "));
        Some(HttpError::new(401, serde_json::json!({ "message": message })))
    }

    /// Whether the request's `Accept` asks for XML.
    fn asks_xml(&self) -> bool {
        self.request.header("accept").is_some_and(|a| a.to_ascii_lowercase().contains("xml"))
    }
}

/// A 200 reply with `reply` as JSON (500 when it does not serialise).
fn json_reply<Resp: serde::Serialize>(reply: &Resp) -> MockReply {
    match serde_json::to_vec(reply) {
        Ok(body) => MockReply {
            headers: Vec::new(),
            status: 200,
            content_type: "application/json".to_owned(),
            body: Bytes::from(body),
        },
        Err(e) => HttpError::new(500, serde_json::json!({ "message": e.to_string() })).reply(),
    }
}

/// A 200 reply with `reply` as the XML document rooted at `root` (500 when it does not encode).
fn xml_reply<Resp: crate::xml::Encode>(root: crate::xml::Name<'_>, reply: &Resp) -> MockReply {
    let mut w = crate::xml::Writer::new();
    w.raw_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    match w.element(root, reply) {
        Ok(()) => MockReply {
            headers: Vec::new(),
            status: 200,
            content_type: "application/xml; charset=utf-8".to_owned(),
            body: Bytes::from(w.into_string()),
        },
        Err(e) => HttpError::new(500, serde_json::json!({ "message": e.to_string() })).reply(),
    }
}

/// The JSON texts of `text`, joined by `separator`: each value is read to its end, then the
/// separator must follow (a separator inside an object or a string does not split it).
fn split_json<'a>(text: &'a str, separator: &str) -> Result<Vec<&'a str>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
        match stream.next() {
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.to_string()),
            None => break,
        }
        let end = stream.byte_offset();
        out.push(rest[..end].trim());
        rest = &rest[end..];
        if !rest.is_empty() {
            rest = rest.strip_prefix(separator).ok_or_else(|| format!("expected `{separator}` between JSON values"))?;
        }
    }
    Ok(out)
}

/// The content of a JSON value as XML: an object's properties as child elements (a list's items
/// as repeated ones, `null` left out; names that are not XML names left out), a scalar as text.
fn json_as_xml(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (name, value) in map {
                if wsbind_rules::ncname_problem(name).is_some() {
                    continue;
                }
                let items: Vec<&Value> = match value {
                    Value::Array(items) => items.iter().collect(),
                    Value::Null => Vec::new(),
                    other => vec![other],
                };
                for item in items {
                    out.push_str(&format!("<{name}>"));
                    json_as_xml(item, out);
                    out.push_str(&format!("</{name}>"));
                }
            }
        }
        Value::String(text) => out.push_str(&quick_xml::escape::escape(text.as_str())),
        Value::Null => {}
        other => out.push_str(&other.to_string()),
    }
}

/// The 400 naming why a request was refused.
fn refusal(e: &Error) -> HttpError {
    let message = match e {
        Error::Invalid(i) => format!("invalid request: `{}` {}", i.field, i.cause),
        other => format!("invalid request: {other}"),
    };
    HttpError::new(400, serde_json::json!({ "message": message }))
}

fn invalid(field: &str, cause: &str) -> Error {
    Error::Invalid(crate::error::InvalidRequest { field: field.to_owned(), cause: cause.to_owned() })
}

/// The operation of `ops` a REST request is for (method and path template), with its path
/// parameters; a 404 or 405 reply when none matches.
pub(super) fn route_rest(ops: &'static [crate::rest::RestOp], request: Recorded) -> Result<RestCall, MockReply> {
    let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
    let path = path.to_owned();
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mut path_matched = false;
    // Of the templates that match, the one with the fewest parameters wins (OpenAPI: a literal
    // `/items/search` before `/items/{id}`, whatever their order in the description).
    let mut best: Option<(usize, Vec<(String, String)>)> = None;
    for (index, op) in ops.iter().enumerate() {
        let Some(params) = match_template(op.path, &path) else { continue };
        path_matched = true;
        if op.method.to_http().as_str() != request.method {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| params.len() < b.len()) {
            best = Some((index, params));
        }
    }
    if let Some((index, params)) = best {
        let op = &ops[index];
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
        return Ok(RestCall { index, op: *op, path: params, query, cookies, request, refused: None });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_json_values_split_where_each_ends() {
        assert_eq!(split_json(r#"{"a":"x,y"},{"b":[1,2]}"#, ","), Ok(vec![r#"{"a":"x,y"}"#, r#"{"b":[1,2]}"#]));
        assert_eq!(split_json(r#"{"a":1}|[2]"#, "|"), Ok(vec![r#"{"a":1}"#, "[2]"]));
        assert_eq!(split_json("", ","), Ok(vec![]));
        assert_eq!(split_json(r#"{"a":1};{}"#, ","), Err("expected `,` between JSON values".to_owned()));
    }

    /// A JSON `GET` operation `name` at `path`, nothing else declared.
    const fn get(name: &'static str, path: &'static str) -> crate::rest::RestOp {
        use crate::rest::{BodyEncoding, HttpMethod, RestOp};
        RestOp {
            name,
            method: HttpMethod::Get,
            path,
            xml_response: None,
            pagination: None,
            secret_names: &[],
            security: &[],
            errors: &[],
            body: BodyEncoding::Json,
            accept: None,
        }
    }

    /// A literal path wins over a template that also matches, whatever their order.
    #[test]
    fn literal_paths_win_over_templates() {
        use crate::rest::RestOp;
        static OPS: [RestOp; 3] = [get("byId", "/items/{id}"), get("search", "/items/search"), get("all", "/items")];
        let request = |method: &str, target: &str| Recorded {
            operation: None,
            method: method.to_owned(),
            target: target.to_owned(),
            headers: Vec::new(),
            body: Bytes::new(),
            secret_names: std::sync::Arc::from(Vec::new()),
        };
        let routed = |method: &str, target: &str| route_rest(&OPS, request(method, target)).map(|c| c.operation());
        assert_eq!(routed("GET", "/items/search?q=x").ok(), Some(1));
        assert_eq!(routed("GET", "/items/7").ok(), Some(0));
        assert_eq!(routed("GET", "/items").ok(), Some(2));
        assert_eq!(routed("POST", "/items").err().map(|r| r.status), Some(405));
        assert_eq!(routed("GET", "/other").err().map(|r| r.status), Some(404));
    }

    /// An XML-only operation's reply is the document rooted at its `xml_response`; a request it
    /// refuses gets the refusal in XML too.
    #[tokio::test]
    async fn an_xml_only_operation_answers_and_refuses_in_xml() {
        use crate::rest::RestOp;
        static OPS: [RestOp; 1] =
            [RestOp { xml_response: Some(crate::xml::Name::qualified("urn:x", "XReply")), ..get("getX", "/x") }];
        let call = || {
            let request = Recorded {
                operation: None,
                method: "GET".to_owned(),
                target: "/x".to_owned(),
                headers: Vec::new(),
                body: Bytes::new(),
                secret_names: std::sync::Arc::from(Vec::new()),
            };
            route_rest(&OPS, request).expect("routed")
        };
        let reply = call().reply_xml(|_| Ok(()), |()| async { Ok::<_, HttpError>("a<b".to_owned()) }).await;
        assert_eq!((reply.status, reply.content_type.as_str()), (200, "application/xml; charset=utf-8"));
        assert_eq!(reply.body, "<?xml version=\"1.0\" encoding=\"utf-8\"?><XReply xmlns=\"urn:x\">a&lt;b</XReply>");
        let refuse = |_: &RestCall| -> Result<(), Error> { Err(invalid("Count", "is greater than the maximum 10")) };
        let reply = call().reply_xml(refuse, |()| async { Ok::<_, HttpError>(String::new()) }).await;
        assert_eq!(reply.status, 400);
        assert_eq!(
            reply.body,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><ErrorResponse xmlns=\"urn:x\"><message>invalid request: \
             `Count` is greater than the maximum 10</message></ErrorResponse>"
        );
    }

    #[test]
    fn an_error_body_as_xml() {
        let error = HttpError::new(
            404,
            serde_json::json!({ "ResponseStatus": { "ErrorCode": "NotFound", "Errors": [{ "Message": "a<b" }, { "Message": 2 }], "StackTrace": null }, "bad name": 1 }),
        );
        let reply = error.xml_reply(crate::xml::Name::qualified("urn:svc", "GetXResponse"));
        assert_eq!(reply.status, 404);
        assert_eq!(
            reply.body,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><ErrorResponse xmlns=\"urn:svc\"><ResponseStatus><ErrorCode>NotFound</ErrorCode>\
             <Errors><Message>a&lt;b</Message></Errors><Errors><Message>2</Message></Errors></ResponseStatus></ErrorResponse>"
        );
    }
}
