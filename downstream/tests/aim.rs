//! End-to-end tests of the generated AIM client (`wsbind::aim`): the XML reply sample of seed
//! page 003 (read at test time) decodes into `CustomerAccessTokenResponse`; against a local
//! wiremock server the `CustomerAccessToken` call sends `GET /CustomerAccessToken` with its query
//! parameters and the client-level headers, asks for XML or JSON and decodes both to the same
//! value, turns a `Status` block with an error and ServiceStack `ResponseStatus` replies into
//! `Error::Api`, a body that is neither JSON nor XML into `Error::Decode`, and never shows the
//! secret headers or the token in `Debug`; a namespace-tolerant client reads XML replies in
//! another namespace.

#[path = "../../tests/common/mod.rs"]
mod common;

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wsbind::aim::{Client, CustomerAccessTokenMode, CustomerAccessTokenRequest, CustomerAccessTokenResponse};
use wsbind::rest::Format;
use wsbind::xml::{Decode as _, Reader};
use wsbind::{DecodeErrorKind, Error};

const API_KEY: &str = "aim-api-key-0123456789";
const APP_ID: &str = "wsbind-tests";
const SESSION_TOKEN: &str = "session-token-5f1e2d";
const OAUTH_TOKEN: &str = "oauth-token-9a8b7c";
const DEVICE_ID: &str = "device-42";

/// The XML reply sample of seed page 003 (`<CustomerAccessTokenResponse ...>` to its end tag).
fn seed_reply() -> String {
    let page = common::seed("003_");
    let start = page.find("<CustomerAccessTokenResponse").expect("XML sample");
    let end_tag = "</CustomerAccessTokenResponse>";
    let end = page[start..].find(end_tag).expect("end of the XML sample") + start + end_tag.len();
    page[start..end].to_owned()
}

/// The seed sample with an empty error code and message: a successful reply.
fn success_xml() -> String {
    seed_reply()
        .replace("<ErrorCode>String</ErrorCode>", "<ErrorCode></ErrorCode>")
        .replace("<ErrorMessage>String</ErrorMessage>", "<ErrorMessage />")
        .replace("<Token>String</Token>", &format!("<Token>{SESSION_TOKEN}-customer</Token>"))
        .replace(
            "<AccountManagementUrl>String</AccountManagementUrl>",
            "<AccountManagementUrl>https://example.com/account?a=1&amp;b=2</AccountManagementUrl>",
        )
}

/// The same reply as JSON.
fn success_json() -> Value {
    json!({
        "Status": {
            "DomainName": "String",
            "ErrorCode": "",
            "ErrorDisplayText": "String",
            "ErrorMessage": "",
            "IpAddress": "String",
            "Login": "String",
            "StatusCode": "String"
        },
        "AccountManagementUrl": "https://example.com/account?a=1&b=2",
        "Token": format!("{SESSION_TOKEN}-customer")
    })
}

fn decode_xml(xml: &str) -> CustomerAccessTokenResponse {
    let mut r = Reader::new(xml.as_bytes());
    let start = r.root().unwrap();
    let value = CustomerAccessTokenResponse::decode(&mut r, &start).unwrap();
    r.finish().unwrap();
    value
}

fn client(server: &MockServer) -> Client {
    Client::new(format!("{}/aeServices30/api", server.uri()))
        .with_api_key(API_KEY)
        .with_app_id(APP_ID)
        .with_token(SESSION_TOKEN)
        .with_device_id(DEVICE_ID)
        .with_oauth_token(OAUTH_TOKEN)
}

fn request() -> CustomerAccessTokenRequest {
    CustomerAccessTokenRequest::new().acct(1234).mode(CustomerAccessTokenMode::UpdateCard).item_key(9876543210)
}

/// The documented request: path, query and every client-level header.
fn customer_access_token(accept: &'static str) -> wiremock::MockBuilder {
    Mock::given(method("GET"))
        .and(path("/aeServices30/api/CustomerAccessToken"))
        .and(query_param("Acct", "1234"))
        .and(query_param("Mode", "UPDATE_CARD"))
        .and(query_param("ItemKey", "9876543210"))
        .and(header("ApiKey", API_KEY))
        .and(header("AppId", APP_ID))
        .and(header("Token", SESSION_TOKEN))
        .and(header("DeviceId", DEVICE_ID))
        .and(header("OAuthToken", OAUTH_TOKEN))
        .and(header("accept", accept))
        .and(|req: &Request| req.body.is_empty())
}

