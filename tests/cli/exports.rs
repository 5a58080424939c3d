//! Each platform's export, as people get it: one fixture per export kind,
//! written from what those exports hold (headers, encodings, quirks), run
//! through the binary, figures checked against hand arithmetic.

use serde_json::Value;

use crate::util::*;

fn file0(doc: &Value) -> &Value {
    match doc.get("files") {
        Some(f) => &f[0],
        None => &doc["input"]["details"][0],
    }
}

fn mapped(f: &Value) -> Vec<(String, String)> {
    f["mapping"]["fields"]
        .as_array()
        .expect("a mapping")
        .iter()
        .map(|m| {
            (
                m["field"].as_str().unwrap().to_string(),
                m["header"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has_map(f: &Value, field: &str, header: &str) -> bool {
    mapped(f).iter().any(|(a, b)| a == field && b == header)
}

fn notes(f: &Value) -> String {
    f["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn series<'a>(r: &'a Value, metric: &str) -> &'a Value {
    r["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["metric"] == metric)
        .unwrap_or_else(|| panic!("no {metric} series in {}", r["series"]))
}

#[test]
fn meta_daily_series_in_utf16_with_a_sep_line_is_a_series_not_posts() {
    let i = json_of(&["inspect", &data("meta_follows_utf16.csv")]);
    let f = file0(&i);
    assert_eq!(f["encoding"], "UTF-16LE");
    assert_eq!(f["kind"], "daily_series");
    assert_eq!(f["platform"], "instagram");
    assert_eq!(f["posts"], 0);
    assert_eq!(f["series"][0]["metric"], "followers_gained");
    assert_eq!(f["series"][0]["label"], "Instagram follows");
    assert_eq!(f["series"][0]["days"], 7);

    let r = report_of("meta_follows_utf16.csv");
    let s = series(&r, "followers_gained");
    // March: 12 + 8 + 0 + 5 = 25; April: 20 + 15 + 10 = 45.
    assert_eq!(s["total"], 70);
    assert_eq!(s["periods"][0]["period"], "2025-03");
    assert_eq!(s["periods"][0]["value"], 25);
    assert_eq!(s["periods"][1]["value"], 45);
    assert_close(&s["periods"][1]["growth"], (45.0 - 25.0) / 25.0 * 100.0);
    assert_null(&s["periods"][0]["growth"]);
    assert_eq!(r["summary"]["posts"], 0);
}

#[test]
fn meta_series_resaved_by_excel_with_semicolons_keeps_its_days() {
    let r = json_of(&[
        "report",
        &data("meta_reach_excel_semicolon.csv"),
        "--period",
        "day",
    ]);
    let s = series(&r, "reach");
    assert_eq!(s["platform"], "facebook");
    // 01:00 on a day after a clock change is still that day.
    let days: Vec<&str> = s["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        ["2025-03-30", "2025-03-31", "2025-04-01", "2025-04-02"]
    );
    assert_eq!(s["total"], 4500);
}

#[test]
fn meta_audience_file_names_its_demographics_and_reads_its_series_block() {
    let i = json_of(&["inspect", &data("meta_audience_blocks.csv")]);
    let f = file0(&i);
    assert_eq!(f["kind"], "daily_series");
    assert_eq!(f["series"][0]["metric"], "followers_gained");
    assert_eq!(f["series"][0]["days"], 2);
    let n = notes(f);
    assert!(
        n.contains("Age & gender") && n.contains("Top cities"),
        "{n}"
    );
}

#[test]
fn several_series_and_posts_make_one_report() {
    let r = json_of(&[
        "report",
        &data("meta_posts_ru_facebook.csv"),
        &data("meta_follows_utf16.csv"),
        &data("meta_reach_excel_semicolon.csv"),
    ]);
    assert_eq!(r["summary"]["posts"], 3);
    assert_eq!(r["series"].as_array().unwrap().len(), 2);
    assert_eq!(r["input"]["details"].as_array().unwrap().len(), 3);
}

#[test]
fn russian_meta_facebook_export_maps_and_never_adds_the_sum_column() {
    let r = report_of("meta_posts_ru_facebook.csv");
    let f = file0(&r);
    assert_eq!(f["platform"], "facebook");
    assert_eq!(f["locale"], "ru");
    assert!(has_map(f, "likes", "Реакции"));
    assert!(has_map(f, "reposts", "Поделились"));
    assert!(has_map(f, "link_clicks", "Клики по ссылке"));
    assert!(has_map(f, "published_at", "Время публикации"));
    let unmapped = f["mapping"]["unmapped"].to_string();
    assert!(
        unmapped.contains("Реакции, комментарии и репосты"),
        "{unmapped}"
    );
    let s = &r["summary"];
    // Interactions are reactions + comments + shares, never the sum column on top.
    assert_eq!(s["likes"], 25 + 30 + 20);
    assert_eq!(s["interactions"], (25 + 4 + 2) + (30 + 5 + 5) + (20 + 2));
    assert_eq!(s["link_clicks"], 60);
    assert_eq!(s["reach"], 1900);
    // CTR = Σ link clicks / Σ reach × 100.
    assert_close(&s["ctr"], 60.0 / 1900.0 * 100.0);
    assert_eq!(r["periods"].as_array().unwrap().len(), 2);
}

#[test]
fn portuguese_instagram_export_maps_every_count() {
    let r = report_of("meta_posts_pt_instagram.csv");
    let f = file0(&r);
    assert_eq!(
        (f["platform"].as_str(), f["locale"].as_str()),
        (Some("instagram"), Some("pt"))
    );
    assert!(has_map(f, "account", "Nome de usuário da conta"));
    let s = &r["summary"];
    assert_eq!(s["likes"], 80);
    assert_eq!(s["saves"], 9);
    // ER per post: (50+10+5+5)/1000 = 7 %, (30+4+2+4)/2000 = 2 %.
    assert_close(&s["er_mean"], 4.5);
}

#[test]
fn a_date_column_of_lifetime_is_not_the_publish_time() {
    let r = report_of("meta_date_lifetime_only.csv");
    let f = file0(&r);
    assert!(!has_map(f, "published_at", "Date"));
    assert!(notes(f).contains("Lifetime"));
    // Not a totals row either: both posts count.
    assert_eq!(r["summary"]["posts"], 2);
    assert_eq!(r["input"]["skipped"].as_array().unwrap().len(), 0);
}

#[test]
fn tiktok_year_less_dates_take_the_year_of_the_export_date() {
    let r = report_of("tiktok_content_yearless.csv");
    let dates: Vec<&str> = r["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["published_at"].as_str().unwrap()[..10])
        .collect();
    // Exported March 3 (2026, the latest March 3 on or before TODAY, 2026-11-22):
    // December 30 is of the year before, January 5 and March 2 of 2026.
    assert_eq!(dates, ["2025-12-30", "2026-01-05", "2026-03-02"]);
    let n = notes(file0(&r));
    assert!(n.contains("export date 'March 3'"), "{n}");
    // `undefined` is not reported, never 0.
    assert_eq!(r["summary"]["likes"], 150);
    assert_null(&r["posts"][2]["likes"]);
}

#[test]
fn tiktok_year_from_the_flag_wins() {
    let r = json_of(&[
        "report",
        &data("tiktok_content_yearless.csv"),
        "--year",
        "2024",
    ]);
    let first = r["posts"][0]["published_at"].as_str().unwrap();
    assert!(first.starts_with("2024-01-05"), "{first}");
}

#[test]
fn tiktok_newer_layout_reads_favorites_as_saves_and_nan_as_not_reported() {
    let r = report_of("tiktok_video_newer_layout.csv");
    let f = file0(&r);
    assert_eq!(f["platform"], "tiktok");
    assert!(has_map(f, "saves", "Add to Favorites"));
    assert_eq!(r["formula"]["er_basis"], "views");
    let p = &r["posts"][1];
    assert_eq!(p["published_at"], "2025-11-02T09:05:00");
    assert_null(&p["likes"]);
    assert_null(&p["comments"]);
    // Post 1: (500+20+30+50)/10000 = 6 %; post 2: (4+6)/2000 = 0.5 %.
    assert_close(&r["summary"]["er_mean"], 3.25);
}

#[test]
fn tiktok_daily_overview_is_a_series_with_net_daily_changes_kept() {
    let r = json_of(&[
        "report",
        &data("tiktok_overview_daily.csv"),
        "--period",
        "month",
    ]);
    let f = file0(&r);
    assert_eq!(
        (f["kind"].as_str(), f["platform"].as_str()),
        (Some("daily_series"), Some("tiktok"))
    );
    let c = series(&r, "comments");
    // December: 2 + (−1) = 1; January: 3. Year-less days wrap into the next year.
    assert_eq!(c["periods"][0]["period"], "2025-12");
    assert_eq!(c["periods"][0]["value"], 1);
    assert_eq!(c["periods"][1]["period"], "2026-01");
    assert!(notes(f).contains("negative on 1 days"));
    assert_eq!(series(&r, "profile_visits")["total"], 18);
}

#[test]
fn tiktok_follower_history_has_a_level_and_a_net_change() {
    let r = report_of("tiktok_follower_history.csv");
    let level = series(&r, "followers");
    assert_eq!(level["aggregation"], "last");
    // January ends at 1000, February (so far) at 1005: +0.5 %.
    assert_eq!(level["periods"][0]["value"], 1000);
    assert_eq!(level["periods"][1]["value"], 1005);
    assert_close(&level["periods"][1]["growth"], 0.5);
    assert_eq!(level["days"], 3, "`undefined` is not a day of 0 followers");
    let net = series(&r, "followers_net");
    assert_eq!(net["total"], 10);
}

#[test]
fn youtube_table_data_skips_the_total_row_and_trims_ids() {
    let r = report_of("youtube_table_data.csv");
    let f = file0(&r);
    assert_eq!(f["platform"], "youtube");
    assert_eq!(r["summary"]["posts"], 2);
    let skips = skipped(&r);
    assert_eq!(skips.len(), 1);
    assert!(skips[0].1.contains("totals row ('Total')"));
    assert_eq!(r["posts"][0]["id"], "abcDEF12345");
    assert_eq!(r["posts"][0]["published_at"], "2025-01-08T00:00:00");
    // Subscribers is a net change per video: never read as followers.
    assert_null(&r["posts"][1]["followers"]);
    assert_eq!(r["summary"]["views"], 3000);
    // (100+10+5)/2000 = 5.75 %, (20+4+1)/1000 = 2.5 %.
    assert_close(&r["summary"]["er_mean"], (5.75 + 2.5) / 2.0);
}

#[test]
fn youtube_chart_data_sums_videos_per_day() {
    let r = json_of(&["report", &data("youtube_chart_data.csv"), "--period", "day"]);
    let v = series(&r, "views");
    assert_eq!(v["platform"], "youtube");
    assert_eq!(v["periods"][0]["value"], 15);
    assert_eq!(v["periods"][1]["value"], 7);
    assert_eq!(v["days"], 3);
    assert_eq!(r["summary"]["posts"], 0);
}

#[test]
fn metrica_table_reads_fractions_as_percent_and_skips_its_totals() {
    let r = report_of("metrica_sources_ru.csv");
    let f = file0(&r);
    assert_eq!(
        (
            f["kind"].as_str(),
            f["platform"].as_str(),
            f["locale"].as_str()
        ),
        (Some("web_analytics"), Some("metrica"), Some("ru"))
    );
    let w = &r["web"][0];
    assert_eq!(w["source"], "metrica");
    let rows = w["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_close(&rows[0]["bounce_rate"], 10.0);
    assert_close(&rows[0]["avg_duration_secs"], 180.0);
    assert_eq!(rows[0]["utm_campaign"], "spring_sale");
    // Visit-weighted: (100 × 10 + 300 × 30) / 400 = 25 %, as the export's own total.
    assert_close(&w["totals"]["bounce_rate"], 25.0);
    assert_close(
        &w["totals"]["avg_duration_secs"],
        (100.0 * 180.0 + 300.0 * 100.0) / 400.0,
    );
    assert_eq!(w["totals"]["visits"], 400);
    let skips = skipped(&r);
    assert_eq!(skips.len(), 1);
    assert!(skips[0].1.contains("Итого и средние"));
}

#[test]
fn ga4_export_reads_its_preamble_title_and_key_events() {
    let r = report_of("ga4_traffic_acquisition.csv");
    let w = &r["web"][0];
    assert_eq!(w["source"], "ga4");
    assert_eq!(w["title"], "Traffic acquisition: Session campaign");
    let t = &w["totals"];
    assert_eq!(t["visits"], 300);
    assert_close(&t["conversions"], 12.0);
    assert_close(&t["conversion_rate"], 4.0);
    // (200 × 75 + 100 × 40) / 300
    assert_close(&t["engagement_rate"], (200.0 * 75.0 + 100.0 * 40.0) / 300.0);
    assert_close(&t["new_user_share"], 140.0 / 250.0 * 100.0);
    assert_eq!(w["rows"][0]["utm_campaign"], "spring_sale");
    assert_eq!(file0(&r)["preamble"].as_array().unwrap().len(), 8);
}

#[test]
fn decimals_excel_turned_into_dates_are_repaired_and_listed() {
    let r = report_of("excel_damaged_decimals_1251.csv");
    let f = file0(&r);
    assert_eq!(f["encoding"], "windows-1251");
    assert_eq!(f["delimiter"], ";");
    assert_eq!(f["damaged"][0]["value"], "3.апр");
    assert_close(&f["damaged"][0]["read_as"], 3.4);
    assert_close(&r["web"][0]["rows"][0]["page_depth"], 3.4);
}

#[test]
fn a_count_excel_turned_into_a_date_is_listed_and_its_row_skipped_never_zero() {
    let r = report_of("excel_damaged_count.csv");
    let f = file0(&r);
    assert_null(&f["damaged"][0]["read_as"]);
    assert_eq!(f["damaged"][0]["line"], 2);
    // The post's interactions are unknown, not 0: it is not used.
    assert_eq!(r["summary"]["posts"], 1);
    assert_eq!(r["summary"]["likes"], 10);
    let skips = skipped(&r);
    assert_eq!(skips[0].0, 2);
    assert!(skips[0].1.contains("'3.апр'"), "{}", skips[0].1);
    // --strict refuses it, naming line, column and value.
    let out = smmkpi()
        .args(["report", &data("excel_damaged_count.csv"), "--strict"])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains(":2: column 'Likes': '3.апр'"), "{err}");
}

#[test]
fn xlsx_with_a_title_row_reads_like_csv() {
    let r = report_of("xlsx_title_row_ru.xlsx");
    let f = file0(&r);
    assert_eq!(f["format"], "xlsx");
    assert!(has_map(f, "reach", "Охват"));
    assert_eq!(f["header_line"], 3);
    assert!(notes(f).contains("read sheet 'Публикации'"));
    assert_eq!(r["summary"]["posts"], 3);
    assert_eq!(r["summary"]["reach"], 3500);
    // `н/д` is not reported.
    assert_eq!(r["summary"]["likes"], 70);
    // Excel dates keep their time of day.
    assert_eq!(r["posts"][1]["published_at"], "2025-03-10T18:40:00");
    let skips = skipped(&r);
    assert_eq!(skips.len(), 1);
    assert!(skips[0].1.contains("Итого"));
}

#[test]
fn xlsx_web_analytics_table() {
    let r = report_of("xlsx_metrica.xlsx");
    let t = &r["web"][0]["totals"];
    assert_eq!(t["visits"], 300);
    assert_close(&t["bounce_rate"], (100.0 * 10.0 + 200.0 * 25.0) / 300.0);
}

#[test]
fn inspect_names_platform_kind_and_language_in_a_table() {
    let out = smmkpi()
        .args(["inspect", &data("meta_posts_ru_facebook.csv")])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    for want in ["facebook", "posts", "ru", "likes ← "] {
        assert!(text.contains(want), "{want} missing in\n{text}");
    }
}

#[test]
fn forced_platform_is_reported() {
    let i = json_of(&[
        "inspect",
        "--platform",
        "vk",
        &data("excel_damaged_count.csv"),
    ]);
    assert_eq!(file0(&i)["platform"], "vk");
}
