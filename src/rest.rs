//! REST calls: [`RestClient`] (base address, transport, client-level header and JSON body
//! parameters, reply format) sends the operations [`RestOp`] describes, with JSON request bodies
//! and JSON or XML replies, and turns error replies into [`Error::Api`] (Mews `{ "Message" }`,
//! ServiceStack `ResponseStatus` in JSON or XML, `Retry-After`) or [`Error::Status`].
//!
//! Also owned here: limit checks generated code runs before sending ([`check_max_items`],
//! [`check_max_length`], [`check_range`], [`check_max_months`], [`Pattern::check`]), cursor pagination
//! ([`paginate`], [`RestClient::paginate_json`]), the serde helpers of [`Text`](crate::xml::Text) values
//! ([`text_serde`]) and the serde impls of the [`crate::types`] values (their lexical form as a
//! JSON string: RFC 3339 for [`DateTime`]).
//!
//! Secrets: error messages, API error details and body excerpts never contain the values of
//! secret-named JSON properties (the [`crate::redact`] rule plus the operation's
//! [`RestOp::secret_names`]), nor any secret value the client or the request carried.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::error::{
    ApiBody, ApiError, DecodeError, DecodeErrorKind, EncodeError, Error, InvalidRequest, TransportError,
    TransportErrorKind,
};
use tracing::Instrument as _;

use crate::auth::{Credentials, Requirement};
use crate::exec::{Exchange, send};
use crate::limits::{CallOptions, DEFAULT_MAX_PAGES};
use crate::redact::{body_excerpt, is_secret_name};
use crate::redirect::RedirectPolicy;
use crate::retry::RetryPolicy;
pub use crate::retry::{MAX_RETRY_AFTER, parse_retry_after};
use crate::scrub::Secrets;
use crate::transport::Transport;
use crate::types::{Base64, Date, DateTime, Hex, Time};
use crate::xml::{Decode, Name, Reader};

pub mod media;
pub mod sum;

pub use media::{Binary, BodyEncoding};

/// The stream trait of [`RestClient::paginate_json`] and [`paginate`] (re-exported so that
/// generated code can name it as `::wsbind::rest::Stream`).
pub use futures_util::Stream;

/// Any JSON value: the type generated code gives free-form objects (`{}`, `type: object` without
/// properties), the values of `additionalProperties: true` maps, and schemas the generator does
/// not model yet (each named in a warning when the code was generated).
pub use serde_json::Value as JsonValue;

/// A raw JSON value as a parameter (a free-form schema, or one not modelled yet): a string as it
/// is, any other value as its JSON text; read back the same way.
impl crate::xml::Text for JsonValue {
    const XSD_TYPE: &'static str = "JSON value";
    const SCHEMA_TYPE: Option<Name<'static>> = None;

    fn to_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            JsonValue::String(s) => std::borrow::Cow::Borrowed(s),
            other => std::borrow::Cow::Owned(other.to_string()),
        }
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(serde_json::from_str(text).unwrap_or_else(|_| JsonValue::String(text.to_owned())))
    }
}

/// The lexical forms of `values` joined by `separator`: the value of an array parameter written
/// in one piece (`a=1,2`, `a=1|2`, `a=1 2`; path and header arrays).
pub fn join_values<T: crate::xml::Text>(values: &[T], separator: &str) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(&v.to_text());
    }
    out
}

/// The JSON text of a parameter value that has no lexical form of its own (an object, a map, a
/// raw JSON value, or a parameter declared with `content`), as OpenAPI sends such values.
/// Generated types always encode (their maps have string keys); a value whose `Serialize` impl
/// fails gives its error text, so that the failure shows on the wire and in the server's reply.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("<cannot encode: {e}>"))
}

/// The JSON texts of `values` joined by `separator` (an array parameter of such values).
pub fn join_json<T: Serialize>(values: &[T], separator: &str) -> String {
    values.iter().map(|v| json_text(v)).collect::<Vec<_>>().join(separator)
}

/// Deserialises `null` as the type's default (an empty `Vec` or map): the `deserialize_with` of
/// generated fields whose schema is a `nullable` array.
pub fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// HTTP method of a REST operation. `#[non_exhaustive]`: methods OpenAPI adds (as 3.0 added
/// `TRACE` to 2.0's) are new variants, not a breaking change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    pub(crate) fn to_http(self) -> http::Method {
        match self {
            HttpMethod::Get => http::Method::GET,
            HttpMethod::Post => http::Method::POST,
            HttpMethod::Put => http::Method::PUT,
            HttpMethod::Patch => http::Method::PATCH,
            HttpMethod::Delete => http::Method::DELETE,
            HttpMethod::Head => http::Method::HEAD,
            HttpMethod::Options => http::Method::OPTIONS,
            HttpMethod::Trace => http::Method::TRACE,
        }
    }

    fn has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }
}

/// The reply format a call asks for (`Accept` header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// `Accept: application/json`, decoded with serde. The default.
    #[default]
    Json,
    /// `Accept: application/xml`, decoded with [`Decode`].
    Xml,
}

impl Format {
    fn accept(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
        }
    }
}

/// Where the cursor and page size go in a JSON request body and where the next cursor and the
/// items come back in the JSON reply; each path is a list of property names from the root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CursorPaging {
    /// Path of the request cursor (Mews: `["Limitation", "Cursor"]`).
    pub request_cursor: &'static [&'static str],
    /// Path of the requested page size (Mews: `["Limitation", "Count"]`); empty when none.
    pub request_count: &'static [&'static str],
    /// Path of the next cursor in the reply (Mews: `["Cursor"]`).
    pub response_cursor: &'static [&'static str],
    /// Path of the item array in the reply (Mews: `["ResourceAccessTokens"]`).
    pub response_items: &'static [&'static str],
}

/// The static description of a REST operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RestOp {
    /// The operation id.
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// Path relative to the client's base address, with `{name}` placeholders for path
    /// parameters (`/api/connector/v1/resourceAccessTokens/getAll`).
    pub path: &'static str,
    /// Root element of an XML reply, `None` when the operation has no XML reply.
    pub xml_response: Option<Name<'static>>,
    /// Cursor pagination, when the operation pages through results.
    pub pagination: Option<CursorPaging>,
    /// JSON property names the schema marks secret beyond the [`crate::redact`] name rule
    /// (Mews token `Value`): blanked in error details and excerpts.
    pub secret_names: &'static [&'static str],
    /// The credentials the operation accepts: alternatives, each a set of schemes sent together
    /// (see [`crate::auth`]); empty when it declares none.
    pub security: &'static [Requirement],
    /// The error statuses the operation declares with a JSON body: a reply with one of them is an
    /// [`Error::Api`] that keeps the body for [`Error::api_error`], whatever its shape.
    pub errors: &'static [ErrorStatus],
    /// How the request body goes on the wire (JSON unless the operation declares another media
    /// type).
    pub body: BodyEncoding,
    /// The `Accept` header of a text or binary reply (its declared media types); `None`: by the
    /// reply format (`application/json` or `application/xml`).
    pub accept: Option<&'static str>,
}

/// An error status an operation declares a body for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorStatus {
    /// One status code (`422`).
    Code(u16),
    /// A class of status codes, by its hundreds digit (`4XX` is `Range(4)`).
    Range(u16),
    /// Every status the operation does not declare otherwise (`default`).
    Default,
}

impl ErrorStatus {
    /// True when a reply with `status` is declared by one of `declared`.
    pub fn any_matches(declared: &[ErrorStatus], status: u16) -> bool {
        declared.iter().any(|d| match *d {
            ErrorStatus::Code(c) => c == status,
            ErrorStatus::Range(r) => r == status / 100,
            ErrorStatus::Default => true,
        })
    }
}

#[derive(Clone)]
struct Param<T> {
    name: &'static str,
    value: T,
    secret: bool,
}

/// A REST endpoint: base address, transport, client-level parameters and reply format.
///
/// Client-level parameters are sent with every call: headers (AIM `ApiKey`, `AppId`, ...) and
/// JSON body properties (Mews `ClientToken`, `AccessToken`, `Client`), which are added to the
/// top-level object of every JSON request body unless the request sets them itself.
///
/// Production settings: retry policy (default [`RetryPolicy::default`]: `GET` requests are
/// repeated after timeouts and 429 / 502 / 503 / 504 replies, others only after connection
/// failures), redirect policy (default [`RedirectPolicy::SameOrigin`]: same-origin redirects of
/// requests without secrets only), [`CallOptions`] and the page limit of cursor streams
/// (default [`DEFAULT_MAX_PAGES`]).
#[derive(Clone)]
pub struct RestClient {
    base: String,
    transport: Arc<dyn Transport>,
    headers: Vec<Param<String>>,
    /// JSON values; an encoding failure is kept and reported by the next call.
    body_params: Vec<Param<Result<Value, EncodeError>>>,
    format: Format,
    service: &'static str,
    retry: RetryPolicy,
    redirects: RedirectPolicy,
    options: CallOptions,
    max_pages: u64,
    namespace_tolerant: bool,
    credentials: Credentials,
}

