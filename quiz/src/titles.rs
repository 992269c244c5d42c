//! The names of the week's parts, from the course's own lesson table.
//!
//! The course crate's [`course::LESSONS`] is the one place a lesson's
//! title and text live; the quiz reads them from there rather than keeping
//! a second copy that could drift.

use course::LESSONS;

use crate::question::Part;

/// `lesson 2 – Headers & Content-Length`, or `quest – serve and get`.
pub fn part_title(part: Part) -> String {
    match part {
        Part::Lesson(n) => match LESSONS.iter().find(|l| l.number == n) {
            Some(lesson) => format!("lesson {n} – {}", lesson.title),
            None => format!("lesson {n}"),
        },
        Part::Quest => "quest – quest serve and quest get".to_string(),
    }
}

/// The text a part's sections live in, relative to the workspace root:
/// `lessons/02-headers-content-length.md`, `quest/quest.md`.
pub fn part_text(part: Part) -> Option<&'static str> {
    match part {
        Part::Lesson(n) => LESSONS.iter().find(|l| l.number == n).map(|l| l.text),
        Part::Quest => Some("quest/quest.md"),
    }
}
