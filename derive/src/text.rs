//! `Text` (the lexical form) for enumerations and list types.
//!
//! An enumeration is an enum of unit variants, each `#[xml(value = "wire")]`, plus
//! `Unknown(String)` for values the schema did not list; it also gets `as_str` and `Display`.
//! Values are matched exactly; a value listed twice decodes as its first variant. A list type is
//! `struct X(pub Vec<T>)`: whitespace-separated items.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Fields, LitStr};

use crate::attrs::TypeAttrs;
use crate::shape::FieldType;

/// `const SCHEMA_TYPE`: the type's schema name, or none for an anonymous type without one.
fn schema_type(type_attrs: &TypeAttrs) -> TokenStream {
    if type_attrs.type_name.is_some() {
        type_attrs.schema_type_const()
    } else {
        quote! { const SCHEMA_TYPE: ::std::option::Option<::wsbind::xml::Name<'static>> = ::std::option::Option::None; }
    }
}

pub fn enumeration(input: &DeriveInput, type_attrs: &TypeAttrs, xsd: &LitStr) -> syn::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "`#[xml(enumeration)]` is for enums"));
    };
    let ident = &input.ident;
    let mut to_arms = Vec::new();
    let mut from_arms = Vec::new();
    let mut seen = BTreeSet::new();
    let mut unknown = false;
    for v in &data.variants {
        let vident = &v.ident;
        match &v.fields {
            Fields::Unit => {
                let mut value: Option<LitStr> = None;
                for attr in v.attrs.iter().filter(|a| a.path().is_ident("xml")) {
                    attr.parse_nested_meta(|meta| {
                        if meta.path.is_ident("value") {
                            value = Some(meta.value()?.parse()?);
                            Ok(())
                        } else {
                            Err(meta.error("unknown `xml` attribute of an enumeration value (expected `value`)"))
                        }
                    })?;
                }
                let Some(value) = value else {
                    return Err(syn::Error::new_spanned(v, "missing `#[xml(value = \"...\")]`"));
                };
                to_arms.push(quote! { Self::#vident => #value, });
                if seen.insert(value.value()) {
                    from_arms.push(quote! { #value => Self::#vident, });
                }
            }
            Fields::Unnamed(f) if vident == "Unknown" && f.unnamed.len() == 1 => unknown = true,
            _ => {
                return Err(syn::Error::new_spanned(
                    v,
                    "an enumeration holds unit variants and `Unknown(String)` for values the schema did not list",
                ));
            }
        }
    }
    if !unknown {
        return Err(syn::Error::new_spanned(ident, "an enumeration needs an `Unknown(String)` variant"));
    }
    let schema_type = schema_type(type_attrs);
    Ok(quote! {
        impl #ident {
            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_arms)*
                    Self::Unknown(value) => value,
                }
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
                ::std::result::Result::Ok(match text {
                    #(#from_arms)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                })
            }
        }
    })
}

pub fn list(input: &DeriveInput, type_attrs: &TypeAttrs, xsd: &LitStr) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let item = match &input.data {
        syn::Data::Struct(s) => match &s.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => FieldType::of(&f.unnamed[0].ty).item,
            _ => return Err(syn::Error::new_spanned(ident, "a list type is `struct X(pub Vec<T>)`")),
        },
        _ => return Err(syn::Error::new_spanned(ident, "a list type is `struct X(pub Vec<T>)`")),
    };
    let schema_type = schema_type(type_attrs);
    Ok(quote! {
        impl ::wsbind::xml::Text for #ident {
            const XSD_TYPE: &'static str = #xsd;
            #schema_type
            fn to_text(&self) -> ::std::borrow::Cow<'_, str> {
                ::wsbind::xml::list_to_text(&self.0)
            }
            fn from_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                ::wsbind::xml::list_from_text::<#item>(text).map(Self)
            }
        }
    })
}
