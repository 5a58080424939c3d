//! Reading a file without holding it: a large CSV export of posts is split
//! into records as it is read, and each record becomes a post handed to the
//! caller and forgotten, so memory does not grow with the file. What a file
//! is (encoding, delimiter, header, kind) is decided from its first bytes and
//! rows; a small file, a spreadsheet, JSON, or a table that is not posts is
//! read whole, as before.

use std::io::{BufRead, BufReader, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;

use super::dataset::{
    display_name, json_too_large, load, Dataset, InputError, PostSink, ReadOptions, Source,
    StreamLimits,
};
use super::detect;
use super::records::{self, End, Field, LineEnds, Splitter};
use super::table::{self, PostRows, PostRowsCounts};
use super::text::{self, Cells, RecordRow, Row};
use super::whole::read_one;
use crate::model::Skip;
use crate::model::{Encoding, FileReport};

/// Bytes read to sniff the encoding and delimiter.
const SNIFF: usize = 64 << 10;

fn io_error(name: &str, source: std::io::Error) -> InputError {
    InputError::Io {
        file: name.to_string(),
        source,
    }
}

/// Reads one path (`-` = stdin) into the dataset; posts go to `sink`.
pub fn read_path(
    ds: &mut Dataset,
    idx: usize,
    path: &str,
    opts: &ReadOptions,
    limits: StreamLimits,
    sink: &mut dyn PostSink,
) -> Result<(), InputError> {
    let name = display_name(path);
    if path == "-" {
        // Standard input cannot be read twice: it is read whole.
        let bytes = load(path)?;
        return read_one(ds, idx, &name, &bytes, opts, sink);
    }
    let mut file = std::fs::File::open(path).map_err(|e| io_error(&name, e))?;
    let mut prefix = Vec::with_capacity(SNIFF.max(limits.threshold.min(SNIFF)));
    (&mut file)
        .take((SNIFF.max(limits.threshold) as u64).saturating_add(1))
        .read_to_end(&mut prefix)
        .map_err(|e| io_error(&name, e))?;
    let whole = |mut prefix: Vec<u8>,
                 mut file: std::fs::File,
                 ds: &mut Dataset,
                 sink: &mut dyn PostSink| {
        file.read_to_end(&mut prefix)
            .map_err(|e| io_error(&name, e))?;
        read_one(ds, idx, &name, &prefix, opts, sink)
    };
    if prefix.len() <= limits.threshold {
        return whole(prefix, file, ds, sink);
    }
    let (ptext, encoding) = text::decode(&prefix[..prefix.len().min(SNIFF)]);
    let first = detect::text_start(&ptext);
    let lead = text::leading_lines(&ptext);
    // Line ends of a lone `\r` (Excel for Mac) are made `\n` on the whole text.
    let lone_cr = memchr::memchr(b'\r', ptext.as_bytes()).is_some()
        && ptext
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\r' && w[1] != b'\n');
    // Spreadsheets, JSON, and text that is not a plain table are read whole.
    if detect::text_kind(first) == detect::TextKind::Json {
        let len = file.metadata().map_err(|e| io_error(&name, e))?.len();
        if len > limits.max_json {
            return Err(json_too_large(&name, len, limits.max_json));
        }
    }
    if lone_cr
        || detect::is_spreadsheet(&prefix)
        || detect::text_kind(first) != detect::TextKind::Table
        || text::has_wrapped_lines(&ptext[lead.offset..])
    {
        return whole(prefix, file, ds, sink);
    }
    let delimiter = lead
        .delimiter
        .unwrap_or_else(|| text::sniff_delimiter(&ptext[lead.offset..]));
    // A second handle maps the file for reading its parts in parallel.
    let mapped_file = file.try_clone().ok();
    let raw = std::io::Cursor::new(prefix).chain(file);
    let decoded: Box<dyn Read> = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => Box::new(raw),
        other => {
            let enc = match other {
                Encoding::Utf16Le => encoding_rs::UTF_16LE,
                Encoding::Utf16Be => encoding_rs::UTF_16BE,
                _ => encoding_rs::WINDOWS_1251,
            };
            Box::new(
                DecodeReaderBytesBuilder::new()
                    .encoding(Some(enc))
                    .bom_override(true)
                    .build(raw),
            )
        }
    };
    let mut body = BufReader::with_capacity(1 << 20, decoded);
    // A UTF-8 BOM, then the comment and `sep=` lines, are not data.
    if matches!(encoding, Encoding::Utf8Bom) {
        let mut bom = [0u8; 3];
        body.read_exact(&mut bom).map_err(|e| io_error(&name, e))?;
    }
    let mut skip = Vec::new();
    let mut lead_bytes = if matches!(encoding, Encoding::Utf8Bom) {
        3
    } else {
        0
    };
    for _ in 0..lead.lines {
        skip.clear();
        lead_bytes += body
            .read_until(b'\n', &mut skip)
            .map_err(|e| io_error(&name, e))?;
    }
    let src = Source {
        idx,
        name: &name,
        opts,
    };
    let before = ds.skipped.len();
    let mut report = FileReport {
        encoding: Some(encoding),
        ..FileReport::csv(&name, delimiter, &lead.comment_lines)
    };
    let mut records = Records::new(body, delimiter, ptext.as_bytes(), lead.lines, &name);
    let mut head: Vec<Row> = Vec::new();
    while head.len() < limits.head {
        match records.next_row()? {
            Some(r) => head.push(r),
            None => break,
        }
    }
    if text::rows_look_wrapped(&head) {
        // Rows wrapped whole in quoted cells are split again on the whole text.
        let bytes = load(path)?;
        return read_one(ds, idx, &name, &bytes, opts, sink);
    }
    report.platform = opts
        .platform
        .clone()
        .unwrap_or_else(|| "generic".to_string());
    let mut report = match detect::posts_plan(&head, opts) {
        Some((hidx, mapping)) => {
            let mut posts = PostRows::new(src, &head, hidx, mapping, delimiter, &mut report);
            for row in &head[hidx + 1..] {
                posts.row(row, &mut report, &mut ds.skipped, sink);
            }
            // The rest of a large UTF-8 file is read in parts, one a thread.
            let mapped = match (encoding, &mapped_file) {
                (Encoding::Utf8 | Encoding::Utf8Bom, Some(f)) => {
                    // SAFETY: the map is only read, while this run reads the
                    // file; a file changed meanwhile gives wrong figures, as
                    // reading it changed would.
                    unsafe { memmap2::Mmap::map(f) }.ok()
                }
                _ => None,
            };
            let start = lead_bytes + records.position().byte() as usize;
            let first_line = records.position().line() + lead.lines;
            if let Some(data) = mapped.as_deref() {
                let (n, min, width) = (limits.threads, limits.part_min, posts.width());
                let mut read = |parts: &[(usize, usize)], exact| {
                    read_parts(
                        data,
                        parts,
                        exact,
                        first_line,
                        delimiter,
                        &name,
                        &mut posts,
                        &mut report,
                        &mut ds.skipped,
                        sink,
                    )
                };
                // Cuts are guessed where records seem to begin, and each part's
                // reader checks the cut after it; a cut that fell inside a
                // quoted field has the file read again, cut where the CSV
                // reader would.
                let guessed = guess_parts(data, start, delimiter, n, min, width);
                if !read(&guessed, false)? {
                    read(&parts_of(data, start, delimiter, n, min), true)?;
                }
            } else {
                while let Some(rec) = records.next_record()? {
                    posts.row(&rec.row(), &mut report, &mut ds.skipped, sink);
                }
                report.notes.extend(records.notes());
            }
            posts.finish(&mut report);
            report
        }
        None => {
            // Not posts: daily series and web tables are small, read whole.
            while let Some(r) = records.next_row()? {
                head.push(r);
            }
            let notes = records.notes();
            let mut r = table::read_rows(ds, src, &head, delimiter, report, sink)?;
            r.notes.extend(notes);
            r
        }
    };
    report.encoding = Some(encoding);
    report.skipped = (ds.skipped.len() - before) as u64;
    ds.files.push(report);
    Ok(())
}

