//! `core`: the active core of activity logs and Telegram group exports,
//! checked against figures computed by hand and against a plain count of
//! generated logs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::util::*;

/// `smmkpi ARGS... --list` (ARGS starting with `core`), one id per line.
fn core_list(args: &[&str]) -> Vec<String> {
    let out = smmkpi().args(args).arg("--list").assert().success();
    stdout_text(out.get_output())
        .lines()
        .map(str::to_string)
        .collect()
}

/// One field of every month of `monthly`.
fn monthly(r: &Value, field: &str) -> Vec<Value> {
    column(&r["monthly"], field).into_iter().cloned().collect()
}

fn ints(v: &[u64]) -> Vec<Value> {
    v.iter().map(|&n| Value::from(n)).collect()
}

// The fixture activity_en.csv (and its Russian and Windows-1251 copies), Jan–Apr 2024,
// actions per user per month:
//   101:  2 2 3 2
//   102:  2 1 2 2
//   103:  - 2 2 4
//   anna: 3 2 2 1   (Анна in the Windows-1251 copy)
//   104:  - - - 1
// With N = 2 and M = 3 the window ending in March is Jan–Mar: 101 and anna;
// the one ending in April is Feb–Apr: 101 and 103 (103 enters, anna leaves).
const RULE: [&str; 4] = ["-n", "2", "-m", "3"];

fn en(extra: &[&str]) -> Value {
    let file = data("activity_en.csv");
    let mut args = vec!["core", file.as_str()];
    args.extend(RULE);
    args.extend(extra);
    json_of(&args)
}

#[test]
fn the_core_of_an_english_log_is_the_users_meeting_n_in_each_month_of_the_window() {
    let r = en(&[]);
    assert_eq!(r["schema"], "smmkpi.core/1");
    assert_eq!(int(&r["core_size"]), 2);
    assert_eq!(int(&r["min_actions"]), 2);
    assert_eq!(int(&r["months"]), 3);
    assert_eq!(r["as_of"], "2024-04");
    assert_eq!(r["window"]["start"], "2024-02");
    assert_eq!(r["window"]["end"], "2024-04");
    assert_eq!(r["window"]["complete"], true);
    assert_eq!(r["data_months"]["first"], "2024-01");
    assert_eq!(int(&r["users"]), 5);
    // 2 of 5 users
    assert_close(&r["core_share"], 40.0);
}

#[test]
fn monthly_figures_follow_the_core_month_by_month() {
    let r = en(&[]);
    let labels: Vec<Value> = monthly(&r, "month");
    assert_eq!(labels, vec!["2024-01", "2024-02", "2024-03", "2024-04"]);
    // 2+2+3, 2+1+2+2, 3+2+2+2, 2+2+4+1+1
    assert_eq!(monthly(&r, "actions"), ints(&[7, 7, 9, 10]));
    assert_eq!(monthly(&r, "active_users"), ints(&[3, 4, 4, 5]));
    assert_eq!(monthly(&r, "meeting_min"), ints(&[3, 3, 4, 3]));
    // A 3-month window first fits the data in March.
    let core = monthly(&r, "core");
    assert_null(&core[0]);
    assert_null(&core[1]);
    assert_eq!(&core[2..], ints(&[2, 2]).as_slice());
    let entered = monthly(&r, "entered");
    let left = monthly(&r, "left");
    assert_null(&entered[2]);
    assert_null(&left[2]);
    assert_eq!(int(&entered[3]), 1); // 103
    assert_eq!(int(&left[3]), 1); // anna
}

#[test]
fn list_prints_the_cores_user_ids_numeric_ids_first() {
    let file = data("activity_en.csv");
    let mut args = vec!["core", file.as_str()];
    args.extend(RULE);
    assert_eq!(core_list(&args), vec!["101", "103"]);
    args.extend(["--as-of", "2024-03"]);
    assert_eq!(core_list(&args), vec!["101", "anna"]);
}

#[test]
fn list_as_json_is_an_array_and_as_csv_a_user_column() {
    let file = data("activity_en.csv");
    assert_eq!(
        json_of(&["core", &file, "-n", "2", "-m", "3", "--list"]),
        serde_json::json!(["101", "103"])
    );
    let out = smmkpi()
        .args([
            "core", &file, "-n", "2", "-m", "3", "--list", "--format", "csv",
        ])
        .assert()
        .success();
    assert_eq!(stdout_text(out.get_output()), "user\n101\n103\n");
}

