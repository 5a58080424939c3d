//! What the rows around a table are: how far down titles may push the
//! header, and the totals rows exports add that are never posts.

use super::aliases::normalize;
use super::text::Row;
use super::values;

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

/// A header written over two rows, as analytics services' workbooks write
/// one: a group title above the columns it spans (`Подписчиков` over
/// `Всего`, `Прирост`), and single headers (`Дата`) spanning both rows. The
/// index of the upper row and the header merged into one row (`Подписчиков /
/// Всего`), when two rows among the first are laid out so and the merged row
/// reads better than either (by `score`, the fields a header row maps).
pub fn grouped_header(
    rows: &[Row],
    score: impl Fn(&[String]) -> usize,
) -> Option<(usize, Vec<String>)> {
    fn cell(r: &Row, c: usize) -> &str {
        r.cells.get(c).map(|s| s.trim()).unwrap_or("")
    }
    for i in 0..rows.len().min(MAX_PREAMBLE_ROWS).saturating_sub(1) {
        let (top, sub) = (&rows[i], &rows[i + 1]);
        let width = top.cells.len().max(sub.cells.len());
        // A group: a title with an empty cell right of it, headers under both.
        let grouped = (0..width.saturating_sub(1)).any(|c| {
            !cell(top, c).is_empty()
                && cell(top, c + 1).is_empty()
                && !cell(sub, c).is_empty()
                && !cell(sub, c + 1).is_empty()
        });
        // The lower row is headers, not a row of figures or dates.
        let texts = sub.cells.iter().all(|c| {
            let c = c.trim();
            c.is_empty()
                || (values::parse_number(c).is_err()
                    && values::parse_timestamp(c, &values::DateContext::default()).is_none())
        });
        let Some(first) = (0..width).find(|&c| !cell(top, c).is_empty()) else {
            continue;
        };
        let under = (0..first).all(|c| cell(sub, c).is_empty());
        if !(grouped && texts && under) {
            continue;
        }
        let mut group = "";
        let merged: Vec<String> = (0..width)
            .map(|c| {
                let (t, b) = (cell(top, c), cell(sub, c));
                if !t.is_empty() {
                    group = t;
                }
                if b.is_empty() {
                    t.to_string()
                } else {
                    format!("{group} / {b}")
                }
            })
            .collect();
        if score(&merged) > score(&top.cells).max(score(&sub.cells)) {
            return Some((i, merged));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Counts the cells a reader knows, as `header_score` does.
    fn known(cells: &[String]) -> usize {
        const KNOWN: &[&str] = &["Дата", "Охват", "Лайки", "Подписчиков / Всего"];
        cells.iter().filter(|c| KNOWN.contains(&c.as_str())).count()
    }

    #[test]
    fn a_group_title_above_its_columns_is_merged_into_them() {
        let rows = vec![
            row(1, &["Статистика канала"]),
            row(2, &["Дата", "Подписчиков", "", "", "Охват"]),
            row(3, &["", "Всего", "Пришло", "Ушло", ""]),
            row(4, &["01.03.2026", "1000", "12", "3", "500"]),
        ];
        let (i, merged) = grouped_header(&rows, known).unwrap();
        assert_eq!(i, 1);
        assert_eq!(
            merged,
            [
                "Дата",
                "Подписчиков / Всего",
                "Подписчиков / Пришло",
                "Подписчиков / Ушло",
                "Охват"
            ]
        );
    }

    #[test]
    fn a_header_above_a_row_of_figures_is_not_a_group() {
        let rows = vec![
            row(1, &["Дата", "Охват", "", "Лайки"]),
            row(2, &["01.03.2026", "10", "5", "3"]),
        ];
        assert_eq!(grouped_header(&rows, known), None);
        // A title over one header row: no column under the title's gap.
        let rows = vec![row(1, &["Отчёт", ""]), row(2, &["", "Охват"])];
        assert_eq!(grouped_header(&rows, known), None);
    }
}
