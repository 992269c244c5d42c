//! Where a lesson stands: what [`super::collect`] finds and
//! [`super::render`] shows.

use crate::cargo::testrun::TestResult;
use crate::snapshots::Integrity;
use course::Lesson;

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
