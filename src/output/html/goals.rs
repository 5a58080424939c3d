//! `goals` as a page: a card per goal (progress and status), the goals
//! table with progress bars, the SMART checks, and for each goal its values
//! by period with the projection line and the target.

use super::chart::{self, Axis, Scale, CHART_W, LEFT, RIGHT};
use super::{esc, note, put, table, table_with, Card, HtmlRenderer, Page};
use crate::doc::figures::{is_count, is_rate};
use crate::doc::goals::{GoalRow, GoalsDoc};
use crate::metrics::goals::{least_squares, period_index, Point};
use crate::output::view::goals::{self as view, fmt_value, status_label};
use crate::output::{decimal, Lang, Render};

/// Columns of the goals table (`view::goals::doc`) drawn as markup.
const DEADLINE_COLUMN: usize = 5;
const PROGRESS_COLUMN: usize = 6;
const STATUS_COLUMN: usize = 10;

impl Render<GoalsDoc> for HtmlRenderer {
    fn render(&self, d: &GoalsDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let doc = view::doc(d, l);
        let mut page = Page::new(l, "goals", &doc.title);
        let sub = format!(
            "{} {} · {} {}",
            l.pick("as of", "на дату"),
            d.as_of,
            l.pick("generated", "сформирован"),
            self.today
        );
        page.header(&doc.title, Some(&sub), &doc.lines);
        page.cards(&d.goals.iter().map(|g| card(g, l)).collect::<Vec<_>>());
        for (i, sec) in doc.sections.iter().enumerate() {
            page.section(&format!("goals-{i}"), &sec.title, |h| {
                if i == 0 {
                    table_with(h, sec, |row, col, text| {
                        let g = d.goals.get(row)?;
                        match col {
                            DEADLINE_COLUMN => {
                                Some(format!("<span class=\"nowrap\">{}</span>", esc(text)))
                            }
                            PROGRESS_COLUMN => Some(progress_bar(g.progress, text, l)),
                            STATUS_COLUMN => Some(status_badge(g, text)),
                            _ => None,
                        }
                    });
                } else {
                    table(h, sec);
                }
            });
        }
        for (i, g) in d.goals.iter().enumerate() {
            page.section(&format!("goal-{i}"), &g.name, |h| goal_chart(h, g, l));
        }
        Ok(page.finish())
    }
}

/// A goal at a glance: its progress, status, and where it stands against
/// the target.
fn card(g: &GoalRow, l: Lang) -> Card {
    let m = g.metric.as_str();
    Card {
        label: g.name.clone(),
        value: g
            .progress
            .filter(|p| p.is_finite())
            .map_or("—".to_string(), |p| format!("{} %", decimal(p, 0, l))),
        formula: format!(
            "{} {} → {} {} {}",
            fmt_value(m, g.current, l),
            l.pick("now", "сейчас"),
            fmt_value(m, Some(g.target), l),
            l.pick("by", "к"),
            g.deadline
        ),
        badge: Some(format!(" {}", status_badge(g, status_label(g.status, l)))),
    }
}

/// The share of the way from baseline to target as a bar (clamped to
/// 0–100 %) and the number as it is.
fn progress_bar(progress: Option<f64>, text: &str, l: Lang) -> String {
    let Some(p) = progress.filter(|p| p.is_finite()) else {
        return esc(text).into_owned();
    };
    format!(
        "<span class=\"nowrap\"><span class=\"progress\"><span style=\"width: {:.0}%\"></span></span>{}</span>",
        p.clamp(0.0, 100.0),
        esc(&format!("{} %", decimal(p, 0, l)))
    )
}

fn status_badge(g: &GoalRow, text: &str) -> String {
    format!(
        "<span class=\"status status-{}\">{}</span>",
        esc(g.status.name()),
        esc(text)
    )
}

