//! The quest half of `cargo harness verify`: the grader agrees with the
//! course about the quest.
//!
//! Four things must hold, or the grade an instructor hands out means
//! nothing:
//!
//! * the **reference** (`quest-solution`) scores full marks – a check the
//!   reference fails is a wrong check, or a reference bug;
//! * the **starter** (`quest`) scores zero – a check the untouched starter
//!   passes awards points for code the student never wrote;
//! * the starter's **given modules** ([`GIVEN`]) are the reference's, so a
//!   fix to one reaches the other;
//! * the **brief's grading table** (`quest/quest.md`) lists exactly the
//!   catalogue's checks with their points, in order, so students are graded
//!   on what they were told.
//!
//! Both binaries are built first (see [`crate::cargo::build`]), so verify grades the
//! code as it is in the tree.

use std::error::Error;
use std::fs;
use std::path::Path;
use std::time::Duration;

use super::findings::Findings;
use crate::cargo::build::{self, Build};
use crate::cargo::workspace::Workspace;
use crate::grade;
use crate::grade::checks::catalogue;
use crate::grade::report::Report as Grade;

/// The brief, relative to the workspace root.
pub const BRIEF: &str = "quest/quest.md";

/// The budget of one check while verifying (the grader's default).
const CHECK_BUDGET: Duration = Duration::from_secs(10);

/// Runs the three quest checks, adding a line per finding to `findings`.
pub fn verify(workspace: &Workspace, findings: &mut Findings) {
    match grade_package(workspace, "quest-solution") {
        Err(err) => findings.fail(format!("reference: {err}")),
        Ok(grade) if grade.score == grade.max_score => findings.ok(format!(
            "reference quest-solution scores full marks, {}/{} ({:.1} s)",
            grade.score, grade.max_score, grade.seconds
        )),
        Ok(grade) => {
            let mut line = format!(
                "reference quest-solution scores {}/{}, not full marks; failing:",
                grade.score, grade.max_score
            );
            for check in grade.checks.iter().filter(|c| !c.passed) {
                let reason = check.reason.as_deref().unwrap_or("no reason given");
                line.push_str(&format!(
                    "\n        {} – {}",
                    check.id,
                    reason.lines().next().unwrap_or_default()
                ));
            }
            findings.fail(line);
        }
    }

    if !workspace.root().join("quest/Cargo.toml").is_file() {
        findings.fail("starter: the package quest/ is missing".into());
    } else {
        match grade_package(workspace, "quest") {
            Err(err) => findings.fail(format!("starter: {err}")),
            Ok(grade) if grade.score == 0 => findings.ok(format!(
                "starter quest scores 0/{} ({:.1} s)",
                grade.max_score, grade.seconds
            )),
            Ok(grade) => {
                let passing: Vec<&str> = grade
                    .checks
                    .iter()
                    .filter(|c| c.passed)
                    .map(|c| c.id.as_str())
                    .collect();
                findings.fail(format!(
                    "starter quest scores {}/{} – it must score 0, but passes: {}",
                    grade.score,
                    grade.max_score,
                    passing.join(", ")
                ));
            }
        }
    }

    let drifted = given_drift(workspace.root());
    if drifted.is_empty() {
        findings.ok(format!(
            "starter: the given modules ({}) are the reference's",
            GIVEN.join(", ")
        ));
    }
    for problem in drifted {
        findings.fail(format!("starter: {problem}"));
    }

    match brief_table_problems(workspace.root()) {
        Ok(problems) if problems.is_empty() => findings.ok(format!(
            "{BRIEF}: the grading table lists the {} checks of the catalogue with their points",
            catalogue().len()
        )),
        Ok(problems) => {
            for problem in problems {
                findings.fail(format!("{BRIEF}: {problem}"));
            }
        }
        Err(err) => findings.fail(format!("{BRIEF}: cannot read it: {err}")),
    }
}

/// Builds `package`'s binary of the same name and grades it on every check.
///
/// # Errors
///
/// The build's [`build::BuildError`] or the grade's [`grade::GradeError`],
/// for verify to report as one line.
fn grade_package(workspace: &Workspace, package: &str) -> Result<Grade, Box<dyn Error>> {
    let what = Build {
        package,
        bin: package,
        show_progress: false,
    };
    let quest = build::build(workspace.cargo(), &what)?;
    let checks = catalogue();
    let selected: Vec<_> = checks.iter().collect();
    let options = grade::Options {
        timeout: CHECK_BUDGET,
        ..grade::Options::new(quest)
    };
    Ok(grade::run(&selected, &options, |_| {})?)
}

/// Modules the starter is given finished: they must stay the reference's,
/// word for word (but for the crate's name), or a fix to one is lost on
/// the other.
pub const GIVEN: &[&str] = &[
    "access_log.rs",
    "cli.rs",
    "get/error.rs",
    "main.rs",
    "mime.rs",
    "response.rs",
    "sys.rs",
    "time.rs",
];

