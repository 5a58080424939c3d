//! `smmkpi mentions`: brand mentions of monitoring exports, by period and
//! source, their tone and each brand's share of voice. Expected figures are
//! counted by hand from the fixtures:
//!
//! `mentions_ru.csv` (`;`, Russian headers) holds 7 mentions and an `Итого`
//! row: 05.03 ВКонтакте positive 1 200; 12.03 Telegram neutral 5 000 (names
//! the coffee shop and «Бариста-бар»); 20.03 вконтакте negative 300 (both);
//! 02.04 Отзовик negative, no reach; 10.04 Дзен `смешанная` 800 (`кофеен`:
//! no brand); an undated Instagram positive 100; 15.04 ВКонтакте unrated 50.

use crate::util::*;

const RU: &str = "tests/data/mentions_ru.csv";
const EN: &str = "tests/data/mentions_en.csv";

#[test]
fn totals_periods_and_sources_of_a_russian_export() {
    let m = json_of(&["mentions", RU]);
    assert_eq!(m["schema"], "smmkpi.mentions/1");
    assert_eq!(int(&m["total"]), 7);
    // 1 200 + 5 000 + 300 + 800 + 100 + 50 = 7 450.
    assert_eq!(int(&m["reach"]), 7450);
    assert_eq!(int(&m["undated"]), 1);
    let p = m["by_period"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0]["period"].as_str(), int(&p[0]["mentions"])),
        (Some("2025-03"), 3)
    );
    assert_eq!(int(&p[0]["reach"]), 6500);
    assert_eq!(
        (p[1]["period"].as_str(), int(&p[1]["mentions"])),
        (Some("2025-04"), 3)
    );
    assert_eq!(int(&p[1]["reach"]), 850);
    // ВКонтакте and вконтакте are one source: 05.03, 20.03, 15.04.
    let s = &m["by_source"][0];
    assert_eq!(s["source"], "ВКонтакте");
    assert_eq!(int(&s["mentions"]), 3);
    assert_eq!(int(&s["reach"]), 1550);
    assert_close(&s["share"], 300.0 / 7.0);
    // The totals row is reported, never counted.
    assert_eq!(
        skipped(&m),
        vec![(9, "totals row ('Итого'), not a mention".to_string())]
    );
    assert_eq!(int(&m["input"]["rows_read"]), 8);
}

#[test]
fn sentiment_counts_the_tones_and_shares_of_the_rated() {
    let out = smmkpi()
        .args(["mentions", RU, "--format", "json"])
        .assert()
        .success();
    let m = json(&out.get_output().stdout);
    let s = &m["sentiment"];
    // positive: 05.03 and the undated one; negative: 20.03, 02.04; neutral:
    // 12.03; unrated: `смешанная` and an empty cell.
    assert_eq!(int(&s["positive"]), 2);
    assert_eq!(int(&s["neutral"]), 1);
    assert_eq!(int(&s["negative"]), 2);
    assert_eq!(int(&s["unrated"]), 2);
    assert_close(&s["positive_share"], 40.0);
    assert_close(&s["negative_share"], 40.0);
    assert_close(&s["neutral_share"], 20.0);
    // April: one negative, two unrated: 100 % of the rated are negative.
    assert_close(&m["by_period"][1]["sentiment"]["negative_share"], 100.0);
    let err = stderr_text(out.get_output());
    assert!(
        err.contains("'смешанная'") && err.contains("unrated"),
        "{err}"
    );
}

#[test]
fn a_file_without_a_tone_column_has_no_sentiment() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("plain.csv");
    std::fs::write(&f, "Date,Source,Text\n2025-03-01,vk.com,hello\n").unwrap();
    let m = json_of(&["mentions", f.to_str().unwrap()]);
    assert!(m.get("sentiment").is_none(), "{m}");
    assert_null(&m["by_period"][0]["sentiment"]);
    assert_null(&m["reach"]);
}

#[test]
fn share_of_voice_counts_each_brand_a_mention_names() {
    let m = json_of(&[
        "mentions",
        RU,
        "--brand",
        "Кофейня=кофейн",
        "--brand",
        "Бариста-бар",
    ]);
    let v = m["share_of_voice"].as_array().unwrap();
    // Кофейня: 05.03, 12.03, 20.03, 02.04, the undated one = 5; Бариста-бар:
    // 12.03, 20.03 = 2; 7 brand mentions in all.
    assert_eq!(v[0]["brand"], "Кофейня");
    assert_eq!(int(&v[0]["mentions"]), 5);
    assert_close(&v[0]["share"], 500.0 / 7.0);
    // 1 200 + 5 000 + 300 + 100 (02.04 reports none).
    assert_eq!(int(&v[0]["reach"]), 6600);
    assert_eq!(int(&v[1]["mentions"]), 2);
    assert_close(&v[1]["share"], 200.0 / 7.0);
    // 10.04 (`кофеен`) and 15.04 name neither.
    assert_eq!(int(&m["naming_no_brand"]), 2);
    assert_eq!(m["brands"][0]["words"][0], "кофейн");
}

#[test]
fn no_brand_named_gives_null_shares() {
    let out = smmkpi()
        .args(["mentions", RU, "--brand", "Пепси", "--format", "json"])
        .assert()
        .success();
    let m = json(&out.get_output().stdout);
    assert_eq!(int(&m["share_of_voice"][0]["mentions"]), 0);
    assert_null(&m["share_of_voice"][0]["share"]);
    assert!(stderr_text(out.get_output()).contains("shares of voice are undefined"));
}

