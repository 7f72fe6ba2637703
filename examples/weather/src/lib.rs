//! wsbind's example of a crate binding a WSDL of its own: `build.rs` generates the `weather`
//! module from `wsdl/weather.wsdl` with `wsbind_codegen::Builder`, and this file includes it.
//!
//! Only the forecast call is used here: the rest of the module (the stations operation and its
//! types) stays unused without a `dead_code` warning, as in any crate that needs one call.

/// The generated bindings of the example weather service.
mod weather {
    include!(concat!(env!("OUT_DIR"), "/weather.rs"));
}

pub use weather::{ApiKeyHeader, Client, Day, DEFAULT_ADDRESS, Forecast, GetForecast, Sky};

/// The days of the forecast for `city` (`days` of them, or the service's default of 3), asking
/// with `api_key`; a reply without a forecast is an empty list.
pub async fn forecast(client: &Client, api_key: &str, city: &str, days: Option<i32>) -> Result<Vec<Day>, wsbind::Error> {
    let client = client.with_api_key_header(ApiKeyHeader { api_key: api_key.to_owned() });
    let reply = client.get_forecast(&GetForecast { city: city.to_owned(), days }).await?;
    Ok(reply.get_forecast_result.map(|f| f.day).unwrap_or_default())
}
