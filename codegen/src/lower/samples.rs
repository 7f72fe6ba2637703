//! The plan of the synthetic values (`wsbind::samples::Sample`: the mocks' canned replies and
//! the corpus round trips), which the derives write from hints: which types have a finite value
//! (required fields are always filled, so a type whose required fields close a cycle has none and
//! gets no impl), which optional or repeated fields and choice alternatives stay empty because
//! their type has none, and which alternative ends the recursion at the depth bound (the one with
//! the shortest value, when the first one's is deeper).

use crate::lower::{Shape, shape};
use crate::model::{ChoiceType, Field, FieldKind, Model, TypeId, TypeKind, TypeRef};

/// The finite height of a value of each type (`None`: no finite value exists).
#[derive(Debug, Clone, Default)]
pub struct Samples {
    heights: Vec<Option<u32>>,
}

impl Samples {
    pub fn new(model: &Model) -> Self {
        let types = &model.types;
        let mut h: Vec<Option<u32>> = vec![None; types.len()];
        for _ in 0..=types.len() {
            let mut changed = false;
            for (i, t) in types.iter().enumerate() {
                let new = match &t.kind {
                    // A JSON array or map: filled down to the depth bound, so its items need one.
                    TypeKind::Container(c) => target(&h, &c.item),
                    TypeKind::Enum(_) => Some(0),
                    TypeKind::Simple(s) => target(&h, &s.base),
                    TypeKind::Complex(c) => {
                        let mut max = Some(0u32);
                        for f in c.fields.iter().filter(|f| shape(f) == Shape::One && f.kind != FieldKind::Any) {
                            max = match (max, target(&h, &f.ty)) {
                                (Some(a), Some(b)) => Some(a.max(b)),
                                _ => None,
                            };
                        }
                        max.map(|m| m.saturating_add(1))
                    }
                    TypeKind::Choice(c) => {
                        c.variants.iter().filter_map(|f| variant_height(&h, f)).min().map(|m| m.saturating_add(1))
                    }
                };
                if new != h[i] && (h[i].is_none() || new < h[i]) {
                    h[i] = new;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Samples { heights: h }
    }

    /// Whether type `id` has a finite value (and so a `Sample` impl).
    pub fn finite(&self, id: TypeId) -> bool {
        self.heights.get(id.0).is_none_or(Option::is_some)
    }

    /// Whether an optional or repeated field (or a choice alternative) stays empty: its type has no
    /// finite value.
    pub fn empty(&self, f: &Field) -> bool {
        f.kind != FieldKind::Any && target(&self.heights, &f.ty).is_none()
    }

    /// The alternative of choice `c` taken at the depth bound, when it is not the first one taken
    /// (the first with a finite value): the one with the shortest value.
    pub fn leaf(&self, c: &ChoiceType) -> Option<usize> {
        let heights: Vec<Option<u32>> = c.variants.iter().map(|f| variant_height(&self.heights, f)).collect();
        let first = heights.iter().position(Option::is_some)?;
        let shortest = heights.iter().enumerate().filter_map(|(n, v)| v.map(|v| (v, n))).min().map(|(_, n)| n)?;
        (shortest != first).then_some(shortest)
    }
}

/// The height of a value of `ty` (built-ins are leaves; a reference the model does not hold is
/// written as raw XML, a leaf too).
fn target(h: &[Option<u32>], ty: &TypeRef) -> Option<u32> {
    match ty {
        TypeRef::Builtin(_) => Some(0),
        TypeRef::Named(id) => h.get(id.0).copied().unwrap_or(Some(0)),
    }
}

fn variant_height(h: &[Option<u32>], f: &Field) -> Option<u32> {
    if f.kind == FieldKind::Any { Some(0) } else { target(h, &f.ty) }
}
