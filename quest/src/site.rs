//! What the server answers: the built-in page, or the files under `--root`.
//! (**Yours to write**: [`Site::respond`], [`get_file`], [`not_modified`],
//! [`put_file`], [`delete_file`].)
//!
//! This module knows nothing about sockets. It turns one complete request
//! (method, target, fields, body) into one [`Response`], which makes every
//! rule here testable with a folder and no network – write unit tests here
//! as you go.
//!
//! The methods (RFC 9110 §9.3):
//!
//! - `GET` / `HEAD`: the file, with `Content-Type`, `Last-Modified` and an
//!   `ETag`; a conditional request whose validator still matches gets
//!   `304 Not Modified` without the body (RFC 9110 §13.1.1, §13.1.3). A
//!   target ending in `/` means that folder's `index.html`.
//! - `PUT`: store the body as the file. Write it to a temporary file in the
//!   same folder and then `rename(2)` it over the target: rename within one
//!   file system is atomic, so a reader sees the old file or the new one,
//!   never half of one, and an upload that fails midway leaves nothing.
//!   201 Created for a new file, 204 No Content for a replaced one.
//! - `DELETE`: remove the file; 204, or 404 when there is none.
//! - a method RFC 9110 defines but this server does not support (`POST`,
//!   `PATCH`, …): 405 with `Allow` listing what is supported (§15.5.6
//!   requires the field); a method nobody defines: 501 (§15.6.2) – the
//!   check `server-method-not-allowed` asks for both.
//!
//! Without `--root` there is only the built-in page at `/` (GET and HEAD;
//! other methods 405 with `Allow: GET, HEAD`; other paths 404).
//!
//! The types are given; change them if your design wants something else.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lesson02::Headers;

use crate::paths::RequestPath;
use crate::response::Response;

/// The page served at `/` when there is no `--root`.
pub const BUILT_IN_PAGE: &str = "<!DOCTYPE html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>quest</title></head>
<body>
<h1>It works</h1>
<p>This is <code>quest serve</code>: one thread, one epoll instance,
HTTP/1.1 with keep-alive and pipelining.</p>
<p>Start it with <code>--root DIR</code> to serve, store and delete files.</p>
</body>
</html>
";

/// The methods a file root supports, for `Allow`.
pub const FILE_METHODS: &str = "GET, HEAD, PUT, DELETE";

/// One complete request as the site sees it.
#[derive(Debug)]
pub struct Request<'a> {
    /// The method, case-sensitive.
    pub method: &'a str,
    /// The request target as received.
    pub target: &'a str,
    /// The header fields.
    pub headers: &'a Headers,
    /// The whole body (empty when there was none).
    pub body: &'a [u8],
}

/// The content being served.
#[derive(Debug)]
pub struct Site {
    /// The canonical root folder, or `None` for the built-in page.
    pub root: Option<PathBuf>,
}

impl Site {
    /// A site serving the built-in page.
    pub fn built_in() -> Site {
        Site { root: None }
    }

    /// A site serving the files under `root` (made canonical here, as
    /// [`contained`](crate::paths::contained) expects).
    ///
    /// # Errors
    ///
    /// When `root` does not exist or cannot be canonicalised, or is not a
    /// folder.
    pub fn with_root(root: &Path) -> io::Result<Site> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a folder", root.display()),
            ));
        }
        Ok(Site { root: Some(root) })
    }

    /// Answers one request. HEAD is answered like GET; the connection leaves
    /// out the body when it sends the response.
    ///
    /// First turn the target into a [`RequestPath`] with
    /// [`parse_target`](crate::paths::parse_target) (its error's
    /// `status_code()` is the answer when it fails). Then, without a root:
    /// the built-in page at `/`; with a root: dispatch on the method to
    /// [`get_file`], [`put_file`], [`delete_file`], or 405 with
    /// `Allow: GET, HEAD, PUT, DELETE`.
    ///
    /// ```text
    /// no root, GET /             → 200, Content-Type text/html; charset=utf-8, body BUILT_IN_PAGE
    /// no root, GET /nope         → 404
    /// no root, POST /            → 405, Allow: GET, HEAD
    /// root www, GET /a.txt       → get_file(…)
    /// root www, PATCH /a.txt     → 405, Allow: GET, HEAD, PUT, DELETE
    /// any, GET /%2e%2e/secret    → 403
    /// ```
    ///
    /// Hints: stage 1 of the quest brief needs only the first two lines of
    /// that table – `Response::new(200).bytes(content_type, body)` and
    /// `Response::error(404)` build them. The method match is lesson 1's
    /// "the method is case-sensitive" in practice: `get` is not `GET`.
    pub fn respond(&self, request: &Request<'_>) -> Response {
        todo!("quest: Site::respond({self:?}, {request:?})")
    }
}

/// Maps an I/O error on a path to a status: missing → 404, outside the root
/// or not permitted → 403, anything else → 500.
pub fn io_status(err: &io::Error) -> u16 {
    match err.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => 404,
        io::ErrorKind::PermissionDenied => 403,
        _ => 500,
    }
}