struct ShowParam<'a, T>(&'a Param<T>);

/// How a parameter value shows in `Debug`.
trait ShowValue {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl ShowValue for String {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl ShowValue for Result<Value, EncodeError> {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ok(value) => fmt::Display::fmt(value, f),
            Err(e) => write!(f, "<{e}>"),
        }
    }
}

impl<T: ShowValue> fmt::Debug for ShowParam<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.secret { f.write_str("\"<redacted>\"") } else { self.0.value.show(f) }
    }
}

impl fmt::Debug for RestClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Params<'a, T>(&'a [Param<T>]);
        impl<T: ShowValue> fmt::Debug for Params<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map().entries(self.0.iter().map(|p| (p.name, ShowParam(p)))).finish()
            }
        }
        f.debug_struct("RestClient")
            .field("base", &crate::trace::address_for_display(&self.base))
            .field("format", &self.format)
            .field("transport", &self.transport)
            .field("headers", &Params(&self.headers))
            .field("body_params", &Params(&self.body_params))
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("redirects", &self.redirects)
            .field("options", &self.options)
            .field("max_pages", &self.max_pages)
            .finish()
    }
}

/// Path and query parameters and extra headers of one call (wire names, lexical values).
#[derive(Clone, Copy, Debug, Default)]
pub struct CallParams<'a> {
    /// Values of the `{name}` placeholders of [`RestOp::path`] (percent-encoded when sent).
    pub path: &'a [(&'a str, String)],
    /// Query parameters, in order (form-urlencoded when sent; absent values left out).
    pub query: &'a [(&'a str, String)],
    /// Per-call headers; they replace client-level headers of the same name.
    pub headers: &'a [(&'a str, String)],
    /// Cookies, sent in one `Cookie` header (`a=1; b=2`; characters a cookie value cannot
    /// hold percent-encoded).
    pub cookies: &'a [(&'a str, String)],
}

/// A request built but not sent, plus what its errors must not contain.
struct Prepared {
    request: Result<http::Request<Bytes>, Error>,
    scrub: Scrub,
}

/// Characters escaped in a path segment: everything but RFC 3986 unreserved characters and `,`
/// (a sub-delimiter allowed in segments, and the separator of array path parameters in OpenAPI's
/// `simple` style, `/items/1,2`, which must reach the server as it is).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b',');

/// Characters escaped in a cookie value: those RFC 6265's `cookie-octet` excludes (controls,
/// space, `"`, `,`, `;`, `\\`) and `%`, which starts an escape.
const COOKIE_VALUE: &AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

impl RestClient {
    /// A client of `base` with the default reqwest transport.
    #[cfg(feature = "reqwest")]
    pub fn new(base: impl Into<String>) -> Self {
        Self::with_transport(base, Arc::new(crate::transport::ReqwestTransport::new()))
    }

    /// A client of `base` sending through `transport`.
    pub fn with_transport(base: impl Into<String>, transport: Arc<dyn Transport>) -> Self {
        RestClient {
            base: base.into(),
            transport,
            headers: Vec::new(),
            body_params: Vec::new(),
            format: Format::Json,
            service: "",
            retry: RetryPolicy::default(),
            redirects: RedirectPolicy::SameOrigin,
            options: CallOptions::default(),
            max_pages: DEFAULT_MAX_PAGES,
            namespace_tolerant: false,
            credentials: Credentials::new(),
        }
    }

    /// Sets the credentials sent where an operation's security asks for them (see
    /// [`crate::auth`]); they replace those set before.
    pub fn set_credentials(&mut self, credentials: Credentials) {
        self.credentials = credentials;
    }

    /// The credentials sent where an operation's security asks for them.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    crate::policy_methods::policy_methods!("[`RedirectPolicy::SameOrigin`]");

    /// Accepts XML reply elements of a declared local name in another namespace than the
    /// schema's (see [`crate::xml::Reader::set_namespace_tolerant`]); off by default. JSON
    /// replies have no namespaces.
    pub fn set_namespace_tolerant(&mut self, tolerant: bool) {
        self.namespace_tolerant = tolerant;
    }

    /// Sets the most pages a cursor stream fetches (default [`DEFAULT_MAX_PAGES`]); the stream
    /// then ends with [`Error::Pagination`].
    pub fn set_max_pages(&mut self, pages: u64) {
        self.max_pages = pages.max(1);
    }

    /// The base address.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The reply format [`RestClient::call`] asks for.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Sets the reply format [`RestClient::call`] asks for.
    pub fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    /// Sets (or replaces) client-level header `name`; its value is hidden in `Debug` and
    /// errors when the name is secret by the [`crate::redact`] rule.
    pub fn set_header(&mut self, name: &'static str, value: impl Into<String>) {
        self.put_header(name, value.into(), is_secret_name(name));
    }

    /// Sets (or replaces) client-level header `name`, always treated as a secret.
    pub fn set_secret_header(&mut self, name: &'static str, value: impl Into<String>) {
        self.put_header(name, value.into(), true);
    }

    fn put_header(&mut self, name: &'static str, value: String, secret: bool) {
        self.headers.retain(|h| !h.name.eq_ignore_ascii_case(name));
        self.headers.push(Param { name, value, secret });
    }

