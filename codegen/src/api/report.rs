//! Renderings of a list of [`Change`]s — text (terminal, grouped by service, breaking first),
//! JSON (tools) and markdown (changelogs, pull requests) — and [`FailOn`], the CI switch.
//!
//! The text comes in two widths: [`compact`], what `diff` and every regeneration print — one short
//! line per change (subject, what changed old -> new, the three verdicts), with `from`/`to`/`why`
//! lines below each under `--verbose` — and [`text`], every field of a change on one line (the
//! golden files of the fixture pairs, and `grep`).

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

/// Properties written without a value (`nillable`), as opposed to a word of a value.
const FLAGS: &[&str] = &[
    "abstract",
    "anonymous",
    "default",
    "item-nillable",
    "json",
    "mixed",
    "nillable",
    "no-default",
    "optional",
    "required",
    "secret",
    "wsbind",
];

/// The `key=value` and flag properties of a `from` / `to` text (as [`Change`] holds it: values
/// unquoted, so a value runs until the next `key=` or flag), without the leading words that are
/// not properties (an added node's kind and name).
fn props(text: &str) -> Vec<(&str, String)> {
    let is_key = |k: &str| {
        k.starts_with(|c: char| c.is_ascii_lowercase())
            && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let mut out: Vec<(&str, String)> = Vec::new();
    for word in text.split(' ') {
        match word.split_once('=') {
            Some((k, v)) if is_key(k) => out.push((k, v.to_owned())),
            None if FLAGS.contains(&word) => out.push((word, String::new())),
            _ => {
                if let Some((_, v)) = out.last_mut() {
                    v.push(' ');
                    v.push_str(word);
                }
            }
        }
    }
    out
}

/// A value cut to `max` characters (`...` marks the cut).
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(max.saturating_sub(3)).collect();
    cut.push_str("...");
    cut
}

/// Two values of one property, each cut to `max` characters; when either is longer, their
/// common beginning (up to a space or parenthesis) is left out first, so that the cut keeps the
/// part that differs: `...Sky) -> ...Sky, note: String)`.
fn clip_pair(old: &str, new: &str, max: usize) -> (String, String) {
    if old.chars().count() <= max && new.chars().count() <= max {
        return (old.to_owned(), new.to_owned());
    }
    let common = old
        .char_indices()
        .zip(new.chars())
        .take_while(|((_, a), b)| a == b)
        .map(|((i, a), _)| i + a.len_utf8())
        .last()
        .unwrap_or(0);
    let start = old[..common].rfind([' ', '(']).map_or(0, |i| i + 1);
    if start < 4 {
        return (clip(old, max), clip(new, max));
    }
    (format!("...{}", clip(&old[start..], max - 3)), format!("...{}", clip(&new[start..], max - 3)))
}

/// Longest value shown in a compact line; `--verbose` shows them whole.
const VALUE_WIDTH: usize = 40;

