//! MTOM/XOP and SOAP with Attachments replies through a real `SoapClient` call: an in-process HTTP
//! server (127.0.0.1, OS-chosen port) answers with `multipart/related` messages; the attachments
//! land in `Base64` / `SwaRef` fields as the bytes sent, and every malformed message or reference
//! is an error saying what is wrong.

mod production_util;

// The module the emitter writes from `codegen/tests/fixtures/emit/swa_ref.wsdl` (a namespace-only
// import of the WS-I schema's `ref:swaRef`, and an `xs:base64Binary`), compiled as it is.
#[rustfmt::skip]
#[path = "../codegen/tests/golden/swa_ref.rs"]
mod swa_ref;

use std::sync::Arc;

use production_util::{Reply, reply_with, serve};
use wsbind::limits::CallOptions;
use wsbind::soap::{SoapClient, SoapOp, SoapVersion};
use wsbind::transport::ReqwestTransport;
use wsbind::types::{Base64, Hex, SwaRef};
use wsbind::xml::Name;
use wsbind::{DecodeErrorKind, Error, TransportErrorKind};

const NS: &str = "urn:wsbind:tests:mtom";
const XOP: &str = "http://www.w3.org/2004/08/xop/include";
const BOUNDARY: &str = "uuid:6b62cda9-ffd0-4d5e-9c6a-4d3a1b0c5e21";
const ROOT_ID: &str = "root.message@cxf.apache.org";

#[derive(Clone, Debug, Default, PartialEq, wsbind::Xml)]
#[xml(ns = NS)]
struct Download {
    #[xml(name = "Name")]
    name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, wsbind::Xml)]
#[xml(ns = NS)]
struct DownloadResponse {
    #[xml(name = "Name")]
    name: Option<String>,
    #[xml(name = "Data")]
    data: Option<Base64>,
    #[xml(name = "More")]
    more: Vec<Base64>,
    #[xml(name = "Hex")]
    hex: Option<Hex>,
    #[xml(name = "Ref")]
    swa_ref: Option<SwaRef>,
}

const OP: SoapOp = SoapOp {
    name: "Download",
    action_v11: Some("urn:wsbind:tests:mtom/Download"),
    action_v12: Some("urn:wsbind:tests:mtom/Download"),
    request: Name::qualified(NS, "Download"),
    response: Name::qualified(NS, "DownloadResponse"),
    headers: &[],
    encoded: false,
};

/// Every byte value, with a CRLF, dashes and the boundary's start inside: content the framing
/// must not mistake for a delimiter.
fn payload(len: usize) -> Vec<u8> {
    let mut out: Vec<u8> = (0..=255u8).collect();
    out.extend_from_slice(b"\r\n--uuid:6b62\r\n--\r\n");
    out.extend((0..len.saturating_sub(out.len())).map(|i| (i * 7 % 251) as u8));
    out.truncate(len.max(1));
    out
}

fn envelope11(response: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
         <soap:Body>{response}</soap:Body></soap:Envelope>"
    )
}

fn include(cid: &str) -> String {
    format!("<xop:Include xmlns:xop=\"{XOP}\" href=\"cid:{cid}\"/>")
}

