//! Checks: one graded behaviour each, with points and a way back to the lesson.
//!
//! A grader is a list of small, independent experiments. Each [`Check`]
//! starts the program under test from scratch (a fresh `quest serve`, a
//! fresh scripted peer for `quest get`), does one thing to it over real
//! sockets, and returns a [`Verdict`]. Independence is what makes a score
//! fair: one crash costs the points of one check, not of every check after
//! it, and a check can be re-run alone (`--only ID`) to reproduce it.
//!
//! A failure is only useful if the student can act on it, so a
//! [`Failure`] carries what was expected and what arrived, and the check
//! names the lesson to revisit; where a command can show the same thing by
//! hand, the failure carries it as a repro.
//!
//! The [`Ctx`] hands a check what it needs and makes cleanup automatic:
//! every program it starts runs under a [`Guard`] registered with the
//! grade's [`Reaper`], and its scratch folder is removed when the check
//! ends.

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::course::LESSONS;
use crate::guard::{Exit, Guard, Reaper};

/// Which half of the quest a check grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// `quest serve`, driven by the grader's raw client.
    Server,
    /// `quest get`, talking to the grader's scripted peer.
    Client,
}

impl Category {
    /// `"server"` or `"client"`, as `--only` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Category::Server => "server",
            Category::Client => "client",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a student should look when a check fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revisit {
    /// A lesson, by number.
    Lesson(u8),
    /// The quest brief itself (behaviour no lesson teaches on its own).
    Quest,
}

impl Revisit {
    /// `lesson 05` or `quest brief`: for tables.
    pub fn short(self) -> String {
        match self {
            Revisit::Lesson(number) => format!("lesson {number:02}"),
            Revisit::Quest => "quest brief".into(),
        }
    }
}

impl fmt::Display for Revisit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Revisit::Lesson(number) => match LESSONS.iter().find(|l| l.number == *number) {
                Some(lesson) => {
                    write!(f, "lesson {number:02} – {} ({})", lesson.title, lesson.text)
                }
                None => write!(f, "lesson {number:02}"),
            },
            Revisit::Quest => f.write_str("the quest brief (quest/quest.md)"),
        }
    }
}

/// Why a check failed, in words a student can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was expected and what arrived instead.
    pub reason: String,
    /// A command (or the raw bytes) that shows the same thing by hand.
    pub repro: Option<String>,
}

impl Failure {
    /// A failure with a reason and no repro yet.
    pub fn new(reason: impl Into<String>) -> Self {
        Failure {
            reason: reason.into(),
            repro: None,
        }
    }

