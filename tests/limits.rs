//! What an oversized answer costs: a raw server on loopback offers 2 GB (close-delimited,
//! chunked, or announced by `Content-Length`) as a success body, an error body and a token
//! answer. A counting global allocator measures the heap the client grows while it reads,
//! which must stay within the body limit plus 1 MiB. Another server tries to send 256 MiB
//! and reports how far it got: the client must close the connection, not drain it. No test
//! here is timed.
//!
//! The server runs on a thread of its own, so it writes as fast as loopback takes it. The
//! client runs on a current-thread runtime: on a multi-thread one, hyper's connection task
//! reads the next chunk while the body is still copying the last, so a second read buffer
//! (up to ~0.4 MiB) can be alive at the peak; that is hyper's, not the limit's, and it
//! depends on thread timing.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dwolla_exchange_sessions::{
    Client, Credentials, DEFAULT_MAX_BODY_SIZE, Environment, Error, RequestOptions, RetryPolicy,
};
use peak_alloc::PeakAlloc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// The tests share one heap counter, so they run one at a time (`cargo test` runs a
/// binary's tests on threads of one process; nextest gives each its own).
static SERIAL: Mutex<()> = Mutex::new(());

fn serially(test: impl std::future::Future<Output = ()>) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test);
}

const GIB: u64 = 1024 * 1024 * 1024;
const MIB: usize = 1024 * 1024;
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";

/// How the server frames its 2 GB body.
#[derive(Clone, Copy, Debug)]
enum Framing {
    /// No length: the body ends when the connection closes.
    Close,
    /// `Transfer-Encoding: chunked`, 64 KiB chunks.
    Chunked,
    /// `Content-Length: 2147483648`, then a body that never comes: a client that waited
    /// for it would time out instead of failing on the header.
    AnnouncedThenStalled,
}

/// A server whose every answer is `status` with a 2 GB body framed as `framing`. Returns
/// the base URL and a count of the requests it read. It stops writing when the client
/// hangs up, and after 2 GB or 60 s at most.
async fn flood_server(status: &'static str, framing: Framing) -> (String, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            // Bounded: the server stops by itself whatever the client does.
            let serve = async {
                while let Ok((stream, _)) = listener.accept().await {
                    counted.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(flood(stream, status, framing));
                }
            };
            let _ = tokio::time::timeout(Duration::from_secs(60), serve).await;
        });
    });
    (uri, requests)
}

async fn flood(mut stream: TcpStream, status: &str, framing: Framing) {
    static CHUNK: [u8; 64 * 1024] = [b' '; 64 * 1024];
    read_head(&mut stream).await;
    let framing_header = match framing {
        Framing::Close => "connection: close\r\n".to_string(),
        Framing::Chunked => "transfer-encoding: chunked\r\n".to_string(),
        Framing::AnnouncedThenStalled => format!("content-length: {}\r\n", 2 * GIB),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/vnd.dwolla.v1.hal+json\r\n{framing_header}\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    if let Framing::AnnouncedThenStalled = framing {
        tokio::time::sleep(Duration::from_secs(30)).await;
        return;
    }
    let chunk_head = format!("{:x}\r\n", CHUNK.len());
    let mut sent = 0u64;
    while sent < 2 * GIB {
        let written = match framing {
            Framing::Chunked => {
                let parts = [chunk_head.as_bytes(), &CHUNK[..], b"\r\n"];
                let mut ok = true;
                for part in parts {
                    ok = ok && stream.write_all(part).await.is_ok();
                }
                ok
            }
            _ => stream.write_all(&CHUNK).await.is_ok(),
        };
        if !written {
            return;
        }
        sent += CHUNK.len() as u64;
    }
}

async fn read_head(stream: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&byte[..n]),
        }
    }
    // The token request has a small form body; it is not needed.
}

