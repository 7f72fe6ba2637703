//! JSON sum types: the enums generated for OpenAPI `oneOf` / `anyOf`.
//!
//! A generated sum is a `#[non_exhaustive]` enum with one variant per alternative schema and a
//! last `Unknown(JsonValue)` that keeps, as received, a value no alternative accepts. It
//! implements [`JsonSum`] (a static description, [`Sum`], and how to decode each alternative);
//! its serde impls call [`serialize`] and [`deserialize`], so the rules below live here, once.
//!
//! **Tagged** (a `discriminator`, [`Sum::tag`]): the value is a JSON object whose property
//! `tag` names the alternative, by one of its [`Case::tags`] (the `mapping` keys, or the schema
//! name). The alternative's object keeps the property (it is one of its fields), so a decoded
//! value encodes back with its tag exactly once. When encoding, the tag is written as the
//! alternative's first tag if the value's own is missing or is not one of the alternative's
//! (a struct built with an empty or wrong tag still goes out right). A value whose tag no
//! alternative has, or that has no tag (not an object, no such property, not a string), is
//! `Unknown`; a value whose tag names an alternative but that does not decode as it is an error
//! naming the alternative, the property path inside it and the cause.
//!
//! **Untagged** (no discriminator): the alternatives are tried in their declared order, twice.
//! An object alternative is only tried on an object that has each of its required properties
//! ([`Case::required`]). First *exactly*: an object alternative ([`Case::properties`] is `Some`)
//! is only tried on an object whose every property it declares; other alternatives (scalars,
//! arrays, maps, objects with `additionalProperties`) are tried as they are. Then *leniently*:
//! the first object alternative that decodes at all, unknown properties ignored (a server that
//! added a property to an object still decodes into its alternative). A value no alternative decodes is `Unknown`, never an
//! error: a new alternative on the server never fails an old client. `anyOf` is read the same
//! way: the value becomes the first alternative that accepts it.
//!
//! `Unknown` encodes its raw JSON unchanged; the other variants encode their value.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value as JsonValue;

use crate::redact::is_secret_name;

/// The error of decoding one alternative (`serde_json`'s).
pub type CaseError = serde_json::Error;

/// One alternative of a sum, in declared order.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The variant's name, for error messages.
    pub name: &'static str,
    /// Tagged sums: the discriminator values that choose this alternative, the one written when
    /// encoding first. Empty in untagged sums.
    pub tags: &'static [&'static str],
    /// The properties of an object alternative without `additionalProperties`, for the exact
    /// pass of untagged decoding; `None` for the other alternatives.
    pub properties: Option<&'static [&'static str]>,
    /// The required properties of an object alternative: an object without one of them is not
    /// this alternative (even where the field decodes without it, as a required array does).
    pub required: &'static [&'static str],
}

/// The static description of a generated sum.
#[derive(Debug, Clone, Copy)]
pub struct Sum {
    /// The enum's name, for error messages.
    pub name: &'static str,
    /// The discriminator property of a tagged sum; `None` for an untagged one.
    pub tag: Option<&'static str>,
    pub cases: &'static [Case],
}

/// A generated JSON sum type (see the module documentation).
pub trait JsonSum: Sized {
    /// Its alternatives and discriminator.
    const SUM: Sum;
    /// The value of `d` decoded as alternative `case` (an index into [`Sum::cases`]).
    fn decode_case<'de, D: Deserializer<'de>>(case: usize, d: D) -> Result<Self, D::Error>;
    /// The unknown case, keeping `value`.
    fn unknown(value: JsonValue) -> Self;
}

/// Decodes a sum from any serde deserializer (the generated `Deserialize` impl).
pub fn deserialize<'de, T: JsonSum, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let value = JsonValue::deserialize(d)?;
    decode(value).map_err(D::Error::custom)
}

/// Decodes a sum from a JSON value, by the rules of the module documentation; `Err` only for a
/// tagged value whose alternative does not accept it (the message names the tag, the
/// alternative, the path inside it and the cause).
pub fn decode<T: JsonSum>(value: JsonValue) -> Result<T, String> {
    let sum = T::SUM;
    match sum.tag {
        Some(tag) => decode_tagged(&sum, tag, value),
        None => Ok(decode_untagged(&sum, value)),
    }
}

