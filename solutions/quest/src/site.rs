//! What the server answers: the built-in page, or the files under `--root`.
//!
//! This module knows nothing about sockets. It turns one complete request
//! (method, target, fields, body) into one [`Response`], which makes every
//! rule here testable with a folder and no network.
//!
//! The methods (RFC 9110 §9.3):
//!
//! - `GET` / `HEAD`: the file, with `Content-Type`, `Last-Modified` and an
//!   `ETag`; a conditional request whose validator still matches gets
//!   `304 Not Modified` without the body (RFC 9110 §13.1.1, §13.1.3). A
//!   target ending in `/` means that folder's `index.html`.
//! - `PUT`: store the body as the file. It is written to a temporary file in
//!   the same folder and then `rename(2)`d over the target: rename within one
//!   file system is atomic, so a reader sees the old file or the new one,
//!   never half of one, and an upload that fails midway leaves nothing.
//!   201 Created for a new file, 204 No Content for a replaced one.
//! - `DELETE`: remove the file; 204, or 404 when there is none.
//! - another method this server knows (RFC 9110 §9 defines it) but does not
//!   support here: 405 with `Allow` listing what is supported (RFC 9110
//!   §15.5.6 requires the field).
//! - a method it does not know at all, such as `BREW`: 501 Not Implemented
//!   (RFC 9110 §9.1) – "not here" and "never heard of it" are different
//!   answers.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use lesson02::Headers;

use crate::mime::content_type;
use crate::paths::{RequestPath, contained, parse_target};
use crate::response::{Body, Response};
use crate::time::{http_date, parse_http_date, unix_seconds};

/// The page served at `/` when there is no `--root`.
pub const BUILT_IN_PAGE: &str = "<!DOCTYPE html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>quest-solution</title></head>
<body>
<h1>It works</h1>
<p>This is <code>quest-solution serve</code>: one thread, one epoll instance,
HTTP/1.1 with keep-alive and pipelining.</p>
<p>Start it with <code>--root DIR</code> to serve, store and delete files.</p>
</body>
</html>
";

/// The methods a file root supports, for `Allow`.
const FILE_METHODS: &str = "GET, HEAD, PUT, DELETE";

/// The methods RFC 9110 §9 defines, and PATCH (RFC 5789). A request with
/// any other method gets 501 Not Implemented (RFC 9110 §9.1); one of these
/// that the target does not support gets 405 Method Not Allowed.
const KNOWN_METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// One complete request as the site sees it.
#[derive(Debug)]
pub struct Request<'a> {
    /// The method, case-sensitive.
    pub method: &'a str,
    /// The request target as received.
    pub target: &'a str,
    /// The header fields.
    pub headers: &'a Headers,
    /// Where the body went as it arrived: the upload [`Site::begin`]
    /// started for a PUT, or `None` (a body of any other request is read
    /// and discarded – nothing here uses it).
    pub upload: Option<Upload>,
}

/// A PUT body on its way into the root, written as it arrives.
///
/// Holding a whole upload in memory would let forty unfinished 15 MiB PUTs
/// cost 600 MB; writing each piece as it arrives costs one read buffer per
/// connection, whatever the body's size. The bytes go to a temporary file
/// beside the target (`.NAME.upload-PID-N`), and only [`Upload::finish`]
/// renames it over the target – so a reader never sees half a file, and an
/// upload that is cut off (the client vanished, the body was malformed) is
/// removed when the `Upload` is dropped.
#[derive(Debug)]
pub struct Upload {
    file: File,
    temp: PathBuf,
    target: PathBuf,
    /// The target existed before: 204 rather than 201.
    existed: bool,
    /// The request path, for `Location`.
    location: String,
    /// The first write error: the rest of the body is still read (and
    /// dropped), and the answer is that error's status.
    failed: Option<io::Error>,
    /// Renamed into place: nothing to clean up.
    done: bool,
}

impl Upload {
    /// Appends the next piece of the body.
    pub fn write(&mut self, bytes: &[u8]) {
        if self.failed.is_none() {
            if let Err(err) = self.file.write_all(bytes) {
                self.failed = Some(err);
            }
        }
    }

