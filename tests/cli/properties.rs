//! Properties that hold for every input, checked on generated posts and
//! generated export files (proptest) through the library: ER is never NaN
//! or infinite, and negative only where the interactions are a net loss;
//! `er_ratio` lies between the smallest and
//! largest per-post ER; summary sums are the sums of their parts; a file
//! split in two (overlapping or not) reads as the whole file; and every row
//! read is a post, a skip or a duplicate.

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use smmkpi::doc::report::{read_report, ReportDoc, ReportRequest};
use smmkpi::input::{self, dedupe, Dataset, ReadOptions};
use smmkpi::metrics::periodize;
use smmkpi::metrics::periods::Period;
use smmkpi::metrics::{self, Aggregate, Basis, MetricConfig, SetSummary};
use smmkpi::model::{Count, Post, Timestamp};

// ------------------------------------------------------------ strategies

/// A count as exports report it, edge values included: not reported, 0,
/// small, large, and the largest a count can be.
fn count() -> BoxedStrategy<Option<i64>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(0)),
        6 => (0i64..100_000).prop_map(Some),
        1 => (0i64..=i64::MAX).prop_map(Some),
        1 => Just(Some(i64::MAX)),
    ]
    .boxed()
}

/// A count small enough that no sum of a few hundred of them saturates.
fn modest_count() -> BoxedStrategy<Option<i64>> {
    prop_oneof![1 => Just(None), 5 => (0i64..1_000_000_000).prop_map(Some)].boxed()
}

/// A count of a period export: a net change, below 0 as often as not for
/// interactions (reach and followers are never below 0).
fn net_count() -> BoxedStrategy<Option<i64>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(0)),
        5 => (-1_000_000i64..1_000_000_000).prop_map(Some),
    ]
    .boxed()
}

