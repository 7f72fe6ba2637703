//! `xsd-parser-gen FILE...`: xsd-parser's library API on the given schema files (all types,
//! quick-xml serializer and deserializer, as its README's full example), formatted with
//! prettyplease as wsbind's output is; prints `secs=S lines=L`.

use std::path::PathBuf;
use std::time::Instant;

use xsd_parser::config::{Generate, Schema};
use xsd_parser::{Config, generate};

fn main() {
    let files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let start = Instant::now();
    let mut config = Config::default().with_schemas(files.into_iter().map(Schema::File)).with_quick_xml();
    config.generator.generate = Generate::All;
    let tokens = match generate(config) {
        Ok(tokens) => tokens,
        Err(e) => {
            eprintln!("xsd-parser: {e}");
            std::process::exit(1);
        }
    };
    let code = match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        Err(e) => {
            eprintln!("xsd-parser output does not parse: {e}");
            std::process::exit(1);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    println!("secs={secs:.3} lines={}", code.lines().count());
}
