//! rpc/encoded SOAP (section 5) end to end: the module the emitter writes for
//! `codegen/tests/fixtures/encoded/issues.wsdl` (its golden, compiled here as is) calls a local
//! HTTP server (wiremock). Asserts the request envelopes (`encodingStyle`, `xsi:type` on every
//! part and field, `soapenc:Array`s) as XML trees and decodes Axis 1 style replies with
//! `multiRef` values, `href` references and arrays whose items have any name. Also: a field
//! declared with a base type receiving a derived type (`xsi:type`) decodes into that type's
//! variant, and `anyAttribute` keeps unknown attributes, both written back unchanged.

#![cfg(feature = "reqwest")]

mod common;

// The golden is compared byte for byte by `codegen/tests/encoded.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../codegen/tests/golden/encoded_issues.rs"]
mod issues;

use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wsbind::xml::compare::assert_same_xml;
use wsbind::{DecodeErrorKind, Error};

use issues::{
    AbstractEntity, AbstractEntityKind, Client, GetIssue, GetIssues, GetWatcher, Priority, RemoteComponent,
    RemoteIssue, UpdateIssue,
};

const ENV_OPEN: &str = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>"#;
const ENV_CLOSE: &str = "</soapenv:Body></soapenv:Envelope>";

async fn server(reply: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("SOAPAction", "\"\""))
        .respond_with(
            ResponseTemplate::new(200).insert_header("content-type", "text/xml; charset=utf-8").set_body_string(reply),
        )
        .mount(&server)
        .await;
    server
}

async fn sent_body(server: &MockServer) -> String {
    String::from_utf8(common::only_request(server).await.body).unwrap()
}

/// The reply Axis 1 gives for `getIssue`: the return value is a `multiRef`, its components
/// array holds more `href`s, items are named `item` or after their type.
const GET_ISSUE_REPLY: &str = r##"<ns1:getIssueResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:issues"><getIssueReturn href="#id0"/></ns1:getIssueResponse><multiRef id="id0" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns2:RemoteIssue" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="http://beans.issues.example"><id xsi:type="xsd:string">10010</id><components soapenc:arrayType="ns2:RemoteComponent[2]" xsi:type="soapenc:Array"><components href="#id1"/><RemoteComponent href="#id2"/></components><created xsi:type="xsd:dateTime">2024-03-01T10:15:00.000Z</created><key xsi:type="xsd:string">TST-1</key><labels soapenc:arrayType="xsd:string[2]" xsi:type="soapenc:Array"><item>a &amp; b</item><item xsi:nil="true"/><item>c</item></labels><priority xsi:type="ns2:Priority">high</priority><votes xsi:type="xsd:long" xsi:nil="true"/></multiRef><multiRef id="id2" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns3:RemoteComponent" xmlns:ns3="http://beans.issues.example" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><id xsi:type="xsd:string">2</id><name xsi:type="xsd:string">Backend</name></multiRef><multiRef id="id1" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns4:RemoteComponent" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns4="http://beans.issues.example"><id xsi:type="xsd:string">1</id><name xsi:type="xsd:string">Frontend</name></multiRef>"##;

#[tokio::test]
async fn get_issue_envelope_and_multi_ref_reply() {
    let server = server(format!("{ENV_OPEN}{GET_ISSUE_REPLY}{ENV_CLOSE}")).await;
    let client = Client::new(server.uri());
    let request = GetIssue { in0: "token-1".into(), in1: "TST-1".into() };
    // The rpc reply wrapper's one part is what the call returns.
    let issue: RemoteIssue = client.get_issue(&request).await.unwrap();
    assert_eq!(issue.id.as_deref(), Some("10010"));
    assert_eq!(issue.key.as_deref(), Some("TST-1"));
    assert_eq!(issue.priority, Priority::High);
    assert_eq!(issue.votes, None);
    assert_eq!(issue.labels, vec!["a & b".to_owned(), "c".to_owned()]);
    assert_eq!(
        issue.components,
        vec![
            RemoteComponent { id: Some("1".into()), name: Some("Frontend".into()) },
            RemoteComponent { id: Some("2".into()), name: Some("Backend".into()) },
        ]
    );
    assert_eq!(issue.created.map(|d| d.to_string()).as_deref(), Some("2024-03-01T10:15:00Z"));
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
             <soap:Body>
               <ns1:getIssue xmlns:ns1="urn:issues" soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                 <in0 xsi:type="xsd:string">token-1</in0>
                 <in1 xsi:type="xsd:string">TST-1</in1>
               </ns1:getIssue>
             </soap:Body>
           </soap:Envelope>"#,
        &sent_body(&server).await,
    );
}

