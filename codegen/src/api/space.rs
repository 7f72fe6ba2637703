//! Value spaces of the types of two snapshots, for the wire verdicts: what a writer may send and
//! what a reader accepts, not what the types are called.
//!
//! A type reference resolves to a [`Space`]: a built-in primitive with facets (a restriction
//! within its base, an enumeration's values), a list of such, `xs:anyType` (any value), or a
//! structure (complex types and choices, whose members are compared on their own). Two list types
//! of the same item type are the same space, whatever their names; `xs:int` lies within
//! `xs:long`, `xs:long` within `xs:integer` within `xs:decimal`, a restriction within its base.
//!
//! Readers differ: a server is assumed to check types, enumeration values and (perhaps) facets;
//! the generated client checks only that a value fits its Rust type (it keeps unknown enumeration
//! values and does not check limits on replies).

use std::collections::{BTreeSet, HashMap};

use super::Verdict;
use super::snapshot::{Kind, Node, Snapshot};

/// Which snapshot a type reference belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

impl Side {
    /// The side of the writer (`old`: true when the writer is the old description).
    pub fn of(old: bool) -> Side {
        if old { Side::Old } else { Side::New }
    }
}

/// The types of both snapshots, and the old -> new key map of types matched across a rename or
/// namespace move (references in old nodes are compared in new terms).
#[derive(Default)]
pub struct Types<'a> {
    old: HashMap<&'a str, &'a Node>,
    new: HashMap<&'a str, &'a Node>,
    forward: HashMap<String, String>,
    back: HashMap<String, String>,
}

/// Limits a value must keep: lengths (characters, or items of a list), numeric range, patterns
/// (all must match) and the enumeration values (`None`: not an enumeration).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    min_length: Option<f64>,
    max_length: Option<f64>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    patterns: BTreeSet<String>,
    values: Option<BTreeSet<String>>,
}

/// What may travel as a value of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Space {
    /// `xs:anyType`, an OpenAPI schema without a type: any value.
    Any,
    /// A complex type or choice, by key in new terms: compared by identity (its members are
    /// compared where it is declared).
    Structure(String),
    /// A built-in primitive (`int`, `string`, `anySimpleType`, ...) within facets.
    Atomic(String, Facets),
    /// A whitespace-separated list of items within facets (lengths count items).
    List(Box<Space>, Facets),
}

fn merge(into: &mut Facets, n: &Node) {
    let num = |k: &str| n.prop(k).and_then(|v| v.parse::<f64>().ok());
    let tighter = |a: Option<f64>, b: Option<f64>, max: bool| match (a, b) {
        (Some(a), Some(b)) => Some(if max { a.max(b) } else { a.min(b) }),
        (a, b) => a.or(b),
    };
    into.min_length = tighter(into.min_length, num("min-length").or(num("min-items")), true);
    into.max_length = tighter(into.max_length, num("max-length").or(num("max-items")), false);
    into.minimum = tighter(into.minimum, num("minimum"), true);
    into.maximum = tighter(into.maximum, num("maximum"), false);
    into.patterns.extend(n.prop("pattern").map(str::to_owned));
}

