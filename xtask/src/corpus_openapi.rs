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
pub const EXPECTED_FAILURES: &[(&str, &str)] = &[
    // Every operation uploads a file as `multipart/form-data`, not supported yet: all are left
    // out (each with a warning), and a client without operations is no client.
    ("cloudmersive-ocr", "generated no operations"),
];

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
    let ctx = Context {
        source_root: dir.to_path_buf(),
        in_crate: false,
        command: "cargo xtask corpus".to_owned(),
        samples: false,
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

/// True when `warning` says a value is kept as raw JSON (the others leave an operation or a part
/// out).
fn is_raw_json(warning: &str) -> bool {
    warning.contains("kept as a raw JSON value")
}

/// The problems that fail the run: descriptions that fail without being listed in
/// [`EXPECTED_FAILURES`] (or with another reason), listed ones that pass or are gone.
pub fn failures(rows: &[Row], only: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        let expected = EXPECTED_FAILURES.iter().find(|(n, _)| *n == row.name).map(|(_, f)| *f);
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
    for (name, _) in EXPECTED_FAILURES {
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
        "| description | module | operations | types | fields | raw JSON | left out | compiles |\n\
         |---|---|---:|---:|---:|---:|---:|---|\n",
    );
    let (mut ok, mut with_operations, mut raw_total, mut fields_total) = (0, 0, 0, 0);
    for row in rows {
        let line = match &row.outcome {
            Outcome::Generated { operations, types, fields, warnings, compiles } => {
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
                format!(
                    "| {} | `{}` | {operations} | {types} | {fields} | {raw} | {} | {compiled} |",
                    row.name,
                    row.module,
                    warnings.len() - raw
                )
            }
            Outcome::Failed(message) => {
                let first = message.lines().next().unwrap_or_default().replace('|', "\\|");
                format!("| {} | `{}` | – | – | – | – | – | **generation failed**: {first} |", row.name, row.module)
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let per_200 = if fields_total > 0 { raw_total as f64 * 200.0 / fields_total as f64 } else { 0.0 };
    let _ = writeln!(
        out,
        "\n{ok} of {} descriptions generate and compile, {with_operations} of them with at least one operation; \
         {raw_total} raw JSON fallbacks in {fields_total} fields and parameters ({per_200:.2} in 200).",
        rows.len()
    );
    for row in rows {
        let Outcome::Generated { warnings, .. } = &row.outcome else { continue };
        if warnings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n**{}** ({}):\n", row.name, warnings.len());
        for w in warnings {
            let _ = writeln!(out, "- {}", w.replace('|', "\\|"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(name: &str, operations: usize, compiles: Result<(), String>) -> Row {
        let outcome =
            Outcome::Generated { operations, types: 1, fields: 1, warnings: Vec::new(), compiles: Some(compiles) };
        Row { name: name.to_owned(), module: module_name(name), outcome }
    }

    #[test]
    fn expected_failures_are_checked_exactly() {
        // The listed description failing for its reason passes; every other failure fails.
        let rows = [generated("cloudmersive-ocr", 0, Ok(())), generated("petstore", 3, Ok(()))];
        assert!(failures(&rows, None).is_empty(), "{:?}", failures(&rows, None));
        let rows = [generated("cloudmersive-ocr", 0, Ok(())), generated("petstore", 3, Err("E0277".into()))];
        assert_eq!(failures(&rows, None), ["oas_petstore (petstore):\ndoes not compile:\nE0277"]);
        // A listed description that now passes, or is gone, fails the run.
        let rows = [generated("cloudmersive-ocr", 2, Ok(()))];
        assert!(failures(&rows, None)[0].contains("now generates and compiles: remove it"));
        assert_eq!(failures(&[], None), ["expected failure `cloudmersive-ocr` is not in the OpenAPI corpus"]);
        assert!(failures(&[], Some("linode")).is_empty());
    }
}
