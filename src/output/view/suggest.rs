//! `suggest` as a labelled document: each metric's current value, the
//! target suggested for the next period, and how it was made.

use super::goals::{fmt_change, fmt_value};
use super::report::figure_label;
use super::{s, Doc, Section};
use crate::doc::suggest::{SuggestDoc, SuggestRow};
use crate::metrics::suggest::Rule;
use crate::output::{fmt_growth, Lang};

fn rule_label(r: &SuggestRow, l: Lang) -> String {
    match (l, r.rule) {
        (Lang::En, _) => r.how.clone(),
        (Lang::Ru, None) => s("нет данных"),
        (Lang::Ru, Some(Rule::MedianGrowth)) => s("текущее + медианный рост последних периодов"),
        (Lang::Ru, Some(Rule::CappedAtBest)) => {
            s("текущее + лучшее изменение за период (медианный рост дал бы больше)")
        }
        (Lang::Ru, Some(Rule::Hold)) => s("удержать уровень: роста в последние периоды не было"),
        (Lang::Ru, Some(Rule::OnePeriod)) => s("удержать уровень: истории всего один период"),
    }
}

/// `smmkpi suggest` as a labelled document.
pub fn doc(d: &SuggestDoc, l: Lang) -> Doc {
    let files: Vec<&str> = d.files.iter().map(|f| f.path.as_str()).collect();
    let lines = vec![
        format!("{}: {}", l.pick("Files", "Файлы"), files.join(", ")),
        format!(
            "{}: {} ({} … {}) · {}: {}",
            l.pick("Targets for", "Цели на"),
            d.next.period,
            d.next.start,
            d.next.end,
            l.pick("as of", "на дату"),
            d.as_of
        ),
        s(l.pick(
            "Target = current × (1 + median growth of the last 3 periods), at most current + the best change seen; `-o goals.toml` writes them as a goals file",
            "Цель = текущее × (1 + медианный рост за 3 последних периода), не больше текущего + лучшее изменение; `-o goals.toml` запишет файл целей",
        )),
    ];
    let rows = d
        .suggestions
        .iter()
        .map(|r| {
            let m = r.metric.as_str();
            vec![
                figure_label(m, l),
                fmt_value(m, r.current, l),
                r.current_period.clone().unwrap_or_else(|| "—".to_string()),
                fmt_growth(r.median_growth, l),
                fmt_change(m, r.best_change, l),
                fmt_value(m, r.target, l),
                rule_label(r, l),
            ]
        })
        .collect();
    Doc {
        title: s(l.pick("Suggested targets", "Предлагаемые цели")),
        lines,
        sections: vec![Section {
            title: String::new(),
            headers: vec![
                s(l.pick("Metric", "Показатель")),
                s(l.pick("Current", "Сейчас")),
                s(l.pick("Period", "Период")),
                s(l.pick("Median growth", "Медианный рост")),
                s(l.pick("Best change", "Лучшее изменение")),
                s(l.pick("Target", "Цель")),
                s(l.pick("How", "Как получена")),
            ],
            rows,
            numeric: vec![1, 3, 4, 5],
        }],
    }
}