impl<'a> Types<'a> {
    /// `map`: old type key -> new type key of matched types.
    pub fn new(old: &'a Snapshot, new: &'a Snapshot, map: &HashMap<String, String>) -> Types<'a> {
        let index = |s: &'a Snapshot| -> HashMap<&'a str, &'a Node> {
            s.nodes.iter().filter(|n| n.kind == Kind::Type).map(|n| (n.name.as_str(), n)).collect()
        };
        Types {
            old: index(old),
            new: index(new),
            forward: map.clone(),
            back: map.iter().map(|(o, n)| (n.clone(), o.clone())).collect(),
        }
    }

    /// The space of a type reference in new terms (as in a normalised old node, or a new node).
    pub fn of_ref(&self, side: Side, key: &str) -> Space {
        let raw = match side {
            Side::Old => self.back.get(key).map(String::as_str).unwrap_or(key),
            Side::New => key,
        };
        self.of_raw(side, raw, 0)
    }

    /// The space of a type by its own key in its snapshot.
    pub fn of_type(&self, side: Side, key: &str) -> Space {
        self.of_raw(side, key, 0)
    }

    fn of_raw(&self, side: Side, key: &str, depth: u32) -> Space {
        if let Some(b) = key.strip_prefix("xs:") {
            return match b {
                "anyType" => Space::Any,
                b => Space::Atomic(b.to_owned(), Facets::default()),
            };
        }
        let in_new_terms = || match side {
            Side::Old => self.forward.get(key).cloned().unwrap_or_else(|| key.to_owned()),
            Side::New => key.to_owned(),
        };
        let node = match side {
            Side::Old => self.old.get(key),
            Side::New => self.new.get(key),
        };
        let Some(node) = node.filter(|_| depth < 32) else { return Space::Structure(in_new_terms()) };
        let base = || node.prop("base").map(|b| self.of_raw(side, b, depth + 1));
        match node.prop("kind") {
            Some("simple") => match base() {
                Some(Space::Atomic(p, mut f)) => {
                    merge(&mut f, node);
                    Space::Atomic(p, f)
                }
                Some(Space::List(item, mut f)) => {
                    merge(&mut f, node);
                    Space::List(item, f)
                }
                Some(Space::Any) | None => {
                    let mut f = Facets::default();
                    merge(&mut f, node);
                    if f == Facets::default() { Space::Any } else { Space::Atomic("anySimpleType".to_owned(), f) }
                }
                Some(s) => s,
            },
            Some("list") => {
                let mut f = Facets::default();
                merge(&mut f, node);
                Space::List(Box::new(base().unwrap_or(Space::Any)), f)
            }
            Some("enum") => {
                let mut s = base().unwrap_or(Space::Atomic("string".to_owned(), Facets::default()));
                if let Space::Atomic(_, f) = &mut s {
                    f.values =
                        Some(node.children.iter().filter(|c| c.kind == Kind::Value).map(|c| c.name.clone()).collect());
                }
                s
            }
            _ => Space::Structure(in_new_terms()),
        }
    }
}

/// The range of an integer primitive (`None` bounds: unbounded).
fn integer_range(p: &str) -> Option<(Option<f64>, Option<f64>)> {
    let two = |n: i32| 2f64.powi(n);
    Some(match p {
        "byte" => (Some(-two(7)), Some(two(7) - 1.0)),
        "short" => (Some(-two(15)), Some(two(15) - 1.0)),
        "int" => (Some(-two(31)), Some(two(31) - 1.0)),
        "long" => (Some(-two(63)), Some(two(63) - 1.0)),
        "unsignedByte" => (Some(0.0), Some(two(8) - 1.0)),
        "unsignedShort" => (Some(0.0), Some(two(16) - 1.0)),
        "unsignedInt" => (Some(0.0), Some(two(32) - 1.0)),
        "unsignedLong" => (Some(0.0), Some(two(64) - 1.0)),
        "integer" => (None, None),
        _ => return None,
    })
}

/// `lo..hi` within `outer`.
fn within(inner: (Option<f64>, Option<f64>), outer: (Option<f64>, Option<f64>)) -> bool {
    let lo = match (inner.0, outer.0) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a >= b,
    };
    let hi = match (inner.1, outer.1) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a <= b,
    };
    lo && hi
}

fn both(a: Option<f64>, b: Option<f64>, max: bool) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if max { a.max(b) } else { a.min(b) }),
        (a, b) => a.or(b),
    }
}

