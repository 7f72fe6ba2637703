//! Every operation of every seed service called through its generated client against its
//! generated mock, over every binding the client has: TC2 over SOAP 1.1, SOAP 1.2, ASMX HTTP GET
//! and HTTP POST; SOS over SOAP 1.1 and 1.2 with its `AuthHeader` checked by the fake; AIM in JSON
//! and in XML; Mews' four operations. In each, the typed request the handler sees equals the one
//! sent and the reply the client gets equals the one the handler returned. The refusals a real
//! service makes come back as it would send them: a missing ASMX parameter as a plain-text 500,
//! bad credentials as a `soap:Client` fault.

mod raw_http;

use std::sync::{Arc, Mutex};

use wsbind::mock::{Fault, HttpError};
use wsbind::soap::SoapVersion;
use wsbind::{Error, aim, mews, sos, tc2};

/// What a fake saw, in order, shared with the test.
type Seen<T> = Arc<Mutex<Vec<T>>>;

/// A TC2 fake answering both operations, keeping each request.
#[derive(Default, Clone)]
struct Tc2Fake {
    tokens: Seen<tc2::GetPartnerCameraRefreshToken>,
    syncs: Seen<tc2::SynchronizePanelUser>,
}

impl tc2::mock::Service for Tc2Fake {
    async fn get_partner_camera_refresh_token(
        &self,
        request: tc2::GetPartnerCameraRefreshToken,
    ) -> Result<tc2::GetPartnerCameraRefreshTokenResponse, Fault> {
        self.tokens.lock().unwrap().push(request);
        Ok(tc2::GetPartnerCameraRefreshTokenResponse::new().get_partner_camera_refresh_token_result(token()))
    }

    async fn synchronize_panel_user(
        &self,
        request: tc2::SynchronizePanelUser,
    ) -> Result<tc2::SynchronizePanelUserResponse, Fault> {
        self.syncs.lock().unwrap().push(request);
        Ok(tc2::SynchronizePanelUserResponse::new().synchronize_panel_user_result(sync_result()))
    }
}

fn token() -> tc2::AccessTokenResult {
    tc2::AccessTokenResult::new().access_token(
        tc2::AccessToken::new().access_token("AT-1").token_type("Bearer").expiry("3600").additionalinfo("a < b"),
    )
}

fn token_request() -> tc2::GetPartnerCameraRefreshToken {
    tc2::GetPartnerCameraRefreshToken::new(42, 9_876_543_210_123)
        .session_id("SESSION-1")
        .refresh_token("RT & 0")
        .partner_camera_serial_number("B4A2-0001")
}

fn sync_request() -> tc2::SynchronizePanelUser {
    tc2::SynchronizePanelUser::new(false, true).session_id("SESSION-1").additional_input("x").device_list(vec![
        tc2::DeviceAuthorizingCode::new(7, 8).authorizing_code("1234"),
        tc2::DeviceAuthorizingCode::new(7, 9),
    ])
}

fn sync_result() -> tc2::SynchronizePanelUserResult {
    tc2::SynchronizePanelUserResult::new()
        .synchronization_status(vec![tc2::SyncStatus::new(8, 3, 3, 0).device_name("Panel").status_text("Done")])
}

