//! REST clients (`docs/generated-code.md`, "Shape of a generated REST client"): for the types
//! that travel as JSON ([`crate::lower::RestPlan`]), their serde attributes, enum serde impls and `Validate` impls
//! (one `check_*` call per documented limit), the request structs synthesised for operations
//! with query / header / path parameters, and per REST-only service `DEFAULT_ADDRESS`, the
//! `Client` (client-level parameter setters, reply format, one `async fn` per operation, a
//! pagination stream) and `mod ops` with the static `RestOp` descriptions.
//!
//! The REST plan and the names of client-level parameter setters are decided in
//! [`crate::lower`] (`lower::rest`).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{self, Doc};
use super::types;
use super::{Ctx, Error, Item, resolve_builtin};
use crate::lower::Shape;
use crate::lower::{
    self, CredentialKind, CredentialSetter, ErrorReply, ParamSetters, ReplyCall, RequestEncoding, RestOperation,
    builder_setters, is_text_builtin, rest_builder_name, success, xml_reply,
};
use crate::model::{
    ApiKeyLocation, Builtin, ChoiceType, ComplexType, Field, FieldKind, HttpMethod, Limits, Operation, Param,
    ParamLocation, RestBinding, SecurityKind, Service, StatusMatch, TypeId, TypeKind, TypeRef,
};
use crate::names;
use crate::passes::secrets;

/// Inclusive bounds of an integer builtin.
fn int_range(b: Builtin) -> Option<(i128, i128)> {
    Some(match b {
        Builtin::I8 => (i8::MIN.into(), i8::MAX.into()),
        Builtin::I16 => (i16::MIN.into(), i16::MAX.into()),
        Builtin::I32 => (i32::MIN.into(), i32::MAX.into()),
        Builtin::I64 => (i64::MIN.into(), i64::MAX.into()),
        Builtin::U8 => (0, u8::MAX.into()),
        Builtin::U16 => (0, u16::MAX.into()),
        Builtin::U32 => (0, u32::MAX.into()),
        Builtin::U64 => (0, u64::MAX.into()),
        _ => return None,
    })
}

