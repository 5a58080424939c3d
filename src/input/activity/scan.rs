//! Rows of an activity log, straight from bytes: no allocation per row, the
//! user id and time read in place. Quoting follows RFC 4180 as the `csv`
//! crate reads it (a quote opens a quoted field only at the start of a
//! field), so a block without a quote at a field start can be read on its
//! own, which is what lets blocks of a file be read in parallel.
//!
//! Times in the usual machine forms (`2024-03-15 13:45:12`, ISO 8601 with an
//! offset, `15.03.2024 13:45`, Unix seconds) are read by a fast path; every
//! other form goes through [`values::parse_timestamp`], which decides what is
//! a date everywhere in smmkpi.

use std::borrow::Cow;

use chrono::Datelike;

use super::counts::{self, LocalNames, Lookup, User};
use crate::input::hits::Hits3;
use crate::input::records::{self, End, Field, Splitter};
use crate::input::values::{self, DateContext};
use crate::input::ReadOptions;
use crate::model::{Month, SkipKind};

/// Which columns of a row hold what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub delimiter: u8,
    pub user: usize,
    pub at: usize,
    pub action: Option<usize>,
}

impl Layout {
    /// Fields a row needs: one past the rightmost column read.
    fn needed(&self) -> usize {
        self.user.max(self.at).max(self.action.unwrap_or(0)) + 1
    }
}

/// How times become months.
#[derive(Debug, Clone)]
pub struct Dates {
    pub ctx: DateContext,
    /// `--tz`: instants with an offset (and Unix times) move into this zone;
    /// without it a time's month is the one written, in its own local time.
    pub tz: Option<chrono_tz::Tz>,
}

/// Why a time gave no month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFail {
    Missing,
    Unreadable,
    OutOfRange,
}

impl Dates {
    /// [`Dates::month_bits`], reusing the date part of the previous time.
    #[inline]
    pub fn month_bits_cached(&self, raw: &[u8], cache: &mut DateCache) -> Result<u64, DateFail> {
        if let Some(date) = raw.first_chunk::<10>() {
            let offset_ok = self.tz.is_none();
            let rest = &raw[10..];
            let slot = cache.slot(date);
            if slot.valid && *date == slot.date {
                if fast_rest(rest, slot.iso, offset_ok) {
                    return Ok(slot.bits);
                }
            } else if let Some((month, iso)) = fast_date(raw) {
                if let Some(bits) = counts::month_bits(month) {
                    *slot = DateSlot {
                        date: *date,
                        iso,
                        bits,
                        valid: true,
                    };
                    if fast_rest(rest, iso, offset_ok) {
                        return Ok(bits);
                    }
                }
            }
        }
        self.month_bits(raw)
    }

    /// The month of a time, in the key's month bits.
    #[inline]
    pub fn month_bits(&self, raw: &[u8]) -> Result<u64, DateFail> {
        let month = match fast_month(raw, self.tz.is_none()) {
            Some(m) => m,
            None => self.slow_month(raw)?,
        };
        counts::month_bits(month).ok_or(DateFail::OutOfRange)
    }

    #[cold]
    fn slow_month(&self, raw: &[u8]) -> Result<Month, DateFail> {
        let text = text_of(raw);
        if values::is_missing(&text) {
            return Err(DateFail::Missing);
        }
        let t = values::parse_timestamp(&text, &self.ctx).ok_or(DateFail::Unreadable)?;
        let t = ReadOptions {
            tz: self.tz,
            ..Default::default()
        }
        .localize(t);
        Month::from_ym(t.local.year(), t.local.month()).ok_or(DateFail::Unreadable)
    }
}

/// Text of a cell: UTF-8 as it is, anything else read as Windows-1251 (the
/// code page of Russian Excel, the rule the table reader follows too).
pub fn text_of(raw: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1251.decode_without_bom_handling(raw).0,
    }
}

/// The value of two ASCII digits.
#[inline]
fn two(a: u8, b: u8) -> Option<u32> {
    let (x, y) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (x < 10 && y < 10).then_some(u32::from(x) * 10 + u32::from(y))
}

