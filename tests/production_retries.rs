//! Retries (issue 11): on by default only where repeating is safe (ASMX HTTP GET, REST GET,
//! connection failures before anything was sent), honouring `Retry-After` in seconds or as an
//! HTTP date, bounded by attempts and total time; opt-in per client or per operation. Every
//! test counts the requests the server saw.

mod production_util;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use production_util::production_service::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN_HTTP_GET as HTTP_GET;
use production_util::rest_paths::ops::{CREATE, STATUS};
use production_util::*;
use serde_json::Value;
use wsbind::limits::CallOptions;
use wsbind::rest::{CallParams, RestClient};
use wsbind::retry::RetryPolicy;
use wsbind::soap::SoapClient;
use wsbind::transport::{Transport, TransportFuture};
use wsbind::{Error, TransportError, TransportErrorKind};

fn fast() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// Fails `failures` times with `status` (and `Retry-After`), then answers 200.
async fn flaky(failures: usize, status: u16, retry_after: Option<&'static str>, ok: &'static str) -> Server {
    serve(move |n, _| {
        if n < failures {
            let mut headers = vec![("Content-Type", "text/plain")];
            if let Some(r) = retry_after {
                headers.push(("Retry-After", r));
            }
            reply_with(status, &headers, "busy")
        } else {
            reply(200, "application/json", ok)
        }
    })
    .await
}

#[tokio::test]
async fn rest_get_is_retried_on_503_and_429_with_retry_after() {
    for status in [503, 429, 502, 504] {
        let server = flaky(2, status, Some("0"), r#"{"ok":1}"#).await;
        let client = RestClient::new(server.url("")).with_retry_policy(fast());
        let v: Value = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap();
        assert_eq!(v["ok"], 1);
        assert_eq!(server.count(), 3, "status {status}");
    }
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = flaky(10, 503, None, "{}").await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast().max_attempts(4));
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 503, .. }), "{err:?}");
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn retry_after_beyond_the_total_time_is_not_waited_for() {
    let server = flaky(10, 503, Some("3600"), "{}").await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast());
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retry_after_as_an_http_date_in_the_past_retries_at_once() {
    let server = flaky(1, 429, Some("Wed, 21 Oct 2015 07:28:00 GMT"), r#"{"ok":2}"#).await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast());
    let v: Value = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap();
    assert_eq!(v["ok"], 2);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = flaky(1, 503, Some("1"), r#"{"ok":3}"#).await;
    let client = RestClient::new(server.url(""));
    let started = std::time::Instant::now();
    let v: Value = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap();
    assert_eq!(v["ok"], 3);
    assert_eq!(server.count(), 2);
    // A lower bound only (the wait happened); never an upper bound.
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn rest_post_is_not_retried_by_default_but_can_opt_in() {
    let server = flaky(1, 503, Some("0"), "{}").await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast());
    let err = client.call_json::<(), Value>(&CREATE, CallParams::default(), None).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::ZERO), "{err:?}");
    assert_eq!(server.count(), 1);

    let server = flaky(1, 503, Some("0"), "{}").await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast().retry_operation("create"));
    client.call_json::<(), Value>(&CREATE, CallParams::default(), None).await.unwrap();
    assert_eq!(server.count(), 2);

    let server = flaky(1, 503, Some("0"), "{}").await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast().retry_unsafe(true));
    client.call_json::<(), Value>(&CREATE, CallParams::default(), None).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn soap_calls_keep_retry_after_and_are_not_repeated_by_default() {
    let server = serve(|n, _| match n {
        0 => reply_with(503, &[("Content-Type", "text/html"), ("Retry-After", "7")], "<html>busy</html>"),
        _ => reply(200, "text/xml", tc2_reply("ok")),
    })
    .await;
    let client = SoapClient::new(server.url("/svc")).with_retry_policy(fast());
    let request = tc2_request();
    let err = client.call::<_, Tc2Response>(&TC2_OP, &request).await.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!((api.status, api.retry_after), (503, Some(Duration::from_secs(7))));
    assert_eq!(server.count(), 1);
    // Opted in: the same server now answers the second attempt.
    let client = client.with_retry_policy(fast().retry_operation("GetPartnerCameraRefreshToken"));
    let server2 = serve(|n, _| match n {
        0 => reply_with(503, &[("Retry-After", "0")], ""),
        _ => reply(200, "text/xml", tc2_reply("ok")),
    })
    .await;
    let client = SoapClient::new(server2.url("/svc")).with_retry_policy(client.retry_policy().clone());
    let resp: Tc2Response = client.call(&TC2_OP, &request).await.unwrap();
    assert_eq!(resp.result.as_deref(), Some("ok"));
    assert_eq!(server2.count(), 2);
}

#[tokio::test]
async fn asmx_http_get_is_retried_by_default() {
    let reply_xml = format!(
        "<GetPartnerCameraRefreshTokenResponse xmlns=\"{NS}\"><Result>fine</Result></GetPartnerCameraRefreshTokenResponse>"
    );
    let server = serve(move |n, _| match n {
        0 => reply_with(429, &[("Retry-After", "0")], ""),
        _ => reply(200, "text/xml", reply_xml.clone()),
    })
    .await;
    let client = SoapClient::new(server.url("/svc")).with_retry_policy(fast());
    let resp: Tc2Response = client.call_http(&HTTP_GET, &tc2_request().form_params()).await.unwrap();
    assert_eq!(resp.result.as_deref(), Some("fine"));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_timeout_of_a_get_is_retried_but_not_of_a_post() {
    // Each attempt may take 200 ms, the call 10 s: a stalled first attempt leaves time for a
    // second.
    let options = CallOptions::new().attempt_timeout(Duration::from_millis(200)).timeout(Duration::from_secs(10));
    let server = serve(|n, _| match n {
        0 => Reply::Never,
        _ => reply(200, "application/json", "{}"),
    })
    .await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast()).with_call_options(options);
    client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap();
    assert_eq!(server.count(), 2);

    let server = serve(|n, _| match n {
        0 => Reply::Never,
        _ => reply(200, "application/json", "{}"),
    })
    .await;
    let client = RestClient::new(server.url("")).with_retry_policy(fast()).with_call_options(options);
    let err = client.call_json::<(), Value>(&CREATE, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Timeout), "{err:?}");
    assert_eq!(server.count(), 1);
}

