//! The `report` command's document: what was read, the formula used, and
//! every figure. Renderers only format this; they compute nothing.

use serde::Serialize;

mod compare;
pub mod money;
mod pipeline;
pub mod spill;
pub use compare::{compare, report_range, Comparison, DateRange, MetricChange, Side};
pub use money::{CampaignRow, JoinKey, MoneyRequest, MoneySection, PostWeb, WebJoin};
pub use pipeline::{read_report, ReportRequest, ReportRun};

use std::collections::HashMap;
use std::sync::Arc;

use spill::{PostStore, SortedPosts};

use crate::input::Dataset;
use crate::metrics::accum::{
    BasisSeen, Order, PeriodAccum, PostFacts, SetAccum, SlotTable, TagTable, TopKeeper,
};
use crate::metrics::ads::{ad_totals, AdTotals};
use crate::metrics::compat::Tool;
use crate::metrics::overperformance::Windows;
use crate::metrics::periods::{Period, PeriodRow, Span};
use crate::metrics::rates::RateName;
use crate::metrics::series::{summarize_series, SeriesSummary};
use crate::metrics::tags::{HashtagRow, TimeSlot};
use crate::metrics::top::Best;
use crate::metrics::web::{figure_totals, web_totals, FigureTotal, WebTotals};
use crate::metrics::{self, Aggregate, Basis, BasisChoice, MetricConfig, SetSummary};
use crate::model::Duplicate;
use crate::model::{Count, FileReport, Negative, Post, ReachSplit, Skip, Timestamp};

pub const SCHEMA: &str = "smmkpi.report/1";

/// What was read and what was left out.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct InputSection {
    /// Input paths as given (`<stdin>` for `-`).
    pub files: Vec<String>,
    /// Per file: format, platform, encoding, delimiter, header mapping, counts.
    pub details: Vec<FileReport>,
    /// Data rows read in all files (rows_read = posts + filtered_out +
    /// skipped + duplicates + series_rows + web_rows + ad_rows + cost_rows).
    pub rows_read: u64,
    /// Rows read as days of account-level daily series.
    pub series_rows: u64,
    /// Rows read as web-analytics rows.
    pub web_rows: u64,
    /// Rows read as ad rows (ads exports).
    pub ad_rows: u64,
    /// Rows read as costs (`--costs` files that are not ads exports).
    pub cost_rows: u64,
    /// Posts used in the figures.
    pub posts: u64,
    /// Posts left out by `--since`/`--until` (or undated when either is
    /// given), and replies left out by `--exclude-replies`.
    pub filtered_out: u64,
    /// Of `filtered_out`: replies (text starting with `@`) left out by
    /// `--exclude-replies`.
    pub replies_excluded: u64,
    /// Publish date of the first and the last post used.
    pub published_first: Option<chrono::NaiveDate>,
    pub published_last: Option<chrono::NaiveDate>,
    /// Every row that did not become a post, with its reason.
    pub skipped: Vec<Skip>,
    /// Posts left out because another input file holds them too (counted once).
    pub duplicates: u64,
    /// Each copy left out, and where the copy that is counted came from.
    pub duplicate_rows: Vec<Duplicate>,
}

/// How the figures were computed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    /// The JSON name of the summary figure the headline `er` is: `er_mean`,
    /// `er_median` or `er_ratio` per `aggregate`, or the rate `--compat`
    /// names (`er_post`, `er_impressions`).
    pub headline: &'static str,
    /// Target ER (%) the bands are scaled to.
    pub target_er: f64,
    /// Period grouping.
    pub period: Period,
    /// What `top_posts` are ranked by: `er`, `overperformance` or `reach`.
    pub top_by: TopBy,
    /// `--compat TOOL`: the tool whose ER the headline reproduces; `null`
    /// without it.
    pub compat: Option<CompatSection>,
}

/// `--compat`: whose ER the headline is, and how that tool defines it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CompatSection {
    /// `livedune`, `popsters`, `tgstat`, `sprout`, `metricool`, `later` or `rivaliq`.
    pub tool: Tool,
    /// The tool's name as it writes it.
    pub name: &'static str,
    /// The tool's ER in words.
    pub formula: &'static str,
    /// Where the tool's definition is open to more than one reading, and
    /// which reading smmkpi takes.
    pub ambiguities: Vec<&'static str>,
    /// The tool's documentation the definition comes from.
    pub sources: Vec<&'static str>,
}

