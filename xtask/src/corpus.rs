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
//! Compilation is one `cargo check` of a crate whose `lib.rs` declares every module, in the shared
//! `target/corpus` directory; errors are attributed to modules through their file paths.

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
    /// Generate only; skip `cargo check`.
    #[arg(long)]
    no_compile: bool,
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
    Generated { operations: usize, types: usize, lines: usize, elapsed: Duration, compile: Compile },
    ExpectedError(String),
    Failed(String),
}

#[derive(Clone)]
enum Compile {
    Skipped,
    Ok,
    Failed(String),
}

pub fn run(args: &CorpusArgs, root: &Path) -> Result<(), String> {
    let corpus = if args.corpus.is_absolute() { args.corpus.clone() } else { root.join(&args.corpus) };
    let sets = list_sets(&corpus, args.only.as_deref())?;
    let scratch = root.join("target").join("corpus-crate");
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

    if !args.no_compile {
        let results = compile(root, &scratch, &sources)?;
        for row in &mut rows {
            if let Outcome::Generated { compile, .. } = &mut row.outcome {
                *compile = results.get(&row.module).cloned().unwrap_or(Compile::Ok);
            }
        }
    }

    println!("{}", table(&rows));
    let failures: Vec<&Row> = rows
        .iter()
        .filter(|r| matches!(&r.outcome, Outcome::Failed(_) | Outcome::Generated { compile: Compile::Failed(_), .. }))
        .collect();
    for row in &failures {
        match &row.outcome {
            Outcome::Failed(message) => eprintln!("\n{} ({}):\n{message}", row.module, row.set),
            Outcome::Generated { compile: Compile::Failed(message), .. } => {
                eprintln!("\n{} ({}) does not compile:\n{message}", row.module, row.set)
            }
            _ => {}
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(format!("{} corpus service(s) failed", failures.len())) }
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
    let ctx = Context { source_root: corpus.to_path_buf(), in_crate: false, command: "cargo xtask corpus".to_owned() };
    let start = Instant::now();
    let result = wsbind_codegen::generate(&spec, &ctx);
    let elapsed = start.elapsed();
    let expected = EXPECTED_ERRORS.iter().find(|(s, _)| *s == set).map(|(_, fragment)| *fragment);
    match (result, expected) {
        (Ok(generated), None) => {
            sources.insert(module.to_owned(), generated.code);
            row(Outcome::Generated {
                operations: generated.stats.operations,
                types: generated.stats.types,
                lines: generated.stats.lines,
                elapsed,
                compile: Compile::Skipped,
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

/// Writes the scratch crate and runs `cargo check` once; returns failures by module.
fn compile(
    root: &Path,
    scratch: &Path,
    sources: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, Compile>, String> {
    let write = |path: PathBuf, text: &str| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    let manifest = format!(
        "[package]\nname = \"wsbind-corpus\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwsbind = {{ path = {:?}, default-features = false, features = [\"reqwest\"] }}\n\n[workspace]\n",
        root.display().to_string()
    );
    write(scratch.join("Cargo.toml"), &manifest)?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write(scratch.join("Cargo.lock"), &lock)?;
    }
    let mut lib = String::from("//! Scratch crate: every corpus service generated by `cargo xtask corpus`.\n");
    for (module, code) in sources {
        write(scratch.join("src").join(format!("{module}.rs")), code)?;
        let _ = writeln!(lib, "pub mod {module};");
    }
    write(scratch.join("src/lib.rs"), &lib)?;

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["check", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target").join("corpus"))
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failures: BTreeMap<String, Compile> = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        let module = sources.keys().find(|m| line.starts_with(&format!("src/{m}.rs:")));
        let key = module.cloned().unwrap_or_else(|| "(crate)".to_owned());
        let entry = failures.entry(key).or_insert_with(|| Compile::Failed(String::new()));
        if let Compile::Failed(text) = entry {
            if text.lines().count() < 20 {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    if !output.status.success() && failures.is_empty() {
        return Err(format!("cargo check of the corpus crate failed:\n{stderr}"));
    }
    if let Some(Compile::Failed(text)) = failures.get("(crate)") {
        return Err(format!("the corpus crate failed outside any module:\n{text}"));
    }
    Ok(failures)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| set | module | schema KB | operations | types | generated lines | generation ms | compiles |\n\
         |---|---|---:|---:|---:|---:|---:|---|\n",
    );
    let (mut total_bytes, mut total_time) = (0u64, Duration::ZERO);
    for row in rows {
        let kb = row.input_bytes.div_ceil(1024);
        let line = match &row.outcome {
            Outcome::Generated { operations, types, lines, elapsed, compile } => {
                total_bytes += row.input_bytes;
                total_time += *elapsed;
                let compiled = match compile {
                    Compile::Skipped => "not checked".to_owned(),
                    Compile::Ok => "yes".to_owned(),
                    Compile::Failed(_) => "**no**".to_owned(),
                };
                format!(
                    "| {} | `{}` | {kb} | {operations} | {types} | {lines} | {} | {compiled} |",
                    row.set,
                    row.module,
                    elapsed.as_millis()
                )
            }
            Outcome::ExpectedError(first) => {
                format!(
                    "| {} | `{}` | {kb} | – | – | – | – | expected error: {} |",
                    row.set,
                    row.module,
                    first.replace('|', "\\|")
                )
            }
            Outcome::Failed(message) => {
                let first = message.lines().next().unwrap_or_default().replace('|', "\\|");
                format!("| {} | `{}` | {kb} | – | – | – | – | **generation failed**: {first} |", row.set, row.module)
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
