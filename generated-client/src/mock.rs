// @generated from spec/exchange-sessions.yaml by `cargo run -p generator`. DO NOT EDIT.
// Edit the spec and regenerate; `cargo run -p generator -- --check` verifies this file.

//! Typed [wiremock] helpers for testing code that calls this API (the `mock` feature).
//!
//! Each operation has a function that starts a mock matching what the client sends:
//! method, path (any id, or one you name), `Accept`, `Content-Type` and a bearer token.
//! Narrow it with setters, then pick the answer with a method named after a documented
//! status, typed by its schema; it returns a [`wiremock::Mock`] to mount. A `201` answers
//! with an absolute `Location` on the mock server, so `Created::id` and
//! `Created::retrieve` work as against Dwolla. A request the spec would reject matches
//! nothing, and wiremock answers `404`.
//!
//! [`examples`] holds the spec's examples as typed values.
//!
//! # Example: a test that mocks create, then retrieve
//!
//! ```
//! use dwolla_exchange_sessions::{Client, Environment, mock};
//! use uuid::Uuid;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = wiremock::MockServer::start().await;
//! let (customer, exchange_session) = (Uuid::new_v4(), Uuid::new_v4());
//! let answer = mock::examples::exchange_session();
//! mock::create_customer_exchange_session().id(customer).created(exchange_session).expect(1).mount(&server).await;
//! mock::retrieve_customer_exchange_session().id(exchange_session).ok(answer.clone()).expect(1).mount(&server).await;
//!
//! // The code under test, pointed at the mock server.
//! let client = Client::builder(Environment::Custom(server.uri())).bearer_token("test-token").build()?;
//! let body = mock::examples::create_customer_exchange_session();
//! let created = client.create_customer_exchange_session().id(customer).body(body).send().await?;
//! assert_eq!(created.id()?, exchange_session);
//! let fetched = created.retrieve(&client).await?;
//! assert_eq!(serde_json::to_value(&*fetched)?, serde_json::to_value(&answer)?);
//! # Ok(())
//! # }
//! ```
use wiremock::{Match, Mock, MockBuilder, Request, Respond, ResponseTemplate};
#[allow(unused_imports)]
use crate::types;
/// Matches when header `name` is exactly `value`.
fn header_is(name: &'static str, value: &'static str) -> impl Match + 'static {
    move |request: &Request| {
        request.headers.get(name).and_then(|v| v.to_str().ok()) == Some(value)
    }
}
/// Matches a request with a body only when its `Content-Type` is `media`.
fn content_type_is(media: &'static str) -> impl Match + 'static {
    move |request: &Request| {
        request.body.is_empty()
            || request.headers.get("content-type").and_then(|v| v.to_str().ok())
                == Some(media)
    }
}
/// Matches when the request carries a bearer token.
fn bearer_token(request: &Request) -> bool {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| !token.is_empty())
}
/// Matches when path segment `index` (counted from 0 after the leading `/`) is `value`.
fn segment_is(index: usize, value: String) -> impl Match + 'static {
    move |request: &Request| {
        request.url.path_segments().and_then(|mut s| s.nth(index))
            == Some(value.as_str())
    }
}
/// A JSON answer in the spec's media type.
fn json(
    status: u16,
    media: &str,
    body: &impl ::serde::Serialize,
    request_id: Option<&str>,
) -> ResponseTemplate {
    let body = ::serde_json::to_vec(body).expect("generated types serialize to JSON");
    empty(status, request_id).set_body_raw(body, media)
}
/// An answer without a body.
fn empty(status: u16, request_id: Option<&str>) -> ResponseTemplate {
    let template = ResponseTemplate::new(status);
    match request_id {
        Some(id) => template.insert_header("x-request-id", id),
        None => template,
    }
}
/// Adds `Location`: `path` on the mock server. The origin comes from the request's
/// `Host`, so it is the one the client used and `Created::retrieve` follows it.
struct WithLocation {
    path: String,
    template: ResponseTemplate,
}
impl Respond for WithLocation {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let origin = match request.headers.get("host").and_then(|v| v.to_str().ok()) {
            Some(host) => format!("{}://{host}", request.url.scheme()),
            None => request.url.origin().ascii_serialization(),
        };
        self.template.clone().insert_header("location", format!("{origin}{}", self.path))
    }
}
/// Starts a mock of `createCustomerExchangeSession` (`POST /customers/{id}/exchange-sessions`): Create an exchange session for a customer.
pub fn create_customer_exchange_session() -> CreateCustomerExchangeSessionMock {
    CreateCustomerExchangeSessionMock::new()
}
/// A mock of `createCustomerExchangeSession` (`POST /customers/{id}/exchange-sessions`), built by [`create_customer_exchange_session`].
///
/// Narrow what it matches with the setters, then pick the answer with a response method,
/// which returns a [`wiremock::Mock`] to mount on a [`wiremock::MockServer`].
#[must_use = "pick a response method, then mount the mock"]
pub struct CreateCustomerExchangeSessionMock {
    builder: MockBuilder,
    request_id: Option<String>,
}
impl Default for CreateCustomerExchangeSessionMock {
    fn default() -> Self {
        Self::new()
    }
}
impl CreateCustomerExchangeSessionMock {
    /// Matches what the client sends: `POST` on `/customers/{id}/exchange-sessions` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json`, `Content-Type: application/vnd.dwolla.v1.hal+json` on a body, a bearer token.
    pub fn new() -> Self {
        let builder = Mock::given(wiremock::matchers::method("POST"))
            .and(
                wiremock::matchers::path_regex(
                    "^/customers/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/exchange-sessions$",
                ),
            )
            .and(header_is("accept", "application/vnd.dwolla.v1.hal+json"))
            .and(content_type_is("application/vnd.dwolla.v1.hal+json"))
            .and(bearer_token);
        Self { builder, request_id: None }
    }
    /// Matches only requests for this `id` (The customer's id).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.and(segment_is(1, id.to_string()))
    }
    /// Matches only requests whose body equals `body` (compared as JSON).
    pub fn body(self, body: types::CreateCustomerExchangeSession) -> Self {
        self.and(wiremock::matchers::body_json(body))
    }
    /// Adds any other wiremock matcher.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.builder = self.builder.and(matcher);
        self
    }
    /// Answers with this `X-Request-ID` header.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }
    /// `201`: The exchange session was created; follow `Location` to read it.
    ///
    /// `Location` is `{server.uri()}/exchange-sessions/{id}`: absolute, on the mock server, with
    /// the origin the client used (so `Created::retrieve` follows it).
    pub fn created(self, id: ::uuid::Uuid) -> Mock {
        let template = empty(201, self.request_id.as_deref());
        self.builder
            .respond_with(WithLocation {
                path: format!("/exchange-sessions/{}", id),
                template,
            })
    }
    /// `400`: The body failed validation; `_embedded.errors` says which field and why.
    pub fn bad_request(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    400,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    401,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `403`: The token's application may not act on this resource.
    pub fn forbidden(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    403,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `404`: No resource has this id, or the application cannot see it.
    pub fn not_found(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    404,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `409`: A request with the same `Idempotency-Key` is still being processed; retry later with the same key.
    pub fn conflict(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    409,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    429,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// Answers with any response, such as a status the spec does not document.
    pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
        self.builder.respond_with(responder)
    }
}
/// Starts a mock of `retrieveCustomerExchangeSession` (`GET /exchange-sessions/{id}`): Retrieve an exchange session.
pub fn retrieve_customer_exchange_session() -> RetrieveCustomerExchangeSessionMock {
    RetrieveCustomerExchangeSessionMock::new()
}
/// A mock of `retrieveCustomerExchangeSession` (`GET /exchange-sessions/{id}`), built by [`retrieve_customer_exchange_session`].
///
/// Narrow what it matches with the setters, then pick the answer with a response method,
/// which returns a [`wiremock::Mock`] to mount on a [`wiremock::MockServer`].
#[must_use = "pick a response method, then mount the mock"]
pub struct RetrieveCustomerExchangeSessionMock {
    builder: MockBuilder,
    request_id: Option<String>,
}
impl Default for RetrieveCustomerExchangeSessionMock {
    fn default() -> Self {
        Self::new()
    }
}
impl RetrieveCustomerExchangeSessionMock {
    /// Matches what the client sends: `GET` on `/exchange-sessions/{id}` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json`, a bearer token.
    pub fn new() -> Self {
        let builder = Mock::given(wiremock::matchers::method("GET"))
            .and(
                wiremock::matchers::path_regex(
                    "^/exchange-sessions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                ),
            )
            .and(header_is("accept", "application/vnd.dwolla.v1.hal+json"))
            .and(bearer_token);
        Self { builder, request_id: None }
    }
    /// Matches only requests for this `id` (The exchange session's id (the last path segment of its `Location`)).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.and(segment_is(1, id.to_string()))
    }
    /// Adds any other wiremock matcher.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.builder = self.builder.and(matcher);
        self
    }
    /// Answers with this `X-Request-ID` header.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }
    /// `200`: The exchange session.
    pub fn ok(self, body: types::ExchangeSession) -> Mock {
        self.builder
            .respond_with(
                json(
                    200,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    401,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `403`: The token's application may not act on this resource.
    pub fn forbidden(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    403,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `404`: No resource has this id, or the application cannot see it.
    pub fn not_found(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    404,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    429,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// Answers with any response, such as a status the spec does not document.
    pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
        self.builder.respond_with(responder)
    }
}
/// Starts a mock of `createReAuthExchangeSession` (`POST /exchanges/{id}/exchange-sessions`): Create a re-authentication exchange session.
pub fn create_re_auth_exchange_session() -> CreateReAuthExchangeSessionMock {
    CreateReAuthExchangeSessionMock::new()
}
/// A mock of `createReAuthExchangeSession` (`POST /exchanges/{id}/exchange-sessions`), built by [`create_re_auth_exchange_session`].
///
/// Narrow what it matches with the setters, then pick the answer with a response method,
/// which returns a [`wiremock::Mock`] to mount on a [`wiremock::MockServer`].
#[must_use = "pick a response method, then mount the mock"]
pub struct CreateReAuthExchangeSessionMock {
    builder: MockBuilder,
    request_id: Option<String>,
}
impl Default for CreateReAuthExchangeSessionMock {
    fn default() -> Self {
        Self::new()
    }
}
impl CreateReAuthExchangeSessionMock {
    /// Matches what the client sends: `POST` on `/exchanges/{id}/exchange-sessions` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json`, `Content-Type: application/vnd.dwolla.v1.hal+json` on a body, a bearer token.
    pub fn new() -> Self {
        let builder = Mock::given(wiremock::matchers::method("POST"))
            .and(
                wiremock::matchers::path_regex(
                    "^/exchanges/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/exchange-sessions$",
                ),
            )
            .and(header_is("accept", "application/vnd.dwolla.v1.hal+json"))
            .and(content_type_is("application/vnd.dwolla.v1.hal+json"))
            .and(bearer_token);
        Self { builder, request_id: None }
    }
    /// Matches only requests for this `id` (The id of the exchange that needs the customer to sign in again).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.and(segment_is(1, id.to_string()))
    }
    /// Matches only requests whose body equals `body` (compared as JSON). The client sends `{}`
    /// when no body is given.
    pub fn body(self, body: types::CreateReAuthExchangeSession) -> Self {
        self.and(wiremock::matchers::body_json(body))
    }
    /// Adds any other wiremock matcher.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.builder = self.builder.and(matcher);
        self
    }
    /// Answers with this `X-Request-ID` header.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }
    /// `201`: The exchange session was created; follow `Location` to read it.
    ///
    /// `Location` is `{server.uri()}/exchange-sessions/{id}`: absolute, on the mock server, with
    /// the origin the client used (so `Created::retrieve` follows it).
    pub fn created(self, id: ::uuid::Uuid) -> Mock {
        let template = empty(201, self.request_id.as_deref());
        self.builder
            .respond_with(WithLocation {
                path: format!("/exchange-sessions/{}", id),
                template,
            })
    }
    /// `400`: The body failed validation; `_embedded.errors` says which field and why.
    pub fn bad_request(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    400,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    401,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `403`: The token's application may not act on this resource.
    pub fn forbidden(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    403,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `409`: A request with the same `Idempotency-Key` is still being processed; retry later with the same key.
    pub fn conflict(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    409,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    429,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// Answers with any response, such as a status the spec does not document.
    pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
        self.builder.respond_with(responder)
    }
}
/// Starts a mock of `listAvailableExchangeConnections` (`GET /customers/{id}/available-exchange-connections`): List a customer's available exchange connections.
pub fn list_available_exchange_connections() -> ListAvailableExchangeConnectionsMock {
    ListAvailableExchangeConnectionsMock::new()
}
/// A mock of `listAvailableExchangeConnections` (`GET /customers/{id}/available-exchange-connections`), built by [`list_available_exchange_connections`].
///
/// Narrow what it matches with the setters, then pick the answer with a response method,
/// which returns a [`wiremock::Mock`] to mount on a [`wiremock::MockServer`].
#[must_use = "pick a response method, then mount the mock"]
pub struct ListAvailableExchangeConnectionsMock {
    builder: MockBuilder,
    request_id: Option<String>,
}
impl Default for ListAvailableExchangeConnectionsMock {
    fn default() -> Self {
        Self::new()
    }
}
impl ListAvailableExchangeConnectionsMock {
    /// Matches what the client sends: `GET` on `/customers/{id}/available-exchange-connections` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json`, a bearer token.
    pub fn new() -> Self {
        let builder = Mock::given(wiremock::matchers::method("GET"))
            .and(
                wiremock::matchers::path_regex(
                    "^/customers/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/available-exchange-connections$",
                ),
            )
            .and(header_is("accept", "application/vnd.dwolla.v1.hal+json"))
            .and(bearer_token);
        Self { builder, request_id: None }
    }
    /// Matches only requests for this `id` (The customer's id).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.and(segment_is(1, id.to_string()))
    }
    /// Adds any other wiremock matcher.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.builder = self.builder.and(matcher);
        self
    }
    /// Answers with this `X-Request-ID` header.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }
    /// `200`: The accounts the customer can connect.
    pub fn ok(self, body: types::AvailableExchangeConnections) -> Mock {
        self.builder
            .respond_with(
                json(
                    200,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    401,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `404`: No resource has this id, or the application cannot see it.
    pub fn not_found(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    404,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> Mock {
        self.builder
            .respond_with(
                json(
                    429,
                    "application/vnd.dwolla.v1.hal+json",
                    &body,
                    self.request_id.as_deref(),
                ),
            )
    }
    /// Answers with any response, such as a status the spec does not document.
    pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
        self.builder.respond_with(responder)
    }
}
/// The spec's examples as typed values: ready-made request bodies and mock answers.
pub mod examples {
    #[allow(unused_imports)]
    use crate::types;
    /// The spec's example `CreateCustomerExchangeSession`: the request body of `createCustomerExchangeSession`.
    pub fn create_customer_exchange_session() -> types::CreateCustomerExchangeSession {
        ::serde_json::from_str(
                "{\"_links\":{\"exchange-partner\":{\"href\":\"https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef\"},\"redirect-url\":{\"href\":\"com.example.app123\"}}}",
            )
            .expect("the spec's examples match their schemas")
    }
    /// The spec's example `ExchangeSession`: the `200` answer of `retrieveCustomerExchangeSession`.
    pub fn exchange_session() -> types::ExchangeSession {
        ::serde_json::from_str(
                "{\"_links\":{\"exchange-partner\":{\"href\":\"https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef\",\"resource-type\":\"exchange-partner\",\"type\":\"application/vnd.dwolla.v1.hal+json\"},\"self\":{\"href\":\"https://api-sandbox.dwolla.com/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d\",\"resource-type\":\"exchange-session\",\"type\":\"application/vnd.dwolla.v1.hal+json\"}},\"created\":\"2024-02-07T16:47:47Z\",\"externalProviderSessionToken\":\"link-sandbox-7b6c0c5e-3a2a-4b2e-9b8e-2f3c1d4e5f60\"}",
            )
            .expect("the spec's examples match their schemas")
    }
    /// The spec's example `CreateReAuthExchangeSession`: the request body of `createReAuthExchangeSession`.
    pub fn create_re_auth_exchange_session() -> types::CreateReAuthExchangeSession {
        ::serde_json::from_str(
                "{\"_links\":{\"redirect-url\":{\"href\":\"https://example.com/plaid/oauth-return\"}}}",
            )
            .expect("the spec's examples match their schemas")
    }
    /// The spec's example `AvailableExchangeConnections`: the `200` answer of `listAvailableExchangeConnections`.
    pub fn available_exchange_connections() -> types::AvailableExchangeConnections {
        ::serde_json::from_str(
                "{\"_embedded\":{\"available-exchange-connections\":[{\"availableConnectionToken\":\"eyJhY2NvdW50SWQiOiJBQ1QtMSJ9\",\"name\":\"Everyday Checking\"},{\"availableConnectionToken\":\"eyJhY2NvdW50SWQiOiJBQ1QtMiJ9\",\"name\":\"Rainy Day Savings\"}]},\"_links\":{\"customers\":{\"href\":\"https://api-sandbox.dwolla.com/customers/5b29279d-6359-4c87-a318-e09095532733\",\"resource-type\":\"customer\",\"type\":\"application/vnd.dwolla.v1.hal+json\"},\"self\":{\"href\":\"https://api-sandbox.dwolla.com/customers/5b29279d-6359-4c87-a318-e09095532733/available-exchange-connections\",\"resource-type\":\"available-exchange-connections\",\"type\":\"application/vnd.dwolla.v1.hal+json\"}}}",
            )
            .expect("the spec's examples match their schemas")
    }
}
