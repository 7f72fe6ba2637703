//! Type definitions: structs for complex types, enums for enumerations and choices, aliases or
//! newtypes for simple types, and the `Debug` impls that redact secret fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::{Ctx, Error};
use crate::model::{ChoiceType, ComplexType, EnumType, Field, FieldKind, Limits, SimpleType, TypeId, TypeKind};
use crate::names;

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

/// The shape of a field; `None` for fields that are not represented (`anyAttribute`).
pub fn shape(f: &Field) -> Option<Shape> {
    Some(match f.kind {
        FieldKind::AnyAttribute => return None,
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
        FieldKind::Element | FieldKind::Choice => {
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
    })
}

/// The item type of a field (without `Option`/`Vec`/`Box`).
pub fn item_type(ctx: &Ctx, f: &Field) -> TokenStream {
    if f.kind == FieldKind::Any {
        quote! { ::wsbind::xml::RawXml }
    } else {
        ctx.rust_type(&f.ty)
    }
}

/// The full Rust type of a field.
pub fn field_type(ctx: &Ctx, f: &Field, shape: Shape, boxed: bool) -> TokenStream {
    let item = item_type(ctx, f);
    let item = if boxed && matches!(shape, Shape::One | Shape::Optional) {
        quote! { ::std::boxed::Box<#item> }
    } else {
        item
    };
    match shape {
        Shape::One => item,
        Shape::Optional => quote! { ::std::option::Option<#item> },
        Shape::Many | Shape::Array => quote! { ::std::vec::Vec<#item> },
    }
}

/// Documentation of a type: schema prose, then where the name comes from.
fn type_doc(ctx: &Ctx, id: TypeId) -> Doc {
    let t = ctx.model.ty(id);
    let plan = &ctx.plan.types[id.0];
    let mut doc = Doc::new();
    doc.prose(t.doc.as_deref());
    let wire = match &t.name.ns {
        Some(ns) => format!("{} in namespace {}", docs::code(&t.name.local), docs::code(ns)),
        None => docs::code(&t.name.local),
    };
    if t.anonymous {
        doc.line(format!("Anonymous type, named after its context {wire}."));
    } else {
        doc.line(format!("Schema type {wire}."));
    }
    if plan.renamed {
        doc.line(format!(
            "Named `{}` because `{}` is already taken in this module (by another type or a generated item).",
            names::unraw(&plan.name),
            names::type_name(&t.name.local)
        ));
    }
    doc
}

fn limits_doc(doc: &mut Doc, limits: &Limits) {
    let mut parts = Vec::new();
    if let Some(n) = limits.min_length {
        parts.push(format!("min length {n}"));
    }
    if let Some(n) = limits.max_length {
        parts.push(format!("max length {n}"));
    }
    if let Some(n) = limits.min_items {
        parts.push(format!("min items {n}"));
    }
    if let Some(n) = limits.max_items {
        parts.push(format!("max items {n}"));
    }
    if let Some(n) = limits.minimum {
        parts.push(format!("minimum {n}"));
    }
    if let Some(n) = limits.maximum {
        parts.push(format!("maximum {n}"));
    }
    if let Some(p) = &limits.pattern {
        parts.push(format!("pattern {}", docs::code(p)));
    }
    if !parts.is_empty() {
        doc.line(format!("Limits: {}.", parts.join(", ")));
    }
    doc.prose(limits.note.as_deref());
}

/// The definition (and `Debug` impl where needed) of one type.
pub fn definition(ctx: &Ctx, id: TypeId) -> Result<TokenStream, Error> {
    let t = ctx.model.ty(id);
    let doc = type_doc(ctx, id);
    match &t.kind {
        TypeKind::Complex(c) => Ok(complex(ctx, id, c, doc)),
        TypeKind::Enum(e) => Ok(enumeration(ctx, id, e, doc)),
        TypeKind::Simple(s) => Ok(simple(ctx, id, s, doc)),
        TypeKind::Choice(c) => choice(ctx, id, c, doc),
    }
}

fn field_doc(f: &Field) -> Doc {
    let mut doc = Doc::new();
    doc.prose(f.doc.as_deref());
    let what = match f.kind {
        FieldKind::Attribute => "Attribute",
        FieldKind::Text => "Text content",
        FieldKind::Any => "Any other child elements, kept as raw XML",
        _ => "Element",
    };
    match (&f.kind, &f.array_item) {
        (FieldKind::Text, _) => doc.line(format!("{what}.")),
        (FieldKind::Any, _) => doc.line(format!("{what}.")),
        (_, Some(item)) => doc.line(format!(
            "Wire name: {} (a wrapper of repeated {} items).",
            docs::code(&f.name),
            docs::code(&item.name)
        )),
        _ => doc.line(format!("{what} {}.", docs::code(&f.name))),
    };
    if f.nillable && !f.occurs.is_optional() && !f.occurs.is_repeated() {
        doc.line("Nillable: `None` is sent as `xsi:nil=\"true\"`.");
    }
    if let Some(d) = &f.default {
        doc.line(format!("Schema default: {}.", docs::code(d)));
    }
    if let Some(d) = &f.fixed {
        doc.line(format!("Fixed value: {}.", docs::code(d)));
    }
    if f.secret {
        doc.line("Secret: redacted in `Debug` output and error messages.");
    }
    limits_doc(&mut doc, &f.limits);
    doc
}

fn complex(ctx: &Ctx, id: TypeId, c: &ComplexType, mut doc: Doc) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    if let Some(base) = c.base
        && base.0 < ctx.model.types.len()
    {
        let base_name = names::unraw(&ctx.plan.types[base.0].name).to_owned();
        doc.line(format!("Extends `{base_name}` (its fields come first)."));
    }
    if c.fields.iter().any(|f| f.kind == FieldKind::AnyAttribute) {
        doc.line("The schema allows any other attributes; they are not kept.");
    }
    let doc = doc.outer();
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    let mut secret = false;
    for (n, f) in c.fields.iter().enumerate() {
        let Some(shape) = shape(f) else { continue };
        let fname = names::ident(&plan.fields[n]);
        let ty = field_type(ctx, f, shape, plan.boxed.contains(&n));
        let fdoc = field_doc(f).outer();
        fields.push(quote! { #fdoc pub #fname: #ty, });
        let label = names::unraw(&plan.fields[n]);
        if f.secret {
            secret = true;
            debug_fields.push(quote! { .field(#label, &::wsbind::redact::Redacted(&self.#fname)) });
        } else {
            debug_fields.push(quote! { .field(#label, &self.#fname) });
        }
    }
    let label = names::unraw(&plan.name);
    let default = if plan.has_default {
        quote! { Default, }
    } else {
        quote! {}
    };
    if secret {
        quote! {
            #doc
            #[derive(Clone, #default PartialEq)]
            pub struct #ident { #(#fields)* }

            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#debug_fields)* .finish()
                }
            }
        }
    } else {
        quote! {
            #doc
            #[derive(Clone, Debug, #default PartialEq)]
            pub struct #ident { #(#fields)* }
        }
    }
}

/// True when clippy's `enum_variant_names` would fire: a variant starting or ending with the
/// enum's name, or all variants sharing a camel-case word at the start or end.
fn variant_names_lint(enum_name: &str, variants: &[String]) -> bool {
    let words = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in s.chars() {
            if c.is_uppercase() || out.is_empty() {
                out.push(String::new());
            }
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        }
        out
    };
    if variants.iter().any(|v| v.starts_with(enum_name) || v.ends_with(enum_name)) {
        return true;
    }
    if variants.len() < 3 {
        return false;
    }
    let split: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let first = split[0].first().cloned();
    let last = split[0].last().cloned();
    let all_first = split.iter().all(|w| w.len() > 1 && w.first() == first.as_ref());
    let all_last = split.iter().all(|w| w.len() > 1 && w.last() == last.as_ref());
    all_first || all_last
}

fn enumeration(ctx: &Ctx, id: TypeId, e: &EnumType, mut doc: Doc) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    doc.line("Values the schema did not list are kept in `Unknown`.");
    let doc = doc.outer();
    let mut variants = Vec::new();
    for (n, v) in e.values.iter().enumerate() {
        let vident = names::ident(&plan.variants[n]);
        let mut vdoc = Doc::new();
        vdoc.prose(v.doc.as_deref());
        vdoc.line(if v.value.is_empty() {
            "Wire value: the empty string.".to_owned()
        } else {
            format!("Wire value {}.", docs::code(&v.value))
        });
        let vdoc = vdoc.outer();
        let default = if n == 0 {
            quote! { #[default] }
        } else {
            quote! {}
        };
        variants.push(quote! { #vdoc #default #vident, });
    }
    let mut all: Vec<String> = plan.variants.iter().map(|v| names::unraw(v).to_owned()).collect();
    all.push("Unknown".to_owned());
    let allow = if variant_names_lint(names::unraw(&plan.name), &all) {
        quote! { #[allow(clippy::enum_variant_names)] }
    } else {
        quote! {}
    };
    let unknown_doc = " A value the schema did not list, as received.";
    if e.values.is_empty() {
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #allow
            pub enum #ident {
                #[doc = #unknown_doc]
                Unknown(::std::string::String),
            }

            impl ::std::default::Default for #ident {
                fn default() -> Self {
                    Self::Unknown(::std::string::String::new())
                }
            }
        }
    } else {
        quote! {
            #doc
            #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
            #allow
            pub enum #ident {
                #(#variants)*
                #[doc = #unknown_doc]
                Unknown(::std::string::String),
            }
        }
    }
}

fn simple(ctx: &Ctx, id: TypeId, s: &SimpleType, mut doc: Doc) -> TokenStream {
    let ident = ctx.type_ident(id);
    let base = ctx.rust_type(&s.base);
    limits_doc(&mut doc, &s.limits);
    if s.list {
        doc.line(format!("A whitespace-separated list of {} values.", docs::code(&ctx.type_wire(&s.base))));
        let doc = doc.outer();
        quote! {
            #doc
            #[derive(Clone, Debug, Default, PartialEq)]
            pub struct #ident(pub ::std::vec::Vec<#base>);
        }
    } else {
        doc.line(format!("Restricts {}.", docs::code(&ctx.type_wire(&s.base))));
        let doc = doc.outer();
        quote! {
            #doc
            pub type #ident = #base;
        }
    }
}

fn choice(ctx: &Ctx, id: TypeId, c: &ChoiceType, mut doc: Doc) -> Result<TokenStream, Error> {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let Some(first) = plan.fields.first() else {
        return Err(Error::Unsupported {
            item: ctx.model.ty(id).name.local.clone(),
            what: "a choice without alternatives".to_owned(),
        });
    };
    doc.line("Exactly one of the alternatives (an XSD `choice`); alternatives holding a record are boxed.");
    let doc = doc.outer();
    let mut variants = Vec::new();
    for (n, f) in c.variants.iter().enumerate() {
        let vident = names::ident(&plan.fields[n]);
        let shape =
            if f.occurs.is_repeated() || f.array_item.is_some() { super::types::Shape::Many } else { Shape::One };
        let ty = field_type(ctx, f, shape, plan.boxed.contains(&n));
        let vdoc = field_doc(f).outer();
        variants.push(quote! { #vdoc #vident(#ty), });
    }
    let first = names::ident(first);
    let default = if plan.has_default {
        quote! {
            impl ::std::default::Default for #ident {
                fn default() -> Self {
                    Self::#first(::std::default::Default::default())
                }
            }
        }
    } else {
        quote! {}
    };
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #ident { #(#variants)* }

        #default
    })
}
