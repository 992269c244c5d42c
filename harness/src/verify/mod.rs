//! `cargo harness verify`: the maintainer's proof that the course holds together.
//!
//! A test that passes on a stub teaches nothing, a solution that fails its
//! own lesson's tests teaches the wrong thing, and a changed snapshot quietly
//! changes the expected answer. `verify` checks, for every lesson that is in
//! the tree:
//!
//! * every test of the exercise crate **fails on the stubs** (a compile error
//!   of the stubs is a failure of verify, not a failing test);
//! * every test **passes on the solution**, and the solution runs the very
//!   same tests (same target and name) – proof that the include mechanism
//!   works;
//! * the snapshots match `exercises/snapshots.lock`, none is pending, and
//!   none lives under `solutions/`;
//!
//! then the quest (see [`quest`]: the reference scores full
//! marks, the starter zero, the brief's table matches the catalogue), the
//! quiz (its own tests are its validation: every question parses, ids are
//! unique, answers name options, section links resolve, every tracing
//! program prints its stated output, `quiz.md` is current), and, once for
//! the course, that every relative link in the Markdown resolves. Every
//! failure names the test or file at fault.

mod findings;
pub mod links;
pub mod quest;
pub mod variants;

pub use findings::Findings;

use std::collections::BTreeSet;
use std::io;
use std::time::Duration;

use crate::cargo::testrun::{Outcome, PackageRun, TestResult, run_package_tests};
use crate::cargo::workspace::Workspace;
use crate::snapshots;
use course::{LESSONS, Lesson, Presence};
use links::{check_links, course_markdown};

/// Which lessons to verify.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only these lesson numbers; all when empty.
    pub lessons: Vec<u8>,
    /// Verify the quest too: reference, starter, brief (the command line
    /// does; the harness's own tests on a mini course do not).
    pub quest: bool,
    /// Only the quest: no lessons, no quiz, no links.
    pub quest_only: bool,
    /// Verify the quiz too (the command line does; the harness's own tests
    /// on a mini course do not).
    pub quiz: bool,
    /// Only the quiz: no lessons, no quest, no links.
    pub quiz_only: bool,
    /// How long one test binary may run.
    pub limit: Duration,
    /// Where each finding goes as it is made (the command line prints it).
    pub echo: fn(&str),
}

/// Runs every check, handing each finding to `options.echo` as it comes.
///
/// # Errors
///
/// Fails only when cargo, a test binary or a file cannot be read or run.
pub fn run(workspace: &Workspace, options: &Options) -> io::Result<Findings> {
    let mut findings = Findings::new(options.echo);
    for lesson in LESSONS {
        if options.quest_only
            || options.quiz_only
            || (!options.lessons.is_empty() && !options.lessons.contains(&lesson.number))
        {
            continue;
        }
        findings.part(&format!("lesson {:02} – {}", lesson.number, lesson.title));
        match lesson.presence(workspace.root()) {
            Presence::NotYetWritten => {
                findings.note(format!(
                    "lesson {:02} is not written yet: skipped",
                    lesson.number
                ));
            }
            Presence::Incomplete { missing } => findings.fail(format!(
                "lesson {:02} is incomplete, missing: {}",
                lesson.number,
                missing.join(", ")
            )),
            Presence::Complete => verify_lesson(workspace, &lesson, options.limit, &mut findings)?,
        }
    }
    let everything = options.lessons.is_empty() && !options.quest_only && !options.quiz_only;
    if options.quest && (everything || options.quest_only) {
        findings.part("quest");
        quest::verify(workspace, &mut findings);
    }
    if options.quiz && (everything || options.quiz_only) {
        findings.part("quiz");
        verify_quiz(workspace, options.limit, &mut findings)?;
    }
    if everything {
        findings.part("course");
        verify_links(workspace, &mut findings)?;
    }
    Ok(findings)
}

fn verify_lesson(
    workspace: &Workspace,
    lesson: &Lesson,
    limit: Duration,
    findings: &mut Findings,
) -> io::Result<()> {
    let exercise = lesson.exercise_package();
    let solution = lesson.solution_package();

    let stub_run = run_package_tests(workspace, &exercise, limit)?;
    let stub_tests = verify_stubs(&exercise, lesson, &stub_run, findings);

    let solution_run = run_package_tests(workspace, &solution, limit)?;
    verify_solution(&solution, lesson, &solution_run, &stub_tests, findings);

    let integrity = snapshots::check(workspace.root(), &lesson.exercise_dir())?;
    if integrity.is_clean() {
        findings.ok(format!(
            "{exercise}: {} snapshots match {}, none pending",
            integrity.intact,
            snapshots::MANIFEST
        ));
    } else {
        for problem in integrity.problems() {
            findings.fail(format!("{exercise}: {problem}"));
        }
    }
    for stray in snapshots::stray_in(&workspace.root().join(lesson.solution_dir()))? {
        findings.fail(format!(
            "{solution}: snapshot file {stray} belongs in {}/tests/snapshots \
             (include the exercise's test file instead of copying it)",
            lesson.exercise_dir()
        ));
    }
    Ok(())
}

