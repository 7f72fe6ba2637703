//! What a mock sends back for one request ([`MockReply`]): status, content type and body, with
//! the constructors of SOAP envelopes and faults.

use bytes::Bytes;

use super::fault::Fault;
use crate::envelope::SoapVersion;

/// A reply a mock sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockReply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: String,
    /// The body.
    pub body: Bytes,
    /// Other headers (`Content-Disposition` of a file), name and value.
    pub headers: Vec<(String, String)>,
}

impl MockReply {
    pub(super) fn soap(status: u16, version: SoapVersion, body: String) -> Self {
        let content_type = match version {
            SoapVersion::V11 => "text/xml; charset=utf-8",
            SoapVersion::V12 => "application/soap+xml; charset=utf-8",
        };
        MockReply { headers: Vec::new(), status, content_type: content_type.to_owned(), body: Bytes::from(body) }
    }

    pub(super) fn fault(version: SoapVersion, fault: &Fault) -> Self {
        MockReply::soap(500, version, fault.envelope(version))
    }
}
