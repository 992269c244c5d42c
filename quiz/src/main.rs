//! `cargo run -p quiz`: the week's quiz, for students, instructors and
//! maintainers. See `quiz/README.md`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quiz::bank::{self, Bank};
use quiz::question::Part;
use quiz::{grade, markdown, session, sheet, shuffle};

const USAGE: &str = "\
usage: cargo run -q -p quiz -- [options]

take the quiz:
  (no options)           every question, one at a time, a score at the end
  --lesson N             only lesson N's questions (1 to 6, or quest)
  --shuffle [--seed S]   questions and options in a random order; the seed
                         is printed, and --seed S repeats that order

instructors:
  --template             print the answers form to fill in
  --answers FILE         grade a filled-in form, per question and per lesson
      --format F         text (default), json or gradescope (results.json)
  --key                  print the answer key (the form, filled in)

maintainers:
  --markdown             print quiz.md: cargo run -q -p quiz -- --markdown > quiz/quiz.md
  --bank DIR             read DIR/questions and DIR/src/bin instead of this quiz's

--lesson works with every mode.";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Take { seed: Option<u64> },
    Template,
    Key,
    Markdown,
    Grade { file: PathBuf, format: Format },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Gradescope,
}

#[derive(Debug)]
struct Args {
    mode: Mode,
    part: Option<Part>,
    bank: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match parse_args(&args).and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("quiz: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut modes = Vec::new();
    let mut part = None;
    let mut bank = bank::default_dir();
    let mut shuffle = false;
    let mut seed = None;
    let mut format = None;
    let mut answers = None;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let mut value = |what: &str| {
            words
                .next()
                .cloned()
                .ok_or_else(|| format!("{word} needs {what}\n\n{USAGE}"))
        };
        match word.as_str() {
            "--lesson" => part = Some(Part::from_arg(&value("a lesson: 1 to 6, or quest")?)?),
            "--shuffle" => shuffle = true,
            "--seed" => {
                let given = value("a number")?;
                seed = Some(
                    given
                        .parse::<u64>()
                        .map_err(|_| format!("--seed takes a whole number, not `{given}`"))?,
                );
            }
            "--template" => modes.push(word.clone()),
            "--key" => modes.push(word.clone()),
            "--markdown" => modes.push(word.clone()),
            "--answers" => {
                answers = Some(PathBuf::from(value("a file")?));
                modes.push(word.clone());
            }
            "--format" => {
                format = Some(match value("a format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "gradescope" => Format::Gradescope,
                    other => {
                        return Err(format!(
                            "--format takes text, json or gradescope, not `{other}`"
                        ));
                    }
                });
            }
            "--bank" => bank = PathBuf::from(value("a folder")?),
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    if modes.len() > 1 {
        return Err(format!("give one of {}, not several", modes.join(", ")));
    }
    if seed.is_some() && !shuffle {
        return Err("--seed goes with --shuffle: --shuffle --seed S".to_string());
    }
    let mode = match modes.first().map(String::as_str) {
        None => Mode::Take {
            seed: shuffle.then(|| seed.unwrap_or_else(shuffle::fresh_seed)),
        },
        Some(other) if shuffle => {
            return Err(format!("--shuffle is for taking the quiz, not for {other}"));
        }
        Some("--answers") => Mode::Grade {
            file: answers.unwrap_or_default(),
            format: format.unwrap_or(Format::Text),
        },
        Some("--template") => Mode::Template,
        Some("--key") => Mode::Key,
        Some(_) => Mode::Markdown,
    };
    if format.is_some() && !matches!(mode, Mode::Grade { .. }) {
        return Err("--format goes with --answers FILE".to_string());
    }
    Ok(Args { mode, part, bank })
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
            session::run(
                &selected.questions,
                *seed,
                io::stdin().lock(),
                io::stdout().lock(),
            )
            .map_err(|e| format!("cannot talk to the terminal: {e}"))?;
        }
        Mode::Template => print!("{}", sheet::template(&selected.questions)),
        Mode::Key => print!("{}", sheet::key(&selected.questions)),
        Mode::Markdown => {
            let root = args.bank.parent().unwrap_or(Path::new("."));
            print!("{}", markdown::render(&selected, root));
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
                Format::Text => print!("{}", grade::text(&result)),
                Format::Json => println!("{:#}", grade::json(&result)),
                Format::Gradescope => println!("{:#}", grade::gradescope(&result)),
            }
        }
    }
    Ok(())
}
