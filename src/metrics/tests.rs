//! Unit tests of the pure metric definitions (docs/metrics.md). Every expected value
//! is worked out by hand in the comment beside it.

use super::periods::*;
use super::tags::*;
use super::*;
use crate::model::*;

use approx::{assert_abs_diff_eq, assert_relative_eq};
use chrono::NaiveDate;

// ---------------------------------------------------------------- helpers

const EPS: f64 = 1e-9;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Option<Timestamp> {
    Some(Timestamp::naive(
        date(y, m, d)
            .and_hms_opt(h, min, 0)
            .expect("valid test time"),
    ))
}

/// A post with only reach and likes reported.
fn rl(reach: i64, likes: i64) -> Post {
    Post {
        reach: Some(reach),
        likes: Some(likes),
        ..Post::default()
    }
}

/// A post with reach and likes, published at noon on the given day.
fn rl_on(reach: i64, likes: i64, y: i32, m: u32, d: u32) -> Post {
    Post {
        published_at: at(y, m, d, 12, 0),
        ..rl(reach, likes)
    }
}

/// The example of the brief: reach 1000, likes 20, comments 5, reposts 3, poll_votes 2.
fn example_post() -> Post {
    Post {
        reach: Some(1000),
        likes: Some(20),
        comments: Some(5),
        reposts: Some(3),
        poll_votes: Some(2),
        ..Post::default()
    }
}

fn cfg() -> MetricConfig {
    MetricConfig::new(Basis::Reach)
}

fn cfg_with(aggregate: Aggregate) -> MetricConfig {
    MetricConfig { aggregate, ..cfg() }
}

fn refs(posts: &[Post]) -> Vec<&Post> {
    posts.iter().collect()
}

/// Asserts that an optional float is present and close to `expected`.
fn assert_some_close(actual: Option<f64>, expected: f64) {
    match actual {
        Some(v) => assert_relative_eq!(v, expected, epsilon = EPS, max_relative = 1e-12),
        None => panic!("expected Some({expected}), got None"),
    }
}

// ---------------------------------------------------------------- pct

#[test]
fn pct_is_part_over_whole_times_100() {
    // 1 / 4 × 100 = 25
    assert_some_close(pct(1.0, 4.0), 25.0);
    // 3 / 200 × 100 = 1.5
    assert_some_close(pct(3.0, 200.0), 1.5);
}

#[test]
fn pct_is_none_when_whole_is_zero() {
    assert_eq!(pct(5.0, 0.0), None);
    assert_eq!(pct(0.0, 0.0), None);
}

#[test]
fn per_day_is_the_total_over_the_days_and_none_over_none() {
    // 30 / 4 = 7.5; −6 / 3 = −2
    assert_some_close(super::rate::per_day(30, 4), 7.5);
    assert_some_close(super::rate::per_day(-6, 3), -2.0);
    assert_eq!(super::rate::per_day(30, 0), None);
    assert_eq!(super::rate::per_day(0, 0), None);
}

#[test]
fn pct_is_none_when_an_operand_is_not_finite() {
    assert_eq!(pct(1.0, f64::NAN), None);
    assert_eq!(pct(1.0, f64::INFINITY), None);
    assert_eq!(pct(f64::NAN, 2.0), None);
}

#[test]
fn pct_of_zero_part_is_zero_not_none() {
    // 0 / 10 × 100 = 0
    assert_eq!(pct(0.0, 10.0), Some(0.0));
}

// ---------------------------------------------------------------- growth

#[test]
fn growth_is_relative_change_in_percent() {
    // (150 − 100) / 100 × 100 = 50
    assert_some_close(growth(Some(100.0), Some(150.0)), 50.0);
    // (150 − 200) / 200 × 100 = −25
    assert_some_close(growth(Some(200.0), Some(150.0)), -25.0);
}

#[test]
fn growth_to_zero_is_minus_one_hundred() {
    // (0 − 100) / 100 × 100 = −100
    assert_some_close(growth(Some(100.0), Some(0.0)), -100.0);
}

#[test]
fn growth_of_unchanged_value_is_zero() {
    // (70 − 70) / 70 × 100 = 0
    assert_eq!(growth(Some(70.0), Some(70.0)), Some(0.0));
}

#[test]
fn growth_from_zero_is_none() {
    assert_eq!(growth(Some(0.0), Some(100.0)), None);
    assert_eq!(growth(Some(0.0), Some(0.0)), None);
}

#[test]
fn growth_with_a_missing_side_is_none() {
    assert_eq!(growth(None, Some(100.0)), None);
    assert_eq!(growth(Some(100.0), None), None);
    assert_eq!(growth(None, None), None);
}

// ---------------------------------------------------------------- interactions

#[test]
fn interactions_sum_the_reported_default_fields() {
    // 20 + 5 + 3 + 2 = 30 (saves not reported)
    assert_eq!(
        interactions(&example_post(), &DEFAULT_INTERACTIONS),
        Some(30)
    );
    let with_saves = Post {
        saves: Some(4),
        ..example_post()
    };
    // 20 + 5 + 3 + 4 + 2 = 34
    assert_eq!(interactions(&with_saves, &DEFAULT_INTERACTIONS), Some(34));
}

#[test]
fn default_interactions_are_likes_comments_reposts_saves_and_poll_votes() {
    assert_eq!(
        DEFAULT_INTERACTIONS.to_vec(),
        vec![
            Count::Likes,
            Count::Comments,
            Count::Reposts,
            Count::Saves,
            Count::PollVotes
        ]
    );
    assert_eq!(cfg().interactions, DEFAULT_INTERACTIONS.to_vec());
}

#[test]
fn interactions_do_not_count_link_clicks_views_or_reach() {
    let p = Post {
        link_clicks: Some(100),
        views: Some(5000),
        ..example_post()
    };
    // 20 + 5 + 3 + 2 = 30; clicks, views and reach are not interactions
    assert_eq!(interactions(&p, &DEFAULT_INTERACTIONS), Some(30));
}

#[test]
fn interactions_use_only_the_configured_fields() {
    // likes + comments = 20 + 5 = 25
    assert_eq!(
        interactions(&example_post(), &[Count::Likes, Count::Comments]),
        Some(25)
    );
}

#[test]
fn interactions_are_none_when_no_interaction_field_is_reported() {
    let p = Post {
        reach: Some(1000),
        views: Some(2000),
        link_clicks: Some(7),
        ..Post::default()
    };
    assert_eq!(interactions(&p, &DEFAULT_INTERACTIONS), None);
}

#[test]
fn interactions_are_none_when_only_unconfigured_fields_are_reported() {
    // the post reports likes, but the set asks only for saves
    assert_eq!(interactions(&rl(1000, 40), &[Count::Saves]), None);
}

#[test]
fn interactions_reported_as_zero_are_some_zero() {
    let p = Post {
        likes: Some(0),
        ..Post::default()
    };
    assert_eq!(interactions(&p, &DEFAULT_INTERACTIONS), Some(0));
}

#[test]
fn interactions_saturate_instead_of_overflowing() {
    let p = Post {
        likes: Some(i64::MAX),
        comments: Some(1),
        ..Post::default()
    };
    assert_eq!(interactions(&p, &DEFAULT_INTERACTIONS), Some(i64::MAX));
}

// ---------------------------------------------------------------- ER of one post

#[test]
fn er_by_reach_is_interactions_over_reach_times_100() {
    // (20 + 5 + 3 + 2) / 1000 × 100 = 30 / 10 = 3.0
    assert_some_close(
        er(&example_post(), &DEFAULT_INTERACTIONS, Basis::Reach),
        3.0,
    );
}

#[test]
fn er_by_views_divides_by_views() {
    let p = Post {
        views: Some(1500),
        ..example_post()
    };
    // 30 / 1500 × 100 = 2.0
    assert_some_close(er(&p, &DEFAULT_INTERACTIONS, Basis::Views), 2.0);
}

#[test]
fn er_by_followers_divides_by_followers() {
    let p = Post {
        followers: Some(12_000),
        ..example_post()
    };
    // 30 / 12000 × 100 = 0.25
    assert_some_close(er(&p, &DEFAULT_INTERACTIONS, Basis::Followers), 0.25);
}

