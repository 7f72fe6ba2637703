//! The REST runtime (`wsbind::rest`) against a local wiremock server: JSON POST calls with
//! client-level body parameters, XML and JSON GET calls with query and header parameters, error
//! replies (Mews `Message`, ServiceStack `ResponseStatus` in JSON and XML, 429 `Retry-After`,
//! plain status), decode errors, cursor pagination, limit checks and secret redaction. The types,
//! operations and limit checks are the generated ones: `wsbind::mews` and `wsbind::aim` (from
//! `schemas/`), and for a path parameter the module generated from
//! `codegen/tests/fixtures/runtime/rest_paths.yaml`.

// The golden is compared byte for byte by `codegen/tests/runtime_fixtures.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/rest_paths.rs"]
mod rest_paths;

use std::time::Duration;

use futures_util::{StreamExt as _, TryStreamExt as _};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wsbind::rest::{CallParams, Format, RestClient, Validate};
use wsbind::{DecodeErrorKind, Error, aim, mews};

const CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";
const API_KEY: &str = "aim-api-key-0123456789";

const GET_ALL: wsbind::rest::RestOp = mews::ops::GET_ALL;
const CUSTOMER_ACCESS_TOKEN: wsbind::rest::RestOp = aim::ops::CUSTOMER_ACCESS_TOKEN;

type GetAllRequest = mews::ResourceAccessTokenGetAllRequest;
type GetAllResponse = mews::ResourceAccessTokenGetAllResult;
type Token = mews::ResourceAccessToken;
type AimReply = aim::CustomerAccessTokenResponse;

/// A `getAll` request for `enterprise_ids`, `count` items a page, from `cursor`.
fn get_all_request(enterprise_ids: &[&str], cursor: Option<&str>, count: i32) -> GetAllRequest {
    let mut limitation = mews::Limitation::new(count);
    limitation.cursor = cursor.map(str::to_owned);
    let mut request = GetAllRequest::new(limitation);
    request.enterprise_ids = enterprise_ids.iter().map(|id| (*id).to_owned()).collect();
    request
}

/// A resource access token as the Mews `getAll` reply carries it (every required property).
fn token_json(id: &str, value: &str) -> Value {
    json!({
        "Id": id,
        "EnterpriseId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ServiceOrderId": "8a2b0e4c-1d3f-4e5a-9b6c-7d8e9f0a1b2c",
        "Type": "PinCode",
        "Value": value,
        "ValidityStartUtc": "2023-04-28T14:00:00Z",
        "ValidityEndUtc": "2023-04-30T10:00:00Z",
        "Permissions": { "Bed": false, "Room": true, "Floor": false, "Building": true },
        "CreatedUtc": "2023-04-28T14:00:00Z",
        "UpdatedUtc": "2023-04-28T14:00:00Z",
        "IsActive": true
    })
}

fn mews(server: &MockServer) -> RestClient {
    let mut c = RestClient::new(server.uri());
    c.set_body_param("ClientToken", CLIENT_TOKEN);
    c.set_body_param("AccessToken", ACCESS_TOKEN);
    c.set_body_param("Client", "Sample Client 1.0.0");
    c
}

fn aim(server: &MockServer) -> RestClient {
    let mut c = RestClient::new(format!("{}/aeServices30/api/", server.uri()));
    c.set_header("ApiKey", API_KEY);
    c.set_header("AppId", "app-1");
    c
}

fn aim_query() -> Vec<(&'static str, String)> {
    vec![("Acct", "1001".to_owned()), ("Mode", "ADD_CUSTOMER_CARD".to_owned())]
}

const AIM_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<CustomerAccessTokenResponse xmlns="http://schemas.datacontract.org/2004/07/AIM.WebService" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <Status><ErrorCode></ErrorCode><ErrorMessage i:nil="true"/></Status>
  <AccountManagementUrl>https://example.com/manage?x=1</AccountManagementUrl>
  <Token>tok-abc</Token>
</CustomerAccessTokenResponse>"#;

/// Calls `GET_ALL` on a fresh server that answers its path with `reply`, expecting an error.
async fn get_all_error(reply: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/resourceAccessTokens/getAll"))
        .respond_with(reply)
        .mount(&server)
        .await;
    mews(&server)
        .call_json::<_, GetAllResponse>(&GET_ALL, CallParams::default(), Some(&get_all_request(&[], None, 10)))
        .await
        .unwrap_err()
}

