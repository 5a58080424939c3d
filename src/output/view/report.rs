//! `report` as a labelled document, and the sections the HTML page reuses.

use super::goals::{fmt_change, fmt_value};
use super::{band_label, field_label, fmt_signed, s, series_label, truncate, Doc, Section};
use crate::doc::report::{
    AdsSection, JoinKey, MoneySection, PostRow, ReportDoc, TopBy, WebJoin, WebSection,
};
use crate::metrics::money::{ConversionsFrom, MoneyFigures};
use crate::metrics::series::SeriesSummary;
use crate::metrics::web::WebFigures;
use crate::metrics::{Aggregate, RateName, Rates};
use crate::output::{decimal, fmt_count, fmt_growth, fmt_num, fmt_pct, fmt_pp, Lang};

/// The report as a labelled document.
pub fn doc(r: &ReportDoc, lang: Lang, top: usize) -> Doc {
    let mut sections = vec![summary_section(r, lang)];
    sections.extend(rates_section(r, lang));
    sections.extend(comparison_section(r, lang));
    sections.extend(periods_section(r, lang));
    sections.extend(period_rates_section(r, lang));
    sections.extend(money_sections(r, lang));
    sections.extend(web_join_sections(r, lang, top));
    sections.extend(top_posts_section(r, lang));
    sections.extend(hashtags_section(r, lang, top));
    sections.extend(best_time_section(r, lang, top));
    if !r.series.is_empty() {
        sections.push(series_section(&r.series, lang));
    }
    for w in &r.web {
        sections.extend(web_sections(w, lang, top));
    }
    for a in &r.ads {
        sections.extend(ads_sections(a, lang, top));
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
    pub aggregate: String,
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
        aggregate: headline_words(r, l),
    }
}

