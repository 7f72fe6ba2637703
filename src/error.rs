//! Errors of every runtime call: [`Error`] and the detail types it carries (transport failures,
//! HTTP status replies, SOAP faults, decode/encode errors, invalid requests, REST API errors).
//!
//! Display messages never contain secret values: decode errors drop the offending value when the
//! element is secret-named (see [`crate::redact`]), and body excerpts are redacted and capped.

use std::fmt;
use std::time::Duration;

pub use crate::fault::SoapFault;
pub use crate::xml::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::xml::reader::{Decode, Reader};

/// Every failure of a generated client call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the reply not fully received (the cause is the
    /// [`source`](std::error::Error::source); [`Error::chain`] shows both).
    #[error("transport error")]
    Transport(#[from] TransportError),
    /// A non-2xx HTTP reply that is neither a SOAP fault nor a recognised API error.
    #[error("HTTP status {status}{}: {body_excerpt}", content_type.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The `Content-Type` of the reply, when present.
        content_type: Option<String>,
        /// At most 512 bytes of the body, with the text of secret-named elements blanked.
        body_excerpt: String,
    },
    /// The server answered with a SOAP fault.
    #[error("{0}")]
    Fault(Box<SoapFault>),
    /// The reply could not be decoded into the expected type (what and where is the
    /// [`source`](std::error::Error::source)).
    #[error("cannot decode the reply")]
    Decode(#[from] DecodeError),
    /// The request could not be encoded (why is the [`source`](std::error::Error::source)).
    #[error("cannot encode the request")]
    Encode(#[from] EncodeError),
    /// The request breaks a limit checked before sending, or lacks a required header; nothing was
    /// sent. It displays which field and which limit (``invalid request, nothing was sent: field
    /// `Count`: 0 is less than the minimum 1``): the [`InvalidRequest`] is its whole story, not a
    /// cause of another layer, so it is no [`source`](std::error::Error::source).
    #[error("invalid request, nothing was sent: {0}")]
    Invalid(InvalidRequest),
    /// A REST error reply.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The operation cannot be called this way (e.g. SOAP 1.2 on a 1.1-only operation).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The server redirected the request and the client's
    /// [`RedirectPolicy`](crate::redirect::RedirectPolicy) does not allow following it (another
    /// origin, a SOAP call, a request carrying secrets, or too many hops). Nothing was sent to
    /// `location`.
    #[error("redirect not followed: HTTP {status} to {location}")]
    Redirect {
        /// The 3xx status code.
        status: u16,
        /// The `Location` the server named (secret values the request carried are blanked).
        location: String,
    },
    /// A cursor stream stopped: a cursor came back that was sent before, or the page limit was
    /// reached.
    #[error("{0}")]
    Pagination(PaginationError),
    /// The client's [`TokenProvider`](crate::auth::TokenProvider) failed (its error is the
    /// [`source`](std::error::Error::source)); nothing was sent.
    #[error("no credentials: the token provider failed")]
    Credentials(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A reply failed WS-Security verification (see
    /// [`ReplyVerifier`](crate::wssec::ReplyVerifier)): unsigned, a changed element, a bad
    /// signature, an untrusted certificate or an expired timestamp; its value was not decoded.
    #[cfg(feature = "x509")]
    #[error("WS-Security: {0}")]
    Security(#[from] crate::wssec::error::SecurityError),
}

impl Error {
    /// This error and its causes on one line, `outer: inner: ...` (what `anyhow` prints with
    /// `{:#}`). `Display` shows this error's own layer only, as error-chain printers expect.
    pub fn chain(&self) -> Chain<'_> {
        Chain(self)
    }

    /// The error reply's body decoded into the error type its description declares (progenitor's
    /// `Error<E>` in one call): `err.api_error::<mews::Error>()`. `None` when this is no
    /// [`Error::Api`] or its body is not JSON; `Some(Err(..))` when the body does not fit `T`.
    /// For XML bodies, [`ApiError::xml_body_as`].
    ///
    /// A reply whose status the operation declares with a JSON body (`422`, `4XX`, `default`:
    /// the generated method's documentation names the type per status) is always an
    /// [`Error::Api`] keeping that body, whatever its shape.
    pub fn api_error<T: serde::de::DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        match self {
            Error::Api(api) => api.body_as(),
            _ => None,
        }
    }

    /// The server's `Retry-After` (seconds or an HTTP date, as the time left), when the error
    /// reply had one: REST error replies and SOAP status replies with a `Retry-After` header
    /// are [`Error::Api`] and carry it there.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(api) => api.retry_after,
            _ => None,
        }
    }
}

