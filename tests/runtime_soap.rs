//! The runtime end to end against a local HTTP server (wiremock): the generated TC2 and SOS
//! modules (`wsbind::tc2`, `wsbind::sos`, from `schemas/`) sent with `SoapClient` over the default
//! reqwest transport, and an operation bound in SOAP 1.1 only from the module generated from
//! `codegen/tests/fixtures/runtime/production.wsdl`. Asserts the HTTP headers, the envelopes
//! (compared as XML with the seed pages' samples), decoded replies and every error variant.

mod common;
// The golden is compared byte for byte by `codegen/tests/runtime_fixtures.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/production_service.rs"]
mod production_service;

use std::sync::Arc;
use std::time::Duration;

use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wsbind::soap::{SoapClient, SoapOp, SoapVersion};
use wsbind::transport::{ReqwestTransport, Transport, TransportErrorKind};
use wsbind::xml::compare::assert_same_xml;
use wsbind::{DecodeErrorKind, Error, sos, tc2};

const SOS_NS: &str = "sosonlinebackup.com";

// ---- helpers -------------------------------------------------------------------------------

const TC2_PATH: &str = "/TC21API/TC2.asmx";
const SOS_PATH: &str = "/WebApi/AccountManagementService/AccountManagementService.asmx";

fn transport() -> Arc<dyn Transport> {
    Arc::new(ReqwestTransport::builder().timeout(Duration::from_secs(10)).build().unwrap())
}

fn tc2_request() -> tc2::GetPartnerCameraRefreshToken {
    tc2::GetPartnerCameraRefreshToken::new(42, 9_000_000_001)
        .session_id("sess-1")
        .refresh_token("rt <&>")
        .partner_camera_serial_number("CAM-7")
}

const TC2_REQUEST_VALUES: &[(&str, &str)] = &[
    ("sessionID", "sess-1"),
    ("PartnerId", "42"),
    ("LocationId", "9000000001"),
    ("refreshToken", "rt <&>"),
    ("partnerCameraSerialNumber", "CAM-7"),
];

const TC2_REPLY_VALUES: &[(&str, &str)] = &[
    ("access_token", "AT-secret"),
    ("token_type", "bearer"),
    ("expiry", "3600"),
    ("refresh_token", "RT-secret"),
    ("scope", "camera"),
    ("additionalinfo", "none"),
];

fn expected_token() -> tc2::AccessToken {
    tc2::AccessToken::new()
        .access_token("AT-secret")
        .token_type("bearer")
        .expiry("3600")
        .refresh_token("RT-secret")
        .scope("camera")
        .additionalinfo("none")
}

/// Values for the placeholders of the `SynchronizePanelUser` reply sample (seed 001), with
/// `DeviceID` given.
fn sync_reply_values(device_id: &str) -> Vec<(&str, &str)> {
    vec![
        ("DeviceID", device_id),
        ("DeviceName", "Panel"),
        ("TotalSteps", "3"),
        ("CurrentStep", "3"),
        ("ResultCode", "0"),
    ]
}

fn sync_request() -> tc2::SynchronizePanelUser {
    tc2::SynchronizePanelUser::new(true, false).session_id("sess-1")
}

/// A server answering every request on the TC2 endpoint with `status` and `body` (of type
/// `content_type`), and a client for it.
async fn replying_server(status: u16, body: &str, content_type: &str) -> (MockServer, SoapClient) {
    let server = common::server_replying(TC2_PATH, status, content_type, body).await;
    let client = SoapClient::with_transport(format!("{}{TC2_PATH}", server.uri()), transport());
    (server, client)
}

/// Calls `GetPartnerCameraRefreshToken` with [`tc2_request`], expecting an error.
async fn refresh_token_error(client: &SoapClient) -> Error {
    client
        .call::<_, tc2::GetPartnerCameraRefreshTokenResponse>(
            &tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN,
            &tc2_request(),
        )
        .await
        .unwrap_err()
}

// ---- tests ---------------------------------------------------------------------------------

