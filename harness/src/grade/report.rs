//! Grade reports: one result, four audiences.
//!
//! The same [`Report`] is written four ways:
//!
//! | format | for | shape |
//! |---|---|---|
//! | [`text`] | a person at a terminal | a table, the failures with reasons and repros, per-category subtotals, `score: N/M` last |
//! | [`json()`] | scripts | the report as it is, every field |
//! | [`gradescope`] | Gradescope's autograder | `results.json`: top-level `score`, `tests[]` with `name`, `score`, `max_score`, `status`, `output`, `visibility` |
//! | [`classroom`] | GitHub Classroom's grading reporter | the runner result: `version`, `status`, `max_score`, `tests[]` with `name`, `status`, `score`, `message` |
//!
//! Keeping the report a plain data type, and the formats plain functions
//! of it, means a new format never touches the grading itself.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use crate::grade::{Category, Check};

/// The outcome of grading one quest binary.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The binary that was graded.
    pub quest: String,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// How many times each check ran (`--repeat`).
    pub repeat: u32,
    /// Wall-clock time of the whole grade, in seconds.
    pub seconds: f64,
    /// Why nothing could be graded (the build failed, the binary is
    /// missing): then every check is failed with this as its reason.
    pub error: Option<String>,
    /// One entry per check, in catalogue order.
    pub checks: Vec<CheckResult>,
}

/// The outcome of one check over all its runs.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// The check's id.
    pub id: String,
    /// What it proves.
    pub title: String,
    /// Server or client.
    pub category: Category,
    /// Points earned: all of them when every run passed, else none.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// True when every run passed.
    pub passed: bool,
    /// How many runs passed, out of [`Report::repeat`].
    pub passes: u32,
    /// Why it failed (the first failing run's reason).
    pub reason: Option<String>,
    /// How to reproduce the failure by hand.
    pub repro: Option<String>,
    /// Where to look when it fails.
    pub revisit: String,
    /// Time spent in this check over all runs, in seconds.
    pub seconds: f64,
}

impl Report {
    /// The report of a grade that could not run: every check of `checks`
    /// failed, with `error` (a build failure's compiler output, say) as
    /// the report's error. A platform still gets a valid file with the
    /// score 0 and the reason, instead of "the autograder failed".
    pub fn not_graded(quest: &str, checks: &[&Check], error: &str) -> Report {
        let first = error.lines().next().unwrap_or("nothing could be graded");
        let checks = checks
            .iter()
            .map(|check| CheckResult {
                id: check.id.into(),
                title: check.title.into(),
                category: check.category,
                score: 0,
                max_score: check.points,
                passed: false,
                passes: 0,
                reason: Some(format!("not run: {first}")),
                repro: None,
                revisit: check.revisit.to_string(),
                seconds: 0.0,
            })
            .collect::<Vec<_>>();
        Report {
            quest: quest.into(),
            score: 0,
            max_score: checks.iter().map(|c| c.max_score).sum(),
            repeat: 1,
            seconds: 0.0,
            error: Some(error.into()),
            checks,
        }
    }

    /// Points earned and available in one category.
    pub fn subtotal(&self, category: Category) -> (u32, u32) {
        self.checks
            .iter()
            .filter(|c| c.category == category)
            .fold((0, 0), |(score, max), c| {
                (score + c.score, max + c.max_score)
            })
    }

    /// The closing line of every text report.
    pub fn score_line(&self) -> String {
        format!("score: {}/{}", self.score, self.max_score)
    }
}

/// The report for a person: a table, then the failures, then the totals;
/// the last line is always `score: N/M`.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let id_width = report.checks.iter().map(|c| c.id.len()).max().unwrap_or(5);
    let _ = writeln!(
        out,
        "grading {} ({} checks{})\n",
        report.quest,
        report.checks.len(),
        if report.repeat > 1 {
            format!(", each run {} times", report.repeat)
        } else {
            String::new()
        }
    );
    for check in &report.checks {
        let mark = if check.passed { "PASS" } else { "FAIL" };
        let points = format!("{}/{}", check.score, check.max_score);
        let flaky = if !check.passed && check.passes > 0 {
            format!(" (passed {} of {} runs)", check.passes, report.repeat)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{mark}  {:<id_width$}  {points:>5}  {}{flaky}",
            check.id, check.title
        );
    }

    if let Some(error) = &report.error {
        let _ = writeln!(out, "\nnothing could be graded:\n  {}", indent(error, "  "));
        let _ = writeln!(out, "\n{}", report.score_line());
        return out;
    }
    let failures: Vec<&CheckResult> = report.checks.iter().filter(|c| !c.passed).collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "\nwhat went wrong");
        for check in failures {
            let _ = writeln!(out, "\n{} – {}", check.id, check.title);
            if let Some(reason) = &check.reason {
                let _ = writeln!(out, "  {}", indent(reason, "  "));
            }
            let _ = writeln!(out, "  revisit: {}", check.revisit);
            if let Some(repro) = &check.repro {
                let _ = writeln!(out, "  try it:  {}", indent(repro, "           "));
            }
        }
    }

    let _ = writeln!(out);
    for category in [Category::Server, Category::Client] {
        let (score, max) = report.subtotal(category);
        if max > 0 {
            let _ = writeln!(out, "{category}: {score}/{max}");
        }
    }
    let _ = writeln!(out, "time: {:.1} s", report.seconds);
    let _ = writeln!(out, "{}", report.score_line());
    out
}

