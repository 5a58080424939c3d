//! From the command line to the settings the library works with: each
//! argument checked once, and a mistake in one a [`UsageError`] (exit code
//! 2) that names the flag. `cli` holds only the clap types; `metrics`,
//! `input` and `output` never see them.

use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};

use crate::cli::{
    self, AggregateArg, BasisArg, CompatArg, MetricArgs, PeriodArg, ReadArgs, TopByArg,
};
use crate::doc::report::{JoinKey, MoneyRequest, Settings, TopBy};
use crate::env::Env;
use crate::input::{self, aliases, ReadOptions};
use crate::metrics::compat::Tool;
use crate::metrics::periods::Period;
use crate::metrics::{Aggregate, Basis, BasisChoice};
use crate::model::{Count, Month};
use crate::output::csv::CsvSection;
use crate::output::Lang;

/// Errors that are the user's words being off (exit code 2), as opposed to
/// data or I/O errors (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A [`UsageError`] as an `anyhow` error.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow!(UsageError(msg.into()))
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::All => Period::All,
        }
    }
}

impl From<AggregateArg> for Aggregate {
    fn from(a: AggregateArg) -> Aggregate {
        match a {
            AggregateArg::Mean => Aggregate::Mean,
            AggregateArg::Median => Aggregate::Median,
            AggregateArg::Ratio => Aggregate::Ratio,
        }
    }
}

impl From<CompatArg> for Tool {
    fn from(c: CompatArg) -> Tool {
        match c {
            CompatArg::Livedune => Tool::Livedune,
            CompatArg::Popsters => Tool::Popsters,
            CompatArg::Tgstat => Tool::Tgstat,
            CompatArg::Sprout => Tool::Sprout,
            CompatArg::Metricool => Tool::Metricool,
            CompatArg::Later => Tool::Later,
            CompatArg::Rivaliq => Tool::Rivaliq,
        }
    }
}

impl From<TopByArg> for TopBy {
    fn from(t: TopByArg) -> TopBy {
        match t {
            TopByArg::Er => TopBy::Er,
            TopByArg::Overperformance => TopBy::Overperformance,
            TopByArg::Reach => TopBy::Reach,
        }
    }
}

impl From<BasisArg> for BasisChoice {
    fn from(b: BasisArg) -> BasisChoice {
        match b {
            BasisArg::Auto => BasisChoice::Auto,
            BasisArg::Reach => BasisChoice::Fixed(Basis::Reach),
            BasisArg::Views => BasisChoice::Fixed(Basis::Views),
            BasisArg::Followers => BasisChoice::Fixed(Basis::Followers),
        }
    }
}

impl From<cli::Section> for CsvSection {
    fn from(s: cli::Section) -> CsvSection {
        match s {
            cli::Section::Summary => CsvSection::Summary,
            cli::Section::Posts => CsvSection::Posts,
            cli::Section::Top => CsvSection::Top,
            cli::Section::Hashtags => CsvSection::Hashtags,
            cli::Section::BestTime => CsvSection::BestTime,
            cli::Section::Skipped => CsvSection::Skipped,
            cli::Section::Comparison => CsvSection::Comparison,
            cli::Section::Campaigns => CsvSection::Campaigns,
            cli::Section::Money => CsvSection::Money,
        }
    }
}

impl From<cli::JoinArg> for JoinKey {
    fn from(j: cli::JoinArg) -> JoinKey {
        match j {
            cli::JoinArg::Content => JoinKey::Content,
            cli::JoinArg::Campaign => JoinKey::Campaign,
            cli::JoinArg::Id => JoinKey::Id,
        }
    }
}

/// `--web`, `--costs`, `--join` and `--currency` of `report`.
pub fn money_request(a: &cli::ReportArgs) -> Result<MoneyRequest> {
    if a.web.iter().chain(&a.costs).any(|f| f == "-") {
        return Err(usage(
            "--web and --costs name files: stdin (`-`) is for the post exports",
        ));
    }
    let currency = match a.currency.as_deref().map(str::trim) {
        Some("") => return Err(usage("--currency: name a currency (RUB, ₽, USD)")),
        other => other.map(str::to_string),
    };
    Ok(MoneyRequest {
        web_files: a.web.clone(),
        costs_files: a.costs.clone(),
        join: a.join.map(JoinKey::from),
        currency,
    })
}