#[tokio::test]
async fn tc2_each_operation_over_soap_11_soap_12_http_get_and_http_post() {
    let fake = Tc2Fake::default();
    let server = tc2::mock::serve(fake.clone()).await.unwrap();
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let client = tc2::Client::builder(server.address()).soap_version(version).build().unwrap();
        assert_eq!(client.get_partner_camera_refresh_token(&token_request()).await.unwrap(), Some(token()));
        assert_eq!(client.synchronize_panel_user(&sync_request()).await.unwrap(), Some(sync_result()));
    }
    let client = tc2::Client::builder(server.address()).build().unwrap();
    assert_eq!(client.get_partner_camera_refresh_token_http_get(&token_request()).await.unwrap(), Some(token()));
    assert_eq!(client.get_partner_camera_refresh_token_http_post(&token_request()).await.unwrap(), Some(token()));

    assert_eq!(*fake.tokens.lock().unwrap(), vec![token_request(); 4]);
    assert_eq!(*fake.syncs.lock().unwrap(), vec![sync_request(); 2]);
    let log = server.requests();
    let seen: Vec<(&str, Option<&str>)> = log.iter().map(|r| (r.method.as_str(), r.operation)).collect();
    let (token_op, sync_op) = (Some("GetPartnerCameraRefreshToken"), Some("SynchronizePanelUser"));
    assert_eq!(
        seen,
        [
            ("POST", token_op),
            ("POST", sync_op),
            ("POST", token_op),
            ("POST", sync_op),
            ("GET", token_op),
            ("POST", token_op)
        ]
    );
    // The GET carries its parameters in the query, the POST as a form; Debug hides the session.
    assert!(log[4].target.starts_with("/GetPartnerCameraRefreshToken?sessionID=SESSION-1&PartnerId=42"), "{log:?}");
    assert_eq!(log[5].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert!(log[5].body_text().contains("refreshToken=RT+%26+0"), "{}", log[5].body_text());
    assert!(!format!("{log:?}").contains("SESSION-1"), "{log:?}");
}

#[tokio::test]
async fn tc2_http_bindings_refuse_what_asmx_refuses_and_carry_faults_as_text() {
    let fake = Tc2Fake::default();
    let server = tc2::mock::serve(fake.clone()).await.unwrap();
    // A required parameter missing, then one that is not an int: a plain-text 500 naming it.
    for (query, cause) in [("LocationId=1", "PartnerId"), ("PartnerId=many&LocationId=1", "invalid int value \"many\"")]
    {
        let (status, text) =
            raw_http::send(&server.address(), "GET", &format!("/GetPartnerCameraRefreshToken?{query}"), &[], "").await;
        assert_eq!(status, 500);
        assert!(text.starts_with("System.InvalidOperationException: Server was unable to read request"), "{text}");
        assert!(text.contains(cause), "{text}");
    }
    // A location no operation has.
    let (status, text) = raw_http::send(&server.address(), "GET", "/Nothing", &[], "").await;
    assert_eq!(status, 500);
    assert_eq!(
        text,
        "System.InvalidOperationException: Request format is unrecognized for URL unexpectedly ending in '/Nothing'."
    );
    assert!(fake.tokens.lock().unwrap().is_empty(), "no handler ran");
    // SOAP at the same address still answers.
    let client = tc2::Client::builder(server.address()).build().unwrap();
    let err = client.synchronize_panel_user(&sync_request()).await.map(|_| ());
    assert_eq!(err.map_err(|e| e.to_string()), Ok(()), "SOAP still answered");
    struct Refusing;
    impl tc2::mock::Service for Refusing {
        async fn get_partner_camera_refresh_token(
            &self,
            _: tc2::GetPartnerCameraRefreshToken,
        ) -> Result<tc2::GetPartnerCameraRefreshTokenResponse, Fault> {
            Err(Fault::client("session expired"))
        }
    }
    let server = tc2::mock::serve(Refusing).await.unwrap();
    let client = tc2::Client::builder(server.address()).build().unwrap();
    let err = client.get_partner_camera_refresh_token_http_get(&token_request()).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 500, .. }), "{err:?}");
    assert!(err.to_string().contains("session expired"), "{err}");
}

/// A SOS fake that knows one partner's credentials.
#[derive(Default, Clone)]
struct SosFake {
    seen: Seen<sos::GetAuthorizationTokenByEntity>,
    headers: Seen<sos::AuthHeader>,
}

impl sos::mock::Service for SosFake {
    async fn get_authorization_token_by_entity(
        &self,
        request: sos::GetAuthorizationTokenByEntity,
    ) -> Result<sos::GetAuthorizationTokenByEntityResponse, Fault> {
        let user = request.request.as_ref().and_then(|r| r.username.clone()).unwrap_or_default();
        self.seen.lock().unwrap().push(request);
        let result = sos::GetAuthorizationTokenByEntityResult::new().auth_token(format!("token-for-{user}"));
        Ok(sos::GetAuthorizationTokenByEntityResponse::new().get_authorization_token_by_entity_result(result))
    }

