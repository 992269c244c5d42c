//! A process guard: run a student's program and always get rid of it.
//!
//! The grader starts `quest serve` and `quest get` hundreds of times, and
//! any of those runs may misbehave: never print its listening line, hang,
//! crash, start children of its own, or print a megabyte of garbage. The
//! grader must survive all of that and leave the machine as it found it.
//! A [`Guard`] makes that a matter of ownership:
//!
//! * the program is started as the leader of a **new process group**
//!   (`setpgid(0, 0)` in the child, see `setpgid(2)`), so everything it
//!   starts – threads, forked children, a shell's grandchildren – can be
//!   killed with one `kill(-pgid, SIGKILL)`;
//! * its stdout and stderr are drained by two threads into buffers, so a
//!   chatty program never blocks on a full pipe (which would look like a
//!   hang), and the grader can read what it said at any time;
//! * [`Guard::wait_for_listening`] waits, with a deadline, for the one line
//!   a server must print when it is ready, `listening on http://ADDR`, and
//!   reports precisely why it did not come: the program exited (with its
//!   status and last stderr lines), said something else, or said nothing;
//! * dropping the guard kills the whole group and reaps the leader, on every
//!   path out of a check – early return, `?`, panic.
//!
//! A [`Reaper`] records every live group so that the grader can also kill
//! the programs of a check whose own thread is stuck and cannot drop its
//! guards (the harness's `grade` does).
//!
//! One type, one promise – the program is gone when the guard is – kept in
//! one file on purpose: spawning, draining, waiting and killing share the
//! state that makes the promise hold (the leader's pid, the exit status,
//! the reaper's record), and the tests for each way a program misbehaves
//! are a third of it.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Read};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::sys::kill_group;

/// The line a quest server prints on stdout once it accepts connections.
pub const LISTENING_PREFIX: &str = "listening on http://";

/// How many stderr lines a failure report quotes.
const TAIL_LINES: usize = 8;

/// The leaders of every guard in this process that is not dropped yet:
/// children that [`super::kill_orphans`] must leave alone.
static GUARDED: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// True while a guard of this process owns the child `pid`.
pub(super) fn is_guarded(pid: u32) -> bool {
    GUARDED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .contains(&pid)
}

fn guarded(pid: u32, owned: bool) {
    let mut set = GUARDED.lock().unwrap_or_else(PoisonError::into_inner);
    if owned {
        set.insert(pid);
    } else {
        set.remove(&pid);
    }
}

/// Every process group started through guards that share this reaper.
///
/// Cloning shares the list. [`Reaper::kill_all`] is the emergency brake: it
/// kills every group still registered, whoever owns its guard.
#[derive(Debug, Clone, Default)]
pub struct Reaper {
    groups: Arc<Mutex<BTreeSet<u32>>>,
}

impl Reaper {
    /// A reaper with no groups yet.
    pub fn new() -> Self {
        Reaper::default()
    }

    /// Kills every registered process group.
    pub fn kill_all(&self) {
        for leader in self.lock().iter() {
            kill_group(*leader);
        }
    }

    /// How many groups are registered (alive or not yet reaped).
    pub fn live(&self) -> usize {
        self.lock().len()
    }

    fn add(&self, leader: u32) {
        self.lock().insert(leader);
    }

    fn remove(&self, leader: u32) {
        self.lock().remove(&leader);
    }

    fn lock(&self) -> MutexGuard<'_, BTreeSet<u32>> {
        // A panic elsewhere never makes the list itself inconsistent.
        self.groups.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why a server did not become ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// The program ended before it printed the listening line.
    Exited {
        /// How it ended, e.g. `exit status: 1` or `signal: 6 (SIGABRT)`.
        status: String,
        /// The last lines it wrote to stderr.
        stderr_tail: Vec<String>,
    },
    /// The first line on stdout was not a listening line.
    UnexpectedLine {
        /// What the program printed instead.
        line: String,
    },
    /// Nothing usable arrived in time.
    TimedOut {
        /// How long we waited.
        waited: Duration,
        /// The last lines it wrote to stderr.
        stderr_tail: Vec<String>,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Exited {
                status,
                stderr_tail,
            } => {
                write!(
                    f,
                    "it exited ({status}) before printing `{LISTENING_PREFIX}ADDR`"
                )?;
                write_tail(f, stderr_tail)
            }
            StartError::UnexpectedLine { line } => write!(
                f,
                "its first line on stdout must be `{LISTENING_PREFIX}ADDR` (e.g. \
                 `{LISTENING_PREFIX}127.0.0.1:8080`), but it printed {line:?}"
            ),
            StartError::TimedOut {
                waited,
                stderr_tail,
            } => {
                write!(
                    f,
                    "it printed no `{LISTENING_PREFIX}ADDR` line within {:.1} s \
                     (is stdout flushed after the line?)",
                    waited.as_secs_f64()
                )?;
                write_tail(f, stderr_tail)
            }
        }
    }
}

