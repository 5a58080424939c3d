//! `smmkpi goals`: SMART goals over small fixtures, every figure worked out
//! by hand in the test.
//!
//! `goals_three_months.csv` holds two posts a month, January to March 2025,
//! and one on 2025-04-03:
//!
//! | month | reach         | interactions (likes + comments) | ER of each post | link clicks | CTR                 |
//! |-------|---------------|---------------------------------|-----------------|-------------|---------------------|
//! | Jan   | 4,000 + 6,000 | 120 + 180                       | 3 %, 3 %        | 40 + 60     | 100 / 10,000 = 1 %  |
//! | Feb   | 5,000 + 7,000 | 200 + 280                       | 4 %, 4 %        | 60 + 84     | 144 / 12,000 = 1.2 %|
//! | Mar   | 6,000 + 8,000 | 300 + 400                       | 5 %, 5 %        | 84 + 126    | 210 / 14,000 = 1.5 %|
//! | Apr   | 9,000         | 270                             | 3 %             | 90          | 1 %                 |
//!
//! With `--as-of 2025-04-01` April is not complete, so March is current.

use serde_json::Value;

use crate::util::*;

const POSTS: &str = "tests/data/goals_three_months.csv";

/// Writes `text` as a goals file in a fresh folder; the folder lives as long as the value.
struct GoalsFile {
    dir: tempfile::TempDir,
}

impl GoalsFile {
    fn new(text: &str) -> GoalsFile {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("goals.toml"), text).expect("the goals file is written");
        GoalsFile { dir }
    }

    fn path(&self) -> String {
        self.dir.path().join("goals.toml").display().to_string()
    }
}

/// `smmkpi goals FILE ARGS... --format json`.
fn goals(text: &str, args: &[&str]) -> Value {
    let g = GoalsFile::new(text);
    let path = g.path();
    let mut all = vec!["goals", path.as_str()];
    all.extend_from_slice(args);
    json_of(&all)
}

/// The goal named `name`.
fn goal<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["goals"]
        .as_array()
        .expect("a goals list")
        .iter()
        .find(|g| g["name"] == name)
        .unwrap_or_else(|| panic!("no goal named {name}"))
}

fn codes(g: &Value) -> Vec<&str> {
    g["warning_codes"]
        .as_array()
        .expect("a list of codes")
        .iter()
        .map(|c| c.as_str().expect("a code"))
        .collect()
}

const WORKED_EXAMPLE: &str = r#"
[[goal]]
name = "Reach 15k by June"
metric = "reach"
target = 15000
deadline = "2025-06-30"
"#;

#[test]
fn the_worked_example_of_reach_is_on_track() {
    let d = goals(WORKED_EXAMPLE, &[POSTS, "--as-of", "2025-04-01"]);
    assert_eq!(d["schema"], "smmkpi.goals/1");
    assert_eq!(d["as_of"], "2025-04-01");
    let g = goal(&d, "Reach 15k by June");
    // Reach by month: 10,000, 12,000, 14,000; April is not complete.
    assert_close(&g["baseline"], 10_000.0);
    assert_eq!(g["baseline_period"], "2025-01");
    assert_close(&g["current"], 14_000.0);
    assert_eq!(g["current_period"], "2025-03");
    // (14,000 − 10,000) / (15,000 − 10,000) × 100.
    assert_close(&g["progress"], 80.0);
    // 4,000 over the two months from January to March.
    assert_close(&g["pace_actual"], 2_000.0);
    // 1,000 still to gain over April, May and June.
    assert_close(&g["pace_needed"], 1_000.0 / 3.0);
    assert_eq!(g["periods_left"], 3);
    // The line 10,000 + 2,000 k (k = 0 in January) at June, k = 5.
    assert_close(&g["projected"], 20_000.0);
    assert_eq!(g["status"], "on_track");
    assert!(codes(g).is_empty());
    let series: Vec<f64> = column(&g["series"], "value").into_iter().map(num).collect();
    assert_eq!(series, [10_000.0, 12_000.0, 14_000.0]);
    assert_eq!(g["series"][0]["start"], "2025-01-01");
    assert_eq!(g["files"][0], POSTS);
}

const EVERY_STATUS: &str = r#"
[[goal]]
name = "on track"
metric = "reach"
target = 15000
deadline = "2025-06-30"

[[goal]]
name = "achieved"
metric = "reach"
target = 13000
deadline = "2025-06-30"

[[goal]]
name = "missed"
metric = "reach"
target = 20000
deadline = "2025-02-28"

[[goal]]
name = "at risk"
metric = "reach"
target = 30000
deadline = "2025-06-30"