    fn check_auth_header(&self, header: sos::AuthHeader) -> Result<(), Fault> {
        let known = header.user_name.as_deref() == Some("partner") && header.password.as_deref() == Some("s3cret");
        self.headers.lock().unwrap().push(header);
        if known { Ok(()) } else { Err(Fault::client("Invalid partner credentials")) }
    }
}

#[tokio::test]
async fn sos_over_both_soap_versions_with_its_auth_header_checked_by_the_fake() {
    let fake = SosFake::default();
    let server = sos::mock::serve(fake.clone()).await.unwrap();
    let request = sos::GetAuthorizationTokenByEntityRequest::new(true).username("ana@example.com");
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let client = sos::Client::builder(server.address())
            .soap_version(version)
            .auth_header(sos::AuthHeader::new().user_name("partner").password("s3cret"))
            .build()
            .unwrap();
        let reply = client.get_authorization_token_by_entity(&request).await.unwrap();
        let expected = sos::GetAuthorizationTokenByEntityResult::new().auth_token("token-for-ana@example.com");
        assert_eq!(reply, Some(expected), "{version}");
        // Bad credentials: the fault the service sends, and the handler does not run.
        let wrong = client.with_auth_header(sos::AuthHeader::new().user_name("partner").password("guess"));
        let err = wrong.get_authorization_token_by_entity(&request).await.unwrap_err();
        let Error::Fault(fault) = &err else { panic!("{err:?}") };
        assert_eq!(fault.reason, "Invalid partner credentials");
        let code = if version == SoapVersion::V11 { "soap:Client" } else { "soap12:Sender" };
        assert_eq!(fault.code, code);
    }
    let sent = sos::GetAuthorizationTokenByEntity::new().request(request);
    assert_eq!(*fake.seen.lock().unwrap(), vec![sent.clone(), sent]);
    let passwords: Vec<Option<String>> = fake.headers.lock().unwrap().iter().map(|h| h.password.clone()).collect();
    let (good, bad) = (Some("s3cret".to_owned()), Some("guess".to_owned()));
    assert_eq!(passwords, [good.clone(), bad.clone(), good, bad]);
}

/// An AIM fake answering with a token for the account it is asked about.
#[derive(Default, Clone)]
struct AimFake {
    seen: Seen<aim::CustomerAccessTokenRequest>,
}

impl aim::mock::Service for AimFake {
    async fn customer_access_token(
        &self,
        request: aim::CustomerAccessTokenRequest,
    ) -> Result<aim::CustomerAccessTokenResponse, HttpError> {
        let acct = request.acct.unwrap_or_default();
        self.seen.lock().unwrap().push(request);
        Ok(aim_reply(acct))
    }
}

fn aim_reply(acct: i32) -> aim::CustomerAccessTokenResponse {
    aim::CustomerAccessTokenResponse::new()
        .token(format!("tok-{acct}"))
        .account_management_url("https://example.com/manage?a=1&b=2")
        .status(aim::BaseResponseResult::new().status_code("Success").login("ana"))
}

#[tokio::test]
async fn aim_in_json_and_in_xml() {
    let fake = AimFake::default();
    let server = aim::mock::serve(fake.clone()).await.unwrap();
    let request = aim::CustomerAccessTokenRequest::new()
        .acct(7)
        .mode(aim::CustomerAccessTokenMode::UpdateCard)
        .item_key(9_000_000_001);
    for format in [wsbind::rest::Format::Json, wsbind::rest::Format::Xml] {
        let client = aim::Client::builder(server.address()).format(format).build().unwrap();
        assert_eq!(client.customer_access_token(&request).await.unwrap(), aim_reply(7), "{format:?}");
    }
    assert_eq!(*fake.seen.lock().unwrap(), vec![request.clone(), request]);
    let log = server.requests();
    assert_eq!(log[0].header("accept"), Some("application/json"));
    assert_eq!(log[1].header("accept"), Some("application/xml"));
}

