//! Workbooks with several sheets, as analytics services (LiveDune, Popsters,
//! TGStat) and LinkedIn export them: each sheet is read for what it holds —
//! the posts sheet as posts, a per-day sheet as a daily series (never as
//! posts) — and `--sheet` picks one. The workbooks are written by the test
//! with rust_xlsxwriter; the figures are worked out by hand below.

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value;

use crate::util::*;

fn strings(ws: &mut Worksheet, row: u32, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(row, c as u16, *v).expect("a cell written");
        }
    }
}

fn numbers(ws: &mut Worksheet, row: u32, first: u16, cells: &[f64]) {
    for (c, v) in cells.iter().enumerate() {
        ws.write_number(row, first + c as u16, *v)
            .expect("a cell written");
    }
}

/// A LiveDune-like workbook: a summary sheet of text, a posts sheet with an
/// `Итого:` row, and a per-day sheet whose header is written over two rows
/// (`Дата` spanning both, `Подписчиков` over `Всего`, `Пришло`, `Ушло`).
fn service_workbook(dir: &std::path::Path) -> String {
    let mut wb = Workbook::new();
    let summary = wb.add_worksheet();
    summary.set_name("Сводка").unwrap();
    strings(summary, 0, &["Отчёт по сообществу «Зерно», март 2026"]);
    strings(summary, 1, &["Выгружено сервисом аналитики"]);

    let posts = wb.add_worksheet();
    posts.set_name("Посты").unwrap();
    strings(
        posts,
        0,
        &[
            "Дата публикации",
            "Текст",
            "Ссылка",
            "Охват",
            "Просмотры",
            "Лайки",
            "Комментарии",
            "Репосты",
            "Сохранения",
            "ER",
        ],
    );
    strings(
        posts,
        1,
        &[
            "02.03.2026 10:00",
            "Весеннее меню #кофе",
            "https://vk.com/wall-1_101",
        ],
    );
    numbers(posts, 1, 3, &[2000.0, 3000.0, 80.0, 10.0, 6.0, 4.0, 5.0]);
    strings(
        posts,
        2,
        &[
            "09.03.2026 18:00",
            "Латте-арт #кофе",
            "https://vk.com/wall-1_102",
        ],
    );
    numbers(posts, 2, 3, &[1500.0, 2200.0, 45.0, 20.0, 3.0, 2.0, 4.67]);
    strings(posts, 3, &["Итого:"]);
    numbers(posts, 3, 3, &[3500.0, 5200.0, 125.0, 30.0, 9.0, 6.0]);

    let days = wb.add_worksheet();
    days.set_name("По дням").unwrap();
    let f = Format::new();
    days.merge_range(0, 0, 1, 0, "Дата", &f).unwrap();
    days.merge_range(0, 1, 0, 3, "Подписчиков", &f).unwrap();
    days.merge_range(0, 4, 1, 4, "Охват", &f).unwrap();
    days.merge_range(0, 5, 1, 5, "Лайки", &f).unwrap();
    strings(days, 1, &["", "Всего", "Пришло", "Ушло"]);
    let rows = [
        ("01.03.2026", [1000.0, 12.0, 3.0, 500.0, 20.0]),
        ("02.03.2026", [1009.0, 15.0, 6.0, 2500.0, 100.0]),
        ("03.03.2026", [1020.0, 14.0, 3.0, 800.0, 30.0]),
    ];
    for (i, (d, v)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        strings(days, r, &[d]);
        numbers(days, r, 1, v);
    }
    strings(days, 5, &["Итого:"]);
    numbers(days, 5, 2, &[41.0, 12.0, 3800.0, 150.0]);

    let path = dir.join("service_ru.xlsx");
    wb.save(&path).expect("the workbook is saved");
    path.to_string_lossy().into_owned()
}

fn series<'a>(r: &'a Value, metric: &str) -> &'a Value {
    r["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["metric"] == metric)
        .unwrap_or_else(|| panic!("no {metric} series in {}", r["series"]))
}

