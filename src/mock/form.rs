//! Form and multipart request bodies as a REST mock reads them: the reverse of the client's
//! encoders (`crate::rest::media`). A body is parsed into its fields (a form's pairs; a
//! multipart body's parts: text, a file with its name and media type, or JSON when the part says
//! `application/json`), grouped by name in order, and handed to the request type's `Deserialize`
//! through a deserializer of those fields: a scalar is read from its text as the field's type
//! asks (a number, a boolean, a string, an enumeration value), a repeated name is a list, an
//! object (or a list of objects) from its JSON text, a file part as a `Binary` with its names.

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};

use crate::rest::Binary;

/// One value of a field.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FormValue {
    /// A form pair's value or a multipart text part.
    Text(String),
    /// A multipart part with a file name (or a media type other than text and JSON).
    File(Binary),
    /// A multipart part sent as `application/json`.
    Json(String),
}

/// The pairs of a form-urlencoded body.
pub(super) fn form_fields(body: &[u8]) -> Vec<(String, FormValue)> {
    form_urlencoded::parse(body).into_owned().map(|(k, v)| (k, FormValue::Text(v))).collect()
}

/// The parts of a `multipart/form-data` body whose `Content-Type` is `content_type`.
pub(super) fn multipart_fields(content_type: &str, body: &[u8]) -> Result<Vec<(String, FormValue)>, String> {
    let boundary = content_type
        .split(';')
        .skip(1)
        .find_map(|p| p.split_once('=').filter(|(k, _)| k.trim().eq_ignore_ascii_case("boundary")))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .ok_or("a multipart body needs a `boundary` parameter in its Content-Type")?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut fields = Vec::new();
    let mut rest = body;
    let start = find(rest, &delimiter).ok_or("the multipart body has no boundary")?;
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Ok(fields);
        }
        let rest_part = rest.strip_prefix(b"\r\n").ok_or("a boundary line does not end with CRLF")?;
        let end =
            find(rest_part, &[b"\r\n".as_slice(), &delimiter].concat()).ok_or("a part does not end with a boundary")?;
        fields.push(part(&rest_part[..end])?);
        rest = &rest_part[end + 2 + delimiter.len()..];
    }
}

/// One part: its headers, a blank line, its content.
fn part(raw: &[u8]) -> Result<(String, FormValue), String> {
    let split = find(raw, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
    let headers = std::str::from_utf8(&raw[..split]).map_err(|_| "a part's headers are not UTF-8")?;
    let content = &raw[split + 4..];
    let (mut name, mut file_name, mut media) = (None, None, None);
    for line in headers.split("\r\n") {
        let Some((header, value)) = line.split_once(':') else { continue };
        if header.trim().eq_ignore_ascii_case("content-type") {
            media = Some(value.trim().to_owned());
        } else if header.trim().eq_ignore_ascii_case("content-disposition") {
            for param in value.split(';').skip(1) {
                let Some((k, v)) = param.split_once('=') else { continue };
                let v =
                    percent_encoding::percent_decode_str(v.trim().trim_matches('"')).decode_utf8_lossy().into_owned();
                match k.trim() {
                    "name" => name = Some(v),
                    "filename" => file_name = Some(v),
                    _ => {}
                }
            }
        }
    }
    let name = name.ok_or("a part's Content-Disposition has no `name`")?;
    let text = || String::from_utf8(content.to_vec()).map_err(|_| format!("part `{name}` is not UTF-8 text"));
    let value = match (&file_name, media.as_deref()) {
        (None, None) => FormValue::Text(text()?),
        (None, Some(m)) if m.starts_with("text/") => FormValue::Text(text()?),
        (None, Some(m)) if m.starts_with("application/json") => FormValue::Json(text()?),
        _ => {
            let mut file = Binary::new(content.to_vec());
            if let Some(n) = file_name {
                file = file.with_file_name(n);
            }
            if let Some(m) = media {
                file = file.with_content_type(m);
            }
            FormValue::File(file)
        }
    };
    Ok((name, value))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `T` read from `fields` (see the module documentation).
pub(super) fn decode<T: de::DeserializeOwned>(fields: Vec<(String, FormValue)>) -> Result<T, String> {
    let mut grouped: Vec<(String, Vec<FormValue>)> = Vec::new();
    for (name, value) in fields {
        match grouped.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => grouped.push((name, vec![value])),
        }
    }
    T::deserialize(MapDeserializer::<_, FormError>::new(grouped.into_iter().map(|(k, v)| (k, Values(v)))))
        .map_err(|e| e.0)
}

/// Why a field does not read.
#[derive(Debug)]
struct FormError(String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl de::Error for FormError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FormError(msg.to_string())
    }
}

