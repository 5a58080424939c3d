//! Where a goal's values come from: each input file is told to be a post
//! export (posts, daily series) or an activity log, and a metric's value per
//! period is what the command that shows it gives — `report`'s periods for a
//! summary figure, `growth`'s for followers, `core`'s months for the core —
//! built through the same library functions, each once per setting.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::spec::Metric;
use crate::doc::core::{self, CoreDoc, CoreSpec};
use crate::doc::figures::summary_figure;
use crate::doc::growth::{self, GrowthDoc};
use crate::doc::report::{read_report, Parts, ReportDoc, ReportOptions, ReportRequest, Settings};
use crate::input::activity::{read_activity, ActivityOptions};
use crate::input::{self, InputError, ReadOptions};
use crate::metrics::goals::{period_index, Point};
use crate::metrics::periods::{Period, Span};
use crate::model::Month;

/// What an input file was read as.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct InputFile {
    /// The path as given.
    pub path: String,
    /// `posts` (a post export, daily series or web table: what `report`
    /// and `growth` read) or `activity_log` (what `core` reads).
    pub kind: &'static str,
    /// The platform detected (post exports only).
    pub platform: Option<String>,
}

/// A metric's value in one period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PeriodValue {
    /// `2025-01`, `2025-W05`, `2025-Q1`, `2025-01-31`.
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub value: f64,
    /// [`period_index`] of the period.
    #[serde(skip)]
    pub index: i64,
}

impl PeriodValue {
    pub fn point(&self) -> Point {
        Point {
            index: self.index,
            value: self.value,
        }
    }
}

/// A metric's values by period up to as-of, and where they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricValues {
    /// Complete periods (levels: every period up to as-of) with a value.
    pub values: Vec<PeriodValue>,
    /// The files read for it.
    pub files: Vec<String>,
    /// Why there is no value, when there is none.
    pub no_data: Option<String>,
}

/// The input files, told apart, and the documents built from them so far.
pub struct Sources {
    pub files: Vec<InputFile>,
    read: ReadOptions,
    settings: Settings,
    reports: BTreeMap<(PeriodKey, Option<String>), ReportDoc>,
    growths: BTreeMap<(PeriodKey, Option<String>, NaiveDate), GrowthDoc>,
    cores: BTreeMap<(u32, u32), CoreDoc>,
}

/// A period as a map key.
type PeriodKey = u8;

fn key(p: Period) -> PeriodKey {
    match p {
        Period::Day => 0,
        Period::Week => 1,
        Period::Month => 2,
        Period::Quarter => 3,
        Period::All => 4,
    }
}

/// The span's values as [`PeriodValue`].
fn period_value(period: Period, span: Span, value: f64) -> PeriodValue {
    PeriodValue {
        period: period.label(span),
        start: span.start,
        end: span.end,
        value,
        index: period_index(period, span.start),
    }
}

impl Sources {
    /// Tells each file apart: one `read_posts` reads (a Telegram group's
    /// export is read as the activity log it also is) is a post export;
    /// one it cannot read but the activity reader can is an activity log.
    /// A file neither reads is the post reader's error.
    pub fn classify(
        files: &[String],
        read: &ReadOptions,
        settings: Settings,
    ) -> Result<Sources, InputError> {
        let activity = ActivityOptions {
            tz: read.tz,
            ..ActivityOptions::default()
        };
        let is_log = |path: &String| {
            path != "-"
                && read_activity(std::slice::from_ref(path), &activity)
                    .is_ok_and(|d| d.actions() > 0)
        };
        let mut out = Vec::new();
        for path in files {
            let file = match input::read_posts(std::slice::from_ref(path), read) {
                Ok(ds) => {
                    let f = ds.files.first();
                    if f.is_some_and(|f| f.format == "telegram-json") && is_log(path) {
                        InputFile {
                            path: path.clone(),
                            kind: "activity_log",
                            platform: None,
                        }
                    } else {
                        InputFile {
                            path: path.clone(),
                            kind: "posts",
                            platform: f.map(|f| f.platform.clone()),
                        }
                    }
                }
                Err(e @ (InputError::NoColumns { .. } | InputError::Format { .. })) => {
                    if is_log(path) {
                        InputFile {
                            path: path.clone(),
                            kind: "activity_log",
                            platform: None,
                        }
                    } else {
                        return Err(e);
                    }
                }
                Err(e) => return Err(e),
            };
            out.push(file);
        }
        Ok(Sources {
            files: out,
            read: read.clone(),
            settings,
            reports: BTreeMap::new(),
            growths: BTreeMap::new(),
            cores: BTreeMap::new(),
        })
    }

