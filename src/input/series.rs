//! Account-level daily series: Meta Business Suite's insights files
//! (`Follows.csv`, `Reach.csv`, `Views.csv`, ...: a `sep=,` line, a title line
//! naming the metric, then `Date,Primary`; `Audience.csv` stacks several such
//! blocks), TikTok Studio's Overview and follower history, YouTube Studio's
//! `Chart data.csv` and `Totals.csv`, and any `date,followers` table a person
//! keeps. They are not posts: each becomes a [`Series`] of one value a day.

use chrono::{Datelike, NaiveDate};

use super::aliases::normalize;
use super::dataset::{Dataset, InputError, ReadOptions, Source};
use super::layout::{is_averages_cell, is_totals_cell};
use super::text::Row;
use super::values::{self, DateContext};
use crate::model::{
    Count, Field, FileReport, Mapping, Series, SeriesInfo, SeriesMetric, SeriesPoint, SkipKind,
    TotalsCheck,
};

/// The metric a Meta insights title names, and the platform it names.
/// `Instagram follows` is new follows a day; `Facebook visits` page visits.
pub fn metric_of_title(title: &str) -> Option<(SeriesMetric, Option<&'static str>)> {
    let n = normalize(title);
    let platform = if n.starts_with("instagram") {
        Some("instagram")
    } else if n.starts_with("facebook") {
        Some("facebook")
    } else {
        None
    };
    let body = n
        .trim_start_matches("instagram")
        .trim_start_matches("facebook")
        .trim();
    let metric = match body {
        "follows"
        | "new follows"
        | "подписки"
        | "новые подписки"
        | "seguimientos"
        | "seguidores nuevos"
        | "novos seguidores" => SeriesMetric::FollowersGained,
        "unfollows" | "отписки" | "dejar de seguir" => SeriesMetric::FollowersLost,
        "followers" | "подписчики" | "seguidores" => SeriesMetric::Followers,
        "reach" | "охват" | "alcance" => SeriesMetric::Reach,
        "views" | "impressions" | "просмотры" | "показы" | "visualizaciones" | "visualizações" => {
            SeriesMetric::Views
        }
        "viewers" | "зрители" | "espectadores" => SeriesMetric::Viewers,
        "content interactions"
        | "interactions"
        | "взаимодействия"
        | "взаимодействия с контентом"
        | "interacciones"
        | "interacciones con el contenido"
        | "interações" => SeriesMetric::Interactions,
        "link clicks"
        | "клики по ссылке"
        | "клики по ссылкам"
        | "clics en el enlace"
        | "cliques no link" => SeriesMetric::LinkClicks,
        "visits"
        | "profile visits"
        | "page visits"
        | "посещения"
        | "посещения профиля"
        | "посещения страницы"
        | "visitas"
        | "visitas al perfil"
        | "visitas ao perfil" => SeriesMetric::ProfileVisits,
        _ => return None,
    };
    Some((metric, platform))
}

