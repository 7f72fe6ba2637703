//! Synthetic values and round-trip checks for generated types (feature `samples`, which the
//! `mock` feature turns on: a mock's canned replies are these values).
//!
//! Generated types get their [`Sample`] impl from their derives (`Constructors` for records,
//! `Xml` for enumerations, lists and choices; JSON sums from the emitter), inside
//! `wsbind::__samples!`, so that it exists only with this feature.
//!
//! The emitter's `samples` option (used by `cargo xtask corpus`) writes, at the end of a
//! generated module, a `#[cfg(test)] mod samples` with one test that runs [`check`] on every
//! type. This module holds what those share: the [`Sample`] impls of the runtime's value types
//! and of `Option` / `Vec` / `Box` / maps, the depth bound, and the check itself (encode under a
//! dummy element name with [`Writer`], decode with [`Reader`](crate::xml::Reader), compare).
//!
//! Values are chosen to exercise the wire format: strings need escaping (`text<&>`), dates carry
//! an offset, decimals a fraction, bytes are not ASCII.

use std::fmt::Debug;

use crate::types::{Base64, Date, DateTime, Decimal, Hex, SwaRef, Time};
use crate::xml::{Decode, Encode, Name, OtherAttribute, OtherAttributes, RawXml, Text, Writer, compare};

/// Optional and repeated fields are filled at depths up to this one (the type under test is at
/// depth 0, its fields at 1), and left empty below, which bounds recursion.
pub const MAX_DEPTH: u32 = 2;

/// A synthetic value of a type: every field filled down to [`MAX_DEPTH`].
pub trait Sample: Sized {
    /// A value for a position at `depth` (0 = the value under test).
    fn sample(depth: u32) -> Self;
}

/// A value parsed from a literal lexical form known to be valid.
fn lexical<T: Text + Default>(text: &str) -> T {
    T::from_text(text).unwrap_or_default()
}

impl Sample for String {
    fn sample(_: u32) -> Self {
        "text<&>".to_owned()
    }
}

impl Sample for bool {
    fn sample(_: u32) -> Self {
        true
    }
}

macro_rules! integer_samples {
    ($($t:ty),*) => { $(impl Sample for $t { fn sample(_: u32) -> Self { 42 } })* };
}
integer_samples!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Sample for f32 {
    fn sample(_: u32) -> Self {
        1.5
    }
}

impl Sample for f64 {
    fn sample(_: u32) -> Self {
        -2.25
    }
}

impl Sample for Decimal {
    fn sample(_: u32) -> Self {
        lexical("1234.5678")
    }
}

impl Sample for DateTime {
    fn sample(_: u32) -> Self {
        let fallback = DateTime::new(chrono::NaiveDateTime::default(), None);
        DateTime::from_text("2024-02-29T13:45:30.25+05:30").unwrap_or(fallback)
    }
}

impl Sample for Date {
    fn sample(_: u32) -> Self {
        Date::from_text("2024-02-29").unwrap_or_else(|_| Date::new(chrono::NaiveDate::default()))
    }
}

impl Sample for Time {
    fn sample(_: u32) -> Self {
        Time::from_text("13:45:30").unwrap_or_else(|_| Time::new(chrono::NaiveTime::default()))
    }
}

impl Sample for Base64 {
    fn sample(_: u32) -> Self {
        Base64(vec![0, 1, 0xfe, 0xff, b'<'])
    }
}

impl Sample for Hex {
    fn sample(_: u32) -> Self {
        Hex(vec![0, 0xab, 0xff])
    }
}

impl Sample for SwaRef {
    /// A reference whose Content-ID needs percent-encoding; no data (a plain XML message has no
    /// parts, so a decoded value has none either).
    fn sample(_: u32) -> Self {
        SwaRef::new("part 1@wsbind.example")
    }
}

