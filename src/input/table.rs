//! Post exports as tables (CSV/TSV of any origin): finds the header row,
//! maps it through the aliases, and turns each data row into a post or a
//! reported skip.

use chrono::Datelike;

use super::aliases::{self, normalize};
use super::dataset::{Dataset, InputError, Needs, PostSink, ReadOptions, Source};
use super::detect::{header_score, locale_of, plan, platform_of, platform_of_links, Plan};
use super::layout::{grouped_header, is_averages_cell, is_totals_cell};
use super::text::{delimiter_name, parse_grid, Cells, Row};
use super::values::{self, DateContext};
use super::{ads, series, web};
use crate::model::{
    Count, DamagedValue, ExportKind, Field, FileReport, Mapping, Post, PreambleLine, Skip,
    SkipKind, TotalsCheck,
};

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
fn width_mismatch(row: &impl Cells, width: usize, delimiter: u8) -> String {
    let mut reason = format!("row has {}, the header has {width}", fields(row.width()));
    if let (1, Some(cell)) = (row.width(), row.cell(0)) {
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

/// Reads delimited text: splits it into rows, then reads the rows.
pub fn read(
    ds: &mut Dataset,
    src: Source,
    text: &str,
    sink: &mut dyn PostSink,
) -> Result<FileReport, InputError> {
    let grid = parse_grid(text, None).map_err(|e| InputError::Format {
        file: src.name.to_string(),
        message: format!("cannot split into rows: {e}"),
    })?;
    let report = FileReport::csv(src.name, grid.delimiter, &grid.comment_lines);
    read_rows(ds, src, &grid.rows, grid.delimiter, report, sink)
}

/// Reads rows (from CSV or a spreadsheet): decides what kind of export they
/// are — Meta insights blocks, a web-analytics table, a daily series, audience
/// demographics or posts — and hands them to the reader of that kind. Posts
/// go to `sink`.
pub fn read_rows(
    ds: &mut Dataset,
    src: Source,
    rows: &[Row],
    delimiter: u8,
    mut report: FileReport,
    sink: &mut dyn PostSink,
) -> Result<FileReport, InputError> {
    let opts = src.opts;
    report.platform = opts
        .platform
        .clone()
        .unwrap_or_else(|| "generic".to_string());
    let merged;
    let rows = match merge_grouped_header(rows, opts, &mut report) {
        Some(m) => {
            merged = m;
            &merged[..]
        }
        None => rows,
    };
    match plan(rows, opts) {
        Plan::MetaBlocks => {
            report.kind = ExportKind::DailySeries;
            if let Some(first) = rows
                .iter()
                .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            {
                report.locale = locale_of(&first.cells).map(str::to_string);
            }
            series::read_meta_blocks(ds, src, rows, &mut report)?;
            if report.series.is_empty() && report.rows_read == 0 {
                report.kind = ExportKind::Demographics;
            }
            Ok(report)
        }
        Plan::Web(hidx, m) => {
            report.kind = ExportKind::WebAnalytics;
            report.locale = locale_of(&rows[hidx].cells).map(str::to_string);
            let mut preamble: Vec<String> =
                report.preamble.iter().map(|p| p.text.clone()).collect();
            for row in &rows[..hidx] {
                let text = row.cells.join(&delimiter_name(delimiter));
                preamble.push(text.clone());
                report.preamble.push(PreambleLine {
                    line: row.line,
                    text,
                });
            }
            web::read(ds, src, rows, (hidx, &m), &preamble, &mut report);
            Ok(report)
        }
        Plan::Ads(hidx, m) => {
            report.kind = ExportKind::Ads;
            report.locale = locale_of(&rows[hidx].cells).map(str::to_string);
            for row in &rows[..hidx] {
                report.preamble.push(PreambleLine {
                    line: row.line,
                    text: row.cells.join(&delimiter_name(delimiter)),
                });
            }
            ads::read(ds, src, rows, (hidx, &m), &mut report);
            Ok(report)
        }
        Plan::Demographics(i) => {
            let r = &rows[i];
            report.kind = ExportKind::Demographics;
            report.header_line = Some(r.line);
            if opts.platform.is_none() {
                report.platform = platform_of(&r.cells).to_string();
            }
            report.locale = locale_of(&r.cells).map(str::to_string);
            report.notes.push(
                "audience demographics: recognised, not used by smmkpi's metrics".to_string(),
            );
            Ok(report)
        }
        Plan::Unknown => Err(no_columns(src.name, rows)),
        Plan::Table(hidx, mapping) => {
            let header = &rows[hidx];
            let data = &rows[hidx + 1..];
            if let Some(layout) = series::detect_table(&header.cells, &mapping, data) {
                head_of_table(&mut report, rows, hidx, delimiter, opts);
                report.kind = ExportKind::DailySeries;
                series::read_table(ds, src, header, data, &layout, &mut report);
                return Ok(report);
            }
            let mut posts = PostRows::new(src, rows, hidx, mapping, delimiter, &mut report);
            for row in data {
                posts.row(row, &mut report, &mut ds.skipped, sink);
            }
            posts.finish(&mut report);
            Ok(report)
        }
    }
}

/// Reads a table of posts whose first rows are `head` and whose other rows
/// come one by one from `rest` (a workbook sheet too long to hold): the head
/// decides the header and columns, as for a large CSV. Rows under the header
/// shorter than it are padded (a sheet row ends at its last value). `None`
/// when the head is no table of posts.
pub fn read_post_rows(
    ds: &mut Dataset,
    src: Source,
    head: &[Row],
    rest: &mut dyn Iterator<Item = Result<Row, InputError>>,
    mut report: FileReport,
    sink: &mut dyn PostSink,
) -> Result<Option<FileReport>, InputError> {
    let opts = src.opts;
    report.platform = opts
        .platform
        .clone()
        .unwrap_or_else(|| "generic".to_string());
    let Some((hidx, mapping)) = super::detect::posts_plan(head, opts) else {
        return Ok(None);
    };
    let width = head[hidx].cells.len();
    let mut posts = PostRows::new(src, head, hidx, mapping, b',', &mut report);
    for row in &head[hidx + 1..] {
        posts.row(row, &mut report, &mut ds.skipped, sink);
    }
    for row in rest {
        let mut row = row?;
        if row.cells.len() < width {
            row.cells.resize(width, String::new());
        }
        posts.row(&row, &mut report, &mut ds.skipped, sink);
    }
    posts.finish(&mut report);
    Ok(Some(report))
}

/// The rows with a header written over two rows merged into one (see
/// [`grouped_header`]), and a note saying so; `None` when the header is one row.
fn merge_grouped_header(
    rows: &[Row],
    opts: &ReadOptions,
    report: &mut FileReport,
) -> Option<Vec<Row>> {
    let (i, cells) = grouped_header(rows, |c| header_score(c, opts))?;
    let names: Vec<String> = cells
        .iter()
        .filter(|c| c.contains(" / "))
        .take(4)
        .map(|c| format!("'{c}'"))
        .collect();
    report.notes.push(format!(
        "the header is written over two rows (lines {} and {}): read as one, a group title before each of its columns ({}{})",
        rows[i].line,
        rows[i + 1].line,
        names.join(", "),
        if cells.iter().filter(|c| c.contains(" / ")).count() > names.len() { ", ..." } else { "" }
    ));
    let mut out = rows.to_vec();
    out[i].cells = cells;
    out.remove(i + 1);
    Some(out)
}

/// Reads rows as a daily series when their first rows head a table with a
/// date column of whole days, each day once, and columns of daily figures,
/// whatever else it names: a workbook's per-day sheet is never posts. `None`
/// when they do not.
pub fn read_rows_as_daily(
    ds: &mut Dataset,
    src: Source,
    rows: &[Row],
    mut report: FileReport,
) -> Option<FileReport> {
    let opts = src.opts;
    report.platform = opts
        .platform
        .clone()
        .unwrap_or_else(|| "generic".to_string());
    let merged;
    let mut notes = Vec::new();
    let rows = {
        let mut probe = FileReport::default();
        match merge_grouped_header(rows, opts, &mut probe) {
            Some(m) => {
                notes = probe.notes;
                merged = m;
                &merged[..]
            }
            None => rows,
        }
    };
    let Plan::Table(hidx, _) = plan(rows, opts) else {
        return None;
    };
    let header = &rows[hidx];
    let data = &rows[hidx + 1..];
    let layout = series::daily_layout(&header.cells, data)?;
    report.notes.extend(notes);
    head_of_table(&mut report, rows, hidx, b',', opts);
    report.kind = ExportKind::DailySeries;
    series::read_table(ds, src, header, data, &layout, &mut report);
    Some(report)
}

/// Records what lies above a table's header and what the header says.
fn head_of_table(
    report: &mut FileReport,
    rows: &[Row],
    hidx: usize,
    delimiter: u8,
    opts: &ReadOptions,
) {
    for row in &rows[..hidx] {
        report.preamble.push(PreambleLine {
            line: row.line,
            text: row.cells.join(&delimiter_name(delimiter)),
        });
    }
    let header = &rows[hidx];
    report.header_line = Some(header.line);
    report.locale = locale_of(&header.cells).map(str::to_string);
    if opts.platform.is_none() {
        report.platform = match platform_of(&header.cells) {
            "generic" => platform_of_links(&rows[hidx + 1..]).unwrap_or("generic"),
            p => p,
        }
        .to_string();
    }
}

fn no_columns(name: &str, rows: &[Row]) -> InputError {
    let first = rows
        .iter()
        .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
    let found = first
        .map(|r| {
            r.cells
                .iter()
                .filter(|c| !c.trim().is_empty())
                .map(|c| format!("'{}'", values::excerpt(c)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "(none)".to_string());
    let example = first
        .and_then(|r| r.cells.iter().find(|c| !c.trim().is_empty()))
        .map(|c| values::excerpt(c))
        .unwrap_or_else(|| "HEADER".to_string());
    InputError::NoColumns {
        file: name.to_string(),
        found,
        example,
    }
}

/// Values of a `Date` column that are not dates: Meta's per-post exports fill
/// it with `Lifetime` (or `Total`) to say the figures cover the post's life.
fn is_lifetime_marker(v: &str) -> bool {
    matches!(
        normalize(v).as_str(),
        "lifetime"
            | "total"
            | "de por vida"
            | "vitalício"
            | "vitalicio"
            | "за все время"
            | "за всё время"
            | "весь период"
            | "всего"
    )
}

/// TikTok's `Content.csv` writes the export date (`February 28`) in a `Time`
/// column: year-less post dates after it in the calendar belong to the year
/// before it.
fn export_date_column(header: &[String], data: &[Row], mapping: &Mapping) -> Option<usize> {
    let taken: Vec<usize> = mapping.fields.iter().map(|m| m.column).collect();
    header.iter().enumerate().find_map(|(i, h)| {
        if taken.contains(&i)
            || !matches!(normalize(h).as_str(), "time" | "export date" | "exported")
        {
            return None;
        }
        let mut vals = data.iter().filter_map(|r| r.cells.get(i)).map(|s| s.trim());
        let first = vals.next()?;
        (values::lacks_year(first) && vals.all(|v| v == first)).then_some(i)
    })
}

/// Where each mapped field of a post table sits, looked up once.
#[derive(Debug, Clone)]
struct Columns {
    id: Option<usize>,
    published_at: Option<usize>,
    platform: Option<usize>,
    account: Option<usize>,
    kind: Option<usize>,
    text: Option<usize>,
    utm_campaign: Option<usize>,
    utm_content: Option<usize>,
    counts: [Option<usize>; Count::ALL.len()],
    /// The rightmost mapped column: a shorter row lacks a field.
    last: usize,
}

impl Columns {
    fn of(m: &Mapping) -> Columns {
        Columns {
            id: m.column(Field::Id),
            published_at: m.column(Field::PublishedAt),
            platform: m.column(Field::Platform),
            account: m.column(Field::Account),
            kind: m.column(Field::Type),
            text: m.column(Field::Text),
            utm_campaign: m.column(Field::UtmCampaign),
            utm_content: m.column(Field::UtmContent),
            counts: Count::ALL.map(|c| m.column(Field::Count(c))),
            last: m.fields.iter().map(|f| f.column).max().unwrap_or(0),
        }
    }
}

/// Reads the data rows of a post table one by one, with the decisions a
/// whole column shares (day- or month-first dates, the year of year-less
/// dates) taken from the rows at hand when it starts: every row of a file
/// read whole, the first rows of a file that streams.
pub struct PostRows<'a> {
    src: Source<'a>,
    headers: Vec<String>,
    mapping: Mapping,
    columns: Columns,
    ctx: DateContext,
    /// The export date (TikTok's `Time` column): year-less post dates later
    /// in the calendar than it are from the year before.
    export: Option<chrono::NaiveDate>,
    /// Columns no field took: a row without figures names those holding numbers.
    unmapped: Vec<usize>,
    /// Meta's `Data comment` column, where its own errors are written.
    comment: Option<usize>,
    counts: PostRowsCounts,
    delimiter: u8,
    /// The post being read, reused row after row (its strings keep their room).
    post: Post,
}

impl<'a> PostRows<'a> {
    /// Starts reading the table headed by `rows[hidx]`; `rows[hidx + 1..]`
    /// are the data rows known so far.
    pub fn new(
        src: Source<'a>,
        rows: &[Row],
        hidx: usize,
        mut mapping: Mapping,
        delimiter: u8,
        report: &mut FileReport,
    ) -> PostRows<'a> {
        let opts = src.opts;
        head_of_table(report, rows, hidx, delimiter, opts);
        let header = &rows[hidx];
        let data = &rows[hidx + 1..];
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

        // A `Date` column of `Lifetime` is not a publish date.
        if let Some(c) = mapping.column(Field::PublishedAt) {
            let mut vals = data
                .iter()
                .filter_map(|r| r.cells.get(c))
                .filter(|v| !values::is_missing(v))
                .peekable();
            if vals.peek().is_some() && vals.all(|v| is_lifetime_marker(v)) {
                let h = header.cells[c].trim().to_string();
                mapping.fields.retain(|m| m.field != Field::PublishedAt);
                mapping.unmapped.push(h.clone());
                report.notes.push(format!(
                    "column '{h}' holds 'Lifetime'/'Total', not dates: it is not the publish time"
                ));
            }
        }

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
        let year_less = date_col.is_some()
            && date_values()
                .filter(|v| !values::is_missing(v))
                .take(200)
                .any(values::lacks_year);
        let mut export: Option<chrono::NaiveDate> = None;
        if year_less && ctx.default_year.is_none() {
            if let Some(c) = export_date_column(&header.cells, data, &mapping) {
                let raw = data[0].cells[c].trim();
                let y = values::infer_year([raw], opts.today);
                let probe = DateContext {
                    default_year: Some(y),
                    ..Default::default()
                };
                export = values::parse_timestamp(raw, &probe).map(|t| t.local.date());
                if let Some(e) = export {
                    report.notes.push(format!(
                        "publish dates have no year: took it from the export date '{raw}' in column '{}' ({e}, the latest such day on or before {}): posts later in the calendar than it are from {}; set the year with --year",
                        header.cells[c].trim(),
                        opts.today,
                        y - 1
                    ));
                }
            }
            if export.is_none() {
                let y =
                    values::infer_year(date_values().filter(|v| values::lacks_year(v)), opts.today);
                ctx.default_year = Some(y);
                report.notes.push(format!(
                    "publish dates have no year: took {y}, the latest year that puts none after {}; set it with --year",
                    opts.today
                ));
            }
        }
        let taken: Vec<usize> = mapping.fields.iter().map(|m| m.column).collect();
        let unmapped = (0..header.cells.len())
            .filter(|i| !taken.contains(i) && !header.cells[*i].trim().is_empty())
            .collect();
        let comment = header.cells.iter().position(|h| is_data_comment(h));
        PostRows {
            src,
            headers: header.cells.clone(),
            columns: Columns::of(&mapping),
            mapping,
            ctx,
            export,
            unmapped,
            comment,
            counts: PostRowsCounts::default(),
            delimiter,
            post: Post::default(),
        }
    }

    /// Reads one data row: a post for `sink`, or a skip.
    pub fn row(
        &mut self,
        row: &impl Cells,
        report: &mut FileReport,
        skipped: &mut Vec<Skip>,
        sink: &mut dyn PostSink,
    ) {
        report.rows_read += 1;
        self.counts.data_rows += 1;
        let row_ctx = match (self.export, self.columns.published_at) {
            (Some(e), Some(c)) => {
                let raw = row.cell(c).unwrap_or("");
                let probe = DateContext {
                    default_year: Some(e.year()),
                    ..self.ctx
                };
                let year = match values::parse_timestamp(raw, &probe) {
                    Some(t) if t.local.date() > e => e.year() - 1,
                    _ => e.year(),
                };
                DateContext {
                    default_year: Some(year),
                    ..self.ctx
                }
            }
            _ => self.ctx,
        };
        let table = Table {
            headers: &self.headers,
            columns: &self.columns,
            ctx: &row_ctx,
            opts: self.src.opts,
            needs: sink.needs(),
            delimiter: self.delimiter,
            unmapped: &self.unmapped,
            comment: self.comment,
        };
        match row_to_post(row, &table, &mut report.damaged, &mut self.post) {
            Ok(()) => {
                let post = &mut self.post;
                post.file = self.src.idx;
                if post.platform.is_none() && report.platform != "generic" {
                    post.platform = Some(report.platform.clone());
                }
                self.counts.add_post(post);
                report.posts += 1;
                sink.post(post);
            }
            Err((kind, reason)) => {
                match kind {
                    SkipKind::Totals => self.counts.add_totals(totals_row(row, &self.columns)),
                    SkipKind::Invalid => self.counts.invalid += 1,
                    _ => {}
                }
                skipped.push(self.src.skip(row.line(), kind, reason))
            }
        }
    }

    /// The fields of the header row.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// A reader of another part of the same table, with the same decisions.
    pub fn fork(&self) -> PostRows<'a> {
        PostRows {
            src: self.src,
            headers: self.headers.clone(),
            mapping: self.mapping.clone(),
            columns: self.columns.clone(),
            ctx: self.ctx,
            export: self.export,
            unmapped: self.unmapped.clone(),
            comment: self.comment,
            counts: PostRowsCounts::default(),
            delimiter: self.delimiter,
            post: Post::default(),
        }
    }

    /// What this reader counted, for [`PostRows::add_counts`].
    pub fn counts(&self) -> PostRowsCounts {
        self.counts
    }

    /// Adds what a fork counted: the fork read rows after this reader's.
    pub fn add_counts(&mut self, c: PostRowsCounts) {
        self.counts.merge(c);
    }

    /// Closes the file's report: notes on undated posts, net changes, posts
    /// without figures, damaged values, and the export's totals row against
    /// the sums of the rows read.
    pub fn finish(self, report: &mut FileReport) {
        let c = &self.counts;
        if c.data_rows == 0 {
            report
                .notes
                .push("the file has a header but no data rows".to_string());
        }
        if c.undated > 0 {
            report.notes.push(match self.columns.published_at {
                Some(_) => format!(
                    "{} posts have no publish date: counted in the summary, not in periods",
                    c.undated
                ),
                None => "no publish-date column: posts are counted in the summary, not in periods (name it with --map published_at=HEADER)".to_string(),
            });
        }
        for (count, col) in Count::ALL.into_iter().zip(self.columns.counts) {
            let (Some(col), n) = (col, c.negative[count as usize]) else {
                continue;
            };
            if n > 0 {
                report.notes.push(format!(
                    "column '{}' ({}) is below 0 in {n} posts: the export writes the period's net change (more taken back than given); kept with its sign",
                    self.headers[col].trim(),
                    count.name()
                ));
            }
        }
        if c.bare > 0 {
            report.notes.push(format!(
                "{} posts report no figure (every count empty): counted as posts, their figures as not reported",
                c.bare
            ));
        }
        report.note_damaged();
        if let Some(t) = c.totals {
            report.totals_check = self.totals_check(&t);
            report.note_totals(t.line, c.more_totals, c.invalid);
        }
        report.mapping = Some(self.mapping);
    }

    /// Each count the totals row states, against the sum of the posts read.
    fn totals_check(&self, t: &TotalsRow) -> Vec<TotalsCheck> {
        let c = &self.counts;
        Count::ALL
            .into_iter()
            .zip(self.columns.counts)
            .filter(|(count, _)| *count != Count::Followers)
            .filter_map(|(count, col)| {
                let export = t.counts[count as usize]?;
                let computed = c.sums[count as usize];
                let additive = count != Count::Reach;
                Some(TotalsCheck::new(
                    count.name(),
                    self.headers[col?].trim(),
                    export as f64,
                    computed as f64,
                    0.0,
                    additive,
                ))
            })
            .collect()
    }
}

/// A totals row's counts, as the export states them.
#[derive(Debug, Clone, Copy)]
struct TotalsRow {
    line: u64,
    counts: [Option<i64>; Count::ALL.len()],
}

/// The counts of a totals row (a count it states that cannot be read is
/// left out of the comparison).
fn totals_row(row: &impl Cells, cols: &Columns) -> Option<TotalsRow> {
    let first = (0..row.width())
        .filter_map(|i| row.cell(i))
        .find(|c| !c.trim().is_empty())
        .unwrap_or("");
    if is_averages_cell(first) {
        return None;
    }
    let mut counts = [None; Count::ALL.len()];
    for (count, col) in Count::ALL.into_iter().zip(cols.counts) {
        counts[count as usize] = col
            .and_then(|c| row.cell(c))
            .and_then(|raw| values::parse_signed_count(raw).ok().flatten());
    }
    Some(TotalsRow {
        line: row.line(),
        counts,
    })
}

/// What a [`PostRows`] counted; two readers of consecutive parts of a file
/// merge into the count of both.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostRowsCounts {
    undated: u64,
    data_rows: u64,
    /// Posts with a count below 0 (a net change), per count.
    negative: [u64; Count::ALL.len()],
    /// Posts named by an id that report no figure.
    bare: u64,
    /// Rows skipped as unreadable.
    invalid: u64,
    /// Σ of each count over the posts read (saturating), for the totals check.
    sums: [i64; Count::ALL.len()],
    /// The export's first totals row, and how many came after it.
    totals: Option<TotalsRow>,
    more_totals: u64,
}

impl PostRowsCounts {
    fn add_post(&mut self, post: &Post) {
        if post.published_at.is_none() {
            self.undated += 1;
        }
        let mut any = false;
        for c in Count::ALL {
            if let Some(v) = post.count(c) {
                any = true;
                let i = c as usize;
                self.sums[i] = self.sums[i].saturating_add(v);
                self.negative[i] += u64::from(v < 0);
            }
        }
        self.bare += u64::from(!any);
    }

    fn add_totals(&mut self, t: Option<TotalsRow>) {
        let Some(t) = t else { return };
        match self.totals {
            None => self.totals = Some(t),
            Some(_) => self.more_totals += 1,
        }
    }

    fn merge(&mut self, o: PostRowsCounts) {
        self.undated += o.undated;
        self.data_rows += o.data_rows;
        self.bare += o.bare;
        self.invalid += o.invalid;
        for i in 0..9 {
            self.negative[i] += o.negative[i];
            self.sums[i] = self.sums[i].saturating_add(o.sums[i]);
        }
        self.more_totals += o.more_totals;
        match (self.totals, o.totals) {
            (None, t) => self.totals = t,
            (Some(_), Some(_)) => self.more_totals += 1,
            (Some(_), None) => {}
        }
    }
}

/// Meta's `Data comment` column (in the languages of its exports).
fn is_data_comment(header: &str) -> bool {
    matches!(
        normalize(header).as_str(),
        "data comment"
            | "comentario sobre los datos"
            | "comentário sobre os dados"
            | "комментарий к данным"
    )
}

/// A cell that may start a totals row: short, and not a number or a date.
fn maybe_totals(s: &str) -> bool {
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    s.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic())
        && is_totals_cell(s)
}

