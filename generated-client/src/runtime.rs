//! One call, end to end: token, attempts, retries with backoff, replay after an expired
//! token, and mapping every outcome to [`crate::Error`].
//!
//! The generated builders hand this module a closure that sends one attempt through
//! progenitor. Per-attempt settings reach the request hook ([`crate::hooks`]) through a
//! task-local [`CallContext`], because progenitor's hooks see only the request.

use std::cell::Cell;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use progenitor_client::{Error as RawError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use secrecy::SecretString;
use tokio::time::Instant;
use tracing::Instrument;

use crate::error::ApiError;
use crate::body::RawBody;
use crate::limit;
use crate::retry::parse_retry_after;
use crate::{Client, Created, Error, RequestOptions, RetryPolicy};

/// An operation as the spec declares it; emitted by the generator for each operation.
#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) id: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) accept: Option<&'static str>,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) security: Security,
}

/// How an operation authenticates, as its `security` requirement says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "which kinds are used depends on the spec")]
pub(crate) enum Security {
    /// `Authorization: Bearer` with the client's access token.
    Bearer,
    /// `Authorization: Basic` with the client id and secret (such as `POST /token`).
    Basic,
    /// No `Authorization` header.
    None,
}

/// The `Authorization` an attempt carries.
pub(crate) enum Credential {
    Bearer(SecretString),
    Basic(SecretString),
    None,
}

/// What the hooks apply to one attempt, and what they learn from it.
pub(crate) struct CallContext {
    pub(crate) operation: &'static Operation,
    pub(crate) credential: Credential,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<RawBody>,
    /// Where the request went, kept for calls that resolve a relative `Location`.
    pub(crate) request_url: Option<Arc<Mutex<Option<url::Url>>>>,
    pub(crate) max_body_size: u64,
    /// The response's status, set by the exec hook once headers arrive.
    pub(crate) status: Cell<Option<StatusCode>>,
}

impl CallContext {
    pub(crate) fn record_url(&self, url: &url::Url) {
        if let Some(slot) = &self.request_url
            && let Ok(mut slot) = slot.lock()
        {
            *slot = Some(url.clone());
        }
    }
}

/// Puts a body the runtime sends itself (multipart, text, binary) into this call's options.
#[allow(dead_code, reason = "called only by operations whose body the runtime sends")]
pub(crate) fn with_body(mut options: RequestOptions, body: Option<Result<RawBody, String>>, required: bool) -> Result<RequestOptions, Error> {
    match body {
        Some(body) => options.body = Some(body.map_err(Error::InvalidRequest)?),
        None if required => return Err(Error::InvalidRequest("the request body is required: call `.body(..)`".into())),
        None => {}
    }
    Ok(options)
}

/// Runs a call whose success response declares a `Location`: like [`send`], keeping the
/// request URL so that a relative `Location` resolves against it.
#[allow(dead_code, reason = "called only by operations that create a resource")]
pub(crate) async fn send_created<T, E, F, Fut, Op>(
    client: &Client,
    operation: &'static Operation,
    options: RequestOptions,
    attempt: F,
) -> Result<Created<T, Op>, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    let slot = Arc::new(Mutex::new(None));
    let value = call(client, operation, options, Some(slot.clone()), attempt).await?;
    let request_url = slot.lock().ok().and_then(|mut url| url.take());
    Ok(Created::new(value, request_url))
}

/// A boxed future. The runtime's non-generic async steps return one so that their state
/// machines are compiled once, in this crate: an `async fn`'s future is otherwise compiled
/// again in every dependent crate that awaits it from generic code (as the operations do).
pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>>;

tokio::task_local! {
    pub(crate) static CALL: CallContext;
}

/// A failed attempt, with the server's requested wait if it named one.
struct Failure {
    error: Error,
    retry_after: Option<Duration>,
    /// Whether the request may have reached the server (false when getting a token or
    /// building the request failed).
    sent: bool,
}

/// Runs one call: `attempt` sends the request once and is called again for each retry.
#[allow(dead_code, reason = "every generated operation calls it; a document without operations has none")]
pub(crate) async fn send<T, E, F, Fut>(
    client: &Client,
    operation: &'static Operation,
    options: RequestOptions,
    attempt: F,
) -> Result<ResponseValue<T>, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    call(client, operation, options, None, attempt).await
}

async fn call<T, E, F, Fut>(
    client: &Client,
    operation: &'static Operation,
    options: RequestOptions,
    request_url: Option<Arc<Mutex<Option<url::Url>>>>,
    attempt: F,
) -> Result<ResponseValue<T>, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    let span = tracing::info_span!(
        "dwolla.call",
        operation = operation.id,
        method = operation.method,
        path = operation.path,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let (result, attempts) = run(client, operation, options, request_url, attempt).instrument(span.clone()).await;
    span.record("attempts", attempts);
    span.record("latency_ms", started.elapsed().as_millis() as u64);
    let status = match &result {
        Ok(value) => Some(value.status()),
        Err(error) => error.status(),
    };
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    result
}

