//! `quest-solution`: see [`quest_solution::cli`] for the command line.

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use quest_solution::cli::{self, Cli, Command};
use quest_solution::server::Server;

fn main() -> ExitCode {
    // A usage error, `--help` and `--version` end here: clap prints them
    // and exits with 2, 0 and 0.
    match Cli::parse().command {
        Command::Get(options) => {
            check_resolve(&options);
            ExitCode::from(quest_solution::get::run(&options))
        }
        Command::Serve(options) => match serve(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("quest-solution: serve: {err}");
                ExitCode::from(1)
            }
        },
    }
}

/// Reads every `--resolve` with lesson 4's `parse_resolve_arg` before any
/// fetch starts, so that an address that is not one (`h:80:localhost`) is a
/// usage error like any other, not a failed fetch. The given command line
/// checks only the shape: it must not depend on a lesson's exercise.
fn check_resolve(options: &cli::GetOptions) {
    for value in &options.resolve {
        if let Err(error) = lesson04::parse_resolve_arg(value) {
            // The error as clap shows its own, under `get`'s usage line.
            let mut command = Cli::command();
            command.build();
            match command.find_subcommand_mut("get") {
                Some(get) => get.error(ErrorKind::ValueValidation, error).exit(),
                None => command.error(ErrorKind::ValueValidation, error).exit(),
            }
        }
    }
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
