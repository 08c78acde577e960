//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub fn witness(client: &Client) -> operations::ListAvailableExchangeConnections<'_> {
    client.list_available_exchange_connections().limit(10i32)
}