    /// Removes client-level header `name`.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|h| !h.name.eq_ignore_ascii_case(name));
    }

    /// Sets (or replaces) client-level JSON body property `name` (secret by the name rule).
    /// An encoding failure is reported as [`Error::Encode`] by the next call.
    pub fn set_body_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.put_body_param(name, value, is_secret_name(name));
    }

    /// Sets (or replaces) client-level JSON body property `name`, always treated as a secret.
    pub fn set_secret_body_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.put_body_param(name, value, true);
    }

    fn put_body_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T, secret: bool) {
        let value = serde_json::to_value(value)
            .map_err(|e| EncodeError::new(format!("cannot encode client parameter `{name}`: {e}")));
        self.body_params.retain(|p| p.name != name);
        self.body_params.push(Param { name, value, secret });
    }

    /// Removes client-level JSON body property `name`.
    pub fn remove_body_param(&mut self, name: &str) {
        self.body_params.retain(|p| p.name != name);
    }

    /// Calls `op` asking for a JSON reply, decoded into `Resp` with serde.
    pub fn call_json<'s, Req: Serialize + ?Sized, Resp: DeserializeOwned + 's>(
        &'s self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
    ) -> impl Future<Output = Result<Resp, Error>> + Send + use<'s, Req, Resp> {
        self.send(op, self.prepare(op, params, body, Format::Json), decode_json_reply)
    }

    /// Calls `op` asking for an XML reply, decoded with [`Decode`]; the root element must be
    /// [`RestOp::xml_response`].
    ///
    /// An operation without an XML reply (`xml_response` is `None`) returns
    /// [`Error::Unsupported`] and sends nothing; unlike [`RestClient::call`], which falls back to
    /// JSON for such an operation, an explicit XML call does not switch formats.
    pub fn call_xml<'s, Req: Serialize + ?Sized, Resp: Decode + 's>(
        &'s self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
    ) -> impl Future<Output = Result<Resp, Error>> + Send + use<'s, Req, Resp> {
        let prepared = match op.xml_response {
            Some(_) => self.prepare(op, params, body, Format::Xml),
            None => Prepared {
                request: Err(Error::Unsupported(format!("operation `{}` has no XML reply", op.name))),
                scrub: Scrub::default(),
            },
        };
        self.send(op, prepared, decode_xml_reply)
    }

    /// Calls `op` in the client's [`Format`] (for services that answer in both).
    ///
    /// An operation without an XML reply (`xml_response` is `None`) is called with
    /// `Accept: application/json` and decoded as JSON even when the client's format is
    /// [`Format::Xml`]: JSON is then the only format it declares. [`RestClient::call_xml`]
    /// returns [`Error::Unsupported`] for it instead.
    pub fn call<'s, Req: Serialize + ?Sized, Resp: DeserializeOwned + Decode + 's>(
        &'s self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
    ) -> impl Future<Output = Result<Resp, Error>> + Send + use<'s, Req, Resp> {
        let format = if op.xml_response.is_some() { self.format } else { Format::Json };
        let decode = match format {
            Format::Json => decode_json_reply,
            Format::Xml => decode_xml_reply,
        };
        self.send(op, self.prepare(op, params, body, format), decode)
    }

    /// Calls `op`, whose success reply is text (`text/plain`, `text/csv`, ...): its body as a
    /// string (UTF-8; a body that is not is [`Error::Decode`]).
    pub fn call_text<'s, Req: Serialize + ?Sized>(
        &'s self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
    ) -> impl Future<Output = Result<String, Error>> + Send + use<'s, Req> {
        self.send(op, self.prepare(op, params, body, Format::Json), decode_text_reply)
    }

    /// Calls `op`, whose success reply is bytes (`application/octet-stream`, an image, ...): the
    /// body with the reply's `Content-Type` and the `filename` of its `Content-Disposition`.
    pub fn call_binary<'s, Req: Serialize + ?Sized>(
        &'s self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
    ) -> impl Future<Output = Result<Binary, Error>> + Send + use<'s, Req> {
        self.send(op, self.prepare(op, params, body, Format::Json), decode_binary_reply)
    }

    /// Sends a prepared call and decodes its reply with `decode`.
    fn send<'s, Resp: 's>(
        &'s self,
        op: &RestOp,
        prepared: Prepared,
        decode: fn(&RestOp, http::Response<Bytes>, &Scrub, bool) -> Result<Resp, Error>,
    ) -> impl Future<Output = Result<Resp, Error>> + Send + use<'s, Resp> {
        let op = *op;
        let span = crate::trace::call_span(self.service, op.name, "rest", &self.base);
        let exchange_span = span.clone();
        async move {
            let mut scrub = prepared.scrub;
            let request = prepared.request.map_err(|e| scrub.values.scrub_error(e))?;
            let reply = self
                .send_authorized(&op, request, &mut scrub, exchange_span)
                .await
                .map_err(|e| scrub.values.scrub_error(e))?;
            decode(&op, reply, &scrub, self.namespace_tolerant).map_err(|e| scrub.values.scrub_error(e))
        }
        .instrument(span)
    }

    /// Sends `request` with the credentials `op`'s security asks for (their values added to the
    /// call's secrets first); when they hold a token from a provider and the server answers
    /// `401 Unauthorized`, asks the provider for a new token and sends once more.
    async fn send_authorized(
        &self,
        op: &RestOp,
        mut request: http::Request<Bytes>,
        scrub: &mut Scrub,
        span: tracing::Span,
    ) -> Result<http::Response<Bytes>, Error> {
        let again = self.credentials.uses_provider(op.security).then(|| copy_request(&request));
        self.credentials.authorize(op.security, &mut request, &mut scrub.values, false).await?;
        let reply = send(self.exchange(op, scrub, span.clone()), request).await?;
        match again {
            Some(mut again) if reply.status() == http::StatusCode::UNAUTHORIZED => {
                tracing::debug!(target: "wsbind::auth", "401 Unauthorized: asking the token provider for a new token");
                self.credentials.authorize(op.security, &mut again, &mut scrub.values, true).await?;
                send(self.exchange(op, scrub, span), again).await
            }
            _ => Ok(reply),
        }
    }

    fn exchange<'s>(&'s self, op: &RestOp, scrub: &'s Scrub, span: tracing::Span) -> Exchange<'s> {
        Exchange {
            transport: &*self.transport,
            operation: op.name,
            safe_method: matches!(
                op.method,
                HttpMethod::Get | HttpMethod::Head | HttpMethod::Options | HttpMethod::Trace
            ),
            retry: &self.retry,
            redirects: self.redirects,
            options: self.options,
            secrets: &scrub.values,
            span,
            refresh: None,
        }
    }

    /// Streams the items of every page of `op` (which must have [`RestOp::pagination`]),
    /// starting from `request` (its cursor and page size as set there) and following the
    /// reply cursor with the semantics of [`paginate`].
    ///
    /// `precheck` is the result of the limit checks of `request`: an `Err` is the stream's
    /// only item and nothing is sent. An item that does not decode ends the stream with a
    /// [`Error::Decode`] whose path starts at the item array (line and column 0: unknown).
    pub fn paginate_json<'s, Req: Serialize + ?Sized, Item: DeserializeOwned + Send + 's>(
        &'s self,
        op: &RestOp,
        path_params: &[(&str, String)],
        request: &Req,
        precheck: Result<(), Error>,
    ) -> impl Stream<Item = Result<Item, Error>> + Send + use<'s, Req, Item> {
        let op = *op;
        let path: Vec<(String, String)> = path_params.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        let setup = precheck.and_then(|()| {
            let paging = op
                .pagination
                .ok_or_else(|| Error::Unsupported(format!("operation `{}` has no cursor pagination", op.name)))?;
            let body = serde_json::to_value(request).map_err(|e| encode_error(&op, &e))?;
            Ok((paging, body))
        });
        let (first_cursor, page_size) = match &setup {
            Ok((paging, body)) => (
                value_at(body, paging.request_cursor).and_then(Value::as_str).map(str::to_owned),
                value_at(body, paging.request_count).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok()),
            ),
            Err(_) => (None, None),
        };
        let mut setup = Some(setup);
        let mut template: Option<(CursorPaging, Value)> = None;
        let fetch = move |cursor: Option<String>| -> PageFuture<'s, Item> {
            if let Some(setup) = setup.take() {
                match setup {
                    Ok(t) => template = Some(t),
                    Err(e) => return Box::pin(async move { Err(e) }),
                }
            }
            let Some((paging, body)) = template.as_ref() else {
                return Box::pin(async move {
                    Err(Error::Unsupported("pagination stream polled after its end".to_owned()))
                });
            };
            let paging = *paging;
            let mut body = body.clone();
            set_value_at(&mut body, paging.request_cursor, cursor.map_or(Value::Null, Value::String));
            let pairs: Vec<(&str, String)> = path.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let params = CallParams { path: &pairs, ..CallParams::default() };
            let prepared = self.prepare(&op, params, Some(&body), Format::Json);
            let span = crate::trace::call_span(self.service, op.name, "rest", &self.base);
            let exchange_span = span.clone();
            Box::pin(
                async move {
                    let mut scrub = prepared.scrub;
                    let request = prepared.request.map_err(|e| scrub.values.scrub_error(e))?;
                    let reply = self
                        .send_authorized(&op, request, &mut scrub, exchange_span)
                        .await
                        .map_err(|e| scrub.values.scrub_error(e))?;
                    let page: Value =
                        decode_json_reply(&op, reply, &scrub, false).map_err(|e| scrub.values.scrub_error(e))?;
                    split_page(&op, &paging, page, &scrub).map_err(|e| scrub.values.scrub_error(e))
                }
                .instrument(span),
            )
        };
        paginate_limited(op.name, first_cursor, page_size, self.max_pages, fetch)
    }

    /// Builds the HTTP request of a call.
    fn prepare<Req: Serialize + ?Sized>(
        &self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
        format: Format,
    ) -> Prepared {
        let mut scrub = Scrub { names: op.secret_names, values: Secrets::new() };
        self.headers.iter().filter(|h| h.secret).for_each(|h| scrub.values.add(&h.value));
        for p in self.body_params.iter().filter(|p| p.secret) {
            if let Ok(value) = &p.value {
                collect_strings(value, &mut scrub.values);
            }
        }
        for (name, value) in params.query.iter().chain(params.path).chain(params.cookies) {
            if scrub.is_secret(name) {
                scrub.values.add(value);
            }
        }
        let request = self.build(op, params, body, format, &mut scrub);
        Prepared { request, scrub }
    }

    fn build<Req: Serialize + ?Sized>(
        &self,
        op: &RestOp,
        params: CallParams<'_>,
        body: Option<&Req>,
        format: Format,
        scrub: &mut Scrub,
    ) -> Result<http::Request<Bytes>, Error> {
        let mut url = self.base.trim_end_matches('/').to_owned();
        url.push_str(&fill_path(op, params.path)?);
        if !params.query.is_empty() {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params.query.iter().map(|(k, v)| (*k, v.as_str())))
                .finish();
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&query);
        }
        let mut builder = http::Request::builder().method(op.method.to_http()).uri(url);
        let headers = builder.headers_mut().ok_or_else(|| request_error("invalid method or address"))?;
        let accept = op.accept.unwrap_or(format.accept());
        headers.insert(
            ACCEPT,
            http::HeaderValue::from_str(accept).map_err(|_| invalid("Accept", "not a valid HTTP header value"))?,
        );
        let client_headers = self
            .headers
            .iter()
            .filter(|h| !params.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(h.name)))
            .map(|h| (h.name, h.value.as_str(), h.secret));
        let call_headers = params.headers.iter().map(|(n, v)| (*n, v.as_str(), is_secret_name(n)));
        for (name, value, secret) in client_headers.chain(call_headers) {
            let header_name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(name, "not a valid HTTP header name"))?;
            let header_value =
                http::HeaderValue::from_str(value).map_err(|_| invalid(name, "not a valid HTTP header value"))?;
            if secret {
                scrub.values.add(value);
            }
            headers.append(header_name, header_value);
        }
        if !params.cookies.is_empty() {
            let cookies: Vec<String> = params
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, COOKIE_VALUE)))
                .collect();
            let value = http::HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| invalid("Cookie", "not a valid HTTP header value"))?;
            headers.insert(http::header::COOKIE, value);
        }
        if op.body != BodyEncoding::Json {
            let Some(body) = body else {
                return builder.body(Bytes::new()).map_err(|e| request_error(&e.to_string()));
            };
            if !matches!(op.body, BodyEncoding::Binary(_)) {
                // Secret-named properties of a form or text body are secrets of the call too.
                if let Ok(json) = serde_json::to_value(body) {
                    scrub.collect_request(&json);
                }
            }
            let encoded = media::encode(body, op.body, &format!("the request body of `{}`", op.name))?;
            let content_type = http::HeaderValue::from_str(&encoded.content_type)
                .map_err(|_| invalid("Content-Type", "not a valid HTTP header value"))?;
            headers.insert(CONTENT_TYPE, content_type);
            return builder.body(encoded.body).map_err(|e| request_error(&e.to_string()));
        }
        let json = match body {
            Some(body) => Some(serde_json::to_value(body).map_err(|e| encode_error(op, &e))?),
            None if op.method.has_body() && !self.body_params.is_empty() => Some(Value::Object(Map::new())),
            None => None,
        };
        let bytes = match json {
            Some(mut json) => {
                if let Value::Object(map) = &mut json {
                    for p in &self.body_params {
                        let slot = map.entry(p.name).or_insert(Value::Null);
                        if slot.is_null() {
                            *slot = p.value.clone()?;
                        }
                    }
                }
                scrub.collect_request(&json);
                headers.insert(CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
                Bytes::from(serde_json::to_vec(&json).map_err(|e| encode_error(op, &e))?)
            }
            None => Bytes::new(),
        };
        builder.body(bytes).map_err(|e| request_error(&e.to_string()))
    }
}

