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

    fn cell(&self, v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => neutralize(s),
            serde_json::Value::Number(n) => self.number(n.to_string()),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        }
    }

    /// Any list of rows as CSV, nested objects spread into `parent.child` columns.
    pub fn rows<T: Serialize>(&self, rows: impl IntoIterator<Item = T>) -> anyhow::Result<Vec<u8>> {
        self.write(rows)
    }

    fn write<T: Serialize>(&self, rows: impl IntoIterator<Item = T>) -> anyhow::Result<Vec<u8>> {
        // Serialise each row through JSON, and spread nested objects (a VK
        // post's `reach_split`) into `parent.child` columns.
        let mut objects: Vec<serde_json::Map<String, serde_json::Value>> = Vec::new();
        for row in rows {
            let mut flat = serde_json::Map::new();
            if let serde_json::Value::Object(obj) = serde_json::to_value(row)? {
                for (k, v) in obj {
                    match v {
                        serde_json::Value::Object(inner) => {
                            for (ik, iv) in inner {
                                flat.insert(format!("{k}.{ik}"), iv);
                            }
                        }
                        v => {
                            flat.insert(k, v);
                        }
                    }
                }
            }
            objects.push(flat);
        }
        // Fields a row may omit (reported by some posts only) still get a
        // column: the header is every key, in the order first seen.
        let mut header: Vec<String> = Vec::new();
        for o in &objects {
            for k in o.keys() {
                if !header.contains(k) {
                    header.push(k.clone());
                }
            }
        }
        let lines: Vec<Vec<String>> = objects
            .iter()
            .map(|o| {
                header
                    .iter()
                    .map(|k| o.get(k).map(|v| self.cell(v)).unwrap_or_default())
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        if self.excel {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(if self.excel { b';' } else { b',' })
                .from_writer(&mut out);
            if !header.is_empty() {
                w.write_record(&header)?;
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
