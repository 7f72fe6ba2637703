//! The `#[xml(...)]` attributes: what the generator writes on a type, a field or a variant, read
//! into plain values. Every key is documented in the crate documentation; an unknown key or a
//! malformed value is a compile error at the attribute.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, LitStr, Path};

/// A namespace as written on a field or variant: not said (the type's `ns` applies to elements and
/// array items; attributes are unqualified), a constant, or explicitly none.
#[derive(Default)]
pub enum Ns {
    #[default]
    Inherit,
    Const(Path),
    None,
}

impl Ns {
    /// The namespace after inheriting `default`: `None` for no namespace.
    pub fn resolve<'a>(&'a self, default: Option<&'a Path>) -> Option<&'a Path> {
        match self {
            Ns::Inherit => default,
            Ns::Const(path) => Some(path),
            Ns::None => None,
        }
    }
}

/// `::wsbind::xml::Name` of a wire name in namespace `ns` (none: unqualified).
pub fn name_expr(ns: Option<&Path>, local: &LitStr) -> TokenStream {
    match ns {
        Some(ns) => quote! { ::wsbind::xml::Name::qualified(#ns, #local) },
        None => quote! { ::wsbind::xml::Name::unqualified(#local) },
    }
}

/// The namespace half of a `(ns, local)` match pattern and of attribute look-ups.
pub fn ns_option(ns: Option<&Path>) -> TokenStream {
    match ns {
        Some(ns) => quote! { ::std::option::Option::Some(#ns) },
        None => quote! { ::std::option::Option::None },
    }
}

/// The attributes of a type.
#[derive(Default)]
pub struct TypeAttrs {
    /// Namespace of the type's elements (fields, array items, alternatives) unless they say otherwise.
    pub ns: Option<Path>,
    /// The schema type's local name: `SCHEMA_TYPE` (the `xsi:type` of SOAP-encoded values).
    pub type_name: Option<LitStr>,
    /// The schema type's namespace when it is not `ns`.
    pub type_ns: Ns,
    /// An enumeration: its XSD name (error messages).
    pub enumeration: Option<LitStr>,
    /// A list type (`struct X(pub Vec<T>)`): its XSD name.
    pub list: Option<LitStr>,
    /// A base type and the types derived from it, told apart by `xsi:type` (an enum).
    pub xsi_types: bool,
    /// A record without an element of its own: a sequence that is an alternative of a choice
    /// (`wsbind::xml::Group`).
    pub group: bool,
    /// No `Sample` impl: the type's required fields close a cycle (no finite value exists).
    pub no_sample: bool,
}

impl TypeAttrs {
    pub fn parse(attrs: &[Attribute]) -> syn::Result<TypeAttrs> {
        let mut out = TypeAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("xml")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("ns") {
                    out.ns = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("type_name") {
                    out.type_name = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("type_ns") {
                    out.type_ns = Ns::Const(meta.value()?.parse()?);
                } else if meta.path.is_ident("type_no_ns") {
                    out.type_ns = Ns::None;
                } else if meta.path.is_ident("enumeration") {
                    out.enumeration = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("list") {
                    out.list = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("xsi_types") {
                    out.xsi_types = true;
                } else if meta.path.is_ident("group") {
                    out.group = true;
                } else if meta.path.is_ident("no_sample") {
                    out.no_sample = true;
                } else {
                    return Err(meta.error("unknown `xml` type attribute (expected `ns`, `type_name`, `type_ns`, `type_no_ns`, `enumeration`, `list`, `xsi_types`, `group` or `no_sample`)"));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }

    /// `const SCHEMA_TYPE: Option<Name> = Some(..)`, when the type has a schema name.
    pub fn schema_type_const(&self) -> TokenStream {
        match &self.type_name {
            Some(local) => {
                let name = name_expr(self.type_ns.resolve(self.ns.as_ref()), local);
                quote! {
                    const SCHEMA_TYPE: ::std::option::Option<::wsbind::xml::Name<'static>> =
                        ::std::option::Option::Some(#name);
                }
            }
            None => TokenStream::new(),
        }
    }
}

/// What XML node a field stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A child element (the default).
    Element,
    /// An attribute.
    Attribute,
    /// The element's text content (simple content).
    Text,
    /// Child elements the schema leaves open (`xs:any`), as raw XML.
    Any,
    /// Attributes the schema leaves open (`xs:anyAttribute`).
    AnyAttribute,
    /// The `xsi:type` a value was received with (kept by base types with derived types).
    XsiType,
    /// An XSD choice: a field whose type derives `Xml` as a choice.
    Choice,
}

/// The attributes of one field (of a record) or variant (of a choice).
pub struct FieldAttrs {
    pub kind: Kind,
    /// The wire name (elements, attributes, alternatives).
    pub name: Option<LitStr>,
    pub ns: Ns,
    /// An `ArrayOfX` wrapper: the repeated item element's local name.
    pub item: Option<LitStr>,
    pub item_ns: Ns,
    /// `None` is sent as `xsi:nil="true"` (a required, nillable element).
    pub nillable: bool,
    /// Decode errors leave the value out.
    pub secret: bool,
    /// SOAP-encoded messages write the value with this built-in `xsi:type` (its Rust type is shared
    /// by several built-ins: `integer` is a `Decimal`, `anyURI` a `String`, ...).
    pub encoded_as: Option<LitStr>,
    /// Decoding never fills it: an earlier field or choice alternative takes its element name.
    pub unread: bool,
    /// `Constructors`: the setter's name when it is not the field's.
    pub setter: Option<LitStr>,
    /// `Constructors`: the field's type is an alias of `String`: its setter and constructor
    /// parameter take `impl Into<String>` as a `String` field's do.
    pub into_string: bool,
    /// An `xsi_types` variant holding the declared (base) type: decoded when `xsi:type` is absent.
    pub base: bool,
    /// An `xsi_types` variant holding a value of a type the schema does not declare.
    pub unknown: bool,
    /// A choice variant holding a [group](TypeAttrs::group): a sequence of elements, not one.
    pub group: bool,
    /// `Sample`: left empty (an optional or repeated field), or never taken (a variant): its type
    /// has no finite value.
    pub sample_empty: bool,
    /// `Sample`: the choice variant taken at the depth bound (the one with the shortest value),
    /// when it is not the first.
    pub sample_leaf: bool,
}

impl FieldAttrs {
    pub fn parse(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
        let mut out = FieldAttrs {
            kind: Kind::Element,
            name: None,
            ns: Ns::Inherit,
            item: None,
            item_ns: Ns::Inherit,
            nillable: false,
            secret: false,
            encoded_as: None,
            unread: false,
            setter: None,
            into_string: false,
            base: false,
            unknown: false,
            group: false,
            sample_empty: false,
            sample_leaf: false,
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident("xml")) {
            attr.parse_nested_meta(|meta| {
                let kinds = [
                    ("attribute", Kind::Attribute),
                    ("text", Kind::Text),
                    ("any", Kind::Any),
                    ("any_attribute", Kind::AnyAttribute),
                    ("xsi_type", Kind::XsiType),
                    ("choice", Kind::Choice),
                ];
                let kind = kinds.iter().find(|(key, _)| meta.path.is_ident(key)).map(|(_, kind)| *kind);
                if let Some(kind) = kind {
                    out.kind = kind;
                } else if meta.path.is_ident("name") {
                    out.name = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("ns") {
                    out.ns = Ns::Const(meta.value()?.parse()?);
                } else if meta.path.is_ident("no_ns") {
                    out.ns = Ns::None;
                } else if meta.path.is_ident("item") {
                    out.item = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("item_ns") {
                    out.item_ns = Ns::Const(meta.value()?.parse()?);
                } else if meta.path.is_ident("item_no_ns") {
                    out.item_ns = Ns::None;
                } else if meta.path.is_ident("nillable") {
                    out.nillable = true;
                } else if meta.path.is_ident("secret") {
                    out.secret = true;
                } else if meta.path.is_ident("encoded_as") {
                    out.encoded_as = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("unread") {
                    out.unread = true;
                } else if meta.path.is_ident("setter") {
                    out.setter = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("into_string") {
                    out.into_string = true;
                } else if meta.path.is_ident("base") {
                    out.base = true;
                } else if meta.path.is_ident("unknown") {
                    out.unknown = true;
                } else if meta.path.is_ident("group") {
                    out.group = true;
                } else if meta.path.is_ident("sample_empty") {
                    out.sample_empty = true;
                } else if meta.path.is_ident("sample_leaf") {
                    out.sample_leaf = true;
                } else {
                    return Err(meta.error("unknown `xml` field attribute"));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}
