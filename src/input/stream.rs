//! Reading a file without holding it: a large CSV export of posts is split
//! into records as it is read, and each record becomes a post handed to the
//! caller and forgotten, so memory does not grow with the file. What a file
//! is (encoding, delimiter, header, kind) is decided from its first bytes and
//! rows; a small file, a spreadsheet, JSON, or a table that is not posts is
//! read whole, as before.

use std::io::{BufRead, BufReader, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;

use super::table::{self, PostRows};
use super::text::{self, Encoding, RecordRow, Row};
use super::{
    display_name, read_one, Dataset, FileReport, InputError, PreambleLine, ReadOptions, Source,
};
use crate::model::Post;

/// How a file is read: its first bytes decide; a file no larger than
/// `threshold` is read whole; the first `head` rows of a streamed file decide
/// what the rest are.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    pub threshold: usize,
    pub head: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits {
            threshold: 4 << 20,
            head: 2000,
        }
    }
}

impl StreamLimits {
    /// The defaults, or `SMMKPI_STREAM_HEAD=N` to stream every file with N
    /// head rows (the tests run the streaming path on small fixtures so).
    pub fn from_env() -> Self {
        match std::env::var("SMMKPI_STREAM_HEAD")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        {
            Some(head) => StreamLimits {
                threshold: 0,
                head: head.max(1),
            },
            None => StreamLimits::default(),
        }
    }
}

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
    sink: &mut dyn FnMut(Post),
) -> Result<(), InputError> {
    let name = display_name(path);
    if path == "-" {
        // Standard input cannot be read twice: it is read whole.
        let bytes = super::load(path)?;
        return read_one(ds, idx, &name, &bytes, opts, sink);
    }
    let mut file = std::fs::File::open(path).map_err(|e| io_error(&name, e))?;
    let mut prefix = Vec::with_capacity(SNIFF.max(limits.threshold.min(SNIFF)));
    (&mut file)
        .take(SNIFF.max(limits.threshold) as u64 + 1)
        .read_to_end(&mut prefix)
        .map_err(|e| io_error(&name, e))?;
    let whole = |mut prefix: Vec<u8>,
                 mut file: std::fs::File,
                 ds: &mut Dataset,
                 sink: &mut dyn FnMut(Post)| {
        file.read_to_end(&mut prefix)
            .map_err(|e| io_error(&name, e))?;
        read_one(ds, idx, &name, &prefix, opts, sink)
    };
    if prefix.len() <= limits.threshold {
        return whole(prefix, file, ds, sink);
    }
    let (ptext, encoding) = text::decode(&prefix[..prefix.len().min(SNIFF)]);
    let first = ptext.trim_start_matches('\u{feff}').trim_start();
    let spreadsheet = prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"\xD0\xCF\x11\xE0");
    let lead = text::leading_lines(&ptext);
    if spreadsheet
        || first.is_empty()
        || first.starts_with(['{', '['])
        || text::has_wrapped_lines(&ptext[lead.offset..])
    {
        return whole(prefix, file, ds, sink);
    }
    let delimiter = lead
        .delimiter
        .unwrap_or_else(|| text::sniff_delimiter(&ptext[lead.offset..]));
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
    for _ in 0..lead.lines {
        skip.clear();
        body.read_until(b'\n', &mut skip)
            .map_err(|e| io_error(&name, e))?;
    }
    let src = Source {
        idx,
        name: &name,
        opts,
    };
    let before = ds.skipped.len();
    let mut report = FileReport {
        path: name.clone(),
        format: "csv".to_string(),
        delimiter: Some(text::delimiter_name(delimiter)),
        preamble: lead
            .comment_lines
            .iter()
            .map(|(line, text)| PreambleLine {
                line: *line,
                text: text.clone(),
            })
            .collect(),
        encoding: Some(encoding),
        ..Default::default()
    };
    let mut records = Records::new(body, delimiter, lead.lines, &name);
    let mut head: Vec<Row> = Vec::new();
    while head.len() < limits.head {
        match records.next_row()? {
            Some(r) => head.push(r),
            None => break,
        }
    }
    if text::rows_look_wrapped(&head) {
        // Rows wrapped whole in quoted cells are split again on the whole text.
        let bytes = super::load(path)?;
        return read_one(ds, idx, &name, &bytes, opts, sink);
    }
    report.platform = opts
        .platform
        .clone()
        .unwrap_or_else(|| "generic".to_string());
    let mut report = match table::posts_plan(&head, opts) {
        Some((hidx, mapping)) => {
            let mut posts = PostRows::new(src, &head, hidx, mapping, delimiter, &mut report);
            for row in &head[hidx + 1..] {
                posts.row(row, &mut report, &mut ds.skipped, sink);
            }
            while let Some(rec) = records.next_record()? {
                posts.row(&rec.row(), &mut report, &mut ds.skipped, sink);
            }
            posts.finish(&mut report);
            report.notes.extend(records.notes());
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

/// CSV records of a stream, with their line numbers; bytes that are not
/// UTF-8 are replaced and counted.
struct Records<'n, R: Read> {
    rdr: csv::Reader<R>,
    byte_rec: csv::ByteRecord,
    rec: csv::StringRecord,
    line_offset: u64,
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
    fn new(body: R, delimiter: u8, line_offset: u64, name: &'n str) -> Self {
        Records {
            rdr: csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(body),
            byte_rec: csv::ByteRecord::new(),
            rec: csv::StringRecord::new(),
            line_offset,
            name,
            lossy: 0,
            first_lossy: None,
        }
    }

    fn next_record(&mut self) -> Result<Option<Borrowed<'_>>, InputError> {
        // The last record's buffers are reused: no allocation per row.
        self.byte_rec = std::mem::take(&mut self.rec).into_byte_record();
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
        let line = self.byte_rec.position().map(|p| p.line()).unwrap_or(0) + self.line_offset;
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

    fn next_row(&mut self) -> Result<Option<Row>, InputError> {
        Ok(self.next_record()?.map(|b| Row {
            line: b.line,
            cells: b.record.iter().map(str::to_string).collect(),
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
