//! `smmkpi growth` and `report --followers-file`: audience growth from
//! follower counts (levels) or daily changes, figures checked by hand.

use crate::util::*;

#[test]
fn levels_give_a_growth_rate_for_each_month() {
    let g = json_of(&["growth", &data("followers_levels.csv")]);
    assert_eq!(g["schema"], "smmkpi.growth/1");
    assert_eq!(g["levels_from"], "export");
    let p = g["periods"].as_array().unwrap();
    assert_eq!(p.len(), 3);
    // January: first level 980 → 1000.
    assert_eq!(p[0]["followers_start"], 980);
    assert_eq!(p[0]["followers_end"], 1000);
    // February starts at January's end: 1000 → 1100 = +10 %. The file has
    // three counts in February, not one a day: the growth covers the 28 days
    // from January 31 to February 28, so 100 / 28 a day.
    assert_eq!(p[1]["followers_start"], 1000);
    assert_eq!(p[1]["net"], 100);
    assert_eq!(p[1]["days"], 28);
    assert_close(&p[1]["growth_rate"], 10.0);
    assert_close(&p[1]["avg_daily_growth"], 100.0 / 28.0);
    // March: 1100 → 1210 = +10 %.
    assert_close(&p[2]["growth_rate"], 10.0);
    let s = &g["summary"];
    assert_eq!(
        (s["followers_start"].as_i64(), s["followers_end"].as_i64()),
        (Some(980), Some(1210))
    );
    assert_close(&s["growth_rate"], (1210.0 - 980.0) / 980.0 * 100.0);
    assert_null(&s["gained"]);
}

#[test]
fn youtube_net_subscribers_may_be_negative() {
    let g = json_of(&["growth", &data("youtube_subscribers_daily.csv")]);
    let s = &g["summary"];
    assert_eq!(s["gained"], 19);
    assert_eq!(s["lost"], 7);
    assert_eq!(s["net"], 12);
    assert_null(&s["growth_rate"]);
    assert_null(&g["levels_from"]);
    assert_eq!(g["periods"][0]["net"], 6);
}

#[test]
fn daily_changes_and_followers_now_rebuild_the_counts() {
    let g = json_of(&[
        "growth",
        &data("tiktok_daily_net.csv"),
        "--followers",
        "1012",
    ]);
    assert_eq!(g["levels_from"], "end");
    let s = &g["summary"];
    // 1012 − (10 − 3 + 5) = 1000 before the first day.
    assert_eq!(s["followers_start"], 1000);
    assert_eq!(s["followers_end"], 1012);
    assert_close(&s["growth_rate"], 1.2);
    assert_eq!(
        (s["gained"].as_i64(), s["lost"].as_i64()),
        (Some(18), Some(6))
    );
    // November starts where October 31 ended: 1010.
    assert_eq!(g["periods"][1]["followers_start"], 1010);
    let from_start = json_of(&[
        "growth",
        &data("tiktok_daily_net.csv"),
        "--start-followers",
        "1000",
    ]);
    assert_eq!(from_start["summary"]["followers_end"], 1012);
    assert_eq!(from_start["levels_from"], "start");
}

#[test]
fn gains_without_losses_say_what_is_missing() {
    let out = smmkpi()
        .args([
            "growth",
            &data("meta_follows_utf16.csv"),
            "--followers",
            "500",
        ])
        .assert()
        .success();
    let err = stderr_text(out.get_output());
    assert!(err.contains("gained but not lost"), "{err}");
    let g = json_of(&["growth", &data("meta_follows_utf16.csv")]);
    assert_eq!(g["summary"]["gained"], 70);
    assert_null(&g["summary"]["net"]);
}

#[test]
fn year_less_follower_history_reads_with_its_levels() {
    let g = json_of(&["growth", &data("tiktok_follower_history.csv")]);
    let s = &g["summary"];
    // The first count (1000, January 31) less its day's change (+5).
    assert_eq!(s["followers_start"], 995);
    assert_eq!(s["followers_end"], 1005);
    assert_eq!(s["net"], 10);
}

#[test]
fn growth_renders_as_table_markdown_and_csv() {
    for (format, want) in [
        ("table", "Growth rate"),
        ("md", "| Period"),
        ("csv", "growth_rate"),
    ] {
        let out = smmkpi()
            .args(["growth", &data("followers_levels.csv"), "--format", format])
            .assert()
            .success();
        let text = stdout_text(out.get_output());
        assert!(text.contains(want), "{format}: {text}");
        assert!(text.contains("2025-02"), "{format}: {text}");
    }
    let out = smmkpi()
        .args(["growth", &data("followers_levels.csv"), "--lang", "ru"])
        .assert()
        .success();
    assert!(stdout_text(out.get_output()).contains("Темп роста"));
}

#[test]
fn a_file_without_follower_counts_says_so() {
    let out = smmkpi()
        .args(["growth", &data("bom_utf8.csv")])
        .assert()
        .success();
    assert!(stderr_text(out.get_output()).contains("no follower counts"));
}

#[test]
fn growth_flags_are_checked() {
    smmkpi()
        .args([
            "growth",
            &data("followers_levels.csv"),
            "--followers",
            "1",
            "--start-followers",
            "2",
        ])
        .assert()
        .code(2);
    smmkpi()
        .args([
            "growth",
            &data("followers_levels.csv"),
            "--since",
            "2025-03-01",
            "--until",
            "2025-01-01",
        ])
        .assert()
        .code(2);
}

