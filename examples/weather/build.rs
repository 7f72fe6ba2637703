//! Binds `wsdl/weather.wsdl` (and the schema it includes) at build time: `$OUT_DIR/weather.rs`,
//! regenerated only when one of the files it read changes.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    wsbind_codegen::Builder::new("wsdl/weather.wsdl").module("weather").secret("ApiKey").compile()?;
    Ok(())
}
