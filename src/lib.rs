//! smmkpi: SMM metrics from the export files social networks already give.
//!
//! The binary is one user of this library: [`run`] takes parsed arguments,
//! builds a validated configuration, reads the inputs, computes the metrics
//! and returns the rendered bytes with any warnings for stderr.

pub mod cli;

pub mod doc;
pub mod input;
pub mod metrics;
pub mod model;
pub mod output;

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use doc::{core as core_report, growth, report};

use cli::{AggregateArg, BasisArg, Command, Format, MetricArgs, PeriodArg, ReadArgs, Section};
use input::{aliases, Dataset, ReadOptions};
use metrics::periods::Period;
use metrics::{Aggregate, Basis, BasisChoice, MetricConfig};
use model::{Count, Post};
use output::csv::{CsvRenderer, CsvSection};
use output::html::HtmlRenderer;
use output::table::TableRenderer;
use output::xlsx::XlsxRenderer;
use output::{markdown::Markdown, view, Json, Lang, Render};

/// Errors that are the user's words being off (exit code 2), as opposed to
/// data or I/O errors (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What a run produced: bytes for stdout (or `-o`), and lines for stderr.
#[derive(Debug, Default)]
pub struct Outcome {
    pub output: Vec<u8>,
    /// Where to write `output`: `None` = stdout.
    pub path: Option<String>,
    pub warnings: Vec<String>,
}

/// The environment a run sees, injected so tests control it.
#[derive(Debug, Clone)]
pub struct Env {
    pub today: NaiveDate,
    /// `LANG` (or `LC_ALL`) for the default label language.
    pub locale: Option<String>,
    /// Terminal width when stdout is a terminal.
    pub width: Option<u16>,
    /// Whether stdout is a terminal (binary output is refused there).
    pub stdout_is_terminal: bool,
}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow!(UsageError(msg.into()))
}

fn lang_of(arg: Option<cli::Lang>, env: &Env) -> Lang {
    match arg {
        Some(cli::Lang::En) => Lang::En,
        Some(cli::Lang::Ru) => Lang::Ru,
        None => Lang::from_locale(env.locale.as_deref()),
    }
}

fn parse_tz(s: &str) -> Result<chrono_tz::Tz> {
    let t = s.trim();
    if let Ok(tz) = t.parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    // Fixed offsets: +03:00, -5, UTC+3 map onto Etc/GMT zones (whose sign is reversed).
    let body = t.trim_start_matches("UTC").trim_start_matches("GMT");
    let (sign, rest) = match body.chars().next() {
        Some('+') => (1, &body[1..]),
        Some('-') => (-1, &body[1..]),
        _ => {
            return Err(usage(format!(
            "--tz: unknown time zone '{s}' (use an IANA name like Europe/Moscow, UTC, or +03:00)"
        )))
        }
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let h: i32 = h
        .parse()
        .map_err(|_| usage(format!("--tz: cannot read '{s}'")))?;
    if !m.trim_start_matches('0').is_empty() || !(0..=14).contains(&h) {
        return Err(usage(format!(
            "--tz: only whole-hour offsets are supported as offsets ('{s}'); use an IANA name"
        )));
    }
    let name = if h == 0 {
        "Etc/GMT".to_string()
    } else {
        format!("Etc/GMT{}{}", if sign > 0 { "-" } else { "+" }, h)
    };
    name.parse::<chrono_tz::Tz>()
        .map_err(|_| usage(format!("--tz: cannot read '{s}'")))
}

fn read_options(a: &ReadArgs, env: &Env) -> Result<ReadOptions> {
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
        tz: a.tz.as_deref().map(parse_tz).transpose()?,
        year: a.year,
        today: env.today,
    })
}

