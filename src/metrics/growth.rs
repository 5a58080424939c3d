//! Audience growth (docs/metrics.md#audience-growth): from follower counts over time — levels
//! (followers on a day) or changes (gained, lost, net a day) — the growth rate
//! of each calendar period, (followers_end − followers_start) /
//! followers_start × 100, with the followers gained, lost and net, and the
//! average daily growth.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::periods::{Period, Span};
use super::rate::{pct, per_day};
use crate::model::{Series, SeriesMetric};

/// What is known of an audience on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    /// Followers at the end of the day.
    pub level: Option<i64>,
    pub gained: Option<i64>,
    pub lost: Option<i64>,
    /// Net change that day (gained − lost, or as the export states it).
    pub net: Option<i64>,
}

/// Where the followers level is known from when the export gives only changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Followers at the end of the last day (what the profile shows now).
    End(i64),
    /// Followers before the first day.
    Start(i64),
}

fn add(a: Option<i64>, b: i64) -> Option<i64> {
    Some(a.unwrap_or(0).saturating_add(b))
}

/// Merges follower series (levels, gained, lost, net) into days, in date
/// order. Several series of one metric add up (two accounts' gains), levels too.
pub fn days_of(series: &[&Series]) -> Vec<Day> {
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for s in series {
        for p in &s.points {
            let d = days.entry(p.date).or_insert(Day {
                date: p.date,
                ..Default::default()
            });
            match s.metric {
                SeriesMetric::Followers => d.level = add(d.level, p.value),
                SeriesMetric::FollowersGained => d.gained = add(d.gained, p.value),
                SeriesMetric::FollowersLost => d.lost = add(d.lost, p.value.abs()),
                SeriesMetric::FollowersNet => d.net = add(d.net, p.value),
                _ => {}
            }
        }
    }
    let mut out: Vec<Day> = days.into_values().collect();
    for d in &mut out {
        if d.net.is_none() {
            if let (Some(g), Some(l)) = (d.gained, d.lost) {
                d.net = Some(g - l);
            }
        }
    }
    out
}

/// Fills in levels from net changes and an anchor, where no day states a
/// level. Returns whether it did.
pub fn anchor_levels(days: &mut [Day], anchor: Option<Anchor>) -> bool {
    let Some(anchor) = anchor else { return false };
    if days.iter().any(|d| d.level.is_some()) || days.iter().any(|d| d.net.is_none()) {
        return false;
    }
    let total: i64 = days.iter().filter_map(|d| d.net).sum();
    let mut level = match anchor {
        Anchor::Start(s) => s,
        Anchor::End(e) => e - total,
    };
    for d in days.iter_mut() {
        level += d.net.unwrap_or(0);
        d.level = Some(level);
    }
    true
}

/// The level on `date`: the last level stated on or before it.
pub fn level_on(days: &[Day], date: NaiveDate) -> Option<i64> {
    days.iter()
        .rev()
        .filter(|d| d.date <= date)
        .find_map(|d| d.level)
}

/// Growth over one stretch of days (a period, or the whole range).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Growth {
    /// Days the growth covers: from the date of the start count to the date
    /// of the end count (counts a month apart cover a month, however few
    /// rows the file has), or, where the net comes from daily changes, the
    /// days with a change. 0 when the stretch holds a single count and no
    /// change: nothing to measure.
    pub days: u32,
    /// Followers before the stretch: the last level stated before its first
    /// day, else the first level stated within it less the net changes up to
    /// it (when they are known).
    pub followers_start: Option<i64>,
    /// Followers at its end: the last level stated within it (a stretch
    /// without a level has none: a missing count is never carried forward).
    pub followers_end: Option<i64>,
    /// Σ followers gained (when the export reports gains).
    pub gained: Option<i64>,
    /// Σ followers lost (when the export reports losses).
    pub lost: Option<i64>,
    /// Net change: Σ daily net where every day states one, else
    /// followers_end − followers_start when both are counts of different dates.
    pub net: Option<i64>,
    /// (followers_end − followers_start) / followers_start × 100.
    pub growth_rate: Option<f64>,
    /// net / days.
    pub avg_daily_growth: Option<f64>,
}