fn int_lit(n: i128) -> TokenStream {
    let lit = Literal::u128_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote! { -#lit }
    } else {
        quote! { #lit }
    }
}

fn float_lit(x: f64) -> TokenStream {
    let lit = Literal::f64_unsuffixed(x.abs());
    if x < 0.0 {
        quote! { -#lit }
    } else {
        quote! { #lit }
    }
}

fn usize_lit(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
}

/// `Some(bound)` / `None` for a `check_range` call, `None` when the bound is vacuous for the type.
fn bound(b: Builtin, value: Option<f64>, lower: bool) -> Option<TokenStream> {
    let value = value.filter(|v| v.is_finite())?;
    if let Some((min, max)) = int_range(b) {
        let n = if lower { value.ceil() } else { value.floor() };
        if n < min as f64 || n > max as f64 {
            return None;
        }
        let n = n as i128;
        if (lower && n == min) || (!lower && n == max) {
            return None;
        }
        return Some(int_lit(n));
    }
    match b {
        Builtin::Float | Builtin::Double => Some(float_lit(value)),
        _ => None,
    }
}

/// The start and end date-time fields of an interval type: (start, end) as (ident, optional).
fn interval_fields(ctx: &Ctx, ty: &TypeRef) -> Option<[(proc_macro2::Ident, bool); 2]> {
    let TypeRef::Named(id) = ty else { return None };
    let TypeKind::Complex(c) = &ctx.model.types.get(id.0)?.kind else { return None };
    let plan = &ctx.plan.types[id.0];
    let mut found = Vec::new();
    for (n, f) in c.fields.iter().enumerate() {
        if resolve_builtin(ctx, &f.ty) == Some(Builtin::DateTime) {
            match lower::shape(f) {
                Shape::One => found.push((names::ident(&plan.fields[n]), false)),
                Shape::Optional => found.push((names::ident(&plan.fields[n]), true)),
                _ => {}
            }
        }
    }
    let mut it = found.into_iter();
    Some([it.next()?, it.next()?])
}

/// How the checks of one value reach it.
enum Access {
    /// A place, borrowed by the checks (`self.code`).
    Place(TokenStream),
    /// A reference already (`value` bound by a `match` on `&self`).
    Ref(TokenStream),
}

impl Access {
    /// The place or reference itself, to call methods on (`.len()`).
    fn expr(&self) -> &TokenStream {
        match self {
            Access::Place(t) | Access::Ref(t) => t,
        }
    }

    /// A reference to the value.
    fn borrowed(&self) -> TokenStream {
        match self {
            Access::Place(t) => quote! { &#t },
            Access::Ref(t) => t.clone(),
        }
    }
}

/// The limit checks of one value (a field or a parameter) reached through `access`.
fn limit_checks(
    ctx: &Ctx,
    wire: &str,
    access: &Access,
    shape: Shape,
    ty: &TypeRef,
    limits: &Limits,
    nested: bool,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let (expr, borrowed) = (access.expr(), access.borrowed());
    let repeated = matches!(shape, Shape::Many | Shape::Array);
    if repeated {
        if let Some(n) = limits.max_items {
            let n = usize_lit(n);
            out.push(quote! { ::wsbind::rest::check_max_items(#wire, #expr.len(), #n)?; });
        }
        if let Some(n) = limits.min_items.filter(|n| *n > 0) {
            let n = usize_lit(n);
            out.push(quote! { ::wsbind::rest::check_min_items(#wire, #expr.len(), #n)?; });
        }
    }
    let mut per_value = Vec::new();
    let builtin = resolve_builtin(ctx, ty);
    if builtin.is_some_and(is_text_builtin) {
        if let Some(n) = limits.max_length {
            let n = usize_lit(n);
            per_value.push(quote! { ::wsbind::rest::check_max_length(#wire, v, #n)?; });
        }
        if let Some(n) = limits.min_length.filter(|n| *n > 0) {
            let n = usize_lit(n);
            per_value.push(quote! { ::wsbind::rest::check_min_length(#wire, v, #n)?; });
        }
        // An untranslatable pattern is not checked; the field's docs say why (`types::limits_doc`).
        for pattern in lower::pattern_checks(limits).into_iter().filter_map(Result::ok) {
            per_value.push(quote! {
                {
                    static PATTERN: ::wsbind::rest::Pattern = ::wsbind::rest::Pattern::new(#pattern);
                    PATTERN.check(#wire, v)?;
                }
            });
        }
    }
    if let Some(b) = builtin {
        let lo = bound(b, limits.minimum, true);
        let hi = bound(b, limits.maximum, false);
        if lo.is_some() || hi.is_some() {
            let opt = |t: Option<TokenStream>| match t {
                Some(t) => quote! { ::std::option::Option::Some(#t) },
                None => quote! { ::std::option::Option::None },
            };
            let (lo, hi) = (opt(lo), opt(hi));
            per_value.push(quote! { ::wsbind::rest::check_range(#wire, *v, #lo, #hi)?; });
        }
    }
    if let Some(months) = limits.max_months
        && let Some([(start, start_opt), (end, end_opt)]) = interval_fields(ctx, ty)
    {
        let months = Literal::u32_unsuffixed(months);
        if !start_opt && !end_opt {
            per_value.push(quote! { ::wsbind::rest::check_max_months(#wire, &v.#start, &v.#end, #months)?; });
        } else {
            let s = if start_opt {
                quote! { v.#start.as_ref() }
            } else {
                quote! { ::std::option::Option::Some(&v.#start) }
            };
            let e = if end_opt {
                quote! { v.#end.as_ref() }
            } else {
                quote! { ::std::option::Option::Some(&v.#end) }
            };
            per_value.push(quote! {
                if let (::std::option::Option::Some(start), ::std::option::Option::Some(end)) = (#s, #e) {
                    ::wsbind::rest::check_max_months(#wire, start, end, #months)?;
                }
            });
        }
    }
    if !per_value.is_empty() {
        out.push(match shape {
            Shape::One => quote! { { let v = #borrowed; #(#per_value)* } },
            Shape::Optional => quote! { if let ::std::option::Option::Some(v) = #borrowed { #(#per_value)* } },
            Shape::Many | Shape::Array => quote! { for v in #borrowed { #(#per_value)* } },
        });
    }
    if nested
        && let TypeRef::Named(id) = ty
        && matches!(ctx.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Complex(_) | TypeKind::Choice(_)))
        && (ctx.rest.json.contains(&id.0) || ctx.xml_validated.contains(&id.0))
    {
        out.push(quote! { ::wsbind::rest::Validate::validate(#borrowed)?; });
    }
    out
}

/// `Validate` of an XML record: the limit checks of its elements, attributes and text (wildcards
/// carry no limits).
fn xml_validate_impl(ctx: &Ctx, id: TypeId, c: &ComplexType) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let mut checks = Vec::new();
    for (n, f) in c.fields.iter().enumerate() {
        if !matches!(f.kind, FieldKind::Element | FieldKind::Attribute | FieldKind::Text | FieldKind::Choice) {
            continue;
        }
        checks.extend(field_checks(ctx, &plan.fields[n], f));
    }
    validate_impl(&ctx.type_ident(id), checks)
}

/// The limit checks of record field `f` (Rust name `rust_name`), nested records' included.
fn field_checks(ctx: &Ctx, rust_name: &str, f: &Field) -> Vec<TokenStream> {
    let fname = names::ident(rust_name);
    let limits = lower::checked_limits(ctx.model, &f.limits, &f.ty);
    let access = Access::Place(quote! { self.#fname });
    limit_checks(ctx, &f.name, &access, lower::shape(f), &f.ty, &limits, true)
}

/// `Validate` of a choice (XML, or a JSON sum): the limit checks of the alternative it holds.
fn choice_validate_impl(ctx: &Ctx, id: TypeId, c: &ChoiceType) -> TokenStream {
    let plan = &ctx.plan.types[id.0];
    let mut arms = Vec::new();
    for (n, f) in c.variants.iter().enumerate() {
        let variant = names::ident(&plan.fields[n]);
        let shape = if f.occurs.is_repeated() || f.array_item.is_some() { Shape::Many } else { Shape::One };
        let limits = lower::checked_limits(ctx.model, &f.limits, &f.ty);
        let checks = limit_checks(ctx, &f.name, &Access::Ref(quote! { value }), shape, &f.ty, &limits, true);
        arms.push(if checks.is_empty() {
            quote! { Self::#variant(_) => {} }
        } else {
            quote! { Self::#variant(value) => { #(#checks)* } }
        });
    }
    if lower::unknown_case(c, super::xml_attrs::travels_as_xml(ctx, id)).is_some() {
        arms.push(quote! { Self::Unknown(_) => {} });
    }
    let ident = ctx.type_ident(id);
    quote! {
        impl ::wsbind::rest::Validate for #ident {
            fn validate(&self) -> ::std::result::Result<(), ::wsbind::Error> {
                match self {
                    #(#arms)*
                }
                ::std::result::Result::Ok(())
            }
        }
    }
}

fn validate_impl(ident: &proc_macro2::Ident, checks: Vec<TokenStream>) -> TokenStream {
    if checks.is_empty() {
        return quote! { impl ::wsbind::rest::Validate for #ident {} };
    }
    quote! {
        impl ::wsbind::rest::Validate for #ident {
            fn validate(&self) -> ::std::result::Result<(), ::wsbind::Error> {
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// REST impls of one type: serde of JSON enums, `Validate` of JSON structs and of the XML records
/// SOAP / ASMX HTTP requests reach.
pub fn type_impls(ctx: &Ctx, id: TypeId) -> Result<TokenStream, Error> {
    if !ctx.rest.json.contains(&id.0) {
        return Ok(match &ctx.model.ty(id).kind {
            TypeKind::Complex(c) if ctx.xml_validated.contains(&id.0) => xml_validate_impl(ctx, id, c),
            TypeKind::Choice(c) if ctx.xml_validated.contains(&id.0) => choice_validate_impl(ctx, id, c),
            _ => quote! {},
        });
    }
    let t = ctx.model.ty(id);
    let ident = ctx.type_ident(id);
    match &t.kind {
        TypeKind::Enum(_) => Ok(quote! {
            impl ::wsbind::__private::serde::Serialize for #ident {
                fn serialize<S: ::wsbind::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    ::wsbind::rest::text_serde::serialize(self, s)
                }
            }

            impl<'de> ::wsbind::__private::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::wsbind::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    ::wsbind::rest::text_serde::deserialize(d)
                }
            }
        }),
        TypeKind::Complex(c) => {
            let plan = &ctx.plan.types[id.0];
            let mut checks = Vec::new();
            for (n, f) in c.fields.iter().enumerate() {
                let flattened = f.kind == FieldKind::Any && matches!(f.ty, TypeRef::Named(_));
                if !flattened && f.kind != FieldKind::Element && f.kind != FieldKind::Attribute {
                    return Err(Error::Unsupported {
                        item: t.name.local.clone(),
                        what: format!("field `{}` (text content or wildcard) in a JSON body", f.name),
                    });
                }
                if resolve_builtin(ctx, &f.ty) == Some(Builtin::AnyType) {
                    return Err(Error::Unsupported {
                        item: t.name.local.clone(),
                        what: format!("field `{}` of any type in a JSON body", f.name),
                    });
                }
                checks.extend(field_checks(ctx, &plan.fields[n], f));
            }
            Ok(validate_impl(&ident, checks))
        }
        TypeKind::Choice(c) if c.is_json() => {
            let serde = super::sums::serde_impls(ctx, id);
            let validate = choice_validate_impl(ctx, id, c);
            Ok(quote! { #serde #validate })
        }
        TypeKind::Choice(_) => {
            Err(Error::Unsupported { item: t.name.local.clone(), what: "an XML choice in a JSON body".to_owned() })
        }
        TypeKind::Simple(_) | TypeKind::Container(_) => Ok(quote! {}),
    }
}

/// All REST client items of the module: per service, the client and its `ops`, and the
/// constructor that needs the default transport.
pub fn emit(ctx: &Ctx) -> Result<Vec<Item>, Error> {
    let mut items = Vec::new();
    for (&si, names_) in &ctx.rest.clients {
        let service = &ctx.model.services[si];
        let (client, constructor) = service_client(ctx, si, service, names_)?;
        items.push(Item::new(&service.name, client));
        items.push(Item::reqwest_only(&service.name, constructor));
    }
    Ok(items)
}

fn method_tokens(m: HttpMethod) -> (TokenStream, &'static str) {
    match m {
        HttpMethod::Get => (quote! { ::wsbind::rest::HttpMethod::Get }, "GET"),
        HttpMethod::Post => (quote! { ::wsbind::rest::HttpMethod::Post }, "POST"),
        HttpMethod::Put => (quote! { ::wsbind::rest::HttpMethod::Put }, "PUT"),
        HttpMethod::Patch => (quote! { ::wsbind::rest::HttpMethod::Patch }, "PATCH"),
        HttpMethod::Delete => (quote! { ::wsbind::rest::HttpMethod::Delete }, "DELETE"),
        HttpMethod::Head => (quote! { ::wsbind::rest::HttpMethod::Head }, "HEAD"),
        HttpMethod::Options => (quote! { ::wsbind::rest::HttpMethod::Options }, "OPTIONS"),
        HttpMethod::Trace => (quote! { ::wsbind::rest::HttpMethod::Trace }, "TRACE"),
    }
}

/// A client-level parameter as the client builder holds it: a field and setter named after the
/// parameter ([`builder_setters`]), applied through the client's `set_` method when the client is
/// built.
struct BuilderParam {
    /// The parameter's snake-case name ([`ParamSetters::base`]).
    base: String,
    /// The setter's argument type and how it becomes the field's value.
    arg: TokenStream,
    stored: TokenStream,
    convert: TokenStream,
    set: proc_macro2::Ident,
    doc: TokenStream,
}

/// Setters (and remover) of one client-level parameter named by [`param_setters`], and how the
/// builder holds it.
fn client_param(ctx: &Ctx, p: &Param, setters: &ParamSetters) -> (TokenStream, BuilderParam) {
    let wire = p.name.as_str();
    let is_str = setters.takes_string;
    let (arg, value) = if is_str {
        (
            quote! { impl ::std::convert::Into<::std::string::String> },
            quote! { let value: ::std::string::String = value.into(); },
        )
    } else {
        let ty = ctx.rust_type(&p.ty);
        (quote! { #ty }, quote! {})
    };
    // A header, or else a JSON body property (`param_setters` gives no setters for the others).
    let (set_call, remove) = if p.location == ParamLocation::Header {
        let v = if is_str {
            quote! { value }
        } else {
            quote! { ::wsbind::xml::Text::to_text(&value).into_owned() }
        };
        let call = if p.secret {
            quote! { self.inner.set_secret_header(#wire, #v); }
        } else {
            quote! { self.inner.set_header(#wire, #v); }
        };
        (call, quote! { self.inner.remove_header(#wire); })
    } else {
        let call = if p.secret {
            quote! { self.inner.set_secret_body_param(#wire, &value); }
        } else {
            quote! { self.inner.set_body_param(#wire, &value); }
        };
        (call, quote! { self.inner.remove_body_param(#wire); })
    };
    let set = names::ident(&setters.set);
    let with = names::ident(&setters.with);
    let (stored, convert) = if is_str {
        (quote! { ::std::string::String }, quote! { value.into() })
    } else {
        let ty = ctx.rust_type(&p.ty);
        (quote! { #ty }, quote! { value })
    };
    let where_ = match p.location {
        ParamLocation::Header => format!("the header {}", docs::code(wire)),
        _ => format!("the JSON body property {}", docs::code(wire)),
    };
    let mut set_doc = Doc::new();
    set_doc.prose(p.doc.as_deref());
    set_doc.line(format!("Sends {where_} with every operation."));
    if p.secret {
        set_doc.line("Secret: redacted in `Debug` output and error messages.");
    }
    if p.required {
        set_doc.line("Required by the service.");
    }
    let set_doc = set_doc.outer();
    let builder = BuilderParam {
        base: setters.base.clone(),
        arg: arg.clone(),
        stored,
        convert,
        set: set.clone(),
        doc: set_doc.clone(),
    };
    let with_doc = Doc::new().line(format!("This client, sending {where_} with every operation.")).outer();
    let mut out = quote! {
        #set_doc
        pub fn #set(&mut self, value: #arg) {
            #value
            #set_call
        }
        #with_doc
        pub fn #with(mut self, value: #arg) -> Self {
            self.#set(value);
            self
        }
    };
    if let Some(clear) = &setters.clear {
        let clear = names::ident(clear);
        let doc = Doc::new().line(format!("Stops sending {where_}.")).outer();
        out.extend(quote! {
            #doc
            pub fn #clear(&mut self) {
                #remove
            }
        });
    }
    (out, builder)
}

/// `Client::builder` and the `ClientBuilder` of a REST client: the transport or the default
/// transport's timeouts, the client-level parameters (credentials) and the reply format, set once.
fn builder_tokens(
    client: &proc_macro2::Ident,
    builder: &proc_macro2::Ident,
    client_name: &str,
    params: &[BuilderParam],
    any_xml: bool,
    (credentials, credential_methods): (&[CredentialSetter], TokenStream),
) -> TokenStream {
    let idents: Vec<proc_macro2::Ident> = builder_setters(params.iter().map(|p| p.base.as_str()), any_xml, credentials)
        .iter()
        .map(|n| names::ident(n))
        .collect();
    let fields = params.iter().zip(&idents).map(|(p, field)| {
        let stored = &p.stored;
        quote! { #field: ::std::option::Option<#stored>, }
    });
    let inits = idents.iter().map(|field| {
        quote! { #field: ::std::option::Option::None, }
    });
    let setters = params.iter().zip(&idents).map(|(p, field)| {
        let BuilderParam { arg, convert, doc, .. } = p;
        quote! {
            #doc
            pub fn #field(mut self, value: #arg) -> Self {
                self.#field = ::std::option::Option::Some(#convert);
                self
            }
        }
    });
    let applies = params.iter().zip(&idents).map(|(p, field)| {
        let set = &p.set;
        quote! {
            if let ::std::option::Option::Some(value) = self.#field {
                client.#set(value);
            }
        }
    });
    let (format_field, format_init, format_setter, format_apply) = if any_xml {
        (
            quote! { format: ::std::option::Option<::wsbind::rest::Format>, },
            quote! { format: ::std::option::Option::None, },
            quote! {
                /// Asks for replies in `format` (JSON by default); both decode to the same types.
                pub fn format(mut self, format: ::wsbind::rest::Format) -> Self {
                    self.format = ::std::option::Option::Some(format);
                    self
                }
            },
            quote! {
                if let ::std::option::Option::Some(format) = self.format {
                    client.set_format(format);
                }
            },
        )
    } else {
        (quote! {}, quote! {}, quote! {}, quote! {})
    };
    let doc = format!(
        " Builds a [`{client_name}`]: transport or the default transport's timeouts, and the client-level \
         parameters, set once."
    );
    quote! {
        impl #client {
            /// Starts building a client for `address` (see the builder's methods).
            pub fn builder(address: impl ::std::convert::Into<::std::string::String>) -> #builder {
                #builder { config: ::wsbind::client::ClientConfig::new(address), #format_init #(#inits)* }
            }
        }

        #[doc = #doc]
        #[derive(Clone, Debug)]
        #[must_use]
        pub struct #builder {
            config: ::wsbind::client::ClientConfig,
            #format_field
            #(#fields)*
        }

        impl #builder {
            ::wsbind::client_builder_methods!(rest);
            #format_setter
            #credential_methods
            #(#setters)*
            /// The client, or [`::wsbind::Error::Unsupported`] when the settings contradict
            /// each other (timeouts with a transport of your own; no transport without the
            /// runtime's `reqwest` feature).
            pub fn build(self) -> ::std::result::Result<#client, ::wsbind::Error> {
                let mut client = #client::with_transport(self.config.address(), self.config.transport()?);
                self.config.apply_rest(&mut client.inner);
                #format_apply
                #(#applies)*
                ::std::result::Result::Ok(client)
            }
        }
    }
}

/// Wire names of secret fields reachable from `roots` that the runtime name rule misses.
pub(super) fn secret_names(ctx: &Ctx, roots: &[TypeRef]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<TypeRef> = roots.to_vec();
    let mut out = BTreeSet::new();
    while let Some(ty) = todo.pop() {
        let TypeRef::Named(id) = ty else { continue };
        if !seen.insert(id.0) {
            continue;
        }
        if let Some(TypeKind::Complex(c)) = ctx.model.types.get(id.0).map(|t| &t.kind) {
            for f in &c.fields {
                if f.secret && !secrets::is_secret(&f.name, &[]) {
                    out.insert(f.name.clone());
                }
                todo.push(f.ty.clone());
            }
        }
    }
    out.into_iter().collect()
}

/// The synthesised request struct of an operation with parameters.
struct Synth {
    ident: proc_macro2::Ident,
    has_query: bool,
    has_headers: bool,
    has_path: bool,
    has_cookies: bool,
    tokens: TokenStream,
}

fn param_field_type(ctx: &Ctx, p: &Param) -> TokenStream {
    let ty = ctx.rust_type(&p.ty);
    if p.array.is_some() {
        quote! { ::std::vec::Vec<#ty> }
    } else if p.required || p.location == ParamLocation::Path {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

/// The request struct `name` of an operation whose parameters [`lower::rest_skipped`] accepts,
/// with its fields `fields` (one per parameter, then the body's).
fn synth_request(
    ctx: &Ctx,
    op: &Operation,
    rest: &RestBinding,
    name: &str,
    fields: &[String],
    encoding: &RequestEncoding,
    json_params: &[bool],
) -> Synth {
    let ident = names::ident(name);
    let mut defs = Vec::new();
    let mut debug = Vec::new();
    let mut checks = Vec::new();
    let mut lists: BTreeMap<u8, (Vec<TokenStream>, Vec<TokenStream>)> = BTreeMap::new();
    // No `Default` when a value is required (see `lower::is_constructor_param`).
    let mut default = true;
    let mut described = Vec::new();
    for ((p, fname), &json) in rest.params.iter().zip(fields).zip(json_params) {
        let fname = names::ident(fname);
        // The lexical form of one value: its text, or its JSON text (`RestOperation::json_params`).
        let lexical = |value: TokenStream| {
            if json {
                quote! { ::wsbind::rest::json_text(#value) }
            } else {
                quote! { ::wsbind::xml::Text::to_text(#value).into_owned() }
            }
        };
        let join = if json {
            quote! { ::wsbind::rest::join_json }
        } else {
            quote! { ::wsbind::rest::join_values }
        };
        let label = names::unraw(&fname.to_string()).to_owned();
        let ty = param_field_type(ctx, p);
        let required = (p.required || p.location == ParamLocation::Path) && p.array.is_none();
        default &= !required;
        let (kind, key) = match p.location {
            ParamLocation::Query => ("Query", 0u8),
            ParamLocation::Header => ("Header", 1),
            ParamLocation::Path => ("Path", 2),
            ParamLocation::Cookie => ("Cookie", 3),
            ParamLocation::Body => unreachable!("`lower::rest_skipped` skips body parameters"),
        };
        described.push(format!("{} {}", kind.to_lowercase(), docs::code(&p.name)));
        let mut fdoc = Doc::new();
        fdoc.prose(p.doc.as_deref());
        fdoc.line(format!("{kind} parameter {}{}.", docs::code(&p.name), if required { " (required)" } else { "" }));
        if json {
            fdoc.line("Sent as its JSON text.");
        }
        if p.secret {
            fdoc.line("Secret: redacted in `Debug` output and error messages.");
        }
        let fdoc = fdoc.outer();
        let setter = types::constructor_attr(ctx, &fname.to_string(), &FieldKind::Element, &p.ty, false);
        defs.push(quote! { #fdoc #setter pub #fname: #ty, });
        debug.push(if p.secret {
            quote! { .field(#label, &::wsbind::redact::Redacted(&self.#fname)) }
        } else {
            quote! { .field(#label, &self.#fname) }
        });
        let shape = match p.array {
            Some(_) => Shape::Many,
            None if required => Shape::One,
            None => Shape::Optional,
        };
        let limits = lower::checked_limits(ctx.model, &p.limits, &p.ty);
        checks.extend(limit_checks(ctx, &p.name, &Access::Place(quote! { self.#fname }), shape, &p.ty, &limits, false));
        let wire = p.name.as_str();
        let entry = lists.entry(key).or_default();
        if let Some(style) = p.array {
            // An empty array is left out, but in the path (where the placeholder needs a value).
            match style.separator() {
                None => {
                    let value = lexical(quote! { v });
                    entry.1.push(quote! {
                        for v in &self.#fname {
                            out.push((#wire, #value));
                        }
                    })
                }
                Some(sep) if p.location == ParamLocation::Path => {
                    entry.0.push(quote! { (#wire, #join(&self.#fname, #sep)) })
                }
                Some(sep) => entry.1.push(quote! {
                    if !self.#fname.is_empty() {
                        out.push((#wire, #join(&self.#fname, #sep)));
                    }
                }),
            }
        } else if required {
            let value = lexical(quote! { &self.#fname });
            entry.0.push(quote! { (#wire, #value) });
        } else {
            let value = lexical(quote! { v });
            entry.1.push(quote! {
                if let ::std::option::Option::Some(v) = &self.#fname {
                    out.push((#wire, #value));
                }
            });
        }
    }
    if let Some(body) = &rest.request_body {
        let fname = names::ident(&fields[rest.params.len()]);
        let ty = ctx.rust_type(&body.ty);
        default = false;
        let doc = Doc::new().line(encoding.doc()).outer();
        defs.push(quote! {
            #doc
            pub #fname: #ty,
        });
        debug.push(quote! { .field("body", &self.#fname) });
        if let TypeRef::Named(id) = body.ty
            && ctx.rest.json.contains(&id.0)
            && matches!(ctx.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Complex(_) | TypeKind::Choice(_)))
        {
            checks.push(quote! { ::wsbind::rest::Validate::validate(&self.#fname)?; });
        }
    }
    let mut methods = Vec::new();
    for (key, (required, optional)) in &lists {
        let (fn_name, what) = match key {
            0 => ("query_params", "Query parameters: wire name and lexical value; absent values left out."),
            1 => ("header_params", "Header parameters: wire name and lexical value; absent values left out."),
            2 => ("path_params", "Path parameters: wire name and lexical value."),
            _ => ("cookie_params", "Cookies: name and lexical value; absent values left out."),
        };
        let f = names::ident(fn_name);
        let what = format!(" {what}");
        let body = if optional.is_empty() {
            quote! { ::std::vec::Vec::from([#(#required),*]) }
        } else if required.is_empty() {
            quote! { let mut out = ::std::vec::Vec::new(); #(#optional)* out }
        } else {
            quote! { let mut out = ::std::vec::Vec::from([#(#required),*]); #(#optional)* out }
        };
        methods.push(quote! {
            #[doc = #what]
            pub fn #f(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                #body
            }
        });
    }
    let mut doc = Doc::new();
    doc.line(format!("Request of operation {}: {}.", docs::code(&op.name), described.join(", ")));
    let doc = doc.outer();
    let secret = rest.params.iter().any(|p| p.secret);
    let redacted = secret.then_some(debug.as_slice());
    let derives = [quote! { ::wsbind::Constructors }];
    let def = types::struct_def(doc, &derives, quote! {}, &ident, &defs, default, redacted);
    let validate = validate_impl(&ident, checks);
    let tokens = quote! {
        #def
        impl #ident { #(#methods)* }
        #validate
    };
    Synth {
        ident,
        has_query: lists.contains_key(&0),
        has_headers: lists.contains_key(&1),
        has_path: lists.contains_key(&2),
        has_cookies: lists.contains_key(&3),
        tokens,
    }
}

/// The in-body status check of a reply bound to `reply`, along the path the lowering found
/// ([`lower::status_path`]).
fn status_check(ctx: &Ctx, path: &lower::StatusPath) -> TokenStream {
    let ident = |s: &lower::StatusStep| names::ident(&ctx.plan.types[s.record.0].fields[s.field]);
    // Bindings b0, b1, ... for optional steps.
    let mut cur = quote! { reply };
    let mut wrappers = Vec::new();
    for (i, step) in path.block.iter().enumerate() {
        let field = ident(step);
        if step.optional {
            let b = names::ident(&format!("status_{i}"));
            wrappers.push((b.clone(), quote! { &#cur.#field }));
            cur = quote! { #b };
        } else {
            cur = quote! { #cur.#field };
        }
    }
    let prop = |step: &Option<lower::StatusStep>| match step {
        None => quote! { ::std::option::Option::None },
        Some(s) => {
            let field = ident(s);
            if s.optional {
                quote! { #cur.#field.as_deref() }
            } else {
                quote! { ::std::option::Option::Some(#cur.#field.as_str()) }
            }
        }
    };
    let (code, message) = (prop(&path.code), prop(&path.message));
    let mut body = quote! { ::wsbind::rest::check_reply_status(200, #code, #message)?; };
    for (b, expr) in wrappers.into_iter().rev() {
        body = quote! { if let ::std::option::Option::Some(#b) = #expr { #body } };
    }
    body
}

struct OpItems {
    methods: TokenStream,
    constant: TokenStream,
    extra: TokenStream,
}

#[allow(clippy::too_many_arguments)]
fn rest_operation(
    ctx: &Ctx,
    key: (usize, usize),
    service: &Service,
    op: &Operation,
    rest: &RestBinding,
    ops_mod: &proc_macro2::Ident,
    names: Option<&RestOperation>,
    schemes: &[Option<String>],
) -> Option<OpItems> {
    let Some(names) = names else {
        // Said in the module documentation (`lower::module_notes`).
        return None;
    };
    let reply = success(rest).and_then(|r| r.body.as_ref());
    let (reply_call, accept) = &names.reply;
    let call = names::ident(reply_call.method());
    let resp_ty = reply.map_or_else(|| quote! { () }, |body| ctx.rust_type(&body.ty));
    let xml_response = match reply.and_then(|body| body.xml_root.as_ref().filter(|_| xml_reply(body))) {
        Some(root) => {
            let name = ctx.name_expr(root.ns.as_deref(), &root.local, true);
            quote! { ::std::option::Option::Some(#name) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let accept = match accept {
        Some(a) => quote! { ::std::option::Option::Some(#a) },
        None => quote! { ::std::option::Option::None },
    };
    let encoding = match &names.encoding {
        RequestEncoding::Json => quote! { ::wsbind::rest::BodyEncoding::Json },
        RequestEncoding::Form => quote! { ::wsbind::rest::BodyEncoding::Form },
        RequestEncoding::Multipart => quote! { ::wsbind::rest::BodyEncoding::Multipart },
        RequestEncoding::Text(m) => quote! { ::wsbind::rest::BodyEncoding::Text(#m) },
        RequestEncoding::Binary(m) => quote! { ::wsbind::rest::BodyEncoding::Binary(#m) },
    };
    let synth = ctx
        .rest
        .requests
        .get(&key)
        .map(|name| synth_request(ctx, op, rest, name, &names.request_fields, &names.encoding, &names.json_params));
    let method = names::ident(&names.method);
    let constant = names::ident(&names.constant);
    let (method_tok, verb) = method_tokens(rest.method);
    let wire = op.name.as_str();
    let path = rest.path.as_str();

    // Request argument, body expression and call parameters.
    let (arg, body_expr, params, validate) = match (&synth, &rest.request_body) {
        (Some(s), body) => {
            let ident = &s.ident;
            let body_expr = if body.is_some() {
                quote! { ::std::option::Option::Some(&request.body) }
            } else {
                quote! { ::std::option::Option::None::<&()> }
            };
            let mut lets = Vec::new();
            let mut fields = Vec::new();
            if s.has_path {
                lets.push(quote! { let path = request.path_params(); });
                fields.push(quote! { path: &path, });
            }
            if s.has_query {
                lets.push(quote! { let query = request.query_params(); });
                fields.push(quote! { query: &query, });
            }
            if s.has_headers {
                lets.push(quote! { let headers = request.header_params(); });
                fields.push(quote! { headers: &headers, });
            }
            if s.has_cookies {
                lets.push(quote! { let cookies = request.cookie_params(); });
                fields.push(quote! { cookies: &cookies, });
            }
            let all = s.has_path && s.has_query && s.has_headers && s.has_cookies;
            let rest_default = if all {
                quote! {}
            } else {
                quote! { ..::std::default::Default::default() }
            };
            let params = quote! {
                #(#lets)*
                let params = ::wsbind::rest::CallParams { #(#fields)* #rest_default };
            };
            (quote! { , request: &#ident }, body_expr, params, quote! { ::wsbind::rest::Validate::validate(request)?; })
        }
        (None, Some(body)) => {
            let ty = ctx.rust_type(&body.ty);
            let validate = if matches!(body.ty, TypeRef::Named(id) if ctx.rest.json.contains(&id.0)
                && matches!(ctx.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Complex(_) | TypeKind::Choice(_))))
            {
                quote! { ::wsbind::rest::Validate::validate(request)?; }
            } else {
                quote! {}
            };
            (
                quote! { , request: &#ty },
                quote! { ::std::option::Option::Some(request) },
                quote! { let params = ::wsbind::rest::CallParams::default(); },
                validate,
            )
        }
        (None, None) => (
            quote! {},
            quote! { ::std::option::Option::None::<&()> },
            quote! { let params = ::wsbind::rest::CallParams::default(); },
            quote! {},
        ),
    };
    let check = names.status.as_ref().map(|path| status_check(ctx, path));
    let call_expr = quote! { self.inner.#call(&#ops_mod::#constant, params, #body_expr).await };
    let call_body = match &check {
        Some(check) => quote! {
            let reply: #resp_ty = #call_expr?;
            #check
            ::std::result::Result::Ok(reply)
        },
        None => call_expr,
    };
    let mut doc = Doc::new();
    doc.prose(op.doc.as_deref());
    doc.line(format!("`{verb} {}` (operation {}).", docs::escape_line(path), docs::code(wire)));
    if *reply_call == ReplyCall::Either {
        doc.line("The reply is asked for in the client's format (see `set_format`).");
    }
    if check.is_some() {
        doc.line("A reply whose status block reports an error is returned as `Error::Api`.");
    }
    doc.line("Documented limits are checked first: a request breaking one gives `Error::Invalid` and is not sent.");
    error_docs(ctx, &names.errors, &mut doc);
    security_docs(service, &names.security, &mut doc);
    let doc = doc.outer();
    let mut method_items = quote! {
        #doc
        pub async fn #method(&self #arg) -> ::std::result::Result<#resp_ty, ::wsbind::Error> {
            #validate
            #params
            #call_body
        }
    };

    // Pagination.
    let mut pagination = quote! { ::std::option::Option::None };
    if let Some(p) = &rest.pagination {
        let strs = |v: &[String]| {
            let v = v.iter().map(String::as_str);
            quote! { &[#(#v),*] }
        };
        let (rc, rn, sc, si_) =
            (strs(&p.request_cursor), strs(&p.request_count), strs(&p.response_cursor), strs(&p.response_items));
        pagination = quote! {
            ::std::option::Option::Some(::wsbind::rest::CursorPaging {
                request_cursor: #rc,
                request_count: #rn,
                response_cursor: #sc,
                response_items: #si_,
            })
        };
        // A paginated operation without a stream is said in the module documentation.
        if let Some((stream, item)) = &names.stream {
            let stream = names::ident(stream);
            let item = ctx.rust_type(item);
            let req_ty = match &synth {
                Some(s) => {
                    let i = &s.ident;
                    quote! { #i }
                }
                None => match &rest.request_body {
                    Some(b) => ctx.rust_type(&b.ty),
                    None => quote! { () },
                },
            };
            let (path_arg, body_arg) = match &synth {
                Some(s) if s.has_path => (quote! { &request.path_params() }, quote! { &request.body }),
                Some(_) => (quote! { &[] }, quote! { &request.body }),
                None => (quote! { &[] }, quote! { request }),
            };
            let doc = Doc::new()
                .line(format!(
                    "The items of every page of {}: starts from the request's own cursor and page size, \
                     then follows the reply cursor until the last page.",
                    docs::code(wire)
                ))
                .line("Limits are checked first; an error ends the stream.")
                .outer();
            method_items.extend(quote! {
                #doc
                pub fn #stream<'s>(&'s self, request: &#req_ty)
                    -> impl ::wsbind::rest::Stream<Item = ::std::result::Result<#item, ::wsbind::Error>> + Send + use<'s> {
                    self.inner.paginate_json(&#ops_mod::#constant, #path_arg, #body_arg, ::wsbind::rest::Validate::validate(request))
                }
            });
        }
    }

    let mut roots = Vec::new();
    if let Some(b) = &rest.request_body {
        roots.push(b.ty.clone());
    }
    if let Some(b) = reply {
        roots.push(b.ty.clone());
    }
    let secret_list = secret_names(ctx, &roots);
    let security = security_table(&names.security, schemes);
    let errors = error_table(&names.errors);
    let const_doc = format!(" {wire}: `{verb} {path}`.");
    let constant_tokens = quote! {
        #[doc = #const_doc]
        pub const #constant: ::wsbind::rest::RestOp = ::wsbind::rest::RestOp {
            name: #wire,
            method: #method_tok,
            path: #path,
            xml_response: #xml_response,
            pagination: #pagination,
            secret_names: &[#(#secret_list),*],
            security: #security,
            errors: #errors,
            body: #encoding,
            accept: #accept,
        };
    };
    Some(OpItems {
        methods: method_items,
        constant: constant_tokens,
        extra: synth.map(|s| s.tokens).unwrap_or_default(),
    })
}

fn service_client(
    ctx: &Ctx,
    si: usize,
    service: &Service,
    (client, ops, default_address): &(String, String, String),
) -> Result<(TokenStream, TokenStream), Error> {
    let service_name = service.name.as_str();
    let builder_name = rest_builder_name(client);
    let client_name = client.clone();
    let client = names::ident(client);
    let ops_mod = names::ident(ops);
    let default_address = names::ident(default_address);
    let mut out = TokenStream::new();
    if let Some(endpoint) = service.endpoints.first() {
        let addr = endpoint.address.as_str();
        let doc = Doc::new()
            .line(format!("Default address (first server of the OpenAPI file): {}.", docs::code(addr)))
            .outer();
        out.extend(quote! { #doc pub const #default_address: &str = #addr; });
    }
    let lowered = &ctx.methods.rest[&si];
    let mut param_methods = Vec::new();
    let mut builder_params = Vec::new();
    // A parameter without setters is said in the module documentation (`lower::module_notes`).
    for (p, setters) in service.client_params.iter().zip(&lowered.params) {
        if let Some(setters) = setters {
            let (tokens, builder) = client_param(ctx, p, setters);
            param_methods.push(tokens);
            builder_params.push(builder);
        }
    }
    let mut op_methods = Vec::new();
    let mut op_consts = Vec::new();
    let mut extras = Vec::new();
    let any_xml = lowered.any_xml;
    for (oi, op) in service.operations.iter().enumerate() {
        let Some(rest) = &op.rest else { continue };
        let names_ = lowered.operations.get(&oi);
        if let Some(items) = rest_operation(ctx, (si, oi), service, op, rest, &ops_mod, names_, &lowered.schemes) {
            op_methods.push(items.methods);
            op_consts.push(items.constant);
            extras.push(items.extra);
        }
    }
    let format_methods = if any_xml {
        quote! {
            /// Asks for replies in `format` (JSON by default); both decode to the same types.
            pub fn set_format(&mut self, format: ::wsbind::rest::Format) {
                self.inner.set_format(format);
            }
            /// This client, asking for replies in `format`.
            pub fn with_format(mut self, format: ::wsbind::rest::Format) -> Self {
                self.inner.set_format(format);
                self
            }
            /// The format replies are asked for in.
            pub fn format(&self) -> ::wsbind::rest::Format {
                self.inner.format()
            }
        }
    } else {
        quote! {}
    };
    op_consts.extend(scheme_constants(service, &lowered.schemes));
    let credentials = credential_setters(service, &lowered.credentials);
    let builder = builder_tokens(
        &client,
        &names::ident(&builder_name),
        &client_name,
        &builder_params,
        any_xml,
        (&lowered.credentials, credentials),
    );
    let mut client_doc = Doc::new();
    client_doc.line(format!(
        "Client of the {} REST service. Client-level parameters are set once (`set_...` / `with_...`) and \
         sent with every operation; `Debug` never shows secret values.",
        docs::code(&service.name)
    ));
    let client_doc = client_doc.outer();
    let ops_doc = format!(" The static description of each operation of the `{}` service.", service.name);
    out.extend(quote! {
        #(#extras)*

        #builder

        #client_doc
        #[derive(Clone, Debug)]
        pub struct #client {
            inner: ::wsbind::rest::RestClient,
        }

        impl #client {
            /// A client for `address` that sends its requests through `transport`.
            pub fn with_transport(
                address: impl ::std::convert::Into<::std::string::String>,
                transport: ::std::sync::Arc<dyn ::wsbind::transport::Transport>,
            ) -> Self {
                let mut inner = ::wsbind::rest::RestClient::with_transport(address, transport);
                inner.set_service_name(#service_name);
                Self { inner }
            }

            /// The base address requests are sent to.
            pub fn address(&self) -> &str {
                self.inner.base()
            }

            ::wsbind::client_methods!();

            #(#param_methods)*
            #format_methods
            #(#op_methods)*
        }

        #[doc = #ops_doc]
        pub mod #ops_mod {
            #(#op_consts)*
        }
    });
    let constructor = quote! {
        impl #client {
            /// A client for `address` with the default transport (reqwest; the runtime's `reqwest`
            /// feature).
            pub fn new(address: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self::with_transport(address, ::std::sync::Arc::new(::wsbind::transport::ReqwestTransport::new()))
            }
        }
    };
    Ok((out, constructor))
}

/// `ErrorStatus` of a declared status.
fn status_tokens(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(n) => {
            let n = Literal::u16_unsuffixed(n);
            quote! { ::wsbind::rest::ErrorStatus::Code(#n) }
        }
        StatusMatch::Range(d) => {
            let d = Literal::u16_unsuffixed(d);
            quote! { ::wsbind::rest::ErrorStatus::Range(#d) }
        }
        StatusMatch::Default => quote! { ::wsbind::rest::ErrorStatus::Default },
    }
}

/// The `errors` table of a `RestOp`: the statuses of the declared error replies the lowering kept.
fn error_table(errors: &[ErrorReply]) -> TokenStream {
    let statuses = errors.iter().map(|e| status_tokens(e.status));
    quote! { &[#(#statuses),*] }
}

/// The `security` table of a `RestOp`: per alternative, the scheme constants of the `ops` module.
fn security_table(security: &[Vec<usize>], schemes: &[Option<String>]) -> TokenStream {
    let alternatives = security.iter().map(|req| {
        let refs = req.iter().filter_map(|i| schemes.get(*i).cloned().flatten()).map(|c| {
            let c = names::ident(&c);
            quote! { &#c }
        });
        quote! { &[#(#refs),*] }
    });
    quote! { &[#(#alternatives),*] }
}

/// The documentation of an operation's typed error replies: which type `err.api_error::<T>()`
/// takes, per type the statuses that carry it (`Error` (HTTP 400, 429), `Problem` (any other
/// status, `default`)).
fn error_docs(ctx: &Ctx, errors: &[ErrorReply], doc: &mut Doc) {
    let mut by_type: Vec<(String, Vec<String>)> = Vec::new();
    for e in errors {
        let ty = match &e.ty {
            TypeRef::Named(id) => names::unraw(&ctx.plan.types[id.0].name).to_owned(),
            TypeRef::Builtin(_) => ctx.rust_type(&e.ty).to_string().replace(' ', ""),
        };
        let status = match e.status {
            StatusMatch::Code(n) => n.to_string(),
            StatusMatch::Range(d) => format!("{d}XX"),
            StatusMatch::Default => "any other status (`default`)".to_owned(),
        };
        match by_type.iter_mut().find(|(t, _)| *t == ty) {
            Some((_, statuses)) => statuses.push(status),
            None => by_type.push((ty, vec![status])),
        }
    }
    if by_type.is_empty() {
        return;
    }
    let types: Vec<String> = by_type
        .iter()
        .map(|(ty, statuses)| {
            let http = if statuses[0].starts_with("any") { "" } else { "HTTP " };
            format!("`{ty}` ({http}{})", statuses.join(", "))
        })
        .collect();
    doc.line(format!(
        "Declared error replies come back as `Error::Api` keeping their JSON body, decoded by \
         `err.api_error::<T>()` with `T` = {}.",
        types.join(", ")
    ));
}

/// How one scheme reads in documentation: its name and what it sends.
fn scheme_text(service: &Service, i: usize) -> String {
    let Some(s) = service.security_schemes.get(i) else { return String::new() };
    let what = match &s.kind {
        SecurityKind::ApiKey { location, param } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            format!("API key in {place} {}", docs::code(param))
        }
        SecurityKind::Basic => "HTTP basic".to_owned(),
        SecurityKind::Bearer { flows, .. } if flows.is_empty() => "bearer token".to_owned(),
        SecurityKind::Bearer { flows, .. } => format!("bearer token ({})", flows.join(", ")),
        SecurityKind::Unsupported { what } => what.clone(),
    };
    format!("{} ({what})", docs::code(&s.name))
}

/// The documentation of an operation's security: its alternatives.
fn security_docs(service: &Service, security: &[Vec<usize>], doc: &mut Doc) {
    if security.is_empty() {
        return;
    }
    let alternatives: Vec<String> = security
        .iter()
        .map(|req| match req.as_slice() {
            [] => "no credentials".to_owned(),
            schemes => schemes.iter().map(|i| scheme_text(service, *i)).collect::<Vec<_>>().join(" and "),
        })
        .collect();
    doc.line(if alternatives.len() == 1 {
        format!("Credentials (set on the builder): {}.", alternatives[0])
    } else {
        format!(
            "Credentials (set on the builder): {}; the first alternative the client has every value for is sent.",
            alternatives.join(", or ")
        )
    });
}

/// The `ops` constants of the security schemes the operations use.
fn scheme_constants(service: &Service, constants: &[Option<String>]) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for (i, (s, constant)) in service.security_schemes.iter().zip(constants).enumerate() {
        let Some(constant) = constant else { continue };
        let kind = match &s.kind {
            SecurityKind::ApiKey { location, param } => {
                let location = match location {
                    ApiKeyLocation::Header => quote! { ::wsbind::auth::KeyLocation::Header },
                    ApiKeyLocation::Query => quote! { ::wsbind::auth::KeyLocation::Query },
                    ApiKeyLocation::Cookie => quote! { ::wsbind::auth::KeyLocation::Cookie },
                };
                quote! { ::wsbind::auth::SchemeKind::ApiKey { location: #location, name: #param } }
            }
            SecurityKind::Basic => quote! { ::wsbind::auth::SchemeKind::Basic },
            SecurityKind::Bearer { .. } => quote! { ::wsbind::auth::SchemeKind::Bearer },
            // `lower::security::scheme_constants` gives these no constant.
            SecurityKind::Unsupported { .. } => continue,
        };
        let ident = names::ident(constant);
        let name = s.name.as_str();
        let doc = format!(" Security scheme {}.", scheme_text(service, i));
        out.push(quote! {
            #[doc = #doc]
            pub const #ident: ::wsbind::auth::SecurityScheme = ::wsbind::auth::SecurityScheme { name: #name, kind: #kind };
        });
    }
    out
}

/// The builder's credential setters the lowering decided ([`lower::CredentialSetter`]).
fn credential_setters(service: &Service, setters: &[CredentialSetter]) -> TokenStream {
    let mut out = TokenStream::new();
    for setter in setters {
        let schemes: Vec<String> = setter.schemes.iter().map(|i| scheme_text(service, *i)).collect();
        let schemes = schemes.join(", ");
        let name = names::ident(setter.kind.setter());
        let (doc, tokens) = match setter.kind {
            CredentialKind::ApiKey => (
                format!("The API key sent where an operation asks for {schemes}."),
                quote! {
                    pub fn #name(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.config.credentials_mut().set_api_key(key);
                        self
                    }
                },
            ),
            CredentialKind::SchemeApiKey => (
                format!(
                    "The API key of one scheme, by its name (of {schemes}), where the schemes take different keys."
                ),
                quote! {
                    pub fn #name(
                        mut self,
                        scheme: impl ::std::convert::Into<::std::string::String>,
                        key: impl ::std::convert::Into<::std::string::String>,
                    ) -> Self {
                        self.config.credentials_mut().set_scheme_api_key(scheme, key);
                        self
                    }
                },
            ),
            CredentialKind::Basic => (
                format!("The user and password sent where an operation asks for {schemes}."),
                quote! {
                    pub fn #name(
                        mut self,
                        user: impl ::std::convert::Into<::std::string::String>,
                        password: impl ::std::convert::Into<::std::string::String>,
                    ) -> Self {
                        self.config.credentials_mut().set_basic(user, password);
                        self
                    }
                },
            ),
            CredentialKind::Bearer => (
                format!("A fixed bearer token sent where an operation asks for {schemes} (replaces a token provider)."),
                quote! {
                    pub fn #name(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.config.credentials_mut().set_bearer(token);
                        self
                    }
                },
            ),
            CredentialKind::TokenProvider => (
                format!(
                    "Bearer tokens from `provider` where an operation asks for {schemes}: asked before each call, \
                     and again after a 401 reply, which is then sent once more with the new token."
                ),
                quote! {
                    pub fn #name(mut self, provider: impl ::wsbind::auth::TokenProvider + 'static) -> Self {
                        self.config.credentials_mut().set_token_provider(provider);
                        self
                    }
                },
            ),
        };
        let doc = Doc::new().line(doc).line("Secret: never shown by `Debug`, scrubbed from errors and traces.").outer();
        out.extend(quote! { #doc #tokens });
    }
    out
}
