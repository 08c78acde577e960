//! Typed [wiremock] helpers for testing code that calls this API (the `mock` feature).
//!
//! Each operation has a function, named like the client's method, that starts an
//! [`OperationMock`] matching what the client sends: the method, the path (any value of
//! each path parameter, or one you name with a setter), `Accept`, the `Content-Type` of a
//! body, and a bearer token. A request the spec would reject matches nothing, and wiremock
//! answers `404`.
//!
//! Narrow the match with the operation's setters or [`OperationMock::and`], then pick the
//! answer with a method named after a documented status (`ok`, `created`, `not_found`, ...;
//! `status_4xx` for a range, `default_response` for `default`). Each takes the body the spec
//! declares for that status: its generated type for JSON, bytes otherwise. The answer is a
//! [`wiremock::Mock`], so `.expect(n)`, `.mount(&server)` and the rest work as usual. For a
//! status the spec does not document, use [`OperationMock::respond_with`].
//!
//! An answer that carries a `Location` points it at the mock server itself, on the origin
//! the client used: at the path of the operation that reads the resource back when the spec
//! has one, else below the request's path. So `Created::location`, `Created::id` and
//! `retrieve()` behave as they do against the real API.
//!
//! [`examples`] holds the spec's examples as typed values.
//!
//! Everything here but the per-operation functions, setters, answers and examples (which
//! are generated from the spec into `mock/operations.rs`) is hand-written.

use std::fmt::Display;
use std::marker::PhantomData;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use wiremock::{Match, Mock, MockBuilder, Request, Respond, ResponseTemplate};

// Generated from the spec: one function, marker and `impl OperationMock` per operation,
// and the `examples` module.
mod operations;

pub use operations::*;

/// A mock of one operation, as the client calls it. `Op` is the operation's marker in
/// `mock::markers`: the generated setters and answer methods are on
/// `OperationMock<markers::Operation>`.
#[must_use = "pick an answer method, then mount the mock"]
pub struct OperationMock<Op> {
    builder: MockBuilder,
    request_id: Option<String>,
    op: PhantomData<fn() -> Op>,
}

impl<Op> std::fmt::Debug for OperationMock<Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationMock").field("request_id", &self.request_id).finish_non_exhaustive()
    }
}

impl<Op> OperationMock<Op> {
    /// Matches what the client sends for an operation: `method`, a path matching
    /// `path_regex`, exactly `accept` (when the operation answers with a body), a body only
    /// in `content_type` (compared without parameters such as `boundary`), and a bearer
    /// token.
    #[allow(dead_code, reason = "unused only when the spec has no operations")]
    pub(crate) fn new(method: &'static str, path_regex: &'static str, accept: Option<&'static str>, content_type: Option<&'static str>) -> Self {
        let mut builder = Mock::given(wiremock::matchers::method(method)).and(wiremock::matchers::path_regex(path_regex)).and(bearer_token);
        if let Some(accept) = accept {
            builder = builder.and(move |request: &Request| header(request, "accept") == Some(accept));
        }
        if let Some(media) = content_type {
            let expected = essence(media);
            builder = builder.and(move |request: &Request| request.body.is_empty() || header(request, "content-type").is_some_and(|v| essence(v) == expected));
        }
        Self { builder, request_id: None, op: PhantomData }
    }

    /// Adds any other wiremock matcher, such as `wiremock::matchers::query_param`.
    pub fn and(mut self, matcher: impl Match + 'static) -> Self {
        self.builder = self.builder.and(matcher);
        self
    }

    /// Answers with this `X-Request-ID` header.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Answers with any response, such as a status the spec does not document.
    pub fn respond_with(self, responder: impl Respond + 'static) -> Mock {
        self.builder.respond_with(responder)
    }

    /// Matches only requests whose path segment `index` (from 0, after the leading `/`)
    /// is `value` once percent-decoded.
    #[allow(dead_code, reason = "called only by operations with path parameters")]
    pub(crate) fn path_segment(self, index: usize, value: impl Display) -> Self {
        let value = value.to_string();
        self.and(move |request: &Request| {
            let segment = request.url.path_segments().and_then(|mut segments| segments.nth(index));
            segment.is_some_and(|segment| percent_decode_str(segment).decode_utf8().is_ok_and(|decoded| decoded == value))
        })
    }

