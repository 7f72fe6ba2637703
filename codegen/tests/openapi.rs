//! Tests of the OpenAPI front end: the Mews and AIM documents of `schemas/` load into the expected
//! service model, the conventions (client-level parameters, pagination) hold, and broken documents
//! under `tests/fixtures/openapi/` give the expected positioned diagnostics.

use std::path::{Path, PathBuf};

use wsbind_codegen::model::*;
use wsbind_codegen::openapi::{LoadOptions, load};

const AIM_NS: &str = "http://schemas.datacontract.org/2004/07/AIM.WebService";
const SS_NS: &str = "http://schemas.servicestack.net/types";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi")
}

fn options(module: &str, root: PathBuf) -> LoadOptions {
    LoadOptions { module: module.into(), secrets: Vec::new(), source_root: Some(root), strict: false }
}

fn service_model(name: &str) -> Model {
    let file = repo().join(format!("schemas/{name}/{name}.yaml"));
    match load(&file, &options(name, repo())) {
        Ok(m) => m,
        Err(e) => panic!("{name}.yaml does not load:\n{}", e.render()),
    }
}

fn fixture(name: &str) -> Result<Model, Vec<String>> {
    load_fixture(name, false)
}

/// The fixture `name` loaded (in strict mode when `strict`), or its diagnostics as
/// `file:line:col: message` lines relative to the fixtures folder.
fn load_fixture(name: &str, strict: bool) -> Result<Model, Vec<String>> {
    let dir = fixtures();
    let options = LoadOptions { strict, ..options("fixture", dir.clone()) };
    load(&dir.join(name), &options).map_err(|e| relative(e.iter()))
}

fn relative<'d>(diagnostics: impl Iterator<Item = &'d wsbind_codegen::Diagnostic>) -> Vec<String> {
    let prefix = format!("{}/", fixtures().display());
    diagnostics.map(|d| d.to_string().replace(&prefix, "")).collect()
}

fn type_named<'m>(m: &'m Model, local: &str) -> &'m TypeDef {
    m.types.iter().find(|t| t.name.local == local).unwrap_or_else(|| panic!("no type `{local}`"))
}

fn ty_of<'m>(m: &'m Model, r: &TypeRef) -> &'m TypeDef {
    match r {
        TypeRef::Named(id) => m.ty(*id),
        TypeRef::Builtin(b) => panic!("expected a named type, found {b:?}"),
    }
}

fn fields(t: &TypeDef) -> &[Field] {
    match &t.kind {
        TypeKind::Complex(c) => &c.fields,
        other => panic!("`{}` is not complex: {other:?}", t.name),
    }
}

fn field<'m>(t: &'m TypeDef, name: &str) -> &'m Field {
    fields(t).iter().find(|f| f.name == name).unwrap_or_else(|| panic!("`{}` has no field `{name}`", t.name))
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

fn enum_values(t: &TypeDef) -> Vec<&str> {
    match &t.kind {
        TypeKind::Enum(e) => e.values.iter().map(|v| v.value.as_str()).collect(),
        other => panic!("`{}` is not an enum: {other:?}", t.name),
    }
}

fn rest(op: &Operation) -> &RestBinding {
    op.rest.as_ref().unwrap_or_else(|| panic!("`{}` has no REST binding", op.name))
}