#[test]
fn er_is_none_when_reach_is_zero() {
    let p = Post {
        reach: Some(0),
        ..example_post()
    };
    assert_eq!(er(&p, &DEFAULT_INTERACTIONS, Basis::Reach), None);
}

#[test]
fn er_is_none_when_reach_is_not_reported() {
    let p = Post {
        reach: None,
        ..example_post()
    };
    assert_eq!(er(&p, &DEFAULT_INTERACTIONS, Basis::Reach), None);
}

#[test]
fn er_is_none_when_the_chosen_basis_is_not_reported_even_if_another_is() {
    // reach is there, but the basis is views
    assert_eq!(
        er(&example_post(), &DEFAULT_INTERACTIONS, Basis::Views),
        None
    );
}

#[test]
fn er_is_none_when_no_interaction_field_is_reported() {
    let p = Post {
        reach: Some(1000),
        link_clicks: Some(5),
        ..Post::default()
    };
    assert_eq!(interactions(&p, &DEFAULT_INTERACTIONS), None);
    assert_eq!(er(&p, &DEFAULT_INTERACTIONS, Basis::Reach), None);
}

#[test]
fn er_is_zero_when_interactions_are_reported_as_zero() {
    // 0 / 1000 × 100 = 0: reported zero is a real 0 %, not "not reported"
    assert_eq!(
        er(&rl(1000, 0), &DEFAULT_INTERACTIONS, Basis::Reach),
        Some(0.0)
    );
}

// ---------------------------------------------------------------- net changes

#[test]
fn count_pct_needs_a_positive_whole() {
    // 30 / 1000 × 100 = 3
    assert_some_close(post::count_pct(30, 1000), 3.0);
    // -5 / 500 × 100 = -1: a net loss over a real audience.
    assert_some_close(post::count_pct(-5, 500), -1.0);
    assert_eq!(post::count_pct(5, 0), None, "a basis of 0");
    assert_eq!(post::count_pct(5, -10), None, "a basis below 0");
}

#[test]
fn interactions_of_net_changes_keep_their_sign() {
    // likes -3 + comments 1 + reposts 1 = -1
    let p = Post {
        views: Some(500),
        likes: Some(-3),
        comments: Some(1),
        reposts: Some(1),
        ..Post::default()
    };
    assert_eq!(interactions(&p, &DEFAULT_INTERACTIONS), Some(-1));
    // -1 / 500 × 100 = -0.2
    assert_some_close(er(&p, &DEFAULT_INTERACTIONS, Basis::Views), -0.2);
    assert_eq!(
        band(er(&p, &DEFAULT_INTERACTIONS, Basis::Views), 3.0),
        Some(Band::Low)
    );
}

#[test]
fn er_over_views_taken_back_is_undefined() {
    // Views -10 for the period: no audience to divide by.
    let p = Post {
        views: Some(-10),
        likes: Some(4),
        ..Post::default()
    };
    assert_eq!(er(&p, &DEFAULT_INTERACTIONS, Basis::Views), None);
}

#[test]
fn sums_and_ratios_of_net_changes() {
    // Likes 40 over reach 1000 (4 %) and -3 over reach 500 (-0.6 %):
    // sum 37; er_mean (4 - 0.6) / 2 = 1.7; er_ratio 37 / 1500 × 100.
    let posts = [rl(1000, 40), rl(500, -3)];
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.likes, Some(37));
    assert_eq!(s.interactions, Some(37));
    assert_some_close(s.er_mean, 1.7);
    assert_some_close(s.er_median, 1.7);
    assert_some_close(s.er_ratio, 37.0 / 1500.0 * 100.0);
}

// ---------------------------------------------------------------- CTR of one post

#[test]
fn ctr_is_link_clicks_over_reach_times_100() {
    let p = Post {
        reach: Some(1200),
        link_clicks: Some(15),
        ..Post::default()
    };
    // 15 / 1200 × 100 = 1.25
    assert_some_close(ctr(&p), 1.25);
}

#[test]
fn ctr_is_none_when_reach_is_zero() {
    let p = Post {
        reach: Some(0),
        link_clicks: Some(15),
        ..Post::default()
    };
    assert_eq!(ctr(&p), None);
}

#[test]
fn ctr_is_none_when_clicks_are_not_reported() {
    assert_eq!(ctr(&rl(1200, 10)), None);
}

#[test]
fn ctr_is_none_when_reach_is_not_reported() {
    let p = Post {
        link_clicks: Some(15),
        views: Some(1200),
        ..Post::default()
    };
    assert_eq!(ctr(&p), None);
}

// ---------------------------------------------------------------- resolve_basis

#[test]
fn resolve_basis_returns_a_fixed_basis_unchanged() {
    let posts = [rl(1000, 10)];
    assert_eq!(
        resolve_basis(&posts, BasisChoice::Fixed(Basis::Followers)),
        Basis::Followers
    );
    let none: [Post; 0] = [];
    assert_eq!(
        resolve_basis(&none, BasisChoice::Fixed(Basis::Views)),
        Basis::Views
    );
}

#[test]
fn resolve_basis_auto_prefers_reach() {
    let posts = [Post {
        reach: Some(10),
        views: Some(100),
        followers: Some(1000),
        ..Post::default()
    }];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Reach);
}

#[test]
fn resolve_basis_auto_takes_reach_when_any_one_post_reports_it() {
    let posts = [
        Post {
            views: Some(100),
            ..Post::default()
        },
        Post {
            reach: Some(5),
            ..Post::default()
        },
    ];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Reach);
}

#[test]
fn resolve_basis_auto_falls_back_to_views_without_reach() {
    let posts = [Post {
        views: Some(100),
        followers: Some(1000),
        ..Post::default()
    }];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Views);
}

#[test]
fn resolve_basis_auto_falls_back_to_followers_without_reach_or_views() {
    let posts = [Post {
        followers: Some(1000),
        likes: Some(3),
        ..Post::default()
    }];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Followers);
}

#[test]
fn resolve_basis_auto_does_not_count_zero_values() {
    // reach reported but 0 everywhere, views reported but 0: followers wins
    let posts = [
        Post {
            reach: Some(0),
            views: Some(0),
            followers: Some(500),
            ..Post::default()
        },
        Post {
            reach: Some(0),
            ..Post::default()
        },
    ];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Followers);
    // zero reach, positive views: views wins
    let posts = [Post {
        reach: Some(0),
        views: Some(10),
        ..Post::default()
    }];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Views);
}

#[test]
fn resolve_basis_auto_stays_reach_when_nothing_is_reported() {
    let posts = [Post {
        likes: Some(3),
        ..Post::default()
    }];
    assert_eq!(resolve_basis(&posts, BasisChoice::Auto), Basis::Reach);
    let none: [Post; 0] = [];
    assert_eq!(resolve_basis(&none, BasisChoice::Auto), Basis::Reach);
}

#[test]
fn basis_names_match_their_count_fields() {
    assert_eq!(Basis::Reach.name(), "reach");
    assert_eq!(Basis::Views.name(), "views");
    assert_eq!(Basis::Followers.name(), "followers");
    assert_eq!(Basis::Followers.count(), Count::Followers);
}

// ---------------------------------------------------------------- mean, median

#[test]
fn mean_of_empty_is_none() {
    assert_eq!(mean(&[]), None);
}

#[test]
fn median_of_empty_is_none() {
    assert_eq!(median(&[]), None);
}

#[test]
fn mean_is_the_arithmetic_mean() {
    // (1 + 2 + 4) / 3 = 7 / 3 = 2.3333…
    assert_some_close(mean(&[1.0, 2.0, 4.0]), 7.0 / 3.0);
}

