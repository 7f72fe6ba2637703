//! wsbind runtime: the XML reader/writer, SOAP envelopes and faults, transport, errors and
//! redaction that generated service clients (in `generated/`) call through `::wsbind::...` paths.
//!
//! See `docs/generated-code.md` for the contract between generated code and this runtime.

extern crate self as wsbind;

pub mod auth;
pub mod client;
mod envelope;
pub mod error;
mod fault;
#[cfg(feature = "mock")]
pub mod mock;
pub mod redact;
pub mod rest;
#[cfg(feature = "samples")]
pub mod samples;
pub mod soap;
pub mod transport;
pub mod types;
pub mod wrapped;
pub mod xml;

pub use error::{
    ApiError, DecodeError, DecodeErrorKind, EncodeError, Error, InvalidRequest, SoapFault, TransportError,
    TransportErrorKind,
};

mod exec;
pub mod limits;
pub mod mtom;
mod policy_methods;
pub mod redirect;
pub mod retry;
pub mod scrub;
mod secret_names;
pub mod trace;
pub mod wssec;

pub use error::{ApiBody, PaginationError, PaginationErrorKind};
/// The derives generated types are written with (see the `wsbind-derive` crate).
pub use wsbind_derive::{Constructors, Sample, Xml};

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

/// Expands to its input when the runtime has its `reqwest` feature (the default transport), and to
/// nothing otherwise. Generated modules wrap the `Client::new` constructors in it: a `#[cfg]` in a
/// generated module would test the features of the crate it is compiled in, not wsbind's.
#[cfg(feature = "reqwest")]
#[doc(hidden)]
#[macro_export]
macro_rules! __reqwest {
    ($($item:tt)*) => { $($item)* };
}

/// See the `reqwest` variant: without the feature, the items are left out.
#[cfg(not(feature = "reqwest"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __reqwest {
    ($($item:tt)*) => {};
}

/// The items given, when wsbind's `samples` feature is on (the `mock` feature turns it on);
/// nothing otherwise. Generated types' `Sample` impls are written in it.
#[cfg(feature = "samples")]
#[doc(hidden)]
#[macro_export]
macro_rules! __samples {
    ($($item:tt)*) => { $($item)* };
}

/// See the `samples` variant: without the feature, the items are left out.
#[cfg(not(feature = "samples"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __samples {
    ($($item:tt)*) => {};
}

/// The items given, when wsbind's `mock` feature is on; nothing otherwise. Generated modules
/// wrap their `mock` submodules in it (see [`__reqwest!`] for why not a `#[cfg]`).
#[cfg(feature = "mock")]
#[doc(hidden)]
#[macro_export]
macro_rules! __mock {
    ($($item:tt)*) => { $($item)* };
}

/// See the `mock` variant: without the feature, the items are left out.
#[cfg(not(feature = "mock"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __mock {
    ($($item:tt)*) => {};
}
