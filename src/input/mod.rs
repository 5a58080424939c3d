//! Readers: every input file becomes canonical [`Post`]s, and every row that
//! does not is reported with its file, line and reason. Readers are chosen
//! here, in one place, by sniffing the content (not the extension).

pub mod activity;
pub mod aliases;
pub mod table;
pub mod telegram;
pub mod telegram_group;
pub mod text;
pub mod values;

use std::io::Read;
use std::path::Path;

use chrono::{NaiveDate, TimeZone};
use serde::Serialize;

use crate::model::{Post, Timestamp};
pub use aliases::{Field, Mapping};
pub use text::Encoding;

/// Settings readers share, validated from the command line.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// `--map FIELD=HEADER` pairs, tried before the built-in aliases.
    pub maps: Vec<(aliases::Field, String)>,
    /// `--platform`; `None` = auto-detect.
    pub platform: Option<String>,
    /// `--tz`: the zone periods are computed in.
    pub tz: Option<chrono_tz::Tz>,
    /// `--year`: the year of dates written without one.
    pub year: Option<i32>,
    /// Today's date, for inferring years (injected, never read deep inside).
    pub today: NaiveDate,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            maps: Vec::new(),
            platform: None,
            tz: None,
            year: None,
            today: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
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

/// A row that did not become a post, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub file: String,
    /// 1-based line in the file (0 where the source has no lines, like JSON).
    pub line: u64,
    pub reason: String,
    /// `totals` and `empty` rows are part of an export's layout; `invalid`
    /// rows held something that could not be read (`--strict` fails on these).
    pub kind: SkipKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    Totals,
    Empty,
    Invalid,
}

/// What was understood of one input file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    pub path: String,
    /// `csv` or `telegram-json`.
    pub format: String,
    /// Detected (or forced) source: `generic`, `meta`, `youtube`, `tiktok`, `telegram`.
    pub platform: String,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<String>,
    /// Lines above the header that were titles, comments or a `sep=` line.
    pub preamble: Vec<PreambleLine>,
    /// Line of the header row.
    pub header_line: Option<u64>,
    pub mapping: Option<Mapping>,
    /// Data rows (or messages) read.
    pub rows_read: u64,
    /// Rows that became posts.
    pub posts: u64,
    /// Rows skipped (each listed in the run's `skipped`).
    pub skipped: u64,
    /// Things worth knowing that are not errors (inferred years, merged albums, ...).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreambleLine {
    pub line: u64,
    pub text: String,
}

/// Everything read from a run's input files.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub posts: Vec<Post>,
    pub files: Vec<FileReport>,
    pub skipped: Vec<Skip>,
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

/// Reads every file into one dataset.
pub fn read_posts(paths: &[String], opts: &ReadOptions) -> Result<Dataset, InputError> {
    let mut ds = Dataset::default();
    for (idx, path) in paths.iter().enumerate() {
        let bytes = load(path)?;
        read_one(&mut ds, idx, &display_name(path), &bytes, opts)?;
    }
    Ok(ds)
}

/// Reads one file's bytes into the dataset.
pub fn read_one(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(), InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty {
            file: name.to_string(),
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(InputError::Format {
            file: name.to_string(),
            message: "this is a spreadsheet (XLSX/XLS); save it as CSV to read it".to_string(),
        });
    }
    let (text, encoding) = text::decode(bytes);
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if first.is_empty() {
        return Err(InputError::Empty {
            file: name.to_string(),
        });
    }
    let before = ds.skipped.len();
    let mut report = if first.starts_with('{') || first.starts_with('[') {
        let value: serde_json::Value =
            serde_json::from_str(first).map_err(|e| InputError::Format {
                file: name.to_string(),
                message: format!("looks like JSON but is not valid JSON: {e}"),
            })?;
        telegram::read(ds, idx, name, &value, opts)?
    } else {
        table::read(ds, idx, name, &text, opts)?
    };
    report.encoding = Some(encoding);
    report.skipped = (ds.skipped.len() - before) as u64;
    ds.files.push(report);
    Ok(())
}
