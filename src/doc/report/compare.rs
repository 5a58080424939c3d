//! `report --compare`: the report's summary against a base — the range just
//! before it, the same range a year earlier, or other exports — figure by
//! figure, with a bootstrap interval of the change where a figure is a mean
//! or median of posts (docs/metrics.md#comparison).

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::ReportDoc;
use crate::doc::figures::summary_figures;
use crate::metrics::compare::{bootstrap_change, change, Statistic, SEED};

/// A range of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Side {
    /// The days it covers: `--since`/`--until` where given, else the span
    /// of its periods (first day of the first to last day of the last);
    /// `null` when no post is dated.
    pub range: Option<DateRange>,
    /// The files read for it.
    pub files: Vec<String>,
    /// Posts in it.
    pub posts: u64,
}

/// One figure in both sides.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MetricChange {
    /// The figure in the base.
    #[serde(serialize_with = "whole_as_int")]
    pub base: Option<f64>,
    /// The figure in the report.
    #[serde(serialize_with = "whole_as_int")]
    pub current: Option<f64>,
    /// current − base (for rates in percentage points); `null` when either is.
    #[serde(serialize_with = "whole_as_int")]
    pub change: Option<f64>,
    /// (current − base) / base × 100; `null` when either is, or base is 0.
    pub change_pct: Option<f64>,
    /// For `er_mean`, `er_median` and `reach_mean` only: the 95 % bootstrap
    /// interval of `change` and whether it excludes 0.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub interval: Option<ChangeInterval>,
}

/// The bootstrap interval of a change.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ChangeInterval {
    /// 2.5th percentile of the resampled changes; `null` when either side
    /// has fewer than 2 posts with a value.
    pub ci_low: Option<f64>,
    /// 97.5th percentile of the resampled changes.
    pub ci_high: Option<f64>,
    /// True when the interval excludes 0: the change is more than noise.
    pub significant: Option<bool>,
}

/// The report against its base.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    /// `previous`, `year` or `files`: what the base is.
    pub against: &'static str,
    pub base: Side,
    pub current: Side,
    /// Every figure of the summary, in its order.
    #[serde(serialize_with = "as_map")]
    #[schemars(with = "std::collections::BTreeMap<String, MetricChange>")]
    pub summary: Vec<(String, MetricChange)>,
}

/// A whole number as a JSON integer (counts stay `12`, not `12.0`).
fn whole_as_int<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

fn as_map<S: Serializer>(v: &[(String, MetricChange)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(v.iter().map(|(k, c)| (k, c)))
}

/// The days a report covers: `since`/`until` where given, else the span of
/// its periods; `None` when neither gives an end.
pub fn report_range(
    doc: &ReportDoc,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Option<DateRange> {
    let start = since.or(doc.periods.first().map(|p| p.start))?;
    let end = until.or(doc.periods.last().map(|p| p.end))?;
    Some(DateRange { start, end })
}

/// The per-post values the intervals resample: ER on the report's basis,
/// and reach, of every post that reports them.
struct PostValues {
    er: Vec<f64>,
    reach: Vec<f64>,
}

impl PostValues {
    fn of(doc: &ReportDoc) -> std::io::Result<PostValues> {
        let mut v = PostValues {
            er: Vec::new(),
            reach: Vec::new(),
        };
        for row in doc.posts.iter() {
            let row = row?;
            v.er.extend(row.er);
            v.reach.extend(row.reach.map(|r| r as f64));
        }
        Ok(v)
    }

    /// The values a figure with an interval is a statistic of.
    fn samples(&self, figure: &str) -> Option<(&[f64], Statistic)> {
        match figure {
            "er_mean" => Some((&self.er, Statistic::Mean)),
            "er_median" => Some((&self.er, Statistic::Median)),
            "reach_mean" => Some((&self.reach, Statistic::Mean)),
            _ => None,
        }
    }
}

/// Compares `current` with `base`; both must list their posts (`posts`)
/// for the intervals, and share the ER basis.
pub fn compare(
    current: &ReportDoc,
    base: &ReportDoc,
    against: &'static str,
    current_range: Option<DateRange>,
    base_range: Option<DateRange>,
) -> std::io::Result<Comparison> {
    let (current_values, base_values) = (PostValues::of(current)?, PostValues::of(base)?);
    let base_figures = summary_figures(&base.summary);
    let summary = summary_figures(&current.summary)
        .into_iter()
        .enumerate()
        .map(|(i, (name, cur))| {
            let b = base_figures
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, v)| *v);
            let (ch, pct) = change(b, cur);
            let interval = current_values.samples(&name).and_then(|(cs, stat)| {
                let (bs, _) = base_values.samples(&name)?;
                let iv = bootstrap_change(bs, cs, stat, SEED.wrapping_add(i as u64));
                Some(ChangeInterval {
                    ci_low: iv.map(|x| x.low),
                    ci_high: iv.map(|x| x.high),
                    significant: iv.map(|x| x.significant()),
                })
            });
            (
                name,
                MetricChange {
                    base: b,
                    current: cur,
                    change: ch,
                    change_pct: pct,
                    interval,
                },
            )
        })
        .collect();
    Ok(Comparison {
        against,
        base: Side {
            range: base_range,
            files: base.input.files.clone(),
            posts: base.input.posts,
        },
        current: Side {
            range: current_range,
            files: current.input.files.clone(),
            posts: current.input.posts,
        },
        summary,
    })
}
