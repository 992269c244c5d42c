//! Deliberately buggy variants of the reference quest: the proof that the
//! checks have teeth.
//!
//! A grader that gives the reference full marks proves little – a grader
//! that checks nothing does that too. What proves a check is a *bug it
//! catches*. Each [`Variant`] here is the reference with one behaviour broken
//! the way students break it (closing after every response, blocking on a
//! slow client, no address fallback…), and names the checks that must fail
//! because of it – no more, no fewer. The variants test
//! (`harness/tests/variants.rs`) builds and grades each one.
//!
//! # Why text edits in a private copy, not cargo features
//!
//! A bug switched on by a feature sits in the reference source, where
//! students read it, and `cargo build --all-features` switches every bug on at
//! once. A variant here is a list of exact text replacements applied to a
//! *copy* of the workspace under `target/variants/` (each `find` must occur
//! exactly once, so a variant that no longer applies says so instead of
//! silently testing nothing). The reference in the tree is never touched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cargo::build::{self, Build};

/// One text replacement in a reference source file.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    /// The file, relative to the workspace root.
    pub file: &'static str,
    /// Text that occurs exactly once in that file.
    pub find: &'static str,
    /// What it becomes.
    pub replace: &'static str,
}

/// A buggy reference and the checks it must fail.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    /// A short name (used for the copy's folder and in reports).
    pub name: &'static str,
    /// The bug, in the words a student would use.
    pub bug: &'static str,
    /// The edits that introduce the bug.
    pub edits: &'static [Edit],
    /// Exactly the checks that must fail.
    pub loses: &'static [&'static str],
}

