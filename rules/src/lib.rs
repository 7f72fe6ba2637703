//! Rules wsbind's runtime and generator share, so that the two never disagree:
//!
//! * [`secret_names`]: which wire names carry credentials (the runtime redacts their values, the
//!   generator marks such fields secret);
//! * [`xml_names`]: which strings are XML names (the runtime's reader refuses other tags, the
//!   generator refuses schemas declaring them).
//!
//! No dependencies.

pub mod secret_names;
pub mod xml_names;

pub use secret_names::{NOT_SECRET_SUFFIXES, SECRET_NAMES, SECRET_SUFFIXES, is_secret_name, is_secret_name_with};
pub use xml_names::{ncname_problem, qname_problem};
