//! Reading a value again as another type through its XML ([`recast`], [`upcast`]): the bridge
//! between a base type and its derived types, which the wire format alone tells apart.

use super::name::Name;
use super::reader::{Decode, decode_document};
use super::writer::{Encode, Writer};
use crate::error::Error;

/// Reads `value` again as type `D`: encodes it under a placeholder element and decodes that.
/// For a base-type value received as a derived type (its `xsi_type` and `derived` fields
/// hold the derived type's name and extra elements), `recast::<Derived, _>(&base)` gives the
/// derived struct.
pub fn recast<D: Decode, T: Encode + ?Sized>(value: &T) -> Result<D, Error> {
    reread(value, None)
}

/// A value of a derived type as a value of its base type `B`, for sending it where the base is
/// declared: `B`'s `xsi_type` names the derived type ([`Encode::SCHEMA_TYPE`] of `D`) and the
/// derived type's own elements go to `B`'s `derived` content, so that encoding the result writes
/// `<field xsi:type="ns:Derived">` with all of the derived value's fields.
pub fn upcast<B: Decode, D: Encode + ?Sized>(value: &D) -> Result<B, Error> {
    reread(value, D::SCHEMA_TYPE)
}

/// Encodes `value` under a placeholder element (with `xsi:type` = `forced`, if any) and decodes
/// that as `R`.
fn reread<R: Decode, T: Encode + ?Sized>(value: &T, forced: Option<Name<'static>>) -> Result<R, Error> {
    let placeholder = Name::unqualified("value");
    let mut w = Writer::new();
    w.element_with_type(placeholder, value, forced)?;
    Ok(decode_document(w.into_string().as_bytes(), placeholder, false)?)
}
