//! Serialisation impls: `Encode`/`Decode` for structs (order-tolerant decode by `(ns, local)`;
//! an element name declared by several fields fills them in declaration order, see
//! [`unreached_elements`]),
//! `Text` for enums and list types, choice helpers, and `form_params` for HTTP GET/POST requests.
//! Every call goes into the runtime (`::wsbind::xml`), as laid down in `docs/generated-code.md`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{Shape, is_xsi_type_field, item_type, shape};
use super::{Ctx, Error, builtin_xsd, resolve_builtin};
use crate::model::{
    Builtin, ChoiceType, ComplexType, EnumType, Field, FieldKind, SimpleType, TypeId, TypeKind, TypeRef,
};
use crate::names::{self, Scope};

/// All impls of one type.
pub fn impls(ctx: &Ctx, id: TypeId) -> Result<TokenStream, Error> {
    let t = ctx.model.ty(id);
    let record = matches!(t.kind, TypeKind::Complex(_) | TypeKind::Choice(_));
    if record && ctx.rest.xml.as_ref().is_some_and(|xml| !xml.contains(&id.0)) {
        // A record of a REST-only service that never travels as XML: no codec (its JSON one
        // comes from serde).
        return Ok(TokenStream::new());
    }
    let mut out = match &t.kind {
        TypeKind::Complex(c) => complex(ctx, id, c)?,
        TypeKind::Enum(e) => enumeration(ctx, id, e),
        TypeKind::Simple(s) => simple(ctx, id, s),
        TypeKind::Choice(c) => choice(ctx, id, c),
    };
    if super::client::needs_form_params(ctx, id)
        && let TypeKind::Complex(c) = &t.kind
    {
        out.extend(form_params(ctx, id, c));
    }
    Ok(out)
}