/// The metric settings the flags give, validated (before any file is read).
fn metric_settings(m: &MetricArgs, aggregate: Aggregate) -> Result<report::Settings> {
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
        if matches!(c, Count::Reach | Count::Views | Count::Followers) {
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
    let basis = match m.er_basis {
        BasisArg::Auto => BasisChoice::Auto,
        BasisArg::Reach => BasisChoice::Fixed(Basis::Reach),
        BasisArg::Views => BasisChoice::Fixed(Basis::Views),
        BasisArg::Followers => BasisChoice::Fixed(Basis::Followers),
    };
    Ok(report::Settings {
        interactions: set,
        basis,
        aggregate,
        target_er: m.target_er,
    })
}

/// The configuration for a set of posts known up front: `auto` resolved over them.
fn metric_config(m: &MetricArgs, aggregate: Aggregate, posts: &[Post]) -> Result<MetricConfig> {
    let s = metric_settings(m, aggregate)?;
    Ok(MetricConfig {
        basis: metrics::resolve_basis(posts, s.basis),
        interactions: s.interactions,
        aggregate,
        target_er: s.target_er,
    })
}

fn parse_date_arg(flag: &str, s: &str) -> Result<NaiveDate> {
    input::values::parse_timestamp(s, &input::values::DateContext::default())
        .map(|t| t.local.date())
        .ok_or_else(|| {
            usage(format!(
                "{flag}: cannot read '{s}' as a date (try 2025-01-31)"
            ))
        })
}

/// Lines for stderr about skipped rows: the first few, then a count.
fn skip_warnings(ds: &Dataset) -> Vec<String> {
    let mut w = Vec::new();
    if ds.skipped.is_empty() {
        return w;
    }
    w.push(format!("skipped {} rows:", ds.skipped.len()));
    for s in ds.skipped.iter().take(10) {
        w.push(format!("  {}:{}: {}", s.file, s.line, s.reason));
    }
    if ds.skipped.len() > 10 {
        w.push(format!(
            "  ... and {} more (all are listed by `smmkpi inspect` and in JSON under input.skipped)",
            ds.skipped.len() - 10
        ));
    }
    w
}

fn note_warnings(ds: &Dataset) -> Vec<String> {
    ds.files
        .iter()
        .flat_map(|f| {
            f.notes
                .iter()
                .map(move |n| format!("note: {}: {n}", f.path))
        })
        .collect()
}

/// One line for stderr about posts found in several files: how many, the
/// first few pairs, and how to count every copy.
fn duplicate_warning(ds: &Dataset) -> Option<String> {
    let n = ds.duplicates.len();
    if n == 0 {
        return None;
    }
    let pairs: Vec<String> = ds
        .duplicates
        .iter()
        .take(3)
        .map(|d| {
            format!(
                "id '{}' {}:{} = {}:{} (kept)",
                d.id, d.file, d.line, d.kept_file, d.kept_line
            )
        })
        .collect();
    let more = if n > pairs.len() {
        format!(
            " and {} more (all in JSON under input.duplicate_rows)",
            n - pairs.len()
        )
    } else {
        String::new()
    };
    let (posts, are) = if n == 1 {
        ("post", "is")
    } else {
        ("posts", "are")
    };
    Some(format!(
        "note: {n} {posts} that another input file also holds {are} counted once: {}{more}; --keep-duplicates counts every copy",
        pairs.join(", ")
    ))
}

/// `--strict`: rows that held something unreadable are errors; totals and
/// empty rows are an export's layout and stay reported skips.
fn strict_check(ds: &Dataset) -> Result<()> {
    let invalid: Vec<&model::Skip> = ds
        .skipped
        .iter()
        .filter(|s| s.kind == model::SkipKind::Invalid)
        .collect();
    if let Some(first) = invalid.first() {
        bail!(
            "--strict: {} rows could not be used; first: {}:{}: {}",
            invalid.len(),
            first.file,
            first.line,
            first.reason
        );
    }
    if let Some((f, d)) = ds
        .files
        .iter()
        .find_map(|f| f.damaged.first().map(|d| (f, d)))
    {
        bail!(
            "--strict: {}:{}: column '{}': '{}' is a number a spreadsheet turned into a date",
            f.path,
            d.line,
            d.column,
            d.value
        );
    }
    Ok(())
}

/// The usage error for a format a command does not write.
fn unsupported(command: &str, format: Format, instead: &str) -> anyhow::Error {
    use clap::ValueEnum;
    let name = format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    usage(format!(
        "{command}: --format {name} is not available; use {instead}"
    ))
}

fn render_doc(format: Format, doc: &view::Doc, env: &Env) -> Result<Vec<u8>> {
    match format {
        Format::Md => Markdown.render(doc),
        _ => TableRenderer { width: env.width }.render(doc),
    }
}

/// Runs one command.
pub fn run(cli: cli::Cli, env: &Env) -> Result<Outcome> {
    match cli.command {
        Command::Report(a) => run_report(a, env),
        Command::Er(a) => run_er(a, env),
        Command::Growth(a) => run_growth(a, env),
        Command::Core(a) => run_core(a, env),
        Command::Inspect(a) => run_inspect(a, env),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cli::Cli::command(), "smmkpi", &mut out);
            Ok(Outcome {
                output: out,
                ..Default::default()
            })
        }
    }
}

