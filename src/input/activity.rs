//! Activity logs: one row per action of one user, with who acted,
//! when, and optionally what. `core` reads them, and a log may be far larger
//! than memory: it is read in windows (memory-mapped for files), each window
//! split into blocks read on all cores, and reduced to per-(user, month)
//! counts as it goes. Memory grows with distinct users × months, not rows.
//!
//! The header is found among the first rows by the aliases below (English
//! and Russian) or `--map`; encodings and delimiters are sniffed as for post
//! exports. A Telegram Desktop `result.json` of a discussion group (or a
//! full-data export's groups) is read by [`telegram_group`], VK API
//! responses of comments and likes by [`vk_comments`], into the same counts.

pub mod counts;
pub mod scan;
pub mod source;
pub mod telegram_group;
pub mod vk_comments;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::aliases::normalize;
use super::dataset::{display_name, InputError};
use super::layout::MAX_PREAMBLE_ROWS;
use super::records::{self, End, Splitter};
use super::text::{self, delimiter_name};
use super::values::{self, DateContext};
use crate::model::{ActionCount, ActivityColumns, ActivityFile, Encoding, Skip, SkipKind};
use counts::{Aggregator, UserMonthCounts};
use scan::{ActionFilter, Dates, Layout, Quotes, RowFail, Scanned, Scanner};
use source::{Counting, Source, Transcoding, Window, WINDOW};

/// Bytes each worker reads at a time.
const BLOCK: usize = 4 << 20;

/// How much of the input is in memory at once, and how much a worker takes.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    window: usize,
    block: usize,
}

const SIZES: Sizes = Sizes {
    window: WINDOW,
    block: BLOCK,
};
/// Bytes read to sniff the encoding.
const PREFIX: usize = 64 << 10;
/// Bytes of the first window searched for the header.
const HEAD: usize = 1 << 20;
/// Rows after the header sampled to tell `03/04/2024` day-first from month-first.
const DATE_SAMPLE: usize = 1000;
/// Skipped rows described per file; more are only counted.
const DESCRIBED_PER_FILE: usize = 100;
/// Inputs at least this large show a progress bar (on a terminal).
const PROGRESS_FROM: u64 = 64 << 20;

/// A field of an activity log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityField {
    User,
    At,
    Action,
}

impl ActivityField {
    pub const ALL: [ActivityField; 3] = [
        ActivityField::User,
        ActivityField::At,
        ActivityField::Action,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ActivityField::User => "user",
            ActivityField::At => "at",
            ActivityField::Action => "action",
        }
    }

    fn parse(s: &str) -> Option<ActivityField> {
        match s.trim().to_ascii_lowercase().as_str() {
            "user" | "user_id" | "from_id" => Some(ActivityField::User),
            "at" | "time" | "date" | "timestamp" => Some(ActivityField::At),
            "action" | "type" => Some(ActivityField::Action),
            _ => None,
        }
    }

    /// Header names, normalized ([`normalize`]) and best first: of two
    /// headers matching a field, the one matching the earlier alias wins
    /// (`date` over `time`, which may hold only the hour).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            ActivityField::User => &[
                "user id",
                "userid",
                "user",
                "from id",
                "uid",
                "member id",
                "member",
                "author id",
                "subscriber id",
                "profile id",
                "id пользователя",
                "пользователь id",
                "пользователь",
                "id участника",
                "участник",
                "id подписчика",
                "подписчик",
            ],
            ActivityField::At => &[
                "timestamp",
                "datetime",
                "date time",
                "дата и время",
                "event time",
                "action time",
                "created at",
                "created",
                "date",
                "дата",
                "дата действия",
                "time",
                "время",
                "время действия",
            ],
            ActivityField::Action => &[
                "action",
                "action type",
                "event",
                "event type",
                "type",
                "activity",
                "действие",
                "тип действия",
                "событие",
                "тип",
            ],
        }
    }
}

/// Reads `--map FIELD=HEADER` for an activity log (fields `user`, `at`, `action`).
pub fn parse_map_arg(s: &str) -> Result<(ActivityField, String), String> {
    let (f, h) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FIELD=HEADER, found '{s}'"))?;
    let field = ActivityField::parse(f).ok_or_else(|| {
        format!("unknown field '{f}'; fields of an activity log are: user, at, action")
    })?;
    if h.trim().is_empty() {
        return Err(format!("no header given for field '{f}'"));
    }
    Ok((field, h.to_string()))
}

