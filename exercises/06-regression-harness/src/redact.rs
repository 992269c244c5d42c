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
/// ```text
/// "listening on http://127.0.0.1:43817"  → "listening on http://127.0.0.1:<port>"
/// "[::1]:5000 localhost:8080"            → "[::1]:<port> localhost:<port>"
/// "from 10.1.2.3:1 to 127.0.0.1:65535"   → "from 10.1.2.3:<port> to 127.0.0.1:<port>"
/// "at 01:24:00, example.com:80"          → unchanged
/// "version 1.2.3:4, localhost: up"       → unchanged (three groups; no digits)
/// ```
pub fn redact_ports(text: &str) -> String {
    todo!("lesson 06: redact_ports({text:?})")
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
/// ```text
/// ("HTTP/1.1 200 OK\r\ndate: Sun, 22 Nov 2026 01:24:00 GMT\r\n\r\n", "Date", "<date>")
///     → "HTTP/1.1 200 OK\r\ndate: <date>\r\n\r\n"
/// ("< ETag: \"3f-1a\"\\r\\n\n", "etag", "<etag>")       (a rendered line)
///     → "< ETag: <etag>\\r\\n\n"
/// ("X-Date: 1\nthe date: 2\nDate : 3\n", "Date", "<date>")
///     → unchanged
/// ```
pub fn redact_header(text: &str, name: &str, placeholder: &str) -> String {
    todo!("lesson 06: redact_header({text:?}, {name:?}, {placeholder:?})")
}

/// Applies the course's normalisation rules to `text`, as `rules` selects:
///
/// 1. `ports`: [`redact_ports`];
/// 2. `dates`: the `Date` and `Last-Modified` header values become `<date>`;
/// 3. `etags`: the `ETag` header value becomes `<etag>`.
///
/// With [`Rules::ALL`] the same exchange gives the same text on every run.
///
/// ```text
/// "< Host: 127.0.0.1:39211\r\n\n< Date: Sun, 22 Nov 2026 01:24:00 GMT\r\n\n", Rules::ALL
///     → "< Host: 127.0.0.1:<port>\r\n\n< Date: <date>\r\n\n"
/// the same text, Rules { dates: false, ..Rules::ALL }
///     → "< Host: 127.0.0.1:<port>\r\n\n< Date: Sun, 22 Nov 2026 01:24:00 GMT\r\n\n"
/// "ETag: \"5-6920a8f3\"\n", Rules::ALL                → "ETag: <etag>\n"
/// ```
pub fn normalise(text: &str, rules: &Rules) -> String {
    todo!("lesson 06: normalise({text:?}, {rules:?})")
}
