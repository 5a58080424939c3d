//! Labelled, formatted views of the documents, shared by the table and
//! Markdown renderers so both say the same thing in the same language.

use super::{fmt_count, fmt_growth, fmt_num, fmt_pct, fmt_pp, Lang};
use crate::doc::report::{PostRow, ReportDoc, WebSection};
use crate::metrics::series::SeriesSummary;
use crate::metrics::{Aggregate, Band, PostFigures};
use crate::model::{FileReport, SeriesMetric, Skip, SkipKind};

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

/// The ER band in words.
pub(crate) fn band_label(b: Option<Band>, lang: Lang) -> String {
    match b {
        None => "—",
        Some(Band::Low) => lang.pick("low", "низкий"),
        Some(Band::Average) => lang.pick("average", "средний"),
        Some(Band::High) => lang.pick("high", "высокий"),
        Some(Band::VeryHigh) => lang.pick("very high", "очень высокий"),
    }
    .to_string()
}

/// A canonical count field in words (`reach` → `охват`).
pub(crate) fn field_label(name: &str, lang: Lang) -> &'static str {
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
pub fn report_doc(r: &ReportDoc, lang: Lang, top: usize) -> Doc {
    let mut sections = vec![summary_section(r, lang)];
    sections.extend(periods_section(r, lang));
    sections.extend(top_posts_section(r, lang));
    sections.extend(hashtags_section(r, lang, top));
    sections.extend(best_time_section(r, lang, top));
    if !r.series.is_empty() {
        sections.push(series_section(&r.series, lang));
    }
    for w in &r.web {
        sections.extend(web_sections(w, lang, top));
    }
    Doc {
        title: report_title(lang),
        lines: report_lines(r, lang),
        sections,
    }
}

/// The report's title.
pub fn report_title(l: Lang) -> String {
    s(l.pick("SMM report", "SMM-отчёт"))
}

/// The formulas of a report in words.
pub struct Formulas {
    /// The ER denominator (`reach`, `охват`, ...).
    pub basis: &'static str,
    /// `likes + comments + ...`.
    pub interactions: String,
    /// `interactions / reach × 100`.
    pub er: String,
    /// What the headline ER is: `mean of per-post ER`, ...
    pub aggregate: &'static str,
}

/// The formulas of a report in words.
pub fn formulas(r: &ReportDoc, l: Lang) -> Formulas {
    let basis = field_label(r.formula.er_basis.name(), l);
    let inter: Vec<&str> = r
        .formula
        .interactions
        .iter()
        .map(|c| field_label(c.name(), l))
        .collect();
    Formulas {
        basis,
        interactions: inter.join(" + "),
        er: format!(
            "{} / {basis} × 100",
            l.pick("interactions", "взаимодействия")
        ),
        aggregate: match r.formula.aggregate {
            Aggregate::Mean => l.pick("mean of per-post ER", "среднее ER публикаций"),
            Aggregate::Median => l.pick("median of per-post ER", "медиана ER публикаций"),
            Aggregate::Ratio => l.pick("Σ interactions / Σ basis", "Σ взаимодействий / Σ базы"),
        },
    }
}

/// The lines of context above the report's tables: files, row counts, formulas.
pub fn report_lines(r: &ReportDoc, l: Lang) -> Vec<String> {
    let f = formulas(r, l);
    // Rows left out for a reason that only some runs have, shown when there are any.
    let left_out = |label: &str, n: u64| {
        if n > 0 {
            format!(" · {label}: {n}")
        } else {
            String::new()
        }
    };
    let mut lines = vec![
        format!("{}: {}", l.pick("Files", "Файлы"), r.input.files.join(", ")),
        format!(
            "{}: {} · {}: {} · {}: {}{}{}",
            l.pick("Rows read", "Строк прочитано"),
            r.input.rows_read,
            l.pick("posts", "публикаций"),
            r.input.posts,
            l.pick("skipped", "пропущено"),
            r.input.skipped.len(),
            left_out(
                l.pick("outside --since/--until", "вне --since/--until"),
                r.input.filtered_out
            ),
            left_out(
                l.pick("duplicates of other files", "повторы из других файлов"),
                r.input.duplicates
            ),
        ),
        format!(
            "{}: {}",
            l.pick("Interactions", "Взаимодействия"),
            f.interactions
        ),
        format!("ER = {}", f.er),
    ];
    if r.input.posts == 0 {
        lines.push(s(
            l.pick("No posts to report on.", "Нет публикаций для отчёта.")
        ));
    }
    lines
}

