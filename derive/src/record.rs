//! `Encode` and `Decode` for a record (a struct with named fields, one per element, attribute,
//! text content or wildcard of a complex type).
//!
//! Decoding is order-tolerant and table-driven: the expansion declares one local slot per field
//! (`Option<T>` or `Vec<T>`), lists the element, choice and wildcard fields once in a constant
//! table of [`Element`]s and hands table and slots to `Reader::record`, which matches each child
//! element and reads it into its slot (the matching rules live there, once, not in a `match`
//! expanded into every type: less code for rustc to check per type). An element name no other
//! field of the struct declares is `Match::Accepts` (exact namespace, or any under
//! namespace-tolerant decoding); a name several fields declare is `Match::Exact`, tried by local
//! name alone after every exact match under namespace-tolerant decoding. When several fields
//! declare the same element (a derived type declaring again an element of its base), the earlier
//! `Option` field is `Match::Once`: it takes one element, nil or not, the next field the next one.
//! Fields the generator marks `unread` (an earlier repeated field or choice alternative takes their
//! name) stay empty. A choice field's alternatives are matched through its [`Choice`] impl, in
//! field order; the first wildcard takes every child nothing else takes.
//!
//! [`Element`]: https://docs.rs/wsbind/latest/wsbind/xml/struct.Element.html
//! [`Choice`]: https://docs.rs/wsbind/latest/wsbind/xml/trait.Choice.html

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::{DeriveInput, Fields, LitStr, Path};

use crate::attrs::{FieldAttrs, Kind, TypeAttrs, name_expr, ns_option};
use crate::shape::{FieldType, Shape};

/// One field with what its attributes and type say.
struct Member<'a> {
    ident: &'a Ident,
    attrs: FieldAttrs,
    ty: FieldType<'a>,
}

impl Member<'_> {
    /// The wire name, required for every kind but text, wildcard attributes and `xsi:type`.
    fn name(&self) -> syn::Result<&LitStr> {
        self.attrs.name.as_ref().ok_or_else(|| syn::Error::new(self.ident.span(), "missing `#[xml(name = \"...\")]`"))
    }

    /// The local variable the field is decoded into.
    fn local(&self) -> Ident {
        let plain = self.ident.to_string();
        format_ident!("f_{}", plain.strip_prefix("r#").unwrap_or(&plain))
    }
}