/// The level before the first of `days` and the date it stands at: the
/// first level stated in them, less the net changes up to it when every one
/// of those is known (then it stands the day before the first), else that
/// level on its own date.
fn level_before(days: &[Day]) -> Option<(NaiveDate, i64)> {
    let k = days.iter().position(|d| d.level.is_some())?;
    let level = days[k].level?;
    let nets: Option<i64> = days[..=k].iter().map(|d| d.net).sum();
    Some(match (nets, days[0].date.pred_opt()) {
        (Some(n), Some(before)) => (before, level - n),
        _ => (days[k].date, level),
    })
}

/// Growth of a stretch of days, from the level before it (with its date).
fn growth_of(before: Option<(NaiveDate, i64)>, days: &[Day]) -> Growth {
    let start = before.or_else(|| level_before(days));
    let end = days.iter().rev().find_map(|d| d.level.map(|l| (d.date, l)));
    let sum = |f: fn(&Day) -> Option<i64>| {
        days.iter()
            .filter_map(f)
            .fold(None, |a: Option<i64>, v| add(a, v))
    };
    // Two counts of different dates span the days between them.
    let span = match (start, end) {
        (Some((sd, s)), Some((ed, e))) if ed > sd => Some(((ed - sd).num_days(), s, e)),
        _ => None,
    };
    let net_days = days.iter().all(|d| d.net.is_some()) && !days.is_empty();
    let (net, n) = if net_days {
        (sum(|d| d.net), days.len() as i64)
    } else {
        match span {
            Some((n, s, e)) => (Some(e - s), n),
            None => (
                None,
                if start.is_some() && end.is_some() {
                    0
                } else {
                    days.len() as i64
                },
            ),
        }
    };
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    Growth {
        days: n,
        followers_start: start.map(|(_, l)| l),
        followers_end: end.map(|(_, l)| l),
        gained: sum(|d| d.gained),
        lost: sum(|d| d.lost),
        net,
        growth_rate: span.and_then(|(_, s, e)| rate_from(s, e)),
        avg_daily_growth: net.and_then(|v| per_day(v, n)),
    }
}

/// docs/metrics.md#growth-rate: the change from `start` to `end` in % of
/// `start`; none from 0 followers (by `pct`) or fewer.
fn rate_from(start: i64, end: i64) -> Option<f64> {
    if start.is_negative() {
        return None;
    }
    pct((end - start) as f64, start as f64)
}

/// One calendar period of audience growth.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GrowthPeriod {
    /// Label: `2025-01`, `2025-W05`, ...
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(flatten)]
    pub growth: Growth,
}

