//! `oneOf` / `anyOf`: what a list of alternatives stands for in the model.
//!
//! * Besides `null` (an inline `type: 'null'`, as 3.1 files write a nullable reference), one
//!   alternative left: that alternative, nullable. `anyOf: [{$ref: X}, {type: 'null'}]` is an
//!   optional `X`, not a sum.
//! * Only string enumerations and `const`s: one enumeration of all their values, in order.
//! * Otherwise a sum type, [`TypeKind::Choice`](crate::model::TypeKind::Choice), one alternative per
//!   schema (a `$ref`'d type, an inline object as an anonymous type named `{owner}.{Label}`, a
//!   scalar, an array), labelled by the schema name of a `$ref`, else the inline schema's `title`,
//!   else its JSON type (`string`, `array of Pet`, ...). With a `discriminator` it is
//!   [`Discriminator::Property`]: the `mapping` entries in document order, then each alternative
//!   no entry names under its schema name. A discriminator the generator cannot follow (an
//!   alternative that is not a `$ref`, or does not declare the property, itself or through
//!   `allOf`) is a positioned warning, and the sum is [`Discriminator::Untagged`]: its
//!   alternatives are tried in order when decoding (`wsbind::rest::sum`). `oneOf` and `anyOf` are
//!   read alike: a value is one alternative, the first that accepts it.
//! * `oneOf` / `anyOf` beside `properties` or `allOf` is still kept as a raw JSON value, with a
//!   warning.

use heck::ToUpperCamelCase;
use openapiv3::Schema;

use super::{Builder, MAX_DEPTH, S, Shape, View, view};
use crate::model::{Builtin, ChoiceType, Discriminator, EnumType, EnumValue, Field, FieldKind, Occurs, TypeRef};
use crate::openapi::source::{escape, unescape};

/// What a `oneOf` / `anyOf` stands for.
pub(super) enum SumOf {
    /// A single alternative (besides `null`): its shape.
    One(Box<Shape>),
    /// Only string enumerations and `const`s: one enumeration.
    Enum(EnumType),
    /// A sum type.
    Choice(ChoiceType),
}

/// The last segment of a `$ref` (the schema name of `#/components/schemas/Name`), unescaped.
fn ref_label(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    unescape(&super::unescape_pointer(last))
}

