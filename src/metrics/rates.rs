//! The family of rates other tools show beside ER (docs/metrics.md#rates):
//! reach, love, talk, amplification and virality rates, ERpost, ERday,
//! ERview and ER per impression. Each is a ratio of sums (or, for
//! `er_view`, a mean of per-post rates) over the posts that report both of
//! its sides, kept in a running accumulator that merges across the parts of
//! a large export.
//!
//! This module sees counts only: the accumulators of `accum` hand it each
//! post's fields and interactions, so it depends on nothing but `rate`.

use serde::Serialize;

use super::rate::pct;
use crate::model::Count;

/// The rates of the family, by their JSON names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateName {
    ReachRate,
    LoveRate,
    TalkRate,
    AmplificationRate,
    ViralityRate,
    ErPost,
    ErDay,
    ErView,
    ErImpressions,
}

impl RateName {
    /// Every rate, in the order outputs list them.
    pub const ALL: [RateName; 9] = [
        RateName::ReachRate,
        RateName::LoveRate,
        RateName::TalkRate,
        RateName::AmplificationRate,
        RateName::ViralityRate,
        RateName::ErPost,
        RateName::ErDay,
        RateName::ErView,
        RateName::ErImpressions,
    ];

    /// The JSON name (`reach_rate`, ..., `er_impressions`).
    pub fn name(self) -> &'static str {
        match self {
            RateName::ReachRate => "reach_rate",
            RateName::LoveRate => "love_rate",
            RateName::TalkRate => "talk_rate",
            RateName::AmplificationRate => "amplification_rate",
            RateName::ViralityRate => "virality_rate",
            RateName::ErPost => "er_post",
            RateName::ErDay => "er_day",
            RateName::ErView => "er_view",
            RateName::ErImpressions => "er_impressions",
        }
    }
}

/// The rates of a set of posts, in %; each `None` where no post reports
/// both of its sides with a positive denominator (docs/metrics.md#rates).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Rates {
    /// Σ reach / Σ followers × 100 (LiveDune's ReachRate, TGStat's ERR), over
    /// the posts reporting reach and positive followers.
    pub reach_rate: Option<f64>,
    /// Σ likes / Σ followers × 100, over the posts reporting likes and
    /// positive followers.
    pub love_rate: Option<f64>,
    /// Σ comments / Σ followers × 100, over the posts reporting comments and
    /// positive followers.
    pub talk_rate: Option<f64>,
    /// Σ reposts / Σ followers × 100, over the posts reporting reposts and
    /// positive followers.
    pub amplification_rate: Option<f64>,
    /// Σ reposts / Σ reach × 100, over the posts reporting reposts and
    /// positive reach.
    pub virality_rate: Option<f64>,
    /// Popsters' average ERpost: Σ interactions / mean followers / posts ×
    /// 100 (= Σ interactions / Σ followers × 100), over the posts reporting
    /// interactions and positive followers.
    pub er_post: Option<f64>,
    /// Popsters' average ERday: Σ interactions / mean followers / days ×
    /// 100, over the same posts as `er_post`; days = the calendar days the
    /// set covers (a period's days; for the summary, `--since`/`--until`
    /// or the first period's start to the last period's end).
    pub er_day: Option<f64>,
    /// Popsters' average ERview: mean of per-post interactions / views ×
    /// 100, over the posts with positive views and reported interactions.
    pub er_view: Option<f64>,
    /// Sprout Social's ER per impression: Σ (interactions + link_clicks) /
    /// Σ impressions × 100, impressions being the impressions field, else
    /// views; over the posts reporting either numerator and a positive
    /// denominator. Link clicks are added once, even when they are in the
    /// interaction set.
    pub er_impressions: Option<f64>,
}