/// The timeout is one deadline for the call (issue 19: `.timeout(10 s)` bounded each attempt, so
/// a safe operation against a server dripping a byte every 5 s took 30.4 s over three attempts).
/// Here every reply drips a byte every 50 ms, the call may take 600 ms, and the policy would make
/// three attempts: the call ends at its deadline, not after three attempts' worth (1.8 s).
#[tokio::test]
async fn the_timeout_is_one_deadline_for_every_attempt() {
    let server = serve(|_, _| Reply::Drip { every: Duration::from_millis(50) }).await;
    let policy = fast().max_attempts(3);
    let client =
        RestClient::new(server.url("")).with_retry_policy(policy.clone()).with_timeout(Duration::from_millis(600));
    let started = std::time::Instant::now();
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Timeout), "{err:?}");
    assert!(took < Duration::from_millis(1_500), "the call took {took:?}, past its 600 ms deadline");
    assert!(took >= Duration::from_millis(590), "the call ended early: {took:?}");
    assert_eq!(server.count(), 1, "no attempt starts once the deadline has passed");

    // The same through a transport that ignores the limits it is given (a transport of one's
    // own): the runtime abandons the attempt at the deadline all the same.
    let transport = Arc::new(IgnoresLimits(wsbind::transport::ReqwestTransport::builder().build().unwrap()));
    let client = RestClient::with_transport(server.url(""), transport)
        .with_retry_policy(policy)
        .with_timeout(Duration::from_millis(600));
    let started = std::time::Instant::now();
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1_500), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn no_attempt_starts_once_the_calls_deadline_has_passed() {
    // A deadline already spent (zero): the guard before each attempt refuses to send, and says
    // how many attempts there were.
    let server = serve(|_, _| reply(200, "application/json", "{}")).await;
    let client = RestClient::new(server.url("")).with_call_options(CallOptions::new().timeout(Duration::ZERO));
    let err = client.call_json::<(), Value>(&STATUS, CallParams::default(), None).await.unwrap_err();
    match &err {
        Error::Transport(t) => {
            assert_eq!(t.kind, TransportErrorKind::Timeout);
            assert_eq!(
                err.chain().to_string(),
                "transport error: timed out: the call's timeout of 0 ms passed after 0 attempt(s)"
            );
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(server.count(), 0, "nothing was sent");
}

/// Sends through an inner transport after removing the runtime's per-request limits.
#[derive(Debug)]
struct IgnoresLimits(wsbind::transport::ReqwestTransport);

impl Transport for IgnoresLimits {
    fn send(&self, mut req: http::Request<bytes::Bytes>) -> TransportFuture<'_> {
        req.extensions_mut().remove::<wsbind::limits::CallLimits>();
        self.0.send(req)
    }

    fn sleep(&self, duration: Duration) -> wsbind::transport::SleepFuture {
        self.0.sleep(duration)
    }
}

/// Refuses to connect `failures` times, then answers through a canned reply.
#[derive(Debug)]
struct Unreachable {
    attempts: AtomicUsize,
    failures: usize,
}

impl Transport for Unreachable {
    fn send(&self, _req: http::Request<bytes::Bytes>) -> TransportFuture<'_> {
        let n = self.attempts.fetch_add(1, Ordering::SeqCst);
        let failures = self.failures;
        Box::pin(async move {
            if n < failures {
                return Err(TransportError::new(TransportErrorKind::Connect, "connection refused"));
            }
            Ok(http::Response::new(bytes::Bytes::from(tc2_reply("late"))))
        })
    }
}

#[tokio::test]
async fn connection_failures_are_retried_even_for_soap() {
    let transport = Arc::new(Unreachable { attempts: AtomicUsize::new(0), failures: 2 });
    let client = SoapClient::with_transport("http://h/svc", transport.clone()).with_retry_policy(fast());
    let resp: Tc2Response = client.call(&TC2_OP, &tc2_request()).await.unwrap();
    assert_eq!(resp.result.as_deref(), Some("late"));
    assert_eq!(transport.attempts.load(Ordering::SeqCst), 3);

    let transport = Arc::new(Unreachable { attempts: AtomicUsize::new(0), failures: 10 });
    let client = SoapClient::with_transport("http://h/svc", transport.clone()).with_retry_policy(RetryPolicy::none());
    let err = client.call::<_, Tc2Response>(&TC2_OP, &tc2_request()).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Connect), "{err:?}");
    assert_eq!(transport.attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_real_refused_connection_is_retried() {
    // A port that was free a moment ago: nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = SoapClient::new(format!("http://127.0.0.1:{port}/svc")).with_retry_policy(fast().max_attempts(2));
    let err = client.call::<_, Tc2Response>(&TC2_OP, &tc2_request()).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Connect), "{err:?}");
}
