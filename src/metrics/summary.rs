//! The figures of a set of posts, as every report shows them
//! (docs/metrics.md#er-set, #sums, #reach, #ctr).

use serde::Serialize;

use super::rate::Band;

/// The figures of a set of posts (the whole run, or one period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
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
