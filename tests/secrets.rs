//! No secret leaks: the client secret, access tokens and the `Basic` header value never
//! appear in `Debug`, `Display`, error messages or tracing output; credentials never go to
//! a foreign `Location`; plain HTTP is refused off loopback.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use dwolla_exchange_sessions::{Client, ClientBuilder, Credentials, Environment, Error, RetryPolicy, types};
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const CLIENT_ID: &str = "client-id-7f3a";
const SECRET: &str = "sEcReT-client-secret-9d81c2";
const ACCESS_TOKEN: &str = "aCcEsS-token-5be0a1f4";
const STATIC_TOKEN: &str = "sTaTiC-bearer-token-c0ffee";
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";

/// Every form a secret could leak in.
fn secrets() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"));
    vec![SECRET.into(), ACCESS_TOKEN.into(), STATIC_TOKEN.into(), basic.clone(), format!("Basic {basic}")]
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} leaks {secret:?}:\n{text}");
    }
}

fn fast() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(2))
}

fn oauth_builder(uri: String) -> ClientBuilder {
    Client::builder(Environment::Custom(uri)).credentials(Credentials::client_credentials(CLIENT_ID, SECRET)).retry_policy(fast())
}

fn session_id() -> Uuid {
    Uuid::parse_str(SESSION).unwrap()
}

fn session_json() -> serde_json::Value {
    json!({
        "created": "2024-02-07T16:47:47Z",
        "_links": {
            "self": { "href": format!("https://api-sandbox.dwolla.com/exchange-sessions/{SESSION}") },
            "exchange-partner": { "href": "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef" }
        }
    })
}

fn token_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600 }))
}

fn plaid_body() -> types::CreateCustomerExchangeSession {
    types::CreateCustomerExchangeSession {
        links: types::CreateCustomerExchangeSessionLinks {
            exchange_partner: types::LinkHref { href: "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef".into() },
            redirect_url: None,
        },
    }
}

fn closed_port_uri() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("http://127.0.0.1:{port}")
}

/// Collects one error of every variant this client can produce, each from a real call
/// (or a real construction) that involved the secrets.
async fn every_error() -> Vec<Error> {
    let mut errors = Vec::new();

    // Api: a 401 the static token could not fix.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(r#"{"code":"InvalidAccessToken","message":"Invalid access token."}"#, HAL))
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri())).bearer_token(STATIC_TOKEN).build().unwrap();
    errors.push(client.retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());
    // Api after the OAuth replay.
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/token")).respond_with(token_ok()).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(r#"{"code":"ExpiredAccessToken","message":"Expired access token."}"#, HAL))
        .mount(&server)
        .await;
    let client = oauth_builder(server.uri()).build().unwrap();
    errors.push(client.retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());

    // Auth: refused credentials, an undecodable success that quotes the token, unreachable.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "error": "invalid_client", "error_description": "Invalid client credentials." })))
        .mount(&server)
        .await;
    errors.push(oauth_builder(server.uri()).build().unwrap().retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": ACCESS_TOKEN, "expires_in": ACCESS_TOKEN })))
        .mount(&server)
        .await;
    errors.push(oauth_builder(server.uri()).build().unwrap().retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());
    errors.push(oauth_builder(closed_port_uri()).build().unwrap().retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());

    // Timeout and Transport, with a token on the request.
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/token")).respond_with(token_ok()).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2))).mount(&server).await;
    let client = oauth_builder(server.uri()).build().unwrap();
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .timeout(Duration::from_millis(50))
            .retry(RetryPolicy::none())
            .send()
            .await
            .unwrap_err(),
    );
    let client = Client::builder(Environment::Custom(closed_port_uri())).bearer_token(STATIC_TOKEN).retry_policy(fast()).build().unwrap();
    errors.push(client.retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());

    // InvalidRequest (a missing id; a per-call Authorization), InvalidResponse, InProgress.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html")).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(409).set_body_raw(r#"{"code":"Conflict","message":"in progress"}"#, HAL)).mount(&server).await;
    let client = Client::builder(Environment::Custom(server.uri())).bearer_token(STATIC_TOKEN).build().unwrap();
    errors.push(client.retrieve_customer_exchange_session().send().await.unwrap_err());
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .header(reqwest::header::AUTHORIZATION, format!("Bearer {STATIC_TOKEN}").parse().unwrap())
            .send()
            .await
            .unwrap_err(),
    );
    errors.push(client.retrieve_customer_exchange_session().id(session_id()).send().await.unwrap_err());
    errors.push(
        client
            .create_customer_exchange_session()
            .id(Uuid::parse_str(CUSTOMER).unwrap())
            .body(plaid_body())
            .send()
            .await
            .unwrap_err(),
    );

    // InvalidConfig: plain HTTP off loopback, credentials in the URL, none at all.
    errors.push(oauth_builder("http://api.example.com".into()).build().unwrap_err());
    errors.push(oauth_builder(format!("https://{CLIENT_ID}:{SECRET}@api.dwolla.com")).build().unwrap_err());
    errors.push(Client::builder(Environment::Sandbox).build().unwrap_err());

    // Location: a foreign host.
    let (_server, _foreign, client, created) = created_with_foreign_location().await;
    errors.push(created.retrieve(&client).await.unwrap_err());

    errors
}

/// A POST whose `201` names a `Location` on another server.
async fn created_with_foreign_location() -> (MockServer, MockServer, Client, dwolla_exchange_sessions::Created) {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(method("POST")).and(path("/token")).respond_with(token_ok()).mount(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201).insert_header("location", format!("{}/exchange-sessions/{SESSION}", foreign.uri())))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200).set_body_json(session_json())).expect(0).mount(&foreign).await;
    let client = oauth_builder(server.uri()).build().unwrap();
    let created = client.create_customer_exchange_session().id(Uuid::parse_str(CUSTOMER).unwrap()).body(plaid_body()).send().await.unwrap();
    (server, foreign, client, created)
}

