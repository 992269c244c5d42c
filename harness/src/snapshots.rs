//! Keeping the expected answers honest.
//!
//! An insta snapshot is an expected answer stored in a file. When a test's
//! output differs, insta can write the new output next to it (`.snap.new`)
//! and `cargo insta accept` turns it into the expected answer – which is what
//! a maintainer wants after a deliberate change, and exactly what a student
//! must never do: accepting a wrong answer makes the test pass without fixing
//! anything.
//!
//! So the committed snapshots are fingerprinted in a manifest,
//! `exercises/snapshots.lock`, one line per file:
//!
//! ```text
//! 3f0c2a9e51b7d804  01-request-shape/tests/snapshots/request_shape__get.snap
//! ```
//!
//! The fingerprint covers the snapshot's contents only (not insta's header
//! with the source path), with FNV-1a: this guards against accidents, not
//! against someone determined to cheat – the grader runs its own copy.
//! `progress` and `verify` compare the tree against the manifest;
//! `cargo harness snapshots --record` rewrites it after a deliberate change.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The manifest's path, relative to the workspace root.
pub const MANIFEST: &str = "exercises/snapshots.lock";

/// How the snapshots under one folder compare with the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Integrity {
    /// Snapshot files found that match their fingerprint.
    pub intact: usize,
    /// Files whose contents differ from the manifest (relative paths).
    pub changed: Vec<String>,
    /// Files the manifest lists that are gone.
    pub missing: Vec<String>,
    /// Snapshot files the manifest does not know.
    pub unknown: Vec<String>,
    /// `.snap.new` / `.pending-snap` files: answers waiting to be accepted.
    pub pending: Vec<String>,
}

impl Integrity {
    /// True when nothing differs from the manifest and nothing is pending.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.unknown.is_empty()
            && self.pending.is_empty()
    }

    /// One line per problem, each naming the file.
    pub fn problems(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for path in &self.changed {
            lines.push(format!("{path}: differs from the committed snapshot"));
        }
        for path in &self.missing {
            lines.push(format!("{path}: committed snapshot is missing"));
        }
        for path in &self.unknown {
            lines.push(format!("{path}: not in {MANIFEST}"));
        }
        for path in &self.pending {
            lines.push(format!(
                "{path}: pending snapshot (delete it; never accept it)"
            ));
        }
        lines
    }
}

/// Compares the snapshot files of one exercise folder (e.g.
/// `exercises/01-request-shape`) with the manifest.
///
/// # Errors
///
/// Fails when the manifest or a snapshot cannot be read.
pub fn check(root: &Path, exercise_dir: &str) -> io::Result<Integrity> {
    let manifest = read_manifest(root)?;
    let exercises = root.join("exercises");
    let folder = root.join(exercise_dir);
    let prefix = relative(&exercises, &folder);

    let mut integrity = Integrity::default();
    let mut seen = Vec::new();
    for file in files_under(&folder)? {
        let name = relative(&exercises, &file);
        let shown = format!("exercises/{name}");
        if is_pending(&file) {
            integrity.pending.push(shown);
            continue;
        }
        if file.extension().is_none_or(|ext| ext != "snap") {
            continue;
        }
        seen.push(name.clone());
        match manifest.get(&name) {
            None => integrity.unknown.push(shown),
            Some(&expected) if expected == fingerprint(&fs::read_to_string(&file)?) => {
                integrity.intact += 1
            }
            Some(_) => integrity.changed.push(shown),
        }
    }
    for name in manifest.keys() {
        if name.starts_with(&format!("{prefix}/")) && !seen.contains(name) {
            integrity.missing.push(format!("exercises/{name}"));
        }
    }
    Ok(integrity)
}

/// Writes the manifest anew from the snapshot files now in `exercises/`.
///
/// # Returns
///
/// How many snapshots it lists.
///
/// # Errors
///
/// Fails when a snapshot cannot be read or the manifest cannot be written.
pub fn record(root: &Path) -> io::Result<usize> {
    let exercises = root.join("exercises");
    let mut lines = vec![
        "# Fingerprints of the committed exercise snapshots (FNV-1a of the contents).".to_string(),
        "# Checked by `cargo harness progress` and `cargo harness verify`.".to_string(),
        "# After a deliberate change: `cargo harness snapshots --record`.".to_string(),
    ];
    let mut count = 0;
    for file in files_under(&exercises)? {
        if file.extension().is_some_and(|ext| ext == "snap") {
            let text = fs::read_to_string(&file)?;
            lines.push(format!(
                "{:016x}  {}",
                fingerprint(&text),
                relative(&exercises, &file)
            ));
            count += 1;
        }
    }
    fs::write(root.join(MANIFEST), lines.join("\n") + "\n")?;
    Ok(count)
}