/// A multipart/related body: the root part (`root_type`), then `(Content-ID, bytes)` parts.
fn multipart(root_type: &str, root: &str, parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(
        format!(
            "\r\n--{BOUNDARY}\r\nContent-Type: {root_type}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{ROOT_ID}>\r\n\r\n{root}"
        )
        .as_bytes(),
    );
    for (id, bytes) in parts {
        out.extend_from_slice(
            format!(
                "\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{id}>\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(bytes);
    }
    out.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    out
}

const XOP_ROOT_TYPE: &str = "application/xop+xml; charset=UTF-8; type=\"text/xml\"";

fn mtom_content_type(start_info: &str) -> String {
    format!(
        "multipart/related; type=\"application/xop+xml\"; boundary=\"{BOUNDARY}\"; start=\"<{ROOT_ID}>\"; start-info=\"{start_info}\""
    )
}

/// Calls `OP` against a server that answers every request with `status`, `content_type`, `body`.
async fn call_with(
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    options: CallOptions,
) -> Result<DownloadResponse, Error> {
    let content_type = content_type.to_owned();
    let server =
        serve(move |_, _| -> Reply { reply_with(status, &[("Content-Type", &content_type)], body.clone()) }).await;
    let client = SoapClient::new(server.url("/svc")).with_call_options(options);
    client.call::<_, DownloadResponse>(&OP, &Download { name: Some("report.pdf".into()) }).await
}

async fn call(content_type: &str, body: Vec<u8>) -> Result<DownloadResponse, Error> {
    call_with(200, content_type, body, CallOptions::new()).await
}

fn decode_error(result: Result<DownloadResponse, Error>) -> wsbind::DecodeError {
    match result {
        Err(Error::Decode(d)) => d,
        other => panic!("not a decode error: {other:?}"),
    }
}

fn multipart_message(result: Result<DownloadResponse, Error>) -> (String, String) {
    let d = decode_error(result);
    match d.kind {
        DecodeErrorKind::Multipart(m) => (d.path, m),
        other => panic!("not a multipart error: {other:?}"),
    }
}

#[tokio::test]
async fn an_mtom_reply_fills_base64_fields_with_the_attachments_bytes() {
    let data = payload(300_000);
    let second = payload(1);
    let third = b"third".to_vec();
    let root = envelope11(&format!(
        "<m:DownloadResponse xmlns:m=\"{NS}\"><m:Name>report.pdf</m:Name><m:Data>\n  {}\n</m:Data>\
         <m:More>{}</m:More><m:More>aW5saW5l</m:More><m:More><!-- c -->{}</m:More></m:DownloadResponse>",
        include("data%40example.org"),
        include("second@example.org"),
        include("third@example.org"),
    ));
    let body = multipart(
        XOP_ROOT_TYPE,
        &root,
        &[("data@example.org", &data), ("second@example.org", &second), ("third@example.org", &third)],
    );
    let resp = call(&mtom_content_type("text/xml"), body).await.unwrap();
    assert_eq!(resp.name.as_deref(), Some("report.pdf"));
    assert_eq!(resp.data, Some(Base64(data)));
    assert_eq!(resp.more, vec![Base64(second), Base64(b"inline".to_vec()), Base64(third)]);
    assert_eq!(resp.hex, None);
}

#[tokio::test]
async fn a_soap12_mtom_reply_and_an_unreferenced_attachment() {
    let data = payload(70_000);
    let root = format!(
        "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>\
         <DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse></env:Body></env:Envelope>",
        include("a")
    );
    let body = multipart(
        "application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"",
        &root,
        &[("unused", b"never read"), ("a", &data)],
    );
    let server = serve(move |_, _| {
        reply_with(200, &[("Content-Type", &mtom_content_type("application/soap+xml"))], body.clone())
    })
    .await;
    let client = SoapClient::new(server.url("/svc")).soap_version(SoapVersion::V12);
    let resp: DownloadResponse = client.call(&OP, &Download::default()).await.unwrap();
    // The part no field refers to is ignored.
    assert_eq!(resp.data, Some(Base64(data)));
}

#[tokio::test]
async fn a_swa_ref_reply_resolves_the_part_it_names() {
    let pdf = payload(5_000);
    let root = envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Ref> cid:doc%401 </Ref></DownloadResponse>"));
    let content_type = format!("multipart/related; type=\"text/xml\"; boundary=\"{BOUNDARY}\"; start=\"<{ROOT_ID}>\"");
    let resp = call(&content_type, multipart("text/xml; charset=UTF-8", &root, &[("doc@1", &pdf)])).await.unwrap();
    assert_eq!(resp.swa_ref, Some(SwaRef { uri: "cid:doc%401".into(), data: Some(pdf) }));
    // In a plain XML reply, only the reference is kept.
    let resp = call("text/xml; charset=utf-8", root.into_bytes()).await.unwrap();
    assert_eq!(resp.swa_ref, Some(SwaRef { uri: "cid:doc%401".into(), data: None }));
    // A swaRef naming no part.
    let root = envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Ref>cid:nope</Ref></DownloadResponse>"));
    let (path, message) =
        multipart_message(call(&content_type, multipart("text/xml", &root, &[("doc@1", b"x")])).await);
    assert_eq!(path, "/Envelope/Body/DownloadResponse/Ref");
    assert_eq!(message, "swaRef: no part has Content-ID <nope> (its attachments are <doc@1>)");
}

#[tokio::test]
async fn a_fault_in_an_mtom_reply_is_a_fault() {
    let root = envelope11(
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>no such file</faultstring></soap:Fault>",
    );
    let body = multipart(XOP_ROOT_TYPE, &root, &[]);
    let err = call_with(500, &mtom_content_type("text/xml"), body, CallOptions::new()).await.unwrap_err();
    let Error::Fault(f) = &err else { panic!("{err:?}") };
    assert_eq!((f.code.as_str(), f.reason.as_str()), ("soap:Server", "no such file"));
    // A 500 whose multipart body cannot be split is a status error, as any other non-fault.
    let err = call_with(500, &mtom_content_type("text/xml"), b"oops".to_vec(), CallOptions::new()).await.unwrap_err();
    assert!(matches!(&err, Error::Status { status: 500, body_excerpt, .. } if body_excerpt == "oops"), "{err:?}");
}

#[tokio::test]
async fn an_include_naming_no_part_is_an_error() {
    let root =
        envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse>", include("missing")));
    let body = multipart(XOP_ROOT_TYPE, &root, &[("other@x", b"1"), ("data@x", b"2")]);
    let (path, message) = multipart_message(call(&mtom_content_type("text/xml"), body).await);
    assert_eq!(path, "/Envelope/Body/DownloadResponse/Data");
    assert_eq!(message, "xop:Include: no part has Content-ID <missing> (its attachments are <data@x>, <other@x>)");
}

#[tokio::test]
async fn an_include_in_a_field_that_is_not_base64binary_is_an_error() {
    for (field, xsd_type) in [("Name", "string"), ("Hex", "hexBinary")] {
        let root = envelope11(&format!(
            "<DownloadResponse xmlns=\"{NS}\"><{field}>{}</{field}></DownloadResponse>",
            include("a")
        ));
        let d =
            decode_error(call(&mtom_content_type("text/xml"), multipart(XOP_ROOT_TYPE, &root, &[("a", b"x")])).await);
        assert_eq!(d.path, format!("/Envelope/Body/DownloadResponse/{field}"));
        assert_eq!(
            d.kind,
            DecodeErrorKind::Invalid {
                xsd_type: xsd_type.into(),
                reason: format!(
                    "an MTOM attachment (xop:Include) where a {xsd_type} was expected: only base64Binary values can be attachments"
                ),
                value: Some("cid:a".into()),
            }
        );
    }
}

#[tokio::test]
async fn an_include_with_content_or_beside_content_is_an_error() {
    let cases = [
        (
            format!("<Data><xop:Include xmlns:xop=\"{XOP}\" href=\"cid:a\"><x/></xop:Include></Data>"),
            "an xop:Include with content: it must be empty",
        ),
        (
            format!("<Data><xop:Include xmlns:xop=\"{XOP}\" href=\"cid:a\">text</xop:Include></Data>"),
            "an xop:Include with content: it must be empty",
        ),
        (
            format!("<Data>aGk={}</Data>", include("a")),
            "an xop:Include after text: it must be the element's only content",
        ),
        (
            format!("<Data>{} aGk=</Data>", include("a")),
            "content after an xop:Include: it must be the element's only content",
        ),
        (
            format!("<Data>{}{}</Data>", include("a"), include("a")),
            "content after an xop:Include: it must be the element's only content",
        ),
        (format!("<Data><xop:Include xmlns:xop=\"{XOP}\"/></Data>"), "an xop:Include without `href`"),
        (
            format!("<Data>{}</Data><More>{}</More>", include("a"), include("a")),
            "xop:Include: the attachment `cid:a` is referred to a second time (each attachment is read into one field)",
        ),
    ];
    for (content, expected) in cases {
        let root = envelope11(&format!("<DownloadResponse xmlns=\"{NS}\">{content}</DownloadResponse>"));
        let (_, message) = multipart_message(
            call(&mtom_content_type("text/xml"), multipart(XOP_ROOT_TYPE, &root, &[("a", b"x")])).await,
        );
        assert_eq!(message, expected, "{content}");
    }
}

#[tokio::test]
async fn an_include_in_a_reply_that_is_not_multipart_is_an_error() {
    let root =
        envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse>", include("a")));
    let (path, message) = multipart_message(call("text/xml; charset=utf-8", root.into_bytes()).await);
    assert_eq!(path, "/Envelope/Body/DownloadResponse/Data/Include");
    assert_eq!(
        message,
        "an xop:Include (href `cid:a`) in a message that has no attachments (it is not multipart/related)"
    );
}

#[tokio::test]
async fn a_boundary_that_does_not_match_is_an_error() {
    let root = envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"/>"));
    let body = multipart(XOP_ROOT_TYPE, &root, &[]);
    let content_type = "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:other\"";
    let (path, message) = multipart_message(call(content_type, body.clone()).await);
    assert_eq!(path, "/");
    assert_eq!(message, "no delimiter line `--uuid:other` in the body: the boundary does not match");
    let (_, message) = multipart_message(call("multipart/related; type=\"application/xop+xml\"", body).await);
    assert_eq!(message, "Content-Type: multipart/related without a `boundary` parameter");
}