fn published() -> impl Strategy<Value = Option<Timestamp>> {
    prop_oneof![
        1 => Just(None),
        6 => (0i64..3 * 365 * 24 * 60).prop_map(|minutes| {
            let start = NaiveDate::from_ymd_opt(2024, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("a valid start");
            Some(Timestamp::naive(start + chrono::Duration::minutes(minutes)))
        }),
    ]
}

fn post_with(c: BoxedStrategy<Option<i64>>) -> impl Strategy<Value = Post> {
    (published(), prop::collection::vec(c, Count::ALL.len())).prop_map(|(published_at, counts)| {
        let mut p = Post {
            published_at,
            ..Default::default()
        };
        for (c, v) in Count::ALL.into_iter().zip(counts) {
            // Reach and followers count people: never a net change below 0.
            let v = if c.may_be_negative() {
                v
            } else {
                v.map(i64::abs)
            };
            p.set_count(c, v);
        }
        p
    })
}

fn config() -> impl Strategy<Value = MetricConfig> {
    (
        prop::sample::select(vec![Basis::Reach, Basis::Views, Basis::Followers]),
        prop::sample::select(vec![Aggregate::Mean, Aggregate::Median, Aggregate::Ratio]),
        prop::sample::subsequence(
            Count::ALL
                .into_iter()
                .filter(|c| !matches!(c, Count::Reach | Count::Views | Count::Followers))
                .collect::<Vec<_>>(),
            1..=6,
        ),
    )
        .prop_map(|(basis, aggregate, interactions)| MetricConfig {
            interactions,
            aggregate,
            ..MetricConfig::new(basis)
        })
}

// ----------------------------------------------------------- properties

fn assert_rate(name: &str, v: Option<f64>) -> Result<(), TestCaseError> {
    if let Some(x) = v {
        prop_assert!(x.is_finite() && x >= 0.0, "{} = {}", name, x);
    }
    Ok(())
}

/// A rate of net changes: finite, whatever its sign.
fn assert_finite(name: &str, v: Option<f64>) -> Result<(), TestCaseError> {
    if let Some(x) = v {
        prop_assert!(x.is_finite(), "{} = {}", name, x);
    }
    Ok(())
}

fn assert_rates(s: &SetSummary) -> Result<(), TestCaseError> {
    assert_rate("er", s.er)?;
    assert_rate("er_mean", s.er_mean)?;
    assert_rate("er_median", s.er_median)?;
    assert_rate("er_ratio", s.er_ratio)?;
    assert_rate("ctr", s.ctr)?;
    assert_rate("reach_mean", s.reach_mean)
}

/// Σ of a field over the posts reporting it, as the summary states sums:
/// `None` when no post reports it, capped at the largest i64 (the values
/// are not negative).
fn expected_sum(values: impl Iterator<Item = Option<i64>>) -> Option<i64> {
    let mut total: Option<i128> = None;
    for v in values.flatten() {
        total = Some(total.unwrap_or(0) + i128::from(v));
    }
    total.map(|t| i64::try_from(t).unwrap_or(i64::MAX))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn er_is_never_negative_nan_or_infinite(
        posts in prop::collection::vec(post_with(count()), 0..20),
        cfg in config(),
    ) {
        for p in &posts {
            for basis in [Basis::Reach, Basis::Views, Basis::Followers] {
                assert_rate("per-post er", metrics::er(p, &cfg.interactions, basis))?;
            }
            assert_rate("per-post ctr", metrics::ctr(p))?;
        }
        let refs: Vec<&Post> = posts.iter().collect();
        assert_rates(&metrics::summarize(&refs, &cfg))?;
        for row in periodize(&refs, &cfg, Period::Week) {
            assert_rates(&row.summary)?;
            for g in [row.reach_growth, row.reach_mean_growth, row.er_change].into_iter().flatten() {
                prop_assert!(g.is_finite(), "growth {}", g);
            }
        }
    }

    #[test]
    fn er_of_net_changes_is_finite_and_has_the_sign_of_the_interactions(
        posts in prop::collection::vec(post_with(net_count()), 0..20),
        cfg in config(),
    ) {
        for p in &posts {
            let inter = metrics::interactions(p, &cfg.interactions);
            for basis in [Basis::Reach, Basis::Views, Basis::Followers] {
                let er = metrics::er(p, &cfg.interactions, basis);
                assert_finite("per-post er", er)?;
                if let (Some(e), Some(i)) = (er, inter) {
                    prop_assert_eq!(e < 0.0, i < 0, "er {} of interactions {}", e, i);
                }
                // A basis below 0 (views taken back) is no audience: no ER.
                if p.count(basis.count()).is_some_and(|b| b <= 0) {
                    prop_assert_eq!(er, None);
                }
            }
        }
        let refs: Vec<&Post> = posts.iter().collect();
        let s = metrics::summarize(&refs, &cfg);
        for (name, v) in [("er_mean", s.er_mean), ("er_median", s.er_median), ("er_ratio", s.er_ratio)] {
            assert_finite(name, v)?;
        }
        prop_assert_eq!(
            s.likes,
            posts.iter().any(|p| p.likes.is_some()).then(|| posts.iter().filter_map(|p| p.likes).sum::<i64>())
        );
    }

    #[test]
    fn er_ratio_lies_between_the_smallest_and_largest_post_er(
        posts in prop::collection::vec(
            prop_oneof![post_with(count()), post_with(net_count())],
            1..20,
        ),
        cfg in config(),
    ) {
        let refs: Vec<&Post> = posts.iter().collect();
        let ers = metrics::post_ers(&refs, &cfg);
        let s = metrics::summarize(&refs, &cfg);
        prop_assert_eq!(s.er_ratio.is_some(), !ers.is_empty());
        if let Some(ratio) = s.er_ratio {
            let lo = ers.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = ers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let slack = 1e-9 * hi.abs().max(1.0);
            prop_assert!(lo - slack <= ratio && ratio <= hi + slack, "{} not in [{}, {}]", ratio, lo, hi);
            let mean = s.er_mean.expect("a mean where there is a ratio");
            prop_assert!(lo - slack <= mean && mean <= hi + slack);
            let median = s.er_median.expect("a median where there is a ratio");
            prop_assert!(lo - slack <= median && median <= hi + slack);
        }
    }

    #[test]
    fn summary_sums_are_the_sums_of_posts_and_of_periods(
        posts in prop::collection::vec(post_with(count()), 0..30),
        cfg in config(),
        period in prop::sample::select(vec![Period::Day, Period::Week, Period::Month, Period::Quarter, Period::All]),
    ) {
        let refs: Vec<&Post> = posts.iter().collect();
        let s = metrics::summarize(&refs, &cfg);
        prop_assert_eq!(s.posts, posts.len() as u64);
        for (c, got) in [
            (Count::Reach, s.reach),
            (Count::Views, s.views),
            (Count::Likes, s.likes),
            (Count::Comments, s.comments),
            (Count::Reposts, s.reposts),
            (Count::Saves, s.saves),
            (Count::PollVotes, s.poll_votes),
            (Count::LinkClicks, s.link_clicks),
        ] {
            prop_assert_eq!(got, expected_sum(posts.iter().map(|p| p.count(c))), "{}", c.name());
        }
        prop_assert_eq!(
            s.interactions,
            expected_sum(posts.iter().map(|p| metrics::interactions(p, &cfg.interactions)))
        );

        // Periods hold every dated post once, and their sums add up to the dated posts'.
        let rows = periodize(&refs, &cfg, period);
        let dated: Vec<&Post> = posts.iter().filter(|p| p.published_at.is_some()).collect();
        prop_assert_eq!(rows.iter().map(|r| r.summary.posts).sum::<u64>(), dated.len() as u64);
        for c in [Count::Reach, Count::Likes, Count::LinkClicks] {
            let of_periods: i128 = rows
                .iter()
                .filter_map(|r| match c {
                    Count::Reach => r.summary.reach,
                    Count::Likes => r.summary.likes,
                    _ => r.summary.link_clicks,
                })
                .map(i128::from)
                .sum();
            let of_posts: i128 = dated.iter().filter_map(|p| p.count(c)).map(i128::from).sum();
            // Each period's sum is capped at i64::MAX on its own.
            if rows.iter().all(|r| r.summary.reach != Some(i64::MAX) && r.summary.likes != Some(i64::MAX) && r.summary.link_clicks != Some(i64::MAX)) {
                prop_assert_eq!(of_periods, of_posts, "{}", c.name());
            }
        }
    }

    #[test]
    fn summary_sums_of_modest_counts_are_exact(
        posts in prop::collection::vec(post_with(modest_count()), 0..60),
    ) {
        let refs: Vec<&Post> = posts.iter().collect();
        let s = metrics::summarize(&refs, &MetricConfig::new(Basis::Reach));
        let likes: i64 = posts.iter().filter_map(|p| p.likes).sum();
        prop_assert_eq!(s.likes, posts.iter().any(|p| p.likes.is_some()).then_some(likes));
    }
}

// ------------------------------------------------- generated export files

/// One data row of a generated export: what each column holds.
#[derive(Debug, Clone)]
struct Row {
    date: String,
    reach: String,
    likes: String,
    comments: String,
    text: String,
}

fn count_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0u64..50_000).prop_map(|n| n.to_string()),
        1 => (1_000u64..9_999_999).prop_map(|n| {
            // Thousands grouped with a space, as Russian Excel writes them.
            let s = n.to_string();
            let mut out = String::new();
            for (i, ch) in s.chars().enumerate() {
                if i > 0 && (s.len() - i) % 3 == 0 {
                    out.push(' ');
                }
                out.push(ch);
            }
            out
        }),
        1 => Just(String::new()),
        1 => Just("N/A".to_string()),
        1 => Just("-4".to_string()),
        1 => Just("12.5".to_string()),
        1 => Just("abc".to_string()),
        1 => Just("99999999999999999999999".to_string()),
    ]
}

