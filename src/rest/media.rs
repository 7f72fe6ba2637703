//! Request and reply bodies that are not JSON or XML: [`Binary`] (raw bytes with an optional file
//! name and media type: `application/octet-stream`, images, file parts of a multipart form),
//! [`BodyEncoding`] (how an operation's request body goes on the wire), and the encoders of
//! `application/x-www-form-urlencoded`, `multipart/form-data` and raw bodies.
//!
//! The encoders read the body through its `Serialize` impl — the same derive JSON bodies use, so
//! a generated request type needs nothing more for these media types. Each top-level property
//! becomes one form field or one part: scalars as their text, [`Binary`] values as file parts,
//! arrays of those as one part (or field) per item, `None` left out; a property of any other shape
//! (an object, an array of objects) goes as its JSON text (in a multipart form, a part with
//! `Content-Type: application/json`), OpenAPI's default for such properties.
//!
//! [`Binary`] tells these encoders apart from JSON by serde's `is_human_readable`: the probing
//! serializer here is not human-readable and sees the bytes with their file name and media type;
//! JSON (human-readable) writes a `Binary` as a base64 string.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use bytes::Bytes;
use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::EncodeError;

/// Raw bytes with an optional file name and media type: the Rust type of OpenAPI
/// `format: binary` strings, `application/octet-stream` (or any non-text media type) request and
/// reply bodies, and the file parts of `multipart/form-data` uploads.
///
/// In a multipart form it is a file part (`filename` and `Content-Type` from
/// [`Binary::with_file_name`] and [`Binary::with_content_type`]; the field name and
/// `application/octet-stream` when unset); as a raw request body its bytes are the body (its
/// media type, when set, replaces the declared one); a binary reply keeps the reply's
/// `Content-Type` and the `filename` of its `Content-Disposition`. In JSON it is a base64 string.
/// `Debug` shows the length and the names, never the bytes.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary {
    data: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Binary {
    /// Bytes without a file name or media type.
    pub fn new(data: impl Into<Bytes>) -> Self {
        Binary { data: data.into(), file_name: None, content_type: None }
    }

    /// The same bytes with a file name (the `filename` of a multipart file part).
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The same bytes with a media type (`image/png`).
    pub fn with_content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The bytes.
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// The file name, when one was given (or a reply's `Content-Disposition` named one).
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, when one was given (or the reply's `Content-Type`).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, without the names.
    pub fn into_bytes(self) -> Bytes {
        self.data
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.data.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for Binary {
    fn from(value: Vec<u8>) -> Self {
        Binary::new(value)
    }
}

impl From<Bytes> for Binary {
    fn from(value: Bytes) -> Self {
        Binary::new(value)
    }
}

impl From<&'static [u8]> for Binary {
    fn from(value: &'static [u8]) -> Self {
        Binary::new(value)
    }
}

impl From<String> for Binary {
    fn from(value: String) -> Self {
        Binary::new(value)
    }
}

impl From<&'static str> for Binary {
    fn from(value: &'static str) -> Self {
        Binary::new(value.as_bytes())
    }
}

/// The struct name under which a [`Binary`] shows itself to the (not human-readable) probing
/// serializer of this module.
const BINARY_STRUCT: &str = "$wsbind::rest::Binary";

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.data));
        }
        let mut st = s.serialize_struct(BINARY_STRUCT, 3)?;
        st.serialize_field("data", &BytesField(&self.data))?;
        st.serialize_field("file_name", &self.file_name)?;
        st.serialize_field("content_type", &self.content_type)?;
        st.end()
    }
}

struct BytesField<'a>(&'a [u8]);

impl Serialize for BytesField<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de> Deserialize<'de> for Binary {
    /// A base64 string (JSON's form of bytes); from a deserializer that is not human-readable,
    /// the struct its `Serialize` writes there (bytes, file name, media type: a mock reads a
    /// multipart file part so).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            return d.deserialize_struct(BINARY_STRUCT, &["data", "file_name", "content_type"], BinaryVisitor);
        }
        let text = Cow::<str>::deserialize(d)?;
        <Binary as crate::xml::Text>::from_text(&text).map_err(serde::de::Error::custom)
    }
}

