//! Signing webhook bodies as Dwolla does, to test a webhook handler.

use http::{HeaderMap, HeaderValue};

use crate::webhooks::{SIGNATURE_HEADER, WebhookSecret, signature};

/// The headers Dwolla signs a webhook with: `X-Request-Signature-SHA-256`, the lower-case
/// hex HMAC-SHA256 of `body` keyed with `secret`. Send them with `body` to the handler
/// under test, which [`verify`](crate::webhooks::verify) accepts with the same secret.
///
/// ```
/// use dwolla_exchange_sessions::mock;
/// use dwolla_exchange_sessions::webhooks::{self, Topic, WebhookSecret};
///
/// let secret = WebhookSecret::new("test-secret");
/// let body = br#"{"id":"e1","topic":"customer_exchange_deactivated","resourceId":"r1","created":"2024-02-07T16:47:47Z"}"#;
/// let headers = mock::sign_webhook(&secret, body);
/// let event = webhooks::verify(&secret, &headers, body).unwrap();
/// assert_eq!(event.topic, Topic::CustomerExchangeDeactivated);
/// ```
pub fn sign_webhook(secret: &WebhookSecret, body: &[u8]) -> HeaderMap {
    let value = HeaderValue::try_from(signature(secret, body)).expect("hex is a header value");
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, value);
    headers
}
