//! The Rust API the emitter gives a model — what downstream code can name and call: type, field
//! and variant names (through the emitter's own [`crate::emit::Plan`]), field shapes (`T`,
//! `Option<T>`, `Vec<T>`, `Box<T>`), each struct's `new(required values)` and chainable setters
//! (structs and enums are `#[non_exhaustive]`, so those are how other crates build values),
//! whether a type derives `Default`, the clients, their builders and setters, and the client
//! method signatures (document/literal "wrapped" operations unwrapped).
//!
//! Every naming decision is the lowering's (`lower::Lowered`, which the emitter renders):
//! this module only writes the names and signatures down; it copies no emitter logic. The
//! `cargo xtask semver-check` compile test and `tests/api_names.rs` check the snapshot against
//! generated code.

use std::collections::{BTreeMap, BTreeSet};

use crate::lower::{self, Plan};
use crate::model::{ElementId, Field, FieldKind, Model, ParamLocation, TypeId, TypeKind, TypeRef};
use crate::names;

/// Rust names of one model.
#[derive(Debug, Clone, Default)]
pub struct RustApi {
    /// The model the emitter works on (with the fields it adds to base types with derived types).
    pub model: Model,
    pub plan: Plan,
    /// Per service index: the client struct name, when the service gets a client.
    pub clients: Vec<Option<String>>,
    /// Per service index: the client's setter methods (SOAP headers, client-level parameters),
    /// `name(Arg)`.
    pub setters: Vec<BTreeSet<String>>,
    /// Per service index: the client builder's type, when the service gets a client.
    pub builders: Vec<Option<String>>,
    /// Per service index: the builder's setters that depend on the description (SOAP headers,
    /// client-level parameters, `format`), `name(Arg)`; `transport`, `timeout`, `connect_timeout`
    /// (and `soap_version` for SOAP) are always there.
    pub builder_setters: Vec<BTreeSet<String>>,
    /// Per (service, operation): the SOAP method signature.
    pub soap_methods: BTreeMap<(usize, usize), String>,
    /// Per (service, operation, http binding index): the ASMX HTTP method signature.
    pub http_methods: BTreeMap<(usize, usize, usize), String>,
    /// Per (service, operation): the REST method signature.
    pub rest_methods: BTreeMap<(usize, usize), String>,
    /// Per (service, operation): the pagination stream method signature.
    pub stream_methods: BTreeMap<(usize, usize), String>,
    /// Per (service, operation): the synthesised request struct.
    pub rest_requests: BTreeMap<(usize, usize), SynthRequest>,
}

/// The request struct the REST emitter synthesises from an operation's parameters.
#[derive(Debug, Clone, Default)]
pub struct SynthRequest {
    pub name: String,
    /// `name: Type` by parameter index (the body field last, under index `params.len()`).
    pub decls: Vec<String>,
    /// The setter of each optional parameter, `name(Arg)`, by parameter index.
    pub setters: Vec<Option<String>>,
    /// `new(required: Type, ...)`.
    pub new_sig: String,
}

// The field shapes and the constructor rule are the emitter's own (one implementation).
pub use crate::emit::{Shape, is_constructor_param, shape};

impl RustApi {
    pub fn new(original: &Model) -> RustApi {
        RustApi::of(&lower::lower(original))
    }

    /// The Rust names of a module already lowered (`generate` lowers once for the snapshot and
    /// the emitter).
    pub(crate) fn of(lowered: &lower::Lowered<'_>) -> RustApi {
        // The model the emitter works on, the names of the SOAP clients and their builders, the
        // types, the REST clients and the synthesised requests.
        let lower::Lowered { plan, clients: soap_clients, rest, methods, .. } = lowered;
        let model = lowered.model.clone().into_owned();
        let mut api = RustApi { plan: plan.clone(), ..RustApi::default() };
        api.clients = vec![None; model.services.len()];
        api.builders = vec![None; model.services.len()];
        for (si, soap) in soap_clients.iter().enumerate() {
            if let Some(soap) = soap {
                api.clients[si] = Some(soap.client.clone());
                api.builders[si] = Some(soap.builder.clone());
            }
        }
        for (&si, (client, _, _)) in &rest.clients {
            api.clients[si] = Some(client.clone());
            api.builders[si] = Some(lower::rest_builder_name(client));
        }
        api.setters = vec![BTreeSet::new(); model.services.len()];
        api.builder_setters = vec![BTreeSet::new(); model.services.len()];
        api.model = model;
        for (&si, soap) in &methods.soap {
            api.soap_client_methods(si, soap);
        }
        for (&si, client) in &methods.rest {
            api.rest_client_methods(si, client, &rest.requests);
        }
        api
    }

