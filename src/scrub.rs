//! Secret values of one request and their removal from every text that reaches a caller or a
//! log: [`Secrets`] collects the values a request carries (text and attributes of secret-named
//! XML elements, secret form parameters, secret headers, WS-Security passwords, values added
//! explicitly) and [`Secrets::scrub`] replaces each occurrence by `***`, whether the server
//! echoes it raw or escaped: XML entities (`&amp;`, `&lt;`, ...), numeric character references
//! (`&#65;`, `&#x41;`), percent-encoding (`%41`, `+` for a space) and JSON escapes (`\u0041`,
//! `\"`), mixed in any way inside one value and nested up to [`MAX_ESCAPE_LEVELS`] deep
//! (`&amp;lt;`, `%2541`); in any letter case (.NET servers echo GUIDs upper- or lowercased);
//! base64-encoded (standard or URL-safe, at any alignment inside a longer base64 text); and split
//! by CDATA boundaries or comments (`<![CDATA[TC2SESS]]>ION-7f3a`), where each piece is blanked
//! and the markup between them kept, so that XML stays well-formed. [`Secrets::scrub_error`]
//! applies it to every text of an [`Error`].
//!
//! The name rule of [`crate::redact`] decides which request fields are secret. A value of
//! [`MIN_SECRET_LEN`] characters or more is found anywhere; a two-character one only as a whole
//! token (not inside a longer word, so that a two-letter password does not blank every word that
//! contains its letters), and as written; a one-character value is not scrubbed.

use std::borrow::Cow;
use std::fmt;

use crate::error::{DecodeErrorKind, Error};
use crate::limits::{MAX_ERROR_TEXT, cap_text};
use crate::redact::is_secret_name_with;

/// Secret values shorter than this (in characters) are found only as whole tokens, as written
/// (two characters), or not at all (one).
pub const MIN_SECRET_LEN: usize = 3;

/// How many levels of escaping [`Secrets::scrub`] undoes (`&amp;amp;` is two).
pub const MAX_ESCAPE_LEVELS: usize = 3;

/// The shortest base64 text kept as the encoded form of a secret: shorter ones (from secrets of
/// a few bytes) would match unrelated base64.
const MIN_BASE64_FORM: usize = 8;

/// The secret values of one request (see the module docs). `Debug` shows how many, never them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// Values of [`MIN_SECRET_LEN`] characters or more, longest first.
    values: Vec<Vec<char>>,
    /// Their base64 forms (matched as written: base64 has case).
    encoded: Vec<Vec<char>>,
    /// Two-character values (matched as written, as whole tokens).
    short: Vec<Vec<char>>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} values)", self.len())
    }
}

