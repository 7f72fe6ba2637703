//! WS-Security (OASIS Web Services Security 1.0/1.1) headers for SOAP clients: a
//! `UsernameToken` with `PasswordText` or `PasswordDigest`
//! (`Base64(SHA-1(nonce + created + password))`, a fresh 16-byte nonce from the operating
//! system and the current time per request, and again for every retried send of it) and a
//! `Timestamp` (`Created` / `Expires`). Set once on a [`crate::soap::SoapClient`] with
//! `set_ws_security`; the header goes first in every envelope. The password never shows in `Debug` and is scrubbed from errors and traces.
//!
//! With the `x509` feature, requests are signed ([`WsSecurity::sign`] with an [`X509Signer`]:
//! `Body`, `Timestamp` and chosen headers, exclusive canonicalization, RSA-SHA256 or
//! ECDSA-P256-SHA256, the certificate named by `BinarySecurityToken`, issuer and serial, or subject
//! key identifier) and replies verified ([`WsSecurity::verify_replies`] with a [`ReplyVerifier`]
//! trusting the server's certificate; failures are [`crate::Error::Security`]). The pieces:
//! `c14n` (canonicalization), `keys` (PEM, certificates, ring), `sign`, `verify`, `error`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;

use crate::envelope::SoapVersion;
use crate::xml::error::EncodeError;

#[cfg(feature = "x509")]
pub mod c14n;
#[cfg(feature = "x509")]
pub(crate) mod error;
#[cfg(feature = "x509")]
mod keys;
mod policy;
#[cfg(feature = "x509")]
mod sign;
#[cfg(feature = "x509")]
mod verify;
#[cfg(feature = "x509")]
mod xop;

#[cfg(feature = "x509")]
pub use error::SecurityError;
#[cfg(feature = "x509")]
pub use keys::{KeyError, X509Certificate};
pub use policy::{PolicyKeyReference, SecurityPolicy};
#[cfg(feature = "x509")]
pub use sign::{KeyReference, X509Signer};
#[cfg(feature = "x509")]
pub use verify::ReplyVerifier;

/// `wsse` namespace (secext 1.0).
pub const WSSE_NS: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// `wsu` namespace (utility 1.0).
pub const WSU_NS: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
/// `Type` of a `PasswordText` password.
pub const PASSWORD_TEXT: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
/// `Type` of a `PasswordDigest` password.
pub const PASSWORD_DIGEST: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
/// `EncodingType` of the nonce.
pub const BASE64_BINARY: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

/// How the password is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PasswordType {
    /// The password itself (use over TLS only).
    Text,
    /// `Base64(SHA-1(nonce + created + password))`, with the nonce and `Created` sent beside it.
    Digest,
}

/// Where nonces and times come from: the system by default, fixed values in tests.
#[derive(Clone)]
enum Source {
    System,
    Fixed { nonce: Vec<u8>, now: SystemTime },
}

/// The WS-Security header settings of a SOAP client (see the module docs).
#[derive(Clone)]
pub struct WsSecurity {
    username: Option<(String, Arc<str>, PasswordType)>,
    timestamp: Option<Duration>,
    must_understand: bool,
    source: Source,
    #[cfg(feature = "x509")]
    signer: Option<X509Signer>,
    #[cfg(feature = "x509")]
    verifier: Option<ReplyVerifier>,
}

impl fmt::Debug for WsSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("WsSecurity");
        d.field("username", &self.username.as_ref().map(|(u, _, _)| u))
            .field("password", &self.username.as_ref().map(|(_, _, t)| format!("<redacted> ({t:?})")))
            .field("timestamp", &self.timestamp)
            .field("must_understand", &self.must_understand);
        #[cfg(feature = "x509")]
        d.field("signer", &self.signer).field("verifier", &self.verifier);
        d.finish()
    }
}

impl Default for WsSecurity {
    fn default() -> Self {
        Self::new()
    }
}

impl WsSecurity {
    /// An empty header (`mustUnderstand` set); add a token and/or a timestamp.
    pub fn new() -> Self {
        WsSecurity {
            username: None,
            timestamp: None,
            must_understand: true,
            source: Source::System,
            #[cfg(feature = "x509")]
            signer: None,
            #[cfg(feature = "x509")]
            verifier: None,
        }
    }

    /// A `UsernameToken` with `username` and `password` sent as `kind`.
    pub fn username_token(mut self, username: impl Into<String>, password: &str, kind: PasswordType) -> Self {
        self.username = Some((username.into(), Arc::from(password), kind));
        self
    }

    /// A `Timestamp` whose `Expires` is `ttl` after `Created`.
    pub fn timestamp(mut self, ttl: Duration) -> Self {
        self.timestamp = Some(ttl);
        self
    }

    /// Whether the header carries `mustUnderstand` (default true).
    pub fn must_understand(mut self, yes: bool) -> Self {
        self.must_understand = yes;
        self
    }

    /// Signs every request with `signer` (its `Body`, its `Timestamp` — a five-minute one is
    /// added when none is set — and the headers the signer names).
    #[cfg(feature = "x509")]
    pub fn sign(mut self, signer: X509Signer) -> Self {
        self.timestamp.get_or_insert(Duration::from_secs(300));
        self.signer = Some(signer);
        self
    }

    /// Verifies the signature of every successful reply with `verifier` before decoding it; a
    /// reply that fails is [`crate::Error::Security`].
    #[cfg(feature = "x509")]
    pub fn verify_replies(mut self, verifier: ReplyVerifier) -> Self {
        self.verifier = Some(verifier);
        self
    }

