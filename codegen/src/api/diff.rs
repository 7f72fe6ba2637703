//! Matching two snapshots node by node, and one classified [`Change`] per node that was added,
//! removed, or whose properties differ (all of a node's differing properties in one change).
//!
//! Services, operations and members are matched by kind and name. Types are matched by key
//! (`{ns}local`), then — among the rest — by local name alone (the namespace moved), then by
//! identical shape (the type was renamed). References to a matched type, namespaces of moved
//! types and Rust names of matched types are mapped before comparing, so one move or rename is
//! reported once, on the type, not on every field that refers to it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::classify::{self, Context, REPLY, REQUEST};
use super::snapshot::{Kind, Node, Snapshot};
use super::space::Types;
use super::{Change, ChangeKind};

/// Every change from `old` to `new`, classified, in snapshot order (services, then types).
pub fn diff(service: &str, old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let maps = Maps::new(old, new);
    let types = Types::new(old, new, &maps.types);
    let mut d = Differ { service, maps, types, out: Vec::new(), json_only: old.json_only && new.json_only };
    let single = |s: &Snapshot| s.nodes.iter().filter(|n| n.kind == Kind::Service).count() == 1;
    let flat_services = single(old) && single(new);

    // Services.
    let (os, ns) = (services(old), services(new));
    for pair in pair_by_name(&os, &ns) {
        let prefix = match (flat_services, pair) {
            (true, _) => String::new(),
            (false, (Some(n), _) | (None, Some(n))) => format!("service/{}/", n.name),
            _ => String::new(),
        };
        match pair {
            (Some(o), Some(n)) => {
                d.node(&format!("service/{}", n.name), &prefix, 0, o, n);
            }
            (o, n) => d.added_removed(&format!("service/{}", o.or(n).map(|x| x.name.as_str()).unwrap_or("")), 0, o, n),
        }
    }

    // Types.
    let mut types: Vec<(Option<&Node>, Option<&Node>)> = Vec::new();
    let new_types: BTreeMap<&str, &Node> =
        new.nodes.iter().filter(|n| n.kind == Kind::Type).map(|n| (n.name.as_str(), n)).collect();
    let mut matched_new: HashSet<&str> = HashSet::new();
    for o in old.nodes.iter().filter(|n| n.kind == Kind::Type) {
        let target = d.maps.types.get(&o.name).cloned().unwrap_or_else(|| o.name.clone());
        match new_types.get(target.as_str()) {
            Some(n) => {
                matched_new.insert(n.name.as_str());
                types.push((Some(o), Some(n)));
            }
            None => types.push((Some(o), None)),
        }
    }
    for (name, n) in &new_types {
        if !matched_new.contains(name) {
            types.push((None, Some(n)));
        }
    }
    let locals = local_names(old, new);
    for (o, n) in types {
        let key = n.or(o).map(|x| x.name.as_str()).unwrap_or("");
        let path = format!("type/{}", type_display(key, &locals));
        let dir = o.map(classify::direction_of_use).unwrap_or(0) | n.map(classify::direction_of_use).unwrap_or(0);
        match (o, n) {
            (Some(o), Some(n)) => d.node(&path, "", dir, o, n),
            _ => d.added_removed(&path, dir, o, n),
        }
    }
    d.out
}

fn services(s: &Snapshot) -> Vec<&Node> {
    s.nodes.iter().filter(|n| n.kind == Kind::Service).collect()
}

fn by_local<'a>(list: &[&'a Node]) -> HashMap<&'a str, Vec<usize>> {
    let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in list.iter().enumerate() {
        m.entry(local(&n.name)).or_default().push(i);
    }
    m
}

/// Local names used by more than one type key (shown with their namespace).
fn local_names(old: &Snapshot, new: &Snapshot) -> HashSet<String> {
    let mut out = HashSet::new();
    for s in [old, new] {
        let mut seen: HashSet<&str> = HashSet::new();
        for n in s.nodes.iter().filter(|n| n.kind == Kind::Type) {
            if !seen.insert(local(&n.name)) {
                out.insert(local(&n.name).to_owned());
            }
        }
    }
    out
}

fn local(key: &str) -> &str {
    match key.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some((_, l)) => l,
        None => key,
    }
}

fn type_display(key: &str, ambiguous: &HashSet<String>) -> String {
    let l = local(key);
    if ambiguous.contains(l) { key.to_owned() } else { l.to_owned() }
}

/// A child's name in a subject path: Clark names shortened to their local name.
fn segment(n: &Node) -> String {
    let mut s = n.kind.as_str().to_owned();
    if n.kind.named() {
        s.push('/');
        s.push_str(local(&n.name));
    }
    s
}

