//! The WSDL 1.1 front end: reads a service's WSDL files (and everything they import) into the
//! service model.
//!
//! Stages: [`files`] loads the document set (imports, catalog, encodings), the XSD front end
//! ([`crate::xsd`]) builds types and elements, [`read`] indexes messages, port types, bindings and
//! services, [`services`] builds the model's services from them, with [`bindings`] reading the
//! SOAP 1.1/1.2 and HTTP GET/POST bindings of each operation and [`policy`] the WS-Policy attached
//! to each binding (WS-SecurityPolicy, MTOM). Then the normalisation passes
//! ([`crate::passes`]) run. Every problem is a positioned [`Diagnostic`]; diagnostics are collected per stage.

pub mod bindings;
pub mod files;
pub mod policy;
pub mod read;
pub mod services;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::namespaces::{WSDL_NS, WSDL20_NS};
use crate::xsd::read::DocSet;
use crate::xsd::{Builder, Schemas, is_xs_el};

pub use files::top_level_wsdls;

/// What [`load`] needs besides the files.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Rust module name of the service set.
    pub module: String,
    /// Remote schema URL -> local file (see [`crate::catalog`]).
    pub catalog: BTreeMap<String, PathBuf>,
    /// Extra names the redaction rule treats as secret.
    pub secrets: Vec<String>,
    /// File names in origins and diagnostics are shown relative to this folder.
    pub source_root: Option<PathBuf>,
    /// Refuse what the front end would only approximate with a warning ([`Model::warnings`]: an
    /// `xs:choice` of sequences kept as optional fields).
    pub strict: bool,
}

/// Reads `files` (top-level WSDLs) into the model and runs the normalisation passes.
pub fn load(files: &[PathBuf], options: &LoadOptions) -> Result<Model, Diagnostics> {
    let mut model = load_raw(files, options)?;
    crate::passes::run(&mut model, &options.secrets);
    Ok(model)
}

/// Reads `files` into the model without running the passes (for pass tests).
pub fn load_raw(files: &[PathBuf], options: &LoadOptions) -> Result<Model, Diagnostics> {
    let root = options.source_root.as_deref();
    let sources = files::load_files(files, &options.catalog, root)?;
    let set = DocSet::parse(&sources).map_err(Diagnostics::new)?;
    let problems = check_roots(&set);
    if !problems.is_empty() {
        return Err(Diagnostics::new(problems));
    }
    let schemas = Schemas::index(&set);
    let mut builder = Builder::new(&schemas);
    builder.build_all();
    let defs = read::Definitions::index(&set);
    let services = services::build(&defs, &mut builder);
    let (types, elements, diags, warnings) = builder.finish();
    if !diags.is_empty() {
        return Err(Diagnostics::new(diags));
    }
    if options.strict && !warnings.is_empty() {
        return Err(Diagnostics::new(warnings));
    }
    Ok(Model {
        module: options.module.clone(),
        sources: files.iter().map(|f| files::display_path(f, root).display().to_string()).collect(),
        read_files: sources.iter().map(|s| s.path.clone()).collect(),
        doc: defs.doc.clone(),
        types,
        elements,
        services,
        warnings: Diagnostics::new(warnings).into_vec(),
    })
}

/// Every document must be a WSDL 1.1 `definitions` or an XSD `schema`.
fn check_roots(set: &DocSet<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for doc in &set.docs {
        let root = doc.root_element();
        let ns = root.tag_name().namespace();
        if ns == Some(WSDL20_NS) {
            problems.push(set.diag(root, "unsupported WSDL 2.0 document").with_help("wsbind reads WSDL 1.1"));
        } else if !(is_xs_el(root, "schema") || (ns == Some(WSDL_NS) && root.tag_name().name() == "definitions")) {
            problems.push(set.diag(
                root,
                format!(
                    "expected a WSDL 1.1 `definitions` or an XSD `schema` root element, found `{}`",
                    root.tag_name().name()
                ),
            ));
        }
    }
    problems
}
