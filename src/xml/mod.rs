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

pub mod compare;
mod reader;
mod text;
mod writer;

use std::fmt;
use std::ops::Range;

pub(crate) use reader::decode_document;
pub use reader::{Reader, Slot, Start};
pub use text::Text;
pub use writer::{AttrValue, Attributes, Field, Writer};

use crate::error::{DecodeError, EncodeError};

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The XML Schema namespace.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

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
    /// Writes the attributes of the element (default: none).
    fn attributes(&self, _attrs: &mut Attributes<'_>) {}
    /// Writes the content (text or child elements) of the element.
    fn content(&self, w: &mut Writer) -> Result<(), EncodeError>;
    /// `xsi:type` to write when this value stands where its base type is declared.
    fn xsi_type(&self) -> Option<Name<'static>> {
        None
    }
}

impl<T: Text> Encode for T {
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

    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.raw_str(self.inner());
        Ok(())
    }
}

#[cfg(test)]
mod tests;
