//! End-to-end tests of the generated SOS Online Backup client (`wsbind::sos`) against a local
//! HTTP server: the seed page 004 samples (SOAP 1.1 and 1.2, with the `AuthHeader` SOAP
//! header), the content of the `Result` element kept, faults, and secrets kept out of Debug.

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{assert_soap_request, body_text, fill, only_request, seed, server_replying, xml_samples};
use wsbind::soap::SoapVersion;
use wsbind::sos;

const PATH: &str = "/WebApi/AccountManagementService/AccountManagementService.asmx";
const XML: &str = "text/xml; charset=utf-8";
const SOAP12: &str = "application/soap+xml; charset=utf-8";
const NS: &str = "sosonlinebackup.com";
const ACTION: &str = "sosonlinebackup.com/GetAuthorizationTokenByEntity";

const USER: &str = "partner-admin@example.com";
const PASSWORD: &str = "PW-SECRET-&<>-9931";
const TOKEN: &str = "TOKEN-SECRET-0b7e55a1";

const REQUEST_VALUES: &[(&str, &str)] =
    &[("UserName", USER), ("Password", PASSWORD), ("Username", "end.user@example.com"), ("IsAppUser", "true")];
const RESPONSE_VALUES: &[(&str, &str)] = &[("AuthToken", TOKEN)];

/// Seed 004 samples: SOAP 1.1 request, response; SOAP 1.2 request, response.
fn samples() -> Vec<String> {
    let samples = xml_samples(&seed("004"));
    assert_eq!(samples.len(), 4, "seed 004 has four XML samples");
    samples
}

fn auth_header() -> sos::AuthHeader {
    sos::AuthHeader::new().user_name(USER).password(PASSWORD)
}

/// The request wrapper's one child: what the unwrapped operation takes.
fn request() -> sos::GetAuthorizationTokenByEntityRequest {
    sos::GetAuthorizationTokenByEntityRequest::new(true).username("end.user@example.com")
}

/// The reply wrapper's one child: what the unwrapped operation returns.
fn expected_response() -> Option<sos::GetAuthorizationTokenByEntityResult> {
    Some(sos::GetAuthorizationTokenByEntityResult::new().auth_token(TOKEN).result(sos::ResultType::new()))
}

fn client(server: &wiremock::MockServer) -> sos::Client {
    sos::Client::new(format!("{}{PATH}", server.uri())).with_auth_header(auth_header())
}

#[test]
fn default_address_is_the_wsdl_one() {
    assert_eq!(
        sos::DEFAULT_ADDRESS,
        "https://secure.sosonlinebackup.com/WebApi/AccountManagementService/AccountManagementService.asmx"
    );
}

#[tokio::test]
async fn soap11_request_and_response_match_the_seed() {
    let samples = samples();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], RESPONSE_VALUES)).await;

    let response = client(&server).get_authorization_token_by_entity(&request()).await;

    let sent = only_request(&server).await;
    assert_soap_request(&sent, SoapVersion::V11, PATH, ACTION, &fill(&samples[0], REQUEST_VALUES));
    assert_eq!(response.expect("SOAP 1.1 call succeeds"), expected_response());
}

#[tokio::test]
async fn soap12_request_and_response_match_the_seed() {
    let samples = samples();
    let server = server_replying(PATH, 200, SOAP12, &fill(&samples[3], RESPONSE_VALUES)).await;

    let response = client(&server).soap_version(SoapVersion::V12).get_authorization_token_by_entity(&request()).await;

    let sent = only_request(&server).await;
    assert_soap_request(&sent, SoapVersion::V12, PATH, ACTION, &fill(&samples[2], REQUEST_VALUES));
    assert_eq!(response.expect("SOAP 1.2 call succeeds"), expected_response());
}

/// The `AuthHeader` element, found by namespace URI, as a direct child of the envelope's
/// `Header`; returns its (UserName, Password) texts.
fn auth_header_in(envelope: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(envelope).expect("request is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "Envelope");
    let header =
        root.children().find(|c| c.is_element() && c.tag_name().name() == "Header").expect("the envelope has a Header");
    assert_eq!(header.tag_name().namespace(), root.tag_name().namespace());
    let auth = header.children().find(|c| c.has_tag_name((NS, "AuthHeader"))).expect("AuthHeader in the SOAP Header");
    let text = |name: &str| {
        auth.children().find(|c| c.has_tag_name((NS, name))).and_then(|c| c.text()).unwrap_or("").to_owned()
    };
    (text("UserName"), text("Password"))
}

#[tokio::test]
async fn auth_header_set_on_a_client_goes_into_the_envelope_header() {
    let samples = samples();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], RESPONSE_VALUES)).await;
    let mut client = sos::Client::new(format!("{}{PATH}", server.uri()));
    client.set_auth_header(auth_header());

    client.get_authorization_token_by_entity(&request()).await.expect("call succeeds");

    let sent = only_request(&server).await;
    assert_eq!(auth_header_in(&body_text(&sent)), (USER.to_owned(), PASSWORD.to_owned()));
}