impl<'a> Builder<'a> {
    /// What the alternatives of `keyword` (`oneOf` or `anyOf`) of the schema at `pointer` stand
    /// for (see the module documentation), and whether `null` is one of them. Inline alternatives
    /// become anonymous types named after `owner`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn sum_of(
        &mut self,
        keyword: &str,
        alternatives: &[S<'a>],
        v: &View<'a>,
        schema: &'a Schema,
        pointer: &str,
        owner: &str,
        ns: Option<&str>,
    ) -> (SumOf, bool) {
        if !v.properties.is_empty() || !v.all_of.is_empty() {
            let what = format!("`{keyword}` beside `properties` or `allOf`");
            return (SumOf::One(Box::new(self.raw_json(pointer, &what))), false);
        }
        let mut nullable = false;
        let mut alts: Vec<(S<'a>, String)> = Vec::new();
        for (i, alt) in alternatives.iter().enumerate() {
            if let S::Inline(s) = alt
                && view(s).typ.as_deref() == Some("null")
            {
                nullable = true;
                continue;
            }
            alts.push((*alt, format!("{pointer}/{keyword}/{i}")));
        }
        let sum = match alts.as_slice() {
            [] => SumOf::One(Box::new(Shape::of(TypeRef::Builtin(Builtin::Json)))),
            [(alt, at)] => match self.shape(*alt, at, owner, ns) {
                Some(shape) => SumOf::One(Box::new(shape)),
                // Reported.
                None => SumOf::One(Box::new(Shape::of(TypeRef::Builtin(Builtin::Json)))),
            },
            _ => match self.enum_union(&alts) {
                Some(e) => SumOf::Enum(e),
                None => SumOf::Choice(self.choice(keyword, &alts, schema, pointer, owner, ns)),
            },
        };
        (sum, nullable)
    }

    /// The string values of an enumeration or `const` alternative (at `at`), `None` for others.
    fn string_values(&mut self, alt: S<'a>, at: &str) -> Option<Vec<String>> {
        let (schema, at) = match alt {
            S::Inline(s) => (s, at.to_owned()),
            S::Ref(r) => {
                let (_, s, target) = self.schema_ref(r, at)?;
                (s, target)
            }
        };
        let v = view(schema);
        if !matches!(v.typ.as_deref(), None | Some("string")) {
            return None;
        }
        if !v.enumeration.is_empty() {
            return v.enumeration.iter().map(|e| e.as_str().map(str::to_owned)).collect();
        }
        let constant = self.src.at(&format!("{at}/const"))?;
        Some(vec![constant.as_str()?.to_owned()])
    }

    /// One enumeration of every alternative's values, when each is a string enumeration or `const`.
    fn enum_union(&mut self, alts: &[(S<'a>, String)]) -> Option<EnumType> {
        let mut values: Vec<String> = Vec::new();
        for (alt, at) in alts {
            for value in self.string_values(*alt, at)? {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        Some(EnumType {
            base: Builtin::String,
            values: values.into_iter().map(|value| EnumValue { value, doc: None }).collect(),
        })
    }

    /// The label of an alternative (see the module documentation).
    fn label(alt: S<'a>) -> String {
        let schema = match alt {
            S::Ref(r) => return ref_label(r),
            S::Inline(s) => s,
        };
        if let Some(title) = schema.schema_data.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return title.to_owned();
        }
        let v = view(schema);
        if v.is_array() {
            return match v.items {
                Some(items) => format!("array of {}", Self::label(items)),
                None => "array".to_owned(),
            };
        }
        if v.is_object() {
            return "object".to_owned();
        }
        match (v.typ, v.format) {
            (Some(t), Some(f)) => format!("{t} {f}"),
            (Some(t), None) => t,
            (None, _) => "value".to_owned(),
        }
    }

    /// The sum type of several alternatives.
    fn choice(
        &mut self,
        keyword: &str,
        alts: &[(S<'a>, String)],
        schema: &'a Schema,
        pointer: &str,
        owner: &str,
        ns: Option<&str>,
    ) -> ChoiceType {
        let mut variants = Vec::new();
        // The `$ref` of each variant, for the discriminator.
        let mut refs: Vec<Option<&'a str>> = Vec::new();
        for (alt, at) in alts {
            let label = Self::label(*alt);
            let anon = format!("{owner}.{}", label.to_upper_camel_case());
            let Some(mut shape) = self.shape(*alt, at, &anon, ns) else { continue };
            if shape.repeated && shape.item_nillable {
                // `null` items: a list of optional values of its own.
                let (doc, secret) = (shape.doc.clone(), shape.secret);
                let ty = self.single(shape, &anon, at);
                shape = Shape { doc, secret, ..Shape::of(ty) };
            }
            let occurs = if shape.repeated { Occurs::MANY } else { Occurs::ONE };
            let mut field = Field::plain(label, None, FieldKind::Element, shape.ty, occurs, self.origin(at));
            field.doc = shape.doc;
            field.secret = shape.secret;
            field.limits = shape.limits;
            variants.push(field);
            refs.push(match alt {
                S::Ref(r) => Some(r),
                S::Inline(_) => None,
            });
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(d) => self.tagged(keyword, d, &variants, &refs, pointer).unwrap_or(Discriminator::Untagged),
            None => Discriminator::Untagged,
        };
        ChoiceType { variants, optional: false, discriminator }
    }

    /// The [`Discriminator::Property`] of `d`, or `None` (with a warning) when it cannot be followed.
    fn tagged(
        &mut self,
        keyword: &str,
        d: &openapiv3::Discriminator,
        variants: &[Field],
        refs: &[Option<&'a str>],
        pointer: &str,
    ) -> Option<Discriminator> {
        let at = format!("{pointer}/discriminator");
        let property = d.property_name.as_str();
        let untagged = "the alternatives are told apart by trying each in turn (untagged)";
        for (variant, reference) in variants.iter().zip(refs) {
            let Some(reference) = reference else {
                self.warn(
                    &at,
                    format!(
                        "`discriminator` `{property}`: the alternative `{}` is not a `$ref` to a schema: {untagged}",
                        variant.name
                    ),
                );
                return None;
            };
            if !self.declares(reference, property, 0) {
                self.warn(
                    &at,
                    format!(
                        "`discriminator` `{property}`: the alternative `{}` does not declare the property: {untagged}",
                        variant.name
                    ),
                );
                return None;
            }
        }
        let names: Vec<String> = refs.iter().map(|r| r.map(ref_label).unwrap_or_default()).collect();
        let mut mapping = Vec::new();
        for (key, target) in &d.mapping {
            let name = if target.starts_with('#') || target.contains('/') { ref_label(target) } else { target.clone() };
            match names.iter().position(|n| *n == name) {
                Some(i) => mapping.push((key.clone(), i)),
                None => self.warn(
                    &format!("{at}/mapping/{}", escape(key)),
                    format!(
                        "`discriminator` `mapping` `{key}`: `{target}` is not one of the `{keyword}` alternatives: \
                         ignored"
                    ),
                ),
            }
        }
        for (i, name) in names.iter().enumerate() {
            if !mapping.iter().any(|(_, n)| *n == i) {
                mapping.push((name.clone(), i));
            }
        }
        Some(Discriminator::Property { name: property.to_owned(), mapping })
    }

    /// True when the schema `reference` names declares `property`, itself or through `allOf`.
    fn declares(&mut self, reference: &str, property: &str, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let Some((_, schema, _)) = self.schema_ref(reference, "") else { return false };
        self.schema_declares(schema, property, depth)
    }

    fn schema_declares(&mut self, schema: &'a Schema, property: &str, depth: usize) -> bool {
        let v = view(schema);
        if v.properties.iter().any(|(name, _)| *name == property) {
            return true;
        }
        v.all_of.iter().any(|part| match part {
            S::Ref(r) => self.declares(r, property, depth + 1),
            S::Inline(s) => self.schema_declares(s, property, depth + 1),
        })
    }
}