/// Pairs nodes of two lists by (kind, name), in order: old ones first, then new-only ones.
fn pair_by_name<'a>(old: &[&'a Node], new: &[&'a Node]) -> Vec<(Option<&'a Node>, Option<&'a Node>)> {
    let index: HashMap<(Kind, &str), &Node> = new.iter().map(|n| ((n.kind, n.name.as_str()), *n)).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for o in old {
        let n = index.get(&(o.kind, o.name.as_str())).copied();
        if n.is_some() {
            seen.insert((o.kind, o.name.as_str()));
        }
        out.push((Some(*o), n));
    }
    for n in new {
        if !seen.contains(&(n.kind, n.name.as_str())) {
            out.push((None, Some(*n)));
        }
    }
    // Endpoints are named by port or server description (or by address when a server has
    // none): unmatched ones of the same protocol pair up in order when their counts agree.
    let lone = |removed: bool| -> Vec<usize> {
        out.iter()
            .enumerate()
            .filter(|(_, p)| match p {
                (Some(o), None) => removed && o.kind == Kind::Endpoint,
                (None, Some(n)) => !removed && n.kind == Kind::Endpoint,
                _ => false,
            })
            .map(|(i, _)| i)
            .collect()
    };
    let (gone, fresh) = (lone(true), lone(false));
    let protocols = |ix: &[usize], old: bool| -> Vec<Option<String>> {
        ix.iter()
            .map(|i| {
                let n = if old { out[*i].0 } else { out[*i].1 };
                n.and_then(|n| n.prop("protocol")).map(str::to_owned)
            })
            .collect()
    };
    if !gone.is_empty() && gone.len() == fresh.len() && protocols(&gone, true) == protocols(&fresh, false) {
        for (g, f) in gone.iter().zip(&fresh) {
            out[*g].1 = out[*f].1;
        }
        let drop: HashSet<usize> = fresh.into_iter().collect();
        out = out.into_iter().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, p)| p).collect();
    }
    out
}

/// Old -> new renames applied before comparing.
#[derive(Default)]
struct Maps {
    /// Type keys.
    types: HashMap<String, String>,
    /// Namespaces of moved types.
    namespaces: HashMap<String, String>,
    /// Rust type names of matched types.
    rust: HashMap<String, String>,
}

fn rust_type_name(n: &Node) -> Option<&str> {
    let r = n.prop("rust")?;
    let r = r.split_once(' ').map(|(_, rest)| rest).unwrap_or(r);
    Some(r.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(r))
}

/// The wire shape of a type, for matching renamed types: kind, base and members without Rust names.
fn shape_key(n: &Node) -> String {
    let mut s = String::new();
    for (k, v) in &n.props {
        if !k.starts_with("rust") && k != "used" && k != "anonymous" && k != "no-default" {
            s.push_str(&format!("{k}={v};"));
        }
    }
    for c in &n.children {
        s.push_str(&format!("|{}:{}", c.kind.as_str(), c.name));
        for (k, v) in &c.props {
            if !k.starts_with("rust") {
                s.push_str(&format!(",{k}={v}"));
            }
        }
    }
    s
}

