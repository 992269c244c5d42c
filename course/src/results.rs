//! The results file: written once, by the grader, when everything is over.
//!
//! A platform reads one file – Gradescope's `results.json`, the file a
//! Classroom step encodes – and takes its score as the grade. So the file
//! must never hold anything but the grader's own words:
//!
//! * it is written **last**, after every check has ended and every program
//!   of the grade is dead (each check's guards and orphan sweep saw to it),
//!   so nothing of the student's is alive to touch it afterwards (the
//!   grader's job: it calls [`write_atomically`] only then);
//! * it is written **atomically**: a new temporary file beside it, filled
//!   and flushed to disk, then `rename(2)`d over the path. A reader sees
//!   the old file or the whole new one, never half of one; whatever was at
//!   the path before is replaced, not appended to;
//! * its path is **never told** to the graded program: not on its command
//!   line, not in its environment (the harness's sandbox);
//! * and the folder is **probed before grading** ([`probe`]), so a path
//!   that cannot be written fails in a second, not after a full grade.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Checks that a file can be created beside `path` (and removes it).
///
/// # Errors
///
/// The folder does not exist or cannot be written.
pub fn probe(path: &Path) -> io::Result<()> {
    let temp = temporary_beside(path)?;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    std::fs::remove_file(&temp)
}

/// Writes `bytes` to `path` atomically: a new temporary file in the same
/// folder, `fsync`ed, then renamed over `path`.
///
/// # Errors
///
/// Creating, writing or renaming failed; the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temporary_beside(path)?;
    let written = (|| {
        // create_new: never follow or reuse something already there.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// `PID-NANOS`: unique on this machine, for temporary names.
pub fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// `.NAME.PID-NANOS.tmp` in `path`'s folder.
fn temporary_beside(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Ok(folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        unique_suffix()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("course-results-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let path = dir.join("results.json");
        std::fs::write(&path, "a forged, longer, earlier file").expect("written");
        probe(&path).expect("writable");
        write_atomically(&path, b"{}").expect("written");
        assert_eq!(std::fs::read(&path).expect("read"), b"{}");
        let names: Vec<_> = std::fs::read_dir(&dir).expect("listed").flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }

    #[test]
    fn a_missing_folder_fails_the_probe() {
        assert!(probe(Path::new("/no/such/folder/results.json")).is_err());
    }
}
