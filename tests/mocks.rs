//! The `mock` helpers (the client's `mock` feature), used the way a user's tests would: the
//! whole IAV flow, every documented error (the operation's error enum, answered and decoded
//! back), and requests the helpers must refuse.

use dwolla_exchange_sessions::operations::{
    CreateCustomerExchangeSessionError, CreateReAuthExchangeSessionError,
    ListAvailableExchangeConnectionsError, RetrieveCustomerExchangeSessionError,
};
use dwolla_exchange_sessions::{Client, Environment, Error, RetryPolicy, mock, types};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::MockServer;

const HAL: &str = "application/vnd.dwolla.v1.hal+json";

fn client_at(base: String) -> Client {
    Client::builder(Environment::Custom(base))
        .bearer_token("mock-test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a loopback client builds")
}

fn client(server: &MockServer) -> Client {
    client_at(server.uri())
}

fn error_body(code: &str, message: &str) -> types::ErrorResponse {
    types::ErrorResponse {
        code: code.into(),
        message: message.into(),
        embedded: None,
    }
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("generated types serialize")
}

fn api_error(error: Error) -> dwolla_exchange_sessions::ApiError {
    match error {
        Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn full_iav_flow_create_follow_location_retrieve_list() {
    let server = MockServer::start().await;
    let (customer, session, exchange, reauth) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let body = mock::examples::create_customer_exchange_session();
    mock::create_customer_exchange_session()
        .id(customer)
        .body(body.clone())
        .request_id("req-create")
        .created(session)
        .expect(1)
        .mount(&server)
        .await;
    let mut answer = mock::examples::exchange_session();
    answer.external_provider_session_token = Some("link-sandbox-from-mock".into());
    mock::retrieve_customer_exchange_session()
        .id(session)
        .ok(answer)
        .expect(1)
        .mount(&server)
        .await;
    mock::create_re_auth_exchange_session()
        .id(exchange)
        .created(reauth)
        .expect(1)
        .mount(&server)
        .await;
    mock::list_available_exchange_connections()
        .id(customer)
        .ok(mock::examples::available_exchange_connections())
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(customer)
        .body(body)
        .send()
        .await
        .expect("201");
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.location().unwrap().as_str(),
        format!("{}/exchange-sessions/{session}", server.uri())
    );
    assert_eq!(created.id().unwrap(), session);
    assert_eq!(created.request_id(), Some("req-create"));

    let retrieved = created.retrieve(&client).await.expect("following Location");
    assert_eq!(
        retrieved.external_provider_session_token.as_deref(),
        Some("link-sandbox-from-mock")
    );
    assert_eq!(retrieved.headers().get("content-type").unwrap(), HAL);

    // Plaid on the web: no body, and the helper's Location still names the new session.
    let reauth_created = client
        .create_re_auth_exchange_session()
        .id(exchange)
        .send()
        .await
        .expect("201");
    assert_eq!(reauth_created.id().unwrap(), reauth);

    let connections = client
        .list_available_exchange_connections()
        .id(customer)
        .send()
        .await
        .expect("200");
    let names: Vec<&str> = connections
        .embedded
        .available_exchange_connections
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Everyday Checking", "Rainy Day Savings"]);
    // `expect(1)` on each mock is verified when `server` drops.
}

#[tokio::test]
async fn location_uses_the_origin_the_client_addressed() {
    let server = MockServer::start().await;
    let (customer, session) = (Uuid::new_v4(), Uuid::new_v4());
    mock::create_customer_exchange_session()
        .id(customer)
        .created(session)
        .mount(&server)
        .await;
    mock::retrieve_customer_exchange_session()
        .id(session)
        .ok(mock::examples::exchange_session())
        .mount(&server)
        .await;

    // `localhost`, not the server's `127.0.0.1`: `retrieve` only follows its own origin.
    let client = client_at(format!("http://localhost:{}", server.address().port()));
    let created = client
        .create_customer_exchange_session()
        .id(customer)
        .body(mock::examples::create_customer_exchange_session())
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.location().unwrap().as_str(),
        format!(
            "http://localhost:{}/exchange-sessions/{session}",
            server.address().port()
        )
    );
    created
        .retrieve(&client)
        .await
        .expect("Location is on the client's own origin");
}

