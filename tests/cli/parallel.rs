//! A file read in parts on several threads must give the very document a
//! whole read gives, and the figures a plain count gives. Each test cuts its
//! input into four to eight parts (`SMMKPI_STREAM_HEAD` streams every file,
//! `SMMKPI_THREADS` sets the parts), so every merge of the report's
//! accumulators runs: an empty merge loses the parts' posts and fails here.
//!
//! The expected figures are computed in the test from the generated rows,
//! not taken from the program.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde_json::Value;

use crate::util::*;

/// A small deterministic generator (xorshift), so runs repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated post, as the test knows it.
#[derive(Debug, Clone)]
struct Row {
    id: String,
    at: NaiveDateTime,
    tags: Vec<String>,
    reach: Option<u64>,
    views: Option<u64>,
    likes: Option<u64>,
    comments: Option<u64>,
    reposts: Option<u64>,
    saves: Option<u64>,
    link_clicks: Option<u64>,
    followers: Option<u64>,
}

impl Row {
    fn interactions(&self) -> Option<u64> {
        let parts = [self.likes, self.comments, self.reposts, self.saves];
        parts
            .iter()
            .any(Option::is_some)
            .then(|| parts.iter().flatten().sum())
    }

    fn er(&self) -> Option<f64> {
        match (self.interactions(), self.reach) {
            (Some(i), Some(r)) if r > 0 => Some(i as f64 / r as f64 * 100.0),
            _ => None,
        }
    }
}

/// How a generated export is written.
#[derive(Debug, Clone, Copy)]
struct Shape {
    crlf: bool,
    /// `2025-03-04T10:00:00` instead of `03/04/2025 10:00`.
    iso_t: bool,
    /// Post ids like `p_7f3a` instead of numbers.
    string_ids: bool,
    delimiter: u8,
}

/// What the generator wrote besides the posts.
struct Export {
    rows: Vec<Row>,
    /// File lines of the rows the reader must skip as unreadable.
    bad_lines: Vec<u64>,
    /// File line of the totals row.
    totals_line: u64,
}

const TAGS: [&str; 7] = ["coffee", "кофе", "morning", "day1", "day2", "sale", "latte"];

/// Writes `n` posts over fourteen months to `path`: captions with hashtags,
/// some quoted over two lines with commas and quotes inside, empty and zero
/// reach, figures not reported, a few unreadable rows and a totals row.
fn generate(path: &std::path::Path, n: usize, shape: Shape, seed: u64) -> Export {
    let mut rng = Rng(seed);
    let nl = if shape.crlf { "\r\n" } else { "\n" };
    let d = shape.delimiter as char;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(
        f,
        "Post ID{d}Publish time{d}Description{d}Reach{d}Views{d}Likes{d}Comments{d}Shares{d}Saves{d}Link clicks{d}Followers{nl}"
    )
    .unwrap();
    let mut line = 2u64;
    let mut rows = Vec::new();
    let mut bad_lines = Vec::new();
    // A count up to `max`, not reported once in `missing_one_in` posts.
    let opt = |rng: &mut Rng, max: u64, missing_one_in: u64| {
        let v = rng.below(max);
        (rng.below(missing_one_in) != 0).then_some(v)
    };
    for i in 0..n {
        let month = (i * 14 / n) as i64;
        let (year, m) = (2024 + (10 + month) / 12, (10 + month) % 12 + 1);
        let day = 1 + rng.below(28) as u32;
        let at = chrono::NaiveDate::from_ymd_opt(year as i32, m as u32, day)
            .unwrap()
            .and_hms_opt(rng.below(24) as u32, rng.below(60) as u32, 0)
            .unwrap();
        let when = if shape.iso_t {
            at.format("%Y-%m-%dT%H:%M:%S").to_string()
        } else {
            at.format("%m/%d/%Y %H:%M").to_string()
        };
        let tags: Vec<String> = (0..rng.below(4))
            .map(|_| TAGS[rng.below(TAGS.len() as u64) as usize].to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let tag_text: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
        let (caption, lines) = match rng.below(5) {
            0 => (
                format!(
                    "\"Line one{d} with \"\"quotes\"\"{nl}line two {}\"",
                    tag_text.join(" ")
                ),
                2,
            ),
            1 if tags.is_empty() => (String::new(), 1),
            _ => (format!("Post {i} {}", tag_text.join(" ")), 1),
        };
        let id = if shape.string_ids {
            format!("p_{:x}", 0x1000 + i * 7)
        } else {
            (100_000 + i).to_string()
        };
        let reach = match rng.below(20) {
            0 => None,
            1 => Some(0),
            _ => Some(200 + rng.below(5000)),
        };
        let row = Row {
            id,
            at,
            tags,
            reach,
            // Views of 0 too: no ERview and no ER per impression for the post.
            views: opt(&mut rng, 9000, 6),
            likes: opt(&mut rng, 300, 30),
            comments: opt(&mut rng, 40, 10),
            reposts: opt(&mut rng, 25, 10),
            saves: opt(&mut rng, 60, 4),
            link_clicks: opt(&mut rng, 90, 3),
            followers: opt(&mut rng, 50, 5).map(|v| 10_000 + i as u64 + v),
        };
        let cell = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
        // One row in about 150 holds a count nobody can read.
        let likes_cell = if rng.below(150) == 0 {
            bad_lines.push(line);
            "lots".to_string()
        } else {
            cell(row.likes)
        };
        write!(
            f,
            "{}{d}{when}{d}{caption}{d}{}{d}{}{d}{likes_cell}{d}{}{d}{}{d}{}{d}{}{d}{}{nl}",
            row.id,
            cell(row.reach),
            cell(row.views),
            cell(row.comments),
            cell(row.reposts),
            cell(row.saves),
            cell(row.link_clicks),
            cell(row.followers),
        )
        .unwrap();
        if !bad_lines.contains(&line) {
            rows.push(row);
        }
        line += lines;
    }
    write!(f, "Total{d}{d}{d}{d}{d}{d}{d}{d}{d}{d}{nl}").unwrap();
    Export {
        rows,
        bad_lines,
        totals_line: line,
    }
}

/// Floats rounded to ten significant digits: a sum taken in another order
/// may differ in its last bits, nothing more.
fn canon(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap();
            if x == 0.0 {
                return serde_json::json!(0.0);
            }
            let digits = 10 - x.abs().log10().ceil() as i32;
            let scale = 10f64.powi(digits);
            serde_json::json!((x * scale).round() / scale)
        }
        Value::Array(a) => Value::Array(a.iter().map(canon).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), canon(v))).collect()),
        other => other.clone(),
    }
}

