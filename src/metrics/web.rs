//! Totals of a web-analytics table. Counts are summed over the rows that
//! report them; rates and means are weighted by the rows' visits, which is
//! how Metrica and GA4 compute their own totals (docs/metrics.md#web).

use serde::Serialize;

use super::rate::pct;
use crate::model::{FigureKind, WebFigure, WebRow};

/// The figures of a whole web-analytics table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebTotals {
    /// Rows summed.
    pub rows: u64,
    /// Σ visits (sessions).
    pub visits: Option<u64>,
    /// Σ users. Users are not additive across rows (one person may come by
    /// several sources): this is an upper bound, as in the exports' own totals.
    pub users: Option<u64>,
    pub new_users: Option<u64>,
    /// Σ new users / Σ users × 100 over rows reporting both.
    pub new_user_share: Option<f64>,
    /// Visit-weighted bounce rate, in %.
    pub bounce_rate: Option<f64>,
    /// Visit-weighted engagement rate, in %.
    pub engagement_rate: Option<f64>,
    /// Visit-weighted pages per visit.
    pub page_depth: Option<f64>,
    /// Visit-weighted mean visit duration, in seconds.
    pub avg_duration_secs: Option<f64>,
    pub conversions: Option<f64>,
    /// Σ conversions / Σ visits × 100 over rows reporting both.
    pub conversion_rate: Option<f64>,
    pub leads: Option<u64>,
    pub revenue: Option<f64>,
    pub clicks: Option<u64>,
    pub impressions: Option<u64>,
    pub cost: Option<f64>,
    /// Σ clicks / Σ impressions × 100 over rows reporting both.
    pub ad_ctr: Option<f64>,
    /// Σ cost / Σ clicks over rows reporting both.
    pub cpc: Option<f64>,
    /// (Σ revenue − Σ cost) / Σ cost × 100 over rows reporting both.
    pub roi: Option<f64>,
}

fn sum_u(rows: &[WebRow], f: impl Fn(&WebRow) -> Option<u64>) -> Option<u64> {
    rows.iter()
        .filter_map(f)
        .fold(None, |a, v| Some(a.unwrap_or(0u64).saturating_add(v)))
}

fn sum_f(rows: &[WebRow], f: impl Fn(&WebRow) -> Option<f64>) -> Option<f64> {
    rows.iter()
        .filter_map(f)
        .fold(None, |a, v| Some(a.unwrap_or(0.0) + v))
}

/// Σ num / Σ den over rows reporting both (den > 0).
fn ratio<'a>(
    rows: impl IntoIterator<Item = &'a WebRow>,
    num: impl Fn(&WebRow) -> Option<f64>,
    den: impl Fn(&WebRow) -> Option<f64>,
) -> Option<f64> {
    let (mut n, mut d) = (0.0, 0.0);
    for r in rows {
        if let (Some(x), Some(y)) = (num(r), den(r)) {
            if y > 0.0 {
                n += x;
                d += y;
            }
        }
    }
    (d > 0.0).then(|| n / d)
}

/// Mean of a per-row figure weighted by the row's visits.
fn visit_weighted<'a>(
    rows: impl IntoIterator<Item = &'a WebRow>,
    f: impl Fn(&WebRow) -> Option<f64>,
) -> Option<f64> {
    ratio(
        rows,
        |r| Some(f(r)? * r.visits? as f64),
        |r| f(r).and(r.visits.map(|v| v as f64)),
    )
}

