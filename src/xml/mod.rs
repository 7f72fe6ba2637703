//! XML wire format: the streaming [`Reader`] (pull decoder over a byte slice on quick-xml's
//! `NsReader`, no DOM), the [`Writer`], the [`Encode`] / [`Decode`] / [`Text`] traits generated
//! types implement, element [`Name`]s, [`RawXml`] for `xs:any` / `anyType` / fault details, and
//! [`compare`] for tests.
//!
//! Every [`Text`] type is also [`Encode`] (escaped text content) and [`Decode`] (trimmed text
//! parsed by [`Text::from_text`]). Fields are written with [`Writer::field`], which accepts `T`,
//! `Option<T>` (absent = not written) and `Vec<T>` (one element per item); read into a [`Slot`]
//! (`Option<T>`: a second occurrence is a `Duplicate` error; `Vec<T>`: pushed). Recursive
//! `Option<Box<T>>` fields use [`Writer::field_boxed`] / [`Reader::read_boxed`], because a
//! blanket `Box<T>` impl would overlap with the blanket `Text` impls.

mod choice;
pub mod compare;
mod multiref;
mod reader;
mod text;
mod writer;

use std::fmt;
use std::ops::Range;

pub(crate) use reader::decode_document;
pub use reader::{MAX_NESTING, Reader, Slot, Start, to_utf8};
pub use choice::Choice;
pub use text::{Text, list_from_text, list_to_text};
pub use writer::{AttrValue, Attributes, Field, Writer};

pub use multiref::inline_multi_refs;
pub(crate) use multiref::inline_with_map;

use crate::error::{DecodeError, EncodeError};

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The XML Schema namespace.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// The SOAP 1.1 encoding namespace (`soapenc:Array`, `soapenc:arrayType`, `encodingStyle`).
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";

/// An expanded element or attribute name: namespace URI (not prefix) and local name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name<'a> {
    /// Namespace URI, `None` for unqualified names.
    pub ns: Option<&'a str>,
    /// Local name.
    pub local: &'a str,
}

impl<'a> Name<'a> {
    /// A name in namespace `ns`.
    pub const fn qualified(ns: &'a str, local: &'a str) -> Self {
        Name { ns: Some(ns), local }
    }

    /// A name in no namespace.
    pub const fn unqualified(local: &'a str) -> Self {
        Name { ns: None, local }
    }

    /// Parses Clark notation, `{namespace}local` or `local` (the form [`Start::xsi_type_name`]
    /// returns and generated `xsi_type` fields hold).
    pub fn from_clark(text: &'a str) -> Self {
        match text.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
            Some((ns, local)) if !ns.is_empty() => Name { ns: Some(ns), local },
            Some((_, local)) => Name { ns: None, local },
            None => Name { ns: None, local: text },
        }
    }
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(self.local),
        }
    }
}

/// Encodes a value as the content + attributes of an element whose name the caller gives.
pub trait Encode {
    /// The value's schema type, written as `xsi:type` in SOAP-encoded (rpc/encoded) messages and
    /// used for `soapenc:arrayType`: built-ins `xsd:int`, ...; generated named types their own
    /// QName; anonymous types and raw XML `None`.
    const SCHEMA_TYPE: Option<Name<'static>> = None;
    /// Writes the attributes of the element (default: none).
    fn attributes(&self, _attrs: &mut Attributes<'_>) {}
    /// Writes the content (text or child elements) of the element.
    fn content(&self, w: &mut Writer) -> Result<(), EncodeError>;
    /// `xsi:type` to write when this value stands where its base type is declared (a base type
    /// with derived types keeps the `xsi:type` it was decoded with and writes it back).
    fn xsi_type(&self) -> Option<Name<'_>> {
        None
    }
}

