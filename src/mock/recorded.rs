//! The log entry of one request a mock received ([`Recorded`]), with a `Debug` that hides what may
//! be secret.

use std::fmt;

use bytes::Bytes;

use crate::redact::is_secret_name;

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
    /// Header and query parameter names the service declares secret besides the name rule's (its
    /// security schemes' API key names, its secret parameters), hidden in `Debug`.
    pub(super) secret_names: std::sync::Arc<[&'static str]>,
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

/// Secret header and query values (`Authorization`, `Cookie`, names the [`crate::redact`] rule
/// calls secret, and the names the service declares secret: an API key's header or query
/// parameter) are blanked; the body shows as its length (it may carry credentials).
impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a Recorded);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in &self.0.headers {
                    let secret = matches!(name.as_str(), "authorization" | "cookie" | "proxy-authorization")
                        || self.0.is_secret(name);
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
            .field("target", &self.shown_target())
            .field("headers", &Headers(self))
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Recorded {
    /// Whether a header or parameter called `name` holds a secret.
    fn is_secret(&self, name: &str) -> bool {
        is_secret_name(name) || self.secret_names.iter().any(|s| s.eq_ignore_ascii_case(name))
    }

    /// `target` with the values of secret query parameters (`sessionID=...` of an ASMX HTTP
    /// GET, an API key) blanked.
    fn shown_target(&self) -> String {
        let Some((path, query)) = self.target.split_once('?') else { return self.target.clone() };
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| {
                let name = pair.split_once('=').map_or(pair, |(name, _)| name);
                let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
                if self.is_secret(&decoded) { format!("{name}=<redacted>") } else { pair.to_owned() }
            })
            .collect();
        format!("{path}?{}", pairs.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_requests_hide_secrets_in_debug() {
        let recorded = Recorded {
            operation: Some("Login"),
            method: "POST".to_owned(),
            target: "/svc/Login?user=ann&sessionID=s-77f&x&key=q-9z".to_owned(),
            headers: vec![
                ("authorization".to_owned(), "Basic c2VjcmV0".to_owned()),
                ("x-api-key".to_owned(), "k-123".to_owned()),
                ("soapaction".to_owned(), "\"urn:Login\"".to_owned()),
                ("x-notes-key".to_owned(), "nk-4242".to_owned()),
            ],
            body: Bytes::from_static(b"<Password>hunter2</Password>"),
            secret_names: std::sync::Arc::from(vec!["X-Notes-Key", "key"]),
        };
        let shown = format!("{recorded:?}");
        assert!(!shown.contains("c2VjcmV0") && !shown.contains("k-123") && !shown.contains("hunter2"), "{shown}");
        assert!(
            !shown.contains("s-77f") && shown.contains("/svc/Login?user=ann&sessionID=<redacted>&x&key=<redacted>"),
            "{shown}"
        );
        // Names the service declares (an API key's header), which the name rule does not know.
        assert!(!shown.contains("nk-4242") && !shown.contains("q-9z"), "{shown}");
        assert!(shown.contains("urn:Login") && shown.contains("body_len: 28"), "{shown}");
    }
}