#[test]
fn the_seed_sample_decodes() {
    let reply = decode_xml(&seed_reply());
    let status = reply.status.as_ref().unwrap();
    assert_eq!(status.error_code.as_deref(), Some("String"));
    assert_eq!(status.status_code.as_deref(), Some("String"));
    assert_eq!(reply.account_management_url.as_deref(), Some("String"));
    assert_eq!(reply.token.as_deref(), Some("String"));
    // XML and JSON carry the same data.
    let from_xml = decode_xml(&success_xml());
    let from_json: CustomerAccessTokenResponse = serde_json::from_value(success_json()).unwrap();
    assert_eq!(from_xml, from_json);
    assert_eq!(serde_json::to_value(&from_json).unwrap(), success_json());
}

#[tokio::test]
async fn xml_and_json_modes_give_the_same_reply() {
    let server = MockServer::start().await;
    customer_access_token("application/xml")
        .respond_with(ResponseTemplate::new(200).set_body_raw(success_xml(), "application/xml"))
        .expect(1)
        .mount(&server)
        .await;
    customer_access_token("application/json")
        .respond_with(ResponseTemplate::new(200).set_body_json(success_json()))
        .expect(1)
        .mount(&server)
        .await;
    let mut c = client(&server);
    assert_eq!(c.format(), Format::Json);
    let from_json = c.customer_access_token(&request()).await.unwrap();
    c.set_format(Format::Xml);
    let from_xml = c.customer_access_token(&request()).await.unwrap();
    assert_eq!(from_json, from_xml);
    assert_eq!(from_xml.token.as_deref(), Some("session-token-5f1e2d-customer"));
    assert_eq!(from_xml.account_management_url.as_deref(), Some("https://example.com/account?a=1&b=2"));
    let status = from_xml.status.as_ref().unwrap();
    assert_eq!(status.domain_name.as_deref(), Some("String"));
    assert_eq!(status.error_code.as_deref().unwrap_or_default(), "");
    assert_eq!(status.error_message.as_deref().unwrap_or_default(), "");
}

#[tokio::test]
async fn a_status_block_with_an_error_is_an_api_error() {
    let server = MockServer::start().await;
    // The seed sample itself fills ErrorCode and ErrorMessage: a failure reported with HTTP 200.
    customer_access_token("application/xml")
        .respond_with(ResponseTemplate::new(200).set_body_raw(seed_reply(), "application/xml"))
        .mount(&server)
        .await;
    customer_access_token("application/json")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "Status": { "ErrorCode": "INVALID_ACCT", "ErrorMessage": "Unknown account" },
            "Token": "should-not-be-returned"
        })))
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c.customer_access_token(&request()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(
        (api.status, api.code.as_deref(), api.message.as_deref()),
        (200, Some("INVALID_ACCT"), Some("Unknown account"))
    );

    let err = c.clone().with_format(Format::Xml).customer_access_token(&request()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!((api.code.as_deref(), api.message.as_deref()), (Some("String"), Some("String")));
}

#[tokio::test]
async fn service_stack_error_replies_are_api_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "ResponseStatus": {
                "ErrorCode": "Unauthorized",
                "Message": "Invalid ApiKey",
                "Errors": [{ "ErrorCode": "NotEmpty", "FieldName": "AppId", "Message": "required" }]
            }
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("accept", "application/xml"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            "<ErrorResponse xmlns=\"http://schemas.servicestack.net/types\"><ResponseStatus>\
             <ErrorCode>NullReferenceException</ErrorCode><Message>Boom</Message></ResponseStatus></ErrorResponse>",
            "application/xml",
        ))
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c.customer_access_token(&request()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(
        (api.status, api.code.as_deref(), api.message.as_deref()),
        (401, Some("Unauthorized"), Some("Invalid ApiKey"))
    );
    assert!(api.details.as_ref().unwrap().to_string().contains("FieldName"));

    let err = c.with_format(Format::Xml).customer_access_token(&request()).await.unwrap_err();
    let Error::Api(api) = err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(
        (api.status, api.code.as_deref(), api.message.as_deref()),
        (500, Some("NullReferenceException"), Some("Boom"))
    );
    // The declared error type, decoded from the XML body (ServiceStack's `Meta` map has no JSON
    // codec yet, so AIM's error types are XML-only).
    let typed: wsbind::aim::ErrorResponse = api.xml_body_as().expect("an XML body").expect("it fits ErrorResponse");
    assert_eq!(typed.response_status.and_then(|s| s.error_code).as_deref(), Some("NullReferenceException"));
}

