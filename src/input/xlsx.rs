//! Spreadsheets (XLSX, XLS, ODS) that people keep by hand or save exports
//! into, and the workbooks analytics services export (LiveDune, Popsters,
//! TGStat: a posts sheet, a per-day sheet, ...): each sheet that holds
//! something smmkpi reads is turned into the same rows a CSV gives and read
//! by the same readers with the same aliases, for what it holds.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Sheets};

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

/// Bytes the parts of a workbook that are read whole may unpack to: the
/// shared strings of an XLSX, the content of an ODS, the sheets of an XLSB.
pub const MAX_UNPACKED: u64 = 256 << 20;

/// A workbook's rows as the cells come (an XLSX sheet is read as a stream
/// of cells, in row order): the rows a sheet range gives, blank rows
/// between filled ones included, each row's cells up to its last value.
struct SheetRows<F> {
    next_cell: F,
    /// A cell read ahead: the first of the next row.
    pending: Option<(u32, u32, Data)>,
    /// The row to give next (absolute, 0-based), once a cell was read.
    row: Option<u32>,
    done: bool,
}

/// A cell of a sheet behind the one before it: such a sheet is read whole.
#[derive(Debug)]
struct OutOfOrder;

impl<F> SheetRows<F>
where
    F: FnMut() -> Result<Option<(u32, u32, Data)>, String>,
{
    fn new(next_cell: F) -> Self {
        SheetRows {
            next_cell,
            pending: None,
            row: None,
            done: false,
        }
    }

    /// The next non-empty cell.
    fn cell(&mut self) -> Result<Option<(u32, u32, Data)>, String> {
        if let Some(c) = self.pending.take() {
            return Ok(Some(c));
        }
        loop {
            match (self.next_cell)()? {
                Some((_, _, Data::Empty)) => continue,
                other => return Ok(other),
            }
        }
    }

    fn next_row(&mut self) -> Result<Option<Row>, Result<String, OutOfOrder>> {
        if self.done {
            return Ok(None);
        }
        let Some(first) = self.cell().map_err(Ok)? else {
            self.done = true;
            return Ok(None);
        };
        let row = *self.row.get_or_insert(first.0);
        if first.0 < row {
            return Err(Err(OutOfOrder));
        }
        let mut cells: Vec<String> = Vec::new();
        if first.0 > row {
            // A blank row between filled ones.
            self.pending = Some(first);
        } else {
            let mut next = Some(first);
            while let Some((r, c, v)) = next {
                if r != row {
                    if r < row {
                        return Err(Err(OutOfOrder));
                    }
                    self.pending = Some((r, c, v));
                    break;
                }
                let c = c as usize;
                if cells.len() <= c {
                    cells.resize(c + 1, String::new());
                }
                cells[c] = cell_text(&v);
                next = self.cell().map_err(Ok)?;
            }
            if self.pending.is_none() {
                self.done = true;
            }
        }
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        self.row = Some(row + 1);
        Ok(Some(Row {
            line: row as u64 + 1,
            cells,
        }))
    }
}

/// The rows of an XLSX sheet, read as its cells come.
#[allow(clippy::type_complexity)]
fn sheet_cells<'a, RS: Read + Seek>(
    book: &'a mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<SheetRows<impl FnMut() -> Result<Option<(u32, u32, Data)>, String> + 'a>, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    Ok(SheetRows::new(move || {
        reader
            .next_cell()
            .map(|c| {
                c.map(|c| {
                    let (r, col) = c.get_position();
                    (r, col, Data::from(c.get_value().clone()))
                })
            })
            .map_err(|e| e.to_string())
    }))
}

/// The first `limit` rows of an XLSX sheet, and whether it has more;
/// `None` when its cells are out of order.
fn head_rows<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: usize,
) -> Result<Option<(Vec<Row>, bool)>, String> {
    let mut rows = sheet_cells(book, name)?;
    let mut out = Vec::new();
    loop {
        match rows.next_row() {
            Ok(Some(r)) if out.len() == limit => {
                drop(r);
                return Ok(Some((out, true)));
            }
            Ok(Some(r)) => out.push(r),
            Ok(None) => return Ok(Some((out, false))),
            Err(Ok(e)) => return Err(e),
            Err(Err(OutOfOrder)) => return Ok(None),
        }
    }
}

