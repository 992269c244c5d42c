//! Descendants that left the process group: found, killed and reaped.
//!
//! A guard kills its program's whole process group, which catches threads,
//! forked children and a shell's grandchildren. A program can still leave
//! the group: `setsid` (a new session), `setpgid` (a new group), or a
//! double fork whose middle process exits at once. Such a process outlives
//! a group kill – unless the grader has made itself their *child
//! subreaper* with [`adopt_orphans`]. Then every descendant whose parent
//! dies is reparented to the grader, and [`kill_orphans`] finds them as
//! children of ours that no [`Guard`](super::Guard) owns, kills each with
//! everything in its own group, and reaps it – repeating, since a killed
//! orphan's own children become our orphans in turn.
//!
//! This is for a process that runs programs only through guards, such as
//! `cargo harness grade`: there, every child that is not a guard's is an
//! orphan by definition. A test binary that spawns other children of its
//! own must not adopt orphans, and [`kill_orphans`] does nothing in a
//! process that did not.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::guard::is_guarded;
use crate::sys::{become_child_subreaper, kill_group, reap, signal};

/// Set once this process is the subreaper of its descendants.
static ADOPTING: AtomicBool = AtomicBool::new(false);

/// Makes this process the subreaper of every descendant, so that
/// [`kill_orphans`] can reach those that left their guard's group.
///
/// # Errors
///
/// The kernel does not offer the option (Linux before 3.4).
pub fn adopt_orphans() -> io::Result<()> {
    become_child_subreaper()?;
    ADOPTING.store(true, Ordering::SeqCst);
    Ok(())
}

/// Kills and reaps every child of this process that no live guard owns,
/// for up to `within`.
///
/// # Returns
///
/// How many orphans were killed (0 in a process that did not
/// [`adopt_orphans`]).
pub fn kill_orphans(within: Duration) -> usize {
    if !ADOPTING.load(Ordering::SeqCst) {
        return 0;
    }
    let until = Instant::now() + within;
    let mut killed = 0;
    loop {
        let orphans: Vec<u32> = children_of(std::process::id())
            .into_iter()
            .filter(|pid| !is_guarded(*pid))
            .collect();
        if orphans.is_empty() || Instant::now() >= until {
            return killed;
        }
        for &pid in &orphans {
            // Its own group first (a `setsid` orphan leads one), then the
            // process itself (one that joined another group).
            kill_group(pid);
            signal(pid, libc::SIGKILL);
            killed += 1;
        }
        // SIGKILL is not instant: reap each as it dies, briefly.
        let reap_until = Instant::now() + Duration::from_millis(200);
        let mut left = orphans;
        while !left.is_empty() && Instant::now() < reap_until {
            left.retain(|pid| !reap(*pid));
            thread::sleep(Duration::from_millis(2));
        }
    }
}

/// The processes whose parent is `parent`, read from `/proc/PID/stat`
/// (`proc(5)`: the fourth field is the parent's process id). Zombies are
/// included: they still need to be reaped.
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| parent_of(pid) == Some(parent))
        .collect()
}

/// The parent of `pid`, if it still exists. The command name in `stat` is
/// in parentheses and may itself hold `)` or spaces, so the fields are
/// read after the last `)`.
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, fields) = stat.rsplit_once(')')?;
    // " S 1234 …": state, then the parent's id.
    fields.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_found_by_its_parent_id() {
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .expect("sleep runs");
        assert!(children_of(std::process::id()).contains(&child.id()));
        assert_eq!(parent_of(child.id()), Some(std::process::id()));
        let _ = child.kill();
        let _ = child.wait();
    }

    #[test]
    fn nothing_is_killed_in_a_process_that_adopts_no_orphans() {
        // This test process never calls adopt_orphans (other tests' children
        // must be left alone).
        assert_eq!(kill_orphans(Duration::from_millis(50)), 0);
    }
}
