//! Pagination ends (issue 11): a cursor stream stops with `Error::Pagination` when a reply
//! cursor repeats any cursor sent before (A, B, A), or at the page limit; the server's request
//! count shows that nothing more was fetched.

mod production_util;

use futures_util::StreamExt as _;
use production_util::*;
use serde_json::{Value, json};
use wsbind::rest::{CursorPaging, HttpMethod, RestClient, RestOp};
use wsbind::{Error, PaginationError, PaginationErrorKind};

const GET_ALL: RestOp = RestOp {
    name: "getAll",
    method: HttpMethod::Post,
    path: "/getAll",
    xml_response: None,
    pagination: Some(CursorPaging {
        request_cursor: &["Limitation", "Cursor"],
        request_count: &["Limitation", "Count"],
        response_cursor: &["Cursor"],
        response_items: &["ResourceAccessTokens"],
    }),
    secret_names: &["Value"],
    security: &[],
    errors: &[],
    body: wsbind::rest::BodyEncoding::Json,
    accept: None,
};

fn request() -> Value {
    json!({ "Limitation": { "Cursor": null, "Count": 2 } })
}

/// Replies to cursor `c` with two items and the next cursor `next(c)`.
async fn cursors(next: fn(Option<&str>) -> String) -> Server {
    serve(move |_, seen| {
        let body: Value = serde_json::from_slice(&seen.body).unwrap();
        let cursor = body["Limitation"]["Cursor"].as_str().map(str::to_owned);
        let n = next(cursor.as_deref());
        reply(
            200,
            "application/json",
            json!({ "ResourceAccessTokens": [{"Id": 1}, {"Id": 2}], "Cursor": n }).to_string(),
        )
    })
    .await
}

async fn collect(client: &RestClient) -> (usize, Option<Error>) {
    let request = request();
    let mut stream = Box::pin(client.paginate_json::<_, Value>(&GET_ALL, &[], &request, Ok(())));
    let mut items = 0;
    while let Some(item) = stream.next().await {
        match item {
            Ok(_) => items += 1,
            Err(e) => {
                assert!(stream.next().await.is_none(), "the error is the last item");
                return (items, Some(e));
            }
        }
    }
    (items, None)
}

#[tokio::test]
async fn a_cycle_a_b_a_stops_with_a_typed_error() {
    let server = cursors(|c| match c {
        None => "A".into(),
        Some("A") => "B".into(),
        _ => "A".into(),
    })
    .await;
    let client = RestClient::new(server.url(""));
    let (items, err) = collect(&client).await;
    let err = err.expect("an error");
    assert_eq!(items, 6, "the items of the three pages fetched");
    assert_eq!(server.count(), 3);
    let Error::Pagination(PaginationError { operation, page, kind }) = &err else { panic!("{err:?}") };
    assert_eq!(operation, "getAll");
    assert_eq!(*page, 3);
    assert_eq!(*kind, PaginationErrorKind::RepeatedCursor { first_sent_with_page: 2 });
    assert!(err.to_string().contains("repeats the cursor of page 2"), "{err}");
}

#[tokio::test]
async fn a_longer_cycle_is_caught_too() {
    let server = cursors(|c| match c {
        None => "c1".into(),
        Some("c1") => "c2".into(),
        Some("c2") => "c3".into(),
        Some("c3") => "c4".into(),
        _ => "c2".into(),
    })
    .await;
    let client = RestClient::new(server.url(""));
    let (_, err) = collect(&client).await;
    assert!(
        matches!(
            err,
            Some(Error::Pagination(PaginationError {
                kind: PaginationErrorKind::RepeatedCursor { first_sent_with_page: 3 },
                ..
            }))
        ),
        "{err:?}"
    );
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn endless_distinct_cursors_stop_at_the_page_limit() {
    let server = cursors(|c| format!("{}x", c.unwrap_or(""))).await;
    let mut client = RestClient::new(server.url(""));
    client.set_max_pages(5);
    let (items, err) = collect(&client).await;
    assert_eq!(items, 10);
    assert_eq!(server.count(), 5);
    assert!(
        matches!(
            err,
            Some(Error::Pagination(PaginationError { kind: PaginationErrorKind::PageLimit { limit: 5 }, page: 5, .. }))
        ),
        "{err:?}"
    );
    assert_eq!(wsbind::limits::DEFAULT_MAX_PAGES, 10_000);
}

#[tokio::test]
async fn the_same_cursor_as_just_sent_still_ends_quietly() {
    let server = cursors(|c| match c {
        None => "A".into(),
        _ => "A".into(),
    })
    .await;
    let client = RestClient::new(server.url(""));
    let (items, err) = collect(&client).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!((items, server.count()), (4, 2));
}
