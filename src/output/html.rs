//! HTML: the report as one self-contained page to hand to a client. Styles
//! and charts (inline SVG) live in the file itself, so it opens offline and
//! prints; there is no script, font, image or link to fetch.
//!
//! Captions, ids, file names, hashtags and skip reasons come from files
//! other people wrote, so every text that is not a literal of this module
//! goes through [`esc`] before it reaches the markup, in SVG as in HTML.
//! A Content-Security-Policy that allows no script is a second fence.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::view::report as view;
use super::view::{band_label, skipped_section, Section};
use super::{decimal, fmt_count, fmt_growth, fmt_pct, Lang, Render};
use crate::doc::goals::{GoalRow, GoalsDoc};
use crate::doc::report::ReportDoc;
use crate::metrics::goals::{least_squares, period_index, Point};
use crate::metrics::periods::Period;

/// Renders a [`ReportDoc`] as an HTML page.
pub struct HtmlRenderer {
    pub lang: Lang,
    /// Hashtags and time slots listed (as `--top`).
    pub top: usize,
    /// The date printed as "generated" (the run's today, never read here).
    pub today: NaiveDate,
}

/// Escapes text for an HTML text node or a double- or single-quoted
/// attribute: `&`, `<`, `>`, `"` and `'` become entities.
pub fn esc(s: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(s)
}

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5d6b7a; --line: #dde3ea; --accent: #2f6db5; --bg: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; }
.sub { color: var(--muted); margin: 0 0 12px; }
ul.meta { list-style: none; padding: 0; margin: 0; color: var(--muted); font-size: 13px; }
ul.meta li { margin: 2px 0; overflow-wrap: anywhere; }
section, header { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 0 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 22px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card .formula { color: var(--muted); font-size: 11px; overflow-wrap: anywhere; }
.band { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; vertical-align: middle; }
.band-low { background: #fde2e1; color: #a3261f; }
.band-average { background: #fff0c9; color: #8a5a00; }
.band-high { background: #dcf3df; color: #1e6b2c; }
.band-very_high { background: #bfe8c6; color: #0f4d1c; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef2f7; font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfd; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
svg { display: block; width: 100%; height: auto; margin: 0 0 12px; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .axis { stroke: #9aa7b4; stroke-width: 1; }
svg .grid { stroke: #edf0f4; stroke-width: 1; }
svg .muted { fill: var(--muted); }
.note { color: var(--muted); font-size: 12px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin: 8px 0 24px; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  section, header, .card { border-color: #bbb; break-inside: avoid; }
  .scroll { overflow: visible; }
}
"#;

/// Appends formatted markup; every argument that is not a literal must be escaped.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        $out.push_str(&format!($($arg)*))
    };
}

impl Render<ReportDoc> for HtmlRenderer {
    fn render(&self, r: &ReportDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let title = view::report_title(l);
        let mut h = String::with_capacity(64 * 1024);
        put!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
            l.pick("en", "ru"),
            esc(&title),
            esc(&r.input.files.join(", "))
        );
        self.header(&mut h, r, &title);
        cards(&mut h, r, l);
        if let Some(sec) = view::periods_section(r, l) {
            open_section(&mut h, "periods", &sec.title);
            period_chart(&mut h, r, l);
            table(&mut h, &sec);
            h.push_str("</section>\n");
        }
        if let Some(sec) = view::top_posts_section(r, l) {
            open_section(&mut h, "top", &sec.title);
            table(&mut h, &sec);
            h.push_str("</section>\n");
        }
        if let Some(sec) = view::hashtags_section(r, l, self.top) {
            open_section(&mut h, "hashtags", &sec.title);
            hashtag_chart(&mut h, r, l, self.top);
            table(&mut h, &sec);
            h.push_str("</section>\n");
        }
        if let Some(sec) = view::best_time_section(r, l, self.top) {
            open_section(&mut h, "best-time", &sec.title);
            heatmap(&mut h, r, l);
            table(&mut h, &sec);
            h.push_str("</section>\n");
        }
        if let Some(sec) = view::comparison_section(r, l) {
            open_section(&mut h, "comparison", &sec.title);
            table(&mut h, &sec);
            put!(
                h,
                "<p class=\"note\">{}</p>\n",
                esc(l.pick(
                    "The interval is a 95 % bootstrap interval of the change (fixed seed): when it excludes 0, the change is more than noise.",
                    "Интервал — 95 % бутстреп-интервал изменения (фиксированное зерно): если он не содержит 0, изменение больше шума."
                ))
            );
            h.push_str("</section>\n");
        }
        let summary = view::summary_section(r, l);
        open_section(&mut h, "summary", &summary.title);
        table(&mut h, &summary);
        h.push_str("</section>\n");
        skipped(&mut h, r, l);
        put!(
            h,
            "</main>\n<footer>{}</footer>\n</body>\n</html>\n",
            esc(l.pick(
                "Computed offline by smmkpi from the files listed above.",
                "Рассчитано smmkpi без сети по файлам, перечисленным выше."
            ))
        );
        Ok(h.into_bytes())
    }
}

impl HtmlRenderer {
    fn header(&self, h: &mut String, r: &ReportDoc, title: &str) {
        let l = self.lang;
        let mut sub = Vec::new();
        if let (Some(first), Some(last)) = (r.input.published_first, r.input.published_last) {
            sub.push(format!(
                "{}: {first} – {last}",
                l.pick("Posts published", "Даты публикаций")
            ));
        }
        sub.push(format!(
            "{} {}",
            l.pick("generated", "сформирован"),
            self.today
        ));
        put!(
            h,
            "<header>\n<h1>{}</h1>\n<p class=\"sub\">{}</p>\n<ul class=\"meta\">\n",
            esc(title),
            esc(&sub.join(" · "))
        );
        let f = &r.formula;
        let period = match f.period {
            Period::Day => l.pick("day", "день"),
            Period::Week => l.pick("ISO week", "неделя ISO"),
            Period::Month => l.pick("month", "месяц"),
            Period::Quarter => l.pick("quarter", "квартал"),
            Period::All => l.pick("all at once", "весь срок"),
        };
        let mut lines = view::report_lines(r, l);
        lines.push(format!(
            "{}: {} · {}: {} % · {}: {period}",
            l.pick("Headline ER", "Основной ER"),
            view::formulas(r, l).aggregate,
            l.pick("target ER", "целевой ER"),
            decimal(f.target_er, 2, l),
            l.pick("periods", "периоды"),
        ));
        for line in &lines {
            put!(h, "<li>{}</li>\n", esc(line));
        }
        h.push_str("</ul>\n</header>\n");
    }
}

fn open_section(h: &mut String, id: &str, title: &str) {
    put!(h, "<section id=\"{}\">\n<h2>{}</h2>\n", esc(id), esc(title));
}

/// A labelled table; every header and cell is escaped.
fn table(h: &mut String, sec: &Section) {
    let class = |i: usize| {
        if sec.numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        }
    };
    h.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for (i, head) in sec.headers.iter().enumerate() {
        put!(h, "<th{}>{}</th>", class(i), esc(head));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &sec.rows {
        h.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            put!(h, "<td{}>{}</td>", class(i), esc(cell));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
}

/// Key figures as cards: posts, reach, interactions, the ER headline with its
/// band, ER mean, median and ratio, CTR.
fn cards(h: &mut String, r: &ReportDoc, l: Lang) {
    const KEYS: [&str; 8] = [
        "posts",
        "reach",
        "interactions",
        "er",
        "er_mean",
        "er_median",
        "er_ratio",
        "ctr",
    ];
    h.push_str("<div class=\"cards\">\n");
    for item in view::summary_items(r, l)
        .into_iter()
        .filter(|i| KEYS.contains(&i.key))
    {
        let (label, badge) = match (item.key, r.summary.band) {
            ("er", Some(b)) => (
                "ER".to_string(),
                format!(
                    " <span class=\"band band-{}\">{}</span>",
                    esc(b.name()),
                    esc(&band_label(Some(b), l))
                ),
            ),
            _ => (item.label, String::new()),
        };
        put!(
            h,
            "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}{badge}</div><div class=\"formula\">{}</div></div>\n",
            esc(&label),
            esc(&item.value),
            esc(&item.formula)
        );
    }
    h.push_str("</div>\n");
}

/// A round step for `ticks` axis ticks up to `max`: 1, 2, 2.5 or 5 × 10ⁿ
/// (no 2.5 and at least 1 for counts).
fn nice_step(max: f64, ticks: u32, whole: bool) -> f64 {
    let raw = max / f64::from(ticks);
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = match norm {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 2.5 && !whole => 2.5,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    } * mag;
    if whole {
        nice.max(1.0)
    } else {
        nice
    }
}

const TICKS: u32 = 4;
const CHART_W: f64 = 760.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 16.0;

/// Horizontal grid lines and labels of a value axis from 0 to `TICKS × step`.
fn y_axis(h: &mut String, top: f64, height: f64, step: f64, label: impl Fn(f64) -> String) {
    for k in 0..=TICKS {
        let v = step * f64::from(k);
        let y = top + height - height * f64::from(k) / f64::from(TICKS);
        put!(
            h,
            "<line class=\"{}\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"muted\">{}</text>\n",
            if k == 0 { "axis" } else { "grid" },
            CHART_W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            esc(&label(v))
        );
    }
}

/// The unit the ticks of a count axis reaching `max` are written in, so
/// that `800,000,000` fits the margin as `800M`.
fn count_unit(max: f64, l: Lang) -> (f64, &'static str) {
    match max {
        m if m >= 1e9 => (1e9, l.pick("B", " млрд")),
        m if m >= 1e6 => (1e6, l.pick("M", " млн")),
        m if m >= 1e4 => (1e3, l.pick("K", " тыс.")),
        _ => (1.0, ""),
    }
}

/// Sum of post reach (bars) and headline ER (line) by period, one panel each
/// over a shared time axis. A period without a value is a gap marked `—`,
/// never a zero.
fn period_chart(h: &mut String, r: &ReportDoc, l: Lang) {
    let n = r.periods.len();
    if n == 0 {
        return;
    }
    let panel = 130.0;
    let (top1, top2) = (28.0, 28.0 + panel + 48.0);
    let height = top2 + panel + 36.0;
    let plot_w = CHART_W - LEFT - RIGHT;
    let slot = plot_w / n as f64;
    let cx = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let title = l.pick(
        "Sum of post reach and ER by period",
        "Сумма охватов и ER по периодам",
    );
    put!(
        h,
        "<svg viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-label=\"{}\">\n",
        esc(title)
    );
    let gap = |h: &mut String, i: usize, base: f64| {
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"muted\">—</text>\n",
            cx(i),
            base - 4.0
        );
    };

    // Reach.
    let reach_max = r
        .periods
        .iter()
        .filter_map(|p| p.summary.reach)
        .max()
        .unwrap_or(0) as f64;
    let step = nice_step(reach_max, TICKS, true);
    let axis_max = step * f64::from(TICKS);
    put!(
        h,
        "<text x=\"{LEFT}\" y=\"16\" font-weight=\"600\">{}</text>\n",
        esc(l.pick("Sum of post reach", "Сумма охватов"))
    );
    let (unit, suffix) = count_unit(axis_max, l);
    let places = if (step / unit).fract() == 0.0 { 0 } else { 1 };
    y_axis(h, top1, panel, step, |v| match v {
        0.0 => "0".to_string(),
        v => format!("{}{suffix}", decimal(v / unit, places, l)),
    });
    let bar_w = (slot * 0.6).min(48.0);
    let base1 = top1 + panel;
    for (i, p) in r.periods.iter().enumerate() {
        match p.summary.reach {
            Some(v) => {
                let bh = (v as f64 / axis_max * panel).max(1.0);
                put!(
                    h,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{bh:.1}\" fill=\"#7fa7d9\"><title>{}</title></rect>\n",
                    cx(i) - bar_w / 2.0,
                    base1 - bh,
                    esc(&format!("{}: {}", p.period, fmt_count(Some(v), l)))
                );
            }
            None => gap(h, i, base1),
        }
    }

    // ER, with the target as a dashed line.
    let er_max = r
        .periods
        .iter()
        .filter_map(|p| p.summary.er)
        .fold(r.formula.target_er, f64::max);
    let step = nice_step(er_max, TICKS, false);
    let axis_max = step * f64::from(TICKS);
    let places = if step >= 1.0 { 0 } else { 1 };
    put!(
        h,
        "<text x=\"{LEFT}\" y=\"{:.1}\" font-weight=\"600\">{}</text>\n",
        top2 - 12.0,
        esc(&format!("ER, % ({})", view::formulas(r, l).aggregate))
    );
    y_axis(h, top2, panel, step, |v| {
        format!("{} %", decimal(v, places, l))
    });
    let base2 = top2 + panel;
    let y_of = |v: f64| base2 - (v / axis_max * panel).clamp(0.0, panel);
    let target_y = y_of(r.formula.target_er);
    put!(
        h,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{target_y:.1}\" y2=\"{target_y:.1}\" stroke=\"#c0392b\" stroke-dasharray=\"5 4\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#c0392b\">{}</text>\n",
        CHART_W - RIGHT,
        CHART_W - RIGHT,
        target_y - 4.0,
        esc(&format!(
            "{} {} %",
            l.pick("target", "цель"),
            decimal(r.formula.target_er, 2, l)
        ))
    );
    // The line breaks at each period without an ER.
    let mut path = String::new();
    let mut pen_down = false;
    for (i, p) in r.periods.iter().enumerate() {
        match p.summary.er {
            Some(v) => {
                put!(
                    path,
                    "{}{:.1} {:.1} ",
                    if pen_down { "L" } else { "M" },
                    cx(i),
                    y_of(v)
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        put!(
            h,
            "<path d=\"{}\" fill=\"none\" stroke=\"#2f6db5\" stroke-width=\"2\"/>\n",
            esc(path.trim_end())
        );
    }
    for (i, p) in r.periods.iter().enumerate() {
        match p.summary.er {
            Some(v) => put!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#2f6db5\"><title>{}</title></circle>\n",
                cx(i),
                y_of(v),
                esc(&format!("{}: ER {}", p.period, fmt_pct(Some(v), l)))
            ),
            None => gap(h, i, base2),
        }
    }

    // Period labels, thinned so they do not overlap.
    let every = ((n as f64 * 64.0 / plot_w).ceil() as usize).max(1);
    for (i, p) in r.periods.iter().enumerate().step_by(every) {
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            cx(i),
            base2 + 18.0,
            esc(&p.period)
        );
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"muted\">{}</text>\n",
            cx(i),
            base1 + 16.0,
            esc(&p.period)
        );
    }
    h.push_str("</svg>\n");
}

/// Bars of each listed hashtag's lift (its mean ER against all posts'), or
/// of its mean ER when no lift is defined.
fn hashtag_chart(h: &mut String, r: &ReportDoc, l: Lang, top: usize) {
    let tags: Vec<_> = r.hashtags.iter().take(top).collect();
    let lift = tags.iter().any(|t| t.lift.is_some());
    let (values, title): (Vec<Option<f64>>, &str) = if lift {
        (
            tags.iter().map(|t| t.lift).collect(),
            l.pick(
                "Lift: the tag's mean ER against all posts' mean ER",
                "Прирост: среднее ER с хештегом к среднему ER всех публикаций",
            ),
        )
    } else if tags.iter().any(|t| t.er_mean.is_some()) {
        (
            tags.iter().map(|t| t.er_mean).collect(),
            l.pick(
                "Mean ER of posts with the tag",
                "Среднее ER публикаций с хештегом",
            ),
        )
    } else {
        return;
    };
    let lo = values.iter().flatten().fold(0.0, |a: f64, &b| a.min(b));
    let hi = values.iter().flatten().fold(0.0, |a: f64, &b| a.max(b));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (label_w, value_w, row_h) = (170.0, 70.0, 22.0);
    let bar_area = CHART_W - label_w - value_w - RIGHT;
    let x_of = |v: f64| label_w + (v - lo) / span * bar_area;
    let zero = x_of(0.0);
    let height = 28.0 + row_h * tags.len() as f64 + 8.0;
    put!(
        h,
        "<svg viewBox=\"0 0 {CHART_W} {height:.0}\" role=\"img\" aria-label=\"{}\">\n\
         <text x=\"0\" y=\"16\" font-weight=\"600\">{}</text>\n",
        esc(title),
        esc(title)
    );
    for (i, (tag, v)) in tags.iter().zip(&values).enumerate() {
        let y = 28.0 + row_h * i as f64;
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            label_w - 8.0,
            y + 15.0,
            esc(&shorten(&tag.tag, 24))
        );
        let text = if lift {
            fmt_growth(*v, l)
        } else {
            fmt_pct(*v, l)
        };
        match v {
            Some(v) => {
                let (x0, x1) = (zero.min(x_of(*v)), zero.max(x_of(*v)));
                let fill = if *v < 0.0 { "#e39a93" } else { "#7fb98a" };
                put!(
                    h,
                    "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" fill=\"{fill}\"><title>{}</title></rect>\n",
                    y + 4.0,
                    (x1 - x0).max(1.0),
                    esc(&format!("{}: {text}", tag.tag))
                );
                put!(
                    h,
                    "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
                    x1 + 4.0,
                    y + 15.0,
                    esc(&text)
                );
            }
            None => put!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" class=\"muted\">—</text>\n",
                zero + 4.0,
                y + 15.0
            ),
        }
    }
    put!(
        h,
        "<line class=\"axis\" x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"26\" y2=\"{:.1}\"/>\n</svg>\n",
        height - 4.0
    );
}

fn shorten(t: &str, n: usize) -> String {
    if t.chars().count() > n {
        format!("{}…", t.chars().take(n - 1).collect::<String>())
    } else {
        t.to_string()
    }
}

/// A colour between pale and deep blue for a share 0…1 of the highest ER.
fn shade(share: f64) -> String {
    let s = share.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * s).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(232.0, 29.0),
        mix(240.0, 79.0),
        mix(251.0, 145.0)
    )
}

/// Mean ER by weekday × hour as a grid; slots with fewer than 2 posts are
/// hatched, slots without posts left blank.
fn heatmap(h: &mut String, r: &ReportDoc, l: Lang) {
    let (label_w, cell_w, cell_h, top) = (44.0, 27.0, 22.0, 22.0);
    let grid_bottom = top + cell_h * 7.0;
    let height = grid_bottom + 56.0;
    let width = label_w + cell_w * 24.0 + 8.0;
    let max_er = r
        .best_time
        .iter()
        .filter_map(|t| t.er_mean)
        .fold(0.0, f64::max);
    let title = l.pick(
        "Mean ER by weekday and hour of publishing",
        "Среднее ER по дню недели и часу публикации",
    );
    put!(
        h,
        "<svg viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">\n\
         <defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1d2733\" stroke-opacity=\"0.45\" stroke-width=\"2\"/></pattern></defs>\n",
        esc(title)
    );
    for hour in 0..24 {
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"muted\">{hour:02}</text>\n",
            label_w + cell_w * (f64::from(hour) + 0.5),
            top - 6.0
        );
    }
    for day in 1..=7u32 {
        let y = top + cell_h * f64::from(day - 1);
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            label_w - 6.0,
            y + 15.0,
            esc(view::weekday_label(day, l))
        );
        for hour in 0..24u32 {
            let x = label_w + cell_w * f64::from(hour);
            let slot = r
                .best_time
                .iter()
                .find(|t| t.weekday == day && t.hour == hour);
            let (fill, tip) = match slot {
                None => ("#ffffff".to_string(), None),
                Some(t) => (
                    t.er_mean
                        .map(|e| shade(if max_er > 0.0 { e / max_er } else { 0.0 }))
                        .unwrap_or_else(|| "#d5d9de".to_string()),
                    Some(format!(
                        "{} {hour:02}:00 — {}: {}, ER {}{}",
                        view::weekday_label(day, l),
                        l.pick("posts", "публикаций"),
                        t.posts,
                        fmt_pct(t.er_mean, l),
                        if t.low_sample {
                            format!(" ({})", view::low_sample_note(l))
                        } else {
                            String::new()
                        }
                    )),
                ),
            };
            put!(
                h,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cell_w}\" height=\"{cell_h}\" fill=\"{}\" stroke=\"#e3e7ec\">",
                esc(&fill)
            );
            if let Some(tip) = &tip {
                put!(h, "<title>{}</title>", esc(tip));
            }
            h.push_str("</rect>\n");
            if slot.is_some_and(|t| t.low_sample) {
                put!(
                    h,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cell_w}\" height=\"{cell_h}\" fill=\"url(#hatch)\" pointer-events=\"none\"/>\n"
                );
            }
        }
    }
    // Legend: the colour scale, then what hatching and grey mean.
    let ly = grid_bottom + 16.0;
    for k in 0..5 {
        put!(
            h,
            "<rect x=\"{:.1}\" y=\"{ly:.1}\" width=\"18\" height=\"14\" fill=\"{}\"/>\n",
            label_w + 18.0 * f64::from(k),
            shade(f64::from(k) / 4.0)
        );
    }
    put!(
        h,
        "<text x=\"{label_w}\" y=\"{:.1}\" class=\"muted\">0 %</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"muted\">{}</text>\n",
        ly + 28.0,
        label_w + 90.0,
        ly + 28.0,
        esc(&fmt_pct(Some(max_er), l))
    );
    let mut x = label_w + 120.0;
    for (fill, hatch, text) in [
        ("#ffffff", true, view::low_sample_note(l)),
        ("#d5d9de", false, l.pick("ER undefined", "ER не определён")),
        ("#ffffff", false, l.pick("no posts", "нет публикаций")),
    ] {
        put!(
            h,
            "<rect x=\"{x:.1}\" y=\"{ly:.1}\" width=\"18\" height=\"14\" fill=\"{fill}\" stroke=\"#c5ccd4\"/>"
        );
        if hatch {
            put!(
                h,
                "<rect x=\"{x:.1}\" y=\"{ly:.1}\" width=\"18\" height=\"14\" fill=\"url(#hatch)\"/>"
            );
        }
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"muted\">{}</text>\n",
            x + 24.0,
            ly + 11.0,
            esc(text)
        );
        x += 36.0 + 6.5 * text.chars().count() as f64;
    }
    h.push_str("</svg>\n");
}

