//! The generated mocks as a crate outside wsbind uses them in its own tests (the runtime's `mock`
//! feature): a fake implements the service's `mock::Service`, `mock::serve` starts it on
//! 127.0.0.1, and the generated client calls it over SOAP 1.1 and 1.2. The handler sees the
//! request the client sent, the client gets the reply the handler returned; faults come back as
//! `Error::Fault`; requests the real service would refuse (an unknown action, a body that is not
//! the operation's element, a body that does not decode) are refused with a `soap:Client` fault
//! before any handler runs; an operation the fake leaves out answers its canned reply; the server
//! keeps a log of what it received.

mod raw_http;

use std::sync::{Arc, Mutex};

use wsbind::mock::Fault;
use wsbind::soap::SoapVersion;
use wsbind::{Error, sos, tc2};

/// A TC2 fake that keeps every request it handled and answers with a fixed token.
#[derive(Default)]
struct FakeTc2 {
    seen: Mutex<Vec<tc2::GetPartnerCameraRefreshToken>>,
}

impl tc2::mock::Service for FakeTc2 {
    async fn get_partner_camera_refresh_token(
        &self,
        request: tc2::GetPartnerCameraRefreshToken,
    ) -> Result<tc2::GetPartnerCameraRefreshTokenResponse, Fault> {
        if request.partner_camera_serial_number.as_deref() == Some("stolen") {
            return Err(Fault::client("camera reported stolen").with_detail("<Code xmlns=\"urn:fake\">17</Code>"));
        }
        self.seen.lock().unwrap().push(request);
        Ok(tc2::GetPartnerCameraRefreshTokenResponse::new().get_partner_camera_refresh_token_result(token()))
    }
}

fn token() -> tc2::AccessTokenResult {
    tc2::AccessTokenResult::new()
        .access_token(tc2::AccessToken::new().access_token("AT-1").token_type("Bearer").additionalinfo("a < b & c"))
}

fn request() -> tc2::GetPartnerCameraRefreshToken {
    tc2::GetPartnerCameraRefreshToken::new(42, 9_876_543_210_123)
        .session_id("SESSION-1")
        .refresh_token("RT-0")
        .partner_camera_serial_number("B4A2-0001")
}

#[tokio::test]
async fn each_soap_version_reaches_the_handler_and_brings_its_reply_back() {
    let fake = Arc::new(FakeTc2::default());
    let server = tc2::mock::serve(SharedTc2(Arc::clone(&fake))).await.unwrap();
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let client = tc2::Client::builder(server.address()).soap_version(version).build().unwrap();
        let reply = client.get_partner_camera_refresh_token(&request()).await.unwrap();
        assert_eq!(reply, Some(token()), "{version}");
    }
    assert_eq!(*fake.seen.lock().unwrap(), vec![request(), request()]);
    let log = server.requests();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|r| r.operation == Some("GetPartnerCameraRefreshToken") && r.method == "POST"));
    assert_eq!(log[0].header("soapaction"), Some("\"https://services.alarmnet.com/TC2/GetPartnerCameraRefreshToken\""));
    assert!(log[1].header("content-type").unwrap().starts_with("application/soap+xml"));
}

/// The fake behind an `Arc`, so that the test can read what it saw.
struct SharedTc2(Arc<FakeTc2>);

impl tc2::mock::Service for SharedTc2 {
    async fn get_partner_camera_refresh_token(
        &self,
        request: tc2::GetPartnerCameraRefreshToken,
    ) -> Result<tc2::GetPartnerCameraRefreshTokenResponse, Fault> {
        tc2::mock::Service::get_partner_camera_refresh_token(&*self.0, request).await
    }
}

#[tokio::test]
async fn a_fault_and_an_operation_the_fake_does_not_implement_come_back_as_faults() {
    let server = tc2::mock::serve(FakeTc2::default()).await.unwrap();
    let client = tc2::Client::builder(server.address()).build().unwrap();
    let err = client.get_partner_camera_refresh_token(&request().partner_camera_serial_number("stolen")).await;
    let Err(Error::Fault(fault)) = err else { panic!("{err:?}") };
    assert_eq!((fault.code.as_str(), fault.reason.as_str()), ("soap:Client", "camera reported stolen"));
    assert!(fault.detail.unwrap().as_str().contains("<Code xmlns=\"urn:fake\">17</Code>"));

    // An operation the fake leaves out answers its canned reply: the reply type's sample value.
    let sync = tc2::SynchronizePanelUser::new(false, true).session_id("SESSION-1");
    let reply = client.synchronize_panel_user(&sync).await.unwrap();
    let canned = <tc2::SynchronizePanelUserResponse as wsbind::samples::Sample>::sample(0);
    assert_eq!(reply, canned.synchronize_panel_user_result);
    let statuses = reply.unwrap().synchronization_status;
    assert_eq!(statuses.len(), 2, "repeated fields hold two items");
    assert_eq!((statuses[0].device_id, statuses[0].total_steps), (42, 42), "required fields are filled");
    assert_eq!(statuses[0].device_name, None, "optional fields below the depth bound are empty");
}

