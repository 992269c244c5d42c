//! Building a quest binary with cargo and finding the executable it made.
//!
//! The grader grades a *binary*, so every command that grades the code as it
//! is now (`grade` without `--quest`, `verify`, the variants test) builds
//! first and takes the executable's path from cargo's own JSON messages
//! (`--message-format=json`) rather than guessing `target/debug/NAME`: a
//! `CARGO_TARGET_DIR` or a build profile would make a guess wrong.

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

/// Runs `command` (a `cargo` command in the right folder, with any target
/// dir already set) as `cargo build -p PACKAGE --bin BIN` and returns the
/// path of the executable.
///
/// # Errors
///
/// One line when cargo cannot run, the build fails (with cargo's last error
/// lines when progress was hidden), or cargo names no such executable.
pub fn build(mut command: Command, what: &Build<'_>) -> Result<PathBuf, String> {
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
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "`cargo build -p {}` failed{}",
            what.package,
            if tail.is_empty() {
                String::new()
            } else {
                format!(":\n{}", tail.join("\n"))
            }
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == what.bin)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| {
            format!(
                "cargo built package {} but named no `{}` binary",
                what.package, what.bin
            )
        })
}
