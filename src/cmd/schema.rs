//! `smmkpi schema COMMAND`: the JSON Schema of a command's JSON, derived
//! from its document type (`schemars`), so the contract scripts rely on is
//! the code itself: field docs are the descriptions, and the `schema` field
//! is pinned to the document's name. docs/schema/ publishes the same text
//! (a test keeps them equal).

use anyhow::Result;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use super::Outcome;
use crate::cli::SchemaName;
use crate::doc::{core, formulas, goals, growth, inspect, mentions, report, suggest};
use crate::metrics::PostFigures;

pub fn run(name: SchemaName) -> Result<Outcome> {
    let mut output = serde_json::to_vec_pretty(&schema_of(name))?;
    output.push(b'\n');
    Ok(Outcome {
        output,
        ..Outcome::default()
    })
}

/// The name a document's `schema` field holds (`smmkpi.report/1`), and its
/// file name in docs/schema/.
pub fn names(name: SchemaName) -> (&'static str, &'static str) {
    match name {
        SchemaName::Report => (report::SCHEMA, "report"),
        SchemaName::Core => (core::SCHEMA, "core"),
        SchemaName::Growth => (growth::SCHEMA, "growth"),
        SchemaName::Goals => (goals::SCHEMA, "goals"),
        SchemaName::Er => ("smmkpi.er/1", "er"),
        SchemaName::Inspect => (inspect::SCHEMA, "inspect"),
        SchemaName::Suggest => (suggest::SCHEMA, "suggest"),
        SchemaName::Mentions => (mentions::SCHEMA, "mentions"),
        SchemaName::Formulas => (formulas::SCHEMA, "formulas"),
    }
}

/// The JSON Schema of a command's document.
pub fn schema_of(name: SchemaName) -> Schema {
    let schema = match name {
        SchemaName::Report => generate::<report::ReportDoc>(),
        SchemaName::Core => generate::<core::CoreDoc>(),
        SchemaName::Growth => generate::<growth::GrowthDoc>(),
        SchemaName::Goals => generate::<goals::GoalsDoc>(),
        SchemaName::Er => generate::<PostFigures>(),
        SchemaName::Inspect => generate::<inspect::InspectDoc<'static>>(),
        SchemaName::Suggest => generate::<suggest::SuggestDoc>(),
        SchemaName::Mentions => generate::<mentions::MentionsDoc>(),
        SchemaName::Formulas => generate::<formulas::FormulasDoc>(),
    };
    pin(schema, names(name).0)
}

/// The schema of what is written (serde's serialize side: every field is
/// required unless it is left out when empty). Objects admit no field they
/// do not list, so a field renamed in the output is one the schema does not
/// know.
fn generate<T: JsonSchema>() -> Schema {
    let closed = RecursiveTransform(|s: &mut Schema| {
        if let Some(o) = s.as_object_mut() {
            if o.contains_key("properties") && !o.contains_key("additionalProperties") {
                o.insert("additionalProperties".into(), Value::Bool(false));
            }
        }
    });
    SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(closed)
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Titles the schema with the document's name and pins its `schema` field
/// to that name, so a document of another kind fails validation.
fn pin(mut schema: Schema, name: &str) -> Schema {
    if let Some(root) = schema.as_object_mut() {
        root.insert("title".into(), Value::from(name));
        if let Some(Value::Object(field)) =
            root.get_mut("properties").and_then(|p| p.get_mut("schema"))
        {
            field.insert("const".into(), Value::from(name));
        }
    }
    schema
}
