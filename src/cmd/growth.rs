//! `smmkpi growth FILE...`: audience growth from follower counts (levels or
//! daily changes), by period.

use anyhow::Result;

use super::{note_warnings, output_path, render_doc, skip_warnings, strict_check, Outcome};
use crate::cli::{Format, GrowthArgs};
use crate::doc::growth;
use crate::env::Env;
use crate::input;
use crate::metrics::growth::Anchor;
use crate::options::{self, unsupported, usage};
use crate::output::csv::{CsvRenderer, CsvSection};
use crate::output::html::HtmlRenderer;
use crate::output::{view, Json, Render};

pub fn run(a: GrowthArgs, env: &Env) -> Result<Outcome> {
    let opts = options::read_options(&a.read, env)?;
    let (since, until) = options::date_range(a.since.as_deref(), a.until.as_deref())?;
    let ds = input::read_posts(&a.read.files, &opts)?;
    if a.read.strict {
        strict_check(&ds)?;
    }
    let to_i64 = |flag: &str, n: u64| {
        i64::try_from(n).map_err(|_| usage(format!("{flag}: {n} is too large")))
    };
    let anchor = match (a.followers, a.start_followers) {
        (Some(n), _) => Some(Anchor::End(to_i64("--followers", n)?)),
        (None, Some(n)) => Some(Anchor::Start(to_i64("--start-followers", n)?)),
        (None, None) => None,
    };
    let doc = growth::build(&ds, anchor, a.period.into(), since, until);
    let lang = options::lang(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&doc)?,
        Format::Csv => {
            let csv = CsvRenderer {
                section: CsvSection::Summary,
                excel: false,
                decimal_comma: false,
            };
            if doc.platforms.len() > 1 {
                csv.rows(growth::platform_rows(&doc))?
            } else {
                csv.rows(&doc.periods)?
            }
        }
        Format::Table | Format::Md => render_doc(a.format, &view::growth::doc(&doc, lang), env)?,
        Format::Html => HtmlRenderer {
            lang,
            top: 0,
            today: env.today,
        }
        .render(&doc)?,
        Format::Xlsx | Format::Ndjson => {
            return Err(unsupported(
                "growth",
                a.format,
                "table, json, csv, md or html",
            ))
        }
    };
    let mut warnings = skip_warnings(&ds.skipped);
    warnings.extend(note_warnings(&ds.files));
    warnings.extend(doc.notes.iter().cloned());
    if doc.sources.is_empty() {
        warnings.push(
            "note: no follower counts in the files (a followers column, or daily follows, gains, losses or net)"
                .to_string(),
        );
    } else if let Some(p) = doc.platforms.iter().find(|p| p.levels_from.is_none()) {
        let without: Vec<&str> = doc
            .platforms
            .iter()
            .filter(|p| p.levels_from.is_none())
            .map(|p| p.platform.as_str())
            .collect();
        let of = match doc.platforms.len() {
            1 => String::new(),
            _ => format!(" of {}", without.join(", ")),
        };
        let gains_only = p.summary.net.is_none() && p.summary.gained.is_some();
        match (anchor.is_some(), gains_only, without.len() > 1) {
            (_, true, _) => warnings.push(format!("note: the files{of} give followers gained but not lost: net change and growth rate need losses (or net change) or follower counts")),
            (true, false, false) => warnings.push("note: some days have no net change: followers counts cannot be rebuilt from --followers/--start-followers".to_string()),
            // Several platforms with changes only: said with the notes above.
            (true, false, true) => {}
            (false, false, false) => warnings.push(format!("note: the files{of} give only daily changes: give --followers N (followers now) or --start-followers N to get the growth rate")),
            (false, false, true) => warnings.push(format!("note: the files{of} give only daily changes: the growth rate needs counts; give one platform's files at a time with --followers N (followers now)")),
        }
    }
    Ok(Outcome {
        stream: None,
        output,
        path: output_path(a.output),
        warnings,
    })
}
