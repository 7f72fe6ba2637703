//! REST decisions: which types travel as JSON (and, for REST-only models, which records as XML),
//! the REST client names, the synthesised request names ([`RestPlan`]), the names a REST client
//! and its builder already have ([`REST_CLIENT_RESERVED`], [`REST_BUILDER_RESERVED`]), and the
//! setters of client-level parameters ([`param_setters`], [`builder_setters`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::builtins::is_text_builtin;
use super::clients::{ClientNames, reserved_scope};
use super::plan::{Plan, RESERVED_TYPES};
use crate::model::{
    Body, Builtin, FieldKind, Limits, MediaType, Model, Param, ParamLocation, Response, RestBinding, Service,
    StatusMatch, TypeKind, TypeRef,
};
use crate::names::{self, Scope};

/// REST decisions taken before emitting: JSON types and synthesised request names.
#[derive(Debug, Clone, Default)]
pub struct RestPlan {
    /// Types (by index) used in JSON bodies: serde derives and `Validate` impls.
    pub json: BTreeSet<usize>,
    /// Records (complex types and choices, by index) that travel as XML, when the model is
    /// REST-only: only they get `Encode`/`Decode` impls. `None` when some service speaks SOAP or
    /// ASMX HTTP: every record may then travel as XML (also as a derived type, by `xsi:type`).
    pub xml: Option<BTreeSet<usize>>,
    /// Name of the synthesised request struct per (service index, operation index).
    pub requests: BTreeMap<(usize, usize), String>,
    /// Per service index: (client, ops module, default address constant) names, for services
    /// whose client is a REST client.
    pub clients: BTreeMap<usize, (String, String, String)>,
    /// Per service index of [`RestPlan::clients`]: the name of its mock module (`mock`, or
    /// `<service>_mock` beside other clients).
    pub mocks: BTreeMap<usize, String>,
    /// The JSON sums (`oneOf` / `anyOf`) among [`RestPlan::json`], by type index: what their serde
    /// impls tell the runtime.
    pub sums: BTreeMap<usize, super::SumPlan>,
}

/// Names a REST client's `impl` already has, which client-level parameter setters and operation
/// methods must not take: `new`, `with_transport`, `builder` and `address` (generated here),
/// `format`, `set_format` and `with_format` (generated when a reply comes in JSON or XML at the
/// client's choice), `clone` and `fmt` (the derived `Clone` and `Debug`), the field `inner`, and
/// the methods of the runtime macro `wsbind::client_methods!` (`with_call_options`,
/// `set_call_options`).
pub const REST_CLIENT_RESERVED: &[&str] = &[
    "new",
    "with_transport",
    "builder",
    "address",
    "clone",
    "fmt",
    "inner",
    "format",
    "set_format",
    "with_format",
    "with_call_options",
    "set_call_options",
];

/// Names a REST client builder already has, which client-level parameter setters (and the fields
/// behind them) must not take: its field `config`, `build` (generated here), and the methods of
/// the runtime macro `wsbind::client_builder_methods!(rest)` (`transport`, `timeout`,
/// `connect_timeout`, `max_reply_bytes`, `retry_policy`, `redirect_policy`, `max_pages`,
/// `namespace_tolerant`). `format` (field and setter) is taken too when the builder has it, see
/// [`builder_setters`].
pub const REST_BUILDER_RESERVED: &[&str] = &[
    "transport",
    "timeout",
    "connect_timeout",
    "max_reply_bytes",
    "retry_policy",
    "redirect_policy",
    "max_pages",
    "namespace_tolerant",
    "build",
    "config",
];

/// The name of the builder of the REST client `client`.
pub fn rest_builder_name(client: &str) -> String {
    format!("{client}Builder")
}

/// The client setters of one client-level parameter.
#[derive(Debug, Clone)]
pub struct ParamSetters {
    /// Sets the parameter in place (`set_api_key`).
    pub set: String,
    /// Consumes and returns the client (`with_api_key`).
    pub with: String,
    /// Stops sending an optional parameter (`clear_api_key`); `None` for a required one.
    pub clear: Option<String>,
    /// The parameter's snake-case name, which its builder setter starts from ([`builder_setters`]).
    pub base: String,
    /// The setters take `impl Into<String>` (a string type, also through aliases); else a value of
    /// the parameter's type.
    pub takes_string: bool,
}

