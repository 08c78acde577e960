//! The secrets and the calls that handle them, shared by `secrets.rs` and
//! `tracing_output.rs`.

use std::time::Duration;

use base64::Engine;
use dwolla_exchange_sessions::{
    CallOptions, Client, ClientBuilder, Created, Credentials, Environment, Error, RetryPolicy,
    created, types,
};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::ClosedPort;

pub const HAL: &str = "application/vnd.dwolla.v1.hal+json";
pub const CLIENT_ID: &str = "client-id-7f3a";
pub const SECRET: &str = "sEcReT-client-secret-9d81c2";
pub const ACCESS_TOKEN: &str = "aCcEsS-token-5be0a1f4";
pub const STATIC_TOKEN: &str = "sTaTiC-bearer-token-c0ffee";
pub const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
pub const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";

/// Every form a secret could leak in.
pub fn secrets() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"));
    vec![
        SECRET.into(),
        ACCESS_TOKEN.into(),
        STATIC_TOKEN.into(),
        basic.clone(),
        format!("Basic {basic}"),
    ]
}

#[track_caller]
pub fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} leaks {secret:?}:\n{text}");
    }
}

pub fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

pub fn oauth_builder(uri: String) -> ClientBuilder {
    Client::builder(Environment::Custom(uri))
        .credentials(Credentials::client_credentials(CLIENT_ID, SECRET))
        .retry_policy(fast())
}

pub fn session_id() -> Uuid {
    Uuid::parse_str(SESSION).unwrap()
}

pub fn session_json() -> serde_json::Value {
    json!({
        "created": "2024-02-07T16:47:47Z",
        "_links": {
            "self": { "href": format!("https://api-sandbox.dwolla.com/exchange-sessions/{SESSION}") },
            "exchange-partner": { "href": "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef" }
        }
    })
}

pub fn token_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({ "access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 3600 }),
    )
}

pub fn plaid_body() -> types::CreateCustomerExchangeSession {
    types::CreateCustomerExchangeSession {
        links: types::CreateCustomerExchangeSessionLinks {
            exchange_partner: types::LinkHref { href: "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef".into() },
            redirect_url: None,
        },
    }
}

/// Collects one error of every variant this client can produce, each from a real call
/// (or a real construction) that involved the secrets.
pub async fn every_error() -> Vec<Error> {
    let mut errors = Vec::new();

    // Api: a 401 the static token could not fix.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"code":"InvalidAccessToken","message":"Invalid access token."}"#,
            HAL,
        ))
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(STATIC_TOKEN)
        .build()
        .unwrap();
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );
    // Api after the OAuth replay.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"code":"ExpiredAccessToken","message":"Expired access token."}"#,
            HAL,
        ))
        .mount(&server)
        .await;
    let client = oauth_builder(server.uri()).build().unwrap();
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );

    // Auth: refused credentials, an undecodable success that quotes the token, unreachable.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "error": "invalid_client", "error_description": "Invalid client credentials." })))
        .mount(&server)
        .await;
    errors.push(
        oauth_builder(server.uri())
            .build()
            .unwrap()
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": ACCESS_TOKEN, "expires_in": ACCESS_TOKEN })),
        )
        .mount(&server)
        .await;
    errors.push(
        oauth_builder(server.uri())
            .build()
            .unwrap()
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );
    let closed = ClosedPort::new();
    errors.push(
        oauth_builder(closed.uri())
            .build()
            .unwrap()
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );

    // Timeout and Transport, with a token on the request.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
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
    let client = Client::builder(Environment::Custom(closed.uri()))
        .bearer_token(STATIC_TOKEN)
        .retry_policy(fast())
        .build()
        .unwrap();
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );

    // InvalidRequest (a missing id; a per-call Authorization), InvalidResponse, InProgress.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_raw(r#"{"code":"Conflict","message":"in progress"}"#, HAL),
        )
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(STATIC_TOKEN)
        .build()
        .unwrap();
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .send()
            .await
            .unwrap_err(),
    );
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .header(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {STATIC_TOKEN}").parse().unwrap(),
            )
            .send()
            .await
            .unwrap_err(),
    );
    errors.push(
        client
            .retrieve_customer_exchange_session()
            .id(session_id())
            .send()
            .await
            .unwrap_err(),
    );
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
    errors.push(
        oauth_builder("http://api.example.com".into())
            .build()
            .unwrap_err(),
    );
    errors.push(
        oauth_builder(format!("https://{CLIENT_ID}:{SECRET}@api.dwolla.com"))
            .build()
            .unwrap_err(),
    );
    errors.push(Client::builder(Environment::Sandbox).build().unwrap_err());

    // Location: a foreign host.
    let (_server, _foreign, client, created) = created_with_foreign_location().await;
    errors.push(created.retrieve(&client).await.unwrap_err());

    errors
}

/// A POST whose `201` names a `Location` on another server.
pub async fn created_with_foreign_location() -> (
    MockServer,
    MockServer,
    Client,
    Created<(), created::CreateCustomerExchangeSession>,
) {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201).insert_header(
            "location",
            format!("{}/exchange-sessions/{SESSION}", foreign.uri()),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json()))
        .expect(0)
        .mount(&foreign)
        .await;
    let client = oauth_builder(server.uri()).build().unwrap();
    let created = client
        .create_customer_exchange_session()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .body(plaid_body())
        .send()
        .await
        .unwrap();
    (server, foreign, client, created)
}
