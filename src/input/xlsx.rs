//! Spreadsheets (XLSX, XLS, ODS) that people keep by hand or save exports
//! into, and the workbooks analytics services export (LiveDune, Popsters,
//! TGStat: a posts sheet, a per-day sheet, ...): each sheet that holds
//! something smmkpi reads is turned into the same rows a CSV gives and read
//! by the same readers with the same aliases, for what it holds.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::aliases::normalize;
use super::dataset::{Dataset, InputError, PostSink, ReadOptions, Source};
use super::detect::{self, Plan};
use super::layout::MAX_PREAMBLE_ROWS;
use super::text::Row;
use super::{series, table};
use crate::model::{ExportKind, Field, FileReport, PartInfo, PreambleLine};

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
        .map(|r| detect::header_score(&r.cells, opts))
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

/// Sheet names that say a sheet holds a figure a day (LiveDune's
/// `Динамика`, LinkedIn's `Metrics`, `По дням`, `Daily`).
fn is_daily_name(name: &str) -> bool {
    let n = normalize(name);
    [
        "по дням",
        "динамика",
        "ежедневн",
        "статистика по дням",
        "daily",
        "by day",
        "per day",
        "metrics",
        "overview",
        "обзор",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// What a sheet holds, from its first rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Nothing,
    /// Posts: a table naming posts (an id, a caption or a type).
    Posts,
    /// Anything else smmkpi reads (a daily series, web analytics, demographics, a table of figures).
    Other,
}

fn holds(rows: &[Row], opts: &ReadOptions) -> Holds {
    if rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.trim().is_empty()))
    {
        return Holds::Nothing;
    }
    match detect::plan(rows, opts) {
        Plan::Unknown => Holds::Nothing,
        Plan::Table(hidx, m)
            if series::detect_table(&rows[hidx].cells, &m, &rows[hidx + 1..]).is_none()
                && [Field::Id, Field::Text]
                    .iter()
                    .any(|f| m.column(*f).is_some()) =>
        {
            Holds::Posts
        }
        _ => Holds::Other,
    }
}

/// Every sheet of a workbook, in order, as the rows a CSV would give.
pub fn workbook_sheets(name: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<Row>)>, InputError> {
    let fail = |message: String| InputError::Format {
        file: name.to_string(),
        message,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| fail(format!("cannot open the spreadsheet: {e}")))?;
    let names = book.sheet_names();
    let mut sheets: Vec<(String, Vec<Row>)> = Vec::new();
    for sheet in &names {
        match book.worksheet_range(sheet) {
            Ok(range) => sheets.push((sheet.clone(), sheet_rows(&range))),
            Err(e) => return Err(fail(format!("cannot read sheet '{sheet}': {e}"))),
        }
    }
    if sheets.is_empty() {
        return Err(InputError::Empty {
            file: name.to_string(),
        });
    }
    Ok(sheets)
}

