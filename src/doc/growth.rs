//! The `growth` command's document: audience growth from the follower
//! counts the inputs hold — daily series (levels or changes) and the
//! followers column of post exports — by calendar period.

use chrono::NaiveDate;
use serde::Serialize;

use crate::input::Dataset;
use crate::metrics::growth::{
    anchor_levels, days_of, growth_by_period, Anchor, Day, Growth, GrowthPeriod,
};
use crate::metrics::periods::Period;
use crate::model::{FileReport, Series, SeriesMetric, SeriesPoint, Skip};

pub const SCHEMA: &str = "smmkpi.growth/1";

/// What was read.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GrowthInput {
    pub files: Vec<String>,
    pub details: Vec<FileReport>,
    pub rows_read: u64,
    pub skipped: Vec<Skip>,
}

/// A follower series the figures were made of.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SourceSeries {
    pub file: String,
    pub platform: String,
    /// `followers` (a level), `followers_gained`, `followers_lost`, `followers_net`.
    pub metric: SeriesMetric,
    /// What the export calls it.
    pub label: String,
    pub days: u64,
}

/// The whole `growth` document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GrowthDoc {
    pub schema: &'static str,
    pub input: GrowthInput,
    /// The series used; figures add up series of one metric (several accounts).
    pub sources: Vec<SourceSeries>,
    /// Where followers levels come from: `export` (the files state them),
    /// `end` / `start` (rebuilt from daily net changes and `--followers` /
    /// `--start-followers`), or `null` (no levels: no growth rate).
    pub levels_from: Option<&'static str>,
    pub period: Period,
    /// First and last day with a figure, within `--since`/`--until`.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The whole range.
    pub summary: Growth,
    pub periods: Vec<GrowthPeriod>,
    /// Each platform's own figures when the series come from more than one
    /// platform, in name order; empty otherwise (the figures above are then
    /// that platform's).
    pub by_platform: Vec<PlatformGrowth>,
}

/// The growth of one platform's series.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformGrowth {
    /// As `sources[].platform`.
    pub platform: String,
    /// As `levels_from`, for this platform's series alone (`--followers`
    /// and `--start-followers` count for all platforms together, so levels
    /// are not rebuilt here).
    pub levels_from: Option<&'static str>,
    pub summary: Growth,
    pub periods: Vec<GrowthPeriod>,
}

/// Followers of posts (a column of some exports) as a level series per file.
fn post_followers(ds: &Dataset) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for (idx, f) in ds.files.iter().enumerate() {
        let mut points: Vec<(chrono::NaiveDateTime, i64)> = ds
            .posts
            .iter()
            .filter(|p| p.file == idx)
            .filter_map(|p| Some((p.published_at?.local, i64::try_from(p.followers?).ok()?)))
            .collect();
        if points.is_empty() {
            continue;
        }
        // Several posts a day: the level at the day's last post (by time,
        // whatever the order of the file's rows).
        points.sort_by_key(|&(at, _)| at);
        let mut dedup: Vec<SeriesPoint> = Vec::new();
        for (at, value) in points {
            let p = SeriesPoint {
                date: at.date(),
                value,
            };
            match dedup.last_mut() {
                Some(l) if l.date == p.date => *l = p,
                _ => dedup.push(p),
            }
        }
        out.push(Series {
            file: idx,
            metric: SeriesMetric::Followers,
            label: "followers (of posts)".to_string(),
            platform: f.platform.clone(),
            points: dedup,
        });
    }
    out
}

/// The follower series of a dataset: daily series, and post exports' followers.
pub fn follower_series(ds: &Dataset) -> Vec<Series> {
    let mut all: Vec<Series> = ds
        .series
        .iter()
        .filter(|s| {
            matches!(
                s.metric,
                SeriesMetric::Followers
                    | SeriesMetric::FollowersGained
                    | SeriesMetric::FollowersLost
                    | SeriesMetric::FollowersNet
            )
        })
        .cloned()
        .collect();
    all.extend(post_followers(ds));
    all
}

/// Days of follower figures, with levels rebuilt from an anchor when the
/// files give only changes. Also says where the levels come from.
pub fn follower_days(
    series: &[Series],
    anchor: Option<Anchor>,
) -> (Vec<Day>, Option<&'static str>) {
    let refs: Vec<&Series> = series.iter().collect();
    let mut days = days_of(&refs);
    let from = if days.iter().any(|d| d.level.is_some()) {
        Some("export")
    } else if anchor_levels(&mut days, anchor) {
        match anchor {
            Some(Anchor::End(_)) => Some("end"),
            _ => Some("start"),
        }
    } else {
        None
    };
    (days, from)
}

/// Builds the growth document.
pub fn build(
    ds: &Dataset,
    anchor: Option<Anchor>,
    period: Period,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> GrowthDoc {
    let series = follower_series(ds);
    let (days, levels_from) = follower_days(&series, anchor);
    let (summary, periods) = growth_by_period(&days, period, since, until);
    let mut platforms: Vec<&str> = series.iter().map(|s| s.platform.as_str()).collect();
    platforms.sort_unstable();
    platforms.dedup();
    let by_platform = if platforms.len() > 1 {
        platforms
            .iter()
            .map(|&platform| {
                let own: Vec<Series> = series
                    .iter()
                    .filter(|s| s.platform == platform)
                    .cloned()
                    .collect();
                let (days, levels_from) = follower_days(&own, None);
                let (summary, periods) = growth_by_period(&days, period, since, until);
                PlatformGrowth {
                    platform: platform.to_string(),
                    levels_from,
                    summary,
                    periods,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut in_range = days
        .iter()
        .filter(|d| since.is_none_or(|s| d.date >= s) && until.is_none_or(|u| d.date <= u));
    GrowthDoc {
        schema: SCHEMA,
        input: GrowthInput {
            files: ds.files.iter().map(|f| f.path.clone()).collect(),
            details: ds.files.clone(),
            rows_read: ds.rows_read(),
            skipped: ds.skipped.clone(),
        },
        sources: series
            .iter()
            .map(|s| SourceSeries {
                file: ds
                    .files
                    .get(s.file)
                    .map(|f| f.path.clone())
                    .unwrap_or_default(),
                platform: s.platform.clone(),
                metric: s.metric,
                label: s.label.clone(),
                days: s.points.len() as u64,
            })
            .collect(),
        levels_from,
        period,
        first: in_range.clone().next().map(|d| d.date),
        last: in_range.next_back().map(|d| d.date),
        summary,
        periods,
        by_platform,
    }
}
