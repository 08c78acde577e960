//! Order statistics over measured durations.

use std::time::Duration;

/// Samples of one measured thing.
#[derive(Debug, Clone, Default)]
pub struct Samples(pub Vec<Duration>);

impl Samples {
    /// Adds one measurement.
    pub fn push(&mut self, sample: Duration) {
        self.0.push(sample);
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing was measured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `q` quantile (nearest rank), `q` in `0.0..=1.0`.
    pub fn quantile(&self, q: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }

    /// The median.
    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    /// The 99th percentile.
    pub fn p99(&self) -> Duration {
        self.quantile(0.99)
    }
}

/// A duration in the most readable unit.
pub fn fmt_duration(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns >= 1e9 {
        format!("{:.3} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `a / b` as a float.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// The median, over rounds, of the per-round ratio `a`'s `q` quantile / `b`'s: `a` and `b`
/// are cut into consecutive rounds of `per_round` samples (a trailing partial round is
/// ignored). Each round's two quantiles come from the same stretch of time, and the median
/// over rounds ignores the few rounds that something else on the machine disturbed.
pub fn round_ratio(a: &Samples, b: &Samples, per_round: usize, q: f64) -> f64 {
    let per_round = per_round.max(1);
    let mut ratios: Vec<f64> =
        a.0.chunks_exact(per_round)
            .zip(b.0.chunks_exact(per_round))
            .map(|(a, b)| {
                ratio(
                    Samples(a.to_vec()).quantile(q),
                    Samples(b.to_vec()).quantile(q),
                )
            })
            .collect();
    if ratios.is_empty() {
        return ratio(a.quantile(q), b.quantile(q));
    }
    ratios.sort_by(f64::total_cmp);
    let mid = ratios.len() / 2;
    if ratios.len() % 2 == 1 {
        ratios[mid]
    } else {
        (ratios[mid - 1] + ratios[mid]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let samples = Samples((1..=100).map(Duration::from_millis).collect());
        assert_eq!(samples.median(), Duration::from_millis(50));
        assert_eq!(samples.p99(), Duration::from_millis(99));
        assert_eq!(samples.quantile(1.0), Duration::from_millis(100));
    }

    #[test]
    fn round_ratio_is_the_median_of_per_round_ratios() {
        let ms = |v: &[u64]| Samples(v.iter().copied().map(Duration::from_millis).collect());
        // Three rounds of two: ratios of medians 2, 1, 10 -> 2.
        let a = ms(&[2, 2, 1, 1, 10, 10]);
        let b = ms(&[1, 1, 1, 1, 1, 1]);
        assert_eq!(round_ratio(&a, &b, 2, 0.5), 2.0);
    }
}
