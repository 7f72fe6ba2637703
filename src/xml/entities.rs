//! Character data as the document means it: the five predefined entity references and character
//! references resolved, line ends normalized (`\r\n` and `\r` read as `\n`), and attribute
//! values normalized (white space characters read as spaces). Borrowed when there is nothing to
//! change, which is nearly always. Any other entity reference is refused: the reader does not
//! read DTDs, so no document can declare one it would honour.

use std::borrow::Cow;

use memchr::{memchr, memchr2};

/// Why a reference cannot be resolved, and at which byte of the text it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityError {
    /// Offset of the `&` in the text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

/// Text content: references resolved, line ends normalized.
#[inline]
pub fn text(raw: &str) -> Result<Cow<'_, str>, EntityError> {
    if memchr2(b'&', b'\r', raw.as_bytes()).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    resolve(raw, false).map(Cow::Owned)
}

/// CDATA content: line ends normalized, nothing else.
pub fn cdata(raw: &str) -> Cow<'_, str> {
    if memchr(b'\r', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
}

/// An attribute value: references resolved, and every literal white space character (`\t`,
/// `\n`, `\r`, a `\r\n` pair as one) read as a space (XML 1.0, 3.3.3; characters written as
/// references stay as they are).
#[inline]
pub fn attribute(raw: &str) -> Result<Cow<'_, str>, EntityError> {
    if !raw.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Ok(Cow::Borrowed(raw));
    }
    resolve(raw, true).map(Cow::Owned)
}

fn resolve(raw: &str, attribute: bool) -> Result<String, EntityError> {
    let mut out = String::with_capacity(raw.len());
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut plain_from = 0;
    while i < bytes.len() {
        if !attribute {
            // Text: jump to the next character that needs work.
            match memchr2(b'&', b'\r', &bytes[i..]) {
                Some(j) => i += j,
                None => break,
            }
        }
        match bytes[i] {
            b'&' => {
                out.push_str(&raw[plain_from..i]);
                let (resolved, len) = reference(raw, i)?;
                out.push(resolved);
                i += len;
                plain_from = i;
            }
            b'\r' => {
                out.push_str(&raw[plain_from..i]);
                out.push(if attribute { ' ' } else { '\n' });
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                plain_from = i;
            }
            b'\t' | b'\n' if attribute => {
                out.push_str(&raw[plain_from..i]);
                out.push(' ');
                i += 1;
                plain_from = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&raw[plain_from..]);
    Ok(out)
}

/// The longest reference read (`&#x0010FFFF;` and the like; anything longer is refused).
const MAX_REFERENCE: usize = 32;

/// The character the reference at `raw[at..]` (`&...;`) stands for, and its length.
fn reference(raw: &str, at: usize) -> Result<(char, usize), EntityError> {
    let rest = &raw.as_bytes()[at + 1..];
    let err = |message: String| EntityError { at, message };
    let Some(semi) = memchr(b';', &rest[..rest.len().min(MAX_REFERENCE)]) else {
        let shown: String = raw[at..].chars().take(12).collect();
        return Err(err(format!("`&` that starts no reference (`{shown}...`): write `&amp;`")));
    };
    let name = &raw[at + 1..at + 1 + semi];
    let c = match name.as_bytes() {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"apos" => '\'',
        b"quot" => '"',
        _ => match name.strip_prefix('#') {
            Some(number) => char_reference(number)
                .ok_or_else(|| err(format!("character reference `&{name};` is not a character XML allows")))?,
            None => return Err(err(format!("unknown entity `&{name};`"))),
        },
    };
    Ok((c, semi + 2))
}

/// `N` or `xH` of a character reference, when it names an XML 1.0 `Char`.
fn char_reference(number: &str) -> Option<char> {
    let code = match number.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok()?,
        _ => return None,
    };
    let allowed = matches!(code, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
    if allowed { char::from_u32(code) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_line_ends() {
        assert!(matches!(text("plain"), Ok(Cow::Borrowed("plain"))));
        assert_eq!(text("a &lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x1F600;").unwrap(), "a <>&'\" AB\u{1F600}");
        assert_eq!(text("a\r\nb\rc").unwrap(), "a\nb\nc");
        assert_eq!(cdata("a\r\nb&lt;").as_ref(), "a\nb&lt;");
        assert_eq!(attribute("a\tb\r\nc\nd&#10;").unwrap(), "a b c d\n");
        assert!(matches!(attribute("x y"), Ok(Cow::Borrowed("x y"))));
    }

    #[test]
    fn bad_references_are_refused_where_they_start() {
        for (raw, at, says) in [
            ("ab &nope; c", 3, "unknown entity `&nope;`"),
            ("a & b", 2, "starts no reference"),
            ("&#0;", 0, "not a character"),
            ("x&#xD800;", 1, "not a character"),
            ("&#x;", 0, "not a character"),
            ("&#12a;", 0, "not a character"),
        ] {
            let e = text(raw).unwrap_err();
            assert_eq!(e.at, at, "{raw}");
            assert!(e.message.contains(says), "{raw}: {}", e.message);
        }
    }
}