/// Totals of a table's rows.
pub fn web_totals(rows: &[WebRow]) -> WebTotals {
    let visits = |r: &WebRow| r.visits.map(|v| v as f64);
    WebTotals {
        rows: rows.len() as u64,
        visits: sum_u(rows, |r| r.visits),
        users: sum_u(rows, |r| r.users),
        new_users: sum_u(rows, |r| r.new_users),
        new_user_share: ratio(
            rows,
            |r| r.new_users.map(|v| v as f64),
            |r| r.users.map(|v| v as f64),
        )
        .and_then(|x| pct(x, 1.0)),
        bounce_rate: visit_weighted(rows, |r| r.bounce_rate),
        engagement_rate: visit_weighted(rows, |r| r.engagement_rate),
        page_depth: visit_weighted(rows, |r| r.page_depth),
        avg_duration_secs: visit_weighted(rows, |r| r.avg_duration_secs),
        conversions: sum_f(rows, |r| r.conversions),
        conversion_rate: ratio(rows, |r| r.conversions, visits).and_then(|x| pct(x, 1.0)),
        leads: sum_u(rows, |r| r.leads),
        revenue: sum_f(rows, |r| r.revenue),
        clicks: sum_u(rows, |r| r.clicks),
        impressions: sum_u(rows, |r| r.impressions),
        cost: sum_f(rows, |r| r.cost),
        ad_ctr: ratio(
            rows,
            |r| r.clicks.map(|v| v as f64),
            |r| r.impressions.map(|v| v as f64),
        )
        .and_then(|x| pct(x, 1.0)),
        cpc: ratio(rows, |r| r.cost, |r| r.clicks.map(|v| v as f64)),
        roi: ratio(
            rows,
            |r| Some(r.revenue? - r.cost?),
            |r| r.revenue.and(r.cost),
        )
        .and_then(|x| pct(x, 1.0)),
    }
}

/// The figures of web-analytics rows joined to posts (docs/metrics.md#web-join):
/// of one post's tag, one campaign, one period or every row joined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebFigures {
    /// Rows the figures are made of.
    pub rows: u64,
    /// Σ visits (sessions) over the rows reporting them.
    pub visits: Option<u64>,
    /// Share of visits that bounced, in %, weighted by visits.
    pub bounce_rate: Option<f64>,
    /// Mean time on site per visit, in seconds, weighted by visits.
    pub time_on_site: Option<f64>,
    /// Pages per visit, weighted by visits.
    pub depth: Option<f64>,
    /// Share of new visitors, in %, weighted by visits: each row's own
    /// share, else its new users / users × 100.
    pub new_share: Option<f64>,
    /// Σ conversions (goal completions, key events) over the rows reporting them.
    pub conversions: Option<f64>,
}

/// A row's share of new visitors, in %: the export's own figure, else new
/// users / users × 100 (`None` without users).
pub fn row_new_share(r: &WebRow) -> Option<f64> {
    r.new_share.or_else(|| {
        let users = r.users.filter(|u| *u > 0)? as f64;
        Some(r.new_users? as f64 / users * 100.0)
    })
}

/// The figures of a set of rows: sums of visits and conversions, the rest
/// weighted by visits, each over the rows reporting it (and visits > 0).
pub fn web_figures<'a, I>(rows: I) -> WebFigures
where
    I: IntoIterator<Item = &'a WebRow>,
    I::IntoIter: Clone,
{
    let rows = rows.into_iter();
    WebFigures {
        rows: rows.clone().count() as u64,
        visits: rows
            .clone()
            .filter_map(|r| r.visits)
            .fold(None, |a, v| Some(a.unwrap_or(0u64).saturating_add(v))),
        bounce_rate: visit_weighted(rows.clone(), |r| r.bounce_rate),
        time_on_site: visit_weighted(rows.clone(), |r| r.avg_duration_secs),
        depth: visit_weighted(rows.clone(), |r| r.page_depth),
        new_share: visit_weighted(rows.clone(), row_new_share),
        conversions: rows
            .filter_map(|r| r.conversions)
            .fold(None, |a, v| Some(a.unwrap_or(0.0) + v)),
    }
}

/// The total of one of a table's other number columns.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FigureTotal {
    /// The header.
    pub name: String,
    /// `count`, `people` or `rate` (see [`FigureKind`]).
    pub kind: FigureKind,
    /// Σ over the rows reporting it for a `count` or `people` column (for
    /// `people`, an upper bound of the people: one counted once per row);
    /// `null` for a `rate`, and when no row reports it.
    pub total: Option<f64>,
}