#[test]
fn median_of_an_odd_count_is_the_middle_value_after_sorting() {
    // sorted [1, 3, 5] → 3
    assert_some_close(median(&[5.0, 1.0, 3.0]), 3.0);
    // one value is its own median
    assert_some_close(median(&[4.2]), 4.2);
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
    // sorted [1, 2, 3, 4] → (2 + 3) / 2 = 2.5
    assert_some_close(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    // sorted [1, 10] → (1 + 10) / 2 = 5.5
    assert_some_close(median(&[10.0, 1.0]), 5.5);
}

// ---------------------------------------------------------------- band

#[test]
fn band_boundaries_with_the_default_target() {
    // target 3: low < 1 ≤ average < 3.5 ≤ high ≤ 6 < very high
    assert_eq!(band(Some(0.0), 3.0), Some(Band::Low));
    assert_eq!(band(Some(0.99), 3.0), Some(Band::Low));
    assert_eq!(band(Some(1.0), 3.0), Some(Band::Average));
    assert_eq!(band(Some(3.0), 3.0), Some(Band::Average));
    assert_eq!(band(Some(3.49), 3.0), Some(Band::Average));
    assert_eq!(band(Some(3.5), 3.0), Some(Band::High));
    assert_eq!(band(Some(6.0), 3.0), Some(Band::High));
    assert_eq!(band(Some(6.01), 3.0), Some(Band::VeryHigh));
    assert_eq!(band(Some(250.0), 3.0), Some(Band::VeryHigh));
}

#[test]
fn band_thresholds_double_when_the_target_doubles() {
    // target 6: scale 6 / 3 = 2 → thresholds 1×2 = 2, 3.5×2 = 7, 6×2 = 12
    assert_eq!(band(Some(1.99), 6.0), Some(Band::Low));
    assert_eq!(band(Some(2.0), 6.0), Some(Band::Average));
    assert_eq!(band(Some(6.99), 6.0), Some(Band::Average));
    assert_eq!(band(Some(7.0), 6.0), Some(Band::High));
    assert_eq!(band(Some(12.0), 6.0), Some(Band::High));
    assert_eq!(band(Some(12.01), 6.0), Some(Band::VeryHigh));
    // the same ER lands in a lower band against the higher target
    assert_eq!(band(Some(0.99), 3.0), Some(Band::Low));
    assert_eq!(band(Some(1.5), 6.0), Some(Band::Low));
    assert_eq!(band(Some(3.5), 6.0), Some(Band::Average));
    assert_eq!(band(Some(6.01), 6.0), Some(Band::Average));
}

#[test]
fn band_of_none_is_none() {
    assert_eq!(band(None, 3.0), None);
}

#[test]
fn band_with_target_zero_is_none() {
    assert_eq!(band(Some(3.0), 0.0), None);
}

#[test]
fn band_with_a_negative_or_nan_target_is_none() {
    assert_eq!(band(Some(3.0), -3.0), None);
    assert_eq!(band(Some(3.0), f64::NAN), None);
}

#[test]
fn band_of_a_non_finite_er_is_none() {
    assert_eq!(band(Some(f64::NAN), 3.0), None);
    assert_eq!(band(Some(f64::INFINITY), 3.0), None);
}

#[test]
fn band_names_are_snake_case() {
    assert_eq!(Band::Low.name(), "low");
    assert_eq!(Band::Average.name(), "average");
    assert_eq!(Band::High.name(), "high");
    assert_eq!(Band::VeryHigh.name(), "very_high");
}

// ---------------------------------------------------------------- summarize

/// Three posts with ERs 3, 2 and 6 (by reach).
fn three_posts() -> Vec<Post> {
    vec![
        // I = 20 + 5 + 3 + 2 = 30, ER = 30 / 1000 × 100 = 3
        example_post(),
        // I = 10, ER = 10 / 500 × 100 = 2
        rl(500, 10),
        // I = 100 + 20 = 120, ER = 120 / 2000 × 100 = 6
        Post {
            comments: Some(20),
            ..rl(2000, 100)
        },
    ]
}

#[test]
fn summary_of_an_empty_slice_has_no_figures() {
    let s = summarize(&[], &cfg());
    assert_eq!(s.posts, 0);
    assert_eq!(s.reach, None);
    assert_eq!(s.views, None);
    assert_eq!(s.likes, None);
    assert_eq!(s.comments, None);
    assert_eq!(s.reposts, None);
    assert_eq!(s.saves, None);
    assert_eq!(s.poll_votes, None);
    assert_eq!(s.link_clicks, None);
    assert_eq!(s.interactions, None);
    assert_eq!(s.er, None);
    assert_eq!(s.er_mean, None);
    assert_eq!(s.er_median, None);
    assert_eq!(s.er_ratio, None);
    assert_eq!(s.ctr, None);
    assert_eq!(s.reach_mean, None);
    assert_eq!(s.band, None);
    assert_eq!(s.negative_feedback, None);
    assert_eq!(s.negative_rate, None);
    assert_eq!(s, SetSummary::default());
}

#[test]
fn summary_sums_the_reported_counts() {
    let posts = three_posts();
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.posts, 3);
    assert_eq!(s.reach, Some(3500)); // 1000 + 500 + 2000
    assert_eq!(s.likes, Some(130)); // 20 + 10 + 100
    assert_eq!(s.comments, Some(25)); // 5 + (none) + 20
    assert_eq!(s.reposts, Some(3)); // only the first post
    assert_eq!(s.poll_votes, Some(2)); // only the first post
    assert_eq!(s.interactions, Some(160)); // 30 + 10 + 120
}

#[test]
fn summary_sum_of_a_field_no_post_reports_is_none_not_zero() {
    let posts = three_posts();
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.saves, None);
    assert_eq!(s.views, None);
    assert_eq!(s.link_clicks, None);
}

#[test]
fn summary_sum_of_a_field_reported_as_zero_is_some_zero() {
    let posts = [
        Post {
            saves: Some(0),
            link_clicks: Some(0),
            ..rl(100, 1)
        },
        rl(200, 2),
    ];
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.saves, Some(0));
    assert_eq!(s.link_clicks, Some(0));
}

#[test]
fn summary_interactions_are_none_when_no_post_reports_any() {
    let posts = [Post {
        reach: Some(100),
        ..Post::default()
    }];
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.interactions, None);
    assert_eq!(s.er_mean, None);
    assert_eq!(s.er_ratio, None);
}

#[test]
fn summary_er_mean_median_and_ratio_of_an_odd_set() {
    let posts = three_posts();
    let s = summarize(&refs(&posts), &cfg());
    // mean of [3, 2, 6] = 11 / 3 = 3.6667
    assert_some_close(s.er_mean, 11.0 / 3.0);
    // sorted [2, 3, 6] → 3
    assert_some_close(s.er_median, 3.0);
    // Σ I / Σ reach × 100 = 160 / 3500 × 100 = 4.5714…
    assert_some_close(s.er_ratio, 16000.0 / 3500.0);
}

#[test]
fn summary_er_median_of_an_even_set_is_the_mean_of_the_middle_two() {
    let mut posts = three_posts();
    // I = 10, ER = 10 / 250 × 100 = 4
    posts.push(rl(250, 10));
    let s = summarize(&refs(&posts), &cfg());
    // sorted [2, 3, 4, 6] → (3 + 4) / 2 = 3.5
    assert_some_close(s.er_median, 3.5);
    // (3 + 2 + 6 + 4) / 4 = 15 / 4 = 3.75
    assert_some_close(s.er_mean, 3.75);
    // (160 + 10) / (3500 + 250) × 100 = 170 / 3750 × 100 = 4.5333…
    assert_some_close(s.er_ratio, 17000.0 / 3750.0);
}

#[test]
fn summary_headline_er_and_band_follow_the_aggregate() {
    let posts = three_posts();
    let p = refs(&posts);

    let s = summarize(&p, &cfg_with(Aggregate::Mean));
    // mean 11 / 3 = 3.667 ≥ 3.5 → high
    assert_eq!(s.er, s.er_mean);
    assert_some_close(s.er, 11.0 / 3.0);
    assert_eq!(s.band, Some(Band::High));

    let s = summarize(&p, &cfg_with(Aggregate::Median));
    // median 3 < 3.5 → average
    assert_eq!(s.er, s.er_median);
    assert_some_close(s.er, 3.0);
    assert_eq!(s.band, Some(Band::Average));

    let s = summarize(&p, &cfg_with(Aggregate::Ratio));
    // ratio 4.571 → high
    assert_eq!(s.er, s.er_ratio);
    assert_some_close(s.er, 16000.0 / 3500.0);
    assert_eq!(s.band, Some(Band::High));
}

