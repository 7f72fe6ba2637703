//! Bounded by default (issue 11): the default transport's timeouts and reply size limit, the
//! per-call override, and hostile replies (a huge `Content-Length`, an endless chunked body, a
//! stalled body, a server that never answers, a 10 MB `faultstring`). Memory bounds are checked
//! by counting what the server managed to write before the client stopped reading, never by
//! timing.

mod production_util;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use production_util::*;
use wsbind::limits::{CallOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REPLY_BYTES, DEFAULT_TIMEOUT};
use wsbind::soap::SoapClient;
use wsbind::transport::ReqwestTransport;
use wsbind::{Error, TransportErrorKind};

const MIB: u64 = 1024 * 1024;

fn request() -> Tc2Request {
    Tc2Request::new("TC2SESSION-0001", 1, "refresh-0001")
}

#[test]
fn documented_defaults() {
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(DEFAULT_TIMEOUT, Duration::from_secs(120));
    assert_eq!(DEFAULT_MAX_REPLY_BYTES, 64 * MIB);
    assert_eq!(ReqwestTransport::new().max_reply_bytes(), 64 * MIB);
}

fn kind(err: &Error) -> TransportErrorKind {
    match err {
        Error::Transport(t) => t.kind,
        other => panic!("not a transport error: {other:?}"),
    }
}

#[tokio::test]
async fn a_huge_content_length_fails_at_once_naming_the_limit() {
    let server = serve(|_, _| Reply::Endless { announced: Some(5_000_000_000) }).await;
    let client = SoapClient::new(server.url("/svc"));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::TooLarge { limit: DEFAULT_MAX_REPLY_BYTES });
    assert!(err.chain().to_string().contains("67108864"), "{err}");
    eventually(|| server.writers_done.load(Ordering::SeqCst) == 1).await;
    // Only what the socket buffers took: far below the announced 5 GB and below the limit.
    let written = server.body_bytes_written.load(Ordering::SeqCst);
    assert!(written < 32 * MIB, "{written} bytes written");
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_limit_while_streaming() {
    let server = serve(|_, _| Reply::Endless { announced: None }).await;
    let transport = ReqwestTransport::builder().max_reply_bytes(2 * MIB).build().unwrap();
    let client = SoapClient::with_transport(server.url("/svc"), Arc::new(transport));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::TooLarge { limit: 2 * MIB });
    eventually(|| server.writers_done.load(Ordering::SeqCst) == 1).await;
    let written = server.body_bytes_written.load(Ordering::SeqCst);
    // The limit plus what sits in the socket buffers of both ends: reading stopped near it.
    assert!((2 * MIB..2 * MIB + 24 * MIB).contains(&written), "{written} bytes written");
    // The per-call override is tighter still.
    let small = client.with_call_options(CallOptions::new().max_reply_bytes(256 * 1024));
    let err = small.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::TooLarge { limit: 256 * 1024 });
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_per_call() {
    let server = serve(|_, _| Reply::Never).await;
    let client = SoapClient::new(server.url("/svc")).with_timeout(Duration::from_millis(300));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::Timeout, "{err}");
    // A SOAP call is not repeated after a timeout: the server saw one request.
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_stalled_body_times_out() {
    let server = serve(|_, _| Reply::Stall { announced: 1000, sent: 10 }).await;
    let transport = ReqwestTransport::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let client = SoapClient::with_transport(server.url("/svc"), Arc::new(transport));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::Timeout, "{err}");
}

#[tokio::test]
async fn a_ten_megabyte_faultstring_is_capped() {
    let big = "x".repeat(10 * 1024 * 1024);
    let body = fault(&big, "");
    let server = serve(move |_, _| reply(500, "text/xml", body.clone())).await;
    let client = SoapClient::new(server.url("/svc"));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    let Error::Fault(f) = &err else { panic!("{err:?}") };
    assert!(f.reason.len() <= wsbind::limits::MAX_ERROR_TEXT + 3, "{}", f.reason.len());
    assert!(err.chain().to_string().len() < 5000);
    assert!(format!("{err:?}").len() < 6000);
}

#[tokio::test]
async fn a_ten_megabyte_status_body_gives_a_short_excerpt() {
    let server = serve(|_, _| reply(500, "text/plain", vec![b'e'; 10 * 1024 * 1024])).await;
    let client = SoapClient::new(server.url("/svc"));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 500, .. }), "{err:?}");
    assert!(err.chain().to_string().len() < 1024);
}

#[tokio::test]
async fn a_custom_transport_reply_is_checked_against_the_per_call_limit() {
    #[derive(Debug)]
    struct Big;
    impl wsbind::transport::Transport for Big {
        fn send(&self, _req: http::Request<bytes::Bytes>) -> wsbind::transport::TransportFuture<'_> {
            Box::pin(async { Ok(http::Response::new(bytes::Bytes::from(vec![b' '; 4096]))) })
        }
    }
    let client = SoapClient::with_transport("http://h/svc", Arc::new(Big))
        .with_call_options(CallOptions::new().max_reply_bytes(1000));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::TooLarge { limit: 1000 });
}

/// A compressed reply (servers and proxies send gzip though the client asks for none) is refused
/// by its encoding's name, not decoded as garbled XML.
#[tokio::test]
async fn a_compressed_reply_is_refused_naming_its_encoding() {
    let server = serve(|_, _| {
        reply_with(200, &[("Content-Type", "text/xml"), ("Content-Encoding", "gzip")], vec![0x1f, 0x8b, 8, 0, 0, 0])
    })
    .await;
    let client = SoapClient::new(server.url("/svc"));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap_err();
    assert_eq!(kind(&err), TransportErrorKind::UnsupportedEncoding);
    assert!(err.chain().to_string().contains("Content-Encoding: gzip"), "{}", err.chain());
    // `identity` is no encoding.
    let server = serve(|_, _| {
        reply_with(200, &[("Content-Type", "text/xml"), ("Content-Encoding", "identity")], tc2_reply("ok"))
    })
    .await;
    SoapClient::new(server.url("/svc")).call::<_, Tc2Response>(&TC2_OP, &request()).await.unwrap();
}