#[tokio::test]
async fn arrays_and_structs_in_the_request() {
    let reply = r##"<ns1:getIssuesResponse xmlns:ns1="urn:issues"><getIssuesReturn soapenc:arrayType="ns2:RemoteIssue[1]" xsi:type="soapenc:Array" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="http://beans.issues.example"><getIssuesReturn href="#id0"/></getIssuesReturn></ns1:getIssuesResponse><multiRef id="id0" soapenc:root="0" xsi:type="ns2:RemoteIssue" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns2="http://beans.issues.example"><key xsi:type="xsd:string">TST-2</key><priority xsi:type="ns2:Priority">low</priority></multiRef>"##;
    let server = server(format!("{ENV_OPEN}{reply}{ENV_CLOSE}")).await;
    let client = Client::new(server.uri());
    let request = GetIssues { in0: "t".into(), in1: vec!["TST-1".into(), "TST-2".into()], in2: 5, in3: 7.into() };
    let reply = client.get_issues(&request).await.unwrap();
    assert_eq!(reply.len(), 1);
    assert_eq!(reply[0].key.as_deref(), Some("TST-2"));
    assert_eq!(reply[0].priority, Priority::Low);
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
             <soap:Body>
               <getIssues xmlns="urn:issues" soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                 <in0 xmlns="" xsi:type="xsd:string" xmlns:xsd="http://www.w3.org/2001/XMLSchema">t</in0>
                 <in1 xmlns="" xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[2]" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
                   <item xsi:type="xsd:string">TST-1</item><item xsi:type="xsd:string">TST-2</item>
                 </in1>
                 <in2 xmlns="" xsi:type="xsd:int" xmlns:xsd="http://www.w3.org/2001/XMLSchema">5</in2>
                 <in3 xmlns="" xsi:type="xsd:integer" xmlns:xsd="http://www.w3.org/2001/XMLSchema">7</in3>
               </getIssues>
             </soap:Body>
           </soap:Envelope>"#,
        &sent_body(&server).await,
    );

    let server = self::server(format!(
        r#"{ENV_OPEN}<ns1:updateIssueResponse xmlns:ns1="urn:issues"><updateIssueReturn xsi:type="xsd:boolean">true</updateIssueReturn></ns1:updateIssueResponse>{ENV_CLOSE}"#
    ))
    .await;
    let client = Client::new(server.uri());
    let issue = RemoteIssue::new(Priority::High)
        .key("TST-3")
        .components(vec![RemoteComponent { id: Some("1".into()), name: None }]);
    let reply = client.update_issue(&UpdateIssue { in0: "t".into(), in1: issue }).await.unwrap();
    assert!(reply);
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:b="http://beans.issues.example">
             <soap:Body>
               <u:updateIssue xmlns:u="urn:issues" soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                 <in0 xsi:type="xsd:string">t</in0>
                 <in1 xsi:type="b:RemoteIssue">
                   <id xsi:nil="true"/>
                   <components xsi:type="soapenc:Array" soapenc:arrayType="b:RemoteComponent[1]">
                     <item xsi:type="b:RemoteComponent"><id xsi:type="xsd:string">1</id><name xsi:nil="true"/></item>
                   </components>
                   <created xsi:nil="true"/>
                   <key xsi:type="xsd:string">TST-3</key>
                   <labels xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[0]"/>
                   <priority xsi:type="b:Priority">high</priority>
                   <votes xsi:nil="true"/>
                 </in1>
               </u:updateIssue>
             </soap:Body>
           </soap:Envelope>"#,
        &sent_body(&server).await,
    );
}

