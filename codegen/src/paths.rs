//! How an input file is named in what the generator produces (origins, `Model::sources`,
//! diagnostics): relative to the source root.

use std::path::{Path, PathBuf};

/// `path` relative to `root` when it lies below it, else unchanged.
pub fn relative(path: &Path, root: &Path) -> PathBuf {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, r) = (abs(path), abs(root));
    p.strip_prefix(&r).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}
