//! Bodies that are not JSON, as a crate outside wsbind sends and reads them, against a local
//! server (wiremock on 127.0.0.1, an OS-chosen port): a `multipart/form-data` upload (file,
//! text, list and object parts, byte for byte), a declared `application/problem+json` error, a
//! form-urlencoded login whose password stays out of `Debug`, a binary upload with its own media
//! type and a binary download with its file name, a `text/csv` report with cookie parameters, a `text/plain` note sent
//! and read back, and a JSON reply without a schema. The client is the golden generated from
//! `codegen/tests/fixtures/emit/openapi_media.yaml` (`codegen/tests/emit_features.rs`).

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/openapi_media.rs"]
mod openapi_media;

use openapi_media::{
    Attributes, Client, DownloadFileRequest, GetReportRequest, LoginRequest, Problem, ReplaceFileRequest,
    UploadFileRequest,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wsbind::Error;
use wsbind::error::DecodeErrorKind;
use wsbind::rest::Binary;

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().unwrap()
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn header(request: &Request, name: &str) -> String {
    request.headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn a_multipart_upload_sends_one_part_per_property() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": 7, "size": 5, "name": "scan.png" })))
        .mount(&server)
        .await;
    let file = Binary::new(&b"\x89PNG\x00"[..]).with_file_name("scan.png").with_content_type("image/png");
    let request = UploadFileRequest::new(file)
        .description("a scan")
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .attributes(Attributes::default().author("ana").pages(2));
    let stored = client(&server).upload_file(&request).await.unwrap();
    assert_eq!((stored.id, stored.size, stored.name.as_deref()), (7, 5, Some("scan.png")));

    let sent = only_request(&server).await;
    let content_type = header(&sent, "content-type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(&content_type);
    let mut expected = Vec::new();
    let mut part = |headers: &str, body: &[u8]| {
        expected.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n").as_bytes());
        expected.extend_from_slice(body);
        expected.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n",
        b"\x89PNG\x00",
    );
    part("Content-Disposition: form-data; name=\"description\"\r\n", b"a scan");
    part("Content-Disposition: form-data; name=\"tags\"\r\n", b"a");
    part("Content-Disposition: form-data; name=\"tags\"\r\n", b"b");
    part(
        "Content-Disposition: form-data; name=\"attributes\"\r\nContent-Type: application/json\r\n",
        br#"{"author":"ana","pages":2}"#,
    );
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(String::from_utf8_lossy(&sent.body), String::from_utf8_lossy(&expected));
    assert_eq!(sent.body, expected);
}

#[tokio::test]
async fn a_file_without_names_is_sent_under_its_field_name_and_limits_are_checked_first() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": 1, "size": 3 })))
        .mount(&server)
        .await;
    let client = client(&server);
    let too_long = UploadFileRequest::new(Binary::from(vec![1, 2, 3])).description("x".repeat(21));
    let err = client.upload_file(&too_long).await.unwrap_err();
    assert!(matches!(&err, Error::Invalid(e) if e.field == "description"), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing is sent");

    client.upload_file(&UploadFileRequest::new(Binary::from(vec![1, 2, 3]))).await.unwrap();
    let sent = only_request(&server).await;
    let body = String::from_utf8_lossy(&sent.body).into_owned();
    assert!(
        body.contains(
            "Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\u{1}\u{2}\u{3}\r\n"
        ),
        "{body}"
    );
    assert_eq!(body.matches("Content-Disposition").count(), 1, "absent properties are left out: {body}");
}

#[tokio::test]
async fn a_declared_problem_reply_is_reached_through_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(
            ResponseTemplate::new(422)
                .insert_header("content-type", "application/problem+json")
                .set_body_string(r#"{"title":"Too large","detail":"5 MB at most"}"#),
        )
        .mount(&server)
        .await;
    let err = client(&server).upload_file(&UploadFileRequest::new(Binary::from(vec![0; 4]))).await.unwrap_err();
    let problem: Problem = err.api_error().expect("a declared 422 body").unwrap();
    assert_eq!((problem.title.as_deref(), problem.detail.as_deref()), (Some("Too large"), Some("5 MB at most")));
}

#[tokio::test]
async fn a_form_login_is_form_urlencoded_and_its_password_stays_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "session": "s-1" })))
        .mount(&server)
        .await;
    let request =
        LoginRequest::new("ana b", "p=ss&w0rd").scopes(vec!["read".to_owned(), "write".to_owned()]).remember(true);
    assert!(!format!("{request:?}").contains("p=ss&w0rd"), "{request:?}");
    let reply = client(&server).login(&request).await.unwrap();
    assert_eq!(reply.session.as_deref(), Some("s-1"));
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8(sent.body).unwrap(),
        "username=ana+b&password=p%3Dss%26w0rd&scopes=read&scopes=write&remember=true"
    );
}

