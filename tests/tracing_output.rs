//! Tracing output carries the call fields and no secret.
//!
//! A binary of its own, with one test: tracing caches each callsite's interest for the
//! whole process, so a callsite first hit by another test's thread (no subscriber there)
//! would stay off for a thread-local subscriber here. A global subscriber installed before
//! the runtime and the client exist sees every callsite, on every thread.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use dwolla_exchange_sessions::{Client, Error, LocationError};
use support::fixtures::*;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[test]
fn tracing_output_has_call_fields_and_no_secret() {
    let captured = Captured::default();
    // Everything at TRACE: the client, hyper, the token fetch (and wiremock's server).
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish()
        .try_init()
        .expect("this binary's only test installs the only global subscriber");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(calls_that_handle_secrets());

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_clean("tracing output", &output);
    for expected in [
        "dwolla.call",
        "dwolla.attempt",
        "dwolla.token",
        "operation=\"retrieveCustomerExchangeSession\"",
        "attempt=1",
        "attempt=3",
        "status=503",
        "status=401",
        "status=200",
        "attempts=3",
        "latency_ms=",
        "retrying",
    ] {
        assert!(
            output.contains(expected),
            "tracing output lacks {expected:?}:\n{output}"
        );
    }
}

/// A call that retries a 503 and replays an expired token, then every error path.
async fn calls_that_handle_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok())
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_raw(r#"{"code":"ExpiredAccessToken","message":"Expired"}"#, HAL),
        )
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json()))
        .with_priority(3)
        .mount(&server)
        .await;
    let client: Client = oauth_builder(server.uri()).build().unwrap();
    client
        .retrieve_customer_exchange_session()
        .id(session_id())
        .send()
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2 + 3);
    // Every error path ran and failed the way it is meant to, so its tracing is in the output.
    let errors: Vec<String> = every_error()
        .await
        .iter()
        .map(|error| {
            let kind = match error {
                Error::Api(_) => "Api",
                Error::Auth(auth) if auth.is_transport() => "Auth(transport)",
                Error::Auth(_) => "Auth",
                Error::Timeout { .. } => "Timeout",
                Error::Transport { .. } => "Transport",
                Error::InvalidRequest(_) => "InvalidRequest",
                Error::InvalidResponse { .. } => "InvalidResponse",
                Error::InProgress { .. } => "InProgress",
                Error::InvalidConfig(_) => "InvalidConfig",
                Error::Location(LocationError::ForeignHost { .. }) => "Location(ForeignHost)",
                other => panic!("an error every_error does not make: {other:?}"),
            };
            match error.status() {
                Some(status) => format!("{kind} {}", status.as_u16()),
                None => kind.to_string(),
            }
        })
        .collect();
    assert_eq!(
        errors,
        [
            "Api 401",
            "Api 401",
            "Auth 401",
            "Auth 200",
            "Auth(transport)",
            "Timeout",
            "Transport",
            "InvalidRequest",
            "InvalidRequest",
            "InvalidResponse 200",
            "InProgress 409",
            "InvalidConfig",
            "InvalidConfig",
            "InvalidConfig",
            "Location(ForeignHost)",
        ]
    );
}
