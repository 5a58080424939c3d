//! `formulas` as a labelled document: every figure in one table, or one
//! figure field by field. The Markdown of every figure is the catalogue of
//! docs/metrics.md, where each name links to its section.

use super::{s, Doc, Section};
use crate::doc::formulas::FormulasDoc;
use crate::metrics::catalogue::Entry;

/// `formulas` as a document; `links`: each name links to its section of
/// docs/metrics.md (`[er_day](#er-day)`), for Markdown.
pub fn doc(d: &FormulasDoc, links: bool) -> Doc {
    let name = |e: &Entry| match links {
        true => format!("[{}](#{})", e.name, e.anchor),
        false => e.name.to_string(),
    };
    let sections = match d.metrics.as_slice() {
        [one] => vec![Section {
            title: format!("{} — {}", one.name, one.title),
            headers: vec![s("Field"), s("Value")],
            rows: vec![
                vec![s("Formula"), s(one.formula)],
                vec![s("JSON"), one.json.join(", ")],
                vec![s("Null when"), s(one.null)],
                vec![s("Source"), s(one.source)],
                vec![s("Reference"), format!("{}#{}", d.reference, one.anchor)],
            ],
            numeric: Vec::new(),
        }],
        all => vec![Section {
            title: String::new(),
            headers: vec![
                s("Name"),
                s("What"),
                s("Formula"),
                s("JSON"),
                s("Null when"),
                s("Source"),
            ],
            rows: all
                .iter()
                .map(|e| {
                    vec![
                        name(e),
                        s(e.title),
                        s(e.formula),
                        e.json.join(", "),
                        s(e.null),
                        s(e.source),
                    ]
                })
                .collect(),
            numeric: Vec::new(),
        }],
    };
    Doc {
        title: s("Formulas: every figure smmkpi computes"),
        lines: vec![format!(
            "Each is explained at length, with examples, in {} (sections by anchor).",
            d.reference
        )],
        sections,
    }
}
