//! The quiz as readable text (`quiz/quiz.md`), and the section links it
//! depends on.
//!
//! `quiz.md` is generated from the questions, never written by hand, so the
//! text a student reads and the data the quiz grades cannot disagree; a test
//! fails when the committed file is not what the questions make. Each
//! question links to the lesson section that teaches it, and those links are
//! checked twice: here, where a question is named with its problem, and by
//! `cargo harness verify`, which checks every link of the course's Markdown.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use course::markdown::{heading_slugs, headings};

use crate::bank::Bank;
use crate::question::{Answering, Part, Question, letter};
use crate::titles::{part_text, part_title};

/// Checks every question's `section` against the course's texts under
/// `root` (the workspace root).
///
/// # Returns
///
/// One line per problem, naming the question: a section outside its
/// lesson's text (a quest question may point into any lesson), a missing
/// file, or an anchor that is no heading of it.
pub fn section_problems(bank: &Bank, root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for question in &bank.questions {
        if let Err(problem) = section_title(question, root) {
            problems.push(format!("question `{}`: {problem}", question.id));
        }
    }
    problems
}

/// The heading title a question's section names.
///
/// # Errors
///
/// Says why the section leads nowhere.
pub fn section_title(question: &Question, root: &Path) -> Result<String, String> {
    let section = &question.section;
    let Some((path, anchor)) = section.split_once('#') else {
        return Err(format!("section {section:?} needs a #anchor"));
    };
    let own = part_text(question.part).unwrap_or_default();
    let allowed = match question.part {
        Part::Lesson(_) => path == own,
        Part::Quest => path == own || path.starts_with("lessons/"),
    };
    if !allowed {
        return Err(format!(
            "section {section:?} is not in {own}, the text of {}",
            question.part
        ));
    }
    let text = fs::read_to_string(root.join(path))
        .map_err(|error| format!("section {section:?}: cannot read {path}: {error}"))?;
    headings(&text)
        .into_iter()
        .find(|(slug, _)| slug == anchor)
        .map(|(_, title)| title)
        .ok_or_else(|| format!("section {section:?}: {path} has no heading #{anchor}"))
}

/// `quiz/quiz.md`: every question without its answer, grouped by part, each
/// linked to the section that teaches it. `root` is the workspace root.
pub fn render(bank: &Bank, root: &Path) -> String {
    let parts = bank.parts();
    let part_headings: String = parts
        .iter()
        .map(|&part| format!("## {}\n", heading_of(part)))
        .collect();
    let anchors = heading_slugs(&part_headings);

    let mut out = String::new();
    let _ = write!(
        out,
        "# Week 04 quiz\n\n\
         <!-- Generated from quiz/questions/ by `cargo run -q -p quiz -- --markdown > quiz/quiz.md`.\n     \
         Edit the questions, not this file: a test fails when the two disagree. -->\n\n\
         {} questions on the why behind the week: what goes on the wire, what the\n\
         RFCs require and why, and what the kernel reports. Each links to the\n\
         section of the lesson that teaches it.\n\n\
         Take it in the terminal, one question at a time, with the explanation\n\
         shown after each answer:\n\n\
         ```sh\n\
         cargo run -q -p quiz                 # all of it; --lesson N for one lesson, --shuffle to mix\n\
         ```\n\n\
         Or answer on paper: `cargo run -q -p quiz -- --template > answers.toml`\n\
         writes a form to fill in, and `cargo run -q -p quiz -- --answers answers.toml`\n\
         grades it ([how the quiz works](README.md)).\n\n",
        bank.questions.len()
    );
    for (part, anchor) in parts.iter().zip(&anchors) {
        let count = bank.questions.iter().filter(|q| q.part == *part).count();
        let _ = writeln!(
            out,
            "- [{}](#{anchor}) – {count} questions",
            heading_of(*part)
        );
    }
    let mut number = 0;
    for part in parts {
        let _ = write!(out, "\n## {}\n", heading_of(part));
        if let Some(text) = part_text(part) {
            let _ = writeln!(out, "\nThe questions on [{}](../{text}).", part_title(part));
        }
        for question in bank.questions.iter().filter(|q| q.part == part) {
            number += 1;
            render_question(&mut out, question, number, root);
        }
    }
    out
}

/// `Lesson 2 – Headers & Content-Length`, `The quest – quest serve and quest get`.
fn heading_of(part: Part) -> String {
    let title = part_title(part);
    match part {
        Part::Lesson(_) => format!("L{}", &title[1..]),
        Part::Quest => format!("The {title}"),
    }
}

fn render_question(out: &mut String, question: &Question, number: usize, root: &Path) {
    let _ = write!(out, "\n### {number}. `{}`\n\n", question.id);
    let _ = writeln!(out, "{}", question.prompt.trim_end());
    if let Some(program) = &question.program {
        let _ = write!(
            out,
            "\n```rust\n// quiz/{}\n{}\n```\n",
            Bank::program_path(&program.name).display(),
            program.code.trim_end()
        );
    }
    let how = match &question.answering {
        Answering::Choice(choice) => {
            out.push('\n');
            for (i, option) in choice.options.iter().enumerate() {
                if option.trim_end().contains('\n') {
                    let _ = write!(
                        out,
                        "- **{})**\n\n  ```text\n{}\n  ```\n\n",
                        letter(i),
                        option
                            .trim_end()
                            .lines()
                            .map(|l| format!("  {l}").trim_end().to_string())
                            .collect::<Vec<_>>()
                            .join("\n")
                    );
                } else {
                    let _ = writeln!(out, "- **{})** {}", letter(i), option.trim());
                }
            }
            if choice.several {
                "Choose every answer that is right."
            } else {
                "Choose one answer."
            }
        }
        Answering::Typed { .. } => "Type the answer.",
    };
    let title = section_title(question, root).unwrap_or_else(|_| question.section.clone());
    let _ = writeln!(
        out,
        "\n*{how}* Taught in [{}](../{}).",
        title, question.section
    );
}
