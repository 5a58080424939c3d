//! Charts as inline SVG, shared by every page: figures by period in
//! stacked panels over one time axis ([`time_chart`]), and labelled
//! horizontal bars ([`hbars`]). Each chart is an `<svg class="chart
//! chart-NAME">`, so a reader (or a test) finds it by its class.
//!
//! A value that is not reported or undefined is a gap marked `—`, never a
//! zero; every text is escaped.

use super::{esc, put};
use crate::output::{decimal, Lang};

/// Width of every chart's view box; the page scales it to the column.
pub const CHART_W: f64 = 760.0;
/// Room for the value axis's labels.
pub const LEFT: f64 = 70.0;
pub const RIGHT: f64 = 16.0;
/// Intervals a value axis is cut into, at most (rounding may add one at each end).
const TICKS: u32 = 4;
/// Height of one panel's plot.
const PANEL: f64 = 130.0;

/// Colours of the marks.
pub const BLUE: &str = "#2f6db5";
pub const PALE_BLUE: &str = "#7fa7d9";
pub const GREEN: &str = "#7fb98a";
pub const RED: &str = "#e39a93";
pub const TARGET: &str = "#c0392b";

/// Opens a chart: `<svg class="chart chart-NAME">` with its view box and
/// an accessible name.
pub fn open(h: &mut String, name: &str, width: f64, height: f64, label: &str) {
    put!(
        h,
        "<svg class=\"chart chart-{}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">\n",
        esc(name),
        esc(label)
    );
}

/// A round step for `ticks` axis ticks up to `max`: 1, 2, 2.5 or 5 × 10ⁿ
/// (no 2.5 and at least 1 for counts).
pub fn nice_step(max: f64, ticks: u32, whole: bool) -> f64 {
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

/// The unit the ticks of a count axis reaching `max` are written in, so
/// that `800,000,000` fits the margin as `800M`.
pub fn count_unit(max: f64, l: Lang) -> (f64, &'static str) {
    match max {
        m if m >= 1e9 => (1e9, l.pick("B", " млрд")),
        m if m >= 1e6 => (1e6, l.pick("M", " млн")),
        m if m >= 1e4 => (1e3, l.pick("K", " тыс.")),
        _ => (1.0, ""),
    }
}

/// What a panel's values are, for the labels of its axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Whole numbers (reach, followers, users): `12K`.
    Count,
    /// Rates in %: `2.5 %`.
    Percent,
    /// Other numbers: `1.5`.
    Number,
}

/// A value axis: round ticks from `lo` to `hi`, `step` apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Axis {
    /// An axis holding `min … max`, from 0 when `from_zero` (bars, rates),
    /// else around the values (levels such as followers).
    pub fn new(min: f64, max: f64, whole: bool, from_zero: bool) -> Axis {
        let (mut lo, mut hi) = if from_zero {
            (min.min(0.0), max.max(0.0))
        } else {
            (min, max)
        };
        if hi <= lo {
            let pad = if lo.abs() > 0.0 { lo.abs() * 0.05 } else { 1.0 };
            lo -= pad;
            hi += pad;
            if from_zero {
                lo = lo.min(0.0).max(min.min(0.0));
                hi = hi.max(0.0);
            }
        }
        let step = nice_step(hi - lo, TICKS, whole);
        let lo = (lo / step).floor() * step;
        let mut hi = (hi / step).ceil() * step;
        if hi <= lo {
            hi = lo + step;
        }
        Axis { lo, hi, step }
    }

    /// The ticks from `lo` to `hi`.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=n).map(|k| self.lo + self.step * k as f64).collect()
    }

    /// The y of `v` in a plot `height` tall whose top is at `top`.
    pub fn y(&self, v: f64, top: f64, height: f64) -> f64 {
        let share = ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        top + height - share * height
    }

    /// A tick's label.
    pub fn label(&self, v: f64, scale: Scale, l: Lang) -> String {
        let places = |step: f64| {
            if step.fract() == 0.0 {
                0
            } else if (step * 10.0).fract() == 0.0 {
                1
            } else {
                2
            }
        };
        match scale {
            Scale::Count | Scale::Number if v == 0.0 => "0".to_string(),
            Scale::Count => {
                let (unit, suffix) = count_unit(self.lo.abs().max(self.hi.abs()), l);
                format!("{}{suffix}", decimal(v / unit, places(self.step / unit), l))
            }
            Scale::Percent => format!("{} %", decimal(v, places(self.step), l)),
            Scale::Number => decimal(v, places(self.step), l),
        }
    }
}

