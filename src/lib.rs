//! wsbind runtime: the XML reader/writer, SOAP envelopes and faults, transport, errors and
//! redaction that generated service clients (in `generated/`) call through `::wsbind::...` paths.
//!
//! See `docs/generated-code.md` for the contract between generated code and this runtime.

extern crate self as wsbind;

pub mod error;
pub mod redact;
pub mod rest;
#[cfg(feature = "samples")]
pub mod samples;
pub mod soap;
pub mod transport;
pub mod types;
pub mod xml;

pub use error::{
    ApiError, DecodeError, DecodeErrorKind, EncodeError, Error, InvalidRequest, SoapFault, TransportError,
    TransportErrorKind,
};

#[path = "../generated/mod.rs"]
#[rustfmt::skip]
mod generated;
// Empty while no service module is generated or enabled.
#[allow(unused_imports)]
pub use generated::*;

#[doc(hidden)]
pub mod __private {
    pub use serde;
}