#[test]
fn summary_band_uses_the_configured_target() {
    let posts = three_posts();
    let c = MetricConfig {
        target_er: 6.0,
        ..cfg()
    };
    let s = summarize(&refs(&posts), &c);
    // mean 3.667 against target 6: 2 ≤ 3.667 < 7 → average
    assert_eq!(s.band, Some(Band::Average));
}

#[test]
fn summary_er_mean_skips_posts_whose_er_is_undefined() {
    let posts = [
        // ER 30 / 1000 × 100 = 3
        example_post(),
        // reach 0 → ER undefined
        rl(0, 50),
        // reach not reported → ER undefined
        Post {
            likes: Some(50),
            ..Post::default()
        },
        // no interactions → ER undefined
        Post {
            reach: Some(100),
            ..Post::default()
        },
    ];
    let s = summarize(&refs(&posts), &cfg());
    // only [3] counts: mean 3, median 3 (not 3 / 4 = 0.75)
    assert_some_close(s.er_mean, 3.0);
    assert_some_close(s.er_median, 3.0);
    assert_eq!(s.posts, 4);
}

#[test]
fn ratio_of_sums_skips_posts_whose_basis_is_zero() {
    let posts = [
        // 30 / 1000
        example_post(),
        // reach 0: its 50 likes must not be added to the numerator
        rl(0, 50),
    ];
    let s = summarize(&refs(&posts), &cfg());
    // 30 / 1000 × 100 = 3 (not (30 + 50) / 1000 × 100 = 8)
    assert_some_close(s.er_ratio, 3.0);
}

#[test]
fn ratio_of_sums_skips_posts_whose_basis_is_not_reported() {
    let posts = [
        example_post(),
        Post {
            likes: Some(50),
            ..Post::default()
        },
    ];
    let s = summarize(&refs(&posts), &cfg());
    // 30 / 1000 × 100 = 3 (not 80 / 1000 × 100 = 8)
    assert_some_close(s.er_ratio, 3.0);
}

#[test]
fn ratio_of_sums_skips_posts_whose_interactions_are_none() {
    let posts = [
        example_post(),
        // reach 9000 but no interaction field: its reach must not be in the denominator
        Post {
            reach: Some(9000),
            ..Post::default()
        },
    ];
    let s = summarize(&refs(&posts), &cfg());
    // 30 / 1000 × 100 = 3 (not 30 / 10000 × 100 = 0.3)
    assert_some_close(s.er_ratio, 3.0);
    // but the reach still counts in the plain sum: 1000 + 9000 = 10000
    assert_eq!(s.reach, Some(10_000));
}

#[test]
fn ratio_of_sums_is_none_when_every_basis_is_zero() {
    let posts = [rl(0, 5), rl(0, 7)];
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.er_ratio, None);
    assert_eq!(s.er_mean, None);
    assert_eq!(s.er_median, None);
    assert_eq!(s.er, None);
    assert_eq!(s.band, None);
}

#[test]
fn summary_uses_the_configured_basis() {
    let posts = [
        Post {
            followers: Some(10_000),
            ..rl(1000, 50)
        },
        Post {
            followers: Some(10_000),
            ..rl(1000, 150)
        },
    ];
    let c = MetricConfig::new(Basis::Followers);
    let s = summarize(&refs(&posts), &c);
    // per post: 50 / 10000 × 100 = 0.5 and 150 / 10000 × 100 = 1.5 → mean 1.0
    assert_some_close(s.er_mean, 1.0);
    // (50 + 150) / (10000 + 10000) × 100 = 200 / 20000 × 100 = 1.0
    assert_some_close(s.er_ratio, 1.0);
}

#[test]
fn summary_uses_the_configured_interaction_set() {
    let posts = three_posts();
    let c = MetricConfig {
        interactions: vec![Count::Likes],
        ..cfg()
    };
    let s = summarize(&refs(&posts), &c);
    // likes only: 20 + 10 + 100 = 130
    assert_eq!(s.interactions, Some(130));
    // 130 / 3500 × 100 = 3.7142…
    assert_some_close(s.er_ratio, 13000.0 / 3500.0);
    // per post 20/1000 = 2, 10/500 = 2, 100/2000 = 5 (all × 100) → mean 9 / 3 = 3
    assert_some_close(s.er_mean, 3.0);
}

#[test]
fn summary_ctr_is_a_ratio_of_sums() {
    let posts = [
        Post {
            link_clicks: Some(10),
            ..rl(1000, 1)
        },
        Post {
            link_clicks: Some(50),
            ..rl(3000, 1)
        },
    ];
    let s = summarize(&refs(&posts), &cfg());
    // (10 + 50) / (1000 + 3000) × 100 = 60 / 4000 × 100 = 1.5
    assert_some_close(s.ctr, 1.5);
}

#[test]
fn summary_ctr_skips_posts_with_zero_reach_or_no_clicks() {
    let posts = [
        Post {
            link_clicks: Some(10),
            ..rl(1000, 1)
        },
        Post {
            link_clicks: Some(50),
            ..rl(3000, 1)
        },
        // clicks not reported: its reach is left out of the denominator
        rl(5000, 1),
        // reach 0: its clicks are left out of the numerator
        Post {
            link_clicks: Some(7),
            ..rl(0, 1)
        },
    ];
    let s = summarize(&refs(&posts), &cfg());
    // still 60 / 4000 × 100 = 1.5
    assert_some_close(s.ctr, 1.5);
}

#[test]
fn summary_ctr_is_none_when_no_post_reports_clicks() {
    let posts = three_posts();
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.ctr, None);
}

#[test]
fn summary_reach_mean_is_over_the_posts_reporting_reach() {
    let posts = [
        rl(1000, 1),
        rl(500, 1),
        Post {
            likes: Some(3),
            ..Post::default()
        },
    ];
    let s = summarize(&refs(&posts), &cfg());
    // (1000 + 500) / 2 = 750 (the post without reach is not a 0)
    assert_some_close(s.reach_mean, 750.0);
    assert_eq!(s.reach, Some(1500));
}

#[test]
fn post_ers_lists_only_the_defined_ers_in_input_order() {
    let posts = [rl(1000, 30), rl(0, 5), rl(500, 10)];
    let ers = post_ers(&refs(&posts), &cfg());
    assert_eq!(ers.len(), 2);
    // 30 / 1000 × 100 = 3; 10 / 500 × 100 = 2
    assert_abs_diff_eq!(ers[0], 3.0, epsilon = EPS);
    assert_abs_diff_eq!(ers[1], 2.0, epsilon = EPS);
}

// ---------------------------------------------------------------- top_posts

#[test]
fn top_posts_are_ordered_by_er_descending() {
    // ERs: 3, 2, 6 (see three_posts)
    let posts = three_posts();
    assert_eq!(top_posts(&refs(&posts), &cfg(), 3), vec![2, 0, 1]);
}

#[test]
fn top_posts_take_at_most_n() {
    let posts = three_posts();
    assert_eq!(top_posts(&refs(&posts), &cfg(), 1), vec![2]);
    assert_eq!(top_posts(&refs(&posts), &cfg(), 0), Vec::<usize>::new());
    assert_eq!(top_posts(&refs(&posts), &cfg(), 10), vec![2, 0, 1]);
}

#[test]
fn top_posts_break_er_ties_by_more_interactions() {
    let posts = [
        // 30 / 1000 × 100 = 3, I = 30
        rl(1000, 30),
        // 60 / 2000 × 100 = 3, I = 60
        rl(2000, 60),
        // 1 / 100 × 100 = 1
        rl(100, 1),
    ];
    assert_eq!(top_posts(&refs(&posts), &cfg(), 3), vec![1, 0, 2]);
}

#[test]
fn top_posts_break_full_ties_by_input_order() {
    let posts = [
        rl(100, 1),   // 1 %
        rl(1000, 30), // 3 %, I = 30
        rl(1000, 30), // identical: later in the input
        rl(1000, 30), // identical: latest
    ];
    assert_eq!(top_posts(&refs(&posts), &cfg(), 4), vec![1, 2, 3, 0]);
}

