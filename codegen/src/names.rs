//! The naming stage: deterministic Rust identifiers from wire names.
//!
//! Rules (the same for every service, so generated code reads the same everywhere):
//!
//! * Characters that cannot appear in an identifier (`-`, `.`, spaces, non-ASCII letters, ...)
//!   are word boundaries; the words are then cased with `heck`: `UpperCamelCase` for types and enum
//!   variants ([`type_name`], [`variant_name`]), `snake_case` for fields, methods and locals
//!   ([`field_name`]), `SHOUTY_SNAKE_CASE` for constants ([`const_name`]).
//!   `sessionID` -> `session_id`, `PartnerCameraSerialNumber` -> `partner_camera_serial_number`.
//!   `OAuth` is one word (`OAuthToken` -> `oauth_token`).
//! * A name that would start with a digit gets a prefix: `T` for types (`3DSecure` -> `T3dSecure`),
//!   `V` for enum variants (`1` -> `V1`), `_` for snake and shouty names (`3d` -> `_3d`).
//! * A name with no usable character falls back to `Type`, `field`, `OP`; enum variants to
//!   `Value<index>` (index of the value in the enumeration) or `Empty` for the empty string.
//! * Rust keywords become raw identifiers (`type` -> `r#type`), except `self`, `Self`, `super`,
//!   `crate` and `_`, which cannot be raw and get a trailing underscore (`Self` -> `Self_`).
//! * Collisions inside one scope (types of a module, fields of a struct, variants of an enum,
//!   methods of a client, constants of `ops`) are resolved by [`Scope::unique`]: the first claimant in
//!   model order keeps the name, later ones get the smallest free numeric suffix (`Foo2`, `name_2`).

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Strict, reserved and edition-2018+/2024 keywords.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// True for Rust keywords (including reserved ones).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Replaces everything that cannot be part of an identifier by a space (a word boundary for heck).
fn sanitize(wire: &str) -> String {
    let cleaned: String = wire.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    // Brand words whose inner capital is not a word boundary (`OAuthToken` -> `oauth_token`,
    // not `o_auth_token`).
    cleaned.replace("OAuth", "Oauth")
}

