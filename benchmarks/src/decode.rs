//! Decoding a large `AvailableExchangeConnections` body: generated types against a
//! hand-written serde struct with the same fields.

use std::time::Instant;

use dwolla_exchange_sessions::types;
use serde::Deserialize;

use crate::stats::Samples;

/// A hand-written equivalent of `types::AvailableExchangeConnections`.
#[derive(Debug, Deserialize)]
pub struct HandConnections {
    /// `_links`.
    #[serde(rename = "_links")]
    pub links: HandLinks,
    /// `_embedded`.
    #[serde(rename = "_embedded")]
    pub embedded: HandEmbedded,
}

/// `_links`: the two Dwolla always sends; others are ignored.
#[derive(Debug, Deserialize)]
pub struct HandLinks {
    /// `self`.
    #[serde(rename = "self")]
    pub self_: HandLink,
    /// `customers`.
    pub customers: HandLink,
}

/// A HAL link.
#[derive(Debug, Deserialize)]
pub struct HandLink {
    /// `href`.
    pub href: String,
    /// `type`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// `resource-type`.
    #[serde(rename = "resource-type")]
    pub resource_type: Option<String>,
}

/// `_embedded`.
#[derive(Debug, Deserialize)]
pub struct HandEmbedded {
    /// The connections.
    #[serde(rename = "available-exchange-connections")]
    pub available_exchange_connections: Vec<HandConnection>,
}

/// One connection.
#[derive(Debug, Deserialize)]
pub struct HandConnection {
    /// `availableConnectionToken`.
    #[serde(rename = "availableConnectionToken")]
    pub available_connection_token: String,
    /// `name`.
    pub name: String,
}

/// A body with `entries` connections, deterministic.
pub fn body(entries: usize) -> Vec<u8> {
    let base = "https://api-sandbox.dwolla.com/customers/5b29279d-6359-4c87-a318-e09095532733";
    let connections: Vec<_> = (0..entries)
        .map(|i| {
            serde_json::json!({
                "availableConnectionToken": format!("eyJhY2NvdW50SWQiOiJBQ1QtMSIsIm4iOi{i:08}In0="),
                "name": format!("Everyday Checking {i}"),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "_links": {
            "self": { "href": format!("{base}/available-exchange-connections"), "type": "application/vnd.dwolla.v1.hal+json", "resource-type": "available-exchange-connections" },
            "customers": { "href": base, "type": "application/vnd.dwolla.v1.hal+json", "resource-type": "customer" }
        },
        "_embedded": { "available-exchange-connections": connections }
    }))
    .expect("JSON serializes")
}

/// Decode timings of each side.
#[derive(Debug, Default)]
pub struct Measured {
    /// Entries in the body.
    pub entries: usize,
    /// Body size in bytes.
    pub bytes: usize,
    /// Generated types.
    pub generated: Samples,
    /// Hand-written struct.
    pub hand: Samples,
}

/// Decodes the body `rounds` times with each side, alternating which goes first.
pub fn run(entries: usize, rounds: usize) -> Measured {
    let body = body(entries);
    let generated = || {
        serde_json::from_slice::<types::AvailableExchangeConnections>(&body)
            .expect("generated decodes")
    };
    let hand = || serde_json::from_slice::<HandConnections>(&body).expect("hand decodes");
    assert_eq!(
        generated().embedded.available_exchange_connections.len(),
        entries
    );
    assert_eq!(
        hand().embedded.available_exchange_connections.len(),
        entries
    );
    let mut result = Measured {
        entries,
        bytes: body.len(),
        ..Measured::default()
    };
    for round in 0..rounds {
        for arm in 0..2 {
            // Drops happen after the clock stops: only decoding is timed.
            let start = Instant::now();
            if (arm == 0) == (round % 2 == 0) {
                let decoded = std::hint::black_box(generated());
                result.generated.push(start.elapsed());
                drop(decoded);
            } else {
                let decoded = std::hint::black_box(hand());
                result.hand.push(start.elapsed());
                drop(decoded);
            }
        }
    }
    result
}