#[test]
fn top_posts_leave_out_posts_with_undefined_er() {
    let posts = [
        rl(0, 100), // reach 0
        rl(100, 1), // 1 %
        Post {
            likes: Some(9),
            ..Post::default()
        }, // no reach
    ];
    assert_eq!(top_posts(&refs(&posts), &cfg(), 10), vec![1]);
}

#[test]
fn top_posts_of_an_empty_slice_are_empty() {
    assert!(top_posts(&[], &cfg(), 5).is_empty());
}

// ---------------------------------------------------------------- post_figures

#[test]
fn post_figures_give_er_on_every_basis_ctr_and_band() {
    let p = Post {
        views: Some(1500),
        followers: Some(12_000),
        link_clicks: Some(5),
        ..example_post()
    };
    let f = post_figures(&p, &cfg());
    assert_eq!(f.interactions, Some(30)); // 20 + 5 + 3 + 2
    assert_eq!(f.basis, Basis::Reach);
    assert_some_close(f.er, 3.0); // 30 / 1000 × 100
    assert_some_close(f.er_reach, 3.0); // 30 / 1000 × 100
    assert_some_close(f.er_views, 2.0); // 30 / 1500 × 100
    assert_some_close(f.er_followers, 0.25); // 30 / 12000 × 100
    assert_some_close(f.ctr, 0.5); // 5 / 1000 × 100
    assert_eq!(f.band, Some(Band::Average)); // 1 ≤ 3 < 3.5
    assert_abs_diff_eq!(f.target_er, 3.0, epsilon = EPS);
    assert_eq!(f.interaction_fields, DEFAULT_INTERACTIONS.to_vec());
}

#[test]
fn post_figures_er_follows_the_configured_basis() {
    let p = Post {
        views: Some(1500),
        ..example_post()
    };
    let f = post_figures(&p, &MetricConfig::new(Basis::Views));
    assert_eq!(f.basis, Basis::Views);
    // 30 / 1500 × 100 = 2
    assert_some_close(f.er, 2.0);
    assert_eq!(f.er_followers, None);
}

#[test]
fn post_figures_of_a_post_without_figures_are_none() {
    let f = post_figures(&Post::default(), &cfg());
    assert_eq!(f.interactions, None);
    assert_eq!(f.er, None);
    assert_eq!(f.er_reach, None);
    assert_eq!(f.er_views, None);
    assert_eq!(f.er_followers, None);
    assert_eq!(f.ctr, None);
    assert_eq!(f.band, None);
}

// ---------------------------------------------------------------- periods: spans and labels

#[test]
fn week_span_starts_on_monday() {
    // 2025-01-15 is a Wednesday → Monday 13 .. Sunday 19
    let s = Period::Week.span_of(date(2025, 1, 15));
    assert_eq!(s.start, date(2025, 1, 13));
    assert_eq!(s.end, date(2025, 1, 19));
    // the Monday and the Sunday belong to that same week
    assert_eq!(Period::Week.span_of(date(2025, 1, 13)), s);
    assert_eq!(Period::Week.span_of(date(2025, 1, 19)), s);
    // the next Monday starts a new week
    assert_ne!(Period::Week.span_of(date(2025, 1, 20)), s);
    assert_eq!(Period::Week.label(s), "2025-W03");
}

#[test]
fn week_label_uses_the_iso_week_year_at_year_boundaries() {
    // 2024-12-30 is a Monday; the week holds 2025-01-01 (Wed), so it is 2025-W01
    let s = Period::Week.span_of(date(2024, 12, 30));
    assert_eq!(s.start, date(2024, 12, 30));
    assert_eq!(s.end, date(2025, 1, 5));
    assert_eq!(Period::Week.label(s), "2025-W01");
    // 2025-01-02 (Thursday) is in that same week
    assert_eq!(Period::Week.span_of(date(2025, 1, 2)), s);
    // 2024-12-29 (Sunday) is the last day of 2024-W52 (Mon 23 .. Sun 29)
    let prev = Period::Week.span_of(date(2024, 12, 29));
    assert_eq!(prev.start, date(2024, 12, 23));
    assert_eq!(Period::Week.label(prev), "2024-W52");
    // 2021-01-01 is a Friday: its week (Mon 2020-12-28) is 2020-W53
    let w53 = Period::Week.span_of(date(2021, 1, 1));
    assert_eq!(w53.start, date(2020, 12, 28));
    assert_eq!(Period::Week.label(w53), "2020-W53");
}

#[test]
fn month_span_covers_the_calendar_month() {
    let s = Period::Month.span_of(date(2024, 2, 17));
    // 2024 is a leap year: February has 29 days
    assert_eq!((s.start, s.end), (date(2024, 2, 1), date(2024, 2, 29)));
    assert_eq!(Period::Month.label(s), "2024-02");
    let s = Period::Month.span_of(date(2025, 2, 28));
    assert_eq!((s.start, s.end), (date(2025, 2, 1), date(2025, 2, 28)));
    let s = Period::Month.span_of(date(2025, 12, 31));
    assert_eq!((s.start, s.end), (date(2025, 12, 1), date(2025, 12, 31)));
    assert_eq!(Period::Month.label(s), "2025-12");
}

#[test]
fn quarter_span_covers_three_months() {
    let s = Period::Quarter.span_of(date(2025, 1, 1));
    assert_eq!((s.start, s.end), (date(2025, 1, 1), date(2025, 3, 31)));
    assert_eq!(Period::Quarter.label(s), "2025-Q1");
    let s = Period::Quarter.span_of(date(2025, 5, 17));
    assert_eq!((s.start, s.end), (date(2025, 4, 1), date(2025, 6, 30)));
    assert_eq!(Period::Quarter.label(s), "2025-Q2");
    let s = Period::Quarter.span_of(date(2025, 9, 30));
    assert_eq!((s.start, s.end), (date(2025, 7, 1), date(2025, 9, 30)));
    assert_eq!(Period::Quarter.label(s), "2025-Q3");
    let s = Period::Quarter.span_of(date(2025, 11, 3));
    assert_eq!((s.start, s.end), (date(2025, 10, 1), date(2025, 12, 31)));
    assert_eq!(Period::Quarter.label(s), "2025-Q4");
}

#[test]
fn day_span_is_the_day_itself() {
    let s = Period::Day.span_of(date(2025, 1, 31));
    assert_eq!((s.start, s.end), (date(2025, 1, 31), date(2025, 1, 31)));
    assert_eq!(Period::Day.label(s), "2025-01-31");
}

// ---------------------------------------------------------------- periodize

#[test]
fn periodize_without_dated_posts_is_empty() {
    let posts = [rl(1000, 30)];
    assert!(periodize(&refs(&posts), &cfg(), Period::Month).is_empty());
    assert!(periodize(&[], &cfg(), Period::All).is_empty());
}

#[test]
fn periodize_excludes_posts_without_a_date() {
    let posts = [
        rl_on(1000, 30, 2025, 1, 10),
        rl(9999, 999), // no date
        rl_on(500, 10, 2025, 1, 20),
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Month);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].summary.posts, 2);
    assert_eq!(rows[0].summary.reach, Some(1500)); // 1000 + 500, not + 9999
}

#[test]
fn periodize_all_is_one_period_from_first_to_last_date() {
    let posts = [
        rl_on(500, 10, 2025, 3, 5),
        rl_on(1000, 30, 2024, 11, 2),
        rl(100, 1), // undated: left out
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::All);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.period, "all");
    assert_eq!(r.start, date(2024, 11, 2));
    assert_eq!(r.end, date(2025, 3, 5));
    assert_eq!(r.summary.posts, 2);
    assert_eq!(r.reach_growth, None);
    assert_eq!(r.reach_mean_growth, None);
    assert_eq!(r.er_change, None);
}