#[test]
fn mews_service_operations_and_client_params() {
    let m = service_model("mews");
    assert_eq!(m.module, "mews");
    assert!(m.sources[0].ends_with("schemas/mews/mews.yaml"), "{:?}", m.sources);
    assert_eq!(m.services.len(), 1);
    let s = &m.services[0];
    assert_eq!(s.name, "MewsConnectorApi");
    let addresses: Vec<&str> = s.endpoints.iter().map(|e| e.address.as_str()).collect();
    assert_eq!(addresses, ["https://api.mews-demo.com", "https://api.mews.com"]);
    assert!(s.endpoints.iter().all(|e| e.protocol == Protocol::Rest));

    let client: Vec<(&str, ParamLocation, bool, bool)> =
        s.client_params.iter().map(|p| (p.name.as_str(), p.location, p.required, p.secret)).collect();
    assert_eq!(
        client,
        [
            ("ClientToken", ParamLocation::Body, true, true),
            ("AccessToken", ParamLocation::Body, true, true),
            ("Client", ParamLocation::Body, true, false),
        ]
    );

    let ops: Vec<(&str, HttpMethod, &str)> =
        s.operations.iter().map(|o| (o.name.as_str(), rest(o).method, rest(o).path.as_str())).collect();
    assert_eq!(
        ops,
        [
            ("getAll", HttpMethod::Post, "/api/connector/v1/resourceAccessTokens/getAll"),
            ("add", HttpMethod::Post, "/api/connector/v1/resourceAccessTokens/add"),
            ("update", HttpMethod::Post, "/api/connector/v1/resourceAccessTokens/update"),
            ("delete", HttpMethod::Post, "/api/connector/v1/resourceAccessTokens/delete"),
        ]
    );
    for op in &s.operations {
        let r = rest(op);
        assert!(r.params.is_empty(), "{}: {:?}", op.name, r.params);
        let body = r.request_body.as_ref().expect("request body");
        assert_eq!(body.media, [MediaType::Json]);
        assert!(body.required);
        assert_eq!(body.xml_root, None);
        // The credentials are client-level, not repeated in every request type.
        let request = ty_of(&m, &body.ty);
        for credential in ["ClientToken", "AccessToken", "Client"] {
            assert!(!names(fields(request)).contains(&credential), "{} still has {credential}", request.name);
        }
        let statuses: Vec<StatusMatch> = r.responses.iter().map(|x| x.status).collect();
        let expected: Vec<StatusMatch> =
            [200, 400, 401, 403, 408, 429, 500].into_iter().map(StatusMatch::Code).collect();
        assert_eq!(statuses, expected, "{}", op.name);
        for resp in &r.responses[1..] {
            let error = ty_of(&m, &resp.body.as_ref().expect("error body").ty);
            assert_eq!(error.name.local, "Error");
            assert_eq!(field(error, "Message").occurs, Occurs::ONE);
            let headers: Vec<&str> = resp.headers.iter().map(|h| h.name.as_str()).collect();
            let retry: &[&str] = if resp.status == StatusMatch::Code(429) { &["Retry-After"] } else { &[] };
            assert_eq!(headers, retry);
        }
        assert!(op.doc.is_some() && op.origin.line > 0);
    }
    // The shared `ClientCredentials` schema only fed client parameters: it is not a type.
    assert!(m.types.iter().all(|t| t.name.local != "ClientCredentials"));
}

#[test]
fn mews_types_limits_enums_and_pagination() {
    let m = service_model("mews");
    let s = &m.services[0];
    let get_all = rest(&s.operations[0]);
    assert_eq!(
        get_all.pagination,
        Some(Pagination {
            request_cursor: vec!["Limitation".into(), "Cursor".into()],
            request_count: vec!["Limitation".into(), "Count".into()],
            response_cursor: vec!["Cursor".into()],
            response_items: vec!["ResourceAccessTokens".into()],
            max_count: Some(1000),
        })
    );
    assert!(s.operations[1..].iter().all(|o| rest(o).pagination.is_none()));

    let request = ty_of(&m, &get_all.request_body.as_ref().unwrap().ty);
    assert_eq!(request.name.local, "ResourceAccessTokenGetAllRequest");
    assert_eq!(
        names(fields(request)),
        [
            "EnterpriseIds",
            "ResourceAccessTokenIds",
            "ServiceOrderIds",
            "CollidingUtc",
            "UpdatedUtc",
            "ActivityStates",
            "Limitation"
        ]
    );
    for ids in ["EnterpriseIds", "ResourceAccessTokenIds", "ServiceOrderIds"] {
        let f = field(request, ids);
        assert_eq!(f.ty, TypeRef::Builtin(Builtin::Guid));
        assert_eq!(f.occurs, Occurs::MANY);
        assert_eq!(f.limits.max_items, Some(1000));
    }
    let colliding = field(request, "CollidingUtc");
    assert_eq!(colliding.limits.note.as_deref(), Some("max length 3 months"));
    assert_eq!(ty_of(&m, &colliding.ty).name.local, "TimeInterval");
    assert!(colliding.doc.as_deref().is_some_and(|d| d.starts_with("Interval in which")));
    let states = field(request, "ActivityStates");
    assert!(states.occurs.is_repeated());
    assert_eq!(enum_values(ty_of(&m, &states.ty)), ["Active", "Deleted"]);
    let limitation = field(request, "Limitation");
    assert_eq!(limitation.occurs, Occurs::ONE);
    let count = field(ty_of(&m, &limitation.ty), "Count");
    assert_eq!(count.ty, TypeRef::Builtin(Builtin::I32));
    assert_eq!((count.limits.minimum, count.limits.maximum), (Some(1.0), Some(1000.0)));
    let cursor = field(ty_of(&m, &limitation.ty), "Cursor");
    assert!(cursor.nillable && cursor.occurs.is_optional());

    let token = type_named(&m, "ResourceAccessToken");
    assert_eq!(enum_values(ty_of(&m, &field(token, "Type").ty)), ["PinCode", "RfidTag"]);
    assert!(field(token, "Value").secret);
    assert!(!field(token, "SerialNumber").secret);
    assert_eq!(field(token, "CreatedUtc").ty, TypeRef::Builtin(Builtin::DateTime));
    assert_eq!(field(token, "Id").ty, TypeRef::Builtin(Builtin::Guid));
    assert_eq!(field(token, "Id").occurs, Occurs::ONE);
    assert_eq!(field(token, "CompanionshipId").occurs, Occurs::OPTIONAL);
    assert!(field(token, "CompanionshipId").nillable);
    assert_eq!(field(token, "IsActive").ty, TypeRef::Builtin(Builtin::Boolean));
    assert_eq!(token.doc.as_deref(), Some("Resource access token."));
    assert!(token.origin.file.ends_with("mews.yaml") && token.origin.line > 0 && token.origin.column > 0);

    let add = ty_of(&m, &rest(&s.operations[1]).request_body.as_ref().unwrap().ty);
    let params = field(add, "ResourceAccessTokenParameters");
    assert_eq!((params.occurs.min, params.occurs.max, params.limits.max_items), (1, None, Some(1000)));
    let update = type_named(&m, "ResourceAccessTokenUpdateParameters");
    let value = ty_of(&m, &field(update, "Value").ty);
    assert_eq!(field(value, "Value").limits.max_length, Some(255));
    assert!(field(value, "Value").secret);
    assert_eq!(
        field(ty_of(&m, &field(update, "ValidityStartUtc").ty), "Value").ty,
        TypeRef::Builtin(Builtin::DateTime)
    );
    let delete = ty_of(&m, &rest(&s.operations[3]).request_body.as_ref().unwrap().ty);
    assert_eq!(names(fields(delete)), ["Ids"]);
}

