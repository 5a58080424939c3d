//! `smmkpi completions SHELL`: shell completions, from the clap definition.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell) -> Outcome {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "smmkpi", &mut out);
    Outcome {
        output: out,
        ..Default::default()
    }
}