#[test]
fn since_limits_the_days_but_starts_from_the_count_before() {
    let g = json_of(&[
        "growth",
        &data("followers_levels.csv"),
        "--since",
        "2025-02-01",
    ]);
    assert_eq!(g["summary"]["followers_start"], 1000);
    assert_eq!(g["periods"].as_array().unwrap().len(), 2);
    assert_eq!(g["first"], "2025-02-01");
}

#[test]
fn report_takes_followers_on_each_post_date_from_a_followers_file() {
    let r = json_of(&[
        "report",
        &data("posts_no_followers.csv"),
        "--followers-file",
        &data("followers_levels.csv"),
        "--er-basis",
        "followers",
    ]);
    let posts = r["posts"].as_array().unwrap();
    // Sorted by date: Jan 15 (before the first count), Jan 31, Feb 20.
    assert_null(&posts[0]["followers"]);
    assert_eq!(posts[1]["followers"], 1000);
    assert_eq!(
        posts[2]["followers"], 1050,
        "the count of Feb 15 carries to Feb 20"
    );
    assert_close(&posts[1]["er"], 1.0);
    assert_close(&posts[2]["er"], 21.0 / 1050.0 * 100.0);
}

#[test]
fn monthly_counts_grow_between_the_counts_and_a_missing_month_is_no_zero() {
    let g = json_of(&["growth", &data("followers_monthly_ru.csv")]);
    let p = g["periods"].as_array().expect("periods");
    // January, March, April: February's NA is no count, so no period.
    let labels: Vec<&str> = p.iter().filter_map(|x| x["period"].as_str()).collect();
    assert_eq!(labels, ["2025-01", "2025-03", "2025-04"]);
    // January holds one count (taken at January 31): nothing to measure.
    assert_eq!(p[0]["days"], 0);
    assert_null(&p[0]["net"]);
    assert_null(&p[0]["growth_rate"]);
    // March: 1000 (January 31) → 1100 (March 31): +10 % over 28 + 31 = 59 days.
    assert_eq!(p[1]["followers_start"], 1000);
    assert_eq!(p[1]["followers_end"], 1100);
    assert_eq!(p[1]["days"], 59);
    assert_close(&p[1]["growth_rate"], 10.0);
    assert_close(&p[1]["avg_daily_growth"], 100.0 / 59.0);
    // April: 1100 → 1144 = +4 % over the 30 days to April 30.
    assert_eq!(p[2]["days"], 30);
    assert_close(&p[2]["growth_rate"], 4.0);
    // The whole range: January 31 to April 30 = 89 days, +144 = +14.4 %.
    let s = &g["summary"];
    assert_eq!(
        (s["days"].as_u64(), s["net"].as_i64()),
        (Some(89), Some(144))
    );
    assert_close(&s["growth_rate"], 14.4);
    assert_close(&s["avg_daily_growth"], 144.0 / 89.0);
    let notes = g["input"]["details"][0]["notes"].to_string();
    assert!(
        notes.contains("dated by a month, week or range of days"),
        "{notes}"
    );
}

#[test]
fn weekly_counts_dated_by_ranges_grow_over_a_week() {
    let g = json_of(&[
        "growth",
        &data("followers_weekly_ranges.csv"),
        "--period",
        "week",
    ]);
    let p = g["periods"].as_array().expect("periods");
    // Counts at January 5 (500) and January 12 (520): +20 over 7 days.
    let w2 = &p[1];
    assert_eq!(w2["period"], "2025-W02");
    assert_eq!(
        (w2["followers_start"].as_i64(), w2["followers_end"].as_i64()),
        (Some(500), Some(520))
    );
    assert_eq!(w2["days"], 7);
    assert_close(&w2["avg_daily_growth"], 20.0 / 7.0);
    assert_eq!(w2["gained"], 25);
}

#[test]
fn each_platform_gets_its_own_figures_when_there_are_several() {
    let g = json_of(&[
        "growth",
        "tests/data/tiktok_follower_history.csv",
        "tests/data/followers_levels.csv",
        "--year",
        "2025",
    ]);
    let by = g["platforms"].as_array().unwrap();
    let names: Vec<&str> = by.iter().map(|p| p["platform"].as_str().unwrap()).collect();
    // In the order of the files given.
    assert_eq!(names, ["tiktok", "generic"]);
    let of = |name: &str| by.iter().find(|p| p["platform"] == name).unwrap();
    // Each platform's own levels: TikTok's 995 → 1,005, the table's 980 → 1,210.
    let tiktok = &of("tiktok")["summary"];
    assert_eq!(int(&tiktok["followers_start"]), 995);
    assert_eq!(int(&tiktok["followers_end"]), 1005);
    assert_eq!(int(&tiktok["net"]), 10);
    assert_eq!(of("tiktok")["levels_from"], "export");
    let generic = &of("generic")["summary"];
    assert_eq!(int(&generic["followers_start"]), 980);
    assert_eq!(int(&generic["followers_end"]), 1210);
    // One platform: the figures above are its own.
    let one = json_of(&["growth", "tests/data/followers_levels.csv"]);
    assert_eq!(one["platforms"].as_array().map(Vec::len), Some(1));
    assert_eq!(one["scope"], "platform");
}