    /// The body is complete: makes it durable (`fsync`), renames it over
    /// the target, and says what happened.
    ///
    /// # Returns
    ///
    /// 201 Created with `Location` for a new file, 204 No Content for a
    /// replaced one, or the status of the first I/O error.
    pub fn finish(mut self) -> Response {
        let result = match self.failed.take() {
            Some(err) => Err(err),
            None => self
                .file
                .sync_all()
                .and_then(|()| fs::rename(&self.temp, &self.target)),
        };
        match result {
            Ok(()) => {
                self.done = true;
                if self.existed {
                    Response::new(204)
                } else {
                    Response::error(201).header("Location", self.location.clone())
                }
            }
            Err(err) => Response::error(io_status(&err)),
        }
    }
}

impl Drop for Upload {
    /// An upload that never finished leaves nothing behind.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// The content being served.
#[derive(Debug)]
pub struct Site {
    /// The canonical root folder, or `None` for the built-in page.
    root: Option<PathBuf>,
}

impl Site {
    /// A site serving the built-in page.
    pub fn built_in() -> Site {
        Site { root: None }
    }

    /// A site serving the files under `root`.
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

    /// Decides, as soon as a request's head has arrived, where its body goes.
    ///
    /// # Returns
    ///
    /// `Ok(Some(upload))` for a PUT that can be stored: its body is written
    /// into the upload as it arrives. `Ok(None)` for every other request:
    /// its body, if any, is discarded. `Err(response)` for a PUT that will
    /// fail however its body turns out (a folder that does not exist, a
    /// target that is a folder, a path outside the root): that response is
    /// the answer, and a client that sent `Expect: 100-continue` is told so
    /// at once instead of `100 Continue` (RFC 9110 §10.1.1).
    pub fn begin(&self, method: &str, target: &str) -> Result<Option<Upload>, Response> {
        let (Some(root), "PUT") = (&self.root, method) else {
            return Ok(None);
        };
        let path = parse_target(target).map_err(|err| Response::error(err.status_code()))?;
        begin_put(root, &path).map(Some)
    }

    /// Answers one request. HEAD is answered like GET; the caller leaves out
    /// the body.
    pub fn respond(&self, request: Request<'_>) -> Response {
        // Methods are case-sensitive (RFC 9110 §9.1): `get` is unknown too.
        if !KNOWN_METHODS.contains(&request.method) {
            return Response::error(501);
        }
        let path = match parse_target(request.target) {
            Ok(path) => path,
            Err(err) => return Response::error(err.status_code()),
        };
        match &self.root {
            None => built_in(&request, &path),
            Some(root) => match request.method {
                "GET" | "HEAD" => get(root, &path, request.headers),
                "PUT" => match request.upload {
                    Some(upload) => upload.finish(),
                    // `begin` refused it: say why again.
                    None => match begin_put(root, &path) {
                        Ok(_) => Response::error(500),
                        Err(response) => response,
                    },
                },
                "DELETE" => delete(root, &path),
                _ => Response::error(405).header("Allow", FILE_METHODS),
            },
        }
    }
}

fn built_in(request: &Request<'_>, path: &RequestPath) -> Response {
    if !path.is_root() {
        return Response::error(404);
    }
    match request.method {
        "GET" | "HEAD" => Response::new(200).bytes("text/html; charset=utf-8", BUILT_IN_PAGE),
        _ => Response::error(405).header("Allow", "GET, HEAD"),
    }
}

/// Maps an I/O error on a path to a status: missing → 404, outside the root
/// or not permitted → 403, a symlink loop (`ELOOP`: the path can never
/// resolve, which is the client's path, not a server fault) → 403, anything
/// else → 500.
fn io_status(err: &io::Error) -> u16 {
    if err.raw_os_error() == Some(libc::ELOOP) {
        return 403;
    }
    match err.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => 404,
        io::ErrorKind::PermissionDenied => 403,
        _ => 500,
    }
}

