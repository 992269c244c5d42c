//! The grader graded: `cargo harness grade` against deliberately broken
//! programs (the fakes in `harness/fakes/`), and against `/bin/false`.
//!
//! Whatever the program does, the grade must finish in bounded time, give
//! every check a verdict with a reason, exit 0 with a score, and leave no
//! process behind. Each run marks its programs with a unique environment
//! variable, which every child inherits, and afterwards searches `/proc`
//! for any living process that still carries it.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use course::process::run_with_deadline;
use serde_json::Value;

const HARNESS: &str = env!("CARGO_BIN_EXE_harness");
const TOKEN_VAR: &str = "HARNESS_TEST_TOKEN";

/// A budget of 2 s per check keeps the broken programs' grades short.
const TIMEOUT: &str = "2";

/// What one grade run left behind.
struct Graded {
    exit: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    token: String,
}

impl Graded {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

fn unique_token() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "grade-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs `harness grade ARGS…` with a unique token in its environment.
fn grade(args: &[&str]) -> Graded {
    let token = unique_token();
    let started = Instant::now();
    let finished = run_with_deadline(
        Command::new(HARNESS)
            .arg("grade")
            .args(args)
            .env(TOKEN_VAR, &token),
        Duration::from_secs(120),
    )
    .expect("the harness binary runs");
    assert!(
        !finished.timed_out(),
        "the grade itself hung; stderr:\n{}",
        finished.stderr
    );
    Graded {
        exit: finished.status.and_then(|s| s.code()),
        stdout: finished.stdout,
        stderr: finished.stderr,
        elapsed: started.elapsed(),
        token,
    }
}

/// Living processes whose environment carries `token`.
fn processes_carrying(token: &str) -> Vec<String> {
    let needle = format!("{TOKEN_VAR}={token}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|e| {
            // Zombies have exited already; they only wait to be reaped.
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|s| s.split_whitespace().next());
            state != Some("Z")
        })
        .filter(|e| {
            std::fs::read(e.path().join("environ"))
                .map(|env| env.split(|&b| b == 0).any(|var| var == needle.as_bytes()))
                .unwrap_or(false)
        })
        .map(|e| {
            let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            format!(
                "pid {} ({})",
                e.file_name().to_string_lossy(),
                String::from_utf8_lossy(&cmdline).replace('\0', " ")
            )
        })
        .collect()
}

