//! Engagement rate: the `er` command for one post, and the ER options of
//! `report` (basis, aggregate, interaction set, target).

use crate::util::*;

#[test]
fn computes_er_of_one_post_as_exactly_three_percent() {
    let r = json_of(&[
        "er",
        "--reach",
        "1000",
        "--likes",
        "20",
        "--comments",
        "5",
        "--reposts",
        "3",
        "--polls",
        "2",
    ]);
    // (20 + 5 + 3 + 2) / 1000 × 100 = 3 exactly (30/1000 = 0.03; 0.03 × 100 = 3.0 in f64)
    assert_eq!(int(&r["interactions"]), 30);
    assert_eq!(num(&r["er"]), 3.0);
    assert_eq!(r["band"], "average");
    assert_eq!(r["basis"], "reach");
    assert_null(&r["er_followers"]);
    assert_null(&r["er_views"]);
    assert_null(&r["ctr"]);
}

#[test]
fn gives_a_null_er_for_zero_reach_and_still_succeeds() {
    let r = json_of(&["er", "--reach", "0", "--likes", "5"]);
    assert_null(&r["er"]);
    assert_null(&r["band"]);
    assert_null(&r["ctr"]);
    assert_eq!(int(&r["interactions"]), 5);
}

#[test]
fn computes_er_by_followers_and_views_and_ctr_of_one_post() {
    let r = json_of(&[
        "er",
        "--reach",
        "2000",
        "--views",
        "5000",
        "--followers",
        "10000",
        "--likes",
        "80",
        "--comments",
        "15",
        "--reposts",
        "5",
        "--clicks",
        "40",
    ]);
    // interactions 80+15+5 = 100
    assert_eq!(int(&r["interactions"]), 100);
    assert_close(&r["er"], 5.0); // 100 / 2000
    assert_close(&r["er_reach"], 5.0);
    assert_close(&r["er_views"], 2.0); // 100 / 5000
    assert_close(&r["er_followers"], 1.0); // 100 / 10000
    assert_close(&r["ctr"], 2.0); // 40 / 2000
    assert_eq!(r["band"], "high"); // 3.5 ≤ 5 ≤ 6
}

#[test]
fn falls_back_to_followers_when_reach_and_views_are_not_given() {
    let r = json_of(&[
        "er",
        "--followers",
        "400",
        "--likes",
        "10",
        "--comments",
        "2",
    ]);
    assert_eq!(r["basis"], "followers");
    assert_close(&r["er"], 3.0); // 12 / 400
}

#[test]
fn places_er_in_bands_around_the_target() {
    // ER = likes / 1000 × 100 = likes / 10
    let cases = [
        ("9", "low"),        // 0.9 < 1
        ("10", "average"),   // 1
        ("34", "average"),   // 3.4 < 3.5
        ("35", "high"),      // 3.5
        ("60", "high"),      // 6
        ("61", "very_high"), // 6.1 > 6
    ];
    for (likes, band) in cases {
        let r = json_of(&["er", "--reach", "1000", "--likes", likes]);
        assert_eq!(r["band"], band, "likes {likes}");
    }
    // With --target-er 6 the bands scale by 2: low < 2 ≤ average < 7 ≤ high ≤ 12 < very high
    let r = json_of(&["er", "--reach", "1000", "--likes", "34", "--target-er", "6"]);
    assert_eq!(r["band"], "average"); // 3.4
    let r = json_of(&["er", "--reach", "1000", "--likes", "19", "--target-er", "6"]);
    assert_eq!(r["band"], "low"); // 1.9 < 6/3
}

#[test]
fn counts_only_the_interactions_asked_for() {
    let r = json_of(&[
        "er",
        "--reach",
        "1000",
        "--likes",
        "20",
        "--comments",
        "5",
        "--reposts",
        "3",
        "--interactions",
        "likes,comments",
    ]);
    assert_eq!(int(&r["interactions"]), 25);
    assert_close(&r["er"], 2.5);
    assert_eq!(
        r["interaction_fields"],
        serde_json::json!(["likes", "comments"])
    );
}

#[test]
fn prints_er_as_a_table_in_russian() {
    let out = smmkpi()
        .args([
            "er",
            "--reach",
            "1000",
            "--likes",
            "20",
            "--comments",
            "5",
            "--lang",
            "ru",
        ])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("ER по охвату"), "{text}");
    assert!(text.contains("2,50 %"), "{text}");
    assert!(text.contains("средний"), "{text}");
}

#[test]
fn reports_mean_median_and_ratio_of_a_set_with_mean_as_the_default_headline() {
    let r = report_of("bom_utf8.csv");
    let s = &r["summary"];
    assert_eq!(r["formula"]["aggregate"], "mean");
    // Per-post ER: 60/1000=6, 40/2000=2, 15/500=3, 160/4000=4,
    //              25/2500=1, 80/1600=5, 18/3000=0.6, 72/2400=3
    // mean = 24.6 / 8 = 3.075
    assert_close(&s["er_mean"], 3.075);
    assert_close(&s["er"], 3.075);
    // sorted 0.6 1 2 3 3 4 5 6 → median (3 + 3) / 2
    assert_close(&s["er_median"], 3.0);
    // Σ interactions / Σ reach = 470 / 17000
    assert_close(&s["er_ratio"], 470.0 / 17000.0 * 100.0);
    assert_eq!(s["band"], "average");
    let ers: Vec<f64> = column(&r["posts"], "er").into_iter().map(num).collect();
    let expected = [6.0, 2.0, 3.0, 4.0, 1.0, 5.0, 0.6, 3.0];
    for (a, e) in ers.iter().zip(expected) {
        assert!((a - e).abs() < EPS, "{ers:?}");
    }
}