#[tokio::test]
async fn credentials_builders_and_clients_never_show_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/token")).respond_with(token_ok()).expect(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(session_json())).expect(1).mount(&server).await;

    let oauth = Credentials::client_credentials(CLIENT_ID, SECRET);
    let bearer = Credentials::bearer(STATIC_TOKEN);
    assert_clean("Credentials", &format!("{oauth:?} {bearer:?} {oauth:#?}"));
    assert!(format!("{oauth:?}").contains(CLIENT_ID), "the client id is not a secret and helps debugging");

    let builder = oauth_builder(server.uri());
    assert_clean("ClientBuilder", &format!("{builder:?} {builder:#?}"));
    let static_builder = Client::builder(Environment::Sandbox).bearer_token(STATIC_TOKEN);
    assert_clean("ClientBuilder", &format!("{static_builder:?}"));

    let client = builder.build().unwrap();
    // With a cached token, and the operation builder that carries the client.
    client.retrieve_customer_exchange_session().id(session_id()).send().await.unwrap();
    assert_clean("Client", &format!("{client:?} {client:#?}"));
    let pending = client.retrieve_customer_exchange_session().id(session_id()).idempotency_key("k");
    assert_clean("operation builder", &format!("{pending:?}"));
    assert_clean("Client", &format!("{:?}", static_builder.build().unwrap()));
}

#[tokio::test]
async fn no_error_variant_shows_a_secret() {
    let errors = every_error().await;
    let variants: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api(_) => "Api",
            Error::Auth(_) => "Auth",
            Error::Timeout { .. } => "Timeout",
            Error::Transport { .. } => "Transport",
            Error::InvalidRequest(_) => "InvalidRequest",
            Error::InvalidResponse { .. } => "InvalidResponse",
            Error::InProgress { .. } => "InProgress",
            Error::InvalidConfig(_) => "InvalidConfig",
            Error::Location(_) => "Location",
            _ => "other",
        })
        .collect();
    for variant in ["Api", "Auth", "Timeout", "Transport", "InvalidRequest", "InvalidResponse", "InProgress", "InvalidConfig", "Location"] {
        assert!(variants.contains(&variant), "no {variant} produced: {variants:?}");
    }
    for error in &errors {
        let mut text = format!("{error} | {error:?} | {error:#?}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!(" | {cause} | {cause:?}"));
            source = cause.source();
        }
        assert_clean("error", &text);
        assert!(!error.to_string().contains('\n'), "Display is one line: {error}");
    }
}

#[tokio::test]
async fn a_foreign_location_is_not_followed_with_credentials() {
    let (_server, foreign, client, created) = created_with_foreign_location().await;
    assert_eq!(created.id().unwrap(), session_id());
    let error = created.retrieve(&client).await.unwrap_err();
    assert!(matches!(error, Error::Location(dwolla_exchange_sessions::LocationError::ForeignHost { .. })), "{error:?}");
    assert!(foreign.received_requests().await.unwrap_or_default().is_empty());
}

#[test]
fn plain_http_is_refused_unless_loopback_or_allowed() {
    let build = |url: &str, allow: bool| {
        Client::builder(Environment::Custom(url.into())).bearer_token(STATIC_TOKEN).allow_insecure_http(allow).build()
    };
    assert!(matches!(build("http://api.example.com", false), Err(Error::InvalidConfig(_))));
    assert!(build("http://api.example.com", true).is_ok());
    assert!(build("http://127.0.0.1:9", false).is_ok());
    assert!(build("http://localhost:9", false).is_ok());
    assert!(build("https://api.example.com", false).is_ok());
}

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn tracing_output_has_call_fields_and_no_secret() {
    let captured = Captured::default();
    // Thread-local, and the test runtime is single-threaded: it sees the client, hyper and
    // the token fetch, all at TRACE.
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .set_default();

    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/token")).respond_with(token_ok()).expect(2).mount(&server).await;
    // 503, then an expired token (replayed), then success.
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(r#"{"code":"ExpiredAccessToken","message":"Expired"}"#, HAL))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(session_json())).with_priority(3).mount(&server).await;
    let client = oauth_builder(server.uri()).build().unwrap();
    client.retrieve_customer_exchange_session().id(session_id()).send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2 + 3);
    // Failures: every error path, with tokens and secrets in play.
    let errors = every_error().await;
    assert!(!errors.is_empty());

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_clean("tracing output", &output);
    for expected in [
        "dwolla.call",
        "dwolla.attempt",
        "dwolla.token",
        "operation=\"retrieveCustomerExchangeSession\"",
        "attempt=1",
        "attempt=3",
        "status=503",
        "status=401",
        "status=200",
        "attempts=3",
        "latency_ms=",
        "retrying",
    ] {
        assert!(output.contains(expected), "tracing output lacks {expected:?}:\n{output}");
    }
}

#[tokio::test]
async fn path_ids_must_be_uuids_so_nothing_can_be_injected_into_the_path() {
    let server = MockServer::start().await;
    let client = Client::builder(Environment::Custom(server.uri())).bearer_token(STATIC_TOKEN).build().unwrap();
    for id in ["../../token", "5b29279d-6359-4c87-a318-e09095532733/../x", ""] {
        let error = client.retrieve_customer_exchange_session().id(id).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{id:?}: {error:?}");
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}
