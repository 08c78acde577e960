//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub fn witness(session: types::ExchangeSession) -> Option<i64> {
    session.created.map(|at| at.timestamp())
}
