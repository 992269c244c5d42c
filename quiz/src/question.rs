//! What a question is, and how one is written down in TOML.
//!
//! A question file names the part of the week it belongs to and lists its
//! questions (the format is described in `quiz/README.md`). Parsing happens
//! in two steps: serde reads the file into plain "raw" structs that mirror
//! the TOML, then [`parse_file`] checks each raw question and turns it into
//! a [`Question`] whose shape makes the rules impossible to break – a choice
//! always has options and at least one right one, a trace always has a
//! program. Everything after loading works with checked questions only.

use std::fmt;

use serde::Deserialize;
use toml::Spanned;

/// The part of the week a question belongs to: a lesson or the quest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Lesson 1 to 6.
    Lesson(u8),
    /// The quest (`quest/quest.md`).
    Quest,
}

impl Part {
    /// The prefix every id of this part starts with: `l02-`, `quest-`.
    pub fn id_prefix(self) -> String {
        match self {
            Part::Lesson(n) => format!("l{n:02}-"),
            Part::Quest => "quest-".to_string(),
        }
    }

    /// Parses what `--lesson` takes: `1` to `6`, or `quest`.
    ///
    /// # Errors
    ///
    /// Names what was given and what is accepted.
    pub fn from_arg(arg: &str) -> Result<Part, String> {
        if arg.eq_ignore_ascii_case("quest") {
            return Ok(Part::Quest);
        }
        match arg.parse::<u8>() {
            Ok(n @ 1..=6) => Ok(Part::Lesson(n)),
            _ => Err(format!("--lesson takes 1 to 6 or `quest`, not `{arg}`")),
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Lesson(n) => write!(f, "lesson {n}"),
            Part::Quest => f.write_str("quest"),
        }
    }
}

/// One checked question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Unique across the quiz, e.g. `l02-both-framings`; answers files use it.
    pub id: String,
    /// The lesson (or the quest) it belongs to.
    pub part: Part,
    /// Where the point is taught: `path#anchor` from the workspace root.
    pub section: String,
    /// The question itself, printed as written.
    pub prompt: String,
    /// Why the right answer is right, shown after answering.
    pub explanation: String,
    /// For a tracing question: the program whose output is asked for.
    pub program: Option<Program>,
    /// How the question is answered.
    pub answering: Answering,
    /// The line of the question's `[[question]]` table in its file.
    pub line: usize,
}

/// The program of a tracing question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The binary's name: `quiz/src/bin/<name>.rs`.
    pub name: String,
    /// Its source, as the student is shown it (filled in by the loader).
    pub code: String,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answering {
    /// Pick from options.
    Choice(Choice),
    /// Type a word, a phrase or a program's output.
    Typed {
        /// The accepted answers, as written in the file.
        accept: Vec<String>,
    },
}

/// The options of a choice and which of them are right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The options in their canonical order (a, b, c, …).
    pub options: Vec<String>,
    /// Indices of the right options, ascending, never empty.
    pub right: Vec<usize>,
    /// True when the student is asked to choose every right answer (the
    /// file's `answer` was a list); false for "choose one".
    pub several: bool,
}

/// The most options a choice may have (a to f).
pub const MAX_OPTIONS: usize = 6;

/// The letter shown for option `index`: 0 → `a`.
pub fn letter(index: usize) -> char {
    char::from(b'a' + u8::try_from(index).unwrap_or(25).min(25))
}

/// The option index a letter names, if it is one of `count` options.
pub fn index_of_letter(letter: char, count: usize) -> Option<usize> {
    let letter = letter.to_ascii_lowercase();
    if !letter.is_ascii_lowercase() {
        return None;
    }
    let index = usize::from(letter as u8 - b'a');
    (index < count).then_some(index)
}

impl Question {
    /// A word for the kind of question, as files and reports say it.
    pub fn kind(&self) -> &'static str {
        match (&self.program, &self.answering) {
            (Some(_), _) => "trace",
            (None, Answering::Choice(_)) => "choice",
            (None, Answering::Typed { .. }) => "short",
        }
    }

    /// The right answer as an answers file writes it: `"b"`, `["a", "c"]`,
    /// or the first accepted text.
    pub fn key(&self) -> toml::Value {
        match &self.answering {
            Answering::Choice(choice) if choice.several => toml::Value::Array(
                choice
                    .right
                    .iter()
                    .map(|&i| toml::Value::String(letter(i).to_string()))
                    .collect(),
            ),
            Answering::Choice(choice) => toml::Value::String(letter(choice.right[0]).to_string()),
            Answering::Typed { accept } => toml::Value::String(accept[0].clone()),
        }
    }

    /// The right answer for a person: `b`, `a, c`, or `"Host"`.
    pub fn key_text(&self) -> String {
        match &self.answering {
            Answering::Choice(choice) => choice
                .right
                .iter()
                .map(|&i| letter(i).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Answering::Typed { accept } => format!("{:?}", accept[0]),
        }
    }
}

