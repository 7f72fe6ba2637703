//! The two EWS sample responses of the corpus (`exchange-ews/samples/`) against the bindings
//! generated for `exchange-ews`: the well-formed FindItem reply decodes to the generated types
//! with the values it holds, and the GetItem reply (not well-formed: a raw `<` inside an
//! attribute value, line 14) gives a decode error with its line and column.
//!
//! `cargo xtask corpus` copies this file into its scratch crate (`target/corpus-crate/tests/`)
//! and runs it with `WSBIND_CORPUS` set to the corpus folder.

use std::path::PathBuf;

use wsbind::xml::Name;
use wsbind_corpus::exchange_ews::{
    ArrayOfRealItemsTypeChoice, ArrayOfResponseMessagesTypeChoice, FindItemParentTypeChoice, FindItemResponseType,
    GetItemResponseType, ImportanceChoicesType, MessageKind, ResponseClassType, SingleRecipientTypeChoice,
};

const MESSAGES: &str = "http://schemas.microsoft.com/exchange/services/2006/messages";

fn sample(name: &str) -> Vec<u8> {
    let corpus = std::env::var_os("WSBIND_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let path = corpus.join("exchange-ews/samples").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn find_item_response_decodes() {
    let body = sample("getEmailsSoapResponse.xml");
    let reply: FindItemResponseType =
        wsbind::soap::decode_response(&body, Name::qualified(MESSAGES, "FindItemResponse")).unwrap();
    let [ArrayOfResponseMessagesTypeChoice::FindItemResponseMessage(message)] =
        reply.response_messages.choice.as_slice()
    else {
        panic!("expected one FindItemResponseMessage: {:?}", reply.response_messages);
    };
    assert_eq!(message.response_class, ResponseClassType::Success);
    assert_eq!(message.response_code.as_ref().map(|c| c.as_str()), Some("NoError"));
    let root = message.root_folder.as_ref().unwrap();
    assert_eq!(root.indexed_paging_offset, Some(10));
    assert_eq!(root.total_items_in_view, Some(4444));
    assert_eq!(root.includes_last_item_in_range, Some(false));
    let FindItemParentTypeChoice::Items(items) = &root.choice else { panic!("expected Items: {root:?}") };
    assert_eq!(items.choice.len(), 7);

    let messages: Vec<_> = items
        .choice
        .iter()
        .filter_map(|i| match i {
            // `Message` elements declare `MessageType`, which has derived types: each holds the
            // sum of them, and these carry no `xsi:type` (the type itself).
            ArrayOfRealItemsTypeChoice::Message(m) => match &**m {
                MessageKind::Message(m) => Some(&**m),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(messages.len(), 6);
    let subjects: Vec<&str> = messages.iter().filter_map(|m| m.subject.as_deref()).collect();
    assert_eq!(subjects, ["Subject 1", "Subject 2", "Subject 3", "Subject 4", "Subject 5", "Subject 6"]);

    let first = messages[0];
    let id = first.item_id.as_ref().unwrap();
    assert!(
        id.id
            .starts_with("AAAOAGFoaWxsQGZvb2wuY29tAEYAAAAAAALdpriiMqRKqMrQcEUFOUYHADiccxzPUBFLrOkEJ699ewcAAABDwzkAANF")
    );
    assert_eq!(id.change_key.as_deref(), Some("CQAAABYAAADRfhvIT4JDSo33XYNHfEVUAAEtMvlv"));
    assert_eq!(first.size, Some(7640));
    assert_eq!(first.importance, Some(ImportanceChoicesType::Normal));
    assert_eq!(first.has_attachments, Some(false));
    assert_eq!(first.is_read, Some(false));
    assert_eq!(messages[1].is_read, Some(true));
    let received = first.date_time_received.as_ref().unwrap();
    assert_eq!(wsbind::xml::Text::to_text(received), "2012-08-18T02:14:44Z");
    let sent = first.date_time_sent.as_ref().unwrap().to_chrono().unwrap();
    assert_eq!(sent.to_rfc3339(), "2012-08-18T02:14:41+00:00");
    let from = first.from.as_ref().unwrap();
    let SingleRecipientTypeChoice::Mailbox(mailbox) = &from.choice else { panic!("expected a Mailbox: {from:?}") };
    assert_eq!(mailbox.name.as_deref(), Some("Joe Shmoe"));

    let Some(ArrayOfRealItemsTypeChoice::MeetingRequest(meeting)) = items.choice.last() else {
        panic!("expected a MeetingRequest last: {:?}", items.choice.last());
    };
    assert_eq!(meeting.subject.as_deref(), Some("Meeting Request 1"));
    assert_eq!(meeting.size, Some(6708));
}

#[test]
fn malformed_get_item_response_names_line_and_column() {
    let body = sample("getEmailSoapResponse.xml");
    let error =
        wsbind::soap::decode_response::<GetItemResponseType>(&body, Name::qualified(MESSAGES, "GetItemResponse"))
            .unwrap_err();
    let wsbind::Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert!(matches!(decode.kind, wsbind::DecodeErrorKind::Malformed(_)), "{decode:?}");
    // Line 14 holds `<t:ItemId Id="USKJFKFJKDM<MCCC...`: the raw `<` is the 40th character.
    assert_eq!((decode.line, decode.column), (14, 40), "{error}");
    assert!(error.chain().to_string().contains("line 14, column 40"), "{error}");
}
