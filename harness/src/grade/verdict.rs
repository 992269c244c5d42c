//! Verdicts: what one run of a check concludes, and why.
//!
//! A check is a chain of steps – start the server, connect, send, read,
//! compare – and any of them may be where the program under test went
//! wrong. Making the verdict a `Result` lets a check say each step once
//! with `?`: the first step that fails becomes the verdict, and its
//! [`Failure`] says what was expected and what arrived.
//!
//! A failure is only useful if the student can act on it, so it can carry a
//! *repro*: the commands that show the same thing by hand (`curl -i …`,
//! `printf … | nc …`). [`Explain`] attaches one to whatever failure a
//! step or a whole block of steps returns, so a check names its repro once
//! instead of at every step, and rewords a failure in the terms of the
//! situation ("after a HEAD response, …") when the check knows more than
//! the step that failed.
//!
//! This is the error style of the grader's upper layer: everything a check
//! can conclude is a [`Failure`] in words for the student. The layers below
//! (the raw client, the scripted peer, the process guard) speak `io::Error`
//! or a small error enum of their own (`ReadError`, `StartError`), and a
//! check turns those into a `Failure` at the point where it knows what the
//! error means for the student.

use std::fmt;

/// Why a check failed, in words a student can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was expected and what arrived instead.
    pub reason: String,
    /// A command (or the raw bytes) that shows the same thing by hand.
    pub repro: Option<String>,
}

impl Failure {
    /// A failure with a reason and no repro yet.
    pub fn new(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            repro: None,
        }
    }

    /// Adds how to reproduce the failure by hand.
    pub fn repro(mut self, repro: impl Into<String>) -> Self {
        self.repro = Some(repro.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// The outcome of one run of a check: `Ok(())` is a pass.
///
/// Being a `Result`, a check can use `?` on every step that may fail, and
/// the first failure becomes the verdict.
pub type Verdict = Result<(), Failure>;

/// Turns a false condition into a failure: `ensure(cond, || "why")?`.
///
/// # Errors
///
/// A [`Failure`] with the reason `why` returns, when `condition` is false.
pub fn ensure(condition: bool, why: impl FnOnce() -> String) -> Verdict {
    if condition {
        Ok(())
    } else {
        Err(Failure::new(why()))
    }
}

/// Explaining the failure a step (or a block of steps) returns: how to
/// reproduce it, and what it means where it happened.
///
/// ```
/// use harness::grade::{Failure, Explain, Verdict, ensure};
///
/// let step: Verdict = ensure(1 + 1 == 3, || "arithmetic is off".into());
/// let failure = step.repro("echo $((1 + 1))").unwrap_err();
/// assert_eq!(failure.repro.as_deref(), Some("echo $((1 + 1))"));
/// ```
pub trait Explain<T> {
    /// On failure, sets the repro to `repro`, replacing any the step set: the
    /// caller knows more about how the whole situation came about.
    ///
    /// # Errors
    ///
    /// The same failure, now with `repro`.
    fn repro(self, repro: impl Into<String>) -> Result<T, Failure>;

    /// Like [`Explain::repro`], building the repro only when there is a
    /// failure to attach it to.
    ///
    /// # Errors
    ///
    /// The same failure, now with the repro `make` returns.
    fn repro_with(self, make: impl FnOnce() -> String) -> Result<T, Failure>;

    /// On failure, replaces the reason with what `reword` makes of it – the
    /// step's words put in the check's context – and keeps the repro.
    ///
    /// # Errors
    ///
    /// The same failure, reworded.
    fn reworded(self, reword: impl FnOnce(&str) -> String) -> Result<T, Failure>;
}

impl<T> Explain<T> for Result<T, Failure> {
    fn repro(self, repro: impl Into<String>) -> Result<T, Failure> {
        self.map_err(|failure| failure.repro(repro))
    }

    fn repro_with(self, make: impl FnOnce() -> String) -> Result<T, Failure> {
        self.map_err(|failure| failure.repro(make()))
    }

    fn reworded(self, reword: impl FnOnce(&str) -> String) -> Result<T, Failure> {
        self.map_err(|failure| Failure {
            reason: reword(&failure.reason),
            ..failure
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ensure_turns_false_into_a_failure() {
        assert_eq!(ensure(true, || "never".into()), Ok(()));
        assert_eq!(ensure(false, || "why".into()), Err(Failure::new("why")));
    }

    #[test]
    fn a_repro_is_attached_to_failures_only_and_replaces_an_earlier_one() {
        let passed: Verdict = Ok(());
        assert_eq!(passed.repro_with(|| panic!("not built for a pass")), Ok(()));
        let failed: Verdict = Err(Failure::new("why").repro("first"));
        let failure = failed.repro("second").expect_err("still failed");
        assert_eq!(
            (failure.reason.as_str(), failure.repro.as_deref()),
            ("why", Some("second"))
        );
    }

    #[test]
    fn rewording_keeps_the_repro() {
        let failed: Verdict = Err(Failure::new("no response").repro("nc …"));
        let failure = failed
            .reworded(|why| format!("after the HEAD: {why}"))
            .expect_err("still failed");
        assert_eq!(failure.reason, "after the HEAD: no response");
        assert_eq!(failure.repro.as_deref(), Some("nc …"));
    }
}
