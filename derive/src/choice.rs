//! `Choice`, `Encode` and `Decode` for an XSD choice: an enum with one single-field variant per
//! alternative (`A(T)`, `A(Box<T>)` for a record, `A(Vec<T>)` for a repeated one). The record
//! holding the choice matches the alternatives through `Choice::accepts` and reads them with
//! `Choice::read_one` / `read_many`, the runtime's rules over the `read_alternative` (and, for a
//! repeated alternative, `repeated` and `append`) written here; as an element's content on its
//! own, the alternative is the element's one child. An alternative whose element name an earlier
//! one already has is never read (the earlier one takes it). A single choice holds one
//! alternative: a second one (another alternative, or the same non-repeated one again) is a
//! `Duplicate` error at that element, also under namespace-tolerant decoding; a repeated
//! alternative's consecutive elements go into one value. A `group` alternative (a sequence of
//! elements: `Seq(Box<G>)`, `Seq(Vec<G>)` when it repeats) holds a `wsbind::xml::Group` record:
//! it is taken by the elements that can start it (`Group::starts`), read by
//! `Group::decode_group` up to the first sibling that is not its own, and written as its elements
//! alone; its `name` is only the label of `Missing` errors. An `#[xml(unknown)]` variant
//! (`Unknown(::wsbind::xml::RawXml)`) keeps an element none of the alternatives names, where the
//! record holding the choice takes no such element itself (`Choice::unknown`), and is written back
//! as it came.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Fields};

use crate::attrs::{FieldAttrs, TypeAttrs, name_expr, ns_option};
use crate::shape::{FieldType, Shape};