fn decode_tagged<T: JsonSum>(sum: &Sum, tag: &str, value: JsonValue) -> Result<T, String> {
    let Some(found) = value.get(tag).and_then(JsonValue::as_str) else {
        return Ok(T::unknown(value));
    };
    let Some(case) = sum.cases.iter().position(|c| c.tags.contains(&found)) else {
        return Ok(T::unknown(value));
    };
    let mut track = serde_path_to_error::Track::new();
    let result = T::decode_case(case, serde_path_to_error::Deserializer::new(&value, &mut track));
    result.map_err(|e| {
        let (path, last_key) = super::pointer(&track.path());
        let name = sum.cases[case].name;
        let cause =
            if last_key.is_some_and(|k| is_secret_name(&k)) { super::secret_json_cause(&e) } else { e.to_string() };
        let at = if path == "/" { String::new() } else { format!(" at `{path}`") };
        format!("`{tag}` is {found:?} but the value is not a valid `{name}`{at}: {cause}")
    })
}

fn decode_untagged<T: JsonSum>(sum: &Sum, value: JsonValue) -> T {
    let object = value.as_object();
    let has_required = |case: &Case| object.is_none_or(|o| case.required.iter().all(|r| o.contains_key(*r)));
    // Exact pass: an object alternative only where it declares every property of the object.
    for (n, case) in sum.cases.iter().enumerate() {
        if !has_required(case) {
            continue;
        }
        if let (Some(object), Some(declared)) = (object, case.properties)
            && !object.keys().all(|k| declared.contains(&k.as_str()))
        {
            continue;
        }
        if let Ok(v) = T::decode_case(n, &value) {
            return v;
        }
    }
    // Lenient pass: the first alternative that decodes, unknown properties ignored.
    for (n, case) in sum.cases.iter().enumerate() {
        if case.properties.is_some()
            && object.is_some()
            && has_required(case)
            && let Ok(v) = T::decode_case(n, &value)
        {
            return v;
        }
    }
    T::unknown(value)
}

