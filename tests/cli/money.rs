//! From clicks to money: `report --web` joins Metrica and GA4 tables to the
//! posts by UTM tag, `--costs` sets spend, revenue and customers against
//! them. Every expected figure is worked out by hand in the comment beside
//! it from the fixtures:
//!
//! - `posts_utm_ru.csv`: p1–p3 of campaign `spring` (March: clicks 100 +
//!   130 + 100 = 330, interactions 180 + 250 + 140 = 570), p4 of
//!   `april_promo` (clicks 40, interactions 70), p5 untagged (no clicks,
//!   interactions 33), p6 of `zero_clicks` (0 clicks, 0 interactions);
//! - `metrica_utm_content_ru.csv`: rows p1–p4 and `old1` (15 visits), by
//!   UTM content, with an `Итого и средние` row;
//! - `ga4_manual_ad_content.csv`: rows p1, p2 and `(not set)` (200 sessions);
//! - `costs_campaign_month_ru.csv`: spring 2025-03 30 000 / 90 000 / 12,
//!   april_promo 2025-04 8 000 / 6 000 / 2, zero_clicks 2025-04 1 000 / — / 0.

use serde_json::Value;

use crate::util::*;

const POSTS: &str = "tests/data/posts_utm_ru.csv";
const METRICA: &str = "tests/data/metrica_utm_content_ru.csv";
const GA4: &str = "tests/data/ga4_manual_ad_content.csv";
const COSTS: &str = "tests/data/costs_campaign_month_ru.csv";

fn campaign<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["campaigns"]
        .as_array()
        .expect("campaigns")
        .iter()
        .find(|c| c["campaign"] == name)
        .unwrap_or_else(|| panic!("no campaign {name}"))
}

fn post<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no post {id}"))
}

#[test]
fn the_worked_example_of_the_issue_is_the_spring_campaign() {
    let r = json_of(&["report", POSTS, "--web", METRICA, "--costs", COSTS]);
    let c = campaign(&r, "spring");
    // Three posts (p3 writes `Spring`: campaigns are matched without case).
    assert_eq!(int(&c["posts"]), 3);
    assert_eq!(int(&c["link_clicks"]), 330);
    assert_eq!(int(&c["interactions"]), 570);
    // Conversions from the web rows p1–p3: 10 + 12 + 6 = 28 (the costs
    // file has no conversions column).
    assert_close(&c["conversions"], 28.0);
    assert_eq!(c["conversions_from"], "web");
    assert_close(&c["spend"], 30_000.0);
    assert_close(&c["revenue"], 90_000.0);
    assert_eq!(int(&c["new_customers"]), 12);
    // 28 / 330 × 100 = 8.4848…; 30 000 / 12 = 2 500;
    // (90 000 − 30 000) / 30 000 × 100 = 200; 30 000 / 570 = 52.63…;
    // 30 000 / 330 = 90.90…
    assert_close(&c["conversion_rate"], 28.0 / 330.0 * 100.0);
    assert_close(&c["cac"], 2500.0);
    assert_close(&c["roi"], 200.0);
    assert_close(&c["cpe"], 30_000.0 / 570.0);
    assert_close(&c["cpc"], 30_000.0 / 330.0);
    assert_eq!(format!("{:.2}", num(&c["conversion_rate"])), "8.48");
    assert_eq!(format!("{:.2}", num(&c["cpe"])), "52.63");
    assert_eq!(format!("{:.2}", num(&c["cpc"])), "90.91");
}

