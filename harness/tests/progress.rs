//! `progress` is what a student sees first: it must count honestly and point
//! at the right next step.

mod common;

use std::time::Duration;

use common::MiniCourse;
use harness::progress;

const LIMIT: Duration = Duration::from_secs(60);

#[test]
fn a_fresh_course_shows_zero_and_points_at_the_first_lesson() {
    let course = MiniCourse::new("progress-fresh");
    let lessons = progress::collect(&course.workspace(), LIMIT).expect("progress runs");
    let text = progress::render(&lessons);
    assert!(text.contains("01 HTTP request shape"), "{text}");
    assert!(text.contains("0/2"), "no test passes on the stubs: {text}");
    assert!(text.contains("not started"), "{text}");
    assert!(text.contains("02 Headers & Content-Length"), "{text}");
    assert!(text.contains("coming soon"), "{text}");
    assert!(
        text.contains("read  lessons/01-http-request-shape.md"),
        "{text}"
    );
    assert!(text.contains("run   cargo test -p lesson01"), "{text}");
    assert!(
        text.contains("not yet implemented: lesson 01: answer"),
        "{text}"
    );
}

#[test]
fn counts_passing_tests_and_flags_a_changed_snapshot() {
    let course = MiniCourse::new("progress-half");
    course.write(
        "exercises/01-request-shape/src/lib.rs",
        "pub fn answer() -> u32 { 42 }\n\
         pub fn double(x: u32) -> u32 { todo!(\"lesson 01: double {x:?}\") }\n",
    );
    course.write(
        "exercises/01-request-shape/tests/snapshots/basics__answer.snap",
        "---\n---\n41\n",
    );
    let lessons = progress::collect(&course.workspace(), LIMIT).expect("progress runs");
    let text = progress::render(&lessons);
    assert!(text.contains("1/2"), "{text}");
    assert!(text.contains("CHANGED"), "{text}");
    assert!(
        text.contains("basics__answer.snap: differs from the committed snapshot"),
        "{text}"
    );
    assert!(
        text.contains("git checkout -- exercises/01-request-shape/tests/snapshots"),
        "{text}"
    );
    assert!(
        text.contains("First test to make pass: basics::double_doubles"),
        "{text}"
    );
}

#[test]
fn code_that_does_not_compile_shows_the_compiler_error() {
    let course = MiniCourse::new("progress-broken");
    course.write(
        "exercises/01-request-shape/src/lib.rs",
        "pub fn answer() -> u32 { \"42\" }\n",
    );
    let lessons = progress::collect(&course.workspace(), LIMIT).expect("progress runs");
    let text = progress::render(&lessons);
    assert!(text.contains("does not compile"), "{text}");
    assert!(
        text.contains("error[E0308]"),
        "the compiler's own words are shown: {text}"
    );
}

#[test]
fn a_finished_course_says_so() {
    let course = MiniCourse::new("progress-done");
    course.write(
        "exercises/01-request-shape/src/lib.rs",
        "pub fn answer() -> u32 { 42 }\npub fn double(x: u32) -> u32 { x * 2 }\n",
    );
    let lessons = progress::collect(&course.workspace(), LIMIT).expect("progress runs");
    let text = progress::render(&lessons);
    assert!(text.contains("2/2"), "{text}");
    assert!(text.contains("done ✓"), "{text}");
    assert!(
        text.contains("Every lesson in the course so far passes"),
        "{text}"
    );
}
