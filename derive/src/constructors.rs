//! `new(required values)` and one chainable setter per optional or repeated field.
//!
//! Generated structs are `#[non_exhaustive]`: these are how other crates build a value, so that a
//! field a vendor adds later is not a breaking change for them. A field held as `T` (or `Box<T>`)
//! is a parameter of `new`, in field order, and `Option<T>` starts `None` and gets a setter; both
//! take `T` (`impl Into<String>` for a `String`, so a `&str` does too; other types as they are, so
//! that an integer literal keeps its type); `Vec<T>` starts empty and gets a setter taking
//! `impl Into<Vec<T>>`; a field marked `#[xml(any_attribute)]` starts empty and gets no setter.
//! A setter is named after its field unless `#[xml(setter = "name")]` names it (the generator
//! renames the setter of a field named `new`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Fields};

use crate::attrs::{FieldAttrs, Kind};
use crate::shape::{FieldType, Shape, is_string};

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let fields = match &input.data {
        syn::Data::Struct(s) => match &s.fields {
            Fields::Named(named) => &named.named,
            _ => return Err(syn::Error::new_spanned(ident, "`Constructors` is for structs with named fields")),
        },
        _ => return Err(syn::Error::new_spanned(ident, "`Constructors` is for structs with named fields")),
    };
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required = Vec::new();
    for f in fields {
        let fname = f.ident.as_ref().expect("named field");
        let plain = fname.to_string();
        let plain = plain.strip_prefix("r#").unwrap_or(&plain).to_owned();
        let ty = FieldType::of(&f.ty);
        let item = ty.item;
        let attrs = FieldAttrs::parse(&f.attrs)?;
        if attrs.kind == Kind::AnyAttribute {
            inits.push(quote! { #fname: ::std::default::Default::default(), });
            continue;
        }
        let text = is_string(item) || attrs.into_string;
        let (arg, into) = if text {
            (quote! { impl ::std::convert::Into<#item> }, quote! { value.into() })
        } else {
            (quote! { #item }, quote! { value })
        };
        let (param, value, what) = match ty.shape {
            Shape::One => {
                // Like the setters: `impl Into<String>` for a `String`, the type itself otherwise.
                let (param, value) = if text {
                    (quote! { impl ::std::convert::Into<#item> }, quote! { #fname.into() })
                } else {
                    (quote! { #item }, quote! { #fname })
                };
                params.push(quote! { #fname: #param, });
                required.push(format!("`{plain}`"));
                inits.push(if ty.boxed {
                    quote! { #fname: ::std::boxed::Box::new(#value), }
                } else {
                    quote! { #fname: #value, }
                });
                continue;
            }
            Shape::Optional => {
                inits.push(quote! { #fname: ::std::option::Option::None, });
                let value = if ty.boxed {
                    quote! { ::std::option::Option::Some(::std::boxed::Box::new(#into)) }
                } else {
                    quote! { ::std::option::Option::Some(#into) }
                };
                (arg, value, "Sets")
            }
            Shape::Many => {
                inits.push(quote! { #fname: ::std::vec::Vec::new(), });
                (quote! { impl ::std::convert::Into<::std::vec::Vec<#item>> }, quote! { value.into() }, "Replaces")
            }
        };
        let setter = match &attrs.setter {
            Some(name) => name.parse::<syn::Ident>()?,
            None => fname.clone(),
        };
        let doc = format!(" {what} `{plain}` (see the field).");
        setters.push(quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: #param) -> Self {
                self.#fname = #value;
                self
            }
        });
    }
    let new_doc = if required.is_empty() {
        " A value with every field empty; the setters fill them.".to_owned()
    } else {
        format!(" A value with the required {}; the setters fill the rest.", required.join(", "))
    };
    let many = if params.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        TokenStream::new()
    };
    let sample = crate::sample::record(input, fields)?;
    Ok(quote! {
        impl #ident {
            #[doc = #new_doc]
            #many
            pub fn new(#(#params)*) -> Self {
                Self { #(#inits)* }
            }
            #(#setters)*
        }
        #sample
    })
}