/// What the headline ER is, in words: the aggregate, or the rate and tool
/// `--compat` names.
fn headline_words(r: &ReportDoc, l: Lang) -> String {
    let what = match (r.formula.headline, r.formula.aggregate) {
        ("er_post", _) => l.pick(
            "ERpost: Σ interactions / mean followers / posts",
            "ERpost: Σ взаимодействий / ср. подписчики / публикации",
        ),
        ("er_impressions", _) => l.pick(
            "ER per impression: Σ (interactions + link clicks) / Σ impressions",
            "ER по показам: Σ (взаимодействий + переходов) / Σ показов",
        ),
        (_, Aggregate::Mean) => l.pick("mean of per-post ER", "среднее ER публикаций"),
        (_, Aggregate::Median) => l.pick("median of per-post ER", "медиана ER публикаций"),
        (_, Aggregate::Ratio) => l.pick("Σ interactions / Σ basis", "Σ взаимодействий / Σ базы"),
    };
    match &r.formula.compat {
        Some(c) => format!("{what} ({} {})", l.pick("as", "как в"), c.name),
        None => what.to_string(),
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
            "{}: {} · {}: {} · {}: {}{}{}{}",
            l.pick("Rows read", "Строк прочитано"),
            r.input.rows_read,
            l.pick("posts", "публикаций"),
            r.input.posts,
            l.pick("skipped", "пропущено"),
            r.input.skipped.len(),
            left_out(
                l.pick("outside --since/--until", "вне --since/--until"),
                r.input.filtered_out - r.input.replies_excluded
            ),
            left_out(
                l.pick("replies left out", "ответы исключены"),
                r.input.replies_excluded
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
    if let Some(c) = &r.formula.compat {
        lines.push(format!(
            "--compat {}: {} ({})",
            c.tool.name(),
            c.formula,
            c.sources.join(", ")
        ));
    }
    if let Some(j) = &r.web_join {
        lines.push(web_join_line(j, l));
    }
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
    let sum = |key: &'static str, label: &str, v: Option<i64>| {
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
            sum(
                "impressions",
                l.pick("Impressions", "Показы"),
                su.impressions,
            ),
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

/// A rate of the family in words.
pub fn rate_label(r: RateName, l: Lang) -> &'static str {
    match r {
        RateName::ReachRate => l.pick(
            "Reach rate (TGStat's ERR)",
            "Охват / подписчики (ERR в TGStat)",
        ),
        RateName::LoveRate => l.pick("Love rate", "Love rate (лайки)"),
        RateName::TalkRate => l.pick("Talk rate", "Talk rate (комментарии)"),
        RateName::AmplificationRate => l.pick("Amplification rate", "Amplification rate (репосты)"),
        RateName::ViralityRate => l.pick("Virality rate", "Виральность"),
        RateName::ErPost => "ERpost",
        RateName::ErDay => "ERday",
        RateName::ErView => "ERview",
        RateName::ErImpressions => l.pick("ER per impression", "ER по показам"),
    }
}

/// A rate of the family's formula, in words.
pub fn rate_formula(r: RateName, l: Lang) -> String {
    let f = |n| field_label(n, l);
    let inter = l.pick("interactions", "взаимодействий");
    match r {
        RateName::ReachRate => format!("Σ {} / Σ {} × 100", f("reach"), f("followers")),
        RateName::LoveRate => format!("Σ {} / Σ {} × 100", f("likes"), f("followers")),
        RateName::TalkRate => format!("Σ {} / Σ {} × 100", f("comments"), f("followers")),
        RateName::AmplificationRate => {
            format!("Σ {} / Σ {} × 100", f("reposts"), f("followers"))
        }
        RateName::ViralityRate => format!("Σ {} / Σ {} × 100", f("reposts"), f("reach")),
        RateName::ErPost => format!(
            "Σ {inter} / {} / {} × 100",
            l.pick("mean followers", "ср. подписчики"),
            l.pick("posts", "публикации")
        ),
        RateName::ErDay => format!(
            "Σ {inter} / {} / {} × 100",
            l.pick("mean followers", "ср. подписчики"),
            l.pick("days", "дни")
        ),
        RateName::ErView => format!(
            "{}({inter} / {} × 100)",
            l.pick("mean", "среднее"),
            f("views")
        ),
        RateName::ErImpressions => format!(
            "Σ ({inter} + {}) / Σ {} × 100",
            f("link_clicks"),
            l.pick("impressions (else views)", "показы (иначе просмотры)")
        ),
    }
}

/// The rate family of the whole report, with formulas; `None` when no
/// post gives any of them (no followers, views or reach to divide by).
pub fn rates_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    let rates = &r.summary.rates;
    if *rates == Rates::default() {
        return None;
    }
    Some(Section {
        title: s(l.pick("Rates", "Коэффициенты")),
        headers: vec![
            s(l.pick("Rate", "Коэффициент")),
            s(l.pick("Value", "Значение")),
            s(l.pick("Formula", "Формула")),
        ],
        rows: RateName::ALL
            .into_iter()
            .map(|n| {
                vec![
                    s(rate_label(n, l)),
                    fmt_pct(rates.get(n), l),
                    rate_formula(n, l),
                ]
            })
            .collect(),
        numeric: vec![1],
    })
}

/// The rate family by period, the rates no period has left out; `None`
/// when no post is dated or no period has a rate.
pub fn period_rates_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    if r.periods.is_empty() || r.summary.rates == Rates::default() {
        return None;
    }
    // Only the rates some period has: a column of dashes says nothing.
    let shown: Vec<RateName> = RateName::ALL
        .into_iter()
        .filter(|n| r.periods.iter().any(|p| p.summary.rates.get(*n).is_some()))
        .collect();
    if shown.is_empty() {
        return None;
    }
    let mut headers = vec![s(l.pick("Period", "Период"))];
    headers.extend(shown.iter().map(|n| s(rate_label(*n, l))));
    Some(Section {
        title: s(l.pick("Rates by period", "Коэффициенты по периодам")),
        headers,
        rows: r
            .periods
            .iter()
            .map(|p| {
                let mut row = vec![p.period.clone()];
                row.extend(shown.iter().map(|n| fmt_pct(p.summary.rates.get(*n), l)));
                row
            })
            .collect(),
        numeric: (1..=shown.len()).collect(),
    })
}