fn client(uri: String, credentials: Credentials) -> Client {
    Client::builder(Environment::Custom(uri))
        .credentials(credentials)
        // Retries would hide a retried oversized answer behind a count of 1 per attempt;
        // the request counts below show there is none.
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// Runs `call` and returns its error and the most heap it grew above where it started.
async fn measure<F: std::future::Future<Output = Result<(), Error>>>(call: F) -> (Error, usize) {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let error = call
        .await
        .expect_err("the oversized answer must fail the call");
    let grown = HEAP.peak_usage().saturating_sub(before);
    (error, grown)
}

fn assert_bounded(what: &str, grown: usize, limit: u64) {
    let bound = limit as usize + MIB;
    eprintln!("{what}: heap grew by at most {grown} bytes (bound {bound})");
    assert!(
        grown <= bound,
        "{what}: heap grew by {grown} bytes, more than the limit plus 1 MiB ({bound})"
    );
}

async fn retrieve(client: &Client, options: RequestOptions) -> Result<(), Error> {
    let id = Uuid::parse_str(SESSION).unwrap();
    client
        .retrieve_customer_exchange_session()
        .id(id)
        .options(options)
        .send()
        .await
        .map(drop)
}

#[test]
fn a_2gb_success_body_costs_at_most_the_limit_plus_1_mib() {
    serially(async {
        for framing in [Framing::Close, Framing::Chunked] {
            let (uri, requests) = flood_server("200 OK", framing).await;
            let client = client(uri, Credentials::bearer("token"));
            let (error, grown) = measure(retrieve(&client, RequestOptions::new())).await;
            assert!(
                matches!(
                    error,
                    Error::BodyTooLarge {
                        operation: "retrieveCustomerExchangeSession",
                        limit: DEFAULT_MAX_BODY_SIZE,
                        from_token_endpoint: false
                    }
                ),
                "{framing:?}: {error:?}"
            );
            assert!(
                error
                    .to_string()
                    .contains(&DEFAULT_MAX_BODY_SIZE.to_string()),
                "{error}"
            );
            assert!(!error.is_retryable());
            assert_eq!(
                requests.load(Ordering::SeqCst),
                1,
                "{framing:?}: an oversized answer is not retried"
            );
            assert_bounded(&format!("200, {framing:?}"), grown, DEFAULT_MAX_BODY_SIZE);
        }
    });
}

#[test]
fn a_2gb_error_body_costs_at_most_the_limit_plus_1_mib() {
    serially(async {
        // 503 is retried by default: the oversized body must stop that too.
        for framing in [Framing::Close, Framing::Chunked] {
            let (uri, requests) = flood_server("503 Service Unavailable", framing).await;
            let client = client(uri, Credentials::bearer("token"));
            let (error, grown) = measure(retrieve(&client, RequestOptions::new())).await;
            assert!(
                matches!(
                    error,
                    Error::BodyTooLarge {
                        from_token_endpoint: false,
                        ..
                    }
                ),
                "{framing:?}: {error:?}"
            );
            assert_eq!(
                requests.load(Ordering::SeqCst),
                1,
                "{framing:?}: an oversized answer is not retried"
            );
            assert_bounded(&format!("503, {framing:?}"), grown, DEFAULT_MAX_BODY_SIZE);
        }
    });
}

#[test]
fn a_2gb_token_answer_costs_at_most_the_limit_plus_1_mib() {
    serially(async {
        for (status, framing) in [
            ("200 OK", Framing::Close),
            ("200 OK", Framing::Chunked),
            ("503 Service Unavailable", Framing::Chunked),
        ] {
            let (uri, requests) = flood_server(status, framing).await;
            let client = client(uri, Credentials::client_credentials("id", "secret"));
            let (error, grown) = measure(retrieve(&client, RequestOptions::new())).await;
            assert!(
                matches!(
                    error,
                    Error::BodyTooLarge {
                        operation: "retrieveCustomerExchangeSession",
                        limit: DEFAULT_MAX_BODY_SIZE,
                        from_token_endpoint: true
                    }
                ),
                "{status} {framing:?}: {error:?}"
            );
            assert!(error.to_string().contains("token endpoint"), "{error}");
            // One token request, and the operation was never sent.
            assert_eq!(requests.load(Ordering::SeqCst), 1, "{status} {framing:?}");
            assert_bounded(
                &format!("token {status}, {framing:?}"),
                grown,
                DEFAULT_MAX_BODY_SIZE,
            );
        }
    });
}

#[test]
fn a_per_call_limit_overrides_the_clients_and_bounds_the_heap() {
    serially(async {
        const SMALL: u64 = 256 * 1024;
        let (uri, _) = flood_server("200 OK", Framing::Chunked).await;
        let client = client(uri, Credentials::bearer("token"));
        let (error, grown) = measure(retrieve(
            &client,
            RequestOptions::new().max_body_size(SMALL),
        ))
        .await;
        assert!(
            matches!(error, Error::BodyTooLarge { limit: SMALL, .. }),
            "{error:?}"
        );
        assert_bounded("200, chunked, 256 KiB per-call limit", grown, SMALL);
    });
}

#[test]
fn an_announced_content_length_over_the_limit_fails_before_reading() {
    serially(async {
        // The body never comes: reading it would end in a timeout, not in BodyTooLarge.
        for status in ["200 OK", "503 Service Unavailable"] {
            let (uri, requests) = flood_server(status, Framing::AnnouncedThenStalled).await;
            let client = client(uri, Credentials::bearer("token"));
            let options = RequestOptions::new().timeout(Duration::from_secs(5));
            let (error, _) = measure(retrieve(&client, options)).await;
            assert!(
                matches!(
                    error,
                    Error::BodyTooLarge {
                        limit: DEFAULT_MAX_BODY_SIZE,
                        ..
                    }
                ),
                "{status}: {error:?}"
            );
            assert_eq!(requests.load(Ordering::SeqCst), 1);
        }
        let (uri, requests) = flood_server("200 OK", Framing::AnnouncedThenStalled).await;
        let client = client(uri, Credentials::client_credentials("id", "secret"));
        let (error, _) = measure(retrieve(
            &client,
            RequestOptions::new().timeout(Duration::from_secs(5)),
        ))
        .await;
        assert!(
            matches!(
                error,
                Error::BodyTooLarge {
                    from_token_endpoint: true,
                    ..
                }
            ),
            "token: {error:?}"
        );
        assert_eq!(requests.load(Ordering::SeqCst), 1);
    });
}

/// How a server's attempt to send its whole body ended.
#[derive(Debug)]
enum Delivery {
    /// A write failed after `sent` body bytes: the client closed the connection.
    Cut { sent: u64 },
    /// Every byte went out: the client read the whole body, or drained it.
    Complete,
    /// No write went through for 10 s, after `sent` body bytes: the client kept the
    /// connection open without reading it.
    Stalled { sent: u64 },
    /// No request came within 60 s.
    NoRequest,
}

/// Far more than any limit the test sets, and than loopback's socket buffers hold.
const BODY: u64 = 256 * MIB as u64;

/// A server that answers one request with a `BODY`-byte body, announced by `Content-Length`
/// or chunked, and tries to send all of it; returns the base URL and how that ended.
fn one_body_server(announce_length: bool) -> (String, std::sync::mpsc::Receiver<Delivery>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let (report, delivery) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let outcome = runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            let accepted = tokio::time::timeout(Duration::from_secs(60), listener.accept()).await;
            let Ok(Ok((mut stream, _))) = accepted else {
                return Delivery::NoRequest;
            };
            read_head(&mut stream).await;
            send_body(&mut stream, announce_length).await
        });
        let _ = report.send(outcome);
    });
    (uri, delivery)
}

