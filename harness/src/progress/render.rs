//! The progress table as text: one row per lesson, then the one next step.
//!
//! [`render`] is a pure function of what [`super::collect`] found, so the
//! wording of every state can be read (and tested) without running a test.

use std::fmt::Write as _;

use super::state::{LessonProgress, State};
use crate::cargo::testrun::Outcome;

/// The progress table followed by the next step.
pub fn render(lessons: &[LessonProgress]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Week 04 – epoll & HTTP/1.1 · your progress\n");
    let _ = writeln!(
        out,
        "  {:<32} {:>7}   {:<10} status",
        "lesson", "tests", "snapshots"
    );
    for LessonProgress { lesson, state } in lessons {
        let name = format!("{:02} {}", lesson.number, lesson.title);
        let (tests, snaps, status) = match state {
            State::ComingSoon => ("–".to_string(), "–", "coming soon".to_string()),
            State::Incomplete(_) => ("–".to_string(), "–", "files missing".to_string()),
            State::DoesNotCompile(_) => ("–".to_string(), "–", "does not compile".to_string()),
            State::Tested {
                passed,
                total,
                snapshots,
                ..
            } => {
                let snaps = if snapshots.is_clean() {
                    "intact"
                } else {
                    "CHANGED"
                };
                let status = if !snapshots.is_clean() {
                    "snapshot changed – restore it".to_string()
                } else if state.is_done() {
                    "done ✓".to_string()
                } else if *passed == 0 {
                    "not started".to_string()
                } else {
                    "in progress".to_string()
                };
                (format!("{passed}/{total}"), snaps, status)
            }
        };
        let _ = writeln!(out, "  {name:<32} {tests:>7}   {snaps:<10} {status}");
    }
    out.push('\n');
    out.push_str(&next_step(lessons));
    out
}

/// The one thing to do next: the first lesson that is not done.
fn next_step(lessons: &[LessonProgress]) -> String {
    let mut out = String::new();
    let Some(LessonProgress { lesson, state }) = lessons
        .iter()
        .find(|progress| !progress.state.is_done() && !matches!(progress.state, State::ComingSoon))
    else {
        let _ = writeln!(
            out,
            "Every lesson in the course so far passes. Well done!\n\
             Next: the quest – read quest/quest.md, grade yourself with `cargo harness grade`;\n\
             then the quiz – `cargo run -q -p quiz` (quiz/quiz.md has it as text)."
        );
        return out;
    };
    let _ = writeln!(out, "Next: lesson {:02} – {}", lesson.number, lesson.title);
    let _ = writeln!(out, "  read  {}", lesson.text);
    let _ = writeln!(out, "  edit  {}/src/", lesson.exercise_dir());
    let _ = writeln!(out, "  run   cargo test -p {}", lesson.exercise_package());
    match state {
        State::Incomplete(missing) => {
            let _ = writeln!(
                out,
                "\nThese files of the lesson are missing (restore them from the course repository):"
            );
            for path in missing {
                let _ = writeln!(out, "  {path}");
            }
        }
        State::DoesNotCompile(errors) => {
            let _ = writeln!(
                out,
                "\nYour code does not compile yet. The compiler says:\n"
            );
            for line in errors.lines().take(20) {
                let _ = writeln!(out, "  {line}");
            }
        }
        State::Tested {
            first_failure,
            snapshots,
            ..
        } => {
            if !snapshots.is_clean() {
                let _ = writeln!(
                    out,
                    "\nA snapshot is an expected answer: changing it makes a wrong answer look right."
                );
                for problem in snapshots.problems() {
                    let _ = writeln!(out, "  {problem}");
                }
                let _ = writeln!(
                    out,
                    "Restore the committed ones with `git checkout -- {}/tests/snapshots` \
                     and delete pending files.",
                    lesson.exercise_dir()
                );
            }
            if let Some(test) = first_failure {
                let _ = writeln!(
                    out,
                    "\nFirst test to make pass: {}   (cargo test -p {} -- {})",
                    test.id(),
                    lesson.exercise_package(),
                    test.name
                );
                let reason = match &test.outcome {
                    Outcome::Failed { message } => message.clone(),
                    Outcome::NoResult { reason } => reason.clone(),
                    Outcome::Ignored => "the test is ignored".to_string(),
                    Outcome::Passed => String::new(),
                };
                for line in reason.lines().take(12) {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
        State::ComingSoon => {}
    }
    out
}
