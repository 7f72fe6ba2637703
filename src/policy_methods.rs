//! The call-policy methods both clients ([`SoapClient`](crate::soap::SoapClient) and
//! [`RestClient`](crate::rest::RestClient)) have, written once as a macro each client expands in
//! its `impl`.

/// The call-policy methods `SoapClient` and `RestClient` share, written once: service name for
/// trace spans, retry and redirect policies, call options (timeout, reply size limit). Both
/// clients have the fields `service`, `retry`, `redirects` and `options`; `$redirect_default` is
/// the documentation of the client's default redirect policy.
macro_rules! policy_methods {
    ($redirect_default:literal) => {
        /// Sets the service name shown in trace spans (generated clients: the service's name).
        pub fn set_service_name(&mut self, name: &'static str) {
            self.service = name;
        }

        /// Sets the retry policy.
        pub fn set_retry_policy(&mut self, policy: $crate::retry::RetryPolicy) {
            self.retry = policy;
        }

        /// The same client with retry policy `policy`.
        pub fn with_retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.retry = policy;
            self
        }

        /// The retry policy.
        pub fn retry_policy(&self) -> &$crate::retry::RetryPolicy {
            &self.retry
        }

        #[doc = concat!("Sets the redirect policy (default ", $redirect_default, ").")]
        pub fn set_redirect_policy(&mut self, policy: $crate::redirect::RedirectPolicy) {
            self.redirects = policy;
        }

        /// Sets the timeout and reply size limit of every call of this client (a clone per call
        /// gives a per-call override: [`Self::with_call_options`]).
        pub fn set_call_options(&mut self, options: $crate::limits::CallOptions) {
            self.options = options;
        }

        /// A copy of this client with call options `options` (a per-call override).
        pub fn with_call_options(&self, options: $crate::limits::CallOptions) -> Self {
            let mut client = self.clone();
            client.options = options;
            client
        }

        /// A copy of this client whose calls end after `timeout`: one deadline for every attempt
        /// and the back-off between them (see `CallOptions::attempt_timeout` for a limit per
        /// attempt).
        pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
            self.with_call_options(self.options.timeout(timeout))
        }

        /// The call options.
        pub fn call_options(&self) -> $crate::limits::CallOptions {
            self.options
        }
    };
}
pub(crate) use policy_methods;
