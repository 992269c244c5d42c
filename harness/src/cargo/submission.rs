//! A student's submission: found, copied clean, built.
//!
//! What a student hands in is a folder – their repository, or a zip of it –
//! and what the grader grades is a binary. Between the two, three things go
//! wrong in practice, and each has a step here:
//!
//! 1. **Which package?** A submission may hold more than one `Cargo.toml`
//!    (the workspace, every lesson, a stray copy). [`find_workspace`] looks
//!    for the package *named* `quest` and takes the workspace around it.
//! 2. **A stale binary.** A `target/` folder from an earlier build holds a
//!    `quest` that compiled once. [`copy_clean`] copies the submission
//!    without `target/` and `.git/`, so only what builds now is graded.
//! 3. **A build that fails or never ends.** [`build`] runs cargo under a
//!    guard with a time limit, and a failure comes back with the
//!    compiler's last lines: the report shows them to the student.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use course::process::{Exit, Guard, Reaper};

/// The package every submission must contain.
pub const PACKAGE: &str = "quest";

/// Folders never copied from a submission: build output and history.
const SKIPPED: [&str; 3] = ["target", ".git", "node_modules"];

/// How many of cargo's last stderr lines a build failure quotes.
const TAIL: usize = 25;

/// Why a submission could not be built.
#[derive(Debug)]
pub enum SubmissionError {
    /// No `Cargo.toml` in the folder declares the package `quest`.
    NoQuest(PathBuf),
    /// Reading or copying the submission failed.
    Io(io::Error),
    /// cargo failed; the last lines of its output.
    BuildFailed(Vec<String>),
    /// The build ran out of time.
    BuildTimedOut(Duration),
    /// cargo built, but named no `quest` executable.
    NoExecutable,
}

impl fmt::Display for SubmissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubmissionError::NoQuest(dir) => write!(
                f,
                "no package named `{PACKAGE}` in {}: hand in the whole repository",
                dir.display()
            ),
            SubmissionError::Io(error) => write!(f, "cannot read the submission: {error}"),
            SubmissionError::BuildFailed(tail) => write!(
                f,
                "the quest does not build (`cargo build --release -p {PACKAGE}`):\n{}",
                tail.join("\n")
            ),
            SubmissionError::BuildTimedOut(limit) => write!(
                f,
                "`cargo build --release -p {PACKAGE}` did not finish within {:.0} s",
                limit.as_secs_f64()
            ),
            SubmissionError::NoExecutable => {
                write!(f, "cargo built `{PACKAGE}` but named no `{PACKAGE}` binary")
            }
        }
    }
}

impl std::error::Error for SubmissionError {}

impl From<io::Error> for SubmissionError {
    fn from(error: io::Error) -> Self {
        SubmissionError::Io(error)
    }
}

/// The workspace root, inside `dir`, of the package named `quest`: the
/// nearest folder at or above its `Cargo.toml` (but not above `dir`)
/// whose manifest has a `[workspace]`, or the package's own folder.
///
/// # Errors
///
/// No manifest in `dir` declares the package, or `dir` cannot be read.
pub fn find_workspace(dir: &Path) -> Result<PathBuf, SubmissionError> {
    let mut manifests = Vec::new();
    collect_manifests(dir, 0, &mut manifests)?;
    // The shallowest first: `quest/Cargo.toml` before a copy deeper down.
    manifests.sort_by_key(|path| path.components().count());
    let package = manifests
        .iter()
        .find(|path| package_name(path).as_deref() == Some(PACKAGE))
        .ok_or_else(|| SubmissionError::NoQuest(dir.to_path_buf()))?;
    let package_dir = package.parent().unwrap_or(dir);
    let workspace = package_dir
        .ancestors()
        .take_while(|folder| folder.starts_with(dir))
        .find(|folder| is_workspace(&folder.join("Cargo.toml")))
        .unwrap_or(package_dir);
    Ok(workspace.to_path_buf())
}

/// Every `Cargo.toml` under `dir`, a few levels deep, skipping `SKIPPED`.
fn collect_manifests(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if depth > 4 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name();
        if kind.is_dir() && !SKIPPED.iter().any(|s| name == *s) {
            collect_manifests(&entry.path(), depth + 1, out)?;
        } else if kind.is_file() && name == "Cargo.toml" {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// `[package] name` of a manifest, if it has one.
fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let value: toml::Table = text.parse().ok()?;
    value
        .get("package")?
        .get("name")?
        .as_str()
        .map(str::to_owned)
}

/// True when the manifest declares a workspace.
fn is_workspace(manifest: &Path) -> bool {
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|value| value.contains_key("workspace"))
}

