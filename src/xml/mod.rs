//! XML wire format: the streaming [`Reader`] (pull decoder over a byte slice on the runtime's own
//! tokenizer, no DOM), the [`Writer`], the [`Encode`] / [`Decode`] / [`Text`] traits generated
//! types implement, element [`Name`]s, [`RawXml`] for `xs:any` / `anyType` / fault details, and
//! [`compare`] for tests.
//!
//! Every [`Text`] type is also [`Encode`] (escaped text content) and [`Decode`] (trimmed text
//! parsed by [`Text::from_text`]). Fields are written with [`Writer::field`], which accepts `T`,
//! `Option<T>` (absent = not written) and `Vec<T>` (one element per item); read into a [`Slot`]
//! (`Option<T>`: a second occurrence is a `Duplicate` error; `Vec<T>`: pushed). Recursive
//! `Option<Box<T>>` fields use [`Writer::field_boxed`] / [`Reader::read_boxed`], because a
//! blanket `Box<T>` impl would overlap with the blanket `Text` impls.

mod cast;
mod choice;
pub mod compare;
pub(crate) mod entities;
pub(crate) mod error;
mod multiref;
pub(crate) mod name;
mod other_attributes;
pub(crate) mod raw;
pub(crate) mod reader;
mod record;
#[doc(hidden)]
pub mod scan;
pub(crate) mod text;
mod unknown;
pub(crate) mod writer;

pub use cast::{recast, upcast};
pub use choice::{Choice, Group};
pub use name::{Name, SOAP_ENC_NS, XSD_NS, XSI_NS};
pub use other_attributes::{OtherAttribute, OtherAttributes};
pub use raw::RawXml;
pub(crate) use reader::decode_document;
pub use reader::{Decode, FieldSlot, MAX_NESTING, Reader, Slot, Start, to_utf8};
pub use record::{Alternatives, Element, Match, ReadAs};
pub use text::{Text, list_from_text, list_to_text};
pub use unknown::UnknownType;
pub use writer::{AttrValue, Attributes, Encode, Field, Writer};

pub use multiref::inline_multi_refs;
pub(crate) use multiref::inline_with_map;

#[cfg(test)]
mod tests;
