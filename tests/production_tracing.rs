//! Tracing (issue 11): one `wsbind.call` span per call with service, operation, binding,
//! address (no query), attempt, status, duration and reply size; debug events with the request
//! and reply bodies scrubbed of every secret. A tiny capturing `Subscriber` (no
//! tracing-subscriber dependency) records everything; no secret value may appear in it.

mod production_util;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use production_util::*;
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wsbind::mews::ops::GET_ALL;
use wsbind::rest::{CallParams, RestClient};
use wsbind::retry::RetryPolicy;
use wsbind::soap::SoapClient;

#[derive(Default)]
struct Captured {
    spans: BTreeMap<u64, (String, BTreeMap<String, String>)>,
    events: Vec<BTreeMap<String, String>>,
}

#[derive(Clone, Default)]
struct Capture {
    next: Arc<AtomicU64>,
    data: Arc<Mutex<Captured>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let mut s = String::new();
        let _ = write!(s, "{value:?}");
        self.0.insert(field.name().to_owned(), s);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.data.lock().unwrap().spans.insert(id, (attrs.metadata().name().to_owned(), fields));
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self.data.lock().unwrap().spans.get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        fields.insert("target".to_owned(), event.metadata().target().to_owned());
        event.record(&mut Fields(&mut fields));
        self.data.lock().unwrap().events.push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Capture {
    fn everything(&self) -> String {
        let d = self.data.lock().unwrap();
        format!("{:?} {:?}", d.spans, d.events)
    }
}

const SESSION: &str = "TC2SESSION-trace-9a8b7c";
const REFRESH: &str = "refresh&token<1>";
const PASSWORD: &str = "S0S-trace-pass";

/// One test: a thread-local subscriber and tracing's global callsite interest cache do not mix
/// well across tests running in parallel.
#[tokio::test]
async fn calls_are_traced_without_secrets() {
    nothing_is_recorded_without_a_subscriber().await;
    soap_calls_have_a_span_and_scrubbed_body_events().await;
    rest_errors_are_recorded_without_secrets().await;
    rest_credentials_are_traced_without_secrets().await;
}

async fn soap_calls_have_a_span_and_scrubbed_body_events() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = serve(|n, _| match n {
        0 => reply_with(503, &[("Retry-After", "0")], ""),
        _ => reply(
            200,
            "text/xml",
            tc2_reply(&format!("echo {SESSION} and {}", REFRESH.replace('&', "&amp;").replace('<', "&lt;"))),
        ),
    })
    .await;
    let mut client = SoapClient::new(server.url("/svc?key=abc-query-secret")).with_retry_policy(
        RetryPolicy::new().retry_unsafe(true).backoff(Duration::from_millis(1), Duration::from_millis(2)),
    );
    client.set_service_name("svcTC2API");
    client.set_header(AUTH_HEADER, &AuthHeader::new("partner", PASSWORD));
    let request = Tc2Request::new(SESSION, 42, REFRESH);
    let resp: Tc2Response = client.call(&TC2_OP, &request).await.unwrap();
    assert_eq!(resp.partner_id, Some(7));

    let d = capture.data.lock().unwrap();
    let (name, span) = d.spans.values().find(|(n, _)| n == "wsbind.call").expect("a call span");
    assert_eq!(name, "wsbind.call");
    assert_eq!(span["service"], "svcTC2API");
    assert_eq!(span["operation"], "GetPartnerCameraRefreshToken");
    assert_eq!(span["binding"], "soap11");
    assert_eq!(span["address"], format!("{}?…", server.url("/svc")));
    assert_eq!(span["attempt"], "2");
    assert_eq!(span["status"], "200");
    assert!(span["reply_bytes"].parse::<u64>().unwrap() > 100);
    assert!(span.contains_key("duration_ms"));
    let bodies: Vec<_> = d.events.iter().filter(|e| e["target"] == "wsbind::body").collect();
    assert_eq!(bodies.len(), 2, "{:?}", d.events);
    assert_eq!(bodies[0]["direction"], "request");
    assert!(bodies[0]["body"].contains("GetPartnerCameraRefreshToken") && bodies[0]["body"].contains("PartnerID>42<"));
    assert_eq!(bodies[1]["direction"], "reply");
    assert!(bodies[1]["body"].contains("echo *** and ***"), "{}", bodies[1]["body"]);
    assert!(d.events.iter().any(|e| e["target"] == "wsbind::retry"));
    drop(d);
    let all = capture.everything();
    for secret in [SESSION, REFRESH, "refresh&amp;token&lt;1&gt;", PASSWORD, "abc-query-secret"] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
}

