// The `redact` command-line tool, driven from the outside like the grader
// drives `quest`: arguments and stdin in; stdout, stderr and the exit code
// out (assert_cmd and predicates).
//
// Run them all with `cargo test -p lesson06`, one file with
// `cargo test -p lesson06 --test cli`.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

use lesson06::{Options, Rules, UsageError, parse_args};

/// The tool of the crate under test (`redact`, or `redact-solution` for the
/// reference), with a timeout so a tool that waits forever fails the test.
fn tool() -> Command {
    let mut cmd = Command::cargo_bin(lesson06::BIN).expect("the crate's binary is built");
    cmd.timeout(std::time::Duration::from_secs(5));
    cmd
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A file in the temporary directory, unique to this test process.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("lesson06-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("write a temporary file");
    path
}

const RAW: &str = "< Host: 127.0.0.1:40123\\r\\n\n< Date: Sun, 22 Nov 2026 01:24:00 GMT\\r\\n\n";

#[test]
fn parse_args_turns_options_off_and_takes_one_file() {
    assert_eq!(
        parse_args(&[]),
        Ok(Options {
            help: false,
            rules: Rules::ALL,
            input: None
        }),
        "no arguments: every rule on, read stdin"
    );
    assert_eq!(
        parse_args(&args(&["--keep-ports", "t.txt", "--keep-etags"])),
        Ok(Options {
            help: false,
            rules: Rules {
                ports: false,
                dates: true,
                etags: false
            },
            input: Some(PathBuf::from("t.txt"))
        }),
        "options and the file in any order; each --keep-… turns one rule off"
    );
    assert_eq!(
        parse_args(&args(&["-"])).map(|o| o.input),
        Ok(None),
        "'-' means stdin"
    );
    assert_eq!(
        parse_args(&args(&["--", "-odd-name"])).map(|o| o.input),
        Ok(Some(PathBuf::from("-odd-name"))),
        "after '--' an argument starting with '-' is a file name"
    );
    assert_eq!(
        parse_args(&args(&["a.txt", "b.txt"])),
        Err(UsageError::ExtraArgument("b.txt".into())),
        "a second file is a usage error"
    );
}

#[test]
fn stdin_is_printed_normalised() {
    tool()
        .write_stdin(RAW)
        .assert()
        .success()
        .stdout("< Host: 127.0.0.1:<port>\\r\\n\n< Date: <date>\\r\\n\n")
        .stderr("");
}

#[test]
fn a_file_argument_is_read_instead_of_stdin() {
    let path = temp_file("file-arg.txt", RAW);
    let assert = tool().arg(&path).write_stdin("ignored").assert();
    let _ = std::fs::remove_file(&path);
    assert
        .success()
        .stdout(predicate::str::contains("127.0.0.1:<port>"))
        .stdout(predicate::str::contains("ignored").not());
}

#[test]
fn keep_dates_leaves_the_date_alone() {
    tool()
        .arg("--keep-dates")
        .write_stdin(RAW)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Date: Sun, 22 Nov 2026 01:24:00 GMT",
        ))
        .stdout(predicate::str::contains("127.0.0.1:<port>"));
}

#[test]
fn an_unknown_option_exits_2_with_one_line_on_stderr() {
    tool()
        .arg("--frobnicate")
        .write_stdin(RAW)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown option '--frobnicate'"))
        .stderr(predicate::function(|err: &str| err.lines().count() == 1));
}

#[test]
fn a_missing_file_exits_2_naming_the_file() {
    tool()
        .arg("no-such-transcript.txt")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "cannot read no-such-transcript.txt",
        ))
        .stderr(predicate::function(|err: &str| err.lines().count() == 1));
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    tool()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("usage:"))
        .stdout(predicate::str::contains("--keep-dates"));
}