/// Reads a workbook: every sheet that holds something smmkpi reads, each for
/// what it holds — a posts sheet as posts, a per-day sheet as a daily series
/// (never as posts), web analytics as web analytics — or only the sheet
/// `--sheet` names. Sheets holding nothing it reads (notes, charts) are named
/// in a note.
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
    let mut sheets = workbook_sheets(src.name, bytes)?;
    for (_, rows) in &mut sheets {
        pad_to_header(rows, src.opts);
    }
    let listed = || {
        sheets
            .iter()
            .map(|(n, _)| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let holds: Vec<Holds> = sheets.iter().map(|(_, r)| holds(r, src.opts)).collect();
    let chosen: Vec<usize> = match &src.opts.sheet {
        Some(wanted) => {
            let i = sheets
                .iter()
                .position(|(n, _)| n == wanted)
                .or_else(|| {
                    sheets
                        .iter()
                        .position(|(n, _)| normalize(n) == normalize(wanted))
                })
                .ok_or_else(|| {
                    fail(format!(
                        "--sheet '{wanted}': the workbook has no such sheet; its sheets are {}",
                        listed()
                    ))
                })?;
            vec![i]
        }
        None => {
            let known: Vec<usize> = (0..sheets.len())
                .filter(|&i| holds[i] != Holds::Nothing)
                .collect();
            if known.is_empty() {
                // Nothing readable: the sheet most like an export says why.
                let best = sheets
                    .iter()
                    .enumerate()
                    .max_by_key(|(i, (_, rows))| (score(rows, src.opts), std::cmp::Reverse(*i)))
                    .map_or(0, |(i, _)| i);
                vec![best]
            } else {
                known
            }
        }
    };
    let mut report = FileReport {
        path: src.name.to_string(),
        format: "xlsx".to_string(),
        ..Default::default()
    };
    let left: Vec<String> = (0..sheets.len())
        .filter(|i| !chosen.contains(i))
        .map(|i| format!("'{}'", sheets[i].0))
        .collect();
    if chosen.len() == 1 {
        let i = chosen[0];
        let (sheet, rows) = &sheets[i];
        if rows
            .iter()
            .all(|r| r.cells.iter().all(|c| c.trim().is_empty()))
        {
            return Err(InputError::Empty {
                file: src.name.to_string(),
            });
        }
        if !left.is_empty() {
            report.notes.push(format!(
                "read sheet '{sheet}'; sheets {} were not read{}",
                left.join(", "),
                if src.opts.sheet.is_some() {
                    " (--sheet)"
                } else {
                    ": they hold nothing smmkpi reads"
                }
            ));
        }
        let daily = (is_daily_name(sheet) && holds[i] != Holds::Posts)
            .then(|| table::read_rows_as_daily(ds, src, rows, report.clone()));
        let mut r = match daily.flatten() {
            Some(r) => r,
            None => table::read_rows(ds, src, rows, b',', report, sink)?,
        };
        r.delimiter = None;
        if sheets.len() > 1 {
            r.parts = sheets
                .iter()
                .enumerate()
                .map(|(j, (n, _))| match j == i {
                    true => part_of(n, &r),
                    false => PartInfo {
                        name: n.clone(),
                        kind: "not_read".to_string(),
                        ..Default::default()
                    },
                })
                .collect();
        }
        return Ok(r);
    }
    // Several sheets: each is read on its own, under the name `book.xlsx
    // [sheet]` (skipped rows and web tables say which sheet), into one
    // report for the file.
    let posts_elsewhere = chosen.iter().any(|&i| holds[i] == Holds::Posts);
    let mut parts = Vec::new();
    let mut first_error = None;
    let mut first_kind = None;
    for (i, (sheet, rows)) in sheets.iter().enumerate() {
        if !chosen.contains(&i) {
            parts.push(PartInfo {
                name: sheet.clone(),
                kind: "not_read".to_string(),
                ..Default::default()
            });
            continue;
        }
        let name = format!("{} [{sheet}]", src.name);
        let sub = Source {
            idx: src.idx,
            name: &name,
            opts: src.opts,
        };
        let fresh = FileReport {
            path: name.clone(),
            format: "xlsx".to_string(),
            ..Default::default()
        };
        let daily = (holds[i] != Holds::Posts && (is_daily_name(sheet) || posts_elsewhere))
            .then(|| table::read_rows_as_daily(ds, sub, rows, fresh.clone()))
            .flatten();
        let r = match daily {
            Some(r) => r,
            None => match table::read_rows(ds, sub, rows, b',', fresh, sink) {
                Ok(r) => r,
                Err(e) => {
                    report
                        .notes
                        .push(format!("sheet '{sheet}' was not read: {e}"));
                    first_error.get_or_insert(e);
                    parts.push(PartInfo {
                        name: sheet.clone(),
                        kind: "not_read".to_string(),
                        ..Default::default()
                    });
                    continue;
                }
            },
        };
        parts.push(part_of(sheet, &r));
        first_kind.get_or_insert(r.kind);
        absorb(&mut report, sheet, r);
    }
    // No sheet could be read: the first sheet's error says why.
    if let Some(e) = first_error.filter(|_| parts.iter().all(|p| p.kind == "not_read")) {
        return Err(e);
    }
    report.kind = if report.posts > 0 || parts.iter().any(|p| p.kind == "posts") {
        ExportKind::Posts
    } else {
        first_kind.unwrap_or_default()
    };
    if report.platform.is_empty() {
        report.platform = "generic".to_string();
    }
    report.parts = parts;
    let read: Vec<String> = report
        .parts
        .iter()
        .filter(|p| p.kind != "not_read")
        .map(|p| format!("'{}' ({})", p.name, p.kind.replace('_', " ")))
        .collect();
    let mut note = format!("read sheets {}", read.join(", "));
    if !left.is_empty() {
        note.push_str(&format!(
            "; sheets {} hold nothing smmkpi reads",
            left.join(", ")
        ));
    }
    report.notes.insert(0, note);
    Ok(report)
}

/// A sheet's line in the file's `parts`.
fn part_of(name: &str, r: &FileReport) -> PartInfo {
    PartInfo {
        name: name.to_string(),
        kind: r.kind.name().to_string(),
        chat_type: None,
        header_line: r.header_line,
        rows_read: r.rows_read,
        posts: r.posts,
        series_rows: r.series_rows.unwrap_or(0),
        web_rows: r.web_rows.unwrap_or(0),
    }
}

/// Adds what one sheet's report holds to the report of its workbook.
fn absorb(report: &mut FileReport, sheet: &str, r: FileReport) {
    report.rows_read += r.rows_read;
    report.posts += r.posts;
    if let Some(n) = r.series_rows {
        *report.series_rows.get_or_insert(0) += n;
    }
    if let Some(n) = r.web_rows {
        *report.web_rows.get_or_insert(0) += n;
    }
    report.series.extend(r.series);
    report.web_mapping.extend(r.web_mapping);
    report.damaged.extend(r.damaged);
    // The platform of the posts sheet, else of the first sheet that names one.
    let is_posts = r.kind == ExportKind::Posts;
    let unnamed = report.platform.is_empty() || report.platform == "generic";
    if unnamed || (is_posts && r.platform != "generic") {
        report.platform = r.platform.clone();
    }
    if report.locale.is_none() {
        report.locale = r.locale.clone();
    }
    if is_posts && report.mapping.is_none() {
        report.mapping = r.mapping;
        report.header_line = r.header_line;
    } else if report.header_line.is_none() {
        report.header_line = r.header_line;
    }
    report
        .preamble
        .extend(r.preamble.into_iter().map(|p| PreambleLine {
            line: p.line,
            text: format!("[{sheet}] {}", p.text),
        }));
    report
        .notes
        .extend(r.notes.into_iter().map(|n| format!("sheet '{sheet}': {n}")));
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
