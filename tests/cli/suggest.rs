//! `smmkpi suggest`: next-period targets from history, checked by hand on
//! `goals_three_months.csv` (see `goals.rs` for its figures), and the goals
//! file it writes read back by `smmkpi goals`.

use serde_json::Value;

use crate::util::*;

const POSTS: &str = "tests/data/goals_three_months.csv";

fn suggestion<'a>(doc: &'a Value, metric: &str) -> &'a Value {
    doc["suggestions"]
        .as_array()
        .expect("a list of suggestions")
        .iter()
        .find(|s| s["metric"] == metric)
        .unwrap_or_else(|| panic!("no suggestion for {metric}"))
}

#[test]
fn targets_grow_by_the_median_growth_capped_at_the_best_change() {
    let d = json_of(&["suggest", POSTS, "--as-of", "2025-04-01"]);
    assert_eq!(d["schema"], "smmkpi.suggest/1");
    assert_eq!(d["next"]["period"], "2025-04");
    assert_eq!(d["next"]["end"], "2025-04-30");
    // Reach 10,000, 12,000, 14,000: growth 20 % and 16.7 %, median 18.3 %;
    // 14,000 × 18.3 % = 2,567 is more than the best change, 2,000.
    let r = suggestion(&d, "reach");
    assert_close(&r["current"], 14_000.0);
    assert_close(&r["median_growth"], (20.0 + 200.0 / 12.0) / 2.0);
    assert_close(&r["best_change"], 2_000.0);
    assert_close(&r["target"], 16_000.0);
    assert_eq!(r["rule"], "capped_at_best");
    assert!(r["how"]
        .as_str()
        .unwrap()
        .contains("14000 (2025-03) + 2000"));
    // ER 3, 4, 5 %: growth 33.3 % and 25 %, median 29.2 %; 5 × 29.2 % =
    // 1.46 > 1 → 6 %.
    let er = suggestion(&d, "er");
    assert_close(&er["median_growth"], (100.0 / 3.0 + 25.0) / 2.0);
    assert_close(&er["target"], 6.0);
    // CTR 1, 1.2, 1.5 %: growth 20 % and 25 %, median 22.5 %; 1.5 × 22.5 %
    // = 0.3375 > 0.3 → 1.8 %.
    let ctr = suggestion(&d, "ctr");
    assert_close(&ctr["median_growth"], 22.5);
    assert_close(&ctr["target"], 1.8);
    // Two posts every month: no growth, hold 2.
    let posts = suggestion(&d, "posts");
    assert_close(&posts["target"], 2.0);
    assert_eq!(posts["rule"], "hold");
    // Without follower counts or activity logs there is nothing more.
    assert_eq!(d["suggestions"].as_array().unwrap().len(), 4);
}

#[test]
fn followers_and_the_core_are_suggested_when_their_files_are_given() {
    let d = json_of(&[
        "suggest",
        POSTS,
        "tests/data/followers_levels.csv",
        "tests/data/activity_goals_three_months.csv",
        "--as-of",
        "2025-04-01",
    ]);
    // Followers 1,000, 1,100, 1,210: +10 % twice; 121 > the best change 110.
    let f = suggestion(&d, "followers");
    assert_close(&f["current"], 1210.0);
    assert_close(&f["median_growth"], 10.0);
    assert_close(&f["target"], 1320.0);
    // The core with `core`'s N = 3, M = 6 needs six months the log has not.
    let c = suggestion(&d, "core_size");
    assert_null(&c["target"]);
    assert!(c["how"].as_str().unwrap().contains("needs 6 months"), "{c}");
}

#[test]
fn the_goals_file_it_writes_is_read_by_goals_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("next.toml");
    smmkpi()
        .args(["suggest", POSTS, "--as-of", "2025-04-01", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::is_empty());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("[[goal]]") && text.contains("deadline = \"2025-04-30\""),
        "{text}"
    );
    let g = json_of(&[
        "goals",
        &path.display().to_string(),
        POSTS,
        "--as-of",
        "2025-04-01",
    ]);
    let goals = g["goals"].as_array().unwrap();
    let metrics: Vec<&str> = goals
        .iter()
        .map(|x| x["metric"].as_str().unwrap())
        .collect();
    assert_eq!(metrics, ["reach", "er", "ctr", "posts"]);
    let reach = &goals[0];
    assert_close(&reach["target"], 16_000.0);
    assert_close(&reach["baseline"], 14_000.0);
    assert_eq!(reach["baseline_period"], "2025-03");
    assert_eq!(reach["deadline"], "2025-04-30");
    // Nothing gained yet, 2,000 to gain in April, the only period left.
    assert_close(&reach["progress"], 0.0);
    assert_close(&reach["pace_needed"], 2_000.0);
    assert_eq!(reach["periods_left"], 1);
    // A month later April's 9,000 is current: 9,000 < 16,000 and the deadline is gone.
    let later = json_of(&[
        "goals",
        &path.display().to_string(),
        POSTS,
        "--as-of",
        "2025-05-01",
    ]);
    assert_close(&later["goals"][0]["current"], 9_000.0);
    assert_eq!(later["goals"][0]["status"], "missed");
    // The same with --format toml on stdout.
    let out = smmkpi()
        .args([
            "suggest",
            POSTS,
            "--as-of",
            "2025-04-01",
            "--format",
            "toml",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(stdout_text(&out), text);
}

#[test]
fn the_table_says_how_each_target_was_made() {
    let out = smmkpi()
        .args(["suggest", POSTS, "--as-of", "2025-04-01", "--lang", "ru"])
        .assert()
        .success()
        .get_output()
        .clone();
    let t = stdout_text(&out);
    assert!(
        t.contains("Предлагаемые цели") && t.contains("16\u{a0}000"),
        "{t}"
    );
    assert!(t.contains("удержать уровень"), "{t}");
}

#[test]
fn period_all_is_refused() {
    smmkpi()
        .args(["suggest", POSTS, "--period", "all"])
        .assert()
        .code(2);
}
