//! Two sets of posts side by side (docs/metrics.md#comparison): the change
//! of a figure from a base to the current set, and a bootstrap confidence
//! interval of the change of a mean or median, so a manager can tell a
//! change from noise. The resampling draws from a fixed-seed generator, so
//! the same inputs give the same interval on every run.

use chrono::{Datelike, Duration, Months, NaiveDate};

use super::rate::{mean, median_in_place, pct};

/// `current − base` and `(current − base) / base × 100`: each `None` when
/// either side is missing; the percentage also when `base` is 0.
pub fn change(base: Option<f64>, current: Option<f64>) -> (Option<f64>, Option<f64>) {
    match (base, current) {
        (Some(b), Some(c)) => (Some(c - b), pct(c - b, b)),
        _ => (None, None),
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose stream
/// depends only on its seed, enough for resampling.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0), by the multiply-shift of the 64-bit
    /// draw (its bias, below n / 2⁶⁴, is far under what a resample notices).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

/// The statistic whose change is resampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    Mean,
    Median,
}

impl Statistic {
    fn of(self, values: &mut [f64]) -> Option<f64> {
        match self {
            Statistic::Mean => mean(values),
            Statistic::Median => median_in_place(values),
        }
    }
}

/// The seed of every bootstrap: fixed, so runs repeat.
pub const SEED: u64 = 0x5EED_5EED_2025_0013;
/// Resamples drawn when the sets are small.
pub const RESAMPLES: usize = 2000;
/// Fewest resamples drawn however large the sets.
pub const MIN_RESAMPLES: usize = 200;
/// Values drawn in all, at most: large sets get fewer resamples (their
/// interval is narrow anyway), so a million posts take seconds, not hours.
const WORK: usize = 20_000_000;

/// A confidence interval of a change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// True when the interval excludes 0: the change is more than noise.
    pub fn significant(self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// How many resamples are drawn for sets of `n` values in all.
pub fn resamples_for(n: usize) -> usize {
    (WORK / n.max(1)).clamp(MIN_RESAMPLES, RESAMPLES)
}

/// The 95 % percentile-bootstrap interval of `stat(current) − stat(base)`:
/// each resample draws `base.len()` values of `base` and `current.len()` of
/// `current` with replacement, and the interval runs from the 2.5th to the
/// 97.5th percentile of the resampled changes. `None` when either set has
/// fewer than 2 values (one value has no spread to resample).
pub fn bootstrap_change(
    base: &[f64],
    current: &[f64],
    stat: Statistic,
    seed: u64,
) -> Option<Interval> {
    let n = resamples_for(base.len() + current.len());
    bootstrap_resampled(base, current, stat, seed, n)
}

/// [`bootstrap_change`] with `n` resamples.
fn bootstrap_resampled(
    base: &[f64],
    current: &[f64],
    stat: Statistic,
    seed: u64,
    n: usize,
) -> Option<Interval> {
    if base.len() < 2 || current.len() < 2 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let mut diffs = Vec::with_capacity(n);
    let mut buf_b = vec![0.0; base.len()];
    let mut buf_c = vec![0.0; current.len()];
    for _ in 0..n {
        for v in buf_b.iter_mut() {
            *v = base[rng.below(base.len())];
        }
        for v in buf_c.iter_mut() {
            *v = current[rng.below(current.len())];
        }
        let (Some(b), Some(c)) = (stat.of(&mut buf_b), stat.of(&mut buf_c)) else {
            return None;
        };
        diffs.push(c - b);
    }
    diffs.sort_by(f64::total_cmp);
    Some(Interval {
        low: quantile(&diffs, 0.025)?,
        high: quantile(&diffs, 0.975)?,
    })
}

/// The `q` quantile of sorted values, interpolating linearly between the two
/// nearest ranks (the spreadsheet `PERCENTILE.INC`); `None` when empty.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q.clamp(0.0, 1.0) * last as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let next = d
        .with_day(1)
        .and_then(|f| f.checked_add_months(Months::new(1)));
    next.map(|n| n - Duration::days(1)).unwrap_or(d)
}

fn is_whole_months(start: NaiveDate, end: NaiveDate) -> bool {
    start.day() == 1 && end == last_of_month(end)
}

/// The range just before `start..=end` with the same length: the same
/// number of calendar months when the range is whole months (so the months
/// before January–March are October–December), else the same number of days.
/// `None` before the calendar's start.
pub fn previous_range(start: NaiveDate, end: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let before = start.pred_opt()?;
    if is_whole_months(start, end) {
        let months =
            (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
        let from = start.checked_sub_months(Months::new(u32::try_from(months).ok()?))?;
        return Some((from, before));
    }
    let days = (end - start).num_days();
    Some((before.checked_sub_signed(Duration::days(days))?, before))
}

/// The same range a year earlier: each end 12 months back, a month's last
/// day staying its month's last day (2024-02-29 → 2023-02-28, and
/// 2025-02-28 → 2024-02-29).
pub fn year_earlier(start: NaiveDate, end: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let back = |d: NaiveDate| d.checked_sub_months(Months::new(12));
    let from = back(start)?;
    let to = if end == last_of_month(end) {
        last_of_month(back(end)?)
    } else {
        back(end)?
    };
    Some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn change_is_current_minus_base_and_its_share_of_base() {
        // 12 → 15: +3, +25 %.
        assert_eq!(change(Some(12.0), Some(15.0)), (Some(3.0), Some(25.0)));
        // 4 → 3: −1, −25 %.
        assert_eq!(change(Some(4.0), Some(3.0)), (Some(-1.0), Some(-25.0)));
    }

    #[test]
    fn change_pct_is_none_over_a_zero_base() {
        assert_eq!(change(Some(0.0), Some(5.0)), (Some(5.0), None));
    }

    #[test]
    fn change_is_none_when_either_side_is_missing() {
        assert_eq!(change(None, Some(5.0)), (None, None));
        assert_eq!(change(Some(5.0), None), (None, None));
    }

    #[test]
    fn splitmix_matches_the_reference_stream() {
        // The first outputs for seed 0 of the reference implementation.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut r = SplitMix64::new(7);
        for _ in 0..1000 {
            assert!(r.below(3) < 3);
        }
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        // Position 0.025 × 4 = 0.1: 1 + 0.1 × (2 − 1).
        assert!((quantile(&v, 0.025).unwrap() - 1.1).abs() < 1e-12);
        // Position 0.975 × 4 = 3.9: 4 + 0.9 × (5 − 4).
        assert!((quantile(&v, 0.975).unwrap() - 4.9).abs() < 1e-12);
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7.0], 0.975), Some(7.0));
    }

    #[test]
    fn identical_constant_sets_have_a_zero_width_interval_at_zero() {
        let iv = bootstrap_change(&[2.0, 2.0], &[2.0, 2.0, 2.0], Statistic::Mean, SEED).unwrap();
        assert_eq!((iv.low, iv.high), (0.0, 0.0));
        assert!(!iv.significant());
    }

    #[test]
    fn a_shift_of_constant_sets_is_exactly_the_shift() {
        // Every resample of {1, 1} is 1 and of {4, 4, 4} is 4: the change is 3.
        let iv = bootstrap_change(&[1.0, 1.0], &[4.0, 4.0, 4.0], Statistic::Median, SEED).unwrap();
        assert_eq!((iv.low, iv.high), (3.0, 3.0));
        assert!(iv.significant());
    }

    #[test]
    fn the_interval_holds_every_resampled_change_within_its_extremes() {
        // Any resampled mean of {1, 3} lies in [1, 3] and of {10, 14} in
        // [10, 14]: every change lies in [7, 13], and the interval too.
        let iv = bootstrap_change(&[1.0, 3.0], &[10.0, 14.0], Statistic::Mean, SEED).unwrap();
        assert!(
            iv.low >= 7.0 && iv.high <= 13.0 && iv.low <= iv.high,
            "{iv:?}"
        );
        assert!(iv.significant());
    }

    #[test]
    fn overlapping_noisy_sets_are_not_significant() {
        let a = [1.0, 9.0, 2.0, 8.0, 5.0, 4.0, 6.0, 3.0, 7.0];
        let b = [2.0, 8.0, 3.0, 7.0, 5.0, 4.0, 6.0, 9.0, 1.0];
        let iv = bootstrap_change(&a, &b, Statistic::Mean, SEED).unwrap();
        assert!(iv.low < 0.0 && iv.high > 0.0, "{iv:?}");
        assert!(!iv.significant());
    }

    #[test]
    fn the_same_seed_gives_the_same_interval() {
        let a = [1.0, 5.0, 2.0, 8.0];
        let b = [3.0, 9.0, 4.0, 6.0, 7.0];
        let x = bootstrap_change(&a, &b, Statistic::Median, SEED);
        assert_eq!(x, bootstrap_change(&a, &b, Statistic::Median, SEED));
        assert!(x.is_some());
    }

    #[test]
    fn fewer_than_two_values_on_either_side_give_no_interval() {
        assert_eq!(
            bootstrap_change(&[1.0], &[1.0, 2.0], Statistic::Mean, SEED),
            None
        );
        assert_eq!(
            bootstrap_change(&[1.0, 2.0], &[], Statistic::Mean, SEED),
            None
        );
    }

    #[test]
    fn large_sets_draw_fewer_resamples() {
        assert_eq!(resamples_for(100), RESAMPLES);
        assert_eq!(resamples_for(20_000), 1000);
        assert_eq!(resamples_for(10_000_000), MIN_RESAMPLES);
        assert_eq!(resamples_for(0), RESAMPLES);
    }

    #[test]
    fn the_resamples_are_counted_over_both_sets_together() {
        // 200 + 200 values: 20,000,000 / 400 draws allow all 2,000
        // resamples (200 × 200 would allow only 500).
        let spread = |k: u64| -> Vec<f64> {
            (0..200u64)
                .map(|i| ((i * 7919 + k) % 1000) as f64)
                .collect()
        };
        let (a, b) = (spread(1), spread(2));
        let iv = bootstrap_change(&a, &b, Statistic::Mean, SEED);
        assert!(iv.is_some());
        assert_eq!(
            iv,
            bootstrap_resampled(&a, &b, Statistic::Mean, SEED, RESAMPLES)
        );
        assert_ne!(iv, bootstrap_resampled(&a, &b, Statistic::Mean, SEED, 500));
    }

    #[test]
    fn the_previous_range_of_whole_months_is_the_months_before() {
        assert_eq!(
            previous_range(d("2025-01-01"), d("2025-03-31")),
            Some((d("2024-10-01"), d("2024-12-31")))
        );
        assert_eq!(
            previous_range(d("2025-03-01"), d("2025-03-31")),
            Some((d("2025-02-01"), d("2025-02-28")))
        );
        // Across a new year: November–February → July–October.
        assert_eq!(
            previous_range(d("2023-11-01"), d("2024-02-29")),
            Some((d("2023-07-01"), d("2023-10-31")))
        );
    }

    #[test]
    fn a_range_whole_at_one_end_only_is_counted_in_days() {
        // From the 1st to mid-month: 15 days → the 15 days before.
        assert_eq!(
            previous_range(d("2024-03-01"), d("2024-03-15")),
            Some((d("2024-02-15"), d("2024-02-29")))
        );
        // From mid-month to the month's end: 22 days → the 22 days before.
        assert_eq!(
            previous_range(d("2024-03-10"), d("2024-03-31")),
            Some((d("2024-02-17"), d("2024-03-09")))
        );
    }

    #[test]
    fn the_previous_range_of_other_ranges_has_as_many_days() {
        // 10 days, 2025-03-05 … 2025-03-14 → 2025-02-23 … 2025-03-04.
        assert_eq!(
            previous_range(d("2025-03-05"), d("2025-03-14")),
            Some((d("2025-02-23"), d("2025-03-04")))
        );
        // One ISO week (Monday to Sunday) → the week before.
        assert_eq!(
            previous_range(d("2025-03-10"), d("2025-03-16")),
            Some((d("2025-03-03"), d("2025-03-09")))
        );
    }

    #[test]
    fn a_year_earlier_keeps_month_ends_at_month_ends() {
        assert_eq!(
            year_earlier(d("2024-02-01"), d("2024-02-29")),
            Some((d("2023-02-01"), d("2023-02-28")))
        );
        assert_eq!(
            year_earlier(d("2025-02-01"), d("2025-02-28")),
            Some((d("2024-02-01"), d("2024-02-29")))
        );
        assert_eq!(
            year_earlier(d("2025-03-05"), d("2025-03-14")),
            Some((d("2024-03-05"), d("2024-03-14")))
        );
    }
}
