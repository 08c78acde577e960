//! Client overhead: the generated client against hand-written reqwest code sending the same
//! requests to a canned loopback server over one kept-alive connection.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dwolla_exchange_sessions::{Client, Environment, types};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName};
use uuid::Uuid;

use crate::stats::Samples;

/// Dwolla's media type.
pub const HAL: &str = "application/vnd.dwolla.v1.hal+json";
/// The bearer token both arms send.
pub const TOKEN: &str = "bench-token";
/// The session id in paths and `Location`.
pub const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
/// The customer id in paths.
pub const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";
/// The per-attempt timeout both arms set (the generated client's default).
pub const TIMEOUT: Duration = Duration::from_secs(30);
const PLAID: &str =
    "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// One request as the server saw it: method, path, sorted (name, value) headers.
type SeenRequest = (String, String, Vec<(String, String)>);

/// What the server saw; headers are captured only while `capture` is set.
#[derive(Default)]
pub struct Seen {
    /// Accepted TCP connections.
    pub connections: AtomicUsize,
    capture: AtomicBool,
    captured: Mutex<Vec<SeenRequest>>,
}

fn session_body(base: &str) -> String {
    serde_json::json!({
        "created": "2024-02-07T16:47:47Z",
        "externalProviderSessionToken": "link-sandbox-7b6c0c5e-3a2a-4b2e-9b8e-2f3c1d4e5f60",
        "_links": {
            "self": { "href": format!("{base}/exchange-sessions/{SESSION}"), "type": HAL, "resource-type": "exchange-session" },
            "exchange-partner": { "href": PLAID, "type": HAL, "resource-type": "exchange-partner" }
        }
    })
    .to_string()
}

/// Starts the canned server on its own thread and runtime; returns its base URL.
pub fn start_server(seen: Arc<Seen>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr: SocketAddr = listener.local_addr().expect("local addr");
    let base = format!("http://{addr}");
    let session = Bytes::from(session_body(&base));
    let location = format!("{base}/exchange-sessions/{SESSION}");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                stream.set_nodelay(true).ok();
                seen.connections.fetch_add(1, Ordering::Relaxed);
                let (seen, session, location) = (seen.clone(), session.clone(), location.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                        let (seen, session, location) =
                            (seen.clone(), session.clone(), location.clone());
                        async move {
                            Ok::<_, Infallible>(respond(request, &seen, session, &location).await)
                        }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
    });
    base
}

async fn respond(
    request: Request<Incoming>,
    seen: &Seen,
    session: Bytes,
    location: &str,
) -> Response<Full<Bytes>> {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    if seen.capture.load(Ordering::Relaxed) {
        let mut headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        headers.sort();
        seen.captured.lock().expect("not poisoned").push((
            method.to_string(),
            path.clone(),
            headers,
        ));
    }
    // Read the whole body, as a real server would.
    let _ = request.into_body().collect().await;
    let builder = Response::builder().header("x-request-id", "bench");
    let response = if method == hyper::Method::GET && path.starts_with("/exchange-sessions/") {
        builder
            .status(200)
            .header("content-type", HAL)
            .body(Full::new(session))
    } else if method == hyper::Method::POST && path.ends_with("/exchange-sessions") {
        builder
            .status(201)
            .header("location", location)
            .body(Full::new(Bytes::new()))
    } else {
        builder.status(404).body(Full::new(Bytes::new()))
    };
    response.expect("a valid response")
}

/// The body both arms POST.
pub fn create_body() -> types::CreateCustomerExchangeSession {
    types::CreateCustomerExchangeSession {
        links: types::CreateCustomerExchangeSessionLinks {
            exchange_partner: types::LinkHref { href: PLAID.into() },
            redirect_url: None,
        },
    }
}

/// The generated client on the shared HTTP client: default `RetryPolicy`, default
/// automatic `Idempotency-Key`.
pub fn generated_client(base: &str, http: &reqwest::Client) -> Client {
    Client::builder(Environment::Custom(base.to_string()))
        .bearer_token(TOKEN)
        .http_client(http.clone())
        .build()
        .expect("client builds")
}

/// `retrieveCustomerExchangeSession` through the generated client.
pub async fn generated_retrieve(client: &Client, id: Uuid) -> types::ExchangeSession {
    client
        .retrieve_customer_exchange_session()
        .id(id)
        .send()
        .await
        .expect("200")
        .into_inner()
}

/// `createCustomerExchangeSession` through the generated client; returns `Location`.
pub async fn generated_create(client: &Client, customer: Uuid) -> url::Url {
    let created = client
        .create_customer_exchange_session()
        .id(customer)
        .body(create_body())
        .send()
        .await
        .expect("201");
    created.location().expect("Location")
}

/// Hand-written errors: just enough to not panic in the measured path.
pub type HandError = Box<dyn std::error::Error + Send + Sync>;

