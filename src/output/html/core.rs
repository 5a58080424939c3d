//! `core` as a page: the rule and what was read, cards with the core's
//! size, the core month by month with who entered and left, how many
//! actions users make in a month (to choose N), the core for other N, the
//! action values, and every skipped row.

use super::chart::{self, HBar, Mark, Panel, Scale, Series};
use super::{table, Card, HtmlRenderer, Page};
use crate::doc::core::CoreDoc;
use crate::output::view::core as view;
use crate::output::{fmt_count, fmt_num, fmt_pct, Lang, Render};

impl Render<CoreDoc> for HtmlRenderer {
    fn render(&self, r: &CoreDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let doc = view::doc(r, l);
        let mut page = Page::new(l, "core", &doc.title);
        let mut sub = Vec::new();
        if let Some(w) = r.window {
            sub.push(format!(
                "{} {} … {}",
                l.pick("window", "окно"),
                w.start,
                w.end
            ));
        }
        sub.push(format!(
            "{} {}",
            l.pick("generated", "сформирован"),
            self.today
        ));
        page.header(&doc.title, Some(&sub.join(" · ")), &doc.lines);
        page.cards(&cards(r, l));
        if let Some(sec) = view::months_section(r, l) {
            page.section("months", &sec.title, |h| {
                months_chart(h, r, l);
                table(h, &sec);
            });
        }
        if let Some(sec) = view::distribution_section(r, l) {
            page.section("distribution", &sec.title, |h| {
                let rows: Vec<HBar> = view::shown_buckets(r)
                    .iter()
                    .map(|b| HBar {
                        label: b.actions.clone(),
                        value: b.share,
                        text: format!(
                            "{} ({})",
                            fmt_pct(b.share, l),
                            fmt_count(Some(b.user_months), l)
                        ),
                    })
                    .collect();
                chart::hbars(
                    h,
                    "distribution",
                    l.pick(
                        "Share of active user-months by actions in the month",
                        "Доля активных пользователе-месяцев по числу действий",
                    ),
                    &rows,
                );
                table(h, &sec);
            });
        }
        if let Some(sec) = view::by_min_actions_section(r, l) {
            page.section("by-n", &sec.title, |h| table(h, &sec));
        }
        if let Some(sec) = view::action_values_section(r, l) {
            page.section("actions", &sec.title, |h| table(h, &sec));
        }
        page.skipped(&r.input.skipped);
        Ok(page.finish())
    }
}

/// The core's size and share, the users, and actions per user-month.
fn cards(r: &CoreDoc, l: Lang) -> Vec<Card> {
    let d = &r.distribution;
    vec![
        Card {
            label: l.pick("Core size", "Размер ядра").to_string(),
            value: fmt_count(r.core_size, l),
            formula: match l {
                Lang::En => format!("≥ {} actions in each of {} months", r.min_actions, r.months),
                Lang::Ru => format!("≥ {} действий в каждом из {} мес.", r.min_actions, r.months),
            },
            badge: None,
        },
        Card {
            label: l.pick("Share of users", "Доля пользователей").to_string(),
            value: fmt_pct(r.core_share, l),
            formula: l
                .pick("core size / users × 100", "ядро / пользователи × 100")
                .to_string(),
            badge: None,
        },
        Card {
            label: l.pick("Users", "Пользователи").to_string(),
            value: fmt_count(Some(r.users), l),
            formula: l
                .pick("with at least one action", "хотя бы с одним действием")
                .to_string(),
            badge: None,
        },
        Card {
            label: l.pick("Actions counted", "Учтено действий").to_string(),
            value: fmt_count(Some(r.input.actions), l),
            formula: format!(
                "{} {}",
                l.pick("rows read:", "строк прочитано:"),
                fmt_count(Some(r.input.rows_read), l)
            ),
            badge: None,
        },
        Card {
            label: l
                .pick(
                    "Actions per user-month, median",
                    "Действий на пользователя в месяц, медиана",
                )
                .to_string(),
            value: fmt_num(d.median, l),
            formula: format!(
                "{} {} · p90 {}",
                l.pick("mean", "среднее"),
                fmt_num(d.mean, l),
                fmt_count(d.p90.map(u64::from), l)
            ),
            badge: None,
        },
    ]
}

/// Active users (bars) and the core (line) by month, then who entered
/// (above 0) and left (below 0) the core each month.
fn months_chart(h: &mut String, r: &CoreDoc, l: Lang) {
    let labels: Vec<String> = r.monthly.iter().map(|m| m.month.to_string()).collect();
    let count = move |v: f64| fmt_count(Some(v.abs() as u64), l);
    let panels = [
        Panel {
            title: l
                .pick("Active users and the core", "Активные пользователи и ядро")
                .to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: vec![
                Series::new(
                    l.pick("active users", "активные"),
                    Mark::Bars,
                    chart::PALE_BLUE,
                    r.monthly
                        .iter()
                        .map(|m| Some(m.active_users as f64))
                        .collect(),
                    count,
                ),
                Series::new(
                    l.pick("core", "ядро"),
                    Mark::Line,
                    chart::BLUE,
                    r.monthly.iter().map(|m| m.core.map(|c| c as f64)).collect(),
                    count,
                ),
            ],
            target: None,
        },
        Panel {
            title: l
                .pick("Entered and left the core", "Вошли в ядро и вышли из него")
                .to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: vec![
                Series::new(
                    l.pick("entered", "вошли"),
                    Mark::Bars,
                    chart::GREEN,
                    r.monthly
                        .iter()
                        .map(|m| m.entered.map(|c| c as f64))
                        .collect(),
                    count,
                ),
                Series::new(
                    l.pick("left", "вышли"),
                    Mark::Bars,
                    chart::RED,
                    r.monthly
                        .iter()
                        .map(|m| m.left.map(|c| -(c as f64)))
                        .collect(),
                    count,
                ),
            ],
            target: None,
        },
    ];
    chart::time_chart(
        h,
        "core-months",
        l.pick("The core by month", "Ядро по месяцам"),
        &labels,
        &panels,
        l,
    );
}