impl Maps {
    fn new(old: &Snapshot, new: &Snapshot) -> Maps {
        let mut maps = Maps::default();
        let olds: Vec<&Node> = old.nodes.iter().filter(|n| n.kind == Kind::Type).collect();
        let news: Vec<&Node> = new.nodes.iter().filter(|n| n.kind == Kind::Type).collect();
        let new_keys: HashSet<&str> = news.iter().map(|n| n.name.as_str()).collect();
        let old_keys: HashSet<&str> = olds.iter().map(|n| n.name.as_str()).collect();
        let lost: Vec<&Node> = olds.iter().copied().filter(|n| !new_keys.contains(n.name.as_str())).collect();
        let fresh: Vec<&Node> = news.iter().copied().filter(|n| !old_keys.contains(n.name.as_str())).collect();
        // By local name: a namespace move.
        let (lost_local, fresh_local) = (by_local(&lost), by_local(&fresh));
        let mut taken_new: HashSet<usize> = HashSet::new();
        let mut taken_old: HashSet<usize> = HashSet::new();
        for (l, is) in &lost_local {
            if let ([i], Some([j])) = (is.as_slice(), fresh_local.get(l).map(Vec::as_slice)) {
                maps.types.insert(lost[*i].name.clone(), fresh[*j].name.clone());
                taken_old.insert(*i);
                taken_new.insert(*j);
            }
        }
        // By identical wire shape: a rename.
        let mut by_shape: HashMap<String, Vec<usize>> = HashMap::new();
        for (j, n) in fresh.iter().enumerate().filter(|(j, _)| !taken_new.contains(j)) {
            by_shape.entry(shape_key(n)).or_default().push(j);
        }
        let mut old_shapes: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in lost.iter().enumerate().filter(|(i, _)| !taken_old.contains(i)) {
            old_shapes.entry(shape_key(n)).or_default().push(i);
        }
        for (shape, is) in &old_shapes {
            if let ([i], Some([j])) = (is.as_slice(), by_shape.get(shape).map(Vec::as_slice))
                && !lost[*i].children.is_empty()
            {
                maps.types.insert(lost[*i].name.clone(), fresh[*j].name.clone());
            }
        }
        for (o, n) in &maps.types {
            if let (Some(a), Some(b)) = (namespace(o), namespace(n))
                && a != b
            {
                maps.namespaces.insert(a.to_owned(), b.to_owned());
            }
        }
        // Rust names of every matched type.
        let new_index: HashMap<&str, &Node> = news.iter().map(|n| (n.name.as_str(), *n)).collect();
        for o in &olds {
            let target = maps.types.get(&o.name).map(String::as_str).unwrap_or(&o.name);
            if let Some(n) = new_index.get(target)
                && let (Some(a), Some(b)) = (rust_type_name(o), rust_type_name(n))
                && a != b
            {
                maps.rust.insert(a.to_owned(), b.to_owned());
            }
        }
        maps
    }

    fn type_key(&self, v: &str) -> String {
        self.types.get(v).cloned().unwrap_or_else(|| v.to_owned())
    }

