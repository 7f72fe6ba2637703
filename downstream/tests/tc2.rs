//! End-to-end tests of the generated TC2 client (`wsbind::tc2`) against a local HTTP server:
//! every sample request of the seed pages 000 and 001 is what the client sends (SOAP 1.1,
//! SOAP 1.2, HTTP GET, HTTP POST), every sample response decodes to the expected struct, and
//! faults, HTTP errors, truncated bodies and bad replies give the right `wsbind::Error`.

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{
    assert_soap_request, body_text, fill, fill_form, form_pairs, header, only_request, seed, seed_form_body, seed_line,
    seed_query, server_replying, truncating_server, xml_samples,
};
use wsbind::soap::SoapVersion;
use wsbind::tc2;
use wsbind::xml::compare::assert_same_xml;

const PATH: &str = "/TC21API/TC2.asmx";
const GET_PATH: &str = "/TC21API/TC2.asmx/GetPartnerCameraRefreshToken";
const XML: &str = "text/xml; charset=utf-8";
const SOAP12: &str = "application/soap+xml; charset=utf-8";
const GET_TOKEN_ACTION: &str = "https://services.alarmnet.com/TC2/GetPartnerCameraRefreshToken";
const SYNC_ACTION: &str = "https://services.alarmnet.com/TC2/SynchronizePanelUser";

// Request values: the secrets must never show in Debug output.
const SESSION: &str = "SESSION-SECRET-4f2c91";
const REFRESH_IN: &str = "RT-IN-SECRET <&> \"q\"";
const SERIAL: &str = "CAM-00:11:22/ä b";
const REQUEST_VALUES: &[(&str, &str)] = &[
    ("sessionID", SESSION),
    ("PartnerId", "42"),
    ("LocationId", "9876543210123"),
    ("refreshToken", REFRESH_IN),
    ("partnerCameraSerialNumber", SERIAL),
];

// Response values.
const ACCESS: &str = "AT-SECRET-eyJhbGciOiJSUzI1NiJ9";
const REFRESH_OUT: &str = "RT-SECRET-next-7731";
const TOKEN_VALUES: &[(&str, &str)] = &[
    ("access_token", ACCESS),
    ("token_type", "Bearer"),
    ("expiry", "2026-11-26T01:00:00Z"),
    ("refresh_token", REFRESH_OUT),
    ("scope", "camera.read camera.write"),
    ("additionalinfo", "a < b & c"),
];

fn request() -> tc2::GetPartnerCameraRefreshToken {
    tc2::GetPartnerCameraRefreshToken::new(42, 9_876_543_210_123)
        .session_id(SESSION)
        .refresh_token(REFRESH_IN)
        .partner_camera_serial_number(SERIAL)
}

fn expected_token() -> tc2::AccessToken {
    tc2::AccessToken::new()
        .access_token(ACCESS)
        .token_type("Bearer")
        .expiry("2026-11-26T01:00:00Z")
        .refresh_token(REFRESH_OUT)
        .scope("camera.read camera.write")
        .additionalinfo("a < b & c")
}

/// What every binding of GetPartnerCameraRefreshToken returns: the reply wrapper's one child.
fn expected_response() -> Option<tc2::AccessTokenResult> {
    Some(tc2::AccessTokenResult::new().access_token(expected_token()))
}

/// Seed 000 samples: SOAP 1.1 request, response; SOAP 1.2 request, response; GET response;
/// POST response.
fn samples_000() -> Vec<String> {
    let samples = xml_samples(&seed("000"));
    assert_eq!(samples.len(), 6, "seed 000 has six XML samples");
    samples
}

/// Seed 001 samples: SOAP 1.1 request, response; SOAP 1.2 request, response.
fn samples_001() -> Vec<String> {
    let samples = xml_samples(&seed("001"));
    assert_eq!(samples.len(), 4, "seed 001 has four XML samples");
    samples
}

