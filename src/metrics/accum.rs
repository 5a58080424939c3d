//! Running accumulators behind every figure of a set of posts: each post is
//! added once, as it is read, and two accumulators of consecutive parts of
//! the input merge into the accumulator of the whole. Nothing needs the
//! posts kept, so a report streams through any number of them; memory grows
//! with the per-post ERs a median needs (8 bytes a post and basis), not with
//! the posts. The set functions of `sets` (`summarize`, `periodize`,
//! `hashtag_table`, `best_time`, `top_posts`) are these accumulators run
//! over a slice. The figures are defined in docs/metrics.md (#er-set,
//! #periods, #hashtags, #best-time, #top-posts).
//!
//! ER is kept for each of the three bases at once, so `--er-basis auto` can
//! be resolved after the last post: the basis is only chosen at `finish`.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::config::{Aggregate, Basis, MetricConfig};
use super::periods::{Period, PeriodRow, Span};
use super::post::{count_pct, negative_feedback};
use super::rate::{band, growth, mean, median_in_place, pct};
use super::rates::RateAccum;
use super::summary::SetSummary;
use super::tags::{HashtagRow, TimeSlot};
use crate::model::{Count, Post};

/// The bases, in the order `auto` tries them.
pub const BASES: [Basis; 3] = [Basis::Reach, Basis::Views, Basis::Followers];

fn basis_index(b: Basis) -> usize {
    match b {
        Basis::Reach => 0,
        Basis::Views => 1,
        Basis::Followers => 2,
    }
}

/// What the accumulators need of one post, computed once per post.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PostFacts {
    /// Each count field, in [`Count::ALL`] order; 0 where not reported.
    counts: [i64; Count::ALL.len()],
    /// Bit `c` set when count `c` is reported.
    reported: u16,
    /// Sum of the configured interaction fields (negative for a net loss).
    pub interactions: Option<i64>,
    /// ER on each of [`BASES`].
    pub ers: [Option<f64>; 3],
    /// hide + report + unsubscribe, where reported.
    pub negative: Option<i64>,
}

impl PostFacts {
    pub fn of(p: &Post, set: &[Count]) -> PostFacts {
        let mut counts = [0i64; Count::ALL.len()];
        let mut reported = 0u16;
        for c in Count::ALL {
            if let Some(v) = p.count(c) {
                counts[c as usize] = v;
                reported |= 1 << c as u16;
            }
        }
        let mut inter: Option<i64> = None;
        for &c in set {
            if reported & (1 << c as u16) != 0 {
                inter = Some(inter.unwrap_or(0).saturating_add(counts[c as usize]));
            }
        }
        let mut f = PostFacts {
            counts,
            reported,
            interactions: inter,
            ers: [None; 3],
            negative: negative_feedback(p),
        };
        if let Some(i) = inter {
            f.ers = BASES.map(|b| f.count(b.count()).and_then(|d| count_pct(i, d)));
        }
        f
    }

    /// Count `c`, when reported.
    pub fn count(&self, c: Count) -> Option<i64> {
        (self.reported & (1 << c as u16) != 0).then_some(self.counts[c as usize])
    }
}

fn add_opt(a: &mut Option<i64>, v: Option<i64>) {
    if let Some(v) = v {
        *a = Some(a.unwrap_or(0).saturating_add(v));
    }
}

/// Σ numerator / Σ denominator over the posts reporting both, denominator > 0
/// (a numerator may be a net loss below 0).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    fn add(&mut self, num: Option<i64>, den: Option<i64>) {
        if let (Some(n), Some(d)) = (num, den) {
            if d > 0 {
                self.num += i128::from(n);
                self.den += i128::from(d);
            }
        }
    }

    fn merge(&mut self, o: Ratio) {
        self.num += o.num;
        self.den += o.den;
    }

    fn pct(self) -> Option<f64> {
        pct(self.num as f64, self.den as f64)
    }
}

/// The running figures of a set of posts; [`SetAccum::finish`] gives its [`SetSummary`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetAccum {
    posts: u64,
    /// Σ of each count over the posts reporting it (saturating).
    sums: [i64; Count::ALL.len()],
    /// Bit `c` set when some post reported count `c`.
    summed: u16,
    interactions: Option<i64>,
    negative: Option<i64>,
    negative_rate: Ratio,
    ctr: Ratio,
    reach_total: i128,
    reach_n: u64,
    /// Per-post ERs on each basis, in the order added (mean and median).
    ers: [Vec<f64>; 3],
    er_ratio: [Ratio; 3],
    /// The rate family (docs/metrics.md#rates).
    rates: RateAccum,
}

