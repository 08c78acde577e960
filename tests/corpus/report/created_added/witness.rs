//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub async fn witness(client: &Client) -> Result<ResponseValue<()>, Error> {
    client.create_re_auth_exchange_session().send().await
}
