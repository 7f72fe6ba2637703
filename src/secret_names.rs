//! The secret-name rule, below everything that redacts (the XML reader's error values, body
//! excerpts, traces): the `wsbind-rules` crate's, which the generator applies too when it marks
//! fields secret.

pub use wsbind_rules::{NOT_SECRET_SUFFIXES, SECRET_NAMES, SECRET_SUFFIXES, is_secret_name, is_secret_name_with};