impl Secrets {
    /// No secret values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no value is known.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.short.is_empty()
    }

    /// How many distinct values are known.
    pub fn len(&self) -> usize {
        self.values.len() + self.short.len()
    }

    /// Adds `value` (trimmed; a one-character value is ignored, see the module docs).
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        let chars: Vec<char> = value.chars().collect();
        if chars.len() < MIN_SECRET_LEN {
            if chars.len() == 2 && !self.short.contains(&chars) {
                self.short.push(chars);
            }
            return;
        }
        if self.values.contains(&chars) {
            return;
        }
        // Longest first: a value that contains another is blanked whole.
        let at = self.values.iter().position(|v| v.len() < chars.len()).unwrap_or(self.values.len());
        self.values.insert(at, chars);
        for form in base64_forms(value.as_bytes()) {
            let form: Vec<char> = form.chars().collect();
            if !self.encoded.contains(&form) {
                self.encoded.push(form);
            }
        }
    }

    /// Adds every value of `other`.
    pub fn extend(&mut self, other: &Secrets) {
        for v in other.values.iter().chain(&other.short) {
            self.add(&v.iter().collect::<String>());
        }
    }

    /// Collects, from an XML document the client wrote, the text of every element whose name is
    /// secret (by the name rule plus the normalised `extra` suffixes) and the values of
    /// secret-named attributes. An element with a secret name and child elements (an operation
    /// wrapper `GetRefreshToken`, a `Credentials` block) is searched, not taken whole, as for
    /// JSON objects in [`crate::rest`].
    pub fn collect_xml(&mut self, xml: &str, extra: &[&str]) {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        // Whether each open element is secret-named.
        let mut open: Vec<bool> = Vec::new();
        // The text of the innermost element so far (quick-xml splits it at references).
        let mut text = String::new();
        loop {
            let event = reader.read_event();
            if !matches!(event, Ok(Event::Text(_) | Event::GeneralRef(_) | Event::CData(_))) {
                if open.last() == Some(&true) {
                    self.add(&text);
                }
                text.clear();
            }
            match event {
                Ok(Event::Start(e)) => {
                    self.collect_attributes(&e, extra);
                    open.push(is_secret_name_with(&local_name(&e), extra));
                }
                Ok(Event::Empty(e)) => self.collect_attributes(&e, extra),
                Ok(Event::End(_)) => {
                    open.pop();
                }
                Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
                Ok(Event::GeneralRef(r)) => match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => match r.as_ref() {
                        "amp" => text.push('&'),
                        "lt" => text.push('<'),
                        "gt" => text.push('>'),
                        "quot" => text.push('"'),
                        "apos" => text.push('\''),
                        other => text.push_str(other),
                    },
                },
                Ok(Event::CData(t)) => text.push_str(t.as_ref()),
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }

    fn collect_attributes(&mut self, e: &quick_xml::events::BytesStart<'_>, extra: &[&str]) {
        for attr in e.attributes().with_checks(false).flatten() {
            let name = attr.key.local_name().as_ref().to_owned();
            if attr.key.as_ref().starts_with("xmlns") {
                continue;
            }
            if is_secret_name_with(&name, extra)
                && let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            {
                self.add(&value);
            }
        }
    }

    /// Collects the values of secret-named pairs (form or query parameters, headers).
    pub fn collect_pairs<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>, extra: &[&str]) {
        for (name, value) in pairs {
            if is_secret_name_with(name, extra) {
                self.add(value);
            }
        }
    }

    /// `text` with every occurrence of a secret value, raw, escaped, in another letter case,
    /// base64-encoded or split by markup, replaced by `***` (see the module docs).
    pub fn scrub<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.is_empty() || text.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut hits: Vec<(usize, usize)> = Vec::new();
        // The text as it is (a secret may itself look like an escape), then with one, two, ...
        // levels of escaping undone.
        let mut lists = vec![raw_units(text), decode_units(text)];
        while lists.len() <= MAX_ESCAPE_LEVELS {
            match decode_again(lists.last().map_or(&[][..], Vec::as_slice)) {
                Some(deeper) => lists.push(deeper),
                None => break,
            }
        }
        for units in &lists {
            find(units, &self.values, Match::AnyCase, &mut hits);
            find(units, &self.encoded, Match::AsWritten, &mut hits);
            find(units, &self.short, Match::Token, &mut hits);
        }
        if hits.is_empty() {
            return Cow::Borrowed(text);
        }
        hits.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in hits {
            if end <= at {
                continue;
            }
            out.push_str(&text[at..start.max(at)]);
            if start >= at {
                out.push_str("***");
            }
            at = end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// [`Secrets::scrub`] of an owned string (no copy when nothing is found).
    pub fn scrub_owned(&self, text: String) -> String {
        match self.scrub(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(s) => s,
        }
    }

    /// `error` with every secret value blanked from all of its texts (and long texts capped):
    /// transport messages, status excerpts, fault code, reason, actor, node and detail, decode
    /// paths and values, API error code, message and details, redirect locations.
    pub fn scrub_error(&self, error: Error) -> Error {
        match error {
            Error::Transport(mut e) => {
                e.message = self.scrub_owned(e.message);
                Error::Transport(e)
            }
            Error::Status { status, content_type, body_excerpt } => {
                Error::Status { status, content_type, body_excerpt: self.scrub_owned(body_excerpt) }
            }
            Error::Fault(mut f) => {
                let text =
                    |s: String| self.scrub_owned(cap_text(&s, MAX_ERROR_TEXT + 1024)).chars().collect::<String>();
                f.code = cap_text(&text(std::mem::take(&mut f.code)), MAX_ERROR_TEXT);
                f.reason = cap_text(&text(std::mem::take(&mut f.reason)), MAX_ERROR_TEXT);
                f.subcodes =
                    std::mem::take(&mut f.subcodes).into_iter().map(|s| cap_text(&text(s), MAX_ERROR_TEXT)).collect();
                f.actor = f.actor.take().map(|s| cap_text(&text(s), MAX_ERROR_TEXT));
                f.node = f.node.take().map(|s| cap_text(&text(s), MAX_ERROR_TEXT));
                if let Some(detail) = f.detail.take() {
                    f.detail = match self.scrub(detail.as_str()) {
                        Cow::Borrowed(_) => Some(detail),
                        // Blanked inside text or an attribute the XML stays well-formed; if the
                        // server put the value into a name, the detail is dropped.
                        Cow::Owned(s) => crate::xml::RawXml::parse(s).ok(),
                    };
                }
                Error::Fault(f)
            }
            Error::Decode(mut e) => {
                e.path = self.scrub_owned(e.path);
                e.kind = match e.kind {
                    DecodeErrorKind::Invalid { xsd_type, reason, value } => {
                        let leaks = value.as_deref().is_some_and(|v| matches!(self.scrub(v), Cow::Owned(_)));
                        DecodeErrorKind::Invalid {
                            xsd_type,
                            reason: cap_text(&self.scrub_owned(reason), MAX_ERROR_TEXT),
                            value: if leaks { None } else { value.map(|v| cap_text(&v, 256)) },
                        }
                    }
                    DecodeErrorKind::Missing { element } => {
                        DecodeErrorKind::Missing { element: self.scrub_owned(element) }
                    }
                    DecodeErrorKind::MissingInOtherNamespace { element, found_namespace } => {
                        DecodeErrorKind::MissingInOtherNamespace {
                            element: self.scrub_owned(element),
                            found_namespace: found_namespace.map(|ns| self.scrub_owned(ns)),
                        }
                    }
                    DecodeErrorKind::Unexpected { element } => {
                        DecodeErrorKind::Unexpected { element: self.scrub_owned(element) }
                    }
                    DecodeErrorKind::Duplicate { element } => {
                        DecodeErrorKind::Duplicate { element: self.scrub_owned(element) }
                    }
                    DecodeErrorKind::Malformed(m) => {
                        DecodeErrorKind::Malformed(cap_text(&self.scrub_owned(m), MAX_ERROR_TEXT))
                    }
                    DecodeErrorKind::Json(m) => DecodeErrorKind::Json(cap_text(&self.scrub_owned(m), MAX_ERROR_TEXT)),
                    DecodeErrorKind::Multipart(m) => {
                        DecodeErrorKind::Multipart(cap_text(&self.scrub_owned(m), MAX_ERROR_TEXT))
                    }
                };
                Error::Decode(e)
            }
            Error::Api(mut api) => {
                api.code = api.code.take().map(|c| self.scrub_owned(c));
                api.message = api.message.take().map(|m| self.scrub_owned(m));
                if let Some(details) = &mut api.details {
                    self.scrub_json(details);
                }
                Error::Api(api)
            }
            Error::Redirect { status, location } => Error::Redirect { status, location: self.scrub_owned(location) },
            Error::Unsupported(m) => Error::Unsupported(self.scrub_owned(m)),
            other => other,
        }
    }

    /// Scrubs every string (and object key) of a JSON value.
    pub fn scrub_json(&self, value: &mut serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                if let Cow::Owned(new) = self.scrub(s) {
                    *s = new;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_json(v)),
            Value::Object(map) => {
                let old = std::mem::take(map);
                for (k, mut v) in old {
                    self.scrub_json(&mut v);
                    map.insert(self.scrub_owned(k), v);
                }
            }
            Value::Number(n) => {
                if let Cow::Owned(s) = self.scrub(&n.to_string()) {
                    *value = Value::String(s);
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }
}

/// How a secret's characters are matched against a text's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    /// In any letter case.
    AnyCase,
    /// As written.
    AsWritten,
    /// As written, and not inside a longer word (no letter or digit just before or after).
    Token,
}

/// Adds to `hits` the byte ranges of `units`' source text where a value of `secrets` occurs:
/// one range per run of adjacent units, so that markup skipped inside a match (a CDATA
/// boundary, a comment) is kept.
fn find(units: &[Unit], secrets: &[Vec<char>], how: Match, hits: &mut Vec<(usize, usize)>) {
    for secret in secrets {
        let n = secret.len();
        if n == 0 || n > units.len() {
            continue;
        }
        let mut i = 0;
        while i + n <= units.len() {
            let matched = units[i..i + n].iter().zip(secret).all(|(u, c)| match how {
                Match::AnyCase => u.matches(*c) || same_letter(u.c, *c),
                Match::AsWritten | Match::Token => u.matches(*c),
            });
            let bounded = how != Match::Token || {
                let word = |u: Option<&Unit>| u.is_some_and(|u| u.c.is_alphanumeric());
                !word(i.checked_sub(1).and_then(|j| units.get(j))) && !word(units.get(i + n))
            };
            if matched && bounded {
                let mut run = (units[i].start, units[i].end);
                for u in &units[i + 1..i + n] {
                    if u.start == run.1 {
                        run.1 = u.end;
                    } else {
                        hits.push(run);
                        run = (u.start, u.end);
                    }
                }
                hits.push(run);
                i += n;
            } else {
                i += 1;
            }
        }
    }
}

/// Whether two characters are the same letter in another case.
fn same_letter(a: char, b: char) -> bool {
    a.is_alphabetic() && b.is_alphabetic() && a.to_lowercase().eq(b.to_lowercase())
}

/// The base64 texts that stand for `bytes` inside any base64 text carrying them (standard and
/// URL-safe alphabets, each of the three alignments: the characters whose six bits all come
/// from `bytes`), those of [`MIN_BASE64_FORM`] characters or more.
fn base64_forms(bytes: &[u8]) -> Vec<String> {
    use base64::Engine as _;
    let mut out = Vec::new();
    for skip in 0..3usize {
        let mut padded = vec![0u8; skip];
        padded.extend_from_slice(bytes);
        let encoded = base64::engine::general_purpose::STANDARD_NO_PAD.encode(&padded);
        let from = (8 * skip).div_ceil(6);
        let to = (8 * padded.len()) / 6;
        let Some(core) = encoded.get(from..to) else { continue };
        if core.len() < MIN_BASE64_FORM {
            continue;
        }
        let url_safe = core.replace('+', "-").replace('/', "_");
        if url_safe != core {
            out.push(url_safe);
        }
        out.push(core.to_owned());
    }
    out
}

fn local_name(e: &quick_xml::events::BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// One character of a text as a reader of any escaping would see it, with the byte range of
/// the original text it came from.
#[derive(Clone, Copy, Debug)]
struct Unit {
    c: char,
    /// A raw `+`: a space in form encoding, a plus anywhere else.
    plus: bool,
    start: usize,
    end: usize,
}

impl Unit {
    fn matches(&self, c: char) -> bool {
        self.c == c || (self.plus && c == ' ')
    }
}

/// The characters of `text` as they are.
fn raw_units(text: &str) -> Vec<Unit> {
    text.char_indices().map(|(i, c)| Unit { c, plus: false, start: i, end: i + c.len_utf8() }).collect()
}

/// The characters of `text` with one level of XML, percent or JSON escaping undone.
fn decode_units(text: &str) -> Vec<Unit> {
    let bytes = text.as_bytes();
    let mut units = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        // Markup that may split a value in XML: passed over, so that a match runs across it.
        if let Some(skip) = markup_len(&text[i..]) {
            i += skip;
            continue;
        }
        let (c, len, plus) = match bytes[i] {
            b'&' => xml_escape(&text[i..]).map_or(('&', 1, false), |(c, n)| (c, n, false)),
            b'%' => percent_escape(&text[i..]).map_or(('%', 1, false), |(c, n)| (c, n, false)),
            b'\\' => json_escape(&text[i..]).map_or(('\\', 1, false), |(c, n)| (c, n, false)),
            b'+' => ('+', 1, true),
            _ => {
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                (c, c.len_utf8(), false)
            }
        };
        units.push(Unit { c, plus, start: i, end: i + len });
        i += len;
    }
    units
}

/// The length of a CDATA boundary (`<![CDATA[`, `]]>`) or a whole comment at the start of `s`.
fn markup_len(s: &str) -> Option<usize> {
    if s.starts_with("<![CDATA[") {
        Some(9)
    } else if s.starts_with("]]>") {
        Some(3)
    } else {
        s.strip_prefix("<!--").map(|comment| comment.find("-->").map_or(s.len(), |end| end + 7))
    }
}

/// `units` with one more level of escaping undone, each new unit covering the source bytes of
/// the units it came from; `None` when there was nothing more to undo.
fn decode_again(units: &[Unit]) -> Option<Vec<Unit>> {
    let text: String = units.iter().map(|u| u.c).collect();
    // For each byte of `text`, the unit it came from.
    let mut owner = Vec::with_capacity(text.len());
    for (k, u) in units.iter().enumerate() {
        owner.extend(std::iter::repeat_n(k, u.c.len_utf8()));
    }
    let decoded = decode_units(&text);
    if decoded.len() == units.len() && decoded.iter().zip(units).all(|(d, u)| d.c == u.c) {
        return None;
    }
    Some(
        decoded
            .into_iter()
            .map(|d| {
                let first = &units[owner[d.start]];
                let last = &units[owner[d.end - 1]];
                Unit { c: d.c, plus: d.plus || (d.end - d.start == 1 && first.plus), start: first.start, end: last.end }
            })
            .collect(),
    )
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NN;` `&#xHH;` at the start of `s`.
fn xml_escape(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|b| *b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse::<u32>().ok()?
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

fn hex_byte(s: &[u8]) -> Option<u8> {
    let h = std::str::from_utf8(s.get(..2)?).ok()?;
    u8::from_str_radix(h, 16).ok()
}

/// `%HH` (one to four of them forming one UTF-8 character) at the start of `s`.
fn percent_escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let first = hex_byte(b.get(1..)?)?;
    let n = match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return None,
    };
    let mut buf = [0u8; 4];
    for (k, slot) in buf.iter_mut().enumerate().take(n) {
        if b.get(3 * k) != Some(&b'%') {
            return None;
        }
        *slot = hex_byte(b.get(3 * k + 1..)?)?;
    }
    let c = std::str::from_utf8(&buf[..n]).ok()?.chars().next()?;
    Some((c, 3 * n))
}

/// A JSON escape (`\uHHHH`, a surrogate pair, `\"`, `\\`, `\/`, `\n`, ...) at the start of `s`.
fn json_escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let c = match b.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'u' => {
            let hi = u32::from_str_radix(s.get(2..6)?, 16).ok()?;
            if (0xd800..0xdc00).contains(&hi) {
                if s.get(6..8)? != "\\u" {
                    return None;
                }
                let lo = u32::from_str_radix(s.get(8..12)?, 16).ok()?;
                let c = char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo.checked_sub(0xdc00)? & 0x3ff))?;
                return Some((c, 12));
            }
            return Some((char::from_u32(hi)?, 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(values: &[&str]) -> Secrets {
        let mut s = Secrets::new();
        values.iter().for_each(|v| s.add(v));
        s
    }

    #[test]
    fn scrubs_raw_and_escaped_forms() {
        let s = secrets(&["TC2SESSION-a&b<c>", "k+y/=z"]);
        for text in [
            "Session TC2SESSION-a&b<c> expired",
            "Session TC2SESSION-a&amp;b&lt;c&gt; expired",
            "Session &#84;C2SESSION-a&#x26;b&#60;c&#62; expired",
            "Session TC2SESSION-a%26b%3Cc%3E expired",
            "Session TC2SESSION-a\\u0026b\\u003cc\\u003E expired",
            "Session \\u0054C2SESSION-a&amp;b%3cc\\u003e expired",
        ] {
            assert_eq!(s.scrub(text), "Session *** expired", "{text}");
        }
        assert_eq!(s.scrub("key k%2By%2F%3Dz!"), "key ***!");
        assert_eq!(s.scrub("nothing here"), "nothing here");
        assert!(matches!(s.scrub("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn short_values_are_whole_tokens_and_longest_wins() {
        let s = secrets(&["ab", "abcdef", "abc", "x"]);
        assert_eq!(s.len(), 3);
        assert_eq!(s.scrub("xabcdefx abc ab about"), "x***x *** *** about");
        assert_eq!(s.scrub("password 'ab' is wrong; lab"), "password '***' is wrong; lab");
        assert_eq!(format!("{s:?}"), "Secrets(3 values)");
    }

    #[test]
    fn any_case_nested_escapes_base64_and_split_values() {
        let s = secrets(&["TC2SESSION-7f3a9c41d2"]);
        for text in [
            "Session tc2session-7f3a9c41d2 expired",
            "Session TC2SESSION-7F3A9C41D2 expired",
            "Session TC2SESSION-7f3a9c41d2 expired".replace('-', "&amp;#45;").as_str(),
            "Session TC2SESSION%252D7f3a9c41d2 expired",
        ] {
            assert_eq!(s.scrub(text), "Session *** expired", "{text}");
        }
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        for prefix in ["", "u:", "us:", "use:"] {
            let text = format!("Basic {}", b64.encode(format!("{prefix}TC2SESSION-7f3a9c41d2")));
            assert!(!s.scrub(&text).contains(&b64.encode("TC2SESSION-7f3a9c41d2")[4..20]), "{text}");
            assert!(s.scrub(&text).contains("***"), "{text}");
        }
        // Split by a CDATA boundary: both pieces blanked, the markup kept.
        assert_eq!(s.scrub("<r><![CDATA[TC2SESS]]>ION-7f3a9c41d2</r>"), "<r><![CDATA[***]]>***</r>");
        assert_eq!(s.scrub("TC2SESS<!-- x -->ION-7f3a9c41d2!"), "***<!-- x -->***!");
        // Unrelated text stays.
        assert_eq!(s.scrub("Session TC2SESSION-other expired"), "Session TC2SESSION-other expired");
    }

    #[test]
    fn secrets_that_look_like_escapes_are_found_raw_too() {
        let s = secrets(&["%41b&amp;c\\u0041"]);
        assert_eq!(s.scrub("x %41b&amp;c\\u0041 y"), "x *** y");
    }

    #[test]
    fn plus_is_a_space_in_forms() {
        let s = secrets(&["my pass word"]);
        assert_eq!(s.scrub("p=my+pass%20word&x"), "p=***&x");
    }

    #[test]
    fn collects_secret_elements_and_attributes() {
        let mut s = Secrets::new();
        s.collect_xml(
            r#"<GetRefreshToken><SessionID>sess-1</SessionID><Name>bob</Name><Auth Password="pw&amp;1" user="u"/>
               <Credentials><User>inner-user</User><Password>a&amp;b&#x3C;c</Password></Credentials>
               <X apiKey="key-1"/><Other>x</Other><PartnerId>1234</PartnerId></GetRefreshToken>"#,
            &["pin"],
        );
        let text = "sess-1 bob pw&1 inner-user key-1 a&b<c 1234";
        assert_eq!(s.scrub(text), "*** bob *** inner-user *** *** 1234");
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn json_surrogates_and_broken_escapes() {
        let s = secrets(&["a😀b"]);
        assert_eq!(s.scrub(r#"a\ud83d\ude00b"#), "***");
        assert_eq!(s.scrub("&#xzz; %zz \\uzzzz \\"), "&#xzz; %zz \\uzzzz \\");
    }
}