/// Grid lines and labels of a value axis across the plot.
pub fn y_axis(h: &mut String, axis: &Axis, top: f64, height: f64, scale: Scale, l: Lang) {
    for v in axis.ticks() {
        let y = axis.y(v, top, height);
        put!(
            h,
            "<line class=\"{}\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"muted\">{}</text>\n",
            if v == axis.lo { "axis" } else { "grid" },
            CHART_W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            esc(&axis.label(v, scale, l))
        );
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A bar from 0 per period (side by side with a panel's other bars).
    Bars,
    /// Points joined by a line, broken where a value is missing.
    Line,
}

/// One series of a panel: a value (or a gap) per period.
pub struct Series<'a> {
    /// Its name, in the legend and each point's tooltip.
    pub name: String,
    pub mark: Mark,
    /// Colour of its marks, and of bars below 0 when it differs.
    pub colour: &'static str,
    pub negative_colour: &'static str,
    pub values: Vec<Option<f64>>,
    /// A value as the tooltip writes it.
    pub format: Box<dyn Fn(f64) -> String + 'a>,
}

impl<'a> Series<'a> {
    pub fn new(
        name: impl Into<String>,
        mark: Mark,
        colour: &'static str,
        values: Vec<Option<f64>>,
        format: impl Fn(f64) -> String + 'a,
    ) -> Series<'a> {
        Series {
            name: name.into(),
            mark,
            colour,
            negative_colour: colour,
            values,
            format: Box::new(format),
        }
    }

    /// Bars below 0 in another colour (losses, negative change).
    pub fn negative(mut self, colour: &'static str) -> Series<'a> {
        self.negative_colour = colour;
        self
    }
}

/// One panel: a title, a value axis, its series and an optional target line.
pub struct Panel<'a> {
    pub title: String,
    pub scale: Scale,
    /// Start the axis at 0 (bars and rates); levels start near their values.
    pub from_zero: bool,
    pub series: Vec<Series<'a>>,
    /// A dashed line at a value, with its label.
    pub target: Option<(f64, String)>,
}

impl Panel<'_> {
    fn has_values(&self) -> bool {
        self.series
            .iter()
            .any(|s| s.values.iter().any(Option::is_some))
    }
}

