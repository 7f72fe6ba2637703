//! `cargo xtask corpus`: generates bindings for every service of a WSDL corpus and every
//! description of an OpenAPI corpus ([`crate::corpus_openapi`]), compiles them in one scratch
//! crate against this checkout's runtime, and prints a Markdown table for each.
//!
//! A *set* is a folder of the corpus (`../shared/corpus/<set>/`, folders starting with `_` are
//! shared support files). Every folder inside a set that holds `.wsdl` files contributes its
//! top-level WSDLs (those no other WSDL there imports); each is one generated module named
//! `<set>` or, when a set has several, `<set>_<file stem>`. Remote imports resolve through
//! `xtask/corpus/<set>.catalog.xml` when it exists (the generator never fetches).
//!
//! Some sets are broken by their publisher; [`EXPECTED_ERRORS`] lists them with a fragment the
//! error must contain. Such a row passes when the generator reports exactly that, at a position
//! (file:line:col), and fails if it suddenly generates (or fails differently, or without a
//! position). Every other set must generate, each of its modules with at least one operation; the
//! sets of [`EXPECTED_SETS`] and [`EXPECTED_ERRORS`] must be in the corpus (a set that disappears
//! would silently stop being checked). The corpus is not part of the repository: without it the run
//! stops at once with one line saying so.
//!
//! Compilation is one `cargo test` build of a crate whose `lib.rs` declares every module, in the
//! shared `target/corpus` directory; errors are attributed to modules through their file paths
//! (and to a module's round-trip fixtures when they point below its `mod samples`). Modules are
//! generated (a second time, untimed: the table's time and line count are those of the plain
//! module) with the emitter's `samples` option: each then holds a test that encodes and decodes
//! one synthetic value per generated type (`wsbind::samples`); the table shows how many came back.
//! The hand-written tests `xtask/corpus/tests/<module>_*.rs` (the EWS sample responses, the
//! rpc/encoded replies) are copied into the crate's `tests/` when their module was generated, and
//! run too (`WSBIND_CORPUS` names the corpus folder). `--write-doc` puts the table into
//! `docs/corpus.md`. The method is described there.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use wsbind_codegen::{Context, ServiceSpec};

use crate::corpus_openapi;

/// Sets whose generation must fail, with a fragment of the expected message.
const EXPECTED_ERRORS: &[(&str, &str)] = &[("workday-hr", "message `wd-wsdl:Workday_Common_HeaderMsg` is not defined")];

/// Sets the corpus must hold, each generating modules with operations.
const EXPECTED_SETS: &[&str] = &[
    "bluedart-wcf",
    "calculator",
    "countryinfo",
    "dat-vehicleselection",
    "exchange-ews",
    "exchange-ews-full",
    "globalweather",
    "jira-soap",
    "mantisbt",
    "noaa-ndfd",
    "numberconversion",
    "onvif",
    "paypal",
    "salesforce-partner",
    "tempconvert",
    "texas-geocoder",
    "wcf-service1",
];

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// The corpus folder: the public WSDL sets, kept outside the repository.
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// The OpenAPI corpus folder: one `<name>/openapi.yaml` per public description.
    #[arg(long, default_value = "../shared/corpus-openapi")]
    openapi_corpus: PathBuf,
    /// Generate only; skip building and testing the scratch crate.
    #[arg(long)]
    no_compile: bool,
    /// Build the scratch crate but do not run its tests.
    #[arg(long)]
    no_test: bool,
    /// Folder for the scratch crate (`corpus-crate/`) and its build (`corpus/`); default `target/`.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Replace the table in `docs/corpus.md` (between its `corpus-table` markers).
    #[arg(long)]
    write_doc: bool,
    /// Only the sets whose folder name contains this text.
    #[arg(long)]
    only: Option<String>,
}

/// One row of the table.
struct Row {
    set: String,
    module: String,
    input_bytes: u64,
    outcome: Outcome,
}

enum Outcome {
    Generated {
        operations: usize,
        types: usize,
        lines: usize,
        /// The alternatives typed as enums, and what is kept loosely (`alternatives_text`).
        alternatives: String,
        elapsed: Duration,
        compile: Compile,
        round_trips: RoundTrips,
    },
    ExpectedError(String),
    Failed(String),
}

/// Round-trip results of a module's fixtures.
#[derive(Clone, Debug, PartialEq)]
enum RoundTrips {
    /// Not run (`--no-compile`, `--no-test`, or the module does not compile).
    NotRun,
    /// The fixtures did not build; the module was tested without them.
    BuildFailed(String),
    /// The test binary printed no summary for the module (it crashed).
    NoResult,
    /// `passed` of `total` types came back (`as_xml` of them compared as XML because they hold
    /// raw XML); `(type, reason)` per failure.
    Ran { passed: usize, total: usize, as_xml: usize, failures: Vec<(String, String)> },
}

#[derive(Clone)]
enum Compile {
    Skipped,
    Ok,
    Failed(String),
}

