//! Building a [`Client`]: environment, credentials, HTTP client, defaults.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::{Auth, Credentials};
use crate::limit::DEFAULT_MAX_BODY_SIZE;
use crate::{Error, RetryPolicy};

/// Default total time for one attempt (connect, send, and read the whole response).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Which Dwolla API the client talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://api.dwolla.com`.
    Production,
    /// `https://api-sandbox.dwolla.com`.
    Sandbox,
    /// Any other base URL, such as a mock server on `http://127.0.0.1:PORT`.
    Custom(String),
}

impl Environment {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Production => "https://api.dwolla.com",
            Environment::Sandbox => "https://api-sandbox.dwolla.com",
            Environment::Custom(url) => url,
        }
    }
}

/// A client for the API. Cheap to clone: clones share the HTTP connection pool and the
/// token cache.
///
/// Build one with [`Client::builder`]; each operation is a method returning a builder in
/// [`crate::operations`].
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

/// State shared by every clone of a [`Client`].
pub(crate) struct Shared {
    pub(crate) base_url: Url,
    /// The base URL as the generated code joins paths to it: without a trailing slash.
    base: String,
    pub(crate) http: reqwest::Client,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) auto_idempotency_key: bool,
    pub(crate) max_body_size: u64,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("base_url", &self.base_url.as_str())
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("auto_idempotency_key", &self.auto_idempotency_key)
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.shared();
        f.debug_struct("Client")
            .field("base_url", &shared.base_url.as_str())
            .field("auth", &shared.auth)
            .field("retry", &shared.retry)
            .field("timeout", &shared.timeout)
            .field("auto_idempotency_key", &shared.auto_idempotency_key)
            .field("max_body_size", &shared.max_body_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts building a client for `environment`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use dwolla_exchange_sessions::{Client, Credentials, Environment, RetryPolicy};
    ///
    /// # fn run() -> Result<(), dwolla_exchange_sessions::Error> {
    /// let client = Client::builder(Environment::Production)
    ///     // Tokens come from POST https://api.dwolla.com/token, cached until 60 s before
    ///     // they expire; one fetch serves every concurrent call.
    ///     .credentials(Credentials::client_credentials("client-id", "client-secret"))
    ///     .timeout(Duration::from_secs(20))
    ///     .connect_timeout(Duration::from_secs(5))
    ///     .retry_policy(RetryPolicy::default().max_attempts(5))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(environment: Environment) -> ClientBuilder {
        ClientBuilder {
            environment,
            credentials: None,
            http: None,
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            auto_idempotency_key: true,
            allow_insecure_http: false,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.shared().base_url
    }

    /// The base URL without a trailing slash, for the generated code to append paths to.
    #[allow(dead_code, reason = "a document without operations sends no request")]
    pub(crate) fn base(&self) -> &str {
        &self.shared.base
    }

    /// The HTTP client requests go through.
    #[allow(dead_code, reason = "a document without operations sends no request")]
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.shared.http
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }
}

/// Configures a [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    environment: Environment,
    credentials: Option<Credentials>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    auto_idempotency_key: bool,
    allow_insecure_http: bool,
    max_body_size: u64,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_userinfo(self.environment.base_url()))
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("auto_idempotency_key", &self.auto_idempotency_key)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// How the client authenticates: a fixed bearer token or OAuth2 client credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Shorthand for `credentials(Credentials::bearer(token))`.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::bearer(token))
    }

    /// Uses this `reqwest::Client` (its pool, proxy and TLS settings) instead of building
    /// one. Its own timeouts still apply; the per-attempt timeout is set on each request.
    /// `connect_timeout` does not apply to it, and it should not follow redirects (the
    /// client's own does not).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The retry policy for every call; a call can override it.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Total time allowed for one attempt, including reading the response body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to establish a connection (only for the HTTP client built here).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Whether every POST without a caller-supplied `Idempotency-Key` gets a fresh UUID
    /// key (default `true`). POSTs are only retried under a key, so turning this off also
    /// turns off retries of POSTs that carry no key.
    pub fn auto_idempotency_key(mut self, enabled: bool) -> Self {
        self.auto_idempotency_key = enabled;
        self
    }

    /// The largest response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE), 16 MiB). It holds for
    /// success bodies, error bodies and the token endpoint's answers; a call can override
    /// it with [`RequestOptions::max_body_size`](crate::RequestOptions::max_body_size).
    /// A larger body fails the call with [`Error::BodyTooLarge`], which is not retried: a
    /// `Content-Length` over the limit before any byte is read, a body without one as
    /// soon as it passes the limit. A body within the limit is held in memory whole.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Allows a plain `http://` base URL on a non-loopback host. Off by default: bearer
    /// tokens must not cross the network unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Validates the settings and builds the client. Never panics.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = parse_base_url(self.environment.base_url(), self.allow_insecure_http)?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::InvalidConfig("no credentials: call `credentials` or `bearer_token`".into())
        })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                // A 3xx is returned as an error, never followed with the request's body
                // and credentials.
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!(
                    "dwolla-exchange-sessions-rust/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|e| Error::InvalidConfig(format!("cannot build the HTTP client: {e}")))?,
        };
        // The generated code appends paths to the base URL as a string; no trailing slash.
        let base = base_url.as_str().trim_end_matches('/').to_string();
        let auth = Auth::new(credentials, &base)?;
        let shared = Shared {
            base_url,
            base,
            http,
            auth,
            retry: self.retry,
            timeout: self.timeout,
            auto_idempotency_key: self.auto_idempotency_key,
            max_body_size: self.max_body_size,
        };
        Ok(Client {
            shared: Arc::new(shared),
        })
    }
}

/// Parses the base URL and refuses plain HTTP unless it stays on this machine or the
/// caller explicitly allowed it.
fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let url = Url::parse(raw)
        .map_err(|e| Error::InvalidConfig(format!("invalid base URL {raw:?}: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Not echoed: the URL holds a credential.
        return Err(Error::InvalidConfig(
            "base URL must not contain a user name or password".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidConfig(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure_http || is_loopback(&url) => Ok(url),
        "http" => Err(Error::InvalidConfig(format!(
            "refusing plain-HTTP base URL {raw:?}: use https, a loopback host, or `allow_insecure_http(true)`"
        ))),
        other => Err(Error::InvalidConfig(format!(
            "unsupported URL scheme {other:?} in base URL {raw:?}"
        ))),
    }
}

/// The base URL for `Debug`, without any user name or password in it.
fn redact_userinfo(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Ok(_) => raw.to_string(),
        Err(_) => "[invalid URL]".to_string(),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_off_loopback() {
        assert!(parse_base_url("http://api.example.com", false).is_err());
        assert!(parse_base_url("http://api.example.com", true).is_ok());
        assert!(parse_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(parse_base_url("http://[::1]:8080", false).is_ok());
        assert!(parse_base_url("http://localhost:1", false).is_ok());
        assert!(parse_base_url("https://api.dwolla.com", false).is_ok());
        assert!(parse_base_url("ftp://api.dwolla.com", true).is_err());
        assert!(parse_base_url("not a url", false).is_err());
    }

    #[test]
    fn credentials_in_the_base_url_are_refused_and_never_shown() {
        let error = parse_base_url("https://user:hunter2@api.dwolla.com", false).unwrap_err();
        assert!(!format!("{error} {error:?}").contains("hunter2"));
        let builder = Client::builder(Environment::Custom(
            "https://user:hunter2@api.dwolla.com".into(),
        ));
        assert!(!format!("{builder:?}").contains("hunter2"), "{builder:?}");
    }
}