fn date_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0i64..2 * 365 * 24).prop_map(|h| {
            let start = NaiveDate::from_ymd_opt(2024, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("a valid start");
            let t: NaiveDateTime = start + chrono::Duration::hours(h);
            t.format("%Y-%m-%d %H:%M").to_string()
        }),
        1 => Just(String::new()),
        1 => Just("not a date".to_string()),
    ]
}

fn text_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        3 => "[a-zа-я #,;\"\n]{0,40}",
        1 => Just("Total".to_string()),
    ]
}

fn row() -> impl Strategy<Value = Row> {
    (
        date_cell(),
        count_cell(),
        count_cell(),
        count_cell(),
        text_cell(),
    )
        .prop_map(|(date, reach, likes, comments, text)| Row {
            date,
            reach,
            likes,
            comments,
            text,
        })
}

/// The text of an export holding `rows` (ids numbered by position, so a
/// row keeps its id in whichever file it lands), `with_ids` or without.
fn export(rows: &[(usize, Row)], delimiter: u8, with_ids: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let mut header = vec!["Дата", "Охват", "Лайки", "Комментарии", "Текст"];
    if with_ids {
        header.insert(0, "ID поста");
    }
    w.write_record(&header).expect("header written");
    for (i, r) in rows {
        let mut cells = vec![
            r.date.clone(),
            r.reach.clone(),
            r.likes.clone(),
            r.comments.clone(),
            r.text.clone(),
        ];
        if with_ids {
            cells.insert(0, format!("p{i}"));
        }
        w.write_record(&cells).expect("row written");
    }
    w.into_inner().expect("a finished buffer")
}

