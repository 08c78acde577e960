//! Every operation against a real HTTP server on loopback (wiremock): the server asserts
//! method, path, `Authorization`, `Accept`, `Content-Type`, the exact body and the absence
//! of progenitor's `api-version`; the client decodes every documented status.

use dwolla_exchange_sessions::{Client, Environment, Error, RetryPolicy, types};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const TOKEN: &str = "test-token-abc";
const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const EXCHANGE: &str = "2f2ad3b6-7d1e-4a4e-8f8d-3c5b2a1e9d70";
const PLAID: &str =
    "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";

fn client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("loopback client builds")
}

fn no_api_version(request: &Request) -> bool {
    !request.headers.contains_key("api-version")
}

fn no_content_type(request: &Request) -> bool {
    !request.headers.contains_key("content-type") && request.body.is_empty()
}

/// Matchers every request must satisfy.
fn expect_request(verb: &str, url_path: &str) -> wiremock::MockBuilder {
    Mock::given(method(verb))
        .and(path(url_path))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", HAL))
        .and(no_api_version)
}

fn hal(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), HAL)
}

fn created(location: &str) -> ResponseTemplate {
    ResponseTemplate::new(201)
        .insert_header("location", location)
        .insert_header("x-request-id", "req-201")
}

fn plaid_body(redirect: Option<&str>) -> types::CreateCustomerExchangeSession {
    types::CreateCustomerExchangeSession {
        links: types::CreateCustomerExchangeSessionLinks {
            exchange_partner: types::LinkHref { href: PLAID.into() },
            redirect_url: redirect.map(|href| types::RedirectUrl {
                href: href.parse().expect("non-empty"),
            }),
        },
    }
}

fn validation_error() -> Value {
    json!({
        "code": "ValidationError",
        "message": "Validation error(s) present. See embedded errors list for more details.",
        "_embedded": { "errors": [
            { "code": "Invalid", "message": "Exchange partner not found.", "path": "/_links/exchange-partner/href", "_links": {} }
        ]}
    })
}

fn session_body(server: &MockServer) -> Value {
    json!({
        "created": "2024-02-07T16:47:47Z",
        "externalProviderSessionToken": "link-sandbox-token",
        "externalProviderSessionData": { "added": "by a newer API version" },
        "_links": {
            "self": { "href": format!("{}/exchange-sessions/{SESSION}", server.uri()), "type": HAL, "resource-type": "exchange-session" },
            "exchange-partner": { "href": PLAID, "type": HAL, "resource-type": "exchange-partner" }
        }
    })
}

#[tokio::test]
async fn create_customer_exchange_session_sends_exact_request_and_types_location() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    expect_request("POST", &format!("/customers/{CUSTOMER}/exchange-sessions"))
        .and(header("content-type", HAL))
        .and(body_json(json!({ "_links": {
            "exchange-partner": { "href": PLAID },
            "redirect-url": { "href": "com.example.app123" }
        }})))
        .respond_with(created(&location))
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .create_customer_exchange_session()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .body(plaid_body(Some("com.example.app123")))
        .send()
        .await
        .expect("201 decodes");
    assert_eq!(created.status(), 201);
    assert_eq!(created.location().unwrap().as_str(), location);
    assert_eq!(created.id().unwrap(), Uuid::parse_str(SESSION).unwrap());
    assert_eq!(created.request_id(), Some("req-201"));
}

#[tokio::test]
async fn created_session_is_retrieved_by_following_location() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    expect_request("POST", &format!("/customers/{CUSTOMER}/exchange-sessions"))
        .respond_with(created(&location))
        .expect(1)
        .mount(&server)
        .await;
    expect_request("GET", &format!("/exchange-sessions/{SESSION}"))
        .and(no_content_type)
        .respond_with(hal(200, session_body(&server)))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .body(plaid_body(None))
        .send()
        .await
        .unwrap();
    let session = created
        .retrieve(&client)
        .await
        .expect("retrieve follows Location");
    assert_eq!(
        session.external_provider_session_token.as_deref(),
        Some("link-sandbox-token")
    );
}

