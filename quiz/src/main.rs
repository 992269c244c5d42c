//! `cargo run -p quiz`: the week's quiz, for students, instructors and
//! maintainers. See `quiz/README.md`.
//!
//! The command line is declared with clap's derive API: each field of
//! [`Cli`] is an option, its doc comment the help text, and the rules of
//! which options go together (one mode at a time, `--shuffle` only for
//! taking the quiz, `--seed` with `--shuffle`, `--format` with `--answers`)
//! are attributes that clap enforces with a usage error naming the options
//! (exit 2).
//!
//! What the quiz prints goes through [`say::try_out`], never `print!`: a
//! reader that closes the pipe early (`| head`) ends the output quietly,
//! where `print!` would panic.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{ArgGroup, Parser, ValueEnum};
use course::{results, say};

use quiz::bank::{self, Bank};
use quiz::grade::Visibility;
use quiz::question::{Part, Question};
use quiz::{grade, markdown, session, sheet, shuffle};

/// The week's quiz: take it, or grade a filled-in answers form.
///
/// With no options it asks every question, one at a time, with a score at
/// the end. Give at most one of --template, --answers, --key and
/// --markdown; --lesson works with every mode.
#[derive(Debug, Parser)]
#[command(
    name = "quiz",
    bin_name = "cargo run -q -p quiz --",
    version,
    group(ArgGroup::new("mode").args(["template", "answers", "key", "markdown"])),
)]
struct Cli {
    /// Only lesson N's questions (1 to 6, or quest).
    #[arg(long, value_name = "N|quest", value_parser = Part::from_arg)]
    lesson: Option<Part>,
    /// Questions and options in a random order; the seed is printed.
    #[arg(long, help_heading = "Taking the quiz", conflicts_with = "mode")]
    shuffle: bool,
    /// Repeat the order of an earlier --shuffle.
    //
    // `requires` alone is not enough here, nor for --format: clap waives a
    // requirement whose argument conflicts with one that is given, so with
    // --key, `--seed` would not need --shuffle (--shuffle conflicts with
    // the modes) and `--format` would not need --answers (--answers is in
    // the modes' group with --key). The conflicts say it outright.
    #[arg(
        long,
        value_name = "S",
        requires = "shuffle",
        conflicts_with = "mode",
        help_heading = "Taking the quiz"
    )]
    seed: Option<u64>,
    /// Print the answers form to fill in.
    #[arg(long, help_heading = "Instructors")]
    template: bool,
    /// Grade a filled-in form, per question and per lesson.
    #[arg(long, value_name = "FILE", help_heading = "Instructors")]
    answers: Option<PathBuf>,
    /// How to write the grade.
    #[arg(
        long,
        value_enum,
        default_value_t = Format::Text,
        requires = "answers",
        conflicts_with_all = ["template", "key", "markdown"],
        help_heading = "Instructors"
    )]
    format: Format,
    /// Write the grade to FILE, atomically (stdout gets `score: N/M`); the
    /// folder is checked first.
    #[arg(
        long,
        value_name = "FILE",
        requires = "answers",
        help_heading = "Instructors"
    )]
    out: Option<PathBuf>,
    /// Gradescope: who sees each question's feedback. After the grades are
    /// published by default: visible feedback shows every right answer.
    #[arg(
        long,
        value_enum,
        value_name = "WHO",
        default_value = "after_published",
        requires = "answers",
        help_heading = "Instructors"
    )]
    visibility: Visibility,
    /// Gradescope: who sees the autograder's stdout.
    #[arg(
        long,
        value_enum,
        value_name = "WHO",
        default_value = "hidden",
        requires = "answers",
        help_heading = "Instructors"
    )]
    stdout_visibility: Visibility,
    /// Print the answer key (the form, filled in).
    #[arg(long, help_heading = "Instructors")]
    key: bool,
    /// Print quiz.md: cargo run -q -p quiz -- --markdown > quiz/quiz.md
    #[arg(long, help_heading = "Maintainers")]
    markdown: bool,
    /// Read DIR/questions and DIR/src/bin instead of this quiz's.
    #[arg(long, value_name = "DIR", help_heading = "Maintainers")]
    bank: Option<PathBuf>,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Take { seed: Option<u64> },
    Template,
    Key,
    Markdown,
    Grade(GradeRequest),
}

/// What `--answers` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GradeRequest {
    file: PathBuf,
    format: Format,
    out: Option<PathBuf>,
    visibility: Visibility,
    stdout_visibility: Visibility,
}

/// The formats of a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A line per question and a subtotal per part.
    Text,
    /// The grade as JSON.
    Json,
    /// Gradescope's results.json.
    Gradescope,
    /// A GitHub Classroom runner result, on one line.
    Classroom,
}

#[derive(Debug)]
struct Args {
    mode: Mode,
    part: Option<Part>,
    bank: PathBuf,
}

