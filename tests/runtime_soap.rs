//! The runtime end to end against a local HTTP server (wiremock): hand-written types shaped
//! exactly like generated code (docs/generated-code.md) for TC2 and SOS operations, sent with
//! `SoapClient` over the default reqwest transport. Asserts the HTTP headers, the envelopes
//! (compared as XML with the seed pages' samples), decoded replies and every error variant.

mod common;

use std::sync::Arc;
use std::time::Duration;

use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wsbind::soap::{HttpMethod, HttpOp, SoapClient, SoapOp, SoapVersion};
use wsbind::transport::{ReqwestTransport, Transport, TransportErrorKind};
use wsbind::xml::compare::assert_same_xml;
use wsbind::{DecodeErrorKind, Error};

// ---- TC2 types, written the way the emitter writes them --------------------------------------

mod tc2 {
    pub const NS: &str = "https://services.alarmnet.com/TC2/";

    #[derive(Clone, Default, PartialEq)]
    pub struct GetPartnerCameraRefreshToken {
        pub session_id: ::std::option::Option<::std::string::String>,
        pub partner_id: i32,
        pub location_id: i64,
        pub refresh_token: ::std::option::Option<::std::string::String>,
        pub partner_camera_serial_number: ::std::option::Option<::std::string::String>,
    }

