//! The `ArrayOfX` pass: a complex type whose only content is one repeated element (ASMX's
//! `ArrayOfString`, WCF's `ArrayOfOrder`, SOAP-encoding arrays, anonymous wrappers) is a list in
//! disguise. Every non-repeated element field typed with such a wrapper gets
//! [`Field::array_item`] set (the item element's name, namespace, nillability) and its `ty`
//! replaced by the item type, so the emitter writes a `Vec<X>` read and written through the
//! wrapper element. The wrapper types stay in the arena (global elements may still use them).

use crate::model::{ArrayItem, Field, FieldKind, Model, TypeKind, TypeRef};

/// The item of a wrapper type, or None when `kind` is not one.
pub fn wrapper_item(kind: &TypeKind) -> Option<(ArrayItem, TypeRef)> {
    let TypeKind::Complex(c) = kind else { return None };
    if c.base.is_some() || !c.derived.is_empty() || c.mixed || c.is_abstract {
        return None;
    }
    let [item] = c.fields.as_slice() else { return None };
    if item.kind != FieldKind::Element || !item.occurs.is_repeated() || item.array_item.is_some() {
        return None;
    }
    Some((ArrayItem { name: item.name.clone(), ns: item.ns.clone(), nillable: item.nillable }, item.ty.clone()))
}

/// Marks every field that uses a wrapper type.
pub fn apply(model: &mut Model) {
    let wrappers: Vec<Option<(ArrayItem, TypeRef)>> = model.types.iter().map(|t| wrapper_item(&t.kind)).collect();
    let rewrite = |f: &mut Field| {
        if f.kind != FieldKind::Element || f.occurs.is_repeated() || f.array_item.is_some() {
            return;
        }
        if let TypeRef::Named(id) = f.ty
            && let Some(Some((item, ty))) = wrappers.get(id.0)
        {
            f.array_item = Some(item.clone());
            f.ty = ty.clone();
        }
    };
    for ty in &mut model.types {
        match &mut ty.kind {
            TypeKind::Complex(c) => c.fields.iter_mut().for_each(rewrite),
            TypeKind::Choice(c) => c.variants.iter_mut().for_each(rewrite),
            TypeKind::Enum(_) | TypeKind::Simple(_) | TypeKind::Container(_) => {}
        }
    }
}
