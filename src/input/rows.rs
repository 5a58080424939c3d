//! Files that are plain tables of something other than posts — a costs
//! file, a brand-mention export — as rows, whatever holds them: delimited
//! text in any encoding and delimiter (comment and `sep=` lines set aside),
//! or the sheets of a workbook. Their readers find their own header in the
//! rows.

use super::dataset::InputError;
use super::detect::{self, TextKind};
use super::layout::MAX_PREAMBLE_ROWS;
use super::text::{self, Row};
use super::xlsx;
use crate::model::{Encoding, FileReport, PreambleLine};

/// A file's rows, by sheet (one unnamed sheet for delimited text).
#[derive(Debug, Clone)]
pub struct TableFile {
    /// `csv` or `xlsx`.
    pub format: &'static str,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    /// Comment (`#`) and `sep=` lines above the table.
    pub comment_lines: Vec<(u64, String)>,
    /// `(sheet name, rows)`: one entry with no name for delimited text.
    pub sheets: Vec<(Option<String>, Vec<Row>)>,
}

/// The rows of a file's bytes.
pub fn table_file(name: &str, bytes: &[u8]) -> Result<TableFile, InputError> {
    let fail = |message: &str| InputError::Format {
        file: name.to_string(),
        message: message.to_string(),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty {
            file: name.to_string(),
        });
    }
    if detect::is_spreadsheet(bytes) {
        let sheets = xlsx::workbook_sheets(name, bytes)?;
        return Ok(TableFile {
            format: "xlsx",
            encoding: None,
            delimiter: None,
            comment_lines: Vec::new(),
            sheets: sheets.into_iter().map(|(n, r)| (Some(n), r)).collect(),
        });
    }
    let (text, encoding) = text::decode(bytes);
    match detect::text_kind(detect::text_start(&text)) {
        TextKind::Empty => Err(InputError::Empty {
            file: name.to_string(),
        }),
        TextKind::Binary => Err(fail(
            "binary data, not a table: save the spreadsheet as CSV or XLSX",
        )),
        TextKind::Json => Err(fail("a JSON document, not a table (CSV, TSV or XLSX)")),
        TextKind::Table => {
            let grid = text::parse_grid(&text, None).map_err(|e| InputError::Format {
                file: name.to_string(),
                message: format!("cannot split into rows: {e}"),
            })?;
            Ok(TableFile {
                format: "csv",
                encoding: Some(encoding),
                delimiter: Some(grid.delimiter),
                comment_lines: grid.comment_lines,
                sheets: vec![(None, grid.rows)],
            })
        }
    }
}

impl TableFile {
    /// The first sheet, and the row among its first ones, that `header`
    /// maps (`Some`): `(sheet, header row, mapping)`.
    pub fn find<M>(&self, header: impl Fn(&[String]) -> Option<M>) -> Option<(usize, usize, M)> {
        self.sheets.iter().enumerate().find_map(|(s, (_, rows))| {
            rows.iter()
                .take(MAX_PREAMBLE_ROWS)
                .enumerate()
                .find_map(|(i, r)| header(&r.cells).map(|m| (s, i, m)))
        })
    }

    /// The report of the file before its rows are read: format, encoding,
    /// delimiter, and the lines above the header of `sheet` (comments,
    /// titles).
    pub fn report(&self, name: &str, sheet: usize, header: usize) -> FileReport {
        let mut r = FileReport {
            path: name.to_string(),
            format: self.format.to_string(),
            encoding: self.encoding,
            delimiter: self.delimiter.map(text::delimiter_name),
            preamble: self
                .comment_lines
                .iter()
                .map(|(line, text)| PreambleLine {
                    line: *line,
                    text: text.clone(),
                })
                .collect(),
            ..Default::default()
        };
        let sep = self
            .delimiter
            .map(text::delimiter_name)
            .unwrap_or_else(|| ",".to_string());
        if let Some((_, rows)) = self.sheets.get(sheet) {
            for row in rows.iter().take(header) {
                if row.cells.iter().any(|c| !c.trim().is_empty()) {
                    r.preamble.push(PreambleLine {
                        line: row.line,
                        text: row.cells.join(&sep),
                    });
                }
            }
            if let Some(h) = rows.get(header) {
                r.header_line = Some(h.line);
                r.locale = detect::locale_of(&h.cells).map(str::to_string);
            }
        }
        if let (Some(name), true) = (
            self.sheets.get(sheet).and_then(|(n, _)| n.as_deref()),
            self.sheets.len() > 1,
        ) {
            r.notes.push(format!("read sheet '{name}'"));
        }
        r
    }

    /// The headers of the first rows of every sheet, for an error that
    /// lists what was found.
    pub fn first_rows(&self) -> String {
        self.sheets
            .iter()
            .filter_map(|(_, rows)| {
                rows.iter()
                    .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            })
            .map(|r| {
                r.cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| super::values::excerpt(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}
