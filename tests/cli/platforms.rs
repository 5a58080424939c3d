//! Exports of platforms read by their own layouts: X (both analytics
//! layouts), YouTube Studio's 2026 columns, Meta insights files separated by
//! TAB, LinkedIn, Pinterest, Threads and the Russian networks (VK community
//! statistics, Odnoklassniki, Dzen, Rutube), GA4's "Report CSV Export".
//! Each fixture is small and written for its scenario; the expected figures
//! are worked out by hand in each test.

use serde_json::Value;

use crate::util::*;

fn detail(doc: &Value, i: usize) -> &Value {
    match doc.get("files") {
        Some(f) => &f[i],
        None => &doc["input"]["details"][i],
    }
}

fn mapped_header<'a>(f: &'a Value, field: &str) -> Option<&'a str> {
    f["mapping"]["fields"]
        .as_array()?
        .iter()
        .find(|m| m["field"] == field)
        .and_then(|m| m["header"].as_str())
}

fn ids(r: &Value) -> Vec<String> {
    r["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap_or("").to_string())
        .collect()
}

// --- X --------------------------------------------------------------------

#[test]
fn x_tweet_activity_months_that_overlap_count_a_tweet_once() {
    let r = json_of(&[
        "report",
        &data("x_tweet_activity_jan.csv"),
        &data("x_tweet_activity_jan31_feb.csv"),
    ]);
    for i in 0..2 {
        assert_eq!(detail(&r, i)["platform"], "x");
    }
    let f = detail(&r, 0);
    assert_eq!(mapped_header(f, "id"), Some("Tweet id"));
    assert_eq!(mapped_header(f, "text"), Some("Tweet text"));
    assert_eq!(mapped_header(f, "views"), Some("impressions"));
    assert_eq!(mapped_header(f, "comments"), Some("replies"));
    assert_eq!(mapped_header(f, "reposts"), Some("retweets"));
    assert_eq!(mapped_header(f, "link_clicks"), Some("url clicks"));
    // The promoted twins are not the organic figures.
    assert_eq!(mapped_header(f, "likes"), Some("likes"));

    // Tweet …03 (Jan 31) is in both files; the later export (600 impressions,
    // 12 likes, 1 reply) is kept.
    assert_eq!(int(&r["input"]["duplicates"]), 1);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&s["views"]), 1000 + 200 + 600 + 800);
    assert_eq!(int(&s["likes"]), 20 + 4 + 12 + 30);
    assert_eq!(int(&s["comments"]), 3 + 1 + 1 + 2);
    assert_eq!(int(&s["reposts"]), 5 + 2 + 4);
    assert_eq!(int(&s["link_clicks"]), 6 + 3 + 10);
    assert_null(&s["saves"]);
    assert_null(&s["impressions"]);
    // Interactions 28 + 5 + 15 + 36 = 84, by impressions read as views.
    assert_eq!(int(&s["interactions"]), 84);
    assert_eq!(r["formula"]["er_basis"], "views");
    assert_close(&s["er_ratio"], 84.0 / 2600.0 * 100.0);
    // Times keep their +0000.
    assert_eq!(r["posts"][0]["published_at"], "2019-01-10T09:15:00+00:00");
    let tags = &r["hashtags"][0];
    assert_eq!(
        (tags["tag"].as_str(), int(&tags["posts"])),
        (Some("#coffee"), 3)
    );
}

