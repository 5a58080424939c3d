//! `smmkpi report --compare`: the summary against the range before, a year
//! earlier, or other exports; figures worked out by hand from
//! `goals_three_months.csv` (see `goals.rs`) and `compare_february.csv`
//! (reach 1,000, 2,000, 3,000 with likes 10, 40, 90: ER 1, 2 and 3 %).

use serde_json::Value;

use crate::util::*;

const POSTS: &str = "tests/data/goals_three_months.csv";
const MARCH: [&str; 4] = ["--since", "2025-03-01", "--until", "2025-03-31"];

fn report(extra: &[&str]) -> Value {
    let mut args = vec!["report", POSTS];
    args.extend_from_slice(&MARCH);
    args.extend_from_slice(extra);
    json_of(&args)
}

#[test]
fn previous_compares_with_the_range_just_before() {
    let r = report(&["--compare", "previous"]);
    let c = &r["comparison"];
    assert_eq!(c["against"], "previous");
    assert_eq!(c["base"]["range"]["start"], "2025-02-01");
    assert_eq!(c["base"]["range"]["end"], "2025-02-28");
    assert_eq!(c["current"]["range"]["start"], "2025-03-01");
    assert_eq!(c["base"]["posts"], 2);
    let s = &c["summary"];
    // Reach 12,000 → 14,000: +2,000, +16.7 %.
    assert_eq!(s["reach"]["base"], 12_000);
    assert_eq!(s["reach"]["current"], 14_000);
    assert_eq!(s["reach"]["change"], 2_000);
    assert_close(&s["reach"]["change_pct"], 2_000.0 / 12_000.0 * 100.0);
    // Two posts each month: no change.
    assert_eq!(s["posts"]["change"], 0);
    assert_close(&s["posts"]["change_pct"], 0.0);
    // ER 4 % → 5 %: +1 p.p., +25 %. Every post of a month has the same ER,
    // so every resample gives the same change: the interval is [1, 1].
    assert_close(&s["er_mean"]["change"], 1.0);
    assert_close(&s["er_mean"]["change_pct"], 25.0);
    assert_close(&s["er_mean"]["ci_low"], 1.0);
    assert_close(&s["er_mean"]["ci_high"], 1.0);
    assert_eq!(s["er_mean"]["significant"], true);
    assert_close(&s["er_median"]["ci_low"], 1.0);
    // Mean reach 6,000 → 7,000. Resampled means lie in 5,000…7,000 and
    // 6,000…8,000, so the changes in −1,000…3,000.
    assert_close(&s["reach_mean"]["change"], 1_000.0);
    let (lo, hi) = (
        num(&s["reach_mean"]["ci_low"]),
        num(&s["reach_mean"]["ci_high"]),
    );
    assert!(
        (-1_000.0..=1_000.0).contains(&lo) && (1_000.0..=3_000.0).contains(&hi),
        "{lo} {hi}"
    );
    // Only means and medians of posts have an interval.
    assert!(s["reach"].get("ci_low").is_none());
    // Neither month reports saves.
    assert_null(&s["saves"]["base"]);
    assert_null(&s["saves"]["change"]);
    assert_null(&s["saves"]["change_pct"]);
}

#[test]
fn the_interval_is_the_same_on_every_run() {
    let a = report(&["--compare", "previous"]);
    let b = report(&["--compare", "previous"]);
    assert_eq!(a["comparison"], b["comparison"]);
}