#[tokio::test]
async fn a_binary_download_keeps_its_media_type_and_file_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/7/content"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/jpeg")
                .insert_header(
                    "content-disposition",
                    "attachment; filename=\"old.jpg\"; filename*=UTF-8''r%C3%A9sum%C3%A9.jpg",
                )
                .set_body_bytes(b"\xFF\xD8\xFF\x00".to_vec()),
        )
        .mount(&server)
        .await;
    let file = client(&server).download_file(&DownloadFileRequest::new(7)).await.unwrap();
    assert_eq!(file.data().as_ref(), b"\xFF\xD8\xFF\x00");
    assert_eq!((file.content_type(), file.file_name()), (Some("image/jpeg"), Some("résumé.jpg")));
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "accept"), "image/png, image/jpeg");
}

#[tokio::test]
async fn a_missing_file_is_the_declared_json_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/8/content"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "title": "No such file" })))
        .mount(&server)
        .await;
    let err = client(&server).download_file(&DownloadFileRequest::new(8)).await.unwrap_err();
    assert_eq!(err.api_error::<Problem>().unwrap().unwrap().title.as_deref(), Some("No such file"));
}

#[tokio::test]
async fn a_binary_upload_is_the_raw_bytes_with_its_own_media_type_or_the_declared_one() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/3/content"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let png = Binary::new(&b"\x89PNG"[..]).with_content_type("image/png");
    client.replace_file(&ReplaceFileRequest::new(3, png)).await.unwrap();
    client.replace_file(&ReplaceFileRequest::new(3, Binary::from(vec![0, 1]))).await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!((header(&sent[0], "content-type"), sent[0].body.as_slice()), ("image/png".to_owned(), &b"\x89PNG"[..]));
    assert_eq!(
        (header(&sent[1], "content-type"), sent[1].body.as_slice()),
        ("application/octet-stream".to_owned(), &[0u8, 1][..])
    );
}

#[tokio::test]
async fn a_text_report_is_a_string_and_bytes_that_are_not_utf8_are_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/report"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("content-type", "text/csv").set_body_string("day,total\n1,4\n"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/report"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"caf\xE9".to_vec()))
        .mount(&server)
        .await;
    let client = client(&server);
    let request = GetReportRequest::default()
        .month("2026-11")
        .tz("UTC+1; summer")
        .columns(vec!["day".to_owned(), "total".to_owned()]);
    let report = client.get_report(&request).await.unwrap();
    assert_eq!(report, "day,total\n1,4\n");
    let err = client.get_report(&GetReportRequest::default()).await.unwrap_err();
    let Error::Decode(e) = &err else { panic!("{err:?}") };
    let DecodeErrorKind::Invalid { reason, .. } = &e.kind else { panic!("{e:?}") };
    assert!(reason.starts_with("the text reply of `getReport` is not UTF-8"), "{reason}");
    let sent = server.received_requests().await.unwrap();
    assert_eq!((header(&sent[0], "accept"), sent[0].url.query()), ("text/csv".to_owned(), Some("month=2026-11")));
    assert_eq!(header(&sent[0], "cookie"), "tz=UTC+1%3B%20summer; columns=day%2Ctotal");
    assert_eq!(header(&sent[1], "cookie"), "", "absent cookies are left out");
}

#[tokio::test]
async fn a_text_note_is_sent_and_read_as_plain_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(|r: &Request| ResponseTemplate::new(200).set_body_bytes(r.body.clone()))
        .mount(&server)
        .await;
    let echoed = client(&server).echo_note(&"héllo, wörld".to_owned()).await.unwrap();
    assert_eq!(echoed, "héllo, wörld");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), "text/plain; charset=utf-8");
    assert_eq!(header(&sent, "accept"), "text/plain");
}

#[tokio::test]
async fn a_json_reply_without_a_schema_is_any_json_value() {
    let server = MockServer::start().await;
    let event = json!({ "kind": "upload", "at": [2026, 12, 7] });
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(event.clone()))
        .mount(&server)
        .await;
    assert_eq!(client(&server).last_event().await.unwrap(), event);
}

