//! Limits checked before sending, by the modules generated from
//! `codegen/tests/fixtures/emit/patterns.yaml` (REST) and `soap_limits.wsdl` (SOAP) against a local
//! wiremock server: matching values are sent; a value that does not match gives `Error::Invalid`
//! naming the field and the pattern (never the value) and nothing is sent. OpenAPI patterns match
//! anywhere in the value, XSD patterns the whole value; patterns the `regex` crate has no
//! equivalent for (look-ahead, `\i\c*`) are documented as not checked and let every value through.

#![cfg(feature = "reqwest")]

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/patterns.rs"]
mod patterns;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/soap_limits.rs"]
mod soap_limits;

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

fn set_code() -> soap_limits::SetCode {
    set_code_with("DE12")
}

fn set_code_with(code: &str) -> soap_limits::SetCode {
    soap_limits::SetCode::new(code)
        .name("abc")
        .tag(vec!["#a1".to_owned()])
        .xml_name("1 not an XML name")
        .item(soap_limits::Item::new("R-7"))
        .lang("en")
        // `CountryCode` and `EuCountryCode` are aliases of `String`: their setters take `impl Into<String>`.
        .country("DE")
        .eu_country("DE")
        .choice(soap_limits::SetCodeChoice::Phone("+4930".to_owned()))
}

#[tokio::test]
async fn soap_requests_are_checked_before_sending() {
    const REPLY: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><SetCodeResponse xmlns="urn:wsbind:limits"><Result>ok</Result></SetCodeResponse></soap:Body></soap:Envelope>"#;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(REPLY, "text/xml; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    let client = soap_limits::Client::new(server.uri());
    // `\i\c*` is not checked: "1 not an XML name" goes through.
    assert_eq!(client.set_code(&set_code()).await.unwrap().as_deref(), Some("ok"));
    // Two patterns of one restriction are alternatives.
    assert!(set_code_with("X").validate().is_ok());
    let cases: [(soap_limits::SetCode, &str, &str); 10] = [
        (set_code_with("DE123"), "Code", "does not match the pattern `^(?:([A-Z]{2}\\p{Nd}{2})|(X))$`"),
        (set_code_with("xDE12"), "Code", "does not match the pattern `^(?:([A-Z]{2}\\p{Nd}{2})|(X))$`"),
        (set_code().name("abcdef"), "Name", "6 characters, at most 5 allowed"),
        (
            set_code().tag(vec!["#ok".to_owned(), "#not ok".to_owned()]),
            "Tag",
            "does not match the pattern `^(?:#[^\\p{P}\\p{Z}\\p{C}]+)$`",
        ),
        (set_code().item(soap_limits::Item::new("R-")), "Ref", "does not match the pattern `^(?:R-\\p{Nd}+)$`"),
        (set_code().lang("eng"), "lang", "does not match the pattern `^(?:[a-z]{2})$`"),
        // Stated once on the named simple type `CountryCode`, checked on the field of that type.
        (set_code().country("Deu"), "Country", "does not match the pattern `^(?:[A-Z]{2})$`"),
        // `EuCountryCode` restricts `CountryCode`: its own pattern and its base's both hold.
        (set_code().eu_country("IT"), "EuCountry", "does not match the pattern `^(?:[DF][^\\n\\r])$`"),
        (set_code().eu_country("D1"), "EuCountry", "does not match the pattern `^(?:[A-Z]{2})$`"),
        // The alternative a choice holds is checked too.
        (
            set_code().choice(soap_limits::SetCodeChoice::Phone("0049".to_owned())),
            "Phone",
            "does not match the pattern `^(?:\\+\\p{Nd}+)$`",
        ),
    ];
    for (request, field, cause) in cases {
        let Err(Error::Invalid(e)) = client.set_code(&request).await else { panic!("{field}: expected Invalid") };
        assert_eq!((e.field.as_str(), e.cause.as_str()), (field, cause));
    }
    // `.expect(1)`: only the valid request reached the server (checked when the server drops).
}

/// The generated mock checks the limits of a request type that has them, as a validating service
/// does: a request breaking one (sent raw: the client would not send it) is refused with a
/// `soap:Client` fault naming the field, before the handler runs; a valid one reaches it.
#[cfg(feature = "mock")]
#[tokio::test]
async fn the_mock_refuses_a_request_breaking_a_limit() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    struct Echo;
    impl soap_limits::mock::Service for Echo {
        async fn set_code(
            &self,
            request: soap_limits::SetCode,
        ) -> Result<soap_limits::SetCodeResponse, wsbind::mock::Fault> {
            Ok(soap_limits::SetCodeResponse { result: Some(request.code) })
        }
    }
    let server = soap_limits::mock::serve(Echo).await.unwrap();
    let client = soap_limits::Client::new(server.address());
    assert_eq!(client.set_code(&soap_limits::SetCode::new("X")).await.unwrap().as_deref(), Some("X"));

    let body = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><SetCode xmlns="urn:wsbind:limits"><Code>X</Code><Name>far too long</Name></SetCode></s:Body></s:Envelope>"#;
    let authority = server.address().strip_prefix("http://").unwrap().to_owned();
    let mut stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {authority}\r\nContent-Type: text/xml; charset=utf-8\r\n\
         SOAPAction: \"urn:wsbind:limits/SetCode\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 500"), "{reply}");
    assert!(reply.contains("<faultcode>soap:Client</faultcode><faultstring>invalid request: `Name`"), "{reply}");
    assert_eq!(server.requests().len(), 2);
}
