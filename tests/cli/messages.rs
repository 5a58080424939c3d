//! What smmkpi says of rows and files it cannot use: a row without figures
//! names the columns that hold numbers smmkpi does not read; a row that
//! carries Meta's own error text says so and is no failure of `--strict`; a
//! JSON file that is no export says what it is (a VK comments response gets
//! a VK message, not a Telegram one).

use crate::util::*;

#[test]
fn a_row_meta_could_not_compute_names_metas_own_error_and_passes_strict() {
    let r = report_of("meta_posts_data_comment_error.csv");
    assert_eq!(int(&r["summary"]["posts"]), 2);
    let sk = &r["input"]["skipped"][0];
    assert_eq!(int(&sk["line"]), 3);
    assert_eq!(sk["kind"], "no_data");
    let reason = sk["reason"].as_str().expect("a reason");
    assert!(
        reason.contains("An error occurred while computing metadata for content with ID 1999."),
        "{reason}"
    );
    assert!(reason.contains("'Data comment'"), "{reason}");
    // A row naming its post, whose figures Meta could not compute, is no post
    // of no figures either.
    let sk = &r["input"]["skipped"][1];
    assert_eq!(
        (int(&sk["line"]), sk["kind"].as_str()),
        (5, Some("no_data"))
    );
    // Meta's own gap is no unreadable row: an untouched export passes --strict.
    smmkpi()
        .args([
            "report",
            &data("meta_posts_data_comment_error.csv"),
            "--strict",
        ])
        .assert()
        .success();
}

#[test]
fn a_row_without_figures_names_the_columns_that_hold_numbers() {
    let r = report_of("no_figures_unmapped_numbers.csv");
    let sk = skipped(&r);
    assert_eq!(sk.len(), 2, "{sk:?}");
    // Line 3: likes and comments empty, but two columns smmkpi does not read
    // hold numbers.
    assert_eq!(sk[0].0, 3);
    assert!(sk[0].1.contains("no figures in this row"), "{}", sk[0].1);
    assert!(
        sk[0].1.contains("'Watch time (hours)' = 3.25"),
        "{}",
        sk[0].1
    );
    assert!(sk[0].1.contains("'Shown in feed' = 410"), "{}", sk[0].1);
    assert!(sk[0].1.contains("--map"), "{}", sk[0].1);
    // Line 4 holds nothing at all: no column to name.
    assert_eq!(sk[1].0, 4);
    assert!(!sk[1].1.contains("do not read"), "{}", sk[1].1);
    // These rows could not be used: --strict fails.
    smmkpi()
        .args([
            "report",
            &data("no_figures_unmapped_numbers.csv"),
            "--strict",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no_figures_unmapped_numbers.csv:3",
        ));
}

#[test]
fn vk_comments_are_named_as_vk_comments_by_report_and_read_by_core() {
    let file = data("vk_wall_get_comments.json");
    let out = smmkpi().args(["report", &file]).assert().failure();
    let err = stderr_text(out.get_output());
    assert!(err.contains("VK wall.getComments response"), "{err}");
    assert!(!err.contains("Telegram"), "{err}");
    // `core` reads each comment as an action of its author.
    let c = json_of(&["core", &file]);
    assert!(int(&c["input"]["actions"]) > 0, "{c}");
}

#[test]
fn json_that_is_no_export_is_described_by_its_shape() {
    let out = smmkpi()
        .args(["report", &data("bad/not_an_export.json")])
        .assert()
        .failure();
    let err = stderr_text(out.get_output());
    assert!(
        err.contains("it is an object with the keys \"data\", \"version\""),
        "{err}"
    );
}