#[test]
fn an_earlier_as_of_moves_the_window() {
    let r = en(&["--as-of", "2024-03"]);
    assert_eq!(int(&r["core_size"]), 2);
    assert_eq!(r["window"]["start"], "2024-01");
    // A full date names its month.
    let r = en(&["--as-of", "2024-03-31"]);
    assert_eq!(r["as_of"], "2024-03");
}

#[test]
fn the_distribution_of_actions_per_user_month_helps_choose_n() {
    let r = en(&[]);
    let d = &r["distribution"];
    // Counts 1 ×3, 2 ×10, 3 ×2, 4 ×1: 16 user-months, 33 actions.
    assert_eq!(int(&d["user_months"]), 16);
    assert_close(&d["mean"], 33.0 / 16.0);
    assert_close(&d["median"], 2.0);
    assert_eq!(int(&d["max"]), 4);
    let b = d["buckets"].as_array().unwrap();
    assert_eq!(b[0]["actions"], "1");
    assert_eq!(int(&b[0]["user_months"]), 3);
    assert_eq!(int(&b[1]["user_months"]), 10);
    assert_close(&b[1]["at_least_share"], 13.0 / 16.0 * 100.0);
    assert_close(&b[2]["at_least_share"], 3.0 / 16.0 * 100.0);
    // Weakest month of the Feb–Apr window: 101 → 2, 102 → 1, 103 → 2, anna → 1, 104 → 0.
    let by_n = r["core_by_min_actions"].as_array().unwrap();
    assert_eq!(by_n.len(), 10);
    assert_eq!(int(&by_n[0]["core_size"]), 4);
    assert_eq!(int(&by_n[1]["core_size"]), 2);
    assert_eq!(int(&by_n[2]["core_size"]), 0);
}

#[test]
fn unreadable_rows_are_counted_and_reported_with_line_and_reason() {
    let r = en(&[]);
    let input = &r["input"];
    assert_eq!(int(&input["rows_read"]), 36);
    assert_eq!(int(&input["actions"]), 33);
    assert_eq!(int(&input["skipped_count"]), 3);
    assert_eq!(int(&input["skipped_by_reason"]["bad_date"]), 1);
    assert_eq!(int(&input["skipped_by_reason"]["no_user"]), 1);
    assert_eq!(int(&input["skipped_by_reason"]["empty_row"]), 1);
    let skipped = skipped(&r);
    assert_eq!(skipped[0].0, 8);
    assert!(
        skipped[0].1.contains("'2024-13-45 10:00:00'"),
        "{skipped:?}"
    );
    assert_eq!(skipped[1].0, 15);
    assert!(skipped[1].1.contains("no user id"));
    assert_eq!(skipped[2].0, 26);
    let details = &input["details"][0];
    assert_eq!(details["columns"]["user"], "user_id");
    assert_eq!(details["columns"]["at"], "timestamp");
    assert_eq!(details["columns"]["action"], "action");
    assert_eq!(int(&details["header_line"]), 1);
    // The first ones are on stderr too.
    let out = smmkpi()
        .args(["core", &data("activity_en.csv")])
        .args(RULE)
        .assert()
        .success();
    let err = stderr_text(out.get_output());
    assert!(
        err.contains("activity_en.csv:8: cannot read '2024-13-45 10:00:00' as a date"),
        "{err}"
    );
}

#[test]
fn strict_turns_unreadable_rows_into_an_error() {
    let out = smmkpi()
        .args(["core", &data("activity_en.csv"), "--strict"])
        .args(RULE)
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("--strict: 2 rows could not be used"), "{err}");
    assert!(err.contains("activity_en.csv:8"), "{err}");
}

#[test]
fn a_russian_log_with_semicolons_and_day_first_times_gives_the_same_figures() {
    let en = en(&[]);
    let file = data("activity_ru_semicolon.csv");
    let mut args = vec!["core", file.as_str()];
    args.extend(RULE);
    let ru = json_of(&args);
    for field in [
        "core_size",
        "users",
        "monthly",
        "distribution",
        "core_by_min_actions",
    ] {
        assert_eq!(ru[field], en[field], "{field}");
    }
    let d = &ru["input"]["details"][0];
    assert_eq!(d["delimiter"], ";");
    assert_eq!(int(&d["header_line"]), 2);
    assert_eq!(d["columns"]["user"], "Пользователь");
    assert_eq!(d["columns"]["at"], "Дата");
    assert_eq!(d["columns"]["action"], "Действие");
    assert_eq!(int(&ru["input"]["skipped_count"]), 0);
    assert_eq!(core_list(&args), vec!["101", "103"]);
}

