//! WS-Security on any SOAP client (issue 11): UsernameToken with PasswordText and
//! PasswordDigest, Timestamp, checked on the envelope the server received; the digest against
//! a vector computed independently; a fresh nonce on every retried send; the password never
//! printed. Typed fault details:
//! `SoapFault::detail_as::<T>()` into the type generated for the production fixture's declared
//! fault (`codegen/tests/fixtures/runtime/production.wsdl`).

mod production_util;

use std::time::{Duration, SystemTime};

use production_util::production_service::InvalidSessionFault;
use production_util::*;
use wsbind::Error;
use wsbind::retry::RetryPolicy;
use wsbind::soap::{SoapClient, SoapVersion};
use wsbind::wssec::{PASSWORD_DIGEST, PASSWORD_TEXT, PasswordType, WSSE_NS, WSU_NS, WsSecurity};

const WSU: &str = WSU_NS;
const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, ns: &str, local: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == local)
        .unwrap_or_else(|| panic!("no {local} in {:?}", node.tag_name()))
}

/// 2024-01-02T03:04:05Z.
fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_164_645)
}

#[tokio::test]
async fn password_digest_token_and_timestamp_on_the_wire() {
    let server = serve(|_, _| reply(200, "text/xml", tc2_reply("ok"))).await;
    let nonce: Vec<u8> = (0u8..16).collect();
    let wss = WsSecurity::new()
        .username_token("partner-user", "pa$$word", PasswordType::Digest)
        .timestamp(Duration::from_secs(300))
        .with_fixed_nonce_and_time(&nonce, fixed_time());
    let client = SoapClient::new(server.url("/svc")).with_ws_security(wss);
    let resp: Tc2Response = client.call(&TC2_OP, &tc2_request()).await.unwrap();
    assert_eq!(resp.result.as_deref(), Some("ok"));

    let body = server.seen()[0].body_text();
    let doc = roxmltree::Document::parse(&body).unwrap();
    let header = child(doc.root_element(), SOAP11, "Header");
    let security = child(header, WSSE_NS, "Security");
    assert_eq!(security.attribute((SOAP11, "mustUnderstand")), Some("1"));
    let ts = child(security, WSU, "Timestamp");
    assert_eq!(child(ts, WSU, "Created").text(), Some("2024-01-02T03:04:05.000Z"));
    assert_eq!(child(ts, WSU, "Expires").text(), Some("2024-01-02T03:09:05.000Z"));
    let token = child(security, WSSE_NS, "UsernameToken");
    assert_eq!(child(token, WSSE_NS, "Username").text(), Some("partner-user"));
    let password = child(token, WSSE_NS, "Password");
    assert_eq!(password.attribute("Type"), Some(PASSWORD_DIGEST));
    // Independently computed with Python:
    //   base64.b64encode(hashlib.sha1(bytes(range(16)) + b'2024-01-02T03:04:05.000Z' + b'pa$$word').digest())
    assert_eq!(password.text(), Some("HjwG8hYDxnRGrZv1WtrsO3GVA3U="));
    // base64.b64encode(bytes(range(16)))
    assert_eq!(child(token, WSSE_NS, "Nonce").text(), Some("AAECAwQFBgcICQoLDA0ODw=="));
    assert_eq!(child(token, WSU, "Created").text(), Some("2024-01-02T03:04:05.000Z"));
    assert!(!body.contains("pa$$word"));
    let shown = format!("{client:?}");
    assert!(shown.contains("partner-user") && !shown.contains("pa$$word"), "{shown}");
}

#[test]
fn a_published_username_token_example_digest() {
    // A widely published UsernameToken example: nonce "LKqI6G/AikKCQrN0zqZFlg==", created
    // 2010-09-16T07:50:45Z, password "userpassword" give "tuOSpGlFlIXsozq4HFNeeGeFLEI="
    // (checked with Python's hashlib and base64, independently of this crate).
    use base64::Engine as _;
    let nonce = base64::engine::general_purpose::STANDARD.decode("LKqI6G/AikKCQrN0zqZFlg==").unwrap();
    assert_eq!(
        WsSecurity::password_digest(&nonce, "2010-09-16T07:50:45Z", "userpassword"),
        "tuOSpGlFlIXsozq4HFNeeGeFLEI="
    );
}

#[tokio::test]
async fn password_text_in_soap12_with_fresh_nonces() {
    let server = serve(|_, _| {
        reply(200, "application/soap+xml", tc2_reply("ok").replace(SOAP11, "http://www.w3.org/2003/05/soap-envelope"))
    })
    .await;
    let wss = WsSecurity::new().username_token("u", "plain<&>pw", PasswordType::Text);
    let client = SoapClient::new(server.url("/svc")).soap_version(SoapVersion::V12).with_ws_security(wss);
    let _: Tc2Response = client.call(&TC2_OP, &tc2_request()).await.unwrap();
    let body = server.seen()[0].body_text();
    let doc = roxmltree::Document::parse(&body).unwrap();
    let header = child(doc.root_element(), "http://www.w3.org/2003/05/soap-envelope", "Header");
    let security = child(header, WSSE_NS, "Security");
    assert_eq!(security.attribute(("http://www.w3.org/2003/05/soap-envelope", "mustUnderstand")), Some("true"));
    let password = child(child(security, WSSE_NS, "UsernameToken"), WSSE_NS, "Password");
    assert_eq!((password.attribute("Type"), password.text()), (Some(PASSWORD_TEXT), Some("plain<&>pw")));

    // Two digest envelopes never share a nonce.
    let wss = WsSecurity::new().username_token("u", "pw-123", PasswordType::Digest);
    let client = SoapClient::new(server.url("/svc")).with_ws_security(wss);
    let nonce = |client: &SoapClient| {
        let (xml, _) = client.envelope(&TC2_OP, &tc2_request()).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants().find(|n| n.tag_name().name() == "Nonce").and_then(|n| n.text()).unwrap().to_owned()
    };
    assert_ne!(nonce(&client), nonce(&client));
}

