//! `pattern` limits checked before sending, by the module generated from
//! `codegen/tests/fixtures/emit/patterns.yaml` against a local wiremock server: matching values are
//! sent; a value that does not match gives `Error::Invalid` naming the field and the pattern (never
//! the value) and nothing is sent. OpenAPI patterns match anywhere in the value; the look-ahead
//! pattern the `regex` crate lacks is documented as not checked and lets every value through.

#![cfg(feature = "reqwest")]

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/patterns.rs"]
mod patterns;

use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wsbind::Error;
use wsbind::rest::Validate;

use patterns::{CodeBody, PutCodeRequest};

fn valid() -> PutCodeRequest {
    PutCodeRequest::new(CodeBody::new("DE123").note("it is ok").tags(vec!["#a1".to_owned()]).password("short"))
        .region("eu")
}

#[tokio::test]
async fn matching_values_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/codes"))
        .and(query_param("region", "eu"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "Code": "DE123" })))
        .expect(1)
        .mount(&server)
        .await;
    let client = patterns::Client::new(server.uri());
    let reply = client.put_code(&valid()).await.unwrap();
    assert_eq!(reply.code, "DE123");
}

#[tokio::test]
async fn a_value_that_does_not_match_is_invalid_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let client = patterns::Client::new(server.uri());
    let mut request = valid();
    request.body.code = "de123".to_owned();
    let err = client.put_code(&request).await.unwrap_err();
    let Error::Invalid(invalid) = &err else { panic!("{err:?}") };
    assert_eq!(invalid.field, "Code");
    assert_eq!(invalid.cause, "does not match the pattern `^[A-Z]{2}[0-9]{2,4}$`");
    assert_eq!(
        err.chain().to_string(),
        "invalid request, nothing was sent: field `Code`: does not match the pattern `^[A-Z]{2}[0-9]{2,4}$`"
    );
    assert!(!err.chain().to_string().contains("de123"), "the value is never shown");
    // `\d` of ECMA-262 is ASCII only.
    request.body.code = "DE\u{0663}\u{0663}".to_owned();
    assert!(matches!(client.put_code(&request).await, Err(Error::Invalid(e)) if e.field == "Code"));
}

#[test]
fn optional_repeated_and_parameter_values_are_checked() {
    // Unanchored: a match anywhere in the value.
    assert!(valid().validate().is_ok());
    let mut request = valid();
    request.body.note = Some("not Ok".to_owned());
    assert!(matches!(request.validate(), Err(Error::Invalid(e)) if e.field == "Note" && e.cause.contains("`ok`")));
    request.body.note = None;
    assert!(request.validate().is_ok(), "absent optional values are not checked");
    request.body.tags = vec!["#a".to_owned(), "no-hash".to_owned()];
    assert!(matches!(request.validate(), Err(Error::Invalid(e)) if e.field == "Tags"));
    request.body.tags = vec!["#é".to_owned()];
    assert!(matches!(request.validate(), Err(Error::Invalid(e)) if e.field == "Tags"), "`\\w` of ECMA-262 is ASCII");
    let request = valid().region("EU");
    assert!(matches!(request.validate(), Err(Error::Invalid(e)) if e.field == "region"));
}

#[test]
fn an_untranslatable_pattern_is_not_checked() {
    // `^(?=.*\d).{8,}$` (look-ahead): documented as not checked, so a short password goes through.
    let request = valid();
    assert_eq!(request.body.password.as_deref(), Some("short"));
    assert!(request.validate().is_ok());
}
