//! The API snapshot of a service model: a sorted tree of [`Node`]s that says what the service
//! offers on the wire (services, endpoints, operations and their bindings, types, fields, enum
//! values, limits, secrets) and in Rust (the names and shapes the emitter gives).
//!
//! Identity is wire identity: types are keyed by namespace + local name (Clark notation
//! `{ns}local`), fields by wire name (`@name` for attributes), so the snapshot does not depend on
//! file order, prefixes, whitespace or how a schema was split into files. Children are sorted,
//! except the fields and choice alternatives of a type, which keep their wire order (an XML
//! sequence is ordered).
//!
//! Each type also records where it travels (`used=request|reply|both`, from operations through
//! fields, bases and derived types): the diff's verdicts depend on the direction.

use std::collections::{BTreeMap, HashMap};

use super::rust_api::RustApi;
use crate::model::{
    Body, ChoiceType, ContainerKind, Discriminator, ElementId, Field, FieldKind, HttpMethod, Limits, MediaType, Model,
    Occurs, Param, ParamLocation, Protocol, QName, SoapVersion, StatusMatch, TypeId, TypeKind, TypeRef,
};

/// A service's API: the `.api` file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Module name of the service (`tc2`).
    pub module: String,
    /// True when every body is JSON (no SOAP, no XML media): field order is then not part of the
    /// contract.
    pub json_only: bool,
    /// Services first, then types, each sorted by name.
    pub nodes: Vec<Node>,
}

/// One entry: a kind, a name unique among its siblings of that kind, properties, children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    /// Empty for the kinds that occur once per parent ([`Kind::named`] is false).
    pub name: String,
    /// Property values; flags (`required`, `nillable`, `secret`) have the empty string.
    pub props: BTreeMap<String, String>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(kind: Kind, name: impl Into<String>) -> Node {
        Node { kind, name: name.into(), props: BTreeMap::new(), children: Vec::new() }
    }
    pub fn prop(&self, key: &str) -> Option<&str> {
        self.props.get(key).map(String::as_str)
    }
    pub fn flag(&self, key: &str) -> bool {
        self.props.contains_key(key)
    }
    fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.props.insert(key.to_owned(), value.into());
        self
    }
    fn set_opt(&mut self, key: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(v) = value {
            self.props.insert(key.to_owned(), v.into());
        }
        self
    }
    fn set_flag(&mut self, key: &str, on: bool) -> &mut Self {
        if on {
            self.props.insert(key.to_owned(), String::new());
        }
        self
    }
    /// The child of `kind` named `name`.
    pub fn child(&self, kind: Kind, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.kind == kind && c.name == name)
    }
}

