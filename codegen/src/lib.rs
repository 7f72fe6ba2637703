//! wsbind's generator: front ends (WSDL/XSD, OpenAPI) -> one service model -> Rust emitter.
//!
//! ```text
//! schemas/<service>/*.wsdl|*.xsd|*.yaml
//!    │ read (roxmltree / openapiv3), positions kept         wsdl, xsd, openapi
//!    ▼
//! service model (model::Model)                              model, passes
//!    │ names, token streams, prettyplease                   names, emit
//!    ▼
//! BTreeMap<path, formatted file>  -> xtask writes/checks, build.rs writes when stale, tests compare
//! ```
//!
//! The library *produces*; callers decide what to do with the files ("produce, then write"):
//! [`generate_repo`] is what `cargo xtask codegen`, `build.rs` and the freshness test share,
//! [`Builder`] binds one description outside a `schemas/` folder (build scripts of other crates,
//! the `wsbind` command, `cargo xtask codegen --input`), and [`generate`] is the single-service
//! step under both (also used by the corpus run).

pub mod api;
mod builder;
pub mod catalog;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diag;
pub mod emit;
pub(crate) mod lower;
pub mod model;
pub mod names;
pub mod namespaces;
pub mod openapi;
pub mod output;
pub mod passes;
pub mod paths;
pub mod services;
pub mod wsdl;
pub mod xsd;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use builder::{Builder, Written};
pub use diag::{Diagnostic, Diagnostics};
pub use lower::SumCounts;
pub use output::Files;
pub use paths::relative;
pub use services::{InputKind, ServiceSpec};

