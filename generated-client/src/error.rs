//! The crate's one error type, and the API error it carries.

use std::error::Error as _;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Everything a call can fail with. Match on the variant; `Display` gives one line, and
/// neither `Display` nor `Debug` ever contains a token, the client secret or the `Basic`
/// header.
///
/// ```
/// use dwolla_exchange_sessions::Error;
///
/// fn report(error: &Error) -> String {
///     match error {
///         // The API answered with an error status: Dwolla's code, field errors, request id.
///         Error::Api(api) if api.code() == Some("ValidationError") => api
///             .errors()
///             .iter()
///             .map(|e| format!("{}: {}", e.path, e.message))
///             .collect::<Vec<_>>()
///             .join("; "),
///         Error::Api(api) => format!("{} {:?} (request id {:?})", api.status(), api.code(), api.request_id()),
///         // The token endpoint refused the client id and secret.
///         Error::Auth(auth) if auth.error() == Some("invalid_client") => "check DWOLLA_CLIENT_ID/SECRET".into(),
///         // Same Idempotency-Key still being processed: try again later with the same key.
///         Error::InProgress { idempotency_key, .. } => format!("still running: {idempotency_key}"),
///         Error::Timeout { attempts, .. } => format!("timed out after {attempts} attempt(s)"),
///         // An answer over the body size limit: not retried.
///         Error::BodyTooLarge { operation, limit, .. } => format!("{operation}: answer over {limit} bytes"),
///         other if other.is_retryable() => format!("temporary: {other}"),
///         other => other.to_string(),
///     }
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status.
    Api(ApiError),
    /// Getting an access token failed (the token endpoint refused the credentials, or
    /// could not be reached).
    Auth(AuthError),
    /// An attempt took longer than its timeout (after any retries).
    Timeout {
        /// The operationId.
        operation: &'static str,
        /// Attempts made.
        attempts: u32,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The request could not be sent or the connection failed (after any retries).
    Transport {
        /// The operationId.
        operation: &'static str,
        /// Attempts made.
        attempts: u32,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The request was never sent: a parameter or the body is missing or invalid.
    InvalidRequest(String),
    /// A success response that is not what the operation documents: an undocumented
    /// status, or a body that does not decode into the documented type. The raw bytes
    /// are kept.
    InvalidResponse {
        /// The operationId.
        operation: &'static str,
        /// The HTTP status (set whenever a response arrived).
        status: Option<StatusCode>,
        /// Why decoding failed.
        reason: String,
        /// The raw body.
        body: Bytes,
    },
    /// `409 Conflict` under an `Idempotency-Key`: the first request with this key is still
    /// being processed. Wait, then retry with the same key to get its result.
    InProgress {
        /// The operationId.
        operation: &'static str,
        /// The key both requests carried.
        idempotency_key: String,
        /// The API's `409` answer.
        response: ApiError,
    },
    /// The client's configuration is invalid (base URL, missing credentials, TLS setup).
    InvalidConfig(String),
    /// A `Location` header is missing, malformed, or points off the client's host.
    Location(LocationError),
    /// A response body (success, error, or the token endpoint's answer) was larger than
    /// the body size limit ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size),
    /// [`RequestOptions::max_body_size`](crate::RequestOptions::max_body_size)). Reading
    /// stopped at the limit, or before the first byte when `Content-Length` announced
    /// more. Never retried: the same request would get the same answer.
    BodyTooLarge {
        /// The operationId of the call.
        operation: &'static str,
        /// The limit in bytes that the body passed.
        limit: u64,
        /// Whether the oversized answer came from the token endpoint (fetching a token
        /// for this call) rather than from the operation itself.
        from_token_endpoint: bool,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => write!(f, "{api}"),
            Error::Auth(auth) => write!(f, "{auth}"),
            Error::Timeout {
                operation,
                attempts,
                source,
            } => {
                write!(
                    f,
                    "{operation}: timed out after {attempts} attempt(s): {}",
                    Chain(source)
                )
            }
            Error::Transport {
                operation,
                attempts,
                source,
            } => {
                write!(
                    f,
                    "{operation}: transport error after {attempts} attempt(s): {}",
                    Chain(source)
                )
            }
            Error::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Error::InvalidResponse {
                operation, reason, ..
            } => write!(f, "{operation}: undecodable response: {reason}"),
            Error::InProgress {
                operation,
                idempotency_key,
                ..
            } => {
                write!(
                    f,
                    "{operation}: a request with Idempotency-Key {idempotency_key} is still in progress"
                )
            }
            Error::InvalidConfig(reason) => write!(f, "invalid client configuration: {reason}"),
            Error::Location(location) => fmt::Display::fmt(location, f),
            Error::BodyTooLarge {
                operation,
                limit,
                from_token_endpoint,
            } => {
                let whose = if *from_token_endpoint {
                    "the token endpoint's"
                } else {
                    "the"
                };
                write!(
                    f,
                    "{operation}: {whose} response body is larger than the {limit}-byte limit"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout { source, .. } | Error::Transport { source, .. } => Some(source),
            // Transparent: the Location error stands for this one, causes included.
            Error::Location(location) => location.source(),
            _ => None,
        }
    }
}

impl From<LocationError> for Error {
    fn from(error: LocationError) -> Self {
        Error::Location(error)
    }
}

impl Error {
    /// Whether retrying the same call could succeed: rate limits, `5xx` gateways, timeouts
    /// and connection failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => is_retryable_status(api.status()),
            Error::Timeout { .. } | Error::Transport { .. } | Error::InProgress { .. } => true,
            Error::Auth(auth) => auth.is_retryable(),
            Error::InvalidRequest(_)
            | Error::InvalidResponse { .. }
            | Error::InvalidConfig(_)
            | Error::Location(_)
            | Error::BodyTooLarge { .. } => false,
        }
    }

    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) | Error::InProgress { response: api, .. } => Some(api.status()),
            Error::Auth(auth) => auth.status,
            Error::InvalidResponse { status, .. } => *status,
            _ => None,
        }
    }

    /// The API error, for `Api` and `InProgress`.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) | Error::InProgress { response: api, .. } => Some(api),
            _ => None,
        }
    }
}

