//! The Rust emitter: one service model in, one formatted Rust module out.
//!
//! The shape of the output is the contract in `docs/generated-code.md`. The stages:
//!
//! * [`Plan`] (here): Rust names for every type, field, variant and operation (through
//!   [`crate::names`]), and which fields must be boxed to break recursion cycles;
//! * `types`: struct / enum / alias definitions and their `Debug` impls;
//! * `xml_impls`: `Encode` / `Decode` / `Text` impls and `form_params`;
//! * `client`: `DEFAULT_ADDRESS`, the SOAP / ASMX HTTP client(s), their builders and the `ops`
//!   constants;
//! * `rest`: what travels as JSON (serde attributes, `Validate` impls), the request structs
//!   synthesised from operation parameters, and the REST client, its builder and `ops`;
//! * `docs`: schema prose made safe for rustdoc.
//! * `samples` (option `samples`, for `cargo xtask corpus`): a test module with a synthetic value
//!   per type and a round-trip test.
//!
//! The naming decisions about clients (client and builder names, the names each client and
//! builder already has, the setters of SOAP headers and REST client-level parameters) are taken by
//! `pub(crate)` planning functions of `client` and `rest`, re-exported here for
//! [`crate::api::rust_api`], which names the same items in the API snapshot; this module never
//! calls into `api`.
//!
//! Token streams are assembled with `quote`, parsed with `syn` and printed with `prettyplease`,
//! so the result is deterministic for a given model (model order, no timestamps, no hash maps).
//! Items are built, parsed and printed one by one on two threads (see [`emit_module`]); the
//! output is the same as printing them in one file on one thread.
//!
//! Timing: with the environment variable `WSBIND_TIMINGS` set, [`crate::generate`] prints the
//! milliseconds of each stage to stderr (front end and passes; per emit half: plan, token
//! building, `syn` parsing, `prettyplease`), e.g.
//! `WSBIND_TIMINGS=1 cargo run --release -p xtask -- codegen --input x.wsdl --out /tmp/x`.

mod client;
mod docs;
mod rest;
mod samples;
mod types;
mod xml_attrs;
mod xml_impls;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Builtin, FieldKind, Model, Protocol, TypeId, TypeKind, TypeRef};
use crate::names::{self, Scope};

pub use docs::Doc;
/// How a field is held and whether `new` takes it: also what the API snapshot records.
pub use types::{Shape, is_constructor_param, shape};

