//! Emitter tests: small service models built by hand, emitted and compared with the golden files
//! in `tests/golden/` (rewritten with `UPDATE_GOLDEN=1`); the output must parse as Rust and be
//! identical from one run to the next.

mod common;

use std::path::PathBuf;

use wsbind_codegen::emit::{self, Options};
use wsbind_codegen::model::*;

const TC2: &str = "https://services.alarmnet.com/TC2/";
const ADDRESS: &str = "https://rs.alarmnet.com/TC21API/TC2.asmx";

fn qn(ns: Option<&str>, local: &str) -> QName {
    QName::new(ns, local)
}

fn field(name: &str, ty: TypeRef, occurs: Occurs) -> Field {
    Field {
        name: name.to_owned(),
        ns: Some(TC2.to_owned()),
        kind: FieldKind::Element,
        ty,
        occurs,
        nillable: false,
        default: None,
        fixed: None,
        doc: None,
        secret: false,
        limits: Limits::default(),
        array_item: None,
        origin: Origin::default(),
    }
}

fn secret(mut f: Field) -> Field {
    f.secret = true;
    f
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

fn soap(version: SoapVersion, op: &str, headers: &[usize]) -> SoapBinding {
    SoapBinding {
        version,
        action: format!("{TC2}{op}"),
        rpc: false,
        encoded: false,
        input_headers: headers.iter().map(|h| SoapHeader { element: ElementId(*h), required: false }).collect(),
        output_headers: Vec::new(),
    }
}

fn http(method: HttpMethod, op: &str, output: usize) -> HttpBinding {
    HttpBinding {
        method,
        location: format!("/{op}"),
        params: vec![
            Param {
                name: "sessionID".to_owned(),
                location: ParamLocation::Query,
                ty: string(),
                required: false,
                doc: None,
                secret: true,
                limits: Limits::default(),
            },
            Param {
                name: "PartnerCameraSerialNumber".to_owned(),
                location: ParamLocation::Query,
                ty: string(),
                required: false,
                doc: None,
                secret: false,
                limits: Limits::default(),
            },
        ],
        output: Some(ElementId(output)),
    }
}

/// A TC2-like model: ASMX conventions, an `ArrayOfX` wrapper, an enum, secrets, recursion,
/// attributes, simple content, a list type, a choice, `xs:any`, SOAP 1.1 + 1.2 + HTTP GET/POST,
/// a SOAP header and a REST operation (not generated yet).
fn tc2_model() -> Model {
    let mut array = field("DeviceAuthorizingCodes", named(6), Occurs::OPTIONAL);
    array.array_item =
        Some(ArrayItem { name: "DeviceAuthorizingCode".to_owned(), ns: Some(TC2.to_owned()), nillable: true });
    let mut nil = field("LastSync", TypeRef::Builtin(Builtin::DateTime), Occurs::ONE);
    nil.nillable = true;
    let mut token = field("Token", named(13), Occurs::OPTIONAL);
    token.doc = Some("See [RFC 6749] at https://tools.ietf.org/html/rfc6749.\n\n    indented <b>bold</b>".to_owned());
    let types = vec![
        // 0
        complex(
            "AccessTokenResult",
            false,
            None,
            vec![
                field("ResultCode", TypeRef::Builtin(Builtin::I32), Occurs::ONE),
                field("ResultData", string(), Occurs::OPTIONAL),
                field("AccessToken", named(1), Occurs::OPTIONAL),
            ],
        ),
        // 1
        complex(
            "AccessToken",
            false,
            Some("An OAuth token pair."),
            vec![
                secret(field("access_token", string(), Occurs::OPTIONAL)),
                field("token_type", string(), Occurs::OPTIONAL),
                field("expires_in", TypeRef::Builtin(Builtin::I32), Occurs::ONE),
                secret(field("refresh_token", string(), Occurs::OPTIONAL)),
            ],
        ),
        // 2
        complex(
            "GetPartnerCameraRefreshToken",
            true,
            None,
            vec![
                secret(field("sessionID", string(), Occurs::OPTIONAL)),
                field("PartnerCameraSerialNumber", string(), Occurs::OPTIONAL),
                field("DeviceId", TypeRef::Builtin(Builtin::I64), Occurs::ONE),
                field("Status", named(4), Occurs::MANY),
            ],
        ),
        // 3
        complex(
            "GetPartnerCameraRefreshTokenResponse",
            true,
            None,
            vec![field("GetPartnerCameraRefreshTokenResult", named(0), Occurs::OPTIONAL)],
        ),
        // 4
        TypeDef {
            name: qn(Some(TC2), "SyncStatus"),
            anonymous: false,
            doc: Some("Synchronisation state.".to_owned()),
            origin: Origin::default(),
            kind: TypeKind::Enum(EnumType {
                base: Builtin::String,
                values: ["Pending", "Synced", "a-b", "1", ""]
                    .iter()
                    .map(|v| EnumValue { value: (*v).to_owned(), doc: None })
                    .collect(),
            }),
        },
        // 5
        complex(
            "SynchronizePanelUser",
            true,
            None,
            vec![
                secret(field("sessionID", string(), Occurs::OPTIONAL)),
                array,
                field("Statuses", named(4), Occurs::MANY),
                field("Root", named(7), Occurs::OPTIONAL),
                nil,
                field("Contact", named(14), Occurs::OPTIONAL),
            ],
        ),
        // 6
        complex(
            "DeviceAuthorizingCode",
            false,
            None,
            vec![
                field("Code", string(), Occurs::OPTIONAL),
                with_kind(field("kind", string(), Occurs::OPTIONAL), FieldKind::Attribute),
                with_kind(field("any", TypeRef::Builtin(Builtin::AnyType), Occurs::MANY), FieldKind::Any),
            ],
        ),
        // 7: recursive
        complex(
            "Node",
            false,
            None,
            vec![
                with_kind(field("name", string(), Occurs::ONE), FieldKind::Attribute),
                field("Child", named(7), Occurs::OPTIONAL),
                field("Children", named(7), Occurs::MANY),
                field("Codes", named(12), Occurs::OPTIONAL),
                token,
            ],
        ),
        // 8
        complex(
            "SynchronizePanelUserResponse",
            true,
            None,
            vec![
                field("SynchronizePanelUserResult", TypeRef::Builtin(Builtin::I32), Occurs::ONE),
                field("Result", TypeRef::Builtin(Builtin::AnyType), Occurs::OPTIONAL),
                field("Amount", named(11), Occurs::OPTIONAL),
            ],
        ),
        // 9
        complex(
            "AuthHeader",
            false,
            None,
            vec![field("UserName", string(), Occurs::OPTIONAL), secret(field("Password", string(), Occurs::OPTIONAL))],
        ),
        // 10: collides with the generated `Client`
        complex("Client", false, None, vec![field("type", string(), Occurs::OPTIONAL)]),
        // 11: simple content with an attribute
        complex(
            "Money",
            false,
            None,
            vec![
                with_kind(field("currency", string(), Occurs::ONE), FieldKind::Attribute),
                with_kind(field("value", TypeRef::Builtin(Builtin::Decimal), Occurs::ONE), FieldKind::Text),
            ],
        ),
        // 12: list
        TypeDef {
            name: qn(Some(TC2), "Codes"),
            anonymous: false,
            doc: None,
            origin: Origin::default(),
            kind: TypeKind::Simple(SimpleType {
                base: TypeRef::Builtin(Builtin::I32),
                list: true,
                limits: Limits::default(),
            }),
        },
        // 13: restricted string
        TypeDef {
            name: qn(Some(TC2), "Token"),
            anonymous: false,
            doc: None,
            origin: Origin::default(),
            kind: TypeKind::Simple(SimpleType {
                base: string(),
                list: false,
                limits: Limits { max_length: Some(64), ..Default::default() },
            }),
        },
        // 14: a complex type holding a choice
        complex("Contact", false, None, vec![with_kind(field("Contact", named(15), Occurs::ONE), FieldKind::Choice)]),
        // 15: the choice
        TypeDef {
            name: qn(Some(TC2), "ContactChoice"),
            anonymous: true,
            doc: None,
            origin: Origin::default(),
            kind: TypeKind::Choice(ChoiceType {
                variants: vec![field("Email", string(), Occurs::ONE), field("Phone", string(), Occurs::MANY)],
                optional: false,
            }),
        },
    ];
    let elements = vec![
        element("GetPartnerCameraRefreshToken", named(2)),
        element("GetPartnerCameraRefreshTokenResponse", named(3)),
        element("AccessTokenResult", named(0)),
        element("SynchronizePanelUser", named(5)),
        element("SynchronizePanelUserResponse", named(8)),
        element("AuthHeader", named(9)),
    ];
    let endpoint = |name: &str, protocol| Endpoint { name: name.to_owned(), address: ADDRESS.to_owned(), protocol };
    let op = "GetPartnerCameraRefreshToken";
    let service = Service {
        name: "TC2".to_owned(),
        doc: Some("Total Connect 2.0 partner API.".to_owned()),
        endpoints: vec![
            endpoint("TC2Soap", Protocol::Soap11),
            endpoint("TC2Soap12", Protocol::Soap12),
            endpoint("TC2HttpGet", Protocol::HttpGet),
            endpoint("TC2HttpPost", Protocol::HttpPost),
        ],
        client_params: Vec::new(),
        operations: vec![
            Operation {
                name: op.to_owned(),
                doc: Some("Return Refresh Token detail for App".to_owned()),
                input: Some(ElementId(0)),
                output: Some(ElementId(1)),
                faults: Vec::new(),
                soap: vec![soap(SoapVersion::V11, op, &[]), soap(SoapVersion::V12, op, &[])],
                http: vec![http(HttpMethod::Get, op, 2), http(HttpMethod::Post, op, 2)],
                rest: None,
                origin: Origin::default(),
            },
            Operation {
                name: "SynchronizePanelUser".to_owned(),
                doc: None,
                input: Some(ElementId(3)),
                output: Some(ElementId(4)),
                faults: Vec::new(),
                soap: vec![
                    soap(SoapVersion::V11, "SynchronizePanelUser", &[5]),
                    soap(SoapVersion::V12, "SynchronizePanelUser", &[5]),
                ],
                http: Vec::new(),
                rest: None,
                origin: Origin::default(),
            },
            Operation {
                name: "listThings".to_owned(),
                doc: None,
                input: None,
                output: None,
                faults: Vec::new(),
                soap: Vec::new(),
                http: Vec::new(),
                rest: Some(RestBinding {
                    method: HttpMethod::Get,
                    path: "/things".to_owned(),
                    params: Vec::new(),
                    request_body: None,
                    responses: Vec::new(),
                    pagination: None,
                    reply_status: None,
                }),
                origin: Origin::default(),
            },
        ],
        origin: Origin::default(),
    };
    Model {
        module: "tc2".to_owned(),
        sources: vec!["schemas/tc2/TC2.wsdl".to_owned()],
        read_files: vec![],
        doc: Some("TC2 partner web service.".to_owned()),
        types,
        elements,
        services: vec![service],
    }
}

/// Two services in one module, SOAP 1.2 only, unqualified names.
fn two_services_model() -> Model {
    let mut ping = complex("Ping", true, None, vec![field("Text", string(), Occurs::OPTIONAL)]);
    if let TypeKind::Complex(c) = &mut ping.kind {
        c.fields[0].ns = None;
    }
    let pong = complex("PingResponse", true, None, vec![]);
    let mut elements = vec![element("Ping", named(0)), element("PingResponse", named(1))];
    elements[0].name.ns = None;
    let service = |name: &str| Service {
        name: name.to_owned(),
        doc: None,
        endpoints: vec![Endpoint {
            name: format!("{name}Soap12"),
            address: format!("https://example.com/{name}"),
            protocol: Protocol::Soap12,
        }],
        client_params: Vec::new(),
        operations: vec![Operation {
            name: "Ping".to_owned(),
            doc: None,
            input: Some(ElementId(0)),
            output: Some(ElementId(1)),
            faults: Vec::new(),
            soap: vec![SoapBinding {
                version: SoapVersion::V12,
                action: String::new(),
                rpc: false,
                encoded: false,
                input_headers: Vec::new(),
                output_headers: Vec::new(),
            }],
            http: Vec::new(),
            rest: None,
            origin: Origin::default(),
        }],
        origin: Origin::default(),
    };
    Model {
        module: "pair".to_owned(),
        sources: vec![],
        read_files: vec![],
        doc: None,
        types: vec![ping, pong],
        elements,
        services: vec![service("Alpha"), service("Beta")],
    }
}

fn enum_type(name: &str, values: &[&str]) -> TypeDef {
    TypeDef {
        name: qn(Some(TC2), name),
        anonymous: false,
        doc: None,
        origin: Origin::default(),
        kind: TypeKind::Enum(EnumType {
            base: Builtin::String,
            values: values.iter().map(|v| EnumValue { value: (*v).to_owned(), doc: None }).collect(),
        }),
    }
}

/// Corner cases: name collisions, keywords, duplicate element names, types without `Default`,
/// required recursion, enum lint triggers, a builtin-typed operation, unsupported bindings.
fn edge_model() -> Model {
    let date = || TypeRef::Builtin(Builtin::DateTime);
    let types = vec![
        // 0
        complex(
            "Event",
            false,
            Some("An event.\n\n```\ncode\n```"),
            vec![
                field("Name", string(), Occurs::ONE),
                with_kind(field("name", string(), Occurs::OPTIONAL), FieldKind::Attribute),
                field("When", date(), Occurs::ONE),
                field("Name", string(), Occurs::OPTIONAL),
                field("self", string(), Occurs::OPTIONAL),
                field("3dSecure", TypeRef::Builtin(Builtin::Boolean), Occurs::OPTIONAL),
                field("r", string(), Occurs::OPTIONAL),
                field("Status", named(1), Occurs::ONE),
                field("Free", named(2), Occurs::OPTIONAL),
                with_kind(field("any", TypeRef::Builtin(Builtin::AnyType), Occurs::ONE), FieldKind::Any),
                with_kind(field("other", TypeRef::Builtin(Builtin::AnyType), Occurs::MANY), FieldKind::Any),
                with_kind(field("anyAttribute", string(), Occurs::OPTIONAL), FieldKind::AnyAttribute),
            ],
        ),
        // 1: variants start with the enum's name
        enum_type("Status", &["StatusOk", "StatusBad", "Status-Ok"]),
        // 2: no values at all
        enum_type("Free", &[]),
        // 3
        complex("Holder", false, None, vec![with_kind(field("Items", named(4), Occurs::MANY), FieldKind::Choice)]),
        // 4: first alternative has no Default
        TypeDef {
            name: qn(Some(TC2), "HolderChoice"),
            anonymous: true,
            doc: None,
            origin: Origin::default(),
            kind: TypeKind::Choice(ChoiceType {
                variants: vec![
                    field("At", date(), Occurs::ONE),
                    field("Note", string(), Occurs::MANY),
                    field("Event", named(0), Occurs::ONE),
                    secret(field("Pin", TypeRef::Builtin(Builtin::I32), Occurs::ONE)),
                ],
                optional: false,
            }),
        },
        // 5: required recursion
        complex("Tree", false, None, vec![field("Next", named(5), Occurs::ONE), field("Leaf", named(5), Occurs::MANY)]),
        // 6
        TypeDef {
            name: qn(Some(TC2), "Anything"),
            anonymous: false,
            doc: None,
            origin: Origin::default(),
            kind: TypeKind::Simple(SimpleType {
                base: TypeRef::Builtin(Builtin::AnyType),
                list: false,
                limits: Limits::default(),
            }),
        },
        // 7
        complex(
            "Wrapper",
            false,
            None,
            vec![field("Value", named(6), Occurs::ONE), field("Tree", named(5), Occurs::OPTIONAL)],
        ),
        // 8, 9: same Rust name, the second is renamed
        complex("wrapper", true, None, vec![]),
        complex("Error", false, None, vec![]),
        // 10..=14: names of prelude items, which generated code must not depend on
        complex("Option", false, None, vec![field("Value", named(11), Occurs::OPTIONAL)]),
        TypeDef {
            name: qn(Some(TC2), "Iterator"),
            anonymous: false,
            doc: None,
            origin: Origin::default(),
            kind: TypeKind::Simple(SimpleType {
                base: TypeRef::Builtin(Builtin::I32),
                list: true,
                limits: Limits::default(),
            }),
        },
        complex(
            "Box",
            false,
            None,
            vec![
                field("Next", named(12), Occurs::OPTIONAL),
                field("Some", named(14), Occurs::ONE),
                // Required, nillable and recursive: boxed, and `None` is still sent as xsi:nil.
                Field { nillable: true, ..field("Again", named(12), Occurs::ONE) },
            ],
        ),
        enum_type("Default", &["a"]),
        complex("Some", false, None, vec![field("Vec", named(13), Occurs::MANY)]),
        // 15: a secret `ArrayOfX` wrapper (its items' values stay out of decode errors)
        complex(
            "Vault",
            false,
            None,
            vec![Field {
                array_item: Some(ArrayItem { name: "Pin".to_owned(), ns: Some(TC2.to_owned()), nillable: false }),
                ..secret(field("Pins", TypeRef::Builtin(Builtin::I32), Occurs::OPTIONAL))
            }],
        ),
    ];
    let elements = vec![element("Ping", string()), element("Pong", named(0)), element("Wrapper", named(7))];
    let op = |name: &str, input: Option<usize>, output: Option<usize>| Operation {
        name: name.to_owned(),
        doc: None,
        input: input.map(ElementId),
        output: output.map(ElementId),
        faults: Vec::new(),
        soap: vec![SoapBinding {
            version: SoapVersion::V11,
            action: String::new(),
            rpc: false,
            encoded: false,
            input_headers: Vec::new(),
            output_headers: Vec::new(),
        }],
        http: Vec::new(),
        rest: None,
        origin: Origin::default(),
    };
    let mut ping = op("Ping", Some(0), Some(1));
    ping.http = vec![http(HttpMethod::Get, "Ping", 1)];
    ping.doc = Some("Pings [the server].".to_owned());
    let service = Service {
        name: "Edge".to_owned(),
        doc: None,
        endpoints: vec![Endpoint {
            name: "EdgeSoap".to_owned(),
            address: "http://localhost/edge".to_owned(),
            protocol: Protocol::Soap11,
        }],
        client_params: Vec::new(),
        operations: vec![ping, op("new", Some(2), Some(2)), op("OneWay", Some(0), None)],
        origin: Origin::default(),
    };
    Model {
        module: "edge".to_owned(),
        sources: vec![],
        read_files: vec![],
        doc: None,
        types,
        elements,
        services: vec![service],
    }
}

const HEADER: &str =
    "// @generated by `test` from test.wsdl.\n// Do not edit by hand: change the schema and regenerate.\n";

fn check_golden(name: &str, model: &Model, in_crate: bool) -> String {
    let options = Options { in_crate, header: HEADER.to_owned(), samples: false };
    let code = emit::emit_module(model, &options).expect("emit");
    let again = emit::emit_module(model, &options).expect("emit again");
    assert_eq!(code, again, "output is not deterministic");
    assert!(code.starts_with(HEADER));
    syn::parse_file(&code).expect("generated code parses");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("{name}.rs"));
    common::compare_golden(&path, &code);
    code
}

