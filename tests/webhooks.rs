//! `webhooks::verify`: a body signed with the subscription's secret is accepted and
//! decoded; a changed body, a wrong secret, and a missing, empty, truncated or non-hex
//! signature are refused; a signed body that is not an event is `NotAnEvent`; and no error
//! or `Debug` output shows the secret or the signature the body should have had.

use dwolla_exchange_sessions::mock;
use dwolla_exchange_sessions::webhooks::{
    self, MalformedSignature, SIGNATURE_HEADER, Topic, WebhookError, WebhookSecret,
};
use reqwest::header::{HeaderMap, HeaderValue};

const SECRET: &str = "whsec-test-only-5f1d9c";

/// The exchange the re-auth event is about.
const EXCHANGE: &str = "74a207b2-b7b7-4efa-8bf8-582148e7b980";

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET)
}

/// A `customer_exchange_reauth_required` event as Dwolla sends it, with a field this
/// crate does not know.
fn reauth_body() -> Vec<u8> {
    format!(
        r#"{{
  "id": "80d8ff7d-7e5a-4975-ade8-9e97306d6c15",
  "resourceId": "{EXCHANGE}",
  "topic": "customer_exchange_reauth_required",
  "timestamp": "2024-02-07T16:47:47.000Z",
  "_links": {{
    "self": {{ "href": "https://api-sandbox.dwolla.com/events/80d8ff7d-7e5a-4975-ade8-9e97306d6c15" }},
    "account": {{ "href": "https://api-sandbox.dwolla.com/accounts/ad5f2162-404a-4c4c-994e-6ab6c3a13254" }},
    "resource": {{ "href": "https://api-sandbox.dwolla.com/exchanges/{EXCHANGE}", "type": "application/vnd.dwolla.v1.hal+json", "resource-type": "exchange" }},
    "customer": {{ "href": "https://api-sandbox.dwolla.com/customers/266ae7de-6393-423b-a4ec-dec8028a9b5a" }}
  }},
  "created": "2024-02-07T16:47:47.319Z",
  "addedByANewerApiVersion": {{ "nested": true }}
}}"#
    )
    .into_bytes()
}

/// Headers carrying `signature` as the signature.
fn signed_with(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(signature).unwrap());
    headers
}

/// The signature `mock::sign_webhook` puts on `body`.
fn signature_of(body: &[u8]) -> String {
    let headers = mock::sign_webhook(&secret(), body);
    headers[SIGNATURE_HEADER].to_str().unwrap().to_string()
}

#[test]
fn a_correctly_signed_event_is_accepted_and_decoded() {
    let body = reauth_body();
    let headers = mock::sign_webhook(&secret(), &body);
    let event = webhooks::verify(&secret(), &headers, &body).expect("a signed event verifies");

    assert_eq!(event.id, "80d8ff7d-7e5a-4975-ade8-9e97306d6c15");
    assert_eq!(event.topic, Topic::CustomerExchangeReauthRequired);
    assert!(matches!(event.topic, Topic::CustomerExchangeReauthRequired));
    assert_eq!(event.resource_id, EXCHANGE);
    assert_eq!(event.resource_uuid(), Some(EXCHANGE.parse().unwrap()));
    // `created` wins over the older `timestamp`.
    assert_eq!(event.created.to_rfc3339(), "2024-02-07T16:47:47.319+00:00");
    assert_eq!(event.correlation_id, None);
    assert_eq!(
        event.links.keys().collect::<Vec<_>>(),
        ["account", "customer", "resource", "self"]
    );
    assert_eq!(
        event.link("resource"),
        Some(format!("https://api-sandbox.dwolla.com/exchanges/{EXCHANGE}").as_str())
    );
}

#[test]
fn a_signature_computed_elsewhere_verifies() {
    // Python: hmac.new(b"whsec-test-only", body, hashlib.sha256).hexdigest()
    let body = br#"{"id":"80d8ff7d-7e5a-4975-ade8-9e97306d6c15","resourceId":"36E9DCB2-889B-4873-8E52-0C9404EA002A","topic":"customer_created","timestamp":"2015-10-22T14:44:11.407Z"}"#;
    let headers = signed_with("fd078256fe071c10fb2164bd3df70ae0d0f96d778fa44a18c8fb6c15957e4ffb");
    let secret = WebhookSecret::new("whsec-test-only");
    let event = webhooks::verify(&secret, &headers, body).expect("Dwolla's scheme verifies");
    assert_eq!(mock::sign_webhook(&secret, body), headers);
    // Dwolla's example payload has only `timestamp`.
    assert_eq!(event.created.to_rfc3339(), "2015-10-22T14:44:11.407+00:00");
    assert_eq!(event.topic, Topic::Other("customer_created".into()));
    assert_eq!(event.topic.as_str(), "customer_created");
    assert!(event.links.is_empty());
}

