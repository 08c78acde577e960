//! When and how long to wait before retrying.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;

use crate::error::AuthError;

/// Exponential backoff with full jitter, bounded by attempts and total elapsed time.
///
/// The default retries `429`, `500`, `502`, `503`, `504`, timeouts and connection errors, up
/// to 4 attempts within 60 s, starting at 500 ms and growing 1.5x to at most 10 s per wait.
/// A `Retry-After` header (seconds or an HTTP date) replaces the computed wait; when it asks
/// for more time than `max_elapsed` leaves, the call fails at once instead of sleeping.
/// GETs are always retryable; a POST is retried only when it carries an `Idempotency-Key`.
/// A failed token fetch is retried by the same rules (a `429`/`5xx` answer or a connection
/// error), as one sequence that every call waiting for the token shares.
///
/// Separate from this policy, a call rejected with `401 ExpiredAccessToken` or
/// `InvalidAccessToken` under OAuth credentials is replayed once with a fresh token, even
/// under [`RetryPolicy::none`]: the API did not process it.
///
/// ```
/// use std::time::Duration;
/// use dwolla_exchange_sessions::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(6)
///     .initial_backoff(Duration::from_millis(200))
///     .max_elapsed(Duration::from_secs(30));
/// let fail_fast = RetryPolicy::none();
/// # let _ = (patient, fail_fast);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) multiplier: f64,
    pub(crate) max_elapsed: Duration,
    pub(crate) statuses: Vec<u16>,
    pub(crate) connection_errors: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            multiplier: 1.5,
            max_elapsed: Duration::from_secs(60),
            statuses: vec![429, 500, 502, 503, 504],
            connection_errors: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries (the only exception is the one replay after an expired
    /// token, see above).
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts including the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first wait, before jitter.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest computed wait.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Growth factor between waits (at least 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() {
            multiplier.max(1.0)
        } else {
            1.0
        };
        self
    }

    /// No retry starts after this much time has passed since the first attempt.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The HTTP statuses that are retried.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Whether timeouts and connection errors are retried.
    pub fn connection_errors(mut self, retry: bool) -> Self {
        self.connection_errors = retry;
        self
    }

    pub(crate) fn retries_status(&self, status: StatusCode) -> bool {
        self.statuses.contains(&status.as_u16())
    }

    /// Whether a failed token fetch is worth another attempt: a retried status, or a
    /// connection failure when those are retried.
    pub(crate) fn retries_auth(&self, error: &AuthError) -> bool {
        match error.status() {
            Some(status) => self.retries_status(status),
            None => error.is_transport() && self.connection_errors,
        }
    }

    /// The wait before attempt `attempt + 1`: a random duration up to the exponential
    /// bound (full jitter), so that many clients do not retry in lockstep.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(64) as i32;
        let bound = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        // `min` also turns a NaN (0 x infinity) into the cap; huge caps cannot panic.
        let bound = bound.min(self.max_backoff.as_secs_f64());
        Duration::try_from_secs_f64(bound * unit_random()).unwrap_or(self.max_backoff)
    }
}

/// Parses `Retry-After` as delay-seconds or an HTTP date relative to `now`.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = parse_http_date(text)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The three HTTP-date formats of RFC 9110 (section 5.6.7), all in GMT: the preferred
/// IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must still accept.
const HTTP_DATE_FORMATS: [&str; 3] = [
    "%a, %d %b %Y %H:%M:%S GMT",
    "%A, %d-%b-%y %H:%M:%S GMT",
    "%a %b %e %H:%M:%S %Y",
];

fn parse_http_date(text: &str) -> Option<SystemTime> {
    HTTP_DATE_FORMATS
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
        .map(|date| SystemTime::from(date.and_utc()))
}

/// A uniform random number in `[0, 1)`: 53 random bits of a version 4 UUID (its low 62
/// bits are all random), so that jitter needs no generator of its own.
fn unit_random() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64 & ((1 << 53) - 1);
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after(&HeaderValue::from_static("3"), now),
            Some(Duration::from_secs(3))
        );
        let later = fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            parse_retry_after(&HeaderValue::from_str(&later).unwrap(), now),
            Some(Duration::from_secs(7))
        );
        let earlier = fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(
            parse_retry_after(&HeaderValue::from_str(&earlier).unwrap(), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(&HeaderValue::from_static("soon"), now),
            None
        );
    }

    fn fmt_http_date(time: SystemTime) -> String {
        chrono::DateTime::<chrono::Utc>::from(time)
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    }

    #[test]
    fn http_dates_in_all_three_formats() {
        // RFC 9110's examples, 1994-11-06 08:49:37 UTC.
        let expected = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_http_date(text), Some(expected), "{text}");
        }
        assert_eq!(fmt_http_date(expected), "Sun, 06 Nov 1994 08:49:37 GMT");
        // A weekday that does not match the date, a zone other than GMT, garbage.
        for text in [
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 +0100",
            "1994-11-06T08:49:37Z",
            "",
        ] {
            assert_eq!(parse_http_date(text), None, "{text}");
        }
    }

    #[test]
    fn unit_random_is_in_range_and_varies() {
        let samples: Vec<f64> = (0..64).map(|_| unit_random()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        assert!(samples.iter().any(|x| *x != samples[0]));
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let policy = RetryPolicy::default();
        for attempt in 1..20 {
            let bound = (0.5 * 1.5f64.powi(attempt as i32 - 1)).min(10.0);
            let wait = policy.backoff(attempt).as_secs_f64();
            assert!(
                (0.0..=bound).contains(&wait),
                "attempt {attempt}: {wait} > {bound}"
            );
        }
    }

    #[test]
    fn extreme_settings_do_not_panic() {
        let huge = RetryPolicy::default()
            .initial_backoff(Duration::ZERO)
            .multiplier(1e300)
            .max_backoff(Duration::MAX);
        let extreme = RetryPolicy::default()
            .initial_backoff(Duration::MAX)
            .multiplier(f64::MAX)
            .max_backoff(Duration::MAX);
        for attempt in [0, 1, 2, 64, u32::MAX] {
            assert!(huge.backoff(attempt) <= Duration::MAX);
            assert!(extreme.backoff(attempt) <= Duration::MAX);
        }
        assert_eq!(
            RetryPolicy::default()
                .max_backoff(Duration::ZERO)
                .backoff(3),
            Duration::ZERO
        );
    }
}