    /// Matches only requests whose body equals `body` as JSON.
    #[allow(dead_code, reason = "called only by operations with a JSON body")]
    pub(crate) fn json_body(self, body: impl serde::Serialize) -> Self {
        self.and(wiremock::matchers::body_json(body))
    }

    /// Answers with `status` and `body`.
    #[allow(dead_code, reason = "unused only when the spec documents no single status")]
    pub(crate) fn answer(self, status: u16, body: Body) -> Mock {
        let template = self.template(status, body);
        self.builder.respond_with(template)
    }

    /// Answers with `status`, `body` and a `Location` on the mock server.
    #[allow(dead_code, reason = "called only by operations that create a resource")]
    pub(crate) fn answer_at(self, status: u16, body: Body, location: Location) -> Mock {
        let template = self.template(status, body);
        self.builder.respond_with(WithLocation { template, location })
    }

    fn template(&self, status: u16, body: Body) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(status);
        if let Some(id) = &self.request_id {
            template = template.insert_header("x-request-id", id.as_str());
        }
        match body {
            Body::Empty => template,
            Body::Bytes { media, bytes } => template.set_body_raw(bytes, media),
        }
    }
}

/// The body of an answer.
#[allow(dead_code, reason = "which variants are built depends on the spec's answers")]
pub(crate) enum Body {
    /// No body.
    Empty,
    /// These bytes, in this media type.
    Bytes { media: &'static str, bytes: Vec<u8> },
}

impl Body {
    /// `value` as JSON, in the spec's media type.
    #[allow(dead_code, reason = "used only by answers with a JSON body")]
    pub(crate) fn json(media: &'static str, value: &impl serde::Serialize) -> Self {
        let bytes = serde_json::to_vec(value).expect("generated types serialize to JSON");
        Body::Bytes { media, bytes }
    }

    /// Raw bytes, for a body the spec does not declare as JSON.
    #[allow(dead_code, reason = "used only by answers with a non-JSON body")]
    pub(crate) fn raw(media: &'static str, bytes: impl Into<Vec<u8>>) -> Self {
        Body::Bytes { media, bytes: bytes.into() }
    }
}

/// Where an answer's `Location` points, on the mock server.
#[allow(dead_code, reason = "used only by operations that create a resource")]
pub(crate) enum Location {
    /// This path.
    Path(String),
    /// The request's own path, plus this (already encoded) segment.
    BelowRequest(String),
}

#[allow(dead_code, reason = "used only by operations that create a resource")]
impl Location {
    /// `template` with its `{variables}` filled, in order, by `values` (percent-encoded).
    pub(crate) fn fill(template: &str, values: &[&dyn Display]) -> Self {
        let mut path = String::with_capacity(template.len());
        let mut values = values.iter();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            if let Some(value) = values.next() {
                path.extend(utf8_percent_encode(&value.to_string(), SEGMENT));
            }
            rest = &rest[open + close + 1..];
        }
        path.push_str(rest);
        Location::Path(path)
    }

    /// The request's path plus `id` as one more segment: where a created resource lives
    /// when the spec has no operation that reads it back.
    pub(crate) fn below_request(id: &dyn Display) -> Self {
        Location::BelowRequest(utf8_percent_encode(&id.to_string(), SEGMENT).to_string())
    }
}

/// Characters escaped in a path segment.
const SEGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'/').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}');

/// Adds `Location` to an answer. The origin comes from the request's `Host`, so it is the
/// one the client used and `retrieve()` (which follows only its own origin) accepts it.
struct WithLocation {
    template: ResponseTemplate,
    location: Location,
}

impl Respond for WithLocation {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let origin = match header(request, "host") {
            Some(host) => format!("{}://{host}", request.url.scheme()),
            None => request.url.origin().ascii_serialization(),
        };
        let path = match &self.location {
            Location::Path(path) => path.clone(),
            Location::BelowRequest(segment) => format!("{}/{segment}", request.url.path().trim_end_matches('/')),
        };
        self.template.clone().insert_header("location", format!("{origin}{path}"))
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A media type without its parameters, lower-cased.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Matches when the request carries a bearer token.
fn bearer_token(request: &Request) -> bool {
    header(request, "authorization").and_then(|v| v.strip_prefix("Bearer ")).is_some_and(|token| !token.is_empty())
}
