//! Running a tracing question's program, so that its stated output cannot
//! rot.
//!
//! A tracing question claims "this program prints X". That claim is only
//! worth something if it is checked every time the program, a lesson crate
//! it calls, or the toolchain changes. Cargo builds every binary of
//! `quiz/src/bin/` next to the `quiz` binary; [`check`] runs one there with
//! a time limit and compares what it printed with the right answer:
//!
//! * for a choice among outputs, stdout must be exactly the right option,
//!   line by line, ignoring whitespace at line ends and blank lines at the
//!   end (so a TOML literal's last newline does not matter);
//! * for a typed output, stdout must [`normalise`]
//!   to the first accepted answer.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use course::process::run_with_deadline;

use crate::question::{Answering, Question, letter, normalise};

/// How long one program may run: they are written to finish in well under
/// a second, so this only catches one that hangs.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Text as compared: trailing whitespace of each line and trailing blank
/// lines removed.
pub fn comparable(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end_matches('\n').to_string()
}

/// Runs the program of `question` from `bin_dir` and checks its output.
///
/// # Returns
///
/// `Ok(())` for a question without a program, or when the program printed
/// the stated answer.
///
/// # Errors
///
/// Says what went wrong: the binary is missing (not built), failed, ran
/// over [`TIME_LIMIT`], or printed something other than the right answer –
/// with both texts, so the fix is obvious.
pub fn check(question: &Question, bin_dir: &Path) -> Result<(), String> {
    let Some(program) = &question.program else {
        return Ok(());
    };
    let binary = bin_dir.join(format!("{}{}", program.name, std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        return Err(format!(
            "`{}`: {} was not built (is quiz/src/bin/{}.rs there?)",
            question.id,
            binary.display(),
            program.name
        ));
    }
    let stdout = run(&binary).map_err(|reason| format!("`{}`: {reason}", question.id))?;
    let printed = comparable(&stdout);
    let (stated, matches) = match &question.answering {
        Answering::Choice(choice) => {
            let right = choice.right[0];
            let stated = comparable(&choice.options[right]);
            let matches = choice.right.len() == 1 && printed == stated;
            (format!("option {}:\n{stated}", letter(right)), matches)
        }
        Answering::Typed { accept } => {
            let stated = accept[0].clone();
            let matches = normalise(&printed) == normalise(&stated);
            (format!("the first accepted answer:\n{stated}"), matches)
        }
    };
    if matches {
        Ok(())
    } else {
        Err(format!(
            "`{}`: program {} printed\n{printed}\nbut the question says the right answer is {stated}",
            question.id, program.name
        ))
    }
}

/// Runs `binary` with no input and returns its stdout. The course crate's
/// [`run_with_deadline`] does the waiting: output drained on threads, the
/// whole process group killed if the program overstays.
fn run(binary: &Path) -> Result<String, String> {
    let finished = run_with_deadline(&mut Command::new(binary), TIME_LIMIT)
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    match finished.status {
        None => Err(format!("ran longer than {TIME_LIMIT:?} and was killed")),
        Some(status) if !status.success() => {
            Err(format!("exited with {status}: {}", finished.stderr.trim()))
        }
        Some(_) => Ok(finished.stdout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparing_ignores_line_end_space_and_final_blank_lines() {
        assert_eq!(comparable("a  \nb\n\n"), "a\nb");
        assert_eq!(comparable("a\n b"), "a\n b");
    }
}
