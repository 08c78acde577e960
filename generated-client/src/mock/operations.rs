// @generated from spec/exchange-sessions.yaml by `cargo run -p generator`. DO NOT EDIT.
// Edit the spec and regenerate; `cargo run -p generator -- --check` verifies this file.

//! The spec's half of the `mock` module: per-operation mocks, the error enums'
//! answers and the spec's examples. `mock` documents them.
#[allow(unused_imports)]
use crate::mock::{Answer, OperationMock};
#[allow(unused_imports)]
use crate::{operations, types};
#[allow(unused_imports)]
use uuid::Uuid;
#[allow(unused_imports)]
use wiremock::Mock;
#[allow(dead_code, reason = "no operation may be on")]
const MEDIA_0: &str = "application/vnd.dwolla.v1.hal+json";
/// Mocks `POST /customers/{id}/exchange-sessions`.
#[cfg(feature = "exchange-sessions")]
pub fn create_customer_exchange_session() -> OperationMock<
    markers::CreateCustomerExchangeSession,
> {
    OperationMock::new(
        "POST /customers/{uuid}/exchange-sessions",
        Some(MEDIA_0),
        Some(MEDIA_0),
    )
}
#[cfg(feature = "exchange-sessions")]
impl crate::mock::ErrorAnswer for operations::CreateCustomerExchangeSessionError {
    type Operation = markers::CreateCustomerExchangeSession;
    fn answer(&self) -> Answer {
        match self {
            Self::BadRequest(body) => Answer::json(400, MEDIA_0, body),
            Self::Unauthorized(body) => Answer::json(401, MEDIA_0, body),
            Self::Forbidden(body) => Answer::json(403, MEDIA_0, body),
            Self::NotFound(body) => Answer::json(404, MEDIA_0, body),
            Self::Conflict(body) => Answer::json(409, MEDIA_0, body),
            Self::TooManyRequests(body) => Answer::json(429, MEDIA_0, body),
        }
    }
}
#[cfg(feature = "exchange-sessions")]
impl OperationMock<markers::CreateCustomerExchangeSession> {
    pub fn id(self, id: Uuid) -> Self {
        self.path_segment(1, id)
    }
    pub fn body(self, body: types::CreateCustomerExchangeSession) -> Self {
        self.json_body(body)
    }
    /// `201`: The exchange session was created; follow `Location` to read it.
    pub fn created(self, id: Uuid) -> Mock {
        self.answer_at(Answer::empty(201), "/exchange-sessions/{id}", &[&id])
    }
}
/// Mocks `GET /exchange-sessions/{id}`.
#[cfg(feature = "exchange-sessions")]
pub fn retrieve_customer_exchange_session() -> OperationMock<
    markers::RetrieveCustomerExchangeSession,
> {
    OperationMock::new("GET /exchange-sessions/{uuid}", Some(MEDIA_0), None)
}
#[cfg(feature = "exchange-sessions")]
impl crate::mock::ErrorAnswer for operations::RetrieveCustomerExchangeSessionError {
    type Operation = markers::RetrieveCustomerExchangeSession;
    fn answer(&self) -> Answer {
        match self {
            Self::Unauthorized(body) => Answer::json(401, MEDIA_0, body),
            Self::Forbidden(body) => Answer::json(403, MEDIA_0, body),
            Self::NotFound(body) => Answer::json(404, MEDIA_0, body),
            Self::TooManyRequests(body) => Answer::json(429, MEDIA_0, body),
        }
    }
}
#[cfg(feature = "exchange-sessions")]
impl OperationMock<markers::RetrieveCustomerExchangeSession> {
    pub fn id(self, id: Uuid) -> Self {
        self.path_segment(1, id)
    }
    /// `200`: The exchange session.
    pub fn ok(self, body: types::ExchangeSession) -> Mock {
        self.answer(Answer::json(200, MEDIA_0, &body))
    }
}
/// Mocks `POST /exchanges/{id}/exchange-sessions`.
#[cfg(feature = "exchange-sessions")]
pub fn create_re_auth_exchange_session() -> OperationMock<
    markers::CreateReAuthExchangeSession,
> {
    OperationMock::new(
        "POST /exchanges/{uuid}/exchange-sessions",
        Some(MEDIA_0),
        Some(MEDIA_0),
    )
}
#[cfg(feature = "exchange-sessions")]
impl crate::mock::ErrorAnswer for operations::CreateReAuthExchangeSessionError {
    type Operation = markers::CreateReAuthExchangeSession;
    fn answer(&self) -> Answer {
        match self {
            Self::BadRequest(body) => Answer::json(400, MEDIA_0, body),
            Self::Unauthorized(body) => Answer::json(401, MEDIA_0, body),
            Self::Forbidden(body) => Answer::json(403, MEDIA_0, body),
            Self::Conflict(body) => Answer::json(409, MEDIA_0, body),
            Self::TooManyRequests(body) => Answer::json(429, MEDIA_0, body),
        }
    }
}
#[cfg(feature = "exchange-sessions")]
impl OperationMock<markers::CreateReAuthExchangeSession> {
    pub fn id(self, id: Uuid) -> Self {
        self.path_segment(1, id)
    }
    pub fn body(self, body: types::CreateReAuthExchangeSession) -> Self {
        self.json_body(body)
    }
    /// `201`: The exchange session was created; follow `Location` to read it.
    pub fn created(self, id: Uuid) -> Mock {
        self.answer_at(Answer::empty(201), "/exchange-sessions/{id}", &[&id])
    }
}
/// Mocks `GET /customers/{id}/available-exchange-connections`.
#[cfg(feature = "exchange-sessions")]
pub fn list_available_exchange_connections() -> OperationMock<
    markers::ListAvailableExchangeConnections,
