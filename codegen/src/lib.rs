//! wsbind's generator: front ends (WSDL/XSD, OpenAPI) -> one service model -> Rust emitter.
//!
//! ```text
//! schemas/<service>/*.wsdl|*.xsd|*.yaml
//!    │ read (roxmltree / openapiv3), positions kept         wsdl, xsd, openapi
//!    ▼
//! service model (model::Model)                              model, passes
//!    │ names, token streams, prettyplease                   emit
//!    ▼
//! BTreeMap<path, formatted file>  -> xtask writes/checks, build.rs writes when stale, tests compare
//! ```

pub mod diag;
pub mod emit;
pub mod model;
pub mod openapi;
pub mod passes;
pub mod wsdl;
pub mod xsd;