/// Reads a sheet longer than `StreamLimits::sheet_head`: a table of posts row by
/// row, its first rows (`head`) deciding its columns; anything else is
/// refused.
#[allow(clippy::too_many_arguments)]
fn read_long<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    ds: &mut Dataset,
    src: Source,
    sheet: &str,
    head: &[Row],
    holds: Holds,
    report: FileReport,
    sink: &mut dyn PostSink,
) -> Result<FileReport, InputError> {
    let fail = |message: String| InputError::Format {
        file: src.name.to_string(),
        message,
    };
    let most = src.opts.limits.sheet_head;
    let refuse = |what: &str| {
        fail(format!(
            "sheet '{sheet}' has more than {most} rows{what}: smmkpi reads a sheet of posts row by row, and other sheets of up to {most} rows; save the sheet as CSV"
        ))
    };
    let Sheets::Xlsx(x) = book else {
        return Err(refuse(""));
    };
    if holds != Holds::Posts {
        return Err(refuse(" and holds no table of posts"));
    }
    let last = head.last().map_or(0, |r| r.line);
    let mut rows =
        sheet_cells(x, sheet).map_err(|e| fail(format!("cannot read sheet '{sheet}': {e}")))?;
    let mut rest = std::iter::from_fn(|| loop {
        match rows.next_row() {
            Ok(Some(r)) if r.line <= last => continue,
            Ok(Some(r)) => return Some(Ok(r)),
            Ok(None) => return None,
            Err(Ok(e)) => return Some(Err(fail(format!("cannot read sheet '{sheet}': {e}")))),
            Err(Err(OutOfOrder)) => {
                return Some(Err(fail(format!(
                    "sheet '{sheet}': its cells are not in row order past row {last}, so it cannot be read row by row; save the sheet as CSV"
                ))))
            }
        }
    });
    table::read_post_rows(ds, src, head, &mut rest, report, sink)?
        .ok_or_else(|| refuse(" and its first rows head no table of posts"))
}