/// A copy of `request` (method, address, headers, body), to send again.
fn copy_request(request: &http::Request<Bytes>) -> http::Request<Bytes> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    copy
}

/// `op.path` with its `{name}` placeholders replaced by percent-encoded values.
fn fill_path(op: &RestOp, path_params: &[(&str, String)]) -> Result<String, Error> {
    let mut out = String::with_capacity(op.path.len());
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = path_params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .ok_or_else(|| invalid(name, "path parameter not given"))?;
        if value.is_empty() {
            return Err(invalid(name, "path parameter is empty"));
        }
        out.extend(utf8_percent_encode(value, PATH_SEGMENT));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn invalid(field: &str, cause: &str) -> Error {
    Error::Invalid(InvalidRequest { field: field.to_owned(), cause: cause.to_owned() })
}

fn request_error(message: &str) -> Error {
    Error::Transport(TransportError::new(TransportErrorKind::Request, format!("invalid request: {message}")))
}

fn encode_error(op: &RestOp, e: &serde_json::Error) -> Error {
    // serde_json's serialisation errors come from custom Serialize impls and carry no values.
    Error::Encode(EncodeError::new(format!("cannot encode the JSON body of `{}`: {e}", op.name)))
}

/// What error texts of one call must not contain.
#[derive(Clone, Debug, Default)]
struct Scrub {
    /// Secret property names beyond the name rule.
    names: &'static [&'static str],
    /// Secret values the client or the request carried.
    values: Secrets,
}

impl Scrub {
    fn is_secret(&self, key: &str) -> bool {
        is_secret_name(key) || self.names.iter().any(|n| n.eq_ignore_ascii_case(key))
    }

