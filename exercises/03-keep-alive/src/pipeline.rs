//! Splitting a byte stream into pipelined messages, in order.
//!
//! On a persistent connection, messages follow each other with nothing in
//! between: the first byte after one message's body is the first byte of the
//! next message's start line. A client may even *pipeline*: send several
//! requests without waiting for the responses (RFC 9112 §9.3.2). So one
//! `read` can return two whole requests and the beginning of a third:
//!
//! ```text
//!  GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nGET /c HT
//!  └──────────── message 1 ───────┘└──────────── message 2 ───────┘└─ rest ──┘
//! ```
//!
//! [`split_messages`] finds every whole message at the front of the buffer
//! and leaves the rest for the next read. The end of each message comes from
//! its head: the head ends at the empty line ([`head_end`]), and the body is
//! `Content-Length` bytes long, or empty when there is no `Content-Length`
//! ([`content_length_of`]). That is the whole RFC 9112 §6.3 decision for a
//! request without `Transfer-Encoding`; lesson 2 has the full one (chunked
//! bodies, responses that have no body or end at close). This module keeps to
//! the simple case so it does not depend on lesson 2's parser.
//!
//! The order of the messages is the one thing a pipelined connection has to
//! go by. "HTTP/1.1 does not include a request identifier for associating a
//! given request message with its corresponding one or more response
//! messages" (RFC 9112 §9.2): the first response answers the first request,
//! the second the second. So a server "MUST send the corresponding responses
//! in the same order that the requests were received" (RFC 9112 §9.3.2).
//! [`Split::messages`] keeps that order.

use std::fmt;

/// The whole messages at the front of a buffer, and what follows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// Each whole message (head and body), in the order of the buffer.
    pub messages: Vec<&'a [u8]>,
    /// The bytes after the last whole message: the start of the next one
    /// (possibly empty). Keep them and append the next read to them.
    pub rest: &'a [u8],
}

/// Why a buffer cannot be split: the end of a message cannot be found, so
/// nothing after it can be found either. The reader answers 400 (a server)
/// or gives up (a client), and closes the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// A `Content-Length` value that is not a decimal number that fits a
    /// `usize` (carries the value), or two different values.
    InvalidContentLength(String),
    /// The head has a `Transfer-Encoding` field: the body is chunked, which
    /// this simple splitter does not decode (lesson 2 does).
    TransferEncodingNotSupported,
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::InvalidContentLength(value) => {
                write!(f, "invalid Content-Length {value:?}")
            }
            SplitError::TransferEncodingNotSupported => {
                f.write_str("Transfer-Encoding is not supported by this splitter")
            }
        }
    }
}

impl std::error::Error for SplitError {}

/// The length of the head at the start of `buf`: the index just after the
/// first `\r\n\r\n` (the end of the last field line and the empty line), or
/// `None` when the buffer holds no whole head yet. This simple reader knows
/// only CRLF line ends.
///
/// ```text
/// head_end(b"GET / HTTP/1.1\r\n\r\nGET")        → Some(18)
/// head_end(b"GET / HTTP/1.1\r\nHost: a\r\n")    → None
/// ```
pub fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map(|start| start + 4)
}

/// The body length a head announces: its `Content-Length` (name compared
/// ignoring ASCII case, value trimmed of spaces and tabs), or 0 when it has
/// none. `head` is the head only, as [`head_end`] delimits it.
///
/// # Errors
///
/// - [`SplitError::InvalidContentLength`] for a value that is not all
///   digits, does not fit a `usize`, or differs from an earlier
///   `Content-Length` line (identical duplicates are fine, RFC 9110 §8.6);
/// - [`SplitError::TransferEncodingNotSupported`] when the head has a
///   `Transfer-Encoding` field.
///
/// ```text
/// content_length_of(b"PUT /f HTTP/1.1\r\nHost: a\r\ncontent-length: 5\r\n\r\n") → Ok(5)
/// content_length_of(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")                      → Ok(0)
/// ```
pub fn content_length_of(head: &[u8]) -> Result<usize, SplitError> {
    let mut length: Option<usize> = None;
    // Skip the start line; every other non-empty line is a field line.
    for line in head.split(|&byte| byte == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&byte| byte == b':') else {
            continue;
        };
        let name = &line[..colon];
        let value = String::from_utf8_lossy(&line[colon + 1..]);
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case(b"transfer-encoding") {
            return Err(SplitError::TransferEncodingNotSupported);
        }
        if !name.eq_ignore_ascii_case(b"content-length") {
            continue;
        }
        let invalid = || SplitError::InvalidContentLength(value.to_string());
        if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(invalid());
        }
        let parsed: usize = value.parse().map_err(|_| invalid())?;
        match length {
            Some(earlier) if earlier != parsed => return Err(invalid()),
            _ => length = Some(parsed),
        }
    }
    Ok(length.unwrap_or(0))
}

/// Cuts the whole messages off the front of `buf`, in order, and returns
/// them with the bytes that follow them.
///
/// A message is its head (up to and including the empty line, see
/// [`head_end`]) followed by [`content_length_of`]`(head)` body bytes. Walk
/// the buffer from the start: while a whole head *and* its whole body are
/// there, take that message and continue right after it. Stop at the first
/// message that is not complete; everything from its first byte on is
/// [`Split::rest`]. A `Content-Length` may be as large as `usize::MAX`:
/// head length plus body length must not overflow (such a message is simply
/// not complete yet).
///
/// # Errors
///
/// The first [`SplitError`] returned by [`content_length_of`] for a head in
/// the buffer. The messages before it are not returned: the connection is
/// beyond repair and will be closed.
///
/// ```text
/// "GET /a HTTP/1.1\r\n\r\nPUT /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /c"
///   → Ok(Split {
///         messages: ["GET /a HTTP/1.1\r\n\r\n",
///                    "PUT /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"],
///         rest: "GET /c",
///     })
/// ""                                                → Ok(Split { messages: [], rest: "" })
/// "PUT /x HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc"   → Ok(Split { messages: [], rest: all of it })
/// "PUT /x HTTP/1.1\r\nContent-Length: x\r\n\r\n"      → Err(InvalidContentLength("x"))
/// ```
pub fn split_messages(buf: &[u8]) -> Result<Split<'_>, SplitError> {
    todo!(
        "lesson 03: split_messages({:?})",
        String::from_utf8_lossy(buf)
    )
}
