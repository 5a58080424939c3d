//! Running accumulators behind every figure of a set of posts: each post is
//! added once, as it is read, and two accumulators of consecutive parts of
//! the input merge into the accumulator of the whole. Nothing needs the
//! posts kept, so a report streams through any number of them; memory grows
//! with the per-post ERs a median needs (8 bytes a post and basis), not with
//! the posts. The set functions of this module's parent (`summarize`,
//! `periodize`, `hashtag_table`, `best_time`, `top_posts`) are these
//! accumulators run over a slice.
//!
//! ER is kept for each of the three bases at once, so `--er-basis auto` can
//! be resolved after the last post: the basis is only chosen at `finish`.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::config::{Aggregate, Basis, MetricConfig};
use super::periods::{Period, PeriodRow, Span};
use super::post::negative_feedback;
use super::rate::{band, growth, mean, median_in_place, pct};
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
    counts: [u64; Count::ALL.len()],
    /// Bit `c` set when count `c` is reported.
    reported: u16,
    /// Sum of the configured interaction fields.
    pub interactions: Option<u64>,
    /// ER on each of [`BASES`].
    pub ers: [Option<f64>; 3],
    /// hide + report + unsubscribe, where reported.
    pub negative: Option<u64>,
}

impl PostFacts {
    pub fn of(p: &Post, set: &[Count]) -> PostFacts {
        let mut counts = [0u64; Count::ALL.len()];
        let mut reported = 0u16;
        for c in Count::ALL {
            if let Some(v) = p.count(c) {
                counts[c as usize] = v;
                reported |= 1 << c as u16;
            }
        }
        let mut inter: Option<u64> = None;
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
            f.ers = BASES.map(|b| f.count(b.count()).and_then(|d| pct(i as f64, d as f64)));
        }
        f
    }

    /// Count `c`, when reported.
    pub fn count(&self, c: Count) -> Option<u64> {
        (self.reported & (1 << c as u16) != 0).then_some(self.counts[c as usize])
    }
}

fn add_opt(a: &mut Option<u64>, v: Option<u64>) {
    if let Some(v) = v {
        *a = Some(a.unwrap_or(0).saturating_add(v));
    }
}

/// Σ numerator / Σ denominator over the posts reporting both, denominator > 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    fn add(&mut self, num: Option<u64>, den: Option<u64>) {
        if let (Some(n), Some(d)) = (num, den) {
            if d > 0 {
                self.num += n as u128;
                self.den += d as u128;
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
    sums: [u64; Count::ALL.len()],
    /// Bit `c` set when some post reported count `c`.
    summed: u16,
    interactions: Option<u64>,
    negative: Option<u64>,
    negative_rate: Ratio,
    ctr: Ratio,
    reach_total: u128,
    reach_n: u64,
    /// Per-post ERs on each basis, in the order added (mean and median).
    ers: [Vec<f64>; 3],
    er_ratio: [Ratio; 3],
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
            self.reach_total += r as u128;
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
    }

    fn sum(&self, c: Count) -> Option<u64> {
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
    }

    /// The summary, on the basis `cfg` names.
    pub fn finish(mut self, cfg: &MetricConfig) -> SetSummary {
        let b = basis_index(cfg.basis);
        let ers = &mut self.ers[b];
        // The mean first: the median reorders the values.
        let er_mean = mean(ers);
        let er_median = median_in_place(ers);
        let er_ratio = self.er_ratio[b].pct();
        let headline = match cfg.aggregate {
            Aggregate::Mean => er_mean,
            Aggregate::Median => er_median,
            Aggregate::Ratio => er_ratio,
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
            let summary = a.finish(cfg);
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
    reach_total: u128,
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
                e.reach_total += r as u128;
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
    interactions: u64,
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