/// Settings for reading activity logs, validated from the command line.
#[derive(Debug, Clone, Default)]
pub struct ActivityOptions {
    /// `--map FIELD=HEADER`, tried before the aliases.
    pub maps: Vec<(ActivityField, String)>,
    /// `--tz`: the zone months are taken in for times with an offset.
    pub tz: Option<chrono_tz::Tz>,
    /// `--actions`: only these action values count.
    pub actions: Option<Vec<String>>,
    /// Draw a progress bar on stderr for large inputs.
    pub progress: bool,
    /// User ids are printed (`core --list`): every name is kept, not only
    /// told apart from the others.
    pub names: bool,
}

/// Everything read from a run's activity logs.
#[derive(Debug, Default)]
pub struct ActivityData {
    pub files: Vec<ActivityFile>,
    /// The first skipped rows of each file, described.
    pub skipped: Vec<Skip>,
    /// Every skipped row, by reason code.
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    pub action_values: Vec<ActionCount>,
    pub counts: UserMonthCounts,
    /// Two distinct user ids shared a hash in this read: `counts` is not
    /// to be used.
    counts_collided: bool,
    /// Hashed ids collided, so the input was read again with exact ids.
    pub read_again: bool,
}

impl ActivityData {
    pub fn rows_read(&self) -> u64 {
        self.files.iter().map(|f| f.rows_read).sum()
    }

    pub fn actions(&self) -> u64 {
        self.files.iter().map(|f| f.actions).sum()
    }

    pub fn filtered_out(&self) -> u64 {
        self.files.iter().map(|f| f.filtered_out).sum()
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped_by_reason.values().sum()
    }

    /// Skipped rows that held something unreadable (`--strict` fails on these).
    pub fn invalid_total(&self) -> u64 {
        RowFail::ALL
            .iter()
            .filter(|f| f.kind() == SkipKind::Invalid)
            .map(|f| self.skipped_by_reason.get(f.code()).copied().unwrap_or(0))
            .sum()
    }
}

/// What the readers hand over, and where it goes.
pub(crate) struct Collector {
    agg: Aggregator,
    skipped: Vec<Skip>,
    described: usize,
    by_reason: BTreeMap<&'static str, u64>,
    actions: Vec<ActionCount>,
}

impl Collector {
    fn new(agg: Aggregator) -> Self {
        Collector {
            agg,
            skipped: Vec::new(),
            described: 0,
            by_reason: BTreeMap::new(),
            actions: Vec::new(),
        }
    }

    /// How this run reads ids that are not numbers.
    pub(crate) fn ids(&self) -> &counts::Ids {
        self.agg.ids()
    }

    /// Takes the result of reading some rows whose first line is `line_base`.
    pub(crate) fn commit(&mut self, file: &mut ActivityFile, line_base: u64, s: Scanned) {
        let Scanned {
            keys,
            witnesses,
            names,
            rows,
            used,
            filtered_out,
            skips,
            skip_counts,
            actions,
            actions_other,
            windows_1251,
            ..
        } = s;
        file.rows_read += rows;
        file.actions += used;
        file.filtered_out += filtered_out;
        for (fail, &n) in RowFail::ALL.iter().zip(&skip_counts) {
            if n > 0 {
                file.skipped += n;
                *self.by_reason.entry(fail.code()).or_default() += n;
            }
        }
        for sk in skips {
            if self.described < DESCRIBED_PER_FILE {
                self.described += 1;
                self.skipped.push(Skip {
                    file: file.path.clone(),
                    line: if line_base == 0 {
                        0
                    } else {
                        line_base + sk.line
                    },
                    reason: sk.reason,
                    kind: sk.fail.kind(),
                });
            }
        }
        for a in actions {
            match self.actions.iter_mut().find(|x| x.action == a.value) {
                Some(x) => x.rows += a.rows,
                None => self.actions.push(ActionCount {
                    action: a.value,
                    rows: a.rows,
                    counted: a.counted,
                }),
            }
        }
        if actions_other > 0 {
            match self.actions.iter_mut().find(|x| x.action == "(other)") {
                Some(x) => x.rows += actions_other,
                None => self.actions.push(ActionCount {
                    action: "(other)".to_string(),
                    rows: actions_other,
                    counted: false,
                }),
            }
        }
        if windows_1251 && !file.notes.iter().any(|n| n.contains("Windows-1251")) {
            file.notes
                .push("some cells are not UTF-8: they were read as Windows-1251".to_string());
        }
        self.agg.add(keys, witnesses, names);
    }
}

