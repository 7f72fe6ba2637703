//! Salesforce's fault hierarchy, typed (issue 16), against the bindings generated for
//! `salesforce-partner`: a `query` fault whose detail arrives as `sf:MalformedQueryFault` (an
//! `ApiQueryFault`, itself an `ApiFault`) is read as the sum of `ApiFault`'s types and matched as
//! its most derived type, with the fields of every level (`exceptionCode` from `ApiFault`, `row`
//! and `column` from `ApiQueryFault`). The reply is written anew in the shape Salesforce documents
//! for SOAP API faults.
//!
//! `cargo xtask corpus` copies this file into its scratch crate and runs it.

use wsbind::xml::Name;
use wsbind_corpus::salesforce_partner as sf;

const PARTNER: &str = "urn:partner.soap.sforce.com";

const MALFORMED_QUERY: &str = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Body>
    <soapenv:Fault>
      <faultcode>sf:MALFORMED_QUERY</faultcode>
      <faultstring>MALFORMED_QUERY: unexpected token: FORM</faultstring>
      <detail>
        <sf:MalformedQueryFault xsi:type="sf:MalformedQueryFault">
          <sf:exceptionCode>MALFORMED_QUERY</sf:exceptionCode>
          <sf:exceptionMessage>unexpected token: FORM</sf:exceptionMessage>
          <sf:row>1</sf:row>
          <sf:column>12</sf:column>
        </sf:MalformedQueryFault>
      </detail>
    </soapenv:Fault>
  </soapenv:Body>
</soapenv:Envelope>"#;

#[test]
fn a_query_fault_is_matched_as_its_most_derived_type() {
    let err = wsbind::soap::decode_response::<sf::QueryResponse>(
        MALFORMED_QUERY.as_bytes(),
        Name::qualified(PARTNER, "queryResponse"),
    )
    .unwrap_err();
    let wsbind::Error::Fault(fault) = &err else { panic!("expected a fault: {err:?}") };
    assert_eq!(fault.code_name(), Some((Some("urn:fault.partner.soap.sforce.com"), "MALFORMED_QUERY")));
    let detail: sf::ApiFaultKind = fault.detail_as().unwrap().unwrap();
    let sf::ApiFaultKind::MalformedQueryFault(malformed) = &detail else { panic!("{detail:?}") };
    assert_eq!(malformed.exception_code.as_str(), "MALFORMED_QUERY");
    assert_eq!(malformed.exception_message, "unexpected token: FORM");
    assert_eq!((malformed.row, malformed.column), (1, 12));
    // Read as the middle of the hierarchy, the same value.
    let query_fault: sf::ApiQueryFaultKind = fault.detail_as().unwrap().unwrap();
    assert!(matches!(&query_fault, sf::ApiQueryFaultKind::MalformedQueryFault(m) if m.row == 1), "{query_fault:?}");
}
