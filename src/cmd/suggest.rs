//! `smmkpi suggest FILE...`: the next period's targets for the main metrics
//! from their history, each with how it was made; `-o goals.toml` (or
//! `--format toml`) writes them as a goals file `smmkpi goals` reads.

use anyhow::Result;

use super::{output_path, render_doc, Outcome};
use crate::cli::{Format, PeriodArg, SuggestArgs, SuggestFormat};
use crate::doc::goals::sources::Sources;
use crate::doc::suggest;
use crate::env::Env;
use crate::options::{self, usage};
use crate::output::csv::{CsvRenderer, CsvSection};
use crate::output::{view, Json, Render};

pub fn run(a: SuggestArgs, env: &Env) -> Result<Outcome> {
    if a.period == PeriodArg::All {
        return Err(usage(
            "--period all: targets are for a calendar period: day, week, month or quarter",
        ));
    }
    if a.read.files.iter().any(|f| f == "-") {
        return Err(usage(
            "suggest: each file is read more than once (what it is, then each metric): name the files instead of `-`",
        ));
    }
    let read = options::read_options(&a.read, env)?;
    let settings = options::metric_settings(&a.metric, a.aggregate.into())?;
    let as_of = match &a.as_of {
        Some(s) => options::parse_date("--as-of", s)?,
        None => env.today,
    };
    let path = output_path(a.output.clone());
    let format = a.format.unwrap_or(match &path {
        Some(p) if p.to_ascii_lowercase().ends_with(".toml") => SuggestFormat::Toml,
        _ => SuggestFormat::Table,
    });
    let mut sources = Sources::classify(&a.read.files, &read, settings)?;
    let mut warnings = super::goals::read_checks(&sources, &read, a.read.strict)?;
    let doc = suggest::build(&mut sources, a.period.into(), as_of)?;
    let lang = options::lang(a.lang, env);
    let output = match format {
        SuggestFormat::Json => Json.render(&doc)?,
        SuggestFormat::Csv => CsvRenderer {
            section: CsvSection::Summary,
            excel: false,
            decimal_comma: false,
        }
        .render(&doc)?,
        SuggestFormat::Toml => suggest::goals_file(&doc).into_bytes(),
        SuggestFormat::Table => render_doc(Format::Table, &view::suggest::doc(&doc, lang), env)?,
        SuggestFormat::Md => render_doc(Format::Md, &view::suggest::doc(&doc, lang), env)?,
    };
    let stale: Vec<&str> = doc
        .suggestions
        .iter()
        .filter_map(|r| r.series.last())
        .filter(|v| v.end.succ_opt().is_some_and(|d| d < doc.next.start))
        .map(|v| v.period.as_str())
        .collect();
    if let Some(latest) = stale.iter().max() {
        warnings.push(format!(
            "note: the latest complete period with data is {latest}, but the targets are for {} (the period holding {as_of}); --as-of sets \"now\"",
            doc.next.period
        ));
    }
    if doc.suggestions.iter().all(|r| r.target.is_none()) {
        warnings.push(
            "note: no metric has a complete period before as-of: nothing to suggest".to_string(),
        );
    }
    Ok(Outcome {
        stream: None,
        output,
        path,
        warnings,
    })
}
