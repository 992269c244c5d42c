//! Grading an answers file, and writing the grade for people and machines.
//!
//! A [`Grade`] is plain data – one [`Graded`] per question – and each
//! format is a plain function of it, as with the quest's grader
//! (`harness::grade::report`):
//!
//! | format | for | shape |
//! |---|---|---|
//! | [`text`] | an instructor at a terminal | one line per question, the wrong ones with the right answer, a subtotal per part, `score: N/M` last |
//! | [`json()`] | scripts | every field |
//! | [`gradescope`] | Gradescope's autograder | `results.json`: `score`, `tests[]` with `name`, `score`, `max_score`, `status`, `output`, `tags`, `visibility` |
//!
//! Every question is worth one point: partial credit for "choose every
//! right answer" would reward ticking everything.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use crate::judge::{Response, describe, is_right};
use crate::question::{Part, Question};
use crate::sheet::Sheet;
use crate::titles::part_title;

/// The grade of one answers file.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// The file that was graded, as given on the command line.
    pub file: String,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// A subtotal per part, in course order.
    pub parts: Vec<PartScore>,
    /// One entry per question, in course order.
    pub questions: Vec<Graded>,
}

/// The subtotal of one lesson (or the quest).
#[derive(Debug, Clone, Serialize)]
pub struct PartScore {
    /// `lesson 2`, `quest`.
    pub part: String,
    /// `lesson 2 – Headers & Content-Length`.
    pub title: String,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
}

/// One graded question.
#[derive(Debug, Clone, Serialize)]
pub struct Graded {
    /// The question's id.
    pub id: String,
    /// `lesson 2`, `quest`.
    pub part: String,
    /// `choice`, `short` or `trace`.
    pub kind: String,
    /// The answer given, as a person reads it.
    pub given: String,
    /// The right answer, as a person reads it.
    pub expected: String,
    /// 1 when right, else 0.
    pub score: u32,
    /// Always 1.
    pub max_score: u32,
    /// Where the point is taught.
    pub section: String,
    /// Why the right answer is right.
    pub explanation: String,
}

/// Grades `sheet` on `questions` (every one of which has an answer, as
/// [`crate::sheet::parse_sheet`] ensures).
pub fn grade(file: &str, questions: &[Question], sheet: &Sheet) -> Grade {
    let graded: Vec<Graded> = questions
        .iter()
        .map(|question| {
            let response = sheet
                .answers
                .get(&question.id)
                .cloned()
                .unwrap_or(Response::Blank);
            Graded {
                id: question.id.clone(),
                part: question.part.to_string(),
                kind: question.kind().to_string(),
                given: describe(&response),
                expected: question.key_text(),
                score: u32::from(is_right(question, &response)),
                max_score: 1,
                section: question.section.clone(),
                explanation: question.explanation.trim().to_string(),
            }
        })
        .collect();
    let mut parts: Vec<(Part, PartScore)> = Vec::new();
    for (question, result) in questions.iter().zip(&graded) {
        if parts.last().is_none_or(|(part, _)| *part != question.part) {
            parts.push((
                question.part,
                PartScore {
                    part: question.part.to_string(),
                    title: part_title(question.part),
                    score: 0,
                    max_score: 0,
                },
            ));
        }
        if let Some((_, subtotal)) = parts.last_mut() {
            subtotal.score += result.score;
            subtotal.max_score += result.max_score;
        }
    }
    Grade {
        file: file.to_string(),
        score: graded.iter().map(|g| g.score).sum(),
        max_score: graded.iter().map(|g| g.max_score).sum(),
        parts: parts.into_iter().map(|(_, subtotal)| subtotal).collect(),
        questions: graded,
    }
}

/// The grade for a person: every question, the wrong ones with the right
/// answer and where to reread, the subtotals, and `score: N/M` last.
pub fn text(grade: &Grade) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "grading {} ({} questions)\n",
        grade.file,
        grade.questions.len()
    );
    let width = grade
        .questions
        .iter()
        .map(|q| q.id.len())
        .max()
        .unwrap_or(2);
    for question in &grade.questions {
        let mark = if question.score == question.max_score {
            "RIGHT"
        } else {
            "WRONG"
        };
        let _ = write!(out, "{mark}  {:<width$}  {}", question.id, question.given);
        if question.score < question.max_score {
            let _ = write!(
                out,
                "  (right: {}; see {})",
                question.expected, question.section
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\nby part");
    let title_width = grade
        .parts
        .iter()
        .map(|p| p.title.chars().count())
        .max()
        .unwrap_or(4);
    for part in &grade.parts {
        let _ = writeln!(
            out,
            "  {:<title_width$}  {:>2}/{}",
            part.title, part.score, part.max_score
        );
    }
    let _ = writeln!(out, "\nscore: {}/{}", grade.score, grade.max_score);
    out
}

/// The grade as JSON, every field.
pub fn json(grade: &Grade) -> Value {
    serde_json::to_value(grade).unwrap_or(Value::Null)
}

/// The grade as Gradescope's `results.json`: a test per question, tagged
/// with its part, whose output on a wrong answer gives the right one and
/// the explanation; the per-part subtotals go in the top-level `output`.
pub fn gradescope(grade: &Grade) -> Value {
    let tests: Vec<Value> = grade
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let right = q.score == q.max_score;
            let output = if right {
                format!("Right: {}.", q.given)
            } else {
                format!(
                    "You answered {}; the right answer is {}.\n\n{}\n\nReread: {}",
                    q.given, q.expected, q.explanation, q.section
                )
            };
            json!({
                "name": format!("{} · {}", q.part, q.id),
                "number": (i + 1).to_string(),
                "score": q.score,
                "max_score": q.max_score,
                "status": if right { "passed" } else { "failed" },
                "output": output,
                "tags": [q.part],
                "visibility": "visible",
            })
        })
        .collect();
    let summary: Vec<String> = grade
        .parts
        .iter()
        .map(|p| format!("{}: {}/{}", p.title, p.score, p.max_score))
        .collect();
    json!({
        "score": grade.score,
        "max_score": grade.max_score,
        "output": summary.join("\n"),
        "visibility": "visible",
        "tests": tests,
    })
}
