//! The command-line surface shared by the `wsbind` command (`cli/`) and `cargo xtask` (feature
//! `cli`, which brings in clap): the arguments of `generate` and `diff` and what running them
//! prints. Both front ends parse into [`GenerateArgs`] and call [`generate`], which goes through
//! [`Builder`], the build-script API: one implementation behind the three; and both parse into
//! [`DiffArgs`] and call [`diff`] (`crate::api`).

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::{Builder, Error};

/// `generate INPUT --out DIR [--module NAME] [--catalog FILE] [--secret NAME]... [--check]`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// A WSDL 1.1 file (imports and includes are read relative to it) or an OpenAPI 3.0
    /// .yaml/.yml/.json file.
    pub input: PathBuf,
    /// Output folder; the module is written to `DIR/<module>.rs`.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Module (and file) name; default: the input's file stem in snake_case.
    #[arg(long, value_name = "NAME")]
    pub module: Option<String>,
    /// OASIS XML catalog mapping remote import URLs to local files (default: catalog.xml beside
    /// the input, when present).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// One more element/property/parameter name whose values are secret (redacted in Debug
    /// output and errors), besides the built-in name rule. Repeatable.
    #[arg(long = "secret", value_name = "NAME")]
    pub secrets: Vec<String>,
    /// Write nothing; fail with a unified diff when the file on disk is stale.
    #[arg(long)]
    pub check: bool,
    /// OpenAPI: fail where a construct not modelled yet would be kept as a raw JSON value (or an
    /// operation left out); without it each is a warning naming file, line and column.
    #[arg(long)]
    pub strict: bool,
    /// Print each API change with its full detail (old and new values, the reason for each
    /// verdict) below its line.
    #[arg(long, short)]
    pub verbose: bool,
}

impl GenerateArgs {
    /// The command line that regenerates the same file, as the user gave its paths: `program`
    /// (e.g. `wsbind generate`) followed by the input and every option, `--module` always
    /// (so a rerun writes the same file name) and never `--check`.
    pub fn command_line(&self, program: &str, module: &str) -> String {
        let mut line = format!("{program} {} --out {} --module {module}", quoted(&self.input), quoted(&self.out));
        if let Some(catalog) = &self.catalog {
            let _ = write!(line, " --catalog {}", quoted(catalog));
        }
        for secret in &self.secrets {
            let _ = write!(line, " --secret {secret}");
        }
        if self.strict {
            line.push_str(" --strict");
        }
        line
    }

    /// The builder these arguments describe; `program` names the command in the file header.
    pub fn builder(&self, program: &str) -> Builder {
        let mut builder = Builder::new(&self.input).out_dir(&self.out);
        let module = match &self.module {
            Some(m) => m.clone(),
            None => crate::services::default_module_name(&self.input),
        };
        builder = builder.module(&module).command(self.command_line(program, &module));
        if let Some(catalog) = &self.catalog {
            builder = builder.catalog(catalog);
        }
        for secret in &self.secrets {
            builder = builder.secret(secret);
        }
        builder.strict(self.strict)
    }
}

/// Runs `generate`: writes (or with `--check`, compares) the module and its `.api` snapshot, and
/// returns what to print: the summary line, then the API changes since the previous snapshot in
/// that folder, indented ([`crate::api::Regenerated::lines`]):
///
/// ```text
/// weather: 2 operations, 5 types, 310 lines, 2 files written (12 ms)
///   API: 1 change: 0 break the wire, 1 breaks Rust
///     ~ type/Forecast/field/City: occurs 1..1 -> 0..1  [old-client:ok new-client:ok rust:BREAKS]
/// ```
///
/// or `  API unchanged`, or `  API: first generation, ...`. With `--check`, only the summary line.
pub fn generate(args: &GenerateArgs, program: &str) -> Result<String, Error> {
    let builder = args.builder(program);
    if args.check {
        let generated = builder.check()?;
        let (summary, _) = generated.into_parts();
        return Ok(format!("{}\n", summary.line("up to date")));
    }
    let written = builder.write()?;
    let mut out = String::new();
    for warning in &written.generated.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let state = written.state();
    let api = written.api.lines(args.verbose);
    let (summary, _) = written.generated.into_parts();
    let _ = writeln!(out, "{}", summary.line(state));
    for line in api {
        let _ = writeln!(out, "  {line}");
    }
    Ok(out)
}

/// `diff OLD NEW [--format text|json|markdown] [--fail-on wire|rust|any|address] [--module NAME] [--verbose]`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The old description: a WSDL, an OpenAPI .yaml/.yml/.json, a `.api` snapshot or a service
    /// folder (as under `schemas/`).
    pub old: PathBuf,
    /// The new description (same kinds as OLD; the two need not be of the same kind).
    pub new: PathBuf,
    /// Report format: `text` (grouped by service, breaking first), `json` or `markdown`.
    #[arg(long, default_value = "text", value_name = "text|json|markdown")]
    pub format: crate::api::Format,
    /// Exit non-zero when a change is breaking on this axis (`unknown` never fails); `address`
    /// fails on wire-breaking changes and on a changed endpoint address too.
    #[arg(long, value_name = "wire|rust|any|address")]
    pub fail_on: Option<crate::api::FailOn>,
    /// OASIS XML catalog mapping remote import URLs to local files, for both descriptions
    /// (default: a service folder's own, or catalog.xml beside a WSDL).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// The service's module name in the report (default: as a `.api` side names it, else the new
    /// description's file stem in snake_case or its folder's manifest).
    #[arg(long, value_name = "NAME")]
    pub module: Option<String>,
    /// Text format: print each change with its full detail (old and new values, the reason for
    /// each verdict) below its line.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Runs `diff`: the report to print, and whether `--fail-on` trips (then the caller prints the
/// report and exits non-zero). `Err` when a description cannot be read.
pub fn diff(args: &DiffArgs) -> Result<(String, bool), Error> {
    let (_, changes) = crate::api::compare_as(&args.old, &args.new, args.catalog.as_deref(), args.module.as_deref())?;
    let report = match args.format {
        crate::api::Format::Text => crate::api::report::compact(&changes, args.verbose),
        format => crate::api::report::render(&changes, format),
    };
    Ok((report, args.fail_on.is_some_and(|axis| axis.fails(&changes))))
}

/// A path as given, quoted for a POSIX shell when it holds anything but plain characters.
fn quoted(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:=@,".contains(c));
    if plain { text } else { format!("'{}'", text.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(input: &str) -> GenerateArgs {
        GenerateArgs {
            input: input.into(),
            out: "src/gen".into(),
            module: None,
            catalog: None,
            secrets: Vec::new(),
            check: true,
            strict: false,
            verbose: false,
        }
    }

    #[test]
    fn the_command_line_names_every_option_as_given() {
        let mut a = args("wsdl/Weather Service.wsdl");
        a.catalog = Some("wsdl/catalog.xml".into());
        a.secrets = vec!["ApiKey".into(), "Pin".into()];
        assert_eq!(
            a.command_line("wsbind generate", "weather_service"),
            "wsbind generate 'wsdl/Weather Service.wsdl' --out src/gen --module weather_service \
             --catalog wsdl/catalog.xml --secret ApiKey --secret Pin"
        );
        assert_eq!(args("../a/b.wsdl").command_line("x", "b"), "x ../a/b.wsdl --out src/gen --module b");
    }
}
