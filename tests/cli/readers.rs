//! How each input quirk is read: one fixture per quirk, run through
//! `smmkpi report --format json`, figures checked against hand arithmetic.

use serde_json::Value;

use crate::util::*;

fn detail(r: &Value) -> &Value {
    &r["input"]["details"][0]
}

#[test]
fn reads_utf8_with_bom_meta_export_and_maps_every_column() {
    let r = report_of("bom_utf8.csv");
    let d = detail(&r);
    assert_eq!(d["encoding"], "UTF-8 with BOM");
    assert_eq!(d["delimiter"], ",");
    assert_eq!(d["platform"], "instagram");
    // The BOM must not stick to the first header: `Post ID` still maps to id.
    let fields: Vec<&str> = d["mapping"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["field"].as_str().unwrap())
        .collect();
    for f in [
        "id",
        "published_at",
        "account",
        "type",
        "text",
        "reach",
        "likes",
        "comments",
        "reposts",
        "saves",
        "link_clicks",
    ] {
        assert!(fields.contains(&f), "{f} not mapped: {fields:?}");
    }
    assert_eq!(d["mapping"]["unmapped"], serde_json::json!(["Permalink"]));
    assert_eq!(r["posts"][0]["id"], "1001");

    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 8);
    // reach: Jan 1000+2000+500+4000 = 7500, Feb 2500+1600+3000+2400 = 9500; 17000
    assert_eq!(int(&s["reach"]), 17000);
    // likes: 50+30+10+100 + 20+60+15+50 = 335
    assert_eq!(int(&s["likes"]), 335);
    // comments: 5+6+2+20 + 3+10+3+10 = 59
    assert_eq!(int(&s["comments"]), 59);
    // shares → reposts: 3+2+1+10 + 1+5+0+6 = 28
    assert_eq!(int(&s["reposts"]), 28);
    // saves: 2+2+2+30 + 1+5+0+6 = 48
    assert_eq!(int(&s["saves"]), 48);
    // 335 + 59 + 28 + 48 = 470
    assert_eq!(int(&s["interactions"]), 470);
    assert_null(&s["views"]);
    assert_null(&s["poll_votes"]);
}

#[test]
fn reads_meta_month_first_dates() {
    let r = report_of("bom_utf8.csv");
    let dates: Vec<&str> = column(&r["posts"], "published_at")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // 01/06/2025 10:00 is January 6th (01/15/2025 shows the column is month first).
    assert_eq!(dates[0], "2025-01-06T10:00:00");
    assert_eq!(dates[2], "2025-01-15T10:15:00");
    assert_eq!(dates[7], "2025-02-26T10:00:00");
}

#[test]
fn reads_utf16le_with_bom_tab_separated_crlf() {
    let r = report_of("utf16le_bom.csv");
    let d = detail(&r);
    assert_eq!(d["encoding"], "UTF-16LE");
    assert_eq!(d["delimiter"], "TAB");
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 5);
    // reach 800+1000+400+2000+600 = 4800
    assert_eq!(int(&s["reach"]), 4800);
    // Impressions → views: 1200+1500+600+3000+900 = 7200
    assert_eq!(int(&s["views"]), 7200);
    // Reactions → likes: 16+30+4+50+9 = 109
    assert_eq!(int(&s["likes"]), 109);
    // interactions 20+50+4+60+12 = 146
    assert_eq!(int(&s["interactions"]), 146);
    // ER per post: 20/800=2.5, 50/1000=5, 4/400=1, 60/2000=3, 12/600=2 → mean 13.5/5
    assert_close(&s["er_mean"], 2.7);
    // 146 / 4800 × 100
    assert_close(&s["er_ratio"], 146.0 / 4800.0 * 100.0);
    // Non-BMP characters survive the UTF-16 decoding (a surrogate pair).
    assert_eq!(r["posts"][0]["text"], "Привет 👋 #hello");
    assert_eq!(r["posts"][0]["hashtags"], serde_json::json!(["#hello"]));
    // No stray CR at the end of the last column.
    assert_eq!(int(&r["posts"][0]["reposts"]), 0);
}

