//! The shape of the course: which lessons exist and where their files live.
//!
//! Everything else in the harness asks this module for names and paths, so a
//! lesson is renamed in exactly one place. The table lists all six lessons of
//! the week even while some are still being written: [`Lesson::presence`]
//! tells the rest of the harness which ones are actually in the tree.

use std::path::{Path, PathBuf};

/// One lesson of the week: its text, its exercise crate and its solution crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// 1 to 6; package names and folders are derived from it.
    pub number: u8,
    /// The title as the lesson file's heading gives it.
    pub title: &'static str,
    /// The folder name shared by `exercises/` and `solutions/`.
    pub folder: &'static str,
    /// The lesson text, relative to the workspace root.
    pub text: &'static str,
}

/// Every lesson of the week, in the order a student takes them.
pub const LESSONS: [Lesson; 6] = [
    Lesson {
        number: 1,
        title: "HTTP request shape",
        folder: "01-request-shape",
        text: "lessons/01-http-request-shape.md",
    },
    Lesson {
        number: 2,
        title: "Headers & Content-Length",
        folder: "02-headers-content-length",
        text: "lessons/02-headers-content-length.md",
    },
    Lesson {
        number: 3,
        title: "Keep-alive semantics",
        folder: "03-keep-alive",
        text: "lessons/03-keep-alive-semantics.md",
    },
    Lesson {
        number: 4,
        title: "DNS & multiple targets",
        folder: "04-dns-multiple-targets",
        text: "lessons/04-dns-multiple-targets.md",
    },
    Lesson {
        number: 5,
        title: "epoll readiness model",
        folder: "05-epoll-readiness",
        text: "lessons/05-epoll-readiness-model.md",
    },
    Lesson {
        number: 6,
        title: "Regression harness",
        folder: "06-regression-harness",
        text: "lessons/06-regression-harness.md",
    },
];

/// How much of a lesson is in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// Text, exercise and solution are all there.
    Complete,
    /// None of its parts exist yet: the lesson is still to be written.
    NotYetWritten,
    /// Some parts exist and others do not – a mistake worth reporting.
    Incomplete {
        /// The paths (relative to the root) that are missing.
        missing: Vec<String>,
    },
}

impl Lesson {
    /// `lesson01`: the package the student edits.
    pub fn exercise_package(&self) -> String {
        format!("lesson{:02}", self.number)
    }

    /// `lesson01-solution`: the package that implements it.
    pub fn solution_package(&self) -> String {
        format!("lesson{:02}-solution", self.number)
    }

    /// `exercises/01-request-shape`, relative to the root.
    pub fn exercise_dir(&self) -> String {
        format!("exercises/{}", self.folder)
    }

    /// `solutions/01-request-shape`, relative to the root.
    pub fn solution_dir(&self) -> String {
        format!("solutions/{}", self.folder)
    }

    /// Where insta keeps this lesson's expected answers.
    pub fn snapshot_dir(&self, root: &Path) -> PathBuf {
        root.join(self.exercise_dir())
            .join("tests")
            .join("snapshots")
    }

    /// Which of the lesson's three parts exist under `root` (what a
    /// maintainer's tree must hold).
    pub fn presence(&self, root: &Path) -> Presence {
        Self::present(
            root,
            &[
                self.text.to_string(),
                format!("{}/Cargo.toml", self.exercise_dir()),
                format!("{}/Cargo.toml", self.solution_dir()),
            ],
        )
    }

    /// Which of the parts a student works with – the text and the
    /// exercise – exist under `root`. The student edition has no
    /// `solutions/`, and progress must not miss them.
    pub fn student_presence(&self, root: &Path) -> Presence {
        Self::present(
            root,
            &[
                self.text.to_string(),
                format!("{}/Cargo.toml", self.exercise_dir()),
            ],
        )
    }

    fn present(root: &Path, parts: &[String]) -> Presence {
        let missing: Vec<String> = parts
            .iter()
            .filter(|part| !root.join(part).exists())
            .cloned()
            .collect();
        match missing.len() {
            0 => Presence::Complete,
            n if n == parts.len() => Presence::NotYetWritten,
            _ => Presence::Incomplete { missing },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_follow_the_lesson_number() {
        let lesson = LESSONS[0];
        assert_eq!(lesson.exercise_package(), "lesson01");
        assert_eq!(lesson.solution_package(), "lesson01-solution");
        assert_eq!(lesson.exercise_dir(), "exercises/01-request-shape");
    }

    #[test]
    fn lessons_are_numbered_in_order() {
        for (index, lesson) in LESSONS.iter().enumerate() {
            assert_eq!(usize::from(lesson.number), index + 1);
            assert!(
                lesson
                    .text
                    .starts_with(&format!("lessons/{:02}-", lesson.number))
            );
            assert!(lesson.folder.starts_with(&format!("{:02}-", lesson.number)));
        }
    }
}
