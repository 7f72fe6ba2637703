//! The type plan: the Rust name of every type, field, choice alternative and enum variant (through
//! [`crate::names`], avoiding [`RESERVED_TYPES`] and the client names), which fields are boxed to
//! break recursion cycles (and which choice alternatives, to keep enums small), and which types
//! can implement `Default`.

use std::collections::BTreeSet;

use super::shape::is_constructor_param;
use crate::model::{Builtin, FieldKind, Model, TypeKind, TypeRef};
use crate::names::{self, Scope};

/// Rust names of one type and its members.
#[derive(Debug, Clone, Default)]
pub struct TypePlan {
    pub name: String,
    /// Set when the name is not the plain conversion of the wire name (collision).
    pub renamed: bool,
    /// Field (or choice variant) names, by index in the model's field list.
    pub fields: Vec<String>,
    /// Enum variant names, by value index.
    pub variants: Vec<String>,
    /// Fields (by index) that are boxed to break a recursion cycle.
    pub boxed: BTreeSet<usize>,
    /// False when the type cannot implement `Default` (a required field of a type without one,
    /// such as `DateTime` or `RawXml`).
    pub has_default: bool,
    /// A JSON array or map type that holds itself (through arrays, maps and aliases only, as
    /// `Tree: {additionalProperties: {$ref: Tree}}`): a newtype struct, as a type alias cannot
    /// refer to itself.
    pub newtype: bool,
    /// A record whose elements are a choice's alternative without an element of their own
    /// (a [`FieldKind::Group`] variant's type): its codec reads and writes them in the choice's
    /// place.
    pub group: bool,
}

/// Names and layout decisions for a whole model.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub types: Vec<TypePlan>,
}

/// Names reserved in the type namespace of every generated module: the items it generates
/// besides the schema's types.
pub const RESERVED_TYPES: &[&str] = &["Client", "ClientBuilder", "NS", "DEFAULT_ADDRESS", "ops"];

impl Plan {
    pub fn new(model: &Model, client_names: &[String]) -> Plan {
        let mut scope = Scope::camel();
        for r in RESERVED_TYPES {
            scope.reserve(r);
        }
        for c in client_names {
            scope.reserve(c);
        }
        let mut types: Vec<TypePlan> = vec![TypePlan::default(); model.types.len()];
        // Named types claim names first, then anonymous ones, each group in model order.
        let order = model
            .types
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.anonymous)
            .chain(model.types.iter().enumerate().filter(|(_, t)| t.anonymous));
        for (i, t) in order {
            let (name, renamed) = scope.unique(&names::item_type_name(&t.name.local));
            types[i].name = name;
            types[i].renamed = renamed;
        }
        for (i, t) in model.types.iter().enumerate() {
            match &t.kind {
                TypeKind::Complex(c) => {
                    let mut fields = Scope::snake();
                    types[i].fields = c.fields.iter().map(|f| fields.unique(&names::field_name(&f.name)).0).collect();
                }
                TypeKind::Choice(c) if c.by_xsi_type() => {
                    // One variant per type, named after it without a `Type` suffix
                    // (`ItemKind::Message(MessageType)`), beside the unknown case.
                    let mut variants = Scope::camel();
                    variants.reserve("Unknown");
                    types[i].fields = c
                        .variants
                        .iter()
                        .map(|f| {
                            let stem = f.name.strip_suffix("Type").filter(|s| !s.is_empty()).unwrap_or(&f.name);
                            variants.unique(&names::type_name(stem)).0
                        })
                        .collect();
                }
                TypeKind::Choice(c) if c.is_json() => {
                    // One variant per alternative, named after its label (`crate::lower::sums`),
                    // beside the unknown case.
                    let mut variants = Scope::camel();
                    variants.reserve("Unknown");
                    types[i].fields =
                        c.variants.iter().map(|f| variants.unique(&names::type_name(&f.name)).0).collect();
                }
                TypeKind::Choice(c) => {
                    let mut variants = Scope::camel();
                    variants.reserve("Unknown");
                    types[i].fields =
                        c.variants.iter().map(|f| variants.unique(&names::type_name(&f.name)).0).collect();
                    for f in c.variants.iter().filter(|f| f.kind == FieldKind::Group) {
                        if let TypeRef::Named(id) = f.ty
                            && let Some(plan) = types.get_mut(id.0)
                        {
                            plan.group = true;
                        }
                    }
                }
                TypeKind::Enum(e) => {
                    let mut variants = Scope::camel();
                    variants.reserve("Unknown");
                    types[i].variants = e
                        .values
                        .iter()
                        .enumerate()
                        .map(|(n, v)| variants.unique(&names::variant_name(&v.value, n)).0)
                        .collect();
                }
                TypeKind::Simple(_) | TypeKind::Container(_) => {}
            }
        }
        for (ty, field) in recursive_edges(model) {
            types[ty].boxed.insert(field);
        }
        let boxed: Vec<BTreeSet<usize>> = types.iter().map(|t| t.boxed.clone()).collect();
        let defaults = defaults(model, &boxed);
        for (plan, has) in types.iter_mut().zip(defaults) {
            plan.has_default = has;
        }
        // Choice alternatives holding a record are boxed too, so that no alternative is much
        // larger than the others (clippy's `large_enum_variant`) whatever the records hold.
        for (i, t) in model.types.iter().enumerate() {
            if let TypeKind::Choice(c) = &t.kind {
                for (n, f) in c.variants.iter().enumerate() {
                    let record = matches!(
                        f.ty,
                        TypeRef::Named(id) if matches!(
                            model.types.get(id.0).map(|t| &t.kind),
                            Some(TypeKind::Complex(_)) | Some(TypeKind::Choice(_))
                        )
                    );
                    if record && !f.occurs.is_repeated() && f.array_item.is_none() {
                        types[i].boxed.insert(n);
                    }
                }
            }
        }
        for (i, plan) in types.iter_mut().enumerate() {
            plan.newtype = holds_itself(model, i);
        }
        Plan { types }
    }
}

