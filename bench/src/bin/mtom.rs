//! The MTOM memory case of `cargo xtask bench`: the peak heap of decoding a reply that carries an
//! MTOM/XOP attachment of `MB` megabytes (10^6 bytes) into a `Base64` field, measured by a counting
//! global allocator (live bytes and their high-water mark), beside the size of the reply body.
//!
//! * `mtom call MB` — a real `SoapClient::call` through the default reqwest transport (size limit
//!   raised to 128 MiB) against an in-process HTTP/1.1 server on 127.0.0.1 that streams the
//!   `multipart/related` reply from a 64 KiB buffer (with `Content-Length`): transport, framing
//!   and decoding together, as an application sees it.
//! * `mtom chunked MB` — the same with a chunked reply (no `Content-Length`): the transport
//!   cannot reserve the body up front and grows its buffer as the body comes.
//! * `mtom decode MB` — `soap::decode_op_reply` on the reply built in memory: the body itself is
//!   part of the peak.
//!
//! Each prints `bytes=B attachment=A peak_bytes=P retained_bytes=R ratio=P/B`: `P` the highest
//! heap in use above what was live before the case started, `R` what is still live once the
//! response is decoded (the field's bytes).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use wsbind::limits::CallOptions;
use wsbind::soap::{SoapClient, SoapOp};
use wsbind::transport::ReqwestTransport;
use wsbind::types::Base64;
use wsbind::xml::Name;

/// The system allocator, counting the bytes live and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator as received; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Forwarded, as the application's allocator does it (glibc moves large blocks with
        // `mremap`, without a second copy): counted as the change in size.
        if new_size >= layout.size() {
            let grown = new_size - layout.size();
            let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const NS: &str = "urn:wsbind:bench:mtom";
const BOUNDARY: &str = "uuid:1b3c9f6e-2d4a-4e8b-9f00-bench";

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
}

const OP: SoapOp = SoapOp {
    name: "Download",
    action_v11: Some("urn:wsbind:bench:mtom/Download"),
    action_v12: None,
    request: Name::qualified(NS, "Download"),
    response: Name::qualified(NS, "DownloadResponse"),
    headers: &[],
    encoded: false,
};

const CONTENT_TYPE: &str = "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:1b3c9f6e-2d4a-4e8b-9f00-bench\"; start=\"<root@bench>\"; start-info=\"text/xml\"";

/// Byte `i` of the attachment.
fn byte(i: usize) -> u8 {
    (i % 251) as u8
}

/// The reply body around the attachment: what comes before it and after it.
fn frame() -> (String, String) {
    let head = format!(
        "--{BOUNDARY}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n\
         Content-Transfer-Encoding: binary\r\nContent-ID: <root@bench>\r\n\r\n\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <DownloadResponse xmlns=\"{NS}\"><Name>big.bin</Name><Data><xop:Include \
         xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:data@bench\"/></Data></DownloadResponse>\
         </soap:Body></soap:Envelope>\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\n\
         Content-Transfer-Encoding: binary\r\nContent-ID: <data@bench>\r\n\r\n"
    );
    (head, format!("\r\n--{BOUNDARY}--\r\n"))
}

/// Checks the decoded attachment (length and every byte).
fn check(resp: &DownloadResponse, len: usize) -> Result<(), String> {
    let data = resp.data.as_ref().ok_or("no Data")?;
    if data.0.len() != len {
        return Err(format!("the attachment has {} bytes, not {len}", data.0.len()));
    }
    if let Some(i) = data.0.iter().enumerate().position(|(i, b)| *b != byte(i)) {
        return Err(format!("byte {i} differs"));
    }
    Ok(())
}