impl Sample for RawXml {
    fn sample(_: u32) -> Self {
        let xml = "<sample xmlns=\"urn:wsbind:sample\">text&lt;&amp;&gt;<b>x</b></sample>";
        match RawXml::parse(xml) {
            Ok(raw) => raw,
            Err(_) => RawXml::from_parts(xml.to_owned(), 0..0),
        }
    }
}

impl Sample for OtherAttributes {
    fn sample(_: u32) -> Self {
        OtherAttributes(vec![OtherAttribute {
            ns: Some("urn:wsbind:sample".to_owned()),
            local: "extra".to_owned(),
            value: "text<&>".to_owned(),
        }])
    }
}

impl<T: Sample> Sample for Option<T> {
    fn sample(depth: u32) -> Self {
        (depth <= MAX_DEPTH).then(|| T::sample(depth))
    }
}

impl<T: Sample> Sample for Vec<T> {
    fn sample(depth: u32) -> Self {
        if depth <= MAX_DEPTH { vec![T::sample(depth), T::sample(depth)] } else { Vec::new() }
    }
}

impl<T: Sample> Sample for Box<T> {
    fn sample(depth: u32) -> Self {
        Box::new(T::sample(depth))
    }
}

/// A map (JSON `additionalProperties`): one entry down to [`MAX_DEPTH`].
impl<T: Sample> Sample for std::collections::BTreeMap<String, T> {
    fn sample(depth: u32) -> Self {
        let mut map = std::collections::BTreeMap::new();
        if depth <= MAX_DEPTH {
            map.insert("key<&>".to_owned(), T::sample(depth));
        }
        map
    }
}

/// A raw JSON value: a small object.
impl Sample for crate::rest::JsonValue {
    fn sample(_: u32) -> Self {
        serde_json::json!({ "text": "text<&>", "number": 42 })
    }
}

/// Bytes that are not ASCII, as [`Base64`]'s.
impl Sample for crate::rest::Binary {
    fn sample(_: u32) -> Self {
        crate::rest::Binary::new(vec![0u8, 1, 0xfe, 0xff])
    }
}

/// Round-trip results of one generated module.
#[derive(Debug, Default)]
pub struct Report {
    /// Types checked.
    pub total: usize,
    /// Types whose value came back.
    pub passed: usize,
    /// Of those, the types compared as XML (they hold raw XML) rather than as values.
    pub passed_as_xml: usize,
    /// `(type, reason)` of each failure.
    pub failures: Vec<(String, String)>,
}

impl Report {
    /// Prints the summary lines `cargo xtask corpus` reads (`wsbind-samples: <module>
    /// <passed>/<total> xml=<passed as XML>` and one `wsbind-sample-failure: <module> <type>:
    /// <reason>` per failure).
    pub fn print(&self, module: &str) {
        println!("wsbind-samples: {module} {}/{} xml={}", self.passed, self.total, self.passed_as_xml);
        for (ty, reason) in &self.failures {
            let reason = reason.replace('\n', " ");
            println!("wsbind-sample-failure: {module} {ty}: {reason}");
        }
    }
}

/// The dummy element a sample is written under.
const ELEMENT: Name<'static> = Name::qualified("urn:wsbind:sample", "Sample");

/// Encodes `value` as a document whose root is the dummy element.
pub fn encode<T: Encode>(value: &T) -> Result<String, String> {
    let mut w = Writer::new();
    w.element(ELEMENT, value).map_err(|e| format!("encode: {e}"))?;
    Ok(w.into_string())
}

/// Decodes a document written by [`encode`].
pub fn decode<T: Decode>(xml: &str) -> Result<T, String> {
    crate::xml::decode_document(xml.as_bytes(), ELEMENT, false).map_err(|e| format!("decode: {e}"))
}

