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
#[path = "../codegen/tests/golden/choices.rs"]
mod choices;

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

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/derived.rs"]
mod derived;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/substitution.rs"]
mod substitution;

use wsbind::xml::compare::assert_same_xml;
use wsbind::xml::{Decode, Encode, Name, Reader, Writer};
use wsbind::{DecodeError, DecodeErrorKind};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn decode_with<T: Decode>(xml: &str, tolerant: bool) -> Result<T, DecodeError> {
    let mut r = Reader::new(xml.as_bytes());
    r.set_namespace_tolerant(tolerant);
    let start = r.root()?;
    let value = T::decode(&mut r, &start)?;
    r.finish()?;
    Ok(value)
}

fn decode<T: Decode>(xml: &str) -> Result<T, DecodeError> {
    decode_with(xml, false)
}

fn encode<T: Encode>(ns: &str, local: &str, value: &T) -> String {
    let mut w = Writer::new();
    w.element(Name::qualified(ns, local), value).unwrap();
    w.into_string()
}

/// Decodes `xml`, encodes the value back under the same root and compares the two documents.
fn round_trip<T: Decode + Encode>(ns: &str, local: &str, xml: &str) -> T {
    let value: T = decode(xml).unwrap_or_else(|e| panic!("{xml}: {e}"));
    assert_same_xml(xml, &encode(ns, local, &value));
    value
}

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

mod choices_tests {
    use super::*;
    use choices::*;

    const NS: &str = "urn:wsbind:choices";

