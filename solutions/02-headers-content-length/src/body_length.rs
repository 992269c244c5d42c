//! Where does the body end? The message body length decision of
//! RFC 9112 §6.3, for requests and for responses.
//!
//! HTTP/1.1 has exactly three ways to delimit a body, and a reader must pick
//! the same one as the sender or it will read part of the next message as
//! body (or wait forever for bytes that never come):
//!
//! - a `Content-Length: n` field: the next `n` bytes;
//! - `Transfer-Encoding: chunked`: the body is a series of chunks, each with
//!   its size in front, ending with a chunk of size 0 (RFC 9112 §7.1);
//! - neither (responses only): everything until the server closes the
//!   connection.
//!
//! Some messages have no body whatever their fields say: the response to a
//! HEAD request, and 1xx, 204 and 304 responses.
//!
//! The RFC's rules, in its order (rules 1–2 are about responses and CONNECT;
//! this course sends no CONNECT, so its 2xx tunnel case is left out):
//!
//! ```text
//!  response to HEAD, or status 1xx / 204 / 304? ──yes──► Empty         (rule 1)
//!        │ no
//!  Transfer-Encoding present? ──yes──► request with Content-Length too?
//!        │ no                            yes ► error, 400, close          (rule 3)
//!        │                               no  ► final coding chunked?
//!        │                                       yes ► Chunked            (rule 4)
//!        │                                       no  ► response: UntilClose
//!        │                                             request: error, 400, close
//!  Content-Length present? ──yes──► valid? yes ► Fixed(n)                (rule 6)
//!        │ no                               no  ► error, 400, close       (rule 5)
//!  request? ──yes──► Empty                                                (rule 7)
//!        │ no
//!  UntilClose                                                             (rule 8)
//! ```
//!
//! Why is a request with both fields an error? A proxy that frames by
//! `Content-Length` and a server that frames by `Transfer-Encoding` would
//! split the same bytes into different requests: the smuggling attack of
//! RFC 9112 §11.2. A server MAY instead ignore Content-Length (RFC 9112
//! §6.1); rejecting is the safer choice, and the connection is closed either
//! way.

use std::fmt;

use crate::fields::{Headers, content_length, field_values};
use crate::head::{HeadError, RequestHead, ResponseHead};

/// How the body of a message is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// No body at all: the next message starts right after the head.
    Empty,
    /// Exactly this many bytes follow the head (`Content-Length`, possibly 0).
    Fixed(u64),
    /// A chunked body follows: decode it with [`crate::ChunkedDecoder`].
    Chunked,
    /// The body is everything until the server closes the connection
    /// (responses only); the connection cannot be reused.
    UntilClose,
}

/// Why the body length cannot be decided. A server answers with
/// [`FramingError::status_code`] and closes the connection: it does not know
/// where this request ends, so it cannot find the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FramingError {
    /// A request with both `Content-Length` and `Transfer-Encoding`
    /// (RFC 9112 §6.1, §6.3 rule 3). Server: 400.
    ContentLengthWithTransferEncoding,
    /// A request whose final transfer coding is not `chunked` (carries that
    /// final coding, empty if the field lists none): its length cannot be
    /// determined (RFC 9112 §6.3 rule 4). Server: 400.
    ChunkedNotFinal(String),
    /// A request whose transfer codings end in `chunked` but also list
    /// another coding (carries the first one, e.g. `gzip`). This crate
    /// implements only `chunked`, once; RFC 9112 §6.1: a server SHOULD answer
    /// a coding it does not understand with 501.
    UnsupportedTransferCoding(String),
    /// A `Content-Length` value that is not a decimal number (carries the
    /// value). Server: 400 (RFC 9112 §6.3 rule 5).
    InvalidContentLength(String),
    /// `Content-Length` fields with different numbers. Server: 400.
    ConflictingContentLength,
}

impl FramingError {
    /// The status code a server answers: 501 for
    /// [`FramingError::UnsupportedTransferCoding`], 400 for the others.
    pub fn status_code(&self) -> u16 {
        match self {
            FramingError::UnsupportedTransferCoding(_) => 501,
            _ => 400,
        }
    }
}

impl fmt::Display for FramingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FramingError::ContentLengthWithTransferEncoding => {
                f.write_str("request has both Content-Length and Transfer-Encoding (RFC 9112 §6.1)")
            }
            FramingError::ChunkedNotFinal(coding) => write!(
                f,
                "request's final transfer coding is {coding:?}, not chunked (RFC 9112 §6.3)"
            ),
            FramingError::UnsupportedTransferCoding(coding) => {
                write!(f, "transfer coding {coding:?} is not implemented")
            }
            FramingError::InvalidContentLength(value) => {
                write!(f, "invalid Content-Length {value:?}")
            }
            FramingError::ConflictingContentLength => {
                f.write_str("Content-Length fields with different values")
            }
        }
    }
}

impl std::error::Error for FramingError {}

/// The transfer codings listed by every `Transfer-Encoding` line, in order:
/// each value split on commas, elements trimmed of spaces and tabs, empty
/// elements dropped (RFC 9110 §5.6.1). Coding names are case-insensitive
/// (RFC 9112 §7): compare them with [`str::eq_ignore_ascii_case`].
///
/// ```
/// use lesson02_solution::{transfer_codings, Header, Headers};
///
/// let headers: Headers = [
///     Header::new("Transfer-Encoding", "gzip , "),
///     Header::new("transfer-encoding", "chunked"),
/// ]
/// .into_iter()
/// .collect();
/// assert_eq!(transfer_codings(&headers), ["gzip", "chunked"]);
/// ```
pub fn transfer_codings(headers: &Headers) -> Vec<&str> {
    field_values(headers, "transfer-encoding")
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(|coding| coding.trim_matches([' ', '\t']))
        .filter(|coding| !coding.is_empty())
        .collect()
}

