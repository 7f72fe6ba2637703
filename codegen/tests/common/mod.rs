//! Helpers shared by the generator's integration tests.

use std::path::Path;

/// Compares `code` with the golden file `path`, or writes it there when `UPDATE_GOLDEN` is set;
/// a difference fails with a unified diff (cut after 8,000 characters).
pub fn compare_golden(path: &Path, code: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, code).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    if expected != code {
        let diff = similar::TextDiff::from_lines(&expected, code);
        let diff = diff.unified_diff().context_radius(2).header("golden", "emitted").to_string();
        let diff: String = diff.chars().take(8000).collect();
        panic!("{} is stale (run with UPDATE_GOLDEN=1):\n{diff}", path.display());
    }
}
