//! XLSX: the report as a workbook shaped like an SMM monthly report
//! (Summary, Periods, Posts, Top posts, Hashtags, Best time, Skipped), for
//! the people who take figures on in Excel or Google Sheets.
//!
//! Columns carry the English field names of JSON and CSV whatever `--lang`
//! says, so a sheet's columns mean the same in every format. Numbers are
//! numeric cells (counts as integers, rates with two decimals), values not
//! reported are empty cells (never 0), dates are Excel dates. Text is only
//! ever written as a string cell, never a formula; text a spreadsheet could
//! run as a formula also gets the `'` prefix CSV gives it, so both show the
//! same text and it stays text when someone edits the cell and presses Enter.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatBorder, RowNum, Workbook, Worksheet,
};
use serde::Serialize;
use serde_json::Value;

use super::csv::neutralize;
use super::grid::{flatten, join_list, period_lines};
use super::Render;
use crate::doc::report::ReportDoc;

/// Renders a [`ReportDoc`] as an XLSX workbook.
pub struct XlsxRenderer {
    /// The workbook's creation date (from the run's "today", not the clock,
    /// so the same inputs give the same bytes).
    pub today: NaiveDate,
}

/// Rows in one Excel sheet, the header row included.
const MAX_ROWS: usize = 1_048_576;
/// Characters in one Excel cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Widest a column is fitted to its text, in pixels: long captions wrap the
/// view otherwise.
const MAX_COLUMN_PIXELS: u32 = 320;

/// Rows looked at to fit column widths: what a screen shows, so that the
/// widths of a sheet of a hundred thousand posts cost no more than a page's.
const AUTOFIT_ROWS: RowNum = 200;

/// Columns (or Summary keys) holding a date (`YYYY-MM-DD`) or a publish time (ISO 8601).
const DATE_COLUMNS: [&str; 3] = ["start", "end", "generated"];
const TIME_COLUMNS: [&str; 1] = ["published_at"];
/// Integer columns that are positions, not amounts: no thousands grouping.
const UNGROUPED_COLUMNS: [&str; 3] = ["line", "hour", "weekday"];

