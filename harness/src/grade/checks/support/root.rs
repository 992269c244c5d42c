//! A root folder for `quest serve --root`, and repros that rebuild it.
//!
//! A check that serves files builds a small folder in its scratch space,
//! starts `quest serve --root` on it, and talks raw bytes to it. Because
//! the grader made the folder, it can also look at the disk afterwards: an
//! upload that was stored, a half upload that must have left nothing, a
//! file outside the root that must still be untouched.
//!
//! The scratch folder is gone once the grade ends, so a repro that named it
//! would lead nowhere. Every file, folder and link a [`Root`] makes is also
//! written down as a shell line (`mkdir`, `printf … > www/…`, `ln -s`), and
//! every repro of a [`RootServer`] starts with those lines: pasted into an
//! empty folder, it rebuilds the same root and starts the same server on
//! it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::grade::shell::{printf_literal, shell_word};
use crate::grade::{Ctx, Explain, Failure, Server, Verdict, ensure};
use crate::wire::client::{RawClient, Response};
use crate::wire::pieces::Split;
use crate::wire::preview::preview;

use super::server::{connect, exchange, get, status_of};

/// The name of the root folder inside the scratch folder, and in repros.
pub const ROOT_NAME: &str = "www";

/// A root folder made for one check, and the shell lines that make the
/// same folder by hand.
#[derive(Debug)]
pub struct Root {
    /// The scratch folder that holds the root (and files "outside" it).
    base: PathBuf,
    /// Shell commands, run in an empty folder, that rebuild `base`.
    setup: Vec<String>,
}

impl Root {
    /// An empty root folder `www` in the check's scratch folder.
    ///
    /// # Errors
    ///
    /// A failure when the folder cannot be created.
    pub fn new(ctx: &Ctx) -> Result<Root, Failure> {
        let base = ctx.scratch().to_path_buf();
        std::fs::create_dir_all(base.join(ROOT_NAME)).map_err(cannot_prepare)?;
        Ok(Root {
            base,
            setup: vec![format!("mkdir -p {ROOT_NAME}")],
        })
    }

    /// Writes `bytes` to `www/NAME` (folders in NAME are created); the
    /// repro makes it with `printf`.
    ///
    /// # Errors
    ///
    /// A failure when the file cannot be written.
    pub fn file(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.write(&format!("{ROOT_NAME}/{name}"), bytes)?;
        self.setup.push(format!(
            "printf {} > {ROOT_NAME}/{name}",
            printf_literal(bytes)
        ));
        Ok(())
    }

