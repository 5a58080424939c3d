//! Readers: every input file becomes canonical [`Post`]s, and every row that
//! does not is reported with its file, line and reason. Readers are chosen
//! here, in one place, by sniffing the content (not the extension).

pub mod activity;
pub mod aliases;
pub mod dedupe;
pub mod hits;
pub mod series;
pub mod stream;
pub mod table;
pub mod telegram;
pub mod telegram_group;
pub mod text;
pub mod values;
pub mod vk;
pub mod web;
pub mod xlsx;

use std::io::Read;
use std::path::Path;

use chrono::{NaiveDate, TimeZone};
use serde::Serialize;

use crate::model::{FileReport, Post, PreambleLine, Skip, SkipKind, Timestamp};

/// The platforms `--platform` may name (besides `auto`).
pub const PLATFORMS: &[&str] = &[
    "generic",
    "meta",
    "instagram",
    "facebook",
    "youtube",
    "tiktok",
    "telegram",
    "vk",
    "metrica",
    "ga4",
    "google-ads",
];

/// Where readers hand the posts they read, one at a time. A large file is
/// read by several threads at once: each reads into a [`PostSink::fork`] of
/// the sink, and the forks are joined back in file order.
pub trait PostSink: Send {
    fn post(&mut self, p: &Post);
    /// The text fields the sink reads: readers leave the others unset
    /// (`None`) rather than copy text no one reads.
    fn needs(&self) -> Needs {
        Needs::ALL
    }
    /// An empty sink of the same kind, for another part of the input.
    fn fork(&self) -> Box<dyn PostSink>;
    /// Takes in a fork's posts, which came after this sink's in the input.
    fn join(&mut self, other: Box<dyn PostSink>);
    /// For `join`: the sink as `Any`, to take a fork back as its own type.
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
}

/// Which text fields of a post a sink reads (counts and dates are always read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// `text` (captions: hashtags, snippets).
    pub text: bool,
    /// `id`, `account`, `type`, UTM tags: what lists of posts show.
    pub labels: bool,
}

impl Needs {
    pub const ALL: Needs = Needs {
        text: true,
        labels: true,
    };
}

/// Collects every post.
impl PostSink for Vec<Post> {
    fn post(&mut self, p: &Post) {
        self.push(p.clone());
    }
    fn fork(&self) -> Box<dyn PostSink> {
        Box::new(Vec::<Post>::new())
    }
    fn join(&mut self, other: Box<dyn PostSink>) {
        if let Ok(v) = other.into_any().downcast::<Vec<Post>>() {
            self.extend(*v);
        }
    }
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// Counts posts and keeps none (`inspect`).
#[derive(Debug, Default)]
pub struct Discard;

impl PostSink for Discard {
    fn post(&mut self, _: &Post) {}
    fn needs(&self) -> Needs {
        Needs {
            text: false,
            labels: false,
        }
    }
    fn fork(&self) -> Box<dyn PostSink> {
        Box::new(Discard)
    }
    fn join(&mut self, _: Box<dyn PostSink>) {}
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// Settings readers share, validated from the command line.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// `--map FIELD=HEADER` pairs, tried before the built-in aliases.
    pub maps: Vec<(crate::model::Field, String)>,
    /// `--platform`; `None` = auto-detect.
    pub platform: Option<String>,
    /// `--tz`: the zone periods are computed in.
    pub tz: Option<chrono_tz::Tz>,
    /// `--year`: the year of dates written without one.
    pub year: Option<i32>,
    /// Today's date, for inferring years (injected, never read deep inside).
    pub today: NaiveDate,
    /// When a file is streamed and in how many parts it is read.
    pub limits: stream::StreamLimits,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            maps: Vec::new(),
            platform: None,
            tz: None,
            year: None,
            today: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
            limits: stream::StreamLimits::default(),
        }
    }
}

impl ReadOptions {
    /// Moves a timestamp into `--tz` (when given): instants with a known
    /// offset are converted, wall-clock times are taken as already in it.
    pub fn localize(&self, t: Timestamp) -> Timestamp {
        let Some(tz) = self.tz else { return t };
        match t.offset {
            Some(off) => match t.local.and_local_timezone(off).single() {
                Some(dt) => {
                    let z = dt.with_timezone(&tz);
                    Timestamp {
                        local: z.naive_local(),
                        offset: Some(z.offset().fix()),
                    }
                }
                None => t,
            },
            None => Timestamp {
                local: t.local,
                offset: tz
                    .from_local_datetime(&t.local)
                    .earliest()
                    .map(|z| z.offset().fix()),
            },
        }
    }
}

