//! The sandbox: the graded program is a stranger, and runs like one.
//!
//! A student's program is code the grader has never read, and a hostile
//! one can do whatever its user may: read files, print the grader's
//! secrets into the report students see, write into the instructor's
//! checkout, leave a process behind that rewrites the results after the
//! grade. The [`Sandbox`] takes each of those away, one mechanism each:
//!
//! | what the program could reach | what it gets instead |
//! |---|---|
//! | the grader's environment (tokens, `HOME`) | a clean one: `PATH`, `HOME` = its scratch folder, `LANG`, `RUST_BACKTRACE=0` ([`SAFE_ENV`]) |
//! | the grader's working directory | its check's scratch folder, fresh for every check |
//! | the binary under grading, to rewrite | a copy of its own, owned by the grader |
//! | unlimited CPU, memory, processes, file size, descriptors | [`LIMITS`], set so the reference passes every check |
//! | the grader's files and processes, when the grader is root | another user (`--as-user`, default `nobody`) |
//! | `/tmp`, `/var/tmp`, `/dev/shm`, when the grader is root | private empty folders in a mount namespace of its own |
//! | processes left behind | killed after each check (the guard's group, then [`kill_orphans`](course::process::kill_orphans)) |
//! | the results file | never named to it; written by the grader after every program is dead ([`super::results`]) |
//!
//! What is left when the grader does **not** run as root: the program runs
//! as the same user, so it can read whatever that user can (`~/.ssh`, the
//! reference's source, `/proc/PID/environ` of the grader) and write
//! whatever that user can. Grade as root (in a container, or a throw-away
//! machine), and the program runs as `--as-user` with none of that.

use std::ffi::CString;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt, lchown};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::sys::{Confinement, Resource, confine, effective_uid};

/// The environment the graded program sees: nothing of the grader's.
/// `HOME` and `TMPDIR` are added per check (its scratch folder).
pub const SAFE_ENV: [(&str, &str); 3] = [
    ("PATH", "/usr/local/bin:/usr/bin:/bin"),
    ("LANG", "C.UTF-8"),
    // A panic's message is what a failure report should quote, not forty
    // frames of backtrace.
    ("RUST_BACKTRACE", "0"),
];

/// The resource limits of every graded program. Each is far above what
/// the reference needs in any check (a few MB of memory, a few dozen
/// descriptors, one process) and far below what would hurt the machine.
pub const LIMITS: [(Resource, u64); 5] = [
    // A check's time budget is seconds of wall time; a program that spins
    // longer than this on the CPU is killed by the kernel.
    (Resource::CpuSeconds, 60),
    (Resource::AddressSpace, 4 << 30),
    // Uploads in the checks are at most a few MB.
    (Resource::FileSize, 256 << 20),
    // The concurrency checks open a few hundred connections at once.
    (Resource::OpenFiles, 4096),
    (Resource::CoreSize, 0),
];

/// How many processes the graded program's user may start on top of
/// those it has when the grade begins.
const EXTRA_PROCESSES: u64 = 256;

/// The folders that a graded program run by root gets private, empty
/// copies of (each that exists).
const PRIVATE_DIRS: [&str; 3] = ["/tmp", "/var/tmp", "/dev/shm"];

/// A user to run the graded program as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The name given (`--as-user`).
    pub name: String,
    /// Its user id.
    pub uid: u32,
    /// Its primary group id.
    pub gid: u32,
}

/// The grade's private folder, the binary's copy, and how every program
/// of the grade is confined. Removed, folder and all, when dropped.
#[derive(Debug)]
pub struct Sandbox {
    folder: PathBuf,
    quest: PathBuf,
    user: Option<User>,
    private_tmp: bool,
    next_scratch: AtomicU64,
}

