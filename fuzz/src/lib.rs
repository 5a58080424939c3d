//! What every fuzz target checks, in one place, so that a target is a few
//! lines: feed the input to one reader, then call [`read_and_report`] or
//! [`check_dataset`]. Beyond "no panic", these assert the promises of the
//! product: every row is used or reported, no figure is NaN, infinite or
//! negative, and what `report` prints can be rendered.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use smmkpi::doc::report::{read_report, ReportDoc, ReportRequest, ReportRun};
use smmkpi::input::{self, Dataset, InputError, ReadOptions};
use smmkpi::metrics::periods::Period;
use smmkpi::metrics::{self, BasisChoice, SetSummary};
use smmkpi::output::table::TableRenderer;
use smmkpi::output::{markdown::Markdown, view, Json, Lang, Render};

/// The options every target reads with: a fixed "today", so year inference
/// is deterministic.
pub fn options() -> ReadOptions {
    ReadOptions {
        today: NaiveDate::from_ymd_opt(2025, 6, 15).expect("a valid date"),
        ..ReadOptions::default()
    }
}

/// Reads `bytes` as one input file the way `smmkpi report` does (the reader
/// is picked by sniffing, so new readers dispatched from `read_one` are
/// covered as they land), then builds and renders the report.
pub fn read_and_report(bytes: &[u8]) {
    let opts = options();
    let mut ds = Dataset::default();
    if input::read_bytes(&mut ds, 0, "fuzz-input", bytes, &opts).is_err() {
        // A file that fails contributes nothing: no half-read posts or skips.
        assert!(ds.posts.is_empty() && ds.skipped.is_empty() && ds.files.is_empty());
        return;
    }
    check_dataset(&ds);
    // `report` refuses what needs another file to mean anything (a VK
    // reach file without its wall).
    let reportable = input::finish(&mut ds.clone()).reach_without_posts.is_none();
    if !reportable {
        return;
    }
    check_read_twice(bytes, &ds);
    // One period per input (chosen by its length) keeps every input fast
    // while the corpus as a whole covers them all.
    let read = build_and_render(
        &[("fuzz-input", bytes)],
        period_of(bytes.len()),
        bytes.len().is_multiple_of(4),
    );
    assert!(read, "a file that reads alone reads in a report");
}

/// The report of files with these names and bytes, through the pipeline
/// `smmkpi report` takes (the files are written to a directory of their
/// own, which is removed after).
pub fn report_of(files: &[(&str, &[u8])], req: &ReportRequest) -> Result<ReportRun, InputError> {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "smmkpi-fuzz-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let paths: Vec<String> = files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).expect("the file is written");
            p.to_string_lossy().into_owned()
        })
        .collect();
    let run = read_report(&paths, req);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// The period an input's `n` picks, so that the corpus covers them all.
pub fn period_of(n: usize) -> Period {
    const PERIODS: [Period; 5] = [
        Period::Month,
        Period::Day,
        Period::Week,
        Period::Quarter,
        Period::All,
    ];
    PERIODS[n % PERIODS.len()]
}

/// Every row of every file is a post or a listed skip, and the per-file
/// counts agree with the lists.
pub fn check_dataset(ds: &Dataset) {
    for (i, f) in ds.files.iter().enumerate() {
        let posts = ds.posts.iter().filter(|p| p.file == i).count() as u64;
        let skipped = ds.skipped.iter().filter(|s| s.file == f.path).count() as u64;
        assert_eq!(f.posts, posts, "file {i}: posts counted vs listed");
        assert_eq!(f.skipped, skipped, "file {i}: skips counted vs listed");
        assert_eq!(
            f.rows_read,
            f.rows_accounted(),
            "file {i}: rows_read = posts + skipped + duplicates + series_rows + web_rows + ad_rows"
        );
    }
    for p in &ds.posts {
        if let Some(t) = p.published_at {
            let _ = t.to_iso();
        }
    }
}

