//! The `pages()` and `items()` generated for `tests/corpus/valid/hal_lists.yaml`, against a
//! real HTTP server on loopback. `scripts/check-corpus.sh` copies this file into that
//! document's client as `tests/loopback.rs`, with `common/`, and runs it.

mod common;

use common::{Request, Server};
use dwolla_exchange_sessions::{CallOptions as _, Error};
use futures_util::StreamExt as _;
use reqwest::header::{HeaderName, HeaderValue};

/// The `offset` in a request target, 0 when absent.
fn offset(target: &str) -> usize {
    target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("offset="))
        .map_or(0, |o| o.parse().expect("an integer offset"))
}

/// Five customers, two to a page, `_links.next` (absolute) on every page but the last.
fn customers(base: &str, request: &Request) -> (u16, String) {
    let target = request.target.as_str();
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
    let requests = server.requests();
    assert!(requests.iter().all(|r| r.header("x-page-tag") == Some("mine")));
}

/// Five events, two to a page by `offset`, with `total` and no links.
fn events(_: &str, request: &Request) -> (u16, String) {
    let target = request.target.as_str();
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
fn repeating(base: &str, request: &Request) -> (u16, String) {
    let target = request.target.as_str();
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
fn failing(base: &str, request: &Request) -> (u16, String) {
    if offset(&request.target) == 0 {
        customers(base, request)
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
