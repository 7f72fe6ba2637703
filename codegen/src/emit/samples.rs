//! Round-trip fixtures (emitter option `samples`): a `#[cfg(test)] mod samples` at the end of a
//! module with one test that encodes and decodes each type's synthetic value and compares. The
//! values are the types' `::wsbind::samples::Sample` impls, which their derives write from the
//! lowering's hints (`lower::Samples`), the same impls the mocks answer with.
//!
//! Depth is bounded by the runtime (`Option` / `Vec` fields are empty below
//! `wsbind::samples::MAX_DEPTH`). A type whose required fields close a cycle has no finite value:
//! it gets no impl and is not checked (listed in the test's doc). Types that hold raw XML
//! (`xs:any`, `anyType`) are compared as XML after a second encoding, because the decoded copy
//! carries the namespace declarations that were in scope.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, Error};
use crate::lower::{Shape, shape};
use crate::model::{Builtin, Field, FieldKind, TypeId, TypeKind, TypeRef};
use crate::names;

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
    let raw = holds_raw(ctx);
    let mut checks = Vec::new();
    let mut skipped = Vec::new();
    let mut shadowed_fields = Vec::new();
    for (i, t) in ctx.model.types.iter().enumerate() {
        let id = TypeId(i);
        let ident = ctx.type_ident(id);
        let label = names::unraw(&ctx.plan.types[i].name).to_owned();
        if matches!(t.kind, TypeKind::Container(_)) {
            continue;
        }
        if !ctx.samples.finite(id) {
            skipped.push(label);
            continue;
        }
        if let TypeKind::Complex(c) = &t.kind {
            // A field decoding never fills (an earlier repeated field or choice takes its element
            // name) is left empty by the derive (`unread`). Fields sharing a name with an earlier
            // single-valued field are filled: decoding fills them in order.
            for n in super::xml_attrs::unreached_elements(ctx, c) {
                if shape(&c.fields[n]) != Shape::One {
                    shadowed_fields.push(format!("{label}.{}", names::unraw(&ctx.plan.types[i].fields[n])));
                }
            }
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
            use ::wsbind::samples::{Report, check};

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
