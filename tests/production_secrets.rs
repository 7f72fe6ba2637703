//! No secret in any printed text (issue 11): each secret of each seed service (TC2 `SessionID`
//! and refresh token, SOS `AuthHeader/Password`, as `production.wsdl` declares them; Mews `ClientToken` / `AccessToken` / token
//! `Value`, AIM `ApiKey` / `Token`, a secret query parameter, a WS-Security password) is sent to
//! a server that echoes it back in every hostile form: in a `faultstring`, a text/plain or
//! HTML-escaped 500 body, an attribute, after a comment, inside a child element, the HTTP GET
//! URL echoed in an error page, an `int` field (the decode error quotes values), an unknown
//! entity named like it, `SoapFault.detail`, JSON `\u` escapes, percent-encoding; and (issue 19)
//! upper- or lowercased, base64-encoded, escaped twice, split by a CDATA boundary (in the
//! `faultstring` and in the raw detail). Neither `Display` nor `Debug` of the error may contain
//! the value or any of those forms.

mod production_util;

use production_util::production_service::ops::{
    GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_GET as HTTP_GET, GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_POST as HTTP_POST,
};
use production_util::rest_paths::ops::STATUS;
use production_util::*;
use serde_json::{Value, json};
use wsbind::Error;
use wsbind::mews::ops::GET_ALL;
use wsbind::rest::{CallParams, RestClient};
use wsbind::soap::SoapClient;
use wsbind::wssec::{PasswordType, WsSecurity};

const TC2_SESSION: &str = "TC2SESSION-7f3a9c41d2";
const TC2_REFRESH: &str = "rt.Gh7&k<9>Q\"z'";
const SOS_PASSWORD: &str = "S0s-P@ss&word!";
const WSS_PASSWORD: &str = "wss-Pa55word-0xCAFE";

/// Every escaped form of `s` a server might use.
fn forms(s: &str) -> Vec<String> {
    let xml = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    let numeric: String = s.chars().map(|c| format!("&#{};", c as u32)).collect();
    let hex: String = s.chars().map(|c| format!("&#x{:x};", c as u32)).collect();
    let pct: String = form_urlencoded::byte_serialize(s.as_bytes()).collect();
    let pct_all: String = s.bytes().map(|b| format!("%{b:02X}")).collect();
    let json_u: String = s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let json = serde_json::to_string(s).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    // Issue 19: any case, base64 (standard, URL-safe), two levels of escaping.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(s);
    let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let xml_twice = xml.replace('&', "&amp;");
    let pct_twice: String = pct_all.replace('%', "%25");
    let mut out = vec![
        s.to_owned(),
        xml,
        numeric,
        hex,
        pct,
        pct_all,
        json_u,
        json,
        s.to_uppercase(),
        s.to_lowercase(),
        b64,
        b64_url,
        xml_twice,
        pct_twice,
    ];
    out.sort();
    out.dedup();
    out
}

fn assert_clean(err: &Error, secret: &str, case: &str) {
    let texts = [err.chain().to_string(), format!("{err:?}"), format!("{err:#?}")];
    for text in &texts {
        for form in forms(secret) {
            assert!(!text.contains(&form), "{case}: {form:?} leaked in {text}");
        }
    }
}

