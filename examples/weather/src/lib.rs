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