/// Figures by period: one panel per figure over a shared time axis,
/// `labels` naming the periods. Panels without a value are left out;
/// without any, nothing is drawn.
pub fn time_chart(
    h: &mut String,
    name: &str,
    title: &str,
    labels: &[String],
    panels: &[Panel],
    l: Lang,
) {
    let panels: Vec<&Panel> = panels.iter().filter(|p| p.has_values()).collect();
    let n = labels.len();
    if n == 0 || panels.is_empty() {
        return;
    }
    let gap = 48.0;
    let top_of = |k: usize| 28.0 + (PANEL + gap) * k as f64;
    let height = top_of(panels.len() - 1) + PANEL + 36.0;
    let plot_w = CHART_W - LEFT - RIGHT;
    let slot = plot_w / n as f64;
    let cx = |i: usize| LEFT + slot * (i as f64 + 0.5);
    open(h, name, CHART_W, height, title);
    for (k, p) in panels.iter().enumerate() {
        let top = top_of(k);
        let base = top + PANEL;
        let values = p
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .chain(p.target.as_ref().map(|t| t.0));
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let axis = Axis::new(min, max, p.scale == Scale::Count, p.from_zero);
        let y_of = |v: f64| axis.y(v, top, PANEL);
        put!(
            h,
            "<text x=\"{LEFT}\" y=\"{:.1}\" font-weight=\"600\">{}</text>\n",
            top - 12.0,
            esc(&p.title)
        );
        if p.series.len() > 1 {
            legend(h, &p.series, top - 12.0);
        }
        y_axis(h, &axis, top, PANEL, p.scale, l);
        let zero = y_of(0.0);
        let dash = |h: &mut String, i: usize, y: f64| {
            put!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"muted\">—</text>\n",
                cx(i),
                y - 4.0
            );
        };
        if let Some((v, label)) = &p.target {
            let ty = y_of(*v);
            put!(
                h,
                "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"{TARGET}\" stroke-dasharray=\"5 4\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{TARGET}\">{}</text>\n",
                CHART_W - RIGHT,
                CHART_W - RIGHT,
                ty - 4.0,
                esc(label)
            );
        }
        let bars: Vec<&Series> = p.series.iter().filter(|s| s.mark == Mark::Bars).collect();
        let group_w = (slot * 0.6).min(48.0 * bars.len() as f64);
        let bar_w = group_w / bars.len().max(1) as f64;
        for (b, s) in bars.iter().enumerate() {
            for (i, v) in s.values.iter().enumerate().take(n) {
                let x = cx(i) - group_w / 2.0 + bar_w * b as f64;
                match v {
                    Some(v) => {
                        let y = y_of(*v);
                        let (y0, y1) = (y.min(zero), y.max(zero));
                        put!(
                            h,
                            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}</title></rect>\n",
                            if y1 - y0 < 1.0 && *v >= 0.0 { zero - 1.0 } else { y0 },
                            (y1 - y0).max(1.0),
                            if *v < 0.0 { s.negative_colour } else { s.colour },
                            esc(&format!("{}: {}", labels[i], tip(s, *v)))
                        );
                    }
                    None => dash(h, i, zero),
                }
            }
        }
        for s in p.series.iter().filter(|s| s.mark == Mark::Line) {
            let mut path = String::new();
            let mut pen_down = false;
            for (i, v) in s.values.iter().enumerate().take(n) {
                match v {
                    Some(v) => {
                        put!(
                            path,
                            "{}{:.1} {:.1} ",
                            if pen_down { "L" } else { "M" },
                            cx(i),
                            y_of(*v)
                        );
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            if !path.is_empty() {
                put!(
                    h,
                    "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                    esc(path.trim_end()),
                    s.colour
                );
            }
            for (i, v) in s.values.iter().enumerate().take(n) {
                match v {
                    Some(v) => put!(
                        h,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\"><title>{}</title></circle>\n",
                        cx(i),
                        y_of(*v),
                        s.colour,
                        esc(&format!("{}: {}", labels[i], tip(s, *v)))
                    ),
                    None => dash(h, i, base),
                }
            }
        }
        // Period labels, thinned so they do not overlap; muted under all
        // panels but the last.
        let every = ((n as f64 * 64.0 / plot_w).ceil() as usize).max(1);
        let last = k + 1 == panels.len();
        for (i, label) in labels.iter().enumerate().step_by(every) {
            put!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\"{}>{}</text>\n",
                cx(i),
                base + if last { 18.0 } else { 16.0 },
                if last { "" } else { " class=\"muted\"" },
                esc(label)
            );
        }
    }
    h.push_str("</svg>\n");
}

fn tip(s: &Series, v: f64) -> String {
    format!("{} {}", s.name, (s.format)(v))
}

/// Swatches and names of a panel's series, right-aligned on its title row.
fn legend(h: &mut String, series: &[Series], y: f64) {
    let width = |s: &Series| 24.0 + 6.5 * s.name.chars().count() as f64 + 12.0;
    let mut x = CHART_W - RIGHT - series.iter().map(width).sum::<f64>();
    for s in series {
        put!(
            h,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{y:.1}\" class=\"muted\">{}</text>\n",
            y - 9.0,
            s.colour,
            x + 20.0,
            esc(&s.name)
        );
        x += width(s);
    }
}

/// One bar of [`hbars`].
pub struct HBar {
    /// The row's label (shortened to fit).
    pub label: String,
    pub value: Option<f64>,
    /// The value as written beside the bar.
    pub text: String,
}

