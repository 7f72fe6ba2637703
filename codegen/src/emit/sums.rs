//! JSON sum types (OpenAPI `oneOf` / `anyOf`): the enum, with one variant per alternative and
//! `Unknown(JsonValue)`, and its serde impls, which describe the sum to the runtime
//! (`wsbind::rest::sum::JsonSum`) and leave the decoding rules to it. What the runtime is told
//! is the lowering's decision ([`crate::lower::SumPlan`]); this module renders it.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::types::field_type;
use super::{Ctx, Error};
use crate::lower::Shape;
use crate::model::{ChoiceType, Discriminator, TypeId};
use crate::names;

const SERDE: &str = "::wsbind::__private::serde";

fn serde_path() -> TokenStream {
    SERDE.parse().unwrap_or_default()
}

/// The enum of JSON sum `c`.
pub fn definition(ctx: &Ctx, id: TypeId, c: &ChoiceType, mut doc: Doc) -> Result<TokenStream, Error> {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    if c.variants.is_empty() {
        return Err(Error::Unsupported {
            item: ctx.model.ty(id).name.local.clone(),
            what: "a `oneOf` / `anyOf` without alternatives".to_owned(),
        });
    }
    match &c.discriminator {
        Discriminator::Property { name, .. } => doc.line(format!(
            "One of the alternatives (`oneOf` / `anyOf`), chosen by the value of the property {}; \
             a value with another (or no) {} is kept in `Unknown` as received.",
            docs::code(name),
            docs::code(name)
        )),
        _ => doc.line(
            "One of the alternatives (`oneOf` / `anyOf`), without a discriminator: a value decodes into \
             the first alternative, in the order below, that declares all of its properties, else into the \
             first that accepts it, else into `Unknown` as received.",
        ),
    };
    doc.line("Alternatives holding a record are boxed.");
    let doc = doc.outer();
    let mut variants = Vec::new();
    for (n, f) in c.variants.iter().enumerate() {
        let vident = names::ident(&plan.fields[n]);
        let shape = if f.occurs.is_repeated() { Shape::Many } else { Shape::One };
        let ty = field_type(ctx, f, shape, plan.boxed.contains(&n));
        let mut vdoc = Doc::new();
        vdoc.prose(f.doc.as_deref());
        if let Discriminator::Property { name, .. } = &c.discriminator {
            let tags: Vec<String> = c.tags(n).into_iter().map(docs::code).collect();
            vdoc.line(format!("{} is {}.", docs::code(name), tags.join(" or ")));
        } else {
            vdoc.line(format!("The alternative {}.", docs::code(&f.name)));
        }
        let vdoc = vdoc.outer();
        let sample = super::types::variant_sample_attr(ctx, c, n);
        variants.push(quote! { #vdoc #sample #vident(#ty), });
    }
    let mut all: Vec<String> = plan.fields.iter().map(|v| names::unraw(v).to_owned()).collect();
    all.push("Unknown".to_owned());
    let allow = if super::types::variant_names_lint(names::unraw(&plan.name), &all) {
        quote! { #[allow(clippy::enum_variant_names)] }
    } else {
        quote! {}
    };
    let no_sample = super::types::no_sample_attr(ctx, id);
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::wsbind::Sample)]
        #allow
        #no_sample
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            /// A value no alternative matches (a newer server's alternative), kept as received and sent
            /// back as it came.
            Unknown(::wsbind::rest::JsonValue),
        }
    })
}

/// `JsonSum`, `Serialize` and `Deserialize` of JSON sum `id` (nothing when it does not travel as
/// JSON).
pub fn serde_impls(ctx: &Ctx, id: TypeId) -> TokenStream {
    let Some(sum) = ctx.rest.sums.get(&id.0) else { return quote! {} };
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    let serde = serde_path();
    let name = names::unraw(&plan.name);
    let tag = match &sum.tag {
        Some(t) => quote! { ::std::option::Option::Some(#t) },
        None => quote! { ::std::option::Option::None },
    };
    let mut cases = Vec::new();
    let mut decodes = Vec::new();
    let mut encodes = Vec::new();
    for (n, case) in sum.cases.iter().enumerate() {
        let vname = names::unraw(&plan.fields[n]);
        let vident = names::ident(&plan.fields[n]);
        let tags = &case.tags;
        let properties = match &case.properties {
            Some(p) => quote! { ::std::option::Option::Some(&[#(#p),*]) },
            None => quote! { ::std::option::Option::None },
        };
        let required = &case.required;
        cases.push(quote! {
            ::wsbind::rest::sum::Case { name: #vname, tags: &[#(#tags),*], properties: #properties, required: &[#(#required),*] },
        });
        let lit = proc_macro2::Literal::usize_unsuffixed(n);
        decodes.push(quote! { #lit => Self::#vident(#serde::Deserialize::deserialize(d)?), });
        encodes.push(quote! { Self::#vident(v) => ::wsbind::rest::sum::serialize::<Self, _, _>(#lit, v, s), });
    }
    quote! {
        impl ::wsbind::rest::sum::JsonSum for #ident {
            const SUM: ::wsbind::rest::sum::Sum = ::wsbind::rest::sum::Sum {
                name: #name,
                tag: #tag,
                cases: &[#(#cases)*],
            };
            fn decode_case<'de, D: #serde::Deserializer<'de>>(case: usize, d: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(match case {
                    #(#decodes)*
                    _ => Self::Unknown(#serde::Deserialize::deserialize(d)?),
                })
            }
            fn unknown(value: ::wsbind::rest::JsonValue) -> Self {
                Self::Unknown(value)
            }
        }

        impl #serde::Serialize for #ident {
            fn serialize<S: #serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#encodes)*
                    Self::Unknown(v) => #serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> #serde::Deserialize<'de> for #ident {
            fn deserialize<D: #serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                ::wsbind::rest::sum::deserialize(d)
            }
        }
    }
}
