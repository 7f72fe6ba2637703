//! Named normalisation passes over the model, each usable on its own (see DESIGN.md):
//! [`arrays`] (`ArrayOfX` wrappers -> `Vec<X>` fields), [`secrets`] (redaction marks) and
//! [`headers`] (SOAP headers a manifest says are required).

pub mod arrays;
pub mod headers;
pub mod secrets;

use crate::model::Model;

/// Runs every pass in order: array wrappers, then secret marking.
pub fn run(model: &mut Model, extra_secrets: &[String]) {
    arrays::apply(model);
    secrets::mark(model, extra_secrets);
}