/// `--lang`, else the locale's language.
pub fn lang(arg: Option<cli::Lang>, env: &Env) -> Lang {
    match arg {
        Some(cli::Lang::En) => Lang::En,
        Some(cli::Lang::Ru) => Lang::Ru,
        None => Lang::from_locale(env.locale.as_deref()),
    }
}

/// The options every reader of post exports takes.
pub fn read_options(a: &ReadArgs, env: &Env) -> Result<ReadOptions> {
    let maps = a
        .maps
        .iter()
        .map(|m| aliases::parse_map_arg(m).map_err(|e| usage(format!("--map: {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let platform = match a.platform.to_ascii_lowercase().as_str() {
        "auto" => None,
        p if input::PLATFORMS.contains(&p) => Some(p.to_string()),
        other => {
            return Err(usage(format!(
                "--platform: unknown platform '{other}' (auto, {})",
                input::PLATFORMS.join(", ")
            )))
        }
    };
    Ok(ReadOptions {
        maps,
        platform,
        tz: a.tz,
        year: a.year,
        today: env.today,
        limits: env.limits,
        sheet: a.sheet.clone(),
    })
}

/// The metric settings the flags give, validated (before any file is read).
pub fn metric_settings(m: &MetricArgs, aggregate: Aggregate) -> Result<Settings> {
    let mut set = Vec::new();
    for name in &m.interactions {
        if name.trim().is_empty() {
            continue;
        }
        let c = Count::parse(name).ok_or_else(|| {
            usage(format!(
                "--interactions: unknown field '{name}' (likes, comments, reposts, saves, poll_votes, link_clicks)"
            ))
        })?;
        if matches!(
            c,
            Count::Reach | Count::Views | Count::Impressions | Count::Followers
        ) {
            return Err(usage(format!(
                "--interactions: '{name}' is an audience, not an interaction"
            )));
        }
        if !set.contains(&c) {
            set.push(c);
        }
    }
    if set.is_empty() {
        return Err(usage("--interactions: name at least one field"));
    }
    if !(m.target_er > 0.0 && m.target_er.is_finite()) {
        return Err(usage(format!(
            "--target-er: must be a positive number, got {}",
            m.target_er
        )));
    }
    Ok(Settings {
        interactions: set,
        basis: m.er_basis.into(),
        aggregate,
        headline: None,
        compat: None,
        target_er: m.target_er,
    })
}

/// [`metric_settings`], or with `--compat` the tool's (clap refuses
/// `--compat` beside `--interactions`, `--er-basis` and `--aggregate`).
pub fn report_settings(
    m: &MetricArgs,
    aggregate: Aggregate,
    compat: Option<CompatArg>,
) -> Result<Settings> {
    let s = metric_settings(m, aggregate)?;
    Ok(match compat {
        Some(tool) => Settings::compat(tool.into(), s.target_er),
        None => s,
    })
}

/// A date flag (`--since`, `--until`, `--as-of`) in any form a date may take.
pub fn parse_date(flag: &str, s: &str) -> Result<NaiveDate> {
    input::values::parse_timestamp(s, &input::values::DateContext::default())
        .map(|t| t.local.date())
        .ok_or_else(|| {
            usage(format!(
                "{flag}: cannot read '{s}' as a date (try 2025-01-31)"
            ))
        })
}

/// `--since`/`--until`, checked to be in order.
pub fn date_range(
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let since = since.map(|s| parse_date("--since", s)).transpose()?;
    let until = until.map(|s| parse_date("--until", s)).transpose()?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(usage(format!("--since {s} is after --until {u}")));
        }
    }
    Ok((since, until))
}

/// `--as-of`: `YYYY-MM`, or any date (its month).
pub fn parse_month(s: &str) -> Result<Month> {
    Month::parse(s)
        .or_else(|| {
            let d = parse_date("--as-of", s).ok()?;
            Month::from_ym(d.year(), d.month())
        })
        .ok_or_else(|| {
            usage(format!(
                "--as-of: cannot read '{s}' as a month (use YYYY-MM, e.g. 2024-12)"
            ))
        })
}

/// The usage error for a format a command does not write.
pub fn unsupported(command: &str, format: cli::Format, instead: &str) -> anyhow::Error {
    use clap::ValueEnum;
    let name = format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    usage(format!(
        "{command}: --format {name} is not available; use {instead}"
    ))
}