/// What reading a row of a post table needs to know of the table.
struct Table<'t> {
    headers: &'t [String],
    columns: &'t Columns,
    ctx: &'t DateContext,
    opts: &'t ReadOptions,
    needs: Needs,
    delimiter: u8,
    /// Columns no field took.
    unmapped: &'t [usize],
    /// Meta's `Data comment` column.
    comment: Option<usize>,
}

fn row_to_post(
    row: &impl Cells,
    table: &Table,
    damaged: &mut Vec<DamagedValue>,
    post: &mut Post,
) -> Result<(), (SkipKind, String)> {
    let (cols, headers, ctx, opts) = (table.columns, table.headers, table.ctx, table.opts);
    let width = headers.len();
    let invalid = |reason: String| (SkipKind::Invalid, reason);
    let damaged_before = damaged.len();
    let n = row.width();
    let cell = |i: usize| row.cell(i).unwrap_or("");
    let Some(first) = (0..n).map(cell).find(|c| !c.trim().is_empty()) else {
        return Err((SkipKind::Empty, "empty row".to_string()));
    };
    let key_cells = [cols.id, cols.published_at]
        .into_iter()
        .flatten()
        .filter_map(|c| row.cell(c));
    if maybe_totals(first) || key_cells.clone().any(maybe_totals) {
        let label = std::iter::once(first)
            .chain(key_cells)
            .find(|c| maybe_totals(c))
            .unwrap_or(first);
        return Err((
            SkipKind::Totals,
            format!("totals row ('{}'), not a post", label.trim()),
        ));
    }
    if (n < width && n <= cols.last)
        || (n > width && (width..n).any(|i| !cell(i).trim().is_empty()))
    {
        return Err(invalid(width_mismatch(row, width, table.delimiter)));
    }
    // Every field is set anew; the strings keep their room from the row before.
    post.line = row.line();
    post.published_at = None;
    post.followers = None;
    post.reach_split = None;
    post.negative = None;
    let text_of = |c: Option<usize>| -> Option<&str> {
        let v = row.cell(c?)?.trim();
        (!values::is_missing(v)).then_some(v)
    };
    // Without a platform column the post keeps the file's platform, set once.
    if cols.platform.is_some() {
        set_text(&mut post.platform, text_of(cols.platform));
    }
    if table.needs.labels {
        set_text(&mut post.id, text_of(cols.id));
        set_text(&mut post.account, text_of(cols.account));
        set_text(&mut post.kind, text_of(cols.kind));
        set_text(&mut post.utm_campaign, text_of(cols.utm_campaign));
        set_text(&mut post.utm_content, text_of(cols.utm_content));
    }
    if table.needs.text {
        set_text(
            &mut post.text,
            cols.text
                .and_then(|c| row.cell(c))
                .filter(|v| !v.trim().is_empty()),
        );
    }
    if let Some(c) = cols.published_at {
        let raw = cell(c);
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
    for (count, col) in Count::ALL.into_iter().zip(cols.counts) {
        let Some(c) = col else { continue };
        let raw = cell(c);
        let read = if count.may_be_negative() {
            values::parse_signed_count(raw)
        } else {
            values::parse_count_i64(raw)
        };
        match read {
            Ok(v) => {
                any |= v.is_some();
                post.set_count(count, v);
            }
            Err(values::ValueError::LooksLikeDate) => damaged.push(DamagedValue {
                line: row.line(),
                column: headers[c].trim().to_string(),
                value: raw.trim().to_string(),
                read_as: None,
            }),
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
    // A count a spreadsheet turned into a date is unknown, not 0: the post's
    // interactions would be understated, so the row is skipped, and every
    // damaged value of it is listed.
    if let Some(d) = damaged.get(damaged_before) {
        return Err(invalid(format!(
            "column '{}': '{}' looks like a number a spreadsheet turned into a date; the row is not used",
            d.column, d.value
        )));
    }
    if !any {
        return no_figures(row, table);
    }
    Ok(())
}

/// A row without figures: a row the export itself flags when Meta's `Data
/// comment` says why; else a post when an id names it (its figures are not
/// reported: YouTube leaves `Views` empty for a video no one watched in the
/// period); else a row that cannot be used, naming the columns smmkpi does
/// not read that hold numbers.
fn no_figures(row: &impl Cells, table: &Table) -> Result<(), (SkipKind, String)> {
    let cell = |i: usize| row.cell(i).unwrap_or("").trim();
    // The export's own word comes first: an item it could not compute is
    // no post of no figures.
    if let Some(comment) = table.comment.map(cell).filter(|c| !c.is_empty()) {
        // Meta's messages run to a hundred characters or so: quoted whole.
        let said: String = comment.chars().take(300).collect();
        return Err((
            SkipKind::NoData,
            format!(
                "the export gives no figures for this row; its '{}' says: '{said}'",
                values::excerpt(&table.headers[table.comment.unwrap_or(0)]),
            ),
        ));
    }
    if let Some(id) = table.columns.id.map(cell) {
        if is_id_token(id) {
            return Ok(());
        }
    }
    let held: Vec<String> = table
        .unmapped
        .iter()
        .filter(|&&i| matches!(values::parse_number(cell(i)), Ok(Some(_))))
        .take(5)
        .map(|&i| {
            format!(
                "'{}' = {}",
                values::excerpt(&table.headers[i]),
                values::excerpt(cell(i))
            )
        })
        .collect();
    let mut reason = "no figures in this row (every count is empty or not reported)".to_string();
    if !held.is_empty() {
        reason.push_str(&format!(
            "; columns smmkpi does not read hold numbers: {} (read one with --map FIELD=HEADER)",
            held.join(", ")
        ));
    }
    Err((SkipKind::Invalid, reason))
}

/// An id cell that names a post: one token (no blank inside), not a note
/// written across the id column.
fn is_id_token(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && !values::is_missing(id)
        && !id.contains(char::is_whitespace)
}

/// Sets a text field, reusing the room of the string it held.
fn set_text(slot: &mut Option<String>, v: Option<&str>) {
    match (slot.as_mut(), v) {
        (Some(s), Some(v)) => {
            s.clear();
            s.push_str(v);
        }
        (None, Some(v)) => *slot = Some(v.to_string()),
        (_, None) => *slot = None,
    }
}
