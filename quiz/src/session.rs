//! The interactive quiz: one question at a time, feedback at once, a score
//! at the end.
//!
//! The session reads answers line by line from any [`BufRead`] and writes
//! to any [`Write`], so the same code serves a person at a terminal and a
//! test that pipes a file of answers in. It never waits for anything but
//! the next line: at the end of the input it stops and prints the score so
//! far, exactly as when the student types `q`.
//!
//! With a seed, the questions *and* each question's options are shuffled.
//! Letters are then the letters shown on screen; the session maps them back
//! to the file's order before judging, so the key never changes.

use std::io::{self, BufRead, Write};

use crate::bank::Bank;
use crate::judge::{Response, is_right, parse_letters};
use crate::question::{Answering, Question, letter};
use crate::shuffle::Rng;
use crate::titles::part_title;

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Questions in the session.
    pub total: usize,
    /// Questions answered before the end (or `q`).
    pub answered: usize,
    /// Of those, how many were right.
    pub right: usize,
}

/// One question as shown: its options in display order.
struct Shown<'q> {
    question: &'q Question,
    /// `order[i]` is the canonical index of the option shown as letter `i`.
    order: Vec<usize>,
}

/// What the student typed for one question.
enum Reply {
    Answer(Response),
    Stop,
}

/// Runs a quiz over `questions`, shuffled when `seed` is given.
///
/// # Errors
///
/// Only when reading the input or writing the output fails.
pub fn run<R: BufRead, W: Write>(
    questions: &[Question],
    seed: Option<u64>,
    mut input: R,
    mut out: W,
) -> io::Result<Outcome> {
    let mut shown: Vec<Shown> = questions
        .iter()
        .map(|question| Shown {
            question,
            order: match &question.answering {
                Answering::Choice(choice) => (0..choice.options.len()).collect(),
                Answering::Typed { .. } => Vec::new(),
            },
        })
        .collect();
    if let Some(seed) = seed {
        let mut rng = Rng::new(seed);
        rng.shuffle(&mut shown);
        for item in &mut shown {
            rng.shuffle(&mut item.order);
        }
    }

    writeln!(out, "Week 04 quiz: {} questions.", shown.len())?;
    if let Some(seed) = seed {
        writeln!(
            out,
            "Shuffled with seed {seed}: `--shuffle --seed {seed}` gives this order again."
        )?;
    }
    writeln!(
        out,
        "Answer with a letter (several letters where every right answer is asked for),\n\
         or type the answer. `q` stops and shows the score so far."
    )?;

    let mut outcome = Outcome {
        total: shown.len(),
        answered: 0,
        right: 0,
    };
    let mut tally: Vec<(String, usize, usize)> = Vec::new();
    for (number, item) in shown.iter().enumerate() {
        ask(&mut out, item, number + 1, shown.len())?;
        let Reply::Answer(response) = read_reply(&mut input, &mut out, item)? else {
            break;
        };
        let right = is_right(item.question, &response);
        feedback(&mut out, item, right)?;
        outcome.answered += 1;
        outcome.right += usize::from(right);
        let title = part_title(item.question.part);
        match tally.iter_mut().find(|(t, _, _)| *t == title) {
            Some(entry) => {
                entry.1 += usize::from(right);
                entry.2 += 1;
            }
            None => tally.push((title, usize::from(right), 1)),
        }
    }
    summary(&mut out, &outcome, tally)?;
    Ok(outcome)
}

fn ask<W: Write>(out: &mut W, item: &Shown, number: usize, total: usize) -> io::Result<()> {
    let question = item.question;
    writeln!(
        out,
        "\n── Question {number} of {total} · {} · {} ──\n",
        question.part, question.id
    )?;
    writeln!(out, "{}", question.prompt.trim_end())?;
    if let Some(program) = &question.program {
        writeln!(
            out,
            "\n    // quiz/{}",
            Bank::program_path(&program.name).display()
        )?;
        for (n, line) in program.code.lines().enumerate() {
            writeln!(out, "{:>3} │ {line}", n + 1)?;
        }
    }
    if let Answering::Choice(choice) = &question.answering {
        writeln!(out)?;
        for (shown_at, &canonical) in item.order.iter().enumerate() {
            let mut lines = choice.options[canonical].lines();
            writeln!(
                out,
                "  {}) {}",
                letter(shown_at),
                lines.next().unwrap_or_default()
            )?;
            for more in lines {
                writeln!(out, "     {more}")?;
            }
        }
    }
    Ok(())
}

/// Reads lines until one is a usable answer, `q`, or the input ends.
fn read_reply<R: BufRead, W: Write>(input: &mut R, out: &mut W, item: &Shown) -> io::Result<Reply> {
    let instruction = match &item.question.answering {
        Answering::Choice(choice) if choice.several => format!(
            "Choose every answer that is right (letters a to {}):",
            letter(choice.options.len() - 1)
        ),
        Answering::Choice(choice) => {
            format!("Choose one (a to {}):", letter(choice.options.len() - 1))
        }
        Answering::Typed { .. } => "Type your answer:".to_string(),
    };
    writeln!(out, "\n{instruction}")?;
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(out, "\n(end of input)")?;
            return Ok(Reply::Stop);
        }
        let line = line.trim();
        if line.eq_ignore_ascii_case("q") || line.eq_ignore_ascii_case("quit") {
            return Ok(Reply::Stop);
        }
        match &item.question.answering {
            Answering::Choice(choice) => match parse_letters(line, choice.options.len()) {
                Ok(letters) if !choice.several && letters.len() > 1 => {
                    writeln!(out, "This question has one right answer: give one letter.")?;
                }
                Ok(letters) => {
                    let canonical = letters.iter().map(|&shown| item.order[shown]).collect();
                    return Ok(Reply::Answer(Response::Letters(canonical)));
                }
                Err(reason) => writeln!(out, "{reason}.")?,
            },
            Answering::Typed { .. } if line.is_empty() => {
                writeln!(out, "Type an answer, or q to stop.")?;
            }
            Answering::Typed { .. } => return Ok(Reply::Answer(Response::Text(line.to_string()))),
        }
    }
}

