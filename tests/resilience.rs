//! The client under scripted faults, against real HTTP servers on loopback: wiremock for
//! status-level faults, a raw `TcpListener` for resets and stalled bodies. Every test
//! counts the requests the server saw.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dwolla_exchange_sessions::{
    CallOptions, Client, Credentials, Environment, Error, RequestOptions, RetryPolicy, types,
};
use serde_json::{Value, json};
use support::ClosedPort;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const TOKEN: &str = "static-test-token";
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";
const PLAID: &str =
    "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";

/// The default policy with waits too short to slow the tests down.
fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

fn bearer_client(uri: String) -> Client {
    Client::builder(Environment::Custom(uri))
        .bearer_token(TOKEN)
        .retry_policy(fast())
        .build()
        .unwrap()
}

fn oauth_client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .credentials(Credentials::client_credentials("id-1", "secret-1"))
        .retry_policy(fast())
        .build()
        .unwrap()
}

fn session() -> Uuid {
    Uuid::parse_str(SESSION).unwrap()
}

fn customer() -> Uuid {
    Uuid::parse_str(CUSTOMER).unwrap()
}

fn session_json() -> Value {
    json!({
        "created": "2024-02-07T16:47:47Z",
        "externalProviderSessionToken": "link-sandbox-token",
        "_links": {
            "self": { "href": format!("https://api-sandbox.dwolla.com/exchange-sessions/{SESSION}") },
            "exchange-partner": { "href": PLAID }
        }
    })
}

fn hal(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), HAL)
}

fn api_error(status: u16, code: &str) -> ResponseTemplate {
    hal(
        status,
        &json!({ "code": code, "message": format!("{code} happened") }),
    )
    .insert_header("x-request-id", format!("req-{status}"))
}

fn token_ok(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({ "access_token": token, "token_type": "Bearer", "expires_in": expires_in }),
    )
}

fn plaid_body() -> types::CreateCustomerExchangeSession {
    types::CreateCustomerExchangeSession {
        links: types::CreateCustomerExchangeSessionLinks {
            exchange_partner: types::LinkHref { href: PLAID.into() },
            redirect_url: None,
        },
    }
}

async fn requests(server: &MockServer, url_path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == url_path)
        .collect()
}

fn header_of<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Mounts `first` for the first `n` matching requests and `then` afterwards.
async fn script(
    server: &MockServer,
    verb: &str,
    url_path: &str,
    first: ResponseTemplate,
    n: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(url_path))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(url_path))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

fn retrieve_path() -> String {
    format!("/exchange-sessions/{SESSION}")
}

fn create_path() -> String {
    format!("/customers/{CUSTOMER}/exchange-sessions")
}

// ---------------------------------------------------------------------------------------
// A raw server for faults wiremock cannot produce.

#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Read the request, then reset the connection (RST, linger 0).
    Reset,
    /// Send the status line, headers and part of the body, then go silent.
    StallBody,
    /// Answer with the canned response.
    Answer,
}

/// Serves one connection per entry of `script` (the last entry repeats); returns the base
/// URL and every request received, as text.
async fn raw_server(script: Vec<Fault>, answer: String) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        for index in 0.. {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let fault = script[index.min(script.len() - 1)];
            let answer = answer.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let request = read_request(&mut stream).await;
                log.lock().unwrap().push(request);
                match fault {
                    Fault::Reset => {
                        stream.set_zero_linger().unwrap();
                        drop(stream);
                    }
                    Fault::StallBody => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: {HAL}\r\ncontent-length: 4096\r\n\r\n{{\"_links\":"
                        );
                        stream.write_all(head.as_bytes()).await.unwrap();
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    Fault::Answer => {
                        let _ = stream.write_all(answer.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                }
            });
        }
    });
    (uri, seen)
}

