//! End-to-end tests of the generated Mews client (`wsbind::mews`): the request and response
//! examples of the documentation page (`tests/fixtures/mews/resourceaccesstokens.txt`) decode into
//! the generated types and encode back to the same JSON values; against a local wiremock server,
//! each of the four operations sends the documented method, path, headers and body (client-level
//! `ClientToken` / `AccessToken` / `Client` included), `getAll` pages through three pages as a
//! stream, error replies (400, 429 with `Retry-After`) and bodies that are not JSON become typed
//! errors, documented limits stop a request before it is sent, and secrets never show in `Debug`.

use std::path::PathBuf;
use std::time::Duration;

use futures_util::TryStreamExt as _;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wsbind::Error;
use wsbind::mews::{
    ActivityState, Client, EmptyResult, Limitation, ResourceAccessTokenAddRequest, ResourceAccessTokenDeleteRequest,
    ResourceAccessTokenGetAllRequest, ResourceAccessTokenGetAllResult, ResourceAccessTokenResult,
    ResourceAccessTokenType, ResourceAccessTokenUpdateRequest, TimeInterval,
};
use wsbind::types::DateTime;
use wsbind::xml::Text as _;

const CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";
const CLIENT_NAME: &str = "Sample Client 1.0.0";
const BASE: &str = "/api/connector/v1/resourceAccessTokens";

/// The JSON examples of the reference page, in page order: getAll request, response, add
/// request, response, update request, response, delete request, response (the fixture holds them
/// one after the other, after `#` comment lines).
fn examples() -> Vec<Value> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mews/resourceaccesstokens.txt");
    let page = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let json: String = page.lines().filter(|l| !l.starts_with('#')).flat_map(|l| [l, "\n"]).collect();
    let out: Vec<Value> = serde_json::Deserializer::from_str(&json)
        .into_iter::<Value>()
        .map(|example| example.expect("example is JSON"))
        .collect();
    assert_eq!(out.len(), 8, "four operations, request and response each");
    out
}

/// `value` without `null` members (the API treats `null` and absent alike; the generated types
/// leave absent optional values out).
fn strip_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), strip_nulls(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

/// The example request without the client-level parameters (those are set on the client).
fn without_credentials(example: &Value) -> Value {
    let mut v = example.clone();
    if let Value::Object(map) = &mut v {
        for key in ["ClientToken", "AccessToken", "Client"] {
            map.remove(key);
        }
    }
    v
}

fn client(server: &MockServer) -> Client {
    Client::new(server.uri()).with_client_token(CLIENT_TOKEN).with_access_token(ACCESS_TOKEN).with_client(CLIENT_NAME)
}

fn dt(s: &str) -> DateTime {
    DateTime::from_text(s).unwrap()
}

/// A matcher: the JSON body equals `expected` (nulls stripped on both sides).
fn json_body_is(expected: Value) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    let expected = strip_nulls(&expected);
    move |req: &Request| serde_json::from_slice::<Value>(&req.body).is_ok_and(|v| strip_nulls(&v) == expected)
}

/// A mock for `POST {BASE}/{action}` with JSON content and the given body.
fn post(action: &str, body: Value) -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/{action}")))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(json_body_is(body))
}

