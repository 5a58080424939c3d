//! The client-facing outputs (HTML and XLSX) and the safety of every output
//! against hostile text: captions, ids, types, file names and skip reasons
//! that look like formulas or markup (tests/data/hostile_captions.csv).

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use clap::Parser;
use predicates::prelude::*;
use scraper::{Html, Selector};

use crate::util::*;

const HOSTILE: &str = "tests/data/hostile_captions.csv";

/// What a spreadsheet could run as a formula (an oracle written apart from
/// the renderer's own rule): text opening with TAB or CR, or whose first
/// non-blank character is `=`, `+`, `-` or `@`, unless it is a plain number.
fn could_run_as_formula(cell: &str) -> bool {
    let plain_number = cell.parse::<f64>().is_ok()
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    !plain_number
        && (cell.starts_with(['\t', '\r']) || cell.trim_start().starts_with(['=', '+', '-', '@']))
}

/// A run through the library with a fixed "today", so HTML and XLSX bytes
/// are comparable between runs and with a snapshot.
fn run_lib(args: &[&str], stdout_is_terminal: bool) -> anyhow::Result<smmkpi::Outcome> {
    let cli =
        smmkpi::cli::Cli::try_parse_from(std::iter::once("smmkpi").chain(args.iter().copied()))?;
    let env = smmkpi::Env {
        stdout_is_terminal,
        ..smmkpi::Env::fixed(chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap())
    };
    smmkpi::run(cli, &env)
}

fn html_of(args: &[&str]) -> String {
    let out = smmkpi()
        .arg("report")
        .args(args)
        .args(["--format", "html"])
        .assert()
        .success();
    stdout_text(out.get_output())
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect()
}

// ---------- CSV ----------

#[test]
fn csv_sections_leave_no_cell_that_could_run_as_a_formula() {
    for section in [
        "summary",
        "posts",
        "top",
        "hashtags",
        "best-time",
        "skipped",
    ] {
        let out = smmkpi()
            .args(["report", HOSTILE, "--format", "csv", "--section", section])
            .assert()
            .success();
        let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert!(!rows.is_empty(), "section {section} is empty");
        for row in &rows {
            for cell in row {
                assert!(
                    !could_run_as_formula(cell),
                    "section {section}: {cell:?} could run as a formula"
                );
            }
        }
    }
}

#[test]
fn csv_keeps_hostile_text_whole_behind_one_apostrophe() {
    let out = smmkpi()
        .args(["report", HOSTILE, "--format", "csv", "--section", "posts"])
        .assert()
        .success();
    let mut rdr = csv::Reader::from_reader(out.get_output().stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let (id, text, kind, platform) = (col("id"), col("text"), col("type"), col("platform"));
    assert_eq!(rows.len(), 9);
    assert_eq!(&rows[0][text], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(&rows[0][kind], "'=type");
    assert_eq!(&rows[0][platform], "<i>vk</i>");
    assert_eq!(&rows[1][text], "'+SUM(1,2)");
    assert_eq!(&rows[2][id], "'-h3");
    assert_eq!(&rows[2][text], "'-2+3");
    assert_eq!(&rows[3][text], "'@cmd #promo");
    // CSV is not markup: angle brackets and entities stay as written.
    assert_eq!(&rows[5][text], "<script>alert(1)</script> #<b>x</b>");
    assert_eq!(&rows[7][text], "&amp; #promo");
    assert_eq!(&rows[8][id], "</td><td>x");
}

// ---------- XLSX ----------

fn write_xlsx(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let args: Vec<&str> = args.iter().copied().chain(["--format", "xlsx"]).collect();
    report_to_file(dir, "report.xlsx", &args)
}

/// A sheet as rows of cells.
fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
        .rows()
        .map(|r| r.to_vec())
        .collect()
}

/// The cell of `column` (by header) in each data row.
fn column_of(rows: &[Vec<Data>], column: &str) -> Vec<Data> {
    let c = rows[0]
        .iter()
        .position(|h| *h == Data::String(column.to_string()))
        .unwrap_or_else(|| panic!("no column {column} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[c].clone()).collect()
}

/// A file of an XLSX package as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn xlsx_periods_sheet_has_a_native_chart_of_reach_and_er() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), &["examples/vk_coffee_ru.csv"]);
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let rows = sheet(&mut wb, "Periods");
    let col = |name: &str| {
        let c = rows[0]
            .iter()
            .position(|h| *h == Data::String(name.to_string()))
            .unwrap();
        (b'A' + c as u8) as char
    };
    let last = rows.len();
    let chart = part(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
    for c in ["period", "reach", "er"] {
        let range = format!("Periods!${}$2:${}${last}", col(c), col(c));
        assert!(chart.contains(&range), "no {range} in the chart");
    }
    // The chart sits on the Periods sheet (the second).
    let rels = part(&path, "xl/worksheets/_rels/sheet2.xml.rels");
    assert!(rels.contains("drawing"), "{rels}");
}

#[test]
fn xlsx_in_russian_names_sheets_and_columns_and_keeps_field_names_below() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), &["examples/vk_coffee_ru.csv", "--lang", "ru"]);
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Итоги",
            "Периоды",
            "Коэффициенты",
            "Публикации",
            "Лучшие публикации",
            "Хештеги",
            "Лучшее время",
            "Пропущенные строки"
        ]
    );
    let rows = sheet(&mut wb, "Периоды");
    let reach = rows[1]
        .iter()
        .position(|h| *h == Data::String("reach".into()))
        .expect("the field names are the second header row");
    assert_eq!(rows[0][reach], Data::String("Охват".into()));
    // Data from the third row: numbers stay numbers, dates Excel dates.
    let r = json_of(&["report", "examples/vk_coffee_ru.csv"]);
    assert_eq!(rows[2][reach], Data::Float(num(&r["periods"][0]["reach"])));
    assert!(matches!(rows[2][1], Data::DateTime(_)), "{:?}", rows[2][1]);
    let chart = part(&path, "xl/charts/chart1.xml");
    assert!(
        chart.contains("'Периоды'!$") || chart.contains("Периоды!$"),
        "{chart}"
    );
    // Formats, not text: Excel shows them in the reader's locale; dates as
    // Russians write them.
    let styles = part(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"dd.mm.yyyy\""), "{styles}");
    assert!(styles.contains("formatCode=\"#,##0.00\""), "{styles}");
}