/// Writes `piece`; `Err` says how the client stopped it.
async fn put(stream: &mut TcpStream, piece: &[u8], sent: u64) -> Result<(), Delivery> {
    match tokio::time::timeout(Duration::from_secs(10), stream.write_all(piece)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(Delivery::Cut { sent }),
        Err(_) => Err(Delivery::Stalled { sent }),
    }
}

/// The head, then `BODY` bytes in 64 KiB pieces, until the client stops it.
async fn send_body(stream: &mut TcpStream, announce_length: bool) -> Delivery {
    static CHUNK: [u8; 64 * 1024] = [b' '; 64 * 1024];
    let framing = if announce_length {
        format!("content-length: {BODY}\r\n")
    } else {
        "transfer-encoding: chunked\r\n".to_string()
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.dwolla.v1.hal+json\r\n{framing}\r\n"
    );
    let chunk_head = format!("{:x}\r\n", CHUNK.len());
    let mut sent = 0u64;
    let result = async {
        put(stream, head.as_bytes(), sent).await?;
        while sent < BODY {
            if announce_length {
                put(stream, &CHUNK, sent).await?;
            } else {
                put(stream, chunk_head.as_bytes(), sent).await?;
                put(stream, &CHUNK, sent).await?;
                put(stream, b"\r\n", sent).await?;
            }
            sent += CHUNK.len() as u64;
        }
        if !announce_length {
            put(stream, b"0\r\n\r\n", sent).await?;
        }
        Ok(())
    }
    .await;
    result.err().unwrap_or(Delivery::Complete)
}

#[test]
fn an_oversized_body_is_dropped_not_drained() {
    serially(async {
        const LIMIT: u64 = 64 * 1024;
        for announce_length in [true, false] {
            let what = if announce_length {
                "Content-Length"
            } else {
                "chunked"
            };
            let (uri, delivery) = one_body_server(announce_length);
            let client = client(uri, Credentials::bearer("token"));
            let result = retrieve(&client, RequestOptions::new().max_body_size(LIMIT)).await;
            let delivery =
                tokio::task::spawn_blocking(move || delivery.recv_timeout(Duration::from_secs(90)))
                    .await
                    .unwrap()
                    .expect("the server reports how its body went");
            eprintln!("{what}: {delivery:?} of a {BODY}-byte body");
            // A client that read the rest, even only to discard it, would have let the
            // server send the whole body; one that held the connection, stalled it.
            match delivery {
                Delivery::Cut { sent } => {
                    assert!(sent < BODY, "{what}: cut only after {sent} bytes")
                }
                Delivery::Complete => panic!(
                    "{what}: the whole {BODY}-byte body was sent: the client read or drained it"
                ),
                Delivery::Stalled { sent } => panic!(
                    "{what}: the client kept the connection open, unread, after {sent} bytes"
                ),
                Delivery::NoRequest => panic!("{what}: no request came"),
            }
            let error = result.expect_err("the oversized answer must fail the call");
            assert!(
                matches!(error, Error::BodyTooLarge { limit: LIMIT, .. }),
                "{what}: {error:?}"
            );
        }
    });
}
