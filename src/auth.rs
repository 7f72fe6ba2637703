//! Credentials of REST clients, from the security schemes of an OpenAPI description.
//!
//! Generated code describes, per operation, the credentials the service accepts
//! ([`RestOp::security`](crate::rest::RestOp::security)): a list of alternatives
//! ([`Requirement`]s), each a set of [`SecurityScheme`]s sent together. The user gives the
//! values once, on the client builder ([`Credentials`]: an API key, a user and password, a bearer
//! token or a [`TokenProvider`]); before each call the client picks the first alternative whose
//! every scheme it has a value for, and writes them where the schemes say:
//!
//! | scheme | sent as |
//! |---|---|
//! | [`SchemeKind::ApiKey`] in [`KeyLocation::Header`] | header `name: key` |
//! | [`SchemeKind::ApiKey`] in [`KeyLocation::Query`] | query parameter `name=key` |
//! | [`SchemeKind::ApiKey`] in [`KeyLocation::Cookie`] | `Cookie: name=key` |
//! | [`SchemeKind::Basic`] | `Authorization: Basic base64(user:password)` |
//! | [`SchemeKind::Bearer`] (HTTP bearer, OAuth 2, OpenID Connect) | `Authorization: Bearer token` |
//!
//! An operation whose alternatives the client has no values for (or that declares none) is sent
//! without credentials: the server answers as it does for anyone (often 401, an [`Error::Api`] or
//! [`Error::Status`]); credentials the description does not ask for are never sent.
//!
//! A [`TokenProvider`] is asked for a token before each call (`refresh == false`: a cached token
//! will do) and, when the server answers `401 Unauthorized`, once more (`refresh == true`: the
//! token was refused, get a new one); the call is then sent again with the new token, once.
//!
//! Secrets: every value given here (the key, the password and the `Basic` value, each token) is
//! added to the call's [`Secrets`], so it is scrubbed from errors, body excerpts and trace
//! events, and a request carrying one is never redirected to another origin; [`Credentials`]'
//! `Debug` shows which kinds are set, never a value.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{AUTHORIZATION, COOKIE};

use crate::error::Error;
use crate::scrub::Secrets;

/// One security scheme of a description (`components.securitySchemes`), as generated code
/// declares it in its `ops` module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's name in the description (`api_key`, `petstore_auth`).
    pub name: &'static str,
    /// What the scheme sends.
    pub kind: SchemeKind,
}

/// What a [`SecurityScheme`] sends (see the module documentation's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SchemeKind {
    /// An API key, in a header, query parameter or cookie called `name`.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// HTTP basic authentication.
    Basic,
    /// A bearer token (HTTP bearer, OAuth 2 access tokens, OpenID Connect).
    Bearer,
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie (`Cookie: name=key`).
    Cookie,
}

/// One alternative of an operation's security: these schemes, together. Empty: the operation
/// may be called without credentials.
pub type Requirement = &'static [&'static SecurityScheme];

/// The error a [`TokenProvider`] fails with (it becomes [`Error::Credentials`]).
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// The future of [`TokenProvider::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;

/// Hands out bearer tokens (OAuth 2 access tokens, OpenID Connect ID tokens, any token that
/// expires): asked before each call, and once more when the server refused the token with 401.
///
/// An async closure `Fn(bool) -> impl Future<Output = Result<String, TokenError>>` is a provider:
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicU32, Ordering};
/// let fetches = Arc::new(AtomicU32::new(0));
/// let provider = move |refresh: bool| {
///     let fetches = Arc::clone(&fetches);
///     async move {
///         // A real provider keeps the token until `refresh` (or its expiry) and asks the
///         // authorisation server for a new one then.
///         let n = if refresh { fetches.fetch_add(1, Ordering::SeqCst) + 1 } else { fetches.load(Ordering::SeqCst) };
///         Ok::<_, wsbind::auth::TokenError>(format!("token-{n}"))
///     }
/// };
/// let credentials = wsbind::auth::Credentials::new().token_provider(provider);
/// assert_eq!(format!("{credentials:?}"), "Credentials { bearer: \"<token provider>\" }");
/// ```
pub trait TokenProvider: Send + Sync {
    /// A token. `refresh` is `false` before a call (a token still valid will do) and `true`
    /// after the server refused the last one (`401 Unauthorized`): a new one is wanted.
    fn token(&self, refresh: bool) -> TokenFuture<'_>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn(bool) -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, TokenError>> + Send + 'static,
{
    fn token(&self, refresh: bool) -> TokenFuture<'_> {
        Box::pin(self(refresh))
    }
}

