//! SMART goals (docs/metrics.md#goals): how far a metric has come from its
//! baseline towards a target, the pace it went at and the pace it needs,
//! where a straight line through its history lands at the deadline, and
//! what in the goal itself is off (a target that is no change, a deadline
//! gone by, a pace history never came near).
//!
//! Periods are numbered ([`period_index`]) so that consecutive calendar
//! periods are consecutive integers: paces are per period, and the line is
//! fitted over period numbers.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::periods::Period;

/// Which way the metric should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
}

impl Direction {
    /// A change as the goal sees it: positive when it goes the goal's way
    /// (the change for `increase`, its opposite for `decrease`).
    pub fn along(self, change: f64) -> f64 {
        match self {
            Direction::Increase => change,
            Direction::Decrease => -change,
        }
    }

    /// Whether a change does not go the goal's way: none, or the other
    /// way (a change that is not a number is neither).
    pub fn gains_nothing(self, change: f64) -> bool {
        match self {
            Direction::Increase => change <= 0.0,
            Direction::Decrease => change >= 0.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The current value has reached the target.
    Achieved,
    /// The deadline has passed without it.
    Missed,
    /// The projection reaches the target by the deadline.
    OnTrack,
    /// It does not (or there is too little history to project).
    AtRisk,
    /// The metric has no value in any complete period.
    NoData,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::Missed => "missed",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::NoData => "no_data",
        }
    }
}

/// A SMART check a goal fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// The target is not beyond the baseline in the goal's direction
    /// (not specific: there is nothing to achieve).
    TargetNotBeyondBaseline,
    /// The deadline is before as-of (no longer time-bound).
    DeadlinePassed,
    /// The metric has no value (not measurable from these files).
    NoData,
    /// The pace needed is more than [`UNREALISTIC`] times the best change
    /// from one period to the next seen so far (not achievable as history goes).
    PaceUnrealistic,
}

/// How many times the best change seen the pace needed may be before the
/// goal is called unrealistic.
pub const UNREALISTIC: f64 = 3.0;

/// The number of the period holding `date`: consecutive periods have
/// consecutive numbers (days, ISO weeks, months, quarters since the
/// calendar's start). `All` numbers days.
pub fn period_index(period: Period, date: NaiveDate) -> i64 {
    let days = i64::from(date.num_days_from_ce());
    match period {
        Period::Day | Period::All => days,
        // Day 1 of the calendar (0001-01-01) is a Monday.
        Period::Week => (days - 1).div_euclid(7),
        Period::Month => i64::from(date.year()) * 12 + i64::from(date.month0()),
        Period::Quarter => i64::from(date.year()) * 4 + i64::from(date.month0() / 3),
    }
}

/// A metric's value in one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// [`period_index`] of the period.
    pub index: i64,
    pub value: f64,
}

/// What a goal asks, in period numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalParams {
    pub target: f64,
    pub direction: Direction,
    /// The goal file's `baseline`, when it states one.
    pub baseline: Option<f64>,
    /// The period holding the goal's `start`, when it states one.
    pub start: Option<i64>,
    /// The period holding the deadline.
    pub deadline: i64,
    /// The deadline is before as-of.
    pub deadline_passed: bool,
}

/// A goal's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalProgress {
    pub baseline: Option<f64>,
    /// The period the baseline belongs to.
    pub baseline_index: Option<i64>,
    pub current: Option<f64>,
    pub current_index: Option<i64>,
    /// (current − baseline) / (target − baseline) × 100.
    pub progress: Option<f64>,
    /// (current − baseline) / periods from the baseline's to the current's.
    pub pace_actual: Option<f64>,
    /// (target − current) / periods left.
    pub pace_needed: Option<f64>,
    /// The least-squares line through the values from the baseline's period
    /// to the current one, at the deadline's period.
    pub projected: Option<f64>,
    /// Periods after the current one up to and including the deadline's.
    pub periods_left: Option<i64>,
    /// The largest change from one period to the next in the goal's
    /// direction, per period, over the history up to the current value.
    pub best_change: Option<f64>,
    pub status: Status,
    pub warnings: Vec<Warning>,
}

