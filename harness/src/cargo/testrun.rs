//! Building a package's tests and reading the outcome of every single test.
//!
//! `cargo test` prints a human summary, but the harness needs facts per
//! test: `verify` must name each test that passes on a stub, and `progress`
//! counts tests per lesson. So the work is split in three steps:
//!
//! 1. `cargo test -p PKG --no-run --message-format=json-render-diagnostics`
//!    compiles the test executables and lists them as JSON; a compile error
//!    ends here as [`PackageRun::DidNotCompile`] with cargo's diagnostics.
//! 2. Each executable is asked for its tests with `--list --format terse`
//!    (lines like `parses_defaults: test`), so a test that never reports back
//!    – the binary crashed or ran out of time – is still counted.
//! 3. Each executable runs its tests; libtest prints `test NAME ... ok` or
//!    `... FAILED` per test, and the panic message of each failure.
//!
//! Doc-tests are not part of this picture: the exercise crates switch them
//! off, and `cargo test` runs the solutions' doc-tests anyway.
//!
//! The results come in the order a student meets them, so that "the first
//! failing test" is the first thing to work on: test files in the order the
//! package's `[package.metadata.harness] order = ["fields", "head", …]`
//! gives (alphabetical without it), and tests within a file in the order
//! they are written (libtest itself sorts them by name).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::cargo::workspace::Workspace;
use course::process::run_with_deadline;

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// libtest printed `ok`.
    Passed,
    /// libtest printed `FAILED`; `message` is the panic message (or the
    /// first lines of the test's output when no panic message was found).
    Failed {
        /// The reason, as short as the test's panic message allows.
        message: String,
    },
    /// The test is `#[ignore]`d.
    Ignored,
    /// The test never reported: its binary crashed or ran out of time.
    NoResult {
        /// What happened to the binary.
        reason: String,
    },
}

/// The outcome of one test, named as `cargo test` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test target: `request_shape` for `tests/request_shape.rs`,
    /// the package's lib name for unit tests in `src/`.
    pub target: String,
    /// The test's path inside the target, e.g. `parses_defaults`.
    pub name: String,
    /// How it ended.
    pub outcome: Outcome,
}

impl TestResult {
    /// `target::name`, unique within a package.
    pub fn id(&self) -> String {
        format!("{}::{}", self.target, self.name)
    }

    /// True for [`Outcome::Passed`].
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }
}

/// What running a package's tests produced.
#[derive(Debug, Clone)]
pub enum PackageRun {
    /// The package or its tests do not compile.
    DidNotCompile {
        /// cargo's diagnostics (errors only, trimmed to a readable length).
        errors: String,
    },
    /// Every test of every test executable, in a stable order.
    Ran {
        /// One entry per test.
        tests: Vec<TestResult>,
    },
}

impl PackageRun {
    /// The tests, or an empty slice when nothing compiled.
    pub fn tests(&self) -> &[TestResult] {
        match self {
            PackageRun::DidNotCompile { .. } => &[],
            PackageRun::Ran { tests } => tests,
        }
    }

    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.tests().iter().filter(|test| test.passed()).count()
    }
}

/// A test executable that cargo built.
#[derive(Debug, Clone)]
struct Executable {
    target: String,
    path: PathBuf,
    /// The package folder: cargo runs tests there, and so do we.
    package_dir: PathBuf,
    /// The target's root source file, to put its tests in written order.
    source: PathBuf,
}

/// Builds and runs every test of `package`; each executable gets `limit`.
///
/// # Errors
///
/// Fails only when cargo or a test executable cannot be started at all;
/// compile errors and failing tests are results, not errors.
pub fn run_package_tests(
    workspace: &Workspace,
    package: &str,
    limit: Duration,
) -> io::Result<PackageRun> {
    let executables = match build(workspace, package)? {
        Built::Executables(executables) => executables,
        Built::DidNotCompile(errors) => return Ok(PackageRun::DidNotCompile { errors }),
    };
    let mut tests = Vec::new();
    for executable in &executables {
        let mut results = run_executable(executable, limit)?;
        sort_by_source_order(&mut results, &executable.source);
        tests.extend(results);
    }
    Ok(PackageRun::Ran { tests })
}

/// What compiling a package's tests gave: a compile error is an outcome
/// for the student to see, not an error of the harness.
enum Built {
    /// The test executables, in the package's preferred order.
    Executables(Vec<Executable>),
    /// The compiler's errors, shortened.
    DidNotCompile(String),
}

