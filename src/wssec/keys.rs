//! Keys and certificates for X.509 signatures: reading PEM (PKCS#8 and PKCS#1 private keys,
//! certificates), the facts a WS-Security key reference names (DER, issuer and decimal serial,
//! subject key identifier), and the two signature algorithms XML Signature names here —
//! RSA PKCS#1 v1.5 with SHA-256 and ECDSA P-256 with SHA-256 (`r || s`, as XML Signature writes
//! it) — signing with ring and verifying with a certificate's public key.

use std::fmt;
use std::sync::Arc;

use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair as _, RsaKeyPair};
use x509_cert::Certificate;
use x509_cert::der::{Decode as _, Encode as _};

/// `rsa-sha256` (RFC 6931).
pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
/// `ecdsa-sha256` (RFC 6931).
pub const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
/// `rsa-sha1` (XML Signature 1.0), verified only when a verifier allows SHA-1.
pub const RSA_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const P256: &str = "1.2.840.10045.3.1.7";
const SUBJECT_KEY_IDENTIFIER: &str = "2.5.29.14";

/// A key or certificate that cannot be used, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(pub(crate) String);

/// What kind of public key a certificate holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    EcP256,
}

/// A parsed X.509 certificate with what signatures need of it.
#[derive(Clone)]
pub struct X509Certificate {
    der: Vec<u8>,
    issuer: String,
    subject: String,
    serial: Vec<u8>,
    key_identifier: Option<Vec<u8>>,
    kind: KeyKind,
    public_key: Vec<u8>,
}

impl fmt::Debug for X509Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("X509Certificate")
            .field("subject", &self.subject)
            .field("issuer", &self.issuer)
            .field("serial", &self.serial_decimal())
            .finish()
    }
}

impl X509Certificate {
    /// The certificates of a PEM text (one or more `CERTIFICATE` blocks).
    pub fn from_pem_chain(pem: &[u8]) -> Result<Vec<Self>, KeyError> {
        let certs = Certificate::load_pem_chain(pem).map_err(|e| KeyError(format!("certificate PEM: {e}")))?;
        if certs.is_empty() {
            return Err(KeyError("certificate PEM: no CERTIFICATE block".into()));
        }
        certs.iter().map(Self::from_parsed).collect()
    }

    /// The first certificate of a PEM text.
    pub fn from_pem(pem: &[u8]) -> Result<Self, KeyError> {
        Self::from_pem_chain(pem).map(|mut certs| certs.swap_remove(0))
    }

    /// A certificate in DER.
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        let cert = Certificate::from_der(der).map_err(|e| KeyError(format!("certificate DER: {e}")))?;
        Self::from_parsed(&cert)
    }

    fn from_parsed(cert: &Certificate) -> Result<Self, KeyError> {
        let tbs = &cert.tbs_certificate;
        let spki = &tbs.subject_public_key_info;
        let subject = tbs.subject.to_string();
        let kind = match spki.algorithm.oid.to_string().as_str() {
            RSA_ENCRYPTION => KeyKind::Rsa,
            EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.decode_as::<x509_cert::der::asn1::ObjectIdentifier>().ok())
                    .map(|oid| oid.to_string());
                if curve.as_deref() != Some(P256) {
                    return Err(KeyError(format!(
                        "certificate `{subject}`: an EC key on curve {} (only P-256 is supported)",
                        curve.as_deref().unwrap_or("(unnamed)")
                    )));
                }
                KeyKind::EcP256
            }
            other => {
                return Err(KeyError(format!(
                    "certificate `{subject}`: public key algorithm {other} (only RSA and EC P-256 are supported)"
                )));
            }
        };
        let key_identifier = tbs.extensions.iter().flatten().find_map(|ext| {
            (ext.extn_id.to_string() == SUBJECT_KEY_IDENTIFIER)
                .then(|| x509_cert::der::asn1::OctetString::from_der(ext.extn_value.as_bytes()).ok())
                .flatten()
                .map(|id| id.as_bytes().to_vec())
        });
        Ok(X509Certificate {
            der: cert.to_der().map_err(|e| KeyError(format!("certificate `{subject}`: {e}")))?,
            issuer: tbs.issuer.to_string(),
            subject,
            serial: tbs.serial_number.as_bytes().to_vec(),
            key_identifier,
            kind,
            public_key: spki.subject_public_key.raw_bytes().to_vec(),
        })
    }

    /// The certificate in DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The subject's distinguished name (RFC 4514).
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The issuer's distinguished name (RFC 4514), as `X509IssuerName` writes it.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The serial number in decimal, as `X509SerialNumber` writes it.
    pub fn serial_decimal(&self) -> String {
        decimal(&self.serial)
    }

    /// The subject key identifier extension's value, when the certificate has one.
    pub fn key_identifier(&self) -> Option<&[u8]> {
        self.key_identifier.as_deref()
    }

    /// Whether `issuer` (as a message wrote it) and `serial` (decimal) name this certificate.
    pub(crate) fn has_issuer_serial(&self, issuer: &str, serial: &str) -> bool {
        serial.trim().trim_start_matches('0') == self.serial_decimal().trim_start_matches('0')
            && normalize_dn(issuer) == normalize_dn(&self.issuer)
    }

    /// Whether `signature` over `message` verifies with this certificate's key under XML
    /// Signature algorithm `algorithm` (one of the constants of this module).
    pub(crate) fn verifies(&self, algorithm: &str, message: &[u8], signature: &[u8]) -> bool {
        let alg: &dyn signature::VerificationAlgorithm = match (algorithm, self.kind) {
            (RSA_SHA256, KeyKind::Rsa) => &signature::RSA_PKCS1_2048_8192_SHA256,
            (RSA_SHA1, KeyKind::Rsa) => &signature::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            (ECDSA_SHA256, KeyKind::EcP256) => &signature::ECDSA_P256_SHA256_FIXED,
            _ => return false,
        };
        signature::UnparsedPublicKey::new(alg, &self.public_key).verify(message, signature).is_ok()
    }
}

