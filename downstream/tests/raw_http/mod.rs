//! Requests written by hand to a mock (what the generated client would never send: a missing
//! header, a broken limit, an unknown action), read back as status and body.

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Sends `method target` with `headers` and `body` to `address` (`http://127.0.0.1:port`) on
/// a fresh connection; the reply's status and body.
pub async fn send(address: &str, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let authority = address.strip_prefix("http://").unwrap();
    let mut stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let status = reply.split(' ').nth(1).unwrap().parse().unwrap();
    (status, reply.split_once("\r\n\r\n").unwrap().1.to_owned())
}