#[tokio::test]
async fn a_body_that_is_neither_json_nor_xml_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Service temporarily unavailable"))
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c.customer_access_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if matches!(d.kind, DecodeErrorKind::Json(_))), "{err:?}");
    let err = c.with_format(Format::Xml).customer_access_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if matches!(d.kind, DecodeErrorKind::Malformed(_))), "{err:?}");
}

#[tokio::test]
async fn absent_query_parameters_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/aeServices30/api/CustomerAccessToken"))
        .and(|req: &Request| req.url.query().is_none())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "AccountManagementUrl": "https://x" })))
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server).customer_access_token(&CustomerAccessTokenRequest::default()).await.unwrap();
    assert_eq!(reply.status, None);
    assert_eq!(reply.account_management_url.as_deref(), Some("https://x"));
}

#[test]
fn secrets_are_absent_from_debug() {
    let server_less = Client::new("https://active-ewebservice.biz/aeServices30/api")
        .with_api_key(API_KEY)
        .with_app_id(APP_ID)
        .with_token(SESSION_TOKEN)
        .with_oauth_token(OAUTH_TOKEN);
    let shown = format!("{server_less:?}");
    for secret in [API_KEY, SESSION_TOKEN, OAUTH_TOKEN] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains(APP_ID), "{shown}");
    let reply = decode_xml(&success_xml());
    let shown = format!("{reply:?}");
    assert!(!shown.contains(SESSION_TOKEN), "{shown}");
    assert_eq!(wsbind::aim::DEFAULT_ADDRESS, "https://active-ewebservice.biz/aeServices30/api");
}

/// A server whose XML replies are in another namespace than the schema's: the builder's
/// `namespace_tolerant(true)` accepts them; by default the reply is a decode error (the root) or
/// the element is skipped (an optional child).
#[tokio::test]
async fn namespace_tolerant_clients_accept_xml_replies_in_another_namespace() {
    let schema_ns = "http://schemas.datacontract.org/2004/07/AIM.WebService";
    let moved = success_xml().replace(schema_ns, "urn:aim:elsewhere");
    let token_moved = success_xml().replace("<Token>", "<Token xmlns=\"urn:aim:elsewhere\">");
    let server = MockServer::start().await;
    customer_access_token("application/xml")
        .respond_with(ResponseTemplate::new(200).set_body_raw(moved, "application/xml"))
        .expect(2)
        .mount(&server)
        .await;
    let address = format!("{}/aeServices30/api", server.uri());
    let configure = |c: Client| {
        c.with_api_key(API_KEY)
            .with_app_id(APP_ID)
            .with_token(SESSION_TOKEN)
            .with_device_id(DEVICE_ID)
            .with_oauth_token(OAUTH_TOKEN)
            .with_format(Format::Xml)
    };
    let strict = configure(Client::builder(&address).build().unwrap());
    let err = strict.customer_access_token(&request()).await.unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(
        d.kind,
        DecodeErrorKind::Unexpected { element: "{urn:aim:elsewhere}CustomerAccessTokenResponse".into() },
        "{d}"
    );
    let tolerant = configure(Client::builder(&address).namespace_tolerant(true).build().unwrap());
    let reply = tolerant.customer_access_token(&request()).await.expect("accepted when tolerant");
    assert_eq!(reply.token.as_deref(), Some("session-token-5f1e2d-customer"));
    assert_eq!(reply.status.as_ref().and_then(|s| s.domain_name.as_deref()), Some("String"));

    // Only `Token` moved: skipped by default (an optional element), read when tolerant.
    let decoded = |xml: &str, tolerant: bool| {
        let mut r = Reader::new(xml.as_bytes());
        r.set_namespace_tolerant(tolerant);
        let start = r.root().unwrap();
        CustomerAccessTokenResponse::decode(&mut r, &start).unwrap()
    };
    assert_eq!(decoded(&token_moved, false).token, None);
    assert_eq!(decoded(&token_moved, true).token.as_deref(), Some("session-token-5f1e2d-customer"));
}