#[test]
fn goals_write_a_workbook_of_goals_and_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("goals.xlsx");
    let args = [
        "goals",
        "examples/goals_coffee_ru.toml",
        "examples/vk_coffee_ru.csv",
        "examples/coffee_activity_ru.csv",
        "--as-of",
        "2025-04-01",
    ];
    smmkpi()
        .args(args)
        .args(["-f", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let j = json_of(&args);
    let goals = j["goals"].as_array().unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Goals", "Values"]);
    let rows = sheet(&mut wb, "Goals");
    assert_eq!(rows.len(), goals.len() + 1);
    let names = column_of(&rows, "name");
    assert_eq!(
        names[0],
        Data::String(goals[0]["name"].as_str().unwrap().into())
    );
    let status = column_of(&rows, "status");
    assert_eq!(
        status[0],
        Data::String(goals[0]["status"].as_str().unwrap().into())
    );
    assert!(matches!(column_of(&rows, "deadline")[0], Data::DateTime(_)));
    let values = sheet(&mut wb, "Values");
    let n: usize = goals
        .iter()
        .map(|g| g["series"].as_array().unwrap().len())
        .sum();
    assert_eq!(values.len(), n + 1);
    // On a terminal it wants a file, as report does.
    let err = run_lib(
        &[
            "goals",
            args[1],
            args[2],
            "--as-of",
            "2025-04-01",
            "-f",
            "xlsx",
        ],
        true,
    )
    .unwrap_err();
    assert!(format!("{err}").contains("-o goals.xlsx"), "{err}");
}

#[test]
fn xlsx_has_the_monthly_report_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), &[HOSTILE]);
    let wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Periods",
            "Rates",
            "Posts",
            "Top posts",
            "Hashtags",
            "Best time",
            "Skipped"
        ]
    );
}

