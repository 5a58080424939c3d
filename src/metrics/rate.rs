//! The arithmetic every rate shares: a percentage that is `None` over zero,
//! relative change, mean and median, and the ER band.

use serde::Serialize;

/// `part / whole × 100`, or `None` when `whole` is 0.
pub fn pct(part: f64, whole: f64) -> Option<f64> {
    if whole == 0.0 || !whole.is_finite() || !part.is_finite() {
        None
    } else {
        Some(part / whole * 100.0)
    }
}

/// Relative change from `before` to `after` in %: `(after − before) / before × 100`.
/// `None` when either side is missing or `before` is 0.
pub fn growth(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    match (before, after) {
        (Some(b), Some(a)) => pct(a - b, b),
        _ => None,
    }
}

/// A total per day: `total / days` (docs/metrics.md#avg-daily-growth,
/// #series); `None` over no days.
pub fn per_day(total: i64, days: u32) -> Option<f64> {
    (days != 0).then(|| total as f64 / f64::from(days))
}

/// Arithmetic mean; `None` for an empty slice.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Median (mean of the two middle values for an even count); `None` for an empty slice.
pub fn median(values: &[f64]) -> Option<f64> {
    median_in_place(&mut values.to_vec())
}

/// [`median`] of values that may be reordered.
pub fn median_in_place(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    // Selection, not a sort: a median of millions of posts takes one pass.
    let n = v.len();
    let (lower, upper, _) = v.select_nth_unstable_by(n / 2, |a, b| a.total_cmp(b));
    let upper = *upper;
    Some(if n % 2 == 1 {
        upper
    } else {
        // The largest of the lower half is the other middle value.
        let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (below + upper) / 2.0
    })
}

/// How an ER compares with the target (docs/metrics.md#band, scaled to `--target-er`;
/// with the default 3 %: below 1 low, 1–3.5 average, 3.5–6 high, above 6 very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Average,
    High,
    VeryHigh,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Average => "average",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }
}

/// The band of an ER against a target ER (both in %). `None` when either is
/// undefined or the target is not positive.
pub fn band(er: Option<f64>, target: f64) -> Option<Band> {
    let er = er?;
    if target.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) || !er.is_finite() {
        return None;
    }
    let scale = target / 3.0;
    Some(if er < 1.0 * scale {
        Band::Low
    } else if er < 3.5 * scale {
        Band::Average
    } else if er <= 6.0 * scale {
        Band::High
    } else {
        Band::VeryHigh
    })
}
