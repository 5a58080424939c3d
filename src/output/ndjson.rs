//! NDJSON: one section of the report as one JSON object a line, for
//! scripts that read line by line. The sections are CSV's (`--section`);
//! each object has the fields of its entry in the JSON document (a summary
//! line: `period`, `start`, `end`, the summary's fields and the growth
//! against the period before). `posts` is written as the posts are made into
//! rows, one at a time.

use std::io::Write;

use serde::Serialize;

use super::csv::{comparison_rows, CsvSection};
use super::grid::{money_lines, period_lines, total_line};
use super::Render;
use crate::doc::report::ReportDoc;

/// NDJSON of one section.
pub struct NdjsonRenderer {
    pub section: CsvSection,
}

/// One object and its line end.
fn line<T: Serialize>(w: &mut dyn Write, v: &T) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(std::io::Error::from)?;
    w.write_all(b"\n")?;
    Ok(())
}

fn lines<T: Serialize>(
    w: &mut dyn Write,
    items: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    items.into_iter().try_for_each(|v| line(w, &v))
}

impl NdjsonRenderer {
    /// Writes the section into `w`, a line at a time.
    pub fn write(&self, r: &ReportDoc, w: &mut dyn Write) -> anyhow::Result<()> {
        match self.section {
            CsvSection::Summary => lines(w, std::iter::once(total_line(r)).chain(period_lines(r))),
            CsvSection::Posts => r.posts.iter().try_for_each(|row| line(w, &row?)),
            CsvSection::Top => lines(w, &r.top_posts),
            CsvSection::Hashtags => lines(w, &r.hashtags),
            CsvSection::BestTime => lines(w, &r.best_time),
            CsvSection::Skipped => lines(w, &r.input.skipped),
            CsvSection::Comparison => match &r.comparison {
                Some(c) => lines(w, comparison_rows(c)),
                None => anyhow::bail!(
                    "--section comparison: there is no comparison; add --compare previous, year or FILE..."
                ),
            },
            CsvSection::Campaigns => lines(w, &r.campaigns),
            CsvSection::Money => match &r.money {
                Some(m) => lines(w, money_lines(m)),
                None => anyhow::bail!("--section money: there are no costs; add --costs FILE"),
            },
        }
    }
}

impl Render<ReportDoc> for NdjsonRenderer {
    fn render(&self, r: &ReportDoc) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write(r, &mut out)?;
        Ok(out)
    }
}
