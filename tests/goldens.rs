//! The emitter's service goldens (`codegen/tests/golden/`, emitted from the fixtures of
//! `codegen/tests/fixtures/emit/` by `codegen/tests/emit_features.rs`, `rest.rs` from `rest.yaml`),
//! compiled as they are: a golden the emitter tests accept but that does not build against this
//! runtime fails here. The per-feature type goldens are exercised by
//! `tests/runtime_features.rs` and, for choices and type hierarchies, from outside this crate by
//! `downstream/tests/xsd_alternatives.rs`; `dup_names` and `encoded_issues` by their own test files.

#![cfg(feature = "reqwest")]

// The goldens are compared byte for byte by the emitter tests: never reformat them.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/bindings.rs"]
mod bindings;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/naming.rs"]
mod naming;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/rest.rs"]
mod rest;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/two_services.rs"]
mod two_services;

use wsbind::xml::compare::assert_same_xml;
use wsbind::xml::{Decode, Name, Reader, Writer};

/// Renamed fields keep their wire names; the setter of a field named `new` is `with_new`. (A wire
/// name that starts with a digit, `_3d_secure` in Rust, is JSON's only: XML names cannot; the
/// generator refuses such a schema.)
#[test]
fn renamed_fields_keep_their_wire_names() {
    const NS: &str = "urn:wsbind:naming";
    let client = naming::Client2::new("element").with_new("fresh").r#type("t").self_("me").name_2("attr");
    let mut w = Writer::new();
    w.element(Name::qualified(NS, "new"), &client).unwrap();
    let xml = w.into_string();
    assert_same_xml(
        &format!(
            r#"<new xmlns="{NS}" name="attr"><type>t</type><self>me</self><new>fresh</new><Name>element</Name></new>"#
        ),
        &xml,
    );
    let mut r = Reader::new(xml.as_bytes());
    let start = r.root().unwrap();
    assert_eq!(naming::Client2::decode(&mut r, &start).unwrap(), client);
}

/// Prelude names are renamed (`OptionType`, `BoxType`, `DefaultType`, `IteratorType`) and the
/// module still compiles and builds values with them.
#[test]
fn prelude_named_types_are_usable() {
    let boxed = naming::BoxType::new(naming::Some::default().vec([naming::DefaultType::A]))
        .option(naming::OptionType::default().value(naming::IteratorType(vec![1, 2])));
    assert_eq!(boxed.option.as_ref().and_then(|o| o.value.as_ref()).map(|v| v.0.len()), Some(2));
    let _ = (bindings::Client::new("http://localhost/"), two_services::AlphaClient::new("http://localhost/"));
}
