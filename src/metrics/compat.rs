//! `--compat TOOL` (docs/metrics.md#compat): the interaction set, ER basis
//! and aggregation that make the headline `er` the ER another tool shows,
//! with that tool's formula in words, where its definition leaves room for
//! doubt (and which reading smmkpi takes), and where it is documented.

use serde::Serialize;

use super::config::{Aggregate, Basis, MetricConfig};
use super::rates::RateName;
use crate::model::Count::{self, Comments, Likes, LinkClicks, PollVotes, Reposts, Saves};

/// The tools whose ER `--compat` reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tool {
    Livedune,
    Popsters,
    Tgstat,
    Sprout,
    Metricool,
    Later,
    Rivaliq,
}

/// One tool's ER, as smmkpi's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// The tool's name as it writes it.
    pub name: &'static str,
    pub interactions: &'static [Count],
    pub basis: Basis,
    pub aggregate: Aggregate,
    /// A rate of the family that is the headline in place of the aggregate.
    pub headline: Option<RateName>,
    /// The tool's ER in words.
    pub formula: &'static str,
    /// Where the tool's definition is open to more than one reading, and
    /// the reading smmkpi takes.
    pub ambiguities: &'static [&'static str],
    /// The tool's documentation the definition is taken from.
    pub sources: &'static [&'static str],
}

const LIVEDUNE: Preset = Preset {
    name: "LiveDune",
    interactions: &[Likes, Comments, Reposts, Saves, PollVotes],
    basis: Basis::Followers,
    aggregate: Aggregate::Ratio,
    headline: Some(RateName::ErPost),
    formula: "ER = (Σ reactions of the period's posts / number of posts) / followers × 100; reactions are likes, comments, reposts, saves and poll votes (VK, OK)",
    ambiguities: &[
        "LiveDune can also be set to a 'weighted average', the mean of each post's ER; smmkpi takes the formula LiveDune states first, reactions summed, then divided by the posts and the followers (its 'arithmetic mean' setting).",
        "Which reactions count depends on the network and the plan (reposts are not counted for Instagram on the Freelancer plan); smmkpi counts every one of these fields the export reports.",
        "LiveDune divides by the account's followers count; smmkpi by the mean of the posts' followers (each post's own column, else --followers-file, else --followers).",
    ],
    sources: &["https://wiki.livedune.com/en/articles/9707437-er-err-and-other-formulas"],
};

const POPSTERS: Preset = Preset {
    name: "Popsters",
    interactions: &[Likes, Comments, Reposts],
    basis: Basis::Followers,
    aggregate: Aggregate::Ratio,
    headline: Some(RateName::ErPost),
    formula: "average ERpost = (Σ likes + Σ shares + Σ comments of the period) / followers / number of posts × 100",
    ambiguities: &[
        "Popsters adds dislikes for YouTube; no export smmkpi reads gives them.",
        "Popsters divides by the account's followers count; smmkpi by the mean of the posts' followers (each post's own column, else --followers-file, else --followers).",
    ],
    sources: &["https://popsters.com/faq/using-metrics"],
};

const TGSTAT: Preset = Preset {
    name: "TGStat",
    interactions: &[Likes, Reposts, Comments],
    basis: Basis::Views,
    aggregate: Aggregate::Ratio,
    headline: None,
    formula: "ER = (reactions + forwards + comments) / views × 100",
    ambiguities: &[
        "TGStat defines the ER of a post; how it combines posts is not stated. smmkpi pools them: Σ (reactions + forwards + comments) / Σ views × 100 (without --compat, --er-basis views --aggregate mean gives the mean of the posts' ER).",
        "TGStat's daily ER counts the posts published that day; smmkpi's periods count the posts published in the period.",
        "TGStat's own help page was not at hand: the definition is TGStat's as announced and relayed on the page cited.",
    ],
    sources: &["http://m.yandex.ru/q/telegram/12821395202"],
};

const SPROUT: Preset = Preset {
    name: "Sprout Social",
    interactions: &[Likes, Comments, Reposts, Saves, LinkClicks],
    basis: Basis::Views,
    aggregate: Aggregate::Ratio,
    headline: Some(RateName::ErImpressions),
    formula: "Engagement Rate (per Impression) = engagements / impressions × 100, a period's being Σ engagements / Σ impressions; engagements are reactions, comments, shares, saves and post link clicks",
    ambiguities: &[
        "Sprout's engagements also count other clicks on a post (the picture, the profile, 'see more') that exports rarely carry; smmkpi counts link clicks only.",
        "Where an export gives no impressions apart from views (Meta, X and LinkedIn exports' 'Impressions' are read as views), views stand in for impressions; each post's own er is by views.",
        "Sprout also shows ER per reach and per follower; --compat sprout reproduces the one per impression, the one Sprout's Facebook Pages report defines and its other reports show.",
        "Sprout's report of a period counts the engagements made during the period on any post; an export counts each post's engagements whenever they were made, so smmkpi's period holds the posts published in it.",
    ],
    sources: &[
        "https://support.sproutsocial.com/hc/en-us/articles/211093003-How-do-I-use-the-Facebook-Pages-Report",
        "https://support.sproutsocial.com/hc/en-us/articles/360052331251-How-do-I-use-the-Post-Performance-Report",
        "https://support.sproutsocial.com/hc/en-us/articles/213223226-How-do-I-use-the-Profile-Performance-Report",
    ],
};