/// The metric a column of a daily table holds.
pub fn metric_of_column(header: &str) -> Option<SeriesMetric> {
    let n = normalize(header);
    if let Some(m) = grouped_followers(&n) {
        return Some(m);
    }
    Some(match n.as_str() {
        "primary" | "value" | "значение" | "valor" => return None,
        "video views" | "views" | "total views" | "просмотры" | "visualizaciones" => {
            SeriesMetric::Views
        }
        "reach" | "reached audience" | "охват" | "alcance" | "полный охват" => {
            SeriesMetric::Reach
        }
        "viewers" | "total viewers" | "зрители" | "посетители" | "уникальные посетители" => {
            SeriesMetric::Viewers
        }
        "profile views" | "profile visits" | "просмотры профиля" | "посещения профиля" => {
            SeriesMetric::ProfileVisits
        }
        "likes" | "лайки" | "me gusta" | "нравится" | "отметки нравится" => {
            SeriesMetric::Likes
        }
        "comments" | "комментарии" | "comentarios" => SeriesMetric::Comments,
        "shares" | "reposts" | "репосты" | "compartidos" | "поделились" => {
            SeriesMetric::Reposts
        }
        "saves" | "add to favorites" | "сохранения" => SeriesMetric::Saves,
        "link clicks" | "website clicks" | "переходы по ссылке" | "clicks total" => {
            SeriesMetric::LinkClicks
        }
        "impressions" | "impressions total" | "показы" => SeriesMetric::Views,
        "reactions" | "reactions total" => SeriesMetric::Likes,
        "comments total" => SeriesMetric::Comments,
        "reposts total" | "shares total" => SeriesMetric::Reposts,
        "interactions" | "content interactions" | "взаимодействия" => {
            SeriesMetric::Interactions
        }
        "followers"
        | "total followers"
        | "followers count"
        | "subscribers total"
        | "подписчики"
        | "всего подписчиков"
        | "участники"
        | "всего участников"
        | "seguidores" => SeriesMetric::Followers,
        "new followers"
        | "followers gained"
        | "gained"
        | "follows"
        | "subscribers gained"
        | "новые подписчики"
        | "подписались"
        | "вступили"
        | "вступившие"
        | "подписавшиеся"
        | "новые участники" => SeriesMetric::FollowersGained,
        "lost followers"
        | "followers lost"
        | "lost"
        | "unfollows"
        | "subscribers lost"
        | "отписались"
        | "отписки"
        | "вышли"
        | "вышедшие"
        | "отписавшиеся" => SeriesMetric::FollowersLost,
        "net growth"
        | "net"
        | "net followers"
        | "difference in followers from previous day"
        | "followers net"
        | "subscribers"
        | "прирост"
        | "чистый прирост"
        | "прирост подписчиков" => SeriesMetric::FollowersNet,
        _ => return None,
    })
}

/// A column of a two-row grouped header once merged (`Подписчиков / Всего`,
/// as analytics services' workbooks write a group title above its columns):
/// the follower total is a level, the rest are the day's changes.
fn grouped_followers(n: &str) -> Option<SeriesMetric> {
    let (group, part) = n.split_once(' ')?;
    if !matches!(
        group,
        "подписчики"
            | "подписчиков"
            | "участники"
            | "участников"
            | "followers"
            | "subscribers"
    ) {
        return None;
    }
    Some(match part {
        "всего" | "total" | "на конец периода" | "итого" => {
            SeriesMetric::Followers
        }
        "прирост" | "изменение" | "net" | "чистый прирост" => {
            SeriesMetric::FollowersNet
        }
        "пришло" | "подписались" | "новые" | "gained" | "new" => {
            SeriesMetric::FollowersGained
        }
        "ушло" | "отписались" | "lost" => SeriesMetric::FollowersLost,
        _ => return None,
    })
}

/// Headers of a date column in a daily table (or one of a count a week or
/// a month: snapshots at those dates).
fn is_date_header(h: &str) -> bool {
    matches!(
        normalize(h).as_str(),
        "date"
            | "day"
            | "дата"
            | "день"
            | "fecha"
            | "data"
            | "dia"
            | "month"
            | "week"
            | "месяц"
            | "неделя"
            | "mes"
            | "mês"
            | "semana"
    )
}

/// Columns that only a daily (account-level) table has: a post export never
/// reports profile views, follower totals or net growth per row.
fn is_series_only(m: SeriesMetric) -> bool {
    matches!(
        m,
        SeriesMetric::ProfileVisits
            | SeriesMetric::Viewers
            | SeriesMetric::Followers
            | SeriesMetric::FollowersGained
            | SeriesMetric::FollowersLost
            | SeriesMetric::FollowersNet
    )
}

/// How a daily table is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    pub date_col: usize,
    /// Metric columns.
    pub columns: Vec<(usize, SeriesMetric)>,
    /// Several rows a day (YouTube's chart data: one per video) are summed.
    pub per_item: bool,
}