/// The totals of a table's other number columns (`figures[i]` is the value
/// of column `i` in each row's `figures`).
pub fn figure_totals(figures: &[WebFigure], rows: &[WebRow]) -> Vec<FigureTotal> {
    figures
        .iter()
        .enumerate()
        .map(|(i, f)| FigureTotal {
            name: f.name.clone(),
            kind: f.kind,
            total: match f.kind {
                FigureKind::Rate => None,
                FigureKind::Count | FigureKind::People => {
                    sum_f(rows, |r| r.figures.get(i).copied().flatten())
                }
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_number_columns_sum_unless_they_are_rates() {
        let fig = |name: &str, kind| WebFigure {
            name: name.to_string(),
            kind,
        };
        let figures = [
            fig("Event count", FigureKind::Count),
            fig("Returning users", FigureKind::People),
            fig("Event count per active user", FigureKind::Rate),
        ];
        let row = |v: [Option<f64>; 3]| WebRow {
            figures: v.to_vec(),
            ..Default::default()
        };
        let t = figure_totals(
            &figures,
            &[
                row([Some(10.0), Some(3.0), Some(2.5)]),
                row([Some(5.0), None, Some(1.0)]),
            ],
        );
        assert_eq!(t[0].total, Some(15.0));
        assert_eq!(t[1].total, Some(3.0));
        assert_eq!(t[2].total, None, "a rate has no total");
        let none = figure_totals(&figures, &[row([None, None, None])]);
        assert_eq!((none[0].total, none[1].total), (None, None));
        assert!(figure_totals(&[], &[]).is_empty());
    }

    fn row(visits: Option<u64>, bounce: Option<f64>) -> WebRow {
        WebRow {
            visits,
            bounce_rate: bounce,
            ..Default::default()
        }
    }

    #[test]
    fn rates_are_weighted_by_visits() {
        // (100 × 50 + 300 × 10) / 400 = 20
        let t = web_totals(&[row(Some(100), Some(50.0)), row(Some(300), Some(10.0))]);
        assert_eq!(t.visits, Some(400));
        assert_eq!(t.bounce_rate, Some(20.0));
    }

    #[test]
    fn rows_without_visits_do_not_weigh() {
        let t = web_totals(&[row(None, Some(90.0)), row(Some(10), Some(30.0))]);
        assert_eq!(t.bounce_rate, Some(30.0));
        assert_eq!(t.visits, Some(10));
    }

    #[test]
    fn nothing_reported_is_null_not_zero() {
        let t = web_totals(&[row(None, None)]);
        assert_eq!(
            (t.visits, t.bounce_rate, t.conversion_rate),
            (None, None, None)
        );
        let z = web_totals(&[row(Some(0), Some(50.0))]);
        assert_eq!(z.bounce_rate, None, "zero visits weigh nothing");
        assert_eq!(web_totals(&[]).rows, 0);
    }

    #[test]
    fn ads_ctr_cpc_and_roi() {
        let r = WebRow {
            clicks: Some(50),
            impressions: Some(1000),
            cost: Some(100.0),
            revenue: Some(250.0),
            visits: Some(40),
            conversions: Some(4.0),
            ..Default::default()
        };
        let t = web_totals(&[r]);
        assert_eq!(t.ad_ctr, Some(5.0));
        assert_eq!(t.cpc, Some(2.0));
        assert_eq!(t.roi, Some(150.0));
        assert_eq!(t.conversion_rate, Some(10.0));
        let free = web_totals(&[WebRow {
            cost: Some(0.0),
            revenue: Some(10.0),
            clicks: Some(0),
            impressions: Some(0),
            ..Default::default()
        }]);
        assert_eq!((free.roi, free.cpc, free.ad_ctr), (None, None, None));
    }

    #[test]
    fn money_sums_over_the_rows_that_report_it() {
        let t = web_totals(&[
            WebRow {
                conversions: Some(4.0),
                revenue: Some(250.5),
                cost: Some(100.0),
                ..Default::default()
            },
            WebRow {
                conversions: Some(6.5),
                cost: Some(50.25),
                ..Default::default()
            },
            WebRow::default(),
        ]);
        assert_eq!(t.conversions, Some(10.5));
        assert_eq!(t.revenue, Some(250.5));
        assert_eq!(t.cost, Some(150.25));
        let none = web_totals(&[WebRow::default()]);
        assert_eq!(
            (none.conversions, none.revenue, none.cost),
            (None, None, None)
        );
    }

    #[test]
    fn a_row_with_a_zero_denominator_weighs_nothing_in_a_ratio() {
        // Cost 100 for 0 clicks is left out of CPC: 50 / 10, not 150 / 10.
        let t = web_totals(&[
            WebRow {
                cost: Some(100.0),
                clicks: Some(0),
                ..Default::default()
            },
            WebRow {
                cost: Some(50.0),
                clicks: Some(10),
                ..Default::default()
            },
        ]);
        assert_eq!(t.cpc, Some(5.0));
        let cost = |r: &WebRow| r.cost;
        let clicks = |r: &WebRow| r.clicks.map(|v| v as f64);
        assert_eq!(
            ratio(
                &[WebRow {
                    cost: Some(9.0),
                    clicks: Some(0),
                    ..Default::default()
                }],
                cost,
                clicks
            ),
            None
        );
        assert_eq!(ratio(&[], cost, clicks), None);
    }

    #[test]
    fn joined_figures_weigh_rates_by_visits_and_sum_counts() {
        let a = WebRow {
            visits: Some(100),
            bounce_rate: Some(20.0),
            avg_duration_secs: Some(60.0),
            page_depth: Some(2.0),
            new_share: Some(80.0),
            conversions: Some(3.0),
            ..Default::default()
        };
        let b = WebRow {
            visits: Some(300),
            bounce_rate: Some(40.0),
            avg_duration_secs: Some(120.0),
            page_depth: Some(4.0),
            users: Some(200),
            new_users: Some(100),
            conversions: Some(5.5),
            ..Default::default()
        };
        let f = web_figures([&a, &b]);
        assert_eq!(f.rows, 2);
        assert_eq!(f.visits, Some(400));
        // (100 × 20 + 300 × 40) / 400 = 35
        assert_eq!(f.bounce_rate, Some(35.0));
        // (100 × 60 + 300 × 120) / 400 = 105
        assert_eq!(f.time_on_site, Some(105.0));
        // (100 × 2 + 300 × 4) / 400 = 3.5
        assert_eq!(f.depth, Some(3.5));
        // b's share is 100 / 200 × 100 = 50: (100 × 80 + 300 × 50) / 400 = 57.5
        assert_eq!(f.new_share, Some(57.5));
        assert_eq!(f.conversions, Some(8.5));
    }

    #[test]
    fn joined_figures_of_nothing_reported_are_null() {
        let none = web_figures(&[WebRow::default()]);
        assert_eq!(none.rows, 1);
        assert_eq!(
            (none.visits, none.bounce_rate, none.time_on_site),
            (None, None, None)
        );
        assert_eq!(
            (none.depth, none.new_share, none.conversions),
            (None, None, None)
        );
        let empty = web_figures(&[]);
        assert_eq!((empty.rows, empty.visits), (0, None));
        // Zero visits weigh nothing: the rate is undefined, the sum is 0.
        let zero = web_figures(&[WebRow {
            visits: Some(0),
            bounce_rate: Some(50.0),
            ..Default::default()
        }]);
        assert_eq!((zero.visits, zero.bounce_rate), (Some(0), None));
    }

    #[test]
    fn a_rows_new_share_is_its_own_else_new_over_all_users() {
        let own = WebRow {
            new_share: Some(70.0),
            users: Some(10),
            new_users: Some(1),
            ..Default::default()
        };
        assert_eq!(row_new_share(&own), Some(70.0));
        let derived = WebRow {
            users: Some(8),
            new_users: Some(2),
            ..Default::default()
        };
        assert_eq!(row_new_share(&derived), Some(25.0));
        let no_users = WebRow {
            users: Some(0),
            new_users: Some(0),
            ..Default::default()
        };
        assert_eq!(row_new_share(&no_users), None);
        let no_new = WebRow {
            users: Some(5),
            ..Default::default()
        };
        assert_eq!(row_new_share(&no_new), None);
    }

    #[test]
    fn new_user_share() {
        let t = web_totals(&[WebRow {
            users: Some(200),
            new_users: Some(50),
            ..Default::default()
        }]);
        assert_eq!(t.new_user_share, Some(25.0));
    }
}
