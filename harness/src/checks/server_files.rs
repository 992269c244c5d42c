//! Server checks with a root folder: files, methods, bodies, limits and the
//! defences (smuggling, traversal).
//!
//! Each check builds a small root folder in its scratch space, starts
//! `quest serve --root` on it, and talks raw bytes to it. Because the
//! grader made the folder, it can also look at the disk afterwards: an
//! upload that was stored, a half upload that must have left nothing, a
//! file outside the root that must still be untouched.
//!
//! Every failure carries a repro that rebuilds the same folder by hand
//! (`mkdir`, `printf … > www/…`), starts the server on it and sends the same
//! bytes – the scratch folder itself is gone once the grade ends.
//!
//! | module | checks |
//! |---|---|
//! | `content` | static files and their types, conditional GET, 405/501 |
//! | `upload` | PUT and DELETE, chunked uploads, aborted uploads |
//! | `rejects` | size limits, malformed requests, request smuggling |
//! | `traversal` | nothing outside the root is read or written |
//! | `access_log` | one combined-format log line per request |
//! | `formats` | the small parsers the checks judge answers with |

mod access_log;
mod content;
mod formats;
mod rejects;
mod traversal;
mod upload;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::check::{Category, Check, Ctx, Failure, Revisit, Server, Verdict, ensure, shell_word};
use crate::checks::printf_literal;
use crate::checks::server::{connect, exchange};
use crate::client::{RawClient, Response};
use crate::pieces::Split;
use crate::transcript::preview;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "server-static-files",
        title: "GET serves files under --root with exact bytes, Content-Length and Content-Type",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: content::static_files,
    },
    Check {
        id: "server-conditional",
        title: "ETag and Last-Modified, and 304 for If-None-Match / If-Modified-Since",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: content::conditional,
    },
    Check {
        id: "server-method-not-allowed",
        title: "a known but unsupported method gets 405 with Allow, an unknown one 501",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(1),
        run: content::method_not_allowed,
    },
    Check {
        id: "server-put",
        title: "PUT creates (201) and replaces a file, DELETE removes it",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: upload::put,
    },
    Check {
        id: "server-put-chunked",
        title: "PUT with a chunked body (extensions, trailer) stores the decoded bytes",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: upload::put_chunked,
    },
    Check {
        id: "server-put-aborted",
        title: "an upload cut off midway leaves no file behind and the old file intact",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: upload::put_aborted,
    },
    Check {
        id: "server-limits",
        title: "--max-header-bytes gives 431 and --max-body-bytes 413, before the upload ends",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: rejects::limits,
    },
    Check {
        id: "server-bad-request",
        title: "malformed requests get 400, an unknown coding 501, HTTP/2.0 505",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: rejects::bad_request,
    },
    Check {
        id: "server-smuggling",
        title: "ambiguous framing (CL + TE, two lengths, signed length) is 400 and closes",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: rejects::smuggling,
    },
    Check {
        id: "server-traversal",
        title: "nothing outside the root is served or written (.., %2e%2e, symlinks)",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: traversal::traversal,
    },
    Check {
        id: "server-access-log",
        title: "one access-log line per request on stderr, in nginx's combined format",
        points: 1,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: access_log::access_log,
    },
];

/// How long a change on disk (a removed half upload) may take to show.
const DISK_SETTLE: Duration = Duration::from_secs(2);

/// The name of the root folder inside the scratch folder, and in repros.
const ROOT_NAME: &str = "www";

/// A root folder made for one check, and the shell lines that make the
/// same folder by hand.
#[derive(Debug)]
pub(crate) struct Root {
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
    pub(crate) fn new(ctx: &Ctx) -> Result<Root, Failure> {
        let base = ctx.scratch().to_path_buf();
        std::fs::create_dir_all(base.join(ROOT_NAME)).map_err(cannot_prepare)?;
        Ok(Root {
            base,
            setup: vec![format!("mkdir -p {ROOT_NAME}")],
        })
    }

