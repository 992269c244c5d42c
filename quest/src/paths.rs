//! From a request target to a file under the root – and never outside it.
//! (**Yours to write**: [`parse_target`], [`percent_decode`], [`contained`].)
//!
//! The target of `GET /docs/a%20b.txt?x=1 HTTP/1.1` is a URL path
//! (RFC 9112 §3.2.1, origin-form): segments separated by `/`, each possibly
//! percent-encoded (RFC 3986 §2.1), followed by an optional `?query`. To find
//! the file, a server drops the query, splits the path into segments, and
//! decodes each segment on its own – decoding first would turn `%2F` into a
//! separator the client never sent.
//!
//! Path traversal is the classic file-server hole: `GET /../../etc/passwd`,
//! or the same with `..` spelled `%2e%2e` so that a check on the raw text
//! misses it. Two defences, because each covers what the other cannot:
//!
//! 1. After decoding, any `..` segment is refused outright (403). `.` and
//!    empty segments are skipped.
//! 2. A symlink inside the root may point anywhere. So the path is
//!    canonicalised (`realpath(3)`: every symlink and `..` resolved) and must
//!    still start with the canonical root; otherwise 403.
//!
//! The types are given; change them if your design wants something else.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A decoded request path: its segments, and whether it ended with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    /// Decoded, non-empty segments, none of them `.` or `..`.
    pub segments: Vec<String>,
    /// The path ended with `/` (it names a folder).
    pub trailing_slash: bool,
}

impl RequestPath {
    /// The segments joined as a relative file-system path (`""` for `/`).
    pub fn relative(&self) -> PathBuf {
        self.segments.iter().collect()
    }

    /// `true` for `/` itself.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }
}

/// Why a target names no file we may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// Not an origin-form path, a bad `%` escape, or a decoded byte that
    /// cannot be part of a file name (`/`, NUL, invalid UTF-8): 400.
    BadTarget(String),
    /// A `..` segment (after decoding): 403.
    Traversal,
}

impl PathError {
    /// The status code to answer with.
    pub fn status_code(&self) -> u16 {
        match self {
            PathError::BadTarget(_) => 400,
            PathError::Traversal => 403,
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::BadTarget(why) => write!(f, "bad request target: {why}"),
            PathError::Traversal => f.write_str("a `..` segment tries to leave the root"),
        }
    }
}

impl std::error::Error for PathError {}

/// Splits and decodes the path of a request target.
///
/// Drop everything from the first `?` or `#`; split the rest on `/`;
/// decode each piece with [`percent_decode`]; skip empty pieces and `.`;
/// refuse `..` with [`PathError::Traversal`] and a piece that decoded to a
/// `/` or a NUL byte with [`PathError::BadTarget`]. A target that does not
/// start with `/` is `BadTarget` – except the absolute-form
/// `http://host/path`, which a server MUST accept (RFC 9112 §3.2.2): use its
/// path (`/` when it has none).
///
/// # Errors
///
/// [`PathError::BadTarget`] for anything that is not a path or does not
/// decode to file-name characters, [`PathError::Traversal`] for `..`.
///
/// ```text
/// "/docs/a%20b.txt?x=1"    → Ok(RequestPath { segments: ["docs", "a b.txt"], trailing_slash: false })
/// "/a//b/./c/"             → Ok(RequestPath { segments: ["a", "b", "c"], trailing_slash: true })
/// "/"                      → Ok(RequestPath { segments: [], trailing_slash: true })
/// "http://example.com/x"   → Ok(RequestPath { segments: ["x"], trailing_slash: false })
/// "/%2e%2e/etc/passwd"     → Err(Traversal)
/// "/a%2Fb"                 → Err(BadTarget(..))     a `/` inside one segment
/// "*"                      → Err(BadTarget(..))
/// ```
///
/// Hints: lesson 1 ("The four forms of request-target") says which forms a
/// server meets. Decode *after* splitting, never before. Test it with
/// `printf 'GET /%2e%2e/x HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 8080`.
pub fn parse_target(target: &str) -> Result<RequestPath, PathError> {
    todo!("quest: parse_target({target:?})")
}

/// Decodes the `%XX` escapes of one path segment (RFC 3986 §2.1). The
/// decoded bytes must be UTF-8.
///
/// `%` must be followed by two hex digits (either case). Every other byte
/// stays as it is.
///
/// # Errors
///
/// [`PathError::BadTarget`] for a `%` without two hex digits after it, or
/// bytes that are not UTF-8 once decoded.
///
/// ```text
/// "a%20b"      → Ok("a b")
/// "%41%62c"    → Ok("Abc")
/// "%2e%2E"     → Ok("..")        (parse_target then refuses it)
/// "%zz", "%4"  → Err(BadTarget(..))
/// "%ff"        → Err(BadTarget(..))   not UTF-8
/// ```
///
/// Hint: work on bytes (`raw.as_bytes()`), collect into a `Vec<u8>`, and
/// finish with `String::from_utf8`; `u8::from_str_radix(hex, 16)` reads the
/// two digits.
pub fn percent_decode(raw: &str) -> Result<String, PathError> {
    todo!("quest: percent_decode({raw:?})")
}

/// Canonicalises `path` and checks that it lies inside `root` (which must be
/// canonical already).
///
/// `Path::canonicalize` resolves every symlink and `..` (it fails with
/// `NotFound` when the file does not exist); `Path::starts_with` compares
/// whole components.
///
/// # Errors
///
/// What `canonicalize` reports (`NotFound` for a missing file or a dangling
/// symlink), or an error of kind `PermissionDenied` when the resolved path
/// is outside `root`.
///
/// ```text
/// root /srv/www, path /srv/www/a.txt               → Ok("/srv/www/a.txt")
/// root /srv/www, path /srv/www/link → /etc/passwd  → Err(kind PermissionDenied)
/// root /srv/www, path /srv/www/missing             → Err(kind NotFound)
/// ```
pub fn contained(root: &Path, path: &Path) -> io::Result<PathBuf> {
    todo!("quest: contained({root:?}, {path:?})")
}
