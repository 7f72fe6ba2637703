//! Decoding, encoding and round trips of one generated value as a whole document, shared by the
//! tests that exercise generated types without a client: this crate's `tests/runtime_features.rs`
//! and the downstream crate's `tests/xsd_alternatives.rs` (which includes this file by path, as
//! it compiles the goldens from outside `wsbind`).

#![allow(dead_code)]

use wsbind::DecodeError;
use wsbind::xml::compare::assert_same_xml;
use wsbind::xml::{Decode, Encode, Name, Reader, Writer};

/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Decodes the document `xml` as a `T` (its root element), namespace-tolerant or not.
pub fn decode_with<T: Decode>(xml: &str, tolerant: bool) -> Result<T, DecodeError> {
    let mut r = Reader::new(xml.as_bytes());
    r.set_namespace_tolerant(tolerant);
    let start = r.root()?;
    let value = T::decode(&mut r, &start)?;
    r.finish()?;
    Ok(value)
}

/// [`decode_with`], exact namespaces.
pub fn decode<T: Decode>(xml: &str) -> Result<T, DecodeError> {
    decode_with(xml, false)
}

/// `value` as the document `<{ns}local>`.
pub fn encode<T: Encode>(ns: &str, local: &str, value: &T) -> String {
    let mut w = Writer::new();
    w.element(Name::qualified(ns, local), value).unwrap();
    w.into_string()
}

/// Decodes `xml`, encodes the value back under the same root and compares the two documents.
pub fn round_trip<T: Decode + Encode>(ns: &str, local: &str, xml: &str) -> T {
    let value: T = decode(xml).unwrap_or_else(|e| panic!("{xml}: {e}"));
    assert_same_xml(xml, &encode(ns, local, &value));
    value
}
