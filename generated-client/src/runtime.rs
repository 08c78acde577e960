//! One call, end to end: token, attempts, retries with backoff, replay after an expired
//! token, and mapping every outcome to [`crate::Error`].
//!
//! The generated builders hand this module a closure that sends one attempt through
//! the generated request code, given that attempt's [`CallContext`]; the generated code
//! passes the context on to [`crate::hooks`].

use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use progenitor_client::{Error as RawError, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use tokio::time::Instant;
use tracing::Instrument;

use crate::body::RawBody;
use crate::error::ApiError;
use crate::limit;
use crate::retry::parse_retry_after;
use crate::{Client, Created, Error, RequestOptions, RetryPolicy};

/// An operation as the spec declares it; emitted by the generator for each operation.
#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) id: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
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

/// What the hooks apply to one attempt, and what they learn from it. Shared (`Arc`) with
/// the attempt's future: a borrow would make the attempt closure generic over its lifetime.
/// The future must stay `Send`, so what the hooks learn goes in `OnceLock`s, not `Cell`s.
pub(crate) struct CallContext {
    /// The `Authorization` value (made once per token), or none.
    pub(crate) authorization: Option<HeaderValue>,
    pub(crate) idempotency_key: Option<HeaderValue>,
    pub(crate) timeout: Duration,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<RawBody>,
    /// Whether to keep the request's URL, for calls that resolve a relative `Location`.
    pub(crate) keep_url: bool,
    /// Where the request went, when `keep_url`.
    pub(crate) request_url: OnceLock<url::Url>,
    pub(crate) max_body_size: u64,
    /// The response's status, set by the exec hook once headers arrive.
    pub(crate) status: OnceLock<StatusCode>,
}

/// Puts a body the runtime sends itself (multipart, text, binary) into this call's options.
#[allow(
    dead_code,
    reason = "called only by operations whose body the runtime sends"
)]
pub(crate) fn with_body(
    mut options: RequestOptions,
    body: Option<Result<RawBody, String>>,
    required: bool,
) -> Result<RequestOptions, Error> {
    match body {
        Some(body) => options.body = Some(body.map_err(Error::InvalidRequest)?),
        None if required => {
            return Err(Error::InvalidRequest(
                "the request body is required: call `.body(..)`".into(),
            ));
        }
        None => {}
    }
    Ok(options)
}

/// Runs a call whose success response declares a `Location`: like [`send`], keeping the
/// request URL so that a relative `Location` resolves against it.
#[allow(dead_code, reason = "called only by operations that create a resource")]
pub(crate) fn send_created<T, E, F, Fut, Op>(
    client: &Client,
    operation: &'static Operation,
    options: RequestOptions,
    attempt: F,
) -> impl Future<Output = Result<Created<T, Op>, Error>>
where
    F: FnMut(Arc<CallContext>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    call(
        Plan::new(client, operation, options, true),
        attempt,
        |value, request_url| Ok(Created::new(value?, request_url)),
    )
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
#[allow(
    dead_code,
    reason = "every generated operation calls it; a document without operations has none"
)]
pub(crate) fn send<T, E, F, Fut>(
    client: &Client,
    operation: &'static Operation,
    options: RequestOptions,
    attempt: F,
) -> impl Future<Output = Result<ResponseValue<T>, Error>>
where
    F: FnMut(Arc<CallContext>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    call(
        Plan::new(client, operation, options, false),
        attempt,
        |value, _| value,
    )
}

/// One call's settings, resolved from its options and the client's defaults before the
/// call's future is made (so that the future holds them once, not the options as well).
struct Plan<'a> {
    client: &'a Client,
    operation: &'static Operation,
    started: Instant,
    /// Options most calls leave unset: boxed when set, so that the call's future (copied
    /// whole at each `.await` above it) stays small.
    extras: Option<Box<Extras>>,
    timeout: Duration,
    max_body_size: u64,
    /// The POST's key (the caller's or a fresh one), none on other methods; or why the
    /// caller's key cannot be sent.
    idempotency_key: Result<Option<HeaderValue>, String>,
    /// Whether to keep the request's URL, for calls that resolve a relative `Location`.
    keep_url: bool,
}

/// A call's retry policy, extra headers and runtime-sent body, when it has any of them.
struct Extras {
    /// The call's own retry policy; the client's when `None`.
    retry: Option<RetryPolicy>,
    headers: HeaderMap,
    body: Option<RawBody>,
}

