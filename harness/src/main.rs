//! `cargo harness`: the course's command-line tool (see [`cli`] for the
//! command line, and the library's documentation for what each job does).
//!
//! This file only connects the two: it parses the command line, calls the
//! library, and turns the outcome into an exit status – 0 when the job ran
//! (a grade of 0/123 is still a grade), 1 when verify found a problem, 2
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
use harness::cargo::submission;
use harness::cargo::workspace::Workspace;
use harness::checks::catalogue;
use harness::grade::report::{self, CheckResult, GradescopeOptions, Report};
use harness::grade::results;
use harness::grade::{self, Category, Check};
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
    if let Some(out) = &args.out {
        // Found in a second, not after a full grade.
        results::probe(out)
            .map_err(|e| format!("--out {}: cannot write there: {e}", out.display()))?;
    }
    // From here on there is always a report: a grade that cannot run is a
    // report with score 0 and the reason.
    let (report, _build) = match quest_to_grade(&args) {
        Ok((quest, shown, build)) => {
            let report = grade_binary(&checks, &args, quest, shown);
            (report, build)
        }
        Err(reason) => {
            eprintln!("harness: {reason}");
            let shown = args
                .submission
                .as_ref()
                .map_or_else(|| "quest".into(), |dir| dir.display().to_string());
            (Report::not_graded(&shown, &checks, &reason), None)
        }
    };
    // The last sweep before the results exist: nothing of the program's
    // may be alive when the file is written.
    course::process::kill_orphans(Duration::from_secs(2));
    let rendered = render(&report, &args);
    match &args.out {
        Some(path) => {
            results::write_atomically(path, rendered.as_bytes())
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

/// Grades `quest` (shown in reports as `shown`); a grade that cannot start
/// (no such binary, no sandbox) is a report with the reason.
fn grade_binary(checks: &[&Check], args: &GradeArgs, quest: PathBuf, shown: String) -> Report {
    let options = grade::Options {
        quest,
        shown,
        timeout: args.timeout,
        deadline: args.deadline,
        repeat: args.repeat,
        as_user: args.as_user.clone(),
    };
    eprintln!(
        "grading {}: {} checks, server {} + client {} points",
        options.shown,
        checks.len(),
        grade::points(checks, Category::Server),
        grade::points(checks, Category::Client),
    );
    let progress = |result: &CheckResult| {
        let mark = if result.passed { "PASS" } else { "FAIL" };
        eprintln!("  {mark} {} ({:.1} s)", result.id, result.seconds);
    };
    grade::run(checks, &options, progress).unwrap_or_else(|error| {
        eprintln!("harness: {error}");
        Report::not_graded(&options.shown, checks, &error.to_string())
    })
}

/// The binary to grade, its name in reports, and the build folder to keep
/// until the grade ends (for --submission).
///
/// # Errors
///
/// The reason nothing can be graded, for the report: the submission has
/// no quest package, or it does not build.
fn quest_to_grade(args: &GradeArgs) -> Result<(PathBuf, String, Option<BuildFolder>), String> {
    if let Some(path) = &args.quest {
        return Ok((path.clone(), grade::shown_path(path), None));
    }
    let Some(dir) = &args.submission else {
        let quest = build_student_quest().map_err(|e| e.to_string())?;
        let shown = grade::shown_path(&quest);
        return Ok((quest, shown, None));
    };
    let folder = BuildFolder::new().map_err(|e| format!("cannot make a build folder: {e}"))?;
    let workspace = submission::find_workspace(dir).map_err(|e| e.to_string())?;
    let copy = folder.0.join("submission");
    submission::copy_clean(&workspace, &copy)
        .map_err(|e| format!("cannot copy the submission: {e}"))?;
    let target = args
        .target_dir
        .clone()
        .unwrap_or_else(|| folder.0.join("target"));
    eprintln!(
        "building the submission: cargo build --release -p quest (in a clean copy of {})",
        workspace.display()
    );
    let quest = submission::build(
        &harness::cargo::workspace::cargo(),
        &copy,
        &target,
        args.build_timeout,
    )
    .map_err(|e| e.to_string())?;
    Ok((quest, "target/release/quest".into(), Some(folder)))
}

/// A temporary folder for a submission's copy and build, removed on drop.
struct BuildFolder(PathBuf);

impl BuildFolder {
    fn new() -> std::io::Result<BuildFolder> {
        let dir =
            std::env::temp_dir().join(format!("harness-build-{}", grade::sandbox::unique_suffix()));
        std::fs::create_dir_all(&dir)?;
        Ok(BuildFolder(dir))
    }
}

impl Drop for BuildFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn render(report: &Report, args: &GradeArgs) -> String {
    match args.format {
        Format::Text => report::text(report),
        Format::Json => report::json(report),
        Format::Gradescope => report::gradescope(
            report,
            GradescopeOptions {
                visibility: args.visibility,
                stdout_visibility: args.stdout_visibility,
            },
        ),
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