macro_rules! kinds {
    ($($variant:ident $text:literal $named:literal,)*) => {
        /// What a [`Node`] describes. The order of the variants is the order of siblings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $($variant,)* }
        impl Kind {
            pub const ALL: &[Kind] = &[$(Kind::$variant,)*];
            /// The keyword in the `.api` text.
            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $text,)* }
            }
            /// False for kinds that occur at most once per parent and have no name.
            pub fn named(self) -> bool {
                match self { $(Kind::$variant => $named,)* }
            }
            pub fn parse(text: &str) -> Option<Kind> {
                match text { $($text => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    Service "service" true,
    Endpoint "endpoint" true,
    ClientParam "client-param" true,
    Operation "operation" true,
    Soap "soap" true,
    Http "http" true,
    Rest "rest" false,
    Input "input" false,
    Output "output" false,
    HeaderIn "header-in" true,
    HeaderOut "header-out" true,
    Fault "fault" true,
    Param "param" true,
    Body "body" false,
    Response "response" true,
    Pagination "pagination" false,
    Type "type" true,
    Field "field" true,
    Variant "variant" true,
    Value "value" true,
}

/// Where a type travels.
const REQUEST: u8 = 1;
const REPLY: u8 = 2;

/// The snapshot of a model.
pub fn snapshot(model: &Model) -> Snapshot {
    Builder::new(model, RustApi::new(model)).build()
}

/// [`snapshot`] of `model` once lowered as `lowered` (lowering is not repeated).
pub(crate) fn snapshot_lowered(model: &Model, lowered: &crate::lower::Lowered<'_>) -> Snapshot {
    Builder::new(model, RustApi::of(lowered)).build()
}

struct Builder<'m> {
    /// The model as given: types are described from it.
    model: &'m Model,
    rust: RustApi,
    keys: Vec<String>,
    used: Vec<u8>,
    /// Per substitution group head with members (its name, namespace and type, as a field that
    /// refers to it has them): the members that may stand in its place, sorted (Clark notation).
    substitutes: Vec<(HeadRef, String)>,
}

/// How a field that refers to an element has it: namespace, name and type.
type HeadRef = (Option<String>, String, TypeRef);

/// `{ns}local`, or `local` without a namespace.
pub fn clark(ns: Option<&str>, local: &str) -> String {
    match ns.filter(|n| !n.is_empty()) {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_owned(),
    }
}

fn qname(q: &QName) -> String {
    clark(q.ns.as_deref(), &q.local)
}

/// `min..max` (`*` for unbounded).
pub fn occurs_text(o: Occurs) -> String {
    match o.max {
        Some(max) => format!("{}..{max}", o.min),
        None => format!("{}..*", o.min),
    }
}

fn number(v: f64) -> String {
    format!("{v}")
}

/// The patterns a value must match, as one property: the pattern itself, or each in parentheses
/// joined by `&` when a restriction of a restriction keeps its bases' too.
fn patterns_text(patterns: &[String]) -> Option<String> {
    match patterns {
        [] => None,
        [one] => Some(one.clone()),
        all => Some(all.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join("&")),
    }
}

fn limits(node: &mut Node, l: &Limits) {
    node.set_opt("min-length", l.min_length.map(|v| v.to_string()))
        .set_opt("max-length", l.max_length.map(|v| v.to_string()))
        .set_opt("min-items", l.min_items.map(|v| v.to_string()))
        .set_opt("max-items", l.max_items.map(|v| v.to_string()))
        .set_opt("minimum", l.minimum.map(number))
        .set_opt("maximum", l.maximum.map(number))
        .set_opt("pattern", patterns_text(&l.patterns))
        .set_opt("max-months", l.max_months.map(|v| v.to_string()));
}

fn method_text(m: HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Head => "HEAD",
        HttpMethod::Options => "OPTIONS",
        HttpMethod::Trace => "TRACE",
    }
}

fn media_text(media: &[MediaType]) -> String {
    let m: Vec<&str> = media
        .iter()
        .map(|m| match m {
            MediaType::Json => "json",
            MediaType::Xml => "xml",
            MediaType::Form => "form",
            MediaType::Multipart => "multipart",
            MediaType::Text => "text",
            MediaType::Binary => "binary",
        })
        .collect();
    m.join(",")
}

fn status_text(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(d) => format!("{d}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn location_text(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Path => "path",
        ParamLocation::Body => "body",
        ParamLocation::Cookie => "cookie",
    }
}

fn protocol_text(p: Protocol) -> &'static str {
    match p {
        Protocol::Soap11 => "soap1.1",
        Protocol::Soap12 => "soap1.2",
        Protocol::HttpGet => "http-get",
        Protocol::HttpPost => "http-post",
        Protocol::Rest => "rest",
    }
}

/// Makes sibling names unique (`name`, `name#2`, ...), in order.
fn unique(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    names
        .map(|n| {
            let count = seen.entry(n.clone()).or_insert(0);
            *count += 1;
            if *count == 1 { n } else { format!("{n}#{count}") }
        })
        .collect()
}

/// The name of a field node: the wire name, `@name` for attributes, `#text`, `#any`, `@*`.
fn field_key(f: &Field) -> String {
    match f.kind {
        FieldKind::Attribute => format!("@{}", f.name),
        FieldKind::Text => "#text".to_owned(),
        FieldKind::Any => "#any".to_owned(),
        FieldKind::AnyAttribute => "@*".to_owned(),
        FieldKind::Element | FieldKind::Choice | FieldKind::Group => f.name.clone(),
    }
}

fn sort(nodes: &mut [Node]) {
    nodes.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
}

impl<'m> Builder<'m> {
    fn new(model: &'m Model, rust: RustApi) -> Self {
        let keys = unique(model.types.iter().map(|t| qname(&t.name)));
        let used = reachability(model);
        let substitutes = crate::lower::substitution_groups(model)
            .into_iter()
            .map(|(head, members)| {
                let h = &model.elements[head];
                let mut names: Vec<String> = members[1..]
                    .iter()
                    .map(|&m| &model.elements[m])
                    .filter(|e| !e.is_abstract)
                    .map(|e| clark(e.name.ns.as_deref(), &e.name.local))
                    .collect();
                names.sort();
                ((h.name.ns.clone(), h.name.local.clone(), h.ty.clone()), names.join(" "))
            })
            .collect();
        Builder { model, rust, keys, used, substitutes }
    }

