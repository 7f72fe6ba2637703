//! A snapshot from any description: a `.api` snapshot, a WSDL, an OpenAPI file (`.yaml`, `.yml`,
//! `.json`), or a service folder as under `schemas/` (with its optional `wsbind.toml`).
//!
//! A file is a snapshot when its first line that is neither blank nor a `#` comment starts with
//! `module ` (so a snapshot saved under another extension is still recognised, and an OpenAPI
//! `.json` is never mistaken for one).

use std::path::Path;

use super::snapshot::{Snapshot, snapshot};
use crate::diag::Diagnostic;
use crate::services::{self, ServiceSpec};
use crate::{Context, Error};

/// True when `text` looks like the `.api` text form.
pub fn is_snapshot_text(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("module "))
}

/// Reads `path` (file or service folder) into a snapshot; `module` names the service of a single
/// description file (default: the file stem in snake_case, as `codegen --input`). A description
/// that `generate` refuses is refused with its error (the module is emitted and dropped).
pub fn load_any(path: &Path, module: Option<&str>) -> Result<Snapshot, Error> {
    load_with(path, module, None)
}

/// [`load_any`] with an XML catalog mapping remote imports to local files (for a folder, its own
/// `wsbind.toml` / `catalog.xml` catalog applies unless `catalog` is given).
pub fn load_with(path: &Path, module: Option<&str>, catalog: Option<&Path>) -> Result<Snapshot, Error> {
    let spec = if path.is_dir() {
        services::service_in(path).map_err(|d| with_descriptions_below(path, d))?
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| crate::Diagnostics::from(Diagnostic::new(path, 0, 0, format!("cannot read: {e}"))))?;
        if let Ok(text) = std::str::from_utf8(&bytes)
            && (path.extension().is_some_and(|e| e == "api") || is_snapshot_text(text))
        {
            return Ok(Snapshot::parse(text, path)?);
        }
        ServiceSpec::for_input(path, module, catalog)?
    };
    let mut spec = spec;
    if let Some(m) = module {
        spec.module = m.to_owned();
    }
    if let Some(c) = catalog {
        spec.catalog = Some(c.to_path_buf());
    }
    let source_root = spec.dir.clone();
    let ctx = Context { source_root, in_crate: false, command: String::new(), samples: false };
    let start = std::time::Instant::now();
    let model = crate::load(&spec, &ctx)?;
    let snapshot = snapshot(&model);
    // What `generate` refuses, a report refuses with the same error: its Rust verdicts would
    // describe a module that cannot exist.
    crate::emit_generated(&spec, &ctx, model, start)?;
    Ok(snapshot)
}

/// A folder without a description of its own (a corpus set of several services): the error says
/// which descriptions lie below it, to pass one of them instead.
fn with_descriptions_below(dir: &Path, d: crate::Diagnostics) -> Error {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                stack.push(path);
            } else if folder != dir && path.extension().is_some_and(|e| e == "wsdl") {
                found.push(path);
            }
        }
    }
    if found.is_empty() {
        return d.into();
    }
    found.sort();
    let list: Vec<String> = found.iter().take(10).map(|p| p.display().to_string()).collect();
    let more = if found.len() > 10 { format!(" and {} more", found.len() - 10) } else { String::new() };
    let d = Diagnostic::new(dir, 0, 0, "no service description in this folder itself").with_help(format!(
        "its subfolders hold {} WSDL file(s); compare one of them (with --catalog when it imports remote \
             schemas): {}{more}",
        found.len(),
        list.join(", ")
    ));
    crate::Diagnostics::from(d).into()
}