/// How bearer tokens are had.
#[derive(Clone)]
enum Bearer {
    Token(String),
    Provider(Arc<dyn TokenProvider>),
}

/// The credentials a client sends where an operation's security asks for them (see the module
/// documentation). `Debug` shows which are set, never their values.
#[derive(Clone, Default)]
pub struct Credentials {
    /// The key of every API key scheme without a key of its own.
    api_key: Option<String>,
    /// Keys of particular API key schemes, by scheme name.
    scheme_keys: Vec<(String, String)>,
    basic: Option<(String, String)>,
    bearer: Option<Bearer>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Credentials");
        if self.api_key.is_some() {
            d.field("api_key", &"<redacted>");
        }
        for (scheme, _) in &self.scheme_keys {
            d.field("scheme_key", &format_args!("{scheme:?}: \"<redacted>\""));
        }
        if self.basic.is_some() {
            d.field("basic", &"<redacted>");
        }
        match &self.bearer {
            Some(Bearer::Token(_)) => d.field("bearer", &"<redacted>"),
            Some(Bearer::Provider(_)) => d.field("bearer", &"<token provider>"),
            None => &mut d,
        };
        d.finish()
    }
}

impl Credentials {
    /// No credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when no credential is set.
    pub fn is_empty(&self) -> bool {
        self.api_key.is_none() && self.scheme_keys.is_empty() && self.basic.is_none() && self.bearer.is_none()
    }

    /// The key sent by every API key scheme (that has no key of its own, see
    /// [`Credentials::set_scheme_api_key`]).
    pub fn set_api_key(&mut self, key: impl Into<String>) {
        self.api_key = Some(key.into());
    }

    /// The key sent by the API key scheme named `scheme` in the description (for services with
    /// several API key schemes that take different keys).
    pub fn set_scheme_api_key(&mut self, scheme: impl Into<String>, key: impl Into<String>) {
        let scheme = scheme.into();
        self.scheme_keys.retain(|(s, _)| *s != scheme);
        self.scheme_keys.push((scheme, key.into()));
    }

    /// The user and password of HTTP basic authentication.
    pub fn set_basic(&mut self, user: impl Into<String>, password: impl Into<String>) {
        self.basic = Some((user.into(), password.into()));
    }

    /// A fixed bearer token (replaces a token provider).
    pub fn set_bearer(&mut self, token: impl Into<String>) {
        self.bearer = Some(Bearer::Token(token.into()));
    }

    /// Bearer tokens from `provider`, asked before each call and again after a 401 (replaces a
    /// fixed token).
    pub fn set_token_provider(&mut self, provider: impl TokenProvider + 'static) {
        self.bearer = Some(Bearer::Provider(Arc::new(provider)));
    }

