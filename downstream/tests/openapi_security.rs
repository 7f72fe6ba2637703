//! Security schemes and typed error replies of an OpenAPI description, from a crate outside
//! wsbind, against in-process servers (wiremock on 127.0.0.1). The client is the golden generated
//! from `codegen/tests/fixtures/emit/openapi_security.yaml` (`codegen/tests/emit_features.rs`):
//! a notes service whose operations ask for an OAuth 2 token or a header API key (the document's
//! `security`), HTTP basic, a query key and a cookie together, or nothing.
//!
//! What is checked: the exact header, query parameter, cookie and `Authorization` values sent per
//! operation; a token provider asked again after a 401 and the call sent once more with the new
//! token (twice only); a provider failure sends nothing; declared error replies (a `$ref` record
//! for 422, `default`, `4XX`, a top-level array) reached with their field values through
//! `err.api_error::<T>()`; and no credential in `Debug`, `Display` or the kept error bodies.

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/openapi_security.rs"]
mod notes;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use notes::{Client, ClientBuilder, ExportNotesResponse400, GetNoteRequest, NewNote, Problem, ValidationError};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wsbind::Error;
use wsbind::auth::TokenError;

const KEY: &str = "nk-5f2c9a7e-key";
const SESSION: &str = "sess-81d0c4";
const PASSWORD: &str = "pw-Zq8x-secret";
/// base64("ana:pw-Zq8x-secret")
const BASIC: &str = "Basic YW5hOnB3LVpxOHgtc2VjcmV0";

fn note() -> serde_json::Value {
    json!({ "id": "n1", "text": "buy milk" })
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(server.uri())
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The value of header `name` of `request`, if sent.
fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

/// A provider handing out `tok-1`, then `tok-2` once asked to refresh; it records each `refresh`.
fn provider(asked: Arc<Mutex<Vec<bool>>>) -> impl wsbind::auth::TokenProvider + 'static {
    let refreshed = Arc::new(AtomicU32::new(0));
    move |refresh: bool| {
        let (asked, refreshed) = (Arc::clone(&asked), Arc::clone(&refreshed));
        async move {
            asked.lock().unwrap().push(refresh);
            let n =
                if refresh { refreshed.fetch_add(1, Ordering::SeqCst) + 1 } else { refreshed.load(Ordering::SeqCst) };
            Ok::<_, TokenError>(format!("tok-{}", n + 1))
        }
    }
}

#[tokio::test]
async fn the_header_key_when_no_token_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/n1"))
        .and(header("X-Notes-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(note()))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).api_key(KEY).build().unwrap();
    let got = client.get_note(&GetNoteRequest::new("n1")).await.unwrap();
    assert_eq!(got.text, "buy milk");
    let sent = &requests(&server).await[0];
    assert_eq!(header_of(sent, "authorization"), None);
    assert_eq!(header_of(sent, "cookie"), None);
    assert_eq!(sent.url.query(), None, "the query key belongs to another operation");
}

#[tokio::test]
async fn a_query_key_and_a_cookie_go_together() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/export"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([note()])))
        .mount(&server)
        .await;
    let client = builder(&server).api_key(KEY).scheme_api_key("session", SESSION).build().unwrap();
    let all = client.export_notes().await.unwrap();
    assert_eq!(all.len(), 1);
    let sent = &requests(&server).await[0];
    assert_eq!(sent.url.query(), Some(format!("key={KEY}").as_str()), "the key of every other API key scheme");
    assert_eq!(header_of(sent, "cookie"), Some(format!("notes_session={SESSION}").as_str()), "its own key");
    assert_eq!(header_of(sent, "x-notes-key"), None, "not asked for by this operation");
}