/// Indents every line after the first, so multi-line reasons stay aligned.
fn indent(text: &str, by: &str) -> String {
    text.lines().collect::<Vec<_>>().join(&format!("\n{by}"))
}

/// The report as JSON, every field included.
pub fn json(report: &Report) -> String {
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default()
}

/// One check's explanation for a grading platform, in Markdown: the
/// reason (its indented lines – a program's stderr – become a code block),
/// the run count of a flaky check, where to look, and the repro as a shell
/// block. At most `limit` characters, so that a program that prints
/// megabytes cannot blow up the results file.
fn explanation(check: &CheckResult, repeat: u32, limit: usize) -> String {
    if check.passed {
        return String::new();
    }
    let mut out = String::new();
    let reason = check.reason.as_deref().unwrap_or_default();
    // Markdown joins lines; two trailing spaces keep each break.
    let _ = writeln!(out, "{}", reason.lines().collect::<Vec<_>>().join("  \n"));
    if check.passes > 0 {
        let _ = writeln!(out, "\n(passed {} of {repeat} runs)", check.passes);
    }
    let _ = writeln!(out, "\n**Revisit:** {}", check.revisit);
    if let Some(repro) = &check.repro {
        let _ = writeln!(out, "\n**Try it:**\n\n```sh\n{repro}\n```");
    }
    bounded(out.trim_end(), limit)
}

/// `text` cut to at most `limit` characters, saying so when it was.
fn bounded(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let note = "\n… (cut short; run the repro to see the rest)";
    let keep = limit.saturating_sub(note.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(note);
    out
}

/// The characters one test's explanation may take when `tests` share
/// `total`: never more than 4000, never less than 400.
fn share(total: usize, tests: usize) -> usize {
    (total / tests.max(1)).clamp(400, 4000)
}

/// The fields Gradescope reads from each entry of `tests` in
/// `results.json`; every entry [`gradescope`] writes has them all.
pub const GRADESCOPE_TEST_FIELDS: [&str; 8] = [
    "name",
    "number",
    "score",
    "max_score",
    "status",
    "output",
    "output_format",
    "visibility",
];

/// Who sees a test, or the top-level output, on Gradescope (the spec's
/// `visibility` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Never shown to students.
    Hidden,
    /// Shown once the due date has passed.
    #[value(name = "after_due_date")]
    AfterDueDate,
    /// Shown once the instructor publishes the grades.
    #[value(name = "after_published")]
    AfterPublished,
    /// Shown at once.
    Visible,
}

/// How [`gradescope`] sets visibility (`--visibility`, `--stdout-visibility`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradescopeOptions {
    /// Each test's and the top-level output's `visibility`.
    pub visibility: Visibility,
    /// Who sees the autograder's own stdout.
    pub stdout_visibility: Visibility,
}

impl Default for GradescopeOptions {
    /// A quest's failures teach: the student sees them at once; the
    /// grader's log is for the instructor.
    fn default() -> Self {
        GradescopeOptions {
            visibility: Visibility::Visible,
            stdout_visibility: Visibility::Hidden,
        }
    }
}

/// The display number of each check, `"S.I"`: the part (1 server, 2
/// client) and the check's place in it, as Gradescope sorts and prints
/// `number` before the name.
fn display_numbers(report: &Report) -> Vec<String> {
    let mut seen = [0u32; 2];
    report
        .checks
        .iter()
        .map(|check| {
            let part = match check.category {
                Category::Server => 0,
                Category::Client => 1,
            };
            seen[part] += 1;
            format!("{}.{}", part + 1, seen[part])
        })
        .collect()
}

