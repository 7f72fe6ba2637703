//! Binding one service description that lives outside a `schemas/` folder: the build-script API
//! (in the style of prost-build's `Config::compile_protos`), which the `wsbind` command and
//! `cargo xtask codegen --input` go through too.
//!
//! ```no_run
//! // build.rs of any crate
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     wsbind_codegen::Builder::new("wsdl/weather.wsdl") // WSDL or OpenAPI file
//!         .module("weather") // default: the file stem in snake_case
//!         .secret("ApiKey") // optional, repeatable
//!         .compile()?; // writes $OUT_DIR/weather.rs and $OUT_DIR/weather.api
//!     Ok(())
//! }
//! ```
//!
//! Beside the module, [`Builder::write`] and [`Builder::compile`] keep `<module>.api`, the
//! service's API snapshot, and compare the new one with it ([`Written::api`]): what changed in
//! the API since the previous generation into that folder, classified for old clients, new clients
//! and downstream Rust code. The `wsbind` command prints that report at every run. A build
//! script's output is hidden unless the build fails, so [`Builder::compile`] reports as
//! `cargo::warning=` lines, and only when the API changed: not on the first build of a clean
//! `OUT_DIR` (nothing to compare with) nor when it is unchanged. With [`Builder::out_dir`] set to a
//! committed folder, commit the `.api` file with the module so that the next regeneration has
//! something to compare with.
//!
//! The file it writes holds no inner attributes or `//!` comments, so it works both through
//! `mod weather { include!(concat!(env!("OUT_DIR"), "/weather.rs")); }` and committed as
//! `src/weather.rs`; it refers to the runtime as `::wsbind`.

use std::path::{Path, PathBuf};

use crate::api::Regenerated;
use crate::output::{self, Files};
use crate::services::ServiceSpec;
use crate::{Context, Error, Generated};

/// The command named in the `@generated` header of files written by a build script.
const BUILD_SCRIPT_COMMAND: &str = "wsbind_codegen::Builder in build.rs";

/// Generates the module of one WSDL (with its imports) or OpenAPI file.
#[derive(Debug, Clone)]
pub struct Builder {
    input: PathBuf,
    module: Option<String>,
    catalog: Option<PathBuf>,
    secrets: Vec<String>,
    out_dir: Option<PathBuf>,
    command: Option<String>,
    strict: bool,
}

/// What [`Builder::compile`] and [`Builder::write`] did.
#[derive(Debug, Clone)]
pub struct Written {
    /// The module generated, with its figures.
    pub generated: Generated,
    /// Where the file is.
    pub path: PathBuf,
    /// False when the file on disk already had this content (it was left untouched).
    pub changed: bool,
    /// How many files were written: the module and its `.api` snapshot, 0 to 2.
    pub files_written: usize,
    /// The API changes against the `<module>.api` snapshot the previous generation left beside
    /// the file (now replaced by this generation's).
    pub api: Regenerated,
}

impl Written {
    /// The `cargo::warning=` lines [`Builder::compile`] prints: none unless the API changed, then
    /// the report, one warning per line (a build script's stdout is hidden, its warnings shown):
    /// `cargo::warning=weather: API: 1 change: ...`, `cargo::warning=weather: ~ type/Day/...`.
    pub fn cargo_warnings(&self) -> Vec<String> {
        if !self.api.changed() {
            return Vec::new();
        }
        let module = &self.generated.module;
        self.api.lines(false).iter().map(|line| format!("cargo::warning={module}: {}", line.trim_start())).collect()
    }

    /// The files written, for a summary line: `unchanged`, `1 file written`, `2 files written`.
    pub fn state(&self) -> &'static str {
        match self.files_written {
            0 => "unchanged",
            1 => "1 file written",
            _ => "2 files written",
        }
    }
}

impl Builder {
    /// A builder for `input`: a `.wsdl` file (imports and includes are read relative to it, or
    /// through a catalog), or an OpenAPI 3.0 `.yaml` / `.yml` / `.json` file.
    pub fn new(input: impl Into<PathBuf>) -> Self {
        Builder {
            input: input.into(),
            module: None,
            catalog: None,
            secrets: Vec::new(),
            out_dir: None,
            command: None,
            strict: false,
        }
    }