fn run_report(a: cli::ReportArgs, env: &Env) -> Result<Outcome> {
    let path = a.output.clone().filter(|p| p != "-");
    if a.format == Format::Xlsx && path.is_none() && env.stdout_is_terminal {
        return Err(usage(
            "report: --format xlsx writes a binary workbook; name a file with -o report.xlsx (or redirect stdout to one)",
        ));
    }
    let opts = read_options(&a.read, env)?;
    let (since, until) = date_range(a.since.as_deref(), a.until.as_deref())?;
    let aggregate = match a.aggregate {
        AggregateArg::Mean => Aggregate::Mean,
        AggregateArg::Median => Aggregate::Median,
        AggregateArg::Ratio => Aggregate::Ratio,
    };
    let settings = metric_settings(&a.metric, aggregate)?;
    let fill = match a.followers_file.is_empty() {
        true => None,
        false => Some(FollowersFill::read(&a.followers_file, &opts)?),
    };
    // Only outputs that list every post keep them, and a CSV section is
    // all that is computed for it.
    let parts = match (a.format, a.section) {
        (Format::Csv, section) => report::Parts {
            posts: section == Section::Posts,
            top: section == Section::Top,
            hashtags: section == Section::Hashtags,
            best_time: section == Section::BestTime,
        },
        (Format::Table | Format::Md | Format::Html, _) => report::Parts {
            posts: false,
            ..report::Parts::ALL
        },
        (Format::Json | Format::Xlsx, _) => report::Parts::ALL,
    };
    let builder = report::ReportBuilder::new(
        settings,
        report::ReportOptions {
            period: period_of(a.period),
            top: a.top,
            since,
            until,
        },
        parts,
    );
    let mut sink = ReportSink {
        builder,
        fill,
        followers: a.followers,
    };
    // Counting a post once across files needs every post in hand; one large
    // export (or --keep-duplicates) streams instead. The limits are the
    // reader's own, so a run that streams every file (`SMMKPI_STREAM_HEAD`)
    // also merges the report's accumulators of each part.
    let threshold = input::stream::StreamLimits::from_env().threshold as u64;
    let stream = a.keep_duplicates
        || (a.read.files.len() == 1
            && std::fs::metadata(&a.read.files[0]).is_ok_and(|m| m.len() > threshold));
    let ds = if stream {
        input::read_streaming(&a.read.files, &opts, &mut sink)?
    } else {
        let mut ds = input::read_posts(&a.read.files, &opts)?;
        input::dedupe::dedupe(&mut ds);
        for p in std::mem::take(&mut ds.posts) {
            input::PostSink::post(&mut sink, &p);
        }
        ds
    };
    if a.read.strict {
        strict_check(&ds)?;
    }
    let extra_warnings = sink.fill.as_ref().map(|f| f.notes()).unwrap_or_default();
    let rep = sink.builder.finish(&ds);
    let lang = lang_of(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&rep)?,
        Format::Csv => CsvRenderer {
            section: match a.section {
                Section::Summary => CsvSection::Summary,
                Section::Posts => CsvSection::Posts,
                Section::Top => CsvSection::Top,
                Section::Hashtags => CsvSection::Hashtags,
                Section::BestTime => CsvSection::BestTime,
                Section::Skipped => CsvSection::Skipped,
            },
            excel: a.excel,
            decimal_comma: a.excel && lang == Lang::Ru,
        }
        .render(&rep)?,
        Format::Table | Format::Md => {
            render_doc(a.format, &view::report_doc(&rep, lang, a.top), env)?
        }
        Format::Html => HtmlRenderer {
            lang,
            top: a.top,
            today: env.today,
        }
        .render(&rep)?,
        Format::Xlsx => XlsxRenderer { today: env.today }.render(&rep)?,
    };
    let mut warnings = skip_warnings(&ds);
    warnings.extend(note_warnings(&ds));
    warnings.extend(extra_warnings);
    warnings.extend(duplicate_warning(&ds));
    if rep.input.posts > 0 && rep.summary.er.is_none() {
        warnings.push(format!(
            "note: ER is undefined: no post reports both interactions and a positive {} (try --er-basis, or --followers N)",
            rep.formula.er_basis.name()
        ));
    }
    Ok(Outcome {
        output,
        path,
        warnings,
    })
}

