//! The OpenAPI half of `cargo xtask corpus`: every description of `../shared/corpus-openapi/`
//! (one `<name>/openapi.yaml` per folder) is generated into module `oas_<name>`, compiled in the
//! same scratch crate as the WSDL sets (see [`crate::corpus`]), and summarised per description:
//! operations, types, fields, and the constructs kept as raw JSON or left out, with their reasons
//! (the generator's positioned warnings).
//!
//! Expected failures are recorded in [`EXPECTED_FAILURES`], each with a fragment of its reason,
//! and checked exactly: a listed description that generates and compiles fails the run (remove it
//! from the list), as does any other description that does not, or a description of the list that
//! is no longer in the corpus.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use wsbind_codegen::model::{Model, TypeKind};
use wsbind_codegen::{Context, ServiceSpec};

/// Descriptions that are expected not to generate or compile, with a fragment of the reason.
pub const EXPECTED_FAILURES: &[(&str, &str)] = &[];

/// Reply examples that are expected not to decode into their generated type because the example
/// contradicts its own schema: (description, a fragment of the example's label, a fragment of
/// the reason).
pub const EXPECTED_EXAMPLE_FAILURES: &[(&str, &str, &str)] = &[
    // Deleted and hidden comments in the examples have no `created_at`, which the schema
    // requires (both operations, both examples).
    ("dev-to", "comments-success-", "missing field `created_at`"),
    // The examples' input fields say `required` where the schema requires `isRequired` (six
    // replies).
    ("hubapi-automation", "example", "missing field `isRequired`"),
];

/// The results of a module's example fixtures (see `wsbind::samples::Examples::print`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExampleRun {
    pub passed: usize,
    pub total: usize,
    /// `(example, reason)` per example that did not decode or come back.
    pub failures: Vec<(String, String)>,
    /// `(example, JSON pointer)` per example with properties its type does not declare.
    pub dropped: Vec<(String, String)>,
}

/// The example results a test run printed, by module.
pub fn parse_examples(stdout: &str) -> BTreeMap<String, ExampleRun> {
    let mut out: BTreeMap<String, ExampleRun> = BTreeMap::new();
    for line in stdout.lines() {
        if let Some((_, rest)) = line.split_once("wsbind-examples: ") {
            let mut words = rest.split_whitespace();
            let (Some(module), Some(counts)) = (words.next(), words.next()) else { continue };
            let Some((passed, total)) = counts.split_once('/') else { continue };
            let (Ok(passed), Ok(total)) = (passed.parse(), total.parse()) else { continue };
            let run = out.entry(module.to_owned()).or_default();
            (run.passed, run.total) = (passed, total);
        }
        for (marker, dropped) in [("wsbind-example-failure: ", false), ("wsbind-example-dropped: ", true)] {
            let Some((_, rest)) = line.split_once(marker) else { continue };
            let Some((module, rest)) = rest.split_once(' ') else { continue };
            let (label, reason) = rest.split_once(": ").unwrap_or((rest, ""));
            let run = out.entry(module.to_owned()).or_default();
            let list = if dropped { &mut run.dropped } else { &mut run.failures };
            list.push((label.to_owned(), reason.to_owned()));
        }
    }
    out
}

/// One description's result.
pub struct Row {
    pub name: String,
    pub module: String,
    pub outcome: Outcome,
}

pub enum Outcome {
    Generated {
        operations: usize,
        types: usize,
        /// Record fields and operation parameters.
        fields: usize,
        /// The generator's warnings (`file:line:col: message`), relative to the corpus folder.
        warnings: Vec<String>,
        /// `None` until the scratch crate was built; `Some(Err(first error lines))` when the
        /// module does not compile.
        compiles: Option<Result<(), String>>,
        /// The reply examples decoded: `None` until the tests ran or when the module has none;
        /// `Some(Err(error lines))` when its example fixtures do not compile.
        examples: Option<Result<ExampleRun, String>>,
    },
    Failed(String),
}

/// The descriptions of `dir` (folders holding `openapi.yaml`) whose name contains `only`, sorted.
pub fn list(dir: &Path, only: Option<&str>) -> Result<Vec<String>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "error: no OpenAPI corpus at {} (pass --openapi-corpus DIR; it holds one `<name>/openapi.yaml` per \
             description, kept outside the repository)",
            dir.display()
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("openapi.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| only.is_none_or(|o| name.contains(o)))
        .collect();
    names.sort();
    Ok(names)
}