    fn type_ref(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Builtin(b) => format!("xs:{}", crate::emit::builtin_xsd(*b)),
            TypeRef::Named(id) => match self.keys.get(id.0) {
                Some(key) => key.clone(),
                // A sum type the emitter adds for a base type with derived types: on the wire, the
                // base type (its Rust type is the field's `rust`).
                None => match self.rust.model.types.get(id.0).map(|t| &t.kind) {
                    Some(TypeKind::Choice(ChoiceType {
                        discriminator: Discriminator::XsiType { base, .. }, ..
                    })) => self.type_ref(&TypeRef::Named(*base)),
                    _ => "xs:anyType".to_owned(),
                },
            },
        }
    }

    fn element(&self, node: &mut Node, id: ElementId) {
        if let Some(e) = self.model.elements.get(id.0) {
            node.set("element", qname(&e.name)).set("type", self.type_ref(&e.ty)).set_flag("nillable", e.nillable);
        }
    }

    fn build(self) -> Snapshot {
        let json_only = self.model.services.iter().all(|s| {
            s.operations.iter().all(|op| {
                op.soap.is_empty()
                    && op.http.is_empty()
                    && op.rest.as_ref().is_none_or(|r| {
                        r.request_body
                            .iter()
                            .chain(r.responses.iter().filter_map(|x| x.body.as_ref()))
                            .all(|b: &Body| !b.media.contains(&MediaType::Xml))
                    })
            })
        }) && !self.model.services.is_empty();
        let mut services: Vec<Node> = (0..self.model.services.len()).map(|si| self.service(si)).collect();
        let names = unique(services.iter().map(|s| s.name.clone()));
        for (s, n) in services.iter_mut().zip(names) {
            s.name = n;
        }
        sort(&mut services);
        let mut types: Vec<Node> = (0..self.model.types.len()).map(|i| self.ty(TypeId(i))).collect();
        sort(&mut types);
        services.extend(types);
        Snapshot { module: self.model.module.clone(), json_only, nodes: services }
    }

    fn service(&self, si: usize) -> Node {
        let s = &self.model.services[si];
        let mut node = Node::new(Kind::Service, &s.name);
        node.set_opt("rust", self.rust.clients.get(si).cloned().flatten());
        let setters = &self.rust.setters[si];
        if !setters.is_empty() {
            node.set("rust-setters", setters.iter().cloned().collect::<Vec<_>>().join("; "));
        }
        node.set_opt("rust-builder", self.rust.builders.get(si).cloned().flatten());
        let builder_setters = &self.rust.builder_setters[si];
        if !builder_setters.is_empty() {
            node.set("rust-builder-setters", builder_setters.iter().cloned().collect::<Vec<_>>().join("; "));
        }
        // The endpoint whose address is the client's `DEFAULT_ADDRESS` (emit::client / emit::rest).
        let rest_client = self.rust.clients.get(si).is_some_and(Option::is_some)
            && s.operations.iter().all(|op| op.rest.is_some() && op.soap.is_empty() && op.http.is_empty());
        let default = if rest_client {
            (!s.endpoints.is_empty()).then_some(0)
        } else {
            s.endpoints
                .iter()
                .position(|e| matches!(e.protocol, Protocol::Soap11 | Protocol::Soap12))
                .or((!s.endpoints.is_empty()).then_some(0))
        };
        let names = unique(s.endpoints.iter().map(|e| e.name.clone()));
        for (i, (e, name)) in s.endpoints.iter().zip(names).enumerate() {
            let mut n = Node::new(Kind::Endpoint, name);
            n.set("protocol", protocol_text(e.protocol)).set("address", &e.address);
            n.set_flag("default", default == Some(i));
            node.children.push(n);
        }
        for p in &s.client_params {
            node.children.push(self.param(Kind::ClientParam, p, None));
        }
        let names = unique(s.operations.iter().map(|o| o.name.clone()));
        for (oi, name) in names.into_iter().enumerate() {
            node.children.push(self.operation(si, oi, name));
        }
        sort(&mut node.children);
        node
    }

    fn param(&self, kind: Kind, p: &Param, rust: Option<(&String, Option<&String>)>) -> Node {
        let mut n = Node::new(kind, &p.name);
        n.set("in", location_text(p.location))
            .set("type", self.type_ref(&p.ty))
            .set_flag("required", p.required || p.location == ParamLocation::Path)
            .set_opt("array", p.array.map(|a| format!("{a:?}").to_lowercase()))
            .set_flag("secret", p.secret);
        limits(&mut n, &p.limits);
        n.set_opt("rust", rust.map(|r| r.0.clone()));
        n.set_opt("rust-setter", rust.and_then(|r| r.1.cloned()));
        n
    }

    fn operation(&self, si: usize, oi: usize, name: String) -> Node {
        let op = &self.model.services[si].operations[oi];
        let mut node = Node::new(Kind::Operation, name);
        node.set_opt("rust", self.rust.soap_methods.get(&(si, oi)).cloned());
        if let Some(i) = op.input {
            let mut n = Node::new(Kind::Input, "");
            self.element(&mut n, i);
            node.children.push(n);
        }
        if let Some(o) = op.output {
            let mut n = Node::new(Kind::Output, "");
            self.element(&mut n, o);
            node.children.push(n);
        }
        let mut headers: BTreeMap<(Kind, String), Node> = BTreeMap::new();
        for b in &op.soap {
            let version = match b.version {
                SoapVersion::V11 => "1.1",
                SoapVersion::V12 => "1.2",
            };
            let mut n = Node::new(Kind::Soap, version);
            n.set("action", &b.action)
                .set("style", if b.rpc { "rpc" } else { "document" })
                .set("use", if b.encoded { "encoded" } else { "literal" });
            node.children.push(n);
            for (kind, list) in [(Kind::HeaderIn, &b.input_headers), (Kind::HeaderOut, &b.output_headers)] {
                for h in list {
                    let Some(e) = self.model.elements.get(h.element.0) else { continue };
                    let key = (kind, qname(&e.name));
                    let entry = headers.entry(key.clone()).or_insert_with(|| {
                        let mut n = Node::new(kind, key.1.clone());
                        n.set("type", self.type_ref(&e.ty));
                        n
                    });
                    // A header is required when any binding requires it.
                    entry.set_flag("required", h.required);
                    let versions = entry.props.entry("soap".to_owned()).or_default();
                    if !versions.split(',').any(|v| v == version) {
                        if !versions.is_empty() {
                            versions.push(',');
                        }
                        versions.push_str(version);
                    }
                }
            }
        }
        node.children.extend(headers.into_values());
        let faults = unique(op.faults.iter().map(|f| f.name.clone()));
        for (f, name) in op.faults.iter().zip(faults) {
            let mut n = Node::new(Kind::Fault, name);
            if let Some(d) = f.detail {
                self.element(&mut n, d);
            }
            node.children.push(n);
        }
        for (hi, h) in op.http.iter().enumerate() {
            let mut n = Node::new(Kind::Http, method_text(h.method));
            n.set("location", &h.location);
            if let Some(o) = h.output.or(op.output)
                && let Some(e) = self.model.elements.get(o.0)
            {
                n.set("output", qname(&e.name));
            }
            let params: Vec<String> = h.params.iter().map(|p| format!("{}:{}", p.name, self.type_ref(&p.ty))).collect();
            if !params.is_empty() {
                n.set("params", params.join(","));
            }
            n.set_opt("rust", self.rust.http_methods.get(&(si, oi, hi)).cloned());
            node.children.push(n);
        }
        if let Some(rest) = &op.rest {
            node.children.push(self.rest(si, oi, rest));
        }
        sort(&mut node.children);
        node
    }

    fn rest(&self, si: usize, oi: usize, rest: &crate::model::RestBinding) -> Node {
        let mut n = Node::new(Kind::Rest, "");
        n.set("method", method_text(rest.method)).set("path", &rest.path);
        n.set_opt("rust", self.rust.rest_methods.get(&(si, oi)).cloned());
        let synth = self.rust.rest_requests.get(&(si, oi));
        n.set_opt("rust-request", synth.map(|s| s.name.clone()));
        n.set_opt("rust-request-new", synth.map(|s| s.new_sig.clone()));
        if let Some(ok) = crate::lower::success(rest).and_then(|r| r.body.as_ref()) {
            n.set("success", self.type_ref(&ok.ty));
        }
        if let Some(s) = &rest.reply_status {
            let mut text = s.block.join(".");
            if let Some(c) = &s.code {
                text.push_str(&format!(" code={c}"));
            }
            if let Some(m) = &s.message {
                text.push_str(&format!(" message={m}"));
            }
            n.set("reply-status", text);
        }
        if !rest.security.is_empty() {
            n.set("security", security_text(&self.model.services[si], &rest.security));
        }
        for (pi, p) in rest.params.iter().enumerate() {
            let rust = synth.and_then(|s| Some((s.decls.get(pi)?, s.setters.get(pi).and_then(Option::as_ref))));
            n.children.push(self.param(Kind::Param, p, rust));
        }
        if let Some(b) = &rest.request_body {
            let mut body = Node::new(Kind::Body, "");
            body.set("type", self.type_ref(&b.ty)).set("media", media_text(&b.media)).set_flag("required", b.required);
            body.set_opt("xml-root", b.xml_root.as_ref().map(qname));
            body.set_opt("rust", synth.and_then(|s| s.decls.get(rest.params.len())).cloned());
            n.children.push(body);
        }
        let names = unique(rest.responses.iter().map(|r| status_text(r.status)));
        for (r, name) in rest.responses.iter().zip(names) {
            let mut resp = Node::new(Kind::Response, name);
            if let Some(b) = &r.body {
                resp.set("type", self.type_ref(&b.ty)).set("media", media_text(&b.media));
                resp.set_opt("xml-root", b.xml_root.as_ref().map(qname));
            }
            let headers: Vec<&str> = r.headers.iter().map(|h| h.name.as_str()).collect();
            if !headers.is_empty() {
                resp.set("headers", headers.join(","));
            }
            n.children.push(resp);
        }
        if let Some(p) = &rest.pagination {
            let mut page = Node::new(Kind::Pagination, "");
            page.set("cursor", p.request_cursor.join("."))
                .set("count", p.request_count.join("."))
                .set("next", p.response_cursor.join("."))
                .set("items", p.response_items.join("."))
                .set_opt("max-count", p.max_count.map(|c| c.to_string()));
            page.set_opt("rust", self.rust.stream_methods.get(&(si, oi)).cloned());
            n.children.push(page);
        }
        sort(&mut n.children);
        n
    }

    fn ty(&self, id: TypeId) -> Node {
        // The emitter's model: same types, plus the fields it adds to base types.
        let t = &self.rust.model.types[id.0];
        let plan = &self.rust.plan.types[id.0];
        let mut node = Node::new(Kind::Type, &self.keys[id.0]);
        node.set_flag("anonymous", t.anonymous);
        match self.used[id.0] {
            0 => {}
            REQUEST => {
                node.set("used", "request");
            }
            REPLY => {
                node.set("used", "reply");
            }
            _ => {
                node.set("used", "both");
            }
        }
        match &t.kind {
            TypeKind::Complex(c) => {
                node.set("kind", "complex");
                node.set_opt("base", c.base.map(|b| self.type_ref(&TypeRef::Named(b))));
                node.set_flag("abstract", c.is_abstract).set_flag("mixed", c.mixed);
                let mut derived: Vec<String> = c.derived.iter().map(|d| self.type_ref(&TypeRef::Named(*d))).collect();
                derived.sort();
                derived.dedup();
                if !derived.is_empty() {
                    node.set("derived", derived.join(" "));
                }
                // Fields past the schema's are the ones the emitter adds to base types. The wire
                // is described from the schema's fields (the emitter's may hold a sum type or a
                // substitution group's choice where the schema declares a type or an element).
                let declared: &[Field] = match &self.model.types[id.0].kind {
                    TypeKind::Complex(c) => &c.fields,
                    _ => &[],
                };
                fn wire<'f>(declared: &'f [Field], n: usize, f: &'f Field) -> &'f Field {
                    declared.get(n).unwrap_or(f)
                }
                let keys = unique(c.fields.iter().enumerate().map(|(n, f)| field_key(wire(declared, n, f))));
                for (n, (f, key)) in c.fields.iter().zip(keys).enumerate() {
                    let mut field = self.field(wire(declared, n, f), key);
                    field.set_flag("wsbind", n >= declared.len());
                    field.set("rust", self.rust.field_decl(id, n, f));
                    field.set_opt("rust-setter", self.rust.setter(id, n, f));
                    field.set_opt("rust-variants", self.sum_variants(&f.ty));
                    node.children.push(field);
                }
                node.set("rust-new", self.rust.new_sig(id, &c.fields));
            }
            TypeKind::Enum(e) => {
                node.set("kind", "enum").set("base", format!("xs:{}", crate::emit::builtin_xsd(e.base)));
                let keys = unique(e.values.iter().map(|v| v.value.clone()));
                for (n, key) in keys.into_iter().enumerate() {
                    let mut v = Node::new(Kind::Value, key);
                    v.set_opt("rust", plan.variants.get(n).map(|s| crate::names::unraw(s).to_owned()));
                    node.children.push(v);
                }
                sort(&mut node.children);
            }
            TypeKind::Simple(s) => {
                node.set("kind", if s.list { "list" } else { "simple" }).set("base", self.type_ref(&s.base));
                limits(&mut node, &s.limits);
            }
            TypeKind::Container(c) => {
                let kind = match c.kind {
                    ContainerKind::List => "array",
                    ContainerKind::Map => "map",
                };
                node.set("kind", kind).set("base", self.type_ref(&c.item)).set_flag("nullable-items", c.nullable_items);
            }
            TypeKind::Choice(c) => {
                node.set("kind", "choice").set_flag("optional", c.optional);
                // A JSON sum: its discriminator property (`tag`) or `untagged`.
                match &c.discriminator {
                    Discriminator::Property { name, .. } => {
                        node.set("tag", name.clone());
                    }
                    Discriminator::Untagged => {
                        node.set_flag("untagged", true);
                    }
                    Discriminator::Element | Discriminator::XsiType { .. } => {}
                }
                let keys = unique(c.variants.iter().map(field_key));
                for (n, (f, key)) in c.variants.iter().zip(keys).enumerate() {
                    let mut v = self.field(f, key);
                    v.kind = Kind::Variant;
                    v.set("rust", self.rust.choice_variant(id, n, f));
                    if c.is_json() {
                        // Its discriminator values, and that the enum keeps what it does not
                        // know (`Unknown(JsonValue)`): what the wire verdicts of a JSON sum read.
                        let tags = c.tags(n);
                        if !tags.is_empty() {
                            v.set("tags", tags.join(" "));
                        }
                        v.set_flag("unknown-kept", true);
                    }
                    node.children.push(v);
                }
            }
        }
        let name = crate::names::unraw(&plan.name).to_owned();
        let rust = match &t.kind {
            TypeKind::Complex(_) => format!("struct {name}"),
            TypeKind::Enum(_) | TypeKind::Choice(_) => format!("enum {name}"),
            TypeKind::Simple(s) if s.list => format!("struct {name}(Vec<{}>)", self.rust.type_name(&s.base)),
            TypeKind::Simple(s) => format!("type {name} = {}", self.rust.type_name(&s.base)),
            TypeKind::Container(_) if plan.newtype => format!("struct {name}({})", self.rust.container(id)),
            TypeKind::Container(_) => format!("type {name} = {}", self.rust.container(id)),
        };
        node.set("rust", rust);
        node.set_flag(
            "no-default",
            !plan.has_default && !matches!(t.kind, TypeKind::Simple(_) | TypeKind::Container(_)),
        );
        node
    }

    /// The variants of the enum the lowering adds for a field (a substitution group's choice, a
    /// base type's sum), `Name(Type); ...`: the schema's types do not list them.
    fn sum_variants(&self, ty: &TypeRef) -> Option<String> {
        let TypeRef::Named(sum) = ty else { return None };
        if sum.0 < self.model.types.len() {
            return None;
        }
        let TypeKind::Choice(c) = &self.rust.model.types.get(sum.0)?.kind else { return None };
        let variants: Vec<String> =
            c.variants.iter().enumerate().map(|(k, v)| self.rust.choice_variant(*sum, k, v)).collect();
        Some(variants.join("; "))
    }

    fn field(&self, f: &Field, key: String) -> Node {
        let mut n = Node::new(Kind::Field, key);
        let kind = match f.kind {
            FieldKind::Element => "element",
            FieldKind::Attribute => "attribute",
            FieldKind::Text => "text",
            FieldKind::Any => "any",
            FieldKind::AnyAttribute => "any-attribute",
            FieldKind::Choice => "choice",
            FieldKind::Group => "group",
        };
        n.set("as", kind);
        if f.kind == FieldKind::Element {
            let key = (f.ns.clone(), f.name.clone(), f.ty.clone());
            let members = self.substitutes.iter().find(|(head, _)| *head == key).map(|(_, m)| m.clone());
            n.set_opt("substitutes", members);
        }
        n.set_opt("ns", f.ns.clone().filter(|n| !n.is_empty()));
        n.set("type", self.type_ref(&f.ty)).set("occurs", occurs_text(f.occurs));
        n.set_flag("nillable", f.nillable);
        n.set_opt("default", f.default.clone()).set_opt("fixed", f.fixed.clone());
        n.set_flag("secret", f.secret);
        if let Some(item) = &f.array_item {
            n.set("array-item", clark(item.ns.as_deref(), &item.name));
            n.set_flag("item-nillable", item.nillable);
        }
        limits(&mut n, &f.limits);
        n
    }
}