    /// Writes each `(NAME, bytes)` of `files` to `www/NAME`; the repro makes
    /// them (or files just like them) with the one line `shell` – for a
    /// large file (`head -c … /dev/urandom`) or many files (a `for` loop),
    /// where `printf` lines would drown the repro.
    ///
    /// # Errors
    ///
    /// A failure when a file cannot be written.
    pub fn files_made_by<'a>(
        &mut self,
        files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        shell: &str,
    ) -> Result<(), Failure> {
        for (name, bytes) in files {
            self.write(&format!("{ROOT_NAME}/{name}"), bytes)?;
        }
        self.setup.push(shell.to_owned());
        Ok(())
    }

    /// Writes `bytes` to NAME beside the root, i.e. outside it.
    ///
    /// # Errors
    ///
    /// A failure when the file cannot be written.
    pub fn outside(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.write(name, bytes)?;
        self.setup
            .push(format!("printf {} > {name}", printf_literal(bytes)));
        Ok(())
    }

    /// Creates the folder `www/NAME`.
    ///
    /// # Errors
    ///
    /// A failure when the folder cannot be created.
    pub fn folder(&mut self, name: &str) -> Result<(), Failure> {
        std::fs::create_dir_all(self.path(name)).map_err(cannot_prepare)?;
        self.setup.push(format!("mkdir -p {ROOT_NAME}/{name}"));
        Ok(())
    }

    /// Creates the symlink `www/NAME` pointing at `target`, a path relative
    /// to the root folder (e.g. `../secret.txt`). Only ever at something the
    /// check made inside its own scratch folder: a link to a real system
    /// folder in a served root is how a buggy DELETE erases it.
    ///
    /// # Errors
    ///
    /// A failure when the link cannot be made.
    pub fn symlink(&mut self, name: &str, target: &str) -> Result<(), Failure> {
        std::os::unix::fs::symlink(target, self.path(name)).map_err(cannot_prepare)?;
        self.setup
            .push(format!("ln -s {target} {ROOT_NAME}/{name}"));
        Ok(())
    }

    /// `www/NAME` on disk.
    pub fn path(&self, name: &str) -> PathBuf {
        self.base.join(ROOT_NAME).join(name)
    }

    /// NAME beside the root, on disk.
    pub fn beside(&self, name: &str) -> PathBuf {
        self.base.join(name)
    }

    /// The root folder itself.
    pub fn dir(&self) -> PathBuf {
        self.base.join(ROOT_NAME)
    }

    /// Starts `quest serve --root www EXTRA…` on this folder.
    ///
    /// # Errors
    ///
    /// A failure when the server does not start, with a repro that
    /// rebuilds the folder and starts it by hand.
    pub fn serve(&self, ctx: &Ctx, extra: &[&str]) -> Result<RootServer, Failure> {
        // The scratch folder is the server's working directory: the same
        // relative path as in the repro.
        let mut args: Vec<OsString> = vec!["--root".into(), ROOT_NAME.into()];
        args.extend(extra.iter().map(OsString::from));
        let mut serve_line = format!(
            "{} serve --addr 127.0.0.1:8080 --root {ROOT_NAME}",
            shell_word(ctx.shown_quest())
        );
        for arg in extra {
            serve_line.push(' ');
            serve_line.push_str(&shell_word(arg));
        }
        let setup = self.setup.join(" && ");
        let server = ctx
            .serve(&args)
            .repro_with(|| format!("{setup}\n{serve_line}"))?;
        Ok(RootServer {
            server,
            setup,
            serve_line,
        })
    }

    /// Writes `bytes` to `relative` (under the scratch folder), making the
    /// folders on the way; the caller writes the setup line.
    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.base.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(cannot_prepare)?;
        }
        std::fs::write(&path, bytes).map_err(cannot_prepare)?;
        if let Some((folder, _)) = relative.rsplit_once('/')
            && folder != ROOT_NAME
        {
            self.setup.push(format!("mkdir -p {folder}"));
        }
        Ok(())
    }
}

/// Starts `quest serve` without `--root` (the built-in page), with repros
/// in the same shape as a [`Root`]'s.
///
/// # Errors
///
/// A failure when the server does not start, with a repro.
pub fn built_in(ctx: &Ctx) -> Result<RootServer, Failure> {
    let serve_line = format!(
        "{} serve --addr 127.0.0.1:8080",
        shell_word(ctx.shown_quest())
    );
    let server = ctx.serve::<&str>(&[]).repro(serve_line.clone())?;
    Ok(RootServer {
        server,
        setup: String::new(),
        serve_line,
    })
}

fn cannot_prepare(error: std::io::Error) -> Failure {
    Failure::new(format!(
        "the grader cannot prepare its root folder: {error}"
    ))
}

/// A `quest serve` started by a check, with what its repros need.
#[derive(Debug)]
pub struct RootServer {
    server: Server,
    setup: String,
    serve_line: String,
}

impl RootServer {
    /// A repro: build the folder, start the server, then run `then` (in
    /// which the server's real address becomes `127.0.0.1:8080`).
    pub fn repro(&self, then: &str) -> String {
        let then = then.replace(&self.server.addr().to_string(), "127.0.0.1:8080");
        let setup = if self.setup.is_empty() {
            String::new()
        } else {
            format!("{}\n", self.setup)
        };
        format!(
            "{setup}{}   # in one terminal\n{then}   # in another",
            self.serve_line
        )
    }

    /// A repro that sends `bytes` with `printf … | nc`.
    pub fn nc(&self, bytes: &[u8]) -> String {
        self.repro(&format!(
            "printf {} | nc -q 2 127.0.0.1 8080",
            printf_literal(bytes)
        ))
    }

    /// The running server.
    pub fn server(&mut self) -> &mut Server {
        &mut self.server
    }

    /// Opens a new connection.
    ///
    /// # Errors
    ///
    /// A failure when the connection is refused or times out.
    pub fn connect(&self, ctx: &Ctx) -> Result<RawClient, Failure> {
        connect(ctx, &self.server).repro_with(|| self.repro(""))
    }

