//! Reading a file without holding it: a large CSV export of posts is split
//! into records as it is read, and each record becomes a post handed to the
//! caller and forgotten, so memory does not grow with the file. What a file
//! is (encoding, delimiter, header, kind) is decided from its first bytes and
//! rows; a small file, a spreadsheet, JSON, or a table that is not posts is
//! read whole, as before.

use std::io::{BufRead, BufReader, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;

use super::dataset::{
    display_name, load, Dataset, InputError, PostSink, ReadOptions, Source, StreamLimits,
};
use super::detect;
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
/// part ends at a line end outside quotes, as the CSV reader sees them (a
/// quote opens a quoted field only at a field's start; `""` inside one is a
/// quote). Each part is at least `min` bytes, so small files stay whole.
fn parts_of(data: &[u8], start: usize, delim: u8, n: usize, min: usize) -> Vec<(usize, usize)> {
    let len = data.len();
    let Some(size) = part_size(len, start, n, min) else {
        return vec![(start, len)];
    };
    let mut cuts = vec![start];
    let mut target = start + size;
    for p in LineEnds::new(data, start, delim) {
        if cuts.len() >= n || target >= len {
            break;
        }
        if p + 1 >= target {
            cuts.push(p + 1);
            target = p + 1 + size;
        }
    }
    cuts.retain(|&c| c < len);
    cuts.dedup();
    parts_between(&cuts, len)
}

/// The bytes a part of `data[start..len]` should have when it is cut into
/// `n` parts of at least `min`; `None` when it is one part.
fn part_size(len: usize, start: usize, n: usize, min: usize) -> Option<usize> {
    (start < len && n >= 2 && len - start >= 2 * min).then(|| ((len - start) / n).max(min))
}

/// The parts from each cut (ascending, the first the start) to the next,
/// the last to `len`.
fn parts_between(cuts: &[usize], len: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    out.extend(cuts.last().map(|&c| (c, len)));
    out
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
    let mut cuts = vec![start];
    let mut target = start + size;
    while cuts.len() < n && target < len {
        let found = memchr::memchr_iter(b'\n', &data[target - 1..])
            .take(GUESS_TRIES)
            .map(|i| target + i)
            .find(|&c| {
                c < len
                    && record_at(data, c, delim).is_some_and(|(w, next)| {
                        w == width && record_at(data, next, delim).is_some_and(|(w, _)| w == width)
                    })
            });
        // No line end that looks like a record's: the part runs on.
        let Some(cut) = found else { break };
        cuts.push(cut);
        target = cut + size;
    }
    parts_between(&cuts, len)
}

/// Line ends [`guess_parts`] tries after a target before it gives up on a cut.
const GUESS_TRIES: usize = 64;

/// Bytes a record may take for [`record_at`] to read it.
const GUESS_RECORD_MAX: usize = 1 << 16;

/// The fields of the record at `data[at..]` (a quote opens a quoted field
/// only at a field's start) and where the next one begins; `None` when the
/// record runs past [`GUESS_RECORD_MAX`] bytes or into an open quote.
fn record_at(data: &[u8], at: usize, delim: u8) -> Option<(usize, usize)> {
    let end = data.len().min(at + GUESS_RECORD_MAX);
    let mut fields = 1;
    let mut i = at;
    loop {
        if data.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let q = i + memchr::memchr(b'"', data.get(i..end)?)?;
                if data.get(q + 1) == Some(&b'"') {
                    i = q + 2;
                } else {
                    i = q + 1;
                    break;
                }
            }
        }
        match memchr::memchr2(delim, b'\n', data.get(i..end)?) {
            Some(o) if data[i + o] == b'\n' => return Some((fields, i + o + 1)),
            Some(o) => {
                fields += 1;
                i += o + 1;
            }
            None if end == data.len() => return Some((fields, end)),
            None => return None,
        }
    }
}

/// The line ends outside quotes of `data[start..]`, where `start` begins a
/// record, as the CSV reader sees them: a quote opens a quoted field only
/// at a field's start, and `""` inside one is a quote. Once run out,
/// `quoted` tells whether the data ended inside a quoted field.
struct LineEnds<'d> {
    data: &'d [u8],
    start: usize,
    delim: u8,
    at: usize,
    quoted: bool,
}

