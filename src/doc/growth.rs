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

/// Audience growth of one platform: its follower series only, never added
/// to another platform's (docs/metrics.md#growth-platforms).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformGrowth {
    /// `instagram`, `facebook`, `meta` (a Meta series that names no
    /// network), `tiktok`, `youtube`, `generic`, ...
    pub platform: String,
    /// The series used; figures add up series of one metric (several files
    /// of the platform).
    pub sources: Vec<SourceSeries>,
    /// Where this platform's followers levels come from (as the document's
    /// `levels_from`).
    pub levels_from: Option<&'static str>,
    /// First and last day with a figure, within `--since`/`--until`.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The whole range.
    pub summary: Growth,
    pub periods: Vec<GrowthPeriod>,
}

/// The whole `growth` document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GrowthDoc {
    pub schema: &'static str,
    pub input: GrowthInput,
    /// Every series used.
    pub sources: Vec<SourceSeries>,
    /// The growth of each platform on its own, one entry per platform.
    pub platforms: Vec<PlatformGrowth>,
    /// What `summary` and `periods` are: `platform`, the one platform's
    /// growth (as in `platforms[0]`); or `sum_of_platforms`, with several
    /// platforms: follows gained, lost and net added across them, and
    /// followers counts added where every platform states them — a sum of
    /// audiences, in which a person following on two platforms counts twice.
    pub scope: &'static str,
    /// Where followers levels come from: `export` (the files state them),
    /// `end` / `start` (rebuilt from daily net changes and `--followers` /
    /// `--start-followers`), or `null` (no levels: no growth rate). With
    /// several platforms, theirs when they agree, else `null`.
    pub levels_from: Option<&'static str>,
    pub period: Period,
    /// First and last day with a figure, within `--since`/`--until`.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The whole range.
    pub summary: Growth,
    pub periods: Vec<GrowthPeriod>,
    /// Lines for stderr (an anchor that could not be used, the sum).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// Followers of posts (a column of some exports) as a level series per file.
