//! `cargo xtask corpus`: generates bindings for every service of a WSDL corpus, compiles them in
//! one scratch crate against this checkout's runtime, and prints a Markdown table.
//!
//! A *set* is a folder of the corpus (`../shared/corpus/<set>/`, folders starting with `_` are
//! shared support files). Every folder inside a set that holds `.wsdl` files contributes its
//! top-level WSDLs (those no other WSDL there imports); each is one generated module named
//! `<set>` or, when a set has several, `<set>_<file stem>`. Remote imports resolve through
//! `xtask/corpus/<set>.catalog.xml` when it exists (the generator never fetches).
//!
//! Some sets are broken by their publisher; [`EXPECTED_ERRORS`] lists them with a fragment the
//! positioned error must contain. Such a row passes when the generator reports exactly that, and
//! fails if it suddenly generates (or fails differently).
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

/// Sets whose generation must fail, with a fragment of the expected message.
const EXPECTED_ERRORS: &[(&str, &str)] = &[("workday-hr", "Workday_Common_HeaderMsg")];

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// The corpus folder.
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
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
    let sets = list_sets(&corpus, args.only.as_deref())?;
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
        build = Some(outcome);
    }

    let table = table(&rows);
    println!("{table}");
    let mut failures: Vec<String> = Vec::new();
    for row in &rows {
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
        println!(
            "\nWall time: generation {:.1} s, build {:.1} s, tests {:.1} s, total {:.1} s.",
            generation.as_secs_f64(),
            build.build_time.as_secs_f64(),
            build.test_time.as_secs_f64(),
            wall.elapsed().as_secs_f64()
        );
    }
    if args.write_doc {
        write_doc(root, &table)?;
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
        RoundTrips::Ran { failures, .. } if failures.is_empty() => None,
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

/// Replaces the table in `docs/corpus.md` between `<!-- corpus-table:start -->` and
/// `<!-- corpus-table:end -->`.
fn write_doc(root: &Path, table: &str) -> Result<(), String> {
    const START: &str = "<!-- corpus-table:start -->";
    const END: &str = "<!-- corpus-table:end -->";
    let path = root.join("docs/corpus.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        return Err(format!("{}: no `{START}` ... `{END}` markers", path.display()));
    };
    if b < a {
        return Err(format!("{}: `{END}` comes before `{START}`", path.display()));
    }
    let updated = format!("{}{START}\n{table}\n{}", &text[..a], &text[b..]);
    std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))
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
                elapsed,
                compile: Compile::Skipped,
                round_trips: RoundTrips::NotRun,
            })
        }
        (Ok(_), Some(fragment)) => row(Outcome::Failed(format!(
            "generated, but this set is broken by its publisher: expected an error mentioning `{fragment}`"
        ))),
        (Err(error), Some(fragment)) if error.to_string().contains(fragment) => {
            let first = error.to_string().lines().next().unwrap_or_default().to_owned();
            row(Outcome::ExpectedError(first))
        }
        (Err(error), _) => row(Outcome::Failed(error.to_string())),
    }
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