/// The variants, each a bug students really write.
pub const VARIANTS: &[Variant] = &[
    Variant {
        name: "head-sends-body",
        bug: "HEAD answers with the body as well as the head",
        edits: &[Edit {
            file: CONN,
            find: "let send_body = !head_only && response.has_content();",
            replace: "let send_body = response.has_content();",
        }],
        loses: &["server-head"],
    },
    Variant {
        name: "server-ignores-keep-alive",
        bug: "the server closes the connection after every response",
        edits: &[Edit {
            file: CONN,
            find: "let keep_alive = lesson03::keeps_alive(head.version, &connection) && !self.draining;",
            replace: "let keep_alive = false && lesson03::keeps_alive(head.version, &connection);",
        }],
        loses: &[
            "server-conditional",
            "server-empty-file",
            "server-head",
            "server-idle-timeout",
            "server-keep-alive",
            "server-method-not-allowed",
            "server-pipelining",
            "server-put-chunked",
        ],
    },
    Variant {
        name: "blocking-writes",
        bug: "responses are written with a blocking write, so one slow reader stalls everyone",
        edits: &[Edit {
            file: CONN,
            find: "let flushed = self.out.flush(&mut self.stream)?;",
            replace: "self.stream.set_nonblocking(false)?;\n            \
                      let flushed = self.out.flush(&mut self.stream)?;\n            \
                      self.stream.set_nonblocking(true)?;",
        }],
        loses: &["server-send-timeout", "server-stalled-client"],
    },
    Variant {
        name: "eagain-ends-the-response",
        bug: "a write that would block (EAGAIN) is treated as an error and the connection dropped",
        edits: &[Edit {
            file: CONN,
            find: "self.unsent = unsent_bytes(&self.stream).unwrap_or(0);\n                return Ok(());",
            replace: "return Err(io::ErrorKind::WouldBlock.into());",
        }],
        loses: &["server-graceful-shutdown", "server-large-file"],
    },
    Variant {
        name: "merges-duplicate-lengths",
        bug: "a request with the same Content-Length twice (or `5, 5`) is accepted, as the RFC \
              allows but a server behind a proxy must not",
        edits: &[Edit {
            file: CONN,
            find: "if lengths.next().is_some() || first.contains(',') {",
            replace: "if lengths.next().is_some() && first.is_empty() {",
        }],
        loses: &["server-smuggling"],
    },
    Variant {
        name: "empty-file-streamed",
        bug: "a 0-byte file is streamed like any other, and reading its end (0 bytes) is taken \
              for a file that shrank: the connection closes before the head is sent",
        edits: &[Edit {
            file: CONN,
            find: "Body::File { len: 0, .. } => {}",
            replace: "Body::File { len: 0, .. } if false => {}",
        }],
        loses: &["server-empty-file"],
    },
    Variant {
        name: "header-deadline-refreshed",
        bug: "the header timeout counts from the last byte received, so a head that trickles \
              in a byte at a time is never cut off (slowloris)",
        edits: &[Edit {
            file: CONN,
            find: "(Reading::Head, Some(started)) => started + timeouts.header,",
            replace: "(Reading::Head, Some(_)) => self.last_read + timeouts.header,",
        }],
        loses: &["server-slowloris"],
    },
    Variant {
        name: "no-send-timeout",
        bug: "a response that makes no progress is waited on for ever: a client that reads \
              nothing holds its socket, buffers and file",
        edits: &[Edit {
            file: CONN,
            find: "return self.last_sent + timeouts.send;",
            replace: "return self.last_sent + timeouts.send * 1000;",
        }],
        loses: &["server-send-timeout"],
    },
    Variant {
        name: "serves-dot-dot",
        bug: "`..` in a path is followed, out of the root",
        edits: &[
            Edit {
                file: PATHS,
                find: "\"..\" => return Err(PathError::Traversal),",
                replace: "\"..\" => segments.push(segment),",
            },
            Edit {
                file: PATHS,
                find: "if real.starts_with(root) {",
                replace: "if real.starts_with(root) || !real.starts_with(root) {",
            },
        ],
        loses: &["server-traversal"],
    },
    Variant {
        name: "client-never-reuses",
        bug: "get opens a new connection for every URL, even on one origin",
        edits: &[Edit {
            file: RUN,
            find: "let keep = reusable\n            && more",
            replace: "let keep = false\n            && reusable\n            && more",
        }],
        loses: &[
            "client-keep-alive-reuse",
            "client-reconnect-after-close",
            "client-stale-retry",
        ],
    },
    Variant {
        name: "client-no-stale-retry",
        bug: "a reused connection the server had closed fails the URL instead of retrying it",
        edits: &[Edit {
            file: RUN,
            find: "let retry = !self.origins[origin].retried && should_retry(",
            replace: "let retry = false && !self.origins[origin].retried && should_retry(",
        }],
        loses: &["client-stale-retry"],
    },
    Variant {
        name: "client-first-address-only",
        bug: "get tries only the first address of a host",
        edits: &[Edit {
            file: RUN,
            find: "let Some(&addr) = addrs.get(task.next_addr) else {",
            replace: "let Some(&addr) = addrs.get(task.next_addr).filter(|_| task.next_addr == 0) else {",
        }],
        loses: &["client-address-fallback"],
    },
    Variant {
        name: "client-one-origin-at-a-time",
        bug: "get fetches the origins one after another instead of at the same time",
        edits: &[
            Edit {
                file: RUN,
                find: "self.ready = (0..self.origins.len()).rev().collect();",
                replace: "self.ready = vec![0];",
            },
            Edit {
                file: RUN,
                find: "task.current = None;\n            return Ok(());",
                replace: "task.current = None;\n            \
                          if origin + 1 < self.origins.len() {\n                \
                          self.ready.push(origin + 1);\n            }\n            \
                          return Ok(());",
            },
        ],
        loses: &["client-concurrent-hosts"],
    },
    Variant {
        name: "client-1xx-is-final",
        bug: "get takes an interim 100 Continue for the final response",
        edits: &[Edit {
            file: FRAMING,
            find: "if (100..200).contains(&head.status) {",
            replace: "if (101..102).contains(&head.status) {",
        }],
        loses: &["client-interim-1xx"],
    },
    Variant {
        name: "chunked-trailers-rejected",
        bug: "the chunked decoder rejects trailer fields after the last chunk",
        edits: &[Edit {
            file: CHUNKED,
            find: "parse_field_line(&line).map_err(ChunkedError::InvalidTrailer)?;",
            replace: "parse_field_line(b\"trailers are not supported\")\n                            \
                      .map_err(ChunkedError::InvalidTrailer)?;",
        }],
        loses: &["client-chunked", "server-put-chunked"],
    },
];

/// The reference's connection module.
const CONN: &str = "solutions/quest/src/conn.rs";
/// The reference's path mapping.
const PATHS: &str = "solutions/quest/src/paths.rs";
/// The reference client's event loop.
const RUN: &str = "solutions/quest/src/get/run.rs";
/// The reference client's response framing.
const FRAMING: &str = "solutions/quest/src/get/framing.rs";
/// Lesson 2's chunked decoder, which both halves of the reference use.
const CHUNKED: &str = "solutions/02-headers-content-length/src/chunked.rs";

/// A private copy of the workspace to build variants in.
#[derive(Debug)]
pub struct Tree {
    /// The real workspace (where pristine sources are read from).
    origin: PathBuf,
    /// The copy.
    root: PathBuf,
    /// The copy's own target folder, shared by every variant so that only
    /// the quest crate is rebuilt per variant.
    target: PathBuf,
}

impl Tree {
    /// Copies `origin` (without `target/` and `.git/`) into `dir/tree`,
    /// writing only files whose content changed so cargo's fingerprints of
    /// everything else survive between runs.
    ///
    /// # Errors
    ///
    /// When a file cannot be read or written.
    pub fn copy_of(origin: &Path, dir: &Path) -> io::Result<Tree> {
        let root = dir.join("tree");
        copy_dir(origin, &root)?;
        Ok(Tree {
            origin: origin.to_path_buf(),
            root,
            target: dir.join("target"),
        })
    }