pub fn run(args: &CorpusArgs, root: &Path) -> Result<(), String> {
    let wall = Instant::now();
    let corpus = if args.corpus.is_absolute() { args.corpus.clone() } else { root.join(&args.corpus) };
    if !corpus.is_dir() {
        return Err(format!(
            "error: no corpus at {} (pass --corpus DIR; the corpus is the public WSDL sets kept outside the repository)",
            args.corpus.display()
        ));
    }
    let openapi_corpus =
        if args.openapi_corpus.is_absolute() { args.openapi_corpus.clone() } else { root.join(&args.openapi_corpus) };
    let descriptions = corpus_openapi::list(&openapi_corpus, args.only.as_deref())?;
    let sets = list_sets(&corpus, args.only.as_deref())?;
    let missing = missing_sets(&sets, args.only.as_deref());
    let work = args.work_dir.clone().unwrap_or_else(|| root.join("target"));
    let scratch = work.join("corpus-crate");
    let src = scratch.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;

    let mut rows = Vec::new();
    let mut sources = BTreeMap::new();
    for set in &sets {
        let inputs = top_level_wsdls(&corpus.join(set));
        let catalog = root.join("xtask/corpus").join(format!("{set}.catalog.xml"));
        let catalog = catalog.is_file().then_some(catalog);
        for input in &inputs {
            let module = module_name(set, input, inputs.len());
            let row = generate_one(set, &module, input, catalog.as_deref(), &corpus, &mut sources);
            rows.push(row);
        }
    }
    let mut openapi_rows: Vec<corpus_openapi::Row> =
        descriptions.iter().map(|name| corpus_openapi::generate_one(&openapi_corpus, name, &mut sources)).collect();
    let generation = wall.elapsed();

    let mut build = None;
    if !args.no_compile {
        let outcome = build_and_test(root, &work, &corpus, &sources, !args.no_test)?;
        for row in &mut rows {
            if let Outcome::Generated { compile, round_trips, .. } = &mut row.outcome {
                *compile = outcome.compile.get(&row.module).cloned().unwrap_or(Compile::Ok);
                *round_trips = outcome.round_trips.get(&row.module).cloned().unwrap_or(RoundTrips::NotRun);
            }
        }
        let failed: BTreeMap<String, String> = outcome
            .compile
            .iter()
            .filter_map(|(m, c)| match c {
                Compile::Failed(text) => Some((m.clone(), text.clone())),
                _ => None,
            })
            .collect();
        corpus_openapi::set_compiled(&mut openapi_rows, &failed);
        let fixtures_failed: BTreeMap<String, String> = outcome
            .round_trips
            .iter()
            .filter_map(|(m, r)| match r {
                RoundTrips::BuildFailed(text) if m.starts_with("oas_") => Some((m.clone(), text.clone())),
                _ => None,
            })
            .collect();
        if !args.no_test {
            corpus_openapi::set_examples(&mut openapi_rows, &outcome.examples, &fixtures_failed);
        }
        build = Some(outcome);
    }

    let table = table(&rows);
    println!("{table}");
    let openapi_report = corpus_openapi::report(&openapi_rows);
    println!("\n{openapi_report}");
    let mut failures: Vec<String> = corpus_openapi::failures(&openapi_rows, args.only.as_deref());
    if !missing.is_empty() {
        failures.push(format!("expected sets missing from {}: {}", corpus.display(), missing.join(", ")));
    }
    for row in &rows {
        if let Outcome::Generated { operations: 0, .. } = row.outcome {
            failures.push(format!("{} ({}) generated no operations", row.module, row.set));
        }
        match &row.outcome {
            Outcome::Failed(message) => failures.push(format!("{} ({}):\n{message}", row.module, row.set)),
            Outcome::Generated { compile: Compile::Failed(message), .. } => {
                failures.push(format!("{} ({}) does not compile:\n{message}", row.module, row.set))
            }
            Outcome::Generated { round_trips, .. } => {
                if let Some(problem) = round_trip_problem(round_trips) {
                    failures.push(format!("{} ({}) {problem}", row.module, row.set));
                }
            }
            Outcome::ExpectedError(_) => {}
        }
    }
    if let Some(build) = &build {
        println!("\n{}", build.tests_line());
        if let Some(problem) = &build.tests_failure {
            failures.push(problem.clone());
        }
        // With `--only`, tests of the sets left out are expected not to match; without it, a test
        // whose module is gone (a renamed set, a module that stopped generating) would silently stop
        // running.
        if args.only.is_none() && !build.unmatched_tests.is_empty() {
            failures.push(format!(
                "hand-written corpus tests name no generated module (xtask/corpus/tests/<module>_*.rs): {}",
                build.unmatched_tests.join(", ")
            ));
        }
        println!(
            "\nWall time: generation {:.1} s, build {:.1} s, tests {:.1} s, total {:.1} s.",
            generation.as_secs_f64(),
            build.build_time.as_secs_f64(),
            build.test_time.as_secs_f64(),
            wall.elapsed().as_secs_f64()
        );
    }
    if args.write_doc {
        write_doc(root, "corpus-table", &table)?;
        write_doc(root, "openapi-table", &openapi_report)?;
    }
    for failure in &failures {
        eprintln!("\n{failure}");
    }
    if failures.is_empty() { Ok(()) } else { Err(format!("{} corpus check(s) failed", failures.len())) }
}

/// Why a module's round-trip result fails the run, if it does.
fn round_trip_problem(round_trips: &RoundTrips) -> Option<String> {
    match round_trips {
        RoundTrips::NotRun => None,
        RoundTrips::BuildFailed(message) => Some(format!("round-trip fixtures do not compile:\n{message}")),
        RoundTrips::NoResult => Some("round-trip test printed no result (the test binary crashed)".to_owned()),
        RoundTrips::Ran { passed, total, failures, .. } if failures.is_empty() && passed == total => None,
        RoundTrips::Ran { passed, total, failures, .. } => {
            let mut text = format!("round-trips {passed}/{total}; failures:");
            for (ty, reason) in failures.iter().take(20) {
                let _ = write!(text, "\n  {ty}: {reason}");
            }
            if failures.len() > 20 {
                let _ = write!(text, "\n  ... and {} more", failures.len() - 20);
            }
            Some(text)
        }
    }
}

/// Replaces the text in `docs/corpus.md` between `<!-- {marker}:start -->` and
/// `<!-- {marker}:end -->`.
fn write_doc(root: &Path, marker: &str, table: &str) -> Result<(), String> {
    let (start, end) = (format!("<!-- {marker}:start -->"), format!("<!-- {marker}:end -->"));
    let path = root.join("docs/corpus.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(a), Some(b)) = (text.find(&start), text.find(&end)) else {
        return Err(format!("{}: no `{start}` ... `{end}` markers", path.display()));
    };
    if b < a {
        return Err(format!("{}: `{end}` comes before `{start}`", path.display()));
    }
    let updated = format!("{}{start}\n{table}\n{}", &text[..a], &text[b..]);
    std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))
}

/// The sets of [`EXPECTED_SETS`] and [`EXPECTED_ERRORS`] (those matching `only`) not in `sets`.
fn missing_sets(sets: &[String], only: Option<&str>) -> Vec<String> {
    EXPECTED_SETS
        .iter()
        .chain(EXPECTED_ERRORS.iter().map(|(set, _)| set))
        .filter(|set| only.is_none_or(|o| set.contains(o)))
        .filter(|set| !sets.iter().any(|s| s == *set))
        .map(|set| (*set).to_owned())
        .collect()
}

