//! The `#[xml(..)]` attributes of generated types: what `#[derive(wsbind::Xml)]` (the
//! `wsbind-derive` crate) needs to write the XML codec — wire names and namespaces, the kind of
//! node, `ArrayOfX` items, nil, secrets, the `xsi:type` of SOAP-encoded values, and which fields
//! decoding never fills. Every decision is taken here from the model and the plan; the derive only
//! renders it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Error, builtin_xsd, resolve_builtin};
use crate::lower::{Shape, is_xsi_type_field, shape};
use crate::model::{
    Builtin, ChoiceType, ComplexType, Discriminator, EnumType, Field, FieldKind, TypeId, TypeKind, TypeRef,
};

/// The attributes of a record or choice: the type's, and one per field or alternative.
pub struct XmlAttrs {
    pub record: TokenStream,
    pub fields: Vec<TokenStream>,
}

/// False for a record of a REST-only service that never travels as XML: it gets no XML codec (its
/// JSON one comes from serde).
pub(super) fn travels_as_xml(ctx: &Ctx, id: TypeId) -> bool {
    ctx.rest.xml.as_ref().is_none_or(|xml| xml.contains(&id.0))
}

/// `ns = CONST` when `ns` is not `default`: a constant, or `no_ns`.
fn ns_key(ctx: &Ctx, key: &str, ns: Option<&str>, default: Option<&str>) -> Option<TokenStream> {
    let ns = ns.filter(|n| !n.is_empty());
    if ns == default {
        return None;
    }
    Some(match ns {
        Some(ns) => {
            let key = quote::format_ident!("{key}");
            let c = ctx.ns_const(ns);
            quote! { #key = #c }
        }
        None => {
            // `ns` -> `no_ns`, `item_ns` -> `item_no_ns`, `type_ns` -> `type_no_ns`.
            let key = quote::format_ident!("{}no_ns", key.strip_suffix("ns").unwrap_or(key));
            quote! { #key }
        }
    })
}

/// The namespace most of `fields`' elements are in (the first one on a tie); `fallback` when there
/// are no elements.
fn common_ns<'a>(fields: impl Iterator<Item = &'a Field>, fallback: Option<&'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<Option<&str>, (usize, usize)> = BTreeMap::new();
    for (order, f) in fields.enumerate() {
        let entry = counts.entry(f.ns.as_deref().filter(|n| !n.is_empty())).or_insert((0, order));
        entry.0 += 1;
    }
    counts
        .into_iter()
        .max_by(|(_, (a, ao)), (_, (b, bo))| a.cmp(b).then(bo.cmp(ao)))
        .map_or(fallback.filter(|n| !n.is_empty()), |(ns, _)| ns)
}

/// The type attribute: `ns` (the elements' default), the schema type's name unless anonymous.
fn type_attr(ctx: &Ctx, id: TypeId, ns: Option<&str>, mut keys: Vec<TokenStream>) -> TokenStream {
    let t = ctx.model.ty(id);
    if let Some(ns) = ns {
        let c = ctx.ns_const(ns);
        keys.push(quote! { ns = #c });
    }
    if !t.anonymous {
        let local = t.name.local.as_str();
        keys.push(quote! { type_name = #local });
        keys.extend(ns_key(ctx, "type_ns", t.name.ns.as_deref(), ns));
    }
    quote! { #[xml(#(#keys),*)] }
}

/// The attributes of a record, `None` when it does not travel as XML.
pub fn record(ctx: &Ctx, id: TypeId, c: &ComplexType) -> Result<Option<XmlAttrs>, Error> {
    if !travels_as_xml(ctx, id) {
        return Ok(None);
    }
    let has_text = c.fields.iter().any(|f| f.kind == FieldKind::Text);
    let has_children =
        c.fields.iter().any(|f| matches!(f.kind, FieldKind::Element | FieldKind::Choice | FieldKind::Any));
    if has_text && has_children {
        return Err(Error::Unsupported {
            item: ctx.model.ty(id).name.local.clone(),
            what: "text content together with child elements".to_owned(),
        });
    }
    if c.fields.iter().any(|f| f.kind == FieldKind::Group) {
        return Err(Error::Unsupported {
            item: ctx.model.ty(id).name.local.clone(),
            what: "a sequence alternative outside a choice".to_owned(),
        });
    }
    let t = ctx.model.ty(id);
    let elements = c.fields.iter().filter(|f| f.kind == FieldKind::Element);
    let ns = common_ns(elements, t.name.ns.as_deref());
    let encoded = has_encoded_operations(ctx);
    let unread = unreached_elements(ctx, c);
    let fields = c
        .fields
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let mut keys = Vec::new();
            match f.kind {
                FieldKind::Attribute if is_xsi_type_field(f) => keys.push(quote! { xsi_type }),
                FieldKind::Attribute => {
                    let name = f.name.as_str();
                    keys.push(quote! { attribute, name = #name });
                    keys.extend(ns_key(ctx, "ns", f.ns.as_deref(), None));
                }
                FieldKind::Text => keys.push(quote! { text }),
                FieldKind::AnyAttribute => keys.push(quote! { any_attribute }),
                FieldKind::Choice | FieldKind::Group => keys.push(quote! { choice }),
                FieldKind::Any => {
                    let name = f.name.as_str();
                    keys.push(quote! { any, name = #name });
                }
                FieldKind::Element => {
                    keys.extend(element_keys(ctx, f, ns));
                    if shape(f) == Shape::Optional && f.nillable && !f.occurs.is_optional() {
                        keys.push(quote! { nillable });
                    }
                    if let Some(xsd) = encoded.then(|| encoded_builtin_type(ctx, &f.ty)).flatten() {
                        keys.push(quote! { encoded_as = #xsd });
                    }
                    if unread.contains(&n) {
                        keys.push(quote! { unread });
                    }
                }
            }
            quote! { #[xml(#(#keys),*)] }
        })
        .collect();
    let keys = if ctx.plan.types[id.0].group { vec![quote! { group }] } else { Vec::new() };
    Ok(Some(XmlAttrs { record: type_attr(ctx, id, ns, keys), fields }))
}

/// An element's (or choice alternative's) name, namespace, `ArrayOfX` item and secrecy.
fn element_keys(ctx: &Ctx, f: &Field, default_ns: Option<&str>) -> Vec<TokenStream> {
    let name = f.name.as_str();
    let mut keys = vec![quote! { name = #name }];
    keys.extend(ns_key(ctx, "ns", f.ns.as_deref(), default_ns));
    if let Some(item) = &f.array_item {
        let item_name = item.name.as_str();
        keys.push(quote! { item = #item_name });
        keys.extend(ns_key(ctx, "item_ns", item.ns.as_deref(), f.ns.as_deref().filter(|n| !n.is_empty())));
    }
    if f.secret {
        keys.push(quote! { secret });
    }
    keys
}

/// The attributes of a choice, `None` when it does not travel as XML. A choice by `xsi:type`
/// (derived types) says so (`xsi_types`), names the base as its schema type, marks the base's own
/// variant `base`; its variants' `name` is their type's.
pub fn choice(ctx: &Ctx, id: TypeId, c: &ChoiceType) -> Option<XmlAttrs> {
    // A JSON sum (`oneOf` / `anyOf`) has no XML form: bodies holding one are JSON only (`xml_media`).
    if !travels_as_xml(ctx, id) || c.is_json() {
        return None;
    }
    let ns = common_ns(c.variants.iter().filter(|v| v.kind != FieldKind::Group), None);
    let fields = c
        .variants
        .iter()
        .enumerate()
        .map(|(n, v)| {
            if v.kind == FieldKind::Group {
                let label = group_label(ctx, &v.ty);
                return quote! { #[xml(group, name = #label)] };
            }
            let mut keys = element_keys(ctx, v, ns);
            if n == 0 && matches!(c.discriminator, Discriminator::XsiType { base_variant: true, .. }) {
                keys.push(quote! { base });
            }
            quote! { #[xml(#(#keys),*)] }
        })
        .collect();
    let mut keys = Vec::new();
    if let Some(ns) = ns {
        let c = ctx.ns_const(ns);
        keys.push(quote! { ns = #c });
    }
    if let Discriminator::XsiType { base, .. } = c.discriminator {
        let base = &ctx.model.ty(base).name;
        let local = base.local.as_str();
        keys.push(quote! { xsi_types, type_name = #local });
        keys.extend(ns_key(ctx, "type_ns", base.ns.as_deref(), ns));
    }
    let record = if keys.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[xml(#(#keys),*)] }
    };
    Some(XmlAttrs { record, fields })
}

/// The label of a sequence alternative in `Missing` errors: its elements, `(Id, Revision)`.
fn group_label(ctx: &Ctx, ty: &TypeRef) -> String {
    let fields = match ty {
        TypeRef::Named(id) => match &ctx.model.ty(*id).kind {
            TypeKind::Complex(c) => c.fields.as_slice(),
            _ => &[],
        },
        TypeRef::Builtin(_) => &[],
    };
    let names: Vec<&str> = fields
        .iter()
        .map(|f| match f.kind {
            FieldKind::Any => "*",
            FieldKind::Choice => "choice",
            _ => f.name.as_str(),
        })
        .collect();
    format!("({})", names.join(", "))
}

/// The attribute of an enumeration: its XSD name (error messages) and schema type (a named type's,
/// or an anonymous one's built-in base).
pub fn enumeration(ctx: &Ctx, id: TypeId, e: &EnumType) -> TokenStream {
    let t = ctx.model.ty(id);
    let xsd = t.name.local.as_str();
    if t.anonymous {
        let base = builtin_xsd(e.base);
        quote! { #[xml(enumeration = #xsd, type_name = #base, type_ns = ::wsbind::xml::XSD_NS)] }
    } else {
        type_attr(ctx, id, t.name.ns.as_deref().filter(|n| !n.is_empty()), vec![quote! { enumeration = #xsd }])
    }
}

/// The attribute of a list type: its XSD name and, when named, its schema type.
pub fn list(ctx: &Ctx, id: TypeId) -> TokenStream {
    let t = ctx.model.ty(id);
    let xsd = t.name.local.as_str();
    type_attr(ctx, id, t.name.ns.as_deref().filter(|n| !n.is_empty()), vec![quote! { list = #xsd }])
}

/// Element fields of `c` that decoding never fills, by position.
///
/// An element name declared by several fields (a derived type declaring again an element of its
/// base, as paypal's `DoUatpAuthorizationResponseType` does with `MsgSubID`) is read into the
/// first of them whose slot still accepts a value: in a sequence the earlier declaration comes
/// first on the wire. An `Option` slot accepts exactly one element, `xsi:nil` or not, a `Vec` slot
/// always accepts, so fields after a repeated one with the same name are never filled; neither are
/// fields whose name an earlier choice alternative reads. The sample fixtures (`samples.rs`) leave
/// exactly these fields empty.
pub(super) fn unreached_elements(ctx: &Ctx, c: &ComplexType) -> BTreeSet<usize> {
    // For each name read so far: whether it is taken for good (by a `Vec` or a choice).
    let mut names: BTreeMap<(Option<&str>, &str), bool> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (n, f) in c.fields.iter().enumerate() {
        let shape = shape(f);
        match f.kind {
            FieldKind::Element => {
                let key = (f.ns.as_deref(), f.name.as_str());
                if names.get(&key).copied().unwrap_or(false) {
                    out.insert(n);
                } else {
                    names.insert(key, matches!(shape, Shape::Many | Shape::Array));
                }
            }
            FieldKind::Choice => {
                if let TypeRef::Named(cid) = &f.ty
                    && let Some(TypeKind::Choice(ct)) = ctx.model.types.get(cid.0).map(|t| &t.kind)
                {
                    for v in &ct.variants {
                        names.entry((v.ns.as_deref(), v.name.as_str())).or_insert(true);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether the module has rpc/encoded operations (their values carry `xsi:type`).
fn has_encoded_operations(ctx: &Ctx) -> bool {
    ctx.model.services.iter().flat_map(|s| &s.operations).any(|o| o.soap.iter().any(|b| b.encoded))
}

/// The XSD name to send as `xsi:type` for a field of type `ty` when its Rust type would name
/// another one: built-ins sharing a Rust type (`integer` is a `Decimal`, `anyURI` a `String`,
/// ...), directly or through named restrictions.
fn encoded_builtin_type(ctx: &Ctx, ty: &TypeRef) -> Option<&'static str> {
    match resolve_builtin(ctx, ty)? {
        b @ (Builtin::Integer | Builtin::AnyUri | Builtin::QName | Builtin::Duration) => Some(builtin_xsd(b)),
        _ => None,
    }
}
