//! The errors of the XML layer: [`DecodeError`] (what was wrong with a document being decoded,
//! where) and [`EncodeError`] (a value that cannot be written). The JSON decoder of REST replies
//! reports through [`DecodeError`] too ([`DecodeErrorKind::Json`]).

use std::fmt;

/// What was wrong with the XML (or JSON) being decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// A required element did not occur.
    Missing {
        /// Its local name.
        element: String,
    },
    /// A required element did not occur in the schema's namespace, but an element of that
    /// local name did, in another namespace, and was skipped: a server whose replies do not
    /// follow their own `elementFormDefault` (common with ASMX, WCF and PHP services). A client
    /// with `namespace_tolerant(true)` accepts it.
    MissingInOtherNamespace {
        /// Its local name.
        element: String,
        /// The namespace it came in (`None`: unqualified).
        found_namespace: Option<String>,
    },
    /// A value did not have a valid lexical form for its type.
    Invalid {
        /// The XSD type name ("int", "boolean", ...).
        xsd_type: String,
        /// Why it is invalid.
        reason: String,
        /// The offending text, `None` when the element is secret.
        value: Option<String>,
    },
    /// An element occurred where it is not allowed.
    Unexpected {
        /// Its local name (with `{namespace}` when qualified).
        element: String,
    },
    /// A single-valued element occurred twice.
    Duplicate {
        /// Its local name.
        element: String,
    },
    /// The document is not well-formed.
    Malformed(String),
    /// A JSON body could not be decoded.
    Json(String),
    /// A `multipart/related` reply (MTOM/XOP, SOAP with Attachments) could not be split into its
    /// parts, or an `xop:Include` / `swaRef` could not be resolved (see [`crate::mtom`]).
    Multipart(String),
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Missing { element } => {
                write!(f, "missing required element `{element}`")
            }
            DecodeErrorKind::MissingInOtherNamespace { element, found_namespace } => {
                let found = match found_namespace {
                    Some(ns) => format!("in namespace `{ns}`"),
                    None => "without a namespace".to_owned(),
                };
                write!(
                    f,
                    "missing required element `{element}`: an element `{element}` {found} was there and skipped \
                     (the schema expects another namespace; a client built with `namespace_tolerant(true)` accepts it)"
                )
            }
            DecodeErrorKind::Invalid { xsd_type, reason, value: Some(value) } => {
                write!(f, "invalid {xsd_type} value {value:?}: {reason}")
            }
            DecodeErrorKind::Invalid { xsd_type, reason, value: None } => {
                write!(f, "invalid {xsd_type} value (redacted): {reason}")
            }
            DecodeErrorKind::Unexpected { element } => write!(f, "unexpected element `{element}`"),
            DecodeErrorKind::Duplicate { element } => {
                write!(f, "element `{element}` occurs more than once")
            }
            DecodeErrorKind::Malformed(message) => write!(f, "malformed XML: {message}"),
            DecodeErrorKind::Json(message) => write!(f, "invalid JSON: {message}"),
            DecodeErrorKind::Multipart(message) => write!(f, "multipart/related reply: {message}"),
        }
    }
}

/// A decode failure: where (element path, line, column) and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at {path} (line {line}, column {column})")]
pub struct DecodeError {
    /// Element path of local names, e.g. `/Envelope/Body/FooResponse/Bar`.
    pub path: String,
    /// What was wrong.
    pub kind: DecodeErrorKind,
    /// 1-based line of the input position.
    pub line: u32,
    /// 1-based column (in bytes) of the input position.
    pub column: u32,
}

impl DecodeError {
    /// Drops the offending value (used for secret fields).
    pub fn redacted(mut self) -> Self {
        if let DecodeErrorKind::Invalid { value, .. } = &mut self.kind {
            *value = None;
        }
        self
    }
}

/// A request could not be encoded (e.g. a string holding characters XML 1.0 cannot carry).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EncodeError {
    /// What went wrong, naming the element.
    pub message: String,
}

impl EncodeError {
    /// An encode error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        EncodeError { message: message.into() }
    }
}