#[test]
fn periodize_months_in_calendar_order_with_growth() {
    let posts = [
        // February, given first: the rows are still in date order
        rl_on(3000, 150, 2025, 2, 3), // ER 150 / 3000 × 100 = 5
        rl_on(1000, 30, 2025, 1, 5),  // ER 30 / 1000 × 100 = 3
        rl_on(3000, 60, 2025, 1, 25), // ER 60 / 3000 × 100 = 2
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Month);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].period, "2025-01");
    assert_eq!(
        (rows[0].start, rows[0].end),
        (date(2025, 1, 1), date(2025, 1, 31))
    );
    assert_eq!(rows[1].period, "2025-02");
    // January: sum 4000, mean 2000, ER mean (3 + 2) / 2 = 2.5
    assert_eq!(rows[0].summary.reach, Some(4000));
    assert_some_close(rows[0].summary.reach_mean, 2000.0);
    assert_some_close(rows[0].summary.er, 2.5);
    // the first period has no growth
    assert_eq!(rows[0].reach_growth, None);
    assert_eq!(rows[0].reach_mean_growth, None);
    assert_eq!(rows[0].er_change, None);
    // February: sum 3000, mean 3000, ER 5
    // reach_growth = (3000 − 4000) / 4000 × 100 = −25
    assert_some_close(rows[1].reach_growth, -25.0);
    // reach_mean_growth = (3000 − 2000) / 2000 × 100 = 50
    assert_some_close(rows[1].reach_mean_growth, 50.0);
    // er_change = 5 − 2.5 = 2.5 percentage points (not a relative change)
    assert_some_close(rows[1].er_change, 2.5);
}

#[test]
fn periodize_er_change_is_in_percentage_points_and_may_be_negative() {
    let posts = [
        rl_on(1000, 60, 2025, 3, 1), // ER 6
        rl_on(1000, 15, 2025, 4, 1), // ER 1.5
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Month);
    // 1.5 − 6 = −4.5 pp (a relative change would be −75 %)
    assert_some_close(rows[1].er_change, -4.5);
}

#[test]
fn periodize_er_change_uses_the_headline_aggregate() {
    let posts = [
        rl_on(1000, 10, 2025, 1, 1), // ER 1
        rl_on(1000, 20, 2025, 1, 2), // ER 2
        rl_on(1000, 90, 2025, 1, 3), // ER 9
        rl_on(1000, 40, 2025, 2, 1), // ER 4
    ];
    let rows = periodize(&refs(&posts), &cfg_with(Aggregate::Median), Period::Month);
    // January median of [1, 2, 9] = 2; February 4 → 4 − 2 = 2 pp
    assert_some_close(rows[1].er_change, 2.0);
    let rows = periodize(&refs(&posts), &cfg_with(Aggregate::Mean), Period::Month);
    // January mean (1 + 2 + 9) / 3 = 4; February 4 → 0 pp
    assert_some_close(rows[1].er_change, 0.0);
}

#[test]
fn periodize_fills_empty_months_in_between() {
    let posts = [rl_on(1000, 30, 2025, 1, 15), rl_on(1500, 30, 2025, 4, 15)];
    let rows = periodize(&refs(&posts), &cfg(), Period::Month);
    let labels: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    assert_eq!(labels, ["2025-01", "2025-02", "2025-03", "2025-04"]);
    for empty in &rows[1..3] {
        assert_eq!(empty.summary.posts, 0);
        assert_eq!(empty.summary.reach, None);
        assert_eq!(empty.summary.er, None);
    }
    assert_eq!(
        (rows[1].start, rows[1].end),
        (date(2025, 2, 1), date(2025, 2, 28))
    );
}

#[test]
fn growth_into_and_after_an_empty_period_is_none() {
    let posts = [rl_on(1000, 30, 2025, 1, 15), rl_on(1500, 30, 2025, 3, 15)];
    let rows = periodize(&refs(&posts), &cfg(), Period::Month);
    assert_eq!(rows.len(), 3);
    // the empty February against January: missing side → None
    assert_eq!(rows[1].reach_growth, None);
    assert_eq!(rows[1].reach_mean_growth, None);
    assert_eq!(rows[1].er_change, None);
    // March against the empty February: missing side → None, not against January
    assert_eq!(rows[2].reach_growth, None);
    assert_eq!(rows[2].reach_mean_growth, None);
    assert_eq!(rows[2].er_change, None);
}

#[test]
fn periodize_growth_from_zero_reach_is_none() {
    let posts = [
        Post {
            published_at: at(2025, 1, 10, 9, 0),
            reach: Some(0),
            likes: Some(0),
            ..Post::default()
        },
        rl_on(100, 1, 2025, 2, 10),
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Month);
    assert_eq!(rows[0].summary.reach, Some(0));
    // (100 − 0) / 0 → None
    assert_eq!(rows[1].reach_growth, None);
    assert_eq!(rows[1].reach_mean_growth, None);
    // January's ER is undefined (reach 0), so there is no change either
    assert_eq!(rows[1].er_change, None);
}

#[test]
fn periodize_weeks_across_the_year_boundary() {
    let posts = [
        rl_on(1000, 10, 2024, 12, 27), // Friday, 2024-W52
        rl_on(1000, 20, 2024, 12, 30), // Monday, 2025-W01
        rl_on(1000, 30, 2025, 1, 2),   // Thursday, 2025-W01
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Week);
    let labels: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    assert_eq!(labels, ["2024-W52", "2025-W01"]);
    assert_eq!(rows[1].start, date(2024, 12, 30));
    assert_eq!(rows[1].end, date(2025, 1, 5));
    assert_eq!(rows[0].summary.posts, 1);
    assert_eq!(rows[1].summary.posts, 2);
    // reach 1000 → 2000: (2000 − 1000) / 1000 × 100 = 100
    assert_some_close(rows[1].reach_growth, 100.0);
    // mean reach 1000 → 1000: 0
    assert_some_close(rows[1].reach_mean_growth, 0.0);
    // ER 1 → mean(2, 3) = 2.5: +1.5 pp
    assert_some_close(rows[1].er_change, 1.5);
}

#[test]
fn periodize_fills_empty_weeks_in_between() {
    let posts = [
        rl_on(1000, 10, 2025, 1, 6),  // Monday, 2025-W02
        rl_on(1000, 10, 2025, 1, 26), // Sunday, 2025-W04
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Week);
    let labels: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    assert_eq!(labels, ["2025-W02", "2025-W03", "2025-W04"]);
    assert_eq!(rows[1].start, date(2025, 1, 13));
    assert_eq!(rows[1].summary.posts, 0);
}

#[test]
fn periodize_fills_empty_quarters_in_between() {
    let posts = [
        rl_on(1000, 10, 2024, 11, 1), // 2024-Q4
        rl_on(1000, 10, 2025, 8, 1),  // 2025-Q3
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Quarter);
    let labels: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    assert_eq!(labels, ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]);
}

#[test]
fn periodize_days_split_at_midnight() {
    let posts = [
        Post {
            published_at: at(2025, 1, 1, 23, 59),
            ..rl(100, 1)
        },
        Post {
            published_at: at(2025, 1, 2, 0, 0),
            ..rl(300, 1)
        },
    ];
    let rows = periodize(&refs(&posts), &cfg(), Period::Day);
    let labels: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    assert_eq!(labels, ["2025-01-01", "2025-01-02"]);
    // (300 − 100) / 100 × 100 = 200
    assert_some_close(rows[1].reach_growth, 200.0);
}

// ---------------------------------------------------------------- hashtags

#[test]
fn hashtags_extracts_cyrillic_tags_lower_cased() {
    assert_eq!(
        hashtags("Скидки #Весна2025 и #РАСПРОДАЖА!"),
        vec!["#весна2025", "#распродажа"]
    );
}

#[test]
fn hashtags_lists_each_tag_once_in_order_of_first_appearance() {
    assert_eq!(
        hashtags("#SMM tips #marketing #smm #Smm #SMM"),
        vec!["#smm", "#marketing"]
    );
}

#[test]
fn hashtags_does_not_take_c_sharp_as_a_tag() {
    assert!(hashtags("Learning C# today").is_empty());
    assert_eq!(hashtags("C# and F# #dotnet"), vec!["#dotnet"]);
    // a '#' glued to a word is not a tag either
    assert!(hashtags("see page#section").is_empty());
}

