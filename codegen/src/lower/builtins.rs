//! The Rust type of each XSD built-in, as a path: rendered as tokens by `emit`, shortened to its
//! last segment by `api::rust_api`.

use crate::model::{Builtin, Container, ContainerKind};

/// The Rust type of an XSD built-in, as a full path (`::std::string::String`, `i32`,
/// `::wsbind::types::DateTime`).
pub fn rust_path(b: Builtin) -> &'static str {
    match b {
        Builtin::String
        | Builtin::AnyUri
        | Builtin::QName
        | Builtin::Guid
        | Builtin::AnySimpleType
        | Builtin::Duration => "::std::string::String",
        Builtin::Boolean => "bool",
        Builtin::I8 => "i8",
        Builtin::I16 => "i16",
        Builtin::I32 => "i32",
        Builtin::I64 => "i64",
        Builtin::U8 => "u8",
        Builtin::U16 => "u16",
        Builtin::U32 => "u32",
        Builtin::U64 => "u64",
        Builtin::Integer | Builtin::Decimal => "::wsbind::types::Decimal",
        Builtin::Float => "f32",
        Builtin::Double => "f64",
        Builtin::DateTime => "::wsbind::types::DateTime",
        Builtin::Date => "::wsbind::types::Date",
        Builtin::Time => "::wsbind::types::Time",
        Builtin::Base64Binary => "::wsbind::types::Base64",
        Builtin::HexBinary => "::wsbind::types::Hex",
        Builtin::SwaRef => "::wsbind::types::SwaRef",
        Builtin::AnyType => "::wsbind::xml::RawXml",
        Builtin::Json => "::wsbind::rest::JsonValue",
        Builtin::Binary => "::wsbind::rest::Binary",
    }
}

/// The Rust type of a [`Container`] whose item type is `item`: `Vec<T>` or
/// `BTreeMap<String, T>` (`Option<T>` items when they may be `null`), as full paths, or with the
/// last segments only (`short`, for `api::rust_api`).
pub fn container_path(c: &Container, item: &str, short: bool) -> String {
    let item = if c.nullable_items {
        if short { format!("Option<{item}>") } else { format!("::std::option::Option<{item}>") }
    } else {
        item.to_owned()
    };
    match (c.kind, short) {
        (ContainerKind::List, false) => format!("::std::vec::Vec<{item}>"),
        (ContainerKind::List, true) => format!("Vec<{item}>"),
        (ContainerKind::Map, false) => format!("::std::collections::BTreeMap<::std::string::String, {item}>"),
        (ContainerKind::Map, true) => format!("BTreeMap<String, {item}>"),
    }
}

/// True for the built-ins held as `String` (setters take `impl Into<String>` for them).
pub fn is_text_builtin(b: Builtin) -> bool {
    rust_path(b) == "::std::string::String"
}
