//! The example crate's bindings against an in-process SOAP server: the request the client sends
//! (action, header with the API key, body) and the reply it decodes.

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REPLY: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <GetForecastResponse xmlns="urn:example:weather">
      <GetForecastResult>
        <City>Oslo</City>
        <Day><Date>2026-12-01</Date><HighC>-1.5</HighC><LowC>-7</LowC><Sky>Snow</Sky></Day>
        <Day><Date>2026-12-02</Date><HighC>2</HighC><LowC>-3.25</LowC><Sky>Fog</Sky><Note>Slippery roads</Note></Day>
      </GetForecastResult>
    </GetForecastResponse>
  </soap:Body>
</soap:Envelope>"#;

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/soap"))
        .and(header("SOAPAction", "\"urn:example:weather/GetForecast\""))
        .respond_with(ResponseTemplate::new(200).set_body_raw(REPLY, "text/xml; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn forecast_sends_the_key_and_decodes_every_day() {
    let server = server().await;
    let client = weather_example::client(&format!("{}/soap", server.uri()), "key-123").expect("client");
    let days = weather_example::forecast(&client, "Oslo", Some(2)).await.expect("forecast");

    assert_eq!(days.len(), 2);
    assert_eq!(days[0].date.to_string(), "2026-12-01");
    assert_eq!(days[0].high_c.to_string(), "-1.5");
    assert_eq!(days[0].low_c.to_string(), "-7");
    assert_eq!(days[0].sky, weather_example::Sky::Snow);
    assert_eq!(days[0].note, None);
    // A value the schema does not list is kept, not an error.
    assert_eq!(days[1].sky, weather_example::Sky::Unknown("Fog".to_owned()));
    assert_eq!(days[1].note.as_deref(), Some("Slippery roads"));

    let requests = server.received_requests().await.expect("recorded");
    let body = String::from_utf8(requests[0].body.clone()).expect("UTF-8");
    // Compared as XML trees: prefixes and insignificant whitespace do not matter.
    wsbind::xml::compare::assert_same_xml(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
             <s:Header><ApiKeyHeader xmlns="urn:example:weather"><ApiKey>key-123</ApiKey></ApiKeyHeader></s:Header>
             <s:Body><GetForecast xmlns="urn:example:weather"><City>Oslo</City><Days>2</Days></GetForecast></s:Body>
           </s:Envelope>"#,
        &body,
    );
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_output() {
    let header = weather_example::ApiKeyHeader::new("key-123".to_owned());
    let shown = format!("{header:?}");
    assert!(!shown.contains("key-123"), "{shown}");
}

#[tokio::test]
async fn the_binary_prints_the_forecast() {
    let server = server().await;
    let address = format!("{}/soap", server.uri());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_weather-forecast"))
            .args(["Oslo", &address])
            .env("WEATHER_API_KEY", "key-123")
            .output()
            .expect("the binary runs")
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "2026-12-01 Snow -7..-1.5 °C\n2026-12-02 Fog -3.25..2 °C\n");
}
