//! `smmkpi report FILE...`: the summary, periods with growth, top posts,
//! hashtags and best time of post exports, in every format.

use anyhow::Result;

use super::{
    note_warnings, output_path, render_doc, skip_warnings, strict_check, Outcome, Streamed,
};
use crate::cli::{Format, ReportArgs, Section};
use crate::doc::report::{
    compare, read_report, report_range, Comparison, DateRange, Parts, ReportDoc, ReportOptions,
    ReportRequest,
};
use crate::env::Env;
use crate::metrics::compare::{previous_range, year_earlier};
use crate::metrics::BasisChoice;
use crate::model::Duplicate;
use crate::options::{self, usage};
use crate::output::csv::CsvRenderer;
use crate::output::html::HtmlRenderer;
use crate::output::ndjson::NdjsonRenderer;
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
    let settings = options::report_settings(&a.metric, a.aggregate.into(), a.compat)?;
    let mut parts = parts_shown(a.format, a.section);
    let against = compare_against(&a)?;
    if against.is_some() {
        // The intervals resample the posts of both sides.
        parts.posts = true;
    } else if matches!(a.format, Format::Csv | Format::Ndjson) && a.section == Section::Comparison {
        return Err(usage(
            "--section comparison: add --compare previous, year or FILE... to compare with",
        ));
    }
    let sectioned = matches!(a.format, Format::Csv | Format::Ndjson);
    if sectioned && a.section == Section::Money && a.costs.is_empty() {
        return Err(usage("--section money: add --costs FILE"));
    }
    if sectioned && a.section == Section::Campaigns && a.costs.is_empty() && a.web.is_empty() {
        return Err(usage("--section campaigns: add --costs FILE or --web FILE"));
    }
    let req = ReportRequest {
        read,
        settings,
        options: ReportOptions {
            period: a.period.into(),
            top: a.top,
            since,
            until,
            exclude_replies: a.exclude_replies,
            top_by: a.top_by.into(),
        },
        parts,
        keep_duplicates: a.keep_duplicates,
        followers: a.followers,
        followers_files: a.followers_file.clone(),
        money: options::money_request(&a)?,
    };
    let mut run = read_report(&a.read.files, &req)?;
    if a.read.strict {
        strict_check(&run.read)?;
    }
    let mut compare_notes = Vec::new();
    if let Some(against) = against {
        let (c, notes) = comparison(&run.doc, &req, &a.read.files, against)?;
        run.doc.comparison = Some(c);
        compare_notes = notes;
    }
    let (rep, ds) = (&run.doc, &run.read);
    let lang = options::lang(a.lang, env);
    let mut warnings = skip_warnings(&ds.skipped);
    warnings.extend(note_warnings(&ds.files));
    warnings.extend(run.notes.iter().cloned());
    warnings.extend(duplicate_warning(&ds.duplicates));
    warnings.extend(compare_notes);
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
    // JSON and NDJSON are written as they are made: the posts they list
    // are made into rows one at a time on the way out.
    let streamed: Streamed = match a.format {
        Format::Json => {
            let doc = run.doc;
            Box::new(move |w| Json.write(&doc, w))
        }
        Format::Ndjson => {
            let doc = run.doc;
            let r = NdjsonRenderer {
                section: a.section.into(),
            };
            Box::new(move |w| r.write(&doc, w))
        }
        _ => return rendered(&a, &run.doc, lang, env, path, warnings),
    };
    Ok(Outcome {
        output: Vec::new(),
        stream: Some(streamed),
        path,
        warnings,
    })
}

/// The outputs made whole before they are written.
fn rendered(
    a: &ReportArgs,
    rep: &ReportDoc,
    lang: Lang,
    env: &Env,
    path: Option<String>,
    warnings: Vec<String>,
) -> Result<Outcome> {
    let output = match a.format {
        Format::Json => Json.render(rep)?,
        Format::Ndjson => NdjsonRenderer {
            section: a.section.into(),
        }
        .render(rep)?,
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
        Format::Xlsx => XlsxRenderer {
            today: env.today,
            lang,
        }
        .render(rep)?,
    };
    Ok(Outcome {
        output,
        stream: None,
        path,
        warnings,
    })
}

/// What an output shows, and so what is computed: only outputs that list
/// every post keep them, and a CSV section is all that is computed for it.
fn parts_shown(format: Format, section: Section) -> Parts {
    match format {
        Format::Csv | Format::Ndjson => Parts {
            posts: matches!(
                section,
                Section::Posts | Section::Campaigns | Section::Money
            ),
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

/// What `--compare` compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Against<'a> {
    Previous,
    Year,
    Files(&'a [String]),
}

/// `--compare`, checked: `previous` or `year` alone, else export files.
fn compare_against(a: &ReportArgs) -> Result<Option<Against<'_>>> {
    let c = &a.compare;
    let keyword = |s: &String| matches!(s.to_ascii_lowercase().as_str(), "previous" | "year");
    Ok(match c.as_slice() {
        [] => None,
        [one] if one.eq_ignore_ascii_case("previous") => Some(Against::Previous),
        [one] if one.eq_ignore_ascii_case("year") => Some(Against::Year),
        files if files.iter().any(keyword) => {
            return Err(usage(
                "--compare: previous and year stand alone; to compare with files named so, write ./previous",
            ))
        }
        files => Some(Against::Files(files)),
    })
}

/// The base of a comparison, read with the report's settings (and its ER
/// basis, so both sides divide by the same audience), and the comparison.
fn comparison(
    current: &ReportDoc,
    req: &ReportRequest,
    files: &[String],
    against: Against<'_>,
) -> Result<(Comparison, Vec<String>)> {
    let mut base_req = req.clone();
    base_req.money = Default::default();
    base_req.settings.basis = BasisChoice::Fixed(current.formula.er_basis);
    base_req.parts = Parts {
        posts: true,
        top: false,
        hashtags: false,
        best_time: false,
    };
    let opts = &req.options;
    let current_range = report_range(current, opts.since, opts.until);
    let mut notes = Vec::new();
    let (name, base_files, base_range) = match against {
        Against::Files(f) => {
            base_req.options.since = None;
            base_req.options.until = None;
            ("files", f.to_vec(), None)
        }
        Against::Previous | Against::Year => {
            if files.iter().any(|f| f == "-") {
                return Err(usage(
                    "--compare previous|year reads the files again for the base range: name the files instead of `-`",
                ));
            }
            let Some(r) = current_range else {
                anyhow::bail!(
                    "--compare: no post is dated, so the report has no range to compare; give --since and --until"
                );
            };
            let (name, shifted) = match against {
                Against::Previous => ("previous", previous_range(r.start, r.end)),
                _ => ("year", year_earlier(r.start, r.end)),
            };
            let Some((start, end)) = shifted else {
                anyhow::bail!(
                    "--compare {name}: the range before {} is out of the calendar",
                    r.start
                );
            };
            base_req.options.since = Some(start);
            base_req.options.until = Some(end);
            (name, files.to_vec(), Some(DateRange { start, end }))
        }
    };
    let base = read_report(&base_files, &base_req)?;
    let base_range = base_range.or_else(|| report_range(&base.doc, None, None));
    if base.doc.input.posts == 0 {
        notes.push(match base_range {
            Some(r) => format!(
                "note: --compare {name}: no post of the files falls in {} … {}: every base figure is null",
                r.start, r.end
            ),
            None => format!("note: --compare {name}: the base holds no post: every base figure is null"),
        });
    }
    Ok((
        compare(current, &base.doc, name, current_range, base_range)?,
        notes,
    ))
}
