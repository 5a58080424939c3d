//! The `inspect` command's document: what was understood of each file, and
//! every row that did not become a post.

use serde::Serialize;

use crate::model::{FileReport, Skip};

pub const SCHEMA: &str = "smmkpi.inspect/1";

/// `inspect`'s answer.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct InspectDoc<'a> {
    pub schema: &'static str,
    pub files: &'a [FileReport],
    pub skipped: &'a [Skip],
}

impl<'a> InspectDoc<'a> {
    pub fn new(files: &'a [FileReport], skipped: &'a [Skip]) -> Self {
        InspectDoc {
            schema: SCHEMA,
            files,
            skipped,
        }
    }
}
