//! `report` as a page: files, dates and formulas, key-figure cards with the
//! ER band, the comparison with its base (`--compare`), reach and ER by
//! period, the rate family (reach, love, talk, amplification, virality
//! rates, ERpost, ERday, ERview, ER per impression), top posts, hashtag lift, a weekday × hour heatmap of ER, the
//! full summary with formulas, and every skipped row.

use super::chart::{self, HBar, Mark, Panel, Scale, Series};
use super::{esc, note, put, table, Card, HtmlRenderer, Page};
use crate::doc::report::ReportDoc;
use crate::metrics::periods::Period;
use crate::output::view::band_label;
use crate::output::view::goals::fmt_change;
use crate::output::view::report as view;
use crate::output::{decimal, fmt_count, fmt_growth, fmt_pct, Lang, Render};

impl Render<ReportDoc> for HtmlRenderer {
    fn render(&self, r: &ReportDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let title = view::report_title(l);
        let mut page = Page::new(
            l,
            "report",
            &format!("{title} — {}", r.input.files.join(", ")),
        );
        page.header(&title, Some(&self.sub(r)), &header_lines(r, l));
        page.cards(&cards(r, l));
        if let Some(sec) = view::comparison_section(r, l) {
            page.section("comparison", &sec.title, |h| {
                comparison_chart(h, r, l);
                table(h, &sec);
                note(
                    h,
                    l.pick(
                        "The interval is a 95 % bootstrap interval of the change (fixed seed): when it excludes 0, the change is more than noise.",
                        "Интервал — 95 % бутстреп-интервал изменения (фиксированное зерно): если он не содержит 0, изменение больше шума.",
                    ),
                );
            });
        }
        if let Some(sec) = view::periods_section(r, l) {
            page.section("periods", &sec.title, |h| {
                period_chart(h, r, l);
                table(h, &sec);
            });
        }
        if let Some(sec) = view::rates_section(r, l) {
            page.section("rates", &sec.title, |h| {
                table(h, &sec);
                if let Some(by_period) = view::period_rates_section(r, l) {
                    put!(h, "<h3>{}</h3>\n", esc(&by_period.title));
                    table(h, &by_period);
                }
                if let Some(c) = &r.formula.compat {
                    note(
                        h,
                        &format!(
                            "{} {}: {}",
                            l.pick("The headline ER is", "Основной ER — как в"),
                            c.name,
                            c.formula
                        ),
                    );
                }
            });
        }
        if let Some(sec) = view::money_section(r, l) {
            page.section("money", &sec.title, |h| {
                money_chart(h, r, l);
                table(h, &sec);
                if let Some(p) = view::money_periods_section(r, l) {
                    put!(h, "<h3>{}</h3>\n", esc(&p.title));
                    table(h, &p);
                }
            });
        }
        if let Some(sec) = view::campaigns_section(r, l) {
            page.section("campaigns", &sec.title, |h| {
                campaign_chart(h, r, l);
                table(h, &sec);
            });
        }
        let web = view::web_join_sections(r, l, self.top);
        if let (Some(first), Some(j)) = (web.first(), &r.web_join) {
            page.section("web-join", &first.title, |h| {
                note(h, &view::web_join_line(j, l));
                visits_chart(h, r, l);
                table(h, first);
                for sec in &web[1..] {
                    put!(h, "<h3>{}</h3>\n", esc(&sec.title));
                    table(h, sec);
                }
            });
        }
        if let Some(sec) = view::top_posts_section(r, l) {
            page.section("top", &sec.title, |h| table(h, &sec));
        }
        if let Some(sec) = view::hashtags_section(r, l, self.top) {
            page.section("hashtags", &sec.title, |h| {
                hashtag_chart(h, r, l, self.top);
                table(h, &sec);
            });
        }
        if let Some(sec) = view::best_time_section(r, l, self.top) {
            page.section("best-time", &sec.title, |h| {
                heatmap(h, r, l);
                table(h, &sec);
            });
        }
        let summary = view::summary_section(r, l);
        page.section("summary", &summary.title, |h| table(h, &summary));
        page.skipped(&r.input.skipped);
        Ok(page.finish())
    }
}

impl HtmlRenderer {
    /// The line under the title: the dates of the posts and the day it was made.
    fn sub(&self, r: &ReportDoc) -> String {
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
        sub.join(" · ")
    }
}

/// Files, row counts, formulas and settings.
fn header_lines(r: &ReportDoc, l: Lang) -> Vec<String> {
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
    lines
}