/// A summary figure by its JSON name, in words.
pub fn figure_label(key: &str, l: Lang) -> String {
    if let Some(r) = RateName::ALL.into_iter().find(|r| r.name() == key) {
        return s(rate_label(r, l));
    }
    s(match key {
        "posts" => l.pick("Posts", "Публикации"),
        "reach" => l.pick("Reach (sum)", "Охват (сумма)"),
        "views" => l.pick("Views", "Просмотры"),
        "likes" => l.pick("Likes", "Лайки"),
        "comments" => l.pick("Comments", "Комментарии"),
        "reposts" => l.pick("Reposts", "Репосты"),
        "saves" => l.pick("Saves", "Сохранения"),
        "poll_votes" => l.pick("Poll votes", "Голоса в опросах"),
        "link_clicks" => l.pick("Link clicks", "Переходы по ссылке"),
        "interactions" => l.pick("Interactions", "Взаимодействия"),
        "er" => "ER",
        "er_mean" => l.pick("ER, mean", "ER, среднее"),
        "er_median" => l.pick("ER, median", "ER, медиана"),
        "er_ratio" => l.pick("ER, ratio of sums", "ER, отношение сумм"),
        "ctr" => "CTR",
        "reach_mean" => l.pick("Mean reach", "Средний охват"),
        "negative_feedback" => l.pick("Negative feedback", "Негативные реакции"),
        "negative_rate" => l.pick("Negative feedback rate", "Доля негативных реакций"),
        "followers" => l.pick("Followers", "Подписчики"),
        "core_size" => l.pick("Active core", "Активное ядро"),
        other => other,
    })
}

/// `--compare`: each figure in the base and the report, the change, and
/// for means and medians of posts the 95 % interval of the change; `None`
/// without `--compare`. Figures neither side has are left out.
pub fn comparison_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    let c = r.comparison.as_ref()?;
    let range = |side: &crate::doc::report::Side| match side.range {
        Some(x) => format!("{} … {}", x.start, x.end),
        None => "—".to_string(),
    };
    let rows = c
        .summary
        .iter()
        .filter(|(_, m)| m.base.is_some() || m.current.is_some())
        .map(|(k, m)| {
            let (ci, sig) = match &m.interval {
                Some(iv) => (
                    match (iv.ci_low, iv.ci_high) {
                        (Some(lo), Some(hi)) => {
                            format!(
                                "{} … {}",
                                fmt_change(k, Some(lo), l),
                                fmt_change(k, Some(hi), l)
                            )
                        }
                        _ => "—".to_string(),
                    },
                    match iv.significant {
                        Some(true) => s(l.pick("yes", "да")),
                        Some(false) => s(l.pick("no", "нет")),
                        None => "—".to_string(),
                    },
                ),
                None => (String::new(), String::new()),
            };
            vec![
                figure_label(k, l),
                fmt_value(k, m.base, l),
                fmt_value(k, m.current, l),
                fmt_change(k, m.change, l),
                fmt_growth(m.change_pct, l),
                ci,
                sig,
            ]
        })
        .collect();
    Some(Section {
        title: format!(
            "{} {} ({}) {} {}",
            l.pick("Comparison:", "Сравнение:"),
            range(&c.current),
            l.pick("report", "отчёт"),
            l.pick("against", "против"),
            range(&c.base)
        ),
        headers: vec![
            s(l.pick("Metric", "Показатель")),
            s(l.pick("Base", "База")),
            s(l.pick("Current", "Сейчас")),
            s(l.pick("Change", "Изменение")),
            s(l.pick("Change, %", "Изменение, %")),
            s(l.pick("95 % interval of the change", "95 % интервал изменения")),
            s(l.pick("Beyond noise", "Больше шума")),
        ],
        rows,
        numeric: vec![1, 2, 3, 4],
    })
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
        r.formula.top_by,
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
            if w.rows_are_days {
                s(l.pick(
                    "Σ of daily users: not a count of unique users",
                    "Σ посетителей по дням: не число уникальных посетителей",
                ))
            } else {
                s(l.pick(
                    "Σ (people may repeat across rows)",
                    "Σ (люди могут повторяться)",
                ))
            },
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
    for f in &w.figure_totals {
        let how = match f.kind {
            crate::model::FigureKind::Count => s("Σ"),
            crate::model::FigureKind::People if w.rows_are_days => s(l.pick(
                "Σ of daily values: not a count of unique users",
                "Σ по дням: не число уникальных посетителей",
            )),
            crate::model::FigureKind::People => s(l.pick(
                "Σ (people may repeat across rows)",
                "Σ (люди могут повторяться)",
            )),
            crate::model::FigureKind::Rate => String::new(),
        };
        let value = match f.total {
            Some(v) if v.fract() == 0.0 && (0.0..1e15).contains(&v) => fmt_count(Some(v as u64), l),
            other => fmt_num(other, l),
        };
        totals.push(vec![f.name.clone(), value, how]);
    }
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