/// A Mews fake for the three write operations (the cursor stream of `getAll` is in `mocks.rs`).
#[derive(Default, Clone)]
struct MewsFake {
    added: Seen<mews::ResourceAccessTokenAddRequest>,
    updated: Seen<mews::ResourceAccessTokenUpdateRequest>,
    deleted: Seen<mews::ResourceAccessTokenDeleteRequest>,
}

impl mews::mock::Service for MewsFake {
    async fn add(
        &self,
        request: mews::ResourceAccessTokenAddRequest,
    ) -> Result<mews::ResourceAccessTokenResult, HttpError> {
        self.added.lock().unwrap().push(request);
        Ok(mews_tokens())
    }

    async fn update(
        &self,
        request: mews::ResourceAccessTokenUpdateRequest,
    ) -> Result<mews::ResourceAccessTokenResult, HttpError> {
        self.updated.lock().unwrap().push(request);
        Ok(mews_tokens())
    }

    async fn delete(&self, request: mews::ResourceAccessTokenDeleteRequest) -> Result<mews::EmptyResult, HttpError> {
        self.deleted.lock().unwrap().push(request);
        Ok(mews::EmptyResult::new())
    }
}

fn mews_tokens() -> mews::ResourceAccessTokenResult {
    serde_json::from_value(serde_json::json!({ "ResourceAccessTokens": [{
        "Id": "t1", "EnterpriseId": "e-1", "ServiceOrderId": "so-1", "Type": "PinCode", "Value": "1234",
        "ValidityStartUtc": "2020-10-09T22:00:00Z", "ValidityEndUtc": "2020-10-10T22:00:00Z",
        "CreatedUtc": "2023-10-01T11:48:57Z", "UpdatedUtc": "2023-10-28T11:48:57Z", "IsActive": true,
        "Permissions": { "Bed": true, "Room": true, "Floor": false, "Building": false }
    }]}))
    .unwrap()
}

#[tokio::test]
async fn mews_add_update_and_delete() {
    let fake = MewsFake::default();
    let server = mews::mock::serve(fake.clone()).await.unwrap();
    let client =
        mews::Client::new(server.address()).with_client_token("ct").with_access_token("at").with_client("test");
    let add: mews::ResourceAccessTokenAddRequest = serde_json::from_value(serde_json::json!({
        "ResourceAccessTokenParameters": [{
            "ServiceOrderId": "so-1", "Type": "PinCode", "Value": "1234",
            "ValidityStartUtc": "2020-10-09T22:00:00Z", "ValidityEndUtc": "2020-10-10T22:00:00Z",
            "Permissions": { "Bed": { "Value": true }, "Room": { "Value": true }, "Floor": { "Value": false },
                             "Building": { "Value": false } }
        }]
    }))
    .unwrap();
    let update: mews::ResourceAccessTokenUpdateRequest = serde_json::from_value(serde_json::json!({
        "EnterpriseId": "e-1",
        "ResourceAccessTokenUpdates": [{ "ResourceAccessTokenId": "t1", "ValidityStartUtc": { "Value": "2020-10-11T22:00:00Z" } }]
    }))
    .unwrap();
    let delete = mews::ResourceAccessTokenDeleteRequest::new().ids(vec!["t1".to_owned(), "t2".to_owned()]);
    assert_eq!(client.add(&add).await.unwrap(), mews_tokens());
    assert_eq!(client.update(&update).await.unwrap(), mews_tokens());
    assert_eq!(client.delete(&delete).await.unwrap(), mews::EmptyResult::new());
    assert_eq!(*fake.added.lock().unwrap(), vec![add]);
    assert_eq!(*fake.updated.lock().unwrap(), vec![update]);
    assert_eq!(*fake.deleted.lock().unwrap(), vec![delete]);
    let ops: Vec<Option<&str>> = server.requests().iter().map(|r| r.operation).collect();
    assert_eq!(ops, [Some("add"), Some("update"), Some("delete")]);
}

