//! SOAP envelope and fault decoding (literal and rpc/encoded with multi-references): any bytes
//! give a value, a fault or an error; errors and faults print and decode their detail.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::soap::SoapOp;
use wsbind::xml::{Name, RawXml};

const OP: SoapOp = SoapOp {
    name: "Op",
    action_v11: Some("urn:op"),
    action_v12: Some("urn:op"),
    request: Name::qualified("urn:svc", "Op"),
    response: Name::qualified("urn:svc", "OpResponse"),
    headers: &[],
    encoded: false,
};

fuzz_target!(|data: &[u8]| {
    for op in [OP, SoapOp { encoded: true, ..OP }] {
        match wsbind::soap::decode_op_response::<RawXml>(&op, data) {
            Ok(raw) => {
                let _ = RawXml::parse(raw.as_str());
            }
            Err(e) => {
                let _ = (e.to_string(), format!("{e:?}"));
                if let wsbind::Error::Fault(f) = &e {
                    let _ = f.detail_as::<RawXml>();
                    let _ = f.detail_as::<String>();
                }
            }
        }
    }
});