fn client(server: &wiremock::MockServer) -> tc2::Client {
    tc2::Client::new(format!("{}{PATH}", server.uri()))
}

// ---------------------------------------------------------------------------------------------
// GetPartnerCameraRefreshToken: the four bindings of seed 000.

#[test]
fn default_address_is_the_wsdl_one() {
    assert_eq!(tc2::DEFAULT_ADDRESS, "https://rs.alarmnet.com/TC21API/TC2.asmx");
    let client = tc2::Client::new(tc2::DEFAULT_ADDRESS);
    assert_eq!(client.address(), tc2::DEFAULT_ADDRESS);
}

#[tokio::test]
async fn soap11_request_and_response_match_the_seed() {
    let samples = samples_000();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], TOKEN_VALUES)).await;

    let response = client(&server).get_partner_camera_refresh_token(&request()).await;

    let sent = only_request(&server).await;
    assert_soap_request(&sent, SoapVersion::V11, PATH, GET_TOKEN_ACTION, &fill(&samples[0], REQUEST_VALUES));
    assert_eq!(response.expect("SOAP 1.1 call succeeds"), expected_response());
}

#[tokio::test]
async fn soap12_request_and_response_match_the_seed() {
    let samples = samples_000();
    let server = server_replying(PATH, 200, SOAP12, &fill(&samples[3], TOKEN_VALUES)).await;

    let response = client(&server).soap_version(SoapVersion::V12).get_partner_camera_refresh_token(&request()).await;

    let sent = only_request(&server).await;
    assert_soap_request(&sent, SoapVersion::V12, PATH, GET_TOKEN_ACTION, &fill(&samples[2], REQUEST_VALUES));
    assert_eq!(response.expect("SOAP 1.2 call succeeds"), expected_response());
}

#[tokio::test]
async fn http_get_request_and_response_match_the_seed() {
    let page = seed("000");
    let samples = samples_000();
    let server = server_replying(GET_PATH, 200, XML, &fill(&samples[4], TOKEN_VALUES)).await;

    let response = client(&server).get_partner_camera_refresh_token_http_get(&request()).await;

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(sent.url.path(), GET_PATH);
    let expected = fill_form(&seed_query(seed_line(&page, "GET /TC21API/")), REQUEST_VALUES);
    assert_eq!(form_pairs(sent.url.query().unwrap_or("")), expected);
    assert!(sent.body.is_empty(), "a GET has no body");
    assert_eq!(response.expect("HTTP GET call succeeds"), expected_response(), "the same type as over SOAP");
}

#[tokio::test]
async fn http_get_replies_in_another_namespace_are_accepted_on_request() {
    let samples = samples_000();
    let reply = fill(&samples[4], TOKEN_VALUES).replace("https://services.alarmnet.com/TC2/", "urn:tc2:elsewhere");
    assert!(reply.contains("urn:tc2:elsewhere"), "the sample declares the TC2 namespace");
    let server = server_replying(GET_PATH, 200, XML, &reply).await;

    let err = client(&server).get_partner_camera_refresh_token_http_get(&request()).await.expect_err("strict");
    let wsbind::Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert!(matches!(decode.kind, wsbind::error::DecodeErrorKind::Unexpected { .. }), "{decode:?}");

    let tolerant = tc2::Client::builder(format!("{}{PATH}", server.uri())).namespace_tolerant(true).build().unwrap();
    let response = tolerant.get_partner_camera_refresh_token_http_get(&request()).await;
    assert_eq!(response.expect("accepted when tolerant"), expected_response());
}