    fn post_files(&self, platform: Option<&str>) -> Vec<String> {
        self.files
            .iter()
            .filter(|f| f.kind == "posts")
            .filter(|f| platform.is_none_or(|p| f.platform.as_deref() == Some(p)))
            .map(|f| f.path.clone())
            .collect()
    }

    fn activity_files(&self) -> Vec<String> {
        self.files
            .iter()
            .filter(|f| f.kind == "activity_log")
            .map(|f| f.path.clone())
            .collect()
    }

    /// Why a metric of post exports has no files to come from, if so.
    fn no_post_files(&self, platform: Option<&str>) -> Option<String> {
        if !self.post_files(platform).is_empty() {
            return None;
        }
        Some(match platform {
            Some(p) if !self.post_files(None).is_empty() => {
                format!("no post export of platform {p} among the files")
            }
            _ => "no post export among the files".to_string(),
        })
    }

    /// `report` of the post files (of one platform) by `period`.
    pub fn report(
        &mut self,
        period: Period,
        platform: Option<&str>,
    ) -> Result<Option<&ReportDoc>, InputError> {
        let files = self.post_files(platform);
        if files.is_empty() {
            return Ok(None);
        }
        let k = (key(period), platform.map(str::to_string));
        if !self.reports.contains_key(&k) {
            let req = ReportRequest {
                read: self.read.clone(),
                settings: self.settings.clone(),
                options: ReportOptions {
                    period,
                    top: 0,
                    ..ReportOptions::default()
                },
                parts: Parts {
                    posts: false,
                    top: false,
                    hashtags: false,
                    best_time: false,
                },
                keep_duplicates: false,
                followers: None,
                followers_files: Vec::new(),
                money: Default::default(),
            };
            let run = read_report(&files, &req)?;
            self.reports.insert(k.clone(), run.doc);
        }
        Ok(self.reports.get(&k))
    }

    /// `growth` of the post files (of one platform) by `period`, up to the
    /// day before `as_of`.
    fn growth(
        &mut self,
        period: Period,
        platform: Option<&str>,
        as_of: NaiveDate,
    ) -> Result<Option<&GrowthDoc>, InputError> {
        let files = self.post_files(platform);
        if files.is_empty() {
            return Ok(None);
        }
        let k = (key(period), platform.map(str::to_string), as_of);
        if !self.growths.contains_key(&k) {
            let ds = input::read_posts(&files, &self.read)?;
            let until = as_of.pred_opt().unwrap_or(as_of);
            let doc = growth::build(&ds, None, period, None, Some(until));
            self.growths.insert(k.clone(), doc);
        }
        Ok(self.growths.get(&k))
    }

    /// `core` of the activity logs with N = `min_actions`, M = `months`.
    fn core(&mut self, min_actions: u32, months: u32) -> Result<Option<&CoreDoc>, InputError> {
        let files = self.activity_files();
        if files.is_empty() {
            return Ok(None);
        }
        let k = (min_actions, months);
        if !self.cores.contains_key(&k) {
            let opts = ActivityOptions {
                tz: self.read.tz,
                ..ActivityOptions::default()
            };
            let data = read_activity(&files, &opts)?;
            let doc = core::build(
                data,
                &CoreSpec {
                    min_actions,
                    months,
                    as_of: None,
                    actions_filter: None,
                    members: false,
                },
            );
            self.cores.insert(k, doc);
        }
        Ok(self.cores.get(&k))
    }

