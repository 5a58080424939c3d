//! The settings of one run's metrics: which fields count as interactions,
//! what ER is divided by, and which set-level ER is the headline.

use serde::Serialize;

use super::rates::RateName;
use crate::model::Count;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// A rate of the family that is the headline `er` in place of the
    /// aggregate: `--compat sprout` makes it `er_impressions`
    /// (docs/metrics.md#compat).
    pub headline: Option<RateName>,
    pub target_er: f64,
}

impl MetricConfig {
    pub fn new(basis: Basis) -> Self {
        MetricConfig {
            interactions: DEFAULT_INTERACTIONS.to_vec(),
            basis,
            aggregate: Aggregate::Mean,
            headline: None,
            target_er: 3.0,
        }
    }

    /// The JSON name of the figure the headline `er` is: `er_mean`,
    /// `er_median`, `er_ratio`, or the rate `headline` names.
    pub fn headline_name(&self) -> &'static str {
        match (self.headline, self.aggregate) {
            (Some(r), _) => r.name(),
            (None, Aggregate::Mean) => "er_mean",
            (None, Aggregate::Median) => "er_median",
            (None, Aggregate::Ratio) => "er_ratio",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_is_named_by_its_aggregate_or_its_rate() {
        let mut c = MetricConfig::new(Basis::Reach);
        for (a, name) in [
            (Aggregate::Mean, "er_mean"),
            (Aggregate::Median, "er_median"),
            (Aggregate::Ratio, "er_ratio"),
        ] {
            c.aggregate = a;
            assert_eq!(c.headline_name(), name);
        }
        c.headline = Some(RateName::ErImpressions);
        assert_eq!(c.headline_name(), "er_impressions");
    }
}
