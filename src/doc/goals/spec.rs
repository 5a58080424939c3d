//! The goals file: a TOML list of `[[goal]]` tables, read into checked
//! [`GoalSpec`]s (a mistake names its line and what was expected), and
//! written back out by `suggest` in the same shape, so `goals` reads what
//! `suggest` writes.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::doc::figures::summary_names;
use crate::input::values::{parse_timestamp, DateContext};
use crate::input::PLATFORMS;
use crate::metrics::goals::Direction;
use crate::metrics::periods::Period;

/// What a goal measures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// A summary figure of `report` by its JSON name (`reach`, `er`, ...).
    Summary(String),
    /// Followers at the end of each period (`growth`).
    Followers,
    /// The active core at the end of each month (`core`).
    CoreSize,
}

impl Metric {
    /// The name as the goals file writes it.
    pub fn name(&self) -> &str {
        match self {
            Metric::Summary(n) => n,
            Metric::Followers => "followers",
            Metric::CoreSize => "core_size",
        }
    }

    fn parse(s: &str) -> Option<Metric> {
        match s.trim().to_ascii_lowercase().as_str() {
            "followers" => Some(Metric::Followers),
            "core_size" | "core" => Some(Metric::CoreSize),
            n => summary_names()
                .into_iter()
                .find(|x| x == n)
                .map(Metric::Summary),
        }
    }

    /// Every name a goal may use.
    pub fn names() -> Vec<String> {
        let mut all = summary_names();
        all.push("followers".to_string());
        all.push("core_size".to_string());
        all
    }

    /// The direction a goal takes unless it says: down for negative
    /// feedback, up for everything else.
    fn default_direction(&self) -> Direction {
        match self.name() {
            n if n.starts_with("negative") => Direction::Decrease,
            _ => Direction::Increase,
        }
    }
}

/// One goal, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalSpec {
    pub name: String,
    pub metric: Metric,
    pub target: f64,
    pub deadline: NaiveDate,
    pub start: Option<NaiveDate>,
    pub baseline: Option<f64>,
    pub period: Period,
    pub direction: Direction,
    /// Only files of this platform count.
    pub platform: Option<String>,
    /// N and M of `core_size` (as `core --min-actions`, `--months`).
    pub min_actions: u32,
    pub months: u32,
    /// Line of the goal's `[[goal]]` header in the file.
    pub line: usize,
}

/// A goals file that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalsFileError {
    pub file: String,
    /// 1-based; 0 when the mistake has no place in the file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for GoalsFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file, self.message),
            l => write!(f, "{}:{l}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for GoalsFileError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    goal: Vec<Spanned<RawGoal>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    name: Option<String>,
    metric: Spanned<String>,
    target: Spanned<f64>,
    deadline: Spanned<toml::Value>,
    start: Option<Spanned<toml::Value>>,
    baseline: Option<Spanned<f64>>,
    period: Option<Spanned<String>>,
    direction: Option<Spanned<String>>,
    platform: Option<Spanned<String>>,
    min_actions: Option<Spanned<u32>>,
    months: Option<Spanned<u32>>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A date as the goals file may write it: a TOML date (`2025-06-30`), or a
/// string in any form a date may take (`"2025-06-30"`, `"30.06.2025"`).
fn date_of(v: &toml::Value) -> Option<NaiveDate> {
    match v {
        toml::Value::Datetime(dt) => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        toml::Value::String(s) => {
            parse_timestamp(s, &DateContext::default()).map(|t| t.local.date())
        }
        _ => None,
    }
}

fn period_of(s: &str) -> Option<Period> {
    match s.trim().to_ascii_lowercase().as_str() {
        "day" => Some(Period::Day),
        "week" => Some(Period::Week),
        "month" => Some(Period::Month),
        "quarter" => Some(Period::Quarter),
        _ => None,
    }
}

/// The name of a period as the goals file writes it.
pub fn period_name(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
        Period::All => "all",
    }
}

