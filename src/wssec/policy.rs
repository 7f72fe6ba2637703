//! What a WSDL's WS-Policy asks of a client (WS-SecurityPolicy 1.1 / 1.2 and MTOM), as the
//! generator read it: [`SecurityPolicy`], and how [`WsSecurity`] applies it
//! ([`WsSecurity::with_policy`]).

use std::time::Duration;

use super::{PasswordType, WsSecurity};
use crate::error::{Error, InvalidRequest};
use crate::soap::SoapClient;
use crate::xml::Name;

/// How the policy's initiator token asks a signature's `KeyInfo` to name the client's
/// certificate (the policy-level twin of `KeyReference`, which exists
/// only with the `x509` feature).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PolicyKeyReference {
    /// The certificate travels in a `BinarySecurityToken` (`sp:IncludeToken` other than `Never`,
    /// no reference assertion).
    #[default]
    BinarySecurityToken,
    /// `sp:RequireIssuerSerialReference`.
    IssuerSerial,
    /// `sp:RequireKeyIdentifierReference`.
    SubjectKeyIdentifier,
}

#[cfg(feature = "x509")]
impl From<PolicyKeyReference> for super::KeyReference {
    fn from(reference: PolicyKeyReference) -> Self {
        match reference {
            PolicyKeyReference::BinarySecurityToken => super::KeyReference::BinarySecurityToken,
            PolicyKeyReference::IssuerSerial => super::KeyReference::IssuerSerial,
            PolicyKeyReference::SubjectKeyIdentifier => super::KeyReference::SubjectKeyIdentifier,
        }
    }
}

