//! Spreadsheets (XLSX, XLS, ODS) that people keep by hand or save exports
//! into: the sheet that looks most like an export is turned into the same
//! rows a CSV gives, and read by the same readers with the same aliases.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::aliases::map_headers;
use super::dataset::{Dataset, InputError, PostSink, ReadOptions, Source};
use super::detect::{self, Plan};
use super::layout::MAX_PREAMBLE_ROWS;
use super::text::Row;
use super::{series, table, web};
use crate::model::FileReport;

/// A cell as the text a CSV export would hold: whole numbers without `.0`,
/// dates as ISO 8601, errors (`#DIV/0!`) as written so the row is reported.
pub fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if d.is_datetime() => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.format("%Y-%m-%d").to_string()
                } else {
                    dt.format("%Y-%m-%dT%H:%M:%S").to_string()
                }
            }
            _ => number_text(d.as_f64()),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number cell as text that reads back as the same number: whole numbers
/// without `.0`; a fraction of exactly three digits gets a trailing zero, as
/// `1.234` in text is a thousands group (the count 1234), while the cell
/// holds the number 1.234.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let mut s = format!("{f}");
    if s.split_once('.')
        .is_some_and(|(_, fraction)| fraction.len() == 3)
    {
        s.push('0');
    }
    s
}

/// How much a sheet looks like something smmkpi reads: the best header row
/// among its first rows, counted in fields it maps.
fn score(rows: &[Row], opts: &ReadOptions) -> usize {
    rows.iter()
        .take(MAX_PREAMBLE_ROWS)
        .map(|r| {
            let posts = map_headers(&r.cells, &opts.maps).count_fields();
            let web = r
                .cells
                .iter()
                .filter(|c| web::web_field(c).is_some())
                .count();
            let series = r
                .cells
                .iter()
                .filter(|c| series::metric_of_column(c).is_some())
                .count();
            posts.max(web).max(series)
        })
        .max()
        .unwrap_or(0)
}

fn sheet_rows(range: &calamine::Range<Data>) -> Vec<Row> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            // Columns left of the range's first are empty in the sheet.
            let mut cells = vec![String::new(); col0 as usize];
            cells.extend(r.iter().map(cell_text));
            while cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            Row {
                line: row0 as u64 + i as u64 + 1,
                cells,
            }
        })
        .collect()
}

/// Gives the rows under a table's header the header's width. A sheet row
/// ends at its last value, so a row whose last cells are blank is shorter
/// than the header; unlike a short CSV row, nothing is missing from it.
fn pad_to_header(rows: &mut [Row], opts: &ReadOptions) {
    let Plan::Table(hidx, _) = detect::plan(rows, opts) else {
        return;
    };
    let width = rows[hidx].cells.len();
    for r in &mut rows[hidx + 1..] {
        if r.cells.len() < width {
            r.cells.resize(width, String::new());
        }
    }
}

/// Reads the sheet of a workbook that looks most like an export.
pub fn read(
    ds: &mut Dataset,
    src: Source,
    bytes: &[u8],
    sink: &mut dyn PostSink,
) -> Result<FileReport, InputError> {
    let fail = |message: String| InputError::Format {
        file: src.name.to_string(),
        message,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| fail(format!("cannot open the spreadsheet: {e}")))?;
    let names = book.sheet_names();
    let mut sheets: Vec<(String, Vec<Row>)> = Vec::new();
    for name in &names {
        match book.worksheet_range(name) {
            Ok(range) => sheets.push((name.clone(), sheet_rows(&range))),
            Err(e) => return Err(fail(format!("cannot read sheet '{name}': {e}"))),
        }
    }
    let best = sheets
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, rows))| (score(rows, src.opts), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    let Some(best) = best else {
        return Err(InputError::Empty {
            file: src.name.to_string(),
        });
    };
    pad_to_header(&mut sheets[best].1, src.opts);
    let (sheet, rows) = &sheets[best];
    if rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.trim().is_empty()))
    {
        return Err(InputError::Empty {
            file: src.name.to_string(),
        });
    }
    let mut report = FileReport {
        path: src.name.to_string(),
        format: "xlsx".to_string(),
        ..Default::default()
    };
    if sheets.len() > 1 {
        let others: Vec<String> = sheets
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != best)
            .map(|(_, (n, _))| format!("'{n}'"))
            .collect();
        report.notes.push(format!(
            "read sheet '{sheet}'; sheets {} were not read",
            others.join(", ")
        ));
    }
    table::read_rows(ds, src, rows, b',', report, sink).map(|mut r| {
        r.delimiter = None;
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_export_text() {
        assert_eq!(cell_text(&Data::Float(1200.0)), "1200");
        assert_eq!(cell_text(&Data::Float(0.25)), "0.25");
        assert_eq!(cell_text(&Data::Float(1.234)), "1.2340");
        assert_eq!(cell_text(&Data::Float(-12.345)), "-12.3450");
        assert_eq!(cell_text(&Data::Float(0.5)), "0.5");
        assert_eq!(cell_text(&Data::Int(-3)), "-3");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::String("Охват".into())), "Охват");
        let dt =
            calamine::ExcelDateTime::new(45658.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(dt)), "2025-01-01T12:00:00");
        let d = calamine::ExcelDateTime::new(45658.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(d)), "2025-01-01");
    }
}
