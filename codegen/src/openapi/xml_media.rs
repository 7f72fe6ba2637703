//! Bodies offered as JSON and XML whose types hold what only JSON can carry (maps, arrays of
//! arrays, raw JSON values, `oneOf` / `anyOf` sums: [`TypeKind::Container`], [`Builtin::Json`] and
//! JSON [`TypeKind::Choice`]s), which the XML codecs
//! cannot encode.
//!
//! The media type listed first decides: a body that lists JSON first is read as JSON only (XML is
//! no longer offered for it); in a body that lists XML first (AIM's replies), such a member is
//! kept as raw XML ([`Builtin::AnyType`]), as before maps were modelled. Types reachable from
//! XML-only bodies get the same raw-XML members.

use crate::model::{Body, Builtin, MediaType, Model, TypeKind, TypeRef};

/// Applies the rule above to every body of `model`.
pub fn settle(model: &mut Model) {
    // Decisions first (reading the types), then applied to the bodies in the same order.
    let decisions: Vec<bool> = bodies(model)
        .map(|b| {
            b.media.contains(&MediaType::Xml)
                && b.media.first() == Some(&MediaType::Json)
                && holds_json_only(model, &b.ty)
        })
        .collect();
    let mut xml_roots = Vec::new();
    let mut i = 0;
    for_each_body(model, |body| {
        if decisions[i] {
            body.media.retain(|m| *m != MediaType::Xml);
            body.xml_root = None;
        } else if body.media.contains(&MediaType::Xml) {
            xml_roots.push(body.ty.clone());
        }
        i += 1;
    });
    for i in model.reachable(xml_roots) {
        let json_only: Vec<bool> = match &model.types[i].kind {
            TypeKind::Complex(c) => c.fields.iter().map(|f| is_json_only(model, &f.ty)).collect(),
            _ => continue,
        };
        if let TypeKind::Complex(c) = &mut model.types[i].kind {
            for (f, json_only) in c.fields.iter_mut().zip(json_only) {
                if json_only {
                    f.ty = TypeRef::Builtin(Builtin::AnyType);
                }
            }
        }
    }
}

/// Every request and reply body, in operation order.
fn bodies(model: &Model) -> impl Iterator<Item = &Body> {
    model
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .filter_map(|op| op.rest.as_ref())
        .flat_map(|rest| rest.request_body.iter().chain(rest.responses.iter().filter_map(|r| r.body.as_ref())))
}

/// `f` on every body, in the order of [`bodies`].
fn for_each_body(model: &mut Model, mut f: impl FnMut(&mut Body)) {
    for op in model.services.iter_mut().flat_map(|s| &mut s.operations) {
        let Some(rest) = &mut op.rest else { continue };
        if let Some(b) = &mut rest.request_body {
            f(b);
        }
        for r in &mut rest.responses {
            if let Some(b) = &mut r.body {
                f(b);
            }
        }
    }
}

/// A value of `ty` is a map, a list of its own or a raw JSON value.
fn is_json_only(model: &Model, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Builtin(b) => *b == Builtin::Json,
        TypeRef::Named(id) => match model.types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Container(_)) => true,
            Some(TypeKind::Choice(c)) => c.is_json(),
            Some(TypeKind::Simple(s)) => !s.list && is_json_only(model, &s.base),
            _ => false,
        },
    }
}

/// `ty` is, or holds somewhere, a value only JSON can carry.
fn holds_json_only(model: &Model, ty: &TypeRef) -> bool {
    is_json_only(model, ty)
        || model.reachable(vec![ty.clone()]).into_iter().any(|i| match &model.types[i].kind {
            TypeKind::Complex(c) => c.fields.iter().any(|f| is_json_only(model, &f.ty)),
            TypeKind::Choice(c) => c.variants.iter().any(|f| is_json_only(model, &f.ty)),
            _ => false,
        })
}
