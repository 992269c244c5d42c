//! The `quiz` command line, driven from the outside as a student or an
//! instructor would: grading the key and a doctored key, the answers-file
//! errors, and interactive sessions piped from standard input.
//!
//! Expected scores are computed from the question data (through the
//! library), never written down, so adding a question changes no test.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use quiz::bank::{Bank, default_dir};
use quiz::question::{Answering, Part, Question, letter};
use serde_json::Value;

fn quiz() -> Command {
    let mut command = Command::cargo_bin("quiz").expect("the quiz binary");
    command.timeout(std::time::Duration::from_secs(30));
    command
}

fn bank() -> Bank {
    Bank::load(&default_dir()).unwrap_or_else(|error| panic!("{error}"))
}

/// A scratch folder for one test's files, fresh each run, removed when
/// the test ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("quiz-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    Scratch(dir)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("write");
    path
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// A wrong answer to `question`, as an answers file writes it.
fn wrong_answer(question: &Question) -> String {
    match &question.answering {
        Answering::Choice(choice) => {
            let wrong = (0..choice.options.len())
                .find(|i| !choice.right.contains(i))
                .expect("a choice has a wrong option");
            if choice.several {
                format!("[\"{}\"]", letter(wrong))
            } else {
                format!("\"{}\"", letter(wrong))
            }
        }
        Answering::Typed { .. } => "\"certainly not this\"".to_string(),
    }
}

/// How a student types the right answer at the prompt.
fn typed_right_answer(question: &Question) -> String {
    match &question.answering {
        Answering::Choice(choice) => choice.right.iter().map(|&i| letter(i)).collect(),
        Answering::Typed { accept } => accept[0].clone(),
    }
}

#[test]
fn the_answer_key_scores_full_marks() {
    let bank = bank();
    let dir = scratch("key");
    let key = stdout_of(quiz().arg("--key"));
    let file = write(&dir, "key.toml", &key);
    let report = stdout_of(quiz().arg("--answers").arg(&file));
    let total = bank.questions.len();
    assert!(
        report.ends_with(&format!("score: {total}/{total}\n")),
        "{report}"
    );
    assert!(!report.contains("WRONG"), "{report}");
}

#[test]
fn one_wrong_answer_per_part_costs_exactly_one_point_each() {
    let bank = bank();
    let dir = scratch("one-wrong");
    let key = stdout_of(quiz().arg("--key"));
    // The first question of every part gets a wrong answer.
    let mut spoiled = Vec::new();
    let mut lines: Vec<String> = key.lines().map(str::to_string).collect();
    for part in bank.parts() {
        let first = bank
            .questions
            .iter()
            .find(|q| q.part == part)
            .expect("a part has questions");
        let line = lines
            .iter_mut()
            .find(|l| l.starts_with(&format!("{} = ", first.id)))
            .expect("the key has a line per question");
        *line = format!("{} = {}", first.id, wrong_answer(first));
        spoiled.push(first.id.clone());
    }
    let file = write(&dir, "answers.toml", &lines.join("\n"));

    let total = bank.questions.len();
    let parts = bank.parts().len();
    let report = stdout_of(quiz().arg("--answers").arg(&file));
    assert!(
        report.ends_with(&format!("score: {}/{total}\n", total - parts)),
        "{report}"
    );
    for id in &spoiled {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with("WRONG") && l.contains(id)),
            "{id} should be marked wrong:\n{report}"
        );
    }

    // The JSON report says the same, part by part.
    let json: Value = serde_json::from_str(&stdout_of(
        quiz()
            .arg("--answers")
            .arg(&file)
            .args(["--format", "json"]),
    ))
    .expect("JSON");
    assert_eq!(json["score"], total - parts);
    assert_eq!(json["max_score"], total);
    for subtotal in json["parts"].as_array().expect("parts") {
        assert_eq!(
            subtotal["score"].as_u64().expect("score") + 1,
            subtotal["max_score"].as_u64().expect("max"),
            "{subtotal}"
        );
    }
    let wrong: Vec<&str> = json["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .filter(|q| q["score"] == 0)
        .map(|q| q["id"].as_str().expect("id"))
        .collect();
    assert_eq!(wrong, spoiled);
}