/// How many characters of explanations a Gradescope `results.json` holds.
const GRADESCOPE_BUDGET: usize = 200_000;

/// Gradescope's `results.json` (the autograder specification: top-level
/// `score`, `execution_time`, `output`, `tests[]`; per test `name`,
/// `number`, `score`, `max_score`, `status`, `output`, `output_format`,
/// `tags`, `visibility`). Outputs are Markdown.
pub fn gradescope(report: &Report, options: GradescopeOptions) -> String {
    let limit = share(GRADESCOPE_BUDGET, report.checks.len());
    let tests: Vec<Value> = report
        .checks
        .iter()
        .zip(display_numbers(report))
        .map(|(check, number)| {
            json!({
                "name": format!("{} – {}", check.id, check.title),
                "number": number,
                "score": check.score,
                "max_score": check.max_score,
                "status": if check.passed { "passed" } else { "failed" },
                "output": explanation(check, report.repeat, limit),
                "output_format": "md",
                "tags": [check.category.name()],
                "visibility": options.visibility,
            })
        })
        .collect();
    let output = match &report.error {
        Some(error) => format!(
            "**Nothing could be graded:**\n\n```text\n{}\n```\n\n{}",
            bounded(error, 8000),
            report.score_line()
        ),
        None => text_summary(report),
    };
    let value = json!({
        "score": report.score,
        "execution_time": report.seconds.round() as u64,
        "output": output,
        "output_format": "md",
        "visibility": options.visibility,
        "stdout_visibility": options.stdout_visibility,
        "tests": tests,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// How many characters of messages a Classroom runner result holds: its
/// base64 (4/3 larger) must fit one environment variable, which Linux
/// caps at 128 KiB.
const CLASSROOM_BUDGET: usize = 60_000;

/// The result JSON of a GitHub Classroom autograding runner, which the
/// classroom grading reporter reads (base64-encoded, one line) from a step
/// output: compact, and bounded whatever the program printed. `test_code`
/// is the repro, the command a student runs to see the failure.
pub fn classroom(report: &Report) -> String {
    // Two bounded fields a test: the message and the repro.
    let limit = (share(CLASSROOM_BUDGET, report.checks.len()) / 2).min(1500);
    let tests: Vec<Value> = if let Some(error) = &report.error {
        // One test that carries the reason, as the reporter shows it.
        vec![json!({
            "name": "build",
            "status": "error",
            "score": 0,
            "message": bounded(error, 8000),
            "test_code": format!("cargo build --release -p quest"),
            "filename": "",
            "line_no": 0,
            "execution_time": "0.00s",
        })]
    } else {
        report
            .checks
            .iter()
            .map(|check| {
                json!({
                    "name": format!("{} – {}", check.id, check.title),
                    "status": if check.passed { "pass" } else { "fail" },
                    "score": check.score,
                    "message": explanation(check, report.repeat, limit),
                    "test_code": bounded(
                        check.repro.as_deref().unwrap_or(&format!("cargo harness grade --only {}", check.id)),
                        limit,
                    ),
                    "filename": "",
                    "line_no": 0,
                    "execution_time": format!("{:.2}s", check.seconds),
                })
            })
            .collect()
    };
    let status = if report.error.is_some() {
        "error"
    } else if report.score == report.max_score {
        "pass"
    } else {
        "fail"
    };
    let value = json!({
        "version": 1,
        "status": status,
        "max_score": report.max_score,
        "tests": tests,
    });
    serde_json::to_string(&value).unwrap_or_default()
}

/// Per-category subtotals and the score, as a few lines of text.
fn text_summary(report: &Report) -> String {
    let mut out = String::new();
    for category in [Category::Server, Category::Client] {
        let (score, max) = report.subtotal(category);
        if max > 0 {
            let _ = writeln!(out, "{category}: {score}/{max}");
        }
    }
    out.push_str(&report.score_line());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        let result = |id: &str, category, passed: bool, points| CheckResult {
            id: id.into(),
            title: format!("{id} works"),
            category,
            score: if passed { points } else { 0 },
            max_score: points,
            passed,
            passes: u32::from(passed),
            reason: (!passed).then(|| "expected 200, got 404\nsecond line".into()),
            repro: (!passed).then(|| "curl -i http://127.0.0.1:8080/".into()),
            revisit: "Lesson 01 – HTTP request shape (lessons/01-http-request-shape.md)".into(),
            seconds: 0.25,
        };
        Report {
            quest: "target/debug/quest".into(),
            score: 3,
            max_score: 7,
            repeat: 1,
            seconds: 1.5,
            error: None,
            checks: vec![
                result("server-a", Category::Server, true, 3),
                result("server-b", Category::Server, false, 2),
                result("client-a", Category::Client, false, 2),
            ],
        }
    }

    #[test]
    fn text_ends_with_the_score_and_shows_subtotals_and_reasons() {
        let text = text(&sample());
        assert_eq!(text.lines().last(), Some("score: 3/7"));
        assert!(text.contains("server: 3/5"), "{text}");
        assert!(text.contains("client: 0/2"), "{text}");
        assert!(text.contains("FAIL  server-b"), "{text}");
        assert!(
            text.contains("  expected 200, got 404\n  second line"),
            "{text}"
        );
        assert!(text.contains("try it:  curl -i"), "{text}");
    }

    #[test]
    fn gradescope_has_the_fields_gradescope_reads() {
        let value: Value =
            serde_json::from_str(&gradescope(&sample(), GradescopeOptions::default()))
                .expect("valid JSON");
        assert_eq!(value["score"], 3);
        let tests = value["tests"].as_array().expect("tests is an array");
        assert_eq!(tests.len(), 3);
        for test in tests {
            for field in GRADESCOPE_TEST_FIELDS {
                assert!(test.get(field).is_some(), "missing {field} in {test}");
            }
        }
        assert_eq!(tests[1]["number"], "1.2");
        assert_eq!(tests[2]["number"], "2.1");
        assert_eq!(tests[1]["output_format"], "md");
        assert_eq!(tests[1]["visibility"], "visible");
        assert_eq!(value["stdout_visibility"], "hidden");
        assert!(value.get("max_score").is_none(), "not a Gradescope field");
        let output = tests[1]["output"].as_str().unwrap_or_default();
        assert!(output.contains("404  \nsecond line"), "{output}");
        assert!(output.contains("```sh\ncurl -i"), "{output}");
        assert_eq!(tests[1]["status"], "failed");
        assert_eq!(tests[0]["status"], "passed");
    }

    #[test]
    fn classroom_has_the_runner_fields() {
        let value: Value = serde_json::from_str(&classroom(&sample())).expect("valid JSON");
        assert_eq!(value["version"], 1);
        assert_eq!(value["status"], "fail");
        assert_eq!(value["max_score"], 7);
        let tests = value["tests"].as_array().expect("tests is an array");
        assert_eq!(tests[0]["status"], "pass");
        assert_eq!(tests[2]["score"], 0);
        assert!(
            tests[2]["message"]
                .as_str()
                .is_some_and(|m| m.contains("404"))
        );
    }

    #[test]
    fn classroom_is_one_line_and_bounded_whatever_the_program_printed() {
        let mut report = sample();
        let flood = "garbage ".repeat(100_000);
        for _ in 0..49 {
            let mut check = report.checks[1].clone();
            check.reason = Some(flood.clone());
            check.repro = Some(flood.clone());
            report.checks.push(check);
        }
        let text = classroom(&report);
        assert!(!text.contains('\n'), "one line");
        assert!(text.len() < 100_000, "{} bytes", text.len());
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(
            value["tests"][3]["test_code"]
                .as_str()
                .map(|t| t.len() < 2000),
            Some(true)
        );
    }

    #[test]
    fn a_report_of_nothing_graded_says_why_everywhere() {
        let checks = crate::checks::catalogue();
        let all: Vec<&Check> = checks.iter().collect();
        let report = Report::not_graded("quest", &all, "error[E0308]: mismatched types\nmore");
        assert_eq!(report.score, 0);
        assert!(text(&report).contains("nothing could be graded"));
        let value: Value = serde_json::from_str(&classroom(&report)).expect("JSON");
        assert_eq!(value["status"], "error");
        assert_eq!(value["tests"][0]["status"], "error");
        let value: Value =
            serde_json::from_str(&gradescope(&report, GradescopeOptions::default())).expect("JSON");
        assert!(
            value["output"]
                .as_str()
                .is_some_and(|o| o.contains("E0308"))
        );
        assert_eq!(value["tests"].as_array().map(Vec::len), Some(all.len()));
    }

    #[test]
    fn json_round_trips_the_report() {
        let value: Value = serde_json::from_str(&json(&sample())).expect("valid JSON");
        assert_eq!(value["checks"][1]["id"], "server-b");
        assert_eq!(value["checks"][1]["category"], "server");
    }
}
