//! Post exports as tables (CSV/TSV of any origin): finds the header row,
//! maps it through the aliases, and turns each data row into a post or a
//! reported skip.

use super::aliases::{self, map_headers, normalize, Field, Mapping};
use super::text::{delimiter_name, parse_grid, Grid, Row};
use super::values::{self, DateContext};
use super::{Dataset, FileReport, InputError, PreambleLine, ReadOptions, Skip, SkipKind};
use crate::model::{Count, Post};

/// How many rows from the top may be titles above the header.
const MAX_PREAMBLE_ROWS: usize = 30;

/// First-cell values that mark a totals or averages row, not a post.
const TOTALS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "sum",
    "итого",
    "итого и средние",
    "итоговое значение",
    "итоговые значения",
    "всего",
    "итог",
    "сумма",
    "среднее",
    "средние",
    "total general",
    "totales",
    "totais",
    "average",
    "averages",
];

fn is_totals_cell(s: &str) -> bool {
    // Every totals label is short; captions and ids are not worth folding.
    if s.len() > 48 || s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = normalize(s);
    !n.is_empty() && TOTALS.contains(&n.as_str())
}

/// Finds the header: the row among the first ones that maps the most count fields.
fn find_header(rows: &[Row], maps: &[(Field, String)]) -> Option<(usize, Mapping)> {
    let mut best: Option<(usize, Mapping, usize)> = None;
    for (i, row) in rows.iter().take(MAX_PREAMBLE_ROWS).enumerate() {
        let m = map_headers(&row.cells, maps);
        let score = m.count_fields();
        if score > 0 && best.as_ref().is_none_or(|b| score > b.2) {
            best = Some((i, m, score));
        }
    }
    best.map(|(i, m, _)| (i, m))
}

/// Guesses the exporting platform from the header names.
fn detect_platform(headers: &[String]) -> &'static str {
    let h: Vec<String> = headers.iter().map(|s| normalize(s)).collect();
    let has = |x: &str| h.iter().any(|v| v == x);
    if (has("post id")
        || has("identificador de la publicación")
        || has("identificador da publicação"))
        && (has("permalink") || has("enlace permanente") || has("link permanente"))
    {
        "meta"
    } else if has("content") && has("video publish time") {
        "youtube"
    } else if has("video link") && has("post time") {
        "tiktok"
    } else {
        "generic"
    }
}

/// Notes for mapped columns whose header the file repeats: the first is
/// read, and the user learns that another column of that name is not.
fn duplicate_columns(headers: &[String], mapping: &Mapping) -> Vec<String> {
    mapping
        .fields
        .iter()
        .filter_map(|m| {
            let name = normalize(&m.header);
            let others: Vec<String> = headers
                .iter()
                .enumerate()
                .filter(|(i, h)| *i != m.column && normalize(h) == name)
                .map(|(i, _)| (i + 1).to_string())
                .collect();
            (!others.is_empty()).then(|| {
                format!(
                    "the header '{}' is repeated (columns {} and {}): {} is read from column {}, the first; name another with --map {}=HEADER",
                    values::excerpt(&m.header),
                    m.column + 1,
                    others.join(", "),
                    m.field.name(),
                    m.column + 1,
                    m.field.name(),
                )
            })
        })
        .collect()
}

/// "row has 1 field" / "row has 3 fields".
fn fields(n: usize) -> String {
    format!("{n} field{}", if n == 1 { "" } else { "s" })
}

/// Why a row's width differs from the header's, with a hint when the row is
/// one cell that another delimiter would split to the header's width.
fn width_mismatch(cells: &[String], width: usize, delimiter: u8) -> String {
    let mut reason = format!("row has {}, the header has {width}", fields(cells.len()));
    if let [cell] = cells {
        let other = [b',', b';', b'\t', b'|']
            .into_iter()
            .filter(|&d| d != delimiter)
            .find(|&d| cell.bytes().filter(|&b| b == d).count() + 1 == width);
        if let Some(d) = other {
            reason.push_str(&format!(
                " (it is split by '{}', the file by '{}')",
                delimiter_name(d),
                delimiter_name(delimiter)
            ));
        }
    }
    reason
}