#[test]
fn tc2_like_golden() {
    let code = check_golden("tc2_like", &tc2_model(), true);
    // Spot checks of the contract.
    assert!(code.contains("pub struct Client {"));
    assert!(code.contains("pub struct Client2 {"), "the schema type `Client` is renamed");
    assert!(code.contains("::wsbind::__reqwest! {\n    impl Client {\n"), "`new` follows the runtime's feature");
    assert!(code.contains("pub session_id: ::std::option::Option<::std::string::String>"));
    assert!(code.contains("pub partner_camera_serial_number:"));
    assert!(code.contains("pub device_authorizing_codes: ::std::vec::Vec<DeviceAuthorizingCode>"));
    assert!(code.contains("pub child: ::std::option::Option<::std::boxed::Box<Node>>"));
    assert!(code.contains("::wsbind::redact::Redacted(&self.access_token)"));
    assert!(code.contains("#[xml(name = \"sessionID\", secret)]\n    pub session_id:"), "decode errors hide it");
    assert!(code.contains("Unknown(::std::string::String)"));
    assert!(code.contains("pub async fn get_partner_camera_refresh_token_http_get("));
    assert!(code.contains("pub async fn get_partner_camera_refresh_token_http_post("));
    assert!(code.contains("pub fn with_auth_header(mut self, header: AuthHeader) -> Self"), "with_ consumes");
    assert!(code.contains("pub fn set_auth_header(&mut self, header: AuthHeader)"), "set_ mutates");
    assert!(code.contains(
        "pub fn builder(\n        address: impl ::std::convert::Into<::std::string::String>,\n    ) -> ClientBuilder"
    ));
    assert!(code.contains("pub fn form_params(&self)"));
    assert!(code.contains("pub r#type:"));
    assert!(code.contains("`listThings`"), "REST operations are listed as not generated");
    assert!(code.contains("<https://tools.ietf.org/html/rfc6749>"));
    assert!(!code.contains("\n    ///     indented"));
}