/// The hostile replies echoing `s` (its escaped form `esc`) into a SOAP reply.
fn soap_echoes(s: &str) -> Vec<(&'static str, u16, &'static str, String)> {
    let esc = s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let numeric: String = s.chars().map(|c| format!("&#{};", c as u32)).collect();
    let json_u: String = s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let (upper_esc, lower_esc) = (escape(&s.to_uppercase()), escape(&s.to_lowercase()));
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(s);
    let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    // The first half in a CDATA section, the rest escaped after it.
    let half = s.char_indices().nth(s.chars().count() / 2).map_or(0, |(i, _)| i);
    let split = format!("<![CDATA[{}]]>{}", &s[..half], escape(&s[half..]));
    vec![
        ("faultstring", 500, "text/xml", fault(&format!("Session {esc} expired"), "")),
        ("faultstring as char refs", 500, "text/xml", fault(&format!("Session {numeric} expired"), "")),
        (
            "fault detail",
            500,
            "text/xml",
            fault("bad", &format!("<e:Info xmlns:e=\"urn:e\"><e:Value>{esc}</e:Value><e:Other a=\"{esc}\"/></e:Info>")),
        ),
        (
            "fault actor",
            500,
            "text/xml",
            envelope(&format!(
                "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring><faultactor>{esc}</faultactor></soap:Fault>"
            )),
        ),
        ("text/plain 500", 500, "text/plain", format!("Invalid session {s} for partner")),
        // Issue 19: the hostile forms that leaked before.
        ("faultstring uppercased", 500, "text/xml", fault(&format!("Session {} expired", upper_esc), "")),
        ("faultstring lowercased", 500, "text/xml", fault(&format!("Session {} expired", lower_esc), "")),
        ("faultstring base64", 500, "text/xml", fault(&format!("Session {b64} expired"), "")),
        ("HTML 500 base64, URL-safe", 500, "text/html", format!("<p>token={b64_url}</p>")),
        ("escaped twice", 500, "text/xml", fault(&format!("Session {} expired", esc.replace('&', "&amp;")), "")),
        ("split by CDATA in faultstring", 500, "text/xml", fault(&format!("Session {split} expired"), "")),
        (
            "split by CDATA in the fault detail",
            500,
            "text/xml",
            fault("bad", &format!("<e:Info xmlns:e=\"urn:e\"><e:Value>{split}</e:Value></e:Info>")),
        ),
        ("HTML-escaped 500", 500, "text/html", format!("<html><body><p>Invalid {esc}</p></body></html>")),
        ("HTML numeric refs", 500, "text/html", format!("<p>{numeric}</p>")),
        ("attribute", 500, "text/xml", format!("<error token=\"{esc}\" code=\"1\"/>")),
        ("after a comment", 500, "text/xml", format!("<r><SessionID><!-- stale -->{esc}</SessionID></r>")),
        ("inside a child element", 500, "text/xml", format!("<r><Session><v>{esc}</v></Session></r>")),
        ("JSON escapes", 500, "application/json", format!("{{\"error\":\"{json_u}\"}}")),
        (
            "percent-encoded",
            500,
            "text/plain",
            format!("redirect to /login?s={}", form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()),
        ),
        (
            "into an int field",
            200,
            "text/xml",
            envelope(&format!(
                "<GetPartnerCameraRefreshTokenResponse xmlns=\"{NS}\"><PartnerId>{esc}</PartnerId></GetPartnerCameraRefreshTokenResponse>"
            )),
        ),
        (
            "as an element name",
            200,
            "text/xml",
            envelope(&format!(
                "<GetPartnerCameraRefreshTokenResponse xmlns=\"{NS}\"><{}/></GetPartnerCameraRefreshTokenResponse>",
                name_like(s)
            )),
        ),
    ]
}

/// `s` reduced to XML name characters (the form a server would use as a name).
fn name_like(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.').collect()
}