    impl ::std::fmt::Debug for GetPartnerCameraRefreshToken {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("GetPartnerCameraRefreshToken")
                .field("session_id", &::wsbind::redact::Redacted(&self.session_id))
                .field("partner_id", &self.partner_id)
                .field("location_id", &self.location_id)
                .field("refresh_token", &::wsbind::redact::Redacted(&self.refresh_token))
                .field("partner_camera_serial_number", &self.partner_camera_serial_number)
                .finish()
        }
    }

    impl GetPartnerCameraRefreshToken {
        pub fn form_params(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            let mut out = ::std::vec::Vec::new();
            if let ::std::option::Option::Some(v) = &self.session_id {
                out.push(("sessionID", ::wsbind::xml::Text::to_text(v).into_owned()));
            }
            out.push(("PartnerId", ::wsbind::xml::Text::to_text(&self.partner_id).into_owned()));
            out.push(("LocationId", ::wsbind::xml::Text::to_text(&self.location_id).into_owned()));
            if let ::std::option::Option::Some(v) = &self.refresh_token {
                out.push(("refreshToken", ::wsbind::xml::Text::to_text(v).into_owned()));
            }
            if let ::std::option::Option::Some(v) = &self.partner_camera_serial_number {
                out.push(("partnerCameraSerialNumber", ::wsbind::xml::Text::to_text(v).into_owned()));
            }
            out
        }
    }

    impl ::wsbind::xml::Encode for GetPartnerCameraRefreshToken {
        fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
            w.field(::wsbind::xml::Name::qualified(NS, "sessionID"), &self.session_id)?;
            w.field(::wsbind::xml::Name::qualified(NS, "PartnerId"), &self.partner_id)?;
            w.field(::wsbind::xml::Name::qualified(NS, "LocationId"), &self.location_id)?;
            w.field(::wsbind::xml::Name::qualified(NS, "refreshToken"), &self.refresh_token)?;
            w.field(
                ::wsbind::xml::Name::qualified(NS, "partnerCameraSerialNumber"),
                &self.partner_camera_serial_number,
            )?;
            ::std::result::Result::Ok(())
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct GetPartnerCameraRefreshTokenResponse {
        pub get_partner_camera_refresh_token_result: ::std::option::Option<AccessTokenResult>,
    }

    impl ::wsbind::xml::Decode for GetPartnerCameraRefreshTokenResponse {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut get_partner_camera_refresh_token_result = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "GetPartnerCameraRefreshTokenResult") => {
                        r.read(&child, &mut get_partner_camera_refresh_token_result)?
                    }
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(Self { get_partner_camera_refresh_token_result })
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct AccessTokenResult {
        pub access_token: ::std::option::Option<AccessToken>,
    }

    impl ::wsbind::xml::Decode for AccessTokenResult {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut access_token = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "AccessToken") => r.read(&child, &mut access_token)?,
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(Self { access_token })
        }
    }

    #[derive(Clone, Default, PartialEq)]
    pub struct AccessToken {
        pub access_token: ::std::option::Option<::std::string::String>,
        pub token_type: ::std::option::Option<::std::string::String>,
        pub expiry: ::std::option::Option<::std::string::String>,
        pub refresh_token: ::std::option::Option<::std::string::String>,
        pub scope: ::std::option::Option<::std::string::String>,
        pub additionalinfo: ::std::option::Option<::std::string::String>,
    }

    impl ::std::fmt::Debug for AccessToken {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("AccessToken")
                .field("access_token", &::wsbind::redact::Redacted(&self.access_token))
                .field("token_type", &self.token_type)
                .field("expiry", &self.expiry)
                .field("refresh_token", &::wsbind::redact::Redacted(&self.refresh_token))
                .field("scope", &self.scope)
                .field("additionalinfo", &self.additionalinfo)
                .finish()
        }
    }

    impl ::wsbind::xml::Decode for AccessToken {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut v = Self::default();
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "access_token") => r.read_secret(&child, &mut v.access_token)?,
                    (::std::option::Option::Some(NS), "token_type") => r.read(&child, &mut v.token_type)?,
                    (::std::option::Option::Some(NS), "expiry") => r.read(&child, &mut v.expiry)?,
                    (::std::option::Option::Some(NS), "refresh_token") => {
                        r.read_secret(&child, &mut v.refresh_token)?
                    }
                    (::std::option::Option::Some(NS), "scope") => r.read(&child, &mut v.scope)?,
                    (::std::option::Option::Some(NS), "additionalinfo") => r.read(&child, &mut v.additionalinfo)?,
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(v)
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct SynchronizePanelUserResponse {
        pub synchronization_status: ::std::vec::Vec<SyncStatus>,
    }

    impl ::wsbind::xml::Decode for SynchronizePanelUserResponse {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut synchronization_status = ::std::vec::Vec::new();
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "SynchronizePanelUserResult") => {
                        while let ::std::option::Option::Some(inner) = r.next_child()? {
                            match inner.name() {
                                (::std::option::Option::Some(NS), "SynchronizationStatus") => r.read_array(
                                    &inner,
                                    ::wsbind::xml::Name::qualified(NS, "SyncStatus"),
                                    &mut synchronization_status,
                                )?,
                                _ => r.skip(&inner)?,
                            }
                        }
                    }
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(Self { synchronization_status })
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct SyncStatus {
        pub device_id: i64,
        pub device_name: ::std::option::Option<::std::string::String>,
    }

    impl ::wsbind::xml::Decode for SyncStatus {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut device_id = ::std::option::Option::None;
            let mut device_name = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "DeviceID") => r.read(&child, &mut device_id)?,
                    (::std::option::Option::Some(NS), "DeviceName") => r.read(&child, &mut device_name)?,
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(Self { device_id: r.required(device_id, "DeviceID")?, device_name })
        }
    }

    pub mod ops {
        use super::NS;

        pub const GET_PARTNER_CAMERA_REFRESH_TOKEN: ::wsbind::soap::SoapOp = ::wsbind::soap::SoapOp {
            name: "GetPartnerCameraRefreshToken",
            action_v11: ::std::option::Option::Some("https://services.alarmnet.com/TC2/GetPartnerCameraRefreshToken"),
            action_v12: ::std::option::Option::Some("https://services.alarmnet.com/TC2/GetPartnerCameraRefreshToken"),
            request: ::wsbind::xml::Name::qualified(NS, "GetPartnerCameraRefreshToken"),
            response: ::wsbind::xml::Name::qualified(NS, "GetPartnerCameraRefreshTokenResponse"),
            headers: &[],
            encoded: false,
        };
        pub const SYNCHRONIZE_PANEL_USER: ::wsbind::soap::SoapOp = ::wsbind::soap::SoapOp {
            name: "SynchronizePanelUser",
            action_v11: ::std::option::Option::Some("https://services.alarmnet.com/TC2/SynchronizePanelUser"),
            action_v12: ::std::option::Option::None,
            request: ::wsbind::xml::Name::qualified(NS, "SynchronizePanelUser"),
            response: ::wsbind::xml::Name::qualified(NS, "SynchronizePanelUserResponse"),
            headers: &[],
            encoded: false,
        };
        pub const GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_GET: ::wsbind::soap::HttpOp = ::wsbind::soap::HttpOp {
            name: "GetPartnerCameraRefreshToken",
            method: ::wsbind::soap::HttpMethod::Get,
            location: "/GetPartnerCameraRefreshToken",
            response: ::wsbind::xml::Name::qualified(NS, "AccessTokenResult"),
        };
    }
}

