//! Compiles against the client generated from before.yaml, not against after.yaml.
use dwolla_exchange_sessions::{Client, Created, Error, ResponseValue, created, operations, types};
pub fn witness(client: &Client) -> operations::CreateReAuthExchangeSession<'_> {
    client.create_re_auth_exchange_session().body(types::CreateReAuthExchangeSession { redirect_url: None })
}
