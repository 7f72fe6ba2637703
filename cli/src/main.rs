//! `wsbind`: typed Rust bindings from a WSDL 1.1 (with its XSD) or OpenAPI 3 file, for crates that
//! commit their generated code. A thin clap front end: the arguments and the work are
//! `wsbind_codegen::cli`, shared with `cargo xtask` and the build-script `Builder`.
//!
//! ```text
//! wsbind generate INPUT --out DIR [--module NAME] [--catalog FILE] [--secret NAME]... [--check]
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wsbind_codegen::cli::{self, GenerateArgs};

#[derive(Parser)]
#[command(name = "wsbind", version, about = "Typed Rust bindings from WSDL 1.1 and OpenAPI 3 descriptions")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate one module (DIR/<module>.rs) from a WSDL or OpenAPI file; with --check, write
    /// nothing and fail with a diff when the file is stale.
    Generate(GenerateArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(args) => cli::generate(&args, "wsbind generate"),
    };
    match result {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
