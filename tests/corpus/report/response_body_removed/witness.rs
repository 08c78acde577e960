//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub async fn witness(client: &Client) -> Result<types::AvailableExchangeConnectionsEmbedded, Error> {
    Ok(client.list_available_exchange_connections().send().await?.into_inner().embedded)
}
