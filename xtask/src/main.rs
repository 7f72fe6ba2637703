//! `cargo xtask`: the developers' entry point. A thin clap front end over `wsbind-codegen`:
//! it parses flags, calls the library, and prints what happened.
//!
//! * `cargo xtask codegen` — regenerate every service under `schemas/` into `generated/`
//!   (`--service NAME` for one), writing only changed files, atomically.
//! * `cargo xtask codegen --check` — write nothing; exit non-zero with a unified diff when
//!   `generated/` is stale (CI runs this).
//! * `cargo xtask codegen --input FILE --out DIR [--module NAME] [--catalog FILE] [--secret NAME]...`
//!   — bindings for any WSDL or OpenAPI file outside `schemas/`, referring to the runtime as
//!   `::wsbind`: the same arguments and code as the `wsbind generate` command (`cli/`).
//! * `cargo xtask corpus [--corpus DIR] [--openapi-corpus DIR]` — generate, compile and round-trip
//!   every service of the public WSDL corpus (default `../shared/corpus/`), generate and compile
//!   every description of the OpenAPI corpus (default `../shared/corpus-openapi/`), print a table
//!   for each (see `docs/corpus.md`).
//! * `cargo xtask diff OLD NEW [--format text|json|markdown] [--fail-on wire|rust|any|address]` — the
//!   classified API changes between two descriptions (WSDL, OpenAPI, `.api` snapshot, service
//!   folder); the same command as `wsbind diff`.
//! * `cargo xtask semver-check` — the report's `rust` verdicts checked against the compiler on
//!   every fixture pair of `codegen/tests/fixtures/api/`.
//! * `cargo xtask fuzz [--time SECONDS] [--target NAME]` — the cargo-fuzz targets of `fuzz/`
//!   (needs `cargo install cargo-fuzz` and the nightly toolchain).
//! * `cargo xtask bench [--corpus DIR] [--rounds N] [--iters N] [--no-generation]` — decode/encode
//!   speed and memory against quick-xml serde and a bare scan, generation against xsd-parser, and
//!   the `exchange-ews-full` build; one table (the bench-only crate `bench/`, ~6 minutes).
//!
//! `cargo xtask codegen` also writes `generated/<module>.api`, each service's API snapshot, and
//! prints below each service's line what changed since the committed snapshot: `API unchanged`,
//! or one line per change (`--verbose`: with its detail); `--check` prints only changes.

mod bench;
mod corpus;
mod corpus_openapi;
mod diff;
mod features;
mod fuzz;
mod semver_check;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use wsbind_codegen::api::Regenerated;
use wsbind_codegen::cli::{self, DiffArgs, GenerateArgs};
use wsbind_codegen::{Files, Summary, output};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "wsbind developer tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `schemas/` (or one `--input` file into `--out`).
    Codegen(CodegenArgs),
    /// Generate and compile bindings for every service of a WSDL and an OpenAPI corpus, printing tables.
    Corpus(corpus::CorpusArgs),
    /// Compare two descriptions of a service (WSDL, OpenAPI, `.api` snapshot or service folder):
    /// every API change, classified for old clients vs the new server, new clients vs the old
    /// server, and downstream Rust code.
    Diff(DiffArgs),
    /// Check the API report's `rust` verdicts against the compiler on every fixture pair.
    SemverCheck,
    /// Run the cargo-fuzz targets of `fuzz/` for `--time` seconds each.
    Fuzz(fuzz::FuzzArgs),
    /// Benchmark wsbind against quick-xml serde, a bare event scan and xsd-parser; print one table.
    Bench(bench::BenchArgs),
}

