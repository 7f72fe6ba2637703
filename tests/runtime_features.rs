//! The per-feature goldens of `codegen/tests/emit_features.rs` (each emitted from a small
//! description file under `codegen/tests/fixtures/emit/`), compiled as they are and exercised:
//! exact XML decoded into values and values encoded back to exact XML, and the decode errors.

// The goldens are compared byte for byte by `codegen/tests/emit_features.rs`: never reformat them.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/attributes.rs"]
mod attributes;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/arrays.rs"]
mod arrays;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/secrets.rs"]
mod secrets;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/enums.rs"]
mod enums;

#[path = "xml_support/mod.rs"]
mod xml_support;

use wsbind::DecodeErrorKind;
use wsbind::xml::compare::assert_same_xml;
use xml_support::{XSI, decode, decode_with, encode, round_trip};

mod attributes_tests {
    use super::*;
    use attributes::Tagged;

    const NS: &str = "urn:wsbind:attributes";

    #[test]
    fn attributes_text_any_and_any_attribute_round_trip() {
        let xml = r#"<t:Tagged xmlns:t="urn:wsbind:attributes" xmlns:o="urn:other" id="7" t:lang="en" o:extra="x"><t:Price currency="EUR">12.5</t:Price><t:Note>hi</t:Note><o:Ext a="1"><o:In>text</o:In></o:Ext></t:Tagged>"#;
        let tagged: Tagged = round_trip(NS, "Tagged", xml);
        assert_eq!(tagged.id, 7);
        assert_eq!(tagged.lang.as_deref(), Some("en"));
        assert_eq!(tagged.price.currency, "EUR");
        assert_eq!(tagged.price.value.to_string(), "12.5");
        assert_eq!(tagged.note.as_deref(), Some("hi"));
        assert_eq!(tagged.any.len(), 1);
        assert_same_xml(r#"<o:Ext xmlns:o="urn:other" a="1"><o:In>text</o:In></o:Ext>"#, tagged.any[0].as_str());
        assert_eq!(tagged.any_attribute.get(Some("urn:other"), "extra"), Some("x"));
        assert_eq!(tagged.any_attribute.iter().count(), 1, "declared attributes are not kept twice");
    }

    #[test]
    fn built_values_encode_to_exact_xml() {
        let price = attributes::Money::new("1.25".parse().unwrap(), "USD");
        let mut tagged = Tagged::new(price, 3).lang("fr");
        tagged.any_attribute.set(Some("urn:other"), "extra", "y");
        assert_same_xml(
            r#"<Tagged xmlns="urn:wsbind:attributes" xmlns:t="urn:wsbind:attributes" xmlns:o="urn:other" id="3" t:lang="fr" o:extra="y"><Price currency="USD">1.25</Price></Tagged>"#,
            &encode(NS, "Tagged", &tagged),
        );
    }

    #[test]
    fn a_missing_required_attribute_is_reported() {
        let xml = r#"<Tagged xmlns="urn:wsbind:attributes"><Price currency="EUR">1</Price></Tagged>"#;
        let err = decode::<Tagged>(xml).unwrap_err();
        assert_eq!(err.path, "/Tagged/id");
    }
}

mod arrays_tests {
    use super::*;
    use arrays::Inventory;

    const NS: &str = "urn:wsbind:arrays";

    const FULL: &str = r#"<Inventory xmlns="urn:wsbind:arrays" xmlns:i="urn:wsbind:items"><Codes><Code>1</Code><Code>2</Code></Codes><Names><i:string>a</i:string><i:string>b</i:string></Names><Plain><item xmlns="">p</item></Plain><comment xmlns="">c</comment><Sizes>4 5 6</Sizes><LastSync>2024-03-01T10:15:00Z</LastSync></Inventory>"#;

    #[test]
    fn wrappers_no_namespace_elements_and_lists_round_trip() {
        let inv: Inventory = round_trip(NS, "Inventory", FULL);
        assert_eq!(inv.codes, [1, 2]);
        assert_eq!(inv.names, ["a", "b"]);
        assert_eq!(inv.plain, ["p"]);
        assert_eq!(inv.comment.as_deref(), Some("c"));
        assert_eq!(inv.sizes.0, [4, 5, 6]);
        assert!(inv.last_sync.is_some());
    }