#[tokio::test]
async fn relative_location_resolves_against_the_request_url_and_is_retrieved() {
    let server = MockServer::start().await;
    // Relative to `/customers/{id}/exchange-sessions`, not to the base URL.
    expect_request("POST", &format!("/customers/{CUSTOMER}/exchange-sessions"))
        .respond_with(created(&format!("../../exchange-sessions/{SESSION}")))
        .expect(1)
        .mount(&server)
        .await;
    expect_request("GET", &format!("/exchange-sessions/{SESSION}"))
        .respond_with(hal(200, session_body(&server)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .body(plaid_body(None))
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.location().unwrap().as_str(),
        format!("{}/exchange-sessions/{SESSION}", server.uri())
    );
    assert_eq!(created.id().unwrap(), Uuid::parse_str(SESSION).unwrap());
    created
        .retrieve(&client)
        .await
        .expect("retrieve follows the resolved Location");
}

#[tokio::test]
async fn a_location_off_the_retrieve_path_is_not_followed() {
    let server = MockServer::start().await;
    expect_request("POST", &format!("/customers/{CUSTOMER}/exchange-sessions"))
        .respond_with(created(&format!(
            "{}/funding-sources/{SESSION}",
            server.uri()
        )))
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .create_customer_exchange_session()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .body(plaid_body(None))
        .send()
        .await
        .unwrap();
    let error = created
        .retrieve(&client)
        .await
        .expect_err("the Location names no exchange session");
    assert!(
        matches!(
            error,
            Error::Location(dwolla_exchange_sessions::LocationError::Unmatched { .. })
        ),
        "{error:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "nothing but the POST was sent"
    );
}

#[tokio::test]
async fn missing_or_malformed_location_is_an_accessor_error_not_a_failed_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(ResponseTemplate::new(201))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/customers/{CUSTOMER}/exchange-sessions")))
        .respond_with(created("https://exa mple.com/exchange-sessions/x"))
        .mount(&server)
        .await;
    let client = client(&server);
    let send = || {
        client
            .create_customer_exchange_session()
            .id(Uuid::parse_str(CUSTOMER).unwrap())
            .body(plaid_body(None))
            .send()
    };

    let missing = send().await.expect("the session was created");
    assert!(matches!(
        missing.id(),
        Err(dwolla_exchange_sessions::LocationError::Missing)
    ));
    let malformed = send().await.expect("the session was created");
    assert!(matches!(
        malformed.location(),
        Err(dwolla_exchange_sessions::LocationError::Malformed(_))
    ));
    assert!(matches!(
        malformed.retrieve(&client).await,
        Err(Error::Location(_))
    ));
}

#[tokio::test]
async fn create_customer_exchange_session_decodes_every_documented_error() {
    let cases = [
        (400, validation_error()),
        (
            401,
            json!({ "code": "InvalidAccessToken", "message": "Invalid access token." }),
        ),
        (
            403,
            json!({ "code": "forbidden", "message": "Not authorized." }),
        ),
        (
            404,
            json!({ "code": "NotFound", "message": "Customer not found." }),
        ),
        (
            429,
            json!({ "code": "TooManyRequests", "message": "Slow down." }),
        ),
    ];
    for (status, body) in cases {
        let server = MockServer::start().await;
        expect_request("POST", &format!("/customers/{CUSTOMER}/exchange-sessions"))
            .respond_with(hal(status, body.clone()).insert_header("x-request-id", "req-err"))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .create_customer_exchange_session()
            .id(Uuid::parse_str(CUSTOMER).unwrap())
            .body(plaid_body(None))
            .send()
            .await
            .expect_err("error status");
        let Error::Api(api) = &error else {
            panic!("{status}: expected Error::Api, got {error:?}")
        };
        assert_eq!(api.status(), status);
        assert_eq!(api.code(), body["code"].as_str());
        assert_eq!(api.message(), body["message"].as_str());
        assert_eq!(api.request_id(), Some("req-err"));
        assert_eq!(
            serde_json::from_slice::<Value>(api.raw_body()).unwrap(),
            body
        );
        // The same body, typed by the schema the spec declares for this status.
        use dwolla_exchange_sessions::operations::CreateCustomerExchangeSessionError as Typed;
        let typed = Typed::from_api(api).expect("a declared status with a matching body");
        let typed_body = match (status, typed) {
            (400, Typed::BadRequest(body))
            | (401, Typed::Unauthorized(body))
            | (403, Typed::Forbidden(body))
            | (404, Typed::NotFound(body))
            | (429, Typed::TooManyRequests(body)) => body,
            (status, other) => panic!("{status}: wrong variant {other:?}"),
        };
        assert_eq!(Some(typed_body.code.as_str()), body["code"].as_str());
        if status == 400 {
            assert_eq!(api.errors().len(), 1);
            assert_eq!(api.errors()[0].path, "/_links/exchange-partner/href");
            assert!(
                error.to_string().contains("/_links/exchange-partner/href"),
                "{error}"
            );
        }
    }
}

