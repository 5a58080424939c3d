//! Posts that several input files hold more than once. Exports overlap: the
//! January export and one for January 15 – February 15 both list the posts of
//! the second half of January, and adding both up would count them twice.
//! After reading, a post found in several files is counted once.
//!
//! Two posts are the same post when their platform, account, id and publish
//! time agree (a post without an id is never merged). The publish time is
//! part of the key because the id column of a hand-kept file is sometimes a
//! link that several posts share, while two exports of one post agree on
//! when it was published.
//!
//! Within one file, a repeated key is left alone (both rows are counted) and
//! noted: an export does not list one post twice, so two rows there are more
//! likely two posts under a shared link than one post counted twice.
//!
//! Of the copies in different files, the one with the most reported figures
//! wins, then the one with the larger figures: a later export of a post has
//! had more time to collect reach and interactions, and its counts only
//! grow. On a full tie the file named last wins.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::dataset::Dataset;
use crate::model::{Count, Duplicate, Post};

type Key = (String, String, String, Option<(NaiveDateTime, Option<i32>)>);

fn key(p: &Post) -> Option<Key> {
    let id = p.id.as_deref()?.trim();
    if id.is_empty() {
        return None;
    }
    let fold = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_lowercase();
    Some((
        fold(&p.platform),
        fold(&p.account),
        id.to_string(),
        p.published_at
            .map(|t| (t.local, t.offset.map(|o| o.local_minus_utc()))),
    ))
}

/// How complete a copy is: reported figures first, then their size, then
/// the later file.
fn rank(p: &Post) -> (usize, i128, usize) {
    let reported = Count::ALL.iter().filter_map(|&c| p.count(c));
    (
        reported.clone().count(),
        reported.map(i128::from).sum(),
        p.file,
    )
}

fn path(ds: &Dataset, file: usize) -> String {
    ds.files
        .get(file)
        .map(|f| f.path.clone())
        .unwrap_or_default()
}

