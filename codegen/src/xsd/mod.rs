//! The XSD front end: indexes the global definitions of every schema in a document set
//! ([`Schemas`]) and turns them into model types and elements ([`Builder`]).
//!
//! Submodules: [`read`] (files, encodings, positions), [`schemas`] (the index of global
//! definitions), [`builtins`] (XSD built-ins), [`resolve`] (the builder, type references, complex
//! types), [`particles`] (compositors and elements), [`attributes`], [`simple`] (simple types,
//! enumerations), [`facets`] (facets as limits).

pub mod attributes;
pub mod builtins;
pub mod facets;
pub mod particles;
pub mod read;
pub mod resolve;
pub mod schemas;
pub mod simple;

pub use resolve::Builder;
pub use schemas::{Decl, SchemaCtx, Schemas, is_xs, is_xs_el};