/// Splits `data[start..]` into up to `n` parts that each begin a record: a
/// part ends at a line end outside quotes, as the CSV reader sees them
/// (`records`). Each part is at least `min` bytes, so small files stay whole.
fn parts_of(data: &[u8], start: usize, delim: u8, n: usize, min: usize) -> Vec<(usize, usize)> {
    let len = data.len();
    let Some(size) = part_size(len, start, n, min) else {
        return vec![(start, len)];
    };
    let mut ends = LineEnds::new(data, start, delim);
    records::cut_parts(start, len, size, n, |target| {
        ends.find(|&p| p + 1 >= target).map(|p| p + 1)
    })
}

/// The bytes a part of `data[start..len]` should have when it is cut into
/// `n` parts of at least `min`; `None` when it is one part.
fn part_size(len: usize, start: usize, n: usize, min: usize) -> Option<usize> {
    (start < len && n >= 2 && len - start >= 2 * min).then(|| ((len - start) / n).max(min))
}

/// Splits `data[start..]` into up to `n` parts of at least `min` bytes, as
/// [`parts_of`] does, but without reading up to each cut: a cut is the
/// first line end after its target that is followed by two records of
/// `width` fields. Inside a quoted field that is unlikely, not impossible:
/// [`read_parts`] checks each cut as it reads the part before it.
fn guess_parts(
    data: &[u8],
    start: usize,
    delim: u8,
    n: usize,
    min: usize,
    width: usize,
) -> Vec<(usize, usize)> {
    let len = data.len();
    let Some(size) = part_size(len, start, n, min) else {
        return vec![(start, len)];
    };
    records::cut_parts(start, len, size, n, |target| {
        memchr::memchr_iter(b'\n', &data[target - 1..])
            .take(GUESS_TRIES)
            .map(|i| target + i)
            .find(|&c| {
                c < len
                    && record_at(data, c, delim).is_some_and(|(w, next)| {
                        w == width && record_at(data, next, delim).is_some_and(|(w, _)| w == width)
                    })
            })
    })
}