/// Sends `body` to `address` as a raw SOAP 1.1 POST with `action`; the status and body of the reply.
async fn raw_post(address: &str, action: &str, body: &str) -> (u16, String) {
    let action = format!("\"{action}\"");
    let headers = [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", action.as_str())];
    raw_http::send(address, "POST", "/", &headers, body).await
}

const TC2: &str = "https://services.alarmnet.com/TC2/";

#[tokio::test]
async fn requests_the_real_service_would_refuse_are_refused_before_the_handler() {
    let fake = Arc::new(FakeTc2::default());
    let server = tc2::mock::serve(SharedTc2(Arc::clone(&fake))).await.unwrap();
    let envelope = |body: &str| {
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{body}</s:Body></s:Envelope>"#
        )
    };
    // An action no operation has.
    let (status, reply) = raw_post(&server.address(), "urn:nothing", &envelope("")).await;
    assert_eq!(status, 500);
    assert!(reply.contains("<faultcode>soap:Client</faultcode>"), "{reply}");
    assert!(reply.contains("Server did not recognize the value of HTTP Header SOAPAction: urn:nothing."), "{reply}");
    // The operation's action, with another element in the body.
    let action = format!("{TC2}GetPartnerCameraRefreshToken");
    let (status, reply) = raw_post(&server.address(), &action, &envelope(&format!("<Other xmlns=\"{TC2}\"/>"))).await;
    assert_eq!(status, 500);
    assert!(reply.contains("Server was unable to read request"), "{reply}");
    // The operation's element without its required `PartnerId`, then with one that is not an int.
    let body = format!("<GetPartnerCameraRefreshToken xmlns=\"{TC2}\"/>");
    let (status, reply) = raw_post(&server.address(), &action, &envelope(&body)).await;
    assert_eq!(status, 500);
    assert!(reply.contains("Server was unable to read request: missing required element `PartnerId`"), "{reply}");
    let body = format!(
        "<GetPartnerCameraRefreshToken xmlns=\"{TC2}\"><PartnerId>many</PartnerId><LocationId>1</LocationId>\
         </GetPartnerCameraRefreshToken>"
    );
    let (status, reply) = raw_post(&server.address(), &action, &envelope(&body)).await;
    assert_eq!(status, 500);
    assert!(reply.contains("invalid int value &quot;many&quot;") && reply.contains("/PartnerId (line 1"), "{reply}");
    assert!(fake.seen.lock().unwrap().is_empty(), "no handler ran");
    let operations: Vec<Option<&str>> = server.requests().iter().map(|r| r.operation).collect();
    let op = Some("GetPartnerCameraRefreshToken");
    assert_eq!(operations, [None, op, op, op]);
}

/// A SOS fake: answers with a token for the user it is asked about.
struct FakeSos;

impl sos::mock::Service for FakeSos {
    async fn get_authorization_token_by_entity(
        &self,
        request: sos::GetAuthorizationTokenByEntity,
    ) -> Result<sos::GetAuthorizationTokenByEntityResponse, Fault> {
        let user = request.request.and_then(|r| r.username).unwrap_or_default();
        let result = sos::GetAuthorizationTokenByEntityResult::new().auth_token(format!("token-for-{user}"));
        Ok(sos::GetAuthorizationTokenByEntityResponse::new().get_authorization_token_by_entity_result(result))
    }
}

#[tokio::test]
async fn a_wrapped_operation_sees_the_whole_request_element() {
    let server = sos::mock::serve(FakeSos).await.unwrap();
    let client = sos::Client::builder(server.address())
        .auth_header(sos::AuthHeader::new().user_name("partner").password("s3cret"))
        .build()
        .unwrap();
    let request = sos::GetAuthorizationTokenByEntityRequest::new(true).username("ana@example.com");
    let reply = client.get_authorization_token_by_entity(&request).await.unwrap().unwrap();
    assert_eq!(reply.auth_token.as_deref(), Some("token-for-ana@example.com"));
    // The log keeps the body (with the SOAP header's password) but its Debug does not show it.
    let log = server.requests();
    assert!(log[0].body_text().contains("s3cret"));
    assert!(!format!("{log:?}").contains("s3cret"), "{log:?}");
}