/// Mews carries its credentials in the JSON body: a fake's `authorize` sees every request as
/// received and refuses a wrong token with the error Mews declares for it (401 with a `Message`),
/// before the operation's method runs. The refused token does not reach the caller's error text.
#[tokio::test]
async fn mews_bad_credentials_are_refused_by_the_fakes_authorize() {
    struct Guarded(MewsFake);
    impl mews::mock::Service for Guarded {
        fn authorize(&self, request: &wsbind::mock::Recorded) -> Result<(), HttpError> {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
            if body["AccessToken"] == "at-good" {
                return Ok(());
            }
            let message = format!("Invalid AccessToken {}.", body["AccessToken"].as_str().unwrap_or_default());
            Err(HttpError::new(401, serde_json::json!({ "Message": message, "RequestId": "r-1" })))
        }

        async fn delete(
            &self,
            request: mews::ResourceAccessTokenDeleteRequest,
        ) -> Result<mews::EmptyResult, HttpError> {
            mews::mock::Service::delete(&self.0, request).await
        }
    }
    let fake = MewsFake::default();
    let server = mews::mock::serve(Guarded(fake.clone())).await.unwrap();
    let delete = mews::ResourceAccessTokenDeleteRequest::new().ids(vec!["t1".to_owned()]);
    let client = |token: &str| {
        mews::Client::new(server.address()).with_client_token("ct").with_access_token(token).with_client("test")
    };
    assert_eq!(client("at-good").delete(&delete).await.unwrap(), mews::EmptyResult::new());
    let err = client("at-stolen-9f2").delete(&delete).await.unwrap_err();
    let text = format!("{err} {err:?}");
    let Error::Api(api) = err else { panic!("{text}") };
    assert_eq!(api.status, 401);
    assert!(api.message.as_deref().unwrap().starts_with("Invalid AccessToken"), "{text}");
    assert!(!text.contains("at-stolen-9f2"), "the refused token leaked: {text}");
    assert_eq!(*fake.deleted.lock().unwrap(), vec![delete], "only the authorized request reached the fake");
    assert_eq!(server.requests().len(), 2);
}

/// A SOAP fake's `authorize` refuses over every binding in that binding's terms: a 500 as a
/// `soap:Client` fault with its message over SOAP; another status (a 401 from the web server in
/// front of the service) as that status, over SOAP as over ASMX HTTP GET.
#[tokio::test]
async fn a_soap_fakes_authorize_refuses_in_each_bindings_terms() {
    struct Expired;
    impl tc2::mock::Service for Expired {
        fn authorize(&self, request: &wsbind::mock::Recorded) -> Result<(), HttpError> {
            let sent = format!("{} {}", request.target, request.body_text());
            if sent.contains("SESSION-OLD") {
                return Err(HttpError::new(500, serde_json::json!({ "message": "session expired" })));
            }
            if request.header("authorization").is_none() && !sent.contains("SESSION-1") {
                return Err(HttpError::new(401, serde_json::json!({ "message": "log in first" })));
            }
            Ok(())
        }
    }
    let server = tc2::mock::serve(Expired).await.unwrap();
    let client = tc2::Client::builder(server.address()).build().unwrap();
    let old = token_request().session_id("SESSION-OLD");
    let err = client.get_partner_camera_refresh_token(&old).await.unwrap_err();
    let Error::Fault(fault) = &err else { panic!("{err:?}") };
    assert_eq!((fault.code.as_str(), fault.reason.as_str()), ("soap:Client", "session expired"));
    let err = client.get_partner_camera_refresh_token_http_get(&old).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 500, .. }), "{err:?}");
    let anonymous = token_request().session_id("none");
    let err = client.get_partner_camera_refresh_token(&anonymous).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 401, .. }), "{err:?}");
    let err = client.get_partner_camera_refresh_token_http_get(&anonymous).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 401, .. }), "{err:?}");
    // A current session gets the canned reply.
    let canned = <tc2::GetPartnerCameraRefreshTokenResponse as wsbind::samples::Sample>::sample(0);
    let reply = client.get_partner_camera_refresh_token(&token_request()).await.unwrap();
    assert_eq!(reply, canned.get_partner_camera_refresh_token_result);
}