/// Reads every input into per-(user, month) counts.
pub fn read_activity(paths: &[String], opts: &ActivityOptions) -> Result<ActivityData, InputError> {
    read_activity_with_sizes(paths, opts, ReadSizes::default())
}

/// The sizes a log is read and counted in; small ones put every boundary
/// (windows, workers' blocks, merges of the counts, chunks of the
/// aggregate) inside small inputs, for tests and fuzzing.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ReadSizes {
    /// Bytes of a file in memory at once (1 to the default).
    pub window: usize,
    /// Bytes a worker reads at a time (1 to the default).
    pub block: usize,
    /// Actions buffered before they are merged into the counts (at least 1).
    pub pending: usize,
    /// (user, month) pairs per chunk of the counts (at least 1).
    pub chunk: usize,
}

impl Default for ReadSizes {
    fn default() -> Self {
        ReadSizes {
            window: SIZES.window,
            block: SIZES.block,
            pending: counts::MIN_PENDING,
            chunk: counts::CHUNK,
        }
    }
}

/// [`read_activity`] with the given [`ReadSizes`]; the header is found as
/// [`read_activity`] finds it.
#[doc(hidden)]
pub fn read_activity_with_sizes(
    paths: &[String],
    opts: &ActivityOptions,
    read: ReadSizes,
) -> Result<ActivityData, InputError> {
    // Standard input cannot be read again should two names share a hash.
    let ids = match (paths.iter().any(|p| p == "-"), opts.names) {
        (true, _) => counts::Ids::Exact,
        (false, true) => counts::Ids::hashed(),
        (false, false) => counts::Ids::hashed_unnamed(),
    };
    read_activity_with_ids(paths, opts, read, ids)
}

/// [`read_activity_with_sizes`] with names read as `ids` says; when two
/// distinct names share a hash, the input is read again with
/// [`counts::Ids::Exact`] (and [`ActivityData::read_again`] says so).
#[doc(hidden)]
pub fn read_activity_with_ids(
    paths: &[String],
    opts: &ActivityOptions,
    read: ReadSizes,
    ids: counts::Ids,
) -> Result<ActivityData, InputError> {
    let data = read_once(paths, opts, read, ids)?;
    if !data.counts_collided {
        return Ok(data);
    }
    let mut again = read_once(paths, opts, read, counts::Ids::Exact)?;
    again.read_again = true;
    Ok(again)
}

fn read_once(
    paths: &[String],
    opts: &ActivityOptions,
    read: ReadSizes,
    ids: counts::Ids,
) -> Result<ActivityData, InputError> {
    let sizes = Sizes {
        window: read.window.clamp(1, SIZES.window),
        block: read.block.clamp(1, SIZES.block),
    };
    let progress = progress_bar(paths, opts.progress);
    let filter = ActionFilter::new(opts.actions.as_deref());
    let mut c = Collector::new(Aggregator::with_ids(
        read.pending.max(1),
        read.chunk.max(1),
        ids,
    ));
    let mut files = Vec::new();
    for path in paths {
        c.described = 0;
        let file = read_file(path, opts, &filter, &progress, &mut c, sizes)?;
        files.push(file);
    }
    progress.finish_and_clear();
    let counts = c.agg.finish();
    let counts_collided = counts.collided();
    let mut action_values = c.actions;
    action_values.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.action.cmp(&b.action)));
    Ok(ActivityData {
        files,
        skipped: c.skipped,
        skipped_by_reason: c.by_reason,
        action_values,
        counts,
        counts_collided,
        read_again: false,
    })
}

