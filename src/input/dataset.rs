//! What readers read with and into: the run's options, the file being read,
//! the sink posts go to, the dataset of everything else, and the errors a
//! user can act on. Plain types every reader shares.

use std::io::Read;
use std::path::Path;

use chrono::{NaiveDate, Offset, TimeZone};
use serde::Serialize;

use super::text;
use crate::model::{
    AdRow, CostRow, Duplicate, Field, FileReport, Negative, Post, PreambleLine, ReachSplit, Series,
    Skip, SkipKind, Timestamp, TotalsCheck, WebFigure, WebRow,
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
    "x",
    "linkedin",
    "pinterest",
    "threads",
    "ok",
    "dzen",
    "rutube",
    "metrica",
    "ga4",
    "meta-ads",
    "google-ads",
    "vk-ads",
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

/// The largest JSON export read by default (`StreamLimits::max_json`): a
/// JSON document is parsed whole, and takes
/// several times its size in memory (a Telegram group's `result.json` for
/// `core` is read as it comes, whatever its size).
pub const MAX_JSON_BYTES: u64 = 64 << 20;

/// The error for a JSON export larger than [`MAX_JSON_BYTES`].
pub fn json_too_large(file: &str, bytes: u64, max: u64) -> InputError {
    InputError::Format {
        file: file.to_string(),
        message: format!(
            "a JSON export larger than {} MB ({} bytes read): smmkpi reads a JSON export whole, in memory several times its size, and only up to that size; export a shorter date range, or split the file",
            max >> 20,
            bytes
        ),
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
    /// Bytes of the posts an output lists (JSON, NDJSON, CSV `posts`,
    /// XLSX) kept in memory, per part read at once, before they go to a
    /// temporary file.
    pub keep_in_memory: usize,
    /// Rows of a workbook sheet held to decide what it is: a longer XLSX
    /// sheet of posts is read row by row, any other longer sheet refused.
    pub sheet_head: usize,
    /// The largest JSON export read (it is parsed whole).
    pub max_json: u64,
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
            keep_in_memory: 8 << 20,
            sheet_head: 100_000,
            max_json: MAX_JSON_BYTES,
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
    /// `--sheet NAME`: the one sheet of a workbook to read (every sheet
    /// holding something smmkpi reads, when `None`).
    pub sheet: Option<String>,
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
            sheet: None,
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
            + self.ad_rows.unwrap_or(0)
            + self.cost_rows.unwrap_or(0)
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

    /// The notes a totals check leaves: the figures that differ (with the
    /// rows of the file that could not be read, which a difference may come
    /// from), and totals rows past the first, which are not compared.
    pub fn note_totals(&mut self, line: u64, more: u64, invalid: u64) {
        let differ: Vec<String> = self
            .totals_check
            .iter()
            .filter(|t| t.is_gap())
            .map(|t| {
                format!(
                    "{} {} in the export, {} summed",
                    t.field,
                    fmt_figure(t.export_total),
                    fmt_figure(t.computed)
                )
            })
            .collect();
        if !differ.is_empty() {
            let why = match invalid {
                0 => "the export counts something its rows do not list (rows it left out, deleted or private items)".to_string(),
                n => format!("{n} rows of the file could not be read (listed as skipped), or the export counts something its rows do not list"),
            };
            self.notes.push(format!(
                "the export's totals row (line {line}) differs from the sum of the rows read: {}; {why}",
                differ.join(", ")
            ));
        }
        if more > 0 {
            self.notes.push(format!(
                "{more} more totals rows after line {line}: only the first is compared with the sums"
            ));
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

/// A figure as notes write it: whole numbers without decimals.
fn fmt_figure(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// How far the sum of `rows` decimals (money, conversions) may stray from
/// the export's total of them and still match: half a unit of the last
/// decimal written a row (at least of cents: `12.35` is rounded to 0.005, and
/// so is `1234`, whose rows may carry cents), plus float noise. Counts are
/// compared exactly, without this.
pub fn rounding_tolerance(total_cell: &str, total: f64, rows: usize) -> f64 {
    let t = total_cell.trim();
    let written = t
        .rfind(['.', ','])
        .map(|i| t[i + 1..].chars().take_while(char::is_ascii_digit).count())
        .unwrap_or(0);
    // `1,234` is a thousands group when the value read is whole.
    let decimals = if written == 3 && total.fract() == 0.0 {
        0
    } else {
        written
    };
    let unit = 10f64.powi(-(decimals.clamp(2, 12) as i32));
    0.5 * unit * rows.max(1) as f64 + 1e-9 * total.abs()
}

/// The check of one figure a totals row states (its cell as written, in
/// `column`) against the sum of `rows` rows: decimals (money, conversions)
/// match within their rounding, counts exactly; `None` when the cell holds
/// no number.
pub fn check_total(
    field: &str,
    column: &str,
    cell: &str,
    computed: f64,
    rows: usize,
    decimals: bool,
    additive: bool,
) -> Option<TotalsCheck> {
    let cell = cell.trim();
    let total = super::values::parse_number(cell).ok().flatten()?;
    let tolerance = match decimals {
        true => rounding_tolerance(cell, total, rows),
        false => 0.0,
    };
    Some(TotalsCheck::new(
        field, column, total, computed, tolerance, additive,
    ))
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
    /// The other number columns, in file order (values in each row's `figures`).
    pub figures: Vec<WebFigure>,
    /// Whether the rows are days (a date column): sums of users are then
    /// sums of daily users, not unique users.
    pub rows_are_days: bool,
    pub rows: Vec<WebRow>,
}

/// An ads export read from one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AdTable {
    /// Input file (as given).
    pub file: String,
    /// `meta-ads`, `google-ads`, `vk-ads` or `generic`.
    pub source: String,
    /// The dimension columns, in file order.
    pub dimensions: Vec<String>,
    pub rows: Vec<AdRow>,
}

/// One row of `stats.getPostReach`, waiting to be joined onto its post.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachRow {
    /// Position of the reach file's report in `Dataset::files`.
    pub report: usize,
    /// The wall's owner, when the row names it (VK's own rows do not).
    pub owner_id: Option<i64>,
    pub post_id: u64,
    pub reach_total: Option<i64>,
    pub links: Option<i64>,
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
    /// Web-analytics tables (Metrica, GA4).
    pub web: Vec<WebTable>,
    /// Ads exports (Meta Ads Manager, Google Ads, VK Ads).
    pub ads: Vec<AdTable>,
    /// Rows of costs files (`report --costs`), ads exports given as costs included.
    pub costs: Vec<CostRow>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TotalsCheck;

    #[test]
    fn money_matches_within_the_rounding_of_its_rows() {
        // Three rows of cents: each rounded by at most 0.005.
        let tol = rounding_tolerance("12.35", 12.35, 3);
        assert!((tol - 0.015).abs() < 1e-6, "{tol}");
        // A whole total still allows cents in its rows.
        assert!((rounding_tolerance("1234", 1234.0, 2) - 0.01).abs() < 1e-5);
        // `1,234` read as 1234 is a thousands group, not three decimals.
        assert!((rounding_tolerance("1,234", 1234.0, 1) - 0.005).abs() < 1e-5);
        // Four decimals written: half of 0.0001 a row.
        assert!((rounding_tolerance("0,7497", 0.7497, 2) - 0.0001).abs() < 1e-6);
    }

    #[test]
    fn a_note_names_only_the_figures_that_fall_short() {
        let mut r = FileReport {
            totals_check: vec![
                TotalsCheck::new("views", "Views", 4521.0, 4520.0, 0.0, true),
                TotalsCheck::new("likes", "Likes", 32.0, 32.0, 0.0, true),
                // Reach summed above a unique total: expected, no note.
                TotalsCheck::new("reach", "Unique viewers", 2223.0, 2254.0, 0.0, false),
            ],
            ..Default::default()
        };
        r.note_totals(2, 0, 0);
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        assert!(r.notes[0].contains("views 4521 in the export, 4520 summed"));
        assert!(!r.notes[0].contains("likes"));
        assert!(!r.notes[0].contains("reach"));
    }
}
