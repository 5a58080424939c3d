//! The `formulas` command's document: every figure smmkpi computes (or the
//! one asked for), as the catalogue of `metrics::catalogue` holds it.

use serde::Serialize;

use crate::metrics::catalogue::{self, Entry};

pub const SCHEMA: &str = "smmkpi.formulas/1";

/// Figures by name, each with its formula, JSON fields, null rules and source.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FormulasDoc {
    pub schema: &'static str,
    /// Where each figure is explained at length, with examples: in this
    /// file, the section each entry's `anchor` names.
    pub reference: &'static str,
    /// The figures, in the order of docs/metrics.md.
    pub metrics: Vec<Entry>,
}

impl FormulasDoc {
    /// Every figure.
    pub fn all() -> Self {
        Self::of(catalogue::CATALOGUE.to_vec())
    }

    /// The figure `name` names (see [`catalogue::find`]).
    pub fn one(name: &str) -> Option<Self> {
        catalogue::find(name).map(|e| Self::of(vec![*e]))
    }

    fn of(metrics: Vec<Entry>) -> Self {
        FormulasDoc {
            schema: SCHEMA,
            reference: "docs/metrics.md",
            metrics,
        }
    }
}