pub fn derive(input: &DeriveInput, type_attrs: &TypeAttrs) -> syn::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else { unreachable!("called for enums") };
    let ident = &input.ident;
    if data.variants.is_empty() {
        return Err(syn::Error::new_spanned(ident, "a choice needs at least one alternative"));
    }
    let mut writes = Vec::new();
    // The `(ns, name)` patterns of the element alternatives, and the tests of the group ones.
    let mut patterns = Vec::new();
    let mut tests = Vec::new();
    let mut alternatives = Vec::new();
    let mut repeated = Vec::new();
    let mut appends = Vec::new();
    let mut labels = Vec::new();
    let mut seen = BTreeSet::new();
    // `KEEPS_UNKNOWN` and `unknown`, for a choice with an `#[xml(unknown)]` variant.
    let mut unknown = TokenStream::new();
    for v in &data.variants {
        let Fields::Unnamed(fields) = &v.fields else {
            return Err(syn::Error::new_spanned(v, "a choice alternative holds one value: `Name(T)`"));
        };
        let Some(field) = fields.unnamed.first().filter(|_| fields.unnamed.len() == 1) else {
            return Err(syn::Error::new_spanned(v, "a choice alternative holds one value: `Name(T)`"));
        };
        let attrs = FieldAttrs::parse(&v.attrs)?;
        if attrs.unknown {
            let vident = &v.ident;
            writes.push(quote! {
                Self::#vident(raw) => {
                    w.raw(raw);
                    ::std::result::Result::Ok(())
                }
            });
            unknown = quote! {
                const KEEPS_UNKNOWN: bool = true;

                fn unknown(raw: ::wsbind::xml::RawXml) -> ::std::option::Option<Self> {
                    ::std::option::Option::Some(Self::#vident(raw))
                }
            };
            continue;
        }
        let Some(wire) = &attrs.name else {
            return Err(syn::Error::new_spanned(v, "missing `#[xml(name = \"...\")]`"));
        };
        labels.push(wire.value());
        let ty = FieldType::of(&field.ty);
        let vident = &v.ident;
        if attrs.group {
            group_alternative(
                vident,
                &ty,
                &mut Alternative {
                    writes: &mut writes,
                    tests: &mut tests,
                    alternatives: &mut alternatives,
                    repeated: &mut repeated,
                    appends: &mut appends,
                },
            );
            continue;
        }
        let ns = attrs.ns.resolve(type_attrs.ns.as_ref());
        let name = name_expr(ns, wire);
        let item_name = attrs.item.as_ref().map(|item| name_expr(attrs.item_ns.resolve(ns), item));
        writes.push(match (&item_name, ty.boxed) {
            (Some(item), _) => quote! { Self::#vident(v) => w.array(#name, #item, v), },
            (None, true) => quote! { Self::#vident(v) => w.field(#name, &**v), },
            (None, false) => quote! { Self::#vident(v) => w.field(#name, v), },
        });
        if !seen.insert((ns.map(|p| quote!(#p).to_string()), wire.value())) {
            continue;
        }
        let pattern = ns_option(ns);
        patterns.push(quote! { (#pattern, #wire) });
        let item = ty.item;
        let read = crate::record::read_call(item_name.as_ref(), attrs.secret, &quote! { child }, &quote! { v });
        if ty.shape == Shape::Many {
            // A repeated alternative: consecutive elements go into one value.
            repeated.push(quote! { ::std::matches!((ns, name), (#pattern, #wire)) });
            appends.push(quote! { (Self::#vident(items), Self::#vident(next)) => { items.append(next); true } });
            alternatives.push(quote! {
                (#pattern, #wire) => {
                    let mut v: ::std::vec::Vec<#item> = ::std::vec::Vec::new();
                    #read?;
                    ::std::option::Option::Some(Self::#vident(v))
                }
            });
        } else {
            let wrap = if ty.boxed {
                quote! { v.map(::std::boxed::Box::new).map(Self::#vident) }
            } else {
                quote! { v.map(Self::#vident) }
            };
            alternatives.push(quote! {
                (#pattern, #wire) => {
                    let mut v: ::std::option::Option<#item> = ::std::option::Option::None;
                    #read?;
                    #wrap
                }
            });
        }
    }
    if patterns.is_empty() && tests.is_empty() {
        return Err(syn::Error::new_spanned(ident, "a choice needs at least one alternative"));
    }
    let label = labels.join(" | ");
    if !patterns.is_empty() {
        tests.insert(0, quote! { ::std::matches!((ns, name), #(#patterns)|*) });
    }
    let accepts = quote! { #(#tests)||* };
    // Only a choice with a repeated alternative overrides the trait's `repeated` and `append`.
    let repeated_fns = if repeated.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            fn repeated(ns: ::std::option::Option<&str>, name: &str) -> bool {
                #(#repeated)||*
            }

            fn append(&mut self, next: &mut Self) -> bool {
                match (self, next) {
                    #(#appends)*
                    _ => false,
                }
            }
        }
    };
    Ok(quote! {
        impl ::wsbind::xml::Choice for #ident {
            const LABEL: &'static str = #label;

            fn accepts(ns: ::std::option::Option<&str>, name: &str) -> bool {
                #accepts
            }

            #repeated_fns

            #unknown

            fn read_alternative(
                r: &mut ::wsbind::xml::Reader<'_>,
                child: &::wsbind::xml::Start,
            ) -> ::std::result::Result<::std::option::Option<Self>, ::wsbind::DecodeError> {
                ::std::result::Result::Ok(match child.name() {
                    #(#alternatives)*
                    _ => {
                        r.skip(child)?;
                        ::std::option::Option::None
                    }
                })
            }

            fn write_choice(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                match self { #(#writes)* }
            }
        }

        /// As an element's content: the alternative is the element's child.
        impl ::wsbind::xml::Encode for #ident {
            fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                ::wsbind::xml::Choice::write_choice(self, w)
            }
        }

        impl ::wsbind::xml::Decode for #ident {
            fn decode(
                r: &mut ::wsbind::xml::Reader<'_>,
                _start: &::wsbind::xml::Start,
            ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
                let choice = <Self as ::wsbind::xml::Choice>::read_content(r)?;
                r.required(choice, #label)
            }
        }
    })
}

/// Where a choice's derive collects the code of each alternative.
struct Alternative<'a> {
    writes: &'a mut Vec<TokenStream>,
    tests: &'a mut Vec<TokenStream>,
    alternatives: &'a mut Vec<TokenStream>,
    repeated: &'a mut Vec<TokenStream>,
    appends: &'a mut Vec<TokenStream>,
}

/// The code of a `group` alternative (`Seq(Box<G>)`, or `Seq(Vec<G>)` for a repeated sequence):
/// a `wsbind::xml::Group` record, written as its elements without an element of its own, taken
/// by the elements that can start it and read with `Group::decode_group`.
fn group_alternative(vident: &syn::Ident, ty: &FieldType, out: &mut Alternative) {
    let item = ty.item;
    let starts = quote! { <#item as ::wsbind::xml::Group>::starts(ns, name) };
    out.tests.push(starts.clone());
    let read = quote! { <#item as ::wsbind::xml::Group>::decode_group(r, child)? };
    if ty.shape == Shape::Many {
        out.writes.push(quote! {
            Self::#vident(v) => {
                for group in v {
                    ::wsbind::xml::Encode::content(group, w)?;
                }
                ::std::result::Result::Ok(())
            }
        });
        out.repeated.push(starts.clone());
        out.appends.push(quote! { (Self::#vident(items), Self::#vident(next)) => { items.append(next); true } });
        out.alternatives.push(quote! {
            (ns, name) if #starts => ::std::option::Option::Some(Self::#vident(::std::vec![#read])),
        });
    } else {
        let (value, write) = if ty.boxed {
            (quote! { ::std::boxed::Box::new(#read) }, quote! { &**v })
        } else {
            (read.clone(), quote! { v })
        };
        out.writes.push(quote! { Self::#vident(v) => ::wsbind::xml::Encode::content(#write, w), });
        out.alternatives.push(quote! {
            (ns, name) if #starts => ::std::option::Option::Some(Self::#vident(#value)),
        });
    }
}