/// Decides whether a header row (with the post mapping it got) heads a daily
/// table rather than posts. A table of posts names posts (an id, a caption, a
/// type); a daily table has a date column and figures only a daily table
/// has, or one row per day and no interactions to make an ER of.
pub fn detect_table(headers: &[String], mapping: &Mapping, data: &[Row]) -> Option<TableLayout> {
    let date_col = headers.iter().position(|h| is_date_header(h))?;
    let mut columns: Vec<(usize, SeriesMetric)> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != date_col)
        .filter_map(|(i, h)| metric_of_column(h).map(|m| (i, m)))
        .collect();
    if columns.is_empty() {
        return None;
    }
    gains_named_followers(headers, &mut columns);
    let norm: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    // YouTube Studio's chart data: Date, Content, Video title, ..., Views.
    let youtube_chart = norm.iter().any(|h| h == "content")
        && norm
            .iter()
            .any(|h| h == "video publish time" || h == "video title");
    if youtube_chart {
        return Some(TableLayout {
            date_col,
            columns,
            per_item: true,
        });
    }
    let names_posts = [Field::Id, Field::Text, Field::Type]
        .iter()
        .any(|f| mapping.column(*f).is_some_and(|c| c != date_col));
    if names_posts {
        return None;
    }
    if columns.iter().any(|(_, m)| is_series_only(*m)) {
        return Some(TableLayout {
            date_col,
            columns,
            per_item: false,
        });
    }
    // No series-only column: a table with interactions is a post log kept by
    // hand (one post a day, ER per post); without them, whole days of views
    // or reach that never repeat a date are a daily series.
    let interactions = [
        Count::Likes,
        Count::Comments,
        Count::Reposts,
        Count::Saves,
        Count::PollVotes,
    ]
    .iter()
    .any(|c| mapping.column(Field::Count(*c)).is_some());
    if interactions || data.len() < 2 {
        return None;
    }
    whole_distinct_days(data, date_col).then_some(TableLayout {
        date_col,
        columns,
        per_item: false,
    })
}

/// Whether a date column holds whole days (no time of day), each at most
/// once, at least two of them: what a daily table has and a post log lacks.
fn whole_distinct_days(data: &[Row], date_col: usize) -> bool {
    let mut dates = Vec::new();
    for r in data.iter().take(400) {
        let Some(v) = r.cells.get(date_col).map(|s| s.trim()) else {
            continue;
        };
        if v.is_empty() || is_totals_cell(v) {
            continue;
        }
        if v.contains(':') && !v.ends_with("00:00:00") {
            return false; // a time of day: posts
        }
        dates.push(v.to_string());
    }
    let n = dates.len();
    dates.sort();
    dates.dedup();
    n >= 2 && dates.len() == n
}

/// The layout of a table read as a daily series whatever other columns it
/// has (a workbook's per-day sheet, beside its posts sheet): a date column
/// of whole, distinct days and at least one column of daily figures.
pub fn daily_layout(headers: &[String], data: &[Row]) -> Option<TableLayout> {
    let date_col = headers.iter().position(|h| is_date_header(h))?;
    let mut columns: Vec<(usize, SeriesMetric)> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != date_col)
        .filter_map(|(i, h)| metric_of_column(h).map(|m| (i, m)))
        .collect();
    gains_named_followers(headers, &mut columns);
    (!columns.is_empty() && whole_distinct_days(data, date_col)).then_some(TableLayout {
        date_col,
        columns,
        per_item: false,
    })
}

/// LinkedIn's follower export writes each day's new followers as
/// `Sponsored followers`, `Organic followers` and `Total followers`: beside
/// those parts, `Total followers` is the day's gain, not a level.
fn gains_named_followers(headers: &[String], columns: &mut [(usize, SeriesMetric)]) {
    let parts = headers.iter().any(|h| {
        matches!(
            normalize(h).as_str(),
            "organic followers" | "sponsored followers" | "auto invited followers"
        )
    });
    if !parts {
        return;
    }
    for (c, m) in columns.iter_mut() {
        if *m == SeriesMetric::Followers && normalize(&headers[*c]) == "total followers" {
            *m = SeriesMetric::FollowersGained;
        }
    }
}