/// An error and its sources, displayed on one line: see [`Error::chain`].
#[derive(Clone, Copy, Debug)]
pub struct Chain<'e>(&'e Error);

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(self.0);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Why a cursor stream stopped early.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("pagination of `{operation}` stopped after page {page}: {kind}")]
pub struct PaginationError {
    /// The operation paged through.
    pub operation: String,
    /// Pages fetched (1-based number of the last page).
    pub page: u64,
    /// What happened.
    pub kind: PaginationErrorKind,
}

/// What stopped a cursor stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationErrorKind {
    /// The reply named a cursor the stream had sent before (A, B, A): following it would loop.
    RepeatedCursor {
        /// The page whose request carried that cursor first (1-based).
        first_sent_with_page: u64,
    },
    /// The stream fetched its page limit ([`crate::limits::DEFAULT_MAX_PAGES`] unless set on the
    /// client) and the server still had more.
    PageLimit {
        /// The limit.
        limit: u64,
    },
}

impl fmt::Display for PaginationErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationErrorKind::RepeatedCursor { first_sent_with_page } => {
                write!(f, "the reply cursor repeats the cursor of page {first_sent_with_page}")
            }
            PaginationErrorKind::PageLimit { limit } => write!(f, "page limit of {limit} pages reached"),
        }
    }
}

impl From<SoapFault> for Error {
    fn from(fault: SoapFault) -> Self {
        Error::Fault(Box::new(fault))
    }
}

impl From<InvalidRequest> for Error {
    fn from(e: InvalidRequest) -> Self {
        Error::Invalid(e)
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The transport could not be built (e.g. TLS initialisation).
    Build,
    /// Could not connect to the server.
    Connect,
    /// A timeout elapsed.
    Timeout,
    /// The request could not be sent.
    Request,
    /// The reply body was cut short or could not be read.
    Body,
    /// The reply is larger than the reply size limit (see
    /// [`crate::limits::DEFAULT_MAX_REPLY_BYTES`]); reading stopped at the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The reply has a `Content-Encoding` (`gzip`, `br`, ...) that the client does not decode:
    /// refused by name rather than read as a garbled body.
    UnsupportedEncoding,
    /// Anything else.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let TransportErrorKind::TooLarge { limit } = self {
            return write!(f, "reply larger than the limit of {limit} bytes");
        }
        f.write_str(match self {
            TransportErrorKind::TooLarge { .. } => "reply too large",
            TransportErrorKind::Build => "cannot build transport",
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Request => "cannot send request",
            TransportErrorKind::Body => "cannot read reply body",
            TransportErrorKind::UnsupportedEncoding => "reply in a content encoding the client does not decode",
            TransportErrorKind::Other => "transport failure",
        })
    }
}

/// A failure of the [`crate::transport::Transport`]: kind plus a message without URLs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct TransportError {
    /// The kind of failure.
    pub kind: TransportErrorKind,
    /// Human-readable detail (never includes the request URL, which may carry secrets).
    pub message: String,
}

impl TransportError {
    /// A transport error of `kind`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError { kind, message: message.into() }
    }
}

/// A request value breaks a limit checked before sending.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {cause}")]
pub struct InvalidRequest {
    /// The field (wire name).
    pub field: String,
    /// What is wrong with it.
    pub cause: String,
}