/// The client setters of a client-level parameter, named in `methods` (the client's method scope,
/// which starts from [`REST_CLIENT_RESERVED`]; the operation methods are named in it afterwards):
/// `set_`, `with_`, then `clear_` for an optional one. `None` when the parameter cannot be set on
/// the client: only header parameters with a lexical form and JSON body properties can.
pub fn param_setters(model: &Model, p: &Param, methods: &mut Scope) -> Option<ParamSetters> {
    let settable = match p.location {
        ParamLocation::Header => model.is_text(&p.ty),
        ParamLocation::Body => true,
        _ => false,
    };
    if !settable {
        return None;
    }
    let base = names::unraw(&names::field_name(&p.name)).to_owned();
    let set = methods.unique(&format!("set_{base}")).0;
    let with = methods.unique(&format!("with_{base}")).0;
    let clear = (!p.required).then(|| methods.unique(&format!("clear_{base}")).0);
    let takes_string = model.resolve_builtin(&p.ty).is_some_and(is_text_builtin);
    Some(ParamSetters { set, with, clear, base, takes_string })
}

/// The builder setter (and field) of each client-level parameter, by its [`ParamSetters::base`]
/// in order: avoiding [`REST_BUILDER_RESERVED`], `format` when the builder has its own
/// `format` setter and field (`format`: some operation's reply comes in JSON or XML at the
/// client's choice), and the builder's credential setters (`credentials`, see
/// [`super::security::credential_setters`]).
pub fn builder_setters<'a>(
    bases: impl IntoIterator<Item = &'a str>,
    format: bool,
    credentials: &[super::CredentialSetter],
) -> Vec<String> {
    let mut scope = reserved_scope(REST_BUILDER_RESERVED);
    if format {
        scope.reserve("format");
    }
    for c in credentials {
        scope.reserve(c.kind.setter());
    }
    bases.into_iter().map(|base| scope.unique(&names::keyword_safe(base)).0).collect()
}

/// True when the service's operations are all REST (it then gets a REST client).
fn is_rest_service(service: &Service) -> bool {
    !service.operations.is_empty()
        && service.operations.iter().all(|op| op.rest.is_some() && op.soap.is_empty() && op.http.is_empty())
}

/// The success response of a REST operation (first 2xx).
pub fn success(rest: &RestBinding) -> Option<&Response> {
    rest.responses.iter().find(|r| match r.status {
        StatusMatch::Code(n) => (200..300).contains(&n),
        StatusMatch::Range(d) => d == 2,
        StatusMatch::Default => false,
    })
}

/// How a REST operation's request body goes on the wire: the runtime's
/// `wsbind::rest::BodyEncoding` the operation's constant names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestEncoding {
    Json,
    Form,
    Multipart,
    /// A string body, with its media type.
    Text(String),
    /// A `wsbind::rest::Binary` body, with the declared media type it is sent as unless it
    /// carries its own.
    Binary(String),
}

impl RequestEncoding {
    /// What the request body is, for the docs of its field (`The request body, sent as
    /// \`multipart/form-data\`.`).
    pub fn doc(&self) -> String {
        match self {
            RequestEncoding::Json => "The JSON request body.".to_owned(),
            RequestEncoding::Form => "The request body, sent as `application/x-www-form-urlencoded`.".to_owned(),
            RequestEncoding::Multipart => {
                "The request body, sent as `multipart/form-data` (one part per property, files as `Binary`).".to_owned()
            }
            RequestEncoding::Text(media) => format!("The request body, sent as `{media}`."),
            RequestEncoding::Binary(media) => {
                format!("The request body, sent as `{media}` unless it names its own media type.")
            }
        }
    }
}

/// The encoding of a request body: its first media type's ([`Body::media`]); a body first
/// offered as XML goes as JSON (the runtime sends no XML request bodies).
pub fn request_encoding(body: Option<&Body>) -> RequestEncoding {
    let Some(body) = body else { return RequestEncoding::Json };
    let declared = |default: &str| body.media_names.first().cloned().unwrap_or_else(|| default.to_owned());
    match body.media.first() {
        Some(MediaType::Form) => RequestEncoding::Form,
        Some(MediaType::Multipart) => RequestEncoding::Multipart,
        Some(MediaType::Text) => RequestEncoding::Text(declared("text/plain")),
        Some(MediaType::Binary) => RequestEncoding::Binary(declared("application/octet-stream")),
        Some(MediaType::Json | MediaType::Xml) | None => RequestEncoding::Json,
    }
}

/// Which runtime call sends a REST operation and decodes its success reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyCall {
    /// JSON (also for an operation without a reply body: `()`).
    Json,
    Xml,
    /// JSON or XML at the client's choice.
    Either,
    Text,
    Binary,
}