impl SetAccum {
    pub fn add(&mut self, f: &PostFacts) {
        self.posts += 1;
        // A count not reported is 0 in `f`: adding it changes nothing.
        for (s, v) in self.sums.iter_mut().zip(f.counts) {
            *s = s.saturating_add(v);
        }
        self.summed |= f.reported;
        add_opt(&mut self.interactions, f.interactions);
        let reach = f.count(Count::Reach);
        if f.negative.is_some() {
            add_opt(&mut self.negative, f.negative);
            self.negative_rate.add(f.negative, reach);
        }
        self.ctr.add(f.count(Count::LinkClicks), reach);
        if let Some(r) = reach {
            self.reach_total += i128::from(r);
            self.reach_n += 1;
        }
        if let Some(inter) = f.interactions {
            for (i, b) in BASES.iter().enumerate() {
                if let Some(e) = f.ers[i] {
                    self.ers[i].push(e);
                }
                self.er_ratio[i].add(Some(inter), f.count(b.count()));
            }
        }
        self.rates.add(|c| f.count(c), f.interactions);
    }

    fn sum(&self, c: Count) -> Option<i64> {
        (self.summed & (1 << c as u16) != 0).then_some(self.sums[c as usize])
    }

    /// Adds the posts of `o`, which came after this set's in the input.
    pub fn merge(&mut self, o: SetAccum) {
        self.merge_figures(&o);
        for (mine, theirs) in self.ers.iter_mut().zip(o.ers) {
            if mine.is_empty() {
                *mine = theirs;
            } else {
                mine.extend(theirs);
            }
        }
    }

    /// Everything of `o` but its per-post ERs.
    fn merge_figures(&mut self, o: &SetAccum) {
        self.posts += o.posts;
        for (s, v) in self.sums.iter_mut().zip(o.sums) {
            *s = s.saturating_add(v);
        }
        self.summed |= o.summed;
        add_opt(&mut self.interactions, o.interactions);
        add_opt(&mut self.negative, o.negative);
        self.negative_rate.merge(o.negative_rate);
        self.ctr.merge(o.ctr);
        self.reach_total += o.reach_total;
        self.reach_n += o.reach_n;
        for (mine, theirs) in self.er_ratio.iter_mut().zip(o.er_ratio) {
            mine.merge(theirs);
        }
        self.rates.merge(&o.rates);
    }

    /// The summary, on the basis `cfg` names, of a set that covers no
    /// calendar days (its `er_day` is `None`).
    pub fn finish(self, cfg: &MetricConfig) -> SetSummary {
        self.finish_over(cfg, None)
    }

    /// The summary, on the basis `cfg` names, of a set that covers `days`
    /// calendar days (for `er_day`, docs/metrics.md#er-day).
    pub fn finish_over(mut self, cfg: &MetricConfig, days: Option<u64>) -> SetSummary {
        let b = basis_index(cfg.basis);
        let ers = &mut self.ers[b];
        // The mean first: the median reorders the values.
        let er_mean = mean(ers);
        let er_median = median_in_place(ers);
        let er_ratio = self.er_ratio[b].pct();
        let rates = self.rates.finish(&cfg.interactions, days);
        let headline = match (cfg.headline, cfg.aggregate) {
            (Some(r), _) => rates.get(r),
            (None, Aggregate::Mean) => er_mean,
            (None, Aggregate::Median) => er_median,
            (None, Aggregate::Ratio) => er_ratio,
        };
        let sum = |c: Count| self.sum(c);
        SetSummary {
            posts: self.posts,
            reach: sum(Count::Reach),
            views: sum(Count::Views),
            impressions: sum(Count::Impressions),
            likes: sum(Count::Likes),
            comments: sum(Count::Comments),
            reposts: sum(Count::Reposts),
            saves: sum(Count::Saves),
            poll_votes: sum(Count::PollVotes),
            link_clicks: sum(Count::LinkClicks),
            interactions: self.interactions,
            er: headline,
            er_mean,
            er_median,
            er_ratio,
            ctr: self.ctr.pct(),
            reach_mean: (self.reach_n > 0).then(|| self.reach_total as f64 / self.reach_n as f64),
            band: band(headline, cfg.target_er),
            negative_feedback: self.negative,
            negative_rate: self.negative_rate.pct(),
            rates,
        }
    }
}

/// Longest run of empty periods filled in between two periods with posts;
/// beyond it (say, `--period day` over decades) the gap is left out.
const MAX_FILLED_GAP: usize = 400;

/// Sets of posts by calendar period of their publish date.
#[derive(Debug, Clone)]
pub struct PeriodAccum {
    period: Period,
    /// In span order.
    spans: Vec<(Span, SetAccum)>,
    /// The span the last post fell in: posts of an export come in runs.
    last: usize,
}

impl PeriodAccum {
    pub fn new(period: Period) -> Self {
        PeriodAccum {
            period,
            spans: Vec::new(),
            last: 0,
        }
    }

