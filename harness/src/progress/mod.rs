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
mod state;

pub use render::render;
pub use state::{LessonProgress, State};

use crate::cargo::testrun::{PackageRun, run_package_tests};
use crate::cargo::workspace::Workspace;
use crate::snapshots;
use course::{LESSONS, Presence};

/// Runs every present lesson's tests; each test binary gets `limit`.
///
/// # Errors
///
/// Fails only when cargo or a test binary cannot be started at all.
pub fn collect(workspace: &Workspace, limit: Duration) -> io::Result<Vec<LessonProgress>> {
    let mut lessons = Vec::new();
    for lesson in LESSONS {
        let state = match lesson.student_presence(workspace.root()) {
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
