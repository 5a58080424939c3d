//! Pure metric definitions of SPEC §3: slices of posts in, plain structs out.
//! No I/O, no clap, no printing. Every rate whose denominator is zero or not
//! reported is `None`, never NaN, infinity or 0.

pub mod accum;
pub mod core;
pub mod growth;
pub mod periods;
pub mod series;
pub mod tags;
pub mod web;

use serde::Serialize;

use crate::model::{Count, Post};

/// The default interaction set: the seed formula (poll clicks + likes +
/// comments + reposts) plus saves, which modern platforms report.
pub const DEFAULT_INTERACTIONS: [Count; 5] = [
    Count::Likes,
    Count::Comments,
    Count::Reposts,
    Count::Saves,
    Count::PollVotes,
];

/// What ER is divided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Reach,
    Views,
    Followers,
}

impl Basis {
    pub fn count(self) -> Count {
        match self {
            Basis::Reach => Count::Reach,
            Basis::Views => Count::Views,
            Basis::Followers => Count::Followers,
        }
    }

    pub fn name(self) -> &'static str {
        self.count().name()
    }
}

/// `--er-basis`: a fixed basis, or `auto` (reach, else views, else followers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasisChoice {
    Auto,
    Fixed(Basis),
}

/// Which of the three set-level ERs is the headline `er`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    Mean,
    Median,
    Ratio,
}

/// The metric settings of one run, after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricConfig {
    pub interactions: Vec<Count>,
    pub basis: Basis,
    pub aggregate: Aggregate,
    pub target_er: f64,
}

impl MetricConfig {
    pub fn new(basis: Basis) -> Self {
        MetricConfig {
            interactions: DEFAULT_INTERACTIONS.to_vec(),
            basis,
            aggregate: Aggregate::Mean,
            target_er: 3.0,
        }
    }
}

/// `part / whole × 100`, or `None` when `whole` is 0.
pub fn pct(part: f64, whole: f64) -> Option<f64> {
    if whole == 0.0 || !whole.is_finite() || !part.is_finite() {
        None
    } else {
        Some(part / whole * 100.0)
    }
}

/// Relative change from `before` to `after` in %: `(after − before) / before × 100`.
/// `None` when either side is missing or `before` is 0.
pub fn growth(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    match (before, after) {
        (Some(b), Some(a)) => pct(a - b, b),
        _ => None,
    }
}

/// Sum of the reported interaction fields of a post; `None` when it reports none of them.
pub fn interactions(post: &Post, set: &[Count]) -> Option<u64> {
    let mut total: Option<u64> = None;
    for &c in set {
        if let Some(v) = post.count(c) {
            total = Some(total.unwrap_or(0).saturating_add(v));
        }
    }
    total
}

/// ER of one post against one basis: interactions / basis × 100.
pub fn er(post: &Post, set: &[Count], basis: Basis) -> Option<f64> {
    let i = interactions(post, set)?;
    let b = post.count(basis.count())?;
    pct(i as f64, b as f64)
}

/// CTR of one post: link_clicks / reach × 100.
pub fn ctr(post: &Post) -> Option<f64> {
    pct(post.link_clicks? as f64, post.reach? as f64)
}

/// Negative feedback on one post: hide + report + unsubscribe (the parts
/// reported); `None` when the post reports none of them.
pub fn negative_feedback(post: &Post) -> Option<u64> {
    post.negative.as_ref()?.total()
}

/// Negative feedback rate of one post: negative_feedback / reach × 100.
pub fn negative_rate(post: &Post) -> Option<f64> {
    pct(negative_feedback(post)? as f64, post.reach? as f64)
}

/// Resolves `auto`: the first of reach, views, followers that any post reports
/// with a positive value. With no such field it stays reach (every ER is `None`).
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

/// Arithmetic mean; `None` for an empty slice.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Median (mean of the two middle values for an even count); `None` for an empty slice.
pub fn median(values: &[f64]) -> Option<f64> {
    median_in_place(&mut values.to_vec())
}

