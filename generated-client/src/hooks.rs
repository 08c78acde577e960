//! progenitor's hooks: [`pre`] puts the spec's real wire details and this call's options
//! on each attempt, [`exec`] sends it and bounds what its answer may cost. Both are free
//! functions that the generated client's `ClientHooks` impl calls, so this hand-written
//! code names no generated type.

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use secrecy::ExposeSecret;

use crate::limit::{DEFAULT_MAX_BODY_SIZE, limit_response};
use crate::runtime::{BoxFuture, CALL, CallContext, Credential};

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// progenitor sends the spec's `info.version` as `api-version`; Dwolla's API has no such
/// header.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");
/// Headers the client owns; per-call extra headers may not replace them.
const RESERVED: [HeaderName; 4] = [AUTHORIZATION, ACCEPT, CONTENT_TYPE, IDEMPOTENCY_KEY];

/// Applies this call's settings to `request`. Fails, saying why, when the request was
/// not made through the client's runtime (no call context) or a setting cannot go on the
/// wire; the caller reports that as an invalid request.
pub(crate) fn pre(request: &mut reqwest::Request) -> Result<(), String> {
    CALL.try_with(|call| apply(call, request))
        .map_err(|_| "requests must be sent through the client's runtime".to_string())
        .and_then(|applied| applied)
}

/// Sends `request` and returns the response with its body held to this call's size
/// limit. The status is kept in the call context: progenitor drops it when a body does
/// not decode.
pub(crate) fn exec(http: &reqwest::Client, request: reqwest::Request) -> BoxFuture<'_, reqwest::Result<reqwest::Response>> {
    Box::pin(async move {
        let response = http.execute(request).await?;
        let limit = CALL
            .try_with(|call| {
                call.status.set(Some(response.status()));
                call.max_body_size
            })
            .unwrap_or(DEFAULT_MAX_BODY_SIZE);
        Ok(limit_response(response, limit))
    })
}

fn apply(call: &CallContext, request: &mut reqwest::Request) -> Result<(), String> {
    call.record_url(request.url());
    if let Some(body) = &call.body {
        *request.body_mut() = Some(body.bytes.clone().into());
    }
    let has_body = request.body().is_some();
    *request.timeout_mut() = Some(call.timeout);
    let headers = request.headers_mut();
    headers.remove(API_VERSION);
    for (name, value) in &call.headers {
        if RESERVED.contains(name) {
            return Err(format!("header `{name}` is set by the client and cannot be overridden per call"));
        }
        headers.append(name.clone(), value.clone());
    }
    match call.operation.accept {
        Some(accept) => headers.insert(ACCEPT, HeaderValue::from_static(accept)),
        None => headers.remove(ACCEPT),
    };
    match (has_body, &call.body, call.operation.content_type) {
        (true, Some(body), _) => headers.insert(CONTENT_TYPE, body.content_type.clone()),
        (true, None, Some(content_type)) => headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type)),
        _ => headers.remove(CONTENT_TYPE),
    };
    let authorization = match &call.credential {
        Credential::Bearer(token) => Some(format!("Bearer {}", token.expose_secret())),
        Credential::Basic(basic) => Some(format!("Basic {}", basic.expose_secret())),
        Credential::None => None,
    };
    match authorization {
        Some(text) => {
            let mut value = HeaderValue::try_from(text).map_err(|_| "the credentials contain characters that cannot go in a header".to_string())?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        None => {
            headers.remove(AUTHORIZATION);
        }
    }
    if let Some(key) = &call.idempotency_key {
        let value = HeaderValue::try_from(key.as_str()).map_err(|_| format!("invalid Idempotency-Key {key:?}"))?;
        headers.insert(IDEMPOTENCY_KEY, value);
    }
    Ok(())
}
