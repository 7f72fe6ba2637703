//! MTOM/XOP and SOAP-with-Attachments replies: any `Content-Type` line and body give a value, a
//! fault or an error (never a panic), through the same path a call takes (`decode_op_reply`:
//! multipart framing, the root part decoded with its attachments), into a type with a
//! `base64Binary` field so that `xop:Include`s are resolved.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsbind::soap::SoapOp;
use wsbind::types::{Base64, SwaRef};
use wsbind::error::DecodeError;
use wsbind::xml::{Decode, Name, Reader, Start};

const NS: &str = "urn:svc";
const OP: SoapOp = SoapOp {
    name: "Op",
    action_v11: Some("urn:op"),
    action_v12: Some("urn:op"),
    request: Name::qualified(NS, "Op"),
    response: Name::qualified(NS, "OpResponse"),
    headers: &[],
    encoded: false,
};

/// A reply with binary fields of both kinds, read however often they repeat.
struct Reply;

impl Decode for Reply {
    fn decode(r: &mut Reader<'_>, _start: &Start) -> Result<Self, DecodeError> {
        while let Some(c) = r.next_child()? {
            match c.local() {
                "Data" => {
                    let mut v: Option<Base64> = None;
                    r.read(&c, &mut v)?;
                }
                "Ref" => {
                    let mut v: Option<SwaRef> = None;
                    r.read(&c, &mut v)?;
                }
                _ => r.skip(&c)?,
            }
        }
        Ok(Reply)
    }
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let Ok(content_type) = std::str::from_utf8(&data[..split]) else { return };
    let body = bytes::Bytes::copy_from_slice(data.get(split + 1..).unwrap_or_default());
    let Ok(reply) = http::Response::builder().status(200).header("content-type", content_type).body(body) else {
        return;
    };
    if let Err(e) = wsbind::soap::decode_op_reply::<Reply>(&OP, reply) {
        let _ = (e.to_string(), format!("{e:?}"));
    }
});