fn assert_no_secrets(text: &str) {
    for secret in [CLIENT_TOKEN, ACCESS_TOKEN, API_KEY] {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}

#[tokio::test]
async fn json_post_with_client_body_params() {
    let server = MockServer::start().await;
    let expected = json!({
        "ClientToken": CLIENT_TOKEN,
        "AccessToken": ACCESS_TOKEN,
        "Client": "Sample Client 1.0.0",
        "EnterpriseIds": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
        "Limitation": { "Count": 10 }
    });
    Mock::given(method("POST"))
        .and(path("/api/connector/v1/resourceAccessTokens/getAll"))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "ResourceAccessTokens": [token_json("t1", "1234")],
            "Cursor": "t1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let c = mews(&server);
    let request = get_all_request(&["3fa85f64-5717-4562-b3fc-2c963f66afa6"], None, 10);
    let reply: GetAllResponse = c.call_json(&GET_ALL, CallParams::default(), Some(&request)).await.unwrap();
    assert_eq!(reply.cursor.as_deref(), Some("t1"));
    assert_eq!(reply.resource_access_tokens[0].id, "t1");
    assert_eq!(reply.resource_access_tokens[0].created_utc.to_string(), "2023-04-28T14:00:00Z");
    let debug = format!("{c:?}");
    assert_no_secrets(&debug);
    assert!(debug.contains("Sample Client 1.0.0") && debug.contains("ClientToken"), "{debug}");
}

#[tokio::test]
async fn xml_get_with_query_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/aeServices30/api/CustomerAccessToken"))
        .and(query_param("Acct", "1001"))
        .and(query_param("Mode", "ADD_CUSTOMER_CARD"))
        .and(query_param("Note", "a b&c"))
        .and(header("ApiKey", API_KEY))
        .and(header("AppId", "app-1"))
        .and(header("Token", "session-xyz"))
        .and(header("accept", "application/xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(AIM_XML, "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let c = aim(&server);
    let mut query = aim_query();
    query.push(("Note", "a b&c".to_owned()));
    let headers = [("Token", "session-xyz".to_owned())];
    let params = CallParams { query: &query, headers: &headers, ..CallParams::default() };
    let reply: AimReply = c.call_xml::<(), _>(&CUSTOMER_ACCESS_TOKEN, params, None).await.unwrap();
    assert_eq!(reply.account_management_url.as_deref(), Some("https://example.com/manage?x=1"));
    assert_eq!(reply.token.as_deref(), Some("tok-abc"));
    assert_eq!(reply.status, Some(aim::BaseResponseResult::new().error_code("")));
    let debug = format!("{c:?}");
    assert_no_secrets(&debug);
    assert!(debug.contains("app-1"), "{debug}");
}

#[tokio::test]
async fn same_types_from_xml_and_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("accept", "application/xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(AIM_XML, "application/xml"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Status": { "ErrorCode": "", "ErrorMessage": null },
            "AccountManagementUrl": "https://example.com/manage?x=1",
            "Token": "tok-abc"
        })))
        .mount(&server)
        .await;
    let mut c = aim(&server);
    let query = aim_query();
    let params = CallParams { query: &query, ..CallParams::default() };
    assert_eq!(c.format(), Format::Json);
    let from_json: AimReply = c.call::<(), _>(&CUSTOMER_ACCESS_TOKEN, params, None).await.unwrap();
    c.set_format(Format::Xml);
    let from_xml: AimReply = c.call::<(), _>(&CUSTOMER_ACCESS_TOKEN, params, None).await.unwrap();
    assert_eq!(from_json, from_xml);
    let status = from_xml.status.unwrap();
    wsbind::rest::check_reply_status(200, status.error_code.as_deref(), status.error_message.as_deref()).unwrap();
}

#[tokio::test]
async fn wrong_xml_root_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<Other xmlns=\"urn:x\"/>", "application/xml"))
        .mount(&server)
        .await;
    let err =
        aim(&server).call_xml::<(), AimReply>(&CUSTOMER_ACCESS_TOKEN, CallParams::default(), None).await.unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.kind, DecodeErrorKind::Unexpected { element: "{urn:x}Other".into() });
}

