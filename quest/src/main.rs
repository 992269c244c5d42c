//! `quest`: see [`quest::cli`] for the command line.
//!
//! `main` reads the command line with clap, checks the `--resolve`
//! addresses with lesson 4, prints the listening line of `serve`, and turns
//! results into exit statuses; the work happens in
//! [`quest::server`] and [`quest::get`].

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use quest::cli::{self, Cli, Command};
use quest::server::Server;

fn main() -> ExitCode {
    // `try_parse` hands back what `parse` would print and exit on: a usage
    // error (exit code 2), or the `--help`/`--version` text (exit code 0).
    // `exit` prints each where it belongs (help and version on stdout, an
    // error on stderr) and ends the process with that code; it ignores a
    // closed stdout (`quest --help | head -c 10`), so that is no
    // panic either.
    let cli = Cli::try_parse().unwrap_or_else(|err| err.exit());
    match cli.command {
        Command::Get(options) => {
            if let Err(err) = check_resolve(&options) {
                err.exit();
            }
            ExitCode::from(quest::get::run(&options))
        }
        Command::Serve(options) => match serve(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("quest: serve: {err}");
                ExitCode::from(1)
            }
        },
    }
}

/// Reads every `--resolve` with lesson 4's `parse_resolve_arg` before any
/// fetch starts, so that an address that is not one (`h:80:localhost`) is a
/// usage error like any other, not a failed fetch. The given command line
/// checks only the shape: it must not depend on a lesson's exercise.
///
/// # Errors
///
/// A usage error (exit code 2) with lesson 4's message for the first value
/// it refuses, shown as clap shows its own: `error: ...`, then `get`'s
/// usage line.
fn check_resolve(options: &cli::GetOptions) -> Result<(), clap::Error> {
    for value in &options.resolve {
        if let Err(error) = lesson04::parse_resolve_arg(value) {
            // Built, so that the usage line names the program and `get`.
            let mut command = Cli::command();
            command.build();
            return Err(match command.find_subcommand_mut("get") {
                Some(get) => get.error(ErrorKind::ValueValidation, error),
                None => command.error(ErrorKind::ValueValidation, error),
            });
        }
    }
    Ok(())
}

fn serve(options: &cli::ServeOptions) -> std::io::Result<()> {
    if let Some(root) = &options.root {
        // Said here with the path in it: the error from deep inside the
        // server would only say "No such file or directory".
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("--root {}: not an existing folder", root.display()),
            ));
        }
    }
    let mut server = Server::bind(options)?;
    // The one line a test or grader waits for; flushed, because stdout is
    // block-buffered when it is a pipe.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on http://{}", server.local_addr())?;
    stdout.flush()?;
    drop(stdout);
    server.run()
}