#[test]
fn one_flipped_bit_in_the_body_is_a_mismatch() {
    let body = reauth_body();
    let headers = mock::sign_webhook(&secret(), &body);
    for index in [0, body.len() / 2, body.len() - 1] {
        let mut tampered = body.clone();
        tampered[index] ^= 0x01;
        assert_eq!(
            webhooks::verify(&secret(), &headers, &tampered),
            Err(WebhookError::Mismatch),
            "bit 0 of byte {index} flipped"
        );
    }
    let mut longer = body.clone();
    longer.push(b' ');
    assert_eq!(
        webhooks::verify(&secret(), &headers, &longer),
        Err(WebhookError::Mismatch)
    );
}

#[test]
fn one_flipped_bit_in_the_signature_or_another_secret_is_a_mismatch() {
    let body = reauth_body();
    let mut signature = signature_of(&body).into_bytes();
    // '0'..'9' and 'a'..'f' stay hex digits with their lowest bit flipped.
    signature[10] ^= 0x01;
    let headers = signed_with(std::str::from_utf8(&signature).unwrap());
    assert_eq!(
        webhooks::verify(&secret(), &headers, &body),
        Err(WebhookError::Mismatch)
    );

    let headers = mock::sign_webhook(&secret(), &body);
    let other = WebhookSecret::new(format!("{SECRET}x"));
    assert_eq!(
        webhooks::verify(&other, &headers, &body),
        Err(WebhookError::Mismatch)
    );
}

#[test]
fn a_truncated_signature_is_malformed() {
    let body = reauth_body();
    let signature = signature_of(&body);
    for digits in [63, 62, 32, 1] {
        assert_eq!(
            webhooks::verify(&secret(), &signed_with(&signature[..digits]), &body),
            Err(WebhookError::MalformedSignature(
                MalformedSignature::WrongLength(digits)
            )),
            "{digits} digits"
        );
    }
    let longer = format!("{signature}00");
    assert_eq!(
        webhooks::verify(&secret(), &signed_with(&longer), &body),
        Err(WebhookError::MalformedSignature(
            MalformedSignature::WrongLength(66)
        ))
    );
}

#[test]
fn a_signature_that_is_not_hex_is_malformed() {
    let body = reauth_body();
    let signature = signature_of(&body);
    for bad in [
        format!("sha256={signature}"),
        format!("{}g", &signature[..63]),
        format!("{} {}", &signature[..32], &signature[32..]),
        "ZWQ1NTFjZmI0YWNiNDhkMzFlMTQ4ODZiZmZhMzNhYTQxN2RmYTRhM2QzNzc4ZjYx".into(),
    ] {
        assert_eq!(
            webhooks::verify(&secret(), &signed_with(&bad), &body),
            Err(WebhookError::MalformedSignature(MalformedSignature::NotHex)),
            "{bad:?}"
        );
    }
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_bytes(b"\xe9").unwrap());
    assert_eq!(
        webhooks::verify(&secret(), &headers, &body),
        Err(WebhookError::MalformedSignature(MalformedSignature::NotHex))
    );
}

#[test]
fn an_empty_signature_header_is_malformed() {
    let body = reauth_body();
    assert_eq!(
        webhooks::verify(&secret(), &signed_with(""), &body),
        Err(WebhookError::MalformedSignature(
            MalformedSignature::WrongLength(0)
        ))
    );
}