/// Does a reader of primitive `r` take every value of primitive `w` (within `wf`)?
fn primitive(r: &str, w: &str, wf: &Facets) -> (Verdict, String) {
    if r == w || matches!(r, "string" | "anySimpleType") {
        return (Verdict::Compatible, String::new());
    }
    if w == "anySimpleType" {
        return (Verdict::Unknown, format!("the other side's description allows any text, not only xs:{r}"));
    }
    let numeric = |p: &str| integer_range(p).is_some() || matches!(p, "decimal" | "float" | "double");
    if let (Some(rr), Some(wr)) = (integer_range(r), integer_range(w)) {
        let wr = (both(wr.0, wf.minimum, true), both(wr.1, wf.maximum, false));
        return if within(wr, rr) {
            (Verdict::Compatible, format!("every xs:{w} value fits xs:{r}"))
        } else {
            (Verdict::Breaking, format!("xs:{w} values outside the range of xs:{r}"))
        };
    }
    match (r, w) {
        ("decimal", w) if integer_range(w).is_some() => (Verdict::Compatible, format!("every xs:{w} is a xs:decimal")),
        ("double", "float") => (Verdict::Compatible, "every xs:float is a xs:double".to_owned()),
        ("double" | "float", w) if numeric(w) => {
            (Verdict::Unknown, format!("xs:{w} values may lose precision as xs:{r}"))
        }
        (r, w) if numeric(r) && numeric(w) => (Verdict::Breaking, format!("xs:{w} values outside xs:{r}")),
        (r, w) => (Verdict::Breaking, format!("xs:{w} values that are not xs:{r}")),
    }
}

/// Facets of a server reader the writer's values may break: `Unknown` (a server may or may not
/// check them), with what is tighter.
fn facets(r: &Facets, w: &Facets, list: bool) -> Vec<String> {
    let mut out = Vec::new();
    let (len_min, len_max) = if list { ("min-items", "max-items") } else { ("min-length", "max-length") };
    if !within((w.min_length, None), (r.min_length, None)) {
        out.push(format!("{len_min} {}", r.min_length.unwrap_or_default()));
    }
    if !within((None, w.max_length), (None, r.max_length)) {
        out.push(format!("{len_max} {}", r.max_length.unwrap_or_default()));
    }
    if !within((w.minimum, None), (r.minimum, None)) {
        out.push(format!("minimum {}", r.minimum.unwrap_or_default()));
    }
    if !within((None, w.maximum), (None, r.maximum)) {
        out.push(format!("maximum {}", r.maximum.unwrap_or_default()));
    }
    for p in r.patterns.difference(&w.patterns) {
        out.push(format!("pattern {p}"));
    }
    out
}

/// Does a reader of space `r` take every value a writer of space `w` may send? `server`: the
/// reader is a server (else the generated client); `reader` names it in the reason.
pub fn admits(r: &Space, w: &Space, server: bool, reader: &str) -> (Verdict, String) {
    match (r, w) {
        (Space::Any, _) => (Verdict::Compatible, format!("{reader} takes any value")),
        (_, Space::Any) => (
            Verdict::Unknown,
            format!("the other side's description allows any value; {reader} expects a narrower one"),
        ),
        (Space::Structure(a), Space::Structure(b)) if a == b => (Verdict::Compatible, String::new()),
        (Space::Structure(_), Space::Structure(_)) => {
            (Verdict::Breaking, format!("{reader} expects another structure"))
        }
        (Space::Structure(_), _) => (Verdict::Breaking, format!("{reader} expects a structure, not a single value")),
        (_, Space::Structure(_)) => (Verdict::Breaking, format!("{reader} expects a single value, not a structure")),
        (Space::List(ri, rf), Space::List(wi, wf)) => {
            let (v, why) = admits(ri, wi, server, reader);
            let tighter = facets(rf, wf, true);
            let (v, why) = if server && !tighter.is_empty() && v != Verdict::Breaking {
                (v.max(Verdict::Unknown), join(why, format!("{reader} may reject ({})", tighter.join(", "))))
            } else {
                (v, why)
            };
            let what = if v == Verdict::Compatible { "lists of the same values" } else { "lists" };
            (v, join(what.to_owned(), why))
        }
        (Space::Atomic(p, f), Space::List(..)) if matches!(p.as_str(), "string" | "anySimpleType") && is_free(f) => {
            (Verdict::Compatible, format!("{reader} takes the list as text"))
        }
        (Space::List(..), Space::Atomic(..)) | (Space::Atomic(..), Space::List(..)) => {
            (Verdict::Breaking, "a list and a single value".to_owned())
        }
        (Space::Atomic(rp, rf), Space::Atomic(wp, wf)) => {
            let (mut v, mut why) = primitive(rp, wp, wf);
            if v == Verdict::Breaking {
                return (v, format!("{reader} rejects {why}"));
            }
            if let Some(rv) = &rf.values {
                let extra: Vec<&String> = match &wf.values {
                    Some(wv) => wv.difference(rv).collect(),
                    None => Vec::new(),
                };
                if server && wf.values.is_none() {
                    return (Verdict::Breaking, format!("{reader} takes only the values it lists"));
                }
                if server && !extra.is_empty() {
                    let list: Vec<String> = extra.iter().map(|s| format!("`{s}`")).collect();
                    return (
                        Verdict::Breaking,
                        format!("{reader} rejects {}, values it does not list", list.join(", ")),
                    );
                }
                if !extra.is_empty() || wf.values.is_none() {
                    why = join(why, "generated enums keep unknown values".to_owned());
                }
            }
            let tighter = if wf.values.is_some() && rf.values.is_none() { Vec::new() } else { facets(rf, wf, false) };
            if !tighter.is_empty() {
                if server {
                    v = v.max(Verdict::Unknown);
                    why = join(why, format!("{reader} may reject values ({})", tighter.join(", ")));
                } else {
                    why = join(why, "replies are not checked against limits".to_owned());
                }
            }
            if v == Verdict::Compatible && why.is_empty() {
                why = format!("{reader} takes every value sent");
            }
            (v, why)
        }
    }
}