    /// Collects the values of secret-named properties of the request body: their strings and
    /// numbers, the scalar items of their arrays; objects under a secret name are searched like
    /// any other (Mews' `ResourceAccessTokens` is an array of objects whose `Value` is secret).
    fn collect_request(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    if self.is_secret(k) { self.collect_secret(v) } else { self.collect_request(v) }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.collect_request(v)),
            _ => {}
        }
    }

    fn collect_secret(&mut self, value: &Value) {
        match value {
            Value::String(s) => self.values.add(s),
            Value::Number(n) => self.values.add(&n.to_string()),
            Value::Array(items) => items.iter().for_each(|v| self.collect_secret(v)),
            Value::Object(_) => self.collect_request(value),
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// `text` with every known secret value (raw or escaped) replaced by `***`.
    fn text(&self, text: &str) -> String {
        self.values.scrub(text).into_owned()
    }

    /// Blanks the strings and numbers of secret-named properties (and the scalar items of their
    /// arrays; objects under a secret name are searched like any other) and scrubs every string.
    fn value(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if self.is_secret(k) { self.blank(v) } else { self.value(v) }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::String(s) => *s = self.text(s),
            _ => {}
        }
    }

    fn blank(&self, value: &mut Value) {
        match value {
            Value::String(_) | Value::Number(_) => *value = Value::String("***".to_owned()),
            Value::Array(items) => items.iter_mut().for_each(|v| self.blank(v)),
            Value::Object(_) => self.value(value),
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// A capped, redacted excerpt of `body`.
    fn excerpt(&self, body: &[u8]) -> String {
        if let Ok(mut json) = serde_json::from_slice::<Value>(body) {
            self.value(&mut json);
            return body_excerpt(json.to_string().as_bytes());
        }
        body_excerpt(self.text(&String::from_utf8_lossy(body)).as_bytes())
    }
}

fn collect_strings(value: &Value, out: &mut Secrets) {
    match value {
        Value::String(s) => out.add(s),
        Value::Number(n) => out.add(&n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        Value::Null | Value::Bool(_) => {}
    }
}

/// A 2xx JSON reply decoded into `Resp`; an error reply as [`error_reply`]. An empty body
/// decodes as JSON `null` (so `()` and `Option<T>` accept it). (`_tolerant` is the namespace
/// tolerance of XML replies, which JSON does not have.)
fn decode_json_reply<Resp: DeserializeOwned>(
    op: &RestOp,
    reply: http::Response<Bytes>,
    scrub: &Scrub,
    _tolerant: bool,
) -> Result<Resp, Error> {
    if !reply.status().is_success() {
        return Err(error_reply(op, reply, scrub));
    }
    let body = reply.body();
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"null" } else { body };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut de = serde_json::Deserializer::from_slice(body);
    let value =
        serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode(json_decode_error(op, &e, scrub)))?;
    de.end().map_err(|e| {
        let kind = DecodeErrorKind::Json(format!("{} (reply of `{}`)", strip_position(&e.to_string()), op.name));
        Error::Decode(DecodeError { path: "/".to_owned(), kind, line: to_u32(e.line()), column: to_u32(e.column()) })
    })?;
    Ok(value)
}

/// A 2xx text reply as a string (a UTF-8 byte order mark dropped); an error reply as
/// [`error_reply`].
fn decode_text_reply(
    op: &RestOp,
    reply: http::Response<Bytes>,
    scrub: &Scrub,
    _tolerant: bool,
) -> Result<String, Error> {
    if !reply.status().is_success() {
        return Err(error_reply(op, reply, scrub));
    }
    let body = reply.body();
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    String::from_utf8(body.to_vec()).map_err(|e| {
        let reason = format!("the text reply of `{}` is not UTF-8: {e}", op.name);
        Error::Decode(DecodeError {
            path: "/".to_owned(),
            kind: DecodeErrorKind::Invalid { xsd_type: "string".to_owned(), reason, value: None },
            line: 0,
            column: 0,
        })
    })
}

/// A 2xx binary reply with its `Content-Type` and `Content-Disposition` file name; an error
/// reply as [`error_reply`].
fn decode_binary_reply(
    op: &RestOp,
    reply: http::Response<Bytes>,
    scrub: &Scrub,
    _tolerant: bool,
) -> Result<Binary, Error> {
    if !reply.status().is_success() {
        return Err(error_reply(op, reply, scrub));
    }
    let header = |name: http::header::HeaderName| reply.headers().get(name).and_then(|v| v.to_str().ok());
    let content_type = header(CONTENT_TYPE).map(str::to_owned);
    let file_name = header(http::header::CONTENT_DISPOSITION).and_then(disposition_file_name);
    let mut binary = Binary::new(reply.body().clone());
    if let Some(t) = content_type {
        binary = binary.with_content_type(t);
    }
    if let Some(n) = file_name {
        binary = binary.with_file_name(n);
    }
    Ok(binary)
}

/// The `filename` of a `Content-Disposition` header (RFC 6266): `filename*=UTF-8''...`
/// (percent-decoded) first, else `filename=` (quoted or a token).
fn disposition_file_name(header: &str) -> Option<String> {
    let params: Vec<(String, &str)> = header
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        .collect();
    let extended = params.iter().find(|(k, _)| k == "filename*").and_then(|(_, v)| {
        let (charset, rest) = v.split_once('\'')?;
        let (_, encoded) = rest.split_once('\'')?;
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(encoded).collect();
        match charset.to_ascii_lowercase().as_str() {
            "utf-8" => String::from_utf8(bytes).ok(),
            _ => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        }
    });
    extended.or_else(|| {
        let (_, v) = params.iter().find(|(k, _)| k == "filename")?;
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .map_or_else(|| (*v).to_owned(), |q| q.replace("\\\"", "\""));
        Some(v)
    })
}

/// `/a/0/b` from a serde_path_to_error path.
fn pointer(path: &serde_path_to_error::Path) -> (String, Option<String>) {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    let mut last_key = None;
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => {
                out.push_str(key);
                last_key = Some(key.clone());
            }
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    (out, last_key)
}

fn json_decode_error(op: &RestOp, e: &serde_path_to_error::Error<serde_json::Error>, scrub: &Scrub) -> DecodeError {
    let (path, last_key) = pointer(e.path());
    let inner = e.inner();
    let secret = last_key.is_some_and(|k| scrub.is_secret(&k));
    let message = if secret { secret_json_cause(inner) } else { strip_position(&scrub.text(&inner.to_string())) };
    let kind = DecodeErrorKind::Json(format!("{message} (reply of `{}`)", op.name));
    DecodeError { path, kind, line: to_u32(inner.line()), column: to_u32(inner.column()) }
}

/// The cause of a JSON decode error under a secret-named property, without the value: serde_json
/// quotes the offending value in `invalid type`, `invalid value` and `unknown variant` messages
/// (the quote is cut out, what was expected kept); messages that quote no value (a duplicate or
/// missing field, the recursion limit, the end of input, a malformed number, ...) are kept
/// whole, as hiding them hid a cause that was no secret; any other message is replaced.
pub(crate) fn secret_json_cause(e: &serde_json::Error) -> String {
    let message = strip_position(&e.to_string());
    for prefix in ["invalid type: ", "invalid value: ", "unknown variant "] {
        if message.starts_with(prefix) {
            let expected = message.find(", expected ").map_or("", |at| &message[at..]);
            return format!("{}(value redacted){expected}", prefix);
        }
    }
    const QUOTE_NO_VALUE: &[&str] = &[
        "duplicate field ",
        "missing field ",
        "unknown field ",
        "recursion limit exceeded",
        "EOF while parsing",
        "trailing characters",
        "trailing comma",
        "expected ",
        "key must be ",
        "invalid length ",
        "invalid number",
        "number out of range",
        "control character",
        "invalid escape",
        "invalid unicode code point",
        "lone leading surrogate",
    ];
    if QUOTE_NO_VALUE.iter().any(|safe| message.starts_with(safe)) {
        message
    } else {
        format!("{:?} error in a secret property (value redacted)", e.classify())
    }
}

/// serde_json appends ` at line L column C`; the position is kept in the error's own fields.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 2xx XML reply decoded into `Resp` (root element checked); an error reply as
/// [`error_reply`].
fn decode_xml_reply<Resp: Decode>(
    op: &RestOp,
    reply: http::Response<Bytes>,
    scrub: &Scrub,
    tolerant: bool,
) -> Result<Resp, Error> {
    if !reply.status().is_success() {
        return Err(error_reply(op, reply, scrub));
    }
    let root =
        op.xml_response.ok_or_else(|| Error::Unsupported(format!("operation `{}` has no XML reply", op.name)))?;
    crate::xml::decode_document(reply.body(), root, tolerant).map_err(|e| {
        let mut e = e.redacted_if(scrub);
        e.path = scrub.text(&e.path);
        Error::Decode(e)
    })
}

trait RedactIf {
    fn redacted_if(self, scrub: &Scrub) -> Self;
}

impl RedactIf for DecodeError {
    /// Drops the offending value when the element is secret by the operation's names, or
    /// when it contains a known secret value.
    fn redacted_if(self, scrub: &Scrub) -> Self {
        let element = self.path.rsplit('/').next().unwrap_or("");
        let leaks = match &self.kind {
            DecodeErrorKind::Invalid { value: Some(v), .. } => scrub.text(v) != *v,
            _ => false,
        };
        if scrub.is_secret(element) || leaks { self.redacted() } else { self }
    }
}

/// Turns a non-2xx reply into [`Error::Api`] when the body is a recognised error body (Mews
/// `{ "Message" }`, ServiceStack `ResponseStatus` in JSON or XML), a JSON body of a status `op`
/// declares ([`RestOp::errors`], code and message read from its usual properties, see
/// [`declared_error_body`]), or the reply has a `Retry-After` header; else [`Error::Status`].
fn error_reply(op: &RestOp, reply: http::Response<Bytes>, scrub: &Scrub) -> Error {
    let status = reply.status().as_u16();
    let retry_after = reply.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
    let body = reply.body();
    let json = serde_json::from_slice::<Value>(body).ok();
    let declared = ErrorStatus::any_matches(op.errors, status) && body.len() <= crate::limits::MAX_API_ERROR_BODY;
    let parsed = json
        .clone()
        .and_then(json_error_body)
        .or_else(|| xml_error_body(body))
        .or_else(|| json.as_ref().filter(|_| declared).map(declared_error_body));
    // The whole body, scrubbed, for the error type the description declares.
    let whole = match json {
        _ if body.len() > crate::limits::MAX_API_ERROR_BODY => None,
        Some(mut value) => {
            scrub.value(&mut value);
            Some(ApiBody::Json(value))
        }
        None => std::str::from_utf8(body)
            .ok()
            .filter(|text| text.trim_start().starts_with('<'))
            .map(|text| ApiBody::Xml(scrub.text(text))),
    };
    match parsed {
        Some(mut parsed) => {
            if let Some(details) = &mut parsed.details {
                scrub.value(details);
            }
            ApiError {
                status,
                code: parsed.code.map(|c| scrub.text(&c)),
                message: parsed.message.map(|m| scrub.text(&m)),
                retry_after,
                details: parsed.details,
                body: whole,
            }
            .into()
        }
        None if retry_after.is_some() => ApiError {
            status,
            code: None,
            message: None,
            retry_after,
            details: (!body.is_empty()).then(|| Value::String(scrub.excerpt(body))),
            body: whole,
        }
        .into(),
        None => Error::Status {
            status,
            content_type: reply.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned),
            body_excerpt: scrub.excerpt(body),
        },
    }
}

struct ParsedError {
    code: Option<String>,
    message: Option<String>,
    details: Option<Value>,
}

fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.remove(key)? {
        Value::String(s) => Some(s),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn non_empty(map: Map<String, Value>) -> Option<Value> {
    (!map.is_empty()).then_some(Value::Object(map))
}

/// Mews `{ "Message", "RequestId"?, "Details"? }` or ServiceStack `{ "ResponseStatus": {
/// "ErrorCode", "Message", "Errors": [...] } }`; `details` is the rest of the object.
fn json_error_body(value: Value) -> Option<ParsedError> {
    let Value::Object(mut map) = value else {
        return None;
    };
    if let Some(Value::Object(mut status)) = map.remove("ResponseStatus") {
        let code = take_string(&mut status, "ErrorCode");
        let message = take_string(&mut status, "Message");
        for (k, v) in map {
            status.entry(k).or_insert(v);
        }
        return Some(ParsedError { code, message, details: non_empty(status) });
    }
    if map.get("Message").is_some_and(Value::is_string) {
        let message = take_string(&mut map, "Message");
        let code = take_string(&mut map, "Code").or_else(|| take_string(&mut map, "ErrorCode"));
        return Some(ParsedError { code, message, details: non_empty(map) });
    }
    None
}

/// The code and message of a declared JSON error body of any other shape, read from the usual
/// places: `code` / `error_code` / `errorCode` and `message` / `error_description` / `title` /
/// `detail` / `error` (a string), at the top or inside an `error` object (`{"error": {"code",
/// "message"}}`). The body itself is kept whole in [`ApiError::body`], so no details.
fn declared_error_body(value: &Value) -> ParsedError {
    fn text(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| match map.get(*k)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }
    const CODES: &[&str] = &["code", "error_code", "errorCode", "Code", "ErrorCode"];
    const MESSAGES: &[&str] = &["message", "error_description", "title", "detail", "error", "Message"];
    let Value::Object(map) = value else { return ParsedError { code: None, message: None, details: None } };
    let inner = match map.get("error") {
        Some(Value::Object(inner)) => Some(inner),
        _ => None,
    };
    let code = text(map, CODES).or_else(|| inner.and_then(|i| text(i, CODES)));
    let message = text(map, MESSAGES).or_else(|| inner.and_then(|i| text(i, MESSAGES)));
    ParsedError { code, message, details: None }
}

/// ServiceStack's XML error body: `ErrorResponse/ResponseStatus` (or a bare `ResponseStatus`)
/// with `ErrorCode`, `Message`, `StackTrace` and `Errors/ResponseError*`; namespaces ignored.
fn xml_error_body(body: &[u8]) -> Option<ParsedError> {
    let trimmed = body.iter().position(|b| !b.is_ascii_whitespace()).map(|i| &body[i..])?;
    if !trimmed.starts_with(b"<") && !trimmed.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let mut r = Reader::new(body);
    let root = r.root().ok()?;
    if root.local() == "ResponseStatus" {
        return response_status_xml(&mut r).ok();
    }
    if root.local() != "ErrorResponse" {
        return None;
    }
    let mut found = None;
    while let Some(child) = r.next_child().ok()? {
        if child.local() == "ResponseStatus" && found.is_none() {
            found = Some(response_status_xml(&mut r).ok()?);
        } else {
            r.skip(&child).ok()?;
        }
    }
    found
}

fn response_status_xml(r: &mut Reader<'_>) -> Result<ParsedError, DecodeError> {
    let mut code: Option<String> = None;
    let mut message: Option<String> = None;
    let mut stack: Option<String> = None;
    let mut errors = Vec::new();
    while let Some(child) = r.next_child()? {
        match child.local() {
            "ErrorCode" => r.read(&child, &mut code)?,
            "Message" => r.read(&child, &mut message)?,
            "StackTrace" => r.read(&child, &mut stack)?,
            "Errors" => {
                while let Some(_item) = r.next_child()? {
                    let mut fields = Map::new();
                    while let Some(field) = r.next_child()? {
                        match field.local() {
                            name @ ("ErrorCode" | "FieldName" | "Message") => {
                                let name = name.to_owned();
                                let text: String = r.text(&field)?;
                                fields.insert(name, Value::String(text));
                            }
                            _ => r.skip(&field)?,
                        }
                    }
                    errors.push(Value::Object(fields));
                }
            }
            _ => r.skip(&child)?,
        }
    }
    let mut details = Map::new();
    if let Some(stack) = stack {
        details.insert("StackTrace".to_owned(), Value::String(stack));
    }
    if !errors.is_empty() {
        details.insert("Errors".to_owned(), Value::Array(errors));
    }
    Ok(ParsedError { code, message, details: non_empty(details) })
}

/// A page of a cursor-paginated listing: its items and the cursor the reply gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<Item> {
    /// The items of the page.
    pub items: Vec<Item>,
    /// The cursor of the reply (Mews: the identifier of the last item), `None` when null.
    pub cursor: Option<String>,
}

/// The boxed future of one page fetch.
pub type PageFuture<'a, Item> = Pin<Box<dyn Future<Output = Result<Page<Item>, Error>> + Send + 'a>>;

struct PagingState<Item, F> {
    fetch: F,
    /// The cursor of the next fetch; `None` when the stream has ended.
    next: Option<Option<String>>,
    page_size: Option<usize>,
    buffer: VecDeque<Item>,
    operation: &'static str,
    /// Every cursor sent so far, with the (1-based) page it was sent for.
    sent: std::collections::HashMap<String, u64>,
    pages: u64,
    max_pages: u64,
    /// Yielded after the buffer: the stream stopped early.
    stop: Option<Error>,
}

/// Streams the items of a cursor-paginated listing ([`paginate_limited`] with the page limit
/// [`DEFAULT_MAX_PAGES`] and no operation name).
///
/// `fetch(cursor)` gets one page; the first call gets `first_cursor` (the request's own cursor,
/// `None` = from the start), each later call the cursor of the previous reply. The items of each
/// page are yielded in order. The stream ends after a page when:
/// * the page is empty, or
/// * its cursor is `None`, or the same cursor as the one just sent (no progress), or
/// * `page_size` is known and the page has fewer items (the last page).
///
/// It stops with [`Error::Pagination`] after the items of a page whose cursor was sent for an
/// earlier page (A, B, A: following it would loop), or when the page limit is reached and the
/// server still had more. An error is yielded as the last item. Mews: `Limitation.Count` is
/// `page_size`, the reply `Cursor` is the identifier of the page's last item and is sent as the
/// next `Limitation.Cursor`.
pub fn paginate<Item, F, Fut>(
    first_cursor: Option<String>,
    page_size: Option<usize>,
    fetch: F,
) -> impl Stream<Item = Result<Item, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<Item>, Error>>,
{
    paginate_limited("", first_cursor, page_size, DEFAULT_MAX_PAGES, fetch)
}

/// [`paginate`] with the operation name for errors and a page limit (at least 1).
pub fn paginate_limited<Item, F, Fut>(
    operation: &'static str,
    first_cursor: Option<String>,
    page_size: Option<usize>,
    max_pages: u64,
    fetch: F,
) -> impl Stream<Item = Result<Item, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<Item>, Error>>,
{
    let state = PagingState {
        fetch,
        next: Some(first_cursor),
        page_size,
        buffer: VecDeque::new(),
        operation,
        sent: std::collections::HashMap::new(),
        pages: 0,
        max_pages: max_pages.max(1),
        stop: None,
    };
    futures_util::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(item) = st.buffer.pop_front() {
                return Some((Ok(item), st));
            }
            if let Some(e) = st.stop.take() {
                return Some((Err(e), st));
            }
            let cursor = st.next.take()?;
            st.pages += 1;
            if let Some(c) = &cursor {
                st.sent.entry(c.clone()).or_insert(st.pages);
            }
            match (st.fetch)(cursor.clone()).await {
                Err(e) => return Some((Err(e), st)),
                Ok(page) => {
                    let n = page.items.len();
                    let full = st.page_size.is_none_or(|size| n >= size);
                    if n > 0 && full && page.cursor.is_some() && page.cursor != cursor {
                        let stopped = |kind| {
                            Error::Pagination(crate::error::PaginationError {
                                operation: st.operation.to_owned(),
                                page: st.pages,
                                kind,
                            })
                        };
                        if let Some(first) = page.cursor.as_ref().and_then(|c| st.sent.get(c)) {
                            st.stop = Some(stopped(crate::error::PaginationErrorKind::RepeatedCursor {
                                first_sent_with_page: *first,
                            }));
                        } else if st.pages >= st.max_pages {
                            st.stop =
                                Some(stopped(crate::error::PaginationErrorKind::PageLimit { limit: st.max_pages }));
                        } else {
                            st.next = Some(page.cursor);
                        }
                    }
                    st.buffer.extend(page.items);
                }
            }
        }
    })
}

fn value_at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    if path.is_empty() {
        return None;
    }
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// Sets `path` in `value`, creating (or replacing `null` by) objects on the way.
fn set_value_at(value: &mut Value, path: &[&str], new: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = value;
    for key in parents {
        if current.is_null() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(map) = current else {
            return;
        };
        current = map.entry(*key).or_insert(Value::Null);
    }
    if current.is_null() {
        *current = Value::Object(Map::new());
    }
    if let Value::Object(map) = current {
        map.insert((*last).to_owned(), new);
    }
}

fn split_page<Item: DeserializeOwned>(
    op: &RestOp,
    paging: &CursorPaging,
    mut page: Value,
    scrub: &Scrub,
) -> Result<Page<Item>, Error> {
    let cursor = value_at(&page, paging.response_cursor).and_then(Value::as_str).map(str::to_owned);
    let items_path = format!("/{}", paging.response_items.join("/"));
    let items = paging.response_items.iter().try_fold(&mut page, |v, key| v.get_mut(key)).map(Value::take);
    let items = match items {
        None | Some(Value::Null) => Vec::new(),
        Some(items) => {
            serde_path_to_error::deserialize(items).map_err(|e: serde_path_to_error::Error<serde_json::Error>| {
                let mut d = json_decode_error(op, &e, scrub);
                d.path = format!("{items_path}{}", if d.path == "/" { "" } else { d.path.as_str() });
                d.line = 0;
                d.column = 0;
                Error::Decode(d)
            })?
        }
    };
    Ok(Page { items, cursor })
}

