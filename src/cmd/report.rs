//! `smmkpi report FILE...`: the summary, periods with growth, top posts,
//! hashtags and best time of post exports, in every format.

use anyhow::Result;

use super::{note_warnings, output_path, render_doc, skip_warnings, strict_check, Outcome};
use crate::cli::{Format, ReportArgs, Section};
use crate::doc::report::{read_report, Parts, ReportOptions, ReportRequest};
use crate::env::Env;
use crate::model::Duplicate;
use crate::options::{self, usage};
use crate::output::csv::CsvRenderer;
use crate::output::html::HtmlRenderer;
use crate::output::xlsx::XlsxRenderer;
use crate::output::{view, Json, Lang, Render};

pub fn run(a: ReportArgs, env: &Env) -> Result<Outcome> {
    let path = output_path(a.output.clone());
    if a.format == Format::Xlsx && path.is_none() && env.stdout_is_terminal {
        return Err(usage(
            "report: --format xlsx writes a binary workbook; name a file with -o report.xlsx (or redirect stdout to one)",
        ));
    }
    let read = options::read_options(&a.read, env)?;
    let (since, until) = options::date_range(a.since.as_deref(), a.until.as_deref())?;
    let settings = options::metric_settings(&a.metric, a.aggregate.into())?;
    let req = ReportRequest {
        read,
        settings,
        options: ReportOptions {
            period: a.period.into(),
            top: a.top,
            since,
            until,
            exclude_replies: a.exclude_replies,
        },
        parts: parts_shown(a.format, a.section),
        keep_duplicates: a.keep_duplicates,
        followers: a.followers,
        followers_files: a.followers_file.clone(),
    };
    let run = read_report(&a.read.files, &req)?;
    if a.read.strict {
        strict_check(&run.read)?;
    }
    let (rep, ds) = (&run.doc, &run.read);
    let lang = options::lang(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(rep)?,
        Format::Csv => CsvRenderer {
            section: a.section.into(),
            excel: a.excel,
            decimal_comma: a.excel && lang == Lang::Ru,
        }
        .render(rep)?,
        Format::Table | Format::Md => {
            render_doc(a.format, &view::report::doc(rep, lang, a.top), env)?
        }
        Format::Html => HtmlRenderer {
            lang,
            top: a.top,
            today: env.today,
        }
        .render(rep)?,
        Format::Xlsx => XlsxRenderer { today: env.today }.render(rep)?,
    };
    let mut warnings = skip_warnings(&ds.skipped);
    warnings.extend(note_warnings(&ds.files));
    warnings.extend(run.notes.iter().cloned());
    warnings.extend(duplicate_warning(&ds.duplicates));
    if a.exclude_replies {
        warnings.push(format!(
            "note: --exclude-replies: {} replies (text starting with @) left out",
            rep.input.replies_excluded
        ));
    }
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

/// What an output shows, and so what is computed: only outputs that list
/// every post keep them, and a CSV section is all that is computed for it.
fn parts_shown(format: Format, section: Section) -> Parts {
    match format {
        Format::Csv => Parts {
            posts: section == Section::Posts,
            top: section == Section::Top,
            hashtags: section == Section::Hashtags,
            best_time: section == Section::BestTime,
        },
        Format::Table | Format::Md | Format::Html => Parts {
            posts: false,
            ..Parts::ALL
        },
        Format::Json | Format::Xlsx => Parts::ALL,
    }
}

/// One line for stderr about posts found in several files: how many, the
/// first few pairs, and how to count every copy.
fn duplicate_warning(duplicates: &[Duplicate]) -> Option<String> {
    let n = duplicates.len();
    if n == 0 {
        return None;
    }
    let pairs: Vec<String> = duplicates
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
