//! Credentials and access tokens: a fixed bearer token, or OAuth2 client credentials with a
//! cached, single-flight token.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use crate::error::AuthError;
use crate::limit::{self, limit_response};
use crate::{Error, RetryPolicy};

/// A token is treated as expired this long before Dwolla says it expires.
pub const TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Longest lifetime believed from `expires_in`, so a bogus value cannot pin a token forever
/// (or overflow the clock).
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How the client authenticates. `Debug` never shows a secret.
#[derive(Clone)]
pub struct Credentials(Kind);

#[derive(Clone)]
enum Kind {
    Bearer(SecretString),
    ClientCredentials { id: String, secret: SecretString },
}

impl Credentials {
    /// A fixed access token, sent as `Authorization: Bearer <token>`. It is never
    /// refreshed; a `401` is returned to the caller.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self(Kind::Bearer(SecretString::from(token.into())))
    }

    /// OAuth2 client credentials: the client fetches tokens from `POST {host}/token`,
    /// caches them, refreshes them 60 s before they expire, and replays a call once when
    /// the API says the token expired.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self(Kind::ClientCredentials {
            id: client_id.into(),
            secret: SecretString::from(client_secret.into()),
        })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Bearer(_) => f.write_str("Credentials::Bearer([redacted])"),
            Kind::ClientCredentials { id, .. } => {
                write!(
                    f,
                    "Credentials::ClientCredentials {{ client_id: {id:?}, client_secret: [redacted] }}"
                )
            }
        }
    }
}

/// An access token as its `Authorization: Bearer` value, made once per token rather than
/// per request. `Err` when the token has characters a header cannot carry: every call
/// with it fails with [`Error::InvalidRequest`] before anything is sent.
pub(crate) type BearerHeader = Result<HeaderValue, InvalidCredential>;

/// The credentials cannot go in an `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidCredential;

impl From<InvalidCredential> for Error {
    fn from(_: InvalidCredential) -> Self {
        Error::InvalidRequest(
            "the credentials contain characters that cannot go in a header".into(),
        )
    }
}

/// `Authorization: {scheme} {secret}`, marked sensitive so that `Debug` never shows it.
pub(crate) fn authorization(scheme: &str, secret: &SecretString) -> BearerHeader {
    let text = format!("{scheme} {}", secret.expose_secret());
    let mut value = HeaderValue::try_from(text).map_err(|_| InvalidCredential)?;
    value.set_sensitive(true);
    Ok(value)
}

/// The token source a client uses.
pub(crate) enum Auth {
    /// The fixed token and its header value.
    Static(BearerHeader),
    OAuth(Box<TokenSource>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Static(_) => f.write_str("bearer token [redacted]"),
            Auth::OAuth(source) => {
                write!(
                    f,
                    "client credentials (client_id {:?}, token endpoint {})",
                    source.client_id, source.token_url
                )
            }
        }
    }
}

/// Fetches and caches client-credentials tokens.
pub(crate) struct TokenSource {
    client_id: String,
    client_secret: SecretString,
    token_url: Url,
    state: Mutex<State>,
    /// A copy of `state.token` that calls read without queueing on `state`'s lock (held
    /// for the whole of a fetch); written only under that lock.
    current: std::sync::Mutex<Option<CachedToken>>,
    /// Fetches (each a sequence of attempts) finished so far; tells a waiting call whether
    /// one ended while it waited for the lock.
    fetches: AtomicU64,
}

#[derive(Default)]
struct State {
    token: Option<CachedToken>,
    /// The last fetch's number and result. Calls that were already waiting when it ended
    /// share it, even a token too short-lived to cache or a failure; later calls fetch
    /// again.
    last: Option<(u64, Result<BearerHeader, FetchError>)>,
}

/// Why a fetch gave no token; cloneable so that every waiting call gets it.
#[derive(Clone)]
pub(crate) enum FetchError {
    Auth(AuthError),
    /// The answer passed this many bytes.
    TooLarge(u64),
}

