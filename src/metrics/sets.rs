//! The figures of a slice of posts: the accumulators of [`super::accum`] run
//! over posts already in hand (the report streams through the same
//! accumulators instead).

use super::accum::{PeriodAccum, PostFacts, SetAccum, SlotTable, TagTable, TopKeeper};
use super::config::MetricConfig;
use super::periods::{Period, PeriodRow};
use super::post::er;
use super::summary::SetSummary;
use super::tags::{hashtags, HashtagRow, TimeSlot};
use crate::model::Post;

/// Per-post ERs of a set (only the defined ones).
pub fn post_ers(posts: &[&Post], cfg: &MetricConfig) -> Vec<f64> {
    posts
        .iter()
        .filter_map(|p| er(p, &cfg.interactions, cfg.basis))
        .collect()
}

/// Summarises a set of posts.
pub fn summarize(posts: &[&Post], cfg: &MetricConfig) -> SetSummary {
    let mut a = SetAccum::default();
    for p in posts {
        a.add(&PostFacts::of(p, &cfg.interactions));
    }
    a.finish(cfg)
}

/// Indices of the `n` best posts by ER (ties: more interactions first, then
/// earlier in the slice). Posts with undefined ER come last and are not ranked.
pub fn top_posts(posts: &[&Post], cfg: &MetricConfig, n: usize) -> Vec<usize> {
    let mut keep = TopKeeper::new(n);
    for (i, p) in posts.iter().enumerate() {
        let f = PostFacts::of(p, &cfg.interactions);
        keep.add(&f, (false, None, 0, 0, i as u64), || i);
    }
    keep.finish(cfg.basis)
}

/// Groups dated posts into consecutive calendar periods, empty ones included
/// (their figures are empty and the next period's growth is `None`).
pub fn periodize(posts: &[&Post], cfg: &MetricConfig, period: Period) -> Vec<PeriodRow> {
    let mut a = PeriodAccum::new(period);
    for p in posts {
        if let Some(t) = p.published_at {
            a.add(t.local.date(), &PostFacts::of(p, &cfg.interactions));
        }
    }
    a.finish(cfg)
}

/// Hashtag performance over a set of posts, most used first (ties: higher ER, then name).
pub fn hashtag_table(
    posts: &[&Post],
    cfg: &MetricConfig,
    overall_er_mean: Option<f64>,
) -> Vec<HashtagRow> {
    let mut t = TagTable::default();
    for p in posts {
        if let Some(text) = &p.text {
            t.add(
                hashtags(text).iter().map(String::as_str),
                &PostFacts::of(p, &cfg.interactions),
            );
        }
    }
    t.finish(cfg, overall_er_mean)
}

/// Every weekday × hour slot with at least one dated post, best mean ER first
/// (slots with an undefined ER last; ties by weekday and hour).
pub fn best_time(posts: &[&Post], cfg: &MetricConfig) -> Vec<TimeSlot> {
    let mut t = SlotTable::default();
    for p in posts {
        if let Some(at) = p.published_at {
            t.add(at.local, &PostFacts::of(p, &cfg.interactions));
        }
    }
    t.finish(cfg)
}