pub fn derive(input: &DeriveInput, type_attrs: &TypeAttrs) -> syn::Result<TokenStream> {
    let syn::Data::Struct(data) = &input.data else { unreachable!("called for structs") };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(&input.ident, "an XML record is a struct with named fields"));
    };
    let members = named
        .named
        .iter()
        .map(|f| {
            Ok(Member {
                ident: f.ident.as_ref().expect("named field"),
                attrs: FieldAttrs::parse(&f.attrs)?,
                ty: FieldType::of(&f.ty),
            })
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let encode = encode(input, type_attrs, &members)?;
    let decode = decode(input, type_attrs, &members)?;
    Ok(quote! { #encode #decode })
}

/// The namespace of an element field (or array item) and of an attribute field.
fn element_ns<'a>(type_attrs: &'a TypeAttrs, m: &'a Member) -> Option<&'a Path> {
    m.attrs.ns.resolve(type_attrs.ns.as_ref())
}

fn attribute_ns<'a>(m: &'a Member) -> Option<&'a Path> {
    m.attrs.ns.resolve(None)
}

/// The `Name` of an `ArrayOfX` wrapper's item element, when the field has one.
fn item_name(type_attrs: &TypeAttrs, m: &Member) -> Option<TokenStream> {
    let item = m.attrs.item.as_ref()?;
    let ns = m.attrs.item_ns.resolve(element_ns(type_attrs, m));
    Some(name_expr(ns, item))
}

/// One step of an encoder's `content`: a call returning `Result<(), EncodeError>`, or a
/// statement.
enum Step {
    Try(TokenStream),
    Do(TokenStream),
}

impl Step {
    /// The steps as a body: a final call is its value (no `?` and `Ok(())` after it: less code
    /// per type), earlier calls end in `?`.
    fn body(mut steps: Vec<Step>) -> TokenStream {
        let tail = match steps.pop() {
            Some(Step::Try(call)) => call,
            Some(last) => {
                steps.push(last);
                quote! { ::std::result::Result::Ok(()) }
            }
            None => quote! { ::std::result::Result::Ok(()) },
        };
        let steps = steps.iter().map(|step| match step {
            Step::Try(call) => quote! { #call?; },
            Step::Do(statement) => statement.clone(),
        });
        quote! { #(#steps)* #tail }
    }
}

fn encode(input: &DeriveInput, type_attrs: &TypeAttrs, members: &[Member]) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    let mut attrs = Vec::new();
    let mut content = Vec::new();
    let mut xsi_type_fn = TokenStream::new();
    // Consecutive plain element fields (name, field), written with one `Writer::fields` call.
    let mut plain: Vec<(TokenStream, &Ident)> = Vec::new();
    for m in members {
        let field = m.ident;
        if !matches!(m.attrs.kind, Kind::Element | Kind::Attribute | Kind::AnyAttribute | Kind::XsiType) {
            flush(&mut plain, &mut content);
        }
        match m.attrs.kind {
            Kind::XsiType => {
                xsi_type_fn = quote! {
                    fn xsi_type(&self) -> ::std::option::Option<::wsbind::xml::Name<'_>> {
                        ::std::option::Option::map(self.#field.as_deref(), ::wsbind::xml::Name::from_clark)
                    }
                };
            }
            Kind::Attribute => {
                let name = name_expr(attribute_ns(m), m.name()?);
                attrs.push(quote! { a.add(#name, &self.#field); });
            }
            Kind::AnyAttribute => attrs.push(quote! { a.others(&self.#field); }),
            Kind::Text => content.push(Step::Try(quote! { w.text(&self.#field) })),
            Kind::Any => content.push(Step::Do(match m.ty.shape {
                Shape::One => quote! { w.raw(&self.#field); },
                Shape::Optional => quote! {
                    if let ::std::option::Option::Some(raw) = &self.#field { w.raw(raw); }
                },
                Shape::Many => quote! { for raw in &self.#field { w.raw(raw); } },
            })),
            Kind::Choice => content.push(match (m.ty.shape, m.ty.boxed) {
                (Shape::One, true) => Step::Try(quote! { ::wsbind::xml::Choice::write_choice(&*self.#field, w) }),
                (Shape::One, false) => Step::Try(quote! { ::wsbind::xml::Choice::write_choice(&self.#field, w) }),
                (Shape::Optional, boxed) => {
                    let choice = if boxed {
                        quote! { &**choice }
                    } else {
                        quote! { choice }
                    };
                    Step::Do(quote! {
                        if let ::std::option::Option::Some(choice) = &self.#field {
                            ::wsbind::xml::Choice::write_choice(#choice, w)?;
                        }
                    })
                }
                (Shape::Many, _) => Step::Do(quote! {
                    for choice in &self.#field { ::wsbind::xml::Choice::write_choice(choice, w)?; }
                }),
            }),
            Kind::Element => {
                let name = name_expr(element_ns(type_attrs, m), m.name()?);
                let call = match (item_name(type_attrs, m), m.ty.shape, m.ty.boxed) {
                    (Some(item), _, _) => quote! { w.array(#name, #item, &self.#field) },
                    (None, Shape::Optional, true) if m.attrs.nillable => {
                        quote! { w.nillable_boxed(#name, &self.#field) }
                    }
                    (None, Shape::Optional, false) if m.attrs.nillable => quote! { w.nillable(#name, &self.#field) },
                    (None, Shape::Optional, true) => quote! { w.field_boxed(#name, &self.#field) },
                    (None, Shape::One, true) => quote! { w.field(#name, &*self.#field) },
                    _ if m.attrs.encoded_as.is_none() => {
                        // A plain field: one entry of a `Writer::fields` run.
                        plain.push((name, field));
                        continue;
                    }
                    _ => quote! { w.field(#name, &self.#field) },
                };
                flush(&mut plain, &mut content);
                content.push(Step::Try(match &m.attrs.encoded_as {
                    Some(xsd) => quote! {
                        w.typed(::wsbind::xml::Name::qualified(::wsbind::xml::XSD_NS, #xsd), |w| #call)
                    },
                    None => call,
                }));
            }
        }
    }
    flush(&mut plain, &mut content);
    let attributes_fn = if attrs.is_empty() {
        TokenStream::new()
    } else {
        quote! { fn attributes(&self, a: &mut ::wsbind::xml::Attributes<'_>) { #(#attrs)* } }
    };
    let w = if content.is_empty() { format_ident!("_w") } else { format_ident!("w") };
    let body = Step::body(content);
    let schema_type = type_attrs.schema_type_const();
    Ok(quote! {
        impl ::wsbind::xml::Encode for #ident {
            #schema_type
            #attributes_fn
            #xsi_type_fn
            fn content(&self, #w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
                #body
            }
        }
    })
}

/// Writes the run of plain element fields `plain` (and empties it): one `Writer::field` call, or
/// one `Writer::fields` call over a slice for several (less code per type than a call each).
fn flush(plain: &mut Vec<(TokenStream, &Ident)>, content: &mut Vec<Step>) {
    match plain.as_slice() {
        [] => {}
        [(name, field)] => content.push(Step::Try(quote! { w.field(#name, &self.#field) })),
        run => {
            let entries = run.iter().map(|(name, field)| quote! { (#name, &self.#field) });
            content.push(Step::Try(quote! { w.fields(&[#(#entries),*]) }));
        }
    }
    plain.clear();
}

/// The local slot an element, wildcard or choice field is read into: `Vec<T>` or `Option<T>`.
fn slot(ty: &FieldType) -> (TokenStream, TokenStream) {
    let item = ty.item;
    match ty.shape {
        Shape::Many => (quote! { ::std::vec::Vec<#item> }, quote! { ::std::vec::Vec::new() }),
        _ => (quote! { ::std::option::Option<#item> }, quote! { ::std::option::Option::None }),
    }
}

/// The value a slot becomes in the struct literal (a boxed one boxed), and for a required one the
/// check that it is present (a `let`-`else` naming `label` in the `Missing` error), run in field
/// order before the literal.
fn finish(ty: &FieldType, local: &Ident, label: TokenStream) -> (Option<TokenStream>, TokenStream) {
    let check = quote! {
        let ::std::option::Option::Some(#local) = #local else {
            return ::std::result::Result::Err(r.missing(#label));
        };
    };
    match (ty.shape, ty.boxed) {
        (Shape::One, true) => (Some(check), quote! { ::std::boxed::Box::new(#local) }),
        (Shape::One, false) => (Some(check), quote! { #local }),
        (Shape::Optional, true) => (None, quote! { #local.map(::std::boxed::Box::new) }),
        _ => (None, quote! { #local }),
    }
}

/// The call reading element `child` into `slot` (a `Result`, without `?`): an `ArrayOfX`
/// wrapper's `item`s, or the element itself; a secret value's errors leave the value out. Shared by
/// record fields and choice alternatives.
pub(crate) fn read_call(
    item: Option<&TokenStream>,
    secret: bool,
    child: &TokenStream,
    slot: &TokenStream,
) -> TokenStream {
    match (item, secret) {
        (Some(item), false) => quote! { r.read_array(#child, #item, &mut #slot) },
        (Some(item), true) => {
            quote! { r.read_array(#child, #item, &mut #slot).map_err(::wsbind::DecodeError::redacted) }
        }
        (None, true) => quote! { r.read_secret(#child, &mut #slot) },
        (None, false) => quote! { r.read(#child, &mut #slot) },
    }
}

/// One entry of a record decoder's table of element fields (`wsbind::xml::Element`) and the
/// slot it reads into.
struct Entry<'a> {
    ns: Option<&'a Path>,
    local: TokenStream,
    read: TokenStream,
    rule: &'static str,
    slot: TokenStream,
}

impl Entry<'_> {
    /// The table entry: `Element::qualified(NS, "Name")` for the common one (a value element no
    /// other field names), `Element::new(name, read, rule)` for the others.
    fn table(&self) -> TokenStream {
        let Entry { ns, local, read, rule, .. } = self;
        if rule == &"Accepts" && read.is_empty() {
            return match ns {
                Some(ns) => quote! { ::wsbind::xml::Element::qualified(#ns, #local) },
                None => quote! { ::wsbind::xml::Element::unqualified(#local) },
            };
        }
        let name = match ns {
            Some(ns) => quote! { ::wsbind::xml::Name::qualified(#ns, #local) },
            None => quote! { ::wsbind::xml::Name::unqualified(#local) },
        };
        let rule = format_ident!("{rule}");
        let read = if read.is_empty() {
            quote! { ::wsbind::xml::ReadAs::Value }
        } else {
            read.clone()
        };
        quote! { ::wsbind::xml::Element::new(#name, #read, ::wsbind::xml::Match::#rule) }
    }
}

fn decode(input: &DeriveInput, type_attrs: &TypeAttrs, members: &[Member]) -> syn::Result<TokenStream> {
    let ident = &input.ident;
    // How many element fields declare each local name (in any namespace).
    let mut declared: BTreeMap<String, usize> = BTreeMap::new();
    for m in members.iter().filter(|m| m.attrs.kind == Kind::Element) {
        *declared.entry(m.name()?.value()).or_default() += 1;
    }
    let has_text = members.iter().any(|m| m.attrs.kind == Kind::Text);
    let mut setup: Vec<TokenStream> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut inits = Vec::new();
    let mut checks = Vec::new();
    let mut any = None;
    let mut uses_start = false;
    // The entry of each (namespace, name) read so far: a later field with that name makes it `Once`.
    let mut earlier: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in members {
        let field = m.ident;
        let local = m.local();
        let item = m.ty.item;
        let (check, value) = match m.attrs.kind {
            Kind::XsiType => {
                uses_start = true;
                setup.push(quote! { let #local = start.xsi_type_name(); });
                (None, quote! { #local })
            }
            Kind::Attribute => {
                uses_start = true;
                let ns = ns_option(attribute_ns(m));
                let wire = m.name()?;
                setup.push(quote! { let #local = r.parse_attr::<#item>(start, #ns, #wire)?; });
                finish(&m.ty, &local, quote! { #wire })
            }
            Kind::AnyAttribute => {
                uses_start = true;
                let known = members
                    .iter()
                    .filter(|k| k.attrs.kind == Kind::Attribute)
                    .map(|k| Ok(name_expr(attribute_ns(k), k.name()?)))
                    .collect::<syn::Result<Vec<_>>>()?;
                setup.push(quote! { let #local = start.other_attributes(&[#(#known),*]); });
                (None, quote! { #local })
            }
            Kind::Text => {
                uses_start = true;
                setup.push(quote! { let #local = r.text::<#item>(start)?; });
                (None, quote! { #local })
            }
            Kind::Any => {
                let (slot, empty) = slot(&m.ty);
                let wire = m.name()?;
                if any.is_none() {
                    // Only the first wildcard collects unmatched elements: its entry comes last.
                    setup.push(quote! { let mut #local: #slot = #empty; });
                    any = Some(Entry {
                        ns: None,
                        local: quote! { #wire },
                        read: TokenStream::new(),
                        rule: "Any",
                        slot: quote! { &mut #local },
                    });
                } else {
                    setup.push(quote! { let #local: #slot = #empty; });
                }
                finish(&m.ty, &local, quote! { #wire })
            }
            Kind::Choice => {
                let (slot, empty) = slot(&m.ty);
                setup.push(quote! { let mut #local: #slot = #empty; });
                let label = quote! { <#item as ::wsbind::xml::Choice>::LABEL };
                entries.push(Entry {
                    ns: None,
                    local: label.clone(),
                    read: TokenStream::new(),
                    rule: "Choice",
                    slot: quote! { &mut ::wsbind::xml::Alternatives(&mut #local) },
                });
                finish(&m.ty, &local, label)
            }
            Kind::Element => {
                let (slot, empty) = slot(&m.ty);
                let wire = m.name()?;
                if m.attrs.unread {
                    setup.push(quote! { let #local: #slot = #empty; });
                } else {
                    setup.push(quote! { let mut #local: #slot = #empty; });
                    let ns = element_ns(type_attrs, m);
                    let key = (ns.map(|p| quote!(#p).to_string()).unwrap_or_default(), wire.value());
                    if let Some(&at) = earlier.get(&key) {
                        // The name is declared again: the earlier field (an `Option` slot) takes
                        // one element, nil or not, this one the next.
                        entries[at].rule = "Once";
                    }
                    earlier.insert(key, entries.len());
                    let read = match (item_name(type_attrs, m), m.attrs.secret) {
                        (Some(item), false) => quote! { ::wsbind::xml::ReadAs::Array(#item) },
                        (Some(item), true) => quote! { ::wsbind::xml::ReadAs::SecretArray(#item) },
                        (None, true) => quote! { ::wsbind::xml::ReadAs::Secret },
                        (None, false) => TokenStream::new(),
                    };
                    let single = declared.get(&wire.value()).copied() == Some(1);
                    entries.push(Entry {
                        ns,
                        local: quote! { #wire },
                        read,
                        rule: if single { "Accepts" } else { "Exact" },
                        slot: quote! { &mut #local },
                    });
                }
                finish(&m.ty, &local, quote! { #wire })
            }
        };
        checks.extend(check);
        inits.push(quote! { #field: #value, });
    }
    entries.extend(any);
    let read_children = if has_text {
        TokenStream::new()
    } else {
        let table = entries.iter().map(Entry::table);
        let slots = entries.iter().map(|e| &e.slot);
        quote! {
            const ELEMENTS: &[::wsbind::xml::Element] = &[#(#table),*];
            r.record(ELEMENTS, &mut [#(#slots),*])?;
        }
    };
    let start = if uses_start { format_ident!("start") } else { format_ident!("_start") };
    let decode = quote! {
        impl ::wsbind::xml::Decode for #ident {
            fn decode(
                r: &mut ::wsbind::xml::Reader<'_>,
                #start: &::wsbind::xml::Start,
            ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
                #(#setup)*
                #read_children
                #(#checks)*
                ::std::result::Result::Ok(Self { #(#inits)* })
            }
        }
    };
    if !type_attrs.group {
        return Ok(decode);
    }
    if uses_start || has_text {
        return Err(syn::Error::new_spanned(ident, "a `group` has elements only: no attributes or text"));
    }
    let table = entries.iter().map(Entry::table);
    let slots = entries.iter().map(|e| &e.slot);
    let starts = group_starts(type_attrs, members)?;
    Ok(quote! {
        #decode

        impl ::wsbind::xml::Group for #ident {
            fn starts(ns: ::std::option::Option<&str>, name: &str) -> bool {
                #starts
            }

            fn decode_group(
                r: &mut ::wsbind::xml::Reader<'_>,
                first: &::wsbind::xml::Start,
            ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
                #(#setup)*
                const ELEMENTS: &[::wsbind::xml::Element] = &[#(#table),*];
                r.group(first, ELEMENTS, &mut [#(#slots),*])?;
                #(#checks)*
                ::std::result::Result::Ok(Self { #(#inits)* })
            }
        }
    })
}

/// The body of a group's `starts`: its elements (and choices' alternatives) up to and including
/// the first required one; a wildcard before that starts it with any element.
fn group_starts(type_attrs: &TypeAttrs, members: &[Member]) -> syn::Result<TokenStream> {
    let mut tests = Vec::new();
    for m in members {
        let item = m.ty.item;
        match m.attrs.kind {
            Kind::Element if m.attrs.unread => continue,
            Kind::Element => {
                let pattern = ns_option(element_ns(type_attrs, m));
                let wire = m.name()?;
                tests.push(quote! { ::std::matches!((ns, name), (#pattern, #wire)) });
            }
            Kind::Choice => tests.push(quote! { <#item as ::wsbind::xml::Choice>::accepts(ns, name) }),
            Kind::Any => {
                tests.push(quote! { true });
                break;
            }
            _ => continue,
        }
        if m.ty.shape == Shape::One {
            break;
        }
    }
    if tests.is_empty() {
        return Ok(quote! { let _ = (ns, name); false });
    }
    Ok(quote! { #(#tests)||* })
}
