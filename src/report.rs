//! The `report` command's document: what was read, the formula used, and
//! every figure. Renderers only format this; they compute nothing.

use serde::Serialize;

use crate::input::dedupe::Duplicate;
use crate::input::{Dataset, FileReport, Skip};
use crate::metrics::periods::{periodize, Period, PeriodRow};
use crate::metrics::tags::{best_time, hashtag_table, HashtagRow, TimeSlot};
use crate::metrics::{self, Aggregate, Basis, MetricConfig, SetSummary};
use crate::model::{Count, Post, Timestamp};

pub const SCHEMA: &str = "smmkpi.report/1";

/// What was read and what was left out.
#[derive(Debug, Clone, Serialize)]
pub struct InputSection {
    /// Input paths as given (`<stdin>` for `-`).
    pub files: Vec<String>,
    /// Per file: format, platform, encoding, delimiter, header mapping, counts.
    pub details: Vec<FileReport>,
    /// Data rows read in all files (rows_read = posts + skipped + filtered_out + duplicates).
    pub rows_read: u64,
    /// Posts used in the figures.
    pub posts: u64,
    /// Posts left out by `--since`/`--until` (or undated when either is given).
    pub filtered_out: u64,
    /// Every row that did not become a post, with its reason.
    pub skipped: Vec<Skip>,
    /// Posts left out because another input file holds them too (counted once).
    pub duplicates: u64,
    /// Each copy left out, and where the copy that is counted came from.
    pub duplicate_rows: Vec<Duplicate>,
}

/// How the figures were computed.
#[derive(Debug, Clone, Serialize)]
pub struct FormulaSection {
    /// The fields summed as interactions.
    pub interactions: Vec<Count>,
    /// The interaction formula as text.
    pub interactions_formula: String,
    /// The denominator of ER: `reach`, `views` or `followers`.
    pub er_basis: Basis,
    /// The ER formula as text.
    pub er_formula: String,
    /// Which aggregate is the headline `er`: `mean`, `median` or `ratio`.
    pub aggregate: Aggregate,
    /// Target ER (%) the bands are scaled to.
    pub target_er: f64,
    /// Period grouping.
    pub period: Period,
}

/// One post with its computed figures.
#[derive(Debug, Clone, Serialize)]
pub struct PostRow {
    pub id: Option<String>,
    pub published_at: Option<Timestamp>,
    pub platform: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Input file (as given) and line the post came from.
    pub file: String,
    pub line: u64,
    pub reach: Option<u64>,
    pub views: Option<u64>,
    pub followers: Option<u64>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub reposts: Option<u64>,
    pub saves: Option<u64>,
    pub poll_votes: Option<u64>,
    pub link_clicks: Option<u64>,
    /// Sum of the configured interaction fields.
    pub interactions: Option<u64>,
    /// interactions / basis × 100.
    pub er: Option<f64>,
    /// link_clicks / reach × 100.
    pub ctr: Option<f64>,
    pub band: Option<metrics::Band>,
    /// First 80 characters of the caption.
    pub text: Option<String>,
    pub hashtags: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub input: InputSection,
    pub formula: FormulaSection,
    pub summary: SetSummary,
    pub periods: Vec<PeriodRow>,
    /// Every post, in publish order (undated ones last, in input order).
    pub posts: Vec<PostRow>,
    /// The `--top` best posts by ER, best first.
    pub top_posts: Vec<PostRow>,
    pub hashtags: Vec<HashtagRow>,
    pub best_time: Vec<TimeSlot>,
}

/// Settings of `report` beyond the metric ones.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub period: Period,
    pub top: usize,
    pub since: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
}

fn snippet(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 80 {
        format!("{}…", one_line.chars().take(79).collect::<String>())
    } else {
        one_line
    }
}

fn post_row(p: &Post, cfg: &MetricConfig, files: &[FileReport]) -> PostRow {
    let er = metrics::er(p, &cfg.interactions, cfg.basis);
    PostRow {
        id: p.id.clone(),
        published_at: p.published_at,
        platform: p.platform.clone(),
        kind: p.kind.clone(),
        file: files
            .get(p.file)
            .map(|f| f.path.clone())
            .unwrap_or_default(),
        line: p.line,
        reach: p.reach,
        views: p.views,
        followers: p.followers,
        likes: p.likes,
        comments: p.comments,
        reposts: p.reposts,
        saves: p.saves,
        poll_votes: p.poll_votes,
        link_clicks: p.link_clicks,
        interactions: metrics::interactions(p, &cfg.interactions),
        er,
        ctr: metrics::ctr(p),
        band: metrics::band(er, cfg.target_er),
        text: p.text.as_deref().map(snippet),
        hashtags: p
            .text
            .as_deref()
            .map(metrics::tags::hashtags)
            .unwrap_or_default(),
    }
}

/// Builds the report from what was read.
pub fn build(ds: &Dataset, cfg: &MetricConfig, opts: &ReportOptions) -> Report {
    let in_range = |p: &&Post| {
        if opts.since.is_none() && opts.until.is_none() {
            return true;
        }
        match p.published_at {
            Some(t) => {
                let d = t.local.date();
                opts.since.is_none_or(|s| d >= s) && opts.until.is_none_or(|u| d <= u)
            }
            None => false,
        }
    };
    let mut posts: Vec<&Post> = ds.posts.iter().filter(in_range).collect();
    let filtered_out = (ds.posts.len() - posts.len()) as u64;
    posts.sort_by_key(|p| (p.published_at.is_none(), p.published_at.map(|t| t.local)));
    let summary = metrics::summarize(&posts, cfg);
    let periods = periodize(&posts, cfg, opts.period);
    let top = metrics::top_posts(&posts, cfg, opts.top)
        .into_iter()
        .map(|i| post_row(posts[i], cfg, &ds.files))
        .collect();
    let hashtags = hashtag_table(&posts, cfg, summary.er_mean);
    let best = best_time(&posts, cfg);
    let names: Vec<&str> = cfg.interactions.iter().map(|c| c.name()).collect();
    Report {
        schema: SCHEMA,
        input: InputSection {
            files: ds.files.iter().map(|f| f.path.clone()).collect(),
            details: ds.files.clone(),
            rows_read: ds.rows_read(),
            posts: posts.len() as u64,
            filtered_out,
            skipped: ds.skipped.clone(),
            duplicates: ds.duplicates.len() as u64,
            duplicate_rows: ds.duplicates.clone(),
        },
        formula: FormulaSection {
            interactions: cfg.interactions.clone(),
            interactions_formula: names.join(" + "),
            er_basis: cfg.basis,
            er_formula: format!("({}) / {} × 100", names.join(" + "), cfg.basis.name()),
            aggregate: cfg.aggregate,
            target_er: cfg.target_er,
            period: opts.period,
        },
        summary,
        periods,
        posts: posts.iter().map(|p| post_row(p, cfg, &ds.files)).collect(),
        top_posts: top,
        hashtags,
        best_time: best,
    }
}
