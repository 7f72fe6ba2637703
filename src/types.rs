//! XSD value types that have no exact std/chrono counterpart: [`DateTime`], [`Date`], [`Time`]
//! (xsd lexical forms with an optional timezone offset, parsed by chrono), the [`Decimal`]
//! re-export, the [`Base64`] / [`Hex`] byte newtypes, and [`SwaRef`] (a WS-I Attachments Profile
//! reference to a SOAP-with-Attachments part).
//!
//! Bytes are newtypes rather than `Vec<u8>` because `Vec<T>` already means "repeated element"
//! for fields: `Vec<u8>` is a repeated `xs:unsignedByte`, `Base64` is one `xs:base64Binary`.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use base64::Engine as _;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset as _};

use crate::xml::Text;

pub use rust_decimal::Decimal;

/// Splits an xsd timezone suffix (`Z`, `+hh:mm`, `-hh:mm`) off `text`.
fn split_offset(text: &str) -> Result<(&str, Option<FixedOffset>), String> {
    if let Some(rest) = text.strip_suffix('Z') {
        return Ok((rest, FixedOffset::east_opt(0)));
    }
    let bytes = text.as_bytes();
    let n = bytes.len();
    if n >= 6 && matches!(bytes[n - 6], b'+' | b'-') && bytes[n - 3] == b':' {
        let (rest, tz) = text.split_at(n - 6);
        let sign = if tz.starts_with('-') { -1 } else { 1 };
        let hours: i32 = tz[1..3].parse().map_err(|_| format!("bad timezone {tz:?}"))?;
        let minutes: i32 = tz[4..6].parse().map_err(|_| format!("bad timezone {tz:?}"))?;
        if hours > 14 || minutes > 59 {
            return Err(format!("timezone {tz:?} out of range"));
        }
        let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
            .ok_or_else(|| format!("timezone {tz:?} out of range"))?;
        return Ok((rest, Some(offset)));
    }
    Ok((text, None))
}

fn write_offset(out: &mut String, offset: Option<FixedOffset>) {
    if let Some(offset) = offset {
        let secs = offset.local_minus_utc();
        if secs == 0 {
            out.push('Z');
        } else {
            let sign = if secs < 0 { '-' } else { '+' };
            let secs = secs.abs();
            // Writing to a `String` cannot fail.
            let _ = write!(out, "{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60);
        }
    }
}

/// The [`Text`] and `Display` impls of an offset-carrying value type: its chrono value `$field`
/// (of type `$chrono`) in the chrono format `$format`, then the offset, if any.
macro_rules! offset_text {
    ($ty:ident, $field:ident: $chrono:ty, $xsd:literal, $format:literal) => {
        impl Text for $ty {
            const XSD_TYPE: &'static str = $xsd;

            fn to_text(&self) -> Cow<'_, str> {
                let mut out = self.$field.format($format).to_string();
                write_offset(&mut out, self.offset);
                Cow::Owned(out)
            }

            fn from_text(text: &str) -> Result<Self, String> {
                let (rest, offset) = split_offset(text.trim())?;
                let $field = <$chrono>::parse_from_str(rest, $format).map_err(|e| e.to_string())?;
                Ok($ty { $field, offset })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_text())
            }
        }
    };
}

/// `xs:dateTime`: a local date and time plus an optional offset (absent = unspecified zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// The date and time as written.
    pub local: NaiveDateTime,
    /// The timezone offset, when the value has one.
    pub offset: Option<FixedOffset>,
}

impl DateTime {
    /// A value with `local` time and an optional `offset`.
    pub fn new(local: NaiveDateTime, offset: Option<FixedOffset>) -> Self {
        DateTime { local, offset }
    }

    /// As a chrono `DateTime`, when the offset is known.
    pub fn to_chrono(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let offset = self.offset?;
        self.local.and_local_timezone(offset).single()
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime { local: value.naive_local(), offset: Some(value.offset().fix()) }
    }
}

offset_text!(DateTime, local: NaiveDateTime, "dateTime", "%Y-%m-%dT%H:%M:%S%.f");

/// `xs:date`: a date plus an optional offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// The date.
    pub date: NaiveDate,
    /// The timezone offset, when the value has one.
    pub offset: Option<FixedOffset>,
}

impl Date {
    /// A date without offset.
    pub fn new(date: NaiveDate) -> Self {
        Date { date, offset: None }
    }
}

offset_text!(Date, date: NaiveDate, "date", "%Y-%m-%d");

/// `xs:time`: a time of day plus an optional offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Time {
    /// The time of day.
    pub time: NaiveTime,
    /// The timezone offset, when the value has one.
    pub offset: Option<FixedOffset>,
}

impl Time {
    /// A time without offset.
    pub fn new(time: NaiveTime) -> Self {
        Time { time, offset: None }
    }
}

offset_text!(Time, time: NaiveTime, "time", "%H:%M:%S%.f");

/// `xs:base64Binary`: bytes written in base64 (standard alphabet, padded; whitespace tolerated
/// when reading).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Text for Base64 {
    const XSD_TYPE: &'static str = "base64Binary";

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(base64::engine::general_purpose::STANDARD.encode(&self.0))
    }

    fn from_text(text: &str) -> Result<Self, String> {
        // Line-wrapped values (MIME style) are common; a copy without the breaks only for them.
        let engine = base64::engine::general_purpose::STANDARD;
        let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
            let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            engine.decode(compact)
        } else {
            engine.decode(text)
        };
        decoded.map(Base64).map_err(|e| e.to_string())
    }

    /// The bytes of an MTOM attachment, kept as they are (no copy, no base64 round trip).
    fn from_attachment(bytes: Vec<u8>) -> Result<Self, String> {
        Ok(Base64(bytes))
    }

    /// Its bytes, sent as they are when MTOM is on and they reach the threshold.
    fn as_attachment(&self) -> Option<&[u8]> {
        Some(&self.0)
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(value: Vec<u8>) -> Self {
        Base64(value)
    }
}