    fn slot(&mut self, span: Span) -> &mut SetAccum {
        let i = match self.spans.get(self.last) {
            Some((s, _)) if *s == span => self.last,
            _ => match self.spans.binary_search_by(|(s, _)| s.cmp(&span)) {
                Ok(i) => i,
                Err(i) => {
                    self.spans.insert(i, (span, SetAccum::default()));
                    i
                }
            },
        };
        self.last = i;
        &mut self.spans[i].1
    }

    pub fn add(&mut self, date: NaiveDate, f: &PostFacts) {
        // `all` is one period from the first date to the last: keyed by the
        // day here, joined at `finish`.
        let span = match self.spans.get(self.last) {
            Some((s, _)) if self.period != Period::All && s.start <= date && date <= s.end => *s,
            _ => match self.period {
                Period::All => Span {
                    start: date,
                    end: date,
                },
                p => p.span_of(date),
            },
        };
        self.slot(span).add(f);
    }

    pub fn merge(&mut self, o: PeriodAccum) {
        for (span, a) in o.spans {
            self.slot(span).merge(a);
        }
    }

    /// The first day of the first period and the last day of the last one
    /// (for `all`, the first and last publish dates); `None` with no post.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.spans.first()?.0.start, self.spans.last()?.0.end))
    }

    /// Every period's posts as one set, in date order, with the per-post
    /// ERs of `basis` only.
    pub fn joined(&self, basis: Basis) -> SetAccum {
        let b = basis_index(basis);
        let mut all = SetAccum::default();
        all.ers[b].reserve_exact(self.spans.iter().map(|(_, a)| a.ers[b].len()).sum());
        for (_, a) in &self.spans {
            all.merge_figures(a);
            all.ers[b].extend_from_slice(&a.ers[b]);
        }
        all
    }

    /// Consecutive periods, empty ones between two with posts included
    /// (their figures are empty and the next period's growth is `None`).
    pub fn finish(self, cfg: &MetricConfig) -> Vec<PeriodRow> {
        let period = self.period;
        let mut groups: Vec<(Span, SetAccum)> = Vec::new();
        if period == Period::All {
            let mut spans = self.spans.into_iter();
            if let Some((first, mut all)) = spans.next() {
                let mut end = first.end;
                for (s, a) in spans {
                    end = s.end;
                    all.merge(a);
                }
                groups.push((
                    Span {
                        start: first.start,
                        end,
                    },
                    all,
                ));
            }
        } else {
            for (span, a) in self.spans {
                if let Some((last, _)) = groups.last() {
                    let mut gap = period.span_of(last.end + chrono::Duration::days(1));
                    let mut filled = 0;
                    while gap < span && filled < MAX_FILLED_GAP {
                        groups.push((gap, SetAccum::default()));
                        gap = period.span_of(gap.end + chrono::Duration::days(1));
                        filled += 1;
                    }
                }
                groups.push((span, a));
            }
        }
        let mut rows: Vec<PeriodRow> = Vec::with_capacity(groups.len());
        for (span, a) in groups {
            let summary = a.finish_over(cfg, Some(span.days()));
            let (reach_growth, reach_mean_growth, er_change) = match rows.last() {
                Some(p) => (
                    growth(
                        p.summary.reach.map(|v| v as f64),
                        summary.reach.map(|v| v as f64),
                    ),
                    growth(p.summary.reach_mean, summary.reach_mean),
                    match (p.summary.er, summary.er) {
                        (Some(a), Some(b)) => Some(b - a),
                        _ => None,
                    },
                ),
                None => (None, None, None),
            };
            rows.push(PeriodRow {
                period: period.label(span),
                start: span.start,
                end: span.end,
                summary,
                reach_growth,
                reach_mean_growth,
                er_change,
            });
        }
        rows
    }
}

/// One hashtag's running figures.
#[derive(Debug, Clone, Default, PartialEq)]
struct TagAccum {
    posts: u64,
    reach_total: i128,
    reach_n: u64,
    er_sum: [f64; 3],
    er_n: [u64; 3],
}

/// Hashtag performance: posts, mean reach and mean ER per tag.
#[derive(Debug, Clone, Default)]
pub struct TagTable {
    tags: HashMap<String, TagAccum, ahash::RandomState>,
}

