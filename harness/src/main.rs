//! `cargo harness`: the course's command-line tool (see [`cli`] for the
//! command line, and the library's documentation for what each job does).
//!
//! This file only connects the two: it parses the command line, calls the
//! library, and turns the outcome into an exit status – 0 when the job ran
//! (a grade of 0/118 is still a grade), 1 when verify found a problem, 2
//! for a usage error or a job that could not start.

mod cli;

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
#[cfg(feature = "maintainer")]
use std::time::Instant;

use clap::{CommandFactory, Parser};

use course::say;
use harness::cargo::build::{self, Build};
use harness::cargo::workspace::Workspace;
use harness::checks::catalogue;
use harness::grade::report::{self, CheckResult, Report};
use harness::grade::{self, Category};
use harness::progress;
#[cfg(feature = "maintainer")]
use harness::{snapshots, verify};

#[cfg(feature = "maintainer")]
use cli::VerifyArgs;
use cli::{Cli, Command, Format, GradeArgs};

/// How long one test binary may run before it counts as hung.
const TEST_BINARY_LIMIT: Duration = Duration::from_secs(120);

fn main() -> ExitCode {
    // A usage error, `--help` and `--version` end here: clap prints them
    // (ignoring a closed pipe) and exits with 2, 0 and 0.
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("harness: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs one subcommand.
///
/// # Errors
///
/// Whatever stopped the job from running, for one line on stderr: the
/// library's own error types meet here, so `Box<dyn Error>` is the type.
fn run(command: Command) -> Result<ExitCode, Box<dyn Error>> {
    if adopts_orphans(&command) {
        // Every program this process runs goes through a guard, so what
        // reparents to it after escaping a guard's process group is an
        // orphan to kill (course::process::kill_orphans).
        if let Err(error) = course::process::adopt_orphans() {
            eprintln!(
                "harness: cannot adopt orphaned processes ({error}); a program that leaves its process group may outlive its check"
            );
        }
    }
    match command {
        Command::Progress => {
            let lessons = progress::collect(&Workspace::locate()?, TEST_BINARY_LIMIT)?;
            say::out(&progress::render(&lessons));
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "maintainer")]
        Command::Verify(args) => verify_command(&args),
        #[cfg(feature = "maintainer")]
        Command::Snapshots(_) => {
            let workspace = Workspace::locate()?;
            let count = snapshots::record(workspace.root())?;
            say::out(&format!(
                "recorded {count} snapshots in {}\n",
                snapshots::MANIFEST
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Grade(args) => grade_command(args),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "harness", &mut script);
            say::out(&String::from_utf8_lossy(&script));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// True for the commands that run programs only through guards (grade,
/// verify), where every other child is an orphan to kill.
fn adopts_orphans(command: &Command) -> bool {
    match command {
        Command::Grade(_) => true,
        #[cfg(feature = "maintainer")]
        Command::Verify(_) => true,
        _ => false,
    }
}

/// `verify`: everything, or the one part the options name.
#[cfg(feature = "maintainer")]
fn verify_command(args: &VerifyArgs) -> Result<ExitCode, Box<dyn Error>> {
    let workspace = Workspace::locate()?;
    let options = verify::Options {
        lessons: args.lessons.clone(),
        quest: true,
        quest_only: args.quest,
        quiz: true,
        quiz_only: args.quiz,
        limit: TEST_BINARY_LIMIT,
        echo: say::out,
    };
    let started = Instant::now();
    let report = verify::run(&workspace, &options)?;
    say::out(&format!(
        "\n{} ({:.0?})\n",
        report.summary(),
        started.elapsed()
    ));
    Ok(if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `grade`: list the checks, or build (or take) a quest and grade it.
fn grade_command(args: GradeArgs) -> Result<ExitCode, Box<dyn Error>> {
    let catalogue = catalogue();
    let checks = grade::select(&catalogue, &args.only)?;
    if args.list {
        let mut list = String::new();
        for check in &checks {
            list.push_str(&format!(
                "{:<28} {:>2} pts  {:<11} {}\n",
                check.id,
                check.points,
                check.revisit.short(),
                check.title
            ));
        }
        let total: u32 = checks.iter().map(|c| c.points).sum();
        list.push_str(&format!("{} checks, {total} points\n", checks.len()));
        say::out(&list);
        return Ok(ExitCode::SUCCESS);
    }
    let quest = match args.quest {
        Some(path) => path,
        None => build_student_quest()?,
    };
    let options = grade::Options {
        quest,
        timeout: args.timeout,
        repeat: args.repeat,
    };
    eprintln!(
        "grading {}: {} checks, server {} + client {} points",
        options.quest.display(),
        checks.len(),
        grade::points(&checks, Category::Server),
        grade::points(&checks, Category::Client),
    );
    let progress = |result: &CheckResult| {
        let mark = if result.passed { "PASS" } else { "FAIL" };
        eprintln!("  {mark} {} ({:.1} s)", result.id, result.seconds);
    };
    let report = grade::run(&checks, &options, progress)?;
    let rendered = render(&report, args.format);
    match &args.out {
        Some(path) => {
            std::fs::write(path, &rendered)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if args.format == Format::Text {
                say::out(&format!("{}\n", report.score_line()));
            } else {
                say::out(&report::text(&report));
            }
        }
        None if rendered.ends_with('\n') => say::out(&rendered),
        None => say::out(&format!("{rendered}\n")),
    }
    Ok(ExitCode::SUCCESS)
}

fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => report::text(report),
        Format::Json => report::json(report),
        Format::Gradescope => report::gradescope(report),
        Format::Classroom => report::classroom(report),
    }
}

/// Builds the student's `quest` package and returns its binary.
///
/// Grading always builds first, so the grade is of the code as it is now,
/// never of a stale binary from an earlier build.
///
/// # Errors
///
/// The build failed: one line naming the first error, and the way out.
fn build_student_quest() -> Result<PathBuf, Box<dyn Error>> {
    let workspace = Workspace::locate()?;
    eprintln!("building your quest first: cargo build -p quest");
    let what = Build {
        package: "quest",
        bin: "quest",
        show_progress: true,
    };
    build::build(workspace.cargo(), &what).map_err(|err| {
        format!(
            "could not build the quest ({}); fix that, or grade another binary with --quest PATH",
            err.to_string().lines().next().unwrap_or_default()
        )
        .into()
    })
}
