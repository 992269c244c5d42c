//! `cargo run -p quiz`: the week's quiz, for students, instructors and
//! maintainers. See `quiz/README.md`.
//!
//! The command line is declared with clap's derive API: each field of
//! [`Cli`] is an option, its doc comment the help text, and the rules of
//! which options go together (one mode at a time, `--seed` with
//! `--shuffle`, `--format` with `--answers`) are attributes that clap
//! enforces with a usage error naming the options (exit 2).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgGroup, Parser, ValueEnum};
use course::say;

use quiz::bank::{self, Bank};
use quiz::question::Part;
use quiz::{grade, markdown, session, sheet, shuffle};

/// The week's quiz: take it, or grade a filled-in answers form.
///
/// With no options it asks every question, one at a time, with a score at
/// the end. --lesson works with every mode.
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
    #[arg(
        long,
        value_name = "S",
        requires = "shuffle",
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
    #[arg(long, value_enum, requires = "answers", help_heading = "Instructors")]
    format: Option<Format>,
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
    Grade { file: PathBuf, format: Format },
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
            Mode::Grade {
                file,
                format: cli.format.unwrap_or(Format::Text),
            }
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
    match &args.mode {
        Mode::Take { seed } => {
            let ran = session::run(
                &selected.questions,
                *seed,
                io::stdin().lock(),
                io::stdout().lock(),
            );
            match ran {
                Ok(_) => {}
                // A reader that closed the pipe has seen all it wanted.
                Err(e) if say::is_closed_pipe(&e) => {}
                Err(e) => return Err(format!("cannot talk to the terminal: {e}")),
            }
        }
        Mode::Template => say::out(&sheet::template(&selected.questions)),
        Mode::Key => say::out(&sheet::key(&selected.questions)),
        Mode::Markdown => {
            let root = args.bank.parent().unwrap_or(Path::new("."));
            say::out(&markdown::render(&selected, root));
        }
        Mode::Grade { file, format } => {
            let shown = file.display().to_string();
            let text = fs::read_to_string(file).map_err(|e| format!("cannot read {shown}: {e}"))?;
            let answers =
                sheet::parse_sheet(&text, &whole, &selected.questions).map_err(|problems| {
                    let lines: Vec<String> =
                        problems.iter().map(|p| format!("  {shown}: {p}")).collect();
                    format!("{shown} cannot be graded:\n{}", lines.join("\n"))
                })?;
            let result = grade::grade(&shown, &selected.questions, &answers);
            match format {
                Format::Text => say::out(&grade::text(&result)),
                Format::Json => say::out(&format!("{:#}\n", grade::json(&result))),
                Format::Gradescope => say::out(&format!("{:#}\n", grade::gradescope(&result))),
            }
        }
    }
    Ok(())
}