/// The report of `file` read whole and read in parts on 2, 3, 4 and 8
/// threads must be the same document; returns the whole one.
fn same_whole_and_parted(args: &[&str]) -> Value {
    let whole = json_with_env(args, &[("SMMKPI_STREAM", "off")]);
    for threads in ["2", "3", "4", "8"] {
        for head in ["1", "40"] {
            let parted = json_with_env(
                args,
                &[("SMMKPI_STREAM_HEAD", head), ("SMMKPI_THREADS", threads)],
            );
            assert_eq!(
                canon(&whole),
                canon(&parted),
                "{args:?}: {threads} threads, head {head}"
            );
        }
    }
    whole
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn median(v: &[f64]) -> Option<f64> {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

#[track_caller]
fn assert_opt_close(actual: &Value, expected: Option<f64>, what: &str) {
    match expected {
        None => assert!(actual.is_null(), "{what}: expected null, found {actual}"),
        Some(e) => {
            let a = num(actual);
            assert!(
                (a - e).abs() <= 1e-9 * e.abs().max(1.0),
                "{what}: expected {e}, found {a}"
            );
        }
    }
}

/// Checks a set of figures (the summary or one period) against the rows.
#[track_caller]
fn assert_figures(got: &Value, rows: &[&Row], what: &str) {
    let sum = |f: fn(&Row) -> Option<u64>| -> Value {
        let vals: Vec<u64> = rows.iter().filter_map(|r| f(r)).collect();
        match vals.is_empty() {
            true => Value::Null,
            false => vals.iter().sum::<u64>().into(),
        }
    };
    assert_eq!(got["posts"], rows.len(), "{what}: posts");
    assert_eq!(got["reach"], sum(|r| r.reach), "{what}: reach");
    assert_eq!(got["likes"], sum(|r| r.likes), "{what}: likes");
    assert_eq!(got["comments"], sum(|r| r.comments), "{what}: comments");
    assert_eq!(got["reposts"], sum(|r| r.reposts), "{what}: reposts");
    assert_eq!(got["saves"], sum(|r| r.saves), "{what}: saves");
    assert_eq!(got["link_clicks"], sum(|r| r.link_clicks), "{what}: clicks");
    assert_eq!(
        got["interactions"],
        sum(Row::interactions),
        "{what}: interactions"
    );
    let ers: Vec<f64> = rows.iter().filter_map(|r| r.er()).collect();
    assert_opt_close(&got["er_mean"], mean(&ers), &format!("{what}: er_mean"));
    assert_opt_close(
        &got["er_median"],
        median(&ers),
        &format!("{what}: er_median"),
    );
    let (mut num_i, mut den_r, mut num_c, mut den_c) = (0u64, 0u64, 0u64, 0u64);
    for r in rows {
        if let (Some(i), Some(reach)) = (r.interactions(), r.reach) {
            if reach > 0 {
                num_i += i;
                den_r += reach;
            }
        }
        if let (Some(c), Some(reach)) = (r.link_clicks, r.reach) {
            if reach > 0 {
                num_c += c;
                den_c += reach;
            }
        }
    }
    let ratio = |n: u64, d: u64| (d > 0).then(|| n as f64 / d as f64 * 100.0);
    assert_opt_close(
        &got["er_ratio"],
        ratio(num_i, den_r),
        &format!("{what}: er_ratio"),
    );
    assert_opt_close(&got["ctr"], ratio(num_c, den_c), &format!("{what}: ctr"));
    // The rate family: each count over followers (or reach) where both are
    // reported and the denominator is positive (docs/metrics.md#rates).
    let pooled = |n: fn(&Row) -> Option<u64>, d: fn(&Row) -> Option<u64>| {
        let (mut a, mut b) = (0u64, 0u64);
        for r in rows {
            if let (Some(x), Some(y)) = (n(r), d(r)) {
                if y > 0 {
                    a += x;
                    b += y;
                }
            }
        }
        ratio(a, b)
    };
    let followers = |r: &Row| r.followers;
    for (k, v) in [
        ("reach_rate", pooled(|r| r.reach, followers)),
        ("love_rate", pooled(|r| r.likes, followers)),
        ("talk_rate", pooled(|r| r.comments, followers)),
        ("amplification_rate", pooled(|r| r.reposts, followers)),
        ("virality_rate", pooled(|r| r.reposts, |r| r.reach)),
        ("er_post", pooled(Row::interactions, followers)),
    ] {
        assert_opt_close(&got[k], v, &format!("{what}: {k}"));
    }
    // ERview: the mean of the posts' interactions / views × 100, over the
    // posts with positive views; ER per impression: Σ (interactions + link
    // clicks) / Σ views × 100 (no impressions column), over the posts with
    // positive views and either numerator.
    let by_view: Vec<f64> = rows
        .iter()
        .filter_map(|r| match (r.interactions(), r.views) {
            (Some(i), Some(v)) if v > 0 => Some(i as f64 / v as f64 * 100.0),
            _ => None,
        })
        .collect();
    assert_opt_close(&got["er_view"], mean(&by_view), &format!("{what}: er_view"));
    let (mut shown_num, mut shown) = (0u64, 0u64);
    for r in rows {
        let v = r.views.unwrap_or(0);
        if v > 0 && (r.interactions().is_some() || r.link_clicks.is_some()) {
            shown_num += r.interactions().unwrap_or(0) + r.link_clicks.unwrap_or(0);
            shown += v;
        }
    }
    assert_opt_close(
        &got["er_impressions"],
        ratio(shown_num, shown),
        &format!("{what}: er_impressions"),
    );
}

/// ERday of posts over `days` calendar days: Σ interactions / mean
/// followers / days × 100, over the posts reporting both.
fn er_day(rows: &[&Row], days: i64) -> Option<f64> {
    let both: Vec<(u64, u64)> = rows
        .iter()
        .filter_map(|r| Some((r.interactions()?, r.followers?)))
        .collect();
    let followers: u64 = both.iter().map(|b| b.1).sum();
    let inter: u64 = both.iter().map(|b| b.0).sum();
    (!both.is_empty())
        .then(|| inter as f64 / (followers as f64 / both.len() as f64) / days as f64 * 100.0)
}

/// Each post's overperformance, by id: its interactions over the median of
/// the previous 20 posts of its group reporting interactions, in publish
/// order (ties in input order); `group` names a post's group.
fn overperformance_of(
    rows: &[Row],
    group: impl Fn(&Row) -> String,
) -> BTreeMap<String, Option<f64>> {
    let mut order: Vec<(usize, &Row)> = rows.iter().enumerate().collect();
    order.sort_by_key(|(i, r)| (r.at, *i));
    let mut windows: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (_, r) in order {
        let w = windows.entry(group(r)).or_default();
        let last: Vec<f64> = w.iter().rev().take(20).map(|v| *v as f64).collect();
        let usual = median(&last).filter(|m| *m > 0.0);
        let figure = match (r.interactions(), usual) {
            (Some(i), Some(m)) => Some(i as f64 / m),
            _ => None,
        };
        if let Some(i) = r.interactions() {
            w.push(i);
        }
        out.insert(r.id.clone(), figure);
    }
    out
}

/// `posts[].overperformance` against [`overperformance_of`].
#[track_caller]
fn assert_overperformance(rep: &Value, want: &BTreeMap<String, Option<f64>>) {
    let posts = rep["posts"].as_array().unwrap();
    assert_eq!(posts.len(), want.len());
    let mut some = 0;
    for p in posts {
        let id = p["id"].as_str().unwrap();
        let w = want[id];
        some += usize::from(w.is_some());
        assert_opt_close(&p["overperformance"], w, &format!("{id}: overperformance"));
    }
    assert!(
        some > want.len() / 2,
        "{some} of {} posts have a figure",
        want.len()
    );
}

/// Checks a report of the generated export against the rows themselves.
fn assert_matches_rows(rep: &Value, ex: &Export) {
    let all: Vec<&Row> = ex.rows.iter().collect();
    assert_figures(&rep["summary"], &all, "summary");
    // Months in order, each with its own figures and growth from the one before.
    let mut by_month: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in &ex.rows {
        by_month
            .entry(r.at.format("%Y-%m").to_string())
            .or_default()
            .push(r);
    }
    let periods = rep["periods"].as_array().unwrap();
    assert_eq!(periods.len(), by_month.len());
    // ERday: each month over its own days, the summary over the months'.
    let days = |p: &Value| {
        let d = |k: &str| chrono::NaiveDate::parse_from_str(p[k].as_str().unwrap(), "%Y-%m-%d");
        (d("end").unwrap() - d("start").unwrap()).num_days() + 1
    };
    let span = (chrono::NaiveDate::parse_from_str(
        periods.last().unwrap()["end"].as_str().unwrap(),
        "%Y-%m-%d",
    )
    .unwrap()
        - chrono::NaiveDate::parse_from_str(periods[0]["start"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap())
    .num_days()
        + 1;
    assert_opt_close(
        &rep["summary"]["er_day"],
        er_day(&all, span),
        "summary: er_day",
    );
    for (p, rows) in periods.iter().zip(by_month.values()) {
        assert_opt_close(&p["er_day"], er_day(rows, days(p)), "er_day");
    }
    // Every post against the posts before it in publish order: the file's
    // order is not the publish order within a month, and its parts are not
    // the account's history.
    assert_overperformance(rep, &overperformance_of(&ex.rows, |_| String::new()));
    let mut prev_reach: Option<u64> = None;
    for (p, (month, rows)) in periods.iter().zip(&by_month) {
        assert_eq!(p["period"], month.as_str());
        assert_figures(p, rows, month);
        let reach: u64 = rows.iter().filter_map(|r| r.reach).sum();
        let growth = prev_reach
            .and_then(|r1| (r1 > 0).then(|| (reach as f64 - r1 as f64) / r1 as f64 * 100.0));
        assert_opt_close(
            &p["reach_growth"],
            growth,
            &format!("{month}: reach_growth"),
        );
        prev_reach = Some(reach);
    }
    // Hashtags: posts per tag.
    let mut tags: BTreeMap<&str, u64> = BTreeMap::new();
    for r in &ex.rows {
        for t in &r.tags {
            *tags.entry(t).or_default() += 1;
        }
    }
    let got: BTreeMap<&str, u64> = rep["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["tag"].as_str().unwrap().trim_start_matches('#'),
                int(&h["posts"]),
            )
        })
        .collect();
    assert_eq!(got, tags);
    // Best time: posts per weekday and hour.
    let mut slots: BTreeMap<(u64, u64), u64> = BTreeMap::new();
    for r in &ex.rows {
        let wd = r.at.weekday().number_from_monday() as u64;
        *slots.entry((wd, r.at.hour() as u64)).or_default() += 1;
    }
    let got: BTreeMap<(u64, u64), u64> = rep["best_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| ((int(&s["weekday"]), int(&s["hour"])), int(&s["posts"])))
        .collect();
    assert_eq!(got, slots);
    // Every post listed once; the unreadable rows and the
    // totals row skipped at their lines.
    let mut ids: Vec<&str> = rep["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut want: Vec<&str> = ex.rows.iter().map(|r| r.id.as_str()).collect();
    want.sort();
    assert_eq!(ids, want);
    let skipped: Vec<u64> = skipped(rep).iter().map(|s| s.0).collect();
    let mut want = ex.bad_lines.clone();
    want.push(ex.totals_line);
    assert_eq!(skipped, want);
    assert_eq!(rep["input"]["rows_read"], ex.rows.len() + want.len());
}

#[test]
fn a_file_read_in_parts_gives_the_whole_reads_document_and_the_counted_figures() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = [
        Shape {
            crlf: false,
            iso_t: false,
            string_ids: false,
            delimiter: b',',
        },
        Shape {
            crlf: true,
            iso_t: true,
            string_ids: true,
            delimiter: b';',
        },
    ];
    for (i, shape) in shapes.into_iter().enumerate() {
        let path = dir.path().join(format!("posts{i}.csv"));
        let ex = generate(&path, 2_400, shape, 0x9E37_79B9 + i as u64);
        assert!(
            ex.bad_lines.len() >= 3,
            "{shape:?}: the generator wrote bad rows"
        );
        let p = path.to_str().unwrap();
        let rep = same_whole_and_parted(&["report", p]);
        assert_matches_rows(&rep, &ex);
        // The other sections and settings merge as well.
        for extra in [
            &["--period", "week"][..],
            &["--period", "quarter", "--aggregate", "median"],
            &["--period", "all", "--er-basis", "followers", "--top", "25"],
            &["--since", "2025-03-10", "--until", "2025-09-20"],
        ] {
            let mut args = vec!["report", p];
            args.extend_from_slice(extra);
            same_whole_and_parted(&args);
        }
    }
}

#[test]
fn overperformance_of_accounts_and_types_is_the_same_read_whole_or_in_parts() {
    // Three accounts, three types, dates all over a year in no order, some
    // posts without likes or comments: each post's window is its own
    // account and type's previous posts, wherever in the file they are.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.csv");
    let mut rng = Rng(0xACC0);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(
        f,
        "Post ID,Publish time,Account username,Post type,Reach,Likes,Comments,Followers"
    )
    .unwrap();
    let mut rows = Vec::new();
    let mut groups = BTreeMap::new();
    for i in 0..3_000u64 {
        let at = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + chrono::Duration::minutes(rng.below(365 * 24 * 60) as i64);
        let account = ["acme", "brew", "cafe"][rng.below(3) as usize];
        let kind = ["reel", "photo", "carousel"][rng.below(3) as usize];
        let likes = (rng.below(8) != 0).then(|| rng.below(500));
        let comments = (rng.below(5) != 0).then(|| rng.below(50));
        let cell = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
        writeln!(
            f,
            "{i},{},{account},{kind},{},{},{},{}",
            at.format("%Y-%m-%d %H:%M"),
            1000 + rng.below(4000),
            cell(likes),
            cell(comments),
            20_000 + i
        )
        .unwrap();
        let id = i.to_string();
        groups.insert(id.clone(), format!("{account}/{kind}"));
        rows.push(Row {
            id,
            at,
            tags: Vec::new(),
            reach: None,
            views: None,
            likes,
            comments,
            reposts: None,
            saves: None,
            link_clicks: None,
            followers: None,
        });
    }
    drop(f);
    let p = path.to_str().unwrap();
    let want = overperformance_of(&rows, |r| groups[&r.id].clone());
    let rep = same_whole_and_parted(&["report", p]);
    assert_overperformance(&rep, &want);
    // Ranked by it, in parts as whole, the top is the highest figures.
    let top = same_whole_and_parted(&["report", p, "--top-by", "overperformance", "--top", "5"]);
    let mut best: Vec<f64> = want.values().flatten().copied().collect();
    best.sort_by(|a, b| b.total_cmp(a));
    let got: Vec<f64> = top["top_posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| num(&p["overperformance"]))
        .collect();
    assert_eq!(got.len(), 5);
    for (g, w) in got.iter().zip(&best) {
        assert!((g - w).abs() < 1e-9, "{got:?} against {:?}", &best[..5]);
    }
}

#[test]
fn several_files_counted_with_every_copy_merge_in_parts_too() {
    let dir = tempfile::tempdir().unwrap();
    let shape = Shape {
        crlf: false,
        iso_t: true,
        string_ids: false,
        delimiter: b',',
    };
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    let ea = generate(&a, 900, shape, 7);
    let eb = generate(&b, 700, shape, 11);
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let rep = same_whole_and_parted(&["report", a, b, "--keep-duplicates"]);
    let rows: Vec<&Row> = ea.rows.iter().chain(&eb.rows).collect();
    assert_figures(&rep["summary"], &rows, "two files");
}

#[test]
fn growth_from_posts_followers_reads_the_same_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("posts.csv");
    let ex = generate(
        &path,
        1_500,
        Shape {
            crlf: true,
            iso_t: false,
            string_ids: true,
            delimiter: b',',
        },
        99,
    );
    let p = path.to_str().unwrap();
    let whole = json_with_env(&["growth", p], &[("SMMKPI_STREAM", "off")]);
    for threads in ["2", "4", "8"] {
        let parted = json_with_env(
            &["growth", p],
            &[("SMMKPI_STREAM_HEAD", "1"), ("SMMKPI_THREADS", threads)],
        );
        assert_eq!(canon(&whole), canon(&parted), "{threads} threads");
    }
    // The last level is the followers figure of the latest post.
    let last = ex
        .rows
        .iter()
        .filter(|r| r.followers.is_some())
        .max_by_key(|r| r.at)
        .unwrap();
    assert_eq!(whole["summary"]["followers_end"], last.followers.unwrap());
}

#[test]
fn the_whole_sets_median_taken_beside_the_periods_is_the_one_taken_alone() {
    // From 65,536 posts on, a report read on several threads takes the
    // whole set's median on a thread of its own while the periods' are
    // taken; on one thread, one after the other.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let shape = Shape {
        crlf: false,
        iso_t: false,
        string_ids: false,
        delimiter: b',',
    };
    let ex = generate(&path, 70_000, shape, 0x5EED_F00D);
    let p = path.to_str().unwrap();
    let args = ["report", p, "--aggregate", "median", "--section", "summary"];
    let one = json_with_env(&args, &[("SMMKPI_THREADS", "1")]);
    let two = json_with_env(&args, &[("SMMKPI_THREADS", "2")]);
    assert_eq!(canon(&one), canon(&two));
    let rows: Vec<&Row> = ex.rows.iter().collect();
    assert_figures(&two["summary"], &rows, "the whole set");
    assert!(two["periods"].as_array().is_some_and(|p| p.len() > 1));
}

#[test]
fn the_er_basis_sees_every_parts_posts() {
    // Reach appears only in the second half of the file: `auto` must pick
    // it from the later parts, as a whole read does.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late_reach.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "id,date,views,reach,likes").unwrap();
    for i in 0..800u64 {
        let reach = if i < 400 {
            String::new()
        } else {
            (500 + i).to_string()
        };
        writeln!(
            f,
            "{i},2025-0{}-15 12:00,{},{reach},{}",
            1 + i % 6,
            1000 + i,
            i % 40
        )
        .unwrap();
    }
    drop(f);
    let rep = same_whole_and_parted(&["report", path.to_str().unwrap()]);
    assert_eq!(rep["formula"]["er_basis"], "reach");
    let ers: Vec<f64> = (400..800u64)
        .map(|i| (i % 40) as f64 / (500 + i) as f64 * 100.0)
        .collect();
    assert_opt_close(&rep["summary"]["er_mean"], mean(&ers), "er_mean");
}

/// Writes an activity log: `users` people of several id classes acting
/// over `months` months from January 2025, some steadily, some now and then;
/// a few rows without a user or a readable date. Returns each user's actions
/// per month (the test's own count) and the lines skipped.
fn generate_activity(
    path: &std::path::Path,
    users: usize,
    months: u32,
    seed: u64,
) -> (BTreeMap<String, BTreeMap<u32, u64>>, Vec<u64>) {
    generate_activity_with(path, users, months, seed, mixed_id)
}

/// Ids of several classes in one log.
fn mixed_id(u: usize) -> String {
    match u % 4 {
        0 => (7_000_000 + u * 13).to_string(),
        1 => format!("user{u}"),
        2 => format!("@anna_{u}"),
        _ => format!("{:016x}", (u as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
    }
}

/// [`generate_activity`] with user `u` written as `id(u)`.
fn generate_activity_with(
    path: &std::path::Path,
    users: usize,
    months: u32,
    seed: u64,
    id: impl Fn(usize) -> String,
) -> (BTreeMap<String, BTreeMap<u32, u64>>, Vec<u64>) {
    let mut rng = Rng(seed);
    let mut rows: Vec<(String, u32, String)> = Vec::new();
    let mut counts: BTreeMap<String, BTreeMap<u32, u64>> = BTreeMap::new();
    for u in 0..users {
        let id = id(u);
        // Steady users act every month; the others skip months.
        let steady = u % 3 == 0;
        for m in 0..months {
            if !steady && rng.below(3) == 0 {
                continue;
            }
            let n = 1 + rng.below(if steady { 6 } else { 3 });
            for _ in 0..n {
                let day = 1 + rng.below(28);
                let at = format!(
                    "2025-{:02}-{day:02} {:02}:{:02}:00",
                    m + 1,
                    rng.below(24),
                    rng.below(60)
                );
                rows.push((id.clone(), m, at));
                *counts.entry(id.clone()).or_default().entry(m).or_default() += 1;
            }
        }
    }
    // Shuffled, so the parts see users out of order.
    for i in (1..rows.len()).rev() {
        rows.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "user_id,timestamp,action").unwrap();
    let mut skipped = Vec::new();
    let mut line = 2u64;
    for (i, (id, _, at)) in rows.iter().enumerate() {
        if i % 997 == 500 {
            writeln!(f, ",{at},like").unwrap();
            skipped.push(line);
            line += 1;
        }
        writeln!(f, "{id},{at},{}", ["like", "comment", "repost"][i % 3]).unwrap();
        line += 1;
    }
    (counts, skipped)
}

/// The core document of `path` read with the given sizes.
fn core_doc(
    path: &str,
    min_actions: u32,
    months: u32,
    sizes: smmkpi::input::activity::ReadSizes,
) -> Value {
    let opts = smmkpi::input::activity::ActivityOptions {
        names: true,
        ..Default::default()
    };
    let data = smmkpi::input::activity::read_activity_with_sizes(&[path.to_string()], &opts, sizes)
        .unwrap();
    core_doc_of(data, min_actions, months)
}

fn core_doc_of(
    data: smmkpi::input::activity::ActivityData,
    min_actions: u32,
    months: u32,
) -> Value {
    let rep = smmkpi::doc::core::build(
        data,
        &smmkpi::doc::core::CoreSpec {
            min_actions,
            months,
            as_of: None,
            actions_filter: None,
            members: true,
        },
    );
    let mut v = serde_json::to_value(&rep).unwrap();
    v["members"] = serde_json::json!(rep.members);
    v
}

#[test]
fn the_core_counted_in_small_windows_blocks_and_merges_is_the_core_counted_at_once() {
    use smmkpi::input::activity::ReadSizes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("activity.csv");
    let (counts, skipped_lines) = generate_activity(&path, 400, 8, 42);
    let p = path.to_str().unwrap();
    let small = [
        ReadSizes {
            window: 4096,
            block: 512,
            pending: 97,
            chunk: 31,
        },
        ReadSizes {
            window: 1 << 14,
            block: 100,
            pending: 1000,
            chunk: 7,
        },
    ];
    for (n, m) in [(3u32, 6u32), (1, 8), (2, 3)] {
        let whole = core_doc(p, n, m, ReadSizes::default());
        for sizes in small {
            assert_eq!(
                canon(&whole),
                canon(&core_doc(p, n, m, sizes)),
                "N {n}, M {m}, {sizes:?}"
            );
        }
        // The core at each month, counted here: users with ≥ N actions in
        // each of the M months ending there.
        let at = |months_held: &BTreeMap<u32, u64>, end: u32, n: u64| {
            (end + 1 - m..=end).all(|k| months_held.get(&k).copied().unwrap_or(0) >= n)
        };
        let monthly = whole["monthly"].as_array().unwrap();
        assert_eq!(monthly.len(), 8);
        for (k, row) in monthly.iter().enumerate() {
            let k = k as u32;
            let actions: u64 = counts.values().filter_map(|c| c.get(&k)).sum();
            assert_eq!(row["actions"], actions, "month {k}");
            let active = counts.values().filter(|c| c.contains_key(&k)).count();
            assert_eq!(row["active_users"], active, "month {k}");
            if k + 1 < m {
                assert!(row["core"].is_null());
                continue;
            }
            let core = counts.values().filter(|c| at(c, k, n as u64)).count();
            assert_eq!(row["core"], core, "N {n}, M {m}, month {k}");
            if k + 1 > m {
                let entered = counts
                    .values()
                    .filter(|c| at(c, k, n as u64) && !at(c, k - 1, n as u64))
                    .count();
                let left = counts
                    .values()
                    .filter(|c| !at(c, k, n as u64) && at(c, k - 1, n as u64))
                    .count();
                assert_eq!(row["entered"], entered, "month {k}");
                assert_eq!(row["left"], left, "month {k}");
            }
        }
        let members: BTreeSet<&str> = whole["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let want: BTreeSet<&str> = counts
            .iter()
            .filter(|(_, c)| at(c, 7, n as u64))
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(members, want);
        assert_eq!(whole["core_size"], want.len());
        // The core for every N, and the distribution of actions per user-month.
        for row in whole["core_by_min_actions"].as_array().unwrap() {
            let nn = int(&row["min_actions"]);
            let size = counts.values().filter(|c| at(c, 7, nn)).count();
            assert_eq!(row["core_size"], size, "N {nn}");
        }
        let mut per_user_month: Vec<u64> =
            counts.values().flat_map(|c| c.values().copied()).collect();
        per_user_month.sort();
        let d = &whole["distribution"];
        assert_eq!(d["user_months"], per_user_month.len());
        assert_eq!(d["max"], *per_user_month.last().unwrap());
        let total: u64 = per_user_month.iter().sum();
        assert_opt_close(
            &d["mean"],
            Some(total as f64 / per_user_month.len() as f64),
            "mean",
        );
        let half = per_user_month.len() / 2;
        let med = match per_user_month.len() % 2 {
            1 => per_user_month[half] as f64,
            _ => (per_user_month[half - 1] + per_user_month[half]) as f64 / 2.0,
        };
        assert_opt_close(&d["median"], Some(med), "median");
        let rank = (0.9 * per_user_month.len() as f64).ceil() as usize;
        assert_eq!(d["p90"], per_user_month[rank - 1]);
        assert_eq!(whole["users"], counts.len());
        let lines: Vec<u64> = skipped(&whole).iter().map(|s| s.0).collect();
        assert_eq!(lines, skipped_lines);
    }
}

/// Reads `path` with user ids read as `ids` says; returns the core document
/// and whether the input was read again with exact ids.
fn core_doc_with_ids(
    path: &str,
    n: u32,
    m: u32,
    sizes: smmkpi::input::activity::ReadSizes,
    ids: smmkpi::input::activity::counts::Ids,
) -> (Value, bool) {
    let opts = smmkpi::input::activity::ActivityOptions::default();
    let data =
        smmkpi::input::activity::read_activity_with_ids(&[path.to_string()], &opts, sizes, ids)
            .unwrap();
    let again = data.read_again;
    (core_doc_of(data, n, m), again)
}

/// A core document without its members: what a run that does not print
/// them (ids told apart by a second hash, names not kept) is compared by.
fn unlisted(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("members");
    canon(&doc)
}

/// A hash that sends every name to one of seven values: any log with more
/// than seven hashed names has a collision.
fn seven_hashes(name: &[u8]) -> u64 {
    smmkpi::input::activity::counts::default_hash(name) % 7
}

/// A class of user ids: its name, the id of user `u`, and whether its
/// names are hashed rather than parsed as a prefix and a number.
type IdClass = (&'static str, fn(usize) -> String, bool);

/// Ids of each class the reader meets.
fn id_classes() -> Vec<IdClass> {
    vec![
        ("numeric", |u| (10_000_000 + u * 7).to_string(), false),
        ("user123", |u| format!("user{u}"), false),
        ("id123", |u| format!("id{u}"), false),
        ("u123", |u| format!("u{u}"), false),
        // `user7` and `user00007` are two people: the second is not a number.
        (
            "leading zeros",
            |u| match u % 2 {
                0 => format!("user{u}"),
                _ => format!("user{:05}", u / 2),
            },
            true,
        ),
        ("cyrillic prefix", |u| format!("Пользователь{u}"), false),
        (
            "uuid",
            |u| {
                let a = (u as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let b = a.rotate_left(29) ^ 0x5555_aaaa_3333_cccc;
                format!(
                    "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xffff,
                    b >> 48,
                    b & 0xffff_ffff_ffff
                )
            },
            true,
        ),
        (
            "md5-like hex",
            |u| {
                format!(
                    "{:016x}{:016x}",
                    (u as u64).wrapping_mul(0x2545_f491_4f6c_dd1d),
                    u
                )
            },
            true,
        ),
        (
            "username",
            |u| {
                format!(
                    "@{}_{}",
                    ["anna", "ivan", "olga", "max"][u % 4],
                    u * 31 % 997
                )
            },
            true,
        ),
        ("mixed", mixed_id, true),
    ]
}

#[test]
fn hashed_ids_give_the_core_exact_ids_give_for_every_id_class_and_after_a_collision() {
    use smmkpi::input::activity::counts::Ids;
    use smmkpi::input::activity::ReadSizes;
    let dir = tempfile::tempdir().unwrap();
    let small = ReadSizes {
        window: 4096,
        block: 512,
        pending: 97,
        chunk: 31,
    };
    for (class, id, hashed) in id_classes() {
        let path = dir.path().join(format!("{}.csv", class.replace(' ', "_")));
        let (counts, _) = generate_activity_with(&path, 300, 6, 7, id);
        let p = path.to_str().unwrap();
        for (n, m) in [(2u32, 3u32), (1, 6)] {
            let (exact, again) = core_doc_with_ids(p, n, m, ReadSizes::default(), Ids::Exact);
            assert!(!again, "{class}");
            // The test's own count of the core, by name.
            let want: BTreeSet<&str> = counts
                .iter()
                .filter(|(_, c)| (6 - m..6).all(|k| c.get(&k).copied().unwrap_or(0) >= n as u64))
                .map(|(id, _)| id.as_str())
                .collect();
            let members: BTreeSet<&str> = exact["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(members, want, "{class}: N {n}, M {m}");
            assert_eq!(exact["users"], counts.len(), "{class}");
            for sizes in [ReadSizes::default(), small] {
                let (got, again) = core_doc_with_ids(p, n, m, sizes, Ids::hashed());
                assert!(!again, "{class}: no collision with the run's hash");
                assert_eq!(
                    canon(&got),
                    canon(&exact),
                    "{class}: N {n}, M {m}, {sizes:?}"
                );
                let (got, again) =
                    core_doc_with_ids(p, n, m, sizes, Ids::hashed_with(seven_hashes));
                assert_eq!(again, hashed, "{class}: a collision reads the input again");
                assert_eq!(
                    canon(&got),
                    canon(&exact),
                    "{class}: N {n}, M {m}, {sizes:?}"
                );
                // Names told apart by a second hash, not kept.
                let (got, again) = core_doc_with_ids(p, n, m, sizes, Ids::hashed_unnamed());
                assert!(!again, "{class}: no collision with the run's hashes");
                assert_eq!(
                    unlisted(got),
                    unlisted(exact.clone()),
                    "{class}: N {n}, M {m}, {sizes:?}, unnamed"
                );
                let (got, again) =
                    core_doc_with_ids(p, n, m, sizes, Ids::hashed_unnamed_with(seven_hashes));
                assert_eq!(
                    again, hashed,
                    "{class}: a collision the second hash tells apart reads the input again"
                );
                assert_eq!(
                    unlisted(got),
                    unlisted(exact.clone()),
                    "{class}: N {n}, M {m}, {sizes:?}, unnamed"
                );
            }
        }
    }
}

/// The default read, and one so small that every row is a block of its own
/// and every action a merge.
fn whole_and_tiny_reads() -> [smmkpi::input::activity::ReadSizes; 2] {
    use smmkpi::input::activity::ReadSizes;
    [
        ReadSizes::default(),
        ReadSizes {
            window: 64,
            block: 30,
            pending: 1,
            chunk: 1,
        },
    ]
}

/// `@anna_k` and `@olga_z` share a hash; every other name has its own.
fn anna_and_olga_share_a_hash(name: &[u8]) -> u64 {
    match name {
        b"@anna_k" | b"@olga_z" => 12345,
        _ => smmkpi::input::activity::counts::default_hash(name),
    }
}

#[test]
fn two_names_of_one_hash_are_two_users_read_again_exactly() {
    use smmkpi::input::activity::counts::Ids;
    use smmkpi::input::activity::ReadSizes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("activity.csv");
    // Both act in both months, 2 + 1 and 1 + 2 times: with N = 2 neither is
    // in the core; counted as one user, they would be.
    let mut text = String::from("user_id,timestamp,action\n");
    for (who, when) in [
        ("@anna_k", "2025-01-03 10:00"),
        ("@anna_k", "2025-01-04 10:00"),
        ("@olga_z", "2025-01-05 10:00"),
        ("@ivan_p", "2025-01-06 10:00"),
        ("@ivan_p", "2025-01-07 10:00"),
        ("@anna_k", "2025-02-03 10:00"),
        ("@olga_z", "2025-02-04 10:00"),
        ("@olga_z", "2025-02-05 10:00"),
        ("@ivan_p", "2025-02-06 10:00"),
        ("@ivan_p", "2025-02-07 10:00"),
    ] {
        text.push_str(&format!("{who},{when},like\n"));
    }
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let (exact, again) = core_doc_with_ids(p, 2, 2, ReadSizes::default(), Ids::Exact);
    assert!(!again);
    assert_eq!(exact["members"], serde_json::json!(["@ivan_p"]));
    assert_eq!(exact["users"], 3);
    // In one worker, and each name seen by a worker of its own; names kept,
    // or told apart by their second hashes.
    for sizes in whole_and_tiny_reads() {
        let (got, again) =
            core_doc_with_ids(p, 2, 2, sizes, Ids::hashed_with(anna_and_olga_share_a_hash));
        assert!(again, "the collision is found, {sizes:?}");
        assert_eq!(canon(&got), canon(&exact));
        let (got, again) = core_doc_with_ids(
            p,
            2,
            2,
            sizes,
            Ids::hashed_unnamed_with(anna_and_olga_share_a_hash),
        );
        assert!(
            again,
            "the collision is found by the second hash, {sizes:?}"
        );
        assert_eq!(unlisted(got), unlisted(exact.clone()));
    }
}

#[test]
fn names_in_windows_1251_with_a_shared_prefix_read_as_exact_names_do() {
    use smmkpi::input::activity::counts::Ids;
    use smmkpi::input::activity::ReadSizes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("activity.csv");
    let mut text = String::from("user_id,timestamp,action\n");
    for (who, day) in [
        ("Иван3", "01"),
        ("Иван7", "01"),
        ("Иван7", "02"),
        ("Иван07", "03"),
    ] {
        for hour in 10..12 {
            text.push_str(&format!("{who},2025-01-{day} {hour}:00,like\n"));
        }
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    std::fs::write(&path, &bytes).unwrap();
    let p = path.to_str().unwrap();
    let (exact, _) = core_doc_with_ids(p, 4, 1, ReadSizes::default(), Ids::Exact);
    assert_eq!(exact["users"], 3);
    assert_eq!(exact["members"], serde_json::json!(["Иван7"]));
    for sizes in whole_and_tiny_reads() {
        let (got, again) = core_doc_with_ids(p, 4, 1, sizes, Ids::hashed());
        assert!(!again);
        assert_eq!(canon(&got), canon(&exact));
        let (got, again) = core_doc_with_ids(p, 4, 1, sizes, Ids::hashed_unnamed());
        assert!(!again);
        assert_eq!(unlisted(got), unlisted(exact.clone()));
    }
}