/// Encodes the sample of `T`, decodes it and compares. `exact` asks for equal values. Types
/// holding raw XML (`xs:any`, `anyType`, whose decoded copy carries the namespace declarations
/// that were in scope) are compared as XML after encoding the decoded value again; and once the
/// raw XML has settled (its copied declarations come first after one more round trip), further
/// round trips must give back equal values.
pub fn round_trip<T: Sample + Encode + Decode + PartialEq + Debug>(exact: bool) -> Result<(), String> {
    let value = T::sample(0);
    let xml = encode(&value)?;
    let back: T = decode(&xml).map_err(|e| format!("{e} in {}", excerpt(&xml)))?;
    if exact {
        if back == value {
            return Ok(());
        }
        return Err(format!("decoded value differs: {} in {}", first_difference(&value, &back), excerpt(&xml)));
    }
    let again = encode(&back)?;
    let (a, b) = (compare::normalize(&xml)?, compare::normalize(&again)?);
    if a != b {
        return Err(format!("re-encoded XML differs: {} vs {}", excerpt(&again), excerpt(&xml)));
    }
    let settled: T = decode(&again).map_err(|e| format!("second {e} in {}", excerpt(&again)))?;
    let xml = encode(&settled)?;
    let last: T = decode(&xml).map_err(|e| format!("third {e} in {}", excerpt(&xml)))?;
    if last == settled {
        return Ok(());
    }
    Err(format!("third round trip differs: {} in {}", first_difference(&settled, &last), excerpt(&xml)))
}

/// Runs [`round_trip`] for `T` and records the result under `name`.
pub fn check<T: Sample + Encode + Decode + PartialEq + Debug>(report: &mut Report, name: &str, exact: bool) {
    report.total += 1;
    match round_trip::<T>(exact) {
        Ok(()) => {
            report.passed += 1;
            report.passed_as_xml += usize::from(!exact);
        }
        Err(reason) => report.failures.push((name.to_owned(), reason)),
    }
}

/// Results of decoding a description's reply examples (the `examples` test the emitter writes
/// for a REST-only module). The test only prints them; `cargo xtask corpus` reads the lines and
/// fails on any failure it does not expect.
#[derive(Debug, Default)]
pub struct Examples {
    /// Examples checked.
    pub total: usize,
    /// Examples that decoded, and whose value came back from its own JSON.
    pub passed: usize,
    /// Of those, the examples with properties their type does not declare (dropped on decoding),
    /// each with the first such property's path.
    pub dropped: Vec<(String, String)>,
    /// `(example, reason)` of each failure.
    pub failures: Vec<(String, String)>,
}

impl Examples {
    /// Decodes the example `json` (labelled `label`) into `T`, encodes and decodes it again, and
    /// records the result (see [`json_round_trip`]).
    pub fn check<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + Debug>(
        &mut self,
        label: &str,
        json: &str,
    ) {
        self.total += 1;
        match json_round_trip::<T>(json) {
            Ok(None) => self.passed += 1,
            Ok(Some(path)) => {
                self.passed += 1;
                self.dropped.push((label.to_owned(), path));
            }
            Err(reason) => self.failures.push((label.to_owned(), reason)),
        }
    }

    /// Prints the lines `cargo xtask corpus` reads: `wsbind-examples: <module> <passed>/<total>
    /// dropped=<n>`, then `wsbind-example-failure: <module> <example>: <reason>` per failure and
    /// `wsbind-example-dropped: <module> <example>: <path>` per example with undeclared
    /// properties.
    pub fn print(&self, module: &str) {
        println!("wsbind-examples: {module} {}/{} dropped={}", self.passed, self.total, self.dropped.len());
        for (label, reason) in &self.failures {
            println!("wsbind-example-failure: {module} {label}: {}", reason.replace('\n', " "));
        }
        for (label, path) in &self.dropped {
            println!("wsbind-example-dropped: {module} {label}: {path}");
        }
    }
}