#[tokio::test]
async fn retrieve_customer_exchange_session_decodes_200_403_404() {
    let server = MockServer::start().await;
    expect_request("GET", &format!("/exchange-sessions/{SESSION}"))
        .and(no_content_type)
        .respond_with(hal(200, session_body(&server)).insert_header("x-request-id", "req-200"))
        .expect(1)
        .mount(&server)
        .await;
    let session = client(&server)
        .retrieve_customer_exchange_session()
        .id(Uuid::parse_str(SESSION).unwrap())
        .send()
        .await
        .expect("200 decodes despite unknown fields");
    assert_eq!(session.status(), 200);
    // The value keeps the response's headers.
    assert_eq!(
        session
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req-200")
    );
    assert_eq!(
        session
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/vnd.dwolla.v1.hal+json")
    );
    // Fields Dwolla always sends are not `Option`s.
    assert_eq!(session.links.exchange_partner.href, PLAID);
    assert_eq!(
        session.links.self_.href,
        format!("{}/exchange-sessions/{SESSION}", server.uri())
    );
    assert_eq!(session.created.to_rfc3339(), "2024-02-07T16:47:47+00:00");

    for (status, code) in [(403, "forbidden"), (404, "NotFound")] {
        let server = MockServer::start().await;
        expect_request("GET", &format!("/exchange-sessions/{SESSION}"))
            .respond_with(hal(status, json!({ "code": code, "message": "no" })))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .retrieve_customer_exchange_session()
            .id(Uuid::parse_str(SESSION).unwrap())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            error.api().map(|a| (a.status().as_u16(), a.code())),
            Some((status, Some(code)))
        );
    }
}

#[tokio::test]
async fn create_re_auth_exchange_session_with_and_without_body() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    let url_path = format!("/exchanges/{EXCHANGE}/exchange-sessions");
    expect_request("POST", &url_path)
        .and(header("content-type", HAL))
        .and(body_json(
            json!({ "_links": { "redirect-url": { "href": "com.example.app123" } } }),
        ))
        .respond_with(created(&location))
        .expect(1)
        .mount(&server)
        .await;
    expect_request("POST", &url_path)
        .and(header("content-type", HAL))
        .and(body_json(json!({})))
        .respond_with(created(&location))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let mobile = client
        .create_re_auth_exchange_session()
        .id(Uuid::parse_str(EXCHANGE).unwrap())
        .body(types::CreateReAuthExchangeSession {
            links: Some(types::CreateReAuthExchangeSessionLinks {
                redirect_url: Some(types::RedirectUrl {
                    href: "com.example.app123".parse().unwrap(),
                }),
            }),
        })
        .send()
        .await
        .expect("201");
    assert_eq!(mobile.id().unwrap(), Uuid::parse_str(SESSION).unwrap());
    // Plaid on the web: no body given, `{}` is sent.
    let web = client
        .create_re_auth_exchange_session()
        .id(Uuid::parse_str(EXCHANGE).unwrap())
        .send()
        .await
        .expect("201");
    assert_eq!(web.id().unwrap(), Uuid::parse_str(SESSION).unwrap());

    for (status, code) in [(400, "ValidationError"), (403, "forbidden")] {
        let server = MockServer::start().await;
        expect_request("POST", &url_path)
            .respond_with(hal(status, json!({ "code": code, "message": "no" })))
            .expect(1)
            .mount(&server)
            .await;
        let error = crate::client(&server)
            .create_re_auth_exchange_session()
            .id(Uuid::parse_str(EXCHANGE).unwrap())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            error.api().map(|a| (a.status().as_u16(), a.code())),
            Some((status, Some(code)))
        );
    }
}

