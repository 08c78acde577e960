//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub async fn witness(session: Created<(), created::CreateReAuthExchangeSession>, client: &Client) -> Result<types::ExchangeSession, Error> {
    Ok(session.retrieve(client).await?.into_inner())
}
