//! What readers read with and into: the run's options, the file being read,
//! the sink posts go to, the dataset of everything else, and the errors a
//! user can act on. Plain types every reader shares.

use std::io::Read;
use std::path::Path;

use chrono::{NaiveDate, Offset, TimeZone};
use serde::Serialize;

use super::text;
use crate::model::{
    Duplicate, Field, FileReport, Negative, Post, PreambleLine, ReachSplit, Series, Skip, SkipKind,
    Timestamp, WebRow,
};

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

/// How a file is read: its first bytes decide; a file no larger than
/// `threshold` is read whole; the first `head` rows of a streamed file decide
/// what the rest are.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    pub threshold: usize,
    pub head: usize,
    /// Threads that read parts of one large file at once.
    pub threads: usize,
    /// Bytes a part must have at least.
    pub part_min: usize,
}

impl Default for StreamLimits {
    /// The defaults on every core there is (at most 8).
    fn default() -> Self {
        StreamLimits::new(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
        )
    }
}

impl StreamLimits {
    /// The defaults, reading a large file in parts on `threads` threads (1–8).
    pub fn new(threads: usize) -> Self {
        StreamLimits {
            threshold: 4 << 20,
            head: 2000,
            threads: threads.clamp(1, 8),
            part_min: 4 << 20,
        }
    }

    /// Every file read whole, however large.
    pub fn whole(self) -> Self {
        StreamLimits {
            threshold: usize::MAX,
            ..self
        }
    }

    /// Every file streamed, its first `head` rows deciding what the rest
    /// are, and cut into parts however small: the tests compare this with
    /// reading whole, so that every part and merge runs on small files.
    pub fn streamed(self, head: usize) -> Self {
        StreamLimits {
            threshold: 0,
            head: head.max(1),
            part_min: 1,
            ..self
        }
    }
}

/// Settings readers share, validated from the command line.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// `--map FIELD=HEADER` pairs, tried before the built-in aliases.
    pub maps: Vec<(Field, String)>,
    /// `--platform`; `None` = auto-detect.
    pub platform: Option<String>,
    /// `--tz`: the zone periods are computed in.
    pub tz: Option<chrono_tz::Tz>,
    /// `--year`: the year of dates written without one.
    pub year: Option<i32>,
    /// Today's date, for inferring years (injected, never read deep inside).
    pub today: NaiveDate,
    /// When a file is streamed and in how many parts it is read.
    pub limits: StreamLimits,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            maps: Vec::new(),
            platform: None,
            tz: None,
            year: None,
            today: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
            limits: StreamLimits::default(),
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebTable {
    /// Input file (as given).
    pub file: String,
    /// `metrica`, `ga4`, `google-ads` or `generic`.
    pub source: String,
    /// The report's name when the export states it (GA4's `# Traffic acquisition: ...`).
    pub title: Option<String>,
    /// The dimension columns, in file order.
    pub dimensions: Vec<String>,
    pub rows: Vec<WebRow>,
}

/// One row of `stats.getPostReach`, waiting to be joined onto its post.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachRow {
    /// Position of the reach file's report in `Dataset::files`.
    pub report: usize,
    /// The wall's owner, when the row names it (VK's own rows do not).
    pub owner_id: Option<i64>,
    pub post_id: u64,
    pub reach_total: Option<u64>,
    pub links: Option<u64>,
    pub split: ReachSplit,
    pub negative: Negative,
}

/// VK data that only makes sense once every file is read.
#[derive(Debug, Clone, Default)]
pub struct VkPending {
    pub reach: Vec<ReachRow>,
    /// `wall.get` files: (position of the report in `Dataset::files`, file index of their posts).
    pub walls: Vec<(usize, usize)>,
    /// Positions in `Dataset::files` of the `stats.getPostReach` files.
    pub reach_files: Vec<usize>,
}

/// Everything read from a run's input files.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub posts: Vec<Post>,
    /// Account-level daily series (Meta, TikTok, YouTube daily files).
    pub series: Vec<Series>,
    /// Web-analytics tables (Metrica, GA4, Google Ads).
    pub web: Vec<WebTable>,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skip>,
    /// VK reach rows waiting for the posts they belong to ([`finish`]).
    pub vk: VkPending,
    /// Copies of posts that another file also holds, left out by `dedupe::dedupe`.
    pub duplicates: Vec<Duplicate>,
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