/// Reads `value` again as type `D`: encodes it under a placeholder element and decodes that.
/// For a base-type value received as a derived type (its `xsi_type` and `derived` fields
/// hold the derived type's name and extra elements), `recast::<Derived, _>(&base)` gives the
/// derived struct.
pub fn recast<D: Decode, T: Encode + ?Sized>(value: &T) -> Result<D, crate::Error> {
    reread(value, None)
}

/// A value of a derived type as a value of its base type `B`, for sending it where the base is
/// declared: `B`'s `xsi_type` names the derived type ([`Encode::SCHEMA_TYPE`] of `D`) and the
/// derived type's own elements go to `B`'s `derived` content, so that encoding the result writes
/// `<field xsi:type="ns:Derived">` with all of the derived value's fields.
pub fn upcast<B: Decode, D: Encode + ?Sized>(value: &D) -> Result<B, crate::Error> {
    reread(value, D::SCHEMA_TYPE)
}

/// Encodes `value` under a placeholder element (with `xsi:type` = `forced`, if any) and decodes
/// that as `R`.
fn reread<R: Decode, T: Encode + ?Sized>(value: &T, forced: Option<Name<'static>>) -> Result<R, crate::Error> {
    let placeholder = Name::unqualified("value");
    let mut w = Writer::new();
    w.element_with_type(placeholder, value, forced)?;
    Ok(reader::decode_document(w.into_string().as_bytes(), placeholder, false)?)
}

/// One attribute kept by an `xs:anyAttribute` wildcard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OtherAttribute {
    /// Namespace URI, `None` for an unqualified attribute.
    pub ns: Option<String>,
    /// Local name.
    pub local: String,
    /// The (unescaped, normalized) value.
    pub value: String,
}

/// The attributes an `xs:anyAttribute` wildcard admitted, in document order: decoded with
/// [`Start::other_attributes`], written back with [`Attributes::others`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OtherAttributes(pub Vec<OtherAttribute>);

impl OtherAttributes {
    /// The value of attribute `{ns}local`, if kept.
    pub fn get(&self, ns: Option<&str>, local: &str) -> Option<&str> {
        self.0.iter().find(|a| a.ns.as_deref() == ns && a.local == local).map(|a| a.value.as_str())
    }

    /// Sets attribute `{ns}local` (replacing a kept one of the same name).
    pub fn set(&mut self, ns: Option<&str>, local: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|a| a.ns.as_deref() == ns && a.local == local) {
            Some(a) => a.value = value,
            None => self.0.push(OtherAttribute { ns: ns.map(str::to_owned), local: local.to_owned(), value }),
        }
    }

    /// Whether no attribute is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The attributes, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, OtherAttribute> {
        self.0.iter()
    }
}

#[cfg(feature = "samples")]
impl crate::samples::Sample for OtherAttributes {
    fn sample(_: u32) -> Self {
        OtherAttributes(vec![OtherAttribute {
            ns: Some("urn:wsbind:sample".to_owned()),
            local: "extra".to_owned(),
            value: "text<&>".to_owned(),
        }])
    }
}

impl<T: Text> Encode for T {
    const SCHEMA_TYPE: Option<Name<'static>> = <T as Text>::SCHEMA_TYPE;

    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.text(self)
    }
}

/// Decodes the element `start` (already read) including its end tag.
pub trait Decode: Sized {
    /// Reads the content and end tag of `start`.
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError>;
}

impl<T: Text> Decode for T {
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError> {
        r.text(start)
    }
}

/// A subtree kept as raw XML: the whole element, tag included, with the namespace declarations
/// in scope copied onto its root so that it stands alone.
///
/// Used for `xs:any` (written back whole with [`Writer::raw`]), `anyType` elements (as a field
/// value only the *content* is written, under the field's own element name) and SOAP fault
/// details.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawXml {
    xml: String,
    inner: Range<usize>,
}

impl RawXml {
    /// Checks that `xml` is one well-formed element and keeps it.
    pub fn parse(xml: impl Into<String>) -> Result<RawXml, DecodeError> {
        let xml = xml.into();
        let mut r = Reader::new(xml.as_bytes());
        let start = r.root()?;
        let raw = r.capture_raw(&start)?;
        r.finish()?;
        Ok(raw)
    }

