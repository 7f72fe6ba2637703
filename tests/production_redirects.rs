//! Redirects (issue 11): no request body or credential ever reaches another origin. A 307, 308
//! or 302 from the service to a second in-process server is an `Error::Redirect` naming the
//! `Location`, and the second server receives nothing; same-origin redirects are followed only
//! for REST requests without secrets (or when the policy says so).

mod production_util;

use std::sync::Arc;

use production_util::rest_paths::ops::STATUS;
use production_util::*;
use serde_json::Value;
use wsbind::Error;
use wsbind::mews::ops::GET_ALL;
use wsbind::redirect::RedirectPolicy;
use wsbind::rest::{CallParams, RestClient};
use wsbind::soap::SoapClient;

const SESSION: &str = "TC2SESSION-7f3a9c";
const CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";

async fn other_origin() -> Server {
    serve(|_, _| reply(200, "text/plain", "stolen")).await
}

async fn redirecting(status: u16, to: String) -> Server {
    serve(move |_, _| reply_with(status, &[("Location", to.as_str())], "")).await
}

#[tokio::test]
async fn soap_calls_follow_no_redirect_and_name_the_location() {
    for status in [307, 308, 302, 301, 303] {
        let evil = other_origin().await;
        let target = evil.url("/steal");
        let service = redirecting(status, target.clone()).await;
        let client = SoapClient::new(service.url("/svc"));
        let request = Tc2Request::new(SESSION, 1, "refresh-token-1");
        let err = client.call::<_, Tc2Response>(&TC2_OP, &request).await.unwrap_err();
        match &err {
            Error::Redirect { status: s, location } => {
                assert_eq!(*s, status);
                assert_eq!(location, &target);
            }
            other => panic!("{status}: {other:?}"),
        }
        assert!(err.to_string().contains(&target), "{err}");
        assert_eq!(service.count(), 1);
        assert_eq!(evil.count(), 0, "the other origin received a request after a {status}");
    }
}

#[tokio::test]
async fn soap_calls_refuse_even_same_origin_redirects_by_default() {
    let server = serve(|n, _| match n {
        0 => reply_with(307, &[("Location", "/elsewhere")], ""),
        _ => reply(200, "text/xml", tc2_reply("ok")),
    })
    .await;
    let client = SoapClient::new(server.url("/svc"));
    let request = Tc2Request::new(SESSION, 0, String::new());
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { status: 307, location } if location.ends_with("/elsewhere")), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn rest_requests_carrying_secrets_follow_no_redirect() {
    for status in [307, 308, 302] {
        let evil = other_origin().await;
        let service = redirecting(status, evil.url("/steal")).await;
        let mut client = RestClient::new(service.url(""));
        client.set_secret_body_param("ClientToken", CLIENT_TOKEN);
        let err = client.call_json::<Value, Value>(&GET_ALL, CallParams::default(), None).await.unwrap_err();
        assert!(matches!(&err, Error::Redirect { status: s, .. } if *s == status), "{err:?}");
        assert_eq!(evil.count(), 0);
        // Same origin too: the request carries a secret.
        let same = redirecting(status, "/moved".into()).await;
        let mut client = RestClient::new(same.url(""));
        client.set_secret_header("ApiKey", "aim-api-key-123");
        let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
        assert!(matches!(&err, Error::Redirect { .. }), "{err:?}");
        assert_eq!(same.count(), 1);
    }
}

#[tokio::test]
async fn rest_requests_without_secrets_follow_same_origin_only() {
    let server = serve(|_, seen| match seen.target.as_str() {
        "/status" => reply_with(302, &[("Location", "/status2")], ""),
        _ => reply(200, "application/json", r#"{"ok":true}"#),
    })
    .await;
    let client = RestClient::new(server.url(""));
    let v: Value = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(server.count(), 2);

    let evil = other_origin().await;
    let service = redirecting(308, evil.url("/x")).await;
    let client = RestClient::new(service.url(""));
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { status: 308, .. }), "{err:?}");
    assert_eq!(evil.count(), 0);
}

#[tokio::test]
async fn policies_are_configurable() {
    // Opt in to same-origin redirects with secrets: a 307 keeps method and body.
    let server = serve(|_, seen| match seen.target.as_str() {
        "/api/connector/v1/resourceAccessTokens/getAll" => reply_with(307, &[("Location", "/v2/getAll")], ""),
        _ => reply(200, "application/json", r#"{"ok":true}"#),
    })
    .await;
    let mut client = RestClient::new(server.url(""));
    client.set_secret_body_param("ClientToken", CLIENT_TOKEN);
    client.set_redirect_policy(RedirectPolicy::SameOriginWithSecrets);
    let _: Value = client.call_json::<Value, Value>(&GET_ALL, CallParams::default(), None).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[1].method.as_str(), seen[1].target.as_str()), ("POST", "/v2/getAll"));
    assert!(seen[1].body_text().contains(CLIENT_TOKEN));

    // ... still never across origins.
    let evil = other_origin().await;
    let service = redirecting(307, evil.url("/x")).await;
    let mut client = RestClient::new(service.url(""));
    client.set_redirect_policy(RedirectPolicy::SameOriginWithSecrets);
    client.set_secret_body_param("ClientToken", CLIENT_TOKEN);
    assert!(matches!(
        client.call_json::<Value, Value>(&GET_ALL, CallParams::default(), None).await,
        Err(Error::Redirect { .. })
    ));
    assert_eq!(evil.count(), 0);

    // No redirect at all for REST.
    let same = redirecting(302, "/y".into()).await;
    let mut client = RestClient::new(same.url(""));
    client.set_redirect_policy(RedirectPolicy::None);
    assert!(matches!(
        client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await,
        Err(Error::Redirect { .. })
    ));
    assert_eq!(same.count(), 1);
}

#[tokio::test]
async fn a_redirect_loop_ends() {
    let server = serve(|_, _| reply_with(302, &[("Location", "/status")], "")).await;
    let client = RestClient::with_transport(server.url(""), Arc::new(wsbind::transport::ReqwestTransport::new()));
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { status: 302, .. }), "{err:?}");
    assert_eq!(server.count(), wsbind::redirect::MAX_REDIRECTS + 1);
}

#[tokio::test]
async fn a_location_carrying_a_secret_is_scrubbed() {
    let evil = other_origin().await;
    let to = format!("{}?session={SESSION}", evil.url("/x"));
    let service = redirecting(307, to).await;
    let client = SoapClient::new(service.url("/svc"));
    let request = Tc2Request::new(SESSION, 0, String::new());
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { .. }), "{err:?}");
    assert!(!err.to_string().contains(SESSION) && !format!("{err:?}").contains(SESSION), "{err}");
}