/// Horizontal bars from 0, one row each, green above 0 and red below; a
/// row without a value shows `—`.
pub fn hbars(h: &mut String, name: &str, title: &str, rows: &[HBar]) {
    if rows.iter().all(|r| r.value.is_none()) {
        return;
    }
    let lo = rows.iter().filter_map(|r| r.value).fold(0.0, f64::min);
    let hi = rows.iter().filter_map(|r| r.value).fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (label_w, value_w, row_h) = (170.0, 140.0, 22.0);
    let bar_area = CHART_W - label_w - value_w - RIGHT;
    let x_of = |v: f64| label_w + (v - lo) / span * bar_area;
    let zero = x_of(0.0);
    let height = 28.0 + row_h * rows.len() as f64 + 8.0;
    open(h, name, CHART_W, height, title);
    put!(
        h,
        "<text x=\"0\" y=\"16\" font-weight=\"600\">{}</text>\n",
        esc(title)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = 28.0 + row_h * i as f64;
        put!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            label_w - 8.0,
            y + 15.0,
            esc(&shorten(&r.label, 24))
        );
        match r.value {
            Some(v) => {
                let (x0, x1) = (zero.min(x_of(v)), zero.max(x_of(v)));
                let fill = if v < 0.0 { RED } else { GREEN };
                put!(
                    h,
                    "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" fill=\"{fill}\"><title>{}</title></rect>\n",
                    y + 4.0,
                    (x1 - x0).max(1.0),
                    esc(&format!("{}: {}", r.label, r.text))
                );
                put!(
                    h,
                    "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
                    x1 + 4.0,
                    y + 15.0,
                    esc(&r.text)
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

/// A label cut to `n` characters, with an ellipsis.
pub fn shorten(t: &str, n: usize) -> String {
    if t.chars().count() > n {
        format!("{}…", t.chars().take(n - 1).collect::<String>())
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn axes_hold_their_values_on_round_ticks() {
        let a = Axis::new(0.0, 9500.0, true, true);
        assert_eq!((a.lo, a.hi, a.step), (0.0, 10000.0, 5000.0));
        // Net change below and above 0.
        let a = Axis::new(-30.0, 70.0, true, true);
        assert_eq!((a.lo, a.hi, a.step), (-50.0, 100.0, 50.0));
        assert_eq!(a.ticks(), [-50.0, 0.0, 50.0, 100.0]);
        // Levels start near their values, not at 0.
        let a = Axis::new(12_100.0, 12_480.0, true, false);
        assert!(
            a.lo > 11_000.0 && a.lo <= 12_100.0 && a.hi >= 12_480.0,
            "{a:?}"
        );
        // One value, or none above 0, still makes an axis.
        let a = Axis::new(5.0, 5.0, true, false);
        assert!(a.lo < 5.0 && a.hi > 5.0, "{a:?}");
        let a = Axis::new(0.0, 0.0, true, true);
        assert_eq!((a.lo, a.hi), (0.0, 1.0));
        assert_eq!(a.y(0.0, 10.0, 100.0), 110.0);
        assert_eq!(a.y(1.0, 10.0, 100.0), 10.0);
    }

    #[test]
    fn labels_ticks_in_the_panels_unit() {
        let a = Axis::new(0.0, 40_000.0, true, true);
        assert_eq!(a.label(20_000.0, Scale::Count, Lang::En), "20K");
        assert_eq!(a.label(20_000.0, Scale::Count, Lang::Ru), "20 тыс.");
        assert_eq!(a.label(0.0, Scale::Count, Lang::En), "0");
        let a = Axis::new(0.0, 3.5, false, true);
        assert_eq!(a.label(2.0, Scale::Percent, Lang::Ru), "2 %");
        assert_eq!(a.label(0.0, Scale::Percent, Lang::En), "0 %");
        let a = Axis::new(0.0, 1.0, false, true);
        assert_eq!(a.label(0.5, Scale::Percent, Lang::Ru), "0,50 %");
    }

    #[test]
    fn shortens_long_labels_with_an_ellipsis() {
        assert_eq!(shorten("#abcdef", 4), "#ab…");
        assert_eq!(shorten("#ab", 4), "#ab");
    }

    #[test]
    fn a_time_chart_draws_gaps_as_dashes_and_escapes_labels() {
        let labels = vec!["<a>".to_string(), "b".to_string()];
        let panels = [Panel {
            title: "<t>".into(),
            scale: Scale::Count,
            from_zero: true,
            series: vec![
                Series::new("n", Mark::Bars, GREEN, vec![Some(-3.0), None], |v| {
                    v.to_string()
                })
                .negative(RED),
            ],
            target: None,
        }];
        let mut h = String::new();
        time_chart(&mut h, "x", "<title>", &labels, &panels, Lang::En);
        assert!(h.starts_with("<svg class=\"chart chart-x\""));
        assert!(!h.contains("<a>") && !h.contains("<t>"));
        assert_eq!(h.matches("<rect").count(), 1);
        assert!(h.contains(&format!("fill=\"{RED}\"")));
        assert_eq!(h.matches(">—<").count(), 1);
        // Nothing to draw: no chart.
        let mut h = String::new();
        let empty = [Panel {
            series: vec![Series::new("n", Mark::Line, BLUE, vec![None, None], |v| {
                v.to_string()
            })],
            ..panels.into_iter().next().unwrap()
        }];
        time_chart(&mut h, "x", "t", &labels, &empty, Lang::En);
        assert!(h.is_empty());
    }
}