/// True when container type `id`'s items reach `id` again through containers and simple types
/// only (no record in between, which would make the cycle finite as a type).
fn holds_itself(model: &Model, id: usize) -> bool {
    let Some(TypeKind::Container(c)) = model.types.get(id).map(|t| &t.kind) else { return false };
    let mut ty = &c.item;
    for _ in 0..model.types.len() {
        let TypeRef::Named(next) = ty else { return false };
        if next.0 == id {
            return true;
        }
        ty = match model.types.get(next.0).map(|t| &t.kind) {
            Some(TypeKind::Container(c)) => &c.item,
            Some(TypeKind::Simple(s)) if !s.list => &s.base,
            _ => return false,
        };
    }
    false
}

/// Which types can implement `Default` (fixpoint: a type without one makes every type that holds
/// it as a required field lose it too).
fn defaults(model: &Model, boxed: &[BTreeSet<usize>]) -> Vec<bool> {
    let mut has = vec![true; model.types.len()];
    let builtin_default =
        |b: Builtin| !matches!(b, Builtin::AnyType | Builtin::DateTime | Builtin::Date | Builtin::Time);
    loop {
        let mut changed = false;
        for (i, t) in model.types.iter().enumerate() {
            if !has[i] {
                continue;
            }
            let ref_default = |f: &crate::model::Field, has: &[bool]| -> bool {
                if f.kind == FieldKind::Any {
                    return false;
                }
                match &f.ty {
                    TypeRef::Builtin(b) => builtin_default(*b),
                    TypeRef::Named(id) => has.get(id.0).copied().unwrap_or(false),
                }
            };
            let ok = match &t.kind {
                // A type with a required value has no `Default`: `..Default::default()` would send
                // a made-up 0 or "" where the caller forgot one (`new` takes them instead).
                TypeKind::Complex(c) => !c.fields.iter().any(is_constructor_param),
                // Derived types: no value is more of a default than another (an abstract base has
                // no variant of its own, and the base's is boxed).
                // JSON sums neither: the first alternative would be a silent default.
                TypeKind::Choice(c) if c.by_xsi_type() || c.is_json() => false,
                TypeKind::Choice(c) => c.variants.first().is_some_and(|f| {
                    f.occurs.is_repeated() || f.array_item.is_some() || (!boxed[i].contains(&0) && ref_default(f, &has))
                }),
                TypeKind::Simple(s) => {
                    s.list
                        || match &s.base {
                            TypeRef::Builtin(b) => builtin_default(*b),
                            TypeRef::Named(id) => has.get(id.0).copied().unwrap_or(false),
                        }
                }
                // An enumeration has no `Default`: its first value would be a silent default
                // (a forgotten value must be a compile error), and so has what holds one by value.
                TypeKind::Enum(_) => false,
                // `Vec` and `BTreeMap` start empty.
                TypeKind::Container(_) => true,
            };
            if !ok {
                has[i] = false;
                changed = true;
            }
        }
        if !changed {
            return has;
        }
    }
}

/// By-value references between types (fields that are neither `Vec` nor behind a wrapper).
fn value_edges(model: &Model) -> Vec<Vec<(usize, usize)>> {
    let mut edges = vec![Vec::new(); model.types.len()];
    for (i, t) in model.types.iter().enumerate() {
        let fields = match &t.kind {
            TypeKind::Complex(c) => &c.fields,
            TypeKind::Choice(c) => &c.variants,
            _ => continue,
        };
        for (n, f) in fields.iter().enumerate() {
            if f.occurs.is_repeated() || f.array_item.is_some() || matches!(f.kind, FieldKind::Any) {
                continue;
            }
            if let TypeRef::Named(target) = f.ty
                && target.0 < model.types.len()
            {
                edges[i].push((n, target.0));
            }
        }
    }
    edges
}

/// Fields `(type, field)` whose by-value reference closes a cycle (both ends in one strongly
/// connected component): these are boxed.
fn recursive_edges(model: &Model) -> Vec<(usize, usize)> {
    let edges = value_edges(model);
    let comp = scc(&edges);
    let mut out = Vec::new();
    for (from, list) in edges.iter().enumerate() {
        for &(field, to) in list {
            if comp[from] == comp[to] {
                out.push((from, field));
            }
        }
    }
    out
}

/// Tarjan's strongly connected components (iterative); returns the component of each node.
fn scc(edges: &[Vec<(usize, usize)>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&(_, w)) = edges[v].get(*pos) {
                *pos += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scc_finds_cycles() {
        // 0 -> 1 -> 0 (cycle), 2 -> 2 (self), 3 -> 0 (not in a cycle)
        let edges = vec![vec![(0, 1)], vec![(0, 0)], vec![(0, 2)], vec![(0, 0)]];
        let c = scc(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[3], c[0]);
    }
}
