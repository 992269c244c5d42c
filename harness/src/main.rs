//! `cargo harness`: the course's command-line tool.
//!
//! ```text
//! cargo harness progress              where am I, and what next?      (students)
//! cargo harness verify [--lesson N]   is the course consistent?       (maintainers, CI)
//! cargo harness verify --quest        reference full marks, starter zero  (maintainers)
//! cargo harness snapshots --record    accept the current snapshots    (maintainers)
//! cargo harness grade [options]       score a quest binary            (instructors, students)
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use std::path::PathBuf;

use harness::check::Category;
use harness::checks::catalogue;
use harness::report::{self, CheckResult, Report};
use harness::workspace::Workspace;
use harness::{build, grade, progress, snapshots, verify};

const USAGE: &str = "\
usage: cargo harness <command>

commands:
  progress                 your lessons: tests passing, snapshots intact, what to do next
  verify [--lesson N]... [--quest] [--quiz]
                           maintainers: stubs fail every test, solutions pass them,
                           snapshots are unchanged, the reference quest scores full
                           marks and the starter zero, the quiz's questions hold,
                           links resolve
  snapshots --record       maintainers: rewrite exercises/snapshots.lock after a
                           deliberate change to an expected answer
  grade [options]          grade a quest binary over real sockets:
      --quest PATH             the binary to grade (default: build the `quest`
                               package and grade target/debug/quest)
      --only WHAT...           server, client and/or check ids (see --list)
      --format FORMAT          text (default), json, gradescope or classroom
      --out FILE               write the report there (the score still prints)
      --timeout SECS           time budget of one check (default 10)
      --repeat N               run each check N times; points only if all pass
      --list                   list the checks and their points, then stop
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
            let options = verify_options(rest)?;
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
        "grade" => grade_command(rest),
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

/// Parses verify's arguments: `--lesson N` (repeatable, lessons 1–6),
/// `--quest` or `--quiz` – one kind at a time.
fn verify_options(rest: &[String]) -> Result<verify::Options, String> {
    let mut numbers = Vec::new();
    let mut quest_only = false;
    let mut quiz_only = false;
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quest" => quest_only = true,
            "--quiz" => quiz_only = true,
            "--lesson" => {
                let value = args
                    .next()
                    .ok_or("--lesson needs a number, e.g. --lesson 2")?;
                match value.parse::<u8>() {
                    Ok(n @ 1..=6) => numbers.push(n),
                    _ => return Err(format!("--lesson takes 1 to 6, not `{value}`")),
                }
            }
            _ => return Err(format!("unexpected argument `{arg}`\n\n{USAGE}")),
        }
    }
    let kinds = usize::from(!numbers.is_empty()) + usize::from(quest_only) + usize::from(quiz_only);
    if kinds > 1 {
        return Err("verify takes --lesson N, --quest or --quiz, one at a time".into());
    }
    Ok(verify::Options {
        lessons: numbers,
        quest: true,
        quest_only,
        quiz: true,
        quiz_only,
        limit: TEST_BINARY_LIMIT,
    })
}

/// The report formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Gradescope,
    Classroom,
}

/// `cargo harness grade`'s options.
#[derive(Debug)]
struct GradeArgs {
    quest: Option<PathBuf>,
    only: Vec<String>,
    format: Format,
    out: Option<PathBuf>,
    timeout: Duration,
    repeat: u32,
    list: bool,
}

fn parse_grade_args(rest: &[String]) -> Result<GradeArgs, String> {
    let mut args = GradeArgs {
        quest: None,
        only: Vec::new(),
        format: Format::Text,
        out: None,
        timeout: Duration::from_secs(10),
        repeat: 1,
        list: false,
    };
    let mut words = rest.iter().peekable();
    while let Some(word) = words.next() {
        let mut value = |what: &str| {
            words
                .next()
                .cloned()
                .ok_or_else(|| format!("{word} needs {what}\n\n{USAGE}"))
        };
        match word.as_str() {
            "--quest" => args.quest = Some(PathBuf::from(value("a path")?)),
            "--format" => {
                args.format = match value("a format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "gradescope" => Format::Gradescope,
                    "classroom" => Format::Classroom,
                    other => {
                        return Err(format!(
                            "--format takes text, json, gradescope or classroom, not `{other}`"
                        ));
                    }
                }
            }
            "--out" => args.out = Some(PathBuf::from(value("a file")?)),
            "--timeout" => {
                let text = value("a number of seconds")?;
                args.timeout = text
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                    .map(Duration::from_secs_f64)
                    .ok_or(format!("--timeout takes seconds (e.g. 10), not `{text}`"))?;
            }
            "--repeat" => {
                let text = value("a count")?;
                args.repeat = text
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or(format!("--repeat takes 1 to 100, not `{text}`"))?;
            }
            "--only" => {
                let before = args.only.len();
                while let Some(next) = words.next_if(|w| !w.starts_with("--")) {
                    args.only
                        .extend(next.split(',').filter(|s| !s.is_empty()).map(String::from));
                }
                if args.only.len() == before {
                    return Err("--only needs server, client or check ids (see --list)".into());
                }
            }
            "--list" => args.list = true,
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(args)
}

fn grade_command(rest: &[String]) -> Result<ExitCode, String> {
    let args = parse_grade_args(rest)?;
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
        say(&list);
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
                say(&format!("{}\n", report.score_line()));
            } else {
                say(&report::text(&report));
            }
        }
        None if rendered.ends_with('\n') => say(&rendered),
        None => say(&format!("{rendered}\n")),
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to stdout. Unlike `print!`, a reader that went away
/// (`cargo harness grade --list | head -3`) is not an error worth a panic.
fn say(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
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
fn build_student_quest() -> Result<PathBuf, String> {
    let workspace = locate()?;
    eprintln!("building your quest first: cargo build -p quest");
    let what = build::Build {
        package: "quest",
        bin: "quest",
        show_progress: true,
    };
    build::build(workspace.cargo(), &what).map_err(|err| {
        format!(
            "could not build the quest ({}); fix that, or grade another binary with --quest PATH",
            err.lines().next().unwrap_or_default()
        )
    })
}
