//! The [`Choice`] trait: how a generated XSD choice (an enum, one variant per alternative) is read
//! and written inside the record that holds it. `#[derive(wsbind::Xml)]` implements it; the
//! record's decoder asks [`Choice::accepts`] for each child it does not match itself.

use super::error::{DecodeError, EncodeError};
use super::reader::{Reader, Start};
use super::writer::Writer;

/// An XSD choice: exactly one of several alternatives, each an element.
pub trait Choice: Sized {
    /// The alternatives' element names, `A | B`, for the error when none is there.
    const LABEL: &'static str;

    /// Whether an element `(ns, name)` is one of the alternatives (exact namespace).
    fn accepts(ns: Option<&str>, name: &str) -> bool;

    /// Reads alternative `child` into a single choice: a second alternative is a `Duplicate`
    /// error, a repeated alternative's consecutive elements go into one value.
    fn read_one(r: &mut Reader<'_>, child: &Start, slot: &mut Option<Self>) -> Result<(), DecodeError>;

    /// Reads alternative `child` into a repeated choice, in document order.
    fn read_many(r: &mut Reader<'_>, child: &Start, slot: &mut Vec<Self>) -> Result<(), DecodeError>;

    /// Writes the alternative held, as its element.
    fn write_choice(&self, w: &mut Writer) -> Result<(), EncodeError>;
}
