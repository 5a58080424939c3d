//! Labelled, formatted views of the documents, shared by the table and
//! Markdown renderers so both say the same thing in the same language:
//! one module per command, and the pieces they share here.

pub mod core;
pub mod er;
pub mod formulas;
pub mod goals;
pub mod growth;
pub mod inspect;
pub mod mentions;
pub mod report;
pub mod suggest;

use super::{fmt_count, Lang};
use crate::metrics::Band;
use crate::model::{SeriesMetric, Skip, SkipKind};

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
        "impressions" => lang.pick("impressions", "показы"),
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

pub(crate) fn s(x: &str) -> String {
    x.to_string()
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
                        SkipKind::NoData => l.pick("no data", "нет данных"),
                        SkipKind::Invalid => l.pick("invalid", "ошибка"),
                    }),
                    sk.reason.clone(),
                ]
            })
            .collect(),
        numeric: vec![1],
    }
}

pub(crate) fn series_label(metric: SeriesMetric, l: Lang) -> &'static str {
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

pub(crate) fn fmt_signed(v: Option<i64>, l: Lang) -> String {
    match v {
        Some(x) if x < 0 => format!("-{}", fmt_count(Some(x.unsigned_abs()), l)),
        Some(x) => fmt_count(Some(x as u64), l),
        None => "—".to_string(),
    }
}

pub(crate) fn truncate(t: &str, n: usize) -> String {
    if t.chars().count() > n {
        format!("{}…", t.chars().take(n - 1).collect::<String>())
    } else {
        t.to_string()
    }
}
