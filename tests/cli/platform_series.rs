//! One series per platform: Meta insights files hold a Facebook block and
//! an Instagram block of one metric; `growth`, `report` and
//! `--followers-file` keep each platform's figures apart, and add them up
//! only where a sum means something, labelled as a sum.

use serde_json::Value;

use crate::util::*;

fn platform<'a>(g: &'a Value, name: &str) -> &'a Value {
    g["platforms"]
        .as_array()
        .expect("platforms")
        .iter()
        .find(|p| p["platform"] == name)
        .unwrap_or_else(|| panic!("no platform {name}: {g}"))
}

#[test]
fn facebook_and_instagram_follows_are_two_series_never_one_audience() {
    let g = json_of(&["growth", &data("meta_follows_two_platforms.csv")]);
    assert_eq!(g["platforms"].as_array().map(Vec::len), Some(2));
    // Facebook 3 + 5 = 8 new follows, Instagram 10 + 20 = 30, each apart.
    assert_eq!(platform(&g, "facebook")["summary"]["gained"], 8);
    assert_eq!(platform(&g, "instagram")["summary"]["gained"], 30);
    // The summary is their sum, and says so.
    assert_eq!(g["scope"], "sum_of_platforms");
    assert_eq!(g["summary"]["gained"], 38);
    // The report's series stay two, one a platform.
    let r = report_of("meta_follows_two_platforms.csv");
    let platforms: Vec<&str> = r["series"]
        .as_array()
        .expect("series")
        .iter()
        .filter_map(|s| s["platform"].as_str())
        .collect();
    assert_eq!(platforms, ["facebook", "instagram"]);
}

#[test]
fn each_platform_grows_at_its_own_rate_and_the_sum_is_labelled() {
    let out = smmkpi()
        .args([
            "growth",
            &data("meta_followers_two_platforms.csv"),
            "--format",
            "json",
        ])
        .assert()
        .success();
    let g = json(&out.get_output().stdout);
    // Facebook 1000 → 1100 = +10 %; Instagram 400 → 420 = +5 %; 30 days each.
    let fb = &platform(&g, "facebook")["summary"];
    assert_close(&fb["growth_rate"], 10.0);
    assert_eq!(fb["days"], 30);
    let ig = &platform(&g, "instagram")["summary"];
    assert_close(&ig["growth_rate"], 5.0);
    // The sum of the two audiences: 1400 → 1520, +120 = 120 / 1400 × 100.
    let s = &g["summary"];
    assert_eq!(
        (s["followers_start"].as_i64(), s["followers_end"].as_i64()),
        (Some(1400), Some(1520))
    );
    assert_close(&s["growth_rate"], 120.0 / 1400.0 * 100.0);
    let err = stderr_text(out.get_output());
    assert!(err.contains("counts twice"), "{err}");
    // The table shows each platform, then the sum under its own title.
    let out = smmkpi()
        .args(["growth", &data("meta_followers_two_platforms.csv")])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("By period: facebook"), "{text}");
    assert!(text.contains("By period: instagram"), "{text}");
    assert!(text.contains("Sum of the platforms"), "{text}");
    // CSV: a platform column, the sum's rows last.
    let out = smmkpi()
        .args([
            "growth",
            &data("meta_followers_two_platforms.csv"),
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let rows: Vec<String> = rdr
        .records()
        .map(|r| r.expect("a record")[0].to_string())
        .collect();
    assert_eq!(rows, ["facebook", "instagram", "sum_of_platforms"]);
}

#[test]
fn one_account_count_is_not_spread_over_several_platforms() {
    let out = smmkpi()
        .args([
            "growth",
            &data("meta_follows_two_platforms.csv"),
            "--followers",
            "500",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let g = json(&out.get_output().stdout);
    for p in g["platforms"].as_array().expect("platforms") {
        assert_null(&p["levels_from"]);
    }
    let err = stderr_text(out.get_output());
    assert!(err.contains("is used for none"), "{err}");
}

#[test]
fn a_post_takes_the_followers_of_its_own_platform() {
    let out = smmkpi()
        .args([
            "report",
            &data("posts_two_platforms.csv"),
            "--followers-file",
            &data("meta_followers_two_platforms.csv"),
            "--er-basis",
            "followers",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let post = |id: &str| {
        r["posts"]
            .as_array()
            .expect("posts")
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .expect("a post")
    };
    // March 15: Facebook's count is 1000 (March 1), Instagram's 400.
    assert_eq!(post("fb1")["followers"], 1000);
    assert_close(&post("fb1")["er"], 40.0 / 1000.0 * 100.0);
    assert_eq!(post("ig1")["followers"], 400);
    assert_close(&post("ig1")["er"], 20.0 / 400.0 * 100.0);
    // No TikTok counts: the TikTok post takes neither, nor their sum.
    assert_null(&post("tt1")["followers"]);
    let err = stderr_text(out.get_output());
    assert!(err.contains("1 posts are of none of them"), "{err}");
}
