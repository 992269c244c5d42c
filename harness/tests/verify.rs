//! `verify` is the course's gate, so it gets the same treatment as a lesson:
//! tests that show it fails when it should. Each test writes a miniature
//! course (one lesson with a stub, a solution and two tests) into a temporary
//! folder, plants one kind of defect, and checks that verify names it.

mod common;

use common::MiniCourse;
use harness::verify::Findings;

fn failures_mentioning(report: &Findings, needle: &str) -> usize {
    report
        .failed
        .iter()
        .filter(|line| line.contains(needle))
        .count()
}

#[test]
fn a_consistent_course_verifies() {
    let course = MiniCourse::new("clean");
    let report = course.verify();
    assert!(
        report.is_success(),
        "unexpected failures: {:#?}",
        report.failed
    );
    assert!(
        report
            .passed
            .iter()
            .any(|line| line.contains("all 2 tests fail on the stubs")),
        "{:#?}",
        report.passed
    );
    assert!(
        report
            .notes
            .iter()
            .any(|line| line.contains("lesson 02 is not written yet")),
        "lessons that are not in the tree are reported as skipped: {:#?}",
        report.notes
    );
}

#[test]
fn names_a_test_that_passes_on_the_stub() {
    let course = MiniCourse::new("passes-on-stub");
    course.write(
        "exercises/01-request-shape/src/lib.rs",
        "pub fn answer() -> u32 { 42 }\n\
         pub fn double(x: u32) -> u32 { todo!(\"lesson 01: double {x:?}\") }\n",
    );
    let report = course.verify();
    assert_eq!(
        failures_mentioning(&report, "test basics::answer_is_42 passes on the stubs"),
        1,
        "{:#?}",
        report.failed
    );
    assert_eq!(
        report.failed.len(),
        1,
        "only that test is at fault: {:#?}",
        report.failed
    );
}

#[test]
fn stubs_that_do_not_compile_fail_verify() {
    let course = MiniCourse::new("no-compile");
    course.write(
        "exercises/01-request-shape/src/lib.rs",
        "pub fn answer() -> u32 { \"42\" }\n",
    );
    let report = course.verify();
    assert_eq!(
        failures_mentioning(&report, "lesson01: the stubs do not compile"),
        1,
        "{:#?}",
        report.failed
    );
}

#[test]
fn names_a_test_that_fails_on_the_solution() {
    let course = MiniCourse::new("solution-fails");
    course.write(
        "solutions/01-request-shape/src/lib.rs",
        "pub fn answer() -> u32 { 41 }\npub fn double(x: u32) -> u32 { x * 2 }\n",
    );
    let report = course.verify();
    assert_eq!(
        failures_mentioning(
            &report,
            "test basics::answer_is_42 does not pass on the solution"
        ),
        1,
        "{:#?}",
        report.failed
    );
}

#[test]
fn a_test_file_the_solution_does_not_include_is_named() {
    let course = MiniCourse::new("not-included");
    course.write(
        "exercises/01-request-shape/tests/more.rs",
        "#[test] fn triple() { assert_eq!(lesson01::double(3), 6); }\n",
    );
    let report = course.verify();
    assert_eq!(
        failures_mentioning(&report, "does not run more::triple"),
        1,
        "{:#?}",
        report.failed
    );
}

#[test]
fn changed_and_pending_snapshots_are_named() {
    let course = MiniCourse::new("snapshots");
    let snapshots = "exercises/01-request-shape/tests/snapshots";
    course.write(
        &format!("{snapshots}/basics__answer.snap"),
        "---\n---\n41\n",
    );
    course.write(
        &format!("{snapshots}/basics__double.snap.new"),
        "---\n---\n4\n",
    );
    course.write(
        "solutions/01-request-shape/tests/snapshots/stray.snap",
        "---\n---\n4\n",
    );
    let report = course.verify();
    for needle in [
        "basics__answer.snap: differs from the committed snapshot",
        "basics__double.snap.new: pending snapshot",
        "snapshot file tests/snapshots/stray.snap belongs in exercises/01-request-shape/tests/snapshots",
    ] {
        assert_eq!(
            failures_mentioning(&report, needle),
            1,
            "{needle}: {:#?}",
            report.failed
        );
    }
}

#[test]
fn broken_links_are_named_with_their_place() {
    let course = MiniCourse::new("links");
    course.write(
        "lessons/01-http-request-shape.md",
        "# Lesson 01\nSee [lesson 2](02-headers.md) and [hints](#hints).\n",
    );
    let report = course.verify();
    for needle in [
        "link 02-headers.md at lessons/01-http-request-shape.md:2: no such file",
        "link #hints at lessons/01-http-request-shape.md:2: no heading",
        // README links to an anchor of the lesson that no longer exists.
        "link lessons/01-http-request-shape.md#the-exercise at README.md:1",
    ] {
        assert_eq!(
            failures_mentioning(&report, needle),
            1,
            "{needle}: {:#?}",
            report.failed
        );
    }
}

#[test]
fn a_half_present_lesson_is_reported() {
    let course = MiniCourse::new("half");
    course.write("lessons/03-keep-alive-semantics.md", "# Lesson 03\n");
    let report = course.verify();
    assert_eq!(
        failures_mentioning(
            &report,
            "lesson 03 is incomplete, missing: exercises/03-keep-alive/Cargo.toml"
        ),
        1,
        "{:#?}",
        report.failed
    );
}
