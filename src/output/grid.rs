//! The report's tables as rectangles of raw values under stable English
//! column names (the JSON field names), shared by the CSV and XLSX renderers
//! so a column means the same in both and in JSON.

use serde::Serialize;
use serde_json::Value;

use crate::metrics::SetSummary;
use crate::report::Report;

/// One table: column names and rows of JSON values (`Null` = not reported).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Grid {
    /// Flattens serialisable rows through JSON, so nested (`#[serde(flatten)]`)
    /// fields become columns the same way for every table. The columns are
    /// the first row's fields; an empty list gives an empty grid.
    pub fn of<T: Serialize>(rows: impl IntoIterator<Item = T>) -> anyhow::Result<Grid> {
        let mut grid = Grid::default();
        for row in rows {
            let Value::Object(obj) = serde_json::to_value(row)? else {
                anyhow::bail!("a table row is not a JSON object");
            };
            if grid.rows.is_empty() {
                grid.headers = obj.keys().cloned().collect();
            }
            let line = grid
                .headers
                .iter()
                .map(|k| obj.get(k).cloned().unwrap_or(Value::Null))
                .collect();
            grid.rows.push(line);
        }
        Ok(grid)
    }
}

/// A row of the summary table: the whole set or one period.
#[derive(Serialize)]
pub struct SummaryLine<'a> {
    pub period: &'a str,
    pub start: String,
    pub end: String,
    #[serde(flatten)]
    pub summary: &'a SetSummary,
    pub reach_growth: Option<f64>,
    pub reach_mean_growth: Option<f64>,
    pub er_change: Option<f64>,
}

/// The whole set as one summary line, labelled `total`, spanning every period.
pub fn total_line(r: &Report) -> SummaryLine<'_> {
    SummaryLine {
        period: "total",
        start: r
            .periods
            .first()
            .map(|p| p.start.to_string())
            .unwrap_or_default(),
        end: r
            .periods
            .last()
            .map(|p| p.end.to_string())
            .unwrap_or_default(),
        summary: &r.summary,
        reach_growth: None,
        reach_mean_growth: None,
        er_change: None,
    }
}

/// One summary line per period, with its growth against the one before.
pub fn period_lines(r: &Report) -> impl Iterator<Item = SummaryLine<'_>> {
    r.periods.iter().map(|p| SummaryLine {
        period: &p.period,
        start: p.start.to_string(),
        end: p.end.to_string(),
        summary: &p.summary,
        reach_growth: p.reach_growth,
        reach_mean_growth: p.reach_mean_growth,
        er_change: p.er_change,
    })
}

/// A list cell (hashtags) as one text: its items separated by spaces.
pub fn join_list(items: &[Value]) -> String {
    items
        .iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| x.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Inner {
        b: Option<u64>,
        c: &'static str,
    }

    #[derive(Serialize)]
    struct Row {
        a: u64,
        #[serde(flatten)]
        inner: Inner,
    }

    #[test]
    fn flattens_nested_fields_into_columns_in_field_order() {
        let g = Grid::of([
            Row {
                a: 1,
                inner: Inner { b: None, c: "x" },
            },
            Row {
                a: 2,
                inner: Inner { b: Some(5), c: "y" },
            },
        ])
        .unwrap();
        assert_eq!(g.headers, ["a", "b", "c"]);
        assert_eq!(g.rows[0], [Value::from(1), Value::Null, Value::from("x")]);
        assert_eq!(g.rows[1][1], Value::from(5));
    }

    #[test]
    fn an_empty_list_is_an_empty_grid() {
        let g = Grid::of(Vec::<Row>::new()).unwrap();
        assert!(g.headers.is_empty() && g.rows.is_empty());
    }

    #[test]
    fn joins_list_cells_with_spaces() {
        assert_eq!(join_list(&[Value::from("#a"), Value::from("#b")]), "#a #b");
    }
}
