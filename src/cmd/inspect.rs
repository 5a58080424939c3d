//! `smmkpi inspect FILE...`: what was understood of each file — format,
//! encoding, delimiter, preamble and totals rows, column mapping, counts,
//! problems — without computing any figure.

use anyhow::{anyhow, Context, Result};

use super::{render_doc, strict_check, Outcome};
use crate::cli::{Format, InspectArgs};
use crate::doc::inspect::InspectDoc;
use crate::env::Env;
use crate::input::{self, Dataset};
use crate::options::{self, unsupported};
use crate::output::{view, Json, Render};

pub fn run(a: InspectArgs, env: &Env) -> Result<Outcome> {
    let opts = options::read_options(&a.read, env)?;
    let mut ds = Dataset::default();
    let mut errors = Vec::new();
    for (i, path) in a.read.files.iter().enumerate() {
        if let Err(e) =
            input::stream::read_path(&mut ds, i, path, &opts, opts.limits, &mut input::Discard)
        {
            errors.push(format!("{e:#}"));
        }
    }
    // A reach file alone is described (its notes say it joined nothing), not refused.
    input::finish(&mut ds);
    let doc = InspectDoc::new(&ds.files, &ds.skipped);
    let lang = options::lang(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&doc)?,
        Format::Table | Format::Md => render_doc(a.format, &view::inspect::doc(&doc, lang), env)?,
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
        stream: None,
        output,
        path: None,
        warnings: Vec::new(),
    })
}