fn feedback<W: Write>(out: &mut W, item: &Shown, right: bool) -> io::Result<()> {
    let question = item.question;
    if right {
        writeln!(out, "\nRight.")?;
    } else {
        let answer = match &question.answering {
            Answering::Choice(choice) => {
                let mut letters: Vec<char> = choice
                    .right
                    .iter()
                    .filter_map(|r| item.order.iter().position(|o| o == r).map(letter))
                    .collect();
                letters.sort_unstable();
                let letters: Vec<String> = letters.iter().map(char::to_string).collect();
                letters.join(", ")
            }
            Answering::Typed { accept } => format!("{:?}", accept[0]),
        };
        writeln!(out, "\nNot quite: the answer is {answer}.")?;
    }
    writeln!(out, "{}", question.explanation.trim_end())?;
    writeln!(out, "Reread: {}", question.section)?;
    Ok(())
}

fn summary<W: Write>(
    out: &mut W,
    outcome: &Outcome,
    tally: Vec<(String, usize, usize)>,
) -> io::Result<()> {
    writeln!(out, "\n── Your score ──\n")?;
    let width = tally
        .iter()
        .map(|(t, _, _)| t.chars().count())
        .max()
        .unwrap_or(0);
    for (title, right, asked) in &tally {
        writeln!(out, "  {title:<width$}  {right:>2}/{asked}")?;
    }
    if outcome.answered < outcome.total {
        writeln!(
            out,
            "\nstopped after {} of {} questions",
            outcome.answered, outcome.total
        )?;
    }
    writeln!(out, "\nscore: {}/{}", outcome.right, outcome.answered)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::{Choice, Part};

    fn questions() -> Vec<Question> {
        let choice = |id: &str, right: Vec<usize>, several| Question {
            id: id.into(),
            part: Part::Lesson(1),
            section: "lessons/01-x.md#y".into(),
            prompt: format!("Prompt of {id}?"),
            explanation: "Because.".into(),
            program: None,
            answering: Answering::Choice(Choice {
                options: vec!["zero".into(), "one".into(), "two".into()],
                right,
                several,
            }),
            line: 1,
        };
        let mut typed = choice("l01-c", vec![0], false);
        typed.answering = Answering::Typed {
            accept: vec!["Host".into()],
        };
        vec![
            choice("l01-a", vec![1], false),
            choice("l01-b", vec![0, 2], true),
            typed,
        ]
    }

    fn session(input: &str, seed: Option<u64>) -> (Outcome, String) {
        let mut out = Vec::new();
        let outcome = run(&questions(), seed, input.as_bytes(), &mut out).expect("runs");
        (outcome, String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn a_full_session_scores_every_answer() {
        let (outcome, text) = session("b\na, c\n host \n", None);
        assert_eq!(
            outcome,
            Outcome {
                total: 3,
                answered: 3,
                right: 3
            }
        );
        assert!(text.ends_with("score: 3/3\n"), "{text}");
    }

    #[test]
    fn bad_input_asks_again_and_the_end_of_input_stops() {
        let (outcome, text) = session("x\nb c\nb\n", None);
        assert!(text.contains("`x` is not an option"), "{text}");
        assert!(text.contains("give one letter"), "{text}");
        assert_eq!((outcome.answered, outcome.right), (1, 1));
        assert!(text.contains("stopped after 1 of 3 questions"), "{text}");
    }

    #[test]
    fn a_wrong_answer_shows_the_right_one() {
        let (_, text) = session("a\nq\n", None);
        assert!(text.contains("Not quite: the answer is b."), "{text}");
        assert!(text.contains("Reread: lessons/01-x.md#y"), "{text}");
    }

    #[test]
    fn shuffled_letters_are_mapped_back() {
        // Read the first question and its options off the screen, answer it
        // by the options' text, and expect the session to judge it right.
        let (_, text) = session("q\n", Some(11));
        let first = text.split("Choose").next().unwrap_or_default();
        let letter_of = |option: &str| {
            first
                .lines()
                .find_map(|l| l.trim().strip_suffix(&format!(") {option}")))
                .unwrap_or_default()
                .to_string()
        };
        let answer = if first.contains("Prompt of l01-a") {
            letter_of("one")
        } else if first.contains("Prompt of l01-b") {
            format!("{}{}", letter_of("zero"), letter_of("two"))
        } else {
            "host".to_string()
        };
        let (outcome, _) = session(&format!("{answer}\nq\n"), Some(11));
        assert_eq!((outcome.answered, outcome.right), (1, 1), "{text}");
        // And the seed really reorders: some seed puts another question first.
        let firsts: std::collections::BTreeSet<String> = (0..8)
            .map(|seed| session("q\n", Some(seed)).1)
            .map(|t| {
                t.lines()
                    .find(|l| l.contains("Question 1 of"))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert!(firsts.len() > 1, "{firsts:?}");
    }
}
