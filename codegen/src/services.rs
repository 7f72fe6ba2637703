//! Service discovery: which folders under `schemas/` are services, which files are their inputs,
//! and the optional per-service manifest `wsbind.toml`.
//!
//! A service folder holds either WSDL (every `*.wsdl` not imported by another one is a top-level
//! input) or one OpenAPI document (`*.yaml`, `*.yml` or `*.json`). The manifest is only needed to
//! change a default: the module name (default: the folder name), extra secret names for the
//! redaction rule, SOAP headers the service requires (`required_headers`), or an XML catalog for remote imports (default: `catalog.xml` beside the
//! schemas, when present). `toml` reads it because it reports positioned errors for free.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, line_column};

/// What one service folder (or one `--input` file) is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    /// Rust module name of the generated file.
    pub module: String,
    /// The folder holding the service's schemas (for a single `--input`, the file's folder).
    pub dir: PathBuf,
    pub kind: InputKind,
    /// Extra names the redaction rule treats as secret.
    pub secrets: Vec<String>,
    /// SOAP header elements (local names) the service requires although its WSDL does not say
    /// so (`wsdl:required="true"` does): the client refuses to call without them.
    pub required_headers: Vec<String>,
    /// XML catalog mapping remote schema URLs to local files.
    pub catalog: Option<PathBuf>,
    /// OpenAPI: refuse what would be kept as raw JSON or left out (see
    /// [`crate::openapi::LoadOptions::strict`]).
    pub strict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// Top-level WSDL files, sorted.
    Wsdl(Vec<PathBuf>),
    /// One OpenAPI document.
    OpenApi(PathBuf),
}

impl ServiceSpec {
    /// The input files named in the `@generated` header and watched by build.rs.
    pub fn inputs(&self) -> Vec<PathBuf> {
        match &self.kind {
            InputKind::Wsdl(files) => files.clone(),
            InputKind::OpenApi(file) => vec![file.clone()],
        }
    }

    /// A spec for one input file outside `schemas/` (`cargo xtask codegen --input`).
    pub fn for_input(input: &Path, module: Option<&str>, catalog: Option<&Path>) -> Result<Self, Diagnostics> {
        let kind = match input.extension().and_then(|e| e.to_str()) {
            Some("wsdl") | Some("xml") => InputKind::Wsdl(vec![input.to_path_buf()]),
            Some("yaml") | Some("yml") | Some("json") => InputKind::OpenApi(input.to_path_buf()),
            _ => {
                return Err(Diagnostic::new(input, 0, 0, "unknown input kind")
                    .with_help("expected a .wsdl file or an OpenAPI .yaml/.yml/.json file")
                    .into());
            }
        };
        if !input.is_file() {
            return Err(Diagnostic::new(input, 0, 0, "input file not found").into());
        }
        let module = match module {
            Some(m) if is_module_name(m) => m.to_owned(),
            Some(m) => {
                return Err(Diagnostic::new(input, 0, 0, format!("module name `{m}` is not a Rust identifier"))
                    .with_help("use letters, digits and `_`, not starting with a digit, and no keyword")
                    .into());
            }
            None => default_module_name(input),
        };
        let dir = input.parent().map(Path::to_path_buf).unwrap_or_default();
        let catalog = catalog.map(Path::to_path_buf).or_else(|| Some(dir.join("catalog.xml")).filter(|c| c.is_file()));
        Ok(ServiceSpec { module, dir, kind, secrets: Vec::new(), required_headers: Vec::new(), catalog, strict: false })
    }
}

/// The module name of an input file when none is given: its stem in snake_case, made a plain
/// identifier (`1099-forms.wsdl` -> `_1099_forms`, `type.wsdl` -> `type_`).
pub fn default_module_name(input: &Path) -> String {
    let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("service");
    let name = crate::names::field_name(stem);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// True for a name usable as a module and file name: a plain identifier, no keyword.
fn is_module_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !crate::names::is_keyword(name)
}

/// The manifest `schemas/<service>/wsbind.toml`; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    module: Option<String>,
    #[serde(default)]
    secrets: Vec<String>,
    #[serde(default)]
    required_headers: Vec<String>,
    catalog: Option<PathBuf>,
}