/// A question file as serde reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lesson: RawPart,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

/// `lesson = 2` or `lesson = "quest"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawPart {
    Number(i64),
    Name(String),
}

/// One `[[question]]` table as serde reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: String,
    section: String,
    prompt: String,
    explanation: String,
    options: Option<Vec<String>>,
    answer: Option<RawAnswer>,
    accept: Option<Vec<String>>,
    program: Option<String>,
}

/// `answer = "b"` or `answer = ["a", "c"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawAnswer {
    One(String),
    Several(Vec<String>),
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses one question file. Programs are named but not read yet (the
/// loader fills in [`Program::code`]).
///
/// # Errors
///
/// Every problem found, each naming the line and, where there is one, the
/// question's id: TOML syntax, unknown or missing fields, a `kind` that does
/// not fit its fields, an answer letter that names no option, an id
/// without its part's prefix.
pub fn parse_file(text: &str) -> Result<(Part, Vec<Question>), Vec<String>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![toml_error(text, &e)])?;
    let part = match raw.lesson {
        RawPart::Number(n @ 1..=6) => Part::Lesson(n as u8),
        RawPart::Name(name) if name == "quest" => Part::Quest,
        RawPart::Number(n) => {
            return Err(vec![format!(
                "line 1: lesson {n} does not exist (1 to 6, or \"quest\")"
            )]);
        }
        RawPart::Name(name) => {
            return Err(vec![format!(
                "line 1: lesson = {name:?}: give 1 to 6, or \"quest\""
            )]);
        }
    };
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    for spanned in raw.question {
        let line = line_of(text, spanned.span().start);
        let raw = spanned.into_inner();
        let id = raw.id.clone();
        match check(part, raw, line) {
            Ok(question) => questions.push(question),
            Err(reason) => problems.push(format!("line {line}: question `{id}`: {reason}")),
        }
    }
    if problems.is_empty() {
        Ok((part, questions))
    } else {
        Err(problems)
    }
}

