//! The questions hold together: every file parses, ids are unique, every
//! answer names an option, every section link leads to a heading of its
//! lesson, every tracing program prints what its question says, and
//! `quiz.md` is the text the questions make. `cargo harness verify` runs
//! these tests.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use quiz::bank::{Bank, default_dir};
use quiz::markdown::{render, section_problems};
use quiz::question::{Answering, Part};
use quiz::trace;

fn bank() -> Bank {
    Bank::load(&default_dir()).unwrap_or_else(|error| panic!("{error}"))
}

fn root() -> PathBuf {
    default_dir()
        .parent()
        .expect("the quiz lives inside the workspace")
        .to_path_buf()
}

/// Cargo builds every binary of the package before its integration tests,
/// all into one folder: the tracing programs sit beside `quiz`.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_quiz"))
        .parent()
        .expect("a folder")
        .to_path_buf()
}

#[test]
fn every_question_file_loads() {
    let bank = bank();
    assert!(
        bank.questions.len() >= 36,
        "the quiz promises at least 36 questions, it has {}",
        bank.questions.len()
    );
}

#[test]
fn every_lesson_has_five_questions_and_the_quest_six() {
    let bank = bank();
    for part in (1..=6).map(Part::Lesson).chain([Part::Quest]) {
        let count = bank.questions.iter().filter(|q| q.part == part).count();
        let least = if part == Part::Quest { 6 } else { 5 };
        assert!(
            count >= least,
            "{part} has {count} questions, at least {least} wanted"
        );
    }
}

#[test]
fn the_quiz_has_every_kind_of_question() {
    let bank = bank();
    let kinds: BTreeSet<&str> = bank.questions.iter().map(|q| q.kind()).collect();
    assert_eq!(kinds, BTreeSet::from(["choice", "short", "trace"]));
    assert!(
        bank.questions.iter().any(|q| matches!(&q.answering,
            Answering::Choice(c) if c.several && c.right.len() > 1)),
        "no question with several right answers"
    );
}

/// `--shuffle` changes the letters, so an explanation that says "(b) is
/// wrong" would point at the wrong option; it must name options by what
/// they say instead.
#[test]
fn explanations_do_not_name_option_letters() {
    let mut offenders = Vec::new();
    for question in &bank().questions {
        if let Some(place) = names_a_letter(&question.explanation) {
            offenders.push(format!("{}: \"{place}\"", question.id));
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

/// The first place where `text` names an option by letter: `(b)`, `b)`,
/// `option b`, `answer b` – a lone letter a to f, not the end of a word.
fn names_a_letter(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !('a'..='f').contains(&c) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let lone =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        let words_before: String = chars[i.saturating_sub(7)..i].iter().collect();
        let named = lone
            && (after == Some(')')
                || words_before.ends_with("option ")
                || words_before.ends_with("answer "));
        if named {
            let start = i.saturating_sub(10);
            let end = (i + 3).min(chars.len());
            return Some(chars[start..end].iter().collect());
        }
    }
    None
}

#[test]
fn letter_detection_knows_a_word_from_a_letter() {
    assert!(names_a_letter("so (b) is wrong").is_some());
    assert!(names_a_letter("option c says").is_some());
    assert!(names_a_letter("b) is tempting").is_some());
    assert!(names_a_letter("EPIPE) comes, and (see RFC) a").is_none());
    assert!(names_a_letter("the answer is what it prints").is_none());
}

#[test]
fn every_section_link_resolves() {
    let problems = section_problems(&bank(), &root());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_tracing_program_prints_its_stated_output() {
    let bank = bank();
    let failures: Vec<String> = bank
        .questions
        .iter()
        .filter_map(|q| trace::check(q, &bin_dir()).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(bank.questions.iter().any(|q| q.program.is_some()));
}

#[test]
fn every_program_belongs_to_a_question() {
    let bank = bank();
    let used: BTreeSet<String> = bank
        .questions
        .iter()
        .filter_map(|q| q.program.as_ref().map(|p| p.name.clone()))
        .collect();
    let present: BTreeSet<String> = fs::read_dir(default_dir().join("src/bin"))
        .expect("src/bin")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            if path.extension()? != "rs" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    let orphans: Vec<&String> = present.difference(&used).collect();
    assert!(
        orphans.is_empty(),
        "programs no question shows: {orphans:?}"
    );
}

#[test]
fn quiz_md_is_what_the_questions_make() {
    let committed = fs::read_to_string(default_dir().join("quiz.md")).unwrap_or_default();
    let generated = render(&bank(), &root());
    assert!(
        committed == generated,
        "quiz/quiz.md is out of date: run `cargo run -q -p quiz -- --markdown > quiz/quiz.md`"
    );
}

// The checks above must be able to fail: each is shown catching a planted
// defect.

#[test]
fn a_wrong_stated_output_is_caught() {
    let bank = bank();
    let mut question = bank
        .questions
        .iter()
        .find(|q| q.program.is_some() && matches!(q.answering, Answering::Choice(_)))
        .expect("a trace question with options")
        .clone();
    if let Answering::Choice(choice) = &mut question.answering {
        let wrong = (0..choice.options.len())
            .find(|i| !choice.right.contains(i))
            .expect("a wrong option");
        choice.right = vec![wrong];
    }
    let error = trace::check(&question, &bin_dir()).expect_err("the program prints another option");
    assert!(
        error.contains("but the question says the right answer is option"),
        "{error}"
    );
}

#[test]
fn a_missing_program_binary_is_caught() {
    let bank = bank();
    let mut question = bank
        .questions
        .iter()
        .find(|q| q.program.is_some())
        .expect("a trace question")
        .clone();
    if let Some(program) = &mut question.program {
        program.name = "no-such-program".to_string();
    }
    let error = trace::check(&question, &bin_dir()).expect_err("nothing to run");
    assert!(error.contains("was not built"), "{error}");
}

#[test]
fn a_section_without_its_heading_is_caught() {
    let mut bank = bank();
    bank.questions.truncate(2);
    bank.questions[0].section = "lessons/01-http-request-shape.md#no-such-heading".to_string();
    bank.questions[1].section = "quest/quest.md#pitfalls".to_string();
    let problems = section_problems(&bank, &root());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("has no heading #no-such-heading"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("is not in lessons/01-"),
        "{problems:?}"
    );
}
