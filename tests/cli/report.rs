//! `report` as a whole: periods and growth, filters, several inputs, stdin,
//! the CSV and table renderings, `-o`, and `inspect`.

use predicates::prelude::*;

use crate::util::*;

#[test]
fn groups_posts_by_month_with_reach_growth() {
    let r = report_of("bom_utf8.csv");
    assert_eq!(r["schema"], "smmkpi.report/1");
    assert_eq!(r["formula"]["period"], "month");
    let p = r["periods"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["period"], "2025-01");
    assert_eq!(p[0]["start"], "2025-01-01");
    assert_eq!(p[0]["end"], "2025-01-31");
    assert_eq!(int(&p[0]["posts"]), 4);
    assert_eq!(int(&p[0]["reach"]), 7500);
    // The first period has no growth.
    assert_null(&p[0]["reach_growth"]);
    assert_null(&p[0]["reach_mean_growth"]);
    assert_null(&p[0]["er_change"]);
    assert_eq!(p[1]["period"], "2025-02");
    assert_eq!(p[1]["end"], "2025-02-28");
    assert_eq!(int(&p[1]["reach"]), 9500);
    // (9500 − 7500) / 7500 × 100
    assert_close(&p[1]["reach_growth"], 2000.0 / 7500.0 * 100.0);
    // mean reach 1875 → 2375: (2375 − 1875) / 1875 × 100, the same 26.67 %
    assert_close(&p[1]["reach_mean"], 2375.0);
    assert_close(&p[1]["reach_mean_growth"], 500.0 / 1875.0 * 100.0);
    // ER Jan (6+2+3+4)/4 = 3.75, Feb (1+5+0.6+3)/4 = 2.4: change −1.35 p.p.
    assert_close(&p[0]["er"], 3.75);
    assert_close(&p[1]["er"], 2.4);
    assert_close(&p[1]["er_change"], -1.35);
}

#[test]
fn tells_total_reach_growth_from_mean_reach_growth() {
    let r = report_of("windows1251_semicolon.csv");
    let p = r["periods"].as_array().unwrap();
    assert_eq!(p[1]["period"], "2025-04");
    // total reach March 7500 → April 2500: −66.67 %
    assert_close(&p[1]["reach_growth"], -5000.0 / 7500.0 * 100.0);
    // mean reach March 7500/4 = 1875 → April 2500: +33.33 %
    assert_close(&p[1]["reach_mean_growth"], 625.0 / 1875.0 * 100.0);
    // ER March (5+3+2+2.5)/4 = 3.125 → April 2: −1.125 p.p.
    assert_close(&p[1]["er_change"], -1.125);
}

#[test]
fn labels_iso_weeks_and_fills_empty_weeks() {
    let r = json_of(&["report", &data("bom_utf8.csv"), "--period", "week"]);
    let labels: Vec<&str> = column(&r["periods"], "period")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // 01-06 & 01-08 → W02, 01-15 → W03, 01-22 → W04, nothing in W05 (01-27..02-02),
    // 02-03 → W06, 02-12 → W07, 02-19 → W08, 02-26 → W09
    assert_eq!(
        labels,
        vec![
            "2025-W02", "2025-W03", "2025-W04", "2025-W05", "2025-W06", "2025-W07", "2025-W08",
            "2025-W09"
        ]
    );
    let p = r["periods"].as_array().unwrap();
    assert_eq!(p[0]["start"], "2025-01-06"); // a Monday
    assert_eq!(p[0]["end"], "2025-01-12");
    assert_eq!(int(&p[0]["reach"]), 3000); // 1000 + 2000

    // W03: (500 − 3000) / 3000; W04: (4000 − 500) / 500
    assert_close(&p[1]["reach_growth"], -2500.0 / 3000.0 * 100.0);
    assert_close(&p[2]["reach_growth"], 700.0);
    // the empty week has no figures, and the week after it no growth
    assert_eq!(int(&p[3]["posts"]), 0);
    assert_null(&p[3]["reach"]);
    assert_null(&p[4]["reach_growth"]);
    // W07: (1600 − 2500) / 2500
    assert_close(&p[5]["reach_growth"], -36.0);
}

#[test]
fn labels_quarters_and_days() {
    let r = json_of(&["report", &data("bom_utf8.csv"), "--period", "quarter"]);
    assert_eq!(r["periods"][0]["period"], "2025-Q1");
    assert_eq!(r["periods"][0]["end"], "2025-03-31");
    assert_eq!(int(&r["periods"][0]["posts"]), 8);
    let r = json_of(&["report", &data("bom_utf8.csv"), "--period", "day"]);
    assert_eq!(r["periods"][0]["period"], "2025-01-06");
    // 2025-01-06 … 2025-02-26, every day in between included
    assert_eq!(r["periods"].as_array().unwrap().len(), 52);
    let r = json_of(&["report", &data("bom_utf8.csv"), "--period", "all"]);
    assert_eq!(r["periods"].as_array().unwrap().len(), 1);
    assert_eq!(r["periods"][0]["period"], "all");
}

