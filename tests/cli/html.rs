//! The HTML page of every command (`report`, with money too, `core`,
//! `growth`, `goals`, `mentions`):
//! one shell and style, charts found by class, every text escaped, labels
//! in the language asked for, print rules for A4, and a snapshot of each
//! page's structure (headings, sections, charts, table headers, cards) in
//! English and Russian — the structure, not the bytes, so a colour or a
//! coordinate may change without a snapshot to accept.

use scraper::{ElementRef, Html, Selector};

use crate::util::*;

const GOALS: &str = "examples/goals_coffee_ru.toml";
const VK: &str = "examples/vk_coffee_ru.csv";
const ACTIVITY: &str = "examples/coffee_activity_ru.csv";
const FOLLOWERS: &str = "examples/vk_followers_coffee_ru.csv";
const METRICA: &str = "examples/metrica_utm_coffee_ru.csv";
const COSTS: &str = "examples/costs_coffee_ru.csv";
const MENTIONS: &str = "examples/mentions_coffee_ru.csv";

/// The arguments of each command's page on the bundled examples.
fn page_args(command: &str) -> Vec<&'static str> {
    match command {
        "report" => vec![
            "report",
            VK,
            "--since",
            "2025-03-01",
            "--until",
            "2025-03-31",
            "--compare",
            "previous",
        ],
        "core" => vec!["core", ACTIVITY],
        "growth" => vec!["growth", FOLLOWERS],
        "goals" => vec!["goals", GOALS, VK, ACTIVITY, "--as-of", "2025-04-01"],
        "money" => vec!["report", VK, "--web", METRICA, "--costs", COSTS],
        "mentions" => vec![
            "mentions",
            MENTIONS,
            "--brand",
            "Кофейня на набережной=набережн",
            "--brand",
            "Бариста-бар",
        ],
        other => panic!("no page for {other}"),
    }
}

/// The charts each page draws, by class.
fn charts_of(command: &str) -> &'static [&'static str] {
    match command {
        "report" => &[
            "chart-comparison",
            "chart-periods",
            "chart-hashtags",
            "chart-heatmap",
        ],
        "core" => &["chart-core-months", "chart-distribution"],
        "growth" => &["chart-growth"],
        "goals" => &["chart-goal"],
        "money" => &[
            "chart-periods",
            "chart-money",
            "chart-campaigns",
            "chart-visits",
        ],
        "mentions" => &["chart-mentions", "chart-sources", "chart-share-of-voice"],
        _ => &[],
    }
}

const COMMANDS: [&str; 6] = ["report", "core", "growth", "goals", "money", "mentions"];