    /// Adds how to reproduce the failure by hand.
    pub fn repro(mut self, repro: impl Into<String>) -> Self {
        self.repro = Some(repro.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// The outcome of one run of a check: `Ok(())` is a pass.
///
/// Being a `Result`, a check can use `?` on every step that may fail, and
/// the first failure becomes the verdict.
pub type Verdict = Result<(), Failure>;

/// Turns a false condition into a failure: `ensure(cond, || "why")?`.
///
/// # Errors
///
/// A [`Failure`] with the reason `why` returns, when `condition` is false.
pub fn ensure(condition: bool, why: impl FnOnce() -> String) -> Verdict {
    if condition {
        Ok(())
    } else {
        Err(Failure::new(why()))
    }
}

/// One graded behaviour.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Stable id, used by `--only` and in reports, e.g. `server-head`.
    pub id: &'static str,
    /// What the check proves, as one short sentence.
    pub title: &'static str,
    /// Points awarded when it passes.
    pub points: u32,
    /// Server or client side of the quest.
    pub category: Category,
    /// Where to look when it fails.
    pub revisit: Revisit,
    /// The experiment itself.
    pub run: fn(&Ctx) -> Verdict,
}

/// What a check gets to work with.
#[derive(Debug)]
pub struct Ctx {
    quest: PathBuf,
    deadline: Instant,
    reaper: Reaper,
    scratch: PathBuf,
}

/// How long `quest serve` may take to print its listening line.
const START_LIMIT: Duration = Duration::from_secs(5);

impl Ctx {
    /// A context for one run of one check, ending at `deadline`.
    ///
    /// # Errors
    ///
    /// Fails when the scratch folder cannot be created.
    pub fn new(quest: &Path, deadline: Instant, reaper: Reaper) -> io::Result<Ctx> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let scratch = std::env::temp_dir().join(format!(
            "harness-grade-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&scratch)?;
        Ok(Ctx {
            quest: quest.to_path_buf(),
            deadline,
            reaper,
            scratch,
        })
    }

    /// The quest binary under test.
    pub fn quest(&self) -> &Path {
        &self.quest
    }

    /// Time left before the check counts as hung.
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// A folder of this check's own, removed when the check ends.
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Starts `quest serve --addr 127.0.0.1:0 ARGS…` and waits for its
    /// listening line.
    ///
    /// # Errors
    ///
    /// A failure saying why the server is not ready (see
    /// [`crate::guard::StartError`]), with the command to run by hand.
    pub fn serve<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Server, Failure> {
        let mut command = self.command();
        command.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
        let shown = show_command(&command);
        let mut guard = Guard::spawn(&mut command, &self.reaper).map_err(|e| {
            Failure::new(format!("cannot start `{shown}`: {e}")).repro(shown.clone())
        })?;
        let limit = START_LIMIT.min(self.remaining());
        match guard.wait_for_listening(limit) {
            Ok(addr) => Ok(Server {
                guard,
                addr,
                command: shown,
            }),
            Err(e) => Err(Failure::new(format!("`quest serve` did not start: {e}")).repro(shown)),
        }
    }

    /// The quest binary as a command. `RUST_BACKTRACE=0`: a panic's
    /// message is what a failure report should quote, not forty frames.
    fn command(&self) -> Command {
        let mut command = Command::new(&self.quest);
        command.env("RUST_BACKTRACE", "0");
        command
    }

    /// Runs `quest get ARGS…` to completion, or kills it when the check's
    /// time is up, whichever comes first.
    ///
    /// # Errors
    ///
    /// Fails only when the program cannot be started at all; a program
    /// that hangs comes back as a [`GetRun`] with `exit: TimedOut`.
    pub fn get<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<GetRun, Failure> {
        let mut command = self.command();
        command.arg("get").args(args);
        let shown = show_command(&command);
        let started = Instant::now();
        let mut guard = Guard::spawn(&mut command, &self.reaper).map_err(|e| {
            Failure::new(format!("cannot start `{shown}`: {e}")).repro(shown.clone())
        })?;
        // Leave a little time after the kill to report.
        let limit = self.remaining().saturating_sub(Duration::from_millis(300));
        let exit = guard.wait(limit);
        Ok(GetRun {
            exit,
            stdout: guard.stdout(),
            stderr: guard.stderr(),
            elapsed: started.elapsed(),
            command: shown,
        })
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        // Best effort: a leftover temp folder is untidy, not wrong.
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// A running `quest serve`, killed when dropped.
#[derive(Debug)]
pub struct Server {
    guard: Guard,
    addr: SocketAddr,
    command: String,
}

impl Server {
    /// The address from its listening line.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The command line that started it (for repros).
    pub fn command(&self) -> &str {
        &self.command
    }

    /// A repro: start the server as the grader did, then run `then`.
    pub fn repro(&self, then: &str) -> String {
        let command = self.command.replace("127.0.0.1:0", "127.0.0.1:8080");
        let then = then.replace(&self.addr.to_string(), "127.0.0.1:8080");
        format!("{command}   # in one terminal\n{then}   # in another")
    }

    /// Fails when the server has exited (crashed) since it started.
    ///
    /// # Errors
    ///
    /// A failure with the exit status and the last lines of stderr.
    pub fn still_running(&mut self) -> Verdict {
        match self.guard.try_exit() {
            None => Ok(()),
            Some(status) => {
                let mut reason = format!("the server exited ({status})");
                let tail = self.guard.stderr_tail();
                if !tail.is_empty() {
                    reason.push_str("; the last lines of its stderr:");
                    for line in tail {
                        reason.push_str("\n    ");
                        reason.push_str(&line);
                    }
                }
                Err(Failure::new(reason))
            }
        }
    }

    /// Waits up to `within` for the server to exit, and describes the
    /// exit if it did. A check calls this when the connection broke, to
    /// tell "the server crashed" from "the server closed the connection".
    pub fn crash_within(&mut self, within: Duration) -> Option<Failure> {
        let started = Instant::now();
        loop {
            if let Err(crash) = self.still_running() {
                return Some(crash);
            }
            if started.elapsed() >= within {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's guard, for checks that signal it or read its stderr.
    pub fn guard(&mut self) -> &mut Guard {
        &mut self.guard
    }
}

/// What one `quest get` run left behind.
#[derive(Debug)]
pub struct GetRun {
    /// How it ended.
    pub exit: Exit,
    /// Its stdout, byte for byte (the bodies).
    pub stdout: Vec<u8>,
    /// Its stderr.
    pub stderr: String,
    /// How long it ran.
    pub elapsed: Duration,
    /// The command line, for repros.
    pub command: String,
}

impl GetRun {
    /// The exit status, when it exited by itself.
    pub fn status(&self) -> Option<ExitStatus> {
        match self.exit {
            Exit::Exited(status) => Some(status),
            Exit::TimedOut => None,
        }
    }

    /// Fails unless it exited with status 0.
    ///
    /// # Errors
    ///
    /// A failure naming the status (or the hang) and quoting stderr.
    pub fn succeeded(&self) -> Verdict {
        match self.exit {
            Exit::Exited(status) if status.success() => Ok(()),
            Exit::Exited(status) => Err(Failure::new(format!(
                "`quest get` should exit 0, but it exited ({status}){}",
                self.stderr_quote()
            ))),
            Exit::TimedOut => Err(self.hung()),
        }
    }

    /// Fails unless it exited with a non-zero status and one clear line on
    /// stderr – how a client reports a network or protocol error.
    ///
    /// # Errors
    ///
    /// A failure saying what it did instead: exited 0, hung, crashed with a
    /// panic, or said nothing.
    pub fn failed_cleanly(&self) -> Verdict {
        let status = match self.exit {
            Exit::TimedOut => return Err(self.hung()),
            Exit::Exited(status) => status,
        };
        if status.success() {
            return Err(Failure::new(format!(
                "`quest get` should report an error and exit non-zero, but it exited 0{}",
                self.stdout_quote()
            )));
        }
        if status.code().is_none() || status.code() == Some(101) {
            return Err(Failure::new(format!(
                "`quest get` should exit with an error message, but it crashed ({status}){}",
                self.stderr_quote()
            )));
        }
        if self.stderr.trim().is_empty() {
            return Err(Failure::new(format!(
                "`quest get` exited ({status}) but printed nothing on stderr: \
                 say in one line which URL failed and why"
            )));
        }
        Ok(())
    }

    fn hung(&self) -> Failure {
        Failure::new(format!(
            "`quest get` did not finish within {:.1} s and was killed{}",
            self.elapsed.as_secs_f64(),
            self.stderr_quote()
        ))
    }

    /// `; stderr: "…"`, or nothing when stderr is empty.
    pub fn stderr_quote(&self) -> String {
        let text = self.stderr.trim();
        if text.is_empty() {
            String::new()
        } else {
            format!(
                "; stderr: {}",
                crate::transcript::preview(text.as_bytes(), 300)
            )
        }
    }

    fn stdout_quote(&self) -> String {
        if self.stdout.is_empty() {
            String::new()
        } else {
            format!(
                "; stdout: {}",
                crate::transcript::preview(&self.stdout, 200)
            )
        }
    }
}

/// Renders a command line as a user would type it (for repros).
pub fn show_command(command: &Command) -> String {
    let mut words = vec![shell_word(&command.get_program().to_string_lossy())];
    words.extend(command.get_args().map(|a| shell_word(&a.to_string_lossy())));
    words.join(" ")
}

/// Quotes `word` for a POSIX shell when it needs quoting.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisit_names_the_lesson_file() {
        let text = Revisit::Lesson(3).to_string();
        assert!(text.contains("lessons/03-"), "{text}");
        assert!(Revisit::Quest.to_string().contains("quest/quest.md"));
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("http://127.0.0.1:80/a"), "http://127.0.0.1:80/a");
        assert_eq!(shell_word("X-A: b"), "'X-A: b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn ensure_turns_false_into_a_failure() {
        assert_eq!(ensure(true, || "never".into()), Ok(()));
        assert_eq!(ensure(false, || "why".into()), Err(Failure::new("why")));
    }
}