fn period_of(p: PeriodArg) -> Period {
    match p {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
        PeriodArg::All => Period::All,
    }
}

/// `--since`/`--until`, checked to be in order.
fn date_range(
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let since = since.map(|s| parse_date_arg("--since", s)).transpose()?;
    let until = until.map(|s| parse_date_arg("--until", s)).transpose()?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(usage(format!("--since {s} is after --until {u}")));
        }
    }
    Ok((since, until))
}

/// Where `report` reads posts into: followers filled in, then the builder.
struct ReportSink {
    builder: report::ReportBuilder,
    fill: Option<FollowersFill>,
    /// `--followers N`.
    followers: Option<u64>,
}

impl input::PostSink for ReportSink {
    fn needs(&self) -> input::Needs {
        self.builder.needs()
    }

    fn post(&mut self, p: &Post) {
        let needs = p.followers.is_none() && (self.fill.is_some() || self.followers.is_some());
        if !needs {
            return self.builder.add(p);
        }
        let mut p = p.clone();
        if let Some(f) = self.fill.as_mut() {
            f.apply(&mut p);
        }
        if p.followers.is_none() {
            p.followers = self.followers;
        }
        self.builder.add(&p);
    }

    fn fork(&self) -> Box<dyn input::PostSink> {
        Box::new(ReportSink {
            builder: self.builder.fork(),
            fill: self.fill.as_ref().map(FollowersFill::fork),
            followers: self.followers,
        })
    }

    fn join(&mut self, other: Box<dyn input::PostSink>) {
        if let Ok(o) = other.into_any().downcast::<ReportSink>() {
            let o = *o;
            self.builder.merge(o.builder);
            if let (Some(f), Some(of)) = (self.fill.as_mut(), o.fill) {
                f.filled += of.filled;
                f.before_first += of.before_first;
            }
        }
    }

    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// `report --followers-file`: each post without a followers figure takes the
/// followers level on its publish date.
struct FollowersFill {
    names: String,
    days: std::sync::Arc<Vec<metrics::growth::Day>>,
    /// False when the files hold no follower counts.
    usable: bool,
    filled: u64,
    before_first: u64,
}

impl FollowersFill {
    fn read(files: &[String], opts: &ReadOptions) -> Result<FollowersFill> {
        let fds = input::read_posts(files, opts)?;
        let series = growth::follower_series(&fds);
        let (days, from) = growth::follower_days(&series, None);
        Ok(FollowersFill {
            names: files.join(", "),
            days: std::sync::Arc::new(days),
            usable: from.is_some(),
            filled: 0,
            before_first: 0,
        })
    }