#[test]
fn the_money_of_the_report_sets_every_cost_against_every_post() {
    let r = json_of(&["report", POSTS, "--web", METRICA, "--costs", COSTS]);
    let m = &r["money"];
    // `Расход, ₽` names the currency.
    assert_eq!(m["currency"], "RUB");
    assert_eq!(int(&m["cost_rows"]), 3, "the Итого row is no campaign");
    assert_eq!(int(&m["posts"]), 6);
    // Clicks 330 + 40 + 0 (p5 reports none) = 370; interactions 570 + 70 + 33 + 0 = 673.
    assert_eq!(int(&m["link_clicks"]), 370);
    assert_eq!(int(&m["interactions"]), 673);
    // Spend 30 000 + 8 000 + 1 000; revenue 90 000 + 6 000; customers 12 + 2 + 0.
    assert_close(&m["spend"], 39_000.0);
    assert_close(&m["revenue"], 96_000.0);
    assert_eq!(int(&m["new_customers"]), 14);
    // Visits of the joined rows 90 + 120 + 80 + 40; conversions 10 + 12 + 6 + 2.
    assert_eq!(int(&m["visits"]), 330);
    assert_close(&m["conversions"], 30.0);
    assert_close(&m["conversion_rate"], 30.0 / 370.0 * 100.0);
    assert_close(&m["cac"], 39_000.0 / 14.0);
    assert_close(&m["roi"], (96_000.0 - 39_000.0) / 39_000.0 * 100.0);
    assert_close(&m["cpe"], 39_000.0 / 673.0);
    assert_close(&m["cpc"], 39_000.0 / 370.0);
}

#[test]
fn costs_by_month_give_each_period_its_money() {
    let r = json_of(&["report", POSTS, "--web", METRICA, "--costs", COSTS]);
    let p = r["money"]["periods"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p[0]["period"], "2025-03");
    assert_close(&p[0]["roi"], 200.0);
    // April: april_promo and zero_clicks, 8 000 + 1 000 spent, 6 000 back;
    // posts p4, p5, p6: clicks 40, interactions 70 + 33 + 0 = 103.
    assert_eq!(p[1]["period"], "2025-04");
    assert_close(&p[1]["spend"], 9000.0);
    assert_eq!(int(&p[1]["interactions"]), 103);
    assert_close(&p[1]["cpc"], 9000.0 / 40.0);
    assert_close(&p[1]["cpe"], 9000.0 / 103.0);
    // (6 000 − 9 000) / 9 000 × 100
    assert_close(&p[1]["roi"], -100.0 / 3.0);
    assert_close(&p[1]["cac"], 4500.0);
    assert_close(&p[1]["conversion_rate"], 5.0);
}

#[test]
fn every_zero_or_missing_denominator_gives_null() {
    let r = json_of(&["report", POSTS, "--web", METRICA, "--costs", COSTS]);
    // zero_clicks: 0 clicks, 0 interactions, 0 customers, no revenue, no visits.
    let z = campaign(&r, "zero_clicks");
    assert_eq!(int(&z["link_clicks"]), 0);
    assert_null(&z["cpc"]);
    assert_null(&z["cpe"]);
    assert_null(&z["cac"]);
    assert_null(&z["roi"]);
    assert_null(&z["conversion_rate"]);
    assert_null(&z["conversions"]);
    assert_null(&z["visits"]);
    // A spend of 0: no ROI; conversions of 0 over clicks: a rate of 0.
    let dir = tempfile::tempdir().unwrap();
    let costs = dir.path().join("zero_spend.csv");
    std::fs::write(
        &costs,
        "Campaign,Spend,Revenue,New customers,Conversions\nspring,0,1000,0,0\nghost,5000,,,\n",
    )
    .unwrap();
    let r = json_of(&["report", POSTS, "--costs", costs.to_str().unwrap()]);
    let s = campaign(&r, "spring");
    assert_null(&s["roi"]);
    assert_null(&s["cac"]);
    assert_eq!(s["conversions_from"], "costs");
    assert_close(&s["conversion_rate"], 0.0);
    assert_close(&s["cpc"], 0.0);
    // A campaign no post carries: its costs are reported, every rate over
    // the posts is null.
    let g = campaign(&r, "ghost");
    assert_eq!(int(&g["posts"]), 0);
    assert_null(&g["link_clicks"]);
    assert_null(&g["cpc"]);
    assert_null(&g["cpe"]);
    assert_null(&g["conversion_rate"]);
    assert_close(&g["spend"], 5000.0);
    // Costs by campaign only: no money by period.
    assert!(r["money"]["periods"].as_array().unwrap().is_empty());
}

