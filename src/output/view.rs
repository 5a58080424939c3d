//! Labelled, formatted views of the documents, shared by the table and
//! Markdown renderers so both say the same thing in the same language.

use super::{fmt_count, fmt_growth, fmt_num, fmt_pct, fmt_pp, Lang};
use crate::input::FileReport;
use crate::metrics::{Aggregate, Band, PostFigures};
use crate::report::{PostRow, Report};

/// One titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers (right-aligned).
    pub numeric: Vec<usize>,
}

/// A document: a title, a few lines of context, then tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: String,
    pub lines: Vec<String>,
    pub sections: Vec<Section>,
}

fn band_label(b: Option<Band>, lang: Lang) -> String {
    match b {
        None => "—",
        Some(Band::Low) => lang.pick("low", "низкий"),
        Some(Band::Average) => lang.pick("average", "средний"),
        Some(Band::High) => lang.pick("high", "высокий"),
        Some(Band::VeryHigh) => lang.pick("very high", "очень высокий"),
    }
    .to_string()
}

fn field_label(name: &str, lang: Lang) -> &'static str {
    match name {
        "reach" => lang.pick("reach", "охват"),
        "views" => lang.pick("views", "просмотры"),
        "followers" => lang.pick("followers", "подписчики"),
        "likes" => lang.pick("likes", "лайки"),
        "comments" => lang.pick("comments", "комментарии"),
        "reposts" => lang.pick("reposts", "репосты"),
        "saves" => lang.pick("saves", "сохранения"),
        "poll_votes" => lang.pick("poll votes", "голоса в опросах"),
        "link_clicks" => lang.pick("link clicks", "переходы по ссылке"),
        _ => "?",
    }
}

fn s(x: &str) -> String {
    x.to_string()
}