/// Every skipped row, or a line saying there were none.
fn skipped(h: &mut String, r: &ReportDoc, l: Lang) {
    let sec = skipped_section(&r.input.skipped, l);
    open_section(h, "skipped", &sec.title);
    if sec.rows.is_empty() {
        put!(
            h,
            "<p class=\"note\">{}</p>\n",
            esc(l.pick(
                "Every row was used: none was skipped.",
                "Использованы все строки: пропущенных нет."
            ))
        );
    } else {
        table(h, &sec);
    }
    h.push_str("</section>\n");
}

/// `goals` as a page: the goals table with progress bars, the SMART
/// warnings, and for each goal its values by period with the projection
/// line and the target.
impl Render<GoalsDoc> for HtmlRenderer {
    fn render(&self, d: &GoalsDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let doc = super::view::goals::doc(d, l);
        let mut h = String::with_capacity(32 * 1024);
        put!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n<ul class=\"meta\">\n",
            l.pick("en", "ru"),
            esc(&doc.title),
            esc(&doc.title)
        );
        for line in &doc.lines {
            put!(h, "<li>{}</li>\n", esc(line));
        }
        h.push_str("</ul>\n</header>\n");
        for (i, sec) in doc.sections.iter().enumerate() {
            open_section(&mut h, &format!("goals-{i}"), &sec.title);
            table(&mut h, sec);
            h.push_str("</section>\n");
        }
        for (i, g) in d.goals.iter().enumerate() {
            open_section(&mut h, &format!("goal-{i}"), &g.name);
            goal_chart(&mut h, g, l);
            h.push_str("</section>\n");
        }
        put!(
            h,
            "</main>\n<footer>{}</footer>\n</body>\n</html>\n",
            esc(l.pick(
                "Computed offline by smmkpi from the files listed above.",
                "Рассчитано smmkpi без сети по файлам, перечисленным выше."
            ))
        );
        Ok(h.into_bytes())
    }
}