#[tokio::test]
async fn http_post_request_and_response_match_the_seed() {
    let page = seed("000");
    let samples = samples_000();
    let server = server_replying(GET_PATH, 200, XML, &fill(&samples[5], TOKEN_VALUES)).await;

    let response = client(&server).get_partner_camera_refresh_token_http_post(&request()).await;

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), GET_PATH);
    assert!(
        header(&sent, "content-type").starts_with("application/x-www-form-urlencoded"),
        "form content type, got {}",
        header(&sent, "content-type")
    );
    let expected = fill_form(&seed_form_body(&page, "POST /TC21API/TC2.asmx/"), REQUEST_VALUES);
    assert_eq!(form_pairs(&body_text(&sent)), expected);
    assert_eq!(response.expect("HTTP POST call succeeds"), expected_response(), "the same type as over SOAP");
}

#[tokio::test]
async fn optional_fields_left_out_are_not_sent() {
    let samples = samples_000();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], TOKEN_VALUES)).await;
    let request = tc2::GetPartnerCameraRefreshToken::new(7, -1);

    client(&server).get_partner_camera_refresh_token(&request).await.expect("call succeeds");

    let sent = only_request(&server).await;
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
             <soap:Body>
               <GetPartnerCameraRefreshToken xmlns="https://services.alarmnet.com/TC2/">
                 <PartnerId>7</PartnerId>
                 <LocationId>-1</LocationId>
               </GetPartnerCameraRefreshToken>
             </soap:Body>
           </soap:Envelope>"#,
        &body_text(&sent),
    );
}

#[tokio::test]
async fn a_value_xml_cannot_carry_is_an_encode_error_and_nothing_is_sent() {
    let server = server_replying(PATH, 200, XML, "").await;
    let request = request().partner_camera_serial_number("B4A2\u{1}");
    let err = client(&server).get_partner_camera_refresh_token(&request).await.unwrap_err();
    assert!(matches!(&err, wsbind::Error::Encode(_)), "{err:?}");
    assert_eq!(
        err.chain().to_string(),
        "cannot encode the request: string value contains U+0001, which XML 1.0 cannot carry"
    );
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn unknown_elements_are_skipped_and_order_is_tolerated() {
    let reply = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Header><Trace xmlns="urn:other">abc</Trace></soap:Header>
  <soap:Body>
    <t:GetPartnerCameraRefreshTokenResponse xmlns:t="https://services.alarmnet.com/TC2/">
      <t:GetPartnerCameraRefreshTokenResult>
        <t:AccessToken>
          <t:scope>s</t:scope>
          <t:NewField><t:Nested>1</t:Nested></t:NewField>
          <t:access_token>A</t:access_token>
        </t:AccessToken>
        <t:Extra/>
      </t:GetPartnerCameraRefreshTokenResult>
    </t:GetPartnerCameraRefreshTokenResponse>
  </soap:Body>
</soap:Envelope>"#;
    let server = server_replying(PATH, 200, XML, reply).await;

    let response =
        client(&server).get_partner_camera_refresh_token(&request()).await.expect("unknown elements are skipped");

    let expected = tc2::AccessTokenResult::new().access_token(tc2::AccessToken::new().access_token("A").scope("s"));
    assert_eq!(response, Some(expected));
}

// ---------------------------------------------------------------------------------------------
// SynchronizePanelUser: seed 001, repeated items through ArrayOf wrappers.

const SYNC_REQUEST_VALUES: &[(&str, &str)] = &[
    ("SessionID", SESSION),
    ("LocationID", "1001"),
    ("LocationID", "1002"),
    ("DeviceID", "5000000001"),
    ("DeviceID", "5000000002"),
    ("AuthorizingCode", "1234"),
    ("AuthorizingCode", "5678"),
    ("StatusOnly", "false"),
    ("AdditionalInput", "<none>"),
    ("userCodeDirectPush", "true"),
];

const SYNC_RESPONSE_VALUES: &[(&str, &str)] = &[
    ("DeviceID", "5000000001"),
    ("DeviceID", "5000000002"),
    ("DeviceName", "Front door"),
    ("DeviceName", "Garage"),
    ("TotalSteps", "3"),
    ("TotalSteps", "4"),
    ("CurrentStep", "3"),
    ("CurrentStep", "-1"),
    ("Description", "Sync user codes"),
    ("StatusText", "Done"),
    ("StatusText", "Failed & retried"),
    ("ResultCode", "0"),
    ("ResultCode", "-4104"),
    ("ResultData", "ok"),
    ("ResultData", "panel offline"),
];

fn sync_request() -> tc2::SynchronizePanelUser {
    tc2::SynchronizePanelUser::new(false, true)
        .session_id(SESSION)
        .device_list([
            tc2::DeviceAuthorizingCode::new(1001, 5_000_000_001).authorizing_code("1234"),
            tc2::DeviceAuthorizingCode::new(1002, 5_000_000_002).authorizing_code("5678"),
        ])
        .additional_input("<none>")
}

fn expected_sync_response() -> Option<tc2::SynchronizePanelUserResult> {
    Some(
        tc2::SynchronizePanelUserResult::new().synchronization_status([
            tc2::SyncStatus::new(5_000_000_001, 3, 3, 0)
                .device_name("Front door")
                .description("Sync user codes")
                .status_text("Done")
                .result_data("ok"),
            tc2::SyncStatus::new(5_000_000_002, 4, -1, -4104)
                .device_name("Garage")
                .description("Sync user codes")
                .status_text("Failed & retried")
                .result_data("panel offline"),
        ]),
    )
}

#[tokio::test]
async fn sync_soap11_request_and_response_match_the_seed() {
    let samples = samples_001();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], SYNC_RESPONSE_VALUES)).await;

    let response = client(&server).synchronize_panel_user(&sync_request()).await;

    let sent = only_request(&server).await;
    assert_soap_request(&sent, SoapVersion::V11, PATH, SYNC_ACTION, &fill(&samples[0], SYNC_REQUEST_VALUES));
    assert_eq!(response.expect("SOAP 1.1 call succeeds"), expected_sync_response());
}

