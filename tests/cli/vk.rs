//! VK API JSON: a `wall.get` response read as posts, joined with a
//! `stats.getPostReach` response by post id. Figures are checked against
//! hand arithmetic on the fixtures:
//!
//! | post | likes | comments | reposts | poll | views | reach | links | hide+report+unsub |
//! |------|-------|----------|---------|------|-------|-------|-------|-------------------|
//! | 101 (pinned) | 40 | 5 | 3 | | 2000 | 1800 | 0 | 2+0+1 |
//! | 102 (UTM link) | 20 | 2 | 1 | | 1500 | 1200 | 24 | 1+0+0 |
//! | 103 (poll) | 10 | 8 | 0 | 60 | 1200 | 1000 | 0 | 0+0+0 |
//! | 104 (repost) | 5 | 0 | 1 | | 800 | 600 | 0 | 3+1+0 |
//! | 105 (no views, no stats) | 12 | 1 | 0 | | — | — | — | — |
//! | 106 (ad) | 30 | 3 | 6 | | 5000 | 4000 | 80 | 10+2+3 |
//!
//! The reach file also has a row for post 999, which is on no wall.

use serde_json::Value;

use crate::util::*;

const WALL: &str = "vk_wall.json";
const REACH: &str = "vk_post_reach.json";

fn joined() -> Value {
    json_of(&["report", &data(WALL), &data(REACH)])
}

fn post<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["posts"]
        .as_array()
        .expect("posts is a list")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no post {id} in {}", r["posts"]))
}

fn notes(detail: &Value) -> Vec<String> {
    detail["notes"]
        .as_array()
        .expect("notes is a list")
        .iter()
        .map(|n| n.as_str().unwrap_or_default().to_string())
        .collect()
}

fn detail_of<'a>(r: &'a Value, fixture: &str) -> &'a Value {
    r["input"]["details"]
        .as_array()
        .expect("details is a list")
        .iter()
        .find(|d| d["path"] == data(fixture))
        .unwrap_or_else(|| panic!("no details for {fixture}"))
}

/// Asserts some note of a file's details holds every one of `parts`.
#[track_caller]
fn assert_note(detail: &Value, parts: &[&str]) {
    let n = notes(detail);
    assert!(
        n.iter().any(|n| parts.iter().all(|p| n.contains(p))),
        "no note with {parts:?} in {n:?}"
    );
}

/// `smmkpi report -` over a JSON document on stdin, which must succeed; its JSON.
fn stdin_json(doc: &Value) -> Value {
    let out = report_stdin(doc, &[]);
    assert!(out.status.success(), "{}", stderr_text(&out));
    json(&out.stdout)
}

/// `smmkpi report -` over a JSON document given on stdin.
fn report_stdin(doc: &Value, extra: &[&str]) -> std::process::Output {
    smmkpi()
        .args(["report", "-", "--format", "json"])
        .args(extra)
        .write_stdin(doc.to_string())
        .output()
        .expect("smmkpi runs")
}

/// A minimal wall.get item.
fn item(owner: i64, id: u64, date: i64, likes: u64) -> Value {
    serde_json::json!({
        "id": id, "owner_id": owner, "from_id": owner, "date": date, "post_type": "post",
        "text": format!("post {id}"),
        "likes": {"count": likes}, "comments": {"count": 0}, "reposts": {"count": 0},
        "views": {"count": 1000}
    })
}

