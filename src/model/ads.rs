//! Rows of an ads export (Meta Ads Manager, Google Ads, VK Ads, Yandex
//! Direct): what was spent on an ad, ad set or campaign over a reporting
//! period, and what it delivered. They are costs, not posts: a report lists
//! them and totals them, and money figures can later be set against them.

use chrono::NaiveDate;
use serde::Serialize;

use super::Dimension;

/// How detailed a row of an ads export is: the most detailed name it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdLevel {
    Campaign,
    AdSet,
    Ad,
}

/// One row of an ads export: one ad (or ad set, or campaign) for one
/// reporting period (and breakdown: region, age, placement). Money is in
/// `currency`; `None` means not reported, never 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AdRow {
    /// 1-based line in the file.
    pub line: u64,
    /// `campaign`, `ad_set` or `ad`: the most detailed name the row has.
    pub level: Option<AdLevel>,
    pub campaign: Option<String>,
    pub ad_set: Option<String>,
    pub ad: Option<String>,
    /// First and last day of the reporting period (Meta's `Reporting
    /// starts`/`Reporting ends`, or a day, week or month column).
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Other columns that describe the row (region, placement, status, ...).
    pub dimensions: Vec<Dimension>,
    /// Currency of the money figures: from the spend header (`Amount spent
    /// (UAH)`) or a currency column; `null` when the export does not say.
    pub currency: Option<String>,
    /// Amount spent.
    pub spend: Option<f64>,
    pub impressions: Option<i64>,
    /// People reached (unique per row: not additive across rows).
    pub reach: Option<i64>,
    /// Results (Meta: of the ad set's optimisation goal; Google Ads,
    /// Direct: conversions). May be fractional (Google Ads' conversions).
    pub results: Option<f64>,
    /// What a result is (`actions:link_click`, `Messaging conversations started`).
    pub result_indicator: Option<String>,
    /// Link clicks (Meta), clicks (Google Ads and the rest).
    pub clicks: Option<i64>,
    /// Value of the conversions (Google Ads' `Conv. value`, Meta's purchases value).
    pub conversion_value: Option<f64>,
    /// Cost per click as the export states it.
    pub cpc: Option<f64>,
    /// Cost per 1,000 impressions as the export states it.
    pub cpm: Option<f64>,
    /// Click-through rate as the export states it, in %.
    pub ctr: Option<f64>,
    /// Cost per result as the export states it.
    pub cost_per_result: Option<f64>,
}