/// Refuses a workbook whose parts read whole unpack past [`MAX_UNPACKED`]
/// (a small file can hold millions of rows: a workbook is compressed).
fn check_unpacked(bytes: &[u8], name: &str, max: u64) -> Result<(), InputError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let path = entry.name().to_ascii_lowercase();
        let whole = path == "content.xml"
            || path.ends_with("sharedstrings.xml")
            || path.ends_with("sharedstrings.bin")
            || (path.starts_with("xl/worksheets/") && path.ends_with(".bin"));
        if whole && entry.size() > max {
            return Err(InputError::Format {
                file: name.to_string(),
                message: format!(
                    "the workbook's '{}' unpacks to {} MB; smmkpi reads such a part whole, up to {} MB (an XLSX sheet is read row by row, its shared strings whole): save the sheet as CSV",
                    entry.name(),
                    entry.size() >> 20,
                    max >> 20
                ),
            });
        }
    }
    Ok(())
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
    if rows.iter().all(|r| r.is_blank()) {
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
    check_unpacked(bytes, name, MAX_UNPACKED)?;
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
    check_unpacked(bytes, src.name, MAX_UNPACKED)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| fail(format!("cannot open the spreadsheet: {e}")))?;
    let names = book.sheet_names();
    let mut sheets: Vec<(String, Vec<Row>)> = Vec::new();
    // Sheets with more rows than their head: read row by row (posts) or refused.
    let mut long: Vec<bool> = Vec::new();
    let cannot = |name: &str, e: String| fail(format!("cannot read sheet '{name}': {e}"));
    for name in &names {
        let head = match &mut book {
            Sheets::Xlsx(x) => {
                head_rows(x, name, src.opts.limits.sheet_head).map_err(|e| cannot(name, e))?
            }
            _ => None,
        };
        let (rows, more) = match head {
            Some(h) => h,
            None => match book.worksheet_range(name) {
                Ok(range) => (sheet_rows(&range), false),
                Err(e) => return Err(cannot(name, e.to_string())),
            },
        };
        sheets.push((name.clone(), rows));
        long.push(more);
    }
    if sheets.is_empty() {
        return Err(InputError::Empty {
            file: src.name.to_string(),
        });
    }
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
        if rows.iter().all(|r| r.is_blank()) {
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
        let daily = (is_daily_name(sheet) && holds[i] != Holds::Posts && !long[i])
            .then(|| table::read_rows_as_daily(ds, src, rows, report.clone()));
        let mut r = match daily.flatten() {
            Some(r) => r,
            None if long[i] => read_long(&mut book, ds, src, sheet, rows, holds[i], report, sink)?,
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
        let daily =
            (holds[i] != Holds::Posts && (is_daily_name(sheet) || posts_elsewhere) && !long[i])
                .then(|| table::read_rows_as_daily(ds, sub, rows, fresh.clone()))
                .flatten();
        let r = match daily {
            Some(r) => r,
            // A sheet too long to hold is an error of the whole workbook:
            // leaving it out would drop its rows.
            None if long[i] => read_long(&mut book, ds, sub, sheet, rows, holds[i], fresh, sink)?,
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

    fn rows_of(cells: Vec<(u32, u32, Data)>) -> Vec<Result<Row, Result<String, OutOfOrder>>> {
        let mut it = cells.into_iter();
        let mut rows = SheetRows::new(move || Ok(it.next()));
        let mut out = Vec::new();
        loop {
            match rows.next_row() {
                Ok(Some(r)) => out.push(Ok(r)),
                Ok(None) => return out,
                Err(e) => {
                    out.push(Err(e));
                    return out;
                }
            }
        }
    }

    fn text(s: &str) -> Data {
        Data::String(s.to_string())
    }

    #[test]
    fn cells_make_the_rows_a_sheet_range_gives() {
        // From the first filled row: columns from A, a blank row between
        // filled ones, trailing blanks cut, empty cells ignored.
        let rows = rows_of(vec![
            (2, 1, text("a")),
            (2, 3, Data::Int(7)),
            (2, 5, text("")),
            (4, 0, text("c")),
            (4, 2, Data::Empty),
            (5, 4, Data::Empty),
        ]);
        let got: Vec<(u64, Vec<String>)> = rows
            .into_iter()
            .map(|r| {
                let r = r.expect("a row");
                (r.line, r.cells)
            })
            .collect();
        let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            vec![(3, s(&["", "a", "", "7"])), (4, s(&[])), (5, s(&["c"])),]
        );
        assert!(rows_of(Vec::new()).is_empty());
    }

    #[test]
    fn a_cell_behind_the_one_before_is_out_of_order() {
        let rows = rows_of(vec![
            (3, 0, text("a")),
            (4, 0, text("b")),
            (2, 0, text("c")),
        ]);
        assert!(
            matches!(rows.last(), Some(Err(Err(OutOfOrder)))),
            "{rows:?}"
        );
        // Row 4 (line 4) is given; row 5 meets the cell of row 3.
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn parts_read_whole_are_refused_past_the_limit() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for r in 0..50u32 {
            ws.write_string(r, 0, format!("caption {r} #tag")).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        assert!(check_unpacked(&bytes, "book.xlsx", MAX_UNPACKED).is_ok());
        let err = check_unpacked(&bytes, "book.xlsx", 100)
            .unwrap_err()
            .to_string();
        assert!(err.contains("xl/sharedStrings.xml"), "{err}");
        assert!(err.contains("save the sheet as CSV"), "{err}");
        // Not a zip (an XLS): nothing to check here.
        assert!(check_unpacked(b"not a zip", "book.xls", 100).is_ok());
    }

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
