//! Per-call options.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::RetryPolicy;
use crate::body::RawBody;

/// Options for one call, overriding the client's defaults. Every operation builder has
/// shortcuts for these through [`CallOptions`] (`.timeout(..)`, `.retry(..)`,
/// `.idempotency_key(..)`, `.header(..)`) and takes a whole set with `.options(..)`.
///
/// ```no_run
/// use std::time::Duration;
/// use dwolla_exchange_sessions::{CallOptions, Client, RequestOptions, RetryPolicy};
///
/// # async fn run(client: Client, customer: uuid::Uuid) -> Result<(), dwolla_exchange_sessions::Error> {
/// // One call: fail fast, at most 2 s, no retries.
/// let connections = client
///     .list_available_exchange_connections()
///     .id(customer)
///     .timeout(Duration::from_secs(2))
///     .retry(RetryPolicy::none())
///     .send()
///     .await?;
///
/// // The same as a reusable set.
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::default().max_attempts(6))
///     .idempotency_key("order-42-iav");
/// # let _ = (connections, options);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) max_body_size: Option<u64>,
    /// The body of an operation whose body the runtime sends (multipart, text, binary).
    pub(crate) body: Option<RawBody>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Total time for each attempt, including reading the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The `Idempotency-Key` sent on every attempt of a POST, as given. The same key with
    /// the same body within 24 hours returns the first result instead of creating a second
    /// resource. Without one, the client makes a fresh UUID key per call (unless
    /// [`ClientBuilder::auto_idempotency_key`](crate::ClientBuilder::auto_idempotency_key)
    /// is off, and then a POST is never retried). Not sent on GETs.
    ///
    /// The key must be non-empty visible ASCII (inner spaces allowed, no leading or
    /// trailing ones), so that the server sees exactly the key given: otherwise the call
    /// fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything
    /// is sent, on GETs too.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The largest response body this call reads, in bytes, overriding
    /// [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size). A larger
    /// body fails the call with [`Error::BodyTooLarge`](crate::Error::BodyTooLarge). The
    /// token endpoint's answer keeps the client's limit: one token fetch serves many calls.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// An extra header. `Authorization`, `Accept`, `Content-Type` and `Idempotency-Key`
    /// are set by the client and cannot be overridden here.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }
}

/// Per-call options on every operation builder. Bring it into scope to use them:
/// `use dwolla_exchange_sessions::CallOptions;`.
pub trait CallOptions: Sized {
    /// This call's options.
    fn options_mut(&mut self) -> &mut RequestOptions;

    /// Replaces this call's options (retries, timeout, idempotency key, headers).
    fn options(mut self, options: RequestOptions) -> Self {
        *self.options_mut() = options;
        self
    }

    /// Sets this call's total timeout per attempt, overriding the client's.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.options_mut().timeout = Some(timeout);
        self
    }

    /// Sets this call's retry policy, overriding the client's.
    fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options_mut().retry = Some(policy);
        self
    }

    /// Sets the `Idempotency-Key` sent on every attempt of this call; see
    /// [`RequestOptions::idempotency_key`].
    fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options_mut().idempotency_key = Some(key.into());
        self
    }

    /// Sets the largest response body this call reads; see
    /// [`RequestOptions::max_body_size`].
    fn max_body_size(mut self, bytes: u64) -> Self {
        self.options_mut().max_body_size = Some(bytes);
        self
    }

    /// Adds a header to this call; see [`RequestOptions::header`].
    fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.options_mut().headers.append(name, value);
        self
    }
}
