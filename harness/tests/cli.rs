//! The command line of `cargo harness`, from the outside: every command
//! and subcommand answers `--help` with usage on stdout and exit 0, errors
//! name the bad argument and exit 2, and a reader that closes the pipe
//! early ends the output quietly. Nothing here grades or verifies anything,
//! so each run takes milliseconds.

use std::io::Read;
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn harness() -> Command {
    let mut command = Command::cargo_bin("harness").expect("the harness binary");
    command.timeout(Duration::from_secs(20));
    command
}

#[test]
fn help_works_on_every_command_and_exits_0() {
    let mut cases = vec![
        (&["--help"][..], "grade"),
        (&["help"], "progress"),
        (&["progress", "--help"], "Usage: cargo harness progress"),
        (&["grade", "--help"], "--timeout"),
        (&["grade", "-h"], "gradescope"),
        (&["help", "grade"], "--repeat"),
        (&["completions", "--help"], "bash"),
    ];
    if cfg!(feature = "maintainer") {
        cases.extend([
            (&["-h"][..], "verify"),
            (&["verify", "--help"], "--lesson"),
            (&["verify", "-h"], "--quiz"),
            (&["snapshots", "--help"], "--record"),
        ]);
    }
    for (args, mentions) in cases {
        harness()
            .args(args)
            .assert()
            .code(0)
            .stdout(contains(mentions))
            .stderr(predicate::str::is_empty());
    }
}

#[test]
fn version_prints_the_package_version() {
    harness()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_command_shows_the_usage_and_exits_2() {
    harness()
        .assert()
        .code(2)
        .stderr(contains("Usage: cargo harness"));
}

#[test]
fn a_misspelt_option_is_named_with_a_suggestion() {
    harness()
        .args(["grade", "--tiemout", "5"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(contains("'--tiemout'"))
        .stderr(contains("--timeout"));
}

#[test]
fn a_misspelt_command_is_named_with_a_suggestion() {
    harness()
        .arg("grdae")
        .assert()
        .code(2)
        .stderr(contains("'grdae'"))
        .stderr(contains("grade"));
}

#[test]
fn bad_values_and_combinations_exit_2_naming_them() {
    harness()
        .args(["grade", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(contains("xml"))
        .stderr(contains("gradescope"));
}

#[cfg(feature = "maintainer")]
#[test]
fn bad_maintainer_options_exit_2_naming_them() {
    harness()
        .args(["verify", "--lesson", "9"])
        .assert()
        .code(2)
        .stderr(contains("--lesson"));
    harness()
        .args(["verify", "--quest", "--quiz"])
        .assert()
        .code(2)
        .stderr(contains("--quiz"))
        .stderr(contains("--quest"));
    harness()
        .arg("snapshots")
        .assert()
        .code(2)
        .stderr(contains("--record"));
}

#[test]
fn an_unknown_check_is_refused_with_the_ids_that_exist() {
    harness()
        .args(["grade", "--list", "--only", "server-nope"])
        .assert()
        .code(2)
        .stderr(contains("--only server-nope: no such check"))
        .stderr(contains("server-head"));
}

#[test]
fn list_shows_every_check_with_its_points() {
    harness()
        .args(["grade", "--list", "--only", "server-head", "client"])
        .assert()
        .code(0)
        .stdout(contains("server-head"))
        .stdout(contains("client-chunked"))
        .stdout(contains("server-keep-alive").not());
}

#[test]
fn completions_are_a_script_for_the_shell() {
    harness()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(contains("complete"))
        .stdout(contains("--timeout"));
}

/// Runs the harness with `args` and its stdout a pipe whose reading end
/// is closed at once, before the harness writes: every write then fails
/// with `EPIPE` (Rust ignores `SIGPIPE`), which `println!` would turn into
/// a panic. Returns the exit code and stderr.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Process::new(env!("CARGO_BIN_EXE_harness"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the harness starts");
    drop(child.stdout.take());
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("stderr reads");
    }
    let status = child.wait().expect("the harness ends");
    (status.code(), stderr)
}

#[test]
fn a_closed_stdout_pipe_ends_the_output_quietly() {
    for args in [
        &["completions", "bash"][..],
        &["grade", "--list"],
        &["--help"],
        &["grade", "--help"],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
