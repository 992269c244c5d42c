//! The findings of a verify run, printed as they are made.
//!
//! Every verify step – a lesson's tests, the quest's grades, the links –
//! adds its lines here; [`Report::summary`] closes the run. Kept apart from
//! the steps so that each step (and the quest's, in `quest.rs`) depends on
//! the report, and the report on nothing.

use std::fmt::Write as _;

/// The findings of one verify run.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per thing that was checked and holds.
    pub passed: Vec<String>,
    /// One line per problem, naming the test or file.
    pub failed: Vec<String>,
    /// Lessons not in the tree yet, and similar notes.
    pub notes: Vec<String>,
}

impl Report {
    pub(crate) fn ok(&mut self, line: String) {
        course::say::out(&format!("  ok    {line}\n"));
        self.passed.push(line);
    }

    pub(crate) fn fail(&mut self, line: String) {
        course::say::out(&format!("  FAIL  {line}\n"));
        self.failed.push(line);
    }

    pub(crate) fn note(&mut self, line: String) {
        course::say::out(&format!("  --    {line}\n"));
        self.notes.push(line);
    }

    /// True when nothing failed.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty()
    }

    /// The closing summary.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        if self.is_success() {
            let _ = write!(out, "verify: all {} checks hold", self.passed.len());
        } else {
            let _ = writeln!(
                out,
                "verify: {} of {} checks FAILED:",
                self.failed.len(),
                self.failed.len() + self.passed.len()
            );
            for line in &self.failed {
                let _ = writeln!(out, "  - {}", line.lines().next().unwrap_or_default());
            }
        }
        out.trim_end().to_string()
    }
}
