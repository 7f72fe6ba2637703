//! Client methods: per SOAP client the header setters, each operation's method and `ops` constant
//! (SOAP, and one per ASMX HTTP GET/POST binding) and how a document/literal "wrapped" operation
//! is unwrapped; per REST client the client-level parameter setters, each operation's method,
//! `ops` constant, pagination stream method and synthesised request field names. Methods are
//! named in one scope per client (starting from the names the client already has), constants in
//! one per `ops` module, in operation order: the renderers emit what is decided here and
//! `api::rust_api` names the same.

use std::collections::BTreeMap;

use super::builtins::is_text_builtin;
use super::clients::{ClientNames, HeaderSetters, SOAP_CLIENT_RESERVED, header_setters, reserved_scope};
use super::plan::Plan;
use super::rest::{
    ParamSetters, REST_CLIENT_RESERVED, ReplyCall, RequestEncoding, RestPlan, json_reply, param_setters, reply_call,
    request_encoding, success, xml_reply,
};
use super::security::{self, CredentialSetter, ErrorReply};
use super::shape::{Shape, shape};
use crate::model::{
    ElementId, Field, FieldKind, HttpMethod, Model, Operation, ParamLocation, RestBinding, Service, TypeId, TypeKind,
    TypeRef,
};
use crate::names::{self, Scope};

/// One SOAP operation's method.
#[derive(Debug, Clone)]
pub struct SoapOperation {
    pub method: String,
    /// The constant in the client's `ops` module.
    pub constant: String,
    /// The request wrapper type whose one record child the method takes ([`unwrapped`]).
    pub request: Option<TypeId>,
    /// The reply wrapper type whose one child the method returns ([`unwrapped`]).
    pub reply: Option<TypeId>,
}

/// One ASMX HTTP GET/POST binding's method.
#[derive(Debug, Clone)]
pub struct HttpOperation {
    pub method: String,
    pub constant: String,
    /// The request struct sent as form parameters, `None` for an operation without input.
    pub form: Option<TypeId>,
    /// The method returns `Option<T>` like the SOAP method of the same operation (whose unwrapped
    /// reply is the optional child of the type this binding answers with).
    pub optional: bool,
    /// How the mock writes this binding's reply from the operation's SOAP reply (`None`: it
    /// cannot, and does not serve the binding).
    pub mock_result: Option<HttpResult>,
}

/// Where an ASMX HTTP binding's reply document comes from, in the SOAP reply of the same
/// operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpResult {
    /// The binding answers with the SOAP reply element itself.
    Whole,
    /// The binding answers with the reply wrapper's one child: its Rust field, and whether it is
    /// an `Option`.
    Child { field: String, optional: bool },
}

/// The methods of one SOAP client.
#[derive(Debug, Clone, Default)]
pub struct SoapMethods {
    pub headers: Vec<HeaderSetters>,
    /// By operation index.
    pub operations: BTreeMap<usize, SoapOperation>,
    /// By (operation index, HTTP binding index).
    pub http: BTreeMap<(usize, usize), HttpOperation>,
    /// The mock's `Service` method that sees every request as received first ([`mock_authorize`]).
    pub mock_authorize: String,
}

/// One REST operation's method.
#[derive(Debug, Clone)]
pub struct RestOperation {
    pub method: String,
    pub constant: String,
    /// The pagination stream method and its item type.
    pub stream: Option<(String, TypeRef)>,
    /// Where the reply's in-body status block is read, when the operation declares one and its
    /// fields can be read ([`status_path`]).
    pub status: Option<StatusPath>,
    /// The fields of the synthesised request struct: one per parameter, then the body's.
    pub request_fields: Vec<String>,
    /// The credentials the operation accepts: alternatives, each the indices of the schemes
    /// sent together ([`crate::model::RestBinding::security`]).
    pub security: Vec<Vec<usize>>,
    /// The declared error replies with a JSON body it decodes ([`super::security::error_replies`]).
    pub errors: Vec<ErrorReply>,
    /// How the request body goes on the wire.
    pub encoding: RequestEncoding,
    /// The runtime call that reads the success reply, and the `Accept` of a text or binary one.
    pub reply: (ReplyCall, Option<String>),
    /// Per parameter: its values are sent as their JSON text (objects, maps and raw JSON values
    /// have no lexical form of their own).
    pub json_params: Vec<bool>,
}

