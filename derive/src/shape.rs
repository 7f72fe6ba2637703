//! How a field holds its values, read from its Rust type: `T`, `Option<T>`, `Vec<T>`, with or
//! without a `Box` around `T`. The generator writes exactly these forms (full paths or not: the
//! last path segment decides).

use syn::{GenericArgument, PathArguments, Type};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Exactly one: `T` or `Box<T>`.
    One,
    /// May be absent: `Option<T>` or `Option<Box<T>>`.
    Optional,
    /// Repeated: `Vec<T>`.
    Many,
}

/// A field's type taken apart.
pub struct FieldType<'a> {
    pub shape: Shape,
    /// The value is boxed (`Box<T>` or `Option<Box<T>>`).
    pub boxed: bool,
    /// `T`: without `Option`, `Vec` or `Box`.
    pub item: &'a Type,
}

impl<'a> FieldType<'a> {
    pub fn of(ty: &'a Type) -> FieldType<'a> {
        if let Some(inner) = generic_of(ty, "Option") {
            match generic_of(inner, "Box") {
                Some(item) => FieldType { shape: Shape::Optional, boxed: true, item },
                None => FieldType { shape: Shape::Optional, boxed: false, item: inner },
            }
        } else if let Some(item) = generic_of(ty, "Vec") {
            FieldType { shape: Shape::Many, boxed: false, item }
        } else if let Some(item) = generic_of(ty, "Box") {
            FieldType { shape: Shape::One, boxed: true, item }
        } else {
            FieldType { shape: Shape::One, boxed: false, item: ty }
        }
    }
}

/// `T` when `ty` is `Wrapper<T>` (by its last path segment).
fn generic_of<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// True when `ty` is `String` (by its last path segment): setters then take `impl Into<String>`.
pub fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_empty()))
}