/// Step 1: compile, and collect the test executables cargo reports.
///
/// # Errors
///
/// cargo cannot be started.
fn build(workspace: &Workspace, package: &str) -> io::Result<Built> {
    let output = workspace
        .cargo()
        .args([
            "test",
            "--no-run",
            "--message-format=json-render-diagnostics",
            "-p",
            package,
        ])
        .output()?;
    if !output.status.success() {
        return Ok(Built::DidNotCompile(compile_errors(
            &String::from_utf8_lossy(&output.stderr),
        )));
    }
    let mut executables = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some(executable) = test_executable(line) {
            executables.push(executable);
        }
    }
    let order = executables
        .first()
        .map(|executable| target_order(&executable.package_dir))
        .unwrap_or_default();
    executables.sort_by_key(|executable| {
        let rank = order.iter().position(|name| *name == executable.target);
        (rank.unwrap_or(order.len()), executable.target.clone())
    });
    Ok(Built::Executables(executables))
}

/// The test-file order a package asks for in its manifest:
///
/// ```toml
/// [package.metadata.harness]
/// order = ["fields", "head", "body_length", "chunked"]
/// ```
///
/// Only that one line is read, so no TOML parser is needed; a package
/// without it gets an empty list (alphabetical order).
fn target_order(package_dir: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(package_dir.join("Cargo.toml")).unwrap_or_default();
    let mut in_section = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[package.metadata.harness]";
        } else if let Some(list) = line.strip_prefix("order").filter(|_| in_section) {
            return list
                .trim_start()
                .trim_start_matches('=')
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|name| name.trim().trim_matches('"').to_string())
                .filter(|name| !name.is_empty())
                .collect();
        }
    }
    Vec::new()
}

/// Puts tests in the order their `fn` appears in `source`; tests that cannot
/// be found there (in other modules, generated by macros) keep their
/// alphabetical place after the ones that can.
fn sort_by_source_order(tests: &mut [TestResult], source: &Path) {
    let text = std::fs::read_to_string(source).unwrap_or_default();
    tests.sort_by_cached_key(|test| {
        let function = test.name.rsplit("::").next().unwrap_or(&test.name);
        text.find(&format!("fn {function}(")).unwrap_or(usize::MAX)
    });
}

/// Reads one line of cargo's JSON messages; keeps test executables only.
fn test_executable(line: &str) -> Option<Executable> {
    let message: serde_json::Value = serde_json::from_str(line).ok()?;
    if message["reason"] != "compiler-artifact" || message["profile"]["test"] != true {
        return None;
    }
    let path = PathBuf::from(message["executable"].as_str()?);
    let target = message["target"]["name"].as_str()?.to_string();
    let package_dir = Path::new(message["manifest_path"].as_str()?)
        .parent()?
        .to_path_buf();
    let source = PathBuf::from(message["target"]["src_path"].as_str()?);
    Some(Executable {
        target,
        path,
        package_dir,
        source,
    })
}

/// Keeps the `error…` blocks of cargo's rendered diagnostics, at most 40 lines.
fn compile_errors(stderr: &str) -> String {
    let mut kept = Vec::new();
    let mut in_error = false;
    for line in stderr.lines() {
        if line.starts_with("error") {
            in_error = true;
        } else if line.starts_with("warning") || line.trim_start().starts_with("Compiling") {
            in_error = false;
        }
        if in_error {
            kept.push(line);
        }
    }
    if kept.is_empty() {
        kept = stderr.lines().rev().take(10).collect();
        kept.reverse();
    }
    kept.truncate(40);
    kept.join("\n")
}

/// Steps 2 and 3 for one executable.
fn run_executable(executable: &Executable, limit: Duration) -> io::Result<Vec<TestResult>> {
    let listing = run_with_deadline(
        test_command(executable).args(["--list", "--format", "terse"]),
        limit,
    )?;
    let names: Vec<String> = listing
        .stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        return Ok(Vec::new());
    }

    let run = run_with_deadline(&mut test_command(executable), limit)?;
    let mut outcomes = parse_outcomes(&run.stdout);
    let missing = if run.timed_out() {
        format!(
            "the tests ran longer than {}s and were stopped",
            limit.as_secs()
        )
    } else {
        format!(
            "the test binary ended without reporting this test ({})",
            run.status
                .map(|status| status.to_string())
                .unwrap_or_default()
        )
    };
    Ok(names
        .into_iter()
        .map(|name| {
            let outcome = outcomes.remove(&name).unwrap_or_else(|| Outcome::NoResult {
                reason: missing.clone(),
            });
            TestResult {
                target: executable.target.clone(),
                name,
                outcome,
            }
        })
        .collect())
}

fn test_command(executable: &Executable) -> Command {
    let mut command = Command::new(&executable.path);
    command
        .current_dir(&executable.package_dir)
        // Panic messages without backtraces: they are what the student reads.
        .env("RUST_BACKTRACE", "0");
    command
}