// Client naming, shared with `api::rust_api` (see the module documentation).
pub(crate) use client::{SOAP_CLIENT_RESERVED, header_setters};
pub(crate) use rest::{
    REST_CLIENT_RESERVED, builder_setters, param_setters, rest_builder_name, success as rest_success,
};

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
    // Base types with derived types keep a derived value's `xsi:type` and extra content.
    let model = &*types::with_derived_content(model);
    // The second half waits for the first half's tokens (to number namespace constants) and also
    // emits the clients (and samples), so the first half takes a larger share of the types
    // (shares measured on the corpus with `WSBIND_TIMINGS`).
    let share = if options.samples { 67 } else { 60 };
    let split = model.types.len() * share / 100;
    let (first, second) = std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::channel();
        let second =
            scope.spawn(move || emit_part(model, options, split..model.types.len(), true, Seen::Wait(receive)));
        let first = emit_part(model, options, 0..split, false, Seen::Tell(send));
        // A panic in the second half is a bug in the emitter; report it as one rather than unwinding.
        let second = second.join().unwrap_or_else(|_| {
            Err(Error::Unsupported { item: "module".to_owned(), what: "the emitter panicked".to_owned() })
        });
        (first, second)
    });
    let first = first?;
    let second = second?;

    // Namespace constants are collected while emitting: exactly the ones used, in first-use order.
    let mut ns_items = Vec::new();
    for (i, ns) in second.namespaces.iter().enumerate() {
        let ident = names::ident(&ns_const_name(i));
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
    for note in first.notes.iter().chain(&second.notes) {
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
/// (front end, plan, token building, `syn` parsing, `prettyplease`), to find where time goes.
pub fn timings() -> bool {
    std::env::var_os("WSBIND_TIMINGS").is_some()
}

/// How a half learns the namespaces the half before it used.
enum Seen {
    /// The first half sends its namespaces once its tokens are built (and then parses and prints).
    Tell(std::sync::mpsc::Sender<Vec<String>>),
    /// The second half waits for them before building its tokens, to number its own.
    Wait(std::sync::mpsc::Receiver<Vec<String>>),
}

/// One half of the module, printed.
struct Part {
    printed: String,
    /// Every namespace used up to the end of this half, in first-use order.
    namespaces: Vec<String>,
    notes: Vec<String>,
}

/// Builds, parses and prints the items of `types` (and, when `tail`, the clients, REST items and
/// samples). Each item is parsed and printed on its own: the printer breaks every top-level item the
/// same way whether it stands alone or in one big file (items end in a hard break), so the output
/// is that of printing one `syn::File`, without holding the whole syntax tree in memory.
fn emit_part(
    model: &Model,
    options: &Options,
    types: std::ops::Range<usize>,
    tail: bool,
    seen: Seen,
) -> Result<Part, Error> {
    let start = Instant::now();
    let second = matches!(seen, Seen::Wait(_));
    let ctx = Ctx::new(model, options);
    let t_plan = start.elapsed();
    let built = match seen {
        Seen::Tell(send) => {
            let built = build_items(&ctx, types, tail);
            // The receiver is gone only if the other half failed; its error is reported then.
            let _ = send.send(ctx.namespaces.borrow().clone());
            built
        }
        Seen::Wait(receive) => {
            // Namespace constants are numbered in first-use order over the whole module.
            *ctx.namespaces.borrow_mut() = receive.recv().unwrap_or_default();
            build_items(&ctx, types, tail)
        }
    };
    let items = built?;
    let t_built = start.elapsed();
    let mut printed = String::new();
    let (mut t_parse, mut t_print) = (Duration::ZERO, Duration::ZERO);
    for Item { name, tokens, reqwest_only } in items {
        let b = Instant::now();
        let mut parsed: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Tokens { item: name.clone(), message: e.to_string() })?;
        if !options.in_crate {
            allow_dead_code(&mut parsed);
        }
        let c = Instant::now();
        let text = prettyplease::unparse(&parsed);
        if reqwest_only {
            printed.push_str(&with_reqwest(&text));
        } else {
            printed.push_str(&text);
        }
        drop(parsed);
        t_parse += c - b;
        t_print += c.elapsed();
    }
    if timings() {
        eprintln!(
            "wsbind timings: emit half {}: plan {} ms, tokens {} ms, syn {} ms, prettyplease {} ms, done at {} ms",
            u8::from(second) + 1,
            t_plan.as_millis(),
            (t_built - t_plan).as_millis(),
            t_parse.as_millis(),
            t_print.as_millis(),
            start.elapsed().as_millis()
        );
    }
    Ok(Part { printed, namespaces: ctx.namespaces.take(), notes: ctx.notes.take() })
}

/// One top-level piece of the module, built but not yet printed.
pub struct Item {
    /// What it is built for (a type or service name), named in errors.
    name: String,
    tokens: TokenStream,
    /// Exists only when the runtime has its `reqwest` feature (the default transport): printed
    /// inside `::wsbind::__reqwest! { ... }`, which the runtime expands to its input or to
    /// nothing. A `#[cfg]` would test the features of the crate the module is compiled in,
    /// which for a module of another crate are not wsbind's.
    reqwest_only: bool,
}

impl Item {
    pub fn new(name: impl Into<String>, tokens: TokenStream) -> Self {
        Item { name: name.into(), tokens, reqwest_only: false }
    }

    /// An item that needs the runtime's default transport (see [`Item::reqwest_only`]).
    pub fn reqwest_only(name: impl Into<String>, tokens: TokenStream) -> Self {
        Item { name: name.into(), tokens, reqwest_only: true }
    }
}

fn build_items(ctx: &Ctx, types: std::ops::Range<usize>, tail: bool) -> Result<Vec<Item>, Error> {
    let mut items = Vec::new();
    for index in types {
        let id = TypeId(index);
        let name = &ctx.plan.types[index].name;
        items.push(Item::new(name, types::definition(ctx, id)?));
        items.push(Item::new(name, xml_impls::impls(ctx, id)));
        items.push(Item::new(name, rest::type_impls(ctx, id)?));
    }
    if tail {
        items.extend(client::emit(ctx)?);
        items.extend(rest::emit(ctx)?);
        if ctx.options.samples {
            items.push(Item::new("samples", samples::emit(ctx)?));
        }
    }
    Ok(items)
}

/// `printed` (one or more items) inside `::wsbind::__reqwest! { ... }`, indented as rustfmt
/// would. Wrapped as text because prettyplease prints a macro's body as a flat token stream.
fn with_reqwest(printed: &str) -> String {
    let mut out = String::from("::wsbind::__reqwest! {\n");
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
            && ((!p.starts_with(char::is_whitespace) && (p.ends_with('}') || p.ends_with(';'))) || p.starts_with("//!"))
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

fn ns_const_name(index: usize) -> String {
    if index == 0 { "NS".to_owned() } else { format!("NS_{}", index + 1) }
}

/// Rust names of one type and its members.
#[derive(Debug, Clone, Default)]
pub struct TypePlan {
    pub name: String,
    /// Set when the name is not the plain conversion of the wire name (collision).
    pub renamed: bool,
    /// Field (or choice variant) names, by index in the model's field list.
    pub fields: Vec<String>,
    /// Enum variant names, by value index.
    pub variants: Vec<String>,
    /// Fields (by index) that are boxed to break a recursion cycle.
    pub boxed: BTreeSet<usize>,
    /// False when the type cannot implement `Default` (a required field of a type without one,
    /// such as `DateTime` or `RawXml`).
    pub has_default: bool,
}

/// Names and layout decisions for a whole model.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub types: Vec<TypePlan>,
}

/// Names reserved in the type namespace of every generated module: the items it generates
/// besides the schema's types.
pub const RESERVED_TYPES: &[&str] = &["Client", "ClientBuilder", "NS", "DEFAULT_ADDRESS", "ops"];

impl Plan {
    pub fn new(model: &Model, client_names: &[String]) -> Plan {
        let mut scope = Scope::camel();
        for r in RESERVED_TYPES {
            scope.reserve(r);
        }
        for c in client_names {
            scope.reserve(c);
        }
        let mut types: Vec<TypePlan> = vec![TypePlan::default(); model.types.len()];
        // Named types claim names first, then anonymous ones, each group in model order.
        let order = model
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.anonymous)
            .chain(model.types.iter().enumerate().filter(|(_, t)| t.anonymous));
        for (i, t) in order {
            let (name, renamed) = scope.unique(&names::item_type_name(&t.name.local));
            types[i].name = name;
            types[i].renamed = renamed;
        }
        for (i, t) in model.types.iter().enumerate() {
            match &t.kind {
                TypeKind::Complex(c) => {
                    let mut fields = Scope::snake();
                    types[i].fields = c.fields.iter().map(|f| fields.unique(&names::field_name(&f.name)).0).collect();
                }
                TypeKind::Choice(c) => {
                    let mut variants = Scope::camel();
                    types[i].fields =
                        c.variants.iter().map(|f| variants.unique(&names::type_name(&f.name)).0).collect();
                }
                TypeKind::Enum(e) => {
                    let mut variants = Scope::camel();
                    variants.reserve("Unknown");
                    types[i].variants = e
                        .values
                        .iter()
                        .enumerate()
                        .map(|(n, v)| variants.unique(&names::variant_name(&v.value, n)).0)
                        .collect();
                }
                TypeKind::Simple(_) => {}
            }
        }
        for (ty, field) in recursive_edges(model) {
            types[ty].boxed.insert(field);
        }
        let boxed: Vec<BTreeSet<usize>> = types.iter().map(|t| t.boxed.clone()).collect();
        let defaults = defaults(model, &boxed);
        for (plan, has) in types.iter_mut().zip(defaults) {
            plan.has_default = has;
        }
        // Choice alternatives holding a record are boxed too, so that no alternative is much
        // larger than the others (clippy's `large_enum_variant`) whatever the records hold.
        for (i, t) in model.types.iter().enumerate() {
            if let TypeKind::Choice(c) = &t.kind {
                for (n, f) in c.variants.iter().enumerate() {
                    let record = matches!(
                        f.ty,
                        TypeRef::Named(id) if matches!(
                            model.types.get(id.0).map(|t| &t.kind),
                            Some(TypeKind::Complex(_)) | Some(TypeKind::Choice(_))
                        )
                    );
                    if record && !f.occurs.is_repeated() && f.array_item.is_none() {
                        types[i].boxed.insert(n);
                    }
                }
            }
        }
        Plan { types }
    }
}