    /// Sends `bytes` on `client` and reads one response; a failure quotes
    /// what arrived and carries an `nc` repro.
    ///
    /// # Errors
    ///
    /// A failure when no valid response arrived.
    pub fn exchange(
        &mut self,
        ctx: &Ctx,
        client: &mut RawClient,
        bytes: &[u8],
    ) -> Result<Response, Failure> {
        exchange(ctx, &mut self.server, client, bytes, &Split::Whole).repro_with(|| self.nc(bytes))
    }

    /// Sends `bytes` on a new connection and reads one response.
    ///
    /// # Errors
    ///
    /// As [`RootServer::exchange`].
    pub fn ask(&mut self, ctx: &Ctx, bytes: &[u8]) -> Result<Response, Failure> {
        let mut client = self.connect(ctx)?;
        self.exchange(ctx, &mut client, bytes)
    }

    /// Fails unless the server is running and answers `GET target` on a
    /// new connection with 200 and `body`. `when` says at what point, as
    /// "after the 431" or "before any traversal attempt": after something
    /// that might have killed or wedged the server, or before a check
    /// whose refusals would mean nothing from a server that refuses all.
    ///
    /// # Errors
    ///
    /// A failure naming `when`.
    pub fn serves(&mut self, ctx: &Ctx, target: &str, body: &[u8], when: &str) -> Verdict {
        self.server
            .still_running()
            .reworded(|why| format!("{when}, {}", why))?;
        let bytes = get(target, "");
        let response = self
            .ask(ctx, &bytes)
            .reworded(|why| format!("{when}, a new connection should be served: {}", why))?;
        ensure(response.status == 200 && response.body == body, || {
            format!(
                "{when}, a new connection asking GET {target} should get 200 and the file, \
                 got {} with body \"{}\"",
                status_of(&response),
                preview(&response.body, 80)
            )
        })
        .repro_with(|| self.nc(&bytes))
    }
}

/// A `RootServer` is its server, with repros: `&mut served` goes wherever a
/// `&mut Server` does (`connect`, `exchange`, `still_running`).
impl std::ops::Deref for RootServer {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.server
    }
}

impl std::ops::DerefMut for RootServer {
    fn deref_mut(&mut self) -> &mut Server {
        &mut self.server
    }
}

/// The names in a folder, sorted (hidden ones too).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::checks::support::bytes::awkward;
    use course::process::Reaper;
    use std::collections::BTreeMap;
    use std::time::{Duration, Instant};

    /// Every file (its bytes) and link (its target) under `dir`, by path.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut found = BTreeMap::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(folder) = todo.pop() {
            for entry in std::fs::read_dir(&folder).expect("readable").flatten() {
                let path = entry.path();
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                let kind = entry.file_type().expect("a type");
                if kind.is_symlink() {
                    let target = std::fs::read_link(&path).expect("a link");
                    found.insert(
                        format!("{name} ->"),
                        target.into_os_string().into_encoded_bytes(),
                    );
                } else if kind.is_dir() {
                    found.insert(format!("{name}/"), Vec::new());
                    todo.push(path);
                } else {
                    found.insert(name, std::fs::read(&path).expect("a file"));
                }
            }
        }
        found
    }

    #[test]
    fn the_setup_lines_rebuild_the_same_folder() {
        let sandbox = std::sync::Arc::new(
            crate::grade::sandbox::Sandbox::prepare(Path::new("/bin/false"), "nobody")
                .expect("a sandbox"),
        );
        let ctx = Ctx::new(
            &sandbox,
            "quest",
            Instant::now() + Duration::from_secs(10),
            Reaper::new(),
        )
        .expect("a scratch folder");
        let mut root = Root::new(&ctx).expect("a root");
        root.file("index.html", b"<p>100% it's\r\n</p>\n")
            .expect("a file");
        root.file("docs/deep/bin.dat", &awkward(300, 9))
            .expect("a nested file");
        root.folder("empty").expect("a folder");
        root.outside("secret.txt", b"outside\n")
            .expect("a file outside");
        root.symlink("escape", "../secret.txt").expect("a link");

        let rebuilt = ctx.scratch().join("rebuilt");
        std::fs::create_dir_all(&rebuilt).expect("an empty folder");
        let status = std::process::Command::new("sh")
            .args(["-c", &root.setup.join(" && ")])
            .current_dir(&rebuilt)
            .status()
            .expect("sh runs");
        assert!(status.success());
        let mut original = tree(ctx.scratch());
        original.retain(|name, _| !name.starts_with("rebuilt"));
        assert_eq!(tree(&rebuilt), original);
    }
}