#[test]
fn each_post_gets_the_figures_of_its_own_utm_content_row() {
    let r = json_of(&["report", POSTS, "--web", METRICA]);
    assert_eq!(r["web_join"]["key"], "content");
    let w = &post(&r, "p1")["web"];
    assert_eq!(int(&w["visits"]), 90);
    // Metrica's fractions are percentages; 00:02:00 is 120 seconds.
    assert_close(&w["bounce_rate"], 20.0);
    assert_close(&w["time_on_site"], 120.0);
    assert_close(&w["depth"], 3.0);
    assert_close(&w["new_share"], 75.0);
    assert_close(&w["conversions"], 10.0);
    assert_eq!(int(&w["shared_by"]), 1);
    // p5 carries no tag, p6's tag has no row: null, not zeros.
    assert_null(&post(&r, "p5")["web"]);
    assert_null(&post(&r, "p6")["web"]);
    // Without --costs there is no money, but campaigns with their web figures.
    assert_null(&r["money"]);
    let spring = &campaign(&r, "spring")["web"];
    // (90 × 20 + 120 × 25 + 80 × 40) / 290 = 8 000 / 290
    assert_eq!(int(&spring["visits"]), 290);
    assert_close(&spring["bounce_rate"], 8000.0 / 290.0);
    // (90 × 120 + 120 × 90 + 80 × 60) / 290 = 26 400 / 290
    assert_close(&spring["time_on_site"], 26_400.0 / 290.0);
    // (90 × 3 + 120 × 2.5 + 80 × 2) / 290 = 730 / 290
    assert_close(&spring["depth"], 730.0 / 290.0);
    // (90 × 75 + 120 × 50 + 80 × 80) / 290 = 19 150 / 290
    assert_close(&spring["new_share"], 19_150.0 / 290.0);
    assert_null(&campaign(&r, "spring")["spend"]);
}

#[test]
fn rows_matching_no_post_are_counted_and_listed() {
    let out = smmkpi()
        .args(["report", POSTS, "--web", METRICA, "--format", "json"])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let j = &r["web_join"];
    assert_eq!(int(&j["rows"]), 5, "the totals row is no row");
    assert_eq!(int(&j["matched_rows"]), 4);
    assert_eq!(int(&j["unmatched_rows"]), 1);
    assert_eq!(int(&j["unmatched_visits"]), 15);
    assert_eq!(j["unmatched"][0]["tag"], "old1");
    assert_eq!(int(&j["unmatched"][0]["line"]), 7);
    // Tagged: p1–p4 and p6; matched: p1–p4.
    assert_eq!(int(&j["posts_tagged"]), 5);
    assert_eq!(int(&j["posts_matched"]), 4);
    let err = stderr_text(out.get_output());
    assert!(
        err.contains("4 of 5 rows joined to 4 posts by utm_content"),
        "{err}"
    );
    assert!(err.contains("1 row (15 visits) matching no post"), "{err}");
    assert!(err.contains("'old1'"), "{err}");
}

#[test]
fn web_figures_by_period_weigh_each_row_in_its_first_posts_period() {
    let r = json_of(&["report", POSTS, "--web", METRICA]);
    let p = r["web_join"]["periods"].as_array().unwrap();
    assert_eq!(int(&p[0]["visits"]), 290);
    assert_close(&p[0]["conversions"], 28.0);
    assert_eq!(int(&p[1]["visits"]), 40);
    assert_close(&p[1]["bounce_rate"], 50.0);
    let t = &r["web_join"]["totals"];
    // (290 × 8000/290 + 40 × 50) / 330 = 10 000 / 330
    assert_close(&t["bounce_rate"], 10_000.0 / 330.0);
}