#[test]
fn summary_of_wall_and_reach_matches_hand_arithmetic() {
    let r = joined();
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 6);
    assert_eq!(r["formula"]["er_basis"], "reach");
    // 1800 + 1200 + 1000 + 600 + 4000 (post 105 has no stats)
    assert_eq!(int(&s["reach"]), 8600);
    // 2000 + 1500 + 1200 + 800 + 5000 (post 105 has no views.count)
    assert_eq!(int(&s["views"]), 10500);
    assert_eq!(int(&s["likes"]), 117); // 40 + 20 + 10 + 5 + 12 + 30
    assert_eq!(int(&s["comments"]), 19); // 5 + 2 + 8 + 0 + 1 + 3
    assert_eq!(int(&s["reposts"]), 11); // 3 + 1 + 0 + 1 + 0 + 6
    assert_eq!(int(&s["poll_votes"]), 60);
    assert_eq!(int(&s["link_clicks"]), 104); // 24 + 80
    assert_eq!(int(&s["interactions"]), 207); // 48 + 23 + 78 + 6 + 13 + 39
                                              // per-post ER over the five posts with reach
    let ers = [
        48.0 / 1800.0,
        23.0 / 1200.0,
        78.0 / 1000.0,
        6.0 / 600.0,
        39.0 / 4000.0,
    ];
    assert_close(&s["er_mean"], ers.iter().sum::<f64>() / 5.0 * 100.0);
    assert_close(&s["er_median"], 23.0 / 1200.0 * 100.0);
    // (48 + 23 + 78 + 6 + 39) / 8600 × 100
    assert_close(&s["er_ratio"], 194.0 / 8600.0 * 100.0);
    assert_close(&s["ctr"], 104.0 / 8600.0 * 100.0);
}

#[test]
fn negative_feedback_is_summed_and_rated_against_reach() {
    let r = joined();
    let s = &r["summary"];
    // (2+0+1) + (1+0+0) + 0 + (3+1+0) + (10+2+3) = 3 + 1 + 0 + 4 + 15
    assert_eq!(int(&s["negative_feedback"]), 23);
    assert_close(&s["negative_rate"], 23.0 / 8600.0 * 100.0);
    // February holds only post 105, which has no stats: null, not 0.
    let feb = &r["periods"][0];
    assert_eq!(feb["period"], "2025-02");
    assert_null(&feb["negative_feedback"]);
    assert_null(&feb["negative_rate"]);
    let mar = &r["periods"][1];
    assert_eq!(int(&mar["negative_feedback"]), 23);
}

#[test]
fn joins_reach_whichever_file_comes_first() {
    let a = joined();
    let b = json_of(&["report", &data(REACH), &data(WALL)]);
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(a["periods"], b["periods"]);
    for id in ["-51234567_101", "-51234567_104", "-51234567_106"] {
        assert_eq!(post(&a, id)["reach"], post(&b, id)["reach"], "{id}");
        assert_eq!(post(&a, id)["negative"], post(&b, id)["negative"], "{id}");
    }
    assert_eq!(int(&post(&b, "-51234567_106")["reach"]), 4000);
}

#[test]
fn posts_carry_vk_ids_utc_times_types_and_the_community_name() {
    let r = joined();
    let pinned = post(&r, "-51234567_101");
    assert_eq!(pinned["platform"], "vk");
    assert_eq!(pinned["account"], "Roastery Club");
    assert_eq!(pinned["type"], "post");
    assert_eq!(pinned["published_at"], "2025-03-03T09:00:00+00:00");
    assert_eq!(post(&r, "-51234567_106")["type"], "ad");
    assert_eq!(post(&r, "-51234567_104")["type"], "copy");
    // publish order: the old post without views first, the pinned one by its date
    let ids: Vec<&str> = column(&r["posts"], "id")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "-51234567_105",
            "-51234567_101",
            "-51234567_102",
            "-51234567_103",
            "-51234567_104",
            "-51234567_106"
        ]
    );
}

#[test]
fn a_repost_without_text_takes_the_shared_posts_text() {
    let r = joined();
    let repost = post(&r, "-51234567_104");
    assert_eq!(
        repost["text"],
        "We opened a second roastery downtown #roast"
    );
    assert_eq!(repost["hashtags"], serde_json::json!(["#roast"]));
}

#[test]
fn a_poll_gives_poll_votes_and_a_post_without_views_count_reports_none() {
    let r = joined();
    let poll = post(&r, "-51234567_103");
    assert_eq!(int(&poll["poll_votes"]), 60);
    assert_eq!(int(&poll["interactions"]), 78); // 10 + 8 + 0 + 60
    assert_close(&poll["er"], 7.8); // 78 / 1000 × 100
    let old = post(&r, "-51234567_105");
    assert_null(&old["views"]);
    assert_null(&old["reach"]);
    assert_null(&old["er"]);
    assert_null(&old["poll_votes"]);
}