impl std::error::Error for StartError {}

fn write_tail(f: &mut fmt::Formatter<'_>, tail: &[String]) -> fmt::Result {
    if tail.is_empty() {
        return write!(f, "; it wrote nothing to stderr");
    }
    write!(f, "; the last lines of its stderr:")?;
    for line in tail {
        write!(f, "\n    {line}")?;
    }
    Ok(())
}

/// How a program run to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It exited by itself.
    Exited(ExitStatus),
    /// It was still running at the deadline and was killed.
    TimedOut,
}

/// A running program that is killed, with its whole process group, when the
/// guard is dropped.
#[derive(Debug)]
pub struct Guard {
    child: Child,
    exit: Option<ExitStatus>,
    stdout: Arc<Pipe>,
    stderr: Arc<Pipe>,
    reaper: Reaper,
}

impl Guard {
    /// Starts `command` in its own process group with stdin closed and
    /// stdout/stderr captured, and registers the group with `reaper`.
    ///
    /// # Errors
    ///
    /// Fails when the program cannot be started at all (missing file, not
    /// executable).
    pub fn spawn(command: &mut Command, reaper: &Reaper) -> io::Result<Guard> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()?;
        reaper.add(child.id());
        guarded(child.id(), true);
        let stdout = Pipe::drain(child.stdout.take());
        let stderr = Pipe::drain(child.stderr.take());
        Ok(Guard {
            child,
            exit: None,
            stdout,
            stderr,
            reaper: reaper.clone(),
        })
    }

    /// The program's process id (which is also its process group id).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until the program prints `listening on http://ADDR` as its first
    /// line on stdout and returns ADDR.
    ///
    /// # Errors
    ///
    /// [`StartError`] says why not: the program exited, printed something
    /// else, or printed nothing before `limit` passed.
    pub fn wait_for_listening(&mut self, limit: Duration) -> Result<SocketAddr, StartError> {
        let started = Instant::now();
        loop {
            if let Some(line) = self.stdout.first_line() {
                return parse_listening_line(&line)
                    .ok_or(StartError::UnexpectedLine { line: line.clone() });
            }
            if let Some(status) = self.try_exit() {
                // It may have printed the line just before exiting; either
                // way a server that is gone cannot serve.
                return Err(StartError::Exited {
                    status: status.to_string(),
                    stderr_tail: self.stderr_tail(),
                });
            }
            let waited = started.elapsed();
            if waited >= limit {
                return Err(StartError::TimedOut {
                    waited,
                    stderr_tail: self.stderr_tail(),
                });
            }
            // Wake on new output, or every 20 ms to look at the exit status.
            self.stdout
                .wait_for_change((limit - waited).min(Duration::from_millis(20)));
        }
    }

    /// Waits for the program to exit by itself, for at most `limit`; then
    /// kills whatever is left of its process group (children it started
    /// and did not wait for, too).
    pub fn wait(&mut self, limit: Duration) -> Exit {
        let started = Instant::now();
        let exit = loop {
            if let Some(status) = self.poll_exit() {
                break Exit::Exited(status);
            }
            if started.elapsed() >= limit {
                break Exit::TimedOut;
            }
            thread::sleep(Duration::from_millis(5));
        };
        self.kill();
        // With the group gone the pipes close; give the drain threads a
        // moment to see the end of the output.
        self.stdout.wait_closed(Duration::from_millis(500));
        self.stderr.wait_closed(Duration::from_millis(500));
        exit
    }

    /// The exit status, if the program has exited.
    ///
    /// When it has just exited, this waits (at most half a second) for the
    /// drain threads to read the last of its output: its final words on
    /// stderr are usually the explanation a report needs.
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() && self.poll_exit().is_some() {
            self.stdout.wait_closed(Duration::from_millis(500));
            self.stderr.wait_closed(Duration::from_millis(500));
        }
        self.exit
    }

    /// Looks at the exit status without waiting for anything.
    ///
    /// When the program has exited, whatever is left of its group is killed
    /// *before* the program is reaped: until then its zombie holds the group
    /// id, so the signal cannot reach a stranger that inherited the id.
    /// Once reaped, the guard never signals that id again.
    fn poll_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() && crate::sys::has_exited(self.child.id()) {
            kill_group(self.child.id());
            self.exit = self.child.try_wait().ok().flatten();
        }
        self.exit
    }

    /// Everything the program wrote to stdout so far, byte for byte.
    pub fn stdout(&self) -> Vec<u8> {
        self.stdout.bytes()
    }

    /// Everything the program wrote to stderr so far, decoded lossily.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.bytes()).into_owned()
    }

    /// The last few lines of stderr, each cut to a readable length.
    pub fn stderr_tail(&self) -> Vec<String> {
        tail_lines(&self.stderr(), TAIL_LINES)
    }

    /// Sends `signal` (e.g. `libc::SIGTERM`) to the program itself, not to
    /// its group: what a user's Ctrl-C or a service manager's stop does.
    /// Nothing is sent once the program has been reaped (its id may belong
    /// to another process by then).
    pub fn signal(&mut self, signal: i32) {
        if self.poll_exit().is_none() {
            crate::sys::signal(self.child.id(), signal);
        }
    }

    /// Kills the whole process group now and reaps the leader.
    ///
    /// A leader that was already reaped had its group killed at that moment
    /// (see `poll_exit`), so its id is not signalled again.
    pub fn kill(&mut self) {
        if self.exit.is_none() {
            kill_group(self.child.id());
            // SIGKILL cannot be caught; the wait returns promptly.
            self.exit = self.child.wait().ok();
        }
        self.reaper.remove(self.child.id());
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.kill();
        guarded(self.child.id(), false);
    }
}