> {
    OperationMock::new(
        "GET /customers/{uuid}/available-exchange-connections",
        Some(MEDIA_0),
        None,
    )
}
#[cfg(feature = "exchange-sessions")]
impl crate::mock::ErrorAnswer for operations::ListAvailableExchangeConnectionsError {
    type Operation = markers::ListAvailableExchangeConnections;
    fn answer(&self) -> Answer {
        match self {
            Self::Unauthorized(body) => Answer::json(401, MEDIA_0, body),
            Self::NotFound(body) => Answer::json(404, MEDIA_0, body),
            Self::TooManyRequests(body) => Answer::json(429, MEDIA_0, body),
        }
    }
}
#[cfg(feature = "exchange-sessions")]
impl OperationMock<markers::ListAvailableExchangeConnections> {
    pub fn id(self, id: Uuid) -> Self {
        self.path_segment(1, id)
    }
    /// `200`: The accounts the customer can connect.
    pub fn ok(self, body: types::AvailableExchangeConnections) -> Mock {
        self.answer(Answer::json(200, MEDIA_0, &body))
    }
}
/// One marker type per operation, named like its builder: the parameter of the
/// [`OperationMock`](crate::mock::OperationMock) that the function of the same name,
/// in snake case, starts.
pub mod markers {
    #[cfg(feature = "exchange-sessions")]
    pub enum CreateCustomerExchangeSession {}
    #[cfg(feature = "exchange-sessions")]
    pub enum RetrieveCustomerExchangeSession {}
    #[cfg(feature = "exchange-sessions")]
    pub enum CreateReAuthExchangeSession {}
    #[cfg(feature = "exchange-sessions")]
    pub enum ListAvailableExchangeConnections {}
}
/// The spec's examples as typed values: ready-made request bodies and mock answers.
pub mod examples {
    #[allow(unused_imports)]
    use crate::types;
    #[cfg(feature = "exchange-sessions")]
    /// The spec's example `CreateCustomerExchangeSession`: the request body
    /// of `createCustomerExchangeSession`.
    pub fn create_customer_exchange_session() -> types::CreateCustomerExchangeSession {
        ::serde_json::from_str(
                "{\"_links\":{\"exchange-partner\":{\"href\":\"https://api-sandbox.dwolla.com/excha\
                nge-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef\"},\"redirect-url\":{\"href\":\"\
                com.example.app123\"}}}",
            )
            .expect("the spec's examples match their schemas")
    }
    #[cfg(feature = "exchange-sessions")]
    /// The spec's example `ExchangeSession`: the `200` answer of `retrieveCustomerExchangeSession`.
    pub fn exchange_session() -> types::ExchangeSession {
        ::serde_json::from_str(
                "{\"_links\":{\"exchange-partner\":{\"href\":\"https://api-sandbox.dwolla.com/excha\
                nge-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef\",\"resource-type\":\"exchange-p\
                artner\",\"type\":\"application/vnd.dwolla.v1.hal+json\"},\"self\":{\"href\":\"htt\
                ps://api-sandbox.dwolla.com/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d\
                \",\"resource-type\":\"exchange-session\",\"type\":\"application/vnd.dwolla.v1.hal\
                +json\"}},\"created\":\"2024-02-07T16:47:47Z\",\"externalProviderSessionToken\":\"\
                link-sandbox-7b6c0c5e-3a2a-4b2e-9b8e-2f3c1d4e5f60\"}",
            )
            .expect("the spec's examples match their schemas")
    }
    #[cfg(feature = "exchange-sessions")]
    /// The spec's example `CreateReAuthExchangeSession`: the request body
    /// of `createReAuthExchangeSession`.
    pub fn create_re_auth_exchange_session() -> types::CreateReAuthExchangeSession {
        ::serde_json::from_str(
                "{\"_links\":{\"redirect-url\":{\"href\":\"https://example.com/plaid/oauth-return\"\
                }}}",
            )
            .expect("the spec's examples match their schemas")
    }
    #[cfg(feature = "exchange-sessions")]
    /// The spec's example `AvailableExchangeConnections`: the `200` answer
    /// of `listAvailableExchangeConnections`.
    pub fn available_exchange_connections() -> types::AvailableExchangeConnections {
        ::serde_json::from_str(
                "{\"_embedded\":{\"available-exchange-connections\":[{\"availableConnectionToken\":\
                \"eyJhY2NvdW50SWQiOiJBQ1QtMSJ9\",\"name\":\"Everyday \
                Checking\"},{\"availableConnectionToken\":\"eyJhY2NvdW50SWQiOiJBQ1QtMiJ9\",\"name\
                \":\"Rainy Day \
                Savings\"}]},\"_links\":{\"customers\":{\"href\":\"https://api-sandbox.dwolla.com/\
                customers/5b29279d-6359-4c87-a318-e09095532733\",\"resource-type\":\"customer\",\"\
                type\":\"application/vnd.dwolla.v1.hal+json\"},\"self\":{\"href\":\"https://api-sa\
                ndbox.dwolla.com/customers/5b29279d-6359-4c87-a318-e09095532733/available-exchange\
                -connections\",\"resource-type\":\"available-exchange-connections\",\"type\":\"app\
                lication/vnd.dwolla.v1.hal+json\"}}}",
            )
            .expect("the spec's examples match their schemas")
    }
}