#[tokio::test]
async fn too_many_requests_keeps_retry_after() {
    let err = get_all_error(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "30")
            .set_body_json(json!({ "Message": "Too many requests.", "RequestId": "req-1" })),
    )
    .await;
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.status, 429);
    assert_eq!(api.message.as_deref(), Some("Too many requests."));
    assert_eq!(api.retry_after, Some(Duration::from_secs(30)));
    assert_eq!(api.details, Some(json!({ "RequestId": "req-1" })));
    assert_eq!(err.chain().to_string(), "API error (HTTP 429): Too many requests.");

    // A 429 without a recognised body still keeps its Retry-After.
    let err =
        get_all_error(ResponseTemplate::new(429).insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")).await;
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!((api.status, api.retry_after, api.message.as_deref()), (429, Some(Duration::ZERO), None));
}

#[tokio::test]
async fn bad_request_message_without_secrets() {
    let details = format!("Request: {{\"ClientToken\":\"{CLIENT_TOKEN}\",\"AccessToken\":\"{ACCESS_TOKEN}\"}}");
    let err = get_all_error(ResponseTemplate::new(400).set_body_json(json!({
        "Message": format!("Invalid AccessToken {ACCESS_TOKEN}."),
        "RequestId": "req-2",
        "Details": details,
        "AccessToken": ACCESS_TOKEN
    })))
    .await;
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.status, 400);
    assert_eq!(api.message.as_deref(), Some("Invalid AccessToken ***."));
    assert_eq!(api.retry_after, None);
    let details = api.details.as_ref().unwrap();
    assert_eq!(details["RequestId"], "req-2");
    assert_eq!(details["AccessToken"], "***");
    assert_no_secrets(&err.chain().to_string());
    assert_no_secrets(&format!("{err:?}"));
}

#[tokio::test]
async fn secret_request_values_are_scrubbed_from_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({ "ResourceAccessTokens": [{ "Value": "918273" }] })))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "Message": "Token value 918273 is already in use.",
            "Details": { "Request": { "ResourceAccessTokens": [{ "Value": "918273" }] } }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let add = mews::ops::ADD;
    let body = json!({ "ResourceAccessTokens": [{ "Value": "918273", "Type": "PinCode" }] });
    let err = mews(&server).call_json::<_, Value>(&add, CallParams::default(), Some(&body)).await.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.message.as_deref(), Some("Token value *** is already in use."));
    assert_eq!(api.details.as_ref().unwrap()["Details"]["Request"]["ResourceAccessTokens"][0]["Value"], "***");
    assert!(!format!("{err:?}").contains("918273"), "{err:?}");
}

#[tokio::test]
async fn servicestack_errors_in_json_and_xml() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "ResponseStatus": {
                "ErrorCode": "Unauthorized",
                "Message": "Invalid ApiKey",
                "Errors": [{ "ErrorCode": "NotEmpty", "FieldName": "AppId", "Message": "'App Id' should not be empty." }]
            }
        })))
        .mount(&server)
        .await;
    let xml = r#"<ErrorResponse xmlns="http://schemas.servicestack.net/types" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
      <ResponseStatus><ErrorCode>Unauthorized</ErrorCode><Message>Invalid ApiKey</Message><StackTrace i:nil="true"/>
        <Errors><ResponseError><ErrorCode>NotEmpty</ErrorCode><FieldName>AppId</FieldName><Message>'App Id' should not be empty.</Message><Meta i:nil="true"/></ResponseError></Errors>
      </ResponseStatus></ErrorResponse>"#;
    Mock::given(method("GET"))
        .and(header("accept", "application/xml"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(xml, "application/xml"))
        .mount(&server)
        .await;
    let mut c = aim(&server);
    let mut errors = Vec::new();
    for format in [Format::Json, Format::Xml] {
        c.set_format(format);
        let err = c.call::<(), AimReply>(&CUSTOMER_ACCESS_TOKEN, CallParams::default(), None).await.unwrap_err();
        let Error::Api(api) = err else { panic!("{format:?}: {err:?}") };
        assert_eq!(api.status, 401);
        assert_eq!(api.code.as_deref(), Some("Unauthorized"));
        assert_eq!(api.message.as_deref(), Some("Invalid ApiKey"));
        let details = api.details.clone().unwrap();
        assert_eq!(details["Errors"][0]["FieldName"], "AppId", "{format:?}");
        assert_eq!(details["Errors"][0]["ErrorCode"], "NotEmpty", "{format:?}");
        // The whole body is kept in its own format, for the declared error type.
        let mut api = *api;
        match (format, api.body.take()) {
            (Format::Json, Some(wsbind::ApiBody::Json(body))) => {
                assert_eq!(body["ResponseStatus"]["ErrorCode"], "Unauthorized")
            }
            (Format::Xml, Some(wsbind::ApiBody::Xml(body))) => assert!(body.contains("<FieldName>AppId</FieldName>")),
            (_, other) => panic!("{format:?}: body {other:?}"),
        }
        errors.push(api);
    }
    assert_eq!(errors[0], errors[1], "the same error whatever the format");
    assert_eq!(errors[0].to_string(), "API error (HTTP 401) Unauthorized: Invalid ApiKey");
}