/// Which types can implement `Default` (fixpoint: a type without one makes every type that holds
/// it as a required field lose it too).
fn defaults(model: &Model, boxed: &[BTreeSet<usize>]) -> Vec<bool> {
    let mut has = vec![true; model.types.len()];
    let builtin_default =
        |b: Builtin| !matches!(b, Builtin::AnyType | Builtin::DateTime | Builtin::Date | Builtin::Time);
    loop {
        let mut changed = false;
        for (i, t) in model.types.iter().enumerate() {
            if !has[i] {
                continue;
            }
            let ref_default = |f: &crate::model::Field, has: &[bool]| -> bool {
                if f.kind == FieldKind::Any {
                    return false;
                }
                match &f.ty {
                    TypeRef::Builtin(b) => builtin_default(*b),
                    TypeRef::Named(id) => has.get(id.0).copied().unwrap_or(false),
                }
            };
            let ok = match &t.kind {
                // A type with a required value has no `Default`: `..Default::default()` would send
                // a made-up 0 or "" where the caller forgot one (`new` takes them instead).
                TypeKind::Complex(c) => !c.fields.iter().any(types::is_constructor_param),
                TypeKind::Choice(c) => c.variants.first().is_some_and(|f| {
                    f.occurs.is_repeated() || f.array_item.is_some() || (!boxed[i].contains(&0) && ref_default(f, &has))
                }),
                TypeKind::Simple(s) => {
                    s.list
                        || match &s.base {
                            TypeRef::Builtin(b) => builtin_default(*b),
                            TypeRef::Named(id) => has.get(id.0).copied().unwrap_or(false),
                        }
                }
                TypeKind::Enum(_) => true,
            };
            if !ok {
                has[i] = false;
                changed = true;
            }
        }
        if !changed {
            return has;
        }
    }
}

