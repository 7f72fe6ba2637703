//! Helpers shared by the end-to-end tests: reading the published sample messages
//! (`tests/fixtures/`), pulling them apart, filling the placeholders with real values, and a local
//! HTTP server.

#![allow(dead_code)]

use std::path::PathBuf;

/// The fixture reproducing each seed page (by its file name in the project's seed index): the
/// page's sample messages, verbatim (see `tests/fixtures/README.md`).
const SEEDS: &[(&str, &str)] = &[
    ("000_cbd439c45d481b0a", "tc2/GetPartnerCameraRefreshToken.txt"),
    ("001_c55138082ac19050", "tc2/SynchronizePanelUser.txt"),
    ("003_fd746032928b0a94", "aim/CustomerAccessToken.txt"),
    ("004_a13580a390224c93", "sos/GetAuthorizationTokenByEntity.txt"),
];

/// `tests/fixtures/<relative>` without its `#` comment lines (provenance and sample labels).
pub fn fixture(relative: &str) -> String {
    let path = fixtures_dir().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut samples = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        samples.push_str(line);
        samples.push('\n');
    }
    samples
}

/// The repository's `tests/fixtures`, for the root package's tests and for those of the
/// `downstream/` crate, which include this file.
fn fixtures_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = if manifest.join("tests/fixtures").is_dir() { manifest } else { manifest.join("..") };
    root.join("tests/fixtures")
}

/// The sample messages of the seed page whose name starts with `prefix` (e.g. `"000"`).
pub fn seed(prefix: &str) -> String {
    let (_, file) = SEEDS
        .iter()
        .find(|(page, _)| page.starts_with(prefix))
        .unwrap_or_else(|| panic!("no fixture for seed page {prefix}* (tests/common/mod.rs: SEEDS)"));
    fixture(file)
}

/// The XML documents of a seed page, in page order: each runs from `<?xml` (or the first `<`
/// after a blank line) to the close of its root element.
pub fn xml_samples(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<?xml") {
        let doc = &rest[start..];
        let body_start = doc.find("?>").map(|i| i + 2).unwrap_or(0);
        let root_tag =
            doc[body_start..].trim_start().trim_start_matches('<').split([' ', '>', '\n']).next().unwrap().to_owned();
        let close = format!("</{root_tag}>");
        let end = doc.find(&close).map(|i| i + close.len()).unwrap_or(doc.len());
        out.push(doc[..end].to_owned());
        rest = &doc[end..];
    }
    out
}

/// Replaces the placeholder content of leaf elements: `<Name>string</Name>` becomes
/// `<Name>value</Name>` for each (name, value); every occurrence, in order, takes the next value
/// given for that name (the last one repeats). Panics if a name does not occur, so a sample
/// that changes shape fails the test instead of silently comparing less.
pub fn fill(xml: &str, values: &[(&str, &str)]) -> String {
    let mut out = xml.to_owned();
    let mut names: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
    names.dedup();
    for name in names {
        let vals: Vec<&str> = values.iter().filter(|(n, _)| *n == name).map(|(_, v)| *v).collect();
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let mut result = String::new();
        let mut rest = out.as_str();
        let mut index = 0;
        while let Some(pos) = rest.find(&open) {
            let after = &rest[pos + open.len()..];
            let end = after.find(&close).expect("closing tag");
            result.push_str(&rest[..pos + open.len()]);
            let value = vals[index.min(vals.len() - 1)];
            result.push_str(&quick_xml::escape::escape(value));
            result.push_str(&close);
            rest = &after[end + close.len()..];
            index += 1;
        }
        assert!(index > 0, "<{name}> does not occur in the sample");
        result.push_str(rest);
        out = result;
    }
    out
}

/// The first line of a seed page that starts with `prefix` (e.g. `"GET /TC21API"`).
pub fn seed_line<'a>(page: &'a str, prefix: &str) -> &'a str {
    page.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in the seed page"))
}

/// The form body of the HTTP POST sample: the first line after `POST <path>` that looks like
/// `name=value&...` (no spaces, has `=`).
pub fn seed_form_body(page: &str, post_line_prefix: &str) -> String {
    let mut lines = page.lines().skip_while(|l| !l.starts_with(post_line_prefix));
    lines
        .find(|l| l.contains('=') && !l.contains(' ') && !l.contains(':'))
        .unwrap_or_else(|| panic!("no form body after {post_line_prefix:?}"))
        .to_owned()
}