impl<'a> Plan<'a> {
    fn new(
        client: &'a Client,
        operation: &'static Operation,
        options: RequestOptions,
        keep_url: bool,
    ) -> Self {
        let started = Instant::now();
        let shared = client.shared();
        let RequestOptions {
            timeout,
            retry,
            idempotency_key,
            headers,
            max_body_size,
            body,
        } = options;
        let is_post = operation.method == "POST";
        let idempotency_key = match idempotency_key {
            // Checked on every method; visible ASCII is a valid header value.
            Some(key) => check_idempotency_key(&key).map(|()| {
                if is_post {
                    HeaderValue::try_from(key).ok()
                } else {
                    None
                }
            }),
            None if is_post && shared.auto_idempotency_key => Ok(Some(fresh_idempotency_key())),
            None => Ok(None),
        };
        let extras = (retry.is_some() || !headers.is_empty() || body.is_some()).then(|| {
            Box::new(Extras {
                retry,
                headers,
                body,
            })
        });
        Plan {
            client,
            operation,
            started,
            extras,
            timeout: timeout.unwrap_or(shared.timeout),
            max_body_size: max_body_size.unwrap_or(shared.max_body_size),
            idempotency_key,
            keep_url,
        }
    }

    fn policy(&self) -> &RetryPolicy {
        self.extras
            .as_ref()
            .and_then(|extras| extras.retry.as_ref())
            .unwrap_or(&self.client.shared().retry)
    }

    /// The context the hooks see on one attempt.
    fn context(&self, authorization: Option<HeaderValue>) -> CallContext {
        CallContext {
            authorization,
            idempotency_key: self.idempotency_key.as_ref().ok().cloned().flatten(),
            timeout: self.timeout,
            headers: self
                .extras
                .as_ref()
                .map(|extras| extras.headers.clone())
                .unwrap_or_default(),
            body: self.extras.as_ref().and_then(|extras| extras.body.clone()),
            keep_url: self.keep_url,
            request_url: OnceLock::new(),
            max_body_size: self.max_body_size,
            status: OnceLock::new(),
        }
    }
}

