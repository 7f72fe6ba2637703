//! `cargo xtask diff OLD NEW [--format text|json|markdown] [--fail-on wire|rust|any|address]`: the
//! classified API changes between two descriptions of a service (WSDL, OpenAPI, `.api` snapshot
//! or service folder). The arguments and the work are `wsbind_codegen::cli::diff`, shared with
//! `wsbind diff`.

use wsbind_codegen::cli::{self, DiffArgs};

/// Prints the report; `Err` when a description cannot be read or `--fail-on` trips.
pub fn run(args: &DiffArgs) -> Result<(), String> {
    let (report, fails) = cli::diff(args).map_err(|e| e.to_string())?;
    print!("{report}");
    match args.fail_on {
        Some(axis) if fails => Err(format!("breaking API changes (--fail-on {})", axis.as_str())),
        _ => Ok(()),
    }
}