/// `GET /exchange-sessions/{id}` by hand, decoding the same struct.
pub async fn hand_retrieve(
    http: &reqwest::Client,
    base: &str,
    id: Uuid,
) -> Result<types::ExchangeSession, HandError> {
    let response = http
        .get(format!("{base}/exchange-sessions/{id}"))
        .bearer_auth(TOKEN)
        .header(ACCEPT, HAL)
        .timeout(TIMEOUT)
        .send()
        .await?;
    if response.status() != 200 {
        return Err(format!("status {}", response.status()).into());
    }
    let body = response.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

/// `POST /customers/{id}/exchange-sessions` by hand, with a fresh `Idempotency-Key` like
/// the generated client's default; returns `Location`.
pub async fn hand_create(
    http: &reqwest::Client,
    base: &str,
    customer: Uuid,
) -> Result<url::Url, HandError> {
    let response = http
        .post(format!("{base}/customers/{customer}/exchange-sessions"))
        .bearer_auth(TOKEN)
        .header(ACCEPT, HAL)
        .header(CONTENT_TYPE, HAL)
        .header(IDEMPOTENCY_KEY, Uuid::new_v4().to_string())
        .timeout(TIMEOUT)
        .body(serde_json::to_vec(&create_body())?)
        .send()
        .await?;
    if response.status() != 201 {
        return Err(format!("status {}", response.status()).into());
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .ok_or("no Location")?
        .to_str()?;
    Ok(url::Url::parse(location)?)
}

/// Per-call latencies of each arm and operation, in call order: round `r` is samples
/// `r * calls_per_round .. (r + 1) * calls_per_round` of each.
#[derive(Debug, Default)]
pub struct Measured {
    /// Calls per arm and operation in one round.
    pub calls_per_round: usize,
    /// Generated client, retrieve.
    pub generated_get: Samples,
    /// Hand-written, retrieve.
    pub hand_get: Samples,
    /// Generated client, create.
    pub generated_post: Samples,
    /// Hand-written, create.
    pub hand_post: Samples,
    /// TCP connections the server accepted over the whole run (1 = one kept-alive connection).
    pub connections: usize,
    /// Request headers the server saw from each arm: (arm, method, sorted "name: value").
    pub headers: Vec<(String, String, Vec<String>)>,
}

/// The single-threaded runtime both arms run on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// One pooled, kept-alive connection, shared by both arms so they pay the same transport.
pub fn shared_http() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
        .build()
        .expect("http client")
}

/// Runs `rounds` rounds of `calls` calls per arm and operation (after one unrecorded
/// warm-up round). The arms alternate call by call (GET generated, GET hand-written, POST
/// generated, POST hand-written, then the other arm first on the next call), so that
/// whatever the machine does at any moment lands on both arms alike. A global tracing
/// subscriber at WARN must already be installed by the caller (see `benches/all.rs`), so
/// the client's INFO spans are filtered out.
pub fn run(rounds: usize, calls: usize, mut progress: impl FnMut(&str)) -> Measured {
    let seen = Arc::new(Seen::default());
    let base = start_server(seen.clone());
    runtime().block_on(async {
        let http = shared_http();
        let client = generated_client(&base, &http);
        let session: Uuid = SESSION.parse().expect("uuid");
        let customer: Uuid = CUSTOMER.parse().expect("uuid");

        // Check both arms send the same thing and get the same answer before timing.
        seen.capture.store(true, Ordering::Relaxed);
        let a = generated_retrieve(&client, session).await;
        let b = hand_retrieve(&http, &base, session)
            .await
            .expect("hand retrieve");
        assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "both arms decode the same session"
        );
        let a = generated_create(&client, customer).await;
        let b = hand_create(&http, &base, customer)
            .await
            .expect("hand create");
        assert_eq!(a, b, "both arms read the same Location");
        seen.capture.store(false, Ordering::Relaxed);
        let captured = std::mem::take(&mut *seen.captured.lock().expect("not poisoned"));
        let headers = captured
            .into_iter()
            .zip(["generated", "hand-written", "generated", "hand-written"])
            .map(|((method, _, headers), arm)| {
                let shown = headers
                    .into_iter()
                    .map(|(k, v)| {
                        if k == "idempotency-key" || k == "authorization" {
                            format!("{k}: <{}>", v.len())
                        } else {
                            format!("{k}: {v}")
                        }
                    })
                    .collect();
                (arm.to_string(), method, shown)
            })
            .collect();

        let mut result = Measured {
            calls_per_round: calls,
            headers,
            ..Measured::default()
        };
        let mut warm_up = Measured::default();
        for round in 0..=rounds {
            // Round 0 warms caches, the allocator and the connection; it is not recorded.
            let out = if round == 0 {
                &mut warm_up
            } else {
                &mut result
            };
            for call in 0..calls {
                let generated_first = (round + call) % 2 == 0;
                for first in [true, false] {
                    if first == generated_first {
                        let start = Instant::now();
                        std::hint::black_box(generated_retrieve(&client, session).await);
                        out.generated_get.push(start.elapsed());
                    } else {
                        let start = Instant::now();
                        std::hint::black_box(
                            hand_retrieve(&http, &base, session)
                                .await
                                .expect("hand retrieve"),
                        );
                        out.hand_get.push(start.elapsed());
                    }
                }
                for first in [true, false] {
                    if first == generated_first {
                        let start = Instant::now();
                        std::hint::black_box(generated_create(&client, customer).await);
                        out.generated_post.push(start.elapsed());
                    } else {
                        let start = Instant::now();
                        std::hint::black_box(
                            hand_create(&http, &base, customer)
                                .await
                                .expect("hand create"),
                        );
                        out.hand_post.push(start.elapsed());
                    }
                }
            }
            if round > 0 && (round % 10 == 0 || round == rounds) {
                progress(&format!("client round {round}/{rounds}"));
            }
        }
        result.connections = seen.connections.load(Ordering::Relaxed);
        result
    })
}