/// `true` if the last transfer coding is `chunked`.
fn ends_in_chunked(codings: &[&str]) -> bool {
    codings
        .last()
        .is_some_and(|coding| coding.eq_ignore_ascii_case("chunked"))
}

/// [`content_length`] with its errors as [`FramingError`]s.
fn checked_content_length(headers: &Headers) -> Result<Option<u64>, FramingError> {
    content_length(headers).map_err(|error| match error {
        HeadError::InvalidContentLength(value) => FramingError::InvalidContentLength(value),
        // `content_length` returns no other error; a conflict is the safe reading.
        _ => FramingError::ConflictingContentLength,
    })
}

/// Decides how the body of a request is delimited (RFC 9112 §6.3).
///
/// 1. `Transfer-Encoding` together with `Content-Length` →
///    [`FramingError::ContentLengthWithTransferEncoding`] (rule 3: the
///    request-smuggling defence).
/// 2. `Transfer-Encoding` whose final coding is not `chunked` →
///    [`FramingError::ChunkedNotFinal`] (rule 4); `chunked` last but other
///    codings before it → [`FramingError::UnsupportedTransferCoding`];
///    exactly `chunked` → [`BodyLength::Chunked`].
/// 3. A valid `Content-Length: n` → [`BodyLength::Fixed`]`(n)` (rules 5–6).
/// 4. Neither field → [`BodyLength::Empty`] (rule 7: a request without
///    framing fields has no body; it is never close-delimited).
///
/// # Errors
///
/// The [`FramingError`]s above, and [`FramingError::InvalidContentLength`] /
/// [`FramingError::ConflictingContentLength`] for a bad `Content-Length`.
///
/// ```
/// use lesson02_solution::{request_body_length, BodyLength, Header, RequestHead};
///
/// let head = RequestHead {
///     method: "PUT".into(),
///     target: "/f".into(),
///     version: 1,
///     headers: [Header::new("Content-Length", "5")].into_iter().collect(),
/// };
/// assert_eq!(request_body_length(&head), Ok(BodyLength::Fixed(5)));
/// ```
pub fn request_body_length(head: &RequestHead) -> Result<BodyLength, FramingError> {
    let headers = &head.headers;
    if headers.get("transfer-encoding").is_some() {
        if headers.get("content-length").is_some() {
            return Err(FramingError::ContentLengthWithTransferEncoding);
        }
        let codings = transfer_codings(headers);
        if !ends_in_chunked(&codings) {
            let last = codings.last().copied().unwrap_or_default();
            return Err(FramingError::ChunkedNotFinal(last.to_owned()));
        }
        if let [first, _, ..] = codings[..] {
            return Err(FramingError::UnsupportedTransferCoding(first.to_owned()));
        }
        return Ok(BodyLength::Chunked);
    }
    match checked_content_length(headers)? {
        Some(length) => Ok(BodyLength::Fixed(length)),
        None => Ok(BodyLength::Empty),
    }
}

/// Decides how the body of a response is delimited (RFC 9112 §6.3).
/// `request_method` is the method of the request this response answers.
///
/// 1. The response to `HEAD`, or status 1xx, 204 or 304 →
///    [`BodyLength::Empty`], whatever the fields say (rule 1).
/// 2. `Transfer-Encoding` present: it overrides `Content-Length` (rule 3);
///    final coding `chunked` → [`BodyLength::Chunked`], otherwise
///    [`BodyLength::UntilClose`] (rule 4).
/// 3. A valid `Content-Length: n` → [`BodyLength::Fixed`]`(n)`.
/// 4. Neither → [`BodyLength::UntilClose`] (rule 8).
///
/// # Errors
///
/// [`FramingError::InvalidContentLength`] / [`FramingError::ConflictingContentLength`]
/// when rule 3 applies and `Content-Length` is bad: the client must close the
/// connection and discard the response (RFC 9112 §6.3 rule 5).
///
/// ```
/// use lesson02_solution::{response_body_length, BodyLength, Header, ResponseHead};
///
/// let head = ResponseHead {
///     version: 1,
///     status: 200,
///     reason: "OK".into(),
///     headers: [Header::new("Content-Length", "5")].into_iter().collect(),
/// };
/// assert_eq!(response_body_length("GET", &head), Ok(BodyLength::Fixed(5)));
/// assert_eq!(response_body_length("HEAD", &head), Ok(BodyLength::Empty));
/// ```
pub fn response_body_length(
    request_method: &str,
    head: &ResponseHead,
) -> Result<BodyLength, FramingError> {
    // Methods are case-sensitive (RFC 9110 §9.1): only "HEAD" is HEAD.
    if request_method == "HEAD"
        || (100..200).contains(&head.status)
        || head.status == 204
        || head.status == 304
    {
        return Ok(BodyLength::Empty);
    }
    if head.headers.get("transfer-encoding").is_some() {
        return Ok(if ends_in_chunked(&transfer_codings(&head.headers)) {
            BodyLength::Chunked
        } else {
            BodyLength::UntilClose
        });
    }
    match checked_content_length(&head.headers)? {
        Some(length) => Ok(BodyLength::Fixed(length)),
        None => Ok(BodyLength::UntilClose),
    }
}