fn get(root: &Path, path: &RequestPath, headers: &Headers) -> Response {
    let mut file_path = root.join(path.relative());
    if path.trailing_slash || path.is_root() {
        file_path.push("index.html");
    }
    let real = match contained(root, &file_path) {
        Ok(real) => real,
        Err(err) => return Response::error(io_status(&err)),
    };
    if real.is_dir() {
        // `/docs` names a folder: send the client to `/docs/`, so that
        // relative links in its index resolve inside it.
        let location = format!("/{}/", path.segments.join("/"));
        return Response::error(301).header("Location", location);
    }
    let opened = File::open(&real).and_then(|file| Ok((file.metadata()?, file)));
    let (meta, file) = match opened {
        Ok(pair) => pair,
        Err(err) => return Response::error(io_status(&err)),
    };
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let tag = etag(meta.len(), modified);
    let last_modified = http_date(modified);
    let response = if not_modified(headers, &tag, modified) {
        Response::new(304)
    } else {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), content_type(&real).into())],
            body: Body::File {
                file,
                len: meta.len(),
            },
        }
    };
    response
        .header("Last-Modified", last_modified)
        .header("ETag", tag)
}

/// A strong validator from size and modification time (nanoseconds), the
/// way nginx and Apache build theirs: it changes whenever the file is
/// rewritten, without reading the file.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_nanos(0x1234);
/// assert_eq!(quest_solution::site::etag(255, t), "\"ff-1234\"");
/// ```
pub fn etag(len: u64, modified: SystemTime) -> String {
    let nanos = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("\"{len:x}-{nanos:x}\"")
}

/// RFC 9110 §13.1.2–§13.1.3, for GET and HEAD: with `If-None-Match`, 304
/// when one of its tags matches (weak comparison: a `W/` prefix is ignored)
/// or it is `*`, and `If-Modified-Since` is then ignored; otherwise 304 when
/// the file has not changed since the `If-Modified-Since` date (at the
/// one-second resolution of HTTP dates).
pub fn not_modified(headers: &Headers, tag: &str, modified: SystemTime) -> bool {
    let mut none_match = headers.get_all("if-none-match").peekable();
    if none_match.peek().is_some() {
        let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
        return none_match
            .flat_map(|value| value.split(','))
            .any(|candidate| candidate.trim() == "*" || bare(candidate) == bare(tag));
    }
    headers
        .get("if-modified-since")
        .and_then(parse_http_date)
        .is_some_and(|since| unix_seconds(modified) <= unix_seconds(since))
}

/// Where a PUT or DELETE may act: the folder must exist inside the root;
/// the file itself is `folder/name`.
fn writable_target(root: &Path, path: &RequestPath) -> Result<(PathBuf, String), Response> {
    let (Some(name), false) = (path.segments.last(), path.trailing_slash) else {
        return Err(Response::error(405).header("Allow", "GET, HEAD"));
    };
    let parent = root.join(path.relative());
    let parent = parent.parent().unwrap_or(root);
    match contained(root, parent) {
        Ok(folder) if folder.is_dir() => Ok((folder, name.clone())),
        Ok(_) => Err(Response::error(409)),
        // RFC 9110 §9.3.4: a PUT into a folder that does not exist conflicts
        // with the state of the resource tree.
        Err(err) if err.kind() == io::ErrorKind::NotFound => Err(Response::error(409)),
        Err(err) => Err(Response::error(io_status(&err))),
    }
}

/// Makes each temporary name unique within this process.
static UPLOADS: AtomicU64 = AtomicU64::new(0);

/// Starts a PUT: checks the target and creates the temporary file.
///
/// # Errors
///
/// The response that ends the request: 405 for a folder path, 409 for a
/// missing folder or a target that is a folder, 403/404/500 from the file
/// system.
fn begin_put(root: &Path, path: &RequestPath) -> Result<Upload, Response> {
    let (folder, name) = writable_target(root, path)?;
    let target = folder.join(&name);
    if target.is_dir() {
        return Err(Response::error(409));
    }
    let existed = target.symlink_metadata().is_ok();
    let n = UPLOADS.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(".{name}.upload-{}-{n}", std::process::id()));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|err| Response::error(io_status(&err)))?;
    Ok(Upload {
        file,
        temp,
        target,
        existed,
        location: format!("/{}", path.segments.join("/")),
        failed: None,
        done: false,
    })
}

