//! Verifying a signed reply (XML Signature core validation in a WS-Security header) against the
//! certificates a client trusts for its server — separate from the one it signs with.
//!
//! In order: the one `ds:Signature` of the `wsse:Security` header; the certificate its `KeyInfo`
//! names (a `BinarySecurityToken` reference, a key identifier — subject key identifier,
//! certificate or SHA-1 thumbprint —, an issuer and serial, or a `ds:X509Data` certificate) must
//! be one of the trusted ones; `SignatureValue` must verify over the canonical `SignedInfo`;
//! every `Reference` must point at one element of the message (same-document `#id`, exclusive
//! canonicalization only) whose digest matches; the `soap:Body` the decoder will read (the only
//! `Body` child of the envelope: a second one, or a duplicate `Id`, is refused, so a signed
//! element cannot be moved aside for an unsigned one) and, by default, the `wsu:Timestamp` must
//! be among them; and the timestamp's window must hold the verifier's clock, give or take the
//! allowed skew.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use roxmltree::Node;

use super::c14n::canonicalize_element;
use super::error::SecurityError;
use super::keys::{ECDSA_SHA256, KeyError, RSA_SHA1, RSA_SHA256, X509Certificate};
use super::sign::{DS_NS, EXC_C14N, SHA256, X509_SKI, X509V3, id_of, qname_len};
use super::{WSSE_NS, WSU_NS};

const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
const SHA384: &str = "http://www.w3.org/2001/04/xmldsig-more#sha384";
const SHA512: &str = "http://www.w3.org/2001/04/xmlenc#sha512";
const THUMBPRINT_SHA1: &str = "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1";
const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// Checks the signature of every successful reply (see the module docs). Set on
/// [`WsSecurity::verify_replies`](super::WsSecurity::verify_replies).
#[derive(Clone, Debug)]
pub struct ReplyVerifier {
    trusted: Vec<X509Certificate>,
    skew: Duration,
    require_timestamp: bool,
    allow_sha1: bool,
    now: Option<SystemTime>,
}

impl ReplyVerifier {
    /// A verifier trusting the certificates of a PEM text (the server's signing certificate).
    pub fn from_pem(cert_pem: &[u8]) -> Result<Self, KeyError> {
        Ok(ReplyVerifier {
            trusted: X509Certificate::from_pem_chain(cert_pem)?,
            skew: Duration::from_secs(300),
            require_timestamp: true,
            allow_sha1: false,
            now: None,
        })
    }

    /// Also trusts `cert` (a server rolling its certificate over).
    pub fn trust(mut self, cert: X509Certificate) -> Self {
        self.trusted.push(cert);
        self
    }

    /// How far the server's clock may be from this one (default five minutes).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// Whether a reply must carry a signed `wsu:Timestamp` (default true).
    pub fn require_timestamp(mut self, yes: bool) -> Self {
        self.require_timestamp = yes;
        self
    }

    /// Whether SHA-1 digests and `rsa-sha1` signatures are accepted (default false: legacy
    /// services only).
    pub fn allow_sha1(mut self, yes: bool) -> Self {
        self.allow_sha1 = yes;
        self
    }

    /// Checks timestamps against `now` instead of the system clock (tests, replays).
    pub fn at_time(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }

