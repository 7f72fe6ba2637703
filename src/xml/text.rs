//! The [`Text`] trait (lexical form of XSD simple types and generated enums; the bytes of an
//! MTOM attachment for `base64Binary`, received or sent) and its impls for std types and
//! `Decimal`. Date/time and byte types implement it in [`crate::types`].

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::name::{Name, XSD_NS};

/// A value with a lexical form: xsd simple types and generated enums.
pub trait Text: Sized {
    /// The XSD name used in error messages ("int", "boolean", ...).
    const XSD_TYPE: &'static str;
    /// The schema type, written as `xsi:type` in SOAP-encoded (rpc/encoded) messages. Defaults to
    /// `xsd:{XSD_TYPE}`, right for the built-ins; generated enums and list types name their own
    /// schema type.
    const SCHEMA_TYPE: Option<Name<'static>> = Some(Name::qualified(XSD_NS, Self::XSD_TYPE));
    /// The lexical form (unescaped).
    fn to_text(&self) -> Cow<'_, str>;
    /// `Err(reason)` when `text` is not a valid lexical form.
    fn from_text(text: &str) -> Result<Self, String>;
    /// Appends the lexical form to `out` when it needs neither escaping nor checking (numbers,
    /// booleans) and returns `true`; the default returns `false` and the writer goes through
    /// [`Text::to_text`]. Saves a `String` per number written.
    #[doc(hidden)]
    fn write_plain_text(&self, _out: &mut String) -> bool {
        false
    }
    /// The value of an element whose content is an MTOM/XOP `<xop:Include href="cid:..."/>`:
    /// `bytes` are the attachment it names, as received (see [`crate::mtom`]). Only
    /// `xs:base64Binary` values may be sent that way: the default refuses, naming the type;
    /// [`crate::types::Base64`] and [`crate::rest::Binary`] take the bytes without a copy.
    fn from_attachment(bytes: Vec<u8>) -> Result<Self, String> {
        let _ = bytes;
        Err(format!(
            "an MTOM attachment (xop:Include) where a {} was expected: only base64Binary values can be attachments",
            Self::XSD_TYPE
        ))
    }
    /// The bytes an MTOM request may send as an attachment instead of the lexical form: the
    /// [`Writer`](crate::xml::Writer) of a client with MTOM on (see [`crate::mtom`]) writes a
    /// value whose bytes are at least its threshold long as `<xop:Include href="cid:..."/>` and
    /// sends the bytes as a part, unencoded. Only `xs:base64Binary` values can be sent that way:
    /// the default is `None`; [`crate::types::Base64`] and [`crate::rest::Binary`] give their
    /// bytes.
    fn as_attachment(&self) -> Option<&[u8]> {
        None
    }
    /// [`Text::as_attachment`]'s bytes as the part's own buffer: a copy by default;
    /// [`crate::rest::Binary`] shares its buffer.
    #[doc(hidden)]
    fn attachment_bytes(&self) -> Option<bytes::Bytes> {
        self.as_attachment().map(bytes::Bytes::copy_from_slice)
    }
    /// Whether the text is a WS-I `swaRef` (`cid:` URL of a SOAP-with-Attachments part) that the
    /// reader resolves through [`Text::from_swa_ref`] (only [`crate::types::SwaRef`]).
    #[doc(hidden)]
    const SWA_REF: bool = false;
    /// The value of a `swaRef` whose text is `uri`, with the bytes of the part it names when the
    /// reply has attachments (`None` otherwise). Called only when [`Text::SWA_REF`] is set.
    #[doc(hidden)]
    fn from_swa_ref(uri: &str, bytes: Option<Vec<u8>>) -> Result<Self, String> {
        let _ = bytes;
        Self::from_text(uri)
    }
}

impl Text for String {
    const XSD_TYPE: &'static str = "string";

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl Text for bool {
    const XSD_TYPE: &'static str = "boolean";

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }

    fn write_plain_text(&self, out: &mut String) -> bool {
        out.push_str(if *self { "true" } else { "false" });
        true
    }

    fn from_text(text: &str) -> Result<Self, String> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err("expected true, false, 1 or 0".into()),
        }
    }
}

