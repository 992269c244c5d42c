//! Incremental parsing of a message head: the start line and the header
//! fields, up to and including the empty line that ends them.
//!
//! ```text
//! HTTP/1.1 200 OK\r\n                  status line     (request: GET /path HTTP/1.1\r\n)
//! Content-Type: text/plain\r\n         field line
//! Content-Length: 5\r\n                field line
//! \r\n                                 empty line: the head ends after its \n
//! hello                                body: not part of the head
//! ```
//!
//! TCP hands a reader whatever bytes have arrived, so a buffer may hold half
//! a head, exactly one head, or a head and the start of the body. The parsers
//! here are *stateless*: give them everything received so far, and they
//! answer [`Parsed::Partial`] ("read more and call me again with the longer
//! buffer") or [`Parsed::Complete`] with the number of bytes the head used, so
//! the caller knows where the body starts. A line is judged as soon as its
//! line ending has arrived, so garbage is rejected early instead of after the
//! caller's size limit.
//!
//! Lines end with CRLF. RFC 9112 §2.2 lets a recipient also accept a bare LF,
//! and this parser does (as `httparse` does): a line ends at `\n`, and one
//! `\r` right before it is dropped. A bare CR anywhere else is invalid.
//!
//! The parser never limits the head's size: the caller does, by answering
//! 431 (server) or giving up (client) when a buffer that is still `Partial`
//! grows past its limit.

use std::fmt;

use crate::fields::{Headers, content_length, is_tchar, parse_field_line};

/// The answer of an incremental parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    /// The whole head was in the buffer.
    Complete {
        /// What was parsed.
        value: T,
        /// Bytes used, up to and including the empty line's `\n`; the body
        /// (or the next message) starts at this offset.
        consumed: usize,
    },
    /// The head is not complete yet (no error so far): read more bytes and
    /// parse the whole, longer buffer again.
    Partial,
}

/// A parsed request line and its header fields (RFC 9112 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method token, case-sensitive (`GET`, `HEAD`, `PUT`, …).
    pub method: String,
    /// The request target as sent (`/index.html`, `http://host/x`, `*`).
    pub target: String,
    /// The HTTP/1.x minor version the message is processed as: `0` for
    /// HTTP/1.0, `1` for HTTP/1.1 (and for a higher minor version such as
    /// HTTP/1.2, which RFC 9110 §6.2 says to process as 1.1).
    pub version: u8,
    /// The header fields in arrival order.
    pub headers: Headers,
}

/// A parsed status line and its header fields (RFC 9112 §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// The HTTP/1.x minor version, as in [`RequestHead::version`]: `0` or `1`.
    pub version: u8,
    /// The three-digit status code.
    pub status: u16,
    /// The reason phrase, possibly empty. A client ignores it (RFC 9112 §4).
    pub reason: String,
    /// The header fields in arrival order.
    pub headers: Headers,
}

/// Why a head was rejected. Each variant names the status a server answers
/// (see [`HeadError::status_code`]); after any of them the connection is
/// closed, because the reader no longer knows where the next message starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadError {
    /// The request line is not `method SP request-target SP HTTP-version`:
    /// a method that is not a token, an empty target or one with spaces or
    /// control bytes, doubled spaces, or a version that is not `HTTP/d.d`
    /// (RFC 9112 §3). Server: 400.
    InvalidRequestLine,
    /// The status line is not `HTTP-version SP 3DIGIT [SP reason-phrase]`
    /// (RFC 9112 §4). A client treats the response as unusable.
    InvalidStatusLine,
    /// A well-formed `HTTP/d.d` version with a major version other than 1,
    /// such as `HTTP/2.0` or `HTTP/0.9`; carries the version. Server: 505
    /// (RFC 9110 §15.6.6).
    UnsupportedVersion(String),
    /// A field line without a colon. Server: 400.
    MissingColon,
    /// A field name that is empty or holds a byte that is not a token
    /// character (RFC 9110 §5.1); carries the name. Server: 400.
    InvalidFieldName(String),
    /// Whitespace between a field name and its colon, `Host : x`.
    /// RFC 9112 §5.1: a server MUST reject it with 400.
    SpaceBeforeColon,
    /// A field line that starts with SP or HTAB: obsolete line folding
    /// (RFC 9112 §5.2), or whitespace before the first field (RFC 9112 §2.2).
    /// Server: 400.
    ObsFold,
    /// A control byte (CR, NUL, DEL, …) in a field value (RFC 9110 §5.5);
    /// carries the field name. Server: 400.
    InvalidFieldValue(String),
    /// A `Content-Length` that is not `1*DIGIT` fitting a `u64`; carries the
    /// field value. Server: 400 (RFC 9112 §6.3 rule 5).
    InvalidContentLength(String),
    /// `Content-Length` fields with different numbers (RFC 9110 §8.6).
    /// Server: 400 (RFC 9112 §6.3 rule 5).
    ConflictingContentLength,
}