#[test]
fn gradescope_results_have_a_test_per_question() {
    let bank = bank();
    let dir = scratch("gradescope");
    let template = stdout_of(quiz().arg("--template"));
    let file = write(&dir, "blank.toml", &template);
    let json: Value = serde_json::from_str(&stdout_of(
        quiz()
            .arg("--answers")
            .arg(&file)
            .args(["--format", "gradescope"]),
    ))
    .expect("results.json is JSON");
    assert_eq!(json["score"], 0, "an untouched form scores nothing");
    let tests = json["tests"].as_array().expect("tests");
    assert_eq!(tests.len(), bank.questions.len());
    for test in tests {
        assert_eq!(test["status"], "failed");
        assert_eq!(test["max_score"], 1);
        assert!(
            test["output"]
                .as_str()
                .is_some_and(|o| o.contains("the right answer is")),
            "{test}"
        );
    }
}

#[test]
fn gradescope_results_are_numbered_by_part_hidden_until_published_and_markdown() {
    let dir = scratch("gradescope-fields");
    let key = write(&dir, "key.toml", &stdout_of(quiz().arg("--key")));
    let json: Value = serde_json::from_str(&stdout_of(
        quiz()
            .arg("--answers")
            .arg(&key)
            .args(["--format", "gradescope"]),
    ))
    .expect("JSON");
    assert_eq!(json["visibility"], "after_published");
    assert_eq!(json["stdout_visibility"], "hidden");
    assert!(json.get("max_score").is_none(), "not a Gradescope field");
    assert!(json["execution_time"].as_u64().is_some());
    let tests = json["tests"].as_array().expect("tests");
    assert_eq!(tests[0]["number"], "1.1");
    assert_eq!(tests[1]["number"], "1.2");
    assert!(
        tests.last().is_some_and(|t| t["number"] == "7.7"),
        "{tests:?}"
    );
    assert!(
        tests
            .iter()
            .all(|t| t["output_format"] == "md" && t["visibility"] == "after_published")
    );
    let json: Value = serde_json::from_str(&stdout_of(quiz().arg("--answers").arg(&key).args([
        "--format",
        "gradescope",
        "--visibility",
        "visible",
    ])))
    .expect("JSON");
    assert_eq!(json["tests"][0]["visibility"], "visible");
}

#[test]
fn out_writes_the_report_atomically_and_an_unwritable_out_is_refused_first() {
    let dir = scratch("out");
    let key = write(&dir, "key.toml", &stdout_of(quiz().arg("--key")));
    let out = dir.join("results.json");
    fs::write(&out, "an older, longer file that must be replaced whole").expect("write");
    let printed = stdout_of(
        quiz()
            .arg("--answers")
            .arg(&key)
            .arg("--out")
            .arg(&out)
            .args(["--format", "classroom"]),
    );
    let max = bank().questions.len();
    assert_eq!(printed.trim(), format!("score: {max}/{max}"));
    let text = fs::read_to_string(&out).expect("written");
    assert_eq!(text.trim_end().lines().count(), 1, "one compact line");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["status"], "pass");
    assert_eq!(
        fs::read_dir(&*dir).expect("listed").count(),
        2,
        "no temporary left"
    );
    quiz()
        .arg("--answers")
        .arg(&key)
        .args(["--out", "/no/such/folder/results.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write there"));
}

#[test]
fn a_form_that_cannot_be_graded_is_still_a_report_in_machine_formats() {
    let dir = scratch("broken-report");
    let bad = write(&dir, "bad.toml", "this is [not toml\n");
    let json: Value = serde_json::from_str(&stdout_of(
        quiz()
            .arg("--answers")
            .arg(&bad)
            .args(["--format", "classroom"]),
    ))
    .expect("JSON");
    assert_eq!(json["status"], "error");
    assert!(
        json["tests"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("line 1"))
    );
    let json: Value = serde_json::from_str(&stdout_of(
        quiz()
            .arg("--answers")
            .arg(&bad)
            .args(["--format", "gradescope"]),
    ))
    .expect("JSON");
    assert_eq!(json["score"], 0);
    assert!(
        json["output"]
            .as_str()
            .is_some_and(|o| o.contains("cannot be graded"))
    );
    // A person at a terminal gets the problems and exit 2, as before.
    quiz().arg("--answers").arg(&bad).assert().code(2);
}

