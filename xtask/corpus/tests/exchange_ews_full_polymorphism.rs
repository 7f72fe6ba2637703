//! EWS type hierarchies, typed (issue 16), against the bindings generated for `exchange-ews-full`:
//! a `FindItem` request whose restriction is a tree of substitution group members (`t:And` of
//! `t:IsEqualTo` and `t:Contains`, with `t:FieldURI` paths) encodes to the XML of the request shape
//! that Microsoft's public EWS reference shows for `FindItem` with a `Restriction` (written anew
//! here, not copied), and a `GetItem` reply decodes into typed variants: a calendar item's
//! `t:WeeklyRecurrence` pattern, a `t:FileAttachment` and a `t:ItemAttachment`, and an item sent
//! with an `xsi:type` the schema does not declare, which lands in the unknown case and is written
//! back as it came.
//!
//! `cargo xtask corpus` copies this file into its scratch crate and runs it.

use wsbind::xml::compare::assert_same_xml;
use wsbind::xml::{Name, Writer};
use wsbind_corpus::exchange_ews_full as ews;

const MESSAGES: &str = "http://schemas.microsoft.com/exchange/services/2006/messages";
const TYPES: &str = "http://schemas.microsoft.com/exchange/services/2006/types";

fn field(uri: ews::UnindexedFieldUriType) -> ews::PathChoice {
    ews::PathChoice::FieldUri(Box::new(ews::PathToUnindexedFieldType::new(uri)))
}

#[test]
fn find_item_with_a_restriction_tree_encodes_by_element_name() {
    let is_equal_to = ews::IsEqualToType::new(
        field(ews::UnindexedFieldUriType::ItemSubject),
        ews::FieldUriOrConstantType::new(ews::FieldUriOrConstantTypeChoice::Constant(Box::new(
            ews::ConstantValueType::new("Quarterly report"),
        ))),
    );
    let contains = ews::ContainsExpressionType::new(
        field(ews::UnindexedFieldUriType::ItemBody),
        ews::ConstantValueType::new("budget"),
    )
    .containment_mode(ews::ContainmentModeType::Substring)
    .containment_comparison(ews::ContainmentComparisonType::IgnoreCase);
    let restriction = ews::RestrictionType::new(ews::SearchExpressionChoice::And(Box::new(
        ews::AndType::new().search_expression(vec![
            ews::SearchExpressionChoice::IsEqualTo(Box::new(is_equal_to)),
            ews::SearchExpressionChoice::Contains(Box::new(contains)),
        ]),
    )));
    let inbox = ews::NonEmptyArrayOfBaseFolderIdsTypeChoice::DistinguishedFolderId(Box::new(
        ews::DistinguishedFolderIdType::new(ews::DistinguishedFolderIdNameType::Inbox),
    ));
    let request = ews::FindItemType::new(
        ews::ItemResponseShapeType::new(ews::DefaultShapeNamesType::IdOnly),
        ews::NonEmptyArrayOfBaseFolderIdsType::new().choice(vec![inbox]),
        ews::ItemQueryTraversalType::Shallow,
    )
    .restriction(restriction);
    let mut w = Writer::new();
    w.element(Name::qualified(MESSAGES, "FindItem"), &request).unwrap();
    assert_same_xml(
        &format!(
            r#"<FindItem xmlns="{MESSAGES}" xmlns:t="{TYPES}" Traversal="Shallow">
                 <ItemShape><t:BaseShape>IdOnly</t:BaseShape></ItemShape>
                 <Restriction>
                   <t:And>
                     <t:IsEqualTo>
                       <t:FieldURI FieldURI="item:Subject"/>
                       <t:FieldURIOrConstant><t:Constant Value="Quarterly report"/></t:FieldURIOrConstant>
                     </t:IsEqualTo>
                     <t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase">
                       <t:FieldURI FieldURI="item:Body"/>
                       <t:Constant Value="budget"/>
                     </t:Contains>
                   </t:And>
                 </Restriction>
                 <ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></ParentFolderIds>
               </FindItem>"#
        ),
        w.as_str(),
    );
}

