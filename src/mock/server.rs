//! The mock's HTTP server ([`MockServer`]): hyper on 127.0.0.1 with an OS-chosen port, stopped
//! when dropped; each request is read whole, recorded, routed by the SOAP or REST side, and
//! answered, after the misbehaviour injected for it ([`Injection`]), if any.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

use super::fault::Fault;
use super::recorded::Recorded;
use super::reply::MockReply;
use super::rest::RestCall;
use super::soap::SoapCall;
use crate::envelope::SoapVersion;
use crate::error::Error;
use crate::soap::{HttpOp, SoapOp};

/// A misbehaviour a mock shows in place of (or before) its normal answer, for testing the
/// caller's retries, timeouts and limits ([`MockServer::inject`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Injection {
    /// Waits this long, then answers normally (the handler runs).
    Delay(std::time::Duration),
    /// Answers with this HTTP status and an empty body; the handler does not run.
    Status(u16),
    /// Answers with this fault (status 500) in the request's SOAP version (a REST mock: a JSON
    /// `message` with its reason); the handler does not run.
    Fault(Fault),
    /// Answers normally with this many bytes of whitespace before the envelope (still a valid
    /// envelope: the caller's reply size limit is what it tests).
    Oversize(usize),
    /// Closes the connection without an answer.
    Close,
    /// Answers normally, but the body stops after this many bytes and the connection closes
    /// (its `Content-Length` says the whole length): a reply cut in transit.
    Truncate(usize),
}

/// Injections waiting for the next requests, in order.
type Injections = Mutex<std::collections::VecDeque<Injection>>;

/// What a mock does with one request.
type Dispatch =
    dyn Fn(Recorded) -> Pin<Box<dyn Future<Output = (Option<&'static str>, MockReply)> + Send>> + Send + Sync;

/// What every connection of a server shares.
struct Shared {
    dispatch: Arc<Dispatch>,
    log: Arc<Mutex<Vec<Recorded>>>,
    injections: Arc<Injections>,
    /// Names hidden in the log's `Debug` besides the name rule's.
    secret_names: Arc<[&'static str]>,
    /// A SOAP mock (an injected fault is an envelope), else REST (a JSON 500).
    soap: bool,
}

/// A mock server on 127.0.0.1 with an OS-chosen port; it stops when dropped.
pub struct MockServer {
    address: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    injections: Arc<Injections>,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("address", &self.address).finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Starts a SOAP mock of the operations `ops` and of their ASMX HTTP GET / POST bindings
    /// `http` (each with the index in `ops` of its operation; the generated `serve` passes its
    /// service's tables): each request is routed to an operation and handed to `handler` as a
    /// [`SoapCall`].
    pub async fn start_soap<F, Fut>(
        ops: &'static [SoapOp],
        http: &'static [(usize, HttpOp)],
        handler: F,
    ) -> Result<MockServer, Error>
    where
        F: Fn(SoapCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MockReply> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let dispatch: Arc<Dispatch> = Arc::new(move |request: Recorded| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                match super::soap::route(ops, http, &request) {
                    Ok(call) => {
                        let name = Some(call.operation_name());
                        (name, handler(call).await)
                    }
                    Err(reply) => (None, reply),
                }
            })
        });
        MockServer::start(dispatch, Arc::from(Vec::new()), true).await
    }

    /// Starts a REST mock of the operations `ops` (the generated `serve` passes its service's
    /// table): each request is routed by method and path template and handed to `handler` as a
    /// [`RestCall`].
    pub async fn start_rest<F, Fut>(ops: &'static [crate::rest::RestOp], handler: F) -> Result<MockServer, Error>
    where
        F: Fn(RestCall) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MockReply> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let dispatch: Arc<Dispatch> = Arc::new(move |request: Recorded| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                match super::rest::route_rest(ops, request) {
                    Ok(call) => {
                        let name = Some(call.operation_name());
                        (name, handler(call).await)
                    }
                    Err(reply) => (None, reply),
                }
            })
        });
        // What the service declares secret: its secret parameters, its API keys' names.
        let mut secret_names: Vec<&'static str> = ops.iter().flat_map(|op| op.secret_names.iter().copied()).collect();
        for scheme in ops.iter().flat_map(|op| op.security.iter().copied().flatten()) {
            if let crate::auth::SchemeKind::ApiKey { name, .. } = scheme.kind {
                secret_names.push(name);
            }
        }
        MockServer::start(dispatch, Arc::from(secret_names), false).await
    }

    /// Starts the server; `secret_names` are hidden in the log's `Debug`, and `soap` says how an
    /// injected fault is written (a SOAP fault envelope, else a JSON 500).
    async fn start(
        dispatch: Arc<Dispatch>,
        secret_names: Arc<[&'static str]>,
        soap: bool,
    ) -> Result<MockServer, Error> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.map_err(io_error)?;
        let address = listener.local_addr().map_err(io_error)?;
        let log: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let injections: Arc<Injections> = Arc::default();
        let shared = Arc::new(Shared {
            dispatch,
            log: Arc::clone(&log),
            injections: Arc::clone(&injections),
            secret_names,
            soap,
        });
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |request: hyper::Request<Incoming>| {
                        let shared = Arc::clone(&shared);
                        async move {
                            let injection = shared.injections.lock().ok().and_then(|mut queue| queue.pop_front());
                            answer(request, &shared, injection).await
                        }
                    });
                    // A connection the client drops mid-request ends here; nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(MockServer { address, log, injections, task })
    }

    /// Makes the next `times` requests (after those injected before) show `injection`; each is
    /// still recorded.
    pub fn inject(&self, injection: Injection, times: usize) {
        if let Ok(mut queue) = self.injections.lock() {
            queue.extend(std::iter::repeat_n(injection, times));
        }
    }

    /// The address to build a client with (`http://127.0.0.1:<port>`).
    pub fn address(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::Transport(crate::error::TransportError::new(
        crate::error::TransportErrorKind::Connect,
        format!("the mock server cannot listen on 127.0.0.1: {e}"),
    ))
}

