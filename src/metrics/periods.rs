//! Calendar periods of the publish time and the growth between consecutive
//! ones (docs/metrics.md#periods, #reach-growth, #er-change).

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::summary::SetSummary;

/// `--period`: how posts are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    /// ISO weeks, Monday first.
    Week,
    Month,
    Quarter,
    /// One period holding every dated post.
    All,
}

/// One calendar period: its label and first and last day (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    /// The calendar days from `start` to `end`, both included (0 when the
    /// span is backwards).
    pub fn days(&self) -> u64 {
        u64::try_from((self.end - self.start).num_days() + 1).unwrap_or(0)
    }
}

impl Period {
    /// The period holding `date`. `All` spans exactly the dates given to [`periodize`].
    pub fn span_of(self, date: NaiveDate) -> Span {
        match self {
            Period::Day | Period::All => Span {
                start: date,
                end: date,
            },
            Period::Week => {
                let start = date - Duration::days(date.weekday().num_days_from_monday() as i64);
                Span {
                    start,
                    end: start + Duration::days(6),
                }
            }
            Period::Month => {
                let start = date.with_day(1).unwrap_or(date);
                Span {
                    start,
                    end: last_day_of_month(start.year(), start.month()),
                }
            }
            Period::Quarter => {
                let m0 = (date.month0() / 3) * 3 + 1;
                let start = NaiveDate::from_ymd_opt(date.year(), m0, 1).unwrap_or(date);
                Span {
                    start,
                    end: last_day_of_month(date.year(), m0 + 2),
                }
            }
        }
    }

    /// The label of a span: `2025-01-31`, `2025-W05`, `2025-01`, `2025-Q1`, `all`.
    pub fn label(self, span: Span) -> String {
        let d = span.start;
        match self {
            Period::Day => d.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Period::Month => d.format("%Y-%m").to_string(),
            Period::Quarter => format!("{:04}-Q{}", d.year(), d.month0() / 3 + 1),
            Period::All => "all".to_string(),
        }
    }
}

fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .map(|d| d - Duration::days(1))
        .unwrap_or(NaiveDate::MAX)
}

/// Figures of one period and their change against the period before.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PeriodRow {
    /// Label: `2025-01-31`, `2025-W05`, `2025-01`, `2025-Q1` or `all`.
    pub period: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period (inclusive).
    pub end: NaiveDate,
    #[serde(flatten)]
    pub summary: SetSummary,
    /// (R₂ − R₁) / R₁ × 100 for the sum of post reach against the previous period.
    pub reach_growth: Option<f64>,
    /// The same for mean reach per post.
    pub reach_mean_growth: Option<f64>,
    /// Headline ER minus the previous period's, in percentage points.
    pub er_change: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_counts_its_days_both_ends_included() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let span = |start, end| Span { start, end };
        assert_eq!(span(d(3, 1), d(3, 31)).days(), 31);
        assert_eq!(span(d(2, 1), d(2, 28)).days(), 28);
        assert_eq!(span(d(3, 4), d(3, 4)).days(), 1);
        assert_eq!(span(d(3, 4), d(3, 1)).days(), 0, "backwards");
    }
}