fn parts(f: &Value) -> Vec<(String, String)> {
    f["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_sheet_of_a_service_workbook_is_read_for_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let book = service_workbook(dir.path());
    let r = json_of(&["report", &book]);
    let f = &r["input"]["details"][0];
    assert_eq!(
        parts(f),
        [
            ("Сводка".to_string(), "not_read".to_string()),
            ("Посты".to_string(), "posts".to_string()),
            ("По дням".to_string(), "daily_series".to_string()),
        ]
    );
    assert_eq!(f["kind"], "posts");
    assert_eq!(f["platform"], "vk");

    // Posts: only the two of the posts sheet; `Итого:` is a totals row.
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 2);
    assert_eq!(int(&s["reach"]), 3500);
    assert_eq!(int(&s["likes"]), 125);
    assert_eq!(int(&s["saves"]), 6);
    // (80+10+6+4)/2000 = 5 %, (45+20+3+2)/1500 = 4.666… %
    assert_close(&s["er_mean"], (5.0 + 70.0 / 1500.0 * 100.0) / 2.0);
    let reasons = skipped(&r);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons.iter().all(|(_, why)| why.contains("totals row")));

    // The per-day sheet is a daily series: followers a level, the rest flows.
    assert_eq!(int(&r["input"]["series_rows"]), 3);
    let followers = series(&r, "followers");
    assert_eq!(followers["label"], "Подписчиков / Всего");
    assert_eq!(followers["aggregation"], "last");
    assert_eq!(int(&followers["total"]), 1020);
    assert_eq!(int(&series(&r, "followers_gained")["total"]), 12 + 15 + 14);
    assert_eq!(int(&series(&r, "followers_lost")["total"]), 3 + 6 + 3);
    assert_eq!(int(&series(&r, "reach")["total"]), 500 + 2500 + 800);
    assert_eq!(int(&series(&r, "likes")["total"]), 150);
    let i = &r["input"];
    assert_eq!(
        int(&i["rows_read"]),
        int(&i["posts"]) + reasons.len() as u64 + int(&i["series_rows"])
    );
}

#[test]
fn growth_reads_the_follower_totals_of_a_per_day_sheet_as_levels() {
    let dir = tempfile::tempdir().unwrap();
    let book = service_workbook(dir.path());
    let g = json_of(&["growth", &book, "--period", "all"]);
    assert_eq!(g["levels_from"], "export");
    let p = &g["periods"][0];
    assert_eq!(int(&p["followers_end"]), 1020);
    // The first day's level 1000 less that day's change (12 − 3) is the
    // start, 991 (docs/metrics.md#growth-start-end); to 1020 is +29.
    assert_eq!(int(&p["followers_start"]), 991);
    assert_close(&p["growth_rate"], 29.0 / 991.0 * 100.0);
}

#[test]
fn sheet_picks_one_sheet_and_a_wrong_name_lists_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let book = service_workbook(dir.path());
    let days = json_of(&["report", &book, "--sheet", "По дням"]);
    assert_eq!(int(&days["input"]["posts"]), 0);
    assert_eq!(int(&days["input"]["series_rows"]), 3);
    assert_eq!(days["input"]["details"][0]["kind"], "daily_series");
    let posts = json_of(&["report", &book, "--sheet", "Посты"]);
    assert_eq!(int(&posts["summary"]["posts"]), 2);
    assert_eq!(int(&posts["input"]["series_rows"]), 0);

    let out = smmkpi()
        .args(["report", &book, "--sheet", "Динамика"])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("--sheet 'Динамика'"), "{err}");
    assert!(err.contains("'Сводка', 'Посты', 'По дням'"), "{err}");
}

#[test]
fn inspect_names_each_sheet_and_what_it_was_read_as() {
    let dir = tempfile::tempdir().unwrap();
    let book = service_workbook(dir.path());
    let out = smmkpi().args(["inspect", &book]).assert().success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("part 'Посты'"), "{text}");
    assert!(text.contains("posts: 2 posts"), "{text}");
    assert!(text.contains("daily_series: 3 days"), "{text}");
    assert!(text.contains("written over two rows"), "{text}");
}