/// The statuses worth retrying by default.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// A non-success answer from the API: status, Dwolla's `code` and `message`, the
/// field-level validation errors, `X-Request-ID`, and the raw body. A blank or non-JSON
/// body (a proxy's HTML page) still gives an `ApiError`, with `code()` returning `None`.
///
/// The body typed by the schema the spec declares for the operation and status comes
/// from the operation's error enum in [`crate::operations`], such as
/// `operations::<Operation>Error::from_api(&api)`, or from [`ApiError::decode_body`].
#[derive(Clone)]
pub struct ApiError(Box<ApiErrorParts>);

// Boxed so that `Result<_, Error>` stays small.
#[derive(Clone)]
struct ApiErrorParts {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    conventions: Conventions,
    raw: Bytes,
}

/// Dwolla's error conventions, each read on its own so that a body missing one still
/// gives the others.
#[derive(Clone, Default, Deserialize)]
struct Conventions {
    #[serde(default, deserialize_with = "lenient")]
    code: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    message: Option<String>,
    #[serde(default, rename = "_embedded", deserialize_with = "lenient")]
    embedded: Option<Embedded>,
}

#[derive(Clone, Default, Deserialize)]
struct Embedded {
    #[serde(default, deserialize_with = "lenient_list")]
    errors: Vec<FieldError>,
}

/// One field-level validation error from `_embedded.errors`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct FieldError {
    /// The error code, such as `Required` or `Invalid`.
    #[serde(default)]
    pub code: String,
    /// What is wrong.
    #[serde(default)]
    pub message: String,
    /// A JSON pointer to the field in the request body, such as `/_links/exchange-partner`.
    #[serde(default)]
    pub path: String,
}

