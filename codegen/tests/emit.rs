//! Emitter tests on service models built by hand, for what no description file can express (an
//! empty model, content the front ends never produce, a REST operation in a SOAP service, a body
//! client-level parameter next to operations without a body). Everything a WSDL or OpenAPI
//! document can say is tested from fixtures by `emit_features.rs` (the REST golden too, from
//! `tests/fixtures/emit/rest.yaml`).

use wsbind_codegen::emit::{self, Options};
use wsbind_codegen::model::*;

const TC2: &str = "https://services.alarmnet.com/TC2/";

fn qn(ns: Option<&str>, local: &str) -> QName {
    QName::new(ns, local)
}

fn field(name: &str, ty: TypeRef, occurs: Occurs) -> Field {
    Field::plain(name, Some(TC2.to_owned()), FieldKind::Element, ty, occurs, Origin::default())
}

fn with_kind(mut f: Field, kind: FieldKind) -> Field {
    f.kind = kind;
    if matches!(f.kind, FieldKind::Attribute | FieldKind::Text | FieldKind::Any) {
        f.ns = None;
    }
    f
}

fn complex(name: &str, anonymous: bool, doc: Option<&str>, fields: Vec<Field>) -> TypeDef {
    TypeDef {
        name: qn(Some(TC2), name),
        anonymous,
        doc: doc.map(str::to_owned),
        origin: Origin::default(),
        kind: TypeKind::Complex(ComplexType { fields, ..Default::default() }),
    }
}

fn element(name: &str, ty: TypeRef) -> ElementDecl {
    ElementDecl {
        name: qn(Some(TC2), name),
        ty,
        nillable: false,
        is_abstract: false,
        substitution_group: None,
        doc: None,
        origin: Origin::default(),
    }
}

fn string() -> TypeRef {
    TypeRef::Builtin(Builtin::String)
}

fn named(i: usize) -> TypeRef {
    TypeRef::Named(TypeId(i))
}

#[test]
fn empty_model_emits_a_module() {
    let model = Model { module: "empty".to_owned(), ..Default::default() };
    let code = emit::emit_module(&model, &Options { in_crate: true, ..Options::default() }).unwrap();
    syn::parse_file(&code).unwrap();
    assert!(code.starts_with("//!"));
    // Outside the crate the module documentation is a plain comment (the file may be `include!`d).
    let code = emit::emit_module(&model, &Options::default()).unwrap();
    syn::parse_file(&code).unwrap();
    assert!(
        code.starts_with(
            "// Client and types for the `empty` service module.
"
        ),
        "{code}"
    );
}

/// Model-only: the XSD front end never builds simple content next to child elements
/// (`simpleContent` has no children and mixed content is read otherwise), so only a hand-built
/// model reaches the emitter's refusal.
#[test]
fn text_with_children_is_unsupported() {
    let event = complex(
        "Event",
        false,
        None,
        vec![field("Name", string(), Occurs::ONE), with_kind(field("value", string(), Occurs::ONE), FieldKind::Text)],
    );
    let model = Model { module: "edge".to_owned(), types: vec![event], ..Default::default() };
    let err = emit::emit_module(&model, &Options::default()).unwrap_err();
    assert!(matches!(err, emit::Error::Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("Event"));
}

/// Model-only: a WSDL service has no REST operations and an OpenAPI document no SOAP ones, so a
/// service mixing both is built by hand. The REST operation is listed as not generated.
#[test]
fn rest_operation_in_a_soap_service_is_listed_as_not_generated() {
    let ping = complex("Ping", true, None, vec![field("Text", string(), Occurs::OPTIONAL)]);
    let soap = SoapBinding {
        version: SoapVersion::V11,
        action: String::new(),
        rpc: false,
        encoded: false,
        input_headers: Vec::new(),
        output_headers: Vec::new(),
    };
    let ping_op = Operation {
        name: "Ping".to_owned(),
        input: Some(ElementId(0)),
        output: Some(ElementId(0)),
        soap: vec![soap],
        ..Operation::default()
    };
    let list = RestBinding {
        method: HttpMethod::Get,
        path: "/things".to_owned(),
        params: Vec::new(),
        request_body: None,
        responses: Vec::new(),
        pagination: None,
        reply_status: None,
        security: Vec::new(),
    };
    let service = Service {
        name: "Mixed".to_owned(),
        doc: None,
        endpoints: vec![Endpoint {
            name: "MixedSoap".to_owned(),
            address: "http://localhost/mixed".to_owned(),
            protocol: Protocol::Soap11,
            policy: None,
        }],
        client_params: Vec::new(),
        security_schemes: Vec::new(),
        operations: vec![ping_op, rest_op("listThings", list)],
        origin: Origin::default(),
    };
    let model = Model {
        module: "mixed".to_owned(),
        types: vec![ping],
        elements: vec![element("Ping", named(0))],
        services: vec![service],
        ..Default::default()
    };
    let code = emit::emit_module(&model, &Options::default()).unwrap();
    syn::parse_file(&code).expect("generated code parses");
    assert!(code.contains("pub async fn ping("));
    assert!(code.contains("`listThings`"), "REST operations of a SOAP service are listed as not generated");
}

fn rest_op(name: &str, binding: RestBinding) -> Operation {
    Operation { name: name.to_owned(), rest: Some(binding), ..Operation::default() }
}

/// Model-only: the OpenAPI front end makes the properties of an `allOf` base client-level body
/// parameters only when every operation has a request body including that base (one operation
/// without a body leaves them in the other bodies), so the REST golden's fixture
/// (`tests/fixtures/emit/rest.yaml`, with a GET and a DELETE) cannot declare one: a body
/// client-level parameter next to operations without a body is built by hand.
#[test]
fn body_client_param_next_to_operations_without_a_body() {
    let get = RestBinding {
        method: HttpMethod::Get,
        path: "/things".to_owned(),
        params: Vec::new(),
        request_body: None,
        responses: vec![Response { status: StatusMatch::Code(204), doc: None, body: None, headers: Vec::new() }],
        pagination: None,
        reply_status: None,
        security: Vec::new(),
    };
    let tenant = Param {
        name: "Tenant".to_owned(),
        location: ParamLocation::Body,
        ty: string(),
        array: None,
        required: true,
        doc: None,
        secret: false,
        limits: Limits::default(),
    };
    let service = Service {
        name: "Things".to_owned(),
        doc: None,
        endpoints: vec![Endpoint {
            name: "Demo".to_owned(),
            address: "https://things.example.com/api".to_owned(),
            protocol: Protocol::Rest,
            policy: None,
        }],
        client_params: vec![tenant],
        security_schemes: Vec::new(),
        operations: vec![rest_op("listThings", get)],
        origin: Origin::default(),
    };
    let model = Model { module: "things".to_owned(), services: vec![service], ..Default::default() };
    let code = emit::emit_module(&model, &Options::default()).unwrap();
    syn::parse_file(&code).expect("generated code parses");
    assert!(code.contains("self.inner.set_body_param(\"Tenant\", &value);"), "{code}");
    assert!(code.contains("pub fn with_tenant("), "{code}");
    assert!(code.contains("pub async fn list_things("), "{code}");
}