#[test]
fn x_replies_are_left_out_with_exclude_replies_and_counted() {
    let out = smmkpi()
        .args([
            "report",
            &data("x_tweet_activity_jan.csv"),
            &data("x_tweet_activity_jan31_feb.csv"),
            "--exclude-replies",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let o = out.get_output();
    let r = json(&o.stdout);
    let i = &r["input"];
    assert_eq!(int(&i["replies_excluded"]), 1);
    assert_eq!(int(&i["filtered_out"]), 1);
    assert_eq!(
        int(&i["rows_read"]),
        int(&i["posts"])
            + int(&i["filtered_out"])
            + int(&i["duplicates"])
            + skipped(&r).len() as u64
    );
    assert_eq!(int(&r["summary"]["posts"]), 3);
    assert_eq!(int(&r["summary"]["views"]), 2600 - 200);
    assert!(!ids(&r).contains(&"1090000000000000002".to_string()));
    assert!(
        stderr_text(o).contains("1 replies (text starting with @) left out"),
        "{}",
        stderr_text(o)
    );
    // Without the flag every tweet counts, and nothing is said of replies.
    let all = json_of(&["report", &data("x_tweet_activity_jan.csv")]);
    assert_eq!(int(&all["input"]["replies_excluded"]), 0);
    assert_eq!(int(&all["summary"]["posts"]), 3);
}

#[test]
fn x_account_analytics_2026_layout_maps_bookmarks_replies_and_reposts() {
    let r = report_of("x_account_content_2026.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "x");
    assert_eq!(mapped_header(f, "id"), Some("Post id"));
    assert_eq!(mapped_header(f, "saves"), Some("Bookmarks"));
    assert_eq!(mapped_header(f, "reposts"), Some("Reposts"));
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 3);
    assert_eq!(int(&s["views"]), 900 + 50 + 300);
    assert_eq!(int(&s["likes"]), 27 + 2 + 9);
    assert_eq!(int(&s["saves"]), 4 + 1);
    assert_eq!(int(&s["comments"]), 3 + 1);
    assert_eq!(int(&s["reposts"]), 5 + 2);
    assert_eq!(int(&s["link_clicks"]), 7 + 1);
    // (27+3+5+4) + (2+1) + (9+2+1) = 54
    assert_eq!(int(&s["interactions"]), 54);
    assert_eq!(r["posts"][0]["published_at"], "2026-08-03T00:00:00");
    let no_replies = json_of(&[
        "report",
        &data("x_account_content_2026.csv"),
        "--exclude-replies",
    ]);
    assert_eq!(int(&no_replies["summary"]["posts"]), 2);
    assert_eq!(int(&no_replies["input"]["replies_excluded"]), 1);
}

#[test]
fn platform_x_is_a_platform_the_flag_accepts() {
    let r = json_of(&[
        "report",
        &data("x_account_content_2026.csv"),
        "--platform",
        "x",
    ]);
    assert_eq!(detail(&r, 0)["platform"], "x");
    assert_eq!(r["posts"][0]["platform"], "x");
}

// --- YouTube 2026 ---------------------------------------------------------

#[test]
fn youtube_2026_columns_comments_added_shares_impressions_and_unique_reach() {
    let r = report_of("youtube_table_data_2026.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "youtube");
    assert_eq!(mapped_header(f, "comments"), Some("Comments added"));
    assert_eq!(mapped_header(f, "reposts"), Some("Shares"));
    assert_eq!(mapped_header(f, "views"), Some("Views"));
    assert_eq!(mapped_header(f, "impressions"), Some("Impressions"));
    assert_eq!(mapped_header(f, "reach"), Some("Unique reach"));
    let s = &r["summary"];
    // The third video has no views yet but 15 impressions: still a post.
    assert_eq!(int(&s["posts"]), 3);
    assert_eq!(int(&s["views"]), 1200 + 1300);
    assert_eq!(int(&s["impressions"]), 80 + 20 + 15);
    assert_eq!(int(&s["reach"]), 1000 + 1100);
    assert_eq!(int(&s["likes"]), 18);
    assert_eq!(int(&s["comments"]), 3);
    assert_eq!(int(&s["reposts"]), 1);
    // Impressions are never the ER basis: reach is, per post
    // (7+2+1)/1000 = 1 %, (11+1+0)/1100 = 1.0909… %.
    assert_eq!(r["formula"]["er_basis"], "reach");
    assert_close(&s["er_mean"], (1.0 + 12.0 / 1100.0 * 100.0) / 2.0);
    let third = &r["posts"][0];
    assert_eq!(third["id"], "vidAAAAAAA3");
    assert_null(&third["views"]);
    assert_eq!(int(&third["impressions"]), 15);
}

#[test]
fn impressions_are_views_where_a_file_has_no_views_column() {
    // Meta's older post exports call views impressions.
    let text = "Post ID,Permalink,Publish time,Reach,Impressions,Reactions\n\
                1,https://facebook.com/1,01/05/2024 10:00,100,150,5\n";
    let out = smmkpi()
        .args(["report", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(int(&r["summary"]["views"]), 150);
    assert_null(&r["summary"]["impressions"]);
}

#[test]
fn impressions_are_not_an_interaction() {
    smmkpi()
        .args([
            "report",
            &data("youtube_table_data_2026.csv"),
            "--interactions",
            "likes,impressions",
        ])
        .assert()
        .code(2);
}

// --- Meta insights separated by TAB ---------------------------------------

#[test]
fn meta_insights_with_a_sep_tab_line_read_like_the_comma_ones() {
    let i = json_of(&["inspect", &data("meta_insights_tab_utf16.csv")]);
    let f = detail(&i, 0);
    assert_eq!(f["encoding"], "UTF-16LE");
    assert_eq!(f["delimiter"], "TAB");
    assert_eq!(f["kind"], "daily_series");
    assert_eq!(f["platform"], "instagram");
    assert_eq!(int(&f["series_rows"]), 6);
    assert_eq!(int(&f["skipped"]), 0);
    let r = report_of("meta_insights_tab_utf16.csv");
    let series = r["series"].as_array().unwrap();
    let total = |metric: &str| {
        series
            .iter()
            .find(|s| s["metric"] == metric)
            .map(|s| int(&s["total"]))
    };
    assert_eq!(total("reach"), Some(120 + 80 + 100));
    assert_eq!(total("followers_gained"), Some(3 + 2));
}
