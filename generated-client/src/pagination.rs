//! How the generated `.pages()` and `.items()` of a list operation walk a HAL list. A
//! page's body has `_embedded.<name>: [items]`, maybe a `total`, and `_links.next.href`
//! when there is a next page; pages are addressed by the `offset` query parameter. The
//! generated code reads each page's count, `total` and `next`; this module decides what to
//! request next, and names no generated type.
//!
//! # The next offset
//!
//! The first request is the caller's own, unchanged. Its offset is the caller's `offset`
//! (0 when unset); each later request is the caller's request with only `offset` replaced.
//! After a page at offset `o` holding `count` items, the list ends when
//!
//! - the page is empty (`count == 0`);
//! - the body has a `total` and `o + count >= total`;
//! - the body's schema has `_links.next` and this page has none;
//! - the next offset would not be greater than `o` (a server that repeats a page or points
//!   `next` backwards), or `o + count` overflows;
//! - [`MAX_PAGES`] pages have been fetched.
//!
//! Otherwise the next offset is the `offset` query parameter of `_links.next.href`
//! (absolute, or relative to the API), or `o + count` when there is no `next`, or its
//! href has no `offset` that parses as an integer. Only the offset is taken from `next`:
//! its `limit` and filters are ignored, the caller's stay.
//!
//! An error (from any page) is yielded once and ends the list.

use std::pin::Pin;

use futures_core::Stream;
use futures_util::StreamExt as _;
use futures_util::stream;

use crate::{Error, ResponseValue};

/// The most pages one list fetches. The cap is for a server that sends `next` forever,
/// with advancing offsets and no `total`: the list ends silently after this many pages.
pub const MAX_PAGES: usize = 10_000;

/// What one page says about where the list goes next. The generated code makes it from
/// the page's body.
#[allow(dead_code, reason = "a document without list operations pages nothing")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    /// Items on this page.
    pub(crate) count: usize,
    /// The list's `total`, when the body has one.
    pub(crate) total: Option<u64>,
    /// `_links.next.href`, when the page has one.
    pub(crate) next: Option<&'a str>,
    /// Whether the body's schema has a `_links.next` at all: then its absence means the
    /// end.
    pub(crate) linked: bool,
}

/// Every page of a list, one request at a time. `start` is the offset the caller's
/// request asks for (0 when it sets none). `fetch(None)` sends the caller's request as
/// set; `fetch(Some(offset))` sends it with that offset. `cursor` reads a page.
#[allow(dead_code, reason = "a document without list operations pages nothing")]
pub(crate) fn pages<'a, P, F, Fut>(
    start: u64,
    fetch: F,
    cursor: fn(&P) -> Cursor<'_>,
) -> impl Stream<Item = Result<P, Error>> + 'a
where
    F: FnMut(Option<u64>) -> Fut + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error>> + 'a,
    P: 'a,
{
    pages_with_cap(start, fetch, cursor, MAX_PAGES)
}

/// Every item of every page of `pages`, in order: `split` takes a page's items out of its
/// body. Holds one page at a time.
#[allow(dead_code, reason = "a document without list operations pages nothing")]
pub(crate) fn items<'a, P, T>(
    pages: impl Stream<Item = Result<P, Error>> + 'a,
    split: fn(P) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error>> + 'a
where
    P: 'a,
    T: 'a,
{
    let pages: Pin<Box<_>> = Box::pin(pages);
    stream::unfold(
        (pages, Vec::new().into_iter()),
        move |(mut pages, mut page)| async move {
            loop {
                if let Some(item) = page.next() {
                    return Some((Ok(item), (pages, page)));
                }
                // Frees the spent page's buffer before the next one arrives.
                page = Vec::new().into_iter();
                match pages.next().await? {
                    Ok(body) => page = split(body).into_iter(),
                    Err(error) => return Some((Err(error), (pages, page))),
                }
            }
        },
    )
}

/// Where [`pages`] is between two requests.
struct Walk<F> {
    fetch: F,
    /// The next request's offset: `None` when the list has ended, `Some(None)` for the
    /// caller's own first request.
    next: Option<Option<u64>>,
    /// The offset of the page last asked for (the caller's, for the first).
    offset: u64,
    /// Pages left under the cap.
    left: usize,
}

