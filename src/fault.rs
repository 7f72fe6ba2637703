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
    /// `faultcode` (1.1) or `Code/Value` (1.2), as written (a QName such as `soap:Server`).
    pub code: String,
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
            .field("subcodes", &self.subcodes)
            .field("reason", &self.reason)
            .field("actor", &self.actor)
            .field("node", &self.node)
            .field("detail", &self.detail.as_ref().map(Detail))
            .finish()
    }
}

impl SoapFault {
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