impl CompatSection {
    fn of(tool: Tool) -> Self {
        let p = tool.preset();
        CompatSection {
            tool,
            name: p.name,
            formula: p.formula,
            ambiguities: p.ambiguities.to_vec(),
            sources: p.sources.to_vec(),
        }
    }
}

/// `--top-by`: what the top posts are ranked by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TopBy {
    /// ER on the run's basis.
    #[default]
    Er,
    /// The post's interactions against its account's usual
    /// (docs/metrics.md#overperformance).
    Overperformance,
    /// Reach.
    Reach,
}

/// One post with its computed figures.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PostRow {
    pub id: Option<String>,
    pub published_at: Option<Timestamp>,
    pub platform: Option<String>,
    /// Page, channel or community name (or id) the post belongs to.
    pub account: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Input file (as given) and line the post came from.
    pub file: String,
    pub line: u64,
    pub reach: Option<i64>,
    pub views: Option<i64>,
    /// Times shown, where the export counts them apart from views.
    pub impressions: Option<i64>,
    pub followers: Option<i64>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub reposts: Option<i64>,
    pub saves: Option<i64>,
    pub poll_votes: Option<i64>,
    pub link_clicks: Option<i64>,
    /// Sum of the configured interaction fields.
    pub interactions: Option<i64>,
    /// interactions / basis × 100.
    pub er: Option<f64>,
    /// link_clicks / reach × 100.
    pub ctr: Option<f64>,
    pub band: Option<metrics::Band>,
    /// interactions / the median interactions of the account's previous 20
    /// posts of the same type, as a ratio (2 = twice its usual); computed
    /// where the output keeps every post (JSON, XLSX, CSV posts) or ranks by
    /// it, `null` otherwise (docs/metrics.md#overperformance).
    pub overperformance: Option<f64>,
    /// First 80 characters of the caption.
    pub text: Option<String>,
    pub hashtags: Vec<String>,
    /// UTM tags of the post's link, to join web analytics.
    pub utm_campaign: Option<String>,
    pub utm_content: Option<String>,
    /// Reach by where the people came from (VK); omitted when not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach_split: Option<ReachSplit>,
    /// Negative feedback (VK); omitted when not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negative: Option<NegativeRow>,
    /// The web figures of the `--web` rows carrying the post's tag; `null`
    /// when no row does (or without `--web`).
    pub web: Option<PostWeb>,
}

/// A post's negative feedback with its total and rate.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NegativeRow {
    /// `hide`, `report`, `unsubscribe` as read.
    #[serde(flatten)]
    pub parts: Negative,
    /// hide + report + unsubscribe (the parts reported).
    pub total: Option<i64>,
    /// total / reach × 100, in %.
    pub rate: Option<f64>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReportDoc {
    pub schema: &'static str,
    pub input: InputSection,
    pub formula: FormulaSection,
    pub summary: SetSummary,
    pub periods: Vec<PeriodRow>,
    /// Every post, in publish order (undated ones last, in input order).
    #[schemars(with = "Vec<PostRow>")]
    pub posts: PostList,
    /// The `--top` best posts by ER (or by what `formula.top_by` says), best first.
    pub top_posts: Vec<PostRow>,
    pub hashtags: Vec<HashtagRow>,
    pub best_time: Vec<TimeSlot>,
    /// Account-level daily series (Meta insights, TikTok Overview, follower
    /// histories, YouTube chart data) by the same periods.
    pub series: Vec<SeriesSummary>,
    /// Web-analytics tables (Metrica, GA4) with their totals.
    pub web: Vec<WebSection>,
    /// Ads exports (Meta Ads Manager, Google Ads, VK Ads, Yandex Direct):
    /// spend and delivery per ad, ad set or campaign, with their totals.
    pub ads: Vec<AdsSection>,
    /// `--web`: how the web-analytics tables were joined to the posts;
    /// `null` without `--web`.
    pub web_join: Option<WebJoin>,
    /// Per campaign (`utm_campaign`), with `--web` or `--costs`: its posts,
    /// web figures and money; empty otherwise.
    pub campaigns: Vec<CampaignRow>,
    /// `--costs`: spend, revenue and customers against the posts: conversion
    /// rate, CAC, ROI, CPE, CPC; `null` without `--costs`.
    pub money: Option<MoneySection>,
    /// `--compare`: the summary against a base range or other files;
    /// absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

/// Every post of a report, in publish order: kept out of memory
/// ([`spill`]) and made into rows one at a time as an output is written, so
/// that a JSON document of a million posts is written without holding them.
/// Its JSON is the array of the rows.
#[derive(Clone, Default)]
pub struct PostList {
    posts: Option<Arc<SortedPosts>>,
    /// The rows made and held (`--web` and `--costs` join tables to them).
    held: Option<Vec<PostRow>>,
    /// Why the posts could not be kept (a temporary file that could not be
    /// written): reading them is then this error.
    error: Option<Arc<str>>,
    cfg: Option<Arc<MetricConfig>>,
    /// Input paths and platforms, by file index.
    paths: Arc<Vec<String>>,
    platforms: Arc<Vec<String>>,
}

impl std::fmt::Debug for PostList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PostList({} posts)", self.len())
    }
}

