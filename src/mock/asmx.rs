//! The ASMX HTTP GET and POST bindings of a SOAP mock, as an ASMX service serves them beside
//! SOAP at the same address: which operation a GET or a form POST is for (by method and the
//! location after the service address), its request element rebuilt from the query or form
//! parameters for the generated decoder (a parameter is the child element of the same name;
//! namespaces are not on the wire, so the element is decoded namespace-tolerant), and the reply
//! document (the operation's result as the root element) or the plain-text 500 ASMX answers a
//! request it cannot read with.

use bytes::Bytes;
use quick_xml::escape::escape;

use super::recorded::Recorded;
use super::reply::MockReply;
use crate::error::Error;
use crate::soap::{HttpMethod, HttpOp};
use crate::xml::{Decode, Encode, Name, Writer};

/// Whether `request` is for an HTTP binding: a GET, or a POST of a form.
pub(super) fn is_http_binding(request: &Recorded) -> bool {
    request.method == "GET"
        || (request.method == "POST"
            && request
                .header("content-type")
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded")))
}

/// The entry of `http` (operation index, binding) whose method and location match `request`'s
/// path; the 500 ASMX answers when none does.
pub(super) fn route(http: &[(usize, HttpOp)], request: &Recorded) -> Result<(usize, HttpOp), MockReply> {
    let path = request.target.split_once('?').map_or(request.target.as_str(), |(path, _)| path);
    let method = |op: &HttpOp| match op.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    };
    let at_path = |op: &HttpOp| path.trim_end_matches('/').ends_with(op.location.trim_end_matches('/'));
    match http.iter().find(|(_, op)| at_path(op) && method(op) == request.method) {
        Some(&(index, op)) => Ok((index, op)),
        None => {
            let end = path.rsplit('/').next().unwrap_or_default();
            Err(error(&format!("Request format is unrecognized for URL unexpectedly ending in '/{end}'.")))
        }
    }
}

/// The parameters of `request`: its query string (GET) or form body (POST), percent-decoded.
pub(super) fn params(request: &Recorded) -> Vec<(String, String)> {
    let encoded: &[u8] = if request.method == "GET" {
        request.target.split_once('?').map_or(&[][..], |(_, query)| query.as_bytes())
    } else {
        &request.body
    };
    form_urlencoded::parse(encoded).into_owned().collect()
}

/// The request element `name` decoded from `params`: each parameter becomes the child element of
/// its name (repeated ones repeated), read by `Req`'s generated decoder, which refuses a missing
/// required parameter or a value of the wrong type by name.
pub(super) fn decode_request<Req: Decode>(name: Name<'_>, params: &[(String, String)]) -> Result<Req, Error> {
    let mut xml = format!("<{} xmlns=\"{}\">", name.local, escape(name.ns.unwrap_or_default()));
    for (param, value) in params {
        if let Some(problem) = wsbind_rules::ncname_problem(param) {
            return Err(Error::Invalid(crate::error::InvalidRequest {
                field: param.clone(),
                cause: format!("is not a parameter name: {problem}"),
            }));
        }
        xml.push_str(&format!("<{param}>{}</{param}>", escape(value.as_str())));
    }
    xml.push_str(&format!("</{}>", name.local));
    crate::xml::decode_document(xml.as_bytes(), name, true).map_err(Error::Decode)
}

/// The reply of `op`: `value` as its root element (`None` as a nil root), status 200.
pub(super) fn reply_document<Out: Encode>(op: &HttpOp, value: Option<&Out>) -> Result<MockReply, Error> {
    let mut w = Writer::new();
    w.raw_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    match value {
        Some(value) => w.element(op.response, value)?,
        None => w.raw_str(&format!(
            "<{} xmlns:xsi=\"{}\" xsi:nil=\"true\" xmlns=\"{}\"/>",
            op.response.local,
            crate::xml::XSI_NS,
            escape(op.response.ns.unwrap_or_default())
        )),
    }
    let body = Bytes::from(w.into_string());
    Ok(MockReply { headers: Vec::new(), status: 200, content_type: "text/xml; charset=utf-8".to_owned(), body })
}

/// The plain-text 500 an ASMX service answers a request it refuses with.
pub(super) fn error(message: &str) -> MockReply {
    MockReply {
        headers: Vec::new(),
        status: 500,
        content_type: "text/plain; charset=utf-8".to_owned(),
        body: Bytes::from(format!("System.InvalidOperationException: {message}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: HttpOp = HttpOp {
        name: "GetX",
        method: HttpMethod::Get,
        location: "/GetX",
        response: Name::qualified("urn:svc", "XResult"),
    };

    fn recorded(method: &str, target: &str, content_type: &str, body: &'static [u8]) -> Recorded {
        Recorded {
            operation: None,
            method: method.to_owned(),
            target: target.to_owned(),
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: Bytes::from_static(body),
            secret_names: std::sync::Arc::from(Vec::new()),
        }
    }

    #[test]
    fn gets_and_form_posts_are_routed_by_location_and_method() {
        let http = [(3, OP), (3, HttpOp { method: HttpMethod::Post, ..OP })];
        let get = recorded("GET", "/svc.asmx/GetX?a=1&b=x%20y", "", b"");
        assert!(is_http_binding(&get));
        assert_eq!(route(&http, &get).map(|(i, op)| (i, op.method)), Ok((3, HttpMethod::Get)));
        assert_eq!(params(&get), vec![("a".to_owned(), "1".to_owned()), ("b".to_owned(), "x y".to_owned())]);
        let post = recorded("POST", "/svc.asmx/GetX", "application/x-www-form-urlencoded", b"a=2");
        assert!(is_http_binding(&post));
        assert_eq!(route(&http, &post).map(|(_, op)| op.method), Ok(HttpMethod::Post));
        assert_eq!(params(&post), vec![("a".to_owned(), "2".to_owned())]);
        assert!(!is_http_binding(&recorded("POST", "/svc.asmx", "text/xml", b"<e/>")));
        let elsewhere = route(&http, &recorded("GET", "/svc.asmx/GetY", "", b"")).map(|(i, _)| i);
        let refused = elsewhere.expect_err("no operation at /GetY");
        assert_eq!(refused.status, 500);
        assert_eq!(
            refused.body,
            "System.InvalidOperationException: Request format is unrecognized for URL unexpectedly ending in '/GetY'."
        );
    }

    #[test]
    fn parameter_names_that_are_not_xml_names_are_refused_by_name() {
        let params = [("a b".to_owned(), "1".to_owned())];
        let refused = decode_request::<String>(Name::qualified("urn:svc", "GetX"), &params);
        assert!(matches!(refused, Err(Error::Invalid(e)) if e.field == "a b"));
    }

    #[test]
    fn a_missing_result_is_a_nil_root() {
        let reply = reply_document::<String>(&OP, None).expect("writes");
        assert_eq!(
            reply.body,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><XResult xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:nil=\"true\" xmlns=\"urn:svc\"/>"
        );
        let reply = reply_document(&OP, Some(&"a<b".to_owned())).expect("writes");
        assert_eq!(reply.body, "<?xml version=\"1.0\" encoding=\"utf-8\"?><XResult xmlns=\"urn:svc\">a&lt;b</XResult>");
    }
}
