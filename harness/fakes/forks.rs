//! A fake quest that leaves children behind, in every way a program can:
//! both subcommands start
//!
//! * a copy of themselves that sleeps for an hour, in the same process
//!   group;
//! * one that `setsid`s first, so it leads a session and a process group
//!   of its own and a kill of the fake's group misses it;
//! * a double fork: a middle process that starts a sleeper in a group of
//!   its own and exits at once, so the sleeper's parent is gone before the
//!   check even ends.
//!
//! `get` then exits at once with status 0 and no output; `serve` prints
//! its listening line and answers nothing. The grader must kill every one
//! of them, wherever they moved, or they outlive the grade.

mod common;

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// Starts a copy of this program with `arg`; `setsid` runs it through the
/// util-linux tool of that name (a new session, a new process group).
// Never waiting for the children is the point of this fake.
#[allow(clippy::zombie_processes)]
fn spawn_self(arg: &str, setsid: bool, own_group: bool) {
    let me = std::env::current_exe().expect("fake: no current exe");
    let mut command = if setsid {
        let mut command = Command::new("setsid");
        command.arg(me);
        command
    } else {
        Command::new(me)
    };
    if own_group {
        command.process_group(0);
    }
    command
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("fake: cannot fork");
}

fn leave_children_behind() {
    spawn_self("linger", false, false);
    spawn_self("linger", true, false);
    spawn_self("escape", false, false);
}

fn main() {
    // The middle of the double fork: not a quest subcommand.
    if std::env::args().nth(1).as_deref() == Some("escape") {
        spawn_self("linger", false, true);
        return;
    }
    match common::mode() {
        common::Mode::Serve { addr } => {
            leave_children_behind();
            let listener = common::listen(addr);
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                held.push(stream);
            }
        }
        common::Mode::Get { .. } => leave_children_behind(),
        common::Mode::Linger => common::sleep_forever(),
    }
}