#[test]
fn aim_headers_query_enum_and_xml_names() {
    let m = service_model("aim");
    let s = &m.services[0];
    assert_eq!(s.name, "AimWebServices");
    assert_eq!(s.endpoints[0].address, "https://active-ewebservice.biz/aeServices30/api");
    let client: Vec<(&str, ParamLocation, bool, bool)> =
        s.client_params.iter().map(|p| (p.name.as_str(), p.location, p.required, p.secret)).collect();
    assert_eq!(
        client,
        [
            ("Token", ParamLocation::Header, false, true),
            ("DeviceId", ParamLocation::Header, false, false),
            ("AppId", ParamLocation::Header, true, false),
            ("ApiKey", ParamLocation::Header, true, true),
            ("OAuthToken", ParamLocation::Header, false, true),
        ]
    );
    assert_eq!(s.operations.len(), 1);
    let op = &s.operations[0];
    assert_eq!(op.name, "CustomerAccessToken");
    let r = rest(op);
    assert_eq!((r.method, r.path.as_str()), (HttpMethod::Get, "/CustomerAccessToken"));
    assert!(r.request_body.is_none() && r.pagination.is_none());
    let params: Vec<(&str, ParamLocation, bool)> =
        r.params.iter().map(|p| (p.name.as_str(), p.location, p.required)).collect();
    assert_eq!(
        params,
        [
            ("Acct", ParamLocation::Query, false),
            ("Mode", ParamLocation::Query, false),
            ("ItemKey", ParamLocation::Query, false)
        ]
    );
    assert_eq!(r.params[0].ty, TypeRef::Builtin(Builtin::I32));
    assert_eq!(r.params[2].ty, TypeRef::Builtin(Builtin::I64));
    assert_eq!(
        enum_values(ty_of(&m, &r.params[1].ty)),
        ["ADD_CUSTOMER_CARD", "ADD_CONTRACT_CARD", "ADD_STUDENT_CARD", "UPDATE_CARD"]
    );

    let statuses: Vec<StatusMatch> = r.responses.iter().map(|x| x.status).collect();
    assert_eq!(statuses, [StatusMatch::Code(200), StatusMatch::Range(4), StatusMatch::Range(5)]);
    let ok = r.responses[0].body.as_ref().unwrap();
    assert_eq!(ok.media, [MediaType::Xml, MediaType::Json]);
    assert_eq!(ok.xml_root, Some(QName::new(Some(AIM_NS), "CustomerAccessTokenResponse")));
    let reply = ty_of(&m, &ok.ty);
    assert_eq!(reply.name, QName::new(Some(AIM_NS), "CustomerAccessTokenResponse"));
    // Base-class members first, then the rest in alphabetical order (ServiceStack DataContract).
    assert_eq!(names(fields(reply)), ["Status", "AccountManagementUrl", "Token"]);
    assert!(fields(reply).iter().all(|f| f.ns.as_deref() == Some(AIM_NS) && f.occurs == Occurs::OPTIONAL));
    assert!(field(reply, "Token").secret);
    let status = ty_of(&m, &field(reply, "Status").ty);
    assert_eq!(
        names(fields(status)),
        ["DomainName", "ErrorCode", "ErrorDisplayText", "ErrorMessage", "IpAddress", "Login", "StatusCode"]
    );

    let error = r.responses[1].body.as_ref().unwrap();
    assert_eq!(error.xml_root, Some(QName::new(Some(SS_NS), "ErrorResponse")));
    let response_status = ty_of(&m, &field(ty_of(&m, &error.ty), "ResponseStatus").ty);
    assert_eq!(names(fields(response_status)), ["ErrorCode", "Message", "StackTrace", "Errors", "Meta"]);
    let errors = field(response_status, "Errors");
    assert!(errors.occurs.is_repeated());
    assert_eq!(
        errors.array_item,
        Some(ArrayItem { name: "ResponseError".into(), ns: Some(SS_NS.into()), nillable: false })
    );
    assert_eq!(field(response_status, "Meta").ty, TypeRef::Builtin(Builtin::AnyType));
}

