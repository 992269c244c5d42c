//! `cargo harness`: the course's command-line tool.
//!
//! ```text
//! cargo harness progress              where am I, and what next?      (students)
//! cargo harness verify [--lesson N]   is the course consistent?       (maintainers, CI)
//! cargo harness snapshots --record    accept the current snapshots    (maintainers)
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use harness::workspace::Workspace;
use harness::{progress, snapshots, verify};

const USAGE: &str = "\
usage: cargo harness <command>

commands:
  progress                 your lessons: tests passing, snapshots intact, what to do next
  verify [--lesson N]...   maintainers: stubs fail every test, solutions pass them,
                           snapshots are unchanged, links resolve
  snapshots --record       maintainers: rewrite exercises/snapshots.lock after a
                           deliberate change to an expected answer
  help                     this text";

/// How long one test binary may run before it counts as hung.
const TEST_BINARY_LIMIT: Duration = Duration::from_secs(120);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("harness: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        println!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    match command.as_str() {
        "progress" => {
            no_more(rest)?;
            let workspace = locate()?;
            let lessons =
                progress::collect(&workspace, TEST_BINARY_LIMIT).map_err(|e| e.to_string())?;
            print!("{}", progress::render(&lessons));
            Ok(ExitCode::SUCCESS)
        }
        "verify" => {
            let options = verify::Options {
                lessons: lesson_numbers(rest)?,
                limit: TEST_BINARY_LIMIT,
            };
            let workspace = locate()?;
            let started = Instant::now();
            let report = verify::run(&workspace, &options).map_err(|e| e.to_string())?;
            println!("\n{} ({:.0?})", report.summary(), started.elapsed());
            Ok(if report.is_success() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        "snapshots" => {
            if rest != ["--record"] {
                return Err(format!("snapshots takes --record\n\n{USAGE}"));
            }
            let workspace = locate()?;
            let count = snapshots::record(workspace.root()).map_err(|e| e.to_string())?;
            println!("recorded {count} snapshots in {}", snapshots::MANIFEST);
            Ok(ExitCode::SUCCESS)
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    }
}

fn locate() -> Result<Workspace, String> {
    Workspace::locate().map_err(|e| e.to_string())
}

fn no_more(rest: &[String]) -> Result<(), String> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(format!("unexpected argument `{arg}`\n\n{USAGE}")),
    }
}

/// Parses `--lesson N` (repeatable) into lesson numbers 1–6.
fn lesson_numbers(rest: &[String]) -> Result<Vec<u8>, String> {
    let mut numbers = Vec::new();
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        if arg != "--lesson" {
            return Err(format!("unexpected argument `{arg}`\n\n{USAGE}"));
        }
        let value = args
            .next()
            .ok_or("--lesson needs a number, e.g. --lesson 2")?;
        match value.parse::<u8>() {
            Ok(n @ 1..=6) => numbers.push(n),
            _ => return Err(format!("--lesson takes 1 to 6, not `{value}`")),
        }
    }
    Ok(numbers)
}
