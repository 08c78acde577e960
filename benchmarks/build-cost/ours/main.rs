//! A dependent of the checked-in generated client that calls all four operations.
use dwolla_exchange_sessions::{Client, Environment, types};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let client = Client::builder(Environment::Custom(base)).bearer_token("token").build()?;
        let id = uuid::Uuid::nil();
        let body = types::CreateCustomerExchangeSession {
            links: types::CreateCustomerExchangeSessionLinks {
                exchange_partner: types::LinkHref { href: "https://api-sandbox.dwolla.com/exchange-partners/x".into() },
                redirect_url: None,
            },
        };
        let created = client.create_customer_exchange_session().id(id).body(body).send().await?;
        let session = client.retrieve_customer_exchange_session().id(created.id()?).send().await?;
        let reauth = client.create_re_auth_exchange_session().id(id).send().await?;
        let list = client.list_available_exchange_connections().id(id).send().await?;
        println!("{:?} {:?} {}", session.external_provider_session_token, reauth.location()?, list.embedded.available_exchange_connections.len());
        Ok(())
    })
}
