//! The figures of a set of posts, as every report shows them
//! (docs/metrics.md#er-set, #sums, #reach, #ctr, #rates).

use serde::Serialize;

use super::rate::Band;
use super::rates::Rates;

/// The figures of a set of posts (the whole run, or one period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SetSummary {
    /// Number of posts in the set.
    pub posts: u64,
    /// Sum of post reach (reach is not additive across posts: people overlap).
    pub reach: Option<i64>,
    /// Sum of views.
    pub views: Option<i64>,
    /// Sum of impressions, where an export counts them apart from views
    /// (YouTube's thumbnail impressions); not an ER basis.
    pub impressions: Option<i64>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub reposts: Option<i64>,
    pub saves: Option<i64>,
    pub poll_votes: Option<i64>,
    pub link_clicks: Option<i64>,
    /// Sum of per-post interactions (the configured set). Counts are sums of
    /// what the posts report, net changes with their sign
    /// (docs/metrics.md#net-changes).
    pub interactions: Option<i64>,
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
    pub negative_feedback: Option<i64>,
    /// Σ negative_feedback / Σ reach × 100 over posts with positive reach and
    /// reported negative feedback, in %.
    pub negative_rate: Option<f64>,
    /// The rates other tools show: reach, love, talk, amplification and
    /// virality rates, ERpost, ERday, ERview, ER per impression (in %).
    #[serde(flatten)]
    pub rates: Rates,
}