#[tokio::test]
async fn sync_soap12_request_and_response_match_the_seed() {
    let samples = samples_001();
    let server = server_replying(PATH, 200, SOAP12, &fill(&samples[3], SYNC_RESPONSE_VALUES)).await;

    let response = client(&server).soap_version(SoapVersion::V12).synchronize_panel_user(&sync_request()).await;

    let sent = only_request(&server).await;
    assert_soap_request(&sent, SoapVersion::V12, PATH, SYNC_ACTION, &fill(&samples[2], SYNC_REQUEST_VALUES));
    assert_eq!(response.expect("SOAP 1.2 call succeeds"), expected_sync_response());
}

#[tokio::test]
async fn missing_required_element_is_a_decode_error_naming_it() {
    let samples = samples_001();
    let reply = fill(&samples[1], SYNC_RESPONSE_VALUES).replacen("<TotalSteps>3</TotalSteps>", "", 1);
    let server = server_replying(PATH, 200, XML, &reply).await;

    let err = client(&server)
        .synchronize_panel_user(&sync_request())
        .await
        .expect_err("a SyncStatus without TotalSteps is rejected");

    let wsbind::Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert!(
        matches!(decode.kind, wsbind::error::DecodeErrorKind::Missing { .. }),
        "expected a Missing error, got {decode:?}"
    );
    let message = err.chain().to_string();
    assert!(message.contains("TotalSteps"), "message names the element: {message}");
    assert!(message.contains("SyncStatus"), "message names the path: {message}");
}