#[tokio::test]
async fn list_available_exchange_connections_decodes_200_and_404() {
    let server = MockServer::start().await;
    let url_path = format!("/customers/{CUSTOMER}/available-exchange-connections");
    expect_request("GET", &url_path)
        .and(no_content_type)
        .respond_with(hal(
            200,
            json!({
                "_links": {
                    "self": { "href": format!("{}{url_path}", server.uri()) },
                    "customers": { "href": format!("{}/customers/{CUSTOMER}", server.uri()), "resource-type": "customer" },
                    "added-later": [{ "href": "https://example.com/a" }]
                },
                "total": 2,
                "_embedded": { "available-exchange-connections": [
                    { "availableConnectionToken": "tok-1", "name": "Everyday Checking" },
                    { "availableConnectionToken": "tok-2", "name": "Rainy Day Savings" }
                ]}
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server)
        .list_available_exchange_connections()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .send()
        .await
        .expect("200");
    let names: Vec<_> = list
        .embedded
        .available_exchange_connections
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Everyday Checking", "Rainy Day Savings"]);
    assert_eq!(list.links.self_.href, format!("{}{url_path}", server.uri()));
    assert_eq!(
        list.links.customers.href,
        format!("{}/customers/{CUSTOMER}", server.uri())
    );

    let server = MockServer::start().await;
    expect_request("GET", &url_path)
        .respond_with(hal(
            404,
            json!({ "code": "NotFound", "message": "Customer not found." }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .list_available_exchange_connections()
        .id(Uuid::parse_str(CUSTOMER).unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.api().and_then(|a| a.code()), Some("NotFound"));
}

#[tokio::test]
async fn a_body_without_a_field_dwolla_always_sends_is_an_invalid_response() {
    let server = MockServer::start().await;
    let full = session_body(&server);
    let mut without_created = full.clone();
    without_created.as_object_mut().unwrap().remove("created");
    let mut without_self = full.clone();
    without_self["_links"]
        .as_object_mut()
        .unwrap()
        .remove("self");
    let mut without_partner = full;
    without_partner["_links"]
        .as_object_mut()
        .unwrap()
        .remove("exchange-partner");
    let list = |links: Value| json!({ "_links": links, "_embedded": { "available-exchange-connections": [] } });
    let href = json!({ "href": "https://api-sandbox.dwolla.com/x" });

    let id = Uuid::parse_str(SESSION).unwrap();
    for (body, missing) in [
        (without_created, "created"),
        (without_self, "self"),
        (without_partner, "exchange-partner"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(hal(200, body))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .retrieve_customer_exchange_session()
            .id(id)
            .send()
            .await
            .unwrap_err();
        let Error::InvalidResponse { status, reason, .. } = &error else {
            panic!("{missing}: {error:?}")
        };
        assert_eq!(status.map(|s| s.as_u16()), Some(200));
        assert!(reason.contains(missing), "{missing}: {reason}");
    }
    for (links, missing) in [
        (json!({ "customers": href }), "self"),
        (json!({ "self": href }), "customers"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(hal(200, list(links)))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .list_available_exchange_connections()
            .id(id)
            .send()
            .await
            .unwrap_err();
        let Error::InvalidResponse { reason, .. } = &error else {
            panic!("{missing}: {error:?}")
        };
        assert!(reason.contains(missing), "{missing}: {reason}");
    }
}

#[tokio::test]
async fn blank_and_html_error_bodies_are_error_values() {
    for (body, content_type) in [
        ("", "text/plain"),
        ("<html><body>502 Bad Gateway</body></html>", "text/html"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).set_body_raw(body, content_type))
            .mount(&server)
            .await;
        let error = client(&server)
            .retrieve_customer_exchange_session()
            .id(Uuid::parse_str(SESSION).unwrap())
            .send()
            .await
            .unwrap_err();
        let api = error.api().expect("an API error value");
        assert_eq!(api.status(), 401);
        assert_eq!(api.code(), None);
        assert_eq!(api.raw_body().as_ref(), body.as_bytes());
    }
}

#[tokio::test]
async fn code_message_and_field_errors_are_read_independently() {
    let cases = [
        // No `code`: the message still comes through.
        (
            json!({ "message": "Only a message." }),
            None,
            Some("Only a message."),
            0,
        ),
        // A `message` of the wrong type loses only the message.
        (
            json!({ "code": "NotFound", "message": 42 }),
            Some("NotFound"),
            None,
            0,
        ),
        // Field errors without `code` or `message` at the top.
        (
            json!({ "_embedded": { "errors": [{ "code": "Required", "message": "Required.", "path": "/x" }, "junk"] } }),
            None,
            None,
            1,
        ),
    ];
    for (body, code, message, errors) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(hal(404, body.clone()))
            .mount(&server)
            .await;
        let error = client(&server)
            .retrieve_customer_exchange_session()
            .id(Uuid::parse_str(SESSION).unwrap())
            .send()
            .await
            .unwrap_err();
        let api = error.api().expect("an API error value");
        assert_eq!(
            (api.code(), api.message(), api.errors().len()),
            (code, message, errors),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_missing_path_parameter_is_an_invalid_request_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let error = client(&server)
        .retrieve_customer_exchange_session()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
