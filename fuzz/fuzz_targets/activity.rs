//! Activity logs as `smmkpi core` reads them: a header of real English and
//! Russian column names (in any order, among other columns, under a title or
//! a `sep=` line), then rows of numeric and named users, times in every form
//! the reader knows and some it does not, blank lines, CRLF ends, quoted
//! cells holding delimiters, quotes and line breaks, rows too short or too
//! long, and raw bytes. Beyond "no panic": every row read is an action, left
//! out by `--actions` or skipped; the counts add up to the actions; and what
//! is read (rows, skips, action values, per-user months, the core) is the
//! same in windows and blocks of the default size and of a few bytes (block
//! and window boundaries inside rows and quoted cells), and, for a log
//! without quotes, with every cell quoted (the quoted scan against the
//! unquoted one). Read without names kept (`core` without `--list`, where
//! hashed names carry witnesses instead), each user's months (and so the
//! core) are the same as with them, in both sizes.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use serde_json::Value;
use smmkpi::doc::core::{self as core_doc, CoreSpec};
use smmkpi::input::activity::{self, ActivityData, ActivityOptions};

/// Header names the reader knows, per field (see `ActivityField::aliases`).
const USER: [&str; 8] = [
    "user_id",
    "User ID",
    "from_id",
    "uid",
    "Пользователь",
    "ID пользователя",
    "Участник",
    "member",
];
const AT: [&str; 7] = [
    "timestamp",
    "date",
    "Date Time",
    "created_at",
    "Дата",
    "Дата и время",
    "Время",
];
const ACTION: [&str; 5] = ["action", "Действие", "event_type", "type", "Тип действия"];
/// Names of other columns (numbered), and the words cells hold.
const OTHER: [&str; 4] = ["note", "url", "Источник", ""];
const WORDS: [&str; 6] = [
    "",
    "ok",
    "https://vk.com/wall-1_2",
    "Москва",
    " spaced ",
    "x",
];
const NAMES: [&str; 7] = ["anna", "Пётр", "bob", "@user", "007", " anna ", "id42"];
const ACTIONS: [&str; 6] = ["like", "comment", "repost", "Лайк", "view", " LIKE "];
/// Values that say "not reported".
const MISSING: [&str; 4] = ["-", "n/a", "нет данных", "—"];

/// Text of at most 16 bytes of input, so that one cell does not take the
/// rest of it (bytes that are not UTF-8 become U+FFFD).
#[derive(Debug, Clone)]
struct Short(String);

impl<'a> Arbitrary<'a> for Short {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=16)?;
        let bytes = u.bytes(n.min(u.len()))?;
        Ok(Short(String::from_utf8_lossy(bytes).into_owned()))
    }
}

/// Up to 32 bytes of any kind.
#[derive(Debug)]
struct Bytes(Vec<u8>);

impl<'a> Arbitrary<'a> for Bytes {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=32)?;
        Ok(Bytes(u.bytes(n.min(u.len()))?.to_vec()))
    }
}

/// Cell text: mostly plain, some that a CSV writer quotes, some odd.
#[derive(Debug)]
enum Text {
    Word(u8),
    /// Written in quotes when it holds a delimiter, quote or line break.
    Any(Short),
    /// Always written in quotes (inner quotes doubled).
    Quoted(Short),
    /// A quote inside a cell, not at its start: a literal quote.
    Stray(Short),
    /// An opening quote that is never closed: the rest of the log is in it.
    Unclosed(Short),
}

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=159 => Text::Word(u.arbitrary()?),
            160..=214 => Text::Any(u.arbitrary()?),
            215..=244 => Text::Quoted(u.arbitrary()?),
            245..=252 => Text::Stray(u.arbitrary()?),
            _ => Text::Unclosed(u.arbitrary()?),
        })
    }
}

#[derive(Debug)]
enum User {
    /// One of a few numeric ids, so that users act in many months.
    Few(u8),
    /// Any number (from 2^51 on, or 17 digits and more, read as a name).
    Number(u64),
    Name(u8),
    Text(Text),
    Missing(u8),
}

impl<'a> Arbitrary<'a> for User {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=159 => User::Few(u.arbitrary()?),
            160..=189 => User::Number(u.arbitrary()?),
            190..=219 => User::Name(u.arbitrary()?),
            220..=239 => User::Text(u.arbitrary()?),
            _ => User::Missing(u.arbitrary()?),
        })
    }
}

