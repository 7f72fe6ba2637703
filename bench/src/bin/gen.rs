//! `gen INPUT MODULE [OUT]`: wsbind's generator on one WSDL, as `cargo xtask codegen --input`
//! runs it; prints `secs=S lines=L types=T` and writes the module to OUT when given.

use std::path::Path;
use std::time::Instant;

use wsbind_codegen::{Context, ServiceSpec};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: gen INPUT MODULE [OUT]");
        std::process::exit(2);
    }
    let input = Path::new(&args[0]);
    let start = Instant::now();
    let spec = match ServiceSpec::for_input(input, Some(&args[1]), None) {
        Ok(spec) => spec,
        Err(d) => {
            eprintln!("{}", d.render());
            std::process::exit(1);
        }
    };
    let ctx = Context {
        source_root: input.parent().unwrap_or(Path::new(".")).to_path_buf(),
        in_crate: false,
        command: "cargo xtask bench".to_owned(),
        samples: false,
    };
    match wsbind_codegen::generate(&spec, &ctx) {
        Ok(generated) => {
            let secs = start.elapsed().as_secs_f64();
            if let Some(out) = args.get(2)
                && let Err(e) = std::fs::write(out, &generated.code)
            {
                eprintln!("{out}: {e}");
                std::process::exit(1);
            }
            println!("secs={secs:.3} lines={} types={}", generated.code.lines().count(), generated.stats.types);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