    /// These credentials with the key of every API key scheme ([`Credentials::set_api_key`]).
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.set_api_key(key);
        self
    }

    /// These credentials with the key of API key scheme `scheme`
    /// ([`Credentials::set_scheme_api_key`]).
    #[must_use]
    pub fn scheme_api_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.set_scheme_api_key(scheme, key);
        self
    }

    /// These credentials with HTTP basic authentication ([`Credentials::set_basic`]).
    #[must_use]
    pub fn basic(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.set_basic(user, password);
        self
    }

    /// These credentials with a fixed bearer token ([`Credentials::set_bearer`]).
    #[must_use]
    pub fn bearer(mut self, token: impl Into<String>) -> Self {
        self.set_bearer(token);
        self
    }

    /// These credentials with a token provider ([`Credentials::set_token_provider`]).
    #[must_use]
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.set_token_provider(provider);
        self
    }

    fn key_for(&self, scheme: &SecurityScheme) -> Option<&str> {
        self.scheme_keys.iter().find(|(s, _)| s == scheme.name).map(|(_, k)| k.as_str()).or(self.api_key.as_deref())
    }

    fn has(&self, scheme: &SecurityScheme) -> bool {
        match scheme.kind {
            SchemeKind::ApiKey { .. } => self.key_for(scheme).is_some(),
            SchemeKind::Basic => self.basic.is_some(),
            SchemeKind::Bearer => self.bearer.is_some(),
        }
    }

    /// The alternative of `security` these credentials satisfy: the first non-empty one whose
    /// every scheme has a value; `None` when none has (the call then goes without credentials).
    pub fn choose(&self, security: &[Requirement]) -> Option<Requirement> {
        security.iter().copied().find(|r| !r.is_empty() && r.iter().all(|s| self.has(s)))
    }

    /// True when the alternative [`Credentials::choose`] picks for `security` takes a token from
    /// a provider (a 401 reply is then worth a second try with a refreshed token).
    pub fn uses_provider(&self, security: &[Requirement]) -> bool {
        matches!(self.bearer, Some(Bearer::Provider(_)))
            && self.choose(security).is_some_and(|r| r.iter().any(|s| s.kind == SchemeKind::Bearer))
    }

    /// Writes the credentials of the alternative chosen for `security` into `request` (headers,
    /// query, cookie) and adds every value written to `secrets`. `refresh` is passed to a token
    /// provider (see [`TokenProvider::token`]). A provider's failure is [`Error::Credentials`].
    pub async fn authorize(
        &self,
        security: &[Requirement],
        request: &mut http::Request<Bytes>,
        secrets: &mut Secrets,
        refresh: bool,
    ) -> Result<(), Error> {
        let Some(requirement) = self.choose(security) else { return Ok(()) };
        for scheme in requirement {
            match scheme.kind {
                SchemeKind::ApiKey { location, name } => {
                    let key = self.key_for(scheme).unwrap_or_default();
                    secrets.add(key);
                    put_api_key(request, location, name, key)?;
                }
                SchemeKind::Basic => {
                    let (user, password) =
                        self.basic.as_ref().map(|(u, p)| (u.as_str(), p.as_str())).unwrap_or_default();
                    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                    secrets.add(password);
                    secrets.add(&encoded);
                    put_authorization(request, &format!("Basic {encoded}"), scheme.name)?;
                }
                SchemeKind::Bearer => {
                    let token = match &self.bearer {
                        Some(Bearer::Token(token)) => token.clone(),
                        Some(Bearer::Provider(provider)) => {
                            provider.token(refresh).await.map_err(Error::Credentials)?
                        }
                        None => String::new(),
                    };
                    secrets.add(&token);
                    put_authorization(request, &format!("Bearer {token}"), scheme.name)?;
                }
            }
        }
        Ok(())
    }
}

fn bad_value(scheme: &str) -> Error {
    Error::Invalid(crate::error::InvalidRequest {
        field: scheme.to_owned(),
        cause: "the credential is not a valid HTTP header value".to_owned(),
    })
}

fn put_authorization(request: &mut http::Request<Bytes>, value: &str, scheme: &str) -> Result<(), Error> {
    let value = http::HeaderValue::from_str(value).map_err(|_| bad_value(scheme))?;
    request.headers_mut().append(AUTHORIZATION, value);
    Ok(())
}

