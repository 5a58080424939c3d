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

// --- Platforms read from their documented layouts --------------------------

#[test]
fn pinterest_pins_export_reads_impressions_saves_and_outbound_clicks() {
    let r = report_of("pinterest_pins.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "pinterest");
    assert_eq!(int(&f["header_line"]), 2);
    assert_eq!(mapped_header(f, "id"), Some("Pin ID"));
    assert_eq!(mapped_header(f, "link_clicks"), Some("Outbound clicks"));
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 2);
    assert_eq!(int(&s["views"]), 5000 + 3000);
    assert_eq!(int(&s["saves"]), 90 + 35);
    assert_eq!(int(&s["link_clicks"]), 40 + 20);
    assert_null(&s["likes"]);
    // Saves are the only interaction: 90/5000 = 1.8 %, 35/3000 = 1.1666… %.
    assert_close(&s["er_mean"], (1.8 + 35.0 / 3000.0 * 100.0) / 2.0);
    assert_close(&s["er_ratio"], 125.0 / 8000.0 * 100.0);
}

#[test]
fn threads_posts_read_replies_as_comments_and_leave_quotes_apart() {
    let r = report_of("threads_posts.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "threads");
    assert_eq!(mapped_header(f, "comments"), Some("Replies"));
    assert_eq!(mapped_header(f, "reposts"), Some("Reposts"));
    let unmapped = f["mapping"]["unmapped"].to_string();
    assert!(unmapped.contains("Quotes"), "{unmapped}");
    let s = &r["summary"];
    assert_eq!(int(&s["views"]), 1500 + 100 + 2400);
    assert_eq!(int(&s["likes"]), 60 + 3 + 90);
    assert_eq!(int(&s["comments"]), 12 + 1 + 20);
    assert_eq!(int(&s["reposts"]), 5 + 8);
    assert_eq!(int(&s["interactions"]), 199);
    let no_replies = json_of(&["report", &data("threads_posts.csv"), "--exclude-replies"]);
    assert_eq!(int(&no_replies["input"]["replies_excluded"]), 1);
    assert_eq!(int(&no_replies["summary"]["views"]), 1500 + 2400);
}

#[test]
fn vk_community_statistics_are_a_daily_series_with_joins_and_leaves() {
    let r = report_of("vk_community_stats_ru.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "vk");
    assert_eq!(f["kind"], "daily_series");
    assert_eq!(f["locale"], "ru");
    assert_eq!(int(&f["series_rows"]), 3);
    assert_eq!(int(&r["input"]["posts"]), 0);
    let total = |metric: &str| {
        r["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["metric"] == metric)
            .map(|s| int(&s["total"]))
    };
    assert_eq!(total("reach"), Some(1200 + 1000 + 1500));
    assert_eq!(total("followers_gained"), Some(12 + 5 + 20));
    assert_eq!(total("followers_lost"), Some(3 + 4 + 2));
    assert_eq!(total("likes"), Some(40 + 30 + 55));
    assert_eq!(total("reposts"), Some(4 + 1 + 7));
    let notes = f["notes"].to_string();
    assert!(notes.contains("'Охват подписчиков'"), "{notes}");
    // Joins and leaves with today's count give levels: 1000 at the end, so
    // 1000 − (37 − 9) = 972 before the first day.
    let g = json_of(&[
        "growth",
        &data("vk_community_stats_ru.csv"),
        "--followers",
        "1000",
        "--period",
        "all",
    ]);
    assert_eq!(g["levels_from"], "end");
    assert_eq!(int(&g["periods"][0]["followers_start"]), 972);
    assert_close(&g["periods"][0]["growth_rate"], 28.0 / 972.0 * 100.0);
}

#[test]
fn odnoklassniki_posts_read_classes_as_likes() {
    let r = report_of("ok_group_posts_ru.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "ok");
    assert_eq!(mapped_header(f, "likes"), Some("Классы"));
    assert_eq!(mapped_header(f, "link_clicks"), Some("Клики по ссылкам"));
    let s = &r["summary"];
    assert_eq!(int(&s["reach"]), 3500);
    assert_eq!(int(&s["likes"]), 125);
    assert_eq!(int(&s["comments"]), 30);
    assert_eq!(int(&s["reposts"]), 9);
    assert_eq!(int(&s["link_clicks"]), 45);
    // (80+10+6)/2000 = 4.8 %, (45+20+3)/1500 = 4.5333… %
    assert_close(&s["er_mean"], (4.8 + 68.0 / 1500.0 * 100.0) / 2.0);
    assert_close(&s["ctr"], 45.0 / 3500.0 * 100.0);
    assert_eq!(r["posts"][0]["published_at"], "2026-03-05T10:00:00");
}

#[test]
fn dzen_publications_keep_impressions_apart_from_views() {
    let r = report_of("dzen_publications_ru.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "dzen");
    assert_eq!(mapped_header(f, "impressions"), Some("Показы"));
    assert_eq!(mapped_header(f, "views"), Some("Просмотры"));
    let s = &r["summary"];
    assert_eq!(int(&s["impressions"]), 10000 + 6000);
    assert_eq!(int(&s["views"]), 800 + 1200);
    assert_eq!(r["formula"]["er_basis"], "views");
    // (40+6+4)/800 = 6.25 %, (55+9+2)/1200 = 5.5 %
    assert_close(&s["er_mean"], (6.25 + 5.5) / 2.0);
    assert_eq!(r["posts"][1]["type"], "Видео");
}

#[test]
fn rutube_is_told_by_its_links_and_unique_viewers_are_reach() {
    let r = report_of("rutube_videos_ru.csv");
    let f = detail(&r, 0);
    assert_eq!(f["platform"], "rutube");
    assert_eq!(mapped_header(f, "reach"), Some("Уникальные зрители"));
    let s = &r["summary"];
    assert_eq!(int(&s["reach"]), 2500 + 900);
    assert_eq!(int(&s["views"]), 3000 + 1000);
    // (60+8+5)/2500 = 2.92 %, (25+3+1)/900 = 3.2222… %
    assert_close(&s["er_mean"], (2.92 + 29.0 / 900.0 * 100.0) / 2.0);
    assert_close(&s["er_ratio"], 102.0 / 3400.0 * 100.0);
    assert_eq!(r["posts"][0]["platform"], "rutube");
}

#[test]
fn every_new_platform_is_one_the_flag_accepts() {
    for p in ["linkedin", "pinterest", "threads", "ok", "dzen", "rutube"] {
        let r = json_of(&["report", &data("threads_posts.csv"), "--platform", p]);
        assert_eq!(detail(&r, 0)["platform"], p);
    }
}

// --- GA4 "Report CSV Export" ------------------------------------------------

#[test]
fn ga4_number_columns_are_figures_and_daily_users_are_not_unique_users() {
    let r = report_of("ga4_report_export_daily.csv");
    let w = &r["web"][0];
    assert_eq!(w["source"], "ga4");
    assert_eq!(w["title"], "Report CSV Export: Users by day");
    // Only the date is a dimension: the number columns are figures.
    assert_eq!(w["dimensions"], serde_json::json!(["Date"]));
    let names: Vec<&str> = w["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Returning users",
            "Engaged sessions",
            "Event count",
            "Event count per active user"
        ]
    );
    let totals: Vec<(&str, &str, Value)> = w["figure_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                f["total"].clone(),
            )
        })
        .collect();
    assert_eq!(totals[0], ("Returning users", "people", 200.0.into()));
    assert_eq!(totals[1], ("Engaged sessions", "count", 230.0.into()));
    assert_eq!(totals[2], ("Event count", "count", 2800.0.into()));
    assert_eq!(totals[3].1, "rate");
    assert_null(&totals[3].2);
    // Each row keeps its values: day two had 1500 events, 10 per user.
    assert_eq!(
        w["rows"][1]["figures"],
        serde_json::json!([100.0, 120.0, 1500.0, 10.0])
    );
    // 100 + 150 + 50 daily users: a sum, labelled as not unique users.
    assert_eq!(int(&w["totals"]["users"]), 300);
    assert_eq!(w["rows_are_days"], true);
    let notes = detail(&r, 0)["notes"].to_string();
    assert!(notes.contains("not the number of unique users"), "{notes}");
    let out = smmkpi()
        .args(["report", &data("ga4_report_export_daily.csv")])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(
        text.contains("Σ of daily users: not a count of unique users"),
        "{text}"
    );
    assert!(text.contains("2,800"), "{text}");
}

#[test]
fn a_traffic_table_by_source_keeps_sums_of_users_as_an_upper_bound() {
    // Rows by channel, not by day: no "daily" label.
    let r = report_of("ga4_traffic_acquisition.csv");
    assert_eq!(r["web"][0]["rows_are_days"], false);
}