/// Makes `name` usable as an identifier: keyword handling (raw or trailing `_`).
fn finish(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `name` (a snake-case name already free of other problems) usable as an identifier: raw
/// (`r#type`) for keywords, `self_` for those that cannot be raw.
pub fn keyword_safe(name: &str) -> String {
    finish(name.to_owned())
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Type and trait names of the Rust 2024 prelude. A generated type of one of these names would
/// shadow the prelude's after `use module::*` (a glob import beats the prelude), so that
/// `Result<(), E>` on the next line stops compiling: such types take the suffix `Type`
/// ([`item_type_name`]). Names outside the prelude (`Error`, `Client`, ...) are kept when free.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The name of a generated type: [`type_name`], with the suffix `Type` when that is a prelude
/// name ([`PRELUDE`]): `Result` -> `ResultType`, `Option` -> `OptionType`.
pub fn item_type_name(wire: &str) -> String {
    let name = type_name(wire);
    if PRELUDE.contains(&name.as_str()) { format!("{name}Type") } else { name }
}

/// `UpperCamelCase` type name from a wire name.
pub fn type_name(wire: &str) -> String {
    let s = sanitize(wire).to_upper_camel_case();
    let s = if s.is_empty() {
        "Type".to_owned()
    } else if starts_with_digit(&s) {
        format!("T{s}")
    } else {
        s
    };
    finish(s)
}

/// `snake_case` field, method or local name from a wire name.
pub fn field_name(wire: &str) -> String {
    let s = sanitize(wire).to_snake_case();
    let s = if s.is_empty() {
        "field".to_owned()
    } else if starts_with_digit(&s) {
        format!("_{s}")
    } else {
        s
    };
    finish(s)
}

/// `SHOUTY_SNAKE_CASE` constant name from a wire name.
pub fn const_name(wire: &str) -> String {
    let s = sanitize(wire).to_shouty_snake_case();
    if s.is_empty() {
        "OP".to_owned()
    } else if starts_with_digit(&s) {
        format!("_{s}")
    } else {
        s
    }
}

/// `UpperCamelCase` enum variant from an enumeration value; `index` is the value's position,
/// used only when the value has no usable character.
pub fn variant_name(value: &str, index: usize) -> String {
    if value.is_empty() {
        return "Empty".to_owned();
    }
    let s = sanitize(value).to_upper_camel_case();
    let s = if s.is_empty() {
        format!("Value{index}")
    } else if starts_with_digit(&s) {
        format!("V{s}")
    } else {
        s
    };
    finish(s)
}

/// The identifier token for a name produced above (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name without its `r#` prefix (what derived `Debug` prints).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Names already taken in one scope.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    used: BTreeSet<String>,
    /// Separator before the numeric suffix: `""` for camel-case scopes, `"_"` for snake-case ones.
    sep: &'static str,
}

impl Scope {
    /// A scope for `UpperCamelCase` names (suffix `Foo2`).
    pub fn camel() -> Self {
        Scope { used: BTreeSet::new(), sep: "" }
    }

    /// A scope for `snake_case` / `SHOUTY` names (suffix `foo_2`).
    pub fn snake() -> Self {
        Scope { used: BTreeSet::new(), sep: "_" }
    }

    /// Marks `name` as taken (generated names such as `Client`, `Error`, `new`).
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(unraw(name).to_owned());
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(unraw(name))
    }

    /// `base` when free, else `base` with the smallest free suffix 2, 3, ...; the name is then
    /// taken. Returns the name and whether it was renamed.
    pub fn unique(&mut self, base: &str) -> (String, bool) {
        if !self.contains(base) {
            self.reserve(base);
            return (base.to_owned(), false);
        }
        let stem = unraw(base);
        let mut n = 2usize;
        loop {
            let candidate = format!("{stem}{}{n}", self.sep);
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return (candidate, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_fields() {
        assert_eq!(field_name("sessionID"), "session_id");
        assert_eq!(field_name("PartnerCameraSerialNumber"), "partner_camera_serial_number");
        assert_eq!(field_name("access_token"), "access_token");
        assert_eq!(field_name("UserName"), "user_name");
        assert_eq!(field_name("OAuthToken"), "oauth_token");
        assert_eq!(field_name("a-b.c"), "a_b_c");
        assert_eq!(field_name("3dSecure"), "_3d_secure");
        assert_eq!(field_name("--"), "field");
        assert_eq!(field_name("Größe"), "gr_e");
    }

    #[test]
    fn prelude_names_take_a_suffix_and_free_names_stay() {
        assert_eq!(item_type_name("Result"), "ResultType");
        assert_eq!(item_type_name("option"), "OptionType");
        assert_eq!(item_type_name("String"), "StringType");
        assert_eq!(item_type_name("Error"), "Error");
        assert_eq!(item_type_name("ResultSet"), "ResultSet");
    }

    #[test]
    fn camel_case_types() {
        assert_eq!(type_name("AccessTokenResult"), "AccessTokenResult");
        assert_eq!(type_name("ArrayOfSyncStatus"), "ArrayOfSyncStatus");
        assert_eq!(type_name("getFoo"), "GetFoo");
        assert_eq!(type_name("sessionID"), "SessionId");
        assert_eq!(type_name("3DSecure"), "T3dSecure");
        assert_eq!(type_name("Order.Items"), "OrderItems");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name(""), "Type");
    }

    #[test]
    fn keywords() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
        assert_eq!(unraw("r#match"), "match");
    }

    #[test]
    fn consts() {
        assert_eq!(const_name("GetPartnerCameraRefreshToken"), "GET_PARTNER_CAMERA_REFRESH_TOKEN");
        assert_eq!(const_name("1st"), "_1ST");
        assert_eq!(const_name("%"), "OP");
    }

    #[test]
    fn variants() {
        assert_eq!(variant_name("Active", 0), "Active");
        assert_eq!(variant_name("1", 0), "V1");
        assert_eq!(variant_name("a-b", 1), "AB");
        assert_eq!(variant_name("", 2), "Empty");
        assert_eq!(variant_name("+", 3), "Value3");
        assert_eq!(variant_name("Self", 0), "Self_");
    }

    #[test]
    fn scopes_resolve_collisions_in_order() {
        let mut types = Scope::camel();
        types.reserve("Client");
        assert_eq!(types.unique("Client"), ("Client2".to_owned(), true));
        assert_eq!(types.unique("Foo"), ("Foo".to_owned(), false));
        assert_eq!(types.unique("Foo"), ("Foo2".to_owned(), true));
        let mut fields = Scope::snake();
        assert_eq!(fields.unique("name").0, "name");
        assert_eq!(fields.unique("name").0, "name_2");
        assert_eq!(fields.unique("name").0, "name_3");
        assert_eq!(fields.unique("r#type").0, "r#type");
        assert_eq!(fields.unique("r#type").0, "type_2");
    }
}
