//! Bytes a person can read.
//!
//! HTTP/1.1 is text with invisible parts: the `\r\n` that ends every line
//! (RFC 9112 §2.1), the empty line that ends the head. A failure message
//! that printed them raw would hide exactly the mistake it reports (a bare
//! `\n`, a missing blank line). [`escape`] makes them visible; [`preview`]
//! does the same for the first few hundred bytes of something long. Every
//! failure message of the grader quotes bytes through these two.
//!
//! (Lesson 6's `transcript` and `redact` go further – a two-way transcript
//! and redaction for snapshots. The grader keeps no snapshots, so it needs
//! only this one-line view.)

/// Escapes `bytes` onto one line of text.
///
/// Printable ASCII stays as it is; `\r`, `\n` and `\t` become those two
/// characters; a backslash becomes `\\` (so an escape can never be confused
/// with the bytes `\` `r`); every other byte becomes `\xNN`.
///
/// The result is deliberately a single line: it goes into one-line failure
/// messages.
///
/// ```
/// assert_eq!(harness::wire::preview::escape(b"GET / HTTP/1.1\r\n"), r"GET / HTTP/1.1\r\n");
/// ```
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        push_escaped(&mut out, byte);
    }
    out
}

fn push_escaped(out: &mut String, byte: u8) {
    match byte {
        b'\r' => out.push_str("\\r"),
        b'\n' => out.push_str("\\n"),
        b'\t' => out.push_str("\\t"),
        b'\\' => out.push_str("\\\\"),
        b' '..=b'~' => out.push(char::from(byte)),
        _ => out.push_str(&format!("\\x{byte:02x}")),
    }
}

/// [`escape`]s at most the first `max` bytes, and says how many were left out.
///
/// ```
/// use harness::wire::preview::preview;
/// assert_eq!(preview(b"HTTP/1.1 200 OK\r\n", 8), "HTTP/1.1… (9 more bytes)");
/// assert_eq!(preview(b"OK", 8), "OK");
/// ```
pub fn preview(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        return escape(bytes);
    }
    let more = bytes.len() - max;
    let unit = if more == 1 { "byte" } else { "bytes" };
    format!("{}… ({more} more {unit})", escape(&bytes[..max]))
}

/// How many bytes of a message [`described`] shows.
const PREVIEW_BYTES: usize = 200;

/// `17 bytes: "HTTP/1.1 200 OK\r\n"`: how much arrived, and a preview of it,
/// for error messages.
pub fn described(received: &[u8]) -> String {
    let unit = if received.len() == 1 { "byte" } else { "bytes" };
    format!(
        "{} {unit}: \"{}\"",
        received.len(),
        preview(received, PREVIEW_BYTES)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_line_ends_and_odd_bytes() {
        assert_eq!(
            escape(b"GET / HTTP/1.1\r\nX: a\tb\\\x00\xff\n"),
            r"GET / HTTP/1.1\r\nX: a\tb\\\x00\xff\n"
        );
    }

    #[test]
    fn preview_cuts_long_input_and_counts_the_rest() {
        assert_eq!(preview(b"abcdef", 6), "abcdef");
        assert_eq!(preview(b"abcdef", 4), "abcd… (2 more bytes)");
        assert_eq!(preview(b"abcdef", 5), "abcde… (1 more byte)");
        assert_eq!(preview(b"\r\n\r\n", 2), r"\r\n… (2 more bytes)");
    }
}
