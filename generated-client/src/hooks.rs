//! What each attempt does around the generated request code: [`pre`] puts this call's
//! credentials, options and any body the runtime sends on the request, [`exec`] sends it
//! and bounds what its answer may cost, and [`json`], [`empty`] and [`stream`] make the
//! success value. The generated `raw_send` calls them with the attempt's
//! [`CallContext`]; they name no generated type.

use progenitor_client::{ByteStream, Error as RawError, ResponseValue};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName};

use crate::limit::limit_response;
use crate::runtime::CallContext;

#[allow(dead_code, reason = "a document without operations sends no request")]
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Headers the client owns; per-call extra headers may not replace them.
#[allow(dead_code, reason = "a document without operations sends no request")]
const RESERVED: [HeaderName; 4] = [AUTHORIZATION, ACCEPT, CONTENT_TYPE, IDEMPOTENCY_KEY];

/// Applies this call's settings to `request`. Fails, saying why, when a setting cannot go
/// on the wire; the caller reports that as an invalid request.
#[allow(dead_code, reason = "a document without operations sends no request")]
pub(crate) fn pre(call: &CallContext, request: &mut reqwest::Request) -> Result<(), String> {
    if call.keep_url {
        // Each attempt has a fresh context: this is its only request.
        let _ = call.request_url.set(request.url().clone());
    }
    if let Some(body) = &call.body {
        *request.body_mut() = Some(body.bytes.clone().into());
    }
    *request.timeout_mut() = Some(call.timeout);
    let headers = request.headers_mut();
    for (name, value) in &call.headers {
        if RESERVED.contains(name) {
            return Err(format!(
                "header `{name}` is set by the client and cannot be overridden per call"
            ));
        }
        headers.append(name.clone(), value.clone());
    }
    // `Accept`, and `Content-Type` for JSON and form bodies, come with the request (the
    // generated code puts the spec's on it); a body the runtime sends carries its own.
    if let Some(body) = &call.body {
        headers.insert(CONTENT_TYPE, body.content_type.clone());
    }
    // Made once per token (and marked sensitive), not per request.
    match &call.authorization {
        Some(value) => headers.insert(AUTHORIZATION, value.clone()),
        None => headers.remove(AUTHORIZATION),
    };
    if let Some(key) = &call.idempotency_key {
        headers.insert(IDEMPOTENCY_KEY, key.clone());
    }
    Ok(())
}

/// Sends `request` and returns the response with its body held to this call's size
/// limit. The status is kept in the call context: the decoding error drops it when a body
/// does not decode.
#[allow(dead_code, reason = "a document without operations sends no request")]
pub(crate) fn exec<'a>(
    http: &reqwest::Client,
    request: reqwest::Request,
    call: &'a CallContext,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
    // Made before the block, so that the request's future does not also hold the request.
    let pending = http.execute(request);
    async move {
        let response = pending.await?;
        let _ = call.status.set(response.status());
        Ok(limit_response(response, call.max_body_size))
    }
}

/// What progenitor's `ResponseValue::from_response` does, with the response's headers moved
/// into the value rather than copied.
#[allow(
    dead_code,
    reason = "called only by operations with a JSON success body"
)]
pub(crate) async fn json<T: serde::de::DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, RawError<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let full = response
        .bytes()
        .await
        .map_err(RawError::ResponseBodyError)?;
    let inner =
        serde_json::from_slice(&full).map_err(|e| RawError::InvalidResponsePayload(full, e))?;
    Ok(ResponseValue::new(inner, status, headers))
}

/// What progenitor's `ResponseValue::empty` does, with the headers moved.
#[allow(
    dead_code,
    reason = "called only by operations with a bodiless success"
)]
pub(crate) fn empty(mut response: reqwest::Response) -> ResponseValue<()> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    ResponseValue::new((), status, headers)
}

/// What progenitor's `ResponseValue::stream` does, with the headers moved.
#[allow(
    dead_code,
    reason = "called only by operations whose success body is a byte stream"
)]
pub(crate) fn stream(mut response: reqwest::Response) -> ResponseValue<ByteStream> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    ResponseValue::new(
        ByteStream::new(Box::pin(response.bytes_stream())),
        status,
        headers,
    )
}