/// Encodes alternative `case` of sum `T` holding `value` (the generated `Serialize` impl; the
/// unknown case serializes its raw JSON itself). A tagged sum's tag is written as the module
/// documentation says.
pub fn serialize<T: JsonSum, V: Serialize + ?Sized, S: Serializer>(
    case: usize,
    value: &V,
    s: S,
) -> Result<S::Ok, S::Error> {
    let sum = T::SUM;
    let first_tag = sum.cases.get(case).and_then(|c| c.tags.first().map(|t| (c, *t)));
    match (sum.tag, first_tag) {
        (Some(tag), Some((c, first))) => {
            let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
            if let JsonValue::Object(map) = &mut json {
                let kept = map.get(tag).and_then(JsonValue::as_str).is_some_and(|t| c.tags.contains(&t));
                if !kept {
                    map.insert(tag.to_owned(), JsonValue::String(first.to_owned()));
                }
            }
            json.serialize(s)
        }
        _ => value.serialize(s),
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Value, json};

    use super::{Case, JsonSum, Sum};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Cat {
        kind: String,
        name: String,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        lives: Option<u8>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Dog {
        kind: String,
        #[serde(rename = "barkVolume")]
        bark_volume: u32,
    }

    /// Written as the generator writes a tagged sum.
    #[derive(Debug, Clone, PartialEq)]
    enum Pet {
        Cat(Box<Cat>),
        Dog(Box<Dog>),
        Unknown(Value),
    }

    impl JsonSum for Pet {
        const SUM: Sum = Sum {
            name: "Pet",
            tag: Some("kind"),
            cases: &[
                Case { name: "Cat", tags: &["cat"], properties: Some(&["kind", "name", "lives"]), required: &[] },
                Case { name: "Dog", tags: &["dog", "puppy"], properties: Some(&["kind", "barkVolume"]), required: &[] },
            ],
        };
        fn decode_case<'de, D: Deserializer<'de>>(case: usize, d: D) -> Result<Self, D::Error> {
            Ok(match case {
                0 => Self::Cat(Deserialize::deserialize(d)?),
                1 => Self::Dog(Deserialize::deserialize(d)?),
                _ => Self::Unknown(Deserialize::deserialize(d)?),
            })
        }
        fn unknown(value: Value) -> Self {
            Self::Unknown(value)
        }
    }

    impl Serialize for Pet {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Self::Cat(v) => super::serialize::<Self, _, _>(0, v, s),
                Self::Dog(v) => super::serialize::<Self, _, _>(1, v, s),
                Self::Unknown(v) => v.serialize(s),
            }
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize(d)
        }
    }

    /// Written as the generator writes an untagged sum: two objects, a scalar, an array.
    #[derive(Debug, Clone, PartialEq)]
    enum Shape {
        Circle(Box<Circle>),
        Square(Box<Square>),
        Integer(i64),
        ArrayOfString(Vec<String>),
        Unknown(Value),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Circle {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radius: Option<f64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Square {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side: Option<f64>,
    }

    impl JsonSum for Shape {
        const SUM: Sum = Sum {
            name: "Shape",
            tag: None,
            cases: &[
                Case { name: "Circle", tags: &[], properties: Some(&["radius"]), required: &[] },
                Case { name: "Square", tags: &[], properties: Some(&["side"]), required: &["side"] },
                Case { name: "Integer", tags: &[], properties: None, required: &[] },
                Case { name: "ArrayOfString", tags: &[], properties: None, required: &[] },
            ],
        };
        fn decode_case<'de, D: Deserializer<'de>>(case: usize, d: D) -> Result<Self, D::Error> {
            Ok(match case {
                0 => Self::Circle(Deserialize::deserialize(d)?),
                1 => Self::Square(Deserialize::deserialize(d)?),
                2 => Self::Integer(Deserialize::deserialize(d)?),
                3 => Self::ArrayOfString(Deserialize::deserialize(d)?),
                _ => Self::Unknown(Deserialize::deserialize(d)?),
            })
        }
        fn unknown(value: Value) -> Self {
            Self::Unknown(value)
        }
    }

    impl Serialize for Shape {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Self::Circle(v) => super::serialize::<Self, _, _>(0, v, s),
                Self::Square(v) => super::serialize::<Self, _, _>(1, v, s),
                Self::Integer(v) => super::serialize::<Self, _, _>(2, v, s),
                Self::ArrayOfString(v) => super::serialize::<Self, _, _>(3, v, s),
                Self::Unknown(v) => v.serialize(s),
            }
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize(d)
        }
    }

    fn pet(v: Value) -> Pet {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn tagged_values_decode_by_their_tag_and_encode_it_once() {
        let cat = json!({ "kind": "cat", "name": "Tom", "lives": 9 });
        let decoded = pet(cat.clone());
        assert_eq!(decoded, Pet::Cat(Box::new(Cat { kind: "cat".into(), name: "Tom".into(), lives: Some(9) })));
        assert_eq!(serde_json::to_value(&decoded).unwrap(), cat);
        // A second tag of the same alternative is kept as it came.
        let puppy = json!({ "kind": "puppy", "barkVolume": 3 });
        assert!(matches!(pet(puppy.clone()), Pet::Dog(_)));
        assert_eq!(serde_json::to_value(pet(puppy.clone())).unwrap(), puppy);
    }

    #[test]
    fn encoding_writes_the_alternatives_tag_when_the_value_has_another() {
        let wrong = Pet::Dog(Box::new(Dog { kind: String::new(), bark_volume: 7 }));
        assert_eq!(serde_json::to_value(&wrong).unwrap(), json!({ "kind": "dog", "barkVolume": 7 }));
        let other = Pet::Dog(Box::new(Dog { kind: "cat".into(), bark_volume: 7 }));
        // The tag is written once (the key order depends on serde_json's `preserve_order`).
        let text = serde_json::to_string(&other).unwrap();
        assert_eq!(text.matches("\"kind\"").count(), 1, "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, json!({ "barkVolume": 7, "kind": "dog" }));
    }

    #[test]
    fn an_unknown_or_missing_tag_is_kept_and_sent_back_unchanged() {
        for raw in [
            json!({ "kind": "parrot", "words": ["hello", 1] }),
            json!({ "name": "no tag" }),
            json!({ "kind": 5 }),
            json!("a string"),
            json!(null),
        ] {
            let decoded = pet(raw.clone());
            assert_eq!(decoded, Pet::Unknown(raw.clone()));
            assert_eq!(serde_json::to_value(&decoded).unwrap(), raw);
        }
    }

    #[test]
    fn a_known_tag_with_a_bad_body_is_an_error_naming_the_alternative_and_the_path() {
        let err = serde_json::from_value::<Pet>(json!({ "kind": "dog", "barkVolume": "loud" })).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`kind` is \"dog\" but the value is not a valid `Dog` at `/barkVolume`: invalid type: string \"loud\", \
             expected u32"
        );
        let err = serde_json::from_value::<Pet>(json!({ "kind": "cat" })).unwrap_err();
        assert_eq!(err.to_string(), "`kind` is \"cat\" but the value is not a valid `Cat`: missing field `name`");
        // Inside a list, the outer path is the caller's (serde_path_to_error around the reply).
        let mut de = serde_json::Deserializer::from_str(r#"[{"kind":"dog","barkVolume":1},{"kind":"dog"}]"#);
        let err = serde_path_to_error::deserialize::<_, Vec<Pet>>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "[1]");
    }

    #[test]
    fn secret_values_stay_out_of_alternative_errors() {
        #[derive(Debug, Deserialize)]
        struct Login {
            #[allow(dead_code)]
            password: u32,
        }
        #[derive(Debug)]
        enum Auth {
            #[allow(dead_code)]
            Login(Login),
            #[allow(dead_code)]
            Unknown(Value),
        }
        impl JsonSum for Auth {
            const SUM: Sum = Sum {
                name: "Auth",
                tag: Some("mode"),
                cases: &[Case { name: "Login", tags: &["login"], properties: None, required: &[] }],
            };
            fn decode_case<'de, D: Deserializer<'de>>(case: usize, d: D) -> Result<Self, D::Error> {
                Ok(match case {
                    0 => Self::Login(Deserialize::deserialize(d)?),
                    _ => Self::Unknown(Deserialize::deserialize(d)?),
                })
            }
            fn unknown(value: Value) -> Self {
                Self::Unknown(value)
            }
        }
        let err = super::decode::<Auth>(json!({ "mode": "login", "password": "hunter22" })).unwrap_err();
        assert!(!err.contains("hunter22"), "{err}");
        assert!(err.contains("at `/password`: invalid type: (value redacted), expected u32"), "{err}");
    }

    fn shape(v: Value) -> Shape {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn untagged_values_take_the_first_alternative_declaring_all_their_properties() {
        // `Circle` accepts any object (its property is optional), but `Square` declares `side`.
        assert_eq!(shape(json!({ "side": 2.0 })), Shape::Square(Box::new(Square { side: Some(2.0) })));
        assert_eq!(shape(json!({ "radius": 1.5 })), Shape::Circle(Box::new(Circle { radius: Some(1.5) })));
        assert_eq!(shape(json!({})), Shape::Circle(Box::new(Circle { radius: None })), "declared order");
        assert_eq!(shape(json!(3)), Shape::Integer(3));
        assert_eq!(shape(json!(["a", "b"])), Shape::ArrayOfString(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn untagged_objects_with_new_properties_still_decode_leniently_in_order() {
        assert_eq!(
            shape(json!({ "side": 2.0, "colour": "red" })),
            Shape::Circle(Box::new(Circle { radius: None })),
            "no alternative declares `colour`: the first that decodes"
        );
        // `Square` decodes without `side`, but requires it: not a square.
        assert_eq!(shape(json!({ "radius": "big", "x": 1 })), Shape::Unknown(json!({ "radius": "big", "x": 1 })));
    }

    #[test]
    fn untagged_values_no_alternative_accepts_are_kept_and_sent_back_unchanged() {
        for raw in [json!("text"), json!(2.5), json!([1, 2]), json!(true), json!(null)] {
            let decoded = shape(raw.clone());
            assert_eq!(decoded, Shape::Unknown(raw.clone()), "{raw}");
            assert_eq!(serde_json::to_value(&decoded).unwrap(), raw);
        }
        assert_eq!(serde_json::to_value(Shape::Integer(4)).unwrap(), json!(4));
        assert_eq!(serde_json::to_value(Shape::Square(Box::new(Square { side: None }))).unwrap(), json!({}));
    }
}