fn delete(root: &Path, path: &RequestPath) -> Response {
    let (folder, name) = match writable_target(root, path) {
        Ok(target) => target,
        Err(response) => return response,
    };
    let target = folder.join(name);
    match target.symlink_metadata() {
        Ok(meta) if meta.is_dir() => Response::error(403),
        Ok(_) => match fs::remove_file(&target) {
            Ok(()) => Response::new(204),
            Err(err) => Response::error(io_status(&err)),
        },
        Err(err) => Response::error(io_status(&err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn headers(fields: &[(&str, &str)]) -> Headers {
        fields
            .iter()
            .map(|(n, v)| lesson02::Header::new(*n, *v))
            .collect()
    }

    #[test]
    fn conditional_requests() {
        let t = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let tag = etag(3, t);
        assert!(not_modified(&headers(&[("If-None-Match", &tag)]), &tag, t));
        assert!(not_modified(
            &headers(&[("If-None-Match", "\"x\", *")]),
            &tag,
            t
        ));
        assert!(!not_modified(
            &headers(&[("If-None-Match", "\"x\"")]),
            &tag,
            t
        ));
        let date = http_date(t);
        assert!(not_modified(
            &headers(&[("If-Modified-Since", &date)]),
            &tag,
            t
        ));
        let earlier = http_date(t - Duration::from_secs(1));
        assert!(!not_modified(
            &headers(&[("If-Modified-Since", &earlier)]),
            &tag,
            t
        ));
        // If-None-Match wins over If-Modified-Since.
        let both = headers(&[("If-None-Match", "\"x\""), ("If-Modified-Since", &date)]);
        assert!(!not_modified(&both, &tag, t));
    }

    fn respond(site: &Site, method: &str, target: &str, body: &[u8]) -> Response {
        let headers = Headers::new();
        let upload = match site.begin(method, target) {
            Ok(upload) => upload.map(|mut upload| {
                upload.write(body);
                upload
            }),
            Err(response) => return response,
        };
        site.respond(Request {
            method,
            target,
            headers: &headers,
            upload,
        })
    }

    #[test]
    fn files_round_trip() -> io::Result<()> {
        let root = std::env::temp_dir().join(format!("quest-site-{}", std::process::id()));
        fs::create_dir_all(root.join("sub"))?;
        let site = Site::with_root(&root)?;
        assert_eq!(respond(&site, "PUT", "/a.txt", b"one").status, 201);
        assert_eq!(respond(&site, "PUT", "/a.txt", b"two").status, 204);
        assert_eq!(fs::read(root.join("a.txt"))?, b"two");
        assert_eq!(respond(&site, "GET", "/a.txt", b"").status, 200);
        assert_eq!(respond(&site, "PUT", "/none/a.txt", b"x").status, 409);
        assert_eq!(respond(&site, "GET", "/sub", b"").status, 301);
        assert_eq!(respond(&site, "GET", "/sub/", b"").status, 404);
        assert_eq!(respond(&site, "GET", "/%2e%2e/x", b"").status, 403);
        assert_eq!(respond(&site, "POST", "/a.txt", b"").status, 405);
        assert_eq!(respond(&site, "BREW", "/a.txt", b"").status, 501);
        assert_eq!(respond(&site, "DELETE", "/a.txt", b"").status, 204);
        assert_eq!(respond(&site, "DELETE", "/a.txt", b"").status, 404);
        // An upload dropped before its end leaves nothing.
        let begun = site
            .begin("PUT", "/b.txt")
            .map_err(|r| io::Error::other(r.status.to_string()))?;
        drop(begun);
        // An empty PUT stores an empty file, which GET serves.
        assert_eq!(respond(&site, "PUT", "/empty.txt", b"").status, 201);
        assert_eq!(respond(&site, "GET", "/empty.txt", b"").body.len(), 0);
        assert_eq!(respond(&site, "DELETE", "/empty.txt", b"").status, 204);
        // A symlink loop can never resolve: the client's problem, 403.
        std::os::unix::fs::symlink("loop", root.join("loop"))?;
        assert_eq!(respond(&site, "GET", "/loop", b"").status, 403);
        fs::remove_file(root.join("loop"))?;
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(&root)?.count(), 1);
        fs::remove_dir_all(&root)
    }

    #[test]
    fn built_in_page() {
        let site = Site::built_in();
        assert_eq!(respond(&site, "GET", "/", b"").status, 200);
        assert_eq!(respond(&site, "GET", "/x", b"").status, 404);
        let post = respond(&site, "POST", "/", b"");
        assert_eq!(post.status, 405);
        assert!(post.headers.contains(&("Allow".into(), "GET, HEAD".into())));
        assert_eq!(respond(&site, "BREW", "/", b"").status, 501);
        assert_eq!(respond(&site, "get", "/", b"").status, 501);
    }
}