#[tokio::test]
async fn an_element_in_another_namespace_is_named_and_accepted_on_request() {
    // A server whose reply does not follow its own elementFormDefault: one TotalSteps comes
    // unqualified, another in a foreign namespace.
    let samples = samples_001();
    let reply = fill(&samples[1], SYNC_RESPONSE_VALUES)
        .replacen("<TotalSteps>3</TotalSteps>", "<TotalSteps xmlns=\"\">3</TotalSteps>", 1)
        .replacen("<TotalSteps>4</TotalSteps>", "<x:TotalSteps xmlns:x=\"urn:other\">4</x:TotalSteps>", 1);
    let server = server_replying(PATH, 200, XML, &reply).await;

    let err = client(&server).synchronize_panel_user(&sync_request()).await.expect_err("strict by default");
    let wsbind::Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(
        decode.kind,
        wsbind::error::DecodeErrorKind::MissingInOtherNamespace { element: "TotalSteps".into(), found_namespace: None }
    );
    let message = err.chain().to_string();
    assert!(message.contains("an element `TotalSteps` without a namespace was there and skipped"), "{message}");
    assert!(message.contains("namespace_tolerant(true)"), "{message}");

    let tolerant = tc2::Client::builder(format!("{}{PATH}", server.uri())).namespace_tolerant(true).build().unwrap();
    let result = tolerant.synchronize_panel_user(&sync_request()).await.expect("accepted when tolerant");
    assert_eq!(result, expected_sync_response());
}

#[tokio::test]
async fn bad_number_is_a_decode_error_naming_element_and_type() {
    let samples = samples_001();
    let mut values = SYNC_RESPONSE_VALUES.to_vec();
    for v in values.iter_mut().filter(|(n, _)| *n == "CurrentStep") {
        v.1 = "twelve";
    }
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], &values)).await;

    let err = client(&server).synchronize_panel_user(&sync_request()).await.expect_err("a non-numeric int is rejected");

    let wsbind::Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert!(
        matches!(decode.kind, wsbind::error::DecodeErrorKind::Invalid { .. }),
        "expected an Invalid error, got {decode:?}"
    );
    let message = err.chain().to_string();
    assert!(message.contains("CurrentStep"), "message names the element: {message}");
    assert!(message.contains("int"), "message names the XSD type: {message}");
}

// ---------------------------------------------------------------------------------------------
// Faults and HTTP-level failures.

const FAULT_11: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <soap:Body>
    <soap:Fault>
      <faultcode>soap:Client</faultcode>
      <faultstring>Invalid session ID</faultstring>
      <faultactor>https://rs.alarmnet.com/TC21API/TC2.asmx</faultactor>
      <detail>
        <ResultCode xmlns="https://services.alarmnet.com/TC2/">-102</ResultCode>
        <ResultData xmlns="https://services.alarmnet.com/TC2/">Session expired</ResultData>
      </detail>
    </soap:Fault>
  </soap:Body>
</soap:Envelope>"#;

const FAULT_12: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:t="https://services.alarmnet.com/TC2/">
  <env:Body>
    <env:Fault>
      <env:Code>
        <env:Value>env:Sender</env:Value>
        <env:Subcode><env:Value>t:SessionExpired</env:Value></env:Subcode>
      </env:Code>
      <env:Reason>
        <env:Text xml:lang="en">Session expired</env:Text>
      </env:Reason>
      <env:Detail>
        <t:ResultCode>-102</t:ResultCode>
      </env:Detail>
    </env:Fault>
  </env:Body>
</env:Envelope>"#;

#[tokio::test]
async fn soap11_fault_gives_code_reason_and_detail() {
    let server = server_replying(PATH, 500, XML, FAULT_11).await;

    let err = client(&server).get_partner_camera_refresh_token(&request()).await.expect_err("a fault is an error");

    let wsbind::Error::Fault(fault) = &err else {
        panic!("expected Error::Fault, got {err:?}");
    };
    assert_eq!(fault.version, SoapVersion::V11);
    assert!(fault.code.to_string().ends_with("Client"), "code: {}", fault.code);
    // Matched by namespace, whatever prefix the server chose.
    assert_eq!(fault.code_name(), Some((Some(wsbind::soap::SOAP11_NS), "Client")));
    assert_eq!(fault.reason.to_string(), "Invalid session ID");
    let detail = fault.detail.as_ref().expect("detail is kept");
    assert!(detail.as_str().contains("ResultCode"), "detail: {}", detail.as_str());
    assert!(detail.as_str().contains("-102"), "detail: {}", detail.as_str());
    assert!(err.chain().to_string().contains("Invalid session ID"), "message: {err}");
}

