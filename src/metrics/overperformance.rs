//! A post against its own account (docs/metrics.md#overperformance): its
//! interactions over the median interactions of the account's previous
//! posts of the same type. The posts must come in publish order, so the
//! figure is made once every post is in hand and sorted, never per part of
//! a file read in parts.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use super::rate::median_in_place;

/// How many previous posts of the account a post is set against.
pub const WINDOW: usize = 20;

/// Each post's interactions / the median interactions of the previous
/// [`WINDOW`] posts of its group that report interactions, as a ratio (2.0
/// = twice the account's usual). `posts` come in publish order, each with
/// its group (account and type; `None` for a post that has no place in the
/// order, an undated one) and its interactions. A post's figure is `None`
/// when it has no group or no interactions, when no earlier post of its
/// group reports interactions, or when their median is not above 0.
pub fn overperformance<K, I>(posts: I) -> Vec<Option<f64>>
where
    K: Eq + Hash,
    I: IntoIterator<Item = (Option<K>, Option<i64>)>,
{
    let mut w = Windows::default();
    posts
        .into_iter()
        .map(|(key, inter)| w.next(key, inter))
        .collect()
}

/// [`overperformance`] one post at a time, for posts that are not held: the
/// last [`WINDOW`] interactions of each group.
#[derive(Debug)]
pub struct Windows<K> {
    windows: HashMap<K, VecDeque<i64>>,
    scratch: Vec<f64>,
}

impl<K> Default for Windows<K> {
    fn default() -> Self {
        Windows {
            windows: HashMap::new(),
            scratch: Vec::with_capacity(WINDOW),
        }
    }
}

impl<K: Eq + Hash> Windows<K> {
    /// The next post's figure (posts in publish order), as [`overperformance`] gives it.
    pub fn next(&mut self, key: Option<K>, inter: Option<i64>) -> Option<f64> {
        let window = self.windows.entry(key?).or_default();
        self.scratch.clear();
        self.scratch.extend(window.iter().map(|v| *v as f64));
        let usual = median_in_place(&mut self.scratch).filter(|m| *m > 0.0);
        let i = inter?;
        window.push_back(i);
        if window.len() > WINDOW {
            window.pop_front();
        }
        Some(i as f64 / usual?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    fn close(v: Option<f64>, want: f64) {
        let v = v.unwrap_or_else(|| panic!("a figure, {want} expected"));
        assert!((v - want).abs() < EPS, "{v} != {want}");
    }

    #[test]
    fn each_post_is_set_against_the_median_of_the_posts_before_it() {
        let got = overperformance([
            (Some("a"), Some(10)),
            (Some("a"), Some(30)),
            (Some("a"), Some(20)),
            (Some("a"), Some(40)),
        ]);
        // First: nothing before it. 30 / 10 = 3. 20 / median(10, 30) = 20 / 20
        // = 1. 40 / median(10, 30, 20) = 40 / 20 = 2.
        assert_eq!(got[0], None);
        close(got[1], 3.0);
        close(got[2], 1.0);
        close(got[3], 2.0);
    }

    #[test]
    fn accounts_and_types_keep_windows_of_their_own() {
        let got = overperformance([
            (Some(("a", "reel")), Some(100)),
            (Some(("b", "reel")), Some(5)),
            (Some(("a", "photo")), Some(10)),
            (Some(("a", "reel")), Some(50)),
            (Some(("b", "reel")), Some(20)),
            (Some(("a", "photo")), Some(30)),
        ]);
        // a/reel: 50 / 100 = 0.5; b/reel: 20 / 5 = 4; a/photo: 30 / 10 = 3.
        assert_eq!(&got[..3], &[None, None, None]);
        close(got[3], 0.5);
        close(got[4], 4.0);
        close(got[5], 3.0);
    }

    #[test]
    fn the_window_holds_the_last_twenty_posts() {
        // Twenty posts of 1, then twenty of 3, then one of 6: the window of the
        // last one is the twenty 3s, median 3, so 6 / 3 = 2. Had it kept the
        // 1s too, the median of 40 values would be (1 + 3) / 2 = 2 and the
        // figure 3.
        let mut posts: Vec<(Option<u8>, Option<i64>)> = Vec::new();
        posts.extend((0..20).map(|_| (Some(0), Some(1))));
        posts.extend((0..20).map(|_| (Some(0), Some(3))));
        posts.push((Some(0), Some(6)));
        let got = overperformance(posts);
        close(got[40], 2.0);
        // The 21st post (the first 3) is set against twenty 1s: 3 / 1.
        close(got[20], 3.0);
        // The 40th (the last 3) against one 1 and nineteen 3s: median 3.
        close(got[39], 1.0);
        // The twentieth post back still counts: before the last post come
        // 100, ten 1s and nine 10s; sorted, the middle two of the twenty are
        // 1 and 10, median 5.5, and 11 / 5.5 = 2. Without the 100 the median
        // of the nineteen would be 1.
        let mut posts: Vec<(Option<u8>, Option<i64>)> = vec![(Some(0), Some(100))];
        posts.extend((0..10).map(|_| (Some(0), Some(1))));
        posts.extend((0..9).map(|_| (Some(0), Some(10))));
        posts.push((Some(0), Some(11)));
        close(overperformance(posts)[20], 2.0);
    }

    #[test]
    fn posts_without_interactions_neither_get_a_figure_nor_enter_the_window() {
        let got = overperformance([(Some(0), Some(10)), (Some(0), None), (Some(0), Some(40))]);
        // The middle post has none; the last is against 10 alone: 4.
        assert_eq!(got[1], None);
        close(got[2], 4.0);
    }

    #[test]
    fn undated_posts_are_in_no_window() {
        let got = overperformance([(Some(0), Some(10)), (None, Some(1000)), (Some(0), Some(20))]);
        assert_eq!(got[1], None);
        // 20 / 10: the undated 1,000 is not before it.
        close(got[2], 2.0);
    }

    #[test]
    fn a_median_of_zero_or_below_gives_none() {
        let got = overperformance([
            (Some(0), Some(0)),
            (Some(0), Some(5)),
            (Some(1), Some(-4)),
            (Some(1), Some(7)),
        ]);
        // Median 0 (group 0) and −4 (group 1, a net loss): no figure.
        assert_eq!(got, vec![None, None, None, None]);
        // A post's own net loss against a positive median is below 0: −6 / 3.
        let got = overperformance([(Some(0), Some(3)), (Some(0), Some(-6))]);
        close(got[1], -2.0);
    }
}