/// Line ends [`guess_parts`] tries after a target before it gives up on a cut.
const GUESS_TRIES: usize = 64;

/// Bytes a record may take for [`record_at`] to read it.
const GUESS_RECORD_MAX: usize = 1 << 16;

/// The number of fields of the record at `data[at..]` and where the next
/// one begins; `None` when the record runs past [`GUESS_RECORD_MAX`] bytes
/// or into an open quote.
fn record_at(data: &[u8], at: usize, delim: u8) -> Option<(usize, usize)> {
    let end = data.len().min(at + GUESS_RECORD_MAX);
    let split = Splitter {
        delim,
        eof: end == data.len(),
        stop_at_quote: false,
    };
    let mut fields = 0;
    match split.record(&data[..end], at, |_| fields += 1) {
        End::Record {
            next, open: false, ..
        } => Some((fields, next)),
        _ => None,
    }
}

/// What one thread read of its part: its posts went to a fork of the sink;
/// counts, skips and damaged values to its own report.
struct PartOut {
    /// The part ends inside a quoted field (its end is no record's end).
    open_end: bool,
    counts: PostRowsCounts,
    report: FileReport,
    skipped: Vec<Skip>,
    sink: Box<dyn PostSink>,
    /// Rows with bytes that are not UTF-8, and the first one's line.
    lossy: (u64, Option<u64>),
}

