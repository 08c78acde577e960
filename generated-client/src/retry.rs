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

    /// `n` waits before attempt `attempt + 1`, in seconds.
    fn samples(policy: &RetryPolicy, attempt: u32, n: usize) -> Vec<f64> {
        (0..n)
            .map(|_| policy.backoff(attempt).as_secs_f64())
            .collect()
    }

    fn max(samples: &[f64]) -> f64 {
        samples.iter().copied().fold(0.0, f64::max)
    }

    /// Enough samples that each check below fails by chance with odds under 1e-9.
    const SAMPLES: usize = 4000;

    #[test]
    fn backoff_is_bounded_and_grows() {
        let policy = RetryPolicy::default();
        // 500 ms, growing 1.5x, capped at 10 s from attempt 9 on.
        let bounds = [
            0.5, 0.75, 1.125, 1.6875, 2.53125, 3.796875, 5.6953125, 8.54296875, 10.0, 10.0,
        ];
        let mut previous_max = 0.0;
        for attempt in 1..=20u32 {
            let bound = bounds[(attempt as usize - 1).min(bounds.len() - 1)];
            let waits = samples(&policy, attempt, SAMPLES);
            let top = max(&waits);
            assert!(
                waits.iter().all(|wait| (0.0..=bound).contains(wait)),
                "attempt {attempt}: a wait over {bound} s: {top}"
            );
            // Full jitter: the whole of [0, bound] is used, evenly.
            let low = waits.iter().copied().fold(f64::INFINITY, f64::min);
            assert!(
                low < 0.01 * bound,
                "attempt {attempt}: no wait under 1% of {bound} s, lowest {low}"
            );
            assert!(
                top > 0.99 * bound,
                "attempt {attempt}: no wait over 99% of {bound} s, highest {top}"
            );
            let mean = waits.iter().sum::<f64>() / SAMPLES as f64;
            assert!(
                (mean / bound - 0.5).abs() < 0.03,
                "attempt {attempt}: mean {mean} s, expected about {} s",
                bound / 2.0
            );
            let below_half = waits.iter().filter(|wait| **wait < bound / 2.0).count();
            let share = below_half as f64 / SAMPLES as f64;
            assert!(
                (share - 0.5).abs() < 0.05,
                "attempt {attempt}: {share} of the waits under half the bound"
            );
            // The bound grows until the cap, then stays there.
            if attempt <= 8 {
                assert!(
                    top > previous_max,
                    "attempt {attempt}: highest {top} s, not above {previous_max} s"
                );
            }
            previous_max = top;
        }
        // Attempt 0 (never asked for) waits like the first.
        assert!(
            samples(&policy, 0, SAMPLES)
                .iter()
                .all(|wait| (0.0..=0.5).contains(wait))
        );
    }

    #[test]
    fn extreme_settings_do_not_panic() {
        let cap = Duration::from_secs(10);
        let attempts = [0, 1, 2, 3, 64, 65, u32::MAX];
        // A finite bound far over the cap (1e10 s on attempt 2), then overflow to infinity.
        let steep = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(1))
            .multiplier(1e10)
            .max_backoff(cap);
        for attempt in attempts {
            let waits: Vec<Duration> = (0..200).map(|_| steep.backoff(attempt)).collect();
            assert!(
                waits.iter().all(|wait| *wait <= cap),
                "attempt {attempt}: {waits:?}"
            );
            if attempt >= 2 {
                // Capped, not collapsed: the cap is the bound the jitter spreads over.
                assert!(
                    waits.iter().any(|wait| *wait > Duration::from_secs(9)),
                    "attempt {attempt}: {waits:?}"
                );
            }
        }
        // No initial wait: zero while the growth is finite, then 0 x infinity = NaN, which
        // gives the cap as the bound.
        let nan = RetryPolicy::default()
            .initial_backoff(Duration::ZERO)
            .multiplier(1e300)
            .max_backoff(cap);
        for attempt in [0, 1, 2] {
            assert_eq!(nan.backoff(attempt), Duration::ZERO, "attempt {attempt}");
        }
        for attempt in [64, u32::MAX] {
            let waits: Vec<Duration> = (0..200).map(|_| nan.backoff(attempt)).collect();
            assert!(
                waits.iter().all(|wait| *wait <= cap),
                "attempt {attempt}: {waits:?}"
            );
            assert!(
                waits.iter().any(|wait| *wait > Duration::from_secs(9)),
                "attempt {attempt}: {waits:?}"
            );
        }
        // The largest settings: waits anywhere up to `Duration::MAX`, without a panic.
        let half = Duration::MAX / 2;
        for policy in [
            RetryPolicy::default()
                .initial_backoff(Duration::MAX)
                .multiplier(f64::MAX)
                .max_backoff(Duration::MAX),
            nan.clone().max_backoff(Duration::MAX),
        ] {
            for attempt in [64, u32::MAX] {
                let waits: Vec<Duration> = (0..64).map(|_| policy.backoff(attempt)).collect();
                assert!(
                    waits.iter().any(|wait| *wait > half),
                    "{policy:?} attempt {attempt}: {waits:?}"
                );
                assert!(
                    waits.iter().any(|wait| *wait < half),
                    "{policy:?} attempt {attempt}: {waits:?}"
                );
            }
        }
        // A first wait over the cap is capped; a zero cap means no wait.
        let over = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(3600))
            .max_backoff(cap);
        assert!((0..200).all(|_| over.backoff(1) <= cap));
        for attempt in attempts {
            assert_eq!(
                steep.clone().max_backoff(Duration::ZERO).backoff(attempt),
                Duration::ZERO,
                "attempt {attempt}"
            );
        }
        // A multiplier that is not finite or below 1 means no growth.
        for multiplier in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.5, -3.0] {
            let flat = RetryPolicy::default().multiplier(multiplier);
            assert_eq!(flat.multiplier, 1.0, "{multiplier}");
            assert!(
                samples(&flat, 20, SAMPLES)
                    .iter()
                    .all(|wait| (0.0..=0.5).contains(wait))
            );
        }
    }
}
