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
/// The `xml:` namespace (`xml:lang`, `xml:space`, ...), known without a schema.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