/// [`median`] of values that may be reordered.
pub fn median_in_place(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    // Selection, not a sort: a median of millions of posts takes one pass.
    let n = v.len();
    let (lower, upper, _) = v.select_nth_unstable_by(n / 2, |a, b| a.total_cmp(b));
    let upper = *upper;
    Some(if n % 2 == 1 {
        upper
    } else {
        // The largest of the lower half is the other middle value.
        let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (below + upper) / 2.0
    })
}

/// How an ER compares with the target (SPEC §3, scaled to `--target-er`;
/// with the default 3 %: below 1 low, 1–3.5 average, 3.5–6 high, above 6 very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Average,
    High,
    VeryHigh,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Average => "average",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }
}

/// The band of an ER against a target ER (both in %). `None` when either is
/// undefined or the target is not positive.
pub fn band(er: Option<f64>, target: f64) -> Option<Band> {
    let er = er?;
    if target.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) || !er.is_finite() {
        return None;
    }
    let scale = target / 3.0;
    Some(if er < 1.0 * scale {
        Band::Low
    } else if er < 3.5 * scale {
        Band::Average
    } else if er <= 6.0 * scale {
        Band::High
    } else {
        Band::VeryHigh
    })
}

/// The figures of a set of posts (the whole run, or one period).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SetSummary {
    /// Number of posts in the set.
    pub posts: u64,
    /// Sum of post reach (reach is not additive across posts: people overlap).
    pub reach: Option<u64>,
    /// Sum of views.
    pub views: Option<u64>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    pub reposts: Option<u64>,
    pub saves: Option<u64>,
    pub poll_votes: Option<u64>,
    pub link_clicks: Option<u64>,
    /// Sum of per-post interactions (the configured set).
    pub interactions: Option<u64>,
    /// The headline ER: `er_mean`, `er_median` or `er_ratio` per `--aggregate`, in %.
    pub er: Option<f64>,
    /// Mean of per-post ER over the posts whose ER is defined, in %.
    pub er_mean: Option<f64>,
    /// Median of per-post ER, in %.
    pub er_median: Option<f64>,
    /// Σ interactions / Σ basis × 100 over posts with a positive basis and reported interactions.
    pub er_ratio: Option<f64>,
    /// Σ link_clicks / Σ reach × 100 over posts with positive reach and reported clicks.
    pub ctr: Option<f64>,
    /// Mean reach per post reporting reach.
    pub reach_mean: Option<f64>,
    /// Band of the headline ER against the target.
    pub band: Option<Band>,
    /// Σ (hide + report + unsubscribe) over the posts reporting any of them
    /// (VK); `None` when no post does.
    pub negative_feedback: Option<u64>,
    /// Σ negative_feedback / Σ reach × 100 over posts with positive reach and
    /// reported negative feedback, in %.
    pub negative_rate: Option<f64>,
}

/// Σ of a per-post figure over the posts reporting it; `None` when none does.
/// Per-post ERs of a set (only the defined ones).
pub fn post_ers(posts: &[&Post], cfg: &MetricConfig) -> Vec<f64> {
    posts
        .iter()
        .filter_map(|p| er(p, &cfg.interactions, cfg.basis))
        .collect()
}

/// Summarises a set of posts.
pub fn summarize(posts: &[&Post], cfg: &MetricConfig) -> SetSummary {
    let mut a = accum::SetAccum::default();
    for p in posts {
        a.add(&accum::PostFacts::of(p, &cfg.interactions));
    }
    a.finish(cfg)
}

/// Indices of the `n` best posts by ER (ties: more interactions first, then
/// earlier in the slice). Posts with undefined ER come last and are not ranked.
pub fn top_posts(posts: &[&Post], cfg: &MetricConfig, n: usize) -> Vec<usize> {
    let mut keep = accum::TopKeeper::new(n);
    for (i, p) in posts.iter().enumerate() {
        let f = accum::PostFacts::of(p, &cfg.interactions);
        keep.add(&f, (false, None, 0, 0, i as u64), || i);
    }
    keep.finish(cfg.basis)
}

#[cfg(test)]
mod tests;

/// The figures of one post, as the `er` command reports them.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
