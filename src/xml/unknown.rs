//! [`UnknownType`]: a value sent as a type the schema does not declare, where a base type with
//! derived types is expected (the `Unknown` variant of a generated `xsi_types` enum).

use super::error::{DecodeError, EncodeError};
use super::raw::RawXml;
use super::reader::{Decode, Reader, Start};
use super::writer::{Attributes, Encode, Writer};

/// A value of a type the schema does not declare (a server's newer subtype), or with no
/// `xsi:type` where the declared type is abstract: kept whole, so that no data is lost and
/// encoding sends it back as it came (its attributes, `xsi:type` included, and its content).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownType {
    /// The `xsi:type` it was received with, in Clark notation (`{namespace}local`), if any.
    pub type_name: Option<String>,
    /// The element as received (its name is the holder's field name).
    pub xml: RawXml,
}

impl Decode for UnknownType {
    fn decode(r: &mut Reader<'_>, start: &Start) -> Result<Self, DecodeError> {
        let type_name = start.xsi_type_name();
        Ok(UnknownType { type_name, xml: RawXml::decode(r, start)? })
    }
}

impl Encode for UnknownType {
    fn attributes(&self, attrs: &mut Attributes<'_>) {
        self.xml.attributes(attrs);
    }

    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        self.xml.content(w)
    }
}