/// Decodes `json` into `T` (a failure names the property path), encodes the value as JSON and
/// decodes that again, which must give an equal value. `Ok(Some(path))`: it came back, but the
/// example has properties `T` does not declare (the first one's JSON pointer), which decoding
/// dropped.
pub fn json_round_trip<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + Debug>(
    json: &str,
) -> Result<Option<String>, String> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| format!("does not decode at `{}`: {} in {}", e.path(), e.inner(), excerpt(json)))?;
    let encoded = serde_json::to_value(&value).map_err(|e| format!("does not encode: {e}"))?;
    let again: T = serde_json::from_value(encoded.clone())
        .map_err(|e| format!("its encoding does not decode: {e} in {}", excerpt(&encoded.to_string())))?;
    if again != value {
        return Err(format!("decoded again, it differs: {}", first_difference(&value, &again)));
    }
    let original: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    Ok(first_dropped(&original, &encoded, &mut String::new()))
}

/// The JSON pointer of the first non-null member of `original` that `encoded` lacks.
fn first_dropped(original: &serde_json::Value, encoded: &serde_json::Value, at: &mut String) -> Option<String> {
    use serde_json::Value;
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => a.iter().filter(|(_, v)| !v.is_null()).find_map(|(k, v)| {
            let len = at.len();
            at.push('/');
            at.push_str(&k.replace('~', "~0").replace('/', "~1"));
            let found = match b.get(k) {
                None => Some(at.clone()),
                Some(w) => first_dropped(v, w, at),
            };
            at.truncate(len);
            found
        }),
        (Value::Array(a), Value::Array(b)) => a.iter().zip(b).enumerate().find_map(|(i, (v, w))| {
            let len = at.len();
            at.push_str(&format!("/{i}"));
            let found = first_dropped(v, w, at);
            at.truncate(len);
            found
        }),
        _ => None,
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 400;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Where the `Debug` forms of two values first part.
fn first_difference<T: Debug>(a: &T, b: &T) -> String {
    let (a, b) = (format!("{a:?}"), format!("{b:?}"));
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(60);
    let clip = |s: &str| {
        let mut start = from.min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + 60).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s[start..end].to_owned()
    };
    format!("sent …{}… got …{}…", clip(&a), clip(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_round_trip() {
        assert_eq!(round_trip::<String>(true), Ok(()));
        assert_eq!(round_trip::<DateTime>(true), Ok(()));
        assert_eq!(round_trip::<Decimal>(true), Ok(()));
        assert_eq!(round_trip::<Base64>(true), Ok(()));
        assert_eq!(round_trip::<f64>(true), Ok(()));
        assert_eq!(round_trip::<RawXml>(false), Ok(()));
    }

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Pet {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        age: Option<u32>,
    }

    #[test]
    fn json_examples_decode_and_come_back_or_say_why() {
        assert_eq!(json_round_trip::<Pet>(r#"{"name":"Rex","age":3}"#), Ok(None));
        assert_eq!(json_round_trip::<Pet>(r#"{"name":"Rex","age":null}"#), Ok(None), "null is not dropped data");
        assert_eq!(json_round_trip::<Vec<Pet>>(r#"[{"name":"Rex","tag":{"a":1}}]"#), Ok(Some("/0/tag".to_owned())));
        let err = json_round_trip::<Vec<Pet>>(r#"[{"name":"Rex"},{"name":"Tom","age":"old"}]"#).unwrap_err();
        assert!(err.starts_with("does not decode at `[1].age`: invalid type: string \"old\""), "{err}");
        let mut report = Examples::default();
        report.check::<Pet>("getPet 200 example", r#"{"name":"Rex","x":1}"#);
        report.check::<Pet>("getPet 200 other", r#"{"age":1}"#);
        assert_eq!((report.total, report.passed), (2, 1));
        assert_eq!(report.dropped, vec![("getPet 200 example".to_owned(), "/x".to_owned())]);
        assert_eq!(report.failures[0].0, "getPet 200 other");
    }

    #[test]
    fn samples_are_bounded() {
        assert_eq!(Vec::<u8>::sample(1).len(), 2);
        assert!(Vec::<u8>::sample(MAX_DEPTH + 1).is_empty());
        assert!(Option::<u8>::sample(MAX_DEPTH + 1).is_none());
        assert_eq!(DateTime::sample(0).to_text(), "2024-02-29T13:45:30.250+05:30");
    }
}