    /// The reply verifier, when set.
    #[cfg(feature = "x509")]
    pub(crate) fn verifier(&self) -> Option<&ReplyVerifier> {
        self.verifier.as_ref()
    }

    /// `envelope`, whose header holds this header, signed when a signer is set; of the root part
    /// of an MTOM request whose `xop:Include`s name `attachments`, signed over the message with
    /// each include read as its part (no attachments: the envelope as it is).
    #[cfg_attr(not(feature = "x509"), allow(unused_variables))]
    pub(crate) fn secure_xop(
        &self,
        envelope: String,
        attachments: &[crate::mtom::Part],
    ) -> Result<String, EncodeError> {
        #[cfg(feature = "x509")]
        if let Some(signer) = &self.signer {
            let part = |id: &str| attachments.iter().find(|p| p.content_id.as_deref() == Some(id)).map(|p| &p.body[..]);
            return signer.sign_xop(&envelope, &part);
        }
        Ok(envelope)
    }

    /// Tests: use this nonce and this time instead of fresh ones.
    pub fn with_fixed_nonce_and_time(mut self, nonce: &[u8], now: SystemTime) -> Self {
        self.source = Source::Fixed { nonce: nonce.to_vec(), now };
        self
    }

    /// The password, when a token is set (to scrub it from texts).
    pub(crate) fn password(&self) -> Option<&str> {
        self.username.as_ref().map(|(_, p, _)| &**p)
    }

    /// `Base64(SHA-1(nonce + created + password))`, `created` as sent in `wsu:Created`.
    pub fn password_digest(nonce: &[u8], created: &str, password: &str) -> String {
        let mut sha = sha1_smol::Sha1::new();
        sha.update(nonce);
        sha.update(created.as_bytes());
        sha.update(password.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(sha.digest().bytes())
    }

    fn nonce_and_now(&self) -> Result<(Vec<u8>, SystemTime), EncodeError> {
        match &self.source {
            Source::Fixed { nonce, now } => Ok((nonce.clone(), *now)),
            Source::System => {
                let mut nonce = vec![0u8; 16];
                getrandom::fill(&mut nonce)
                    .map_err(|e| EncodeError::new(format!("WS-Security: no random nonce: {e}")))?;
                Ok((nonce, SystemTime::now()))
            }
        }
    }

    /// The `wsse:Security` header element for an envelope of `version` whose prefix is `prefix`.
    pub fn header_xml(&self, version: SoapVersion, prefix: &str) -> Result<String, EncodeError> {
        use quick_xml::escape::escape;
        let (nonce, now) = self.nonce_and_now()?;
        let created = utc(now);
        let mut xml = format!("<wsse:Security xmlns:wsse=\"{WSSE_NS}\" xmlns:wsu=\"{WSU_NS}\"");
        if self.must_understand {
            let yes = if version == SoapVersion::V11 { "1" } else { "true" };
            xml.push_str(&format!(" {prefix}:mustUnderstand=\"{yes}\""));
        }
        xml.push('>');
        if let Some(ttl) = self.timestamp {
            let expires = utc(now + ttl);
            xml.push_str(&format!(
                "<wsu:Timestamp wsu:Id=\"TS-1\"><wsu:Created>{created}</wsu:Created><wsu:Expires>{expires}</wsu:Expires></wsu:Timestamp>"
            ));
        }
        #[cfg(feature = "x509")]
        if let Some(token) = self.signer.as_ref().and_then(X509Signer::token_xml) {
            xml.push_str(&token);
        }
        if let Some((user, password, kind)) = &self.username {
            xml.push_str(&format!(
                "<wsse:UsernameToken wsu:Id=\"UT-1\"><wsse:Username>{}</wsse:Username>",
                escape(user)
            ));
            match kind {
                PasswordType::Text => {
                    xml.push_str(&format!(
                        "<wsse:Password Type=\"{PASSWORD_TEXT}\">{}</wsse:Password>",
                        escape(&**password)
                    ));
                }
                PasswordType::Digest => {
                    let digest = Self::password_digest(&nonce, &created, password);
                    let nonce = base64::engine::general_purpose::STANDARD.encode(&nonce);
                    xml.push_str(&format!(
                        "<wsse:Password Type=\"{PASSWORD_DIGEST}\">{digest}</wsse:Password>\
                         <wsse:Nonce EncodingType=\"{BASE64_BINARY}\">{nonce}</wsse:Nonce><wsu:Created>{created}</wsu:Created>"
                    ));
                }
            }
            xml.push_str("</wsse:UsernameToken>");
        }
        xml.push_str("</wsse:Security>");
        Ok(xml)
    }
}

/// `2024-01-02T03:04:05.678Z`.
fn utc(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_an_independent_computation() {
        // Computed with Python's hashlib, not with this crate:
        //   base64.b64encode(hashlib.sha1(bytes(range(16)) + b'2024-01-02T03:04:05.000Z'
        //                                  + b'pa$$word').digest())
        let nonce: Vec<u8> = (0u8..16).collect();
        assert_eq!(
            WsSecurity::password_digest(&nonce, "2024-01-02T03:04:05.000Z", "pa$$word"),
            "HjwG8hYDxnRGrZv1WtrsO3GVA3U="
        );
    }

    #[test]
    fn debug_hides_the_password() {
        let s = WsSecurity::new().username_token("bob", "hunter2-secret", PasswordType::Text);
        let d = format!("{s:?}");
        assert!(d.contains("bob") && !d.contains("hunter2"), "{d}");
    }
}
