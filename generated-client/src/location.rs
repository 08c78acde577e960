//! The typed answer to a `201 Created`: the new resource's `Location` and id.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::Url;
use uuid::Uuid;

use crate::error::LocationError;
use crate::types::ExchangeSession;
use crate::{Client, Error, ResponseValue};

/// A created exchange session. The call succeeded: the resource exists even when its
/// `Location` turns out to be unusable, so the accessors return errors instead of the call
/// failing (retrying it would create a second session).
#[derive(Debug)]
pub struct Created {
    response: ResponseValue<()>,
}

impl Created {
    pub(crate) fn from_response(response: ResponseValue<()>) -> Self {
        Self { response }
    }

    /// The HTTP status (`201`).
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// Dwolla's `X-Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.headers().get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The absolute URL of the new exchange session.
    pub fn location(&self) -> Result<Url, LocationError> {
        let value = self.headers().get(LOCATION).ok_or(LocationError::Missing)?;
        let text = value.to_str().map_err(|_| LocationError::Malformed(String::from_utf8_lossy(value.as_bytes()).into_owned()))?;
        let url = Url::parse(text).map_err(|_| LocationError::Malformed(text.to_string()))?;
        if url.cannot_be_a_base() {
            return Err(LocationError::Malformed(text.to_string()));
        }
        Ok(url)
    }

    /// The new exchange session's id: the last path segment of `Location`.
    pub fn id(&self) -> Result<Uuid, LocationError> {
        let url = self.location()?;
        url.path_segments()
            .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
            .and_then(|segment| Uuid::parse_str(segment).ok())
            .ok_or_else(|| LocationError::NoId(url.to_string()))
    }

    /// Retrieves the created session through `client`. The `Location` must be on the
    /// client's own scheme, host and port: credentials are never sent elsewhere.
    pub async fn retrieve(&self, client: &Client) -> Result<ResponseValue<ExchangeSession>, Error> {
        let location = self.location()?;
        let base = client.base_url();
        if location.origin() != base.origin() {
            return Err(LocationError::ForeignHost {
                location: location.to_string(),
                expected: base.origin().ascii_serialization(),
            }
            .into());
        }
        let id = self.id()?;
        client.retrieve_customer_exchange_session().id(id).send().await
    }
}
