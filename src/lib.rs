//! smmkpi: SMM metrics from the export files social networks already give.
//!
//! The binary is one user of this library: [`run`] takes parsed arguments,
//! builds a validated configuration, reads the inputs, computes the metrics
//! and returns the rendered bytes with any warnings for stderr.

pub mod cli;
pub mod input;
pub mod metrics;
pub mod model;
pub mod output;
pub mod report;

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;

use cli::{AggregateArg, BasisArg, Command, Format, MetricArgs, PeriodArg, ReadArgs, Section};
use input::{aliases, Dataset, ReadOptions};
use metrics::periods::Period;
use metrics::{Aggregate, Basis, BasisChoice, MetricConfig};
use model::{Count, Post};
use output::csv::{CsvRenderer, CsvSection};
use output::table::TableRenderer;
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
        p @ ("generic" | "meta" | "instagram" | "facebook" | "youtube" | "tiktok" | "telegram" | "vk") => Some(p.to_string()),
        other => return Err(usage(format!("--platform: unknown platform '{other}' (auto, generic, meta, youtube, tiktok, telegram, vk)"))),
    };
    Ok(ReadOptions {
        maps,
        platform,
        tz: a.tz.as_deref().map(parse_tz).transpose()?,
        year: a.year,
        today: env.today,
    })
}

fn metric_config(m: &MetricArgs, aggregate: Aggregate, posts: &[Post]) -> Result<MetricConfig> {
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
    let choice = match m.er_basis {
        BasisArg::Auto => BasisChoice::Auto,
        BasisArg::Reach => BasisChoice::Fixed(Basis::Reach),
        BasisArg::Views => BasisChoice::Fixed(Basis::Views),
        BasisArg::Followers => BasisChoice::Fixed(Basis::Followers),
    };
    Ok(MetricConfig {
        interactions: set,
        basis: metrics::resolve_basis(posts, choice),
        aggregate,
        target_er: m.target_er,
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
    w.push(format!(
        "skipped {} rows that are not posts:",
        ds.skipped.len()
    ));
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
    let invalid: Vec<&input::Skip> = ds
        .skipped
        .iter()
        .filter(|s| s.kind == input::SkipKind::Invalid)
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
    Ok(())
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
    let opts = read_options(&a.read, env)?;
    let since = a
        .since
        .as_deref()
        .map(|s| parse_date_arg("--since", s))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|s| parse_date_arg("--until", s))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(usage(format!("--since {s} is after --until {u}")));
        }
    }
    let mut ds = input::read_posts(&a.read.files, &opts)?;
    if a.read.strict {
        strict_check(&ds)?;
    }
    if !a.keep_duplicates {
        input::dedupe::dedupe(&mut ds);
    }
    if let Some(n) = a.followers {
        for p in ds.posts.iter_mut().filter(|p| p.followers.is_none()) {
            p.followers = Some(n);
        }
    }
    let aggregate = match a.aggregate {
        AggregateArg::Mean => Aggregate::Mean,
        AggregateArg::Median => Aggregate::Median,
        AggregateArg::Ratio => Aggregate::Ratio,
    };
    let cfg = metric_config(&a.metric, aggregate, &ds.posts)?;
    let period = match a.period {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
        PeriodArg::All => Period::All,
    };
    let rep = report::build(
        &ds,
        &cfg,
        &report::ReportOptions {
            period,
            top: a.top,
            since,
            until,
        },
    );
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
    };
    let mut warnings = skip_warnings(&ds);
    warnings.extend(note_warnings(&ds));
    warnings.extend(duplicate_warning(&ds));
    if rep.input.posts > 0 && rep.summary.er.is_none() {
        warnings.push(format!(
            "note: ER is undefined: no post reports both interactions and a positive {} (try --er-basis, or --followers N)",
            cfg.basis.name()
        ));
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
        Format::Csv => {
            return Err(usage(
                "er: --format csv is not available; use table, json or md",
            ))
        }
        Format::Table | Format::Md => render_doc(a.format, &view::er_doc(&fig, lang), env)?,
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
    files: &'a [input::FileReport],
    skipped: &'a [input::Skip],
}

fn run_inspect(a: cli::InspectArgs, env: &Env) -> Result<Outcome> {
    let opts = read_options(&a.read, env)?;
    let mut ds = Dataset::default();
    let mut errors = Vec::new();
    for (i, path) in a.read.files.iter().enumerate() {
        let bytes = input::load(path)?;
        if let Err(e) = input::read_one(&mut ds, i, &input::display_name(path), &bytes, &opts) {
            errors.push(format!("{e:#}"));
        }
    }
    let lang = lang_of(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&InspectDoc {
            schema: "smmkpi.inspect/1",
            files: &ds.files,
            skipped: &ds.skipped,
        })?,
        Format::Csv => {
            return Err(usage(
                "inspect: --format csv is not available; use table, json or md",
            ))
        }
        Format::Table | Format::Md => render_doc(
            a.format,
            &view::inspect_doc(&ds.files, &ds.skipped, lang),
            env,
        )?,
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