async fn rest_errors_are_recorded_without_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = serve(|_, seen| {
        reply(400, "application/json", format!("{{\"Message\":\"bad body {}\"}}", seen.body_text().replace('"', "'")))
    })
    .await;
    let mut client = RestClient::new(server.url(""));
    client.set_secret_body_param("ClientToken", "mews-client-token-XYZ");
    client.set_secret_header("ApiKey", "aim-api-key-XYZ");
    let err = client.call_json::<(), Value>(&GET_ALL, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(err, wsbind::Error::Api(_)));
    let all = capture.everything();
    assert!(all.contains("\"binding\": \"rest\"") && all.contains("\"status\": \"400\""), "{all}");
    assert!(!all.contains("mews-client-token-XYZ") && !all.contains("aim-api-key-XYZ"), "{all}");
    assert!(!err.chain().to_string().contains("mews-client-token-XYZ"));
}

async fn nothing_is_recorded_without_a_subscriber() {
    // No subscriber: the call works and nothing observable happens (the bodies are not even
    // formatted; checked indirectly by the call succeeding with the no-op dispatcher).
    let server = serve(|_, _| reply(200, "text/xml", tc2_reply("ok"))).await;
    let client = SoapClient::new(server.url("/svc"));
    let _: Tc2Response = client.call(&TC2_OP, &tc2_request()).await.unwrap();
    assert!(!tracing::enabled!(target: "wsbind::body", tracing::Level::DEBUG));
}

/// A query API key and bearer tokens (a provider's, refreshed after a 401), echoed by the server
/// in both replies: no value reaches a span or an event.
async fn rest_credentials_are_traced_without_secrets() {
    use wsbind::auth::{Credentials, KeyLocation, Requirement, SchemeKind, SecurityScheme};
    const KEY: SecurityScheme =
        SecurityScheme { name: "key", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api_key" } };
    const OAUTH: SecurityScheme = SecurityScheme { name: "oauth", kind: SchemeKind::Bearer };
    const SECURITY: &[Requirement] = &[&[&KEY, &OAUTH]];
    const OP: wsbind::rest::RestOp = wsbind::rest::RestOp { security: SECURITY, ..GET_ALL };
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = serve(|n, seen| {
        let echo = format!("{} {} {}", seen.target, seen.header("authorization").unwrap_or_default(), seen.body_text());
        reply(if n == 0 { 401 } else { 400 }, "text/plain", format!("you sent {echo}"))
    })
    .await;
    let mut client = RestClient::new(server.url(""));
    client.set_credentials(Credentials::new().api_key("query-key-XYZ").token_provider(|refresh: bool| async move {
        Ok::<_, wsbind::auth::TokenError>(if refresh { "token-two-XYZ" } else { "token-one-XYZ" }.to_owned())
    }));
    let err = client.call_json::<(), Value>(&OP, CallParams::default(), None).await.unwrap_err();
    let wsbind::Error::Status { status: 400, body_excerpt, .. } = &err else { panic!("{err:?}") };
    assert!(
        body_excerpt.starts_with("you sent /api/connector/v1/resourceAccessTokens/getAll?api_key=*** Bearer ***"),
        "{body_excerpt}"
    );
    assert_eq!(server.count(), 2, "sent again once with the new token");
    let all = capture.everything();
    assert!(all.contains("wsbind::auth"), "the refresh is an event: {all}");
    for secret in ["query-key-XYZ", "token-one-XYZ", "token-two-XYZ"] {
        assert!(!all.contains(secret), "{secret} in {all}");
        assert!(!format!("{err} {err:?}").contains(secret), "{secret} in {err:?}");
    }
}
