//! `client-profile (generated|hand) CALLS [get|post]`: CALLS retrieve + create pairs (or
//! only the retrieves or the creates) through one arm of the client-overhead benchmark, for
//! instruction counts per call, e.g.
//! `valgrind --tool=callgrind target/release/client-profile generated 2000 get`.
#![forbid(unsafe_code)]

use std::sync::Arc;

use benchmarks::client::{self, CUSTOMER, SESSION, Seen};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arm = args.first().cloned().unwrap_or_else(|| "generated".into());
    let calls: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let only = args.get(2).map(String::as_str);
    let (get, post) = match only {
        None => (true, true),
        Some("get") => (true, false),
        Some("post") => (false, true),
        Some(other) => panic!("unknown operation {other:?}: get or post"),
    };
    // As in the benchmark: a subscriber that filters the client's INFO spans.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_writer(std::io::sink)
        .init();
    let base = client::start_server(Arc::new(Seen::default()));
    client::runtime().block_on(async {
        let http = client::shared_http();
        let generated = client::generated_client(&base, &http);
        let (session, customer) = (
            SESSION.parse().expect("uuid"),
            CUSTOMER.parse().expect("uuid"),
        );
        for _ in 0..calls {
            match arm.as_str() {
                "generated" => {
                    if get {
                        client::generated_retrieve(&generated, session).await;
                    }
                    if post {
                        client::generated_create(&generated, customer).await;
                    }
                }
                "hand" => {
                    if get {
                        client::hand_retrieve(&http, &base, session)
                            .await
                            .expect("retrieve");
                    }
                    if post {
                        client::hand_create(&http, &base, customer)
                            .await
                            .expect("create");
                    }
                }
                other => panic!("unknown arm {other:?}: generated or hand"),
            }
        }
    });
}