/// Reads a goals file's text (`file` names it in errors).
pub fn parse(file: &str, text: &str) -> Result<Vec<GoalSpec>, GoalsFileError> {
    let err = |offset: Option<usize>, message: String| GoalsFileError {
        file: file.to_string(),
        line: offset.map(|o| line_of(text, o)).unwrap_or(0),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        err(e.span().map(|s| s.start), message)
    })?;
    if raw.goal.is_empty() {
        return Err(err(
            None,
            "no goals: write one [[goal]] table per goal, with metric, target and deadline"
                .to_string(),
        ));
    }
    raw.goal
        .into_iter()
        .map(|g| {
            let line = line_of(text, g.span().start);
            let g = g.into_inner();
            let at = |span: std::ops::Range<usize>| Some(span.start);
            let metric = Metric::parse(g.metric.get_ref()).ok_or_else(|| {
                err(
                    at(g.metric.span()),
                    format!(
                        "metric: unknown metric '{}' (one of: {})",
                        g.metric.get_ref(),
                        Metric::names().join(", ")
                    ),
                )
            })?;
            let target = *g.target.get_ref();
            if !target.is_finite() {
                return Err(err(at(g.target.span()), "target: must be a number".into()));
            }
            let deadline = date_of(g.deadline.get_ref()).ok_or_else(|| {
                err(
                    at(g.deadline.span()),
                    format!(
                        "deadline: cannot read {} as a date (write it as \"2025-06-30\")",
                        g.deadline.get_ref()
                    ),
                )
            })?;
            let start = match &g.start {
                Some(s) => Some(date_of(s.get_ref()).ok_or_else(|| {
                    err(
                        at(s.span()),
                        format!(
                            "start: cannot read {} as a date (write it as \"2025-01-01\")",
                            s.get_ref()
                        ),
                    )
                })?),
                None => None,
            };
            if let Some(s) = start.filter(|s| *s > deadline) {
                return Err(err(
                    Some(line_start(text, line)),
                    format!("start {s} is after the deadline {deadline}"),
                ));
            }
            let baseline = match &g.baseline {
                Some(b) if !b.get_ref().is_finite() => {
                    return Err(err(at(b.span()), "baseline: must be a number".into()))
                }
                Some(b) => Some(*b.get_ref()),
                None => None,
            };
            let period = match &g.period {
                Some(p) => period_of(p.get_ref()).ok_or_else(|| {
                    err(
                        at(p.span()),
                        format!(
                            "period: unknown period '{}' (day, week, month or quarter)",
                            p.get_ref()
                        ),
                    )
                })?,
                None => Period::Month,
            };
            let direction = match &g.direction {
                Some(d) => match d.get_ref().trim().to_ascii_lowercase().as_str() {
                    "increase" => Direction::Increase,
                    "decrease" => Direction::Decrease,
                    other => {
                        return Err(err(
                            at(d.span()),
                            format!("direction: '{other}' is neither increase nor decrease"),
                        ))
                    }
                },
                None => metric.default_direction(),
            };
            let platform = match &g.platform {
                Some(p) => {
                    let name = p.get_ref().trim().to_ascii_lowercase();
                    if !PLATFORMS.contains(&name.as_str()) {
                        return Err(err(
                            at(p.span()),
                            format!(
                                "platform: unknown platform '{}' ({})",
                                p.get_ref(),
                                PLATFORMS.join(", ")
                            ),
                        ));
                    }
                    if metric == Metric::CoreSize {
                        return Err(err(
                            at(p.span()),
                            "platform: activity logs name no platform; leave it out of a core_size goal"
                                .into(),
                        ));
                    }
                    Some(name)
                }
                None => None,
            };
            if metric == Metric::CoreSize && period != Period::Month {
                let offset = g.period.as_ref().map(|p| p.span().start);
                return Err(err(
                    offset,
                    "period: the core is counted by month; a core_size goal takes period = \"month\""
                        .into(),
                ));
            }
            let min_actions = match &g.min_actions {
                Some(n) if *n.get_ref() == 0 => {
                    return Err(err(at(n.span()), "min_actions: must be at least 1".into()))
                }
                Some(n) => *n.get_ref(),
                None => 3,
            };
            let months = match &g.months {
                Some(n) if !(1..=1200).contains(n.get_ref()) => {
                    return Err(err(
                        at(n.span()),
                        "months: must be between 1 and 1200".into(),
                    ))
                }
                Some(n) => *n.get_ref(),
                None => 6,
            };
            if metric != Metric::CoreSize && (g.min_actions.is_some() || g.months.is_some()) {
                return Err(err(
                    Some(line_start(text, line)),
                    "min_actions and months belong to core_size goals only".into(),
                ));
            }
            let name = g
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| format!("{} {} by {deadline}", metric.name(), plain(target)));
            Ok(GoalSpec {
                name,
                metric,
                target,
                deadline,
                start,
                baseline,
                period,
                direction,
                platform,
                min_actions,
                months,
                line,
            })
        })
        .collect()
}