/// The same file given twice: after [`dedupe`](input::dedupe::dedupe) every
/// post with an id is there once, and only the posts without one twice.
fn check_read_twice(bytes: &[u8], once: &Dataset) {
    let opts = options();
    let mut twice = Dataset::default();
    for (i, name) in ["first", "second"].into_iter().enumerate() {
        input::read_bytes(&mut twice, i, name, bytes, &opts).expect("read once, read again");
    }
    let removed = input::dedupe::dedupe(&mut twice) as u64;
    check_dataset(&twice);
    let without_id = once
        .posts
        .iter()
        .filter(|p| p.id.as_deref().is_none_or(|id| id.trim().is_empty()))
        .count();
    assert_eq!(
        twice.posts.len(),
        once.posts.len() + without_id,
        "posts after dedupe"
    );
    assert_eq!(removed, twice.duplicates.len() as u64);
    let mut req = ReportRequest::new(options());
    req.settings.basis = BasisChoice::Fixed(metrics::Basis::Reach);
    req.options.period = Period::All;
    req.options.top = 0;
    let run = report_of(&[("first", bytes), ("second", bytes)], &req)
        .expect("a file that reads once reads twice");
    assert_eq!(
        run.doc.input.posts,
        twice.posts.len() as u64,
        "posts counted once"
    );
    assert_eq!(run.doc.input.duplicates, removed, "copies left out");
    check_report(&run.doc);
}

/// Builds the report of these files (name, bytes) as `smmkpi report` does
/// and renders it as JSON and, with `human`, as a table and Markdown
/// (slower, so not for every input), checking the figures on the way.
/// False when the run does not read (a file `report` would refuse).
pub fn build_and_render(files: &[(&str, &[u8])], period: Period, human: bool) -> bool {
    let mut req = ReportRequest::new(options());
    req.settings.aggregate = metrics::Aggregate::Median;
    req.options.period = period;
    req.options.top = 5;
    let Ok(run) = report_of(files, &req) else {
        return false;
    };
    let rep = run.doc;
    check_report(&rep);
    Json.render(&rep).expect("the report serialises");
    if human {
        let doc = view::report::doc(&rep, Lang::Ru, 5);
        TableRenderer { width: Some(80) }
            .render(&doc)
            .expect("the table renders");
        Markdown.render(&doc).expect("the Markdown renders");
    }
    true
}

fn check_rate(name: &str, v: Option<f64>) {
    if let Some(x) = v {
        assert!(x.is_finite() && x >= 0.0, "{name} = {x}");
    }
}

/// A rate whose numerator may be a net change below 0 (ER, CTR of a period
/// export): finite, whatever its sign.
fn check_net_rate(name: &str, v: Option<f64>) {
    if let Some(x) = v {
        assert!(x.is_finite(), "{name} = {x}");
    }
}

fn check_summary(s: &SetSummary) {
    for (name, v) in [
        ("er", s.er),
        ("er_mean", s.er_mean),
        ("er_median", s.er_median),
        ("er_ratio", s.er_ratio),
        ("ctr", s.ctr),
    ] {
        check_net_rate(name, v);
    }
    // The rate family: finite wherever defined (counts may be net losses).
    for r in metrics::RateName::ALL {
        check_net_rate(r.name(), s.rates.get(r));
    }
    // Reach counts people: never below 0.
    check_rate("reach_mean", s.reach_mean);
    check_rate("reach_rate", s.rates.reach_rate);
    if let Some(r) = s.reach {
        assert!(r >= 0, "reach {r}");
    }
}

/// The totals of an ads table: every row counted once, money and rates
/// finite and not below 0 (spend is never negative).
fn check_ads(rep: &ReportDoc) {
    for a in &rep.ads {
        let t = &a.totals;
        assert_eq!(t.rows, a.rows.len() as u64, "{}: ad rows", a.file);
        for (name, v) in [
            ("spend", t.spend),
            ("results", t.results),
            ("conversion_value", t.conversion_value),
            ("cpc", t.cpc),
            ("cpm", t.cpm),
            ("ctr", t.ctr),
            ("cost_per_result", t.cost_per_result),
            ("roas", t.roas),
        ] {
            check_rate(name, v);
        }
    }
}