/// A time: a date in one of the written forms, or something else.
#[derive(Debug)]
enum When {
    Date {
        form: u8,
        year: u8,
        month: u8,
        day: u8,
        hour: u8,
    },
    /// Unix seconds (or milliseconds) in 2023 – 2024.
    Unix(u32, bool),
    Text(Text),
    Missing(u8),
}

impl<'a> Arbitrary<'a> for When {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=199 => When::Date {
                form: u.arbitrary()?,
                year: u.arbitrary()?,
                month: u.arbitrary()?,
                day: u.arbitrary()?,
                hour: u.arbitrary()?,
            },
            200..=219 => When::Unix(u.arbitrary()?, u.arbitrary()?),
            220..=244 => When::Text(u.arbitrary()?),
            _ => When::Missing(u.arbitrary()?),
        })
    }
}

impl When {
    fn cell(&self, delim: u8) -> Cell {
        let (form, year, month, day, hour) = match self {
            When::Date {
                form,
                year,
                month,
                day,
                hour,
            } => (*form, *year, *month, *day, *hour),
            When::Unix(s, millis) => {
                let secs = 1_672_531_200 + u64::from(s % 63_072_000);
                let v = if *millis { secs * 1000 } else { secs };
                return Cell::Bare(v.to_string());
            }
            When::Text(t) => return t.cell(delim),
            When::Missing(i) => return missing(*i),
        };
        // Mostly real dates in two years; now and then one out of range,
        // a day or month that does not exist, an hour past 23.
        let y = match year {
            0..=249 => 2023 + u32::from(year % 2),
            _ => [1899, 1900, 2240, 2241, 1, 9999][usize::from(year % 6)],
        };
        let m = if month >= 250 {
            13 * u32::from(month % 2)
        } else {
            1 + u32::from(month % 12)
        };
        let d = if day >= 240 {
            28 + u32::from(day % 5)
        } else {
            1 + u32::from(day % 28)
        };
        let h = if hour >= 250 {
            24
        } else {
            u32::from(hour % 24)
        };
        let mi = u32::from(hour) * 7 % 60;
        Cell::Bare(match form % 10 {
            0 => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:00"),
            1 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00+03:00"),
            2 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:15.250Z"),
            3 => format!("{y:04}-{m:02}-{d:02}"),
            4 => format!("{d:02}.{m:02}.{y:04} {h:02}:{mi:02}:00"),
            5 => format!("{d:02}.{m:02}.{y:04} {h:02}:{mi:02}"),
            6 => format!("{d:02}.{m:02}.{y:04}"),
            7 => format!("{d:02}/{m:02}/{y:04} {h:02}:{mi:02}"),
            8 => format!("{d}.{m}.{y} {h}:{mi:02}"),
            _ => format!(" {y:04}-{m:02}-{d:02} {h:02}:{mi:02} "),
        })
    }
}

#[derive(Debug)]
enum Action {
    Few(u8),
    Text(Text),
    Missing(u8),
}

impl<'a> Arbitrary<'a> for Action {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=219 => Action::Few(u.arbitrary()?),
            220..=244 => Action::Text(u.arbitrary()?),
            _ => Action::Missing(u.arbitrary()?),
        })
    }
}

/// How many cells a row has against the header.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Full,
    /// The first cells only (at least one).
    Short(u8),
    /// More cells than the header.
    Long(u8),
}

impl<'a> Arbitrary<'a> for Shape {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=219 => Shape::Full,
            220..=239 => Shape::Short(u.arbitrary()?),
            _ => Shape::Long(u.arbitrary()?),
        })
    }
}

#[derive(Debug)]
enum Row {
    Action {
        user: User,
        at: When,
        action: Action,
        other: Text,
        shape: Shape,
        crlf: bool,
    },
    Blank {
        crlf: bool,
    },
    /// Only delimiters and blanks.
    Empty {
        cells: u8,
        crlf: bool,
    },
    /// Any bytes, then a line break.
    Raw(Bytes),
    /// The last rows written (1 to 8), again (1 to 64 times): long logs
    /// from short inputs.
    Repeat {
        rows: u8,
        times: u8,
    },
}

