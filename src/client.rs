//! The settings every generated `ClientBuilder` shares, whatever its service: the address, the
//! transport or the default transport's timeouts and reply size limit, the retry and redirect
//! policies, and (SOAP) WS-Security. A generated builder adds its service's own settings (SOAP
//! version, headers, credentials), calls [`ClientConfig::transport`] when it builds its client and
//! hands the policies over with [`ClientConfig::apply_soap`] / [`ClientConfig::apply_rest`]. The
//! builder and client methods over these settings are written once, in the macros below.

use std::sync::Arc;
use std::time::Duration;

use crate::Error;
use crate::auth::Credentials;
use crate::redirect::RedirectPolicy;
use crate::rest::RestClient;
use crate::retry::RetryPolicy;
use crate::soap::SoapClient;
use crate::transport::Transport;
use crate::wssec::{SecurityPolicy, WsSecurity};

/// Address, transport and default-transport settings of a client being built.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    address: String,
    transport: Option<Arc<dyn Transport>>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_reply_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
    redirects: Option<RedirectPolicy>,
    ws_security: Option<WsSecurity>,
    max_pages: Option<u64>,
    namespace_tolerant: bool,
    mtom: Option<usize>,
    credentials: Credentials,
}

impl ClientConfig {
    /// Settings for a client of `address`: the default transport with its default limits.
    pub fn new(address: impl Into<String>) -> Self {
        ClientConfig {
            address: address.into(),
            transport: None,
            timeout: None,
            connect_timeout: None,
            max_reply_bytes: None,
            retry: None,
            redirects: None,
            ws_security: None,
            max_pages: None,
            namespace_tolerant: false,
            mtom: None,
            credentials: Credentials::new(),
        }
    }

    /// The address requests go to.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Sends requests through `transport` (its own timeouts and limits apply, within the call's
    /// deadline).
    pub fn set_transport(&mut self, transport: Arc<dyn Transport>) {
        self.transport = Some(transport);
    }

    /// Total time allowed for each call, retries included (the client's deadline; also the default
    /// transport's limit per request).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Time allowed to connect, for the default transport.
    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    /// Largest reply body the default transport accepts (default
    /// [`crate::limits::DEFAULT_MAX_REPLY_BYTES`]).
    pub fn set_max_reply_bytes(&mut self, limit: u64) {
        self.max_reply_bytes = Some(limit);
    }

    /// When calls are repeated (default [`RetryPolicy::default`]: only what is safe to repeat).
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Which redirects are followed (default: see [`crate::redirect`]).
    pub fn set_redirect_policy(&mut self, policy: RedirectPolicy) {
        self.redirects = Some(policy);
    }

    /// WS-Security headers (UsernameToken, Timestamp) for every call of a SOAP client.
    pub fn set_ws_security(&mut self, ws_security: WsSecurity) {
        self.ws_security = Some(ws_security);
    }

    /// The most pages a cursor stream of a REST client fetches (default
    /// [`crate::limits::DEFAULT_MAX_PAGES`]).
    pub fn set_max_pages(&mut self, pages: u64) {
        self.max_pages = Some(pages);
    }

    /// Accepts XML reply elements of a declared local name in another namespace (see
    /// [`SoapClient::set_namespace_tolerant`], [`RestClient::set_namespace_tolerant`]).
    pub fn set_namespace_tolerant(&mut self, tolerant: bool) {
        self.namespace_tolerant = tolerant;
    }

    /// Sends the requests of a SOAP client as MTOM, `base64Binary` values of at least `threshold`
    /// bytes as binary parts (see [`SoapClient::set_mtom`]); `None`, the default, leaves the
    /// client's setting (off, or what its WSDL's policy asks for).
    pub fn set_mtom(&mut self, threshold: Option<usize>) {
        self.mtom = threshold;
    }

    /// The credentials of a REST client, sent where an operation's security asks for them
    /// (`wsbind::auth`): generated builders set them with `api_key`, `basic`, `bearer`,
    /// `token_provider` as the description's security schemes call for.
    pub fn credentials_mut(&mut self) -> &mut Credentials {
        &mut self.credentials
    }

    /// Hands the policies set here to a SOAP client being built.
    pub fn apply_soap(&self, client: &mut SoapClient) {
        client.set_namespace_tolerant(self.namespace_tolerant);
        if let Some(timeout) = self.timeout {
            client.set_call_options(client.call_options().timeout(timeout));
        }
        if let Some(policy) = &self.retry {
            client.set_retry_policy(policy.clone());
        }
        if let Some(policy) = self.redirects {
            client.set_redirect_policy(policy);
        }
        if let Some(ws_security) = &self.ws_security {
            client.set_ws_security(Some(ws_security.clone()));
        }
        if self.mtom.is_some() {
            client.set_mtom(self.mtom);
        }
    }

    /// Applies the service's WS-SecurityPolicy to a SOAP client being built, after
    /// [`ClientConfig::apply_soap`]: the WS-Security settings given here configured as `policy`
    /// says, and the policy checked before each call ([`SecurityPolicy::install`]). Generated
    /// builders of services whose WSDL carries a policy call it.
    pub fn apply_security_policy(&self, policy: &SecurityPolicy, client: &mut SoapClient) {
        policy.install(client, self.ws_security.clone());
    }

    /// Hands the policies set here to a REST client being built.
    pub fn apply_rest(&self, client: &mut RestClient) {
        client.set_namespace_tolerant(self.namespace_tolerant);
        if let Some(timeout) = self.timeout {
            client.set_call_options(client.call_options().timeout(timeout));
        }
        if let Some(policy) = &self.retry {
            client.set_retry_policy(policy.clone());
        }
        if let Some(policy) = self.redirects {
            client.set_redirect_policy(policy);
        }
        if let Some(pages) = self.max_pages {
            client.set_max_pages(pages);
        }
        if !self.credentials.is_empty() {
            client.set_credentials(self.credentials.clone());
        }
    }