/// The same operations against the generated mock: a binary download keeps its media type and
/// file name, a binary upload reaches the handler as bytes with its media type, a text report is
/// read from its query and cookie parameters, a text note is echoed; each value the handler sees
/// or returns is the one the client sent or gets.
#[tokio::test]
async fn the_mock_serves_binary_and_text_bodies() {
    use std::sync::{Arc, Mutex};
    use wsbind::mock::HttpError;

    #[derive(Default, Clone)]
    struct Files {
        replaced: Arc<Mutex<Vec<ReplaceFileRequest>>>,
        reports: Arc<Mutex<Vec<GetReportRequest>>>,
    }
    impl openapi_media::mock::Service for Files {
        async fn download_file(&self, request: DownloadFileRequest) -> Result<Binary, HttpError> {
            Ok(Binary::from(vec![request.id as u8, 0xff]).with_content_type("image/png").with_file_name("plan é.png"))
        }
        async fn replace_file(&self, request: ReplaceFileRequest) -> Result<(), HttpError> {
            self.replaced.lock().unwrap().push(request);
            Ok(())
        }
        async fn get_report(&self, request: GetReportRequest) -> Result<String, HttpError> {
            let month = request.month.clone().unwrap_or_default();
            self.reports.lock().unwrap().push(request);
            Ok(format!("month,total\n{month},42\n"))
        }
        async fn echo_note(&self, request: String) -> Result<String, HttpError> {
            Ok(request.to_uppercase())
        }
    }
    let fake = Files::default();
    let server = openapi_media::mock::serve(fake.clone()).await.unwrap();
    let client = Client::builder(server.address()).build().unwrap();

    let file = client.download_file(&DownloadFileRequest::new(7)).await.unwrap();
    assert_eq!(file, Binary::from(vec![7, 0xff]).with_content_type("image/png").with_file_name("plan é.png"));
    let png = Binary::from(vec![0x89, b'P', b'N', b'G']).with_content_type("image/png");
    client.replace_file(&ReplaceFileRequest::new(3, png.clone())).await.unwrap();
    assert_eq!(
        *fake.replaced.lock().unwrap(),
        vec![ReplaceFileRequest::new(3, png.clone().with_content_type("image/png"))]
    );
    let request =
        GetReportRequest::default().month("2026-11").tz("Europe/Prague").columns(vec!["a".to_owned(), "b".to_owned()]);
    assert_eq!(client.get_report(&request).await.unwrap(), "month,total\n2026-11,42\n");
    assert_eq!(*fake.reports.lock().unwrap(), vec![request]);
    assert_eq!(client.echo_note(&"héllo".to_owned()).await.unwrap(), "HÉLLO");
}

/// Form and multipart bodies reach the mock's handler as the typed request the client sent:
/// the file with its name and media type, repeated fields as lists, an object part from its
/// JSON, a form's scalars by their types.
#[tokio::test]
async fn the_mock_reads_multipart_and_form_bodies_into_the_typed_request() {
    use std::sync::{Arc, Mutex};
    use wsbind::mock::HttpError;

    #[derive(Default, Clone)]
    struct Desk {
        uploads: Arc<Mutex<Vec<UploadFileRequest>>>,
        logins: Arc<Mutex<Vec<LoginRequest>>>,
    }
    impl openapi_media::mock::Service for Desk {
        async fn upload_file(&self, request: UploadFileRequest) -> Result<openapi_media::StoredFile, HttpError> {
            let stored = openapi_media::StoredFile::new(9, request.file.len() as i64);
            let stored = match request.file.file_name() {
                Some(name) => stored.name(name),
                None => stored,
            };
            self.uploads.lock().unwrap().push(request);
            Ok(stored)
        }
        async fn login(&self, request: LoginRequest) -> Result<openapi_media::LoginResponse200, HttpError> {
            self.logins.lock().unwrap().push(request);
            Ok(<openapi_media::LoginResponse200 as wsbind::samples::Sample>::sample(0))
        }
    }
    let desk = Desk::default();
    let server = openapi_media::mock::serve(desk.clone()).await.unwrap();
    let client = Client::builder(server.address()).build().unwrap();
    let file = Binary::new(&b"\x89PNG\x00"[..]).with_file_name("scan é.png").with_content_type("image/png");
    let upload = UploadFileRequest::new(file)
        .description("a scan")
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .attributes(Attributes::default().author("ana").pages(2));
    let stored = client.upload_file(&upload).await.unwrap();
    assert_eq!((stored.id, stored.size, stored.name.as_deref()), (9, 5, Some("scan é.png")));
    assert_eq!(*desk.uploads.lock().unwrap(), vec![upload]);

    let login =
        LoginRequest::new("ana", "s3cret & more").scopes(vec!["read".to_owned(), "write".to_owned()]).remember(true);
    client.login(&login).await.unwrap();
    assert_eq!(*desk.logins.lock().unwrap(), vec![login]);
}
