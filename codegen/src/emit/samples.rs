//! Round-trip fixtures (emitter option `samples`): a `#[cfg(test)] mod samples` at the end of a
//! module with one `::wsbind::samples::Sample` impl per generated type (a synthetic value with
//! every field filled) and one test that encodes and decodes each type's sample and compares.
//!
//! Depth is bounded by the runtime (`Option` / `Vec` fields are empty below
//! `wsbind::samples::MAX_DEPTH`). Required fields are always filled, so a type whose required
//! fields close a cycle has no finite value: it gets no impl and is not checked (listed in the
//! test's doc). A choice takes its first alternative, and below the depth bound the alternative
//! with the shortest finite value. Types that hold raw XML (`xs:any`, `anyType`) are compared
//! as XML after a second encoding, because the decoded copy carries the namespace declarations
//! that were in scope.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Error};
use crate::lower::{Shape, is_xsi_type_field, shape};
use crate::model::{Builtin, Field, FieldKind, TypeId, TypeKind, TypeRef};
use crate::names;

/// Finite height of a value of each type (`None`: no finite value exists).
fn heights(ctx: &Ctx) -> Vec<Option<u32>> {
    let types = &ctx.model.types;
    let mut h: Vec<Option<u32>> = vec![None; types.len()];
    let target = |h: &[Option<u32>], ty: &TypeRef| -> Option<u32> {
        match ty {
            // A raw JSON value has no sample (the corpus samples XML types only).
            TypeRef::Builtin(b) => (*b != Builtin::Json).then_some(0),
            TypeRef::Named(id) => match h.get(id.0) {
                Some(v) => *v,
                None => Some(0), // unknown reference: emitted as `RawXml`
            },
        }
    };
    for _ in 0..=types.len() {
        let mut changed = false;
        for (i, t) in types.iter().enumerate() {
            let new = match &t.kind {
                TypeKind::Container(_) => None,
                TypeKind::Enum(_) => Some(0),
                TypeKind::Simple(s) => target(&h, &s.base),
                TypeKind::Complex(c) => {
                    let mut max = Some(0u32);
                    for f in &c.fields {
                        if shape(f) != Shape::One || f.kind == FieldKind::Any {
                            continue;
                        }
                        max = match (max, target(&h, &f.ty)) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            _ => None,
                        };
                    }
                    max.map(|m| m.saturating_add(1))
                }
                TypeKind::Choice(c) => {
                    c.variants.iter().filter_map(|f| variant_height(&h, f, &target)).min().map(|m| m.saturating_add(1))
                }
            };
            if new != h[i] && (h[i].is_none() || new < h[i]) {
                h[i] = new;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    h
}

fn variant_height(
    h: &[Option<u32>],
    f: &Field,
    target: &impl Fn(&[Option<u32>], &TypeRef) -> Option<u32>,
) -> Option<u32> {
    if f.kind == FieldKind::Any { Some(0) } else { target(h, &f.ty) }
}

/// Whether values of each type may hold raw XML.
fn holds_raw(ctx: &Ctx) -> Vec<bool> {
    let types = &ctx.model.types;
    let mut raw = vec![false; types.len()];
    let is_raw = |raw: &[bool], f: &Field| -> bool {
        f.kind == FieldKind::Any
            || match &f.ty {
                TypeRef::Builtin(b) => *b == Builtin::AnyType,
                TypeRef::Named(id) => raw.get(id.0).copied().unwrap_or(true),
            }
    };
    loop {
        let mut changed = false;
        for (i, t) in types.iter().enumerate() {
            if raw[i] {
                continue;
            }
            let now = match &t.kind {
                TypeKind::Enum(_) | TypeKind::Container(_) => false,
                TypeKind::Simple(s) => match &s.base {
                    TypeRef::Builtin(b) => *b == Builtin::AnyType,
                    TypeRef::Named(id) => raw.get(id.0).copied().unwrap_or(true),
                },
                TypeKind::Complex(c) => c.fields.iter().any(|f| is_raw(&raw, f)),
                TypeKind::Choice(c) => c.variants.iter().any(|f| is_raw(&raw, f)),
            };
            if now {
                raw[i] = true;
                changed = true;
            }
        }
        if !changed {
            return raw;
        }
    }
}

/// The `mod samples` for the whole module.
pub fn emit(ctx: &Ctx) -> Result<TokenStream, Error> {
    let h = heights(ctx);
    let raw = holds_raw(ctx);
    let constructible = |f: &Field| -> bool {
        f.kind == FieldKind::Any
            || match &f.ty {
                TypeRef::Builtin(_) => true,
                TypeRef::Named(id) => h.get(id.0).is_none_or(|v| v.is_some()),
            }
    };
    let mut impls = Vec::new();
    let mut checks = Vec::new();
    let mut skipped = Vec::new();
    let mut shadowed_fields = Vec::new();
    for (i, t) in ctx.model.types.iter().enumerate() {
        let id = TypeId(i);
        let ident = ctx.type_ident(id);
        let label = names::unraw(&ctx.plan.types[i].name).to_owned();
        if h[i].is_none() {
            skipped.push(label);
            continue;
        }
        let body = match &t.kind {
            TypeKind::Enum(e) => {
                let value = match ctx.plan.types[i].variants.first() {
                    Some(v) if !e.values.is_empty() => {
                        let v = names::ident(v);
                        quote! { Self::#v }
                    }
                    _ => quote! { Self::Unknown(::std::borrow::ToOwned::to_owned("text<&>")) },
                };
                Some(quote! { fn sample(_: u32) -> Self { #value } })
            }
            TypeKind::Simple(s) if s.list => Some(quote! {
                fn sample(d: u32) -> Self { Self(::std::vec![S::sample(d + 1), S::sample(d + 1)]) }
            }),
            // An alias: its target has the impl.
            TypeKind::Simple(_) => None,
            TypeKind::Container(_) => None,
            TypeKind::Complex(c) => {
                let plan = &ctx.plan.types[i];
                let mut inits = Vec::new();
                let mut uses_d = false;
                let unreached = super::xml_attrs::unreached_elements(ctx, c);
                for (n, f) in c.fields.iter().enumerate() {
                    let shape = shape(f);
                    let fident = names::ident(&plan.fields[n]);
                    // A field decoding never fills (an earlier repeated field or choice takes its
                    // element name) is left empty. Fields sharing a name with an earlier
                    // single-valued field are filled: decoding fills them in order.
                    let shadowed = unreached.contains(&n);
                    if shadowed && shape != Shape::One {
                        shadowed_fields.push(format!("{label}.{}", names::unraw(&plan.fields[n])));
                    }
                    let empty = shadowed || !constructible(f);
                    let value = match shape {
                        Shape::Optional if is_xsi_type_field(f) => {
                            // The `xsi:type` a base type keeps: a type name in Clark notation.
                            quote! { ::std::option::Option::Some(::std::borrow::ToOwned::to_owned("{urn:wsbind:sample}Derived")) }
                        }
                        Shape::Optional if empty => quote! { ::std::option::Option::None },
                        Shape::Many | Shape::Array if empty => quote! { ::std::vec::Vec::new() },
                        _ => {
                            uses_d = true;
                            quote! { S::sample(d + 1) }
                        }
                    };
                    inits.push(quote! { #fident: #value, });
                }
                let d = if uses_d {
                    quote! { d }
                } else {
                    quote! { _ }
                };
                Some(quote! { fn sample(#d: u32) -> Self { Self { #(#inits)* } } })
            }
            TypeKind::Choice(c) => {
                let plan = &ctx.plan.types[i];
                let target = |h: &[Option<u32>], ty: &TypeRef| -> Option<u32> {
                    match ty {
                        TypeRef::Builtin(_) => Some(0),
                        TypeRef::Named(id) => h.get(id.0).copied().unwrap_or(Some(0)),
                    }
                };
                let heights: Vec<Option<u32>> = c.variants.iter().map(|f| variant_height(&h, f, &target)).collect();
                let first = heights.iter().position(Option::is_some);
                let shortest = heights.iter().enumerate().filter_map(|(n, v)| v.map(|v| (v, n))).min().map(|(_, n)| n);
                let (Some(first), Some(shortest)) = (first, shortest) else {
                    skipped.push(label);
                    continue;
                };
                let variant = |n: usize| {
                    let v = names::ident(&plan.fields[n]);
                    let f = &c.variants[n];
                    if f.occurs.is_repeated() || f.array_item.is_some() {
                        // One item whatever the depth: an empty alternative would not be on the wire.
                        quote! { Self::#v(::std::vec![S::sample(d + 1)]) }
                    } else {
                        quote! { Self::#v(S::sample(d + 1)) }
                    }
                };
                let value = if first == shortest {
                    variant(first)
                } else {
                    let (a, b) = (variant(first), variant(shortest));
                    quote! { if d < ::wsbind::samples::MAX_DEPTH { #a } else { #b } }
                };
                Some(quote! { fn sample(d: u32) -> Self { #value } })
            }
        };
        if let Some(body) = body {
            impls.push(quote! { impl S for super::#ident { #body } });
        }
        let exact = !raw[i];
        checks.push(quote! { check::<super::#ident>(&mut report, #label, #exact); });
    }
    let module = ctx.model.module.as_str();
    let mut doc = format!(" Encodes and decodes one synthetic value of each type of `{module}`.");
    if !skipped.is_empty() {
        doc.push_str(&format!(
            " Not checked (required fields close a cycle, so no finite value exists): {}.",
            skipped.join(", ")
        ));
    }
    if !shadowed_fields.is_empty() {
        doc.push_str(&format!(
            " Left empty because an earlier repeated field or choice has the same element name (decoding never fills them): {}.",
            shadowed_fields.join(", ")
        ));
    }
    let report_ident = if checks.is_empty() {
        quote! { report }
    } else {
        quote! { mut report }
    };
    Ok(quote! {
        /// Round-trip fixtures: a synthetic value per generated type (`wsbind::samples`).
        #[cfg(test)]
        mod samples {
            use ::wsbind::samples::{Report, Sample as S, check};

            #(#impls)*

            #[doc = #doc]
            #[test]
            fn round_trip() {
                let #report_ident = Report::default();
                #(#checks)*
                report.print(#module);
                assert!(report.failures.is_empty(), "{} of {} types did not round-trip", report.failures.len(), report.total);
            }
        }
    })
}