#[test]
fn classroom_stays_small_whatever_an_answer_holds() {
    let dir = scratch("classroom-flood");
    let bank = bank();
    let huge = "x".repeat(200_000);
    let mut form = String::new();
    for question in &bank.questions {
        form.push_str(&format!("{} = \"{huge}\"\n", question.id));
    }
    let file = write(&dir, "flood.toml", &form);
    let text = stdout_of(
        quiz()
            .arg("--answers")
            .arg(&file)
            .args(["--format", "classroom"]),
    );
    assert!(text.len() < 60_000, "{} bytes", text.len());
    let json: Value = serde_json::from_str(&text).expect("JSON");
    // "xxx…" is no letter: the form is refused, its problems quoted short.
    assert_eq!(json["status"], "error");
}

#[test]
fn grading_one_lesson_needs_only_its_answers() {
    let bank = bank();
    let dir = scratch("one-lesson");
    let key = stdout_of(quiz().args(["--key", "--lesson", "5"]));
    let count = bank
        .questions
        .iter()
        .filter(|q| q.part == Part::Lesson(5))
        .count();
    assert_eq!(key.matches(" = ").count(), count);
    let file = write(&dir, "lesson5.toml", &key);
    let report = stdout_of(quiz().arg("--answers").arg(&file).args(["--lesson", "5"]));
    assert!(
        report.ends_with(&format!("score: {count}/{count}\n")),
        "{report}"
    );
    // Graded on the whole quiz, the same file lacks every other answer.
    quiz()
        .arg("--answers")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "no answer for {} questions: `{}`",
            bank.questions.len() - count,
            bank.questions[0].id
        )));
}

/// Runs `--answers` on `text` and returns stderr, expecting exit status 2.
fn grading_error(name: &str, text: &str) -> String {
    let dir = scratch(name);
    let file = write(&dir, "answers.toml", text);
    let output = quiz().arg("--answers").arg(&file).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "nothing is graded");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The key with one line replaced (or removed, when `with` is empty).