#[test]
fn reference_examples_decode_and_encode_to_the_same_values() {
    let ex = examples();
    // Requests: decoded without the client-level parameters, encoded back unchanged.
    let get_all: ResourceAccessTokenGetAllRequest = serde_json::from_value(without_credentials(&ex[0])).unwrap();
    assert_eq!(strip_nulls(&serde_json::to_value(&get_all).unwrap()), strip_nulls(&without_credentials(&ex[0])));
    let add: ResourceAccessTokenAddRequest = serde_json::from_value(without_credentials(&ex[2])).unwrap();
    assert_eq!(strip_nulls(&serde_json::to_value(&add).unwrap()), strip_nulls(&without_credentials(&ex[2])));
    let update: ResourceAccessTokenUpdateRequest = serde_json::from_value(without_credentials(&ex[4])).unwrap();
    assert_eq!(strip_nulls(&serde_json::to_value(&update).unwrap()), strip_nulls(&without_credentials(&ex[4])));
    let delete: ResourceAccessTokenDeleteRequest = serde_json::from_value(without_credentials(&ex[6])).unwrap();
    assert_eq!(serde_json::to_value(&delete).unwrap(), without_credentials(&ex[6]));

    // The getAll request built by hand is the documented one.
    let typed =
        ResourceAccessTokenGetAllRequest::new(Limitation::new(10).cursor("e7f26210-10e7-462e-9da8-ae8300be8ab7"))
            .enterprise_ids([
                "3fa85f64-5717-4562-b3fc-2c963f66afa6".to_owned(),
                "4d0201db-36f5-428b-8d11-4f0a65e960cc".to_owned(),
            ])
            .resource_access_token_ids(["90eff5aa-36b4-4689-80c0-ab3a00bb412e".to_owned()])
            .service_order_ids(["65eff5aa-36b4-4689-80c0-ab3a00bb412e".to_owned()])
            .colliding_utc(TimeInterval::new(dt("2020-02-15T00:00:00Z"), dt("2020-02-20T00:00:00Z")))
            .updated_utc(TimeInterval::new(dt("2020-01-05T00:00:00Z"), dt("2020-01-10T00:00:00Z")))
            .activity_states([ActivityState::Active]);
    assert_eq!(typed, get_all);

    // Responses: real date-times and enums, encoded back to the same values.
    let result: ResourceAccessTokenGetAllResult = serde_json::from_value(ex[1].clone()).unwrap();
    let token = &result.resource_access_tokens[0];
    assert_eq!(token.id, "72d4b117-1f84-44a3-1f84-8b2c0635ac60");
    assert_eq!(token.r#type, ResourceAccessTokenType::PinCode);
    assert_eq!(token.value, "1234#");
    assert_eq!(token.serial_number, None);
    assert_eq!(token.validity_start_utc, dt("2020-10-09T22:00:00Z"));
    assert_eq!(token.created_utc.to_chrono().unwrap().to_rfc3339(), "2023-10-01T11:48:57+00:00");
    assert!(token.is_active && token.permissions.bed && !token.permissions.room);
    assert_eq!(result.cursor, None);
    assert_eq!(strip_nulls(&serde_json::to_value(&result).unwrap()), strip_nulls(&ex[1]));
    for i in [3, 5] {
        let r: ResourceAccessTokenResult = serde_json::from_value(ex[i].clone()).unwrap();
        assert_eq!(strip_nulls(&serde_json::to_value(&r).unwrap()), strip_nulls(&ex[i]));
    }
    let empty: EmptyResult = serde_json::from_value(ex[7].clone()).unwrap();
    assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));

    // Unknown enumeration values are kept.
    let mut odd = ex[1].clone();
    odd["ResourceAccessTokens"][0]["Type"] = json!("FaceId");
    let odd: ResourceAccessTokenGetAllResult = serde_json::from_value(odd).unwrap();
    assert_eq!(odd.resource_access_tokens[0].r#type, ResourceAccessTokenType::Unknown("FaceId".into()));
}

#[tokio::test]
async fn each_operation_sends_the_documented_request() {
    let ex = examples();
    let server = MockServer::start().await;
    for (action, req, resp) in [("getAll", 0, 1), ("add", 2, 3), ("update", 4, 5), ("delete", 6, 7)] {
        post(action, ex[req].clone())
            .respond_with(ResponseTemplate::new(200).set_body_json(ex[resp].clone()))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(&server);

    let get_all: ResourceAccessTokenGetAllRequest = serde_json::from_value(without_credentials(&ex[0])).unwrap();
    let page = c.get_all(&get_all).await.unwrap();
    assert_eq!(page, serde_json::from_value(ex[1].clone()).unwrap());

    let add: ResourceAccessTokenAddRequest = serde_json::from_value(without_credentials(&ex[2])).unwrap();
    let added = c.add(&add).await.unwrap();
    assert_eq!(added.resource_access_tokens[0].value, "1234#");

    let update: ResourceAccessTokenUpdateRequest = serde_json::from_value(without_credentials(&ex[4])).unwrap();
    let updated = c.update(&update).await.unwrap();
    assert_eq!(updated, serde_json::from_value(ex[5].clone()).unwrap());

    let delete = ResourceAccessTokenDeleteRequest::new().ids(["35d4b117-4e60-44a3-9580-c582117eff98".to_owned()]);
    assert_eq!(c.delete(&delete).await.unwrap(), EmptyResult::new());
}

fn token_json(id: &str) -> Value {
    json!({
        "Id": id,
        "EnterpriseId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ServiceOrderId": "35d4b117-4e60-44a3-9580-c582117eff98",
        "Type": "RfidTag",
        "Value": format!("secret-{id}"),
        "ValidityStartUtc": "2020-10-09T22:00:00Z",
        "ValidityEndUtc": "2020-10-10T22:00:00Z",
        "CreatedUtc": "2023-10-01T11:48:57Z",
        "UpdatedUtc": "2023-10-28T11:48:57Z",
        "IsActive": true,
        "Permissions": { "Bed": true, "Room": true, "Floor": false, "Building": false }
    })
}

/// A matcher on the request's `Limitation.Cursor` (`None`: absent or null).
fn cursor_is(cursor: Option<&'static str>) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |req: &Request| {
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else { return false };
        let sent = body["Limitation"]["Cursor"].as_str();
        sent == cursor && body["Limitation"]["Count"] == json!(2) && body["ClientToken"] == json!(CLIENT_TOKEN)
    }
}

