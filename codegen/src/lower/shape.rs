//! How a field is held in its struct ([`Shape`]) and which fields `new` takes.

use crate::model::{Field, FieldKind};

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