impl TagTable {
    /// Adds a post carrying `tags` (each once).
    pub fn add<'t>(&mut self, tags: impl IntoIterator<Item = &'t str>, f: &PostFacts) {
        for t in tags {
            let e = match self.tags.get_mut(t) {
                Some(e) => e,
                None => self.tags.entry(t.to_string()).or_default(),
            };
            e.posts += 1;
            if let Some(r) = f.count(Count::Reach) {
                e.reach_total += i128::from(r);
                e.reach_n += 1;
            }
            for i in 0..3 {
                if let Some(v) = f.ers[i] {
                    e.er_sum[i] += v;
                    e.er_n[i] += 1;
                }
            }
        }
    }

    pub fn merge(&mut self, o: TagTable) {
        for (t, a) in o.tags {
            let e = self.tags.entry(t).or_default();
            e.posts += a.posts;
            e.reach_total += a.reach_total;
            e.reach_n += a.reach_n;
            for i in 0..3 {
                e.er_sum[i] += a.er_sum[i];
                e.er_n[i] += a.er_n[i];
            }
        }
    }

    /// Most used first (ties: higher ER, then name); lift against `overall_er_mean`.
    pub fn finish(self, cfg: &MetricConfig, overall_er_mean: Option<f64>) -> Vec<HashtagRow> {
        let b = basis_index(cfg.basis);
        let mut rows: Vec<HashtagRow> = self
            .tags
            .into_iter()
            .map(|(tag, a)| {
                let er_mean = (a.er_n[b] > 0).then(|| a.er_sum[b] / a.er_n[b] as f64);
                HashtagRow {
                    tag,
                    posts: a.posts,
                    reach_mean: (a.reach_n > 0).then(|| a.reach_total as f64 / a.reach_n as f64),
                    er_mean,
                    lift: match (er_mean, overall_er_mean) {
                        (Some(t), Some(o)) => pct(t - o, o),
                        _ => None,
                    },
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.posts
                .cmp(&a.posts)
                .then(
                    b.er_mean
                        .unwrap_or(f64::MIN)
                        .total_cmp(&a.er_mean.unwrap_or(f64::MIN)),
                )
                .then(a.tag.cmp(&b.tag))
        });
        rows
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// One weekday × hour slot: posts, and Σ ER and count of ERs per basis.
type Slot = (u64, [f64; 3], [u64; 3]);

/// Mean ER by weekday × hour of publishing.
#[derive(Debug, Clone)]
pub struct SlotTable {
    /// Weekday (0 = Monday) × 24 + hour.
    slots: Box<[Slot; 7 * 24]>,
}

impl Default for SlotTable {
    fn default() -> Self {
        SlotTable {
            slots: Box::new([(0, [0.0; 3], [0; 3]); 7 * 24]),
        }
    }
}

impl SlotTable {
    pub fn add(&mut self, at: NaiveDateTime, f: &PostFacts) {
        let key = at.weekday().num_days_from_monday() as usize * 24 + at.hour() as usize;
        let e = &mut self.slots[key];
        e.0 += 1;
        for i in 0..3 {
            if let Some(v) = f.ers[i] {
                e.1[i] += v;
                e.2[i] += 1;
            }
        }
    }

    pub fn merge(&mut self, o: SlotTable) {
        for (e, (n, s, c)) in self.slots.iter_mut().zip(o.slots.iter()) {
            e.0 += n;
            for i in 0..3 {
                e.1[i] += s[i];
                e.2[i] += c[i];
            }
        }
    }

    /// Every slot with a dated post, best mean ER first (undefined last; ties by weekday and hour).
    pub fn finish(self, cfg: &MetricConfig) -> Vec<TimeSlot> {
        let b = basis_index(cfg.basis);
        let mut out: Vec<TimeSlot> = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, (n, _, _))| *n > 0)
            .map(|(k, &(n, sum, cnt))| (k as u32 / 24 + 1, k as u32 % 24, n, sum, cnt))
            .map(|(weekday, hour, n, sum, cnt)| TimeSlot {
                weekday,
                day: DAYS[(weekday as usize).clamp(1, 7) - 1],
                hour,
                posts: n,
                er_mean: (cnt[b] > 0).then(|| sum[b] / cnt[b] as f64),
                low_sample: n < 2,
            })
            .collect();
        out.sort_by(|a, b| {
            b.er_mean
                .unwrap_or(f64::MIN)
                .total_cmp(&a.er_mean.unwrap_or(f64::MIN))
                .then((a.weekday, a.hour).cmp(&(b.weekday, b.hour)))
        });
        out
    }
}

/// Where a post stands in the publish order of the input: undated posts
/// last, then by date, then by file and line, then as added.
pub type Order = (bool, Option<NaiveDateTime>, usize, u64, u64);

/// A candidate for the top: better is greater.
#[derive(Debug, Clone)]
struct Ranked<T> {
    er: f64,
    interactions: i64,
    order: Order,
    item: T,
}