/// Reads libtest's human output: one outcome per `test NAME ... RESULT` line,
/// with the panic message of each failure from its `---- NAME stdout ----`
/// section.
pub fn parse_outcomes(stdout: &str) -> BTreeMap<String, Outcome> {
    let mut outcomes = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, result)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let outcome = match result {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed {
                message: failure_message(stdout, name),
            },
            other if other.starts_with("ignored") => Outcome::Ignored,
            _ => continue,
        };
        outcomes.insert(name.to_string(), outcome);
    }
    outcomes
}

/// The panic message of `name` from libtest's failure sections:
///
/// ```text
/// ---- parses_defaults stdout ----
///
/// thread 'parses_defaults' (1234) panicked at src/lib.rs:10:5:
/// not yet implemented: lesson 01: parse_url("http://example.com")
/// note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
/// ```
fn failure_message(stdout: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----");
    let Some(start) = stdout.find(&header) else {
        return "failed (no output captured)".to_string();
    };
    let section = &stdout[start + header.len()..];
    let section = section.split("\n---- ").next().unwrap_or(section);
    let section = section.split("\nfailures:").next().unwrap_or(section);
    let mut lines = section
        .lines()
        .skip_while(|line| !line.contains("panicked at"));
    let message: Vec<&str> = match lines.next() {
        Some(_) => lines
            .take_while(|line| !line.starts_with("note: ") && !line.starts_with("stack backtrace:"))
            .collect(),
        None => section
            .lines()
            .filter(|line| !line.trim().is_empty())
            .take(5)
            .collect(),
    };
    let message = message.join("\n").trim().to_string();
    if message.is_empty() {
        "failed (no panic message)".to_string()
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIBTEST_OUTPUT: &str = "
running 3 tests
test parses_defaults ... FAILED
test keeps_query ... ok
test slow_one ... ignored, needs a network

failures:

---- parses_defaults stdout ----

thread 'parses_defaults' (4242) panicked at src/lib.rs:10:5:
not yet implemented: lesson 01: parse_url(\"http://example.com\")
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    parses_defaults

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn reads_each_outcome_and_the_panic_message() {
        let outcomes = parse_outcomes(LIBTEST_OUTPUT);
        assert_eq!(outcomes.len(), 3);
        assert_eq!(outcomes["keeps_query"], Outcome::Passed);
        assert_eq!(outcomes["slow_one"], Outcome::Ignored);
        assert_eq!(
            outcomes["parses_defaults"],
            Outcome::Failed {
                message: "not yet implemented: lesson 01: parse_url(\"http://example.com\")"
                    .to_string()
            }
        );
    }

    #[test]
    fn keeps_multi_line_assertion_messages() {
        let output = "test a ... FAILED\n\nfailures:\n\n---- a stdout ----\n\nthread 'a' (1) panicked at tests/t.rs:3:5:\nassertion `left == right` failed: port\n  left: 8080\n right: 80\n\n\nfailures:\n    a\n";
        let outcomes = parse_outcomes(output);
        assert_eq!(
            outcomes["a"],
            Outcome::Failed {
                message: "assertion `left == right` failed: port\n  left: 8080\n right: 80"
                    .to_string()
            }
        );
    }

    #[test]
    fn keeps_only_error_blocks_of_compiler_output() {
        let stderr = "warning: unused variable\n  --> src/lib.rs:1\n   Compiling lesson01\nerror[E0308]: mismatched types\n  --> src/lib.rs:3:5\nerror: could not compile `lesson01`\n";
        assert_eq!(
            compile_errors(stderr),
            "error[E0308]: mismatched types\n  --> src/lib.rs:3:5\nerror: could not compile `lesson01`"
        );
    }

    #[test]
    fn test_files_follow_the_manifest_and_tests_their_written_order() {
        let dir = std::env::temp_dir().join(format!("harness-order-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"x\"\n\n[package.metadata.harness]\norder = [\"fields\", \"head\"]\n",
        )
        .expect("write manifest");
        assert_eq!(target_order(&dir), ["fields", "head"]);

        let source = dir.join("t.rs");
        std::fs::write(&source, "#[test]\nfn zebra() {}\n#[test]\nfn apple() {}\n").expect("write");
        let result = |name: &str| TestResult {
            target: "t".to_string(),
            name: name.to_string(),
            outcome: Outcome::Passed,
        };
        let mut tests = vec![result("apple"), result("not_in_source"), result("zebra")];
        sort_by_source_order(&mut tests, &source);
        let names: Vec<&str> = tests.iter().map(|test| test.name.as_str()).collect();
        assert_eq!(names, ["zebra", "apple", "not_in_source"]);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