fn page(args: &[&str], lang: &str) -> String {
    let out = smmkpi()
        .args(args)
        .args(["--format", "html", "--lang", lang])
        .assert()
        .success();
    stdout_text(out.get_output())
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// A page's outline: the language, the page's kind, the title, the cards'
/// labels, then each section with its heading, charts (by class) and the
/// headers and row count of its tables.
fn outline(html: &str) -> String {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let mut out = Vec::new();
    let root = doc.select(&sel("html")).next().unwrap();
    let body = doc.select(&sel("body")).next().unwrap();
    out.push(format!(
        "html lang={} body.{}",
        root.value().attr("lang").unwrap_or("?"),
        body.value().attr("class").unwrap_or("?")
    ));
    for h1 in doc.select(&sel("header h1")) {
        out.push(format!("h1 {}", text(h1)));
    }
    for card in doc.select(&sel(".card")) {
        let label = card.select(&sel(".label")).next().map(text);
        let badge = card
            .select(&sel(".band, .status"))
            .next()
            .and_then(|b| b.value().attr("class"));
        out.push(format!(
            "card {}{}",
            label.unwrap_or_default(),
            badge.map(|b| format!(" [{b}]")).unwrap_or_default()
        ));
    }
    for section in doc.select(&sel("main > section")) {
        let h2 = section.select(&sel("h2")).next().map(text);
        out.push(format!(
            "section#{} {}",
            section.value().attr("id").unwrap_or("?"),
            h2.unwrap_or_default()
        ));
        for svg in section.select(&sel("svg")) {
            out.push(format!(
                "  svg.{}",
                svg.value().attr("class").unwrap_or("?").replace(' ', ".")
            ));
        }
        for table in section.select(&sel("table")) {
            let heads: Vec<String> = table.select(&sel("th")).map(text).collect();
            let rows = table.select(&sel("tbody tr")).count();
            out.push(format!("  table [{}] rows={rows}", heads.join(" | ")));
        }
        for p in section.select(&sel("p.note")) {
            out.push(format!("  note {}", text(p)));
        }
    }
    out.push(format!(
        "footer {}",
        doc.select(&sel("footer"))
            .next()
            .map(text)
            .unwrap_or_default()
    ));
    out.join("\n")
}

#[test]
fn every_page_has_the_shell_its_charts_and_print_rules() {
    for command in COMMANDS {
        let html = page(&page_args(command), "en");
        let doc = Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "{command}: {:?}", doc.errors);
        let policy = doc
            .select(&sel("meta[http-equiv=\"Content-Security-Policy\"]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_default()
            .to_string();
        assert!(policy.contains("default-src 'none'"), "{command}: {policy}");
        assert_eq!(doc.select(&sel("script, link, img")).count(), 0);
        assert_eq!(doc.select(&sel("header h1")).count(), 1, "{command}");
        assert_eq!(doc.select(&sel("footer")).count(), 1, "{command}");
        for class in charts_of(command) {
            let charts = doc.select(&sel(&format!("svg.chart.{class}"))).count();
            assert!(charts > 0, "{command}: no {class} chart");
        }
        // Every chart is inside a section, which prints without a break inside.
        assert_eq!(
            doc.select(&sel("svg.chart")).count(),
            doc.select(&sel("section svg.chart")).count()
        );
        let style = doc.select(&sel("style")).next().map(text).unwrap();
        for rule in ["@media print", "@page { size: A4", "break-inside: avoid"] {
            assert!(style.contains(rule), "{command}: no {rule}");
        }
    }
}

#[test]
fn every_page_speaks_russian_when_asked() {
    for (command, title) in [
        ("report", "SMM-отчёт"),
        ("core", "Активное ядро"),
        ("growth", "Рост аудитории"),
        ("goals", "Цели"),
        ("money", "SMM-отчёт"),
        ("mentions", "Упоминания бренда"),
    ] {
        let html = page(&page_args(command), "ru");
        let doc = Html::parse_document(&html);
        let root = doc.select(&sel("html")).next().unwrap();
        assert_eq!(root.value().attr("lang"), Some("ru"), "{command}");
        assert_eq!(
            doc.select(&sel("h1")).map(text).collect::<Vec<_>>(),
            [title]
        );
        assert!(
            html.contains("Рассчитано smmkpi без сети"),
            "{command}: footer"
        );
        let aria: Vec<&str> = doc
            .select(&sel("svg.chart"))
            .filter_map(|s| s.value().attr("aria-label"))
            .collect();
        assert!(
            aria.iter()
                .all(|a| a.chars().any(|c| ('а'..='я').contains(&c)) || command == "goals"),
            "{command}: chart titles not in Russian: {aria:?}"
        );
    }
}

#[test]
fn the_core_page_keeps_hostile_action_values_as_text() {
    let html = page(
        &[
            "core",
            "tests/data/activity_hostile_actions.csv",
            "-n",
            "1",
            "-m",
            "2",
        ],
        "en",
    );
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(!html.contains("</svg>\"'"));
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    let cells: Vec<String> = doc.select(&sel("section#actions td")).map(text).collect();
    for hostile in ["<script>alert(1)</script>", "</svg>\"'&amp;"] {
        assert!(cells.iter().any(|c| c == hostile), "{hostile}: {cells:?}");
    }
    // Every chart is whole: an svg closed by the renderer, not by the data.
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
}

#[test]
fn the_core_page_draws_each_month_and_the_distribution() {
    let j = json_of(&["core", ACTIVITY]);
    let html = page(&["core", ACTIVITY], "en");
    let doc = Html::parse_document(&html);
    let months = j["monthly"].as_array().unwrap();
    let chart = doc.select(&sel("svg.chart-core-months")).next().unwrap();
    // A point per month with a core, a bar per month of active users and
    // per month with entered and left (legend swatches aside).
    let with_core = months.iter().filter(|m| !m["core"].is_null()).count();
    assert_eq!(chart.select(&sel("circle")).count(), with_core);
    let with_flows = months.iter().filter(|m| !m["entered"].is_null()).count();
    let bars = chart.select(&sel("rect title")).count();
    assert_eq!(bars, months.len() + 2 * with_flows);
    let cards: Vec<String> = doc.select(&sel(".card .value")).map(text).collect();
    assert_eq!(cards[0], j["core_size"].to_string());
    let rows = doc.select(&sel("section#months tbody tr")).count();
    assert_eq!(rows, months.len());
}

#[test]
fn the_growth_page_shows_followers_and_their_change_by_period() {
    let j = json_of(&["growth", FOLLOWERS]);
    let html = page(&["growth", FOLLOWERS], "en");
    let doc = Html::parse_document(&html);
    let periods = j["periods"].as_array().unwrap();
    let chart = doc.select(&sel("svg.chart-growth")).next().unwrap();
    // Followers (a point a period) and net change (a point a period), and
    // gained and lost bars.
    assert_eq!(chart.select(&sel("circle")).count(), 2 * periods.len());
    assert_eq!(chart.select(&sel("rect title")).count(), 2 * periods.len());
    let first = chart.select(&sel("circle title")).next().map(text).unwrap();
    assert_eq!(
        first,
        format!(
            "2025-01: followers {}",
            fmt_thousands(int(&periods[0]["followers_end"]))
        )
    );
    let cards: Vec<String> = doc.select(&sel(".card .value")).map(text).collect();
    assert_eq!(cards[1], fmt_thousands(int(&j["summary"]["followers_end"])));
    assert_eq!(cards[2], format!("+{}", int(&j["summary"]["net"])));
    // One table row per period and the total.
    let rows = doc.select(&sel("section#periods tbody tr")).count();
    assert_eq!(rows, periods.len() + 1);
}

#[test]
fn the_growth_page_has_a_section_and_chart_per_platform() {
    let args = [
        "growth",
        "tests/data/tiktok_follower_history.csv",
        "tests/data/followers_levels.csv",
        "--year",
        "2025",
    ];
    let j = json_of(&args);
    let html = page(&args, "ru");
    let doc = Html::parse_document(&html);
    for p in j["platforms"].as_array().unwrap() {
        let id = format!("section#platform-{}", p["platform"].as_str().unwrap());
        let section = doc
            .select(&sel(&id))
            .next()
            .unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(section.select(&sel("svg.chart-growth")).count(), 1, "{id}");
        let rows = section.select(&sel("tbody tr")).count();
        assert_eq!(rows, p["periods"].as_array().unwrap().len() + 1, "{id}");
    }
    assert!(html.contains("По периодам: tiktok"));
}

#[test]
fn the_growth_page_of_a_file_with_only_net_changes_draws_signed_bars() {
    let html = page(
        &[
            "growth",
            "tests/data/tiktok_daily_net.csv",
            "--start-followers",
            "100",
            "--period",
            "day",
        ],
        "en",
    );
    let doc = Html::parse_document(&html);
    let chart = doc.select(&sel("svg.chart-growth")).next().unwrap();
    assert!(chart.select(&sel("rect")).count() > 0);
}

#[test]
fn the_goals_page_draws_progress_bars_and_status_badges() {
    let j = json_of(&page_args("goals"));
    let html = page(&page_args("goals"), "en");
    let doc = Html::parse_document(&html);
    let goals = j["goals"].as_array().unwrap();
    let bars: Vec<String> = doc
        .select(&sel("section#goals-0 .progress span"))
        .filter_map(|s| s.value().attr("style").map(str::to_string))
        .collect();
    let expected: Vec<String> = goals
        .iter()
        .filter(|g| !g["progress"].is_null())
        .map(|g| format!("width: {:.0}%", num(&g["progress"]).clamp(0.0, 100.0)))
        .collect();
    assert_eq!(bars, expected);
    let badges: Vec<String> = doc
        .select(&sel("section#goals-0 .status"))
        .filter_map(|s| s.value().attr("class").map(str::to_string))
        .collect();
    let statuses: Vec<String> = goals
        .iter()
        .map(|g| format!("status status-{}", g["status"].as_str().unwrap()))
        .collect();
    assert_eq!(badges, statuses);
    assert_eq!(
        doc.select(&sel("svg.chart-goal")).count(),
        goals
            .iter()
            .filter(|g| g["series"] != serde_json::json!([]))
            .count()
    );
}

#[test]
fn core_growth_and_goals_pages_go_to_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["core", "growth", "goals"] {
        let path = dir.path().join(format!("{command}.html"));
        smmkpi()
            .args(page_args(command))
            .args(["-f", "html", "-o"])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicates::str::is_empty());
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{command}");
    }
}