#[tokio::test]
async fn a_body_cut_short_is_an_error() {
    let root =
        envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse>", include("a")));
    let mut body = multipart(XOP_ROOT_TYPE, &root, &[("a", &payload(10_000))]);
    body.truncate(body.len() - 5_000);
    let err = call(&mtom_content_type("text/xml"), body).await;
    let d = decode_error(err);
    assert_eq!(
        d.to_string(),
        format!(
            "multipart/related reply: part 2 (Content-ID <a>): the body ends without the close delimiter `--{BOUNDARY}--` (cut short?) at / (line 0, column 0)"
        )
    );
}

#[tokio::test]
async fn the_size_limit_counts_the_whole_multipart_body() {
    let root =
        envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse>", include("a")));
    let body = multipart(XOP_ROOT_TYPE, &root, &[("a", &payload(300 * 1024))]);
    let limit = 256 * 1024;
    assert!(root.len() < 1024 && body.len() as u64 > limit);
    let err = call_with(200, &mtom_content_type("text/xml"), body.clone(), CallOptions::new().max_reply_bytes(limit))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::TooLarge { limit }), "{err:?}");
    // The same reply under a limit of its size decodes.
    let exact = body.len() as u64;
    let resp =
        call_with(200, &mtom_content_type("text/xml"), body, CallOptions::new().max_reply_bytes(exact)).await.unwrap();
    assert_eq!(resp.data.map(|d| d.0.len()), Some(300 * 1024));
}

