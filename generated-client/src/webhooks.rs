//! Verifying the webhooks Dwolla sends, and reading the event each one carries.
//!
//! Dwolla `POST`s one event, as JSON, to a webhook subscription's URL, with the header
//! `X-Request-Signature-SHA-256`: the HMAC-SHA256 of the raw request body, keyed with the
//! subscription's secret, in hex. [`verify`] checks that signature, in constant time,
//! before it reads the body, and returns the [`Event`]; match on its [`Topic`] to react,
//! for example by starting a re-authentication exchange session on
//! [`Topic::CustomerExchangeReauthRequired`].
//!
//! The signature covers the body only, with no timestamp, so a recorded webhook verifies
//! again when replayed: deduplicate by [`Event::id`] (Dwolla's key for idempotent
//! processing). Answer `2xx` within 10 seconds; Dwolla retries failed deliveries.
//!
//! Behind the `mock` feature, `mock::sign_webhook` signs a body the same way, for testing
//! a webhook handler.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use http::HeaderMap;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha2::Sha256;
use uuid::Uuid;

/// The header that carries a webhook's signature (lower case, as [`HeaderMap`] stores
/// names; header names are case-insensitive).
pub const SIGNATURE_HEADER: &str = "x-request-signature-sha-256";

/// A webhook subscription's secret: the key of its signatures.
///
/// Neither `Debug` nor any error shows it, and it is wiped from memory when dropped. Build
/// it from the secret you gave Dwolla when creating the subscription, read from your
/// configuration:
///
/// ```
/// use dwolla_exchange_sessions::webhooks::WebhookSecret;
///
/// let secret = WebhookSecret::new("read-me-from-the-environment");
/// assert_eq!(format!("{secret:?}"), "WebhookSecret([REDACTED])");
/// ```
#[derive(Clone)]
pub struct WebhookSecret(SecretString);

impl WebhookSecret {
    /// The secret, exactly as given to Dwolla (its UTF-8 bytes are the HMAC key).
    pub fn new(secret: impl Into<String>) -> Self {
        Self(SecretString::from(secret.into()))
    }

    /// The HMAC of `body` under this secret.
    pub(crate) fn mac(&self, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.expose_secret().as_bytes())
            .expect("HMAC takes a key of any length");
        mac.update(body);
        mac
    }
}

impl From<String> for WebhookSecret {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}

impl From<&str> for WebhookSecret {
    fn from(secret: &str) -> Self {
        Self::new(secret)
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([REDACTED])")
    }
}

/// Checks a webhook's signature and returns the event it carries.
///
/// `headers` are the request's headers and `body` its raw bytes, exactly as received: read
/// the body as bytes, not as a parsed and re-serialized JSON value, whose bytes would
/// differ. The steps, each with its error:
///
/// 1. The `X-Request-Signature-SHA-256` header is there, once
///    ([`WebhookError::MissingSignature`]).
/// 2. Its value (surrounding whitespace aside) is 64 hex digits, the 32 bytes of an
///    HMAC-SHA256 ([`WebhookError::MalformedSignature`]; an empty header is a wrong
///    length). Upper-case and lower-case digits are both accepted: Dwolla sends lower case,
///    and the case of a digit does not change the bytes it stands for, so accepting both
///    lets nothing through that the lower-case form would not.
/// 3. It equals the HMAC-SHA256 of `body` keyed with `secret`, compared in constant time
///    ([`WebhookError::Mismatch`]).
/// 4. Only then is the body read, as an [`Event`] ([`WebhookError::NotAnEvent`]).
///
/// The topic comes from the signed body; the `X-Dwolla-Topic` header, which the signature
/// does not cover, is not read.
///
/// ```
/// use dwolla_exchange_sessions::webhooks::{self, Topic, WebhookError, WebhookSecret};
///
/// fn handle(secret: &WebhookSecret, headers: &http::HeaderMap, body: &[u8]) -> u16 {
///     match webhooks::verify(secret, headers, body) {
///         Ok(event) => match event.topic {
///             Topic::CustomerExchangeReauthRequired => 202, // start a re-auth session
///             _ => 200,
///         },
///         Err(WebhookError::NotAnEvent(_)) => 400,
///         Err(_) => 401, // not from Dwolla, or not for this secret
///     }
/// }
/// # let _ = handle;
/// ```
pub fn verify(
    secret: &WebhookSecret,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Event, WebhookError> {
    let mut values = headers.get_all(SIGNATURE_HEADER).iter();
    let value = values.next().ok_or(WebhookError::MissingSignature)?;
    if values.next().is_some() {
        return Err(WebhookError::MalformedSignature(
            MalformedSignature::Repeated,
        ));
    }
    let signature = decode_hex(value.as_bytes().trim_ascii())?;
    secret
        .mac(body)
        .verify_slice(&signature)
        .map_err(|_| WebhookError::Mismatch)?;
    Event::from_json(body)
}

/// The 32 bytes of a hex signature, either case.
fn decode_hex(hex: &[u8]) -> Result<[u8; 32], WebhookError> {
    let malformed = |why| Err(WebhookError::MalformedSignature(why));
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return malformed(MalformedSignature::NotHex);
    }
    if hex.len() != 64 {
        return malformed(MalformedSignature::WrongLength(hex.len()));
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    };
    let mut bytes = [0; 32];
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (digit(pair[0]) << 4) | digit(pair[1]);
    }
    Ok(bytes)
}