impl<'a> Arbitrary<'a> for Row {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=219 => Row::Action {
                user: u.arbitrary()?,
                at: u.arbitrary()?,
                action: u.arbitrary()?,
                other: u.arbitrary()?,
                shape: u.arbitrary()?,
                crlf: u.arbitrary()?,
            },
            220..=234 => Row::Blank {
                crlf: u.arbitrary()?,
            },
            235..=244 => Row::Empty {
                cells: u.arbitrary()?,
                crlf: u.arbitrary()?,
            },
            245..=250 => Row::Raw(u.arbitrary()?),
            _ => Row::Repeat {
                rows: u.arbitrary()?,
                times: u.arbitrary()?,
            },
        })
    }
}

#[derive(Debug, Arbitrary)]
enum Delimiter {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

/// The columns of the header: which fields, named how, in which order.
#[derive(Debug, Arbitrary)]
struct Header {
    user: u8,
    at: u8,
    /// `None`: no action column.
    action: Option<u8>,
    /// One of the six orders of the three fields.
    order: u8,
    /// Other columns before the fields (7: 17 of them, more than the fast
    /// scan reads) and after them.
    before: u8,
    after: u8,
    /// A header name the reader may not know, in place of a field's.
    odd: Option<(u8, Short)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    User,
    At,
    Action,
    Other(usize),
}

#[derive(Debug, Arbitrary)]
struct Log {
    delimiter: Delimiter,
    bom: bool,
    sep_line: bool,
    title: Option<Short>,
    header: Header,
    /// `--actions like,Лайк`.
    filter: bool,
    /// The small sizes to read with (see `sizes`).
    window: u16,
    block: u16,
    /// N and M of the core.
    min_actions: u8,
    months: u8,
    /// The last row ends in a line break.
    last_break: bool,
    /// Last, so that it takes the rest of the input: logs of many rows.
    rows: Rows,
}

/// Rows to the end of the input (a `Vec` would stop at the first even
/// byte where it asks whether another row follows).
#[derive(Debug)]
struct Rows(Vec<Row>);

impl<'a> Arbitrary<'a> for Rows {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Rows(u.arbitrary()?))
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut rows = Vec::new();
        while !u.is_empty() {
            rows.push(u.arbitrary()?);
        }
        Ok(Rows(rows))
    }
}

/// One cell as written: bare, in quotes, or as it is (odd quoting).
#[derive(Debug)]
enum Cell {
    Bare(String),
    Quoted(String),
    Raw(String),
}

fn missing(i: u8) -> Cell {
    Cell::Bare(MISSING[usize::from(i) % MISSING.len()].to_string())
}

fn pick(list: &[&str], i: u8) -> String {
    list[usize::from(i) % list.len()].to_string()
}

/// A cell as a CSV writer puts it: in quotes when it holds a delimiter,
/// quote or line break.
fn quoted_if_needed(s: &str, delim: u8) -> Cell {
    if s.bytes()
        .any(|b| matches!(b, b'"' | b'\r' | b'\n') || b == delim)
    {
        Cell::Quoted(s.to_string())
    } else {
        Cell::Bare(s.to_string())
    }
}

impl Text {
    fn cell(&self, delim: u8) -> Cell {
        match self {
            Text::Word(i) => Cell::Bare(pick(&WORDS, *i)),
            Text::Any(Short(s)) => quoted_if_needed(s, delim),
            Text::Quoted(Short(s)) => Cell::Quoted(s.clone()),
            Text::Stray(Short(s)) => Cell::Raw(format!("x{s}\"{s}")),
            Text::Unclosed(Short(s)) => Cell::Raw(format!("\"{s}")),
        }
    }
}

impl Header {
    fn columns(&self) -> Vec<Col> {
        let mut fields = vec![Col::User, Col::At];
        if self.action.is_some() {
            fields.push(Col::Action);
        }
        let order = usize::from(self.order % 6);
        let n = fields.len();
        fields.rotate_left(order % n);
        if order >= 3 {
            fields.swap(0, 1);
        }
        let before = if self.before % 8 == 7 {
            17
        } else {
            usize::from(self.before % 3)
        };
        let after = usize::from(self.after % 3);
        let mut cols: Vec<Col> = (0..before).map(Col::Other).collect();
        cols.extend(fields);
        cols.extend((before..before + after).map(Col::Other));
        cols
    }

