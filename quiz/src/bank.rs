//! The question bank: every question file of the quiz, loaded and checked.
//!
//! The bank is a folder laid out like `quiz/`: question files in
//! `questions/*.toml` and the tracing programs in `src/bin/*.rs`. Loading
//! reads every file, checks every question (see [`crate::question`]), and
//! then checks what no single file can: that ids are unique across the
//! quiz and that each part appears in one file only. Problems are collected,
//! not stopped at, so a maintainer sees all of them at once.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::question::{Part, Question, parse_file};

/// Every question, in the order a student takes them: lessons 1 to 6, then
/// the quest; within a part, in file order.
#[derive(Debug, Clone)]
pub struct Bank {
    /// The folder the bank was loaded from.
    pub dir: PathBuf,
    /// The questions.
    pub questions: Vec<Question>,
}

/// Why a bank could not be loaded: one line per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Each problem, naming the file and line (and the question's id).
    pub problems: Vec<String>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the questions do not load:")?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// The quiz folder of this checkout (the one holding `questions/`).
pub fn default_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Bank {
    /// Loads and checks every question under `dir`.
    ///
    /// # Errors
    ///
    /// Lists every problem: an unreadable or malformed file, an invalid
    /// question, a tracing program with no source file, a repeated id, a
    /// part spread over two files, or no questions at all.
    pub fn load(dir: &Path) -> Result<Bank, LoadError> {
        let mut problems = Vec::new();
        let questions_dir = dir.join("questions");
        let mut files: Vec<PathBuf> = match fs::read_dir(&questions_dir) {
            Ok(entries) => entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
                .collect(),
            Err(error) => {
                return Err(LoadError {
                    problems: vec![format!("cannot read {}: {error}", questions_dir.display())],
                });
            }
        };
        files.sort();

        let mut by_part: BTreeMap<Part, (String, Vec<Question>)> = BTreeMap::new();
        for file in &files {
            let shown = format!("questions/{}", file_name(file));
            let text = match fs::read_to_string(file) {
                Ok(text) => text,
                Err(error) => {
                    problems.push(format!("{shown}: cannot read it: {error}"));
                    continue;
                }
            };
            match parse_file(&text) {
                Ok((part, mut questions)) => {
                    for question in &mut questions {
                        if let Err(problem) = read_program(dir, question) {
                            problems.push(format!("{shown}:{}: {problem}", question.line));
                        }
                    }
                    if let Some((other, _)) = by_part.get(&part) {
                        problems.push(format!("{shown}: {part} already has a file, {other}"));
                    } else {
                        by_part.insert(part, (shown, questions));
                    }
                }
                Err(found) => problems.extend(found.into_iter().map(|p| format!("{shown}: {p}"))),
            }
        }

        let mut first_seen: BTreeMap<String, String> = BTreeMap::new();
        for (file, questions) in by_part.values() {
            for question in questions {
                let here = format!("{file}:{}", question.line);
                if let Some(there) = first_seen.insert(question.id.clone(), here.clone()) {
                    problems.push(format!(
                        "{here}: id `{}` is already used at {there}",
                        question.id
                    ));
                }
            }
        }
        if problems.is_empty() && first_seen.is_empty() {
            problems.push(format!("{} holds no questions", questions_dir.display()));
        }
        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        let questions = by_part.into_values().flat_map(|(_, qs)| qs).collect();
        Ok(Bank {
            dir: dir.to_path_buf(),
            questions,
        })
    }

    /// The parts that have questions, in order.
    pub fn parts(&self) -> Vec<Part> {
        let mut parts: Vec<Part> = self.questions.iter().map(|q| q.part).collect();
        parts.dedup();
        parts
    }

    /// Only the questions of `part`.
    pub fn only(mut self, part: Part) -> Bank {
        self.questions.retain(|q| q.part == part);
        self
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The source file of a tracing program, relative to the bank.
    pub fn program_path(name: &str) -> PathBuf {
        Path::new("src/bin").join(format!("{name}.rs"))
    }
}

/// Fills in a tracing question's program source.
fn read_program(dir: &Path, question: &mut Question) -> Result<(), String> {
    let Some(program) = &mut question.program else {
        return Ok(());
    };
    let relative = Bank::program_path(&program.name);
    match fs::read_to_string(dir.join(&relative)) {
        Ok(code) => {
            program.code = code;
            Ok(())
        }
        Err(error) => Err(format!(
            "question `{}`: program {:?} has no source {}: {error}",
            question.id,
            program.name,
            relative.display()
        )),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
