//! Figures of one post: interactions, ER on each basis, CTR, negative
//! feedback, and the `auto` basis of a set of posts.

use serde::Serialize;

use super::config::{Basis, BasisChoice, MetricConfig};
use super::rate::{band, pct, Band};
use crate::model::{Count, Post};

/// Sum of the reported interaction fields of a post; `None` when it reports
/// none of them (docs/metrics.md#interactions).
pub fn interactions(post: &Post, set: &[Count]) -> Option<u64> {
    let mut total: Option<u64> = None;
    for &c in set {
        if let Some(v) = post.count(c) {
            total = Some(total.unwrap_or(0).saturating_add(v));
        }
    }
    total
}

/// ER of one post against one basis: interactions / basis × 100
/// (docs/metrics.md#er).
pub fn er(post: &Post, set: &[Count], basis: Basis) -> Option<f64> {
    let i = interactions(post, set)?;
    let b = post.count(basis.count())?;
    pct(i as f64, b as f64)
}

/// CTR of one post: link_clicks / reach × 100 (docs/metrics.md#ctr).
pub fn ctr(post: &Post) -> Option<f64> {
    pct(post.link_clicks? as f64, post.reach? as f64)
}

/// Negative feedback on one post: hide + report + unsubscribe (the parts
/// reported); `None` when the post reports none of them.
pub fn negative_feedback(post: &Post) -> Option<u64> {
    post.negative.as_ref()?.total()
}

/// Negative feedback rate of one post: negative_feedback / reach × 100
/// (docs/metrics.md#negative-rate).
pub fn negative_rate(post: &Post) -> Option<f64> {
    pct(negative_feedback(post)? as f64, post.reach? as f64)
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
    pub interactions: Option<u64>,
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
    PostFigures {
        interactions: interactions(post, &cfg.interactions),
        er: e,
        basis: cfg.basis,
        er_reach: er(post, &cfg.interactions, Basis::Reach),
        er_followers: er(post, &cfg.interactions, Basis::Followers),
        er_views: er(post, &cfg.interactions, Basis::Views),
        ctr: ctr(post),
        band: band(e, cfg.target_er),
        target_er: cfg.target_er,
        interaction_fields: cfg.interactions.clone(),
    }
}