#[test]
fn a_windows_1251_log_is_decoded() {
    let file = data("activity_windows1251.csv");
    let mut args = vec!["core", file.as_str(), "--as-of", "2024-03"];
    args.extend(RULE);
    let r = json_of(&args);
    assert_eq!(r["input"]["details"][0]["encoding"], "windows-1251");
    assert_eq!(r["input"]["details"][0]["columns"]["user"], "Пользователь");
    assert_eq!(int(&r["core_size"]), 2);
    assert_eq!(core_list(&args), vec!["101", "Анна"]);
    let values: Vec<&str> = r["action_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"лайк"), "{values:?}");
}

#[test]
fn a_utf16_log_is_decoded() {
    let text = std::fs::read_to_string(data("activity_ru_semicolon.csv")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16.csv");
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    let mut args = vec!["core", p];
    args.extend(RULE);
    let r = json_of(&args);
    assert_eq!(r["input"]["details"][0]["encoding"], "UTF-16LE");
    assert_eq!(int(&r["core_size"]), 2);
    assert_eq!(int(&r["input"]["actions"]), 33);
}

#[test]
fn actions_counts_only_the_named_actions() {
    let r = en(&["--actions", "Comment,repost"]);
    // comments: 102 Jan 2; 103 Feb 2, Mar 2, Apr 4; anna Feb 2. reposts: 102 Mar 2.
    assert_eq!(int(&r["input"]["actions"]), 14);
    assert_eq!(int(&r["input"]["filtered_out"]), 19);
    assert_eq!(
        r["actions_filter"],
        serde_json::json!(["comment", "repost"])
    );
    // Feb–Apr: only 103 comments in each month.
    assert_eq!(int(&r["core_size"]), 1);
    let values = r["action_values"].as_array().unwrap();
    let like = values.iter().find(|a| a["action"] == "like").unwrap();
    assert_eq!(like["counted"], false);
    assert_eq!(int(&like["rows"]), 18);
}

#[test]
fn actions_need_an_action_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_action.csv");
    std::fs::write(&path, "user,date\n1,2024-01-01\n").unwrap();
    let out = smmkpi()
        .args(["core", path.to_str().unwrap(), "--actions", "like"])
        .assert()
        .code(1);
    assert!(stderr_text(out.get_output()).contains("--actions needs an action column"));
}

#[test]
fn a_log_without_a_user_column_names_the_headers_and_suggests_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("who.csv");
    std::fs::write(&path, "Кто,Когда\nann,2024-01-01\n").unwrap();
    let p = path.to_str().unwrap();
    let out = smmkpi().args(["core", p]).assert().code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("headers found: 'Кто', 'Когда'"), "{err}");
    assert!(err.contains("--map user=HEADER --map at=HEADER"), "{err}");
    let r = json_of(&[
        "core",
        p,
        "--map",
        "user=Кто",
        "--map",
        "at=Когда",
        "-m",
        "1",
        "-n",
        "1",
    ]);
    assert_eq!(int(&r["core_size"]), 1);
}

#[test]
fn bad_options_are_usage_errors() {
    let file = data("activity_en.csv");
    for bad in [
        vec!["--months", "0"],
        vec!["--min-actions", "0"],
        vec!["--as-of", "December"],
        vec!["--as-of", "2024-13"],
        vec!["--map", "reach=Reach"],
        vec!["--actions", ","],
        vec!["--tz", "Mars/Olympus"],
    ] {
        smmkpi().args(["core", &file]).args(&bad).assert().code(2);
    }
}

#[test]
fn a_window_reaching_outside_the_data_has_no_core_and_says_why() {
    // The default rule needs 6 months; the fixture has 4.
    let out = smmkpi()
        .args(["core", &data("activity_en.csv"), "--format", "json"])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_null(&r["core_size"]);
    assert_eq!(r["window"]["complete"], false);
    assert!(r["core_by_min_actions"].as_array().unwrap().is_empty());
    let err = stderr_text(out.get_output());
    assert!(err.contains("--months 4 or fewer"), "{err}");
    let out = smmkpi()
        .args([
            "core",
            &data("activity_en.csv"),
            "-m",
            "2",
            "--as-of",
            "2024-07",
        ])
        .args(["--format", "json"])
        .assert()
        .success();
    assert_null(&json(&out.get_output().stdout)["core_size"]);
    assert!(stderr_text(out.get_output()).contains("--as-of from 2024-02 to 2024-04"));
}