fn list_sets(corpus: &Path, only: Option<&str>) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut sets: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('_') && !name.starts_with('.'))
        .filter(|name| only.is_none_or(|o| name.contains(o)))
        .collect();
    sets.sort();
    Ok(sets)
}

/// Top-level WSDLs of every folder below `dir` that holds WSDL files, sorted by path.
fn top_level_wsdls(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut has_wsdl = false;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "wsdl") {
                has_wsdl = true;
            }
        }
        if has_wsdl {
            found.extend(wsbind_codegen::wsdl::top_level_wsdls(&folder));
        }
    }
    found.sort();
    found
}

fn module_name(set: &str, input: &Path, inputs_in_set: usize) -> String {
    use heck::ToSnakeCase;
    let set = set.to_snake_case();
    if inputs_in_set == 1 {
        return set;
    }
    let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("service").to_snake_case();
    format!("{set}_{stem}")
}

fn generate_one(
    set: &str,
    module: &str,
    input: &Path,
    catalog: Option<&Path>,
    corpus: &Path,
    sources: &mut BTreeMap<String, String>,
) -> Row {
    let input_bytes = schema_bytes(input.parent().unwrap_or(input));
    let row = |outcome| Row { set: set.to_owned(), module: module.to_owned(), input_bytes, outcome };
    let spec = match ServiceSpec::for_input(input, Some(module), catalog) {
        Ok(spec) => spec,
        Err(d) => return row(Outcome::Failed(d.render())),
    };
    let mut ctx = Context {
        source_root: corpus.to_path_buf(),
        in_crate: false,
        command: "cargo xtask corpus".to_owned(),
        samples: false,
    };
    // Timed as users run it; the module for the scratch crate is generated again with the
    // round-trip fixtures.
    let start = Instant::now();
    let result = wsbind_codegen::generate(&spec, &ctx);
    let elapsed = start.elapsed();
    ctx.samples = true;
    let result =
        result.and_then(|plain| wsbind_codegen::generate(&spec, &ctx).map(|with_samples| (plain, with_samples.code)));
    let expected = EXPECTED_ERRORS.iter().find(|(s, _)| *s == set).map(|(_, fragment)| *fragment);
    match (result, expected) {
        (Ok((generated, with_samples)), None) => {
            sources.insert(module.to_owned(), with_samples);
            row(Outcome::Generated {
                operations: generated.stats.operations,
                types: generated.stats.types,
                lines: generated.stats.lines,
                alternatives: alternatives_text(&generated.stats.sums),
                elapsed,
                compile: Compile::Skipped,
                round_trips: RoundTrips::NotRun,
            })
        }
        (Ok(_), Some(fragment)) => row(Outcome::Failed(format!(
            "generated, but this set is broken by its publisher: expected an error mentioning `{fragment}`"
        ))),
        (Err(error), Some(fragment)) => row(expected_error(&error, fragment)),
        (Err(error), None) => row(Outcome::Failed(error.to_string())),
    }
}

/// The outcome of a set that must fail with `fragment`: expected when a positioned diagnostic
/// (file:line:col) says it, failed otherwise.
fn expected_error(error: &wsbind_codegen::Error, fragment: &str) -> Outcome {
    let text = error.to_string();
    if !text.contains(fragment) {
        return Outcome::Failed(format!("expected an error mentioning `{fragment}`, got:\n{text}"));
    }
    let positioned = matches!(error, wsbind_codegen::Error::Schema(diagnostics)
        if diagnostics.iter().any(|d| d.line > 0 && d.column > 0 && d.message.contains(fragment)));
    if !positioned {
        return Outcome::Failed(format!("the expected error has no file:line:col position:\n{text}"));
    }
    Outcome::ExpectedError(text.lines().next().unwrap_or_default().to_owned())
}