/// Reads the parts of a mapped file at once, one a thread, and joins what
/// they read in file order.
#[allow(clippy::too_many_arguments)]
fn read_parts(
    data: &[u8],
    parts: &[(usize, usize)],
    exact: bool,
    first_line: u64,
    delimiter: u8,
    name: &str,
    posts: &mut PostRows<'_>,
    report: &mut FileReport,
    skipped: &mut Vec<Skip>,
    sink: &mut dyn PostSink,
) -> Result<bool, InputError> {
    // The line each part starts on: the lines before it are counted.
    let mut lines = Vec::with_capacity(parts.len());
    let mut line = first_line;
    let mut at = parts[0].0;
    for &(a, _) in parts {
        line += memchr::memchr_iter(b'\n', &data[at..a]).count() as u64;
        at = a;
        lines.push(line);
    }
    let results: Vec<Result<PartOut, InputError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .zip(&lines)
            .map(|(&(a, b), &line)| {
                let mut rows = posts.fork();
                let mut part_report = FileReport {
                    platform: report.platform.clone(),
                    ..Default::default()
                };
                let mut part_sink = sink.fork();
                scope.spawn(move || {
                    let mut part_skipped = Vec::new();
                    let bytes = &data[a..b];
                    let mut lossy = (0, None);
                    // Where the part's last record begins: from there, the
                    // part must not end inside a quoted field.
                    let mut last = 0;
                    if let Ok(text) = std::str::from_utf8(bytes) {
                        let mut recs = FastRecords::new(text, delimiter, line);
                        while let Some(row) = recs.next_row() {
                            rows.row(
                                &row,
                                &mut part_report,
                                &mut part_skipped,
                                part_sink.as_mut(),
                            );
                        }
                        last = recs.last_start;
                    } else {
                        let mut recs = Records::new(bytes, delimiter, bytes, line - 1, name);
                        while let Some(rec) = recs.next_record()? {
                            rows.row(
                                &rec.row(),
                                &mut part_report,
                                &mut part_skipped,
                                part_sink.as_mut(),
                            );
                        }
                        lossy = (recs.lossy, recs.first_lossy);
                    }
                    Ok(PartOut {
                        open_end: records::ends_quoted(&bytes[last..], delimiter),
                        counts: rows.counts(),
                        report: part_report,
                        skipped: part_skipped,
                        sink: part_sink,
                        lossy,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(InputError::Format {
                        file: name.to_string(),
                        message: "a reading thread stopped".to_string(),
                    })
                })
            })
            .collect()
    });
    let results = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    // A guessed cut inside a quoted field: nothing read is kept.
    let last = results.len().saturating_sub(1);
    if !exact && results[..last].iter().any(|p| p.open_end) {
        return Ok(false);
    }
    let mut lossy = (0u64, None::<u64>);
    for part in results {
        posts.add_counts(part.counts);
        report.rows_read += part.report.rows_read;
        report.posts += part.report.posts;
        report.damaged.extend(part.report.damaged);
        skipped.extend(part.skipped);
        sink.join(part.sink);
        lossy.0 += part.lossy.0;
        lossy.1 = lossy.1.or(part.lossy.1);
    }
    if let (n, Some(line)) = lossy {
        report.notes.push(format!(
            "{n} rows hold bytes that are not UTF-8 (first at line {line}): replaced with �"
        ));
    }
    Ok(true)
}

/// The records of a part of a mapped UTF-8 file, split where they lie
/// (`records`): a record's fields are spans of the text, unless a quoted
/// field holds `""` or text after its closing quote, when the record's
/// fields are copied out unescaped. Blank lines are no records, as for the
/// CSV reader.
struct FastRecords<'d> {
    text: &'d str,
    pos: usize,
    /// Line of the record at `pos`.
    line: u64,
    split: Splitter,
    fields: Vec<Field>,
    /// The last escaped record's fields, unescaped, and their spans in it.
    unescaped: String,
    unescaped_fields: Vec<Field>,
    buf: Vec<u8>,
    /// Where the last record read began.
    last_start: usize,
}

/// A record of [`FastRecords`]: its fields are spans of `text`.
struct SpanRow<'a> {
    line: u64,
    text: &'a str,
    fields: &'a [Field],
}

