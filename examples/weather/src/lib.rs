//! wsbind's example of a crate binding a WSDL of its own: `build.rs` generates the `weather`
//! module from `wsdl/weather.wsdl` with `wsbind_codegen::Builder`, and this file includes it.
//!
//! Only the forecast call is used here: the rest of the module (the stations operation and its
//! types) stays unused without a `dead_code` warning, as in any crate that needs one call.

/// The generated bindings of the example weather service.
mod weather {
    include!(concat!(env!("OUT_DIR"), "/weather.rs"));
}

pub use weather::{ApiKeyHeader, Client, DEFAULT_ADDRESS, Day, Forecast, GetForecast, Sky};

/// A client of the service at `address` that authenticates with `api_key`.
pub fn client(address: &str, api_key: &str) -> Result<Client, wsbind::Error> {
    Client::builder(address).api_key_header(ApiKeyHeader::new(api_key.to_owned())).build()
}

/// The days of the forecast for `city` (`days` of them, or the service's default of 3); a reply
/// without a forecast is an empty list.
pub async fn forecast(client: &Client, city: &str, days: Option<i32>) -> Result<Vec<Day>, wsbind::Error> {
    let mut request = GetForecast::new(city.to_owned());
    request.days = days;
    let forecast = client.get_forecast(&request).await?;
    Ok(forecast.map(|f| f.day).unwrap_or_default())
}

/// This crate's own code (`forecast`) tested against the generated mock of the service (wsbind's
/// `mock` feature, a dev-dependency): no HTTP server to write, no envelope to craft.
#[cfg(test)]
mod tests {
    use wsbind::mock::Fault;
    use wsbind::xml::Text as _;

    use super::weather::{self, mock};

    /// A fake service: two days for Oslo, a fault for any other city.
    struct Fake;

    impl mock::Service for Fake {
        async fn get_forecast(&self, request: weather::GetForecast) -> Result<weather::GetForecastResponse, Fault> {
            if request.city != "Oslo" {
                return Err(Fault::client(format!("unknown city {}", request.city)));
            }
            let day = |date: &str, sky: weather::Sky| {
                let date = wsbind::types::Date::from_text(date).expect("a date");
                weather::Day::new(date, "2".parse().expect("a decimal"), "-3".parse().expect("a decimal"), sky)
            };
            let days = request.days.unwrap_or(3);
            let forecast = weather::Forecast::new("Oslo")
                .day((0..days).map(|n| day(&format!("2026-12-0{}", n + 1), weather::Sky::Snow)).collect::<Vec<_>>());
            Ok(weather::GetForecastResponse::new().get_forecast_result(forecast))
        }
    }

    #[tokio::test]
    async fn forecast_returns_the_days_the_service_sends() {
        let server = mock::serve(Fake).await.expect("mock");
        let client = super::client(&server.address(), "key-123").expect("client");
        let days = super::forecast(&client, "Oslo", Some(2)).await.expect("forecast");
        assert_eq!(days.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(), ["2026-12-01", "2026-12-02"]);
        let err = super::forecast(&client, "Atlantis", None).await.expect_err("a fault");
        assert!(matches!(&err, wsbind::Error::Fault(f) if f.reason == "unknown city Atlantis"), "{err:?}");
    }
}
