//! From clicks to money (docs/metrics.md#money): what was spent and earned
//! against what the posts delivered — conversion rate, CAC, ROI, CPE and
//! CPC. Each is `None` when its denominator is 0, below 0 or not reported.

use serde::Serialize;

use super::rate::pct;
use crate::model::CostRow;

/// conversions / link_clicks × 100, in %.
pub fn conversion_rate(conversions: Option<f64>, link_clicks: Option<i64>) -> Option<f64> {
    per(conversions, link_clicks.map(|c| c as f64)).and_then(|x| pct(x, 1.0))
}

/// Customer acquisition cost: spend / new_customers.
pub fn cac(spend: Option<f64>, new_customers: Option<u64>) -> Option<f64> {
    per(spend, new_customers.map(|c| c as f64))
}

/// Return on spend: (revenue − spend) / spend × 100, in %.
pub fn roi(revenue: Option<f64>, spend: Option<f64>) -> Option<f64> {
    per(revenue? - spend?, spend).and_then(|x| pct(x, 1.0))
}

/// Cost per engagement: spend / interactions.
pub fn cpe(spend: Option<f64>, interactions: Option<i64>) -> Option<f64> {
    per(spend, interactions.map(|c| c as f64))
}

/// Cost per click: spend / link_clicks.
pub fn cpc(spend: Option<f64>, link_clicks: Option<i64>) -> Option<f64> {
    per(spend, link_clicks.map(|c| c as f64))
}

/// `num / den`, `None` unless both are reported and `den` is above 0.
fn per(num: impl Into<Option<f64>>, den: Option<f64>) -> Option<f64> {
    let (n, d) = (num.into()?, den?);
    (d > 0.0 && n.is_finite() && d.is_finite()).then(|| n / d)
}

/// The sums of some rows of a costs file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostSums {
    /// Rows summed.
    pub rows: u64,
    pub spend: Option<f64>,
    pub revenue: Option<f64>,
    pub new_customers: Option<u64>,
    pub conversions: Option<f64>,
}

fn add_f(acc: Option<f64>, v: Option<f64>) -> Option<f64> {
    match v {
        Some(x) => Some(acc.unwrap_or(0.0) + x),
        None => acc,
    }
}

/// Σ of each money field over the rows reporting it; `None` when none does.
pub fn cost_sums<'a>(rows: impl IntoIterator<Item = &'a CostRow>) -> CostSums {
    let mut s = CostSums::default();
    for r in rows {
        s.rows += 1;
        s.spend = add_f(s.spend, r.spend);
        s.revenue = add_f(s.revenue, r.revenue);
        s.conversions = add_f(s.conversions, r.conversions);
        if let Some(n) = r.new_customers {
            s.new_customers = Some(s.new_customers.unwrap_or(0).saturating_add(n));
        }
    }
    s
}

/// Where `conversions` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConversionsFrom {
    /// The costs file's conversions column.
    Costs,
    /// The web analytics joined to the posts (`--web`).
    Web,
}

/// What the posts of a set delivered, which the money is set against.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Delivered {
    pub posts: u64,
    pub link_clicks: Option<i64>,
    pub interactions: Option<i64>,
    /// Σ visits of the web-analytics rows joined to the set.
    pub visits: Option<u64>,
    /// Σ conversions of those rows.
    pub web_conversions: Option<f64>,
}

/// The money figures of a set of posts (the report, a campaign, a period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MoneyFigures {
    /// Posts in the set.
    pub posts: u64,
    /// Σ link clicks of the posts.
    pub link_clicks: Option<i64>,
    /// Σ interactions of the posts.
    pub interactions: Option<i64>,
    /// Σ visits of the web-analytics rows joined to the posts (`--web`).
    pub visits: Option<u64>,
    /// Σ spend of the costs rows.
    pub spend: Option<f64>,
    /// Σ revenue of the costs rows.
    pub revenue: Option<f64>,
    /// Σ new customers of the costs rows.
    pub new_customers: Option<u64>,
    /// Σ conversions: the costs rows' when they report any, else the
    /// joined web analytics'.
    pub conversions: Option<f64>,
    /// `costs` or `web`: where `conversions` came from; `null` without them.
    pub conversions_from: Option<ConversionsFrom>,
    /// conversions / link_clicks × 100, in %.
    pub conversion_rate: Option<f64>,
    /// spend / new_customers.
    pub cac: Option<f64>,
    /// (revenue − spend) / spend × 100, in %.
    pub roi: Option<f64>,
    /// spend / interactions.
    pub cpe: Option<f64>,
    /// spend / link_clicks.
    pub cpc: Option<f64>,
}

