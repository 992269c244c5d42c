//! `cargo harness progress`: where the student is, and what to do next.
//!
//! For every lesson in the course it builds the student's exercise crate,
//! runs its tests and counts the passing ones, checks that no expected
//! answer (snapshot) was changed, and then names the one next step: the
//! lesson text to read, the command to run, and the first failing test with
//! its message.

use std::io;
use std::time::Duration;

mod render;

pub use render::render;

use crate::cargo::testrun::{PackageRun, TestResult, run_package_tests};
use crate::cargo::workspace::Workspace;
use crate::snapshots::{self, Integrity};
use course::{LESSONS, Lesson, Presence};

/// Where one lesson stands.
#[derive(Debug, Clone)]
pub struct LessonProgress {
    /// The lesson.
    pub lesson: Lesson,
    /// Its state.
    pub state: State,
}

/// The state of one lesson's exercise.
#[derive(Debug, Clone)]
pub enum State {
    /// The lesson has not been written yet.
    ComingSoon,
    /// Parts of the lesson are missing from the tree (a broken checkout).
    Incomplete(Vec<String>),
    /// The exercise crate does not compile.
    DoesNotCompile(String),
    /// The tests ran.
    Tested {
        /// Tests that passed.
        passed: usize,
        /// All tests.
        total: usize,
        /// The first test that did not pass, if any.
        first_failure: Option<TestResult>,
        /// How the snapshots compare with the committed ones.
        snapshots: Integrity,
    },
}

impl State {
    /// True when every test passes and the snapshots are untouched.
    pub fn is_done(&self) -> bool {
        match self {
            State::Tested {
                passed,
                total,
                snapshots,
                ..
            } => passed == total && *total > 0 && snapshots.is_clean(),
            _ => false,
        }
    }
}

/// Runs every present lesson's tests; each test binary gets `limit`.
///
/// # Errors
///
/// Fails only when cargo or a test binary cannot be started at all.
pub fn collect(workspace: &Workspace, limit: Duration) -> io::Result<Vec<LessonProgress>> {
    let mut lessons = Vec::new();
    for lesson in LESSONS {
        let state = match lesson.presence(workspace.root()) {
            Presence::NotYetWritten => State::ComingSoon,
            Presence::Incomplete { missing } => State::Incomplete(missing),
            Presence::Complete => {
                eprintln!("testing {} …", lesson.exercise_package());
                match run_package_tests(workspace, &lesson.exercise_package(), limit)? {
                    PackageRun::DidNotCompile { errors } => State::DoesNotCompile(errors),
                    run @ PackageRun::Ran { .. } => State::Tested {
                        passed: run.passed(),
                        total: run.tests().len(),
                        first_failure: run.tests().iter().find(|test| !test.passed()).cloned(),
                        snapshots: snapshots::check(workspace.root(), &lesson.exercise_dir())?,
                    },
                }
            }
        };
        lessons.push(LessonProgress { lesson, state });
    }
    Ok(lessons)
}
