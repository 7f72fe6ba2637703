//! Tracing of calls with the `tracing` crate: one span per call (`wsbind.call`, fields
//! `service`, `operation`, `binding`, `address` without query or user info, `attempt`, `status`,
//! `duration_ms`, `reply_bytes`, `error`) and debug events under the target `wsbind::body`
//! carrying the request and reply bodies with every secret removed (the values the request
//! carried, raw or escaped, and the text of secret-named elements and properties), capped at
//! [`MAX_TRACED_BODY`] bytes. A retry is a debug event (`wsbind::retry`) with the attempt and the
//! wait.
//!
//! Nothing is recorded, formatted or scrubbed unless a subscriber listens: the runtime installs
//! none.

use crate::scrub::Secrets;

/// Longest body text a debug event carries (bytes; longer ones end in `…`).
pub const MAX_TRACED_BODY: usize = 64 * 1024;

/// The span of one call (level INFO; fields filled as the call goes).
pub(crate) fn call_span(service: &str, operation: &str, binding: &str, address: &str) -> tracing::Span {
    tracing::info_span!(
        "wsbind.call",
        service,
        operation,
        binding,
        address = %address_for_display(address),
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        reply_bytes = tracing::field::Empty,
        error = tracing::field::Empty,
    )
}

/// `url` without its query, fragment and user info (they may carry credentials); text that is
/// no URL is cut at the first `?` or `#`.
pub fn address_for_display(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let had_query = u.query().is_some();
            u.set_query(None);
            u.set_fragment(None);
            let _ = u.set_username("");
            let _ = u.set_password(None);
            let mut s = u.to_string();
            if had_query {
                s.push_str("?…");
            }
            s
        }
        Err(_) => url.split(['?', '#']).next().unwrap_or("").to_owned(),
    }
}

/// A debug event with `body` scrubbed (only when a subscriber wants it).
pub(crate) fn body_event(direction: &'static str, body: &[u8], secrets: &Secrets) {
    if !tracing::enabled!(target: "wsbind::body", tracing::Level::DEBUG) {
        return;
    }
    let margin = 4096;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_TRACED_BODY + margin)]);
    let text = crate::redact::blank_secret_elements(&secrets.scrub(&text));
    let text = crate::limits::cap_text(&text, MAX_TRACED_BODY);
    tracing::debug!(target: "wsbind::body", direction, bytes = body.len(), body = %text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_lose_query_and_credentials() {
        assert_eq!(address_for_display("https://u:p@h.example/a/b?key=s3cret#f"), "https://h.example/a/b?…");
        assert_eq!(address_for_display("http://h/svc.asmx"), "http://h/svc.asmx");
        assert_eq!(address_for_display("not a url?key=1"), "not a url");
    }
}