#[test]
fn reach_split_and_negative_feedback_appear_per_post_only_when_reported() {
    let r = joined();
    let ad = post(&r, "-51234567_106");
    assert_eq!(
        ad["reach_split"],
        serde_json::json!({"subscribers": 1000, "viral": 500, "ads": 2500})
    );
    let neg = &ad["negative"];
    assert_eq!(int(&neg["hide"]), 10);
    assert_eq!(int(&neg["report"]), 2);
    assert_eq!(int(&neg["unsubscribe"]), 3);
    assert_eq!(int(&neg["total"]), 15);
    assert_close(&neg["rate"], 15.0 / 4000.0 * 100.0);
    assert_close(&ad["ctr"], 2.0); // 80 / 4000 × 100
    let old = post(&r, "-51234567_105");
    assert!(old.get("reach_split").is_none(), "{old}");
    assert!(old.get("negative").is_none(), "{old}");
}

#[test]
fn utm_tags_come_from_the_link_attachment() {
    let r = joined();
    let link = post(&r, "-51234567_102");
    assert_eq!(link["utm_campaign"], "spring_menu");
    assert_eq!(link["utm_content"], "post102");
    assert_eq!(int(&link["link_clicks"]), 24);
    assert_close(&link["ctr"], 2.0); // 24 / 1200 × 100
    assert_null(&post(&r, "-51234567_101")["utm_campaign"]);
}

#[test]
fn notes_say_how_many_posts_got_reach_and_which_rows_matched_none() {
    let r = joined();
    let reach = detail_of(&r, REACH);
    assert_note(reach, &["joined to posts: 5", "with reach stats: 5 of 6"]);
    assert_note(reach, &["matches no post", ": 1 (999)"]);
    let wall = detail_of(&r, WALL);
    assert_note(wall, &["posts with reach", "5 of 6"]);
    assert_note(wall, &["pinned posts", "1 (-51234567_101)"]);
    assert_note(wall, &["without views.count", "1 (-51234567_105)"]);
    assert_note(wall, &["copy_history", "1 (-51234567_104)"]);
    // The unmatched row is a note, not a skipped post.
    assert!(skipped(&r).is_empty());
    assert_eq!(int(&r["input"]["rows_read"]), 6);
}

#[test]
fn a_wall_alone_is_read_with_er_by_views_and_says_reach_is_missing() {
    let r = report_of(WALL);
    assert_eq!(r["formula"]["er_basis"], "views");
    let s = &r["summary"];
    assert_null(&s["reach"]);
    assert_null(&s["link_clicks"]);
    assert_null(&s["negative_feedback"]);
    assert_null(&s["negative_rate"]);
    // (48 + 23 + 78 + 6 + 39) / (2000 + 1500 + 1200 + 800 + 5000) × 100
    assert_close(&s["er_ratio"], 194.0 / 10500.0 * 100.0);
    assert_note(detail_of(&r, WALL), &["has no reach", "stats.getPostReach"]);
}

#[test]
fn reads_a_bare_array_of_wall_items() {
    let r = report_of("vk_wall_items_only.json");
    let d = &r["input"]["details"][0];
    assert_eq!(d["format"], "vk-json");
    assert_eq!(d["platform"], "vk");
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 3);
    assert_eq!(int(&s["views"]), 1750); // 400 + 1000 + 350
    assert_eq!(int(&s["interactions"]), 40); // 10 + 20 + 10
                                             // ER by views: 10/400, 20/1000, 10/350
    assert_close(
        &s["er_mean"],
        (10.0 / 400.0 + 20.0 / 1000.0 + 10.0 / 350.0) / 3.0 * 100.0,
    );
    assert_eq!(r["posts"][0]["id"], "-7000_11");
    // No `groups` to name the community: the owner id stands in.
    assert_eq!(r["posts"][0]["account"], "-7000");
}