#[tokio::test]
async fn base64_encoded_parts_and_a_transport_with_its_own_limit() {
    use base64::Engine as _;
    let data = payload(4_000);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
    let wrapped: Vec<u8> = encoded.as_bytes().chunks(76).flat_map(|l| [l, b"\r\n"].concat()).collect();
    let root =
        envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse>", include("a")));
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Type: {XOP_ROOT_TYPE}\r\nContent-ID: <{ROOT_ID}>\r\n\r\n{root}\r\n--{BOUNDARY}\r\n\
         Content-ID: <a>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&wrapped);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--").as_bytes());
    let content_type = mtom_content_type("text/xml");
    let server = serve(move |_, _| reply_with(200, &[("Content-Type", &content_type)], body.clone())).await;
    let transport = ReqwestTransport::builder().max_reply_bytes(1024 * 1024).build().unwrap();
    let client = SoapClient::with_transport(server.url("/svc"), Arc::new(transport));
    let resp: DownloadResponse = client.call(&OP, &Download::default()).await.unwrap();
    assert_eq!(resp.data, Some(Base64(data)));
}

#[test]
fn a_saved_reply_decodes_through_decode_op_reply() {
    let data = payload(1_000);
    let root =
        envelope11(&format!("<DownloadResponse xmlns=\"{NS}\"><Data>{}</Data></DownloadResponse>", include("a")));
    let reply = http::Response::builder()
        .header("content-type", mtom_content_type("text/xml"))
        .body(bytes::Bytes::from(multipart(XOP_ROOT_TYPE, &root, &[("a", &data)])))
        .unwrap();
    let resp: DownloadResponse = wsbind::soap::decode_op_reply(&OP, reply).unwrap();
    assert_eq!(resp.data, Some(Base64(data)));
}

#[tokio::test]
async fn an_rpc_encoded_reply_resolves_includes_in_multi_ref_values() {
    let data = payload(2_000);
    let root = envelope11(&format!(
        "<m:DownloadResponse xmlns:m=\"{NS}\"><m:Name>n</m:Name><m:Data href=\"#id0\"/></m:DownloadResponse>\
         <multiRef id=\"id0\">{}</multiRef>",
        include("a")
    ));
    let body = multipart(XOP_ROOT_TYPE, &root, &[("a", &data)]);
    let content_type = mtom_content_type("text/xml");
    let server = serve(move |_, _| reply_with(200, &[("Content-Type", &content_type)], body.clone())).await;
    let client = SoapClient::new(server.url("/svc"));
    let op = SoapOp { encoded: true, ..OP };
    let resp: DownloadResponse = client.call(&op, &Download::default()).await.unwrap();
    assert_eq!((resp.name.as_deref(), resp.data), (Some("n"), Some(Base64(data))));
}

#[tokio::test]
async fn generated_swa_ref_and_base64_fields_read_their_parts() {
    const SWA_NS: &str = "urn:wsbind:swa";
    const SCAN: SoapOp = SoapOp {
        name: "Scan",
        action_v11: Some(""),
        action_v12: Some(""),
        request: Name::qualified(SWA_NS, "Scan"),
        response: Name::qualified(SWA_NS, "ScanReply"),
        headers: &[],
        encoded: false,
    };
    let pdf = payload(3_000);
    let png = payload(700);
    let root = envelope11(&format!(
        "<ScanReply xmlns=\"{SWA_NS}\"><Document>cid:scan%401</Document><Preview>{}</Preview></ScanReply>",
        include("thumb@1")
    ));
    let body = multipart(XOP_ROOT_TYPE, &root, &[("scan@1", &pdf), ("thumb@1", &png)]);
    let reply = http::Response::builder()
        .header("Content-Type", mtom_content_type("text/xml"))
        .body(bytes::Bytes::from(body))
        .unwrap();
    let scan: swa_ref::ScanReply = wsbind::soap::decode_op_reply(&SCAN, reply).unwrap();
    assert_eq!(scan.document, SwaRef { uri: "cid:scan%401".into(), data: Some(pdf) });
    assert_eq!(scan.preview, Some(Base64(png)));
}