#[test]
fn a_ga4_table_joins_too_and_several_tables_add_up() {
    let r = json_of(&["report", POSTS, "--web", GA4]);
    let w = &post(&r, "p1")["web"];
    assert_eq!(int(&w["visits"]), 60);
    // GA4 writes no new-visitor share: 40 new of 50 users = 80 %.
    assert_close(&w["new_share"], 80.0);
    // `Views per session` is the depth.
    assert_close(&w["depth"], 2.0);
    assert_close(&w["time_on_site"], 90.0);
    // `(not set)` is no tag: unmatched, with its 200 sessions.
    let j = &r["web_join"];
    assert_eq!(int(&j["unmatched_rows"]), 1);
    assert_null(&j["unmatched"][0]["tag"]);
    assert_eq!(int(&j["unmatched_visits"]), 200);

    let both = json_of(&["report", POSTS, "--web", METRICA, "--web", GA4]);
    let w = &post(&both, "p1")["web"];
    // Metrica 90 + GA4 60 visits; bounce (90 × 20 + 60 × 30) / 150 = 24;
    // new share (90 × 75 + 60 × 80) / 150 = 77; conversions 10 + 4.
    assert_eq!(int(&w["rows"]), 2);
    assert_eq!(int(&w["visits"]), 150);
    assert_close(&w["bounce_rate"], 24.0);
    assert_close(&w["new_share"], 77.0);
    assert_close(&w["conversions"], 14.0);
    assert_eq!(int(&both["web_join"]["unmatched_rows"]), 2);
    assert_eq!(int(&both["web_join"]["unmatched_visits"]), 215);
}

#[test]
fn a_table_by_campaign_joins_by_campaign_and_its_posts_share_the_figures() {
    let r = json_of(&[
        "report",
        POSTS,
        "--web",
        "tests/data/metrica_utm_campaign_ru.csv",
    ]);
    assert_eq!(r["web_join"]["key"], "campaign");
    for id in ["p1", "p2", "p3"] {
        let w = &post(&r, id)["web"];
        assert_eq!(int(&w["visits"]), 300, "{id}");
        assert_eq!(int(&w["shared_by"]), 3, "{id}");
    }
    // The campaign's row counts once: 300 visits, not 900.
    assert_eq!(int(&campaign(&r, "spring")["web"]["visits"]), 300);
    assert_eq!(int(&r["web_join"]["totals"]["visits"]), 350);
    // `Целевые визиты` are conversions.
    assert_close(&campaign(&r, "spring")["web"]["conversions"], 25.0);
}

#[test]
fn join_forces_the_key_and_refuses_a_table_without_its_column() {
    // By campaign, the content table's rows join by their UTM Campaign.
    let r = json_of(&["report", POSTS, "--web", METRICA, "--join", "campaign"]);
    assert_eq!(r["web_join"]["key"], "campaign");
    // winter matches no post; spring's three rows go to each spring post.
    assert_eq!(int(&r["web_join"]["unmatched_rows"]), 1);
    assert_eq!(int(&post(&r, "p2")["web"]["visits"]), 290);
    // By id: the posts' ids are p1…p6, as the rows' UTM content.
    let r = json_of(&["report", POSTS, "--web", METRICA, "--join", "id"]);
    assert_eq!(r["web_join"]["key"], "id");
    assert_eq!(int(&post(&r, "p4")["web"]["visits"]), 40);
    // A table by campaign has no content to join by.
    let out = smmkpi()
        .args([
            "report",
            POSTS,
            "--web",
            "tests/data/metrica_utm_campaign_ru.csv",
            "--join",
            "content",
        ])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("metrica_utm_campaign_ru.csv"), "{err}");
    assert!(err.contains("UTM content column"), "{err}");
    // --join needs --web.
    smmkpi()
        .args(["report", POSTS, "--join", "content"])
        .assert()
        .code(2);
}

