//! Running a child process that cannot outstay its welcome.
//!
//! A student's code can loop forever or block on a socket that never
//! answers. The harness must report that and move on, never hang. So every
//! program it runs to completion goes through [`run_with_deadline`]: the
//! child's output is drained on helper threads (a full pipe would otherwise
//! block the child and look like a hang), and a child still running at the
//! deadline is killed together with everything it started: the child leads
//! its own process group, and the whole group gets `SIGKILL` (see `kill(2)`:
//! a negative pid names a process group). The mechanism itself is the
//! [`Guard`] of the grader; this module adds the signals it sends.

use std::io;
use std::process::{Command, ExitStatus};
use std::time::Duration;

use crate::guard::{Exit, Guard, Reaper};

/// What a finished (or killed) child left behind.
#[derive(Debug)]
pub struct Finished {
    /// The exit status; `None` when the child was killed at the deadline.
    pub status: Option<ExitStatus>,
    /// Everything it wrote to stdout, lossily decoded.
    pub stdout: String,
    /// Everything it wrote to stderr, lossily decoded.
    pub stderr: String,
}

impl Finished {
    /// True when the child ran out of time and was killed.
    pub fn timed_out(&self) -> bool {
        self.status.is_none()
    }
}

/// Runs `command` to completion, or kills it once `limit` has passed.
///
/// This is a [`Guard`] used start to finish: spawn in a new process group,
/// drain the output, wait with a deadline, kill the group.
///
/// # Errors
///
/// Fails only when the program cannot be started at all.
pub fn run_with_deadline(command: &mut Command, limit: Duration) -> io::Result<Finished> {
    let mut guard = Guard::spawn(command, &Reaper::new())?;
    let status = match guard.wait(limit) {
        Exit::Exited(status) => Some(status),
        Exit::TimedOut => None,
    };
    Ok(Finished {
        status,
        stdout: String::from_utf8_lossy(&guard.stdout()).into_owned(),
        stderr: guard.stderr(),
    })
}

/// Sends `SIGKILL` to every process in the group that `leader` leads.
///
/// Errors are ignored on purpose: `ESRCH` only means the group is already
/// empty, which is what we wanted.
pub fn kill_group(leader: u32) {
    let Ok(pgid) = libc::pid_t::try_from(leader) else {
        return;
    };
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    // (Correctness, not safety: while any member of the group lives, Linux
    // does not hand the group's id to a new process, so the signal reaches
    // only what our child started.)
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

/// Sends `signal` to the single process `pid` (not its group).
///
/// Errors are ignored for the same reason as in [`kill_group`].
pub fn signal(pid: u32, signal: i32) {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return;
    };
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe {
        libc::kill(pid, signal);
    }
}

/// True when the child `pid` has exited, *without* reaping it.
///
/// An unreaped child is a zombie that still holds its process id – and its
/// process group's id – so signals sent before reaping cannot reach an
/// unrelated process that was given a recycled id. [`Guard`] asks this
/// first, kills the group, and only then reaps.
///
/// [`Guard`]: crate::guard::Guard
pub fn has_exited(pid: u32) -> bool {
    // SAFETY: an all-zero siginfo_t is a valid value of this plain C struct,
    // and waitid(2) writes into it only through the pointer we pass, which
    // lives until the call returns.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        libc::waitid(libc::P_PID, libc::id_t::from(pid), &raw mut info, flags) == 0
            && info.si_pid() != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_quick_program_finishes_with_its_output() {
        let finished = run_with_deadline(
            Command::new("sh").args(["-c", "echo out; echo err >&2"]),
            Duration::from_secs(10),
        )
        .expect("sh runs");
        assert!(!finished.timed_out());
        assert_eq!(finished.stdout, "out\n");
        assert_eq!(finished.stderr, "err\n");
    }

    #[test]
    fn a_program_that_hangs_is_killed_at_the_deadline() {
        let started = Instant::now();
        let finished = run_with_deadline(
            // The sleep runs in a grandchild that holds the pipes open: the
            // whole group must die for the deadline to hold.
            Command::new("sh").args(["-c", "echo started; sleep 30; echo never"]),
            Duration::from_millis(300),
        )
        .expect("sh runs");
        assert!(finished.timed_out());
        assert_eq!(finished.stdout, "started\n");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