fn is_free(f: &Facets) -> bool {
    f.values.is_none() && f.patterns.is_empty() && f.max_length.is_none() && f.min_length.is_none()
}

fn join(a: String, b: String) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b,
        (_, true) => a,
        _ => format!("{a}: {b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{Facets, Space, Verdict, admits};

    fn atom(p: &str) -> Space {
        Space::Atomic(p.to_owned(), Facets::default())
    }

    #[test]
    fn integer_lattice_and_direction() {
        for (narrow, wide) in
            [("byte", "short"), ("short", "int"), ("int", "long"), ("long", "integer"), ("unsignedInt", "long")]
        {
            assert_eq!(admits(&atom(wide), &atom(narrow), true, "r").0, Verdict::Compatible, "{narrow} in {wide}");
            assert_eq!(admits(&atom(narrow), &atom(wide), true, "r").0, Verdict::Breaking, "{wide} in {narrow}");
        }
        assert_eq!(admits(&atom("decimal"), &atom("long"), false, "r").0, Verdict::Compatible);
        assert_eq!(admits(&atom("long"), &atom("dateTime"), false, "r").0, Verdict::Breaking);
        // A restriction within its base: int 1..100 fits a byte.
        let small =
            Space::Atomic("int".to_owned(), Facets { minimum: Some(1.0), maximum: Some(100.0), ..Facets::default() });
        assert_eq!(admits(&atom("byte"), &small, true, "r").0, Verdict::Compatible);
        // Facets only servers check; the generated client does not.
        assert_eq!(admits(&small, &atom("int"), true, "r").0, Verdict::Unknown);
        assert_eq!(admits(&small, &atom("int"), false, "r").0, Verdict::Compatible);
    }

    #[test]
    fn lists_any_and_enumerations() {
        let list = |p: &str| Space::List(Box::new(atom(p)), Facets::default());
        assert_eq!(admits(&list("int"), &list("int"), true, "r").0, Verdict::Compatible);
        assert_eq!(admits(&list("int"), &list("long"), true, "r").0, Verdict::Breaking);
        assert_eq!(admits(&Space::Any, &Space::Structure("x".to_owned()), false, "r").0, Verdict::Compatible);
        assert_eq!(admits(&Space::Structure("x".to_owned()), &Space::Any, false, "r").0, Verdict::Unknown);
        let values = |v: &[&str]| {
            Space::Atomic(
                "string".to_owned(),
                Facets { values: Some(v.iter().map(|s| (*s).to_owned()).collect()), ..Facets::default() },
            )
        };
        assert_eq!(admits(&values(&["A"]), &values(&["A", "B"]), true, "r").0, Verdict::Breaking);
        assert_eq!(admits(&values(&["A"]), &values(&["A", "B"]), false, "r").0, Verdict::Compatible);
        assert_eq!(admits(&values(&["A", "B"]), &values(&["A"]), true, "r").0, Verdict::Compatible);
    }
}
