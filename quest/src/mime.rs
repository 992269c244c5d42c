//! `Content-Type` from a file name's extension.
//!
//! RFC 9110 §8.3: a sender that knows the media type SHOULD send it; without
//! one, a browser may "sniff" the bytes and guess – which is how an uploaded
//! text file turns into running HTML. So a file server sends a type for every
//! file: a small table of the common extensions, and
//! `application/octet-stream` ("just bytes, download me") for the rest.
//! Text types carry `charset=utf-8` so that the browser does not guess the
//! encoding either.

use std::path::Path;

/// The media type for `path`, by its extension (ASCII case ignored).
///
/// ```
/// use std::path::Path;
/// use quest::mime::content_type;
/// assert_eq!(content_type(Path::new("a/index.HTML")), "text/html; charset=utf-8");
/// assert_eq!(content_type(Path::new("archive.bin")), "application/octet-stream");
/// ```
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown() {
        assert_eq!(content_type(Path::new("x.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("x.PNG")), "image/png");
        assert_eq!(
            content_type(Path::new("Makefile")),
            "application/octet-stream"
        );
        assert_eq!(content_type(Path::new(".txt")), "application/octet-stream");
    }
}