/// Audience growth over the whole range and by period, for the days within
/// `since..=until`. A level stated before `since` still starts the range.
pub fn growth_by_period(
    days: &[Day],
    period: Period,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> (Growth, Vec<GrowthPeriod>) {
    let in_range: Vec<Day> = days
        .iter()
        .copied()
        .filter(|d| since.is_none_or(|s| d.date >= s) && until.is_none_or(|u| d.date <= u))
        .collect();
    let before = |date: NaiveDate| {
        days.iter()
            .rev()
            .filter(|d| d.date < date)
            .find_map(|d| d.level.map(|l| (d.date, l)))
    };
    let Some(first) = in_range.first() else {
        return (Growth::default(), Vec::new());
    };
    let total = growth_of(before(first.date), &in_range);
    let mut groups: Vec<(Span, Vec<Day>)> = Vec::new();
    for d in &in_range {
        let span = match period {
            Period::All => Span {
                start: first.date,
                end: in_range[in_range.len() - 1].date,
            },
            _ => period.span_of(d.date),
        };
        match groups.last_mut() {
            Some((s, v)) if *s == span => v.push(*d),
            _ => groups.push((span, vec![*d])),
        }
    }
    let periods = groups
        .into_iter()
        .map(|(span, members)| GrowthPeriod {
            period: period.label(span),
            start: span.start,
            end: span.end,
            growth: growth_of(before(members[0].date), &members),
        })
        .collect();
    (total, periods)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SeriesPoint;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn series(metric: SeriesMetric, pts: &[(u32, u32, i64)]) -> Series {
        Series {
            file: 0,
            metric,
            label: metric.name().into(),
            platform: "x".into(),
            points: pts
                .iter()
                .map(|&(m, day, value)| SeriesPoint {
                    date: d(m, day),
                    value,
                })
                .collect(),
        }
    }

    #[test]
    fn levels_give_the_rate_of_each_month() {
        let s = series(
            SeriesMetric::Followers,
            &[(1, 1, 1000), (1, 31, 1100), (2, 10, 1155), (2, 28, 1210)],
        );
        let days = days_of(&[&s]);
        let (total, periods) = growth_by_period(&days, Period::Month, None, None);
        // January: first level 1000 → 1100: +10 %.
        assert_eq!(periods[0].growth.followers_start, Some(1000));
        assert_eq!(periods[0].growth.net, Some(100));
        assert_eq!(periods[0].growth.growth_rate, Some(10.0));
        assert_eq!(periods[0].growth.days, 30, "January 1 to 31");
        // February starts where January ended: 1100 → 1210 = +10 %, over
        // the 28 days from January 31 to February 28 (two counts in
        // February, not a count a day): 110 / 28 a day.
        assert_eq!(periods[1].growth.followers_start, Some(1100));
        assert_eq!(periods[1].growth.growth_rate, Some(10.0));
        assert_eq!(periods[1].growth.days, 28);
        assert_eq!(periods[1].growth.avg_daily_growth, Some(110.0 / 28.0));
        assert_eq!(total.net, Some(210));
        assert_eq!(total.growth_rate, Some(21.0));
        assert_eq!(total.gained, None);
    }

    #[test]
    fn monthly_counts_grow_over_the_days_between_them() {
        // One count a month; February's is missing (NA in the file, so no
        // point): March grows from January's count over 59 days.
        let s = series(
            SeriesMetric::Followers,
            &[(1, 1, 1000), (3, 1, 1100), (4, 1, 1144)],
        );
        let (total, periods) = growth_by_period(&days_of(&[&s]), Period::Month, None, None);
        assert_eq!(
            periods.len(),
            3,
            "no February: a missing count is no period"
        );
        // January holds one count: nothing to measure, not 0 growth.
        let jan = &periods[0].growth;
        assert_eq!((jan.net, jan.growth_rate, jan.days), (None, None, 0));
        assert_eq!(jan.avg_daily_growth, None);
        // March: 1000 (January 1) → 1100 (March 1): +10 % over 59 days.
        let mar = &periods[1].growth;
        assert_eq!(
            (mar.followers_start, mar.followers_end),
            (Some(1000), Some(1100))
        );
        assert_eq!((mar.net, mar.days), (Some(100), 59));
        assert_eq!(mar.growth_rate, Some(10.0));
        assert_eq!(mar.avg_daily_growth, Some(100.0 / 59.0));
        // April: 1100 → 1144 = +4 % over the 31 days of March.
        let apr = &periods[2].growth;
        assert_eq!((apr.days, apr.growth_rate), (31, Some(4.0)));
        // The whole range: January 1 to April 1, 90 days, +144.
        assert_eq!((total.days, total.net), (90, Some(144)));
        assert_eq!(total.avg_daily_growth, Some(144.0 / 90.0));
    }

    #[test]
    fn a_period_without_a_count_carries_no_count_forward() {
        // A count in January, only gains in February: February has no end
        // count, so no net and no rate (never 0 growth).
        let l = series(SeriesMetric::Followers, &[(1, 31, 500)]);
        let g = series(SeriesMetric::FollowersGained, &[(2, 10, 7)]);
        let (_, periods) = growth_by_period(&days_of(&[&l, &g]), Period::Month, None, None);
        let feb = &periods[1].growth;
        assert_eq!(feb.followers_start, Some(500));
        assert_eq!(feb.followers_end, None);
        assert_eq!((feb.net, feb.growth_rate), (None, None));
        assert_eq!(feb.gained, Some(7));
    }

    #[test]
    fn gains_and_losses_make_the_net() {
        let g = series(SeriesMetric::FollowersGained, &[(3, 1, 10), (3, 2, 5)]);
        let l = series(SeriesMetric::FollowersLost, &[(3, 1, 2), (3, 2, 7)]);
        let days = days_of(&[&g, &l]);
        let (total, _) = growth_by_period(&days, Period::Month, None, None);
        assert_eq!(
            (total.gained, total.lost, total.net),
            (Some(15), Some(9), Some(6))
        );
        assert_eq!(total.avg_daily_growth, Some(3.0));
        // No level and no anchor: no rate.
        assert_eq!(total.growth_rate, None);
        assert_eq!(total.followers_start, None);
    }

    #[test]
    fn only_gains_leave_the_net_unknown() {
        let g = series(SeriesMetric::FollowersGained, &[(3, 1, 10)]);
        let (total, _) = growth_by_period(&days_of(&[&g]), Period::Month, None, None);
        assert_eq!(
            (total.gained, total.net, total.avg_daily_growth),
            (Some(10), None, None)
        );
    }

    #[test]
    fn an_anchor_turns_net_changes_into_levels() {
        let n = series(
            SeriesMetric::FollowersNet,
            &[(1, 31, 20), (2, 1, -5), (2, 2, 10)],
        );
        let mut days = days_of(&[&n]);
        assert!(anchor_levels(&mut days, Some(Anchor::End(1025))));
        // 1025 − 25 = 1000 before the first day; 1020 after January 31.
        let (total, periods) = growth_by_period(&days, Period::Month, None, None);
        assert_eq!(total.followers_start, Some(1000));
        assert_eq!(total.growth_rate, Some(2.5));
        assert_eq!(periods[0].growth.followers_start, Some(1000));
        assert_eq!(periods[1].growth.followers_start, Some(1020));
        assert_eq!(periods[1].growth.followers_end, Some(1025));
        let mut from_start = days_of(&[&n]);
        assert!(anchor_levels(&mut from_start, Some(Anchor::Start(1000))));
        assert_eq!(level_on(&from_start, d(2, 1)), Some(1015));
        assert_eq!(level_on(&from_start, d(1, 1)), None);
        let mut none = days_of(&[&n]);
        assert!(!anchor_levels(&mut none, None));
        // A stated level is never overwritten, even where every day has its net.
        let l = series(SeriesMetric::Followers, &[(1, 31, 500)]);
        let mut stated = days_of(&[&n, &l]);
        assert!(!anchor_levels(&mut stated, Some(Anchor::End(1025))));
        assert_eq!(level_on(&stated, d(2, 2)), Some(500));
        // Nor are levels made up where a day's net is missing.
        let g = series(SeriesMetric::FollowersGained, &[(2, 3, 7)]);
        let mut gap = days_of(&[&n, &g]);
        assert!(!anchor_levels(&mut gap, Some(Anchor::End(1025))));
        assert_eq!(level_on(&gap, d(2, 3)), None);
    }

    #[test]
    fn a_first_level_with_known_changes_before_it_starts_lower() {
        // Levels from day 2 only; day 1 and 2 state their net change.
        let l = series(SeriesMetric::Followers, &[(1, 2, 110)]);
        let n = series(SeriesMetric::FollowersNet, &[(1, 1, 4), (1, 2, 6)]);
        let (total, _) = growth_by_period(&days_of(&[&l, &n]), Period::Month, None, None);
        assert_eq!(total.followers_start, Some(100));
        assert_eq!(total.growth_rate, Some(10.0));
        // Without the first day's change, the first level is the start.
        let partial = series(SeriesMetric::FollowersNet, &[(1, 2, 6)]);
        let g = series(SeriesMetric::FollowersGained, &[(1, 1, 9)]);
        let (t, _) = growth_by_period(&days_of(&[&l, &partial, &g]), Period::Month, None, None);
        assert_eq!(t.followers_start, Some(110));
    }

    #[test]
    fn negative_net_days_are_losses_and_zero_start_has_no_rate() {
        let s = series(SeriesMetric::Followers, &[(1, 1, 0), (1, 2, 5)]);
        let (total, _) = growth_by_period(&days_of(&[&s]), Period::Month, None, None);
        assert_eq!(total.net, Some(5));
        assert_eq!(total.growth_rate, None, "from 0 followers");
        let n = series(SeriesMetric::FollowersNet, &[(1, 1, -3)]);
        let (t, _) = growth_by_period(&days_of(&[&n]), Period::Month, None, None);
        assert_eq!(t.net, Some(-3));
        assert_eq!(t.avg_daily_growth, Some(-3.0));
    }

    #[test]
    fn a_rate_needs_a_start_above_zero() {
        assert_eq!(rate_from(200, 250), Some(25.0));
        assert_eq!(rate_from(200, 150), Some(-25.0));
        assert_eq!(rate_from(0, 50), None);
        assert_eq!(rate_from(-10, 50), None);
    }

    #[test]
    fn daily_changes_missing_on_some_days_leave_the_net_to_the_counts() {
        // Counts on Jan 1 and Jan 5 (4 days apart); a daily change only on
        // Jan 5. The net is the counts' difference over their 4 days, not
        // the one change over the 2 days listed.
        let levels = series(SeriesMetric::Followers, &[(1, 1, 100), (1, 5, 120)]);
        let net = series(SeriesMetric::FollowersNet, &[(1, 5, 7)]);
        let (t, _) = growth_by_period(&days_of(&[&levels, &net]), Period::Month, None, None);
        assert_eq!((t.net, t.days), (Some(20), 4));
        assert_eq!(t.avg_daily_growth, Some(5.0));
    }

    #[test]
    fn a_range_with_a_count_before_it_and_none_in_it_spans_its_own_days() {
        // A count on Jan 1, then only gains on Feb 1 and 2: from Feb 1 the
        // range starts at 100 but has no count to end at, so the net is
        // unknown and the days are the two listed.
        let levels = series(SeriesMetric::Followers, &[(1, 1, 100)]);
        let gains = series(SeriesMetric::FollowersGained, &[(2, 1, 5), (2, 2, 3)]);
        let days = days_of(&[&levels, &gains]);
        let (t, _) = growth_by_period(&days, Period::Month, Some(d(2, 1)), None);
        assert_eq!((t.followers_start, t.followers_end), (Some(100), None));
        assert_eq!((t.net, t.gained, t.days), (None, Some(8), 2));
    }

    #[test]
    fn a_whole_range_is_one_period_from_its_first_day_to_its_last() {
        let s = series(
            SeriesMetric::Followers,
            &[(1, 10, 100), (2, 1, 130), (3, 20, 160)],
        );
        let (total, periods) = growth_by_period(&days_of(&[&s]), Period::All, None, None);
        assert_eq!(periods.len(), 1);
        let p = &periods[0];
        assert_eq!((p.start, p.end), (d(1, 10), d(3, 20)));
        assert_eq!(p.growth, total);
        assert_eq!(total.net, Some(60));
    }

    #[test]
    fn until_leaves_out_the_days_after_it() {
        let s = series(
            SeriesMetric::Followers,
            &[(1, 1, 100), (1, 31, 110), (2, 28, 140)],
        );
        let (total, periods) =
            growth_by_period(&days_of(&[&s]), Period::Month, None, Some(d(1, 31)));
        assert_eq!(periods.len(), 1);
        assert_eq!(total.followers_end, Some(110));
        assert_eq!(total.net, Some(10));
    }

    #[test]
    fn a_range_starts_from_the_level_before_it() {
        let s = series(SeriesMetric::Followers, &[(1, 1, 100), (2, 1, 150)]);
        let days = days_of(&[&s]);
        let (total, periods) = growth_by_period(&days, Period::Month, Some(d(1, 15)), None);
        assert_eq!(periods.len(), 1);
        assert_eq!(total.followers_start, Some(100));
        assert_eq!(total.growth_rate, Some(50.0));
        let (empty, p) = growth_by_period(&days, Period::Month, Some(d(3, 1)), None);
        assert_eq!((empty.days, p.len()), (0, 0));
        assert_eq!(empty.growth_rate, None);
    }
}
