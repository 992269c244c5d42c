//! Running a child process that cannot outstay its welcome.
//!
//! A student's code can loop forever or block on a socket that never
//! answers. The harness must report that and move on, never hang. So every
//! program it runs to completion goes through [`run_with_deadline`]: the
//! child's output is drained on helper threads (a full pipe would otherwise
//! block the child and look like a hang), and a child still running at the
//! deadline is killed together with everything it started: the child leads
//! its own process group, and the whole group gets `SIGKILL` (see `kill(2)`:
//! a negative pid names a process group). The mechanism is the [`Guard`]
//! beside this module, used start to finish.

use std::io;
use std::process::{Command, ExitStatus};
use std::time::Duration;

use super::guard::{Exit, Guard, Reaper};

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
