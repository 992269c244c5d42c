//! Building a quest binary with cargo and finding the executable it made.
//!
//! The grader grades a *binary*, so every command that grades the code as it
//! is now (`grade` without `--quest`, `verify`, the variants test) builds
//! first and takes the executable's path from cargo's own JSON messages
//! (`--message-format=json`) rather than guessing `target/debug/NAME`: a
//! `CARGO_TARGET_DIR` or a build profile would make a guess wrong.

use std::fmt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What to build.
#[derive(Debug, Clone)]
pub struct Build<'a> {
    /// The package (`-p`).
    pub package: &'a str,
    /// The binary target (`--bin`).
    pub bin: &'a str,
    /// Show cargo's progress and errors on our stderr (humans watching) or
    /// keep them (tests and verify, which report the failure themselves).
    pub show_progress: bool,
}

/// Why no executable came out of a build.
#[derive(Debug)]
pub enum BuildError {
    /// cargo itself could not be run.
    Cargo(std::io::Error),
    /// The build failed; `tail` holds cargo's last error lines when its
    /// progress was hidden (empty when it went to the terminal).
    Failed {
        /// The package that did not build.
        package: String,
        /// The last lines of cargo's stderr.
        tail: Vec<String>,
    },
    /// cargo built the package but reported no such binary.
    NoExecutable {
        /// The package that was built.
        package: String,
        /// The binary that was asked for.
        bin: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Cargo(error) => write!(f, "cannot run cargo: {error}"),
            BuildError::Failed { package, tail } if tail.is_empty() => {
                write!(f, "`cargo build -p {package}` failed")
            }
            BuildError::Failed { package, tail } => {
                write!(f, "`cargo build -p {package}` failed:\n{}", tail.join("\n"))
            }
            BuildError::NoExecutable { package, bin } => {
                write!(
                    f,
                    "cargo built package {package} but named no `{bin}` binary"
                )
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Cargo(error) => Some(error),
            _ => None,
        }
    }
}

/// Runs `command` (a `cargo` command in the right folder, with any target
/// dir already set) as `cargo build -p PACKAGE --bin BIN` and returns the
/// path of the executable.
///
/// # Errors
///
/// A [`BuildError`]: cargo cannot run, the build fails (with cargo's last
/// error lines when progress was hidden), or cargo names no such
/// executable.
pub fn build(mut command: Command, what: &Build<'_>) -> Result<PathBuf, BuildError> {
    command.args([
        "build",
        "-p",
        what.package,
        "--bin",
        what.bin,
        "--message-format=json-render-diagnostics",
    ]);
    command.stdout(Stdio::piped());
    command.stderr(if what.show_progress {
        Stdio::inherit()
    } else {
        Stdio::piped()
    });
    let output = command.output().map_err(BuildError::Cargo)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut tail: Vec<String> = stderr.lines().rev().take(12).map(String::from).collect();
        tail.reverse();
        return Err(BuildError::Failed {
            package: what.package.to_owned(),
            tail,
        });
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == what.bin)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| BuildError::NoExecutable {
            package: what.package.to_owned(),
            bin: what.bin.to_owned(),
        })
}
