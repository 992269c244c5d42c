//! Grading: run a catalogue of checks against a quest binary, whatever it does.
//!
//! The one promise of the grader is that it **always finishes and always
//! prints a score**. A student's program may hang, crash, fork, or flood
//! its output; the grader must turn each of those into a failed check with
//! a reason and move on. Three mechanisms make that true:
//!
//! 1. every program runs under a [`Guard`](course::process::Guard), so it is
//!    killed with its whole process group when its check ends – and what
//!    left the group (`setsid`, a double fork) is killed after the check
//!    by [`kill_orphans`], in a grader that adopted orphans (the
//!    `harness` binary does);
//! 2. every socket operation in a check has a deadline, taken from the
//!    check's time budget ([`Ctx::remaining`]);
//! 3. and, in case a check still gets stuck, each run happens on its own
//!    thread: when the budget (plus a grace period) runs out, the grader
//!    records a timeout, kills every process the check started through the
//!    shared [`Reaper`], and moves on without it.
//!
//! With `--repeat N` each check runs N times and earns its points only if
//! it passes every time: a check that passes 4 times out of 5 is a race in
//! the student's code, and the report says so.

pub mod check;
pub mod checks;
pub mod ctx;
pub mod report;
pub mod results;
pub mod sandbox;
pub mod shell;
pub mod verdict;

pub use check::{Category, Check, Revisit};
pub use ctx::{Ctx, GetRun, Server};
pub use verdict::{Explain, Failure, Verdict, ensure};

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use course::process::{Reaper, kill_orphans};
use report::{CheckResult, Report};
use sandbox::Sandbox;

/// How the grade runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The quest binary to grade.
    pub quest: PathBuf,
    /// The binary's name in repros and reports: a path the student knows
    /// (`target/release/quest`), not where the grader keeps it.
    pub shown: String,
    /// The time budget of one run of one check.
    pub timeout: Duration,
    /// The time budget of the whole grade: checks that would start after
    /// it fail with "not run".
    pub deadline: Duration,
    /// How many times each check runs.
    pub repeat: u32,
    /// The user the graded program runs as when the grader is root.
    pub as_user: String,
}

impl Options {
    /// Options for grading `quest` with the defaults of the command line:
    /// 10 s a check, 420 s in all, one run each, as `nobody` under root.
    pub fn new(quest: PathBuf) -> Options {
        Options {
            shown: shown_path(&quest),
            quest,
            timeout: Duration::from_secs(10),
            deadline: DEFAULT_DEADLINE,
            repeat: 1,
            as_user: "nobody".into(),
        }
    }
}

/// The default of `--deadline`: longer than every check of a working
/// program takes together (about 15 s for the reference), and short
/// enough that a build and a grade of a program that hangs in every check
/// (49 checks of 10 s and their clean-up: about 5 min 15 s) fit in
/// Gradescope's default 10-minute autograder timeout.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(420);

/// `path` as a repro should show it: relative to the working directory
/// when it is inside it, else as given.
pub fn shown_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// Why a grade could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeError {
    /// `--only` named something that is neither a category nor a check id.
    UnknownCheck {
        /// The selector as given.
        selector: String,
        /// Every id in the catalogue, for the message.
        known: Vec<&'static str>,
    },
    /// The quest binary cannot be run.
    NotRunnable {
        /// The path given.
        quest: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The sandbox cannot be prepared (no such user, no folder).
    Sandbox {
        /// What failed.
        why: String,
    },
}

impl fmt::Display for GradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GradeError::UnknownCheck { selector, known } => write!(
                f,
                "--only {selector}: no such check; use server, client or one of: {}",
                known.join(", ")
            ),
            GradeError::NotRunnable { quest, why } => {
                write!(f, "cannot grade {}: {why}", quest.display())
            }
            GradeError::Sandbox { why } => {
                write!(f, "cannot prepare the sandbox: {why}")
            }
        }
    }
}

impl std::error::Error for GradeError {}

/// How long the grader spends, after a check, killing and reaping the
/// programs that escaped their guard's process group.
const ORPHAN_SWEEP: Duration = Duration::from_secs(2);

/// How long a stuck check thread gets, after its budget, to give up by
/// itself before the grader abandons it.
const GRACE: Duration = Duration::from_secs(2);

