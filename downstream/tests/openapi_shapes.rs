//! The JSON shapes of real OpenAPI descriptions against a local server (wiremock on 127.0.0.1, an
//! OS-chosen port): a top-level array reply whose items carry a `nullable` array sent as `null`, a
//! map reply, an array of arrays with `null` cells, a top-level array request body, properties
//! beside `additionalProperties` (flattened), array query and path parameters in each style, and a
//! `HEAD` operation, and object parameters (one declared with `content`, a free-form header)
//! sent as their JSON text. The client is the golden generated from
//! `codegen/tests/fixtures/emit/openapi_shapes.yaml` (`codegen/tests/emit_features.rs`).

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/openapi_shapes.rs"]
mod openapi_shapes;

use openapi_shapes::{
    Client, CountsByLabelRequest, Issue, ListIssuesRequest, SearchFilter, SearchRequest, Settings, Tree,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().unwrap()
}

/// The raw query string of the only request `server` received.
async fn query_of_only_request(server: &MockServer) -> String {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests[0].url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn top_level_array_reply_with_a_null_nullable_array() {
    let server = MockServer::start().await;
    let reply = json!([
        { "id": 1, "title": "first", "assignees": null, "labels": { "kind": "bug" } },
        { "id": 2, "title": null, "assignees": ["ana", "bo"], "metadata": { "any": [1, true] } }
    ]);
    Mock::given(method("GET"))
        .and(path("/issues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .mount(&server)
        .await;
    let issues = client(&server).list_issues(&ListIssuesRequest::default()).await.unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0].id, 1);
    assert!(issues[0].assignees.is_empty(), "`null` decodes as an empty array");
    assert_eq!(issues[0].labels.as_ref().unwrap()["kind"], "bug");
    assert_eq!(issues[1].title, None);
    assert_eq!(issues[1].assignees, ["ana", "bo"]);
    assert_eq!(issues[1].metadata, Some(json!({ "any": [1, true] })), "a free-form object is kept as JSON");
}

#[tokio::test]
async fn array_query_parameters_in_each_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/issues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let request = ListIssuesRequest::default()
        .labels(["bug".to_owned(), "ui".to_owned()])
        .ids([1, 2])
        .words(["a".to_owned(), "b".to_owned()])
        .states(["open".to_owned(), "closed".to_owned()]);
    let issues = client(&server).list_issues(&request).await.unwrap();
    assert!(issues.is_empty());
    // form + explode (repeated), form without explode (`,`), spaceDelimited, pipeDelimited.
    assert_eq!(query_of_only_request(&server).await, "labels=bug&labels=ui&ids=1%2C2&words=a+b&states=open%7Cclosed");
}

#[tokio::test]
async fn empty_arrays_are_left_out_and_limits_checked() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/issues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    client(&server).list_issues(&ListIssuesRequest::default()).await.unwrap();
    assert_eq!(query_of_only_request(&server).await, "");
    let too_many = ListIssuesRequest::default().states(vec!["a".to_owned(); 4]);
    let err = client(&server).list_issues(&too_many).await.unwrap_err();
    assert!(matches!(err, wsbind::Error::Invalid(_)), "{err}");
}

#[tokio::test]
async fn map_reply_and_simple_path_array() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/issues/1,2/counts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "bug": 3, "ui": 0 })))
        .mount(&server)
        .await;
    let counts = client(&server).counts_by_label(&CountsByLabelRequest::default().ids([1, 2])).await.unwrap();
    assert_eq!(counts.len(), 2);
    assert_eq!(counts["bug"], 3);
    assert_eq!(counts["ui"], 0);
}

/// A map whose values are maps of the same kind: a newtype struct (an alias cannot hold itself).
#[tokio::test]
async fn a_map_that_holds_itself() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tree"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"a": {"b": {}, "c": {"d": {}}}, "e": {}})))
        .mount(&server)
        .await;
    let tree = client(&server).get_tree().await.unwrap();
    assert_eq!(tree.0.keys().collect::<Vec<_>>(), ["a", "e"]);
    assert_eq!(tree.0["a"].0["c"].0["d"], Tree::default());
    assert_eq!(serde_json::to_value(&tree).unwrap(), json!({"a": {"b": {}, "c": {"d": {}}}, "e": {}}));
}

#[tokio::test]
async fn array_of_arrays_with_null_cells() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/grid"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([[1.5, null], [], [2]])))
        .mount(&server)
        .await;
    let grid = client(&server).get_grid().await.unwrap();
    assert_eq!(grid, vec![vec![Some(1.5), None], vec![], vec![Some(2.0)]]);
}

#[tokio::test]
async fn top_level_array_request_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/issues"))
        .and(body_json(json!([{ "id": 7, "assignees": ["cy"] }])))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let issue = Issue::new(7).assignees(["cy".to_owned()]);
    client(&server).add_issues(&vec![issue]).await.unwrap();
}

#[tokio::test]
async fn undeclared_properties_are_kept_beside_declared_ones() {
    let server = MockServer::start().await;
    let body = json!({ "theme": "dark", "fontSize": 12, "beta": { "on": true } });
    Mock::given(method("PUT"))
        .and(path("/settings"))
        .and(body_json(body.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let mut extra = std::collections::BTreeMap::new();
    extra.insert("fontSize".to_owned(), json!(12));
    extra.insert("beta".to_owned(), json!({ "on": true }));
    let settings = Settings::new().theme("dark").additional_properties(extra.clone());
    let stored = client(&server).put_settings(&settings).await.unwrap();
    assert_eq!(stored.theme.as_deref(), Some("dark"));
    assert_eq!(stored.additional_properties, Some(extra));
}

#[tokio::test]
async fn head_operation() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD")).and(path("/issues")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    client(&server).check_issues().await.unwrap();
}

#[tokio::test]
async fn object_parameters_are_sent_as_their_json_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{ "id": 1 }])))
        .mount(&server)
        .await;
    let filter = SearchFilter::default().state("open").labels(vec!["bug".to_owned()]);
    let request = SearchRequest::new("cloud computing").filter(filter).x_context(json!({ "team": "a" }));
    let found = client(&server).search(&request).await.unwrap();
    assert_eq!(found.len(), 1);
    let requests = server.received_requests().await.unwrap();
    let pairs: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("terms".to_owned(), "cloud computing".to_owned()),
            ("filter".to_owned(), r#"{"state":"open","labels":["bug"]}"#.to_owned())
        ]
    );
    assert_eq!(requests[0].headers.get("x-context").unwrap().to_str().unwrap(), r#"{"team":"a"}"#);
}