/// Total size of the schema files (WSDL/XSD and extension-less schema files) beside an input.
fn schema_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "wsdl" || x == "xsd"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The first line of the round-trip fixtures in a generated module (see the emitter's `samples`).
const SAMPLES_MARKER: &str = "/// Round-trip fixtures: a synthetic value per generated type";

/// The first line of the example fixtures of a REST-only module (the emitter's `samples`).
const EXAMPLES_MARKER: &str = "/// Example fixtures: the description's reply examples";

/// What building and testing the scratch crate gave.
#[derive(Default)]
struct BuildOutcome {
    /// Modules that do not compile (left out of the crate for the tests).
    compile: BTreeMap<String, Compile>,
    round_trips: BTreeMap<String, RoundTrips>,
    /// The OpenAPI modules' reply examples, by module.
    examples: BTreeMap<String, corpus_openapi::ExampleRun>,
    /// Hand-written tests (`xtask/corpus/tests/`): names and whether each passed.
    tests: Vec<(String, bool)>,
    /// Hand-written tests whose `<module>_` prefix names no generated module (not run).
    unmatched_tests: Vec<String>,
    tests_failure: Option<String>,
    build_time: Duration,
    test_time: Duration,
}

impl BuildOutcome {
    fn tests_line(&self) -> String {
        if self.tests.is_empty() {
            return "Hand-written corpus tests: none run.".to_owned();
        }
        let passed = self.tests.iter().filter(|(_, ok)| *ok).count();
        let names: Vec<String> =
            self.tests.iter().map(|(n, ok)| format!("{n} {}", if *ok { "ok" } else { "FAILED" })).collect();
        format!("Hand-written corpus tests: {passed}/{} passed ({}).", self.tests.len(), names.join(", "))
    }
}

/// `cargo` for the scratch crate, built into `target`: no debug info and no incremental cache,
/// whatever the caller's environment says. Both would only cost disk: the crate is built once to be
/// checked and tested, and with them its build takes ~3 GB instead of ~0.8 GB (CI machines run out).
pub(crate) fn scratch_cargo(target: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.env("CARGO_TARGET_DIR", target).env("CARGO_INCREMENTAL", "0").env("CARGO_PROFILE_DEV_DEBUG", "0");
    command
}

/// Writes the scratch crate, builds its tests (leaving out what does not compile, at most three
/// rounds) and, when `run_tests`, runs them.
fn build_and_test(
    root: &Path,
    work: &Path,
    corpus: &Path,
    sources: &BTreeMap<String, String>,
    run_tests: bool,
) -> Result<BuildOutcome, String> {
    let scratch = ScratchCrate { dir: work.join("corpus-crate"), target: work.join("corpus") };
    let (mut test_files, unmatched_tests) = write_scratch_crate(root, &scratch.dir, sources)?;
    let mut outcome = BuildOutcome { unmatched_tests, ..BuildOutcome::default() };
    let files = build_in_rounds(&scratch, sources, &mut test_files, &mut outcome)?;
    if run_tests {
        run_scratch_tests(&scratch, corpus, &files, test_files.len(), &mut outcome)?;
    }
    Ok(outcome)
}

/// The scratch crate's folder and the folder it is built into.
struct ScratchCrate {
    dir: PathBuf,
    target: PathBuf,
}

impl ScratchCrate {
    /// `cargo <args> --manifest-path <crate>/Cargo.toml` (see [`scratch_cargo`]).
    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = scratch_cargo(&self.target);
        command.args(args).arg("--manifest-path").arg(self.dir.join("Cargo.toml"));
        command
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the scratch crate's manifest and this checkout's `Cargo.lock` into `dir`, and copies the
/// hand-written tests of the generated modules into its `tests/` (see [`copy_hand_written_tests`]).
fn write_scratch_crate(
    root: &Path,
    dir: &Path,
    sources: &BTreeMap<String, String>,
) -> Result<(Vec<String>, Vec<String>), String> {
    write_file(&dir.join("Cargo.toml"), &scratch_manifest(root))?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write_file(&dir.join("Cargo.lock"), &lock)?;
    }
    copy_hand_written_tests(&root.join("xtask/corpus/tests"), &dir.join("tests"), sources)
}

/// The scratch crate's manifest: this checkout's runtime with the features generated code uses.
fn scratch_manifest(root: &Path) -> String {
    // Debug info and incremental caches off (see `scratch_cargo`): the crate is only built to be
    // checked and tested, and linking ~600k lines with debug info costs more than compiling them.
    format!(
        "[package]\nname = \"wsbind-corpus\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwsbind = {{ path = {:?}, default-features = false, features = [\"reqwest\", \"samples\", \"mock\"] }}\n\n\
         [profile.dev]\ndebug = 0\nincremental = false\n\n[workspace]\n",
        root.display().to_string()
    )
}

/// Empties `to` and copies into it each hand-written test `<module>_<anything>.rs` of `from` whose
/// module was generated; returns the copied tests' names (file stems) and those of the tests left
/// out because no generated module matches, both sorted.
fn copy_hand_written_tests(
    from: &Path,
    to: &Path,
    sources: &BTreeMap<String, String>,
) -> Result<(Vec<String>, Vec<String>), String> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let (mut copied, mut unmatched) = (Vec::new(), Vec::new());
    let Ok(entries) = std::fs::read_dir(from) else { return Ok((copied, unmatched)) };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".rs") else { continue };
        if sources.keys().any(|m| stem.starts_with(&format!("{m}_"))) {
            std::fs::copy(entry.path(), to.join(&name)).map_err(|e| format!("{name}: {e}"))?;
            copied.push(stem.to_owned());
        } else {
            unmatched.push(stem.to_owned());
        }
    }
    copied.sort();
    unmatched.sort();
    Ok((copied, unmatched))
}

/// Builds the scratch crate's tests, at most three rounds, each leaving out what the previous one
/// found not compiling (see [`attribute_errors`]) and recording it in `outcome`. Returns the
/// modules' code as last built (without the round-trip fixtures where those did not compile).
fn build_in_rounds(
    scratch: &ScratchCrate,
    sources: &BTreeMap<String, String>,
    test_files: &mut Vec<String>,
    outcome: &mut BuildOutcome,
) -> Result<BTreeMap<String, String>, String> {
    let mut files = sources.clone();
    for _round in 0..3 {
        write_modules(&scratch.dir, &files, &outcome.compile)?;
        let start = Instant::now();
        let output = scratch
            .cargo(&["test", "--lib", "--tests", "--no-run", "--quiet", "--message-format", "short"])
            .output()
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        outcome.build_time += start.elapsed();
        if output.status.success() {
            return Ok(files);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors = attribute_errors(&stderr, &files, &outcome.compile, test_files);
        if errors.is_empty() {
            return Err(format!("building the corpus crate failed outside any module:\n{stderr}"));
        }
        leave_out(errors, &scratch.dir.join("tests"), &mut files, test_files, outcome);
    }
    Err("the corpus crate still does not build after leaving out the failing modules".to_owned())
}

/// Writes `src/<module>.rs` of every module not `left_out`, and a `src/lib.rs` declaring them.
fn write_modules(
    dir: &Path,
    files: &BTreeMap<String, String>,
    left_out: &BTreeMap<String, Compile>,
) -> Result<(), String> {
    let mut lib = String::from("//! Scratch crate: every corpus service generated by `cargo xtask corpus`.\n");
    for (module, code) in files.iter().filter(|(module, _)| !left_out.contains_key(*module)) {
        write_file(&dir.join("src").join(format!("{module}.rs")), code)?;
        let _ = writeln!(lib, "pub mod {module};");
    }
    write_file(&dir.join("src/lib.rs"), &lib)
}

/// What the errors of a failed build point at.
#[derive(Debug, Default, PartialEq)]
struct BuildErrors {
    /// Hand-written tests that do not compile, each with its first error line, in order.
    tests: Vec<(String, String)>,
    /// Modules whose round-trip fixtures do not compile: how many lines of the module to keep
    /// (those before [`SAMPLES_MARKER`]) and the error lines.
    samples: BTreeMap<String, (usize, Vec<String>)>,
    /// Modules that do not compile, with their error lines.
    modules: BTreeMap<String, Vec<String>>,
}

impl BuildErrors {
    fn is_empty(&self) -> bool {
        self.tests.is_empty() && self.samples.is_empty() && self.modules.is_empty()
    }
}

/// Attributes the error lines of a build's `--message-format short` stderr
/// (`<path>:<line>:<column>: error[...]: ...`) to the hand-written tests (`tests/<name>.rs`, those
/// of `test_files`) and to the modules of `files` (`src/<module>.rs`): to a module's round-trip
/// fixtures when the line is at or after its [`SAMPLES_MARKER`] (unless the module is `left_out`
/// or already failed), else to the module. Errors elsewhere are ignored.
fn attribute_errors(
    stderr: &str,
    files: &BTreeMap<String, String>,
    left_out: &BTreeMap<String, Compile>,
    test_files: &[String],
) -> BuildErrors {
    let mut errors = BuildErrors::default();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        if let Some(stem) = line.strip_prefix("tests/").and_then(|l| l.split(".rs:").next()) {
            if test_files.iter().any(|t| t == stem) && !errors.tests.iter().any(|(t, _)| t == stem) {
                errors.tests.push((stem.to_owned(), line.to_owned()));
            }
            continue;
        }
        let Some((module, code)) = files.iter().find(|(m, _)| line.starts_with(&format!("src/{m}.rs:"))) else {
            continue;
        };
        let line_no: usize = line.split(':').nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
        // `files` is this round's code: every error after the marker belongs to the fixtures,
        // however many there are, until `leave_out` cuts them off for the next round.
        match samples_marker(code) {
            Some(m) if line_no >= m && !left_out.contains_key(module) && !errors.modules.contains_key(module) => {
                errors.samples.entry(module.clone()).or_insert_with(|| (m - 1, Vec::new())).1.push(line.to_owned());
            }
            _ => errors.modules.entry(module.clone()).or_default().push(line.to_owned()),
        }
    }
    errors
}