impl HeadError {
    /// The status code a server answers to a request with this error: 505 for
    /// an unsupported version, 400 for everything else. (A head that is too
    /// large is the caller's decision: 431.)
    pub fn status_code(&self) -> u16 {
        match self {
            HeadError::UnsupportedVersion(_) => 505,
            _ => 400,
        }
    }
}

impl fmt::Display for HeadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeadError::InvalidRequestLine => {
                f.write_str("malformed request line (expected `METHOD SP target SP HTTP/1.x`)")
            }
            HeadError::InvalidStatusLine => {
                f.write_str("malformed status line (expected `HTTP/1.x SP 3DIGIT SP reason`)")
            }
            HeadError::UnsupportedVersion(version) => {
                write!(f, "unsupported HTTP version {version:?} (only HTTP/1.0 and HTTP/1.1)")
            }
            HeadError::MissingColon => f.write_str("header field line without a colon"),
            HeadError::InvalidFieldName(name) => {
                write!(f, "invalid header field name {name:?} (must be a token)")
            }
            HeadError::SpaceBeforeColon => f.write_str(
                "whitespace between a header field name and the colon (RFC 9112 §5.1)",
            ),
            HeadError::ObsFold => f.write_str(
                "a header line starts with whitespace: obsolete line folding is rejected (RFC 9112 §5.2)",
            ),
            HeadError::InvalidFieldValue(name) => {
                write!(f, "control byte in the value of header field {name:?}")
            }
            HeadError::InvalidContentLength(value) => {
                write!(f, "invalid Content-Length {value:?} (expected decimal digits)")
            }
            HeadError::ConflictingContentLength => {
                f.write_str("Content-Length fields with different values")
            }
        }
    }
}

impl std::error::Error for HeadError {}

/// Finds the first complete line in `buf`.
///
/// A line ends at `\n`; one `\r` right before it is part of the line ending
/// (RFC 9112 §2.2 allows a recipient to accept a bare LF).
///
/// # Returns
///
/// `Some((line, used))`: the line without its ending, and the number of bytes
/// up to and including the `\n`. `None` if `buf` holds no `\n` yet.
///
/// ```
/// use lesson02_solution::next_line;
///
/// assert_eq!(next_line(b"Host: a\r\nrest"), Some((&b"Host: a"[..], 9)));
/// assert_eq!(next_line(b"\nrest"), Some((&b""[..], 1)));
/// assert_eq!(next_line(b"Host: a\r"), None);
/// ```
pub fn next_line(buf: &[u8]) -> Option<(&[u8], usize)> {
    let newline = buf.iter().position(|&b| b == b'\n')?;
    let line = &buf[..newline];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Some((line, newline + 1))
}

