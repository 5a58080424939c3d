//! Exit codes and messages: 0 success, 1 data or I/O error, 2 usage error,
//! a closed pipe exits quietly, and no input makes the program panic.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as StdCommand, Stdio};

use predicates::prelude::*;

use crate::util::*;

#[test]
fn fails_with_exit_1_and_lists_the_headers_when_no_column_is_known() {
    let out = smmkpi()
        .args(["report", &data("unknown_headers.csv")])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let err = stderr_text(out.get_output());
    for h in ["'Foo'", "'Bar'", "'Baz'", "'When'"] {
        assert!(err.contains(h), "stderr does not list {h}:\n{err}");
    }
    assert!(
        err.contains("--map"),
        "stderr does not suggest --map:\n{err}"
    );
    assert!(err.contains("unknown_headers.csv"), "{err}");
}

#[test]
fn reads_unknown_headers_once_they_are_named_with_map() {
    let r = json_of(&[
        "report",
        &data("unknown_headers.csv"),
        "--map",
        "reach=Bar",
        "--map",
        "likes=Baz",
        "--map",
        "published_at=When",
    ]);
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 5);
    assert_eq!(int(&s["reach"]), 5000); // 1000+2000+500+1000+500
    assert_eq!(int(&s["likes"]), 100); // 10+40+5+30+15

    // ER 10/1000=1, 40/2000=2, 5/500=1, 30/1000=3, 15/500=3 → mean 2; ratio 100/5000 = 2
    assert_close(&s["er_mean"], 2.0);
    assert_close(&s["er_ratio"], 2.0);
    assert_eq!(r["posts"][0]["published_at"], "2025-01-01T00:00:00");
    assert_eq!(
        r["input"]["details"][0]["mapping"]["unmapped"],
        serde_json::json!(["Foo"])
    );
}

#[test]
fn fails_with_exit_1_on_an_empty_file() {
    smmkpi()
        .args(["report", &data("empty.csv")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"))
        .stderr(predicate::str::contains("empty.csv"));
}

#[test]
fn fails_with_exit_1_on_a_missing_file() {
    smmkpi()
        .args(["report", "tests/data/no_such_file.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no_such_file.csv"));
}

#[test]

fn calls_a_file_with_only_a_bom_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom_only.csv");
    std::fs::write(&path, b"\xEF\xBB\xBF").unwrap();
    smmkpi()
        .arg("report")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn fails_with_strict_naming_the_first_skipped_line() {
    smmkpi()
        .args(["report", &data("bad_number.csv"), "--strict"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--strict"))
        .stderr(predicate::str::contains("bad_number.csv:3"))
        .stderr(predicate::str::contains("abc"));
}

#[test]
fn succeeds_with_strict_when_every_row_is_used() {
    smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--strict"])
        .assert()
        .success();
}

#[test]
fn warns_on_stderr_about_every_skipped_row() {
    smmkpi()
        .args(["report", &data("bad_number.csv")])
        .assert()
        .success()
        .stderr(predicate::str::contains("skipped 4 rows"))
        .stderr(predicate::str::contains("bad_number.csv:3"))
        .stderr(predicate::str::contains("bad_number.csv:4"))
        // A count a spreadsheet turned into a date is also listed per value.
        .stderr(predicate::str::contains("line 4 'likes' = '3.апр'"))
        .stderr(predicate::str::contains("bad_number.csv:6"))
        .stderr(predicate::str::contains("bad_number.csv:7"));
}

#[test]
fn one_skipped_row_is_one_row() {
    // The account's row of an ads export is its one skipped row.
    smmkpi()
        .args(["report", &data("meta_ads_ad_level_uah.csv")])
        .assert()
        .success()
        .stderr(predicate::str::contains("skipped 1 row:"))
        .stderr(predicate::str::contains("meta_ads_ad_level_uah.csv:2"));
}

#[test]
fn rejects_an_unknown_map_field_with_exit_2() {
    smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--map", "nope=Reach"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--map"))
        .stderr(predicate::str::contains("nope"));
}

#[test]
fn rejects_a_map_without_equals_sign_with_exit_2() {
    smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--map", "reach"])
        .assert()
        .code(2);
}

#[test]

fn warns_when_a_map_names_a_header_the_file_does_not_have() {
    smmkpi()
        .args([
            "report",
            &data("bom_utf8.csv"),
            "--map",
            "reach=Reach (typo)",
        ])
        .assert()
        .stderr(predicate::str::contains("Reach (typo)"));
}

#[test]
fn rejects_bad_interactions_with_exit_2() {
    for list in ["likes,frobs", "reach", "likes,views", ""] {
        smmkpi()
            .args(["report", &data("bom_utf8.csv"), "--interactions", list])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--interactions"));
    }
}

#[test]
fn rejects_an_unknown_flag_with_exit_2() {
    smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--no-such-flag"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
}

#[test]
fn rejects_other_usage_mistakes_with_exit_2() {
    let cases: &[&[&str]] = &[
        &["report"],
        &["report", "tests/data/bom_utf8.csv", "--format", "xml"],
        &["report", "tests/data/bom_utf8.csv", "--since", "yesterday"],
        &[
            "report",
            "tests/data/bom_utf8.csv",
            "--since",
            "2025-03-01",
            "--until",
            "2025-01-01",
        ],
        &["report", "tests/data/bom_utf8.csv", "--tz", "Mars/Olympus"],
        &["report", "tests/data/bom_utf8.csv", "--platform", "myspace"],
        &["report", "tests/data/bom_utf8.csv", "--target-er", "0"],
        &["report", "tests/data/bom_utf8.csv", "--period", "year"],
        &["er", "--reach", "-5"],
        &["er", "--reach", "1000", "--likes", "5", "--format", "csv"],
        &["inspect", "tests/data/bom_utf8.csv", "--format", "csv"],
        &["er", "--reach", "1000", "--likes", "5", "--format", "html"],
        &["er", "--reach", "1000", "--likes", "5", "--format", "xlsx"],
        &["inspect", "tests/data/bom_utf8.csv", "--format", "html"],
        &["inspect", "tests/data/bom_utf8.csv", "--format", "xlsx"],
        &["frobnicate"],
    ];
    for args in cases {
        let out = smmkpi().args(*args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "smmkpi {args:?}\nstderr: {}",
            stderr_text(&out)
        );
    }
}

#[test]
fn prints_help_and_version_with_exit_0() {
    smmkpi()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("report"));
    smmkpi()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains("smmkpi"));
}