/// Copies `from` into the new folder `to`, without `target/`, `.git/` and
/// `node_modules/`.
/// Symbolic links are copied as links (never followed: a link in a
/// submission may point anywhere on the grader's machine).
///
/// # Errors
///
/// Reading or writing failed.
pub fn copy_clean(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let target = to.join(&name);
        if kind.is_dir() {
            if !SKIPPED.iter().any(|s| name == *s) {
                copy_clean(&entry.path(), &target)?;
            }
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Builds `quest` in release mode in the workspace `workspace` (a clean
/// copy), with cargo's output in `target_dir`, within `limit`.
///
/// cargo runs under a [`Guard`]: killed with every build script and
/// compiler it started when time is up.
///
/// # Errors
///
/// The build failed (with cargo's last lines), timed out, or named no
/// executable.
pub fn build(
    cargo: &Path,
    workspace: &Path,
    target_dir: &Path,
    limit: Duration,
) -> Result<PathBuf, SubmissionError> {
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        .args(["build", "--release", "-p", PACKAGE, "--bin", PACKAGE])
        .arg("--message-format=json-render-diagnostics")
        .env("CARGO_TARGET_DIR", target_dir)
        // Colour codes would end up in the report.
        .env("CARGO_TERM_COLOR", "never");
    let reaper = Reaper::new();
    let mut guard = Guard::spawn(&mut command, &reaper)?;
    let exit = guard.wait(limit);
    let stdout = String::from_utf8_lossy(&guard.stdout()).into_owned();
    match exit {
        Exit::TimedOut => return Err(SubmissionError::BuildTimedOut(limit)),
        Exit::Exited(status) if !status.success() => {
            let stderr = guard.stderr();
            let lines: Vec<&str> = stderr.lines().collect();
            let tail = lines[lines.len().saturating_sub(TAIL)..]
                .iter()
                .map(|line| line.chars().take(300).collect())
                .collect();
            return Err(SubmissionError::BuildFailed(tail));
        }
        Exit::Exited(_) => {}
    }
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == PACKAGE)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or(SubmissionError::NoExecutable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("harness-submission-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder");
        dir
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, text).expect("written");
    }

    #[test]
    fn the_quest_package_is_found_by_name_and_its_workspace_taken() {
        let dir = temp("find");
        write(
            &dir.join("repo/Cargo.toml"),
            "[workspace]\nmembers = [\"quest\"]\n",
        );
        write(
            &dir.join("repo/quest/Cargo.toml"),
            "[package]\nname = \"quest\"\n",
        );
        // A reference copy whose name only starts with "quest", and a
        // stale copy in target/, are not it.
        write(
            &dir.join("repo/a/quest/Cargo.toml"),
            "[package]\nname = \"quest-solution\"\n",
        );
        write(
            &dir.join("target/quest/Cargo.toml"),
            "[package]\nname = \"quest\"\n",
        );
        assert_eq!(find_workspace(&dir).expect("found"), dir.join("repo"));
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }

    #[test]
    fn a_folder_without_the_package_is_named_in_the_error() {
        let dir = temp("none");
        write(
            &dir.join("Cargo.toml"),
            "[package]\nname = \"quest-solution\"\n",
        );
        let error = find_workspace(&dir).expect_err("no quest").to_string();
        assert!(error.contains("no package named `quest`"), "{error}");
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }

    #[test]
    fn the_copy_leaves_target_and_git_behind_and_keeps_links_as_links() {
        let dir = temp("copy");
        write(&dir.join("from/src/main.rs"), "fn main() {}\n");
        write(&dir.join("from/target/release/quest"), "stale");
        write(&dir.join("from/.git/HEAD"), "ref");
        std::os::unix::fs::symlink("/nowhere", dir.join("from/link")).expect("a link");
        copy_clean(&dir.join("from"), &dir.join("to")).expect("copied");
        assert!(dir.join("to/src/main.rs").is_file());
        assert!(!dir.join("to/target").exists());
        assert!(!dir.join("to/.git").exists());
        assert_eq!(
            std::fs::read_link(dir.join("to/link")).expect("still a link"),
            Path::new("/nowhere")
        );
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