/// [`pages`] with a cap other than [`MAX_PAGES`], for the tests.
fn pages_with_cap<'a, P, F, Fut>(
    start: u64,
    fetch: F,
    cursor: fn(&P) -> Cursor<'_>,
    cap: usize,
) -> impl Stream<Item = Result<P, Error>> + 'a
where
    F: FnMut(Option<u64>) -> Fut + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error>> + 'a,
    P: 'a,
{
    let walk = Walk {
        fetch,
        next: Some(None),
        offset: start,
        left: cap,
    };
    stream::unfold(walk, move |mut walk| async move {
        let request = walk.next.take()?;
        walk.left = walk.left.checked_sub(1)?;
        match (walk.fetch)(request).await {
            Ok(response) => {
                let page = response.into_inner();
                if let Some(offset) = advance(walk.offset, &cursor(&page)) {
                    walk.offset = offset;
                    walk.next = Some(Some(offset));
                }
                Some((Ok(page), walk))
            }
            // `next` is taken: the error is the last item.
            Err(error) => Some((Err(error), walk)),
        }
    })
}

/// The offset after a page at `offset`, or `None` when the list ends there (the rules in
/// the module docs).
fn advance(offset: u64, page: &Cursor<'_>) -> Option<u64> {
    let count = u64::try_from(page.count).ok()?;
    if count == 0 {
        return None;
    }
    let reached = offset.checked_add(count)?;
    if page.total.is_some_and(|total| reached >= total) {
        return None;
    }
    let next = match page.next {
        Some(href) => href_offset(href).unwrap_or(reached),
        None if page.linked => return None,
        None => reached,
    };
    (next > offset).then_some(next)
}

