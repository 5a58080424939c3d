//! `core` as a labelled document, and the sections the HTML page reuses.

use super::{s, Doc, Section};
use crate::doc::core::CoreDoc;
use crate::metrics::core::Bucket;
use crate::output::{fmt_count, fmt_num, fmt_pct, Lang};

/// `smmkpi core` as a labelled document.
pub fn doc(r: &CoreDoc, lang: Lang) -> Doc {
    let l = lang;
    let n = r.min_actions;
    let mut lines = vec![
        format!("{}: {}", l.pick("Files", "Файлы"), r.input.files.join(", ")),
        format!(
            "{}: {} · {}: {}{} · {}: {}",
            l.pick("Rows read", "Строк прочитано"),
            fmt_count(Some(r.input.rows_read), l),
            l.pick("actions counted", "учтено действий"),
            fmt_count(Some(r.input.actions), l),
            if r.input.filtered_out > 0 {
                format!(
                    " · {}: {}",
                    l.pick("left out by --actions", "отброшено --actions"),
                    fmt_count(Some(r.input.filtered_out), l)
                )
            } else {
                String::new()
            },
            l.pick("skipped", "пропущено"),
            fmt_count(Some(r.input.skipped_count), l)
        ),
    ];
    if let Some(f) = &r.actions_filter {
        lines.push(format!(
            "{}: {}",
            l.pick("Actions counted", "Учитываемые действия"),
            f.join(", ")
        ));
    }
    if let Some(w) = r.window {
        lines.push(match l {
            Lang::En => format!(
                "Core: users with at least {n} actions in each of {} consecutive months, {} … {}",
                r.months, w.start, w.end
            ),
            Lang::Ru => format!(
                "Ядро: пользователи, у которых не меньше {n} действий в каждом из {} месяцев подряд, {} … {}",
                r.months, w.start, w.end
            ),
        });
    }
    lines.push(match (r.core_size, r.data_months) {
        (Some(c), _) => format!(
            "{}: {} {} {} {} ({})",
            l.pick("Core size", "Размер ядра"),
            fmt_count(Some(c), l),
            l.pick("of", "из"),
            fmt_count(Some(r.users), l),
            l.pick("users", "пользователей"),
            fmt_pct(r.core_share, l)
        ),
        (None, Some(d)) => format!(
            "{}: — ({} {} … {})",
            l.pick("Core size", "Размер ядра"),
            l.pick(
                "the window needs every month within the data,",
                "окно должно лежать внутри данных,"
            ),
            d.first,
            d.last
        ),
        (None, None) => s(l.pick("No actions to count.", "Нет действий для подсчёта.")),
    });
    let dist = &r.distribution;
    if dist.user_months > 0 {
        lines.push(format!(
            "{}: {} {}, {} {}, {} {}, {} {}",
            l.pick(
                "Actions per user per active month",
                "Действий на пользователя в активный месяц"
            ),
            l.pick("mean", "среднее"),
            fmt_num(dist.mean, l),
            l.pick("median", "медиана"),
            fmt_num(dist.median, l),
            l.pick("90th percentile", "90-й процентиль"),
            fmt_count(dist.p90.map(u64::from), l),
            l.pick("max", "максимум"),
            fmt_count(dist.max.map(u64::from), l)
        ));
    }
    let sections = [
        months_section(r, l),
        distribution_section(r, l),
        by_min_actions_section(r, l),
        action_values_section(r, l),
    ]
    .into_iter()
    .flatten()
    .collect();
    Doc {
        title: s(l.pick("Active core", "Активное ядро")),
        lines,
        sections,
    }
}