impl ReplyCall {
    /// The `RestClient` method.
    pub fn method(self) -> &'static str {
        match self {
            ReplyCall::Json => "call_json",
            ReplyCall::Xml => "call_xml",
            ReplyCall::Either => "call",
            ReplyCall::Text => "call_text",
            ReplyCall::Binary => "call_binary",
        }
    }
}

/// The call of a success reply `body` and the `Accept` header of a text or binary one (its
/// declared media types, joined); `None` when the client cannot read the reply.
pub fn reply_call(body: Option<&Body>) -> Option<(ReplyCall, Option<String>)> {
    let Some(body) = body else { return Some((ReplyCall::Json, None)) };
    let accept = || Some(body.media_names.join(", ")).filter(|a| !a.is_empty());
    Some(match (body.media.first(), json_reply(body), xml_reply(body)) {
        (Some(MediaType::Text), _, _) => (ReplyCall::Text, accept()),
        (Some(MediaType::Binary), _, _) => (ReplyCall::Binary, accept()),
        (_, true, true) => (ReplyCall::Either, None),
        (_, true, false) => (ReplyCall::Json, None),
        (_, false, true) => (ReplyCall::Xml, None),
        (_, false, false) => return None,
    })
}

pub fn json_reply(body: &Body) -> bool {
    body.media.contains(&MediaType::Json)
}

pub fn xml_reply(body: &Body) -> bool {
    body.media.contains(&MediaType::Xml) && body.xml_root.is_some()
}

impl RestPlan {
    /// Plans the REST items of `model`; `soap_clients` are the SOAP client names already taken.
    pub fn new(model: &Model, plan: &Plan, soap_clients: &[Option<ClientNames>]) -> RestPlan {
        let mut out = RestPlan::default();
        let mut seeds: Vec<TypeRef> = Vec::new();
        let rest_services: Vec<usize> = model
            .services
            .iter()
            .enumerate()
            .filter(|(i, s)| is_rest_service(s) && soap_clients.get(*i).is_none_or(Option::is_none))
            .map(|(i, _)| i)
            .collect();
        let mut type_scope = Scope::camel();
        for t in &plan.types {
            type_scope.reserve(&t.name);
        }
        for r in RESERVED_TYPES {
            type_scope.reserve(r);
        }
        for c in soap_clients.iter().flatten() {
            type_scope.reserve(&c.client);
        }
        let prefixed = rest_services.len() > 1 || soap_clients.iter().any(Option::is_some);
        let mut mods = Scope::snake();
        let mut consts = Scope::snake();
        for &si in &rest_services {
            let service = &model.services[si];
            let names = if prefixed {
                let base = names::unraw(&names::type_name(&service.name)).to_owned();
                let snake = names::unraw(&names::field_name(&service.name)).to_owned();
                // The client and its builder both take a type name: a client whose builder
                // name is taken gets the next number.
                let client = loop {
                    let client = type_scope.unique(&format!("{base}Client")).0;
                    let builder = rest_builder_name(&client);
                    if !type_scope.contains(&builder) {
                        type_scope.reserve(&builder);
                        break client;
                    }
                };
                out.mocks.insert(si, mods.unique(&format!("{snake}_mock")).0);
                (
                    client,
                    mods.unique(&format!("{snake}_ops")).0,
                    consts.unique(&format!("{}_DEFAULT_ADDRESS", names::const_name(&service.name))).0,
                )
            } else {
                out.mocks.insert(si, "mock".to_owned());
                ("Client".to_owned(), "ops".to_owned(), "DEFAULT_ADDRESS".to_owned())
            };
            out.clients.insert(si, names);
            for p in &service.client_params {
                if p.location == ParamLocation::Body {
                    seeds.push(p.ty.clone());
                }
            }
            for (oi, op) in service.operations.iter().enumerate() {
                let Some(rest) = &op.rest else { continue };
                if let Some(body) = &rest.request_body {
                    seeds.push(body.ty.clone());
                }
                // Parameters that are not text travel as their JSON text.
                seeds.extend(rest.params.iter().filter(|p| !model.is_text(&p.ty)).map(|p| p.ty.clone()));
                if let Some(body) = success(rest).and_then(|r| r.body.as_ref())
                    && json_reply(body)
                {
                    seeds.push(body.ty.clone());
                }
                // A declared JSON error body decodes into its type too (`wsbind::Error::api_error`),
                // when serde can hold all of it (no free-form `any` members).
                for body in rest.responses.iter().filter_map(|r| r.body.as_ref()).filter(|b| json_reply(b)) {
                    if json_representable(model, &body.ty) {
                        seeds.push(body.ty.clone());
                    }
                }
                if !rest.params.is_empty() {
                    let base = format!("{}Request", names::unraw(&names::type_name(&op.name)));
                    out.requests.insert((si, oi), type_scope.unique(&base).0);
                }
            }
        }
        out.json = model.reachable(seeds);
        out.sums = out
            .json
            .iter()
            .filter_map(|&i| match &model.types[i].kind {
                TypeKind::Choice(c) => super::sum_plan(model, c).map(|plan| (i, plan)),
                _ => None,
            })
            .collect();
        if !model.services.is_empty() && model.services.iter().all(is_rest_service) {
            // Every body that may be XML: requests, replies and error replies.
            let xml_bodies =
                model.services.iter().flat_map(|s| &s.operations).filter_map(|op| op.rest.as_ref()).flat_map(|rest| {
                    rest.request_body.iter().chain(rest.responses.iter().filter_map(|r| r.body.as_ref()))
                });
            let seeds = xml_bodies.filter(|b| b.media.contains(&MediaType::Xml)).map(|b| b.ty.clone()).collect();
            out.xml = Some(model.reachable(seeds));
        }
        out
    }
}