/// The methods of one REST client.
#[derive(Debug, Clone, Default)]
pub struct RestMethods {
    /// By client-level parameter index; `None` for a parameter that cannot be set on the client.
    pub params: Vec<Option<ParamSetters>>,
    /// By operation index: the operations that are generated.
    pub operations: BTreeMap<usize, RestOperation>,
    /// Some generated operation's reply comes in JSON or XML at the client's choice (the client and
    /// builder then have `format` setters).
    pub any_xml: bool,
    /// By security scheme index: the scheme's constant in the `ops` module, for the schemes the
    /// generated operations use ([`super::security::scheme_constants`]).
    pub schemes: Vec<Option<String>>,
    /// The builder's credential setters ([`super::security::credential_setters`]).
    pub credentials: Vec<CredentialSetter>,
    /// The mock's `Service` method that sees every request as received first ([`mock_authorize`]).
    pub mock_authorize: String,
}

/// The methods of every client, by service index.
#[derive(Debug, Clone, Default)]
pub struct Methods {
    pub soap: BTreeMap<usize, SoapMethods>,
    pub rest: BTreeMap<usize, RestMethods>,
}

impl Methods {
    /// True when `id` is the request struct of an ASMX HTTP GET/POST binding: it is then sent as
    /// form parameters (and gets `form_params`).
    pub fn sends_as_form(&self, id: TypeId) -> bool {
        self.soap.values().flat_map(|m| m.http.values()).any(|op| op.form == Some(id))
    }

    pub fn new(model: &Model, plan: &Plan, clients: &[Option<ClientNames>], rest: &RestPlan) -> Methods {
        let mut out = Methods::default();
        for (si, service) in model.services.iter().enumerate() {
            if clients.get(si).is_some_and(Option::is_some) {
                out.soap.insert(si, soap_methods(model, plan, service));
            } else if rest.clients.contains_key(&si) {
                out.rest.insert(si, rest_methods(model, rest, si, service));
            }
        }
        out
    }
}

/// The one child element of a document/literal wrapper: the global element `element` is named
/// `name` (the operation, or the operation + `Response`) and its type is a complex type holding
/// exactly one child element (not boxed, no attributes, wildcards or derived types). Returns the
/// wrapper's type.
fn wrapped_child(model: &Model, plan: &Plan, element: ElementId, name: &str) -> Option<TypeId> {
    let decl = model.elements.get(element.0)?;
    let TypeRef::Named(id) = decl.ty else { return None };
    let TypeKind::Complex(c) = &model.types.get(id.0)?.kind else { return None };
    let [field] = c.fields.as_slice() else { return None };
    let plain = decl.name.local == name
        && field.kind == FieldKind::Element
        && c.base.is_none()
        && c.derived.is_empty()
        && !plan.types[id.0].boxed.contains(&0);
    plain.then_some(id)
}

/// The one child of wrapper type `id` ([`SoapOperation::request`], [`SoapOperation::reply`]).
pub fn wrapped_field(model: &Model, id: TypeId) -> &Field {
    match &model.ty(id).kind {
        TypeKind::Complex(c) => &c.fields[0],
        _ => unreachable!("a wrapper is a complex type"),
    }
}

/// How an operation's Rust signature relates to its wire messages: a document/literal "wrapped"
/// operation takes its request wrapper's one record child (when it has exactly one, of a complex
/// type, not nillable, not SOAP-encoded) and returns its reply wrapper's one child, the way
/// svcutil and zeep present them; the wrapper types stay in the module for whoever wants the raw
/// shape. Returns the (request, reply) wrapper types that are unwrapped.
pub fn unwrapped(
    model: &Model,
    plan: &Plan,
    op: &Operation,
    input: ElementId,
    output: ElementId,
) -> (Option<TypeId>, Option<TypeId>) {
    let encoded = op.soap.iter().any(|b| b.encoded);
    let request = wrapped_child(model, plan, input, &op.name).filter(|&id| {
        let f = wrapped_field(model, id);
        !encoded
            && matches!(shape(f), Shape::One | Shape::Optional)
            && !f.nillable
            && matches!(f.ty, TypeRef::Named(t) if matches!(model.types.get(t.0).map(|t| &t.kind), Some(TypeKind::Complex(_))))
    });
    let reply = wrapped_child(model, plan, output, &format!("{}Response", op.name));
    (request, reply)
}