    /// The Rust type of a reference, without `Option`/`Vec`/`Box`.
    pub fn type_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Builtin(b) => short_path(lower::builtin_rust_path(*b)).to_owned(),
            TypeRef::Named(id) => match self.plan.types.get(id.0) {
                Some(t) => names::unraw(&t.name).to_owned(),
                None => "RawXml".to_owned(),
            },
        }
    }

    /// The aliased type of container type `id` (`Vec<Item>`, `BTreeMap<String, Item>`).
    pub fn container(&self, id: TypeId) -> String {
        match self.model.types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Container(c)) => lower::container_path(c, &self.type_name(&c.item), true),
            _ => "RawXml".to_owned(),
        }
    }

    /// `name: Type` of field `n` of type `id`, as declared in the generated struct.
    pub fn field_decl(&self, id: TypeId, n: usize, f: &Field) -> String {
        let plan = &self.plan.types[id.0];
        let name = plan.fields.get(n).map(|s| names::unraw(s).to_owned()).unwrap_or_default();
        format!("{name}: {}", self.field_type(f, shape(f), plan.boxed.contains(&n)))
    }

    /// `Variant(Type)` of choice alternative `n` of type `id`.
    pub fn choice_variant(&self, id: TypeId, n: usize, f: &Field) -> String {
        let plan = &self.plan.types[id.0];
        let name = plan.fields.get(n).map(|s| names::unraw(s).to_owned()).unwrap_or_default();
        let s = match shape(f) {
            Shape::Many | Shape::Array => Shape::Many,
            _ => Shape::One,
        };
        format!("{name}({})", self.field_type(f, s, plan.boxed.contains(&n)))
    }

    /// The item type of a field, without `Option` / `Vec` / `Box` (`emit::types::item_type`).
    fn item_type(&self, f: &Field) -> String {
        match f.kind {
            // JSON `additionalProperties` beside declared ones: their map, flattened.
            FieldKind::Any if matches!(f.ty, TypeRef::Named(_)) => self.type_name(&f.ty),
            FieldKind::Any => "RawXml".to_owned(),
            FieldKind::AnyAttribute => "OtherAttributes".to_owned(),
            _ => self.type_name(&f.ty),
        }
    }

    /// The chainable setter of field `n` of type `id`, `name(Arg)`, when it has one: optional and
    /// repeated fields do (`emit::types::constructors`), required ones are `new`'s parameters.
    pub fn setter(&self, id: TypeId, n: usize, f: &Field) -> Option<String> {
        let name = names::unraw(self.plan.types[id.0].fields.get(n)?).to_owned();
        let item = self.item_type(f);
        let text = lower::field_takes_into_string(&self.model, f);
        let arg = match shape(f) {
            Shape::One => return None,
            Shape::Optional if text => "impl Into<String>".to_owned(),
            Shape::Optional => item,
            Shape::Many | Shape::Array => format!("impl Into<Vec<{item}>>"),
        };
        Some(format!("{}({arg})", lower::setter_name(&name)))
    }

    /// `new(name: Type, ...)` of complex type `id`: its required values in field order
    /// (`emit::types::is_constructor_param`).
    pub fn new_sig(&self, id: TypeId, fields: &[Field]) -> String {
        let plan = &self.plan.types[id.0];
        let params: Vec<String> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| is_constructor_param(f))
            .map(|(n, f)| {
                let name = plan.fields.get(n).map(|s| names::unraw(s).to_owned()).unwrap_or_default();
                // As the setters: a value held as `String` is taken as `impl Into<String>`.
                let text = lower::field_takes_into_string(&self.model, f);
                let arg = if text { "impl Into<String>".to_owned() } else { self.item_type(f) };
                format!("{name}: {arg}")
            })
            .collect();
        format!("new({})", params.join(", "))
    }

    fn field_type(&self, f: &Field, shape: Shape, boxed: bool) -> String {
        let item = self.item_type(f);
        let item = if boxed && matches!(shape, Shape::One | Shape::Optional) { format!("Box<{item}>") } else { item };
        match shape {
            Shape::One => item,
            Shape::Optional => format!("Option<{item}>"),
            Shape::Many | Shape::Array => format!("Vec<{item}>"),
        }
    }

    /// The Rust type of a global element's content (the lowering named only present elements).
    fn element_type(&self, id: ElementId) -> String {
        self.type_name(&self.model.element(id).ty)
    }

    /// The SOAP client's header setters (client and builder), then per operation the SOAP method
    /// and one method per ASMX HTTP binding ([`lower::SoapMethods`]).
    fn soap_client_methods(&mut self, si: usize, lowered: &lower::SoapMethods) {
        let service = &self.model.services[si];
        let mut setters = BTreeSet::new();
        let mut builder_setters = BTreeSet::new();
        for h in &lowered.headers {
            let ty = self.type_name(&self.model.element(h.element).ty);
            setters.insert(format!("{}({ty})", names::unraw(&h.with)));
            setters.insert(format!("{}({ty})", names::unraw(&h.set)));
            builder_setters.insert(format!("{}({ty})", names::unraw(&h.builder)));
        }
        for (&oi, m) in &lowered.operations {
            let op = &service.operations[oi];
            let (Some(i), Some(o)) = (op.input, op.output) else { continue };
            let req = match m.request {
                Some(id) => self.item_type(lower::wrapped_field(&self.model, id)),
                None => self.element_type(i),
            };
            let resp = match m.reply {
                Some(id) => {
                    let f = lower::wrapped_field(&self.model, id);
                    self.field_type(f, shape(f), false)
                }
                None => self.element_type(o),
            };
            self.soap_methods.insert((si, oi), format!("{}(&{req}) -> {resp}", names::unraw(&m.method)));
        }
        for (&(oi, hi), m) in &lowered.http {
            let op = &service.operations[oi];
            let Some(output) = op.http[hi].output.or(op.output) else { continue };
            let resp = self.element_type(output);
            let resp = if m.optional { format!("Option<{resp}>") } else { resp };
            let arg = m.form.map(|id| format!("&{}", self.type_name(&TypeRef::Named(id)))).unwrap_or_default();
            self.http_methods.insert((si, oi, hi), format!("{}({arg}) -> {resp}", names::unraw(&m.method)));
        }
        self.setters[si] = setters;
        self.builder_setters[si] = builder_setters;
    }

    /// The REST client's client-level parameter setters, then per operation its method and, for
    /// cursor-paginated ones, a `_stream` method ([`lower::RestMethods`]).
    fn rest_client_methods(
        &mut self,
        si: usize,
        lowered: &lower::RestMethods,
        request_names: &BTreeMap<(usize, usize), String>,
    ) {
        let service = &self.model.services[si];
        let mut setters = BTreeSet::new();
        let mut params = Vec::new();
        for (p, param) in service.client_params.iter().zip(&lowered.params) {
            let Some(param) = param else { continue };
            let arg = if param.takes_string { "impl Into<String>".to_owned() } else { self.type_name(&p.ty) };
            setters.insert(format!("{}({arg})", names::unraw(&param.set)));
            setters.insert(format!("{}({arg})", names::unraw(&param.with)));
            if let Some(clear) = &param.clear {
                setters.insert(names::unraw(clear).to_owned());
            }
            params.push((param.base.as_str(), arg));
        }
        for (&oi, m) in &lowered.operations {
            let op = &service.operations[oi];
            let Some(rest) = &op.rest else { continue };
            let resp = match lower::success(rest).and_then(|r| r.body.as_ref()) {
                None => "()".to_owned(),
                Some(b) => self.type_name(&b.ty),
            };
            let synth = request_names.get(&(si, oi));
            if let Some(name) = synth {
                let request = self.synth_request(name, rest, &m.request_fields);
                self.rest_requests.insert((si, oi), request);
            }
            let arg = match (synth, &rest.request_body) {
                (Some(s), _) => format!("&{s}"),
                (None, Some(b)) => format!("&{}", self.type_name(&b.ty)),
                (None, None) => String::new(),
            };
            self.rest_methods.insert((si, oi), format!("{}({arg}) -> {resp}", names::unraw(&m.method)));
            if let Some((stream, item)) = &m.stream {
                let item = self.type_name(item);
                self.stream_methods.insert((si, oi), format!("{}({arg}) -> Stream<{item}>", names::unraw(stream)));
            }
        }
        let bases = params.iter().map(|(base, _)| *base);
        let mut builder_setters: BTreeSet<String> =
            lower::builder_setters(bases, lowered.any_xml, &lowered.credentials)
                .iter()
                .zip(&params)
                .map(|(name, (_, arg))| format!("{}({arg})", names::unraw(name)))
                .collect();
        builder_setters.extend(lowered.credentials.iter().map(|c| {
            let args = match c.kind {
                lower::CredentialKind::ApiKey | lower::CredentialKind::Bearer => "impl Into<String>",
                lower::CredentialKind::SchemeApiKey | lower::CredentialKind::Basic => {
                    "impl Into<String>, impl Into<String>"
                }
                lower::CredentialKind::TokenProvider => "impl TokenProvider",
            };
            format!("{}({args})", c.kind.setter())
        }));
        if lowered.any_xml {
            setters.insert("set_format(Format)".to_owned());
            setters.insert("with_format(Format)".to_owned());
            builder_setters.insert("format(Format)".to_owned());
        }
        self.setters[si] = setters;
        self.builder_setters[si] = builder_setters;
    }

    /// The request struct `name` synthesised from a REST operation's parameters, with its fields
    /// `fields` ([`lower::RestOperation::request_fields`]).
    fn synth_request(&self, name: &str, rest: &crate::model::RestBinding, fields: &[String]) -> SynthRequest {
        let mut request = SynthRequest { name: name.to_owned(), ..SynthRequest::default() };
        let mut params = Vec::new();
        for (p, f) in rest.params.iter().zip(fields) {
            let f = names::unraw(f);
            let ty = self.type_name(&p.ty);
            if p.array.is_some() {
                request.decls.push(format!("{f}: Vec<{ty}>"));
                request.setters.push(Some(format!("{}(impl Into<Vec<{ty}>>)", lower::setter_name(f))));
            } else if p.required || p.location == ParamLocation::Path {
                request.decls.push(format!("{f}: {ty}"));
                request.setters.push(None);
                let arg = if lower::takes_into_string(&self.model, &p.ty) {
                    "impl Into<String>".to_owned()
                } else {
                    ty.clone()
                };
                params.push(format!("{f}: {arg}"));
            } else {
                let text = lower::takes_into_string(&self.model, &p.ty);
                let arg = if text { "impl Into<String>".to_owned() } else { ty.clone() };
                request.decls.push(format!("{f}: Option<{ty}>"));
                request.setters.push(Some(format!("{}({arg})", lower::setter_name(f))));
            }
        }
        if let (Some(body), Some(f)) = (&rest.request_body, fields.get(rest.params.len())) {
            let f = names::unraw(f);
            let ty = self.type_name(&body.ty);
            request.decls.push(format!("{f}: {ty}"));
            params.push(format!("{f}: {ty}"));
        }
        request.new_sig = format!("new({})", params.join(", "));
        request
    }
}

/// The last segment of a Rust path (`DateTime` of `::wsbind::types::DateTime`), as the snapshot
/// writes types.
fn short_path(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}