/// The lower-case hex HMAC-SHA256 of `body` under `secret`: what Dwolla sends.
#[cfg(any(feature = "mock", test))]
pub(crate) fn signature(secret: &WebhookSecret, body: &[u8]) -> String {
    let tag = secret.mac(body).finalize().into_bytes();
    let mut hex = String::with_capacity(tag.len() * 2);
    for byte in tag {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    hex
}

/// Why a webhook was not accepted. Neither `Display` nor `Debug` ever contains the secret,
/// the signature the body should have had, or a string from the body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no `X-Request-Signature-SHA-256` header: it is not from Dwolla.
    MissingSignature,
    /// The header is not one HMAC-SHA256 in hex.
    MalformedSignature(MalformedSignature),
    /// The signature is not the body's under this secret: the request is not from Dwolla,
    /// the body changed on the way (or was re-serialized before verifying), or the
    /// subscription has another secret.
    Mismatch,
    /// The signature is valid but the body is not a Dwolla event. The reason is serde's
    /// message (which field, what kind of value), never a string from the body.
    NotAnEvent(String),
}

/// What is wrong with a signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MalformedSignature {
    /// It has a character that is not a hex digit.
    NotHex,
    /// It has this many hex digits instead of 64 (0 for an empty header).
    WrongLength(usize),
    /// The header appears more than once.
    Repeated,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature => {
                f.write_str("the webhook has no X-Request-Signature-SHA-256 header")
            }
            WebhookError::MalformedSignature(why) => {
                f.write_str("the webhook's X-Request-Signature-SHA-256 header ")?;
                match why {
                    MalformedSignature::NotHex => f.write_str("is not hex"),
                    MalformedSignature::WrongLength(digits) => {
                        write!(f, "has {digits} hex digits instead of 64")
                    }
                    MalformedSignature::Repeated => f.write_str("appears more than once"),
                }
            }
            WebhookError::Mismatch => {
                f.write_str("the webhook's signature does not match its body and the secret")
            }
            WebhookError::NotAnEvent(reason) => {
                write!(f, "the webhook's body is not a Dwolla event: {reason}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// One Dwolla event: what changed, on which resource, and when. Fields Dwolla may add are
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The event's id (`id`): the key for processing each event once, as Dwolla delivers
    /// an event again until it is acknowledged.
    pub id: String,
    /// What happened (`topic`).
    pub topic: Topic,
    /// The id of the resource that changed (`resourceId`); for the exchange topics, the
    /// exchange. See [`Event::resource_uuid`].
    pub resource_id: String,
    /// When the event was created (`created`, or the older `timestamp` when a body has no
    /// `created`).
    pub created: DateTime<Utc>,
    /// The `correlationId` given when a transfer was created (transfer events only).
    pub correlation_id: Option<String>,
    /// The `_links`, by name (`self`, `account`, `resource`, `customer`, ...), to their
    /// `href`. A link that is not an object with a string `href` is left out.
    pub links: BTreeMap<String, String>,
}

impl Event {
    /// The `href` of the link `name`.
    pub fn link(&self, name: &str) -> Option<&str> {
        self.links.get(name).map(String::as_str)
    }

    /// [`resource_id`](Self::resource_id) as a UUID, as Dwolla names resources (`None`
    /// when it is not one).
    pub fn resource_uuid(&self) -> Option<Uuid> {
        Uuid::parse_str(&self.resource_id).ok()
    }

    /// Decodes an event from JSON. No message here quotes a string from the body: the
    /// body is first read as any JSON (whose errors are syntax errors), then each field on
    /// its own, as a type that takes any string (a date-time's errors name no input).
    fn from_json(body: &[u8]) -> Result<Event, WebhookError> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|error| WebhookError::NotAnEvent(error.to_string()))?;
        let mut fields = match value {
            Value::Object(fields) => fields,
            other => {
                return Err(WebhookError::NotAnEvent(format!(
                    "a JSON {}, not an object",
                    kind(&other)
                )));
            }
        };
        let id = required(&mut fields, "id")?;
        let topic = Topic::from(required::<String>(&mut fields, "topic")?);
        let resource_id = required(&mut fields, "resourceId")?;
        let created = match field(&mut fields, "created")? {
            Some(created) => created,
            None => field(&mut fields, "timestamp")?.ok_or_else(|| missing("created"))?,
        };
        let correlation_id = field(&mut fields, "correlationId")?;
        let links = match fields.remove("_links") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(links)) => links
                .into_iter()
                .filter_map(|(name, link)| match link {
                    Value::Object(mut link) => match link.remove("href") {
                        Some(Value::String(href)) => Some((name, href)),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
            Some(other) => {
                return Err(WebhookError::NotAnEvent(format!(
                    "`_links`: a JSON {}, not an object",
                    kind(&other)
                )));
            }
        };
        Ok(Event {
            id,
            topic,
            resource_id,
            created,
            correlation_id,
            links,
        })
    }
}