fn progress_bar(paths: &[String], enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let stdin = paths.iter().any(|p| p == "-");
    let total: u64 = paths
        .iter()
        .filter(|p| *p != "-")
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if total < PROGRESS_FROM && !stdin {
        return ProgressBar::hidden();
    }
    let bar = if stdin {
        ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} read ({bytes_per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        )
    } else {
        ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}

/// The header of a log: where it is and what its columns are.
#[derive(Debug)]
struct Header {
    layout: Layout,
    columns: ActivityColumns,
    /// Offset of the first data row in the text.
    data_start: usize,
    /// Line number (1-based) of the first data row.
    data_line: u64,
    header_line: u64,
    slash_order: values::SlashOrder,
    /// The user ids of the rows sampled after the header.
    users: Vec<Vec<u8>>,
    notes: Vec<String>,
}

/// Splits one record off `data` at `pos` (`records`): its fields, the
/// offset after it, and the line breaks it spans.
fn record(data: &[u8], pos: usize, delim: u8) -> (Vec<Vec<u8>>, usize, u64) {
    let split = Splitter {
        delim,
        eof: true,
        stop_at_quote: false,
    };
    let mut fields = Vec::new();
    let End::Record { next, inner, open } =
        split.record(data, pos, |f| fields.push(records::value(data, f)))
    else {
        unreachable!("a splitter with eof and no stop ends every record")
    };
    if let Some(last) = fields.last_mut() {
        if last.last() == Some(&b'\r') {
            last.pop();
        }
    }
    let ended_line = !open && next > pos && data[next - 1] == b'\n';
    (fields, next, inner + u64::from(ended_line))
}

/// The column of each field in a header row, by `--map` or by alias.
fn map_columns(headers: &[String], maps: &[(ActivityField, String)]) -> [Option<usize>; 3] {
    let norm: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut out = [None; 3];
    for (slot, field) in out.iter_mut().zip(ActivityField::ALL) {
        if let Some((_, wanted)) = maps.iter().find(|(f, _)| *f == field) {
            let w = normalize(wanted);
            *slot = norm.iter().position(|h| *h == w);
            continue;
        }
        *slot = field
            .aliases()
            .iter()
            .find_map(|a| norm.iter().position(|h| h == a));
    }
    out
}

fn header_error(name: &str, found: &[String], missing: &[ActivityField]) -> InputError {
    let list: Vec<String> = found
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| format!("'{}'", h.trim()))
        .collect();
    let need: Vec<&str> = missing
        .iter()
        .map(|f| match f {
            ActivityField::User => {
                "the user (user_id, user, from_id, Пользователь, ID пользователя)"
            }
            ActivityField::At => "the time (timestamp, date, time, Дата, Время)",
            ActivityField::Action => "the action (action, type, Действие)",
        })
        .collect();
    let hint: Vec<String> = missing
        .iter()
        .map(|f| format!("--map {}=HEADER", f.name()))
        .collect();
    InputError::Format {
        file: name.to_string(),
        message: format!(
            "no column for {} in an activity log\n  headers found: {}\n  hint: name the columns with {}",
            need.join(" or "),
            if list.is_empty() { "(none)".to_string() } else { list.join(", ") },
            hint.join(" ")
        ),
    }
}