fn post_followers(ds: &Dataset) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for (idx, f) in ds.files.iter().enumerate() {
        let mut points: Vec<(chrono::NaiveDateTime, i64)> = ds
            .posts
            .iter()
            .filter(|p| p.file == idx)
            .filter_map(|p| Some((p.published_at?.local, p.followers?)))
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

/// The platforms of `series`, in the order they first appear, each with
/// its series.
pub fn by_platform(series: Vec<Series>) -> Vec<(String, Vec<Series>)> {
    let mut out: Vec<(String, Vec<Series>)> = Vec::new();
    for s in series {
        match out.iter_mut().find(|(p, _)| *p == s.platform) {
            Some((_, v)) => v.push(s),
            None => out.push((s.platform.clone(), vec![s])),
        }
    }
    out
}

fn source(ds: &Dataset, s: &Series) -> SourceSeries {
    SourceSeries {
        file: ds
            .files
            .get(s.file)
            .map(|f| f.path.clone())
            .unwrap_or_default(),
        platform: s.platform.clone(),
        metric: s.metric,
        label: s.label.clone(),
        days: s.points.len() as u64,
    }
}

/// First and last day with a figure within the range.
fn range_of(
    days: &[Day],
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let mut in_range = days
        .iter()
        .filter(|d| since.is_none_or(|s| d.date >= s) && until.is_none_or(|u| d.date <= u));
    (
        in_range.clone().next().map(|d| d.date),
        in_range.next_back().map(|d| d.date),
    )
}

/// A sum over the platforms only where every one of them states the figure
/// (a platform missing from a period, or not reporting it, leaves the sum
/// unknown rather than short).
fn sum_all(values: &[Option<i64>]) -> Option<i64> {
    values
        .iter()
        .try_fold(0i64, |a, v| v.map(|v| a.saturating_add(v)))
        .filter(|_| !values.is_empty())
}

/// The growth of several platforms added up (docs/metrics.md#growth-platforms).
fn combined(parts: &[&Growth]) -> Growth {
    let pick = |f: fn(&Growth) -> Option<i64>| -> Vec<Option<i64>> {
        parts.iter().map(|g| f(g)).collect()
    };
    let start = sum_all(&pick(|g| g.followers_start));
    let end = sum_all(&pick(|g| g.followers_end));
    let net = sum_all(&pick(|g| g.net));
    let days = parts.iter().map(|g| g.days).max().unwrap_or(0);
    Growth {
        days,
        followers_start: start,
        followers_end: end,
        gained: sum_all(&pick(|g| g.gained)),
        lost: sum_all(&pick(|g| g.lost)),
        net,
        growth_rate: match (start, end) {
            (Some(s), Some(e)) if s > 0 && parts.iter().all(|g| g.growth_rate.is_some()) => {
                crate::metrics::pct((e - s) as f64, s as f64)
            }
            _ => None,
        },
        avg_daily_growth: match net {
            Some(v) if days > 0 => Some(v as f64 / f64::from(days)),
            _ => None,
        },
    }
}

/// Builds the growth document: each platform's growth on its own, and, with
/// several platforms, their sum labelled as such.
pub fn build(
    ds: &Dataset,
    anchor: Option<Anchor>,
    period: Period,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> GrowthDoc {
    let series = follower_series(ds);
    let sources: Vec<SourceSeries> = series.iter().map(|s| source(ds, s)).collect();
    let groups = by_platform(series);
    let mut notes = Vec::new();
    // `--followers N` is one account's count: with several platforms that
    // give only changes, it belongs to none of them for sure.
    let needing: Vec<&str> = groups
        .iter()
        .filter(|(_, ss)| ss.iter().all(|s| s.metric != SeriesMetric::Followers))
        .map(|(p, _)| p.as_str())
        .collect();
    let anchor_for = |platform: &str| match anchor {
        Some(a) if needing.len() == 1 && needing[0] == platform => Some(a),
        _ => None,
    };
    if anchor.is_some() && needing.len() > 1 {
        notes.push(format!(
            "note: --followers/--start-followers is one account's count, and several platforms give only changes ({}): it is used for none; give one platform's files at a time",
            needing.join(", ")
        ));
    }
    let platforms: Vec<PlatformGrowth> = groups
        .iter()
        .map(|(platform, ss)| {
            let (days, levels_from) = follower_days(ss, anchor_for(platform));
            let (summary, periods) = growth_by_period(&days, period, since, until);
            let (first, last) = range_of(&days, since, until);
            PlatformGrowth {
                platform: platform.clone(),
                sources: ss.iter().map(|s| source(ds, s)).collect(),
                levels_from,
                first,
                last,
                summary,
                periods,
            }
        })
        .collect();
    let (scope, levels_from, first, last, summary, periods) = match platforms.as_slice() {
        [] => ("platform", None, None, None, Growth::default(), Vec::new()),
        [one] => (
            "platform",
            one.levels_from,
            one.first,
            one.last,
            one.summary.clone(),
            one.periods.clone(),
        ),
        many => {
            let names: Vec<&str> = many.iter().map(|p| p.platform.as_str()).collect();
            notes.push(format!(
                "note: follower series of {} platforms ({}) are reported each on its own; the summary adds them up (a person following on two of them counts twice), and only where every platform states the figure",
                many.len(),
                names.join(", ")
            ));
            let levels = many[0].levels_from;
            let agree = many.iter().all(|p| p.levels_from == levels);
            let mut labels: Vec<(NaiveDate, NaiveDate, String)> = Vec::new();
            for p in many {
                for gp in &p.periods {
                    if !labels.iter().any(|(_, _, l)| *l == gp.period) {
                        labels.push((gp.start, gp.end, gp.period.clone()));
                    }
                }
            }
            labels.sort();
            let periods = labels
                .into_iter()
                .map(|(start, end, label)| {
                    let parts: Vec<Option<&Growth>> = many
                        .iter()
                        .map(|p| {
                            p.periods
                                .iter()
                                .find(|gp| gp.period == label)
                                .map(|gp| &gp.growth)
                        })
                        .collect();
                    let growth = match parts.iter().copied().collect::<Option<Vec<&Growth>>>() {
                        Some(all) => combined(&all),
                        // A platform without figures in the period: only
                        // what the others gained is known, not the sum.
                        None => Growth {
                            days: parts.iter().flatten().map(|g| g.days).max().unwrap_or(0),
                            ..Growth::default()
                        },
                    };
                    GrowthPeriod {
                        period: label,
                        start,
                        end,
                        growth,
                    }
                })
                .collect();
            let summaries: Vec<&Growth> = many.iter().map(|p| &p.summary).collect();
            (
                "sum_of_platforms",
                if agree { levels } else { None },
                many.iter().filter_map(|p| p.first).min(),
                many.iter().filter_map(|p| p.last).max(),
                combined(&summaries),
                periods,
            )
        }
    };
    GrowthDoc {
        schema: SCHEMA,
        input: GrowthInput {
            files: ds.files.iter().map(|f| f.path.clone()).collect(),
            details: ds.files.clone(),
            rows_read: ds.rows_read(),
            skipped: ds.skipped.clone(),
        },
        sources,
        platforms,
        scope,
        levels_from,
        period,
        first,
        last,
        summary,
        periods,
        notes,
    }
}

/// A period of one platform's growth (or of their sum), for a CSV table of
/// several platforms.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformPeriod<'a> {
    /// The platform, or `sum_of_platforms`.
    pub platform: &'a str,
    #[serde(flatten)]
    pub period: &'a GrowthPeriod,
}

/// Each platform's periods, then their sum's: the rows of `--format csv`
/// with several platforms.
pub fn platform_rows(doc: &GrowthDoc) -> Vec<PlatformPeriod<'_>> {
    doc.platforms
        .iter()
        .flat_map(|p| {
            p.periods.iter().map(|period| PlatformPeriod {
                platform: &p.platform,
                period,
            })
        })
        .chain(doc.periods.iter().map(|period| PlatformPeriod {
            platform: "sum_of_platforms",
            period,
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_of_platforms_needs_every_platform() {
        assert_eq!(sum_all(&[Some(3), Some(5)]), Some(8));
        assert_eq!(sum_all(&[Some(3), None]), None, "one platform silent");
        assert_eq!(sum_all(&[]), None);
    }

    #[test]
    fn combined_growth_adds_counts_and_rates_the_sums() {
        let fb = Growth {
            days: 30,
            followers_start: Some(1000),
            followers_end: Some(1100),
            net: Some(100),
            growth_rate: Some(10.0),
            ..Growth::default()
        };
        let ig = Growth {
            days: 28,
            followers_start: Some(400),
            followers_end: Some(420),
            net: Some(20),
            growth_rate: Some(5.0),
            gained: Some(25),
            ..Growth::default()
        };
        let g = combined(&[&fb, &ig]);
        // 1400 → 1520: 120 / 1400 × 100; 120 over the longer 30 days.
        assert_eq!(
            (g.followers_start, g.followers_end, g.net),
            (Some(1400), Some(1520), Some(120))
        );
        assert_eq!(g.growth_rate, Some(120.0 / 1400.0 * 100.0));
        assert_eq!(g.days, 30);
        assert_eq!(g.avg_daily_growth, Some(4.0));
        // Facebook reports no gains: the sum of gains is unknown, not 25.
        assert_eq!(g.gained, None);
        // Without a rate on one side (a single count), no rate of the sum.
        let single = Growth {
            followers_start: Some(50),
            followers_end: Some(50),
            ..Growth::default()
        };
        assert_eq!(combined(&[&fb, &single]).growth_rate, None);
    }
}
