//! Memory bounded on every path: the posts JSON lists are kept in a
//! temporary file and written one at a time (the document must be the same
//! bytes however they were kept), `--format ndjson`, workbook sheets read
//! row by row past their head rows, and the size limit of JSON exports.
//! Workbooks are written by the test with rust_xlsxwriter.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::util::*;

/// Post exports of several layouts (CSV in English and Russian, Telegram,
/// VK with its reach file, a workbook, two overlapping files).
const FIXTURES: &[&[&str]] = &[
    &["tests/data/meta_posts_ru_facebook.csv"],
    &["tests/data/hostile_captions.csv"],
    &["tests/data/x_tweet_activity_jan.csv"],
    &["tests/data/posts_two_platforms.csv"],
    &["tests/data/tiktok_content_yearless.csv"],
    &["tests/data/telegram_channel_albums.json"],
    &["tests/data/vk_wall.json", "tests/data/vk_post_reach.json"],
    &["tests/data/xlsx_title_row_ru.xlsx"],
    &[
        "tests/data/overlap_jan.csv",
        "tests/data/overlap_jan15_feb15.csv",
    ],
];

fn stdout_with(args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let mut cmd = smmkpi();
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn json_is_the_same_bytes_whether_posts_stay_in_memory_or_go_to_a_file() {
    for files in FIXTURES {
        let mut args = vec!["report"];
        args.extend_from_slice(files);
        args.extend(["--format", "json"]);
        let in_memory = stdout_with(&args, &[("SMMKPI_KEEP_IN_MEMORY", "100000000")]);
        let in_file = stdout_with(&args, &[("SMMKPI_KEEP_IN_MEMORY", "0")]);
        assert_eq!(
            String::from_utf8_lossy(&in_memory),
            String::from_utf8_lossy(&in_file),
            "{files:?}"
        );
        // Valid against docs/schema/report.json, and every post is listed.
        let v = json(&in_file);
        let listed = v["posts"].as_array().expect("posts").len() as u64;
        assert_eq!(listed, int(&v["input"]["posts"]), "{files:?}");
        assert!(listed > 0, "{files:?}: no posts");
    }
}

#[test]
fn json_of_a_file_read_in_parts_lists_the_posts_in_publish_order() {
    // Four parts read at once, each keeping its posts in a file of its own.
    let file = "tests/data/meta_posts_ru_facebook.csv";
    let args = ["report", file, "--format", "json"];
    let whole = stdout_with(&args, &[("SMMKPI_STREAM", "off")]);
    let parts = stdout_with(
        &args,
        &[
            ("SMMKPI_STREAM_HEAD", "2"),
            ("SMMKPI_THREADS", "4"),
            ("SMMKPI_KEEP_IN_MEMORY", "0"),
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&whole),
        String::from_utf8_lossy(&parts)
    );
    let v = json(&parts);
    let times: Vec<&str> = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["published_at"].as_str())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
}

fn lines(out: &[u8]) -> Vec<Value> {
    let text = String::from_utf8(out.to_vec()).expect("UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "the last line ends"
    );
    text.lines()
        .map(|l| {
            assert!(!l.trim().is_empty(), "an empty line");
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))
        })
        .collect()
}

fn ndjson(files: &[&str], section: &str, env: &[(&str, &str)]) -> Vec<Value> {
    let mut args = vec!["report"];
    args.extend_from_slice(files);
    args.extend(["--format", "ndjson", "--section", section]);
    lines(&stdout_with(&args, env))
}

#[test]
fn ndjson_posts_are_the_json_posts_one_a_line() {
    for files in FIXTURES {
        let mut args = vec!["report"];
        args.extend_from_slice(files);
        let doc = json_of(&args);
        for env in [&[][..], &[("SMMKPI_KEEP_IN_MEMORY", "0")][..]] {
            let posts = ndjson(files, "posts", env);
            assert_eq!(&Value::Array(posts), &doc["posts"], "{files:?}");
        }
        // A section of top posts keeps no post, so it sets none against its
        // account (`overperformance` is null there, as in CSV): the rest agrees.
        let strip = |v: &Value| -> Vec<Value> {
            let mut list = v.as_array().cloned().unwrap_or_default();
            for p in &mut list {
                p.as_object_mut().unwrap().remove("overperformance");
            }
            list
        };
        let top = Value::Array(ndjson(files, "top", &[]));
        assert_eq!(strip(&top), strip(&doc["top_posts"]), "{files:?}");
        assert_eq!(
            &Value::Array(ndjson(files, "hashtags", &[])),
            &doc["hashtags"]
        );
        assert_eq!(
            &Value::Array(ndjson(files, "best-time", &[])),
            &doc["best_time"]
        );
        assert_eq!(
            &Value::Array(ndjson(files, "skipped", &[])),
            &doc["input"]["skipped"]
        );
    }
}

#[test]
fn ndjson_summary_is_the_whole_set_then_each_period() {
    let file = "tests/data/meta_posts_ru_facebook.csv";
    let doc = json_of(&["report", file]);
    let rows = ndjson(&[file], "summary", &[]);
    let periods = doc["periods"].as_array().unwrap();
    assert_eq!(rows.len(), 1 + periods.len());
    assert_eq!(rows[0]["period"], "total");
    assert_eq!(rows[0]["posts"], doc["summary"]["posts"]);
    assert_eq!(rows[0]["er"], doc["summary"]["er"]);
    assert_eq!(rows[0]["start"], periods[0]["start"]);
    for (row, p) in rows[1..].iter().zip(periods) {
        assert_eq!(row["period"], p["period"]);
        assert_eq!(row["reach"], p["reach"]);
        assert_eq!(row["er"], p["er"]);
        assert_eq!(row["reach_growth"], p["reach_growth"]);
    }
}

