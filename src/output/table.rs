//! Terminal tables (comfy-table). Fits the terminal width when printing to
//! one (160 columns otherwise); UTF-8 borders; no colour (so nothing to turn off
//! for `NO_COLOR` or pipes).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::view::Doc;
use super::Render;

/// Width tables are wrapped to when stdout is not a terminal: wide enough
/// for every report table, narrow enough that a long header list wraps.
const PIPE_WIDTH: u16 = 160;

/// Renders a [`Doc`] as text tables.
pub struct TableRenderer {
    /// Terminal width to fit; `None` when stdout is a pipe or file.
    pub width: Option<u16>,
}

impl Render<Doc> for TableRenderer {
    fn render(&self, doc: &Doc) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        out.push_str(&doc.title);
        out.push('\n');
        for line in &doc.lines {
            out.push_str(line);
            out.push('\n');
        }
        for sec in &doc.sections {
            out.push('\n');
            if !sec.title.is_empty() {
                out.push_str(&sec.title);
                out.push('\n');
            }
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED);
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(self.width.unwrap_or(PIPE_WIDTH));
            t.set_header(sec.headers.clone());
            for row in &sec.rows {
                t.add_row(row.clone());
            }
            for &c in &sec.numeric {
                if let Some(col) = t.column_mut(c) {
                    col.set_cell_alignment(CellAlignment::Right);
                }
            }
            out.push_str(&t.to_string());
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}