/// The line number (from 1) of [`SAMPLES_MARKER`] in a module's code.
fn samples_marker(code: &str) -> Option<usize> {
    code.lines().position(|l| l.starts_with(SAMPLES_MARKER) || l.starts_with(EXAMPLES_MARKER)).map(|i| i + 1)
}

/// Leaves out what a failed build's `errors` point at, recording it in `outcome`: deletes the
/// hand-written tests' files (from `tests_dir` and `test_files`), cuts the modules' round-trip
/// fixtures off their code in `files`, and marks the modules that do not compile.
fn leave_out(
    errors: BuildErrors,
    tests_dir: &Path,
    files: &mut BTreeMap<String, String>,
    test_files: &mut Vec<String>,
    outcome: &mut BuildOutcome,
) {
    for (stem, line) in errors.tests {
        let _ = std::fs::remove_file(tests_dir.join(format!("{stem}.rs")));
        test_files.retain(|t| *t != stem);
        outcome.tests_failure.get_or_insert(format!("hand-written test `{stem}` does not compile:\n{line}"));
    }
    for (module, (keep, lines)) in errors.samples {
        if let Some(code) = files.get_mut(&module) {
            *code = code.lines().take(keep).flat_map(|l| [l, "\n"]).collect();
        }
        let entry = outcome.round_trips.entry(module).or_insert_with(|| RoundTrips::BuildFailed(String::new()));
        if let RoundTrips::BuildFailed(text) = entry {
            for line in &lines {
                push_capped(text, line);
            }
        }
    }
    for (module, lines) in errors.modules {
        let entry = outcome.compile.entry(module).or_insert_with(|| Compile::Failed(String::new()));
        if let Compile::Failed(text) = entry {
            for line in &lines {
                push_capped(text, line);
            }
        }
    }
}

/// Appends `line` to an error text unless that already has 20 lines.
fn push_capped(text: &mut String, line: &str) {
    if text.lines().count() < 20 {
        text.push_str(line);
        text.push('\n');
    }
}

/// Runs the built tests and records in `outcome` the round-trip results (modules of `files` that
/// compiled but printed none get [`RoundTrips::NoResult`]) and the hand-written tests' results
/// (`expected_tests` of them were built).
fn run_scratch_tests(
    scratch: &ScratchCrate,
    corpus: &Path,
    files: &BTreeMap<String, String>,
    expected_tests: usize,
    outcome: &mut BuildOutcome,
) -> Result<(), String> {
    let start = Instant::now();
    let output = scratch
        // `--lib --tests`: no doctests (rustdoc would parse every generated module again).
        .cargo(&["test", "--lib", "--tests", "--no-fail-fast"])
        .args(["--", "--nocapture"])
        .env("WSBIND_CORPUS", corpus)
        // Debug builds of large generated types need more than the default 2 MiB per test thread.
        .env("RUST_MIN_STACK", "67108864")
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    outcome.test_time = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let run = parse_test_output(&stdout);
    outcome.round_trips.extend(run.round_trips);
    outcome.tests.extend(run.tests);
    outcome.examples = corpus_openapi::parse_examples(&stdout);
    // OpenAPI modules (`oas_*`) print example results, and only when they have examples.
    let wsdl_modules = files.keys().filter(|m| !m.starts_with("oas_"));
    for module in wsdl_modules.filter(|m| !outcome.compile.contains_key(*m)) {
        outcome.round_trips.entry(module.clone()).or_insert(RoundTrips::NoResult);
    }
    if let Some(problem) = hand_written_failure(&outcome.tests, expected_tests, &stderr) {
        outcome.tests_failure.get_or_insert(problem);
    }
    // The lines read above can miss a failure (a crash between tests, a harness line mixed with
    // `--nocapture` output); cargo's exit status cannot. Said only when nothing else explains it.
    let explained = outcome.round_trips.values().any(|r| round_trip_problem(r).is_some());
    if !output.status.success() && !explained {
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        outcome.tests_failure.get_or_insert(format!("cargo test {}:\n{}", output.status, tail.join("\n")));
    }
    Ok(())
}

/// What a test run printed on stdout.
#[derive(Debug, Default, PartialEq)]
struct TestRun {
    /// Per module, from its fixtures' summary line.
    round_trips: BTreeMap<String, RoundTrips>,
    /// The hand-written tests: name and whether it passed, in output order.
    tests: Vec<(String, bool)>,
}

/// Reads a test run's stdout: the round-trip fixtures' `wsbind-samples: <module> <passed>/<total>
/// xml=<n>` and `wsbind-sample-failure: <module> <type>: <reason>` lines (see
/// `wsbind::samples::Report::print`), and the harness's `test <name> ... ok` lines of the
/// hand-written tests (the fixtures' own test is `<module>::samples::round_trip`). With
/// `--nocapture` the harness's `test ... ` text may share a line with the fixtures' lines.
fn parse_test_output(stdout: &str) -> TestRun {
    let mut failures = sample_failures(stdout);
    let mut run = TestRun::default();
    for line in stdout.lines() {
        if let Some((_, rest)) = line.split_once("wsbind-samples: ") {
            // A malformed summary line is skipped whole.
            let Some((module, passed, total, as_xml)) = samples_summary(rest) else { continue };
            let failures = failures.remove(module).unwrap_or_default();
            run.round_trips.insert(module.to_owned(), RoundTrips::Ran { passed, total, as_xml, failures });
        }
        if let Some(test) = test_result(line) {
            run.tests.push(test);
        }
    }
    run
}

