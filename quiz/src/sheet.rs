//! Answers files: the form an instructor hands out, the key, and reading a
//! filled-in form back.
//!
//! An answers file is TOML with one line per question, keyed by id:
//!
//! ```toml
//! l01-host-required = "b"          # a choice: its letter
//! l02-what-frames = ["a", "c"]     # "choose every right answer": the letters
//! l02-name-the-header = "Host"     # a short answer: the text
//! ```
//!
//! Reading one is strict, because a grade built on a misread file is worse
//! than no grade: an id the quiz does not know (a typo, or an old form), a
//! question with no line at all, a list where text belongs, or a letter that
//! is not an option is an error naming the line or id. An empty answer
//! (`""`) is allowed and counts as wrong – that is what the form starts as.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml::Spanned;

use crate::bank::Bank;
use crate::judge::{Response, parse_letters};
use crate::question::{Answering, Question, letter, line_of, toml_error};
use crate::titles::part_title;

/// The answers of one file, by question id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Each answered question's response.
    pub answers: BTreeMap<String, Response>,
}

/// Reads a filled-in answers file.
///
/// `known` is the whole quiz (every id a file may name); `graded` are the
/// questions being graded now (with `--lesson`, a part of them), each of
/// which must have a line.
///
/// # Errors
///
/// Every problem, one line each, naming the line of the file or the id:
/// TOML syntax, unknown ids, answers of the wrong type or with letters that
/// are not options, questions without an answer.
pub fn parse_sheet(text: &str, known: &Bank, graded: &[Question]) -> Result<Sheet, Vec<String>> {
    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| vec![toml_error(text, &e)])?;
    let mut problems = Vec::new();
    let mut sheet = Sheet::default();
    for (key, value) in &table {
        let id = key.get_ref();
        let line = line_of(text, key.span().start);
        let Some(question) = known.get(id) else {
            problems.push(format!(
                "line {line}: no question has the id `{id}` (`quiz --template` lists every id)"
            ));
            continue;
        };
        match response(question, value.get_ref()) {
            Ok(response) => {
                sheet.answers.insert(id.clone(), response);
            }
            Err(reason) => problems.push(format!("line {line}: `{id}`: {reason}")),
        }
    }
    let missing: Vec<&str> = graded
        .iter()
        .map(|q| q.id.as_str())
        .filter(|id| !table.keys().any(|key| key.get_ref() == id))
        .collect();
    match missing.as_slice() {
        [] => {}
        [id] => problems.push(format!(
            "no answer for `{id}` (give `{id} = \"\"` to leave it unanswered)"
        )),
        ids => {
            let named: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
            problems.push(format!(
                "no answer for {} questions: {} (every question needs a line, `id = \"\"` \
                 leaves one unanswered; a file for one lesson is graded with --lesson N)",
                ids.len(),
                named.join(", ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(sheet)
    } else {
        Err(problems)
    }
}

/// Reads one answer value for `question`.
fn response(question: &Question, value: &toml::Value) -> Result<Response, String> {
    if value.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(Response::Blank);
    }
    match (&question.answering, value) {
        (Answering::Choice(choice), toml::Value::String(text)) => {
            parse_letters(text, choice.options.len()).map(Response::Letters)
        }
        (Answering::Choice(choice), toml::Value::Array(items)) => {
            let mut letters = String::new();
            for item in items {
                let Some(text) = item.as_str() else {
                    return Err(format!("expected letters in quotes, found {item}"));
                };
                letters.push_str(text);
                letters.push(' ');
            }
            if letters.trim().is_empty() {
                return Ok(Response::Blank);
            }
            parse_letters(&letters, choice.options.len()).map(Response::Letters)
        }
        (Answering::Typed { .. }, toml::Value::String(text)) => Ok(Response::Text(text.clone())),
        (Answering::Typed { .. }, other) => Err(format!(
            "expected the answer as text in quotes, found {}",
            other.type_str()
        )),
        (Answering::Choice(_), other) => Err(format!(
            "expected a letter in quotes (or a list of them), found {}",
            other.type_str()
        )),
    }
}

/// The form to fill in: every question as a comment (prompt and options),
/// then its id with an empty answer.
pub fn template(questions: &[Question]) -> String {
    let mut out = String::from(
        "# Week 04 quiz – answers form.\n\
         #\n\
         # Fill in every answer between the quotes and hand the file in:\n\
         #   a choice:                     l01-example = \"b\"\n\
         #   \"choose every right answer\":  l01-example = [\"a\", \"c\"]\n\
         #   a short answer:               l01-example = \"Content-Length\"\n\
         # An answer left empty counts as wrong; do not delete or rename a line.\n\
         # The questions with their programs are also in quiz/quiz.md.\n",
    );
    let mut part = None;
    for question in questions {
        if part != Some(question.part) {
            part = Some(question.part);
            let _ = write!(out, "\n# ── {} ──\n", part_title(question.part));
        }
        let _ = writeln!(out, "\n#");
        for line in question.prompt.trim_end().lines() {
            let _ = writeln!(out, "# {line}");
        }
        if let Some(program) = &question.program {
            let _ = writeln!(
                out,
                "#   (the program: quiz/{})",
                Bank::program_path(&program.name).display()
            );
        }
        match &question.answering {
            Answering::Choice(choice) => {
                for (i, option) in choice.options.iter().enumerate() {
                    let mut lines = option.lines();
                    let _ = writeln!(
                        out,
                        "#   {}) {}",
                        letter(i),
                        lines.next().unwrap_or_default()
                    );
                    for more in lines {
                        let _ = writeln!(out, "#      {more}");
                    }
                }
                let how = if choice.several {
                    "choose every answer that is right"
                } else {
                    "choose one"
                };
                let _ = writeln!(out, "#   ({how})");
                let empty = if choice.several { "[]" } else { "\"\"" };
                let _ = writeln!(out, "{} = {empty}", question.id);
            }
            Answering::Typed { .. } => {
                let _ = writeln!(out, "#   (type the answer)");
                let _ = writeln!(out, "{} = \"\"", question.id);
            }
        }
    }
    out.trim_end()
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect()
}

/// The answer key: the same file, filled in with the right answers.
pub fn key(questions: &[Question]) -> String {
    let mut out = String::from("# Week 04 quiz – the answer key.\n");
    let mut part = None;
    for question in questions {
        if part != Some(question.part) {
            part = Some(question.part);
            let _ = write!(out, "\n# {}\n", part_title(question.part));
        }
        let _ = writeln!(out, "{} = {}", question.id, question.key());
    }
    out
}