/// A goal's values by period (points joined by a line), the least-squares
/// line from the baseline's period to the deadline (dashed) and the target
/// (red, dashed), over the periods from the first value to the deadline.
fn goal_chart(h: &mut String, g: &GoalRow, l: Lang) {
    let (Some(first), Some(last)) = (g.series.first(), g.series.last()) else {
        put!(
            h,
            "<p class=\"note\">{}</p>\n",
            esc(l.pick("No values to draw.", "Нет значений для графика."))
        );
        return;
    };
    let deadline = period_index(g.period, g.deadline);
    let (x0, x1) = (first.index, deadline.max(last.index));
    if x1 - x0 > 400 {
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
    let lo = ys.iter().copied().fold(0.0, f64::min);
    let hi = ys.iter().copied().fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (top, panel) = (16.0, 160.0);
    let plot_w = CHART_W - LEFT - RIGHT;
    let slots = (x1 - x0 + 1) as f64;
    let x_of = |i: i64| LEFT + plot_w * ((i - x0) as f64 + 0.5) / slots;
    let y_of = |v: f64| top + panel - (v - lo) / span * panel;
    put!(
        h,
        "<svg viewBox=\"0 0 {CHART_W} {:.0}\" role=\"img\" aria-label=\"{}\">\n",
        top + panel + 30.0,
        esc(&g.name)
    );
    put!(
        h,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\n",
        CHART_W - RIGHT,
        y_of(lo),
        y_of(lo)
    );
    let ty = y_of(g.target);
    put!(
        h,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#c0392b\" stroke-dasharray=\"5 4\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#c0392b\">{}</text>\n",
        CHART_W - RIGHT,
        CHART_W - RIGHT,
        ty - 4.0,
        esc(&format!(
            "{} {}",
            l.pick("target", "цель"),
            super::view::goals::fmt_value(&g.metric, Some(g.target), l)
        ))
    );
    if let Some((a, b)) = line {
        put!(
            h,
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#2f6db5\" stroke-dasharray=\"3 3\"/>\n",
            x_of(from),
            x_of(x1),
            y_of(a * from as f64 + b),
            y_of(a * x1 as f64 + b)
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
        "<path d=\"{}\" fill=\"none\" stroke=\"#2f6db5\" stroke-width=\"2\"/>\n",
        esc(&path.join(" "))
    );
    for v in &g.series {
        put!(
            h,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#2f6db5\"><title>{}</title></circle>\n",
            x_of(v.index),
            y_of(v.value),
            esc(&format!(
                "{}: {}",
                v.period,
                super::view::goals::fmt_value(&g.metric, Some(v.value), l)
            ))
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
    fn escapes_every_markup_character() {
        assert_eq!(
            esc(r#"<script>alert('x')</script> & "q""#),
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("&amp;"), "&amp;amp;");
        assert_eq!(esc("plain"), "plain");
    }

    #[test]
    fn picks_round_axis_steps() {
        assert_eq!(nice_step(9500.0, 4, true), 5000.0);
        assert_eq!(nice_step(3.75, 4, false), 1.0);
        assert_eq!(nice_step(0.0, 4, true), 1.0);
        assert_eq!(nice_step(3.0, 4, true), 1.0);
        assert_eq!(nice_step(10.0, 4, false), 2.5);
        assert_eq!(nice_step(10.0, 4, true), 5.0);
    }

    #[test]
    fn writes_big_axis_counts_in_thousands_millions_and_billions() {
        assert_eq!(count_unit(8_000.0, Lang::En), (1.0, ""));
        assert_eq!(count_unit(20_000.0, Lang::En), (1e3, "K"));
        assert_eq!(count_unit(800_000_000.0, Lang::Ru), (1e6, " млн"));
        assert_eq!(count_unit(3e9, Lang::En), (1e9, "B"));
    }

    #[test]
    fn shades_from_pale_to_deep() {
        assert_eq!(shade(0.0), "#e8f0fb");
        assert_eq!(shade(1.0), "#1d4f91");
        assert_eq!(shade(7.0), "#1d4f91");
    }

    #[test]
    fn shortens_long_labels_with_an_ellipsis() {
        assert_eq!(shorten("#abcdef", 4), "#ab…");
        assert_eq!(shorten("#ab", 4), "#ab");
    }
}
