//! API snapshots of a service model and the classified diff of two of them (issue 8).
//!
//! ```text
//! model::Model ──snapshot()──▶ Snapshot ──render()──▶ generated/<service>.api (committed, reviewed)
//!                                  ▲ parse()
//! old Snapshot, new Snapshot ──diff()──▶ Vec<Change> ──report::text/json/markdown──▶ people, CI
//! ```
//!
//! * [`snapshot`](mod@snapshot): what a service offers on the wire and in Rust, as a sorted tree of [`Node`]s
//!   keyed by wire identity (namespace + local name), independent of file layout and prefixes;
//! * [`rust_api`]: the Rust names the emitter gives (types, fields, variants, client methods);
//! * [`text`]: the `.api` text form, and its positioned parser;
//! * [`diff`](mod@diff): matching two snapshots node by node (types also by namespace move and rename);
//! * [`classify`]: the verdict of each change on three axes — old client vs new server, new client
//!   vs old server, downstream Rust compilation — with the Rust rules in one table;
//! * [`report`]: text, JSON and markdown renderings, and [`FailOn`];
//! * [`load`]: a snapshot from any description: WSDL, OpenAPI, `.api` file or service folder;
//! * [`regen`]: what a regeneration changed, against the `.api` snapshot kept beside the output.

pub mod classify;
pub mod diff;
pub mod load;
pub mod regen;
pub mod report;
pub mod rust_api;
pub mod snapshot;
pub mod space;
pub mod text;

pub use diff::diff;
pub use load::{load_any, load_with};
pub use regen::Regenerated;
pub use report::{FailOn, Format};
pub(crate) use snapshot::snapshot_lowered;
pub use snapshot::{Kind, Node, Snapshot, snapshot};

use std::fmt;

/// Whether a change keeps something working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Compatible,
    /// Cannot be decided from the descriptions (a pattern change, what a server does with an
    /// element it does not declare).
    Unknown,
    Breaking,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::Unknown => "unknown",
            Verdict::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// What kind of difference a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// A change of what the service offers (operations, types, bindings).
    #[default]
    Api,
    /// Where the service is reached (an endpoint's address, e.g. a versioned path `/u/56.0` ->
    /// `/u/58.0` or another host): reported, not wire-breaking (each client calls the address it
    /// was built or configured with); [`FailOn::Address`] fails on it.
    Address,
}

impl Category {
    pub fn is_api(&self) -> bool {
        *self == Category::Api
    }
}

/// One classified difference between two snapshots of a service.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// Module name of the service (`tc2`).
    pub service: String,
    /// Stable path, e.g. `tc2/operation/GetFoo/input` or `mews/type/Limitation/field/Count`.
    pub subject: String,
    pub change: ChangeKind,
    /// `address` for an address change (omitted from JSON for the others).
    #[serde(skip_serializing_if = "Category::is_api")]
    pub category: Category,
    /// The old value (changed or removed subjects), as in the snapshot text.
    pub from: Option<String>,
    /// The new value (changed or added subjects).
    pub to: Option<String>,
    /// Does a client generated from OLD still work against a server of NEW?
    pub wire_old_client: Verdict,
    /// Does a client generated from NEW work against a server still on OLD?
    pub wire_new_client: Verdict,
    /// Does downstream code compiled against the OLD generated module compile against the NEW one?
    pub rust: Verdict,
    /// Why, in one line.
    pub reason: String,
}

impl Change {
    /// The strictest of the two wire verdicts.
    pub fn wire(&self) -> Verdict {
        self.wire_old_client.max(self.wire_new_client)
    }
    /// The strictest of all three verdicts.
    pub fn worst(&self) -> Verdict {
        self.wire().max(self.rust)
    }
}

/// Compares two descriptions of one service (each a WSDL, an OpenAPI file, a `.api` snapshot or
/// a service folder, see [`load_any`]): the service's module name and the classified changes.
/// What `cargo xtask diff` and `wsbind diff` run; `catalog` maps remote imports of either side.
pub fn compare(
    old: &std::path::Path,
    new: &std::path::Path,
    catalog: Option<&std::path::Path>,
) -> Result<(String, Vec<Change>), crate::Error> {
    compare_as(old, new, catalog, None)
}

/// [`compare`], naming the service `module` (`--module`). Without it, the service is named as a
/// `.api` side names it (the module chosen when it was generated), else as the new side's
/// description does (a folder's manifest, a file's stem in snake_case).
pub fn compare_as(
    old: &std::path::Path,
    new: &std::path::Path,
    catalog: Option<&std::path::Path>,
    module: Option<&str>,
) -> Result<(String, Vec<Change>), crate::Error> {
    let old_snapshot = load_with(old, module, catalog)?;
    let new_snapshot = load_with(new, module, catalog)?;
    let is_api = |p: &std::path::Path| p.is_file() && p.extension().is_some_and(|e| e == "api");
    let named = [(new, &new_snapshot), (old, &old_snapshot)]
        .into_iter()
        .find(|(path, s)| is_api(path) && !s.module.is_empty())
        .map(|(_, s)| s.module.clone());
    let service = match module {
        Some(m) => m.to_owned(),
        None => named.unwrap_or_else(|| {
            if new_snapshot.module.is_empty() { old_snapshot.module.clone() } else { new_snapshot.module.clone() }
        }),
    };
    let changes = diff(&service, &old_snapshot, &new_snapshot);
    Ok((service, changes))
}