/// Parses a request head (request line and header fields) from the start of
/// `buf`, which holds every byte received so far.
///
/// The request line is `method SP request-target SP HTTP-version` with
/// exactly one space between the parts (RFC 9112 §3): the method is a token
/// (bytes that pass [`is_tchar`]), the target is non-empty
/// visible ASCII (0x21–0x7E), and the version is `HTTP/1.0` (→ 0) or
/// `HTTP/1.1` (→ 1); a higher minor version such as `HTTP/1.2` is processed
/// as 1.1 (→ 1, RFC 9110 §6.2). `HTTP/d.d` with another major version is
/// [`HeadError::UnsupportedVersion`]; anything else wrong in the line is
/// [`HeadError::InvalidRequestLine`].
/// Each field line is parsed with [`parse_field_line`].
///
/// Empty lines before the request line are skipped (RFC 9112 §2.2: a server
/// SHOULD ignore at least one). Each line is judged once its line ending has
/// arrived; the `Content-Length` fields are checked with
/// [`content_length`] once the whole head is there.
///
/// # Errors
///
/// A [`HeadError`] as soon as a complete line is invalid, or after the empty
/// line if `Content-Length` is invalid or conflicting.
///
/// # Returns
///
/// [`Parsed::Partial`] while the empty line that ends the head has not
/// arrived; [`Parsed::Complete`] with the head and the number of bytes it used
/// (body bytes after it are not counted).
///
/// ```
/// use lesson02_solution::{parse_request_head, Parsed};
///
/// let buf = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
/// assert_eq!(parse_request_head(&buf[..20]), Ok(Parsed::Partial));
/// let Ok(Parsed::Complete { value, consumed }) = parse_request_head(buf) else { panic!() };
/// assert_eq!((value.method.as_str(), value.target.as_str(), value.version), ("GET", "/index.html", 1));
/// assert_eq!(value.headers.get("host"), Some("example.com"));
/// assert_eq!(consumed, buf.len());
/// ```
pub fn parse_request_head(buf: &[u8]) -> Result<Parsed<RequestHead>, HeadError> {
    let Some((line, start_end)) = start_line(buf) else {
        return Ok(Parsed::Partial);
    };
    let (method, target, version) = parse_request_line(line)?;
    let Some((headers, fields_len)) = parse_fields(&buf[start_end..])? else {
        return Ok(Parsed::Partial);
    };
    content_length(&headers)?;
    Ok(Parsed::Complete {
        value: RequestHead {
            method,
            target,
            version,
            headers,
        },
        consumed: start_end + fields_len,
    })
}

/// Parses a response head (status line and header fields) from the start of
/// `buf`, which holds every byte received so far.
///
/// Works like [`parse_request_head`] (empty lines before the start line
/// skipped, lines judged as they complete, `Content-Length` checked at the
/// end), with a status line instead of a request line:
/// `HTTP-version SP status-code [SP reason-phrase]` (RFC 9112 §4). The
/// version is read as for requests; the status is exactly three digits, any
/// three (RFC 9110 §15: a client treats an unknown one like x00 of its class,
/// or like 500 when out of range); then the line ends, or one space and a
/// reason phrase follow: SP, HTAB, visible ASCII and obs-text, possibly
/// empty (`HTTP/1.1 204\r\n` and `HTTP/1.1 204 \r\n` are both fine).
/// Anything else wrong in the line is [`HeadError::InvalidStatusLine`].
///
/// # Errors
///
/// A [`HeadError`] as soon as a complete line is invalid, or after the empty
/// line if `Content-Length` is invalid or conflicting.
///
/// # Returns
///
/// [`Parsed::Partial`] until the empty line; then [`Parsed::Complete`] with
/// the head and the number of bytes it used.
///
/// ```
/// use lesson02_solution::{parse_response_head, Parsed};
///
/// let buf = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
/// let Ok(Parsed::Complete { value, consumed }) = parse_response_head(buf) else { panic!() };
/// assert_eq!((value.status, value.reason.as_str()), (404, "Not Found"));
/// assert_eq!(consumed, buf.len());
/// ```
pub fn parse_response_head(buf: &[u8]) -> Result<Parsed<ResponseHead>, HeadError> {
    let Some((line, start_end)) = start_line(buf) else {
        return Ok(Parsed::Partial);
    };
    let (version, status, reason) = parse_status_line(line)?;
    let Some((headers, fields_len)) = parse_fields(&buf[start_end..])? else {
        return Ok(Parsed::Partial);
    };
    content_length(&headers)?;
    Ok(Parsed::Complete {
        value: ResponseHead {
            version,
            status,
            reason,
            headers,
        },
        consumed: start_end + fields_len,
    })
}