fn put_api_key(
    request: &mut http::Request<Bytes>,
    location: KeyLocation,
    name: &'static str,
    key: &str,
) -> Result<(), Error> {
    match location {
        KeyLocation::Header => {
            let header = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad_value(name))?;
            let value = http::HeaderValue::from_str(key).map_err(|_| bad_value(name))?;
            request.headers_mut().insert(header, value);
        }
        KeyLocation::Query => {
            let uri = request.uri().to_string();
            let pair = form_urlencoded::Serializer::new(String::new()).append_pair(name, key).finish();
            let separator = if uri.contains('?') { '&' } else { '?' };
            *request.uri_mut() = format!("{uri}{separator}{pair}").parse().map_err(|_| bad_value(name))?;
        }
        KeyLocation::Cookie => {
            let pair = format!("{name}={key}");
            let value = match request.headers().get(COOKIE).and_then(|v| v.to_str().ok()) {
                Some(existing) if !existing.is_empty() => format!("{existing}; {pair}"),
                _ => pair,
            };
            let value = http::HeaderValue::from_str(&value).map_err(|_| bad_value(name))?;
            request.headers_mut().insert(COOKIE, value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER_KEY: SecurityScheme =
        SecurityScheme { name: "key", kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Key" } };
    const QUERY_KEY: SecurityScheme =
        SecurityScheme { name: "q", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api_key" } };
    const COOKIE_KEY: SecurityScheme =
        SecurityScheme { name: "c", kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "session" } };
    const BASIC: SecurityScheme = SecurityScheme { name: "basic", kind: SchemeKind::Basic };
    const BEARER: SecurityScheme = SecurityScheme { name: "oauth", kind: SchemeKind::Bearer };

    fn request(uri: &str) -> http::Request<Bytes> {
        http::Request::builder().uri(uri).body(Bytes::new()).unwrap()
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        // The futures here never wait: poll once with a no-op waker.
        let mut f = std::pin::pin!(f);
        let waker = std::task::Waker::noop();
        match f.as_mut().poll(&mut std::task::Context::from_waker(waker)) {
            std::task::Poll::Ready(out) => out,
            std::task::Poll::Pending => panic!("the future waits"),
        }
    }

    #[test]
    fn the_first_alternative_with_every_value_is_chosen() {
        const SECURITY: &[Requirement] = &[&[&BEARER], &[&HEADER_KEY, &BASIC], &[]];
        let security = SECURITY;
        let none = Credentials::new();
        assert_eq!(none.choose(security), None, "the anonymous alternative sends nothing");
        let key_only = Credentials::new().api_key("k-123");
        assert_eq!(key_only.choose(security), None, "the key alone satisfies no alternative");
        let both = key_only.clone().basic("ana", "pw-secret");
        assert_eq!(both.choose(security), Some(security[1]));
        let all = both.bearer("tok-1");
        assert_eq!(all.choose(security), Some(security[0]), "in the description's order");
    }

    #[test]
    fn values_go_where_the_schemes_say_and_are_secrets() {
        const SECURITY: &[Requirement] = &[&[&HEADER_KEY, &QUERY_KEY, &COOKIE_KEY, &BASIC]];
        let security = SECURITY;
        let credentials =
            Credentials::new().api_key("k-default").scheme_api_key("q", "k q&=").basic("ana", "pw-secret");
        let mut req = request("http://h/x?a=1");
        req.headers_mut().insert(COOKIE, http::HeaderValue::from_static("theme=dark"));
        let mut secrets = Secrets::new();
        block_on(credentials.authorize(security, &mut req, &mut secrets, false)).unwrap();
        assert_eq!(req.headers()["X-Key"], "k-default");
        assert_eq!(req.uri().to_string(), "http://h/x?a=1&api_key=k+q%26%3D");
        assert_eq!(req.headers()[COOKIE], "theme=dark; session=k-default");
        assert_eq!(req.headers()[AUTHORIZATION], "Basic YW5hOnB3LXNlY3JldA==");
        let text = secrets.scrub("k-default k q&= pw-secret YW5hOnB3LXNlY3JldA==");
        assert_eq!(text, "*** *** *** ***");
    }

    #[test]
    fn a_provider_is_asked_with_the_refresh_flag() {
        const SECURITY: &[Requirement] = &[&[&BEARER]];
        let security = SECURITY;
        let credentials = Credentials::new()
            .token_provider(|refresh: bool| async move { Ok(if refresh { "fresh-2" } else { "cached-1" }.to_owned()) });
        assert!(credentials.uses_provider(security));
        assert!(!Credentials::new().bearer("t").uses_provider(security));
        for (refresh, want) in [(false, "Bearer cached-1"), (true, "Bearer fresh-2")] {
            let mut req = request("http://h/");
            let mut secrets = Secrets::new();
            block_on(credentials.authorize(security, &mut req, &mut secrets, refresh)).unwrap();
            assert_eq!(req.headers()[AUTHORIZATION], want);
            assert_eq!(secrets.len(), 1);
        }
        let failing = Credentials::new().token_provider(|_| async { Err::<String, TokenError>("offline".into()) });
        let err = block_on(failing.authorize(security, &mut request("http://h/"), &mut Secrets::new(), false));
        assert!(matches!(err, Err(Error::Credentials(_))), "{err:?}");
    }

    #[test]
    fn debug_shows_kinds_not_values() {
        let c = Credentials::new().api_key("k-123456").scheme_api_key("q", "k-789").basic("ana", "pw").bearer("tok-1");
        let text = format!("{c:?}");
        assert_eq!(
            text,
            "Credentials { api_key: \"<redacted>\", scheme_key: \"q\": \"<redacted>\", basic: \"<redacted>\", bearer: \"<redacted>\" }"
        );
    }
}