/// True when `f` can be sent as a form / query parameter (a value with a lexical form).
fn is_form_field(model: &Model, f: &Field) -> bool {
    match f.kind {
        FieldKind::AnyAttribute => true,
        FieldKind::Element | FieldKind::Attribute => f.array_item.is_none() && model.is_text(&f.ty),
        _ => false,
    }
}

/// The request struct of an HTTP GET/POST binding, when every field can be a form parameter.
fn form_type(model: &Model, input: Option<ElementId>) -> Result<Option<TypeId>, ()> {
    let Some(input) = input else { return Ok(None) };
    let element = model.elements.get(input.0).ok_or(())?;
    match element.ty {
        TypeRef::Named(id) => match model.types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Complex(c)) if c.fields.iter().all(|f| is_form_field(model, f)) => Ok(Some(id)),
            _ => Err(()),
        },
        TypeRef::Builtin(_) => Err(()),
    }
}

/// The method-name suffix of an ASMX HTTP binding (`None` for the methods ASMX does not use).
pub fn http_suffix(m: HttpMethod) -> Option<&'static str> {
    match m {
        HttpMethod::Get => Some("http_get"),
        HttpMethod::Post => Some("http_post"),
        _ => None,
    }
}

fn soap_methods(model: &Model, plan: &Plan, service: &Service) -> SoapMethods {
    let mut methods = reserved_scope(SOAP_CLIENT_RESERVED);
    let mut consts = Scope::snake();
    let mut out = SoapMethods { headers: header_setters(model, service, &mut methods), ..SoapMethods::default() };
    let has = |e: Option<ElementId>| e.filter(|e| e.0 < model.elements.len());
    for (oi, op) in service.operations.iter().enumerate() {
        if op.rest.is_some() {
            continue;
        }
        let wrappers = match (op.input, op.output) {
            (Some(input), Some(output)) if !op.soap.is_empty() => Some(unwrapped(model, plan, op, input, output)),
            _ => None,
        };
        if let (Some((request, reply)), Some(_), Some(_)) = (wrappers, has(op.input), has(op.output)) {
            let method = methods.unique(&names::field_name(&op.name)).0;
            let constant = consts.unique(&names::const_name(&op.name)).0;
            out.operations.insert(oi, SoapOperation { method, constant, request, reply });
        }
        for (hi, http) in op.http.iter().enumerate() {
            let Some(suffix) = http_suffix(http.method) else { continue };
            let Ok(form) = form_type(model, op.input) else { continue };
            let Some(output) = has(http.output.or(op.output)) else { continue };
            // The unwrapped SOAP reply: when it is `Option<T>` of the type this binding answers
            // with, this method returns `Option<T>` too (one type for every binding of an operation).
            let optional = wrappers.and_then(|(_, reply)| reply).is_some_and(|id| {
                let f = wrapped_field(model, id);
                shape(f) == Shape::Optional && model.element(output).ty == f.ty
            });
            let base = names::unraw(&names::field_name(&op.name)).to_owned();
            let method = methods.unique(&format!("{base}_{suffix}")).0;
            let constant = consts.unique(&format!("{}_{}", names::const_name(&op.name), suffix.to_uppercase())).0;
            let mock_result = http_result(model, plan, op.output, output);
            out.http.insert((oi, hi), HttpOperation { method, constant, form, optional, mock_result });
        }
    }
    // The mock's header checks share its `Service` trait with the operation methods.
    let mut mock = Scope::snake();
    for op in out.operations.values() {
        mock.reserve(&op.method);
    }
    for header in &mut out.headers {
        header.check = mock.unique(&format!("check_{}", names::unraw(&header.builder))).0;
    }
    let checks = out.headers.iter().map(|h| h.check.as_str());
    out.mock_authorize = mock_authorize(out.operations.values().map(|op| op.method.as_str()).chain(checks));
    out
}

