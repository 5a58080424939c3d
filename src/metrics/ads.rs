//! Totals of ads exports (docs/metrics.md#ads): spend, impressions, clicks,
//! results and conversion value summed over the rows, and the rates an ads
//! manager reads — CPC, CPM, CTR, cost per result, ROAS — computed from
//! those sums, never averaged from the rows' own rates.

use serde::Serialize;

use super::rate::pct;
use crate::model::AdRow;

/// The totals of an ads table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AdTotals {
    /// Rows summed.
    pub rows: u64,
    /// The currency of the money figures; `null` when the rows do not say
    /// or spend in several (then money is not totalled).
    pub currency: Option<String>,
    /// Σ spend over the rows reporting it.
    pub spend: Option<f64>,
    /// Σ impressions.
    pub impressions: Option<i64>,
    /// Σ clicks (link clicks for Meta).
    pub clicks: Option<i64>,
    /// Σ results (conversions); `null` when the rows count results of
    /// different kinds (`result_indicator`): leads and link clicks do not add up.
    pub results: Option<f64>,
    /// What the results are, when every row reporting one says the same.
    pub result_indicator: Option<String>,
    /// Σ conversion value.
    pub conversion_value: Option<f64>,
    /// Σ spend / Σ clicks over the rows reporting both, clicks > 0.
    pub cpc: Option<f64>,
    /// Σ spend / Σ impressions × 1000 over the rows reporting both.
    pub cpm: Option<f64>,
    /// Σ clicks / Σ impressions × 100 over the rows reporting both, in %.
    pub ctr: Option<f64>,
    /// Σ spend / Σ results over the rows reporting both, results > 0.
    pub cost_per_result: Option<f64>,
    /// Σ conversion value / Σ spend over the rows reporting both, spend > 0
    /// (a ratio: 2.5 means 2.5 of value a unit spent).
    pub roas: Option<f64>,
}

/// Σ a / Σ b over the rows reporting both, `None` when that Σ b is not
/// positive. A row whose b is 0 counts: an ad that spent and got no click
/// raises the CPC, as in the export's own account row.
fn ratio(
    rows: &[AdRow],
    a: impl Fn(&AdRow) -> Option<f64>,
    b: impl Fn(&AdRow) -> Option<f64>,
) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for r in rows {
        if let (Some(x), Some(y)) = (a(r), b(r)) {
            num += x;
            den += y;
        }
    }
    (den > 0.0).then(|| num / den)
}

fn sum_f(rows: &[AdRow], f: impl Fn(&AdRow) -> Option<f64>) -> Option<f64> {
    rows.iter()
        .filter_map(f)
        .fold(None, |a, v| Some(a.unwrap_or(0.0) + v))
}

fn sum_i(rows: &[AdRow], f: impl Fn(&AdRow) -> Option<i64>) -> Option<i64> {
    rows.iter()
        .filter_map(f)
        .fold(None, |a, v| Some(a.unwrap_or(0i64).saturating_add(v)))
}