    /// A metric's values by period known at `as_of`: for a summary figure
    /// the complete periods of `report` (last day before as-of) with a
    /// value; for followers each period's last count up to the day before
    /// as-of; for the core each complete month's core.
    #[allow(clippy::too_many_arguments)]
    pub fn values(
        &mut self,
        metric: &Metric,
        period: Period,
        platform: Option<&str>,
        min_actions: u32,
        months: u32,
        as_of: NaiveDate,
    ) -> Result<MetricValues, InputError> {
        let label = period_word(period);
        match metric {
            Metric::Summary(name) => {
                let files = self.post_files(platform);
                let no_files = self.no_post_files(platform);
                let Some(rep) = self.report(period, platform)? else {
                    return Ok(MetricValues {
                        values: Vec::new(),
                        files,
                        no_data: no_files,
                    });
                };
                let complete: Vec<_> = rep.periods.iter().filter(|p| p.end < as_of).collect();
                let values: Vec<PeriodValue> = complete
                    .iter()
                    .filter_map(|p| {
                        let v = summary_figure(&p.summary, name)?;
                        Some(period_value(
                            period,
                            Span {
                                start: p.start,
                                end: p.end,
                            },
                            v,
                        ))
                    })
                    .collect();
                let no_data = values.is_empty().then(|| {
                    if rep.periods.is_empty() {
                        "no dated post in the files".to_string()
                    } else if complete.is_empty() {
                        format!("no {label} of the posts is complete before {as_of}")
                    } else {
                        format!("no post reports {name} in a complete {label} before {as_of}")
                    }
                });
                Ok(MetricValues {
                    values,
                    files,
                    no_data,
                })
            }
            Metric::Followers => {
                let files = self.post_files(platform);
                let no_files = self.no_post_files(platform);
                let Some(g) = self.growth(period, platform, as_of)? else {
                    return Ok(MetricValues {
                        values: Vec::new(),
                        files,
                        no_data: no_files,
                    });
                };
                let values: Vec<PeriodValue> = g
                    .periods
                    .iter()
                    .filter_map(|p| {
                        let v = p.growth.followers_end?;
                        Some(period_value(
                            period,
                            Span {
                                start: p.start,
                                end: p.end,
                            },
                            v as f64,
                        ))
                    })
                    .collect();
                let no_data = values.is_empty().then(|| {
                    if g.sources.is_empty() {
                        "no follower counts in the files (a followers column, a follower history or Follows.csv)".to_string()
                    } else if g.levels_from.is_none() {
                        "the files give only daily follower changes, not counts (`smmkpi growth --followers N` rebuilds counts)".to_string()
                    } else {
                        format!("no follower count before {as_of}")
                    }
                });
                Ok(MetricValues {
                    values,
                    files,
                    no_data,
                })
            }
            Metric::CoreSize => {
                let files = self.activity_files();
                let Some(c) = self.core(min_actions, months)? else {
                    return Ok(MetricValues {
                        values: Vec::new(),
                        files,
                        no_data: Some(
                            "no activity log among the files (user, time and action of each action)"
                                .to_string(),
                        ),
                    });
                };
                let values: Vec<PeriodValue> = c
                    .monthly
                    .iter()
                    .filter_map(|m| {
                        let core = m.core?;
                        let span = month_span(m.month)?;
                        (span.end < as_of).then(|| period_value(Period::Month, span, core as f64))
                    })
                    .collect();
                let no_data = values.is_empty().then(|| match c.data_months {
                    None => "no action was counted in the activity logs".to_string(),
                    Some(r) => {
                        let span = r.last.0 - r.first.0 + 1;
                        if span < months as i32 {
                            format!(
                                "the core needs {months} months of activity and the logs cover {span}: set months = {span} or fewer in the goal"
                            )
                        } else {
                            format!("no month with a core is complete before {as_of}")
                        }
                    }
                });
                Ok(MetricValues {
                    values,
                    files,
                    no_data,
                })
            }
        }
    }
}

/// The first and last day of a month.
fn month_span(m: Month) -> Option<Span> {
    let start = NaiveDate::from_ymd_opt(m.year(), m.month(), 1)?;
    let next = Month::from_ym(m.year(), m.month())?.plus(1);
    let end = NaiveDate::from_ymd_opt(next.year(), next.month(), 1)? - Duration::days(1);
    debug_assert_eq!(start.month(), end.month());
    Some(Span { start, end })
}

/// A period in words: `month`, `ISO week`, ...
pub fn period_word(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
        Period::All => "period",
    }
}