/// `line L, column C: message` for a TOML error.
pub fn toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim();
    match error.span() {
        Some(span) => {
            let line = line_of(text, span.start);
            let line_start = text[..span.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let column = text[line_start..span.start.min(text.len())].chars().count() + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

/// Turns a raw question into a checked one, or says what is wrong with it.
fn check(part: Part, raw: RawQuestion, line: usize) -> Result<Question, String> {
    let prefix = part.id_prefix();
    if !raw.id.starts_with(&prefix) || raw.id.len() == prefix.len() {
        return Err(format!("the id must start with `{prefix}` ({part}'s file)"));
    }
    if !raw
        .id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err("an id is lower-case letters, digits and hyphens".to_string());
    }
    for (field, text) in [
        ("prompt", &raw.prompt),
        ("explanation", &raw.explanation),
        ("section", &raw.section),
    ] {
        if text.trim().is_empty() {
            return Err(format!("`{field}` is empty"));
        }
    }
    let program = match (raw.kind.as_str(), raw.program) {
        ("trace", Some(name)) => Some(Program {
            name,
            code: String::new(),
        }),
        ("trace", None) => return Err("a trace question names its `program`".to_string()),
        ("choice" | "short", Some(_)) => {
            return Err(format!(
                "a {} question has no `program` (use kind = \"trace\")",
                raw.kind
            ));
        }
        ("choice" | "short", None) => None,
        (other, _) => {
            return Err(format!(
                "kind = {other:?}: give \"choice\", \"short\" or \"trace\""
            ));
        }
    };
    let answering = match (raw.kind.as_str(), raw.options, raw.answer, raw.accept) {
        ("choice" | "trace", Some(options), Some(answer), None) => {
            Answering::Choice(check_choice(options, answer)?)
        }
        ("short" | "trace", None, None, Some(accept)) => {
            if accept.iter().all(|a| normalise(a).is_empty()) {
                return Err("`accept` needs at least one non-empty answer".to_string());
            }
            Answering::Typed { accept }
        }
        ("choice", ..) => {
            return Err("a choice has `options` and `answer`, and no `accept`".to_string());
        }
        ("short", ..) => {
            return Err("a short answer has `accept`, and no `options` or `answer`".to_string());
        }
        _ => {
            return Err(
                "a trace has either `options` and `answer`, or `accept` – not both".to_string(),
            );
        }
    };
    Ok(Question {
        id: raw.id,
        part,
        section: raw.section,
        prompt: raw.prompt,
        explanation: raw.explanation,
        program,
        answering,
        line,
    })
}

/// Checks that the answer letters name options, once each.
fn check_choice(options: Vec<String>, answer: RawAnswer) -> Result<Choice, String> {
    if !(2..=MAX_OPTIONS).contains(&options.len()) {
        return Err(format!(
            "a choice has 2 to {MAX_OPTIONS} options, not {}",
            options.len()
        ));
    }
    if let Some(blank) = options.iter().position(|o| o.trim().is_empty()) {
        return Err(format!("option {} is empty", letter(blank)));
    }
    let (letters, several) = match answer {
        RawAnswer::One(one) => (vec![one], false),
        RawAnswer::Several(list) => (list, true),
    };
    let last = letter(options.len() - 1);
    let mut right = Vec::new();
    for given in &letters {
        let mut chars = given.trim().chars();
        let index = match (chars.next(), chars.next()) {
            (Some(c), None) => index_of_letter(c, options.len()),
            _ => None,
        };
        let Some(index) = index else {
            return Err(format!(
                "answer {given:?} names no option (the options are a to {last})"
            ));
        };
        if right.contains(&index) {
            return Err(format!("answer {given:?} is given twice"));
        }
        right.push(index);
    }
    if right.is_empty() {
        return Err("`answer` names no option".to_string());
    }
    if right.len() == options.len() {
        return Err("every option is right: give at least one wrong option".to_string());
    }
    right.sort_unstable();
    Ok(Choice {
        options,
        right,
        several,
    })
}

/// A typed answer as it is compared: lower case, whitespace runs collapsed
/// to one space, no space at either end. `"  Content-LENGTH "` →
/// `"content-length"`.
pub fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"lesson = 2

[[question]]
id = "l02-one"
kind = "choice"
section = "lessons/02-x.md#a"
prompt = "Which?"
options = ["x", "y", "z"]
answer = "b"
explanation = "Because."

[[question]]
id = "l02-two"
kind = "short"
section = "lessons/02-x.md#a"
prompt = "Name it."
accept = ["Host"]
explanation = "Because."
"#;

    #[test]
    fn parses_a_file() {
        let (part, questions) = parse_file(FILE).expect("parses");
        assert_eq!(part, Part::Lesson(2));
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[0].line, 3);
        assert_eq!(questions[1].line, 12);
        assert_eq!(questions[0].kind(), "choice");
        assert_eq!(questions[0].key_text(), "b");
        assert_eq!(questions[1].key_text(), "\"Host\"");
    }

    #[test]
    fn a_letter_beyond_the_options_is_named() {
        let bad = FILE.replace(r#"answer = "b""#, r#"answer = ["a", "d"]"#);
        let problems = parse_file(&bad).expect_err("d is not an option");
        assert_eq!(
            problems,
            ["line 3: question `l02-one`: answer \"d\" names no option (the options are a to c)"]
        );
    }

    #[test]
    fn ids_carry_their_lessons_prefix() {
        let bad = FILE.replace("l02-two", "l03-two");
        let problems = parse_file(&bad).expect_err("wrong prefix");
        assert!(
            problems[0].contains("must start with `l02-`"),
            "{problems:?}"
        );
    }

    #[test]
    fn toml_errors_name_the_line() {
        let problems = parse_file("lesson = 2\n[[question]\n").expect_err("bad TOML");
        assert!(problems[0].starts_with("line 2, column"), "{problems:?}");
    }

    #[test]
    fn normalising_ignores_case_and_spacing() {
        assert_eq!(normalise("  Content-LENGTH \n"), "content-length");
        assert_eq!(normalise("a \t b"), "a b");
    }

    #[test]
    fn letters_and_indices() {
        assert_eq!(letter(0), 'a');
        assert_eq!(index_of_letter('C', 3), Some(2));
        assert_eq!(index_of_letter('d', 3), None);
        assert_eq!(index_of_letter('1', 3), None);
    }
}
