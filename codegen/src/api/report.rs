//! Renderings of a list of [`Change`]s — text (terminal, grouped by service, breaking first),
//! JSON (tools) and markdown (changelogs, pull requests) — and [`FailOn`], the CI switch.

use std::fmt::Write as _;
use std::str::FromStr;

use super::{Category, Change, Verdict};

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Markdown,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            _ => Err(format!("unknown format `{s}` (expected text, json or markdown)")),
        }
    }
}

/// Which breaking verdicts make a run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A change breaking old clients against the new server, or new clients against the old one.
    Wire,
    /// A change breaking downstream Rust code.
    Rust,
    /// Either.
    Any,
    /// A wire-breaking change, or an address change (a new endpoint address: routine for
    /// versioned addresses such as `/u/56.0` -> `/u/58.0`, so `wire` alone does not fail on it).
    Address,
}

impl FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "wire" => Ok(FailOn::Wire),
            "rust" => Ok(FailOn::Rust),
            "any" => Ok(FailOn::Any),
            "address" => Ok(FailOn::Address),
            _ => Err(format!("unknown --fail-on `{s}` (expected wire, rust, any or address)")),
        }
    }
}

impl FailOn {
    /// True when some change is `breaking` on the chosen axis (`unknown` never fails), or, for
    /// [`FailOn::Address`], is an address change.
    pub fn fails(&self, changes: &[Change]) -> bool {
        changes.iter().any(|c| match self {
            FailOn::Wire => c.wire() == Verdict::Breaking,
            FailOn::Rust => c.rust == Verdict::Breaking,
            FailOn::Any => c.worst() == Verdict::Breaking,
            FailOn::Address => c.wire() == Verdict::Breaking || c.category == Category::Address,
        })
    }

    /// The `--fail-on` value.
    pub fn as_str(&self) -> &'static str {
        match self {
            FailOn::Wire => "wire",
            FailOn::Rust => "rust",
            FailOn::Any => "any",
            FailOn::Address => "address",
        }
    }
}

/// `changes` in `format`.
pub fn render(changes: &[Change], format: Format) -> String {
    match format {
        Format::Text => text(changes),
        Format::Json => json(changes),
        Format::Markdown => markdown(changes),
    }
}

/// Changes grouped by service (in order of first appearance), breaking first, then by subject.
fn grouped(changes: &[Change]) -> Vec<(&str, Vec<&Change>)> {
    let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
    for c in changes {
        match groups.iter_mut().find(|(s, _)| *s == c.service) {
            Some((_, list)) => list.push(c),
            None => groups.push((&c.service, vec![c])),
        }
    }
    for (_, list) in &mut groups {
        list.sort_by(|a, b| (b.worst(), b.wire(), &a.subject).cmp(&(a.worst(), a.wire(), &b.subject)));
    }
    groups
}

/// `3 changes: 1 breaks the wire, 2 break Rust` for one service.
pub fn summary(changes: &[&Change]) -> String {
    let wire = changes.iter().filter(|c| c.wire() == Verdict::Breaking).count();
    let rust = changes.iter().filter(|c| c.rust == Verdict::Breaking).count();
    let n = changes.len();
    let mut out = format!(
        "{n} change{}: {wire} break{} the wire, {rust} break{} Rust",
        if n == 1 { "" } else { "s" },
        if wire == 1 { "s" } else { "" },
        if rust == 1 { "s" } else { "" }
    );
    let address = changes.iter().filter(|c| c.category == Category::Address).count();
    if address > 0 {
        let _ = write!(out, ", {address} address change{}", if address == 1 { "" } else { "s" });
    }
    out
}

fn arrow(c: &Change) -> String {
    match (&c.from, &c.to) {
        (Some(a), Some(b)) => format!("{a} => {b}"),
        (Some(a), None) => a.clone(),
        (None, Some(b)) => b.clone(),
        (None, None) => String::new(),
    }
}

/// One line per change: `old-client new-client rust  change subject: from => to (reason)`.
pub fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("no API changes\n");
    }
    for (service, list) in grouped(changes) {
        let _ = writeln!(out, "{service}: {}", summary(&list));
        for c in list {
            let _ = writeln!(
                out,
                "  old-client:{:<10} new-client:{:<10} rust:{:<10} {:<7} {}: {} ({})",
                c.wire_old_client.as_str(),
                c.wire_new_client.as_str(),
                c.rust.as_str(),
                c.change.as_str(),
                c.subject,
                arrow(c),
                c.reason
            );
        }
    }
    out
}

/// A JSON array of the changes (fields as in [`Change`]).
pub fn json(changes: &[Change]) -> String {
    let mut s = serde_json::to_string_pretty(changes).unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn verdict_cell(v: Verdict) -> &'static str {
    match v {
        Verdict::Breaking => "**breaking**",
        Verdict::Unknown => "unknown",
        Verdict::Compatible => "compatible",
    }
}

/// A section per service with a table of its changes.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("No API changes.\n");
    }
    for (service, list) in grouped(changes) {
        let _ = writeln!(out, "### `{service}`\n\n{}.\n", summary(&list));
        out.push_str(
            "| subject | change | old client / new server | new client / old server | Rust | from | to | why |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|---|\n");
        for c in list {
            let subject = c.subject.strip_prefix(&format!("{service}/")).unwrap_or(&c.subject);
            let code = |v: &Option<String>| v.as_deref().map(|s| format!("`{}`", cell(s))).unwrap_or_default();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                cell(subject),
                c.change.as_str(),
                verdict_cell(c.wire_old_client),
                verdict_cell(c.wire_new_client),
                verdict_cell(c.rust),
                code(&c.from),
                code(&c.to),
                cell(&c.reason)
            );
        }
        out.push('\n');
    }
    out
}
