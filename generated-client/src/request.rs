//! What every generated `raw_send` shares: reading the builder's fields, making the URL,
//! putting a typed body on the request. [`crate::params`] writes the parameters' values.
//! Errors are progenitor-client's, which the runtime maps to [`crate::Error`].
#![allow(
    clippy::result_large_err,
    reason = "`raw_send` returns progenitor-client's error; these helpers are its steps"
)]

use std::fmt::Display;

use progenitor_client::Error;
use reqwest::RequestBuilder;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;

/// A required parameter's value: the one its setter converted, or why there is none.
#[allow(
    dead_code,
    reason = "called only by operations with a required parameter"
)]
pub(crate) fn required<'a, T, E>(
    field: &'a Option<Result<T, String>>,
    missing: &str,
) -> Result<&'a T, Error<E>> {
    match field {
        Some(Ok(value)) => Ok(value),
        Some(Err(message)) => Err(Error::InvalidRequest(message.clone())),
        None => Err(Error::InvalidRequest(missing.to_string())),
    }
}

/// An optional parameter's value, if set; an error if its setter could not convert it.
#[allow(
    dead_code,
    reason = "called only by operations with an optional parameter"
)]
pub(crate) fn optional<T, E>(field: &Option<Result<T, String>>) -> Result<Option<&T>, Error<E>> {
    match field {
        Some(Ok(value)) => Ok(Some(value)),
        Some(Err(message)) => Err(Error::InvalidRequest(message.clone())),
        None => Ok(None),
    }
}

/// The body a typify struct builder holds, built: an error names what is missing.
#[allow(
    dead_code,
    reason = "called only by operations whose body type has a builder"
)]
pub(crate) fn built<T, B, E>(body: &Result<B, String>) -> Result<T, Error<E>>
where
    B: Clone + TryInto<T>,
    B::Error: Display,
{
    match body {
        Ok(builder) => builder
            .clone()
            .try_into()
            .map_err(|e| Error::InvalidRequest(format!("the request body is incomplete: {e}"))),
        Err(message) => Err(Error::InvalidRequest(message.clone())),
    }
}

/// A typed body without a builder, if set; an error if it is required and unset.
#[allow(
    dead_code,
    reason = "called only by operations whose body type has no builder"
)]
pub(crate) fn typed<T, E>(
    body: &Option<Result<T, String>>,
    required: bool,
) -> Result<Option<&T>, Error<E>> {
    match body {
        Some(Ok(body)) => Ok(Some(body)),
        Some(Err(message)) => Err(Error::InvalidRequest(message.clone())),
        None if required => Err(Error::InvalidRequest(
            "the request body is required: call `.body(..)`".into(),
        )),
        None => Ok(None),
    }
}

/// The request URL from the base URL and the encoded path.
#[allow(dead_code, reason = "a document without operations sends no request")]
pub(crate) fn url<E>(text: &str) -> Result<url::Url, Error<E>> {
    url::Url::parse(text)
        .map_err(|e| Error::InvalidRequest(format!("the request URL is not valid: {e}")))
}

/// `body` as JSON with the document's media type (such as `application/vnd.x+json`).
#[allow(dead_code, reason = "called only by operations with a JSON body")]
pub(crate) fn json<T: Serialize + ?Sized, E>(
    request: RequestBuilder,
    body: Option<&T>,
    media: &'static str,
) -> Result<RequestBuilder, Error<E>> {
    let Some(body) = body else {
        return Ok(request);
    };
    let bytes = serde_json::to_vec(body).map_err(|e| {
        Error::InvalidRequest(format!("the request body cannot be written as JSON: {e}"))
    })?;
    Ok(request
        .header(CONTENT_TYPE, HeaderValue::from_static(media))
        .body(bytes))
}

/// `body` form-urlencoded.
#[allow(dead_code, reason = "called only by operations with a form body")]
pub(crate) fn form<T: Serialize + ?Sized, E>(
    request: RequestBuilder,
    body: Option<&T>,
    _media: &'static str,
) -> Result<RequestBuilder, Error<E>> {
    match body {
        // reqwest sets `application/x-www-form-urlencoded` itself.
        Some(body) => Ok(request.form(body)),
        None => Ok(request),
    }
}

/// The `Cookie` header of the cookie parameters: `name=value` pairs joined by `; `.
#[derive(Debug, Default)]
#[allow(dead_code, reason = "used only by operations with cookie parameters")]
pub(crate) struct Cookies {
    text: String,
}

#[allow(dead_code, reason = "used only by operations with cookie parameters")]
impl Cookies {
    /// Adds a cookie, unless `value` is `None`.
    pub(crate) fn push<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value).map_err(|e| {
            Error::InvalidRequest(format!("cookie `{name}` cannot be written: {e}"))
        })?;
        let text = match value {
            serde_json::Value::Null => return Ok(()),
            serde_json::Value::String(text) => text,
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => value.to_string(),
            _ => {
                return Err(Error::InvalidRequest(format!(
                    "cookie `{name}` must be a single value"
                )));
            }
        };
        if !self.text.is_empty() {
            self.text.push_str("; ");
        }
        self.text.push_str(name);
        self.text.push('=');
        self.text
            .extend(percent_encoding::utf8_percent_encode(&text, COOKIE_SET));
        Ok(())
    }

    /// The header's value, when a cookie was added.
    pub(crate) fn header(&self) -> Option<HeaderValue> {
        (!self.text.is_empty())
            .then(|| HeaderValue::from_str(&self.text).ok())
            .flatten()
    }
}

/// Characters a cookie value may not hold as they are.
#[allow(dead_code, reason = "used only by operations with cookie parameters")]
const COOKIE_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');