/// `xs:hexBinary`: bytes written as hex digits (upper case when writing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Hex(pub Vec<u8>);

impl Text for Hex {
    const XSD_TYPE: &'static str = "hexBinary";

    fn to_text(&self) -> Cow<'_, str> {
        let mut out = String::with_capacity(self.0.len() * 2);
        for b in &self.0 {
            let _ = write!(out, "{b:02X}");
        }
        Cow::Owned(out)
    }

    fn from_text(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if !text.len().is_multiple_of(2) {
            return Err("odd number of hex digits".into());
        }
        (0..text.len())
            .step_by(2)
            .map(|i| {
                text.get(i..i + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| format!("invalid hex digits at {i}"))
            })
            .collect::<Result<Vec<u8>, String>>()
            .map(Hex)
    }
}

/// The namespace of the WS-I Attachments Profile schema that defines `swaRef`.
pub const WSI_SWA_NS: &str = "http://ws-i.org/profiles/basic/1.1/xsd";

/// `ref:swaRef` (WS-I Attachments Profile 1.0): a `cid:` URL naming a part of a SOAP with
/// Attachments (`multipart/related`) message.
///
/// Decoded from such a reply, [`SwaRef::data`] holds the bytes of the part it names (an unknown
/// `cid:` is a decode error); decoded from a plain XML reply it is `None` and only the URL is
/// kept. Written, it is its URL: sending attachments is not supported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SwaRef {
    /// The reference as written (`cid:...`).
    pub uri: String,
    /// The bytes of the part [`SwaRef::uri`] names, when the message had attachments.
    pub data: Option<Vec<u8>>,
}

impl SwaRef {
    /// A reference to the part with `Content-ID` `content_id` (percent-encoded into a `cid:` URL
    /// as RFC 2392 requires), without data.
    pub fn new(content_id: &str) -> Self {
        SwaRef { uri: crate::mtom::cid_url(content_id), data: None }
    }

    /// The `Content-ID` [`SwaRef::uri`] names (`Err` when it is no `cid:` URL).
    pub fn content_id(&self) -> Result<String, String> {
        crate::mtom::content_id_of_cid(&self.uri)
    }
}

impl Text for SwaRef {
    const XSD_TYPE: &'static str = "swaRef";
    const SCHEMA_TYPE: Option<crate::xml::Name<'static>> = Some(crate::xml::Name::qualified(WSI_SWA_NS, "swaRef"));
    const SWA_REF: bool = true;

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.uri)
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(SwaRef { uri: text.trim().to_owned(), data: None })
    }

    fn from_swa_ref(uri: &str, bytes: Option<Vec<u8>>) -> Result<Self, String> {
        Ok(SwaRef { uri: uri.trim().to_owned(), data: bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_forms() {
        for s in [
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.123+05:30",
            "2024-01-02T03:04:05-08:00",
        ] {
            let v = DateTime::from_text(s).unwrap();
            assert_eq!(v.to_text(), s);
        }
        let v = DateTime::from_text("2024-01-02T03:04:05+00:00").unwrap();
        assert_eq!(v.to_text(), "2024-01-02T03:04:05Z");
        assert!(v.to_chrono().is_some());
        assert!(DateTime::from_text("2024-01-02").is_err());
        assert!(DateTime::from_text("2024-01-02T03:04:05+25:00").is_err());
    }

    #[test]
    fn date_and_time() {
        assert_eq!(Date::from_text("2024-02-29-05:00").unwrap().to_text(), "2024-02-29-05:00");
        assert!(Date::from_text("2023-02-29").is_err());
        assert_eq!(Time::from_text(" 13:20:00.5Z ").unwrap().to_text(), "13:20:00.500Z");
    }

    #[test]
    fn bytes() {
        let b = Base64(b"hello".to_vec());
        assert_eq!(b.to_text(), "aGVsbG8=");
        assert_eq!(Base64::from_text("aGVs\n bG8=").unwrap(), b);
        assert!(Base64::from_text("!!").is_err());
        assert_eq!(Hex(vec![0x0f, 0xa0]).to_text(), "0FA0");
        assert_eq!(Hex::from_text("0fa0").unwrap(), Hex(vec![0x0f, 0xa0]));
        assert!(Hex::from_text("0fa").is_err());
        assert_eq!(Base64::from_attachment(vec![1, 2]).unwrap(), Base64(vec![1, 2]));
        assert_eq!(
            Hex::from_attachment(vec![1]).unwrap_err(),
            "an MTOM attachment (xop:Include) where a hexBinary was expected: only base64Binary values can be attachments"
        );
    }

    #[test]
    fn swa_refs() {
        let r = SwaRef::new("part 1@example.com");
        assert_eq!(r.uri, "cid:part%201@example.com");
        assert_eq!(r.content_id().unwrap(), "part 1@example.com");
        assert_eq!(r.to_text(), "cid:part%201@example.com");
        assert_eq!(SwaRef::from_text(" cid:x ").unwrap(), SwaRef { uri: "cid:x".into(), data: None });
        assert_eq!(SwaRef::from_swa_ref("cid:x", Some(vec![9])).unwrap().data, Some(vec![9]));
        assert_eq!(SwaRef::SCHEMA_TYPE, Some(crate::xml::Name::qualified(WSI_SWA_NS, "swaRef")));
    }
}