/// One figure of the summary: which field it is, and what to show.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryItem {
    /// The JSON field name (`posts`, `reach`, `er_mean`, ...).
    pub key: &'static str,
    pub label: String,
    pub value: String,
    pub formula: String,
}

/// The summary's figures, each with its value and formula. Counts that no
/// post reports say nothing and are left out; rates are always listed.
pub fn summary_items(r: &ReportDoc, l: Lang) -> Vec<SummaryItem> {
    let Formulas {
        basis,
        interactions: inter_f,
        er: er_f,
        aggregate: agg,
    } = formulas(r, l);
    let su = &r.summary;
    let item = |key, label: &str, value, formula| SummaryItem {
        key,
        label: s(label),
        value,
        formula,
    };
    let sum = |key: &'static str, label: &str, v: Option<u64>| {
        v.map(|v| {
            item(
                key,
                label,
                fmt_count(Some(v), l),
                format!("Σ {}", field_label(key, l)),
            )
        })
    };
    let mut items = vec![item(
        "posts",
        l.pick("Posts", "Публикации"),
        fmt_count(Some(su.posts), l),
        String::new(),
    )];
    items.extend(
        [
            sum(
                "reach",
                l.pick("Reach (sum of post reach)", "Охват (сумма охватов)"),
                su.reach,
            ),
            sum("views", l.pick("Views", "Просмотры"), su.views),
            sum("likes", l.pick("Likes", "Лайки"), su.likes),
            sum("comments", l.pick("Comments", "Комментарии"), su.comments),
            sum("reposts", l.pick("Reposts", "Репосты"), su.reposts),
            sum("saves", l.pick("Saves", "Сохранения"), su.saves),
            sum(
                "poll_votes",
                l.pick("Poll votes", "Голоса в опросах"),
                su.poll_votes,
            ),
            sum(
                "link_clicks",
                l.pick("Link clicks", "Переходы по ссылке"),
                su.link_clicks,
            ),
            su.interactions.map(|v| {
                item(
                    "interactions",
                    l.pick("Interactions", "Взаимодействия"),
                    fmt_count(Some(v), l),
                    inter_f.clone(),
                )
            }),
        ]
        .into_iter()
        .flatten(),
    );
    let er_label = match su.band {
        Some(_) => format!(
            "ER ({}: {})",
            l.pick("band", "уровень"),
            band_label(su.band, l)
        ),
        None => s("ER"),
    };
    items.extend([
        SummaryItem {
            key: "er",
            label: er_label,
            value: fmt_pct(su.er, l),
            formula: format!(
                "{agg}; {}: {} %",
                l.pick("target", "цель"),
                r.formula.target_er
            ),
        },
        item(
            "er_mean",
            l.pick("ER, mean", "ER, среднее"),
            fmt_pct(su.er_mean, l),
            format!("{}({er_f})", l.pick("mean", "среднее")),
        ),
        item(
            "er_median",
            l.pick("ER, median", "ER, медиана"),
            fmt_pct(su.er_median, l),
            format!("{}({er_f})", l.pick("median", "медиана")),
        ),
        item(
            "er_ratio",
            l.pick("ER, ratio of sums", "ER, отношение сумм"),
            fmt_pct(su.er_ratio, l),
            format!(
                "Σ {} / Σ {basis} × 100",
                l.pick("interactions", "взаимодействий")
            ),
        ),
        item(
            "ctr",
            "CTR",
            fmt_pct(su.ctr, l),
            format!(
                "Σ {} / Σ {} × 100",
                field_label("link_clicks", l),
                field_label("reach", l)
            ),
        ),
    ]);
    // Only VK reports negative feedback: other sources get no such lines.
    if su.negative_feedback.is_some() {
        let neg = l.pick("negative feedback", "негативные реакции");
        items.push(item(
            "negative_feedback",
            l.pick("Negative feedback", "Негативные реакции"),
            fmt_count(su.negative_feedback, l),
            l.pick(
                "Σ hidden + reported + unfollowed",
                "Σ скрытий + жалоб + отписок",
            )
            .to_string(),
        ));
        items.push(item(
            "negative_rate",
            l.pick("Negative feedback rate", "Доля негативных реакций"),
            fmt_pct(su.negative_rate, l),
            format!("Σ {neg} / Σ {} × 100", field_label("reach", l)),
        ));
    }
    items
}