/// GET (and HEAD) of a file under `root`.
///
/// Join the root and `path.relative()` (plus `index.html` for `/` and for a
/// path with a trailing slash), check it with
/// [`contained`](crate::paths::contained), open it, and answer 200 with a
/// [`Body::File`](crate::response::Body::File) – the connection streams the
/// file, you never read it into memory. Add `Content-Type`
/// ([`content_type`](crate::mime::content_type)), `Last-Modified`
/// ([`http_date`](crate::time::http_date) of the modification time) and an
/// `ETag` ([`etag`]). When [`not_modified`] says the client's copy is still
/// good, answer 304 with the same `Last-Modified` and `ETag` and no body. A
/// path that names a folder without the trailing slash gets
/// `301 Moved Permanently` with `Location: /that/folder/`. Errors go through
/// [`io_status`].
///
/// ```text
/// www/hello.txt = "hi\n"
/// GET /hello.txt                 → 200, Content-Type: text/plain; charset=utf-8,
///                                  Content-Length: 3 (added by render_head), ETag: "3-…"
/// GET /hello.txt, If-None-Match: <that ETag>
///                                → 304, no body
/// GET /missing.txt               → 404
/// GET /docs (a folder)           → 301, Location: /docs/
/// GET /link (symlink to /etc/passwd)
///                                → 403
/// ```
pub fn get_file(root: &Path, path: &RequestPath, headers: &Headers) -> Response {
    todo!("quest: get_file({root:?}, {path:?}, {headers:?})")
}

/// A strong validator from size and modification time (nanoseconds), the
/// way nginx and Apache build theirs: it changes whenever the file is
/// rewritten, without reading the file.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_nanos(0x1234);
/// assert_eq!(quest::site::etag(255, t), "\"ff-1234\"");
/// ```
pub fn etag(len: u64, modified: SystemTime) -> String {
    let nanos = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("\"{len:x}-{nanos:x}\"")
}

/// Whether a GET or HEAD may be answered `304 Not Modified` (RFC 9110
/// §13.1.2–§13.1.3).
///
/// With `If-None-Match`: `true` when one of its comma-separated tags equals
/// `tag` (weak comparison: ignore a `W/` prefix) or it is `*` – and then
/// `If-Modified-Since` is ignored. Otherwise, with an `If-Modified-Since`
/// that parses ([`parse_http_date`](crate::time::parse_http_date)): `true`
/// when the file has not changed since that date, compared in whole seconds
/// ([`unix_seconds`](crate::time::unix_seconds)). Otherwise `false`.
///
/// ```text
/// If-None-Match: "ff-1234"          tag "ff-1234"   → true
/// If-None-Match: "x", *             any tag         → true
/// If-None-Match: "x"                tag "ff-1234"   → false
/// If-Modified-Since: <modified>                     → true
/// If-Modified-Since: <modified − 1 s>               → false
/// If-Modified-Since: yesterday                      → false (unparsable: ignored)
/// ```
pub fn not_modified(headers: &Headers, tag: &str, modified: SystemTime) -> bool {
    todo!("quest: not_modified({headers:?}, {tag:?}, {modified:?})")
}

/// PUT: store `body` as the file `path` under `root`.
///
/// The folder the file goes into must exist inside the root (check it with
/// [`contained`](crate::paths::contained); a missing folder is
/// `409 Conflict`, RFC 9110 §9.3.4). Write the body to a new temporary file
/// in that folder (`OpenOptions::new().write(true).create_new(true)`, a
/// name no client can ask for, such as `.NAME.upload-PID-N`), `sync_all`,
/// then `fs::rename` it over the target. Answer 201 Created (with
/// `Location`) for a new file, 204 No Content when one was replaced. A
/// target with a trailing slash, or `/` itself, is 405. On an error, remove
/// the temporary file and answer [`io_status`].
///
/// ```text
/// PUT /notes.txt, body "one" (no such file)   → 201, www/notes.txt = "one"
/// PUT /notes.txt, body "two"                  → 204, www/notes.txt = "two"
/// PUT /no/such/folder/x.txt                   → 409
/// PUT /docs/                                  → 405
/// ```
pub fn put_file(root: &Path, path: &RequestPath, body: &[u8]) -> Response {
    todo!(
        "quest: put_file({root:?}, {path:?}, {} body bytes)",
        body.len()
    )
}

/// DELETE: remove the file `path` under `root`.
///
/// The same containment rules as [`put_file`]. Answer 204 when the file was
/// removed, 404 when there was none, 403 for a folder (this server never
/// removes folders).
///
/// ```text
/// DELETE /notes.txt (exists)     → 204, and GET /notes.txt is 404 afterwards
/// DELETE /notes.txt (again)      → 404
/// DELETE /docs (a folder)        → 403
/// ```
pub fn delete_file(root: &Path, path: &RequestPath) -> Response {
    todo!("quest: delete_file({root:?}, {path:?})")
}