use chrono::Offset;

/// The file being read: its index in the run, its display name, and the
/// run's options. Readers take it instead of three loose arguments.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub idx: usize,
    pub name: &'a str,
    pub opts: &'a ReadOptions,
}

impl Source<'_> {
    /// A skip of this file.
    pub fn skip(&self, line: u64, kind: SkipKind, reason: String) -> Skip {
        Skip {
            file: self.name.to_string(),
            line,
            reason,
            kind,
        }
    }
}

impl FileReport {
    /// Rows accounted for: posts, skips, duplicates of other files, days of
    /// daily series and web-analytics rows. Every row read is one of them.
    pub fn rows_accounted(&self) -> u64 {
        self.posts
            + self.skipped
            + self.duplicates
            + self.series_rows.unwrap_or(0)
            + self.web_rows.unwrap_or(0)
    }

    /// The report of a delimited text file, before its rows are read: its
    /// delimiter, and the comment and `sep=` lines above the table.
    pub fn csv(name: &str, delimiter: u8, comment_lines: &[(u64, String)]) -> FileReport {
        FileReport {
            path: name.to_string(),
            format: "csv".to_string(),
            delimiter: Some(text::delimiter_name(delimiter)),
            preamble: comment_lines
                .iter()
                .map(|(line, text)| PreambleLine {
                    line: *line,
                    text: text.clone(),
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Sums up damaged values in one note (the list itself is in JSON and `inspect`).
    pub fn note_damaged(&mut self) {
        let Some(first) = self.damaged.first() else {
            return;
        };
        let repaired = self.damaged.iter().filter(|d| d.read_as.is_some()).count();
        let lost = self.damaged.len() - repaired;
        let mut parts = Vec::new();
        if repaired > 0 {
            parts.push(format!("{repaired} repaired (`3.апр` read as 3.4)"));
        }
        if lost > 0 {
            parts.push(format!(
                "{lost} read as not reported (a count cannot be a date)"
            ));
        }
        self.notes.push(format!(
            "{} values look like numbers a spreadsheet turned into dates, first: line {} '{}' = '{}'; {}",
            self.damaged.len(),
            first.line,
            first.column,
            first.value,
            parts.join(", ")
        ));
    }
}

/// A web-analytics table read from one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WebTable {
    /// Input file (as given).
    pub file: String,
    /// `metrica`, `ga4`, `google-ads` or `generic`.
    pub source: String,
    /// The report's name when the export states it (GA4's `# Traffic acquisition: ...`).
    pub title: Option<String>,
    /// The dimension columns, in file order.
    pub dimensions: Vec<String>,
    pub rows: Vec<crate::model::WebRow>,
}

/// Everything read from a run's input files.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub posts: Vec<Post>,
    /// Account-level daily series (Meta, TikTok, YouTube daily files).
    pub series: Vec<crate::model::Series>,
    /// Web-analytics tables (Metrica, GA4, Google Ads).
    pub web: Vec<WebTable>,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skip>,
    /// VK reach rows waiting for the posts they belong to ([`finish`]).
    pub vk: vk::Pending,
    /// Copies of posts that another file also holds, left out by [`dedupe::dedupe`].
    pub duplicates: Vec<dedupe::Duplicate>,
}

impl Dataset {
    pub fn rows_read(&self) -> u64 {
        self.files.iter().map(|f| f.rows_read).sum()
    }
}

/// Errors a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: cannot read")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error(
        "{file}: no column smmkpi knows (reach, views, likes, comments, reposts, ...)\n  headers found: {found}\n  hint: name the columns with --map, e.g. --map reach='{example}'"
    )]
    NoColumns {
        file: String,
        found: String,
        example: String,
    },
    #[error("{file}: {message}")]
    Format { file: String, message: String },
}

/// Reads the bytes of a path, or of stdin for `-`.
pub fn load(path: &str) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    let res = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut buf).map(|_| ())
    } else {
        std::fs::File::open(Path::new(path)).and_then(|mut f| f.read_to_end(&mut buf).map(|_| ()))
    };
    res.map_err(|source| InputError::Io {
        file: display_name(path),
        source,
    })?;
    Ok(buf)
}

pub fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    }
}

/// Reads every file into one dataset, posts and all.
pub fn read_posts(paths: &[String], opts: &ReadOptions) -> Result<Dataset, InputError> {
    let mut ds = Dataset::default();
    for (idx, path) in paths.iter().enumerate() {
        let mut posts: Vec<Post> = Vec::new();
        stream::read_path(&mut ds, idx, path, opts, opts.limits, &mut posts)?;
        ds.posts.extend(posts);
    }
    check_finished(&mut ds)?;
    Ok(ds)
}