#[tokio::test]
async fn auth_header_goes_into_the_soap12_header_too() {
    let samples = samples();
    let server = server_replying(PATH, 200, SOAP12, &fill(&samples[3], RESPONSE_VALUES)).await;

    client(&server)
        .soap_version(SoapVersion::V12)
        .get_authorization_token_by_entity(&request())
        .await
        .expect("call succeeds");

    let sent = only_request(&server).await;
    let body = body_text(&sent);
    let doc = roxmltree::Document::parse(&body).expect("request is XML");
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://www.w3.org/2003/05/soap-envelope"));
    assert_eq!(auth_header_in(&body), (USER.to_owned(), PASSWORD.to_owned()));
}

#[tokio::test]
async fn result_content_is_kept() {
    let samples = samples();
    let reply = fill(&samples[1], RESPONSE_VALUES)
        .replace("<Result />", "<Result><Code>0</Code><Message>Token issued</Message></Result>");
    let server = server_replying(PATH, 200, XML, &reply).await;

    let response = client(&server).get_authorization_token_by_entity(&request()).await.expect("call succeeds");

    let result = response.and_then(|r| r.result).expect("Result is present");
    let kept: String = result.any.iter().map(|raw| raw.as_str()).collect();
    assert!(kept.contains("Code"), "Result content kept: {kept}");
    assert!(kept.contains("Token issued"), "Result content kept: {kept}");
}

#[tokio::test]
async fn soap11_fault_for_bad_credentials() {
    let fault = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <soap:Body>
    <soap:Fault>
      <faultcode>soap:Server</faultcode>
      <faultstring>Server was unable to process request. ---&gt; Authentication failed</faultstring>
      <detail />
    </soap:Fault>
  </soap:Body>
</soap:Envelope>"#;
    let server = server_replying(PATH, 500, XML, fault).await;

    let err = client(&server).get_authorization_token_by_entity(&request()).await.expect_err("a fault is an error");

    let wsbind::Error::Fault(fault) = &err else {
        panic!("expected Error::Fault, got {err:?}");
    };
    assert!(fault.code.to_string().ends_with("Server"), "code: {}", fault.code);
    assert_eq!(fault.reason.to_string(), "Server was unable to process request. ---> Authentication failed");
    assert!(!err.chain().to_string().contains(PASSWORD), "password in message: {err}");
}

#[tokio::test]
async fn secrets_are_not_in_debug_output() {
    let samples = samples();
    let server = server_replying(PATH, 200, XML, &fill(&samples[1], RESPONSE_VALUES)).await;
    let client = client(&server);

    let response = client.get_authorization_token_by_entity(&request()).await.expect("call succeeds");

    let shown = format!("{response:?}");
    assert!(!shown.contains(TOKEN), "AuthToken in Debug: {shown}");
    let shown = format!("{:?}", auth_header());
    assert!(!shown.contains(PASSWORD), "Password in Debug: {shown}");
    assert!(shown.contains(USER), "UserName stays visible: {shown}");
    let shown = format!("{client:?}");
    assert!(!shown.contains(PASSWORD), "Password in the client's Debug: {shown}");
}

