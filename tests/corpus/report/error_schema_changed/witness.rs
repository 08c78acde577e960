//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub fn witness(error: operations::CreateCustomerExchangeSessionError) -> Option<types::ErrorResponse> {
    match error {
        operations::CreateCustomerExchangeSessionError::BadRequest(body) => Some(body),
        _ => None,
    }
}