/// The attempt loop; also returns how many attempts it made.
async fn run<T, E, F, Fut>(
    client: &Client,
    operation: &'static Operation,
    options: RequestOptions,
    request_url: Option<Arc<Mutex<Option<url::Url>>>>,
    mut attempt: F,
) -> (Result<ResponseValue<T>, Error>, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    let shared = client.shared();
    if let Some(key) = &options.idempotency_key
        && let Err(reason) = check_idempotency_key(key)
    {
        return (Err(Error::InvalidRequest(reason)), 0);
    }
    let policy = options.retry.unwrap_or_else(|| shared.retry.clone());
    let timeout = options.timeout.unwrap_or(shared.timeout);
    let max_body_size = options.max_body_size.unwrap_or(shared.max_body_size);
    let is_post = operation.method == "POST";
    let idempotency_key = if is_post {
        options
            .idempotency_key
            .or_else(|| shared.auto_idempotency_key.then(|| uuid::Uuid::new_v4().to_string()))
    } else {
        None
    };
    // A POST without a key could create a second resource if resent after a lost answer.
    let may_resend = !is_post || idempotency_key.is_some();

    let started = Instant::now();
    let mut attempts = 0u32;
    let mut replayed_for_token = false;
    loop {
        attempts += 1;
        // The token replay is not a retry: it does not use up the policy's attempts.
        let counted = attempts - u32::from(replayed_for_token);
        let span = tracing::debug_span!(
            "dwolla.attempt",
            operation = operation.id,
            attempt = attempts,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let attempt_started = Instant::now();
        let (outcome, token) = async {
            let credential = match credential(client, operation, timeout, &policy).await {
                Ok(credential) => credential,
                Err(error) => return (Err(Failure { error, retry_after: None, sent: false }), None),
            };
            let token = match &credential {
                Credential::Bearer(token) => Some(token.clone()),
                _ => None,
            };
            let context = CallContext {
                operation,
                credential,
                idempotency_key: idempotency_key.clone(),
                timeout,
                headers: options.headers.clone(),
                body: options.body.clone(),
                request_url: request_url.clone(),
                max_body_size,
                status: Cell::new(None),
            };
            // Classified inside the scope: an undecodable body's status is in the context.
            let outcome = CALL.scope(context, async { classify(operation, attempts, attempt().await).await }).await;
            (outcome, token)
        }
        .instrument(span.clone())
        .await;
        span.record("latency_ms", attempt_started.elapsed().as_millis() as u64);
        let status = match &outcome {
            Ok(value) => Some(value.status()),
            Err(failure) => failure.error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        let failure = match outcome {
            Ok(value) => return (Ok(value), attempts),
            Err(failure) => failure,
        };
        // The token source already made the policy's attempts, shared with every call
        // that waited on them: retrying here would start another sequence per call.
        let Some(token) = token else {
            return (Err(failure.error), attempts);
        };

        if !replayed_for_token
            && shared.auth.can_refresh()
            && is_rejected_token(&failure.error)
        {
            // The API refused the token before doing anything: replaying is safe for a
            // POST with or without a key.
            tracing::debug!(parent: &span, "access token rejected; fetching a new one and replaying once");
            replayed_for_token = true;
            shared.auth.invalidate(&token).await;
            continue;
        }
        if let (Some(key), Error::Api(api)) = (&idempotency_key, &failure.error)
            && api.status() == StatusCode::CONFLICT
        {
            let error = Error::InProgress { operation: operation.id, idempotency_key: key.clone(), response: api.clone() };
            return (Err(error), attempts);
        }
        if !(retryable(&policy, &failure.error) && (may_resend || !failure.sent)) || counted >= policy.max_attempts {
            return (Err(failure.error), attempts);
        }
        let delay = failure.retry_after.unwrap_or_else(|| policy.backoff(counted));
        // A wait past the time budget (such as a long Retry-After) fails now, not later.
        if started.elapsed().saturating_add(delay) > policy.max_elapsed {
            return (Err(failure.error), attempts);
        }
        tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, error = %failure.error, "retrying");
        tokio::time::sleep(delay).await;
    }
}

/// Whether `policy` retries this failure (before the POST and attempt limits). Token
/// failures are retried inside the token source, and an oversized body is not retried.
fn retryable(policy: &RetryPolicy, error: &Error) -> bool {
    match error {
        Error::Api(api) => policy.retries_status(api.status()),
        Error::Timeout { .. } | Error::Transport { .. } => policy.connection_errors,
        _ => false,
    }
}

/// What authenticates one attempt of `operation`.
fn credential<'a>(client: &'a Client, operation: &'static Operation, timeout: Duration, policy: &'a RetryPolicy) -> BoxFuture<'a, Result<Credential, Error>> {
    Box::pin(async move {
        let shared = client.shared();
        match operation.security {
            Security::Bearer => shared.auth.token(&shared.http, operation.id, timeout, policy, shared.max_body_size).await.map(Credential::Bearer),
            Security::Basic => shared.auth.basic().map(Credential::Basic).ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "{} authenticates with the client id and secret: build the client with `Credentials::client_credentials`",
                    operation.id
                ))
            }),
            Security::None => Ok(Credential::None),
        }
    })
}