/// `12345` as the English pages write it: `12,345`.
fn fmt_thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

macro_rules! structure_snapshots {
    ($($name:ident: $command:literal, $lang:literal;)*) => {$(
        #[test]
        fn $name() {
            let html = page(&page_args($command), $lang);
            insta::assert_snapshot!(stringify!($name), outline(&html));
        }
    )*};
}

structure_snapshots! {
    report_page_structure_en: "report", "en";
    report_page_structure_ru: "report", "ru";
    core_page_structure_en: "core", "en";
    core_page_structure_ru: "core", "ru";
    growth_page_structure_en: "growth", "en";
    growth_page_structure_ru: "growth", "ru";
    goals_page_structure_en: "goals", "en";
    goals_page_structure_ru: "goals", "ru";
    money_page_structure_en: "money", "en";
    money_page_structure_ru: "money", "ru";
    mentions_page_structure_en: "mentions", "en";
    mentions_page_structure_ru: "mentions", "ru";
}

#[test]
fn the_money_page_shows_the_spend_the_campaigns_and_the_visits() {
    let html = page(&page_args("money"), "en");
    let doc = Html::parse_document(&html);
    let cards: Vec<String> = doc.select(&sel(".card .label")).map(text).collect();
    for label in ["Spend", "ROI", "CAC", "Conversion rate"] {
        assert!(cards.iter().any(|c| c == label), "{label}: {cards:?}");
    }
    // Spend 48 000 over the quarter (examples/costs_coffee_ru.csv).
    assert!(html.contains("48,000.00 RUB"));
    let ids: Vec<&str> = doc
        .select(&sel("section"))
        .filter_map(|s| s.value().attr("id"))
        .collect();
    for id in ["money", "campaigns", "web-join"] {
        assert!(ids.contains(&id), "{id}: {ids:?}");
    }
    // One campaign bar each: content_jan, giveaway, raf_promo, content_feb,
    // discount20, content_mar.
    let bars = doc.select(&sel("svg.chart-campaigns rect")).count();
    assert_eq!(bars, 6);
}