    /// Strict mode (OpenAPI): a construct the generator does not model yet is an error instead
    /// of a raw JSON value (or an operation left out) with a warning ([`Generated::warnings`]).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The module (and file) name; default: the input's file stem in snake_case.
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// An OASIS XML catalog mapping remote import URLs to local files (default: `catalog.xml`
    /// beside the input, when there is one). Remote imports are never fetched.
    pub fn catalog(mut self, path: impl Into<PathBuf>) -> Self {
        self.catalog = Some(path.into());
        self
    }

    /// One more element, property or parameter name whose values are secret (redacted in
    /// `Debug` output and error messages), besides wsbind's name rule. Repeatable.
    pub fn secret(mut self, name: impl Into<String>) -> Self {
        self.secrets.push(name.into());
        self
    }

    /// The folder the file is written to (default for [`Builder::compile`]: `$OUT_DIR`). For
    /// committed output, e.g. `src/`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The command named in the file's `@generated` header, the one that regenerates it
    /// (default: `wsbind_codegen::Builder in build.rs`).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// The input file.
    pub fn input(&self) -> &Path {
        &self.input
    }

    /// Generates the module without writing anything.
    pub fn generate(&self) -> Result<Generated, Error> {
        let mut spec = ServiceSpec::for_input(&self.input, self.module.as_deref(), self.catalog.as_deref())?;
        spec.secrets.extend(self.secrets.iter().cloned());
        spec.strict = self.strict;
        let ctx = Context {
            // Paths in the header and docs are shown as the user gave them (relative to the
            // folder the command or build script runs in).
            source_root: std::env::current_dir().unwrap_or_default(),
            in_crate: false,
            command: self.command.clone().unwrap_or_else(|| BUILD_SCRIPT_COMMAND.to_owned()),
            samples: false,
        };
        crate::generate(&spec, &ctx)
    }

    /// For build scripts: generates the module and writes it to the output folder (`$OUT_DIR`
    /// unless [`Builder::out_dir`] was set) when its content differs, atomically. Prints
    /// `cargo::rerun-if-changed` for every file read (the input, its imports and includes, the
    /// catalog), so a build that changed none of them does not run the generator again.
    pub fn compile(&self) -> Result<Written, Error> {
        println!("cargo::rerun-if-changed={}", self.input.display());
        if let Some(catalog) = &self.catalog {
            println!("cargo::rerun-if-changed={}", catalog.display());
        }
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let generated = self.generate()?;
        for file in &generated.read_files {
            if file != &self.input {
                println!("cargo::rerun-if-changed={}", file.display());
            }
        }
        for warning in &generated.warnings {
            println!("cargo::warning={}: {warning}", generated.module);
        }
        let written = self.write_generated(&dir, generated)?;
        for line in written.cargo_warnings() {
            println!("{line}");
        }
        Ok(written)
    }

    /// Generates the module and writes it to the folder set with [`Builder::out_dir`] when its
    /// content differs, atomically (no cargo output and nothing printed; for commands, which
    /// print [`Written::api`]).
    pub fn write(&self) -> Result<Written, Error> {
        let dir = self.out_dir.clone().ok_or(Error::NoOutDir)?;
        let generated = self.generate()?;
        self.write_generated(&dir, generated)
    }

    /// Writes nothing: the module as generated, or [`Error::Stale`] with a unified diff when the
    /// module or its `.api` snapshot in the output folder differs from it.
    pub fn check(&self) -> Result<Generated, Error> {
        let dir = self.out_dir.clone().ok_or(Error::NoOutDir)?;
        let generated = self.generate()?;
        let files = single_file(&generated);
        let stale = output::check(&dir, &files);
        if stale.is_empty() {
            return Ok(generated);
        }
        let command = self.command.as_deref().unwrap_or(BUILD_SCRIPT_COMMAND);
        Err(Error::Stale(output::describe_stale(&stale, &[], command)))
    }

    fn write_generated(&self, dir: &Path, generated: Generated) -> Result<Written, Error> {
        let api =
            Regenerated::compare(&generated.module, &dir.join(crate::api_file(&generated.module)), &generated.api);
        let files = single_file(&generated);
        let report = output::sync(dir, &files).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
        let path = dir.join(&generated.file);
        let changed = report.written.contains(&generated.file);
        Ok(Written { changed, files_written: report.written.len(), path, generated, api })
    }
}

/// The module and its API snapshot.
fn single_file(generated: &Generated) -> Files {
    let mut files = Files::new();
    files.insert(generated.file.clone(), generated.code.clone());
    files.insert(crate::api_file(&generated.module), generated.api.clone());
    files
}
