//! The emitter's snapshot modules (`codegen/tests/golden/`), compiled as they are: a golden that
//! `codegen/tests/emit.rs` accepts but that does not build against this runtime fails here.
//! `dup_names` and `encoded_issues` are compiled and exercised by their own test files.

#![cfg(feature = "reqwest")]

// The goldens are compared byte for byte by `codegen/tests/emit.rs`: never reformat them.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/tc2_like.rs"]
mod tc2_like;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/edge_cases.rs"]
mod edge_cases;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/rest.rs"]
mod rest;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/two_services.rs"]
mod two_services;

use wsbind::xml::compare::assert_same_xml;
use wsbind::xml::{Name, Writer};

const NS: &str = "https://services.alarmnet.com/TC2/";

/// A required, nillable, recursive (boxed) field: `None` is sent as `xsi:nil`, not left out.
#[test]
fn required_nillable_boxed_field_is_sent_as_nil() {
    let value = edge_cases::BoxType::new(Default::default());
    let mut w = Writer::new();
    w.element(Name::qualified(NS, "Box"), &value).unwrap();
    let expected = format!(
        r#"<Box xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Some/><Again xsi:nil="true"/></Box>"#
    );
    assert_same_xml(&expected, &w.into_string());
}

/// Secret values stay out of decode errors: an `ArrayOfX` wrapper's items and a choice alternative.
#[test]
fn secret_arrays_and_choice_alternatives_keep_values_out_of_errors() {
    use wsbind::xml::{Decode, Reader};
    fn decode<T: Decode>(xml: &str) -> wsbind::DecodeError {
        let mut r = Reader::new(xml.as_bytes());
        let start = r.root().unwrap();
        let Err(err) = T::decode(&mut r, &start) else { panic!("{xml} decoded") };
        err
    }
    let vault = decode::<edge_cases::Vault>(&format!(r#"<Vault xmlns="{NS}"><Pins><Pin>12x34</Pin></Pins></Vault>"#));
    let holder = decode::<edge_cases::Holder>(&format!(r#"<Holder xmlns="{NS}"><Pin>56y78</Pin></Holder>"#));
    for (err, value, path) in [(vault, "12x34", "/Vault/Pins/Pin"), (holder, "56y78", "/Holder/Pin")] {
        assert!(matches!(&err.kind, wsbind::DecodeErrorKind::Invalid { value: None, .. }), "{err:?}");
        assert_eq!(err.path, path);
        assert!(!err.to_string().contains(value), "{err}");
    }
}