async fn read_request(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                break;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn http_response(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn raw_header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn raw_body(request: &str) -> &str {
    request
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Success after faults.

#[tokio::test]
async fn two_503s_then_200_succeeds_with_three_requests() {
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        &retrieve_path(),
        api_error(503, "ServiceUnavailable"),
        2,
        hal(200, &session_json()),
    )
    .await;

    let session = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap();
    assert_eq!(
        session.external_provider_session_token.as_deref(),
        Some("link-sandbox-token")
    );
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 3);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        &retrieve_path(),
        api_error(429, "TooManyRequests").insert_header("retry-after", "1"),
        1,
        hal(200, &session_json()),
    )
    .await;

    // Backoff is at most 2 ms, so only Retry-After can explain a wait of a second.
    let started = Instant::now();
    bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_time_budget_fails_at_once_without_panicking() {
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(120));
    for retry_after in ["18446744073709551615", later.as_str()] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                api_error(429, "TooManyRequests").insert_header("retry-after", retry_after),
            )
            .expect(1)
            .mount(&server)
            .await;
        let started = Instant::now();
        let error = bearer_client(server.uri())
            .retrieve_customer_exchange_session()
            .id(session())
            .retry(fast().max_elapsed(Duration::from_secs(10)))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(429),
            "{retry_after}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{retry_after}: slept anyway"
        );
    }
}

#[tokio::test]
async fn a_huge_retry_after_late_in_a_call_does_not_overflow() {
    // After a second has passed, adding u64::MAX seconds to the elapsed time overflows
    // unless it saturates.
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        &retrieve_path(),
        api_error(503, "ServiceUnavailable").insert_header("retry-after", "1"),
        1,
        api_error(503, "ServiceUnavailable").insert_header("retry-after", "18446744073709551615"),
    )
    .await;
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 2);
}

#[tokio::test]
async fn a_connection_reset_is_retried_and_then_succeeds() {
    let ok = http_response(
        "200 OK",
        &format!("content-type: {HAL}\r\n"),
        &session_json().to_string(),
    );
    let (uri, seen) = raw_server(vec![Fault::Reset, Fault::Answer], ok).await;

    let session = bearer_client(uri)
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 200);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_stalled_response_body_times_out_and_the_retry_succeeds() {
    let ok = http_response(
        "200 OK",
        &format!("content-type: {HAL}\r\n"),
        &session_json().to_string(),
    );
    let (uri, seen) = raw_server(vec![Fault::StallBody, Fault::Answer], ok).await;

    let started = Instant::now();
    let session = bearer_client(uri)
        .retrieve_customer_exchange_session()
        .id(session())
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 200);
    assert_eq!(seen.lock().unwrap().len(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the first attempt was not waited for"
    );
}

#[tokio::test]
async fn a_stalled_body_on_every_attempt_is_a_timeout_error() {
    let (uri, seen) = raw_server(vec![Fault::StallBody], String::new()).await;
    let error = bearer_client(uri)
        .retrieve_customer_exchange_session()
        .id(session())
        .timeout(Duration::from_millis(100))
        .retry(fast().max_attempts(2))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 2, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_transport() {
    let closed = ClosedPort::new();
    let client = Client::builder(Environment::Custom(closed.uri()))
        .bearer_token(TOKEN)
        .retry_policy(fast().max_attempts(3))
        .auto_idempotency_key(false)
        .build()
        .unwrap();
    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
    // The request never left, so even a POST without a key may try again.
    let error = client
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Exhaustion.

#[tokio::test]
async fn exhausted_retries_return_the_last_error_with_status_and_body() {
    let server = MockServer::start().await;
    let body = json!({ "code": "ServiceUnavailable", "message": "down for maintenance" });
    Mock::given(method("GET"))
        .respond_with(hal(503, &body).insert_header("x-request-id", "req-last"))
        .expect(3)
        .mount(&server)
        .await;
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .retry(fast().max_attempts(3))
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status(), 503);
    assert_eq!(api.code(), Some("ServiceUnavailable"));
    assert_eq!(api.request_id(), Some("req-last"));
    assert_eq!(
        serde_json::from_slice::<Value>(api.raw_body()).unwrap(),
        body
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_non_retryable_status_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(api_error(404, "NotFound"))
        .expect(1)
        .mount(&server)
        .await;
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.api().and_then(|a| a.code()), Some("NotFound"));
    assert!(!error.is_retryable());
}

// ---------------------------------------------------------------------------------------
// POST retries and idempotency.

#[tokio::test]
async fn a_post_is_retried_with_the_same_key_and_identical_bytes() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    script(
        &server,
        "POST",
        &create_path(),
        api_error(503, "ServiceUnavailable"),
        2,
        ResponseTemplate::new(201).insert_header("location", location.as_str()),
    )
    .await;

    let created = bearer_client(server.uri())
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .send()
        .await
        .unwrap();
    assert_eq!(created.id().unwrap(), session());

    let seen = requests(&server, &create_path()).await;
    assert_eq!(seen.len(), 3);
    let key = header_of(&seen[0], "idempotency-key").expect("an automatic Idempotency-Key");
    Uuid::parse_str(key).expect("the automatic key is a UUID");
    for request in &seen {
        assert_eq!(header_of(request, "idempotency-key"), Some(key));
        assert_eq!(
            request.body, seen[0].body,
            "the body changed between attempts"
        );
    }
    assert_eq!(
        serde_json::from_slice::<Value>(&seen[0].body).unwrap(),
        json!({ "_links": { "exchange-partner": { "href": PLAID } } })
    );
}