#[test]
fn hashtags_does_not_take_a_number_as_a_tag() {
    assert!(hashtags("Order #123 shipped").is_empty());
    // digits with a letter are a tag
    assert_eq!(hashtags("#123 #2025год"), vec!["#2025год"]);
}

#[test]
fn hashtags_end_at_punctuation_and_keep_underscores() {
    assert_eq!(
        hashtags("(#smm_tips), #growth. #a-b"),
        vec!["#smm_tips", "#growth", "#a"]
    );
}

#[test]
fn hashtags_of_text_without_tags_are_empty() {
    assert!(hashtags("").is_empty());
    assert!(hashtags("no tags # here ##").is_empty());
    assert!(hashtags("it&#39;s").is_empty());
}

#[test]
fn hashtags_accept_the_fullwidth_number_sign() {
    assert_eq!(hashtags("新商品 ＃タグ"), vec!["#タグ"]);
}

#[test]
fn hashtags_keep_devanagari_tags_whole() {
    // letters and combining vowel signs / virama of Devanagari are all part of the tag
    assert_eq!(hashtags("नमस्ते #हिन्दी"), vec!["#हिन्दी"]);
}

#[test]
fn hashtags_of_other_scripts_digits_are_numbers_not_tags() {
    // Fullwidth and Arabic-Indic digits are digits: no tag, as `#123` is none.
    assert!(hashtags("#１２３ and #٣٤").is_empty());
    assert_eq!(hashtags("#１２a"), vec!["#１２a"]);
}

#[test]
fn hashtags_glued_to_an_underscore_or_an_entity_are_not_tags() {
    assert!(hashtags("snake_#case x&#tag").is_empty());
    assert_eq!(
        hashtags("#first, then_#no and #yes"),
        vec!["#first", "#yes"]
    );
}

#[test]
fn hashtags_drop_the_zero_width_joiner_but_keep_combining_accents() {
    // "te" ZWJ "st" → "test": the invisible joiner is not part of the tag
    assert_eq!(hashtags("#te\u{200d}st"), vec!["#test"]);
    // "cafe" + combining acute accent keeps its accent
    assert_eq!(hashtags("#Cafe\u{301}"), vec!["#cafe\u{301}"]);
}

// ---------------------------------------------------------------- hashtag table

/// Posts with ERs 3, 5 and 1 tagged #a #b / #a / #c.
fn tagged_posts() -> Vec<Post> {
    vec![
        Post {
            text: Some("#A and #b".into()),
            ..rl(1000, 30) // ER 30 / 1000 × 100 = 3
        },
        Post {
            text: Some("#a #a again".into()),
            ..rl(2000, 100) // ER 100 / 2000 × 100 = 5
        },
        Post {
            text: Some("#c".into()),
            ..rl(500, 5) // ER 5 / 500 × 100 = 1
        },
        Post {
            text: None,
            ..rl(100, 50) // no caption: in no tag
        },
    ]
}

#[test]
fn hashtag_table_reports_posts_reach_er_and_lift_per_tag() {
    let posts = tagged_posts();
    // overall mean ER of the three tagged posts: (3 + 5 + 1) / 3 = 3
    let rows = hashtag_table(&refs(&posts), &cfg(), Some(3.0));
    let tags: Vec<&str> = rows.iter().map(|r| r.tag.as_str()).collect();
    // #a has 2 posts; #b (ER 3) before #c (ER 1)
    assert_eq!(tags, ["#a", "#b", "#c"]);

    // #a: posts 1 and 2 (the repeated #a counts the post once)
    assert_eq!(rows[0].posts, 2);
    assert_some_close(rows[0].reach_mean, 1500.0); // (1000 + 2000) / 2
    assert_some_close(rows[0].er_mean, 4.0); // (3 + 5) / 2
    assert_some_close(rows[0].lift, 100.0 / 3.0); // (4 / 3 − 1) × 100 = 33.33

    assert_eq!(rows[1].posts, 1);
    assert_some_close(rows[1].reach_mean, 1000.0);
    assert_some_close(rows[1].er_mean, 3.0);
    assert_some_close(rows[1].lift, 0.0); // (3 / 3 − 1) × 100 = 0

    assert_eq!(rows[2].posts, 1);
    assert_some_close(rows[2].reach_mean, 500.0);
    assert_some_close(rows[2].er_mean, 1.0);
    assert_some_close(rows[2].lift, -200.0 / 3.0); // (1 / 3 − 1) × 100 = −66.67
}

#[test]
fn hashtag_lift_is_none_without_an_overall_er() {
    let posts = tagged_posts();
    let rows = hashtag_table(&refs(&posts), &cfg(), None);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.lift.is_none()));
}

#[test]
fn hashtag_lift_is_none_when_the_overall_er_is_zero() {
    let posts = tagged_posts();
    let rows = hashtag_table(&refs(&posts), &cfg(), Some(0.0));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.lift.is_none()));
}

#[test]
fn hashtag_er_and_lift_are_none_when_no_tagged_post_has_an_er() {
    let posts = [Post {
        text: Some("#zero".into()),
        ..rl(0, 10) // reach 0 → ER undefined
    }];
    let rows = hashtag_table(&refs(&posts), &cfg(), Some(3.0));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].posts, 1);
    assert_some_close(rows[0].reach_mean, 0.0);
    assert_eq!(rows[0].er_mean, None);
    assert_eq!(rows[0].lift, None);
}

#[test]
fn hashtag_table_breaks_ties_by_er_then_by_name() {
    let posts = [
        Post {
            text: Some("#zeta".into()),
            ..rl(1000, 20) // ER 2
        },
        Post {
            text: Some("#beta".into()),
            ..rl(1000, 20) // ER 2
        },
        Post {
            text: Some("#alpha".into()),
            ..rl(1000, 10) // ER 1
        },
        Post {
            text: Some("#none".into()),
            ..rl(0, 10) // ER undefined: after every defined ER
        },
    ];
    let rows = hashtag_table(&refs(&posts), &cfg(), None);
    let tags: Vec<&str> = rows.iter().map(|r| r.tag.as_str()).collect();
    assert_eq!(tags, ["#beta", "#zeta", "#alpha", "#none"]);
}

// ---------------------------------------------------------------- best time

#[test]
fn best_time_groups_by_weekday_and_hour_best_mean_er_first() {
    let posts = [
        // Monday 2025-01-06, 09:xx: ERs 3 and 5 → mean 4, 2 posts
        Post {
            published_at: at(2025, 1, 6, 9, 5),
            ..rl(1000, 30)
        },
        Post {
            published_at: at(2025, 1, 13, 9, 55), // the next Monday, same hour
            ..rl(1000, 50)
        },
        // Tuesday 2025-01-07, 18:00: ER 6, 1 post
        Post {
            published_at: at(2025, 1, 7, 18, 0),
            ..rl(1000, 60)
        },
    ];
    let slots = best_time(&refs(&posts), &cfg());
    assert_eq!(slots.len(), 2);

    assert_eq!(
        (slots[0].weekday, slots[0].day, slots[0].hour),
        (2, "Tue", 18)
    );
    assert_eq!(slots[0].posts, 1);
    assert_some_close(slots[0].er_mean, 6.0); // 60 / 1000 × 100
    assert!(slots[0].low_sample);

    assert_eq!(
        (slots[1].weekday, slots[1].day, slots[1].hour),
        (1, "Mon", 9)
    );
    assert_eq!(slots[1].posts, 2);
    assert_some_close(slots[1].er_mean, 4.0); // (3 + 5) / 2
    assert!(!slots[1].low_sample);
}

