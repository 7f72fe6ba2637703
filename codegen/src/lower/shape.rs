//! How a field is held in its struct ([`Shape`]) and which fields `new` takes.

use crate::model::{ChoiceType, Discriminator, Field, FieldKind};

/// How a field is held in its struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Exactly one: `T` (or `Box<T>`).
    One,
    /// May be absent (or nil): `Option<T>`.
    Optional,
    /// Repeated elements: `Vec<T>`.
    Many,
    /// An `ArrayOfX` wrapper element holding repeated items: `Vec<T>`.
    Array,
}

/// The shape of a field.
pub fn shape(f: &Field) -> Shape {
    match f.kind {
        FieldKind::AnyAttribute => Shape::One,
        FieldKind::Text => Shape::One,
        FieldKind::Attribute => {
            if f.occurs.min >= 1 {
                Shape::One
            } else {
                Shape::Optional
            }
        }
        FieldKind::Any => {
            if f.occurs.is_repeated() {
                Shape::Many
            } else if f.occurs.is_optional() {
                Shape::Optional
            } else {
                Shape::One
            }
        }
        FieldKind::Element | FieldKind::Choice | FieldKind::Group => {
            if f.array_item.is_some() {
                Shape::Array
            } else if f.occurs.is_repeated() {
                Shape::Many
            } else if f.occurs.is_optional() || f.nillable {
                Shape::Optional
            } else {
                Shape::One
            }
        }
    }
}

/// True for a field `new` takes: a value that must be there (an element, attribute, text or
/// wildcard with exactly one occurrence). `xs:anyAttribute` starts empty.
pub fn is_constructor_param(f: &Field) -> bool {
    shape(f) == Shape::One && f.kind != FieldKind::AnyAttribute
}

/// The case a choice enum keeps beside its alternatives, for what they do not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownCase {
    /// `Unknown(UnknownType)`: a value of a type the schema does not declare (by `xsi:type`), or
    /// no `xsi:type` under an abstract base.
    Type,
    /// `Unknown(RawXml)`: an element none of the alternatives names (a newer server's
    /// alternative or substitution group member), where the record holding the choice takes no
    /// such element itself.
    Element,
    /// `Unknown(JsonValue)`: a JSON sum's (`oneOf` / `anyOf`) value no alternative takes,
    /// rendered with the sum's table (`emit::sums`).
    Json,
}

/// The unknown case of choice `c` (`as_xml`: it travels as XML), if it has one: every choice of
/// an XML service and every JSON sum does, so that a vendor's new alternative never fails an old
/// client.
pub fn unknown_case(c: &ChoiceType, as_xml: bool) -> Option<UnknownCase> {
    match c.discriminator {
        Discriminator::XsiType { .. } => Some(UnknownCase::Type),
        Discriminator::Element if as_xml => Some(UnknownCase::Element),
        Discriminator::Element => None,
        Discriminator::Property { .. } | Discriminator::Untagged => Some(UnknownCase::Json),
    }
}
