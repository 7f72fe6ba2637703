//! Why a reply's WS-Security signature was refused ([`SecurityError`], carried by
//! [`crate::Error::Security`]): one variant per failure a caller may want to tell apart.

/// A signed reply that failed verification (see [`ReplyVerifier`](super::ReplyVerifier)).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecurityError {
    /// The reply has no `ds:Signature` in a `wsse:Security` header.
    #[error("the reply is not signed (no ds:Signature in a wsse:Security header)")]
    Unsigned,
    /// `SignatureValue` does not verify over `SignedInfo` with the certificate: `SignedInfo`
    /// (a digest, a reference) or the signature itself was changed, or another key signed.
    #[error("the reply's signature does not verify with certificate `{subject}`")]
    SignatureInvalid {
        /// The subject of the certificate the signature was checked with.
        subject: String,
    },
    /// A signed element changed after signing: its digest is not the one `SignedInfo` holds.
    #[error("the signed element `{element}` (reference `{reference}`) changed after signing: its digest differs")]
    DigestMismatch {
        /// The `Reference` URI (`#id`).
        reference: String,
        /// The element's qualified name.
        element: String,
    },
    /// The reply was signed with a certificate that is not among the verifier's.
    #[error("the reply was signed with a certificate that is not trusted: {detail}")]
    UnknownCertificate {
        /// What the reply named (a subject, an issuer and serial, a key identifier).
        detail: String,
    },
    /// The reply's `wsu:Timestamp` has expired (beyond the allowed clock skew).
    #[error("the reply's timestamp expired at {expires} (now {now})")]
    Expired {
        /// `wsu:Expires` as sent.
        expires: String,
        /// The verifier's time.
        now: String,
    },
    /// The reply's `wsu:Timestamp` was created in the future (beyond the allowed clock skew).
    #[error("the reply's timestamp was created at {created}, in the future (now {now})")]
    NotYetValid {
        /// `wsu:Created` as sent.
        created: String,
        /// The verifier's time.
        now: String,
    },
    /// A part the verifier requires to be signed (`soap:Body`, `wsu:Timestamp`) is missing or
    /// not covered by the signature.
    #[error("the reply's {part} is not signed")]
    PartNotSigned {
        /// The part: `soap:Body` or `wsu:Timestamp`.
        part: &'static str,
    },
    /// An algorithm or transform this verifier does not accept.
    #[error("unsupported {what}: {algorithm}")]
    Unsupported {
        /// Which role the algorithm plays (`signature method`, `digest method`, ...).
        what: &'static str,
        /// Its URI.
        algorithm: String,
    },
    /// The security header or the signature is not shaped as WS-Security and XML Signature
    /// require (missing elements, a duplicate `Id`, a reference outside the message, ...).
    #[error("malformed signature: {0}")]
    Malformed(String),
}
