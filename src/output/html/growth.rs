//! `growth` as a page: the series read and where follower counts come
//! from, cards with the whole range's figures, followers and their change
//! by period (each platform's when there are several, then their sum), and
//! every skipped row.

use super::chart::{self, Mark, Panel, Scale, Series};
use super::{table, Card, HtmlRenderer, Page};
use crate::doc::growth::GrowthDoc;
use crate::metrics::growth::{Growth, GrowthPeriod};
use crate::output::view::{fmt_signed, growth as view};
use crate::output::{fmt_growth, fmt_num, Lang, Render};

impl Render<GrowthDoc> for HtmlRenderer {
    fn render(&self, g: &GrowthDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let doc = view::doc(g, l);
        let mut page = Page::new(l, "growth", &doc.title);
        let mut sub = Vec::new();
        if let (Some(first), Some(last)) = (g.first, g.last) {
            sub.push(format!("{}: {first} – {last}", l.pick("Days", "Дни")));
        }
        sub.push(format!(
            "{} {}",
            l.pick("generated", "сформирован"),
            self.today
        ));
        page.header(&doc.title, Some(&sub.join(" · ")), &doc.lines);
        page.cards(&cards(&g.summary, l));
        // With several platforms, one section each, then their sum; with
        // one, its section alone.
        let several = g.platforms.len() > 1;
        for (i, sec) in doc.sections.iter().enumerate() {
            let (id, periods) = match g.platforms.get(i).filter(|_| several) {
                Some(p) => (format!("platform-{}", p.platform), &p.periods),
                None => ("periods".to_string(), &g.periods),
            };
            page.section(&id, &sec.title, |h| {
                growth_chart(h, periods, l);
                table(h, sec);
            });
        }
        page.skipped(&g.input.skipped);
        Ok(page.finish())
    }
}

/// The whole range: followers at its start and end, the net change, the
/// growth rate and the mean daily change.
fn cards(s: &Growth, l: Lang) -> Vec<Card> {
    let card = Card::new;
    let mut cards = vec![
        card(
            l.pick("Followers at the start", "Подписчиков в начале"),
            fmt_signed(s.followers_start, l),
            l.pick("before the first day", "до первого дня"),
        ),
        card(
            l.pick("Followers at the end", "Подписчиков в конце"),
            fmt_signed(s.followers_end, l),
            l.pick("at the last day", "на последний день"),
        ),
        card(
            l.pick("Net change", "Прирост"),
            signed(s.net, l),
            l.pick("gained − lost", "пришло − ушло"),
        ),
        card(
            l.pick("Growth rate", "Темп роста"),
            fmt_growth(s.growth_rate, l),
            l.pick(
                "(end − start) / start × 100",
                "(конец − начало) / начало × 100",
            ),
        ),
        card(
            l.pick("Per day", "В день"),
            match s.avg_daily_growth.filter(|v| v.is_finite()) {
                Some(v) if v > 0.0 => format!("+{}", fmt_num(Some(v), l)),
                v => fmt_num(v, l),
            },
            l.pick("net change / days", "прирост / дни"),
        ),
    ];
    if s.gained.is_some() || s.lost.is_some() {
        cards.push(card(
            l.pick("Gained · lost", "Пришло · ушло"),
            format!("{} · {}", fmt_signed(s.gained, l), fmt_signed(s.lost, l)),
            l.pick("sums of daily figures", "суммы дневных значений"),
        ));
    }
    cards
}

/// A count with its sign: `+120`, `-35`.
fn signed(v: Option<i64>, l: Lang) -> String {
    match v {
        Some(x) if x > 0 => format!("+{}", fmt_signed(Some(x), l)),
        v => fmt_signed(v, l),
    }
}

/// Followers at the end of each period (a line, its axis around the
/// levels), then the change in each: gained above 0 and lost below with
/// the net change as a line where the files report gains and losses, else
/// the net change as bars.
fn growth_chart(h: &mut String, periods: &[GrowthPeriod], l: Lang) {
    let labels: Vec<String> = periods.iter().map(|p| p.period.clone()).collect();
    let of = |f: fn(&Growth) -> Option<i64>| -> Vec<Option<f64>> {
        periods
            .iter()
            .map(|p| f(&p.growth).map(|v| v as f64))
            .collect()
    };
    let count = move |v: f64| signed(Some(v.round() as i64), l);
    let level = move |v: f64| fmt_signed(Some(v.round() as i64), l);
    let net = l.pick("net change", "прирост");
    let change = if periods.iter().any(|p| p.growth.gained.is_some()) {
        vec![
            Series::new(
                l.pick("gained", "пришло"),
                Mark::Bars,
                chart::GREEN,
                of(|g| g.gained),
                count,
            ),
            Series::new(
                l.pick("lost", "ушло"),
                Mark::Bars,
                chart::RED,
                of(|g| g.lost.map(|v| -v.abs())),
                move |v: f64| fmt_signed(Some(v.abs().round() as i64), l),
            ),
            Series::new(net, Mark::Line, chart::BLUE, of(|g| g.net), count),
        ]
    } else {
        vec![Series::new(net, Mark::Bars, chart::GREEN, of(|g| g.net), count).negative(chart::RED)]
    };
    let panels = [
        Panel {
            title: l
                .pick(
                    "Followers at the end of the period",
                    "Подписчиков на конец периода",
                )
                .to_string(),
            scale: Scale::Count,
            from_zero: false,
            series: vec![Series::new(
                l.pick("followers", "подписчики"),
                Mark::Line,
                chart::BLUE,
                of(|g| g.followers_end),
                level,
            )],
            target: None,
        },
        Panel {
            title: l
                .pick("Change in the period", "Изменение за период")
                .to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: change,
            target: None,
        },
    ];
    chart::time_chart(
        h,
        "growth",
        l.pick(
            "Followers and their change by period",
            "Подписчики и их изменение по периодам",
        ),
        &labels,
        &panels,
        l,
    );
}