#[tokio::test]
async fn each_post_call_gets_its_own_automatic_key() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).insert_header("location", location.as_str()))
        .expect(2)
        .mount(&server)
        .await;
    let client = bearer_client(server.uri());
    for _ in 0..2 {
        client
            .create_customer_exchange_session()
            .id(customer())
            .body(plaid_body())
            .send()
            .await
            .unwrap();
    }
    let seen = requests(&server, &create_path()).await;
    assert_ne!(
        header_of(&seen[0], "idempotency-key"),
        header_of(&seen[1], "idempotency-key")
    );
}

#[tokio::test]
async fn a_reset_post_is_resent_under_its_key() {
    let created = http_response(
        "201 Created",
        &format!("location: http://127.0.0.1/exchange-sessions/{SESSION}\r\n"),
        "",
    );
    let (uri, seen) = raw_server(vec![Fault::Reset, Fault::Answer], created).await;
    bearer_client(uri)
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .send()
        .await
        .unwrap();

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    let key = raw_header(&seen[0], "idempotency-key").expect("a key");
    assert_eq!(raw_header(&seen[1], "idempotency-key"), Some(key));
    assert_eq!(raw_body(&seen[0]), raw_body(&seen[1]));
}

#[tokio::test]
async fn without_automatic_keys_a_keyless_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(api_error(503, "ServiceUnavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(fast())
        .auto_idempotency_key(false)
        .build()
        .unwrap();
    let error = client
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let seen = requests(&server, &create_path()).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(header_of(&seen[0], "idempotency-key"), None);

    // A reset after the request was sent is not resent either: it may have been processed.
    let (uri, raw_seen) = raw_server(vec![Fault::Reset, Fault::Answer], String::new()).await;
    let client = Client::builder(Environment::Custom(uri))
        .bearer_token(TOKEN)
        .retry_policy(fast())
        .auto_idempotency_key(false)
        .build()
        .unwrap();
    let error = client
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(raw_seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_caller_supplied_key_is_used_as_is_and_enables_retries() {
    let server = MockServer::start().await;
    let location = format!("{}/exchange-sessions/{SESSION}", server.uri());
    Mock::given(method("POST"))
        .and(header("idempotency-key", "order-42-iav"))
        .respond_with(api_error(502, "BadGateway"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("idempotency-key", "order-42-iav"))
        .respond_with(ResponseTemplate::new(201).insert_header("location", location.as_str()))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(fast())
        .auto_idempotency_key(false)
        .build()
        .unwrap();
    client
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .idempotency_key("order-42-iav")
        .send()
        .await
        .unwrap();
    let seen = requests(&server, &create_path()).await;
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter()
            .all(|r| header_of(r, "idempotency-key") == Some("order-42-iav"))
    );
}

#[tokio::test]
async fn a_409_under_a_key_is_in_progress_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(api_error(409, "Conflict"))
        .expect(1)
        .mount(&server)
        .await;
    // 409 is among the retried statuses here: InProgress must win over the policy.
    let policy = fast().statuses([409, 429, 500, 502, 503, 504]);
    let error = bearer_client(server.uri())
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .idempotency_key("k-409")
        .retry(policy)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        requests(&server, &create_path()).await.len(),
        1,
        "a 409 under a key was retried: {error:?}"
    );
    let Error::InProgress {
        idempotency_key,
        response,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(idempotency_key, "k-409");
    assert_eq!(response.status(), 409);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn an_empty_or_unsendable_idempotency_key_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    // OAuth credentials: "before anything is sent" includes the token request.
    let client = oauth_client(&server);
    for key in [
        "",
        "line\nbreak",
        "tab\there",
        "nul\0",
        "del\x7f",
        "caf\u{e9}",
        " leading",
        "trailing ",
    ] {
        let per_call = client
            .create_customer_exchange_session()
            .id(customer())
            .body(plaid_body())
            .idempotency_key(key)
            .send()
            .await;
        let in_options = client
            .create_customer_exchange_session()
            .id(customer())
            .body(plaid_body())
            .options(RequestOptions::new().idempotency_key(key))
            .send()
            .await;
        // Not sent on a GET, and refused there too.
        let on_get = client
            .retrieve_customer_exchange_session()
            .id(session())
            .idempotency_key(key)
            .send()
            .await
            .map(drop);
        for result in [per_call.map(drop), in_options.map(drop), on_get] {
            let error = result.expect_err(key);
            assert!(
                matches!(error, Error::InvalidRequest(_)),
                "{key:?}: {error:?}"
            );
            assert!(!error.is_retryable());
        }
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// Tokens.

#[tokio::test]
async fn a_hundred_concurrent_calls_fetch_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok("tok-1", 3600).set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(retrieve_path()))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(hal(200, &session_json()))
        .expect(100)
        .mount(&server)
        .await;
    let client = oauth_client(&server);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .retrieve_customer_exchange_session()
                .id(session())
                .send()
                .await
                .map(|r| r.status())
        });
    }
    while let Some(result) = calls.join_next().await {
        assert_eq!(result.unwrap().unwrap(), 200);
    }
    assert_eq!(requests(&server, "/token").await.len(), 1);
}