impl Cells for SpanRow<'_> {
    fn line(&self) -> u64 {
        self.line
    }
    fn width(&self) -> usize {
        self.fields.len()
    }
    fn cell(&self, i: usize) -> Option<&str> {
        let (Field::Span(a, b) | Field::Escaped(a, b)) = *self.fields.get(i)?;
        let c = self.text.get(a..b)?;
        Some(if i + 1 == self.fields.len() {
            c.strip_suffix('\r').unwrap_or(c)
        } else {
            c
        })
    }
}

impl<'d> FastRecords<'d> {
    fn new(text: &'d str, delim: u8, line: u64) -> Self {
        FastRecords {
            text,
            pos: 0,
            line,
            split: Splitter {
                delim,
                eof: true,
                stop_at_quote: false,
            },
            fields: Vec::with_capacity(32),
            unescaped: String::new(),
            unescaped_fields: Vec::new(),
            buf: Vec::new(),
            last_start: 0,
        }
    }

    fn next_row(&mut self) -> Option<SpanRow<'_>> {
        let bytes = self.text.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return None;
            }
            // A blank line (empty, or the `\r` of a `\r\n` file) is no record.
            let blank = match bytes[self.pos] {
                b'\n' => Some(1),
                b'\r' if matches!(bytes.get(self.pos + 1), None | Some(&b'\n')) => Some(2),
                _ => None,
            };
            if let Some(len) = blank {
                self.pos += len;
                self.line += 1;
                continue;
            }
            break;
        }
        let at = self.line;
        self.last_start = self.pos;
        self.fields.clear();
        let fields = &mut self.fields;
        let mut escaped = false;
        let End::Record { next, inner, .. } = self.split.record(bytes, self.pos, |f| {
            escaped |= matches!(f, Field::Escaped(..));
            fields.push(f);
        }) else {
            unreachable!("a splitter with eof and no stop ends every record")
        };
        self.line += inner + 1;
        self.pos = next;
        if !escaped {
            return Some(SpanRow {
                line: at,
                text: self.text,
                fields: &self.fields,
            });
        }
        // Unescaping only drops quotes: the fields are UTF-8 as the text is.
        self.buf.clear();
        self.unescaped_fields.clear();
        for &f in &self.fields {
            let a = self.buf.len();
            match f {
                Field::Span(s, e) => self.buf.extend_from_slice(&bytes[s..e]),
                Field::Escaped(s, e) => records::unescape(bytes, s, e, &mut self.buf),
            }
            self.unescaped_fields.push(Field::Span(a, self.buf.len()));
        }
        self.unescaped.clear();
        self.unescaped.push_str(&String::from_utf8_lossy(&self.buf));
        Some(SpanRow {
            line: at,
            text: &self.unescaped,
            fields: &self.unescaped_fields,
        })
    }
}

/// The bytes [`Tally`] keeps of the end of what it read: enough for the
/// last record of a file, unless it is huge.
const TAIL: usize = 1 << 20;

/// A reader that keeps count of the bytes read, the last of them (up to
/// twice [`TAIL`]), and whether the end was reached: whether the last
/// record ended its line.
struct Tally<R> {
    inner: R,
    read: u64,
    tail: Vec<u8>,
    eof: bool,
}

impl<R: Read> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = !buf.is_empty();
        } else {
            self.read += n as u64;
            if self.tail.len() + n > 2 * TAIL {
                let keep = TAIL.saturating_sub(n);
                self.tail.drain(..self.tail.len().saturating_sub(keep));
            }
            self.tail.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

impl<R> Tally<R> {
    /// The bytes read from `from` on, when they are still kept.
    fn since(&self, from: u64) -> Option<&[u8]> {
        let back = usize::try_from(self.read.checked_sub(from)?).ok()?;
        self.tail.get(self.tail.len().checked_sub(back)?..)
    }
}

/// CSV records of a stream, with their line numbers; bytes that are not
/// UTF-8 are replaced and counted.
struct Records<'n, R: Read> {
    rdr: csv::Reader<Tally<R>>,
    byte_rec: csv::ByteRecord,
    rec: csv::StringRecord,
    line_offset: u64,
    delimiter: u8,
    name: &'n str,
    lossy: u64,
    first_lossy: Option<u64>,
}

