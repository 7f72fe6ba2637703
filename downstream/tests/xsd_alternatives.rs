//! XSD alternatives as a crate outside `wsbind` compiles them: the per-feature goldens of
//! `codegen/tests/emit_features.rs` (each emitted from a small description file under
//! `codegen/tests/fixtures/emit/`) for choices (`choices.wsdl`), choices whose alternatives are
//! sequences, groups and nested choices (`choice_groups.wsdl`), derived types told apart by
//! `xsi:type` (`derived.wsdl`) and substitution groups (`substitution.wsdl`), included as they are
//! and exercised: exact XML decoded into their enums and encoded back, and the forbidden shapes
//! (two alternatives of a single choice, none, half a sequence) refused with their positions.

// The goldens are compared byte for byte by `codegen/tests/emit_features.rs`: never reformat them.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/choices.rs"]
mod choices;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/choice_groups.rs"]
mod choice_groups;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/derived.rs"]
mod derived;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/substitution.rs"]
mod substitution;

#[path = "../../tests/xml_support/mod.rs"]
mod xml_support;

use wsbind::DecodeErrorKind;
use wsbind::xml::compare::assert_same_xml;
use xml_support::{XSI, decode, decode_with, encode, round_trip};

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

    /// An alternative the schema does not list (a newer server's) is kept in the unknown case,
    /// in document order, and sent back as it came; a single choice still holds one alternative.
    #[test]
    fn an_unknown_alternative_is_kept_as_raw_xml() {
        let c: Contact =
            round_trip(NS, "Contact", r#"<Contact xmlns="urn:wsbind:choices"><Fax kind="g3">555</Fax></Contact>"#);
        let ContactChoice::Unknown(raw) = &c.choice else { panic!("{c:?}") };
        assert_same_xml(r#"<Fax xmlns="urn:wsbind:choices" kind="g3">555</Fax>"#, raw.as_str());
        let log: Log = round_trip(
            NS,
            "Log",
            r#"<Log xmlns="urn:wsbind:choices"><Info>a</Info><Debug>x</Debug><Warn>2</Warn></Log>"#,
        );
        assert!(
            matches!(log.choice.as_slice(), [LogChoice::Info(_), LogChoice::Unknown(_), LogChoice::Warn(2)]),
            "{log:?}"
        );
        let err = decode::<Contact>(r#"<Contact xmlns="urn:wsbind:choices"><Fax>1</Fax><Phone>2</Phone></Contact>"#)
            .unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Phone"), "{err}");
        // Where the choice holds an alternative already, another element is the record's to skip.
        let p: Person = decode(
            r#"<Person xmlns="urn:wsbind:choices"><Name>Ann</Name><Email>a@example.com</Email><Nick>A</Nick></Person>"#,
        )
        .unwrap();
        assert_eq!(p.choice, Some(PersonChoice::Email("a@example.com".into())));
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

    /// The restriction holds exactly one expression: two members, or none, are errors at the
    /// element. An element the group does not list (here the abstract head itself; in practice a
    /// member a newer schema adds) is kept in the unknown case.
    #[test]
    fn forbidden_shapes_are_refused_with_their_position() {
        let err = decode::<Find>(&format!(
            r#"<Find xmlns="{NS}"><Restriction><And/><Contains><Path Name="p"/><Substring>s</Substring></Contains></Restriction></Find>"#
        ))
        .unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Contains"), "{err}");
        assert_eq!((err.line, err.column), (1, 51), "{err}");
        let err = decode::<Find>(&format!(r#"<Find xmlns="{NS}"><Restriction/></Find>"#)).unwrap_err();
        assert!(
            matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "IsEqualTo | Contains | And"),
            "{err}"
        );
        let find: Find = round_trip(
            NS,
            "Find",
            &format!(
                r#"<Find xmlns="{NS}"><Restriction><Excludes Bitmask="0x1"><Path Name="p"/></Excludes></Restriction></Find>"#
            ),
        );
        let ExpressionChoice::Unknown(raw) = &find.restriction.expression else { panic!("{find:?}") };
        assert!(raw.as_str().contains(r#"Bitmask="0x1""#), "{raw}");
    }
}

mod choice_groups_tests {
    use super::*;
    use choice_groups::*;

    const NS: &str = "urn:wsbind:groups";

    fn ping(content: &str) -> String {
        format!(r#"<Ping xmlns="{NS}">{content}</Ping>"#)
    }

    #[test]
    fn a_sequence_alternative_decodes_into_its_record_and_encodes_without_an_element_of_its_own() {
        let p: Ping = round_trip(NS, "Ping", &ping("<Id>7</Id><Revision>2</Revision>"));
        let PingChoice::IdAndRevision(seq) = &p.choice else { panic!("{p:?}") };
        assert_eq!((seq.id, seq.revision), (7, 2));
        let p: Ping = round_trip(NS, "Ping", &ping("<Name>seven</Name>"));
        assert_eq!(p.choice, PingChoice::Name("seven".into()));
        let built = Ping::new(PingChoice::IdAndRevision(Box::new(PingIdAndRevision::new(1, 5))));
        assert_eq!(encode(NS, "Ping", &built), ping("<Id>1</Id><Revision>5</Revision>"));
    }

    /// Both alternatives, none, and half of the sequence: refused where the document goes wrong.
    #[test]
    fn forbidden_shapes_of_a_choice_of_a_sequence_are_refused_with_their_position() {
        let err = decode::<Ping>(&ping("<Id>7</Id><Revision>2</Revision><Name>x</Name>")).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Name"), "{err}");
        assert_eq!((err.line, err.column, err.path.as_str()), (1, 65, "/Ping/Name"), "{err}");
        let err = decode::<Ping>(&ping("<Name>x</Name><Id>7</Id><Revision>2</Revision>")).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Id"), "{err}");
        assert_eq!((err.line, err.column), (1, 47), "{err}");
        let err = decode::<Ping>(&ping("")).unwrap_err();
        assert!(
            matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "(Id, Revision) | Name"),
            "{err}"
        );
        let err = decode::<Ping>(&ping("<Id>7</Id>")).unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "Revision"), "{err}");
        assert_eq!(err.path, "/Ping/Revision", "{err}");
    }

    /// A repeated choice of a sequence and an element keeps document order; each `Move` starts a
    /// new sequence, with or without its optional `Steps`.
    #[test]
    fn a_repeated_choice_of_sequences_keeps_document_order() {
        let xml = format!(
            r#"<Script xmlns="{NS}"><Title>t</Title><Move>a</Move><Steps>3</Steps><Say>hi</Say><Move>b</Move><Move>c</Move><Say>bye</Say><End>true</End></Script>"#
        );
        let script: Script = round_trip(NS, "Script", &xml);
        let moves = |name: &str, steps: Option<i32>| {
            let mut m = ScriptMoveAndSteps::new(name);
            m.steps = steps;
            ScriptChoice::MoveAndSteps(Box::new(m))
        };
        assert_eq!(
            script.choice,
            [
                moves("a", Some(3)),
                ScriptChoice::Say("hi".into()),
                moves("b", None),
                moves("c", None),
                ScriptChoice::Say("bye".into()),
            ]
        );
        assert_eq!((script.title.as_str(), script.end), ("t", Some(true)));
        // The element after the choice is the record's again, not part of the last sequence.
        let script: Script = round_trip(
            NS,
            "Script",
            &format!(r#"<Script xmlns="{NS}"><Title>t</Title><Move>a</Move><End>false</End></Script>"#),
        );
        assert_eq!((script.choice.len(), script.end), (1, Some(false)));
    }

    #[test]
    fn a_group_reference_an_optional_sequence_and_a_nested_choice() {
        let w: Window = round_trip(
            NS,
            "Window",
            &format!(r#"<Window xmlns="{NS}"><From>2026-01-01</From><To>2026-02-01</To></Window>"#),
        );
        let Some(WindowChoice::Range(range)) = &w.choice else { panic!("{w:?}") };
        assert_eq!((range.from.to_string(), range.to.to_string()), ("2026-01-01".into(), "2026-02-01".into()));
        let w: Window = round_trip(NS, "Window", &format!(r#"<Window xmlns="{NS}"><Days>3</Days></Window>"#));
        assert_eq!(w.choice, Some(WindowChoice::Days(3)));
        // The sequence alternative may be empty, so the choice may be absent.
        let w: Window = round_trip(NS, "Window", &format!(r#"<Window xmlns="{NS}"/>"#));
        assert_eq!(w.choice, None);
        let s: Shape = round_trip(NS, "Shape", &format!(r#"<Shape xmlns="{NS}"><Triangle>1.5</Triangle></Shape>"#));
        assert_eq!(s.choice, ShapeChoice::Triangle(1.5));
    }

    #[test]
    fn a_repeated_sequence_alternative_collects_its_runs() {
        let p: Pairs = round_trip(
            NS,
            "Pairs",
            &format!(r#"<Pairs xmlns="{NS}"><Key>a</Key><Value>1</Value><Key>b</Key><Value>2</Value></Pairs>"#),
        );
        let PairsChoice::KeyAndValue(pairs) = &p.choice else { panic!("{p:?}") };
        let flat: Vec<(&str, &str)> = pairs.iter().map(|p| (p.key.as_str(), p.value.as_str())).collect();
        assert_eq!(flat, [("a", "1"), ("b", "2")]);
        let err =
            decode::<Pairs>(&format!(r#"<Pairs xmlns="{NS}"><Key>a</Key><Value>1</Value><Empty>true</Empty></Pairs>"#))
                .unwrap_err();
        assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "Empty"), "{err}");
    }

    #[test]
    fn a_choice_of_one_wildcard_is_the_wildcard() {
        let o: Open = round_trip(NS, "Open", &format!(r#"<Open xmlns="{NS}"><x:A xmlns:x="urn:x">1</x:A><B/></Open>"#));
        assert_eq!(o.any.len(), 2);
    }
}