/// Reads every file, handing the posts of tables to `sink` as they are read
/// (a large export is never held); posts of JSON exports, which need every
/// file of the run (VK reach joins onto its posts), follow at the end. The
/// dataset keeps everything else.
pub fn read_streaming(
    paths: &[String],
    opts: &ReadOptions,
    sink: &mut dyn PostSink,
) -> Result<Dataset, InputError> {
    let mut ds = Dataset::default();
    for (idx, path) in paths.iter().enumerate() {
        stream::read_path(&mut ds, idx, path, opts, opts.limits, sink)?;
    }
    check_finished(&mut ds)?;
    for p in std::mem::take(&mut ds.posts) {
        sink.post(&p);
    }
    Ok(ds)
}

/// Joins what needs every file, and refuses a run that holds VK reach rows
/// but none of their posts.
fn check_finished(ds: &mut Dataset) -> Result<(), InputError> {
    if let Some(file) = finish(ds).reach_without_posts {
        return Err(InputError::Format {
            message: format!(
                "a VK stats.getPostReach response holds reach per post id, not posts: \
                 give it together with the wall.get response of the same posts, \
                 e.g. smmkpi report wall.json {file}"
            ),
            file,
        });
    }
    Ok(())
}

/// Work that needs every file of the run: joins VK reach rows onto their
/// posts. [`read_posts`] calls it; a caller reading files one by one with
/// [`read_one`] calls it once after the last.
pub fn finish(ds: &mut Dataset) -> vk::Joined {
    vk::join_reach(ds)
}

/// Reads a JSON export, choosing the reader by the document's shape.
fn read_json(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    doc: &serde_json::Value,
    opts: &ReadOptions,
) -> Result<FileReport, InputError> {
    if doc.get("messages").is_some_and(serde_json::Value::is_array) {
        return telegram::read(ds, idx, name, doc, opts);
    }
    if let Some(shape) = vk::detect(doc) {
        return Ok(vk::read(ds, idx, name, doc, shape, opts));
    }
    let message = vk::api_error(doc).unwrap_or_else(|| {
        "JSON that is not a known export (expected a Telegram Desktop result.json with \"messages\", \
         a VK wall.get response with post items (\"date\", \"likes\", \"comments\"), \
         or a VK stats.getPostReach response (\"post_id\", \"reach_total\"))"
            .to_string()
    });
    Err(InputError::Format {
        file: name.to_string(),
        message,
    })
}

/// Reads one file's bytes into the dataset, posts and all (into `ds.posts`).
pub fn read_bytes(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(), InputError> {
    let mut posts: Vec<Post> = Vec::new();
    read_one(ds, idx, name, bytes, opts, &mut posts)?;
    ds.posts.extend(posts);
    Ok(())
}

/// Reads one file's bytes into the dataset; posts of tables go to `sink`,
/// posts of JSON exports to `ds.posts`.
pub fn read_one(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    sink: &mut dyn PostSink,
) -> Result<(), InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty {
            file: name.to_string(),
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let before = ds.skipped.len();
        let mut report = xlsx::read(ds, Source { idx, name, opts }, bytes, sink)?;
        report.skipped = (ds.skipped.len() - before) as u64;
        ds.files.push(report);
        return Ok(());
    }
    let (text, encoding) = text::decode(bytes);
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if first.is_empty() {
        return Err(InputError::Empty {
            file: name.to_string(),
        });
    }
    if text::looks_binary(first) {
        return Err(InputError::Format {
            file: name.to_string(),
            message: "binary data, not a text export: smmkpi reads CSV, TSV and JSON exports (save a spreadsheet as CSV first)".to_string(),
        });
    }
    let before = ds.skipped.len();
    let mut report = if first.starts_with('{') || first.starts_with('[') {
        let value: serde_json::Value =
            serde_json::from_str(first).map_err(|e| InputError::Format {
                file: name.to_string(),
                message: format!("looks like JSON but is not valid JSON: {e}"),
            })?;
        read_json(ds, idx, name, &value, opts)?
    } else {
        table::read(ds, Source { idx, name, opts }, &text, sink)?
    };
    report.encoding = Some(encoding);
    if text::ends_inside_char(bytes, encoding) {
        report.notes.push(format!(
            "the file ends in the middle of a character ({}): it may have been cut short; check its last row",
            encoding.name()
        ));
    }
    report.skipped = (ds.skipped.len() - before) as u64;
    ds.files.push(report);
    Ok(())
}