fn options() -> ReadOptions {
    ReadOptions {
        today: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a valid date"),
        ..ReadOptions::default()
    }
}

fn read(files: &[Vec<u8>]) -> Result<Dataset, input::InputError> {
    let mut ds = Dataset::default();
    for (i, bytes) in files.iter().enumerate() {
        let mut posts: Vec<smmkpi::model::Post> = Vec::new();
        input::read_one(
            &mut ds,
            i,
            &format!("part{i}.csv"),
            bytes,
            &options(),
            &mut posts,
        )?;
        ds.posts.extend(posts);
    }
    Ok(ds)
}

/// The report of files holding `files`, through the pipeline `smmkpi
/// report` takes (posts a second file also holds counted once).
fn report_of(files: &[Vec<u8>]) -> Result<ReportDoc, input::InputError> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let paths: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let p = dir.path().join(format!("part{i}.csv"));
            std::fs::write(&p, bytes).expect("the file is written");
            p.to_string_lossy().into_owned()
        })
        .collect();
    let mut req = ReportRequest::new(options());
    req.options.top = 3;
    read_report(&paths, &req).map(|run| run.doc)
}

fn same_summary(a: &SetSummary, b: &SetSummary) -> Result<(), TestCaseError> {
    let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        (x, y) => x == y,
    };
    prop_assert_eq!(
        (
            a.posts,
            a.reach,
            a.views,
            a.likes,
            a.comments,
            a.interactions
        ),
        (
            b.posts,
            b.reach,
            b.views,
            b.likes,
            b.comments,
            b.interactions
        )
    );
    for (name, x, y) in [
        ("er_mean", a.er_mean, b.er_mean),
        ("er_median", a.er_median, b.er_median),
        ("er_ratio", a.er_ratio, b.er_ratio),
        ("reach_mean", a.reach_mean, b.reach_mean),
    ] {
        prop_assert!(close(x, y), "{}: {:?} vs {:?}", name, x, y);
    }
    Ok(())
}

