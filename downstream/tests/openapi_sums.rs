//! OpenAPI sum types (`oneOf` / `anyOf`) as a crate outside wsbind uses them, against a local
//! server (wiremock on 127.0.0.1, an OS-chosen port): a discriminated `oneOf` with a `mapping`
//! (two tags for one alternative), one discriminated by schema names, undiscriminated `oneOf` /
//! `anyOf` of objects, scalars and arrays, a nullable `anyOf` and a `oneOf` of enumerations. Each
//! alternative decodes; an unknown discriminator value or shape is kept in `Unknown` and sent back
//! unchanged; requests carry the right tag exactly once; a known tag with a broken body is a
//! decode error naming the alternative and the property; limits of an alternative are checked
//! before sending. The client is the golden generated from
//! `codegen/tests/fixtures/emit/openapi_sums.yaml` (`codegen/tests/emit_features.rs`).

// The golden is compared byte for byte by `codegen/tests/emit_features.rs`: never reformat it.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../codegen/tests/golden/openapi_sums.rs"]
mod openapi_sums;

use openapi_sums::{
    Client, Drawing, DrawingAuthor, DrawingQuality, DrawingTags, DrawingWidth, EmailNotification, GetDrawingRequest,
    Notification, Payment, Person, PushNotification, PutDrawingRequest, Shape, SmsNotification,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wsbind::Error;
use wsbind::error::DecodeErrorKind;

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().unwrap()
}

async fn reply(server: &MockServer, verb: &str, at: &str, body: Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// The JSON bodies of the requests `server` received, in order.
async fn bodies(server: &MockServer) -> Vec<Value> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().filter(|r| !r.body.is_empty()).map(|r| serde_json::from_slice(&r.body).unwrap()).collect()
}

#[tokio::test]
async fn a_discriminated_one_of_decodes_each_alternative_by_its_mapping() {
    let server = MockServer::start().await;
    let listed = json!([
        { "channel": "email", "id": 1, "to": "ana@example.com", "subject": "Hi" },
        { "channel": "sms", "number": "+3312345678", "text": "Hi" },
        { "channel": "text", "number": "+3312345679" },
        { "channel": "push", "device": "d-1", "badge": 3 },
    ]);
    reply(&server, "GET", "/notifications", listed.clone()).await;
    let got = client(&server).list_notifications().await.unwrap();
    let Notification::EmailNotification(email) = &got[0] else { panic!("{:?}", got[0]) };
    assert_eq!((email.id, email.to.as_str(), email.subject.as_str()), (Some(1), "ana@example.com", "Hi"));
    let Notification::SmsNotification(sms) = &got[1] else { panic!("{:?}", got[1]) };
    assert_eq!((sms.number.as_str(), sms.text.as_deref()), ("+3312345678", Some("Hi")));
    let Notification::SmsNotification(text) = &got[2] else { panic!("two tags, one alternative: {:?}", got[2]) };
    assert_eq!(text.channel, "text");
    let Notification::PushNotification(push) = &got[3] else { panic!("{:?}", got[3]) };
    assert_eq!((push.device.as_str(), push.badge), ("d-1", Some(3)));
    // Each encodes back to what came, its tag once.
    assert_eq!(serde_json::to_value(&got).unwrap(), listed);
}

#[tokio::test]
async fn an_unknown_discriminator_value_is_kept_and_sent_back_unchanged() {
    let server = MockServer::start().await;
    let pigeon = json!({ "channel": "pigeon", "loft": 7, "route": ["Paris", "Lyon"] });
    reply(&server, "GET", "/notifications", json!([pigeon.clone(), { "no": "channel" }])).await;
    reply(&server, "POST", "/notifications", pigeon.clone()).await;
    let client = client(&server);
    let got = client.list_notifications().await.unwrap();
    assert_eq!(got, [Notification::Unknown(pigeon.clone()), Notification::Unknown(json!({ "no": "channel" }))]);
    // An old client relays a newer server's alternative as it came.
    let echoed = client.send_notification(&got[0]).await.unwrap();
    assert_eq!(echoed, Notification::Unknown(pigeon.clone()));
    assert_eq!(bodies(&server).await, [pigeon]);
}

#[tokio::test]
async fn requests_carry_their_alternatives_tag_exactly_once() {
    let server = MockServer::start().await;
    reply(&server, "POST", "/notifications", json!({ "channel": "push", "device": "d-2" })).await;
    let client = client(&server);
    // Built with an empty tag: the alternative's first tag goes out.
    let sms = SmsNotification::new(String::new(), "+3312345678").text("Hello");
    client.send_notification(&Notification::SmsNotification(Box::new(sms))).await.unwrap();
    // A second tag of the same alternative is kept.
    let text = SmsNotification::new("text", "+3312345679");
    client.send_notification(&Notification::SmsNotification(Box::new(text))).await.unwrap();
    // A tag of another alternative is replaced.
    let push = PushNotification::new("email", "d-2");
    let echoed = client.send_notification(&Notification::PushNotification(Box::new(push))).await.unwrap();
    assert_eq!(echoed, Notification::PushNotification(Box::new(PushNotification::new("push", "d-2"))));
    let requests = server.received_requests().await.unwrap();
    let texts: Vec<String> = requests.iter().map(|r| String::from_utf8(r.body.clone()).unwrap()).collect();
    assert_eq!(
        texts,
        [
            r#"{"channel":"sms","number":"+3312345678","text":"Hello"}"#,
            r#"{"channel":"text","number":"+3312345679"}"#,
            r#"{"channel":"push","device":"d-2"}"#,
        ]
    );
}