/// How the mock writes the reply of an HTTP binding answering with element `answer` from the SOAP
/// reply element `reply` ([`HttpResult`]).
fn http_result(model: &Model, plan: &Plan, reply: Option<ElementId>, answer: ElementId) -> Option<HttpResult> {
    let reply = reply.filter(|e| e.0 < model.elements.len())?;
    if reply == answer {
        return Some(HttpResult::Whole);
    }
    let TypeRef::Named(id) = model.element(reply).ty else { return None };
    let TypeKind::Complex(c) = &model.types.get(id.0)?.kind else { return None };
    let [f] = c.fields.as_slice() else { return None };
    let one = f.kind == FieldKind::Element && f.ty == model.element(answer).ty && !f.nillable;
    let optional = match shape(f) {
        Shape::One => false,
        Shape::Optional => true,
        _ => return None,
    };
    one.then(|| HttpResult::Child { field: plan.types[id.0].fields[0].clone(), optional })
}

/// The field of `ty` named `wire`.
pub fn field_of<'m>(model: &'m Model, ty: &TypeRef, wire: &str) -> Option<(usize, &'m Field)> {
    let TypeRef::Named(id) = ty else { return None };
    let TypeKind::Complex(c) = &model.types.get(id.0)?.kind else { return None };
    c.fields.iter().enumerate().find(|(_, f)| f.name == wire)
}

/// One field on the way to a reply's status block, or one of the block's fields: the record it is
/// a field of, its index there, and whether it is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusStep {
    pub record: TypeId,
    pub field: usize,
    pub optional: bool,
}

/// How a reply's in-body status block (`x-wsbind-reply-status`) is reached: the fields from the
/// reply to the block (each exactly one or optional), then its code and message fields (plain
/// strings, exactly one or optional), when it names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPath {
    pub block: Vec<StatusStep>,
    pub code: Option<StatusStep>,
    pub message: Option<StatusStep>,
}

/// The [`StatusPath`] of `rest`'s reply of type `reply_ty`, `None` when it declares no status
/// block or one of its fields is repeated, missing, or (code and message) not a string.
pub fn status_path(model: &Model, rest: &RestBinding, reply_ty: &TypeRef) -> Option<StatusPath> {
    let status = rest.reply_status.as_ref()?;
    let step = |ty: &TypeRef, wire: &str| -> Option<(StatusStep, TypeRef)> {
        let TypeRef::Named(record) = ty else { return None };
        let (field, f) = field_of(model, ty, wire)?;
        let optional = match shape(f) {
            Shape::One => false,
            Shape::Optional => true,
            _ => return None,
        };
        Some((StatusStep { record: *record, field, optional }, f.ty.clone()))
    };
    let mut block = Vec::new();
    let mut ty = reply_ty.clone();
    for wire in &status.block {
        let (s, next) = step(&ty, wire)?;
        block.push(s);
        ty = next;
    }
    let text = |name: &Option<String>| -> Option<Option<StatusStep>> {
        let Some(name) = name else { return Some(None) };
        let (s, field_ty) = step(&ty, name)?;
        model.resolve_builtin(&field_ty).is_some_and(is_text_builtin).then_some(Some(s))
    };
    Some(StatusPath { block, code: text(&status.code)?, message: text(&status.message)? })
}

/// The item type of a paginated operation's JSON reply: the repeated field its `response_items`
/// path leads to.
fn stream_item(model: &Model, rest: &RestBinding) -> Option<TypeRef> {
    let p = rest.pagination.as_ref()?;
    let reply = success(rest).and_then(|r| r.body.as_ref()).filter(|b| json_reply(b))?;
    let mut ty = reply.ty.clone();
    let (last, parents) = p.response_items.split_last()?;
    for wire in parents {
        ty = field_of(model, &ty, wire)?.1.ty.clone();
    }
    let (_, f) = field_of(model, &ty, last)?;
    matches!(shape(f), Shape::Many | Shape::Array).then(|| f.ty.clone())
}