    fn name(&self, col: Col) -> String {
        let odd = |c: u8| match &self.odd {
            Some((k, Short(name))) if k % 3 == c => Some(name.clone()),
            _ => None,
        };
        match col {
            Col::User => odd(0).unwrap_or_else(|| pick(&USER, self.user)),
            Col::At => odd(1).unwrap_or_else(|| pick(&AT, self.at)),
            Col::Action => odd(2).unwrap_or_else(|| pick(&ACTION, self.action.unwrap_or(0))),
            Col::Other(i) => format!("{} {i}", OTHER[i % OTHER.len()]).trim().to_string(),
        }
    }
}

/// Writes one row; with `wrap`, bare cells go in quotes too. A row of one
/// empty cell is a blank line either way (`""` would be a row).
fn write_row(out: &mut Vec<u8>, cells: &[Cell], delim: u8, wrap: bool, end: &str) {
    if let [Cell::Bare(c)] = cells {
        if c.is_empty() {
            out.extend_from_slice(end.as_bytes());
            return;
        }
    }
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(delim);
        }
        match c {
            Cell::Bare(s) if !wrap => out.extend_from_slice(s.as_bytes()),
            Cell::Bare(s) | Cell::Quoted(s) => {
                out.push(b'"');
                out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
                out.push(b'"');
            }
            Cell::Raw(s) => out.extend_from_slice(s.as_bytes()),
        }
    }
    out.extend_from_slice(end.as_bytes());
}

/// The log as a file; with `wrap`, every bare cell (header and rows)
/// quoted. Repeats stop once the file holds [`MAX_LEN`] bytes, or, given
/// `stop`, that many rows (so that a log quoted holds the rows of the log
/// as it was); the second value is the rows where they stopped.
fn render(log: &Log, wrap: bool, stop: Option<usize>) -> (Vec<u8>, Option<usize>) {
    let delim = match log.delimiter {
        Delimiter::Comma => b',',
        Delimiter::Semicolon => b';',
        Delimiter::Tab => b'\t',
        Delimiter::Pipe => b'|',
    };
    let mut out = Vec::new();
    if log.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    if log.sep_line {
        out.extend_from_slice(b"sep=");
        out.push(delim);
        out.push(b'\n');
    }
    if let Some(Short(t)) = &log.title {
        write_row(&mut out, &[quoted_if_needed(t, delim)], delim, false, "\n");
    }
    let cols = log.header.columns();
    let names: Vec<Cell> = cols
        .iter()
        .map(|&c| quoted_if_needed(&log.header.name(c), delim))
        .collect();
    write_row(&mut out, &names, delim, wrap, "\r\n");
    // Where each row written starts.
    let mut starts = Vec::new();
    let mut stopped = None;
    for (i, row) in log.rows.0.iter().enumerate() {
        let last = i + 1 == log.rows.0.len();
        let end = |crlf: bool| match (crlf, last && !log.last_break) {
            (_, true) => "",
            (true, _) => "\r\n",
            (false, _) => "\n",
        };
        if let Row::Repeat { rows, times } = row {
            let from = starts.len().saturating_sub(1 + usize::from(rows % 8));
            let Some(&at) = starts.get(from) else {
                continue;
            };
            let copy = out[at..].to_vec();
            let again: Vec<usize> = starts[from..].iter().map(|s| s - at).collect();
            for _ in 0..=times % 64 {
                if stop.map_or(out.len() > MAX_LEN, |rows| starts.len() >= rows) {
                    stopped = stopped.or(Some(starts.len()));
                    break;
                }
                starts.extend(again.iter().map(|s| out.len() + s));
                out.extend_from_slice(&copy);
            }
            continue;
        }
        starts.push(out.len());
        match row {
            Row::Action {
                user,
                at,
                action,
                other,
                shape,
                crlf,
            } => {
                let mut cells: Vec<Cell> = cols
                    .iter()
                    .map(|c| match c {
                        Col::User => match user {
                            User::Few(n) => Cell::Bare((1 + n % 6).to_string()),
                            User::Number(n) => Cell::Bare(n.to_string()),
                            User::Name(i) => Cell::Bare(pick(&NAMES, *i)),
                            User::Text(t) => t.cell(delim),
                            User::Missing(i) => missing(*i),
                        },
                        Col::At => at.cell(delim),
                        Col::Action => match action {
                            Action::Few(i) => Cell::Bare(pick(&ACTIONS, *i)),
                            Action::Text(t) => t.cell(delim),
                            Action::Missing(i) => missing(*i),
                        },
                        Col::Other(_) => other.cell(delim),
                    })
                    .collect();
                match *shape {
                    Shape::Full => {}
                    Shape::Short(k) => cells.truncate(1 + usize::from(k) % cells.len()),
                    Shape::Long(k) => {
                        cells.extend((0..=k % 4).map(|_| Cell::Bare("extra".to_string())))
                    }
                }
                write_row(&mut out, &cells, delim, wrap, end(*crlf));
            }
            Row::Blank { crlf } => out.extend_from_slice(end(*crlf).as_bytes()),
            Row::Empty { cells, crlf } => {
                let cells: Vec<Cell> = (0..=cells % 5)
                    .map(|i| Cell::Bare(" ".repeat(usize::from(i % 2))))
                    .collect();
                write_row(&mut out, &cells, delim, wrap, end(*crlf));
            }
            Row::Raw(Bytes(bytes)) => {
                out.extend_from_slice(bytes);
                out.push(b'\n');
            }
            Row::Repeat { .. } => {}
        }
    }
    (out, stopped)
}