/// The README's five-line test ("Testing your code against a mock"), as written there.
mod readme {
    use wsbind::tc2;

    struct Fake;
    impl tc2::mock::Service for Fake {
        async fn get_partner_camera_refresh_token(
            &self,
            _: tc2::GetPartnerCameraRefreshToken,
        ) -> Result<tc2::GetPartnerCameraRefreshTokenResponse, wsbind::mock::Fault> {
            Ok(tc2::GetPartnerCameraRefreshTokenResponse::new())
        }
    }

    /// The user's code under test: refreshes a camera token.
    async fn my_code_that_refreshes(client: &tc2::Client) -> Result<Option<tc2::AccessTokenResult>, wsbind::Error> {
        client.get_partner_camera_refresh_token(&tc2::GetPartnerCameraRefreshToken::new(1, 2)).await
    }

    #[tokio::test]
    async fn the_readme_test() -> Result<(), Box<dyn std::error::Error>> {
        let server = tc2::mock::serve(Fake).await?;
        let client = tc2::Client::builder(server.address()).build()?;
        assert_eq!(my_code_that_refreshes(&client).await?, None);
        assert_eq!(server.requests()[0].operation, Some("GetPartnerCameraRefreshToken"));
        Ok(())
    }
}

/// Fault injection: each misbehaviour reaches the caller as the error it would give against a
/// real server, once per injected request; the requests after them are answered normally.
#[tokio::test]
async fn injected_misbehaviours_reach_the_client_as_their_errors() {
    use std::time::Duration;
    use wsbind::error::TransportErrorKind;
    use wsbind::mock::Injection;

    let server = tc2::mock::serve(FakeTc2::default()).await.unwrap();
    let client = tc2::Client::builder(server.address())
        .timeout(Duration::from_millis(300))
        .max_reply_bytes(4_000)
        .build()
        .unwrap();
    server.inject(Injection::Delay(Duration::from_secs(2)), 1);
    server.inject(Injection::Status(503), 1);
    server.inject(Injection::Fault(Fault::server("busy")), 1);
    server.inject(Injection::Oversize(5_000), 1);
    server.inject(Injection::Truncate(60), 1);
    server.inject(Injection::Close, 1);

    let err = client.get_partner_camera_refresh_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Timeout), "{err:?}");
    let err = client.get_partner_camera_refresh_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 503, .. }), "{err:?}");
    let err = client.get_partner_camera_refresh_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Fault(f) if f.reason == "busy" && f.code == "soap:Server"), "{err:?}");
    let err = client.get_partner_camera_refresh_token(&request()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if matches!(t.kind, TransportErrorKind::TooLarge { limit: 4_000 })),
        "{err:?}"
    );
    // A reply cut after 60 bytes: a transport error (a SOAP POST is not retried).
    let err = client.get_partner_camera_refresh_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
    let err = client.get_partner_camera_refresh_token(&request()).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
    // Every injection was used once: the next call is answered by the fake.
    assert_eq!(client.get_partner_camera_refresh_token(&request()).await.unwrap(), Some(token()));
    assert_eq!(server.requests().len(), 7);
}

/// A Mews fake: two pages of tokens, cut by the request's cursor.
#[derive(Default)]
struct FakeMews {
    seen: Mutex<Vec<wsbind::mews::ResourceAccessTokenGetAllRequest>>,
}

fn mews_token(id: &str) -> serde_json::Value {
    serde_json::json!({
        "Id": id, "EnterpriseId": "e-1", "ServiceOrderId": "so-1", "Type": "RfidTag", "Value": format!("secret-{id}"),
        "ValidityStartUtc": "2020-10-09T22:00:00Z", "ValidityEndUtc": "2020-10-10T22:00:00Z",
        "CreatedUtc": "2023-10-01T11:48:57Z", "UpdatedUtc": "2023-10-28T11:48:57Z", "IsActive": true,
        "Permissions": { "Bed": true, "Room": true, "Floor": false, "Building": false }
    })
}