async fn soap_client_for(echo: (u16, &'static str, String)) -> (Server, SoapClient) {
    let (status, ct, body) = echo;
    let server = serve(move |_, _| reply(status, ct, body.clone())).await;
    let mut client = SoapClient::new(server.url("/svc"));
    client.set_header(AUTH_HEADER, &AuthHeader::new("partner", SOS_PASSWORD));
    client.set_ws_security(Some(WsSecurity::new().username_token("wss-user", WSS_PASSWORD, PasswordType::Text)));
    (server, client)
}

#[tokio::test]
async fn soap_secrets_never_echo_into_errors() {
    let request = Tc2Request::new(TC2_SESSION, 42, TC2_REFRESH);
    for secret in [TC2_SESSION, TC2_REFRESH, SOS_PASSWORD, WSS_PASSWORD] {
        for (case, status, ct, body) in soap_echoes(secret) {
            let (server, client) = soap_client_for((status, ct, body)).await;
            let err = match client.call::<_, Tc2Response>(&TC2_OP, &request).await {
                Err(err) => err,
                // An unknown element is skipped: nothing printed.
                Ok(_) if case == "as an element name" => continue,
                Ok(ok) => panic!("{case}: {ok:?}"),
            };
            assert_clean(&err, secret, &format!("{secret} / {case}"));
            if let Error::Fault(f) = &err {
                assert_clean(&Error::Unsupported(format!("{:?} {:?}", f.detail, f)), secret, case);
            }
            assert_eq!(server.count(), 1);
        }
    }
}

#[tokio::test]
async fn an_unknown_entity_named_like_the_session_is_not_quoted() {
    let body = envelope(&format!(
        "<GetPartnerCameraRefreshTokenResponse xmlns=\"{NS}\"><Result>&{TC2_SESSION};</Result></GetPartnerCameraRefreshTokenResponse>"
    ));
    let (_server, client) = soap_client_for((200, "text/xml", body)).await;
    let request = Tc2Request::new(TC2_SESSION, 0, String::new());
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_clean(&err, TC2_SESSION, "entity");
}

#[tokio::test]
async fn the_http_get_url_echoed_in_an_error_page_is_scrubbed() {
    let server = serve(|_, seen| {
        let page = format!(
            "<html><body>404: {} not found; decoded {}</body></html>",
            seen.target,
            percent_decode(&seen.target)
        );
        reply(404, "text/html", page)
    })
    .await;
    let client = SoapClient::new(server.url("/svc"));
    let request = Tc2Request::new(TC2_SESSION, 42, TC2_REFRESH);
    for op in [HTTP_GET, HTTP_POST] {
        let err = client.call_http::<Tc2Response>(&op, &request.form_params()).await.unwrap_err();
        assert!(matches!(err, Error::Status { status: 404, .. }), "{err:?}");
        assert_clean(&err, TC2_SESSION, "GET URL");
        assert_clean(&err, TC2_REFRESH, "GET URL");
    }
    let params = request.form_params();
    let shown = format!("{params:?}");
    assert!(!shown.contains(TC2_SESSION) && !shown.contains("rt.Gh7"), "{shown}");
    // Debug of a client never shows a query either.
    let client = SoapClient::new(format!("{}?apikey=k-{TC2_SESSION}", server.url("/svc")));
    assert!(!format!("{client:?}").contains(TC2_SESSION));
}

fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(s.split_once('?').map_or("", |(_, q)| q).as_bytes())
        .map(|(k, v)| format!("{k}={v} "))
        .collect()
}

const MEWS_CLIENT_TOKEN: &str = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D";
const MEWS_ACCESS_TOKEN: &str = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D";
const MEWS_TOKEN_VALUE: &str = "tok/Value+9=&<x>";
const AIM_API_KEY: &str = "aim-key-0f9e8d7c";
const AIM_TOKEN: &str = "aim.token-\"quoted\"";
const QUERY_SECRET: &str = "q-secret&=+/?";

