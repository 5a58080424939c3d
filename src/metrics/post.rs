//! Figures of one post: interactions, ER on each basis, CTR, negative
//! feedback, and the `auto` basis of a set of posts.

use serde::Serialize;

use super::config::{Basis, BasisChoice, MetricConfig};
use super::rate::{band, pct, Band};
use super::rates::RateAccum;
use crate::model::{Count, Post};

/// Sum of the reported interaction fields of a post; `None` when it reports
/// none of them. Negative when the post lost more than it gained (a net
/// change, docs/metrics.md#net-changes).
pub fn interactions(post: &Post, set: &[Count]) -> Option<i64> {
    let mut total: Option<i64> = None;
    for &c in set {
        if let Some(v) = post.count(c) {
            total = Some(total.unwrap_or(0).saturating_add(v));
        }
    }
    total
}

/// `part / whole × 100` of counts, `None` unless `whole` is positive: a
/// basis of 0, or a net change below 0, is no audience to divide by.
pub fn count_pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0)
        .then(|| pct(part as f64, whole as f64))
        .flatten()
}

/// ER of one post against one basis: interactions / basis × 100
/// (docs/metrics.md#er). Negative when the interactions are a net loss.
pub fn er(post: &Post, set: &[Count], basis: Basis) -> Option<f64> {
    let i = interactions(post, set)?;
    let b = post.count(basis.count())?;
    count_pct(i, b)
}

/// CTR of one post: link_clicks / reach × 100 (docs/metrics.md#ctr).
pub fn ctr(post: &Post) -> Option<f64> {
    count_pct(post.link_clicks?, post.reach?)
}

/// Negative feedback on one post: hide + report + unsubscribe (the parts
/// reported); `None` when the post reports none of them.
pub fn negative_feedback(post: &Post) -> Option<i64> {
    post.negative.as_ref()?.total()
}

/// Negative feedback rate of one post: negative_feedback / reach × 100
/// (docs/metrics.md#negative-rate).
pub fn negative_rate(post: &Post) -> Option<f64> {
    count_pct(negative_feedback(post)?, post.reach?)
}

/// Resolves `auto`: the first of reach, views, followers that any post reports
/// with a positive value. With no such field it stays reach (every ER is
/// `None`; docs/metrics.md#er-basis).
pub fn resolve_basis<'a, I>(posts: I, choice: BasisChoice) -> Basis
where
    I: IntoIterator<Item = &'a Post> + Clone,
{
    match choice {
        BasisChoice::Fixed(b) => b,
        BasisChoice::Auto => [Basis::Reach, Basis::Views, Basis::Followers]
            .into_iter()
            .find(|b| {
                posts
                    .clone()
                    .into_iter()
                    .any(|p| p.count(b.count()).is_some_and(|v| v > 0))
            })
            .unwrap_or(Basis::Reach),
    }
}

/// The figures of one post, as the `er` command reports them.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PostFigures {
    /// Sum of the configured interaction fields; `None` when none is given.
    pub interactions: Option<i64>,
    /// ER on the chosen basis (auto: reach, else views, else followers), in %.
    pub er: Option<f64>,
    /// The basis `er` used.
    pub basis: Basis,
    /// ER by reach, in %.
    pub er_reach: Option<f64>,
    /// ER by followers, in %.
    pub er_followers: Option<f64>,
    /// ER by views, in %.
    pub er_views: Option<f64>,
    /// link_clicks / reach × 100.
    pub ctr: Option<f64>,
    /// reach / followers × 100 (docs/metrics.md#reach-rate).
    pub reach_rate: Option<f64>,
    /// likes / followers × 100 (docs/metrics.md#love-rate).
    pub love_rate: Option<f64>,
    /// comments / followers × 100 (docs/metrics.md#talk-rate).
    pub talk_rate: Option<f64>,
    /// reposts / followers × 100 (docs/metrics.md#amplification-rate).
    pub amplification_rate: Option<f64>,
    /// reposts / reach × 100 (docs/metrics.md#virality-rate).
    pub virality_rate: Option<f64>,
    /// (interactions + link clicks) / impressions (else views) × 100, link
    /// clicks added once (docs/metrics.md#er-impressions).
    pub er_impressions: Option<f64>,
    /// Band of `er` against the target.
    pub band: Option<Band>,
    /// Target ER, in %.
    pub target_er: f64,
    /// The fields summed as interactions.
    pub interaction_fields: Vec<Count>,
}

/// Figures of one post for `smmkpi er`.
pub fn post_figures(post: &Post, cfg: &MetricConfig) -> PostFigures {
    let e = er(post, &cfg.interactions, cfg.basis);
    // The rates of a set of one post are the post's own.
    let mut one = RateAccum::default();
    one.add(|c| post.count(c), interactions(post, &cfg.interactions));
    let rates = one.finish(&cfg.interactions, None);
    PostFigures {
        interactions: interactions(post, &cfg.interactions),
        er: e,
        basis: cfg.basis,
        er_reach: er(post, &cfg.interactions, Basis::Reach),
        er_followers: er(post, &cfg.interactions, Basis::Followers),
        er_views: er(post, &cfg.interactions, Basis::Views),
        ctr: ctr(post),
        reach_rate: rates.reach_rate,
        love_rate: rates.love_rate,
        talk_rate: rates.talk_rate,
        amplification_rate: rates.amplification_rate,
        virality_rate: rates.virality_rate,
        er_impressions: rates.er_impressions,
        band: band(e, cfg.target_er),
        target_er: cfg.target_er,
        interaction_fields: cfg.interactions.clone(),
    }
}