#[test]
fn json_document_inline_types_and_forced_client_param() {
    let m = fixture("inline.json").unwrap_or_else(|e| panic!("{e:?}"));
    let s = &m.services[0];
    assert_eq!(s.endpoints[0].address, "https://example.com/v1");
    let client: Vec<(&str, ParamLocation, bool)> =
        s.client_params.iter().map(|p| (p.name.as_str(), p.location, p.secret)).collect();
    assert_eq!(client, [("X-Api-Key", ParamLocation::Header, true)]);
    let op = &s.operations[0];
    assert_eq!(op.name, "putThingsId");
    let r = rest(op);
    assert_eq!((r.method, r.path.as_str()), (HttpMethod::Put, "/things/{id}"));
    let params: Vec<(&str, ParamLocation, bool, &TypeRef)> =
        r.params.iter().map(|p| (p.name.as_str(), p.location, p.required, &p.ty)).collect();
    assert_eq!(
        params,
        [
            ("id", ParamLocation::Path, true, &TypeRef::Builtin(Builtin::Guid)),
            ("dryRun", ParamLocation::Query, false, &TypeRef::Builtin(Builtin::Boolean)),
        ]
    );
    let request = ty_of(&m, &r.request_body.as_ref().unwrap().ty);
    assert!(request.anonymous);
    assert_eq!(request.name.local, "PutThingsIdRequest");
    let kind = ty_of(&m, &field(request, "kind").ty);
    assert!(kind.anonymous && kind.name.local == "PutThingsIdRequest.kind");
    assert_eq!(enum_values(kind), ["a", "b"]);
    assert_eq!(field(request, "kind").occurs, Occurs::ONE);
    let size = ty_of(&m, &field(request, "size").ty);
    assert_eq!(field(size, "w").ty, TypeRef::Builtin(Builtin::Float));
    assert_eq!(field(size, "h").limits.minimum, Some(0.0));
    let tags = field(request, "tags");
    assert_eq!((tags.limits.min_items, tags.limits.max_length), (Some(1), Some(8)));
    let statuses: Vec<StatusMatch> = r.responses.iter().map(|x| x.status).collect();
    assert_eq!(statuses, [StatusMatch::Code(204), StatusMatch::Default]);
}

