//! The command-line tool: normalise a transcript from a file or stdin.
//!
//! ```text
//! usage: redact [--keep-ports] [--keep-dates] [--keep-etags] [FILE]
//! ```
//!
//! It prints its input with the [`normalise`] rules applied, so you can
//! compare two runs by eye or with `diff`. A command-line tool is tested
//! the way the grader tests `quest`: from the outside, by running the
//! binary with arguments and stdin and looking at stdout, stderr and the
//! exit code (see `tests/cli.rs`, which uses assert_cmd and predicates).
//!
//! Exit codes follow the common convention: 0 success, 2 a usage error or
//! an input that cannot be read (with one line on stderr saying which),
//! 1 when writing the output fails.

use std::fmt;
use std::fs;
use std::io::{Read, Write};
use std::path::PathBuf;

use crate::redact::{Rules, normalise};

/// The usage text `--help` prints and a usage error points to.
pub const USAGE: &str = "\
usage: redact [--keep-ports] [--keep-dates] [--keep-etags] [FILE]

Prints FILE (or stdin when FILE is missing or -) with the values that change
from run to run replaced: ports after a loopback host by <port>, Date and
Last-Modified by <date>, ETag by <etag>.

  --keep-ports   leave port numbers alone
  --keep-dates   leave Date and Last-Modified alone
  --keep-etags   leave ETag alone
  -h, --help     print this text
";

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `-h` or `--help` was given: print [`USAGE`] and do nothing else.
    pub help: bool,
    /// The normalisation rules; every rule is on unless a `--keep-…`
    /// option turned it off.
    pub rules: Rules,
    /// The file to read; `None` means stdin.
    pub input: Option<PathBuf>,
}

/// A command line that makes no sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// An argument starting with `-` that is not an option of this tool.
    UnknownOption(String),
    /// A second file argument (the tool reads at most one).
    ExtraArgument(String),
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::UnknownOption(arg) => write!(f, "unknown option '{arg}'"),
            UsageError::ExtraArgument(arg) => {
                write!(f, "unexpected argument '{arg}': give at most one file")
            }
        }
    }
}

impl std::error::Error for UsageError {}

/// Parses the arguments (without the program name).
///
/// * `--keep-ports`, `--keep-dates`, `--keep-etags` turn the matching rule
///   off; `-h` / `--help` sets `help`;
/// * `-` alone means stdin, like no file at all;
/// * `--` ends the options: every later argument is a file name, even one
///   that starts with `-`;
/// * any other argument that starts with `-` is
///   [`UsageError::UnknownOption`]; a second file is
///   [`UsageError::ExtraArgument`].
///
/// Options and the file may come in any order.
///
/// # Errors
///
/// The first argument that does not fit, as above.
///
/// ```text
/// []                                      → Ok(Options { help: false, rules: Rules::ALL, input: None })
/// ["--keep-dates", "t.txt"]               → Ok(Options { help: false,
///                                              rules: Rules { dates: false, ..Rules::ALL },
///                                              input: Some("t.txt") })
/// ["-"]                                   → input: None
/// ["--", "-odd"]                          → input: Some("-odd")
/// ["--help"]                              → help: true
/// ["-x"]                                  → Err(UnknownOption("-x"))
/// ["a.txt", "b.txt"]                      → Err(ExtraArgument("b.txt"))
/// ```
pub fn parse_args(args: &[String]) -> Result<Options, UsageError> {
    todo!("lesson 06: parse_args({args:?})")
}

/// The whole tool, with its streams passed in: parse `args`, read the
/// input, write it normalised. Returns the exit code. `name` is the program
/// name used at the start of error lines.
///
/// Input that is not UTF-8 is read lossily (invalid bytes become U+FFFD);
/// rendered transcripts are plain ASCII, so this does not arise for them.
pub fn run(
    name: &str,
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    // Errors writing to stderr cannot be reported anywhere: ignore them.
    let options = match parse_args(args) {
        Ok(options) => options,
        Err(e) => {
            let _ = writeln!(stderr, "{name}: {e} (try --help)");
            return 2;
        }
    };
    if options.help {
        return match stdout.write_all(USAGE.as_bytes()) {
            Ok(()) => 0,
            Err(_) => 1,
        };
    }
    let mut input = Vec::new();
    let read = match &options.input {
        Some(path) => fs::read(path).map(|bytes| input = bytes),
        None => stdin.read_to_end(&mut input).map(drop),
    };
    if let Err(e) = read {
        let what = match &options.input {
            Some(path) => path.display().to_string(),
            None => "stdin".to_string(),
        };
        let _ = writeln!(stderr, "{name}: cannot read {what}: {e}");
        return 2;
    }
    let text = normalise(&String::from_utf8_lossy(&input), &options.rules);
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(stderr, "{name}: cannot write the output: {e}");
            1
        }
    }
}