#[tokio::test]
async fn soap12_fault_gives_code_subcode_reason_and_detail() {
    let server = server_replying(PATH, 500, SOAP12, FAULT_12).await;

    let err = client(&server)
        .soap_version(SoapVersion::V12)
        .get_partner_camera_refresh_token(&request())
        .await
        .expect_err("a fault is an error");

    let wsbind::Error::Fault(fault) = &err else {
        panic!("expected Error::Fault, got {err:?}");
    };
    assert_eq!(fault.version, SoapVersion::V12);
    assert!(fault.code.to_string().ends_with("Sender"), "code: {}", fault.code);
    assert_eq!(fault.code_name(), Some((Some(wsbind::soap::SOAP12_NS), "Sender")));
    assert_eq!(fault.subcodes.len(), 1, "subcodes: {:?}", fault.subcodes);
    assert!(fault.subcodes[0].to_string().ends_with("SessionExpired"));
    assert_eq!(fault.reason.to_string(), "Session expired");
    let detail = fault.detail.as_ref().expect("detail is kept");
    assert!(detail.as_str().contains("ResultCode"), "detail: {}", detail.as_str());
    assert!(detail.as_str().contains("-102"), "detail: {}", detail.as_str());
}

#[tokio::test]
async fn http_500_with_html_is_a_status_error_with_an_excerpt() {
    let html = format!(
        "<!DOCTYPE html><html><head><title>Runtime Error</title></head><body>\
         <h1>Server Error in '/TC21API' Application.</h1><p>Runtime Error</p>{}</body></html>",
        "<p>padding padding padding padding</p>".repeat(40)
    );
    let server = server_replying(PATH, 500, "text/html; charset=utf-8", &html).await;

    let err = client(&server).get_partner_camera_refresh_token(&request()).await.expect_err("HTTP 500 is an error");

    let wsbind::Error::Status { status, content_type, body_excerpt } = &err else {
        panic!("expected Error::Status, got {err:?}");
    };
    assert_eq!(*status, 500);
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert!(body_excerpt.contains("Runtime Error"), "excerpt: {body_excerpt}");
    assert!(body_excerpt.len() <= 512 + "…".len(), "excerpt is capped at 512 bytes, got {}", body_excerpt.len());
    assert!(err.chain().to_string().contains("500"), "message: {err}");
}

#[tokio::test]
async fn status_error_excerpt_blanks_secret_elements() {
    let body = format!(
        r#"<Error xmlns="https://services.alarmnet.com/TC2/"><sessionID>{SESSION}</sessionID><Message>bad</Message></Error>"#
    );
    let server = server_replying(PATH, 503, XML, &body).await;

    let err = client(&server).get_partner_camera_refresh_token(&request()).await.expect_err("HTTP 503 is an error");

    let wsbind::Error::Status { status, body_excerpt, .. } = &err else {
        panic!("expected Error::Status, got {err:?}");
    };
    assert_eq!(*status, 503);
    assert!(body_excerpt.contains("bad"), "excerpt: {body_excerpt}");
    assert!(!body_excerpt.contains(SESSION), "secret in excerpt: {body_excerpt}");
    assert!(!err.chain().to_string().contains(SESSION), "secret in message: {err}");
    assert!(!format!("{err:?}").contains(SESSION), "secret in Debug: {err:?}");
}