    pub(crate) fn from_parts(xml: String, inner: Range<usize>) -> RawXml {
        let inner = if inner.start <= inner.end
            && inner.end <= xml.len()
            && xml.is_char_boundary(inner.start)
            && xml.is_char_boundary(inner.end)
        {
            inner
        } else {
            xml.len()..xml.len()
        };
        RawXml { xml, inner }
    }

    /// The whole element.
    pub fn as_str(&self) -> &str {
        &self.xml
    }

    /// The content between the root's start and end tags.
    pub fn inner(&self) -> &str {
        &self.xml[self.inner.clone()]
    }

    /// The whole element, owned.
    pub fn into_string(self) -> String {
        self.xml
    }
}

impl fmt::Debug for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawXml").field(&self.xml).finish()
    }
}

impl fmt::Display for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.xml)
    }
}

impl Decode for RawXml {
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError> {
        r.capture_raw(start)
    }
}

impl Encode for RawXml {
    /// The root's attributes and prefixed namespace declarations (not its default namespace,
    /// which the field's own name decides), so that the content keeps its meaning.
    fn attributes(&self, attrs: &mut Attributes<'_>) {
        let tag = &self.xml[..self.inner.start];
        let tag = tag.strip_prefix('<').unwrap_or(tag);
        let tag = tag.strip_suffix('>').unwrap_or(tag);
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let name_len = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let start = quick_xml::events::BytesStart::from_content(tag, name_len);
        for attr in start.attributes().flatten() {
            let key = attr.key.into_inner();
            if key == "xmlns" {
                continue;
            }
            if let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                attrs.raw(key, &value);
            }
        }
    }

    /// The content as written, except that when the root's default namespace (its own `xmlns`,
    /// none if it has none) is not the field element's, each top-level child element without
    /// its own `xmlns` gets the root's, so that unprefixed names keep their namespace.
    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        let inner = self.inner();
        let default = self.root_default_namespace();
        if w.default_namespace() == default.as_deref().filter(|d| !d.is_empty()) || !inner.contains('<') {
            w.raw_str(inner);
            return Ok(());
        }
        let decl = format!(" xmlns=\"{}\"", default.as_deref().unwrap_or(""));
        let mut r = quick_xml::Reader::from_str(inner);
        let mut depth = 0usize;
        let mut copied = 0usize;
        loop {
            let pos = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
            match r.read_event() {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) if depth == 0 => {
                    let declares_default = e.attributes().flatten().any(|a| a.key.into_inner() == "xmlns");
                    let name_end = pos + 1 + e.name().into_inner().len();
                    if !declares_default && let Some(head) = inner.get(copied..name_end) {
                        w.raw_str(head);
                        w.raw_str(&decl);
                        copied = name_end;
                    }
                    // `<x/>` (Empty) opens nothing.
                    if r.buffer_position() >= 2
                        && inner.as_bytes().get(usize::try_from(r.buffer_position() - 2).unwrap_or(0)) != Some(&b'/')
                    {
                        depth += 1;
                    }
                }
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        w.raw_str(inner.get(copied..).unwrap_or_default());
        Ok(())
    }
}

impl RawXml {
    /// The default namespace the root tag declares (`Some("")` for `xmlns=""`), `None` if none.
    fn root_default_namespace(&self) -> Option<String> {
        let tag = &self.xml[..self.inner.start.min(self.xml.len())];
        let tag = tag.strip_prefix('<').unwrap_or(tag);
        let tag = tag.strip_suffix('>').unwrap_or(tag);
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let name_len = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let start = quick_xml::events::BytesStart::from_content(tag, name_len);
        let value = start.attributes().flatten().find(|a| a.key.into_inner() == "xmlns")?.value;
        Some(value.into_owned())
    }
}

#[cfg(test)]
mod tests;
