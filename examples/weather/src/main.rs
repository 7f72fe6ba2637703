//! `weather-forecast CITY [ADDRESS]`: prints the forecast of CITY from the example weather
//! service (the API key from `WEATHER_API_KEY`). A binary that includes its generated module and
//! uses one operation of it: the rest (the stations operation and its types) compiles without a
//! `dead_code` warning.

mod weather {
    include!(concat!(env!("OUT_DIR"), "/weather.rs"));
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let city = args.next().ok_or("usage: weather-forecast CITY [ADDRESS]")?;
    let address = args.next().unwrap_or_else(|| weather::DEFAULT_ADDRESS.to_owned());
    let api_key = std::env::var("WEATHER_API_KEY").unwrap_or_default();
    let client = weather::Client::builder(address).api_key_header(weather::ApiKeyHeader::new(api_key)).build()?;
    let forecast = client.get_forecast(&weather::GetForecast::new(city)).await?;
    for day in forecast.map(|f| f.day).unwrap_or_default() {
        println!("{} {} {}..{} °C", day.date, day.sky, day.low_c, day.high_c);
    }
    Ok(())
}