impl wsbind::mews::mock::Service for FakeMews {
    async fn get_all(
        &self,
        request: wsbind::mews::ResourceAccessTokenGetAllRequest,
    ) -> Result<wsbind::mews::ResourceAccessTokenGetAllResult, wsbind::mock::HttpError> {
        let page = match request.limitation.cursor.as_deref() {
            None => serde_json::json!({ "ResourceAccessTokens": [mews_token("t1"), mews_token("t2")], "Cursor": "c1" }),
            Some("c1") => serde_json::json!({ "ResourceAccessTokens": [mews_token("t3")] }),
            Some(other) => {
                return Err(wsbind::mock::HttpError::new(
                    400,
                    serde_json::json!({ "Message": format!("bad cursor {other}") }),
                ));
            }
        };
        self.seen.lock().unwrap().push(request);
        Ok(serde_json::from_value(page).expect("a page"))
    }
}

struct SharedMews(Arc<FakeMews>);

impl wsbind::mews::mock::Service for SharedMews {
    async fn get_all(
        &self,
        request: wsbind::mews::ResourceAccessTokenGetAllRequest,
    ) -> Result<wsbind::mews::ResourceAccessTokenGetAllResult, wsbind::mock::HttpError> {
        wsbind::mews::mock::Service::get_all(&*self.0, request).await
    }
}

/// A REST mock: the cursor stream of the generated client pages through the fake, the handler
/// sees each page's request as sent; an operation the fake leaves out answers its canned reply; a request
/// breaking a documented limit (sent raw: the client would not send it) is refused with 400.
#[tokio::test]
async fn a_rest_mock_serves_the_cursor_stream_and_refuses_what_the_service_would() {
    use futures_util::TryStreamExt as _;
    use wsbind::mews;

    let fake = Arc::new(FakeMews::default());
    let server = mews::mock::serve(SharedMews(Arc::clone(&fake))).await.unwrap();
    let client =
        mews::Client::new(server.address()).with_client_token("ct").with_access_token("at").with_client("test");
    let request =
        mews::ResourceAccessTokenGetAllRequest::new(mews::Limitation::new(2)).enterprise_ids(["e-1".to_owned()]);
    let tokens: Vec<mews::ResourceAccessToken> = client.get_all_stream(&request).try_collect().await.unwrap();
    assert_eq!(tokens.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["t1", "t2", "t3"]);
    let seen = fake.seen.lock().unwrap().clone();
    assert_eq!(seen[0], request);
    assert_eq!(seen[1].limitation.cursor.as_deref(), Some("c1"));
    assert_eq!(server.requests().iter().map(|r| r.operation).collect::<Vec<_>>(), [Some("getAll"), Some("getAll")]);

    let add = mews::ResourceAccessTokenAddRequest::new();
    let canned = client.add(&add).await.unwrap();
    assert_eq!(canned, <mews::ResourceAccessTokenResult as wsbind::samples::Sample>::sample(0));
    assert_eq!(canned.resource_access_tokens[0].value, "text<&>");

    let body = r#"{"Limitation":{"Count":5000}}"#;
    let target = "/api/connector/v1/resourceAccessTokens/getAll";
    let (status, reply) =
        raw_http::send(&server.address(), "POST", target, &[("Content-Type", "application/json")], body).await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(reply, r#"{"message":"invalid request: `Count` 5000 is greater than the maximum 1000"}"#);
    assert_eq!(fake.seen.lock().unwrap().len(), 2, "the handler did not run");
}

/// SOS requires its `AuthHeader`: a request without it (sent raw: the client refuses to send it)
/// is refused with a `soap:Client` fault before the handler runs; with it, it is answered.
#[tokio::test]
async fn a_request_without_the_required_soap_header_is_refused() {
    let server = sos::mock::serve(FakeSos).await.unwrap();
    let ns = "sosonlinebackup.com";
    let action = format!("{ns}/GetAuthorizationTokenByEntity");
    let body = |header: &str| {
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">{header}<s:Body><GetAuthorizationTokenByEntity xmlns="{ns}"><request><IsAppUser>true</IsAppUser></request></GetAuthorizationTokenByEntity></s:Body></s:Envelope>"#
        )
    };
    let (status, reply) = raw_post(&server.address(), &action, &body("")).await;
    assert_eq!(status, 500, "{reply}");
    assert!(reply.contains("<faultstring>missing required SOAP header `AuthHeader`</faultstring>"), "{reply}");
    let header = format!(r#"<s:Header><AuthHeader xmlns="{ns}"><UserName>partner</UserName></AuthHeader></s:Header>"#);
    let (status, reply) = raw_post(&server.address(), &action, &body(&header)).await;
    assert_eq!(status, 200, "{reply}");
    assert!(reply.contains("token-for-"), "{reply}");
}