#[tokio::test]
async fn unrecognised_error_is_a_status_error_with_redacted_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw(format!("<html><body>Bad gateway for key {API_KEY}</body></html>"), "text/html"),
        )
        .mount(&server)
        .await;
    let err =
        aim(&server).call_json::<(), AimReply>(&CUSTOMER_ACCESS_TOKEN, CallParams::default(), None).await.unwrap_err();
    let Error::Status { status, content_type, body_excerpt } = &err else { panic!("{err:?}") };
    assert_eq!(*status, 502);
    assert_eq!(content_type.as_deref(), Some("text/html"));
    assert!(body_excerpt.contains("Bad gateway for key ***"), "{body_excerpt}");
    assert_no_secrets(&err.chain().to_string());
}

#[tokio::test]
async fn body_that_is_not_json_is_a_decode_error() {
    let err = get_all_error(ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html")).await;
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert!(matches!(d.kind, DecodeErrorKind::Json(_)), "{d:?}");
    assert_eq!((d.path.as_str(), d.line, d.column), ("/", 1, 1));
    assert!(err.chain().to_string().contains("getAll"), "{err}");
}

#[tokio::test]
async fn json_decode_errors_name_the_path_and_hide_secrets() {
    let err = get_all_error(ResponseTemplate::new(200).set_body_json(json!({
        "ResourceAccessTokens": [token_json("t1", "1"), { "Id": 7 }, { "Id": "t3", "Value": 918273 }],
        "Cursor": null
    })))
    .await;
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.path, "/ResourceAccessTokens/1/Id");
    assert!(err.chain().to_string().contains("invalid type: integer `7`"), "{err}");

    let err = get_all_error(ResponseTemplate::new(200).set_body_json(json!({
        "ResourceAccessTokens": [{ "Id": "t3", "Value": 918273 }]
    })))
    .await;
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.path, "/ResourceAccessTokens/0/Value");
    assert!(!err.chain().to_string().contains("918273"), "{err}");
}

fn page(ids: &[&str], cursor: Option<&str>) -> ResponseTemplate {
    let items: Vec<Value> = ids.iter().map(|id| token_json(id, "0000")).collect();
    ResponseTemplate::new(200).set_body_json(json!({ "ResourceAccessTokens": items, "Cursor": cursor }))
}

#[tokio::test]
async fn pagination_across_three_pages() {
    let server = MockServer::start().await;
    let base = json!({ "ClientToken": CLIENT_TOKEN, "EnterpriseIds": ["e1"] });
    for (cursor, ids, next) in [
        // The first page: no cursor (the request's own, absent).
        (Value::Null, &["a", "b"][..], Some("b")),
        (json!("b"), &["c", "d"][..], Some("d")),
        (json!("d"), &["e"][..], Some("e")),
    ] {
        Mock::given(method("POST"))
            .and(path("/api/connector/v1/resourceAccessTokens/getAll"))
            .and(body_partial_json(&base))
            .and(move |request: &wiremock::Request| {
                serde_json::from_slice::<Value>(&request.body).is_ok_and(|body| {
                    let limitation = &body["Limitation"];
                    limitation["Cursor"] == cursor && limitation["Count"] == 2
                })
            })
            .respond_with(page(ids, next))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = mews(&server);
    let request = get_all_request(&["e1"], None, 2);
    let cursor_path = [("unused", "x".to_owned())];
    let stream = c.paginate_json::<_, Token>(&GET_ALL, &cursor_path, &request, Ok(()));
    // The stream borrows only the client: the request and parameters may go.
    drop((request, cursor_path));
    let ids: Vec<String> = stream.map_ok(|t| t.id).try_collect().await.unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn pagination_stops_on_null_cursor_and_reports_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(page(&["a", "b"], None)).expect(1).mount(&server).await;
    let c = mews(&server);
    let request = get_all_request(&[], Some("z"), 2);
    let items: Vec<_> = c.paginate_json::<_, Token>(&GET_ALL, &[], &request, Ok(())).collect().await;
    let ids: Vec<&str> = items.iter().map(|t| t.as_ref().map(|t| t.id.as_str()).unwrap_or("error")).collect();
    assert_eq!(ids, ["a", "b"], "{items:?}");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "ResourceAccessTokens": [{ "Id": 1 }], "Cursor": "x" })),
        )
        .mount(&server)
        .await;
    let c = mews(&server);
    let items: Vec<_> = c.paginate_json::<_, Token>(&GET_ALL, &[], &request, Ok(())).collect().await;
    assert_eq!(items.len(), 1);
    let Err(Error::Decode(d)) = &items[0] else { panic!("{items:?}") };
    assert_eq!(d.path, "/ResourceAccessTokens/0/Id");
}