impl Sandbox {
    /// Prepares a grade of `quest`: a private folder (in `/run` when root,
    /// where no other user can create files, else the temporary folder),
    /// a copy of the binary in it, and – when this process is root – the
    /// user `as_user` to run it as.
    ///
    /// # Errors
    ///
    /// The folder cannot be made, the binary cannot be copied, or the user
    /// does not exist.
    pub fn prepare(quest: &Path, as_user: &str) -> io::Result<Sandbox> {
        let root = effective_uid() == 0;
        let user = if root {
            Some(lookup_user(as_user)?)
        } else {
            None
        };
        let base = if root && Path::new("/run").is_dir() {
            PathBuf::from("/run")
        } else {
            std::env::temp_dir()
        };
        let folder = base.join(format!("harness-grade-{}", unique_suffix()));
        // Others may pass through (to run the copy), not list or write.
        std::fs::DirBuilder::new().mode(0o711).create(&folder)?;
        let mut sandbox = Sandbox {
            quest: folder.join("quest"),
            folder,
            user,
            private_tmp: false,
            next_scratch: AtomicU64::new(0),
        };
        std::fs::copy(quest, &sandbox.quest)?;
        std::fs::set_permissions(&sandbox.quest, std::fs::Permissions::from_mode(0o755))?;
        sandbox.private_tmp = root && sandbox.private_dirs_work();
        Ok(sandbox)
    }

    /// The user graded programs run as, when the grader is root.
    pub fn user(&self) -> Option<&User> {
        self.user.as_ref()
    }

    /// True when graded programs get private `/tmp`, `/var/tmp` and
    /// `/dev/shm` (root, and a kernel that allows mount namespaces here).
    pub fn private_tmp(&self) -> bool {
        self.private_tmp
    }

    /// The copy of the binary that every check runs.
    pub fn quest(&self) -> &Path {
        &self.quest
    }

    /// A fresh scratch folder for one check, owned by the program's user
    /// and closed to everyone else.
    ///
    /// # Errors
    ///
    /// The folder cannot be made or handed over.
    pub fn scratch(&self) -> io::Result<PathBuf> {
        let n = self.next_scratch.fetch_add(1, Ordering::Relaxed);
        let dir = self.folder.join(format!("check-{n}"));
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        self.hand_over(&dir)?;
        Ok(dir)
    }

    /// Gives `path` and everything under it to the program's user, so that
    /// a server run as that user can store and delete files in the root a
    /// check prepared. Does nothing when the grader is not root.
    ///
    /// # Errors
    ///
    /// `lchown(2)` failed somewhere under `path`.
    pub fn hand_over(&self, path: &Path) -> io::Result<()> {
        let Some(user) = &self.user else {
            return Ok(());
        };
        // lchown: a symlink a check made is changed itself, never followed.
        lchown(path, Some(user.uid), Some(user.gid))?;
        if path.is_symlink() || !path.is_dir() {
            return Ok(());
        }
        for entry in std::fs::read_dir(path)? {
            self.hand_over(&entry?.path())?;
        }
        Ok(())
    }

    /// The quest binary as a command confined for a check whose scratch
    /// folder is `scratch`: clean environment, working directory, limits,
    /// and (as root) private temporary folders and another user.
    pub fn command(&self, scratch: &Path) -> Command {
        let mut command = Command::new(&self.quest);
        command.env_clear();
        command.envs(SAFE_ENV);
        command.env("HOME", scratch).env("TMPDIR", scratch);
        command.current_dir(scratch);
        confine(&mut command, self.confinement());
        command
    }

    /// The confinement of every program of this grade.
    fn confinement(&self) -> Confinement {
        let mut limits = LIMITS.to_vec();
        if let Some(user) = &self.user {
            // RLIMIT_NPROC counts every process of the real user, so the
            // limit is what it has now plus a margin (root ignores it, and
            // for the grader's own user it would count the grader's
            // threads: set only for another user).
            limits.push((
                Resource::Processes,
                processes_of(user.uid) + EXTRA_PROCESSES,
            ));
        }
        Confinement {
            limits,
            private_dirs: if self.private_tmp {
                existing_private_dirs()
            } else {
                Vec::new()
            },
            user: self.user.as_ref().map(|u| (u.uid, u.gid)),
        }
    }

