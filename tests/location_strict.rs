//! A `201`'s `Location` resolves only when it is an RFC 3986 URI-reference: a header the
//! lenient WHATWG parser would repair (`::not a url::`, `http://[::1`, a lone `%`, spaces)
//! is `LocationError::Malformed` from `location()`, `id()` and `retrieve()` alike, and
//! `retrieve()` sends nothing. Valid absolute and relative `Location`s still work.

use dwolla_exchange_sessions::created::CreateCustomerExchangeSession;
use dwolla_exchange_sessions::{Client, Created, Environment, Error, LocationError, mock};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";

fn customer() -> Uuid {
    Uuid::parse_str(CUSTOMER).unwrap()
}

fn session() -> Uuid {
    Uuid::parse_str(SESSION).unwrap()
}

fn client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .bearer_token("test-token")
        .build()
        .expect("loopback client builds")
}

/// A session created on a loopback server that answers `201` with `location`.
async fn created_at(
    location: &str,
) -> (
    MockServer,
    Client,
    Created<(), CreateCustomerExchangeSession>,
) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201).insert_header("location", location))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(customer())
        .body(mock::examples::create_customer_exchange_session())
        .send()
        .await
        .expect("the session was created, whatever its Location");
    (server, client, created)
}

/// `location()`, `id()` and `retrieve()` all say `Malformed(location)`, and nothing but
/// the `POST` reaches the server.
async fn assert_malformed(location: &str) {
    let (server, client, created) = created_at(location).await;
    let malformed = LocationError::Malformed(location.to_string());
    assert_eq!(created.location(), Err(malformed.clone()), "{location:?}");
    assert_eq!(created.id(), Err(malformed.clone()), "{location:?}");
    match created.retrieve(&client).await {
        Err(Error::Location(error)) => assert_eq!(error, malformed, "{location:?}"),
        other => panic!("{location:?}: retrieve gave {other:?}"),
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "{location:?}: nothing but the POST was sent"
    );
}

#[tokio::test]
async fn not_a_url_is_malformed_from_location_id_and_retrieve() {
    assert_malformed("::not a url::").await;
}

#[tokio::test]
async fn an_unclosed_ipv6_literal_is_malformed_from_location_id_and_retrieve() {
    assert_malformed("http://[::1").await;
    assert_malformed(&format!("http://[::1/exchange-sessions/{SESSION}")).await;
}

#[tokio::test]
async fn a_bare_percent_is_malformed_from_location_id_and_retrieve() {
    assert_malformed("%").await;
    assert_malformed(&format!("/exchange-sessions/{SESSION}%")).await;
    assert_malformed(&format!("/exchange-sessions/{SESSION}%2")).await;
    assert_malformed(&format!("/exchange-sessions/%zz{SESSION}")).await;
}

#[tokio::test]
async fn a_location_with_spaces_is_malformed_from_location_id_and_retrieve() {
    // The WHATWG parser would encode the space and `id()` would find the UUID.
    assert_malformed(&format!("/exchange sessions/{SESSION}")).await;
    assert_malformed(&format!("/exchange-sessions/{SESSION} x")).await;
    assert_malformed(&format!("http://127.0.0.1 /exchange-sessions/{SESSION}")).await;
}

#[tokio::test]
async fn an_http_location_without_its_slashes_is_malformed() {
    // The WHATWG parser reads `http:host/path` as `http://host/path`.
    assert_malformed(&format!("http:127.0.0.1/exchange-sessions/{SESSION}")).await;
}

#[tokio::test]
async fn an_absolute_same_host_location_still_resolves_and_is_retrieved() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201).insert_header("location", location.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    mock::retrieve_customer_exchange_session()
        .id(session())
        .ok(mock::examples::exchange_session())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(customer())
        .body(mock::examples::create_customer_exchange_session())
        .send()
        .await
        .unwrap();
    assert_eq!(created.location().unwrap().as_str(), location);
    assert_eq!(created.id(), Ok(session()));
    created
        .retrieve(&client)
        .await
        .expect("retrieve follows an absolute same-host Location");
}

#[tokio::test]
async fn a_relative_path_location_still_resolves_and_is_retrieved() {
    let server = MockServer::start().await;
    let location = format!("/exchange-sessions/{SESSION}");
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201).insert_header("location", location.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    mock::retrieve_customer_exchange_session()
        .id(session())
        .ok(mock::examples::exchange_session())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(customer())
        .body(mock::examples::create_customer_exchange_session())
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.location().unwrap().as_str(),
        format!("{}{location}", server.uri())
    );
    assert_eq!(created.id(), Ok(session()));
    created
        .retrieve(&client)
        .await
        .expect("retrieve follows a relative Location");
}

#[tokio::test]
async fn percent_escapes_queries_and_fragments_are_valid() {
    let location = format!("/exchange-sessions/{SESSION}?next=%2Fhome%3Fa%3Db&x=%e2%9c%93#top");
    let (server, _client, created) = created_at(&location).await;
    assert_eq!(
        created.location().unwrap().as_str(),
        format!("{}{location}", server.uri())
    );
    assert_eq!(created.id(), Ok(session()));
}