    #[test]
    fn single_choice() {
        let c: Contact =
            round_trip(NS, "Contact", r#"<Contact xmlns="urn:wsbind:choices"><Phone>555</Phone></Contact>"#);
        assert_eq!(c.choice, ContactChoice::Phone("555".into()));
        let err = decode::<Contact>(r#"<Contact xmlns="urn:wsbind:choices"/>"#).unwrap_err();
        assert_eq!(err.path, "/Contact/Email | Phone", "the path names the alternatives");
        assert!(matches!(&err.kind, DecodeErrorKind::Missing { .. }), "{err}");
    }

    #[test]
    fn optional_choice_inside_a_record() {
        let p: Person = round_trip(
            NS,
            "Person",
            r#"<Person xmlns="urn:wsbind:choices"><Name>Ann</Name><Email>a@example.com</Email><Age>30</Age></Person>"#,
        );
        assert_eq!((p.name.as_str(), p.age), ("Ann", Some(30)));
        assert_eq!(p.choice, Some(PersonChoice::Email("a@example.com".into())));
        let p: Person =
            round_trip(NS, "Person", r#"<Person xmlns="urn:wsbind:choices"><Name>Bob</Name><Age>4</Age></Person>"#);
        assert_eq!(p.choice, None);
    }

    #[test]
    fn repeated_choice_keeps_order() {
        let log: Log = round_trip(
            NS,
            "Log",
            r#"<Log xmlns="urn:wsbind:choices"><Info>a</Info><Warn>2</Warn><Info>b</Info></Log>"#,
        );
        assert_eq!(log.choice, [LogChoice::Info("a".into()), LogChoice::Warn(2), LogChoice::Info("b".into())]);
    }

    #[test]
    fn repeated_alternative() {
        let bag: Bag = round_trip(NS, "Bag", r#"<Bag xmlns="urn:wsbind:choices"><Note>x</Note><Note>y</Note></Bag>"#);
        assert_eq!(bag.choice, BagChoice::Note(vec!["x".into(), "y".into()]));
        let bag: Bag = round_trip(NS, "Bag", r#"<Bag xmlns="urn:wsbind:choices"><Code>9</Code></Bag>"#);
        assert_eq!(bag.choice, BagChoice::Code(9));
        // A single choice holds one alternative, repeated or not, whichever comes second.
        for (xml, second) in [("<Code>9</Code><Note>x</Note>", "Note"), ("<Note>x</Note><Code>9</Code>", "Code")] {
            let err = decode::<Bag>(&format!(r#"<Bag xmlns="urn:wsbind:choices">{xml}</Bag>"#)).unwrap_err();
            assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == second), "{err}");
        }
    }

    #[test]
    fn boxed_record_alternative() {
        let e: Expr =
            round_trip(NS, "Expr", r#"<Expr xmlns="urn:wsbind:choices"><Neg><Neg><Leaf>3</Leaf></Neg></Neg></Expr>"#);
        let ExprChoice::Neg(inner) = &*e.choice else { panic!("{e:?}") };
        let ExprChoice::Neg(inner) = &*inner.choice else { panic!("{e:?}") };
        assert_eq!(*inner.choice, ExprChoice::Leaf(3));
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

mod derived_tests {
    use super::*;
    use derived::*;

    const NS: &str = "urn:wsbind:derived";

    /// Four pets: a `Dog` and a `Cat` by `xsi:type` (with another prefix for the same namespace),
    /// the base `Animal` without one, and a `Parrot` the schema does not declare.
    const ZOO: &str = r#"<t:Zoo xmlns:t="urn:wsbind:derived" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><t:Pet xsi:type="t:Dog"><t:Name>Rex</t:Name><t:Barks>true</t:Barks></t:Pet><t:Pet xmlns:z="urn:wsbind:derived" xsi:type="z:Cat"><t:Name>Tom</t:Name><t:Lives>9</t:Lives></t:Pet><t:Pet><t:Name>Plain</t:Name></t:Pet><t:Pet xsi:type="t:Parrot"><t:Name>Polly</t:Name><t:Words>12</t:Words></t:Pet></t:Zoo>"#;

    #[test]
    fn derived_types_decode_by_xsi_type_into_their_variants() {
        let zoo: Zoo = round_trip(NS, "Zoo", ZOO);
        let [AnimalKind::Dog(dog), AnimalKind::Cat(cat), AnimalKind::Animal(plain), AnimalKind::Unknown(parrot)] =
            zoo.pet.as_slice()
        else {
            panic!("{:?}", zoo.pet)
        };
        assert_eq!((dog.name.as_str(), dog.barks), ("Rex", true));
        assert_eq!((cat.name.as_str(), cat.lives), ("Tom", 9));
        assert_eq!(plain.name, "Plain");
        // A type this module does not know: kept whole, with the type it was sent as.
        assert_eq!(parrot.type_name.as_deref(), Some("{urn:wsbind:derived}Parrot"));
        assert!(parrot.xml.as_str().contains("<t:Words>12</t:Words>"), "{}", parrot.xml);
    }

    #[test]
    fn a_derived_variant_is_sent_with_its_xsi_type() {
        let zoo = Zoo::new().pet(vec![
            AnimalKind::Dog(Box::new(Dog::new("Rex", false))),
            AnimalKind::Animal(Box::new(Animal::new("Plain"))),
        ]);
        assert_same_xml(
            &format!(
                r#"<Zoo xmlns="{NS}" xmlns:xsi="{XSI}"><Pet xmlns:ns1="{NS}" xsi:type="ns1:Dog"><Name>Rex</Name><Barks>false</Barks></Pet><Pet><Name>Plain</Name></Pet></Zoo>"#
            ),
            &encode(NS, "Zoo", &zoo),
        );
    }

    #[test]
    fn a_type_from_another_namespace_is_unknown_unless_namespace_tolerant() {
        let xml = r#"<t:Zoo xmlns:t="urn:wsbind:derived" xmlns:o="urn:other" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><t:Pet xsi:type="o:Dog"><t:Name>Rex</t:Name><t:Barks>true</t:Barks></t:Pet></t:Zoo>"#;
        let zoo: Zoo = round_trip(NS, "Zoo", xml);
        let [AnimalKind::Unknown(other)] = zoo.pet.as_slice() else { panic!("{:?}", zoo.pet) };
        assert_eq!(other.type_name.as_deref(), Some("{urn:other}Dog"));
        // Namespace-tolerant decoding compares the type's namespace as it compares element names.
        let zoo: Zoo = decode_with(xml, true).unwrap();
        assert!(matches!(zoo.pet.as_slice(), [AnimalKind::Dog(dog)] if dog.barks), "{:?}", zoo.pet);
    }

    #[test]
    fn recursion_is_boxed() {
        let node: Node = round_trip(
            NS,
            "Node",
            r#"<Node xmlns="urn:wsbind:derived" name="a"><Child name="b"><Child name="c"/></Child><Children name="d"/></Node>"#,
        );
        let child = node.child.as_deref().unwrap();
        assert_eq!((child.name.as_str(), child.child.as_ref().unwrap().name.as_str()), ("b", "c"));
        assert_eq!(node.children[0].name, "d");
    }

    #[test]
    fn a_required_nillable_recursive_field_is_sent_as_nil() {
        let chain = Chain::default();
        assert_same_xml(
            &format!(r#"<Chain xmlns="{NS}" xmlns:xsi="{XSI}"><Next xsi:nil="true"/></Chain>"#),
            &encode(NS, "Chain", &chain),
        );
        let chain: Chain = round_trip(
            NS,
            "Chain",
            &format!(r#"<Chain xmlns="{NS}" xmlns:xsi="{XSI}"><Next><Next xsi:nil="true"/></Next></Chain>"#),
        );
        assert_eq!(chain.next.unwrap().next, None);
    }

    #[test]
    fn a_missing_required_element_is_reported_with_its_path() {
        let err = decode::<Zoo>(r#"<Zoo xmlns="urn:wsbind:derived"><Pet/></Zoo>"#).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "Name"), "{err}");
        assert_eq!(err.path, "/Zoo/Pet/Name");
    }
}

mod substitution_tests {
    use super::*;
    use substitution::*;

    const NS: &str = "urn:wsbind:subst";

    fn field_uri(name: &str, uri: &str) -> PathChoice {
        PathChoice::FieldUri(Box::new(FieldUriType::new(name, uri)))
    }

    /// `t:And` of `t:IsEqualTo` and `t:Contains`, with a `t:FieldURI` path and a plain `t:Path`,
    /// the shape of an EWS `FindItem` restriction.
    #[test]
    fn a_restriction_of_substitution_group_members_encodes_by_element_name() {
        let and = AndType::new().expression(vec![
            ExpressionChoice::IsEqualTo(Box::new(IsEqualToType::new(
                field_uri("subject", "item:Subject"),
                FieldUriOrConstantType::new(FieldUriOrConstantTypeChoice::Constant("Hello".into())),
            ))),
            ExpressionChoice::Contains(Box::new(
                ContainsType::new(PathChoice::Path(Box::new(PathKind::Path(Box::new(PathType::new("body"))))), "world")
                    .containment_mode("Substring"),
            )),
        ]);
        let find = Find::new(FindRestriction::new(ExpressionChoice::And(Box::new(and))));
        let xml = format!(
            r#"<Find xmlns="{NS}"><Restriction><And><IsEqualTo><FieldURI Name="subject" FieldURI="item:Subject"/><FieldURIOrConstant><Constant>Hello</Constant></FieldURIOrConstant></IsEqualTo><Contains ContainmentMode="Substring"><Path Name="body"/><Substring>world</Substring></Contains></And></Restriction></Find>"#
        );
        assert_same_xml(&xml, &encode(NS, "Find", &find));
        let back: Find = round_trip(NS, "Find", &xml);
        assert_eq!(back, find);
    }

    /// A member in another namespace, and the head's own element carrying a derived type by
    /// `xsi:type`.
    #[test]
    fn members_from_another_namespace_and_xsi_types_on_the_head_decode() {
        let xml = format!(
            r#"<Find xmlns="{NS}" xmlns:x="urn:wsbind:subst-x" xmlns:xsi="{XSI}"><Restriction><Contains><x:IndexedPath Name="a" Index="2"/><Substring>s</Substring></Contains></Restriction></Find>"#
        );
        let find: Find = round_trip(NS, "Find", &xml);
        let ExpressionChoice::Contains(contains) = &find.restriction.expression else { panic!("{find:?}") };
        assert!(matches!(&contains.path, PathChoice::IndexedPath(p) if p.index == 2), "{contains:?}");
        let xml = format!(
            r#"<Find xmlns="{NS}" xmlns:xsi="{XSI}"><Restriction><IsEqualTo><Path xsi:type="FieldURIType" Name="n" FieldURI="u"/><FieldURIOrConstant><FieldURI Name="m" FieldURI="v"/></FieldURIOrConstant></IsEqualTo></Restriction></Find>"#
        );
        let find: Find = round_trip(NS, "Find", &xml);
        let ExpressionChoice::IsEqualTo(eq) = &find.restriction.expression else { panic!("{find:?}") };
        let PathChoice::Path(path) = &eq.path else { panic!("{eq:?}") };
        assert!(matches!(&**path, PathKind::FieldUri(f) if f.field_uri == "u"), "{path:?}");
        // The head's members stand in a choice that refers to the head.
        let FieldUriOrConstantTypeChoice::FieldUri(other) = &eq.field_uri_or_constant.choice else { panic!("{eq:?}") };
        assert_eq!(other.field_uri, "v");
    }

    /// The head is abstract and the restriction holds exactly one expression: two members, or
    /// none, are errors at the element.
    #[test]
    fn forbidden_shapes_are_refused_with_their_position() {
        let err = decode::<Find>(&format!(
            r#"<Find xmlns="{NS}"><Restriction><And/><Contains><Path Name="p"/><Substring>s</Substring></Contains></Restriction></Find>"#
        ))
        .unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Contains"), "{err}");
        assert_eq!((err.line, err.column), (1, 51), "{err}");
        // The abstract head itself is none of the alternatives: the restriction has none.
        let err = decode::<Find>(&format!(r#"<Find xmlns="{NS}"><Restriction><Expression/></Restriction></Find>"#))
            .unwrap_err();
        assert!(
            matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "IsEqualTo | Contains | And"),
            "{err}"
        );
    }
}
