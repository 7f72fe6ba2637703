//! Keeping `generated/` current: the one helper that xtask, build.rs and tests share.
//!
//! [`sync`] normalises newlines, writes only the files whose content differs (atomically: a
//! temporary file in the same folder, then a rename, so no reader ever sees half a file), and
//! reports files in the folder the run did not produce. [`check`] writes nothing and returns a
//! unified diff per stale file (`similar` computes it) plus the command that fixes it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Files relative to an output folder, mapped to their full content.
pub type Files = BTreeMap<PathBuf, String>;

/// What [`sync`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Files written because they were new or different.
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: Vec<PathBuf>,
}

/// A file whose content on disk is not what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: PathBuf,
    /// Unified diff from the file on disk to the expected content (empty for missing files' header only).
    pub diff: String,
}

/// Newlines as `\n`, exactly one at the end.
pub fn normalize(content: &str) -> String {
    let mut text = content.replace("\r\n", "\n");
    let trimmed = text.trim_end_matches('\n').len();
    text.truncate(trimmed);
    text.push('\n');
    text
}

/// Writes every file of `files` under `dir` whose content differs.
pub fn sync(dir: &Path, files: &Files) -> io::Result<SyncReport> {
    let mut report = SyncReport::default();
    for (rel, content) in files {
        let path = dir.join(rel);
        let content = normalize(content);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == content) {
            report.unchanged.push(rel.clone());
            continue;
        }
        write_atomically(&path, &content)?;
        report.written.push(rel.clone());
    }
    Ok(report)
}

/// Compares `files` with the content under `dir`; nothing is written.
pub fn check(dir: &Path, files: &Files) -> Vec<Stale> {
    let mut stale = Vec::new();
    for (rel, content) in files {
        let expected = normalize(content);
        let actual = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
        if actual != expected {
            let name = rel.display().to_string();
            let diff = similar::TextDiff::from_lines(&actual, &expected)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name} (on disk)"), &format!("b/{name} (generated)"))
                .to_string();
            stale.push(Stale { path: rel.clone(), diff });
        }
    }
    stale
}

/// Files in `dir` (one level, `.rs` only) that `files` does not contain: left over from a
/// service that was removed or renamed.
pub fn orphans(dir: &Path, files: &Files) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|name| name.extension().is_some_and(|e| e == "rs") && !files.contains_key(name))
        .collect();
    out.sort();
    out
}

/// Human-readable report of a failed check, ending with the command that fixes it.
pub fn describe_stale(stale: &[Stale], orphans: &[PathBuf], fix_command: &str) -> String {
    let mut out = String::new();
    for s in stale {
        let _ = writeln!(out, "{} is stale:\n{}", s.path.display(), s.diff);
    }
    for o in orphans {
        let _ = writeln!(out, "{} is not produced by any service (delete it)", o.display());
    }
    let _ = writeln!(out, "generated code is out of date: run `{fix_command}`");
    out
}

fn write_atomically(path: &Path, content: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, content)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wsbind-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn sync_writes_only_changed_files_and_check_diffs() {
        let dir = temp_dir("sync");
        let mut files = Files::new();
        files.insert("a.rs".into(), "fn a() {}\r\n\n".into());
        files.insert("b.rs".into(), "fn b() {}".into());
        let first = sync(&dir, &files).unwrap();
        assert_eq!(first.written.len(), 2);
        assert_eq!(std::fs::read_to_string(dir.join("a.rs")).unwrap(), "fn a() {}\n");

        let second = sync(&dir, &files).unwrap();
        assert!(second.written.is_empty());
        assert_eq!(second.unchanged.len(), 2);
        assert!(check(&dir, &files).is_empty());

        files.insert("b.rs".into(), "fn b2() {}".into());
        let stale = check(&dir, &files);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].path, PathBuf::from("b.rs"));
        assert!(stale[0].diff.contains("-fn b() {}\n+fn b2() {}\n"), "{}", stale[0].diff);
        // check wrote nothing
        assert_eq!(std::fs::read_to_string(dir.join("b.rs")).unwrap(), "fn b() {}\n");

        std::fs::write(dir.join("old.rs"), "").unwrap();
        assert_eq!(orphans(&dir, &files), vec![PathBuf::from("old.rs")]);
        let text = describe_stale(&stale, &orphans(&dir, &files), "cargo xtask codegen");
        assert!(text.ends_with("run `cargo xtask codegen`\n"), "{text}");
        // no temporary files left behind
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