    fn fork(&self) -> FollowersFill {
        FollowersFill {
            names: self.names.clone(),
            days: self.days.clone(),
            usable: self.usable,
            filled: 0,
            before_first: 0,
        }
    }

    fn apply(&mut self, p: &mut Post) {
        if !self.usable || p.followers.is_some() {
            return;
        }
        let Some(t) = p.published_at else { return };
        match metrics::growth::level_on(&self.days, t.local.date()) {
            Some(v) => {
                p.followers = u64::try_from(v).ok();
                self.filled += 1;
            }
            None => self.before_first += 1,
        }
    }

    /// Lines for stderr.
    fn notes(&self) -> Vec<String> {
        let names = &self.names;
        if !self.usable {
            return vec![format!(
                "note: --followers-file {names}: no follower counts (only daily changes, or none): posts keep their followers; `smmkpi growth --followers N` rebuilds counts from changes"
            )];
        }
        let mut w = vec![format!(
            "note: --followers-file {names}: {} posts took the followers count of their publish date",
            self.filled
        )];
        if self.before_first > 0 {
            w.push(format!(
                "note: --followers-file {names}: {} posts are older than its first count and have no followers figure",
                self.before_first
            ));
        }
        w
    }
}

fn run_growth(a: cli::GrowthArgs, env: &Env) -> Result<Outcome> {
    let opts = read_options(&a.read, env)?;
    let (since, until) = date_range(a.since.as_deref(), a.until.as_deref())?;
    let ds = input::read_posts(&a.read.files, &opts)?;
    if a.read.strict {
        strict_check(&ds)?;
    }
    let to_i64 = |flag: &str, n: u64| {
        i64::try_from(n).map_err(|_| usage(format!("{flag}: {n} is too large")))
    };
    let anchor = match (a.followers, a.start_followers) {
        (Some(n), _) => Some(metrics::growth::Anchor::End(to_i64("--followers", n)?)),
        (None, Some(n)) => Some(metrics::growth::Anchor::Start(to_i64(
            "--start-followers",
            n,
        )?)),
        (None, None) => None,
    };
    let doc = growth::build(&ds, anchor, period_of(a.period), since, until);
    let lang = lang_of(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&doc)?,
        Format::Csv => CsvRenderer {
            section: CsvSection::Summary,
            excel: false,
            decimal_comma: false,
        }
        .rows(&doc.periods)?,
        Format::Table | Format::Md => render_doc(a.format, &view::growth_doc(&doc, lang), env)?,
        Format::Html | Format::Xlsx => {
            return Err(unsupported("growth", a.format, "table, json, csv or md"))
        }
    };
    let mut warnings = skip_warnings(&ds);
    warnings.extend(note_warnings(&ds));
    if doc.sources.is_empty() {
        warnings.push(
            "note: no follower counts in the files (a followers column, or daily follows, gains, losses or net)"
                .to_string(),
        );
    } else if doc.levels_from.is_none() {
        let gains_only = doc.summary.net.is_none() && doc.summary.gained.is_some();
        warnings.push(match (anchor.is_some(), gains_only) {
            (_, true) => "note: the files give followers gained but not lost: net change and growth rate need losses (or net change) or follower counts".to_string(),
            (true, false) => "note: some days have no net change: followers counts cannot be rebuilt from --followers/--start-followers".to_string(),
            (false, false) => "note: the files give only daily changes: give --followers N (followers now) or --start-followers N to get the growth rate".to_string(),
        });
    }
    Ok(Outcome {
        output,
        path: a.output.filter(|p| p != "-"),
        warnings,
    })
}