/// Serves one connection: reads the request, then streams the reply from a 64 KiB buffer.
async fn serve(listener: tokio::net::TcpListener, len: usize, chunked: bool) -> std::io::Result<()> {
    let (mut sock, _) = listener.accept().await?;
    let mut request = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&request);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                break;
            }
        }
    }
    drop(request);
    let (head, tail) = frame();
    let total = head.len() + len + tail.len();
    let length = if chunked { "Transfer-Encoding: chunked".to_owned() } else { format!("Content-Length: {total}") };
    let http_head = format!("HTTP/1.1 200 OK\r\nContent-Type: {CONTENT_TYPE}\r\n{length}\r\n\r\n");
    sock.write_all(http_head.as_bytes()).await?;
    let mut buf = vec![0u8; 64 * 1024];
    let write = async |sock: &mut tokio::net::TcpStream, bytes: &[u8]| {
        if chunked {
            sock.write_all(format!("{:x}\r\n", bytes.len()).as_bytes()).await?;
            sock.write_all(bytes).await?;
            sock.write_all(b"\r\n").await
        } else {
            sock.write_all(bytes).await
        }
    };
    write(&mut sock, head.as_bytes()).await?;
    let mut sent = 0;
    while sent < len {
        let n = buf.len().min(len - sent);
        for (k, b) in buf[..n].iter_mut().enumerate() {
            *b = byte(sent + k);
        }
        write(&mut sock, &buf[..n]).await?;
        sent += n;
    }
    write(&mut sock, tail.as_bytes()).await?;
    if chunked {
        sock.write_all(b"0\r\n\r\n").await?;
    }
    sock.flush().await
}

fn call_case(len: usize, chunked: bool) -> Result<(usize, usize, usize), String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let url = format!("http://{}/svc", listener.local_addr().map_err(|e| e.to_string())?);
        let transport =
            ReqwestTransport::builder().max_reply_bytes(128 * 1024 * 1024).build().map_err(|e| e.to_string())?;
        let client = SoapClient::with_transport(url, Arc::new(transport))
            .with_call_options(CallOptions::new().max_reply_bytes(128 * 1024 * 1024));
        let server = tokio::spawn(serve(listener, len, chunked));
        let request = Download { name: Some("big.bin".into()) };
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let resp: DownloadResponse = client.call(&OP, &request).await.map_err(|e| e.to_string())?;
        let peak = PEAK.load(Ordering::Relaxed) - baseline;
        let retained = LIVE.load(Ordering::Relaxed).saturating_sub(baseline);
        check(&resp, len)?;
        server.await.map_err(|e| e.to_string())?.map_err(|e| e.to_string())?;
        let (head, tail) = frame();
        Ok((head.len() + len + tail.len(), peak, retained))
    })
}

fn decode_case(len: usize) -> Result<(usize, usize, usize), String> {
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let (head, tail) = frame();
    let mut body = Vec::with_capacity(head.len() + len + tail.len());
    body.extend_from_slice(head.as_bytes());
    body.extend((0..len).map(byte));
    body.extend_from_slice(tail.as_bytes());
    let total = body.len();
    let reply = http::Response::builder()
        .header("content-type", CONTENT_TYPE)
        .body(Bytes::from(body))
        .map_err(|e| e.to_string())?;
    let resp: DownloadResponse = wsbind::soap::decode_op_reply(&OP, reply).map_err(|e| e.to_string())?;
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    let retained = LIVE.load(Ordering::Relaxed).saturating_sub(baseline);
    check(&resp, len)?;
    Ok((total, peak, retained))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [case @ ("call" | "chunked" | "decode"), mb] => match mb.parse::<usize>() {
            Ok(mb) => {
                let len = mb * 1_000_000;
                let started = std::time::Instant::now();
                let measured = match *case {
                    "decode" => decode_case(len),
                    case => call_case(len, case == "chunked"),
                };
                measured.map(|(bytes, peak, retained)| {
                    println!(
                        "bytes={bytes} attachment={len} peak_bytes={peak} retained_bytes={retained} ratio={:.3} secs={:.3}",
                        peak as f64 / bytes as f64,
                        started.elapsed().as_secs_f64()
                    );
                })
            }
            Err(e) => Err(format!("{mb}: {e}")),
        },
        _ => Err("usage: mtom call|chunked|decode MB".into()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
