//! CSV for spreadsheets: one section of the report as a rectangular table
//! with stable English column names and raw numbers. Text cells that a
//! spreadsheet would run as a formula are neutralised.

use serde::Serialize;
use serde_json::Value;

use super::grid::{flatten, join_list, money_lines, period_lines, total_line};
use super::Render;
use crate::doc::goals::GoalsDoc;
use crate::doc::report::{Comparison, MetricChange, ReportDoc};
use crate::doc::suggest::SuggestDoc;

/// Which table of the report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvSection {
    Summary,
    Posts,
    Top,
    Hashtags,
    BestTime,
    Skipped,
    /// `--compare`: each summary figure in both ranges.
    Comparison,
    /// Each campaign with its posts, web figures and money.
    Campaigns,
    /// The money of the report, then of each period.
    Money,
}

pub struct CsvRenderer {
    pub section: CsvSection,
    /// Excel-friendly: BOM, `;` delimiter and, with `decimal_comma`, `3,25`.
    pub excel: bool,
    pub decimal_comma: bool,
}

/// Prefixes text that a spreadsheet could run as a formula with a `'`, so it
/// stays text (OWASP's CSV-injection advice): text beginning with TAB or CR,
/// and text whose first non-blank character is `=`, `+`, `-` or `@` (or their
/// full-width forms, which some input methods turn into formulas). Blanks are
/// looked past because some importers trim cells before reading them. Plain
/// numbers (`-5`, `+7`, `-0.25`) are values, not formulas, and stay as they are.
pub fn neutralize(s: &str) -> String {
    if is_risky(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn is_risky(s: &str) -> bool {
    if s.starts_with(['\t', '\r']) {
        return true;
    }
    let starts_formula = s
        .trim_start()
        .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']);
    starts_formula && !is_plain_number(s)
}

fn is_plain_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && s.parse::<f64>().is_ok()
}

impl CsvRenderer {
    fn number(&self, v: String) -> String {
        if self.decimal_comma {
            v.replace('.', ",")
        } else {
            v
        }
    }

    fn cell(&self, v: &Value) -> String {
        match v {
            Value::Null => String::new(),
            Value::Number(n) => self.number(n.to_string()),
            Value::String(s) => neutralize(s),
            Value::Array(items) => neutralize(&join_list(items)),
            other => neutralize(&other.to_string()),
        }
    }

    /// Any list of rows as CSV, one column per field (nested objects as
    /// `parent.child`), text neutralised.
    pub fn rows<T: Serialize, I>(&self, rows: I) -> anyhow::Result<Vec<u8>>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Clone,
    {
        self.write(rows)
    }

    fn write<T: Serialize, I>(&self, rows: I) -> anyhow::Result<Vec<u8>>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Clone,
    {
        let mut out = Vec::new();
        if self.excel {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(if self.excel { b';' } else { b',' })
                .from_writer(&mut out);
            flatten(rows, |i, headers, values| {
                if i == 0 {
                    w.write_record(headers)?;
                }
                w.write_record(values.iter().map(|v| self.cell(v)))?;
                Ok(())
            })?;
            w.flush()?;
        }
        Ok(out)
    }
}

impl Render<ReportDoc> for CsvRenderer {
    fn render(&self, r: &ReportDoc) -> anyhow::Result<Vec<u8>> {
        match self.section {
            CsvSection::Summary => {
                self.write(std::iter::once(total_line(r)).chain(period_lines(r)))
            }
            CsvSection::Posts => self.write(&r.posts.to_vec()?),
            CsvSection::Top => self.write(&r.top_posts),
            CsvSection::Hashtags => self.write(&r.hashtags),
            CsvSection::BestTime => self.write(&r.best_time),
            CsvSection::Skipped => self.write(&r.input.skipped),
            CsvSection::Comparison => match &r.comparison {
                Some(c) => self.write(comparison_rows(c)),
                None => anyhow::bail!(
                    "--section comparison: there is no comparison; add --compare previous, year or FILE..."
                ),
            },
            CsvSection::Campaigns => self.write(&r.campaigns),
            CsvSection::Money => match &r.money {
                Some(m) => self.write(money_lines(m)),
                None => anyhow::bail!("--section money: there are no costs; add --costs FILE"),
            },
        }
    }
}

/// A row of `--section comparison`: one summary figure in both ranges.
#[derive(Clone, Serialize)]
pub(crate) struct ComparisonRow<'a> {
    metric: &'a str,
    base_start: Option<chrono::NaiveDate>,
    base_end: Option<chrono::NaiveDate>,
    #[serde(flatten)]
    change: &'a MetricChange,
}

pub(crate) fn comparison_rows(c: &Comparison) -> impl Iterator<Item = ComparisonRow<'_>> + Clone {
    c.summary.iter().map(|(k, v)| ComparisonRow {
        metric: k,
        base_start: c.base.range.map(|r| r.start),
        base_end: c.base.range.map(|r| r.end),
        change: v,
    })
}

/// `goals`: one row per goal, its warnings in one cell.
#[derive(Clone, Serialize)]
struct GoalLine<'a> {
    name: &'a str,
    metric: &'a str,
    period: crate::metrics::periods::Period,
    direction: crate::metrics::goals::Direction,
    platform: Option<&'a str>,
    baseline: Option<f64>,
    baseline_period: Option<&'a str>,
    current: Option<f64>,
    current_period: Option<&'a str>,
    target: f64,
    start: Option<chrono::NaiveDate>,
    deadline: chrono::NaiveDate,
    progress: Option<f64>,
    pace_needed: Option<f64>,
    pace_actual: Option<f64>,
    projected: Option<f64>,
    periods_left: Option<i64>,
    best_change: Option<f64>,
    status: crate::metrics::goals::Status,
    warnings: String,
}