#[test]
fn a_web_file_given_as_a_file_stays_a_web_table_with_a_hint() {
    let out = smmkpi()
        .args(["report", POSTS, METRICA, "--format", "json"])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(r["web"].as_array().unwrap().len(), 1);
    assert_null(&r["web_join"]);
    assert_null(&post(&r, "p1")["web"]);
    assert!(r["campaigns"].as_array().unwrap().is_empty());
    let err = stderr_text(out.get_output());
    assert!(err.contains("give it with --web to join it"), "{err}");
    // Given with --web, it is listed under web[] as well: one table, once.
    let r = json_of(&["report", POSTS, "--web", METRICA]);
    assert_eq!(r["web"].as_array().unwrap().len(), 1);
    assert_eq!(int(&r["input"]["web_rows"]), 5);
}

#[test]
fn web_takes_only_web_analytics() {
    let out = smmkpi()
        .args(["report", POSTS, "--web", POSTS])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("--web takes web-analytics tables"), "{err}");
    assert!(err.contains("read as posts"), "{err}");
}

#[test]
fn every_row_of_every_file_is_accounted_for() {
    let r = json_of(&["report", POSTS, "--web", METRICA, "--costs", COSTS]);
    let i = &r["input"];
    // 6 posts + 5 web rows + 3 costs rows + 2 totals rows skipped = 16.
    assert_eq!(int(&i["rows_read"]), 16);
    assert_eq!(int(&i["cost_rows"]), 3);
    assert_eq!(int(&i["web_rows"]), 5);
    let files: Vec<&str> = i["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(files, [POSTS, METRICA, COSTS]);
    let costs = &i["details"][2];
    assert_eq!(costs["kind"], "costs");
    assert_eq!(int(&costs["cost_rows"]), 3);
    assert_eq!(int(&costs["skipped"]), 1);
}

#[test]
fn costs_in_english_with_a_currency_column_and_amounts_in_any_form() {
    let dir = tempfile::tempdir().unwrap();
    let costs = dir.path().join("costs.csv");
    std::fs::write(
        &costs,
        "Campaign,Month,Currency,Spend,Revenue,New customers,Conversions\n\
         spring,March 2025,USD,\"$1,000.50\",\"2,001\",3,7\n\
         april_promo,2025-04,USD,250,,,\n",
    )
    .unwrap();
    let r = json_of(&["report", POSTS, "--costs", costs.to_str().unwrap()]);
    assert_eq!(r["money"]["currency"], "USD");
    let s = campaign(&r, "spring");
    assert_close(&s["spend"], 1000.5);
    assert_close(&s["revenue"], 2001.0);
    // The costs file's conversions win: 7 / 330 × 100.
    assert_eq!(s["conversions_from"], "costs");
    assert_close(&s["conversion_rate"], 700.0 / 330.0);
    assert_close(&s["cac"], 1000.5 / 3.0);
    assert_close(&r["money"]["spend"], 1250.5);
}

#[test]
fn currency_is_printed_as_given_and_two_currencies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "Campaign;Spend\nspring;100\n").unwrap();
    let r = json_of(&[
        "report",
        POSTS,
        "--costs",
        plain.to_str().unwrap(),
        "--currency",
        "₽",
    ]);
    assert_eq!(r["money"]["currency"], "₽");
    let r = json_of(&["report", POSTS, "--costs", plain.to_str().unwrap()]);
    assert_null(&r["money"]["currency"]);
    // --currency RUB for costs in ₽ is the same currency.
    let r = json_of(&["report", POSTS, "--costs", COSTS, "--currency", "RUB"]);
    assert_eq!(r["money"]["currency"], "RUB");
    let out = smmkpi()
        .args(["report", POSTS, "--costs", COSTS, "--currency", "USD"])
        .assert()
        .code(1);
    assert!(stderr_text(out.get_output()).contains("converts no currency"));
    let mixed = dir.path().join("mixed.csv");
    std::fs::write(
        &mixed,
        "Campaign;Spend;Currency\nspring;100;RUB\napril_promo;5;USD\n",
    )
    .unwrap();
    let out = smmkpi()
        .args(["report", POSTS, "--costs", mixed.to_str().unwrap()])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("two currencies"), "{err}");
}