    /// Verifies the signed SOAP envelope `envelope` (UTF-8 text).
    pub fn verify(&self, envelope: &str) -> Result<(), SecurityError> {
        let malformed = |m: String| SecurityError::Malformed(m);
        let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
        let doc = roxmltree::Document::parse_with_options(envelope, options)
            .map_err(|e| malformed(format!("the reply does not parse: {e}")))?;
        let root = doc.root_element();
        let soap = root.tag_name().namespace().filter(|ns| *ns == SOAP11_NS || *ns == SOAP12_NS);
        let (Some(soap), "Envelope") = (soap, root.tag_name().name()) else {
            return Err(malformed("the reply is not a SOAP envelope".into()));
        };
        let bodies: Vec<Node> = elements(root).filter(|n| n.has_tag_name((soap, "Body"))).collect();
        let [body] = bodies[..] else {
            return Err(malformed(format!("the envelope has {} Body elements", bodies.len())));
        };
        let signatures: Vec<Node> = elements(root)
            .filter(|n| n.has_tag_name((soap, "Header")))
            .flat_map(elements)
            .filter(|n| n.has_tag_name((WSSE_NS, "Security")))
            .flat_map(elements)
            .filter(|n| n.has_tag_name((DS_NS, "Signature")))
            .collect();
        let signature = match signatures[..] {
            [] => return Err(SecurityError::Unsigned),
            [one] => one,
            _ => return Err(malformed("the security header has more than one signature".into())),
        };
        let security = signature.parent().unwrap_or(root);
        let ids = id_index(&doc)?;

        let signed_info = child(signature, DS_NS, "SignedInfo")?;
        let c14n = child(signed_info, DS_NS, "CanonicalizationMethod")?;
        let prefixes = c14n_prefixes(c14n, "canonicalization method")?;
        let method = algorithm(child(signed_info, DS_NS, "SignatureMethod")?)?;
        if !(method == RSA_SHA256 || method == ECDSA_SHA256 || (self.allow_sha1 && method == RSA_SHA1)) {
            return Err(SecurityError::Unsupported { what: "signature method", algorithm: method.into() });
        }
        let value = base64(text(child(signature, DS_NS, "SignatureValue")?))
            .ok_or_else(|| malformed("SignatureValue is not base64".into()))?;
        let cert = self.signer(signature, &ids)?;
        let canonical = canonicalize_element(envelope, signed_info.range().start, &prefixes)
            .map_err(|e| malformed(format!("canonicalization of SignedInfo: {}", e.message)))?;
        if !cert.verifies(method, &canonical, &value) {
            return Err(SecurityError::SignatureInvalid { subject: cert.subject().to_owned() });
        }

        let mut covered = Vec::new();
        for reference in elements(signed_info).filter(|n| n.has_tag_name((DS_NS, "Reference"))) {
            covered.push(self.check_reference(envelope, reference, &ids)?);
        }
        if !covered.contains(&body.id()) {
            return Err(SecurityError::PartNotSigned { part: "soap:Body" });
        }
        let timestamps: Vec<Node> = elements(security).filter(|n| n.has_tag_name((WSU_NS, "Timestamp"))).collect();
        match timestamps[..] {
            [] if self.require_timestamp => Err(SecurityError::PartNotSigned { part: "wsu:Timestamp" }),
            [] => Ok(()),
            [ts] if self.require_timestamp && !covered.contains(&ts.id()) => {
                Err(SecurityError::PartNotSigned { part: "wsu:Timestamp" })
            }
            [ts] => self.check_window(ts),
            _ => Err(malformed("the security header has more than one Timestamp".into())),
        }
    }

    /// Verifies the root part `envelope` of an MTOM (XOP) package whose parts are `attachments`:
    /// each `xop:Include` is read as the base64 text of the attachment it names, the message the
    /// signer signed (XOP 1.0: the package serializes that infoset).
    pub fn verify_xop(&self, envelope: &str, attachments: &crate::mtom::Attachments) -> Result<(), SecurityError> {
        let message = super::xop::infoset(envelope, &|id| attachments.get(id)).map_err(SecurityError::Malformed)?;
        self.verify(&message)
    }