#[test]
fn xlsx_stores_hostile_text_as_strings_with_an_apostrophe_and_no_formula() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), &[HOSTILE]);
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    for name in wb.sheet_names() {
        for row in sheet(&mut wb, &name) {
            for cell in row {
                if let Data::String(s) = cell {
                    assert!(!could_run_as_formula(&s), "{name}: {s:?}");
                }
            }
        }
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has formula cells"
        );
    }
    let posts = sheet(&mut wb, "Posts");
    let text = column_of(&posts, "text");
    assert_eq!(
        text[0],
        Data::String("'=HYPERLINK(\"http://x\",\"y\")".into())
    );
    assert_eq!(text[1], Data::String("'+SUM(1,2)".into()));
    assert_eq!(text[2], Data::String("'-2+3".into()));
    assert_eq!(text[3], Data::String("'@cmd #promo".into()));
    assert_eq!(
        text[5],
        Data::String("<script>alert(1)</script> #<b>x</b>".into())
    );
    assert_eq!(column_of(&posts, "id")[2], Data::String("'-h3".into()));
    assert_eq!(column_of(&posts, "type")[0], Data::String("'=type".into()));
    let skipped = sheet(&mut wb, "Skipped");
    let reason = column_of(&skipped, "reason");
    assert!(
        matches!(&reason[0], Data::String(s) if s.contains("'<script>bad</script>'")),
        "{reason:?}"
    );

    // Beneath calamine: no sheet's XML holds a formula element.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let sheets: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .map(str::to_string)
        .collect();
    assert_eq!(sheets.len(), 8);
    for name in sheets {
        let mut xml = String::new();
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{name} holds a formula"
        );
    }
}

#[test]
fn xlsx_writes_numbers_as_numbers_nulls_as_empty_cells_and_dates_as_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_xlsx(dir.path(), &[HOSTILE]);
    let json = report_of("hostile_captions.csv");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let posts = sheet(&mut wb, "Posts");
    assert_eq!(posts.len(), 1 + 9);
    let cell_num = |d: &Data| match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    };
    let reach = column_of(&posts, "reach");
    assert_eq!(cell_num(&reach[0]), 1000.0);
    let er = column_of(&posts, "er");
    assert!((cell_num(&er[0]) - 35.0 / 1000.0 * 100.0).abs() < EPS);
    // h5 reports no interactions: its ER is undefined, an empty cell, not 0.
    assert_eq!(er[4], Data::Empty);
    assert_eq!(column_of(&posts, "likes")[4], Data::Empty);
    assert_eq!(column_of(&posts, "views")[0], Data::Empty);
    let published = column_of(&posts, "published_at");
    match &published[0] {
        Data::DateTime(d) => {
            assert_eq!(d.as_datetime().unwrap().to_string(), "2025-03-03 09:00:00")
        }
        other => panic!("published_at is not a date: {other:?}"),
    }

    let summary = sheet(&mut wb, "Summary");
    assert_eq!(
        summary[0],
        [
            Data::String("metric".into()),
            Data::String("value".into()),
            Data::String("formula".into())
        ]
    );
    let value_of = |metric: &str| {
        summary
            .iter()
            .find(|r| r[0] == Data::String(metric.to_string()))
            .unwrap_or_else(|| panic!("no summary row {metric}"))[1]
            .clone()
    };
    assert!((cell_num(&value_of("er")) - num(&json["summary"]["er"])).abs() < EPS);
    assert!((cell_num(&value_of("ctr")) - num(&json["summary"]["ctr"])).abs() < EPS);
    assert_eq!(cell_num(&value_of("posts")), 9.0);
    assert_eq!(value_of("views"), Data::Empty);
    assert!(matches!(value_of("start"), Data::DateTime(_)));

    let periods = sheet(&mut wb, "Periods");
    assert_eq!(
        column_of(&periods, "period"),
        [
            Data::String("2025-03".into()),
            Data::String("2025-04".into())
        ]
    );
    // The first period has no growth: empty, not 0.
    assert_eq!(column_of(&periods, "reach_growth")[0], Data::Empty);
    assert!(matches!(column_of(&periods, "start")[0], Data::DateTime(_)));
}

#[test]
fn xlsx_bytes_are_the_same_on_every_run() {
    let args = ["report", HOSTILE, "--format", "xlsx"];
    let a = run_lib(&args, false).unwrap().output;
    let b = run_lib(&args, false).unwrap().output;
    assert!(a.starts_with(b"PK"), "not a zip");
    assert_eq!(a, b);
    // The creation date is the run's today, not the clock's.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains("2025-05-01T00:00:00Z"), "{core}");
}

