//! The SOAP faults a mock answers with ([`Fault`], [`FaultCode`]) and their envelopes in SOAP 1.1
//! and 1.2, as ASMX and WCF services write them.

use quick_xml::escape::escape;

use crate::envelope::SoapVersion;

/// Who a [`Fault`] blames: SOAP 1.1 `Client` / `Server`, SOAP 1.2 `Sender` / `Receiver`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// The request was wrong (`soap:Client`, `soap12:Sender`).
    Client,
    /// The service failed (`soap:Server`, `soap12:Receiver`).
    Server,
}

/// A SOAP fault a mock answers with (status 500).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Who is to blame.
    pub code: FaultCode,
    /// `faultstring` (1.1) or `Reason/Text` (1.2).
    pub reason: String,
    /// The `detail` (1.2: `Detail`) content, as XML written as it is.
    pub detail: Option<String>,
}

impl Fault {
    /// A fault blaming the request.
    pub fn client(reason: impl Into<String>) -> Self {
        Fault { code: FaultCode::Client, reason: reason.into(), detail: None }
    }

    /// A fault blaming the service.
    pub fn server(reason: impl Into<String>) -> Self {
        Fault { code: FaultCode::Server, reason: reason.into(), detail: None }
    }

    /// The same fault with `detail` content (XML, written as it is).
    pub fn with_detail(mut self, xml: impl Into<String>) -> Self {
        self.detail = Some(xml.into());
        self
    }

    /// The fault of an operation the mock's `Service` implementation does not handle.
    pub fn not_implemented(operation: &str) -> Self {
        Fault::server(format!("the mock does not implement operation `{operation}`"))
    }

    /// The fault envelope in `version`.
    pub(super) fn envelope(&self, version: SoapVersion) -> String {
        let ns = version.namespace();
        let reason = escape(self.reason.as_str());
        let detail = self.detail.as_deref().unwrap_or_default();
        match version {
            SoapVersion::V11 => {
                let code = match self.code {
                    FaultCode::Client => "soap:Client",
                    FaultCode::Server => "soap:Server",
                };
                let detail = if self.detail.is_some() { format!("<detail>{detail}</detail>") } else { String::new() };
                format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"{ns}\"><soap:Body>\
                     <soap:Fault><faultcode>{code}</faultcode><faultstring>{reason}</faultstring>{detail}</soap:Fault>\
                     </soap:Body></soap:Envelope>"
                )
            }
            SoapVersion::V12 => {
                let code = match self.code {
                    FaultCode::Client => "soap12:Sender",
                    FaultCode::Server => "soap12:Receiver",
                };
                let detail = if self.detail.is_some() {
                    format!("<soap12:Detail>{detail}</soap12:Detail>")
                } else {
                    String::new()
                };
                format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap12:Envelope xmlns:soap12=\"{ns}\"><soap12:Body>\
                     <soap12:Fault><soap12:Code><soap12:Value>{code}</soap12:Value></soap12:Code>\
                     <soap12:Reason><soap12:Text xml:lang=\"en\">{reason}</soap12:Text></soap12:Reason>{detail}\
                     </soap12:Fault></soap12:Body></soap12:Envelope>"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn faults_in_both_versions() {
        let fault = Fault::client("bad <input>").with_detail("<Code>7</Code>");
        assert_eq!(
            fault.envelope(SoapVersion::V11),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
             <soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>bad &lt;input&gt;</faultstring>\
             <detail><Code>7</Code></detail></soap:Fault></soap:Body></soap:Envelope>"
        );
        let v12 = Fault::server("down").envelope(SoapVersion::V12);
        assert!(v12.contains("<soap12:Value>soap12:Receiver</soap12:Value>"), "{v12}");
        assert!(v12.contains("<soap12:Text xml:lang=\"en\">down</soap12:Text>"), "{v12}");
        // The client reads what the mock writes.
        let read = crate::soap::decode_response::<String>(v12.as_bytes(), crate::xml::Name::qualified("urn:x", "R"));
        assert!(matches!(read, Err(Error::Fault(f)) if f.reason == "down"), "{v12}");
    }
}