// ---- SOS types -----------------------------------------------------------------------------

mod sos {
    pub const NS: &str = "sosonlinebackup.com";

    #[derive(Clone, Default, PartialEq)]
    pub struct AuthHeader {
        pub user_name: ::std::option::Option<::std::string::String>,
        pub password: ::std::option::Option<::std::string::String>,
    }

    impl ::std::fmt::Debug for AuthHeader {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("AuthHeader")
                .field("user_name", &self.user_name)
                .field("password", &::wsbind::redact::Redacted(&self.password))
                .finish()
        }
    }

    impl ::wsbind::xml::Encode for AuthHeader {
        fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
            w.field(::wsbind::xml::Name::qualified(NS, "UserName"), &self.user_name)?;
            w.field(::wsbind::xml::Name::qualified(NS, "Password"), &self.password)?;
            ::std::result::Result::Ok(())
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct GetAuthorizationTokenByEntity {
        pub request: ::std::option::Option<EntityRequest>,
    }

    impl ::wsbind::xml::Encode for GetAuthorizationTokenByEntity {
        fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
            w.field(::wsbind::xml::Name::qualified(NS, "request"), &self.request)
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct EntityRequest {
        pub username: ::std::option::Option<::std::string::String>,
        pub is_app_user: bool,
    }

    impl ::wsbind::xml::Encode for EntityRequest {
        fn content(&self, w: &mut ::wsbind::xml::Writer) -> ::std::result::Result<(), ::wsbind::EncodeError> {
            w.field(::wsbind::xml::Name::qualified(NS, "Username"), &self.username)?;
            w.field(::wsbind::xml::Name::qualified(NS, "IsAppUser"), &self.is_app_user)?;
            ::std::result::Result::Ok(())
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct GetAuthorizationTokenByEntityResponse {
        pub result: ::std::option::Option<TokenResult>,
    }

    impl ::wsbind::xml::Decode for GetAuthorizationTokenByEntityResponse {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut result = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "GetAuthorizationTokenByEntityResult") => {
                        r.read(&child, &mut result)?
                    }
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(Self { result })
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct TokenResult {
        pub auth_token: ::std::option::Option<::std::string::String>,
        pub result: ::std::option::Option<::wsbind::xml::RawXml>,
    }

    impl ::wsbind::xml::Decode for TokenResult {
        fn decode(
            r: &mut ::wsbind::xml::Reader<'_>,
            _start: &::wsbind::xml::Start,
        ) -> ::std::result::Result<Self, ::wsbind::DecodeError> {
            let mut auth_token = ::std::option::Option::None;
            let mut result = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = r.next_child()? {
                match child.name() {
                    (::std::option::Option::Some(NS), "AuthToken") => r.read_secret(&child, &mut auth_token)?,
                    (::std::option::Option::Some(NS), "Result") => r.read(&child, &mut result)?,
                    _ => r.skip(&child)?,
                }
            }
            ::std::result::Result::Ok(Self { auth_token, result })
        }
    }

    pub const GET_AUTHORIZATION_TOKEN_BY_ENTITY: ::wsbind::soap::SoapOp = ::wsbind::soap::SoapOp {
        name: "GetAuthorizationTokenByEntity",
        action_v11: ::std::option::Option::Some("sosonlinebackup.com/GetAuthorizationTokenByEntity"),
        action_v12: ::std::option::Option::Some("sosonlinebackup.com/GetAuthorizationTokenByEntity"),
        request: ::wsbind::xml::Name::qualified(NS, "GetAuthorizationTokenByEntity"),
        response: ::wsbind::xml::Name::qualified(NS, "GetAuthorizationTokenByEntityResponse"),
        headers: &[::wsbind::xml::Name::qualified(NS, "AuthHeader")],
        encoded: false,
    };
}

// ---- helpers -------------------------------------------------------------------------------

const TC2_PATH: &str = "/TC21API/TC2.asmx";
const SOS_PATH: &str = "/WebApi/AccountManagementService/AccountManagementService.asmx";

fn transport() -> Arc<dyn Transport> {
    Arc::new(ReqwestTransport::builder().timeout(Duration::from_secs(10)).build().unwrap())
}

fn tc2_request() -> tc2::GetPartnerCameraRefreshToken {
    tc2::GetPartnerCameraRefreshToken {
        session_id: Some("sess-1".into()),
        partner_id: 42,
        location_id: 9_000_000_001,
        refresh_token: Some("rt <&>".into()),
        partner_camera_serial_number: Some("CAM-7".into()),
    }
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
    tc2::AccessToken {
        access_token: Some("AT-secret".into()),
        token_type: Some("bearer".into()),
        expiry: Some("3600".into()),
        refresh_token: Some("RT-secret".into()),
        scope: Some("camera".into()),
        additionalinfo: Some("none".into()),
    }
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
    let post = HttpOp { method: HttpMethod::Post, ..get };
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
    let auth = sos::AuthHeader { user_name: Some("alice".into()), password: Some("pa$$".into()) };
    client.set_header(::wsbind::xml::Name::qualified(sos::NS, "AuthHeader"), &auth);
    assert!(!format!("{client:?}").contains("pa$$"));
    assert!(!format!("{auth:?}").contains("pa$$"));
    let request = sos::GetAuthorizationTokenByEntity {
        request: Some(sos::EntityRequest { username: Some("bob".into()), is_app_user: true }),
    };
    let resp: sos::GetAuthorizationTokenByEntityResponse =
        client.call(&sos::GET_AUTHORIZATION_TOKEN_BY_ENTITY, &request).await.unwrap();
    let result = resp.result.unwrap();
    assert_eq!(result.auth_token.as_deref(), Some("tok-1"));
    assert_same_xml(
        r#"<Result xmlns="sosonlinebackup.com"><Code xmlns="urn:extra">7</Code></Result>"#,
        result.result.unwrap().as_str(),
    );
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
    let reply = common::fill(&samples[1], &[("DeviceID", "1"), ("DeviceName", "Panel")]);
    // Drop the second SyncStatus's DeviceID.
    let second = reply.rfind("<DeviceID>1</DeviceID>").unwrap();
    let reply = format!("{}{}", &reply[..second], &reply[second + "<DeviceID>1</DeviceID>".len()..]);
    let (server, client) = replying_server(200, &reply, "text/xml; charset=utf-8").await;
    let err = client
        .call::<_, tc2::SynchronizePanelUserResponse>(&tc2::ops::SYNCHRONIZE_PANEL_USER, &tc2_request())
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
    // And the 1.2 binding does not exist for this operation: nothing is sent.
    let before = server.received_requests().await.unwrap().len();
    let err = client
        .clone()
        .soap_version(SoapVersion::V12)
        .call::<_, tc2::SynchronizePanelUserResponse>(&tc2::ops::SYNCHRONIZE_PANEL_USER, &tc2_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unsupported(_)));
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn invalid_number_in_reply() {
    let samples = common::xml_samples(&common::seed("001"));
    let reply = common::fill(&samples[1], &[("DeviceID", "12a"), ("DeviceName", "Panel")]);
    let (_server, client) = replying_server(200, &reply, "text/xml; charset=utf-8").await;
    let err = client
        .call::<_, tc2::SynchronizePanelUserResponse>(&tc2::ops::SYNCHRONIZE_PANEL_USER, &tc2_request())
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