/// `(type, reason)` per module of the `wsbind-sample-failure:` lines.
fn sample_failures(stdout: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut failures: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for line in stdout.lines() {
        let Some((_, rest)) = line.split_once("wsbind-sample-failure: ") else { continue };
        let Some((module, rest)) = rest.split_once(' ') else { continue };
        let (ty, reason) = rest.split_once(": ").unwrap_or((rest, ""));
        failures.entry(module.to_owned()).or_default().push((ty.to_owned(), reason.to_owned()));
    }
    failures
}

/// `(module, passed, total, as_xml)` of what follows `wsbind-samples: ` (`xml=` may be missing).
fn samples_summary(rest: &str) -> Option<(&str, usize, usize, usize)> {
    let mut words = rest.split_whitespace();
    let (module, counts) = (words.next()?, words.next()?);
    let (passed, total) = counts.split_once('/')?;
    let (passed, total) = (passed.parse().ok()?, total.parse().ok()?);
    let as_xml = words.next().and_then(|w| w.strip_prefix("xml=")).and_then(|n| n.parse().ok()).unwrap_or(0);
    Some((module, passed, total, as_xml))
}

/// `(name, passed)` of a harness line `test <name> ... <result>`, unless it is a round-trip
/// fixture's test. It passed when the result is `ok`, or ends with ` ok` (the test printed first).
fn test_result(line: &str) -> Option<(String, bool)> {
    let (name, result) = line.strip_prefix("test ")?.split_once(" ... ")?;
    if name.contains("::samples::") {
        return None;
    }
    let result = result.trim();
    Some((name.to_owned(), result == "ok" || result.ends_with(" ok")))
}

/// Why the hand-written tests fail the run, if they do (one failed, or none ran although
/// `expected` were built), with the first lines of the run's `stderr` from its first panic on.
fn hand_written_failure(tests: &[(String, bool)], expected: usize, stderr: &str) -> Option<String> {
    let failed = tests.iter().any(|(_, ok)| !ok) || (expected > 0 && tests.is_empty());
    if !failed {
        return None;
    }
    let panics: Vec<&str> = stderr.lines().skip_while(|l| !l.contains("panicked at")).take(30).collect();
    Some(format!("hand-written corpus tests failed:\n{}", panics.join("\n")))
}