    /// The trusted certificate `signature`'s `KeyInfo` names.
    fn signer(&self, signature: Node, ids: &HashMap<&str, Node>) -> Result<&X509Certificate, SecurityError> {
        let unknown = |detail: String| SecurityError::UnknownCertificate { detail };
        let by_der = |der: &[u8], what: &str| {
            self.trusted.iter().find(|c| c.der() == der).ok_or_else(|| {
                unknown(match X509Certificate::from_der(der) {
                    Ok(cert) => format!("{what} `{}` (issuer `{}`)", cert.subject(), cert.issuer()),
                    Err(_) => format!("{what} that cannot be read"),
                })
            })
        };
        let by_issuer_serial = |serial_data: Node| -> Result<&X509Certificate, SecurityError> {
            let issuer = text(child(serial_data, DS_NS, "X509IssuerName")?);
            let serial = text(child(serial_data, DS_NS, "X509SerialNumber")?);
            self.trusted
                .iter()
                .find(|c| c.has_issuer_serial(&issuer, &serial))
                .ok_or_else(|| unknown(format!("issuer `{issuer}`, serial {serial}")))
        };
        let by_ski = |ski: &[u8]| {
            self.trusted
                .iter()
                .find(|c| c.key_identifier() == Some(ski))
                .ok_or_else(|| unknown(format!("subject key identifier {}", hex(ski))))
        };
        let x509_data = |data: Node| -> Result<&X509Certificate, SecurityError> {
            let inner = elements(data).next().ok_or_else(|| SecurityError::Malformed("X509Data is empty".into()))?;
            match inner.tag_name().name() {
                "X509Certificate" => by_der(&base64_of(inner)?, "the certificate"),
                "X509IssuerSerial" => by_issuer_serial(inner),
                "X509SKI" => by_ski(&base64_of(inner)?),
                other => Err(SecurityError::Unsupported { what: "key reference", algorithm: format!("ds:{other}") }),
            }
        };

        let Some(key_info) = elements(signature).find(|n| n.has_tag_name((DS_NS, "KeyInfo"))) else {
            return match &self.trusted[..] {
                [only] => Ok(only),
                _ => Err(SecurityError::Malformed("the signature has no KeyInfo".into())),
            };
        };
        let item = elements(key_info).next().ok_or_else(|| SecurityError::Malformed("KeyInfo is empty".into()))?;
        if item.has_tag_name((DS_NS, "X509Data")) {
            return x509_data(item);
        }
        if !item.has_tag_name((WSSE_NS, "SecurityTokenReference")) {
            return Err(SecurityError::Unsupported { what: "key reference", algorithm: item.tag_name().name().into() });
        }
        let reference =
            elements(item).next().ok_or_else(|| SecurityError::Malformed("SecurityTokenReference is empty".into()))?;
        match (reference.tag_name().namespace(), reference.tag_name().name()) {
            (Some(WSSE_NS), "Reference") => {
                let uri = reference.attribute("URI").unwrap_or_default();
                let token = uri
                    .strip_prefix('#')
                    .and_then(|id| ids.get(id))
                    .ok_or_else(|| SecurityError::Malformed(format!("the token reference `{uri}` names no element")))?;
                if !token.has_tag_name((WSSE_NS, "BinarySecurityToken"))
                    || token.attribute("ValueType").is_some_and(|v| v != X509V3)
                {
                    return Err(SecurityError::Unsupported {
                        what: "security token",
                        algorithm: token.attribute("ValueType").unwrap_or(token.tag_name().name()).into(),
                    });
                }
                by_der(&base64_of(*token)?, "the certificate")
            }
            (Some(WSSE_NS), "KeyIdentifier") => {
                let value = base64_of(reference)?;
                match reference.attribute("ValueType").unwrap_or_default() {
                    X509_SKI => by_ski(&value),
                    X509V3 => by_der(&value, "the certificate"),
                    THUMBPRINT_SHA1 => self
                        .trusted
                        .iter()
                        .find(|c| {
                            ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, c.der()).as_ref() == value
                        })
                        .ok_or_else(|| unknown(format!("SHA-1 thumbprint {}", hex(&value)))),
                    other => Err(SecurityError::Unsupported { what: "key identifier", algorithm: other.into() }),
                }
            }
            (Some(DS_NS), "X509Data") => x509_data(reference),
            (_, other) => Err(SecurityError::Unsupported { what: "key reference", algorithm: other.into() }),
        }
    }

    /// Checks one `Reference`; the element it covers.
    fn check_reference(
        &self,
        envelope: &str,
        reference: Node,
        ids: &HashMap<&str, Node>,
    ) -> Result<roxmltree::NodeId, SecurityError> {
        let uri = reference.attribute("URI").unwrap_or_default();
        let Some(id) = uri.strip_prefix('#').filter(|id| !id.is_empty()) else {
            return Err(SecurityError::Unsupported { what: "reference URI", algorithm: uri.into() });
        };
        let target = ids
            .get(id)
            .ok_or_else(|| SecurityError::Malformed(format!("the reference `{uri}` names no element of the reply")))?;
        let transforms: Vec<Node> = match elements(reference).find(|n| n.has_tag_name((DS_NS, "Transforms"))) {
            Some(list) => elements(list).collect(),
            None => Vec::new(),
        };
        let [transform] = transforms[..] else {
            return Err(SecurityError::Unsupported {
                what: "transform list (one exclusive canonicalization is accepted)",
                algorithm: transforms
                    .iter()
                    .map(|t| t.attribute("Algorithm").unwrap_or("?"))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        };
        let prefixes = c14n_prefixes(transform, "transform")?;
        let method = algorithm(child(reference, DS_NS, "DigestMethod")?)?;
        let digest_algorithm = match method {
            SHA256 => &ring::digest::SHA256,
            SHA384 => &ring::digest::SHA384,
            SHA512 => &ring::digest::SHA512,
            SHA1 if self.allow_sha1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            other => return Err(SecurityError::Unsupported { what: "digest method", algorithm: other.into() }),
        };
        let expected = base64_of(child(reference, DS_NS, "DigestValue")?)?;
        let canonical = canonicalize_element(envelope, target.range().start, &prefixes)
            .map_err(|e| SecurityError::Malformed(format!("canonicalization of `{uri}`: {}", e.message)))?;
        if ring::digest::digest(digest_algorithm, &canonical).as_ref() != expected.as_slice() {
            let start = target.range().start + 1;
            let name = &envelope[start..start + qname_len(&envelope[start..])];
            return Err(SecurityError::DigestMismatch { reference: uri.into(), element: name.into() });
        }
        Ok(target.id())
    }

    /// The timestamp's `Created` / `Expires` against the clock.
    fn check_window(&self, ts: Node) -> Result<(), SecurityError> {
        let now = self.now.unwrap_or_else(SystemTime::now);
        let now_text = chrono::DateTime::<chrono::Utc>::from(now).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let time = |local: &str| -> Result<Option<(String, SystemTime)>, SecurityError> {
            let Some(node) = elements(ts).find(|n| n.has_tag_name((WSU_NS, local))) else { return Ok(None) };
            let value = text(node);
            let parsed = chrono::DateTime::parse_from_rfc3339(value.trim())
                .map_err(|e| SecurityError::Malformed(format!("wsu:{local} `{value}`: {e}")))?;
            Ok(Some((value, parsed.with_timezone(&chrono::Utc).into())))
        };
        if let Some((created, at)) = time("Created")?
            && at > now + self.skew
        {
            return Err(SecurityError::NotYetValid { created, now: now_text });
        }
        if let Some((expires, at)) = time("Expires")?
            && at + self.skew <= now
        {
            return Err(SecurityError::Expired { expires, now: now_text });
        }
        Ok(())
    }
}

/// Every element of `doc` with an Id, by Id; an error on a duplicate (a signature-wrapping
/// attack hides the signed element under the same Id elsewhere).
fn id_index<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Result<HashMap<&'a str, Node<'a, 'i>>, SecurityError> {
    let mut ids = HashMap::new();
    for node in doc.descendants().filter(Node::is_element) {
        if let Some(id) = id_of(node)
            && ids.insert(id, node).is_some()
        {
            return Err(SecurityError::Malformed(format!("the Id `{id}` appears more than once")));
        }
    }
    Ok(ids)
}