/// An amount of money: grouped, with two decimals (`3,600.00`).
fn fmt_amount(v: Option<f64>, l: Lang) -> String {
    let Some(v) = v.filter(|v| v.is_finite()) else {
        return "—".to_string();
    };
    let cents = (v.abs() * 100.0).round();
    let whole = fmt_count(Some((cents / 100.0).trunc() as i64), l);
    let sign = if v < 0.0 && cents > 0.0 { "-" } else { "" };
    format!(
        "{sign}{whole}{}{:02}",
        l.pick(".", ","),
        (cents % 100.0) as u64
    )
}

/// An ads export: its totals with their formulas, then its rows with the
/// most spend.
fn ads_sections(a: &AdsSection, l: Lang, top: usize) -> Vec<Section> {
    let t = &a.totals;
    let cur = t
        .currency
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let mut totals = vec![
        vec![
            s(l.pick("Rows", "Строк")),
            t.rows.to_string(),
            String::new(),
        ],
        vec![
            format!("{}{cur}", l.pick("Spend", "Расход")),
            fmt_amount(t.spend, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("Impressions", "Показы")),
            fmt_count(t.impressions, l),
            s("Σ"),
        ],
        vec![s(l.pick("Clicks", "Клики")), fmt_count(t.clicks, l), s("Σ")],
        vec![
            s(l.pick("Results", "Результаты")),
            fmt_num(t.results, l),
            s("Σ"),
        ],
        vec![
            s(l.pick("Conversion value", "Ценность конверсий")),
            fmt_amount(t.conversion_value, l),
            s("Σ"),
        ],
        vec![
            s("CPC"),
            fmt_amount(t.cpc, l),
            s(l.pick("Σ spend / Σ clicks", "Σ расхода / Σ кликов")),
        ],
        vec![
            s("CPM"),
            fmt_amount(t.cpm, l),
            s(l.pick(
                "Σ spend / Σ impressions × 1000",
                "Σ расхода / Σ показов × 1000",
            )),
        ],
        vec![
            s("CTR"),
            fmt_pct(t.ctr, l),
            s(l.pick(
                "Σ clicks / Σ impressions × 100",
                "Σ кликов / Σ показов × 100",
            )),
        ],
        vec![
            s(l.pick("Cost per result", "Цена результата")),
            fmt_amount(t.cost_per_result, l),
            s(l.pick("Σ spend / Σ results", "Σ расхода / Σ результатов")),
        ],
        vec![
            s("ROAS"),
            fmt_num(t.roas, l),
            s(l.pick("Σ conversion value / Σ spend", "Σ ценности / Σ расхода")),
        ],
    ];
    totals.retain(|r| r[1] != "—");
    let mut ranked: Vec<&crate::model::AdRow> = a.rows.iter().collect();
    ranked.sort_by(|x, y| {
        y.spend
            .unwrap_or(0.0)
            .total_cmp(&x.spend.unwrap_or(0.0))
            .then(x.line.cmp(&y.line))
    });
    let rows = ranked
        .into_iter()
        .take(top)
        .map(|r| {
            let name: Vec<&str> = [&r.campaign, &r.ad_set, &r.ad]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .chain(
                    r.dimensions
                        .iter()
                        .map(|d| d.value.as_str())
                        .filter(|v| !v.is_empty() && v.parse::<f64>().is_err())
                        .take(2),
                )
                .collect();
            let period = match (r.start, r.end) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a} … {b}"),
                _ => String::new(),
            };
            vec![
                truncate(&name.join(" / "), 60),
                period,
                fmt_amount(r.spend, l),
                fmt_count(r.impressions, l),
                fmt_count(r.clicks, l),
                fmt_num(r.results, l),
            ]
        })
        .collect();
    vec![
        Section {
            title: format!("{}: {} ({})", l.pick("Ads", "Реклама"), a.file, a.source),
            headers: vec![
                s(l.pick("Metric", "Показатель")),
                s(l.pick("Value", "Значение")),
                s(l.pick("Formula", "Формула")),
            ],
            rows: totals,
            numeric: vec![1],
        },
        Section {
            title: s(l.pick(
                "Top ad rows by spend",
                "Строки рекламы с наибольшим расходом",
            )),
            headers: vec![
                s(l.pick("Campaign / ad set / ad", "Кампания / группа / объявление")),
                s(l.pick("Period", "Период")),
                s(l.pick("Spend", "Расход")),
                s(l.pick("Impressions", "Показы")),
                s(l.pick("Clicks", "Клики")),
                s(l.pick("Results", "Результаты")),
            ],
            rows,
            numeric: vec![2, 3, 4, 5],
        },
    ]
}

