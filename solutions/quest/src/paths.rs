//! From a request target to a file under the root – and never outside it.
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
/// Origin-form (`/a/b?q`) is the normal case; absolute-form
/// (`http://host/a/b`), which a server MUST accept (RFC 9112 §3.2.2), is
/// reduced to its path.
///
/// # Errors
///
/// [`PathError::BadTarget`] for anything that is not a path or does not
/// decode to file-name characters, [`PathError::Traversal`] for `..`.
///
/// ```
/// use quest_solution::paths::{parse_target, PathError};
/// let p = parse_target("/docs/a%20b.txt?x=1").unwrap();
/// assert_eq!(p.segments, ["docs", "a b.txt"]);
/// assert_eq!(parse_target("/%2e%2e/etc/passwd"), Err(PathError::Traversal));
/// ```
pub fn parse_target(target: &str) -> Result<RequestPath, PathError> {
    let path = strip_absolute_form(target)?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = Vec::new();
    // A path that ends in `.` (`/ok.txt/.`) names a folder, as one ending
    // in `/` does: `ok.txt` must then be a folder, and a file is not served.
    let mut last_is_dot = false;
    for raw in path.split('/').skip(1) {
        let segment = percent_decode(raw)?;
        last_is_dot = segment == ".";
        match segment.as_str() {
            "" | "." => {}
            ".." => return Err(PathError::Traversal),
            _ if segment.contains(['/', '\0']) => {
                return Err(PathError::BadTarget(format!(
                    "segment {raw:?} decodes to a `/` or NUL byte"
                )));
            }
            _ => segments.push(segment),
        }
    }
    Ok(RequestPath {
        segments,
        trailing_slash: path.ends_with('/') || last_is_dot,
    })
}

/// The path part of an origin-form or absolute-form target.
fn strip_absolute_form(target: &str) -> Result<&str, PathError> {
    if target.starts_with('/') {
        return Ok(target);
    }
    let lower = target.get(..8).map(str::to_ascii_lowercase);
    let rest = match lower.as_deref() {
        Some(s) if s.starts_with("http://") => &target[7..],
        Some("https://") => &target[8..],
        _ => {
            return Err(PathError::BadTarget(format!(
                "expected a path starting with `/`, got {target:?}"
            )));
        }
    };
    Ok(rest.find('/').map_or("/", |slash| &rest[slash..]))
}

/// Decodes `%XX` escapes (RFC 3986 §2.1); the result must be UTF-8.
fn percent_decode(raw: &str) -> Result<String, PathError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| PathError::BadTarget(format!("bad %-escape in {raw:?}")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| PathError::BadTarget(format!("{raw:?} does not decode to UTF-8")))
}

/// Canonicalises `path` and checks that it lies inside `root` (which must be
/// canonical already).
///
/// # Errors
///
/// What `canonicalize` reports (`NotFound` for a missing file or a dangling
/// symlink), or `PermissionDenied` when the resolved path is outside `root`.
pub fn contained(root: &Path, path: &Path) -> io::Result<PathBuf> {
    let real = path.canonicalize()?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} resolves outside the root", path.display()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(target: &str) -> Vec<String> {
        parse_target(target).map(|p| p.segments).unwrap_or_default()
    }

    #[test]
    fn splits_and_decodes() {
        assert_eq!(segments("/"), Vec::<String>::new());
        assert_eq!(segments("/a//b/./c"), ["a", "b", "c"]);
        assert_eq!(segments("/%41%62?x=/.."), ["Ab"]);
        assert_eq!(segments("http://example.com/x/y"), ["x", "y"]);
        assert_eq!(segments("http://example.com"), Vec::<String>::new());
        assert!(parse_target("/dir/").is_ok_and(|p| p.trailing_slash));
        // `/ok.txt/.` names a folder called ok.txt, not the file.
        assert!(parse_target("/ok.txt/.").is_ok_and(|p| p.trailing_slash));
        assert!(parse_target("/a/./b").is_ok_and(|p| !p.trailing_slash));
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for target in ["/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2e/x", "/a/%2e%2E"] {
            assert_eq!(parse_target(target), Err(PathError::Traversal), "{target}");
        }
    }

    #[test]
    fn refuses_bad_bytes() {
        for target in ["*", "x", "/a%2Fb", "/a%00", "/%zz", "/%4", "/%ff"] {
            assert!(
                matches!(parse_target(target), Err(PathError::BadTarget(_))),
                "{target}"
            );
        }
    }

    #[test]
    fn contained_follows_symlinks() -> io::Result<()> {
        let base = std::env::temp_dir().join(format!("quest-paths-{}", std::process::id()));
        let root = base.join("root");
        std::fs::create_dir_all(&root)?;
        std::fs::write(base.join("secret"), "x")?;
        std::fs::write(root.join("ok"), "y")?;
        let link = root.join("link");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(base.join("secret"), &link)?;
        let root = root.canonicalize()?;
        assert!(contained(&root, &root.join("ok")).is_ok());
        let err = contained(&root, &link).map(|_| ()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        std::fs::remove_dir_all(&base)
    }
}
