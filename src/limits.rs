//! Default bounds of every call (connect and total timeouts, reply size, pages of a cursor
//! stream, length of error texts) and [`CallOptions`], the per-client or per-call override of
//! the call's deadline, each attempt's timeout and the reply size limit.
//!
//! How a transport learns the per-call values: the runtime puts a [`CallLimits`] into the
//! extensions of each `http::Request` it sends. [`crate::transport::ReqwestTransport`] honours
//! it (the timeout as reqwest's per-request timeout, the size limit while streaming the body);
//! for any other transport the runtime checks the size of the reply it returns.

use std::time::Duration;

/// Time allowed to connect, by default (the default transport).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Time allowed for a whole request, reply body included, by default (the default transport).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Largest reply body accepted by default: 64 MiB. A larger reply fails as
/// [`crate::TransportErrorKind::TooLarge`] once that many bytes have been read (or at once, when
/// its `Content-Length` says so).
pub const DEFAULT_MAX_REPLY_BYTES: u64 = 64 * 1024 * 1024;
/// Pages a cursor stream fetches at most by default before it ends with
/// [`crate::error::PaginationErrorKind::PageLimit`].
pub const DEFAULT_MAX_PAGES: u64 = 10_000;
/// Longest fault reason, actor, code or decode-error value kept (bytes; longer ones end in `…`).
pub const MAX_ERROR_TEXT: usize = 4096;
/// Largest error reply body an [`crate::ApiError`] keeps whole for decoding into a declared error
/// type ([`crate::ApiError::body_as`]); a larger one keeps only its parsed code and message.
pub const MAX_API_ERROR_BODY: usize = 64 * 1024;

/// Per-client or per-call override of the timeouts and the reply size limit (`None`: the
/// transport's own setting; for the default transport [`DEFAULT_TIMEOUT`] per request and
/// [`DEFAULT_MAX_REPLY_BYTES`]).
///
/// [`CallOptions::timeout`] is one deadline for the whole call: every attempt the retry policy
/// makes, the back-off between them and redirects all fit in it, and the attempt running when it
/// passes is abandoned, whatever the transport (the runtime races it against the transport's
/// timer). [`CallOptions::attempt_timeout`] bounds each attempt as well, so that a stalled first
/// attempt leaves time for a second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Total time allowed for the call, retries and back-off included.
    pub timeout: Option<Duration>,
    /// Time allowed for each attempt, reply body included (within [`CallOptions::timeout`]).
    pub attempt_timeout: Option<Duration>,
    /// Largest reply body accepted.
    pub max_reply_bytes: Option<u64>,
}

impl CallOptions {
    /// No override.
    pub fn new() -> Self {
        Self::default()
    }

    /// Total time allowed for the call: every attempt, back-off and redirect.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for each attempt (a stalled attempt is abandoned and, when the retry policy
    /// allows, repeated while the call's [`CallOptions::timeout`] leaves time).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Largest reply body accepted.
    pub fn max_reply_bytes(mut self, limit: u64) -> Self {
        self.max_reply_bytes = Some(limit);
        self
    }
}

/// The limits of one request, in its `http::Request` extensions (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallLimits {
    /// Total time allowed for this request (what is left of the call's deadline, or the
    /// attempt's limit when that is shorter), when set.
    pub timeout: Option<Duration>,
    /// Largest reply body accepted, when overridden.
    pub max_reply_bytes: Option<u64>,
}

/// `text` cut to at most `max` bytes (on a char boundary) with `…` appended when cut.
pub fn cap_text(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_on_char_boundaries() {
        assert_eq!(cap_text("abc", 3), "abc");
        assert_eq!(cap_text("abcd", 3), "abc…");
        assert_eq!(cap_text("ééé", 3), "é…");
    }
}
