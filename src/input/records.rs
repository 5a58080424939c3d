//! Delimited text split into records and fields, and a large file cut into
//! parts that begin records: the one way every hand-written read path does
//! it (the parts of a large posts export, activity logs, the guessed and
//! exact cuts between parts). Small files go through the `csv` crate, and
//! these rules are its rules (RFC 4180, read leniently):
//!
//! - a quote opens a quoted field only at a field's start; inside one, `""`
//!   is a quote, and delimiters and line ends are text;
//! - text after the closing quote belongs to the field (quotes in it are text);
//! - a record ends at a line end outside quotes (the `\r` of `\r\n` stays at
//!   the end of the last field, for the caller to drop), or at the end of
//!   the input; a quote left open runs to the end of the input;
//! - a delimiter at the very end of the input is followed by one empty field.

/// One field of a record, as it lies in the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `data[start..end]` is the value: an unquoted field, or the inside of
    /// a quoted one with nothing to unescape.
    Span(usize, usize),
    /// A quoted field that holds `""` or has text after its closing quote:
    /// `data[start..end]` runs from after the opening quote to the field's
    /// end, and [`unescape`] gives the value.
    Escaped(usize, usize),
}

/// How a record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The record ended; the next begins at `next`. `inner` line ends lay
    /// inside quoted fields; `open` when a quote was left open at the end.
    Record { next: usize, inner: u64, open: bool },
    /// The data stopped before the record ended (only without `eof`): the
    /// record needs more data.
    More,
    /// A quote opens a field of the record (only with `stop_at_quote`).
    Quote,
}

/// How records are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splitter {
    pub delim: u8,
    /// The data ends where the input does: its end ends the last record.
    /// Without it, a record must end in a line end (more data may follow).
    pub eof: bool,
    /// Stop at a quote that opens a field, before reading the record: a
    /// part read on its own cannot tell whether a line end after such a
    /// quote is inside the field.
    pub stop_at_quote: bool,
}

impl Splitter {
    /// Splits the record that begins at `data[pos]`, handing each field to
    /// `field` in order. Blank lines are records of one empty field here:
    /// callers that skip them do so before calling.
    #[inline]
    pub fn record(&self, data: &[u8], pos: usize, mut field: impl FnMut(Field)) -> End {
        let n = data.len();
        let d = self.delim;
        let mut i = pos;
        let mut inner = 0u64;
        // The end of a record whose last field ends at the end of the data.
        let at_end = |inner, open| End::Record {
            next: n,
            inner,
            open,
        };
        loop {
            // `i` starts a field.
            if data.get(i) == Some(&b'"') {
                if self.stop_at_quote {
                    return End::Quote;
                }
                let a = i + 1;
                let mut escaped = false;
                let mut j = a;
                // The closing quote, counting the line ends before it.
                let q = loop {
                    let Some(off) = memchr::memchr(b'"', &data[j..]) else {
                        if !self.eof {
                            return End::More;
                        }
                        inner += count_lines(&data[j..]);
                        field(if escaped {
                            Field::Escaped(a, n)
                        } else {
                            Field::Span(a, n)
                        });
                        return at_end(inner, true);
                    };
                    let q = j + off;
                    inner += count_lines(&data[j..q]);
                    match data.get(q + 1) {
                        Some(&b'"') => {
                            escaped = true;
                            j = q + 2;
                        }
                        // The quote may be the first of an escaped pair.
                        None if !self.eof => return End::More,
                        _ => break q,
                    }
                };
                let value = |end| match escaped {
                    true => Field::Escaped(a, end),
                    false => Field::Span(a, end),
                };
                match data.get(q + 1) {
                    None => {
                        field(value(q));
                        return at_end(inner, false);
                    }
                    Some(&b'\n') => {
                        field(value(q));
                        return End::Record {
                            next: q + 2,
                            inner,
                            open: false,
                        };
                    }
                    Some(&b) if b == d => {
                        field(value(q));
                        i = q + 2;
                    }
                    // `\r\n` after the closing quote ends the record; the
                    // `\r` is dropped as a caller drops the last field's,
                    // unless the field's own text ends in `\r`.
                    Some(&b'\r') if data.get(q + 2) == Some(&b'\n') && data[q - 1] != b'\r' => {
                        field(value(q));
                        return End::Record {
                            next: q + 3,
                            inner,
                            open: false,
                        };
                    }
                    Some(_) => {
                        // Text after the closing quote, up to the delimiter
                        // or the line end, belongs to the field.
                        let Some(e) = find_either(data, q + 1, d, b'\n') else {
                            if !self.eof {
                                return End::More;
                            }
                            field(Field::Escaped(a, n));
                            return at_end(inner, false);
                        };
                        field(Field::Escaped(a, e));
                        if data[e] == b'\n' {
                            return End::Record {
                                next: e + 1,
                                inner,
                                open: false,
                            };
                        }
                        i = e + 1;
                    }
                }
            } else {
                // Unquoted fields, up to the line end or a field that
                // opens with a quote (quotes inside a field are text).
                loop {
                    let Some(p) = find_either(data, i, d, b'\n') else {
                        if !self.eof {
                            return End::More;
                        }
                        field(Field::Span(i, n));
                        return at_end(inner, false);
                    };
                    field(Field::Span(i, p));
                    if data[p] == b'\n' {
                        return End::Record {
                            next: p + 1,
                            inner,
                            open: false,
                        };
                    }
                    // A delimiter at the very end is followed by one more,
                    // empty field: the search from the end finds nothing.
                    i = p + 1;
                    if data.get(i) == Some(&b'"') {
                        break;
                    }
                }
            }
        }
    }
}

