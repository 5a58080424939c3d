//! The `suggest` command's document: a target for the next period for each
//! main metric, from its values by period (read as `goals` reads them), with
//! how it was made; and the same targets as a goals file.

use chrono::NaiveDate;
use serde::Serialize;

use crate::doc::figures::is_count;
use crate::doc::goals::sources::{InputFile, PeriodValue, Sources};
use crate::doc::goals::spec::{self, plain, GoalSpec, Metric};
use crate::input::InputError;
use crate::metrics::goals::Direction;
use crate::metrics::periods::Period;
use crate::metrics::suggest::{suggest, Rule, RECENT};

pub const SCHEMA: &str = "smmkpi.suggest/1";

/// The summary figures always suggested.
const MAIN: [&str; 4] = ["reach", "er", "ctr", "posts"];

/// The period the targets are for.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextPeriod {
    /// `2025-04`, `2025-W15`, ...
    pub period: String,
    pub start: NaiveDate,
    /// The targets' deadline.
    pub end: NaiveDate,
}

/// One metric's suggestion.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SuggestRow {
    /// `reach`, `er`, `ctr`, `posts`, `followers` or `core_size`.
    pub metric: String,
    /// The value in the latest complete period (followers: the latest count).
    pub current: Option<f64>,
    pub current_period: Option<String>,
    /// Median relative growth (%) of the last three changes from one
    /// period to the next.
    pub median_growth: Option<f64>,
    /// The largest change from one period to the next seen, per period.
    pub best_change: Option<f64>,
    /// The suggested target: counts rounded to whole numbers, rates to two
    /// decimals; `null` without data.
    pub target: Option<f64>,
    /// `median_growth`, `capped_at_best`, `hold` or `one_period`; `null`
    /// without data.
    pub rule: Option<Rule>,
    /// How the target was made, in words.
    pub how: String,
    /// The values by period it was made from.
    pub series: Vec<PeriodValue>,
}

/// The whole `suggest` document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SuggestDoc {
    pub schema: &'static str,
    pub as_of: NaiveDate,
    pub period: Period,
    /// The first period not complete at as-of: what the targets are for.
    pub next: NextPeriod,
    pub files: Vec<InputFile>,
    pub suggestions: Vec<SuggestRow>,
}

fn round(metric: &str, v: f64) -> f64 {
    if is_count(metric) {
        v.round()
    } else {
        (v * 100.0).round() / 100.0
    }
}

fn how(metric: &str, row: &SuggestRow, period: Period, no_data: Option<&str>) -> String {
    let per = crate::doc::goals::sources::period_word(period);
    let (Some(cur), Some(target), Some(rule)) = (row.current, row.target, row.rule) else {
        return format!("no suggestion: {}", no_data.unwrap_or("no value"));
    };
    let cur_p = row.current_period.clone().unwrap_or_default();
    match rule {
        Rule::MedianGrowth => format!(
            "{} ({cur_p}) + {} % (median growth of the last {} {per}s) = {}",
            plain(cur),
            plain(row.median_growth.unwrap_or(0.0)),
            RECENT.min(row.series.len().saturating_sub(1)),
            plain(target)
        ),
        Rule::CappedAtBest => format!(
            "{} ({cur_p}) + {} (the best change from one {per} to the next so far; the median growth of {} % would add more) = {}",
            plain(cur),
            plain(row.best_change.unwrap_or(0.0)),
            plain(row.median_growth.unwrap_or(0.0)),
            plain(target)
        ),
        Rule::Hold => format!(
            "hold {} ({cur_p}): {} did not grow of late (median growth {})",
            plain(cur),
            metric,
            row.median_growth
                .map(|g| format!("{} %", plain(g)))
                .unwrap_or_else(|| "undefined".to_string())
        ),
        Rule::OnePeriod => format!(
            "hold {} ({cur_p}): one complete {per} is too little history to grow from",
            plain(cur)
        ),
    }
}

/// Suggests next-period targets from the sources' history at `as_of`.
pub fn build(
    sources: &mut Sources,
    period: Period,
    as_of: NaiveDate,
) -> Result<SuggestDoc, InputError> {
    let span = period.span_of(as_of);
    let next = NextPeriod {
        period: period.label(span),
        start: span.start,
        end: span.end,
    };
    let has_logs = sources.files.iter().any(|f| f.kind == "activity_log");
    let mut metrics: Vec<Metric> = MAIN
        .iter()
        .map(|m| Metric::Summary(m.to_string()))
        .collect();
    metrics.push(Metric::Followers);
    if has_logs {
        metrics.push(Metric::CoreSize);
    }
    let mut rows = Vec::new();
    for m in metrics {
        // The core is counted by month, with `core`'s defaults.
        let p = if m == Metric::CoreSize {
            Period::Month
        } else {
            period
        };
        let mv = sources.values(&m, p, None, 3, 6, as_of)?;
        // Followers are suggested only when the files hold counts.
        if m == Metric::Followers && mv.values.is_empty() {
            continue;
        }
        let points: Vec<_> = mv.values.iter().map(PeriodValue::point).collect();
        let s = suggest(&points);
        let name = m.name().to_string();
        let mut row = SuggestRow {
            current: s.as_ref().map(|s| s.current),
            current_period: mv.values.last().map(|v| v.period.clone()),
            median_growth: s.as_ref().and_then(|s| s.median_growth),
            best_change: s.as_ref().and_then(|s| s.best_change),
            target: s.as_ref().map(|s| round(&name, s.target)),
            rule: s.as_ref().map(|s| s.rule),
            how: String::new(),
            series: mv.values.clone(),
            metric: name.clone(),
        };
        row.how = how(&name, &row, p, mv.no_data.as_deref());
        rows.push(row);
    }
    Ok(SuggestDoc {
        schema: SCHEMA,
        as_of,
        period,
        next,
        files: sources.files.clone(),
        suggestions: rows,
    })
}

/// The suggestions as a goals file: one goal per metric with a target, its
/// baseline the current value, its deadline the end of the next period.
pub fn goals_file(doc: &SuggestDoc) -> String {
    let mut goals = Vec::new();
    for r in &doc.suggestions {
        let (Some(target), Some(current), Some(cur)) = (r.target, r.current, r.series.last())
        else {
            continue;
        };
        let metric = match r.metric.as_str() {
            "followers" => Metric::Followers,
            "core_size" => Metric::CoreSize,
            n => Metric::Summary(n.to_string()),
        };
        let period = if metric == Metric::CoreSize {
            Period::Month
        } else {
            doc.period
        };
        goals.push((
            GoalSpec {
                name: format!("{} for {}", r.metric, doc.next.period),
                metric,
                target,
                deadline: doc.next.end,
                start: Some(cur.start),
                baseline: Some(current),
                period,
                direction: Direction::Increase,
                platform: None,
                min_actions: 3,
                months: 6,
                line: 0,
            },
            vec![r.how.clone()],
        ));
    }
    let files: Vec<&str> = doc.files.iter().map(|f| f.path.as_str()).collect();
    spec::write(
        &[
            format!(
                "Targets for {} suggested by `smmkpi suggest` from {} as of {}.",
                doc.next.period,
                files.join(", "),
                doc.as_of
            ),
            "Check them with: smmkpi goals THIS_FILE FILE...".to_string(),
        ],
        &goals,
    )
}