/// The summary: every set figure with its value and formula.
pub fn summary_section(r: &ReportDoc, l: Lang) -> Section {
    let summary_rows = summary_items(r, l)
        .into_iter()
        .map(|i| vec![i.label, i.value, i.formula])
        .collect();
    Section {
        title: s(l.pick("Summary", "Итоги")),
        headers: vec![
            s(l.pick("Metric", "Показатель")),
            s(l.pick("Value", "Значение")),
            s(l.pick("Formula", "Формула")),
        ],
        rows: summary_rows,
        numeric: vec![1],
    }
}

/// Periods with their growth; `None` when no post is dated.
pub fn periods_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    if r.periods.is_empty() {
        return None;
    }
    Some(Section {
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
    })
}

/// The `--top` posts; `None` when no post has an ER.
pub fn top_posts_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    if r.top_posts.is_empty() {
        return None;
    }
    Some(top_section(
        &r.top_posts,
        l,
        field_label(r.formula.er_basis.name(), l),
    ))
}

/// The `top` most used hashtags; `None` when no caption has one.
pub fn hashtags_section(r: &ReportDoc, l: Lang, top: usize) -> Option<Section> {
    if r.hashtags.is_empty() {
        return None;
    }
    Some(Section {
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
    })
}

/// A weekday (ISO number, 1 = Monday) in short words.
pub fn weekday_label(weekday: u32, l: Lang) -> &'static str {
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const RU: [&str; 7] = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
    let i = (weekday as usize).clamp(1, 7) - 1;
    l.pick(EN[i], RU[i])
}

/// The note on a time slot with too few posts to trust.
pub fn low_sample_note(l: Lang) -> &'static str {
    l.pick("fewer than 2 posts", "меньше 2 публикаций")
}