fn run_er(a: cli::ErArgs, env: &Env) -> Result<Outcome> {
    let post = Post {
        reach: a.reach,
        views: a.views,
        followers: a.followers,
        likes: a.likes,
        comments: a.comments,
        reposts: a.reposts,
        saves: a.saves,
        poll_votes: a.polls,
        link_clicks: a.clicks,
        ..Default::default()
    };
    let cfg = metric_config(&a.metric, Aggregate::Mean, std::slice::from_ref(&post))?;
    let fig = metrics::post_figures(&post, &cfg);
    let lang = lang_of(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&fig)?,
        Format::Table | Format::Md => render_doc(a.format, &view::er_doc(&fig, lang), env)?,
        other => return Err(unsupported("er", other, "table, json or md")),
    };
    let mut warnings = Vec::new();
    if fig.interactions.is_none() {
        warnings.push(
            "note: no interactions given (--likes, --comments, --reposts, --polls, --saves)"
                .to_string(),
        );
    }
    Ok(Outcome {
        output,
        path: None,
        warnings,
    })
}

/// `inspect` JSON document.
#[derive(serde::Serialize)]
struct InspectDoc<'a> {
    schema: &'static str,
    files: &'a [model::FileReport],
    skipped: &'a [model::Skip],
}

fn run_inspect(a: cli::InspectArgs, env: &Env) -> Result<Outcome> {
    let opts = read_options(&a.read, env)?;
    let mut ds = Dataset::default();
    let mut errors = Vec::new();
    for (i, path) in a.read.files.iter().enumerate() {
        let limits = input::stream::StreamLimits::from_env();
        if let Err(e) =
            input::stream::read_path(&mut ds, i, path, &opts, limits, &mut input::Discard)
        {
            errors.push(format!("{e:#}"));
        }
    }
    // A reach file alone is described (its notes say it joined nothing), not refused.
    input::finish(&mut ds);
    let lang = lang_of(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&InspectDoc {
            schema: "smmkpi.inspect/1",
            files: &ds.files,
            skipped: &ds.skipped,
        })?,
        Format::Table | Format::Md => render_doc(
            a.format,
            &view::inspect_doc(&ds.files, &ds.skipped, lang),
            env,
        )?,
        other => return Err(unsupported("inspect", other, "table, json or md")),
    };
    if !errors.is_empty() {
        // Print what was understood, then fail with what was not.
        return Err(anyhow!(errors.join("\n")))
            .context(String::from_utf8_lossy(&output).trim_end().to_string());
    }
    if a.read.strict {
        strict_check(&ds)?;
    }
    Ok(Outcome {
        output,
        path: None,
        warnings: Vec::new(),
    })
}

/// `--as-of`: `YYYY-MM`, or any date (its month).
fn parse_month_arg(s: &str) -> Result<model::Month> {
    use chrono::Datelike;
    model::Month::parse(s)
        .or_else(|| {
            let d = parse_date_arg("--as-of", s).ok()?;
            model::Month::from_ym(d.year(), d.month())
        })
        .ok_or_else(|| {
            usage(format!(
                "--as-of: cannot read '{s}' as a month (use YYYY-MM, e.g. 2024-12)"
            ))
        })
}

