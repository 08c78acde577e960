//! No secret leaks: the client secret, access tokens and the `Basic` header value never
//! appear in `Debug`, `Display` or error messages; credentials never go to a foreign
//! `Location`; plain HTTP is refused off loopback. Tracing output is checked in
//! `tracing_output.rs`, a binary of its own.

mod support;

use dwolla_exchange_sessions::{CallOptions, Client, Credentials, Environment, Error};
use support::fixtures::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn credentials_builders_and_clients_never_show_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json()))
        .expect(1)
        .mount(&server)
        .await;

    let oauth = Credentials::client_credentials(CLIENT_ID, SECRET);
    let bearer = Credentials::bearer(STATIC_TOKEN);
    assert_clean("Credentials", &format!("{oauth:?} {bearer:?} {oauth:#?}"));
    assert!(
        format!("{oauth:?}").contains(CLIENT_ID),
        "the client id is not a secret and helps debugging"
    );

    let builder = oauth_builder(server.uri());
    assert_clean("ClientBuilder", &format!("{builder:?} {builder:#?}"));
    let static_builder = Client::builder(Environment::Sandbox).bearer_token(STATIC_TOKEN);
    assert_clean("ClientBuilder", &format!("{static_builder:?}"));

    let client = builder.build().unwrap();
    // With a cached token, and the operation builder that carries the client.
    client
        .retrieve_customer_exchange_session()
        .id(session_id())
        .send()
        .await
        .unwrap();
    assert_clean("Client", &format!("{client:?} {client:#?}"));
    let pending = client
        .retrieve_customer_exchange_session()
        .id(session_id())
        .idempotency_key("k");
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
    for variant in [
        "Api",
        "Auth",
        "Timeout",
        "Transport",
        "InvalidRequest",
        "InvalidResponse",
        "InProgress",
        "InvalidConfig",
        "Location",
    ] {
        assert!(
            variants.contains(&variant),
            "no {variant} produced: {variants:?}"
        );
    }
    for error in &errors {
        let mut text = format!("{error} | {error:?} | {error:#?}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!(" | {cause} | {cause:?}"));
            source = cause.source();
        }
        assert_clean("error", &text);
        assert!(
            !error.to_string().contains('\n'),
            "Display is one line: {error}"
        );
    }
}

#[tokio::test]
async fn a_foreign_location_is_not_followed_with_credentials() {
    let (_server, foreign, client, created) = created_with_foreign_location().await;
    assert_eq!(created.id().unwrap(), session_id());
    let error = created.retrieve(&client).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Location(dwolla_exchange_sessions::LocationError::ForeignHost { .. })
        ),
        "{error:?}"
    );
    assert!(
        foreign
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[test]
fn plain_http_is_refused_unless_loopback_or_allowed() {
    let build = |url: &str, allow: bool| {
        Client::builder(Environment::Custom(url.into()))
            .bearer_token(STATIC_TOKEN)
            .allow_insecure_http(allow)
            .build()
    };
    assert!(matches!(
        build("http://api.example.com", false),
        Err(Error::InvalidConfig(_))
    ));
    assert!(build("http://api.example.com", true).is_ok());
    assert!(build("http://127.0.0.1:9", false).is_ok());
    assert!(build("http://localhost:9", false).is_ok());
    assert!(build("https://api.example.com", false).is_ok());
}

#[tokio::test]
async fn path_ids_must_be_uuids_so_nothing_can_be_injected_into_the_path() {
    let server = MockServer::start().await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(STATIC_TOKEN)
        .build()
        .unwrap();
    for id in [
        "../../token",
        "5b29279d-6359-4c87-a318-e09095532733/../x",
        "",
    ] {
        let error = client
            .retrieve_customer_exchange_session()
            .id(id)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{id:?}: {error:?}"
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
