//! No secret leaks: the client secret, access tokens and the `Basic` header value never
//! appear in `Debug`, `Display` or error messages; credentials never go to a foreign
//! `Location`; plain HTTP is refused off loopback. Tracing output is checked in
//! `tracing_output.rs`, a binary of its own.

mod support;

use dwolla_exchange_sessions::{
    CallOptions, Client, Credentials, Environment, Error, LocationError,
};
use support::fixtures::*;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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
    // `localhost` is another origin than the client's `127.0.0.1`, yet the same socket: a
    // client that followed this Location with its token would be seen by this server.
    let server = MockServer::start().await;
    let foreign_origin = format!("http://localhost:{}", server.address().port());
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201).insert_header(
            "location",
            format!("{foreign_origin}/exchange-sessions/{SESSION}"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json()))
        .mount(&server)
        .await;
    let client = oauth_builder(server.uri()).build().unwrap();
    let created = client
        .create_customer_exchange_session()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .body(plaid_body())
        .send()
        .await
        .unwrap();
    assert_eq!(created.id().unwrap(), session_id());
    let before = recorded(&server).await.len();
    let result = created.retrieve(&client).await;
    let followed = describe(&recorded(&server).await[before..]);
    assert!(
        followed.is_empty(),
        "retrieve() followed the foreign Location {foreign_origin}: {followed:?}"
    );
    let error = result.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Location(LocationError::ForeignHost { expected, .. }) if *expected == server.uri()
        ),
        "{error:?}"
    );

    // A Location on another server: refused too, and no GET went anywhere.
    let (server, foreign, client, created) = created_with_foreign_location().await;
    let result = created.retrieve(&client).await;
    let own = describe(&recorded(&server).await);
    assert!(
        own.iter().all(|(verb, _, _)| verb == "POST"),
        "the Location's path was read from the client's own server: {own:?}"
    );
    let elsewhere = describe(&recorded(&foreign).await);
    assert!(elsewhere.is_empty(), "{elsewhere:?}");
    let error = result.unwrap_err();
    assert!(
        matches!(error, Error::Location(LocationError::ForeignHost { .. })),
        "{error:?}"
    );
}

/// Every request `server` received; recording is on for every server these tests start.
async fn recorded(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("wiremock records requests")
}

/// Method, path and whether an `Authorization` header was sent (never its value).
fn describe(requests: &[Request]) -> Vec<(String, String, bool)> {
    requests
        .iter()
        .map(|r| {
            (
                r.method.to_string(),
                r.url.path().to_string(),
                r.headers.contains_key("authorization"),
            )
        })
        .collect()
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
    let mut results = Vec::new();
    for id in [
        "../../token",
        "5b29279d-6359-4c87-a318-e09095532733/../x",
        "",
    ] {
        let result = client
            .retrieve_customer_exchange_session()
            .id(id)
            .send()
            .await;
        results.push((id, result.map(drop)));
    }
    // Checked before the errors: an id that reached the server, whatever came back.
    let sent = describe(&recorded(&server).await);
    assert!(
        sent.is_empty(),
        "an id that is not a UUID was sent: {sent:?}"
    );
    for (id, result) in results {
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{id:?}: {result:?}"
        );
    }
}