/// A block of a Meta insights file: a title line, then its rows up to an
/// empty line or the next title.
struct Block<'a> {
    title: &'a Row,
    rows: &'a [Row],
}

fn filled(r: &Row) -> Vec<&str> {
    r.cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect()
}

/// A block title: one filled cell, first in the row, that is neither a
/// number nor a date (a day with one value is `date,` — not a title).
fn is_title(r: &Row) -> bool {
    let f = filled(r);
    f.len() == 1
        && !r.cells.first().is_some_and(|c| c.trim().is_empty())
        && values::parse_number(f[0]).is_err()
        && values::parse_timestamp(f[0], &DateContext::default()).is_none()
}

/// Splits a Meta insights file into its blocks, or `None` when the rows are
/// not laid out that way (the first row is a lone title and a `Date,Primary`
/// header or a demographic table follows).
fn meta_blocks(rows: &[Row]) -> Option<Vec<Block<'_>>> {
    let first = rows.iter().position(|r| !filled(r).is_empty())?;
    if !is_title(&rows[first]) || rows.len() < first + 2 {
        return None;
    }
    let mut blocks = Vec::new();
    let mut i = first;
    while i < rows.len() {
        if filled(&rows[i]).is_empty() {
            i += 1;
            continue;
        }
        if !is_title(&rows[i]) {
            return None;
        }
        let start = i + 1;
        let mut end = start;
        // Exports separate blocks with an empty line, which a CSV reader may
        // drop: the next title ends a block too.
        while end < rows.len() && !filled(&rows[end]).is_empty() && !is_title(&rows[end]) {
            end += 1;
        }
        blocks.push(Block {
            title: &rows[i],
            rows: &rows[start..end],
        });
        i = end;
    }
    // A block is a series when its first row is `Date,Primary`-like.
    let any_series = blocks.iter().any(|b| {
        b.rows
            .first()
            .and_then(|h| h.cells.first())
            .is_some_and(|c| is_date_header(c))
    });
    let all_shaped = blocks.iter().all(|b| b.rows.len() >= 2);
    (all_shaped && (any_series || blocks.len() >= 2)).then_some(blocks)
}

/// True when the rows are a Meta insights file (series or audience blocks).
pub fn is_meta_insights(rows: &[Row]) -> bool {
    meta_blocks(rows).is_some()
}

/// Gives year-less dates (`February 28`, TikTok) a year: with `--year` the
/// first date takes it, else the last date takes the latest year that puts it
/// on or before today; a later date that reads as earlier in the year than
/// the one before it starts the next year.
fn year_less_years(values: &[&str], opts: &ReadOptions) -> (Vec<Option<i32>>, Option<String>) {
    let probe = DateContext {
        default_year: Some(2000),
        ..Default::default()
    };
    let md: Vec<Option<(u32, u32)>> = values
        .iter()
        .map(|v| {
            values::lacks_year(v)
                .then(|| values::parse_timestamp(v, &probe))
                .flatten()
                .map(|t| (t.local.month(), t.local.day()))
        })
        .collect();
    if md.iter().all(Option::is_none) {
        return (vec![None; values.len()], None);
    }
    // Offsets: how many year boundaries lie before each value.
    let mut wraps = Vec::with_capacity(md.len());
    let mut prev: Option<(u32, u32)> = None;
    let mut k = 0i32;
    for m in &md {
        if let (Some(p), Some(c)) = (prev, *m) {
            if c < p {
                k += 1;
            }
        }
        if m.is_some() {
            prev = *m;
        }
        wraps.push(k);
    }
    let (base, note) = match opts.year {
        Some(y) => (y, format!("dates have no year: took {y} from --year")),
        None => {
            let (lm, ld) = md.iter().rev().flatten().next().copied().unwrap_or((1, 1));
            let t = opts.today;
            let last_year = if (lm, ld) > (t.month(), t.day()) {
                t.year() - 1
            } else {
                t.year()
            };
            let base = last_year - k;
            (
                base,
                format!(
                    "dates have no year: the last one took {last_year}, the latest year that puts it on or before {t}; set the year with --year"
                ),
            )
        }
    };
    let years = md
        .iter()
        .zip(&wraps)
        .map(|(m, w)| m.map(|_| base + w))
        .collect();
    (years, Some(note))
}