/// The totals of ad rows. Money (spend, conversion value and the rates made
/// of them) is totalled only when the rows spend in one currency.
pub fn ad_totals(rows: &[AdRow]) -> AdTotals {
    let mut currencies: Vec<&str> = rows.iter().filter_map(|r| r.currency.as_deref()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    let one_currency = currencies.len() <= 1;
    let money = |f: fn(&AdRow) -> Option<f64>| move |r: &AdRow| f(r).filter(|_| one_currency);
    let spend = money(|r| r.spend);
    let value = money(|r| r.conversion_value);
    let count = |f: fn(&AdRow) -> Option<i64>| move |r: &AdRow| f(r).map(|v| v as f64);
    let mut indicators: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.result_indicator.as_deref())
        .collect();
    indicators.sort_unstable();
    indicators.dedup();
    let one_kind = indicators.len() <= 1;
    let results = move |r: &AdRow| r.results.filter(|_| one_kind);
    AdTotals {
        rows: rows.len() as u64,
        currency: match currencies.as_slice() {
            [one] => Some(one.to_string()),
            _ => None,
        },
        spend: sum_f(rows, spend),
        impressions: sum_i(rows, |r| r.impressions),
        clicks: sum_i(rows, |r| r.clicks),
        results: sum_f(rows, results),
        result_indicator: match indicators.as_slice() {
            [one] => Some(one.to_string()),
            _ => None,
        },
        conversion_value: sum_f(rows, value),
        cpc: ratio(rows, spend, count(|r| r.clicks)),
        cpm: ratio(rows, spend, count(|r| r.impressions)).map(|v| v * 1000.0),
        ctr: ratio(rows, count(|r| r.clicks), count(|r| r.impressions)).and_then(|v| pct(v, 1.0)),
        cost_per_result: ratio(rows, spend, results),
        roas: ratio(rows, value, spend),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        spend: Option<f64>,
        impressions: Option<i64>,
        clicks: Option<i64>,
        results: Option<f64>,
    ) -> AdRow {
        AdRow {
            currency: Some("UAH".into()),
            spend,
            impressions,
            clicks,
            results,
            ..AdRow::default()
        }
    }

    #[test]
    fn rates_are_made_of_the_sums() {
        // 100 + 300 = 400 spent; 10 000 + 30 000 impressions; 50 + 150 clicks;
        // 4 + 6 results.
        let rows = [
            row(Some(100.0), Some(10_000), Some(50), Some(4.0)),
            row(Some(300.0), Some(30_000), Some(150), Some(6.0)),
        ];
        let t = ad_totals(&rows);
        assert_eq!(t.spend, Some(400.0));
        assert_eq!((t.impressions, t.clicks), (Some(40_000), Some(200)));
        assert_eq!(t.cpc, Some(2.0), "400 / 200");
        assert_eq!(t.cpm, Some(10.0), "400 / 40 000 × 1000");
        assert_eq!(t.ctr, Some(0.5), "200 / 40 000 × 100");
        assert_eq!(t.cost_per_result, Some(40.0), "400 / 10");
        assert_eq!(t.currency.as_deref(), Some("UAH"));
        assert_eq!(t.roas, None, "no conversion value");
    }

    #[test]
    fn a_denominator_of_zero_or_not_reported_is_null() {
        let rows = [row(Some(50.0), Some(0), Some(0), Some(0.0))];
        let t = ad_totals(&rows);
        assert_eq!(
            (t.cpc, t.cpm, t.ctr, t.cost_per_result),
            (None, None, None, None)
        );
        let none = ad_totals(&[row(None, None, None, None)]);
        assert_eq!((none.spend, none.impressions, none.cpc), (None, None, None));
        assert_eq!(ad_totals(&[]).rows, 0);
    }

    #[test]
    fn an_ad_without_clicks_still_spent() {
        // 100 spent for no click, 300 for 150: CPC = 400 / 150, and the
        // 2 000 impressions of the first ad count in CPM and CTR.
        let rows = [
            row(Some(100.0), Some(2_000), Some(0), Some(0.0)),
            row(Some(300.0), Some(8_000), Some(150), Some(6.0)),
        ];
        let t = ad_totals(&rows);
        assert_eq!(t.cpc, Some(400.0 / 150.0));
        assert_eq!(t.cpm, Some(40.0), "400 / 10 000 × 1000");
        assert_eq!(t.ctr, Some(1.5), "150 / 10 000 × 100");
        assert_eq!(t.cost_per_result, Some(400.0 / 6.0));
    }

    #[test]
    fn a_row_missing_one_side_is_left_out_of_a_rate() {
        // The second row spends but reports no clicks: CPC is 100 / 50.
        let rows = [
            row(Some(100.0), None, Some(50), None),
            row(Some(900.0), None, None, None),
        ];
        let t = ad_totals(&rows);
        assert_eq!(t.spend, Some(1000.0));
        assert_eq!(t.cpc, Some(2.0));
    }

    #[test]
    fn money_of_several_currencies_is_not_totalled() {
        let mut usd = row(Some(10.0), Some(1000), Some(10), None);
        usd.currency = Some("USD".into());
        let rows = [row(Some(100.0), Some(1000), Some(10), None), usd];
        let t = ad_totals(&rows);
        assert_eq!((t.spend, t.cpc, t.currency.clone()), (None, None, None));
        // Counts still add up.
        assert_eq!(t.clicks, Some(20));
        assert_eq!(t.ctr, Some(1.0));
    }

    #[test]
    fn results_of_different_kinds_are_not_added_up() {
        let mut leads = row(Some(100.0), None, None, Some(10.0));
        leads.result_indicator = Some("actions:lead".into());
        let mut clicks = row(Some(100.0), None, None, Some(300.0));
        clicks.result_indicator = Some("actions:link_click".into());
        let t = ad_totals(&[leads.clone(), clicks]);
        assert_eq!((t.results, t.cost_per_result), (None, None));
        assert_eq!(t.result_indicator, None);
        assert_eq!(t.spend, Some(200.0));
        // One kind: summed, and named.
        let t = ad_totals(&[leads.clone(), leads]);
        assert_eq!(t.results, Some(20.0));
        assert_eq!(t.cost_per_result, Some(10.0));
        assert_eq!(t.result_indicator.as_deref(), Some("actions:lead"));
    }

    #[test]
    fn roas_is_value_over_spend() {
        let mut r = row(Some(200.0), None, None, None);
        r.conversion_value = Some(500.0);
        assert_eq!(ad_totals(&[r]).roas, Some(2.5));
    }
}
