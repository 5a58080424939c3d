//! The export's own totals row, compared with the sums smmkpi makes of the
//! rows it read (`input.details[].totals_check`): a free checksum. A
//! difference is a note, never an error; a figure that does not add up
//! across rows (reach) is said to be so.

use serde_json::Value;

use crate::util::*;

fn checks(r: &Value) -> Vec<Value> {
    r["input"]["details"][0]["totals_check"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn check<'a>(all: &'a [Value], field: &str) -> &'a Value {
    all.iter()
        .find(|c| c["field"] == field)
        .unwrap_or_else(|| panic!("no totals check of {field}: {all:?}"))
}

#[test]
fn a_totals_row_that_differs_is_a_note_naming_the_figures() {
    let out = smmkpi()
        .args([
            "report",
            &data("totals_row_mismatch_ru.csv"),
            "--format",
            "json",
        ])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let err = stderr_text(out.get_output());
    // Line 5's reach '1x00' is unreadable: the row is skipped, so the sums
    // of the two rows read fall short of the export's totals.
    let all = checks(&r);
    let views = check(&all, "views");
    assert_eq!(views["export_total"].as_i64(), Some(9000));
    assert_eq!(views["computed"].as_i64(), Some(4000 + 2500));
    assert_eq!(views["matches"], false);
    assert_eq!(views["additive"], true);
    let likes = check(&all, "likes");
    assert_eq!(likes["computed"].as_i64(), Some(30 + 25));
    assert_eq!(likes["matches"], false);
    // Reach does not add up across posts; a sum below the export's unique
    // total is still a gap, and the check says so.
    let reach = check(&all, "reach");
    assert_eq!(reach["additive"], false);
    assert_eq!(reach["computed"].as_i64(), Some(2000 + 1500));
    assert!(
        reach["note"]
            .as_str()
            .unwrap_or("")
            .contains("rows are missing"),
        "{reach}"
    );
    assert!(
        err.contains("differs from the sum of the rows read: reach 5000 in the export, 3500 summed, views 9000 in the export, 6500 summed"),
        "{err}"
    );
    assert!(
        err.contains("1 rows of the file could not be read"),
        "{err}"
    );
}

#[test]
fn a_matching_totals_row_is_reported_as_matching_in_inspect() {
    let r = json_of(&["inspect", &data("totals_row_bottom_ru.csv")]);
    let all: Vec<Value> = r["files"][0]["totals_check"]
        .as_array()
        .cloned()
        .expect("a totals check");
    // Итого: reach 10000, likes 200, comments 40, reposts 10 — the sums of
    // the four posts (1000+2000+3000+4000, 20+30+50+100, 5+5+10+20, 5+5).
    for (field, total) in [
        ("reach", 10000),
        ("likes", 200),
        ("comments", 40),
        ("reposts", 10),
    ] {
        let c = check(&all, field);
        assert_eq!(c["export_total"].as_i64(), Some(total), "{field}");
        assert_eq!(c["computed"].as_i64(), Some(total), "{field}");
        assert_eq!(c["matches"], true, "{field}");
    }
    let out = smmkpi()
        .args(["inspect", &data("totals_row_bottom_ru.csv")])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("Export's totals row"), "{text}");
    assert!(text.contains("10,000 / 10,000: matches"), "{text}");
}

#[test]
fn reach_summed_above_the_exports_unique_reach_is_no_misreading() {
    let r = report_of("youtube_period_net_likes.csv");
    // No reach column there; the 2026 layout's `Unique viewers` is reach.
    assert!(checks(&r).iter().all(|c| c["field"] != "reach"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("unique.csv");
    std::fs::write(
        &path,
        "Content,Video title,Video publish time,Views,Unique viewers,Likes\n\
         Total,,,300,150,9\n\
         vidA1,A,\"Jan 8, 2025\",200,120,6\n\
         vidB2,B,\"Jan 9, 2025\",100,90,3\n",
    )
    .expect("a file written");
    let out = smmkpi()
        .args(["report", path.to_str().expect("a path"), "--format", "json"])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let all = checks(&r);
    // 120 + 90 = 210 viewers summed; the channel had 150 unique viewers.
    let reach = check(&all, "reach");
    assert_eq!(reach["computed"].as_i64(), Some(210));
    assert_eq!(reach["matches"], false);
    assert!(
        reach["note"]
            .as_str()
            .unwrap_or("")
            .contains("not additive"),
        "{reach}"
    );
    // Not a difference worth a note: only a gap is.
    let err = stderr_text(out.get_output());
    assert!(!err.contains("differs from the sum"), "{err}");
}

#[test]
fn a_daily_table_checks_its_flows_and_leaves_levels_alone() {
    let r = report_of("daily_with_totals_row.csv");
    assert_eq!(r["input"]["details"][0]["kind"], "daily_series");
    let all = checks(&r);
    // Flows: 200 + 250 + 150 = 600 views, 10 + 12 + 8 = 30 profile visits,
    // 20 + 20 + 10 = 50 likes, 2 - 3 + 0 = -1 comments (a net change),
    // 2 + 3 + 1 = 6 reposts: each as the Total row states it.
    for (field, total) in [
        ("views", 600),
        ("profile_visits", 30),
        ("likes", 50),
        ("comments", -1),
        ("reposts", 6),
    ] {
        let c = check(&all, field);
        assert_eq!(c["computed"].as_i64(), Some(total), "{field}");
        assert_eq!(c["matches"], true, "{field}");
    }
    // Daily reach 400 + 350 + 300 = 1050 counts people again; the period's
    // reach is 900.
    let reach = check(&all, "reach");
    assert_eq!(
        (reach["computed"].as_i64(), reach["additive"].as_bool()),
        (Some(1050), Some(false))
    );
    // Followers is a level: its Total is no sum, and is not compared.
    assert!(all.iter().all(|c| c["field"] != "followers"), "{all:?}");
}

#[test]
fn a_metrica_totals_row_checks_visits_and_says_users_are_not_additive() {
    let r = report_of("metrica_sources_ru.csv");
    let all = checks(&r);
    // Визиты 100 + 300 = 400, Посетители 80 + 220 = 300; rates, depth and
    // time on site are averages and are not compared.
    let visits = check(&all, "visits");
    assert_eq!(visits["computed"].as_i64(), Some(400));
    assert_eq!(visits["matches"], true);
    let users = check(&all, "users");
    assert_eq!(users["additive"], false);
    assert_eq!(all.len(), 2, "{all:?}");
}