/// The limit checks of a request value, run before sending (no request is sent on error).
///
/// Generated JSON types implement it: one `check_*` call per documented limit of a field, then
/// `validate` of every field whose type is a generated struct (`Option`, `Vec` and `Box` of a
/// `Validate` type are `Validate`). The default checks nothing.
pub trait Validate {
    /// `Err(Error::Invalid)` naming the first field that breaks a limit.
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), Error> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), Error> {
        self.iter().try_for_each(Validate::validate)
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), Error> {
        (**self).validate()
    }
}

impl Validate for () {}

/// `Err(Error::Invalid)` when a list has more than `max` items (`maxItems`); no request is sent.
pub fn check_max_items(field: &'static str, len: usize, max: usize) -> Result<(), Error> {
    if len > max {
        return Err(invalid(field, &format!("{len} items, at most {max} allowed")));
    }
    Ok(())
}

/// `Err(Error::Invalid)` when a list has fewer than `min` items (`minItems`).
pub fn check_min_items(field: &'static str, len: usize, min: usize) -> Result<(), Error> {
    if len < min {
        return Err(invalid(field, &format!("{len} items, at least {min} required")));
    }
    Ok(())
}

/// `Err(Error::Invalid)` when `value` has more than `max` characters (`maxLength`, counted in
/// Unicode scalar values). The value itself is never part of the error.
pub fn check_max_length(field: &'static str, value: &str, max: usize) -> Result<(), Error> {
    let len = value.chars().count();
    if len > max {
        return Err(invalid(field, &format!("{len} characters, at most {max} allowed")));
    }
    Ok(())
}

/// A `pattern` limit (XSD facet or OpenAPI keyword) in the syntax of the `regex` crate, compiled on
/// first use. The generator translates the description's pattern (an XSD pattern is anchored to
/// the whole value: `^(?:...)$`; an OpenAPI pattern matches anywhere) and validates it, and
/// declares one `static` per checked field:
///
/// ```
/// static PATTERN: wsbind::rest::Pattern = wsbind::rest::Pattern::new("^(?:[A-Z]{2})$");
/// assert!(PATTERN.check("Country", "DE").is_ok());
/// assert!(PATTERN.check("Country", "de").is_err());
/// ```
pub struct Pattern {
    source: &'static str,
    regex: OnceLock<Result<regex::Regex, String>>,
}

impl Pattern {
    /// A pattern in `regex` syntax, not compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, regex: OnceLock::new() }
    }

    /// The pattern as given to [`Pattern::new`].
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// `Err(Error::Invalid)` naming `field` and the pattern when `value` does not match it (the value
    /// itself is never part of the error). A pattern that does not compile (the generator validates
    /// every pattern it emits, so only a hand-written one can) fails every value: the check is
    /// never skipped silently.
    pub fn check(&self, field: &'static str, value: &str) -> Result<(), Error> {
        match self.regex.get_or_init(|| regex::Regex::new(self.source).map_err(|e| e.to_string())) {
            Ok(re) if re.is_match(value) => Ok(()),
            Ok(_) => Err(invalid(field, &format!("does not match the pattern `{}`", self.source))),
            Err(e) => Err(invalid(field, &format!("the pattern `{}` does not compile: {e}", self.source))),
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// `Err(Error::Invalid)` when `value` is outside `minimum..=maximum` (either bound optional;
/// `minimum` / `maximum` of integer and number fields, bounds given in the field's type).
pub fn check_range<T: PartialOrd + fmt::Display>(
    field: &'static str,
    value: T,
    minimum: Option<T>,
    maximum: Option<T>,
) -> Result<(), Error> {
    if let Some(min) = minimum.filter(|min| value < *min) {
        return Err(invalid(field, &format!("{value} is less than the minimum {min}")));
    }
    if let Some(max) = maximum.filter(|max| value > *max) {
        return Err(invalid(field, &format!("{value} is greater than the maximum {max}")));
    }
    Ok(())
}

/// `Err(Error::Invalid)` when `value` has fewer than `min` characters (`minLength`).
pub fn check_min_length(field: &'static str, value: &str, min: usize) -> Result<(), Error> {
    let len = value.chars().count();
    if len < min {
        return Err(invalid(field, &format!("{len} characters, at least {min} required")));
    }
    Ok(())
}

/// `Err(Error::Invalid)` when `end` is before `start` or more than `months` calendar months
/// after it (Mews: a `CollidingUtc` interval of at most 3 months). Values without an offset are
/// taken as UTC.
pub fn check_max_months(field: &'static str, start: &DateTime, end: &DateTime, months: u32) -> Result<(), Error> {
    let utc = |d: &DateTime| d.to_chrono().map_or(d.local, |c| c.naive_utc());
    let (start, end) = (utc(start), utc(end));
    if end < start {
        return Err(invalid(field, "the end is before the start"));
    }
    let limit = start.checked_add_months(chrono::Months::new(months));
    if limit.is_some_and(|limit| end > limit) {
        return Err(invalid(field, &format!("the interval is longer than {months} months")));
    }
    Ok(())
}

/// Serde helpers for [`Text`](crate::xml::Text) values (generated enums with `Unknown(String)`, dates, ...): a
/// JSON string holding the lexical form.
///
/// Generated enums implement `Serialize` / `Deserialize` by calling [`text_serde::serialize`]
/// / [`text_serde::deserialize`]; fields of other `Text` types that lack serde impls use
/// `#[serde(with = "::wsbind::rest::text_serde")]`, `text_serde::option` for `Option<T>` and
/// `text_serde::vec` for `Vec<T>`.
pub mod text_serde {
    use serde::ser::SerializeSeq as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::xml::Text;

    /// Writes `value`'s lexical form as a string.
    pub fn serialize<T: Text, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_text())
    }

    /// Reads a string and parses it with [`Text::from_text`].
    pub fn deserialize<'de, T: Text, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        parse(&String::deserialize(d)?)
    }

    /// [`Text::from_text`] with its reason as a serde error naming the XSD type.
    fn parse<T: Text, E: serde::de::Error>(text: &str) -> Result<T, E> {
        T::from_text(text).map_err(|reason| E::custom(format!("invalid {}: {reason}", T::XSD_TYPE)))
    }

    /// `Option<T>`: `None` is `null`; `null` reads as `None`.
    pub mod option {
        use super::*;

        /// Writes `Some` as a string, `None` as `null`.
        pub fn serialize<T: Text, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => s.serialize_str(&v.to_text()),
                None => s.serialize_none(),
            }
        }

        /// Reads `null` or a string.
        pub fn deserialize<'de, T: Text, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
            Option::<String>::deserialize(d)?.map(|text| parse(&text)).transpose()
        }
    }

    /// `Vec<T>`: an array of strings (`null` reads as empty).
    pub mod vec {
        use super::*;

        /// Writes an array of strings.
        pub fn serialize<T: Text, S: Serializer>(value: &[T], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(value.len()))?;
            for v in value {
                seq.serialize_element(&*v.to_text())?;
            }
            seq.end()
        }

        /// Reads an array of strings (or `null`).
        pub fn deserialize<'de, T: Text, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
            let texts = Option::<Vec<String>>::deserialize(d)?.unwrap_or_default();
            texts.iter().map(|text| parse(text)).collect()
        }
    }
}

/// `Serialize` / `Deserialize` of the [`crate::types`] values as their lexical form.
macro_rules! text_serde_impls {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                text_serde::serialize(self, s)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                text_serde::deserialize(d)
            }
        }
    )*};
}

text_serde_impls!(DateTime, Date, Time, Base64, Hex);

