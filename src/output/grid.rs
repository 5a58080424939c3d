//! The report's tables as rows of raw values under stable English column
//! names (the JSON field names), shared by the CSV and XLSX renderers so a
//! column means the same in both and in JSON.

use serde::Serialize;
use serde_json::Value;

use crate::doc::report::{MoneySection, ReportDoc};
use crate::metrics::money::MoneyFigures;
use crate::metrics::SetSummary;

/// One row as a flat JSON object: nested objects (a VK post's
/// `reach_split`) become `parent.child` keys.
fn flat_object<T: Serialize>(row: T) -> anyhow::Result<serde_json::Map<String, Value>> {
    let Value::Object(obj) = serde_json::to_value(row)? else {
        anyhow::bail!("a table row is not a JSON object");
    };
    let mut flat = serde_json::Map::new();
    for (k, v) in obj {
        match v {
            Value::Object(inner) => {
                for (ik, iv) in inner {
                    flat.insert(format!("{k}.{ik}"), iv);
                }
            }
            v => {
                flat.insert(k, v);
            }
        }
    }
    Ok(flat)
}

/// Flattens serialisable rows through JSON one at a time, so nested fields
/// become columns the same way for every table and no table is held in
/// memory twice. The columns are every key of every row, in the order first
/// seen (a field some rows omit still gets its column: a first pass collects
/// them); `each` gets the row's index, the columns, and the row's values in
/// their order (`Null` = not reported). Returns the number of rows.
pub fn flatten<T: Serialize, I>(
    rows: I,
    mut each: impl FnMut(usize, &[String], Vec<Value>) -> anyhow::Result<()>,
) -> anyhow::Result<usize>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Clone,
{
    let rows = rows.into_iter();
    let mut headers: Vec<String> = Vec::new();
    for row in rows.clone() {
        for k in flat_object(row)?.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    // A nested field that is `null` in some rows and an object in others
    // (a post's `web`) is its children's columns alone.
    let parents: Vec<String> = headers
        .iter()
        .filter(|h| {
            let dotted = format!("{h}.");
            headers.iter().any(|o| o.starts_with(&dotted))
        })
        .cloned()
        .collect();
    headers.retain(|h| !parents.contains(h));
    let mut n = 0;
    for row in rows {
        let mut obj = flat_object(row)?;
        let values = headers
            .iter()
            .map(|k| obj.remove(k).unwrap_or(Value::Null))
            .collect();
        each(n, &headers, values)?;
        n += 1;
    }
    Ok(n)
}

/// The report's money (period `all`), then each period's: `--section
/// money` in CSV, the Money by period sheet in XLSX.
pub fn money_lines(m: &MoneySection) -> impl Iterator<Item = MoneyLine<'_>> + Clone {
    std::iter::once(MoneyLine {
        period: "all",
        start: None,
        end: None,
        currency: m.currency.as_deref(),
        money: &m.totals,
    })
    .chain(m.periods.iter().map(move |p| MoneyLine {
        period: &p.period,
        start: Some(p.start),
        end: Some(p.end),
        currency: m.currency.as_deref(),
        money: &p.money,
    }))
}

/// A row of [`money_lines`].
#[derive(Clone, Serialize)]
pub struct MoneyLine<'a> {
    pub period: &'a str,
    pub start: Option<chrono::NaiveDate>,
    pub end: Option<chrono::NaiveDate>,
    pub currency: Option<&'a str>,
    #[serde(flatten)]
    pub money: &'a MoneyFigures,
}

/// A row of the summary table: the whole set or one period.
#[derive(Clone, Serialize)]
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
pub fn total_line(r: &ReportDoc) -> SummaryLine<'_> {
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
pub fn period_lines(r: &ReportDoc) -> impl Iterator<Item = SummaryLine<'_>> + Clone {
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

    #[derive(Clone, Serialize)]
    struct Inner {
        b: Option<u64>,
        c: &'static str,
    }

    #[derive(Clone, Serialize)]
    struct Row {
        a: u64,
        #[serde(flatten)]
        inner: Inner,
    }

    fn collect(rows: Vec<Row>) -> (Vec<String>, Vec<Vec<Value>>) {
        let mut headers = Vec::new();
        let mut lines = Vec::new();
        let n = flatten(rows, |i, h, v| {
            assert_eq!(i, lines.len());
            headers = h.to_vec();
            lines.push(v);
            Ok(())
        })
        .unwrap();
        assert_eq!(n, lines.len());
        (headers, lines)
    }

    #[test]
    fn flattens_nested_fields_into_columns_in_field_order() {
        let (headers, rows) = collect(vec![
            Row {
                a: 1,
                inner: Inner { b: None, c: "x" },
            },
            Row {
                a: 2,
                inner: Inner { b: Some(5), c: "y" },
            },
        ]);
        assert_eq!(headers, ["a", "b", "c"]);
        assert_eq!(rows[0], [Value::from(1), Value::Null, Value::from("x")]);
        assert_eq!(rows[1][1], Value::from(5));
    }

    #[test]
    fn an_empty_list_has_no_rows_and_no_columns() {
        let (headers, rows) = collect(Vec::new());
        assert!(headers.is_empty() && rows.is_empty());
    }

    #[test]
    fn joins_list_cells_with_spaces() {
        assert_eq!(join_list(&[Value::from("#a"), Value::from("#b")]), "#a #b");
    }
}
