//! The bad-input corpus (tests/data/bad/): files as Excel, exporters and
//! people mangle them. Each runs through `report` and `inspect`, as a table
//! and as JSON: the exit code is the expected one, the message names the file
//! (and the line and field where there is one), no row goes unaccounted for,
//! and nothing panics (exit 101) or dies of a signal. The big files (a 10 MB
//! field) are written at run time rather than committed.

use std::path::Path;
use std::time::Duration;

use crate::util::*;

/// One file of the corpus and what smmkpi must answer.
struct Case {
    file: &'static str,
    /// Exit code of `report` (0 = read, with notes or skipped rows).
    report: i32,
    /// Exit code of `inspect` (which shows what it understood, then fails).
    inspect: i32,
    /// Fragments every run must print (on stdout or stderr).
    says: &'static [&'static str],
    /// What `report` prints on stderr with the file, line and field.
    at: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "empty.csv",
        report: 1,
        inspect: 1,
        says: &["empty.csv: the file is empty"],
        at: &[],
    },
    Case {
        file: "header_only.csv",
        report: 0,
        inspect: 0,
        says: &["the file has a header but no data rows"],
        at: &[],
    },
    Case {
        file: "binary_garbage.bin",
        report: 1,
        inspect: 1,
        says: &["binary_garbage.bin: binary data, not a text export"],
        at: &[],
    },
    Case {
        file: "truncated_utf8.csv",
        report: 0,
        inspect: 0,
        says: &["the file ends in the middle of a character (UTF-8)"],
        at: &[],
    },
    Case {
        file: "mixed_delimiters.csv",
        report: 0,
        inspect: 0,
        says: &["row has 1 field, the header has 5 (it is split by ';', the file by ',')"],
        at: &["mixed_delimiters.csv:3: row has 1 field", "mixed_delimiters.csv:5: row has 1 field"],
    },
    Case {
        file: "ragged_rows.csv",
        report: 0,
        inspect: 0,
        says: &["row has 3 fields, the header has 5", "row has 7 fields, the header has 5"],
        at: &[
            "ragged_rows.csv:3: row has 3 fields",
            "ragged_rows.csv:4: row has 7 fields",
            "ragged_rows.csv:6: row has 1 field,",
        ],
    },
    // Likes and comments below 0 are a period's net change, kept with their
    // sign (and noted); reach counts people and cannot be below 0.
    Case {
        file: "negative_counts.csv",
        report: 0,
        inspect: 0,
        says: &["a count cannot be negative"],
        at: &[
            "negative_counts.csv:4: column 'reach' (reach): a count cannot be negative: '−600'",
            "column 'likes' (likes) is below 0 in 1 posts",
            "column 'comments' (comments) is below 0 in 1 posts",
        ],
    },
    Case {
        file: "overflow_counts.csv",
        report: 0,
        inspect: 0,
        says: &["number too large for a count"],
        at: &[
            "overflow_counts.csv:3: column 'reach' (reach): number too large for a count",
            "overflow_counts.csv:4: column 'likes' (likes): number too large for a count",
        ],
    },
    Case {
        file: "year_0_and_9999.csv",
        report: 0,
        inspect: 0,
        says: &["cannot read '0000-01-01' as a date"],
        at: &[
            "year_0_and_9999.csv:3: column 'date' (published_at): cannot read '0000-01-01' as a date",
            "year_0_and_9999.csv:5: column 'date' (published_at): cannot read '01.01.0000' as a date",
        ],
    },
    Case {
        file: "duplicate_columns.csv",
        report: 0,
        inspect: 0,
        says: &["the header 'Likes' is repeated (columns 3 and 5): likes is read from column 3"],
        at: &[],
    },
    Case {
        file: "only_unknown_columns.csv",
        report: 1,
        inspect: 1,
        says: &[
            "only_unknown_columns.csv: no column smmkpi knows",
            "'Foo', 'Bar', 'Baz'",
            "--map",
        ],
        at: &[],
    },
    Case {
        file: "not_an_export.json",
        report: 1,
        inspect: 1,
        says: &["not_an_export.json: JSON that is not a known export"],
        at: &[],
    },
    Case {
        file: "truncated.json",
        report: 1,
        inspect: 1,
        says: &["truncated.json: looks like JSON but is not valid JSON", "line 1 column 91"],
        at: &[],
    },
];

