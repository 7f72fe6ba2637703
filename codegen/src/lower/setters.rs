//! The constructors' setters: which name a field's setter has and whether it takes
//! `impl Into<String>`. `wsbind-derive`'s `Constructors` renders them (a renamed setter is written
//! as `#[xml(setter = "..")]`, the argument follows the field's Rust type); `api::rust_api` names
//! them in the API snapshot.

use crate::model::{Field, FieldKind, Model, TypeRef};
use crate::names;

use super::builtins::is_text_builtin;

/// The setter of a field named `field` (its Rust name) when it is not named after the field: a
/// field named `new` would clash with the constructor.
pub fn renamed_setter(field: &str) -> Option<&'static str> {
    (names::unraw(field) == "new").then_some("with_new")
}

/// The setter's name: the field's, or [`renamed_setter`]'s.
pub fn setter_name(field: &str) -> &str {
    renamed_setter(field).unwrap_or(names::unraw(field))
}

/// True when the setter of a value of type `ty` takes `impl Into<String>`: the value is held as a
/// `String`, directly or through a named simple type (an alias of `String`, such as
/// `type CountryCode = String`); other values are taken as they are, so that an integer literal
/// keeps its type.
pub fn takes_into_string(model: &Model, ty: &TypeRef) -> bool {
    model.resolve_builtin(ty).is_some_and(is_text_builtin)
}

/// True when a field's constructor parameter or setter takes `impl Into<String>`: an element,
/// attribute or text value held as a `String` ([`takes_into_string`]).
pub fn field_takes_into_string(model: &Model, f: &Field) -> bool {
    matches!(f.kind, FieldKind::Element | FieldKind::Attribute | FieldKind::Text) && takes_into_string(model, &f.ty)
}