#[tokio::test]
async fn get_all_stream_follows_the_cursor_across_three_pages() {
    let server = MockServer::start().await;
    let pages = [
        (None, json!({ "ResourceAccessTokens": [token_json("t1"), token_json("t2")], "Cursor": "c1" })),
        (Some("c1"), json!({ "ResourceAccessTokens": [token_json("t3"), token_json("t4")], "Cursor": "c2" })),
        (Some("c2"), json!({ "ResourceAccessTokens": [token_json("t5")], "Cursor": "c3" })),
    ];
    for (cursor, reply) in pages {
        Mock::given(method("POST"))
            .and(path(format!("{BASE}/getAll")))
            .and(cursor_is(cursor))
            .respond_with(ResponseTemplate::new(200).set_body_json(reply))
            .expect(1)
            .mount(&server)
            .await;
    }
    let request = ResourceAccessTokenGetAllRequest::new(Limitation::new(2))
        .activity_states([ActivityState::Active, ActivityState::Deleted]);
    let c = client(&server);
    let tokens: Vec<_> = c.get_all_stream(&request).try_collect().await.unwrap();
    let ids: Vec<&str> = tokens.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t2", "t3", "t4", "t5"]);
    assert!(tokens.iter().all(|t| t.r#type == ResourceAccessTokenType::RfidTag));
}

#[tokio::test]
async fn the_builder_limits_the_pages_a_stream_fetches() {
    let server = MockServer::start().await;
    let pages = [
        (None, json!({ "ResourceAccessTokens": [token_json("t1"), token_json("t2")], "Cursor": "c1" })),
        (Some("c1"), json!({ "ResourceAccessTokens": [token_json("t3"), token_json("t4")], "Cursor": "c2" })),
    ];
    for (cursor, reply) in pages {
        Mock::given(method("POST"))
            .and(path(format!("{BASE}/getAll")))
            .and(cursor_is(cursor))
            .respond_with(ResponseTemplate::new(200).set_body_json(reply))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = Client::builder(server.uri())
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .client(CLIENT_NAME)
        .max_pages(2)
        .build()
        .unwrap();
    let request = ResourceAccessTokenGetAllRequest::new(Limitation::new(2));
    let mut ids = Vec::new();
    let mut stream = std::pin::pin!(c.get_all_stream(&request));
    let err = loop {
        match stream.try_next().await {
            Ok(Some(token)) => ids.push(token.id),
            Ok(None) => panic!("the stream ended instead of stopping at its page limit"),
            Err(e) => break e,
        }
    };
    assert_eq!(ids, ["t1", "t2", "t3", "t4"], "both pages are delivered, no third is asked for");
    let Error::Pagination(p) = &err else { panic!("expected a pagination error, got {err:?}") };
    assert!(matches!(p.kind, wsbind::error::PaginationErrorKind::PageLimit { limit: 2 }), "{p:?}");
}

#[tokio::test]
async fn error_replies_become_api_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/add")))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "30")
                .set_body_json(json!({ "Message": "Too many requests.", "RequestId": "r-429" })),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/delete")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "Message": format!("Invalid AccessToken {ACCESS_TOKEN}."),
            "RequestId": "r-400",
            "Details": null
        })))
        .mount(&server)
        .await;
    let c = client(&server);

    let err = c.add(&ResourceAccessTokenAddRequest::default()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.status, 429);
    assert_eq!(api.message.as_deref(), Some("Too many requests."));
    assert_eq!(api.retry_after, Some(Duration::from_secs(30)));

    let err = c.delete(&ResourceAccessTokenDeleteRequest::new().ids(["x".to_owned()])).await.unwrap_err();
    let text = format!("{err} {err:?}");
    let Error::Api(api) = err else { panic!("expected an API error, got {text}") };
    assert_eq!(api.status, 400);
    assert_eq!(api.retry_after, None);
    let message = api.message.as_deref().unwrap();
    assert!(message.starts_with("Invalid AccessToken"), "{message}");
    assert!(!text.contains(ACCESS_TOKEN), "the access token leaked: {text}");

    // The declared error type of the description, decoded from the (scrubbed) body.
    let err = c.delete(&ResourceAccessTokenDeleteRequest::new().ids(["x".to_owned()])).await.unwrap_err();
    let typed: wsbind::mews::Error = err.api_error().expect("a JSON error body").expect("it fits mews::Error");
    assert_eq!(typed.request_id.as_deref(), Some("r-400"));
    assert!(typed.message.starts_with("Invalid AccessToken") && !typed.message.contains(ACCESS_TOKEN), "{typed:?}");
    assert!(Error::Unsupported("x".into()).api_error::<wsbind::mews::Error>().is_none());
}

