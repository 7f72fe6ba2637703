//! JSON sum types (OpenAPI `oneOf` / `anyOf`, [`Discriminator::Property`] and
//! [`Discriminator::Untagged`]): what the generated enum tells the runtime (`wsbind::rest::sum`)
//! about each alternative, decided once per sum.
//!
//! * Variant names ([`super::Plan`]): the alternative's label in upper camel case
//!   (`aws_access_keys` -> `AwsAccessKeys`, `array of Pet` -> `ArrayOfPet`, `string` -> `String`),
//!   made unique in declaration order, `Unknown` kept for the raw JSON case.
//! * Tags: each alternative's discriminator values, its first the one written when encoding.
//! * Properties: the wire names an object alternative declares (its fields, through simple
//!   aliases), for the exact pass of untagged decoding; none for an object with
//!   `additionalProperties` (flattened map: it declares every name) and for other alternatives.
//! * Required: the properties an object alternative requires (its fields that are not
//!   optional, required arrays included): an object without one is not that alternative.

use crate::model::{ChoiceType, Discriminator, Field, FieldKind, Model, TypeKind, TypeRef};

/// What the runtime is told about one JSON sum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SumPlan {
    /// The discriminator property of a tagged sum.
    pub tag: Option<String>,
    /// Per alternative, in declared order.
    pub cases: Vec<SumCase>,
}

/// One alternative of a [`SumPlan`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SumCase {
    /// The discriminator values that choose it (tagged sums), the one written first.
    pub tags: Vec<String>,
    /// The property names of an object alternative without `additionalProperties`.
    pub properties: Option<Vec<String>>,
    /// The required property names of an object alternative.
    pub required: Vec<String>,
}

/// The plan of JSON sum `c`, `None` for the XML sums.
pub fn sum_plan(model: &Model, c: &ChoiceType) -> Option<SumPlan> {
    let tag = match &c.discriminator {
        Discriminator::Property { name, .. } => Some(name.clone()),
        Discriminator::Untagged => None,
        Discriminator::Element | Discriminator::XsiType { .. } => return None,
    };
    let cases = c
        .variants
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let object = if f.occurs.is_repeated() { None } else { object_fields(model, &f.ty) };
            let names = |required: bool| -> Vec<String> {
                object
                    .iter()
                    .flat_map(|fields| fields.iter())
                    .filter(|f| !required || !f.occurs.is_optional())
                    .map(|f| f.name.clone())
                    .collect()
            };
            let open = object.is_some_and(|fields| fields.iter().any(|f| f.kind == FieldKind::Any));
            SumCase {
                tags: c.tags(n).into_iter().map(str::to_owned).collect(),
                properties: (object.is_some() && !open).then(|| names(false)),
                required: names(true),
            }
        })
        .collect();
    Some(SumPlan { tag, cases })
}

/// The fields of the object type `ty` resolves to (through simple aliases); `None` for other types.
fn object_fields<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m [Field]> {
    let mut ty = ty;
    for _ in 0..=model.types.len() {
        let TypeRef::Named(id) = ty else { return None };
        match &model.types.get(id.0)?.kind {
            TypeKind::Simple(s) if !s.list => ty = &s.base,
            TypeKind::Complex(c) => return Some(&c.fields),
            _ => return None,
        }
    }
    None
}
