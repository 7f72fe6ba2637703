//! Required SOAP headers: a WSDL says a header is required only with `wsdl:required="true"`,
//! which ASMX and most WCF services never write, although some (SOS's `AuthHeader`) reject every
//! call without it. A service's manifest names such headers (`required_headers = ["AuthHeader"]`);
//! this pass marks them required on every binding that sends them, and the client then refuses to
//! call without them. A name that no operation sends is an error: the manifest is out of date.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Model;

/// Marks the input headers whose element's local name is in `names` as required; `manifest` is
/// named in the error for a name no operation sends.
pub fn require(model: &mut Model, names: &[String], manifest: &Path) -> Result<(), Diagnostics> {
    let mut problems = Vec::new();
    for name in names {
        let mut found = false;
        for binding in model.services.iter_mut().flat_map(|s| &mut s.operations).flat_map(|op| &mut op.soap) {
            for header in &mut binding.input_headers {
                if model.elements.get(header.element.0).is_some_and(|e| &e.name.local == name) {
                    header.required = true;
                    found = true;
                }
            }
        }
        if !found {
            problems.push(
                Diagnostic::new(
                    manifest,
                    0,
                    0,
                    format!("required header `{name}` is not a SOAP header of any operation"),
                )
                .with_help("`required_headers` names the local names of header elements bound with `soap:header`"),
            );
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(Diagnostics::new(problems)) }
}