/// By-value references between types (fields that are neither `Vec` nor behind a wrapper).
fn value_edges(model: &Model) -> Vec<Vec<(usize, usize)>> {
    let mut edges = vec![Vec::new(); model.types.len()];
    for (i, t) in model.types.iter().enumerate() {
        let fields = match &t.kind {
            TypeKind::Complex(c) => &c.fields,
            TypeKind::Choice(c) => &c.variants,
            _ => continue,
        };
        for (n, f) in fields.iter().enumerate() {
            if f.occurs.is_repeated() || f.array_item.is_some() || matches!(f.kind, FieldKind::Any) {
                continue;
            }
            if let TypeRef::Named(target) = f.ty
                && target.0 < model.types.len()
            {
                edges[i].push((n, target.0));
            }
        }
    }
    edges
}

/// Fields `(type, field)` whose by-value reference closes a cycle (both ends in one strongly
/// connected component): these are boxed.
fn recursive_edges(model: &Model) -> Vec<(usize, usize)> {
    let edges = value_edges(model);
    let comp = scc(&edges);
    let mut out = Vec::new();
    for (from, list) in edges.iter().enumerate() {
        for &(field, to) in list {
            if comp[from] == comp[to] {
                out.push((from, field));
            }
        }
    }
    out
}

/// Tarjan's strongly connected components (iterative); returns the component of each node.
fn scc(edges: &[Vec<(usize, usize)>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&(_, w)) = edges[v].get(*pos) {
                *pos += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}

/// Everything the emitting stages share.
pub struct Ctx<'m> {
    pub model: &'m Model,
    pub options: &'m Options,
    pub plan: Plan,
    /// Client type name per service (by index), `None` for services without SOAP/HTTP operations.
    pub clients: Vec<Option<client::ClientNames>>,
    /// REST plan: JSON types, synthesised request structs, REST client names.
    pub rest: rest::RestPlan,
    /// Namespaces used so far, in first-use order (index -> `NS`, `NS_2`, ...).
    namespaces: RefCell<Vec<String>>,
    /// Paragraphs for the module documentation (naming choices, skipped operations).
    notes: RefCell<Vec<String>>,
}