/// What a WSDL's WS-Policy asks of a client (WS-SecurityPolicy 1.1 / 1.2 and MTOM), as the
/// generator read it: a [`SecurityPolicy`] constant per generated client, built with `const fn`s
/// (`SecurityPolicy::new().x509_signature(..).timestamp()...`), that the client applies and
/// checks.
///
/// * Applied ([`SecurityPolicy::install`], which the generated builder calls with the builder's
///   [`WsSecurity`], and [`WsSecurity::with_policy`]): a `Timestamp` is sent (a header with only a
///   timestamp is added when the policy asks for one and nothing else), the password of a
///   `UsernameToken` goes as the policy says (`sp:HashPassword`: digest), an `X509Signer`
///   names its certificate the way the policy's token asks for and signs the headers the
///   policy's `sp:SignedParts` list (besides `Body` and `Timestamp`, always signed), and a
///   `ReplyVerifier` requires the timestamp the policy asks for and accepts the SHA-1 of an
///   algorithm suite such as `Basic256`.
/// * Checked before anything is sent ([`SecurityPolicy::check`], from
///   [`SoapClient`]'s calls): a policy asking for a `UsernameToken`, an X.509 signature or
///   signed replies on a client without the token, the signer or the reply verifier is an
///   [`Error::Invalid`] saying what to set; a signature the runtime cannot make as the policy
///   asks (SHA-1 algorithm suites: the signer uses RSA-SHA256 / ECDSA-SHA256 and SHA-256
///   digests; a key reference the certificate cannot give) is an [`Error::Unsupported`].
/// * MTOM (`wsoma:OptimizedMimeSerialization`): requests are sent as MTOM with the default
///   threshold unless the builder set one ([`SoapClient::set_mtom`]); MTOM replies are decoded
///   whatever the policy.
/// * Recorded only: `sp:TransportBinding` with `sp:HttpsToken` (the address should be `https`;
///   not enforced, so that tests may use a local mock), and the assertions the runtime does not implement
///   ([`SecurityPolicy::unsupported_assertions`]: a symmetric binding, encryption, WS-Addressing,
///   WS-Trust...), which the generated documentation lists; the server may refuse messages
///   without them.
///
/// [`SoapClient`]: crate::soap::SoapClient
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityPolicy {
    https: bool,
    username: Option<PasswordType>,
    timestamp: bool,
    signature: Option<PolicyKeyReference>,
    signed_headers: &'static [Name<'static>],
    signed_replies: bool,
    mtom: bool,
    algorithm_suite: Option<&'static str>,
    unsupported: &'static [&'static str],
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl SecurityPolicy {
    /// A policy asking for nothing.
    pub const fn new() -> Self {
        SecurityPolicy {
            https: false,
            username: None,
            timestamp: false,
            signature: None,
            signed_headers: &[],
            signed_replies: false,
            mtom: false,
            algorithm_suite: None,
            unsupported: &[],
        }
    }

    /// `sp:TransportBinding` with an `sp:HttpsToken`: the messages travel over HTTPS.
    pub const fn https(mut self) -> Self {
        self.https = true;
        self
    }

    /// An `sp:UsernameToken` whose password goes as `kind` (`sp:HashPassword`:
    /// [`PasswordType::Digest`]).
    pub const fn username_token(mut self, kind: PasswordType) -> Self {
        self.username = Some(kind);
        self
    }

    /// `sp:IncludeTimestamp`: a `wsu:Timestamp` in the security header.
    pub const fn timestamp(mut self) -> Self {
        self.timestamp = true;
        self
    }

    /// `sp:AsymmetricBinding` with an X.509 initiator token: requests are signed with the client's
    /// certificate, named in `KeyInfo` as `reference` says.
    pub const fn x509_signature(mut self, reference: PolicyKeyReference) -> Self {
        self.signature = Some(reference);
        self
    }

    /// `sp:SignedParts/sp:Header`: these header elements are signed too (the `Body` and the
    /// `Timestamp` always are).
    pub const fn signed_headers(mut self, headers: &'static [Name<'static>]) -> Self {
        self.signed_headers = headers;
        self
    }

    /// An `sp:RecipientToken`: the service signs its replies.
    pub const fn signed_replies(mut self) -> Self {
        self.signed_replies = true;
        self
    }

    /// `wsoma:OptimizedMimeSerialization`: the service uses MTOM.
    pub const fn mtom(mut self) -> Self {
        self.mtom = true;
        self
    }

    /// `sp:AlgorithmSuite`, by the local name of its assertion (`Basic256Sha256`, `Basic256`...).
    pub const fn algorithm_suite(mut self, suite: &'static str) -> Self {
        self.algorithm_suite = Some(suite);
        self
    }

    /// Assertions the runtime does not implement, by qualified name (`sp:SymmetricBinding`,
    /// `sp:EncryptedParts`, `wsaw:UsingAddressing`...): documented, not applied.
    pub const fn unsupported(mut self, assertions: &'static [&'static str]) -> Self {
        self.unsupported = assertions;
        self
    }

    /// Whether the messages travel over HTTPS (`sp:TransportBinding`, `sp:HttpsToken`).
    pub const fn requires_https(&self) -> bool {
        self.https
    }

    /// The password type of the `UsernameToken` the policy asks for, if it asks for one.
    pub const fn username_token_kind(&self) -> Option<PasswordType> {
        self.username
    }

    /// Whether the security header carries a `Timestamp`.
    pub const fn requires_timestamp(&self) -> bool {
        self.timestamp
    }

    /// How `KeyInfo` names the certificate, when requests are signed.
    pub const fn signature_reference(&self) -> Option<PolicyKeyReference> {
        self.signature
    }

    /// The header elements signed besides `Body` and `Timestamp`.
    pub const fn signed_header_names(&self) -> &'static [Name<'static>] {
        self.signed_headers
    }

    /// Whether the service signs its replies.
    pub const fn replies_signed(&self) -> bool {
        self.signed_replies
    }

    /// Whether the service uses MTOM.
    pub const fn uses_mtom(&self) -> bool {
        self.mtom
    }

    /// The algorithm suite's name, when the policy gives one.
    pub const fn suite(&self) -> Option<&'static str> {
        self.algorithm_suite
    }

    /// The assertions the runtime does not implement.
    pub const fn unsupported_assertions(&self) -> &'static [&'static str] {
        self.unsupported
    }

    /// True when the algorithm suite asks for SHA-1 (`Basic256`, `Basic128`, `TripleDes`... rather
    /// than their `Sha256` variants).
    pub fn sha1_suite(&self) -> bool {
        self.algorithm_suite.is_some_and(|s| !s.contains("Sha256"))
    }

    /// `ws` as this policy configures it ([`WsSecurity::with_policy`]); with none, a header with
    /// only a timestamp when the policy asks for one and for no credential (what a transport
    /// binding with `sp:IncludeTimestamp` needs), else none.
    pub fn configure(&self, ws: Option<WsSecurity>) -> Option<WsSecurity> {
        match ws {
            Some(ws) => Some(ws.with_policy(self)),
            None if self.timestamp && self.username.is_none() && self.signature.is_none() => {
                Some(WsSecurity::new().with_policy(self))
            }
            None => None,
        }
    }

    /// Sets the client's WS-Security header to `ws` as this policy configures it
    /// ([`SecurityPolicy::configure`]), turns MTOM requests on when the policy uses MTOM and the
    /// client has no threshold of its own ([`crate::mtom::DEFAULT_THRESHOLD`]), and has the client
    /// check the policy before each call. Generated clients call it when they are built.
    pub fn install(&self, client: &mut SoapClient, ws: Option<WsSecurity>) {
        client.set_ws_security(self.configure(ws));
        if self.mtom && client.mtom().is_none() {
            client.set_mtom(Some(crate::mtom::DEFAULT_THRESHOLD));
        }
        client.set_security_policy(Some(*self));
    }

    /// What the policy asks for that `ws` lacks (a `UsernameToken`, a `Timestamp`, an X.509
    /// signer, a reply verifier), as a sentence; `None` when nothing is missing.
    pub fn missing(&self, ws: Option<&WsSecurity>) -> Option<String> {
        let mut lacking: Vec<&str> = Vec::new();
        if self.username.is_some() && ws.is_none_or(|ws| ws.username.is_none()) {
            lacking.push("a UsernameToken (`WsSecurity::username_token`)");
        }
        if self.timestamp && ws.is_none_or(|ws| ws.timestamp.is_none()) {
            lacking.push("a Timestamp (`WsSecurity::timestamp`)");
        }
        if self.signature.is_some() && !has_signer(ws) {
            lacking.push(if cfg!(feature = "x509") {
                "an X.509 signature (`WsSecurity::sign` with an `X509Signer`)"
            } else {
                "an X.509 signature (`WsSecurity::sign` with an `X509Signer`, wsbind's `x509` feature)"
            });
        }
        if self.signed_replies && !has_verifier(ws) {
            lacking.push(if cfg!(feature = "x509") {
                "a verifier of the replies it signs (`WsSecurity::verify_replies` with a `ReplyVerifier`)"
            } else {
                "a verifier of the replies it signs (`WsSecurity::verify_replies` with a `ReplyVerifier`, \
                 wsbind's `x509` feature)"
            });
        }
        if lacking.is_empty() {
            return None;
        }
        Some(format!(
            "the service's WS-SecurityPolicy asks for {}, which this client lacks: set them with the client \
             builder's `ws_security(..)`",
            join(&lacking)
        ))
    }

    /// `Ok` when `ws` gives what the policy asks for: else [`Error::Invalid`] with what is
    /// [`missing`](SecurityPolicy::missing), or [`Error::Unsupported`] when the signature cannot
    /// be made as the policy asks (a SHA-1 algorithm suite, a key reference the certificate
    /// cannot give). Nothing has been sent.
    pub fn check(&self, ws: Option<&WsSecurity>) -> Result<(), Error> {
        if let Some(cause) = self.missing(ws) {
            return Err(Error::Invalid(InvalidRequest { field: "wsse:Security".to_owned(), cause }));
        }
        if self.signature.is_some() && self.sha1_suite() {
            return Err(Error::Unsupported(format!(
                "the service's WS-SecurityPolicy asks for the algorithm suite `{}` (RSA-SHA1 signatures, SHA-1 \
                 digests); this client signs with RSA-SHA256 or ECDSA-SHA256 and SHA-256 digests",
                self.algorithm_suite.unwrap_or_default()
            )));
        }
        #[cfg(feature = "x509")]
        if let (Some(wanted), Some(signer)) = (self.signature, ws.and_then(|ws| ws.signer.as_ref()))
            && signer.reference() != super::KeyReference::from(wanted)
        {
            return Err(Error::Unsupported(format!(
                "the service's WS-SecurityPolicy asks for a {wanted:?} key reference, which the signing \
                 certificate `{}` cannot give",
                signer.certificate().subject()
            )));
        }
        Ok(())
    }
}

