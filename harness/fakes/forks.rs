//! A fake quest that leaves a child behind: both subcommands start a copy
//! of themselves that sleeps for an hour. `get` then exits at once with
//! status 0 and no output; `serve` prints its listening line and answers
//! nothing. The grader must kill the child too (it shares the process
//! group), or it outlives the grade.

mod common;

use std::process::{Command, Stdio};

// Never waiting for the child is the point of this fake.
#[allow(clippy::zombie_processes)]
fn spawn_lingering_child() {
    let me = std::env::current_exe().expect("fake: no current exe");
    Command::new(me)
        .arg("linger")
        .stdin(Stdio::null())
        .spawn()
        .expect("fake: cannot fork");
}

fn main() {
    match common::mode() {
        common::Mode::Serve { addr } => {
            spawn_lingering_child();
            let listener = common::listen(addr);
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                held.push(stream);
            }
        }
        common::Mode::Get { .. } => spawn_lingering_child(),
        common::Mode::Linger => common::sleep_forever(),
    }
}
