//! The `goals` command's document: for each goal of a goals file, the
//! metric's values by period from the input files, and its progress, paces,
//! projection, status and SMART warnings (docs/metrics.md#goals).

pub mod sources;
pub mod spec;

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::InputError;
use crate::metrics::goals::{
    evaluate, period_index, Direction, GoalParams, Status, Warning, UNREALISTIC,
};
use crate::metrics::periods::Period;
use sources::{period_word, InputFile, PeriodValue, Sources};
use spec::{plain, GoalSpec};

pub const SCHEMA: &str = "smmkpi.goals/1";

/// One goal with its figures.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GoalRow {
    /// The goal's `name` (else metric, target and deadline).
    pub name: String,
    /// The metric's name: a summary figure of `report`, `followers` or `core_size`.
    pub metric: String,
    /// `day`, `week`, `month` or `quarter`: what a pace is per.
    pub period: Period,
    /// `increase` or `decrease`.
    pub direction: Direction,
    /// Only files of this platform count; `null` = every file.
    pub platform: Option<String>,
    /// The goal's `baseline`, else the value in the period holding `start`
    /// (or the first period after it with a value), else in the first period
    /// with a value; `null` without data.
    pub baseline: Option<f64>,
    /// The period the baseline belongs to.
    pub baseline_period: Option<String>,
    /// The value in the latest complete period up to the deadline's (for
    /// followers: the latest count before as-of); `null` without data.
    pub current: Option<f64>,
    /// The period of `current`.
    pub current_period: Option<String>,
    pub target: f64,
    /// The goal's `start`, when given.
    pub start: Option<NaiveDate>,
    pub deadline: NaiveDate,
    /// (current − baseline) / (target − baseline) × 100; `null` when target = baseline.
    pub progress: Option<f64>,
    /// (target − current) / periods_left: the change a period needs from now on;
    /// `null` when no period is left.
    pub pace_needed: Option<f64>,
    /// (current − baseline) / periods from the baseline's to the current's;
    /// `null` when they are the same period.
    pub pace_actual: Option<f64>,
    /// The least-squares line through `series` from the baseline's period
    /// to the current one, at the deadline's period; `null` with fewer than
    /// two values.
    pub projected: Option<f64>,
    /// Periods after the current one up to and including the deadline's.
    pub periods_left: Option<i64>,
    /// The largest change from one period to the next, per period, in the
    /// goal's direction (negative when it only went the other way).
    pub best_change: Option<f64>,
    /// `achieved`, `missed`, `on_track`, `at_risk` or `no_data`.
    pub status: Status,
    /// The SMART checks the goal fails, in words.
    pub warnings: Vec<String>,
    /// The same as codes: `target_not_beyond_baseline`, `deadline_passed`,
    /// `no_data`, `pace_unrealistic`.
    pub warning_codes: Vec<Warning>,
    /// The metric's values by period up to the deadline (complete periods;
    /// for followers, up to as-of).
    pub series: Vec<PeriodValue>,
    /// The input files the values come from.
    pub files: Vec<String>,
}

/// What was read.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GoalsInput {
    /// The goals file.
    pub goals_file: String,
    /// Each input file and what it was read as.
    pub files: Vec<InputFile>,
}

/// The whole `goals` document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GoalsDoc {
    pub schema: &'static str,
    /// "Now": periods ending before it are complete (`--as-of`, default today).
    pub as_of: NaiveDate,
    pub input: GoalsInput,
    pub goals: Vec<GoalRow>,
}

/// A value in a warning: whole numbers as they are, others with two decimals.
fn num(v: f64) -> String {
    plain(v)
}

/// The warnings of a goal in words.
fn warning_text(w: Warning, g: &GoalSpec, row: &GoalRow, no_data: Option<&str>) -> String {
    let per = period_word(g.period);
    match w {
        Warning::TargetNotBeyondBaseline => format!(
            "the target {} is not {} the baseline {}: there is nothing to achieve",
            num(g.target),
            match g.direction {
                Direction::Increase => "above",
                Direction::Decrease => "below",
            },
            row.baseline.map(num).unwrap_or_default()
        ),
        Warning::DeadlinePassed => format!("the deadline {} has passed", g.deadline),
        Warning::NoData => format!(
            "no data for {}: {}",
            g.metric.name(),
            no_data.unwrap_or("no value in a complete period up to the deadline")
        ),
        Warning::PaceUnrealistic => format!(
            "the pace needed ({} a {per}) is more than {}× the best change seen ({} a {per}): not achievable as history goes",
            row.pace_needed.map(num).unwrap_or_default(),
            num(UNREALISTIC),
            row.best_change.map(num).unwrap_or_default()
        ),
    }
}

/// Evaluates each goal on the values the sources give at `as_of`.
pub fn build(
    goals_file: &str,
    goals: &[GoalSpec],
    sources: &mut Sources,
    as_of: NaiveDate,
) -> Result<GoalsDoc, InputError> {
    let mut rows = Vec::new();
    for g in goals {
        let mv = sources.values(
            &g.metric,
            g.period,
            g.platform.as_deref(),
            g.min_actions,
            g.months,
            as_of,
        )?;
        let deadline = period_index(g.period, g.deadline);
        let history: Vec<PeriodValue> = mv
            .values
            .iter()
            .filter(|v| v.index <= deadline)
            .cloned()
            .collect();
        let points: Vec<_> = history.iter().map(PeriodValue::point).collect();
        let p = evaluate(
            &points,
            &GoalParams {
                target: g.target,
                direction: g.direction,
                baseline: g.baseline,
                start: g.start.map(|s| period_index(g.period, s)),
                deadline,
                deadline_passed: g.deadline < as_of,
            },
        );
        let label = |i: Option<i64>| -> Option<String> {
            let i = i?;
            history
                .iter()
                .find(|v| v.index == i)
                .map(|v| v.period.clone())
                .or_else(|| {
                    g.start
                        .filter(|s| period_index(g.period, *s) == i)
                        .map(|s| g.period.label(g.period.span_of(s)))
                })
        };
        let mut row = GoalRow {
            name: g.name.clone(),
            metric: g.metric.name().to_string(),
            period: g.period,
            direction: g.direction,
            platform: g.platform.clone(),
            baseline: p.baseline,
            baseline_period: label(p.baseline_index),
            current: p.current,
            current_period: label(p.current_index),
            target: g.target,
            start: g.start,
            deadline: g.deadline,
            progress: p.progress,
            pace_needed: p.pace_needed,
            pace_actual: p.pace_actual,
            projected: p.projected,
            periods_left: p.periods_left,
            best_change: p.best_change,
            status: p.status,
            warnings: Vec::new(),
            warning_codes: p.warnings.clone(),
            series: history,
            files: mv.files,
        };
        row.warnings = p
            .warnings
            .iter()
            .map(|w| warning_text(*w, g, &row, mv.no_data.as_deref()))
            .collect();
        rows.push(row);
    }
    Ok(GoalsDoc {
        schema: SCHEMA,
        as_of,
        input: GoalsInput {
            goals_file: goals_file.to_string(),
            files: sources.files.clone(),
        },
        goals: rows,
    })
}
