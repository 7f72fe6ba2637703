//! Element names declared by several fields of one type (a derived type declaring again an
//! element of its base, as paypal's `DoUatpAuthorizationResponseType` does with `MsgSubID`):
//! the module the emitter writes from `codegen/tests/fixtures/emit/dup_names.wsdl` (its golden,
//! compiled here as is) decodes each occurrence into the next field with that name, in
//! declaration order, and encodes them back in the same order.

// The golden is compared byte for byte by `codegen/tests/emit.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/dup_names.rs"]
mod dup_names;

use dup_names::Reply;
use wsbind::xml::{Decode, Encode, Name, Reader, Writer};
use wsbind::{DecodeError, DecodeErrorKind};

const NS: &str = "urn:wsbind:dup_names";

fn decode<T: Decode>(xml: &str) -> Result<T, DecodeError> {
    let mut r = Reader::new(xml.as_bytes());
    let start = r.root()?;
    let value = T::decode(&mut r, &start)?;
    r.finish()?;
    Ok(value)
}

fn encode<T: Encode>(value: &T) -> String {
    let mut w = Writer::new();
    w.element(Name::qualified(NS, "Reply"), value).unwrap();
    w.into_string()
}

fn doc(children: &str) -> String {
    format!(r#"<t:Reply xmlns:t="{NS}">{children}</t:Reply>"#)
}

#[test]
fn each_occurrence_fills_the_next_field_with_the_name() {
    let xml = doc("<t:MsgSubID>base</t:MsgSubID><t:Code>c1</t:Code><t:Items>i1</t:Items><t:Items>i2</t:Items>\
         <t:Amount>5</t:Amount><t:MsgSubID>derived</t:MsgSubID><t:Code>c2</t:Code>\
         <t:MsgSubID>third</t:MsgSubID>");
    let reply: Reply = decode(&xml).unwrap();
    assert_eq!(reply.msg_sub_id.as_deref(), Some("base"));
    assert_eq!(reply.msg_sub_id_2.as_deref(), Some("derived"));
    assert_eq!(reply.msg_sub_id_3.as_deref(), Some("third"));
    assert_eq!((reply.code.as_str(), reply.code_2.as_str()), ("c1", "c2"));
    // A repeated field keeps every element of its name.
    assert_eq!(reply.items, ["i1", "i2"]);
    assert_eq!(reply.items_2, None);
    assert_eq!(reply.amount, Some(5));
}

#[test]
fn both_fields_round_trip() {
    let reply = Reply::new("c1", "c2").msg_sub_id("base").amount(5).msg_sub_id_2("derived");
    let xml = encode(&reply);
    assert!(xml.find(">base<").unwrap() < xml.find(">derived<").unwrap(), "{xml}");
    assert_eq!(decode::<Reply>(&xml).unwrap(), reply);
}

#[test]
fn one_occurrence_goes_to_the_first_field() {
    let xml = doc("<t:MsgSubID>only</t:MsgSubID><t:Code>c1</t:Code><t:Code>c2</t:Code>");
    let reply: Reply = decode(&xml).unwrap();
    assert_eq!(reply.msg_sub_id.as_deref(), Some("only"));
    assert_eq!(reply.msg_sub_id_2, None);
}

#[test]
fn a_required_field_of_the_name_still_missing_is_reported() {
    let err = decode::<Reply>(&doc("<t:Code>c1</t:Code>")).unwrap_err();
    assert!(matches!(&err.kind, DecodeErrorKind::Missing { element } if element == "Code"), "{err}");
}

#[test]
fn more_occurrences_than_fields_is_a_duplicate() {
    let xml = doc("<t:Code>c1</t:Code><t:Code>c2</t:Code><t:MsgSubID>a</t:MsgSubID><t:MsgSubID>b</t:MsgSubID>\
         <t:MsgSubID>c</t:MsgSubID><t:MsgSubID>d</t:MsgSubID>");
    let err = decode::<Reply>(&xml).unwrap_err();
    assert!(matches!(&err.kind, DecodeErrorKind::Duplicate { element } if element == "MsgSubID"), "{err}");
}

#[test]
fn a_nil_occurrence_takes_its_field() {
    const NIL: &str = r#"xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;
    // The first occurrence is nil: the first field stays empty, the others do not shift.
    let xml = doc(&format!(
        "<t:MsgSubID {NIL}/><t:Code>c1</t:Code><t:MsgSubID>derived</t:MsgSubID><t:Code>c2</t:Code>\
         <t:MsgSubID>third</t:MsgSubID>"
    ));
    let reply: Reply = decode(&xml).unwrap();
    assert_eq!(reply.msg_sub_id, None);
    assert_eq!(reply.msg_sub_id_2.as_deref(), Some("derived"));
    assert_eq!(reply.msg_sub_id_3.as_deref(), Some("third"));
    // A nil occurrence in the middle.
    let xml = doc(&format!(
        "<t:MsgSubID>base</t:MsgSubID><t:Code>c1</t:Code><t:MsgSubID {NIL}/><t:Code>c2</t:Code>\
         <t:MsgSubID>third</t:MsgSubID>"
    ));
    let reply: Reply = decode(&xml).unwrap();
    assert_eq!(reply.msg_sub_id.as_deref(), Some("base"));
    assert_eq!(reply.msg_sub_id_2, None);
    assert_eq!(reply.msg_sub_id_3.as_deref(), Some("third"));
}