#[test]
fn filters_posts_with_since_and_until() {
    let r = json_of(&[
        "report",
        &data("bom_utf8.csv"),
        "--since",
        "2025-01-08",
        "--until",
        "2025-02-12",
    ]);
    let ids: Vec<&str> = column(&r["posts"], "id")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // both ends inclusive, whatever the time of day (1002 at 18:30, 1006 at 18:00)
    assert_eq!(ids, vec!["1002", "1003", "1004", "1005", "1006"]);
    assert_eq!(int(&r["input"]["posts"]), 5);
    assert_eq!(int(&r["input"]["filtered_out"]), 3);
    assert_eq!(int(&r["input"]["rows_read"]), 8);
    // reach 2000 + 500 + 4000 + 2500 + 1600 = 10600
    assert_eq!(int(&r["summary"]["reach"]), 10600);
    // ER (2 + 3 + 4 + 1 + 5) / 5 = 3
    assert_close(&r["summary"]["er_mean"], 3.0);
}

#[test]
fn adds_up_several_files_in_one_run() {
    let r = json_of(&[
        "report",
        &data("bom_utf8.csv"),
        &data("windows1251_semicolon.csv"),
    ]);
    let i = &r["input"];
    assert_eq!(
        i["files"],
        serde_json::json!([data("bom_utf8.csv"), data("windows1251_semicolon.csv")])
    );
    assert_eq!(int(&i["rows_read"]), 13); // 8 + 5
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 13);
    assert_eq!(int(&s["reach"]), 27000); // 17000 + 10000
    assert_eq!(int(&s["likes"]), 490); // 335 + 155
    assert_eq!(int(&s["interactions"]), 740); // 470 + 270

    // per-post ERs: 24.6 from the first file, 14.5 from the second → 39.1 / 13
    assert_close(&s["er_mean"], 39.1 / 13.0);
    assert_close(&s["er_ratio"], 740.0 / 27000.0 * 100.0);
    // Jan, Feb (first file), Mar, Apr (second file)
    let labels: Vec<&str> = column(&r["periods"], "period")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["2025-01", "2025-02", "2025-03", "2025-04"]);
    // each post remembers its file
    let files: Vec<&str> = column(&r["posts"], "file")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(files[0], data("bom_utf8.csv"));
    assert_eq!(files[12], data("windows1251_semicolon.csv"));
}

#[test]
fn reads_stdin_for_a_dash() {
    let bytes = std::fs::read(data("windows1251_semicolon.csv")).unwrap();
    let out = smmkpi()
        .args(["report", "-", "--format", "json"])
        .write_stdin(bytes)
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(r["input"]["files"], serde_json::json!(["<stdin>"]));
    assert_eq!(r["input"]["details"][0]["encoding"], "windows-1251");
    assert_eq!(int(&r["summary"]["posts"]), 5);
    assert_eq!(int(&r["summary"]["reach"]), 10000);
}

#[test]
fn labels_the_week_of_new_year_with_its_iso_year() {
    // 2024-12-30 (Monday) to 2025-01-05 is ISO week 1 of 2025.
    let out = smmkpi()
        .args(["report", "-", "--period", "week", "--format", "json"])
        .write_stdin("date,reach,likes\n2024-12-30,100,1\n2025-01-05,100,2\n2025-01-06,100,3\n")
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let labels: Vec<&str> = column(&r["periods"], "period")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["2025-W01", "2025-W02"]);
    assert_eq!(r["periods"][0]["start"], "2024-12-30");
    assert_eq!(int(&r["periods"][0]["posts"]), 2);
}