#[test]
fn ndjson_comparison_needs_compare_and_is_for_report_only() {
    let file = "tests/data/meta_posts_ru_facebook.csv";
    let out = smmkpi()
        .args([
            "report",
            file,
            "--format",
            "ndjson",
            "--section",
            "comparison",
        ])
        .assert()
        .code(2);
    assert!(stderr_text(out.get_output()).contains("--compare"));
    let rows = ndjson(&[file, "--compare", "previous"], "comparison", &[]);
    assert!(rows.iter().any(|r| r["metric"] == "er"), "{rows:?}");
    for args in [
        &["growth", "tests/data/followers_levels.csv"][..],
        &["core", "tests/data/activity_en.csv"][..],
    ] {
        let out = smmkpi()
            .args(args)
            .args(["--format", "ndjson"])
            .assert()
            .code(2);
        assert!(stderr_text(out.get_output()).contains("--format ndjson is not available"));
    }
}

/// A workbook: a notes sheet, then a posts sheet with a title row, a blank
/// row inside the data, an empty first column and rows whose last cells are
/// blank; `days` adds a per-day sheet of that many days.
fn workbook(dir: &std::path::Path, posts: u32, days: u32) -> String {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Заметки").unwrap();
    notes.write_string(0, 0, "Отчёт для клиента").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Публикации").unwrap();
    ws.write_string(0, 1, "Публикации за март").unwrap();
    let header = [
        "Дата публикации",
        "Текст",
        "Охват",
        "Лайки",
        "Комментарии",
        "Репосты",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, 1 + c as u16, *h).unwrap();
    }
    let mut row = 3;
    for n in 1..=posts {
        if n == 4 {
            row += 1; // a blank row between posts
        }
        let day = (n - 1) % 28 + 1;
        ws.write_string(row, 1, format!("{day:02}.03.2026 {:02}:00", n % 24))
            .unwrap();
        ws.write_string(row, 2, format!("Пост {n} #кофе")).unwrap();
        ws.write_number(row, 3, (1000 + n * 10) as f64).unwrap();
        ws.write_number(row, 4, (n % 50) as f64).unwrap();
        if n % 3 != 0 {
            // Every third post has no comments or reposts: its row ends early.
            ws.write_number(row, 5, (n % 7) as f64).unwrap();
            ws.write_number(row, 6, (n % 5) as f64).unwrap();
        }
        row += 1;
    }
    if days > 0 {
        let d = wb.add_worksheet();
        d.set_name("По дням").unwrap();
        d.write_string(0, 0, "Дата").unwrap();
        d.write_string(0, 1, "Подписчики").unwrap();
        for i in 0..days {
            let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
                + chrono::Duration::days(i as i64);
            d.write_string(1 + i, 0, date.format("%Y-%m-%d").to_string())
                .unwrap();
            d.write_number(1 + i, 1, (5000 + i) as f64).unwrap();
        }
    }
    let path = dir.join(format!("book_{posts}_{days}.xlsx"));
    wb.save(&path).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_sheet_longer_than_its_head_is_read_row_by_row_to_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    for (posts, days) in [(40, 0), (40, 5)] {
        let book = workbook(dir.path(), posts, days);
        let args = ["report", book.as_str(), "--format", "json"];
        let held = stdout_with(&args, &[]);
        // 7 rows decide what the sheet is; the other 35 come one by one.
        let streamed = stdout_with(&args, &[("SMMKPI_SHEET_HEAD", "7")]);
        assert_eq!(
            String::from_utf8_lossy(&held),
            String::from_utf8_lossy(&streamed),
            "{posts} posts, {days} days"
        );
        let v = json(&streamed);
        assert_eq!(int(&v["input"]["posts"]), posts as u64);
        // The blank row between posts 3 and 4 is the one row skipped.
        let skipped = v["input"]["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0]["kind"], "empty");
        // Σ reach = Σ (1000 + 10 n), n = 1..40 = 40 000 + 10 × 820.
        assert_eq!(int(&v["summary"]["reach"]), 48_200);
    }
}

#[test]
fn a_long_sheet_that_holds_no_posts_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let book = workbook(dir.path(), 5, 30);
    let out = smmkpi()
        .env("SMMKPI_SHEET_HEAD", "10")
        .args(["report", &book, "--format", "json"])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(
        err.contains("sheet 'По дням' has more than 10 rows"),
        "{err}"
    );
    assert!(err.contains("save the sheet as CSV"), "{err}");
    // --sheet leaves it unread, and the posts sheet is read.
    let v = json_with_env(
        &["report", &book, "--sheet", "Публикации"],
        &[("SMMKPI_SHEET_HEAD", "10")],
    );
    assert_eq!(int(&v["input"]["posts"]), 5);
}

#[test]
fn a_json_export_past_the_size_limit_is_refused() {
    for file in [
        "tests/data/telegram_channel.json",
        "tests/data/vk_wall.json",
    ] {
        let out = smmkpi()
            .env("SMMKPI_MAX_JSON", "100")
            .args(["report", file])
            .assert()
            .code(1);
        let err = stderr_text(out.get_output());
        assert!(err.contains(file), "{err}");
        assert!(err.contains("a JSON export larger than"), "{err}");
    }
    // Within the limit, it is read.
    let v = json_with_env(
        &["report", "tests/data/telegram_channel.json"],
        &[("SMMKPI_MAX_JSON", "100000000")],
    );
    assert!(int(&v["input"]["posts"]) > 0);
}