/// The module of description `name`.
pub fn module_name(name: &str) -> String {
    use heck::ToSnakeCase;
    format!("oas_{}", name.to_snake_case())
}

/// Generates description `name` of `dir`; its code goes into `sources` under its module.
pub fn generate_one(dir: &Path, name: &str, sources: &mut BTreeMap<String, String>) -> Row {
    let module = module_name(name);
    let input = dir.join(name).join("openapi.yaml");
    let row = |outcome| Row { name: name.to_owned(), module: module.clone(), outcome };
    let spec = match ServiceSpec::for_input(&input, Some(&module), None) {
        Ok(spec) => spec,
        Err(d) => return row(Outcome::Failed(d.render())),
    };
    // `samples`: the module gets a test decoding the description's reply examples.
    let ctx = Context {
        source_root: dir.to_path_buf(),
        in_crate: false,
        command: "cargo xtask corpus".to_owned(),
        samples: true,
    };
    let model = match wsbind_codegen::load(&spec, &ctx) {
        Ok(model) => model,
        Err(d) => return row(Outcome::Failed(d.render())),
    };
    match wsbind_codegen::generate(&spec, &ctx) {
        Ok(generated) => {
            sources.insert(module.clone(), generated.code);
            row(Outcome::Generated {
                operations: generated.stats.operations,
                types: generated.stats.types,
                fields: fields(&model),
                warnings: generated
                    .warnings
                    .iter()
                    .map(|w| w.to_string().replace(&format!("{}/", dir.display()), ""))
                    .collect(),
                compiles: None,
                examples: None,
            })
        }
        Err(e) => row(Outcome::Failed(e.to_string())),
    }
}

/// Record fields and operation parameters of `model`: what a raw JSON fallback is counted against.
fn fields(model: &Model) -> usize {
    let record_fields: usize = model
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Complex(c) => c.fields.len(),
            _ => 0,
        })
        .sum();
    let params: usize = model
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .filter_map(|op| op.rest.as_ref())
        .map(|r| r.params.len())
        .sum();
    record_fields + params
}

/// Records whether each generated module compiled (`failed`: module -> error lines).
pub fn set_compiled(rows: &mut [Row], failed: &BTreeMap<String, String>) {
    for row in rows {
        if let Outcome::Generated { compiles, .. } = &mut row.outcome {
            *compiles = Some(match failed.get(&row.module) {
                Some(lines) => Err(lines.clone()),
                None => Ok(()),
            });
        }
    }
}

/// Records each module's example results: those its tests printed (`runs`), or the error lines
/// of its example fixtures when they did not compile (`fixtures_failed`).
pub fn set_examples(rows: &mut [Row], runs: &BTreeMap<String, ExampleRun>, fixtures_failed: &BTreeMap<String, String>) {
    for row in rows {
        if let Outcome::Generated { examples, .. } = &mut row.outcome {
            *examples = match (fixtures_failed.get(&row.module), runs.get(&row.module)) {
                (Some(lines), _) => Some(Err(lines.clone())),
                (None, Some(run)) => Some(Ok(run.clone())),
                (None, None) => None,
            };
        }
    }
}

/// True when `warning` says a value is kept as raw JSON (the others leave an operation or a part
/// out).
fn is_raw_json(warning: &str) -> bool {
    warning.contains("kept as a raw JSON value")
}

/// The problems that fail the run: descriptions that fail without being listed in
/// [`EXPECTED_FAILURES`] (or with another reason), listed ones that pass or are gone; reply
/// examples that do not decode without being listed in [`EXPECTED_EXAMPLE_FAILURES`], and listed
/// ones that now decode.
pub fn failures(rows: &[Row], only: Option<&str>) -> Vec<String> {
    let mut out = check_failures(rows, only, EXPECTED_FAILURES);
    out.extend(example_failures(rows, EXPECTED_EXAMPLE_FAILURES));
    out
}