/// A field of the wrong type is absent, not a failure of the whole body.
fn lenient<'de, D: serde::Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// Keeps the entries that decode.
fn lenient_list<'de, D: serde::Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        raw: Bytes,
    ) -> Self {
        let conventions = serde_json::from_slice::<Conventions>(&raw).unwrap_or_default();
        Self(Box::new(ApiErrorParts {
            operation,
            status,
            headers,
            conventions,
            raw,
        }))
    }

    /// Decodes the body as `T`, such as the error schema the spec declares.
    pub fn decode_body<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.0.raw)
    }

    /// The operationId of the failed call.
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// Dwolla's error code, such as `ValidationError`, when the body has one.
    pub fn code(&self) -> Option<&str> {
        self.0.conventions.code.as_deref()
    }

    /// Dwolla's human-readable message, when the body has one.
    pub fn message(&self) -> Option<&str> {
        self.0.conventions.message.as_deref()
    }

    /// The field-level errors (`_embedded.errors`), each with a JSON-pointer `path`.
    pub fn errors(&self) -> &[FieldError] {
        self.0
            .conventions
            .embedded
            .as_ref()
            .map(|e| e.errors.as_slice())
            .unwrap_or_default()
    }

    /// The raw body bytes, exactly as received.
    pub fn raw_body(&self) -> &Bytes {
        &self.0.raw
    }

    /// Dwolla's `X-Request-ID`, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.0
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.0.operation)
            .field("status", &self.0.status)
            .field("code", &self.code())
            .field("message", &self.message())
            .field("errors", &self.errors())
            .field("request_id", &self.request_id())
            .field("raw_body", &String::from_utf8_lossy(&self.0.raw))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.operation, self.0.status)?;
        if let Some(code) = self.code() {
            write!(f, " {code}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        for error in self.errors() {
            write!(f, " [{} {}: {}]", error.path, error.code, error.message)?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The token endpoint refused the credentials, answered something undecodable, or could
/// not be reached. Cloneable so that calls waiting on the same token fetch all get it.
#[derive(Debug, Clone)]
pub struct AuthError {
    pub(crate) status: Option<StatusCode>,
    pub(crate) error: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) raw: Bytes,
    pub(crate) source: Option<Arc<reqwest::Error>>,
}

impl AuthError {
    pub(crate) fn transport(source: reqwest::Error) -> Self {
        Self {
            status: None,
            error: None,
            description: None,
            raw: Bytes::new(),
            source: Some(Arc::new(source)),
        }
    }

    pub(crate) fn rejected(
        status: StatusCode,
        error: Option<String>,
        description: Option<String>,
        raw: Bytes,
    ) -> Self {
        Self {
            status: Some(status),
            error,
            description,
            raw,
            source: None,
        }
    }

    /// The token endpoint's status, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The OAuth error code, such as `invalid_client`.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The OAuth `error_description`, or why a success answer could not be used.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The token endpoint's raw body on an error status (empty otherwise: a success body
    /// holds a token and is never kept).
    pub fn raw_body(&self) -> &Bytes {
        &self.raw
    }

    /// True when the token endpoint could not be reached or did not answer in time.
    pub fn is_transport(&self) -> bool {
        self.source.is_some()
    }

    /// True when the token endpoint did not answer within the call's timeout.
    pub fn is_timeout(&self) -> bool {
        self.source.as_ref().is_some_and(|e| e.is_timeout())
    }

    /// Transport failures and `429`/`5xx` answers may succeed later; a refused credential
    /// will not.
    pub fn is_retryable(&self) -> bool {
        self.is_transport() || self.status.is_some_and(is_retryable_status)
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("token request failed")?;
        if let Some(status) = self.status {
            write!(f, ": {status}")?;
        }
        if let Some(error) = &self.error {
            write!(f, " {error}")?;
        }
        if let Some(description) = &self.description {
            write!(f, ": {description}")?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {}", Chain(source.as_ref()))?;
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// Shows an error and its innermost cause on one line: reqwest's own message only says
/// "error sending request", the cause says why (refused, reset, timed out).
struct Chain<'a>(&'a reqwest::Error);

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut root: Option<&dyn std::error::Error> = None;
        let mut next = self.0.source();
        while let Some(cause) = next {
            root = Some(cause);
            next = cause.source();
        }
        match root {
            Some(cause) => write!(f, ": {cause}"),
            None => Ok(()),
        }
    }
}

/// Why a `Location` header gives no usable URL or id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocationError {
    /// The response had no `Location` header.
    Missing,
    /// The header is not a valid URL: not an RFC 3986 URI-reference (an absolute URI or a
    /// relative reference, with every character allowed where it stands and every `%`
    /// starting a two-hex-digit escape; an `http`/`https` one with a host), not UTF-8, or
    /// not one that resolves to a URL with a path. Holds the header as received.
    Malformed(String),
    /// The URL's path does not match the path of the operation that reads the resource.
    Unmatched {
        /// The Location.
        location: String,
        /// The path template of the operation that reads the resource.
        template: String,
    },
    /// A path variable in the URL does not parse as its parameter's type.
    InvalidParameter {
        /// The variable's name.
        name: String,
        /// Its value in the Location.
        value: String,
    },
    /// The URL's last path segment is not a UUID.
    NoId(String),
    /// The URL is on another scheme, host or port than the client's base URL, so it is
    /// not followed with the client's credentials.
    ForeignHost {
        /// The Location.
        location: String,
        /// The client's origin.
        expected: String,
    },
}

impl fmt::Display for LocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocationError::Missing => f.write_str("the response has no Location header"),
            LocationError::Malformed(location) => {
                write!(f, "Location {location:?} is not a valid URL")
            }
            LocationError::Unmatched { location, template } => {
                write!(f, "Location {location:?} does not match {template:?}")
            }
            LocationError::InvalidParameter { name, value } => {
                write!(f, "Location path variable `{name}` is not valid: {value:?}")
            }
            LocationError::NoId(location) => {
                write!(f, "Location {location:?} does not end in a resource id")
            }
            LocationError::ForeignHost { location, expected } => write!(
                f,
                "Location {location:?} is not on the client's host {expected:?}; not following it with credentials"
            ),
        }
    }
}

impl std::error::Error for LocationError {}