#[tokio::test]
async fn an_operation_without_security_sends_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "up": true })))
        .mount(&server)
        .await;
    let client = builder(&server).api_key(KEY).basic("ana", PASSWORD).bearer("tok-fixed").build().unwrap();
    assert_eq!(client.get_status().await.unwrap().up, Some(true));
    let sent = &requests(&server).await[0];
    for name in ["authorization", "x-notes-key", "cookie"] {
        assert_eq!(header_of(sent, name), None, "{name}");
    }
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn basic_credentials_and_a_declared_422_decoded_with_its_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(header("Authorization", BASIC))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "text is too long",
            "code": 42,
            "errors": [
                { "field": "text", "reason": "longer than 200 characters" },
                { "field": "owner", "reason": format!("`ana:{PASSWORD}` is not an owner") }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).basic("ana", PASSWORD).build().unwrap();
    let err = client.create_note(&NewNote::new("x")).await.unwrap_err();
    let text = format!("{err} | {err:?} | {}", err.chain());
    let Error::Api(api) = &err else { panic!("a declared 422 is an API error: {text}") };
    assert_eq!((api.status, api.code.as_deref(), api.message.as_deref()), (422, Some("42"), Some("text is too long")));
    assert_eq!(err.to_string(), "API error (HTTP 422) 42: text is too long");
    let body: ValidationError = err.api_error().expect("a JSON body").expect("it fits ValidationError");
    assert_eq!(body.message, "text is too long");
    assert_eq!(body.code, Some(42));
    assert_eq!(body.errors.len(), 2);
    assert_eq!((body.errors[0].field.as_str(), body.errors[0].reason.as_str()), ("text", "longer than 200 characters"));
    assert_eq!(body.errors[1].reason, "`ana:***` is not an owner", "the echoed password is scrubbed");
    for secret in [PASSWORD, &BASIC[6..]] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

/// A server answering every `method` request to `route` with `status` and the JSON `body`.
async fn answering(method_: &str, route: &str, status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn default_ranges_and_array_error_bodies_are_typed() {
    // `default`: a problem record, its `title` read as the message.
    let problem = json!({ "title": "storage down", "status": 500, "detail": "retry" });
    let server = answering("GET", "/notes/n1", 500, problem).await;
    let err = builder(&server).api_key(KEY).build().unwrap().get_note(&GetNoteRequest::new("n1")).await.unwrap_err();
    assert_eq!(err.to_string(), "API error (HTTP 500): storage down");
    let problem: Problem = err.api_error().unwrap().unwrap();
    assert_eq!(
        (problem.title.as_deref(), problem.status, problem.detail.as_deref()),
        (Some("storage down"), Some(500), Some("retry"))
    );

    // `400`: a top-level array of strings.
    let server = answering("GET", "/export", 400, json!(["since: not a date", "limit: too large"])).await;
    let err = builder(&server).api_key(KEY).build().unwrap().export_notes().await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if api.status == 400 && api.message.is_none()), "{err:?}");
    let lines: ExportNotesResponse400 = err.api_error().unwrap().unwrap();
    assert_eq!(lines, ["since: not a date", "limit: too large"]);

    // `4XX`: any other client error of the operation.
    let server = answering("GET", "/export", 409, json!({ "title": "export running", "status": 409 })).await;
    let err = builder(&server).api_key(KEY).build().unwrap().export_notes().await.unwrap_err();
    let problem: Problem = err.api_error().unwrap().unwrap();
    assert_eq!((problem.title.as_deref(), problem.status), (Some("export running"), Some(409)));

    // A status the operation does not declare stays `Error::Status`, as before.
    let server = answering("GET", "/status", 418, json!({ "title": "undeclared" })).await;
    let err = builder(&server).build().unwrap().get_status().await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 418, .. }), "{err:?}");
    assert!(err.api_error::<Problem>().is_none());
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_and_the_call_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/n1"))
        .and(header("Authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/notes/n1"))
        .and(header("Authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(note()))
        .expect(1)
        .mount(&server)
        .await;
    let asked = Arc::new(Mutex::new(Vec::new()));
    // The API key is set too: the token comes first in the description's `security`.
    let client = builder(&server).token_provider(provider(Arc::clone(&asked))).api_key(KEY).build().unwrap();
    let got = client.get_note(&GetNoteRequest::new("n1")).await.unwrap();
    assert_eq!(got.id, "n1");
    assert_eq!(*asked.lock().unwrap(), [false, true], "asked twice, the second time to refresh");
    let sent = requests(&server).await;
    let auth: Vec<Option<&str>> = sent.iter().map(|r| header_of(r, "authorization")).collect();
    assert_eq!(auth, [Some("Bearer tok-1"), Some("Bearer tok-2")]);
    assert!(sent.iter().all(|r| header_of(r, "x-notes-key").is_none()), "one alternative only");

    // The provider's tokens never show, the client shows a provider is set.
    let debug = format!("{client:?}");
    assert!(debug.contains("<token provider>") && !debug.contains("tok-") && !debug.contains(KEY), "{debug}");
}

#[tokio::test]
async fn a_second_401_is_returned_without_a_third_try() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/notes/n1"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token tok-1 and tok-2 are not valid here"))
        .expect(2)
        .mount(&server)
        .await;
    let asked = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server).token_provider(provider(Arc::clone(&asked))).build().unwrap();
    let err = client.delete_note(&notes::DeleteNoteRequest::new("n1")).await.unwrap_err();
    let Error::Status { status: 401, body_excerpt, .. } = &err else { panic!("{err:?}") };
    assert_eq!(body_excerpt, "token *** and *** are not valid here", "both tokens are scrubbed");
    assert_eq!(*asked.lock().unwrap(), [false, true]);
}