/// A record borrowed from [`Records`].
struct Borrowed<'a> {
    line: u64,
    record: &'a csv::StringRecord,
}

impl Borrowed<'_> {
    fn row(&self) -> RecordRow<'_> {
        RecordRow {
            line: self.line,
            record: self.record,
        }
    }
}

impl<'n, R: Read> Records<'n, R> {
    fn new(body: R, delimiter: u8, sample: &[u8], line_offset: u64, name: &'n str) -> Self {
        Records {
            rdr: text::csv_reader(delimiter, sample).from_reader(Tally {
                inner: body,
                read: 0,
                tail: Vec::new(),
                eof: false,
            }),
            byte_rec: csv::ByteRecord::new(),
            rec: csv::StringRecord::new(),
            line_offset,
            delimiter,
            name,
            lossy: 0,
            first_lossy: None,
        }
    }

    fn next_record(&mut self) -> Result<Option<Borrowed<'_>>, InputError> {
        // The last record's buffers are reused: no allocation per row.
        self.byte_rec = std::mem::take(&mut self.rec).into_byte_record();
        let line = loop {
            let from = self.rdr.position().byte();
            let more =
                self.rdr
                    .read_byte_record(&mut self.byte_rec)
                    .map_err(|e| InputError::Format {
                        file: self.name.to_string(),
                        message: format!("cannot split into rows: {e}"),
                    })?;
            if !more {
                return Ok(None);
            }
            // A line of just `\r` (a blank line of a `\r\n` file) is no record.
            if self.byte_rec.len() == 1 && &self.byte_rec[0] == b"\r" {
                continue;
            }
            // The CSV reader's line of a record is the blank line before it,
            // if any: the record's line is counted back from where it ended,
            // less the line ends inside its cells and the one ending it.
            let after = self.rdr.position().line();
            let inside: u64 = self
                .byte_rec
                .iter()
                .map(|c| memchr::memchr_iter(b'\n', c).count() as u64)
                .sum();
            // At the end of the file, the last line end may be the record's
            // end or, inside an unclosed quote, part of its last cell.
            let tally = self.rdr.get_ref();
            let unterminated = tally.eof
                && self.rdr.position().byte() == tally.read
                && match tally.since(from) {
                    Some(raw) => {
                        raw.last() != Some(&b'\n') || records::ends_quoted(raw, self.delimiter)
                    }
                    None => tally.tail.last() != Some(&b'\n'),
                };
            let end_line = if unterminated {
                after
            } else {
                after.saturating_sub(1)
            };
            break end_line.saturating_sub(inside) + self.line_offset;
        };
        let rec = std::mem::take(&mut self.byte_rec);
        self.rec = match csv::StringRecord::from_byte_record(rec) {
            Ok(r) => r,
            Err(e) => {
                let bytes = e.into_byte_record();
                self.lossy += 1;
                self.first_lossy.get_or_insert(line);
                bytes
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect()
            }
        };
        Ok(Some(Borrowed {
            line,
            record: &self.rec,
        }))
    }

    /// Where the next record starts.
    fn position(&self) -> &csv::Position {
        self.rdr.position()
    }

    fn next_row(&mut self) -> Result<Option<Row>, InputError> {
        Ok(self.next_record()?.map(|b| {
            let r = b.row();
            Row {
                line: b.line,
                cells: (0..r.width())
                    .filter_map(|i| r.cell(i))
                    .map(str::to_string)
                    .collect(),
            }
        }))
    }

    fn notes(&self) -> Vec<String> {
        match self.first_lossy {
            Some(line) => vec![format!(
                "{} rows hold bytes that are not UTF-8 (first at line {line}): replaced with �",
                self.lossy
            )],
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, n: usize, min: usize) -> Vec<&str> {
        parts_of(text.as_bytes(), 0, b',', n, min)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn parts_begin_records() {
        let t = "a,1\nb,2\nc,3\nd,4\n";
        assert_eq!(split(t, 2, 1), ["a,1\nb,2\n", "c,3\nd,4\n"]);
        assert_eq!(split(t, 1, 1), [t]);
        // Too small to be worth a thread.
        assert_eq!(split(t, 2, 100), [t]);
    }

    #[test]
    fn a_line_end_inside_quotes_is_not_a_cut() {
        let t = "a,\"x\ny\nz\"\nb,2\nc,3\n";
        let p = split(t, 2, 1);
        assert_eq!(p.concat(), t);
        assert!(p[0].starts_with("a,\"x\ny\nz\"\n"), "{p:?}");
    }

    #[test]
    fn a_record_is_read_for_its_width_and_end() {
        let at = |t: &str, i| record_at(t.as_bytes(), i, b',');
        assert_eq!(at("a,1,2\nb", 0), Some((3, 6)));
        // A quoted field holds delimiters, line ends and doubled quotes.
        assert_eq!(at("\"x,\ny\",2\n", 0), Some((2, 9)));
        assert_eq!(at("\"say \"\"hi\"\"\",2\n", 0), Some((2, 15)));
        // A quote inside an unquoted field is text.
        assert_eq!(at("5\" screen,2\n", 0), Some((2, 12)));
        // The last record may lack its line end; an open quote has no end.
        assert_eq!(at("a,b", 0), Some((2, 3)));
        assert_eq!(at("a,\"b\n", 0), None);
        // A record longer than the guess reads is no record to it.
        let long = format!("a,{}\n", "x".repeat(GUESS_RECORD_MAX));
        assert_eq!(at(&long, 0), None);
    }

    #[test]
    fn guessed_cuts_fall_before_records_of_the_header_width() {
        let guess = |t: &str, n, w| -> Vec<String> {
            guess_parts(t.as_bytes(), 0, b',', n, 1, w)
                .into_iter()
                .map(|(a, b)| t[a..b].to_string())
                .collect()
        };
        let t = "a,1\nb,2\nc,3\nd,4\n";
        assert_eq!(guess(t, 2, 2), ["a,1\nb,2\n", "c,3\nd,4\n"]);
        // Lines of another width are passed over for the next that fits.
        let t = "a,1\nb,2\nxx\nyy\nc,3\nd,4\n";
        assert_eq!(guess(t, 2, 2), ["a,1\nb,2\nxx\nyy\n", "c,3\nd,4\n"]);
        // No line that fits: one part.
        assert_eq!(guess(t, 2, 5), [t]);
        // A quoted caption whose lines look like records fools the guess:
        // the cut falls inside the quotes, which is why read_parts checks
        // every cut and reads the file again when one is wrong.
        let t = "a,\"x\nb,2\nc,3\nd,4\ne\"\nf,6\ng,7\n";
        let parts = guess(t, 4, 2);
        assert_eq!(parts.concat(), t);
        assert_eq!(parts[0], "a,\"x\nb,2\n");
        assert!(records::ends_quoted(parts[0].as_bytes(), b','), "{parts:?}");
        // The exact split never cuts there.
        for part in split(t, 4, 1) {
            assert!(!records::ends_quoted(part.as_bytes(), b','), "{part:?}");
        }
    }

    #[test]
    fn doubled_and_mid_field_quotes_do_not_open_a_field() {
        // `5" screen` is a literal quote; `""` inside a quoted field is one quote.
        let t = "a,5\" screen\nb,\"say \"\"hi\"\"\nthere\"\nc,3\nd,4\n";
        let p = split(t, 2, 1);
        assert_eq!(p.concat(), t);
        for part in &p {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(part.as_bytes());
            for rec in r.records() {
                assert_eq!(rec.unwrap().len(), 2, "{p:?}");
            }
        }
    }
}