/// Appends the value of an [`Field::Escaped`] field to `out`: `""` is a
/// quote until the closing quote; what follows the closing quote is text.
pub fn unescape(data: &[u8], start: usize, end: usize, out: &mut Vec<u8>) {
    let mut j = start;
    while let Some(off) = memchr::memchr(b'"', &data[j..end]) {
        let q = j + off;
        out.extend_from_slice(&data[j..q]);
        if q + 1 < end && data[q + 1] == b'"' {
            out.push(b'"');
            j = q + 2;
        } else {
            out.extend_from_slice(&data[q + 1..end]);
            return;
        }
    }
    out.extend_from_slice(&data[j..end]);
}

/// The value of a field as owned bytes.
pub fn value(data: &[u8], f: Field) -> Vec<u8> {
    match f {
        Field::Span(a, b) => data[a..b].to_vec(),
        Field::Escaped(a, b) => {
            let mut out = Vec::with_capacity(b - a);
            unescape(data, a, b, &mut out);
            out
        }
    }
}

fn count_lines(b: &[u8]) -> u64 {
    // Most quoted fields hold no line end: one search says so, where a
    // count costs more on a short field.
    match memchr::memchr(b'\n', b) {
        None => 0,
        Some(i) => 1 + memchr::memchr_iter(b'\n', &b[i + 1..]).count() as u64,
    }
}

/// The first of two bytes in `bytes[from..]`, read eight bytes at a time:
/// fields are short, where a vector search would spend more setting up
/// than searching.
#[inline]
pub fn find_either(bytes: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let (mx, my) = (LO * u64::from(x), LO * u64::from(y));
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let (a, b) = (w ^ mx, w ^ my);
        // A byte of `a` or `b` is zero where `w` holds `x` or `y`; the
        // lowest flag marks the first such byte exactly.
        let z = (a.wrapping_sub(LO) & !a | b.wrapping_sub(LO) & !b) & HI;
        if z != 0 {
            return Some(i + (z.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b == x || b == y)
        .map(|p| i + p)
}

/// The line ends outside quoted fields of `data[start..]`, where `start`
/// begins a record, as the CSV reader sees them (blank lines included).
/// Once run out, `open` tells whether the data ended inside a quoted field.
pub struct LineEnds<'d> {
    data: &'d [u8],
    at: usize,
    split: Splitter,
    pub open: bool,
}

impl<'d> LineEnds<'d> {
    pub fn new(data: &'d [u8], start: usize, delim: u8) -> Self {
        LineEnds {
            data,
            at: start,
            split: Splitter {
                delim,
                eof: true,
                stop_at_quote: false,
            },
            open: false,
        }
    }
}

impl Iterator for LineEnds<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.at < self.data.len() {
            if self.data[self.at] == b'\n' {
                self.at += 1;
                return Some(self.at - 1);
            }
            let End::Record { next, open, .. } = self.split.record(self.data, self.at, |_| {})
            else {
                unreachable!("a splitter with eof and no stop ends every record")
            };
            self.at = next;
            self.open = open;
            if self.data[next - 1] == b'\n' && !open {
                return Some(next - 1);
            }
        }
        None
    }
}

/// Whether `data`, from a record's start to its end, ends inside a quoted
/// field.
pub fn ends_quoted(data: &[u8], delim: u8) -> bool {
    let mut ends = LineEnds::new(data, 0, delim);
    ends.by_ref().for_each(drop);
    ends.open
}

