//! Checks: one graded behaviour each, with points and a way back to the lesson.
//!
//! A grader is a list of small, independent experiments. Each [`Check`]
//! starts the program under test from scratch (a fresh `quest serve`, a
//! fresh scripted peer for `quest get`), does one thing to it over real
//! sockets, and returns a [`Verdict`]. Independence is what makes a score
//! fair: one crash costs the points of one check, not of every check after
//! it, and a check can be re-run alone (`--only ID`) to reproduce it.
//!
//! A check is plain data: an id, a title, points, which half of the quest
//! it grades ([`Category`]) and where to read up when it fails
//! ([`Revisit`]), plus the function that runs the experiment in a
//! [`Ctx`]. The catalogue ([`crate::grade::checks`]) is a list of them.

use std::fmt;

use serde::Serialize;

use course::LESSONS;

use crate::grade::ctx::Ctx;
use crate::grade::verdict::Verdict;

/// Which half of the quest a check grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// `quest serve`, driven by the grader's raw client.
    Server,
    /// `quest get`, talking to the grader's scripted peer.
    Client,
}

impl Category {
    /// `"server"` or `"client"`, as `--only` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Category::Server => "server",
            Category::Client => "client",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a student should look when a check fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revisit {
    /// A lesson, by number.
    Lesson(u8),
    /// The quest brief itself (behaviour no lesson teaches on its own).
    Quest,
}

impl Revisit {
    /// `lesson 05` or `quest brief`: for tables.
    pub fn short(self) -> String {
        match self {
            Revisit::Lesson(number) => format!("lesson {number:02}"),
            Revisit::Quest => "quest brief".into(),
        }
    }
}

impl fmt::Display for Revisit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Revisit::Lesson(number) => match LESSONS.iter().find(|l| l.number == *number) {
                Some(lesson) => {
                    write!(f, "lesson {number:02} – {} ({})", lesson.title, lesson.text)
                }
                None => write!(f, "lesson {number:02}"),
            },
            Revisit::Quest => f.write_str("the quest brief (quest/quest.md)"),
        }
    }
}

/// One graded behaviour.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Stable id, used by `--only` and in reports, e.g. `server-head`.
    pub id: &'static str,
    /// What the check proves, as one short sentence.
    pub title: &'static str,
    /// Points awarded when it passes.
    pub points: u32,
    /// Server or client side of the quest.
    pub category: Category,
    /// Where to look when it fails.
    pub revisit: Revisit,
    /// The experiment itself.
    pub run: fn(&Ctx) -> Verdict,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisit_names_the_lesson_file() {
        let text = Revisit::Lesson(3).to_string();
        assert!(text.contains("lessons/03-"), "{text}");
        assert!(Revisit::Quest.to_string().contains("quest/quest.md"));
    }
}