#[test]
fn xlsx_is_refused_on_a_terminal_without_an_output_file() {
    for args in [
        &["report", HOSTILE, "--format", "xlsx"][..],
        &["report", HOSTILE, "--format", "xlsx", "-o", "-"][..],
    ] {
        let err = run_lib(args, true).unwrap_err();
        assert!(
            err.downcast_ref::<smmkpi::UsageError>().is_some(),
            "{err:#}"
        );
        assert!(format!("{err}").contains("-o report.xlsx"), "{err}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    let out = run_lib(
        &[
            "report",
            HOSTILE,
            "--format",
            "xlsx",
            "-o",
            path.to_str().unwrap(),
        ],
        true,
    )
    .unwrap();
    assert_eq!(out.path.as_deref(), path.to_str());
    assert!(out.output.starts_with(b"PK"));
}

#[test]
fn xlsx_goes_to_stdout_when_it_is_not_a_terminal() {
    let out = smmkpi()
        .args(["report", HOSTILE, "--format", "xlsx"])
        .assert()
        .success();
    assert!(out.get_output().stdout.starts_with(b"PK"));
}

// ---------- HTML ----------

/// Tag names the renderer writes; any other `<` in the page would be input
/// that escaped escaping.
const KNOWN_TAGS: [&str; 30] = [
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "h1", "h2", "p",
    "ul", "li", "section", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "svg",
    "text", "line", "rect", "path", "circle", "defs",
];

fn every_tag_is_known(html: &str) {
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        if rest.starts_with("!DOCTYPE html>") {
            continue;
        }
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            KNOWN_TAGS.contains(&name.as_str()) || name == "pattern",
            "unexpected tag <{name}… at byte {i}: {}",
            rest.chars().take(60).collect::<String>()
        );
    }
}

#[test]
fn html_escapes_every_hostile_text_and_runs_nothing() {
    let html = html_of(&[HOSTILE, "--top", "20"]);
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an img tag got through");
    assert!(!html.contains("<b>"), "a b tag got through");
    assert!(!html.contains("<i>vk"), "an i tag got through");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; #&lt;b&gt;x&lt;/b&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&amp;amp; #promo"));
    assert!(html.contains("&lt;/td&gt;&lt;td&gt;x"));
    assert!(html.contains("&#x27;&lt;script&gt;bad&lt;/script&gt;&#x27;"));
    every_tag_is_known(&html);

    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    assert!(select(&doc, "script").is_empty());
    assert!(select(&doc, "img").is_empty());
    assert!(select(&doc, "b, i").is_empty());
    for el in select(&doc, "*") {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler {name} on <{}>",
                el.value().name()
            );
        }
    }
    // The browser's text is the input's text, exactly.
    let cells = texts(&doc, "td");
    for hostile in [
        "<script>alert(1)</script> #<b>x</b>",
        "\"><img src=x onerror=alert(1)>",
        "&amp; #promo",
        "</td><td>x",
        "=HYPERLINK(\"http://x\",\"y\")",
    ] {
        assert!(
            cells.iter().any(|c| c == hostile),
            "no cell reads {hostile:?}"
        );
    }
    assert!(
        cells
            .iter()
            .any(|c| c.contains("expected a whole number: '<script>bad</script>'")),
        "the skip reason is not shown as text"
    );
}

#[test]
fn html_escapes_a_file_name_with_markup() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE),
        dir.path().join("a<b>.csv"),
    )
    .unwrap();
    let out = smmkpi()
        .current_dir(dir.path())
        .args(["report", "a<b>.csv", "--format", "html"])
        .assert()
        .success();
    let html = stdout_text(out.get_output());
    assert!(!html.contains("a<b>"));
    assert!(html.contains("a&lt;b&gt;.csv"));
    every_tag_is_known(&html);
    let doc = Html::parse_document(&html);
    assert!(texts(&doc, "title")[0].contains("a<b>.csv"));
    assert!(texts(&doc, "header li")
        .iter()
        .any(|t| t.contains("a<b>.csv")));
    assert!(select(&doc, "b").is_empty());
}