const METRICOOL: Preset = Preset {
    name: "Metricool",
    interactions: &[Likes, Comments, Reposts, Saves],
    basis: Basis::Reach,
    aggregate: Aggregate::Mean,
    headline: None,
    formula: "engagement = interactions / reach × 100 per post (the 'Ratio x 100' setting); for X and LinkedIn, interactions / impressions × 100",
    ambiguities: &[
        "How Metricool turns its posts' engagement into a period's figure is not stated; smmkpi takes the mean of the posts' ER (without --compat, --aggregate ratio pools them).",
        "Metricool's interactions differ by network, as each network's data does; smmkpi counts likes, comments, reposts and saves where reported.",
        "For X and LinkedIn Metricool divides by impressions: use --er-basis views without --compat (smmkpi reads those exports' impressions as views).",
        "With the 'Ratio x1000' setting Metricool shows interactions per 1,000 people reached, smmkpi's er × 10.",
    ],
    sources: &["https://help.metricool.com/en/article/how-engagement-is-calculated-in-metricool-1cmd48v"],
};

const LATER: Preset = Preset {
    name: "Later",
    interactions: &[Likes, Comments, Saves, Reposts],
    basis: Basis::Reach,
    aggregate: Aggregate::Ratio,
    headline: None,
    formula: "Instagram overall: (likes + comments + saves + shares) / (reach of Reels + reach of static posts) × 100; a static post's own: (likes + comments + saves) / reach; a Reel's: (likes + comments + saves + shares) / reach",
    ambiguities: &[
        "Later counts shares in a Reel's own ER and not in a static post's; smmkpi follows Later's overall formula, which counts every post's shares, so a static post's er in posts[] includes its shares where Later's figure for that post would not.",
        "The formula is Later's for Instagram; how Later computes other networks' ER is not covered.",
    ],
    sources: &["https://help.later.com/hc/en-us/articles/14559714698007-Engagement-Rate-Change-FAQ"],
};

const RIVALIQ: Preset = Preset {
    name: "Rival IQ",
    interactions: &[Likes, Comments, Reposts],
    basis: Basis::Followers,
    aggregate: Aggregate::Ratio,
    headline: None,
    formula: "Engagement Rate by Follower = total engagement / followers at the time the post was published × 100; for a set of posts the average per post and follower, weighted by audience size: Σ engagement / Σ followers × 100",
    ambiguities: &[
        "Rival IQ's mean per post is weighted by each post's followers (its help on the Post Average: 'engagement rates are weighted by follower count'), and a mean of the posts' engagement / followers weighted by followers is Σ engagement / Σ followers; the plain mean of the posts' rates is --er-basis followers --aggregate mean without --compat.",
        "Engagement is 'reactions, comments, shares, etc.'; smmkpi counts likes, comments and reposts (saves are not public data).",
        "Rival IQ divides TikTok's engagement by views, not by followers.",
    ],
    sources: &[
        "https://help.rivaliq.com/en/articles/2043672-understanding-engagement-metrics",
        "https://help.rivaliq.com/en/articles/457835-rival-iq-terms-and-glossary",
        "https://help.rivaliq.com/en/articles/4352461-how-do-you-calculate-competitor-average-landscape-average-and-post-average",
    ],
};

impl Tool {
    pub const ALL: [Tool; 7] = [
        Tool::Livedune,
        Tool::Popsters,
        Tool::Tgstat,
        Tool::Sprout,
        Tool::Metricool,
        Tool::Later,
        Tool::Rivaliq,
    ];

    /// The name `--compat` takes and JSON writes (`livedune`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Tool::Livedune => "livedune",
            Tool::Popsters => "popsters",
            Tool::Tgstat => "tgstat",
            Tool::Sprout => "sprout",
            Tool::Metricool => "metricool",
            Tool::Later => "later",
            Tool::Rivaliq => "rivaliq",
        }
    }

    /// The tool's ER as smmkpi's settings.
    pub fn preset(self) -> &'static Preset {
        match self {
            Tool::Livedune => &LIVEDUNE,
            Tool::Popsters => &POPSTERS,
            Tool::Tgstat => &TGSTAT,
            Tool::Sprout => &SPROUT,
            Tool::Metricool => &METRICOOL,
            Tool::Later => &LATER,
            Tool::Rivaliq => &RIVALIQ,
        }
    }
}