#[tokio::test]
async fn the_token_request_is_client_credentials_with_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        // base64("id-1:secret-1")
        .and(header("authorization", "Basic aWQtMTpzZWNyZXQtMQ=="))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(token_ok("tok-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(hal(200, &session_json()))
        .expect(2)
        .mount(&server)
        .await;
    let client = oauth_client(&server);
    for _ in 0..2 {
        client
            .retrieve_customer_exchange_session()
            .id(session())
            .send()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_token_within_60_seconds_of_expiry_is_refreshed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok("short-lived", 60))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(hal(200, &session_json()))
        .expect(2)
        .mount(&server)
        .await;
    let client = oauth_client(&server);
    for _ in 0..2 {
        client
            .retrieve_customer_exchange_session()
            .id(session())
            .send()
            .await
            .unwrap();
    }
    assert_eq!(requests(&server, "/token").await.len(), 2);
}

#[tokio::test]
async fn an_expired_token_is_replayed_once_and_only_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok("tok", 3600))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(api_error(401, "ExpiredAccessToken"))
        .expect(2)
        .mount(&server)
        .await;
    // Bounded, so that replaying forever fails the test instead of hanging it.
    let client = oauth_client(&server);
    let call = client
        .retrieve_customer_exchange_session()
        .id(session())
        .send();
    let error = tokio::time::timeout(Duration::from_secs(5), call)
        .await
        .expect("replayed more than once")
        .unwrap_err();
    assert_eq!(
        error.api().map(|a| (a.status().as_u16(), a.code())),
        Some((401, Some("ExpiredAccessToken")))
    );
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 2);
    assert_eq!(requests(&server, "/token").await.len(), 2);
}

