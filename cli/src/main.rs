//! `wsbind`: typed Rust bindings from a WSDL 1.1 (with its XSD) or OpenAPI 3 file, for crates that
//! commit their generated code. A thin clap front end: the arguments and the work are
//! `wsbind_codegen::cli`, shared with `cargo xtask` and the build-script `Builder`.
//!
//! ```text
//! wsbind generate INPUT --out DIR [--module NAME] [--catalog FILE] [--secret NAME]... [--check] [--verbose]
//! wsbind diff OLD NEW [--format text|json|markdown] [--fail-on wire|rust|any|address] [--module NAME] [--verbose]
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wsbind_codegen::cli::{self, DiffArgs, GenerateArgs};

#[derive(Parser)]
#[command(name = "wsbind", version, about = "Typed Rust bindings from WSDL 1.1 and OpenAPI 3 descriptions")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate one module (DIR/<module>.rs) and its API snapshot (DIR/<module>.api) from a WSDL
    /// or OpenAPI file, and print what changed in the API since the previous snapshot; with
    /// --check, write nothing and fail with a diff when a file is stale.
    Generate(GenerateArgs),
    /// Compare two descriptions of a service (WSDL, OpenAPI, `.api` snapshot or service folder):
    /// every API change, classified for old clients vs the new server, new clients vs the old
    /// server, and downstream Rust code.
    Diff(DiffArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(args) => cli::generate(&args, "wsbind generate").map(|out| (out, false)),
        Command::Diff(args) => cli::diff(&args),
    };
    match result {
        Ok((out, fails)) => {
            print!("{out}");
            if fails {
                eprintln!("breaking API changes (--fail-on)");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