/// Every service under `schemas_dir`, sorted by folder name.
pub fn discover(schemas_dir: &Path) -> Result<Vec<ServiceSpec>, Diagnostics> {
    let entries = std::fs::read_dir(schemas_dir).map_err(|e| {
        Diagnostics::from(Diagnostic::new(schemas_dir, 0, 0, format!("cannot read the schemas folder: {e}")))
    })?;
    let mut dirs: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        match service_in(&dir) {
            Ok(spec) => specs.push(spec),
            Err(d) => problems.extend(d.into_vec()),
        }
    }
    if problems.is_empty() { Ok(specs) } else { Err(Diagnostics::new(problems)) }
}

/// The service of one folder.
pub fn service_in(dir: &Path) -> Result<ServiceSpec, Diagnostics> {
    let manifest = read_manifest(&dir.join("wsbind.toml"))?;
    let folder = dir.file_name().and_then(|n| n.to_str()).unwrap_or("service");
    let module = manifest.module.unwrap_or_else(|| heck::ToSnakeCase::to_snake_case(folder));
    let mut wsdl = Vec::new();
    let mut openapi = Vec::new();
    let listing = std::fs::read_dir(dir)
        .map_err(|e| Diagnostics::from(Diagnostic::new(dir, 0, 0, format!("cannot read folder: {e}"))))?;
    for entry in listing.filter_map(Result::ok) {
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("wsdl") => wsdl.push(path),
            Some("yaml") | Some("yml") | Some("json") => openapi.push(path),
            _ => {}
        }
    }
    wsdl.sort();
    openapi.sort();
    let kind = match (wsdl.is_empty(), openapi.as_slice()) {
        (false, []) => InputKind::Wsdl(crate::wsdl::top_level_wsdls(dir)),
        (true, [one]) => InputKind::OpenApi(one.clone()),
        (true, []) => {
            return Err(Diagnostic::new(dir, 0, 0, "no service description in this folder")
                .with_help("add a .wsdl file or one OpenAPI .yaml file")
                .into());
        }
        _ => {
            return Err(Diagnostic::new(dir, 0, 0, "more than one kind of service description in this folder")
                .with_help("keep either WSDL files or exactly one OpenAPI document per service folder")
                .into());
        }
    };
    let catalog = match manifest.catalog {
        Some(c) => Some(dir.join(c)),
        None => Some(dir.join("catalog.xml")).filter(|c| c.is_file()),
    };
    Ok(ServiceSpec {
        module,
        dir: dir.to_path_buf(),
        kind,
        secrets: manifest.secrets,
        required_headers: manifest.required_headers,
        strict: false,
        catalog,
    })
}

fn read_manifest(path: &Path) -> Result<Manifest, Diagnostics> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
        Err(e) => return Err(Diagnostic::new(path, 0, 0, format!("cannot read manifest: {e}")).into()),
    };
    toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_column(&text, s.start)).unwrap_or((0, 0));
        Diagnostics::from(Diagnostic::new(path, line, column, e.message().to_owned()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_from_file_names_are_identifiers() {
        assert_eq!(default_module_name(Path::new("wsdl/GlobalWeather.wsdl")), "global_weather");
        assert_eq!(default_module_name(Path::new("1099-forms.wsdl")), "_1099_forms");
        assert_eq!(default_module_name(Path::new("type.yaml")), "type_");
        assert!(is_module_name("weather_v2") && is_module_name("_x"));
        assert!(!is_module_name("2x") && !is_module_name("a-b") && !is_module_name("fn") && !is_module_name(""));
    }

    #[test]
    fn manifest_errors_are_positioned() {
        let dir = std::env::temp_dir().join(format!("wsbind-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wsbind.toml");
        std::fs::write(&path, "module = \"x\"\nsecrets = 3\n").unwrap();
        let err = read_manifest(&path).unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!((d.line, d.column), (2, 11));
        assert!(d.message.contains("invalid type"), "{}", d.message);
        std::fs::write(&path, "modul = \"x\"\n").unwrap();
        let err = read_manifest(&path).unwrap_err();
        assert!(err.to_string().contains("unknown field `modul`"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
