//! `wsbind::samples::Sample` for generated types: a value with every field filled down to the
//! runtime's depth bound (`wsbind::samples::MAX_DEPTH`), the canned replies of the mocks and the
//! values of the corpus round trips. The impl is written inside `::wsbind::__samples! { .. }`, so
//! it exists only with the runtime's `samples` feature (which `mock` turns on) and costs nothing
//! otherwise.
//!
//! What the types alone do not show, the generator says: `#[xml(no_sample)]` on a type whose
//! required fields close a cycle (no finite value: no impl), `#[xml(sample_empty)]` on an optional
//! or repeated field, or a choice variant, whose type has no finite value (left empty; never
//! taken), and `#[xml(sample_leaf)]` on the choice variant to take at the depth bound when the
//! first one's value is deeper. A field decoding never fills (`unread`) is left empty too, so that
//! the value round-trips; an `xsi_type` field names a dummy type.
//! Records take their structs' constructors' view of fields (`Constructors` writes their impl);
//! `Xml` writes it for enumerations (the first value), list types (two items), choices and
//! `xsi:type` sums (the first variant, not the unknown case).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Fields};

use crate::attrs::{FieldAttrs, Kind, TypeAttrs};
use crate::shape::{FieldType, Shape};

/// `#[derive(Sample)]`, for the generated types that derive neither `Constructors` nor `Xml`
/// (JSON sums, collection structs, choices that do not travel as XML): the same rules by shape.
pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    match &input.data {
        syn::Data::Struct(s) => match &s.fields {
            Fields::Named(named) => record(input, &named.named),
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                if TypeAttrs::parse(&input.attrs)?.no_sample {
                    return Ok(TokenStream::new());
                }
                Ok(wrap(input, quote! { Self(::wsbind::samples::Sample::sample(d + 1)) }))
            }
            _ => Err(syn::Error::new_spanned(&input.ident, "`Sample` is for structs with named fields or one value")),
        },
        syn::Data::Enum(e) if e.variants.iter().all(|v| matches!(v.fields, Fields::Unit) || v.ident == "Unknown") => {
            Ok(enumeration(input))
        }
        syn::Data::Enum(_) => alternatives(input),
        syn::Data::Union(_) => Err(syn::Error::new_spanned(&input.ident, "`Sample` is for structs and enums")),
    }
}

/// The impl, with `body` building `Self` from the depth `d`.
fn wrap(input: &DeriveInput, body: TokenStream) -> TokenStream {
    let ident = &input.ident;
    quote! {
        ::wsbind::__samples! {
            impl ::wsbind::samples::Sample for #ident {
                fn sample(d: u32) -> Self {
                    let _ = d;
                    #body
                }
            }
        }
    }
}

/// A struct with named fields.
pub fn record(
    input: &DeriveInput,
    fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>,
) -> syn::Result<TokenStream> {
    if TypeAttrs::parse(&input.attrs)?.no_sample {
        return Ok(TokenStream::new());
    }
    let mut inits = Vec::new();
    for f in fields {
        let fname = f.ident.as_ref().expect("named field");
        let attrs = FieldAttrs::parse(&f.attrs)?;
        let shape = FieldType::of(&f.ty).shape;
        let value = match (attrs.kind, shape) {
            (Kind::XsiType, Shape::Optional) => {
                quote! { ::std::option::Option::Some(::std::borrow::ToOwned::to_owned("{urn:wsbind:sample}Derived")) }
            }
            (_, Shape::Optional) if attrs.unread || attrs.sample_empty => quote! { ::std::option::Option::None },
            (_, Shape::Many) if attrs.unread || attrs.sample_empty => quote! { ::std::vec::Vec::new() },
            _ => quote! { ::wsbind::samples::Sample::sample(d + 1) },
        };
        inits.push(quote! { #fname: #value, });
    }
    Ok(wrap(input, quote! { Self { #(#inits)* } }))
}

/// An enumeration: its first value (the unknown case when it lists none).
pub fn enumeration(input: &DeriveInput) -> TokenStream {
    let syn::Data::Enum(data) = &input.data else { return TokenStream::new() };
    let body = match data.variants.iter().find(|v| matches!(v.fields, Fields::Unit)) {
        Some(v) => {
            let vident = &v.ident;
            quote! { Self::#vident }
        }
        None => quote! { Self::Unknown(::std::borrow::ToOwned::to_owned("text<&>")) },
    };
    wrap(input, body)
}

/// A list type `struct X(pub Vec<T>)`: two items.
pub fn list(input: &DeriveInput) -> TokenStream {
    let item = quote! { ::wsbind::samples::Sample::sample(d + 1) };
    wrap(input, quote! { Self(::std::vec![#item, #item]) })
}

/// A choice or an `xsi:type` sum: the first variant that is neither the unknown case nor marked
/// `sample_empty`; at the depth bound, the one marked `sample_leaf` instead, if any.
pub fn alternatives(input: &DeriveInput) -> syn::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else { return Ok(TokenStream::new()) };
    if TypeAttrs::parse(&input.attrs)?.no_sample {
        return Ok(TokenStream::new());
    }
    let mut first = None;
    let mut leaf = None;
    for v in &data.variants {
        let attrs = FieldAttrs::parse(&v.attrs)?;
        let Fields::Unnamed(fields) = &v.fields else { continue };
        let Some(field) = fields.unnamed.first() else { continue };
        if attrs.unknown || attrs.sample_empty {
            continue;
        }
        let vident = &v.ident;
        // A repeated alternative holds one item whatever the depth: an empty one would not be on
        // the wire.
        let value = match FieldType::of(&field.ty).shape {
            Shape::Many => quote! { Self::#vident(::std::vec![::wsbind::samples::Sample::sample(d + 1)]) },
            _ => quote! { Self::#vident(::wsbind::samples::Sample::sample(d + 1)) },
        };
        if attrs.sample_leaf {
            leaf = Some(value.clone());
        }
        first.get_or_insert(value);
    }
    let Some(first) = first else {
        return Err(syn::Error::new_spanned(&input.ident, "no variant to sample: mark the type `#[xml(no_sample)]`"));
    };
    let body = match leaf {
        Some(leaf) => quote! { if d < ::wsbind::samples::MAX_DEPTH { #first } else { #leaf } },
        None => first,
    };
    Ok(wrap(input, body))
}
