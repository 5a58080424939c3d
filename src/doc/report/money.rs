//! From clicks to money: the web-analytics tables given with `--web`
//! joined to the report's posts by UTM tag (each post's visits, bounce
//! rate, time on site, depth, new visitors and conversions; the same by
//! period and by campaign, and every row that matched no post counted), and
//! the costs of `--costs` set against what the posts delivered (conversion
//! rate, CAC, ROI, CPE, CPC for the report, each campaign and each period).
//! docs/metrics.md#web-join and #money give the rules.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::ReportDoc;
use crate::input::costs::currency_code;
use crate::input::{Dataset, InputError, WebTable};
use crate::metrics::money::{cost_sums, money_figures, CostSums, Delivered, MoneyFigures};
use crate::metrics::web::{web_figures, WebFigures};
use crate::model::{CostRow, WebRow};

/// Which UTM tag joins web-analytics rows to posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinKey {
    /// The row's `utm_content` equals the post's `utm_content`.
    Content,
    /// The row's `utm_campaign` equals the post's `utm_campaign`.
    Campaign,
    /// The row's `utm_content` (its `utm_campaign` in a table without
    /// content) equals the post's id.
    Id,
}

impl JoinKey {
    pub fn name(self) -> &'static str {
        match self {
            JoinKey::Content => "content",
            JoinKey::Campaign => "campaign",
            JoinKey::Id => "id",
        }
    }
}

/// What `--web`, `--costs`, `--join` and `--currency` ask for.
#[derive(Debug, Clone, Default)]
pub struct MoneyRequest {
    /// `--web`: web-analytics tables to join to the posts.
    pub web_files: Vec<String>,
    /// `--costs`: costs files (or ads exports).
    pub costs_files: Vec<String>,
    /// `--join`; `None` = `utm_content` when both sides have it, else `utm_campaign`.
    pub join: Option<JoinKey>,
    /// `--currency`: the currency of costs that do not state one.
    pub currency: Option<String>,
}

impl MoneyRequest {
    pub fn is_empty(&self) -> bool {
        self.web_files.is_empty() && self.costs_files.is_empty()
    }
}

/// A post's web figures: those of the rows carrying its tag.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PostWeb {
    #[serde(flatten)]
    pub figures: WebFigures,
    /// Posts carrying the same tag (1 when the tag is the post's own): the
    /// figures are the tag's, shared by them, and do not add up across them.
    pub shared_by: u64,
}

/// A web-analytics row that matched no post.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnmatchedRow {
    /// The table's file (as given).
    pub file: String,
    pub line: u64,
    /// The row's tag as written; `null` when the row has none.
    pub tag: Option<String>,
    pub visits: Option<u64>,
}

/// The joined figures of one report period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebPeriod {
    /// As in `periods[]`.
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Of the rows joined in this period (a row's own date, else its first post's).
    #[serde(flatten)]
    pub figures: WebFigures,
}

/// How `--web` tables were joined to the posts.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebJoin {
    /// The tag joined on: `content`, `campaign` or `id`.
    pub key: JoinKey,
    /// The `--web` files.
    pub files: Vec<String>,
    /// Rows of the tables.
    pub rows: u64,
    /// Rows whose tag a post of the report carries.
    pub matched_rows: u64,
    /// Rows whose tag no post carries, or that have none: counted, never dropped.
    pub unmatched_rows: u64,
    /// Σ visits of the unmatched rows.
    pub unmatched_visits: Option<u64>,
    /// Posts carrying a tag of the key.
    pub posts_tagged: u64,
    /// Posts with at least one row.
    pub posts_matched: u64,
    /// The figures of every matched row.
    pub totals: WebFigures,
    /// By report period.
    pub periods: Vec<WebPeriod>,
    /// Every unmatched row.
    pub unmatched: Vec<UnmatchedRow>,
}

/// One campaign: the posts whose `utm_campaign` it is, the web rows joined
/// to them, and its costs.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CampaignRow {
    /// As first written (campaigns are matched without case).
    pub campaign: String,
    #[serde(flatten)]
    pub money: MoneyFigures,
    /// The web figures of the rows joined to the campaign's posts; absent
    /// without `--web`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<WebFigures>,
}