/// A log stops growing by repeats at this length.
const MAX_LEN: usize = 16 << 10;

/// Window (64 to about 4096 bytes) and block (16 to about 1024) sizes,
/// from the input, as many small ones as large.
fn sizes(log: &Log) -> (usize, usize) {
    let size = |v: u16, least: usize| (least << (v % 7)) + usize::from(v >> 3) % 61;
    (size(log.window, 64), size(log.block, 16))
}

/// Skipped rows a scan of the reader describes; more are only counted.
const DESCRIBED: u64 = 20;

/// What one read gave: the encoding and delimiter sniffed, and as JSON
/// every file's figures and notes, the skips, the action values, each
/// user's months and the core.
#[derive(Debug)]
struct Read {
    sniffed: String,
    /// The described skips and the action values are all there are (a
    /// scan keeps 64 values apart, and counts more as `(other)`), so they
    /// cannot depend on how the rows were split.
    exact: bool,
    doc: Value,
}

impl Read {
    fn new(data: ActivityData, log: &Log) -> Read {
        let f = &data.files[0];
        let sniffed = format!("{:?} {:?}", f.encoding, f.delimiter);
        let exact = data.files.iter().all(|f| f.skipped <= DESCRIBED)
            && !data.action_values.iter().any(|a| a.action == "(other)");
        let mut users = Vec::new();
        data.counts.for_each_user(|u, months| {
            let months: Vec<String> = months.iter().map(|(m, n)| format!("{m}:{n}")).collect();
            users.push(format!("{}={}", data.counts.user_id(u), months.join(",")));
        });
        // Named users are numbered as blocks come in: compare them by name.
        users.sort();
        let spec = CoreSpec {
            min_actions: 1 + u32::from(log.min_actions % 3),
            months: 1 + u32::from(log.months % 3),
            as_of: None,
            actions_filter: None,
            members: true,
        };
        let report = core_doc::build(data, &spec);
        let mut doc = serde_json::to_value(&report).expect("the core report serialises");
        doc["members"] = report.members.into();
        doc["users"] = users.into();
        Read {
            sniffed,
            exact,
            doc,
        }
    }

    /// With the described skips and the action values left out, unless
    /// both reads have them all.
    fn comparable(&self, other: &Read) -> Value {
        let mut doc = self.doc.clone();
        if !(self.exact && other.exact) {
            doc["input"]["skipped"] = Value::Null;
            doc["action_values"] = Value::Null;
        }
        doc
    }
}

/// What a read says of its users without their names: each user's months
/// and actions in them (in order of their text), from which the core is
/// computed.
fn nameless(data: &ActivityData) -> Value {
    let mut users = Vec::new();
    data.counts.for_each_user(|_, months| {
        let months: Vec<String> = months.iter().map(|(m, n)| format!("{m}:{n}")).collect();
        users.push(months.join(","));
    });
    users.sort();
    serde_json::json!({ "users": users, "actions": data.actions(), "months": format!("{:?}", data.counts.months()) })
}