/// Parses `listening on http://127.0.0.1:8080` (or `[::1]:8080`) into the
/// address; anything else is `None`.
pub fn parse_listening_line(line: &str) -> Option<SocketAddr> {
    let addr = line.trim_end().strip_prefix(LISTENING_PREFIX)?;
    addr.strip_suffix('/').unwrap_or(addr).parse().ok()
}

/// The last `count` non-empty lines of `text`, each at most 200 characters.
fn tail_lines(text: &str, count: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(count)..]
        .iter()
        .map(|line| {
            let mut short: String = line.chars().take(200).collect();
            if short.len() < line.len() {
                short.push('…');
            }
            short
        })
        .collect()
}

/// One captured output stream: the bytes so far, and whether it has closed.
#[derive(Debug, Default)]
struct Pipe {
    state: Mutex<PipeState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct PipeState {
    bytes: Vec<u8>,
    closed: bool,
}

/// A program that prints without end must not eat the grader's memory.
const PIPE_LIMIT: usize = 16 * 1024 * 1024;

impl Pipe {
    /// Starts a thread that copies `pipe` into a new [`Pipe`] until EOF.
    fn drain(pipe: Option<impl Read + Send + 'static>) -> Arc<Pipe> {
        let shared = Arc::new(Pipe::default());
        let Some(mut pipe) = pipe else {
            shared.lock().closed = true;
            return shared;
        };
        let writer = Arc::clone(&shared);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut state = writer.lock();
                        if state.bytes.len() < PIPE_LIMIT {
                            state.bytes.extend_from_slice(&buf[..n]);
                        }
                        writer.changed.notify_all();
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            writer.lock().closed = true;
            writer.changed.notify_all();
        });
        shared
    }

    fn lock(&self) -> MutexGuard<'_, PipeState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn bytes(&self) -> Vec<u8> {
        self.lock().bytes.clone()
    }

    /// The first complete line, without its line ending.
    fn first_line(&self) -> Option<String> {
        let state = self.lock();
        let end = state.bytes.iter().position(|&b| b == b'\n')?;
        let line = String::from_utf8_lossy(&state.bytes[..end]);
        Some(line.trim_end_matches('\r').to_owned())
    }

    fn wait_for_change(&self, limit: Duration) {
        let state = self.lock();
        if state.closed {
            // Nothing more will arrive; sleep instead of spinning.
            drop(state);
            thread::sleep(limit);
            return;
        }
        let _ = self.changed.wait_timeout(state, limit);
    }

    fn wait_closed(&self, limit: Duration) {
        let started = Instant::now();
        let mut state = self.lock();
        while !state.closed {
            let Some(left) = limit.checked_sub(started.elapsed()) else {
                return;
            };
            state = match self.changed.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn the_listening_line_gives_the_address() {
        let reaper = Reaper::new();
        let mut guard = Guard::spawn(
            &mut sh("echo 'listening on http://127.0.0.1:4321'; sleep 30"),
            &reaper,
        )
        .expect("sh starts");
        let addr = guard.wait_for_listening(Duration::from_secs(5));
        assert_eq!(addr, Ok("127.0.0.1:4321".parse().expect("valid")));
        assert_eq!(reaper.live(), 1);
        drop(guard);
        assert_eq!(reaper.live(), 0, "dropping the guard unregisters it");
    }

    #[test]
    fn parse_accepts_ipv6_and_a_trailing_slash_only() {
        assert_eq!(
            parse_listening_line("listening on http://[::1]:80/\n"),
            Some("[::1]:80".parse().expect("valid"))
        );
        assert_eq!(parse_listening_line("listening on 127.0.0.1:80"), None);
        assert_eq!(
            parse_listening_line("listening on http://localhost:80"),
            None
        );
    }

    #[test]
    fn a_program_that_exits_early_is_reported_with_its_stderr() {
        let reaper = Reaper::new();
        let mut guard = Guard::spawn(&mut sh("echo 'bind: address in use' >&2; exit 3"), &reaper)
            .expect("sh starts");
        let error = guard
            .wait_for_listening(Duration::from_secs(5))
            .expect_err("it never listens");
        let StartError::Exited {
            status,
            stderr_tail,
        } = &error
        else {
            panic!("expected Exited, got {error:?}");
        };
        assert!(status.contains('3'), "{status}");
        assert_eq!(stderr_tail, &["bind: address in use".to_owned()]);
        assert!(error.to_string().contains("bind: address in use"));
    }

    #[test]
    fn a_silent_program_times_out_quickly() {
        let reaper = Reaper::new();
        let mut guard = Guard::spawn(&mut sh("sleep 30"), &reaper).expect("sh starts");
        let started = Instant::now();
        let error = guard
            .wait_for_listening(Duration::from_millis(200))
            .expect_err("it never listens");
        assert!(matches!(error, StartError::TimedOut { .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_different_first_line_is_quoted() {
        let reaper = Reaper::new();
        let mut guard =
            Guard::spawn(&mut sh("echo 'Server ready!'; sleep 30"), &reaper).expect("sh starts");
        let error = guard
            .wait_for_listening(Duration::from_secs(5))
            .expect_err("wrong line");
        assert_eq!(
            error,
            StartError::UnexpectedLine {
                line: "Server ready!".into()
            }
        );
    }

    #[test]
    fn wait_kills_the_children_a_finished_program_left_behind() {
        let reaper = Reaper::new();
        // The shell exits at once; its background sleep holds stdout open.
        let mut guard = Guard::spawn(&mut sh("sleep 30 & echo done"), &reaper).expect("sh starts");
        let started = Instant::now();
        let exit = guard.wait(Duration::from_secs(5));
        assert!(matches!(exit, Exit::Exited(status) if status.success()));
        assert_eq!(guard.stdout(), b"done\n");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the lingering sleep was killed, so stdout closed"
        );
    }

    #[test]
    fn wait_times_out_and_kills() {
        let reaper = Reaper::new();
        let mut guard = Guard::spawn(&mut sh("sleep 30"), &reaper).expect("sh starts");
        assert_eq!(guard.wait(Duration::from_millis(100)), Exit::TimedOut);
        assert!(guard.try_exit().is_some(), "the killed program is reaped");
    }

    #[test]
    fn kill_all_stops_programs_whose_guards_are_elsewhere() {
        let reaper = Reaper::new();
        let mut guard = Guard::spawn(&mut sh("sleep 30"), &reaper).expect("sh starts");
        reaper.kill_all();
        let exit = guard.wait(Duration::from_secs(5));
        assert!(
            matches!(exit, Exit::Exited(status) if !status.success()),
            "{exit:?}"
        );
    }
}