const GET_ITEM_REPLY: &str = r#"<m:GetItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
    xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <m:ResponseMessages>
    <m:GetItemResponseMessage ResponseClass="Success">
      <m:ResponseCode>NoError</m:ResponseCode>
      <m:Items>
        <t:CalendarItem>
          <t:ItemId Id="AAMkAGI2" ChangeKey="DwAAABYA"/>
          <t:Subject>Weekly sync</t:Subject>
          <t:Attachments>
            <t:FileAttachment><t:AttachmentId Id="att-1"/><t:Name>agenda.pdf</t:Name><t:Size>1024</t:Size></t:FileAttachment>
            <t:ItemAttachment><t:AttachmentId Id="att-2"/><t:Name>Minutes</t:Name></t:ItemAttachment>
          </t:Attachments>
          <t:Recurrence>
            <t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek></t:WeeklyRecurrence>
            <t:NoEndRecurrence><t:StartDate>2026-01-05</t:StartDate></t:NoEndRecurrence>
          </t:Recurrence>
        </t:CalendarItem>
        <t:Item xsi:type="t:HologramItemType"><t:Subject>From a newer server</t:Subject><t:Depth>3</t:Depth></t:Item>
      </m:Items>
    </m:GetItemResponseMessage>
  </m:ResponseMessages>
</m:GetItemResponse>"#;

#[test]
fn get_item_reply_decodes_into_typed_variants() {
    let mut r = wsbind::xml::Reader::new(GET_ITEM_REPLY.as_bytes());
    let root = r.root().unwrap();
    let reply = <ews::GetItemResponseType as wsbind::xml::Decode>::decode(&mut r, &root).unwrap();
    r.finish().unwrap();
    let [ews::ArrayOfResponseMessagesTypeChoice::GetItemResponseMessage(message)] =
        reply.response_messages.choice.as_slice()
    else {
        panic!("expected one GetItemResponseMessage: {:?}", reply.response_messages);
    };
    // `ItemInfoResponseMessageType` has derived types: the message is the base's own variant.
    let ews::ItemInfoResponseMessageKind::ItemInfoResponseMessage(message) = &**message else { panic!("{message:?}") };
    assert_eq!(describe(&message.items), ["Some(\"Weekly sync\")", "sent as Some(\"{http://schemas.microsoft.com/exchange/services/2006/types}HologramItemType\")"]);
    let [ews::ArrayOfRealItemsTypeChoice::CalendarItem(calendar), ews::ArrayOfRealItemsTypeChoice::Item(other)] =
        message.items.choice.as_slice()
    else {
        panic!("expected a CalendarItem and an Item: {:?}", message.items);
    };
    let ews::CalendarItemKind::CalendarItem(calendar) = &**calendar else { panic!("{calendar:?}") };
    assert_eq!(calendar.subject.as_deref(), Some("Weekly sync"));
    let recurrence = calendar.recurrence.as_ref().unwrap();
    let ews::RecurrenceTypeChoice::WeeklyRecurrence(weekly) = &recurrence.choice else { panic!("{recurrence:?}") };
    assert_eq!(weekly.interval, 1);
    assert_eq!(weekly.days_of_week.0.len(), 2, "{weekly:?}");
    let attachments = &calendar.attachments.as_ref().unwrap().choice;
    let [ews::NonEmptyArrayOfAttachmentsTypeChoice::FileAttachment(file), ews::NonEmptyArrayOfAttachmentsTypeChoice::ItemAttachment(item)] =
        attachments.as_slice()
    else {
        panic!("expected a FileAttachment and an ItemAttachment: {attachments:?}");
    };
    assert_eq!((file.name.as_deref(), file.size), (Some("agenda.pdf"), Some(1024)));
    assert_eq!(item.name.as_deref(), Some("Minutes"));
    // An item type this module does not know: kept, with the type it was sent as.
    let ews::ItemKind::Unknown(unknown) = &**other else { panic!("{other:?}") };
    assert_eq!(unknown.type_name.as_deref(), Some(format!("{{{TYPES}}}HologramItemType").as_str()));
    assert!(unknown.xml.as_str().contains("<t:Depth>3</t:Depth>"), "{}", unknown.xml);
    let mut w = Writer::new();
    w.element(Name::qualified(TYPES, "Item"), &**other).unwrap();
    assert_same_xml(
        &format!(
            r#"<t:Item xmlns:t="{TYPES}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="t:HologramItemType"><t:Subject>From a newer server</t:Subject><t:Depth>3</t:Depth></t:Item>"#
        ),
        w.as_str(),
    );
}

/// The README's example ("Type hierarchies"), as code: what it prints for each item.
fn describe(items: &ews::ArrayOfRealItemsType) -> Vec<String> {
    let mut out = Vec::new();
    for item in &items.choice {
        match item {
            ews::ArrayOfRealItemsTypeChoice::CalendarItem(calendar) => match &**calendar {
                ews::CalendarItemKind::CalendarItem(calendar) => out.push(format!("{:?}", calendar.subject)),
                other => out.push(format!("a derived calendar item: {other:?}")),
            },
            ews::ArrayOfRealItemsTypeChoice::Item(item) => match &**item {
                ews::ItemKind::Unknown(newer) => out.push(format!("sent as {:?}", newer.type_name)),
                _ => {}
            },
            _ => {}
        }
    }
    out
}
