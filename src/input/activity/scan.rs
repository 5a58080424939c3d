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

use super::counts::{self, LocalNames, Lookup, User};
use crate::input::hits::Hits3;
use crate::input::records::{self, End, Field, Splitter};
use crate::input::values;
use crate::model::SkipKind;

mod dates;

pub use dates::{DateCache, DateFail, Dates};

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

/// Text of a cell: UTF-8 as it is, anything else read as Windows-1251 (the
/// code page of Russian Excel, the rule the table reader follows too).
pub fn text_of(raw: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1251.decode_without_bom_handling(raw).0,
    }
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

/// Slots of [`Scanned::action_slots`].
const ACTION_SLOTS: usize = 64;

/// An action value by its [`short_words`]: `index` − 1 is its place in
/// [`Scanned::actions`] (0: an empty slot).
#[derive(Debug, Clone, Copy, Default)]
struct ActionSlot {
    words: (u64, u64),
    len: u32,
    index: u32,
}

/// The slot of a value of `len` bytes with these words.
#[inline]
fn slot_of(words: (u64, u64), len: usize) -> usize {
    let h = (words.0 ^ words.1.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (u64::BITS - ACTION_SLOTS.trailing_zeros())) as usize
}

/// How often one action value occurred, and whether `--actions` counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionTally {
    pub value: String,
    pub rows: u64,
    pub counted: bool,
    /// The value as written.
    raw: Box<[u8]>,
}

/// Whether a cell is ASCII: a short one read as its two words, in line.
#[inline]
fn ascii(v: &[u8]) -> bool {
    match short_words(v) {
        Some((a, b)) => (a | b) & 0x8080_8080_8080_8080 == 0,
        None => v.is_ascii(),
    }
}