fn has_signer(ws: Option<&WsSecurity>) -> bool {
    #[cfg(feature = "x509")]
    return ws.is_some_and(|ws| ws.signer.is_some());
    #[cfg(not(feature = "x509"))]
    {
        let _ = ws;
        false
    }
}

fn has_verifier(ws: Option<&WsSecurity>) -> bool {
    #[cfg(feature = "x509")]
    return ws.is_some_and(|ws| ws.verifier.is_some());
    #[cfg(not(feature = "x509"))]
    {
        let _ = ws;
        false
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl WsSecurity {
    /// These settings as `policy` asks (see [`SecurityPolicy`]): a `Timestamp` when it asks for
    /// one (five minutes unless one is set), the `UsernameToken`'s password type, and with the
    /// `x509` feature the signer's key reference and signed headers and the reply verifier's
    /// timestamp and SHA-1 settings. A credential the policy asks for and these settings lack is
    /// not made up: [`SecurityPolicy::check`] reports it.
    pub fn with_policy(mut self, policy: &SecurityPolicy) -> Self {
        if policy.timestamp {
            self.timestamp.get_or_insert(Duration::from_secs(300));
        }
        if let (Some(wanted), Some((_, _, kind))) = (policy.username, self.username.as_mut()) {
            *kind = wanted;
        }
        #[cfg(feature = "x509")]
        {
            if let (Some(reference), Some(signer)) = (policy.signature, self.signer.take()) {
                // A reference the certificate cannot give keeps the signer's; `check` says so.
                let mut signer = signer.clone().key_reference(reference.into()).unwrap_or(signer);
                for name in policy.signed_headers {
                    if let Some(ns) = name.ns
                        && !signer.signs_header(ns, name.local)
                    {
                        signer = signer.sign_header(ns, name.local);
                    }
                }
                self.signer = Some(signer);
            }
            if let Some(mut verifier) = self.verifier.take() {
                if policy.timestamp {
                    verifier = verifier.require_timestamp(true);
                }
                if policy.sha1_suite() {
                    verifier = verifier.allow_sha1(true);
                }
                self.verifier = Some(verifier);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "urn:example:quotes";
    const POLICY: SecurityPolicy = SecurityPolicy::new()
        .x509_signature(PolicyKeyReference::IssuerSerial)
        .timestamp()
        .signed_headers(&[Name::qualified(NS, "Account")])
        .signed_replies()
        .algorithm_suite("Basic256Sha256")
        .unsupported(&["wsaw:UsingAddressing"]);

    #[test]
    fn a_const_policy_keeps_what_it_was_given() {
        assert_eq!(POLICY.signature_reference(), Some(PolicyKeyReference::IssuerSerial));
        assert_eq!(POLICY.signed_header_names(), &[Name::qualified(NS, "Account")]);
        assert_eq!(POLICY.unsupported_assertions(), &["wsaw:UsingAddressing"]);
        assert!(POLICY.requires_timestamp() && POLICY.replies_signed() && !POLICY.sha1_suite());
        assert!(SecurityPolicy::new().algorithm_suite("Basic256").sha1_suite());
        assert_eq!(SecurityPolicy::default(), SecurityPolicy::new());
    }

    #[test]
    fn missing_names_every_lacking_piece() {
        let policy = SecurityPolicy::new().username_token(PasswordType::Digest).timestamp();
        let missing = policy.missing(None).unwrap();
        assert!(missing.contains("a UsernameToken (`WsSecurity::username_token`) and a Timestamp"), "{missing}");
        let ws = WsSecurity::new().username_token("bob", "pw", PasswordType::Text);
        let missing = policy.missing(Some(&ws)).unwrap();
        assert!(missing.starts_with("the service's WS-SecurityPolicy asks for a Timestamp"), "{missing}");
        let ws = ws.with_policy(&policy);
        assert_eq!(policy.missing(Some(&ws)), None);
        assert_eq!(ws.username.as_ref().map(|(_, _, kind)| *kind), Some(PasswordType::Digest), "sp:HashPassword");

        let missing = POLICY.missing(Some(&WsSecurity::new())).unwrap();
        assert!(missing.contains("an X.509 signature") && missing.contains("a verifier of the replies"), "{missing}");
        match POLICY.check(None) {
            Err(Error::Invalid(invalid)) => assert_eq!(invalid.field, "wsse:Security"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_timestamp_only_policy_adds_its_header() {
        let policy = SecurityPolicy::new().https().timestamp().algorithm_suite("Basic256");
        let ws = policy.configure(None).expect("a header with a timestamp");
        assert_eq!(ws.timestamp, Some(Duration::from_secs(300)));
        assert_eq!(policy.check(Some(&ws)).ok(), Some(()));
        assert!(SecurityPolicy::new().https().configure(None).is_none());
        assert!(POLICY.configure(None).is_none(), "credentials are not made up");
    }

    #[cfg(feature = "reqwest")]
    #[test]
    fn an_mtom_policy_turns_mtom_requests_on_unless_set() {
        let transport = std::sync::Arc::new(crate::transport::ReqwestTransport::new());
        let mut client = SoapClient::with_transport("http://localhost/", transport);
        SecurityPolicy::new().install(&mut client, None);
        assert_eq!(client.mtom(), None);
        SecurityPolicy::new().mtom().install(&mut client, None);
        assert_eq!(client.mtom(), Some(crate::mtom::DEFAULT_THRESHOLD));
        client.set_mtom(Some(10));
        SecurityPolicy::new().mtom().install(&mut client, None);
        assert_eq!(client.mtom(), Some(10), "the builder's threshold is kept");
    }

    #[test]
    fn join_lists_like_prose() {
        assert_eq!(join(&["a"]), "a");
        assert_eq!(join(&["a", "b", "c"]), "a, b and c");
    }
}
