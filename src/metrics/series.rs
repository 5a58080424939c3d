//! Account-level daily series by calendar period: a daily flow (reach,
//! views, new followers) is summed over the period's days; a level
//! (followers) takes the period's last value. Growth is against the period
//! before, as for posts (docs/metrics.md#series).

use chrono::NaiveDate;
use serde::Serialize;

use super::growth;
use super::periods::{Period, Span};
use super::rate::per_day;
use crate::model::{Series, SeriesMetric};

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SeriesPeriod {
    /// Label: `2025-01`, `2025-W05`, ...
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Days of the period with a value.
    pub days: u32,
    /// Sum over the period's days (a flow), or the last day's value (a level).
    pub value: Option<i64>,
    /// (V₂ − V₁) / V₁ × 100 against the period before; `null` for the first
    /// period and when the period before has no value or 0.
    pub growth: Option<f64>,
}

/// A series summed up over the run's range and by period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SeriesSummary {
    pub metric: SeriesMetric,
    /// What the export calls it.
    pub label: String,
    pub platform: String,
    /// Input file (as given).
    pub file: String,
    /// `sum` (daily flows) or `last` (levels): how days make a period.
    pub aggregation: &'static str,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Days with a value in the range.
    pub days: u32,
    /// Sum over every day (flows) or the last value (levels).
    pub total: Option<i64>,
    /// Mean value a day (flows only).
    pub daily_mean: Option<f64>,
    pub periods: Vec<SeriesPeriod>,
}

/// Summarises a series by period, keeping the days within `since..=until`.
pub fn summarize_series(
    s: &Series,
    file: &str,
    period: Period,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> SeriesSummary {
    let level = s.metric.is_level();
    let pts: Vec<_> = s
        .points
        .iter()
        .filter(|p| since.is_none_or(|d| p.date >= d) && until.is_none_or(|d| p.date <= d))
        .collect();
    let mut periods: Vec<SeriesPeriod> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for p in &pts {
        let span = match period {
            Period::All => Span {
                start: pts[0].date,
                end: pts[pts.len() - 1].date,
            },
            _ => period.span_of(p.date),
        };
        match (spans.last(), periods.last_mut()) {
            (Some(last), Some(row)) if *last == span => {
                row.days += 1;
                row.value = Some(if level {
                    p.value
                } else {
                    row.value.unwrap_or(0).saturating_add(p.value)
                });
            }
            _ => {
                spans.push(span);
                periods.push(SeriesPeriod {
                    period: period.label(span),
                    start: span.start,
                    end: span.end,
                    days: 1,
                    value: Some(p.value),
                    growth: None,
                });
            }
        }
    }
    for i in 1..periods.len() {
        // Growth is against the calendar period right before, never across a gap.
        let adjacent = spans[i - 1].end.succ_opt() == Some(spans[i].start);
        periods[i].growth = if adjacent {
            growth(
                periods[i - 1].value.map(|v| v as f64),
                periods[i].value.map(|v| v as f64),
            )
        } else {
            None
        };
    }
    let days = pts.len() as u32;
    let total = if level {
        pts.last().map(|p| p.value)
    } else {
        pts.iter().map(|p| p.value).fold(None, |a: Option<i64>, v| {
            Some(a.unwrap_or(0).saturating_add(v))
        })
    };
    SeriesSummary {
        metric: s.metric,
        label: s.label.clone(),
        platform: s.platform.clone(),
        file: file.to_string(),
        aggregation: if level { "last" } else { "sum" },
        first: pts.first().map(|p| p.date),
        last: pts.last().map(|p| p.date),
        days,
        total,
        daily_mean: match (level, total) {
            (false, Some(t)) => per_day(t, days),
            _ => None,
        },
        periods,
    }
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
            label: "x".into(),
            platform: "meta".into(),
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
    fn flows_are_summed_by_month_with_growth() {
        let s = series(
            SeriesMetric::Reach,
            &[(1, 30, 100), (1, 31, 100), (2, 1, 150), (2, 2, 150)],
        );
        let r = summarize_series(&s, "f", Period::Month, None, None);
        assert_eq!(r.total, Some(500));
        assert_eq!(r.daily_mean, Some(125.0));
        assert_eq!(r.periods.len(), 2);
        assert_eq!(r.periods[0].value, Some(200));
        // Each month holds two of the days.
        assert_eq!((r.periods[0].days, r.periods[1].days), (2, 2));
        assert_eq!(r.periods[0].growth, None);
        // (300 − 200) / 200 × 100
        assert_eq!(r.periods[1].growth, Some(50.0));
    }

    #[test]
    fn levels_take_the_last_day() {
        let s = series(
            SeriesMetric::Followers,
            &[(1, 1, 100), (1, 31, 120), (2, 1, 121), (2, 28, 150)],
        );
        let r = summarize_series(&s, "f", Period::Month, None, None);
        assert_eq!(r.aggregation, "last");
        assert_eq!(r.total, Some(150));
        assert_eq!(r.daily_mean, None);
        assert_eq!(r.periods[0].value, Some(120));
        assert_eq!(r.periods[1].value, Some(150));
        assert_eq!(r.periods[1].growth, Some(25.0));
    }

    #[test]
    fn growth_from_zero_or_across_a_gap_is_undefined() {
        let s = series(SeriesMetric::Views, &[(1, 5, 0), (2, 5, 10), (4, 5, 20)]);
        let r = summarize_series(&s, "f", Period::Month, None, None);
        assert_eq!(r.periods[1].growth, None, "from 0");
        assert_eq!(r.periods[2].growth, None, "March is missing");
    }

    #[test]
    fn range_limits_the_days_and_empty_is_null() {
        let s = series(SeriesMetric::Views, &[(1, 5, 1), (2, 5, 10)]);
        let r = summarize_series(&s, "f", Period::Month, Some(d(2, 1)), None);
        assert_eq!((r.days, r.total), (1, Some(10)));
        // `until` keeps the days up to and including it.
        let upto = summarize_series(&s, "f", Period::Month, None, Some(d(1, 5)));
        assert_eq!((upto.days, upto.total), (1, Some(1)));
        let both = summarize_series(&s, "f", Period::Month, Some(d(1, 5)), Some(d(2, 5)));
        assert_eq!((both.days, both.total), (2, Some(11)));
        let none = summarize_series(&s, "f", Period::Month, Some(d(3, 1)), None);
        assert_eq!((none.days, none.total, none.daily_mean), (0, None, None));
        assert!(none.periods.is_empty());
        let all = summarize_series(&s, "f", Period::All, None, None);
        assert_eq!(all.periods.len(), 1);
        assert_eq!(all.periods[0].value, Some(11));
    }
}