#[tokio::test]
async fn a_call_without_the_required_auth_header_sends_nothing() {
    // `required_headers = ["AuthHeader"]` in schemas/sos/wsbind.toml: SOS faults without it.
    let server = server_replying(PATH, 200, XML, "").await;
    let client = sos::Client::new(format!("{}{PATH}", server.uri()));

    let err = client.get_authorization_token_by_entity(&request()).await.expect_err("no AuthHeader");

    let wsbind::Error::Invalid(invalid) = &err else { panic!("expected Error::Invalid, got {err:?}") };
    assert_eq!(invalid.field, "AuthHeader");
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_builder_sets_ws_security_timeouts_and_limits() {
    use std::time::Duration;
    use wsbind::wssec::{PasswordType, WsSecurity};
    let samples = samples();
    let reply = fill(&samples[1], RESPONSE_VALUES);
    let server = server_replying(PATH, 200, XML, &reply).await;

    let client = sos::Client::builder(format!("{}{PATH}", server.uri()))
        .auth_header(auth_header())
        .ws_security(WsSecurity::new().username_token("wss-user", "wss-Secret-77", PasswordType::Text))
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("builder");
    assert!(!format!("{client:?}").contains("wss-Secret-77"), "WS-Security password in Debug");
    client.get_authorization_token_by_entity(&request()).await.expect("call succeeds");
    let sent = body_text(&only_request(&server).await);
    let doc = roxmltree::Document::parse(&sent).expect("request is XML");
    let token = doc.descendants().find(|n| n.has_tag_name("UsernameToken")).expect("a UsernameToken was sent");
    assert_eq!(token.descendants().find(|n| n.has_tag_name("Username")).and_then(|n| n.text()), Some("wss-user"));

    // The reply size limit set on the builder applies to the default transport it builds.
    let client = sos::Client::builder(format!("{}{PATH}", server.uri()))
        .auth_header(auth_header())
        .max_reply_bytes(64)
        .build()
        .expect("builder");
    let err =
        client.get_authorization_token_by_entity(&request()).await.expect_err("the reply is larger than 64 bytes");
    assert!(
        matches!(&err, wsbind::Error::Transport(t) if t.kind == wsbind::TransportErrorKind::TooLarge { limit: 64 }),
        "{err:?}"
    );

    // The connect timeout belongs to the default transport: with a transport of one's own it
    // is refused. The timeout is the call's deadline, which the runtime keeps whatever the
    // transport: accepted with one's own.
    let transport = std::sync::Arc::new(wsbind::transport::ReqwestTransport::new());
    let err = sos::Client::builder(sos::DEFAULT_ADDRESS)
        .transport(transport.clone())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .expect_err("a connect timeout with a custom transport");
    assert!(matches!(err, wsbind::Error::Unsupported(_)), "{err:?}");
    sos::Client::builder(sos::DEFAULT_ADDRESS)
        .transport(transport)
        .timeout(Duration::from_secs(1))
        .build()
        .expect("a call deadline with a custom transport");
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_transport_for_that_call() {
    use std::time::Duration;
    let samples = samples();
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path(PATH))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_raw(fill(&samples[1], RESPONSE_VALUES), XML)
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let hurried =
        client.clone().with_call_options(wsbind::limits::CallOptions::new().timeout(Duration::from_millis(200)));
    let err = hurried.get_authorization_token_by_entity(&request()).await.expect_err("slower than 200 ms");
    assert!(matches!(&err, wsbind::Error::Transport(t) if t.kind == wsbind::TransportErrorKind::Timeout), "{err:?}");
}

/// X.509 signing and reply verification as a user's crate configures them (feature `x509`): the
/// generated builder takes them through `ws_security`; the signed request verifies for the
/// receiver; an unsigned reply is `Error::Security`, whose `SecurityError` is `#[non_exhaustive]`
/// (a match outside wsbind needs its wildcard arm).
#[tokio::test]
async fn the_builder_signs_requests_and_verifies_replies() {
    use wsbind::wssec::{KeyReference, ReplyVerifier, SecurityError, WsSecurity, X509Signer};
    let pem = |name: &str| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/wssec").join(name);
        std::fs::read(path).expect("test key material")
    };
    let samples = samples();
    let reply = fill(&samples[1], RESPONSE_VALUES);
    let server = server_replying(PATH, 200, XML, &reply).await;
    let signer = X509Signer::from_pem(&pem("rsa-key.pem"), &pem("rsa-cert.pem"))
        .and_then(|s| s.key_reference(KeyReference::IssuerSerial))
        .expect("the test key signs")
        .sign_header("sosonlinebackup.com", "AuthHeader");
    let verifier = ReplyVerifier::from_pem(&pem("server-cert.pem")).expect("the server certificate reads");
    let client = sos::Client::builder(format!("{}{PATH}", server.uri()))
        .auth_header(auth_header())
        .ws_security(WsSecurity::new().sign(signer).verify_replies(verifier))
        .build()
        .expect("builder");

    let err = client.get_authorization_token_by_entity(&request()).await.expect_err("the reply is not signed");
    let wsbind::Error::Security(security) = &err else { panic!("not a security error: {err:?}") };
    // Outside wsbind, a match on the non-exhaustive SecurityError needs its wildcard arm.
    let what = match security {
        SecurityError::Unsigned => "unsigned",
        SecurityError::DigestMismatch { .. } | SecurityError::SignatureInvalid { .. } => "tampered",
        _ => "other",
    };
    assert_eq!(what, "unsigned", "{security}");

    // What went out: signed over Body, Timestamp and the AuthHeader, verifiable with the
    // client's certificate.
    let sent = body_text(&only_request(&server).await);
    let receiver = ReplyVerifier::from_pem(&pem("rsa-cert.pem")).expect("the client certificate reads");
    receiver.verify(&sent).expect("the request verifies");
    let doc = roxmltree::Document::parse(&sent).expect("request is XML");
    let refs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2000/09/xmldsig#", "Reference")))
        .filter_map(|n| n.attribute("URI"))
        .collect();
    assert_eq!(refs, ["#TS-1", "#id-AuthHeader", "#id-Body"]);
}