impl Rates {
    /// A rate by its name.
    pub fn get(&self, r: RateName) -> Option<f64> {
        match r {
            RateName::ReachRate => self.reach_rate,
            RateName::LoveRate => self.love_rate,
            RateName::TalkRate => self.talk_rate,
            RateName::AmplificationRate => self.amplification_rate,
            RateName::ViralityRate => self.virality_rate,
            RateName::ErPost => self.er_post,
            RateName::ErDay => self.er_day,
            RateName::ErView => self.er_view,
            RateName::ErImpressions => self.er_impressions,
        }
    }
}

/// Σ numerator and Σ denominator over the posts reporting both, the
/// denominator positive.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Pooled {
    num: i128,
    den: i128,
}

impl Pooled {
    /// Adds one post's sides; `true` when the post counted.
    fn add(&mut self, num: Option<i64>, den: Option<i64>) -> bool {
        match (num, den) {
            (Some(n), Some(d)) if d > 0 => {
                self.num += i128::from(n);
                self.den += i128::from(d);
                true
            }
            _ => false,
        }
    }

    fn merge(&mut self, o: Pooled) {
        self.num += o.num;
        self.den += o.den;
    }

    fn pct(self) -> Option<f64> {
        pct(self.num as f64, self.den as f64)
    }
}

/// The running sums behind [`Rates`]; [`RateAccum::finish`] gives them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateAccum {
    /// reach / followers.
    reach: Pooled,
    /// likes / followers.
    likes: Pooled,
    /// comments / followers.
    comments: Pooled,
    /// reposts / followers.
    reposts: Pooled,
    /// reposts / reach.
    virality: Pooled,
    /// interactions / followers, and the posts in it.
    per_follower: Pooled,
    per_follower_posts: u64,
    /// Σ and number of per-post interactions / views × 100.
    view_sum: f64,
    view_posts: u64,
    /// Over the posts with positive impressions (else views) reporting
    /// interactions or clicks: Σ interactions, Σ link clicks, Σ impressions.
    shown_interactions: i128,
    shown_clicks: i128,
    shown: i128,
}

impl RateAccum {
    /// Adds one post: its counts (`None` = not reported) and its
    /// interactions of the run's set.
    pub fn add(&mut self, count: impl Fn(Count) -> Option<i64>, interactions: Option<i64>) {
        let followers = count(Count::Followers);
        let reach = count(Count::Reach);
        let reposts = count(Count::Reposts);
        self.reach.add(reach, followers);
        self.likes.add(count(Count::Likes), followers);
        self.comments.add(count(Count::Comments), followers);
        self.reposts.add(reposts, followers);
        self.virality.add(reposts, reach);
        if self.per_follower.add(interactions, followers) {
            self.per_follower_posts += 1;
        }
        if let (Some(i), Some(v)) = (interactions, count(Count::Views)) {
            if v > 0 {
                self.view_sum += i as f64 / v as f64 * 100.0;
                self.view_posts += 1;
            }
        }
        let shown = count(Count::Impressions).or(count(Count::Views));
        let clicks = count(Count::LinkClicks);
        if let Some(s) = shown.filter(|s| *s > 0) {
            if interactions.is_some() || clicks.is_some() {
                self.shown_interactions += i128::from(interactions.unwrap_or(0));
                self.shown_clicks += i128::from(clicks.unwrap_or(0));
                self.shown += i128::from(s);
            }
        }
    }

    /// Adds the posts of `o`.
    pub fn merge(&mut self, o: &RateAccum) {
        self.reach.merge(o.reach);
        self.likes.merge(o.likes);
        self.comments.merge(o.comments);
        self.reposts.merge(o.reposts);
        self.virality.merge(o.virality);
        self.per_follower.merge(o.per_follower);
        self.per_follower_posts += o.per_follower_posts;
        self.view_sum += o.view_sum;
        self.view_posts += o.view_posts;
        self.shown_interactions += o.shown_interactions;
        self.shown_clicks += o.shown_clicks;
        self.shown += o.shown;
    }

