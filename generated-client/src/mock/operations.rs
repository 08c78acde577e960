// @generated from spec/exchange-sessions.yaml by `cargo run -p generator`. DO NOT EDIT.
// Edit the spec and regenerate; `cargo run -p generator -- --check` verifies this file.

//! The spec's half of the `mock` module: per-operation mocks and the spec's examples.
#[allow(unused_imports)]
use crate::types;
/// Starts a mock of `createCustomerExchangeSession` (`POST /customers/{id}/exchange-sessions`): Create an exchange session for a customer.
///
/// It matches `POST` on `/customers/{id}/exchange-sessions` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json`, `Content-Type: application/vnd.dwolla.v1.hal+json` on a body and a bearer token.
pub fn create_customer_exchange_session() -> crate::mock::OperationMock<
    markers::CreateCustomerExchangeSession,
> {
    crate::mock::OperationMock::new(
        "POST",
        "^/customers/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/exchange-sessions$",
        Some("application/vnd.dwolla.v1.hal+json"),
        Some("application/vnd.dwolla.v1.hal+json"),
    )
}
impl crate::mock::OperationMock<markers::CreateCustomerExchangeSession> {
    /// Matches only requests for this `id` (The customer's id).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.path_segment(1, id)
    }
    /// Matches only requests whose body equals `body` (compared as JSON).
    pub fn body(self, body: types::CreateCustomerExchangeSession) -> Self {
        self.json_body(body)
    }
    /// `201`: The exchange session was created; follow `Location` to read it.
    ///
    /// `Location` is `{origin}/exchange-sessions/{id}`, where `retrieveCustomerExchangeSession` reads the resource back; `{origin}` is the mock server's, as the client addressed it, so `retrieve()` follows it.
    pub fn created(self, id: ::uuid::Uuid) -> ::wiremock::Mock {
        self.answer_at(
            201,
            crate::mock::Body::Empty,
            crate::mock::Location::fill("/exchange-sessions/{id}", &[&id]),
        )
    }
    /// `400`: The body failed validation; `_embedded.errors` says which field and why.
    pub fn bad_request(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            400,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            401,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `403`: The token's application may not act on this resource.
    pub fn forbidden(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            403,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `404`: No resource has this id, or the application cannot see it.
    pub fn not_found(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            404,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `409`: A request with the same `Idempotency-Key` is still being processed; retry later with the same key.
    pub fn conflict(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            409,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            429,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
}
/// Starts a mock of `retrieveCustomerExchangeSession` (`GET /exchange-sessions/{id}`): Retrieve an exchange session.
///
/// It matches `GET` on `/exchange-sessions/{id}` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json` and a bearer token.
pub fn retrieve_customer_exchange_session() -> crate::mock::OperationMock<
    markers::RetrieveCustomerExchangeSession,
> {
    crate::mock::OperationMock::new(
        "GET",
        "^/exchange-sessions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        Some("application/vnd.dwolla.v1.hal+json"),
        None,
    )
}
impl crate::mock::OperationMock<markers::RetrieveCustomerExchangeSession> {
    /// Matches only requests for this `id` (The exchange session's id (the last path segment of its `Location`)).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.path_segment(1, id)
    }
    /// `200`: The exchange session.
    pub fn ok(self, body: types::ExchangeSession) -> ::wiremock::Mock {
        self.answer(
            200,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            401,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `403`: The token's application may not act on this resource.
    pub fn forbidden(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            403,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `404`: No resource has this id, or the application cannot see it.
    pub fn not_found(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            404,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            429,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
}
/// Starts a mock of `createReAuthExchangeSession` (`POST /exchanges/{id}/exchange-sessions`): Create a re-authentication exchange session.
///
/// It matches `POST` on `/exchanges/{id}/exchange-sessions` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json`, `Content-Type: application/vnd.dwolla.v1.hal+json` on a body and a bearer token.
pub fn create_re_auth_exchange_session() -> crate::mock::OperationMock<
    markers::CreateReAuthExchangeSession,
> {
    crate::mock::OperationMock::new(
        "POST",
        "^/exchanges/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/exchange-sessions$",
        Some("application/vnd.dwolla.v1.hal+json"),
        Some("application/vnd.dwolla.v1.hal+json"),
    )
}
impl crate::mock::OperationMock<markers::CreateReAuthExchangeSession> {
    /// Matches only requests for this `id` (The id of the exchange that needs the customer to sign in again).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.path_segment(1, id)
    }
    /// Matches only requests whose body equals `body` (compared as JSON). The client sends `{}`
    /// when no body is given.
    pub fn body(self, body: types::CreateReAuthExchangeSession) -> Self {
        self.json_body(body)
    }
    /// `201`: The exchange session was created; follow `Location` to read it.
    ///
    /// `Location` is `{origin}/exchange-sessions/{id}`, where `retrieveCustomerExchangeSession` reads the resource back; `{origin}` is the mock server's, as the client addressed it, so `retrieve()` follows it.
    pub fn created(self, id: ::uuid::Uuid) -> ::wiremock::Mock {
        self.answer_at(
            201,
            crate::mock::Body::Empty,
            crate::mock::Location::fill("/exchange-sessions/{id}", &[&id]),
        )
    }
    /// `400`: The body failed validation; `_embedded.errors` says which field and why.
    pub fn bad_request(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            400,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            401,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `403`: The token's application may not act on this resource.
    pub fn forbidden(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            403,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `409`: A request with the same `Idempotency-Key` is still being processed; retry later with the same key.
    pub fn conflict(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            409,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            429,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
}
/// Starts a mock of `listAvailableExchangeConnections` (`GET /customers/{id}/available-exchange-connections`): List a customer's available exchange connections.
///
/// It matches `GET` on `/customers/{id}/available-exchange-connections` with any `id`, `Accept: application/vnd.dwolla.v1.hal+json` and a bearer token.
pub fn list_available_exchange_connections() -> crate::mock::OperationMock<
    markers::ListAvailableExchangeConnections,
> {
    crate::mock::OperationMock::new(
        "GET",
        "^/customers/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/available-exchange-connections$",
        Some("application/vnd.dwolla.v1.hal+json"),
        None,
    )
}
impl crate::mock::OperationMock<markers::ListAvailableExchangeConnections> {
    /// Matches only requests for this `id` (The customer's id).
    pub fn id(self, id: ::uuid::Uuid) -> Self {
        self.path_segment(1, id)
    }
    /// `200`: The accounts the customer can connect.
    pub fn ok(self, body: types::AvailableExchangeConnections) -> ::wiremock::Mock {
        self.answer(
            200,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `401`: The access token is missing, invalid or expired.
    pub fn unauthorized(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            401,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `404`: No resource has this id, or the application cannot see it.
    pub fn not_found(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            404,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
    /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
    pub fn too_many_requests(self, body: types::ErrorResponse) -> ::wiremock::Mock {
        self.answer(
            429,
            crate::mock::Body::json("application/vnd.dwolla.v1.hal+json", &body),
        )
    }
}
/// One marker type per operation: the parameter of its
/// [`OperationMock`](crate::mock::OperationMock).
pub mod markers {
    /// Marks a mock of `createCustomerExchangeSession` (`POST /customers/{id}/exchange-sessions`), started by [`create_customer_exchange_session`](super::create_customer_exchange_session).
    #[derive(Debug, Clone, Copy)]
    pub enum CreateCustomerExchangeSession {}
    /// Marks a mock of `retrieveCustomerExchangeSession` (`GET /exchange-sessions/{id}`), started by [`retrieve_customer_exchange_session`](super::retrieve_customer_exchange_session).
    #[derive(Debug, Clone, Copy)]
    pub enum RetrieveCustomerExchangeSession {}
    /// Marks a mock of `createReAuthExchangeSession` (`POST /exchanges/{id}/exchange-sessions`), started by [`create_re_auth_exchange_session`](super::create_re_auth_exchange_session).
    #[derive(Debug, Clone, Copy)]
    pub enum CreateReAuthExchangeSession {}
    /// Marks a mock of `listAvailableExchangeConnections` (`GET /customers/{id}/available-exchange-connections`), started by [`list_available_exchange_connections`](super::list_available_exchange_connections).
    #[derive(Debug, Clone, Copy)]
    pub enum ListAvailableExchangeConnections {}
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