/// What changed, in a few words: `type xs:decimal -> xs:string`, `+nillable`, or for an added or
/// removed subject its wire properties (`occurs=0..1 type=xs:string`). Rust spellings (`rust*`)
/// are left to the verdict and `--verbose` unless nothing else changed; so are namespaces.
fn what(c: &Change) -> String {
    fn shown<'a>(list: &[(&'a str, String)]) -> Vec<(&'a str, String)> {
        let wire: Vec<(&str, String)> =
            list.iter().filter(|(k, _)| !k.starts_with("rust") && *k != "ns").cloned().collect();
        if wire.is_empty() { list.to_vec() } else { wire }
    }
    match (&c.from, &c.to) {
        (Some(a), Some(b)) => {
            let (old, new) = (props(a), props(b));
            if old.is_empty() && new.is_empty() {
                return format!("{} -> {}", clip(a, VALUE_WIDTH), clip(b, VALUE_WIDTH));
            }
            let mut keys: Vec<&str> = Vec::new();
            for (k, _) in shown(&old).iter().chain(shown(&new).iter()) {
                if !keys.contains(k) {
                    keys.push(k);
                }
            }
            let get = |list: &[(&str, String)], k: &str| list.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
            let mut parts = Vec::new();
            // A renamed type's new name leads its `to` text, before any property.
            let name = |w: &&str| *w != "-" && !w.contains('=') && !FLAGS.contains(w);
            if let (Some(x), Some(y)) = (a.split(' ').next().filter(name), b.split(' ').next().filter(name))
                && x != y
            {
                parts.push(format!("name {x} -> {y}"));
            }
            for k in keys {
                parts.push(match (get(&old, k), get(&new, k)) {
                    (Some(o), Some(n)) if o.is_empty() && n.is_empty() => k.to_owned(),
                    (None, Some(n)) if n.is_empty() => format!("+{k}"),
                    (Some(o), None) if o.is_empty() => format!("-{k}"),
                    (o, n) => {
                        let none = || "none".to_owned();
                        let (o, n) = clip_pair(&o.unwrap_or_else(none), &n.unwrap_or_else(none), VALUE_WIDTH);
                        format!("{k} {o} -> {n}")
                    }
                });
            }
            parts.join(", ")
        }
        (Some(t), None) | (None, Some(t)) => {
            let list = shown(&props(t));
            let words: Vec<String> = list
                .iter()
                .map(|(k, v)| if v.is_empty() { (*k).to_owned() } else { format!("{k}={}", clip(v, VALUE_WIDTH)) })
                .collect();
            words.join(" ")
        }
        (None, None) => String::new(),
    }
}

fn short(v: Verdict) -> &'static str {
    match v {
        Verdict::Compatible => "ok",
        Verdict::Unknown => "unknown",
        Verdict::Breaking => "BREAKS",
    }
}

fn sign(c: &Change) -> char {
    match c.change {
        super::ChangeKind::Added => '+',
        super::ChangeKind::Removed => '-',
        super::ChangeKind::Changed => '~',
    }
}

/// One change in the compact form, without indentation: `~ subject: what  [old-client:ok
/// new-client:BREAKS rust:ok]` (`+` added, `-` removed, `~` changed; the subject without its
/// `service/` prefix), and with `verbose` the `from:`, `to:` and `why:` lines below it (indented
/// by four).
pub fn compact_change(c: &Change, verbose: bool) -> Vec<String> {
    let subject = c.subject.strip_prefix(&format!("{}/", c.service)).unwrap_or(&c.subject);
    let what = what(c);
    let sep = if what.is_empty() { "" } else { ": " };
    let mut lines = vec![format!(
        "{} {subject}{sep}{what}  [old-client:{} new-client:{} rust:{}]",
        sign(c),
        short(c.wire_old_client),
        short(c.wire_new_client),
        short(c.rust)
    )];
    if verbose {
        if let Some(from) = &c.from {
            lines.push(format!("    from: {from}"));
        }
        if let Some(to) = &c.to {
            lines.push(format!("    to:   {to}"));
        }
        lines.push(format!("    why:  {}", c.reason));
    }
    lines
}

/// The compact text form: per service a `service: N changes: ...` line, then one line per change
/// ([`compact_change`], breaking first), indented by two; `no API changes` when there are none.
pub fn compact(changes: &[Change], verbose: bool) -> String {
    by_service(changes, |c| compact_change(c, verbose))
}

/// Changes breaking first (the order of [`compact`] and [`text`] within a service).
pub fn sorted(changes: &[Change]) -> Vec<&Change> {
    grouped(changes).into_iter().flat_map(|(_, list)| list).collect()
}

/// The full form, one line per change with every field: `old-client new-client rust  change
/// subject: from => to (reason)` (the fixture pairs' golden `expected.txt`).
pub fn text(changes: &[Change]) -> String {
    by_service(changes, |c| {
        vec![format!(
            "old-client:{:<10} new-client:{:<10} rust:{:<10} {:<7} {}: {} ({})",
            c.wire_old_client.as_str(),
            c.wire_new_client.as_str(),
            c.rust.as_str(),
            c.change.as_str(),
            c.subject,
            arrow(c),
            c.reason
        )]
    })
}

