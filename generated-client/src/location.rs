//! The typed answer of an operation that creates a resource: its `Location`, its body, and
//! (through the generated `created` markers) a way to read the resource back.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::Url;
use uuid::Uuid;

use crate::error::LocationError;
use progenitor_client::ResponseValue;

use crate::Client;

/// What a creating operation returns: the success response, with the new resource's
/// `Location`. `T` is the response body (`()` when there is none); `Op` is the operation's
/// marker in [`crate::created`], which adds `retrieve()` when the spec has a `GET`
/// operation for the `Location`.
///
/// `retrieve()` follows the `Location` only on the client's own origin and below its base
/// path, and only when it matches the reading operation's path: credentials are never sent
/// elsewhere.
///
/// The call succeeded: the resource exists even when its `Location` turns out to be
/// unusable, so the accessors return errors instead of the call failing (retrying it
/// would create a second resource).
pub struct Created<T, Op> {
    response: ResponseValue<T>,
    /// The URL the request went to, against which a relative `Location` resolves.
    request_url: Option<Url>,
    op: PhantomData<fn() -> Op>,
}

impl<T: fmt::Debug, Op> fmt::Debug for Created<T, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Created")
            .field("status", &self.status())
            .field("location", &self.headers().get(LOCATION))
            .field("body", self.body())
            .finish()
    }
}

impl<T, Op> Created<T, Op> {
    pub(crate) fn new(response: ResponseValue<T>, request_url: Option<Url>) -> Self {
        Self {
            response,
            request_url,
            op: PhantomData,
        }
    }

    /// The HTTP status (usually `201`).
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The response body (`()` when the spec declares none).
    pub fn body(&self) -> &T {
        self.response.as_ref()
    }

    /// The whole response, body included.
    pub fn into_response(self) -> ResponseValue<T> {
        self.response
    }

    /// The `X-Request-ID` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The absolute URL of the new resource. A relative `Location` (RFC 9110 allows one)
    /// is resolved against the URL of the request that created the resource.
    pub fn location(&self) -> Result<Url, LocationError> {
        let value = self.headers().get(LOCATION).ok_or(LocationError::Missing)?;
        let text = value.to_str().map_err(|_| {
            LocationError::Malformed(String::from_utf8_lossy(value.as_bytes()).into_owned())
        })?;
        let url = match (Url::parse(text), &self.request_url) {
            (Ok(url), _) => url,
            (Err(url::ParseError::RelativeUrlWithoutBase), Some(base)) => base
                .join(text)
                .map_err(|_| LocationError::Malformed(text.to_string()))?,
            _ => return Err(LocationError::Malformed(text.to_string())),
        };
        if url.cannot_be_a_base() {
            return Err(LocationError::Malformed(text.to_string()));
        }
        Ok(url)
    }

    /// The new resource's id, as Dwolla names resources: the last path segment of
    /// `Location`, a UUID.
    pub fn id(&self) -> Result<Uuid, LocationError> {
        let url = self.location()?;
        url.path_segments()
            .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
            .and_then(|segment| Uuid::parse_str(segment).ok())
            .ok_or_else(|| LocationError::NoId(url.to_string()))
    }

    /// The values of `template`'s variables in the `Location`, which must be on `client`'s
    /// origin and below its base path: credentials are never sent elsewhere.
    #[allow(
        dead_code,
        reason = "called only by created values that can be read back"
    )]
    pub(crate) fn path_params<const N: usize>(
        &self,
        client: &Client,
        template: &str,
    ) -> Result<[String; N], LocationError> {
        let location = self.location()?;
        let base = client.base_url();
        if location.origin() != base.origin() {
            return Err(LocationError::ForeignHost {
                location: location.to_string(),
                expected: base.origin().ascii_serialization(),
            });
        }
        let unmatched = || LocationError::Unmatched {
            location: location.to_string(),
            template: template.to_string(),
        };
        let path = location
            .path()
            .strip_prefix(base.path().trim_end_matches('/'))
            .ok_or_else(unmatched)?;
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        if segments.len() != parts.len() {
            return Err(unmatched());
        }
        let mut values = Vec::with_capacity(N);
        for (part, segment) in parts.iter().zip(&segments) {
            if part.starts_with('{') && part.ends_with('}') {
                let value = percent_encoding::percent_decode_str(segment)
                    .decode_utf8()
                    .map_err(|_| unmatched())?
                    .into_owned();
                values.push(value);
            } else if part != segment {
                return Err(unmatched());
            }
        }
        values.try_into().map_err(|_| unmatched())
    }
}

/// Parses one path variable taken from a `Location` into its parameter's type.
#[allow(
    dead_code,
    reason = "called only by created values that can be read back"
)]
pub(crate) fn parse_param<T: FromStr>(value: &str, name: &str) -> Result<T, LocationError> {
    value.parse().map_err(|_| LocationError::InvalidParameter {
        name: name.to_string(),
        value: value.to_string(),
    })
}
