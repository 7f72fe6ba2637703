//! The Rust API the emitter gives a model — what downstream code can name and call: type, field
//! and variant names (through the emitter's own [`crate::emit::Plan`]), field shapes (`T`,
//! `Option<T>`, `Vec<T>`, `Box<T>`), each struct's `new(required values)` and chainable setters
//! (structs and enums are `#[non_exhaustive]`, so those are how other crates build values),
//! whether a type derives `Default`, the clients, their builders and setters, and the client
//! method signatures (document/literal "wrapped" operations unwrapped).
//!
//! Client naming is the emitter's own, through its `pub(crate)` planning functions (this module
//! calls the emitter, never the reverse): `emit::plan_module` (`client::plan_clients` for the SOAP
//! clients and builders, the type plan, `rest::RestPlan` for the REST clients and synthesised
//! requests), `lower::header_setters` for the setters of SOAP headers, `lower::param_setters` and
//! `lower::builder_setters` for those of REST client-level parameters, all avoiding the emitter's
//! lists of the names each client and builder already has (`SOAP_CLIENT_RESERVED`,
//! `REST_CLIENT_RESERVED` and the builder lists, which include the methods of the runtime macros
//! `wsbind::client_methods!` and `wsbind::client_builder_methods!`). The remaining decisions of the
//! emitter's private stages are re-derived here with the same [`crate::names`] functions and the
//! same scope order (`types::constructors`, `client::unwrapped` and `client::service_client` for
//! operation methods, `rest::rest_operation` for operation and stream methods,
//! `rest::synth_request`). When the emitter changes, this file must follow: `tests/api_names.rs`
//! checks the client and builder names against generated code, and the `cargo xtask semver-check`
//! compile test catches a mismatch (downstream code written from the snapshot stops compiling
//! against the OLD module).

use std::collections::{BTreeMap, BTreeSet};

use crate::lower::{self, Plan};
use crate::model::{
    ElementId, Field, FieldKind, HttpMethod, MediaType, Model, ParamLocation, TypeId, TypeKind, TypeRef,
};
use crate::names::{self, Scope};

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

/// What [`RustApi::unwrapped`] finds: the unwrapped request type, the unwrapped reply type and
/// its field.
struct Unwrapped<'a> {
    request: Option<String>,
    reply: Option<(String, &'a Field)>,
}