struct Formats {
    header: Format,
    count: Format,
    integer: Format,
    rate: Format,
    date: Format,
    time: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(0xE8EEF6)
                .set_border_bottom(FormatBorder::Thin),
            count: Format::new().set_num_format("#,##0"),
            integer: Format::new().set_num_format("0"),
            rate: Format::new().set_num_format("0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

/// Text as a cell holds it: neutralised, and cut to Excel's limit.
fn cell_text(s: &str) -> String {
    let safe = neutralize(s);
    if safe.chars().count() > MAX_CELL_CHARS {
        let mut cut: String = safe.chars().take(MAX_CELL_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        safe
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    // Excel's calendar starts in 1900 and ends in 9999.
    if !(1900..=9999).contains(&d.year()) {
        return None;
    }
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

fn excel_time(t: NaiveDateTime) -> Option<ExcelDateTime> {
    excel_date(t.date())?
        .and_hms(t.hour() as u16, t.minute() as u8, t.second())
        .ok()
}

/// A date or publish time as JSON writes it, back as an Excel date. The
/// wall-clock time is kept and the offset dropped: Excel has no zones.
fn parse_when(column: &str, s: &str) -> Option<(ExcelDateTime, bool)> {
    if DATE_COLUMNS.contains(&column) {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        return Some((excel_date(d)?, false));
    }
    if TIME_COLUMNS.contains(&column) {
        let t = NaiveDateTime::parse_from_str(s.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()?;
        return Some((excel_time(t)?, true));
    }
    None
}

fn write_value(
    ws: &mut Worksheet,
    f: &Formats,
    (row, col): (RowNum, ColNum),
    column: &str,
    v: &Value,
) -> anyhow::Result<()> {
    match v {
        // Not reported: an empty cell, which sums and averages skip.
        Value::Null => {}
        Value::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
        Value::Number(n) => {
            if let Some(i) = n.as_u64() {
                let format = if UNGROUPED_COLUMNS.contains(&column) {
                    &f.integer
                } else {
                    &f.count
                };
                ws.write_number_with_format(row, col, i as f64, format)?;
            } else if let Some(i) = n.as_i64() {
                ws.write_number_with_format(row, col, i as f64, &f.count)?;
            } else if let Some(x) = n.as_f64() {
                ws.write_number_with_format(row, col, x, &f.rate)?;
            }
        }
        Value::String(s) => match parse_when(column, s) {
            Some((when, with_time)) => {
                let format = if with_time { &f.time } else { &f.date };
                ws.write_datetime_with_format(row, col, &when, format)?;
            }
            None => {
                ws.write_string(row, col, cell_text(s))?;
            }
        },
        Value::Array(items) => {
            ws.write_string(row, col, cell_text(&join_list(items)))?;
        }
        Value::Object(_) => {
            ws.write_string(row, col, cell_text(&v.to_string()))?;
        }
    }
    Ok(())
}

/// How a sheet's cells are typed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Each column holds one field, named by its header.
    Table,
    /// Rows of `metric, value, formula`: a value is the field its metric names.
    KeyValue,
}

/// One sheet holding one table, written row by row: bold frozen header,
/// autofilter, fitted widths.
fn add_sheet<T: Serialize, I>(
    wb: &mut Workbook,
    f: &Formats,
    name: &str,
    layout: Layout,
    rows: I,
) -> anyhow::Result<()>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Clone,
{
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let mut columns = 0;
    let n = flatten(rows, |i, headers, values| {
        let row = RowNum::try_from(i + 1)
            .ok()
            .filter(|&r| (r as usize) < MAX_ROWS)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "the {name} sheet would have more rows than the {} Excel holds (use --format csv)",
                    MAX_ROWS - 1
                )
            })?;
        if i == 0 {
            columns = headers.len();
            for (c, h) in headers.iter().enumerate() {
                ws.write_string_with_format(0, c as ColNum, cell_text(h), &f.header)?;
            }
        }
        for (c, v) in values.iter().enumerate() {
            let key = match (layout, c, values.first()) {
                (Layout::KeyValue, 1, Some(Value::String(metric))) => metric,
                _ => &headers[c],
            };
            write_value(ws, f, (row, c as ColNum), key, v)?;
        }
        Ok(())
    })?;
    if n == 0 || columns == 0 {
        ws.write_string(0, 0, "none")?;
        return Ok(());
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, n as RowNum, (columns - 1) as ColNum)?;
    ws.set_autofit_max_width(MAX_COLUMN_PIXELS);
    ws.set_autofit_max_row(AUTOFIT_ROWS);
    ws.autofit();
    Ok(())
}

/// `0.25` → `0.25`, `3` → `3`: a bound of a band in the formula text.
fn short(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A row of the Summary sheet.
#[derive(Clone, Serialize)]
struct SummaryRow {
    metric: String,
    value: Value,
    formula: String,
}

/// The Summary sheet: each set figure with how it was computed, then what
/// was read and which formula was used.
fn summary_rows(r: &ReportDoc, today: NaiveDate) -> anyhow::Result<Vec<SummaryRow>> {
    let fm = &r.formula;
    let basis = fm.er_basis.name();
    let t = fm.target_er;
    let formula_of = |key: &str| -> String {
        match key {
            "posts" => "rows used as posts".to_string(),
            "reach" => "Σ reach (sum of post reach: people overlap across posts)".to_string(),
            "interactions" => format!("Σ ({})", fm.interactions_formula),
            "er" => format!("the headline ER: er_{}", agg_name(r)),
            "er_mean" => format!("mean of per-post ER; ER = {}", fm.er_formula),
            "er_median" => format!("median of per-post ER; ER = {}", fm.er_formula),
            "er_ratio" => format!("Σ interactions / Σ {basis} × 100"),
            "ctr" => "Σ link_clicks / Σ reach × 100".to_string(),
            "reach_mean" => "Σ reach / posts reporting reach".to_string(),
            "band" => format!(
                "er against target_er {}: low < {} ≤ average < {} ≤ high ≤ {} < very_high",
                short(t),
                short(t / 3.0),
                short(t * 3.5 / 3.0),
                short(t * 2.0)
            ),
            count => format!("Σ {count}"),
        }
    };
    let Value::Object(summary) = serde_json::to_value(&r.summary)? else {
        anyhow::bail!("the summary is not a JSON object");
    };
    let mut rows: Vec<SummaryRow> = summary
        .into_iter()
        .map(|(metric, value)| SummaryRow {
            formula: formula_of(&metric),
            metric,
            value,
        })
        .collect();
    let span = |first: bool| {
        let p = if first {
            r.periods.first()
        } else {
            r.periods.last()
        };
        p.map(|p| Value::from(if first { p.start } else { p.end }.to_string()))
            .unwrap_or(Value::Null)
    };
    let context: [(&str, Value, String); 12] = [
        (
            "files",
            Value::from(r.input.files.join(", ")),
            "input files as given".to_string(),
        ),
        ("start", span(true), "first day of the first period".into()),
        ("end", span(false), "last day of the last period".into()),
        (
            "rows_read",
            Value::from(r.input.rows_read),
            "posts + skipped + filtered_out".into(),
        ),
        (
            "filtered_out",
            Value::from(r.input.filtered_out),
            "posts outside --since/--until, and replies left out by --exclude-replies".into(),
        ),
        (
            "skipped",
            Value::from(r.input.skipped.len()),
            "rows that are not posts (see the Skipped sheet)".into(),
        ),
        (
            "interactions_formula",
            Value::from(fm.interactions_formula.clone()),
            "--interactions".into(),
        ),
        ("er_basis", Value::from(basis), "--er-basis".into()),
        (
            "er_formula",
            Value::from(fm.er_formula.clone()),
            "ER of one post, in %".into(),
        ),
        ("aggregate", Value::from(agg_name(r)), "--aggregate".into()),
        ("target_er", Value::from(t), "--target-er, in %".into()),
        (
            "generated",
            Value::from(today.to_string()),
            "date the workbook was made".into(),
        ),
    ];
    rows.extend(
        context
            .into_iter()
            .map(|(metric, value, formula)| SummaryRow {
                metric: metric.to_string(),
                value,
                formula,
            }),
    );
    Ok(rows)
}

fn agg_name(r: &ReportDoc) -> &'static str {
    match r.formula.aggregate {
        crate::metrics::Aggregate::Mean => "mean",
        crate::metrics::Aggregate::Median => "median",
        crate::metrics::Aggregate::Ratio => "ratio",
    }
}

impl Render<ReportDoc> for XlsxRenderer {
    fn render(&self, r: &ReportDoc) -> anyhow::Result<Vec<u8>> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let created = excel_date(self.today)
            .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok())
            .ok_or_else(|| anyhow::anyhow!("no creation date for the workbook"))?;
        wb.set_properties(
            &DocProperties::new()
                .set_title("SMM report")
                .set_creation_datetime(&created),
        );
        let t = Layout::Table;
        add_sheet(
            &mut wb,
            &f,
            "Summary",
            Layout::KeyValue,
            summary_rows(r, self.today)?,
        )?;
        add_sheet(&mut wb, &f, "Periods", t, period_lines(r))?;
        add_sheet(&mut wb, &f, "Posts", t, &r.posts)?;
        add_sheet(&mut wb, &f, "Top posts", t, &r.top_posts)?;
        add_sheet(&mut wb, &f, "Hashtags", t, &r.hashtags)?;
        add_sheet(&mut wb, &f, "Best time", t, &r.best_time)?;
        add_sheet(&mut wb, &f, "Skipped", t, &r.input.skipped)?;
        Ok(wb.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_text_to_what_one_cell_holds() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let cell = cell_text(&long);
        assert_eq!(cell.chars().count(), MAX_CELL_CHARS);
        assert!(cell.ends_with('…'));
        assert_eq!(cell_text("short"), "short");
        assert_eq!(cell_text("=1+1"), "'=1+1");
    }

    #[test]
    fn reads_dates_and_publish_times_of_date_columns_only() {
        assert!(matches!(
            parse_when("start", "2025-01-31"),
            Some((_, false))
        ));
        assert!(matches!(
            parse_when("published_at", "2025-01-31T10:15:00+03:00"),
            Some((_, true))
        ));
        assert!(parse_when("text", "2025-01-31").is_none());
        assert!(parse_when("start", "31.01.2025").is_none());
    }

    #[test]
    fn leaves_dates_excel_cannot_hold_as_text() {
        assert!(parse_when("start", "1899-12-31").is_none());
        assert!(parse_when("published_at", "1850-01-01T00:00:00").is_none());
        assert!(parse_when("published_at", "2025-01").is_none());
    }

    #[test]
    fn writes_band_bounds_without_trailing_zeros() {
        assert_eq!(short(1.0), "1");
        assert_eq!(short(3.5), "3.5");
        assert_eq!(short(1.0 / 3.0), "0.3333");
    }
}