/// A LinkedIn page's content export: a title row above the header of the
/// posts sheet, and a `Metrics` sheet of daily figures with `(organic)`,
/// `(sponsored)` and `(total)` columns. Laid out as LinkedIn's help pages
/// describe the export.
fn linkedin_workbook(dir: &std::path::Path) -> String {
    let mut wb = Workbook::new();
    let posts = wb.add_worksheet();
    posts.set_name("All posts").unwrap();
    strings(
        posts,
        0,
        &["All posts. Showing data from 01/01/2026 to 01/31/2026"],
    );
    strings(
        posts,
        1,
        &[
            "Post title",
            "Post link",
            "Post type",
            "Campaign name",
            "Posted by",
            "Created date",
            "Campaign start date",
            "Campaign end date",
            "Audience",
            "Impressions",
            "Views (excluding off-site video views)",
            "Offsite Views",
            "Clicks",
            "Click through rate (CTR)",
            "Likes",
            "Comments",
            "Reposts",
            "Follows",
            "Engagement rate",
            "Content Type",
        ],
    );
    // Title, post URN, post type, created date, the figures from
    // Impressions to Engagement rate, content type.
    type PostRow<'a> = (&'a str, &'a str, &'a str, &'a str, [f64; 10], &'a str);
    let rows: [PostRow; 3] = [
        (
            "We are hiring baristas #jobs",
            "urn:li:activity:7100000000000000001",
            "Organic",
            "01/05/2026",
            [2000.0, 0.0, 0.0, 40.0, 0.02, 30.0, 5.0, 3.0, 2.0, 0.04],
            "Text",
        ),
        (
            "Our new roastery",
            "urn:li:activity:7100000000000000002",
            "Organic",
            "01/12/2026",
            [1500.0, 600.0, 0.0, 25.0, 0.0167, 20.0, 2.0, 1.0, 0.0, 0.032],
            "Video",
        ),
        (
            "Quarter results",
            "urn:li:activity:7100000000000000003",
            "Sponsored",
            "01/20/2026",
            [5000.0, 0.0, 0.0, 120.0, 0.024, 50.0, 10.0, 6.0, 4.0, 0.038],
            "Image",
        ),
    ];
    for (i, (title, urn, kind, date, figures, content)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        let link = format!("https://www.linkedin.com/feed/update/{urn}");
        strings(posts, r, &[title, &link, kind, "", "Anna K.", date]);
        numbers(posts, r, 9, figures);
        posts.write_string(r, 19, *content).unwrap();
    }
    let metrics = wb.add_worksheet();
    metrics.set_name("Metrics").unwrap();
    strings(
        metrics,
        0,
        &[
            "Date",
            "Impressions (organic)",
            "Impressions (sponsored)",
            "Impressions (total)",
            "Clicks (organic)",
            "Clicks (sponsored)",
            "Clicks (total)",
            "Reactions (organic)",
            "Reactions (sponsored)",
            "Reactions (total)",
        ],
    );
    let days = [
        (
            "01/13/2026",
            [1500.0, 0.0, 1500.0, 30.0, 0.0, 30.0, 20.0, 0.0, 20.0],
        ),
        (
            "01/14/2026",
            [500.0, 0.0, 500.0, 10.0, 0.0, 10.0, 10.0, 0.0, 10.0],
        ),
    ];
    for (i, (d, v)) in days.iter().enumerate() {
        let r = 1 + i as u32;
        strings(metrics, r, &[d]);
        numbers(metrics, r, 1, v);
    }
    let path = dir.join("linkedin_content.xlsx");
    wb.save(&path).expect("the workbook is saved");
    path.to_string_lossy().into_owned()
}

#[test]
fn linkedin_content_export_posts_below_a_title_row_and_daily_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let book = linkedin_workbook(dir.path());
    let r = json_of(&["report", &book]);
    let f = &r["input"]["details"][0];
    assert_eq!(f["platform"], "linkedin");
    assert_eq!(
        parts(f),
        [
            ("All posts".to_string(), "posts".to_string()),
            ("Metrics".to_string(), "daily_series".to_string()),
        ]
    );
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 3);
    // Impressions are the views LinkedIn shows; its video views column is left alone.
    assert_eq!(int(&s["views"]), 2000 + 1500 + 5000);
    assert_null(&s["impressions"]);
    assert_eq!(int(&s["likes"]), 100);
    assert_eq!(int(&s["comments"]), 17);
    assert_eq!(int(&s["reposts"]), 10);
    assert_eq!(int(&s["link_clicks"]), 40 + 25 + 120);
    // (30+5+3) + (20+2+1) + (50+10+6) = 127 interactions over 8500 views.
    assert_eq!(int(&s["interactions"]), 127);
    assert_close(&s["er_ratio"], 127.0 / 8500.0 * 100.0);
    assert_eq!(r["posts"][0]["published_at"], "2026-01-05T00:00:00");
    assert_eq!(r["posts"][0]["type"], "Organic");
    // The Metrics sheet: the (total) columns.
    assert_eq!(int(&series(&r, "views")["total"]), 2000);
    assert_eq!(series(&r, "views")["label"], "Impressions (total)");
    assert_eq!(int(&series(&r, "link_clicks")["total"]), 40);
    assert_eq!(int(&series(&r, "likes")["total"]), 30);
}

#[test]
fn sheet_on_a_csv_says_it_has_no_sheets() {
    let r = json_of(&["report", &data("threads_posts.csv"), "--sheet", "Посты"]);
    let notes = r["input"]["details"][0]["notes"].to_string();
    assert!(notes.contains("this file has no sheets"), "{notes}");
    assert_eq!(int(&r["summary"]["posts"]), 3);
}