/// The field `name`, when it is there and not `null`.
fn field<T: DeserializeOwned>(
    fields: &mut Map<String, Value>,
    name: &str,
) -> Result<Option<T>, WebhookError> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::deserialize(value)
            .map(Some)
            .map_err(|error| WebhookError::NotAnEvent(format!("`{name}`: {error}"))),
    }
}

/// The field `name`, which must be there.
fn required<T: DeserializeOwned>(
    fields: &mut Map<String, Value>,
    name: &str,
) -> Result<T, WebhookError> {
    field(fields, name)?.ok_or_else(|| missing(name))
}

fn missing(name: &str) -> WebhookError {
    WebhookError::NotAnEvent(format!("missing field `{name}`"))
}

/// A JSON value's kind, without its content.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// An event's topic: the exchange topics (Open Banking through Plaid) by name, every other
/// topic as [`Topic::Other`].
///
/// Two topics are equal when their names are: `Topic::Other("customer_exchange_deactivated")`
/// equals `Topic::CustomerExchangeDeactivated`. A later version may give more topics their
/// own variant, so compare other topics by [`Topic::as_str`] rather than by matching
/// `Other`'s content.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Topic {
    /// `customer_exchange_reauth_required`: the customer's bank connection needs them to
    /// sign in again. Start a re-auth exchange session for the exchange
    /// ([`Event::resource_id`]).
    CustomerExchangeReauthRequired,
    /// `customer_exchange_deactivated`: the bank connection was interrupted and the
    /// exchange no longer gives access to the account's data.
    CustomerExchangeDeactivated,
    /// Any other topic (`customer_created`, `customer_transfer_completed`, ...), by name.
    Other(String),
}

impl Topic {
    /// The topic's name, as Dwolla sends it.
    pub fn as_str(&self) -> &str {
        match self {
            Topic::CustomerExchangeReauthRequired => "customer_exchange_reauth_required",
            Topic::CustomerExchangeDeactivated => "customer_exchange_deactivated",
            Topic::Other(name) => name,
        }
    }
}

impl From<String> for Topic {
    fn from(name: String) -> Self {
        match name.as_str() {
            "customer_exchange_reauth_required" => Topic::CustomerExchangeReauthRequired,
            "customer_exchange_deactivated" => Topic::CustomerExchangeDeactivated,
            _ => Topic::Other(name),
        }
    }
}

impl From<&str> for Topic {
    fn from(name: &str) -> Self {
        Topic::from(name.to_string())
    }
}

impl PartialEq for Topic {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Topic {}

impl std::hash::Hash for Topic {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decodes_either_case_and_rejects_the_rest() {
        let lower = "00ff10ab".repeat(8);
        assert_eq!(
            decode_hex(lower.as_bytes()),
            decode_hex(lower.to_uppercase().as_bytes())
        );
        assert_eq!(
            decode_hex(lower.as_bytes()).unwrap()[..4],
            [0x00, 0xff, 0x10, 0xab]
        );
        assert_eq!(
            decode_hex(b"0g"),
            Err(WebhookError::MalformedSignature(MalformedSignature::NotHex))
        );
        assert_eq!(
            decode_hex(&lower.as_bytes()[..63]),
            Err(WebhookError::MalformedSignature(
                MalformedSignature::WrongLength(63)
            ))
        );
    }

    #[test]
    fn a_signature_is_the_lower_case_hex_hmac_sha256() {
        // RFC 4231, test case 2.
        let secret = WebhookSecret::new("Jefe");
        assert_eq!(
            signature(&secret, b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn topics_equal_by_name() {
        assert_eq!(
            Topic::Other("customer_exchange_deactivated".into()),
            Topic::CustomerExchangeDeactivated
        );
        assert_eq!(
            Topic::from("customer_exchange_reauth_required"),
            Topic::CustomerExchangeReauthRequired
        );
        assert_eq!(Topic::from("customer_created").as_str(), "customer_created");
    }
}