impl<'d> LineEnds<'d> {
    fn new(data: &'d [u8], start: usize, delim: u8) -> Self {
        LineEnds {
            data,
            start,
            delim,
            at: start,
            quoted: false,
        }
    }
}

impl Iterator for LineEnds<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let data = self.data;
        while self.at < data.len() {
            let rest = &data[self.at..];
            let next = if self.quoted {
                memchr::memchr(b'"', rest)
            } else {
                memchr::memchr2(b'"', b'\n', rest)
            };
            let Some(off) = next else {
                self.at = data.len();
                break;
            };
            let p = self.at + off;
            self.at = p + 1;
            match data[p] {
                b'"' if self.quoted => {
                    if data.get(p + 1) == Some(&b'"') {
                        self.at = p + 2;
                    } else {
                        self.quoted = false;
                    }
                }
                b'"' => {
                    self.quoted = p == self.start
                        || matches!(data[p - 1], b'\n' | b'\r')
                        || data[p - 1] == self.delim;
                }
                _ => return Some(p),
            }
        }
        None
    }
}

/// Whether `data`, from a record's start to the end, ends inside a quoted
/// field.
fn ends_quoted(data: &[u8], delim: u8) -> bool {
    let mut ends = LineEnds::new(data, 0, delim);
    ends.by_ref().for_each(drop);
    ends.quoted
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
                        open_end: ends_quoted(&bytes[last..], delimiter),
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

/// The records of a part of a mapped UTF-8 file. A line without quotes is
/// split at its delimiters where it lies; a record with quotes (delimiters
/// and line ends may hide inside) is read by the CSV parser. Blank lines
/// are no records, as for the CSV reader.
struct FastRecords<'d> {
    text: &'d str,
    pos: usize,
    /// Line of the record at `pos`.
    line: u64,
    delim: u8,
    spans: Vec<(usize, usize)>,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The last quoted record's fields, unescaped.
    quoted: String,
    /// Where the last record read began.
    last_start: usize,
}

/// A record of [`FastRecords`]: its fields are spans of `text`.
struct SpanRow<'a> {
    line: u64,
    text: &'a str,
    spans: &'a [(usize, usize)],
}