#[test]
fn out_of_crate_output_has_no_cfg() {
    let options = Options { in_crate: false, header: HEADER.to_owned(), samples: false };
    let code = emit::emit_module(&tc2_model(), &options).unwrap();
    assert!(!code.contains("cfg(feature"));
}

#[test]
fn two_services_golden() {
    let code = check_golden("two_services", &two_services_model(), true);
    assert!(code.contains("pub struct AlphaClient"));
    assert!(code.contains("pub struct BetaClient"));
    assert!(code.contains("pub mod alpha_ops"));
    assert!(code.contains("pub const BETA_DEFAULT_ADDRESS"));
    assert!(code.contains("::wsbind::soap::SoapVersion::V12"));
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

#[test]
fn edge_cases_golden() {
    let code = check_golden("edge_cases", &edge_model(), true);
    assert!(code.contains("pub name: ::std::string::String"));
    assert!(code.contains("pub name_2: ::std::option::Option<::std::string::String>"), "attribute `name` renamed");
    assert!(code.contains("pub self_:"));
    assert!(code.contains("pub _3d_secure:"));
    assert!(
        code.contains("#[derive(Clone, Debug, PartialEq, ::wsbind::Xml, ::wsbind::Constructors)]\n#[xml(ns = NS, type_name = \"Event\")]\n#[non_exhaustive]\npub struct Event"),
        "no Default: required values"
    );
    assert!(code.contains("#[allow(clippy::enum_variant_names)]"));
    assert!(code.contains("pub next: ::std::boxed::Box<Tree>"));
    assert!(
        code.contains("#[derive(Clone, Debug, PartialEq, ::wsbind::Xml, ::wsbind::Constructors)]\n#[xml(ns = NS, type_name = \"Tree\")]\n#[non_exhaustive]\npub struct Tree"),
        "required recursion has no Default"
    );
    assert!(code.contains("pub struct Wrapper2"));
    // `Error` is free (not a prelude name): kept; prelude names take the suffix `Type`.
    assert!(code.contains("pub struct Error {}"));
    assert!(code.contains("pub struct OptionType"));
    assert!(code.contains("Named `OptionType`, not `Option`, so that `use` of this module never shadows"));
    assert!(code.contains("pub async fn new_2("));
    assert!(code.contains("request: &::std::string::String"));
    assert!(code.contains("`OneWay`"), "one-way operation is listed as not generated");
    assert!(code.contains("The HTTP binding `/Ping`"));
    assert!(!code.contains("```"));
}

#[test]
fn text_with_children_is_unsupported() {
    let mut model = edge_model();
    if let TypeKind::Complex(c) = &mut model.types[0].kind {
        c.fields.push(with_kind(field("value", string(), Occurs::ONE), FieldKind::Text));
    }
    let err = emit::emit_module(&model, &Options::default()).unwrap_err();
    assert!(matches!(err, emit::Error::Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("Event"));
}

/// A JSON property (unqualified).
fn prop(name: &str, ty: TypeRef, occurs: Occurs) -> Field {
    Field { ns: None, ..field(name, ty, occurs) }
}

fn limited(mut f: Field, limits: Limits) -> Field {
    f.limits = limits;
    f
}

fn json_type(name: &str, fields: Vec<Field>) -> TypeDef {
    TypeDef { name: qn(None, name), ..complex(name, false, None, fields) }
}

fn rest_param(name: &str, location: ParamLocation, ty: TypeRef, required: bool, secret: bool) -> Param {
    Param { name: name.to_owned(), location, ty, required, doc: None, secret, limits: Limits::default() }
}

fn json_body(ty: TypeRef, xml_root: Option<&str>) -> Body {
    let mut media = vec![MediaType::Json];
    if xml_root.is_some() {
        media.push(MediaType::Xml);
    }
    Body { ty, media, xml_root: xml_root.map(|r| qn(None, r)), required: true }
}

fn ok(body: Option<Body>) -> Response {
    Response { status: StatusMatch::Code(200), doc: None, body, headers: Vec::new() }
}

fn rest_op(name: &str, binding: RestBinding) -> Operation {
    Operation { name: name.to_owned(), rest: Some(binding), ..Operation::default() }
}

/// A REST-only service: JSON types with limits, a secret field, an enum, an interval; client-level
/// header and body parameters; a paged POST with an in-body status block and JSON or XML replies;
/// a GET with path, query and header parameters; a DELETE without a reply body.
fn rest_model() -> Model {
    let date = TypeRef::Builtin(Builtin::DateTime);
    let int = TypeRef::Builtin(Builtin::I32);
    let types = vec![
        json_type(
            "Item",
            vec![
                prop("Id", string(), Occurs::ONE),
                limited(
                    prop("Name", string(), Occurs::OPTIONAL),
                    Limits { max_length: Some(20), ..Default::default() },
                ),
                limited(
                    prop("Size", int.clone(), Occurs::OPTIONAL),
                    Limits { minimum: Some(1.0), maximum: Some(10.0), ..Default::default() },
                ),
                limited(prop("Tags", string(), Occurs::MANY), Limits { max_items: Some(5), ..Default::default() }),
                secret(prop("Code", string(), Occurs::OPTIONAL)),
                prop("Kind", named(1), Occurs::OPTIONAL),
                limited(
                    prop("Window", named(3), Occurs::OPTIONAL),
                    Limits { max_months: Some(2), ..Default::default() },
                ),
            ],
        ),
        TypeDef { name: qn(None, "Kind"), ..enum_type("Kind", &["small", "large"]) },
        json_type(
            "ListReply",
            vec![
                prop("Items", named(0), Occurs::MANY),
                prop("Next", string(), Occurs::OPTIONAL),
                prop("Status", named(4), Occurs::OPTIONAL),
            ],
        ),
        json_type("Window", vec![prop("From", date.clone(), Occurs::ONE), prop("To", date, Occurs::ONE)]),
        json_type(
            "ReplyStatus",
            vec![prop("Code", string(), Occurs::OPTIONAL), prop("Message", string(), Occurs::OPTIONAL)],
        ),
        json_type(
            "ListBody",
            vec![
                prop("Cursor", string(), Occurs::OPTIONAL),
                limited(
                    prop("Count", int, Occurs::ONE),
                    Limits { minimum: Some(1.0), maximum: Some(100.0), ..Default::default() },
                ),
                prop("Filter", named(0), Occurs::OPTIONAL),
            ],
        ),
    ];
    let path_of = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let list = RestBinding {
        method: HttpMethod::Post,
        path: "/things/list".to_owned(),
        params: Vec::new(),
        request_body: Some(json_body(named(5), None)),
        responses: vec![ok(Some(json_body(named(2), Some("ListReply"))))],
        pagination: Some(Pagination {
            request_cursor: path_of(&["Cursor"]),
            request_count: path_of(&["Count"]),
            response_cursor: path_of(&["Next"]),
            response_items: path_of(&["Items"]),
            max_count: Some(100),
        }),
        reply_status: Some(ReplyStatus {
            block: path_of(&["Status"]),
            code: Some("Code".to_owned()),
            message: Some("Message".to_owned()),
        }),
    };
    let mut id = rest_param("id", ParamLocation::Path, string(), true, false);
    id.limits.max_length = Some(36);
    let get = RestBinding {
        method: HttpMethod::Get,
        path: "/things/{id}".to_owned(),
        params: vec![
            id.clone(),
            rest_param("verbose", ParamLocation::Query, TypeRef::Builtin(Builtin::Boolean), false, false),
            rest_param("kind", ParamLocation::Query, named(1), false, false),
            rest_param("X-Request-Id", ParamLocation::Header, string(), false, false),
        ],
        request_body: None,
        responses: vec![ok(Some(json_body(named(0), None)))],
        pagination: None,
        reply_status: None,
    };
    let delete = RestBinding {
        method: HttpMethod::Delete,
        path: "/things/{id}".to_owned(),
        params: vec![id],
        request_body: None,
        responses: vec![Response { status: StatusMatch::Code(204), doc: None, body: None, headers: Vec::new() }],
        pagination: None,
        reply_status: None,
    };
    let service = Service {
        name: "Things".to_owned(),
        doc: None,
        endpoints: vec![Endpoint {
            name: "Demo".to_owned(),
            address: "https://things.example.com/api".to_owned(),
            protocol: Protocol::Rest,
        }],
        client_params: vec![
            rest_param("ApiKey", ParamLocation::Header, string(), true, true),
            rest_param("Trace", ParamLocation::Header, TypeRef::Builtin(Builtin::Boolean), false, false),
            rest_param("Tenant", ParamLocation::Body, string(), true, false),
        ],
        operations: vec![rest_op("listThings", list), rest_op("getThing", get), rest_op("deleteThing", delete)],
        origin: Origin::default(),
    };
    Model {
        module: "things".to_owned(),
        sources: vec!["schemas/things/things.yaml".to_owned()],
        read_files: vec![],
        doc: Some("A small REST service.".to_owned()),
        types,
        elements: Vec::new(),
        services: vec![service],
    }
}

#[test]
fn rest_golden() {
    let code = check_golden("rest", &rest_model(), true);
    assert!(code.contains("#[serde(crate = \"::wsbind::__private::serde\")]"));
    assert!(code.contains("::wsbind::rest::check_max_items(\"Tags\", self.tags.len(), 5)?;"));
    assert!(code.contains("::wsbind::rest::check_max_length(\"Name\", v, 20)?;"));
    assert!(code.contains("::wsbind::rest::check_max_months(\"Window\", &v.from, &v.to, 2)?;"));
    assert!(code.contains("pub struct GetThingRequest"));
    assert!(code.contains("pub fn list_things_stream<'s>("));
    assert!(code.contains("::wsbind::rest::check_reply_status("));
    assert!(code.contains("self.inner.set_secret_header(\"ApiKey\", value);"));
    assert!(code.contains("self.inner.set_body_param(\"Tenant\", &value);"));
    assert!(code.contains("pub fn clear_trace(&mut self)"));
    assert!(code.contains("pub fn set_format("));
    assert!(code.contains("secret_names: &[\"Code\"]"));
    assert!(!code.contains("not generated"));
}

#[test]
fn samples_option_appends_round_trip_fixtures() {
    let options = Options { in_crate: false, header: HEADER.to_owned(), samples: true };
    let code = emit::emit_module(&tc2_model(), &options).unwrap();
    syn::parse_file(&code).expect("generated code parses");
    let fixtures = &code[code.find("/// Round-trip fixtures").expect("fixtures at the end")..];
    assert!(fixtures.contains("#[cfg(test)]\n#[allow(dead_code)]\nmod samples {"));
    assert!(fixtures.contains("impl S for super::Node {"));
    assert!(fixtures.contains("check::<super::Node>(&mut report, \"Node\", true);"));
    assert!(fixtures.contains("report.print("));
    let plain = emit::emit_module(&tc2_model(), &Options { samples: false, ..options }).unwrap();
    assert!(!plain.contains("mod samples"));
    assert!(code.starts_with(&plain[..plain.len() - 1]), "the fixtures only append");
}

/// A derived type that declares its base's elements again (paypal's
/// `DoUatpAuthorizationResponseType` and `MsgSubID`): optional, required and repeated fields
/// sharing an element name. Its golden is compiled and decoded by the root crate's
/// `tests/runtime_dup_names.rs`.
fn dup_names_model() -> Model {
    let types = vec![complex(
        "Reply",
        false,
        None,
        vec![
            field("MsgSubID", string(), Occurs::OPTIONAL),
            field("Code", string(), Occurs::ONE),
            field("Items", string(), Occurs::MANY),
            field("Amount", TypeRef::Builtin(Builtin::I32), Occurs::OPTIONAL),
            field("MsgSubID", string(), Occurs::OPTIONAL),
            field("Code", string(), Occurs::ONE),
            field("Items", string(), Occurs::OPTIONAL),
            field("MsgSubID", string(), Occurs::OPTIONAL),
        ],
    )];
    Model {
        module: "dup_names".to_owned(),
        sources: vec![],
        read_files: vec![],
        doc: None,
        types,
        elements: vec![element("Reply", named(0))],
        services: vec![],
    }
}

#[test]
fn repeated_element_names_fill_fields_in_order() {
    let code = check_golden("dup_names", &dup_names_model(), false);
    assert!(code.contains("pub msg_sub_id_2: ::std::option::Option<::std::string::String>"));
    assert!(code.contains("pub msg_sub_id_3: ::std::option::Option<::std::string::String>"));
    // Decoding fills the fields of a name in order (`wsbind-derive`'s rule, exercised by
    // `tests/runtime_dup_names.rs`); a repeated field keeps every element of its name, so the
    // later `Items` is marked as never filled.
    assert!(
        code.contains(
            "#[xml(name = \"Items\", unread)]\n    pub items_2: ::std::option::Option<::std::string::String>"
        )
    );
    assert_eq!(code.matches("unread").count(), 1, "only `items_2` is unread");
    // The fixtures fill every field decoding can fill, and name the one it cannot.
    let options = Options { in_crate: false, header: HEADER.to_owned(), samples: true };
    let code = emit::emit_module(&dup_names_model(), &options).unwrap();
    let fixtures = &code[code.find("/// Round-trip fixtures").expect("fixtures at the end")..];
    assert!(fixtures.contains("msg_sub_id_2: S::sample(d + 1),"), "{fixtures}");
    assert!(fixtures.contains("msg_sub_id_3: S::sample(d + 1),"));
    assert!(fixtures.contains("items_2: ::std::option::Option::None,"));
    assert!(fixtures.contains("Reply.items_2"));
}