/// Finds the header among the first rows of `head` (UTF-8 text).
fn find_header(name: &str, head: &[u8], opts: &ActivityOptions) -> Result<Header, InputError> {
    let mut notes = Vec::new();
    // `#` comments and a `sep=` line above the table.
    let mut pos = 0usize;
    let mut sep = None;
    while pos < head.len() {
        let end = memchr::memchr(b'\n', &head[pos..]).map_or(head.len(), |i| pos + i + 1);
        let line = String::from_utf8_lossy(&head[pos..end]);
        let t = line.trim_end_matches(['\r', '\n']);
        let s = text::sep_line(t);
        if t.starts_with('#') || s.is_some() {
            sep = sep.or(s);
            pos = end;
        } else {
            break;
        }
    }
    let body = &head[pos..];
    let delimiter = sep.unwrap_or_else(|| {
        let sample = &body[..body.len().min(64 << 10)];
        text::sniff_delimiter(&String::from_utf8_lossy(sample))
    });
    let mut at = pos;
    let mut first_row: Option<Vec<String>> = None;
    for _ in 0..MAX_PREAMBLE_ROWS {
        if at >= head.len() {
            break;
        }
        let (fields, next, _) = record(head, at, delimiter);
        let cells: Vec<String> = fields
            .iter()
            .map(|f| scan::text_of(f).into_owned())
            .collect();
        let start = at;
        at = next;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cols = map_columns(&cells, &opts.maps);
        let (Some(user), Some(at_col)) = (cols[0], cols[1]) else {
            if first_row.is_none() {
                first_row = Some(cells);
            }
            continue;
        };
        if user == at_col {
            return Err(InputError::Format {
                file: name.to_string(),
                message: format!(
                    "column '{}' cannot be both the user and the time",
                    cells[user].trim()
                ),
            });
        }
        if opts.actions.is_some() && cols[2].is_none() {
            return Err(InputError::Format {
                file: name.to_string(),
                message: format!(
                    "--actions needs an action column, and this log has none\n  headers found: {}\n  hint: name it with --map action=HEADER, or leave out --actions",
                    cells.iter().map(|c| format!("'{}'", c.trim())).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        for (field, wanted) in &opts.maps {
            let i = ActivityField::ALL
                .iter()
                .position(|f| f == field)
                .unwrap_or(0);
            if cols[i].is_none() {
                notes.push(format!(
                    "--map {}='{}': the file has no such header",
                    field.name(),
                    wanted
                ));
            }
        }
        let header_line = 1 + memchr::memchr_iter(b'\n', &head[..start]).count() as u64;
        let data_line = 1 + memchr::memchr_iter(b'\n', &head[..at]).count() as u64;
        if start > pos {
            notes.push(format!(
                "{} lines above the header (titles) were skipped",
                header_line - 1 - memchr::memchr_iter(b'\n', &head[..pos]).count() as u64
            ));
        }
        // Sample the time column to tell day-first slash dates from
        // month-first, and the user column for the ids' prefix.
        let mut sample = Vec::new();
        let mut users = Vec::new();
        let mut p = at;
        while p < head.len() && sample.len() < DATE_SAMPLE {
            let (f, next, _) = record(head, p, delimiter);
            p = next;
            if let Some(v) = f.get(at_col) {
                sample.push(scan::text_of(v).into_owned());
            }
            if let Some(v) = f.get(user) {
                users.push(v.trim_ascii().to_vec());
            }
        }
        let slash_order = values::detect_slash_order(sample.iter().map(|s| s.as_str()));
        if sample.iter().any(|s| s.contains('/')) {
            notes.push(format!(
                "dates with slashes are read {} (from the first {} rows)",
                match slash_order {
                    values::SlashOrder::DayFirst => "day first (DD/MM/YYYY)",
                    values::SlashOrder::MonthFirst => "month first (MM/DD/YYYY)",
                },
                sample.len()
            ));
        }
        let name_of = |i: usize| cells[i].trim().to_string();
        return Ok(Header {
            layout: Layout {
                delimiter,
                user,
                at: at_col,
                action: cols[2],
            },
            columns: ActivityColumns {
                user: name_of(user),
                at: name_of(at_col),
                action: cols[2].map(name_of),
            },
            data_start: at,
            data_line,
            header_line,
            slash_order,
            users,
            notes,
        });
    }
    let found = first_row.unwrap_or_default();
    let cols = map_columns(&found, &opts.maps);
    let missing: Vec<ActivityField> = [ActivityField::User, ActivityField::At]
        .into_iter()
        .zip(cols)
        .filter(|(_, c)| c.is_none())
        .map(|(f, _)| f)
        .collect();
    Err(header_error(name, &found, &missing))
}

/// Reads one input: a Telegram group export, or a delimited log.
fn read_file(
    path: &str,
    opts: &ActivityOptions,
    filter: &ActionFilter,
    progress: &ProgressBar,
    c: &mut Collector,
    sizes: Sizes,
) -> Result<ActivityFile, InputError> {
    let name = display_name(path);
    let io_err = |source: io::Error| InputError::Io {
        file: name.clone(),
        source,
    };
    let (mut raw, file): (Box<dyn Read + Send>, Option<File>) = if path == "-" {
        let stdin = Counting {
            inner: io::stdin(),
            progress: progress.clone(),
        };
        (Box::new(stdin), None)
    } else {
        let f = File::open(path).map_err(io_err)?;
        let reader = f.try_clone().map_err(io_err)?;
        (Box::new(reader), Some(f))
    };
    let mut prefix = Vec::new();
    raw.by_ref()
        .take(PREFIX as u64)
        .read_to_end(&mut prefix)
        .map_err(io_err)?;
    if prefix.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty { file: name });
    }
    if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(InputError::Format {
            file: name,
            message: "this is a spreadsheet (XLSX/XLS); save it as CSV to read it".to_string(),
        });
    }
    let (encoding, bom) = if prefix.starts_with(b"\xEF\xBB\xBF") {
        (Encoding::Utf8Bom, 3)
    } else if prefix.starts_with(b"\xFF\xFE") {
        (Encoding::Utf16Le, 2)
    } else if prefix.starts_with(b"\xFE\xFF") {
        (Encoding::Utf16Be, 2)
    } else {
        (text::decode(&prefix).1, 0)
    };
    let transcoder = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => None,
        Encoding::Utf16Le => Some(encoding_rs::UTF_16LE),
        Encoding::Utf16Be => Some(encoding_rs::UTF_16BE),
        Encoding::Windows1251 => Some(encoding_rs::WINDOWS_1251),
    };
    // The input from its first byte after the mark, as a stream.
    let counted_prefix = file.is_some();
    let rest = move |prefix: Vec<u8>| -> Box<dyn Read + Send> {
        if counted_prefix {
            progress.inc(prefix.len() as u64);
            let raw = Counting {
                inner: raw,
                progress: progress.clone(),
            };
            Box::new(io::Cursor::new(prefix).chain(raw))
        } else {
            Box::new(io::Cursor::new(prefix).chain(raw))
        }
    };
    let first = prefix[bom..]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if transcoder.is_none() && matches!(first, Some(b'{' | b'[')) {
        let mut report = ActivityFile {
            path: name.clone(),
            format: "telegram-json".to_string(),
            encoding: Some(encoding),
            ..Default::default()
        };
        let vk = vk_comments::looks_like_vk(&prefix[bom..]);
        let reader = io::BufReader::with_capacity(1 << 20, rest(prefix[bom..].to_vec()));
        let dates = Dates {
            ctx: DateContext::default(),
            tz: opts.tz,
        };
        if vk {
            vk_comments::read(reader, &mut report, &dates, filter, c)?;
        } else {
            telegram_group::read(reader, &mut report, &dates, filter, c)
                .map_err(|e| super::describe::activity_json(e, path))?;
        }
        return Ok(report);
    }
    let mut src = match (transcoder, file) {
        (None, Some(f)) => Source::mapped(f, bom as u64, progress.clone()).map_err(io_err)?,
        (None, None) => Source::stream(rest(prefix[bom..].to_vec()), progress.clone()),
        (Some(enc), _) => Source::stream(
            Box::new(Transcoding::new(rest(prefix[bom..].to_vec()), enc)),
            progress.clone(),
        ),
    };
    let first = src.first(SIZES.window).map_err(io_err)?;
    let head = if first.len() > HEAD {
        let cut = memchr::memrchr(b'\n', &first[..HEAD]).map_or(HEAD, |i| i + 1);
        &first[..cut]
    } else {
        &first[..]
    };
    let header = find_header(&name, head, opts)?;
    if let counts::Ids::Hashed(h) = c.ids() {
        h.choose_prefix(header.users.iter().map(|u| &u[..]));
    }
    let mut report = ActivityFile {
        path: name.clone(),
        format: "csv".to_string(),
        encoding: Some(encoding),
        delimiter: Some(delimiter_name(header.layout.delimiter)),
        header_line: Some(header.header_line),
        columns: Some(header.columns.clone()),
        notes: header.notes.clone(),
        ..Default::default()
    };
    let dates = Dates {
        ctx: DateContext {
            slash_order: header.slash_order,
            default_year: None,
        },
        tz: opts.tz,
    };
    let scanner = Scanner {
        layout: header.layout,
        dates: &dates,
        filter,
    };
    // Smaller windows than the first start again at the first data row
    // (a stream keeps the bytes it has read).
    let (first, skip) = if first.len() > sizes.window {
        let at = first.start + header.data_start as u64;
        let w = src
            .window(at, &first[header.data_start..], sizes.window)
            .map_err(io_err)?;
        (w, 0)
    } else {
        (first, header.data_start)
    };
    read_rows(
        &mut src,
        first,
        &scanner,
        (skip, header.data_line),
        &mut report,
        c,
        sizes,
    )
    .map_err(io_err)?;
    if report.rows_read == 0 {
        report
            .notes
            .push("the file has a header but no data rows".to_string());
    }
    Ok(report)
}

