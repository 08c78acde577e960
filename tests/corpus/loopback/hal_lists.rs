//! The `pages()` and `items()` generated for `tests/corpus/valid/hal_lists.yaml`, against a
//! real HTTP server on loopback. `scripts/check-corpus.sh` copies this file into that
//! document's client as `tests/loopback.rs` and runs it.

use std::sync::{Arc, Mutex};

use dwolla_exchange_sessions::{CallOptions as _, Client, Environment, Error, RetryPolicy};
use futures_util::StreamExt as _;
use reqwest::header::{HeaderName, HeaderValue};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// A server answering each request's path and query with `(status, body)`, recording
/// each request's target and `x-page-tag` header.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<(String, Option<String>)>>>,
}

impl Server {
    async fn start(answer: fn(&str, &str) -> (u16, String)) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let base = format!("http://{}", listener.local_addr().expect("has an address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, origin) = (Arc::clone(&seen), base.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                        break;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let target = head.split(' ').nth(1).unwrap_or_default().to_string();
                let tag = head
                    .lines()
                    .find_map(|l| l.strip_prefix("x-page-tag: "))
                    .map(str::to_string);
                log.lock().expect("not poisoned").push((target.clone(), tag));
                let (status, body) = answer(&origin, &target);
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/vnd.dwolla.v1.hal+json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        });
        Self { base, seen }
    }

    fn client(&self) -> Client {
        Client::builder(Environment::Custom(self.base.clone()))
            .bearer_token("loopback-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("the client builds")
    }

    fn targets(&self) -> Vec<String> {
        let seen = self.seen.lock().expect("not poisoned");
        seen.iter().map(|(target, _)| target.clone()).collect()
    }
}

/// The `offset` in a request target, 0 when absent.
fn offset(target: &str) -> usize {
    target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("offset="))
        .map_or(0, |o| o.parse().expect("an integer offset"))
}

/// Five customers, two to a page, `_links.next` (absolute) on every page but the last.
fn customers(base: &str, target: &str) -> (u16, String) {
    let at = offset(target);
    let ids: Vec<String> = (at..5.min(at + 2)).map(|i| format!("\"c{i}\"")).collect();
    let items: Vec<String> = ids.iter().map(|id| format!("{{\"id\":{id}}}")).collect();
    let next = if at + 2 < 5 {
        format!(",\"next\":{{\"href\":\"{base}/customers?limit=2&offset={}\"}}", at + 2)
    } else {
        String::new()
    };
    let body = format!(
        "{{\"_links\":{{\"self\":{{\"href\":\"{base}{target}\"}}{next}}},\
         \"_embedded\":{{\"customers\":[{}]}}}}",
        items.join(",")
    );
    (200, body)
}

#[tokio::test]
async fn three_pages_through_next_links() {
    let server = Server::start(customers).await;
    let client = server.client();
    let ids: Vec<String> = client
        .list_customers()
        .limit(2)
        .header(
            HeaderName::from_static("x-page-tag"),
            HeaderValue::from_static("mine"),
        )
        .items()
        .map(|customer| customer.expect("each page reads").id)
        .collect()
        .await;
    assert_eq!(ids, ["c0", "c1", "c2", "c3", "c4"]);
    assert_eq!(
        server.targets(),
        [
            "/customers?limit=2",
            "/customers?limit=2&offset=2",
            "/customers?limit=2&offset=4"
        ]
    );
    // Every page is the caller's call, with its options.
    let seen = server.seen.lock().expect("not poisoned");
    assert!(seen.iter().all(|(_, tag)| tag.as_deref() == Some("mine")));
}

/// Five events, two to a page by `offset`, with `total` and no links.
fn events(_: &str, target: &str) -> (u16, String) {
    let at = offset(target);
    let items: Vec<String> = (at..5.min(at + 2))
        .map(|i| format!("{{\"id\":\"e{i}\",\"topic\":\"customer_created\"}}"))
        .collect();
    let body = format!(
        "{{\"_embedded\":{{\"events\":[{}]}},\"total\":5}}",
        items.join(",")
    );
    (200, body)
}

#[tokio::test]
async fn three_pages_through_offsets_end_at_total() {
    let server = Server::start(events).await;
    let pages: Vec<usize> = server
        .client()
        .list_events()
        .limit(2)
        .pages()
        .map(|page| page.expect("each page reads").embedded.events.len())
        .collect()
        .await;
    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(
        server.targets(),
        [
            "/events?limit=2",
            "/events?limit=2&offset=2",
            "/events?limit=2&offset=4"
        ]
    );
}

#[tokio::test]
async fn the_callers_offset_is_where_the_list_starts() {
    let server = Server::start(events).await;
    let ids: Vec<String> = server
        .client()
        .list_events()
        .limit(2)
        .offset(3)
        .items()
        .map(|event| event.expect("each page reads").id)
        .collect()
        .await;
    assert_eq!(ids, ["e3", "e4"]);
    assert_eq!(server.targets(), ["/events?limit=2&offset=3"]);
}

/// Transfers whose second page names itself as `next`, forever.
fn repeating(base: &str, target: &str) -> (u16, String) {
    let next = offset(target).max(2);
    let body = format!(
        "{{\"_links\":{{\"next\":{{\"href\":\"{base}/customers/c0/transfers?offset={next}\"}}}},\
         \"_embedded\":{{\"transfers\":[{{\"id\":\"t{}\"}},{{\"id\":\"t{}\"}}]}}}}",
        offset(target),
        offset(target) + 1
    );
    (200, body)
}

#[tokio::test]
async fn a_repeated_page_ends_the_list() {
    let server = Server::start(repeating).await;
    let ids: Vec<String> = server
        .client()
        .list_customer_transfers()
        .id("c0")
        .items()
        .map(|transfer| transfer.expect("each page reads").id)
        .collect()
        .await;
    assert_eq!(ids, ["t0", "t1", "t2", "t3"]);
    assert_eq!(
        server.targets(),
        ["/customers/c0/transfers", "/customers/c0/transfers?offset=2"]
    );
}

/// Customers whose second page is an error.
fn failing(base: &str, target: &str) -> (u16, String) {
    if offset(target) == 0 {
        customers(base, target)
    } else {
        (500, "{\"code\":\"ServerError\",\"message\":\"down\"}".to_string())
    }
}

#[tokio::test]
async fn an_error_is_the_last_item() {
    let server = Server::start(failing).await;
    let items: Vec<Result<_, Error>> = server
        .client()
        .list_customers()
        .limit(2)
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two customers, then the error");
    assert!(items[..2].iter().all(Result::is_ok));
    let Err(Error::Api(api)) = &items[2] else {
        panic!("the second page's 500 ends the list: {:?}", items[2]);
    };
    assert_eq!(api.status().as_u16(), 500);
}