/// The first non-empty line and the offset just after it, skipping empty
/// lines before it; `None` until such a line is complete.
fn start_line(buf: &[u8]) -> Option<(&[u8], usize)> {
    let mut pos = 0;
    loop {
        let (line, used) = next_line(&buf[pos..])?;
        pos += used;
        if !line.is_empty() {
            return Some((line, pos));
        }
    }
}

/// Field lines up to and including the empty line: `Ok(None)` while that
/// empty line has not arrived, else the fields and the bytes they used.
fn parse_fields(buf: &[u8]) -> Result<Option<(Headers, usize)>, HeadError> {
    let mut headers = Headers::new();
    let mut pos = 0;
    while let Some((line, used)) = next_line(&buf[pos..]) {
        pos += used;
        if line.is_empty() {
            return Ok(Some((headers, pos)));
        }
        headers.push(parse_field_line(line)?);
    }
    Ok(None)
}

/// `method SP request-target SP HTTP-version` (RFC 9112 §3), exactly one
/// space between the parts.
fn parse_request_line(line: &[u8]) -> Result<(String, String, u8), HeadError> {
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::InvalidRequestLine);
    };
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err(HeadError::InvalidRequestLine);
    }
    // Request targets are ASCII without spaces or controls (RFC 9112 §3.2,
    // RFC 3986); anything else would have to be percent-encoded.
    if target.is_empty() || !target.iter().all(u8::is_ascii_graphic) {
        return Err(HeadError::InvalidRequestLine);
    }
    let version = parse_version(version, HeadError::InvalidRequestLine)?;
    // Both parts are ASCII, checked above.
    let method = String::from_utf8_lossy(method).into_owned();
    let target = String::from_utf8_lossy(target).into_owned();
    Ok((method, target, version))
}

/// `HTTP-version SP status-code [SP reason-phrase]` (RFC 9112 §4).
///
/// The grammar asks for the space after the code even when the reason is
/// empty, but senders omit it; like most clients this accepts both.
fn parse_status_line(line: &[u8]) -> Result<(u8, u16, String), HeadError> {
    let space = line
        .iter()
        .position(|&b| b == b' ')
        .ok_or(HeadError::InvalidStatusLine)?;
    let version = parse_version(&line[..space], HeadError::InvalidStatusLine)?;
    let (code, reason) = match line[space + 1..].split_at_checked(3) {
        Some((code, [])) => (code, &[][..]),
        Some((code, [b' ', reason @ ..])) => (code, reason),
        _ => return Err(HeadError::InvalidStatusLine),
    };
    if !code.iter().all(u8::is_ascii_digit) {
        return Err(HeadError::InvalidStatusLine);
    }
    let status = code
        .iter()
        .fold(0u16, |acc, digit| acc * 10 + u16::from(digit - b'0'));
    // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
    if !reason
        .iter()
        .all(|&b| matches!(b, b'\t' | b' '..=b'~' | 0x80..=0xFF))
    {
        return Err(HeadError::InvalidStatusLine);
    }
    Ok((
        version,
        status,
        String::from_utf8_lossy(reason).into_owned(),
    ))
}

/// `HTTP-version = "HTTP" "/" DIGIT "." DIGIT` (RFC 9112 §2.3; the name is
/// case-sensitive). `HTTP/1.0` → 0; `HTTP/1.1` and higher minor versions → 1
/// (RFC 9110 §6.2: process them as the highest minor version implemented).
/// Another major version is [`HeadError::UnsupportedVersion`]; anything that
/// does not match the grammar is `malformed`.
fn parse_version(version: &[u8], malformed: HeadError) -> Result<u8, HeadError> {
    match version {
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            match (major, minor) {
                (b'1', b'0') => Ok(0),
                (b'1', _) => Ok(1),
                _ => Err(HeadError::UnsupportedVersion(
                    String::from_utf8_lossy(version).into_owned(),
                )),
            }
        }
        _ => Err(malformed),
    }
}