/// The money figures of what a set delivered against its costs.
pub fn money_figures(d: &Delivered, c: &CostSums) -> MoneyFigures {
    let (conversions, conversions_from) = match (c.conversions, d.web_conversions) {
        (Some(x), _) => (Some(x), Some(ConversionsFrom::Costs)),
        (None, Some(x)) => (Some(x), Some(ConversionsFrom::Web)),
        (None, None) => (None, None),
    };
    MoneyFigures {
        posts: d.posts,
        link_clicks: d.link_clicks,
        interactions: d.interactions,
        visits: d.visits,
        spend: c.spend,
        revenue: c.revenue,
        new_customers: c.new_customers,
        conversions,
        conversions_from,
        conversion_rate: conversion_rate(conversions, d.link_clicks),
        cac: cac(c.spend, c.new_customers),
        roi: roi(c.revenue, c.spend),
        cpe: cpe(c.spend, d.interactions),
        cpc: cpc(c.spend, d.link_clicks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a value");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn the_worked_example() {
        // Spend 30,000, revenue 90,000, 12 new customers, 330 link clicks,
        // 28 conversions, 570 interactions:
        // conversion rate 28 / 330 × 100 = 8.4848…; CAC 30,000 / 12 = 2,500;
        // ROI (90,000 − 30,000) / 30,000 × 100 = 200; CPE 30,000 / 570 =
        // 52.6315…; CPC 30,000 / 330 = 90.9090…
        close(conversion_rate(Some(28.0), Some(330)), 2800.0 / 330.0);
        close(cac(Some(30_000.0), Some(12)), 2500.0);
        close(roi(Some(90_000.0), Some(30_000.0)), 200.0);
        close(cpe(Some(30_000.0), Some(570)), 30_000.0 / 570.0);
        close(cpc(Some(30_000.0), Some(330)), 30_000.0 / 330.0);
        assert_eq!(
            format!("{:.2}", conversion_rate(Some(28.0), Some(330)).unwrap()),
            "8.48"
        );
        assert_eq!(
            format!("{:.2}", cpe(Some(30_000.0), Some(570)).unwrap()),
            "52.63"
        );
        assert_eq!(
            format!("{:.2}", cpc(Some(30_000.0), Some(330)).unwrap()),
            "90.91"
        );
    }

    #[test]
    fn a_zero_denominator_gives_none() {
        assert_eq!(conversion_rate(Some(5.0), Some(0)), None);
        assert_eq!(cac(Some(100.0), Some(0)), None);
        assert_eq!(roi(Some(100.0), Some(0.0)), None);
        assert_eq!(cpe(Some(100.0), Some(0)), None);
        assert_eq!(cpc(Some(100.0), Some(0)), None);
    }

    #[test]
    fn a_denominator_not_reported_gives_none() {
        assert_eq!(conversion_rate(Some(5.0), None), None);
        assert_eq!(cac(Some(100.0), None), None);
        assert_eq!(roi(Some(100.0), None), None);
        assert_eq!(cpe(Some(100.0), None), None);
        assert_eq!(cpc(Some(100.0), None), None);
    }

    #[test]
    fn a_numerator_not_reported_gives_none() {
        assert_eq!(conversion_rate(None, Some(10)), None);
        assert_eq!(cac(None, Some(3)), None);
        assert_eq!(roi(None, Some(100.0)), None);
        assert_eq!(cpe(None, Some(10)), None);
        assert_eq!(cpc(None, Some(10)), None);
    }

    #[test]
    fn a_negative_denominator_gives_none() {
        // Interactions may be a net loss (docs/metrics.md#net-changes): no
        // cost per engagement of a loss; nor a return on a refund.
        assert_eq!(cpe(Some(100.0), Some(-4)), None);
        assert_eq!(cpc(Some(100.0), Some(-1)), None);
        assert_eq!(conversion_rate(Some(1.0), Some(-1)), None);
        assert_eq!(roi(Some(10.0), Some(-5.0)), None);
    }

    #[test]
    fn a_loss_is_a_negative_roi_and_zero_conversions_a_zero_rate() {
        // (50 − 200) / 200 × 100 = −75
        close(roi(Some(50.0), Some(200.0)), -75.0);
        close(conversion_rate(Some(0.0), Some(40)), 0.0);
        close(cac(Some(0.0), Some(4)), 0.0);
    }

    fn row(
        spend: Option<f64>,
        revenue: Option<f64>,
        new: Option<u64>,
        conv: Option<f64>,
    ) -> CostRow {
        CostRow {
            spend,
            revenue,
            new_customers: new,
            conversions: conv,
            ..Default::default()
        }
    }

    #[test]
    fn sums_add_the_rows_reporting_each_field() {
        let rows = [
            row(Some(100.0), Some(300.0), Some(2), None),
            row(Some(50.5), None, Some(1), Some(4.0)),
            row(None, None, None, None),
        ];
        let s = cost_sums(&rows);
        assert_eq!(s.rows, 3);
        assert_eq!(s.spend, Some(150.5));
        assert_eq!(s.revenue, Some(300.0));
        assert_eq!(s.new_customers, Some(3));
        assert_eq!(s.conversions, Some(4.0));
        let none = cost_sums(&[row(None, None, None, None)]);
        assert_eq!(
            (
                none.spend,
                none.revenue,
                none.new_customers,
                none.conversions
            ),
            (None, None, None, None)
        );
        assert_eq!(cost_sums(&[]).rows, 0);
    }

    #[test]
    fn conversions_come_from_costs_else_from_the_web() {
        let d = Delivered {
            posts: 3,
            link_clicks: Some(330),
            interactions: Some(570),
            visits: Some(300),
            web_conversions: Some(11.0),
        };
        let costs = CostSums {
            rows: 1,
            spend: Some(30_000.0),
            revenue: Some(90_000.0),
            new_customers: Some(12),
            conversions: Some(28.0),
        };
        let m = money_figures(&d, &costs);
        assert_eq!(m.conversions, Some(28.0));
        assert_eq!(m.conversions_from, Some(ConversionsFrom::Costs));
        close(m.conversion_rate, 2800.0 / 330.0);
        close(m.cac, 2500.0);
        close(m.roi, 200.0);
        close(m.cpe, 30_000.0 / 570.0);
        close(m.cpc, 30_000.0 / 330.0);
        assert_eq!((m.posts, m.visits), (3, Some(300)));
        assert_eq!((m.link_clicks, m.interactions), (Some(330), Some(570)));
        assert_eq!(
            (m.spend, m.revenue, m.new_customers),
            (Some(30_000.0), Some(90_000.0), Some(12))
        );
        let web = money_figures(
            &d,
            &CostSums {
                conversions: None,
                ..costs.clone()
            },
        );
        assert_eq!(web.conversions, Some(11.0));
        assert_eq!(web.conversions_from, Some(ConversionsFrom::Web));
        close(web.conversion_rate, 1100.0 / 330.0);
        let neither = money_figures(
            &Delivered {
                web_conversions: None,
                ..d
            },
            &CostSums::default(),
        );
        assert_eq!(
            (neither.conversions, neither.conversions_from),
            (None, None)
        );
        assert_eq!(
            (neither.conversion_rate, neither.cac, neither.roi),
            (None, None, None)
        );
        assert_eq!((neither.cpe, neither.cpc), (None, None));
    }
}