/// A post's overperformance: `1.57×`.
pub fn fmt_times(v: Option<f64>, l: Lang) -> String {
    v.filter(|v| v.is_finite())
        .map(|v| format!("{}×", decimal(v, 2, l)))
        .unwrap_or_else(|| "—".to_string())
}

fn top_section(posts: &[PostRow], l: Lang, basis: &str, by: TopBy) -> Section {
    // Overperformance is computed where every post is kept, which other
    // options (--compare, --web) decide too: a table shows it when it ranks.
    let over = by == TopBy::Overperformance;
    let mut headers = vec![
        s("#"),
        s(l.pick("Published", "Дата")),
        s(l.pick("Post", "Публикация")),
        capitalize(basis),
        s(l.pick("Interactions", "Взаимод.")),
        s("ER"),
    ];
    if over {
        headers.push(s(l.pick("Against usual", "К обычному")));
    }
    let title = match by {
        TopBy::Er => l.pick("Top posts by ER", "Лучшие публикации по ER"),
        TopBy::Reach => l.pick("Top posts by reach", "Лучшие публикации по охвату"),
        TopBy::Overperformance => l.pick(
            "Top posts against the account's usual",
            "Лучшие публикации относительно обычного для аккаунта",
        ),
    };
    Section {
        title: s(title),
        headers,
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
                let mut row = vec![
                    (i + 1).to_string(),
                    p.published_at
                        .map(|t| t.local.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| "—".to_string()),
                    what,
                    fmt_count(base, l),
                    fmt_count(p.interactions, l),
                    fmt_pct(p.er, l),
                ];
                if over {
                    row.push(fmt_times(p.overperformance, l));
                }
                row
            })
            .collect(),
        numeric: if over {
            vec![0, 3, 4, 5, 6]
        } else {
            vec![0, 3, 4, 5]
        },
    }
}

