//! Finding the workspace and running `cargo` inside it.
//!
//! The harness is started by `cargo harness …` from any folder of the
//! workspace, so every path it prints or opens is taken relative to the
//! workspace root, which it asks cargo for rather than guessing.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The root folder of the course workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// Uses `root` as the workspace root (tests point this at a temporary tree).
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Workspace { root: root.into() }
    }

    /// Finds the root with `cargo locate-project --workspace`.
    ///
    /// # Errors
    ///
    /// Fails when cargo cannot be run or finds no workspace (the harness was
    /// started outside the course folder).
    pub fn locate() -> io::Result<Self> {
        let output = Command::new(cargo())
            .args(["locate-project", "--workspace", "--message-format", "plain"])
            .output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!(
                "cannot find the course workspace (run this inside the course folder): {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let manifest = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        let root = manifest
            .parent()
            .ok_or_else(|| io::Error::other("cargo named a manifest without a folder"))?;
        Ok(Workspace::at(root))
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A `cargo` command that runs in the workspace root.
    pub fn cargo(&self) -> Command {
        let mut command = Command::new(cargo());
        command.current_dir(&self.root);
        command
    }
}

/// The cargo that started us (`$CARGO`), or `cargo` from `PATH`.
pub fn cargo() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}
