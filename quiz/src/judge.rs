//! Reading a student's answer and deciding whether it is right.
//!
//! The interactive quiz and the answers-file grader both end here, so a
//! question is judged the same way wherever it is answered:
//!
//! * a choice with one right option is right when exactly that letter is
//!   given;
//! * a "choose every right answer" choice is right when the chosen set is
//!   exactly the right set – a missing right option or an extra wrong one
//!   makes it wrong, as in mdbook-quiz, so guessing "all of them" never pays;
//! * a typed answer is right when it [normalises](normalise) to one of the
//!   accepted answers.

use crate::question::{Answering, Question, index_of_letter, letter, normalise};

/// What a student gave for one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Options chosen, as canonical indices (0 is `a` in the file's order).
    Letters(Vec<usize>),
    /// A typed answer.
    Text(String),
    /// Nothing (an empty answer in a file).
    Blank,
}

/// Reads letters from what a student typed: `b`, `a c`, `a,c`, `ac` or
/// `A, C` all work.
///
/// # Returns
///
/// The indices of the letters, in the order typed, duplicates dropped.
///
/// # Errors
///
/// Names the first character that is not one of the `count` option
/// letters, or says that nothing was given.
pub fn parse_letters(input: &str, count: usize) -> Result<Vec<usize>, String> {
    let last = letter(count.saturating_sub(1));
    let mut chosen = Vec::new();
    for c in input.chars() {
        if c.is_whitespace() || c == ',' {
            continue;
        }
        match index_of_letter(c, count) {
            Some(index) if !chosen.contains(&index) => chosen.push(index),
            Some(_) => {}
            None => {
                return Err(format!(
                    "`{c}` is not an option: answer with a letter from a to {last}"
                ));
            }
        }
    }
    if chosen.is_empty() {
        return Err(format!("answer with a letter from a to {last}"));
    }
    Ok(chosen)
}

/// True when `response` is the right answer to `question`.
pub fn is_right(question: &Question, response: &Response) -> bool {
    match (&question.answering, response) {
        (Answering::Choice(choice), Response::Letters(given)) => {
            let mut given = given.clone();
            given.sort_unstable();
            given.dedup();
            given == choice.right
        }
        (Answering::Typed { accept }, Response::Text(text)) => {
            let typed = normalise(text);
            accept.iter().any(|a| normalise(a) == typed)
        }
        _ => false,
    }
}

/// A response as a person reads it: `b`, `a, c`, `"Host"` or `(no answer)`.
pub fn describe(response: &Response) -> String {
    match response {
        Response::Letters(given) => given
            .iter()
            .map(|&i| letter(i).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Response::Text(text) => format!("{text:?}"),
        Response::Blank => "(no answer)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::{Choice, Part};

    fn choice(right: Vec<usize>, several: bool) -> Question {
        Question {
            id: "l01-x".into(),
            part: Part::Lesson(1),
            section: "s".into(),
            prompt: "p".into(),
            explanation: "e".into(),
            program: None,
            answering: Answering::Choice(Choice {
                options: vec!["w".into(), "x".into(), "y".into(), "z".into()],
                right,
                several,
            }),
            line: 1,
        }
    }

    #[test]
    fn letters_in_every_spelling() {
        assert_eq!(parse_letters("b", 4), Ok(vec![1]));
        assert_eq!(parse_letters(" a, C ", 4), Ok(vec![0, 2]));
        assert_eq!(parse_letters("ca", 4), Ok(vec![2, 0]));
        assert_eq!(parse_letters("a a", 4), Ok(vec![0]));
        assert!(parse_letters("e", 4).unwrap_err().contains("a to d"));
        assert!(parse_letters("  ", 4).is_err());
    }

    #[test]
    fn several_must_be_exactly_the_right_set() {
        let q = choice(vec![0, 2], true);
        assert!(is_right(&q, &Response::Letters(vec![2, 0])));
        assert!(!is_right(&q, &Response::Letters(vec![0])));
        assert!(!is_right(&q, &Response::Letters(vec![0, 1, 2])));
        assert!(!is_right(&q, &Response::Blank));
    }

    #[test]
    fn one_answer_means_one_letter() {
        let q = choice(vec![1], false);
        assert!(is_right(&q, &Response::Letters(vec![1])));
        assert!(!is_right(&q, &Response::Letters(vec![1, 2])));
        assert!(!is_right(&q, &Response::Text("b".into())));
    }

    #[test]
    fn typed_answers_are_normalised() {
        let mut q = choice(vec![0], false);
        q.answering = Answering::Typed {
            accept: vec!["Transfer-Encoding".into(), "transfer encoding".into()],
        };
        assert!(is_right(&q, &Response::Text("  transfer-ENCODING ".into())));
        assert!(is_right(&q, &Response::Text("Transfer   Encoding".into())));
        assert!(!is_right(&q, &Response::Text("transfer-encodings".into())));
    }
}
