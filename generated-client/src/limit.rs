//! The response body size limit: every body the client reads (success, error, token)
//! passes through [`limit_response`], which stops reading once the body passes the limit.

use std::error::Error as StdError;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::{Buf, Bytes, BytesMut};
use http_body::{Frame, SizeHint};
use reqwest::ResponseBuilderExt as _;

/// The default response body limit: 16 MiB, far above any answer of these operations
/// (a session or a connections list is a few KiB).
pub const DEFAULT_MAX_BODY_SIZE: u64 = 16 * 1024 * 1024;

/// What a limited body yields once it passes its limit. reqwest wraps it; [`exceeded`]
/// finds it again in the error's source chain.
#[derive(Debug)]
pub(crate) struct TooLarge {
    pub(crate) limit: u64,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response body larger than the {}-byte limit", self.limit)
    }
}

impl StdError for TooLarge {}

/// The limit a body passed, when `error` came from a limited body.
pub(crate) fn exceeded(error: &reqwest::Error) -> Option<u64> {
    let mut next: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(cause) = next {
        if let Some(too_large) = cause.downcast_ref::<TooLarge>() {
            return Some(too_large.limit);
        }
        next = cause.source();
    }
    None
}

/// `response` with a body that fails once more than `limit` bytes arrive. A
/// `Content-Length` over the limit fails at the first read, before any byte is read.
pub(crate) fn limit_response(response: reqwest::Response, limit: u64) -> reqwest::Response {
    let announced = response.content_length();
    // The usual answer: HTTP/1 reads no more than `Content-Length`, and HTTP/2 fails a
    // stream whose data runs past it, so the response needs no wrapper (nor its cost).
    if announced.is_some_and(|length| length <= limit) {
        return response;
    }
    let url = response.url().clone();
    let (mut parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
    // The conversion back drops the URL unless it rides in the extensions.
    if let Ok(carrier) = http::Response::builder().url(url).body(()) {
        parts.extensions.extend(carrier.into_parts().0.extensions);
    }
    let too_large = announced.is_some();
    let body = Limited {
        // Dropped at once: nothing of an announced oversized body is read.
        inner: (!too_large).then_some(body),
        remaining: limit,
        limit,
        exceeded: too_large,
        segment: BytesMut::new(),
        leftover: Bytes::new(),
        held: None,
    };
    reqwest::Response::from(http::Response::from_parts(parts, reqwest::Body::wrap(body)))
}

/// The size of the buffers a body of unknown length is copied into.
const SEGMENT: usize = 64 * 1024;

/// A body of unknown length that counts what passes through and errors past its limit.
///
/// It also copies the data into full segments: the connection hands out many small
/// slices of its read buffers, and keeping those would keep every buffer alive, unused
/// tails included, in a list that grows per slice. Every reader of these bodies collects
/// them whole, so holding a segment back until it is full delays nothing.
struct Limited {
    /// `None` at the end, or once the limit is passed: then the connection's body is
    /// dropped, not drained.
    inner: Option<reqwest::Body>,
    /// Bytes still allowed.
    remaining: u64,
    limit: u64,
    exceeded: bool,
    /// Counted bytes not yet handed on.
    segment: BytesMut,
    /// The part of the last chunk that is not yet in a segment.
    leftover: Bytes,
    /// A non-data frame (trailers), handed on after the data before it.
    held: Option<Frame<Bytes>>,
}

impl Limited {
    /// The segment as a frame, leaving an empty one.
    fn take_segment(&mut self) -> Frame<Bytes> {
        Frame::data(std::mem::take(&mut self.segment).freeze())
    }
}

impl http_body::Body for Limited {
    type Data = Bytes;
    type Error = Box<dyn StdError + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        loop {
            if this.exceeded {
                return Poll::Ready(Some(Err(Box::new(TooLarge { limit: this.limit }))));
            }
            if !this.leftover.is_empty() {
                if this.segment.capacity() == 0 {
                    // Never more than what may still arrive.
                    let allowed = usize::try_from(this.remaining)
                        .unwrap_or(usize::MAX)
                        .saturating_add(this.leftover.len());
                    let capacity = SEGMENT.min(allowed).max(1);
                    this.segment = BytesMut::with_capacity(capacity);
                }
                let room = this.segment.capacity() - this.segment.len();
                if room == 0 {
                    return Poll::Ready(Some(Ok(this.take_segment())));
                }
                let part = this.leftover.split_to(room.min(this.leftover.len()));
                this.segment.extend_from_slice(&part);
                continue;
            }
            if !this.segment.is_empty()
                && (this.segment.len() == this.segment.capacity()
                    || this.inner.is_none()
                    || this.held.is_some())
            {
                return Poll::Ready(Some(Ok(this.take_segment())));
            }
            if let Some(frame) = this.held.take() {
                return Poll::Ready(Some(Ok(frame)));
            }
            let Some(inner) = this.inner.as_mut() else {
                return Poll::Ready(None);
            };
            match ready!(Pin::new(inner).poll_frame(cx)) {
                None => this.inner = None,
                Some(Err(error)) => return Poll::Ready(Some(Err(Box::new(error)))),
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => {
                        let length = data.remaining() as u64;
                        if length > this.remaining {
                            // Stop reading, and free what was held back.
                            this.exceeded = true;
                            this.inner = None;
                            this.segment = BytesMut::new();
                            continue;
                        }
                        this.remaining -= length;
                        this.leftover = data;
                    }
                    Err(frame) => this.held = Some(frame),
                },
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        !self.exceeded
            && self.segment.is_empty()
            && self.leftover.is_empty()
            && self.held.is_none()
            && self
                .inner
                .as_ref()
                .is_none_or(|inner| inner.is_end_stream())
    }

    fn size_hint(&self) -> SizeHint {
        if self.exceeded {
            return SizeHint::default();
        }
        let buffered = (self.segment.len() + self.leftover.len()) as u64;
        let inner = self
            .inner
            .as_ref()
            .map(|inner| inner.size_hint())
            .unwrap_or_else(|| SizeHint::with_exact(0));
        let mut hint = SizeHint::new();
        hint.set_lower(inner.lower().saturating_add(buffered));
        if let Some(upper) = inner.upper() {
            hint.set_upper(upper.saturating_add(buffered));
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;

    /// A body made of the given chunks; `announced` is its exact size hint, as a
    /// `Content-Length` gives. Panics if read when it announced more than it holds.
    struct Chunks {
        chunks: VecDeque<Bytes>,
        announced: Option<u64>,
        overstated: bool,
    }

    impl http_body::Body for Chunks {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            assert!(!self.overstated, "an oversized body was read");
            Poll::Ready(self.chunks.pop_front().map(|chunk| Ok(Frame::data(chunk))))
        }

        fn size_hint(&self) -> SizeHint {
            self.announced.map(SizeHint::with_exact).unwrap_or_default()
        }
    }

    fn response(chunks: Vec<Bytes>, announced: Option<u64>) -> reqwest::Response {
        let held: u64 = chunks.iter().map(|c| c.len() as u64).sum();
        let overstated = announced.is_some_and(|length| length > held);
        let body = reqwest::Body::wrap(Chunks {
            chunks: chunks.into(),
            announced,
            overstated,
        });
        reqwest::Response::from(http::Response::new(body))
    }

    fn pattern(length: usize) -> Bytes {
        (0..length)
            .map(|i| (i % 251) as u8)
            .collect::<Vec<_>>()
            .into()
    }

    #[tokio::test]
    async fn small_and_large_chunks_arrive_whole_up_to_the_limit() {
        let whole = pattern(300_000);
        // Many small slices, one slice larger than a segment, and odd sizes around them.
        let mut chunks: Vec<Bytes> = (0..1000)
            .map(|i| whole.slice(i * 100..(i + 1) * 100))
            .collect();
        chunks.push(whole.slice(100_000..290_000));
        chunks.push(whole.slice(290_000..300_000));
        let limit = whole.len() as u64;
        let read = limit_response(response(chunks.clone(), None), limit)
            .bytes()
            .await
            .unwrap();
        assert_eq!(read, whole);

        let error = limit_response(response(chunks, None), limit - 1)
            .bytes()
            .await
            .unwrap_err();
        assert_eq!(exceeded(&error), Some(limit - 1));
    }

    #[tokio::test]
    async fn a_known_length_is_checked_before_reading() {
        let whole = pattern(1000);
        let chunks = vec![whole.slice(..10), whole.slice(10..)];
        let limited = limit_response(response(chunks.clone(), Some(1000)), 1000);
        assert_eq!(limited.content_length(), Some(1000));
        assert_eq!(limited.bytes().await.unwrap(), whole);

        // `Chunks` panics if read: the announced length alone fails it.
        let error = limit_response(response(chunks, Some(5000)), 999)
            .bytes()
            .await
            .unwrap_err();
        assert_eq!(exceeded(&error), Some(999));
    }

    #[tokio::test]
    async fn the_url_survives_and_other_errors_are_not_too_large() {
        let error = reqwest::Client::new()
            .get("http://127.0.0.1:1/")
            .send()
            .await
            .unwrap_err();
        assert_eq!(exceeded(&error), None);
        let url = reqwest::Url::parse("http://127.0.0.1/x").unwrap();
        // Unknown length: the response is rebuilt around a limited body.
        let body = reqwest::Body::wrap(Chunks {
            chunks: vec![pattern(3)].into(),
            announced: None,
            overstated: false,
        });
        let original = reqwest::Response::from(
            http::Response::builder()
                .url(url.clone())
                .body(body)
                .unwrap(),
        );
        let limited = limit_response(original, 10);
        assert_eq!(limited.url(), &url);
        assert_eq!(limited.bytes().await.unwrap(), pattern(3));
    }
}
