//! What reading one OpenAPI document needs besides the file: [`LoadOptions`].

use std::path::PathBuf;

/// How to read one OpenAPI document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Rust module name of the generated file.
    pub module: String,
    /// Extra property/parameter names treated as secret (exact match, ASCII case-insensitive).
    pub secrets: Vec<String>,
    /// Origins and `Model::sources` are shown relative to this folder.
    pub source_root: Option<PathBuf>,
    /// Refuse the description where the front end would otherwise keep a construct it does not
    /// model yet as a raw JSON value, or leave an operation out (those are warnings by default:
    /// [`Model::warnings`](crate::model::Model::warnings)).
    pub strict: bool,
}
