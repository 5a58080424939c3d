//! A large export is read as it streams by, in parallel parts; a small one is
//! read whole. Both ways must give the same report, to the line number.

use serde_json::Value;
use std::io::Write;

use crate::util::*;

/// What must not depend on how a file was read.
fn essence(r: &Value) -> Value {
    let round = |v: &Value| v.as_f64().map(|x| (x * 1e9).round() / 1e9);
    let posts: Vec<Value> = r["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            serde_json::json!([
                p["line"],
                p["id"],
                p["published_at"],
                p["likes"],
                p["reach"],
                round(&p["er"]),
                p["text"]
            ])
        })
        .collect();
    serde_json::json!({
        "posts": posts,
        "skipped": r["input"]["skipped"],
        "rows_read": r["input"]["rows_read"],
        "summary": [r["summary"]["posts"], r["summary"]["likes"], r["summary"]["interactions"], round(&r["summary"]["er_mean"]), round(&r["summary"]["er_median"]), round(&r["summary"]["er_ratio"])],
        "periods": r["periods"].as_array().unwrap().iter().map(|p| serde_json::json!([p["period"], p["posts"], round(&p["er_mean"])])).collect::<Vec<_>>(),
        "hashtags": r["hashtags"].as_array().unwrap().iter().map(|h| serde_json::json!([h["tag"], h["posts"]])).collect::<Vec<_>>(),
        "top": r["top_posts"].as_array().unwrap().iter().map(|p| p["line"].clone()).collect::<Vec<_>>(),
        "notes": r["input"]["details"].as_array().unwrap().iter().map(|d| d["notes"].clone()).collect::<Vec<_>>(),
        "totals_check": r["input"]["details"].as_array().unwrap().iter().map(|d| d["totals_check"].clone()).collect::<Vec<_>>(),
    })
}

#[test]
fn every_fixture_reads_the_same_streamed_in_parts_as_whole() {
    for name in [
        "bom_utf8.csv",
        "multiline_quoted.csv",
        "bad_number.csv",
        "nbsp_thousands.csv",
        "totals_row_bottom_ru.csv",
        "totals_row_top.csv",
        "windows1251_semicolon.csv",
        "utf16le_bom.csv",
        "ragged_row.csv",
        "tiktok_content_yearless.csv",
        "meta_posts_ru_facebook.csv",
        "youtube_table_data.csv",
        "youtube_period_net_likes.csv",
        "meta_posts_data_comment_error.csv",
        "hostile_captions.csv",
        "regress/unclosed_quote_at_end.csv",
    ] {
        let f = data(name);
        let whole = essence(&json_with_env(&["report", &f], &[("SMMKPI_STREAM", "off")]));
        for head in ["3", "5"] {
            let streamed = essence(&json_with_env(
                &["report", &f],
                &[("SMMKPI_STREAM_HEAD", head), ("SMMKPI_THREADS", "2")],
            ));
            assert_eq!(whole, streamed, "{name}, head {head}");
        }
    }
}

#[test]
fn a_large_export_with_quotes_crlf_and_bad_rows_reads_the_same_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    write!(
        f,
        "\u{feff}Post ID,Publish time,Description,Reach,Likes,Comments\r\n"
    )
    .unwrap();
    for i in 0..20_000u64 {
        let caption = match i % 7 {
            0 => format!(
                "\"Line one, with a comma\r\nline two #tag{} \"\"quoted\"\"\"",
                i % 5
            ),
            1 => format!("5\" screen #Tag{}", i % 3),
            2 => String::new(),
            _ => format!("Post {i} #coffee #day{}", i % 11),
        };
        let likes = if i % 997 == 0 {
            "lots".to_string()
        } else {
            (i % 50).to_string()
        };
        write!(
            f,
            "{i},{:02}/{:02}/2025 {:02}:{:02},{caption},{},{likes},{}\r\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60,
            1000 + i % 500,
            i % 7
        )
        .unwrap();
        if i % 7_000 == 0 {
            write!(f, "\r\n").unwrap();
        }
    }
    write!(f, "Total,,,,,\r\n").unwrap();
    drop(f);
    let p = path.to_str().unwrap();
    let whole = json_with_env(&["report", p], &[("SMMKPI_STREAM", "off")]);
    // Streamed after 500 head rows: in two parts, and in one.
    let parts = json_with_env(
        &["report", p],
        &[("SMMKPI_STREAM_HEAD", "500"), ("SMMKPI_THREADS", "2")],
    );
    let one = json_with_env(
        &["report", p],
        &[("SMMKPI_STREAM_HEAD", "500"), ("SMMKPI_THREADS", "1")],
    );
    assert_eq!(essence(&whole), essence(&parts));
    assert_eq!(essence(&whole), essence(&one));
    // Lines are the file's own: the header is line 1; row 0 (lines 2–3, a
    // caption with a line break, and 'lots' of likes) is skipped, the blank
    // line 4 is no row; rows 1 and 2 follow on lines 5 and 6.
    let line_of = |id: &str| {
        whole["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["line"].clone())
    };
    assert_eq!(line_of("1"), Some(5.into()));
    assert_eq!(line_of("2"), Some(6.into()));
    let first_skips: Vec<u64> = skipped(&whole).iter().take(2).map(|s| s.0).collect();
    // Row 997 ('lots' again) follows the header, 997 rows (the 143 with
    // i % 7 == 0 take two lines) and the blank line.
    let two_line = (0..997u64).filter(|i| i % 7 == 0).count() as u64;
    assert_eq!(first_skips, [2, 1 + 997 + two_line + 1 + 1]);
    let skipped = skipped(&whole);
    assert!(
        skipped.iter().any(|(_, r)| r.contains("totals row")),
        "{skipped:?}"
    );
    assert_eq!(
        skipped.iter().filter(|(_, r)| r.contains("'lots'")).count(),
        (0..20_000u64).filter(|i| i % 997 == 0).count()
    );
}

#[test]
fn a_caption_whose_lines_look_like_rows_is_not_cut() {
    // The middle of the file is one post's quoted caption, every line of it
    // shaped like a row of the table: a part cut there would read the
    // caption's lines as posts. The reader must notice and cut elsewhere.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("caption.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "id,published_at,text,reach,likes").unwrap();
    let row = |f: &mut std::io::BufWriter<std::fs::File>, i: u64| {
        writeln!(
            f,
            "{i},2025-0{}-1{} 10:00,plain #tag{},{},{}",
            i % 9 + 1,
            i % 10,
            i % 4,
            100 + i % 300,
            i % 17
        )
        .unwrap()
    };
    for i in 0..2_000 {
        row(&mut f, i);
    }
    write!(f, "9999,2025-05-05 05:05,\"A long story").unwrap();
    for i in 0..6_000u64 {
        write!(
            f,
            "\n{},2025-01-01 12:00,not a post,{},{}",
            50_000 + i,
            i,
            i
        )
        .unwrap();
    }
    writeln!(f, "\",777,77").unwrap();
    for i in 2_000..4_000 {
        row(&mut f, i);
    }
    drop(f);
    let p = path.to_str().unwrap();
    let whole = json_with_env(&["report", p], &[("SMMKPI_STREAM", "off")]);
    assert_eq!(whole["summary"]["posts"], 4_001);
    assert_eq!(whole["input"]["skipped"].as_array().unwrap().len(), 0);
    for threads in ["2", "3", "4", "8"] {
        let parts = json_with_env(
            &["report", p],
            &[("SMMKPI_STREAM_HEAD", "1"), ("SMMKPI_THREADS", threads)],
        );
        assert_eq!(essence(&whole), essence(&parts), "{threads} threads");
    }
}