#[test]
fn reads_windows_1251_with_semicolons_and_russian_headers() {
    let r = report_of("windows1251_semicolon.csv");
    let d = detail(&r);
    assert_eq!(d["encoding"], "windows-1251");
    assert_eq!(d["delimiter"], ";");
    assert_eq!(d["mapping"]["unmapped"], serde_json::json!(["Автор"]));
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 5);
    assert_eq!(int(&s["reach"]), 10000); // 1000+2000+500+4000+2500
    assert_eq!(int(&s["likes"]), 155); // 40+20+5+60+30
    assert_eq!(int(&s["comments"]), 48); // 5+10+3+20+10
    assert_eq!(int(&s["reposts"]), 25); // 3+5+2+10+5
    assert_eq!(int(&s["poll_votes"]), 42); // 2+25+0+10+5
    assert_eq!(int(&s["interactions"]), 270); // 155+48+25+42

    // ER: 50/1000=5, 60/2000=3, 10/500=2, 100/4000=2.5, 50/2500=2
    assert_close(&s["er_mean"], 14.5 / 5.0);
    assert_close(&s["er_median"], 2.5);
    assert_close(&s["er_ratio"], 2.7); // 270/10000
    assert_eq!(r["posts"][0]["text"], "Весенний запуск #весна");
    // DD.MM.YYYY HH:MM
    assert_eq!(r["posts"][0]["published_at"], "2025-03-10T09:00:00");
    let tags: Vec<&str> = column(&r["hashtags"], "tag")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(tags[0], "#весна");
}

#[test]
fn reads_counts_with_nbsp_thousands_and_decimal_commas() {
    let r = report_of("nbsp_thousands.csv");
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 5);
    // "1 260" + "20 000" + "1,5 тыс." + "10 000" + "1 000 000" (U+00A0 groups)
    // = 1260 + 20000 + 1500 + 10000 + 1000000 = 1032760
    assert_eq!(int(&s["reach"]), 1_032_760);
    // "56,0" + "1 000" + 30 + 200 + "25 000" = 26286
    assert_eq!(int(&s["likes"]), 26_286);
    // 7 + 20 + 0 + 50 + "5 000" = 5077
    assert_eq!(int(&s["comments"]), 5_077);
    let reach: Vec<u64> = column(&r["posts"], "reach").into_iter().map(int).collect();
    assert_eq!(reach, vec![1260, 20000, 1500, 10000, 1_000_000]);
    // ER: 63/1260=5, 1020/20000=5.1, 30/1500=2, 250/10000=2.5, 30000/1e6=3 → 17.6/5
    assert_close(&s["er_mean"], 3.52);
    assert_close(&s["er_ratio"], 31363.0 / 1_032_760.0 * 100.0);
    // The "ER, %" column with decimal commas is not a count and is left alone.
    assert_eq!(
        detail(&r)["mapping"]["unmapped"],
        serde_json::json!(["ER, %"])
    );
    assert!(skipped(&r).is_empty());
}

#[test]
fn skips_and_reports_a_totals_row_right_under_the_header() {
    let r = report_of("totals_row_top.csv");
    let d = detail(&r);
    assert_eq!(d["platform"], "youtube");
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert_eq!(sk[0].0, 2);
    assert!(sk[0].1.contains("totals row"), "{}", sk[0].1);
    assert!(sk[0].1.contains("Total"), "{}", sk[0].1);
    assert_eq!(r["input"]["skipped"][0]["file"], data("totals_row_top.csv"));
    assert_eq!(int(&r["input"]["rows_read"]), 5);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    // Views 2000+4000+1000+3000 = 10000, not doubled by the Total row.
    assert_eq!(int(&s["views"]), 10000);
    assert_eq!(int(&s["likes"]), 210); // 80+60+10+60
    assert_eq!(int(&s["interactions"]), 310); // 100+80+10+120
    assert_null(&s["reach"]);
    // No reach: auto basis falls back to views.
    assert_eq!(r["formula"]["er_basis"], "views");
    // ER by views: 100/2000=5, 80/4000=2, 10/1000=1, 120/3000=4 → mean 3
    assert_close(&s["er_mean"], 3.0);
    assert_close(&s["er_ratio"], 3.1); // 310/10000

    // "Jan 8, 2025"
    assert_eq!(r["posts"][0]["published_at"], "2025-01-08T00:00:00");
}

#[test]
fn reports_totals_row_at_the_bottom_as_skipped() {
    let r = report_of("totals_row_bottom_ru.csv");
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert_eq!(sk[0].0, 6);
    assert!(sk[0].1.contains("Итого"), "{}", sk[0].1);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&s["reach"]), 10000); // 1000+2000+3000+4000, not 20000
    assert_eq!(int(&s["likes"]), 200); // Нравится: 20+30+50+100
    assert_eq!(int(&s["reposts"]), 10); // Поделились: 5+5+0+0

    // ER: 30/1000=3, 40/2000=2, 60/3000=2, 120/4000=3 → 2.5; 250/10000 = 2.5
    assert_close(&s["er_mean"], 2.5);
    assert_close(&s["er_ratio"], 2.5);
}