    /// The rates. `set` is the run's interaction set (link clicks in it are
    /// not added twice to `er_impressions`); `days` is the number of
    /// calendar days the set covers, `None` when it covers none.
    pub fn finish(&self, set: &[Count], days: Option<u64>) -> Rates {
        // With no post in it the mean is 0 / 0, which `pct` turns into `None`.
        let followers_mean = self.per_follower.den as f64 / self.per_follower_posts as f64;
        let er_day =
            days.and_then(|d| pct(self.per_follower.num as f64 / followers_mean, d as f64));
        let clicks = if set.contains(&Count::LinkClicks) {
            0
        } else {
            self.shown_clicks
        };
        Rates {
            reach_rate: self.reach.pct(),
            love_rate: self.likes.pct(),
            talk_rate: self.comments.pct(),
            amplification_rate: self.reposts.pct(),
            virality_rate: self.virality.pct(),
            er_post: self.per_follower.pct(),
            er_day,
            er_view: (self.view_posts > 0).then(|| self.view_sum / self.view_posts as f64),
            er_impressions: Pooled {
                num: self.shown_interactions + clicks,
                den: self.shown,
            }
            .pct(),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Every rate against the worked example and against the posts
    //! each rate leaves out, worked out by hand in the comments.

    use super::*;
    use crate::metrics::DEFAULT_INTERACTIONS;
    use crate::model::Post;

    const EPS: f64 = 1e-9;

    fn close(v: Option<f64>, want: f64) {
        let v = v.unwrap_or_else(|| panic!("a figure, {want} expected"));
        assert!((v - want).abs() < EPS, "{v} != {want}");
    }

    fn interactions(p: &Post, set: &[Count]) -> Option<i64> {
        set.iter()
            .filter_map(|c| p.count(*c))
            .fold(None, |a, v| Some(a.unwrap_or(0) + v))
    }

    fn accum(posts: &[Post], set: &[Count]) -> RateAccum {
        let mut a = RateAccum::default();
        for p in posts {
            a.add(|c| p.count(c), interactions(p, set));
        }
        a
    }

    /// The four posts of March 2025: followers 10,000 each; reach 2,000 /
    /// 3,000 / 1,000 / 4,000; views 4,000 / 5,000 / 2,000 / 6,000; likes
    /// 100 / 150 / 50 / 200; comments 10 / 20 / 5 / 15; reposts 5 / 10 / 0 /
    /// 5; link clicks 20 / 30 / 10 / 40.
    fn four() -> Vec<Post> {
        let p = |reach, views, likes, comments, reposts, clicks| Post {
            followers: Some(10_000),
            reach: Some(reach),
            views: Some(views),
            likes: Some(likes),
            comments: Some(comments),
            reposts: Some(reposts),
            link_clicks: Some(clicks),
            ..Post::default()
        };
        vec![
            p(2000, 4000, 100, 10, 5, 20),
            p(3000, 5000, 150, 20, 10, 30),
            p(1000, 2000, 50, 5, 0, 10),
            p(4000, 6000, 200, 15, 5, 40),
        ]
    }

    #[test]
    fn the_four_posts_give_the_rates_worked_out_by_hand() {
        let r = accum(&four(), &DEFAULT_INTERACTIONS).finish(&DEFAULT_INTERACTIONS, Some(31));
        // Σ reach 10,000 / Σ followers 40,000 × 100 = 25.
        close(r.reach_rate, 25.0);
        // Σ likes 500 / 40,000 × 100 = 1.25.
        close(r.love_rate, 1.25);
        // Σ comments 50 / 40,000 × 100 = 0.125.
        close(r.talk_rate, 0.125);
        // Σ reposts 20 / 40,000 × 100 = 0.05.
        close(r.amplification_rate, 0.05);
        // Σ reposts 20 / Σ reach 10,000 × 100 = 0.2.
        close(r.virality_rate, 0.2);
        // Interactions (likes + comments + reposts): 115, 180, 55, 220 = 570;
        // 570 / 10,000 (mean followers) / 4 posts × 100 = 1.425.
        close(r.er_post, 1.425);
        // 570 / 10,000 / 31 days × 100 = 0.18387…
        close(r.er_day, 570.0 / 10_000.0 / 31.0 * 100.0);
        // Per post by views: 2.875, 3.6, 2.75, 3.6667; mean 3.2229…
        close(
            r.er_view,
            (115.0 / 40.0 + 180.0 / 50.0 + 55.0 / 20.0 + 220.0 / 60.0) / 4.0,
        );
        // (570 + 100 clicks) / Σ views 17,000 × 100 = 3.9412…
        close(r.er_impressions, 670.0 / 17_000.0 * 100.0);
    }

    #[test]
    fn er_post_divides_by_the_mean_of_the_posts_followers() {
        // Interactions 30 and 10; followers 1,000 and 3,000 (mean 2,000):
        // 40 / 2,000 / 2 × 100 = 1, which is 40 / 4,000 × 100; over 10 days
        // 40 / 2,000 / 10 × 100 = 0.2.
        let posts = [
            Post {
                followers: Some(1000),
                likes: Some(30),
                ..Post::default()
            },
            Post {
                followers: Some(3000),
                likes: Some(10),
                ..Post::default()
            },
        ];
        let r = accum(&posts, &DEFAULT_INTERACTIONS).finish(&DEFAULT_INTERACTIONS, Some(10));
        close(r.er_post, 1.0);
        close(r.er_day, 0.2);
    }

    #[test]
    fn impressions_come_before_views_and_clicks_count_once() {
        // Impressions 1,000 (views 500 ignored): (20 + 5) / 1,000 × 100 = 2.5.
        let p = Post {
            impressions: Some(1000),
            views: Some(500),
            likes: Some(20),
            link_clicks: Some(5),
            ..Post::default()
        };
        let set = [Count::Likes, Count::LinkClicks];
        let with = accum(std::slice::from_ref(&p), &set).finish(&set, None);
        close(with.er_impressions, 2.5);
        let without = accum(std::slice::from_ref(&p), &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, None);
        close(without.er_impressions, 2.5);
        // A post with clicks only still counts: 7 / 100 × 100 = 7.
        let clicks_only = Post {
            views: Some(100),
            link_clicks: Some(7),
            ..Post::default()
        };
        let r = accum(std::slice::from_ref(&clicks_only), &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, None);
        close(r.er_impressions, 7.0);
        // Reported impressions of 0 are no audience, even with views.
        let zero = Post {
            impressions: Some(0),
            views: Some(100),
            likes: Some(3),
            ..Post::default()
        };
        let r = accum(std::slice::from_ref(&zero), &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, None);
        assert_eq!(r.er_impressions, None);
    }

    /// Followers 0, reach 0, views 0: every denominator is 0.
    fn zero_post() -> Post {
        Post {
            followers: Some(0),
            reach: Some(0),
            views: Some(0),
            likes: Some(5),
            comments: Some(1),
            reposts: Some(1),
            link_clicks: Some(1),
            ..Post::default()
        }
    }

    #[test]
    fn each_rate_is_none_without_a_positive_denominator() {
        let zero = zero_post();
        // Nothing reported but the numerators.
        let bare = Post {
            likes: Some(5),
            comments: Some(1),
            reposts: Some(1),
            link_clicks: Some(1),
            ..Post::default()
        };
        for p in [zero, bare] {
            let r = accum(std::slice::from_ref(&p), &DEFAULT_INTERACTIONS)
                .finish(&DEFAULT_INTERACTIONS, Some(30));
            assert_eq!(r, Rates::default(), "{p:?}");
        }
        // Posts without a positive denominator are left out of both sides:
        // beside one post with followers 100, reach 10, views 20 and likes 4,
        // the zero post changes nothing (4 / 100, 1 / 10, 4 / 20, ...).
        let good = Post {
            followers: Some(100),
            reach: Some(10),
            views: Some(20),
            likes: Some(4),
            comments: Some(2),
            reposts: Some(1),
            ..Post::default()
        };
        let alone = accum(std::slice::from_ref(&good), &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, Some(30));
        let mixed = accum(&[zero_post(), good], &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, Some(30));
        assert_eq!(mixed, alone);
        // 7 / 100 × 100, 1 / 10 × 100 and (7 + 0 clicks) / 20 × 100.
        close(alone.er_post, 7.0);
        close(alone.virality_rate, 10.0);
        close(alone.er_impressions, 35.0);
        // No posts at all.
        assert_eq!(
            RateAccum::default().finish(&DEFAULT_INTERACTIONS, Some(30)),
            Rates::default()
        );
    }

    #[test]
    fn each_rate_is_none_without_its_numerator() {
        // Followers, reach and views reported, no count of any kind.
        let p = Post {
            followers: Some(100),
            reach: Some(50),
            views: Some(80),
            ..Post::default()
        };
        let r = accum(std::slice::from_ref(&p), &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, Some(30));
        // Reach over followers is the only rate with both sides: 50 / 100.
        close(r.reach_rate, 50.0);
        let rest = Rates {
            reach_rate: None,
            ..r
        };
        assert_eq!(rest, Rates::default());
    }

    #[test]
    fn er_day_needs_days() {
        let a = accum(&four(), &DEFAULT_INTERACTIONS);
        assert_eq!(a.finish(&DEFAULT_INTERACTIONS, None).er_day, None);
        assert_eq!(a.finish(&DEFAULT_INTERACTIONS, Some(0)).er_day, None);
        // One day: 570 / 10,000 / 1 × 100 = 5.7.
        close(a.finish(&DEFAULT_INTERACTIONS, Some(1)).er_day, 5.7);
    }

    #[test]
    fn a_net_loss_gives_a_rate_below_zero() {
        // Likes −30 over followers 1,000: −3; over views 600: −5.
        let p = Post {
            followers: Some(1000),
            views: Some(600),
            likes: Some(-30),
            ..Post::default()
        };
        let r = accum(std::slice::from_ref(&p), &DEFAULT_INTERACTIONS)
            .finish(&DEFAULT_INTERACTIONS, Some(1));
        close(r.love_rate, -3.0);
        close(r.er_post, -3.0);
        close(r.er_view, -5.0);
        close(r.er_impressions, -5.0);
    }

    #[test]
    fn every_split_merges_into_the_whole() {
        let mut posts = four();
        posts.push(Post {
            impressions: Some(900),
            likes: Some(9),
            ..Post::default()
        });
        let whole = accum(&posts, &DEFAULT_INTERACTIONS);
        for k in 0..=posts.len() {
            let mut a = accum(&posts[..k], &DEFAULT_INTERACTIONS);
            a.merge(&accum(&posts[k..], &DEFAULT_INTERACTIONS));
            let (x, y) = (
                a.finish(&DEFAULT_INTERACTIONS, Some(31)),
                whole.finish(&DEFAULT_INTERACTIONS, Some(31)),
            );
            for r in RateName::ALL {
                match (x.get(r), y.get(r)) {
                    (Some(p), Some(q)) => assert!((p - q).abs() < EPS, "{r:?} at {k}"),
                    (p, q) => assert_eq!(p, q, "{r:?} at {k}"),
                }
            }
        }
    }

    #[test]
    fn names_are_the_json_names() {
        let json = serde_json::to_value(Rates::default()).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        let names: Vec<&str> = RateName::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(keys, names);
        for r in RateName::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.name());
        }
        let r = Rates {
            reach_rate: Some(1.0),
            love_rate: Some(2.0),
            talk_rate: Some(3.0),
            amplification_rate: Some(4.0),
            virality_rate: Some(5.0),
            er_post: Some(6.0),
            er_day: Some(7.0),
            er_view: Some(8.0),
            er_impressions: Some(9.0),
        };
        for (i, n) in RateName::ALL.into_iter().enumerate() {
            assert_eq!(r.get(n), Some(i as f64 + 1.0));
        }
    }
}
