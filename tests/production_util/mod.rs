//! In-process HTTP/1.1 servers for the production tests (raw tokio sockets on 127.0.0.1 with an
//! OS-chosen port): every request is counted and kept, and a handler decides the reply, which
//! may be hostile (stalls, endless bodies, lies about its length).

#![allow(dead_code, unused_imports)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server does with a request.
pub enum Reply {
    /// A complete reply: status, headers, body (Content-Length added).
    Full { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Waits, then replies.
    Delayed(Duration, Box<Reply>),
    /// Never answers (the connection stays open).
    Never,
    /// Sends the head with `Content-Length: announced`, then `sent` bytes, then stalls.
    Stall { announced: u64, sent: usize },
    /// Sends the head (chunked when `announced` is `None`), then body bytes until the client
    /// goes away.
    Endless { announced: Option<u64> },
    /// Sends the head announcing a megabyte, then one byte every `every` until the client goes
    /// away: a reply that never stalls long enough for a read timeout.
    Drip { every: Duration },
}

pub fn reply(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Full { status, headers: vec![("Content-Type".into(), content_type.into())], body: body.into() }
}

pub fn reply_with(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
    Reply::Full {
        status,
        headers: headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        body: body.into(),
    }
}

pub struct Server {
    pub addr: SocketAddr,
    pub requests: Arc<AtomicUsize>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// Body bytes written by `Endless` / `Stall` replies.
    pub body_bytes_written: Arc<AtomicU64>,
    /// Connections whose `Endless` writer has stopped (the client went away).
    pub writers_done: Arc<AtomicUsize>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
    pub fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

type Handler = dyn Fn(usize, &Seen) -> Reply + Send + Sync;

/// Starts a server; `handler(n, request)` gets the 0-based number of the request.
pub async fn serve(handler: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = Server {
        addr,
        requests: Arc::default(),
        seen: Arc::default(),
        body_bytes_written: Arc::default(),
        writers_done: Arc::default(),
    };
    let handler: Arc<Handler> = Arc::new(handler);
    let (requests, seen, written, done) =
        (server.requests.clone(), server.seen.clone(), server.body_bytes_written.clone(), server.writers_done.clone());
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else { return };
            let (handler, requests, seen, written, done) =
                (handler.clone(), requests.clone(), seen.clone(), written.clone(), done.clone());
            tokio::spawn(async move {
                let _ = connection(sock, handler, requests, seen, written, done).await;
            });
        }
    });
    server
}

async fn read_request(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Seen> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 8192];
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))).collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    buf.drain(..head_end + 4);
    while buf.len() < len {
        let mut chunk = [0u8; 8192];
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body: Vec<u8> = buf.drain(..len).collect();
    Some(Seen { method, target, headers, body })
}

async fn connection(
    mut sock: TcpStream,
    handler: Arc<Handler>,
    requests: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
    written: Arc<AtomicU64>,
    done: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    while let Some(request) = read_request(&mut sock, &mut buf).await {
        let n = requests.fetch_add(1, Ordering::SeqCst);
        seen.lock().unwrap().push(request.clone());
        let mut reply = handler(n, &request);
        while let Reply::Delayed(d, inner) = reply {
            tokio::time::sleep(d).await;
            reply = *inner;
        }
        match reply {
            Reply::Full { status, headers, body } => {
                let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                sock.write_all(head.as_bytes()).await?;
                sock.write_all(&body).await?;
            }
            Reply::Delayed(..) => unreachable!(),
            Reply::Never => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return Ok(());
            }
            Reply::Stall { announced, sent } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {announced}\r\n\r\n");
                sock.write_all(head.as_bytes()).await?;
                sock.write_all(&vec![b' '; sent]).await?;
                written.fetch_add(sent as u64, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return Ok(());
            }
            Reply::Drip { every } => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";
                sock.write_all(head.as_bytes()).await?;
                loop {
                    sock.write_all(b" ").await?;
                    written.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(every).await;
                }
            }
            Reply::Endless { announced } => {
                let head = match announced {
                    Some(n) => format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {n}\r\n\r\n"),
                    None => {
                        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned()
                    }
                };
                sock.write_all(head.as_bytes()).await?;
                let chunk = vec![b'x'; 64 * 1024];
                let framed = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk.clone(), b"\r\n".to_vec()].concat();
                loop {
                    let r =
                        if announced.is_some() { sock.write_all(&chunk).await } else { sock.write_all(&framed).await };
                    if r.is_err() {
                        done.fetch_add(1, Ordering::SeqCst);
                        return Ok(());
                    }
                    written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
                }
            }
        }
    }
    Ok(())
}

/// A SOAP 1.1 envelope around `body`.
pub fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// A SOAP 1.1 fault envelope.
pub fn fault(reason: &str, detail: &str) -> String {
    envelope(&format!(
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>{reason}</faultstring><detail>{detail}</detail></soap:Fault>"
    ))
}

/// Waits (up to 10 s) until `cond` holds.
pub async fn eventually(mut cond: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// The modules the emitter writes from `codegen/tests/fixtures/runtime/production.wsdl` and
// `rest_paths.yaml`, compiled as they are (the goldens are compared byte for byte by
// `codegen/tests/runtime_fixtures.rs`: never reformat them).
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/production_service.rs"]
pub mod production_service;
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/rest_paths.rs"]
pub mod rest_paths;

/// The production fixture's target namespace (the generated module's `NS` is private).
pub const NS: &str = "urn:wsbind:tests:production";

/// The fixture's TC2-style operation: an `AuthHeader` declared as a SOAP header, an int and a
/// string in the reply, an `InvalidSessionFault`; `SessionID`, `RefreshToken` and
/// `AuthHeader/Password` are secret by name.
pub use production_service::ops::GET_PARTNER_CAMERA_REFRESH_TOKEN as TC2_OP;
pub use production_service::{
    AuthHeader, GetPartnerCameraRefreshToken as Tc2Request, GetPartnerCameraRefreshTokenResponse as Tc2Response,
};

/// A request with empty strings and partner 0, for tests that do not look at the values.
pub fn tc2_request() -> Tc2Request {
    Tc2Request::new(String::new(), 0, String::new())
}

/// The SOAP header the operation declares.
pub const AUTH_HEADER: wsbind::xml::Name<'static> = wsbind::xml::Name::qualified(NS, "AuthHeader");

pub fn tc2_reply(result: &str) -> String {
    envelope(&format!(
        "<GetPartnerCameraRefreshTokenResponse xmlns=\"{NS}\"><PartnerId>7</PartnerId><Result>{result}</Result></GetPartnerCameraRefreshTokenResponse>"
    ))
}