#[derive(Clone)]
struct CachedToken {
    /// The token as the `Authorization` header carries it (the header value is made once
    /// per token, not per request).
    header: BearerHeader,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: SecretString,
    // Optional in RFC 6749; without it the token is used for this call only.
    #[serde(default)]
    expires_in: u64,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl Auth {
    /// `base` is the client's base URL without a trailing slash.
    pub(crate) fn new(credentials: Credentials, base: &str) -> Result<Self, Error> {
        Ok(match credentials.0 {
            Kind::Bearer(token) => Auth::Static(authorization("Bearer", &token)),
            Kind::ClientCredentials { id, secret } => {
                // Same rule as the operations' paths: `{base}/token`.
                let token_url = Url::parse(&format!("{base}/token")).map_err(|e| {
                    Error::InvalidConfig(format!("cannot derive the token URL from {base}: {e}"))
                })?;
                Auth::OAuth(Box::new(TokenSource {
                    client_id: id,
                    client_secret: secret,
                    token_url,
                    state: Mutex::new(State::default()),
                    current: std::sync::Mutex::new(None),
                    fetches: AtomicU64::new(0),
                }))
            }
        })
    }

    /// `Basic base64(client_id:client_secret)` for operations that take HTTP Basic auth,
    /// such as `POST /token`; `None` for a client built with a bearer token only.
    pub(crate) fn basic(&self) -> Option<BearerHeader> {
        match self {
            Auth::Static(_) => None,
            Auth::OAuth(source) => {
                let pair = format!(
                    "{}:{}",
                    source.client_id,
                    source.client_secret.expose_secret()
                );
                let encoded = SecretString::from(base64(pair.as_bytes()));
                Some(authorization("Basic", &encoded))
            }
        }
    }

    /// True when a rejected token can be replaced by fetching a new one.
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self, Auth::OAuth(_))
    }

    /// A token valid now for the operation named `operation`, as its `Authorization`
    /// value. Concurrent callers with an empty cache wait for one fetch: up to `policy`'s
    /// attempts, each bounded by `timeout`, each answer by `max_body_size`.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        operation: &'static str,
        timeout: Duration,
        policy: &RetryPolicy,
        max_body_size: u64,
    ) -> Result<HeaderValue, Error> {
        let header = match self {
            Auth::Static(header) => header.clone(),
            Auth::OAuth(source) => {
                // Boxed: the fetch's future is large, and most calls find a cached token
                // without polling it.
                match source.cached() {
                    Some(header) => header,
                    None => Box::pin(source.token(http, timeout, policy, max_body_size))
                        .await
                        .map_err(|error| match error {
                            FetchError::Auth(auth) => Error::Auth(auth),
                            FetchError::TooLarge(limit) => Error::BodyTooLarge {
                                operation,
                                limit,
                                from_token_endpoint: true,
                            },
                        })?,
                }
            }
        };
        Ok(header?)
    }

    /// Drops `rejected` (an `Authorization` value) from the cache, unless another call
    /// already replaced it.
    pub(crate) async fn invalidate(&self, rejected: &HeaderValue) {
        if let Auth::OAuth(source) = self {
            let mut state = source.state.lock().await;
            if state
                .token
                .as_ref()
                .is_some_and(|c| c.header.as_ref() == Ok(rejected))
            {
                state.token = None;
                source.publish(&state);
            }
        }
    }
}

impl TokenSource {
    /// The cached token, if it is still good: no waiting on a fetch in progress.
    fn cached(&self) -> Option<BearerHeader> {
        let current = self.current.lock().ok()?;
        current
            .as_ref()
            .filter(|cached| Instant::now() < cached.refresh_at)
            .map(|cached| cached.header.clone())
    }

    /// Makes `state`'s token the one [`TokenSource::cached`] sees.
    fn publish(&self, state: &State) {
        if let Ok(mut current) = self.current.lock() {
            current.clone_from(&state.token);
        }
    }