fn capitalize(t: &str) -> String {
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A time on site in seconds as `0:01:30`.
pub fn fmt_duration(v: Option<f64>) -> String {
    fmt_secs(v)
}

/// An amount of money with the report's currency: `30,000.00 RUB`.
pub fn fmt_money_in(v: Option<f64>, currency: Option<&str>, l: Lang) -> String {
    match (v.filter(|x| x.is_finite()), currency) {
        (Some(_), Some(c)) => format!("{} {c}", fmt_amount(v, l)),
        _ => fmt_amount(v, l),
    }
}

/// Where conversions came from, in words.
fn conversions_label(m: &MoneyFigures, l: Lang) -> String {
    match m.conversions_from {
        Some(ConversionsFrom::Costs) => s(l.pick("Σ, from the costs file", "Σ, из файла затрат")),
        Some(ConversionsFrom::Web) => s(l.pick(
            "Σ, from the web analytics joined to the posts",
            "Σ, из веб-аналитики, связанной с публикациями",
        )),
        None => String::new(),
    }
}

/// The money of the report: each figure with its value and formula.
pub fn money_items(m: &MoneySection, l: Lang) -> Vec<SummaryItem> {
    let cur = m.currency.as_deref();
    let t = &m.totals;
    let item = |key, label: &str, value, formula: &str| SummaryItem {
        key,
        label: s(label),
        value,
        formula: s(formula),
    };
    vec![
        item(
            "spend",
            l.pick("Spend", "Расход"),
            fmt_money_in(t.spend, cur, l),
            l.pick("Σ spend of the costs rows", "Σ расхода строк затрат"),
        ),
        item(
            "revenue",
            l.pick("Revenue", "Выручка"),
            fmt_money_in(t.revenue, cur, l),
            l.pick("Σ revenue", "Σ выручки"),
        ),
        item(
            "new_customers",
            l.pick("New customers", "Новые клиенты"),
            fmt_count(t.new_customers, l),
            l.pick("Σ new customers", "Σ новых клиентов"),
        ),
        SummaryItem {
            key: "conversions",
            label: s(l.pick("Conversions", "Конверсии")),
            value: fmt_num_plain(t.conversions, l),
            formula: conversions_label(t, l),
        },
        item(
            "link_clicks",
            l.pick("Link clicks", "Переходы по ссылке"),
            fmt_count(t.link_clicks, l),
            l.pick("Σ over every post", "Σ по всем публикациям"),
        ),
        item(
            "interactions",
            l.pick("Interactions", "Взаимодействия"),
            fmt_count(t.interactions, l),
            l.pick("Σ over every post", "Σ по всем публикациям"),
        ),
        item(
            "visits",
            l.pick("Visits from the posts", "Визиты с публикаций"),
            fmt_count(t.visits, l),
            l.pick(
                "Σ visits of the web rows joined to the posts",
                "Σ визитов строк веб-аналитики, связанных с публикациями",
            ),
        ),
        item(
            "conversion_rate",
            l.pick("Conversion rate", "Конверсия"),
            fmt_pct(t.conversion_rate, l),
            l.pick(
                "conversions / link clicks × 100",
                "конверсии / переходы × 100",
            ),
        ),
        item(
            "cac",
            "CAC",
            fmt_money_in(t.cac, cur, l),
            l.pick("spend / new customers", "расход / новые клиенты"),
        ),
        item(
            "roi",
            "ROI",
            fmt_pct(t.roi, l),
            l.pick(
                "(revenue − spend) / spend × 100",
                "(выручка − расход) / расход × 100",
            ),
        ),
        item(
            "cpe",
            "CPE",
            fmt_money_in(t.cpe, cur, l),
            l.pick("spend / interactions", "расход / взаимодействия"),
        ),
        item(
            "cpc",
            "CPC",
            fmt_money_in(t.cpc, cur, l),
            l.pick("spend / link clicks", "расход / переходы"),
        ),
    ]
}

/// Conversions: whole when whole (`28`), else with one decimal.
fn fmt_num_plain(v: Option<f64>, l: Lang) -> String {
    match v.filter(|x| x.is_finite()) {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => fmt_count(Some(x as i64), l),
        other => fmt_num(other, l),
    }
}

/// The money block: the report's figures, each period's and each
/// campaign's; nothing without `--costs`.
pub fn money_sections(r: &ReportDoc, l: Lang) -> Vec<Section> {
    [
        money_section(r, l),
        money_periods_section(r, l),
        campaigns_section(r, l),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `, RUB`: the unit of money columns.
fn money_unit(r: &ReportDoc) -> String {
    r.money
        .as_ref()
        .and_then(|m| m.currency.as_deref())
        .map(|c| format!(", {c}"))
        .unwrap_or_default()
}

/// The report's money, each figure with its formula; `None` without `--costs`.
pub fn money_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    let m = r.money.as_ref()?;
    Some(Section {
        title: format!(
            "{}{}",
            l.pick(
                "Money: spend against the posts",
                "Деньги: затраты и результат публикаций"
            ),
            m.currency
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ),
        headers: vec![
            s(l.pick("Metric", "Показатель")),
            s(l.pick("Value", "Значение")),
            s(l.pick("Formula", "Формула")),
        ],
        rows: money_items(m, l)
            .into_iter()
            .map(|i| vec![i.label, i.value, i.formula])
            .collect(),
        numeric: vec![1],
    })
}

/// Money by period; `None` unless the costs are by period.
pub fn money_periods_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    let m = r.money.as_ref().filter(|m| !m.periods.is_empty())?;
    Some(Section {
        title: s(l.pick("Money by period", "Деньги по периодам")),
        headers: money_headers(l, l.pick("Period", "Период"), &money_unit(r)),
        rows: m
            .periods
            .iter()
            .map(|p| money_row(p.period.clone(), &p.money, l))
            .collect(),
        numeric: (1..12).collect(),
    })
}

/// Each campaign's money; `None` without `--costs` or campaigns.
pub fn campaigns_section(r: &ReportDoc, l: Lang) -> Option<Section> {
    if r.campaigns.is_empty() || r.money.is_none() {
        return None;
    }
    Some(Section {
        title: s(l.pick("Campaigns (utm_campaign)", "Кампании (utm_campaign)")),
        headers: money_headers(l, l.pick("Campaign", "Кампания"), &money_unit(r)),
        rows: r
            .campaigns
            .iter()
            .map(|c| money_row(c.campaign.clone(), &c.money, l))
            .collect(),
        numeric: (1..12).collect(),
    })
}

fn money_headers(l: Lang, first: &str, unit: &str) -> Vec<String> {
    vec![
        s(first),
        s(l.pick("Posts", "Публ.")),
        s(l.pick("Link clicks", "Переходы")),
        s(l.pick("Interactions", "Взаимод.")),
        s(l.pick("Visits", "Визиты")),
        format!("{}{unit}", l.pick("Spend", "Расход")),
        format!("{}{unit}", l.pick("Revenue", "Выручка")),
        s(l.pick("Conversions", "Конверсии")),
        s(l.pick("Conv. rate", "Конверсия")),
        format!("CAC{unit}"),
        s("ROI"),
        format!("CPC{unit}"),
    ]
}

fn money_row(label: String, m: &MoneyFigures, l: Lang) -> Vec<String> {
    vec![
        label,
        fmt_count(Some(m.posts), l),
        fmt_count(m.link_clicks, l),
        fmt_count(m.interactions, l),
        fmt_count(m.visits, l),
        fmt_amount(m.spend, l),
        fmt_amount(m.revenue, l),
        fmt_num_plain(m.conversions, l),
        fmt_pct(m.conversion_rate, l),
        fmt_amount(m.cac, l),
        fmt_pct(m.roi, l),
        fmt_amount(m.cpc, l),
    ]
}

/// One row of joined web figures.
fn web_row(label: String, w: &WebFigures, l: Lang) -> Vec<String> {
    vec![
        label,
        fmt_count(w.visits, l),
        fmt_pct(w.bounce_rate, l),
        fmt_secs(w.time_on_site),
        fmt_num(w.depth, l),
        fmt_pct(w.new_share, l),
        fmt_num_plain(w.conversions, l),
    ]
}

fn web_headers(l: Lang, first: &str) -> Vec<String> {
    vec![
        s(first),
        s(l.pick("Visits", "Визиты")),
        s(l.pick("Bounce rate", "Отказы")),
        s(l.pick("Time on site", "Время на сайте")),
        s(l.pick("Pages per visit", "Глубина")),
        s(l.pick("New visitors", "Новые посетители")),
        s(l.pick("Conversions", "Конверсии")),
    ]
}

/// The line saying how `--web` was joined.
pub fn web_join_line(j: &WebJoin, l: Lang) -> String {
    let tag = match j.key {
        JoinKey::Content => "utm_content",
        JoinKey::Campaign => "utm_campaign",
        JoinKey::Id => l.pick("post id", "ID поста"),
    };
    format!(
        "{} {tag}: {} {} {} → {} {}; {}: {} ({} {})",
        l.pick("Web analytics joined by", "Веб-аналитика связана по"),
        j.matched_rows,
        l.pick("of", "из"),
        fmt_count(Some(j.rows), l),
        j.posts_matched,
        l.pick("posts", "публикаций"),
        l.pick("rows matching no post", "строк без публикации"),
        j.unmatched_rows,
        fmt_count(j.unmatched_visits.or(Some(0)), l),
        l.pick("visits", "визитов"),
    )
}

/// `--web`: the joined figures by period and by campaign, the posts with
/// the most visits, and the rows that matched no post.
pub fn web_join_sections(r: &ReportDoc, l: Lang, top: usize) -> Vec<Section> {
    let Some(j) = &r.web_join else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rows = vec![web_row(
        s(l.pick("All joined rows", "Все связанные строки")),
        &j.totals,
        l,
    )];
    rows.extend(
        j.periods
            .iter()
            .map(|p| web_row(p.period.clone(), &p.figures, l)),
    );
    out.push(Section {
        title: format!(
            "{} ({})",
            l.pick(
                "Web analytics of the posts, by period",
                "Веб-аналитика публикаций по периодам"
            ),
            l.pick("weighted by visits", "взвешено по визитам")
        ),
        headers: web_headers(l, l.pick("Period", "Период")),
        rows,
        numeric: (1..7).collect(),
    });
    let campaigns: Vec<Vec<String>> = r
        .campaigns
        .iter()
        .filter_map(|c| Some(web_row(c.campaign.clone(), c.web.as_ref()?, l)))
        .collect();
    if !campaigns.is_empty() {
        out.push(Section {
            title: s(l.pick("Web analytics by campaign", "Веб-аналитика по кампаниям")),
            headers: web_headers(l, l.pick("Campaign", "Кампания")),
            rows: campaigns,
            numeric: (1..7).collect(),
        });
    }
    let mut posts: Vec<&PostRow> = r.posts.held().iter().filter(|p| p.web.is_some()).collect();
    posts.sort_by_key(|p| std::cmp::Reverse(p.web.as_ref().and_then(|w| w.figures.visits)));
    if !posts.is_empty() {
        out.push(Section {
            title: s(l.pick(
                "Posts with the most visits",
                "Публикации с наибольшим числом визитов",
            )),
            headers: web_headers(l, l.pick("Post", "Публикация")),
            rows: posts
                .into_iter()
                .take(top)
                .filter_map(|p| {
                    let what = match (&p.text, &p.id) {
                        (Some(t), _) if !t.is_empty() => truncate(t, 40),
                        (_, Some(id)) => id.clone(),
                        _ => format!("{}:{}", p.file, p.line),
                    };
                    Some(web_row(what, &p.web.as_ref()?.figures, l))
                })
                .collect(),
            numeric: (1..7).collect(),
        });
    }
    if !j.unmatched.is_empty() {
        out.push(Section {
            title: s(l.pick(
                "Web analytics rows matching no post",
                "Строки веб-аналитики без публикации",
            )),
            headers: vec![
                s(l.pick("File", "Файл")),
                s(l.pick("Line", "Строка")),
                s(l.pick("Tag", "Метка")),
                s(l.pick("Visits", "Визиты")),
            ],
            rows: j
                .unmatched
                .iter()
                .take(top.max(1))
                .map(|u| {
                    vec![
                        u.file.clone(),
                        u.line.to_string(),
                        u.tag
                            .clone()
                            .unwrap_or_else(|| s(l.pick("(no tag)", "(без метки)"))),
                        fmt_count(u.visits, l),
                    ]
                })
                .collect(),
            numeric: vec![1, 3],
        });
    }
    out
}
