//! The settings every generated `ClientBuilder` shares, whatever its service: the address, the
//! transport, and the default transport's timeouts. A generated builder adds
//! its service's own settings (SOAP version, headers, credentials) and calls [`ClientConfig::transport`]
//! when it builds its client.

use std::sync::Arc;
use std::time::Duration;

use crate::Error;
use crate::transport::Transport;

/// Address, transport and default-transport settings of a client being built.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    address: String,
    transport: Option<Arc<dyn Transport>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl ClientConfig {
    /// Settings for a client of `address`: the default transport with its default limits.
    pub fn new(address: impl Into<String>) -> Self {
        ClientConfig { address: address.into(), transport: None, timeout: None, connect_timeout: None }
    }

    /// The address requests go to.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Sends requests through `transport` (its own timeouts and limits apply).
    pub fn set_transport(&mut self, transport: Arc<dyn Transport>) {
        self.transport = Some(transport);
    }

    /// Total time allowed for one request of the default transport, reply included.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Time allowed to connect, for the default transport.
    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    /// The transport to build the client with: the one given, or the default transport with the
    /// timeouts set here. Timeouts together with a transport of one's own are an
    /// [`Error::Unsupported`] (they would be silently ignored), as is asking for the default
    /// transport without wsbind's `reqwest` feature.
    pub fn transport(&self) -> Result<Arc<dyn Transport>, Error> {
        let tuned = self.timeout.is_some() || self.connect_timeout.is_some();
        match &self.transport {
            Some(_) if tuned => Err(Error::Unsupported(
                "the timeouts of a client builder configure the default transport; \
                 set them on the transport given to `transport(..)` instead"
                    .to_owned(),
            )),
            Some(transport) => Ok(Arc::clone(transport)),
            None => self.default_transport(),
        }
    }

    #[cfg(feature = "reqwest")]
    fn default_transport(&self) -> Result<Arc<dyn Transport>, Error> {
        let mut builder = crate::transport::ReqwestTransport::builder();
        if let Some(t) = self.timeout {
            builder = builder.timeout(t);
        }
        if let Some(t) = self.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        Ok(Arc::new(builder.build()?))
    }

    #[cfg(not(feature = "reqwest"))]
    fn default_transport(&self) -> Result<Arc<dyn Transport>, Error> {
        Err(Error::Unsupported(
            "no transport: give one with `transport(..)`, or enable wsbind's `reqwest` feature for the default"
                .to_owned(),
        ))
    }
}

/// The builder methods every generated `ClientBuilder` shares, written once here: `transport`,
/// `timeout` and `connect_timeout`, each setting the builder's `config: ClientConfig` field and
/// returning the builder. Generated code invokes it inside its builder's `impl` block.
#[doc(hidden)]
#[macro_export]
macro_rules! client_builder_methods {
    () => {
        /// Sends the requests through `transport` (a transport of your own, or a fake in tests).
        pub fn transport(mut self, transport: ::std::sync::Arc<dyn $crate::transport::Transport>) -> Self {
            self.config.set_transport(transport);
            self
        }
        /// Total time allowed for one request of the default transport, reply included.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.set_timeout(timeout);
            self
        }
        /// Time allowed to connect, for the default transport.
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.set_connect_timeout(timeout);
            self
        }
    };
}