#[tokio::test]
async fn broken_references_are_decode_errors() {
    let cyclic = r##"<ns1:getIssueResponse xmlns:ns1="urn:issues"><getIssueReturn href="#a"/></ns1:getIssueResponse><multiRef id="a"><key href="#a"/></multiRef>"##;
    let server = server(format!("{ENV_OPEN}{cyclic}{ENV_CLOSE}")).await;
    let err = Client::new(server.uri()).get_issue(&GetIssue::new(String::new(), String::new())).await.unwrap_err();
    let Error::Decode(e) = &err else { panic!("{err:?}") };
    assert!(matches!(&e.kind, DecodeErrorKind::Malformed(m) if m.contains("cycle")), "{err}");

    // A reference to nothing stays an empty accessor: the required priority is missing.
    let dangling =
        r##"<ns1:getIssueResponse xmlns:ns1="urn:issues"><getIssueReturn href="#nowhere"/></ns1:getIssueResponse>"##;
    let server = self::server(format!("{ENV_OPEN}{dangling}{ENV_CLOSE}")).await;
    let err = Client::new(server.uri()).get_issue(&GetIssue::new(String::new(), String::new())).await.unwrap_err();
    let Error::Decode(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.kind, DecodeErrorKind::Missing { element: "priority".into() });
}

#[tokio::test]
async fn derived_types_and_other_attributes_are_kept() {
    let reply = r##"<ns1:getWatcherResponse xmlns:ns1="urn:issues"><getWatcherReturn href="#id0"/></ns1:getWatcherResponse><multiRef id="id0" soapenc:root="0" xsi:type="b:Watcher" role="lead" x:since="2020" xsi:schemaLocation="urn:s s.xsd" xmlns:x="urn:x" xmlns:b="http://beans.issues.example" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><entity xsi:type="b:RemoteComponent"><id xsi:type="xsd:string">7</id><name xsi:type="xsd:string">Core</name></entity></multiRef>"##;
    let server = server(format!("{ENV_OPEN}{reply}{ENV_CLOSE}")).await;
    let client = Client::new(server.uri());
    let watcher = client.get_watcher(&GetWatcher { in0: "t".into() }).await.unwrap();
    assert_eq!(watcher.role.as_deref(), Some("lead"));
    assert_eq!(watcher.any_attribute.get(Some("urn:x"), "since"), Some("2020"));
    assert_eq!(
        watcher.any_attribute.get(Some("http://www.w3.org/2001/XMLSchema-instance"), "schemaLocation"),
        Some("urn:s s.xsd")
    );
    // `soapenc:root` belongs to the multiRef envelope and is dropped when it is inlined.
    assert_eq!(watcher.any_attribute.0.len(), 2, "{:?}", watcher.any_attribute);
    // `entity` declares the abstract `AbstractEntity`: the value is the derived type it was sent as.
    let Some(AbstractEntityKind::RemoteComponent(component)) = watcher.entity.clone() else {
        panic!("{:?}", watcher.entity)
    };
    assert_eq!(*component, RemoteComponent { id: Some("7".into()), name: Some("Core".into()) });

    // Written back (document/literal writer): the derived type and unknown attributes survive.
    let mut w = wsbind::xml::Writer::new();
    w.element(wsbind::xml::Name::qualified("urn:issues", "watcher"), &watcher).unwrap();
    assert_same_xml(
        r#"<w:watcher xmlns:w="urn:issues" role="lead" x:since="2020" xmlns:x="urn:x"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:s s.xsd">
             <entity xmlns="" xsi:type="b:RemoteComponent" xmlns:b="http://beans.issues.example">
               <id>7</id><name>Core</name>
             </entity>
           </w:watcher>"#,
        w.as_str(),
    );

    // A derived value sent where its base is declared.
    let base = AbstractEntityKind::RemoteComponent(Box::new(RemoteComponent {
        id: Some("9".into()),
        name: Some("UI".into()),
    }));
    let mut w = wsbind::xml::Writer::new();
    w.element(wsbind::xml::Name::unqualified("entity"), &base).unwrap();
    assert_same_xml(
        r#"<entity xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:b="http://beans.issues.example"
              xsi:type="b:RemoteComponent"><id>9</id><name>UI</name></entity>"#,
        w.as_str(),
    );

    // A fault detail (kept as raw XML by the runtime) read as the declared base type.
    let detail = wsbind::xml::RawXml::parse(
        r#"<f:fault xmlns:f="urn:f" xmlns:b="http://beans.issues.example" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xsi:type="b:RemoteComponent"><id>3</id><name>Ops</name></f:fault>"#,
    )
    .unwrap();
    let fault: AbstractEntityKind = wsbind::xml::recast(&detail).unwrap();
    let AbstractEntityKind::RemoteComponent(component) = &fault else { panic!("{fault:?}") };
    assert_eq!((component.id.as_deref(), component.name.as_deref()), (Some("3"), Some("Ops")));

    // A plain base value has no `xsi:type` unless SOAP-encoded.
    let plain = AbstractEntity { id: Some("1".into()), ..AbstractEntity::default() };
    let mut w = wsbind::xml::Writer::new();
    w.element(wsbind::xml::Name::unqualified("e"), &plain).unwrap();
    assert_same_xml("<e><id>1</id></e>", w.as_str());
    let mut w = wsbind::xml::Writer::encoded(false);
    w.element(wsbind::xml::Name::unqualified("e"), &plain).unwrap();
    assert_same_xml(
        r#"<e xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:b="http://beans.issues.example" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
              xsi:type="b:AbstractEntity"><id xsi:type="xsd:string">1</id></e>"#,
        w.as_str(),
    );
}