impl PostList {
    pub fn len(&self) -> usize {
        match &self.held {
            Some(rows) => rows.len(),
            None => self.posts.as_ref().map_or(0, |p| p.len()),
        }
    }

    /// Makes every row and holds them, to be changed in place (a join of
    /// web analytics to the posts needs them all at once).
    pub fn hold(&mut self) -> std::io::Result<()> {
        if self.held.is_none() {
            self.held = Some(self.to_vec()?);
            self.posts = None;
        }
        Ok(())
    }

    /// The rows held by [`PostList::hold`]; none before it.
    pub fn held(&self) -> &[PostRow] {
        self.held.as_deref().unwrap_or_default()
    }

    /// The rows held by [`PostList::hold`], to change; none before it.
    pub fn held_mut(&mut self) -> &mut [PostRow] {
        self.held.as_deref_mut().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows, one at a time, in publish order (each post's
    /// overperformance is made on the way, against the posts before it); an
    /// error when a stored post cannot be read back.
    pub fn iter(&self) -> Box<dyn Iterator<Item = std::io::Result<PostRow>> + '_> {
        if let Some(rows) = &self.held {
            return Box::new(rows.iter().cloned().map(Ok));
        }
        let failed = self.error.as_ref().map(|e| {
            Err(std::io::Error::other(format!(
                "cannot keep the posts in a temporary file: {e}"
            )))
        });
        let rows = self.posts.iter().flat_map(move |store| {
            let mut windows = Windows::default();
            store.iter().map(move |item| {
                let cfg = self
                    .cfg
                    .as_deref()
                    .ok_or_else(|| std::io::Error::other("posts without settings"))?;
                let (_, p) = item?;
                let inter = metrics::interactions(&p, &cfg.interactions);
                let over = windows.next(account_key(&p, &self.platforms), inter);
                Ok(post_row(&p, cfg, &self.paths, over))
            })
        });
        Box::new(failed.into_iter().chain(rows))
    }

    /// Every row at once (CSV and XLSX, which lay them out whole).
    pub fn to_vec(&self) -> std::io::Result<Vec<PostRow>> {
        self.iter().collect()
    }
}

impl Serialize for PostList {
    /// The array of the rows, each made as it is written.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for row in self.iter() {
            seq.serialize_element(&row.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

/// One ads export in the report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AdsSection {
    /// Input file (as given).
    pub file: String,
    /// `meta-ads`, `google-ads`, `vk-ads` or `generic`.
    pub source: String,
    /// The columns that describe the rows beyond their names (region,
    /// placement, status, ...), in file order.
    pub dimensions: Vec<String>,
    /// Σ spend, impressions, clicks, results and the rates made of them.
    pub totals: AdTotals,
    /// Every ad row, in file order (account and totals rows are not rows).
    pub rows: Vec<crate::model::AdRow>,
}

/// One web-analytics table in the report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WebSection {
    /// Input file (as given).
    pub file: String,
    /// `metrica`, `ga4`, `google-ads` or `generic`.
    pub source: String,
    /// The report's name when the export states it.
    pub title: Option<String>,
    /// Dimension columns, in file order.
    pub dimensions: Vec<String>,
    /// The other number columns (GA4's `Event count`, ...): their values are
    /// each row's `figures`, in this order.
    pub figures: Vec<crate::model::WebFigure>,
    /// Whether the rows are days: `totals.users` (and people figures) are
    /// then sums of daily users, not counts of unique users.
    pub rows_are_days: bool,
    pub totals: WebTotals,
    /// Totals of `figures`, in their order.
    pub figure_totals: Vec<FigureTotal>,
    pub rows: Vec<crate::model::WebRow>,
}

/// Settings of `report` beyond the metric ones.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub period: Period,
    pub top: usize,
    pub since: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    /// `--exclude-replies`: leave out posts whose text starts with `@`.
    pub exclude_replies: bool,
    /// `--top-by`: what the top posts are ranked by.
    pub top_by: TopBy,
}