/// Splits `region` into blocks of about `block` bytes ending at line breaks.
fn blocks(region: &[u8], block: usize) -> Vec<(usize, usize)> {
    records::cut_parts(0, region.len(), block, usize::MAX, |target| {
        memchr::memchr(b'\n', &region[target..]).map(|i| target + i + 1)
    })
}

/// Reads the data rows, from offset `skip` of the first window (line
/// `line`) to the end of the input. Blocks are read in parallel, while the
/// next window is mapped (or read), until a quoted field appears; from there
/// on the rest of the input is read in order, since a line break inside
/// quotes cannot be told from a row's end without reading everything before it.
fn read_rows(
    src: &mut Source,
    mut cur: Window,
    scanner: &Scanner,
    (mut skip, mut line): (usize, u64),
    report: &mut ActivityFile,
    c: &mut Collector,
    sizes: Sizes,
) -> io::Result<()> {
    let mut want = sizes.window;
    let mut in_order = false;
    loop {
        let data = &cur[skip..];
        if in_order {
            let mut s = Scanned::new(c.ids());
            let end = scanner.scan(data, cur.eof, Quotes::Read, &mut s);
            let lines = s.lines;
            c.commit(report, line, s);
            line += lines;
            if cur.eof {
                return Ok(());
            }
            // A quoted row longer than the window needs a longer one.
            want = if end.consumed == 0 {
                want.saturating_mul(2)
            } else {
                sizes.window
            };
            let used = skip + end.consumed;
            let next = src.window(cur.start + used as u64, &cur[used..], want)?;
            src.recycle(std::mem::replace(&mut cur, next));
            skip = 0;
            continue;
        }
        let region_end = if cur.eof {
            data.len()
        } else {
            match memchr::memrchr(b'\n', data) {
                Some(i) => i + 1,
                None => {
                    // One row longer than the window: look further.
                    want = want.saturating_mul(2);
                    let next = src.window(cur.start + skip as u64, data, want)?;
                    src.recycle(std::mem::replace(&mut cur, next));
                    skip = 0;
                    continue;
                }
            }
        };
        want = sizes.window;
        let region = &data[..region_end];
        let parts = blocks(region, sizes.block);
        let ids = c.ids().clone();
        let read_blocks = || -> Vec<(Scanned, scan::ScanEnd)> {
            parts
                .par_iter()
                .map(|&(s, e)| {
                    let mut out = Scanned::new(&ids);
                    let last = cur.eof && e == region.len();
                    let end = scanner.scan(&region[s..e], last, Quotes::Stop, &mut out);
                    (out, end)
                })
                .collect()
        };
        let (results, next) = if cur.eof {
            (read_blocks(), None)
        } else {
            let at = cur.start + (skip + region_end) as u64;
            let (results, next) = rayon::join(read_blocks, || {
                src.window(at, &data[region_end..], sizes.window)
            });
            (results, Some(next?))
        };
        let mut quoted_from = None;
        for (&(s, _), (out, end)) in parts.iter().zip(results) {
            let lines = out.lines;
            c.commit(report, line, out);
            line += lines;
            if end.quote {
                quoted_from = Some(skip + s + end.consumed);
                break;
            }
        }
        match (quoted_from, next) {
            (Some(from), None) => {
                in_order = true;
                skip = from;
            }
            (Some(from), Some(next)) => {
                // From the quoted row on, in order: this window's rest, then the next.
                in_order = true;
                let joined =
                    src.rejoin(cur.start + from as u64, &cur[from..skip + region_end], next)?;
                src.recycle(std::mem::replace(&mut cur, joined));
                skip = 0;
            }
            (None, Some(next)) => {
                src.recycle(std::mem::replace(&mut cur, next));
                skip = 0;
            }
            (None, None) => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ActivityOptions {
        ActivityOptions::default()
    }

    #[test]
    fn finds_the_header_below_titles_and_comments() {
        let text = "# exported 2024\nsep=;\nActivity of the group\nПользователь;Дата;Действие\n1;01.02.2024 10:00:00;лайк\n";
        let h = find_header("x", text.as_bytes(), &opts()).unwrap();
        assert_eq!(h.layout.delimiter, b';');
        assert_eq!(
            (h.layout.user, h.layout.at, h.layout.action),
            (0, 1, Some(2))
        );
        assert_eq!(h.header_line, 4);
        assert_eq!(h.data_line, 5);
        assert_eq!(&text.as_bytes()[h.data_start..h.data_start + 2], b"1;");
        assert_eq!(h.columns.at, "Дата");
        assert!(h.notes.iter().any(|n| n.contains("1 lines above")));
    }

    #[test]
    fn date_is_preferred_over_time_and_map_overrides_aliases() {
        let text = "time,user_id,date\n10:00,1,2024-01-02\n";
        let h = find_header("x", text.as_bytes(), &opts()).unwrap();
        assert_eq!(h.layout.at, 2);
        let o = ActivityOptions {
            maps: vec![(ActivityField::User, "Who".to_string())],
            ..opts()
        };
        let h = find_header("x", b"Who,user,when_date,date\n", &o).unwrap();
        assert_eq!(h.layout.user, 0);
        assert_eq!(h.layout.at, 3);
    }

    #[test]
    fn a_log_without_a_user_column_names_what_is_missing() {
        let e = find_header("log.csv", b"name,date\nx,2024-01-01\n", &opts()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("the user"), "{msg}");
        assert!(msg.contains("'name', 'date'"), "{msg}");
        assert!(msg.contains("--map user=HEADER"), "{msg}");
        assert!(!msg.contains("--map at="), "{msg}");
    }

    #[test]
    fn actions_need_an_action_column() {
        let o = ActivityOptions {
            actions: Some(vec!["like".to_string()]),
            ..opts()
        };
        let e = find_header("x", b"user,date\n1,2024-01-01\n", &o).unwrap_err();
        assert!(e.to_string().contains("--actions needs an action column"));
    }

    #[test]
    fn records_keep_quoted_line_breaks_and_report_crlf_ends() {
        let data = b"a,\"b\nc\",\"d\"\"e\"\r\nnext";
        let (f, end, lines) = record(data, 0, b',');
        assert_eq!(f, vec![b"a".to_vec(), b"b\nc".to_vec(), b"d\"e".to_vec()]);
        assert_eq!(&data[end..], b"next");
        assert_eq!(lines, 2);
    }

    #[test]
    fn map_args_name_activity_fields() {
        assert_eq!(
            parse_map_arg("user=Кто").unwrap(),
            (ActivityField::User, "Кто".to_string())
        );
        assert_eq!(parse_map_arg("time=When").unwrap().0, ActivityField::At);
        assert!(parse_map_arg("reach=x")
            .unwrap_err()
            .contains("user, at, action"));
        assert!(parse_map_arg("user=").is_err());
        assert!(parse_map_arg("user").is_err());
    }

    /// A user's id and their (month, actions).
    type UserCounts = (String, Vec<(String, u32)>);

    /// Every user's months and counts, and the rows read, after reading through `src`.
    fn counts_of(mut src: Source, sizes: Sizes) -> (Vec<UserCounts>, u64) {
        let dates = Dates {
            ctx: DateContext::default(),
            tz: None,
        };
        let filter = ActionFilter::default();
        let first = src.first(sizes.window).unwrap();
        let h = find_header("x", &first, &opts()).unwrap();
        let scanner = Scanner {
            layout: h.layout,
            dates: &dates,
            filter: &filter,
        };
        let mut c = Collector::new(Aggregator::new());
        let mut report = ActivityFile::default();
        read_rows(
            &mut src,
            first,
            &scanner,
            (h.data_start, h.data_line),
            &mut report,
            &mut c,
            sizes,
        )
        .unwrap();
        let counts = c.agg.finish();
        let mut out = Vec::new();
        counts.for_each_user(|u, ms| {
            out.push((
                counts.user_id(u),
                ms.iter().map(|(m, n)| (m.to_string(), *n)).collect(),
            ))
        });
        (out, report.rows_read)
    }

    #[test]
    fn windows_and_blocks_of_any_size_give_the_same_counts() {
        let mut text = String::from("user,date,action,note\n");
        for i in 0..3000u32 {
            let (user, month) = (i * 7 % 41, 1 + i % 5);
            if i < 1700 {
                text.push_str(&format!("{user},2024-{month:02}-05 10:00,like,n\n"));
            } else {
                // Quoted fields with line breaks from here on.
                text.push_str(&format!(
                    "\"{user}\",2024-{month:02}-05,like,\"a\nb, \"\"c\"\"\"\n"
                ));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, &text).unwrap();
        let whole = Sizes {
            window: 1 << 30,
            block: 1 << 30,
        };
        let stream = |t: &str| {
            Source::stream(
                Box::new(io::Cursor::new(t.as_bytes().to_vec())),
                ProgressBar::hidden(),
            )
        };
        let (want, rows) = counts_of(stream(&text), whole);
        assert_eq!(rows, 3000);
        assert_eq!(want.len(), 41);
        for (window, block) in [(8192, 2048), (4096, 100), (700, 64), (97, 40)] {
            let sizes = Sizes { window, block };
            let mapped =
                Source::mapped(File::open(&path).unwrap(), 0, ProgressBar::hidden()).unwrap();
            assert_eq!(
                counts_of(mapped, sizes),
                (want.clone(), 3000),
                "file, {sizes:?}"
            );
            assert_eq!(
                counts_of(stream(&text), sizes),
                (want.clone(), 3000),
                "stream, {sizes:?}"
            );
        }
    }

    #[test]
    fn blocks_end_at_line_breaks() {
        let mut data = Vec::new();
        while data.len() < 3 * BLOCK {
            data.extend_from_slice(b"12345,2024-01-01 00:00:00,like\n");
        }
        let b = blocks(&data, BLOCK);
        assert!(b.len() >= 3);
        assert_eq!(b[0].0, 0);
        assert_eq!(b.last().unwrap().1, data.len());
        for w in b.windows(2) {
            assert_eq!(w[0].1, w[1].0);
            assert_eq!(data[w[0].1 - 1], b'\n');
        }
    }
}
