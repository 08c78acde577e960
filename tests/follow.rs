//! `Client::follow` against a real HTTP server on loopback: a HAL link whose path matches
//! a `GET` operation is read typed, any other link on the client's origin untyped, and a
//! link to another origin, or one that is no URI reference, is refused before any request.

use dwolla_exchange_sessions::operations::Followed;
use dwolla_exchange_sessions::{Client, Environment, Error, LocationError, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const TOKEN: &str = "follow-token";
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const PARTNER: &str = "f53ffb32-c84f-496a-9d9d-acd100d396ef";

fn client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("loopback client builds")
}

fn session(server: &MockServer) -> serde_json::Value {
    json!({
        "created": "2024-02-07T16:47:47Z",
        "_links": {
            "self": { "href": format!("{}/exchange-sessions/{SESSION}", server.uri()) },
            "exchange-partner": { "href": format!("{}/exchange-partners/{PARTNER}", server.uri()) }
        }
    })
}

async fn serve_session(server: &MockServer, times: u64) {
    Mock::given(method("GET"))
        .and(path(format!("/exchange-sessions/{SESSION}")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", HAL))
        .respond_with(ResponseTemplate::new(200).set_body_raw(session(server).to_string(), HAL))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_link_to_a_get_operation_is_read_typed() {
    let server = MockServer::start().await;
    serve_session(&server, 2).await;
    let client = client(&server);
    let first = client
        .follow(&format!("{}/exchange-sessions/{SESSION}", server.uri()))
        .await
        .expect("the link is followed");
    let Followed::RetrieveCustomerExchangeSession(first) = first else {
        panic!("typed as the session: {first:?}");
    };
    // The typed body's own link, followed as it is.
    let again = client
        .follow(&first.links.self_)
        .await
        .expect("`_links.self` is followed");
    let Followed::RetrieveCustomerExchangeSession(again) = again else {
        panic!("typed as the session: {again:?}");
    };
    assert_eq!(again.created, first.created);
}

#[tokio::test]
async fn a_relative_link_resolves_against_the_base_url() {
    let server = MockServer::start().await;
    serve_session(&server, 1).await;
    let followed = client(&server)
        .follow(&format!("/exchange-sessions/{SESSION}"))
        .await
        .expect("the relative link is followed");
    assert!(matches!(
        followed,
        Followed::RetrieveCustomerExchangeSession(_)
    ));
}

#[tokio::test]
async fn a_link_no_operation_matches_is_read_untyped() {
    let server = MockServer::start().await;
    serve_session(&server, 1).await;
    Mock::given(method("GET"))
        .and(path(format!("/exchange-partners/{PARTNER}")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(json!({ "name": "Plaid" }).to_string(), HAL),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let Followed::RetrieveCustomerExchangeSession(session) = client
        .follow(&format!("{}/exchange-sessions/{SESSION}", server.uri()))
        .await
        .expect("the session")
    else {
        panic!("typed as the session");
    };
    let partner = client
        .follow(&session.links.exchange_partner)
        .await
        .expect("`_links.exchange-partner` is followed");
    let Followed::Untyped(partner) = partner else {
        panic!("no operation reads exchange partners: {partner:?}");
    };
    assert_eq!(partner.into_inner(), json!({ "name": "Plaid" }));
}

#[tokio::test]
async fn an_error_status_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(
                json!({ "code": "NotFound", "message": "The requested resource was not found." })
                    .to_string(),
                HAL,
            ),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .follow(&format!("{}/exchange-sessions/{SESSION}", server.uri()))
        .await
        .expect_err("404");
    let Error::Api(api) = error else {
        panic!("an API error: {error:?}");
    };
    assert_eq!(api.status(), 404);
}

#[tokio::test]
async fn a_link_to_another_origin_or_no_uri_is_refused_before_any_request() {
    let server = MockServer::start().await;
    let client = client(&server);
    for link in [
        "https://evil.example/exchange-sessions/x",
        // Same host, another port.
        "http://127.0.0.1:1/exchange-sessions/x",
    ] {
        let error = client.follow(link).await.expect_err("another origin");
        assert!(
            matches!(error, Error::Location(LocationError::ForeignHost { .. })),
            "{link}: {error:?}"
        );
    }
    for link in ["::not a url::", "http://[::1", "%", "/exchange sessions/x"] {
        let error = client.follow(link).await.expect_err("not a URI reference");
        assert!(
            matches!(error, Error::Location(LocationError::Malformed(_))),
            "{link}: {error:?}"
        );
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "no request was sent: {received:?}");
}