    /// `v` with every type key (space- or comma-separated lists too) mapped.
    fn type_list(&self, v: &str) -> String {
        if self.types.is_empty() {
            return v.to_owned();
        }
        v.split(' ')
            .map(|part| part.split(',').map(|x| self.type_key(x)).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn rust_text(&self, v: &str) -> String {
        if self.rust.is_empty() {
            return v.to_owned();
        }
        let mut out = String::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            out.push_str(self.rust.get(word.as_str()).map(String::as_str).unwrap_or(word));
            word.clear();
        };
        for c in v.chars() {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// The old node's properties in the new snapshot's terms.
    fn normalize(&self, n: &Node) -> Node {
        let mut out = Node { kind: n.kind, name: n.name.clone(), props: BTreeMap::new(), children: Vec::new() };
        for (k, v) in &n.props {
            let v = match k.as_str() {
                "type" | "base" | "success" | "derived" => self.type_list(v),
                "ns" => self.namespaces.get(v).cloned().unwrap_or_else(|| v.clone()),
                // A type's own name is compared as is: renaming it is the change.
                "rust" if n.kind == Kind::Type => v.clone(),
                k if k.starts_with("rust") => self.rust_text(v),
                _ => v.clone(),
            };
            out.props.insert(k.clone(), v);
        }
        out
    }
}

fn namespace(clark: &str) -> Option<&str> {
    clark.strip_prefix('{').and_then(|r| r.split_once('}')).map(|(ns, _)| ns)
}

/// Properties that are bookkeeping, not API.
const IGNORED: &[&str] = &["used", "anonymous"];

/// One node's line (kind, name, properties) for `from` / `to`.
fn describe(n: &Node, keys: Option<&[String]>) -> String {
    let mut parts = Vec::new();
    if keys.is_none() {
        parts.push(n.kind.as_str().to_owned());
        if n.kind.named() {
            parts.push(n.name.clone());
        }
    }
    for (k, v) in &n.props {
        if IGNORED.contains(&k.as_str()) || keys.is_some_and(|ks| !ks.contains(k)) {
            continue;
        }
        parts.push(if v.is_empty() { k.clone() } else { format!("{k}={v}") });
    }
    if keys.is_some() && parts.is_empty() {
        return "-".to_owned();
    }
    parts.join(" ")
}

struct Differ<'a> {
    service: &'a str,
    maps: Maps,
    types: Types<'a>,
    out: Vec<Change>,
    json_only: bool,
}

impl Differ<'_> {
    fn push(
        &mut self,
        path: &str,
        kind: Kind,
        change: ChangeKind,
        dir: u8,
        (old, new): (Option<&Node>, Option<&Node>),
        (from, to): (Option<String>, Option<String>),
    ) {
        let type_map = |k: &str| self.maps.type_key(k);
        let ctx = Context { dir, type_map: &type_map, types: &self.types };
        let normalized = old.map(|o| self.maps.normalize(o));
        let v = classify::classify(&ctx, kind, change, normalized.as_ref(), new);
        self.out.push(Change {
            service: self.service.to_owned(),
            subject: format!("{}/{path}", self.service),
            change,
            category: v.category,
            from,
            to,
            wire_old_client: v.wire_old_client,
            wire_new_client: v.wire_new_client,
            rust: v.rust,
            reason: v.reason,
        });
    }

    fn added_removed(&mut self, path: &str, dir: u8, old: Option<&Node>, new: Option<&Node>) {
        let (change, node) = match (old, new) {
            (Some(o), None) => (ChangeKind::Removed, o),
            (None, Some(n)) => (ChangeKind::Added, n),
            _ => return,
        };
        let text = describe(node, None);
        let (from, to) = if change == ChangeKind::Removed { (Some(text), None) } else { (None, Some(text)) };
        self.push(path, node.kind, change, dir, (old, new), (from, to));
    }

    /// Compares a matched pair and recurses; `prefix` replaces `path/` for the children of a
    /// lone service (so operations read `tc2/operation/X`).
    fn node(&mut self, path: &str, prefix: &str, dir: u8, old: &Node, new: &Node) {
        let norm = self.maps.normalize(old);
        let mut keys: Vec<String> = norm.props.keys().chain(new.props.keys()).cloned().collect();
        keys.sort();
        keys.dedup();
        keys.retain(|k| !IGNORED.contains(&k.as_str()) && norm.props.get(k) != new.props.get(k));
        let renamed = old.kind == Kind::Type && old.name != new.name;
        if !keys.is_empty() || renamed {
            let mut from = describe(old, Some(&keys));
            let mut to = describe(new, Some(&keys));
            if renamed {
                from = format!("{} {from}", old.name).trim_end_matches(" -").to_owned();
                to = format!("{} {to}", new.name).trim_end_matches(" -").to_owned();
            }
            self.push(path, old.kind, ChangeKind::Changed, dir, (Some(old), Some(new)), (Some(from), Some(to)));
        }
        let child_prefix = if old.kind == Kind::Service { prefix.to_owned() } else { format!("{path}/") };
        let olds: Vec<&Node> = old.children.iter().collect();
        let news: Vec<&Node> = new.children.iter().collect();
        for pair in pair_by_name(&olds, &news) {
            let child = pair.0.or(pair.1).expect("one side");
            let child_path = format!("{child_prefix}{}", segment(child));
            let child_dir = match classify::direction_of_kind(child.kind) {
                0 => dir,
                d => d,
            };
            match pair {
                (Some(o), Some(n)) => self.node(&child_path, &child_prefix, child_dir, o, n),
                (o, n) => self.added_removed(&child_path, child_dir, o, n),
            }
        }
        if old.kind == Kind::Type && !self.json_only {
            self.order(path, dir, old, new);
        }
    }

    /// XML sequences are ordered: the fields both sides have, in a different order.
    fn order(&mut self, path: &str, dir: u8, old: &Node, new: &Node) {
        let elements = |n: &Node| -> Vec<String> {
            n.children
                .iter()
                .filter(|c| c.kind == Kind::Field && c.prop("as") == Some("element"))
                .map(|c| c.name.clone())
                .collect()
        };
        let (a, b) = (elements(old), elements(new));
        let common_a: Vec<&String> = a.iter().filter(|x| b.contains(x)).collect();
        let common_b: Vec<&String> = b.iter().filter(|x| a.contains(x)).collect();
        if common_a == common_b {
            return;
        }
        let (oc, nc, why) = if dir & REQUEST != 0 {
            (
                super::Verdict::Unknown,
                super::Verdict::Unknown,
                "element order changes: a server that validates the sequence rejects the other order",
            )
        } else if dir & REPLY != 0 {
            (
                super::Verdict::Compatible,
                super::Verdict::Compatible,
                "element order changes: the generated decoder accepts any order",
            )
        } else {
            (super::Verdict::Compatible, super::Verdict::Compatible, "not sent or received by any operation")
        };
        let list = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
        self.out.push(Change {
            service: self.service.to_owned(),
            subject: format!("{}/{path}/order", self.service),
            change: ChangeKind::Changed,
            category: super::Category::Api,
            from: Some(list(&common_a)),
            to: Some(list(&common_b)),
            wire_old_client: oc,
            wire_new_client: nc,
            rust: super::Verdict::Compatible,
            reason: format!("{why}; Rust fields are named (`new` follows the order: see the type's `rust-new`)"),
        });
    }
}