impl Preset {
    /// The metric configuration that makes the headline `er` the tool's.
    pub fn config(&self, target_er: f64) -> MetricConfig {
        MetricConfig {
            interactions: self.interactions.to_vec(),
            basis: self.basis,
            aggregate: self.aggregate,
            headline: self.headline,
            target_er,
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each tool's headline on posts worked out by hand.

    use super::*;
    use crate::metrics::summarize;
    use crate::model::Post;

    const EPS: f64 = 1e-9;

    fn close(v: Option<f64>, want: f64, what: &str) {
        let v = v.unwrap_or_else(|| panic!("{what}: a figure, {want} expected"));
        assert!((v - want).abs() < EPS, "{what}: {v} != {want}");
    }

    /// Two posts that tell every tool apart:
    ///
    /// | post | followers | reach | views | impressions | likes | comments | reposts | saves | polls | clicks |
    /// |------|-----------|-------|-------|-------------|-------|----------|---------|-------|-------|--------|
    /// | 1    | 1,000     | 400   | 800   | 1,000       | 30    | 5        | 5       | 10    | 10    | 20     |
    /// | 2    | 3,000     | 1,000 | 1,600 | —           | 40    | 10       | 10      | 0     | —     | 40     |
    fn two() -> Vec<Post> {
        vec![
            Post {
                followers: Some(1000),
                reach: Some(400),
                views: Some(800),
                impressions: Some(1000),
                likes: Some(30),
                comments: Some(5),
                reposts: Some(5),
                saves: Some(10),
                poll_votes: Some(10),
                link_clicks: Some(20),
                ..Post::default()
            },
            Post {
                followers: Some(3000),
                reach: Some(1000),
                views: Some(1600),
                likes: Some(40),
                comments: Some(10),
                reposts: Some(10),
                saves: Some(0),
                link_clicks: Some(40),
                ..Post::default()
            },
        ]
    }

    fn headline(t: Tool) -> Option<f64> {
        let posts = two();
        let refs: Vec<&Post> = posts.iter().collect();
        summarize(&refs, &t.preset().config(3.0)).er
    }

    #[test]
    fn each_tool_s_headline_is_its_formula_worked_out_by_hand() {
        // LiveDune: reactions (likes + comments + reposts + saves + polls)
        // 60 and 60 = 120; / 2 posts / mean followers 2,000 × 100 = 3.
        close(headline(Tool::Livedune), 3.0, "livedune");
        // Popsters: likes + comments + reposts 40 and 60 = 100 / 2 / 2,000
        // × 100 = 2.5.
        close(headline(Tool::Popsters), 2.5, "popsters");
        // TGStat: the same 100 / Σ views 2,400 × 100 = 4.1666…
        close(headline(Tool::Tgstat), 100.0 / 2400.0 * 100.0, "tgstat");
        // Sprout: (likes + comments + reposts + saves + clicks) 70 and 100
        // over impressions 1,000 (post 1) and views 1,600 (post 2, no
        // impressions): 170 / 2,600 × 100 = 6.538…
        close(headline(Tool::Sprout), 170.0 / 2600.0 * 100.0, "sprout");
        // Metricool: (likes + comments + reposts + saves) / reach per post:
        // 50 / 400 = 12.5 and 60 / 1,000 = 6; mean 9.25.
        close(headline(Tool::Metricool), 9.25, "metricool");
        // Later: the same 110 / Σ reach 1,400 × 100 = 7.857…
        close(headline(Tool::Later), 110.0 / 1400.0 * 100.0, "later");
        // Rival IQ: likes + comments + reposts 100 / Σ followers 4,000 × 100
        // = 2.5.
        close(headline(Tool::Rivaliq), 2.5, "rivaliq");
    }

    #[test]
    fn every_tool_has_a_formula_a_source_and_its_own_name() {
        for t in Tool::ALL {
            let p = t.preset();
            assert!(!p.formula.is_empty() && !p.name.is_empty(), "{t:?}");
            assert!(
                p.sources.iter().all(|s| s.starts_with("http")) && !p.sources.is_empty(),
                "{t:?}"
            );
            assert!(!p.ambiguities.is_empty(), "{t:?}");
            assert_eq!(serde_json::to_value(t).unwrap(), t.name());
            let c = p.config(4.0);
            assert_eq!(
                (c.interactions.as_slice(), c.basis, c.aggregate, c.headline),
                (p.interactions, p.basis, p.aggregate, p.headline)
            );
            assert_eq!(c.target_er, 4.0);
        }
    }
}
