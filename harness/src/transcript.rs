//! Bytes a person can read, and transcripts a snapshot can keep.
//!
//! Two small jobs that every check needs when it explains itself:
//!
//! * **Readable bytes.** HTTP/1.1 is text with invisible parts: the `\r\n`
//!   that ends every line (RFC 9112 §2.1), the empty line that ends the head.
//!   A failure message that printed them raw would hide exactly the mistake it
//!   reports (a bare `\n`, a missing blank line). [`escape`] makes them
//!   visible; [`preview`] does the same for the first few hundred bytes of
//!   something long.
//! * **Stable transcripts.** A snapshot test compares today's output with the
//!   one stored in the repository. Some values change on every run – the port
//!   the kernel picked, the `Date` header, a log line's timestamp, how long a
//!   request took – so [`normalise`] replaces them with placeholders such as
//!   `<port>` and `<date>` before the comparison. Every rule is one small
//!   function, and all of them are listed in [`RULES`], so the whole rule set
//!   can be read in one place. The scanning is written by hand (no regular
//!   expressions): each rule is short enough that a loop says it more plainly.

/// Escapes `bytes` onto one line of text.
///
/// Printable ASCII stays as it is; `\r`, `\n` and `\t` become those two
/// characters; a backslash becomes `\\` (so an escape can never be confused
/// with the bytes `\` `r`); every other byte becomes `\xNN`.
///
/// The result is deliberately a single line: it goes into one-line failure
/// messages. For a multi-line transcript use [`escape_lines`].
///
/// ```
/// assert_eq!(harness::transcript::escape(b"GET / HTTP/1.1\r\n"), r"GET / HTTP/1.1\r\n");
/// ```
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        push_escaped(&mut out, byte);
    }
    out
}

/// Like [`escape`], but keeps a real line break after every escaped `\n`, so
/// a message on the wire reads as one line per header in a snapshot file.
///
/// ```
/// let text = harness::transcript::escape_lines(b"HTTP/1.1 200 OK\r\n\r\n");
/// assert_eq!(text, "HTTP/1.1 200 OK\\r\\n\n\\r\\n\n");
/// ```
pub fn escape_lines(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 16);
    for &byte in bytes {
        push_escaped(&mut out, byte);
        if byte == b'\n' {
            out.push('\n');
        }
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
/// use harness::transcript::preview;
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

/// One rule of [`normalise`]: what it replaces, and the function that does it.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// A short name for the rule.
    pub name: &'static str,
    /// An example of what it does, `before → after`.
    pub example: &'static str,
    /// The rule itself: the whole text in, the rewritten text out.
    pub apply: fn(&str) -> String,
}

/// Every rule [`normalise`] applies, in the order it applies them.
pub const RULES: &[Rule] = &[
    Rule {
        name: "loopback port",
        example: "127.0.0.1:41327, [::1]:41327, localhost:41327 → 127.0.0.1:<port>, …",
        apply: loopback_ports,
    },
    Rule {
        name: "volatile header value",
        example: "Date: Sun, 22 Nov 2026 10:00:00 GMT → Date: <date> (also `< Date:` lines)",
        apply: volatile_headers,
    },
    Rule {
        name: "access-log time",
        example: "[22/Nov/2026:10:00:00 +0000] → [<time>]",
        apply: log_times,
    },
    Rule {
        name: "duration",
        example: "done in 12.3ms → done in <duration>",
        apply: durations,
    },
];

/// Replaces the values that change from run to run with placeholders.
///
/// The rules are listed in [`RULES`]; everything else – status codes,
/// lengths, ordinary numbers – is left exactly as it was.
///
/// ```
/// use harness::transcript::normalise;
/// assert_eq!(
///     normalise("listening on http://127.0.0.1:41327\n< Date: Sun, 22 Nov 2026 10:00:00 GMT\n"),
///     "listening on http://127.0.0.1:<port>\n< Date: <date>\n",
/// );
/// ```
pub fn normalise(text: &str) -> String {
    RULES
        .iter()
        .fold(text.to_owned(), |text, rule| (rule.apply)(&text))
}