/// The call, in its `dwolla.call` span; `finish` makes the caller's result from the
/// outcome and, when the plan keeps it, the request URL.
#[allow(
    clippy::manual_async_fn,
    reason = "an `async fn`'s future would hold its arguments twice"
)]
fn call<T, E, F, Fut, R>(
    plan: Plan<'_>,
    mut attempt: F,
    finish: impl FnOnce(Result<ResponseValue<T>, Error>, Option<url::Url>) -> R,
) -> impl Future<Output = R>
where
    F: FnMut(Arc<CallContext>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    async move {
        let operation = plan.operation;
        let span = tracing::info_span!(
            "dwolla.call",
            operation = operation.id,
            method = operation.method,
            path = operation.path,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        // With the span filtered out (the usual case in production), nothing is recorded:
        // skip the wrapper and the bookkeeping.
        if span.is_disabled() {
            let (result, _, request_url) = run(&plan, &mut attempt).await;
            return finish(result, request_url);
        }
        let (result, attempts, request_url) =
            run(&plan, &mut attempt).instrument(span.clone()).await;
        span.record("attempts", attempts);
        span.record("latency_ms", plan.started.elapsed().as_millis() as u64);
        let status = match &result {
            Ok(value) => Some(value.status()),
            Err(error) => error.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        finish(result, request_url)
    }
}

/// The attempt loop; also returns how many attempts it made and, when the plan keeps it,
/// where the successful request went.
async fn run<T, E, F, Fut>(
    plan: &Plan<'_>,
    attempt: &mut F,
) -> (Result<ResponseValue<T>, Error>, u32, Option<url::Url>)
where
    F: FnMut(Arc<CallContext>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    let operation = plan.operation;
    if let Err(reason) = &plan.idempotency_key {
        return (Err(Error::InvalidRequest(reason.clone())), 0, None);
    }
    let mut attempts = 0u32;
    let mut replayed_for_token = false;
    loop {
        attempts += 1;
        let span = tracing::debug_span!(
            "dwolla.attempt",
            operation = operation.id,
            attempt = attempts,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let attempt_started = (!span.is_disabled()).then(Instant::now);
        let (outcome, token, request_url) = match attempt_started {
            None => once(plan, attempts, attempt).await,
            Some(_) => once(plan, attempts, attempt).instrument(span.clone()).await,
        };
        if let Some(attempt_started) = attempt_started {
            span.record("latency_ms", attempt_started.elapsed().as_millis() as u64);
            let status = match &outcome {
                Ok(value) => Some(value.status()),
                Err(failure) => failure.error.status(),
            };
            if let Some(status) = status {
                span.record("status", status.as_u16());
            }
        }
        let failure = match outcome {
            Ok(value) => return (Ok(value), attempts, request_url),
            Err(failure) => failure,
        };
        // Rare, and it may wait: boxed, so that the common path's future stays small.
        let retry = Box::pin(after_failure(
            plan,
            failure,
            token,
            attempts,
            &mut replayed_for_token,
            &span,
        ))
        .await;
        if let Err(error) = retry {
            return (Err(error), attempts, None);
        }
    }
}

/// After a failed attempt: `Ok` once it is time for the next attempt (after fetching a new
/// token, or after the backoff), or the call's error.
async fn after_failure(
    plan: &Plan<'_>,
    failure: Failure,
    token: Option<HeaderValue>,
    attempts: u32,
    replayed_for_token: &mut bool,
    span: &tracing::Span,
) -> Result<(), Error> {
    let operation = plan.operation;
    let shared = plan.client.shared();
    let policy = plan.policy();
    let idempotency_key = plan.idempotency_key.as_ref().ok().and_then(Option::as_ref);
    // A POST without a key could create a second resource if resent after a lost answer.
    let may_resend = operation.method != "POST" || idempotency_key.is_some();
    // The token replay is not a retry: it does not use up the policy's attempts.
    let counted = attempts - u32::from(*replayed_for_token);
    // The token source already made the policy's attempts, shared with every call that
    // waited on them: retrying here would start another sequence per call.
    let Some(token) = token else {
        return Err(failure.error);
    };
    if !*replayed_for_token && shared.auth.can_refresh() && is_rejected_token(&failure.error) {
        // The API refused the token before doing anything: replaying is safe for a POST
        // with or without a key.
        tracing::debug!(parent: span, "access token rejected; fetching a new one and replaying once");
        *replayed_for_token = true;
        shared.auth.invalidate(&token).await;
        return Ok(());
    }
    if let (Some(key), Error::Api(api)) = (idempotency_key, &failure.error)
        && api.status() == StatusCode::CONFLICT
    {
        let idempotency_key = String::from_utf8_lossy(key.as_bytes()).into_owned();
        return Err(Error::InProgress {
            operation: operation.id,
            idempotency_key,
            response: api.clone(),
        });
    }
    if !(retryable(policy, &failure.error) && (may_resend || !failure.sent))
        || counted >= policy.max_attempts
    {
        return Err(failure.error);
    }
    let delay = failure
        .retry_after
        .unwrap_or_else(|| policy.backoff(counted));
    // A wait past the time budget (such as a long Retry-After) fails now, not later.
    if plan.started.elapsed().saturating_add(delay) > policy.max_elapsed {
        return Err(failure.error);
    }
    tracing::debug!(parent: span, delay_ms = delay.as_millis() as u64, error = %failure.error, "retrying");
    tokio::time::sleep(delay).await;
    Ok(())
}

/// One attempt: its credential, then the request with its context.
/// Returns the outcome, the bearer token it used (for a replay after a rejected token),
/// and the request URL when the plan keeps it.
async fn once<T, E, F, Fut>(
    plan: &Plan<'_>,
    attempts: u32,
    attempt: &mut F,
) -> (
    Result<ResponseValue<T>, Failure>,
    Option<HeaderValue>,
    Option<url::Url>,
)
where
    F: FnMut(Arc<CallContext>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, RawError<E>>>,
{
    let operation = plan.operation;
    let (authorization, token) =
        match credential(plan.client, operation, plan.timeout, plan.policy()).await {
            Ok(Credential::Bearer(token)) => (Some(token.clone()), Some(token)),
            Ok(Credential::Basic(basic)) => (Some(basic), None),
            Ok(Credential::None) => (None, None),
            Err(error) => {
                return (
                    Err(Failure {
                        error,
                        retry_after: None,
                        sent: false,
                    }),
                    None,
                    None,
                );
            }
        };
    let context = Arc::new(plan.context(authorization));
    // The request's future is by far the largest part of a call: boxed once here, so that
    // the futures around it (the spans, the attempt loop and the caller's) stay small and
    // cheap to move.
    let result = Box::pin(attempt(Arc::clone(&context))).await;
    // The attempt's future is gone, and with it its share of the context.
    let (status, request_url) = match Arc::try_unwrap(context) {
        Ok(context) => (
            context.status.into_inner(),
            context.request_url.into_inner(),
        ),
        Err(context) => (
            context.status.get().copied(),
            context.request_url.get().cloned(),
        ),
    };
    match result {
        Ok(value) => (Ok(value), token, request_url),
        // Rare, and its future holds a body read: boxed, so that the common path's future
        // stays small.
        Err(raw) => (
            Err(Box::pin(classify(operation, attempts, raw, status)).await),
            token,
            None,
        ),
    }
}

/// An attempt's credential: the bearer token (replaced and replayed once if the API
/// rejects it) or the client's `Basic` pair, as `Authorization` values.
enum Credential {
    Bearer(HeaderValue),
    Basic(HeaderValue),
    None,
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
async fn credential(
    client: &Client,
    operation: &'static Operation,
    timeout: Duration,
    policy: &RetryPolicy,
) -> Result<Credential, Error> {
    let shared = client.shared();
    match operation.security {
        Security::Bearer => shared
            .auth
            .token(
                &shared.http,
                operation.id,
                timeout,
                policy,
                shared.max_body_size,
            )
            .await
            .map(Credential::Bearer),
        Security::Basic => match shared.auth.basic() {
            Some(basic) => Ok(Credential::Basic(basic?)),
            None => Err(Error::InvalidRequest(format!(
                "{} authenticates with the client id and secret: build the client with `Credentials::client_credentials`",
                operation.id
            ))),
        },
        Security::None => Ok(Credential::None),
    }
}

/// A fresh random `Idempotency-Key`: a UUID v4, hyphenated, lower case.
fn fresh_idempotency_key() -> HeaderValue {
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let text = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
    HeaderValue::from_str(text).expect("a UUID is a valid header value")
}

/// An `Idempotency-Key` must be a non-empty header value that a server keeps as sent:
/// visible ASCII and inner spaces (servers trim outer whitespace, and handle other bytes
/// differently).
fn check_idempotency_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the Idempotency-Key is empty".into());
    }
    if key.starts_with(' ')
        || key.ends_with(' ')
        || !key.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
    {
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

/// Maps one attempt's progenitor error to a typed failure. `seen_status` is the status
/// the exec hook kept: progenitor drops it when a body does not decode.
async fn classify<E>(
    operation: &'static Operation,
    attempt: u32,
    result: RawError<E>,
    seen_status: Option<StatusCode>,
) -> Failure {
    let fail = |error| Failure {
        error,
        retry_after: None,
        sent: true,
    };
    let read_failed = |e: reqwest::Error| match limit::exceeded(&e) {
        Some(limit) => fail(Error::BodyTooLarge {
            operation: operation.id,
            limit,
            from_token_endpoint: false,
        }),
        None => fail(transport(operation, attempt, e)),
    };
    match result {
        // Error statuses are not in progenitor's view of the spec (see the generator's
        // adapt stage), so every one of them arrives here with its body unread.
        RawError::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            // Read under the attempt's timeout: a stalled error body is a timeout too.
            let raw = match response.bytes().await {
                Ok(raw) => raw,
                Err(e) => return read_failed(e),
            };
            if status.is_success() {
                return fail(Error::InvalidResponse {
                    operation: operation.id,
                    status: Some(status),
                    reason: format!("status {status} is not documented for this operation"),
                    body: raw,
                });
            }
            let retry_after = headers
                .get(RETRY_AFTER)
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            Failure {
                error: Error::Api(ApiError::new(operation.id, status, headers, raw)),
                retry_after,
                sent: true,
            }
        }
        // A request that could not even be built (bad URL, unserialisable body) was never
        // sent and will not get better by retrying.
        RawError::CommunicationError(e) if e.is_builder() => Failure {
            error: Error::InvalidRequest(format!("cannot build the request: {e}")),
            retry_after: None,
            sent: false,
        },
        // A failed connect never sent the request, so even a POST without a key may
        // try again.
        RawError::CommunicationError(e) => {
            let sent = !e.is_connect();
            Failure {
                error: transport(operation, attempt, e),
                retry_after: None,
                sent,
            }
        }
        RawError::ResponseBodyError(e) | RawError::InvalidUpgrade(e) => read_failed(e),
        RawError::InvalidResponsePayload(raw, e) => fail(Error::InvalidResponse {
            operation: operation.id,
            status: seen_status,
            reason: e.to_string(),
            body: raw,
        }),
        // Raised by the request hook or progenitor's parameter checks: nothing was sent.
        RawError::InvalidRequest(message) | RawError::Custom(message) => Failure {
            error: Error::InvalidRequest(message),
            retry_after: None,
            sent: false,
        },
        RawError::ErrorResponse(value) => fail(Error::Api(ApiError::new(
            operation.id,
            value.status(),
            value.headers().clone(),
            Default::default(),
        ))),
    }
}

/// A reqwest failure after the request was handed to the connection: a timeout (connect,
/// headers or body) or anything else on the wire (refused, reset, closed early).
fn transport(operation: &'static Operation, attempts: u32, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout {
            operation: operation.id,
            attempts,
            source,
        }
    } else {
        Error::Transport {
            operation: operation.id,
            attempts,
            source,
        }
    }
}