/// A JSON-or-XML service's error reply comes in the format the request asked for: ServiceStack's
/// `ResponseStatus` as JSON, or as XML under `ErrorResponse`; the client reads both as the same
/// `Error::Api`.
#[tokio::test]
async fn aim_errors_in_json_and_in_xml() {
    struct Closed;
    impl aim::mock::Service for Closed {
        async fn customer_access_token(
            &self,
            _: aim::CustomerAccessTokenRequest,
        ) -> Result<aim::CustomerAccessTokenResponse, HttpError> {
            Err(HttpError::new(
                403,
                serde_json::json!({ "ResponseStatus": { "ErrorCode": "Forbidden", "Message": "Account <7> is closed" } }),
            ))
        }
    }
    let server = aim::mock::serve(Closed).await.unwrap();
    for format in [wsbind::rest::Format::Json, wsbind::rest::Format::Xml] {
        let client = aim::Client::builder(server.address()).format(format).build().unwrap();
        let err = client.customer_access_token(&aim::CustomerAccessTokenRequest::new().acct(7)).await.unwrap_err();
        let Error::Api(api) = &err else { panic!("{format:?}: {err:?}") };
        assert_eq!(api.status, 403);
        assert_eq!((api.code.as_deref(), api.message.as_deref()), (Some("Forbidden"), Some("Account <7> is closed")));
    }
}

/// Action routing as ASMX does it: a SOAP 1.1 request without a `SOAPAction` header, and a SOAP
/// 1.2 request whose `action` parameter names no operation, are refused with the service's
/// fault before the handler runs; an empty `SOAPAction` routes by the body.
#[tokio::test]
async fn soap_actions_missing_or_unknown_are_refused() {
    let fake = Tc2Fake::default();
    let server = tc2::mock::serve(fake.clone()).await.unwrap();
    let body = |ns: &str| {
        format!(
            "<s:Envelope xmlns:s=\"{ns}\"><s:Body><GetPartnerCameraRefreshToken xmlns=\"https://services.alarmnet.com/TC2/\">\
             <PartnerId>1</PartnerId><LocationId>2</LocationId></GetPartnerCameraRefreshToken></s:Body></s:Envelope>"
        )
    };
    let soap11 = body("http://schemas.xmlsoap.org/soap/envelope/");
    let soap11_type = ("Content-Type", "text/xml; charset=utf-8");
    let (status, reply) = raw_http::send(&server.address(), "POST", "/", &[soap11_type], &soap11).await;
    assert_eq!(status, 500);
    assert!(reply.contains("<faultcode>soap:Client</faultcode>"), "{reply}");
    assert!(reply.contains("Server did not recognize the value of HTTP Header SOAPAction: ."), "{reply}");
    let soap12 = body("http://www.w3.org/2003/05/soap-envelope");
    let content_type = ("Content-Type", "application/soap+xml; charset=utf-8; action=\"urn:nothing\"");
    let (status, reply) = raw_http::send(&server.address(), "POST", "/", &[content_type], &soap12).await;
    assert_eq!(status, 500);
    assert!(reply.contains("<soap12:Value>soap12:Sender</soap12:Value>"), "{reply}");
    assert!(reply.contains("SOAPAction: urn:nothing."), "{reply}");
    assert!(fake.tokens.lock().unwrap().is_empty(), "no handler ran");
    let empty = [soap11_type, ("SOAPAction", "\"\"")];
    let (status, reply) = raw_http::send(&server.address(), "POST", "/", &empty, &soap11).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(fake.tokens.lock().unwrap().len(), 1);
}