#[tokio::test]
async fn limit_check_sends_no_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(page(&[], None)).expect(0).mount(&server).await;
    let c = mews(&server);
    let mut request = get_all_request(&[], None, 10);
    request.enterprise_ids = (0..1001).map(|i| format!("e{i}")).collect();
    let items: Vec<_> = c.paginate_json::<_, Token>(&GET_ALL, &[], &request, request.validate()).collect().await;
    assert_eq!(items.len(), 1);
    let Err(Error::Invalid(invalid)) = &items[0] else { panic!("{items:?}") };
    assert_eq!(invalid.field, "EnterpriseIds");
    assert_eq!(invalid.cause, "1001 items, at most 1000 allowed");
    let request = get_all_request(&[], None, 0);
    let err = request.validate().unwrap_err();
    assert_eq!(
        err.chain().to_string(),
        "invalid request, nothing was sent: field `Count`: 0 is less than the minimum 1"
    );
    let err = Some(Box::new(get_all_request(&[], None, 0))).validate().unwrap_err();
    assert!(matches!(&err, Error::Invalid(i) if i.field == "Count"), "{err:?}");
    assert!(None::<GetAllRequest>.validate().is_ok());
    let err = wsbind::rest::check_max_length("Value", &"9".repeat(256), 255).unwrap_err();
    assert_eq!(
        err.chain().to_string(),
        "invalid request, nothing was sent: field `Value`: 256 characters, at most 255 allowed"
    );
}

#[tokio::test]
async fn path_parameters_and_invalid_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/aeServices30/api/items/a%20b%2Fc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let op = rest_paths::ops::GET_ITEM;
    let c = aim(&server);
    let id = [("id", "a b/c".to_owned())];
    let _: Value = c.call_json::<(), _>(&op, CallParams { path: &id, ..CallParams::default() }, None).await.unwrap();
    let bad = [("Token", "line\nbreak".to_owned())];
    let err = c
        .call_json::<(), Value>(&op, CallParams { path: &id, headers: &bad, ..CallParams::default() }, None)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Invalid(e) if e.field == "Token"), "{err:?}");
    assert!(!err.chain().to_string().contains("break"), "{err}");
    let err = c.call_xml::<(), AimReply>(&op, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(err, Error::Unsupported(_)), "{err:?}");
}

#[test]
fn futures_and_streams_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let c = RestClient::new("http://localhost");
    assert_send(&c.call_json::<(), Value>(&GET_ALL, CallParams::default(), None));
    assert_send(&c.call::<(), AimReply>(&CUSTOMER_ACCESS_TOKEN, CallParams::default(), None));
    assert_send(&c.paginate_json::<_, Token>(&GET_ALL, &[], &get_all_request(&[], None, 10), Ok(())));
}

/// `wsbind::rest::text_serde` (and its `option` / `vec` forms) over a generated enum with
/// `Unknown(String)`: Mews' `ResourceAccessTokenType`.
type TokenType = mews::ResourceAccessTokenType;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct WithEnums {
    #[serde(rename = "Type", with = "::wsbind::rest::text_serde")]
    ty: TokenType,
    #[serde(
        rename = "Other",
        default,
        skip_serializing_if = "Option::is_none",
        with = "::wsbind::rest::text_serde::option"
    )]
    other: Option<TokenType>,
    #[serde(rename = "All", default, with = "::wsbind::rest::text_serde::vec")]
    all: Vec<TokenType>,
}

