//! Typed [wiremock] helpers for testing code that calls this API (the `mock` feature).
//!
//! Each operation has a function, named like the client's method, that starts an
//! [`OperationMock`] matching what the client sends: the method, the path (any value of
//! each path parameter), `Accept`, the `Content-Type` of a body, and a bearer token. A
//! request the spec would reject matches nothing, and wiremock answers `404`.
//!
//! Narrow the match with the operation's setters: one per path parameter, named like the
//! parameter, matches only that value; `body` (on operations with a JSON body) matches only
//! requests whose body equals it as JSON (an optional body the client leaves out is sent as
//! `{}`). [`OperationMock::and`] adds any other wiremock matcher.
//!
//! Then pick the answer, which is a [`wiremock::Mock`], so `.expect(n)`, `.mount(&server)`
//! and the rest work as usual:
//! - a success: the method named after a documented status (`ok`, `created`,
//!   `no_content`, ...; `status_2xx` for a range, which takes the status) takes the body the
//!   spec declares, typed as the client reads it (bytes for a body that is not JSON);
//! - an error: [`OperationMock::error`] takes the operation's error enum,
//!   `crate::operations::<Operation>Error`, the one its `from_api` decodes into, so the
//!   client reads back the value you gave. A status range (`Status4xx`) answers the first
//!   status of the range the operation does not list on its own, `default` (`Other`) one
//!   it does not list at all; [`OperationMock::error_with_status`] picks another;
//! - anything else, such as a status the spec does not document:
//!   [`OperationMock::respond_with`].
//!
//! An answer that carries a `Location` points it at the mock server itself, on the origin
//! the client used: at the path of the operation that reads the resource back when the spec
//! has one (its path variables are the answer method's arguments), else below the request's
//! path (plus the `id` argument). So `Created::location`, `Created::id` and `retrieve()`
//! behave as they do against the real API.
//!
//! [`examples`] holds the spec's examples as typed values.
//!
//! Everything here but the per-operation functions, setters, success answers, error
//! mappings and examples (which are generated from the spec into `mock/operations.rs`) is
//! hand-written, and names nothing from the spec.

use std::fmt::Display;
use std::marker::PhantomData;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use wiremock::{Match, Mock, MockBuilder, Request, Respond, ResponseTemplate};

// Generated from the spec: per operation its start function, marker, `ErrorAnswer` impl
// and `impl OperationMock`; and the `examples` module. The setters and markers are
// documented here, once.
#[allow(missing_docs)]
#[rustfmt::skip] // prettyplease formats it; `generator --check` keeps it so.
mod operations;

pub use operations::*;

mod webhooks;
pub use webhooks::sign_webhook;

/// A mock of one operation, as the client calls it. `Op` is the operation's marker in
/// [`markers`]: the generated setters and success answers are on
/// `OperationMock<markers::Operation>`.
#[must_use = "pick an answer method, then mount the mock"]
pub struct OperationMock<Op> {
    builder: MockBuilder,
    request_id: Option<String>,
    op: PhantomData<fn() -> Op>,
}

impl<Op> std::fmt::Debug for OperationMock<Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationMock")
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl<Op> OperationMock<Op> {
    /// Matches what the client sends for an operation: `route`'s method and a path matching
    /// its template (whose variables name what they match: `{uuid}` and `{int}` a whole
    /// segment, `{}` any text within one), exactly `accept` (when the operation answers with
    /// a body), a body only in `content_type` (compared without parameters such as
    /// `boundary`), and a bearer token.
    #[allow(dead_code, reason = "unused only when the spec has no operations")]
    pub(crate) fn new(
        route: &'static str,
        accept: Option<&'static str>,
        content_type: Option<&'static str>,
    ) -> Self {
        let (method, path) = route.split_once(' ').unwrap_or(("GET", route));
        let mut builder = Mock::given(wiremock::matchers::method(method))
            .and(wiremock::matchers::path_regex(path_regex(path)))
            .and(bearer_token);
        if let Some(accept) = accept {
            builder =
                builder.and(move |request: &Request| header(request, "accept") == Some(accept));
        }
        if let Some(media) = content_type {
            let expected = essence(media);
            builder = builder.and(move |request: &Request| {
                request.body.is_empty()
                    || header(request, "content-type").is_some_and(|v| essence(v) == expected)
            });
        }
        Self {
            builder,
            request_id: None,
            op: PhantomData,
        }
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

    /// Answers with one of the operation's documented errors: its status and its body, in
    /// the media type the spec declares (no body for a variant without one).
    pub fn error<E: ErrorAnswer<Operation = Op>>(self, error: E) -> Mock {
        self.answer(error.answer())
    }

    /// Answers with one of the operation's documented errors, with `status` instead of the
    /// one [`error`](Self::error) picks: for a status range or `default`. The client decodes
    /// the body by `status`, so pick one that `from_api` maps to the same variant.
    pub fn error_with_status<E: ErrorAnswer<Operation = Op>>(self, status: u16, error: E) -> Mock {
        self.answer(Answer {
            status,
            ..error.answer()
        })
    }

    /// Matches only requests whose path segment `index` (from 0, after the leading `/`)
    /// is `value` once percent-decoded.
    #[allow(dead_code, reason = "called only by operations with path parameters")]
    pub(crate) fn path_segment(self, index: usize, value: impl Display) -> Self {
        let value = value.to_string();
        self.and(move |request: &Request| {
            let segment = request
                .url
                .path_segments()
                .and_then(|mut segments| segments.nth(index));
            segment.is_some_and(|segment| {
                percent_decode_str(segment)
                    .decode_utf8()
                    .is_ok_and(|decoded| decoded == value)
            })
        })
    }

    /// Matches only requests whose body equals `body` as JSON.
    #[allow(dead_code, reason = "called only by operations with a JSON body")]
    pub(crate) fn json_body(self, body: impl serde::Serialize) -> Self {
        self.and(wiremock::matchers::body_json(body))
    }

    /// Answers with `answer`.
    pub(crate) fn answer(self, answer: Answer) -> Mock {
        let template = self.template(answer);
        self.builder.respond_with(template)
    }

    /// Answers with `answer` and a `Location` on the mock server: `template` (the path of
    /// the operation that reads the resource back) with its `{variables}` filled, in order,
    /// by `values`.
    #[allow(dead_code, reason = "called only by operations that create a resource")]
    pub(crate) fn answer_at(self, answer: Answer, template: &str, values: &[&dyn Display]) -> Mock {
        self.located(answer, Location::fill(template, values))
    }

    /// Answers with `answer` and a `Location` on the mock server: the request's path plus
    /// `id`, for a resource the spec has no operation to read back.
    #[allow(dead_code, reason = "called only by operations that create a resource")]
    pub(crate) fn answer_below(self, answer: Answer, id: &dyn Display) -> Mock {
        self.located(answer, Location::below_request(id))
    }

    fn located(self, answer: Answer, location: Location) -> Mock {
        let template = self.template(answer);
        self.builder
            .respond_with(WithLocation { template, location })
    }

    fn template(&self, answer: Answer) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(answer.status);
        if let Some(id) = &self.request_id {
            template = template.insert_header("x-request-id", id.as_str());
        }
        match answer.body {
            Some((media, bytes)) => template.set_body_raw(bytes, media),
            None => template,
        }
    }
}

