//! `mentions` as a labelled document, and the sections its HTML page reuses.

use super::{s, truncate, Doc, Section};
use crate::doc::mentions::MentionsDoc;
use crate::output::{fmt_count, fmt_pct, Lang};

/// The page's and the table's title.
pub fn title(l: Lang) -> String {
    s(l.pick("Brand mentions", "Упоминания бренда"))
}

/// `smmkpi mentions` as a labelled document.
pub fn doc(d: &MentionsDoc, l: Lang, top: usize) -> Doc {
    let mut sections = vec![summary_section(d, l)];
    sections.extend(periods_section(d, l));
    sections.extend(sources_section(d, l, top));
    sections.extend(voice_section(d, l));
    Doc {
        title: title(l),
        lines: lines(d, l),
        sections,
    }
}

/// Files, counts and brands.
pub fn lines(d: &MentionsDoc, l: Lang) -> Vec<String> {
    let i = &d.input;
    let mut lines = vec![
        format!("{}: {}", l.pick("Files", "Файлы"), i.files.join(", ")),
        format!(
            "{}: {} · {}: {} · {}: {}{}",
            l.pick("Rows read", "Строк прочитано"),
            i.rows_read,
            l.pick("mentions", "упоминаний"),
            i.mentions,
            l.pick("skipped", "пропущено"),
            i.skipped.len(),
            if i.filtered_out > 0 {
                format!(
                    " · {}: {}",
                    l.pick("outside --since/--until", "вне --since/--until"),
                    i.filtered_out
                )
            } else {
                String::new()
            }
        ),
    ];
    if let (Some(a), Some(b)) = (d.first, d.last) {
        lines.push(format!("{}: {a} – {b}", l.pick("Dates", "Даты")));
    }
    if !d.brands.is_empty() {
        let named: Vec<String> = d
            .brands
            .iter()
            .map(|b| format!("{} ({})", b.brand, b.words.join(", ")))
            .collect();
        lines.push(format!(
            "{}: {}",
            l.pick("Brands (words matched)", "Бренды (искомые слова)"),
            named.join("; ")
        ));
    }
    lines
}

/// The key figures with how each is made.
pub fn summary_section(d: &MentionsDoc, l: Lang) -> Section {
    let mut rows = vec![
        vec![
            s(l.pick("Mentions", "Упоминания")),
            fmt_count(Some(d.total), l),
            String::new(),
        ],
        vec![
            s(l.pick("Reach", "Охват")),
            fmt_count(d.reach, l),
            s(l.pick(
                "Σ reach of the mentions reporting it",
                "Σ охвата упоминаний, где он указан",
            )),
        ],
    ];
    if d.undated > 0 {
        rows.push(vec![
            s(l.pick("Without a date", "Без даты")),
            fmt_count(Some(d.undated), l),
            s(l.pick("in no period", "не попали в периоды")),
        ]);
    }
    if let Some(t) = &d.sentiment {
        let rated = l.pick("of rated mentions", "от оценённых");
        for (label, n, share) in [
            (
                l.pick("Positive", "Позитивные"),
                t.positive,
                t.positive_share,
            ),
            (l.pick("Neutral", "Нейтральные"), t.neutral, t.neutral_share),
            (
                l.pick("Negative", "Негативные"),
                t.negative,
                t.negative_share,
            ),
        ] {
            rows.push(vec![
                s(label),
                format!("{} ({})", fmt_count(Some(n), l), fmt_pct(share, l)),
                format!("% {rated}"),
            ]);
        }
        rows.push(vec![
            s(l.pick("Unrated", "Без оценки")),
            fmt_count(Some(t.unrated), l),
            s(l.pick("no tone stated", "тональность не указана")),
        ]);
    }
    if !d.brands.is_empty() {
        rows.push(vec![
            s(l.pick("Naming no brand", "Без упоминания брендов")),
            fmt_count(Some(d.naming_no_brand), l),
            String::new(),
        ]);
    }
    Section {
        title: s(l.pick("Summary", "Итоги")),
        headers: vec![
            s(l.pick("Metric", "Показатель")),
            s(l.pick("Value", "Значение")),
            s(l.pick("Formula", "Формула")),
        ],
        rows,
        numeric: vec![1],
    }
}

/// Mentions, reach and tone by period; `None` when no mention is dated.
pub fn periods_section(d: &MentionsDoc, l: Lang) -> Option<Section> {
    if d.by_period.is_empty() {
        return None;
    }
    let rated = d.sentiment.is_some();
    let mut headers = vec![
        s(l.pick("Period", "Период")),
        s(l.pick("Mentions", "Упоминания")),
        s(l.pick("Reach", "Охват")),
    ];
    if rated {
        headers.extend([
            s(l.pick("Positive", "Позитив")),
            s(l.pick("Neutral", "Нейтрал.")),
            s(l.pick("Negative", "Негатив")),
        ]);
    }
    let rows = d
        .by_period
        .iter()
        .map(|p| {
            let mut row = vec![
                p.period.clone(),
                fmt_count(Some(p.mentions), l),
                fmt_count(p.reach, l),
            ];
            if let Some(t) = &p.sentiment {
                row.extend([
                    fmt_count(Some(t.positive), l),
                    fmt_count(Some(t.neutral), l),
                    fmt_count(Some(t.negative), l),
                ]);
            } else if rated {
                row.extend(["—".to_string(), "—".to_string(), "—".to_string()]);
            }
            row
        })
        .collect();
    Some(Section {
        title: s(l.pick("By period", "По периодам")),
        numeric: (1..headers.len()).collect(),
        headers,
        rows,
    })
}

/// The `top` sources with the most mentions; `None` without mentions.
pub fn sources_section(d: &MentionsDoc, l: Lang, top: usize) -> Option<Section> {
    if d.by_source.is_empty() {
        return None;
    }
    Some(Section {
        title: s(l.pick("By source", "По источникам")),
        headers: vec![
            s(l.pick("Source", "Источник")),
            s(l.pick("Mentions", "Упоминания")),
            s(l.pick("Share", "Доля")),
            s(l.pick("Reach", "Охват")),
        ],
        rows: d
            .by_source
            .iter()
            .take(top.max(1))
            .map(|r| {
                vec![
                    r.source
                        .as_deref()
                        .map(|x| truncate(x, 48))
                        .unwrap_or_else(|| s(l.pick("(not stated)", "(не указан)"))),
                    fmt_count(Some(r.mentions), l),
                    fmt_pct(r.share, l),
                    fmt_count(r.reach, l),
                ]
            })
            .collect(),
        numeric: vec![1, 2, 3],
    })
}

/// Each brand's share of voice; `None` without `--brand`.
pub fn voice_section(d: &MentionsDoc, l: Lang) -> Option<Section> {
    if d.share_of_voice.is_empty() {
        return None;
    }
    Some(Section {
        title: s(l.pick("Share of voice", "Доля голоса")),
        headers: vec![
            s(l.pick("Brand", "Бренд")),
            s(l.pick("Mentions", "Упоминания")),
            s(l.pick(
                "Share of voice (of all brands' mentions)",
                "Доля голоса (от упоминаний всех брендов)",
            )),
            s(l.pick("Reach", "Охват")),
        ],
        rows: d
            .share_of_voice
            .iter()
            .map(|v| {
                vec![
                    v.brand.clone(),
                    fmt_count(Some(v.mentions), l),
                    fmt_pct(v.share, l),
                    fmt_count(v.reach, l),
                ]
            })
            .collect(),
        numeric: vec![1, 2, 3],
    })
}