impl Render<GoalsDoc> for CsvRenderer {
    fn render(&self, d: &GoalsDoc) -> anyhow::Result<Vec<u8>> {
        self.write(d.goals.iter().map(|g| GoalLine {
            name: &g.name,
            metric: &g.metric,
            period: g.period,
            direction: g.direction,
            platform: g.platform.as_deref(),
            baseline: g.baseline,
            baseline_period: g.baseline_period.as_deref(),
            current: g.current,
            current_period: g.current_period.as_deref(),
            target: g.target,
            start: g.start,
            deadline: g.deadline,
            progress: g.progress,
            pace_needed: g.pace_needed,
            pace_actual: g.pace_actual,
            projected: g.projected,
            periods_left: g.periods_left,
            best_change: g.best_change,
            status: g.status,
            warnings: g.warnings.join("; "),
        }))
    }
}

/// `suggest`: one row per metric.
#[derive(Clone, Serialize)]
struct SuggestLine<'a> {
    metric: &'a str,
    current: Option<f64>,
    current_period: Option<&'a str>,
    median_growth: Option<f64>,
    best_change: Option<f64>,
    target: Option<f64>,
    deadline: chrono::NaiveDate,
    rule: Option<crate::metrics::suggest::Rule>,
    how: &'a str,
}

impl Render<SuggestDoc> for CsvRenderer {
    fn render(&self, d: &SuggestDoc) -> anyhow::Result<Vec<u8>> {
        self.write(d.suggestions.iter().map(|r| SuggestLine {
            metric: &r.metric,
            current: r.current,
            current_period: r.current_period.as_deref(),
            median_growth: r.median_growth,
            best_change: r.best_change,
            target: r.target,
            deadline: d.next.end,
            rule: r.rule,
            how: &r.how,
        }))
    }
}

/// The core's user ids, one per row under a `user` header.
pub struct MemberList<'a>(pub &'a [String]);

#[derive(Serialize)]
struct MemberRow<'a> {
    user: &'a str,
}

impl CsvRenderer {
    /// A table with no rows: its header alone.
    fn header_only(&self, columns: &[&str]) -> Vec<u8> {
        let mut out = if self.excel {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        out.extend_from_slice(columns.join(if self.excel { ";" } else { "," }).as_bytes());
        out.push(b'\n');
        out
    }
}

impl Render<MemberList<'_>> for CsvRenderer {
    fn render(&self, l: &MemberList<'_>) -> anyhow::Result<Vec<u8>> {
        if l.0.is_empty() {
            return Ok(self.header_only(&["user"]));
        }
        self.write(l.0.iter().map(|u| MemberRow { user: u }))
    }
}

/// `core`: one row per month.
impl Render<crate::doc::core::CoreDoc> for CsvRenderer {
    fn render(&self, r: &crate::doc::core::CoreDoc) -> anyhow::Result<Vec<u8>> {
        if r.monthly.is_empty() {
            return Ok(self.header_only(&[
                "month",
                "actions",
                "active_users",
                "meeting_min",
                "core",
                "entered",
                "left",
            ]));
        }
        self.write(&r.monthly)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn formulas_become_text() {
        assert_eq!(neutralize("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("+7 999"), "'+7 999");
        assert_eq!(neutralize("-2+3"), "'-2+3");
        assert_eq!(neutralize("plain"), "plain");
    }

    #[test]
    fn tab_and_carriage_return_at_the_start_become_text() {
        assert_eq!(neutralize("\tTAB"), "'\tTAB");
        assert_eq!(neutralize("\rCR"), "'\rCR");
        assert_eq!(neutralize("\t42"), "'\t42");
    }

    #[test]
    fn blanks_before_a_formula_sign_do_not_hide_it() {
        assert_eq!(neutralize("  =1+1"), "'  =1+1");
        assert_eq!(neutralize("\u{a0}@x"), "'\u{a0}@x");
        assert_eq!(neutralize("\n=1"), "'\n=1");
    }

    #[test]
    fn full_width_formula_signs_become_text() {
        assert_eq!(neutralize("＝1+1"), "'＝1+1");
        assert_eq!(neutralize("＠x"), "'＠x");
    }

    #[test]
    fn plain_numbers_and_other_text_stay_as_they_are() {
        assert_eq!(neutralize("-5"), "-5");
        assert_eq!(neutralize("+7"), "+7");
        assert_eq!(neutralize("-0.25"), "-0.25");
        assert_eq!(neutralize("-1001234567"), "-1001234567");
        assert_eq!(neutralize("a=b"), "a=b");
        assert_eq!(neutralize("#tag"), "#tag");
        assert_eq!(neutralize("'=already"), "'=already");
        assert_eq!(neutralize(""), "");
    }

    #[test]
    fn words_rust_reads_as_numbers_are_still_formulas() {
        // `-inf` parses as a float, but a spreadsheet reads `=-inf`: a name.
        assert_eq!(neutralize("-inf"), "'-inf");
        assert_eq!(neutralize("+NaN"), "'+NaN");
    }
}
