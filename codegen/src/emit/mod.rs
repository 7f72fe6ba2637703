//! The Rust emitter: one service model in, one formatted Rust module out.
//!
//! The shape of the output is the contract in `docs/generated-code.md`. The stages:
//!
//! * `lower` (before any of the below, once per model): every naming and layout
//!   decision ([`Plan`], client names, the REST plan);
//! * `types`: struct / enum / alias definitions with their derives and `Debug` impls;
//! * `xml_attrs`: the `#[xml(..)]` attributes that `#[derive(wsbind::Xml)]` (crate `derive/`)
//!   expands into the `Encode` / `Decode` / `Text` / `Choice` impls;
//! * `serde_attrs`: the serde attributes of JSON types;
//! * `sums`: JSON sum types (`oneOf` / `anyOf`): the enum and its serde impls;
//! * `form_params`: `form_params` of the requests of ASMX HTTP GET/POST bindings;
//! * `client`: `DEFAULT_ADDRESS`, the SOAP / ASMX HTTP client(s), their builders and the `ops`
//!   constants;
//! * `rest`: what travels as JSON (serde attributes, `Validate` impls), the request structs
//!   synthesised from operation parameters, and the REST client, its builder and `ops`;
//! * `docs`: schema prose made safe for rustdoc.
//! * `samples` (option `samples`, for `cargo xtask corpus`): a test module with a synthetic value
//!   per type and a round-trip test; for a REST-only module, `examples`: a test decoding the
//!   description's reply examples.
//!
//! The renderers read the lowered module (`lower::Lowered`), which
//! [`crate::api::rust_api`] reads too; this module never calls into `api`.
//!
//! Token streams are assembled with `quote`, parsed with `syn` and printed with `prettyplease`,
//! so the result is deterministic for a given model (model order, no timestamps, no hash maps).
//! Items are built, parsed and printed one by one on two threads (see [`emit_module`]); the
//! output is the same as printing them in one file on one thread.
//!
//! Timing: with the environment variable `WSBIND_TIMINGS` set, [`crate::generate`] prints the
//! milliseconds of each stage to stderr (front end and passes; the lowering; per emit half: token
//! building, `syn` parsing, `prettyplease`), e.g.
//! `WSBIND_TIMINGS=1 cargo run --release -p xtask -- codegen --input x.wsdl --out /tmp/x`.

mod client;
mod docs;
mod examples;
mod form_params;
mod mock;
mod rest;
mod samples;
mod serde_attrs;
mod sums;
mod types;
mod xml_attrs;

use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::{self, Lowered};
use crate::model::{Builtin, Model, Protocol, TypeId, TypeRef};
use crate::names;

pub use crate::lower::{Plan, RESERVED_TYPES, TypePlan, is_text_builtin};
/// How a field is held and whether `new` takes it: also what the API snapshot records.
pub use crate::lower::{Shape, is_constructor_param, shape};
pub use docs::Doc;

/// How the module will be used.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// True when the module is compiled inside the `wsbind` crate (`generated/`, always a
    /// `mod x;` file): the module documentation is written as inner doc comments. False for a
    /// file of another crate, which may be `include!`d (where inner attributes and `//!` are
    /// errors): the module documentation becomes plain comments, and every item allows
    /// `dead_code`, so a binary that calls one operation is not warned about the rest.
    pub in_crate: bool,
    /// Comment lines written first (the `@generated` header); a final newline is added if missing.
    pub header: String,
    /// Also write a `#[cfg(test)] mod samples` with a synthetic value per type and a round-trip
    /// test (needs the runtime's `samples` feature; used by `cargo xtask corpus`).
    pub samples: bool,
}

/// Why the emitter could not produce a module.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The generated tokens did not parse as Rust (a bug in the emitter); names the item.
    #[error("generated code for `{item}` is not valid Rust: {message}")]
    Tokens { item: String, message: String },
    /// The model uses something the emitter cannot express yet.
    #[error("unsupported in `{item}`: {what}")]
    Unsupported { item: String, what: String },
}