#[test]
fn keeps_newlines_inside_quoted_captions_and_counts_lines_of_the_file() {
    let r = report_of("multiline_quoted.csv");
    let lines: Vec<u64> = column(&r["posts"], "line").into_iter().map(int).collect();
    // p1 spans lines 2–3, p3 spans 5–7, so p2 is on 4, p4 on 8, p5 on 9.
    assert_eq!(lines, vec![2, 4, 5, 8, 9]);
    let texts: Vec<&str> = column(&r["posts"], "text")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(texts[0], "Line one line two #multi");
    assert_eq!(texts[2], "Three lines here, with, commas");
    assert_eq!(texts[3], "She said \"hi\" #multi");
    // p6 (lines 10–11) has a bad count: skipped at the line where it starts.
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert_eq!(sk[0].0, 10);
    assert!(sk[0].1.contains("lots"), "{}", sk[0].1);
    assert_eq!(int(&r["input"]["rows_read"]), 6);
    // ER 10/1000 … 50/1000 = 1, 2, 3, 4, 5 → mean 3
    assert_close(&r["summary"]["er_mean"], 3.0);
    assert_eq!(int(&r["hashtags"][0]["posts"]), 2); // #multi on p1 and p4
}

#[test]
fn skips_a_row_with_fewer_fields_than_the_header() {
    let r = report_of("ragged_row.csv");
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert_eq!(sk[0].0, 3);
    assert!(sk[0].1.contains("3 fields"), "{}", sk[0].1);
    assert!(sk[0].1.contains("5"), "{}", sk[0].1);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&s["reach"]), 4500); // 1000+2000+500+1000
    assert_eq!(int(&s["likes"]), 75); // 10+30+5+30

    // ER: 20/1000=2, 40/2000=2, 5/500=1, 30/1000=3 → mean 2; ratio 95/4500
    assert_close(&s["er_mean"], 2.0);
    assert_close(&s["er_ratio"], 95.0 / 4500.0 * 100.0);
}

#[test]
fn finds_the_header_below_two_title_lines() {
    let r = report_of("title_preamble.csv");
    let d = detail(&r);
    assert_eq!(int(&d["header_line"]), 3);
    let pre = d["preamble"].as_array().unwrap();
    assert_eq!(pre.len(), 2);
    assert_eq!(int(&pre[0]["line"]), 1);
    assert_eq!(pre[0]["text"], "Отчёт по публикациям, октябрь 2025");
    assert_eq!(int(&pre[1]["line"]), 2);
    assert_eq!(d["delimiter"], ",");
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&s["reach"]), 5000);
    // ER 30/1000=3, 40/2000=2, 10/1000=1, 20/1000=2 → 2
    assert_close(&s["er_mean"], 2.0);
    assert!(skipped(&r).is_empty(), "title lines are not skipped rows");
    let lines: Vec<u64> = column(&r["posts"], "line").into_iter().map(int).collect();
    assert_eq!(lines, vec![4, 5, 6, 7]);
}

#[test]
fn obeys_a_sep_line_even_when_commas_outnumber_semicolons() {
    let r = report_of("sep_line.csv");
    let d = detail(&r);
    assert_eq!(d["delimiter"], ";");
    assert_eq!(int(&d["header_line"]), 2);
    assert_eq!(d["preamble"][0]["text"], "sep=;");
    assert_eq!(r["posts"][0]["text"], "Hi, there, all, of, you");
    assert_eq!(int(&r["posts"][0]["line"]), 3);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&s["reach"]), 4500);
    assert_eq!(int(&s["likes"]), 120);
    // ER 1, 3, 2, 4 → mean 2.5; ratio 120/4500
    assert_close(&s["er_mean"], 2.5);
    assert_close(&s["er_ratio"], 120.0 / 4500.0 * 100.0);
}