/// The example problems of `rows` given the `expected` example failures.
fn example_failures(rows: &[Row], expected: &[(&str, &str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut matched = vec![false; expected.len()];
    for row in rows {
        let Outcome::Generated { examples: Some(examples), .. } = &row.outcome else { continue };
        let run = match examples {
            Ok(run) => run,
            Err(lines) => {
                out.push(format!("{} ({}): example fixtures do not compile:\n{lines}", row.module, row.name));
                continue;
            }
        };
        for (label, reason) in &run.failures {
            let listed =
                expected.iter().position(|(name, l, r)| *name == row.name && label.contains(l) && reason.contains(r));
            match listed {
                Some(i) => matched[i] = true,
                None => out.push(format!("{} ({}): example {label}: {reason}", row.module, row.name)),
            }
        }
    }
    for ((name, label, _), matched) in expected.iter().zip(matched) {
        let ran =
            rows.iter().any(|r| r.name == *name && matches!(&r.outcome, Outcome::Generated { examples: Some(_), .. }));
        if ran && !matched {
            out.push(format!(
                "example `{label}` of {name} now decodes: remove it from EXPECTED_EXAMPLE_FAILURES in xtask/src/corpus_openapi.rs"
            ));
        }
    }
    out
}

/// The generation and compilation problems of `rows` given the `expected` failures.
fn check_failures(rows: &[Row], only: Option<&str>, expected_failures: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        let expected = expected_failures.iter().find(|(n, _)| *n == row.name).map(|(_, f)| *f);
        let problem = match &row.outcome {
            Outcome::Failed(message) => Some(message.clone()),
            Outcome::Generated { compiles: Some(Err(lines)), .. } => Some(format!("does not compile:\n{lines}")),
            Outcome::Generated { operations: 0, warnings, .. } => {
                Some(format!("generated no operations ({} left out, see the warnings)", warnings.len()))
            }
            Outcome::Generated { .. } => None,
        };
        match (problem, expected) {
            (None, None) => {}
            (Some(p), Some(fragment)) if p.contains(fragment) => {}
            (Some(p), Some(fragment)) => out
                .push(format!("{} ({}): expected a failure mentioning `{fragment}`, got:\n{p}", row.module, row.name)),
            (Some(p), None) => out.push(format!("{} ({}):\n{p}", row.module, row.name)),
            (None, Some(_)) => out.push(format!(
                "{} ({}) now generates and compiles: remove it from EXPECTED_FAILURES in xtask/src/corpus_openapi.rs",
                row.module, row.name
            )),
        }
    }
    for (name, _) in expected_failures {
        if only.is_none_or(|o| name.contains(o)) && !rows.iter().any(|r| r.name == *name) {
            out.push(format!("expected failure `{name}` is not in the OpenAPI corpus"));
        }
    }
    out
}

/// The Markdown summary: one table row per description, the totals, then per description the
/// constructs kept as raw JSON or left out, with their positions.
pub fn report(rows: &[Row]) -> String {
    let mut out = String::from(
        "| description | module | operations | types | fields | raw JSON | left out | compiles | reply examples |\n\
         |---|---|---:|---:|---:|---:|---:|---|---|\n",
    );
    let (mut ok, mut with_operations, mut raw_total, mut fields_total) = (0, 0, 0, 0);
    let (mut examples_passed, mut examples_total) = (0, 0);
    for row in rows {
        let line = match &row.outcome {
            Outcome::Generated { operations, types, fields, warnings, compiles, examples } => {
                let raw = warnings.iter().filter(|w| is_raw_json(w)).count();
                raw_total += raw;
                fields_total += fields;
                let compiled = match compiles {
                    None => "not checked",
                    Some(Ok(())) => {
                        ok += 1;
                        with_operations += usize::from(*operations > 0);
                        "yes"
                    }
                    Some(Err(_)) => "**no**",
                };
                let examples = match examples {
                    None => "–".to_owned(),
                    Some(Err(_)) => "**fixtures do not compile**".to_owned(),
                    Some(Ok(run)) => {
                        examples_passed += run.passed;
                        examples_total += run.total;
                        let mut text = format!("{}/{}", run.passed, run.total);
                        if !run.dropped.is_empty() {
                            let _ = write!(text, " ({} with undeclared properties)", run.dropped.len());
                        }
                        text
                    }
                };
                format!(
                    "| {} | `{}` | {operations} | {types} | {fields} | {raw} | {} | {compiled} | {examples} |",
                    row.name,
                    row.module,
                    warnings.len() - raw
                )
            }
            Outcome::Failed(message) => {
                let first = message.lines().next().unwrap_or_default().replace('|', "\\|");
                format!("| {} | `{}` | – | – | – | – | – | **generation failed**: {first} | – |", row.name, row.module)
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let per_200 = if fields_total > 0 { raw_total as f64 * 200.0 / fields_total as f64 } else { 0.0 };
    let _ = writeln!(
        out,
        "\n{ok} of {} descriptions generate and compile, {with_operations} of them with at least one operation; \
         {raw_total} raw JSON fallbacks in {fields_total} fields and parameters ({per_200:.2} in 200); \
         {examples_passed} of {examples_total} reply examples decode into their types and back.",
        rows.len()
    );
    for row in rows {
        let Outcome::Generated { warnings, examples, .. } = &row.outcome else { continue };
        let run = match examples {
            Some(Ok(run)) => Some(run),
            _ => None,
        };
        let noted = run.map_or(0, |r| r.failures.len() + r.dropped.len());
        if warnings.is_empty() && noted == 0 {
            continue;
        }
        let _ = writeln!(out, "\n**{}** ({}):\n", row.name, warnings.len() + noted);
        for w in warnings {
            let _ = writeln!(out, "- {}", w.replace('|', "\\|"));
        }
        for (label, reason) in run.map(|r| r.failures.as_slice()).unwrap_or_default() {
            let _ = writeln!(out, "- example {label} does not decode: {}", reason.replace('|', "\\|"));
        }
        for (label, path) in run.map(|r| r.dropped.as_slice()).unwrap_or_default() {
            let _ = writeln!(out, "- example {label} has properties its schema does not declare (first: `{path}`)");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(name: &str, operations: usize, compiles: Result<(), String>) -> Row {
        let outcome = Outcome::Generated {
            operations,
            types: 1,
            fields: 1,
            warnings: Vec::new(),
            compiles: Some(compiles),
            examples: None,
        };
        Row { name: name.to_owned(), module: module_name(name), outcome }
    }

    #[test]
    fn expected_failures_are_checked_exactly() {
        let expected = [("cloudmersive-ocr", "generated no operations")];
        let check = |rows: &[Row], only| check_failures(rows, only, &expected);
        // The listed description failing for its reason passes; every other failure fails.
        let rows = [generated("cloudmersive-ocr", 0, Ok(())), generated("petstore", 3, Ok(()))];
        assert!(check(&rows, None).is_empty(), "{:?}", check(&rows, None));
        let rows = [generated("cloudmersive-ocr", 0, Ok(())), generated("petstore", 3, Err("E0277".into()))];
        assert_eq!(check(&rows, None), ["oas_petstore (petstore):\ndoes not compile:\nE0277"]);
        // A listed description that now passes, or is gone, fails the run.
        let rows = [generated("cloudmersive-ocr", 2, Ok(()))];
        assert!(check(&rows, None)[0].contains("now generates and compiles: remove it"));
        assert_eq!(check(&[], None), ["expected failure `cloudmersive-ocr` is not in the OpenAPI corpus"]);
        assert!(check(&[], Some("linode")).is_empty());
    }

    #[test]
    fn example_results_are_read_and_expected_failures_checked_exactly() {
        let stdout = "test oas_pets::samples::examples ... wsbind-examples: oas_pets 1/3 dropped=1\n\
                      wsbind-example-failure: oas_pets getPet 200 a (openapi.yaml:3:5): does not decode at `age`: bad\n\
                      wsbind-example-failure: oas_pets getPet 404 b (openapi.yaml:9:5): does not decode at `.`: no\n\
                      wsbind-example-dropped: oas_pets listPets 200 c (openapi.yaml:12:5): /0/tag\nok\n";
        let runs = parse_examples(stdout);
        let run = &runs["oas_pets"];
        assert_eq!((run.passed, run.total, run.failures.len()), (1, 3, 2));
        assert_eq!(
            run.failures[0],
            ("getPet 200 a (openapi.yaml:3:5)".to_owned(), "does not decode at `age`: bad".to_owned())
        );
        assert_eq!(run.dropped, [("listPets 200 c (openapi.yaml:12:5)".to_owned(), "/0/tag".to_owned())]);
        let mut rows = [generated("pets", 2, Ok(()))];
        set_examples(&mut rows, &runs, &BTreeMap::new());
        let expected = [("pets", "getPet 200 a", "at `age`"), ("pets", "getPet 200 z", "")];
        let problems = example_failures(&rows, &expected);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("oas_pets (pets): example getPet 404 b"), "{problems:?}");
        assert!(problems[1].contains("`getPet 200 z` of pets now decodes"), "{problems:?}");
        assert!(report(&rows).contains("| 1/3 (1 with undeclared properties) |"), "{}", report(&rows));
    }
}