#[test]
fn a_bad_costs_row_is_reported_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let costs = dir.path().join("bad.csv");
    std::fs::write(
        &costs,
        "Кампания;Расход\nspring;много\napril_promo;-5\nzero_clicks;;\nspring;100\n",
    )
    .unwrap();
    let out = smmkpi()
        .args([
            "report",
            POSTS,
            "--costs",
            costs.to_str().unwrap(),
            "--format",
            "json",
        ])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    let reasons = skipped(&r);
    assert!(
        reasons
            .iter()
            .any(|(l, m)| *l == 2 && m.contains("column 'Расход'") && m.contains("много")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(l, m)| *l == 3 && m.contains("cannot be negative")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(l, m)| *l == 4 && m.contains("no figures")),
        "{reasons:?}"
    );
    assert_close(&r["money"]["spend"], 100.0);
    // --strict turns them into an error.
    smmkpi()
        .args([
            "report",
            POSTS,
            "--costs",
            costs.to_str().unwrap(),
            "--strict",
        ])
        .assert()
        .code(1);
}

#[test]
fn a_file_that_is_no_costs_table_is_an_error_naming_what_was_found() {
    let out = smmkpi()
        .args(["report", POSTS, "--costs", POSTS])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("no costs table"), "{err}");
    assert!(err.contains("ID поста"), "{err}");
}

#[test]
fn an_ads_export_counts_as_costs() {
    let r = json_of(&[
        "report",
        POSTS,
        "--costs",
        "tests/data/google_ads_campaigns.csv",
    ]);
    let m = &r["money"];
    // The export's own spend total, and its table under ads[] as well.
    let ads = &r["ads"][0]["totals"];
    assert_close(&m["spend"], num(&ads["spend"]));
    assert_eq!(m["currency"], ads["currency"]);
    assert_eq!(r["input"]["details"][1]["kind"], "ads");
    assert_eq!(int(&r["input"]["cost_rows"]), 0);
}

#[test]
fn costs_outside_since_until_are_left_out_and_said_so() {
    let out = smmkpi()
        .args([
            "report",
            POSTS,
            "--costs",
            COSTS,
            "--since",
            "2025-04-01",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(int(&r["money"]["rows_out_of_range"]), 1);
    assert_close(&r["money"]["spend"], 9000.0);
    assert!(stderr_text(out.get_output()).contains("outside --since/--until left out"));
}

#[test]
fn costs_of_a_month_in_a_weekly_report_count_in_no_week() {
    let out = smmkpi()
        .args([
            "report", POSTS, "--costs", COSTS, "--period", "week", "--format", "json",
        ])
        .assert()
        .success();
    let r = json(&out.get_output().stdout);
    assert_eq!(int(&r["money"]["rows_in_no_period"]), 3);
    assert_close(&r["money"]["spend"], 39_000.0);
    for p in r["money"]["periods"].as_array().unwrap() {
        assert_null(&p["spend"]);
    }
}

#[test]
fn money_appears_in_every_format() {
    let args = ["report", POSTS, "--web", METRICA, "--costs", COSTS];
    let text = |extra: &[&str]| {
        let out = smmkpi().args(args).args(extra).assert().success();
        stdout_text(out.get_output())
    };
    let table = text(&["--lang", "en"]);
    assert!(
        table.contains("Money: spend against the posts (RUB)"),
        "{table}"
    );
    // CAC of the report: 39 000 / 14; of spring and of March: 2 500.
    assert!(table.contains("2,785.71 RUB"), "{table}");
    assert!(table.contains("2,500.00"), "{table}");
    assert!(table.contains("Campaigns (utm_campaign)"));
    assert!(table.contains("Web analytics rows matching no post"));
    let md = text(&["--format", "md", "--lang", "ru"]);
    assert!(
        md.contains("Деньги: затраты и результат публикаций (RUB)"),
        "{md}"
    );
    let csv = text(&["--format", "csv", "--section", "campaigns"]);
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("campaign,posts,link_clicks,interactions,visits,spend"));
    assert!(lines
        .next()
        .unwrap()
        .starts_with("spring,3,330,570,290,30000"));
    let csv = text(&["--format", "csv", "--section", "money"]);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("all,,,RUB,6,370,673,330,39000"),
        "{csv}"
    );
    let posts = text(&["--format", "csv", "--section", "posts"]);
    let header = posts.lines().next().unwrap();
    assert!(
        header.contains("web.visits") && !header.contains(",web,"),
        "{header}"
    );
    let html = text(&["--format", "html"]);
    for id in ["money", "campaigns", "web-join"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert!(
        html.contains("chart-money")
            && html.contains("chart-campaigns")
            && html.contains("chart-visits")
    );
    smmkpi()
        .args(["report", POSTS, "--format", "csv", "--section", "money"])
        .assert()
        .code(2);
}

#[test]
fn the_workbook_has_money_campaign_and_web_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = report_to_file(
        dir.path(),
        "money.xlsx",
        &[
            POSTS, "--web", METRICA, "--costs", COSTS, "--format", "xlsx", "--lang", "ru",
        ],
    );
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut book = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
    for sheet in [
        "Деньги",
        "Деньги по периодам",
        "Кампании",
        "Веб по периодам",
        "Веб без публикаций",
    ] {
        assert!(
            book.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {book}"
        );
    }
}