impl Default for ReportOptions {
    /// Months, the 10 best posts by ER, every date.
    fn default() -> Self {
        ReportOptions {
            period: Period::Month,
            top: 10,
            since: None,
            until: None,
            exclude_replies: false,
            top_by: TopBy::Er,
        }
    }
}

fn snippet(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 80 {
        format!("{}…", one_line.chars().take(79).collect::<String>())
    } else {
        one_line
    }
}

fn post_row(
    p: &Post,
    cfg: &MetricConfig,
    paths: &[String],
    overperformance: Option<f64>,
) -> PostRow {
    let er = metrics::er(p, &cfg.interactions, cfg.basis);
    PostRow {
        id: p.id.clone(),
        published_at: p.published_at,
        platform: p.platform.clone(),
        account: p.account.clone(),
        kind: p.kind.clone(),
        file: paths.get(p.file).cloned().unwrap_or_default(),
        line: p.line,
        reach: p.reach,
        views: p.views,
        impressions: p.impressions,
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
        overperformance,
        text: p.text.as_deref().map(snippet),
        hashtags: p
            .text
            .as_deref()
            .map(metrics::tags::hashtags)
            .unwrap_or_default(),
        utm_campaign: p.utm_campaign.clone(),
        utm_content: p.utm_content.clone(),
        reach_split: p.reach_split.as_deref().cloned(),
        negative: p.negative.as_deref().map(|n| NegativeRow {
            parts: n.clone(),
            total: metrics::negative_feedback(p),
            rate: metrics::negative_rate(p),
        }),
        web: None,
    }
}

/// A reply, as X and Threads exports show one: its text starts with `@`
/// (the handle it answers).
fn is_reply(p: &Post) -> bool {
    p.text
        .as_deref()
        .is_some_and(|t| t.trim_start().starts_with('@'))
}

/// The group a post's overperformance is set against: its platform,
/// account and type (compared without case; a missing one is empty), or
/// `None` for an undated post, which has no place in the publish order.
fn account_key(p: &Post, platforms: &[String]) -> Option<(String, String, String)> {
    p.published_at?;
    let norm = |s: Option<&str>| s.unwrap_or("").trim().to_lowercase();
    let platform = p
        .platform
        .as_deref()
        .or(platforms.get(p.file).map(String::as_str));
    Some((
        norm(platform),
        norm(p.account.as_deref()),
        norm(p.kind.as_deref()),
    ))
}

/// The metric settings of a run before its posts are read: `--er-basis
/// auto` is resolved once every post has been seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub interactions: Vec<Count>,
    pub basis: BasisChoice,
    pub aggregate: Aggregate,
    /// A rate that is the headline `er` in place of the aggregate (`--compat`).
    pub headline: Option<RateName>,
    /// `--compat TOOL`, echoed in `formula.compat`.
    pub compat: Option<Tool>,
    pub target_er: f64,
}

impl Default for Settings {
    /// The command's defaults: the default interactions, `auto` basis,
    /// mean ER as the headline, a 3 % target.
    fn default() -> Self {
        Settings {
            interactions: metrics::DEFAULT_INTERACTIONS.to_vec(),
            basis: BasisChoice::Auto,
            aggregate: Aggregate::Mean,
            headline: None,
            compat: None,
            target_er: 3.0,
        }
    }
}

impl Settings {
    /// The settings that make the headline `er` a tool's (`--compat`).
    pub fn compat(tool: Tool, target_er: f64) -> Self {
        let p = tool.preset();
        Settings {
            interactions: p.interactions.to_vec(),
            basis: BasisChoice::Fixed(p.basis),
            aggregate: p.aggregate,
            headline: p.headline,
            compat: Some(tool),
            target_er,
        }
    }
}