    async fn token(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        policy: &RetryPolicy,
        max_body_size: u64,
    ) -> Result<BearerHeader, FetchError> {
        let fetches_before = self.fetches.load(Ordering::Acquire);
        // Holding the lock across the fetch is what makes it single-flight.
        let mut state = self.state.lock().await;
        if let Some(cached) = &state.token
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.header.clone());
        }
        // A fetch ended while this call queued behind it: share its result instead of
        // queueing every waiting call for a fetch of its own.
        if let Some((number, result)) = &state.last
            && *number > fetches_before
        {
            return result.clone();
        }
        let result = self
            .fetch_with_retries(http, timeout, policy, max_body_size)
            .await;
        let number = self.fetches.fetch_add(1, Ordering::AcqRel) + 1;
        let shared = result
            .as_ref()
            .map(|fetched| fetched.header.clone())
            .map_err(Clone::clone);
        *state = State {
            token: result.ok(),
            last: Some((number, shared.clone())),
        };
        self.publish(&state);
        shared
    }

    /// One fetch: up to the policy's attempts while the endpoint fails in a way worth
    /// retrying, within its time budget.
    async fn fetch_with_retries(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        policy: &RetryPolicy,
        max_body_size: u64,
    ) -> Result<CachedToken, FetchError> {
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let span = tracing::debug_span!("dwolla.token", url = %self.token_url, attempt, status = tracing::field::Empty);
            let error = match self
                .fetch(http, timeout, max_body_size)
                .instrument(span.clone())
                .await
            {
                Err(FetchError::Auth(error)) => error,
                other => return other,
            };
            let delay = policy.backoff(attempt);
            if attempt >= policy.max_attempts
                || !policy.retries_auth(&error)
                || started.elapsed().saturating_add(delay) > policy.max_elapsed
            {
                return Err(FetchError::Auth(error));
            }
            tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, error = %error, "retrying the token request");
            tokio::time::sleep(delay).await;
        }
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        max_body_size: u64,
    ) -> Result<CachedToken, FetchError> {
        let response = http
            .post(self.token_url.clone())
            .timeout(timeout)
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .map_err(|e| FetchError::Auth(AuthError::transport(e)))?;
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let body = limit_response(response, max_body_size)
            .bytes()
            .await
            .map_err(|e| match limit::exceeded(&e) {
                Some(limit) => FetchError::TooLarge(limit),
                None => FetchError::Auth(AuthError::transport(e)),
            })?;
        if !status.is_success() {
            let parsed: Option<OAuthErrorBody> = serde_json::from_slice(&body).ok();
            return Err(FetchError::Auth(AuthError::rejected(
                status,
                parsed.as_ref().map(|b| b.error.clone()),
                parsed.and_then(|b| b.error_description),
                body,
            )));
        }
        // A success body holds a token: neither it nor serde's message (which can quote
        // a value) goes into the error.
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            let reason = format!(
                "undecodable token response ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            );
            FetchError::Auth(AuthError::rejected(
                status,
                None,
                Some(reason),
                bytes::Bytes::new(),
            ))
        })?;
        let lifetime = Duration::from_secs(parsed.expires_in)
            .min(MAX_TOKEN_LIFETIME)
            .saturating_sub(TOKEN_REFRESH_MARGIN);
        Ok(CachedToken {
            header: authorization("Bearer", &parsed.access_token),
            refresh_at: Instant::now() + lifetime,
        })
    }
}

/// Standard base64 with padding (RFC 4648, section 4), for the `Basic` credentials.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = byte(0) << 16 | byte(1) << 8 | byte(2);
        // n input bytes give n + 1 characters; `=` pads the group to four.
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ALPHABET[(group >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(base64(b"id-1:secret-1"), "aWQtMTpzZWNyZXQtMQ==");
    }
}