/// True when every type reachable from `ty` can travel as JSON (no text content, wildcard or
/// `any`-typed member, which the JSON codecs refuse).
fn json_representable(model: &Model, ty: &TypeRef) -> bool {
    model.reachable(vec![ty.clone()]).into_iter().all(|i| match &model.types[i].kind {
        TypeKind::Complex(c) => c.fields.iter().all(|f| {
            matches!(f.kind, FieldKind::Element | FieldKind::Attribute) && f.ty != TypeRef::Builtin(Builtin::AnyType)
        }),
        _ => true,
    })
}

/// The records and choices reachable from the request elements of SOAP and ASMX HTTP operations
/// (every operation a SOAP client has a method for) that have a limit to check, in a field (an
/// alternative) or in a record or choice they hold: they implement `Validate`, and the client methods whose request is one of them check
/// its limits (lengths, ranges, patterns) before sending, as REST methods do. Records without
/// limits get neither, so services without limits keep their code as it was.
pub fn xml_validated(model: &Model, methods: &super::Methods) -> BTreeSet<usize> {
    let seeds = methods
        .soap
        .keys()
        .filter_map(|si| model.services.get(*si))
        .flat_map(|service| &service.operations)
        .filter(|op| op.rest.is_none() && (!op.soap.is_empty() || !op.http.is_empty()))
        .filter_map(|op| model.elements.get(op.input?.0))
        .map(|e| e.ty.clone())
        .collect();
    let reached = model.reachable(seeds);
    let mut out = BTreeSet::new();
    loop {
        let before = out.len();
        for &i in &reached {
            let members = match &model.types[i].kind {
                TypeKind::Complex(c) => &c.fields,
                TypeKind::Choice(c) => &c.variants,
                _ => continue,
            };
            if !out.contains(&i)
                && members.iter().any(|f| {
                    has_checks(&checked_limits(model, &f.limits, &f.ty))
                        || matches!(&f.ty, TypeRef::Named(id) if out.contains(&id.0))
                })
            {
                out.insert(i);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// True when `limits` has something to check before sending (a note is documentation only).
fn has_checks(limits: &Limits) -> bool {
    Limits { note: None, ..limits.clone() } != Limits::default()
}

/// The limits a value of a field (or parameter) with `limits` and type `ty` is checked against:
/// its own, with those of the named simple types it has inherited under them (through simple
/// bases: `type="tns:CodeType"` in XSD, a `$ref` to a component in OpenAPI), where the
/// description states them once for every field of that type; patterns of every step add up
/// ([`Limits::inherit`]).
pub fn checked_limits<'m>(model: &'m Model, limits: &'m Limits, ty: &TypeRef) -> Cow<'m, Limits> {
    let mut out = Cow::Borrowed(limits);
    let mut ty = ty;
    // Bounded by the number of types: a base cycle (refused by the front ends) cannot loop here.
    for _ in 0..model.types.len() {
        let TypeRef::Named(id) = ty else { break };
        let Some(TypeKind::Simple(s)) = model.types.get(id.0).map(|t| &t.kind) else { break };
        if s.list {
            break;
        }
        if has_checks(&s.limits) {
            out.to_mut().inherit(&s.limits);
        }
        ty = &s.base;
    }
    out
}
