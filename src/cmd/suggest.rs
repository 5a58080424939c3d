//! `smmkpi suggest FILE...`: next period's targets from history.

use anyhow::Result;

use super::Outcome;
use crate::cli::SuggestArgs;
use crate::env::Env;

pub fn run(_a: SuggestArgs, _env: &Env) -> Result<Outcome> {
    anyhow::bail!("suggest: not yet")
}