/// Asserts that nothing the grade started is still alive (SIGKILL is
/// delivered at once but a process takes a moment to disappear).
fn assert_nothing_left(graded: &Graded) {
    let started = Instant::now();
    loop {
        let left = processes_carrying(&graded.token);
        if left.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the grade left processes behind: {left:?}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// The first checks of each kind, which a broken program is graded on when
/// grading it on the whole catalogue would only repeat the same failure
/// (a program that never listens costs a start-up wait per server check).
const FIRST_CHECKS: &str = "server-starts,server-get-page,server-head,server-not-found,\
server-byte-at-a-time,client-content-length,client-request-bytes,client-chunked,\
client-malformed-response";

/// Which checks a broken program is graded on.
#[derive(Clone, Copy)]
enum Checks {
    /// The whole catalogue: for programs that fail fast.
    All,
    /// [`FIRST_CHECKS`].
    First,
}

/// Grades a program that earns nothing and asserts the common promises:
/// a JSON report, score 0, a reason for every check, bounded time, no
/// process left.
fn grade_broken(quest: &str, checks: Checks) -> Value {
    let mut args = vec!["--quest", quest, "--timeout", TIMEOUT, "--format", "json"];
    if let Checks::First = checks {
        args.extend(["--only", FIRST_CHECKS]);
    }
    let graded = grade(&args);
    assert_eq!(
        graded.exit,
        Some(0),
        "a grade that ran exits 0 whatever the score; stderr:\n{}",
        graded.stderr
    );
    let report = graded.json();
    let checks = report["checks"].as_array().expect("checks array");
    assert!(!checks.is_empty());
    // Each check may use its budget plus the grace period, never more.
    let bound = Duration::from_secs(5 * checks.len() as u64 + 10);
    assert!(
        graded.elapsed < bound,
        "grading {quest} took {:?} (bound {bound:?})",
        graded.elapsed
    );
    assert_eq!(report["score"], 0, "{quest} must score 0: {report:#}");
    for check in checks {
        assert_eq!(check["passed"], false, "{check:#}");
        let reason = check["reason"].as_str().unwrap_or_default();
        assert!(reason.len() > 10, "every failure needs a reason: {check:#}");
        assert!(
            check["revisit"].as_str().is_some_and(|r| !r.is_empty()),
            "{check:#}"
        );
    }
    assert_nothing_left(&graded);
    report
}

fn reason(report: &Value, id: &str) -> String {
    report["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == id))
        .and_then(|c| c["reason"].as_str())
        .unwrap_or_else(|| panic!("no reason for {id} in {report:#}"))
        .to_owned()
}

#[test]
fn bin_false_scores_zero_with_reasons() {
    let report = grade_broken("/bin/false", Checks::All);
    let why = reason(&report, "server-starts");
    assert!(why.contains("exited"), "{why}");
    let why = reason(&report, "client-content-length");
    assert!(why.contains("exit"), "{why}");
}

#[test]
fn a_server_that_never_prints_its_listening_line_scores_zero() {
    let report = grade_broken(env!("CARGO_BIN_EXE_fake-never-listens"), Checks::First);
    let why = reason(&report, "server-starts");
    assert!(why.contains("printed no `listening on"), "{why}");
    assert!(
        why.contains("warming up"),
        "the stderr tail is quoted: {why}"
    );
    let why = reason(&report, "client-content-length");
    assert!(why.contains("did not finish"), "{why}");
}

#[test]
fn a_program_that_hangs_after_accepting_scores_zero() {
    let report = grade_broken(env!("CARGO_BIN_EXE_fake-hangs"), Checks::First);
    let why = reason(&report, "server-get-page");
    assert!(why.contains("no valid response"), "{why}");
    let why = reason(&report, "client-chunked");
    assert!(why.contains("did not finish"), "{why}");
}

#[test]
fn a_program_that_crashes_scores_zero() {
    let report = grade_broken(env!("CARGO_BIN_EXE_fake-crashes"), Checks::All);
    let why = reason(&report, "server-get-page");
    assert!(
        why.contains("the server exited") && why.contains("fake: crashed while serving"),
        "the crash and its panic message are reported: {why}"
    );
    let why = reason(&report, "client-malformed-response");
    assert!(why.contains("crashed"), "{why}");
}

#[test]
fn a_program_that_forks_a_lingering_child_scores_zero_and_the_child_dies() {
    let report = grade_broken(env!("CARGO_BIN_EXE_fake-forks"), Checks::First);
    let why = reason(&report, "client-content-length");
    assert!(why.contains("stdout should be exactly"), "{why}");
}

#[test]
fn a_program_that_answers_garbage_scores_zero() {
    let report = grade_broken(env!("CARGO_BIN_EXE_fake-garbage"), Checks::All);
    let why = reason(&report, "server-get-page");
    assert!(why.contains("no valid response"), "{why}");
    let why = reason(&report, "client-content-length");
    assert!(why.contains("stdout should be exactly"), "{why}");
}

#[test]
fn a_simple_working_program_passes_the_checks_it_can() {
    let graded = grade(&[
        "--quest",
        env!("CARGO_BIN_EXE_fake-simple"),
        "--timeout",
        "5",
        "--only",
        FIRST_CHECKS,
    ]);
    assert_eq!(graded.exit, Some(0), "{}", graded.stderr);
    let last = graded.stdout.lines().last().unwrap_or_default().to_owned();
    let lines: Vec<&str> = graded.stdout.lines().collect();
    for id in [
        "server-starts",
        "server-get-page",
        "server-head",
        "server-not-found",
        "server-byte-at-a-time",
        "client-content-length",
        "client-request-bytes",
        "client-chunked",
        "client-malformed-response",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("PASS") && l.contains(id)),
            "{id} should pass on the simple fake:\n{}",
            graded.stdout
        );
    }
    assert!(last.starts_with("score: "), "{}", graded.stdout);
    assert!(graded.stdout.contains("server: "), "{}", graded.stdout);
    assert_nothing_left(&graded);
}

#[test]
fn gradescope_output_has_the_fields_gradescope_reads() {
    let dir = std::env::temp_dir().join(unique_token());
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("results.json");
    let graded = grade(&[
        "--quest",
        "/bin/false",
        "--only",
        "server-starts",
        "client-chunked",
        "--format",
        "gradescope",
        "--out",
        out.to_str().expect("utf-8 temp path"),
    ]);
    assert_eq!(graded.exit, Some(0), "{}", graded.stderr);
    assert!(
        graded.stdout.lines().last() == Some("score: 0/5"),
        "the score still prints: {}",
        graded.stdout
    );
    let text = std::fs::read_to_string(&out).expect("results.json written");
    let value: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["score"], 0);
    let tests = value["tests"].as_array().expect("tests array");
    assert_eq!(tests.len(), 2);
    for test in tests {
        for field in harness::grade::report::GRADESCOPE_TEST_FIELDS {
            assert!(test.get(field).is_some(), "missing {field}: {test:#}");
        }
        assert_eq!(test["status"], "failed");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn classroom_output_is_a_runner_result() {
    let graded = grade(&[
        "--quest",
        "/bin/false",
        "--only",
        "client",
        "--format",
        "classroom",
        "--timeout",
        TIMEOUT,
    ]);
    let value = graded.json();
    assert_eq!(value["version"], 1);
    assert_eq!(value["status"], "fail");
    assert!(value["max_score"].as_u64().is_some_and(|m| m > 0));
    for test in value["tests"].as_array().expect("tests array") {
        assert_eq!(test["status"], "fail");
        assert!(
            test["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("client-"))
        );
        assert!(test["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[test]
fn grading_nothing_gets_a_clear_error_and_exit_2() {
    let graded = grade(&["--quest", "/no/such/quest"]);
    assert_eq!(graded.exit, Some(2));
    assert!(
        graded.stderr.contains("cannot grade /no/such/quest"),
        "{}",
        graded.stderr
    );

    let graded = grade(&["--quest", "/bin/false", "--only", "server-nope"]);
    assert_eq!(graded.exit, Some(2));
    assert!(graded.stderr.contains("server-nope"), "{}", graded.stderr);

    let graded = grade(&["--format", "xml"]);
    assert_eq!(graded.exit, Some(2));
    assert!(graded.stderr.contains("--format"), "{}", graded.stderr);
}

#[test]
fn list_names_every_check_with_points() {
    let graded = grade(&["--list"]);
    assert_eq!(graded.exit, Some(0));
    assert!(graded.stdout.contains("server-starts"), "{}", graded.stdout);
    assert!(
        graded.stdout.contains("client-chunked"),
        "{}",
        graded.stdout
    );
    assert!(
        graded
            .stdout
            .lines()
            .last()
            .is_some_and(|l| l.ends_with("points")),
        "{}",
        graded.stdout
    );
    assert!(Path::new(HARNESS).exists());
}