#[test]
fn whole_months_without_since_and_until_compare_with_as_many_months_before() {
    // The report spans its periods, January to April 2025 (four months):
    // the base is September to December 2024, which the file does not hold.
    let out = smmkpi()
        .args(["report", POSTS, "--compare", "previous", "-f", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let r = json(&out.stdout);
    let c = &r["comparison"];
    assert_eq!(c["current"]["range"]["start"], "2025-01-01");
    assert_eq!(c["current"]["range"]["end"], "2025-04-30");
    assert_eq!(c["base"]["range"]["start"], "2024-09-01");
    assert_eq!(c["base"]["range"]["end"], "2024-12-31");
    assert_eq!(c["base"]["posts"], 0);
    assert!(stderr_text(&out).contains("no post of the files falls in 2024-09-01"));
}

#[test]
fn year_compares_with_the_same_range_a_year_earlier() {
    let r = report(&["--compare", "year"]);
    let c = &r["comparison"];
    assert_eq!(c["against"], "year");
    assert_eq!(c["base"]["range"]["start"], "2024-03-01");
    assert_eq!(c["base"]["range"]["end"], "2024-03-31");
    // Nothing a year earlier: every base figure, change and interval is null.
    let s = &c["summary"];
    assert_eq!(s["posts"]["base"], 0);
    assert_null(&s["posts"]["change_pct"]);
    assert_null(&s["reach"]["base"]);
    assert_null(&s["reach"]["change"]);
    assert_null(&s["er_mean"]["ci_low"]);
    assert_null(&s["er_mean"]["significant"]);
}

#[test]
fn other_files_are_the_base_as_a_whole() {
    let r = report(&["--compare", "tests/data/compare_february.csv"]);
    let c = &r["comparison"];
    assert_eq!(c["against"], "files");
    assert_eq!(c["base"]["files"][0], "tests/data/compare_february.csv");
    assert_eq!(c["base"]["range"]["start"], "2025-02-01");
    let s = &c["summary"];
    // ER mean 2 % → 5 %: +3 p.p., +150 %; reach 6,000 → 14,000.
    assert_close(&s["er_mean"]["change"], 3.0);
    assert_close(&s["er_mean"]["change_pct"], 150.0);
    assert_eq!(s["reach"]["change"], 8_000);
    // A resampled mean of 1, 2, 3 % lies in 1…3 and March's is 5: the
    // interval lies in 2…4 and excludes 0.
    let (lo, hi) = (num(&s["er_mean"]["ci_low"]), num(&s["er_mean"]["ci_high"]));
    assert!(2.0 <= lo && lo <= hi && hi <= 4.0, "{lo} {hi}");
    assert_eq!(s["er_mean"]["significant"], true);
    // The base files report no link clicks: CTR there is null.
    assert_null(&s["ctr"]["base"]);
    assert_close(&s["ctr"]["current"], 1.5);
}

#[test]
fn csv_writes_the_comparison_section_and_refuses_it_without_compare() {
    let mut args = vec!["report", POSTS];
    args.extend_from_slice(&MARCH);
    let out = smmkpi()
        .args(&args)
        .args([
            "--compare",
            "previous",
            "-f",
            "csv",
            "--section",
            "comparison",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout_text(&out);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let h = rd.headers().unwrap().clone();
    let col = |n: &str| {
        h.iter()
            .position(|x| x == n)
            .unwrap_or_else(|| panic!("{n} in {h:?}"))
    };
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let reach = rows.iter().find(|r| &r[col("metric")] == "reach").unwrap();
    assert_eq!(&reach[col("change")], "2000");
    assert_eq!(&reach[col("base_start")], "2025-02-01");
    let er = rows
        .iter()
        .find(|r| &r[col("metric")] == "er_mean")
        .unwrap();
    assert_eq!(&er[col("significant")], "true");
    smmkpi()
        .args(&args)
        .args(["-f", "csv", "--section", "comparison"])
        .assert()
        .code(2);
}

#[test]
fn table_md_and_html_show_the_comparison() {
    let mut args = vec!["report", POSTS];
    args.extend_from_slice(&MARCH);
    args.extend_from_slice(&["--compare", "previous"]);
    let run = |extra: &[&str]| {
        let out = smmkpi()
            .args(&args)
            .args(extra)
            .assert()
            .success()
            .get_output()
            .clone();
        stdout_text(&out)
    };
    let t = run(&[]);
    assert!(
        t.contains("Comparison: 2025-03-01 … 2025-03-31 (report) against 2025-02-01 … 2025-02-28"),
        "{t}"
    );
    assert!(t.contains("+2,000") && t.contains("+16.7 %"), "{t}");
    let md = run(&["-f", "md", "--lang", "ru"]);
    assert!(
        md.contains("## Сравнение:") && md.contains("| да |"),
        "{md}"
    );
    let html = run(&["-f", "html"]);
    let page = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("section#comparison td").unwrap();
    let cells: Vec<String> = page.select(&sel).map(|c| c.text().collect()).collect();
    assert!(cells.iter().any(|c| c == "+2,000"), "{cells:?}");
}

#[test]
fn previous_and_year_stand_alone() {
    let mut args = vec!["report", POSTS];
    args.extend_from_slice(&["--compare", "previous", "year"]);
    smmkpi().args(&args).assert().code(2);
}
