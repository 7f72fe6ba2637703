//! rpc/encoded against the bindings generated for `mantisbt` (PHP SoapServer): the
//! `mc_issue_get` request envelope (`xsi:type` per part, `xsd:integer` for the issue id) and a
//! PHP-style reply (values inline, SOAP-encoding arrays of `item`s, `SOAP-ENV` prefixes).
//!
//! `cargo xtask corpus` copies this file into its scratch crate (`target/corpus-crate/tests/`).

use wsbind::soap::{SoapClient, decode_op_response};
use wsbind::types::Decimal;
use wsbind::xml::compare::assert_same_xml;
use wsbind_corpus::mantisbt::{McIssueGet, McIssueGetResponse, ops};

const REPLY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://futureware.biz/mantisconnect" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
<SOAP-ENV:Body><ns1:mc_issue_getResponse><return xsi:type="ns1:IssueData">
<id xsi:type="xsd:integer">42</id>
<view_state xsi:type="ns1:ObjectRef"><id xsi:type="xsd:integer">10</id><name xsi:type="xsd:string">public</name></view_state>
<last_updated xsi:type="xsd:dateTime">2024-05-01T12:00:00+00:00</last_updated>
<project xsi:type="ns1:ObjectRef"><id xsi:type="xsd:integer">1</id><name xsi:type="xsd:string">Demo</name></project>
<category xsi:type="xsd:string">General</category>
<status xsi:type="ns1:ObjectRef"><id xsi:type="xsd:integer">10</id><name xsi:type="xsd:string">new</name></status>
<reporter xsi:type="ns1:AccountData"><id xsi:type="xsd:integer">1</id><name xsi:type="xsd:string">administrator</name><email xsi:type="xsd:string">root@localhost</email></reporter>
<summary xsi:type="xsd:string">Crash on save</summary>
<description xsi:type="xsd:string">It crashes &lt;always&gt;</description>
<attachments SOAP-ENC:arrayType="ns1:AttachmentData[0]" xsi:type="ns1:AttachmentDataArray"/>
<notes SOAP-ENC:arrayType="ns1:IssueNoteData[1]" xsi:type="ns1:IssueNoteDataArray">
 <item xsi:type="ns1:IssueNoteData"><id xsi:type="xsd:integer">7</id>
  <reporter xsi:type="ns1:AccountData"><id xsi:type="xsd:integer">2</id><name xsi:type="xsd:string">dev</name></reporter>
  <text xsi:type="xsd:string">Fixed in 1.2</text></item>
</notes>
<sticky xsi:type="xsd:boolean">false</sticky>
<tags SOAP-ENC:arrayType="ns1:ObjectRef[2]" xsi:type="ns1:ObjectRefArray">
 <item xsi:type="ns1:ObjectRef"><id xsi:type="xsd:integer">1</id><name xsi:type="xsd:string">ui</name></item>
 <item xsi:type="ns1:ObjectRef"><id xsi:type="xsd:integer">2</id><name xsi:type="xsd:string">save</name></item>
</tags>
</return></ns1:mc_issue_getResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;

#[test]
fn mc_issue_get_request_is_section_5_encoded() {
    let client = SoapClient::new("https://mantis.example/api/soap/mantisconnect.php");
    let request = McIssueGet::new("u", "p", Decimal::from(42));
    let (envelope, action) = client.envelope(&ops::MC_ISSUE_GET, &request).unwrap();
    assert_eq!(action, "http://www.mantisbt.org/bugs/api/soap/mantisconnect.php/mc_issue_get");
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
             <soap:Body>
               <m:mc_issue_get xmlns:m="http://futureware.biz/mantisconnect"
                   soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                 <username xsi:type="xsd:string">u</username>
                 <password xsi:type="xsd:string">p</password>
                 <issue_id xsi:type="xsd:integer">42</issue_id>
               </m:mc_issue_get>
             </soap:Body>
           </soap:Envelope>"#,
        &envelope,
    );
}

#[test]
fn mc_issue_get_reply_decodes() {
    let reply: McIssueGetResponse = decode_op_response(&ops::MC_ISSUE_GET, REPLY.as_bytes()).unwrap();
    let issue = reply.r#return;
    assert_eq!(issue.id, Some(Decimal::from(42)));
    assert_eq!(issue.summary.as_deref(), Some("Crash on save"));
    assert_eq!(issue.description.as_deref(), Some("It crashes <always>"));
    assert_eq!(issue.project.as_ref().and_then(|p| p.name.as_deref()), Some("Demo"));
    assert_eq!(issue.reporter.as_ref().and_then(|r| r.email.as_deref()), Some("root@localhost"));
    assert_eq!(issue.sticky, Some(false));
    assert!(issue.attachments.is_empty());
    let [note] = issue.notes.as_slice() else { panic!("{:?}", issue.notes) };
    assert_eq!(note.text.as_deref(), Some("Fixed in 1.2"));
    assert_eq!(note.reporter.as_ref().and_then(|r| r.name.as_deref()), Some("dev"));
    let tags: Vec<_> = issue.tags.iter().filter_map(|t| t.name.as_deref()).collect();
    assert_eq!(tags, ["ui", "save"]);
}