    #[test]
    fn elements_in_the_wrong_namespace_are_not_taken() {
        // `Names` items are in `urn:wsbind:items`: the wrapper's namespace is not theirs.
        let xml = FULL.replace("<i:string>a</i:string><i:string>b</i:string>", "<string>a</string>");
        assert_eq!(decode::<Inventory>(&xml).unwrap().names, Vec::<String>::new(), "not an item: skipped");
        // `comment` is in no namespace inside a qualified type.
        let xml = FULL.replace(r#"<comment xmlns="">c</comment>"#, "<comment>c</comment>");
        assert_eq!(decode::<Inventory>(&xml).unwrap().comment, None, "a qualified `comment` is not the field");
    }

    #[test]
    fn namespace_tolerant_decoding_takes_the_local_name() {
        let xml = r#"<Inventory xmlns="urn:wsbind:arrays"><comment>c</comment><x:Sizes xmlns:x="urn:elsewhere">1</x:Sizes><LastSync xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></Inventory>"#;
        assert!(decode::<Inventory>(xml).is_err(), "strict by default");
        let inv: Inventory = decode_with(xml, true).unwrap();
        assert_eq!(inv.comment.as_deref(), Some("c"));
        assert_eq!(inv.sizes.0, [1]);
    }

    #[test]
    fn a_required_nillable_element_is_sent_as_nil() {
        let inv = Inventory::new(arrays::Codes(vec![7]));
        let xml = encode(NS, "Inventory", &inv);
        assert_same_xml(
            &format!(
                r#"<Inventory xmlns="{NS}" xmlns:xsi="{XSI}"><Sizes>7</Sizes><LastSync xsi:nil="true"/></Inventory>"#
            ),
            &xml,
        );
        assert_eq!(decode::<Inventory>(&xml).unwrap(), inv);
    }

    #[test]
    fn a_missing_required_element_is_reported_with_its_path() {
        let xml = r#"<Inventory xmlns="urn:wsbind:arrays"><LastSync xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></Inventory>"#;
        let err = decode::<Inventory>(xml).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "Sizes"), "{err}");
        assert_eq!(err.path, "/Inventory/Sizes");
        // A required nillable element left out is taken as nil (lenient: `Option` cannot tell).
        let xml = r#"<Inventory xmlns="urn:wsbind:arrays"><Sizes>1</Sizes></Inventory>"#;
        assert_eq!(decode::<Inventory>(xml).unwrap().last_sync, None);
    }
}

mod secrets_tests {
    use super::*;
    use secrets::{Login, Unlock};

    #[test]
    fn secret_values_stay_out_of_decode_errors() {
        let login = r#"<Login xmlns="urn:wsbind:secrets"><UserName>u</UserName><Password>p</Password><Pins><Pin>12x34</Pin></Pins></Login>"#;
        let unlock = r#"<Unlock xmlns="urn:wsbind:secrets"><Pin>56y78</Pin></Unlock>"#;
        let errors = [
            (decode::<Login>(login).unwrap_err(), "12x34", "/Login/Pins/Pin"),
            (decode::<Unlock>(unlock).unwrap_err(), "56y78", "/Unlock/Pin"),
        ];
        for (err, value, path) in errors {
            assert!(matches!(&err.kind, DecodeErrorKind::Invalid { value: None, .. }), "{err:?}");
            assert_eq!(err.path, path);
            assert!(!err.to_string().contains(value), "{err}");
            assert!(!format!("{err:?}").contains(value), "{err:?}");
        }
    }

    /// A single choice holds one alternative: a second one is a `Duplicate` error naming it (it
    /// used to overwrite the first, losing `Code("ok")`), also when the same alternative repeats.
    #[test]
    fn a_second_alternative_of_a_single_choice_is_a_duplicate() {
        let err =
            decode::<Unlock>(r#"<Unlock xmlns="urn:wsbind:secrets"><Code>ok</Code><Pin>1</Pin></Unlock>"#).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Pin"), "{err}");
        let err =
            decode::<Unlock>(r#"<Unlock xmlns="urn:wsbind:secrets"><Pin>1</Pin><Pin>2</Pin></Unlock>"#).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Pin"), "{err}");
    }

    #[test]
    fn secret_values_stay_out_of_debug() {
        let login: Login = decode(
            r#"<Login xmlns="urn:wsbind:secrets"><UserName>someone</UserName><Password>hunter2</Password><sessionID>s-42</sessionID><Pins><Pin>1234</Pin></Pins></Login>"#,
        )
        .unwrap();
        assert_eq!(
            (login.password.as_str(), login.session_id.as_deref(), login.pins.as_slice()),
            ("hunter2", Some("s-42"), &[1234][..])
        );
        let debug = format!("{login:?}");
        assert!(debug.contains("someone"), "{debug}");
        for secret in ["hunter2", "s-42", "1234"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}

mod enums_tests {
    use super::*;
    use enums::*;

    #[test]
    fn known_unknown_and_anonymous_values_round_trip() {
        let job: Job = round_trip(
            "urn:wsbind:enums",
            "Job",
            r#"<Job xmlns="urn:wsbind:enums" priority="urgent"><State>a-b</State><History>1</History><History></History><History>Later</History><Status>StatusBad</Status><Mode>slow</Mode></Job>"#,
        );
        assert_eq!(job.state, SyncStatus::AB);
        assert_eq!(job.history, [SyncStatus::V1, SyncStatus::Empty, SyncStatus::Unknown("Later".into())]);
        assert_eq!(job.status, Some(Status::StatusBad));
        assert_eq!(job.mode, JobMode::Slow);
        assert_eq!(job.priority, Some(JobPriority::Unknown("urgent".into())));
        assert_eq!(SyncStatus::AB.as_str(), "a-b");
        assert_eq!(JobPriority::High.to_string(), "high");
    }
}
