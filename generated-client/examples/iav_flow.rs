//! The whole Instant Account Verification flow against an embedded mock of Dwolla, with no
//! credentials and no network: everything runs on loopback.
//!
//! ```sh
//! cargo run -p dwolla-exchange-sessions --example iav_flow --features mock
//! ```
//!
//! 1. Create an exchange session for a customer (Plaid on Android, so with `redirect-url`).
//! 2. Follow its `Location` to retrieve it and read the Plaid Link token.
//! 3. The exchange later needs the customer to sign in again: create a re-auth session.
//! 4. After MX Connect: list the accounts the customer authorised.

use dwolla_exchange_sessions::{Client, Environment, mock, types};
use uuid::Uuid;
use wiremock::MockServer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The mock answers like Dwolla, and only to requests the spec allows.
    let server = MockServer::start().await;
    let customer = Uuid::new_v4();
    let session = Uuid::new_v4();
    let exchange = Uuid::new_v4();
    let reauth_session = Uuid::new_v4();
    let mut session_body = mock::examples::exchange_session();
    session_body.links.self_ = types::HalLink {
        href: format!("{}/exchange-sessions/{session}", server.uri()),
        resource_type: Some("exchange-session".into()),
        type_: Some("application/vnd.dwolla.v1.hal+json".into()),
    };
    mock::create_customer_exchange_session()
        .id(customer)
        .body(mock::examples::create_customer_exchange_session())
        .request_id("req-create")
        .created(session)
        .expect(1)
        .mount(&server)
        .await;
    mock::retrieve_customer_exchange_session()
        .id(session)
        .ok(session_body)
        .expect(1)
        .mount(&server)
        .await;
    mock::create_re_auth_exchange_session()
        .id(exchange)
        .created(reauth_session)
        .expect(1)
        .mount(&server)
        .await;
    mock::list_available_exchange_connections()
        .id(customer)
        .ok(mock::examples::available_exchange_connections())
        .expect(1)
        .mount(&server)
        .await;
    println!("mock Dwolla listening on {}", server.uri());

    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token("example-token")
        .build()?;

    let created = client
        .create_customer_exchange_session()
        .id(customer)
        .body(mock::examples::create_customer_exchange_session())
        .send()
        .await?;
    println!(
        "1. created exchange session {} for customer {customer} (status {}, request id {})",
        created.id()?,
        created.status(),
        created.request_id().unwrap_or("-")
    );
    println!("   Location: {}", created.location()?);

    let retrieved = created.retrieve(&client).await?;
    println!(
        "2. retrieved it: Plaid Link token {}",
        retrieved
            .external_provider_session_token
            .as_deref()
            .unwrap_or("(none)")
    );

    let reauth = client
        .create_re_auth_exchange_session()
        .id(exchange)
        .send()
        .await?;
    println!(
        "3. re-auth session {} for exchange {exchange}",
        reauth.id()?
    );

    let connections = client
        .list_available_exchange_connections()
        .id(customer)
        .send()
        .await?;
    println!(
        "4. {} account(s) available to connect:",
        connections.embedded.available_exchange_connections.len()
    );
    for connection in &connections.embedded.available_exchange_connections {
        println!(
            "   - {} ({})",
            connection.name, connection.available_connection_token
        );
    }
    Ok(())
}