impl Cells for SpanRow<'_> {
    fn line(&self) -> u64 {
        self.line
    }
    fn width(&self) -> usize {
        self.spans.len()
    }
    fn cell(&self, i: usize) -> Option<&str> {
        let &(a, b) = self.spans.get(i)?;
        let c = self.text.get(a..b)?;
        Some(if i + 1 == self.spans.len() {
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
            delim,
            spans: Vec::with_capacity(32),
            core: csv_core::ReaderBuilder::new()
                .delimiter(delim)
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build(),
            out: vec![0; 1024],
            ends: vec![0; 32],
            quoted: String::new(),
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
            let at = self.line;
            self.last_start = self.pos;
            if let Some((end, inside)) = self.split_record() {
                self.line += inside + 1;
                self.pos = end;
                return Some(SpanRow {
                    line: at,
                    text: self.text,
                    spans: &self.spans,
                });
            }
            return self.quoted_record(at);
        }
    }

    /// Splits the record at `pos` into spans of the text, as the CSV parser
    /// would: a quoted field's span is inside its quotes. Gives where the
    /// record ends and how many line ends its fields hold; `None` when a
    /// field needs unescaping (`""` inside quotes, text after the closing
    /// quote), left to the CSV parser.
    fn split_record(&mut self) -> Option<(usize, u64)> {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        let delim = self.delim;
        if !delim.is_ascii() {
            return None;
        }
        self.spans.clear();
        let mut inside = 0u64;
        let mut i = self.pos;
        loop {
            // `i` starts a field.
            if bytes.get(i) == Some(&b'"') {
                // The closing quote, counting the line ends before it.
                let a = i + 1;
                let mut q = None;
                for at in memchr::memchr2_iter(b'"', b'\n', &bytes[a..]) {
                    if bytes[a + at] == b'"' {
                        q = Some(a + at);
                        break;
                    }
                    inside += 1;
                }
                let Some(q) = q else {
                    // A quote left open runs to the end of the text.
                    self.spans.push((a, n));
                    return Some((n, inside));
                };
                self.spans.push((a, q));
                match bytes.get(q + 1) {
                    None => return Some((n, inside)),
                    Some(&b'\n') => return Some((q + 2, inside)),
                    Some(&b) if b == delim => i = q + 2,
                    // The `\r` of a `\r\n` line end is dropped from the last
                    // field, as the parser's `\r` would be.
                    Some(&b'\r') if bytes.get(q + 2) == Some(&b'\n') && bytes[q - 1] != b'\r' => {
                        return Some((q + 3, inside));
                    }
                    Some(_) => return None,
                }
            } else {
                // Unquoted fields, up to the line end or a field that opens
                // with a quote (quotes inside a field are text).
                let mut a = i;
                loop {
                    let Some(p) = find_either(bytes, a, delim, b'\n') else {
                        self.spans.push((a, n));
                        return Some((n, inside));
                    };
                    self.spans.push((a, p));
                    if bytes[p] == b'\n' {
                        return Some((p + 1, inside));
                    }
                    a = p + 1;
                    if bytes.get(a) == Some(&b'"') {
                        break;
                    }
                }
                i = a;
            }
        }
    }

    /// Reads one record from `pos` with the CSV parser.
    fn quoted_record(&mut self, at: u64) -> Option<SpanRow<'_>> {
        let input = &self.text.as_bytes()[self.pos..];
        self.core.reset();
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
            let (res, i, o, e) =
                self.core
                    .read_record(&input[nin..], &mut self.out[nout..], &mut self.ends[nend..]);
            nin += i;
            nout += o;
            nend += e;
            match res {
                csv_core::ReadRecordResult::InputEmpty if nin < input.len() => {}
                csv_core::ReadRecordResult::InputEmpty => {
                    // The end of the part: an empty input finishes the record.
                    let (res, _, o, e) =
                        self.core
                            .read_record(&[], &mut self.out[nout..], &mut self.ends[nend..]);
                    nout += o;
                    nend += e;
                    match res {
                        csv_core::ReadRecordResult::OutputFull => {
                            self.out.resize(self.out.len() * 2, 0)
                        }
                        csv_core::ReadRecordResult::OutputEndsFull => {
                            self.ends.resize(self.ends.len() * 2, 0)
                        }
                        csv_core::ReadRecordResult::Record => break,
                        _ => {
                            self.pos = self.text.len();
                            return None;
                        }
                    }
                }
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => {
                    self.ends.resize(self.ends.len() * 2, 0)
                }
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => {
                    self.pos = self.text.len();
                    return None;
                }
            }
        }
        self.line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
        self.pos += nin;
        // Unescaping only drops quotes: the fields are UTF-8 as the input is.
        self.quoted.clear();
        match std::str::from_utf8(&self.out[..nout]) {
            Ok(t) => self.quoted.push_str(t),
            Err(_) => self
                .quoted
                .push_str(&String::from_utf8_lossy(&self.out[..nout])),
        }
        self.spans.clear();
        let mut a = 0;
        for &e in &self.ends[..nend] {
            self.spans.push((a, e));
            a = e;
        }
        Some(SpanRow {
            line: at,
            text: &self.quoted,
            spans: &self.spans,
        })
    }
}

/// The first of `x` or `y` in `bytes` from `from` on, eight bytes at a time:
/// the fields it is asked for are short, where a vector search would spend
/// more setting up than searching.
#[inline]
fn find_either(bytes: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
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
                    Some(raw) => raw.last() != Some(&b'\n') || ends_quoted(raw, self.delimiter),
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

    #[test]
    fn a_file_can_end_inside_quotes() {
        assert!(ends_quoted(b"p3,2025-08-03,\"Three\n", b','));
        assert!(ends_quoted(b"a,\"x\"\"\n", b','));
        assert!(!ends_quoted(b"a,\"x\ny\"\n", b','));
        assert!(!ends_quoted(b"a,5\" screen\n", b','));
        assert!(!ends_quoted(b"", b','));
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
        assert!(ends_quoted(parts[0].as_bytes(), b','), "{parts:?}");
        // The exact split never cuts there.
        for part in split(t, 4, 1) {
            assert!(!ends_quoted(part.as_bytes(), b','), "{part:?}");
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
