//! `Encode` and `Decode` for a base type and the types derived from it (`#[xml(xsi_types)]`): an
//! enum with one variant per type (`Dog(Box<Dog>)`), told apart on the wire by the element's
//! `xsi:type`. Decoding reads `xsi:type` from the start tag and decodes the element as that
//! variant's type (its namespace compared as the reader compares element names, so that
//! namespace-tolerant decoding tolerates it too); no `xsi:type` is the `base` variant; a type the
//! enum does not list, or no `xsi:type` where the base is abstract (no `base` variant), is the
//! `unknown` variant, which keeps the element as raw XML so that a server's new subtype never fails
//! a client and is sent back as it came. Encoding writes the variant's content under the element
//! name its holder gives, with `xsi:type` for every variant but the base (the unknown one keeps the
//! attributes it came with).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Fields};

use crate::attrs::{FieldAttrs, TypeAttrs, name_expr, ns_option};
use crate::shape::{FieldType, Shape};

/// One variant of the enum, read from its attributes.
struct Variant<'a> {
    ident: &'a syn::Ident,
    /// The held type without `Box`.
    item: &'a syn::Type,
    boxed: bool,
    attrs: FieldAttrs,
}

pub fn derive(input: &DeriveInput, type_attrs: &TypeAttrs) -> syn::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else { unreachable!("called for enums") };
    let ident = &input.ident;
    let mut variants = Vec::new();
    for v in &data.variants {
        let one = match &v.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => fields.unnamed.first(),
            _ => None,
        };
        let Some(field) = one else {
            return Err(syn::Error::new_spanned(v, "a variant holds one type's value: `Name(T)` or `Name(Box<T>)`"));
        };
        let ty = FieldType::of(&field.ty);
        if ty.shape != Shape::One {
            return Err(syn::Error::new_spanned(&field.ty, "a variant holds one value: `T` or `Box<T>`"));
        }
        let attrs = FieldAttrs::parse(&v.attrs)?;
        if !attrs.unknown && attrs.name.is_none() {
            return Err(syn::Error::new_spanned(v, "missing `#[xml(name = \"SchemaType\")]` (or `#[xml(unknown)]`)"));
        }
        variants.push(Variant { ident: &v.ident, item: ty.item, boxed: ty.boxed, attrs });
    }
    let unknowns: Vec<&Variant> = variants.iter().filter(|v| v.attrs.unknown).collect();
    let [unknown] = unknowns.as_slice() else {
        return Err(syn::Error::new_spanned(ident, "exactly one variant needs `#[xml(unknown)]`"));
    };
    let bases: Vec<&Variant> = variants.iter().filter(|v| v.attrs.base).collect();
    if bases.len() > 1 {
        return Err(syn::Error::new_spanned(ident, "at most one variant is the `base` type"));
    }
    let unknown_ident = unknown.ident;
    let value = |v: &Variant| {
        let item = v.item;
        let decoded = quote! { <#item as ::wsbind::xml::Decode>::decode(r, start)? };
        let vident = v.ident;
        if v.boxed {
            quote! { ::std::result::Result::Ok(Self::#vident(::std::boxed::Box::new(#decoded))) }
        } else {
            quote! { ::std::result::Result::Ok(Self::#vident(#decoded)) }
        }
    };
    let unknown_value = quote! {
        ::std::result::Result::Ok(Self::#unknown_ident(<::wsbind::xml::UnknownType as ::wsbind::xml::Decode>::decode(r, start)?))
    };
    let without_type = match bases.first() {
        Some(base) => value(base),
        None => unknown_value.clone(),
    };
    let mut by_type = Vec::new();
    let mut xsi_types = Vec::new();
    let mut attributes = Vec::new();
    let mut contents = Vec::new();
    for v in &variants {
        let vident = v.ident;
        let held = if v.boxed {
            quote! { &**v }
        } else {
            quote! { v }
        };
        attributes.push(quote! { Self::#vident(v) => ::wsbind::xml::Encode::attributes(#held, attrs), });
        contents.push(quote! { Self::#vident(v) => ::wsbind::xml::Encode::content(#held, w), });
        let Some(local) = &v.attrs.name else { continue };
        let ns = v.attrs.ns.resolve(type_attrs.ns.as_ref());
        let expected = ns_option(ns);
        let decoded = value(v);
        by_type.push(quote! {
            if local == #local && r.accepts(ns, #expected) {
                return #decoded;
            }
        });
        if !v.attrs.base {
            let name = name_expr(ns, local);
            xsi_types.push(quote! { Self::#vident(_) => ::std::option::Option::Some(#name), });
        }
    }
    let schema_type = type_attrs.schema_type_const();
    Ok(quote! {
        impl ::wsbind::xml::Encode for #ident {
            #schema_type

            fn attributes(&self, attrs: &mut ::wsbind::xml::Attributes<'_>) {
                match self {
                    #(#attributes)*
                }
            }

            fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                match self {
                    #(#contents)*
                }
            }

            fn xsi_type(&self) -> ::std::option::Option<::wsbind::xml::Name<'_>> {
                match self {
                    #(#xsi_types)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::wsbind::xml::Decode for #ident {
            fn decode(
                r: &mut ::wsbind::xml::Reader<'_>,
                start: &::wsbind::xml::Start,
            ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
                let ::std::option::Option::Some((ns, local)) = start.xsi_type() else {
                    return #without_type;
                };
                #(#by_type)*
                #unknown_value
            }
        }
    })
}
