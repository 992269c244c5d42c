//! One access-log line per request, in nginx's "combined" format:
//!
//! ```text
//! 127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"
//! ```
//!
//! Fields: client address, identd user and auth user (always `-`), time,
//! request line, status, body bytes sent, `Referer`, `User-Agent`. Tools such
//! as GoAccess and awk one-liners read this shape, which is why servers keep
//! it. The quoted fields come from the client, so `"`, `\` and bytes outside
//! printable ASCII are written as `\xHH` (as nginx does): a request must not
//! be able to forge a second log line or break the quoting.

use std::net::IpAddr;
use std::time::SystemTime;

use crate::time::log_date;

/// What one log line says about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The client's address.
    pub client: IpAddr,
    /// The request line as received, or `None` when none could be read.
    pub request_line: Option<&'a str>,
    /// The status sent.
    pub status: u16,
    /// Body bytes sent (0 for HEAD and bodiless statuses).
    pub body_bytes: u64,
    /// The `Referer` field.
    pub referer: Option<&'a str>,
    /// The `User-Agent` field.
    pub user_agent: Option<&'a str>,
}

/// Formats `entry` at `time`, without a trailing newline.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use quest::access_log::{format_line, Entry};
/// let entry = Entry {
///     client: [127, 0, 0, 1].into(),
///     request_line: Some("GET / HTTP/1.1"),
///     status: 200,
///     body_bytes: 612,
///     referer: None,
///     user_agent: Some("curl/8.5.0"),
/// };
/// let time = UNIX_EPOCH + Duration::from_secs(1_795_341_600);
/// assert_eq!(
///     format_line(&entry, time),
///     r#"127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0""#
/// );
/// ```
pub fn format_line(entry: &Entry<'_>, time: SystemTime) -> String {
    format!(
        "{} - - [{}] \"{}\" {} {} \"{}\" \"{}\"",
        entry.client,
        log_date(time),
        escape(entry.request_line),
        entry.status,
        entry.body_bytes,
        escape(entry.referer),
        escape(entry.user_agent),
    )
}

/// A quoted field: `-` when absent, unsafe bytes as `\xHH`.
fn escape(field: Option<&str>) -> String {
    let Some(text) = field else {
        return "-".to_string();
    };
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte == b'"' || byte == b'\\' || !(0x20..0x7f).contains(&byte) {
            out.push_str(&format!("\\x{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn escapes_client_text() {
        let entry = Entry {
            client: [10, 0, 0, 1].into(),
            request_line: None,
            status: 400,
            body_bytes: 0,
            referer: Some("a\"b\\c"),
            user_agent: Some("é"),
        };
        assert_eq!(
            format_line(&entry, UNIX_EPOCH),
            r#"10.0.0.1 - - [01/Jan/1970:00:00:00 +0000] "-" 400 0 "a\x22b\x5Cc" "\xC3\xA9""#
        );
    }
}