/// Reads the struct form of a [`Binary`].
struct BinaryVisitor;

impl<'de> serde::de::Visitor<'de> for BinaryVisitor {
    type Value = Binary;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bytes with an optional file name and media type")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Binary, A::Error> {
        let mut binary = Binary::default();
        while let Some(key) = map.next_key::<Cow<'_, str>>()? {
            match key.as_ref() {
                "data" => binary.data = Bytes::from(map.next_value::<ByteBuf>()?.0),
                "file_name" => binary.file_name = map.next_value()?,
                "content_type" => binary.content_type = map.next_value()?,
                _ => map.next_value::<serde::de::IgnoredAny>().map(|_| ())?,
            }
        }
        Ok(binary)
    }
}

/// Bytes read from `visit_bytes` / `visit_byte_buf` (or a sequence of `u8`).
struct ByteBuf(Vec<u8>);

impl<'de> Deserialize<'de> for ByteBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ByteBuf;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<ByteBuf, E> {
                Ok(ByteBuf(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ByteBuf, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(ByteBuf(out))
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

/// In XML (and as a parameter), bytes are base64 text, as `xs:base64Binary`.
impl crate::xml::Text for Binary {
    const XSD_TYPE: &'static str = "base64Binary";

    fn to_text(&self) -> Cow<'_, str> {
        Cow::Owned(base64::engine::general_purpose::STANDARD.encode(&self.data))
    }

    fn from_text(text: &str) -> Result<Self, String> {
        <crate::types::Base64 as crate::xml::Text>::from_text(text).map(|b| Binary::new(b.0))
    }

    /// The bytes of an MTOM attachment, kept as they are.
    fn from_attachment(bytes: Vec<u8>) -> Result<Self, String> {
        Ok(Binary::new(bytes))
    }

    /// Its bytes, sent as they are when MTOM is on and they reach the threshold.
    fn as_attachment(&self) -> Option<&[u8]> {
        Some(&self.data)
    }

    /// Its buffer, shared (no copy).
    fn attachment_bytes(&self) -> Option<Bytes> {
        Some(self.data.clone())
    }
}

/// How an operation's request body goes on the wire (its declared media type).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyEncoding {
    /// `application/json` (and `+json` types): serde JSON, client-level body parameters added.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`: one field per top-level property (see the module
    /// documentation).
    Form,
    /// `multipart/form-data`: one part per top-level property, [`Binary`] values as file parts.
    Multipart,
    /// A text media type (`text/plain`, `text/csv`): the body is a string, sent as it is with
    /// this `Content-Type`.
    Text(&'static str),
    /// Any other media type (`application/octet-stream`, `image/png`): the body is a [`Binary`],
    /// sent as it is with its own media type, else this one.
    Binary(&'static str),
}

/// An encoded request body and its `Content-Type`.
pub(crate) struct Encoded {
    pub content_type: String,
    pub body: Bytes,
}

/// Encodes `value` as `encoding` says (not [`BodyEncoding::Json`], which the client encodes
/// itself); `what` names the body in errors (`the request body of \`upload\``).
pub(crate) fn encode<T: Serialize + ?Sized>(
    value: &T,
    encoding: BodyEncoding,
    what: &str,
) -> Result<Encoded, EncodeError> {
    let fail = |cause: String| EncodeError::new(format!("cannot encode {what}: {cause}"));
    match encoding {
        BodyEncoding::Json => {
            let body = serde_json::to_vec(value).map_err(|e| fail(e.to_string()))?;
            Ok(Encoded { content_type: "application/json".to_owned(), body: Bytes::from(body) })
        }
        BodyEncoding::Form => {
            let fields = top_level(value).map_err(fail)?;
            Ok(Encoded {
                content_type: "application/x-www-form-urlencoded".to_owned(),
                body: Bytes::from(form(&fields).map_err(fail)?),
            })
        }
        BodyEncoding::Multipart => {
            let fields = top_level(value).map_err(fail)?;
            let (boundary, body) = multipart(&fields);
            Ok(Encoded { content_type: format!("multipart/form-data; boundary={boundary}"), body: Bytes::from(body) })
        }
        BodyEncoding::Text(media) | BodyEncoding::Binary(media) => {
            match value.serialize(PartProbe).map_err(|e| fail(e.to_string()))? {
                Part::Text(text) => Ok(Encoded { content_type: text_media(media), body: Bytes::from(text) }),
                Part::File(file) => {
                    Ok(Encoded { content_type: file.content_type.unwrap_or_else(|| media.to_owned()), body: file.data })
                }
                Part::Absent => Ok(Encoded { content_type: media.to_owned(), body: Bytes::new() }),
                Part::List(_) => Err(fail("a list is not a raw body".to_owned())),
            }
        }
    }
}

/// A text media type with `charset=utf-8` unless it names a charset.
fn text_media(media: &str) -> String {
    if media.to_ascii_lowercase().contains("charset=") || !media.starts_with("text/") {
        media.to_owned()
    } else {
        format!("{media}; charset=utf-8")
    }
}

/// One top-level property's value as a form field or part.
#[derive(Debug, PartialEq)]
enum Part {
    /// `None`: left out.
    Absent,
    /// A scalar as its text.
    Text(String),
    /// Bytes with their names.
    File(Binary),
    /// An array of scalars or files: one field or part per item.
    List(Vec<Part>),
}

/// A top-level property: a [`Part`], or the JSON of a value of any other shape.
#[derive(Debug, PartialEq)]
enum Field {
    Part(Part),
    Json(Value),
}

/// The properties of `value`, which must serialize as a struct or a map, in order.
fn top_level<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, Field)>, String> {
    value.serialize(TopLevel).map_err(|e| e.to_string())
}

/// Form-urlencoded pairs of `fields`; a file cannot be a form field.
fn form(fields: &[(String, Field)]) -> Result<String, String> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, field) in fields {
        match field {
            Field::Json(v) => {
                out.append_pair(name, &v.to_string());
            }
            Field::Part(part) => {
                for item in part.items() {
                    match item {
                        Part::Text(t) => {
                            out.append_pair(name, t);
                        }
                        Part::File(_) => {
                            return Err(format!(
                                "property `{name}` holds bytes, which a form-urlencoded body cannot carry"
                            ));
                        }
                        Part::Absent | Part::List(_) => {}
                    }
                }
            }
        }
    }
    Ok(out.finish())
}