/// A goal's values by period (points joined by a line), the least-squares
/// line from the baseline's period to the deadline (dashed) and the target
/// (red, dashed), over the periods from the first value to the deadline.
fn goal_chart(h: &mut String, g: &GoalRow, l: Lang) {
    let (Some(first), Some(last)) = (g.series.first(), g.series.last()) else {
        note(h, l.pick("No values to draw.", "Нет значений для графика."));
        return;
    };
    let deadline = period_index(g.period, g.deadline);
    let (x0, x1) = (first.index, deadline.max(last.index));
    if x1 - x0 > 400 {
        note(
            h,
            l.pick(
                "Too many periods to draw up to the deadline.",
                "Слишком много периодов до срока для графика.",
            ),
        );
        return;
    }
    let from = g
        .series
        .iter()
        .find(|v| Some(&v.period) == g.baseline_period.as_ref())
        .map_or(first.index, |v| v.index);
    let fitted: Vec<Point> = g
        .series
        .iter()
        .filter(|v| v.index >= from)
        .map(|v| v.point())
        .collect();
    let line = least_squares(&fitted);
    let mut ys: Vec<f64> = g.series.iter().map(|v| v.value).collect();
    ys.push(g.target);
    if let Some((a, b)) = line {
        ys.push(a * from as f64 + b);
        ys.push(a * x1 as f64 + b);
    }
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let m = g.metric.as_str();
    let (scale, whole) = if is_rate(m) {
        (Scale::Percent, false)
    } else if is_count(m) {
        (Scale::Count, true)
    } else {
        (Scale::Number, false)
    };
    let axis = Axis::new(lo, hi, whole, true);
    let (top, panel) = (16.0, 160.0);
    let plot_w = CHART_W - LEFT - RIGHT;
    let slots = (x1 - x0 + 1) as f64;
    let x_of = |i: i64| LEFT + plot_w * ((i - x0) as f64 + 0.5) / slots;
    let y_of = |v: f64| axis.y(v, top, panel);
    chart::open(h, "goal", CHART_W, top + panel + 30.0, &g.name);
    chart::y_axis(h, &axis, top, panel, scale, l);
    let ty = y_of(g.target);
    put!(
        h,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"{}\" stroke-dasharray=\"5 4\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n",
        CHART_W - RIGHT,
        chart::TARGET,
        CHART_W - RIGHT,
        ty - 4.0,
        chart::TARGET,
        esc(&format!(
            "{} {}",
            l.pick("target", "цель"),
            fmt_value(m, Some(g.target), l)
        ))
    );
    if let Some((a, b)) = line {
        put!(
            h,
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-dasharray=\"3 3\"><title>{}</title></line>\n",
            x_of(from),
            x_of(x1),
            y_of(a * from as f64 + b),
            y_of(a * x1 as f64 + b),
            chart::BLUE,
            esc(&format!(
                "{}: {}",
                l.pick("projected at the deadline", "прогноз на срок"),
                fmt_value(m, Some(a * x1 as f64 + b), l)
            ))
        );
    }
    let path: Vec<String> = g
        .series
        .iter()
        .enumerate()
        .map(|(k, v)| {
            format!(
                "{}{:.1} {:.1}",
                if k == 0 { "M" } else { "L" },
                x_of(v.index),
                y_of(v.value)
            )
        })
        .collect();
    put!(
        h,
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
        esc(&path.join(" ")),
        chart::BLUE
    );
    for v in &g.series {
        put!(
            h,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\"><title>{}</title></circle>\n",
            x_of(v.index),
            y_of(v.value),
            chart::BLUE,
            esc(&format!("{}: {}", v.period, fmt_value(m, Some(v.value), l)))
        );
    }
    put!(
        h,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"start\" class=\"muted\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"muted\">{}</text>\n",
        LEFT,
        top + panel + 18.0,
        esc(&first.period),
        CHART_W - RIGHT,
        top + panel + 18.0,
        esc(&format!("{} {}", l.pick("deadline", "срок"), g.deadline))
    );
    h.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_progress_bar_is_clamped_and_its_number_is_not() {
        let bar = progress_bar(Some(150.0), "", Lang::En);
        assert!(
            bar.contains("width: 100%") && bar.ends_with("150 %</span>"),
            "{bar}"
        );
        let bar = progress_bar(Some(-20.0), "", Lang::Ru);
        assert!(
            bar.contains("width: 0%") && bar.ends_with("-20 %</span>"),
            "{bar}"
        );
        assert_eq!(progress_bar(None, "<—>", Lang::En), "&lt;—&gt;");
    }
}