#[test]
fn text_serde_round_trip() {
    let v = WithEnums {
        ty: TokenType::PinCode,
        other: None,
        all: vec![TokenType::Unknown("Nfc".into()), TokenType::PinCode, TokenType::RfidTag],
    };
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json, json!({ "Type": "PinCode", "All": ["Nfc", "PinCode", "RfidTag"] }));
    assert_eq!(serde_json::from_value::<WithEnums>(json).unwrap(), v);
    let v: WithEnums = serde_json::from_value(json!({ "Type": "BleKey", "Other": "RfidTag", "All": null })).unwrap();
    assert_eq!((v.ty, v.other, v.all), (TokenType::Unknown("BleKey".into()), Some(TokenType::RfidTag), vec![]));
}

#[derive(Debug, Deserialize)]
struct WithDates {
    #[serde(rename = "One", default = "no_date", with = "::wsbind::rest::text_serde")]
    one: wsbind::types::Date,
    #[serde(rename = "Maybe", default, with = "::wsbind::rest::text_serde::option")]
    maybe: Option<wsbind::types::Date>,
    #[serde(rename = "Many", default, with = "::wsbind::rest::text_serde::vec")]
    many: Vec<wsbind::types::Date>,
}

fn no_date() -> wsbind::types::Date {
    wsbind::xml::Text::from_text("2000-01-01").unwrap()
}

#[test]
fn text_serde_names_the_type_of_a_value_it_cannot_parse() {
    for (body, field) in [
        (json!({ "One": "2024-13-01" }), "One"),
        (json!({ "Maybe": "yesterday" }), "Maybe"),
        (json!({ "Many": ["2024-01-02", "2024-02-30"] }), "Many"),
    ] {
        let err = serde_json::from_value::<WithDates>(body).unwrap_err().to_string();
        assert!(err.starts_with("invalid date: "), "{field}: {err}");
    }
    let ok: WithDates = serde_json::from_value(json!({ "Maybe": null, "Many": ["2024-01-02"] })).unwrap();
    assert_eq!((ok.one, ok.maybe, ok.many.len()), (no_date(), None, 1));
}

/// A request body serde cannot serialise.
struct Unserialisable;

impl Serialize for Unserialisable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("refused"))
    }
}

#[tokio::test]
async fn a_body_that_cannot_be_encoded_is_an_encode_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let err = mews(&server).call_json::<_, Value>(&GET_ALL, CallParams::default(), Some(&Unserialisable)).await;
    let err = err.unwrap_err();
    assert!(matches!(&err, Error::Encode(_)), "{err:?}");
    assert_eq!(err.chain().to_string(), "cannot encode the request: cannot encode the JSON body of `getAll`: refused");
}

#[tokio::test]
async fn an_address_that_is_not_a_url_is_a_request_error() {
    let c = RestClient::new("not a url");
    let err = c.call_json::<(), Value>(&GET_ALL, CallParams::default(), None).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, wsbind::TransportErrorKind::Request, "{err}");
}

/// A REST mock reads path and header parameters by wire name (a path segment percent-decoded,
/// a header in any case), and an injected fault reaches the client as a JSON 500, not a SOAP
/// envelope.
#[cfg(feature = "mock")]
#[tokio::test]
async fn a_rest_mock_reads_path_and_header_parameters() {
    use std::sync::{Arc, Mutex};

    #[derive(Default, Clone)]
    struct Items(Arc<Mutex<Vec<rest_paths::GetItemRequest>>>);
    impl rest_paths::mock::Service for Items {
        async fn get_item(
            &self,
            request: rest_paths::GetItemRequest,
        ) -> Result<rest_paths::Item, wsbind::mock::HttpError> {
            let item = rest_paths::Item::default().name(format!("item {}", request.id));
            self.0.lock().unwrap().push(request);
            Ok(item)
        }
    }
    let items = Items::default();
    let server = rest_paths::mock::serve(items.clone()).await.unwrap();
    let client = rest_paths::Client::builder(server.address()).build().unwrap();
    let request = rest_paths::GetItemRequest::new("a b/c").token("t-1");
    assert_eq!(client.get_item(&request).await.unwrap().name.as_deref(), Some("item a b/c"));
    assert_eq!(*items.0.lock().unwrap(), vec![request.clone()]);
    server.inject(wsbind::mock::Injection::Fault(wsbind::mock::Fault::server("busy")), 1);
    let err = client.get_item(&request).await.unwrap_err();
    let Error::Status { status: 500, content_type, body_excerpt } = &err else { panic!("{err:?}") };
    assert_eq!((content_type.as_deref(), body_excerpt.as_str()), (Some("application/json"), r#"{"message":"busy"}"#));
}