#[test]
fn treats_not_reported_markers_as_missing_never_zero() {
    let r = report_of("not_reported_markers.csv");
    let s = &r["summary"];
    // Row 5 (2025-12-04) reports nothing at all: skipped, not a post of zeros.
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert_eq!(sk[0].0, 5);
    assert!(sk[0].1.contains("no figures"), "{}", sk[0].1);
    assert_eq!(int(&s["posts"]), 4);
    // reach: 1000 + undefined + 2000 + 500 = 3500
    assert_eq!(int(&s["reach"]), 3500);
    // views: -- , 2000, NaN, empty → only 2000
    assert_eq!(int(&s["views"]), 2000);
    // likes: 10 + 20 + 30 + empty = 60
    assert_eq!(int(&s["likes"]), 60);
    // comments: N/A + 5 + 10 + 5 = 20
    assert_eq!(int(&s["comments"]), 20);
    // reposts: a reported 0 stays 0, not null
    assert_eq!(int(&s["reposts"]), 0);
    // saves: nobody reports them → null, not 0
    assert_null(&s["saves"]);
    let p = &r["posts"];
    assert_null(&p[0]["comments"]);
    assert_null(&p[0]["saves"]);
    assert_null(&p[0]["views"]);
    assert_null(&p[1]["reach"]);
    // Post 2 has no reach: its ER (by reach) is undefined, not 0.
    assert_null(&p[1]["er"]);
    // interactions: 10 (likes only) + 25 + 40 + 5 = 80
    assert_eq!(int(&s["interactions"]), 80);
    // ER: 10/1000=1, 40/2000=2, 5/500=1 → mean 4/3; ratio (10+40+5)/(1000+2000+500)
    assert_close(&s["er_mean"], 4.0 / 3.0);
    assert_close(&s["er_median"], 1.0);
    assert_close(&s["er_ratio"], 55.0 / 3500.0 * 100.0);
}

#[test]
fn skips_rows_with_counts_that_are_not_numbers_and_says_why() {
    let r = report_of("bad_number.csv");
    let sk = skipped(&r);
    let lines: Vec<u64> = sk.iter().map(|s| s.0).collect();
    assert_eq!(lines, vec![3, 4, 6, 7]);
    assert!(sk[0].1.contains("'abc'"), "{}", sk[0].1);
    assert!(sk[0].1.contains("likes"), "{}", sk[0].1);
    // `3.апр` is what a spreadsheet makes of a number: the reason says so.
    assert!(sk[1].1.contains("3.апр"), "{}", sk[1].1);
    assert!(sk[1].1.contains("date"), "{}", sk[1].1);
    assert!(sk[2].1.contains("fraction"), "{}", sk[2].1);
    // Reach counts people: below 0 it cannot be a net change.
    assert!(sk[3].1.contains("reach"), "{}", sk[3].1);
    assert!(sk[3].1.contains("negative"), "{}", sk[3].1);
    assert_eq!(int(&r["input"]["rows_read"]), 6);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 2);
    // ER 12/1000 = 1.2, 40/2000 = 2 → mean 1.6
    assert_close(&s["er_mean"], 1.6);
}

#[test]
fn rows_read_is_posts_plus_skipped_for_every_fixture() {
    for name in [
        "bom_utf8.csv",
        "utf16le_bom.csv",
        "windows1251_semicolon.csv",
        "nbsp_thousands.csv",
        "totals_row_top.csv",
        "totals_row_bottom_ru.csv",
        "multiline_quoted.csv",
        "ragged_row.csv",
        "title_preamble.csv",
        "sep_line.csv",
        "not_reported_markers.csv",
        "bad_number.csv",
        "zero_reach.csv",
        "formula_caption.csv",
        "header_only.csv",
        "telegram_channel.json",
    ] {
        let r = report_of(name);
        let i = &r["input"];
        assert_eq!(
            int(&i["rows_read"]),
            int(&i["posts"]) + skipped(&r).len() as u64 + int(&i["filtered_out"]),
            "{name}"
        );
    }
}

#[test]
fn reads_a_header_only_file_as_zero_posts() {
    let r = report_of("header_only.csv");
    assert_eq!(int(&r["input"]["rows_read"]), 0);
    assert_eq!(int(&r["summary"]["posts"]), 0);
    assert_null(&r["summary"]["er"]);
    assert_null(&r["summary"]["likes"]);
    assert_eq!(r["periods"], serde_json::json!([]));
}

