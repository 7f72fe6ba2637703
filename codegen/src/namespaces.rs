//! The well-known namespace URIs the front ends match elements and attributes against: WSDL 1.1
//! and its SOAP, HTTP and MIME binding extensions, WSDL 2.0 (to refuse it), and `xml:`.
//!
//! They sit below both the WSDL and the XSD layer, so that neither reaches into the other for a
//! constant (an XSD SOAP-encoding array reads `wsdl:arrayType`).

/// WSDL 1.1.
pub const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
/// WSDL 1.1 SOAP 1.1 binding extension.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
/// WSDL 1.1 SOAP 1.2 binding extension.
pub const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// WSDL 1.1 HTTP binding extension.
pub const HTTP_NS: &str = "http://schemas.xmlsoap.org/wsdl/http/";
/// WSDL 1.1 MIME binding extension.
pub const MIME_NS: &str = "http://schemas.xmlsoap.org/wsdl/mime/";
/// WSDL 2.0 (not supported).
pub const WSDL20_NS: &str = "http://www.w3.org/ns/wsdl";
/// WS-Policy 1.2 (2004/09), as WCF and most WS-SecurityPolicy 1.1 documents write it.
pub const WSP12_NS: &str = "http://schemas.xmlsoap.org/ws/2004/09/policy";
/// WS-Policy 1.5 (W3C).
pub const WSP15_NS: &str = "http://www.w3.org/ns/ws-policy";
/// WS-SecurityPolicy 1.1.
pub const SP11_NS: &str = "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy";
/// WS-SecurityPolicy 1.2.
pub const SP12_NS: &str = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702";
/// WS-SecurityPolicy 1.3.
pub const SP13_NS: &str = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200802";
/// The MTOM policy assertion (`wsoma:OptimizedMimeSerialization`).
pub const WSOMA_NS: &str = "http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization";
/// The W3C MTOM policy assertion (`wsoma:OptimizedMimeSerialization`, SOAP 1.2 MTOM policy).
pub const MTOM_POLICY_NS: &str = "http://www.w3.org/2007/08/soap12-mtom-policy";
/// WS-Security utility (`wsu:Id` of a `wsp:Policy`).
pub const WSU_NS: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
/// The `xml:` namespace (`xml:lang`, `xml:space`, ...), known without a schema.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
