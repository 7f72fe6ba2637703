//! Concurrency soak (issue 11): 1,000 concurrent calls through one shared client against an
//! in-process server whose replies are sometimes slow, sometimes SOAP faults, sometimes 500s,
//! sometimes malformed; every result is accounted for, the whole run ends within a generous
//! bound (a hang guard, not a speed assertion), and the memory the run allocated is given back:
//! the bytes live afterwards (counted by this test binary's allocator) are back near the baseline.

mod production_util;

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use production_util::*;
use wsbind::Error;
use wsbind::soap::SoapClient;

const CALLS: usize = 1000;

/// The system allocator, counting the bytes live in this test binary.
struct Counting;

static LIVE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);

unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        // SAFETY: forwarded as received.
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        // SAFETY: forwarded as received.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE.load(std::sync::atomic::Ordering::Relaxed)
}

#[tokio::test]
async fn a_thousand_concurrent_calls_through_one_client() {
    let baseline = live_bytes();
    let peak = run_soak().await;
    assert!(peak > baseline + 5_000_000, "the soak allocated memory (baseline {baseline}, peak {peak})");
    // The client is dropped; idle connections close and their tasks end within a few seconds.
    // What stays is the test server's record of the 1,000 requests (about 1 MB), which its
    // accept loop keeps until the runtime ends.
    let mut after = live_bytes();
    for _ in 0..100 {
        if after - baseline < 2_000_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = live_bytes();
    }
    assert!(
        after - baseline < 2_000_000,
        "memory back near its baseline: {baseline} before, {peak} at the peak, {after} after"
    );
}

/// The soak run proper; returns the bytes live when every call had returned.
async fn run_soak() -> isize {
    let server = serve(|_, seen| {
        // The partner id of the request picks the reply, so results can be checked per call.
        let body = seen.body_text();
        let id: usize = body
            .split("<PartnerID>")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        match id % 5 {
            0 => {
                Reply::Delayed(Duration::from_millis(50), Box::new(reply(200, "text/xml", tc2_reply(&id.to_string()))))
            }
            1 => reply(200, "text/xml", tc2_reply(&id.to_string())),
            2 => reply(500, "text/xml", fault(&format!("fault {id}"), "")),
            3 => reply(500, "text/plain", format!("down {id}")),
            _ => reply(200, "text/xml", "<not-xml"),
        }
    })
    .await;
    let client = Arc::new(SoapClient::new(server.url("/svc")));
    let calls = (0..CALLS).map(|i| {
        let client = client.clone();
        async move {
            let request = Tc2Request::new(format!("TC2SESSION-{i:06}"), i as i32, "rt-soak");
            (i, client.call::<_, Tc2Response>(&TC2_OP, &request).await)
        }
    });
    let results = tokio::time::timeout(Duration::from_secs(120), join_all(calls)).await.expect("the soak run hung");
    let peak = live_bytes();
    assert_eq!(results.len(), CALLS);
    let mut counts = [0usize; 5];
    for (i, result) in results {
        match (i % 5, result) {
            (0 | 1, Ok(r)) => assert_eq!(r.result, Some(i.to_string())),
            (2, Err(Error::Fault(f))) => assert_eq!(f.reason, format!("fault {i}")),
            (3, Err(Error::Status { status: 500, body_excerpt, .. })) => assert_eq!(body_excerpt, format!("down {i}")),
            (4, Err(Error::Decode(_))) => {}
            (k, other) => panic!("call {i} (kind {k}): {other:?}"),
        }
        counts[i % 5] += 1;
    }
    assert_eq!(counts, [200; 5]);
    // No call was repeated: each request reached the server exactly once.
    assert_eq!(server.count(), CALLS);
    peak
}