impl<T> Ranked<T> {
    fn key_cmp(&self, o: &Self) -> Ordering {
        self.er
            .total_cmp(&o.er)
            .then(self.interactions.cmp(&o.interactions))
            .then(o.order.cmp(&self.order))
    }
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, o: &Self) -> bool {
        self.key_cmp(o) == Ordering::Equal
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<T> Ord for Ranked<T> {
    // Reversed: the heap's top is the worst kept, the first to go.
    fn cmp(&self, o: &Self) -> Ordering {
        o.key_cmp(self)
    }
}

/// The `n` best posts by ER on each basis (ties: more interactions, then
/// earlier in publish order); posts with an undefined ER are not ranked.
#[derive(Debug, Clone)]
pub struct TopKeeper<T> {
    n: usize,
    heaps: [BinaryHeap<Ranked<T>>; 3],
}

impl<T: Clone> TopKeeper<T> {
    pub fn new(n: usize) -> Self {
        TopKeeper {
            n,
            heaps: Default::default(),
        }
    }

    /// Offers a post; `item` is made only when it is kept.
    pub fn add(&mut self, f: &PostFacts, order: Order, item: impl Fn() -> T) {
        if self.n == 0 {
            return;
        }
        let inter = f.interactions.unwrap_or(0);
        for i in 0..3 {
            let Some(er) = f.ers[i] else { continue };
            let heap = &mut self.heaps[i];
            if heap.len() == self.n {
                let worst = heap.peek().map(|w| (w.er, w.interactions, w.order));
                let beats = worst.is_some_and(|(we, wi, wo)| {
                    er.total_cmp(&we).then(inter.cmp(&wi)).then(wo.cmp(&order)) == Ordering::Greater
                });
                if !beats {
                    continue;
                }
                heap.pop();
            }
            heap.push(Ranked {
                er,
                interactions: inter,
                order,
                item: item(),
            });
        }
    }

    pub fn merge(&mut self, o: TopKeeper<T>) {
        for (i, h) in o.heaps.into_iter().enumerate() {
            for r in h {
                self.heaps[i].push(r);
                if self.heaps[i].len() > self.n {
                    self.heaps[i].pop();
                }
            }
        }
    }

    /// The kept posts on `basis`, best first.
    pub fn finish(self, basis: Basis) -> Vec<T> {
        let [a, b, c] = self.heaps;
        let heap = match basis_index(basis) {
            0 => a,
            1 => b,
            _ => c,
        };
        // Ascending by `Ord` is best first (the order is reversed).
        heap.into_sorted_vec().into_iter().map(|r| r.item).collect()
    }
}

/// `auto` basis bookkeeping: which bases some post reports with a positive value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BasisSeen([bool; 3]);

impl BasisSeen {
    pub fn add(&mut self, f: &PostFacts) {
        for (i, b) in BASES.iter().enumerate() {
            self.0[i] |= f.count(b.count()).is_some_and(|v| v > 0);
        }
    }

    pub fn merge(&mut self, o: BasisSeen) {
        for i in 0..3 {
            self.0[i] |= o.0[i];
        }
    }

    /// The first of reach, views, followers seen; reach when none is.
    pub fn auto(self) -> Basis {
        BASES
            .iter()
            .zip(self.0)
            .find(|(_, seen)| *seen)
            .map(|(b, _)| *b)
            .unwrap_or(Basis::Reach)
    }
}

#[cfg(test)]
mod tests {
    //! The accumulators against figures worked out by hand, and every merge
    //! against the accumulator of the whole: a large file is read in parts
    //! and their accumulators merged, so a merge that loses or mangles
    //! anything gives wrong figures for every large export.

    use super::*;
    use crate::metrics::DEFAULT_INTERACTIONS;
    use crate::model::Negative;

    const EPS: f64 = 1e-9;

    fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    /// Five posts of March and April 2025, worked out by hand below.
    ///
    /// | post | when            | reach | views | likes | comments | clicks | inter | ER (reach) | ER (views) |
    /// |------|-----------------|-------|-------|-------|----------|--------|-------|------------|------------|
    /// | 1    | Mon 3 Mar 10:00 | 1000  | 2000  | 30    | 10       | 5      | 40    | 4          | 2          |
    /// | 2    | Mon 10 Mar 10:00| 500   | —     | 10    | —        | —      | 10    | 2          | —          |
    /// | 3    | Tue 1 Apr 18:00 | —     | 800   | 8     | 0        | —      | 8     | —          | 1          |
    /// | 4    | Tue 15 Apr 18:00| 2000  | 4000  | 100   | —        | 20     | 100   | 5          | 2.5        |
    /// | 5    | Sun 20 Apr 09:00| 0     | —     | 5     | —        | —      | 5     | —          | —          |
    ///
    /// Post 1 has tags #a #b, post 2 #a, post 3 #b; post 4 has 3 hides.
    fn posts() -> Vec<(NaiveDateTime, Post, Vec<&'static str>)> {
        let p = |reach, views, likes, comments, clicks| Post {
            reach,
            views,
            likes,
            comments,
            link_clicks: clicks,
            ..Post::default()
        };
        let mut p4 = p(Some(2000), Some(4000), Some(100), None, Some(20));
        p4.negative = Some(Box::new(Negative {
            hide: Some(3),
            ..Negative::default()
        }));
        vec![
            (
                at(3, 3, 10),
                p(Some(1000), Some(2000), Some(30), Some(10), Some(5)),
                vec!["#a", "#b"],
            ),
            (
                at(3, 10, 10),
                p(Some(500), None, Some(10), None, None),
                vec!["#a"],
            ),
            (
                at(4, 1, 18),
                p(None, Some(800), Some(8), Some(0), None),
                vec!["#b"],
            ),
            (at(4, 15, 18), p4, vec![]),
            (at(4, 20, 9), p(Some(0), None, Some(5), None, None), vec![]),
        ]
    }

    fn facts(p: &Post) -> PostFacts {
        PostFacts::of(p, &DEFAULT_INTERACTIONS)
    }

    fn cfg(basis: Basis) -> MetricConfig {
        MetricConfig::new(basis)
    }

    /// Two serialisable results are the same, floats to 1e-9 relative.
    fn assert_same<T: serde::Serialize>(a: &T, b: &T, what: &str) {
        fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
            use serde_json::Value as V;
            match (a, b) {
                (V::Number(x), V::Number(y)) => {
                    let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                    (x - y).abs() <= EPS * x.abs().max(1.0)
                }
                (V::Array(x), V::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                }
                (V::Object(x), V::Object(y)) => {
                    x.len() == y.len()
                        && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
                }
                (x, y) => x == y,
            }
        }
        let (a, b) = (
            serde_json::to_value(a).unwrap(),
            serde_json::to_value(b).unwrap(),
        );
        assert!(same(&a, &b), "{what}:\n{a:#}\n!=\n{b:#}");
    }

    fn close(v: Option<f64>, want: f64) {
        let v = v.expect("a figure");
        assert!((v - want).abs() < EPS, "{v} != {want}");
    }

    #[test]
    fn a_set_of_posts_sums_and_rates_as_worked_out_by_hand() {
        let mut a = SetAccum::default();
        for (_, p, _) in posts() {
            a.add(&facts(&p));
        }
        let s = a.clone().finish(&cfg(Basis::Reach));
        assert_eq!(s.posts, 5);
        assert_eq!(s.reach, Some(3500));
        assert_eq!(s.views, Some(6800));
        assert_eq!(s.likes, Some(153));
        assert_eq!(s.comments, Some(10));
        assert_eq!(s.reposts, None);
        assert_eq!(s.link_clicks, Some(25));
        assert_eq!(s.interactions, Some(163));
        // ER by reach of posts 1, 2, 4: 4, 2, 5.
        close(s.er_mean, 11.0 / 3.0);
        close(s.er_median, 4.0);
        // (40 + 10 + 100) / (1000 + 500 + 2000); post 5's reach is 0.
        close(s.er_ratio, 150.0 / 3500.0 * 100.0);
        // (5 + 20) / (1000 + 2000).
        close(s.ctr, 25.0 / 3000.0 * 100.0);
        // Four posts report reach (one of them 0).
        close(s.reach_mean, 875.0);
        assert_eq!(s.negative_feedback, Some(3));
        close(s.negative_rate, 3.0 / 2000.0 * 100.0);
        // By views: posts 1, 3, 4: 2, 1, 2.5; ratio (40 + 8 + 100) / 6800.
        let v = a.finish(&cfg(Basis::Views));
        close(v.er_mean, 5.5 / 3.0);
        close(v.er_median, 2.0);
        close(v.er_ratio, 148.0 / 6800.0 * 100.0);
    }

    #[test]
    fn every_split_of_a_set_merges_into_the_whole() {
        let ps = posts();
        let mut whole = SetAccum::default();
        for (_, p, _) in &ps {
            whole.add(&facts(p));
        }
        for k in 0..=ps.len() {
            let (mut a, mut b) = (SetAccum::default(), SetAccum::default());
            for (_, p, _) in &ps[..k] {
                a.add(&facts(p));
            }
            for (_, p, _) in &ps[k..] {
                b.add(&facts(p));
            }
            a.merge(b);
            for basis in BASES {
                assert_same(
                    &a.clone().finish(&cfg(basis)),
                    &whole.clone().finish(&cfg(basis)),
                    &format!("split at {k}, {basis:?}"),
                );
            }
        }
    }

    #[test]
    fn periods_hold_their_posts_and_merge_split_anywhere() {
        let ps = posts();
        let add = |a: &mut PeriodAccum, xs: &[(NaiveDateTime, Post, Vec<&str>)]| {
            for (t, p, _) in xs {
                a.add(t.date(), &facts(p));
            }
        };
        for period in [Period::Month, Period::Week, Period::Day, Period::All] {
            let mut whole = PeriodAccum::new(period);
            add(&mut whole, &ps);
            // The joined periods are the set of every post.
            let mut set = SetAccum::default();
            for (_, p, _) in &ps {
                set.add(&facts(p));
            }
            assert_same(
                &whole.joined(Basis::Reach).finish(&cfg(Basis::Reach)),
                &set.finish(&cfg(Basis::Reach)),
                &format!("{period:?} joined"),
            );
            let rows = whole.clone().finish(&cfg(Basis::Reach));
            for k in 0..=ps.len() {
                let (mut a, mut b) = (PeriodAccum::new(period), PeriodAccum::new(period));
                add(&mut a, &ps[..k]);
                add(&mut b, &ps[k..]);
                a.merge(b);
                assert_same(
                    &a.finish(&cfg(Basis::Reach)),
                    &rows,
                    &format!("{period:?} split at {k}"),
                );
            }
        }
        // By month: March holds posts 1, 2; April posts 3, 4, 5.
        let mut m = PeriodAccum::new(Period::Month);
        assert_eq!(m.range(), None, "no post, no range");
        add(&mut m, &ps);
        // From March's first day to April's last.
        let day = |mo, d| at(mo, d, 0).date();
        assert_eq!(m.range(), Some((day(3, 1), day(4, 30))));
        let rows = m.finish(&cfg(Basis::Reach));
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].summary.posts, rows[1].summary.posts), (2, 3));
        assert_eq!(
            (rows[0].summary.reach, rows[1].summary.reach),
            (Some(1500), Some(2000))
        );
        // Sum of post reach 1500 → 2000: +33.3 %; mean reach 750 → 1000 (of 2 posts reporting it).
        close(rows[1].reach_growth, 500.0 / 1500.0 * 100.0);
        close(rows[1].reach_mean_growth, 250.0 / 750.0 * 100.0);
        // ER mean 3 (March) → 5 (April, post 4 only): +2 points.
        close(rows[1].er_change, 2.0);
    }

    #[test]
    fn a_long_gap_fills_at_most_the_cap_of_empty_periods() {
        let f = facts(&posts()[0].1);
        let mut a = PeriodAccum::new(Period::Day);
        let first = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        a.add(first, &f);
        a.add(first + chrono::Duration::days(1000), &f);
        let rows = a.finish(&cfg(Basis::Reach));
        // The two days with posts and 400 empty days after the first.
        assert_eq!(rows.len(), 2 + MAX_FILLED_GAP);
        assert_eq!(rows[MAX_FILLED_GAP].summary.posts, 0);
        assert_eq!(rows[MAX_FILLED_GAP + 1].summary.posts, 1);
        // A gap shorter than the cap is filled whole.
        let mut b = PeriodAccum::new(Period::Day);
        b.add(first, &f);
        b.add(first + chrono::Duration::days(3), &f);
        assert_eq!(b.finish(&cfg(Basis::Reach)).len(), 4);
    }

    #[test]
    fn hashtags_count_their_posts_and_merge_split_anywhere() {
        let ps = posts();
        let add = |t: &mut TagTable, xs: &[(NaiveDateTime, Post, Vec<&str>)]| {
            for (_, p, tags) in xs {
                t.add(tags.iter().copied(), &facts(p));
            }
        };
        let mut whole = TagTable::default();
        add(&mut whole, &ps);
        let rows = whole.finish(&cfg(Basis::Reach), Some(11.0 / 3.0));
        // #a: posts 1, 2 (ER 4, 2; reach 1000, 500); #b: posts 1, 3 (ER 4 only; reach 1000).
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].tag.as_str(), rows[0].posts), ("#b", 2));
        close(rows[0].er_mean, 4.0);
        close(rows[0].reach_mean, 1000.0);
        close(rows[0].lift, (4.0 - 11.0 / 3.0) / (11.0 / 3.0) * 100.0);
        assert_eq!((rows[1].tag.as_str(), rows[1].posts), ("#a", 2));
        close(rows[1].er_mean, 3.0);
        close(rows[1].reach_mean, 750.0);
        for k in 0..=ps.len() {
            let (mut a, mut b) = (TagTable::default(), TagTable::default());
            add(&mut a, &ps[..k]);
            add(&mut b, &ps[k..]);
            a.merge(b);
            assert_same(
                &a.finish(&cfg(Basis::Reach), Some(11.0 / 3.0)),
                &rows,
                &format!("split at {k}"),
            );
        }
    }

    #[test]
    fn a_tag_whose_posts_have_no_er_has_no_mean_er() {
        let mut t = TagTable::default();
        // Post 3 reports no reach: no ER by reach.
        t.add(["#x"], &facts(&posts()[2].1));
        let rows = t.finish(&cfg(Basis::Reach), Some(3.0));
        assert_eq!(rows[0].er_mean, None);
        assert_eq!(rows[0].lift, None);
        assert_eq!(rows[0].reach_mean, None);
    }

    #[test]
    fn time_slots_hold_their_posts_and_merge_split_anywhere() {
        let ps = posts();
        let add = |t: &mut SlotTable, xs: &[(NaiveDateTime, Post, Vec<&str>)]| {
            for (at, p, _) in xs {
                t.add(*at, &facts(p));
            }
        };
        let mut whole = SlotTable::default();
        add(&mut whole, &ps);
        let rows = whole.clone().finish(&cfg(Basis::Reach));
        // Tue 18:00 holds posts 3, 4 (ER 5 only); Mon 10:00 posts 1, 2 (ER 3); Sun 9:00 post 5 (none).
        let got: Vec<(u32, u32, u64, Option<f64>, bool)> = rows
            .iter()
            .map(|s| (s.weekday, s.hour, s.posts, s.er_mean, s.low_sample))
            .collect();
        assert_eq!(
            got,
            [
                (2, 18, 2, Some(5.0), false),
                (1, 10, 2, Some(3.0), false),
                (7, 9, 1, None, true)
            ]
        );
        for k in 0..=ps.len() {
            let (mut a, mut b) = (SlotTable::default(), SlotTable::default());
            add(&mut a, &ps[..k]);
            add(&mut b, &ps[k..]);
            a.merge(b);
            assert_same(
                &a.finish(&cfg(Basis::Reach)),
                &rows,
                &format!("split at {k}"),
            );
        }
    }

    #[test]
    fn the_top_keeps_the_best_on_each_basis_and_merges_split_anywhere() {
        let ps = posts();
        let add =
            |t: &mut TopKeeper<usize>, from: usize, xs: &[(NaiveDateTime, Post, Vec<&str>)]| {
                for (i, (at, p, _)) in xs.iter().enumerate() {
                    let n = from + i + 1;
                    t.add(&facts(p), (false, Some(*at), 0, n as u64, n as u64), || n);
                }
            };
        let mut whole = TopKeeper::new(2);
        add(&mut whole, 0, &ps);
        // By reach: post 4 (ER 5), then post 1 (4); by views: post 4 (2.5),
        // then post 1 (2; post 3 has 1); by followers: none reports followers.
        let best = |t: TopKeeper<usize>| {
            (
                t.clone().finish(Basis::Reach),
                t.clone().finish(Basis::Views),
                t.finish(Basis::Followers),
            )
        };
        let want = (vec![4, 1], vec![4, 1], vec![]);
        assert_eq!(best(whole), want);
        for k in 0..=ps.len() {
            let (mut a, mut b) = (TopKeeper::new(2), TopKeeper::new(2));
            add(&mut a, 0, &ps[..k]);
            add(&mut b, k, &ps[k..]);
            a.merge(b);
            assert_eq!(best(a), want, "split at {k}");
        }
        // Ties on ER go to more interactions, then to the earlier post.
        let mut t = TopKeeper::new(1);
        let p = |likes| Post {
            reach: Some(100 * likes),
            likes: Some(likes),
            ..Post::default()
        };
        t.add(&facts(&p(1)), (false, None, 0, 1, 1), || 1);
        t.add(&facts(&p(2)), (false, None, 0, 2, 2), || 2);
        t.add(&facts(&p(2)), (false, None, 0, 3, 3), || 3);
        assert_eq!(t.finish(Basis::Reach), [2]);
    }

    #[test]
    fn auto_takes_the_first_basis_some_post_reports_above_zero() {
        let seen = |xs: &[Post]| {
            let mut s = BasisSeen::default();
            for p in xs {
                s.add(&facts(p));
            }
            s
        };
        let reach0 = Post {
            reach: Some(0),
            views: Some(10),
            ..Post::default()
        };
        let followers = Post {
            followers: Some(5),
            ..Post::default()
        };
        let reach = Post {
            reach: Some(7),
            ..Post::default()
        };
        assert_eq!(seen(&[]).auto(), Basis::Reach);
        assert_eq!(seen(std::slice::from_ref(&reach0)).auto(), Basis::Views);
        assert_eq!(
            seen(std::slice::from_ref(&followers)).auto(),
            Basis::Followers
        );
        assert_eq!(
            seen(&[followers.clone(), reach.clone()]).auto(),
            Basis::Reach
        );
        // Seen in one part only, it counts for the whole.
        let mut a = seen(&[followers]);
        a.merge(seen(&[reach]));
        assert_eq!(a.auto(), Basis::Reach);
        let mut b = seen(&[reach0]);
        b.merge(BasisSeen::default());
        assert_eq!(b.auto(), Basis::Views);
    }
}