/// The slope and intercept of the least-squares line through the points;
/// `None` with fewer than two distinct periods.
pub fn least_squares(points: &[Point]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.index as f64).sum::<f64>() / n;
    let my = points.iter().map(|p| p.value).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.index as f64 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    // Σ (x − x̄)(y − ȳ) = Σ (x − x̄) y, since Σ (x − x̄) = 0.
    let sxy: f64 = points.iter().map(|p| (p.index as f64 - mx) * p.value).sum();
    let slope = sxy / sxx;
    Some((slope, my - slope * mx))
}

/// A goal's figures from the metric's values by period (`points`: complete
/// periods with a value, in period order).
pub fn evaluate(points: &[Point], g: &GoalParams) -> GoalProgress {
    // The goal is judged at its deadline: later periods do not count.
    let history: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p.index <= g.deadline)
        .collect();
    let mut warnings = Vec::new();
    if g.deadline_passed {
        warnings.push(Warning::DeadlinePassed);
    }
    let Some(last) = history.last().copied() else {
        warnings.push(Warning::NoData);
        if let Some(b) = g.baseline {
            if g.direction.gains_nothing(g.target - b) {
                warnings.insert(0, Warning::TargetNotBeyondBaseline);
            }
        }
        return GoalProgress {
            baseline: g.baseline,
            baseline_index: g.baseline.and(g.start),
            current: None,
            current_index: None,
            progress: None,
            pace_actual: None,
            pace_needed: None,
            projected: None,
            periods_left: None,
            best_change: None,
            status: Status::NoData,
            warnings,
        };
    };
    let (baseline, baseline_index) = match (g.baseline, g.start) {
        (Some(b), Some(s)) => (Some(b), Some(s)),
        (Some(b), None) => (Some(b), history.first().map(|p| p.index)),
        (None, Some(s)) => match history.iter().find(|p| p.index >= s) {
            Some(p) => (Some(p.value), Some(p.index)),
            None => (None, None),
        },
        (None, None) => (
            history.first().map(|p| p.value),
            history.first().map(|p| p.index),
        ),
    };
    // A baseline after the current period has no history to measure.
    let (baseline, baseline_index) = match baseline_index {
        Some(i) if i > last.index => (None, None),
        _ => (baseline, baseline_index),
    };
    let current = last.value;
    let progress = baseline.and_then(|b| {
        let span = g.target - b;
        (span != 0.0).then(|| (current - b) / span * 100.0)
    });
    let pace_actual = match (baseline, baseline_index) {
        (Some(b), Some(i)) if last.index > i => Some((current - b) / (last.index - i) as f64),
        _ => None,
    };
    let periods_left = (g.deadline - last.index).max(0);
    let pace_needed = (periods_left > 0).then(|| (g.target - current) / periods_left as f64);
    let fitted: Vec<Point> = history
        .iter()
        .copied()
        .filter(|p| baseline_index.is_none_or(|i| p.index >= i))
        .collect();
    let projected = least_squares(&fitted).map(|(a, b)| a * g.deadline as f64 + b);
    let best_change = history
        .windows(2)
        .map(|w| {
            g.direction
                .along((w[1].value - w[0].value) / (w[1].index - w[0].index) as f64)
        })
        .reduce(f64::max);
    if let Some(b) = baseline {
        if g.direction.gains_nothing(g.target - b) {
            warnings.insert(0, Warning::TargetNotBeyondBaseline);
        }
    }
    if let (Some(needed), Some(best)) = (pace_needed.map(|p| g.direction.along(p)), best_change) {
        if needed > 0.0 && needed > UNREALISTIC * best {
            warnings.push(Warning::PaceUnrealistic);
        }
    }
    let reached = |v: f64| g.direction.along(v - g.target) >= 0.0;
    let status = if reached(current) {
        Status::Achieved
    } else if g.deadline_passed {
        Status::Missed
    } else if projected.is_some_and(reached) {
        Status::OnTrack
    } else {
        Status::AtRisk
    };
    GoalProgress {
        baseline,
        baseline_index,
        current: Some(current),
        current_index: Some(last.index),
        progress,
        pace_actual,
        pace_needed,
        projected,
        periods_left: Some(periods_left),
        best_change,
        status,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn month(s: &str) -> i64 {
        period_index(Period::Month, d(s))
    }

    fn pts(first: &str, values: &[f64]) -> Vec<Point> {
        let i0 = month(first);
        values
            .iter()
            .enumerate()
            .map(|(k, &value)| Point {
                index: i0 + k as i64,
                value,
            })
            .collect()
    }

    fn goal(target: f64, deadline: &str) -> GoalParams {
        GoalParams {
            target,
            direction: Direction::Increase,
            baseline: None,
            start: None,
            deadline: month(deadline),
            deadline_passed: false,
        }
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a value");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn consecutive_periods_have_consecutive_numbers() {
        assert_eq!(month("2025-01-31") + 1, month("2025-02-01"));
        assert_eq!(month("2024-12-01") + 1, month("2025-01-15"));
        let w = |s| period_index(Period::Week, d(s));
        // 2025-03-09 is a Sunday, 2025-03-10 a Monday.
        assert_eq!(w("2025-03-03"), w("2025-03-09"));
        assert_eq!(w("2025-03-09") + 1, w("2025-03-10"));
        let q = |s| period_index(Period::Quarter, d(s));
        assert_eq!(q("2025-03-31") + 1, q("2025-04-01"));
        assert_eq!(q("2024-12-31") + 1, q("2025-01-01"));
        let day = |s| period_index(Period::Day, d(s));
        assert_eq!(day("2024-02-28") + 2, day("2024-03-01"));
    }

    #[test]
    fn the_worked_example_of_reach_is_on_track() {
        // Jan 10,000, Feb 12,000, Mar 14,000; target 15,000 by June.
        let p = evaluate(
            &pts("2025-01-01", &[10_000.0, 12_000.0, 14_000.0]),
            &goal(15_000.0, "2025-06-30"),
        );
        assert_eq!(p.baseline, Some(10_000.0));
        assert_eq!(p.current, Some(14_000.0));
        // (14,000 − 10,000) / (15,000 − 10,000) × 100 = 80.
        close(p.progress, 80.0);
        // 4,000 over the 2 periods January → March.
        close(p.pace_actual, 2_000.0);
        // 1,000 over April, May and June.
        close(p.pace_needed, 1_000.0 / 3.0);
        assert_eq!(p.periods_left, Some(3));
        // The line 10,000 + 2,000 × k reaches k = 5 (June): 20,000.
        close(p.projected, 20_000.0);
        close(p.best_change, 2_000.0);
        assert_eq!(p.status, Status::OnTrack);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn a_current_value_at_the_target_is_achieved() {
        let p = evaluate(
            &pts("2025-01-01", &[10.0, 12.0, 15.0]),
            &goal(15.0, "2025-06-30"),
        );
        assert_eq!(p.status, Status::Achieved);
        close(p.progress, 100.0);
        // (15 − 15) / 3: nothing left to gain.
        close(p.pace_needed, 0.0);
    }

    #[test]
    fn a_passed_deadline_not_reached_is_missed_and_judged_at_the_deadline() {
        let mut g = goal(15.0, "2025-02-28");
        g.deadline_passed = true;
        // March's 20 comes after the deadline: February's 12 is current.
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0, 20.0]), &g);
        assert_eq!(p.current, Some(12.0));
        assert_eq!(p.status, Status::Missed);
        assert_eq!(p.periods_left, Some(0));
        assert_eq!(p.pace_needed, None);
        assert_eq!(p.warnings, vec![Warning::DeadlinePassed]);
    }

    #[test]
    fn a_projection_short_of_the_target_is_at_risk() {
        // 10, 11, 12: the line reaches 15 in June; the target is 20.
        let p = evaluate(
            &pts("2025-01-01", &[10.0, 11.0, 12.0]),
            &goal(20.0, "2025-06-30"),
        );
        close(p.projected, 15.0);
        assert_eq!(p.status, Status::AtRisk);
        // 8 over 3 periods = 2.67 a period, under 3 × the best change of 1.
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn one_period_has_no_projection_and_is_at_risk() {
        let p = evaluate(&pts("2025-03-01", &[12.0]), &goal(20.0, "2025-06-30"));
        assert_eq!(p.projected, None);
        assert_eq!(p.pace_actual, None);
        assert_eq!(p.best_change, None);
        assert_eq!(p.status, Status::AtRisk);
        close(p.progress, 0.0);
    }

    #[test]
    fn no_value_is_no_data() {
        let p = evaluate(&[], &goal(20.0, "2025-06-30"));
        assert_eq!(p.status, Status::NoData);
        assert_eq!(p.warnings, vec![Warning::NoData]);
        assert_eq!((p.current, p.progress, p.projected), (None, None, None));
    }

    #[test]
    fn a_change_gains_nothing_when_it_is_none_or_goes_the_other_way() {
        use Direction::*;
        assert!(Increase.gains_nothing(0.0) && Increase.gains_nothing(-1.0));
        assert!(!Increase.gains_nothing(0.5));
        assert!(Decrease.gains_nothing(0.0) && Decrease.gains_nothing(1.0));
        assert!(!Decrease.gains_nothing(-0.5));
        assert!(!Increase.gains_nothing(f64::NAN) && !Decrease.gains_nothing(f64::NAN));
    }

    #[test]
    fn a_change_along_a_decrease_is_its_opposite() {
        assert_eq!(Direction::Increase.along(2.5), 2.5);
        assert_eq!(Direction::Decrease.along(2.5), -2.5);
        assert_eq!(Direction::Decrease.along(-1.0), 1.0);
    }

    #[test]
    fn a_target_reached_needs_no_pace_however_history_went() {
        // Current 10 is the target: nothing more is needed, though the
        // only change so far went the other way.
        let p = evaluate(&pts("2025-01-01", &[12.0, 10.0]), &goal(10.0, "2025-06-30"));
        assert_eq!(p.status, Status::Achieved);
        close(p.pace_needed, 0.0);
        close(p.best_change, -2.0);
        assert!(
            !p.warnings.contains(&Warning::PaceUnrealistic),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn a_goal_without_data_still_says_its_target_is_not_beyond_its_baseline() {
        let run = |target: f64, direction: Direction| {
            let mut g = goal(target, "2025-06-30");
            g.baseline = Some(100.0);
            g.direction = direction;
            evaluate(&[], &g).warnings
        };
        let not_beyond = vec![Warning::TargetNotBeyondBaseline, Warning::NoData];
        assert_eq!(run(90.0, Direction::Increase), not_beyond);
        assert_eq!(run(100.0, Direction::Increase), not_beyond);
        assert_eq!(run(110.0, Direction::Increase), vec![Warning::NoData]);
        assert_eq!(run(110.0, Direction::Decrease), not_beyond);
        assert_eq!(run(90.0, Direction::Decrease), vec![Warning::NoData]);
    }

    #[test]
    fn a_stated_baseline_with_a_start_after_the_current_period_is_not_used() {
        let mut g = goal(20.0, "2025-06-30");
        g.baseline = Some(5.0);
        g.start = Some(month("2025-05-01"));
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0]), &g);
        assert_eq!(
            (p.baseline, p.baseline_index, p.progress, p.pace_actual),
            (None, None, None, None)
        );
    }

    #[test]
    fn statuses_are_named_as_the_documents_write_them() {
        let names: Vec<&str> = [
            Status::Achieved,
            Status::Missed,
            Status::OnTrack,
            Status::AtRisk,
            Status::NoData,
        ]
        .into_iter()
        .map(Status::name)
        .collect();
        assert_eq!(
            names,
            ["achieved", "missed", "on_track", "at_risk", "no_data"]
        );
    }

    #[test]
    fn progress_is_none_when_the_target_is_the_baseline() {
        let mut g = goal(10.0, "2025-06-30");
        g.baseline = Some(10.0);
        let p = evaluate(&pts("2025-01-01", &[8.0, 9.0]), &g);
        assert_eq!(p.progress, None);
        assert_eq!(p.warnings, vec![Warning::TargetNotBeyondBaseline]);
    }

    #[test]
    fn a_target_below_the_baseline_of_an_increase_is_not_beyond_it() {
        let p = evaluate(
            &pts("2025-01-01", &[10.0, 9.0, 8.0]),
            &goal(5.0, "2025-06-30"),
        );
        assert_eq!(p.warnings, vec![Warning::TargetNotBeyondBaseline]);
        // 8 ≥ 5: already there.
        assert_eq!(p.status, Status::Achieved);
    }

    #[test]
    fn a_decrease_goal_counts_falls_as_progress() {
        let mut g = goal(1.0, "2025-06-30");
        g.direction = Direction::Decrease;
        // 4, 3, 2 % negative rate: −1 a period; the line gives −1 in June.
        let p = evaluate(&pts("2025-01-01", &[4.0, 3.0, 2.0]), &g);
        close(p.progress, (2.0 - 4.0) / (1.0 - 4.0) * 100.0);
        close(p.pace_actual, -1.0);
        close(p.pace_needed, -1.0 / 3.0);
        close(p.best_change, 1.0);
        assert_eq!(p.status, Status::OnTrack);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn a_pace_beyond_three_times_the_best_change_is_unrealistic() {
        // Best change +2 a period; 12 → 30 in 2 periods needs 9 > 3 × 2.
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0]), &goal(30.0, "2025-04-30"));
        close(p.pace_needed, 9.0);
        assert_eq!(p.warnings, vec![Warning::PaceUnrealistic]);
        // Exactly 3 × the best change is not beyond it.
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0]), &goal(24.0, "2025-04-30"));
        close(p.pace_needed, 6.0);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn a_history_that_never_moved_the_goals_way_makes_any_needed_pace_unrealistic() {
        let p = evaluate(&pts("2025-01-01", &[12.0, 10.0]), &goal(13.0, "2025-04-30"));
        close(p.best_change, -2.0);
        assert_eq!(p.warnings, vec![Warning::PaceUnrealistic]);
    }

    #[test]
    fn a_stated_baseline_and_start_set_where_progress_is_measured_from() {
        let mut g = goal(20.0, "2025-06-30");
        g.baseline = Some(11.0);
        g.start = Some(month("2025-02-01"));
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0, 14.0]), &g);
        assert_eq!(p.baseline, Some(11.0));
        // (14 − 11) / (20 − 11) × 100; 3 over February → March.
        close(p.progress, 300.0 / 9.0);
        close(p.pace_actual, 3.0);
        // The line through February and March only: 12 + 2k, June is k = 4.
        close(p.projected, 20.0);
    }

    #[test]
    fn a_start_without_baseline_takes_the_value_of_its_period() {
        let mut g = goal(20.0, "2025-06-30");
        g.start = Some(month("2025-02-10"));
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0, 14.0]), &g);
        assert_eq!(p.baseline, Some(12.0));
        close(p.pace_actual, 2.0);
    }

    #[test]
    fn a_start_after_the_current_period_has_no_baseline() {
        let mut g = goal(20.0, "2025-06-30");
        g.start = Some(month("2025-05-01"));
        let p = evaluate(&pts("2025-01-01", &[10.0, 12.0]), &g);
        assert_eq!((p.baseline, p.progress, p.pace_actual), (None, None, None));
    }

    #[test]
    fn periods_without_a_value_are_left_out_of_paces_and_the_line() {
        // January 10, (February empty), March 14: pace 4 / 2, slope 2.
        let i = month("2025-01-01");
        let points = [
            Point {
                index: i,
                value: 10.0,
            },
            Point {
                index: i + 2,
                value: 14.0,
            },
        ];
        let p = evaluate(&points, &goal(20.0, "2025-06-30"));
        close(p.pace_actual, 2.0);
        close(p.best_change, 2.0);
        close(p.projected, 20.0);
    }

    #[test]
    fn the_line_is_none_for_one_distinct_period() {
        assert_eq!(least_squares(&[]), None);
        let p = Point {
            index: 3,
            value: 1.0,
        };
        assert_eq!(least_squares(&[p, p]), None);
        assert_eq!(
            least_squares(&[
                p,
                Point {
                    index: 5,
                    value: 5.0
                }
            ]),
            Some((2.0, -5.0))
        );
    }
}