#[tokio::test]
async fn every_documented_error_status_keeps_its_message() {
    for status in [400u16, 401, 403, 408, 429, 500] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(format!("{BASE}/update")))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({ "Message": format!("failure {status}") })),
            )
            .expect(1)
            .mount(&server)
            .await;
        let err = client(&server).update(&ResourceAccessTokenUpdateRequest::default()).await.unwrap_err();
        let Error::Api(api) = err else { panic!("{status}: expected an API error, got {err:?}") };
        assert_eq!(api.status, status);
        assert_eq!(api.message, Some(format!("failure {status}")));
    }
}

#[tokio::test]
async fn a_reply_that_is_not_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/delete")))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    let err = client(&server).delete(&ResourceAccessTokenDeleteRequest::new().ids(["x".to_owned()])).await.unwrap_err();
    assert!(matches!(err, Error::Decode(ref d) if matches!(d.kind, wsbind::DecodeErrorKind::Json(_))), "{err:?}");
}

#[tokio::test]
async fn documented_limits_stop_the_request_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let c = client(&server);

    let too_many = ResourceAccessTokenGetAllRequest::new(Limitation::new(10))
        .enterprise_ids((0..1001).map(|i| format!("id-{i}")).collect::<Vec<_>>());
    let err = c.get_all(&too_many).await.unwrap_err();
    assert!(matches!(&err, Error::Invalid(e) if e.field == "EnterpriseIds"), "{err:?}");
    assert!(err.chain().to_string().contains("1001 items, at most 1000"), "{err}");
    let streamed: Result<Vec<_>, _> = c.get_all_stream(&too_many).try_collect().await;
    assert!(matches!(streamed, Err(Error::Invalid(_))));

    let long_interval = ResourceAccessTokenGetAllRequest::new(Limitation::new(10))
        .colliding_utc(TimeInterval::new(dt("2024-01-01T00:00:00Z"), dt("2024-05-01T00:00:00Z")));
    let err = c.get_all(&long_interval).await.unwrap_err();
    assert!(matches!(&err, Error::Invalid(e) if e.field == "CollidingUtc"), "{err:?}");

    let bad_count = ResourceAccessTokenGetAllRequest::new(Limitation::new(0));
    let err = c.get_all(&bad_count).await.unwrap_err();
    assert!(matches!(&err, Error::Invalid(e) if e.field == "Count"), "{err:?}");
    // `MockServer` checks `.expect(0)` when dropped.
}

#[test]
fn secrets_are_absent_from_debug() {
    let c = Client::new("https://api.mews-demo.com")
        .with_client_token(CLIENT_TOKEN)
        .with_access_token(ACCESS_TOKEN)
        .with_client(CLIENT_NAME);
    let shown = format!("{c:?}");
    assert!(!shown.contains(CLIENT_TOKEN) && !shown.contains(ACCESS_TOKEN), "{shown}");
    assert!(shown.contains("ClientToken") && shown.contains(CLIENT_NAME), "{shown}");
    let result: ResourceAccessTokenGetAllResult =
        serde_json::from_value(json!({ "ResourceAccessTokens": [token_json("t1")] })).unwrap();
    let shown = format!("{result:?}");
    assert!(!shown.contains("secret-t1"), "{shown}");
}
