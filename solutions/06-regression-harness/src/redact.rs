//! Normalisation: making a transcript the same on every run.
//!
//! A golden file (a stored snapshot) works only if the same behaviour
//! produces the same text. Some values in an HTTP exchange change on every
//! run although nothing is wrong:
//!
//! | value | why it changes | example |
//! |---|---|---|
//! | port | tests bind port 0 and get a free one from the kernel | `127.0.0.1:43817` |
//! | `Date` | the time of the response (RFC 9110 §6.6.1) | `Sun, 22 Nov 2026 01:24:00 GMT` |
//! | `Last-Modified` | the time a file was written (RFC 9110 §8.8.2) | the same format |
//! | `ETag` | often built from a file's size and time (RFC 9110 §8.8.3) | `"3f-65a1b2c3"` |
//!
//! Normalising replaces exactly those values with placeholders (`<port>`,
//! `<date>`, `<etag>`) and leaves every other byte alone. Redact too little
//! and the snapshot fails on every run; redact too much and it can no longer
//! catch a bug – a rule that blanked every header value would accept a wrong
//! `Content-Length`. So each rule here is narrow: a port only after a
//! loopback-style host, a header only where a header line starts.
//!
//! The functions work on plain text and on [`render`](crate::render)ed
//! transcripts alike (lines that start with `> ` or `< ` and end with a
//! written-out `\r\n`).

/// Which values [`normalise`] replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Ports after `localhost`, an IPv4 address or a bracketed IPv6 address
    /// become `<port>`.
    pub ports: bool,
    /// `Date` and `Last-Modified` values become `<date>`.
    pub dates: bool,
    /// `ETag` values become `<etag>`.
    pub etags: bool,
}

impl Rules {
    /// Every rule on: what the course's snapshots use.
    pub const ALL: Rules = Rules {
        ports: true,
        dates: true,
        etags: true,
    };
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::ALL
    }
}

/// Replaces the port number after a host in `text` with `<port>`.
///
/// A port is a `:` followed by one or more ASCII digits (all of them are
/// replaced), where the text right before the `:` ends with
///
/// * `localhost`,
/// * `]` – the end of a bracketed IPv6 address such as `[::1]`,
/// * an IPv4 address: four groups of 1 to 3 digits joined by dots, with no
///   further digit or dot in front of them.
///
/// Everything else stays as it is: times like `01:24:00`, a `:` without
/// digits after it, and ports after host *names* such as `example.com:80`
/// (a fixed port in a URL is part of the behaviour, not noise).
///
/// ```
/// use lesson06_solution::redact_ports;
///
/// assert_eq!(
///     redact_ports("listening on http://127.0.0.1:43817"),
///     "listening on http://127.0.0.1:<port>"
/// );
/// assert_eq!(redact_ports("[::1]:5000 localhost:8080"), "[::1]:<port> localhost:<port>");
/// assert_eq!(redact_ports("at 01:24:00, example.com:80"), "at 01:24:00, example.com:80");
/// ```
pub fn redact_ports(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // text[..copied] is already in `out`
    let mut i = 0;
    while i < bytes.len() {
        // `:` and digits are ASCII, so these byte offsets are char boundaries.
        if bytes[i] == b':' && ends_with_host(&text[..i]) {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 0 {
                out.push_str(&text[copied..i]);
                out.push_str(":<port>");
                i += 1 + digits;
                copied = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Does `before` end with a host whose port [`redact_ports`] replaces?
fn ends_with_host(before: &str) -> bool {
    before.ends_with("localhost") || before.ends_with(']') || ends_with_ipv4(before)
}

/// Does `before` end with four dot-separated groups of 1–3 digits?
fn ends_with_ipv4(before: &str) -> bool {
    // The trailing run of digits and dots; ASCII, so the slice is safe.
    let run_len = before
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let run = &before[before.len() - run_len..];
    let groups: Vec<&str> = run.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Replaces the value of every header line called `name` with
/// `placeholder`.
///
/// A header line is a line that starts (after an optional transcript marker
/// `> ` or `< `) with `name`, compared ASCII case-insensitively (RFC 9110
/// §5.1: field names are case-insensitive), directly followed by `:`. Its
/// value – everything after the colon – becomes one space and the
/// placeholder. The line ending is kept as it was: a real `\r\n` or `\n`,
/// and in a rendered transcript the written-out `\r\n` before it. Lines
/// that merely contain the name somewhere else are left alone.
///
/// ```
/// use lesson06_solution::redact_header;
///
/// assert_eq!(
///     redact_header("HTTP/1.1 200 OK\r\ndate: Sun, 22 Nov 2026 01:24:00 GMT\r\n\r\n", "Date", "<date>"),
///     "HTTP/1.1 200 OK\r\ndate: <date>\r\n\r\n"
/// );
/// assert_eq!(
///     redact_header("< ETag: \"3f-1a\"\\r\\n\n", "etag", "<etag>"),
///     "< ETag: <etag>\\r\\n\n"
/// );
/// ```
pub fn redact_header(text: &str, name: &str, placeholder: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        // Split the line into its content and its ending.
        let mut body = line.strip_suffix('\n').unwrap_or(line);
        body = body.strip_suffix('\r').unwrap_or(body);
        body = body.strip_suffix("\\r\\n").unwrap_or(body);
        let ending = &line[body.len()..];

        // An optional transcript marker, then the field name and a colon.
        let (marker, rest) = match body.get(..2) {
            Some("> " | "< ") => body.split_at(2),
            _ => ("", body),
        };
        let is_field = rest
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && rest[name.len()..].starts_with(':');

        if is_field {
            out.push_str(marker);
            out.push_str(&rest[..name.len()]);
            out.push_str(": ");
            out.push_str(placeholder);
            out.push_str(ending);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Applies the course's normalisation rules to `text`, as `rules` selects:
///
/// 1. `ports`: [`redact_ports`];
/// 2. `dates`: the `Date` and `Last-Modified` header values become `<date>`;
/// 3. `etags`: the `ETag` header value becomes `<etag>`.
///
/// With [`Rules::ALL`] the same exchange gives the same text on every run.
///
/// ```
/// use lesson06_solution::{Rules, normalise};
///
/// let raw = "< HTTP/1.1 200 OK\\r\\n\n< Date: Sun, 22 Nov 2026 01:24:00 GMT\\r\\n\n";
/// assert_eq!(normalise(raw, &Rules::ALL), "< HTTP/1.1 200 OK\\r\\n\n< Date: <date>\\r\\n\n");
/// let keep = Rules { dates: false, ..Rules::ALL };
/// assert_eq!(normalise(raw, &keep), raw);
/// ```
pub fn normalise(text: &str, rules: &Rules) -> String {
    let mut out = text.to_string();
    if rules.ports {
        out = redact_ports(&out);
    }
    if rules.dates {
        out = redact_header(&out, "Date", "<date>");
        out = redact_header(&out, "Last-Modified", "<date>");
    }
    if rules.etags {
        out = redact_header(&out, "ETag", "<etag>");
    }
    out
}