fn valid_day(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`; returns the bytes after it.
#[inline]
fn time_prefix(t: &[u8]) -> Option<&[u8]> {
    let [h1, h2, b':', m1, m2, rest @ ..] = t else {
        return None;
    };
    if two(*h1, *h2)? > 23 || two(*m1, *m2)? > 59 {
        return None;
    }
    match rest {
        [b':', s1, s2, rest @ ..] => {
            if two(*s1, *s2)? > 59 {
                return None;
            }
            match rest {
                [b'.', frac @ ..] => {
                    let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
                    (n > 0).then_some(&frac[n..])
                }
                _ => Some(rest),
            }
        }
        _ => Some(rest),
    }
}

/// `Z`, `+03:00`, `+0300`, `+03`, `-05:00`.
fn is_offset(t: &[u8]) -> bool {
    match t {
        b"Z" => true,
        [b'+' | b'-', rest @ ..] => {
            let hours = |a, b| two(a, b).is_some_and(|h| h <= 23);
            match *rest {
                [h1, h2] => hours(h1, h2),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                    hours(h1, h2) && two(m1, m2).is_some_and(|m| m <= 59)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// The month of the common machine-written forms, exactly as
/// [`values::parse_timestamp`] reads them; `None` sends a value to it.
/// `offset_ok`: a time with a UTC offset keeps its written month (no `--tz`).
#[inline]
fn fast_month(raw: &[u8], offset_ok: bool) -> Option<Month> {
    match fast_date(raw) {
        Some((month, iso)) if fast_rest(raw.get(10..)?, iso, offset_ok) => Some(month),
        Some(_) => None,
        None => unix_month(raw, offset_ok),
    }
}

/// The month of a leading `YYYY-MM-DD` (`iso`) or `DD.MM.YYYY` date.
#[inline]
fn fast_date(raw: &[u8]) -> Option<(Month, bool)> {
    let (y, m, d, iso) = match *raw.first_chunk::<10>()? {
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] => (
            two(y1, y2)? * 100 + two(y3, y4)?,
            two(m1, m2)?,
            two(d1, d2)?,
            true,
        ),
        [d1, d2, b'.', m1, m2, b'.', y1, y2, y3, y4] => (
            two(y1, y2)? * 100 + two(y3, y4)?,
            two(m1, m2)?,
            two(d1, d2)?,
            false,
        ),
        _ => return None,
    };
    if y == 0 || !valid_day(y, m, d) {
        return None;
    }
    Some((Month::from_ym(y as i32, m)?, iso))
}

/// What may follow a fast date: nothing, or a time (and, for ISO dates
/// without `--tz`, an offset).
#[inline]
fn fast_rest(rest: &[u8], iso: bool, offset_ok: bool) -> bool {
    if rest.is_empty() {
        return true;
    }
    if !(rest[0] == b' ' || rest[0] == b'T' && iso) {
        return false;
    }
    match time_prefix(&rest[1..]) {
        Some(tail) => tail.is_empty() || (iso && offset_ok && is_offset(tail)),
        None => false,
    }
}

/// Date parts of times read and their month bits, by a hash of the date:
/// a log in time order comes back to one slot row after row, and a
/// shuffled one to one of a few hundred days.
#[derive(Debug, Default, Clone)]
pub struct DateCache {
    /// [`DATE_SLOTS`] slots, once a date is looked up.
    slots: Vec<DateSlot>,
}

/// Slots of a [`DateCache`] (12 KB): more than a year of days.
const DATE_SLOTS: usize = 512;

#[derive(Debug, Default, Clone, Copy)]
struct DateSlot {
    date: [u8; 10],
    iso: bool,
    bits: u64,
    valid: bool,
}

impl DateCache {
    /// The slot of a date.
    #[inline]
    fn slot(&mut self, date: &[u8; 10]) -> &mut DateSlot {
        if self.slots.is_empty() {
            self.slots = vec![DateSlot::default(); DATE_SLOTS];
        }
        let [a, b, c, d, e, f, g, h, i, j] = *date;
        let word = u64::from_le_bytes([a, b, c, d, e, f, g, h])
            ^ u64::from(u16::from_le_bytes([i, j])) << 20;
        let at = word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - DATE_SLOTS.trailing_zeros());
        &mut self.slots[at as usize]
    }
}

/// Unix seconds (9–12 digits) or milliseconds (13), in UTC.
fn unix_month(raw: &[u8], utc_ok: bool) -> Option<Month> {
    if !utc_ok || !(9..=13).contains(&raw.len()) {
        return None;
    }
    let v = values::decimal(raw)? as i64;
    let secs = if raw.len() == 13 { v / 1000 } else { v };
    let t = chrono::DateTime::from_timestamp(secs, 0)?;
    Month::from_ym(t.year(), t.month())
}

/// Why a row was not used; `code` names it in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowFail {
    Empty,
    ShortRow,
    NoUser,
    NoDate,
    BadDate,
    DateOutOfRange,
}

impl RowFail {
    pub const ALL: [RowFail; 6] = [
        RowFail::Empty,
        RowFail::ShortRow,
        RowFail::NoUser,
        RowFail::NoDate,
        RowFail::BadDate,
        RowFail::DateOutOfRange,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RowFail::Empty => "empty_row",
            RowFail::ShortRow => "short_row",
            RowFail::NoUser => "no_user",
            RowFail::NoDate => "no_date",
            RowFail::BadDate => "bad_date",
            RowFail::DateOutOfRange => "date_out_of_range",
        }
    }

    pub fn kind(self) -> SkipKind {
        match self {
            RowFail::Empty => SkipKind::Empty,
            _ => SkipKind::Invalid,
        }
    }
}

/// A row that was not used: where (lines counted from the start of the
/// scanned text) and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSkip {
    pub line: u64,
    pub fail: RowFail,
    pub reason: String,
}

/// `--actions`: the action values counted (compared case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    wanted: Option<Vec<String>>,
}

impl ActionFilter {
    pub fn new(wanted: Option<&[String]>) -> Self {
        ActionFilter {
            wanted: wanted.map(|w| w.iter().map(|s| s.trim().to_lowercase()).collect()),
        }
    }

    pub fn matches(&self, value: &str) -> bool {
        match &self.wanted {
            None => true,
            Some(w) => {
                let v = value.trim();
                w.iter().any(|x| x.eq_ignore_ascii_case(v)) || {
                    !v.is_ascii() && w.iter().any(|x| *x == v.to_lowercase())
                }
            }
        }
    }
}

/// Action values kept apart per scan; more distinct values are counted together.
const MAX_ACTION_VALUES: usize = 64;
/// Skipped rows described per scan; more are only counted.
const MAX_DESCRIBED: usize = 20;

/// How often one action value occurred, and whether `--actions` counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionTally {
    pub value: String,
    pub rows: u64,
    pub counted: bool,
    /// The value as written.
    raw: Box<[u8]>,
}

/// What a scan of some rows produced.
#[derive(Debug, Default)]
pub struct Scanned {
    /// One key per action used.
    pub keys: Vec<u64>,
    /// The witness of each key's user ([`User::witness`]), or none while
    /// every one is 0.
    pub witnesses: Vec<u32>,
    /// Users that are not numeric ids, numbered as the keys use them.
    pub names: LocalNames,
    /// Line breaks consumed (data lines, and breaks inside quoted fields).
    pub lines: u64,
    /// Rows read (blank lines are not rows).
    pub rows: u64,
    /// Rows used as actions.
    pub used: u64,
    /// Rows left out by `--actions`.
    pub filtered_out: u64,
    /// The first rows skipped, described.
    pub skips: Vec<RowSkip>,
    /// Skipped rows by [`RowFail`] (index of `RowFail::ALL`).
    pub skip_counts: [u64; 6],
    pub actions: Vec<ActionTally>,
    /// Rows whose action is not among `actions` (past the distinct-value cap).
    pub actions_other: u64,
    /// Some cell was not UTF-8 and was read as Windows-1251.
    pub windows_1251: bool,
    pub dates: DateCache,
}

impl Scanned {
    /// An empty result whose names are read as `ids` says.
    pub fn new(ids: &counts::Ids) -> Self {
        Scanned {
            names: LocalNames::new(ids),
            ..Default::default()
        }
    }

    fn skip(&mut self, line: u64, fail: RowFail, reason: impl FnOnce() -> String) {
        self.skip_counts[fail as usize] += 1;
        if self.skips.len() < MAX_DESCRIBED {
            self.skips.push(RowSkip {
                line,
                fail,
                reason: reason(),
            });
        }
    }

    pub fn skipped(&self) -> u64 {
        self.skip_counts.iter().sum()
    }

    /// Skips a row whose time gave no month.
    pub fn date_skip(&mut self, line: u64, fail: DateFail, raw: &[u8]) {
        match fail {
            DateFail::Missing => self.skip(line, RowFail::NoDate, || {
                "no time (the time column is empty)".to_string()
            }),
            DateFail::Unreadable => self.skip(line, RowFail::BadDate, || {
                format!("cannot read '{}' as a date", text_of(raw))
            }),
            DateFail::OutOfRange => self.skip(line, RowFail::DateOutOfRange, || {
                format!("date '{}' is outside the years 1900–2240", text_of(raw))
            }),
        }
    }

    /// Skips a row for a reason of its own (`line` as for [`Scanned::skips`]).
    pub fn skip_row(&mut self, line: u64, fail: RowFail, reason: String) {
        self.skip(line, fail, || reason);
    }

    /// The user of an id; `None` when it is empty or a "not reported" marker.
    #[inline]
    pub fn user(&mut self, raw: &[u8]) -> Option<User> {
        match counts::numeric_user(raw) {
            Some(u) => Some(User::plain(u)),
            None => self.named_user(raw),
        }
    }

    #[inline]
    fn named_user(&mut self, raw: &[u8]) -> Option<User> {
        match self.names.lookup(raw) {
            Lookup::Known(u) => Some(u),
            // Plain ASCII that cannot be a marker (most ids) is taken as it is.
            Lookup::Hashed(u) if values::surely_present(raw) && raw.is_ascii() => Some(u),
            found => self.new_name(raw, found),
        }
    }

    /// A name not seen lately: checked for a "not reported" marker, read
    /// as Windows-1251 when it is not UTF-8, and recorded.
    #[inline(never)]
    fn new_name(&mut self, raw: &[u8], found: Lookup) -> Option<User> {
        if let Lookup::New(v) = found {
            if values::surely_present(raw) && raw.is_ascii() {
                return Some(self.names.record(raw, v));
            }
        }
        let text = text_of(raw);
        if values::is_missing(&text) {
            return None;
        }
        let owned = matches!(text, Cow::Owned(_));
        self.windows_1251 |= owned;
        let name = text.as_bytes();
        // A name read as Windows-1251 is looked up again as the text it is
        // (it may be the run's prefix and a number, or hash otherwise).
        Some(match found {
            Lookup::Hashed(u) if !owned => u,
            Lookup::New(v) if !owned => self.names.record(name, v),
            _ => self.names.user(name),
        })
    }

    /// Counts an action value; returns whether `--actions` counts it.
    #[inline]
    pub fn tally(&mut self, value: &[u8], filter: &ActionFilter) -> bool {
        // Lengths first, then bytes in line: values are short and few.
        let same = |a: &ActionTally| {
            a.raw.len() == value.len() && a.raw.iter().zip(value).all(|(x, y)| x == y)
        };
        if let Some(a) = self.actions.iter_mut().find(|a| same(a)) {
            a.rows += 1;
            return a.counted;
        }
        self.new_action(value, filter)
    }

    #[inline(never)]
    fn new_action(&mut self, value: &[u8], filter: &ActionFilter) -> bool {
        let text = text_of(value);
        let counted = filter.matches(&text);
        if self.actions.len() < MAX_ACTION_VALUES {
            self.actions.push(ActionTally {
                value: text.into_owned(),
                rows: 1,
                counted,
                raw: value.into(),
            });
        } else {
            self.actions_other += 1;
        }
        counted
    }

    /// Uses one action of `user` in a month (key month bits).
    pub fn add(&mut self, user: User, month: u64) {
        self.used += 1;
        self.keys.push(counts::key(user.value, month));
        if user.witness != 0 || !self.witnesses.is_empty() {
            self.witnesses.resize(self.keys.len() - 1, 0);
            self.witnesses.push(user.witness);
        }
    }
}

/// How a scan treats a quote at the start of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quotes {
    /// Read quoted fields (one reader going through the text in order).
    Read,
    /// Stop before the row: a block read on its own cannot know whether a
    /// line break after it is inside a quoted field.
    Stop,
}

/// How a scan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanEnd {
    /// Bytes read: complete rows, ending at a row boundary.
    pub consumed: usize,
    /// It stopped before a quoted field ([`Quotes::Stop`]).
    pub quote: bool,
}

#[inline]
fn trim(b: &[u8]) -> &[u8] {
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !f.is_ascii_whitespace() && !l.is_ascii_whitespace() => b,
        _ => {
            let start = b
                .iter()
                .position(|c| !c.is_ascii_whitespace())
                .unwrap_or(b.len());
            let end = b
                .iter()
                .rposition(|c| !c.is_ascii_whitespace())
                .map_or(start, |e| e + 1);
            &b[start..end]
        }
    }
}

/// Rows with at most this many fields to read take the fast path.
const FAST_FIELDS: usize = 16;

/// The cells of a row that are read.
#[derive(Debug, Clone, Copy, Default)]
struct Cells<'a> {
    user: &'a [u8],
    at: &'a [u8],
    action: Option<&'a [u8]>,
}

/// Reads rows of one layout.
pub struct Scanner<'a> {
    pub layout: Layout,
    pub dates: &'a Dates,
    pub filter: &'a ActionFilter,
}

impl Scanner<'_> {
    /// Reads the rows of `data`. Without `eof`, a last row that does not end
    /// in a line break is left unread (its bytes are not consumed).
    pub fn scan(&self, data: &[u8], eof: bool, quotes: Quotes, out: &mut Scanned) -> ScanEnd {
        if quotes == Quotes::Stop && self.layout.needed() <= FAST_FIELDS {
            self.scan_unquoted(data, eof, out)
        } else {
            self.scan_quoted(data, eof, quotes, out)
        }
    }

    /// [`Quotes::Stop`] for text with no quoted fields: jumps from one
    /// delimiter or line break to the next.
    fn scan_unquoted(&self, data: &[u8], eof: bool, out: &mut Scanned) -> ScanEnd {
        let delim = self.layout.delimiter;
        let needed = self.layout.needed();
        let mut spans = [(0usize, 0usize); FAST_FIELDS];
        let mut row_start = 0usize;
        let mut field = 0usize;
        let mut field_start = 0usize;
        for p in Hits3::new(data, delim, b'\n', b'"') {
            let b = data[p];
            if b == delim {
                if field < needed {
                    spans[field] = (field_start, p);
                }
                field += 1;
                field_start = p + 1;
            } else if b == b'\n' {
                if field < needed {
                    spans[field] = (field_start, p);
                }
                let line = out.lines;
                out.lines += 1;
                let blank = p == row_start || (p == row_start + 1 && data[row_start] == b'\r');
                if !blank {
                    self.row_of_spans(data, (row_start, p), field + 1, &spans, line, out);
                }
                row_start = p + 1;
                field = 0;
                field_start = p + 1;
            } else if p == field_start {
                // A quoted field: this block cannot be read on its own.
                return ScanEnd {
                    consumed: row_start,
                    quote: true,
                };
            }
        }
        if row_start < data.len() {
            if !eof {
                return ScanEnd {
                    consumed: row_start,
                    quote: false,
                };
            }
            if field < needed {
                spans[field] = (field_start, data.len());
            }
            let blank = data[row_start..] == *b"\r";
            if !blank {
                let line = out.lines;
                self.row_of_spans(data, (row_start, data.len()), field + 1, &spans, line, out);
            }
        }
        ScanEnd {
            consumed: data.len(),
            quote: false,
        }
    }

    #[inline]
    fn row_of_spans(
        &self,
        data: &[u8],
        (start, end): (usize, usize),
        fields: usize,
        spans: &[(usize, usize); FAST_FIELDS],
        line: u64,
        out: &mut Scanned,
    ) {
        let l = &self.layout;
        let cell = |i: usize| {
            let (s, e) = spans[i];
            trim(&data[s..e])
        };
        if fields < l.needed() {
            return self.row(&data[start..end], fields, line, Cells::default(), out);
        }
        let cells = Cells {
            user: cell(l.user),
            at: cell(l.at),
            action: l.action.map(cell),
        };
        self.row(&data[start..end], fields, line, cells, out);
    }

    /// Rows that may hold quoted fields, split as `records` splits them.
    /// With [`Quotes::Stop`], a quote that opens a field stops the scan
    /// before its row.
    fn scan_quoted(&self, data: &[u8], eof: bool, quotes: Quotes, out: &mut Scanned) -> ScanEnd {
        let needed = self.layout.needed();
        let split = Splitter {
            delim: self.layout.delimiter,
            eof,
            stop_at_quote: quotes == Quotes::Stop,
        };
        let len = data.len();
        let mut fields: Vec<Field> = Vec::with_capacity(needed);
        let mut unescaped: Vec<Vec<u8>> = vec![Vec::new(); needed];
        let mut pos = 0usize;
        while pos < len {
            let row_start = pos;
            // Blank lines are not rows (as for the csv crate).
            if data[pos] == b'\n' {
                out.lines += 1;
                pos += 1;
                continue;
            }
            if data[pos] == b'\r' && data.get(pos + 1) == Some(&b'\n') {
                out.lines += 1;
                pos += 2;
                continue;
            }
            fields.clear();
            let mut count = 0usize;
            let (next, inner, open) = match split.record(data, pos, |f| {
                if count < needed {
                    fields.push(f);
                }
                count += 1;
            }) {
                End::Record { next, inner, open } => (next, inner, open),
                End::Quote => {
                    return ScanEnd {
                        consumed: row_start,
                        quote: true,
                    }
                }
                End::More => {
                    return ScanEnd {
                        consumed: row_start,
                        quote: false,
                    }
                }
            };
            let line = out.lines;
            out.lines += inner + u64::from(!open && data[next - 1] == b'\n');
            pos = next;
            for (i, f) in fields.iter().enumerate() {
                if let Field::Escaped(a, b) = *f {
                    unescaped[i].clear();
                    records::unescape(data, a, b, &mut unescaped[i]);
                }
            }
            let value = |i: usize| -> &[u8] {
                match fields[i] {
                    Field::Span(a, b) => trim(&data[a..b]),
                    Field::Escaped(..) => trim(&unescaped[i]),
                }
            };
            let l = &self.layout;
            let cells = if count < needed {
                Cells::default()
            } else {
                Cells {
                    user: value(l.user),
                    at: value(l.at),
                    action: l.action.map(value),
                }
            };
            self.row(&data[row_start..pos], count, line, cells, out);
        }
        ScanEnd {
            consumed: len,
            quote: false,
        }
    }

    /// Uses or skips one row with `fields` fields, whose user, time and
    /// action cells are `[user, at, action]` (empty when the row is short).
    #[inline]
    fn row(&self, raw: &[u8], fields: usize, line: u64, cells: Cells<'_>, out: &mut Scanned) {
        let Cells {
            user: user_raw,
            at: at_raw,
            action,
        } = cells;
        out.rows += 1;
        let l = &self.layout;
        let delim = l.delimiter;
        let blank = || {
            raw.iter()
                .all(|&b| b == delim || b == b'"' || b.is_ascii_whitespace())
        };
        if fields < l.needed() {
            if blank() {
                return out.skip(line, RowFail::Empty, || "empty row".to_string());
            }
            return out.skip(line, RowFail::ShortRow, || {
                format!(
                    "row has {fields} fields; {} are needed to reach every column read",
                    l.needed()
                )
            });
        }
        if user_raw.is_empty() && at_raw.is_empty() && blank() {
            return out.skip(line, RowFail::Empty, || "empty row".to_string());
        }
        let Some(user) = out.user(user_raw) else {
            return out.skip(line, RowFail::NoUser, || {
                "no user id (the user column is empty)".to_string()
            });
        };
        let month = match self.dates.month_bits_cached(at_raw, &mut out.dates) {
            Ok(m) => m,
            Err(fail) => return out.date_skip(line, fail, at_raw),
        };
        if let Some(v) = action {
            if !out.tally(v, self.filter) {
                out.filtered_out += 1;
                return;
            }
        }
        out.add(user, month);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates() -> Dates {
        Dates {
            ctx: DateContext::default(),
            tz: None,
        }
    }

    fn general(s: &str) -> Option<Month> {
        values::parse_timestamp(s, &DateContext::default())
            .map(|t| Month::from_ym(t.local.year(), t.local.month()).unwrap())
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_date_reader() {
        let samples = [
            "2024-03-15 13:45:12",
            "2024-03-15T13:45:12",
            "2024-03-15T13:45",
            "2024-03-15",
            "2024-02-29 00:00:00",
            "2023-02-29 00:00:00",
            "2024-03-31T23:30:00+03:00",
            "2024-03-31T23:30:00-0500",
            "2024-03-31T23:30:00Z",
            "2024-03-31 23:30:00.123",
            "2024-03-31T23:30:00.123456+03",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-03-15 24:00",
            "2024-03-15 23:60",
            "2024-03-15 23:59:60",
            "2024-03-15 1:45",
            "2024-03-15X13:45",
            "2024-03-15 13:45 extra",
            "15.03.2024 13:45:12",
            "15.03.2024 13:45",
            "15.03.2024",
            "31.04.2024",
            "15.03.2024T13:45",
            "15.03.2024 13:45+03:00",
            "1710510312",
            "1710510312000",
            "171051031",
            "17105103120",
            "0000-01-01",
        ];
        for s in samples {
            let fast = fast_month(s.as_bytes(), true);
            if let Some(f) = fast {
                assert_eq!(Some(f), general(s), "{s}");
            }
            let d = dates().month_bits(s.as_bytes()).ok();
            assert_eq!(
                d,
                general(s).and_then(counts::month_bits),
                "{s}: fast {fast:?}"
            );
        }
        // The common forms never leave the fast path.
        for s in ["2024-03-15 13:45:12", "15.03.2024 13:45", "1710510312"] {
            assert!(fast_month(s.as_bytes(), true).is_some(), "{s}");
        }
    }

    #[test]
    fn with_a_zone_offsets_and_unix_times_move_into_it() {
        let moscow = Dates {
            ctx: DateContext::default(),
            tz: Some(chrono_tz::Europe::Moscow),
        };
        let mar = counts::month_bits(Month::parse("2024-03").unwrap()).unwrap();
        let apr = counts::month_bits(Month::parse("2024-04").unwrap()).unwrap();
        // 23:30 UTC on 31 March is 02:30 on 1 April in Moscow.
        assert_eq!(moscow.month_bits(b"2024-03-31T23:30:00Z"), Ok(apr));
        assert_eq!(dates().month_bits(b"2024-03-31T23:30:00Z"), Ok(mar));
        // A wall-clock time is taken as already in the zone.
        assert_eq!(moscow.month_bits(b"2024-03-31 23:30:00"), Ok(mar));
        assert_eq!(moscow.month_bits(b"1711927800"), Ok(apr));
    }

    #[test]
    fn dates_in_any_order_are_read_from_the_cache_as_without_it() {
        let d = dates();
        let mut cache = DateCache::default();
        // Every day of two years, each in two forms, visited in a shuffled
        // order three times over: slots are shared and overwritten.
        let mut days = Vec::new();
        let mut day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        while day.year() < 2025 {
            days.push(day.format("%Y-%m-%d 12:00").to_string());
            days.push(day.format("%d.%m.%Y").to_string());
            day = day.succ_opt().unwrap();
        }
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3 * days.len() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let raw = days[x as usize % days.len()].as_bytes();
            assert_eq!(
                d.month_bits_cached(raw, &mut cache),
                d.month_bits(raw),
                "{raw:?}"
            );
        }
        assert!(cache.slots.iter().filter(|s| s.valid).count() > DATE_SLOTS / 2);
    }

    #[test]
    fn a_cached_date_still_checks_the_rest_of_the_time() {
        let d = dates();
        let mut cache = DateCache::default();
        let jan = counts::month_bits(Month::parse("2024-01").unwrap()).unwrap();
        assert_eq!(
            d.month_bits_cached(b"2024-01-05 10:00:00", &mut cache),
            Ok(jan)
        );
        assert_eq!(
            d.month_bits_cached(b"2024-01-05 25:00:00", &mut cache),
            Err(DateFail::Unreadable)
        );
        assert_eq!(d.month_bits_cached(b"2024-01-05", &mut cache), Ok(jan));
        assert_eq!(
            d.month_bits_cached(b"05.01.2024 10:00", &mut cache),
            Ok(jan)
        );
        assert_eq!(
            d.month_bits_cached(b"2024-02-30 10:00", &mut cache),
            Err(DateFail::Unreadable)
        );
        assert_eq!(
            d.month_bits_cached(b"2024-01-05 10:00 later", &mut cache),
            Err(DateFail::Unreadable)
        );
    }

    #[test]
    fn date_failures_are_told_apart() {
        assert_eq!(dates().month_bits(b""), Err(DateFail::Missing));
        assert_eq!(dates().month_bits(b"N/A"), Err(DateFail::Missing));
        assert_eq!(dates().month_bits(b"yesterday"), Err(DateFail::Unreadable));
        assert_eq!(dates().month_bits(b"1850-01-01"), Err(DateFail::OutOfRange));
        assert!(dates().month_bits(b"Jan 8, 2025").is_ok());
    }

    fn scan_all(text: &str, layout: Layout, quotes: Quotes, eof: bool) -> (Scanned, ScanEnd) {
        let d = dates();
        let f = ActionFilter::default();
        let s = Scanner {
            layout,
            dates: &d,
            filter: &f,
        };
        let mut out = Scanned::default();
        let end = s.scan(text.as_bytes(), eof, quotes, &mut out);
        (out, end)
    }

    const LAYOUT: Layout = Layout {
        delimiter: b',',
        user: 0,
        at: 1,
        action: Some(2),
    };

    #[test]
    fn rows_become_keys_and_bad_rows_are_described() {
        let text = "1,2024-01-05,like\n\n2,2024-02-05 10:00,comment\r\n,2024-01-01,like\n3,someday,like\n4\n,,\nanna,2024-03-01,like";
        let (out, end) = scan_all(text, LAYOUT, Quotes::Read, true);
        assert_eq!(end.consumed, text.len());
        assert_eq!(out.rows, 7);
        assert_eq!(out.used, 3);
        assert_eq!(out.keys.len(), 3);
        assert_eq!(out.lines, 7);
        let fails: Vec<(u64, RowFail)> = out.skips.iter().map(|s| (s.line, s.fail)).collect();
        assert_eq!(
            fails,
            vec![
                (3, RowFail::NoUser),
                (4, RowFail::BadDate),
                (5, RowFail::ShortRow),
                (6, RowFail::Empty)
            ]
        );
        assert!(out.skips[1].reason.contains("'someday'"));
        assert_eq!(out.skipped(), 4);
        assert!(!out.names.is_empty());
        assert_eq!(out.actions.len(), 2);
    }

    #[test]
    fn quoted_fields_may_hold_delimiters_quotes_and_line_breaks() {
        let text = "\"1\",\"2024-01-05\",\"like, \"\"big\"\"\"\n\"multi\nline\",2024-02-01,x\n";
        let (out, end) = scan_all(text, LAYOUT, Quotes::Read, true);
        assert_eq!(end.consumed, text.len());
        assert_eq!(out.used, 2);
        assert_eq!(out.lines, 3);
        assert_eq!(out.actions[0].value, "like, \"big\"");
        let (_, stop) = scan_all(text, LAYOUT, Quotes::Stop, true);
        assert_eq!(
            stop,
            ScanEnd {
                consumed: 0,
                quote: true
            }
        );
    }

    #[test]
    fn an_unfinished_row_is_left_for_the_next_read() {
        let text = "1,2024-01-05,like\n2,2024-01-0";
        let (out, end) = scan_all(text, LAYOUT, Quotes::Read, false);
        assert_eq!(end.consumed, 18);
        assert_eq!(out.rows, 1);
        let text = "1,2024-01-05,like\n\"2\nstill";
        let (out, end) = scan_all(text, LAYOUT, Quotes::Read, false);
        assert_eq!(end.consumed, 18);
        assert_eq!(out.lines, 1);
    }

    #[test]
    fn columns_after_the_needed_ones_are_not_read() {
        let layout = Layout {
            delimiter: b';',
            user: 0,
            at: 1,
            action: None,
        };
        let text = "5;2024-01-05;x;y\n6;2024-01-06;\"z\"\n";
        let (out, end) = scan_all(text, layout, Quotes::Stop, true);
        assert_eq!(out.used, 1);
        assert_eq!(
            end,
            ScanEnd {
                consumed: 17,
                quote: true
            }
        );
        let (out, _) = scan_all(text, layout, Quotes::Read, true);
        assert_eq!(out.used, 2);
    }

    #[test]
    fn the_action_filter_counts_matching_values_only() {
        let d = dates();
        let f = ActionFilter::new(Some(&["LIKE".to_string(), "Лайк".to_string()]));
        let s = Scanner {
            layout: LAYOUT,
            dates: &d,
            filter: &f,
        };
        let mut out = Scanned::default();
        let text =
            "1,2024-01-05,like\n1,2024-01-05,Like\n1,2024-01-05,comment\n1,2024-01-05,лайк\n";
        s.scan(text.as_bytes(), true, Quotes::Read, &mut out);
        assert_eq!(out.used, 3);
        assert_eq!(out.filtered_out, 1);
        assert!(ActionFilter::default().matches("anything"));
    }

    #[test]
    fn windows_1251_cells_are_decoded() {
        let bytes = b"\xc8\xe2\xe0\xed,2024-01-05,x\n";
        let d = dates();
        let f = ActionFilter::default();
        let s = Scanner {
            layout: LAYOUT,
            dates: &d,
            filter: &f,
        };
        let mut out = Scanned::default();
        s.scan(bytes, true, Quotes::Read, &mut out);
        assert_eq!(out.used, 1);
        assert!(out.windows_1251);
    }
}