/// Spend and revenue by period (bars) and ROI (a line): the money at a
/// glance, above its table; nothing when the costs are not by period.
fn money_chart(h: &mut String, r: &ReportDoc, l: Lang) {
    let Some(m) = &r.money else { return };
    if m.periods.is_empty() {
        return;
    }
    let labels: Vec<String> = m.periods.iter().map(|p| p.period.clone()).collect();
    let amount = move |v: f64| view::fmt_money_in(Some(v), None, l);
    let unit = m
        .currency
        .as_deref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default();
    let panels = [
        Panel {
            title: format!("{}{unit}", l.pick("Spend and revenue", "Расход и выручка")),
            scale: Scale::Number,
            from_zero: true,
            series: vec![
                Series::new(
                    l.pick("spend", "расход"),
                    Mark::Bars,
                    chart::RED,
                    m.periods.iter().map(|p| p.money.spend).collect(),
                    amount,
                ),
                Series::new(
                    l.pick("revenue", "выручка"),
                    Mark::Bars,
                    chart::GREEN,
                    m.periods.iter().map(|p| p.money.revenue).collect(),
                    amount,
                ),
            ],
            target: None,
        },
        Panel {
            title: l.pick("ROI, %", "ROI, %").to_string(),
            scale: Scale::Percent,
            from_zero: true,
            series: vec![Series::new(
                "ROI",
                Mark::Line,
                chart::BLUE,
                m.periods.iter().map(|p| p.money.roi).collect(),
                move |v| fmt_pct(Some(v), l),
            )],
            target: None,
        },
    ];
    chart::time_chart(
        h,
        "money",
        l.pick(
            "Spend, revenue and ROI by period",
            "Расход, выручка и ROI по периодам",
        ),
        &labels,
        &panels,
        l,
    );
}

/// Each campaign's ROI (or, without revenue, its CPC) as bars.
fn campaign_chart(h: &mut String, r: &ReportDoc, l: Lang) {
    let roi = r.campaigns.iter().any(|c| c.money.roi.is_some());
    let rows: Vec<HBar> = r
        .campaigns
        .iter()
        .map(|c| {
            let v = if roi { c.money.roi } else { c.money.cpc };
            HBar {
                label: c.campaign.clone(),
                value: v,
                text: if roi {
                    fmt_pct(v, l)
                } else {
                    view::fmt_money_in(v, None, l)
                },
            }
        })
        .collect();
    let title = if roi {
        l.pick("ROI by campaign", "ROI по кампаниям")
    } else {
        l.pick("CPC by campaign", "CPC по кампаниям")
    };
    chart::hbars(h, "campaigns", title, &rows);
}

/// Visits from the posts by period (bars) and their bounce rate (a line).
fn visits_chart(h: &mut String, r: &ReportDoc, l: Lang) {
    let Some(j) = &r.web_join else { return };
    let labels: Vec<String> = j.periods.iter().map(|p| p.period.clone()).collect();
    let panels = [
        Panel {
            title: l
                .pick("Visits from the posts", "Визиты с публикаций")
                .to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: vec![Series::new(
                l.pick("visits", "визиты"),
                Mark::Bars,
                chart::PALE_BLUE,
                j.periods
                    .iter()
                    .map(|p| p.figures.visits.map(|v| v as f64))
                    .collect(),
                move |v| fmt_count(Some(v as u64), l),
            )],
            target: None,
        },
        Panel {
            title: l.pick("Bounce rate, %", "Отказы, %").to_string(),
            scale: Scale::Percent,
            from_zero: true,
            series: vec![Series::new(
                l.pick("bounce rate", "отказы"),
                Mark::Line,
                chart::BLUE,
                j.periods.iter().map(|p| p.figures.bounce_rate).collect(),
                move |v| fmt_pct(Some(v), l),
            )],
            target: None,
        },
    ];
    chart::time_chart(
        h,
        "visits",
        l.pick(
            "Visits from the posts and their bounce rate by period",
            "Визиты с публикаций и отказы по периодам",
        ),
        &labels,
        &panels,
        l,
    );
}