/// An `Idempotency-Key` must be a non-empty header value that a server keeps as sent:
/// visible ASCII and inner spaces (servers trim outer whitespace, and handle other bytes
/// differently).
fn check_idempotency_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the Idempotency-Key is empty".into());
    }
    if key.starts_with(' ') || key.ends_with(' ') || !key.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(format!(
            "Idempotency-Key {key:?} cannot go in a header as sent: use visible ASCII without leading or trailing spaces"
        ));
    }
    Ok(())
}

/// `401` with a code that a fresh token fixes.
fn is_rejected_token(error: &Error) -> bool {
    matches!(error, Error::Api(api)
        if api.status() == StatusCode::UNAUTHORIZED
            && matches!(api.code(), Some("ExpiredAccessToken" | "InvalidAccessToken")))
}

/// Maps one attempt's progenitor result to success or a typed failure.
async fn classify<T, E>(
    operation: &'static Operation,
    attempt: u32,
    result: Result<ResponseValue<T>, RawError<E>>,
) -> Result<ResponseValue<T>, Failure> {
    let fail = |error| Failure { error, retry_after: None, sent: true };
    let read_failed = |e: reqwest::Error| match limit::exceeded(&e) {
        Some(limit) => fail(Error::BodyTooLarge { operation: operation.id, limit, from_token_endpoint: false }),
        None => fail(transport(operation, attempt, e)),
    };
    match result {
        Ok(value) => Ok(value),
        // Error statuses are not in progenitor's view of the spec (see the generator's
        // adapt stage), so every one of them arrives here with its body unread.
        Err(RawError::UnexpectedResponse(response)) => {
            let status = response.status();
            let headers = response.headers().clone();
            // Read under the attempt's timeout: a stalled error body is a timeout too.
            let raw = response.bytes().await.map_err(read_failed)?;
            if status.is_success() {
                return Err(fail(Error::InvalidResponse {
                    operation: operation.id,
                    status: Some(status),
                    reason: format!("status {status} is not documented for this operation"),
                    body: raw,
                }));
            }
            let retry_after = headers.get(RETRY_AFTER).and_then(|v| parse_retry_after(v, SystemTime::now()));
            Err(Failure { error: Error::Api(ApiError::new(operation.id, status, headers, raw)), retry_after, sent: true })
        }
        // A request that could not even be built (bad URL, unserialisable body) was never
        // sent and will not get better by retrying.
        Err(RawError::CommunicationError(e)) if e.is_builder() => Err(Failure {
            error: Error::InvalidRequest(format!("cannot build the request: {e}")),
            retry_after: None,
            sent: false,
        }),
        // A failed connect never sent the request, so even a POST without a key may
        // try again.
        Err(RawError::CommunicationError(e)) => {
            let sent = !e.is_connect();
            Err(Failure { error: transport(operation, attempt, e), retry_after: None, sent })
        }
        Err(RawError::ResponseBodyError(e) | RawError::InvalidUpgrade(e)) => Err(read_failed(e)),
        Err(RawError::InvalidResponsePayload(raw, e)) => Err(fail(Error::InvalidResponse {
            operation: operation.id,
            status: CALL.try_with(|call| call.status.get()).ok().flatten(),
            reason: e.to_string(),
            body: raw,
        })),
        // Raised by the request hook or progenitor's parameter checks: nothing was sent.
        Err(RawError::InvalidRequest(message) | RawError::Custom(message)) => {
            Err(Failure { error: Error::InvalidRequest(message), retry_after: None, sent: false })
        }
        Err(RawError::ErrorResponse(value)) => Err(fail(Error::Api(ApiError::new(
            operation.id,
            value.status(),
            value.headers().clone(),
            Default::default(),
        )))),
    }
}

/// A reqwest failure after the request was handed to the connection: a timeout (connect,
/// headers or body) or anything else on the wire (refused, reset, closed early).
fn transport(operation: &'static Operation, attempts: u32, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout { operation: operation.id, attempts, source }
    } else {
        Error::Transport { operation: operation.id, attempts, source }
    }
}
