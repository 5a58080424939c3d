//! The `smmkpi` binary: parses arguments, calls the library, writes the
//! output, and maps errors to exit codes (0 ok, 1 data or I/O, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = match smmkpi::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let env = smmkpi::Env::from_process();
    let result = smmkpi::run(cli, &env).and_then(|out| {
        {
            let mut err = std::io::stderr().lock();
            for w in &out.warnings {
                let _ = writeln!(err, "smmkpi: {w}");
            }
        }
        match out.path.clone() {
            Some(p) => {
                let cannot = |e: &dyn std::fmt::Display| anyhow::anyhow!("{p}: cannot write: {e}");
                let file = std::fs::File::create(&p).map_err(|e| cannot(&e))?;
                out.write_to(&mut std::io::BufWriter::with_capacity(1 << 16, file))
                    .map_err(|e| cannot(&format!("{e:#}")))
            }
            None => {
                let so = std::io::stdout().lock();
                out.write_to(&mut std::io::BufWriter::with_capacity(1 << 16, so))
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("smmkpi: error: {e:#}");
            if e.downcast_ref::<smmkpi::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
