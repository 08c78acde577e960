//! Credentials and access tokens: a fixed bearer token, or OAuth2 client credentials with a
//! cached, single-flight token.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;
use tracing::Instrument;
use tokio::time::Instant;
use url::Url;

use crate::error::AuthError;
use crate::Error;

/// A token is treated as expired this long before Dwolla says it expires.
pub const TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);

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
    pub fn client_credentials(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
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
            Kind::ClientCredentials { id, .. } => write!(f, "Credentials::ClientCredentials {{ client_id: {id:?}, client_secret: [redacted] }}"),
        }
    }
}

/// The token source a client uses.
pub(crate) enum Auth {
    Static(SecretString),
    OAuth(TokenSource),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Static(_) => f.write_str("bearer token [redacted]"),
            Auth::OAuth(source) => write!(f, "client credentials (client_id {:?}, token endpoint {})", source.client_id, source.token_url),
        }
    }
}

/// Fetches and caches client-credentials tokens.
pub(crate) struct TokenSource {
    client_id: String,
    client_secret: SecretString,
    token_url: Url,
    cache: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: SecretString,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl Auth {
    pub(crate) fn new(credentials: Credentials, base_url: &Url) -> Result<Self, Error> {
        Ok(match credentials.0 {
            Kind::Bearer(token) => Auth::Static(token),
            Kind::ClientCredentials { id, secret } => {
                let token_url = base_url
                    .join("token")
                    .map_err(|e| Error::InvalidConfig(format!("cannot derive the token URL from {base_url}: {e}")))?;
                Auth::OAuth(TokenSource {
                    client_id: id,
                    client_secret: secret,
                    token_url,
                    cache: Mutex::new(None),
                })
            }
        })
    }

    /// True when a rejected token can be replaced by fetching a new one.
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self, Auth::OAuth(_))
    }

    /// A token valid now. Concurrent callers with an empty cache wait for one fetch.
    pub(crate) async fn token(&self, http: &reqwest::Client) -> Result<SecretString, Error> {
        match self {
            Auth::Static(token) => Ok(token.clone()),
            Auth::OAuth(source) => source.token(http).await,
        }
    }

    /// Drops `rejected` from the cache, unless another call already replaced it.
    pub(crate) async fn invalidate(&self, rejected: &SecretString) {
        if let Auth::OAuth(source) = self {
            let mut cache = source.cache.lock().await;
            if cache.as_ref().is_some_and(|c| c.token.expose_secret() == rejected.expose_secret()) {
                *cache = None;
            }
        }
    }
}

impl TokenSource {
    async fn token(&self, http: &reqwest::Client) -> Result<SecretString, Error> {
        // Holding the lock across the fetch is what makes it single-flight.
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref()
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.token.clone());
        }
        let span = tracing::debug_span!("dwolla.token", url = %self.token_url, status = tracing::field::Empty);
        let fetched = self.fetch(http).instrument(span).await?;
        let token = fetched.token.clone();
        *cache = Some(fetched);
        Ok(token)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<CachedToken, Error> {
        let response = http
            .post(self.token_url.clone())
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .map_err(|e| Error::Auth(AuthError::transport(e)))?;
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let body = response.bytes().await.map_err(|e| Error::Auth(AuthError::transport(e)))?;
        if !status.is_success() {
            let parsed: Option<OAuthErrorBody> = serde_json::from_slice(&body).ok();
            return Err(Error::Auth(AuthError::rejected(
                status,
                parsed.as_ref().map(|b| b.error.clone()),
                parsed.and_then(|b| b.error_description),
                body,
            )));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|e| Error::Auth(AuthError::rejected(status, None, Some(format!("undecodable token response: {e}")), bytes::Bytes::new())))?;
        let lifetime = Duration::from_secs(parsed.expires_in).saturating_sub(TOKEN_REFRESH_MARGIN);
        Ok(CachedToken {
            token: SecretString::from(parsed.access_token),
            refresh_at: Instant::now() + lifetime,
        })
    }
}