/// Which parts of the report an output shows: the others are not computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// Every post (JSON, CSV `posts`, XLSX).
    pub posts: bool,
    pub top: bool,
    pub hashtags: bool,
    pub best_time: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        posts: true,
        top: true,
        hashtags: true,
        best_time: true,
    };
}

/// Builds the report from posts handed to it one by one as they are read:
/// running sums, no post kept unless the output lists every post.
pub struct ReportBuilder {
    settings: Settings,
    parts: Parts,
    opts: ReportOptions,
    seen: BasisSeen,
    /// The undated posts (dated ones are in `periods`).
    total: SetAccum,
    periods: PeriodAccum,
    tags: TagTable,
    slots: SlotTable,
    /// The best posts by ER (`--top-by er`).
    top: TopKeeper<(Order, Post)>,
    /// The best posts by reach (`--top-by reach`).
    top_reach: Best<Order, (Order, Post)>,
    /// Every post in range, when the output lists them or ranks them by
    /// overperformance (which needs them all, in publish order).
    kept: Option<PostStore>,
    posts: u64,
    filtered_out: u64,
    replies_excluded: u64,
    seq: u64,
    first: Option<chrono::NaiveDate>,
    last: Option<chrono::NaiveDate>,
    scratch: metrics::tags::TagScratch,
    /// Threads `finish` may use (1: none besides the caller's).
    threads: usize,
}

/// Posts from which `finish` takes the median of the whole set on a thread
/// of its own, beside the periods': below, a thread costs more than it saves.
const PARALLEL_FINISH: u64 = 1 << 16;

impl ReportBuilder {
    /// `parts`: what the output shows; the rest is not computed.
    pub fn new(settings: Settings, opts: ReportOptions, parts: Parts) -> Self {
        let top_by = |by: TopBy| {
            if parts.top && opts.top_by == by {
                opts.top
            } else {
                0
            }
        };
        ReportBuilder {
            periods: PeriodAccum::new(opts.period),
            top: TopKeeper::new(top_by(TopBy::Er)),
            top_reach: Best::new(top_by(TopBy::Reach)),
            kept: (parts.posts || top_by(TopBy::Overperformance) > 0)
                .then(|| PostStore::new(crate::input::StreamLimits::default().keep_in_memory)),
            parts,
            settings,
            opts,
            seen: BasisSeen::default(),
            total: SetAccum::default(),
            tags: TagTable::default(),
            slots: SlotTable::default(),
            posts: 0,
            filtered_out: 0,
            replies_excluded: 0,
            seq: 0,
            first: None,
            last: None,
            scratch: Default::default(),
            threads: 1,
        }
    }