fn run_core(a: cli::CoreArgs, env: &Env) -> Result<Outcome> {
    use std::io::IsTerminal;
    if a.min_actions == 0 {
        return Err(usage("--min-actions: must be at least 1"));
    }
    if !(1..=1200).contains(&a.months) {
        return Err(usage(format!(
            "--months: must be between 1 and 1200, got {}",
            a.months
        )));
    }
    let as_of = a.as_of.as_deref().map(parse_month_arg).transpose()?;
    let actions = match &a.actions {
        Some(list) => {
            let names: Vec<String> = list
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if names.is_empty() {
                return Err(usage(
                    "--actions: name at least one action, e.g. like,comment",
                ));
            }
            Some(names)
        }
        None => None,
    };
    let maps = a
        .maps
        .iter()
        .map(|m| input::activity::parse_map_arg(m).map_err(|e| usage(format!("--map: {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let opts = input::activity::ActivityOptions {
        maps,
        tz: a.tz.as_deref().map(parse_tz).transpose()?,
        actions: actions.clone(),
        progress: std::io::stderr().is_terminal(),
    };
    let data = input::activity::read_activity(&a.files, &opts)?;
    if a.strict && data.invalid_total() > 0 {
        let first = data
            .skipped
            .iter()
            .find(|s| s.kind == model::SkipKind::Invalid);
        match first {
            Some(s) => bail!(
                "--strict: {} rows could not be used; first: {}:{}: {}",
                data.invalid_total(),
                s.file,
                s.line,
                s.reason
            ),
            None => bail!("--strict: {} rows could not be used", data.invalid_total()),
        }
    }
    let mut warnings = core_skip_warnings(&data);
    warnings.extend(data.files.iter().flat_map(|f| {
        f.notes
            .iter()
            .map(move |n| format!("note: {}: {n}", f.path))
    }));
    let rep = core_report::build(
        data,
        &core_report::CoreSpec {
            min_actions: a.min_actions,
            months: a.months,
            as_of,
            actions_filter: actions,
            members: a.list,
        },
    );
    warnings.extend(core_window_warning(&rep));
    let lang = lang_of(a.lang, env);
    let output = if a.list {
        match a.format {
            Format::Json => Json.render(&rep.members)?,
            Format::Csv => CsvRenderer {
                section: CsvSection::Summary,
                excel: a.excel,
                decimal_comma: false,
            }
            .render(&output::csv::MemberList(&rep.members))?,
            Format::Table | Format::Md => rep
                .members
                .iter()
                .map(|m| format!("{m}\n"))
                .collect::<String>()
                .into_bytes(),
            Format::Html | Format::Xlsx => {
                return Err(unsupported("core", a.format, "table, json, csv or md"))
            }
        }
    } else {
        match a.format {
            Format::Json => Json.render(&rep)?,
            Format::Csv => CsvRenderer {
                section: CsvSection::Summary,
                excel: a.excel,
                decimal_comma: a.excel && lang == Lang::Ru,
            }
            .render(&rep)?,
            Format::Table | Format::Md => render_doc(a.format, &view::core_doc(&rep, lang), env)?,
            Format::Html | Format::Xlsx => {
                return Err(unsupported("core", a.format, "table, json, csv or md"))
            }
        }
    };
    Ok(Outcome {
        output,
        path: a.output.filter(|p| p != "-"),
        warnings,
    })
}

/// Lines for stderr about skipped rows of activity logs: the first few, then a count.
fn core_skip_warnings(data: &input::activity::ActivityData) -> Vec<String> {
    let total = data.skipped_total();
    if total == 0 {
        return Vec::new();
    }
    let mut w = vec![format!("skipped {total} rows that are not actions:")];
    for s in data.skipped.iter().take(10) {
        w.push(match s.line {
            0 => format!("  {}: {}", s.file, s.reason),
            l => format!("  {}:{l}: {}", s.file, s.reason),
        });
    }
    if total > 10 {
        let by: Vec<String> = data
            .skipped_by_reason
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        w.push(format!(
            "  ... and {} more (by reason: {}; in JSON under input.skipped_by_reason)",
            total - 10.min(data.skipped.len() as u64),
            by.join(", ")
        ));
    }
    w
}

/// Why the core is undefined, when it is.
fn core_window_warning(rep: &core_report::CoreDoc) -> Option<String> {
    if rep.core_size.is_some() {
        return None;
    }
    let Some(range) = rep.data_months else {
        return Some("note: no actions were counted, so there is no core".to_string());
    };
    let w = rep.window?;
    let latest_start = range.first.plus(rep.months as i32 - 1);
    let span = range.last.0 - range.first.0 + 1;
    let hint = if latest_start > range.last {
        format!("the data covers {span} months: use --months {span} or fewer")
    } else {
        format!("use an --as-of from {latest_start} to {}", range.last)
    };
    Some(format!(
        "note: no core: the window {} … {} needs every month to lie within the data ({} … {}); {hint}",
        w.start, w.end, range.first, range.last
    ))
}
