//! `growth` as a labelled document, and the table the HTML page reuses.

use super::{fmt_signed, s, series_label, Doc, Section};
use crate::doc::growth::GrowthDoc;
use crate::metrics::growth::{Growth, GrowthPeriod};
use crate::output::{fmt_growth, fmt_num, Lang};

fn fmt_signed_f(v: Option<f64>, l: Lang) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) if x > 0.0 => format!("+{}", fmt_num(Some(x), l)),
        other => fmt_num(other, l),
    }
}

/// `smmkpi growth` as a labelled document.
pub fn doc(g: &GrowthDoc, lang: Lang) -> Doc {
    let l = lang;
    let mut lines = vec![format!(
        "{}: {}",
        l.pick("Files", "Файлы"),
        g.input.files.join(", ")
    )];
    for src in &g.sources {
        lines.push(format!(
            "{}: '{}' ({}, {}, {} {})",
            l.pick("Series", "Ряд"),
            src.label,
            src.platform,
            series_label(src.metric, l),
            src.days,
            l.pick("days", "дн.")
        ));
    }
    lines.push(match g.levels_from {
        Some("export") => s(l.pick(
            "Followers counts: as the files state them",
            "Число подписчиков: как в файлах",
        )),
        Some("end") => s(l.pick(
            "Followers counts: rebuilt from daily changes and --followers (now)",
            "Число подписчиков: восстановлено по изменениям и --followers (сейчас)",
        )),
        Some(_) => s(l.pick(
            "Followers counts: rebuilt from daily changes and --start-followers",
            "Число подписчиков: восстановлено по изменениям и --start-followers",
        )),
        None => s(l.pick(
            "No followers counts: growth rate needs --followers N or --start-followers N",
            "Нет числа подписчиков: для темпа роста нужен --followers N или --start-followers N",
        )),
    });
    lines.push(format!(
        "{} = ({} − {}) / {} × 100",
        l.pick("Growth rate", "Темп роста"),
        l.pick("end", "конец"),
        l.pick("start", "начало"),
        l.pick("start", "начало")
    ));
    let mut sections = vec![periods_section(
        s(l.pick("By period", "По периодам")),
        &g.periods,
        &g.summary,
        l,
    )];
    for p in &g.by_platform {
        sections.push(periods_section(
            format!("{}: {}", l.pick("Platform", "Платформа"), p.platform),
            &p.periods,
            &p.summary,
            l,
        ));
    }
    Doc {
        title: s(l.pick("Audience growth", "Рост аудитории")),
        lines,
        sections,
    }
}

/// Growth by period with a total row.
pub fn periods_section(
    title: String,
    periods: &[GrowthPeriod],
    total: &Growth,
    l: Lang,
) -> Section {
    let row = |label: String, gr: &Growth| {
        vec![
            label,
            gr.days.to_string(),
            fmt_signed(gr.followers_start, l),
            fmt_signed(gr.followers_end, l),
            fmt_signed(gr.gained, l),
            fmt_signed(gr.lost, l),
            fmt_signed(gr.net, l),
            fmt_growth(gr.growth_rate, l),
            fmt_signed_f(gr.avg_daily_growth, l),
        ]
    };
    let mut rows: Vec<Vec<String>> = periods
        .iter()
        .map(|p| row(p.period.clone(), &p.growth))
        .collect();
    rows.push(row(s(l.pick("Total", "Итого")), total));
    Section {
        title,
        headers: vec![
            s(l.pick("Period", "Период")),
            s(l.pick("Days", "Дней")),
            s(l.pick("Start", "Начало")),
            s(l.pick("End", "Конец")),
            s(l.pick("Gained", "Пришло")),
            s(l.pick("Lost", "Ушло")),
            s(l.pick("Net", "Прирост")),
            s(l.pick("Growth rate", "Темп роста")),
            s(l.pick("Per day", "В день")),
        ],
        rows,
        numeric: (1..9).collect(),
    }
}
