//! Posts found in several input files (exports of overlapping months) are
//! counted once, with a note naming the copies; `--keep-duplicates` counts
//! every copy. Figures checked against hand arithmetic on the fixtures.

use predicates::prelude::*;
use serde_json::json;

use crate::util::*;

const JAN: &str = "tests/data/overlap_jan.csv";
const MID: &str = "tests/data/overlap_jan15_feb15.csv";

#[test]
fn counts_a_post_in_two_overlapping_exports_once_keeping_the_fuller_copy() {
    let r = json_of(&["report", JAN, MID]);
    let i = &r["input"];
    assert_eq!(int(&i["rows_read"]), 6);
    assert_eq!(int(&i["posts"]), 4);
    assert_eq!(int(&i["duplicates"]), 2);
    // 102: both copies report 4 figures, the later one larger ones (2445 > 2038);
    // 103: the January copy reports 2 figures, the later one 4.
    assert_eq!(
        i["duplicate_rows"],
        json!([
            {"id": "102", "file": JAN, "line": 3, "kept_file": MID, "kept_line": 2},
            {"id": "103", "file": JAN, "line": 4, "kept_file": MID, "kept_line": 3},
        ])
    );
    assert_eq!(int(&i["details"][0]["duplicates"]), 2);
    assert_eq!(int(&i["details"][0]["posts"]), 1);
    assert_eq!(int(&i["details"][1]["posts"]), 3);

    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&s["reach"]), 5500); // 1000 + 2400 + 600 + 1500
    assert_eq!(int(&s["likes"]), 118); // 50 + 36 + 12 + 20
    assert_eq!(int(&s["comments"]), 15); // 5 + 7 + 1 + 2
    assert_eq!(int(&s["reposts"]), 4); // 1 + 2 + 0 + 1
    assert_eq!(int(&s["interactions"]), 137);
    // 137 / 5500 × 100
    assert_close(&s["er_ratio"], 137.0 / 5500.0 * 100.0);
    let ids: Vec<&str> = column(&r["posts"], "id")
        .into_iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids, ["101", "102", "103", "104"]);
}

#[test]
fn says_on_stderr_which_copies_were_left_out() {
    smmkpi()
        .args(["report", JAN, MID])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: 2 posts that another input file also holds are counted once: \
             id '102' tests/data/overlap_jan.csv:3 = tests/data/overlap_jan15_feb15.csv:2 (kept), \
             id '103' tests/data/overlap_jan.csv:4 = tests/data/overlap_jan15_feb15.csv:3 (kept); \
             --keep-duplicates counts every copy",
        ));
}

#[test]
fn counts_every_copy_with_keep_duplicates() {
    let r = json_of(&["report", JAN, MID, "--keep-duplicates"]);
    assert_eq!(int(&r["input"]["posts"]), 6);
    assert_eq!(int(&r["input"]["duplicates"]), 0);
    assert_eq!(r["input"]["duplicate_rows"], json!([]));
    // 1000 + 2000 + 500 + 2400 + 600 + 1500
    assert_eq!(int(&r["summary"]["reach"]), 8000);
    let out = smmkpi()
        .args(["report", JAN, MID, "--keep-duplicates"])
        .assert()
        .success();
    assert!(!stderr_text(out.get_output()).contains("counted once"));
}

#[test]
fn the_same_file_twice_is_the_file_once() {
    let once = json_of(&["report", JAN]);
    let twice = json_of(&["report", JAN, JAN]);
    assert_eq!(twice["summary"], once["summary"]);
    assert_eq!(int(&twice["input"]["duplicates"]), 3);
    assert_eq!(int(&twice["input"]["rows_read"]), 6);
}

#[test]
fn a_telegram_export_given_twice_counts_each_message_once() {
    let file = "tests/data/telegram_channel.json";
    let once = json_of(&["report", file]);
    let twice = json_of(&["report", file, file]);
    assert_eq!(twice["summary"], once["summary"]);
    assert_eq!(
        int(&twice["input"]["duplicates"]),
        int(&once["input"]["posts"])
    );
}

#[test]
fn rows_read_adds_up_with_duplicates_and_a_date_filter() {
    let r = json_of(&["report", JAN, MID, "--since", "2025-01-10"]);
    let i = &r["input"];
    assert_eq!(int(&i["filtered_out"]), 1); // 101, on January 5
    assert_eq!(int(&i["posts"]), 3);
    assert_eq!(int(&i["duplicates"]), 2);
    assert_eq!(
        int(&i["rows_read"]),
        int(&i["posts"])
            + int(&i["filtered_out"])
            + i["skipped"].as_array().unwrap().len() as u64
            + int(&i["duplicates"])
    );
}

#[test]
fn repeated_ids_within_one_file_are_counted_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.csv");
    // A hand-kept file whose `Link` (read as the id) is one landing page for two posts.
    std::fs::write(
        &path,
        "Link,Date,Reach,Likes\nhttps://shop.example/sale,2025-03-01,100,5\nhttps://shop.example/sale,2025-03-01,200,9\n",
    )
    .unwrap();
    let out = smmkpi()
        .arg("report")
        .arg(&path)
        .args(["--format", "json"])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(int(&r["summary"]["posts"]), 2);
    assert_eq!(int(&r["input"]["duplicates"]), 0);
    let notes = r["input"]["details"][0]["notes"].to_string();
    assert!(
        notes.contains("is on 2 rows (lines 2, 3): each is counted"),
        "{notes}"
    );
}

#[test]
fn the_table_adds_the_duplicates_to_its_row_count() {
    let out = smmkpi()
        .args(["report", JAN, MID, "--lang", "en"])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(
        text.contains("Rows read: 6 · posts: 4 · skipped: 0 · duplicates of other files: 2"),
        "{text}"
    );
}