#[tokio::test]
async fn truncated_body_is_a_transport_error() {
    let samples = samples_000();
    let full = fill(&samples[1], TOKEN_VALUES);
    let base = truncating_server(XML, full[..200].to_owned()).await;

    let err = tc2::Client::new(format!("{base}{PATH}"))
        .get_partner_camera_refresh_token(&request())
        .await
        .expect_err("a body shorter than Content-Length is an error");

    assert!(
        matches!(&err, wsbind::Error::Transport(t) if t.kind == wsbind::TransportErrorKind::Body),
        "expected Error::Transport of kind Body, got {err:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind then drop a listener: the port is very likely closed afterwards.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);

    let err = tc2::Client::new(format!("http://{addr}{PATH}"))
        .get_partner_camera_refresh_token(&request())
        .await
        .expect_err("nobody listens");

    assert!(
        matches!(&err, wsbind::Error::Transport(t) if t.kind == wsbind::TransportErrorKind::Connect),
        "expected Error::Transport of kind Connect, got {err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets.

#[tokio::test]
async fn secrets_are_not_in_debug_output() {
    let samples = samples_000();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], TOKEN_VALUES)).await;

    let response = client(&server).get_partner_camera_refresh_token(&request()).await.expect("call succeeds");

    let shown = format!("{response:?}");
    assert!(!shown.contains(ACCESS), "access_token in Debug: {shown}");
    assert!(!shown.contains(REFRESH_OUT), "refresh_token in Debug: {shown}");
    // Redaction is per field: the token's non-secret fields stay visible.
    let token = response.and_then(|r| r.access_token).expect("token decoded");
    let shown = format!("{token:?}");
    assert!(!shown.contains(ACCESS), "access_token in Debug: {shown}");
    assert!(!shown.contains(REFRESH_OUT), "refresh_token in Debug: {shown}");
    assert!(shown.contains("Bearer"), "non-secret fields stay visible: {shown}");

    let shown = format!("{:?}", request());
    assert!(!shown.contains(SESSION), "sessionID in Debug: {shown}");
    assert!(!shown.contains("RT-IN-SECRET"), "refreshToken in Debug: {shown}");
    assert!(shown.contains("9876543210123"), "non-secret fields stay visible: {shown}");

    let shown = format!("{:?}", sync_request());
    assert!(!shown.contains(SESSION), "SessionID in Debug: {shown}");
}

#[tokio::test]
async fn a_utf16_reply_decodes() {
    let samples = samples_000();
    let reply = fill(&samples[1], TOKEN_VALUES).replace("encoding=\"utf-8\"", "encoding=\"utf-16\"");
    // UTF-16LE with a byte order mark, as .NET services may send it.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(reply.encode_utf16().flat_map(u16::to_le_bytes));
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path(PATH))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(bytes, "text/xml; charset=utf-16"))
        .mount(&server)
        .await;

    let response = client(&server).get_partner_camera_refresh_token(&request()).await;
    assert_eq!(response.expect("a UTF-16 reply decodes"), expected_response());
}

/// A fault code's prefix resolves where the code is written, also when the code element declares
/// it itself; an undeclared prefix leaves only the raw text.
#[tokio::test]
async fn fault_code_resolves_by_namespace() {
    let own = FAULT_11
        .replace("<faultcode>soap:Client</faultcode>", r#"<faultcode xmlns:v="urn:vendor">v:Throttled</faultcode>"#);
    let server = server_replying(PATH, 500, XML, &own).await;
    let err = client(&server).get_partner_camera_refresh_token(&request()).await.expect_err("a fault is an error");
    let wsbind::Error::Fault(fault) = &err else { panic!("expected Error::Fault, got {err:?}") };
    assert_eq!(fault.code, "v:Throttled");
    assert_eq!(fault.code_name(), Some((Some("urn:vendor"), "Throttled")));

    let undeclared = FAULT_11.replace("soap:Client</faultcode>", "nope:Client</faultcode>");
    let server = server_replying(PATH, 500, XML, &undeclared).await;
    let err = client(&server).get_partner_camera_refresh_token(&request()).await.expect_err("a fault is an error");
    let wsbind::Error::Fault(fault) = &err else { panic!("expected Error::Fault, got {err:?}") };
    assert_eq!(fault.code, "nope:Client");
    assert_eq!(fault.code_name(), None);
}