/// Key figures as cards: posts, reach, interactions, the ER headline with its
/// band, ER mean, median and ratio, CTR; with costs, spend, ROI, CAC and
/// the conversion rate.
fn cards(r: &ReportDoc, l: Lang) -> Vec<Card> {
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
    view::summary_items(r, l)
        .into_iter()
        .filter(|i| KEYS.contains(&i.key))
        .map(|item| {
            let (label, badge) = match (item.key, r.summary.band) {
                ("er", Some(b)) => (
                    "ER".to_string(),
                    Some(format!(
                        " <span class=\"band band-{}\">{}</span>",
                        esc(b.name()),
                        esc(&band_label(Some(b), l))
                    )),
                ),
                _ => (item.label, None),
            };
            Card {
                label,
                value: item.value,
                formula: item.formula,
                badge,
            }
        })
        .chain(r.money.iter().flat_map(|m| {
            view::money_items(m, l)
                .into_iter()
                .filter(|i| matches!(i.key, "spend" | "roi" | "cac" | "conversion_rate"))
                .map(|i| Card {
                    label: i.label,
                    value: i.value,
                    formula: i.formula,
                    badge: None,
                })
        }))
        .collect()
}

/// Sum of post reach (bars) and headline ER (line, with the target) by
/// period, one panel each over a shared time axis. A period without a value
/// is a gap marked `—`, never a zero.
fn period_chart(h: &mut String, r: &ReportDoc, l: Lang) {
    let labels: Vec<String> = r.periods.iter().map(|p| p.period.clone()).collect();
    let panels = [
        Panel {
            title: l.pick("Sum of post reach", "Сумма охватов").to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: vec![Series::new(
                l.pick("reach", "охват"),
                Mark::Bars,
                chart::PALE_BLUE,
                r.periods
                    .iter()
                    .map(|p| p.summary.reach.map(|v| v as f64))
                    .collect(),
                |v| fmt_count(Some(v as u64), l),
            )],
            target: None,
        },
        Panel {
            title: format!("ER, % ({})", view::formulas(r, l).aggregate),
            scale: Scale::Percent,
            from_zero: true,
            series: vec![Series::new(
                "ER",
                Mark::Line,
                chart::BLUE,
                r.periods.iter().map(|p| p.summary.er).collect(),
                |v| fmt_pct(Some(v), l),
            )],
            target: Some((
                r.formula.target_er,
                format!(
                    "{} {} %",
                    l.pick("target", "цель"),
                    decimal(r.formula.target_er, 2, l)
                ),
            )),
        },
    ];
    chart::time_chart(
        h,
        "periods",
        l.pick(
            "Sum of post reach and ER by period",
            "Сумма охватов и ER по периодам",
        ),
        &labels,
        &panels,
        l,
    );
}

/// Bars of each listed hashtag's lift (its mean ER against all posts'), or
/// of its mean ER when no lift is defined.
fn hashtag_chart(h: &mut String, r: &ReportDoc, l: Lang, top: usize) {
    let tags: Vec<_> = r.hashtags.iter().take(top).collect();
    let lift = tags.iter().any(|t| t.lift.is_some());
    let (title, rows): (&str, Vec<HBar>) = if lift {
        (
            l.pick(
                "Lift: the tag's mean ER against all posts' mean ER",
                "Прирост: среднее ER с хештегом к среднему ER всех публикаций",
            ),
            tags.iter()
                .map(|t| HBar {
                    label: t.tag.clone(),
                    value: t.lift,
                    text: fmt_growth(t.lift, l),
                })
                .collect(),
        )
    } else {
        (
            l.pick(
                "Mean ER of posts with the tag",
                "Среднее ER публикаций с хештегом",
            ),
            tags.iter()
                .map(|t| HBar {
                    label: t.tag.clone(),
                    value: t.er_mean,
                    text: fmt_pct(t.er_mean, l),
                })
                .collect(),
        )
    };
    chart::hbars(h, "hashtags", title, &rows);
}

/// The change of each figure against the base, in % of the base: the
/// comparison at a glance, above its table.
fn comparison_chart(h: &mut String, r: &ReportDoc, l: Lang) {
    let Some(c) = &r.comparison else { return };
    let rows: Vec<HBar> = c
        .summary
        .iter()
        .filter(|(_, m)| m.change_pct.is_some())
        .map(|(k, m)| HBar {
            label: view::figure_label(k, l),
            value: m.change_pct,
            text: format!(
                "{} ({})",
                fmt_growth(m.change_pct, l),
                fmt_change(k, m.change, l)
            ),
        })
        .collect();
    chart::hbars(
        h,
        "comparison",
        l.pick(
            "Change against the base, % of the base",
            "Изменение к базе, % от базы",
        ),
        &rows,
    );
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
    chart::open(h, "heatmap", width, height, title);
    put!(
        h,
        "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1d2733\" stroke-opacity=\"0.45\" stroke-width=\"2\"/></pattern></defs>\n"
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
