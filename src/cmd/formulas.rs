//! `smmkpi formulas [NAME]`: every figure smmkpi computes — name, formula in
//! words, JSON fields, when it is null, where the definition comes from —
//! or the one NAME names, as a table, Markdown or JSON.

use anyhow::Result;

use super::{render_doc, Outcome};
use crate::cli::{Format, FormulasArgs};
use crate::doc::formulas::FormulasDoc;
use crate::env::Env;
use crate::metrics::catalogue::CATALOGUE;
use crate::options::{unsupported, usage};
use crate::output::{view, Json, Render};

pub fn run(a: FormulasArgs, env: &Env) -> Result<Outcome> {
    let doc = match &a.name {
        None => FormulasDoc::all(),
        Some(name) => FormulasDoc::one(name).ok_or_else(|| {
            let names: Vec<&str> = CATALOGUE.iter().map(|e| e.name).collect();
            usage(format!(
                "formulas: no figure named '{name}'; the names are: {}",
                names.join(", ")
            ))
        })?,
    };
    let output = match a.format {
        Format::Json => Json.render(&doc)?,
        Format::Table | Format::Md => render_doc(
            a.format,
            &view::formulas::doc(&doc, a.format == Format::Md),
            env,
        )?,
        other => return Err(unsupported("formulas", other, "table, json or md")),
    };
    Ok(Outcome {
        output,
        stream: None,
        path: None,
        warnings: Vec::new(),
    })
}