/// The `top` best weekday × hour slots; `None` when no post is dated.
pub fn best_time_section(r: &ReportDoc, l: Lang, top: usize) -> Option<Section> {
    if r.best_time.is_empty() {
        return None;
    }
    Some(Section {
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
                    s(weekday_label(t.weekday, l)),
                    format!("{:02}:00", t.hour),
                    t.posts.to_string(),
                    fmt_pct(t.er_mean, l),
                    if t.low_sample {
                        s(low_sample_note(l))
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
        numeric: vec![1, 2, 3],
    })
}

/// Every skipped row with its file, line, kind and reason.
pub fn skipped_section(skipped: &[Skip], l: Lang) -> Section {
    Section {
        title: s(l.pick("Skipped rows", "Пропущенные строки")),
        headers: vec![
            s(l.pick("File", "Файл")),
            s(l.pick("Line", "Строка")),
            s(l.pick("Kind", "Вид")),
            s(l.pick("Reason", "Причина")),
        ],
        rows: skipped
            .iter()
            .map(|sk| {
                vec![
                    sk.file.clone(),
                    sk.line.to_string(),
                    s(match sk.kind {
                        SkipKind::Totals => l.pick("totals", "итоги"),
                        SkipKind::Empty => l.pick("empty", "пустая"),
                        SkipKind::Invalid => l.pick("invalid", "ошибка"),
                    }),
                    sk.reason.clone(),
                ]
            })
            .collect(),
        numeric: vec![1],
    }
}

fn series_label(metric: SeriesMetric, l: Lang) -> &'static str {
    match metric {
        SeriesMetric::Reach => l.pick("reach", "охват"),
        SeriesMetric::Views => l.pick("views", "просмотры"),
        SeriesMetric::Viewers => l.pick("viewers", "зрители"),
        SeriesMetric::Interactions => l.pick("interactions", "взаимодействия"),
        SeriesMetric::Likes => l.pick("likes", "лайки"),
        SeriesMetric::Comments => l.pick("comments", "комментарии"),
        SeriesMetric::Reposts => l.pick("reposts", "репосты"),
        SeriesMetric::Saves => l.pick("saves", "сохранения"),
        SeriesMetric::LinkClicks => l.pick("link clicks", "переходы по ссылке"),
        SeriesMetric::ProfileVisits => l.pick("profile visits", "посещения профиля"),
        SeriesMetric::Followers => l.pick("followers", "подписчики"),
        SeriesMetric::FollowersGained => l.pick("new followers", "новые подписчики"),
        SeriesMetric::FollowersLost => l.pick("lost followers", "отписки"),
        SeriesMetric::FollowersNet => l.pick("net followers", "прирост подписчиков"),
    }
}

fn fmt_signed(v: Option<i64>, l: Lang) -> String {
    match v {
        Some(x) if x < 0 => format!("-{}", fmt_count(Some(x.unsigned_abs()), l)),
        Some(x) => fmt_count(Some(x as u64), l),
        None => "—".to_string(),
    }
}

/// Account-level daily series, one row per series and period.
fn series_section(series: &[SeriesSummary], l: Lang) -> Section {
    let mut rows = Vec::new();
    for ser in series {
        let what = format!(
            "{} ({}, {})",
            series_label(ser.metric, l),
            ser.platform,
            match ser.aggregation {
                "last" => l.pick("last day", "последний день"),
                _ => l.pick("sum of days", "сумма за дни"),
            }
        );
        for p in &ser.periods {
            rows.push(vec![
                what.clone(),
                p.period.clone(),
                p.days.to_string(),
                fmt_signed(p.value, l),
                fmt_growth(p.growth, l),
            ]);
        }
    }
    Section {
        title: s(l.pick(
            "Account figures by period (daily series)",
            "Показатели аккаунта по периодам (по дням)",
        )),
        headers: vec![
            s(l.pick("Series", "Ряд")),
            s(l.pick("Period", "Период")),
            s(l.pick("Days", "Дней")),
            s(l.pick("Value", "Значение")),
            s(l.pick("Growth", "Рост")),
        ],
        rows,
        numeric: vec![2, 3, 4],
    }
}