#[test]
fn computes_ctr_over_posts_that_report_clicks() {
    let r = report_of("bom_utf8.csv");
    // Post 1007 leaves Link clicks empty: it is out of both sums.
    // clicks 10+20+5+80+0+30+24 = 169; reach 17000 − 3000 = 14000
    assert_eq!(int(&r["summary"]["link_clicks"]), 169);
    assert_close(&r["summary"]["ctr"], 169.0 / 14000.0 * 100.0);
    assert_close(&r["posts"][0]["ctr"], 1.0); // 10 / 1000
    assert_null(&r["posts"][6]["ctr"]);
}

#[test]
fn picks_the_headline_er_with_aggregate() {
    let r = json_of(&["report", &data("bom_utf8.csv"), "--aggregate", "ratio"]);
    assert_eq!(r["formula"]["aggregate"], "ratio");
    assert_close(&r["summary"]["er"], 470.0 / 17000.0 * 100.0);
    let r = json_of(&["report", &data("bom_utf8.csv"), "--aggregate", "median"]);
    assert_close(&r["summary"]["er"], 3.0);
}

#[test]
fn echoes_and_uses_a_custom_interaction_set() {
    let r = json_of(&[
        "report",
        &data("bom_utf8.csv"),
        "--interactions",
        "likes,comments",
    ]);
    assert_eq!(
        r["formula"]["interactions"],
        serde_json::json!(["likes", "comments"])
    );
    // likes + comments = 335 + 59 = 394
    assert_eq!(int(&r["summary"]["interactions"]), 394);
    assert_close(&r["summary"]["er_ratio"], 394.0 / 17000.0 * 100.0);
    // post 1001: (50 + 5) / 1000
    assert_close(&r["posts"][0]["er"], 5.5);
}

#[test]
fn uses_the_er_basis_it_is_told_and_says_so() {
    let r = json_of(&["report", &data("utf16le_bom.csv"), "--er-basis", "views"]);
    assert_eq!(r["formula"]["er_basis"], "views");
    // Σ interactions / Σ views = 146 / 7200
    assert_close(&r["summary"]["er_ratio"], 146.0 / 7200.0 * 100.0);
    // post 1: 20 / 1200
    assert_close(&r["posts"][0]["er"], 20.0 / 1200.0 * 100.0);
    assert!(r["formula"]["er_formula"]
        .as_str()
        .unwrap()
        .contains("views"));
}

#[test]
fn ranks_top_posts_by_er_then_by_interactions() {
    let r = json_of(&["report", &data("bom_utf8.csv"), "--top", "5"]);
    let ids: Vec<&str> = column(&r["top_posts"], "id")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // 6 %, 5 %, 4 %, then two posts at 3 %: 1008 (72 interactions) before 1003 (15)
    assert_eq!(ids, vec!["1001", "1006", "1004", "1008", "1003"]);
}

#[test]
fn measures_hashtags_against_the_overall_mean_er() {
    let r = report_of("bom_utf8.csv");
    let h = r["hashtags"].as_array().unwrap();
    let tags: Vec<&str> = h.iter().map(|t| t["tag"].as_str().unwrap()).collect();
    // most used first; ties by higher mean ER
    assert_eq!(tags, vec!["#sale", "#winter", "#team", "#new"]);
    // #sale on 1001, 1004, 1006, 1008: ER (6 + 4 + 5 + 3) / 4 = 4.5
    assert_eq!(int(&h[0]["posts"]), 4);
    assert_close(&h[0]["er_mean"], 4.5);
    // reach (1000 + 4000 + 1600 + 2400) / 4 = 2250
    assert_close(&h[0]["reach_mean"], 2250.0);
    // lift 4.5 / 3.075 − 1
    assert_close(&h[0]["lift"], (4.5 / 3.075 - 1.0) * 100.0);
    // #team: (2 + 0.6) / 2 = 1.3
    assert_close(&h[2]["er_mean"], 1.3);
}

#[test]
fn finds_the_best_posting_time_and_flags_thin_slots() {
    let r = report_of("bom_utf8.csv");
    let t = r["best_time"].as_array().unwrap();
    // Wed 18h: 01-08 (2), 01-22 (4), 02-12 (5) → 11/3
    assert_eq!(t[0]["day"], "Wed");
    assert_eq!(int(&t[0]["hour"]), 18);
    assert_eq!(int(&t[0]["posts"]), 3);
    assert_close(&t[0]["er_mean"], 11.0 / 3.0);
    assert_eq!(t[0]["low_sample"], false);
    // Mon 10h: 01-06 (6), 02-03 (1) → 3.5
    assert_eq!(t[1]["day"], "Mon");
    assert_close(&t[1]["er_mean"], 3.5);
    // Wed 12h: one post (0.6) → flagged
    let last = t.last().unwrap();
    assert_eq!(int(&last["hour"]), 12);
    assert_eq!(last["low_sample"], true);
}