/// The query string (after `?`, before ` HTTP/1.1`) of a seed `GET` line.
pub fn seed_query(get_line: &str) -> String {
    let target = get_line.split(' ').nth(1).unwrap_or_else(|| panic!("bad GET line {get_line:?}"));
    target.split_once('?').map(|(_, q)| q.to_owned()).unwrap_or_default()
}

/// Fills a seed's `name=placeholder&...` form/query string: each name takes the value given
/// for it; panics when the sample names a parameter the test gives no value for, or the test
/// names one the sample does not have. Returns the decoded (name, value) pairs in sample order.
pub fn fill_form(sample: &str, values: &[(&str, &str)]) -> Vec<(String, String)> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(sample.as_bytes())
        .map(|(name, _)| {
            let value = values
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("no value given for parameter {name:?}"))
                .1;
            (name.into_owned(), value.to_owned())
        })
        .collect();
    for (n, _) in values {
        assert!(pairs.iter().any(|(p, _)| p == n), "parameter {n:?} is not in the sample");
    }
    pairs
}

/// Decodes a query string or form body into (name, value) pairs, in order.
pub fn form_pairs(encoded: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded.as_bytes()).map(|(n, v)| (n.into_owned(), v.into_owned())).collect()
}

/// A local server that answers every request on `path` with `status`, `content_type` and
/// `body`, keeping the requests for inspection (`MockServer::received_requests`).
pub async fn server_replying(path: &str, status: u16, content_type: &str, body: &str) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path(path))
        .respond_with(wiremock::ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type))
        .mount(&server)
        .await;
    server
}

/// The one request the server received (panics if it got none or several).
pub async fn only_request(server: &wiremock::MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {}", requests.len());
    requests.remove(0)
}

/// A header of a captured request as text (panics when absent or not UTF-8).
pub fn header(request: &wiremock::Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header; headers: {:?}", request.headers))
        .to_str()
        .expect("header is text")
        .to_owned()
}

/// The body of a captured request as text.
pub fn body_text(request: &wiremock::Request) -> String {
    String::from_utf8(request.body.clone()).expect("request body is UTF-8")
}

/// Checks a captured SOAP call: a `POST` to `path` whose body is `expected_body` as XML, with
/// `action` where the version puts it (SOAP 1.1: the `SOAPAction` header; SOAP 1.2: the
/// content type's `action` parameter, and no `SOAPAction` header).
pub fn assert_soap_request(
    sent: &wiremock::Request,
    version: wsbind::soap::SoapVersion,
    path: &str,
    action: &str,
    expected_body: &str,
) {
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), path);
    match version {
        wsbind::soap::SoapVersion::V11 => {
            assert_eq!(header(sent, "content-type"), "text/xml; charset=utf-8");
            assert_eq!(header(sent, "soapaction"), format!("\"{action}\""));
        }
        wsbind::soap::SoapVersion::V12 => {
            assert_eq!(
                header(sent, "content-type"),
                format!("application/soap+xml; charset=utf-8; action=\"{action}\"")
            );
            assert!(sent.headers.get("soapaction").is_none(), "SOAP 1.2 sends no SOAPAction header");
        }
    }
    wsbind::xml::compare::assert_same_xml(expected_body, &body_text(sent));
}

/// A raw TCP server (one connection) that reads a whole HTTP/1.1 request, then answers
/// `200 OK` with `Content-Length: 1000` but only `partial_body`, and closes the connection.
/// Returns the base URL (`http://127.0.0.1:port`).
pub async fn truncating_server(content_type: &str, partial_body: String) -> String {
    let content_type = content_type.to_owned();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the head, then as much body as Content-Length says.
        loop {
            let Ok(n) = socket.read(&mut buf).await else { return };
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request).into_owned();
            if let Some(head_end) = text.find("\r\n\r\n") {
                let length = text[..head_end]
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.trim().eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if request.len() >= head_end + 4 + length {
                    break;
                }
            }
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
        );
        let _ = socket.write_all(head.as_bytes()).await;
        let _ = socket.write_all(partial_body.as_bytes()).await;
        let _ = socket.flush().await;
        let _ = socket.shutdown().await;
    });
    format!("http://{addr}")
}