#[test]
fn best_time_flags_only_slots_with_fewer_than_two_posts() {
    let posts = [
        Post {
            published_at: at(2025, 1, 12, 20, 0), // Sunday 20:00
            ..rl(1000, 10)
        },
        Post {
            published_at: at(2025, 1, 10, 8, 0), // Friday 08:00
            ..rl(1000, 10)
        },
        Post {
            published_at: at(2025, 1, 10, 8, 30), // Friday 08:30
            ..rl(1000, 10)
        },
    ];
    let slots = best_time(&refs(&posts), &cfg());
    let sun = slots.iter().find(|s| s.weekday == 7).expect("Sunday slot");
    let fri = slots.iter().find(|s| s.weekday == 5).expect("Friday slot");
    assert_eq!((sun.day, sun.posts, sun.low_sample), ("Sun", 1, true));
    assert_eq!((fri.day, fri.posts, fri.low_sample), ("Fri", 2, false));
}

#[test]
fn best_time_puts_slots_without_er_last_and_skips_undated_posts() {
    let posts = [
        Post {
            published_at: at(2025, 1, 11, 10, 0), // Saturday 10:00, reach 0
            ..rl(0, 5)
        },
        Post {
            published_at: at(2025, 1, 11, 11, 0), // Saturday 11:00, ER 0.5
            ..rl(1000, 5)
        },
        rl(10, 10), // undated: ER 100 but in no slot
    ];
    let slots = best_time(&refs(&posts), &cfg());
    assert_eq!(slots.len(), 2);
    assert_eq!((slots[0].day, slots[0].hour), ("Sat", 11));
    assert_some_close(slots[0].er_mean, 0.5); // 5 / 1000 × 100
    assert_eq!((slots[1].day, slots[1].hour), ("Sat", 10));
    assert_eq!(slots[1].er_mean, None);
    assert_eq!(slots[1].posts, 1);
}

#[test]
fn best_time_breaks_er_ties_by_weekday_then_hour() {
    let posts = [
        Post {
            published_at: at(2025, 1, 8, 15, 0), // Wednesday 15:00, ER 2
            ..rl(1000, 20)
        },
        Post {
            published_at: at(2025, 1, 6, 15, 0), // Monday 15:00, ER 2
            ..rl(1000, 20)
        },
        Post {
            published_at: at(2025, 1, 6, 7, 0), // Monday 07:00, ER 2
            ..rl(1000, 20)
        },
    ];
    let slots = best_time(&refs(&posts), &cfg());
    let keys: Vec<(u32, u32)> = slots.iter().map(|s| (s.weekday, s.hour)).collect();
    assert_eq!(keys, [(1, 7), (1, 15), (3, 15)]);
}

#[test]
fn best_time_of_no_posts_is_empty() {
    assert!(best_time(&[], &cfg()).is_empty());
}

// ---------------------------------------------------------------- negative feedback

/// A post with reach and the given negative feedback parts.
fn with_negative(
    reach: Option<i64>,
    hide: Option<i64>,
    report: Option<i64>,
    unsubscribe: Option<i64>,
) -> Post {
    Post {
        reach,
        negative: Some(Box::new(Negative {
            hide,
            report,
            unsubscribe,
        })),
        ..Post::default()
    }
}

#[test]
fn negative_feedback_sums_hide_report_and_unsubscribe() {
    let p = with_negative(Some(1000), Some(3), Some(1), Some(2));
    assert_eq!(negative_feedback(&p), Some(6)); // 3 + 1 + 2
}

#[test]
fn negative_feedback_adds_only_the_parts_reported() {
    let p = with_negative(Some(1000), Some(4), None, Some(1));
    assert_eq!(negative_feedback(&p), Some(5)); // 4 + 1
}

#[test]
fn negative_feedback_is_none_when_no_part_is_reported() {
    assert_eq!(
        negative_feedback(&with_negative(Some(1000), None, None, None)),
        None
    );
    assert_eq!(negative_feedback(&rl(1000, 5)), None);
}

#[test]
fn negative_feedback_reported_as_zero_is_some_zero() {
    let p = with_negative(Some(1000), Some(0), Some(0), Some(0));
    assert_eq!(negative_feedback(&p), Some(0));
    assert_some_close(negative_rate(&p), 0.0);
}

#[test]
fn negative_rate_is_negative_feedback_over_reach() {
    let p = with_negative(Some(800), Some(3), Some(1), Some(2));
    assert_some_close(negative_rate(&p), 0.75); // 6 / 800 × 100
}

#[test]
fn negative_rate_is_none_when_reach_is_zero() {
    assert_eq!(
        negative_rate(&with_negative(Some(0), Some(3), None, None)),
        None
    );
}

#[test]
fn negative_rate_is_none_when_reach_is_not_reported() {
    assert_eq!(
        negative_rate(&with_negative(None, Some(3), None, None)),
        None
    );
}

#[test]
fn negative_rate_is_none_when_negative_feedback_is_not_reported() {
    assert_eq!(negative_rate(&rl(1000, 5)), None);
}

#[test]
fn summary_negative_feedback_sums_the_posts_reporting_it() {
    let posts = [
        with_negative(Some(1000), Some(3), Some(1), Some(2)), // 6
        with_negative(None, Some(4), None, None),             // 4, no reach
        rl(500, 10),                                          // none reported
    ];
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.negative_feedback, Some(10)); // 6 + 4
}

#[test]
fn summary_negative_rate_is_a_ratio_of_sums_over_posts_reporting_both() {
    let posts = [
        with_negative(Some(1000), Some(3), Some(1), Some(2)), // 6 / 1000
        with_negative(Some(500), Some(4), None, None),        // 4 / 500
        with_negative(None, Some(9), None, None),             // no reach: left out
        with_negative(Some(0), Some(7), None, None),          // zero reach: left out
        rl(2000, 10),                                         // no feedback: left out
    ];
    let s = summarize(&refs(&posts), &cfg());
    assert_some_close(s.negative_rate, 10.0 / 1500.0 * 100.0); // (6 + 4) / (1000 + 500)
}

#[test]
fn summary_negative_figures_are_none_when_no_post_reports_feedback() {
    let posts = three_posts();
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.negative_feedback, None);
    assert_eq!(s.negative_rate, None);
}

#[test]
fn summary_negative_rate_is_none_when_no_post_reporting_feedback_has_reach() {
    let posts = [with_negative(None, Some(3), None, None), rl(1000, 5)];
    let s = summarize(&refs(&posts), &cfg());
    assert_eq!(s.negative_feedback, Some(3));
    assert_eq!(s.negative_rate, None);
}

// ---------------------------------------------------------------- post facts

#[test]
fn post_facts_hold_each_count_of_the_post() {
    // Every count a distinct value (10 + its index), so a field read into
    // another's place shows.
    let mut p = Post::default();
    for c in Count::ALL {
        p.set_count(c, Some(10 + c as i64));
    }
    let f = accum::PostFacts::of(&p, &[Count::Likes, Count::Comments]);
    for c in Count::ALL {
        assert_eq!(f.count(c), Some(10 + c as i64), "{}", c.name());
    }
    // likes 14 + comments 15 = 29.
    assert_eq!(f.interactions, Some(29));

    // Each count missing in turn: only it reads as not reported.
    for missing in Count::ALL {
        let mut q = p.clone();
        q.set_count(missing, None);
        let f = accum::PostFacts::of(&q, &[Count::Likes]);
        for c in Count::ALL {
            let want = (c != missing).then_some(10 + c as i64);
            assert_eq!(
                f.count(c),
                want,
                "{} with {} missing",
                c.name(),
                missing.name()
            );
        }
    }
}

#[test]
fn post_facts_without_interactions_have_no_er() {
    // Reach 100 but none of the interaction fields: no interactions, so no ER
    // on any basis (not 0 %).
    let p = Post {
        reach: Some(100),
        views: Some(200),
        ..Post::default()
    };
    let f = accum::PostFacts::of(&p, &[Count::Likes, Count::Comments]);
    assert_eq!(f.interactions, None);
    assert_eq!(f.ers, [None, None, None]);

    // Likes 0 against reach 0: the division by zero gives no ER; against
    // views 200 it is 0 %.
    let q = Post {
        reach: Some(0),
        views: Some(200),
        likes: Some(0),
        ..Post::default()
    };
    let f = accum::PostFacts::of(&q, &[Count::Likes]);
    assert_eq!(f.ers[0], None);
    assert_eq!(f.ers[1], Some(0.0));
    assert_eq!(f.ers[2], None);
}