#[tokio::test]
async fn the_replay_uses_the_new_token_even_with_retries_off() {
    let server = MockServer::start().await;
    script(
        &server,
        "POST",
        "/token",
        token_ok("old-token", 3600),
        1,
        token_ok("new-token", 3600),
    )
    .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer old-token"))
        .respond_with(api_error(401, "InvalidAccessToken"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer new-token"))
        .respond_with(hal(200, &session_json()))
        .expect(1)
        .mount(&server)
        .await;
    let session = oauth_client(&server)
        .retrieve_customer_exchange_session()
        .id(session())
        .retry(RetryPolicy::none())
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 200);
}

#[tokio::test]
async fn a_static_bearer_token_is_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(api_error(401, "ExpiredAccessToken"))
        .expect(1)
        .mount(&server)
        .await;
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn invalid_client_is_an_auth_error_and_not_cached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({ "error": "invalid_client" })),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(hal(200, &session_json()))
        .expect(0)
        .mount(&server)
        .await;
    let client = oauth_client(&server);
    for _ in 0..2 {
        let error = client
            .retrieve_customer_exchange_session()
            .id(session())
            .send()
            .await
            .unwrap_err();
        let Error::Auth(auth) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(auth.error(), Some("invalid_client"));
        assert_eq!(auth.status().map(|s| s.as_u16()), Some(401));
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn calls_waiting_on_a_failed_token_fetch_share_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "error": "invalid_client" }))
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    let client = oauth_client(&server);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .retrieve_customer_exchange_session()
                .id(session())
                .send()
                .await
                .unwrap_err()
        });
    }
    while let Some(error) = calls.join_next().await {
        assert!(matches!(error.unwrap(), Error::Auth(_)));
    }
    assert_eq!(requests(&server, "/token").await.len(), 1);
    // A later call is not answered from the failure: it asks again.
    client
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server, "/token").await.len(), 2);
}

#[tokio::test]
async fn without_a_usable_expires_in_concurrent_calls_share_one_fetch_per_wave() {
    let zero = json!({ "access_token": "tok-0", "token_type": "Bearer", "expires_in": 0 });
    let missing = json!({ "access_token": "tok-0", "token_type": "Bearer" });
    for answer in [zero, missing] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            // Long enough for the whole wave to queue behind the first fetch.
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(&answer)
                    .set_delay(Duration::from_millis(300)),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("authorization", "Bearer tok-0"))
            .respond_with(hal(200, &session_json()))
            .mount(&server)
            .await;
        let client = oauth_client(&server);
        for wave in 1..=2 {
            let mut calls = tokio::task::JoinSet::new();
            for _ in 0..10 {
                let client = client.clone();
                calls.spawn(async move {
                    client
                        .retrieve_customer_exchange_session()
                        .id(session())
                        .send()
                        .await
                        .map(|r| r.status())
                });
            }
            while let Some(result) = calls.join_next().await {
                assert_eq!(result.unwrap().unwrap(), 200, "{answer}");
            }
            // One fetch per wave; the token is not cached past it.
            assert_eq!(requests(&server, "/token").await.len(), wave, "{answer}");
        }
    }
}

#[tokio::test]
async fn a_failing_token_endpoint_sees_one_attempt_sequence_per_wave() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(50)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(hal(200, &session_json()))
        .expect(0)
        .mount(&server)
        .await;
    // Waits much longer than a token request: calls retrying on their own would wake at
    // different times and each start a fetch.
    let client = Client::builder(Environment::Custom(server.uri()))
        .credentials(Credentials::client_credentials("id-1", "secret-1"))
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(200))
                .max_backoff(Duration::from_millis(400)),
        )
        .build()
        .unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .retrieve_customer_exchange_session()
                .id(session())
                .send()
                .await
                .unwrap_err()
        });
    }
    while let Some(error) = calls.join_next().await {
        let error = error.unwrap();
        let Error::Auth(auth) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(auth.status().map(|s| s.as_u16()), Some(503));
    }
    // The policy's 4 attempts, once, shared by all 100 calls.
    assert_eq!(requests(&server, "/token").await.len(), 4);
}