#[test]
fn writes_csv_that_parses_and_neutralises_formula_captions() {
    let out = smmkpi()
        .args([
            "report",
            &data("formula_caption.csv"),
            "--format",
            "csv",
            "--section",
            "posts",
        ])
        .assert()
        .success();
    let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (text, id, er) = (col("text"), col("id"), col("er"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        assert_eq!(r.len(), headers.len());
    }
    assert_eq!(&rows[0][id], "f1");
    assert_eq!(
        &rows[0][text],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(&rows[1][text], "'+7 999 123");
    assert_eq!(&rows[2][text], "'@mention hi");
    assert_eq!(&rows[3][text], "'- bullet point");
    assert_eq!(&rows[4][text], "plain caption");
    // numbers stay numbers: ER 10/1000 = 1
    let er0: f64 = rows[0][er].parse().unwrap();
    assert!((er0 - 1.0).abs() < EPS);
}

#[test]
fn writes_a_csv_summary_with_a_total_row_and_one_row_per_period() {
    let out = smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--format", "csv"])
        .assert()
        .success();
    let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let periods: Vec<&str> = rows.iter().map(|r| &r[col("period")]).collect();
    assert_eq!(periods, vec!["total", "2025-01", "2025-02"]);
    assert_eq!(&rows[0][col("reach")], "17000");
    assert_eq!(&rows[0][col("views")], ""); // not reported: empty, not 0
    let growth: f64 = rows[2][col("reach_growth")].parse().unwrap();
    assert!((growth - 2000.0 / 7500.0 * 100.0).abs() < EPS);
}

#[test]
fn writes_excel_csv_with_bom_semicolons_and_decimal_commas_in_russian() {
    let out = smmkpi()
        .args([
            "report",
            &data("bom_utf8.csv"),
            "--format",
            "csv",
            "--excel",
            "--lang",
            "ru",
        ])
        .assert()
        .success();
    let bytes = &out.get_output().stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headers = rdr.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "er_mean").unwrap();
    let total = rdr.records().next().unwrap().unwrap();
    assert_eq!(&total[col], "3,075");
}

#[test]
fn lists_skipped_rows_as_a_csv_section() {
    let out = smmkpi()
        .args([
            "report",
            &data("bad_number.csv"),
            "--format",
            "csv",
            "--section",
            "skipped",
        ])
        .assert()
        .success();
    let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let lines: Vec<String> = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert_eq!(lines, vec!["3", "4", "6", "7"]);
}

#[test]
fn shows_russian_labels_in_table_output() {
    let out = smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--lang", "ru"])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    for label in [
        "SMM-отчёт",
        "Итоги",
        "Показатель",
        "Охват (сумма охватов)",
        "Периоды",
        "Хештеги",
        "Лучшее время публикации",
        "3,08 %",      // ER mean 3.075 with a decimal comma
        "17\u{a0}000", // reach grouped with a no-break space
    ] {
        assert!(text.contains(label), "no {label:?} in:\n{text}");
    }
    assert!(!text.contains("Summary"), "{text}");
}

#[test]
fn takes_the_label_language_from_lang_when_not_given() {
    let out = smmkpi()
        .args(["report", &data("bom_utf8.csv")])
        .env("LANG", "ru_RU.UTF-8")
        .assert()
        .success();
    assert!(stdout_text(out.get_output()).contains("Итоги"));
    let out = smmkpi()
        .args(["report", &data("bom_utf8.csv")])
        .env("LANG", "C.UTF-8")
        .assert()
        .success();
    assert!(stdout_text(out.get_output()).contains("Summary"));
}

#[test]
fn writes_to_the_output_file_and_not_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = report_to_file(
        dir.path(),
        "report.json",
        &[&data("bom_utf8.csv"), "--format", "json"],
    );
    let r = json(&std::fs::read(&path).unwrap());
    assert_eq!(int(&r["summary"]["posts"]), 8);
}

#[test]
fn inspects_a_windows_1251_file() {
    let out = smmkpi()
        .args(["inspect", &data("windows1251_semicolon.csv")])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("windows-1251"), "{text}");
    assert!(text.contains("Delimiter"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("Delimiter") && l.contains(" ; ")),
        "{text}"
    );
    assert!(text.contains("Headers left unmapped"), "{text}");
    assert!(text.contains("Автор"), "{text}");
    assert!(text.contains("'Охват'"), "{text}");

    let r = json_of(&["inspect", &data("windows1251_semicolon.csv")]);
    assert_eq!(r["schema"], "smmkpi.inspect/1");
    let f = &r["files"][0];
    assert_eq!(f["encoding"], "windows-1251");
    assert_eq!(f["delimiter"], ";");
    assert_eq!(f["mapping"]["unmapped"], serde_json::json!(["Автор"]));
    assert_eq!(int(&f["rows_read"]), 5);
}

#[test]
fn inspects_skipped_rows_and_preamble_lines() {
    let out = smmkpi()
        .args([
            "inspect",
            &data("totals_row_top.csv"),
            &data("title_preamble.csv"),
        ])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("totals row"), "{text}");
    assert!(text.contains("line 2"), "{text}");
    assert!(text.contains("Отчёт по публикациям"), "{text}");
    assert!(text.contains("youtube"), "{text}");
}

#[test]
fn inspect_fails_with_exit_1_but_shows_what_it_understood() {
    smmkpi()
        .args([
            "inspect",
            &data("bom_utf8.csv"),
            &data("unknown_headers.csv"),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("'Foo'"))
        .stderr(predicate::str::contains("UTF-8 with BOM"));
}

#[test]
fn prints_markdown_tables() {
    let out = smmkpi()
        .args(["report", &data("bom_utf8.csv"), "--format", "md"])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.starts_with("# SMM report\n"), "{text}");
    assert!(text.contains("## Summary"), "{text}");
    assert!(text.contains("| Metric | Value | Formula |"), "{text}");
    assert!(text.contains("---:"), "{text}");
    // The caption `Q&A session` stays intact, pipes would be escaped.
    assert!(text.contains("Q&A session"), "{text}");
}