impl RustApi {
    pub fn new(original: &Model) -> RustApi {
        // The model the emitter works on, the names of the SOAP clients and their builders, the
        // types, the REST clients and the synthesised requests.
        let lower::Lowered { model, plan, clients: soap_clients, rest } = lower::lower(original);
        let model = model.into_owned();
        let mut api = RustApi { plan, ..RustApi::default() };
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
        for si in 0..api.model.services.len() {
            if soap_clients.get(si).is_some_and(Option::is_some) {
                api.soap_client_methods(si);
            } else if rest.clients.contains_key(&si) {
                api.rest_client_methods(si, &rest.requests);
            }
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
        let text = matches!(f.kind, FieldKind::Element | FieldKind::Attribute | FieldKind::Text)
            && matches!(f.ty, TypeRef::Builtin(b) if lower::is_text_builtin(b));
        let arg = match shape(f) {
            Shape::One => return None,
            Shape::Optional if text => "impl Into<String>".to_owned(),
            Shape::Optional => item,
            Shape::Many | Shape::Array => format!("impl Into<Vec<{item}>>"),
        };
        let setter = if name == "new" { "with_new" } else { name.as_str() };
        Some(format!("{setter}({arg})"))
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
                format!("{name}: {}", self.item_type(f))
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

    fn element_type(&self, id: ElementId) -> Option<String> {
        self.model.elements.get(id.0).map(|e| self.type_name(&e.ty))
    }

    fn is_text(&self, ty: &TypeRef) -> bool {
        self.model.is_text(ty)
    }

    /// `emit::client::wrapped_child`: the one child element of a document/literal wrapper named
    /// `name` (not boxed, no base or derived types): the wrapper's type and the child.
    fn wrapped_child(&self, element: ElementId, name: &str) -> Option<(TypeId, &Field)> {
        let decl = self.model.elements.get(element.0)?;
        let TypeRef::Named(id) = decl.ty else { return None };
        let TypeKind::Complex(c) = &self.model.types.get(id.0)?.kind else { return None };
        let [field] = c.fields.as_slice() else { return None };
        let plain = decl.name.local == name
            && field.kind == FieldKind::Element
            && c.base.is_none()
            && c.derived.is_empty()
            && !self.plan.types[id.0].boxed.contains(&0);
        plain.then_some((id, field))
    }

    /// `emit::client::unwrapped`: the Rust type a SOAP method takes (the request wrapper's one
    /// record child, or the wrapper) and returns (the reply wrapper's one child as `T`,
    /// `Option<T>` or `Vec<T>`, or the wrapper), and the unwrapped reply's field, when unwrapped.
    fn unwrapped(&self, op: &crate::model::Operation, input: ElementId, output: ElementId) -> Unwrapped<'_> {
        let encoded = op.soap.iter().any(|b| b.encoded);
        let request = self
            .wrapped_child(input, &op.name)
            .filter(|(_, f)| {
                !encoded
                    && matches!(shape(f), Shape::One | Shape::Optional)
                    && !f.nillable
                    && matches!(f.ty, TypeRef::Named(id)
                        if matches!(self.model.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Complex(_))))
            })
            .map(|(_, f)| self.item_type(f));
        let reply = self
            .wrapped_child(output, &format!("{}Response", op.name))
            .map(|(_, f)| (self.field_type(f, shape(f), false), f));
        Unwrapped { request, reply }
    }

    /// `emit::client::service_client`: header setters (client and builder), then per operation
    /// the SOAP method and one method per ASMX HTTP binding.
    fn soap_client_methods(&mut self, si: usize) {
        let service = &self.model.services[si];
        let mut methods = lower::reserved_scope(lower::SOAP_CLIENT_RESERVED);
        let mut setters = BTreeSet::new();
        let mut builder_setters = BTreeSet::new();
        for h in lower::header_setters(&self.model, service, &mut methods) {
            let ty = self.type_name(&self.model.element(h.element).ty);
            setters.insert(format!("{}({ty})", names::unraw(&h.with)));
            setters.insert(format!("{}({ty})", names::unraw(&h.set)));
            builder_setters.insert(format!("{}({ty})", names::unraw(&h.builder)));
        }
        let mut soap = BTreeMap::new();
        let mut http = BTreeMap::new();
        for (oi, op) in service.operations.iter().enumerate() {
            if op.rest.is_some() {
                continue;
            }
            if !op.soap.is_empty()
                && let (Some(i), Some(o)) = (op.input, op.output)
                && let (Some(req), Some(resp)) = (self.element_type(i), self.element_type(o))
            {
                let unwrapped = self.unwrapped(op, i, o);
                let req = unwrapped.request.unwrap_or(req);
                let resp = unwrapped.reply.map(|(ty, _)| ty).unwrap_or(resp);
                let m = methods.unique(&names::field_name(&op.name)).0;
                soap.insert((si, oi), format!("{}(&{req}) -> {resp}", names::unraw(&m)));
            }
            for (hi, b) in op.http.iter().enumerate() {
                let suffix = match b.method {
                    HttpMethod::Get => "http_get",
                    HttpMethod::Post => "http_post",
                    _ => continue,
                };
                // The request must be a flat set of simple values (emit::client::form_type).
                let form = match op.input {
                    None => Some(None),
                    Some(input) => match self.model.elements.get(input.0).map(|e| &e.ty) {
                        Some(TypeRef::Named(id)) => match self.model.types.get(id.0).map(|t| &t.kind) {
                            Some(TypeKind::Complex(c))
                                if c.fields.iter().all(|f| match f.kind {
                                    FieldKind::AnyAttribute => true,
                                    FieldKind::Element | FieldKind::Attribute => {
                                        f.array_item.is_none() && self.is_text(&f.ty)
                                    }
                                    _ => false,
                                }) =>
                            {
                                Some(Some(self.type_name(&TypeRef::Named(*id))))
                            }
                            _ => None,
                        },
                        _ => None,
                    },
                };
                let Some(form) = form else { continue };
                let Some(output) = b.output.or(op.output) else { continue };
                let Some(resp) = self.element_type(output) else { continue };
                // The same `Option<T>` as the SOAP method when that returns the reply wrapper's
                // optional child of the type this binding answers with.
                let soap_reply = match (op.input, op.output) {
                    (Some(i), Some(o)) if !op.soap.is_empty() => self.unwrapped(op, i, o).reply.map(|(_, f)| f),
                    _ => None,
                };
                let same_as_soap = soap_reply.is_some_and(|f| {
                    shape(f) == Shape::Optional && self.model.elements.get(output.0).is_some_and(|e| e.ty == f.ty)
                });
                let resp = if same_as_soap { format!("Option<{resp}>") } else { resp };
                let base = names::unraw(&names::field_name(&op.name)).to_owned();
                let m = methods.unique(&format!("{base}_{suffix}")).0;
                let arg = form.map(|f| format!("&{f}")).unwrap_or_default();
                http.insert((si, oi, hi), format!("{}({arg}) -> {resp}", names::unraw(&m)));
            }
        }
        self.setters[si] = setters;
        self.builder_setters[si] = builder_setters;
        self.soap_methods.extend(soap);
        self.http_methods.extend(http);
    }