/// The child elements of `node`.
fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The child element `{ns}local` of `parent`, or an error naming it.
fn child<'a, 'i>(parent: Node<'a, 'i>, ns: &str, local: &str) -> Result<Node<'a, 'i>, SecurityError> {
    elements(parent)
        .find(|n| n.has_tag_name((ns, local)))
        .ok_or_else(|| SecurityError::Malformed(format!("{} has no {local}", parent.tag_name().name())))
}

/// The `Algorithm` of a method element.
fn algorithm<'a>(node: Node<'a, '_>) -> Result<&'a str, SecurityError> {
    node.attribute("Algorithm")
        .ok_or_else(|| SecurityError::Malformed(format!("{} has no Algorithm", node.tag_name().name())))
}

/// The `InclusiveNamespaces` prefixes of an exclusive canonicalization method or transform.
fn c14n_prefixes<'a>(node: Node<'a, '_>, what: &'static str) -> Result<Vec<&'a str>, SecurityError> {
    let method = algorithm(node)?;
    if method != EXC_C14N {
        return Err(SecurityError::Unsupported { what, algorithm: method.into() });
    }
    Ok(elements(node)
        .find(|n| n.has_tag_name((EXC_C14N, "InclusiveNamespaces")))
        .and_then(|n| n.attribute("PrefixList"))
        .map(|list| list.split_ascii_whitespace().collect())
        .unwrap_or_default())
}