/// An operation's error enum (`crate::operations::<Operation>Error`), which the mock of
/// `Operation` answers with through [`OperationMock::error`]. Implemented by the generated
/// code for every error enum.
pub trait ErrorAnswer {
    /// The operation's marker.
    type Operation;

    /// The status and body this error is answered with.
    fn answer(&self) -> Answer;
}

/// A status and a body, in the media type the spec declares for them.
#[derive(Debug, Clone)]
pub struct Answer {
    status: u16,
    body: Option<(&'static str, Vec<u8>)>,
}

impl Answer {
    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body and its media type, when there is one.
    pub fn body(&self) -> Option<(&'static str, &[u8])> {
        self.body
            .as_ref()
            .map(|(media, bytes)| (*media, bytes.as_slice()))
    }

    /// No body.
    #[allow(dead_code, reason = "used only by answers without a body")]
    pub(crate) fn empty(status: u16) -> Self {
        Self { status, body: None }
    }

    /// `value` as JSON, in the spec's media type.
    #[allow(dead_code, reason = "used only by answers with a JSON body")]
    pub(crate) fn json(status: u16, media: &'static str, value: &impl serde::Serialize) -> Self {
        let bytes = serde_json::to_vec(value).expect("generated types serialize to JSON");
        Self {
            status,
            body: Some((media, bytes)),
        }
    }

    /// Raw bytes, for a body the spec does not declare as JSON.
    #[allow(
        dead_code,
        reason = "used only by answers with a body that is not JSON"
    )]
    pub(crate) fn raw(status: u16, media: &'static str, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            body: Some((media, bytes.into())),
        }
    }
}

/// Where an answer's `Location` points, on the mock server.
enum Location {
    /// This path.
    Path(String),
    /// The request's own path, plus this (already encoded) segment.
    BelowRequest(String),
}

impl Location {
    /// `template` with its `{variables}` filled, in order, by `values` (percent-encoded).
    fn fill(template: &str, values: &[&dyn Display]) -> Self {
        let mut path = String::with_capacity(template.len());
        let mut values = values.iter();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
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
    fn below_request(id: &dyn Display) -> Self {
        Location::BelowRequest(utf8_percent_encode(&id.to_string(), SEGMENT).to_string())
    }
}

/// Characters escaped in a path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

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
            Location::BelowRequest(segment) => {
                format!("{}/{segment}", request.url.path().trim_end_matches('/'))
            }
        };
        self.template
            .clone()
            .insert_header("location", format!("{origin}{path}"))
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A media type without its parameters, lower-cased.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Matches when the request carries a bearer token.
fn bearer_token(request: &Request) -> bool {
    header(request, "authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| !token.is_empty())
}

/// Matches any UUID in a path segment.
const UUID: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// The regex of a path template from the generated code: `{uuid}` and `{int}` match their
/// type, any other `{..}` any text within a segment, and the rest itself.
fn path_regex(template: &str) -> String {
    let mut regex = String::from("^");
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((variable, after)) = after.split_once('}') else {
            break;
        };
        regex.push_str(&regex_escape(before));
        regex.push_str(match variable {
            "uuid" => UUID,
            "int" => "-?[0-9]+",
            _ => "[^/]+",
        });
        rest = after;
    }
    regex.push_str(&regex_escape(rest));
    regex.push('$');
    regex
}

/// Escapes regex metacharacters in literal path text.
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_type_their_variables_and_escape_the_rest() {
        assert_eq!(
            path_regex("/customers/{uuid}/exchange-sessions"),
            format!("^/customers/{UUID}/exchange-sessions$")
        );
        assert_eq!(path_regex("/files/{}.json"), "^/files/[^/]+\\.json$");
        assert_eq!(path_regex("/pets/{int}/{}"), "^/pets/-?[0-9]+/[^/]+$");
        assert_eq!(path_regex("/"), "^/$");
        assert_eq!(path_regex("/odd{"), "^/odd\\{$");
    }
}