#[tokio::test]
async fn a_known_tag_with_a_broken_body_is_a_decode_error_naming_the_alternative() {
    let server = MockServer::start().await;
    reply(&server, "GET", "/notifications", json!([{ "channel": "push", "device": "d-1", "badge": "three" }])).await;
    let err = client(&server).list_notifications().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.path, "/0");
    let DecodeErrorKind::Json(text) = &decode.kind else { panic!("{decode:?}") };
    assert!(
        text.starts_with(
            "`channel` is \"push\" but the value is not a valid `PushNotification` at `/badge`: invalid type: \
             string \"three\", expected i32"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn limits_of_an_alternative_are_checked_before_sending() {
    let server = MockServer::start().await;
    let long = "x".repeat(41);
    let email = EmailNotification::new("email", long, "Hi");
    let err = client(&server).send_notification(&Notification::EmailNotification(Box::new(email))).await.unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("field `to`"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_one_of_discriminated_by_schema_names() {
    let server = MockServer::start().await;
    let listed = json!([
        { "method": "Card", "last4": "4242" },
        { "method": "BankTransfer", "iban": "FR7630006000011234567890189", "reference": "R-1" },
        { "method": "Voucher", "code": "V-9" },
    ]);
    reply(&server, "GET", "/payments", listed.clone()).await;
    let got = client(&server).list_payments().await.unwrap();
    let Payment::Card(card) = &got[0] else { panic!("{:?}", got[0]) };
    assert_eq!((card.last4.as_str(), card.expires.as_deref()), ("4242", None));
    let Payment::BankTransfer(transfer) = &got[1] else { panic!("{:?}", got[1]) };
    assert_eq!(transfer.reference.as_deref(), Some("R-1"));
    assert_eq!(got[2], Payment::Unknown(listed[2].clone()));
    assert_eq!(serde_json::to_value(&got).unwrap(), listed);
}

#[tokio::test]
async fn undiscriminated_alternatives_decode_by_their_documented_order() {
    let server = MockServer::start().await;
    let drawing = json!({
        "shapes": [
            { "radius": 2.5 },
            { "width": 3, "height": 4 },
            { "points": [[0, 0], [1, 0], [0, 1]] },
            { "width": 3, "height": 4, "depth": 5 },
            { "star": 5 },
            "line"
        ],
        "author": { "team": "blue", "members": ["ana", "bo"] },
        "reviewer": null,
        "width": "12em",
        "tags": ["a", "b"],
        "quality": "archive"
    });
    reply(&server, "GET", "/drawings/7", drawing.clone()).await;
    let got = client(&server).get_drawing(&GetDrawingRequest::new(7)).await.unwrap();
    let [circle, rectangle, polygon, boxed, star, line] = got.shapes.as_slice() else { panic!("{:?}", got.shapes) };
    let Shape::Circle(circle) = circle else { panic!("{circle:?}") };
    assert_eq!(circle.radius, 2.5);
    let Shape::Rectangle(rectangle) = rectangle else { panic!("{rectangle:?}") };
    assert_eq!((rectangle.width, rectangle.height), (3.0, 4.0));
    let Shape::Polygon(polygon) = polygon else { panic!("{polygon:?}") };
    assert_eq!(polygon.points, [vec![0.0, 0.0], vec![1.0, 0.0], vec![0.0, 1.0]]);
    // No alternative declares `depth`: the first that accepts the object, the rectangle.
    assert!(matches!(boxed, Shape::Rectangle(r) if r.width == 3.0), "{boxed:?}");
    // None accepts these: kept as they came.
    assert_eq!(*star, Shape::Unknown(json!({ "star": 5 })));
    assert_eq!(*line, Shape::Unknown(json!("line")));
    let Some(DrawingAuthor::Team(team)) = &got.author else { panic!("{:?}", got.author) };
    assert_eq!(team.members, ["ana", "bo"]);
    assert_eq!(got.reviewer, None, "a nullable `anyOf` is an optional value");
    assert_eq!(got.width, Some(DrawingWidth::String("12em".to_owned())));
    assert_eq!(got.tags, Some(DrawingTags::ArrayOfString(vec!["a".to_owned(), "b".to_owned()])));
    assert_eq!(got.quality, Some(DrawingQuality::Archive));
}

#[tokio::test]
async fn undiscriminated_alternatives_encode_as_their_value() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/drawings/8")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let circle: Shape = serde_json::from_value(json!({ "radius": 1 })).unwrap();
    let kept = Shape::Unknown(json!({ "star": 5, "points": 6 }));
    let drawing = Drawing::new()
        .shapes([circle, kept])
        .author(DrawingAuthor::Person(Box::new(Person::new("ana").email("ana@example.com"))))
        .reviewer(Person::new("bo"))
        .width(DrawingWidth::Integer(640))
        .tags(DrawingTags::String("draft".to_owned()))
        .quality(DrawingQuality::Print);
    client(&server).put_drawing(&PutDrawingRequest::new(8, drawing)).await.unwrap();
    assert_eq!(
        bodies(&server).await,
        [json!({
            "shapes": [{ "radius": 1.0 }, { "star": 5, "points": 6 }],
            "author": { "name": "ana", "email": "ana@example.com" },
            "reviewer": { "name": "bo" },
            "width": 640,
            "tags": "draft",
            "quality": "print"
        })]
    );
}

#[tokio::test]
async fn an_alternatives_limits_are_checked_inside_an_untagged_sum() {
    let server = MockServer::start().await;
    let negative: Shape = serde_json::from_value(json!({ "radius": -1 })).unwrap();
    let drawing = Drawing::new().shapes([negative]);
    let err = client(&server).put_drawing(&PutDrawingRequest::new(9, drawing)).await.unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("field `radius`"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
