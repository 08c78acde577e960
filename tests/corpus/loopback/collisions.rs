//! The client generated for `tests/corpus/valid/collisions.yaml`, whose parameter, property
//! and enum names meet the generator's own, against a real HTTP server on loopback: each
//! renamed setter sets its own parameter, and every query style is sent as the document
//! says. `scripts/check-corpus.sh` copies this file into that document's client as
//! `tests/loopback.rs`, with `common/`, and runs it.

mod common;

use common::{Request, Server};
use dwolla_exchange_sessions::types::{Filter, FilterCreated, Vote, VoteItemBody};

fn item(_: &str, request: &Request) -> (u16, String) {
    match request.method.as_str() {
        "GET" => (200, r#"{"id":7,"votes":["+1","-1"]}"#.to_string()),
        _ => (204, String::new()),
    }
}

/// The query's pairs, decoded, in order.
fn pairs(target: &str) -> Vec<(String, String)> {
    let url = url::Url::parse(&format!("http://host{target}")).expect("a request target");
    url.query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn every_colliding_name_sets_its_own_parameter() {
    let server = Server::start(item).await;
    let filter = Filter {
        status: Some("open".into()),
        created: Some(FilterCreated {
            gte: Some("2024-02-07T16:47:47Z".parse().expect("a date")),
        }),
    };
    let options = "9c7d7a1e-2a6c-4a43-9e3f-1d2b3c4d5e6f";
    let item = server
        .client()
        .get_item()
        .id(7u64)
        .id_query("query-id")
        .client("c")
        .request("r")
        .body_query("b")
        .send_query(true)
        .options_query(options.parse::<uuid::Uuid>().expect("a uuid"))
        .url("u")
        .runtime_client("rc")
        .tag("t")
        .tag_query(vec!["a".to_string(), "b".to_string()])
        .fields(vec!["x".to_string(), "y".to_string()])
        .ids(vec![1, 2])
        .colours(vec![Vote::plus1, Vote::minus1])
        .filter(filter)
        .x_trace("trace-1")
        .session("s1")
        .send()
        .await
        .expect("the item is read");
    assert_eq!(item.votes, [Vote::plus1, Vote::minus1]);

    let requests = server.requests();
    let [request] = requests.as_slice() else {
        panic!("one request: {requests:?}");
    };
    let (path, _) = request.target.split_once('?').expect("a query");
    assert_eq!(path, "/items/7");
    let expected: Vec<(String, String)> = [
        ("id", "query-id"),
        ("client", "c"),
        ("request", "r"),
        ("body", "b"),
        ("send", "true"),
        ("options", options),
        ("url", "u"),
        ("runtime_client", "rc"),
        ("tag", "t"),
        ("tag[]", "a"),
        ("tag[]", "b"),
        ("fields", "x,y"),
        ("ids", "1 2"),
        ("colours", "+1|-1"),
        ("filter[created][gte]", "2024-02-07T16:47:47Z"),
        ("filter[status]", "open"),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs(&request.target), expected, "{}", request.target);
    assert_eq!(request.header("x-trace"), Some("trace-1"));
    assert_eq!(request.header("cookie"), Some("session=s1"));
}

#[tokio::test]
async fn body_properties_named_like_the_builder_are_sent_as_named() {
    let server = Server::start(item).await;
    let body = VoteItemBody {
        vote: Vote::minus1,
        client: Some("c".into()),
        send: Some(false),
        options: vec!["o".into()],
    };
    server
        .client()
        .vote_item()
        .id(7u64)
        .body(body)
        .send()
        .await
        .expect("the vote is counted");
    let requests = server.requests();
    let body: serde_json::Value =
        serde_json::from_slice(&requests[0].body).expect("a JSON body");
    assert_eq!(
        body,
        serde_json::json!({"vote": "-1", "client": "c", "send": false, "options": ["o"]})
    );
}