[[goal]]
name = "unrealistic"
metric = "reach"
target = 40000
deadline = "2025-05-31"

[[goal]]
name = "no data"
metric = "saves"
target = 100
deadline = "2025-06-30"

[[goal]]
name = "not beyond"
metric = "er"
baseline = 6
target = 4
deadline = "2025-06-30"

[[goal]]
name = "ctr"
metric = "ctr"
target = 2
deadline = "2025-06-30"
"#;

#[test]
fn a_goal_reached_is_achieved() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "achieved");
    assert_eq!(g["status"], "achieved");
    // (14,000 − 10,000) / (13,000 − 10,000) × 100.
    assert_close(&g["progress"], 400.0 / 3.0);
    // (13,000 − 14,000) / 3: the target is behind.
    assert_close(&g["pace_needed"], -1_000.0 / 3.0);
    assert!(codes(g).is_empty());
}

#[test]
fn a_deadline_gone_by_is_missed_and_judged_at_its_period() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "missed");
    assert_eq!(g["status"], "missed");
    // February is the deadline's month: its 12,000 is what counts.
    assert_close(&g["current"], 12_000.0);
    assert_eq!(g["current_period"], "2025-02");
    // (12,000 − 10,000) / (20,000 − 10,000) × 100.
    assert_close(&g["progress"], 20.0);
    assert_eq!(g["periods_left"], 0);
    assert_null(&g["pace_needed"]);
    // The line through January and February, 10,000 + 2,000 k, at k = 1.
    assert_close(&g["projected"], 12_000.0);
    assert_eq!(codes(g), ["deadline_passed"]);
    assert!(g["warnings"][0]
        .as_str()
        .unwrap()
        .contains("deadline 2025-02-28 has passed"));
}

#[test]
fn a_projection_short_of_the_target_is_at_risk() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "at risk");
    assert_eq!(g["status"], "at_risk");
    assert_close(&g["projected"], 20_000.0);
    // (30,000 − 14,000) / 3 = 5,333.3: under 3 × the best change of 2,000.
    assert_close(&g["pace_needed"], 16_000.0 / 3.0);
    assert_close(&g["best_change"], 2_000.0);
    assert!(codes(g).is_empty());
}

#[test]
fn a_pace_beyond_three_times_the_best_change_is_unrealistic() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "unrealistic");
    // (40,000 − 14,000) / 2 months (April, May) = 13,000 > 3 × 2,000.
    assert_close(&g["pace_needed"], 13_000.0);
    assert_eq!(g["periods_left"], 2);
    // 10,000 + 2,000 × 4 in May.
    assert_close(&g["projected"], 18_000.0);
    assert_eq!(g["status"], "at_risk");
    assert_eq!(codes(g), ["pace_unrealistic"]);
    assert!(g["warnings"][0].as_str().unwrap().contains("13000 a month"));
}

#[test]
fn a_metric_no_post_reports_has_no_data_and_says_why() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "no data");
    assert_eq!(g["status"], "no_data");
    for f in [
        "baseline",
        "current",
        "progress",
        "pace_needed",
        "projected",
    ] {
        assert_null(&g[f]);
    }
    assert_eq!(codes(g), ["no_data"]);
    let w = g["warnings"][0].as_str().unwrap();
    assert!(w.contains("no post reports saves"), "{w}");
}

#[test]
fn a_target_not_beyond_the_baseline_is_warned_about() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "not beyond");
    // ER by month 3, 4, 5 %; the goal states baseline 6 and target 4.
    assert_close(&g["baseline"], 6.0);
    assert_close(&g["current"], 5.0);
    // (5 − 6) / (4 − 6) × 100.
    assert_close(&g["progress"], 50.0);
    assert_eq!(g["status"], "achieved");
    assert_eq!(codes(g), ["target_not_beyond_baseline"]);
}

#[test]
fn a_rate_goal_projects_the_least_squares_line() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "ctr");
    // CTR 1, 1.2, 1.5 at k = 0, 1, 2: slope Σ(k − 1)(y − ȳ) / Σ(k − 1)² =
    // (−1 × (1 − 3.7/3) + 1 × (1.5 − 3.7/3)) / 2 = 0.25; intercept
    // 3.7/3 − 0.25; June is k = 5.
    assert_close(&g["projected"], 3.7 / 3.0 - 0.25 + 0.25 * 5.0);
    assert_close(&g["pace_needed"], 0.5 / 3.0);
    assert_close(&g["best_change"], 0.3);
    assert_eq!(g["status"], "on_track");
}

