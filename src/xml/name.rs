//! Element and attribute names: [`Name`] (namespace URI + local name) and the namespaces of XML
//! Schema and SOAP encoding that the reader and writer know by heart.

use std::fmt;

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

    /// Parses Clark notation, `{namespace}local` or `local` (the form [`Start::xsi_type_name`](crate::xml::Start::xsi_type_name)
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