/// The text content of an element.
fn text(node: Node) -> String {
    node.descendants().filter(Node::is_text).filter_map(|n| n.text()).collect()
}

fn base64(text: String) -> Option<Vec<u8>> {
    let compact: String = text.split_ascii_whitespace().collect();
    base64::engine::general_purpose::STANDARD.decode(compact).ok()
}

/// The base64 content of an element, or an error naming it.
fn base64_of(node: Node) -> Result<Vec<u8>, SecurityError> {
    base64(text(node)).ok_or_else(|| SecurityError::Malformed(format!("{} is not base64", node.tag_name().name())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> ReplyVerifier {
        let pem = include_bytes!("../../tests/fixtures/wssec/server-cert.pem");
        ReplyVerifier::from_pem(pem).unwrap()
    }

    const SIGNED: &str = include_str!("../../tests/fixtures/wssec/reply-signed-rsa.xml");

    #[test]
    fn algorithms_outside_the_accepted_ones_are_named() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        // rsa-sha1 unless allowed (checked before the signature itself).
        let sha1 = SIGNED.replacen(RSA_SHA256, RSA_SHA1, 1);
        assert_eq!(
            verifier().at_time(at).verify(&sha1),
            Err(SecurityError::Unsupported { what: "signature method", algorithm: RSA_SHA1.into() })
        );
        // Inclusive canonicalization of SignedInfo.
        let inclusive = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
        let c14n = SIGNED.replacen(
            &format!("CanonicalizationMethod Algorithm=\"{EXC_C14N}\""),
            &format!("CanonicalizationMethod Algorithm=\"{inclusive}\""),
            1,
        );
        assert_eq!(
            verifier().at_time(at).verify(&c14n),
            Err(SecurityError::Unsupported { what: "canonicalization method", algorithm: inclusive.into() })
        );
    }

    #[test]
    fn a_reply_without_the_required_timestamp_is_refused() {
        // The timestamp is signed content: removing it changes nothing SignedInfo holds, but its
        // reference then names no element.
        let start = SIGNED.find("<wsu:Timestamp").unwrap();
        let end = SIGNED.find("</wsu:Timestamp>").unwrap() + "</wsu:Timestamp>".len();
        let without = format!("{}{}", &SIGNED[..start], &SIGNED[end..]);
        assert_eq!(
            verifier().verify(&without),
            Err(SecurityError::Malformed("the reference `#TS-1` names no element of the reply".into()))
        );
    }

    #[test]
    fn deep_or_odd_documents_are_errors_not_crashes() {
        let deep = format!("{}{}", "<a>".repeat(200_000), "</a>".repeat(200_000));
        assert!(matches!(verifier().verify(&deep), Err(SecurityError::Malformed(_))));
        let doctype = "<!DOCTYPE x [<!ENTITY e \"y\">]><x>&e;</x>";
        assert!(matches!(verifier().verify(doctype), Err(SecurityError::Malformed(_))));
        let not_soap = "<Envelope/>";
        assert_eq!(
            verifier().verify(not_soap),
            Err(SecurityError::Malformed("the reply is not a SOAP envelope".into()))
        );
    }
}