/// The core month by month, with who entered and left; `None` without months.
pub fn months_section(r: &CoreDoc, l: Lang) -> Option<Section> {
    if r.monthly.is_empty() {
        return None;
    }
    let n = r.min_actions;
    Some(Section {
        title: s(l.pick("Months", "По месяцам")),
        headers: vec![
            s(l.pick("Month", "Месяц")),
            s(l.pick("Actions", "Действия")),
            s(l.pick("Active users", "Активные")),
            format!("{} ≥ {n}", l.pick("With", "С")),
            s(l.pick("Core", "Ядро")),
            s(l.pick("Entered", "Вошли")),
            s(l.pick("Left", "Вышли")),
        ],
        rows: r
            .monthly
            .iter()
            .map(|m| {
                vec![
                    m.month.to_string(),
                    fmt_count(Some(m.actions), l),
                    fmt_count(Some(m.active_users), l),
                    fmt_count(Some(m.meeting_min), l),
                    fmt_count(m.core, l),
                    fmt_count(m.entered, l),
                    fmt_count(m.left, l),
                ]
            })
            .collect(),
        numeric: (1..7).collect(),
    })
}

/// The ranges of the distribution up to the largest count seen.
pub fn shown_buckets(r: &CoreDoc) -> &[Bucket] {
    let b = &r.distribution.buckets;
    // Ranges past the largest count say nothing.
    &b[..b
        .iter()
        .rposition(|b| b.user_months > 0)
        .map_or(0, |i| i + 1)]
}

/// Actions per user per month, to choose N; `None` without actions.
pub fn distribution_section(r: &CoreDoc, l: Lang) -> Option<Section> {
    if r.distribution.user_months == 0 {
        return None;
    }
    Some(Section {
        title: s(l.pick(
            "Actions per user per month (to choose N)",
            "Действий на пользователя в месяц (для выбора N)",
        )),
        headers: vec![
            s(l.pick("Actions", "Действий")),
            s(l.pick("User-months", "Пользователе-месяцев")),
            s(l.pick("Share", "Доля")),
            s(l.pick("At least this many", "Не меньше стольких")),
        ],
        rows: shown_buckets(r)
            .iter()
            .map(|b| {
                vec![
                    b.actions.clone(),
                    fmt_count(Some(b.user_months), l),
                    fmt_pct(b.share, l),
                    fmt_pct(b.at_least_share, l),
                ]
            })
            .collect(),
        numeric: vec![1, 2, 3],
    })
}

/// The core for other N in the same window; `None` when it is undefined.
pub fn by_min_actions_section(r: &CoreDoc, l: Lang) -> Option<Section> {
    let w = r.window.filter(|_| !r.core_by_min_actions.is_empty())?;
    let n = r.min_actions;
    Some(Section {
        title: format!(
            "{} {} … {}",
            l.pick("Core size by N, window", "Размер ядра при другом N, окно"),
            w.start,
            w.end
        ),
        headers: vec![s("N"), s(l.pick("Core", "Ядро")), String::new()],
        rows: r
            .core_by_min_actions
            .iter()
            .map(|c| {
                vec![
                    c.min_actions.to_string(),
                    fmt_count(Some(c.core_size), l),
                    if c.min_actions == n {
                        s(l.pick("← chosen", "← выбрано"))
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
        numeric: vec![0, 1],
    })
}

/// Each action value of the logs and whether it counted; `None` without any.
pub fn action_values_section(r: &CoreDoc, l: Lang) -> Option<Section> {
    if r.action_values.is_empty() {
        return None;
    }
    Some(Section {
        title: s(l.pick("Action values", "Значения действий")),
        headers: vec![
            s(l.pick("Action", "Действие")),
            s(l.pick("Rows", "Строк")),
            s(l.pick("Counted", "Учтено")),
        ],
        rows: r
            .action_values
            .iter()
            .map(|a| {
                vec![
                    a.action.clone(),
                    fmt_count(Some(a.rows), l),
                    s(if a.counted {
                        l.pick("yes", "да")
                    } else {
                        l.pick("no", "нет")
                    }),
                ]
            })
            .collect(),
        numeric: vec![1],
    })
}