#[test]
fn a_telegram_discussion_group_gives_comments_and_reactions() {
    let file = data("telegram_group.json");
    let r = json_of(&["core", &file, "-n", "2", "-m", "3"]);
    let d = &r["input"]["details"][0];
    assert_eq!(d["format"], "telegram-json");
    // 12 messages, 4 reactions listed; one message has no sender.
    assert_eq!(int(&r["input"]["rows_read"]), 16);
    assert_eq!(int(&r["input"]["actions"]), 15);
    assert_eq!(int(&r["input"]["skipped_by_reason"]["no_user"]), 1);
    // user1: Jan 2 comments + 1 reaction, Feb 2, Mar 2; user2: Jan 1 + 1, Feb 2, Mar 1 + 1.
    assert_eq!(int(&r["core_size"]), 2);
    assert_eq!(monthly(&r, "actions"), ints(&[6, 5, 4]));
    assert_eq!(
        core_list(&["core", &file, "-n", "2", "-m", "3"]),
        vec!["user1", "user2"]
    );
    assert_eq!(
        core_list(&["core", &file, "-n", "2", "-m", "3", "--actions", "comment"]),
        vec!["user1"]
    );
    let notes = d["notes"].to_string();
    assert!(notes.contains("1 service messages"), "{notes}");
    assert!(notes.contains("by channels"), "{notes}");
}

#[test]
fn a_channel_export_is_refused_with_what_to_read_instead() {
    let out = smmkpi()
        .args(["core", &data("telegram_channel.json")])
        .assert()
        .code(1);
    assert!(stderr_text(out.get_output()).contains("discussion group"));
}

#[test]
fn stdin_and_several_files_add_up() {
    let en = std::fs::read(data("activity_en.csv")).unwrap();
    let out = smmkpi()
        .args(["core", "-", "-n", "2", "-m", "3", "--format", "json"])
        .write_stdin(en)
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(r["input"]["files"], serde_json::json!(["<stdin>"]));
    assert_eq!(int(&r["core_size"]), 2);
    // The same log twice doubles every count, and keeps the core.
    let file = data("activity_en.csv");
    let twice = json_of(&["core", &file, &file, "-n", "4", "-m", "3"]);
    assert_eq!(monthly(&twice, "actions"), ints(&[14, 14, 18, 20]));
    assert_eq!(int(&twice["core_size"]), 2);
}

#[test]
fn tables_markdown_and_csv_show_the_months() {
    let file = data("activity_en.csv");
    let out = smmkpi().args(["core", &file]).args(RULE).assert().success();
    let table = stdout_text(out.get_output());
    assert!(table.contains("Active core"), "{table}");
    assert!(table.contains("Core size: 2 of 5"), "{table}");
    assert!(table.contains("2024-04"), "{table}");
    let out = smmkpi()
        .args(["core", &file, "--format", "md", "--lang", "ru"])
        .args(RULE)
        .assert()
        .success();
    let md = stdout_text(out.get_output());
    assert!(md.starts_with("# Активное ядро"), "{md}");
    assert!(md.contains("| 2024-03 |"), "{md}");
    let out = smmkpi()
        .args(["core", &file, "--format", "csv"])
        .args(RULE)
        .assert()
        .success();
    let csv = stdout_text(out.get_output());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "month,actions,active_users,meeting_min,core,entered,left"
    );
    assert_eq!(lines[1], "2024-01,7,3,3,,,");
    assert_eq!(lines[4], "2024-04,10,5,3,2,1,1");
}

