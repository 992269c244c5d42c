//! Every `unsafe` of this crate: the process-group signals and the
//! non-reaping wait that the standard library does not offer.
//!
//! `std::process::Child::kill` signals one process; a guard must signal a
//! whole process group (`kill(2)` with a negative pid), and must know that
//! a child has exited *without* reaping it (`waitid(2)` with `WNOWAIT`), so
//! that its group id cannot be recycled before the group is killed. A
//! program can also leave its group (`setsid`, a double fork); to catch
//! those, the grader becomes their "child subreaper" (`prctl(2)`) and reaps
//! what reparents to it (`waitpid(2)`). Each call is one small function
//! with its `// SAFETY:` comment, so the unsafe code of the crate can be
//! reviewed in one screen.

use std::io;

/// Sends `SIGKILL` to every process in the group that `leader` leads
/// (`kill(2)` with a negative pid).
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

/// True when the child `pid` has exited, *without* reaping it
/// (`waitid(2)` with `WNOWAIT`).
///
/// An unreaped child is a zombie that still holds its process id – and its
/// process group's id – so signals sent before reaping cannot reach an
/// unrelated process that was given a recycled id. [`Guard`] asks this
/// first, kills the group, and only then reaps.
///
/// [`Guard`]: crate::process::Guard
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

/// Makes this process the *child subreaper* of everything it starts
/// (`prctl(2)`, `PR_SET_CHILD_SUBREAPER`): a descendant whose parent exits
/// is reparented to this process instead of to `init`, so it stays in
/// reach – wherever it moved, whatever session or group it made.
///
/// # Errors
///
/// The kernel refused (it does not know the option: Linux before 3.4).
pub fn become_child_subreaper() -> io::Result<()> {
    // SAFETY: prctl(2) with PR_SET_CHILD_SUBREAPER takes one integer
    // argument (the unused ones are zero) and touches no memory of ours.
    let result = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Reaps the child `pid` if it has exited, without waiting (`waitpid(2)`
/// with `WNOHANG`): true when it was reaped, or is not our child (any
/// more).
pub fn reap(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    let mut status = 0;
    // SAFETY: waitpid(2) writes the exit status through the pointer we
    // pass, which points at a live local integer for the whole call.
    let result = unsafe { libc::waitpid(pid, &raw mut status, libc::WNOHANG) };
    result != 0
}