/// The byte offset where 1-based `line` starts.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// A number as plain text: whole numbers without decimals, others with up
/// to two.
pub fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A number as a TOML value: an integer when whole, else a float.
fn toml_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A goals file of `goals`, each table preceded by its `comments` lines
/// (the first `header` lines head the file). [`parse`] reads it back.
pub fn write(header: &[String], goals: &[(GoalSpec, Vec<String>)]) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str(&format!("# {}\n", h.replace(['\r', '\n'], " ")));
    }
    for (g, comments) in goals {
        out.push('\n');
        for c in comments {
            out.push_str(&format!("# {}\n", c.replace(['\r', '\n'], " ")));
        }
        out.push_str("[[goal]]\n");
        out.push_str(&format!("name = {}\n", toml_string(&g.name)));
        out.push_str(&format!("metric = {}\n", toml_string(g.metric.name())));
        out.push_str(&format!("target = {}\n", toml_number(g.target)));
        out.push_str(&format!("deadline = \"{}\"\n", g.deadline));
        if let Some(s) = g.start {
            out.push_str(&format!("start = \"{s}\"\n"));
        }
        if let Some(b) = g.baseline {
            out.push_str(&format!("baseline = {}\n", toml_number(b)));
        }
        out.push_str(&format!("period = \"{}\"\n", period_name(g.period)));
        out.push_str(&format!("direction = \"{}\"\n", g.direction.name()));
        if let Some(p) = &g.platform {
            out.push_str(&format!("platform = {}\n", toml_string(p)));
        }
        if g.metric == Metric::CoreSize {
            out.push_str(&format!("min_actions = {}\n", g.min_actions));
            out.push_str(&format!("months = {}\n", g.months));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn reads_a_goal_with_defaults() {
        let g = parse(
            "g.toml",
            "[[goal]]\nname = \"Reach 15k\"\nmetric = \"reach\"\ntarget = 15000\ndeadline = \"2025-06-30\"\n",
        )
        .unwrap();
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.metric, Metric::Summary("reach".into()));
        assert_eq!((g.target, g.deadline), (15000.0, d("2025-06-30")));
        assert_eq!(
            (g.period, g.direction),
            (Period::Month, Direction::Increase)
        );
        assert_eq!((g.start, g.baseline, g.line), (None, None, 1));
    }

    #[test]
    fn reads_toml_dates_and_dotted_dates() {
        let g = parse(
            "g.toml",
            "[[goal]]\nmetric = \"er\"\ntarget = 3.5\ndeadline = 2025-06-30\nstart = \"01.01.2025\"\n",
        )
        .unwrap();
        assert_eq!(g[0].deadline, d("2025-06-30"));
        assert_eq!(g[0].start, Some(d("2025-01-01")));
        assert_eq!(g[0].name, "er 3.5 by 2025-06-30");
    }

    #[test]
    fn negative_feedback_goals_go_down_unless_told() {
        let g = parse(
            "g.toml",
            "[[goal]]\nmetric = \"negative_rate\"\ntarget = 0.5\ndeadline = \"2025-06-30\"\n",
        )
        .unwrap();
        assert_eq!(g[0].direction, Direction::Decrease);
    }

    fn error(text: &str) -> GoalsFileError {
        parse("g.toml", text).unwrap_err()
    }

    #[test]
    fn an_unknown_metric_names_its_line_and_the_metrics_known() {
        let e = error("[[goal]]\ntarget = 1\nmetric = \"likez\"\ndeadline = \"2025-06-30\"\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unknown metric 'likez'"), "{e}");
        assert!(e.message.contains("core_size"), "{e}");
        assert!(e.to_string().starts_with("g.toml:3: "), "{e}");
    }

    #[test]
    fn a_bad_date_names_its_line() {
        let e = error("[[goal]]\nmetric = \"reach\"\ntarget = 1\ndeadline = \"2025-13-45\"\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("deadline"), "{e}");
    }

    #[test]
    fn a_missing_target_names_the_goals_line() {
        let e = error(
            "[[goal]]\nmetric = \"reach\"\ntarget = 1\ndeadline = \"2025-06-30\"\n\n[[goal]]\nmetric = \"er\"\ndeadline = \"2025-06-30\"\n",
        );
        assert!(e.message.contains("target"), "{e}");
        assert!(e.line >= 6, "{e}");
    }

    #[test]
    fn unknown_keys_periods_and_directions_are_errors() {
        assert!(error(
            "[[goal]]\nmetric = \"reach\"\ntarget = 1\ndeadline = \"2025-06-30\"\ntargte = 2\n"
        )
        .message
        .contains("targte"));
        assert_eq!(
            error("[[goal]]\nmetric = \"reach\"\ntarget = 1\ndeadline = \"2025-06-30\"\nperiod = \"year\"\n").line,
            5
        );
        assert_eq!(
            error("[[goal]]\nmetric = \"reach\"\ntarget = 1\ndeadline = \"2025-06-30\"\ndirection = \"up\"\n").line,
            5
        );
        assert_eq!(
            error("[[goal]]\nmetric = \"core_size\"\ntarget = 1\ndeadline = \"2025-06-30\"\nperiod = \"week\"\n").line,
            5
        );
    }

    #[test]
    fn an_empty_file_or_bad_toml_is_an_error() {
        assert!(error("").message.contains("no goals"));
        let e = error("[[goal]]\nmetric = reach\n");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let g = GoalSpec {
            name: "Reach \"15k\" by June".into(),
            metric: Metric::Summary("er".into()),
            target: 3.25,
            deadline: d("2025-06-30"),
            start: Some(d("2025-04-01")),
            baseline: Some(3.0),
            period: Period::Quarter,
            direction: Direction::Increase,
            platform: Some("vk".into()),
            min_actions: 3,
            months: 6,
            line: 4,
        };
        let core = GoalSpec {
            name: "Core".into(),
            metric: Metric::CoreSize,
            target: 14.0,
            period: Period::Month,
            platform: None,
            min_actions: 2,
            months: 3,
            line: 15,
            ..g.clone()
        };
        let text = write(
            &["Suggested".into()],
            &[
                (g.clone(), vec!["from history".into()]),
                (core.clone(), vec![]),
            ],
        );
        let back = parse("s.toml", &text).unwrap();
        assert_eq!(back, vec![g, core], "{text}");
    }

    #[test]
    fn plain_numbers_drop_needless_decimals() {
        assert_eq!(plain(15000.0), "15000");
        assert_eq!(plain(333.3333), "333.33");
        assert_eq!(plain(2.5), "2.5");
        assert_eq!(toml_number(3.0), "3");
        assert_eq!(toml_number(3.25), "3.25");
    }
}
