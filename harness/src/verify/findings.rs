//! The findings of a verify run, shown as they are made.
//!
//! Every verify step – a lesson's tests, the quest's grades, the links –
//! adds its lines here; [`Findings::summary`] closes the run. A full verify
//! takes minutes, so each line is also handed, the moment it is found, to
//! the `echo` function the caller chose (the command line prints it; the
//! harness's own tests keep quiet). The library itself never prints.
//!
//! Kept apart from the steps so that each step (and the quest's, in
//! `quest.rs`) depends on the findings, and the findings on nothing.

use std::fmt::Write as _;

/// The findings of one verify run.
#[derive(Debug)]
pub struct Findings {
    /// One line per thing that was checked and holds.
    pub passed: Vec<String>,
    /// One line per problem, naming the test or file.
    pub failed: Vec<String>,
    /// Lessons not in the tree yet, and similar notes.
    pub notes: Vec<String>,
    /// Where each line goes as it is found.
    echo: fn(&str),
}

impl Findings {
    /// No findings yet; each one will be shown with `echo`.
    pub fn new(echo: fn(&str)) -> Findings {
        Findings {
            passed: Vec::new(),
            failed: Vec::new(),
            notes: Vec::new(),
            echo,
        }
    }

    /// Shows the title of the part of the course that the next findings
    /// are about (`lesson 02 – …`, `quest`).
    pub(crate) fn part(&mut self, title: &str) {
        (self.echo)(&format!("{title}\n"));
    }

    pub(crate) fn ok(&mut self, line: String) {
        (self.echo)(&format!("  ok    {line}\n"));
        self.passed.push(line);
    }

    pub(crate) fn fail(&mut self, line: String) {
        (self.echo)(&format!("  FAIL  {line}\n"));
        self.failed.push(line);
    }

    pub(crate) fn note(&mut self, line: String) {
        (self.echo)(&format!("  --    {line}\n"));
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