fn complex(ctx: &Ctx, id: TypeId, c: &ComplexType) -> Result<TokenStream, Error> {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let type_name = &ctx.model.ty(id).name.local;
    let has_text = c.fields.iter().any(|f| f.kind == FieldKind::Text);
    let has_children =
        c.fields.iter().any(|f| matches!(f.kind, FieldKind::Element | FieldKind::Choice | FieldKind::Any));
    if has_text && has_children {
        return Err(Error::Unsupported {
            item: type_name.clone(),
            what: "text content together with child elements".to_owned(),
        });
    }

    // ---- Encode ----
    let encoded = has_encoded_operations(ctx);
    let mut attrs = Vec::new();
    let mut content = Vec::new();
    let mut xsi_type_fn = quote! {};
    for (n, f) in c.fields.iter().enumerate() {
        let shape = shape(f);
        let fident = names::ident(&plan.fields[n]);
        let boxed = plan.boxed.contains(&n);
        match f.kind {
            FieldKind::Attribute if is_xsi_type_field(f) => {
                xsi_type_fn = quote! {
                    fn xsi_type(&self) -> ::std::option::Option<::wsbind::xml::Name<'_>> {
                        ::std::option::Option::map(self.#fident.as_deref(), ::wsbind::xml::Name::from_clark)
                    }
                };
            }
            FieldKind::Attribute => {
                let name = ctx.name_expr(f.ns.as_deref(), &f.name, false);
                attrs.push(quote! { a.add(#name, &self.#fident); });
            }
            FieldKind::Text => content.push(quote! { w.text(&self.#fident)?; }),
            FieldKind::Any => content.push(match shape {
                Shape::One => quote! { w.raw(&self.#fident); },
                Shape::Optional => quote! {
                    if let ::std::option::Option::Some(raw) = &self.#fident { w.raw(raw); }
                },
                Shape::Many | Shape::Array => quote! {
                    for raw in &self.#fident { w.raw(raw); }
                },
            }),
            FieldKind::Choice => content.push(match shape {
                Shape::One => quote! { self.#fident.write_choice(w)?; },
                Shape::Optional => quote! {
                    if let ::std::option::Option::Some(choice) = &self.#fident { choice.write_choice(w)?; }
                },
                Shape::Many | Shape::Array => quote! {
                    for choice in &self.#fident { choice.write_choice(w)?; }
                },
            }),
            FieldKind::Element => {
                let name = ctx.name_expr(f.ns.as_deref(), &f.name, false);
                let call = match (&f.array_item, shape) {
                    (Some(item), _) => {
                        let item = ctx.name_expr(item.ns.as_deref(), &item.name, false);
                        quote! { w.array(#name, #item, &self.#fident) }
                    }
                    (None, Shape::Optional) if f.nillable && !f.occurs.is_optional() => match boxed {
                        true => quote! { w.nillable_boxed(#name, &self.#fident) },
                        false => quote! { w.nillable(#name, &self.#fident) },
                    },
                    (None, Shape::Optional) if boxed => quote! { w.field_boxed(#name, &self.#fident) },
                    (None, Shape::One) if boxed => quote! { w.field(#name, &*self.#fident) },
                    _ => quote! { w.field(#name, &self.#fident) },
                };
                content.push(match encoded.then(|| encoded_builtin_type(ctx, &f.ty)).flatten() {
                    Some(xsd) => quote! {
                        w.typed(::wsbind::xml::Name::qualified(::wsbind::xml::XSD_NS, #xsd), |w| #call)?;
                    },
                    None => quote! { #call?; },
                });
            }
            FieldKind::AnyAttribute => attrs.push(quote! { a.others(&self.#fident); }),
        }
    }
    let attributes_fn = if attrs.is_empty() {
        quote! {}
    } else {
        quote! {
            fn attributes(&self, a: &mut ::wsbind::xml::Attributes<'_>) { #(#attrs)* }
        }
    };
    let w = if content.is_empty() { format_ident!("_w") } else { format_ident!("w") };
    let schema_type = schema_type_const(ctx, id, None);
    let encode = quote! {
        impl ::wsbind::xml::Encode for #ident {
            #schema_type
            #attributes_fn
            #xsi_type_fn
            fn content(&self, #w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                #(#content)*
                ::std::result::Result::Ok(())
            }
        }
    };

    // ---- Decode ----
    let mut locals = Scope::snake();
    for reserved in ["r", "start", "child", "choice", "items", "v"] {
        locals.reserve(reserved);
    }
    let mut setup = Vec::new();
    let mut arms = Vec::new();
    let mut tolerant: Vec<TokenStream> = Vec::new();
    let mut element_arms: Vec<ElementWire<'_>> = Vec::new();
    let mut fallback = None;
    let mut seen: BTreeSet<(Option<String>, String)> = BTreeSet::new();
    // The latest arm of each element name, to guard when a later field repeats the name.
    let mut repeated: BTreeMap<(Option<String>, String), ElementArm> = BTreeMap::new();
    let unreached = unreached_elements(ctx, c);
    let mut inits = Vec::new();
    let mut uses_start = false;
    for (n, f) in c.fields.iter().enumerate() {
        let shape = shape(f);
        let fident = names::ident(&plan.fields[n]);
        let local_name = locals.unique(&plan.fields[n]).0;
        let local = names::ident(&local_name);
        let boxed = plan.boxed.contains(&n);
        let item = item_type(ctx, f);
        let wire = f.name.as_str();
        match f.kind {
            FieldKind::Attribute if is_xsi_type_field(f) => {
                uses_start = true;
                setup.push(quote! { let #local = start.xsi_type_name(); });
            }
            FieldKind::Attribute => {
                uses_start = true;
                let ns = ctx.ns_pattern(f.ns.as_deref());
                setup.push(quote! { let #local = r.parse_attr::<#item>(start, #ns, #wire)?; });
            }
            FieldKind::Text => {
                uses_start = true;
                setup.push(quote! { let #local = r.text::<#item>(start)?; });
                inits.push(init(&fident, &local, None));
                continue;
            }
            FieldKind::Any => {
                let slot = slot_type(shape, &item);
                let empty = slot_empty(shape);
                if fallback.is_none() {
                    setup.push(quote! { let mut #local: #slot = #empty; });
                    fallback = Some(quote! { r.read_raw(&child, &mut #local)? });
                } else {
                    // Only the first wildcard collects unmatched elements.
                    setup.push(quote! { let #local: #slot = #empty; });
                }
            }
            FieldKind::Element => {
                let slot = slot_type(shape, &item);
                let empty = slot_empty(shape);
                if unreached.contains(&n) {
                    // An earlier `Vec` field or choice with this element name takes it: see
                    // `unreached_elements`.
                    setup.push(quote! { let #local: #slot = #empty; });
                } else {
                    let declared = setup.len();
                    setup.push(quote! { let mut #local: #slot = #empty; });
                    let key = (f.ns.clone(), f.name.clone());
                    let pat = ctx.ns_pattern(f.ns.as_deref());
                    let read = read_element(ctx, f, &quote! { #local });
                    let read = quote! { #read? };
                    match repeated.get(&key) {
                        // The name is declared again: the earlier field (an `Option` slot) takes
                        // one element, nil or not, this one the next. A flag rather than
                        // `is_none()`: a nil element leaves the slot empty but is taken.
                        Some(earlier) => {
                            let ElementArm { index, setup: declared, name: earlier_name, read: earlier_read } = earlier;
                            let taken =
                                names::ident(&locals.unique(&format!("{}_taken", names::unraw(earlier_name))).0);
                            // Declared next to the earlier field's slot.
                            setup[*declared].extend(quote! { let mut #taken = false; });
                            arms[*index] = quote! {
                                (#pat, #wire) if !#taken => {
                                    #taken = true;
                                    #earlier_read
                                }
                            };
                        }
                        None => {
                            seen.insert(key.clone());
                        }
                    }
                    repeated.insert(
                        key,
                        ElementArm { index: arms.len(), setup: declared, name: local_name.clone(), read: read.clone() },
                    );
                    let expected = match f.ns.as_deref().filter(|n| !n.is_empty()) {
                        Some(ns) => {
                            let c = ctx.ns_const(ns);
                            quote! { #c }
                        }
                        None => quote! { ::std::option::Option::None },
                    };
                    element_arms.push(ElementWire {
                        arm: arms.len(),
                        tolerant: tolerant.len(),
                        wire,
                        expected,
                        read: read.clone(),
                    });
                    arms.push(quote! { (#pat, #wire) => #read, });
                    // With `Reader::set_namespace_tolerant`, the local name alone (after every
                    // exact match).
                    tolerant.push(quote! { (_, #wire) if r.namespace_tolerant() => #read, });
                }
            }
            FieldKind::Choice => {
                let TypeRef::Named(cid) = f.ty else {
                    return Err(Error::Unsupported {
                        item: format!("{type_name}.{wire}"),
                        what: "a choice field whose type is not a choice".to_owned(),
                    });
                };
                let Some(TypeKind::Choice(ct)) = ctx.model.types.get(cid.0).map(|t| &t.kind) else {
                    return Err(Error::Unsupported {
                        item: format!("{type_name}.{wire}"),
                        what: "a choice field whose type is not a choice".to_owned(),
                    });
                };
                let cty = ctx.type_ident(cid);
                let slot = match shape {
                    Shape::Many | Shape::Array => quote! { ::std::vec::Vec<#cty> },
                    _ => quote! { ::std::option::Option<#cty> },
                };
                let empty = slot_empty(shape);
                let arms_before = arms.len();
                let many = matches!(shape, Shape::Many | Shape::Array);
                arms.extend(choice_arms(ctx, cid, ct, &local, many, &mut seen));
                if arms.len() > arms_before {
                    setup.push(quote! { let mut #local: #slot = #empty; });
                } else {
                    setup.push(quote! { let #local: #slot = #empty; });
                }
                let names: Vec<&str> = ct.variants.iter().map(|v| v.name.as_str()).collect();
                let label = names.join(" | ");
                inits.push(init(&fident, &local, finish(shape, boxed, &local, &label)));
                continue;
            }
            FieldKind::AnyAttribute => {
                uses_start = true;
                let known = c
                    .fields
                    .iter()
                    .filter(|k| k.kind == FieldKind::Attribute && !is_xsi_type_field(k))
                    .map(|k| ctx.name_expr(k.ns.as_deref(), &k.name, false));
                setup.push(quote! { let #local = start.other_attributes(&[#(#known),*]); });
                inits.push(init(&fident, &local, None));
                continue;
            }
        }
        inits.push(init(&fident, &local, finish(shape, boxed, &local, wire)));
    }
    // An element name no other field or choice alternative declares needs one arm, not an exact
    // and a tolerant one: `(ns, "Name") if r.accepts(ns, NS)`.
    let mut declared: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, wire) in &seen {
        *declared.entry(wire.as_str()).or_default() += 1;
    }
    let mut dropped = BTreeSet::new();
    for ew in &element_arms {
        let repeated = c.fields.iter().filter(|f| f.kind == FieldKind::Element && f.name == ew.wire).count() > 1;
        if declared.get(ew.wire).copied() == Some(1) && !repeated {
            let ElementWire { wire, expected, read, .. } = ew;
            arms[ew.arm] = quote! { (ns, #wire) if r.accepts(ns, #expected) => #read, };
            dropped.insert(ew.tolerant);
        }
    }
    let tolerant: Vec<TokenStream> =
        tolerant.into_iter().enumerate().filter(|(n, _)| !dropped.contains(n)).map(|(_, arm)| arm).collect();
    let body_loop = if has_text {
        quote! {}
    } else if arms.is_empty() && fallback.is_none() {
        quote! {
            while let ::std::option::Option::Some(child) = r.next_child()? {
                r.skip(&child)?;
            }
        }
    } else if arms.is_empty() {
        quote! {
            while let ::std::option::Option::Some(child) = r.next_child()? {
                #fallback;
            }
        }
    } else {
        let fallback = fallback.unwrap_or_else(|| quote! { r.skip(&child)? });
        quote! {
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    #(#arms)*
                    #(#tolerant)*
                    _ => #fallback,
                }
            }
        }
    };
    let start = if uses_start { format_ident!("start") } else { format_ident!("_start") };
    let decode = quote! {
        impl ::wsbind::xml::Decode for #ident {
            fn decode(r: &mut ::wsbind::xml::Reader<'_>, #start: &::wsbind::xml::Start) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
                #(#setup)*
                #body_loop
                ::std::result::Result::Ok(Self { #(#inits)* })
            }
        }
    };
    Ok(quote! { #encode #decode })
}

/// Where an element field's exact and tolerant match arms are, to merge them into one when no
/// other field shares its local name.
struct ElementWire<'a> {
    /// Position in the arm list.
    arm: usize,
    /// Position in the tolerant arm list.
    tolerant: usize,
    /// The element's local name.
    wire: &'a str,
    /// The declared namespace: its constant, or `None`.
    expected: TokenStream,
    /// The read call of the arm.
    read: TokenStream,
}

/// The match arm reading one element field, kept so that a later field declaring the same
/// element name can add a guard to it.
struct ElementArm {
    /// Position in the arm list.
    index: usize,
    /// Position of the slot's declaration in the setup list.
    setup: usize,
    /// The local slot's name (an `Option`: an earlier `Vec` never hands the name on).
    name: String,
    /// The read call.
    read: TokenStream,
}

/// Element fields of `c` that decoding never fills, by position.
///
/// An element name declared by several fields (a derived type declaring again an element of its
/// base, as paypal's `DoUatpAuthorizationResponseType` does with `MsgSubID`) is read into the
/// first of them whose slot still accepts a value: in a sequence the earlier declaration comes
/// first on the wire. An `Option` slot accepts exactly one element, `xsi:nil` or not (the match
/// arm has a guard `if !slot_taken` and sets the flag; the last field of the name has none, so
/// an element too many is a `Duplicate` error there), a `Vec` slot always accepts, so fields
/// after a repeated one with the same name are never filled; neither are fields whose name an
/// earlier choice alternative reads. The sample fixtures (`samples.rs`) leave exactly these fields empty.
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

/// The call reading element `child` of field `f` into `slot` (a `Result`, without `?`): an
/// `ArrayOfX` wrapper's items, or the element itself; a secret field's errors leave out the value.
fn read_element(ctx: &Ctx, f: &Field, slot: &TokenStream) -> TokenStream {
    match (&f.array_item, f.secret) {
        (Some(ai), secret) => {
            let item_name = ctx.name_expr(ai.ns.as_deref(), &ai.name, false);
            let read = quote! { r.read_array(&child, #item_name, &mut #slot) };
            if secret {
                quote! { #read.map_err(::wsbind::DecodeError::redacted) }
            } else {
                read
            }
        }
        (None, true) => quote! { r.read_secret(&child, &mut #slot) },
        (None, false) => quote! { r.read(&child, &mut #slot) },
    }
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

/// `const SCHEMA_TYPE` (the `xsi:type` of SOAP-encoded values) for a named type; anonymous
/// types get `fallback` (a built-in's XSD name) or nothing.
fn schema_type_const(ctx: &Ctx, id: TypeId, fallback: Option<&str>) -> TokenStream {
    let t = ctx.model.ty(id);
    let name = if t.anonymous {
        match fallback {
            Some(local) => quote! { ::wsbind::xml::Name::qualified(::wsbind::xml::XSD_NS, #local) },
            None => return quote! {},
        }
    } else {
        ctx.name_expr(t.name.ns.as_deref(), &t.name.local, false)
    };
    quote! {
        const SCHEMA_TYPE: ::std::option::Option<::wsbind::xml::Name<'static>> = ::std::option::Option::Some(#name);
    }
}

/// Match arms reading the alternatives of choice `cid` into `local` (`Option<C>`, or `Vec<C>`
/// when `many`); element names already in `seen` are left to the earlier arm.
fn choice_arms(
    ctx: &Ctx,
    cid: TypeId,
    ct: &ChoiceType,
    local: &proc_macro2::Ident,
    many: bool,
    seen: &mut BTreeSet<(Option<String>, String)>,
) -> Vec<TokenStream> {
    let cty = ctx.type_ident(cid);
    let mut arms = Vec::new();
    for (vn, v) in ct.variants.iter().enumerate() {
        if !seen.insert((v.ns.clone(), v.name.clone())) {
            continue;
        }
        let pat = ctx.ns_pattern(v.ns.as_deref());
        let vwire = v.name.as_str();
        let vident = names::ident(&ctx.plan.types[cid.0].fields[vn]);
        let vitem = ctx.rust_type(&v.ty);
        let vboxed = ctx.plan.types[cid.0].boxed.contains(&vn);
        let repeated = v.occurs.is_repeated() || v.array_item.is_some();
        let read = read_element(ctx, v, &quote! { v });
        let read = quote! { #read?; };
        let body = match (repeated, many) {
            (false, many) => {
                let wrap = if vboxed {
                    quote! { #cty::#vident(::std::boxed::Box::new(v)) }
                } else {
                    quote! { #cty::#vident(v) }
                };
                let store = if many {
                    quote! { #local.push(#wrap); }
                } else {
                    quote! { #local = ::std::option::Option::Some(#wrap); }
                };
                quote! {{
                let mut v: ::std::option::Option<#vitem> = ::std::option::Option::None;
                #read
                if let ::std::option::Option::Some(v) = v { #store }
                    }}
            }
            (true, false) => quote! {{
                let mut v: ::std::vec::Vec<#vitem> = ::std::vec::Vec::new();
                #read
                match &mut #local {
            ::std::option::Option::Some(#cty::#vident(items)) => items.append(&mut v),
            _ => #local = ::std::option::Option::Some(#cty::#vident(v)),
                }
            }},
            (true, true) => quote! {{
                let mut v: ::std::vec::Vec<#vitem> = ::std::vec::Vec::new();
                #read
                if let ::std::option::Option::Some(#cty::#vident(items)) = #local.last_mut() {
            items.append(&mut v);
                } else {
            #local.push(#cty::#vident(v));
                }
            }},
        };
        arms.push(quote! { (#pat, #vwire) => #body });
    }
    arms
}

/// The local slot a field is read into.
fn slot_empty(shape: Shape) -> TokenStream {
    match shape {
        Shape::Many | Shape::Array => quote! { ::std::vec::Vec::new() },
        _ => quote! { ::std::option::Option::None },
    }
}

fn slot_type(shape: Shape, item: &TokenStream) -> TokenStream {
    match shape {
        Shape::Many | Shape::Array => quote! { ::std::vec::Vec<#item> },
        _ => quote! { ::std::option::Option<#item> },
    }
}

/// The value a decoded local becomes in the struct literal, when it is not the local itself:
/// a required one is checked present (`label` names it in the error), a boxed one boxed.
fn finish(shape: Shape, boxed: bool, local: &proc_macro2::Ident, label: &str) -> Option<TokenStream> {
    match shape {
        Shape::One if boxed => Some(quote! { ::std::boxed::Box::new(r.required(#local, #label)?) }),
        Shape::One => Some(quote! { r.required(#local, #label)? }),
        Shape::Optional if boxed => Some(quote! { #local.map(::std::boxed::Box::new) }),
        _ => None,
    }
}

/// One field initialiser in the final struct literal: `value`, or the local itself (shorthand
/// when the names agree).
fn init(field: &proc_macro2::Ident, local: &proc_macro2::Ident, value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote! { #field: #value, },
        None if field == local => quote! { #field, },
        None => quote! { #field: #local, },
    }
}

fn enumeration(ctx: &Ctx, id: TypeId, e: &EnumType) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let xsd = ctx.model.ty(id).name.local.as_str();
    let mut seen = BTreeSet::new();
    let mut to_arms = Vec::new();
    let mut from_arms = Vec::new();
    for (n, v) in e.values.iter().enumerate() {
        let vident = names::ident(&plan.variants[n]);
        let value = v.value.as_str();
        to_arms.push(quote! { Self::#vident => #value, });
        if seen.insert(value) {
            from_arms.push(quote! { #value => Self::#vident, });
        }
    }
    let as_str_body = if e.values.is_empty() {
        quote! { let Self::Unknown(value) = self; value }
    } else {
        quote! {
            match self {
                #(#to_arms)*
                Self::Unknown(value) => value,
            }
        }
    };
    let from_body = if e.values.is_empty() {
        quote! { ::std::result::Result::Ok(Self::Unknown(::std::borrow::ToOwned::to_owned(text))) }
    } else {
        quote! {
            ::std::result::Result::Ok(match text {
                #(#from_arms)*
                other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
            })
        }
    };
    let schema_type = if ctx.model.ty(id).anonymous {
        schema_type_const(ctx, id, Some(super::builtin_xsd(e.base)))
    } else {
        schema_type_const(ctx, id, None)
    };
    quote! {
        impl #ident {
            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                #as_str_body
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::wsbind::xml::Text for #ident {
            const XSD_TYPE: &'static str = #xsd;
            #schema_type
            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
            fn from_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                #from_body
            }
        }
    }
}

fn simple(ctx: &Ctx, id: TypeId, s: &SimpleType) -> TokenStream {
    if !s.list {
        return quote! {};
    }
    let ident = ctx.type_ident(id);
    let base = ctx.rust_type(&s.base);
    let xsd = ctx.model.ty(id).name.local.as_str();
    let schema_type = if ctx.model.ty(id).anonymous {
        quote! { const SCHEMA_TYPE: ::std::option::Option<::wsbind::xml::Name<'static>> = ::std::option::Option::None; }
    } else {
        schema_type_const(ctx, id, None)
    };
    quote! {
        impl ::wsbind::xml::Text for #ident {
            const XSD_TYPE: &'static str = #xsd;
            #schema_type
            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                // Trait paths in full: a schema type may shadow prelude names such as `Iterator`.
                let items: ::std::vec::Vec<::std::borrow::Cow<'_, str>> = ::std::iter::Iterator::collect(
                    ::std::iter::Iterator::map(self.0.iter(), ::wsbind::xml::Text::to_text),
                );
                ::std::borrow::Cow::Owned(items.join(" "))
            }
            fn from_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                let items: ::std::result::Result<::std::vec::Vec<#base>, ::std::string::String> =
                    ::std::iter::Iterator::collect(::std::iter::Iterator::map(
                        text.split_whitespace(),
                        <#base as ::wsbind::xml::Text>::from_text,
                    ));
                items.map(Self)
            }
        }
    }
}

/// `write_choice`: writes the alternative held, under its element name.
fn choice(ctx: &Ctx, id: TypeId, c: &ChoiceType) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let arms = c.variants.iter().enumerate().map(|(n, v)| {
        let vident = names::ident(&plan.fields[n]);
        let name = ctx.name_expr(v.ns.as_deref(), &v.name, false);
        match &v.array_item {
            Some(ai) => {
                let item = ctx.name_expr(ai.ns.as_deref(), &ai.name, false);
                quote! { Self::#vident(v) => w.array(#name, #item, v), }
            }
            None if plan.boxed.contains(&n) => quote! { Self::#vident(v) => w.field(#name, &**v), },
            None => quote! { Self::#vident(v) => w.field(#name, v), },
        }
    });
    let local = format_ident!("choice");
    let arms_read = choice_arms(ctx, id, c, &local, false, &mut BTreeSet::new());
    let label = c.variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(" | ");
    quote! {
        /// As an element's content: the alternative is the element's child.
        impl ::wsbind::xml::Encode for #ident {
            fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                self.write_choice(w)
            }
        }

        impl ::wsbind::xml::Decode for #ident {
            fn decode(r: &mut ::wsbind::xml::Reader<'_>, _start: &::wsbind::xml::Start) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
                let mut #local: ::std::option::Option<#ident> = ::std::option::Option::None;
                while let ::std::option::Option::Some(child) = r.next_child()? {
                    match child.name() {
                        #(#arms_read)*
                        _ => r.skip(&child)?,
                    }
                }
                r.required(#local, #label)
            }
        }

        impl #ident {
            /// Writes the alternative held, as its element.
            fn write_choice(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                match self { #(#arms)* }
            }
        }
    }
}

/// True when `f` can be sent as a form / query parameter (a value with a lexical form).
pub fn is_form_field(ctx: &Ctx, f: &Field) -> bool {
    match f.kind {
        FieldKind::AnyAttribute => true,
        FieldKind::Element | FieldKind::Attribute => f.array_item.is_none() && ctx.is_text(&f.ty),
        _ => false,
    }
}

/// `form_params()`: the fields as (wire name, text) pairs for ASMX HTTP GET/POST bindings.
fn form_params(ctx: &Ctx, id: TypeId, c: &ComplexType) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let mut leading = Vec::new();
    let mut rest = Vec::new();
    for (n, f) in c.fields.iter().enumerate() {
        let shape = shape(f);
        if f.kind == FieldKind::AnyAttribute || is_xsi_type_field(f) {
            continue;
        }
        let fident = names::ident(&plan.fields[n]);
        let wire = f.name.as_str();
        match shape {
            Shape::One => {
                let pair = quote! { (#wire, ::wsbind::xml::Text::to_text(&self.#fident).into_owned()) };
                if rest.is_empty() {
                    leading.push(pair);
                } else {
                    rest.push(quote! { params.push(#pair); });
                }
            }
            Shape::Optional => rest.push(quote! {
                if let ::std::option::Option::Some(value) = &self.#fident {
                    params.push((#wire, ::wsbind::xml::Text::to_text(value).into_owned()));
                }
            }),
            Shape::Many | Shape::Array => rest.push(quote! {
                for value in &self.#fident {
                    params.push((#wire, ::wsbind::xml::Text::to_text(value).into_owned()));
                }
            }),
        }
    }
    let body = match (leading.is_empty(), rest.is_empty()) {
        (true, true) => quote! { ::std::vec::Vec::new() },
        (false, true) => quote! { ::std::vec![#(#leading),*] },
        (true, false) => quote! {
            let mut params = ::std::vec::Vec::new();
            #(#rest)*
            params
        },
        (false, false) => quote! {
            let mut params = ::std::vec![#(#leading),*];
            #(#rest)*
            params
        },
    };
    quote! {
        impl #ident {
            /// The fields as HTTP GET query / HTTP POST form parameters (wire name, text);
            /// absent optional fields are left out, repeated ones repeated. `Debug` hides secret
            /// values.
            pub fn form_params(&self) -> ::wsbind::soap::FormParams {
                ::wsbind::soap::FormParams::from({ #body })
            }
        }
    }
}