/// Parses a series value: a whole number. Daily flows may be negative
/// (TikTok's Overview writes `-1` comments on a day more were removed than
/// written); a level, reach and viewers may not.
fn series_value(raw: &str, metric: SeriesMetric) -> Result<Option<i64>, String> {
    if metric.may_be_negative() {
        return match values::parse_number(raw) {
            Ok(None) => Ok(None),
            Ok(Some(v)) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
            Ok(Some(_)) => Err("expected a whole number".to_string()),
            Err(e) => Err(e.to_string()),
        };
    }
    match values::parse_count(raw) {
        Ok(None) => Ok(None),
        Ok(Some(v)) => i64::try_from(v)
            .map(Some)
            .map_err(|_| "number too large".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Collects (date, value) pairs into a series, summing days listed twice.
fn finish(
    file: usize,
    metric: SeriesMetric,
    label: &str,
    platform: &str,
    mut pts: Vec<SeriesPoint>,
) -> Series {
    pts.sort_by_key(|p| p.date);
    let mut points: Vec<SeriesPoint> = Vec::with_capacity(pts.len());
    for p in pts {
        match points.last_mut() {
            Some(last) if last.date == p.date => {
                last.value = if metric.is_level() {
                    p.value
                } else {
                    last.value.saturating_add(p.value)
                }
            }
            _ => points.push(p),
        }
    }
    Series {
        file,
        metric,
        label: label.trim().to_string(),
        platform: platform.to_string(),
        points,
    }
}

fn info(s: &Series) -> SeriesInfo {
    SeriesInfo {
        metric: s.metric,
        label: s.label.clone(),
        days: s.points.len() as u64,
        first: s.points.first().map(|p| p.date),
        last: s.points.last().map(|p| p.date),
    }
}

fn parse_dates(
    rows: &[Row],
    col: usize,
    opts: &ReadOptions,
    report: &mut FileReport,
) -> Vec<Option<NaiveDate>> {
    let raw: Vec<&str> = rows
        .iter()
        .map(|r| r.cells.get(col).map(|s| s.trim()).unwrap_or(""))
        .collect();
    let slash_order = values::detect_slash_order(raw.iter().copied());
    let (years, note) = year_less_years(&raw, opts);
    if let Some(n) = note {
        report.notes.push(n);
    }
    let mut stretches = 0;
    let dates = raw
        .iter()
        .zip(years)
        .map(|(v, y)| {
            let ctx = DateContext {
                slash_order,
                default_year: y,
            };
            values::parse_timestamp(v, &ctx)
                .map(|t| t.local.date())
                .or_else(|| {
                    // A month, week or range of days: a count at its last day.
                    let end = values::parse_period_end(v, &ctx);
                    stretches += usize::from(end.is_some());
                    end
                })
        })
        .collect();
    if stretches > 0 {
        report.notes.push(format!(
            "{stretches} rows are dated by a month, week or range of days, not a day: each is taken at its last day (a count of followers is the count the stretch ended with; growth runs between those dates)"
        ));
    }
    dates
}

/// Reads a daily table (TikTok Overview, follower history, YouTube chart data...).
pub fn read_table(
    ds: &mut Dataset,
    src: Source,
    header: &Row,
    data: &[Row],
    layout: &TableLayout,
    report: &mut FileReport,
) {
    let dates = parse_dates(data, layout.date_col, src.opts, report);
    let unread: Vec<String> = header
        .cells
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            *i != layout.date_col
                && !h.trim().is_empty()
                && layout.columns.iter().all(|(c, _)| c != i)
        })
        .map(|(_, h)| format!("'{}'", h.trim()))
        .collect();
    if !unread.is_empty() {
        report.notes.push(format!(
            "columns not read as daily figures: {}",
            unread.join(", ")
        ));
    }
    let mut points: Vec<Vec<SeriesPoint>> = vec![Vec::new(); layout.columns.len()];
    // The export's first totals row: its line and each column's value.
    let mut totals: Option<(u64, Vec<Option<i64>>)> = None;
    let (mut more_totals, mut invalid) = (0u64, 0u64);
    let mut skip = |line: u64, kind: SkipKind, reason: String| {
        invalid += u64::from(kind == SkipKind::Invalid);
        ds.skipped.push(src.skip(line, kind, reason));
    };
    for (row, date) in data.iter().zip(dates) {
        report.rows_read += 1;
        if row.is_blank() {
            skip(row.line, SkipKind::Empty, "empty row".to_string());
            continue;
        }
        let first = row.cells.first().map(|s| s.trim()).unwrap_or("");
        if is_totals_cell(first) {
            if totals.is_some() {
                more_totals += 1;
            } else if !is_averages_cell(first) {
                let values = layout
                    .columns
                    .iter()
                    .map(|(col, metric)| {
                        let raw = row.cells.get(*col).map(|s| s.as_str()).unwrap_or("");
                        series_value(raw, *metric).ok().flatten()
                    })
                    .collect();
                totals = Some((row.line, values));
            }
            skip(
                row.line,
                SkipKind::Totals,
                format!("totals row ('{first}'), not a day"),
            );
            continue;
        }
        let Some(date) = date else {
            let raw = row
                .cells
                .get(layout.date_col)
                .map(|s| s.trim())
                .unwrap_or("");
            skip(
                row.line,
                SkipKind::Invalid,
                format!(
                    "column '{}' (date): cannot read '{raw}' as a date",
                    header.cells[layout.date_col].trim()
                ),
            );
            continue;
        };
        let mut parsed = Vec::with_capacity(layout.columns.len());
        let mut bad = None;
        for (col, metric) in &layout.columns {
            let raw = row.cells.get(*col).map(|s| s.as_str()).unwrap_or("");
            match series_value(raw, *metric) {
                Ok(v) => parsed.push(v),
                Err(e) => {
                    bad = Some(format!(
                        "column '{}' ({}): {e}: '{}'",
                        header.cells[*col].trim(),
                        metric.name(),
                        raw.trim()
                    ));
                    break;
                }
            }
        }
        if let Some(reason) = bad {
            skip(row.line, SkipKind::Invalid, reason);
            continue;
        }
        if parsed.iter().all(Option::is_none) {
            skip(
                row.line,
                SkipKind::Empty,
                "no figures reported for this day".to_string(),
            );
            continue;
        }
        *report.series_rows.get_or_insert(0) += 1;
        for (slot, v) in points.iter_mut().zip(parsed) {
            if let Some(value) = v {
                slot.push(SeriesPoint { date, value });
            }
        }
    }
    if let Some((line, values)) = &totals {
        let before = report.totals_check.len();
        for (((col, metric), pts), total) in layout.columns.iter().zip(&points).zip(values) {
            // A level's total is no sum of days; the rest are daily flows.
            let Some(total) = total.filter(|_| !metric.is_level()) else {
                continue;
            };
            let computed = pts.iter().fold(0i64, |a, p| a.saturating_add(p.value));
            report.totals_check.push(TotalsCheck::new(
                metric.name(),
                header.cells[*col].trim(),
                total as f64,
                computed as f64,
                0.0,
                !matches!(metric, SeriesMetric::Reach | SeriesMetric::Viewers),
            ));
        }
        if report.totals_check.len() > before {
            report.note_totals(*line, more_totals, invalid);
        }
    }
    for ((col, metric), pts) in layout.columns.iter().zip(points) {
        let negative = pts.iter().filter(|p| p.value < 0).count();
        if negative > 0 && *metric != SeriesMetric::FollowersNet {
            report.notes.push(format!(
                "column '{}' ({}) is negative on {negative} days: the export writes a day's net change (removals); kept as given",
                header.cells[*col].trim(),
                metric.name()
            ));
        }
        if pts.is_empty() {
            report.notes.push(format!(
                "column '{}' ({}) has no value on any day",
                header.cells[*col].trim(),
                metric.name()
            ));
            continue;
        }
        let s = finish(src.idx, *metric, &header.cells[*col], &report.platform, pts);
        report.series.push(info(&s));
        ds.series.push(s);
    }
    if layout.per_item {
        report.notes.push(
            "one row per item and day: each day's values are summed over the items".to_string(),
        );
    }
}

/// Reads a Meta insights file: every `Date,Primary` block becomes a series
/// named by its title; demographic blocks are named in a note and not used.
pub fn read_meta_blocks(
    ds: &mut Dataset,
    src: Source,
    rows: &[Row],
    report: &mut FileReport,
) -> Result<(), InputError> {
    let Some(blocks) = meta_blocks(rows) else {
        return Err(InputError::Format {
            file: src.name.to_string(),
            message: "not a Meta insights file".to_string(),
        });
    };
    let mut demographics = Vec::new();
    let mut platforms = Vec::new();
    for b in blocks {
        let title = filled(b.title).first().copied().unwrap_or("").to_string();
        let header = &b.rows[0];
        let is_series = header.cells.first().is_some_and(|c| is_date_header(c));
        if !is_series {
            demographics.push(format!("'{title}' (line {})", b.title.line));
            continue;
        }
        let Some((metric, platform)) = metric_of_title(&title) else {
            report.notes.push(format!(
                "series '{title}' (line {}) is not a metric smmkpi uses; its {} days are not read",
                b.title.line,
                b.rows.len() - 1
            ));
            continue;
        };
        let platform = match platform {
            Some(p) => p.to_string(),
            None if report.platform == "generic" => "meta".to_string(),
            None => report.platform.clone(),
        };
        platforms.push(platform.clone());
        // The value column: `Primary`, else the first column after the date.
        let value_col = header
            .cells
            .iter()
            .position(|c| normalize(c) == "primary")
            .unwrap_or(1);
        let layout = TableLayout {
            date_col: 0,
            columns: vec![(value_col, metric)],
            per_item: false,
        };
        let mut h = header.clone();
        if let Some(c) = h.cells.get_mut(value_col) {
            *c = title.clone();
        }
        let saved = std::mem::replace(&mut report.platform, platform);
        read_table(ds, src, &h, &b.rows[1..], &layout, report);
        report.platform = saved;
        if report.header_line.is_none() {
            report.header_line = Some(header.line);
        }
    }
    if report.platform == "generic" {
        report.platform = match platforms.first() {
            Some(p) if platforms.iter().all(|x| x == p) => p.clone(),
            _ => "meta".to_string(),
        };
    }
    if !demographics.is_empty() {
        report.notes.push(format!(
            "audience demographics {} are not used by smmkpi's metrics",
            demographics.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn titles_name_metrics_and_platforms() {
        assert_eq!(
            metric_of_title("Instagram follows"),
            Some((SeriesMetric::FollowersGained, Some("instagram")))
        );
        assert_eq!(
            metric_of_title("Facebook visits"),
            Some((SeriesMetric::ProfileVisits, Some("facebook")))
        );
        assert_eq!(
            metric_of_title("Content interactions"),
            Some((SeriesMetric::Interactions, None))
        );
        assert_eq!(metric_of_title("Охват"), Some((SeriesMetric::Reach, None)));
        assert_eq!(metric_of_title("Top cities"), None);
    }

    #[test]
    fn columns_name_metrics() {
        assert_eq!(
            metric_of_column("Difference in followers from previous day"),
            Some(SeriesMetric::FollowersNet)
        );
        assert_eq!(
            metric_of_column("Subscribers"),
            Some(SeriesMetric::FollowersNet)
        );
        assert_eq!(
            metric_of_column("New followers"),
            Some(SeriesMetric::FollowersGained)
        );
        assert_eq!(
            metric_of_column("Profile Views"),
            Some(SeriesMetric::ProfileVisits)
        );
        assert_eq!(metric_of_column("Primary"), None);
    }

    #[test]
    fn grouped_follower_columns_are_a_level_and_changes() {
        assert_eq!(
            metric_of_column("Подписчиков / Всего"),
            Some(SeriesMetric::Followers)
        );
        assert_eq!(
            metric_of_column("Подписчики / Прирост"),
            Some(SeriesMetric::FollowersNet)
        );
        assert_eq!(
            metric_of_column("Подписчиков / Пришло"),
            Some(SeriesMetric::FollowersGained)
        );
        assert_eq!(
            metric_of_column("Участников / Ушло"),
            Some(SeriesMetric::FollowersLost)
        );
        assert_eq!(metric_of_column("Подписчиков / Пол"), None);
        assert_eq!(
            metric_of_column("Вступившие"),
            Some(SeriesMetric::FollowersGained)
        );
        assert_eq!(
            metric_of_column("Impressions (total)"),
            Some(SeriesMetric::Views)
        );
    }

    #[test]
    fn linkedin_total_followers_beside_their_parts_are_gains() {
        let h: Vec<String> = [
            "Date",
            "Sponsored followers",
            "Organic followers",
            "Total followers",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let data = vec![
            row(2, &["01/13/2026", "0", "3", "3"]),
            row(3, &["01/14/2026", "1", "2", "3"]),
        ];
        let layout = daily_layout(&h, &data).unwrap();
        assert_eq!(layout.columns, vec![(3, SeriesMetric::FollowersGained)]);
        // Alone, `Total followers` is the level.
        let h2: Vec<String> = ["Date", "Total followers"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let layout = daily_layout(&h2, &data).unwrap();
        assert_eq!(layout.columns, vec![(1, SeriesMetric::Followers)]);
        // A post log is no daily table: a time of day.
        let posts = vec![
            row(2, &["01/13/2026 10:00", "0", "3", "3"]),
            row(3, &["01/14/2026 11:00", "1", "2", "3"]),
        ];
        assert_eq!(daily_layout(&h, &posts), None);
    }

    #[test]
    fn meta_blocks_are_found() {
        let rows = vec![
            row(2, &["Reach"]),
            row(3, &["Date", "Primary"]),
            row(4, &["2025-01-01T00:00:00", "10"]),
        ];
        assert!(is_meta_insights(&rows));
        let posts = vec![row(1, &["Post ID", "Reach"]), row(2, &["1", "10"])];
        assert!(!is_meta_insights(&posts));
    }

    #[test]
    fn year_less_dates_wrap_into_the_next_year() {
        let opts = ReadOptions {
            today: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            ..Default::default()
        };
        let (years, note) = year_less_years(&["December 30", "December 31", "January 1"], &opts);
        assert_eq!(years, vec![Some(2025), Some(2025), Some(2026)]);
        assert!(note.unwrap().contains("2026"));
        let forced = ReadOptions {
            year: Some(2020),
            ..opts
        };
        let (years, _) = year_less_years(&["December 31", "January 1"], &forced);
        assert_eq!(years, vec![Some(2020), Some(2021)]);
        let (years, note) = year_less_years(&["2025-01-01"], &forced);
        assert_eq!((years, note), (vec![None], None));
    }

    #[test]
    fn values_are_whole_and_only_net_is_signed() {
        assert_eq!(series_value("-3", SeriesMetric::FollowersNet), Ok(Some(-3)));
        assert!(series_value("-3", SeriesMetric::Followers).is_err());
        assert_eq!(series_value("undefined", SeriesMetric::Followers), Ok(None));
        assert!(series_value("1.5", SeriesMetric::FollowersNet).is_err());
    }

    #[test]
    fn days_listed_twice_are_summed_and_levels_keep_the_last() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let pts = vec![
            SeriesPoint { date: d, value: 2 },
            SeriesPoint { date: d, value: 3 },
        ];
        assert_eq!(
            finish(0, SeriesMetric::Views, "v", "x", pts.clone()).points[0].value,
            5
        );
        assert_eq!(
            finish(0, SeriesMetric::Followers, "f", "x", pts).points[0].value,
            3
        );
    }
}