/// A match found by a rule at some position: keep the first `keep` bytes,
/// replace the next `len` bytes with `with`.
struct Replace {
    keep: usize,
    len: usize,
    with: &'static str,
}

/// Walks `text` once; at each position asks `rule` whether something there
/// must be replaced. `rule` sees the character before the position (for word
/// boundaries) and the rest of the text.
fn scan(text: &str, rule: impl Fn(Option<char>, &str) -> Option<Replace>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    let mut at = 0;
    while let Some(next) = text[at..].chars().next() {
        let rest = &text[at..];
        if let Some(found) = rule(previous, rest) {
            out.push_str(&rest[..found.keep]);
            out.push_str(found.with);
            at += found.keep + found.len;
            previous = text[..at].chars().next_back();
        } else {
            out.push(next);
            at += next.len_utf8();
            previous = Some(next);
        }
    }
    out
}

/// True when `c` could continue a word or a number, so a match must not
/// start right after it (`1127.0.0.1:80` is not a loopback address).
fn continues_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// The number of ASCII digits at the start of `s`.
fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// `127.0.0.1:41327` → `127.0.0.1:<port>`; the same for any `127.x.y.z`,
/// `[::1]` and `localhost`. The host stays: which address a client used is
/// part of what a check observes (address fallback with `--resolve`).
fn loopback_ports(text: &str) -> String {
    scan(text, |previous, rest| {
        if continues_word(previous) {
            return None;
        }
        let host = loopback_host_len(rest)?;
        let after = rest[host..].strip_prefix(':')?;
        let port = digits(after);
        let ends = after[port..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        ((1..=5).contains(&port) && ends).then_some(Replace {
            keep: host + 1,
            len: port,
            with: "<port>",
        })
    })
}

/// The length of a loopback host name at the start of `s`, if there is one.
fn loopback_host_len(s: &str) -> Option<usize> {
    for name in ["localhost", "[::1]"] {
        if s.starts_with(name) {
            return Some(name.len());
        }
    }
    // 127.x.y.z: three more dotted numbers of one to three digits.
    let mut len = "127".len();
    if !s.starts_with("127") {
        return None;
    }
    for _ in 0..3 {
        let part = s[len..].strip_prefix('.').map_or(0, digits);
        if !(1..=3).contains(&part) {
            return None;
        }
        len += 1 + part;
    }
    Some(len)
}

/// Header fields whose values change from run to run, and their placeholders.
const VOLATILE_HEADERS: &[(&str, &str)] = &[
    ("date", "<date>"),
    ("last-modified", "<date>"),
    ("etag", "<etag>"),
];

/// `Date: Sun, 22 Nov 2026 10:00:00 GMT` → `Date: <date>`, likewise
/// `Last-Modified` and `ETag` (`<etag>`).
///
/// Field names are case-insensitive (RFC 9110 §5.1), so `date:` matches too.
/// The name must start a line – a real one, or one inside [`escape`]d text
/// after a literal `\n` – optionally behind a transcript marker `< ` or
/// `> ` (what `quest get -v` prints). The value ends at the end of the line
/// (`\r`, `\n`, or their escaped forms).
fn volatile_headers(text: &str) -> String {
    scan(text, |previous, rest| {
        let line_start = previous.is_none_or(|c| c == '\n')
            || (previous == Some('n') && ends_with_escaped_newline(text, rest));
        if !line_start {
            return None;
        }
        let marker = ["< ", "> "]
            .iter()
            .find(|m| rest.starts_with(**m))
            .map_or(0, |m| m.len());
        let line = &rest[marker..];
        let colon = line.find(':')?;
        let name = &line[..colon];
        let (_, placeholder) = VOLATILE_HEADERS
            .iter()
            .find(|(known, _)| name.eq_ignore_ascii_case(known))?;
        let after = &line[colon + 1..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        let value = &after[spaces..];
        let len = value
            .find(['\r', '\n'])
            .into_iter()
            .chain(value.find("\\r"))
            .chain(value.find("\\n"))
            .min()
            .unwrap_or(value.len());
        (len > 0).then_some(Replace {
            keep: marker + colon + 1 + spaces,
            len,
            with: placeholder,
        })
    })
}

/// True when the two characters just before `rest` in `text` are the
/// escaped newline `\n` (a backslash, then `n`).
fn ends_with_escaped_newline(text: &str, rest: &str) -> bool {
    let at = text.len() - rest.len();
    text[..at].ends_with("\\n") && !text[..at].ends_with("\\\\n")
}

/// `[22/Nov/2026:10:00:00 +0000]` → `[<time>]`: the time stamp of the
/// nginx/Apache "combined" access-log format.
fn log_times(text: &str) -> String {
    // 9 = a digit, A = an upper-case letter, a = a lower-case letter,
    // s = a sign; everything else stands for itself.
    const SHAPE: &[u8] = b"[99/Aaa/9999:99:99:99 s9999]";
    scan(text, |_, rest| {
        fits_shape(rest.as_bytes(), SHAPE).then_some(Replace {
            keep: 1,
            len: SHAPE.len() - 2,
            with: "<time>",
        })
    })
}

/// True when `bytes` starts with something of the shape `shape` (see
/// [`log_times`] for the letters).
fn fits_shape(bytes: &[u8], shape: &[u8]) -> bool {
    bytes.len() >= shape.len()
        && bytes.iter().zip(shape).all(|(&b, &s)| match s {
            b'9' => b.is_ascii_digit(),
            b'A' => b.is_ascii_uppercase(),
            b'a' => b.is_ascii_lowercase(),
            b's' => b == b'+' || b == b'-',
            _ => b == s,
        })
}

/// Units of a printed [`std::time::Duration`], longest first so `ms` is
/// tried before `s`.
const DURATION_UNITS: &[&str] = &["ms", "µs", "us", "ns", "s"];

/// `in 12.3ms` → `in <duration>`; also `µs`, `us`, `ns` and `s`. Only after
/// the word `in`, and only with a unit, so `in 3 files` stays as it is.
fn durations(text: &str) -> String {
    scan(text, |previous, rest| {
        if continues_word(previous) || !rest.starts_with("in ") {
            return None;
        }
        let number = &rest[3..];
        let mut len = digits(number);
        if len == 0 {
            return None;
        }
        if let Some(fraction) = number[len..].strip_prefix('.') {
            let more = digits(fraction);
            if more == 0 {
                return None;
            }
            len += 1 + more;
        }
        let unit = DURATION_UNITS
            .iter()
            .find(|unit| number[len..].starts_with(**unit))?;
        let end = len + unit.len();
        let ends = number[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        ends.then_some(Replace {
            keep: 3,
            len: end,
            with: "<duration>",
        })
    })
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
    fn escape_lines_keeps_a_line_break_after_each_newline() {
        assert_eq!(escape_lines(b"a\r\nb\n"), "a\\r\\n\nb\\n\n");
    }

    #[test]
    fn preview_cuts_long_input_and_counts_the_rest() {
        assert_eq!(preview(b"abcdef", 6), "abcdef");
        assert_eq!(preview(b"abcdef", 4), "abcd… (2 more bytes)");
        assert_eq!(preview(b"abcdef", 5), "abcde… (1 more byte)");
        assert_eq!(preview(b"\r\n\r\n", 2), r"\r\n… (2 more bytes)");
    }

    #[test]
    fn ports_of_loopback_addresses_become_placeholders() {
        assert_eq!(
            loopback_ports("http://127.0.0.1:41327/a 127.0.0.2:80 [::1]:9 localhost:8080."),
            "http://127.0.0.1:<port>/a 127.0.0.2:<port> [::1]:<port> localhost:<port>."
        );
    }

    #[test]
    fn ports_rule_leaves_ordinary_numbers_alone() {
        for text in [
            "127.0.0.1 without a port",
            "1127.0.0.1:80",
            "10.0.0.1:8080",
            "Content-Length: 127",
            "127.0.0.1:123456",
            "version 127.0.0:80",
        ] {
            assert_eq!(loopback_ports(text), text);
        }
    }

    #[test]
    fn date_last_modified_and_etag_values_become_placeholders() {
        let text = "HTTP/1.1 200 OK\r\nDate: Sun, 22 Nov 2026 10:00:00 GMT\r\n\
                    last-modified: Sat, 21 Nov 2026 09:00:00 GMT\r\nETag: \"5f-12\"\r\n\
                    Content-Length: 12\r\n";
        assert_eq!(
            volatile_headers(text),
            "HTTP/1.1 200 OK\r\nDate: <date>\r\nlast-modified: <date>\r\n\
             ETag: <etag>\r\nContent-Length: 12\r\n"
        );
    }

    #[test]
    fn header_rule_reads_transcript_markers_and_escaped_lines() {
        assert_eq!(
            volatile_headers("< date: Sun, 22 Nov 2026 10:00:00 GMT\n> Host: x\n"),
            "< date: <date>\n> Host: x\n"
        );
        assert_eq!(
            volatile_headers(r#"got HTTP/1.1 200 OK\r\nETag: W/"1"\r\nX: 1"#),
            r"got HTTP/1.1 200 OK\r\nETag: <etag>\r\nX: 1"
        );
    }

    #[test]
    fn header_rule_leaves_other_headers_and_mid_line_names_alone() {
        for text in [
            "Content-Length: 42\r\n",
            "X-Date: today\n",
            "the Date: header is missing\n",
            "Dates: 3\n",
        ] {
            assert_eq!(volatile_headers(text), text);
        }
    }

    #[test]
    fn access_log_times_become_placeholders() {
        assert_eq!(
            log_times(r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12"#),
            r#"127.0.0.1 - - [<time>] "GET / HTTP/1.1" 200 12"#
        );
    }

    #[test]
    fn log_time_rule_leaves_other_brackets_alone() {
        for text in [
            "[1/2/3]",
            "[22/nov/2026:10:00:00 +0000]",
            "[22/Nov/2026]",
            "[",
        ] {
            assert_eq!(log_times(text), text);
        }
    }

    #[test]
    fn durations_after_in_become_placeholders() {
        assert_eq!(
            durations("done in 12.3ms, then in 1.2s, in 5µs, in 40ns (in 7s)"),
            "done in <duration>, then in <duration>, in <duration>, in <duration> (in <duration>)"
        );
    }

    #[test]
    fn duration_rule_leaves_ordinary_numbers_alone() {
        for text in [
            "in 3 files",
            "in 2026",
            "in 5seconds",
            "within 5s",
            "took 12ms",
            "in 1.ms",
        ] {
            assert_eq!(durations(text), text);
        }
    }

    #[test]
    fn normalise_applies_every_rule_and_nothing_else() {
        let text = "listening on http://127.0.0.1:39201\n\
                    127.0.0.1:50412 - [22/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 42 in 0.4ms\n\
                    < HTTP/1.1 200 OK\n< Date: Sun, 22 Nov 2026 10:00:00 GMT\n< Content-Length: 42\n";
        assert_eq!(
            normalise(text),
            "listening on http://127.0.0.1:<port>\n\
             127.0.0.1:<port> - [<time>] \"GET / HTTP/1.1\" 200 42 in <duration>\n\
             < HTTP/1.1 200 OK\n< Date: <date>\n< Content-Length: 42\n"
        );
    }

    #[test]
    fn normalise_leaves_ordinary_text_alone() {
        let text = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found 3.14 in 10 ways";
        assert_eq!(normalise(text), text);
    }
}