/// A reply's body: whole, or its first bytes and then an error that makes hyper close the
/// connection mid-body ([`Injection::Truncate`]).
enum ReplyBody {
    Whole(Full<Bytes>),
    Cut(Option<Bytes>),
}

impl hyper::body::Body for ReplyBody {
    type Data = Bytes;
    type Error = Closed;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Closed>>> {
        match self.get_mut() {
            ReplyBody::Whole(full) => Pin::new(full).poll_frame(cx).map_err(|never| match never {}),
            ReplyBody::Cut(first) => std::task::Poll::Ready(Some(match first.take() {
                Some(bytes) => Ok(hyper::body::Frame::data(bytes)),
                None => Err(Closed),
            })),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ReplyBody::Whole(full) => full.is_end_stream(),
            ReplyBody::Cut(_) => false,
        }
    }

    /// Exact for a whole body, so that it goes with a `Content-Length` (not chunked).
    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            ReplyBody::Whole(full) => full.size_hint(),
            ReplyBody::Cut(_) => hyper::body::SizeHint::default(),
        }
    }
}

/// The error that makes hyper close a connection without an answer ([`Injection::Close`]).
#[derive(Debug)]
struct Closed;

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection closed by an injection")
    }
}

impl std::error::Error for Closed {}

/// Reads one request whole, records it, and answers it (showing `injection` first, if any).
async fn answer(
    request: hyper::Request<Incoming>,
    shared: &Shared,
    injection: Option<Injection>,
) -> Result<hyper::Response<ReplyBody>, Closed> {
    let (dispatch, log) = (&*shared.dispatch, &*shared.log);
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let target = parts.uri.path_and_query().map_or_else(|| parts.uri.to_string(), ToString::to_string);
    let recorded = Recorded {
        operation: None,
        method: parts.method.to_string(),
        target,
        headers,
        body,
        secret_names: Arc::clone(&shared.secret_names),
    };
    let version = match recorded.header("content-type") {
        Some(t) if t.to_ascii_lowercase().starts_with("application/soap+xml") => SoapVersion::V12,
        _ => SoapVersion::V11,
    };
    // Recorded on arrival (a caller that gives up does not take the record with it); the
    // operation is filled in once routed.
    let index = log.lock().ok().map(|mut log| {
        log.push(recorded.clone());
        log.len() - 1
    });
    let reply = match injection {
        None | Some(Injection::Delay(_) | Injection::Oversize(_) | Injection::Truncate(_)) => {
            if let Some(Injection::Delay(wait)) = injection {
                tokio::time::sleep(wait).await;
            }
            let (operation, mut reply) = dispatch(recorded).await;
            if let (Some(index), Ok(mut log)) = (index, log.lock())
                && let Some(entry) = log.get_mut(index)
            {
                entry.operation = operation;
            }
            if let Some(Injection::Oversize(padding)) = injection {
                let mut padded = Vec::with_capacity(padding + reply.body.len());
                padded.resize(padding, b' ');
                padded.extend_from_slice(&reply.body);
                reply.body = Bytes::from(padded);
            }
            reply
        }
        Some(Injection::Status(status)) => {
            MockReply { headers: Vec::new(), status, content_type: "text/plain".to_owned(), body: Bytes::new() }
        }
        Some(Injection::Fault(ref fault)) if shared.soap => MockReply::fault(version, fault),
        Some(Injection::Fault(ref fault)) => {
            super::HttpError::new(500, serde_json::json!({ "message": fault.reason })).reply()
        }
        Some(Injection::Close) => return Err(Closed),
    };
    let full_length = reply.body.len();
    let body = match injection {
        Some(Injection::Truncate(keep)) if keep < full_length => ReplyBody::Cut(Some(reply.body.slice(..keep))),
        _ => ReplyBody::Whole(Full::new(reply.body)),
    };
    let mut response = hyper::Response::new(body);
    if let ReplyBody::Cut(_) = response.body() {
        response.headers_mut().insert(hyper::header::CONTENT_LENGTH, hyper::header::HeaderValue::from(full_length));
    }
    *response.status_mut() =
        hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = hyper::header::HeaderValue::from_str(&reply.content_type) {
        response.headers_mut().insert(hyper::header::CONTENT_TYPE, value);
    }
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(name.as_bytes()), hyper::header::HeaderValue::from_str(value))
        {
            response.headers_mut().append(name, value);
        }
    }
    Ok(response)
}