impl Part {
    /// The items of a list; else the part itself.
    fn items(&self) -> Vec<&Part> {
        match self {
            Part::List(items) => items.iter().collect(),
            other => vec![other],
        }
    }
}

/// A `multipart/form-data` body (RFC 7578) of `fields` and its boundary: a boundary no part
/// contains, derived from the content so that the same body is encoded the same way.
fn multipart(fields: &[(String, Field)]) -> (String, Vec<u8>) {
    let mut parts: Vec<(Vec<u8>, Cow<'_, [u8]>)> = Vec::new();
    for (name, field) in fields {
        let name = quoted(name);
        match field {
            Field::Json(v) => parts.push((
                format!("Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: application/json\r\n")
                    .into_bytes(),
                Cow::Owned(v.to_string().into_bytes()),
            )),
            Field::Part(part) => {
                for item in part.items() {
                    match item {
                        Part::Text(t) => parts.push((
                            format!("Content-Disposition: form-data; name=\"{name}\"\r\n").into_bytes(),
                            Cow::Borrowed(t.as_bytes()),
                        )),
                        Part::File(f) => {
                            let file_name = quoted(f.file_name.as_deref().unwrap_or(&name));
                            let media = f.content_type.as_deref().unwrap_or("application/octet-stream");
                            let media = media.replace(['\r', '\n'], " ");
                            parts.push((
                                format!(
                                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                                     Content-Type: {media}\r\n"
                                )
                                .into_bytes(),
                                Cow::Borrowed(&f.data[..]),
                            ));
                        }
                        Part::Absent | Part::List(_) => {}
                    }
                }
            }
        }
    }
    let boundary = boundary_for(&parts);
    let mut out = Vec::with_capacity(parts.iter().map(|(h, b)| h.len() + b.len() + boundary.len() + 8).sum());
    for (headers, body) in &parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(headers);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    (boundary, out)
}

/// A field or file name in a quoted `Content-Disposition` parameter: `"`, CR and LF
/// percent-encoded, as browsers do (HTML's form submission algorithm).
fn quoted(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// `wsbind-` and 16 hex digits of an FNV-1a hash of the parts (and a counter, raised until no
/// part contains the boundary).
fn boundary_for(parts: &[(Vec<u8>, Cow<'_, [u8]>)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|(h, b)| h.iter().chain(b.iter())) {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut attempt = 0u64;
    loop {
        let boundary = format!("wsbind-{:016x}", hash.wrapping_add(attempt));
        let needle = boundary.as_bytes();
        let clashes = parts.iter().any(|(h, b)| contains(h, needle) || contains(b, needle));
        if !clashes {
            return boundary;
        }
        attempt += 1;
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Why probing a value failed: it is not a scalar, a file or a list of them (`Compound`: its
/// JSON is sent instead), or its `Serialize` impl failed.
#[derive(Debug)]
enum ProbeError {
    Compound,
    Custom(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::Compound => f.write_str("a value of this shape cannot be a form field or a raw body"),
            ProbeError::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ProbeError {}

impl ser::Error for ProbeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ProbeError::Custom(msg.to_string())
    }
}

/// Serializes the top level of a form or multipart body: a struct or a map (a struct with a
/// flattened map of further properties serializes as a map).
struct TopLevel;

/// The properties of a top-level struct or map, collected in order.
struct Properties {
    fields: Vec<(String, Field)>,
    key: Option<String>,
}

impl Properties {
    fn push<T: Serialize + ?Sized>(&mut self, name: String, value: &T) -> Result<(), ProbeError> {
        let field = match value.serialize(PartProbe) {
            Ok(part) => Field::Part(part),
            Err(ProbeError::Compound) => Field::Json(
                serde_json::to_value(value).map_err(|e| ProbeError::Custom(format!("property `{name}`: {e}")))?,
            ),
            Err(ProbeError::Custom(m)) => return Err(ProbeError::Custom(format!("property `{name}`: {m}"))),
        };
        if field != Field::Part(Part::Absent) && field != Field::Json(Value::Null) {
            self.fields.push((name, field));
        }
        Ok(())
    }
}

impl SerializeStruct for Properties {
    type Ok = Vec<(String, Field)>;
    type Error = ProbeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), ProbeError> {
        self.push(key.to_owned(), value)
    }

    fn end(self) -> Result<Self::Ok, ProbeError> {
        Ok(self.fields)
    }
}

impl SerializeMap for Properties {
    type Ok = Vec<(String, Field)>;
    type Error = ProbeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ProbeError> {
        match key.serialize(PartProbe) {
            Ok(Part::Text(k)) => {
                self.key = Some(k);
                Ok(())
            }
            _ => Err(ProbeError::Custom("a property name is not a string".to_owned())),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        let key = self.key.take().ok_or_else(|| ProbeError::Custom("a map value without a key".to_owned()))?;
        self.push(key, value)
    }

    fn end(self) -> Result<Self::Ok, ProbeError> {
        Ok(self.fields)
    }
}

fn not_an_object<T>() -> Result<T, ProbeError> {
    Err(ProbeError::Custom("a form or multipart body must be an object".to_owned()))
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, ProbeError> {
            not_an_object()
        }
    )*};
}

impl Serializer for TopLevel {
    type Ok = Vec<(String, Field)>;
    type Error = ProbeError;
    type SerializeSeq = Impossible<Self::Ok, ProbeError>;
    type SerializeTuple = Impossible<Self::Ok, ProbeError>;
    type SerializeTupleStruct = Impossible<Self::Ok, ProbeError>;
    type SerializeTupleVariant = Impossible<Self::Ok, ProbeError>;
    type SerializeMap = Properties;
    type SerializeStruct = Properties;
    type SerializeStructVariant = Impossible<Self::Ok, ProbeError>;

    fn is_human_readable(&self) -> bool {
        false
    }

    refuse! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_str(&str); serialize_bytes(&[u8]);
        serialize_unit(); serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_none(self) -> Result<Self::Ok, ProbeError> {
        Ok(Vec::new())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, ProbeError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, ProbeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, ProbeError> {
        not_an_object()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ProbeError> {
        not_an_object()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ProbeError> {
        not_an_object()
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, ProbeError> {
        not_an_object()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ProbeError> {
        not_an_object()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ProbeError> {
        Ok(Properties { fields: Vec::new(), key: None })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, ProbeError> {
        Ok(Properties { fields: Vec::new(), key: None })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ProbeError> {
        not_an_object()
    }
}

/// Serializes one property's value as a [`Part`]; any other shape is [`ProbeError::Compound`].
struct PartProbe;

/// The items of an array property.
struct Items(Vec<Part>);

impl SerializeSeq for Items {
    type Ok = Part;
    type Error = ProbeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        match value.serialize(PartProbe)? {
            Part::List(_) => Err(ProbeError::Compound),
            part => {
                self.0.push(part);
                Ok(())
            }
        }
    }

    fn end(self) -> Result<Part, ProbeError> {
        Ok(Part::List(self.0))
    }
}

/// The fields of a [`Binary`] as it shows itself to [`PartProbe`].
#[derive(Default)]
struct FileFields(Binary);

impl SerializeStruct for FileFields {
    type Ok = Part;
    type Error = ProbeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), ProbeError> {
        match (key, value.serialize(PartProbe)?) {
            ("data", Part::File(f)) => self.0.data = f.data,
            ("file_name", Part::Text(t)) => self.0.file_name = Some(t),
            ("content_type", Part::Text(t)) => self.0.content_type = Some(t),
            (_, Part::Absent) => {}
            _ => return Err(ProbeError::Compound),
        }
        Ok(())
    }

    fn end(self) -> Result<Part, ProbeError> {
        Ok(Part::File(self.0))
    }
}

macro_rules! text {
    ($($method:ident($t:ty);)*) => {$(
        fn $method(self, v: $t) -> Result<Part, ProbeError> {
            Ok(Part::Text(v.to_string()))
        }
    )*};
}

impl Serializer for PartProbe {
    type Ok = Part;
    type Error = ProbeError;
    type SerializeSeq = Items;
    type SerializeTuple = Impossible<Part, ProbeError>;
    type SerializeTupleStruct = Impossible<Part, ProbeError>;
    type SerializeTupleVariant = Impossible<Part, ProbeError>;
    type SerializeMap = Impossible<Part, ProbeError>;
    type SerializeStruct = FileFields;
    type SerializeStructVariant = Impossible<Part, ProbeError>;

    fn is_human_readable(&self) -> bool {
        false
    }

    text! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_i128(i128); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64);
        serialize_u128(u128); serialize_f32(f32); serialize_f64(f64); serialize_char(char); serialize_str(&str);
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Part, ProbeError> {
        Ok(Part::File(Binary::new(v.to_vec())))
    }

    fn serialize_none(self) -> Result<Part, ProbeError> {
        Ok(Part::Absent)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Part, ProbeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Part, ProbeError> {
        Ok(Part::Absent)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Part, ProbeError> {
        Ok(Part::Absent)
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Part, ProbeError> {
        Ok(Part::Text(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Part, ProbeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Part, ProbeError> {
        Err(ProbeError::Compound)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Items, ProbeError> {
        Ok(Items(Vec::with_capacity(len.unwrap_or(0))))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ProbeError> {
        Err(ProbeError::Compound)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, ProbeError> {
        Err(ProbeError::Compound)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ProbeError> {
        Err(ProbeError::Compound)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ProbeError> {
        Err(ProbeError::Compound)
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<FileFields, ProbeError> {
        if name == BINARY_STRUCT { Ok(FileFields::default()) } else { Err(ProbeError::Compound) }
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ProbeError> {
        Err(ProbeError::Compound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Upload {
        name: String,
        size: Option<u32>,
        tags: Vec<String>,
        file: Binary,
        meta: Option<Meta>,
        missing: Option<String>,
    }

    #[derive(Serialize)]
    struct Meta {
        author: String,
    }

    fn upload() -> Upload {
        Upload {
            name: "a \"b\"".to_owned(),
            size: Some(3),
            tags: vec!["x".to_owned(), "y".to_owned()],
            file: Binary::new(&b"\x00\x01\x02"[..]).with_file_name("a.bin"),
            meta: Some(Meta { author: "ana".to_owned() }),
            missing: None,
        }
    }

    #[test]
    fn multipart_parts_in_order_files_with_names_objects_as_json() {
        let encoded = encode(&upload(), BodyEncoding::Multipart, "the body").unwrap();
        let boundary = encoded.content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na \"b\"\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"size\"\r\n\r\n3\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n\
             {{\"author\":\"ana\"}}\r\n--{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8_lossy(&encoded.body), expected);
        // Deterministic: the same body, the same boundary.
        let again = encode(&upload(), BodyEncoding::Multipart, "the body").unwrap();
        assert_eq!(again.content_type, encoded.content_type);
    }

    #[test]
    fn the_boundary_never_occurs_in_a_part() {
        let first = encode(&upload(), BodyEncoding::Multipart, "the body").unwrap();
        let boundary = first.content_type.strip_prefix("multipart/form-data; boundary=").unwrap().to_owned();
        let mut clash = upload();
        // A part that holds the boundary the content would otherwise get.
        clash.file = Binary::new(boundary.clone().into_bytes());
        let encoded = encode(&clash, BodyEncoding::Multipart, "the body").unwrap();
        let b = encoded.content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let body = String::from_utf8_lossy(&encoded.body);
        assert_eq!(body.matches(&format!("--{b}")).count(), 7, "{body}");
    }

    #[test]
    fn form_fields_repeat_arrays_and_refuse_bytes() {
        #[derive(Serialize)]
        struct Login {
            user: String,
            scopes: Vec<&'static str>,
            remember: bool,
            note: Option<String>,
        }
        let login = Login { user: "ana b".to_owned(), scopes: vec!["r", "w"], remember: true, note: None };
        let encoded = encode(&login, BodyEncoding::Form, "the body").unwrap();
        assert_eq!(encoded.content_type, "application/x-www-form-urlencoded");
        assert_eq!(&encoded.body[..], b"user=ana+b&scopes=r&scopes=w&remember=true");
        let err = encode(&upload(), BodyEncoding::Form, "the body of `up`").err().unwrap();
        assert_eq!(
            err.message,
            "cannot encode the body of `up`: property `file` holds bytes, which a form-urlencoded body cannot carry"
        );
    }

    #[test]
    fn raw_bodies_take_their_own_media_type_first() {
        let png = Binary::new(&b"\x89PNG"[..]).with_content_type("image/png");
        let encoded = encode(&png, BodyEncoding::Binary("application/octet-stream"), "b").unwrap();
        assert_eq!((encoded.content_type.as_str(), &encoded.body[..]), ("image/png", &b"\x89PNG"[..]));
        let plain = Binary::new(&b"raw"[..]);
        let encoded = encode(&plain, BodyEncoding::Binary("application/pdf"), "b").unwrap();
        assert_eq!(encoded.content_type, "application/pdf");
        let encoded = encode("héllo", BodyEncoding::Text("text/plain"), "b").unwrap();
        assert_eq!(
            (encoded.content_type.as_str(), &encoded.body[..]),
            ("text/plain; charset=utf-8", "héllo".as_bytes())
        );
        let err = encode(&vec![1, 2], BodyEncoding::Text("text/plain"), "the body").err().unwrap();
        assert_eq!(err.message, "cannot encode the body: a list is not a raw body");
        let err = encode(&upload(), BodyEncoding::Text("text/plain"), "the body").err().unwrap();
        assert!(err.message.contains("cannot be a form field or a raw body"), "{}", err.message);
    }

    #[test]
    fn a_form_body_must_be_an_object() {
        let err = encode(&vec!["a"], BodyEncoding::Multipart, "the body").err().unwrap();
        assert_eq!(err.message, "cannot encode the body: a form or multipart body must be an object");
    }

    #[test]
    fn binary_is_base64_in_json_and_reads_back() {
        let b = Binary::new(&b"hi!"[..]).with_file_name("x");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"aGkh\"");
        let back: Binary = serde_json::from_str("\"aGkh\"").unwrap();
        assert_eq!(back.data().as_ref(), b"hi!");
        assert_eq!(format!("{b:?}"), "Binary { len: 3, file_name: Some(\"x\"), content_type: None }");
    }
}