    /// `emit::rest::service_client`: client-level parameter setters, then per operation its
    /// method and, for cursor-paginated ones, a `_stream` method.
    fn rest_client_methods(&mut self, si: usize, request_names: &BTreeMap<(usize, usize), String>) {
        let service = &self.model.services[si];
        let mut methods = lower::reserved_scope(lower::REST_CLIENT_RESERVED);
        let mut setters = BTreeSet::new();
        let mut params = Vec::new();
        for p in &service.client_params {
            let Some(param) = lower::param_setters(&self.model, p, &mut methods) else { continue };
            let arg = if param.takes_string { "impl Into<String>".to_owned() } else { self.type_name(&p.ty) };
            setters.insert(format!("{}({arg})", names::unraw(&param.set)));
            setters.insert(format!("{}({arg})", names::unraw(&param.with)));
            if let Some(clear) = &param.clear {
                setters.insert(names::unraw(clear).to_owned());
            }
            params.push((param.base, arg));
        }
        // Whether some generated operation's reply comes in JSON or XML at the client's choice
        // (the client and builder then have `format` setters).
        let mut any_xml = false;
        let mut out = BTreeMap::new();
        let mut streams = BTreeMap::new();
        let mut requests = BTreeMap::new();
        for (oi, op) in service.operations.iter().enumerate() {
            let Some(rest) = &op.rest else { continue };
            let reply = lower::success(rest).and_then(|r| r.body.as_ref());
            // `emit::rest::rest_operation`: a reply in JSON, or in XML with a root element name.
            let (json, xml) = reply.map_or((false, false), |b| {
                (b.media.contains(&MediaType::Json), b.media.contains(&MediaType::Xml) && b.xml_root.is_some())
            });
            let resp = match reply {
                None => "()".to_owned(),
                Some(b) if json || xml => self.type_name(&b.ty),
                Some(_) => continue,
            };
            let mut synth = None;
            if let Some(name) = request_names.get(&(si, oi)) {
                if rest.params.iter().any(|p| !self.is_text(&p.ty) || p.location == ParamLocation::Body) {
                    continue;
                }
                let mut fields = Scope::snake();
                let mut request = SynthRequest { name: name.clone(), ..SynthRequest::default() };
                let mut params = Vec::new();
                for p in &rest.params {
                    let f = names::unraw(&fields.unique(&names::field_name(&p.name)).0).to_owned();
                    let ty = self.type_name(&p.ty);
                    let required = p.required || p.location == ParamLocation::Path;
                    if required {
                        request.decls.push(format!("{f}: {ty}"));
                        request.setters.push(None);
                        params.push(format!("{f}: {ty}"));
                    } else {
                        let text = matches!(p.ty, TypeRef::Builtin(b) if lower::is_text_builtin(b));
                        let arg = if text { "impl Into<String>".to_owned() } else { ty.clone() };
                        request.decls.push(format!("{f}: Option<{ty}>"));
                        request.setters.push(Some(format!("{}({arg})", if f == "new" { "with_new" } else { &f })));
                    }
                }
                if let Some(body) = &rest.request_body {
                    let f = names::unraw(&fields.unique("body").0).to_owned();
                    let ty = self.type_name(&body.ty);
                    request.decls.push(format!("{f}: {ty}"));
                    params.push(format!("{f}: {ty}"));
                }
                request.new_sig = format!("new({})", params.join(", "));
                synth = Some(name.clone());
                requests.insert((si, oi), request);
            }
            any_xml |= json && xml;
            let m = names::unraw(&methods.unique(&names::field_name(&op.name)).0).to_owned();
            let arg = match (&synth, &rest.request_body) {
                (Some(s), _) => format!("&{s}"),
                (None, Some(b)) => format!("&{}", self.type_name(&b.ty)),
                (None, None) => String::new(),
            };
            out.insert((si, oi), format!("{m}({arg}) -> {resp}"));
            if let Some(p) = &rest.pagination {
                let item = reply.filter(|b| b.media.contains(&MediaType::Json)).and_then(|b| {
                    let mut ty = b.ty.clone();
                    let (last, parents) = p.response_items.split_last()?;
                    for wire in parents {
                        ty = self.field_of(&ty, wire)?.ty.clone();
                    }
                    let f = self.field_of(&ty, last)?;
                    matches!(shape(f), Shape::Many | Shape::Array).then(|| self.type_name(&f.ty))
                });
                let has_query_or_headers =
                    rest.params.iter().any(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Header));
                let streamable = rest.request_body.is_some() && !(synth.is_some() && has_query_or_headers);
                if let (Some(item), true) = (item, streamable) {
                    let s = names::unraw(&methods.unique(&format!("{m}_stream")).0).to_owned();
                    streams.insert((si, oi), format!("{s}({arg}) -> Stream<{item}>"));
                }
            }
        }
        let bases = params.iter().map(|(base, _)| base.as_str());
        let mut builder_setters: BTreeSet<String> = lower::builder_setters(bases, any_xml)
            .iter()
            .zip(&params)
            .map(|(name, (_, arg))| format!("{}({arg})", names::unraw(name)))
            .collect();
        if any_xml {
            setters.insert("set_format(Format)".to_owned());
            setters.insert("with_format(Format)".to_owned());
            builder_setters.insert("format(Format)".to_owned());
        }
        self.setters[si] = setters;
        self.builder_setters[si] = builder_setters;
        self.rest_methods.extend(out);
        self.stream_methods.extend(streams);
        self.rest_requests.extend(requests);
    }

    fn field_of(&self, ty: &TypeRef, wire: &str) -> Option<&Field> {
        let TypeRef::Named(id) = ty else { return None };
        let TypeKind::Complex(c) = &self.model.types.get(id.0)?.kind else { return None };
        c.fields.iter().find(|f| f.name == wire)
    }
}

/// The last segment of a Rust path (`DateTime` of `::wsbind::types::DateTime`), as the snapshot
/// writes types.
fn short_path(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}