/// The text forms' layout: per service its summary line, then the lines `lines` gives for each
/// change (breaking first), indented by two; `no API changes` when there are none.
fn by_service(changes: &[Change], lines: impl Fn(&Change) -> Vec<String>) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("no API changes\n");
    }
    for (service, list) in grouped(changes) {
        let _ = writeln!(out, "{service}: {}", summary(&list));
        for c in list {
            for line in lines(c) {
                let _ = writeln!(out, "  {line}");
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ChangeKind;

    fn change(change: ChangeKind, subject: &str, from: Option<&str>, to: Option<&str>) -> Change {
        Change {
            service: "vies".into(),
            subject: format!("vies/{subject}"),
            change,
            from: from.map(Into::into),
            to: to.map(Into::into),
            wire_old_client: Verdict::Compatible,
            wire_new_client: Verdict::Unknown,
            rust: Verdict::Breaking,
            reason: "because".into(),
            category: crate::api::Category::Api,
        }
    }

    #[test]
    fn a_compact_line_names_the_wire_change_and_leaves_rust_spellings_to_verbose() {
        let c = change(
            ChangeKind::Changed,
            "type/Order/field/Total",
            Some("rust=total: Option<Decimal> rust-setter=total(Decimal) type=xs:decimal"),
            Some("nillable rust=total: Option<String> rust-setter=total(impl Into<String>) type=xs:string"),
        );
        assert_eq!(
            compact_change(&c, false),
            ["~ type/Order/field/Total: type xs:decimal -> xs:string, +nillable  \
              [old-client:ok new-client:unknown rust:BREAKS]"]
        );
        let verbose = compact_change(&c, true);
        assert_eq!(verbose.len(), 4);
        assert_eq!(verbose[1], "    from: rust=total: Option<Decimal> rust-setter=total(Decimal) type=xs:decimal");
        assert_eq!(verbose[3], "    why:  because");
    }

    #[test]
    fn added_subjects_show_their_wire_properties_and_rust_only_changes_their_rust_text() {
        let added = change(
            ChangeKind::Added,
            "type/Order/field/Currency",
            None,
            Some("field Currency as=element ns=urn:shop occurs=0..1 rust=currency: Option<String> type=xs:string"),
        );
        assert!(
            compact_change(&added, false)[0]
                .starts_with("+ type/Order/field/Currency: as=element occurs=0..1 type=xs:string  [")
        );
        let renamed = change(
            ChangeKind::Changed,
            "type/PurchaseOrder",
            Some("{urn:shop}Order rust=struct Order"),
            Some("{urn:shop}PurchaseOrder rust=struct PurchaseOrder"),
        );
        assert!(compact_change(&renamed, false)[0].starts_with(
            "~ type/PurchaseOrder: name {urn:shop}Order -> {urn:shop}PurchaseOrder, rust struct Order -> struct PurchaseOrder  ["
        ));
        let facet = change(ChangeKind::Changed, "type/Note", Some("-"), Some("max-length=255"));
        assert!(compact_change(&facet, false)[0].starts_with("~ type/Note: max-length none -> 255  ["));
        let removed = change(
            ChangeKind::Removed,
            "operation/Cancel",
            Some("operation Cancel rust=cancel(&Cancel) -> bool"),
            None,
        );
        assert!(compact_change(&removed, false)[0].starts_with("- operation/Cancel: rust=cancel(&Cancel) -> bool  ["));
    }

    #[test]
    fn long_values_are_clipped_and_the_report_is_grouped() {
        let long = "x".repeat(100);
        let c = change(ChangeKind::Changed, "type/T", Some(&format!("pattern={long}")), Some("pattern=y"));
        let line = &compact_change(&c, false)[0];
        assert!(line.len() < 120 && line.contains("xxx... -> y"), "{line}");
        let (old, new) = clip_pair(
            "new(date: Date, high_c: Decimal, low_c: Decimal, sky: Sky)",
            "new(date: Date, high_c: Decimal, low_c: Decimal, sky: Sky, note: String)",
            VALUE_WIDTH,
        );
        assert_eq!((old.as_str(), new.as_str()), ("...Sky)", "...Sky, note: String)"));
        assert_eq!(compact(&[], false), "no API changes\n");
        let text = compact(&[c], false);
        assert!(text.starts_with("vies: 1 change: 0 break the wire, 1 breaks Rust\n  ~ type/T: "), "{text}");
    }
}
