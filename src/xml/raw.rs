//! [`RawXml`]: a subtree kept as text, standing alone (its namespace declarations copied onto its
//! root). The reader captures it ([`Reader::capture_raw`](super::Reader)), the writer writes it
//! back.

use std::fmt;
use std::ops::Range;

/// A subtree kept as raw XML: the whole element, tag included, with the namespace declarations
/// in scope copied onto its root so that it stands alone.
///
/// Used for `xs:any` (written back whole with [`Writer::raw`](crate::xml::Writer::raw)), `anyType` elements (as a field
/// value only the *content* is written, under the field's own element name) and SOAP fault
/// details.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawXml {
    pub(super) xml: String,
    pub(super) inner: Range<usize>,
}

impl RawXml {
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

impl RawXml {
    /// The default namespace the root tag declares (`Some("")` for `xmlns=""`), `None` if none.
    pub(super) fn root_default_namespace(&self) -> Option<String> {
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
