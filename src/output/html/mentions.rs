//! `mentions` as a page: files and brands, cards with the totals and the
//! tone, mentions and reach by period (with the tone, when rated), the
//! sources with the most mentions, each brand's share of voice, and every
//! skipped row.

use super::chart::{self, HBar, Mark, Panel, Scale, Series};
use super::{table, Card, HtmlRenderer, Page};
use crate::doc::mentions::MentionsDoc;
use crate::output::view::mentions as view;
use crate::output::{fmt_count, fmt_pct, Lang, Render};

impl Render<MentionsDoc> for HtmlRenderer {
    fn render(&self, d: &MentionsDoc) -> anyhow::Result<Vec<u8>> {
        let l = self.lang;
        let title = view::title(l);
        let mut page = Page::new(l, "mentions", &title);
        let mut sub = Vec::new();
        if let (Some(a), Some(b)) = (d.first, d.last) {
            sub.push(format!("{}: {a} – {b}", l.pick("Mentions", "Упоминания")));
        }
        sub.push(format!(
            "{} {}",
            l.pick("generated", "сформирован"),
            self.today
        ));
        page.header(&title, Some(&sub.join(" · ")), &view::lines(d, l));
        page.cards(&cards(d, l));
        if let Some(sec) = view::periods_section(d, l) {
            page.section("periods", &sec.title, |h| {
                period_chart(h, d, l);
                table(h, &sec);
            });
        }
        if let Some(sec) = view::sources_section(d, l, self.top) {
            page.section("sources", &sec.title, |h| {
                let rows: Vec<HBar> =
                    d.by_source
                        .iter()
                        .take(self.top.max(1))
                        .map(|r| HBar {
                            label: r.source.clone().unwrap_or_else(|| {
                                l.pick("(not stated)", "(не указан)").to_string()
                            }),
                            value: Some(r.mentions as f64),
                            text: format!(
                                "{} ({})",
                                fmt_count(Some(r.mentions), l),
                                fmt_pct(r.share, l)
                            ),
                        })
                        .collect();
                chart::hbars(
                    h,
                    "sources",
                    l.pick("Mentions by source", "Упоминания по источникам"),
                    &rows,
                );
                table(h, &sec);
            });
        }
        if let Some(sec) = view::voice_section(d, l) {
            page.section("share-of-voice", &sec.title, |h| {
                let rows: Vec<HBar> = d
                    .share_of_voice
                    .iter()
                    .map(|v| HBar {
                        label: v.brand.clone(),
                        value: v.share,
                        text: format!(
                            "{} ({})",
                            fmt_pct(v.share, l),
                            fmt_count(Some(v.mentions), l)
                        ),
                    })
                    .collect();
                chart::hbars(
                    h,
                    "share-of-voice",
                    l.pick(
                        "Share of voice: a brand's mentions of all brands' mentions",
                        "Доля голоса: упоминания бренда от упоминаний всех брендов",
                    ),
                    &rows,
                );
                table(h, &sec);
            });
        }
        let summary = view::summary_section(d, l);
        page.section("summary", &summary.title, |h| table(h, &summary));
        page.skipped(&d.input.skipped);
        Ok(page.finish())
    }
}

/// Mentions and reach, and the shares of positive and negative mentions.
fn cards(d: &MentionsDoc, l: Lang) -> Vec<Card> {
    let card = Card::new;
    let mut cards = vec![
        card(
            l.pick("Mentions", "Упоминания"),
            fmt_count(Some(d.total), l),
            l.pick("rows read as mentions", "строки-упоминания"),
        ),
        card(
            l.pick("Reach", "Охват"),
            fmt_count(d.reach, l),
            l.pick("Σ reach of the mentions", "Σ охвата упоминаний"),
        ),
    ];
    if let Some(t) = &d.sentiment {
        cards.push(card(
            l.pick("Positive", "Позитивные"),
            fmt_pct(t.positive_share, l),
            l.pick("positive / rated × 100", "позитивные / оценённые × 100"),
        ));
        cards.push(card(
            l.pick("Negative", "Негативные"),
            fmt_pct(t.negative_share, l),
            l.pick("negative / rated × 100", "негативные / оценённые × 100"),
        ));
    }
    if let Some(top) = d
        .share_of_voice
        .iter()
        .max_by(|a, b| a.share.unwrap_or(-1.0).total_cmp(&b.share.unwrap_or(-1.0)))
    {
        cards.push(Card {
            label: format!("{}: {}", l.pick("Share of voice", "Доля голоса"), top.brand),
            value: fmt_pct(top.share, l),
            formula: l
                .pick(
                    "brand's mentions / all brands' mentions × 100",
                    "упоминания бренда / упоминания всех брендов × 100",
                )
                .to_string(),
            badge: None,
        });
    }
    cards
}

/// Mentions by period (bars; stacked by tone when rated) and their reach.
fn period_chart(h: &mut String, d: &MentionsDoc, l: Lang) {
    let labels: Vec<String> = d.by_period.iter().map(|p| p.period.clone()).collect();
    let count = move |v: f64| fmt_count(Some(v.round() as u64), l);
    let mut mentions = vec![Series::new(
        l.pick("mentions", "упоминания"),
        Mark::Bars,
        chart::PALE_BLUE,
        d.by_period
            .iter()
            .map(|p| Some(p.mentions as f64))
            .collect(),
        count,
    )];
    if d.sentiment.is_some() {
        let of = |f: fn(&crate::metrics::mentions::SentimentCounts) -> u64| {
            d.by_period
                .iter()
                .map(|p| p.sentiment.as_ref().map(|t| f(t) as f64))
                .collect::<Vec<_>>()
        };
        mentions.push(Series::new(
            l.pick("positive", "позитив"),
            Mark::Bars,
            chart::GREEN,
            of(|t| t.positive),
            count,
        ));
        mentions.push(Series::new(
            l.pick("negative", "негатив"),
            Mark::Bars,
            chart::RED,
            of(|t| t.negative),
            count,
        ));
    }
    let panels = [
        Panel {
            title: l.pick("Mentions", "Упоминания").to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: mentions,
            target: None,
        },
        Panel {
            title: l.pick("Reach", "Охват").to_string(),
            scale: Scale::Count,
            from_zero: true,
            series: vec![Series::new(
                l.pick("reach", "охват"),
                Mark::Line,
                chart::BLUE,
                d.by_period
                    .iter()
                    .map(|p| p.reach.map(|v| v as f64))
                    .collect(),
                count,
            )],
            target: None,
        },
    ];
    chart::time_chart(
        h,
        "mentions",
        l.pick(
            "Mentions and reach by period",
            "Упоминания и охват по периодам",
        ),
        &labels,
        &panels,
        l,
    );
}