    /// The transport to build the client with: the one given, or the default transport with the
    /// timeouts and reply size limit set here. The connect timeout and the reply size limit
    /// together with a transport of one's own are an [`Error::Unsupported`] (they would be
    /// silently ignored), as is asking for the default transport without wsbind's `reqwest`
    /// feature. The timeout is the call's deadline, which the runtime keeps whatever the
    /// transport (see [`crate::limits::CallOptions`]).
    pub fn transport(&self) -> Result<Arc<dyn Transport>, Error> {
        let tuned = self.connect_timeout.is_some() || self.max_reply_bytes.is_some();
        match &self.transport {
            Some(_) if tuned => Err(Error::Unsupported(
                "the timeouts and reply size limit of a client builder configure the default transport; \
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
        if let Some(limit) = self.max_reply_bytes {
            builder = builder.max_reply_bytes(limit);
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
/// `timeout`, `connect_timeout`, `max_reply_bytes`, `retry_policy`, `redirect_policy`, with
/// `(soap)` `ws_security`, `mtom` and `namespace_tolerant`, with `(rest)` `max_pages` and
/// `namespace_tolerant`; each sets the builder's `config: ClientConfig` field and returns the
/// builder. Generated code invokes it inside its builder's `impl` block.
#[doc(hidden)]
#[macro_export]
macro_rules! client_builder_methods {
    (rest) => {
        $crate::client_builder_methods!();
        /// The most pages a cursor stream fetches before it stops with `Error::Pagination`
        /// (default 10,000).
        pub fn max_pages(mut self, pages: u64) -> Self {
            self.config.set_max_pages(pages);
            self
        }
        /// Accepts elements of XML replies with a declared local name in another namespace
        /// than the schema's. Off by default: such a reply is then `Error::Decode` of kind
        /// `MissingInOtherNamespace`. JSON replies are not affected.
        pub fn namespace_tolerant(mut self, tolerant: bool) -> Self {
            self.config.set_namespace_tolerant(tolerant);
            self
        }
    };
    (soap) => {
        $crate::client_builder_methods!();
        /// Accepts reply elements of a declared local name in another namespace than the
        /// schema's (servers whose replies do not follow their own `elementFormDefault`). Off by
        /// default: such a reply is then `Error::Decode` of kind `MissingInOtherNamespace`.
        pub fn namespace_tolerant(mut self, tolerant: bool) -> Self {
            self.config.set_namespace_tolerant(tolerant);
            self
        }
        /// Sends WS-Security headers (UsernameToken, Timestamp) with every call; the password is
        /// never printed.
        pub fn ws_security(mut self, ws_security: $crate::wssec::WsSecurity) -> Self {
            self.config.set_ws_security(ws_security);
            self
        }
        /// Sends the requests as MTOM: `base64Binary` values of at least `threshold` bytes go
        /// as binary parts of a `multipart/related` message instead of base64 text
        /// (`wsbind::mtom::DEFAULT_THRESHOLD`, 1024, is WCF's and CXF's default); requests
        /// without such a value stay plain envelopes.
        pub fn mtom(mut self, threshold: usize) -> Self {
            self.config.set_mtom(Some(threshold));
            self
        }
    };
    () => {
        /// Sends the requests through `transport` (a transport of your own, or a fake in tests).
        pub fn transport(mut self, transport: ::std::sync::Arc<dyn $crate::transport::Transport>) -> Self {
            self.config.set_transport(transport);
            self
        }
        /// Total time allowed for each call, every attempt of the retry policy and the back-off
        /// between them included (one deadline, kept whatever the transport; the default
        /// transport allows 120 s per request without it).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.set_timeout(timeout);
            self
        }
        /// Time allowed to connect, for the default transport (default 10 s).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.set_connect_timeout(timeout);
            self
        }
        /// Largest reply body the default transport accepts, in bytes (default 64 MiB).
        pub fn max_reply_bytes(mut self, limit: u64) -> Self {
            self.config.set_max_reply_bytes(limit);
            self
        }
        /// When calls are repeated (default: only what is safe to repeat, see
        /// `wsbind::retry::RetryPolicy`).
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.config.set_retry_policy(policy);
            self
        }
        /// Which redirects are followed (default: none for SOAP or requests carrying secrets,
        /// same-origin otherwise, see `wsbind::redirect`).
        pub fn redirect_policy(mut self, policy: $crate::redirect::RedirectPolicy) -> Self {
            self.config.set_redirect_policy(policy);
            self
        }
    };
}

/// The per-call overrides every generated client has, written once here: `with_call_options` /
/// `set_call_options` (timeout and reply size limit for the calls of this client value; clone the
/// client to use them for one call). Generated code invokes it inside its client's `impl` block.
#[doc(hidden)]
#[macro_export]
macro_rules! client_methods {
    () => {
        /// This client, with `options` (timeout, reply size limit) for its calls instead of the
        /// transport's: `client.clone().with_call_options(..)` for one call.
        #[must_use]
        pub fn with_call_options(mut self, options: $crate::limits::CallOptions) -> Self {
            self.set_call_options(options);
            self
        }
        /// Uses `options` (timeout, reply size limit) for this client's calls.
        pub fn set_call_options(&mut self, options: $crate::limits::CallOptions) {
            self.inner.set_call_options(options);
        }
    };
}
