//! Redaction of secrets: the secret-name rule, the [`Redacted`] `Debug` helper used by generated
//! types, and [`body_excerpt`], which caps a reply body and blanks secret element/property text.
//!
//! The rule is [`is_secret_name`] (see [`SECRET_SUFFIXES`]). The generator can extend it per
//! schema by redacting more fields; the runtime rule applies to error messages and body excerpts.

use std::fmt;

pub use crate::secret_names::{
    NOT_SECRET_SUFFIXES, SECRET_NAMES, SECRET_SUFFIXES, is_secret_name, is_secret_name_with,
};
use crate::xml::writer::Encode;

/// `Debug` that shows whether a value is present, never the value: `"<redacted>"`, or `None` for
/// an absent `Option` (an empty `Vec` shows `[]`).
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

/// Values [`Redacted`] can show: anything encodable, `Option`s and `Vec`s of them.
pub trait Redactable {
    /// Writes the redacted form.
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: Encode + ?Sized> Redactable for T {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl<T> Redactable for Option<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(_) => f.write_str("Some(\"<redacted>\")"),
            None => f.write_str("None"),
        }
    }
}

impl<T> Redactable for Vec<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() { f.write_str("[]") } else { f.write_str("[\"<redacted>\"]") }
    }
}

impl<T: Redactable + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_redacted(f)
    }
}

/// How much of a body is scanned for secrets before the excerpt is cut.
const SCAN_LIMIT: usize = 64 * 1024;
/// The length cap of an excerpt, in bytes.
pub const EXCERPT_LIMIT: usize = 512;

/// At most [`EXCERPT_LIMIT`] bytes of `body` (lossy UTF-8), with the text content of
/// secret-named XML elements and the string values of secret-named JSON properties replaced
/// by `***`.
pub fn body_excerpt(body: &[u8]) -> String {
    let scanned = &body[..body.len().min(SCAN_LIMIT)];
    let text = String::from_utf8_lossy(scanned);
    let blanked = blank_json(&blank_xml(&text));
    let mut end = blanked.len().min(EXCERPT_LIMIT);
    while !blanked.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = blanked[..end].to_owned();
    if blanked.len() > end || body.len() > scanned.len() {
        out.push('…');
    }
    out
}

/// `text` with the text content of secret-named XML elements and the string values of
/// secret-named JSON properties replaced by `***` (not capped; see [`body_excerpt`]).
pub fn blank_secret_elements(text: &str) -> String {
    blank_json(&blank_xml(text))
}

/// Blanks the text that directly follows a start tag with a secret name.
fn blank_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        let Some(gt) = rest[lt..].find('>').map(|i| lt + i) else {
            break;
        };
        out.push_str(&rest[..=gt]);
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        let is_start = !tag.starts_with(['/', '?', '!']) && !tag.ends_with('/');
        let name = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("");
        if is_start && is_secret_name(name) {
            let end = if rest.trim_start().starts_with("<![CDATA[") {
                rest.find("]]>").map_or(rest.len(), |i| i + 3)
            } else {
                rest.find('<').unwrap_or(rest.len())
            };
            if !rest[..end].trim().is_empty() {
                out.push_str("***");
            }
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Blanks `"secretName": "value"` string values. The text need not be valid JSON (an excerpt
/// may be cut anywhere), so strings are scanned, escape-aware, rather than parsed.
fn blank_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(q) = rest.find('"') {
        let Some(close) = string_end(&rest[q + 1..]).map(|i| q + 1 + i) else {
            break;
        };
        let key = &rest[q + 1..close];
        out.push_str(&rest[..=close]);
        rest = &rest[close + 1..];
        let after = rest.trim_start();
        if is_secret_name(key) && after.starts_with(':') {
            let value = after[1..].trim_start();
            if let Some(body) = value.strip_prefix('"') {
                let consumed = rest.len() - value.len();
                out.push_str(&rest[..consumed]);
                out.push_str("\"***\"");
                // An unterminated secret runs to the end of the excerpt: all of it is blanked.
                rest = string_end(body).map_or("", |i| &body[i + 1..]);
            }
        }
    }
    out.push_str(rest);
    out
}

/// The offset of the quote closing a JSON string whose body starts `body` (after `\"` escapes);
/// `None` when the string is not closed.
fn string_end(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "Password",
            "access_token",
            "refresh_token",
            "refreshToken",
            "sessionID",
            "SessionId",
            "api-key",
            "ApiKey",
            "Authorization",
            "clientSecret",
            "AuthToken",
            "userCredentials",
            "tns:Password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["token_type", "UserName", "PartnerId", "expiry", "PasswordHint", "scope"] {
            assert!(!is_secret_name(name), "{name}");
        }
        assert!(is_secret_name_with("PinCode", &["pincode"]));
    }

    #[test]
    fn redacted_debug() {
        let s = Some("hunter2".to_owned());
        assert_eq!(format!("{:?}", Redacted(&s)), "Some(\"<redacted>\")");
        let n: Option<String> = None;
        assert_eq!(format!("{:?}", Redacted(&n)), "None");
        assert_eq!(format!("{:?}", Redacted(&"x".to_owned())), "\"<redacted>\"");
        assert_eq!(format!("{:?}", Redacted(&vec![1u8])), "[\"<redacted>\"]");
    }

    #[test]
    fn excerpt_blanks_and_caps() {
        let body = b"<r><sessionID>abc123</sessionID><Name>bob</Name><Password/></r>";
        let e = body_excerpt(body);
        assert_eq!(e, "<r><sessionID>***</sessionID><Name>bob</Name><Password/></r>");
        assert_eq!(body_excerpt(b"<Password><![CDATA[a<b]]></Password>"), "<Password>***</Password>");
        let json = br#"{"access_token": "s3cr\"et", "token_type":"bearer"}"#;
        assert_eq!(body_excerpt(json), r#"{"access_token": "***", "token_type":"bearer"}"#);
        // An escaped quote in an earlier value does not put the scan out of step.
        let json = br#"{"a": "x\"y", "password": "s3cret"}"#;
        assert_eq!(body_excerpt(json), r#"{"a": "x\"y", "password": "***"}"#);
        // Cut inside a secret: the rest is blanked.
        assert_eq!(body_excerpt(br#"{"password": "s3c"#), r#"{"password": "***""#);
        let long = "é".repeat(400);
        let e = body_excerpt(long.as_bytes());
        assert!(e.len() <= EXCERPT_LIMIT + '…'.len_utf8());
        assert!(e.ends_with('…'));
    }
}