/// Every exercise test must fail on the stubs. Returns the ids of the
/// exercise's integration tests, which the solution must run too.
fn verify_stubs(
    package: &str,
    lesson: &Lesson,
    run: &PackageRun,
    findings: &mut Findings,
) -> BTreeSet<String> {
    let tests = match run {
        PackageRun::DidNotCompile { errors } => {
            findings.fail(format!(
                "{package}: the stubs do not compile – a stub must compile and fail its tests\n{errors}"
            ));
            return BTreeSet::new();
        }
        PackageRun::Ran { tests } => tests,
    };
    let lib_target = package.replace('-', "_");
    let mut ids = BTreeSet::new();
    let mut bad = 0;
    for test in tests {
        if test.target == lib_target {
            bad += 1;
            findings.fail(format!(
                "{package}: test {} lives in src/ – lesson tests belong in {}/tests/, \
                 where the solution runs them too",
                test.id(),
                lesson.exercise_dir()
            ));
            continue;
        }
        ids.insert(test.id());
        match &test.outcome {
            Outcome::Passed => {
                bad += 1;
                findings.fail(format!(
                    "{package}: test {} passes on the stubs – it must fail until the student \
                     writes the code",
                    test.id()
                ));
            }
            Outcome::Ignored => {
                bad += 1;
                findings.fail(format!(
                    "{package}: test {} is ignored – students would never see it",
                    test.id()
                ));
            }
            Outcome::Failed { .. } | Outcome::NoResult { .. } => {}
        }
    }
    if tests.is_empty() {
        findings.fail(format!("{package}: has no tests"));
    } else if bad == 0 {
        findings.ok(format!(
            "{package}: all {} tests fail on the stubs",
            tests.len()
        ));
    }
    ids
}

/// Every test must pass on the solution, and the solution must run exactly
/// the exercise's tests (plus any unit tests of its own).
fn verify_solution(
    package: &str,
    lesson: &Lesson,
    run: &PackageRun,
    stub_tests: &BTreeSet<String>,
    findings: &mut Findings,
) {
    let tests = match run {
        PackageRun::DidNotCompile { errors } => {
            findings.fail(format!("{package}: does not compile\n{errors}"));
            return;
        }
        PackageRun::Ran { tests } => tests,
    };
    let mut bad = 0;
    for test in tests.iter().filter(|test| !test.passed()) {
        bad += 1;
        findings.fail(format!(
            "{package}: test {} does not pass on the solution: {}",
            test.id(),
            failure_reason(test)
        ));
    }
    let solution_ids: BTreeSet<String> = tests.iter().map(TestResult::id).collect();
    for missing in stub_tests.difference(&solution_ids) {
        bad += 1;
        findings.fail(format!(
            "{package}: does not run {missing} – add solutions/{}/tests/<file>.rs that \
             include!s the exercise's test file",
            lesson.folder
        ));
    }
    if bad == 0 {
        findings.ok(format!(
            "{package}: all {} tests pass, including the {} the exercise runs",
            tests.len(),
            stub_tests.len()
        ));
    }
}

fn failure_reason(test: &TestResult) -> String {
    match &test.outcome {
        Outcome::Failed { message } => message.lines().next().unwrap_or_default().to_string(),
        Outcome::NoResult { reason } => reason.clone(),
        Outcome::Ignored => "ignored".to_string(),
        Outcome::Passed => String::new(),
    }
}

/// The quiz's package is `quiz`; its tests are the validation of the
/// questions, so verify runs them and names every one that fails, with its
/// message (a tracing program's wrong output, a broken section link).
fn verify_quiz(workspace: &Workspace, limit: Duration, findings: &mut Findings) -> io::Result<()> {
    if !workspace.root().join("quiz/Cargo.toml").exists() {
        findings.note("the quiz is not written yet: skipped".to_string());
        return Ok(());
    }
    let tests = match run_package_tests(workspace, "quiz", limit)? {
        PackageRun::DidNotCompile { errors } => {
            findings.fail(format!("quiz: does not compile\n{errors}"));
            return Ok(());
        }
        PackageRun::Ran { tests } => tests,
    };
    let mut bad = 0;
    for test in tests.iter().filter(|test| !test.passed()) {
        bad += 1;
        let message = match &test.outcome {
            Outcome::Failed { message } => message.lines().take(20).collect::<Vec<_>>().join("\n"),
            other => failure_reason(&TestResult {
                outcome: other.clone(),
                ..test.clone()
            }),
        };
        findings.fail(format!("quiz: test {} fails: {message}", test.id()));
    }
    if tests.is_empty() {
        findings.fail("quiz: has no tests".to_string());
    } else if bad == 0 {
        findings.ok(format!(
            "quiz: all {} tests pass (questions load, answers name options, sections \
             resolve, tracing programs print their stated output, quiz.md is current)",
            tests.len()
        ));
    }
    Ok(())
}

fn verify_links(workspace: &Workspace, findings: &mut Findings) -> io::Result<()> {
    let files = course_markdown(workspace.root());
    let links = check_links(workspace.root(), &files)?;
    if links.broken.is_empty() {
        findings.ok(format!(
            "links: {} relative links in {} Markdown files resolve",
            links.checked, links.files
        ));
    }
    for broken in links.broken {
        findings.fail(format!(
            "link {} at {}: {}",
            broken.target, broken.location, broken.reason
        ));
    }
    Ok(())
}