/// Picks the checks named by `selectors`: `server`, `client`, or check ids.
/// No selectors means every check.
///
/// # Errors
///
/// Names the selector that matches nothing, with the ids that exist.
pub fn select<'a>(
    catalogue: &'a [Check],
    selectors: &[String],
) -> Result<Vec<&'a Check>, GradeError> {
    if selectors.is_empty() {
        return Ok(catalogue.iter().collect());
    }
    for selector in selectors {
        let known = catalogue
            .iter()
            .any(|c| c.id == selector || c.category.name() == selector);
        if !known {
            return Err(GradeError::UnknownCheck {
                selector: selector.clone(),
                known: catalogue.iter().map(|c| c.id).collect(),
            });
        }
    }
    Ok(catalogue
        .iter()
        .filter(|c| {
            selectors
                .iter()
                .any(|s| c.id == s || c.category.name() == s)
        })
        .collect())
}

/// Grades `options.quest` with `checks` and returns the report.
///
/// `progress` is called after each check with its result (the binary prints
/// a line per check, so a long grade shows that it is alive).
///
/// # Errors
///
/// Fails only when grading cannot start: the binary does not exist or is
/// not a file, or the sandbox cannot be prepared.
pub fn run(
    checks: &[&Check],
    options: &Options,
    mut progress: impl FnMut(&CheckResult),
) -> Result<Report, GradeError> {
    ensure_runnable(&options.quest)?;
    let sandbox = Sandbox::prepare(&options.quest, &options.as_user)
        .map(Arc::new)
        .map_err(|e| GradeError::Sandbox { why: e.to_string() })?;
    let started = Instant::now();
    let repeat = options.repeat.max(1);
    let mut results = Vec::new();
    for check in checks {
        let check_started = Instant::now();
        let mut passes = 0;
        let mut first_failure = None;
        for _ in 0..repeat {
            let left = options.deadline.saturating_sub(started.elapsed());
            if left.is_zero() {
                first_failure.get_or_insert(Failure::new(format!(
                    "not run: deadline (the grade's {:.0} s had passed; see --deadline)",
                    options.deadline.as_secs_f64()
                )));
                break;
            }
            match run_once(check, &sandbox, options, options.timeout.min(left)) {
                Ok(()) => passes += 1,
                Err(failure) => {
                    first_failure.get_or_insert(failure);
                }
            }
        }
        let passed = passes == repeat;
        let result = CheckResult {
            id: check.id.into(),
            title: check.title.into(),
            category: check.category,
            score: if passed { check.points } else { 0 },
            max_score: check.points,
            passed,
            passes,
            reason: first_failure.as_ref().map(|f| f.reason.clone()),
            repro: first_failure.and_then(|f| f.repro),
            revisit: check.revisit.to_string(),
            seconds: check_started.elapsed().as_secs_f64(),
        };
        progress(&result);
        results.push(result);
    }
    Ok(Report {
        quest: options.shown.clone(),
        score: results.iter().map(|r| r.score).sum(),
        max_score: results.iter().map(|r| r.max_score).sum(),
        repeat,
        seconds: started.elapsed().as_secs_f64(),
        error: None,
        checks: results,
    })
}

/// Runs one check once on its own thread, within `budget`.
fn run_once(check: &Check, sandbox: &Arc<Sandbox>, options: &Options, budget: Duration) -> Verdict {
    let verdict = run_on_its_thread(check, sandbox, options, budget);
    // Whatever escaped the guards' process groups dies now, not after
    // the grade.
    kill_orphans(ORPHAN_SWEEP);
    verdict
}

/// The check itself, on a thread of its own so that a stuck check costs
/// only its budget.
fn run_on_its_thread(
    check: &Check,
    sandbox: &Arc<Sandbox>,
    options: &Options,
    budget: Duration,
) -> Verdict {
    let reaper = Reaper::new();
    let deadline = Instant::now() + budget;
    let ctx = Ctx::new(sandbox, &options.shown, deadline, reaper.clone())
        .map_err(|e| Failure::new(format!("the grader cannot create a scratch folder: {e}")))?;
    let scratch = ctx.scratch().to_path_buf();
    let (tx, rx) = mpsc::channel();
    let run = check.run;
    let spawned = thread::Builder::new().name(check.id.into()).spawn(move || {
        // A panic here is a bug in the check, not the student's: report
        // it as such instead of losing the whole grade.
        let verdict = catch_unwind(AssertUnwindSafe(|| run(&ctx))).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Failure::new(format!(
                "the grader itself failed in this check (please report it): {what}"
            )))
        });
        drop(ctx);
        let _ = tx.send(verdict);
    });
    if let Err(e) = spawned {
        return Err(Failure::new(format!(
            "the grader cannot start a thread: {e}"
        )));
    }
    match rx.recv_timeout(budget + GRACE) {
        Ok(verdict) => verdict,
        Err(_) => {
            // The check is stuck; its programs and files are not. (The
            // stuck thread still owns the context, whose drop would remove
            // the scratch folder – perhaps never, so remove it here.)
            reaper.kill_all();
            let _ = std::fs::remove_dir_all(&scratch);
            Err(Failure::new(format!(
                "the check did not finish within its {:.0} s budget \
                 (the program under test stopped responding)",
                budget.as_secs_f64()
            )))
        }
    }
}