/// The generated mock of an rpc/encoded service: it reads the encoded request (`xsi:type`s,
/// `soapenc:Array`s) and writes an encoded reply the client reads back, both values intact.
#[cfg(feature = "mock")]
#[tokio::test]
async fn the_mock_of_an_encoded_service_reads_and_writes_section_5_encoding() {
    use issues::{UpdateIssueResponse, mock};

    struct Tracker(std::sync::Mutex<Vec<UpdateIssue>>);

    impl mock::Service for Tracker {
        async fn update_issue(&self, request: UpdateIssue) -> Result<UpdateIssueResponse, wsbind::mock::Fault> {
            let accepted = request.in1.key.is_some();
            self.0.lock().unwrap().push(request);
            Ok(UpdateIssueResponse { update_issue_return: accepted })
        }
    }

    let tracker = std::sync::Arc::new(Tracker(std::sync::Mutex::default()));
    struct Shared(std::sync::Arc<Tracker>);
    impl mock::Service for Shared {
        async fn update_issue(&self, request: UpdateIssue) -> Result<UpdateIssueResponse, wsbind::mock::Fault> {
            mock::Service::update_issue(&*self.0, request).await
        }
    }
    let server = mock::serve(Shared(std::sync::Arc::clone(&tracker))).await.unwrap();
    let client = Client::new(server.address());
    let issue = RemoteIssue::new(Priority::High).key("TST-3").components(vec![
        RemoteComponent { id: Some("1".into()), name: None },
        RemoteComponent { id: Some("2".into()), name: Some("UI <core>".into()) },
    ]);
    let sent = UpdateIssue { in0: "t".into(), in1: issue };
    assert!(client.update_issue(&sent).await.unwrap());
    assert_eq!(*tracker.0.lock().unwrap(), vec![sent]);
}
