//! Signing a request envelope (OASIS WSS X.509 Token Profile 1.1 with XML Signature): the
//! `soap:Body`, the `wsu:Timestamp` and any chosen header elements get a `wsu:Id` (kept when they
//! have one) and are digested with SHA-256 over their exclusive canonical form; `SignedInfo`,
//! canonicalized the same way, is signed with the client's key (RSA-SHA256 or ECDSA-P256-SHA256);
//! the `ds:Signature` goes last in the `wsse:Security` header, with a `KeyInfo` that names the
//! certificate by `BinarySecurityToken` reference, issuer and serial, or subject key identifier.

use std::sync::Arc;

use base64::Engine as _;
use quick_xml::escape::escape;

use super::c14n::canonicalize_element;
use super::keys::{KeyError, SharedKey, SigningKey, X509Certificate};
use super::{BASE64_BINARY, WSSE_NS, WSU_NS};
use crate::xml::error::EncodeError;

/// The XML Signature namespace.
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// Exclusive canonicalization without comments (also the namespace of `InclusiveNamespaces`).
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// SHA-256 as an XML Signature digest method.
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
/// `ValueType` of an X.509 v3 certificate token.
pub const X509V3: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
/// `ValueType` of a subject key identifier reference.
pub const X509_SKI: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier";

/// The `wsu:Id` of the `BinarySecurityToken` this client sends.
const TOKEN_ID: &str = "X509-1";

/// How a signature's `KeyInfo` names the signing certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyReference {
    /// The certificate travels in a `wsse:BinarySecurityToken` that `KeyInfo` references
    /// (the default; the receiver needs nothing but a trust anchor).
    #[default]
    BinarySecurityToken,
    /// `ds:X509IssuerSerial`: the receiver already holds the certificate.
    IssuerSerial,
    /// `wsse:KeyIdentifier` with the certificate's subject key identifier.
    SubjectKeyIdentifier,
}

/// The signing half of WS-Security X.509: a private key, its certificate, how `KeyInfo` names
/// it and which header elements are signed besides `Body` and `Timestamp`. Set on
/// [`WsSecurity::sign`](super::WsSecurity::sign).
#[derive(Clone)]
pub struct X509Signer {
    key: SharedKey,
    cert: Arc<X509Certificate>,
    reference: KeyReference,
    headers: Vec<(String, String)>,
}

impl std::fmt::Debug for X509Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X509Signer")
            .field("key", &format_args!("<{}>", self.key.algorithm()))
            .field("certificate", &self.cert)
            .field("reference", &self.reference)
            .field("headers", &self.headers)
            .finish()
    }
}

impl X509Signer {
    /// A signer from a private key in PEM (`PRIVATE KEY` PKCS#8 RSA or EC P-256, or
    /// `RSA PRIVATE KEY`) and its certificate in PEM; an error when either cannot be read or
    /// the certificate is not the key's.
    pub fn from_pem(key_pem: &[u8], cert_pem: &[u8]) -> Result<Self, KeyError> {
        let key = SigningKey::from_pem(key_pem)?;
        let cert = X509Certificate::from_pem(cert_pem)?;
        if !key.matches(&cert) {
            return Err(KeyError(format!("the certificate `{}` is not the private key's", cert.subject())));
        }
        Ok(X509Signer {
            key: Arc::new(key),
            cert: Arc::new(cert),
            reference: KeyReference::default(),
            headers: Vec::new(),
        })
    }

    /// Names the certificate in `KeyInfo` this way; an error when the certificate has no
    /// subject key identifier and `reference` needs one.
    pub fn key_reference(mut self, reference: KeyReference) -> Result<Self, KeyError> {
        if reference == KeyReference::SubjectKeyIdentifier && self.cert.key_identifier().is_none() {
            return Err(KeyError(format!(
                "the certificate `{}` has no subject key identifier extension",
                self.cert.subject()
            )));
        }
        self.reference = reference;
        Ok(self)
    }

    /// Also signs the header element `{namespace}local` when a request carries it.
    pub fn sign_header(mut self, namespace: &str, local: &str) -> Self {
        self.headers.push((namespace.to_owned(), local.to_owned()));
        self
    }

    /// The signing certificate.
    pub fn certificate(&self) -> &X509Certificate {
        &self.cert
    }