#[test]
fn a_missing_signature_header_is_rejected() {
    let body = reauth_body();
    assert_eq!(
        webhooks::verify(&secret(), &HeaderMap::new(), &body),
        Err(WebhookError::MissingSignature)
    );
    // The retired SHA-1 header and the topic header are not a signature.
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-request-signature",
        HeaderValue::from_static("0123456789abcdef0123456789abcdef01234567"),
    );
    headers.insert(
        "x-dwolla-topic",
        HeaderValue::from_static("customer_exchange_reauth_required"),
    );
    assert_eq!(
        webhooks::verify(&secret(), &headers, &body),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn a_repeated_signature_header_is_malformed() {
    let body = reauth_body();
    let mut headers = mock::sign_webhook(&secret(), &body);
    headers.append(
        SIGNATURE_HEADER,
        HeaderValue::from_str(&signature_of(&body)).unwrap(),
    );
    assert_eq!(
        webhooks::verify(&secret(), &headers, &body),
        Err(WebhookError::MalformedSignature(
            MalformedSignature::Repeated
        ))
    );
}

#[test]
fn upper_case_and_mixed_case_hex_are_accepted() {
    let body = reauth_body();
    let lower = signature_of(&body);
    assert!(
        lower.bytes().all(|c| !c.is_ascii_uppercase()),
        "Dwolla's form"
    );
    let upper = lower.to_ascii_uppercase();
    let mixed: String = lower
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    for signature in [upper, mixed] {
        let event = webhooks::verify(&secret(), &signed_with(&signature), &body)
            .unwrap_or_else(|error| panic!("{signature}: {error}"));
        assert_eq!(event.topic, Topic::CustomerExchangeReauthRequired);
    }
}

#[test]
fn the_topic_comes_from_the_signed_body_not_the_topic_header() {
    let body = reauth_body();
    let mut headers = mock::sign_webhook(&secret(), &body);
    headers.insert(
        "x-dwolla-topic",
        HeaderValue::from_static("customer_created"),
    );
    let event = webhooks::verify(&secret(), &headers, &body).unwrap();
    assert_eq!(event.topic, Topic::CustomerExchangeReauthRequired);
}

#[test]
fn exchange_topics_have_variants_and_every_other_topic_is_other() {
    let event = |topic: &str| {
        let body = format!(
            r#"{{"id":"e1","topic":"{topic}","resourceId":"r1","created":"2024-02-07T16:47:47Z"}}"#
        );
        let headers = mock::sign_webhook(&secret(), body.as_bytes());
        webhooks::verify(&secret(), &headers, body.as_bytes()).unwrap()
    };
    assert!(matches!(
        event("customer_exchange_reauth_required").topic,
        Topic::CustomerExchangeReauthRequired
    ));
    assert!(matches!(
        event("customer_exchange_deactivated").topic,
        Topic::CustomerExchangeDeactivated
    ));
    for other in [
        "customer_created",
        "customer_exchange_created",
        "CUSTOMER_EXCHANGE_DEACTIVATED",
        "",
    ] {
        match event(other).topic {
            Topic::Other(name) => assert_eq!(name, other),
            topic => panic!("{other:?} gave {topic:?}"),
        }
    }
}

#[test]
fn a_signed_body_that_is_not_an_event_is_not_an_event() {
    // Strings in these bodies must not reach the error.
    let leak = "s3cr3t-in-the-body";
    let bodies = [
        String::new(),
        "not json".into(),
        format!(r#"{{"id": "{leak}""#),
        "[]".into(),
        format!(r#""{leak}""#),
        r#"{"topic":"customer_created","resourceId":"r1","created":"2024-02-07T16:47:47Z"}"#.into(),
        format!(
            r#"{{"id":"e1","topic":"customer_created","resourceId":"r1","created":"2024-02-07T16:47:47Z","_links":"{leak}"}}"#
        ),
        format!(r#"{{"id":"e1","topic":"customer_created","resourceId":"r1","created":"{leak}"}}"#),
        format!(
            r#"{{"id":"e1","topic":"customer_created","resourceId":"r1","timestamp":"{leak}"}}"#
        ),
        r#"{"id":"e1","topic":"customer_created","resourceId":"r1"}"#.into(),
        r#"{"id":7,"topic":"customer_created","resourceId":"r1","created":"2024-02-07T16:47:47Z"}"#
            .into(),
        format!(
            r#"{{"id":"e1","topic":["{leak}"],"resourceId":"r1","created":"2024-02-07T16:47:47Z"}}"#
        ),
    ];
    for body in bodies {
        let headers = mock::sign_webhook(&secret(), body.as_bytes());
        let error =
            webhooks::verify(&secret(), &headers, body.as_bytes()).expect_err("not an event");
        let WebhookError::NotAnEvent(reason) = &error else {
            panic!("{body:?}: {error:?}");
        };
        assert!(!reason.is_empty(), "{body:?}");
        for shown in [format!("{error}"), format!("{error:?}")] {
            assert!(!shown.contains(leak), "{body:?} leaked into {shown:?}");
            assert!(!shown.contains(SECRET), "{shown:?}");
        }
    }
    let headers = mock::sign_webhook(&secret(), b"{}");
    let error = webhooks::verify(&secret(), &headers, b"{}").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the webhook's body is not a Dwolla event: missing field `id`"
    );
}

#[test]
fn no_error_and_no_debug_output_shows_the_secret_or_the_expected_signature() {
    let body = reauth_body();
    let expected = signature_of(&body);
    let mut tampered = body.clone();
    tampered[5] ^= 0x01;
    let wrong_secret = mock::sign_webhook(&WebhookSecret::new("another"), &body);
    let cases = [
        webhooks::verify(&secret(), &HeaderMap::new(), &body),
        webhooks::verify(&secret(), &signed_with(""), &body),
        webhooks::verify(&secret(), &signed_with(&expected[..63]), &body),
        webhooks::verify(&secret(), &mock::sign_webhook(&secret(), &body), &tampered),
        webhooks::verify(&secret(), &wrong_secret, &body),
        webhooks::verify(&secret(), &mock::sign_webhook(&secret(), b"[]"), b"[]"),
    ];
    let expected_for_tampered = signature_of(&tampered);
    for result in cases {
        let error = result.expect_err("refused");
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            for hidden in [SECRET, &expected, &expected_for_tampered, &expected[..16]] {
                assert!(!shown.contains(hidden), "{shown:?} shows {hidden:?}");
            }
        }
    }
    for shown in [format!("{:?}", secret()), format!("{:#?}", secret())] {
        assert!(!shown.contains(SECRET), "{shown:?}");
        assert!(shown.contains("REDACTED"), "{shown:?}");
    }
    let from_str: WebhookSecret = SECRET.into();
    assert_eq!(format!("{from_str:?}"), "WebhookSecret([REDACTED])");
}