pub fn read(
    ds: &mut Dataset,
    idx: usize,
    name: &str,
    text: &str,
    opts: &ReadOptions,
) -> Result<FileReport, InputError> {
    let grid = parse_grid(text, None).map_err(|e| InputError::Format {
        file: name.to_string(),
        message: format!("cannot split into rows: {e}"),
    })?;
    let mut report = FileReport {
        path: name.to_string(),
        format: "csv".to_string(),
        delimiter: Some(delimiter_name(grid.delimiter)),
        preamble: grid
            .comment_lines
            .iter()
            .map(|(line, text)| PreambleLine {
                line: *line,
                text: text.clone(),
            })
            .collect(),
        ..Default::default()
    };
    let Some((hidx, mapping)) = find_header(&grid.rows, &opts.maps) else {
        let found = grid
            .rows
            .iter()
            .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            .map(|r| {
                r.cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| format!("'{}'", values::excerpt(c)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_else(|| "(none)".to_string());
        let example = grid
            .rows
            .first()
            .and_then(|r| r.cells.iter().find(|c| !c.trim().is_empty()))
            .map(|c| values::excerpt(c))
            .unwrap_or_else(|| "HEADER".to_string());
        return Err(InputError::NoColumns {
            file: name.to_string(),
            found,
            example,
        });
    };
    for row in &grid.rows[..hidx] {
        report.preamble.push(PreambleLine {
            line: row.line,
            text: row.cells.join(&delimiter_name(grid.delimiter)),
        });
    }
    let header = &grid.rows[hidx];
    report.header_line = Some(header.line);
    for (field, wanted) in &opts.maps {
        if mapping.fields.iter().all(|m| {
            m.field != *field || aliases::normalize(&m.header) != aliases::normalize(wanted)
        }) {
            report.notes.push(format!(
                "--map {}='{}': the file has no such header; {}",
                field.name(),
                wanted,
                match mapping.fields.iter().find(|m| m.field == *field) {
                    Some(m) => format!("using '{}' for {}", m.header.trim(), field.name()),
                    None => format!("{} is not read", field.name()),
                }
            ));
        }
    }
    report
        .notes
        .extend(duplicate_columns(&header.cells, &mapping));
    report.platform = opts
        .platform
        .clone()
        .unwrap_or_else(|| detect_platform(&header.cells).to_string());
    let data = &grid.rows[hidx + 1..];

    // Column-wide decisions for dates: day or month first, the year of year-less dates.
    let date_col = mapping.column(Field::PublishedAt);
    let date_values = || {
        data.iter()
            .filter_map(move |r| date_col.and_then(|c| r.cells.get(c)))
            .map(|s| s.as_str())
    };
    let mut ctx = DateContext {
        slash_order: values::detect_slash_order(date_values()),
        default_year: opts.year,
    };
    // A column writes its dates one way: the first values tell whether years are missing.
    if date_col.is_some()
        && ctx.default_year.is_none()
        && date_values()
            .filter(|v| !values::is_missing(v))
            .take(200)
            .any(values::lacks_year)
    {
        let y = values::infer_year(date_values().filter(|v| values::lacks_year(v)), opts.today);
        ctx.default_year = Some(y);
        report.notes.push(format!(
            "publish dates have no year: took {y}, the latest year that puts none after {}; set it with --year",
            opts.today
        ));
    }

    let mut undated = 0u64;
    for row in data {
        report.rows_read += 1;
        match row_to_post(row, &grid, &mapping, &header.cells, &ctx, opts) {
            Ok(mut post) => {
                post.file = idx;
                if post.platform.is_none() && report.platform != "generic" {
                    post.platform = Some(report.platform.clone());
                }
                if post.published_at.is_none() {
                    undated += 1;
                }
                ds.posts.push(post);
                report.posts += 1;
            }
            Err((kind, reason)) => ds.skipped.push(Skip {
                file: name.to_string(),
                line: row.line,
                kind,
                reason,
            }),
        }
    }
    if data.is_empty() {
        report
            .notes
            .push("the file has a header but no data rows".to_string());
    }
    if undated > 0 {
        report.notes.push(match date_col {
            Some(_) => format!("{undated} posts have no publish date: counted in the summary, not in periods"),
            None => "no publish-date column: posts are counted in the summary, not in periods (name it with --map published_at=HEADER)".to_string(),
        });
    }
    report.mapping = Some(mapping);
    Ok(report)
}

fn row_to_post(
    row: &Row,
    grid: &Grid,
    mapping: &Mapping,
    headers: &[String],
    ctx: &DateContext,
    opts: &ReadOptions,
) -> Result<Post, (SkipKind, String)> {
    let invalid = |reason: String| (SkipKind::Invalid, reason);
    let width = headers.len();
    let cells = &row.cells;
    if cells.iter().all(|c| c.trim().is_empty()) {
        return Err((SkipKind::Empty, "empty row".to_string()));
    }
    let first = cells
        .iter()
        .find(|c| !c.trim().is_empty())
        .map(|s| s.as_str())
        .unwrap_or("");
    let key_cells = [Field::Id, Field::PublishedAt]
        .iter()
        .filter_map(|f| mapping.column(*f).and_then(|c| cells.get(c)));
    if is_totals_cell(first) || key_cells.clone().any(|c| is_totals_cell(c)) {
        let label = std::iter::once(first)
            .chain(key_cells.map(|s| s.as_str()))
            .find(|c| is_totals_cell(c))
            .unwrap_or(first);
        return Err((
            SkipKind::Totals,
            format!("totals row ('{}'), not a post", label.trim()),
        ));
    }
    if cells.len() < width {
        let last_needed = mapping.fields.iter().map(|m| m.column).max().unwrap_or(0);
        if cells.len() <= last_needed {
            return Err(invalid(width_mismatch(cells, width, grid.delimiter)));
        }
    }
    if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
        return Err(invalid(width_mismatch(cells, width, grid.delimiter)));
    }
    let mut post = Post {
        line: row.line,
        ..Default::default()
    };
    let text_of = |f: Field| -> Option<String> {
        let c = mapping.column(f)?;
        let v = cells.get(c)?.trim();
        (!values::is_missing(v)).then(|| v.to_string())
    };
    post.id = text_of(Field::Id);
    post.platform = text_of(Field::Platform);
    post.account = text_of(Field::Account);
    post.kind = text_of(Field::Type);
    post.text = mapping
        .column(Field::Text)
        .and_then(|c| cells.get(c))
        .filter(|v| !v.trim().is_empty())
        .cloned();
    post.utm_campaign = text_of(Field::UtmCampaign);
    post.utm_content = text_of(Field::UtmContent);
    if let Some(c) = mapping.column(Field::PublishedAt) {
        let raw = cells.get(c).map(|s| s.as_str()).unwrap_or("");
        if !values::is_missing(raw) {
            match values::parse_timestamp(raw, ctx) {
                Some(t) => post.published_at = Some(opts.localize(t)),
                None => {
                    return Err(invalid(format!(
                        "column '{}' (published_at): cannot read '{}' as a date",
                        values::excerpt(&headers[c]),
                        values::excerpt(raw)
                    )))
                }
            }
        }
    }
    let mut any = false;
    for count in Count::ALL {
        let Some(c) = mapping.column(Field::Count(count)) else {
            continue;
        };
        let raw = cells.get(c).map(|s| s.as_str()).unwrap_or("");
        match values::parse_count(raw) {
            Ok(v) => {
                any |= v.is_some();
                post.set_count(count, v);
            }
            Err(e) => {
                return Err(invalid(format!(
                    "column '{}' ({}): {e}: '{}'",
                    values::excerpt(&headers[c]),
                    count.name(),
                    values::excerpt(raw)
                )))
            }
        }
    }
    if !any {
        return Err(invalid(
            "no figures in this row (every count is empty or not reported)".to_string(),
        ));
    }
    Ok(post)
}