/// A distinguished name compared loosely: no white space around separators, attribute types
/// in upper case (`CN=a, O=b` and `cn=a,o=b` are the same issuer).
fn normalize_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| match rdn.split_once('=') {
            Some((kind, value)) => format!("{}={}", kind.trim().to_ascii_uppercase(), value.trim()),
            None => rdn.trim().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A big-endian unsigned integer in decimal.
fn decimal(bytes: &[u8]) -> String {
    let mut digits: Vec<u8> = Vec::new(); // little-endian base-10 digits
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            let v = u32::from(*d) * 256 + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push((carry % 10) as u8);
            carry /= 10;
        }
    }
    if digits.is_empty() {
        return "0".into();
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

/// A private key that signs.
pub(crate) enum SigningKey {
    Rsa(RsaKeyPair),
    EcP256(EcdsaKeyPair),
}

impl SigningKey {
    /// A private key in PEM: `PRIVATE KEY` (PKCS#8, RSA or EC P-256) or `RSA PRIVATE KEY` (PKCS#1).
    pub(crate) fn from_pem(pem: &[u8]) -> Result<Self, KeyError> {
        let (label, der) =
            x509_cert::der::pem::decode_vec(pem).map_err(|e| KeyError(format!("private key PEM: {e}")))?;
        match label {
            "PRIVATE KEY" => {
                if let Ok(key) = RsaKeyPair::from_pkcs8(&der) {
                    return Ok(SigningKey::Rsa(key));
                }
                EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &der, &SystemRandom::new())
                    .map(SigningKey::EcP256)
                    .map_err(|e| KeyError(format!("private key: neither an RSA nor an EC P-256 PKCS#8 key ({e})")))
            }
            "RSA PRIVATE KEY" => {
                RsaKeyPair::from_der(&der).map(SigningKey::Rsa).map_err(|e| KeyError(format!("RSA private key: {e}")))
            }
            "EC PRIVATE KEY" => Err(KeyError(
                "private key: SEC1 `EC PRIVATE KEY`; convert it to PKCS#8 (`openssl pkcs8 -topk8 -nocrypt`)".into(),
            )),
            "ENCRYPTED PRIVATE KEY" => Err(KeyError(
                "private key: encrypted PKCS#8 is not read; decrypt it first (`openssl pkcs8 -nocrypt`)".into(),
            )),
            other => Err(KeyError(format!("private key PEM: a `{other}` block, not a private key"))),
        }
    }

    /// The XML Signature algorithm this key signs with.
    pub(crate) fn algorithm(&self) -> &'static str {
        match self {
            SigningKey::Rsa(_) => RSA_SHA256,
            SigningKey::EcP256(_) => ECDSA_SHA256,
        }
    }

    /// Whether `cert` holds this key's public half.
    pub(crate) fn matches(&self, cert: &X509Certificate) -> bool {
        match self {
            SigningKey::Rsa(key) => {
                cert.kind == KeyKind::Rsa && key.public_key().as_ref() == cert.public_key.as_slice()
            }
            SigningKey::EcP256(key) => {
                cert.kind == KeyKind::EcP256 && key.public_key().as_ref() == cert.public_key.as_slice()
            }
        }
    }

    /// The signature of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let rng = SystemRandom::new();
        match self {
            SigningKey::Rsa(key) => {
                let mut out = vec![0; key.public().modulus_len()];
                key.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut out)
                    .map_err(|_| KeyError("RSA signing failed".into()))?;
                Ok(out)
            }
            SigningKey::EcP256(key) => key
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| KeyError("ECDSA signing failed".into())),
        }
    }
}

/// A shared signing key (keys are not `Clone`).
pub(crate) type SharedKey = Arc<SigningKey>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_in_decimal() {
        assert_eq!(decimal(&[]), "0");
        assert_eq!(decimal(&[0x01, 0x00]), "256");
        // 2^64 + 1, beyond any machine integer's reach in the 20 bytes a serial may have.
        assert_eq!(decimal(&[1, 0, 0, 0, 0, 0, 0, 0, 1]), "18446744073709551617");
    }

    #[test]
    fn distinguished_names_compare_without_spacing_or_case_of_types() {
        assert_eq!(normalize_dn("cn=a b, O = c"), normalize_dn("CN=a b,O=c"));
        assert_ne!(normalize_dn("CN=a"), normalize_dn("CN=b"));
    }
}