fn fmt_secs(v: Option<f64>) -> String {
    match v.filter(|x| x.is_finite() && *x >= 0.0) {
        Some(x) => {
            let t = x.round() as u64;
            format!("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
        }
        None => "—".to_string(),
    }
}

fn fmt_money(v: Option<f64>, l: Lang) -> String {
    fmt_num(v, l)
}

/// A web-analytics table: its totals, then its rows with the most visits.
fn web_sections(w: &WebSection, l: Lang, top: usize) -> Vec<Section> {
    let t = &w.totals;
    let name = w.title.clone().unwrap_or_else(|| w.file.clone());
    let mut totals = vec![
        vec![
            s(l.pick("Rows", "Строк")),
            t.rows.to_string(),
            String::new(),
        ],
        vec![
            s(l.pick("Visits (sessions)", "Визиты (сеансы)")),
            fmt_count(t.visits, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("Users", "Посетители")),
            fmt_count(t.users, l),
            s(l.pick(
                "Σ (people may repeat across rows)",
                "Σ (люди могут повторяться)",
            )),
        ],
        vec![
            s(l.pick("New users", "Новые посетители")),
            fmt_count(t.new_users, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("New user share", "Доля новых")),
            fmt_pct(t.new_user_share, l),
            s(l.pick("Σ new / Σ users × 100", "Σ новых / Σ посетителей × 100")),
        ],
        vec![
            s(l.pick("Bounce rate", "Отказы")),
            fmt_pct(t.bounce_rate, l),
            s(l.pick("weighted by visits", "взвешено по визитам")),
        ],
        vec![
            s(l.pick("Engagement rate", "Вовлечённость")),
            fmt_pct(t.engagement_rate, l),
            s(l.pick("weighted by visits", "взвешено по визитам")),
        ],
        vec![
            s(l.pick("Pages per visit", "Глубина просмотра")),
            fmt_num(t.page_depth, l),
            s(l.pick("weighted by visits", "взвешено по визитам")),
        ],
        vec![
            s(l.pick("Time on site", "Время на сайте")),
            fmt_secs(t.avg_duration_secs),
            s(l.pick("weighted by visits", "взвешено по визитам")),
        ],
        vec![
            s(l.pick("Conversions", "Конверсии")),
            fmt_num(t.conversions, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("Conversion rate", "Конверсия")),
            fmt_pct(t.conversion_rate, l),
            s(l.pick(
                "Σ conversions / Σ visits × 100",
                "Σ конверсий / Σ визитов × 100",
            )),
        ],
        vec![s(l.pick("Leads", "Лиды")), fmt_count(t.leads, l), s("Σ")],
        vec![
            s(l.pick("Revenue", "Доход")),
            fmt_money(t.revenue, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("Ad clicks", "Клики по рекламе")),
            fmt_count(t.clicks, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("Impressions", "Показы")),
            fmt_count(t.impressions, l),
            s("Σ"),
        ],
        vec![s(l.pick("Cost", "Расход")), fmt_money(t.cost, l), s("Σ")],
        vec![
            s(l.pick("Ad CTR", "CTR рекламы")),
            fmt_pct(t.ad_ctr, l),
            s(l.pick(
                "Σ clicks / Σ impressions × 100",
                "Σ кликов / Σ показов × 100",
            )),
        ],
        vec![
            s("CPC"),
            fmt_money(t.cpc, l),
            s(l.pick("Σ cost / Σ clicks", "Σ расхода / Σ кликов")),
        ],
        vec![
            s("ROI"),
            fmt_pct(t.roi, l),
            s(l.pick(
                "(Σ revenue − Σ cost) / Σ cost × 100",
                "(Σ дохода − Σ расхода) / Σ расхода × 100",
            )),
        ],
    ];
    totals.retain(|r| r[1] != "—");
    let mut ranked: Vec<&crate::model::WebRow> = w.rows.iter().collect();
    ranked.sort_by(|a, b| b.visits.cmp(&a.visits).then(b.clicks.cmp(&a.clicks)));
    let rows = ranked
        .into_iter()
        .take(top)
        .map(|r| {
            let dims: Vec<&str> = r
                .dimensions
                .iter()
                .map(|d| d.value.as_str())
                .filter(|v| !v.is_empty())
                .collect();
            vec![
                truncate(&dims.join(" / "), 60),
                fmt_count(r.visits.or(r.clicks), l),
                fmt_count(r.users, l),
                fmt_pct(r.bounce_rate, l),
                fmt_secs(r.avg_duration_secs),
                fmt_num(r.conversions, l),
            ]
        })
        .collect();
    vec![
        Section {
            title: format!(
                "{}: {name} ({})",
                l.pick("Web analytics", "Веб-аналитика"),
                w.source
            ),
            headers: vec![
                s(l.pick("Metric", "Показатель")),
                s(l.pick("Value", "Значение")),
                s(l.pick("Formula", "Формула")),
            ],
            rows: totals,
            numeric: vec![1],
        },
        Section {
            title: format!(
                "{}: {}",
                l.pick("Top rows by visits", "Строки с наибольшим числом визитов"),
                w.dimensions.join(" / ")
            ),
            headers: vec![
                s(l.pick("Row", "Строка")),
                s(l.pick("Visits (or clicks)", "Визиты (или клики)")),
                s(l.pick("Users", "Посетители")),
                s(l.pick("Bounce rate", "Отказы")),
                s(l.pick("Time on site", "Время на сайте")),
                s(l.pick("Conversions", "Конверсии")),
            ],
            rows,
            numeric: vec![1, 2, 3, 4, 5],
        },
    ]
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

fn fmt_signed_f(v: Option<f64>, l: Lang) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) if x > 0.0 => format!("+{}", fmt_num(Some(x), l)),
        other => fmt_num(other, l),
    }
}

