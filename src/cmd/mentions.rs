//! `smmkpi mentions FILE...`: brand mentions from monitoring exports, by
//! period and source, their tone, and each brand's share of voice.

use anyhow::{bail, Result};

use super::{output_path, render_doc, skip_warnings, Outcome};
use crate::cli::{Format, MentionsArgs, MentionsSection};
use crate::doc::mentions::{self, MentionsDoc};
use crate::env::Env;
use crate::input::mentions::{parse_map_arg, read_mentions, MentionOptions};
use crate::input::ReadOptions;
use crate::metrics::mentions::Brand;
use crate::model::SkipKind;
use crate::options::{self, unsupported, usage};
use crate::output::csv::{CsvRenderer, CsvSection};
use crate::output::html::HtmlRenderer;
use crate::output::{view, Json, Lang, Render};

pub fn run(a: MentionsArgs, env: &Env) -> Result<Outcome> {
    if matches!(a.format, Format::Xlsx | Format::Ndjson) {
        return Err(unsupported(
            "mentions",
            a.format,
            "table, json, csv, md or html",
        ));
    }
    let (since, until) = options::date_range(a.since.as_deref(), a.until.as_deref())?;
    let maps = a
        .maps
        .iter()
        .map(|m| parse_map_arg(m).map_err(|e| usage(format!("--map: {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let brands = a
        .brands
        .iter()
        .map(|b| brand(b))
        .collect::<Result<Vec<_>>>()?;
    let opts = MentionOptions {
        read: ReadOptions {
            tz: a.tz,
            today: env.today,
            sheet: a.sheet.clone(),
            ..ReadOptions::default()
        },
        maps,
    };
    let read = read_mentions(&a.files, &opts)?;
    if a.strict {
        if let Some(s) = read.skipped.iter().find(|s| s.kind == SkipKind::Invalid) {
            let n = read
                .skipped
                .iter()
                .filter(|s| s.kind == SkipKind::Invalid)
                .count();
            bail!(
                "--strict: {n} rows could not be used; first: {}:{}: {}",
                s.file,
                s.line,
                s.reason
            );
        }
    }
    let doc = mentions::build(read, a.period.into(), (since, until), &brands);
    let lang = options::lang(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&doc)?,
        Format::Csv => {
            let csv = CsvRenderer {
                section: CsvSection::Summary,
                excel: a.excel,
                decimal_comma: a.excel && lang == Lang::Ru,
            };
            match a.section {
                MentionsSection::Periods => csv.rows(&doc.by_period)?,
                MentionsSection::Sources => csv.rows(&doc.by_source)?,
                MentionsSection::ShareOfVoice if doc.brands.is_empty() => {
                    return Err(usage(
                        "--section share-of-voice: name the brands with --brand NAME",
                    ))
                }
                MentionsSection::ShareOfVoice => csv.rows(&doc.share_of_voice)?,
            }
        }
        Format::Table | Format::Md => {
            render_doc(a.format, &view::mentions::doc(&doc, lang, a.top), env)?
        }
        Format::Html => HtmlRenderer {
            lang,
            top: a.top,
            today: env.today,
        }
        .render(&doc)?,
        Format::Xlsx | Format::Ndjson => unreachable!("refused above"),
    };
    Ok(Outcome {
        stream: None,
        output,
        path: output_path(a.output),
        warnings: warnings(&doc),
    })
}

/// `--brand NAME` or `--brand NAME=WORD,WORD`.
fn brand(arg: &str) -> Result<Brand> {
    let (name, words) = match arg.split_once('=') {
        Some((n, w)) => (
            n,
            w.split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect(),
        ),
        None => (arg, Vec::new()),
    };
    if name.trim().is_empty() {
        return Err(usage(format!(
            "--brand '{arg}': name the brand (NAME or NAME=WORD,WORD)"
        )));
    }
    if arg.contains('=') && words.is_empty() {
        return Err(usage(format!("--brand '{arg}': no word after '='")));
    }
    Ok(Brand::new(name, &words))
}

fn warnings(doc: &MentionsDoc) -> Vec<String> {
    let mut w = skip_warnings(&doc.input.skipped);
    for f in &doc.input.details {
        w.extend(f.notes.iter().map(|n| format!("note: {}: {n}", f.path)));
    }
    if doc.input.filtered_out > 0 {
        w.push(format!(
            "note: {} mentions outside --since/--until left out",
            doc.input.filtered_out
        ));
    }
    if !doc.brands.is_empty() && doc.share_of_voice.iter().all(|v| v.mentions == 0) {
        w.push(
            "note: no mention names any of the brands given: shares of voice are undefined"
                .to_string(),
        );
    }
    w
}