#[test]
fn reads_a_telegram_channel_export() {
    let out = smmkpi()
        .args(["report", &data("telegram_channel.json"), "--format", "json"])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let d = detail(&r);
    assert_eq!(d["format"], "telegram-json");
    assert_eq!(d["platform"], "telegram");
    // 6 messages: 1 service message (not a post), 2 photos of one album (one post).
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 4);
    assert_eq!(int(&r["input"]["rows_read"]), 4);
    let notes = d["notes"].to_string();
    assert!(notes.contains("album"), "{notes}");
    assert!(notes.contains("service"), "{notes}");
    let ids: Vec<&str> = column(&r["posts"], "id")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["2", "3", "5", "6"]);
    // likes = Σ reactions[].count: 5+3 = 8; album 4+2 = 6; none = 0; paid 1 → 15
    let likes: Vec<u64> = column(&r["posts"], "likes").into_iter().map(int).collect();
    assert_eq!(likes, vec![8, 6, 0, 1]);
    assert_eq!(int(&s["likes"]), 15);
    // date_unixtime 1736762400 = 2025-01-13 10:00 UTC
    assert_eq!(r["posts"][0]["published_at"], "2025-01-13T10:00:00+00:00");
    assert_eq!(r["posts"][1]["text"], "Album #launch #photos");
    // No reach, views or followers: ER is undefined and stderr says why.
    assert_null(&s["er"]);
    assert!(
        stderr_text(out.get_output()).contains("ER is undefined"),
        "{}",
        stderr_text(out.get_output())
    );
    // Hashtags from text_entities: #launch on two posts.
    assert_eq!(r["hashtags"][0]["tag"], "#launch");
    assert_eq!(int(&r["hashtags"][0]["posts"]), 2);
    let tags: Vec<&str> = column(&r["hashtags"], "tag")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        tags.contains(&"#photos") && tags.contains(&"#news"),
        "{tags:?}"
    );
}

#[test]
fn gives_telegram_posts_an_er_by_followers_when_told_the_follower_count() {
    let r = json_of(&[
        "report",
        &data("telegram_channel.json"),
        "--followers",
        "200",
    ]);
    assert_eq!(r["formula"]["er_basis"], "followers");
    let s = &r["summary"];
    // ER: 8/200=4, 6/200=3, 0/200=0, 1/200=0.5 → mean 7.5/4; median (0.5+3)/2; 15/800
    assert_close(&s["er_mean"], 1.875);
    assert_close(&s["er_median"], 1.75);
    assert_close(&s["er_ratio"], 1.875);
    // #launch: (4 + 3) / 2 = 3.5; lift 3.5 / 1.875 − 1 = 86.67 %
    assert_close(&r["hashtags"][0]["er_mean"], 3.5);
    assert_close(&r["hashtags"][0]["lift"], (3.5 / 1.875 - 1.0) * 100.0);
}

#[test]
fn moves_telegram_times_into_the_tz_zone() {
    let r = json_of(&[
        "report",
        &data("telegram_channel.json"),
        "--tz",
        "Europe/Moscow",
        "--period",
        "day",
    ]);
    // 2025-01-27 21:00 UTC is 2025-01-28 00:00 in Moscow (UTC+3).
    assert_eq!(r["posts"][3]["published_at"], "2025-01-28T00:00:00+03:00");
    let last = r["periods"].as_array().unwrap().last().unwrap();
    assert_eq!(last["period"], "2025-01-28");
    // The same post counts as Tuesday midnight for the best time.
    let slots = r["best_time"].as_array().unwrap();
    assert!(
        slots.iter().any(|t| t["day"] == "Tue" && t["hour"] == 0),
        "{slots:?}"
    );
}

#[test]
fn leaves_rates_undefined_when_reach_is_zero() {
    let r = report_of("zero_reach.csv");
    let s = &r["summary"];
    assert_eq!(r["formula"]["er_basis"], "reach");
    let ers = column(&r["posts"], "er");
    assert_null(ers[0]); // 5 / 0
    assert_null(ers[1]); // 0 / 0
    assert_null(ers[4]); // 3 / 0
    assert_null(&r["posts"][0]["band"]);
    // reach 0+0+1000+2000+0+500 = 3500; a reported 0 is summed, not dropped
    assert_eq!(int(&s["reach"]), 3500);
    // ER over defined posts: 25/1000=2.5, 50/2000=2.5, 10/500=2 → 7/3
    assert_close(&s["er_mean"], 7.0 / 3.0);
    assert_close(&s["er_median"], 2.5);
    // ratio over posts with positive reach: 85 / 3500
    assert_close(&s["er_ratio"], 85.0 / 3500.0 * 100.0);
    let p = r["periods"].as_array().unwrap();
    assert_eq!(p[0]["period"], "2025-03");
    assert_eq!(int(&p[0]["reach"]), 0);
    assert_null(&p[0]["er"]);
    // Growth from a total reach of 0 is undefined, never ∞.
    assert_eq!(p[1]["period"], "2025-04");
    assert_null(&p[1]["reach_growth"]);
    assert_null(&p[1]["reach_mean_growth"]);
    assert_null(&p[1]["er_change"]);
    let text = String::from_utf8(
        smmkpi()
            .args(["report", &data("zero_reach.csv"), "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for bad in ["NaN", "inf", "Infinity"] {
        assert!(!text.contains(bad), "JSON contains {bad}");
    }
}