/// Removes from `ds.posts` the copies of posts another file also holds,
/// records them in `ds.duplicates` (and in the count of each file), and
/// notes repeated ids within a file. Returns how many copies were removed.
pub fn dedupe(ds: &mut Dataset) -> usize {
    let mut groups: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, p) in ds.posts.iter().enumerate() {
        if let Some(k) = key(p) {
            groups.entry(k).or_default().push(i);
        }
    }
    let mut drop = vec![false; ds.posts.len()];
    let mut found: Vec<(usize, Duplicate)> = Vec::new();
    let mut repeated: Vec<Vec<usize>> = Vec::new();
    for members in groups.into_values() {
        if members.len() < 2 {
            continue;
        }
        let Some(&best) = members.iter().max_by_key(|&&i| rank(&ds.posts[i])) else {
            continue;
        };
        let winner = &ds.posts[best];
        for &i in &members {
            let p = &ds.posts[i];
            if p.file != winner.file {
                drop[i] = true;
                found.push((
                    i,
                    Duplicate {
                        id: p.id.clone().unwrap_or_default(),
                        file: path(ds, p.file),
                        line: p.line,
                        kept_file: path(ds, winner.file),
                        kept_line: winner.line,
                    },
                ));
            }
        }
        let kept: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| ds.posts[i].file == winner.file)
            .collect();
        if kept.len() > 1 {
            repeated.push(kept);
        }
    }
    // Input order, so notes and JSON read the same on every run.
    found.sort_by_key(|(i, _)| *i);
    repeated.sort();
    for group in repeated {
        let first = &ds.posts[group[0]];
        let lines: Vec<String> = group
            .iter()
            .map(|&i| ds.posts[i].line.to_string())
            .collect();
        let note = format!(
            "post id '{}' is on {} rows (lines {}): each is counted, as one export does not list a post twice",
            first.id.as_deref().unwrap_or(""),
            group.len(),
            lines.join(", ")
        );
        if let Some(f) = ds.files.get_mut(first.file) {
            f.notes.push(note);
        }
    }
    for (i, _) in &found {
        if let Some(f) = ds.files.get_mut(ds.posts[*i].file) {
            f.posts -= 1;
            f.duplicates += 1;
        }
    }
    let removed = found.len();
    ds.duplicates
        .extend(found.into_iter().map(|(_, duplicate)| duplicate));
    let mut keep = drop.iter().map(|d| !d);
    ds.posts.retain(|_| keep.next().unwrap_or(true));
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileReport;
    use crate::model::Timestamp;

    fn at(day: u32) -> Option<Timestamp> {
        chrono::NaiveDate::from_ymd_opt(2025, 1, day)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .map(Timestamp::naive)
    }

    fn post(file: usize, line: u64, id: Option<&str>, day: u32, likes: Option<i64>) -> Post {
        Post {
            file,
            line,
            id: id.map(str::to_string),
            published_at: at(day),
            reach: Some(100),
            likes,
            ..Default::default()
        }
    }

    /// (file, line) of the posts left after [`dedupe`].
    fn kept(ds: &Dataset) -> Vec<(usize, u64)> {
        ds.posts.iter().map(|p| (p.file, p.line)).collect()
    }

    fn dataset(posts: Vec<Post>, files: usize) -> Dataset {
        let mut ds = Dataset {
            posts,
            ..Default::default()
        };
        for f in 0..files {
            let n = ds.posts.iter().filter(|p| p.file == f).count() as u64;
            ds.files.push(FileReport {
                path: format!("f{f}.csv"),
                rows_read: n,
                posts: n,
                ..Default::default()
            });
        }
        ds
    }

    #[test]
    fn a_post_in_two_files_is_counted_once_keeping_the_fuller_copy() {
        let mut ds = dataset(
            vec![
                post(0, 2, Some("a"), 1, Some(5)),
                post(0, 3, Some("b"), 2, None),
                post(1, 2, Some("b"), 2, Some(7)),
                post(1, 3, Some("c"), 3, Some(1)),
            ],
            2,
        );
        assert_eq!(dedupe(&mut ds), 1);
        assert_eq!(kept(&ds), vec![(0, 2), (1, 2), (1, 3)]);
        assert_eq!(
            ds.duplicates,
            vec![Duplicate {
                id: "b".into(),
                file: "f0.csv".into(),
                line: 3,
                kept_file: "f1.csv".into(),
                kept_line: 2,
            }]
        );
        assert_eq!((ds.files[0].posts, ds.files[0].duplicates), (1, 1));
        assert_eq!((ds.files[1].posts, ds.files[1].duplicates), (2, 0));
    }

    #[test]
    fn on_equal_figures_the_larger_counts_then_the_later_file_win() {
        let mut ds = dataset(
            vec![
                post(0, 2, Some("a"), 1, Some(9)),
                post(1, 2, Some("a"), 1, Some(5)),
                post(0, 3, Some("b"), 2, Some(5)),
                post(1, 3, Some("b"), 2, Some(5)),
            ],
            2,
        );
        dedupe(&mut ds);
        assert_eq!(kept(&ds), vec![(0, 2), (1, 3)]);
    }

    #[test]
    fn posts_without_id_or_with_other_publish_times_are_never_merged() {
        let mut ds = dataset(
            vec![
                post(0, 2, None, 1, Some(5)),
                post(1, 2, None, 1, Some(5)),
                post(0, 3, Some("link"), 1, Some(5)),
                post(1, 3, Some("link"), 2, Some(5)),
            ],
            2,
        );
        assert_eq!(dedupe(&mut ds), 0);
        assert_eq!(ds.posts.len(), 4);
        assert!(ds.duplicates.is_empty());
    }

    #[test]
    fn the_same_id_on_other_platforms_or_accounts_is_another_post() {
        let mut a = post(0, 2, Some("7"), 1, Some(5));
        a.account = Some("Channel A".into());
        let mut b = post(1, 2, Some("7"), 1, Some(5));
        b.account = Some("Channel B".into());
        let mut c = post(1, 3, Some("7"), 1, Some(5));
        c.account = Some("channel a ".into());
        c.platform = Some("telegram".into());
        let mut ds = dataset(vec![a, b, c], 2);
        assert_eq!(dedupe(&mut ds), 0);
    }

    #[test]
    fn an_id_repeated_within_one_file_is_kept_and_noted() {
        let mut ds = dataset(
            vec![
                post(0, 2, Some("a"), 1, Some(5)),
                post(0, 5, Some("a"), 1, Some(6)),
            ],
            1,
        );
        assert_eq!(dedupe(&mut ds), 0);
        assert_eq!(ds.posts.len(), 2);
        assert_eq!(ds.files[0].notes.len(), 1);
        assert!(
            ds.files[0].notes[0].contains("lines 2, 5"),
            "{:?}",
            ds.files[0].notes
        );
    }

    #[test]
    fn repeated_rows_of_the_winning_file_stay_and_the_other_file_goes() {
        // The same export read twice: every post with an id is once too many.
        let mut ds = dataset(
            vec![
                post(0, 2, Some("a"), 1, Some(5)),
                post(0, 3, Some("a"), 1, Some(5)),
                post(0, 4, None, 1, Some(5)),
                post(1, 2, Some("a"), 1, Some(5)),
                post(1, 3, Some("a"), 1, Some(5)),
                post(1, 4, None, 1, Some(5)),
            ],
            2,
        );
        assert_eq!(dedupe(&mut ds), 2);
        assert_eq!(kept(&ds), vec![(0, 4), (1, 2), (1, 3), (1, 4)]);
    }
}