macro_rules! integer_text {
    ($($t:ty => $xsd:literal),* $(,)?) => {$(
        impl Text for $t {
            const XSD_TYPE: &'static str = $xsd;

            fn to_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }

            fn from_text(text: &str) -> Result<Self, String> {
                text.trim().parse::<$t>().map_err(|e| e.to_string())
            }

            fn write_plain_text(&self, out: &mut String) -> bool {
                use std::fmt::Write as _;
                // Writing to a `String` cannot fail.
                let _ = write!(out, "{self}");
                true
            }
        }
    )*};
}

integer_text!(
    i8 => "byte", i16 => "short", i32 => "int", i64 => "long",
    u8 => "unsignedByte", u16 => "unsignedShort", u32 => "unsignedInt", u64 => "unsignedLong",
);

macro_rules! float_text {
    ($($t:ty => $xsd:literal),*) => {$(
        impl Text for $t {
            const XSD_TYPE: &'static str = $xsd;

            fn to_text(&self) -> Cow<'_, str> {
                if self.is_nan() {
                    Cow::Borrowed("NaN")
                } else if self.is_infinite() {
                    Cow::Borrowed(if *self > 0.0 { "INF" } else { "-INF" })
                } else {
                    Cow::Owned(format!("{self:?}"))
                }
            }

            fn from_text(text: &str) -> Result<Self, String> {
                match text.trim() {
                    "INF" | "+INF" => Ok(<$t>::INFINITY),
                    "-INF" => Ok(<$t>::NEG_INFINITY),
                    "NaN" => Ok(<$t>::NAN),
                    t if t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E')) =>
                        t.parse::<$t>().map_err(|e| e.to_string()),
                    _ => Err("expected a number, INF, -INF or NaN".into()),
                }
            }
        }
    )*};
}

float_text!(f32 => "float", f64 => "double");

impl Text for Decimal {
    const XSD_TYPE: &'static str = "decimal";

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }

    fn from_text(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.contains(['e', 'E']) {
            return Err("exponents are not allowed in xsd:decimal".into());
        }
        t.parse::<Decimal>().map_err(|e| e.to_string())
    }
}

/// The lexical form of an XSD list type: the items' forms separated by single spaces.
pub fn list_to_text<T: Text>(items: &[T]) -> Cow<'_, str> {
    let forms: Vec<Cow<'_, str>> = items.iter().map(Text::to_text).collect();
    Cow::Owned(forms.join(" "))
}

/// Parses an XSD list type's whitespace-separated items; the first invalid item's reason.
pub fn list_from_text<T: Text>(text: &str) -> Result<Vec<T>, String> {
    text.split_whitespace().map(T::from_text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives_round_trip() {
        assert_eq!(i32::from_text(" 42 ").unwrap(), 42);
        assert!(i32::from_text("4x").is_err());
        assert!(u8::from_text("-1").is_err());
        assert!(bool::from_text("1").unwrap());
        assert!(bool::from_text("yes").is_err());
        assert_eq!(f64::from_text("INF").unwrap(), f64::INFINITY);
        assert_eq!(f64::NEG_INFINITY.to_text(), "-INF");
        assert!(f64::from_text("NaN").unwrap().is_nan());
        assert_eq!(f64::NAN.to_text(), "NaN");
        assert!(f64::from_text("inf").is_err());
        assert_eq!(f64::from_text("1.5E3").unwrap(), 1500.0);
        assert_eq!(1.0f64.to_text(), "1.0");
        assert_eq!(f32::from_text(&0.1f32.to_text()).unwrap(), 0.1f32);
        assert_eq!(Decimal::from_text("12.50").unwrap().to_text(), "12.50");
        assert!(Decimal::from_text("1e3").is_err());
        assert_eq!(String::from_text(" a ").unwrap(), " a ");
    }

    #[test]
    fn lists_split_on_white_space() {
        assert_eq!(list_from_text::<i32>(" 1\t2\n 3 ").unwrap(), [1, 2, 3]);
        assert_eq!(list_to_text(&[1, 2, 3]), "1 2 3");
        assert!(list_from_text::<i32>("1 x").is_err());
        assert_eq!(list_from_text::<i32>("").unwrap(), Vec::<i32>::new());
    }
}
