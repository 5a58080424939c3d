//! Reading a file whole: its bytes (or stdin's) decide the reader — a
//! spreadsheet, a JSON export, or a delimited table — through [`detect`].
//! Small files, spreadsheets and JSON are read this way; a large table
//! streams instead (`stream`), and falls back here when it must.

use super::dataset::{Dataset, InputError, PostSink, ReadOptions, Source};
use super::detect::{self, JsonKind, TextKind};
use super::{table, telegram, text, vk, xlsx};
use crate::model::{FileReport, Post};

/// Reads a JSON export, choosing the reader by the document's shape.
fn read_json(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    doc: &serde_json::Value,
    opts: &ReadOptions,
) -> Result<FileReport, InputError> {
    match detect::json_kind(doc) {
        JsonKind::Telegram => telegram::read(ds, idx, name, doc, opts),
        JsonKind::TelegramFull => Ok(telegram::read_full(ds, idx, name, doc, opts)),
        JsonKind::Vk(shape) => Ok(vk::read(ds, idx, name, doc, shape, opts)),
        JsonKind::Unknown(message) => Err(InputError::Format {
            file: name.to_string(),
            message,
        }),
    }
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
    if detect::is_spreadsheet(bytes) {
        let before = ds.skipped.len();
        let mut report = xlsx::read(ds, Source { idx, name, opts }, bytes, sink)?;
        report.skipped = (ds.skipped.len() - before) as u64;
        ds.files.push(report);
        return Ok(());
    }
    let (text, encoding) = text::decode(bytes);
    let first = detect::text_start(&text);
    let before = ds.skipped.len();
    let mut report = match detect::text_kind(first) {
        TextKind::Empty => {
            return Err(InputError::Empty {
                file: name.to_string(),
            })
        }
        TextKind::Binary => {
            return Err(InputError::Format {
                file: name.to_string(),
                message: "binary data, not a text export: smmkpi reads CSV, TSV and JSON exports (save a spreadsheet as CSV first)".to_string(),
            })
        }
        TextKind::Json => {
            let max = opts.limits.max_json;
            if bytes.len() as u64 > max {
                return Err(super::dataset::json_too_large(name, bytes.len() as u64, max));
            }
            let value: serde_json::Value =
                serde_json::from_str(first).map_err(|e| InputError::Format {
                    file: name.to_string(),
                    message: format!("looks like JSON but is not valid JSON: {e}"),
                })?;
            read_json(ds, idx, name, &value, opts)?
        }
        TextKind::Table => table::read(ds, Source { idx, name, opts }, &text, sink)?,
    };
    report.encoding = Some(encoding);
    if let Some(sheet) = &opts.sheet {
        report.notes.push(format!(
            "--sheet '{sheet}' is for workbooks: this file has no sheets, and is read whole"
        ));
    }
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