/// The report as a labelled document.
pub fn report_doc(r: &Report, lang: Lang, top: usize) -> Doc {
    let l = lang;
    let basis = field_label(r.formula.er_basis.name(), l);
    let inter: Vec<&str> = r
        .formula
        .interactions
        .iter()
        .map(|c| field_label(c.name(), l))
        .collect();
    let inter_f = inter.join(" + ");
    let er_f = format!(
        "{} / {basis} × 100",
        l.pick("interactions", "взаимодействия")
    );
    let mut lines = vec![
        format!("{}: {}", l.pick("Files", "Файлы"), r.input.files.join(", ")),
        format!(
            "{}: {} · {}: {} · {}: {}{}",
            l.pick("Rows read", "Строк прочитано"),
            r.input.rows_read,
            l.pick("posts", "публикаций"),
            r.input.posts,
            l.pick("skipped", "пропущено"),
            r.input.skipped.len(),
            if r.input.filtered_out > 0 {
                format!(
                    " · {}: {}",
                    l.pick("outside --since/--until", "вне --since/--until"),
                    r.input.filtered_out
                )
            } else {
                String::new()
            }
        ),
        format!("{}: {inter_f}", l.pick("Interactions", "Взаимодействия")),
        format!("ER = {er_f}"),
    ];
    if r.input.posts == 0 {
        lines.push(s(
            l.pick("No posts to report on.", "Нет публикаций для отчёта.")
        ));
    }
    let su = &r.summary;
    let agg = match r.formula.aggregate {
        Aggregate::Mean => l.pick("mean of per-post ER", "среднее ER публикаций"),
        Aggregate::Median => l.pick("median of per-post ER", "медиана ER публикаций"),
        Aggregate::Ratio => l.pick("Σ interactions / Σ basis", "Σ взаимодействий / Σ базы"),
    };
    let mut summary_rows = vec![
        vec![
            s(l.pick("Posts", "Публикации")),
            su.posts.to_string(),
            String::new(),
        ],
        vec![
            s(l.pick("Reach (sum of post reach)", "Охват (сумма охватов)")),
            fmt_count(su.reach, l),
            format!("Σ {}", field_label("reach", l)),
        ],
        vec![
            s(l.pick("Views", "Просмотры")),
            fmt_count(su.views, l),
            format!("Σ {}", field_label("views", l)),
        ],
        vec![
            s(l.pick("Likes", "Лайки")),
            fmt_count(su.likes, l),
            format!("Σ {}", field_label("likes", l)),
        ],
        vec![
            s(l.pick("Comments", "Комментарии")),
            fmt_count(su.comments, l),
            format!("Σ {}", field_label("comments", l)),
        ],
        vec![
            s(l.pick("Reposts", "Репосты")),
            fmt_count(su.reposts, l),
            format!("Σ {}", field_label("reposts", l)),
        ],
        vec![
            s(l.pick("Saves", "Сохранения")),
            fmt_count(su.saves, l),
            format!("Σ {}", field_label("saves", l)),
        ],
        vec![
            s(l.pick("Poll votes", "Голоса в опросах")),
            fmt_count(su.poll_votes, l),
            format!("Σ {}", field_label("poll_votes", l)),
        ],
        vec![
            s(l.pick("Link clicks", "Переходы по ссылке")),
            fmt_count(su.link_clicks, l),
            format!("Σ {}", field_label("link_clicks", l)),
        ],
        vec![
            s(l.pick("Interactions", "Взаимодействия")),
            fmt_count(su.interactions, l),
            inter_f.clone(),
        ],
        vec![
            match su.band {
                Some(_) => format!(
                    "ER ({}: {})",
                    l.pick("band", "уровень"),
                    band_label(su.band, l)
                ),
                None => s("ER"),
            },
            fmt_pct(su.er, l),
            format!(
                "{agg}; {}: {} %",
                l.pick("target", "цель"),
                r.formula.target_er
            ),
        ],
        vec![
            s(l.pick("ER, mean", "ER, среднее")),
            fmt_pct(su.er_mean, l),
            format!("{}({er_f})", l.pick("mean", "среднее")),
        ],
        vec![
            s(l.pick("ER, median", "ER, медиана")),
            fmt_pct(su.er_median, l),
            format!("{}({er_f})", l.pick("median", "медиана")),
        ],
        vec![
            s(l.pick("ER, ratio of sums", "ER, отношение сумм")),
            fmt_pct(su.er_ratio, l),
            format!(
                "Σ {} / Σ {basis} × 100",
                l.pick("interactions", "взаимодействий")
            ),
        ],
        vec![
            s("CTR"),
            fmt_pct(su.ctr, l),
            format!(
                "Σ {} / Σ {} × 100",
                field_label("link_clicks", l),
                field_label("reach", l)
            ),
        ],
    ];
    // Counts no post reports say nothing: leave them out of the table.
    summary_rows.retain(|row| row[1] != "—" || row[0].starts_with("ER") || row[0] == "CTR");
    let mut sections = vec![Section {
        title: s(l.pick("Summary", "Итоги")),
        headers: vec![
            s(l.pick("Metric", "Показатель")),
            s(l.pick("Value", "Значение")),
            s(l.pick("Formula", "Формула")),
        ],
        rows: summary_rows,
        numeric: vec![1],
    }];
    if !r.periods.is_empty() {
        sections.push(Section {
            title: s(l.pick("Periods", "Периоды")),
            headers: vec![
                s(l.pick("Period", "Период")),
                s(l.pick("Posts", "Публ.")),
                s(l.pick("Reach", "Охват")),
                s(l.pick("Reach growth", "Рост охвата")),
                s(l.pick("Mean reach", "Ср. охват")),
                s(l.pick("Mean reach growth", "Рост ср. охвата")),
                s(l.pick("Interactions", "Взаимод.")),
                s("ER"),
                s(l.pick("ER change", "Изм. ER")),
            ],
            rows: r
                .periods
                .iter()
                .map(|p| {
                    vec![
                        p.period.clone(),
                        p.summary.posts.to_string(),
                        fmt_count(p.summary.reach, l),
                        fmt_growth(p.reach_growth, l),
                        fmt_num(p.summary.reach_mean, l),
                        fmt_growth(p.reach_mean_growth, l),
                        fmt_count(p.summary.interactions, l),
                        fmt_pct(p.summary.er, l),
                        fmt_pp(p.er_change, l),
                    ]
                })
                .collect(),
            numeric: (1..9).collect(),
        });
    }
    if !r.top_posts.is_empty() {
        sections.push(top_section(&r.top_posts, l, basis));
    }
    if !r.hashtags.is_empty() {
        sections.push(Section {
            title: s(l.pick("Hashtags", "Хештеги")),
            headers: vec![
                s(l.pick("Hashtag", "Хештег")),
                s(l.pick("Posts", "Публ.")),
                s(l.pick("Mean reach", "Ср. охват")),
                s(l.pick("Mean ER", "Ср. ER")),
                s(l.pick("Lift", "Прирост")),
            ],
            rows: r
                .hashtags
                .iter()
                .take(top)
                .map(|h| {
                    vec![
                        h.tag.clone(),
                        h.posts.to_string(),
                        fmt_num(h.reach_mean, l),
                        fmt_pct(h.er_mean, l),
                        fmt_growth(h.lift, l),
                    ]
                })
                .collect(),
            numeric: vec![1, 2, 3, 4],
        });
    }
    if !r.best_time.is_empty() {
        let days_ru = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
        sections.push(Section {
            title: s(l.pick("Best posting time", "Лучшее время публикации")),
            headers: vec![
                s(l.pick("Day", "День")),
                s(l.pick("Hour", "Час")),
                s(l.pick("Posts", "Публ.")),
                s(l.pick("Mean ER", "Ср. ER")),
                s(l.pick("Note", "Примечание")),
            ],
            rows: r
                .best_time
                .iter()
                .take(top)
                .map(|t| {
                    vec![
                        match l {
                            Lang::En => t.day.to_string(),
                            Lang::Ru => days_ru[(t.weekday as usize).clamp(1, 7) - 1].to_string(),
                        },
                        format!("{:02}:00", t.hour),
                        t.posts.to_string(),
                        fmt_pct(t.er_mean, l),
                        if t.low_sample {
                            s(l.pick("fewer than 2 posts", "меньше 2 публикаций"))
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect(),
            numeric: vec![1, 2, 3],
        });
    }
    Doc {
        title: s(l.pick("SMM report", "SMM-отчёт")),
        lines,
        sections,
    }
}

fn top_section(posts: &[PostRow], l: Lang, basis: &str) -> Section {
    Section {
        title: s(l.pick("Top posts by ER", "Лучшие публикации по ER")),
        headers: vec![
            s("#"),
            s(l.pick("Published", "Дата")),
            s(l.pick("Post", "Публикация")),
            capitalize(basis),
            s(l.pick("Interactions", "Взаимод.")),
            s("ER"),
        ],
        rows: posts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let base = match basis {
                    b if b == field_label("views", l) => p.views,
                    b if b == field_label("followers", l) => p.followers,
                    _ => p.reach,
                };
                let what = match (&p.text, &p.id) {
                    (Some(t), _) if !t.is_empty() => truncate(t, 48),
                    (_, Some(id)) => id.clone(),
                    _ => format!("{}:{}", p.file, p.line),
                };
                vec![
                    (i + 1).to_string(),
                    p.published_at
                        .map(|t| t.local.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| "—".to_string()),
                    what,
                    fmt_count(base, l),
                    fmt_count(p.interactions, l),
                    fmt_pct(p.er, l),
                ]
            })
            .collect(),
        numeric: vec![0, 3, 4, 5],
    }
}

fn capitalize(t: &str) -> String {
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn truncate(t: &str, n: usize) -> String {
    if t.chars().count() > n {
        format!("{}…", t.chars().take(n - 1).collect::<String>())
    } else {
        t.to_string()
    }
}

/// `smmkpi er` as a labelled document.
pub fn er_doc(f: &PostFigures, lang: Lang) -> Doc {
    let l = lang;
    let inter: Vec<&str> = f
        .interaction_fields
        .iter()
        .map(|c| field_label(c.name(), l))
        .collect();
    let i = l.pick("interactions", "взаимодействия");
    let rows = vec![
        vec![
            s(l.pick("Interactions", "Взаимодействия")),
            fmt_count(f.interactions, l),
            inter.join(" + "),
        ],
        vec![
            format!("ER ({})", field_label(f.basis.name(), l)),
            fmt_pct(f.er, l),
            format!("{i} / {} × 100", field_label(f.basis.name(), l)),
        ],
        vec![
            s(l.pick("ER by reach", "ER по охвату")),
            fmt_pct(f.er_reach, l),
            format!("{i} / {} × 100", field_label("reach", l)),
        ],
        vec![
            s(l.pick("ER by followers", "ER по подписчикам")),
            fmt_pct(f.er_followers, l),
            format!("{i} / {} × 100", field_label("followers", l)),
        ],
        vec![
            s(l.pick("ER by views", "ER по просмотрам")),
            fmt_pct(f.er_views, l),
            format!("{i} / {} × 100", field_label("views", l)),
        ],
        vec![
            s("CTR"),
            fmt_pct(f.ctr, l),
            format!(
                "{} / {} × 100",
                field_label("link_clicks", l),
                field_label("reach", l)
            ),
        ],
        vec![
            s(l.pick("Band", "Уровень")),
            band_label(f.band, l),
            format!("{}: {} %", l.pick("target ER", "целевой ER"), f.target_er),
        ],
    ];
    Doc {
        title: s(l.pick("Engagement rate of one post", "ER одной публикации")),
        lines: Vec::new(),
        sections: vec![Section {
            title: String::new(),
            headers: vec![
                s(l.pick("Metric", "Показатель")),
                s(l.pick("Value", "Значение")),
                s(l.pick("Formula", "Формула")),
            ],
            rows,
            numeric: vec![1],
        }],
    }
}

/// `smmkpi inspect` as a labelled document: one block per file.
pub fn inspect_doc(files: &[FileReport], skipped: &[crate::input::Skip], lang: Lang) -> Doc {
    let l = lang;
    let mut sections = Vec::new();
    for f in files {
        let mut rows = vec![
            vec![s(l.pick("Format", "Формат")), f.format.clone()],
            vec![s(l.pick("Platform", "Платформа")), f.platform.clone()],
            vec![
                s(l.pick("Encoding", "Кодировка")),
                f.encoding
                    .map(|e| e.name().to_string())
                    .unwrap_or_else(|| "—".into()),
            ],
        ];
        if let Some(d) = &f.delimiter {
            rows.push(vec![s(l.pick("Delimiter", "Разделитель")), d.clone()]);
        }
        if let Some(h) = f.header_line {
            rows.push(vec![
                s(l.pick("Header line", "Строка заголовка")),
                h.to_string(),
            ]);
        }
        for p in &f.preamble {
            rows.push(vec![
                format!(
                    "{} {}",
                    l.pick(
                        "Skipped above header, line",
                        "Пропущено над заголовком, строка"
                    ),
                    p.line
                ),
                truncate(&p.text, 60),
            ]);
        }
        if let Some(m) = &f.mapping {
            for mf in &m.fields {
                rows.push(vec![
                    format!("  {} ← ", mf.field.name()),
                    format!(
                        "'{}' ({} {})",
                        mf.header.trim(),
                        l.pick("column", "столбец"),
                        mf.column + 1
                    ),
                ]);
            }
            if !m.unmapped.is_empty() {
                rows.push(vec![
                    s(l.pick("Headers left unmapped", "Столбцы без поля")),
                    m.unmapped.join(", "),
                ]);
            }
        }
        rows.push(vec![
            s(l.pick("Rows read", "Строк прочитано")),
            f.rows_read.to_string(),
        ]);
        rows.push(vec![
            s(l.pick("Rows used (posts)", "Использовано (публикаций)")),
            f.posts.to_string(),
        ]);
        rows.push(vec![
            s(l.pick("Rows skipped", "Строк пропущено")),
            f.skipped.to_string(),
        ]);
        for sk in skipped.iter().filter(|s| s.file == f.path) {
            rows.push(vec![
                format!("  {} {}", l.pick("line", "строка"), sk.line),
                sk.reason.clone(),
            ]);
        }
        for n in &f.notes {
            rows.push(vec![s(l.pick("Note", "Примечание")), n.clone()]);
        }
        sections.push(Section {
            title: f.path.clone(),
            headers: vec![s(l.pick("What", "Что")), s(l.pick("Found", "Найдено"))],
            rows,
            numeric: Vec::new(),
        });
    }
    Doc {
        title: s(l.pick("What smmkpi understood", "Что понял smmkpi")),
        lines: Vec::new(),
        sections,
    }
}

/// `smmkpi core` as a labelled document.
pub fn core_doc(r: &crate::core_report::CoreReport, lang: Lang) -> Doc {
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
    let mut sections = Vec::new();
    if !r.monthly.is_empty() {
        sections.push(Section {
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
        });
    }
    if dist.user_months > 0 {
        sections.push(Section {
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
            rows: dist
                .buckets
                .iter()
                // Ranges past the largest count say nothing.
                .take(
                    dist.buckets
                        .iter()
                        .rposition(|b| b.user_months > 0)
                        .map_or(0, |i| i + 1),
                )
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
        });
    }
    if let (false, Some(w)) = (r.core_by_min_actions.is_empty(), r.window) {
        sections.push(Section {
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
        });
    }
    if !r.action_values.is_empty() {
        sections.push(Section {
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
        });
    }
    Doc {
        title: s(l.pick("Active core", "Активное ядро")),
        lines,
        sections,
    }
}