fn rest_echoes(s: &str) -> Vec<(&'static str, u16, &'static str, String)> {
    let esc = s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let json = serde_json::to_string(s).unwrap();
    let json_u: String = s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    vec![
        (
            "Mews message",
            400,
            "application/json",
            format!("{{\"Message\":\"Token {} is invalid\"}}", &json[1..json.len() - 1]),
        ),
        (
            "Mews message u-escaped",
            400,
            "application/json",
            format!("{{\"Message\":\"Token {json_u}\",\"Details\":{{\"x\":\"{json_u}\"}}}}"),
        ),
        (
            "ServiceStack details",
            400,
            "application/json",
            json!({"ResponseStatus": {"ErrorCode": "Bad", "Message": "m", "Errors": [{"Message": s}]}}).to_string(),
        ),
        ("text/plain", 500, "text/plain", format!("bad {s}")),
        ("HTML-escaped", 500, "text/html", format!("<b>{esc}</b>")),
        ("percent", 500, "text/plain", form_urlencoded::byte_serialize(s.as_bytes()).collect()),
        ("into a number", 200, "application/json", json!({"Count": s}).to_string()),
        ("as a key", 200, "application/json", json!({"Count": 1, s: 2}).to_string()),
        (
            "XML error",
            500,
            "application/xml",
            format!(
                "<ErrorResponse><ResponseStatus><ErrorCode>E</ErrorCode><Message>{esc}</Message></ResponseStatus></ErrorResponse>"
            ),
        ),
    ]
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CountReply {
    #[serde(rename = "Count")]
    count: i32,
}

#[tokio::test]
async fn rest_secrets_never_echo_into_errors() {
    let body = json!({ "ResourceAccessTokens": [{ "Id": "x", "Value": MEWS_TOKEN_VALUE }] });
    for secret in [MEWS_CLIENT_TOKEN, MEWS_ACCESS_TOKEN, MEWS_TOKEN_VALUE, AIM_API_KEY, AIM_TOKEN, QUERY_SECRET] {
        for (case, status, ct, reply_body) in rest_echoes(secret) {
            let server = serve(move |_, _| reply(status, ct, reply_body.clone())).await;
            let mut client = RestClient::new(server.url(""));
            client.set_secret_body_param("ClientToken", MEWS_CLIENT_TOKEN);
            client.set_secret_body_param("AccessToken", MEWS_ACCESS_TOKEN);
            client.set_secret_header("ApiKey", AIM_API_KEY);
            client.set_secret_header("Token", AIM_TOKEN);
            let err =
                client.call_json::<Value, CountReply>(&GET_ALL, CallParams::default(), Some(&body)).await.unwrap_err();
            let case = format!("{secret} / POST / {case}");
            if secret != QUERY_SECRET {
                assert_clean(&err, secret, &case);
            }
            let query = [("access_token", QUERY_SECRET.to_owned())];
            let params = CallParams { query: &query, ..CallParams::default() };
            // A GET without secret names of its own: `access_token` is secret by its name.
            let err = client.call_json::<(), CountReply>(&STATUS, params, None).await.unwrap_err();
            if secret != MEWS_TOKEN_VALUE && secret != AIM_TOKEN {
                assert_clean(&err, secret, &case.replace("POST", "GET"));
            }
        }
    }
}

/// A two-character password echoed in a fault is blanked where it stands as a word, and the rest
/// of the message is kept (issue 19: values under three characters were printed verbatim).
#[tokio::test]
async fn a_short_password_echoed_in_a_fault_is_blanked_and_nothing_else() {
    let body = fault("Password 'Zq' is wrong for partner Zqa-1; Zq", "");
    let server = serve(move |_, _| reply(500, "text/xml", body.clone())).await;
    let mut client = SoapClient::new(server.url("/svc"));
    client.set_header(AUTH_HEADER, &AuthHeader::new("partner", "Zq"));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &Tc2Request::new(TC2_SESSION, 42, TC2_REFRESH)).await.unwrap_err();
    let Error::Fault(f) = &err else { panic!("{err:?}") };
    assert_eq!(f.reason, "Password '***' is wrong for partner Zqa-1; ***");
    assert!(!format!("{err:?}").contains("'Zq'"), "{err:?}");
}

/// A JSON error under a secret-named property shows its cause when the cause quotes no value
/// (issue 19: a duplicate `IsActive` inside `ResourceAccessTokens` read as `Data error in a secret
/// property (value redacted)`); a value quoted by the error is still cut out.
#[tokio::test]
async fn json_errors_under_secret_properties_keep_causes_that_quote_no_value() {
    let duplicate = r#"{"ResourceAccessTokens":[{"Id":"x","IsActive":true,"IsActive":false}]}"#;
    let too_deep = format!("{{\"RefreshToken\":{}1{}}}", "[".repeat(200), "]".repeat(200));
    let wrong_type = json!({ "AccessToken": 48151623 }).to_string();
    for (body, says, hidden) in [
        (duplicate.to_owned(), "duplicate field `IsActive`", None),
        (too_deep, "recursion limit exceeded", None),
        (wrong_type, "invalid type: (value redacted), expected", Some("48151623")),
    ] {
        let server = serve(move |_, _| reply(200, "application/json", body.clone())).await;
        let client = RestClient::new(server.url(""));
        let request = json!({ "ClientToken": "c", "AccessToken": "a" });
        let err =
            client.call_json::<Value, TokensReply>(&GET_ALL, CallParams::default(), Some(&request)).await.unwrap_err();
        let text = err.chain().to_string();
        assert!(text.contains(says), "{text}");
        if let Some(hidden) = hidden {
            assert!(!text.contains(hidden) && !format!("{err:?}").contains(hidden), "{text}");
        }
    }
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct TokensReply {
    #[serde(rename = "ResourceAccessTokens", default)]
    tokens: Vec<Token>,
    #[serde(rename = "AccessToken", default)]
    access_token: Option<String>,
    #[serde(rename = "RefreshToken", default)]
    refresh_token: Option<Value>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Token {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "IsActive", default)]
    is_active: bool,
    #[serde(rename = "Value", default)]
    value: Option<String>,
}