/// A REST error reply.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Machine-readable error code, when the body has one.
    pub code: Option<String>,
    /// Human-readable message, when the body has one.
    pub message: Option<String>,
    /// `Retry-After`, when given.
    pub retry_after: Option<Duration>,
    /// The rest of the error body.
    pub details: Option<serde_json::Value>,
    /// The whole error body, secrets scrubbed, for decoding into the error type the description
    /// declares ([`ApiError::body_as`], [`Error::api_error`]).
    pub body: Option<ApiBody>,
}

/// An error reply's body as received (secret values the request carried blanked).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ApiBody {
    /// A JSON body.
    Json(serde_json::Value),
    /// An XML body, as text.
    Xml(String),
}

impl ApiError {
    /// The JSON error body decoded into `T` (a generated error type such as Mews's `Error`):
    /// `None` when the body was not JSON.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        match &self.body {
            Some(ApiBody::Json(value)) => Some(T::deserialize(value)),
            _ => None,
        }
    }

    /// The XML error body decoded into `T` (a generated type with an XML codec, such as
    /// ServiceStack's `ErrorResponse`), whatever its root element: `None` when the body was not XML.
    pub fn xml_body_as<T: Decode>(&self) -> Option<Result<T, DecodeError>> {
        let Some(ApiBody::Xml(text)) = &self.body else { return None };
        let mut r = Reader::new(text.as_bytes());
        Some(r.root().and_then(|root| {
            let value = T::decode(&mut r, &root)?;
            r.finish()?;
            Ok(value)
        }))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error (HTTP {})", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_displays_its_own_layer_and_the_chain_shows_all() {
        let inner = DecodeError {
            path: "/Envelope/Body/R".into(),
            kind: DecodeErrorKind::Missing { element: "TotalSteps".into() },
            line: 3,
            column: 7,
        };
        let err = Error::from(inner.clone());
        // The inner error is the source, so its text is not repeated by the outer one
        // (error-chain printers such as anyhow's `{:#}` would show it twice).
        assert_eq!(err.to_string(), "cannot decode the reply");
        let source = std::error::Error::source(&err).expect("the decode error is the source");
        assert_eq!(source.to_string(), inner.to_string());
        assert_eq!(err.chain().to_string(), format!("cannot decode the reply: {inner}"));

        // An invalid request says which field and which limit on its own (`{}` alone, as a
        // log line or `?` into a `Box<dyn Error>` shows it), and is not repeated by the chain.
        let err = Error::from(InvalidRequest { field: "Count".into(), cause: "0 is less than the minimum 1".into() });
        assert_eq!(err.to_string(), "invalid request, nothing was sent: field `Count`: 0 is less than the minimum 1");
        assert!(std::error::Error::source(&err).is_none());
        assert_eq!(err.chain().to_string(), err.to_string());
        let err = Error::Unsupported("SOAP 1.2".into());
        assert!(std::error::Error::source(&err).is_none());
        assert_eq!(err.chain().to_string(), err.to_string());
    }

    #[test]
    fn decode_error_message_names_path_and_position() {
        let e = DecodeError {
            path: "/Envelope/Body/R/PartnerId".into(),
            kind: DecodeErrorKind::Invalid {
                xsd_type: "int".into(),
                reason: "invalid digit".into(),
                value: Some("x1".into()),
            },
            line: 3,
            column: 7,
        };
        assert_eq!(
            e.to_string(),
            "invalid int value \"x1\": invalid digit at /Envelope/Body/R/PartnerId (line 3, column 7)"
        );
        assert!(!e.redacted().to_string().contains("x1"));
    }

    #[test]
    fn status_message() {
        let e = Error::Status { status: 500, content_type: Some("text/html".into()), body_excerpt: "<html>".into() };
        assert_eq!(e.to_string(), "HTTP status 500 (text/html): <html>");
    }
}
