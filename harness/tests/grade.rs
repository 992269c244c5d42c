//! The grader graded: `cargo harness grade` against deliberately broken
//! programs (the fakes in `harness/fakes/`), and against `/bin/false`.
//!
//! Whatever the program does, the grade must finish in bounded time, give
//! every check a verdict with a reason, exit 0 with a score, and leave no
//! process behind: afterwards `/proc` is searched for any living process
//! whose command line or executable is in that grade's sandbox folder.
//! And a hostile program's attacks must all fail.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const HARNESS: &str = env!("CARGO_BIN_EXE_harness");

/// A budget of 2 s per check keeps the broken programs' grades short.
const TIMEOUT: &str = "2";

/// What one grade run left behind.
struct Graded {
    exit: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// The harness's process id: every program it ran lives in its
    /// sandbox folder, `harness-grade-PID-…`.
    pid: u32,
}

impl Graded {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

fn unique_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "grade-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs `harness grade ARGS…` in the working directory `cwd` with extra
/// environment `env`, for at most two minutes.
fn grade_in(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Graded {
    let started = Instant::now();
    let dir = std::env::temp_dir().join(unique_name());
    std::fs::create_dir_all(&dir).expect("a folder for the output");
    let stdout = std::fs::File::create(dir.join("stdout")).expect("a file");
    let stderr = std::fs::File::create(dir.join("stderr")).expect("a file");
    let mut child = Command::new(HARNESS)
        .arg("grade")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the harness binary runs");
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the grade itself hung; stderr:\n{}",
                std::fs::read_to_string(dir.join("stderr")).unwrap_or_default()
            );
        }
        thread::sleep(Duration::from_millis(20));
    };
    let graded = Graded {
        exit: status.code(),
        stdout: std::fs::read_to_string(dir.join("stdout")).unwrap_or_default(),
        stderr: std::fs::read_to_string(dir.join("stderr")).unwrap_or_default(),
        elapsed: started.elapsed(),
        pid: child.id(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    graded
}

/// Runs `harness grade ARGS…` here.
fn grade(args: &[&str]) -> Graded {
    grade_in(Path::new("."), &[], args)
}

/// Living processes that the grade with process id `pid` started: their
/// command line or executable is in its sandbox folder. (The sandbox
/// clears the environment, so a marker there would not be inherited.)
fn processes_of_grade(pid: u32) -> Vec<String> {
    let needle = format!("harness-grade-{pid}-");
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
        .filter_map(|e| {
            let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            let exe = std::fs::read_link(e.path().join("exe")).unwrap_or_default();
            (cmdline.contains(&needle) || exe.to_string_lossy().contains(&needle))
                .then(|| format!("pid {} ({cmdline})", e.file_name().to_string_lossy()))
        })
        .collect()
}

/// Asserts that nothing the grade started is still alive (SIGKILL is
/// delivered at once but a process takes a moment to disappear).
fn assert_nothing_left(graded: &Graded) {
    let started = Instant::now();
    loop {
        let left = processes_of_grade(graded.pid);
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
    let dir = std::env::temp_dir().join(unique_name());
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
fn a_missing_binary_is_still_a_report_with_score_0() {
    let graded = grade(&["--quest", "/no/such/quest", "--format", "classroom"]);
    assert_eq!(
        graded.exit,
        Some(0),
        "a report was written: {}",
        graded.stderr
    );
    let value = graded.json();
    assert_eq!(value["status"], "error");
    assert!(
        value["tests"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot grade /no/such/quest")),
        "{value:#}"
    );
}

#[test]
fn usage_errors_and_an_unwritable_out_exit_2_before_grading() {
    let graded = grade(&["--quest", "/bin/false", "--only", "server-nope"]);
    assert_eq!(graded.exit, Some(2));
    assert!(graded.stderr.contains("server-nope"), "{}", graded.stderr);

    let graded = grade(&["--format", "xml"]);
    assert_eq!(graded.exit, Some(2));
    assert!(graded.stderr.contains("--format"), "{}", graded.stderr);

    let graded = grade(&[
        "--quest",
        "/bin/false",
        "--out",
        "/no/such/folder/results.json",
    ]);
    assert_eq!(graded.exit, Some(2));
    assert!(
        graded.stderr.contains("cannot write there"),
        "{}",
        graded.stderr
    );
    assert!(
        graded.elapsed < Duration::from_secs(5),
        "refused before grading, not after: {:?}",
        graded.elapsed
    );
}

#[test]
fn a_submission_that_does_not_build_gets_the_compiler_error_in_its_report() {
    let dir = std::env::temp_dir().join(unique_name());
    let quest = dir.join("repo/quest");
    std::fs::create_dir_all(quest.join("src")).expect("folders");
    std::fs::write(
        dir.join("repo/Cargo.toml"),
        "[workspace]\nmembers = [\"quest\"]\nresolver = \"3\"\n",
    )
    .expect("written");
    std::fs::write(
        quest.join("Cargo.toml"),
        "[package]\nname = \"quest\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    )
    .expect("written");
    std::fs::write(
        quest.join("src/main.rs"),
        "fn main() { let x: u32 = \"no\"; }\n",
    )
    .expect("written");
    // A stale binary from an earlier build must not be graded.
    std::fs::create_dir_all(dir.join("repo/target/release")).expect("folders");
    std::fs::copy("/bin/true", dir.join("repo/target/release/quest")).expect("copied");
    let out = dir.join("results.json");
    let graded = grade(&[
        "--submission",
        dir.to_str().expect("utf-8"),
        "--format",
        "gradescope",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(graded.exit, Some(0), "{}", graded.stderr);
    let value: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("valid JSON");
    assert_eq!(value["score"], 0);
    let output = value["output"].as_str().unwrap_or_default();
    assert!(output.contains("mismatched types"), "{output}");
    // Every check is listed, each at zero: the student sees what was not graded.
    assert_eq!(
        value["tests"].as_array().map(Vec::len),
        Some(harness::grade::checks::catalogue().len())
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn checks_after_the_deadline_are_not_run() {
    let graded = grade(&[
        "--quest",
        env!("CARGO_BIN_EXE_fake-never-listens"),
        "--only",
        "server-starts,server-head,server-not-found",
        "--deadline",
        "1",
        "--format",
        "json",
    ]);
    let report = graded.json();
    // The first check starts within the deadline and uses it up.
    assert!(reason(&report, "server-head").contains("not run: deadline"));
    assert!(reason(&report, "server-not-found").contains("not run: deadline"));
    assert!(
        graded.elapsed < Duration::from_secs(15),
        "{:?}",
        graded.elapsed
    );
}

/// Whether this test runs as root: the sandbox's user switch and private
/// `/tmp` are for a grader run as root.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn a_hostile_program_steals_nothing_writes_nothing_and_forges_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let base = std::env::temp_dir().join(unique_name());
    // The instructor's checkout (the grader's working directory), with a
    // decoy of the reference's source, and a home with a decoy key: both
    // closed to other users, as real ones are.
    let checkout = base.join("checkout");
    let home = base.join("home");
    std::fs::create_dir_all(checkout.join("solutions/quest/src")).expect("folders");
    std::fs::create_dir_all(home.join(".ssh")).expect("folders");
    std::fs::write(
        checkout.join("solutions/quest/src/main.rs"),
        "REFERENCE-DECOY-7431",
    )
    .expect("written");
    std::fs::write(home.join(".ssh/id_rsa"), "KEY-DECOY-7431").expect("written");
    for dir in [&base, &checkout, &home] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    }
    let _ = std::fs::remove_file("/tmp/harness-hostile-was-here");
    let graded = grade_in(
        &checkout,
        &[
            ("HOME", home.to_str().expect("utf-8")),
            ("GRADER_TOKEN", "TOKEN-DECOY-7431"),
        ],
        &[
            "--quest",
            env!("CARGO_BIN_EXE_fake-hostile"),
            "--timeout",
            TIMEOUT,
            "--only",
            FIRST_CHECKS,
            "--format",
            "json",
            "--out",
            "results.json",
        ],
    );
    assert_eq!(graded.exit, Some(0), "{}", graded.stderr);
    // A detached copy would rewrite the file for ten seconds: give it the
    // time to show itself.
    thread::sleep(Duration::from_millis(1500));
    assert_nothing_left(&graded);
    let written = std::fs::read_to_string(checkout.join("results.json")).expect("results");
    let report: Value = serde_json::from_str(&written).expect("the grader's own JSON");
    assert_eq!(report["score"], 0, "{report:#}");
    assert_eq!(report["checks"].as_array().map(Vec::len), Some(9));
    // Its own environment is the sandbox's, wherever it runs.
    assert!(!written.contains("own env GRADER_TOKEN"), "{written}");
    assert!(
        written.contains("own env HOME="),
        "the program's words are quoted: {written}"
    );
    if is_root() {
        // As another user it can reach none of the grader's things.
        for decoy in ["TOKEN-DECOY-7431", "KEY-DECOY-7431", "REFERENCE-DECOY-7431"] {
            assert!(!written.contains(decoy), "{decoy} leaked: {written}");
            assert!(
                !graded.stdout.contains(decoy),
                "{decoy} leaked: {}",
                graded.stdout
            );
        }
        assert!(!checkout.join("HOSTILE-WAS-HERE").exists());
        assert!(!Path::new("/tmp/harness-hostile-was-here").exists());
    }
    let _ = std::fs::remove_dir_all(base);
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