#[tokio::test]
async fn a_token_endpoint_503_is_retried_within_the_call() {
    let server = MockServer::start().await;
    script(
        &server,
        "POST",
        "/token",
        ResponseTemplate::new(503),
        1,
        token_ok("tok", 3600),
    )
    .await;
    Mock::given(method("POST"))
        .and(path(create_path()))
        .respond_with(ResponseTemplate::new(201).insert_header(
            "location",
            format!("{}/exchange-sessions/{SESSION}", server.uri()),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // Nothing was sent when the token failed, so even a keyless POST may go on.
    let client = Client::builder(Environment::Custom(server.uri()))
        .credentials(Credentials::client_credentials("id-1", "secret-1"))
        .retry_policy(fast())
        .auto_idempotency_key(false)
        .build()
        .unwrap();
    client
        .create_customer_exchange_session()
        .id(customer())
        .body(plaid_body())
        .send()
        .await
        .unwrap();
    assert_eq!(requests(&server, "/token").await.len(), 2);
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_retryable_auth_error() {
    let closed = ClosedPort::new();
    let client = Client::builder(Environment::Custom(closed.uri()))
        .credentials(Credentials::client_credentials("id-1", "secret-1"))
        .retry_policy(fast())
        .build()
        .unwrap();
    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("{error:?}")
    };
    assert!(auth.is_transport() && auth.status().is_none());
    assert!(error.is_retryable());
}

// ---------------------------------------------------------------------------------------
// Bad bodies: never a panic, always an error value with the bytes.

const BAD_BODIES: [(&str, &str); 4] = [
    ("", "text/plain"),
    (
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
    ),
    (r#"{"created": "2024-02-07T16:47:47Z", "_links": {"#, HAL),
    (
        r#"{"code": 5, "message": ["not", "a", "string"], "_links": 7}"#,
        HAL,
    ),
];

#[tokio::test]
async fn undecodable_success_bodies_keep_their_bytes() {
    for (body, content_type) in BAD_BODIES {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
            .expect(1)
            .mount(&server)
            .await;
        let error = bearer_client(server.uri())
            .retrieve_customer_exchange_session()
            .id(session())
            .send()
            .await
            .unwrap_err();
        let Error::InvalidResponse {
            body: raw,
            operation,
            status,
            ..
        } = &error
        else {
            panic!("{body:?}: {error:?}")
        };
        assert_eq!(raw.as_ref(), body.as_bytes());
        assert_eq!(*operation, "retrieveCustomerExchangeSession");
        assert_eq!(status.map(|s| s.as_u16()), Some(200), "{body:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        assert!(!error.is_retryable());
        assert!(!error.to_string().contains('\n'));
    }
}

#[tokio::test]
async fn undecodable_error_bodies_keep_their_bytes() {
    for status in [400u16, 401, 404, 500] {
        for (body, content_type) in BAD_BODIES {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
                .expect(1)
                .mount(&server)
                .await;
            let error = bearer_client(server.uri())
                .retrieve_customer_exchange_session()
                .id(session())
                .retry(RetryPolicy::none())
                .send()
                .await
                .unwrap_err();
            let api = error
                .api()
                .unwrap_or_else(|| panic!("{status} {body:?}: {error:?}"));
            assert_eq!(api.status(), status);
            assert_eq!(
                (api.code(), api.message(), api.errors().len()),
                (None, None, 0)
            );
            assert_eq!(api.raw_body().as_ref(), body.as_bytes());
            assert!(error.to_string().contains(&status.to_string()));
        }
    }
}

#[tokio::test]
async fn an_undocumented_success_status_is_an_invalid_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidResponse { status: Some(s), .. } if s == 204),
        "{error:?}"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_fail_without_a_retry_and_bodies_within_it_pass() {
    let server = MockServer::start().await;
    let body = session_json().to_string();
    let size = body.len() as u64;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, HAL))
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(fast())
        .max_body_size(size - 1)
        .build()
        .unwrap();

    // The client's limit.
    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { operation: "retrieveCustomerExchangeSession", limit, from_token_endpoint: false } if limit == size - 1),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains(&format!("{}-byte limit", size - 1)),
        "{error}"
    );
    assert!(!error.is_retryable());
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 1);

    // A call may raise it; a body of exactly the limit passes.
    let options = RequestOptions::new().max_body_size(size);
    client
        .retrieve_customer_exchange_session()
        .id(session())
        .options(options)
        .send()
        .await
        .unwrap();
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 2);
}

