//! Type definitions: structs for complex types, enums for enumerations and choices, aliases or
//! newtypes for simple types, and the `Debug` impls that redact secret fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Doc};
use super::{Ctx, Error};
use crate::model::{
    ChoiceType, ComplexType, Container, ContainerKind, Discriminator, EnumType, Field, FieldKind, Limits, SimpleType,
    TypeId, TypeKind, TypeRef,
};
use crate::names;

use crate::lower::{self, Shape, UnknownCase, is_xsi_type_field, shape};

/// The item type of a field (without `Option`/`Vec`/`Box`).
pub fn item_type(ctx: &Ctx, f: &Field) -> TokenStream {
    match f.kind {
        // JSON `additionalProperties` beside declared ones: their map, flattened.
        FieldKind::Any if matches!(f.ty, TypeRef::Named(_)) => ctx.rust_type(&f.ty),
        FieldKind::Any => quote! { ::wsbind::xml::RawXml },
        FieldKind::AnyAttribute => quote! { ::wsbind::xml::OtherAttributes },
        _ => ctx.rust_type(&f.ty),
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
pub(super) fn type_doc(ctx: &Ctx, id: TypeId) -> Doc {
    let t = ctx.model.ty(id);
    let plan = &ctx.plan.types[id.0];
    let mut doc = Doc::new();
    doc.prose(t.doc.as_deref());
    let wire = match &t.name.ns {
        Some(ns) => format!("{} in namespace {}", docs::code(&t.name.local), docs::code(ns)),
        None => docs::code(&t.name.local),
    };
    if matches!(&t.kind, TypeKind::Choice(c) if c.by_xsi_type()) {
        // A sum type the generator adds for a base type: its prose says what it is.
    } else if plan.group {
        let choice = ctx.model.types.iter().position(|c| {
            matches!(&c.kind, TypeKind::Choice(c) if c.variants.iter().any(|v| v.kind == FieldKind::Group && v.ty == TypeRef::Named(id)))
        });
        let of =
            choice.map_or_else(|| "a choice".to_owned(), |c| format!("[`{}`]", names::unraw(&ctx.plan.types[c].name)));
        doc.line(format!(
            "An alternative of {of}: a sequence of elements, sent in the choice's place without an element of its own."
        ));
    } else if t.anonymous {
        doc.line(format!("Anonymous type, named after its context {wire}."));
    } else {
        doc.line(format!("Schema type {wire}."));
    }
    let plain = names::type_name(&t.name.local);
    if names::PRELUDE.contains(&plain.as_str()) {
        doc.line(format!(
            "Named `{}`, not `{plain}`, so that `use` of this module never shadows the prelude's `{plain}`.",
            names::unraw(&plan.name),
        ));
    } else if plan.renamed {
        doc.line(format!(
            "Named `{}` because `{plain}` is already taken in this module (by another type or a generated item).",
            names::unraw(&plan.name),
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
    for p in &limits.patterns {
        parts.push(format!("pattern {}", docs::code(p)));
    }
    if !parts.is_empty() {
        doc.line(format!("Limits: {}.", parts.join(", ")));
    }
    for reason in lower::pattern_checks(limits).into_iter().filter_map(Result::err) {
        doc.line(docs::escape_line(&format!("Pattern not checked before sending: {reason}.")));
    }
    doc.prose(limits.note.as_deref());
}

/// The definition (and `Debug` impl where needed) of one type, but a JSON sum (`emit::sums`)
/// and its documentation comment.
pub fn definition(ctx: &Ctx, id: TypeId, doc: Doc) -> Result<TokenStream, Error> {
    let t = ctx.model.ty(id);
    match &t.kind {
        TypeKind::Complex(c) => complex(ctx, id, c, doc),
        TypeKind::Enum(e) => Ok(enumeration(ctx, id, e, doc)),
        TypeKind::Simple(s) => Ok(simple(ctx, id, s, doc)),
        TypeKind::Choice(c) => choice(ctx, id, c, doc),
        TypeKind::Container(c) => Ok(container(ctx, id, c, doc)),
    }
}

/// Documentation of a field: the schema's prose, then what the Rust type does not say: the wire
/// name when it is not the plain conversion of the field name, the kind of XML node when it is
/// not an element, the occurrence, nil, defaults, secrecy and limits.
/// `alternative`: a choice's variant, which is there exactly when chosen (only a repeated one says
/// how often).
fn field_doc(f: &Field, rust_name: &str, alternative: bool) -> Doc {
    let mut doc = Doc::new();
    doc.prose(f.doc.as_deref());
    if is_xsi_type_field(f) {
        return doc;
    }
    let mut facts: Vec<String> = Vec::new();
    match f.kind {
        FieldKind::Text => facts.push("The element's text content.".to_owned()),
        FieldKind::Any if matches!(f.ty, TypeRef::Named(_)) => {
            facts.push("The properties the schema does not declare (`additionalProperties`).".to_owned())
        }
        FieldKind::Any => facts.push("Child elements the schema leaves open (`xs:any`), kept as raw XML.".to_owned()),
        FieldKind::AnyAttribute => {
            facts.push("Attributes the schema leaves open (`xs:anyAttribute`), kept as (name, value) pairs.".to_owned())
        }
        FieldKind::Attribute if renamed_on_the_wire(&f.name, rust_name) => {
            facts.push(format!("Attribute {}.", docs::code(&f.name)))
        }
        FieldKind::Attribute => facts.push("An attribute.".to_owned()),
        FieldKind::Group => {
            facts.push("A sequence of elements, sent in the choice's place without an element of its own.".to_owned())
        }
        FieldKind::Element | FieldKind::Choice => {
            if renamed_on_the_wire(&f.name, rust_name) {
                facts.push(format!("Element {}.", docs::code(&f.name)));
            }
        }
    }
    if let Some(item) = &f.array_item {
        facts.push(format!("Sent as a wrapper element holding repeated {} elements.", docs::code(&item.name)));
    }
    let repeated = f.array_item.is_some() || f.occurs.is_repeated();
    if matches!(f.kind, FieldKind::Element | FieldKind::Choice | FieldKind::Attribute) && (repeated || !alternative) {
        facts.push(occurrence(f));
    }
    if f.nillable && !f.occurs.is_optional() && !f.occurs.is_repeated() {
        facts.push("Nillable: `None` is sent as `xsi:nil=\"true\"`.".to_owned());
    }
    if let Some(d) = &f.default {
        facts.push(format!("Schema default: {}.", docs::code(d)));
    }
    if let Some(d) = &f.fixed {
        facts.push(format!("Fixed value: {}.", docs::code(d)));
    }
    if !facts.is_empty() {
        doc.line(facts.join(" "));
    }
    if f.secret {
        doc.line("Secret: redacted in `Debug` output and error messages.");
    }
    limits_doc(&mut doc, &f.limits);
    doc
}

/// True when `wire` is not what the Rust name reads as, ignoring case and separators: `sessionID`
/// reads as `session_id` and `item-count` as `item_count`, so neither needs its wire name spelt
/// out; a collision suffix (`name_2`) or a dropped character (`Größe` -> `gr_e`) does.
fn renamed_on_the_wire(wire: &str, rust_name: &str) -> bool {
    let fold =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    fold(wire) != fold(names::unraw(rust_name))
}

/// "Required.", "Optional.", "Repeated." or "Repeated, 1 to 10 times."
fn occurrence(f: &Field) -> String {
    let o = f.occurs;
    if f.array_item.is_some() || o.is_repeated() {
        return match (o.min, o.max) {
            (0, None) => "Repeated.".to_owned(),
            (min, None) => format!("Repeated, at least {min} times."),
            (min, Some(max)) => format!("Repeated, {min} to {max} times."),
        };
    }
    if o.is_optional() { "Optional.".to_owned() } else { "Required.".to_owned() }
}

fn complex(ctx: &Ctx, id: TypeId, c: &ComplexType, mut doc: Doc) -> Result<TokenStream, Error> {
    let plan = &ctx.plan.types[id.0];
    let ident = ctx.type_ident(id);
    if let Some(base) = c.base
        && base.0 < ctx.model.types.len()
    {
        let base_name = names::unraw(&ctx.plan.types[base.0].name).to_owned();
        doc.line(format!("Extends `{base_name}` (its fields come first)."));
    }
    if !c.derived.is_empty() {
        let mut derived: Vec<String> = c
            .derived
            .iter()
            .filter(|d| d.0 < ctx.model.types.len())
            .map(|d| format!("`{}`", names::unraw(&ctx.plan.types[d.0].name)))
            .collect();
        derived.sort();
        derived.dedup();
        doc.line(format!(
            "Derived types: {}. A value of one of them received where this type is declared decodes \
             into this struct, which keeps its `xsi:type` and the child elements this type does not declare.",
            derived.join(", ")
        ));
    }
    let doc = doc.outer();
    // The XML codec's attributes, for records that travel as XML (`xml_attrs`).
    let xml = super::xml_attrs::record(ctx, id, c)?;
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    let mut secret = false;
    for (n, f) in c.fields.iter().enumerate() {
        let shape = shape(f);
        let fname = names::ident(&plan.fields[n]);
        let ty = field_type(ctx, f, shape, plan.boxed.contains(&n));
        let fdoc = field_doc(f, &plan.fields[n], false).outer();
        let serde = super::serde_attrs::field_attrs(ctx, id, f, shape);
        let xml_attr = xml.as_ref().map(|x| &x.fields[n]);
        let sample_empty = shape != Shape::One && ctx.samples.empty(f);
        let setter = constructor_attr(ctx, &plan.fields[n], &f.kind, &f.ty, sample_empty);
        fields.push(quote! { #fdoc #xml_attr #setter #serde pub #fname: #ty, });
        let label = names::unraw(&plan.fields[n]);
        if f.secret {
            secret = true;
            debug_fields.push(quote! { .field(#label, &::wsbind::redact::Redacted(&self.#fname)) });
        } else {
            debug_fields.push(quote! { .field(#label, &self.#fname) });
        }
    }
    let mut derives = vec![quote! { ::wsbind::Constructors }];
    let mut attrs = TokenStream::new();
    if let Some(x) = xml {
        derives.insert(0, quote! { ::wsbind::Xml });
        attrs.extend(x.record);
    }
    attrs.extend(super::serde_attrs::struct_attrs(ctx, id));
    attrs.extend(no_sample_attr(ctx, id));
    let debug = secret.then_some(debug_fields.as_slice());
    Ok(struct_def(doc, &derives, attrs, &ident, &fields, plan.has_default, debug))
}

/// The `Constructors` keys of a field named `field` (its Rust name) holding a `kind` value of type
/// `ty`: `setter = ".."` when its setter is not named after it ([`lower::renamed_setter`]), and
/// `into_string` when its type is a named alias of `String`, whose setter and constructor
/// parameter take `impl Into<String>` as a `String` field's do ([`lower::field_takes_into_string`];
/// the derive sees only the alias's name).
///
/// `sample_empty` marks an optional or repeated field whose type has no finite synthetic value
/// ([`lower::Samples::empty`]): the `Sample` impl the derive writes leaves it empty.
pub(super) fn constructor_attr(
    ctx: &Ctx,
    field: &str,
    kind: &FieldKind,
    ty: &TypeRef,
    sample_empty: bool,
) -> Option<TokenStream> {
    let mut keys = Vec::new();
    if sample_empty {
        keys.push(quote! { sample_empty });
    }
    if let Some(name) = lower::renamed_setter(field) {
        keys.push(quote! { setter = #name });
    }
    let alias =
        matches!(ty, TypeRef::Named(_)) && matches!(kind, FieldKind::Element | FieldKind::Attribute | FieldKind::Text);
    if alias && lower::takes_into_string(ctx.model, ty) {
        keys.push(quote! { into_string });
    }
    (!keys.is_empty()).then(|| quote! { #[xml(#(#keys),*)] })
}

/// `#[xml(no_sample)]` for a type without a finite synthetic value ([`lower::Samples::finite`]):
/// its derive writes no `Sample` impl.
pub(super) fn no_sample_attr(ctx: &Ctx, id: TypeId) -> Option<TokenStream> {
    (!ctx.samples.finite(id)).then(|| quote! { #[xml(no_sample)] })
}

/// The `Sample` hint of alternative `n` of choice `c`: `sample_empty` when its type has no finite
/// value, `sample_leaf` when it ends the recursion at the depth bound ([`lower::Samples::leaf`]).
pub(super) fn variant_sample_attr(ctx: &Ctx, c: &ChoiceType, n: usize) -> Option<TokenStream> {
    if ctx.samples.empty(&c.variants[n]) {
        Some(quote! { #[xml(sample_empty)] })
    } else if ctx.samples.leaf(c) == Some(n) {
        Some(quote! { #[xml(sample_leaf)] })
    } else {
        None
    }
}

/// A struct deriving `Clone`, `PartialEq`, `derives` and, when `default`, `Default`; `Debug` too
/// unless `redacted_debug` is given (a secret field): then `Debug` is written out of those
/// `.field(..)` calls, so secrets print redacted.
pub(super) fn struct_def(
    doc: TokenStream,
    derives: &[TokenStream],
    attrs: TokenStream,
    ident: &proc_macro2::Ident,
    fields: &[TokenStream],
    default: bool,
    redacted_debug: Option<&[TokenStream]>,
) -> TokenStream {
    // `Debug` prints the Rust name without `r#`.
    let name = ident.to_string();
    let label = names::unraw(&name);
    let default = if default {
        quote! { Default, }
    } else {
        quote! {}
    };
    match redacted_debug {
        Some(debug) => quote! {
            #doc
            #[derive(Clone, #default PartialEq, #(#derives),*)]
            #attrs
            #[non_exhaustive]
            pub struct #ident { #(#fields)* }

            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#debug)* .finish()
                }
            }
        },
        None => quote! {
            #doc
            #[derive(Clone, Debug, #default PartialEq, #(#derives),*)]
            #attrs
            #[non_exhaustive]
            pub struct #ident { #(#fields)* }
        },
    }
}

/// True when clippy's `enum_variant_names` would fire: a variant starting or ending with the
/// enum's name, or all variants sharing a camel-case word at the start or end.
pub(super) fn variant_names_lint(enum_name: &str, variants: &[String]) -> bool {
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
        let value = v.value.as_str();
        variants.push(quote! { #vdoc #[xml(value = #value)] #vident, });
    }
    let mut all: Vec<String> = plan.variants.iter().map(|v| names::unraw(v).to_owned()).collect();
    all.push("Unknown".to_owned());
    let allow = if variant_names_lint(names::unraw(&plan.name), &all) {
        quote! { #[allow(clippy::enum_variant_names)] }
    } else {
        quote! {}
    };
    let unknown_doc = " A value the schema did not list, as received.";
    let xml = super::xml_attrs::enumeration(ctx, id, e);
    if e.values.is_empty() {
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash, ::wsbind::Xml)]
            #xml
            #allow
            #[non_exhaustive]
            pub enum #ident {
                #[doc = #unknown_doc]
                Unknown(::std::string::String),
            }
        }
    } else {
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash, ::wsbind::Xml)]
            #xml
            #allow
            #[non_exhaustive]
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
        let xml = super::xml_attrs::list(ctx, id);
        quote! {
            #doc
            #[derive(Clone, Debug, Default, PartialEq, ::wsbind::Xml)]
            #xml
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

/// A JSON array or map type: an alias of `Vec` or `BTreeMap`.
fn container(ctx: &Ctx, id: TypeId, c: &Container, mut doc: Doc) -> TokenStream {
    let ident = ctx.type_ident(id);
    let item = ctx.rust_type(&c.item).to_string();
    let ty: TokenStream = lower::container_path(c, &item, false).parse().unwrap_or_default();
    let what = match c.kind {
        ContainerKind::List => "A JSON array",
        ContainerKind::Map => "A JSON object with any property names",
    };
    let nulls = if c.nullable_items { " (`null` items are `None`)" } else { "" };
    doc.line(format!("{what} of {} values{nulls}.", docs::code(&ctx.type_wire(&c.item))));
    if !ctx.plan.types[id.0].newtype {
        let doc = doc.outer();
        return quote! {
            #doc
            pub type #ident = #ty;
        };
    }
    doc.line("A struct around the collection, not a type alias: its values hold the type itself.");
    let doc = doc.outer();
    let no_sample = no_sample_attr(ctx, id);
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::wsbind::Sample)]
        #[derive(::wsbind::__private::serde::Serialize, ::wsbind::__private::serde::Deserialize)]
        #[serde(crate = "::wsbind::__private::serde", transparent)]
        #no_sample
        pub struct #ident(pub #ty);
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
    if !c.by_xsi_type() {
        doc.line("Exactly one of the alternatives (an XSD `choice`); alternatives holding a record are boxed.");
    }
    let doc = doc.outer();
    let xml = super::xml_attrs::choice(ctx, id, c);
    let mut variants = Vec::new();
    for (n, f) in c.variants.iter().enumerate() {
        let vident = names::ident(&plan.fields[n]);
        let shape = if f.occurs.is_repeated() || f.array_item.is_some() { Shape::Many } else { Shape::One };
        let ty = field_type(ctx, f, shape, plan.boxed.contains(&n));
        let vdoc = if c.by_xsi_type() {
            let mut doc = Doc::new();
            match c.discriminator {
                Discriminator::XsiType { base_variant: true, .. } if n == 0 => {
                    doc.line(format!("{} itself: no `xsi:type` on the wire.", docs::code(&f.name)));
                }
                _ => {
                    doc.line(format!("Sent and received with `xsi:type` {}.", docs::code(&f.name)));
                }
            }
            doc.outer()
        } else {
            field_doc(f, &plan.fields[n], true).outer()
        };
        let xml_attr = xml.as_ref().map(|x| &x.fields[n]);
        let sample = variant_sample_attr(ctx, c, n);
        variants.push(quote! { #vdoc #xml_attr #sample #vident(#ty), });
    }
    let xml_attr = xml.as_ref().map(|_| quote! { #[xml(unknown)] });
    match lower::unknown_case(c, xml.is_some()) {
        Some(UnknownCase::Type) => variants.push(quote! {
            /// A type the schema does not declare (or no `xsi:type` where the base is abstract),
            /// kept as received and sent back as it came.
            #xml_attr
            Unknown(::wsbind::xml::UnknownType),
        }),
        Some(UnknownCase::Element) => variants.push(quote! {
            /// An element none of the alternatives names (a newer server's alternative), kept as
            /// received and sent back as it came.
            #xml_attr
            Unknown(::wsbind::xml::RawXml),
        }),
        // A JSON sum's is rendered with its table (`emit::sums`), not here.
        Some(UnknownCase::Json) | None => {}
    }
    // `Xml` writes the `Sample` impl of a choice that travels as XML; `Sample` that of others.
    let (derive, mut xml) = match xml {
        Some(x) => (quote! { , ::wsbind::Xml }, x.record),
        None => (quote! { , ::wsbind::Sample }, TokenStream::new()),
    };
    xml.extend(no_sample_attr(ctx, id));
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
        #[derive(Clone, Debug, PartialEq #derive)]
        #xml
        #[non_exhaustive]
        pub enum #ident { #(#variants)* }

        #default
    })
}