/// The bytes of a cell of at most 16 bytes as two words (the first and the
/// last up to eight bytes, overlapping): two cells of one length are equal
/// exactly when their words are. `None` for longer cells.
#[inline]
fn short_words(v: &[u8]) -> Option<(u64, u64)> {
    let n = v.len();
    let w32 = |i: usize| u64::from(u32::from_le_bytes([v[i], v[i + 1], v[i + 2], v[i + 3]]));
    let w64 = |i: usize| u64::from_le_bytes(v[i..i + 8].try_into().unwrap_or([0; 8]));
    match n {
        0 => Some((0, 0)),
        1..=3 => Some((
            u64::from(v[0]) | u64::from(v[n / 2]) << 8 | u64::from(v[n - 1]) << 16,
            0,
        )),
        4..=7 => Some((w32(0), w32(n - 4))),
        8..=16 => Some((w64(0), w64(n - 8))),
        _ => None,
    }
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
    /// The values of `actions` by slot (none until the first action).
    action_slots: Vec<ActionSlot>,
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
            Lookup::Hashed(u) if values::surely_present(raw) && ascii(raw) => Some(u),
            found => self.new_name(raw, found),
        }
    }

    /// A name not seen lately: checked for a "not reported" marker, read
    /// as Windows-1251 when it is not UTF-8, and recorded.
    #[inline(never)]
    fn new_name(&mut self, raw: &[u8], found: Lookup) -> Option<User> {
        if let Lookup::New(v) = found {
            if values::surely_present(raw) && ascii(raw) {
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
        // One compare for most rows: the value's slot holds it.
        if let Some(words) = short_words(value) {
            let slot = self.action_slots.get(slot_of(words, value.len()));
            if let Some(&ActionSlot {
                words: w,
                len,
                index,
            }) = slot
            {
                if index != 0 && w == words && len as usize == value.len() {
                    let a = &mut self.actions[index as usize - 1];
                    a.rows += 1;
                    return a.counted;
                }
            }
        }
        self.tally_slow(value, filter)
    }

    /// [`Scanned::tally`] of a value not in its slot: found among the
    /// values (or added), and put in its slot.
    #[inline(never)]
    fn tally_slow(&mut self, value: &[u8], filter: &ActionFilter) -> bool {
        let words = short_words(value);
        let same = |a: &ActionTally| *a.raw == *value;
        let (counted, index) = match self.actions.iter().position(same) {
            Some(i) => {
                self.actions[i].rows += 1;
                (self.actions[i].counted, Some(i))
            }
            None => {
                let at = self.actions.len();
                let counted = self.new_action(value, filter);
                // Past the cap of values, it is counted with the others.
                (counted, (self.actions.len() > at).then_some(at))
            }
        };
        if let (Some(words), Some(i)) = (words, index) {
            if self.action_slots.is_empty() {
                self.action_slots = vec![ActionSlot::default(); ACTION_SLOTS];
            }
            self.action_slots[slot_of(words, value.len())] = ActionSlot {
                words,
                len: value.len() as u32,
                index: i as u32 + 1,
            };
        }
        counted
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

    fn scan_all(text: &str, layout: Layout, quotes: Quotes, eof: bool) -> (Scanned, ScanEnd) {
        let d = Dates::default();
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
        let d = Dates::default();
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
    fn short_cells_are_equal_exactly_when_their_words_are() {
        let cells: Vec<Vec<u8>> = (0..=17usize)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n as u8).map(|i| b'a' + i).collect();
                // The cell, and the cell with each byte changed in turn.
                let changed = (0..n).map(move |i| {
                    let mut c: Vec<u8> = (0..n as u8).map(|i| b'a' + i).collect();
                    c[i] = b'Z';
                    c
                });
                std::iter::once(base).chain(changed)
            })
            .collect();
        for a in &cells {
            for b in &cells {
                if a.len() != b.len() {
                    continue;
                }
                match (short_words(a), short_words(b)) {
                    (Some(x), Some(y)) => assert_eq!(x == y, a == b, "{a:?} {b:?}"),
                    (None, None) => assert!(a.len() > 16),
                    _ => unreachable!("one length, one kind"),
                }
            }
        }
    }

    #[test]
    fn action_values_are_tallied_exactly_whatever_their_slots() {
        // 100 values (past the cap of 64), short and long, some sharing a
        // slot, in an interleaved order.
        let values: Vec<String> = (0..100)
            .map(|i| match i % 3 {
                0 => format!("a{i}"),
                1 => format!("value_{i}"),
                _ => format!("a_value_longer_than_sixteen_bytes_{i}"),
            })
            .collect();
        let f = ActionFilter::new(Some(&["a3".to_string(), "value_97".to_string()]));
        let mut out = Scanned::default();
        let mut counted = 0;
        let mut want = std::collections::BTreeMap::new();
        for round in 0..7usize {
            for (i, v) in values.iter().enumerate() {
                if (i + round) % 4 == 0 {
                    continue;
                }
                *want.entry(v.clone()).or_insert(0u64) += 1;
                counted += u64::from(out.tally(v.as_bytes(), &f));
            }
        }
        let kept: u64 = out.actions.iter().map(|a| a.rows).sum();
        assert_eq!(kept + out.actions_other, want.values().sum::<u64>());
        assert_eq!(out.actions.len(), MAX_ACTION_VALUES);
        for a in &out.actions {
            assert_eq!(Some(&a.rows), want.get(&a.value), "{}", a.value);
            assert_eq!(a.counted, a.value == "a3" || a.value == "value_97");
        }
        // "value_97" is past the cap: its rows are among the others, and
        // whether it counts is still decided by its value.
        assert!(out.actions.iter().all(|a| a.value != "value_97"));
        assert_eq!(counted, want["a3"] + want["value_97"]);
    }

    #[test]
    fn cells_are_ascii_when_every_byte_is() {
        for n in 0..=20usize {
            let plain = vec![b'a'; n];
            assert!(ascii(&plain), "{n}");
            for i in 0..n {
                let mut high = plain.clone();
                high[i] = 0xc8;
                assert!(!ascii(&high), "{n} {i}");
            }
        }
    }

    #[test]
    fn windows_1251_cells_are_decoded() {
        let bytes = b"\xc8\xe2\xe0\xed,2024-01-05,x\n";
        let d = Dates::default();
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
