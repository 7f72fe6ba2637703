//! The [`Transport`] trait every client sends through (`http::Request<Bytes>` in,
//! `http::Response<Bytes>` out), and [`ReqwestTransport`], the default implementation
//! (feature `reqwest`: reqwest + rustls with the ring provider), bounded by default: connect
//! timeout [`DEFAULT_CONNECT_TIMEOUT`], total timeout [`DEFAULT_TIMEOUT`], reply size limit
//! [`DEFAULT_MAX_REPLY_BYTES`] enforced while the body streams in, and no redirect followed by
//! reqwest itself (the client's [`crate::redirect::RedirectPolicy`] decides).
//!
//! Downstream tests can plug their own `Transport` (a recorder, a canned reply) into any client.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;

pub use crate::error::{TransportError, TransportErrorKind};
pub use crate::limits::{CallLimits, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REPLY_BYTES, DEFAULT_TIMEOUT};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// The future of [`Transport::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Sends one HTTP request and returns the complete reply (any status).
///
/// A transport must return 3xx replies as they are, not follow them: the client's
/// [`crate::redirect::RedirectPolicy`] decides which redirects are followed (never across
/// origins, never for SOAP calls or requests carrying secrets), and a transport that follows
/// them itself takes that decision away.
pub trait Transport: Send + Sync + Debug {
    /// Sends `req`; a reply body cut short is a [`TransportErrorKind::Body`] error.
    ///
    /// `req.extensions()` may hold a [`CallLimits`] (per-call timeout and reply size limit);
    /// a transport should honour it (the runtime re-checks the size of the reply it gets).
    fn send(&self, req: http::Request<Bytes>) -> TransportFuture<'_>;

    /// Waits `duration` (between retry attempts). The default needs no async runtime: a
    /// short-lived thread wakes the task; [`ReqwestTransport`] uses tokio's timer.
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(ThreadSleep::new(duration))
    }
}

/// Whether the time is up, and the task to wake then.
type SleepState = Arc<Mutex<(bool, Option<Waker>)>>;

/// A timer future woken by a helper thread (runtime-agnostic).
struct ThreadSleep {
    duration: Duration,
    state: Option<SleepState>,
}

impl ThreadSleep {
    fn new(duration: Duration) -> Self {
        ThreadSleep { duration, state: None }
    }
}

impl Future for ThreadSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.duration.is_zero() {
            return Poll::Ready(());
        }
        let duration = self.duration;
        let state = self.state.get_or_insert_with(|| {
            let state: SleepState = Arc::new(Mutex::new((false, None)));
            let shared = state.clone();
            let spawned = std::thread::Builder::new().stack_size(64 * 1024).spawn(move || {
                std::thread::sleep(duration);
                if let Ok(mut s) = shared.lock() {
                    s.0 = true;
                    if let Some(w) = s.1.take() {
                        w.wake();
                    }
                }
            });
            if spawned.is_err()
                && let Ok(mut s) = state.lock()
            {
                // No thread: do not wait rather than hang.
                s.0 = true;
            }
            state
        });
        let Ok(mut s) = state.lock() else {
            return Poll::Ready(());
        };
        if s.0 {
            return Poll::Ready(());
        }
        s.1 = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(feature = "reqwest")]