fn key_with(id: &str, with: &str) -> String {
    let key = stdout_of(quiz().arg("--key"));
    key.lines()
        .filter_map(|l| {
            if l.starts_with(&format!("{id} = ")) {
                (!with.is_empty()).then(|| with.to_string())
            } else {
                Some(l.to_string())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_file_that_is_not_toml_names_the_line() {
    let bank = bank();
    let first = &bank.questions[0].id;
    let text = key_with(first, &format!("{first} = b"));
    let line = text
        .lines()
        .position(|l| l == format!("{first} = b"))
        .expect("the line")
        + 1;
    let stderr = grading_error("not-toml", &text);
    assert!(stderr.contains(&format!("line {line}, column")), "{stderr}");
}

#[test]
fn an_unknown_id_names_its_line_and_the_id() {
    let mut text = stdout_of(quiz().arg("--key"));
    text.push_str("l02-no-such-question = \"a\"\n");
    let line = text.lines().count();
    let stderr = grading_error("unknown-id", &text);
    assert!(
        stderr.contains(&format!(
            "line {line}: no question has the id `l02-no-such-question`"
        )),
        "{stderr}"
    );
}

#[test]
fn a_missing_answer_names_the_question() {
    let bank = bank();
    let id = &bank.questions[3].id;
    let stderr = grading_error("missing", &key_with(id, ""));
    assert!(
        stderr.contains(&format!("no answer for `{id}`")),
        "{stderr}"
    );
}

#[test]
fn answers_of_the_wrong_shape_are_named() {
    let bank = bank();
    let choice = bank
        .questions
        .iter()
        .find(|q| matches!(&q.answering, Answering::Choice(c) if !c.several))
        .expect("a choice");
    let short = bank
        .questions
        .iter()
        .find(|q| q.kind() == "short")
        .expect("a short answer");
    let stderr = grading_error(
        "letter",
        &key_with(&choice.id, &format!("{} = \"z\"", choice.id)),
    );
    assert!(
        stderr.contains(&format!("`{}`: `z` is not an option", choice.id)),
        "{stderr}"
    );
    let stderr = grading_error(
        "list-for-text",
        &key_with(&short.id, &format!("{} = [\"a\"]", short.id)),
    );
    assert!(
        stderr.contains(&format!("`{}`: expected the answer as text", short.id)),
        "{stderr}"
    );
    let stderr = grading_error(
        "number",
        &key_with(&choice.id, &format!("{} = 2", choice.id)),
    );
    assert!(stderr.contains("expected a letter in quotes"), "{stderr}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    quiz()
        .args(["--answers", "/nonexistent/answers.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "quiz: cannot read /nonexistent/answers.toml:",
        ));
}

#[test]
fn a_piped_session_runs_to_the_end_and_prints_the_score() {
    let bank = bank();
    let answers: String = bank
        .questions
        .iter()
        .map(|q| typed_right_answer(q) + "\n")
        .collect();
    let total = bank.questions.len();
    let dir = scratch("piped");
    let file = write(&dir, "answers.txt", &answers);
    let out = stdout_of(quiz().pipe_stdin(&file).expect("the answers file"));
    assert!(out.ends_with(&format!("score: {total}/{total}\n")), "{out}");
    assert_eq!(out.matches("\nRight.\n").count(), total);
    assert!(!out.contains("stopped after"), "{out}");
}

#[test]
fn a_session_shows_the_explanation_after_a_wrong_answer() {
    let bank = bank().only(Part::Lesson(3));
    let first = &bank.questions[0];
    let mut input = match &first.answering {
        Answering::Choice(c) => {
            let wrong = (0..c.options.len()).find(|i| !c.right.contains(i));
            let wrong = letter(wrong.expect("a wrong option"));
            if c.several {
                // Every right letter plus a wrong one is still wrong.
                let mut all: String = c.right.iter().map(|&i| letter(i)).collect();
                all.push(wrong);
                all
            } else {
                wrong.to_string()
            }
        }
        Answering::Typed { .. } => "nothing like it".to_string(),
    };
    input.push('\n');
    let out = stdout_of(quiz().args(["--lesson", "3"]).write_stdin(input));
    let count = bank.questions.len();
    assert!(
        out.starts_with(&format!("Week 04 quiz: {count} questions.")),
        "{out}"
    );
    assert!(out.contains("Not quite: the answer is"), "{out}");
    let explanation_start = first.explanation.lines().next().expect("an explanation");
    assert!(out.contains(explanation_start), "{out}");
    assert!(out.contains(&format!("Reread: {}", first.section)), "{out}");
    assert!(
        out.contains(&format!("stopped after 1 of {count} questions")),
        "{out}"
    );
    assert!(out.ends_with("score: 0/1\n"), "{out}");
}

#[test]
fn a_seed_repeats_the_shuffled_order() {
    let first = stdout_of(quiz().args(["--shuffle", "--seed", "7"]).write_stdin("q\n"));
    let again = stdout_of(quiz().args(["--shuffle", "--seed", "7"]).write_stdin("q\n"));
    let plain = stdout_of(quiz().write_stdin("q\n"));
    assert_eq!(first, again);
    assert!(first.contains("Shuffled with seed 7"), "{first}");
    let question_line = |text: &str| {
        text.lines()
            .find(|l| l.contains("Question 1 of"))
            .unwrap_or_default()
            .to_string()
    };
    let firsts: Vec<String> = (1..=5)
        .map(|seed| {
            question_line(&stdout_of(
                quiz()
                    .args(["--shuffle", "--seed", &seed.to_string()])
                    .write_stdin("q\n"),
            ))
        })
        .collect();
    assert!(
        firsts.iter().any(|f| *f != question_line(&plain)),
        "five seeds all kept the first question first: {firsts:?}"
    );
}

#[test]
fn bad_command_lines_say_what_is_wrong() {
    // clap's usage errors: exit 2, the offending arguments named.
    for (args, messages) in [
        (&["--seed", "3"][..], &["required", "--shuffle"][..]),
        (
            &["--lesson", "9"],
            &["'9'", "--lesson takes 1 to 6 or `quest`"],
        ),
        (&["--format", "json"], &["required", "--answers <FILE>"]),
        (&["--key", "--template"], &["'--key'", "'--template'"]),
        (&["--shuffle", "--key"], &["'--shuffle'", "--key"]),
        // A mode waives neither rule (clap would, without the conflicts).
        (&["--key", "--seed", "3"], &["'--seed <S>'", "--key"]),
        (
            &["--key", "--format", "json"],
            &["'--key'", "'--format <FORMAT>'"],
        ),
        (
            &["--lesson", "1", "--lesson", "2"],
            &["'--lesson <N|quest>'", "multiple times"],
        ),
        (
            &["--answers"],
            &["'--answers <FILE>'", "a value is required"],
        ),
        (&["--frobnicate"], &["unexpected argument '--frobnicate'"]),
        // A misspelt option gets clap's suggestion.
        (
            &["--answer", "x.toml"],
            &[
                "unexpected argument '--answer'",
                "tip: a similar argument exists: '--answers'",
            ],
        ),
        (
            &["--format", "xml", "--answers", "x"],
            &["'xml'", "gradescope"],
        ),
    ] {
        let output = quiz().args(args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
        for message in messages {
            assert!(
                stderr.contains(message),
                "{args:?}: {message:?} not in: {stderr}"
            );
        }
    }
}

#[test]
fn help_and_version_exit_0() {
    for flag in ["--help", "-h"] {
        quiz()
            .arg(flag)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("--answers <FILE>"))
            .stdout(predicate::str::contains("--shuffle"))
            .stdout(predicate::str::contains("Instructors"));
    }
    for flag in ["--version", "-V"] {
        quiz()
            .arg(flag)
            .assert()
            .code(0)
            .stdout(predicate::str::diff(format!(
                "quiz {}\n",
                env!("CARGO_PKG_VERSION")
            )));
    }
}

/// Runs the quiz with `args` and its stdout a pipe whose reading end is
/// closed before the quiz writes, so that every write fails with `EPIPE`
/// (which `print!` would turn into a panic). Returns exit code and stderr.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new(env!("CARGO_BIN_EXE_quiz"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the quiz starts");
    drop(child.stdout.take());
    drop(child.stdin.take());
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("stderr reads");
    }
    let status = child.wait().expect("the quiz ends");
    (status.code(), stderr)
}

#[test]
fn a_closed_stdout_pipe_ends_the_output_quietly() {
    let scratch = scratch("closed-pipe");
    let key = stdout_of(quiz().arg("--key"));
    let file = write(&scratch, "key.toml", &key);
    let file = file.to_string_lossy().into_owned();
    for args in [
        &["--markdown"][..],
        &["--key"],
        &["--answers", &file],
        &["--answers", &file, "--format", "json"],
        &["--help"],
        &[],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_disk_is_an_error_not_a_quiet_end() {
    // `/dev/full` fails every write with ENOSPC: unlike a closed pipe, the
    // output was wanted and is not all there, so the quiz must say so.
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full (Linux) opens");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quiz"))
        .arg("--key")
        .stdout(full)
        .output()
        .expect("the quiz runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("quiz: cannot write the output: No space left on device"),
        "{stderr}"
    );
}

#[test]
fn a_broken_question_file_is_reported_not_panicked_on() {
    let dir = scratch("bank");
    fs::create_dir_all(dir.join("questions")).expect("folder");
    write(
        &dir.join("questions"),
        "01.toml",
        "lesson = 1\n\n[[question]]\nid = \"l01-a\"\nkind = \"choice\"\n\
         section = \"lessons/01-http-request-shape.md#the-idea\"\nprompt = \"?\"\n\
         options = [\"x\", \"y\"]\nanswer = \"c\"\nexplanation = \"!\"\n",
    );
    quiz()
        .arg("--bank")
        .arg(&*dir)
        .arg("--key")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "questions/01.toml: line 3: question `l01-a`: answer \"c\" names no option",
        ));
}

#[test]
fn a_repeated_id_is_reported_with_both_places() {
    let dir = scratch("repeated");
    fs::create_dir_all(dir.join("questions")).expect("folder");
    let question = |lesson: u8, id: &str| {
        format!(
            "lesson = {lesson}\n\n[[question]]\nid = \"{id}\"\nkind = \"short\"\n\
             section = \"lessons/01-http-request-shape.md#the-idea\"\nprompt = \"?\"\n\
             accept = [\"x\"]\nexplanation = \"!\"\n\n"
        )
    };
    let twice = question(1, "l01-a") + &question(1, "l01-a")[12..];
    write(&dir.join("questions"), "01.toml", &twice);
    quiz()
        .arg("--bank")
        .arg(&*dir)
        .arg("--key")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "questions/01.toml:11: id `l01-a` is already used at questions/01.toml:3",
        ));
}