#[tokio::test]
async fn tc2_soap11_call_matches_seed() {
    let samples = common::xml_samples(&common::seed("000"));
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TC2_PATH))
        .and(header("SOAPAction", "\"https://services.alarmnet.com/TC2/GetPartnerCameraRefreshToken\""))
        .and(header("Content-Type", "text/xml; charset=utf-8"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(common::fill(&samples[1], TC2_REPLY_VALUES), "text/xml; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let client = SoapClient::with_transport(format!("{}{TC2_PATH}", server.uri()), transport());
    let resp: tc2::GetPartnerCameraRefreshTokenResponse =
        client.call(&tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN, &tc2_request()).await.unwrap();
    let token = resp.get_partner_camera_refresh_token_result.unwrap().access_token.unwrap();
    assert_eq!(token, expected_token());
    let debug = format!("{token:?}");
    assert!(!debug.contains("AT-secret") && !debug.contains("RT-secret") && debug.contains("bearer"), "{debug}");
    let req = common::only_request(&server).await;
    assert_same_xml(&common::fill(&samples[0], TC2_REQUEST_VALUES), &common::body_text(&req));
}

#[tokio::test]
async fn tc2_soap12_call_matches_seed() {
    let samples = common::xml_samples(&common::seed("000"));
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TC2_PATH))
        .and(header(
            "Content-Type",
            "application/soap+xml; charset=utf-8; action=\"https://services.alarmnet.com/TC2/GetPartnerCameraRefreshToken\"",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(common::fill(&samples[3], TC2_REPLY_VALUES), "application/soap+xml; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let client =
        SoapClient::with_transport(format!("{}{TC2_PATH}", server.uri()), transport()).soap_version(SoapVersion::V12);
    let resp: tc2::GetPartnerCameraRefreshTokenResponse =
        client.call(&tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN, &tc2_request()).await.unwrap();
    assert_eq!(resp.get_partner_camera_refresh_token_result.unwrap().access_token.unwrap(), expected_token());
    let req = common::only_request(&server).await;
    assert!(req.headers.get("SOAPAction").is_none());
    assert_same_xml(&common::fill(&samples[2], TC2_REQUEST_VALUES), &common::body_text(&req));
}

#[tokio::test]
async fn tc2_http_get_and_post() {
    let samples = common::xml_samples(&common::seed("000"));
    let reply = common::fill(&samples[4], TC2_REPLY_VALUES);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{TC2_PATH}/GetPartnerCameraRefreshToken")))
        .and(query_param("sessionID", "sess-1"))
        .and(query_param("refreshToken", "rt <&>"))
        .and(query_param("LocationId", "9000000001"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(reply.clone(), "text/xml; charset=utf-8"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{TC2_PATH}/GetPartnerCameraRefreshToken")))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(reply, "text/xml; charset=utf-8"))
        .mount(&server)
        .await;
    let client = SoapClient::with_transport(format!("{}{TC2_PATH}", server.uri()), transport());
    let request = tc2_request();
    let get = tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_GET;
    let result: tc2::AccessTokenResult = client.call_http(&get, &request.form_params()).await.unwrap();
    assert_eq!(result.access_token.unwrap(), expected_token());
    let post = tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_POST;
    let result: tc2::AccessTokenResult = client.call_http(&post, &request.form_params()).await.unwrap();
    assert_eq!(result.access_token.unwrap(), expected_token());
    let requests = server.received_requests().await.unwrap();
    let form: Vec<(String, String)> =
        form_urlencoded::parse(&requests[1].body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected: Vec<(String, String)> =
        TC2_REQUEST_VALUES.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(form, expected);
}

#[tokio::test]
async fn sos_auth_header_in_envelope() {
    let samples = common::xml_samples(&common::seed("004"));
    let server = MockServer::start().await;
    let reply = common::fill(&samples[1], &[("AuthToken", "tok-1")])
        .replace("<Result />", "<Result><Code xmlns=\"urn:extra\">7</Code></Result>");
    Mock::given(method("POST"))
        .and(path(SOS_PATH))
        .and(header("SOAPAction", "\"sosonlinebackup.com/GetAuthorizationTokenByEntity\""))
        .respond_with(ResponseTemplate::new(200).set_body_raw(reply, "text/xml; charset=utf-8"))
        .mount(&server)
        .await;
    let mut client = SoapClient::with_transport(format!("{}{SOS_PATH}", server.uri()), transport());
    let auth = sos::AuthHeader::new().user_name("alice").password("pa$$");
    client.set_header(::wsbind::xml::Name::qualified(SOS_NS, "AuthHeader"), &auth);
    assert!(!format!("{client:?}").contains("pa$$"));
    assert!(!format!("{auth:?}").contains("pa$$"));
    let request = sos::GetAuthorizationTokenByEntity::new()
        .request(sos::GetAuthorizationTokenByEntityRequest::new(true).username("bob"));
    let resp: sos::GetAuthorizationTokenByEntityResponse =
        client.call(&sos::ops::GET_AUTHORIZATION_TOKEN_BY_ENTITY, &request).await.unwrap();
    let result = resp.get_authorization_token_by_entity_result.unwrap();
    assert_eq!(result.auth_token.as_deref(), Some("tok-1"));
    // `Result` is open content (`xs:any`): its children are kept as raw XML.
    let any = result.result.unwrap().any;
    assert_eq!(any.len(), 1, "{any:?}");
    assert_same_xml(r#"<Code xmlns="urn:extra">7</Code>"#, any[0].as_str());
    let req = common::only_request(&server).await;
    let expected = common::fill(
        &samples[0],
        &[("UserName", "alice"), ("Password", "pa$$"), ("Username", "bob"), ("IsAppUser", "true")],
    );
    assert_same_xml(&expected, &common::body_text(&req));
}

#[tokio::test]
async fn soap11_fault() {
    let fault = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
  <faultcode>soap:Client</faultcode><faultstring>Server did not recognize the value of HTTP Header SOAPAction.</faultstring>
  <detail><Info xmlns="urn:d">bad</Info></detail></soap:Fault></soap:Body></soap:Envelope>"#;
    let (_server, client) = replying_server(500, fault, "text/xml; charset=utf-8").await;
    let err = refresh_token_error(&client).await;
    assert_eq!(
        err.chain().to_string(),
        "SOAP fault soap:Client: Server did not recognize the value of HTTP Header SOAPAction."
    );
    let Error::Fault(fault) = err else { panic!() };
    assert_eq!(fault.version, SoapVersion::V11);
    assert_same_xml(r#"<detail><Info xmlns="urn:d">bad</Info></detail>"#, fault.detail.unwrap().as_str());
}

#[tokio::test]
async fn soap12_fault() {
    let fault = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault>
  <soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code>
  <soap:Reason><soap:Text xml:lang="en">Server was unable to process request. ---&gt; Invalid session.</soap:Text></soap:Reason>
  <soap:Detail /></soap:Fault></soap:Body></soap:Envelope>"#;
    let (_server, client) = replying_server(500, fault, "application/soap+xml; charset=utf-8").await;
    let client = client.soap_version(SoapVersion::V12);
    let err = refresh_token_error(&client).await;
    let Error::Fault(fault) = &err else { panic!("{err:?}") };
    assert_eq!(fault.version, SoapVersion::V12);
    assert_eq!(fault.code, "soap:Receiver");
    assert_eq!(fault.reason, "Server was unable to process request. ---> Invalid session.");
    assert_eq!(fault.detail.as_ref().map(|d| d.inner()), Some(""));
}

#[tokio::test]
async fn http_500_with_html_body() {
    let html = format!("<html><head><title>Runtime Error</title></head><body>{}</body></html>", "x".repeat(2000));
    let (_server, client) = replying_server(500, &html, "text/html; charset=utf-8").await;
    let err = refresh_token_error(&client).await;
    let Error::Status { status, content_type, body_excerpt } = &err else { panic!("{err:?}") };
    assert_eq!(*status, 500);
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert!(body_excerpt.starts_with("<html><head><title>Runtime Error"));
    assert!(body_excerpt.len() <= 512 + 3);
    assert!(err.chain().to_string().starts_with("HTTP status 500 (text/html; charset=utf-8): <html>"));
}

#[tokio::test]
async fn missing_required_element() {
    let samples = common::xml_samples(&common::seed("001"));
    let reply = common::fill(&samples[1], &sync_reply_values("1"));
    // Drop the second SyncStatus's DeviceID.
    let second = reply.rfind("<DeviceID>1</DeviceID>").unwrap();
    let reply = format!("{}{}", &reply[..second], &reply[second + "<DeviceID>1</DeviceID>".len()..]);
    let (server, client) = replying_server(200, &reply, "text/xml; charset=utf-8").await;
    let err = client
        .call::<_, tc2::SynchronizePanelUserResponse>(&tc2::ops::SYNCHRONIZE_PANEL_USER, &sync_request())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.kind, DecodeErrorKind::Missing { element: "DeviceID".into() });
    assert_eq!(
        d.path,
        "/Envelope/Body/SynchronizePanelUserResponse/SynchronizePanelUserResult/SynchronizationStatus/SyncStatus/DeviceID"
    );
    assert!(
        err.chain()
            .to_string()
            .starts_with("cannot decode the reply: missing required element `DeviceID` at /Envelope/Body/"),
        "{err}"
    );
    // An operation without a SOAP 1.2 binding (every TC2 operation has both: `Ping` of the
    // fixture service is bound in SOAP 1.1 only): nothing is sent.
    assert_eq!(production_service::ops::PING.action_v12, None);
    let before = server.received_requests().await.unwrap().len();
    let err = client
        .clone()
        .soap_version(SoapVersion::V12)
        .call::<_, production_service::PingResponse>(
            &production_service::ops::PING,
            &production_service::Ping::new().note("hello"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unsupported(_)));
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn invalid_number_in_reply() {
    let samples = common::xml_samples(&common::seed("001"));
    let reply = common::fill(&samples[1], &sync_reply_values("12a"));
    let (_server, client) = replying_server(200, &reply, "text/xml; charset=utf-8").await;
    let err = client
        .call::<_, tc2::SynchronizePanelUserResponse>(&tc2::ops::SYNCHRONIZE_PANEL_USER, &sync_request())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert!(d.path.ends_with("/SyncStatus/DeviceID"), "{}", d.path);
    assert!(err.chain().to_string().contains("invalid long value \"12a\""), "{err}");
}

#[tokio::test]
async fn truncated_body_is_a_transport_error() {
    let client = SoapClient::with_transport(
        format!("{}{TC2_PATH}", common::truncating_server("text/xml", "<soap:Envelope xmlns".into()).await),
        transport(),
    );
    let err = refresh_token_error(&client).await;
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportErrorKind::Body, "{t}");
}

#[tokio::test]
async fn timeout_and_connect_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let slow: Arc<dyn Transport> =
        Arc::new(ReqwestTransport::builder().timeout(Duration::from_millis(200)).build().unwrap());
    let client = SoapClient::with_transport(format!("{}{TC2_PATH}", server.uri()), slow);
    let params = tc2_request().form_params();
    let err = client
        .call_http::<tc2::AccessTokenResult>(&tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_GET, &params)
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportErrorKind::Timeout);
    // The URL (with the session id in its query) never appears in the message.
    assert!(!err.chain().to_string().contains("sess-1"), "{err}");

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = SoapClient::with_transport(format!("http://{addr}{TC2_PATH}"), transport());
    let err = client
        .call_http::<tc2::AccessTokenResult>(&tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_GET, &params)
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportErrorKind::Connect, "{t}");
    assert!(!err.chain().to_string().contains("sess-1"), "{err}");
}

#[test]
fn ops_are_consts() {
    const _: SoapOp = tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN;
    assert_eq!(tc2::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN.headers.len(), 0);
}