    /// Tries the full confinement on `/bin/true` once: a container without
    /// `CAP_SYS_ADMIN` refuses mount namespaces, and then the grade runs
    /// without private temporary folders rather than not at all.
    fn private_dirs_work(&self) -> bool {
        let mut command = Command::new("/bin/true");
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut trial = self.confinement();
        trial.private_dirs = existing_private_dirs();
        confine(&mut command, trial);
        command.status().is_ok_and(|status| status.success())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // Best effort: a leftover folder is untidy, not wrong.
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Looks `name` up with `id(1)`, which asks the system's user database
/// (`/etc/passwd`, or LDAP and the like through NSS).
fn lookup_user(name: &str) -> io::Result<User> {
    let id = |flag: &str| -> io::Result<u32> {
        let output = Command::new("id").args([flag, "--", name]).output()?;
        let text = String::from_utf8_lossy(&output.stdout);
        text.trim().parse().map_err(|_| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("--as-user {name}: no such user (id {flag} {name} failed)"),
            )
        })
    };
    let user = User {
        name: name.to_owned(),
        uid: id("-u")?,
        gid: id("-g")?,
    };
    if user.uid == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("--as-user {name}: that is root; name an unprivileged user"),
        ));
    }
    Ok(user)
}

/// How many processes `uid` has now (`/proc/PID` is owned by the user).
fn processes_of(uid: u32) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let count = entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.uid() == uid))
        .count();
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// [`PRIVATE_DIRS`] that exist here, as C strings for `mount(2)`.
fn existing_private_dirs() -> Vec<CString> {
    PRIVATE_DIRS
        .iter()
        .filter(|dir| Path::new(dir).is_dir())
        .filter_map(|dir| CString::new(*dir).ok())
        .collect()
}

pub use course::results::unique_suffix;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_confined_program_sees_only_the_safe_environment_and_its_scratch() {
        let sandbox = Sandbox::prepare(Path::new("/usr/bin/env"), "nobody").expect("prepared");
        let scratch = sandbox.scratch().expect("a scratch folder");
        // A variable set on the command itself is the one way in.
        let output = sandbox
            .command(&scratch)
            .env("CHILD_SEES", "this one only")
            .output()
            .expect("env runs");
        let seen = String::from_utf8_lossy(&output.stdout);
        let mut names: Vec<&str> = seen
            .lines()
            .filter_map(|line| line.split_once('=').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "CHILD_SEES",
                "HOME",
                "LANG",
                "PATH",
                "RUST_BACKTRACE",
                "TMPDIR"
            ]
        );
        assert!(
            seen.contains(&format!("HOME={}", scratch.display())),
            "{seen}"
        );
    }

    #[test]
    fn the_limits_hold_in_the_program() {
        let sandbox = Sandbox::prepare(Path::new("/bin/sh"), "nobody").expect("prepared");
        let scratch = sandbox.scratch().expect("a scratch folder");
        let output = sandbox
            .command(&scratch)
            .args(["-c", "ulimit -n; ulimit -c; ulimit -t; pwd"])
            .output()
            .expect("sh runs");
        let seen = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = seen.lines().collect();
        assert_eq!(lines[..3], ["4096", "0", "60"], "{seen}");
        assert_eq!(Path::new(lines[3]), scratch, "{seen}");
    }

    #[test]
    fn the_folder_goes_with_the_sandbox() {
        let sandbox = Sandbox::prepare(Path::new("/bin/true"), "nobody").expect("prepared");
        let folder = sandbox.folder.clone();
        assert!(sandbox.quest().is_file());
        drop(sandbox);
        assert!(!folder.exists());
    }
}