/// Cuts `data[start..len]` into parts of about `size` bytes each, at most
/// `max_parts`: after each target (the last cut plus `size`), `cut_at`
/// gives where the next part begins (at or after the target), or `None`
/// when there is no place to cut and the part runs to the end.
pub fn cut_parts(
    start: usize,
    len: usize,
    size: usize,
    max_parts: usize,
    mut cut_at: impl FnMut(usize) -> Option<usize>,
) -> Vec<(usize, usize)> {
    let mut cuts = vec![start];
    let mut target = start + size.max(1);
    while cuts.len() < max_parts && target < len {
        let Some(c) = cut_at(target) else { break };
        cuts.push(c);
        target = c + size.max(1);
    }
    cuts.retain(|&c| c < len);
    cuts.dedup();
    let mut out: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    out.extend(cuts.last().map(|&c| (c, len)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Splitter = Splitter {
        delim: b',',
        eof: true,
        stop_at_quote: false,
    };

    /// Every record of `text` as its field values, the last field's `\r`
    /// dropped, with the lines its quoted fields hold.
    fn records(text: &str, s: Splitter) -> Vec<(Vec<String>, u64)> {
        let data = text.as_bytes();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < data.len() {
            let mut fields = Vec::new();
            match s.record(data, pos, |f| fields.push(value(data, f))) {
                End::Record { next, inner, .. } => {
                    if let Some(last) = fields.last_mut() {
                        if last.last() == Some(&b'\r') {
                            last.pop();
                        }
                    }
                    let fields = fields
                        .into_iter()
                        .map(|f| String::from_utf8(f).unwrap())
                        .collect();
                    out.push((fields, inner));
                    pos = next;
                }
                other => panic!("{other:?} at {pos}"),
            }
        }
        out
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text, ALL).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn splits_plain_and_quoted_fields() {
        assert_eq!(fields("a,b\nc,d"), [["a", "b"], ["c", "d"]]);
        assert_eq!(
            fields("\"a,b\",\"c\nd\"\n"),
            [vec!["a,b".to_string(), "c\nd".to_string()]]
        );
        assert_eq!(fields("\"x \"\"y\"\" z\",1\n"), [["x \"y\" z", "1"]]);
        // A quote inside a field is text; text after a closing quote is the field's.
        assert_eq!(fields("5\" screen,\"a\"b\"c\n"), [["5\" screen", "ab\"c"]]);
        // `\r\n` line ends, after a plain and after a quoted field.
        assert_eq!(fields("a,\"b\"\r\nc,d\r\n"), [["a", "b"], ["c", "d"]]);
        // A delimiter at the end of the input is followed by an empty field.
        assert_eq!(fields("a,"), [["a", ""]]);
        assert_eq!(fields("\"a\","), [["a", ""]]);
    }

    #[test]
    fn counts_the_line_ends_inside_quoted_fields() {
        let r = records("\"a\nb\nc\",\"d\ne\"\nx\n", ALL);
        assert_eq!(r[0].1, 3);
        assert_eq!(r[1].1, 0);
        // Line ends at a quoted field's edges count as any other.
        let r = records("\"\na\n\"\n\"b\",\"\n\"\n", ALL);
        assert_eq!(r[0].1, 2);
        assert_eq!(r[1].1, 1);
    }

    #[test]
    fn a_quote_left_open_runs_to_the_end() {
        let data = b"a,\"b\nc";
        let mut got = Vec::new();
        let end = ALL.record(data, 0, |f| got.push(value(data, f)));
        assert_eq!(
            end,
            End::Record {
                next: 6,
                inner: 1,
                open: true
            }
        );
        assert_eq!(got, [b"a".to_vec(), b"b\nc".to_vec()]);
    }

    #[test]
    fn without_the_end_of_input_an_unfinished_record_asks_for_more() {
        let more = Splitter { eof: false, ..ALL };
        for text in ["a,b", "a,", "\"a", "\"a\"", "\"a\"\"", "\"a\"x"] {
            assert_eq!(
                more.record(text.as_bytes(), 0, |_| {}),
                End::More,
                "{text:?}"
            );
        }
        assert!(matches!(
            more.record(b"a,\"b\"\n", 0, |_| {}),
            End::Record { next: 6, .. }
        ));
    }

    #[test]
    fn stops_at_a_quote_that_opens_a_field() {
        let stop = Splitter {
            stop_at_quote: true,
            ..ALL
        };
        assert_eq!(stop.record(b"a,\"b\"\n", 0, |_| {}), End::Quote);
        // A quote inside a field opens nothing.
        assert!(matches!(
            stop.record(b"a,b\"c\n", 0, |_| {}),
            End::Record { next: 6, .. }
        ));
    }

    #[test]
    fn a_field_ending_in_its_own_carriage_return_keeps_it() {
        // `"a\r"\r\n`: the field is `a\r`; the line end's `\r` is dropped.
        assert_eq!(
            fields("\"a\r\"\r\nb\n"),
            [vec!["a\r".to_string()], vec!["b".into()]]
        );
    }

    #[test]
    fn matches_the_csv_crate_on_every_short_text() {
        // Every text of up to six bytes from an alphabet of the bytes that
        // matter, against the csv crate (line ends at `\n` only).
        let alphabet = [b'a', b',', b'"', b'\n', b'\r'];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut frontier: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..6 {
            frontier = frontier
                .iter()
                .flat_map(|t| {
                    alphabet.iter().map(move |&b| {
                        let mut t = t.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            texts.extend(frontier.iter().cloned());
        }
        for t in &texts {
            let text = String::from_utf8(t.clone()).unwrap();
            let mut want = Vec::new();
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_reader(t.as_slice());
            for rec in rdr.records() {
                let rec = rec.unwrap();
                let mut f: Vec<String> = rec.iter().map(str::to_string).collect();
                if let Some(last) = f.last_mut() {
                    if last.ends_with('\r') {
                        last.pop();
                    }
                }
                want.push(f);
            }
            // The csv crate skips blank lines; so do the callers here.
            let mut got = Vec::new();
            let data = t.as_slice();
            let mut pos = 0;
            while pos < data.len() {
                if data[pos] == b'\n' {
                    pos += 1;
                    continue;
                }
                let mut f = Vec::new();
                let End::Record { next, .. } = ALL.record(data, pos, |x| f.push(value(data, x)))
                else {
                    unreachable!()
                };
                let mut f: Vec<String> = f
                    .into_iter()
                    .map(|v| String::from_utf8(v).unwrap())
                    .collect();
                if let Some(last) = f.last_mut() {
                    if last.ends_with('\r') {
                        last.pop();
                    }
                }
                got.push(f);
                pos = next;
            }
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn line_ends_outside_quotes() {
        let t = b"a,\"x\ny\"\n\nb,2\n";
        assert_eq!(LineEnds::new(t, 0, b',').collect::<Vec<_>>(), [7, 8, 12]);
        assert!(ends_quoted(b"p3,2025-08-03,\"Three\n", b','));
        assert!(ends_quoted(b"a,\"x\"\"\n", b','));
        assert!(!ends_quoted(b"a,\"x\ny\"\n", b','));
        assert!(!ends_quoted(b"a,5\" screen\n", b','));
        assert!(!ends_quoted(b"", b','));
    }

    #[test]
    fn parts_are_cut_at_the_places_given() {
        let text = b"aaaa\nbbbb\ncccc\ndddd\n";
        let at_line = |t: usize| memchr::memchr(b'\n', &text[t..]).map(|i| t + i + 1);
        assert_eq!(
            cut_parts(0, text.len(), 7, 10, at_line),
            [(0, 10), (10, 20)]
        );
        assert_eq!(cut_parts(0, text.len(), 4, 10, at_line).len(), 4);
        assert_eq!(cut_parts(0, text.len(), 4, 2, at_line), [(0, 5), (5, 20)]);
        assert_eq!(cut_parts(0, text.len(), 4, 10, |_| None), [(0, 20)]);
        assert!(cut_parts(0, 0, 4, 10, at_line).is_empty());
    }

    #[test]
    fn find_either_finds_the_first_of_two_bytes() {
        let find = |t: &str, from| find_either(t.as_bytes(), from, b',', b'\n');
        assert_eq!(find("abc", 0), None);
        assert_eq!(find("", 0), None);
        assert_eq!(find("ab,c", 0), Some(2));
        assert_eq!(find("abcdefghij\nk,", 0), Some(10));
        assert_eq!(find("abcdefghijklmnop,", 3), Some(16));
        assert_eq!(find("\u{441}\u{442},x", 0), Some(4));
        // A byte just above or below the ones sought is not them.
        assert_eq!(find("-+-+-+-+-+-+,", 0), Some(12));
        assert_eq!(find("\x0b\x09\x0b\x09\x0b\x09\x0b\x09\x0b\n", 0), Some(9));
        for len in 0..20 {
            let t = "a".repeat(len) + ",";
            assert_eq!(find(&t, 0), Some(len));
        }
    }
}