/// The given modules whose starter copy differs from the reference's (one
/// line each, naming the first differing line).
fn given_drift(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for name in GIVEN {
        let reference = root.join("solutions/quest/src").join(name);
        let starter = root.join("quest/src").join(name);
        match (fs::read_to_string(&reference), fs::read_to_string(&starter)) {
            (Ok(reference), Ok(starter)) => {
                let reference = as_starter(&reference);
                if let Some(line) = first_difference(&reference, &starter) {
                    problems.push(format!(
                        "quest/src/{name} differs from solutions/quest/src/{name} at line {line}; \
                         given code is the same in both"
                    ));
                }
            }
            (Err(e), _) | (_, Err(e)) => problems.push(format!("cannot read {name}: {e}")),
        }
    }
    problems
}

/// The reference's text as the starter spells it.
fn as_starter(reference: &str) -> String {
    reference
        .replace("quest_solution", "quest")
        .replace("quest-solution", "quest")
}

/// The first line (1-based) where `a` and `b` differ, if they do.
fn first_difference(a: &str, b: &str) -> Option<usize> {
    let (mut left, mut right) = (a.lines(), b.lines());
    let mut number = 1;
    loop {
        match (left.next(), right.next()) {
            (None, None) => return None,
            (l, r) if l != r => return Some(number),
            _ => number += 1,
        }
    }
}

/// One row of the brief's grading table: `` | `id` | points | … ``.
fn table_rows(brief: &str) -> Vec<(String, u32)> {
    brief
        .lines()
        .filter_map(|line| {
            let mut cells = line.trim().strip_prefix('|')?.split('|').map(str::trim);
            let id = cells.next()?.strip_prefix('`')?.strip_suffix('`')?;
            let points = cells.next()?.parse().ok()?;
            Some((id.to_string(), points))
        })
        .collect()
}

/// What is wrong with the brief's table, one line per problem (empty when
/// it matches the catalogue).
///
/// # Errors
///
/// When the brief cannot be read.
pub fn brief_table_problems(root: &Path) -> std::io::Result<Vec<String>> {
    let brief = fs::read_to_string(root.join(BRIEF))?;
    Ok(compare_table(&table_rows(&brief)))
}

fn compare_table(rows: &[(String, u32)]) -> Vec<String> {
    let expected: Vec<(String, u32)> = catalogue()
        .iter()
        .map(|c| (c.id.to_string(), c.points))
        .collect();
    let mut problems = Vec::new();
    for (id, points) in &expected {
        match rows.iter().find(|(row_id, _)| row_id == id) {
            None => problems.push(format!("check {id} ({points} points) has no row")),
            Some((_, row_points)) if row_points != points => problems.push(format!(
                "check {id} is worth {points} points, the table says {row_points}"
            )),
            Some(_) => {}
        }
    }
    for (id, _) in rows {
        if !expected.iter().any(|(known, _)| known == id) {
            problems.push(format!("the table lists {id}, which is not a check"));
        }
    }
    if problems.is_empty() {
        let order: Vec<&String> = rows.iter().map(|(id, _)| id).collect();
        let wanted: Vec<&String> = expected.iter().map(|(id, _)| id).collect();
        if order != wanted {
            problems
                .push("the rows are not in catalogue order (cargo harness grade --list)".into());
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue_rows() -> Vec<(String, u32)> {
        catalogue()
            .iter()
            .map(|c| (c.id.to_string(), c.points))
            .collect()
    }

    #[test]
    fn table_rows_are_read_from_backticked_ids_and_points() {
        let brief = "| check | points | what | revisit |\n|---|---|---|---|\n\
                     | `server-starts` | 2 | it starts | [lesson 05](x.md) |\n\
                     | not a row | 3 |\n| `client-chunked` | 3 | chunks | x |\n";
        assert_eq!(
            table_rows(brief),
            vec![("server-starts".into(), 2), ("client-chunked".into(), 3)]
        );
    }

    #[test]
    fn drift_is_the_first_differing_line_after_renaming() {
        let reference = as_starter("//! quest-solution\nuse quest_solution::x;\nfn a() {}\n");
        assert_eq!(
            first_difference(&reference, "//! quest\nuse quest::x;\nfn a() {}\n"),
            None
        );
        assert_eq!(
            first_difference(&reference, "//! quest\nuse quest::y;\nfn a() {}\n"),
            Some(2)
        );
        assert_eq!(
            first_difference(&reference, "//! quest\nuse quest::x;\n"),
            Some(3)
        );
    }

    #[test]
    fn the_catalogue_itself_matches() {
        assert!(compare_table(&catalogue_rows()).is_empty());
    }

    #[test]
    fn missing_extra_wrong_points_and_order_are_named() {
        let mut rows = catalogue_rows();
        let first = rows.remove(0);
        rows[0].1 += 1;
        rows.push(("server-teapot".into(), 1));
        let problems = compare_table(&rows);
        assert!(
            problems
                .iter()
                .any(|p| p.contains(&first.0) && p.contains("no row"))
        );
        assert!(problems.iter().any(|p| p.contains("the table says")));
        assert!(problems.iter().any(|p| p.contains("server-teapot")));

        let mut swapped = catalogue_rows();
        swapped.swap(0, 1);
        assert_eq!(
            compare_table(&swapped),
            vec!["the rows are not in catalogue order (cargo harness grade --list)".to_string()]
        );
    }
}