impl From<Cli> for Args {
    fn from(cli: Cli) -> Args {
        let mode = if cli.template {
            Mode::Template
        } else if cli.key {
            Mode::Key
        } else if cli.markdown {
            Mode::Markdown
        } else if let Some(file) = cli.answers {
            Mode::Grade(GradeRequest {
                file,
                format: cli.format,
                out: cli.out,
                visibility: cli.visibility,
                stdout_visibility: cli.stdout_visibility,
            })
        } else {
            Mode::Take {
                seed: cli
                    .shuffle
                    .then(|| cli.seed.unwrap_or_else(shuffle::fresh_seed)),
            }
        };
        Args {
            mode,
            part: cli.lesson,
            bank: cli.bank.unwrap_or_else(bank::default_dir),
        }
    }
}

fn main() -> ExitCode {
    // Usage errors, --help and --version end here (exit 2, 0, 0).
    let args = Args::from(Cli::parse());
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("quiz: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let whole = Bank::load(&args.bank).map_err(|e| e.to_string())?;
    let selected = match args.part {
        Some(part) => whole.clone().only(part),
        None => whole.clone(),
    };
    if selected.questions.is_empty() {
        return Err(format!(
            "the quiz has no questions for {}",
            args.part
                .map_or("this selection".to_string(), |p| p.to_string())
        ));
    }
    let output = match &args.mode {
        Mode::Take { seed } => return take(&selected.questions, *seed),
        Mode::Template => sheet::template(&selected.questions),
        Mode::Key => sheet::key(&selected.questions),
        Mode::Markdown => {
            let root = args.bank.parent().unwrap_or(Path::new("."));
            markdown::render(&selected, root)
        }
        Mode::Grade(request) => grade_file(request, &whole, &selected)?,
    };
    // The output is the result – a form, quiz.md, a grade – so a reader
    // that closes the pipe early is fine (`| head`), but a file cut short
    // by a full disk must not pass for a good one.
    say::try_out(&output).map_err(|e| format!("cannot write the output: {e}"))
}

/// The interactive quiz on the terminal (or on whatever stdin and stdout
/// are).
fn take(questions: &[Question], seed: Option<u64>) -> Result<(), String> {
    match session::run(questions, seed, io::stdin().lock(), io::stdout().lock()) {
        Ok(_) => Ok(()),
        // A reader that closed the pipe has seen all it wanted.
        Err(e) if say::is_closed_pipe(&e) => Ok(()),
        Err(e) => Err(format!("cannot talk to the terminal: {e}")),
    }
}

/// Grades the answers file of `request` on the `selected` questions and
/// returns what to print: the grade in its format, or – with `--out`,
/// where the grade goes to the file – the score line. `whole` is the full
/// bank: a file may name any of its ids (a whole-quiz form graded with
/// `--lesson`), while every selected question must have a line.
///
/// A form that cannot be graded is still a grade in the machine formats
/// and with `--out` (score 0, the problems as the reason): a platform
/// shows the student why.
///
/// # Errors
///
/// `--out` cannot be written; or, for a person reading text, the form
/// cannot be read or graded: every problem, each with its line or
/// question id, one per line.
fn grade_file(request: &GradeRequest, whole: &Bank, selected: &Bank) -> Result<String, String> {
    let started = Instant::now();
    if let Some(out) = &request.out {
        results::probe(out)
            .map_err(|e| format!("--out {}: cannot write there: {e}", out.display()))?;
    }
    let file = &request.file;
    let shown = file.display().to_string();
    let graded = fs::read_to_string(file)
        .map_err(|e| format!("cannot read {shown}: {e}"))
        .and_then(|text| {
            sheet::parse_sheet(&text, whole, &selected.questions).map_err(|problems| {
                let lines: Vec<String> =
                    problems.iter().map(|p| format!("  {shown}: {p}")).collect();
                format!("{shown} cannot be graded:\n{}", lines.join("\n"))
            })
        });
    let mut result = match graded {
        Ok(answers) => grade::grade(&shown, &selected.questions, &answers),
        Err(problems) if request.format == Format::Text && request.out.is_none() => {
            return Err(problems);
        }
        Err(problems) => {
            eprintln!("quiz: {problems}");
            grade::Grade::not_graded(&shown, &selected.questions, &problems)
        }
    };
    result.execution_time = started.elapsed().as_secs_f64();
    let rendered = match request.format {
        Format::Text => grade::text(&result),
        Format::Json => format!("{:#}\n", grade::json(&result)),
        Format::Gradescope => format!(
            "{:#}\n",
            grade::gradescope(&result, request.visibility, request.stdout_visibility)
        ),
        Format::Classroom => format!("{}\n", grade::classroom(&result)),
    };
    match &request.out {
        Some(out) => {
            results::write_atomically(out, rendered.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!("score: {}/{}\n", result.score, result.max_score))
        }
        None => Ok(rendered),
    }
}
