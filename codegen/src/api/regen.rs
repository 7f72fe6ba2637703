//! What a regeneration changed in a service's API: the new snapshot against the `<module>.api`
//! kept beside the output by the previous run. `wsbind generate`, [`Builder`](crate::Builder) and
//! `cargo xtask codegen` all write that snapshot and report through [`Regenerated`].

use std::path::Path;

use super::{Change, Snapshot, diff, report};

/// The API changes of one regeneration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regenerated {
    /// No previous snapshot beside the output: nothing to compare with.
    First,
    /// The previous snapshot could not be read (the first line of the error); not compared.
    Unreadable(String),
    /// The API is what it was.
    Unchanged,
    /// The changes, classified, old -> new.
    Changed(Vec<Change>),
}

impl Regenerated {
    /// Compares `new` (the `.api` text just generated for `module`) with the snapshot at `old`.
    /// The service is named `module`, the name the user chose, whatever the description calls it.
    pub fn compare(module: &str, old: &Path, new: &str) -> Regenerated {
        let Ok(old_text) = std::fs::read_to_string(old) else { return Regenerated::First };
        let old = match Snapshot::parse(&old_text, old) {
            Ok(s) => s,
            Err(e) => return Regenerated::Unreadable(first_line(&e.to_string())),
        };
        let new = match Snapshot::parse(new, Path::new(&crate::api_file(module))) {
            Ok(s) => s,
            Err(e) => return Regenerated::Unreadable(first_line(&e.to_string())),
        };
        let changes = diff(module, &old, &new);
        if changes.is_empty() { Regenerated::Unchanged } else { Regenerated::Changed(changes) }
    }

    /// True when there are changes to report.
    pub fn changed(&self) -> bool {
        matches!(self, Regenerated::Changed(_))
    }

    /// The changes (none unless [`Regenerated::Changed`]).
    pub fn changes(&self) -> &[Change] {
        match self {
            Regenerated::Changed(c) => c,
            _ => &[],
        }
    }

    /// The report, without indentation: one line `API unchanged` / `API: first generation, ...`,
    /// or `API: N changes: ...` followed by one line per change, indented by two (breaking first,
    /// [`report::compact_change`]; with `verbose`, each with its `from` / `to` / `why` lines).
    pub fn lines(&self, verbose: bool) -> Vec<String> {
        match self {
            Regenerated::First => vec!["API: first generation, no previous snapshot to compare with".to_owned()],
            Regenerated::Unreadable(why) => vec![format!("API: previous snapshot unreadable, not compared ({why})")],
            Regenerated::Unchanged => vec!["API unchanged".to_owned()],
            Regenerated::Changed(changes) => {
                let sorted = report::sorted(changes);
                let mut lines = vec![format!("API: {}", report::summary(&sorted))];
                for c in sorted {
                    lines.extend(report::compact_change(c, verbose).into_iter().map(|l| format!("  {l}")));
                }
                lines
            }
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim().to_owned()
}