    fn in_range(&self, p: &Post) -> bool {
        let (since, until) = (self.opts.since, self.opts.until);
        if since.is_none() && until.is_none() {
            return true;
        }
        match p.published_at {
            Some(t) => {
                let d = t.local.date();
                since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u)
            }
            None => false,
        }
    }

    /// Adds one post.
    pub fn add(&mut self, p: &Post) {
        let f = PostFacts::of(p, &self.settings.interactions);
        // `auto` looks at every post read, in range or not.
        self.seen.add(&f);
        if !self.in_range(p) {
            self.filtered_out += 1;
            return;
        }
        if self.opts.exclude_replies && is_reply(p) {
            self.filtered_out += 1;
            self.replies_excluded += 1;
            return;
        }
        self.posts += 1;
        self.seq += 1;
        // Dated posts are summed by period only: the whole set is the
        // periods joined, with the undated posts.
        if p.published_at.is_none() {
            self.total.add(&f);
        }
        if let Some(t) = p.published_at {
            let d = t.local.date();
            self.first = Some(self.first.map_or(d, |x| x.min(d)));
            self.last = Some(self.last.map_or(d, |x| x.max(d)));
            self.periods.add(d, &f);
            if self.parts.best_time {
                self.slots.add(t.local, &f);
            }
        }
        if let Some(text) = p.text.as_deref().filter(|_| self.parts.hashtags) {
            if memchr::memchr2(b'#', 0xEF, text.as_bytes()).is_some() {
                self.scratch.read(text);
                self.tags.add(self.scratch.tags(), &f);
            }
        }
        let order = (
            p.published_at.is_none(),
            p.published_at.map(|t| t.local),
            p.file,
            p.line,
            self.seq,
        );
        if self.parts.top {
            self.top.add(&f, order, || (order, p.clone()));
            let reach = f.count(Count::Reach).map(|r| r as f64);
            let inter = f.interactions.unwrap_or(0);
            self.top_reach
                .add(reach, inter, order, || (order, p.clone()));
        }
        if let Some(kept) = &mut self.kept {
            kept.push(p, self.seq);
        }
    }

    /// The text fields of posts the parts shown need.
    pub fn needs(&self) -> crate::input::Needs {
        let p = self.parts;
        crate::input::Needs {
            text: p.posts || p.top || p.hashtags || self.opts.exclude_replies,
            labels: p.posts || p.top,
        }
    }

    /// Bytes of listed posts kept in memory before they go to a temporary
    /// file (by default `StreamLimits::keep_in_memory`).
    pub fn keep_in_memory(mut self, bytes: usize) -> Self {
        if let Some(k) = &mut self.kept {
            *k = PostStore::new(bytes);
        }
        self
    }

    /// Threads `finish` may use, as the reader does (`StreamLimits::threads`).
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n.max(1);
        self
    }

    /// An empty builder with the same settings, for another part of the input.
    pub fn fork(&self) -> Self {
        let mut b = ReportBuilder::new(self.settings.clone(), self.opts.clone(), self.parts);
        b.kept = self.kept.as_ref().map(PostStore::fork);
        b
    }

    /// Takes in a fork's posts, which came after this builder's in the input.
    pub fn merge(&mut self, o: ReportBuilder) {
        self.seen.merge(o.seen);
        self.total.merge(o.total);
        self.periods.merge(o.periods);
        self.tags.merge(o.tags);
        self.slots.merge(o.slots);
        self.top.merge(o.top);
        self.top_reach.merge(o.top_reach);
        if let (Some(k), Some(ok)) = (&mut self.kept, o.kept) {
            k.merge(ok);
        }
        self.posts += o.posts;
        self.filtered_out += o.filtered_out;
        self.replies_excluded += o.replies_excluded;
        self.first = self.first.min(o.first).or(self.first).or(o.first);
        self.last = self.last.max(o.last);
    }

    /// The metric configuration, `auto` resolved over the posts added.
    pub fn config(&self) -> MetricConfig {
        MetricConfig {
            interactions: self.settings.interactions.clone(),
            basis: match self.settings.basis {
                BasisChoice::Fixed(b) => b,
                BasisChoice::Auto => self.seen.auto(),
            },
            aggregate: self.settings.aggregate,
            headline: self.settings.headline,
            target_er: self.settings.target_er,
        }
    }

    /// The report, with what was read besides the posts; an error when the
    /// posts kept in a temporary file cannot be read back.
    pub fn finish(self, ds: &Dataset) -> std::io::Result<ReportDoc> {
        let cfg = self.config();
        let opts = &self.opts;
        let files = &ds.files;
        let mut total = self.periods.joined(cfg.basis);
        total.merge(self.total);
        // ERday's days: --since/--until where given, else the periods' span.
        let range = self.periods.range();
        let days = match (
            opts.since.or(range.map(|r| r.0)),
            opts.until.or(range.map(|r| r.1)),
        ) {
            (Some(start), Some(end)) => Some(Span { start, end }.days()),
            _ => None,
        };
        // The whole set's median and each period's are independent: on a
        // large set they are taken at once.
        let (summary, periods) = if self.threads > 1 && self.posts >= PARALLEL_FINISH {
            std::thread::scope(|scope| {
                let whole = scope.spawn(|| total.finish_over(&cfg, days));
                let periods = self.periods.finish(&cfg);
                match whole.join() {
                    Ok(summary) => (summary, periods),
                    Err(e) => std::panic::resume_unwind(e),
                }
            })
        } else {
            (total.finish_over(&cfg, days), self.periods.finish(&cfg))
        };
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let platforms: Vec<String> = files.iter().map(|f| f.platform.clone()).collect();
        let inter = |p: &Post| metrics::interactions(p, &cfg.interactions);
        let top_er = self.top.finish(cfg.basis);
        let top_reach = self.top_reach.finish();
        // Overperformance needs every post in publish order (undated last,
        // input order breaking ties): one pass over the posts kept gives the
        // figures of the top posts, and the best by overperformance.
        let shown: std::collections::HashSet<Order> = match opts.top_by {
            TopBy::Er => top_er.iter().map(|(o, _)| *o).collect(),
            TopBy::Reach => top_reach.iter().map(|(o, _)| *o).collect(),
            TopBy::Overperformance => Default::default(),
        };
        let mut over_of: HashMap<Order, f64> = HashMap::new();
        let n = match (self.parts.top, opts.top_by) {
            (true, TopBy::Overperformance) => opts.top,
            _ => 0,
        };
        let mut best_over = Best::new(n);
        let (sorted, error) = match self.kept.map(PostStore::sorted) {
            Some(Ok(sorted)) => {
                let sorted = Arc::new(sorted);
                let mut windows = Windows::default();
                for item in sorted.iter() {
                    let (seq, p) = item?;
                    let o: Order = (
                        p.published_at.is_none(),
                        p.published_at.map(|t| t.local),
                        p.file,
                        p.line,
                        seq,
                    );
                    let v = windows.next(account_key(&p, &platforms), inter(&p));
                    if let (Some(v), true) = (v, shown.contains(&o)) {
                        over_of.insert(o, v);
                    }
                    best_over.add(v, inter(&p).unwrap_or(0), o, || ((o, p.clone()), v));
                }
                (Some(sorted), None)
            }
            Some(Err(e)) => {
                return Err(std::io::Error::other(format!(
                    "cannot keep the posts in a temporary file: {e}"
                )))
            }
            None => (None, None),
        };
        let row = |(o, p): &(Order, Post)| post_row(p, &cfg, &paths, over_of.get(o).copied());
        let top: Vec<PostRow> = match opts.top_by {
            TopBy::Er => top_er.iter().map(row).collect(),
            TopBy::Reach => top_reach.iter().map(row).collect(),
            TopBy::Overperformance => best_over
                .finish()
                .into_iter()
                .map(|((_, p), v)| post_row(&p, &cfg, &paths, v))
                .collect(),
        };
        let hashtags = self.tags.finish(&cfg, summary.er_mean);
        let best = self.slots.finish(&cfg);
        let posts_out = match self.parts.posts {
            true => PostList {
                posts: sorted,
                held: None,
                error,
                cfg: Some(Arc::new(cfg.clone())),
                paths: Arc::new(paths.clone()),
                platforms: Arc::new(platforms),
            },
            false => PostList::default(),
        };
        let posts = self.posts;
        let filtered_out = self.filtered_out;
        let replies_excluded = self.replies_excluded;
        let names: Vec<&str> = cfg.interactions.iter().map(|c| c.name()).collect();
        Ok(ReportDoc {
            schema: SCHEMA,
            input: InputSection {
                files: ds.files.iter().map(|f| f.path.clone()).collect(),
                details: ds.files.clone(),
                rows_read: ds.rows_read(),
                series_rows: ds.files.iter().filter_map(|f| f.series_rows).sum(),
                web_rows: ds.files.iter().filter_map(|f| f.web_rows).sum(),
                ad_rows: ds.files.iter().filter_map(|f| f.ad_rows).sum(),
                cost_rows: ds.files.iter().filter_map(|f| f.cost_rows).sum(),
                posts,
                filtered_out,
                replies_excluded,
                published_first: self.first,
                published_last: self.last,
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
                headline: cfg.headline_name(),
                target_er: cfg.target_er,
                period: opts.period,
                top_by: opts.top_by,
                compat: self.settings.compat.map(CompatSection::of),
            },
            summary,
            periods,
            posts: posts_out,
            top_posts: top,
            hashtags,
            best_time: best,
            series: ds
                .series
                .iter()
                .map(|s| {
                    let file = ds.files.get(s.file).map(|f| f.path.as_str()).unwrap_or("");
                    summarize_series(s, file, opts.period, opts.since, opts.until)
                })
                .collect(),
            web: ds
                .web
                .iter()
                .map(|w| WebSection {
                    file: w.file.clone(),
                    source: w.source.clone(),
                    title: w.title.clone(),
                    dimensions: w.dimensions.clone(),
                    figures: w.figures.clone(),
                    rows_are_days: w.rows_are_days,
                    totals: web_totals(&w.rows),
                    figure_totals: figure_totals(&w.figures, &w.rows),
                    rows: w.rows.clone(),
                })
                .collect(),
            ads: ds
                .ads
                .iter()
                .map(|a| AdsSection {
                    file: a.file.clone(),
                    source: a.source.clone(),
                    dimensions: a.dimensions.clone(),
                    totals: ad_totals(&a.rows),
                    rows: a.rows.clone(),
                })
                .collect(),
            web_join: None,
            campaigns: Vec::new(),
            money: None,
            comparison: None,
        })
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{self, ReadOptions};

    /// The document with every post held and sorted, as it was made before
    /// posts were kept out of memory: the rows of `read_posts`, deduplicated,
    /// in publish order (a stable sort, undated last), serialised whole.
    fn held_whole(files: &[String], doc: &ReportDoc) -> Vec<u8> {
        let mut ds = input::read_posts(files, &ReadOptions::default()).unwrap();
        input::dedupe::dedupe(&mut ds);
        let mut posts = std::mem::take(&mut ds.posts);
        posts.sort_by_key(|p| (p.published_at.is_none(), p.published_at.map(|t| t.local)));
        let cfg = MetricConfig {
            interactions: doc.formula.interactions.clone(),
            basis: doc.formula.er_basis,
            aggregate: doc.formula.aggregate,
            // Post rows do not show the headline.
            headline: None,
            target_er: doc.formula.target_er,
        };
        let paths: Vec<String> = ds.files.iter().map(|f| f.path.clone()).collect();
        let platforms: Vec<String> = ds.files.iter().map(|f| f.platform.clone()).collect();
        let over = crate::metrics::overperformance::overperformance(posts.iter().map(|p| {
            (
                account_key(p, &platforms),
                metrics::interactions(p, &cfg.interactions),
            )
        }));
        let rows: Vec<PostRow> = posts
            .iter()
            .zip(over)
            .map(|(p, v)| post_row(p, &cfg, &paths, v))
            .collect();
        let mut v = serde_json::to_value(doc).unwrap();
        v["posts"] = serde_json::to_value(&rows).unwrap();
        let mut out = serde_json::to_vec_pretty(&v).unwrap();
        out.push(b'\n');
        out
    }

    fn streamed(doc: &ReportDoc) -> Vec<u8> {
        let mut out = Vec::new();
        serde_json::to_writer_pretty(&mut out, doc).unwrap();
        out.push(b'\n');
        out
    }

    #[test]
    fn streamed_posts_give_the_bytes_of_the_document_held_whole() {
        let root = env!("CARGO_MANIFEST_DIR");
        let cases: &[&[&str]] = &[
            &["meta_posts_ru_facebook.csv"],
            &["hostile_captions.csv"],
            &["tiktok_content_yearless.csv"],
            &["telegram_channel_albums.json"],
            &["vk_wall.json", "vk_post_reach.json"],
            &["xlsx_title_row_ru.xlsx"],
            &["overlap_jan.csv", "overlap_jan15_feb15.csv"],
        ];
        for case in cases {
            let files: Vec<String> = case
                .iter()
                .map(|f| format!("{root}/tests/data/{f}"))
                .collect();
            for keep in [0, 1 << 30] {
                let mut req = ReportRequest::new(ReadOptions::default());
                req.read.limits.keep_in_memory = keep;
                let doc = read_report(&files, &req).unwrap().doc;
                assert!(!doc.posts.is_empty(), "{case:?}");
                assert_eq!(doc.posts.len() as u64, doc.input.posts, "{case:?}");
                let (a, b) = (held_whole(&files, &doc), streamed(&doc));
                assert_eq!(
                    String::from_utf8_lossy(&a),
                    String::from_utf8_lossy(&b),
                    "{case:?}, {keep} bytes in memory"
                );
            }
        }
    }

    #[test]
    fn posts_not_shown_are_not_kept() {
        let root = env!("CARGO_MANIFEST_DIR");
        let files = vec![format!("{root}/tests/data/meta_posts_ru_facebook.csv")];
        let mut req = ReportRequest::new(ReadOptions::default());
        req.parts.posts = false;
        let doc = read_report(&files, &req).unwrap().doc;
        assert!(doc.input.posts > 0);
        assert!(doc.posts.is_empty());
        assert_eq!(
            streamed(&doc)
                .windows(11)
                .filter(|w| w == b"\"posts\": []")
                .count(),
            1
        );
    }
}