/// A deterministic pseudo-random sequence.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A generated log: rows in random order, numeric and named ids (and ids
/// that look numeric but are not the same text, like `007`), times in
/// several forms; with the (user, month index) of every row.
fn generated_log(rows: usize, seed: u64, quoted_from: usize) -> (String, Vec<(String, i32)>) {
    let mut r = Lcg(seed);
    let mut text = String::from("user_id;note;timestamp;action\n");
    let mut truth = Vec::new();
    for i in 0..rows {
        let user = match r.next(10) {
            0 => format!("u{}", r.next(40)),
            1 => format!("00{}", r.next(5)),
            _ => (r.next(200) + 1).to_string(),
        };
        // Oct 2023 – Jun 2024, skewed so some users are active every month.
        let month = if r.next(3) == 0 {
            r.next(9) as i32
        } else {
            3 + r.next(6) as i32
        };
        let (y, m) = (2023 + (9 + month) / 12, (9 + month) % 12 + 1);
        let day = 1 + r.next(28);
        let at = match r.next(3) {
            0 => format!("{y}-{m:02}-{day:02} {:02}:{:02}:00", r.next(24), r.next(60)),
            1 => format!("{day:02}.{m:02}.{y} {:02}:{:02}", r.next(24), r.next(60)),
            _ => format!("{y}-{m:02}-{day:02}T{:02}:30:00+03:00", r.next(24)),
        };
        let action = ["like", "comment", "repost"][r.next(3) as usize];
        if i >= quoted_from {
            text.push_str(&format!(
                "\"{user}\";\"a \"\"quoted\"\";\nnote\";\"{at}\";{action}\n"
            ));
        } else {
            text.push_str(&format!("{user};n{i};{at};{action}\n"));
        }
        truth.push((user, y * 12 + m - 1));
    }
    (text, truth)
}

/// The core per end month by a plain count over (user, month) pairs.
fn plain_core(truth: &[(String, i32)], n: u32, m: i32) -> BTreeMap<i32, BTreeSet<String>> {
    let mut counts: HashMap<(&str, i32), u32> = HashMap::new();
    for (u, mi) in truth {
        *counts.entry((u.as_str(), *mi)).or_default() += 1;
    }
    let first = truth.iter().map(|t| t.1).min().unwrap();
    let last = truth.iter().map(|t| t.1).max().unwrap();
    let users: BTreeSet<&str> = truth.iter().map(|t| t.0.as_str()).collect();
    let mut out = BTreeMap::new();
    for end in first + m - 1..=last {
        let core = users
            .iter()
            .filter(|u| {
                (end - m + 1..=end).all(|mi| counts.get(&(**u, mi)).is_some_and(|&c| c >= n))
            })
            .map(|u| u.to_string())
            .collect();
        out.insert(end, core);
    }
    out
}

fn month_label(mi: i32) -> String {
    format!("{:04}-{:02}", mi / 12, mi % 12 + 1)
}

/// Checks the core per month, and the members at the last three months,
/// for each rule (N, M).
fn check_against_plain_count(text: &str, truth: &[(String, i32)], rules: &[(u32, u32)]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.csv");
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    for &(n, m) in rules {
        let cores = plain_core(truth, n, m as i32);
        let (ns, ms) = (n.to_string(), m.to_string());
        let r = json_of(&["core", p, "-n", &ns, "-m", &ms]);
        assert_eq!(int(&r["input"]["actions"]), truth.len() as u64);
        for row in r["monthly"].as_array().unwrap() {
            let label = row["month"].as_str().unwrap();
            match cores.iter().find(|(mi, _)| month_label(**mi) == label) {
                Some((_, core)) => {
                    assert_eq!(int(&row["core"]), core.len() as u64, "N={n} M={m} {label}")
                }
                None => assert_null(&row["core"]),
            }
        }
        for (end, core) in cores.iter().rev().take(3) {
            let as_of = month_label(*end);
            let mut want: Vec<String> = core.iter().cloned().collect();
            // numeric ids in numeric order, then the rest sorted
            want.sort_by_key(
                |u| match (u.parse::<u64>(), u.starts_with('0') && u.len() > 1) {
                    (Ok(v), false) => (0, v, String::new()),
                    _ => (1, 0, u.clone()),
                },
            );
            let got = core_list(&["core", p, "-n", &ns, "-m", &ms, "--as-of", &as_of]);
            assert_eq!(got, want, "N={n} M={m} as of {as_of}");
        }
    }
}

#[test]
fn the_core_matches_a_plain_count_on_generated_logs() {
    let (text, truth) = generated_log(20_000, 7, usize::MAX);
    check_against_plain_count(&text, &truth, &[(1, 1), (2, 3), (3, 2), (4, 6), (2, 9)]);
}

#[test]
fn quoted_fields_with_line_breaks_are_read_in_order_and_counted_the_same() {
    // Quotes start past the first blocks read in parallel.
    let (text, truth) = generated_log(260_000, 11, 200_000);
    assert!(text.len() > 8 << 20, "the log spans several blocks");
    check_against_plain_count(&text, &truth, &[(3, 4)]);
}