/// Why a REST operation is not generated, `None` when it is: its reply is neither JSON, text,
/// bytes nor XML with a root element name, or its synthesised request would hold a JSON body
/// property (those are client-level parameters only).
pub fn rest_skipped(rest: &RestBinding, synthesised: bool) -> Option<String> {
    if reply_call(success(rest).and_then(|r| r.body.as_ref())).is_none() {
        return Some("its reply is neither JSON, text, bytes nor XML with a root element name".to_owned());
    }
    if synthesised {
        for p in &rest.params {
            if p.location == ParamLocation::Body {
                return Some(format!("body parameter `{}` outside the client-level parameters", p.name));
            }
        }
    }
    None
}

fn rest_methods(model: &Model, plan: &RestPlan, si: usize, service: &Service) -> RestMethods {
    let mut methods = reserved_scope(REST_CLIENT_RESERVED);
    let mut consts = Scope::snake();
    let params = service.client_params.iter().map(|p| param_setters(model, p, &mut methods)).collect();
    let mut out = RestMethods { params, ..RestMethods::default() };
    for (oi, op) in service.operations.iter().enumerate() {
        let Some(rest) = &op.rest else { continue };
        let synthesised = plan.requests.contains_key(&(si, oi));
        if rest_skipped(rest, synthesised).is_some() {
            continue;
        }
        out.any_xml |= success(rest).and_then(|r| r.body.as_ref()).is_some_and(|b| json_reply(b) && xml_reply(b));
        let mut request_fields = Vec::new();
        if synthesised {
            let mut fields = Scope::snake();
            request_fields = rest.params.iter().map(|p| fields.unique(&names::field_name(&p.name)).0).collect();
            if rest.request_body.is_some() {
                request_fields.push(fields.unique("body").0);
            }
        }
        let method = methods.unique(&names::field_name(&op.name)).0;
        let constant = consts.unique(&names::const_name(&op.name)).0;
        let has_query_or_headers = rest
            .params
            .iter()
            .any(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Header | ParamLocation::Cookie));
        let streamable = rest.request_body.is_some() && !(synthesised && has_query_or_headers);
        let stream = stream_item(model, rest).filter(|_| streamable).map(|item| {
            let base = names::unraw(&method).to_owned();
            (methods.unique(&format!("{base}_stream")).0, item)
        });
        let status = success(rest).and_then(|r| r.body.as_ref()).and_then(|b| status_path(model, rest, &b.ty));
        let security = rest.security.iter().map(|r| r.schemes.iter().map(|(i, _)| *i).collect()).collect();
        let errors = security::error_replies(plan, rest);
        let encoding = request_encoding(rest.request_body.as_ref());
        let Some(reply) = reply_call(success(rest).and_then(|r| r.body.as_ref())) else { continue };
        let json_params = rest.params.iter().map(|p| !model.is_text(&p.ty)).collect();
        let op = RestOperation {
            method,
            constant,
            stream,
            status,
            request_fields,
            security,
            errors,
            encoding,
            reply,
            json_params,
        };
        out.operations.insert(oi, op);
    }
    let generated = out.operations.keys().filter_map(|&oi| service.operations[oi].rest.as_ref());
    let used = security::used_schemes(generated);
    out.schemes = security::scheme_constants(service, &used, &mut consts);
    out.credentials = security::credential_setters(service, &used);
    out.mock_authorize = mock_authorize(out.operations.values().map(|op| op.method.as_str()));
    out
}

/// The name of a mock's `Service` method that sees every request as received before its
/// operation's method (`authorize`, unless an operation method has that name).
fn mock_authorize<'a>(operations: impl Iterator<Item = &'a str>) -> String {
    let mut mock = Scope::snake();
    for method in operations {
        mock.reserve(method);
    }
    mock.unique("authorize").0
}
