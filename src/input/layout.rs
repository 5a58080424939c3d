//! What the rows around a table are: how far down titles may push the
//! header, and the totals rows exports add that are never posts.

use super::aliases::normalize;

/// How many rows from the top may be titles above the header.
pub const MAX_PREAMBLE_ROWS: usize = 30;

/// First-cell values that mark a totals or averages row, not a post.
const TOTALS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "sum",
    "итого",
    "итого и средние",
    "итоговое значение",
    "итоговые значения",
    "всего",
    "итог",
    "сумма",
    "среднее",
    "средние",
    "total general",
    "totales",
    "totais",
    "average",
    "averages",
];

pub fn is_totals_cell(s: &str) -> bool {
    // Every totals label is short; captions and ids are not worth folding.
    if s.len() > 48 || s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    // Google Ads closes its reports with `Total: Account`, `Total: Search`, ...
    if let Some((head, _)) = s.trim().split_once(':') {
        if matches!(
            normalize(head).as_str(),
            "total" | "итого" | "всего" | "total general"
        ) {
            return true;
        }
    }
    let n = normalize(s);
    !n.is_empty() && TOTALS.contains(&n.as_str())
}

/// A totals-like row that holds averages, not sums (`Average`, `Среднее`):
/// it is skipped as a totals row, but its figures are not totals.
pub fn is_averages_cell(s: &str) -> bool {
    matches!(
        normalize(s).as_str(),
        "average" | "averages" | "среднее" | "средние" | "promedio" | "média"
    )
}
