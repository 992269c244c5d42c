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
//! bytes – the scratch folder itself is gone once the grade ends. The
//! folder and its repros are the kit's [`Root`](super::support::root::Root).
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

use std::time::Duration;

use crate::grade::{Category, Check, Revisit};

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
        id: "server-empty-file",
        title: "a 0-byte file is answered 200 with Content-Length: 0 on a connection that stays usable",
        points: 1,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: content::empty_file,
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
        title: "ambiguous framing (CL + TE, repeated lengths, signed length, TE in HTTP/1.0) is 400 and closes",
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