/// Runs `smmkpi ARGS` and checks what every run on bad input must hold:
/// a normal exit with the expected code, no panic; returns stdout and
/// stderr together.
fn run_checked(args: &[&str], code: i32) -> (String, std::process::Output) {
    let out = smmkpi()
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("smmkpi runs");
    let both = format!("{}{}", stdout_text(&out), stderr_text(&out));
    assert_eq!(
        out.status.code(),
        Some(code),
        "smmkpi {args:?}: exit status {:?} (a signal if None; 101 is a panic)\n{both}",
        out.status
    );
    assert!(
        !both.contains("panicked"),
        "smmkpi {args:?} panicked:\n{both}"
    );
    (both, out)
}

/// JSON output, when the run succeeded, accounts for every row.
fn check_json(args: &[&str], out: &std::process::Output) {
    if !out.status.success() {
        return;
    }
    let v = json(&out.stdout);
    if args[0] == "report" {
        let i = &v["input"];
        assert_eq!(
            int(&i["rows_read"]),
            int(&i["posts"])
                + int(&i["filtered_out"])
                + i["skipped"].as_array().map_or(0, |s| s.len() as u64)
                + int(&i["duplicates"])
                + int(&i["series_rows"])
                + int(&i["web_rows"])
                + int(&i["ad_rows"]),
            "{args:?}: rows_read = posts + filtered_out + skipped + duplicates + series_rows + web_rows + ad_rows"
        );
    } else {
        for f in v["files"].as_array().expect("inspect lists files") {
            let other = f["series_rows"].as_u64().unwrap_or(0)
                + f["web_rows"].as_u64().unwrap_or(0)
                + f["ad_rows"].as_u64().unwrap_or(0);
            assert_eq!(
                int(&f["rows_read"]),
                int(&f["posts"]) + int(&f["skipped"]) + int(&f["duplicates"]) + other
            );
        }
    }
}

#[test]
fn every_file_of_the_bad_corpus_gets_its_exit_code_and_message() {
    let listed: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    let on_disk: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad"))
            .expect("tests/data/bad exists")
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
    for f in &on_disk {
        assert!(
            listed.contains(&f.as_str()),
            "tests/data/bad/{f} has no case in CASES"
        );
    }
    for case in CASES {
        let path = format!("tests/data/bad/{}", case.file);
        for (command, code) in [("report", case.report), ("inspect", case.inspect)] {
            for format in ["table", "json"] {
                let args = [command, path.as_str(), "--format", format];
                let (both, out) = run_checked(&args, code);
                assert!(
                    both.contains(&path),
                    "{args:?} does not name the file:\n{both}"
                );
                for s in case.says {
                    assert!(both.contains(s), "{args:?} does not say {s:?}:\n{both}");
                }
                if command == "report" {
                    for s in case.at {
                        assert!(both.contains(s), "{args:?} does not say {s:?}:\n{both}");
                    }
                }
                if format == "json" {
                    check_json(&args, &out);
                }
            }
        }
    }
}

#[test]
fn a_bad_row_fails_strict_with_its_file_and_line() {
    let (both, _) = run_checked(
        &["report", "tests/data/bad/negative_counts.csv", "--strict"],
        1,
    );
    assert!(
        both.contains(
            "--strict: 1 rows could not be used; first: tests/data/bad/negative_counts.csv:4"
        ),
        "{both}"
    );
}

