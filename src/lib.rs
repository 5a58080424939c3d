//! smmkpi: SMM metrics from the export files social networks already give.
//!
//! The binary is one user of this library: [`run`] takes parsed arguments
//! and the [`Env`], and returns the rendered bytes with any warnings for
//! stderr; only `main` writes them. ARCHITECTURE.md maps the folders.

pub mod cli;
pub mod cmd;
pub mod doc;
pub mod env;
pub mod input;
pub mod metrics;
pub mod model;
pub mod options;
pub mod output;

pub use cmd::Outcome;
pub use env::Env;
pub use options::UsageError;

use cli::Command;

/// Runs one command.
pub fn run(cli: cli::Cli, env: &Env) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Report(a) => cmd::report::run(a, env),
        Command::Er(a) => cmd::er::run(a, env),
        Command::Growth(a) => cmd::growth::run(a, env),
        Command::Core(a) => cmd::core::run(a, env),
        Command::Goals(a) => cmd::goals::run(a, env),
        Command::Suggest(a) => cmd::suggest::run(a, env),
        Command::Mentions(a) => cmd::mentions::run(a, env),
        Command::Inspect(a) => cmd::inspect::run(a, env),
        Command::Formulas(a) => cmd::formulas::run(a, env),
        Command::Schema { command } => cmd::schema::run(command),
        Command::Completions { shell } => Ok(cmd::completions::run(shell)),
    }
}