/// Why generation failed.
///
/// `Debug` prints the same text as `Display`, so a build script's
/// `fn main() -> Result<(), Box<dyn std::error::Error>>` shows the positioned diagnostics to cargo
/// as they are, not a nested struct dump.
#[derive(thiserror::Error)]
pub enum Error {
    /// Problems in the input files, each with file:line:col.
    #[error("{}", .0.render())]
    Schema(#[from] Diagnostics),
    /// The emitter could not produce valid Rust from the model.
    #[error("{0}")]
    Emit(#[from] emit::Error),
    /// The output could not be written.
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// Check mode: the file on disk is not what the generator produces (a unified diff and the
    /// command that fixes it).
    #[error("{0}")]
    Stale(String),
    /// [`Builder::compile`] outside a build script, with no output folder given.
    #[error("OUT_DIR is not set: `Builder::compile` runs in a build script; elsewhere set `.out_dir(DIR)`")]
    NoOutDir,
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// How the generated code will be used.
#[derive(Debug, Clone)]
pub struct Context {
    /// Paths in headers and docs are shown relative to this folder.
    pub source_root: PathBuf,
    /// True for modules compiled inside the `wsbind` crate (`generated/`), false for `--out`.
    pub in_crate: bool,
    /// The command that regenerates the file, named in its `@generated` header.
    pub command: String,
    /// Also emit the round-trip fixtures (`emit::Options::samples`); false but for the corpus run.
    pub samples: bool,
}

/// One generated module and what went into it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub module: String,
    /// File name relative to the output folder (`tc2.rs`).
    pub file: PathBuf,
    pub code: String,
    /// The service's API snapshot, the `.api` text written beside the module ([`api_file`]).
    pub api: String,
    pub stats: Stats,
    /// Every file the front end read (inputs, imports, includes), as opened.
    pub read_files: Vec<PathBuf>,
    /// What the front end kept as raw JSON or left out, positioned ([`model::Model::warnings`]).
    pub warnings: Vec<Diagnostic>,
}

impl Generated {
    /// The module's summary and its text, apart (the text is moved, not copied).
    pub fn into_parts(self) -> (Summary, String) {
        let Generated { module, file, code, stats, .. } = self;
        (Summary { module, file, stats }, code)
    }
}

/// A generated module without its text: what [`generate_repo`] reports beside the [`Files`]
/// that hold the text.
#[derive(Debug, Clone)]
pub struct Summary {
    pub module: String,
    /// File name relative to the output folder (`tc2.rs`), the module's key in the [`Files`].
    pub file: PathBuf,
    pub stats: Stats,
}

impl Summary {
    /// The one line printed per module: `tc2: 2 operations, 11 types, 885 lines, <state> (16 ms)`.
    pub fn line(&self, state: &str) -> String {
        let s = self.stats;
        format!(
            "{}: {} operation{}, {} types, {} lines, {state} ({} ms)",
            self.module,
            s.operations,
            if s.operations == 1 { "" } else { "s" },
            s.types,
            s.lines,
            s.elapsed.as_millis()
        )
    }
}

/// Figures printed by xtask and the corpus table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub services: usize,
    pub operations: usize,
    pub types: usize,
    pub lines: usize,
    /// Load + emit + format time.
    pub elapsed: Duration,
    /// How the description's alternatives came out in Rust.
    pub sums: lower::SumCounts,
}

/// Reads a service's inputs into the model (front end + passes), without emitting.
pub fn load(spec: &ServiceSpec, ctx: &Context) -> Result<model::Model, Diagnostics> {
    match &spec.kind {
        InputKind::Wsdl(files) => {
            let catalog = match &spec.catalog {
                Some(path) => catalog::load(path)?,
                None => Default::default(),
            };
            let options = wsdl::LoadOptions {
                module: spec.module.clone(),
                catalog,
                secrets: spec.secrets.clone(),
                source_root: Some(ctx.source_root.clone()),
                strict: spec.strict,
            };
            let mut model = wsdl::load(files, &options)?;
            let manifest = relative(&spec.dir.join("wsbind.toml"), &ctx.source_root);
            passes::headers::require(&mut model, &spec.required_headers, &manifest)?;
            Ok(model)
        }
        InputKind::OpenApi(file) => {
            let options = openapi::LoadOptions {
                module: spec.module.clone(),
                secrets: spec.secrets.clone(),
                source_root: Some(ctx.source_root.clone()),
                strict: spec.strict,
            };
            openapi::load(file, &options)
        }
    }
}

/// Generates one service's module.
pub fn generate(spec: &ServiceSpec, ctx: &Context) -> Result<Generated, Error> {
    let start = Instant::now();
    let model = load(spec, ctx)?;
    emit_generated(spec, ctx, model, start)
}

/// The module of a loaded model (the second half of [`generate`]); `start` is when loading began.
fn emit_generated(spec: &ServiceSpec, ctx: &Context, model: model::Model, start: Instant) -> Result<Generated, Error> {
    // Every Rust decision, once: the snapshot, the emitter and the counts read the same lowering.
    let lowered = lower::lower(&model);
    let api = api::snapshot_lowered(&model, &lowered).render();
    if emit::timings() {
        eprintln!("wsbind timings: {}: front end and passes {} ms", spec.module, start.elapsed().as_millis());
    }
    let inputs: Vec<String> =
        spec.inputs().iter().map(|p| relative(p, &ctx.source_root).display().to_string()).collect();
    let header = format!(
        "// @generated by `{}` from {}.\n// Do not edit by hand: change the schema and regenerate.\n",
        ctx.command,
        inputs.join(", ")
    );
    let options = emit::Options { in_crate: ctx.in_crate, header, samples: ctx.samples };
    let emit_start = Instant::now();
    let code = emit::emit_lowered(&lowered, &options)?;
    if emit::timings() {
        eprintln!("wsbind timings: {}: emit {} ms", spec.module, emit_start.elapsed().as_millis());
    }
    let stats = Stats {
        services: model.services.len(),
        operations: model.services.iter().map(|s| s.operations.len()).sum(),
        types: model.types.len(),
        lines: code.lines().count(),
        elapsed: start.elapsed(),
        sums: lower::sum_counts(&model, &lowered.model),
    };
    drop(lowered);
    Ok(Generated {
        module: spec.module.clone(),
        file: PathBuf::from(format!("{}.rs", spec.module)),
        code,
        api,
        stats,
        read_files: model.read_files,
        warnings: model.warnings,
    })
}

/// The command named in the headers of files under `generated/`.
pub const REPO_COMMAND: &str = "cargo xtask codegen";

/// Every service of a repository checkout (`<root>/schemas/*`), plus `generated/mod.rs`.
/// `only` restricts the run to one module (the other files are then not in the map). Each module's
/// text is in the [`Files`] only; the [`Summary`]s say which modules were generated and their figures.
/// Beside each `<module>.rs`, the [`Files`] hold `<module>.api`, the service's API snapshot
/// ([`api_file`]), so that checking `generated/` checks the snapshots too and `cargo xtask codegen`
/// can report what a regeneration changed.
pub fn generate_repo(root: &Path, only: Option<&str>) -> Result<(Files, Vec<Summary>), Error> {
    let specs = services::discover(&root.join("schemas"))?;
    let ctx =
        Context { source_root: root.to_path_buf(), in_crate: true, command: REPO_COMMAND.to_owned(), samples: false };
    let mut files = Files::new();
    let mut generated = Vec::new();
    let mut problems = Vec::new();
    for spec in specs.iter().filter(|s| only.is_none_or(|m| m == s.module)) {
        match generate(spec, &ctx) {
            Ok(mut g) => {
                let snapshot = std::mem::take(&mut g.api);
                let (summary, code) = g.into_parts();
                files.insert(summary.file.clone(), code);
                files.insert(api_file(&summary.module), snapshot);
                generated.push(summary);
            }
            Err(Error::Schema(d)) => problems.extend(d.into_vec()),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics::new(problems).into());
    }
    if only.is_none() {
        let modules: Vec<&str> = specs.iter().map(|s| s.module.as_str()).collect();
        files.insert(PathBuf::from("mod.rs"), parent_module(&modules));
    }
    Ok((files, generated))
}

/// The name of a module's API snapshot in the [`Files`] of [`generate_repo`]: `<module>.api`.
pub fn api_file(module: &str) -> PathBuf {
    PathBuf::from(format!("{module}.api"))
}

/// `generated/mod.rs`: one `pub mod` per service, behind the cargo feature of the same name.
/// `#[rustfmt::skip]` keeps `cargo fmt` and the generator from disagreeing.
pub fn parent_module(modules: &[&str]) -> String {
    let mut out = format!(
        "// @generated by `{REPO_COMMAND}`. Do not edit by hand.\n\
         //! Generated service modules: one per folder of `schemas/`, each behind the cargo feature of the same name.\n"
    );
    let mut sorted = modules.to_vec();
    sorted.sort_unstable();
    for m in sorted {
        out.push_str(&format!("\n#[cfg(feature = \"{m}\")]\n#[rustfmt::skip]\npub mod {m};\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_module_lists_features_in_order() {
        let text = parent_module(&["sos", "aim"]);
        let aim = text.find("pub mod aim;").unwrap();
        let sos = text.find("pub mod sos;").unwrap();
        assert!(aim < sos);
        assert!(text.contains("#[cfg(feature = \"sos\")]\n#[rustfmt::skip]\npub mod sos;"));
        assert!(text.starts_with("// @generated"));
    }
}