#[test]
fn every_status_appears_once_the_goals_are_read_together() {
    let d = goals(EVERY_STATUS, &[POSTS, "--as-of", "2025-04-01"]);
    let statuses: Vec<&str> = column(&d["goals"], "status")
        .into_iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for s in ["achieved", "missed", "on_track", "at_risk", "no_data"] {
        assert!(statuses.contains(&s), "{s} in {statuses:?}");
    }
}

#[test]
fn as_of_decides_which_periods_are_complete() {
    // On 2025-05-01 April (9,000) is complete and current.
    let d = goals(WORKED_EXAMPLE, &[POSTS, "--as-of", "2025-05-01"]);
    let g = goal(&d, "Reach 15k by June");
    assert_close(&g["current"], 9_000.0);
    assert_eq!(g["current_period"], "2025-04");
    // Today is SMMKPI_TODAY (2026-11-22) without --as-of: the deadline has passed.
    let d = goals(WORKED_EXAMPLE, &[POSTS]);
    assert_eq!(d["as_of"], TODAY);
    assert_eq!(goal(&d, "Reach 15k by June")["status"], "missed");
}

#[test]
fn followers_come_from_follower_counts_up_to_the_day_before_as_of() {
    let text = r#"
[[goal]]
name = "followers"
metric = "followers"
target = 1500
deadline = "2025-06-30"
"#;
    // Month ends: January 1,000, February 1,100, March 1,210.
    let d = goals(
        text,
        &[
            POSTS,
            "tests/data/followers_levels.csv",
            "--as-of",
            "2025-04-01",
        ],
    );
    let g = goal(&d, "followers");
    assert_close(&g["baseline"], 1000.0);
    assert_close(&g["current"], 1210.0);
    // 210 / 500 × 100; 210 over 2 months; 290 over 3 months.
    assert_close(&g["progress"], 42.0);
    assert_close(&g["pace_actual"], 105.0);
    assert_close(&g["pace_needed"], 290.0 / 3.0);
    // Slope (−1 × −310/3 + 1 × 320/3) / 2 = 105 over mean 3310/3: at k = 5,
    // 3310/3 + 105 × (5 − 1).
    assert_close(&g["projected"], 3310.0 / 3.0 + 420.0);
    assert_eq!(g["status"], "on_track");
    // On 2025-03-02 the latest count is March 1st's 1,098.
    let d = goals(
        text,
        &["tests/data/followers_levels.csv", "--as-of", "2025-03-02"],
    );
    let g = goal(&d, "followers");
    assert_close(&g["current"], 1098.0);
    assert_eq!(g["current_period"], "2025-03");
}

#[test]
fn the_core_comes_from_activity_logs_given_among_the_files() {
    let text = r#"
[[goal]]
name = "core"
metric = "core_size"
target = 6
deadline = "2025-06-30"
min_actions = 1
months = 1
"#;
    // With N = 1 and M = 1 the core is the month's active users:
    // January a, b; February a, b, c; March a, b, c, d.
    let d = goals(
        text,
        &[
            POSTS,
            "tests/data/activity_goals_three_months.csv",
            "--as-of",
            "2025-04-01",
        ],
    );
    assert_eq!(d["input"]["files"][1]["kind"], "activity_log");
    let g = goal(&d, "core");
    assert_close(&g["baseline"], 2.0);
    assert_close(&g["current"], 4.0);
    assert_close(&g["progress"], 50.0);
    // 2 + 1 × 5 in June.
    assert_close(&g["projected"], 7.0);
    assert_eq!(g["status"], "on_track");
    assert_eq!(g["files"][0], "tests/data/activity_goals_three_months.csv");
}

#[test]
fn a_core_window_longer_than_the_logs_says_what_to_change() {
    let text = "[[goal]]\nname = \"core\"\nmetric = \"core_size\"\ntarget = 6\ndeadline = \"2025-06-30\"\n";
    let d = goals(
        text,
        &[
            "tests/data/activity_goals_three_months.csv",
            "--as-of",
            "2025-04-01",
        ],
    );
    let g = goal(&d, "core");
    assert_eq!(g["status"], "no_data");
    let w = g["warnings"][0].as_str().unwrap();
    assert!(w.contains("months = 3 or fewer"), "{w}");
}

#[test]
fn a_platform_keeps_only_its_files() {
    let text = r#"
[[goal]]
name = "vk reach"
metric = "reach"
target = 15000
deadline = "2025-06-30"
platform = "vk"
"#;
    let d = goals(text, &[POSTS, "--as-of", "2025-04-01"]);
    let g = goal(&d, "vk reach");
    assert_eq!(g["status"], "no_data");
    assert!(g["warnings"][0]
        .as_str()
        .unwrap()
        .contains("no post export of platform vk"));
}