#[test]
fn the_dates_of_year_9999_are_read_and_grouped_in_every_period() {
    for period in ["day", "week", "month", "quarter", "all"] {
        for tz in ["UTC", "+14:00", "Etc/GMT+12"] {
            let r = json_of(&[
                "report",
                "tests/data/bad/year_0_and_9999.csv",
                "--period",
                period,
                "--tz",
                tz,
            ]);
            assert_eq!(int(&r["summary"]["posts"]), 3, "{period} {tz}");
            let in_periods: u64 = r["periods"]
                .as_array()
                .expect("periods")
                .iter()
                .map(|p| int(&p["posts"]))
                .sum();
            assert_eq!(in_periods, 3, "{period} {tz}: every dated post in a period");
        }
    }
    let r = json_of(&[
        "report",
        "tests/data/bad/year_0_and_9999.csv",
        "--period",
        "quarter",
    ]);
    let last = r["periods"]
        .as_array()
        .and_then(|p| p.last())
        .expect("a period");
    assert_eq!(last["period"], "9999-Q4");
    assert_eq!(last["end"], "9999-12-31");
}

/// Lines of the 10 MB caption in [`write_big_fields`].
const CAPTION_LINES: u64 = 10 * 1024 * 1024 / 16;

/// A file with a 10 MB field in each place one can be: a caption (of
/// [`CAPTION_LINES`] lines), a count, a date, and a header cell nobody knows.
fn write_big_fields(dir: &Path) -> String {
    let big = 10 * 1024 * 1024;
    let mut s = String::with_capacity(4 * big + 200);
    s.push_str("id,date,reach,likes,text,\"");
    s.push_str(&"h".repeat(big));
    s.push_str("\"\n1,2025-01-02,1000,10,\"");
    for _ in 0..CAPTION_LINES {
        s.push_str("caption, #tag \n ");
    }
    s.push_str("\",\n2,2025-01-03,800,");
    s.push_str(&"9".repeat(big));
    s.push_str(",text,\n3,");
    s.push_str(&"Jan 1:1 ".repeat(big / 8));
    s.push_str(",800,8,text,\n4,2025-01-05,600,6,short,\n");
    let path = dir.join("big_fields.csv");
    std::fs::write(&path, s).expect("the big file is written");
    path.to_string_lossy().into_owned()
}

#[test]
fn ten_megabyte_fields_are_read_quickly_and_quoted_briefly() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = write_big_fields(dir.path());
    let started = std::time::Instant::now();
    let (both, out) = run_checked(&["report", &path, "--format", "json"], 0);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "a 40 MB file took {took:?}");
    let r = json(&out.stdout);
    assert_eq!(int(&r["input"]["rows_read"]), 4);
    assert_eq!(int(&r["input"]["posts"]), 2);
    let lines: Vec<(u64, String)> = skipped(&r);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // Row 1 starts on line 2 and ends CAPTION_LINES lines further down;
    // the count row is the next line.
    assert_eq!(lines[0].0, 2 + CAPTION_LINES + 1);
    assert!(lines[0]
        .1
        .contains("column 'likes' (likes): number too large for a count"));
    assert!(lines[0].1.contains(": '9999"), "{}", lines[0].1);
    assert!(
        lines[0].1.contains("(10485760 characters)"),
        "{}",
        lines[0].1
    );
    assert!(
        lines[1].1.contains("cannot read 'Jan 1:1 "),
        "{}",
        lines[1].1
    );
    // Every message is one short line, whatever the cell it quotes.
    let stderr = stderr_text(&out);
    assert!(
        stderr.len() < 2000,
        "stderr is {} bytes:\n{both:.2000}",
        stderr.len()
    );
    // The caption's tag is counted once per post, not once per mention.
    assert_eq!(r["hashtags"][0]["tag"], "#tag");
    assert_eq!(int(&r["hashtags"][0]["posts"]), 1);
    assert!(r["posts"][0]["text"]
        .as_str()
        .is_some_and(|t| t.chars().count() <= 80));
}

#[test]
fn a_ten_megabyte_line_without_delimiters_is_not_a_table() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("one_long_line.txt");
    std::fs::write(&path, "x".repeat(10 * 1024 * 1024)).expect("written");
    let path = path.to_string_lossy().into_owned();
    for command in ["report", "inspect"] {
        let (both, _) = run_checked(&[command, &path], 1);
        assert!(both.contains("no column smmkpi knows"), "{both:.500}");
        assert!(
            both.len() < 2000,
            "the message quotes the whole line: {} bytes",
            both.len()
        );
    }
}
