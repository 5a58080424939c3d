//! A target for the next period from a metric's history
//! (docs/metrics.md#suggest): the current value grown by the median growth
//! of the last few periods, never by more than the best change from one
//! period to the next seen so far, so the target is within what the account
//! has already done once.

use serde::Serialize;

use super::goals::Point;
use super::rate::median;

/// Changes from one period to the next the median growth is taken over.
pub const RECENT: usize = 3;

/// How a target was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// current × (1 + median growth).
    MedianGrowth,
    /// The median growth would add more than the best change seen: current + best change.
    CappedAtBest,
    /// The median growth is not positive: hold the current value.
    Hold,
    /// One period of history: hold the current value.
    OnePeriod,
}

/// A suggested target with what it was made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The latest value.
    pub current: f64,
    /// Median of the relative growth (in %) of the last [`RECENT`]
    /// changes from one period to the next with a positive start.
    pub median_growth: Option<f64>,
    /// Changes the median is over.
    pub changes_used: usize,
    /// The largest change from one period to the next, per period.
    pub best_change: Option<f64>,
    pub target: f64,
    pub rule: Rule,
}

/// The suggestion for the period after the last of `points` (values by
/// period, in order); `None` without a value.
pub fn suggest(points: &[Point]) -> Option<Suggestion> {
    let last = points.last()?;
    let current = last.value;
    let steps: Vec<(f64, f64, f64)> = points
        .windows(2)
        .map(|w| {
            let gap = (w[1].index - w[0].index).max(1) as f64;
            (w[0].value, w[1].value, gap)
        })
        .collect();
    let best_change = steps
        .iter()
        .map(|&(a, b, gap)| (b - a) / gap)
        .reduce(f64::max);
    let growths: Vec<f64> = steps
        .iter()
        .rev()
        .take(RECENT)
        .filter(|&&(a, _, _)| a > 0.0)
        .map(|&(a, b, gap)| (b - a) / a / gap * 100.0)
        .collect();
    let median_growth = median(&growths);
    let (target, rule) = match (median_growth, best_change) {
        _ if points.len() < 2 => (current, Rule::OnePeriod),
        (Some(g), Some(best)) if g > 0.0 => {
            let step = current * g / 100.0;
            // A positive growth is a rise, so `best` is above 0 here.
            if step > best {
                (current + best, Rule::CappedAtBest)
            } else {
                (current + step, Rule::MedianGrowth)
            }
        }
        _ => (current, Rule::Hold),
    };
    Some(Suggestion {
        current,
        median_growth,
        changes_used: growths.len(),
        best_change,
        target,
        rule,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(values: &[f64]) -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| Point {
                index: i as i64,
                value,
            })
            .collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn grows_by_the_median_growth_of_the_last_three_periods() {
        // 100 → 120 (+20 %) → 120 (0 %) → 126 (+5 %) → 132.3 (+5 %): the
        // last three growths 0, 5, 5 → median 5 %; 132.3 × 5 % = 6.615 is
        // within the best change, 20: 132.3 + 6.615.
        let s = suggest(&pts(&[100.0, 120.0, 120.0, 126.0, 132.3])).unwrap();
        close(s.median_growth.unwrap(), 5.0);
        assert_eq!(s.changes_used, 3);
        close(s.best_change.unwrap(), 20.0);
        close(s.target, 138.915);
        assert_eq!(s.rule, Rule::MedianGrowth);
    }

    #[test]
    fn a_step_beyond_the_best_change_is_capped_there() {
        // 10,000 → 12,000 → 14,000: growths 20 % and 16.7 %, median 18.3 %;
        // 14,000 × 18.3 % = 2,567 > the best change 2,000.
        let s = suggest(&pts(&[10_000.0, 12_000.0, 14_000.0])).unwrap();
        close(s.median_growth.unwrap(), (20.0 + 200.0 / 12.0) / 2.0);
        assert_eq!(s.rule, Rule::CappedAtBest);
        close(s.target, 16_000.0);
    }

    #[test]
    fn a_change_across_a_missing_period_counts_per_period() {
        // Periods 0 and 2 (1 has no value): +10 over two periods is +5 a
        // period, and +10 % of 100 over two periods is +5 % a period.
        let s = suggest(&[
            Point {
                index: 0,
                value: 100.0,
            },
            Point {
                index: 2,
                value: 110.0,
            },
        ])
        .unwrap();
        assert_eq!(s.best_change, Some(5.0));
        assert_eq!(s.median_growth, Some(5.0));
        // 5 % of 110 is 5.5, more than the best change: capped at 110 + 5.
        assert_eq!((s.target, s.rule), (115.0, Rule::CappedAtBest));
    }

    #[test]
    fn a_step_equal_to_the_best_change_is_not_capped() {
        // 50 → 100 (+100 %) → 100 (0 %): median 50 %; 100 × 50 % = 50, the
        // best change itself.
        let s = suggest(&pts(&[50.0, 100.0, 100.0])).unwrap();
        assert_eq!((s.median_growth, s.best_change), (Some(50.0), Some(50.0)));
        assert_eq!((s.target, s.rule), (150.0, Rule::MedianGrowth));
    }

    #[test]
    fn no_growth_holds_its_level() {
        let s = suggest(&pts(&[100.0, 100.0, 100.0])).unwrap();
        assert_eq!(s.median_growth, Some(0.0));
        assert_eq!((s.target, s.rule), (100.0, Rule::Hold));
    }

    #[test]
    fn a_falling_metric_holds_its_level() {
        let s = suggest(&pts(&[5.0, 4.0, 3.5])).unwrap();
        assert_eq!(s.rule, Rule::Hold);
        close(s.target, 3.5);
    }

    #[test]
    fn one_period_holds_its_level_and_none_gives_nothing() {
        let s = suggest(&pts(&[7.0])).unwrap();
        assert_eq!(
            (s.rule, s.target, s.median_growth, s.best_change),
            (Rule::OnePeriod, 7.0, None, None)
        );
        assert_eq!(suggest(&[]), None);
    }

    #[test]
    fn growth_from_zero_is_left_out_of_the_median() {
        // 0 → 10 has no relative growth; 10 → 12 is +20 %; best change 10.
        let s = suggest(&pts(&[0.0, 10.0, 12.0])).unwrap();
        assert_eq!(s.changes_used, 1);
        close(s.median_growth.unwrap(), 20.0);
        close(s.target, 14.4);
        // Only 0 → 5: no growth to take the median of.
        let s = suggest(&pts(&[0.0, 5.0])).unwrap();
        assert_eq!((s.median_growth, s.rule, s.target), (None, Rule::Hold, 5.0));
    }
}