/// `smmkpi goals` on a goals file that must be refused: exit 2, stderr.
fn refused(text: &str) -> String {
    let g = GoalsFile::new(text);
    let out = smmkpi()
        .args(["goals", &g.path(), POSTS])
        .assert()
        .code(2)
        .get_output()
        .clone();
    stderr_text(&out)
}

#[test]
fn an_unknown_metric_is_a_usage_error_with_its_line() {
    let e = refused(
        "[[goal]]\nname = \"x\"\nmetric = \"reech\"\ntarget = 1\ndeadline = \"2025-06-30\"\n",
    );
    assert!(
        e.contains("goals.toml:3: metric: unknown metric 'reech'"),
        "{e}"
    );
}

#[test]
fn a_bad_date_is_a_usage_error_with_its_line() {
    let e = refused("[[goal]]\nmetric = \"reach\"\ntarget = 1\ndeadline = \"June\"\n");
    assert!(e.contains("goals.toml:4: deadline: cannot read"), "{e}");
}

#[test]
fn a_missing_target_is_a_usage_error_with_the_goals_line() {
    let e = refused("\n[[goal]]\nmetric = \"reach\"\ndeadline = \"2025-06-30\"\n");
    assert!(e.contains("goals.toml:2:"), "{e}");
    assert!(e.contains("target"), "{e}");
}

#[test]
fn the_table_shows_a_bar_and_the_status_in_words_in_both_languages() {
    let g = GoalsFile::new(EVERY_STATUS);
    let run = |lang: &str| {
        let out = smmkpi()
            .args([
                "goals",
                &g.path(),
                POSTS,
                "--as-of",
                "2025-04-01",
                "--lang",
                lang,
            ])
            .assert()
            .success()
            .get_output()
            .clone();
        stdout_text(&out)
    };
    let en = run("en");
    assert!(en.contains("████████░░ 80 %"), "{en}");
    assert!(en.contains("on track") && en.contains("at risk") && en.contains("no data"));
    assert!(en.contains("SMART checks"));
    let ru = run("ru");
    assert!(ru.contains("Цели") && ru.contains("идёт по плану") && ru.contains("под угрозой"));
    assert!(ru.contains("срок 2025-02-28 прошёл"), "{ru}");
}

#[test]
fn csv_has_one_row_per_goal_and_md_a_table() {
    let g = GoalsFile::new(EVERY_STATUS);
    let out = smmkpi()
        .args([
            "goals",
            &g.path(),
            POSTS,
            "--as-of",
            "2025-04-01",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout_text(&out);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 8);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("name")], "on track");
    assert_eq!(&rows[0][col("progress")], "80.0");
    assert_eq!(&rows[2][col("status")], "missed");
    assert!(rows[2][col("warnings")].contains("has passed"));
    let out = smmkpi()
        .args([
            "goals",
            &g.path(),
            POSTS,
            "--as-of",
            "2025-04-01",
            "-f",
            "md",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let md = stdout_text(&out);
    assert!(
        md.contains("| Reach") || md.contains("| on track |"),
        "{md}"
    );
    assert!(md.starts_with("# Goals"));
}

#[test]
fn html_draws_each_goal_and_escapes_its_name() {
    let text = WORKED_EXAMPLE.replace("Reach 15k by June", "<script>alert(1)</script>");
    let g = GoalsFile::new(&text);
    let out = smmkpi()
        .args([
            "goals",
            &g.path(),
            POSTS,
            "--as-of",
            "2025-04-01",
            "-f",
            "html",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let html = stdout_text(&out);
    assert!(!html.contains("<script>"), "the goal's name is escaped");
    let page = scraper::Html::parse_document(&html);
    let cells = scraper::Selector::parse("section#goals-0 td").unwrap();
    let texts: Vec<String> = page.select(&cells).map(|c| c.text().collect()).collect();
    assert!(
        texts.iter().any(|t| t == "<script>alert(1)</script>"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "80 %"), "{texts:?}");
    let bar = scraper::Selector::parse("section#goals-0 .progress span").unwrap();
    assert_eq!(
        page.select(&bar).next().unwrap().value().attr("style"),
        Some("width: 80%")
    );
    // One chart with a point per month of the series.
    let points = scraper::Selector::parse("section#goal-0 svg circle").unwrap();
    assert_eq!(page.select(&points).count(), 3);
}

#[test]
fn stdin_is_refused_because_files_are_read_more_than_once() {
    let g = GoalsFile::new(WORKED_EXAMPLE);
    let out = smmkpi()
        .args(["goals", &g.path(), "-"])
        .write_stdin("date,reach\n2025-01-01,10\n")
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(stderr_text(&out).contains("instead of `-`"));
}
