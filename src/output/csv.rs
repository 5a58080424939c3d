//! CSV for spreadsheets: one section of the report as a rectangular table
//! with stable English column names and raw numbers. Text cells that a
//! spreadsheet would run as a formula are neutralised.

use serde::Serialize;

use super::Render;
use crate::metrics::SetSummary;
use crate::report::Report;

/// Which table of the report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvSection {
    Summary,
    Posts,
    Top,
    Hashtags,
    BestTime,
    Skipped,
}

pub struct CsvRenderer {
    pub section: CsvSection,
    /// Excel-friendly: BOM, `;` delimiter and, with `decimal_comma`, `3,25`.
    pub excel: bool,
    pub decimal_comma: bool,
}

/// Prefixes text that a spreadsheet would evaluate (`=`, `+`, `-`, `@`, TAB, CR)
/// with a `'`, so it stays text. Numbers are left alone.
pub fn neutralize(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    period: &'a str,
    start: String,
    end: String,
    #[serde(flatten)]
    summary: &'a SetSummary,
    reach_growth: Option<f64>,
    reach_mean_growth: Option<f64>,
    er_change: Option<f64>,
}

impl CsvRenderer {
    fn number(&self, v: String) -> String {
        if self.decimal_comma {
            v.replace('.', ",")
        } else {
            v
        }
    }

    fn write<T: Serialize>(&self, rows: impl IntoIterator<Item = T>) -> anyhow::Result<Vec<u8>> {
        // Serialise each row through JSON to flatten nested fields uniformly.
        let mut header: Option<Vec<String>> = None;
        let mut lines: Vec<Vec<String>> = Vec::new();
        for row in rows {
            let v = serde_json::to_value(row)?;
            let obj = v.as_object().cloned().unwrap_or_default();
            if header.is_none() {
                header = Some(obj.keys().cloned().collect());
            }
            let cols = header.as_ref().map(|h| h.len()).unwrap_or(0);
            let mut line = Vec::with_capacity(cols);
            for k in header.iter().flatten() {
                let cell = match obj.get(k) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => neutralize(s),
                    Some(serde_json::Value::Number(n)) => self.number(n.to_string()),
                    Some(serde_json::Value::Array(a)) => a
                        .iter()
                        .map(|x| {
                            x.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| x.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    Some(other) => other.to_string(),
                };
                line.push(cell);
            }
            lines.push(line);
        }
        let mut out = Vec::new();
        if self.excel {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(if self.excel { b';' } else { b',' })
                .from_writer(&mut out);
            if let Some(h) = &header {
                w.write_record(h)?;
            }
            for l in &lines {
                w.write_record(l)?;
            }
            w.flush()?;
        }
        Ok(out)
    }
}

impl Render<Report> for CsvRenderer {
    fn render(&self, r: &Report) -> anyhow::Result<Vec<u8>> {
        match self.section {
            CsvSection::Summary => {
                let all = SummaryLine {
                    period: "total",
                    start: r
                        .periods
                        .first()
                        .map(|p| p.start.to_string())
                        .unwrap_or_default(),
                    end: r
                        .periods
                        .last()
                        .map(|p| p.end.to_string())
                        .unwrap_or_default(),
                    summary: &r.summary,
                    reach_growth: None,
                    reach_mean_growth: None,
                    er_change: None,
                };
                let rows = std::iter::once(all).chain(r.periods.iter().map(|p| SummaryLine {
                    period: &p.period,
                    start: p.start.to_string(),
                    end: p.end.to_string(),
                    summary: &p.summary,
                    reach_growth: p.reach_growth,
                    reach_mean_growth: p.reach_mean_growth,
                    er_change: p.er_change,
                }));
                self.write(rows)
            }
            CsvSection::Posts => self.write(&r.posts),
            CsvSection::Top => self.write(&r.top_posts),
            CsvSection::Hashtags => self.write(&r.hashtags),
            CsvSection::BestTime => self.write(&r.best_time),
            CsvSection::Skipped => self.write(&r.input.skipped),
        }
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
impl Render<crate::core_report::CoreReport> for CsvRenderer {
    fn render(&self, r: &crate::core_report::CoreReport) -> anyhow::Result<Vec<u8>> {
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
        assert_eq!(neutralize("-5"), "-5");
        assert_eq!(neutralize("plain"), "plain");
    }
}
