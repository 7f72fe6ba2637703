//! The [`Transport`] trait every client sends through (`http::Request<Bytes>` in,
//! `http::Response<Bytes>` out), and [`ReqwestTransport`], the default implementation
//! (feature `reqwest`: reqwest + rustls with the ring provider) with configurable timeouts.
//!
//! Downstream tests can plug their own `Transport` (a recorder, a canned reply) into any client.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

pub use crate::error::{TransportError, TransportErrorKind};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns the complete reply (any status).
pub trait Transport: Send + Sync + Debug {
    /// Sends `req`; a reply body cut short is a [`TransportErrorKind::Body`] error.
    fn send(&self, req: http::Request<Bytes>) -> TransportFuture<'_>;
}

#[cfg(feature = "reqwest")]
pub use reqwest_transport::{ReqwestTransport, ReqwestTransportBuilder};

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use std::time::Duration;

    use bytes::Bytes;

    use super::{Transport, TransportError, TransportErrorKind, TransportFuture};

    /// The default transport: reqwest over HTTP/1.1 with rustls (ring).
    #[derive(Clone, Debug)]
    pub struct ReqwestTransport {
        client: Result<reqwest::Client, TransportError>,
    }

    /// Configures a [`ReqwestTransport`].
    #[derive(Clone, Debug, Default)]
    pub struct ReqwestTransportBuilder {
        timeout: Option<Duration>,
        connect_timeout: Option<Duration>,
    }

    impl ReqwestTransportBuilder {
        /// Total time allowed for a request, reply body included.
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.timeout = Some(timeout);
            self
        }

        /// Time allowed to connect.
        pub fn connect_timeout(mut self, timeout: Duration) -> Self {
            self.connect_timeout = Some(timeout);
            self
        }

        /// Builds the transport.
        pub fn build(self) -> Result<ReqwestTransport, TransportError> {
            // reqwest is built with `rustls-no-provider`: make ring the process default unless
            // the application installed one already (then this call does nothing).
            let _ = rustls::crypto::ring::default_provider().install_default();
            let mut builder = reqwest::Client::builder().tls_backend_rustls();
            if let Some(t) = self.timeout {
                builder = builder.timeout(t);
            }
            if let Some(t) = self.connect_timeout {
                builder = builder.connect_timeout(t);
            }
            let client = builder
                .build()
                .map_err(|e| TransportError::new(TransportErrorKind::Build, e.without_url().to_string()))?;
            Ok(ReqwestTransport { client: Ok(client) })
        }
    }

    impl ReqwestTransport {
        /// A transport with default settings (no timeouts). If the HTTP client cannot be built,
        /// every `send` returns the [`TransportErrorKind::Build`] error.
        pub fn new() -> Self {
            match ReqwestTransportBuilder::default().build() {
                Ok(t) => t,
                Err(e) => ReqwestTransport { client: Err(e) },
            }
        }

        /// Configures timeouts.
        pub fn builder() -> ReqwestTransportBuilder {
            ReqwestTransportBuilder::default()
        }

        /// Wraps an already configured reqwest client.
        pub fn from_client(client: reqwest::Client) -> Self {
            ReqwestTransport { client: Ok(client) }
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
        TransportError::new(kind, message)
    }

    impl Transport for ReqwestTransport {
        fn send(&self, req: http::Request<Bytes>) -> TransportFuture<'_> {
            Box::pin(async move {
                let client = self.client.as_ref().map_err(Clone::clone)?;
                let req = reqwest::Request::try_from(req.map(reqwest::Body::from)).map_err(classify)?;
                let resp = client.execute(req).await.map_err(classify)?;
                let mut builder = http::Response::builder().status(resp.status()).version(resp.version());
                if let Some(headers) = builder.headers_mut() {
                    headers.extend(resp.headers().iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                let body = resp.bytes().await.map_err(|e| {
                    let mut err = classify(e);
                    if err.kind == TransportErrorKind::Other || err.kind == TransportErrorKind::Request {
                        err.kind = TransportErrorKind::Body;
                    }
                    err
                })?;
                builder.body(body).map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))
            })
        }
    }
}
