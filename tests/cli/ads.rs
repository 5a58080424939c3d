//! Ads exports (Meta Ads Manager at ad level and by region × month, in any
//! currency and in Russian; Google Ads campaign reports; VK Ads): an `ads`
//! export, never posts; the account row and totals rows never counted; the
//! figures per ad, ad set or campaign and period read, with totals whose
//! rates are made of the sums. The fixtures follow the documented layouts.

use serde_json::Value;

use crate::util::*;

fn ads0(r: &Value) -> &Value {
    &r["ads"][0]
}

#[test]
fn meta_ads_manager_at_ad_level_leaves_the_account_row_out() {
    let r = report_of("meta_ads_ad_level_uah.csv");
    let d = &r["input"]["details"][0];
    assert_eq!(d["kind"], "ads");
    assert_eq!(d["platform"], "meta-ads");
    assert_eq!(int(&r["summary"]["posts"]), 0, "ads are no posts");
    assert_eq!(int(&r["input"]["ad_rows"]), 2);
    // The first data row (no campaign, ad set or ad) is the account's.
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert_eq!(sk[0].0, 2);
    assert!(sk[0].1.contains("the account's row"), "{}", sk[0].1);
    let a = ads0(&r);
    let rows = a["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["ad"], "Video A");
    assert_eq!(rows[0]["level"], "ad");
    assert_eq!(rows[0]["currency"], "UAH");
    assert_eq!(rows[0]["start"], "2025-03-01");
    assert_eq!(rows[0]["result_indicator"], "actions:link_click");
    assert_close(&rows[0]["spend"], 2250.0);
    // Totals: 2250 + 1350 = 3600 spent; 15 000 + 9 000 impressions; 300 +
    // 180 link clicks; 120 + 60 results.
    let t = &a["totals"];
    assert_close(&t["spend"], 3600.0);
    assert_eq!(t["impressions"], 24000);
    assert_eq!(t["clicks"], 480);
    assert_close(&t["results"], 180.0);
    assert_close(&t["cpc"], 3600.0 / 480.0);
    assert_close(&t["cpm"], 3600.0 / 24000.0 * 1000.0);
    assert_close(&t["ctr"], 480.0 / 24000.0 * 100.0);
    assert_close(&t["cost_per_result"], 3600.0 / 180.0);
    assert_null(&t["roas"]);
    // The account row is the checksum: spend, impressions and clicks match;
    // its reach 9 500 counts each person once, the ads' 6 000 + 4 000 do not.
    let checks = d["totals_check"].as_array().expect("a totals check");
    let by = |f: &str| checks.iter().find(|c| c["field"] == f).expect("a check");
    for f in ["spend", "impressions", "clicks"] {
        assert_eq!(by(f)["matches"], true, "{f}");
    }
    assert_eq!(by("reach")["additive"], false);
    assert_eq!(by("reach")["computed"], 10000);
}

#[test]
fn inspect_says_the_export_is_ads() {
    let r = json_of(&["inspect", &data("meta_ads_ad_level_uah.csv")]);
    assert_eq!(r["files"][0]["kind"], "ads");
    let out = smmkpi()
        .args(["inspect", &data("meta_ads_ad_level_uah.csv")])
        .assert()
        .success();
    let text = stdout_text(out.get_output());
    assert!(text.contains("ads"), "{text}");
    assert!(text.contains("spend ←"), "{text}");
    assert!(text.contains("Rows used (ads)"), "{text}");
}

#[test]
fn a_russian_export_by_region_and_month_reads_each_month() {
    let r = report_of("meta_ads_region_month_ru.csv");
    let a = ads0(&r);
    let rows = a["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 4);
    // The month column is the row's own period, within the report's range.
    assert_eq!(rows[1]["start"], "2025-02-01");
    assert_eq!(rows[1]["end"], "2025-02-28");
    assert_eq!(rows[1]["level"], "campaign");
    assert_eq!(rows[1]["currency"], "RUB");
    let region: Vec<&Value> = rows[2]["dimensions"]
        .as_array()
        .expect("dimensions")
        .iter()
        .filter(|d| d["name"] == "Регион")
        .map(|d| &d["value"])
        .collect();
    assert_eq!(region, [&Value::from("Санкт-Петербург")]);
    // 4000 + 3000 + 2000 + 1000 = 10 000 spent over 1 000 clicks.
    let t = &a["totals"];
    assert_close(&t["spend"], 10000.0);
    assert_close(&t["cpc"], 10.0);
    assert_close(&t["results"], 100.0);
    assert_eq!(r["input"]["details"][0]["locale"], "ru");
}

#[test]
fn google_ads_campaigns_are_ads_with_the_period_of_the_report() {
    let r = report_of("google_ads_campaigns.csv");
    let d = &r["input"]["details"][0];
    assert_eq!(
        (d["kind"].as_str(), d["platform"].as_str()),
        (Some("ads"), Some("google-ads"))
    );
    assert!(r["web"].as_array().expect("web").is_empty());
    let a = ads0(&r);
    let rows = a["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    // `1 March 2025 - 31 March 2025` above the header is every row's period.
    assert_eq!(rows[0]["start"], "2025-03-01");
    assert_eq!(rows[0]["end"], "2025-03-31");
    assert_eq!(rows[1]["campaign"], "Display remarketing");
    assert_close(&rows[1]["results"], 5.5);
    // 300 + 300 = 600 EUR over 1 000 clicks and 92 000 impressions; 35.5
    // conversions worth 1 500 + 220 = 1 720.
    let t = &a["totals"];
    assert_eq!(t["currency"], "EUR");
    assert_close(&t["spend"], 600.0);
    assert_close(&t["cpc"], 0.6);
    assert_close(&t["ctr"], 1000.0 / 92000.0 * 100.0);
    assert_close(&t["cost_per_result"], 600.0 / 35.5);
    assert_close(&t["roas"], 1720.0 / 600.0);
    // `Total: Campaigns` (the rows listed) is the one compared; the others are
    // skipped as totals too.
    assert_eq!(skipped(&r).len(), 3);
    let checks = d["totals_check"].as_array().expect("a totals check");
    assert!(checks.iter().all(|c| c["matches"] == true), "{checks:?}");
}

#[test]
fn vk_ads_in_russian_with_roubles_and_decimal_commas() {
    let r = report_of("vk_ads_campaigns_ru.csv");
    let d = &r["input"]["details"][0];
    assert_eq!(d["platform"], "vk-ads");
    let t = &ads0(&r)["totals"];
    assert_eq!(t["currency"], "RUB");
    // 9 000,00 + 4 500,00 = 13 500 ₽; 600 + 300 clicks; 40 000 + 20 000 shows.
    assert_close(&t["spend"], 13500.0);
    assert_close(&t["cpc"], 15.0);
    assert_close(&t["cpm"], 225.0);
    assert_close(&t["ctr"], 1.5);
    let row = &ads0(&r)["rows"][0];
    assert_eq!(row["ad_set"], "Москва 18-35");
    assert_close(&row["ctr"], 1.5);
    // The Итого row matches the sums.
    let checks = d["totals_check"].as_array().expect("a totals check");
    assert!(checks.iter().all(|c| c["matches"] == true), "{checks:?}");
}

#[test]
fn ads_exports_pass_strict_and_show_in_the_table() {
    for f in [
        "meta_ads_ad_level_uah.csv",
        "meta_ads_region_month_ru.csv",
        "google_ads_campaigns.csv",
        "vk_ads_campaigns_ru.csv",
    ] {
        let out = smmkpi()
            .args(["report", &data(f), "--strict"])
            .assert()
            .success();
        let text = stdout_text(out.get_output());
        assert!(text.contains("Ads:"), "{f}: {text}");
        assert!(text.contains("Top ad rows by spend"), "{f}: {text}");
    }
}

#[test]
fn a_row_with_an_unreadable_spend_is_skipped_and_named() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("ads.csv");
    std::fs::write(
        &path,
        "Campaign name,Amount spent (USD),Impressions,Link clicks\n\
         A,10.00,1000,10\n\
         B,ten,500,5\n",
    )
    .expect("a file written");
    let r = json_of(&["report", path.to_str().expect("a path")]);
    let sk = skipped(&r);
    assert_eq!(sk.len(), 1);
    assert!(
        sk[0].1.contains("column 'Amount spent (USD)' (spend)"),
        "{}",
        sk[0].1
    );
    assert_close(&ads0(&r)["totals"]["spend"], 10.0);
}