#[tokio::test]
async fn every_documented_error_answers_with_a_typed_body() {
    let server = MockServer::start().await;
    let customer = Uuid::new_v4();
    let validation = types::ErrorResponse {
        code: "ValidationError".into(),
        message: "Validation error(s) present. See embedded errors list for more details.".into(),
        embedded: Some(types::ErrorEmbedded {
            errors: vec![types::FieldError {
                code: "Invalid".into(),
                message: "Exchange partner not found.".into(),
                path: "/_links/exchange-partner/href".into(),
                links: Default::default(),
            }],
        }),
    };
    mock::create_customer_exchange_session()
        .id(customer)
        .request_id("req-400")
        .error(CreateCustomerExchangeSessionError::BadRequest(
            validation.clone(),
        ))
        .mount(&server)
        .await;
    let error = client(&server)
        .create_customer_exchange_session()
        .id(customer)
        .body(mock::examples::create_customer_exchange_session())
        .send()
        .await
        .unwrap_err();
    let api = api_error(error);
    assert_eq!(api.status(), 400);
    assert_eq!(api.code(), Some("ValidationError"));
    assert_eq!(api.request_id(), Some("req-400"));
    assert_eq!(api.errors()[0].path, "/_links/exchange-partner/href");
    // The same body, typed by the schema the spec declares for this operation and status.
    match CreateCustomerExchangeSessionError::from_api(&api) {
        Some(CreateCustomerExchangeSessionError::BadRequest(body)) => {
            assert_eq!(json(&body), json(&validation))
        }
        other => panic!("expected a typed 400 body, got {other:?}"),
    }

    // Every variant of the operation's error enum answers its status with its body, and the
    // client decodes the same variant back.
    type Case = (
        u16,
        &'static str,
        fn(types::ErrorResponse) -> RetrieveCustomerExchangeSessionError,
    );
    let retrieve: [Case; 4] = [
        (
            401,
            "ExpiredAccessToken",
            RetrieveCustomerExchangeSessionError::Unauthorized,
        ),
        (
            403,
            "forbidden",
            RetrieveCustomerExchangeSessionError::Forbidden,
        ),
        (
            404,
            "NotFound",
            RetrieveCustomerExchangeSessionError::NotFound,
        ),
        (
            429,
            "TooManyRequests",
            RetrieveCustomerExchangeSessionError::TooManyRequests,
        ),
    ];
    for (status, code, variant) in retrieve {
        let server = MockServer::start().await;
        let session = Uuid::new_v4();
        let error = variant(error_body(code, "from the mock"));
        assert_eq!(mock::ErrorAnswer::answer(&error).status(), status);
        mock::retrieve_customer_exchange_session()
            .id(session)
            .error(error)
            .expect(1)
            .mount(&server)
            .await;
        let api = api_error(
            client(&server)
                .retrieve_customer_exchange_session()
                .id(session)
                .send()
                .await
                .unwrap_err(),
        );
        assert_eq!(
            (api.status().as_u16(), api.code(), api.message()),
            (status, Some(code), Some("from the mock"))
        );
        assert_eq!(api.headers().get("content-type").unwrap(), HAL);
        let typed = RetrieveCustomerExchangeSessionError::from_api(&api)
            .expect("a declared status decodes");
        let (back, body) = match typed {
            RetrieveCustomerExchangeSessionError::Unauthorized(body) => (401, body),
            RetrieveCustomerExchangeSessionError::Forbidden(body) => (403, body),
            RetrieveCustomerExchangeSessionError::NotFound(body) => (404, body),
            RetrieveCustomerExchangeSessionError::TooManyRequests(body) => (429, body),
        };
        assert_eq!(back, status, "the variant comes back");
        assert_eq!(json(&body), json(&error_body(code, "from the mock")));
    }

    let server = MockServer::start().await;
    let exchange = Uuid::new_v4();
    mock::create_re_auth_exchange_session()
        .id(exchange)
        .error(CreateReAuthExchangeSessionError::Forbidden(error_body(
            "forbidden",
            "no",
        )))
        .mount(&server)
        .await;
    let api = api_error(
        client(&server)
            .create_re_auth_exchange_session()
            .id(exchange)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (api.status().as_u16(), api.code()),
        (403, Some("forbidden"))
    );

    let server = MockServer::start().await;
    let not_found = ListAvailableExchangeConnectionsError::NotFound(error_body(
        "NotFound",
        "Customer not found.",
    ));
    mock::list_available_exchange_connections()
        .error(not_found)
        .mount(&server)
        .await;
    let api = api_error(
        client(&server)
            .list_available_exchange_connections()
            .id(customer)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!((api.status().as_u16(), api.code()), (404, Some("NotFound")));
}

#[tokio::test]
async fn an_error_can_answer_another_status() {
    let server = MockServer::start().await;
    let session = Uuid::new_v4();
    let body = error_body("Gone", "expired");
    mock::retrieve_customer_exchange_session()
        .id(session)
        .error_with_status(
            410,
            RetrieveCustomerExchangeSessionError::NotFound(body.clone()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let api = api_error(
        client(&server)
            .retrieve_customer_exchange_session()
            .id(session)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!((api.status().as_u16(), api.code()), (410, Some("Gone")));
    assert_eq!(api.headers().get("content-type").unwrap(), HAL);
    // 410 is not documented, so the client has no variant for it.
    assert!(RetrieveCustomerExchangeSessionError::from_api(&api).is_none());
}

#[tokio::test]
async fn mocks_match_only_what_the_spec_allows() {
    let server = MockServer::start().await;
    let (customer, other, session) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let body = mock::examples::create_customer_exchange_session();
    mock::create_customer_exchange_session()
        .id(customer)
        .body(body.clone())
        .created(session)
        .expect(1)
        .mount(&server)
        .await;
    mock::retrieve_customer_exchange_session()
        .ok(mock::examples::exchange_session())
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);

    // Another customer, or another body: not this mock; wiremock answers 404.
    let api = api_error(
        client
            .create_customer_exchange_session()
            .id(other)
            .body(body.clone())
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(api.status(), 404);
    let mut web = body.clone();
    web.links.redirect_url = None;
    let api = api_error(
        client
            .create_customer_exchange_session()
            .id(customer)
            .body(web)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(api.status(), 404);
    client
        .create_customer_exchange_session()
        .id(customer)
        .body(body)
        .send()
        .await
        .expect("the matching request");

    // Hand-built requests that break the spec do not match the (any-id) retrieve mock.
    let http = reqwest::Client::new();
    let url = format!("{}/exchange-sessions/{session}", server.uri());
    let cases = [
        ("application/json", Some("Bearer t"), url.clone()),
        (HAL, None, url.clone()),
        (
            HAL,
            Some("Bearer t"),
            format!("{}/exchange-sessions/not-a-uuid", server.uri()),
        ),
    ];
    for (accept, authorization, url) in cases {
        let mut request = http.get(&url).header("accept", accept);
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        let status = request.send().await.unwrap().status();
        assert_eq!(status, 404, "{accept} {authorization:?} {url}");
    }
}

#[tokio::test]
async fn content_type_is_compared_without_parameters() {
    let server = MockServer::start().await;
    let (customer, session) = (Uuid::new_v4(), Uuid::new_v4());
    mock::create_customer_exchange_session()
        .id(customer)
        .created(session)
        .expect(1)
        .mount(&server)
        .await;
    let body = serde_json::to_vec(&mock::examples::create_customer_exchange_session()).unwrap();
    let url = format!("{}/customers/{customer}/exchange-sessions", server.uri());
    let http = reqwest::Client::new();
    for (content_type, expected) in [
        ("application/json".to_string(), 404),
        (format!("{HAL}; charset=utf-8"), 201),
    ] {
        let response = http
            .post(&url)
            .header("accept", HAL)
            .header("authorization", "Bearer t")
            .header("content-type", &content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), expected, "{content_type}");
    }
}

#[tokio::test]
async fn any_answer_carries_a_request_id() {
    let server = MockServer::start().await;
    let customer = Uuid::new_v4();
    mock::list_available_exchange_connections()
        .request_id("req-list")
        .ok(mock::examples::available_exchange_connections())
        .expect(1)
        .mount(&server)
        .await;
    let connections = client(&server)
        .list_available_exchange_connections()
        .id(customer)
        .send()
        .await
        .expect("200");
    assert_eq!(
        connections.headers().get("x-request-id").unwrap(),
        "req-list"
    );
}

#[tokio::test]
async fn undocumented_statuses_go_through_respond_with() {
    let server = MockServer::start().await;
    let session = Uuid::new_v4();
    mock::retrieve_customer_exchange_session()
        .id(session)
        .respond_with(
            wiremock::ResponseTemplate::new(503).set_body_raw("upstream down", "text/plain"),
        )
        .mount(&server)
        .await;
    let api = api_error(
        client(&server)
            .retrieve_customer_exchange_session()
            .id(session)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(api.status(), 503);
    assert_eq!(api.raw_body().as_ref(), b"upstream down");
}

#[test]
fn examples_are_the_specs() {
    let session: Value = serde_json::to_value(mock::examples::exchange_session()).unwrap();
    assert_eq!(
        session["externalProviderSessionToken"],
        json!("link-sandbox-7b6c0c5e-3a2a-4b2e-9b8e-2f3c1d4e5f60")
    );
    assert_eq!(session["created"], json!("2024-02-07T16:47:47Z"));
    let body: Value =
        serde_json::to_value(mock::examples::create_customer_exchange_session()).unwrap();
    assert_eq!(
        body,
        json!({ "_links": {
            "exchange-partner": { "href": "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef" },
            "redirect-url": { "href": "com.example.app123" }
        }})
    );
    let reauth: Value =
        serde_json::to_value(mock::examples::create_re_auth_exchange_session()).unwrap();
    assert_eq!(
        reauth,
        json!({ "_links": { "redirect-url": { "href": "https://example.com/plaid/oauth-return" } } })
    );
    assert_eq!(
        mock::examples::available_exchange_connections()
            .embedded
            .available_exchange_connections
            .len(),
        2
    );
}