    /// How `KeyInfo` names the certificate (for `super::policy`).
    pub(crate) fn reference(&self) -> KeyReference {
        self.reference
    }

    /// Whether the header element `{namespace}local` is signed (for `super::policy`).
    pub(crate) fn signs_header(&self, namespace: &str, local: &str) -> bool {
        self.headers.iter().any(|(ns, l)| ns == namespace && l == local)
    }

    /// The `wsse:BinarySecurityToken` element the header carries (when `KeyInfo` references it).
    pub(crate) fn token_xml(&self) -> Option<String> {
        (self.reference == KeyReference::BinarySecurityToken).then(|| {
            let der = base64::engine::general_purpose::STANDARD.encode(self.cert.der());
            format!(
                "<wsse:BinarySecurityToken EncodingType=\"{BASE64_BINARY}\" ValueType=\"{X509V3}\" wsu:Id=\"{TOKEN_ID}\">{der}</wsse:BinarySecurityToken>"
            )
        })
    }

    /// `envelope` (with a `wsse:Security` header already in it) signed: ids added to the signed
    /// elements that lack one, and the `ds:Signature` appended to the security header. Of the
    /// root part of an MTOM request, whose attachments `attachment` finds by Content-ID, digests
    /// are taken over the message with each `xop:Include` read as its attachment's base64 (what a
    /// receiver verifies); the envelope keeps its includes.
    pub(crate) fn sign_xop<'b>(
        &self,
        envelope: &str,
        attachment: &dyn Fn(&str) -> Option<&'b [u8]>,
    ) -> Result<String, EncodeError> {
        let fail = |what: String| EncodeError::new(format!("WS-Security signature: {what}"));
        let with_ids = self.add_ids(envelope).map_err(fail)?;
        let doc =
            roxmltree::Document::parse(&with_ids).map_err(|e| fail(format!("the envelope does not parse: {e}")))?;
        let parts = self.parts(&doc).map_err(fail)?;
        let message = super::xop::infoset(&with_ids, attachment).map_err(fail)?;
        // Without includes the message is the envelope: parsed once.
        let message_doc = match &message {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(text) => {
                Some(roxmltree::Document::parse(text).map_err(|e| fail(format!("the message does not parse: {e}")))?)
            }
        };
        let signed = match &message_doc {
            Some(doc) => self.parts(doc).map_err(fail)?.signed,
            None => parts.signed.clone(),
        };
        let mut references = String::new();
        for part in &signed {
            let id = id_of(*part).ok_or_else(|| fail("a signed element has no Id".into()))?;
            let canonical = canonicalize_element(&message, part.range().start, &[])
                .map_err(|e| fail(format!("canonicalization: {}", e.message)))?;
            let digest = base64::engine::general_purpose::STANDARD
                .encode(ring::digest::digest(&ring::digest::SHA256, &canonical));
            references.push_str(&format!(
                "<ds:Reference URI=\"#{}\"><ds:Transforms><ds:Transform Algorithm=\"{EXC_C14N}\"/></ds:Transforms><ds:DigestMethod Algorithm=\"{SHA256}\"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference>",
                escape(id)
            ));
        }
        let signed_info = format!(
            "<ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"/><ds:SignatureMethod Algorithm=\"{}\"/>{references}</ds:SignedInfo>",
            self.key.algorithm()
        );
        let open = format!("<ds:Signature xmlns:ds=\"{DS_NS}\">");
        let alone = format!("{open}{signed_info}</ds:Signature>");
        let canonical = canonicalize_element(&alone, open.len(), &[])
            .map_err(|e| fail(format!("canonicalization of SignedInfo: {}", e.message)))?;
        let value = self.key.sign(&canonical).map_err(|e| fail(e.0))?;
        let value = base64::engine::general_purpose::STANDARD.encode(value);
        let signature = format!(
            "<ds:Signature xmlns:ds=\"{DS_NS}\" Id=\"SIG-1\">{signed_info}<ds:SignatureValue>{value}</ds:SignatureValue><ds:KeyInfo>{}</ds:KeyInfo></ds:Signature>",
            self.key_info()
        );
        let end = parts.security_end;
        Ok(format!("{}{signature}{}", &with_ids[..end], &with_ids[end..]))
    }

    /// The `KeyInfo` content naming the certificate.
    fn key_info(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD;
        let inner = match self.reference {
            KeyReference::BinarySecurityToken => {
                format!("<wsse:Reference URI=\"#{TOKEN_ID}\" ValueType=\"{X509V3}\"/>")
            }
            KeyReference::IssuerSerial => format!(
                "<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>{}</ds:X509IssuerName><ds:X509SerialNumber>{}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>",
                escape(self.cert.issuer()),
                self.cert.serial_decimal()
            ),
            KeyReference::SubjectKeyIdentifier => format!(
                "<wsse:KeyIdentifier EncodingType=\"{BASE64_BINARY}\" ValueType=\"{X509_SKI}\">{}</wsse:KeyIdentifier>",
                b64.encode(self.cert.key_identifier().unwrap_or_default())
            ),
        };
        format!("<wsse:SecurityTokenReference>{inner}</wsse:SecurityTokenReference>")
    }

    /// `envelope` with a `wsu:Id` on every element to sign that has none.
    fn add_ids(&self, envelope: &str) -> Result<String, String> {
        let doc = roxmltree::Document::parse(envelope).map_err(|e| format!("the envelope does not parse: {e}"))?;
        let parts = self.parts(&doc)?;
        let taken: Vec<&str> = doc.descendants().filter_map(id_of).collect();
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for part in parts.signed.iter().filter(|p| id_of(**p).is_none()) {
            let base = format!("id-{}", part.tag_name().name());
            let mut id = base.clone();
            let mut n = 1;
            while taken.contains(&id.as_str()) || names.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            let at = part.range().start + 1 + qname_len(&envelope[part.range().start + 1..]);
            let attr = match part.lookup_namespace_uri(Some("wsu")) {
                Some(WSU_NS) => format!(" wsu:Id=\"{id}\""),
                None => format!(" xmlns:wsu=\"{WSU_NS}\" wsu:Id=\"{id}\""),
                Some(_) => format!(" xmlns:wsuid=\"{WSU_NS}\" wsuid:Id=\"{id}\""),
            };
            inserts.push((at, attr));
            names.push(id);
        }
        inserts.sort_by_key(|(at, _)| *at);
        let mut out = String::with_capacity(envelope.len() + inserts.iter().map(|(_, s)| s.len()).sum::<usize>());
        let mut from = 0;
        for (at, attr) in inserts {
            out.push_str(&envelope[from..at]);
            out.push_str(&attr);
            from = at;
        }
        out.push_str(&envelope[from..]);
        Ok(out)
    }

    /// The elements of `doc` to sign (the timestamp, chosen headers, the body) and where the
    /// security header's end tag starts.
    fn parts<'a, 'i>(&self, doc: &'a roxmltree::Document<'i>) -> Result<Parts<'a, 'i>, String> {
        let envelope = doc.root_element();
        let soap = envelope.tag_name().namespace();
        let child = |parent: roxmltree::Node<'a, 'i>, local: &str| {
            parent
                .children()
                .find(|n| n.is_element() && n.tag_name().name() == local && n.tag_name().namespace() == soap)
        };
        let header = child(envelope, "Header").ok_or("the envelope has no Header")?;
        let body = child(envelope, "Body").ok_or("the envelope has no Body")?;
        let security = header
            .children()
            .find(|n| n.is_element() && n.has_tag_name((WSSE_NS, "Security")))
            .ok_or("the envelope has no wsse:Security header")?;
        let mut signed = Vec::new();
        if let Some(ts) = security.children().find(|n| n.has_tag_name((WSU_NS, "Timestamp"))) {
            signed.push(ts);
        }
        for (ns, local) in &self.headers {
            signed
                .extend(header.children().filter(|n| n.is_element() && n.has_tag_name((ns.as_str(), local.as_str()))));
        }
        signed.push(body);
        let range = security.range();
        let security_end = doc.input_text()[range.clone()]
            .rfind("</")
            .map(|i| range.start + i)
            .ok_or("the security header is empty")?;
        Ok(Parts { signed, security_end })
    }
}

struct Parts<'a, 'i> {
    signed: Vec<roxmltree::Node<'a, 'i>>,
    security_end: usize,
}

/// The `wsu:Id` (or unqualified `Id`) of an element.
pub(crate) fn id_of<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attribute((WSU_NS, "Id")).or_else(|| node.attribute("Id"))
}

/// The length of the qualified name at the start of `tag` (after `<`).
pub(crate) fn qname_len(tag: &str) -> usize {
    tag.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(tag.len())
}
