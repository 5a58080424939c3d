//! `smmkpi goals GOALS.toml FILE...`: each SMART goal of a goals file
//! against the files' history — progress, paces, projection, status and
//! what in the goal is off.

use anyhow::Result;

use super::{note_warnings, output_path, render_doc, skip_warnings, strict_check, Outcome};
use crate::cli::{Format, GoalsArgs};
use crate::doc::goals::{self, sources::Sources, spec};
use crate::env::Env;
use crate::input;
use crate::options::{self, usage};
use crate::output::csv::{CsvRenderer, CsvSection};
use crate::output::html::HtmlRenderer;
use crate::output::xlsx::XlsxRenderer;
use crate::output::{view, Json, Lang, Render};

pub fn run(a: GoalsArgs, env: &Env) -> Result<Outcome> {
    let path = output_path(a.output.clone());
    if a.format == Format::Xlsx && path.is_none() && env.stdout_is_terminal {
        return Err(usage(
            "goals: --format xlsx writes a binary workbook; name a file with -o goals.xlsx (or redirect stdout to one)",
        ));
    }
    if a.read.files.iter().any(|f| f == "-") {
        return Err(usage(
            "goals: each file is read more than once (what it is, then each metric): name the files instead of `-`",
        ));
    }
    let read = options::read_options(&a.read, env)?;
    let settings = options::metric_settings(&a.metric, a.aggregate.into())?;
    let as_of = match &a.as_of {
        Some(s) => options::parse_date("--as-of", s)?,
        None => env.today,
    };
    let text = std::fs::read_to_string(&a.goals)
        .map_err(|e| usage(format!("{}: cannot read the goals file: {e}", a.goals)))?;
    let specs = spec::parse(&a.goals, &text).map_err(|e| usage(e.to_string()))?;
    let mut sources = Sources::classify(&a.read.files, &read, settings)?;
    let warnings = read_checks(&sources, &read, a.read.strict)?;
    let doc = goals::build(&a.goals, &specs, &mut sources, as_of)?;
    let lang = options::lang(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&doc)?,
        Format::Csv => CsvRenderer {
            section: CsvSection::Summary,
            excel: a.excel,
            decimal_comma: a.excel && lang == Lang::Ru,
        }
        .render(&doc)?,
        Format::Html => HtmlRenderer {
            lang,
            top: 0,
            today: env.today,
        }
        .render(&doc)?,
        Format::Xlsx => XlsxRenderer {
            today: env.today,
            lang,
        }
        .render(&doc)?,
        Format::Ndjson => {
            return Err(crate::options::unsupported(
                "goals",
                a.format,
                "table, json, csv, md, html or xlsx",
            ))
        }
        _ => render_doc(a.format, &view::goals::doc(&doc, lang), env)?,
    };
    Ok(Outcome {
        stream: None,
        output,
        path,
        warnings,
    })
}

/// What `report` would say of the post exports among the sources — the rows
/// skipped and the files' notes — for stderr; with `--strict`, a row that
/// held something unreadable is an error.
pub(super) fn read_checks(
    sources: &Sources,
    read: &input::ReadOptions,
    strict: bool,
) -> Result<Vec<String>> {
    let posts: Vec<String> = sources
        .files
        .iter()
        .filter(|f| f.kind == "posts")
        .map(|f| f.path.clone())
        .collect();
    let mut warnings = Vec::new();
    if !posts.is_empty() {
        let ds = input::read_posts(&posts, read)?;
        if strict {
            strict_check(&ds)?;
        }
        warnings.extend(skip_warnings(&ds.skipped));
        warnings.extend(note_warnings(&ds.files));
    }
    Ok(warnings)
}