/// The money figures of one report period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MoneyPeriod {
    /// As in `periods[]`.
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(flatten)]
    pub money: MoneyFigures,
}

/// The report's money: every cost against every post.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MoneySection {
    /// The currency of every amount, as given (`--currency` or the files);
    /// `null` when nothing states one.
    pub currency: Option<String>,
    /// The `--costs` files.
    pub files: Vec<String>,
    /// Costs rows used.
    pub cost_rows: u64,
    /// Costs rows left out: their period is not within `--since`/`--until`.
    pub rows_out_of_range: u64,
    /// Costs rows used in the totals and campaigns whose period lies in no
    /// single period of the report (so in none of `periods`).
    pub rows_in_no_period: u64,
    /// The whole report: all its posts against all costs used.
    #[serde(flatten)]
    pub totals: MoneyFigures,
    /// By report period, when the costs are by period; empty otherwise.
    pub periods: Vec<MoneyPeriod>,
}

/// A tag as tags are compared: trimmed, without case.
fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The row's tag under `key`; `content_col`: the row's table has content.
fn row_tag(r: &WebRow, key: JoinKey, content_col: bool) -> Option<&str> {
    let v = match key {
        JoinKey::Campaign => r.utm_campaign.as_deref(),
        JoinKey::Content => r.utm_content.as_deref(),
        JoinKey::Id if content_col => r.utm_content.as_deref(),
        JoinKey::Id => r.utm_campaign.as_deref(),
    };
    v.filter(|t| !t.trim().is_empty())
}

fn has_content(t: &WebTable) -> bool {
    t.rows.iter().any(|r| r.utm_content.is_some())
}

fn has_campaign(t: &WebTable) -> bool {
    t.rows.iter().any(|r| r.utm_campaign.is_some())
}

/// The index of the report period holding `d`.
fn period_of(doc: &ReportDoc, d: NaiveDate) -> Option<usize> {
    doc.periods.iter().position(|p| p.start <= d && d <= p.end)
}

/// The key the tables are joined on: `--join`, else content when the
/// tables and the posts have it, else campaign. A table without the key's
/// column is an error: its rows could join nothing.
fn resolve_key(
    doc: &ReportDoc,
    tables: &[&WebTable],
    forced: Option<JoinKey>,
) -> Result<JoinKey, InputError> {
    let posts_content = doc.posts.held().iter().any(|p| p.utm_content.is_some());
    let all = |f: fn(&WebTable) -> bool| tables.iter().all(|t| f(t));
    let key = match forced {
        Some(k) => k,
        None if all(has_content) && (posts_content || !all(has_campaign)) => JoinKey::Content,
        None if all(has_campaign) => JoinKey::Campaign,
        None => JoinKey::Content,
    };
    let needs: fn(&WebTable) -> bool = match key {
        JoinKey::Content => has_content,
        JoinKey::Campaign => has_campaign,
        JoinKey::Id => |t| has_content(t) || has_campaign(t),
    };
    if let Some(t) = tables.iter().find(|t| !needs(t)) {
        let what = match key {
            JoinKey::Campaign => {
                "a UTM campaign column (UTM Campaign, Метка utm_campaign, Session campaign)"
            }
            JoinKey::Content => {
                "a UTM content column (UTM Content, Метка utm_content, Session manual ad content)"
            }
            JoinKey::Id => "a UTM content or campaign column",
        };
        let hint = match (forced, has_campaign(t)) {
            (None, _) | (Some(JoinKey::Content), true) => {
                "; export the report grouped by a UTM tag (Metrica: Метки UTM; GA4: Session manual ad content or Session campaign), or give --join campaign to join by campaign"
            }
            _ => "; export the report grouped by a UTM tag (Metrica: Метки UTM; GA4: Session manual ad content or Session campaign)",
        };
        return Err(InputError::Format {
            file: t.file.clone(),
            message: format!(
                "--web: the table has no {what} with a value, so none of its rows can be joined to a post by {}{hint}; its columns: {}",
                key.name(),
                t.dimensions.join(", ")
            ),
        });
    }
    Ok(key)
}