/// Refuses to grade something that cannot run.
fn ensure_runnable(quest: &Path) -> Result<(), GradeError> {
    use std::os::unix::fs::PermissionsExt;
    let not_runnable = |why: String| GradeError::NotRunnable {
        quest: quest.to_path_buf(),
        why,
    };
    let meta = std::fs::metadata(quest).map_err(|e| not_runnable(e.to_string()))?;
    if !meta.is_file() {
        return Err(not_runnable("not a file".into()));
    }
    if meta.permissions().mode() & 0o111 == 0 {
        return Err(not_runnable("not executable".into()));
    }
    Ok(())
}

/// Points per category in `checks`, for the banner before a grade.
pub fn points(checks: &[&Check], category: Category) -> u32 {
    checks
        .iter()
        .filter(|c| c.category == category)
        .map(|c| c.points)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Revisit;

    fn passes(_: &Ctx) -> Verdict {
        Ok(())
    }

    fn fails(_: &Ctx) -> Verdict {
        Err(Failure::new("nope").repro("try this"))
    }

    fn hangs(ctx: &Ctx) -> Verdict {
        // Ignores its budget on purpose.
        thread::sleep(ctx.remaining() + Duration::from_secs(30));
        Ok(())
    }

    fn panics(_: &Ctx) -> Verdict {
        panic!("index out of bounds")
    }

    const fn check(id: &'static str, category: Category, run: fn(&Ctx) -> Verdict) -> Check {
        Check {
            id,
            title: "a check",
            points: 2,
            category,
            revisit: Revisit::Lesson(1),
            run,
        }
    }

    const CATALOGUE: [Check; 4] = [
        check("server-pass", Category::Server, passes),
        check("server-fail", Category::Server, fails),
        check("client-hang", Category::Client, hangs),
        check("client-panic", Category::Client, panics),
    ];

    fn options() -> Options {
        Options {
            timeout: Duration::from_millis(200),
            ..Options::new(PathBuf::from("/bin/true"))
        }
    }

    #[test]
    fn every_check_gets_a_verdict_even_stuck_and_panicking_ones() {
        let all = select(&CATALOGUE, &[]).expect("no selectors");
        let started = Instant::now();
        let report = run(&all, &options(), |_| {}).expect("grades");
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!((report.score, report.max_score), (2, 8));
        let reason = |i: usize| report.checks[i].reason.clone().unwrap_or_default();
        assert_eq!(reason(1), "nope");
        assert_eq!(report.checks[1].repro.as_deref(), Some("try this"));
        assert!(reason(2).contains("did not finish"), "{}", reason(2));
        assert!(reason(3).contains("index out of bounds"), "{}", reason(3));
    }

    #[test]
    fn select_by_category_and_id_and_reject_unknown_names() {
        let picked =
            select(&CATALOGUE, &["client".into(), "server-pass".into()]).expect("known selectors");
        let ids: Vec<&str> = picked.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["server-pass", "client-hang", "client-panic"]);
        let error = select(&CATALOGUE, &["server-nope".into()])
            .expect_err("unknown")
            .to_string();
        assert!(error.contains("server-nope") && error.contains("server-pass"));
    }

    #[test]
    fn repeat_requires_every_run_to_pass() {
        let only =
            select(&CATALOGUE, &["server-pass".into(), "server-fail".into()]).expect("known");
        let report = run(
            &only,
            &Options {
                repeat: 3,
                ..options()
            },
            |_| {},
        )
        .expect("grades");
        assert_eq!(report.checks[0].passes, 3);
        assert_eq!(report.checks[1].passes, 0);
        assert_eq!(report.score, 2);
    }

    #[test]
    fn a_missing_binary_cannot_be_graded() {
        let options = Options {
            quest: PathBuf::from("/no/such/quest"),
            ..options()
        };
        let error = run(&[], &options, |_| {}).expect_err("missing");
        assert!(
            matches!(&error, GradeError::NotRunnable { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("/no/such/quest"), "{error}");
    }
}
