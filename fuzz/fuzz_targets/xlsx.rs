//! Workbooks as people keep them: title rows above the header, a header of
//! real column names (English and Russian) and odd ones, and rows of
//! numbers, numbers as text, dashes, dates as text and as Excel dates,
//! booleans and blank cells, written with rust_xlsxwriter and read the way
//! `smmkpi report` reads an `.xlsx` file. Beyond the shared checks: every row
//! under the header is a post or a listed skip, at its own line; a post's
//! counts are what its cells hold; a row of plain counts and an Excel date
//! is a post.
#![no_main]

use std::collections::BTreeSet;

use arbitrary::{Arbitrary, Unstructured};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use smmkpi::input::values;
use smmkpi::input::{self, Dataset};
use smmkpi::model::{Count, ExportKind, Field};

const HEADERS: &[&str] = &[
    "Post ID",
    "Publish time",
    "Date",
    "Reach",
    "Likes",
    "Comments",
    "Shares",
    "Saves",
    "Views",
    "Impressions",
    "Text",
    "Permalink",
    "Охват",
    "Дата публикации",
    "Лайки",
    "Комментарии",
    "Репосты",
    "Просмотры",
    "Текст",
    "Ссылка",
    "Post type",
    "Account",
];

const TITLES: &[&str] = &[
    "Публикации сообщества «Зерно» за март 2025",
    "ReportDoc: posts, 2025-03-01 – 2025-03-31",
    "Отчёт для клиента",
    "Likes and reach by post",
    "Итого",
];

const TEXTS: &[&str] = &[
    "—",
    "-",
    "",
    " ",
    "н/д",
    "N/A",
    "Итого",
    "Total",
    "1 234",
    "1,234",
    "1.234",
    "1\u{a0}234",
    "12,5",
    "3.апр",
    "1.2K",
    "01.03.2025",
    "2025-03-01 10:00",
    "03/04/2025",
    "March 1, 2025",
    "1 марта 2025",
    "1 марта",
    "#DIV/0!",
];

/// A header cell: mostly a real column name (so most headers map), else
/// text of any kind, else blank.
#[derive(Debug, Clone, Arbitrary)]
struct Head {
    pick: u8,
    odd: Option<String>,
}

#[derive(Debug, Clone)]
enum Cell {
    Count(u32),
    Negative(u16),
    /// A number with a fraction in thousandths: `n + k/1000`.
    Thousandths(u16, u16),
    Float(f64),
    Known(u8),
    Digits(u32, u8),
    Text(String),
    /// An Excel date: year since 1901, month, day, hour, minute, second.
    Date(u8, u8, u8, u8, u8, u8),
    Bool(bool),
    Blank,
    Nothing,
}

/// Mostly counts and blanks, as in a sheet of posts; the rest of every kind.
impl<'a> Arbitrary<'a> for Cell {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=109 => Cell::Count(u.arbitrary()?),
            110..=129 => Cell::Nothing,
            130..=139 => Cell::Blank,
            140..=159 => Cell::Date(
                u.arbitrary()?,
                u.arbitrary()?,
                u.arbitrary()?,
                u.arbitrary()?,
                u.arbitrary()?,
                u.arbitrary()?,
            ),
            160..=169 => Cell::Negative(u.arbitrary()?),
            170..=179 => Cell::Thousandths(u.arbitrary()?, u.arbitrary()?),
            180..=189 => Cell::Float(u.arbitrary()?),
            190..=209 => Cell::Known(u.arbitrary()?),
            210..=224 => Cell::Digits(u.arbitrary()?, u.arbitrary()?),
            225..=239 => Cell::Text(u.arbitrary()?),
            _ => Cell::Bool(u.arbitrary()?),
        })
    }
}

#[derive(Debug, Clone, Arbitrary)]
enum Title {
    Known(u8),
    Text(String),
    Blank,
}

#[derive(Debug, Clone, Arbitrary)]
struct Book {
    notes_first: Option<bool>,
    titles: Vec<Title>,
    first_col: u8,
    /// Columns of the table: 1 to 8.
    width: u8,
    header: [Head; 8],
    period: u8,
    /// Last, so that it takes the rest of the input: sheets of many rows.
    rows: Vec<Row>,
}

/// A row as wide as the header, or one cell wider.
#[derive(Debug, Clone, Arbitrary)]
struct Row {
    cells: [Cell; 9],
    wider: u8,
}

/// A cell as written, modelled: what the reader should see in it.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    /// Nothing in the cell (no value, or an empty string).
    None,
    Int(u64),
    /// A whole number below 0: a net change for the counts that may be one
    /// (likes, views, ...), no count for reach and followers.
    Negative(i64),
    /// A number with no exact expectation as a count, or one with a
    /// fraction (never a count).
    Number {
        count: Option<Option<u64>>,
    },
    Text(String),
    Date(chrono::NaiveDateTime),
    Bool(bool),
}

