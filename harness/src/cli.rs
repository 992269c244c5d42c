//! The command line of `cargo harness`, declared with clap's derive API.
//!
//! Each subcommand is a struct or a variant whose fields are its options,
//! and each doc comment below is the help text a user sees. clap gives
//! every command `--help`/`-h` and the top level `--version`, rejects a
//! bad argument with exit status 2 and a message that names it (with a
//! suggestion for a misspelt one), and writes shell completions from the
//! same declaration – behaviour every Rust tool has, and a hand-written
//! parser would have to copy one case at a time.
//!
//! ```text
//! cargo harness progress              where am I, and what next?      (students)
//! cargo harness verify [--lesson N]   is the course consistent?       (maintainers, CI)
//! cargo harness verify --quest        reference full marks, starter zero  (maintainers)
//! cargo harness snapshots --record    accept the current snapshots    (maintainers)
//! cargo harness grade [options]       score a quest binary            (instructors, students)
//! cargo harness completions SHELL     tab completion for bash, zsh, fish…
//! ```

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use harness::grade::report::Visibility;

/// The course's own tool: progress for students, verify for maintainers,
/// grade for instructors.
#[derive(Debug, Parser)]
#[command(
    name = "harness",
    bin_name = "cargo harness",
    version,
    arg_required_else_help = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Your lessons: tests passing, snapshots intact, what to do next.
    Progress,
    /// Maintainers: is the course consistent?
    ///
    /// Stubs fail every test, solutions pass them, snapshots are unchanged,
    /// the reference quest scores full marks and the starter zero, the
    /// quiz's questions hold, links resolve.
    #[cfg(feature = "maintainer")]
    Verify(VerifyArgs),
    /// Maintainers: accept the exercise snapshots as they are now.
    ///
    /// Rewrites exercises/snapshots.lock after a deliberate change to an
    /// expected answer.
    #[cfg(feature = "maintainer")]
    Snapshots(SnapshotsArgs),
    /// Grade a quest binary over real sockets.
    ///
    /// Prints a table, the failures with their reasons and repros, and
    /// `score: N/M` last.
    Grade(GradeArgs),
    /// Print a shell completion script for the `harness` binary.
    ///
    /// The script completes the binary installed with `cargo install --path
    /// harness --bin harness` (a cargo alias cannot have one), e.g.
    /// `harness completions bash > ~/.local/share/bash-completion/completions/harness`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// `cargo harness verify`'s options: everything by default, or one part.
#[cfg(feature = "maintainer")]
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Verify only this lesson (1 to 6); repeat for several.
    #[arg(long = "lesson", value_name = "N", value_parser = clap::value_parser!(u8).range(1..=6))]
    pub lessons: Vec<u8>,
    /// Verify only the quest: reference full marks, starter zero, the brief's table.
    #[arg(long, conflicts_with_all = ["lessons", "quiz"])]
    pub quest: bool,
    /// Verify only the quiz's questions.
    #[arg(long, conflicts_with = "lessons")]
    pub quiz: bool,
}

/// `cargo harness snapshots`'s one option.
#[cfg(feature = "maintainer")]
#[derive(Debug, Args)]
pub struct SnapshotsArgs {
    /// Fingerprint the exercise snapshots as they are now.
    #[arg(long, required = true)]
    pub record: bool,
}

/// `cargo harness grade`'s options.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The binary to grade (default: build the `quest` package of this
    /// workspace and grade its binary).
    #[arg(long, value_name = "PATH", conflicts_with = "submission")]
    pub quest: Option<PathBuf>,
    /// A student's submission to build and grade: a folder holding the
    /// `quest` package in its workspace (their repository). It is copied
    /// without target/ and .git/, built with `cargo build --release -p
    /// quest`, and a build failure is a report with score 0 and the
    /// compiler's words.
    #[arg(long, value_name = "DIR")]
    pub submission: Option<PathBuf>,
    /// cargo's target folder for building --submission (default: a fresh
    /// one); a shared one lets several grades reuse compiled dependencies.
    #[arg(long, value_name = "DIR", requires = "submission")]
    pub target_dir: Option<PathBuf>,
    /// The time a --submission build may take, in seconds.
    #[arg(long, value_name = "SECS", default_value = "600", value_parser = seconds)]
    pub build_timeout: Duration,
    /// Grade only these: `server`, `client` and/or check ids (see --list);
    /// several after one --only, or comma-separated.
    #[arg(long, value_name = "WHAT", num_args = 1.., value_delimiter = ',')]
    pub only: Vec<String>,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE, atomically and after every program is
    /// dead (the text summary still prints). The folder is checked before
    /// grading starts.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The time budget of one check, in seconds.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    pub timeout: Duration,
    /// The time budget of the whole grade, in seconds: checks that would
    /// start later fail with "not run: deadline".
    #[arg(long, value_name = "SECS", default_value = "420", value_parser = seconds)]
    pub deadline: Duration,
    /// When the harness runs as root: the unprivileged user the graded
    /// program runs as.
    #[arg(long, value_name = "NAME", default_value = "nobody")]
    pub as_user: String,
    /// Gradescope: who sees each test's output.
    #[arg(long, value_enum, value_name = "WHO", default_value = "visible")]
    pub visibility: Visibility,
    /// Gradescope: who sees the autograder's own stdout.
    #[arg(long, value_enum, value_name = "WHO", default_value = "hidden")]
    pub stdout_visibility: Visibility,
    /// Run each check N times; points only if every run passes.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub repeat: u32,
    /// List the checks and their points, then stop.
    #[arg(long)]
    pub list: bool,
}

/// The report formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table, then each failure with its reason and repro.
    Text,
    /// The whole report as JSON.
    Json,
    /// Gradescope's `results.json`.
    Gradescope,
    /// GitHub Classroom's autograding JSON.
    Classroom,
}

/// Parses `--timeout`: a positive number of seconds, at most an hour.
fn seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("takes seconds between 0 and 3600 (e.g. 10), not `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("harness").chain(args.iter().copied()))
    }

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn only_takes_several_words_and_comma_lists() {
        let Command::Grade(args) = parse(&["grade", "--only", "server-head,client", "x", "--list"])
            .expect("parses")
            .command
        else {
            panic!("not grade");
        };
        assert_eq!(args.only, ["server-head", "client", "x"]);
        assert!(args.list);
        assert_eq!(args.timeout, Duration::from_secs(10));
    }

    #[test]
    fn bad_values_are_refused_naming_the_option() {
        let mut refused = vec![
            &["grade", "--timeout", "0"][..],
            &["grade", "--repeat", "101"],
            &["grade", "--format", "xml"],
        ];
        if cfg!(feature = "maintainer") {
            refused.extend([
                &["verify", "--lesson", "7"][..],
                &["verify", "--quest", "--quiz"],
                &["snapshots"],
            ]);
        }
        for args in refused {
            let error = parse(args).expect_err("refused");
            assert_eq!(error.exit_code(), 2, "{args:?}");
        }
        let error = parse(&["grade", "--timeout", "soon"]).expect_err("refused");
        assert!(error.to_string().contains("--timeout"), "{error}");
    }
}