/// The `offset` query parameter of `href`, absolute or relative.
fn href_offset(href: &str) -> Option<u64> {
    // Any base will do: only the query is read, and an absolute href replaces it.
    let url = url::Url::parse("http://base.invalid/")
        .ok()?
        .join(href)
        .ok()?;
    let (_, offset) = url.query_pairs().find(|(name, _)| name == "offset")?;
    offset.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures_util::StreamExt as _;
    use serde::Deserialize;
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    use tokio::net::{TcpListener, TcpStream};

    use super::*;
    use crate::ApiError;

    // Counts every allocation of the test binary; only `one_page_at_a_time` reads it, in a
    // process of its own.
    #[global_allocator]
    static HEAP: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

    /// A page of the test list, shaped as Dwolla's.
    #[derive(Debug, Deserialize)]
    struct Page {
        #[serde(rename = "_embedded")]
        embedded: Embedded,
        #[serde(default)]
        total: Option<u64>,
        #[serde(rename = "_links", default)]
        links: Option<Links>,
    }

    #[derive(Debug, Deserialize)]
    struct Embedded {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    struct Links {
        #[serde(default)]
        next: Option<Link>,
    }

    #[derive(Debug, Deserialize)]
    struct Link {
        href: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: u64,
        name: String,
    }

    /// The cursor of a page whose schema has `_links.next`.
    fn linked(page: &Page) -> Cursor<'_> {
        Cursor {
            count: page.embedded.items.len(),
            total: page.total,
            next: page
                .links
                .as_ref()
                .and_then(|links| links.next.as_ref())
                .map(|next| next.href.as_str()),
            linked: true,
        }
    }

    /// The cursor of a page whose schema has no `_links`.
    fn unlinked(page: &Page) -> Cursor<'_> {
        Cursor {
            count: page.embedded.items.len(),
            total: page.total,
            next: None,
            linked: false,
        }
    }

    fn split(page: Page) -> Vec<Item> {
        page.embedded.items
    }

    /// One answer of the test server: a status and a body in pieces, each sent as one
    /// chunk, so that a large body is never whole in the server's memory.
    struct Reply {
        status: u16,
        body: Box<dyn Iterator<Item = String> + Send>,
    }

    impl Reply {
        fn json(value: serde_json::Value) -> Self {
            Self {
                status: 200,
                body: Box::new(std::iter::once(value.to_string())),
            }
        }
    }

    type Handler = dyn Fn(Option<u64>) -> Reply + Send + Sync;

    /// What the test `fetch` returns.
    type Fetched = Pin<Box<dyn Future<Output = Result<ResponseValue<Page>, Error>>>>;

    /// A loopback HTTP/1.1 server that answers every `GET` by calling its handler with the
    /// request's `offset`, and records the offsets asked for.
    struct Server {
        base: String,
        /// One client, so that every `fetch` shares its connection.
        http: reqwest::Client,
        requests: Arc<Mutex<Vec<Option<u64>>>>,
    }

    impl Server {
        async fn start(handler: impl Fn(Option<u64>) -> Reply + Send + Sync + 'static) -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}/customers", listener.local_addr().unwrap());
            let requests = Arc::new(Mutex::new(Vec::new()));
            let handler: Arc<Handler> = Arc::new(handler);
            let recorded = requests.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(serve(stream, handler.clone(), recorded.clone()));
                }
            });
            Self {
                base,
                http: reqwest::Client::new(),
                requests,
            }
        }

        fn requests(&self) -> Vec<Option<u64>> {
            self.requests.lock().unwrap().clone()
        }

        /// A `fetch` for the engine: `GET` with `?offset=`, the body decoded as a [`Page`].
        fn fetch(&self) -> impl FnMut(Option<u64>) -> Fetched + use<> {
            let http = self.http.clone();
            let base = self.base.clone();
            move |offset| {
                let mut request = http.get(&base).query(&[("limit", 2)]);
                if let Some(offset) = offset {
                    request = request.query(&[("offset", offset)]);
                }
                Box::pin(async move {
                    let response = request.send().await.map_err(|source| Error::Transport {
                        operation: "listCustomers",
                        attempts: 1,
                        source,
                    })?;
                    let status = response.status();
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map_err(|source| Error::Transport {
                        operation: "listCustomers",
                        attempts: 1,
                        source,
                    })?;
                    if !status.is_success() {
                        return Err(Error::Api(ApiError::new(
                            "listCustomers",
                            status,
                            headers,
                            body,
                        )));
                    }
                    let page =
                        serde_json::from_slice(&body).map_err(|e| Error::InvalidResponse {
                            operation: "listCustomers",
                            status: Some(status),
                            reason: e.to_string(),
                            body: body.clone(),
                        })?;
                    drop(body);
                    Ok(ResponseValue::new(page, status, headers))
                })
            }
        }
    }

    async fn serve(
        stream: TcpStream,
        handler: Arc<Handler>,
        requests: Arc<Mutex<Vec<Option<u64>>>>,
    ) {
        let mut stream = BufReader::new(stream);
        loop {
            let mut line = String::new();
            match stream.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let target = line.split(' ').nth(1).unwrap_or("/").to_string();
            // A GET has no body: the head ends at the first empty line.
            loop {
                let mut header = String::new();
                match stream.read_line(&mut header).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) if header == "\r\n" => break,
                    Ok(_) => {}
                }
            }
            let offset = href_offset(&target);
            requests.lock().unwrap().push(offset);
            let reply = handler(offset);
            let head = format!(
                "HTTP/1.1 {} X\r\ncontent-type: application/vnd.dwolla.v1.hal+json\r\n\
                 transfer-encoding: chunked\r\n\r\n",
                reply.status
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for piece in reply.body {
                let chunk = format!("{:x}\r\n{piece}\r\n", piece.len());
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            if stream.write_all(b"0\r\n\r\n").await.is_err() {
                return;
            }
        }
    }

    /// The page of `ids`, with the given `total` and `next` href.
    fn page(ids: std::ops::Range<u64>, total: Option<u64>, next: Option<String>) -> Reply {
        let items: Vec<_> = ids
            .map(|id| serde_json::json!({ "id": id, "name": format!("customer {id}") }))
            .collect();
        let mut body = serde_json::json!({ "_embedded": { "items": items } });
        if let Some(total) = total {
            body["total"] = total.into();
        }
        body["_links"] =
            serde_json::json!({ "self": { "href": "https://api.dwolla.com/customers" } });
        if let Some(next) = next {
            body["_links"]["next"] = serde_json::json!({ "href": next });
        }
        Reply::json(body)
    }

    fn ids(items: &[Result<Item, Error>]) -> Vec<u64> {
        items
            .iter()
            .map(|item| item.as_ref().expect("an item").id)
            .collect()
    }

    #[tokio::test]
    async fn three_pages_through_next_links() {
        // Absolute, relative, and a last page without `next`; no `total`.
        let server = Server::start(|offset| match offset {
            None => page(
                0..2,
                None,
                Some("https://api.dwolla.com/customers?limit=2&offset=2".into()),
            ),
            Some(2) => page(2..4, None, Some("/customers?offset=4&limit=2".into())),
            Some(4) => page(4..5, None, None),
            Some(other) => panic!("asked for offset {other}"),
        })
        .await;
        let items: Vec<_> = items(pages(0, server.fetch(), linked), split)
            .collect()
            .await;
        assert_eq!(ids(&items), [0, 1, 2, 3, 4]);
        assert_eq!(items[4].as_ref().unwrap().name, "customer 4");
        assert_eq!(server.requests(), [None, Some(2), Some(4)]);
    }

    #[tokio::test]
    async fn three_pages_through_offsets_stop_at_total() {
        // Would answer forever: only `total` ends the list.
        let server = Server::start(|offset| {
            let at = offset.unwrap_or(0);
            page(at..at + 2, Some(6), Some("ignored: not linked".into()))
        })
        .await;
        let pages: Vec<_> = pages(0, server.fetch(), unlinked).collect().await;
        let counts: Vec<_> = pages
            .iter()
            .map(|p| p.as_ref().unwrap().embedded.items.len())
            .collect();
        assert_eq!(counts, [2, 2, 2]);
        assert_eq!(server.requests(), [None, Some(2), Some(4)]);
    }

    #[tokio::test]
    async fn a_caller_offset_is_where_offsets_start() {
        let server = Server::start(|offset| {
            let at = offset.unwrap_or(10);
            page(at..(at + 2).min(13), Some(13), None)
        })
        .await;
        let items: Vec<_> = items(pages(10, server.fetch(), unlinked), split)
            .collect()
            .await;
        assert_eq!(ids(&items), [10, 11, 12]);
        assert_eq!(server.requests(), [None, Some(12)]);
    }

    #[tokio::test]
    async fn a_repeated_page_ends_the_list() {
        // Every answer is the first page, `next` included.
        let server = Server::start(|_| page(0..2, None, Some("/customers?offset=2".into()))).await;
        let items: Vec<_> = items(pages(0, server.fetch(), linked), split)
            .collect()
            .await;
        // The second request is for offset 2 and gets offset 0's page back; its `next`
        // (2 again) does not advance, so the list ends.
        assert_eq!(ids(&items), [0, 1, 0, 1]);
        assert_eq!(server.requests(), [None, Some(2)]);
    }

    #[tokio::test]
    async fn a_next_link_pointing_back_ends_the_list() {
        let server = Server::start(|offset| match offset {
            None => page(0..2, None, Some("/customers?offset=2".into())),
            _ => page(2..4, None, Some("/customers?offset=0".into())),
        })
        .await;
        let items: Vec<_> = items(pages(0, server.fetch(), linked), split)
            .collect()
            .await;
        assert_eq!(ids(&items), [0, 1, 2, 3]);
        assert_eq!(server.requests(), [None, Some(2)]);
    }

    #[tokio::test]
    async fn endless_next_links_end_at_the_cap() {
        let server = Server::start(|offset| {
            let at = offset.unwrap_or(0);
            page(
                at..at + 2,
                None,
                Some(format!("/customers?offset={}", at + 2)),
            )
        })
        .await;
        let pages: Vec<_> = pages_with_cap(0, server.fetch(), linked, 5).collect().await;
        assert_eq!(pages.len(), 5);
        assert!(pages.iter().all(Result::is_ok));
        assert_eq!(
            server.requests(),
            [None, Some(2), Some(4), Some(6), Some(8)]
        );
    }

    #[tokio::test]
    async fn an_empty_first_page_is_an_empty_list() {
        // Claims more, and links on: an empty page ends the list all the same.
        let server =
            Server::start(|_| page(0..0, Some(100), Some("/customers?offset=2".into()))).await;
        let items: Vec<_> = items(pages(0, server.fetch(), linked), split)
            .collect()
            .await;
        assert!(items.is_empty());
        assert_eq!(server.requests(), [None]);
    }

    #[tokio::test]
    async fn an_error_on_page_two_ends_the_list_after_it() {
        let server = Server::start(|offset| match offset {
            None => page(0..2, Some(6), Some("/customers?offset=2".into())),
            _ => Reply {
                status: 503,
                body: Box::new(std::iter::once(
                    r#"{"code":"ServerError","message":"try later"}"#.to_string(),
                )),
            },
        })
        .await;
        let mut items = Box::pin(items(pages(0, server.fetch(), linked), split));
        assert_eq!(items.next().await.unwrap().unwrap().id, 0);
        assert_eq!(items.next().await.unwrap().unwrap().id, 1);
        let error = items.next().await.unwrap().unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(error.api().and_then(ApiError::code), Some("ServerError"));
        assert!(items.next().await.is_none());
        assert_eq!(server.requests(), [None, Some(2)]);
    }

    #[tokio::test]
    async fn an_error_on_the_first_page_is_the_only_item() {
        let server = Server::start(|_| Reply::json(serde_json::json!({ "not": "a page" }))).await;
        let pages: Vec<_> = pages(0, server.fetch(), linked).collect().await;
        assert_eq!(pages.len(), 1);
        assert!(matches!(pages[0], Err(Error::InvalidResponse { .. })));
        assert_eq!(server.requests(), [None]);
    }

    #[test]
    fn next_offsets() {
        let cursor = |count, total, next, linked| Cursor {
            count,
            total,
            next,
            linked,
        };
        // The href's offset, absolute or relative, wins over `offset + count`.
        let absolute = Some("https://api.dwolla.com/customers?limit=25&offset=25");
        assert_eq!(advance(0, &cursor(25, None, absolute, true)), Some(25));
        assert_eq!(
            advance(0, &cursor(10, None, Some("?offset=30"), true)),
            Some(30)
        );
        // An href without a usable offset: `offset + count`.
        assert_eq!(
            advance(5, &cursor(10, None, Some("/customers?page=2"), true)),
            Some(15)
        );
        assert_eq!(
            advance(5, &cursor(10, None, Some("?offset=x"), true)),
            Some(15)
        );
        assert_eq!(
            advance(5, &cursor(10, None, Some("http://[::1"), true)),
            Some(15)
        );
        // Unlinked: `offset + count` until `total`.
        assert_eq!(advance(5, &cursor(10, Some(16), None, false)), Some(15));
        assert_eq!(advance(5, &cursor(10, Some(15), None, false)), None);
        assert_eq!(advance(5, &cursor(10, None, None, false)), Some(15));
        // The ends.
        assert_eq!(advance(5, &cursor(0, None, absolute, true)), None);
        assert_eq!(advance(0, &cursor(25, Some(25), absolute, true)), None);
        assert_eq!(advance(0, &cursor(25, None, None, true)), None);
        assert_eq!(advance(25, &cursor(25, None, absolute, true)), None);
        assert_eq!(advance(u64::MAX - 1, &cursor(2, None, None, false)), None);
    }

    #[test]
    fn the_streams_are_send_when_fetch_is() {
        fn send<T: Send>(_: &T) {}
        let fetch = |_: Option<u64>| async {
            Err::<ResponseValue<Page>, _>(Error::InvalidRequest("unused".into()))
        };
        send(&pages(0, fetch, linked));
        send(&items(pages(0, fetch, linked), split));
    }

    const PAGES: u64 = 1_000;
    const PER_PAGE: u64 = 100;
    const NAME: usize = 1_000;

    /// The peak heap of `items()` over 1,000 pages of 100 items with ~1 KB names,
    /// against one page's decoded size. The allocator counts the whole process, and this
    /// crate's other tests allocate too: so this test runs `heap_of_a_long_list` alone, in
    /// a process of its own, and checks it passed.
    #[test]
    fn one_page_at_a_time() {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "pagination::tests::heap_of_a_long_list"])
            .args(["--ignored", "--nocapture", "--test-threads=1"])
            .env("PAGINATION_HEAP_ALONE", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        println!("{stdout}{stderr}");
        assert!(output.status.success(), "the heap test failed");
        assert!(stdout.contains("1 passed"), "the heap test did not run");
    }

    /// Run by [`one_page_at_a_time`].
    #[test]
    #[ignore = "run by `one_page_at_a_time`, in a process of its own"]
    fn heap_of_a_long_list() {
        assert!(
            std::env::var_os("PAGINATION_HEAP_ALONE").is_some(),
            "other tests in this process would skew the heap counts"
        );
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(heap_of_a_long_list_in_runtime());
    }

    /// Items made on the fly, one small piece at a time.
    fn long_page(offset: Option<u64>) -> Reply {
        let at = offset.unwrap_or(0);
        let name = "n".repeat(NAME);
        let ids = at..(at + PER_PAGE).min(PAGES * PER_PAGE);
        let last = ids.end;
        let items = ids.map(move |id| {
            let comma = if id + 1 < last { "," } else { "" };
            format!(r#"{{"id":{id},"name":"{name}"}}{comma}"#)
        });
        let next = (last < PAGES * PER_PAGE)
            .then(|| format!(r#","_links":{{"next":{{"href":"/customers?offset={last}"}}}}"#));
        let body = std::iter::once(r#"{"_embedded":{"items":["#.to_string())
            .chain(items)
            .chain(std::iter::once(format!(
                "]}}{}}}",
                next.unwrap_or_default()
            )));
        Reply {
            status: 200,
            body: Box::new(body),
        }
    }

    /// The long list walked by hand, one page at a time: what `items()` is compared with.
    /// Returns the number of items.
    async fn by_hand(server: &Server) -> u64 {
        let mut fetch = server.fetch();
        let (mut offset, mut count) = (None, 0);
        loop {
            let page = fetch(offset).await.unwrap().into_inner();
            offset = linked(&page).next.and_then(href_offset);
            for item in split(page) {
                assert_eq!(item.id, count);
                count += 1;
            }
            if offset.is_none() {
                return count;
            }
        }
    }

    async fn heap_of_a_long_list_in_runtime() {
        let server = Server::start(long_page).await;

        // A page's decoded size (its items' buffer and names): the unit of the numbers.
        let one = server.fetch()(Some(0)).await.unwrap().into_inner();
        let first = &one.embedded.items;
        assert_eq!(first.len(), PER_PAGE as usize);
        let page_size = first.capacity() * size_of::<Item>()
            + first.iter().map(|item| item.name.capacity()).sum::<usize>();
        drop(one);
        // What one request costs at its peak, the engine aside: the body's chunks, their
        // contiguous copy and the decoded page.
        let idle = HEAP.current_usage();
        HEAP.reset_peak_usage();
        drop(server.fetch()(Some(0)).await.unwrap());
        let one_request = HEAP.peak_usage() - idle;

        // Once through, so that the connection's read buffer has grown as far as it will
        // and the server's log will not grow again.
        assert_eq!(by_hand(&server).await, PAGES * PER_PAGE);
        server.requests.lock().unwrap().clear();

        let idle = HEAP.current_usage();
        HEAP.reset_peak_usage();
        assert_eq!(by_hand(&server).await, PAGES * PER_PAGE);
        let hand_peak = HEAP.peak_usage() - idle;
        assert_eq!(server.requests().len(), PAGES as usize);
        server.requests.lock().unwrap().clear();

        let idle = HEAP.current_usage();
        HEAP.reset_peak_usage();
        let mut items = Box::pin(items(pages(0, server.fetch(), linked), split));
        let mut count = 0u64;
        while let Some(item) = items.next().await {
            let item = item.unwrap();
            assert_eq!(item.id, count);
            assert_eq!(item.name.len(), NAME);
            count += 1;
        }
        let peak = HEAP.peak_usage() - idle;
        assert_eq!(count, PAGES * PER_PAGE);
        assert_eq!(server.requests().len(), PAGES as usize);

        let whole = page_size * PAGES as usize;
        let pages = |bytes: usize| bytes as f64 / page_size as f64;
        println!(
            "one page decoded: {page_size} B; whole list: {whole} B; peak live heap: one \
             request {one_request} B ({:.2} pages), by hand {hand_peak} B ({:.2}), items() \
             {peak} B ({:.2})",
            pages(one_request),
            pages(hand_peak),
            pages(peak)
        );
        // No more than walking the pages by hand, give or take a tenth of a page.
        assert!(
            peak <= hand_peak + page_size / 10,
            "items() peaked at {peak} B, by hand {hand_peak} B"
        );
        assert!(
            peak < 4 * page_size,
            "{peak} B is over 4 pages of {page_size} B"
        );
        assert!(peak < whole / 100);
    }
}