#[test]
fn declared_pagination_extension() {
    let m = fixture("declared_pagination.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let p = rest(&m.services[0].operations[0]).pagination.clone();
    assert_eq!(
        p,
        Some(Pagination {
            request_cursor: vec!["Page".into(), "After".into()],
            request_count: vec!["Page".into(), "Size".into()],
            response_cursor: vec!["Next".into()],
            response_items: vec!["Things".into()],
            max_count: Some(50),
        })
    );
}

#[test]
fn broken_documents_give_positioned_errors() {
    let cases = [
        (
            "dangling_ref.yaml",
            "dangling_ref.yaml:24:13 (at /components/schemas/Things/properties/Items/items/$ref): \
             dangling `$ref`: `#/components/schemas/Thing` does not exist",
        ),
        (
            "invalid_yaml.yaml",
            "invalid_yaml.yaml:8:14: invalid YAML: while parsing a flow mapping, did not find expected ',' or '}'",
        ),
        (
            "wrong_type.yaml",
            "wrong_type.yaml:9:7: invalid OpenAPI document: invalid type: string \"sometimes\", expected a boolean",
        ),
        (
            "all_of_cycle.yaml",
            "all_of_cycle.yaml:8:11 (at /components/schemas/A/allOf/0/$ref): \
             reference cycle: `#/components/schemas/A` includes itself through `allOf`",
        ),
        (
            "swagger2.yaml",
            "swagger2.yaml:1:1: Swagger 2.0 documents are not supported \
             (expected `openapi: 3.0.3` at the top of the document)",
        ),
        (
            "bad_pagination.yaml",
            "bad_pagination.yaml:11:9: `x-wsbind-pagination` `request-count`: `Page.Size` is not a property of \
             the request body",
        ),
    ];
    for (file, expected) in cases {
        match fixture(file) {
            Ok(_) => panic!("{file} loaded"),
            Err(lines) => assert_eq!(lines, [expected], "{file}"),
        }
    }
    // A named array schema whose items refer back to it twice: two cycle errors at once (it used
    // to expand 2^32 times before a depth limit stopped it).
    let Err(lines) = fixture("array_cycle.yaml") else { panic!("array_cycle.yaml loaded") };
    let cycle = |line: u32, property: &str| {
        format!(
            "array_cycle.yaml:{line}:15 (at /components/schemas/List/items/properties/{property}/$ref): reference \
             cycle: the array schema `#/components/schemas/List` contains itself (give its items a schema of their \
             own under components/schemas)"
        )
    };
    assert_eq!(lines, [cycle(15, "a"), cycle(16, "b")]);
}

#[test]
fn openapi_31_type_lists_read_as_nullable_types() {
    let m = fixture("openapi31_type_list.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    let thing = type_named(&m, "Thing");
    let f = field(thing, "Name");
    assert_eq!(f.ty, TypeRef::Builtin(Builtin::String));
    assert!(f.nillable);
    // A 3.1 numeric `exclusiveMinimum` is read as the (inclusive) `minimum`.
    assert_eq!(field(thing, "Size").limits.minimum, Some(0.0));
    // `patternProperties`: a map of their value schema, or of any values when they differ.
    let map_item = |name: &str| {
        let TypeRef::Named(id) = &field(thing, name).ty else { panic!("{name} is not a named type") };
        match &m.types[id.0].kind {
            TypeKind::Container(c) if c.kind == ContainerKind::Map => c.item.clone(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(map_item("Labels"), TypeRef::Builtin(Builtin::I64));
    assert_eq!(map_item("Mixed"), TypeRef::Builtin(Builtin::Json));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

/// `allOf` of one typed part and parts that only add a description or limits (AWS's style): the
/// typed part's type, for named schemas and properties; an object part with a `required` part is
/// still merged into a record.
#[test]
fn constraint_only_all_of_parts_keep_the_typed_part() {
    let m = fixture("constraint_parts.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    let resource_name = m.types.iter().position(|t| t.name.local == "ResourceName").expect("ResourceName");
    let TypeKind::Simple(thing_name) = &type_named(&m, "ThingName").kind else { panic!("ThingName is not simple") };
    assert_eq!(thing_name.base, TypeRef::Named(TypeId(resource_name)));
    let output = type_named(&m, "ListThingsOutput");
    assert_eq!(field(output, "Name").ty, TypeRef::Named(TypeId(resource_name)));
    assert_eq!(field(output, "Count").ty, TypeRef::Builtin(Builtin::I32));
    let TypeRef::Named(owner) = &field(output, "Owner").ty else { panic!("Owner is not named") };
    let TypeKind::Complex(owner) = &m.types[owner.0].kind else { panic!("Owner is not a record") };
    assert_eq!(owner.fields[0].occurs.min, 1, "the `required` part applies");
}

#[test]
fn documents_without_paths_load() {
    let m = fixture("no_paths.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert!(m.services[0].operations.is_empty());
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

/// What is not modelled yet is kept as raw JSON or left out, each with a positioned warning;
/// strict mode makes the same messages errors.
#[test]
fn fallbacks_are_positioned_warnings_or_strict_errors() {
    let expected = [
        "fallbacks.yaml:19:15: `anyOf` beside `properties` or `allOf` is not supported yet: kept as a raw JSON value \
         (`wsbind::rest::JsonValue`)",
        "fallbacks.yaml:41:9: operation `downloadFile` is left out: the media type of its success reply \
         (`multipart/form-data`) is not supported yet",
        "fallbacks.yaml:55:11: array parameter style `label` is not supported yet: its values are joined by `,`",
        "fallbacks.yaml:67:11: an `allOf` part that is not an object schema is not supported yet: it is left out",
        "fallbacks.yaml:70:13: `oneOf` beside `properties` or `allOf` is not supported yet: kept as a raw JSON value \
         (`wsbind::rest::JsonValue`)",
        "fallbacks.yaml:76:13: `not` is not supported yet: kept as a raw JSON value (`wsbind::rest::JsonValue`)",
        "fallbacks.yaml:79:13: an array schema without `items` is not supported yet: kept as a raw JSON value \
         (`wsbind::rest::JsonValue`)",
    ];
    let m = load_fixture("fallbacks.yaml", false).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(relative(m.warnings.iter()), expected);
    let ops: Vec<&str> = m.services[0].operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(ops, ["addThing", "uploadFile", "search"]);
    let thing = type_named(&m, "Thing");
    assert_eq!(field(thing, "Shape").ty, TypeRef::Builtin(Builtin::Json));
    assert_eq!(field(thing, "List").ty, TypeRef::Builtin(Builtin::Json));
    assert!(field(thing, "List").occurs.is_repeated());

    let errors = load_fixture("fallbacks.yaml", true).expect_err("strict mode refuses");
    let help = " (strict mode: nothing is kept as raw JSON nor left out)";
    let strict: Vec<String> = expected.iter().map(|e| format!("{e}{help}")).collect();
    assert_eq!(errors, strict);
}

#[test]
fn rendered_errors_show_the_source_line() {
    let dir = fixtures();
    let strict = LoadOptions { strict: true, ..options("fixture", dir.clone()) };
    let err = load(&dir.join("fallbacks.yaml"), &strict).unwrap_err();
    let text = err.render();
    assert!(text.contains("`oneOf` beside `properties` or `allOf` is not supported yet"), "{text}");
    assert!(text.contains("Shape:"), "{text}");
}

#[test]
fn missing_file_is_a_diagnostic() {
    let dir = fixtures();
    let err = load(&dir.join("nope.yaml"), &options("fixture", dir.clone())).unwrap_err();
    assert!(err.iter().next().is_some_and(|d| d.message.starts_with("cannot read")));
}

#[test]
fn reply_status_and_interval_extensions() {
    let aim = service_model("aim");
    let status = rest(&aim.services[0].operations[0]).reply_status.clone();
    assert_eq!(
        status,
        Some(ReplyStatus {
            block: vec!["Status".to_owned()],
            code: Some("ErrorCode".to_owned()),
            message: Some("ErrorMessage".to_owned()),
        })
    );
    let mews = service_model("mews");
    let request = type_named(&mews, "ResourceAccessTokenGetAllRequest");
    assert_eq!(field(request, "CollidingUtc").limits.max_months, Some(3));
    assert_eq!(field(request, "UpdatedUtc").limits.max_months, Some(3));
    assert_eq!(field(request, "EnterpriseIds").limits.max_months, None);
    assert!(mews.services[0].operations.iter().all(|o| rest(o).reply_status.is_none()));

    let lines = fixture("bad_reply_status.yaml").expect_err("bad_reply_status.yaml loaded");
    assert_eq!(
        lines,
        ["bad_reply_status.yaml:23:9: `x-wsbind-reply-status` `message`: `Text` is not a property of the status block"]
    );

    // The success reply is the lowest 2xx status (200), wherever it stands in the document; the
    // extension on the 201 reply's schema does not apply to it.
    let m = fixture("reply_status_order.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(rest(&m.services[0].operations[0]).reply_status, None);
}

/// `components.securitySchemes` and `security`: every kind the client sends, requirements as
/// alternatives of schemes sent together, an operation's own `security` (`[]`: none) replacing
/// the document's, and what cannot be sent left out with a positioned warning.
#[test]
fn security_schemes_and_requirements() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit");
    let m =
        load(&dir.join("openapi_security.yaml"), &options("notes", dir.clone())).unwrap_or_else(|e| panic!("{e:?}"));
    let s = &m.services[0];
    let schemes: Vec<(&str, &SecurityKind)> = s.security_schemes.iter().map(|s| (s.name.as_str(), &s.kind)).collect();
    let key = |location, param: &str| SecurityKind::ApiKey { location, param: param.to_owned() };
    assert_eq!(schemes[0], ("api_key", &key(ApiKeyLocation::Header, "X-Notes-Key")));
    assert_eq!(schemes[1], ("query_key", &key(ApiKeyLocation::Query, "key")));
    assert_eq!(schemes[2], ("session", &key(ApiKeyLocation::Cookie, "notes_session")));
    assert_eq!(schemes[3], ("basic_auth", &SecurityKind::Basic));
    assert_eq!(
        schemes[4],
        ("oauth", &SecurityKind::Bearer { format: None, flows: vec!["clientCredentials".to_owned()] })
    );
    assert!(matches!(schemes[5], ("tls", SecurityKind::Unsupported { .. })));
    assert!(matches!(schemes[6], ("digest", SecurityKind::Unsupported { .. })));
    assert_eq!(s.security_schemes[4].doc.as_deref(), Some("Tokens of the notes authorisation server."));
    assert_eq!((s.security_schemes[0].origin.line, s.security_schemes[0].origin.column), (119, 5));

    // Requirements by operation: (scheme indices, scopes) per alternative.
    let security = |name: &str| -> Vec<Vec<(usize, Vec<String>)>> {
        let op = s.operations.iter().find(|o| o.name == name).unwrap_or_else(|| panic!("no `{name}`"));
        rest(op).security.iter().map(|r| r.schemes.clone()).collect()
    };
    let scopes = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(security("getNote"), [vec![(4, scopes(&["notes.read"]))], vec![(0, vec![])]], "the document's");
    assert_eq!(security("createNote"), [vec![(3, vec![])]], "its own replaces the document's");
    assert_eq!(security("exportNotes"), [vec![(1, vec![]), (2, vec![])]], "two schemes together");
    assert!(security("getStatus").is_empty(), "`security: []` is none");
    assert_eq!(security("deleteNote"), [vec![(4, scopes(&["notes.write"]))]], "mutual TLS is left out");
    assert!(security("legacy").is_empty(), "an undeclared scheme is left out");

    let prefix = format!("{}/", dir.display());
    let warnings: Vec<String> = m.warnings.iter().map(|d| d.to_string().replace(&prefix, "")).collect();
    assert_eq!(
        warnings,
        [
            "openapi_security.yaml:47:11: `tls` (security scheme type `mutualTLS`) cannot be sent: this requirement \
             is left out",
            "openapi_security.yaml:113:11: `signed` is not declared in `components.securitySchemes`: this \
             requirement is left out",
            "openapi_security.yaml:144:7: security scheme type `mutualTLS` is not supported: operations requiring \
             it get no credentials",
            "openapi_security.yaml:147:7: HTTP authentication scheme `digest` is not supported (basic and bearer \
             are): operations requiring it get no credentials",
        ]
    );
}

/// Security entries the client cannot read are positioned warnings (errors in strict mode), never
/// a refusal of the description; an HTTP scheme name is case-insensitive.
#[test]
fn security_problems_are_positioned_warnings() {
    let m = load_fixture("security_problems.yaml", false).unwrap_or_else(|e| panic!("{e:?}"));
    let expected = [
        "security_problems.yaml:8:11: `no_name` (an `apiKey` scheme needs `in` (header, query or cookie) and \
         `name`) cannot be sent: this requirement is left out",
        "security_problems.yaml:9:11: `typeless` (a security scheme without `type`) cannot be sent: this \
         requirement is left out",
        "security_problems.yaml:16:7: `security` is not a list of requirements: no credentials are sent",
        "security_problems.yaml:21:5: an `apiKey` scheme needs `in` (header, query or cookie) and `name`: \
         operations requiring it get no credentials",
        "security_problems.yaml:24:5: a security scheme without `type` is not supported: operations requiring it \
         get no credentials",
    ];
    assert_eq!(relative(m.warnings.iter()), expected);
    let s = &m.services[0];
    assert_eq!(s.security_schemes[2].kind, SecurityKind::Bearer { format: Some("JWT".to_owned()), flows: vec![] });
    let get_a = rest(&s.operations[0]);
    assert_eq!(get_a.security, [SecurityRequirement { schemes: vec![(2, vec![])] }]);
    assert!(rest(&s.operations[1]).security.is_empty());

    let errors = load_fixture("security_problems.yaml", true).expect_err("strict mode refuses");
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
}

/// Schemes declared while no `security` asks for them (a description that forgot its top-level
/// `security`): a warning at `securitySchemes`, the operations sent without credentials.
#[test]
fn declared_but_unrequired_schemes_are_a_warning() {
    let m = load_fixture("security_unused.yaml", false).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        relative(m.warnings.iter()),
        ["security_unused.yaml:12:3: security schemes are declared but no `security` asks for them: operations \
          are sent without credentials (a top-level `security` would make the client send them)"]
    );
    assert!(rest(&m.services[0].operations[0]).security.is_empty());
    assert_eq!(m.services[0].security_schemes.len(), 1);
}

fn choice(t: &TypeDef) -> &ChoiceType {
    match &t.kind {
        TypeKind::Choice(c) => c,
        other => panic!("`{}` is not a sum type: {other:?}", t.name),
    }
}

/// `oneOf` / `anyOf` are sum types of the model, the concept XSD choices and derived types use:
/// one alternative per schema, a discriminator property with its tags (the `mapping`, then the
/// schema names) or none; a nullable `anyOf` is an optional value, string enumerations one
/// enumeration.
#[test]
fn one_of_and_any_of_are_sum_types() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit/openapi_sums.yaml");
    let m = load(&file, &options("sums", repo())).unwrap_or_else(|e| panic!("{}", e.render()));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);

    let notification = choice(type_named(&m, "Notification"));
    assert_eq!(names(&notification.variants), ["EmailNotification", "SmsNotification", "PushNotification"]);
    assert_eq!(ty_of(&m, &notification.variants[1].ty).name.local, "SmsNotification");
    let mapping = |pairs: &[(&str, usize)]| pairs.iter().map(|(t, i)| ((*t).to_owned(), *i)).collect::<Vec<_>>();
    assert_eq!(
        notification.discriminator,
        Discriminator::Property {
            name: "channel".to_owned(),
            mapping: mapping(&[("email", 0), ("sms", 1), ("text", 1), ("push", 2)]),
        }
    );
    assert_eq!(notification.tags(1), ["sms", "text"]);
    // `allOf` inside an alternative: merged as everywhere.
    assert_eq!(names(fields(type_named(&m, "EmailNotification"))), ["channel", "id", "to", "subject"]);

    let payment = choice(type_named(&m, "Payment"));
    assert_eq!(
        payment.discriminator,
        Discriminator::Property { name: "method".to_owned(), mapping: mapping(&[("Card", 0), ("BankTransfer", 1)]) }
    );

    let shape = choice(type_named(&m, "Shape"));
    assert_eq!(shape.discriminator, Discriminator::Untagged);
    assert_eq!(names(&shape.variants), ["Circle", "Rectangle", "Polygon"]);
    let polygon = ty_of(&m, &shape.variants[2].ty);
    assert!(polygon.anonymous);
    assert_eq!(polygon.name.local, "Shape.Polygon");

    let drawing = type_named(&m, "Drawing");
    let author = choice(ty_of(&m, &field(drawing, "author").ty));
    assert_eq!((names(&author.variants), &author.discriminator), (vec!["Person", "Team"], &Discriminator::Untagged));
    let reviewer = field(drawing, "reviewer");
    assert_eq!(ty_of(&m, &reviewer.ty).name.local, "Person", "a nullable `anyOf` is its one alternative");
    assert!(reviewer.nillable);
    let width = choice(ty_of(&m, &field(drawing, "width").ty));
    assert_eq!(names(&width.variants), ["integer", "string"]);
    assert_eq!(width.variants[0].ty, TypeRef::Builtin(Builtin::I64));
    let tags = choice(ty_of(&m, &field(drawing, "tags").ty));
    assert_eq!(names(&tags.variants), ["string", "array of string"]);
    assert!(tags.variants[1].occurs.is_repeated() && !tags.variants[0].occurs.is_repeated());
    let quality = ty_of(&m, &field(drawing, "quality").ty);
    assert_eq!(enum_values(quality), ["draft", "normal", "print", "archive"]);
}

/// A discriminator the generator cannot follow is a positioned warning (an error in strict mode),
/// and the alternatives are then tried in turn; a `mapping` entry naming no alternative is left
/// out with a warning.
#[test]
fn discriminators_that_cannot_be_followed_are_positioned_warnings() {
    let expected = [
        "one_of.yaml:29:11: `discriminator` `kind`: the alternative `object` is not a `$ref` to a schema: the \
         alternatives are told apart by trying each in turn (untagged)",
        "one_of.yaml:35:11: `discriminator` `kind`: the alternative `Label` does not declare the property: the \
         alternatives are told apart by trying each in turn (untagged)",
        "one_of.yaml:45:15: `discriminator` `mapping` `tri`: `#/components/schemas/Triangle` is not one of the \
         `oneOf` alternatives: ignored",
    ];
    let m = fixture("one_of.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(relative(m.warnings.iter()), expected);
    let thing = type_named(&m, "Thing");
    for name in ["Shape", "Size"] {
        assert_eq!(choice(ty_of(&m, &field(thing, name).ty)).discriminator, Discriminator::Untagged, "{name}");
    }
    // `Circle` declares `kind` through `allOf`; `sq` is `Square`'s tag, `Circle` keeps its name.
    let tagged = choice(ty_of(&m, &field(thing, "Tagged").ty));
    assert_eq!(
        tagged.discriminator,
        Discriminator::Property {
            name: "kind".to_owned(),
            mapping: vec![("sq".to_owned(), 0), ("Circle".to_owned(), 1)]
        }
    );
    let errors = load_fixture("one_of.yaml", true).expect_err("strict mode refuses");
    assert_eq!(errors.len(), 3, "{errors:?}");
}
