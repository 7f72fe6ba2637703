//! `cargo xtask diff OLD NEW [--format text|json|markdown] [--fail-on wire|rust|any]`: the
//! classified API changes between two descriptions of a service (WSDL, OpenAPI, `.api` snapshot
//! or service folder). A thin front end over `wsbind_codegen::api`.

use std::path::PathBuf;

use clap::Args;
use wsbind_codegen::api::{self, FailOn, Format, report};

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The old description: a WSDL, an OpenAPI .yaml/.yml/.json, a `.api` snapshot or a service folder.
    pub old: PathBuf,
    /// The new description (same kinds as OLD; the two need not be of the same kind).
    pub new: PathBuf,
    /// Report format: `text` (grouped by service, breaking first), `json` or `markdown`.
    #[arg(long, default_value = "text", value_name = "text|json|markdown")]
    pub format: Format,
    /// Exit non-zero when a change is breaking on this axis (`unknown` never fails).
    #[arg(long, value_name = "wire|rust|any")]
    pub fail_on: Option<FailOn>,
}

/// Prints the report; `Err` when a description cannot be read or `--fail-on` trips.
pub fn run(args: &DiffArgs) -> Result<(), String> {
    let (_, changes) = api::compare(&args.old, &args.new).map_err(|e| e.to_string())?;
    print!("{}", report::render(&changes, args.format));
    match args.fail_on {
        Some(axis) if axis.fails(&changes) => Err(format!("breaking API changes ({axis:?} axis, --fail-on)")),
        _ => Ok(()),
    }
}