/// Per type: [`REQUEST`] and/or [`REPLY`] when some operation sends or receives it (through
/// fields, choice alternatives, simple bases, bases and derived types).
fn reachability(model: &Model) -> Vec<u8> {
    let mut used = vec![0u8; model.types.len()];
    let mut stack: Vec<(TypeRef, u8)> = Vec::new();
    let element = |id: ElementId| model.elements.get(id.0).map(|e| e.ty.clone());
    for s in &model.services {
        for p in &s.client_params {
            stack.push((p.ty.clone(), REQUEST));
        }
        for op in &s.operations {
            stack.extend(op.input.and_then(element).map(|t| (t, REQUEST)));
            stack.extend(op.output.and_then(element).map(|t| (t, REPLY)));
            for f in &op.faults {
                stack.extend(f.detail.and_then(element).map(|t| (t, REPLY)));
            }
            for b in &op.soap {
                stack.extend(b.input_headers.iter().filter_map(|h| element(h.element)).map(|t| (t, REQUEST)));
                stack.extend(b.output_headers.iter().filter_map(|h| element(h.element)).map(|t| (t, REPLY)));
            }
            for h in &op.http {
                stack.extend(h.params.iter().map(|p| (p.ty.clone(), REQUEST)));
                stack.extend(h.output.and_then(element).map(|t| (t, REPLY)));
            }
            if let Some(r) = &op.rest {
                stack.extend(r.params.iter().map(|p| (p.ty.clone(), REQUEST)));
                stack.extend(r.request_body.iter().map(|b| (b.ty.clone(), REQUEST)));
                for resp in &r.responses {
                    stack.extend(resp.body.iter().map(|b| (b.ty.clone(), REPLY)));
                    stack.extend(resp.headers.iter().map(|p| (p.ty.clone(), REPLY)));
                }
            }
        }
    }
    while let Some((ty, dir)) = stack.pop() {
        let TypeRef::Named(id) = ty else { continue };
        let Some(t) = model.types.get(id.0) else { continue };
        if used[id.0] & dir == dir {
            continue;
        }
        used[id.0] |= dir;
        match &t.kind {
            TypeKind::Complex(c) => {
                stack.extend(c.fields.iter().map(|f| (f.ty.clone(), dir)));
                stack.extend(c.base.map(|b| (TypeRef::Named(b), dir)));
                stack.extend(c.derived.iter().map(|d| (TypeRef::Named(*d), dir)));
            }
            TypeKind::Choice(c) => stack.extend(c.variants.iter().map(|f| (f.ty.clone(), dir))),
            TypeKind::Simple(s) => stack.push((s.base.clone(), dir)),
            TypeKind::Container(c) => stack.push((c.item.clone(), dir)),
            TypeKind::Enum(_) => {}
        }
    }
    used
}

/// An operation's security as the snapshot shows it: alternatives separated by ` | `, the schemes
/// of one by ` + `, OAuth 2 scopes in parentheses (`oauth(notes.read) | api_key`); an empty
/// alternative (callable without credentials) is `none`.
fn security_text(service: &crate::model::Service, security: &[crate::model::SecurityRequirement]) -> String {
    let alternatives: Vec<String> = security
        .iter()
        .map(|r| {
            if r.schemes.is_empty() {
                return "none".to_owned();
            }
            let schemes: Vec<String> = r
                .schemes
                .iter()
                .map(|(i, scopes)| {
                    let name = service.security_schemes.get(*i).map_or("?", |s| s.name.as_str());
                    if scopes.is_empty() { name.to_owned() } else { format!("{name}({})", scopes.join(",")) }
                })
                .collect();
            schemes.join(" + ")
        })
        .collect();
    alternatives.join(" | ")
}