    /// Writes `bytes` to `www/NAME` (folders in NAME are created).
    ///
    /// # Errors
    ///
    /// A failure when the file cannot be written.
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.write(&format!("{ROOT_NAME}/{name}"), bytes)
    }

    /// Writes `bytes` to NAME beside the root, i.e. outside it.
    ///
    /// # Errors
    ///
    /// A failure when the file cannot be written.
    pub(crate) fn outside(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.write(name, bytes)
    }

    /// Creates the folder `www/NAME`.
    ///
    /// # Errors
    ///
    /// A failure when the folder cannot be created.
    pub(crate) fn folder(&mut self, name: &str) -> Result<(), Failure> {
        std::fs::create_dir_all(self.path(name)).map_err(cannot_prepare)?;
        self.setup.push(format!("mkdir -p {ROOT_NAME}/{name}"));
        Ok(())
    }

    /// Creates the symlink `www/NAME` pointing at `target`, a path relative
    /// to the root folder (e.g. `../secret.txt`).
    ///
    /// # Errors
    ///
    /// A failure when the link cannot be made.
    pub(crate) fn symlink(&mut self, name: &str, target: &str) -> Result<(), Failure> {
        std::os::unix::fs::symlink(target, self.path(name)).map_err(cannot_prepare)?;
        self.setup
            .push(format!("ln -s {target} {ROOT_NAME}/{name}"));
        Ok(())
    }

    /// `www/NAME` on disk.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.base.join(ROOT_NAME).join(name)
    }

    /// NAME beside the root, on disk.
    pub(crate) fn beside(&self, name: &str) -> PathBuf {
        self.base.join(name)
    }

    /// The root folder itself.
    pub(crate) fn dir(&self) -> PathBuf {
        self.base.join(ROOT_NAME)
    }

    /// Starts `quest serve --root www EXTRA…` on this folder.
    ///
    /// # Errors
    ///
    /// A failure when the server does not start, with a repro.
    pub(crate) fn serve(&self, ctx: &Ctx, extra: &[&str]) -> Result<RootServer, Failure> {
        let mut args: Vec<OsString> = vec!["--root".into(), self.dir().into_os_string()];
        args.extend(extra.iter().map(OsString::from));
        let quest = shell_word(&ctx.quest().to_string_lossy());
        let mut serve_line = format!("{quest} serve --addr 127.0.0.1:8080 --root {ROOT_NAME}");
        for arg in extra {
            serve_line.push(' ');
            serve_line.push_str(&shell_word(arg));
        }
        let setup = self.setup.join(" && ");
        let server = ctx
            .serve(&args)
            .map_err(|f| Failure::new(f.reason).repro(format!("{setup}\n{serve_line}")))?;
        Ok(RootServer {
            server,
            setup,
            serve_line,
        })
    }

    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.base.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(cannot_prepare)?;
        }
        std::fs::write(&path, bytes).map_err(cannot_prepare)?;
        if let Some((folder, _)) = relative.rsplit_once('/') {
            if folder != ROOT_NAME {
                self.setup.push(format!("mkdir -p {folder}"));
            }
        }
        self.setup
            .push(format!("printf {} > {relative}", printf_literal(bytes)));
        Ok(())
    }
}

