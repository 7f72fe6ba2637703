//! rpc/encoded against the bindings generated for `noaa-ndfd`: the `NDFDgenByDay` request
//! envelope (`xsd:decimal`, `xsd:date`, `xsd:integer` and the schema's enumeration types as
//! `xsi:type`) and its reply, a DWML document carried as an encoded string.
//!
//! `cargo xtask corpus` copies this file into its scratch crate (`target/corpus-crate/tests/`).

use wsbind::soap::{SoapClient, decode_op_response};
use wsbind::types::{Date, Decimal};
use wsbind::xml::Text;
use wsbind::xml::compare::assert_same_xml;
use wsbind_corpus::noaa_ndfd::{FormatType, NdfDgenByDay, NdfDgenByDayResponse, UnitType, ops};

#[test]
fn ndfd_gen_by_day_request_is_section_5_encoded() {
    let client = SoapClient::new("https://graphical.weather.gov/xml/SOAP_server/ndfdXMLserver.php");
    let request = NdfDgenByDay::new(
        Decimal::from_text("38.99").unwrap(),
        Decimal::from_text("-77.01").unwrap(),
        Date::from_text("2024-06-01").unwrap(),
        Decimal::from(3),
        UnitType::E,
        FormatType::V24Hourly,
    );
    let (envelope, action) = client.envelope(&ops::NDF_DGEN_BY_DAY, &request).unwrap();
    assert_eq!(action, "http://graphical.weather.gov/xml/DWMLgen/wsdl/ndfdXML.wsdl#NDFDgenByDay");
    assert_same_xml(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:dwml="http://graphical.weather.gov/xml/DWMLgen/schema/DWML.xsd">
             <soap:Body>
               <n:NDFDgenByDay xmlns:n="http://graphical.weather.gov/xml/DWMLgen/wsdl/ndfdXML.wsdl"
                   soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                 <latitude xsi:type="xsd:decimal">38.99</latitude>
                 <longitude xsi:type="xsd:decimal">-77.01</longitude>
                 <startDate xsi:type="xsd:date">2024-06-01</startDate>
                 <numDays xsi:type="xsd:integer">3</numDays>
                 <Unit xsi:type="dwml:unitType">e</Unit>
                 <format xsi:type="dwml:formatType">24 hourly</format>
               </n:NDFDgenByDay>
             </soap:Body>
           </soap:Envelope>"#,
        &envelope,
    );
}

#[test]
fn ndfd_gen_by_day_reply_decodes() {
    let reply = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<SOAP-ENV:Envelope SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body><ns1:NDFDgenByDayResponse xmlns:ns1="http://graphical.weather.gov/xml/DWMLgen/wsdl/ndfdXML.wsdl"><dwmlByDayOut xsi:type="xsd:string">&lt;?xml version=&quot;1.0&quot;?&gt;&lt;dwml version=&quot;1.0&quot;&gt;&lt;head/&gt;&lt;/dwml&gt;</dwmlByDayOut></ns1:NDFDgenByDayResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let reply: NdfDgenByDayResponse = decode_op_response(&ops::NDF_DGEN_BY_DAY, reply.as_bytes()).unwrap();
    assert_eq!(reply.dwml_by_day_out, r#"<?xml version="1.0"?><dwml version="1.0"><head/></dwml>"#);
}
