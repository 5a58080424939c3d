//! Markdown: GitHub-flavoured pipe tables, for chats, tickets and docs.

use super::view::Doc;
use super::Render;

pub struct Markdown;

/// Escapes what would break a table cell: pipes and line breaks.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

impl Render<Doc> for Markdown {
    fn render(&self, doc: &Doc) -> anyhow::Result<Vec<u8>> {
        let mut out = format!("# {}\n\n", cell(&doc.title));
        for line in &doc.lines {
            out.push_str(&format!("- {}\n", cell(line)));
        }
        if !doc.lines.is_empty() {
            out.push('\n');
        }
        for sec in &doc.sections {
            if !sec.title.is_empty() {
                out.push_str(&format!("## {}\n\n", cell(&sec.title)));
            }
            let headers: Vec<String> = sec.headers.iter().map(|h| cell(h)).collect();
            out.push_str(&format!("| {} |\n", headers.join(" | ")));
            let aligns: Vec<&str> = (0..sec.headers.len())
                .map(|i| {
                    if sec.numeric.contains(&i) {
                        "---:"
                    } else {
                        "---"
                    }
                })
                .collect();
            out.push_str(&format!("| {} |\n", aligns.join(" | ")));
            for row in &sec.rows {
                let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            out.push('\n');
        }
        Ok(out.into_bytes())
    }
}