#[test]
fn the_readme_tour_ends_in_march_money() {
    let r = json_of(&[
        "report",
        "examples/vk_coffee_ru.csv",
        "--since",
        "2025-03-01",
        "--until",
        "2025-03-31",
        "--web",
        "examples/metrica_utm_coffee_ru.csv",
        "--costs",
        "examples/costs_coffee_ru.csv",
    ]);
    let m = &r["money"];
    // March's link clicks: 47 + 21 + 61 + 40 + 21 + 40 + 53 + 42 + 32 + 42.
    assert_eq!(int(&m["link_clicks"]), 399);
    // Interactions of posts 1021–1030: 166 + 181 + 128 + 160 + 110 + 257 +
    // 211 + 185 + 140 + 145.
    assert_eq!(int(&m["interactions"]), 1683);
    // Metrica's rows vk1021…vk1030: visits 40 + 18 + 52 + 34 + 18 + 34 +
    // 45 + 36 + 27 + 36; goals 4 + 2 + 3 + 4 + 1 + 3 + 3 + 3 + 2 + 4.
    assert_eq!(int(&m["visits"]), 340);
    assert_close(&m["conversions"], 29.0);
    // March's costs: content_mar 7 000 / 21 000 / 9, giveaway 4 500 / 5 500
    // / 2, raf_promo 4 000 / 10 500 / 5; January's and February's are left out.
    assert_close(&m["spend"], 15_500.0);
    assert_close(&m["revenue"], 37_000.0);
    assert_eq!(int(&m["new_customers"]), 16);
    assert_eq!(int(&m["rows_out_of_range"]), 7);
    assert_close(&m["conversion_rate"], 29.0 / 399.0 * 100.0);
    assert_close(&m["cac"], 968.75);
    assert_close(&m["roi"], 21_500.0 / 15_500.0 * 100.0);
    assert_close(&m["cpe"], 15_500.0 / 1683.0);
    assert_close(&m["cpc"], 15_500.0 / 399.0);
    // The story's link: 24 visits no post carries.
    assert_eq!(r["web_join"]["unmatched"][0]["tag"], "stories_0315");
    assert_eq!(int(&r["web_join"]["unmatched_visits"]), 24);
    // content_mar: (21 000 − 7 000) / 7 000 × 100; giveaway: 1 000 / 4 500 × 100.
    assert_close(&campaign(&r, "content_mar")["roi"], 200.0);
    assert_close(&campaign(&r, "giveaway")["roi"], 100_000.0 / 4500.0);
}