/// The module-wide naming plan: the SOAP client names ([`client::plan_clients`]), the type plan
/// (which leaves those names to the clients) and the REST plan (REST client and synthesised
/// request names, which avoid both). What [`Ctx`] starts from, and what `api::rust_api` names.
pub(crate) fn plan_module(model: &Model) -> (Plan, Vec<Option<client::ClientNames>>, rest::RestPlan) {
    let clients = client::plan_clients(model);
    let reserved: Vec<String> = clients.iter().flatten().flat_map(|c| [c.client.clone(), c.builder.clone()]).collect();
    let plan = Plan::new(model, &reserved);
    let rest = rest::RestPlan::new(model, &plan, &clients);
    (plan, clients, rest)
}

/// A snake-case scope in which `reserved` are taken (the names a client or builder already has).
pub(crate) fn reserved_scope(reserved: &[&str]) -> Scope {
    let mut scope = Scope::snake();
    for name in reserved {
        scope.reserve(name);
    }
    scope
}

impl<'m> Ctx<'m> {
    fn new(model: &'m Model, options: &'m Options) -> Self {
        let (plan, clients, rest) = plan_module(model);
        Ctx {
            model,
            options,
            plan,
            clients,
            rest,
            namespaces: RefCell::new(Vec::new()),
            notes: RefCell::new(Vec::new()),
        }
    }

    /// Adds a paragraph to the module documentation.
    pub fn note(&self, text: String) {
        self.notes.borrow_mut().push(text);
    }