/// The figures of a report: finite rates (ER and CTR of net changes may be
/// below 0); periods that add up to the dated posts; rows read that add up
/// to posts, skips, duplicates, days of daily series, web-analytics rows
/// and ad rows.
pub fn check_report(rep: &ReportDoc) {
    let i = &rep.input;
    assert_eq!(
        i.rows_read,
        i.posts
            + i.filtered_out
            + i.skipped.len() as u64
            + i.duplicates
            + i.series_rows
            + i.web_rows
            + i.ad_rows,
        "rows_read = posts + filtered_out + skipped + duplicates + series_rows + web_rows + ad_rows"
    );
    check_summary(&rep.summary);
    let mut in_periods = 0;
    for p in &rep.periods {
        check_summary(&p.summary);
        for v in [p.reach_growth, p.reach_mean_growth, p.er_change]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite(), "growth {v} in {}", p.period);
        }
        assert!(
            p.start <= p.end,
            "{}: {} after {}",
            p.period,
            p.start,
            p.end
        );
        in_periods += p.summary.posts;
    }
    let posts = rep.posts.to_vec().expect("the posts kept read back");
    let dated = posts.iter().filter(|p| p.published_at.is_some()).count() as u64;
    assert_eq!(in_periods, dated, "periods hold every dated post once");
    for p in posts.iter().chain(&rep.top_posts) {
        check_net_rate("post er", p.er);
        check_net_rate("post ctr", p.ctr);
    }
    check_ads(rep);
}

/// What must not depend on how a file was read: its posts (line, id, time,
/// counts), its skips, and its rows.
fn essence(ds: &Dataset) -> String {
    let posts: Vec<String> = ds
        .posts
        .iter()
        .map(|p| {
            format!(
                "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                p.line, p.id, p.published_at, p.reach, p.views, p.likes, p.comments
            )
        })
        .collect();
    let skips: Vec<String> = ds
        .skipped
        .iter()
        .map(|s| format!("{}|{}", s.line, s.reason))
        .collect();
    let rows: Vec<u64> = ds.files.iter().map(|f| f.rows_read).collect();
    format!("{posts:?}\n{skips:?}\n{rows:?}")
}

/// Reads a file streamed, with `head` rows deciding, in `threads` parts.
fn read_streamed(path: &str, head: usize, threads: usize) -> (bool, Dataset) {
    let mut ds = Dataset::default();
    let mut posts: Vec<smmkpi::model::Post> = Vec::new();
    let limits = input::StreamLimits {
        threshold: 0,
        head,
        threads,
        part_min: 1,
        ..input::StreamLimits::new(threads)
    };
    let ok = input::stream::read_path(&mut ds, 0, path, &options(), limits, &mut posts).is_ok();
    ds.posts.extend(posts);
    (ok, ds)
}

/// The streaming reader against itself and against reading whole: in parts
/// or not, the same; with a head that holds every row, what reading whole gives.
pub fn stream_matches(bytes: &[u8]) {
    let path = std::env::temp_dir().join(format!("smmkpi-fuzz-{}.csv", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let path = path.to_string_lossy().into_owned();
    let head = 1 + bytes.first().map_or(0, |b| usize::from(*b % 8));
    let (ok1, one) = read_streamed(&path, head, 1);
    let (ok2, two) = read_streamed(&path, head, 2);
    assert_eq!(ok1, ok2, "one part and two parts agree on failing");
    if ok1 {
        check_dataset(&one);
        check_dataset(&two);
        assert_eq!(essence(&one), essence(&two), "one part and two parts");
    }
    let (okb, big) = read_streamed(&path, usize::MAX / 2, 2);
    let mut whole = Dataset::default();
    let okw = input::read_bytes(&mut whole, 0, &path, bytes, &options()).is_ok();
    assert_eq!(okb, okw, "streamed and whole agree on failing");
    if okb {
        assert_eq!(
            essence(&big),
            essence(&whole),
            "streamed with every row in the head, and whole"
        );
    }
}
