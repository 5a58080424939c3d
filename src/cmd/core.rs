//! `smmkpi core FILE...`: the active core of a community from its activity
//! logs — users with at least N actions in each of M months — month by
//! month, with who entered and left, or the core's user ids.

use anyhow::{bail, Result};

use super::{output_path, render_doc, Outcome};
use crate::cli::{CoreArgs, Format};
use crate::doc::core;
use crate::env::Env;
use crate::input;
use crate::model::SkipKind;
use crate::options::{self, unsupported, usage};
use crate::output::csv::{CsvRenderer, CsvSection};
use crate::output::html::HtmlRenderer;
use crate::output::{view, Json, Lang, Render};

pub fn run(a: CoreArgs, env: &Env) -> Result<Outcome> {
    if a.min_actions == 0 {
        return Err(usage("--min-actions: must be at least 1"));
    }
    if !(1..=1200).contains(&a.months) {
        return Err(usage(format!(
            "--months: must be between 1 and 1200, got {}",
            a.months
        )));
    }
    let as_of = a.as_of.as_deref().map(options::parse_month).transpose()?;
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
        tz: a.tz,
        actions: actions.clone(),
        progress: env.stderr_is_terminal,
        names: a.list,
    };
    let data = input::activity::read_activity(&a.files, &opts)?;
    if a.strict && data.invalid_total() > 0 {
        let first = data.skipped.iter().find(|s| s.kind == SkipKind::Invalid);
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
    let rep = core::build(
        data,
        &core::CoreSpec {
            min_actions: a.min_actions,
            months: a.months,
            as_of,
            actions_filter: actions,
            members: a.list,
        },
    );
    warnings.extend(core_window_warning(&rep));
    let lang = options::lang(a.lang, env);
    let output = if a.list {
        match a.format {
            Format::Json => Json.render(&rep.members)?,
            Format::Csv => CsvRenderer {
                section: CsvSection::Summary,
                excel: a.excel,
                decimal_comma: false,
            }
            .render(&crate::output::csv::MemberList(&rep.members))?,
            Format::Table | Format::Md => rep
                .members
                .iter()
                .map(|m| format!("{m}\n"))
                .collect::<String>()
                .into_bytes(),
            Format::Html | Format::Xlsx | Format::Ndjson => {
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
            Format::Table | Format::Md => render_doc(a.format, &view::core::doc(&rep, lang), env)?,
            Format::Html => HtmlRenderer {
                lang,
                top: 0,
                today: env.today,
            }
            .render(&rep)?,
            Format::Xlsx | Format::Ndjson => {
                return Err(unsupported(
                    "core",
                    a.format,
                    "table, json, csv, md or html",
                ))
            }
        }
    };
    Ok(Outcome {
        stream: None,
        output,
        path: output_path(a.output),
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
fn core_window_warning(rep: &core::CoreDoc) -> Option<String> {
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