#[tokio::test]
async fn a_retried_call_sends_a_fresh_nonce_and_created() {
    // The first attempt is refused with 503; the retry must not replay the first nonce (servers
    // keep the nonces they saw and reject a repeat).
    let server = serve(|n, _| match n {
        0 => reply_with(503, &[("Retry-After", "0")], ""),
        _ => reply(200, "text/xml", tc2_reply("ok")),
    })
    .await;
    let wss =
        WsSecurity::new().username_token("u", "pw-retry-123", PasswordType::Digest).timestamp(Duration::from_secs(300));
    let retry = RetryPolicy::new()
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .retry_operation("GetPartnerCameraRefreshToken");
    let client = SoapClient::new(server.url("/svc")).with_ws_security(wss).with_retry_policy(retry);
    let resp: Tc2Response = client.call(&TC2_OP, &tc2_request()).await.unwrap();
    assert_eq!(resp.result.as_deref(), Some("ok"));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let token = |body: &str| {
        let doc = roxmltree::Document::parse(body).unwrap();
        let header = child(doc.root_element(), SOAP11, "Header");
        let security = child(header, WSSE_NS, "Security");
        assert_eq!(security.children().filter(|c| c.is_element()).count(), 2, "Timestamp and UsernameToken");
        let token = child(security, WSSE_NS, "UsernameToken");
        let nonce = child(token, WSSE_NS, "Nonce").text().unwrap().to_owned();
        let created = child(token, WSU, "Created").text().unwrap().to_owned();
        let digest = child(token, WSSE_NS, "Password").text().unwrap().to_owned();
        (nonce, created, digest, doc.descendants().filter(|n| n.tag_name().name() == "Security").count())
    };
    let (first, second) = (token(&seen[0].body_text()), token(&seen[1].body_text()));
    assert_ne!(first.0, second.0, "the nonce is not replayed");
    assert_eq!((first.3, second.3), (1, 1), "one Security header per envelope");
    // Each digest matches its own nonce and Created.
    use base64::Engine as _;
    for (nonce, created, digest, _) in [&first, &second] {
        let raw = base64::engine::general_purpose::STANDARD.decode(nonce).unwrap();
        assert_eq!(&WsSecurity::password_digest(&raw, created, "pw-retry-123"), digest);
    }
    // The body around the header is the same.
    let strip = |body: String| {
        let (a, b) = (body.find("<wsse:Security").unwrap(), body.find("</wsse:Security>").unwrap());
        format!("{}{}", &body[..a], &body[b..])
    };
    assert_eq!(strip(seen[0].body_text()), strip(seen[1].body_text()));
}

#[tokio::test]
async fn the_password_echoed_in_a_fault_is_scrubbed() {
    let server =
        serve(|_, _| reply(500, "text/xml", fault("The password s3cret-WSS-pass is wrong", "<d>s3cret-WSS-pass</d>")))
            .await;
    let wss = WsSecurity::new().username_token("u", "s3cret-WSS-pass", PasswordType::Text);
    let client = SoapClient::new(server.url("/svc")).with_ws_security(wss);
    let err = client.call::<_, Tc2Response>(&TC2_OP, &tc2_request()).await.unwrap_err();
    assert!(matches!(err, Error::Fault(_)));
    assert!(!format!("{err} {err:?}").contains("s3cret-WSS-pass"));
}

#[tokio::test]
async fn fault_details_decode_into_typed_values() {
    let detail = format!(
        "<InvalidSessionFault xmlns=\"{NS}\"><Code>4101</Code><Message>expired</Message></InvalidSessionFault>"
    );
    let server = serve(move |_, _| reply(500, "text/xml", fault("Invalid session", &detail))).await;
    let client = SoapClient::new(server.url("/svc"));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &tc2_request()).await.unwrap_err();
    let Error::Fault(f) = &err else { panic!("{err:?}") };
    let typed = f.detail_as::<InvalidSessionFault>().unwrap().unwrap();
    assert_eq!(typed, InvalidSessionFault::new().code(4101).message("expired"));
    // The raw XML stays.
    assert!(f.detail.as_ref().unwrap().as_str().contains("4101"));
    // A detail of another shape is a decode error, not a panic; no detail is None.
    let bad = wsbind::SoapFault {
        detail: Some(
            wsbind::xml::RawXml::parse(format!("<detail><x:F xmlns:x=\"{NS}\"><x:Code>nope</x:Code></x:F></detail>"))
                .unwrap(),
        ),
        ..(**f).clone()
    };
    assert!(matches!(bad.detail_as::<InvalidSessionFault>(), Some(Err(_))));
    let none = wsbind::SoapFault { detail: None, ..(**f).clone() };
    assert!(none.detail_as::<InvalidSessionFault>().is_none());
    let empty = wsbind::SoapFault { detail: Some(wsbind::xml::RawXml::parse("<detail/>").unwrap()), ..(**f).clone() };
    assert!(empty.detail_as::<InvalidSessionFault>().is_none());
}
