//! The environment a run sees: today's date, the locale, the terminal, and
//! how large files are read. [`Env::from_process`] reads it once, in
//! `main`; everything below takes it from the [`Env`] passed down, so tests
//! and fuzz targets control it and nothing deep inside reads a variable.

use std::io::IsTerminal;

use chrono::NaiveDate;

use crate::input::StreamLimits;

/// The environment a run sees, injected so tests control it.
#[derive(Debug, Clone)]
pub struct Env {
    pub today: NaiveDate,
    /// `LANG` (or `LC_ALL`) for the default label language.
    pub locale: Option<String>,
    /// Terminal width when stdout is a terminal.
    pub width: Option<u16>,
    /// Whether stdout is a terminal (binary output is refused there).
    pub stdout_is_terminal: bool,
    /// Whether stderr is a terminal (a progress bar is drawn there).
    pub stderr_is_terminal: bool,
    /// When a file is streamed, and on how many threads.
    pub limits: StreamLimits,
}

impl Env {
    /// An environment for tests: a fixed date, no locale, no terminal, the
    /// default read limits.
    pub fn fixed(today: NaiveDate) -> Env {
        Env {
            today,
            locale: None,
            width: None,
            stdout_is_terminal: false,
            stderr_is_terminal: false,
            limits: StreamLimits::default(),
        }
    }

    /// The environment of this process:
    /// - `SMMKPI_TODAY` (YYYY-MM-DD) fixes today's date for reproducible
    ///   runs (year inference of year-less dates depends on it), else the
    ///   local date;
    /// - `LC_ALL`, else `LANG`, picks the label language;
    /// - `COLUMNS` gives the table width on a terminal (else 120);
    /// - `SMMKPI_THREADS=N` reads a large file in N parts at once (1–8;
    ///   default: the cores there are), `SMMKPI_STREAM=off` reads every file
    ///   whole, `SMMKPI_STREAM_HEAD=N` streams every file with N rows
    ///   deciding what the rest are (the tests compare the two ways);
    /// - `SMMKPI_KEEP_IN_MEMORY=BYTES`: the posts an output lists are kept
    ///   in memory up to this many bytes (default 8 MiB per part read at
    ///   once), then in a temporary file (0: always in the file);
    /// - `SMMKPI_SHEET_HEAD=N`: rows of a workbook sheet held to decide what
    ///   it is (default 100,000; a longer sheet of posts is read row by row);
    /// - `SMMKPI_MAX_JSON=BYTES`: the largest JSON export read (default 64 MiB).
    pub fn from_process() -> Env {
        let var = |name: &str| std::env::var(name).ok();
        let today = var("SMMKPI_TODAY")
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let width =
            stdout_is_terminal.then(|| var("COLUMNS").and_then(|c| c.parse().ok()).unwrap_or(120));
        let mut limits = match var("SMMKPI_THREADS").and_then(|v| v.parse::<usize>().ok()) {
            Some(threads) => StreamLimits::new(threads),
            None => StreamLimits::default(),
        };
        if let Some(bytes) = var("SMMKPI_KEEP_IN_MEMORY").and_then(|v| v.parse().ok()) {
            limits.keep_in_memory = bytes;
        }
        if let Some(rows) = var("SMMKPI_SHEET_HEAD").and_then(|v| v.parse::<usize>().ok()) {
            limits.sheet_head = rows.max(1);
        }
        if let Some(bytes) = var("SMMKPI_MAX_JSON").and_then(|v| v.parse().ok()) {
            limits.max_json = bytes;
        }
        if var("SMMKPI_STREAM").is_some_and(|v| v == "off") {
            limits = limits.whole();
        } else if let Some(head) = var("SMMKPI_STREAM_HEAD").and_then(|v| v.parse().ok()) {
            limits = limits.streamed(head);
        }
        Env {
            today,
            locale: var("LC_ALL")
                .filter(|s| !s.is_empty())
                .or_else(|| var("LANG")),
            width,
            stdout_is_terminal,
            stderr_is_terminal: std::io::stderr().is_terminal(),
            limits,
        }
    }
}