    /// The constant holding `ns` (registered on first use).
    fn ns_const(&self, ns: &str) -> proc_macro2::Ident {
        let mut list = self.namespaces.borrow_mut();
        let index = match list.iter().position(|n| n == ns) {
            Some(i) => i,
            None => {
                list.push(ns.to_owned());
                list.len() - 1
            }
        };
        names::ident(&ns_const_name(index))
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

/// True for the builtins held as `String` (see [`builtin_type`]).
pub fn is_text_builtin(b: Builtin) -> bool {
    matches!(builtin_type(b).to_string().as_str(), ":: std :: string :: String")
}

/// The builtin a type reference resolves to through simple (non-list) aliases
/// ([`Model::resolve_builtin`]).
pub fn resolve_builtin(ctx: &Ctx, ty: &TypeRef) -> Option<Builtin> {
    ctx.model.resolve_builtin(ty)
}

/// The Rust type of an XSD built-in.
pub fn builtin_type(b: Builtin) -> TokenStream {
    match b {
        Builtin::String
        | Builtin::AnyUri
        | Builtin::QName
        | Builtin::Guid
        | Builtin::AnySimpleType
        | Builtin::Duration => quote! { ::std::string::String },
        Builtin::Boolean => quote! { bool },
        Builtin::I8 => quote! { i8 },
        Builtin::I16 => quote! { i16 },
        Builtin::I32 => quote! { i32 },
        Builtin::I64 => quote! { i64 },
        Builtin::U8 => quote! { u8 },
        Builtin::U16 => quote! { u16 },
        Builtin::U32 => quote! { u32 },
        Builtin::U64 => quote! { u64 },
        Builtin::Integer | Builtin::Decimal => quote! { ::wsbind::types::Decimal },
        Builtin::Float => quote! { f32 },
        Builtin::Double => quote! { f64 },
        Builtin::DateTime => quote! { ::wsbind::types::DateTime },
        Builtin::Date => quote! { ::wsbind::types::Date },
        Builtin::Time => quote! { ::wsbind::types::Time },
        Builtin::Base64Binary => quote! { ::wsbind::types::Base64 },
        Builtin::HexBinary => quote! { ::wsbind::types::Hex },
        Builtin::AnyType => quote! { ::wsbind::xml::RawXml },
    }
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
        Builtin::AnyUri => "anyURI",
        Builtin::QName => "QName",
        Builtin::Guid => "guid",
        Builtin::AnyType => "anyType",
        Builtin::AnySimpleType => "anySimpleType",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The `pub fn`s of each arm of the runtime macro `name` in `src/client.rs`, by the arm's
    /// matcher (`""`, `"soap"`, `"rest"`); `None` when the runtime's source is not beside this
    /// crate's (a packaged crate).
    fn runtime_macro_methods(name: &str) -> Option<BTreeMap<String, BTreeSet<String>>> {
        use proc_macro2::TokenTree;
        fn flatten(tokens: TokenStream, out: &mut Vec<TokenTree>) {
            for t in tokens {
                match t {
                    TokenTree::Group(g) => flatten(g.stream(), out),
                    other => out.push(other),
                }
            }
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/client.rs");
        let text = std::fs::read_to_string(path).ok()?;
        let file = syn::parse_file(&text).expect("src/client.rs parses");
        let mac = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Macro(m) if m.ident.as_ref().is_some_and(|i| i == name) => Some(m),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `macro_rules! {name}` in src/client.rs"));
        let mut arms = BTreeMap::new();
        let mut matcher = None;
        for t in mac.mac.tokens.clone() {
            let TokenTree::Group(g) = t else { continue };
            match matcher.take() {
                None => matcher = Some(g.stream().to_string()),
                Some(m) => {
                    let mut body = Vec::new();
                    flatten(g.stream(), &mut body);
                    let methods: BTreeSet<String> = body
                        .windows(3)
                        .filter_map(|w| match w {
                            [TokenTree::Ident(a), TokenTree::Ident(b), TokenTree::Ident(c)]
                                if a == "pub" && b == "fn" =>
                            {
                                Some(c.to_string())
                            }
                            _ => None,
                        })
                        .collect();
                    arms.insert(m, methods);
                }
            }
        }
        assert!(arms.contains_key(""), "`{name}!` has no `()` arm: {arms:?}");
        Some(arms)
    }

    /// The reserved-name lists hold every method the runtime macros put in the same `impl`
    /// blocks, so that no header or client-level parameter setter is defined twice.
    #[test]
    fn reserved_names_cover_the_runtime_macros() {
        let (Some(client), Some(builder)) =
            (runtime_macro_methods("client_methods"), runtime_macro_methods("client_builder_methods"))
        else {
            return;
        };
        let missing = |reserved: &[&str], arms: &[&str], of: &BTreeMap<String, BTreeSet<String>>| -> Vec<String> {
            let methods =
                arms.iter().flat_map(|arm| of.get(*arm).unwrap_or_else(|| panic!("no arm ({arm}) in {of:?}")));
            methods.filter(|m| !reserved.contains(&m.as_str())).cloned().collect()
        };
        assert_eq!(missing(client::SOAP_CLIENT_RESERVED, &[""], &client), Vec::<String>::new(), "SOAP client");
        assert_eq!(missing(rest::REST_CLIENT_RESERVED, &[""], &client), Vec::<String>::new(), "REST client");
        assert_eq!(
            missing(client::SOAP_BUILDER_RESERVED, &["", "soap"], &builder),
            Vec::<String>::new(),
            "SOAP builder"
        );
        assert_eq!(missing(rest::REST_BUILDER_RESERVED, &["", "rest"], &builder), Vec::<String>::new(), "REST builder");
    }

    #[test]
    fn prefixed_rest_clients_skip_builder_names_schema_types_take() {
        // Two REST services (prefixed client names) and a schema type named like the first
        // client's builder: that client takes the next number, with its builder.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_names/names.yaml");
        let options = crate::openapi::LoadOptions { module: "names".to_owned(), ..Default::default() };
        let mut model = crate::openapi::load(&path, &options).unwrap_or_else(|e| panic!("{e:?}"));
        let mut second = model.services[0].clone();
        second.name = "Other".to_owned();
        model.services.push(second);
        let base = names::unraw(&names::type_name(&model.services[0].name)).to_owned();
        let taken = model.types.iter().position(|t| t.name.local == "CountResult").expect("CountResult");
        model.types[taken].name.local = format!("{base}ClientBuilder");
        let (plan, _, rest) = plan_module(&model);
        assert_eq!(plan.types[taken].name, format!("{base}ClientBuilder"));
        let clients: Vec<&str> = rest.clients.values().map(|(client, _, _)| client.as_str()).collect();
        assert_eq!(clients, [format!("{base}Client2").as_str(), "OtherClient"]);
    }

    #[test]
    fn scc_finds_cycles() {
        // 0 -> 1 -> 0 (cycle), 2 -> 2 (self), 3 -> 0 (not in a cycle)
        let edges = vec![vec![(0, 1)], vec![(0, 0)], vec![(0, 2)], vec![(0, 0)]];
        let c = scc(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[3], c[0]);
    }
}