/// `smmkpi growth` as a labelled document.
pub fn growth_doc(g: &crate::doc::growth::GrowthDoc, lang: Lang) -> Doc {
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
    let row = |label: String, gr: &crate::metrics::growth::Growth| {
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
    let mut rows: Vec<Vec<String>> = g
        .periods
        .iter()
        .map(|p| row(p.period.clone(), &p.growth))
        .collect();
    rows.push(row(s(l.pick("Total", "Итого")), &g.summary));
    Doc {
        title: s(l.pick("Audience growth", "Рост аудитории")),
        lines,
        sections: vec![Section {
            title: s(l.pick("By period", "По периодам")),
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
        }],
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
pub fn inspect_doc(files: &[FileReport], skipped: &[crate::model::Skip], lang: Lang) -> Doc {
    let l = lang;
    let mut sections = Vec::new();
    for f in files {
        let mut rows = vec![
            vec![s(l.pick("Format", "Формат")), f.format.clone()],
            vec![s(l.pick("Platform", "Платформа")), f.platform.clone()],
            vec![
                s(l.pick("Export kind", "Вид выгрузки")),
                f.kind.name().to_string(),
            ],
            vec![
                s(l.pick("Header language", "Язык заголовков")),
                f.locale.clone().unwrap_or_else(|| "—".into()),
            ],
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
        if f.kind == crate::model::ExportKind::Posts {
            rows.push(vec![
                s(l.pick("Rows used (posts)", "Использовано (публикаций)")),
                f.posts.to_string(),
            ]);
        }
        if let Some(n) = f.series_rows {
            rows.push(vec![
                s(l.pick("Rows used (days)", "Использовано (дней)")),
                n.to_string(),
            ]);
        }
        for si in &f.series {
            rows.push(vec![
                format!("  {} ← ", si.metric.name()),
                format!(
                    "'{}': {} {}, {} … {}",
                    si.label,
                    si.days,
                    l.pick("days", "дн."),
                    si.first.map(|d| d.to_string()).unwrap_or_default(),
                    si.last.map(|d| d.to_string()).unwrap_or_default()
                ),
            ]);
        }
        for wm in &f.web_mapping {
            rows.push(vec![
                format!("  {} ← ", wm.field),
                format!(
                    "'{}' ({} {})",
                    wm.header,
                    l.pick("column", "столбец"),
                    wm.column + 1
                ),
            ]);
        }
        if let Some(n) = f.web_rows {
            rows.push(vec![
                s(l.pick("Rows used (web analytics)", "Использовано (веб-аналитика)")),
                n.to_string(),
            ]);
        }
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
        for d in &f.damaged {
            rows.push(vec![
                format!("  {} {}, '{}'", l.pick("line", "строка"), d.line, d.column),
                format!(
                    "'{}' {} {}",
                    d.value,
                    l.pick(
                        "(a number turned into a date) →",
                        "(число, ставшее датой) →"
                    ),
                    d.read_as
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| s(l.pick("row not used", "строка не использована")))
                ),
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
pub fn core_doc(r: &crate::doc::core::CoreDoc, lang: Lang) -> Doc {
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