#[derive(Args)]
struct CodegenArgs {
    /// Write nothing; fail with a diff if the output is stale.
    #[arg(long)]
    check: bool,
    /// Only this service (folder name under `schemas/`, or its manifest `module`).
    #[arg(long, conflicts_with = "input")]
    service: Option<String>,
    /// A WSDL or OpenAPI file outside `schemas/` (then `--out` is required).
    #[arg(long, requires = "out")]
    input: Option<PathBuf>,
    /// Output folder for `--input`.
    #[arg(long, requires = "input")]
    out: Option<PathBuf>,
    /// Module (and file) name for `--input`; default: the file's stem in snake_case.
    #[arg(long, requires = "input")]
    module: Option<String>,
    /// XML catalog mapping remote import URLs to local files (for `--input`).
    #[arg(long, requires = "input")]
    catalog: Option<PathBuf>,
    /// One more secret name for `--input` (repeatable); in `schemas/`, `secrets` in `wsbind.toml`.
    #[arg(long = "secret", requires = "input")]
    secrets: Vec<String>,
    /// Print each API change with its full detail (old and new values, the reason for each verdict).
    #[arg(long, short)]
    verbose: bool,
    /// OpenAPI `--input`: fail where a construct would be kept as raw JSON or an operation left out.
    #[arg(long, requires = "input")]
    strict: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(&args),
        Command::Corpus(args) => corpus::run(&args, &repo_root()),
        Command::Diff(args) => diff::run(&args),
        Command::SemverCheck => semver_check::run(&repo_root()),
        Command::Fuzz(args) => fuzz::run(&args, &repo_root()),
        Command::Bench(args) => bench::run(&args, &repo_root()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one folder below it.
fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn codegen(args: &CodegenArgs) -> Result<(), String> {
    if let (Some(input), Some(out)) = (&args.input, &args.out) {
        let generate = GenerateArgs {
            input: input.clone(),
            out: out.clone(),
            module: args.module.clone(),
            catalog: args.catalog.clone(),
            secrets: args.secrets.clone(),
            check: args.check,
            strict: args.strict,
            verbose: args.verbose,
        };
        let out = cli::generate(&generate, "cargo xtask codegen --input").map_err(|e| e.to_string())?;
        print!("{out}");
        return Ok(());
    }
    let root = repo_root();
    let (files, generated) =
        wsbind_codegen::generate_repo(&root, args.service.as_deref()).map_err(|e| e.to_string())?;
    if generated.is_empty() {
        return Err(match &args.service {
            Some(name) => format!("no service named `{name}` under schemas/"),
            None => "no services under schemas/".to_owned(),
        });
    }
    let modules: Vec<&str> = generated.iter().map(|g| g.module.as_str()).collect();
    features::ensure(&root, &modules, args.check)?;
    let out_dir = root.join("generated");
    let options = Options { check: args.check, report_orphans: args.service.is_none(), verbose: args.verbose };
    finish(&out_dir, &files, &generated, options, wsbind_codegen::REPO_COMMAND)
}

#[derive(Clone, Copy)]
struct Options {
    check: bool,
    report_orphans: bool,
    verbose: bool,
}

/// What changed in each service's API since the committed `<module>.api`, per module.
fn api_reports(out_dir: &Path, files: &Files, generated: &[Summary]) -> Vec<Regenerated> {
    generated
        .iter()
        .map(|g| {
            let file = wsbind_codegen::api_file(&g.module);
            let new = files.get(&file).map(String::as_str).unwrap_or_default();
            Regenerated::compare(&g.module, &out_dir.join(&file), new)
        })
        .collect()
}

/// Prints a service's summary line and the API report below it, indented (in check mode only
/// when the API changed).
fn print_service(g: &Summary, state: &str, api: &Regenerated, options: Options) {
    println!("{}", g.line(state));
    if options.check && !api.changed() {
        return;
    }
    for line in api.lines(options.verbose) {
        println!("  {line}");
    }
}

/// Writes (or checks) the files and prints one summary line per service, followed by the
/// service's API changes since the committed snapshot.
fn finish(out_dir: &Path, files: &Files, generated: &[Summary], options: Options, command: &str) -> Result<(), String> {
    let reports = api_reports(out_dir, files, generated);
    if options.check {
        let stale = output::check(out_dir, files);
        let orphans = if options.report_orphans { output::orphans(out_dir, files) } else { Vec::new() };
        for (g, report) in generated.iter().zip(&reports) {
            let api = wsbind_codegen::api_file(&g.module);
            let state = if stale.iter().any(|s| s.path == g.file || s.path == api) { "STALE" } else { "up to date" };
            print_service(g, state, report, options);
        }
        if stale.is_empty() && orphans.is_empty() {
            return Ok(());
        }
        return Err(output::describe_stale(&stale, &orphans, command));
    }
    let report = output::sync(out_dir, files).map_err(|e| format!("cannot write {}: {e}", out_dir.display()))?;
    for (g, api_report) in generated.iter().zip(&reports) {
        let api = wsbind_codegen::api_file(&g.module);
        let written = [&g.file, &api].into_iter().filter(|f| report.written.contains(f)).count();
        let state = match written {
            0 => "unchanged".to_owned(),
            1 => "1 file written".to_owned(),
            n => format!("{n} files written"),
        };
        print_service(g, &state, api_report, options);
    }
    if report.written.iter().any(|f| f.as_os_str() == "mod.rs") {
        println!("mod.rs: written");
    }
    if options.report_orphans {
        for o in output::orphans(out_dir, files) {
            println!("warning: {} is not produced by any service; delete it", o.display());
        }
    }
    Ok(())
}