/// `Err(Error::Api)` when a reply's in-body status block reports a failure (AIM `Status` with
/// a non-empty `ErrorCode` or `ErrorMessage`); `http_status` is the reply's HTTP status.
pub fn check_reply_status(http_status: u16, code: Option<&str>, message: Option<&str>) -> Result<(), Error> {
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    if code.is_none() && message.is_none() {
        return Ok(());
    }
    Err(ApiError {
        status: http_status,
        code: code.map(str::to_owned),
        message: message.map(str::to_owned),
        retry_after: None,
        details: None,
        body: None,
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Text;

    #[test]
    fn array_parameters_join_lexical_forms() {
        assert_eq!(join_values(&[1i64, 2, 3], ","), "1,2,3");
        assert_eq!(join_values(&["a b".to_owned(), "c".to_owned()], "|"), "a b|c");
        assert_eq!(join_values::<i32>(&[], " "), "");
    }

    #[test]
    fn raw_json_parameters_are_strings_or_json_text() {
        assert_eq!(JsonValue::String("x y".into()).to_text(), "x y");
        assert_eq!(serde_json::json!({"a": [1]}).to_text(), r#"{"a":[1]}"#);
        assert_eq!(JsonValue::from_text("[1,2]").unwrap(), serde_json::json!([1, 2]));
        assert_eq!(JsonValue::from_text("plain").unwrap(), JsonValue::String("plain".into()));
    }

    #[test]
    fn null_reads_as_the_default() {
        #[derive(Deserialize)]
        struct Issue {
            #[serde(default, deserialize_with = "null_as_default")]
            assignees: Vec<String>,
        }
        let issue: Issue = serde_json::from_str(r#"{"assignees": null}"#).unwrap();
        assert!(issue.assignees.is_empty());
        let issue: Issue = serde_json::from_str(r#"{"assignees": ["a"]}"#).unwrap();
        assert_eq!(issue.assignees, ["a"]);
        let issue: Issue = serde_json::from_str("{}").unwrap();
        assert!(issue.assignees.is_empty());
    }

    #[test]
    fn pattern_checks_the_whole_value_and_names_field_and_pattern() {
        static P: Pattern = Pattern::new("^(?:[A-Z]{2}\\p{Nd}+)$");
        assert!(P.check("Code", "DE12").is_ok());
        assert!(P.check("Code", "DE\u{0663}").is_ok(), "any decimal digit");
        let Err(Error::Invalid(e)) = P.check("Code", "secret DE12") else { panic!("expected Invalid") };
        assert_eq!(e.field, "Code");
        assert_eq!(e.cause, "does not match the pattern `^(?:[A-Z]{2}\\p{Nd}+)$`");
        static BAD: Pattern = Pattern::new("(");
        assert!(matches!(BAD.check("Code", "x"), Err(Error::Invalid(e)) if e.cause.contains("does not compile")));
        assert_eq!(format!("{P:?}"), "Pattern(\"^(?:[A-Z]{2}\\\\p{Nd}+)$\")");
    }

    #[test]
    fn paths_are_percent_encoded() {
        let op = RestOp {
            name: "x",
            method: HttpMethod::Get,
            path: "/items/{id}/sub/{name}",
            xml_response: None,
            pagination: None,
            secret_names: &[],
            security: &[],
            errors: &[],
            body: BodyEncoding::Json,
            accept: None,
        };
        let p = [("id", "a b/c".to_owned()), ("name", "é~".to_owned())];
        assert_eq!(fill_path(&op, &p).unwrap(), "/items/a%20b%2Fc/sub/%C3%A9~");
        assert!(matches!(fill_path(&op, &p[..1]), Err(Error::Invalid(e)) if e.field == "name"));
    }

    #[test]
    fn set_and_get_nested_values() {
        let mut v = serde_json::json!({ "Limitation": null, "A": 1 });
        set_value_at(&mut v, &["Limitation", "Cursor"], Value::String("c".into()));
        assert_eq!(v, serde_json::json!({ "Limitation": { "Cursor": "c" }, "A": 1 }));
        assert_eq!(value_at(&v, &["Limitation", "Cursor"]), Some(&Value::String("c".into())));
        assert_eq!(value_at(&v, &[]), None);
    }

    #[test]
    fn limits() {
        assert!(check_max_items("EnterpriseIds", 1000, 1000).is_ok());
        let e = check_max_items("EnterpriseIds", 1001, 1000).unwrap_err();
        assert_eq!(
            e.chain().to_string(),
            "invalid request, nothing was sent: field `EnterpriseIds`: 1001 items, at most 1000 allowed"
        );
        assert!(check_max_length("Value", "héllo", 5).is_ok());
        assert!(check_max_length("Value", "hello!", 5).is_err());
        assert!(check_range("Count", 0, Some(1), Some(1000)).is_err());
        assert!(check_range("Count", 1001, Some(1), Some(1000)).is_err());
        assert!(check_range("Count", 10, Some(1), None).is_ok());
        assert!(check_range("Amount", 0.5, Some(1.0), None).is_err());
        assert!(check_min_length("Name", "", 1).is_err());
        assert!(check_min_length("Name", "é", 1).is_ok());
        assert!(check_min_items("Ids", 1, 1).is_ok());
        let e = check_min_items("Ids", 0, 1).unwrap_err();
        assert_eq!(
            e.chain().to_string(),
            "invalid request, nothing was sent: field `Ids`: 0 items, at least 1 required"
        );
        let d = |s: &str| DateTime::from_text(s).unwrap();
        assert!(check_max_months("CollidingUtc", &d("2024-01-31T00:00:00Z"), &d("2024-04-30T00:00:00Z"), 3).is_ok());
        assert!(check_max_months("CollidingUtc", &d("2024-01-31T00:00:00Z"), &d("2024-05-01T00:00:00Z"), 3).is_err());
        assert!(check_max_months("CollidingUtc", &d("2024-02-01T00:00:00Z"), &d("2024-01-01T00:00:00Z"), 3).is_err());
        assert!(check_reply_status(200, Some(" "), None).is_ok());
        assert!(matches!(check_reply_status(200, None, Some("bad")), Err(Error::Api(e)) if e.status == 200));
    }

    #[test]
    fn types_serde_as_lexical_form() {
        let d = DateTime::from_text("2023-04-28T14:00:00.5Z").unwrap();
        assert_eq!(serde_json::to_value(d).unwrap(), Value::String("2023-04-28T14:00:00.500Z".into()));
        let back: DateTime = serde_json::from_str("\"2023-04-28T14:00:00.5Z\"").unwrap();
        assert_eq!(back, d);
        let err = serde_json::from_str::<DateTime>("\"yesterday\"").unwrap_err();
        assert!(err.to_string().contains("invalid dateTime"), "{err}");
    }

    #[test]
    fn error_bodies() {
        let e = json_error_body(serde_json::json!({ "Message": "Invalid token", "RequestId": "r1" })).unwrap();
        assert_eq!(e.message.as_deref(), Some("Invalid token"));
        assert_eq!(e.details, Some(serde_json::json!({ "RequestId": "r1" })));
        assert!(json_error_body(serde_json::json!({ "error": "x" })).is_none());
        assert!(json_error_body(serde_json::json!([1])).is_none());
        assert!(xml_error_body(b"<html><body>oops</body></html>").is_none());
        assert!(xml_error_body(b"not xml").is_none());
    }

    #[test]
    fn declared_error_statuses_and_their_bodies() {
        use ErrorStatus::{Code, Default, Range};
        assert!(ErrorStatus::any_matches(&[Code(422)], 422));
        assert!(!ErrorStatus::any_matches(&[Code(422)], 400));
        assert!(ErrorStatus::any_matches(&[Range(4)], 409) && !ErrorStatus::any_matches(&[Range(4)], 500));
        assert!(ErrorStatus::any_matches(&[Code(404), Default], 503));
        assert!(!ErrorStatus::any_matches(&[], 500));

        let fields = |v: Value| {
            let e = declared_error_body(&v);
            (e.code, e.message, e.details)
        };
        let s = |t: &str| Some(t.to_owned());
        assert_eq!(fields(serde_json::json!({ "code": 7, "message": "bad" })), (s("7"), s("bad"), None));
        assert_eq!(fields(serde_json::json!({ "title": "Gone", "detail": "since May" })), (None, s("Gone"), None));
        assert_eq!(
            fields(serde_json::json!({ "error": { "code": "quota", "message": "over quota" } })),
            (s("quota"), s("over quota"), None),
            "Google / Microsoft style"
        );
        assert_eq!(fields(serde_json::json!({ "error": "invalid_grant" })), (None, s("invalid_grant"), None));
        assert_eq!(fields(serde_json::json!(["a", "b"])), (None, None, None), "any shape: the body is kept whole");
    }

    #[test]
    fn a_declared_status_keeps_any_json_body_and_an_undeclared_one_does_not() {
        let op = RestOp {
            name: "x",
            method: HttpMethod::Post,
            path: "/x",
            xml_response: None,
            pagination: None,
            secret_names: &[],
            security: &[],
            errors: &[ErrorStatus::Code(422)],
            body: BodyEncoding::Json,
            accept: None,
        };
        let reply = |status: u16| {
            http::Response::builder()
                .status(status)
                .body(Bytes::from_static(br#"{"field":"name","problem":"empty"}"#))
                .unwrap()
        };
        let err = error_reply(&op, reply(422), &Scrub::default());
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!((api.code.as_ref(), api.message.as_ref(), api.details.as_ref()), (None, None, None));
        assert_eq!(api.body, Some(ApiBody::Json(serde_json::json!({ "field": "name", "problem": "empty" }))));
        assert!(matches!(error_reply(&op, reply(400), &Scrub::default()), Error::Status { status: 400, .. }));
    }
}