impl Seen {
    fn has_value(&self) -> bool {
        !matches!(self, Seen::None)
    }

    /// Nothing but blanks in the cell.
    fn blank(&self) -> bool {
        match self {
            Seen::None => true,
            Seen::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The count this cell gives: `Some(Ok(v))` what a post must hold,
    /// `Some(Err(()))` a cell that is no count (its row is not a post),
    /// `None` no exact expectation.
    fn count(&self, c: Count) -> Option<Result<Option<i64>, ()>> {
        let parse = |s: &str| {
            if c.may_be_negative() {
                values::parse_signed_count(s).map_err(|_| ())
            } else {
                values::parse_count_i64(s).map_err(|_| ())
            }
        };
        let whole = |n: u64| i64::try_from(n).map(Some).map_err(|_| ());
        match self {
            Seen::None => Some(Ok(None)),
            Seen::Int(n) => Some(whole(*n)),
            Seen::Negative(n) => Some(if c.may_be_negative() {
                Ok(Some(*n))
            } else {
                Err(())
            }),
            Seen::Number { count } => count.map(|v| v.ok_or(()).and_then(whole)),
            Seen::Text(s) => Some(parse(s)),
            Seen::Date(d) => Some(parse(&iso(d))),
            Seen::Bool(b) => Some(parse(if *b { "TRUE" } else { "FALSE" })),
        }
    }
}

fn iso(d: &chrono::NaiveDateTime) -> String {
    if d.time() == chrono::NaiveTime::MIN {
        d.format("%Y-%m-%d").to_string()
    } else {
        d.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// Text a cell can hold (XLSX has no room for control characters).
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(200).collect()
}

fn write_text(ws: &mut Worksheet, r: u32, c: u16, s: &str) -> Seen {
    let s = clean(s);
    if s.is_empty() {
        return Seen::None;
    }
    match ws.write_string(r, c, &s) {
        Ok(_) => Seen::Text(s),
        Err(_) => Seen::None,
    }
}

fn write_number(ws: &mut Worksheet, r: u32, c: u16, v: f64) -> bool {
    ws.write_number(r, c, v).is_ok()
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, date_format: &Format) -> Seen {
    match cell {
        Cell::Count(n) => {
            if write_number(ws, r, c, f64::from(*n)) {
                Seen::Int(u64::from(*n))
            } else {
                Seen::None
            }
        }
        Cell::Negative(n) => {
            let v = -f64::from(*n) - 1.0;
            if write_number(ws, r, c, v) {
                Seen::Negative(-i64::from(*n) - 1)
            } else {
                Seen::None
            }
        }
        Cell::Thousandths(n, k) => {
            let k = 1 + k % 999;
            let v = f64::from(*n) + f64::from(k) / 1000.0;
            if write_number(ws, r, c, v) {
                Seen::Number { count: Some(None) }
            } else {
                Seen::None
            }
        }
        Cell::Float(f) => {
            let v = if f.is_finite() { *f } else { 0.0 };
            if write_number(ws, r, c, v) {
                Seen::Number { count: None }
            } else {
                Seen::None
            }
        }
        Cell::Known(i) => write_text(ws, r, c, TEXTS[usize::from(*i) % TEXTS.len()]),
        Cell::Digits(n, style) => {
            let plain = n.to_string();
            let s = match style % 6 {
                0 => plain,
                1 => format!(" {plain} "),
                2 => group(&plain, ' '),
                3 => group(&plain, ','),
                4 => group(&plain, '\u{a0}'),
                _ => format!("{plain}.0"),
            };
            write_text(ws, r, c, &s)
        }
        Cell::Text(s) => write_text(ws, r, c, s),
        Cell::Date(y, mo, d, h, mi, s) => {
            let (y, mo, d) = (1901 + u16::from(*y % 200), 1 + mo % 12, 1 + d % 28);
            let (h, mi, s) = (u16::from(h % 24), mi % 60, f64::from(s % 60));
            let dt = match ExcelDateTime::from_ymd(y, mo, d).and_then(|t| t.and_hms(h, mi, s)) {
                Ok(dt) => dt,
                Err(_) => return Seen::None,
            };
            if ws
                .write_datetime_with_format(r, c, &dt, date_format)
                .is_err()
            {
                return Seen::None;
            }
            let date = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
                .and_then(|d| d.and_hms_opt(u32::from(h), u32::from(mi), s as u32));
            match date {
                Some(d) => Seen::Date(d),
                None => Seen::None,
            }
        }
        Cell::Bool(b) => {
            if ws.write_boolean(r, c, *b).is_ok() {
                Seen::Bool(*b)
            } else {
                Seen::None
            }
        }
        Cell::Blank => {
            let _ = ws.write_blank(r, c, date_format);
            Seen::None
        }
        Cell::Nothing => Seen::None,
    }
}

/// `1234567` with `sep` between groups of three digits.
fn group(digits: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A workbook's bytes, its main sheet modelled row by row, the row of its
/// header and its first column.
type Built = (Vec<u8>, Vec<Vec<Seen>>, usize, u16);

fn build(book: &Book) -> Option<Built> {
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let notes = |wb: &mut Workbook| -> Option<()> {
        let ws = wb.add_worksheet();
        ws.set_name("Заметки").ok()?;
        ws.write_string(0, 0, "Отчёт для клиента, март").ok()?;
        Some(())
    };
    if book.notes_first == Some(true) {
        notes(&mut wb)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("Posts").ok()?;
    let c0 = u16::from(book.first_col % 3);
    let mut sheet: Vec<Vec<Seen>> = Vec::new();
    for (r, t) in book.titles.iter().take(4).enumerate() {
        let seen = match t {
            Title::Known(i) => write_text(ws, r as u32, c0, TITLES[usize::from(*i) % TITLES.len()]),
            Title::Text(s) => write_text(ws, r as u32, c0, s),
            Title::Blank => Seen::None,
        };
        sheet.push(vec![seen]);
    }
    let header_row = sheet.len();
    let mut header = Vec::new();
    let width = 1 + usize::from(book.width % 8);
    for (c, h) in book.header.iter().take(width).enumerate() {
        let c = c0 + c as u16;
        let r = header_row as u32;
        header.push(match (h.pick, &h.odd) {
            (0..224, _) => write_text(ws, r, c, HEADERS[usize::from(h.pick) % HEADERS.len()]),
            (224..240, Some(s)) => write_text(ws, r, c, s),
            _ => Seen::None,
        });
    }
    sheet.push(header);
    for row in book.rows.iter().take(40) {
        let r = sheet.len() as u32;
        let wider = usize::from(row.wider % 8 == 0);
        let cells = row
            .cells
            .iter()
            .take(width + wider)
            .enumerate()
            .map(|(c, cell)| write_cell(ws, r, c0 + c as u16, cell, &date_format))
            .collect();
        sheet.push(cells);
    }
    if book.notes_first == Some(false) {
        notes(&mut wb)?;
    }
    let bytes = wb.save_to_buffer().ok()?;
    Some((bytes, sheet, header_row, c0))
}

fn field_cell(sheet: &[Vec<Seen>], row: usize, column: usize, c0: u16) -> &Seen {
    column
        .checked_sub(usize::from(c0))
        .and_then(|c| sheet.get(row)?.get(c))
        .unwrap_or(&Seen::None)
}

libfuzzer_sys::fuzz_target!(|book: Book| {
    let Some((bytes, sheet, header_row, c0)) = build(&book) else {
        return;
    };
    smmkpi_fuzz::read_and_report(&bytes);

    let opts = smmkpi_fuzz::options();
    let mut ds = Dataset::default();
    let res = input::read_bytes(&mut ds, 0, "book.xlsx", &bytes, &opts);
    match res {
        Ok(()) => {}
        Err(input::InputError::Empty { .. }) => {
            // The notes sheet has text: only a main sheet of blanks is empty.
            assert!(
                sheet.iter().flatten().all(Seen::blank),
                "a sheet with values read as empty"
            );
            return;
        }
        Err(input::InputError::NoColumns { .. }) => return,
        Err(e) => panic!("a workbook rust_xlsxwriter wrote does not open: {e}"),
    }
    input::finish(&mut ds);
    smmkpi_fuzz::check_dataset(&ds);
    let f = &ds.files[0];
    assert_eq!(f.format, "xlsx");

    // Read again with 10 rows deciding what each sheet is, the rest row by
    // row: a table of posts whose header lies in those rows accounts for
    // the same rows, and a row that is a post both ways has the same counts
    // (the head decides date forms, so a date may read otherwise). Any other
    // long sheet may be refused, never with a panic.
    let mut short = smmkpi_fuzz::options();
    short.limits.sheet_head = 10;
    let mut ds2 = Dataset::default();
    let streamed = input::read_bytes(&mut ds2, 0, "book.xlsx", &bytes, &short);
    if streamed.is_ok() && f.kind == ExportKind::Posts && f.header_line.is_some_and(|h| h <= 5) {
        let rows = |ds: &Dataset| {
            let mut lines: Vec<u64> = ds.posts.iter().map(|p| p.line).collect();
            lines.extend(ds.skipped.iter().map(|s| s.line));
            lines.sort_unstable();
            lines
        };
        assert_eq!(
            rows(&ds),
            rows(&ds2),
            "a sheet read row by row accounts for its rows"
        );
        for p in &ds.posts {
            if let Some(q) = ds2.posts.iter().find(|q| q.line == p.line) {
                assert_eq!((p.likes, p.reach), (q.likes, q.reach), "line {}", p.line);
            }
        }
    }

    // The rows of the main sheet the reader sees: up to the last with a value.
    let read_main =
        book.notes_first.is_none() || f.notes.iter().any(|n| n.starts_with("read sheet 'Posts'"));
    let last = sheet.iter().rposition(|r| r.iter().any(Seen::has_value));
    if read_main && f.kind == ExportKind::Posts {
        if let (Some(h), Some(last)) = (f.header_line, last) {
            let h = usize::try_from(h).expect("a line number");
            // Every row under the header, to the last, is a post or a skip, at its line.
            let data: BTreeSet<u64> = (h + 1..=last + 1).map(|l| l as u64).collect();
            let mut lines: Vec<u64> = ds.posts.iter().map(|p| p.line).collect();
            lines.extend(ds.skipped.iter().map(|s| s.line));
            lines.sort_unstable();
            assert_eq!(
                lines,
                data.iter().copied().collect::<Vec<_>>(),
                "rows under the header (line {h}) are posts or skips, each once"
            );
            assert_eq!(f.rows_read, data.len() as u64);
        }
    }

    // With the header written as the header: each post holds what its cells do.
    let ours = read_main && f.header_line == Some(header_row as u64 + 1);
    if let (true, Some(mapping)) = (ours && f.kind == ExportKind::Posts, &f.mapping) {
        let post_lines: BTreeSet<u64> = ds.posts.iter().map(|p| p.line).collect();
        for p in &ds.posts {
            let r = usize::try_from(p.line).expect("a line number") - 1;
            for m in &mapping.fields {
                let cell = field_cell(&sheet, r, m.column, c0);
                match m.field {
                    Field::Count(c) => match cell.count(c) {
                        Some(Ok(v)) => {
                            assert_eq!(p.count(c), v, "line {}: {} from {cell:?}", p.line, c.name())
                        }
                        Some(Err(())) => {
                            panic!(
                                "line {}: {cell:?} is no count, yet the row is a post",
                                p.line
                            )
                        }
                        None => {}
                    },
                    Field::PublishedAt => {
                        if let Seen::Date(d) = cell {
                            assert_eq!(
                                p.published_at.map(|t| t.local),
                                Some(*d),
                                "line {}",
                                p.line
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        // A row of plain counts, with an Excel date or nothing in the date
        // column, is a post.
        let date_col = mapping.column(Field::PublishedAt);
        let width = |row: &[Seen]| row.iter().rposition(Seen::has_value).map_or(0, |i| i + 1);
        let header_width = width(&sheet[header_row]);
        for r in header_row + 1..sheet.len() {
            let row = &sheet[r];
            let clean = row
                .iter()
                .all(|c| matches!(c, Seen::None | Seen::Int(_) | Seen::Date(_)));
            let counts: Vec<&Seen> = mapping
                .fields
                .iter()
                .filter(|m| matches!(m.field, Field::Count(_)))
                .map(|m| field_cell(&sheet, r, m.column, c0))
                .collect();
            let date_ok = date_col
                .is_none_or(|c| matches!(field_cell(&sheet, r, c, c0), Seen::None | Seen::Date(_)));
            let dates_elsewhere = row
                .iter()
                .enumerate()
                .any(|(i, c)| matches!(c, Seen::Date(_)) && Some(i + usize::from(c0)) != date_col);
            if clean
                && width(row) <= header_width
                && date_ok
                && !dates_elsewhere
                && counts.iter().any(|c| matches!(c, Seen::Int(_)))
                && counts
                    .iter()
                    .all(|c| matches!(c, Seen::None | Seen::Int(_)))
            {
                let line = r as u64 + 1;
                assert!(
                    post_lines.contains(&line),
                    "line {line} ({row:?}) is a post; skipped: {:?}",
                    ds.skipped.iter().find(|s| s.line == line)
                );
            }
        }
    }

    let period = smmkpi_fuzz::period_of(usize::from(book.period));
    smmkpi_fuzz::build_and_render(
        &[("book.xlsx", &bytes)],
        period,
        book.period.is_multiple_of(4),
    );
});
