//! The [`Choice`] trait: how a generated XSD choice (an enum, one variant per alternative) is read
//! and written inside the record that holds it. `#[derive(wsbind::Xml)]` implements it; the
//! record's decoder asks [`Choice::accepts`] for each child it does not match itself.
//!
//! The derive writes what differs per choice (its names, reading one alternative, joining the
//! elements of a repeated one); the rules of a single and a repeated choice field are
//! [`Choice::read_one`] and [`Choice::read_many`] here, once.
//!
//! An alternative that is a sequence or a group of elements (not one element) is a [`Group`]: a
//! record without an element of its own, whose elements stand in the choice's place. The choice
//! takes it by the elements that can start it ([`Group::starts`]) and reads it with
//! [`Reader::group`], which stops at the first sibling that is not the group's.

use super::error::{DecodeError, EncodeError};
use super::raw::RawXml;
use super::reader::{Decode, Reader, Start};
use super::writer::Writer;

/// The elements of a sequence (or group) that is an alternative of a [`Choice`], as a record
/// without an element of its own. `#[derive(wsbind::Xml)]` on a struct with `#[xml(group)]`
/// implements it; its `Encode::content` writes the elements.
pub trait Group: Sized {
    /// Whether an element `(ns, name)` can start the group: its elements up to and including the
    /// first required one (exact namespace).
    fn starts(ns: Option<&str>, name: &str) -> bool;

    /// Reads the group that `first` starts, and the following siblings that belong to it
    /// ([`Reader::group`]); a missing required element is a `Missing` error under the parent.
    fn decode_group(r: &mut Reader<'_>, first: &Start) -> Result<Self, DecodeError>;
}

/// An XSD choice: exactly one of several alternatives, each an element or a [`Group`].
pub trait Choice: Sized {
    /// The alternatives' element names, `A | B`, for the error when none is there.
    const LABEL: &'static str;

    /// Whether an element `(ns, name)` is one of the alternatives (exact namespace).
    fn accepts(ns: Option<&str>, name: &str) -> bool;

    /// Whether `(ns, name)` is a repeated alternative (its consecutive elements make one value;
    /// default: none is).
    fn repeated(_ns: Option<&str>, _name: &str) -> bool {
        false
    }

    /// Reads alternative `child` as a value of its own: `None` for a nil single alternative.
    fn read_alternative(r: &mut Reader<'_>, child: &Start) -> Result<Option<Self>, DecodeError>;

    /// The choice's unknown case holding `raw`, an element none of the alternatives names (a
    /// newer server's alternative), when the choice has one (`Unknown(RawXml)`); `None` (the
    /// default) when it does not.
    fn unknown(_raw: RawXml) -> Option<Self> {
        None
    }

    /// Whether [`Choice::unknown`] keeps elements (default: no).
    const KEEPS_UNKNOWN: bool = false;

    /// Reads `child`, an element none of the alternatives names, into a single choice's unknown
    /// case when the choice keeps unknown elements and holds nothing yet (`true`); leaves it
    /// unread otherwise (`false`: the caller skips it).
    fn read_unknown_one(r: &mut Reader<'_>, child: &Start, slot: &mut Option<Self>) -> Result<bool, DecodeError> {
        if !Self::KEEPS_UNKNOWN || slot.is_some() {
            return Ok(false);
        }
        *slot = Self::unknown(RawXml::decode(r, child)?);
        Ok(true)
    }

    /// [`Choice::read_unknown_one`] for a repeated choice: every unknown element is an item, in
    /// document order.
    fn read_unknown_many(r: &mut Reader<'_>, child: &Start, slot: &mut Vec<Self>) -> Result<bool, DecodeError> {
        if !Self::KEEPS_UNKNOWN {
            return Ok(false);
        }
        slot.extend(Self::unknown(RawXml::decode(r, child)?));
        Ok(true)
    }

    /// The choice as an element's content on its own: the alternative among the element's
    /// children (an unknown element in the unknown case), the rest skipped; `None` when there is
    /// none.
    fn read_content(r: &mut Reader<'_>) -> Result<Option<Self>, DecodeError> {
        let mut choice: Option<Self> = None;
        while let Some(child) = r.next_child()? {
            let (ns, name) = child.name();
            if Self::accepts(ns, name) {
                Self::read_one(r, &child, &mut choice)?;
            } else if !Self::read_unknown_one(r, &child, &mut choice)? {
                r.skip(&child)?;
            }
        }
        Ok(choice)
    }

    /// Moves the items of `next` to the end of `self` when both are the same repeated
    /// alternative (`true`); leaves both as they are otherwise (`false`, the default).
    fn append(&mut self, _next: &mut Self) -> bool {
        false
    }

    /// Reads alternative `child` into a single choice: a second alternative is a `Duplicate`
    /// error (raised before reading a single one), a repeated alternative's consecutive elements
    /// go into one value.
    fn read_one(r: &mut Reader<'_>, child: &Start, slot: &mut Option<Self>) -> Result<(), DecodeError> {
        let (ns, name) = child.name();
        if slot.is_some() && !Self::repeated(ns, name) {
            return Err(r.duplicate(child));
        }
        let Some(mut value) = Self::read_alternative(r, child)? else { return Ok(()) };
        match slot {
            Some(held) => {
                if held.append(&mut value) {
                    Ok(())
                } else {
                    Err(r.duplicate(child))
                }
            }
            None => {
                *slot = Some(value);
                Ok(())
            }
        }
    }

    /// Reads alternative `child` into a repeated choice, in document order (a repeated
    /// alternative's consecutive elements into one value).
    fn read_many(r: &mut Reader<'_>, child: &Start, slot: &mut Vec<Self>) -> Result<(), DecodeError> {
        let Some(mut value) = Self::read_alternative(r, child)? else { return Ok(()) };
        if !slot.last_mut().is_some_and(|last| last.append(&mut value)) {
            slot.push(value);
        }
        Ok(())
    }

    /// Writes the alternative held, as its element.
    fn write_choice(&self, w: &mut Writer) -> Result<(), EncodeError>;
}
