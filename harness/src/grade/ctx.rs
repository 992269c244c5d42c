//! The runtime a check works in: its budget, its scratch folder, and the
//! programs it starts.
//!
//! The [`Ctx`] hands a check what it needs and makes cleanup automatic:
//! every program it starts runs under a [`Guard`] registered with the
//! grade's [`Reaper`], and its scratch folder is removed when the check
//! ends. A check never spawns a process or makes a temporary folder by
//! itself, so nothing it starts can outlive it – whatever the program
//! under test does.
//!
//! * [`Ctx::serve`] starts `quest serve` and waits for its listening line:
//!   a [`Server`], killed when dropped.
//! * [`Ctx::get`] runs `quest get` to completion or to the deadline: a
//!   [`GetRun`] with its exit, stdout and stderr.

use std::ffi::OsStr;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::Arc;
use std::time::{Duration, Instant};

use course::process::{Exit, Guard, Reaper};

use crate::grade::sandbox::Sandbox;
use crate::grade::shell::show_command;
use crate::grade::verdict::{Failure, Verdict};
use crate::wire::preview::preview;

/// What a check gets to work with.
#[derive(Debug)]
pub struct Ctx {
    sandbox: Arc<Sandbox>,
    shown: String,
    deadline: Instant,
    reaper: Reaper,
    scratch: PathBuf,
}

/// How many lines of a program's stderr a failure quotes.
const QUOTE_LINES: usize = 6;

/// How long `quest serve` may take to print its listening line.
const START_LIMIT: Duration = Duration::from_secs(5);

impl Ctx {
    /// A context for one run of one check, ending at `deadline`: its own
    /// scratch folder in the grade's `sandbox`. `shown` is the name of the
    /// binary in repros (`target/release/quest`, never the grader's copy).
    ///
    /// # Errors
    ///
    /// Fails when the scratch folder cannot be created.
    pub fn new(
        sandbox: &Arc<Sandbox>,
        shown: &str,
        deadline: Instant,
        reaper: Reaper,
    ) -> io::Result<Ctx> {
        Ok(Ctx {
            scratch: sandbox.scratch()?,
            sandbox: Arc::clone(sandbox),
            shown: shown.to_owned(),
            deadline,
            reaper,
        })
    }

    /// The quest binary under test (the grade's copy of it).
    pub fn quest(&self) -> &Path {
        self.sandbox.quest()
    }

    /// The binary's name in repros: `target/release/quest`, as the student
    /// knows it.
    pub fn shown_quest(&self) -> &str {
        &self.shown
    }

    /// Time left before the check counts as hung.
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// A folder of this check's own, removed when the check ends. It is
    /// the program's working directory, so a check names files in it by
    /// relative paths (`--root www`, `-o saved.bin`), as its repro does.
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Gives what the check wrote into its scratch folder to the program's
    /// user (a server run as `nobody` must be able to store files in the
    /// root the grader prepared). Every start of a program does this.
    fn hand_over(&self) -> Result<(), Failure> {
        self.sandbox.hand_over(&self.scratch).map_err(|e| {
            Failure::new(format!(
                "the grader cannot hand its scratch folder to the program's user: {e}"
            ))
        })
    }

    /// Starts `quest serve --addr 127.0.0.1:0 ARGS…` and waits for its
    /// listening line.
    ///
    /// # Errors
    ///
    /// A failure saying why the server is not ready (see
    /// [`course::process::StartError`]), with the command to run by hand.
    pub fn serve<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Server, Failure> {
        self.hand_over()?;
        let mut command = self.command();
        command.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
        let shown = show_command(&self.shown, &command);
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

    /// The quest binary as a command, confined by the sandbox: a clean
    /// environment, the scratch folder as working directory, limits, and
    /// (as root) another user.
    fn command(&self) -> Command {
        self.sandbox.command(&self.scratch)
    }

    /// Runs `quest get ARGS…` to completion, or kills it when the check's
    /// time is up, whichever comes first.
    ///
    /// # Errors
    ///
    /// Fails only when the program cannot be started at all; a program
    /// that hangs comes back as a [`GetRun`] with `exit: TimedOut`.
    pub fn get<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<GetRun, Failure> {
        self.hand_over()?;
        let mut command = self.command();
        command.arg("get").args(args);
        let shown = show_command(&self.shown, &command);
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

    /// ` (the server exited …)` when the server has exited since it
    /// started, or nothing: the note a failure appends after a broken
    /// connection, so that a crash is never mistaken for a slow answer.
    pub fn exit_note(&mut self) -> String {
        self.still_running()
            .err()
            .map(|crash| format!(" ({})", crash.reason))
            .unwrap_or_default()
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

    /// `; stderr: …` with what the program said, or nothing when stderr
    /// is empty. One line is quoted inline; several (a panic's message
    /// and location) each on a line of its own, indented, so that a
    /// report shows them as the program printed them. At most
    /// six lines (`QUOTE_LINES`) and about 300 bytes, whatever it printed.
    pub fn stderr_quote(&self) -> String {
        let text = self.stderr.trim();
        if text.is_empty() {
            return String::new();
        }
        if !text.contains('\n') {
            return format!("; stderr: {}", preview(text.as_bytes(), 300));
        }
        let mut quote = String::from("; stderr:");
        let mut budget = 300;
        for line in text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(QUOTE_LINES)
        {
            if budget == 0 {
                quote.push_str("\n    …");
                break;
            }
            let shown = preview(line.as_bytes(), budget.min(160));
            budget = budget.saturating_sub(line.len().min(160));
            quote.push_str("\n    ");
            quote.push_str(&shown);
        }
        quote
    }

    fn stdout_quote(&self) -> String {
        if self.stdout.is_empty() {
            String::new()
        } else {
            format!("; stdout: {}", preview(&self.stdout, 200))
        }
    }
}