/// The fingerprint of a snapshot file's contents, without insta's header.
///
/// An insta file snapshot looks like this; only the part after the second
/// `---` line is the expected answer:
///
/// ```text
/// ---
/// source: exercises/01-request-shape/tests/request_shape.rs
/// expression: rendered
/// ---
/// GET / HTTP/1.1\r\n
/// ```
pub fn fingerprint(snapshot_file: &str) -> u64 {
    let contents = snapshot_file
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(snapshot_file, |(_header, contents)| contents);
    fnv1a(contents.trim_end().as_bytes())
}

/// FNV-1a, 64 bits: a few lines, stable across Rust versions (unlike std's
/// `DefaultHasher`), and plenty to notice a changed file.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// Parses the manifest into `relative path → fingerprint`. A missing manifest
/// reads as empty, so every snapshot shows up as unknown.
fn read_manifest(root: &Path) -> io::Result<BTreeMap<String, u64>> {
    let text = match fs::read_to_string(root.join(MANIFEST)) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error),
    };
    let mut manifest = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line
            .split_once("  ")
            .and_then(|(hash, path)| Some((u64::from_str_radix(hash, 16).ok()?, path)));
        let Some((hash, path)) = parsed else {
            return Err(io::Error::other(format!(
                "{MANIFEST}:{}: expected `FINGERPRINT  PATH`, found `{line}`",
                index + 1
            )));
        };
        manifest.insert(path.to_string(), hash);
    }
    Ok(manifest)
}

/// Snapshot files (accepted or pending) anywhere below `dir`, relative to
/// it: used to catch snapshots that ended up in a solution crate.
///
/// # Errors
///
/// Fails when a folder cannot be listed.
pub fn stray_in(dir: &Path) -> io::Result<Vec<String>> {
    Ok(files_under(dir)?
        .into_iter()
        .filter(|file| is_pending(file) || file.extension().is_some_and(|ext| ext == "snap"))
        .map(|file| relative(dir, &file))
        .collect())
}

fn is_pending(file: &Path) -> bool {
    let name = file.to_string_lossy();
    name.ends_with(".snap.new") || name.ends_with(".pending-snap")
}

/// Every file below `dir` (none if it does not exist), sorted.
fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "target") {
                    stack.push(path);
                }
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `path` relative to `base`, with `/` separators.
fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_the_insta_header() {
        let from_exercise =
            "---\nsource: exercises/x/tests/t.rs\nexpression: a\n---\nGET / HTTP/1.1\n";
        let from_solution =
            "---\nsource: solutions/x/tests/../../../exercises/x/tests/t.rs\n---\nGET / HTTP/1.1\n";
        assert_eq!(fingerprint(from_exercise), fingerprint(from_solution));
        let changed = "---\nsource: exercises/x/tests/t.rs\n---\nGET / HTTP/1.0\n";
        assert_ne!(fingerprint(from_exercise), fingerprint(changed));
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn check_reports_changed_missing_unknown_and_pending_files() {
        let root = std::env::temp_dir().join(format!("harness-snapshots-{}", std::process::id()));
        let snapshots = root.join("exercises/01-x/tests/snapshots");
        fs::create_dir_all(&snapshots).expect("temp dir");
        fs::write(snapshots.join("a.snap"), "---\n---\nA\n").expect("write");
        fs::write(snapshots.join("b.snap"), "---\n---\nB\n").expect("write");
        fs::write(snapshots.join("c.snap"), "---\n---\nC\n").expect("write");
        assert_eq!(record(&root).expect("record"), 3);

        let clean = check(&root, "exercises/01-x").expect("check");
        assert!(clean.is_clean(), "{clean:?}");
        assert_eq!(clean.intact, 3);

        fs::write(snapshots.join("a.snap"), "---\n---\nA changed\n").expect("write");
        fs::remove_file(snapshots.join("b.snap")).expect("remove");
        fs::write(snapshots.join("d.snap"), "---\n---\nD\n").expect("write");
        fs::write(snapshots.join("c.snap.new"), "---\n---\nC?\n").expect("write");
        let report = check(&root, "exercises/01-x").expect("check");
        assert_eq!(report.intact, 1);
        assert_eq!(report.changed, ["exercises/01-x/tests/snapshots/a.snap"]);
        assert_eq!(report.missing, ["exercises/01-x/tests/snapshots/b.snap"]);
        assert_eq!(report.unknown, ["exercises/01-x/tests/snapshots/d.snap"]);
        assert_eq!(
            report.pending,
            ["exercises/01-x/tests/snapshots/c.snap.new"]
        );
        fs::remove_dir_all(&root).expect("clean up");
    }
}