/// The promises of one read: rows add up, per file and in all; the counts
/// hold every action once, in months in order.
fn check(data: &ActivityData) {
    for f in &data.files {
        assert_eq!(
            f.rows_read,
            f.actions + f.filtered_out + f.skipped,
            "{}: rows_read = actions + filtered_out + skipped",
            f.path
        );
    }
    assert_eq!(
        data.skipped_total(),
        data.files.iter().map(|f| f.skipped).sum::<u64>()
    );
    let tallied: u64 = data.action_values.iter().map(|a| a.rows).sum();
    if data
        .files
        .iter()
        .all(|f| f.columns.as_ref().is_some_and(|c| c.action.is_some()))
    {
        assert_eq!(
            tallied,
            data.actions() + data.filtered_out(),
            "action values"
        );
    } else {
        assert_eq!((tallied, data.filtered_out()), (0, 0), "no action column");
    }
    let mut total = 0u64;
    let mut range = None;
    data.counts.for_each_user(|_, months| {
        assert!(!months.is_empty());
        for w in months.windows(2) {
            assert!(w[0].0 < w[1].0, "months in order");
        }
        for &(m, n) in months {
            assert!(n > 0);
            total += u64::from(n);
            range = Some(range.map_or((m, m), |(a, b)| (m.min(a), m.max(b))));
        }
    });
    assert_eq!(total, data.actions(), "every action counted once");
    assert_eq!(data.counts.months(), range, "first and last month");
}

/// Reads the file at `path` with the default sizes and with small ones:
/// both fail alike or read the same. `None` when it fails.
fn read_both(path: &str, log: &Log) -> Option<Read> {
    let opts = ActivityOptions {
        actions: log
            .filter
            .then(|| vec!["like".to_string(), "Лайк".to_string()]),
        // Users are compared by name below.
        names: true,
        ..ActivityOptions::default()
    };
    let paths = [path.to_string()];
    let (window, block) = sizes(log);
    let default = activity::read_activity(&paths, &opts);
    let small = activity::read_activity_with_sizes(
        &paths,
        &opts,
        activity::ReadSizes {
            window,
            block,
            pending: window.max(1),
            chunk: block.max(1),
        },
    );
    let (default, small) = match (default, small) {
        (Ok(d), Ok(s)) => (d, s),
        (Err(d), Err(s)) => {
            assert_eq!(d.to_string(), s.to_string(), "the same error");
            return None;
        }
        (d, s) => panic!(
            "default sizes: {:?}; window {window}, block {block}: {:?}",
            d.err(),
            s.err()
        ),
    };
    check(&default);
    check(&small);
    // Without names: the same users' months and core, in both sizes.
    let nameless_opts = ActivityOptions {
        names: false,
        ..opts.clone()
    };
    let nameless_small = activity::ReadSizes {
        window,
        block,
        pending: window.max(1),
        chunk: block.max(1),
    };
    if let (Ok(n), Ok(s)) = (
        activity::read_activity(&paths, &nameless_opts),
        activity::read_activity_with_sizes(&paths, &nameless_opts, nameless_small),
    ) {
        check(&n);
        check(&s);
        let named = nameless(&default);
        assert_eq!(nameless(&n), named, "without names, default sizes");
        assert_eq!(
            nameless(&s),
            named,
            "without names, window {window}, block {block}"
        );
    } else {
        panic!("read with names, not without");
    }
    let (default, small) = (Read::new(default, log), Read::new(small, log));
    assert_eq!(default.sniffed, small.sniffed, "encoding and delimiter");
    assert_eq!(
        default.comparable(&default),
        small.comparable(&default),
        "default sizes against window {window}, block {block}"
    );
    Some(default)
}

libfuzzer_sys::fuzz_target!(|log: Log| {
    let path =
        std::env::temp_dir().join(format!("smmkpi-fuzz-activity-{}.csv", std::process::id()));
    let (plain, stopped) = render(&log, false, None);
    if std::fs::write(&path, &plain).is_err() {
        return;
    }
    let name = path.to_string_lossy().into_owned();
    // Every cell in quotes reads the same as the log without quotes of its
    // own, when both are read and sniffed alike (quotes hide other
    // delimiters from the delimiter sniffer).
    if let Some(bare) = read_both(&name, &log).filter(|_| !plain.contains(&b'"')) {
        let (quoted, _) = render(&log, true, Some(stopped.unwrap_or(usize::MAX)));
        if std::fs::write(&path, quoted).is_ok() {
            if let Some(quoted) = read_both(&name, &log).filter(|q| q.sniffed == bare.sniffed) {
                assert_eq!(
                    bare.comparable(&quoted),
                    quoted.comparable(&bare),
                    "every cell quoted"
                );
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