#[test]
fn an_english_export_with_a_bad_reach_reports_the_row() {
    let out = smmkpi()
        .args([
            "mentions",
            EN,
            "--brand",
            "Linen Atelier",
            "--brand",
            "Cotton Co",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let m = json(&out.get_output().stdout);
    assert_eq!(int(&m["total"]), 4);
    let reasons = skipped(&m);
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].0, 6);
    assert!(reasons[0].1.contains("column 'Reach'"), "{reasons:?}");
    // Linen Atelier: 01.03, 03.03; Cotton Co: 03.03, 15.03. `linen` alone
    // (02.04) names no brand.
    assert_eq!(int(&m["share_of_voice"][0]["mentions"]), 2);
    assert_close(&m["share_of_voice"][0]["share"], 50.0);
    assert_eq!(int(&m["naming_no_brand"]), 1);
    assert_eq!(int(&m["by_source"][0]["mentions"]), 2);
    assert_eq!(m["by_source"][0]["source"], "twitter.com");
    smmkpi().args(["mentions", EN, "--strict"]).assert().code(1);
}

#[test]
fn since_until_and_weeks() {
    let m = json_of(&["mentions", RU, "--since", "2025-04-01", "--period", "week"]);
    // 02.04, 10.04, 15.04; the undated one is left out with a date range.
    assert_eq!(int(&m["total"]), 3);
    assert_eq!(int(&m["input"]["filtered_out"]), 4);
    assert_eq!(m["by_period"][0]["period"], "2025-W14");
    assert_eq!(m["by_period"].as_array().unwrap().len(), 3);
}

#[test]
fn every_format_and_the_ones_it_does_not_write() {
    let text = |args: &[&str]| {
        let out = smmkpi().args(args).assert().success();
        stdout_text(out.get_output())
    };
    let table = text(&["mentions", RU, "--brand", "Кофейня=кофейн", "--lang", "ru"]);
    assert!(table.contains("Упоминания бренда"));
    assert!(table.contains("Доля голоса"));
    assert!(table.contains("ВКонтакте"));
    let md = text(&["mentions", RU, "--format", "md", "--lang", "en"]);
    assert!(md.contains("| Source |"), "{md}");
    let csv = text(&["mentions", RU, "--format", "csv"]);
    assert!(
        csv.starts_with("period,start,end,mentions,reach,sentiment.positive"),
        "{csv}"
    );
    let csv = text(&["mentions", RU, "--format", "csv", "--section", "sources"]);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("ВКонтакте,3,"),
        "{csv}"
    );
    let csv = text(&[
        "mentions",
        RU,
        "--format",
        "csv",
        "--section",
        "share-of-voice",
        "--brand",
        "Кофейня=кофейн",
    ]);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("Кофейня,5,"),
        "{csv}"
    );
    smmkpi()
        .args([
            "mentions",
            RU,
            "--format",
            "csv",
            "--section",
            "share-of-voice",
        ])
        .assert()
        .code(2);
    let html = text(&[
        "mentions",
        RU,
        "--brand",
        "Кофейня=кофейн",
        "--format",
        "html",
    ]);
    for chart in ["chart-mentions", "chart-sources", "chart-share-of-voice"] {
        assert!(html.contains(chart), "{chart}");
    }
    assert!(html.contains("class=\"page-mentions\""));
    smmkpi()
        .args(["mentions", RU, "--format", "xlsx", "-o", "x.xlsx"])
        .assert()
        .code(2);
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("hostile.csv");
    std::fs::write(
        &f,
        "Date,Source,Text\n2025-03-01,=HYPERLINK(\"x\"),<script>alert(1)</script>\n",
    )
    .unwrap();
    let p = f.to_str().unwrap();
    let out = smmkpi()
        .args(["mentions", p, "--format", "csv", "--section", "sources"])
        .assert()
        .success();
    assert!(stdout_text(out.get_output()).contains("'=HYPERLINK"));
    let out = smmkpi()
        .args(["mentions", p, "--format", "html"])
        .assert()
        .success();
    let html = stdout_text(out.get_output());
    assert!(!html.contains("<script>"));
    assert!(html.contains("=HYPERLINK(&quot;x&quot;)"));
}

#[test]
fn a_file_that_is_no_mention_export_is_an_error_listing_its_headers() {
    let out = smmkpi()
        .args(["mentions", "tests/data/google_ads_campaigns.csv"])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("no mention table"), "{err}");
    assert!(err.contains("--map text=HEADER"), "{err}");
    // --map names a column the aliases do not know.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("own.csv");
    std::fs::write(&f, "Когда;Что;Где\n01.03.2025;Кофейня;vk\n").unwrap();
    let m = json_of(&[
        "mentions",
        f.to_str().unwrap(),
        "--map",
        "date=Когда",
        "--map",
        "text=Что",
        "--map",
        "source=Где",
    ]);
    assert_eq!(int(&m["total"]), 1);
    assert_eq!(m["by_source"][0]["source"], "vk");
    smmkpi()
        .args(["mentions", f.to_str().unwrap(), "--map", "likes=Что"])
        .assert()
        .code(2);
}
