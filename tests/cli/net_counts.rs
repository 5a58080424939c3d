//! Counts an export writes as the period's net change (YouTube Studio's
//! table of videos for a date range: `Likes` is likes gained less likes
//! taken back, below 0 for a video that lost some): read with their sign,
//! never a skipped row; sums equal the export's own `Total` row; a video
//! without a figure in the period is still a post.

use crate::util::*;

#[test]
fn a_video_that_lost_likes_is_a_post_with_negative_likes() {
    let r = report_of("youtube_period_net_likes.csv");
    // Three videos; the Total row is the only row not a post.
    assert_eq!(int(&r["summary"]["posts"]), 3);
    assert_eq!(skipped(&r).len(), 1);
    let decaf = r["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["id"] == "vidBBB22222")
        .expect("the video that lost likes is a post");
    assert_eq!(decaf["likes"].as_i64(), Some(-3));
    // Interactions -3 + 1 + 1 = -1 over 500 views: ER -0.2 %, a net loss.
    assert_eq!(decaf["interactions"].as_i64(), Some(-1));
    assert_close(&decaf["er"], -0.2);
    assert_eq!(decaf["band"], "low");
}

#[test]
fn sums_of_net_counts_equal_the_exports_total_row() {
    let r = report_of("youtube_period_net_likes.csv");
    let s = &r["summary"];
    // Total row: Views 1500, Likes 37, Comments added 6, Shares 4, Impressions 8500.
    assert_eq!(int(&s["impressions"]), 6000 + 2500);
    assert_eq!(int(&s["views"]), 1000 + 500);
    assert_eq!(int(&s["likes"]), 40 - 3);
    assert_eq!(int(&s["comments"]), 5 + 1);
    assert_eq!(int(&s["reposts"]), 3 + 1);
    assert_eq!(int(&s["interactions"]), 48 - 1);
    // ER by views (no reach): 48/1000 = 4.8 %, -1/500 = -0.2 %; the
    // unwatched video has none. Mean 2.3, ratio 47/1500.
    assert_eq!(r["formula"]["er_basis"], "views");
    assert_close(&s["er_mean"], (4.8 - 0.2) / 2.0);
    assert_close(&s["er_median"], (4.8 - 0.2) / 2.0);
    assert_close(&s["er_ratio"], 47.0 / 1500.0 * 100.0);
    let checks = r["input"]["details"][0]["totals_check"]
        .as_array()
        .expect("a totals check for a file with a Total row");
    let fields: Vec<&str> = checks.iter().filter_map(|c| c["field"].as_str()).collect();
    // Impressions, counted apart from views, are checked too (6000 + 2500).
    assert_eq!(
        fields,
        ["views", "impressions", "likes", "comments", "reposts"]
    );
    for c in checks {
        assert_eq!(c["matches"], true, "{c}");
    }
    let likes = &checks[2];
    assert_eq!(likes["export_total"].as_i64(), Some(37));
    assert_eq!(likes["computed"].as_i64(), Some(37));
}

#[test]
fn a_video_with_empty_views_is_a_post_whose_figures_are_not_reported() {
    let r = report_of("youtube_period_net_likes.csv");
    let old = r["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["id"] == "vidCCC33333")
        .expect("a video with every figure empty is still a post");
    assert_null(&old["views"]);
    assert_null(&old["likes"]);
    assert_null(&old["er"]);
    let notes = r["input"]["details"][0]["notes"].to_string();
    assert!(notes.contains("1 posts report no figure"), "{notes}");
    assert!(
        notes.contains("column 'Likes' (likes) is below 0 in 1 posts"),
        "{notes}"
    );
}

#[test]
fn an_untouched_period_export_passes_strict() {
    smmkpi()
        .args(["report", &data("youtube_period_net_likes.csv"), "--strict"])
        .assert()
        .success();
}

#[test]
fn net_changes_survive_every_output() {
    // A table shows the sign; CSV keeps it as a number.
    let out = smmkpi()
        .args([
            "report",
            &data("youtube_period_net_likes.csv"),
            "--format",
            "csv",
            "--section",
            "posts",
        ])
        .assert()
        .success();
    let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let headers = rdr.headers().expect("a header").clone();
    let likes = headers
        .iter()
        .position(|h| h == "likes")
        .expect("a likes column");
    let values: Vec<String> = rdr
        .records()
        .map(|r| r.expect("a record")[likes].to_string())
        .collect();
    assert!(values.contains(&"-3".to_string()), "{values:?}");
}