    /// Resets every file a variant edits to the reference, then applies the
    /// variant's edits.
    ///
    /// # Errors
    ///
    /// An error whose message names the variant and file: a `find` that
    /// does not occur exactly once (the reference has changed under the
    /// variant: update the variant, `InvalidData`), or a file that cannot
    /// be read or written.
    pub fn apply(&self, variant: &Variant) -> io::Result<()> {
        self.reset()?;
        for edit in variant.edits {
            let path = self.root.join(edit.file);
            let text = fs::read_to_string(&path).map_err(|e| {
                in_context(&format!("{}: cannot read {}", variant.name, edit.file), e)
            })?;
            let edited = apply_edit(&text, edit).map_err(|e| in_context(variant.name, e))?;
            fs::write(&path, edited).map_err(|e| {
                in_context(&format!("{}: cannot write {}", variant.name, edit.file), e)
            })?;
        }
        Ok(())
    }

    /// Restores the files any variant edits to their reference content.
    fn reset(&self) -> io::Result<()> {
        for edit in VARIANTS.iter().flat_map(|v| v.edits) {
            let pristine = fs::read(self.origin.join(edit.file))
                .map_err(|e| in_context(&format!("cannot read {}", edit.file), e))?;
            write_if_changed(&self.root.join(edit.file), &pristine)
                .map_err(|e| in_context(&format!("cannot restore {}", edit.file), e))?;
        }
        Ok(())
    }

    /// Builds the copy's `quest-solution` and returns the binary.
    ///
    /// # Errors
    ///
    /// Cargo's failure, in a few lines (a variant must still compile), as
    /// an `io::Error` whose source is the [`build::BuildError`].
    pub fn build(&self) -> io::Result<PathBuf> {
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target);
        let what = Build {
            package: "quest-solution",
            bin: "quest-solution",
            show_progress: false,
        };
        build::build(cargo, &what).map_err(io::Error::other)
    }
}

/// `error`, with `context` said first: `context: error`, of the same kind.
fn in_context(context: &str, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{context}: {error}"))
}

/// Applies one edit to `text`.
///
/// # Errors
///
/// `InvalidData` when `find` occurs zero times or more than once.
pub fn apply_edit(text: &str, edit: &Edit) -> io::Result<String> {
    let mismatch = |message: String| io::Error::new(io::ErrorKind::InvalidData, message);
    match text.matches(edit.find).count() {
        1 => Ok(text.replacen(edit.find, edit.replace, 1)),
        0 => Err(mismatch(format!(
            "{} no longer contains {:?}: the reference changed, update the variant",
            edit.file, edit.find
        ))),
        n => Err(mismatch(format!(
            "{} contains {:?} {n} times: make the text to find unique",
            edit.file, edit.find
        ))),
    }
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let kind = entry.file_type()?;
        let (source, dest) = (entry.path(), to.join(&name));
        if kind.is_dir() {
            copy_dir(&source, &dest)?;
        } else if kind.is_file() {
            write_if_changed(&dest, &fs::read(&source)?)?;
        }
    }
    Ok(())
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::checks::catalogue;
    use std::collections::HashSet;

    fn workspace_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the harness sits in the workspace")
            .to_path_buf()
    }

    #[test]
    fn every_variant_still_applies_to_the_reference() {
        for variant in VARIANTS {
            for edit in variant.edits {
                let text = fs::read_to_string(workspace_root().join(edit.file))
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", variant.name, edit.file));
                if let Err(err) = apply_edit(&text, edit) {
                    panic!("variant {}: {err}", variant.name);
                }
            }
        }
    }

    #[test]
    fn every_variant_names_real_checks_and_loses_something() {
        let ids: HashSet<&str> = catalogue().iter().map(|c| c.id).collect();
        let mut names = HashSet::new();
        for variant in VARIANTS {
            assert!(
                names.insert(variant.name),
                "two variants named {}",
                variant.name
            );
            assert!(!variant.loses.is_empty(), "{} loses nothing", variant.name);
            for id in variant.loses {
                assert!(
                    ids.contains(id),
                    "{} names an unknown check {id}",
                    variant.name
                );
            }
        }
    }

    #[test]
    fn an_edit_applies_once_or_explains_why_not() {
        let edit = Edit {
            file: "x.rs",
            find: "keep",
            replace: "drop",
        };
        assert_eq!(
            apply_edit("a keep b", &edit).ok().as_deref(),
            Some("a drop b")
        );
        assert!(
            apply_edit("nothing", &edit)
                .unwrap_err()
                .to_string()
                .contains("no longer contains")
        );
        assert!(
            apply_edit("keep keep", &edit)
                .unwrap_err()
                .to_string()
                .contains("2 times")
        );
    }
}