#[tokio::test]
async fn a_failing_provider_sends_nothing() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .token_provider(|_refresh: bool| async { Err::<String, TokenError>("authorisation server unreachable".into()) })
        .build()
        .unwrap();
    let err = client.get_note(&GetNoteRequest::new("n1")).await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(err.chain().to_string(), "no credentials: the token provider failed: authorisation server unreachable");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn credentials_never_show_in_debug_errors_or_kept_bodies() {
    let server = MockServer::start().await;
    // The server echoes what it was sent, in a declared (4XX) and an undeclared reply.
    Mock::given(method("GET"))
        .and(path("/export"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "title": format!("key {KEY} with session {SESSION} is not allowed"),
            "detail": KEY,
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/notes/n1"))
        .respond_with(ResponseTemplate::new(418).set_body_string("Bearer tok-fixed-value is a teapot"))
        .mount(&server)
        .await;
    let builder = builder(&server).api_key(KEY).scheme_api_key("session", SESSION).bearer("tok-fixed-value");
    let shown = format!("{builder:?}");
    let client = builder.build().unwrap();
    let shown = format!("{shown} {client:?}");
    for secret in [KEY, SESSION, "tok-fixed-value"] {
        assert!(!shown.contains(secret), "{secret} in Debug: {shown}");
    }

    let err = client.export_notes().await.unwrap_err();
    let problem: Problem = err.api_error().unwrap().unwrap();
    assert_eq!(problem.title.as_deref(), Some("key *** with session *** is not allowed"));
    assert_eq!(problem.detail.as_deref(), Some("***"));
    let err2 = client.delete_note(&notes::DeleteNoteRequest::new("n1")).await.unwrap_err();
    let text = format!("{err} {err:?} {} {err2} {err2:?}", err.chain());
    for secret in [KEY, SESSION, "tok-fixed-value"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(text.contains("Bearer *** is a teapot"), "{text}");
}

/// The generated mock asks for the credentials the description does: a request carrying none of
/// an operation's alternatives is a 401 before anything else; the API key or the bearer token
/// (either alternative) gets through, and the fake's `authorize` judges the value.
#[tokio::test]
async fn the_mock_refuses_requests_without_the_credentials_an_operation_asks_for() {
    struct Keys;
    impl notes::mock::Service for Keys {
        fn authorize(&self, request: &wsbind::mock::Recorded) -> Result<(), wsbind::mock::HttpError> {
            match request.header("x-notes-key") {
                Some("k-revoked") => Err(wsbind::mock::HttpError::new(403, json!({ "title": "revoked key" }))),
                _ => Ok(()),
            }
        }
    }
    let server = notes::mock::serve(Keys).await.unwrap();
    let note = GetNoteRequest::new("n1");
    let anonymous = Client::builder(server.address()).build().unwrap();
    let err = anonymous.get_note(&note).await.unwrap_err();
    let text = format!("{err}");
    assert!(matches!(&err, Error::Status { status: 401, .. } | Error::Api(_)), "{err:?}");
    assert!(text.contains("401"), "{text}");
    let keyed = Client::builder(server.address()).api_key("k-1").build().unwrap();
    let canned = <notes::Note as wsbind::samples::Sample>::sample(0);
    assert_eq!(keyed.get_note(&note).await.unwrap(), canned);
    let bearer = Client::builder(server.address()).bearer("t-1").build().unwrap();
    assert_eq!(bearer.get_note(&note).await.unwrap(), canned);
    let revoked = Client::builder(server.address()).api_key("k-revoked").build().unwrap();
    let err = revoked.get_note(&note).await.unwrap_err();
    assert!(format!("{err:?}").contains("403"), "{err:?}");
    // The key the client sent is hidden in the log's Debug (the scheme's header name).
    let log = server.requests();
    assert_eq!(log[1].header("x-notes-key"), Some("k-1"));
    assert!(!format!("{log:?}").contains("k-1") && !format!("{log:?}").contains("k-revoked"), "{log:?}");
}
