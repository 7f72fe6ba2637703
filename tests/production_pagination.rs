//! Pagination ends (issue 11): the generated Mews client's cursor stream (`get_all_stream`)
//! stops with `Error::Pagination` when a reply cursor repeats any cursor sent before (A, B, A),
//! or at the page limit; the mock's request log shows that nothing more was fetched. The pages
//! come from the generated Mews mock, whose fake answers each request's cursor with two tokens
//! (their sample values) and the next cursor.

#![cfg(all(feature = "mock", feature = "mews"))]

use futures_util::StreamExt as _;
use wsbind::mews::{self, mock};
use wsbind::samples::Sample as _;
use wsbind::{Error, PaginationError, PaginationErrorKind};

/// A fake answering cursor `c` with two tokens and the cursor `next(c)`.
struct Cursors(fn(Option<&str>) -> String);

impl mock::Service for Cursors {
    async fn get_all(
        &self,
        request: mews::ResourceAccessTokenGetAllRequest,
    ) -> Result<mews::ResourceAccessTokenGetAllResult, wsbind::mock::HttpError> {
        let next = (self.0)(request.limitation.cursor.as_deref());
        let tokens = vec![mews::ResourceAccessToken::sample(1), mews::ResourceAccessToken::sample(1)];
        Ok(mews::ResourceAccessTokenGetAllResult::new().resource_access_tokens(tokens).cursor(next))
    }
}

/// A client of the mock serving `next`, with `max_pages` when given.
async fn serve(next: fn(Option<&str>) -> String, max_pages: Option<u64>) -> (wsbind::mock::MockServer, mews::Client) {
    let server = mock::serve(Cursors(next)).await.unwrap();
    let mut builder = mews::Client::builder(server.address());
    if let Some(pages) = max_pages {
        builder = builder.max_pages(pages);
    }
    let client = builder.build().unwrap().with_client_token("ct").with_access_token("at").with_client("test");
    (server, client)
}

/// The tokens the stream yields before it ends, and the error it ends with.
async fn collect(client: &mews::Client) -> (usize, Option<Error>) {
    let request = mews::ResourceAccessTokenGetAllRequest::new(mews::Limitation::new(2));
    let mut stream = Box::pin(client.get_all_stream(&request));
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
    let (server, client) = serve(
        |c| match c {
            None => "A".into(),
            Some("A") => "B".into(),
            _ => "A".into(),
        },
        None,
    )
    .await;
    let (items, err) = collect(&client).await;
    let err = err.expect("an error");
    assert_eq!(items, 6, "the items of the three pages fetched");
    assert_eq!(server.requests().len(), 3);
    let Error::Pagination(PaginationError { operation, page, kind }) = &err else { panic!("{err:?}") };
    assert_eq!(operation, "getAll");
    assert_eq!(*page, 3);
    assert_eq!(*kind, PaginationErrorKind::RepeatedCursor { first_sent_with_page: 2 });
    assert!(err.to_string().contains("repeats the cursor of page 2"), "{err}");
}

#[tokio::test]
async fn a_longer_cycle_is_caught_too() {
    let (server, client) = serve(
        |c| match c {
            None => "c1".into(),
            Some("c1") => "c2".into(),
            Some("c2") => "c3".into(),
            Some("c3") => "c4".into(),
            _ => "c2".into(),
        },
        None,
    )
    .await;
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
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn endless_distinct_cursors_stop_at_the_page_limit() {
    let (server, client) = serve(|c| format!("{}x", c.unwrap_or("")), Some(5)).await;
    let (items, err) = collect(&client).await;
    assert_eq!(items, 10);
    assert_eq!(server.requests().len(), 5);
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
    let (server, client) = serve(|_| "A".into(), None).await;
    let (items, err) = collect(&client).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!((items, server.requests().len()), (4, 2));
}