/// rows_read = posts + skipped + duplicates (+ days of daily series and
/// web-analytics rows), per file and for the run.
fn assert_accounted(ds: &Dataset) -> Result<(), TestCaseError> {
    for (i, f) in ds.files.iter().enumerate() {
        prop_assert_eq!(f.rows_read, f.rows_accounted(), "file {}", i);
        prop_assert_eq!(
            f.posts,
            ds.posts.iter().filter(|p| p.file == i).count() as u64
        );
    }
    let other: u64 = ds
        .files
        .iter()
        .map(|f| f.series_rows.unwrap_or(0) + f.web_rows.unwrap_or(0) + f.ad_rows.unwrap_or(0))
        .sum();
    prop_assert_eq!(
        ds.rows_read(),
        ds.posts.len() as u64 + ds.skipped.len() as u64 + ds.duplicates.len() as u64 + other
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_file_split_in_two_reads_as_the_whole_file(
        rows in prop::collection::vec(row(), 1..40),
        cut in any::<prop::sample::Index>(),
        delimiter in prop::sample::select(vec![b',', b';', b'\t']),
    ) {
        let rows: Vec<(usize, Row)> = rows.into_iter().enumerate().collect();
        let k = cut.index(rows.len() + 1);
        let whole = read(&[export(&rows, delimiter, false)]).expect("the whole file reads");
        let parts = read(&[
            export(&rows[..k], delimiter, false),
            export(&rows[k..], delimiter, false),
        ])
        .expect("both parts read");
        assert_accounted(&whole)?;
        assert_accounted(&parts)?;
        prop_assert_eq!(parts.rows_read(), whole.rows_read());
        prop_assert_eq!(parts.skipped.len(), whole.skipped.len());
        let halves = [export(&rows[..k], delimiter, false), export(&rows[k..], delimiter, false)];
        let whole_report = report_of(&[export(&rows, delimiter, false)]).expect("the whole file reads");
        same_summary(&report_of(&halves).expect("both parts read").summary, &whole_report.summary)?;
    }

    #[test]
    fn overlapping_parts_read_as_the_whole_file_once_duplicates_are_dropped(
        rows in prop::collection::vec(row(), 1..40),
        cut in any::<prop::sample::Index>(),
        overlap in 0usize..10,
    ) {
        let rows: Vec<(usize, Row)> = rows.into_iter().enumerate().collect();
        let k = cut.index(rows.len() + 1);
        let from = k.saturating_sub(overlap);
        let whole = read(&[export(&rows, b',', true)]).expect("the whole file reads");
        let mut parts = read(&[
            export(&rows[..k], b',', true),
            export(&rows[from..], b',', true),
        ])
        .expect("both parts read");
        // The first part's posts that the second part holds too (ids are `p<row>`).
        let overlapping_posts = parts
            .posts
            .iter()
            .filter(|p| p.file == 0)
            .filter_map(|p| p.id.as_deref()?.strip_prefix('p')?.parse::<usize>().ok())
            .filter(|&row| row >= from)
            .count();
        let removed = dedupe::dedupe(&mut parts);
        prop_assert_eq!(removed, overlapping_posts);
        assert_accounted(&parts)?;
        assert_accounted(&whole)?;
        let both = report_of(&[export(&rows[..k], b',', true), export(&rows[from..], b',', true)])
            .expect("both parts read");
        prop_assert_eq!(both.input.duplicates, overlapping_posts as u64);
        let whole_report = report_of(&[export(&rows, b',', true)]).expect("the whole file reads");
        same_summary(&both.summary, &whole_report.summary)?;
    }

    #[test]
    fn every_row_of_any_text_is_a_post_or_a_skip(
        text in "([a-zA-Zа-я0-9 ,;\t\"#.:/-]{0,30}\r?\n){0,12}",
        header in prop::sample::subsequence(
            vec!["id", "date", "reach", "views", "likes", "comments", "Итого", "text"],
            0..=8,
        ),
    ) {
        let file = format!("{}\n{}", header.join(","), text);
        let twice = [file.clone().into_bytes(), file.into_bytes()];
        if let Ok(mut ds) = read(&twice) {
            assert_accounted(&ds)?;
            dedupe::dedupe(&mut ds);
            assert_accounted(&ds)?;
            let r = report_of(&twice).expect("what reads alone reads in a report");
            prop_assert_eq!(
                r.input.rows_read,
                r.input.posts
                    + r.input.filtered_out
                    + r.input.skipped.len() as u64
                    + r.input.duplicates
                    + r.input.series_rows
                    + r.input.web_rows
                    + r.input.ad_rows
            );
        }
    }

    #[test]
    fn every_row_of_any_bytes_is_a_post_or_a_skip(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        if let Ok(ds) = read(&[bytes]) {
            assert_accounted(&ds)?;
        }
    }
}