/// What building and testing the scratch crate gave.
struct BuildOutcome {
    /// Modules that do not compile (left out of the crate for the tests).
    compile: BTreeMap<String, Compile>,
    round_trips: BTreeMap<String, RoundTrips>,
    /// Hand-written tests (`xtask/corpus/tests/`): names and whether each passed.
    tests: Vec<(String, bool)>,
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
fn scratch_cargo(target: &Path) -> Command {
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
    let scratch = work.join("corpus-crate");
    let target = work.join("corpus");
    let write = |path: PathBuf, text: &str| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    // Debug info and incremental caches off (see `scratch_cargo`): the crate is only built to be
    // checked and tested, and linking ~600k lines with debug info costs more than compiling them.
    let manifest = format!(
        "[package]\nname = \"wsbind-corpus\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwsbind = {{ path = {:?}, default-features = false, features = [\"reqwest\", \"samples\"] }}\n\n\
         [profile.dev]\ndebug = 0\nincremental = false\n\n[workspace]\n",
        root.display().to_string()
    );
    write(scratch.join("Cargo.toml"), &manifest)?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write(scratch.join("Cargo.lock"), &lock)?;
    }
    let tests_dir = scratch.join("tests");
    let _ = std::fs::remove_dir_all(&tests_dir);
    std::fs::create_dir_all(&tests_dir).map_err(|e| format!("{}: {e}", tests_dir.display()))?;
    // A hand-written test `<module>_<anything>.rs` is used when its module was generated.
    let mut test_files: Vec<String> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join("xtask/corpus/tests")) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".rs") else { continue };
            if sources.keys().any(|m| stem.starts_with(&format!("{m}_"))) {
                std::fs::copy(entry.path(), tests_dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
                test_files.push(stem.to_owned());
            }
        }
    }
    test_files.sort();

    let mut outcome = BuildOutcome {
        compile: BTreeMap::new(),
        round_trips: BTreeMap::new(),
        tests: Vec::new(),
        tests_failure: None,
        build_time: Duration::ZERO,
        test_time: Duration::ZERO,
    };
    let mut files = sources.clone();
    let mut built = false;
    for _round in 0..3 {
        let mut lib = String::from("//! Scratch crate: every corpus service generated by `cargo xtask corpus`.\n");
        for (module, code) in &files {
            if outcome.compile.contains_key(module) {
                continue;
            }
            write(scratch.join("src").join(format!("{module}.rs")), code)?;
            let _ = writeln!(lib, "pub mod {module};");
        }
        write(scratch.join("src/lib.rs"), &lib)?;

        let start = Instant::now();
        let output = scratch_cargo(&target)
            .args(["test", "--lib", "--tests", "--no-run", "--quiet", "--message-format", "short", "--manifest-path"])
            .arg(scratch.join("Cargo.toml"))
            .output()
            .map_err(|e| format!("cannot run cargo test: {e}"))?;
        outcome.build_time += start.elapsed();
        if output.status.success() {
            built = true;
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut progress = false;
        for line in stderr.lines().filter(|l| l.contains(": error")) {
            if let Some(stem) = line.strip_prefix("tests/").and_then(|l| l.split(".rs:").next()) {
                if let Some(pos) = test_files.iter().position(|t| t == stem) {
                    let _ = std::fs::remove_file(tests_dir.join(format!("{stem}.rs")));
                    test_files.remove(pos);
                    let message = format!("hand-written test `{stem}` does not compile:\n{line}");
                    outcome.tests_failure.get_or_insert(message);
                    progress = true;
                }
                continue;
            }
            let Some(module) = sources.keys().find(|m| line.starts_with(&format!("src/{m}.rs:"))) else { continue };
            let line_no: usize = line.split(':').nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
            let code = files.get(module).cloned().unwrap_or_default();
            let marker = code.lines().position(|l| l.starts_with(SAMPLES_MARKER)).map(|i| i + 1);
            match marker {
                Some(m) if line_no >= m && !outcome.compile.contains_key(module) => {
                    let stripped: String = code.lines().take(m - 1).flat_map(|l| [l, "\n"]).collect();
                    files.insert(module.clone(), stripped);
                    outcome.round_trips.entry(module.clone()).or_insert_with(|| RoundTrips::BuildFailed(String::new()));
                    if let Some(RoundTrips::BuildFailed(text)) = outcome.round_trips.get_mut(module)
                        && text.lines().count() < 20
                    {
                        text.push_str(line);
                        text.push('\n');
                    }
                    progress = true;
                }
                _ => {
                    let entry = outcome.compile.entry(module.clone()).or_insert_with(|| Compile::Failed(String::new()));
                    if let Compile::Failed(text) = entry
                        && text.lines().count() < 20
                    {
                        text.push_str(line);
                        text.push('\n');
                    }
                    progress = true;
                }
            }
        }
        if !progress {
            return Err(format!("building the corpus crate failed outside any module:\n{stderr}"));
        }
    }
    if !built {
        return Err("the corpus crate still does not build after leaving out the failing modules".to_owned());
    }
    if !run_tests {
        return Ok(outcome);
    }

    let start = Instant::now();
    let output = scratch_cargo(&target)
        // `--lib --tests`: no doctests (rustdoc would parse every generated module again).
        .args(["test", "--lib", "--tests", "--no-fail-fast", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .args(["--", "--nocapture"])
        .env("WSBIND_CORPUS", corpus)
        // Debug builds of large generated types need more than the default 2 MiB per test thread.
        .env("RUST_MIN_STACK", "67108864")
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    outcome.test_time = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failures: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for line in stdout.lines() {
        // With `--nocapture` the harness's own `test ... ` text may share a line with ours.
        if let Some(rest) = line.split_once("wsbind-sample-failure: ").map(|(_, r)| r) {
            let Some((module, rest)) = rest.split_once(' ') else { continue };
            let (ty, reason) = rest.split_once(": ").unwrap_or((rest, ""));
            failures.entry(module.to_owned()).or_default().push((ty.to_owned(), reason.to_owned()));
        }
    }
    for line in stdout.lines() {
        if let Some(rest) = line.split_once("wsbind-samples: ").map(|(_, r)| r) {
            let mut words = rest.split_whitespace();
            let (Some(module), Some(counts)) = (words.next(), words.next()) else { continue };
            let Some((passed, total)) = counts.split_once('/') else { continue };
            let (Ok(passed), Ok(total)) = (passed.parse(), total.parse()) else { continue };
            let as_xml = words.next().and_then(|w| w.strip_prefix("xml=")).and_then(|n| n.parse().ok()).unwrap_or(0);
            let failures = failures.remove(module).unwrap_or_default();
            outcome.round_trips.insert(module.to_owned(), RoundTrips::Ran { passed, total, as_xml, failures });
        }
        // `test <name> ... ok`: the hand-written tests (the fixtures are `<module>::samples::round_trip`).
        if let Some(rest) = line.strip_prefix("test ")
            && let Some((name, result)) = rest.split_once(" ... ")
            && !name.contains("::samples::")
        {
            let result = result.trim();
            outcome.tests.push((name.to_owned(), result == "ok" || result.ends_with(" ok")));
        }
    }
    for module in files.keys() {
        if !outcome.compile.contains_key(module) {
            outcome.round_trips.entry(module.clone()).or_insert(RoundTrips::NoResult);
        }
    }
    let expected = test_files.len();
    if outcome.tests.iter().any(|(_, ok)| !ok) || (expected > 0 && outcome.tests.is_empty()) {
        let panics: Vec<&str> = stderr.lines().skip_while(|l| !l.contains("panicked at")).take(30).collect();
        outcome.tests_failure.get_or_insert(format!("hand-written corpus tests failed:\n{}", panics.join("\n")));
    }
    Ok(outcome)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| set | module | schema KB | operations | types | generated lines | generation ms | compiles | round-trips |\n\
         |---|---|---:|---:|---:|---:|---:|---|---:|\n",
    );
    let (mut total_bytes, mut total_time) = (0u64, Duration::ZERO);
    for row in rows {
        let kb = row.input_bytes.div_ceil(1024);
        let line = match &row.outcome {
            Outcome::Generated { operations, types, lines, elapsed, compile, round_trips } => {
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
                    "| {} | `{}` | {kb} | {operations} | {types} | {lines} | {} | {compiled} | {trips} |",
                    row.set,
                    row.module,
                    elapsed.as_millis()
                )
            }
            Outcome::ExpectedError(first) => {
                format!(
                    "| {} | `{}` | {kb} | – | – | – | – | expected error: {} | – |",
                    row.set,
                    row.module,
                    first.replace('|', "\\|")
                )
            }
            Outcome::Failed(message) => {
                let first = message.lines().next().unwrap_or_default().replace('|', "\\|");
                format!(
                    "| {} | `{}` | {kb} | – | – | – | – | **generation failed**: {first} | – |",
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