/// Emits the module for `model`: header, module docs, types, impls, client(s), `ops`.
///
/// The items are built, parsed and printed in two halves on two threads (token streams are not
/// `Send`, so each thread has its own [`Ctx`]); the result is byte-for-byte that of one thread.
pub fn emit_module(model: &Model, options: &Options) -> Result<String, Error> {
    let start = Instant::now();
    // Every decision, once: both halves read the same lowered module.
    let lowered = lower::lower(model);
    if timings() {
        eprintln!("wsbind timings: lower {} ms", start.elapsed().as_millis());
    }
    emit_lowered(&lowered, options)
}

/// [`emit_module`] of a module already lowered.
pub(crate) fn emit_lowered(lowered: &Lowered<'_>, options: &Options) -> Result<String, Error> {
    let model = &*lowered.model;
    // The second half also emits the clients (and samples), so the first half takes a larger share
    // of the types (shares measured on the corpus with `WSBIND_TIMINGS`).
    let share = if options.samples { 67 } else { 60 };
    let split = model.types.len() * share / 100;
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(move || emit_part(lowered, options, split..model.types.len(), true));
        let first = emit_part(lowered, options, 0..split, false);
        // A panic in the second half is a bug in the emitter; report it as one rather than unwinding.
        let second = second.join().unwrap_or_else(|_| {
            Err(Error::Unsupported { item: "module".to_owned(), what: "the emitter panicked".to_owned() })
        });
        (first, second)
    });
    let first = first?;
    let second = second?;

    // Namespace constants: the ones the module names, decided by the lowering.
    let mut ns_items = Vec::new();
    for (i, ns) in lowered.namespaces.iter().enumerate() {
        let ident = names::ident(&lower::ns_const_name(i));
        let doc = Doc::new().line(format!("Namespace {}.", docs::code(ns))).outer();
        ns_items.push(quote! { #doc const #ident: &str = #ns; });
    }

    let mut module_doc = Doc::new();
    module_doc.prose(model.doc.as_deref());
    if module_doc.is_empty() {
        module_doc.line(format!("Client and types for the `{}` service module.", model.module));
    }
    if !model.sources.is_empty() {
        let sources: Vec<String> = model.sources.iter().map(|s| docs::code(s)).collect();
        module_doc.line(format!("Generated from {}.", sources.join(", ")));
    }
    for note in &lowered.notes {
        module_doc.line(note.clone());
    }
    let inner = if options.in_crate { module_doc.inner() } else { TokenStream::new() };

    let mut head: syn::File = syn::parse2(quote! { #inner })
        .map_err(|e| Error::Tokens { item: "module documentation".to_owned(), message: e.to_string() })?;
    for tokens in ns_items {
        head.items.push(parse_item("namespace constants", tokens)?);
    }
    if !options.in_crate {
        allow_dead_code(&mut head);
    }
    let mut printed = if options.in_crate { String::new() } else { module_doc.comment() + "\n" };
    printed.push_str(&prettyplease::unparse(&head));
    printed.push_str(&first.printed);
    printed.push_str(&second.printed);
    let start = Instant::now();
    let body = space_items(&printed);
    if timings() {
        eprintln!("wsbind timings: blank lines {} ms", start.elapsed().as_millis());
    }
    let mut out = options.header.clone();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// True when `WSBIND_TIMINGS` is set: the generator then prints the time of each stage to stderr
/// (front end, lowering, token building, `syn` parsing, `prettyplease`), to find where time goes.
pub fn timings() -> bool {
    std::env::var_os("WSBIND_TIMINGS").is_some()
}

/// One half of the module, printed.
struct Part {
    printed: String,
}

/// Builds, parses and prints the items of `types` (and, when `tail`, the clients, REST items and
/// samples). Each item is parsed and printed on its own: the printer breaks every top-level item the
/// same way whether it stands alone or in one big file (items end in a hard break), so the output
/// is that of printing one `syn::File`, without holding the whole syntax tree in memory.
fn emit_part(lowered: &Lowered, options: &Options, types: std::ops::Range<usize>, tail: bool) -> Result<Part, Error> {
    let start = Instant::now();
    let ctx = Ctx::new(lowered, options);
    let items = build_items(&ctx, types, tail)?;
    let t_built = start.elapsed();
    let mut printed = String::new();
    let (mut t_parse, mut t_print) = (Duration::ZERO, Duration::ZERO);
    for Item { name, tokens, gate } in items {
        let b = Instant::now();
        let mut parsed: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Tokens { item: name.clone(), message: e.to_string() })?;
        if !options.in_crate {
            allow_dead_code(&mut parsed);
        }
        let c = Instant::now();
        let text = prettyplease::unparse(&parsed);
        match gate {
            Some(mac) => printed.push_str(&gated(mac, &text)),
            None => printed.push_str(&text),
        }
        drop(parsed);
        t_parse += c - b;
        t_print += c.elapsed();
    }
    if timings() {
        eprintln!(
            "wsbind timings: emit half {}: tokens {} ms, syn {} ms, prettyplease {} ms, done at {} ms",
            u8::from(tail) + 1,
            t_built.as_millis(),
            t_parse.as_millis(),
            t_print.as_millis(),
            start.elapsed().as_millis()
        );
    }
    Ok(Part { printed })
}

/// One top-level piece of the module, built but not yet printed.
pub struct Item {
    /// What it is built for (a type or service name), named in errors.
    name: String,
    tokens: TokenStream,
    /// The runtime macro the item is printed in when it exists only with one of the runtime's
    /// features: `__reqwest` (the default transport) or `__mock` (the mock servers). The runtime
    /// expands it to its input or to nothing; a `#[cfg]` would test the features of the crate the
    /// module is compiled in, which for a module of another crate are not wsbind's.
    gate: Option<&'static str>,
}

impl Item {
    pub fn new(name: impl Into<String>, tokens: TokenStream) -> Self {
        Item { name: name.into(), tokens, gate: None }
    }

    /// An item that needs the runtime's default transport (printed inside `::wsbind::__reqwest! { .. }`).
    pub fn reqwest_only(name: impl Into<String>, tokens: TokenStream) -> Self {
        Item { name: name.into(), tokens, gate: Some("__reqwest") }
    }

    /// An item that exists only with the runtime's `mock` feature (printed inside `::wsbind::__mock! { .. }`).
    pub fn mock_only(name: impl Into<String>, tokens: TokenStream) -> Self {
        Item { name: name.into(), tokens, gate: Some("__mock") }
    }
}

fn build_items(ctx: &Ctx, types: std::ops::Range<usize>, tail: bool) -> Result<Vec<Item>, Error> {
    let mut items = Vec::new();
    for index in types {
        let id = TypeId(index);
        let name = &ctx.plan.types[index].name;
        let doc = types::type_doc(ctx, id);
        let definition = match &ctx.model.ty(id).kind {
            crate::model::TypeKind::Choice(c) if c.is_json() => sums::definition(ctx, id, c, doc)?,
            _ => types::definition(ctx, id, doc)?,
        };
        items.push(Item::new(name, definition));
        items.push(Item::new(name, form_params::impls(ctx, id)));
        items.push(Item::new(name, rest::type_impls(ctx, id)?));
    }
    if tail {
        items.extend(client::emit(ctx)?);
        items.extend(rest::emit(ctx)?);
        items.extend(mock::emit(ctx));
        if ctx.options.samples {
            // A REST-only model (`RestPlan::xml` is then set) is checked against the examples of
            // its description; the others with a synthetic value per type.
            let fixtures = if ctx.rest.xml.is_some() { examples::emit(ctx)? } else { samples::emit(ctx)? };
            items.push(Item::new("samples", fixtures));
        }
    }
    Ok(items)
}

/// `printed` (one or more items) inside `::wsbind::<mac>! { ... }`, indented as rustfmt
/// would. Wrapped as text because prettyplease prints a macro's body as a flat token stream.
fn gated(mac: &str, printed: &str) -> String {
    let mut out = format!("::wsbind::{mac}! {{\n");
    for line in printed.lines() {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str("}\n");
    out
}

/// Adds `#[allow(dead_code)]` to every item that the lint looks at (see [`Options::in_crate`]).
fn allow_dead_code(file: &mut syn::File) {
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Union(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Impl(i) if i.trait_.is_none() => &mut i.attrs,
            _ => continue,
        };
        attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    }
}

/// A blank line between top-level items (prettyplease writes them back to back).
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut prev: Option<&str> = None;
    for line in code.lines() {
        let top = !line.is_empty() && !line.starts_with(char::is_whitespace);
        if let Some(p) = prev
            && top
            && !line.starts_with(['}', ')', ']'])
            && !line.starts_with("//!")
            // After an item's last line; never inside a comment block, whose prose may end in `;`.
            && ((!p.starts_with(char::is_whitespace) && !p.starts_with("//") && (p.ends_with('}') || p.ends_with(';')))
                || p.starts_with("//!")
                // The last line of a constant written as a method chain (`SECURITY_POLICY`).
                || (p.starts_with("    .") && p.ends_with(';')))
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

fn parse_item(name: &str, tokens: TokenStream) -> Result<syn::Item, Error> {
    syn::parse2(tokens).map_err(|e| Error::Tokens { item: name.to_owned(), message: e.to_string() })
}

/// Everything the emitting stages share.
pub struct Ctx<'m> {
    /// The lowered model (`Lowered::model`).
    pub model: &'m Model,
    pub options: &'m Options,
    pub plan: &'m Plan,
    /// Client type name per service (by index), `None` for services without SOAP/HTTP operations.
    pub clients: &'m [Option<lower::ClientNames>],
    /// REST plan: JSON types, synthesised request structs, REST client names.
    pub rest: &'m lower::RestPlan,
    /// Client methods and `ops` constants, wrapped-operation unwrapping.
    pub methods: &'m lower::Methods,
    /// XML types reachable from SOAP / ASMX HTTP requests (`Lowered::xml_validated`).
    pub xml_validated: &'m std::collections::BTreeSet<usize>,
    /// The namespaces the module names, in constant order (index -> `NS`, `NS_2`, ...).
    namespaces: &'m [String],
    /// Which types have synthetic values, which fields and alternatives stay empty in them.
    pub samples: &'m lower::Samples,
}

impl<'m> Ctx<'m> {
    fn new(lowered: &'m Lowered, options: &'m Options) -> Self {
        Ctx {
            model: &lowered.model,
            options,
            plan: &lowered.plan,
            clients: &lowered.clients,
            rest: &lowered.rest,
            methods: &lowered.methods,
            xml_validated: &lowered.xml_validated,
            namespaces: &lowered.namespaces,
            samples: &lowered.samples,
        }
    }

    /// The constant holding `ns` ([`Lowered::namespaces`]).
    pub(crate) fn ns_const(&self, ns: &str) -> proc_macro2::Ident {
        let index =
            self.namespaces.iter().position(|n| n == ns).unwrap_or_else(|| {
                panic!("namespace {ns:?} is named but was not lowered (a bug in `lower::namespaces`)")
            });
        names::ident(&lower::ns_const_name(index))
    }

    /// `::wsbind::xml::Name` expression for a wire name; `in_ops` for code inside `mod ops`.
    pub fn name_expr(&self, ns: Option<&str>, local: &str, in_ops: bool) -> TokenStream {
        match ns.filter(|n| !n.is_empty()) {
            Some(ns) => {
                let c = self.ns_const(ns);
                if in_ops {
                    quote! { ::wsbind::xml::Name::qualified(super::#c, #local) }
                } else {
                    quote! { ::wsbind::xml::Name::qualified(#c, #local) }
                }
            }
            None => quote! { ::wsbind::xml::Name::unqualified(#local) },
        }
    }

    /// The namespace half of a `(ns, local)` match pattern, also the `Option<&str>` namespace
    /// argument of attribute look-ups.
    pub fn ns_pattern(&self, ns: Option<&str>) -> TokenStream {
        match ns.filter(|n| !n.is_empty()) {
            Some(ns) => {
                let c = self.ns_const(ns);
                quote! { ::std::option::Option::Some(#c) }
            }
            None => quote! { ::std::option::Option::None },
        }
    }

    pub fn type_ident(&self, id: TypeId) -> proc_macro2::Ident {
        names::ident(&self.plan.types[id.0].name)
    }

    /// The Rust type of a type reference (unwrapped: no `Option`/`Vec`/`Box`).
    pub fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Builtin(b) => builtin_type(*b),
            TypeRef::Named(id) if id.0 < self.model.types.len() => {
                let ident = self.type_ident(*id);
                quote! { #ident }
            }
            TypeRef::Named(_) => quote! { ::wsbind::xml::RawXml },
        }
    }

    /// True when values of `ty` have a lexical form (`Text`): builtins, enums, simple types
    /// ([`Model::is_text`]).
    pub fn is_text(&self, ty: &TypeRef) -> bool {
        self.model.is_text(ty)
    }

    /// Wire name of a type for documentation.
    pub fn type_wire(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Builtin(b) => format!("xs:{}", builtin_xsd(*b)),
            TypeRef::Named(id) => self.model.types.get(id.0).map(|t| t.name.local.clone()).unwrap_or_default(),
        }
    }

    /// Whether any operation of any service is carried by SOAP or ASMX HTTP bindings.
    pub fn has_protocol(&self, p: Protocol) -> bool {
        self.model.services.iter().any(|s| s.endpoints.iter().any(|e| e.protocol == p))
    }
}

/// The builtin a type reference resolves to through simple (non-list) aliases
/// ([`Model::resolve_builtin`]).
pub fn resolve_builtin(ctx: &Ctx, ty: &TypeRef) -> Option<Builtin> {
    ctx.model.resolve_builtin(ty)
}

/// The Rust type of an XSD built-in (`lower::builtin_rust_path`).
pub fn builtin_type(b: Builtin) -> TokenStream {
    lower::builtin_rust_path(b).parse().expect("a Rust path")
}

/// The XSD spelling of a built-in, for docs.
pub fn builtin_xsd(b: Builtin) -> &'static str {
    match b {
        Builtin::String => "string",
        Builtin::Boolean => "boolean",
        Builtin::I8 => "byte",
        Builtin::I16 => "short",
        Builtin::I32 => "int",
        Builtin::I64 => "long",
        Builtin::U8 => "unsignedByte",
        Builtin::U16 => "unsignedShort",
        Builtin::U32 => "unsignedInt",
        Builtin::U64 => "unsignedLong",
        Builtin::Integer => "integer",
        Builtin::Decimal => "decimal",
        Builtin::Float => "float",
        Builtin::Double => "double",
        Builtin::DateTime => "dateTime",
        Builtin::Date => "date",
        Builtin::Time => "time",
        Builtin::Duration => "duration",
        Builtin::Base64Binary => "base64Binary",
        Builtin::HexBinary => "hexBinary",
        Builtin::SwaRef => "swaRef",
        Builtin::AnyUri => "anyURI",
        Builtin::QName => "QName",
        Builtin::Guid => "guid",
        Builtin::AnyType => "anyType",
        Builtin::AnySimpleType => "anySimpleType",
        Builtin::Json => "any JSON value",
        Builtin::Binary => "binary",
    }
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn blank_lines_separate_items_not_doc_lines() {
        // A doc line ending in `;` (an escaped `&gt;`) is not an item's end.
        let code = "const A: u8 = 1;\nconst B: u8 = 2;\n/// a &lt;b&gt;\n///\n/// c;\nstruct C {}\nstruct D;\n";
        assert_eq!(
            space_items(code),
            "const A: u8 = 1;\n\nconst B: u8 = 2;\n\n/// a &lt;b&gt;\n///\n/// c;\nstruct C {}\n\nstruct D;\n"
        );
    }
}