#[test]
fn inspect_names_platform_vk_for_both_files() {
    let doc = json_of(&["inspect", &data(WALL), &data(REACH)]);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        assert_eq!(f["platform"], "vk", "{f}");
        assert_eq!(f["format"], "vk-json", "{f}");
    }
    assert_eq!(int(&files[0]["posts"]), 6);
    // inspect joins too, so the reach file says what matched
    assert_note(&files[1], &["matches no post", "(999)"]);
    let out = smmkpi().args(["inspect", &data(WALL)]).output().unwrap();
    let text = stdout_text(&out);
    let platform = text
        .lines()
        .find(|l| l.contains("Platform"))
        .unwrap_or_default();
    assert!(platform.contains(" vk "), "{text}");
}

#[test]
fn a_reach_file_alone_is_an_error_for_report_but_inspect_describes_it() {
    let out = smmkpi().args(["report", &data(REACH)]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_text(&out);
    assert!(err.contains(&data(REACH)), "{err}");
    assert!(err.contains("wall.get"), "{err}");
    let doc = json_of(&["inspect", &data(REACH)]);
    assert_note(&doc["files"][0], &["no wall.get posts"]);
    assert_eq!(int(&doc["files"][0]["posts"]), 0);
}

#[test]
fn tz_converts_vk_unix_times() {
    let r = json_of(&["report", &data(WALL), "--tz", "Europe/Moscow"]);
    assert_eq!(
        post(&r, "-51234567_101")["published_at"],
        "2025-03-03T12:00:00+03:00"
    );
}

#[test]
fn pages_of_responses_are_read_and_overlapping_posts_counted_once() {
    let doc = serde_json::json!([
        {"response": {"count": 3, "items": [item(-5, 3, 1741773600, 30), item(-5, 2, 1741177800, 20)]}},
        {"response": {"count": 3, "items": [item(-5, 2, 1741177800, 20), item(-5, 1, 1740992400, 10)]}}
    ]);
    let r = stdin_json(&doc);
    assert_eq!(int(&r["summary"]["posts"]), 3);
    assert_eq!(int(&r["summary"]["likes"]), 60); // 30 + 20 + 10, post 2 once
    assert_note(&r["input"]["details"][0], &["counted once", "1 (-5_2)"]);
}

#[test]
fn scheduled_and_suggested_posts_are_left_out_and_noted() {
    let mut scheduled = item(-5, 9, 1742461200, 0);
    scheduled["post_type"] = "postpone".into();
    let doc = serde_json::json!({"response": {"count": 2, "items": [scheduled, item(-5, 1, 1740992400, 10)]}});
    let r = stdin_json(&doc);
    assert_eq!(int(&r["summary"]["posts"]), 1);
    assert_note(
        &r["input"]["details"][0],
        &["not published", "1 (-5_9 (postpone))"],
    );
}

#[test]
fn an_item_without_a_date_is_skipped_and_fails_strict() {
    let mut undated = item(-5, 2, 0, 5);
    undated.as_object_mut().unwrap().remove("date");
    undated["likes"] = serde_json::json!({"count": 5});
    // still a wall item by its other fields
    let doc = serde_json::json!({"response": {"items": [item(-5, 1, 1740992400, 10), undated]}});
    let r = stdin_json(&doc);
    assert_eq!(int(&r["input"]["posts"]), 1);
    let skips = skipped(&r);
    assert_eq!(skips.len(), 1);
    assert!(
        skips[0].1.contains("post -5_2") && skips[0].1.contains("no readable date"),
        "{skips:?}"
    );
    assert_eq!(int(&r["input"]["rows_read"]), 2);
    let out = report_stdin(&doc, &["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_text(&out));
}

#[test]
fn a_value_that_is_not_a_count_is_not_reported_and_noted() {
    let mut odd = item(-5, 1, 1740992400, 0);
    odd["likes"] = serde_json::json!({"count": -3});
    let doc = serde_json::json!({"response": {"items": [odd]}});
    let r = stdin_json(&doc);
    assert_null(&r["posts"][0]["likes"]);
    assert_note(&r["input"]["details"][0], &["post -5_1 likes.count = -3"]);
}

#[test]
fn reach_rows_join_within_their_owner_when_two_walls_share_a_post_id() {
    let dir = tempfile::tempdir().unwrap();
    let wall_a = dir.path().join("a.json");
    let wall_b = dir.path().join("b.json");
    let reach = dir.path().join("reach.json");
    let write = |p: &std::path::Path, v: Value| std::fs::write(p, v.to_string()).unwrap();
    write(
        &wall_a,
        serde_json::json!({"response": {"items": [item(-1, 7, 1740992400, 10)]}}),
    );
    write(
        &wall_b,
        serde_json::json!({"response": {"items": [item(-2, 7, 1740992400, 20)]}}),
    );
    // one row names its owner; one does not, and post 7 is on both walls
    write(
        &reach,
        serde_json::json!({"response": [
            {"post_id": 7, "owner_id": -2, "reach_total": 500},
            {"post_id": 7, "reach_total": 900}
        ]}),
    );
    let paths: Vec<String> = [&wall_a, &wall_b, &reach]
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let args: Vec<&str> = std::iter::once("report")
        .chain(paths.iter().map(String::as_str))
        .collect();
    let r = json_of(&args);
    assert_null(&post(&r, "-1_7")["reach"]);
    assert_eq!(int(&post(&r, "-2_7")["reach"]), 500);
    assert_note(&r["input"]["details"][2], &["several walls", "1 (7)"]);
}

#[test]
fn a_vk_api_error_response_is_a_clear_error() {
    let doc =
        serde_json::json!({"error": {"error_code": 5, "error_msg": "User authorization failed"}});
    let out = report_stdin(&doc, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_text(&out);
    assert!(
        err.contains("VK API error") && err.contains("User authorization failed"),
        "{err}"
    );
}

#[test]
fn unknown_json_names_the_shapes_it_expected() {
    let doc = serde_json::json!({"data": [{"a": 1}]});
    let out = report_stdin(&doc, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_text(&out);
    for expected in ["messages", "wall.get", "stats.getPostReach"] {
        assert!(err.contains(expected), "{expected} not in {err}");
    }
}

#[test]
fn csv_of_posts_has_columns_for_fields_only_some_posts_report() {
    let out = smmkpi()
        .args(["report", &data(WALL), &data(REACH)])
        .args(["--format", "csv", "--section", "posts"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_text(&out));
    let text = stdout_text(&out);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
    };
    let (ads, total) = (col("reach_split.ads"), col("negative.total"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    // the first post (105, February) has no stats: empty cells
    assert_eq!(&rows[0][ads], "");
    assert_eq!(&rows[5][ads], "2500");
    assert_eq!(&rows[5][total], "15");
}

#[test]
fn table_summary_shows_negative_feedback_only_when_reported() {
    let out = smmkpi()
        .args(["report", &data(WALL), &data(REACH)])
        .output()
        .unwrap();
    let text = stdout_text(&out);
    assert!(text.contains("Negative feedback"), "{text}");
    let out = smmkpi().args(["report", &data(WALL)]).output().unwrap();
    let text = stdout_text(&out);
    assert!(!text.contains("Negative feedback"), "{text}");
}

#[test]
fn rows_read_is_posts_plus_skipped_for_vk_fixtures() {
    for args in [
        vec![data(WALL)],
        vec![data(WALL), data(REACH)],
        vec![data("vk_wall_items_only.json")],
    ] {
        let args: Vec<&str> = std::iter::once("report")
            .chain(args.iter().map(String::as_str))
            .collect();
        let r = json_of(&args);
        let i = &r["input"];
        assert_eq!(
            int(&i["rows_read"]),
            int(&i["posts"]) + skipped(&r).len() as u64 + int(&i["filtered_out"]),
            "{args:?}"
        );
    }
}