/// Starts `quest serve` without `--root` (the built-in page), with repros
/// in the same shape as a [`Root`]'s.
///
/// # Errors
///
/// A failure when the server does not start, with a repro.
pub(crate) fn built_in(ctx: &Ctx) -> Result<RootServer, Failure> {
    let quest = shell_word(&ctx.quest().to_string_lossy());
    let serve_line = format!("{quest} serve --addr 127.0.0.1:8080");
    let server = ctx
        .serve::<&str>(&[])
        .map_err(|f| Failure::new(f.reason).repro(serve_line.clone()))?;
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

/// A `quest serve --root` started by a check, with what its repros need.
#[derive(Debug)]
pub(crate) struct RootServer {
    server: Server,
    setup: String,
    serve_line: String,
}

impl RootServer {
    /// A repro: build the folder, start the server, then run `then`.
    pub(crate) fn repro(&self, then: &str) -> String {
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
    pub(crate) fn nc(&self, bytes: &[u8]) -> String {
        self.repro(&format!(
            "printf {} | nc -q 2 127.0.0.1 8080",
            printf_literal(bytes)
        ))
    }

    /// The running server.
    pub(crate) fn server(&mut self) -> &mut Server {
        &mut self.server
    }

    /// Opens a new connection.
    ///
    /// # Errors
    ///
    /// A failure when the connection is refused or times out.
    pub(crate) fn connect(&self, ctx: &Ctx) -> Result<RawClient, Failure> {
        connect(ctx, &self.server).map_err(|f| f.repro(self.repro("")))
    }

    /// Sends `bytes` on `client` and reads one response; a failure quotes
    /// what arrived and carries an `nc` repro.
    ///
    /// # Errors
    ///
    /// A failure when no valid response arrived.
    pub(crate) fn exchange(
        &mut self,
        ctx: &Ctx,
        client: &mut RawClient,
        bytes: &[u8],
    ) -> Result<Response, Failure> {
        exchange(ctx, &mut self.server, client, bytes, &Split::Whole)
            .map_err(|f| f.repro(self.nc(bytes)))
    }

    /// Sends `bytes` on a new connection and reads one response.
    ///
    /// # Errors
    ///
    /// As [`RootServer::exchange`].
    pub(crate) fn ask(&mut self, ctx: &Ctx, bytes: &[u8]) -> Result<Response, Failure> {
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
    pub(crate) fn serves(&mut self, ctx: &Ctx, target: &str, body: &[u8], when: &str) -> Verdict {
        self.server
            .still_running()
            .map_err(|f| Failure::new(format!("{when}, {}", f.reason)))?;
        let bytes = get(target, "");
        let response = self.ask(ctx, &bytes).map_err(|f| Failure {
            reason: format!("{when}, a new connection should be served: {}", f.reason),
            ..f
        })?;
        ensure(response.status == 200 && response.body == body, || {
            format!(
                "{when}, a new connection asking GET {target} should get 200 and the file, \
                 got {} with body \"{}\"",
                status_of(&response),
                preview(&response.body, 80)
            )
        })
        .map_err(|f| f.repro(self.nc(&bytes)))
    }
}

/// `METHOD TARGET HTTP/1.1` with `Host`, the `extra` field lines (each
/// ending in CRLF), the empty line, and no body.
pub(crate) fn head_of(method: &str, target: &str, extra: &str) -> Vec<u8> {
    crate::checks::server::request(method, target, extra)
}

/// A GET request for `target`.
pub(crate) fn get(target: &str, extra: &str) -> Vec<u8> {
    head_of("GET", target, extra)
}

/// A request with a `Content-Length` body.
pub(crate) fn with_body(method: &str, target: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = head_of(
        method,
        target,
        &format!("Content-Length: {}\r\n", body.len()),
    );
    bytes.extend_from_slice(body);
    bytes
}

/// `200 OK`-style text for a response: status and reason.
pub(crate) fn status_of(response: &Response) -> String {
    format!("{} {}", response.status, response.reason)
}

/// The names in a folder, sorted (hidden ones too).
pub(crate) fn listing(dir: &Path) -> Vec<String> {
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

/// A deterministic run of `len` bytes that includes every byte value,
/// `\r\n` pairs and NULs: an upload that is treated as text shows.
pub(crate) fn binary_bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| match i % 64 {
            10 => b'\r',
            11 => b'\n',
            20 => 0,
            _ => (i as u8).wrapping_mul(31).wrapping_add(seed),
        })
        .collect()
}