/// The typed alternatives of a module: enums by `xsi:type` (with their types), by substitution
/// group and by `xs:choice` (with their sequence alternatives), then the hierarchies whose
/// derived fields stay raw XML, e.g. `24 (160) / 14 / 226 (3 seq.); 3 raw`.
fn alternatives_text(sums: &wsbind_codegen::SumCounts) -> String {
    let mut text =
        format!("{} ({}) / {} / {}", sums.derived, sums.derived_variants, sums.substitution_groups, sums.choices);
    if sums.sequence_alternatives > 0 {
        text.push_str(&format!(" ({} seq.)", sums.sequence_alternatives));
    }
    if sums.raw_bases > 0 {
        text.push_str(&format!("; {} raw", sums.raw_bases));
    }
    text
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| set | module | schema KB | operations | types | typed alternatives | generated lines | generation ms | compiles | round-trips |\n\
         |---|---|---:|---:|---:|---|---:|---:|---|---:|\n",
    );
    let (mut total_bytes, mut total_time) = (0u64, Duration::ZERO);
    for row in rows {
        let kb = row.input_bytes.div_ceil(1024);
        let line = match &row.outcome {
            Outcome::Generated { operations, types, lines, alternatives, elapsed, compile, round_trips } => {
                total_bytes += row.input_bytes;
                total_time += *elapsed;
                let compiled = match compile {
                    Compile::Skipped => "not checked".to_owned(),
                    Compile::Ok => "yes".to_owned(),
                    Compile::Failed(_) => "**no**".to_owned(),
                };
                let trips = match round_trips {
                    RoundTrips::NotRun => "–".to_owned(),
                    RoundTrips::BuildFailed(_) => "**fixtures do not compile**".to_owned(),
                    RoundTrips::NoResult => "**no result**".to_owned(),
                    RoundTrips::Ran { passed, total, as_xml: 0, failures } if failures.is_empty() => {
                        format!("{passed}/{total}")
                    }
                    RoundTrips::Ran { passed, total, as_xml, failures } if failures.is_empty() => {
                        format!("{passed}/{total} ({as_xml} as XML)")
                    }
                    RoundTrips::Ran { passed, total, .. } => format!("**{passed}/{total}**"),
                };
                format!(
                    "| {} | `{}` | {kb} | {operations} | {types} | {alternatives} | {lines} | {} | {compiled} | {trips} |",
                    row.set,
                    row.module,
                    elapsed.as_millis()
                )
            }
            Outcome::ExpectedError(first) => {
                format!(
                    "| {} | `{}` | {kb} | – | – | – | – | – | expected error: {} | – |",
                    row.set,
                    row.module,
                    first.replace('|', "\\|")
                )
            }
            Outcome::Failed(message) => {
                let first = message.lines().next().unwrap_or_default().replace('|', "\\|");
                format!(
                    "| {} | `{}` | {kb} | – | – | – | – | – | **generation failed**: {first} | – |",
                    row.set, row.module
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let mb = total_bytes as f64 / 1_048_576.0;
    let secs = total_time.as_secs_f64();
    let _ = write!(
        out,
        "\nGenerated {mb:.2} MB of schema (counting each service's own folder) in {secs:.2} s: {:.2} s per MB.",
        if mb > 0.0 { secs / mb } else { 0.0 }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module of five lines whose round-trip fixtures start at line 4.
    fn acme() -> String {
        "//! Generated.\npub struct Order;\nimpl Order {}\n/// Round-trip fixtures: a synthetic value per generated type (`wsbind::samples`).\n#[cfg(test)]\nmod samples {}\n"
            .to_owned()
    }

    fn files() -> BTreeMap<String, String> {
        BTreeMap::from([("acme".to_owned(), acme()), ("acme_billing".to_owned(), "pub struct Bill;\n".to_owned())])
    }

    fn tests() -> Vec<String> {
        vec!["acme_replies".to_owned()]
    }

    #[test]
    fn error_before_the_marker_fails_the_module() {
        let stderr = "warning: unused import\n\
                      src/acme.rs:2:12: error[E0412]: cannot find type `Missing` in this scope\n\
                      src/acme.rs:3:1: error[E0119]: conflicting implementations of trait `Decode`\n\
                      error: could not compile `wsbind-corpus` (lib test) due to 2 previous errors\n";
        let errors = attribute_errors(stderr, &files(), &BTreeMap::new(), &tests());
        let lines: Vec<String> = stderr.lines().skip(1).take(2).map(str::to_owned).collect();
        assert_eq!(errors, BuildErrors { modules: BTreeMap::from([("acme".to_owned(), lines)]), ..Default::default() });
    }

    #[test]
    fn error_after_the_marker_drops_the_fixtures() {
        let line = "src/acme.rs:6:14: error[E0277]: the trait bound `Order: Sample` is not satisfied";
        let errors = attribute_errors(line, &files(), &BTreeMap::new(), &tests());
        assert_eq!(
            errors,
            BuildErrors {
                samples: BTreeMap::from([("acme".to_owned(), (3, vec![line.to_owned()]))]),
                ..Default::default()
            }
        );

        let mut files = files();
        let mut test_files = tests();
        let mut outcome = BuildOutcome::default();
        leave_out(errors, Path::new("/nonexistent"), &mut files, &mut test_files, &mut outcome);
        assert_eq!(files["acme"], "//! Generated.\npub struct Order;\nimpl Order {}\n");
        assert_eq!(outcome.round_trips["acme"], RoundTrips::BuildFailed(format!("{line}\n")));
        assert!(outcome.compile.is_empty());
        assert_eq!(test_files, tests());
    }

    #[test]
    fn several_fixture_errors_leave_the_module_compiling() {
        let stderr = "src/acme.rs:5:1: error[E0277]: the trait bound `Order: Sample` is not satisfied\n\
                      src/acme.rs:6:14: error[E0599]: no function named `sample` found for `Order`\n";
        let errors = attribute_errors(stderr, &files(), &BTreeMap::new(), &tests());
        assert!(errors.modules.is_empty(), "{errors:?}");
        assert_eq!(errors.samples["acme"].1.len(), 2);

        let mut outcome = BuildOutcome::default();
        leave_out(errors, Path::new("/nonexistent"), &mut files(), &mut tests(), &mut outcome);
        assert!(outcome.compile.is_empty());
        assert_eq!(outcome.round_trips["acme"], RoundTrips::BuildFailed(stderr.to_owned()));
    }

    #[test]
    fn fixture_error_after_a_module_error_stays_the_modules() {
        let stderr = "src/acme.rs:2:12: error[E0412]: cannot find type `Missing` in this scope\n\
                      src/acme.rs:6:14: error[E0277]: the trait bound `Order: Sample` is not satisfied\n";
        let errors = attribute_errors(stderr, &files(), &BTreeMap::new(), &tests());
        assert!(errors.samples.is_empty());
        assert_eq!(errors.modules["acme"].len(), 2);
    }

    #[test]
    fn error_in_a_hand_written_test_leaves_out_that_test() {
        let stderr = "tests/acme_replies.rs:12:9: error[E0432]: unresolved import `wsbind_corpus::acme::Reply`\n\
                      tests/acme_replies.rs:30:5: error[E0425]: cannot find function `decode` in this scope\n\
                      tests/other_thing.rs:1:1: error[E0432]: unresolved import `x`\n";
        let errors = attribute_errors(stderr, &files(), &BTreeMap::new(), &tests());
        let first = stderr.lines().next().unwrap_or_default().to_owned();
        assert_eq!(
            errors,
            BuildErrors { tests: vec![("acme_replies".to_owned(), first.clone())], ..Default::default() }
        );

        let mut files = files();
        let mut test_files = tests();
        let mut outcome = BuildOutcome::default();
        leave_out(errors, Path::new("/nonexistent"), &mut files, &mut test_files, &mut outcome);
        assert!(test_files.is_empty());
        assert_eq!(outcome.tests_failure, Some(format!("hand-written test `acme_replies` does not compile:\n{first}")));
    }

    #[test]
    fn errors_outside_modules_and_tests_are_not_attributed() {
        let stderr = "error: linking with `cc` failed: exit status: 1\n\
                      /root/.cargo/registry/src/foo.rs:1:1: error[E0001]: whatever\n\
                      src/lib.rs:3:1: error[E0583]: file not found for module `gone`\n";
        let errors = attribute_errors(stderr, &files(), &BTreeMap::new(), &tests());
        assert!(errors.is_empty());
    }

    #[test]
    fn module_error_text_is_capped_at_20_lines() {
        let stderr: String = (1..=25).map(|n| format!("src/acme_billing.rs:{n}:1: error[E0425]: oops\n")).collect();
        let errors = attribute_errors(&stderr, &files(), &BTreeMap::new(), &tests());
        let mut outcome = BuildOutcome::default();
        leave_out(errors, Path::new("/nonexistent"), &mut files(), &mut tests(), &mut outcome);
        let Some(Compile::Failed(text)) = outcome.compile.get("acme_billing") else { panic!("not failed") };
        assert_eq!(text.lines().count(), 20);
        assert!(text.starts_with("src/acme_billing.rs:1:1: "));
    }

    #[test]
    fn test_output_gives_round_trips_and_hand_written_results() {
        let stdout = "\n\
running 3 tests\n\
test acme::samples::round_trip ... wsbind-samples: acme 3/4 xml=1\n\
wsbind-sample-failure: acme OrderLine: decoded value differs: quantity 0 != 2\n\
FAILED\n\
test acme_billing::samples::round_trip ... wsbind-samples: acme_billing 7/7 xml=0\n\
ok\n\
test broken::samples::round_trip ... wsbind-samples: broken x/7\n\
\n\
running 2 tests\n\
test find_item_response_decodes ... ok\n\
test get_issue_reply_with_multi_refs_decodes ... FAILED\n\
test mc_issue_get_reply_decodes ... decoded 3 issues ok\n";
        let run = parse_test_output(stdout);
        let expected = TestRun {
            round_trips: BTreeMap::from([
                (
                    "acme".to_owned(),
                    RoundTrips::Ran {
                        passed: 3,
                        total: 4,
                        as_xml: 1,
                        failures: vec![("OrderLine".to_owned(), "decoded value differs: quantity 0 != 2".to_owned())],
                    },
                ),
                ("acme_billing".to_owned(), RoundTrips::Ran { passed: 7, total: 7, as_xml: 0, failures: vec![] }),
            ]),
            tests: vec![
                ("find_item_response_decodes".to_owned(), true),
                ("get_issue_reply_with_multi_refs_decodes".to_owned(), false),
                ("mc_issue_get_reply_decodes".to_owned(), true),
            ],
        };
        assert_eq!(run, expected);
    }

    #[test]
    fn samples_summary_without_xml_count() {
        assert_eq!(samples_summary("acme 3/4"), Some(("acme", 3, 4, 0)));
        assert_eq!(samples_summary("acme 3/4 xml=2"), Some(("acme", 3, 4, 2)));
        assert_eq!(samples_summary("acme 3-4"), None);
        assert_eq!(samples_summary("acme"), None);
    }

    #[test]
    fn test_result_ignores_fixture_tests_and_other_lines() {
        assert_eq!(test_result("test acme::samples::round_trip ... ok"), None);
        assert_eq!(test_result("test result: ok. 2 passed; 0 failed"), None);
        assert_eq!(test_result("test decodes ... ok"), Some(("decodes".to_owned(), true)));
        assert_eq!(test_result("test decodes ... FAILED"), Some(("decodes".to_owned(), false)));
    }

    #[test]
    fn a_round_trip_count_short_of_the_total_fails_without_named_failures() {
        let ran = |passed| RoundTrips::Ran { passed, total: 4, as_xml: 0, failures: Vec::new() };
        assert_eq!(round_trip_problem(&ran(4)), None);
        assert_eq!(round_trip_problem(&ran(3)).as_deref(), Some("round-trips 3/4; failures:"));
    }

    fn args(corpus: &str) -> CorpusArgs {
        CorpusArgs {
            corpus: corpus.into(),
            openapi_corpus: "/nonexistent/corpus-openapi".into(),
            no_compile: true,
            no_test: true,
            work_dir: None,
            write_doc: false,
            only: None,
        }
    }

    #[test]
    fn a_missing_corpus_stops_the_run_with_one_line() {
        let root = Path::new("/nonexistent/wsbind-checkout");
        let err = run(&args("../shared/corpus"), root).unwrap_err();
        assert_eq!(
            err,
            "error: no corpus at ../shared/corpus (pass --corpus DIR; the corpus is the public WSDL sets kept outside the repository)"
        );
        let err = run(&args("/nonexistent/corpus"), root).unwrap_err();
        assert!(err.starts_with("error: no corpus at /nonexistent/corpus (pass --corpus DIR;"), "{err}");
        assert_eq!(err.lines().count(), 1);
    }

    #[test]
    fn a_missing_openapi_corpus_stops_the_run_with_one_line() {
        let corpus = std::env::temp_dir();
        let err = run(&args(&corpus.display().to_string()), Path::new("/")).unwrap_err();
        assert!(err.starts_with("error: no OpenAPI corpus at /nonexistent/corpus-openapi (pass --openapi-corpus DIR;"));
        assert_eq!(err.lines().count(), 1);
    }

    #[test]
    fn expected_sets_missing_from_the_corpus_are_named() {
        let mut sets: Vec<String> = EXPECTED_SETS.iter().map(|s| (*s).to_owned()).collect();
        sets.push("workday-hr".to_owned());
        assert!(missing_sets(&sets, None).is_empty());
        sets.retain(|s| s != "paypal" && s != "workday-hr");
        assert_eq!(missing_sets(&sets, None), ["paypal", "workday-hr"]);
        assert_eq!(missing_sets(&sets, Some("pay")), ["paypal"]);
        assert!(missing_sets(&sets, Some("calc")).is_empty());
    }

    #[test]
    fn an_expected_error_must_say_the_fragment_at_a_position() {
        use wsbind_codegen::{Diagnostic, Diagnostics, Error};
        let fragment = "message `wd-wsdl:Workday_Common_HeaderMsg` is not defined";
        let at = |line, column, message: &str| {
            Error::Schema(Diagnostics::single(Diagnostic::new("workday-hr/hrextract.wsdl", line, column, message)))
        };
        let Outcome::ExpectedError(first) = expected_error(&at(2895, 9, fragment), fragment) else {
            panic!("a positioned error with the fragment is the expected one")
        };
        assert!(first.contains("workday-hr/hrextract.wsdl:2895:9: message `wd-wsdl:"), "{first}");
        let Outcome::Failed(why) = expected_error(&at(0, 0, fragment), fragment) else {
            panic!("an unpositioned error passed")
        };
        assert!(why.starts_with("the expected error has no file:line:col position"), "{why}");
        let Outcome::Failed(why) = expected_error(&at(3, 1, "type `x` is not defined"), fragment) else {
            panic!("a different error passed")
        };
        assert!(why.starts_with("expected an error mentioning `message `wd-wsdl:"), "{why}");
    }

    #[test]
    fn hand_written_failure_quotes_the_panic() {
        let stderr = "   Running tests/acme_replies.rs\n\
                      thread 'decodes' panicked at tests/acme_replies.rs:40:5:\n\
                      assertion failed: reply.items.len() == 3\n";
        let ok = [("decodes".to_owned(), true)];
        let failed = [("decodes".to_owned(), false)];
        assert_eq!(hand_written_failure(&ok, 1, stderr), None);
        assert_eq!(hand_written_failure(&[], 0, stderr), None);
        let expected = "hand-written corpus tests failed:\n\
                        thread 'decodes' panicked at tests/acme_replies.rs:40:5:\n\
                        assertion failed: reply.items.len() == 3";
        assert_eq!(hand_written_failure(&failed, 1, stderr).as_deref(), Some(expected));
        assert!(hand_written_failure(&[], 1, stderr).is_some());
    }
}