#[test]
fn html_is_self_contained_and_has_every_part() {
    let html = html_of(&[&data("bom_utf8.csv")]);
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    // Nothing to fetch: no script, link, image, font, or URL in any attribute.
    assert!(select(&doc, "script, link, img, iframe, object").is_empty());
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("@import"));
    for el in select(&doc, "*") {
        for (name, value) in el.value().attrs() {
            assert!(
                !(name == "href" || name == "src") || value.starts_with('#'),
                "<{} {name}={value}>",
                el.value().name()
            );
        }
    }
    let sections: Vec<String> = select(&doc, "section")
        .iter()
        .filter_map(|s| s.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(
        sections,
        [
            "periods",
            "rates",
            "top",
            "hashtags",
            "best-time",
            "summary",
            "skipped"
        ]
    );
    assert_eq!(select(&doc, "section svg").len(), 3);
    let cards = texts(&doc, ".card .label");
    assert_eq!(cards.len(), 8, "{cards:?}");
    let r = report_of("bom_utf8.csv");
    let values = texts(&doc, ".card .value");
    assert_eq!(values[0], r["summary"]["posts"].to_string());
    assert!(values[3].starts_with(&format!("{:.2} %", num(&r["summary"]["er"]))));
    let header = texts(&doc, "header li").join("\n");
    for echoed in [
        "likes + comments + reposts + saves + poll votes",
        "interactions / reach × 100",
        "mean of per-post ER",
        "3.00 %",
    ] {
        assert!(header.contains(echoed), "header lacks {echoed}: {header}");
    }
}

#[test]
fn html_shows_periods_without_posts_as_gaps_not_zeros() {
    let html = html_of(&[HOSTILE, "--period", "week"]);
    let r = json_of(&["report", HOSTILE, "--period", "week"]);
    let periods = r["periods"].as_array().unwrap();
    let with_er = periods.iter().filter(|p| !p["er"].is_null()).count();
    let without_reach = periods.iter().filter(|p| p["reach"].is_null()).count();
    assert!(without_reach > 0, "the fixture should have empty weeks");
    let doc = Html::parse_document(&html);
    let chart = select(&doc, "#periods svg")[0];
    let sel = |css: &str| chart.select(&Selector::parse(css).unwrap()).count();
    // One point per period with an ER, one bar per period with reach.
    assert_eq!(sel("circle"), with_er);
    assert_eq!(sel("rect"), periods.len() - without_reach);
    // The ER line is broken where ER is undefined: one run before the gap, one after.
    let path = chart
        .select(&Selector::parse("path").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("d")
        .unwrap()
        .to_string();
    assert_eq!(path.matches('M').count(), 2, "{path}");
    // Each gap is marked with a dash in its panel.
    let gaps = chart
        .select(&Selector::parse("text").unwrap())
        .filter(|t| t.text().collect::<String>() == "—")
        .count();
    assert_eq!(gaps, without_reach + (periods.len() - with_er));
}

#[test]
fn html_hatches_time_slots_with_fewer_than_two_posts() {
    let html = html_of(&[HOSTILE]);
    let r = report_of("hostile_captions.csv");
    let low = r["best_time"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["low_sample"] == true)
        .count();
    assert!(low > 0);
    let doc = Html::parse_document(&html);
    let hatched = select(&doc, "#best-time svg rect[fill=\"url(#hatch)\"]").len();
    // One overlay per thin slot, plus the legend's swatch.
    assert_eq!(hatched, low + 1);
    assert_eq!(
        select(&doc, "#best-time svg rect title").len(),
        r["best_time"].as_array().unwrap().len()
    );
}

#[test]
fn html_labels_follow_the_language() {
    let html = html_of(&[&data("bom_utf8.csv"), "--lang", "ru"]);
    let doc = Html::parse_document(&html);
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("ru"));
    assert_eq!(texts(&doc, "h1"), ["SMM-отчёт"]);
    assert!(texts(&doc, "h2").contains(&"Итоги".to_string()));
    assert!(html.contains("Пн"));
}

#[test]
fn html_of_a_small_report_matches_its_snapshot() {
    let out = run_lib(
        &[
            "report",
            "tests/data/bom_utf8.csv",
            "--format",
            "html",
            "--lang",
            "en",
        ],
        false,
    )
    .unwrap();
    let html = String::from_utf8(out.output).unwrap();
    assert!(html.contains("generated 2025-05-01"));
    insta::assert_snapshot!("report_html_en", html);
}

#[test]
fn writes_html_to_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = report_to_file(
        dir.path(),
        "report.html",
        &[&data("bom_utf8.csv"), "--format", "html"],
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn er_and_inspect_refuse_html_and_xlsx_naming_the_formats_they_write() {
    for format in ["html", "xlsx"] {
        smmkpi()
            .args(["er", "--reach", "100", "--likes", "3", "--format", format])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "er: --format {format} is not available; use table, json or md"
            )));
        smmkpi()
            .args(["inspect", HOSTILE, "--format", format])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "inspect: --format {format} is not available"
            )));
    }
}