#[test]
fn rejects_json_that_is_not_a_telegram_export_with_exit_1() {
    smmkpi()
        .arg("report")
        .arg("-")
        .write_stdin("{\"foo\": [1, 2, 3]}")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("JSON"));
    smmkpi()
        .arg("report")
        .arg("-")
        .write_stdin("{\"messages\": [")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("JSON"));
}

/// Every file under tests/data.
fn fixtures() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // Files only: the bad-input corpus and regression inputs have their own tests.
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 18, "fixtures missing: {names:?}");
    names
}

#[test]
fn never_panics_on_any_fixture_in_any_format() {
    for name in fixtures() {
        let path = data(&name);
        let runs: Vec<Vec<&str>> = vec![
            vec!["report", &path],
            vec!["report", &path, "--format", "json"],
            vec!["report", &path, "--format", "md", "--lang", "ru"],
            vec!["report", &path, "--format", "csv", "--section", "posts"],
            vec![
                "report", &path, "--format", "csv", "--excel", "--lang", "ru",
            ],
            vec!["report", &path, "--period", "week", "--strict"],
            vec!["report", &path, "--format", "html", "--period", "day"],
            vec!["report", &path, "--format", "html", "--lang", "ru"],
            vec!["report", &path, "--format", "xlsx"],
            vec!["inspect", &path],
            vec!["inspect", &path, "--format", "json"],
            vec!["inspect", &path, "--format", "md", "--lang", "ru"],
        ];
        for args in runs {
            let out = smmkpi().args(&args).output().unwrap();
            let err = stderr_text(&out);
            assert_ne!(out.status.code(), Some(101), "smmkpi {args:?}: {err}");
            assert!(!err.contains("panicked"), "smmkpi {args:?}: {err}");
            assert!(
                matches!(out.status.code(), Some(0) | Some(1)),
                "smmkpi {args:?} exited {:?}: {err}",
                out.status.code()
            );
        }
    }
}

#[test]
fn fails_data_errors_with_exit_1_and_reads_everything_else() {
    for name in fixtures() {
        let out = smmkpi().args(["report", &data(&name)]).output().unwrap();
        // A VK reach file alone holds no posts: it needs its wall.get response.
        // Activity logs (for `core`) and VK comments have no post columns.
        let expected = if matches!(
            name.as_str(),
            "empty.csv"
                | "unknown_headers.csv"
                | "vk_post_reach.json"
                | "vk_wall_get_comments.json"
                | "vk_wall_comments.json"
        ) || name.starts_with("activity_")
        {
            1
        } else {
            0
        };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{name}: {}",
            stderr_text(&out)
        );
    }
}

/// A post export big enough that its JSON fills a pipe buffer many times.
fn big_fixture(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "date,text,reach,likes,comments").unwrap();
    for i in 0..5000u32 {
        writeln!(
            f,
            "2025-{:02}-{:02} {:02}:00,post number {i} #tag{},{},{},{}",
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 40,
            1000 + i,
            i % 97,
            i % 13
        )
        .unwrap();
    }
    f.flush().unwrap();
    path
}

#[test]
fn exits_quietly_when_the_reader_closes_the_pipe_early() {
    let dir = tempfile::tempdir().unwrap();
    let big = big_fixture(dir.path());
    let formats: &[&[&str]] = &[
        &["--format", "json"],
        &["--format", "csv", "--section", "posts"],
        &["--format", "md", "--top", "5000"],
        &["--format", "table", "--top", "5000"],
    ];
    for fmt in formats {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_smmkpi"))
            .arg("report")
            .arg(&big)
            .args(*fmt)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{fmt:?}: no first line");
        // The BufReader (and the pipe) is dropped here, like `| head -n 1`.
        let out = child.wait_with_output().unwrap();
        let err = stderr_text(&out);
        assert_ne!(out.status.code(), Some(101), "{fmt:?}: {err}");
        assert!(!err.contains("panicked"), "{fmt:?}: {err}");
        assert!(
            !err.contains("Broken pipe"),
            "{fmt:?}: a closed pipe is not an error: {err}"
        );
    }
}

#[test]
fn strict_accepts_a_totals_row_because_it_is_part_of_the_export_layout() {
    // totals_row_top.csv has a `Total` row under the header: reported, not an error.
    smmkpi()
        .args([
            "report",
            &data("totals_row_top.csv"),
            "--strict",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("totals row"));
}
