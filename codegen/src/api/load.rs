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
/// description file (default: the file stem in snake_case, as `codegen --input`).
pub fn load_any(path: &Path, module: Option<&str>) -> Result<Snapshot, Error> {
    let spec = if path.is_dir() {
        services::service_in(path)?
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| crate::Diagnostics::from(Diagnostic::new(path, 0, 0, format!("cannot read: {e}"))))?;
        if let Ok(text) = std::str::from_utf8(&bytes)
            && (path.extension().is_some_and(|e| e == "api") || is_snapshot_text(text))
        {
            return Ok(Snapshot::parse(text, path)?);
        }
        ServiceSpec::for_input(path, module, None)?
    };
    let mut spec = spec;
    if let Some(m) = module {
        spec.module = m.to_owned();
    }
    let source_root = spec.dir.clone();
    let ctx = Context { source_root, in_crate: false, command: String::new(), samples: false };
    let model = crate::load(&spec, &ctx)?;
    Ok(snapshot(&model))
}
