//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub fn witness(partner: types::LinkHref) -> types::CreateCustomerExchangeSessionLinks {
    types::CreateCustomerExchangeSessionLinks { exchange_partner: partner, redirect_url: None }
}
