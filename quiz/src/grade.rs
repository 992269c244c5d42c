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
//! | [`gradescope`] | Gradescope's autograder | `results.json`: `score`, `execution_time`, `output` (Markdown), `visibility`, `stdout_visibility`, `tests[]` with `name`, `number` (`L.I`: part and place), `score`, `max_score`, `status`, `output`, `output_format: "md"`, `tags`, `visibility` |
//! | [`classroom`] | GitHub Classroom's grading reporter | the runner result on one line: `version`, `status`, `max_score`, `tests[]` with `name`, `status`, `score`, `message`, `test_code` |
//!
//! A form that cannot be graded still makes a [`Grade`] ([`Grade::not_graded`]):
//! score 0 and the problems as its `error`, so a platform shows the reason
//! instead of "the autograder failed".
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
    /// Seconds the grading took.
    pub execution_time: f64,
    /// Why the form could not be graded (then every question scores 0).
    pub error: Option<String>,
}

impl Grade {
    /// The grade of a form that could not be graded: every question of
    /// `questions` wrong, and `error` – the problems, one per line – as
    /// the reason.
    pub fn not_graded(file: &str, questions: &[Question], error: &str) -> Grade {
        let mut grade = grade(file, questions, &Sheet::default());
        for question in &mut grade.questions {
            question.given = "(not graded)".into();
        }
        grade.error = Some(error.to_owned());
        grade
    }
}

/// Who sees a result on Gradescope (the spec's `visibility` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Never shown to students.
    Hidden,
    /// Shown once the due date has passed.
    #[value(name = "after_due_date")]
    AfterDueDate,
    /// Shown once the instructor publishes the grades.
    #[value(name = "after_published")]
    AfterPublished,
    /// Shown at once.
    Visible,
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
        execution_time: 0.0,
        error: None,
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

/// The display number of every question, `L.I`: its part's place in the
/// course (1 to 6 for the lessons, 7 for the quest) and its own place in
/// the part. Gradescope prints `number` before the name and sorts by it.
fn numbers(grade: &Grade) -> Vec<String> {
    let mut part_no = 0;
    let mut index = 0;
    let mut last: Option<&str> = None;
    grade
        .questions
        .iter()
        .map(|q| {
            if last != Some(q.part.as_str()) {
                part_no += 1;
                index = 0;
                last = Some(q.part.as_str());
            }
            index += 1;
            format!("{part_no}.{index}")
        })
        .collect()
}

/// One question's feedback, in Markdown.
fn feedback(q: &Graded) -> String {
    if q.score == q.max_score {
        format!("Right: {}.", q.given)
    } else {
        format!(
            "You answered {}; the right answer is {}.\n\n{}\n\nReread: {}",
            q.given, q.expected, q.explanation, q.section
        )
    }
}

/// The grade as Gradescope's `results.json`: a test per question, numbered
/// `L.I` and tagged with its part, whose output on a wrong answer gives the
/// right one and the explanation; the per-part subtotals (or why the form
/// could not be graded) go in the top-level `output`. Everything is shown
/// to the student as `visibility` says – for a quiz, after the grades are
/// published, or every right answer would be on screen at the first try.
pub fn gradescope(grade: &Grade, visibility: Visibility, stdout_visibility: Visibility) -> Value {
    let tests: Vec<Value> = grade
        .questions
        .iter()
        .zip(numbers(grade))
        .map(|(q, number)| {
            let right = q.score == q.max_score;
            json!({
                "name": format!("{} ({})", q.id, q.part),
                "number": number,
                "score": q.score,
                "max_score": q.max_score,
                "status": if right { "passed" } else { "failed" },
                "output": feedback(q),
                "output_format": "md",
                "tags": [q.part],
                "visibility": visibility,
            })
        })
        .collect();
    let output = match &grade.error {
        Some(error) => format!(
            "**The form could not be graded:**\n\n```text\n{}\n```",
            bounded(error, 8000)
        ),
        None => grade
            .parts
            .iter()
            .map(|p| format!("{}: {}/{}", p.title, p.score, p.max_score))
            .collect::<Vec<_>>()
            .join("  \n"),
    };
    json!({
        "score": grade.score,
        "execution_time": grade.execution_time.round() as u64,
        "output": output,
        "output_format": "md",
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
    })
}

/// `text` cut to at most `limit` characters, saying so when it was.
fn bounded(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(limit.saturating_sub(12)).collect();
    out.push_str(" … (cut)");
    out
}

/// How long one Classroom message may be: 43 of them, base64-encoded,
/// stay far below Linux's 128 KiB for one environment variable.
const CLASSROOM_MESSAGE: usize = 1000;

/// The grade as a GitHub Classroom runner result (one compact line, which
/// the workflow base64-encodes for the grading reporter). `test_code` is
/// the command that grades the same form by hand; a form that cannot be
/// graded is one test with status `error` and the problems.
pub fn classroom(grade: &Grade) -> Value {
    let regrade = format!("cargo run -q -p quiz -- --answers {}", grade.file);
    let tests: Vec<Value> = match &grade.error {
        Some(error) => vec![json!({
            "name": "answers form",
            "status": "error",
            "score": 0,
            "message": bounded(error, 4 * CLASSROOM_MESSAGE),
            "test_code": bounded(&regrade, CLASSROOM_MESSAGE),
            "filename": "",
            "line_no": 0,
            "execution_time": "0.00s",
        })],
        None => grade
            .questions
            .iter()
            .map(|q| {
                let right = q.score == q.max_score;
                json!({
                    "name": format!("{} ({})", q.id, q.part),
                    "status": if right { "pass" } else { "fail" },
                    "score": q.score,
                    "message": bounded(&feedback(q), CLASSROOM_MESSAGE),
                    "test_code": bounded(&regrade, CLASSROOM_MESSAGE),
                    "filename": "",
                    "line_no": 0,
                    "execution_time": "0.00s",
                })
            })
            .collect(),
    };
    let status = if grade.error.is_some() {
        "error"
    } else if grade.score == grade.max_score {
        "pass"
    } else {
        "fail"
    };
    json!({
        "version": 1,
        "status": status,
        "max_score": grade.max_score,
        "tests": tests,
    })
}