#[tokio::test]
async fn an_error_body_over_the_limit_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(api_error(503, "ServiceUnavailable"))
        .mount(&server)
        .await;
    let client = bearer_client(server.uri());
    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .options(RequestOptions::new().max_body_size(8))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                limit: 8,
                from_token_endpoint: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 1);
}

#[tokio::test]
async fn a_token_answer_over_the_clients_limit_is_body_too_large() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token_ok("tok", 3600))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(hal(200, &session_json()))
        .mount(&server)
        .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .credentials(Credentials::client_credentials("id-1", "secret-1"))
        .retry_policy(fast())
        .max_body_size(16)
        .build()
        .unwrap();
    // The per-call limit does not apply to the token: one fetch serves many calls.
    let options = RequestOptions::new().max_body_size(1 << 20);
    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .options(options)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                operation: "retrieveCustomerExchangeSession",
                limit: 16,
                from_token_endpoint: true
            }
        ),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("tok\""), "{error:?}");
    assert_eq!(requests(&server, "/token").await.len(), 1);
    assert!(requests(&server, &retrieve_path()).await.is_empty());
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/exchange-sessions/{SESSION}", elsewhere.uri()),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    assert!(
        elsewhere
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// Per-call overrides and timeouts.

#[tokio::test]
async fn a_per_call_policy_overrides_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(api_error(503, "ServiceUnavailable"))
        .mount(&server)
        .await;
    let client = bearer_client(server.uri());

    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 1);

    // The client's default (4 attempts) applies without an override.
    client
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 1 + 4);

    // And a per-call status list.
    client
        .retrieve_customer_exchange_session()
        .id(session())
        .retry(fast().statuses([429]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 1 + 4 + 1);
}

#[tokio::test]
async fn a_per_call_timeout_gives_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(hal(200, &session_json()).set_delay(Duration::from_secs(2)))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = bearer_client(server.uri())
        .retrieve_customer_exchange_session()
        .id(session())
        .timeout(Duration::from_millis(100))
        .retry(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn the_clients_timeout_applies_and_a_timed_out_attempt_is_retried() {
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        &retrieve_path(),
        hal(200, &session_json()).set_delay(Duration::from_secs(2)),
        1,
        hal(200, &session_json()),
    )
    .await;
    let client = Client::builder(Environment::Custom(server.uri()))
        .bearer_token(TOKEN)
        .retry_policy(fast())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let started = Instant::now();
    client
        .retrieve_customer_exchange_session()
        .id(session())
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 2);
}

#[tokio::test]
async fn per_call_headers_are_sent_and_reserved_ones_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-correlation-id", "abc-123"))
        .respond_with(hal(200, &session_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = bearer_client(server.uri());
    client
        .retrieve_customer_exchange_session()
        .id(session())
        .header(
            "x-correlation-id".parse().unwrap(),
            "abc-123".parse().unwrap(),
        )
        .send()
        .await
        .unwrap();
    let error = client
        .retrieve_customer_exchange_session()
        .id(session())
        .header(
            reqwest::header::AUTHORIZATION,
            "Bearer other".parse().unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(requests(&server, &retrieve_path()).await.len(), 1);
}
