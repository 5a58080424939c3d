//! One module per command: each turns its arguments into options, reads,
//! builds its document (`doc`) and hands it to a renderer (`output`). What
//! several commands share — the outcome, the lines about skipped rows,
//! `--strict` — is here.

pub mod completions;
pub mod core;
pub mod er;
pub mod formulas;
pub mod goals;
pub mod growth;
pub mod inspect;
pub mod mentions;
pub mod report;
pub mod schema;
pub mod suggest;

use anyhow::{bail, Result};

use crate::cli::Format;
use crate::env::Env;
use crate::input::Dataset;
use crate::model::{FileReport, Skip, SkipKind};
use crate::output::markdown::Markdown;
use crate::output::table::TableRenderer;
use crate::output::view::Doc;
use crate::output::Render;

/// Output written as it is made, into stdout or `-o`: a document that lists
/// every post is never held whole.
pub type Streamed = Box<dyn FnOnce(&mut dyn std::io::Write) -> Result<()>>;

/// What a run produced: bytes for stdout (or `-o`), and lines for stderr.
#[derive(Default)]
pub struct Outcome {
    pub output: Vec<u8>,
    /// Written after `output`, as it is made (JSON and NDJSON of `report`).
    pub stream: Option<Streamed>,
    /// Where to write `output`: `None` = stdout.
    pub path: Option<String>,
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outcome")
            .field("output", &self.output.len())
            .field("stream", &self.stream.is_some())
            .field("path", &self.path)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl Outcome {
    /// Writes the output, streamed part and all, into `w`.
    pub fn write_to(self, w: &mut dyn std::io::Write) -> Result<()> {
        w.write_all(&self.output)?;
        if let Some(stream) = self.stream {
            stream(w)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The whole output as bytes (for tests and callers that want it whole).
    pub fn into_bytes(self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write_to(&mut out)?;
        Ok(out)
    }
}

/// `-o FILE`, where `-` is stdout.
fn output_path(o: Option<String>) -> Option<String> {
    o.filter(|p| p != "-")
}

/// A labelled document as a table (for a terminal) or Markdown.
fn render_doc(format: Format, doc: &Doc, env: &Env) -> Result<Vec<u8>> {
    match format {
        Format::Md => Markdown.render(doc),
        _ => TableRenderer { width: env.width }.render(doc),
    }
}

/// Lines for stderr about skipped rows: the first few, then a count.
fn skip_warnings(skipped: &[Skip]) -> Vec<String> {
    let mut w = Vec::new();
    if skipped.is_empty() {
        return w;
    }
    let n = skipped.len();
    w.push(format!("skipped {n} row{}:", if n == 1 { "" } else { "s" }));
    for s in skipped.iter().take(10) {
        w.push(format!("  {}:{}: {}", s.file, s.line, s.reason));
    }
    if skipped.len() > 10 {
        w.push(format!(
            "  ... and {} more (all are listed by `smmkpi inspect` and in JSON under input.skipped)",
            skipped.len() - 10
        ));
    }
    w
}

/// The files' notes, one line each, for stderr.
fn note_warnings(files: &[FileReport]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| {
            f.notes
                .iter()
                .map(move |n| format!("note: {}: {n}", f.path))
        })
        .collect()
}

/// `--strict`: rows that held something unreadable are errors; totals and
/// empty rows are an export's layout and stay reported skips.
fn strict_check(ds: &Dataset) -> Result<()> {
    let invalid: Vec<&Skip> = ds
        .skipped
        .iter()
        .filter(|s| s.kind == SkipKind::Invalid)
        .collect();
    if let Some(first) = invalid.first() {
        bail!(
            "--strict: {} rows could not be used; first: {}:{}: {}",
            invalid.len(),
            first.file,
            first.line,
            first.reason
        );
    }
    if let Some((f, d)) = ds
        .files
        .iter()
        .find_map(|f| f.damaged.first().map(|d| (f, d)))
    {
        bail!(
            "--strict: {}:{}: column '{}': '{}' is a number a spreadsheet turned into a date",
            f.path,
            d.line,
            d.column,
            d.value
        );
    }
    Ok(())
}