/// The values of one field.
struct Values(Vec<FormValue>);

impl<'de> IntoDeserializer<'de, FormError> for Values {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl Values {
    fn one(&self) -> Option<&FormValue> {
        match self.0.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The one text value, parsed as `what`.
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, FormError> {
        match self.one() {
            Some(FormValue::Text(t)) => t.trim().parse().map_err(|_| FormError(format!("`{t}` is not a valid {what}"))),
            _ => Err(FormError(format!("expected one {what} value"))),
        }
    }

    /// The one value's JSON text (a JSON part, or a text one holding JSON).
    fn json(&self) -> Option<&str> {
        match self.one()? {
            FormValue::Json(t) | FormValue::Text(t) => Some(t),
            FormValue::File(_) => None,
        }
    }
}

/// A JSON deserializer owning `text` (so that it lends nothing to the values it reads).
fn json(text: String) -> serde_json::Deserializer<serde_json::de::IoRead<std::io::Cursor<Vec<u8>>>> {
    serde_json::Deserializer::from_reader(std::io::Cursor::new(text.into_bytes()))
}

macro_rules! parsed {
    ($($method:ident => $visit:ident: $t:ty, $what:literal;)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
            visitor.$visit(self.parse::<$t>($what)?)
        })*
    };
}

impl<'de> Deserializer<'de> for Values {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        let mut values = self.0;
        if values.len() != 1 {
            return if values.is_empty() { visitor.visit_none() } else { Values(values).deserialize_seq(visitor) };
        }
        match values.remove(0) {
            // An object or a list in a form field is its JSON text (the client writes it so).
            FormValue::Text(t) if t.starts_with(['{', '[']) && serde_json::from_str::<de::IgnoredAny>(&t).is_ok() => {
                json(t).deserialize_any(visitor).map_err(de::Error::custom)
            }
            FormValue::Text(t) => visitor.visit_string(t),
            FormValue::Json(t) => json(t).deserialize_any(visitor).map_err(de::Error::custom),
            file @ FormValue::File(_) => Values(vec![file]).deserialize_struct("", &[], visitor),
        }
    }

    fn is_human_readable(&self) -> bool {
        !matches!(self.one(), Some(FormValue::File(_)))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        if self.0.is_empty() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    parsed! {
        deserialize_bool => visit_bool: bool, "boolean";
        deserialize_i8 => visit_i8: i8, "integer";
        deserialize_i16 => visit_i16: i16, "integer";
        deserialize_i32 => visit_i32: i32, "integer";
        deserialize_i64 => visit_i64: i64, "integer";
        deserialize_u8 => visit_u8: u8, "integer";
        deserialize_u16 => visit_u16: u16, "integer";
        deserialize_u32 => visit_u32: u32, "integer";
        deserialize_u64 => visit_u64: u64, "integer";
        deserialize_f32 => visit_f32: f32, "number";
        deserialize_f64 => visit_f64: f64, "number";
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        // A list of objects travels as one JSON array.
        if let [FormValue::Json(t)] = self.0.as_slice() {
            return json(t.clone()).deserialize_seq(visitor).map_err(de::Error::custom);
        }
        visitor.visit_seq(SeqDeserializer::new(self.0.into_iter().map(|v| Values(vec![v]))))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        if let Some(FormValue::File(file)) = self.one() {
            let entries = [
                ("data", FileField::Bytes(file.data().to_vec())),
                ("file_name", FileField::Text(file.file_name().map(str::to_owned))),
                ("content_type", FileField::Text(file.content_type().map(str::to_owned))),
            ];
            return visitor.visit_map(MapDeserializer::new(entries.into_iter()));
        }
        match self.json() {
            Some(t) => json(t.to_owned()).deserialize_struct(name, fields, visitor).map_err(de::Error::custom),
            None => Err(FormError("expected one JSON object".to_owned())),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.json() {
            Some(t) => json(t.to_owned()).deserialize_map(visitor).map_err(de::Error::custom),
            None => Err(FormError("expected one JSON object".to_owned())),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        match self.one() {
            Some(FormValue::Text(t)) => visitor.visit_enum(t.clone().into_deserializer()),
            Some(FormValue::Json(t)) => {
                json(t.clone()).deserialize_enum(name, variants, visitor).map_err(de::Error::custom)
            }
            _ => Err(FormError("expected one value".to_owned())),
        }
    }

    /// A string field takes the text as it is, even when it looks like JSON.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.0.as_slice() {
            [FormValue::Text(_)] => match self.0.into_iter().next() {
                Some(FormValue::Text(t)) => visitor.visit_string(t),
                _ => unreachable!("matched one text value"),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct tuple tuple_struct identifier ignored_any
    }
}

/// A field of a file's struct form (see `Binary`'s `Deserialize`).
enum FileField {
    Bytes(Vec<u8>),
    Text(Option<String>),
}

impl<'de> IntoDeserializer<'de, FormError> for FileField {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for FileField {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self {
            FileField::Bytes(b) => visitor.visit_byte_buf(b),
            FileField::Text(Some(t)) => visitor.visit_some(t.into_deserializer()),
            FileField::Text(None) => visitor.visit_none(),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Upload {
        title: String,
        count: Option<u32>,
        #[serde(default)]
        tags: Vec<String>,
        meta: Option<serde_json::Value>,
        file: Option<Binary>,
        flag: bool,
    }

    #[test]
    fn a_form_reads_scalars_lists_and_json_by_the_field_types() {
        let fields = form_fields(b"title=a+%26+b&count=7&tags=x&tags=y&meta=%7B%22k%22%3A1%7D&flag=true");
        let upload: Upload = decode(fields).unwrap();
        assert_eq!(upload.title, "a & b");
        // A string that looks like JSON stays a string.
        let json_like: Upload = decode(form_fields(b"title=%5B%5D&tags=%7B%7D&flag=false")).unwrap();
        assert_eq!((json_like.title.as_str(), json_like.tags[0].as_str()), ("[]", "{}"));
        assert_eq!((upload.count, upload.flag), (Some(7), true));
        assert_eq!(upload.tags, ["x", "y"]);
        assert_eq!(upload.meta, Some(serde_json::json!({ "k": 1 })));
        let bad = decode::<Upload>(form_fields(b"title=t&count=many&flag=true")).unwrap_err();
        assert_eq!(bad, "`many` is not a valid integer");
    }

    #[test]
    fn a_multipart_body_keeps_file_names_and_media_types() {
        let body = b"--b1\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nreport\r\n\
            --b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\
            --b1\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n[1,2]\r\n\
            --b1\r\nContent-Disposition: form-data; name=\"flag\"\r\n\r\nfalse\r\n--b1--\r\n";
        let fields = multipart_fields("multipart/form-data; boundary=b1", body).unwrap();
        let upload: Upload = decode(fields).unwrap();
        assert_eq!(upload.title, "report");
        let file = upload.file.unwrap();
        assert_eq!(
            (file.data().as_ref(), file.file_name(), file.content_type()),
            (&b"\x89PNG"[..], Some("a b.png"), Some("image/png"))
        );
        assert_eq!(upload.meta, Some(serde_json::json!([1, 2])));
        assert!(multipart_fields("multipart/form-data", body).unwrap_err().contains("boundary"));
    }
}
