//! rpc/encoded against the bindings generated for `jira-soap` (Axis 1): the `getIssue` request
//! envelope (`encodingStyle`, `xsi:type` on every part) and an Axis-style reply whose issue,
//! component and custom field value are `multiRef`s reached through `href`, with SOAP-encoding
//! arrays whose items are named after the field.
//!
//! `cargo xtask corpus` copies this file into its scratch crate (`target/corpus-crate/tests/`).

use wsbind::soap::{SoapClient, decode_op_response};
use wsbind::xml::compare::assert_same_xml;
use wsbind_corpus::jira_soap::{GetIssue, GetIssueResponse, RemoteComponent, ops};

const REPLY: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <ns1:getIssueResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="https://jira.atlassian.com/rpc/soap/jirasoapservice-v2">
   <getIssueReturn href="#id0"/>
  </ns1:getIssueResponse>
  <multiRef id="id0" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns2:RemoteIssue" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="http://beans.soap.rpc.jira.atlassian.com">
   <affectsVersions soapenc:arrayType="ns2:RemoteVersion[0]" xsi:type="soapenc:Array"/>
   <assignee xsi:type="xsd:string">admin</assignee>
   <attachmentNames soapenc:arrayType="xsd:string[0]" xsi:type="soapenc:Array"/>
   <components soapenc:arrayType="ns2:RemoteComponent[1]" xsi:type="soapenc:Array">
    <components href="#id1"/>
   </components>
   <created xsi:type="xsd:dateTime">2011-01-18T05:31:04.000Z</created>
   <customFieldValues soapenc:arrayType="ns2:RemoteCustomFieldValue[1]" xsi:type="soapenc:Array">
    <customFieldValues href="#id2"/>
   </customFieldValues>
   <description xsi:type="xsd:string">Steps &amp; details</description>
   <duedate xsi:type="xsd:dateTime" xsi:nil="true"/>
   <environment xsi:type="xsd:string" xsi:nil="true"/>
   <fixVersions soapenc:arrayType="ns2:RemoteVersion[0]" xsi:type="soapenc:Array"/>
   <id xsi:type="xsd:string">10000</id>
   <key xsi:type="xsd:string">TST-1</key>
   <priority xsi:type="xsd:string">3</priority>
   <project xsi:type="xsd:string">TST</project>
   <reporter xsi:type="xsd:string">admin</reporter>
   <resolution xsi:type="xsd:string" xsi:nil="true"/>
   <status xsi:type="xsd:string">1</status>
   <summary xsi:type="xsd:string">First issue</summary>
   <type xsi:type="xsd:string">1</type>
   <updated xsi:type="xsd:dateTime">2011-01-18T05:31:04.000Z</updated>
   <votes xsi:type="xsd:long">2</votes>
  </multiRef>
  <multiRef id="id1" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns3:RemoteComponent" xmlns:ns3="http://beans.soap.rpc.jira.atlassian.com" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
   <id xsi:type="xsd:string">10010</id>
   <name xsi:type="xsd:string">Backend</name>
  </multiRef>
  <multiRef id="id2" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns4:RemoteCustomFieldValue" xmlns:ns4="http://beans.soap.rpc.jira.atlassian.com" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
   <customfieldId xsi:type="xsd:string">customfield_10000</customfieldId>
   <key xsi:type="xsd:string" xsi:nil="true"/>
   <values soapenc:arrayType="xsd:string[2]" xsi:type="soapenc:Array">
    <values xsi:type="xsd:string">v1</values>
    <values xsi:type="xsd:string">v2</values>
   </values>
  </multiRef>
 </soapenv:Body>
</soapenv:Envelope>"##;

#[test]
fn get_issue_request_is_section_5_encoded() {
    let client = SoapClient::new("https://jira.example/rpc/soap/jirasoapservice-v2");
    let request = GetIssue::new("token", "TST-1");
    let (envelope, action) = client.envelope(&ops::GET_ISSUE, &request).unwrap();
    assert_eq!(action, "");
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
             <soap:Body>
               <ns1:getIssue xmlns:ns1="http://soap.rpc.jira.atlassian.com"
                   soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                 <in0 xsi:type="xsd:string">token</in0>
                 <in1 xsi:type="xsd:string">TST-1</in1>
               </ns1:getIssue>
             </soap:Body>
           </soap:Envelope>"#,
        &envelope,
    );
}

#[test]
fn get_issue_reply_with_multi_refs_decodes() {
    let reply: GetIssueResponse = decode_op_response(&ops::GET_ISSUE, REPLY.as_bytes()).unwrap();
    let issue = reply.get_issue_return;
    assert_eq!(issue.id.as_deref(), Some("10000"));
    assert_eq!(issue.key.as_deref(), Some("TST-1"));
    assert_eq!(issue.summary.as_deref(), Some("First issue"));
    assert_eq!(issue.description.as_deref(), Some("Steps & details"));
    assert_eq!(issue.r#type.as_deref(), Some("1"));
    assert_eq!(issue.votes, Some(2));
    assert_eq!(issue.duedate, None);
    assert!(issue.affects_versions.is_empty() && issue.fix_versions.is_empty());
    assert_eq!(issue.components, vec![RemoteComponent::new().id("10010").name("Backend")]);
    let [custom] = issue.custom_field_values.as_slice() else { panic!("{:?}", issue.custom_field_values) };
    assert_eq!(custom.customfield_id.as_deref(), Some("customfield_10000"));
    assert_eq!(custom.values, vec!["v1".to_owned(), "v2".to_owned()]);
    assert!(issue.created.is_some() && issue.updated.is_some());
}