pub use reqwest_transport::{ReqwestTransport, ReqwestTransportBuilder};

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use std::time::Duration;

    use bytes::{Bytes, BytesMut};

    use super::{CallLimits, SleepFuture, Transport, TransportError, TransportErrorKind, TransportFuture};
    use crate::limits::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REPLY_BYTES, DEFAULT_TIMEOUT};

    /// The default transport: reqwest over HTTP/1.1 with rustls (ring), bounded by default (see
    /// the module docs); reqwest follows no redirect.
    #[derive(Clone, Debug)]
    pub struct ReqwestTransport {
        client: Result<reqwest::Client, TransportError>,
        max_reply_bytes: u64,
    }

    /// Configures a [`ReqwestTransport`].
    #[derive(Clone, Debug)]
    pub struct ReqwestTransportBuilder {
        timeout: Option<Duration>,
        connect_timeout: Option<Duration>,
        max_reply_bytes: u64,
    }

    impl Default for ReqwestTransportBuilder {
        fn default() -> Self {
            ReqwestTransportBuilder {
                timeout: Some(DEFAULT_TIMEOUT),
                connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
                max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            }
        }
    }

    impl ReqwestTransportBuilder {
        /// Total time allowed for a request, reply body included (default
        /// [`DEFAULT_TIMEOUT`]: 120 s).
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.timeout = Some(timeout);
            self
        }

        /// Time allowed to connect (default [`DEFAULT_CONNECT_TIMEOUT`]: 10 s).
        pub fn connect_timeout(mut self, timeout: Duration) -> Self {
            self.connect_timeout = Some(timeout);
            self
        }

        /// No total timeout (a call may then wait as long as the server keeps it open).
        pub fn no_timeout(mut self) -> Self {
            self.timeout = None;
            self
        }

        /// Largest reply body accepted (default [`DEFAULT_MAX_REPLY_BYTES`]: 64 MiB).
        pub fn max_reply_bytes(mut self, limit: u64) -> Self {
            self.max_reply_bytes = limit;
            self
        }

        /// Builds the transport.
        pub fn build(self) -> Result<ReqwestTransport, TransportError> {
            // reqwest is built with `rustls-no-provider`: make ring the process default unless
            // the application installed one already (then this call does nothing). rustls
            // 0.23.48 deprecates ring's provider for lacking post-quantum key exchange; ring stays
            // the default here because it builds without a C toolchain and CMake, and an
            // application that wants aws-lc-rs installs it before building a client. Allowed
            // rather than warned: the warning fails every downstream `-D warnings` build (CI
            // builds a fresh crate against the newest dependencies, `.ci/run`).
            #[allow(deprecated)]
            let provider = rustls::crypto::ring::default_provider();
            let _ = provider.install_default();
            let mut builder =
                reqwest::Client::builder().tls_backend_rustls().redirect(reqwest::redirect::Policy::none());
            if let Some(t) = self.timeout {
                builder = builder.timeout(t);
            }
            if let Some(t) = self.connect_timeout {
                builder = builder.connect_timeout(t);
            }
            let client = builder
                .build()
                .map_err(|e| TransportError::new(TransportErrorKind::Build, e.without_url().to_string()))?;
            Ok(ReqwestTransport { client: Ok(client), max_reply_bytes: self.max_reply_bytes })
        }
    }

    impl ReqwestTransport {
        /// A transport with the default settings (see the module docs). If the HTTP client
        /// cannot be built, every `send` returns the [`TransportErrorKind::Build`] error.
        pub fn new() -> Self {
            match ReqwestTransportBuilder::default().build() {
                Ok(t) => t,
                Err(e) => ReqwestTransport { client: Err(e), max_reply_bytes: DEFAULT_MAX_REPLY_BYTES },
            }
        }

        /// Configures timeouts and the reply size limit.
        pub fn builder() -> ReqwestTransportBuilder {
            ReqwestTransportBuilder::default()
        }

        /// Wraps an already configured reqwest client. Its timeouts and redirect policy are its
        /// own: build it with `redirect(reqwest::redirect::Policy::none())` so that the
        /// client's [`crate::redirect::RedirectPolicy`] applies, and with timeouts. The reply
        /// size limit is [`DEFAULT_MAX_REPLY_BYTES`] (see [`ReqwestTransport::with_max_reply_bytes`]).
        pub fn from_client(client: reqwest::Client) -> Self {
            ReqwestTransport { client: Ok(client), max_reply_bytes: DEFAULT_MAX_REPLY_BYTES }
        }

        /// The same transport with another reply size limit.
        pub fn with_max_reply_bytes(mut self, limit: u64) -> Self {
            self.max_reply_bytes = limit;
            self
        }

        /// The reply size limit.
        pub fn max_reply_bytes(&self) -> u64 {
            self.max_reply_bytes
        }
    }

    impl Default for ReqwestTransport {
        fn default() -> Self {
            Self::new()
        }
    }

    fn classify(e: reqwest::Error) -> TransportError {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_body() || e.is_decode() {
            TransportErrorKind::Body
        } else if e.is_request() || e.is_builder() {
            TransportErrorKind::Request
        } else {
            TransportErrorKind::Other
        };
        let e = e.without_url();
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        // A timeout may surface as a body or request error with a timeout cause.
        let kind = if kind != TransportErrorKind::Timeout && message.contains("timed out") {
            TransportErrorKind::Timeout
        } else {
            kind
        };
        TransportError::new(kind, message)
    }

    fn too_large(limit: u64, seen: &str) -> TransportError {
        TransportError::new(TransportErrorKind::TooLarge { limit }, seen.to_owned())
    }

    impl Transport for ReqwestTransport {
        fn send(&self, req: http::Request<Bytes>) -> TransportFuture<'_> {
            Box::pin(async move {
                let client = self.client.as_ref().map_err(Clone::clone)?;
                let limits = req.extensions().get::<CallLimits>().copied().unwrap_or_default();
                let limit = limits.max_reply_bytes.unwrap_or(self.max_reply_bytes);
                let mut req = reqwest::Request::try_from(req.map(reqwest::Body::from)).map_err(classify)?;
                if let Some(t) = limits.timeout {
                    *req.timeout_mut() = Some(t);
                }
                let mut resp = client.execute(req).await.map_err(classify)?;
                if let Some(len) = resp.content_length()
                    && len > limit
                {
                    return Err(too_large(limit, &format!("the reply announces {len} bytes")));
                }
                let mut builder = http::Response::builder().status(resp.status()).version(resp.version());
                if let Some(headers) = builder.headers_mut() {
                    headers.extend(resp.headers().iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                // The announced length (within the limit, checked above) is reserved in one step:
                // a buffer grown by doubling would hold up to twice the body while the last copy
                // is made, and the decoders (MTOM attachments) reuse this allocation in place.
                // Only once the first mebibyte has arrived, though: a server that announces the
                // limit and sends a few bytes gets no more than that reserved for it.
                const FIRST: u64 = 1024 * 1024;
                let announced = resp.content_length().map(|len| usize::try_from(len.min(limit)).unwrap_or(0));
                let first = resp.content_length().unwrap_or(64 * 1024).min(limit).min(FIRST);
                let mut body = BytesMut::with_capacity(usize::try_from(first).unwrap_or(0));
                loop {
                    let chunk = resp.chunk().await.map_err(|e| {
                        let mut err = classify(e);
                        if err.kind == TransportErrorKind::Other || err.kind == TransportErrorKind::Request {
                            err.kind = TransportErrorKind::Body;
                        }
                        err
                    })?;
                    let Some(chunk) = chunk else { break };
                    if (body.len() + chunk.len()) as u64 > limit {
                        // Stop reading: the connection is dropped with the response.
                        return Err(too_large(limit, &format!("reading stopped after {} bytes", body.len())));
                    }
                    if let Some(len) = announced
                        && body.len() + chunk.len() > body.capacity()
                        && len >= body.len() + chunk.len()
                    {
                        body.reserve(len - body.len());
                    }
                    body.extend_from_slice(&chunk);
                }
                // A body of unknown length grew by doubling: the spare capacity is given back
                // (in place for large blocks), as the decoders may keep this allocation.
                let body = if body.capacity() - body.len() > body.len() / 8 + 64 * 1024 {
                    let mut body = Vec::from(body.freeze());
                    body.shrink_to_fit();
                    Bytes::from(body)
                } else {
                    body.freeze()
                };
                builder.body(body).map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))
            })
        }

        fn sleep(&self, duration: Duration) -> SleepFuture {
            Box::pin(tokio::time::sleep(duration))
        }
    }
}
