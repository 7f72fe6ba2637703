//! SOAP faults: [`SoapFault`], the fault a SOAP reply carries, with its detail kept as raw XML
//! and decoded on demand.

use std::fmt;

use crate::envelope::SoapVersion;
use crate::limits::{MAX_ERROR_TEXT, cap_text};
use crate::redact::blank_secret_elements;
use crate::xml::error::DecodeError;
use crate::xml::raw::RawXml;
use crate::xml::reader::{Decode, Reader};

/// A SOAP 1.1 or 1.2 fault.
///
/// Texts are capped at [`crate::limits::MAX_ERROR_TEXT`] bytes when the fault is read, and every
/// secret value the request carried is blanked in them (in escaped forms too). `Debug` also
/// blanks the text of secret-named elements in `detail`.
#[derive(Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// The envelope version the fault came in.
    pub version: SoapVersion,
    /// `faultcode` (1.1) or `Code/Value` (1.2), as written (a QName such as `soap:Server`); match
    /// it by namespace with [`SoapFault::code_name`].
    pub code: String,
    /// [`code`](SoapFault::code) resolved against the namespace declarations in scope where it
    /// was read: `(namespace URI, local name)`, the namespace `None` for an unprefixed code
    /// without a default namespace. `None` when the code is empty or its prefix was not declared.
    pub code_qname: Option<(Option<String>, String)>,
    /// SOAP 1.2 `Subcode/Value` chain, outermost first (empty for 1.1).
    pub subcodes: Vec<String>,
    /// `faultstring` (1.1) or the first `Reason/Text` (1.2).
    pub reason: String,
    /// `faultactor` (1.1) or `Role` (1.2).
    pub actor: Option<String>,
    /// `Node` (1.2 only).
    pub node: Option<String>,
    /// `detail` / `Detail`, kept as raw XML.
    pub detail: Option<RawXml>,
}

impl fmt::Display for SoapFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SOAP fault {}", cap_text(&self.code, MAX_ERROR_TEXT))?;
        for sub in self.subcodes.iter().take(8) {
            write!(f, " / {}", cap_text(sub, MAX_ERROR_TEXT))?;
        }
        if self.subcodes.len() > 8 {
            f.write_str(" / …")?;
        }
        write!(f, ": {}", cap_text(&self.reason, MAX_ERROR_TEXT))
    }
}

impl fmt::Debug for SoapFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Detail<'a>(&'a RawXml);
        impl fmt::Debug for Detail<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let xml = self.0.as_str();
                let shown = blank_secret_elements(&xml[..xml.len().min(64 * 1024)]);
                let shown = cap_text(&shown, MAX_ERROR_TEXT);
                f.debug_tuple("RawXml").field(&shown).finish()
            }
        }
        f.debug_struct("SoapFault")
            .field("version", &self.version)
            .field("code", &self.code)
            .field("code_qname", &self.code_qname)
            .field("subcodes", &self.subcodes)
            .field("reason", &self.reason)
            .field("actor", &self.actor)
            .field("node", &self.node)
            .field("detail", &self.detail.as_ref().map(Detail))
            .finish()
    }
}

impl SoapFault {
    /// The fault code as `(namespace URI, local name)`, whatever prefix the server chose:
    /// `env:Server` with `env` bound to the SOAP 1.1 envelope namespace is
    /// `(Some("http://schemas.xmlsoap.org/soap/envelope/"), "Server")`. `None` when the code is
    /// empty or its prefix was not declared (the raw text stays in [`SoapFault::code`]).
    ///
    /// ```
    /// # fn check(fault: &wsbind::SoapFault) -> bool {
    /// const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    /// matches!(fault.code_name(), Some((Some(SOAP11), "Client")))
    /// # }
    /// ```
    pub fn code_name(&self) -> Option<(Option<&str>, &str)> {
        self.code_qname.as_ref().map(|(ns, local)| (ns.as_deref(), local.as_str()))
    }

    /// Decodes the first child element of `detail` (the fault message a WSDL `wsdl:fault`
    /// declares) into `T`. `None` when there is no detail or it has no child element; the raw
    /// XML stays in [`SoapFault::detail`] either way.
    pub fn detail_as<T: Decode>(&self) -> Option<Result<T, DecodeError>> {
        let detail = self.detail.as_ref()?;
        let mut r = Reader::new(detail.as_str().as_bytes());
        let first = match r.root().and_then(|_| r.next_child()) {
            Ok(first) => first?,
            Err(e) => return Some(Err(e)),
        };
        Some(T::decode(&mut r, &first))
    }
}

impl std::error::Error for SoapFault {}