/// A campaign's slot in the report, by its folded name.
struct Campaigns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Campaigns {
    fn slot(&mut self, name: &str) -> usize {
        let k = fold(name);
        if let Some(&i) = self.index.get(&k) {
            return i;
        }
        self.names.push(name.trim().to_string());
        self.index.insert(k, self.names.len() - 1);
        self.names.len() - 1
    }
}

/// Joins the `--web` tables (`ds.web[joined..]`) to the report's posts and
/// sets the costs (`ds.costs`) against them: fills `posts[].web`,
/// `web_join`, `campaigns` and `money`. Returns lines for stderr.
pub fn attach(
    doc: &mut ReportDoc,
    ds: &Dataset,
    joined: usize,
    req: &MoneyRequest,
    range: (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<Vec<String>, InputError> {
    let mut notes = Vec::new();
    doc.posts.hold().map_err(|source| InputError::Io {
        file: "the posts kept in a temporary file".to_string(),
        source,
    })?;
    let tables: Vec<&WebTable> = ds.web.iter().skip(joined).collect();
    let mut campaigns = Campaigns {
        names: Vec::new(),
        index: HashMap::new(),
    };
    for p in doc.posts.held() {
        if let Some(c) = p.utm_campaign.as_deref().filter(|c| !c.trim().is_empty()) {
            campaigns.slot(c);
        }
    }
    // The web rows each campaign and each period is made of.
    let mut campaign_rows: HashMap<usize, Vec<&WebRow>> = HashMap::new();
    let mut period_rows: Vec<Vec<&WebRow>> = vec![Vec::new(); doc.periods.len()];
    let mut matched: Vec<&WebRow> = Vec::new();
    if !req.web_files.is_empty() {
        let key = resolve_key(doc, &tables, req.join)?;
        let tags: Vec<Option<String>> = doc
            .posts
            .held()
            .iter()
            .map(|p| {
                let v = match key {
                    JoinKey::Content => p.utm_content.as_deref(),
                    JoinKey::Campaign => p.utm_campaign.as_deref(),
                    JoinKey::Id => p.id.as_deref(),
                };
                v.map(fold).filter(|t| !t.is_empty())
            })
            .collect();
        let mut posts_by_tag: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in tags.iter().enumerate() {
            if let Some(t) = t {
                posts_by_tag.entry(t.clone()).or_default().push(i);
            }
        }
        let posts_tagged = posts_by_tag.values().map(|v| v.len() as u64).sum();
        let mut rows_by_tag: HashMap<String, Vec<&WebRow>> = HashMap::new();
        let mut unmatched = Vec::new();
        let mut rows = 0u64;
        for t in &tables {
            let content = has_content(t);
            for r in &t.rows {
                rows += 1;
                let tag = row_tag(r, key, content);
                let found = tag
                    .map(fold)
                    .and_then(|k| posts_by_tag.get(&k).map(|p| (k, p)));
                let Some((k, posts)) = found else {
                    unmatched.push(UnmatchedRow {
                        file: t.file.clone(),
                        line: r.line,
                        tag: tag.map(str::to_string),
                        visits: r.visits,
                    });
                    continue;
                };
                matched.push(r);
                let first = &doc.posts.held()[posts[0]];
                let day = r.date.or(first.published_at.map(|t| t.local.date()));
                if let Some(i) = day.and_then(|d| period_of(doc, d)) {
                    period_rows[i].push(r);
                }
                let campaign = r
                    .utm_campaign
                    .as_deref()
                    .or(first.utm_campaign.as_deref())
                    .filter(|c| !c.trim().is_empty());
                if let Some(c) = campaign {
                    let slot = campaigns.slot(c);
                    campaign_rows.entry(slot).or_default().push(r);
                }
                rows_by_tag.entry(k).or_default().push(r);
            }
        }
        let mut posts_matched = 0;
        for (p, t) in doc.posts.held_mut().iter_mut().zip(&tags) {
            let web = t.as_ref().and_then(|t| {
                let rows = rows_by_tag.get(t)?;
                Some(PostWeb {
                    figures: web_figures(rows.iter().copied()),
                    shared_by: posts_by_tag.get(t).map_or(1, |p| p.len() as u64),
                })
            });
            posts_matched += u64::from(web.is_some());
            p.web = web;
        }
        let unmatched_visits = unmatched
            .iter()
            .filter_map(|u| u.visits)
            .fold(None, |a: Option<u64>, v| {
                Some(a.unwrap_or(0).saturating_add(v))
            });
        let tag_name = match key {
            JoinKey::Content => "utm_content",
            JoinKey::Campaign => "utm_campaign",
            JoinKey::Id => "post id",
        };
        notes.push(format!(
            "note: --web {}: {} of {} joined to {} by {tag_name}",
            req.web_files.join(", "),
            matched.len(),
            rows_word(rows as usize),
            posts_word(posts_matched),
        ));
        if posts_tagged == 0 && !doc.posts.is_empty() {
            notes.push(format!(
                "note: --web: no post carries a {tag_name}, so no row could be joined{}",
                match key {
                    JoinKey::Content =>
                        " (--join campaign joins by utm_campaign, --join id by the post id)",
                    _ => "",
                }
            ));
        }
        if !unmatched.is_empty() {
            let tags: Vec<String> = unmatched
                .iter()
                .take(5)
                .map(|u| match &u.tag {
                    Some(t) => format!("'{t}'"),
                    None => "(no tag)".to_string(),
                })
                .collect();
            notes.push(format!(
                "note: --web: {} ({} visits) matching no post of the report: {}{} (all in JSON under web_join.unmatched)",
                rows_word(unmatched.len()),
                unmatched_visits.unwrap_or(0),
                tags.join(", "),
                if unmatched.len() > tags.len() { ", ..." } else { "" }
            ));
        }
        doc.web_join = Some(WebJoin {
            key,
            files: req.web_files.clone(),
            rows,
            matched_rows: matched.len() as u64,
            unmatched_rows: unmatched.len() as u64,
            unmatched_visits,
            posts_tagged,
            posts_matched,
            totals: web_figures(matched.iter().copied()),
            periods: doc
                .periods
                .iter()
                .zip(&period_rows)
                .map(|(p, rows)| WebPeriod {
                    period: p.period.clone(),
                    start: p.start,
                    end: p.end,
                    figures: web_figures(rows.iter().copied()),
                })
                .collect(),
            unmatched,
        });
    }
    // Costs: the rows in range, each in its campaign and its period.
    let (since, until) = range;
    let in_range = |r: &CostRow| match (r.start, r.end) {
        (Some(a), Some(b)) => since.is_none_or(|s| a >= s) && until.is_none_or(|u| b <= u),
        _ => true,
    };
    let used: Vec<&CostRow> = ds.costs.iter().filter(|r| in_range(r)).collect();
    let out_of_range = ds.costs.len() - used.len();
    let currency = if req.costs_files.is_empty() {
        None
    } else {
        costs_currency(&used, req.currency.as_deref())?
    };
    let mut campaign_costs: HashMap<usize, Vec<&CostRow>> = HashMap::new();
    let mut period_costs: Vec<Vec<&CostRow>> = vec![Vec::new(); doc.periods.len()];
    let (mut by_period, mut in_no_period) = (false, 0u64);
    for r in &used {
        if let Some(c) = r.campaign.as_deref().filter(|c| !c.trim().is_empty()) {
            let slot = campaigns.slot(c);
            campaign_costs.entry(slot).or_default().push(r);
        }
        if let (Some(a), Some(b)) = (r.start, r.end) {
            by_period = true;
            match doc.periods.iter().position(|p| p.start <= a && b <= p.end) {
                Some(i) => period_costs[i].push(r),
                None => in_no_period += 1,
            }
        }
    }
    // Each campaign's posts.
    let mut campaign_posts: HashMap<usize, Delivered> = HashMap::new();
    for p in doc.posts.held() {
        let Some(c) = p.utm_campaign.as_deref().filter(|c| !c.trim().is_empty()) else {
            continue;
        };
        let d = campaign_posts.entry(campaigns.slot(c)).or_default();
        d.posts += 1;
        d.link_clicks = add_i(d.link_clicks, p.link_clicks);
        d.interactions = add_i(d.interactions, p.interactions);
    }
    let web = !req.web_files.is_empty();
    doc.campaigns = campaigns
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let rows = campaign_rows.get(&i).map(Vec::as_slice).unwrap_or_default();
            let figures = web_figures(rows.iter().copied());
            let mut d = campaign_posts.get(&i).copied().unwrap_or_default();
            d.visits = figures.visits;
            d.web_conversions = figures.conversions;
            let costs = cost_sums(campaign_costs.get(&i).into_iter().flatten().copied());
            CampaignRow {
                campaign: name.clone(),
                money: money_figures(&d, &costs),
                web: web.then_some(figures),
            }
        })
        .collect();
    if req.costs_files.is_empty() {
        return Ok(notes);
    }
    let totals_web = web_figures(matched.iter().copied());
    let s = &doc.summary;
    let totals = money_figures(
        &Delivered {
            posts: s.posts,
            link_clicks: s.link_clicks,
            interactions: s.interactions,
            visits: totals_web.visits,
            web_conversions: totals_web.conversions,
        },
        &cost_sums(used.iter().copied()),
    );
    let periods = if by_period {
        doc.periods
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let w = web_figures(period_rows[i].iter().copied());
                let d = Delivered {
                    posts: p.summary.posts,
                    link_clicks: p.summary.link_clicks,
                    interactions: p.summary.interactions,
                    visits: w.visits,
                    web_conversions: w.conversions,
                };
                let c: CostSums = cost_sums(period_costs[i].iter().copied());
                MoneyPeriod {
                    period: p.period.clone(),
                    start: p.start,
                    end: p.end,
                    money: money_figures(&d, &c),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let files = req.costs_files.join(", ");
    if out_of_range > 0 {
        notes.push(format!(
            "note: --costs {files}: {} for periods outside --since/--until left out",
            rows_word(out_of_range)
        ));
    }
    if in_no_period > 0 {
        notes.push(format!(
            "note: --costs {files}: {} covering no single period of the report (--period) counted in the totals and campaigns, in no period",
            rows_word(in_no_period as usize)
        ));
    }
    if used.iter().all(|r| r.campaign.is_none()) && !doc.campaigns.is_empty() {
        notes.push(format!(
            "note: --costs {files}: no row names a campaign, so no campaign has costs"
        ));
    }
    doc.money = Some(MoneySection {
        currency,
        files: req.costs_files.clone(),
        cost_rows: used.len() as u64,
        rows_out_of_range: out_of_range as u64,
        rows_in_no_period: in_no_period,
        totals,
        periods,
    });
    Ok(notes)
}

fn rows_word(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

fn posts_word(n: u64) -> String {
    format!("{n} post{}", if n == 1 { "" } else { "s" })
}

fn add_i(acc: Option<i64>, v: Option<i64>) -> Option<i64> {
    match v {
        Some(x) => Some(acc.unwrap_or(0).saturating_add(x)),
        None => acc,
    }
}

/// The one currency of the costs: `--currency`, the one the rows state, or
/// none; rows in two currencies (or in another than `--currency`) are an
/// error, as smmkpi converts no currency.
fn costs_currency(rows: &[&CostRow], given: Option<&str>) -> Result<Option<String>, InputError> {
    let mut seen: Vec<(&CostRow, String)> = Vec::new();
    for r in rows {
        if let Some(c) = r.currency.as_deref() {
            if seen.iter().all(|(_, s)| *s != currency_code(c)) {
                seen.push((r, currency_code(c)));
            }
        }
    }
    match (seen.as_slice(), given) {
        ([], g) => Ok(g.map(str::to_string)),
        ([(r, code)], Some(g)) if *code != currency_code(g) => Err(InputError::Format {
            file: r.file.clone(),
            message: format!(
                "line {}: costs in {}, but --currency says {g}: smmkpi converts no currency",
                r.line,
                r.currency.as_deref().unwrap_or_default()
            ),
        }),
        ([_], Some(g)) => Ok(Some(g.to_string())),
        ([(r, _)], None) => Ok(r.currency.clone()),
        ([(a, _), (b, _), ..], _) => Err(InputError::Format {
            file: b.file.clone(),
            message: format!(
                "line {}: costs in {}, while {}:{} is in {}: money in two currencies cannot be added up (smmkpi converts no currency); give one currency's costs",
                b.line,
                b.currency.as_deref().unwrap_or_default(),
                a.file,
                a.line,
                a.currency.as_deref().unwrap_or_default()
            ),
        }),
    }
}
