//! HTTP/1.1 framing: where a message's head and body end.
//!
//! Both halves of the grader read HTTP/1.1 off a socket – the raw client
//! reads `quest serve`'s responses, the scripted peer reads `quest get`'s
//! requests – and neither may trust the program under test to frame its
//! messages correctly, since that is what is being graded. So both use the
//! rules here, written once from RFC 9112 and judged by `httparse`, a
//! parser nobody in the course wrote:
//!
//! * the head ends at the empty line ([`parse_response_head`],
//!   [`request_len`]);
//! * the body length follows RFC 9112 §6.3 step by step ([`framing`] for a
//!   response, [`request_len`] for a request, both on [`body_length`]);
//! * a chunked body ends after its last chunk and trailer section
//!   ([`decode_chunked`], RFC 9112 §7.1).
//!
//! Every function is pure – bytes in, a decision out – and says "not yet"
//! (`Ok(None)`) while the message is incomplete, so the socket code around
//! it decides how long to wait. What cannot be framed is a [`Malformed`]
//! naming the rule that was broken.

use std::fmt;

use crate::wire::preview::escape;

/// How many header fields a head may have before it counts as malformed.
const MAX_HEADERS: usize = 100;

/// A message that cannot be framed, and why: the rule it breaks, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Malformed {}

/// A response head, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// Its length in bytes, including the empty line.
    pub len: usize,
    /// The minor version: 1 for `HTTP/1.1`.
    pub version: u8,
    /// The status code.
    pub status: u16,
    /// The reason phrase (may be empty).
    pub reason: String,
    /// The header fields in order, names as sent.
    pub headers: Vec<(String, Vec<u8>)>,
}

/// Parses a response head with `httparse`: `Ok(None)` while it is incomplete.
pub fn parse_response_head(bytes: &[u8]) -> Result<Option<ResponseHead>, Malformed> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut fields);
    match response.parse(bytes) {
        Ok(httparse::Status::Partial) => Ok(None),
        Ok(httparse::Status::Complete(len)) => Ok(Some(ResponseHead {
            len,
            version: response.version.unwrap_or_default(),
            status: response.code.unwrap_or_default(),
            reason: response.reason.unwrap_or_default().to_owned(),
            headers: response
                .headers
                .iter()
                .map(|field| (field.name.to_owned(), field.value.to_vec()))
                .collect(),
        })),
        Err(error) => Err(Malformed(format!(
            "the response head does not parse ({error})"
        ))),
    }
}

/// How the end of a response body is found (RFC 9112 §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body at all (HEAD, 1xx, 204, 304).
    NoBody,
    /// Exactly this many bytes.
    Length(usize),
    /// A chunked body, up to its last chunk and trailer section.
    Chunked,
    /// Everything until the server closes the connection.
    UntilClose,
}

/// How the body of the response `head` ends, when it answers a `HEAD`
/// request (`for_head`) or not (RFC 9112 §6.3, items 1 to 7).
///
/// # Errors
///
/// An invalid or ambiguous `Content-Length`.
pub fn framing(head: &ResponseHead, for_head: bool) -> Result<Framing, Malformed> {
    if for_head || (100..200).contains(&head.status) || head.status == 204 || head.status == 304 {
        return Ok(Framing::NoBody);
    }
    let fields: Vec<(&str, &[u8])> = head
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_slice()))
        .collect();
    Ok(match body_length(&fields)? {
        BodyLength::Chunked => Framing::Chunked,
        BodyLength::Length(length) => Framing::Length(length),
        // A response without a length ends when the connection does.
        BodyLength::CodedWithoutChunked | BodyLength::Unspecified => Framing::UntilClose,
    })
}

/// What the header fields of a message say about its body length
/// (RFC 9112 §6.3, items 3 to 7). What the absence of a length means
/// differs: a request has no body, a response runs until the close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// `Transfer-Encoding` with `chunked` as the last coding.
    Chunked,
    /// `Transfer-Encoding` whose last coding is not `chunked`.
    CodedWithoutChunked,
    /// A valid `Content-Length` (and no `Transfer-Encoding`).
    Length(usize),
    /// Neither field.
    Unspecified,
}

/// Reads the framing fields among `fields` (name, value).
///
/// `Transfer-Encoding` overrides `Content-Length` (§6.3 item 3). Repeated
/// `Content-Length` fields or a list of one number are allowed (RFC 9110
/// §8.6); differing or invalid values are an unrecoverable error (§6.3
/// item 5).
///
/// # Errors
///
/// Differing or invalid `Content-Length` values.
pub fn body_length(fields: &[(&str, &[u8])]) -> Result<BodyLength, Malformed> {
    let values = |name: &str| -> Vec<&[u8]> {
        fields
            .iter()
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
            .collect()
    };
    let codings = values("transfer-encoding");
    if !codings.is_empty() {
        let last = codings
            .iter()
            .flat_map(|value| value.split(|&b| b == b','))
            .map(<[u8]>::trim_ascii)
            .next_back()
            .unwrap_or_default();
        return Ok(if last.eq_ignore_ascii_case(b"chunked") {
            BodyLength::Chunked
        } else {
            BodyLength::CodedWithoutChunked
        });
    }
    let mut length = None;
    for element in values("content-length")
        .iter()
        .flat_map(|value| value.split(|&b| b == b','))
    {
        let element = element.trim_ascii();
        let parsed = Some(element)
            .filter(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| digits.parse::<usize>().ok());
        match (parsed, length) {
            (None, _) => {
                return Err(Malformed(format!(
                    "invalid Content-Length \"{}\"",
                    escape(element)
                )));
            }
            (Some(new), Some(old)) if new != old => {
                return Err(Malformed(format!(
                    "conflicting Content-Length values {old} and {new}"
                )));
            }
            (Some(new), _) => length = Some(new),
        }
    }
    Ok(length.map_or(BodyLength::Unspecified, BodyLength::Length))
}

/// A whole chunked body (RFC 9112 §7.1), decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunked {
    /// How many bytes of the input it took, up to and including the empty
    /// line after the trailer section.
    pub len: usize,
    /// The chunk data, joined.
    pub body: Vec<u8>,
}

/// Decodes a chunked body at the start of `bytes`: `Ok(None)` while it is
/// incomplete.
///
/// ```text
/// chunked-body = *chunk last-chunk trailer-section CRLF
/// chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
/// ```
///
/// `httparse::parse_chunk_size` reads each size line (and skips extensions);
/// trailer fields are skipped line by line.
///
/// # Errors
///
/// A size line that does not parse, a size too large to address, or chunk
/// data not followed by CRLF.
pub fn decode_chunked(bytes: &[u8]) -> Result<Option<Chunked>, Malformed> {
    let mut at = 0;
    let mut body = Vec::new();
    loop {
        let (line, size) = match httparse::parse_chunk_size(&bytes[at..]) {
            Ok(httparse::Status::Complete(found)) => found,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(_) => {
                return Err(Malformed(format!(
                    "invalid chunk-size line at byte {at} of the chunked body"
                )));
            }
        };
        at += line;
        if size == 0 {
            break;
        }
        let end = usize::try_from(size)
            .ok()
            .and_then(|size| at.checked_add(size))
            .filter(|end| end.checked_add(2).is_some())
            .ok_or_else(|| Malformed(format!("chunk size {size} is too large")))?;
        match bytes.get(end..end + 2) {
            None => return Ok(None),
            Some(b"\r\n") => {}
            Some(_) => {
                return Err(Malformed(format!(
                    "chunk data of {size} bytes is not followed by CRLF"
                )));
            }
        }
        body.extend_from_slice(&bytes[at..end]);
        at = end + 2;
    }
    loop {
        let Some(eol) = bytes[at..].windows(2).position(|pair| pair == b"\r\n") else {
            return Ok(None);
        };
        at += eol + 2;
        if eol == 0 {
            return Ok(Some(Chunked { len: at, body }));
        }
    }
}

/// The length of the whole request at the start of `bytes`, or `None`
/// while it is incomplete (RFC 9112 §6.3 for requests: chunked, a
/// `Content-Length`, or no body at all).
///
/// # Errors
///
/// A head that does not parse, or a body whose length cannot be known.
pub fn request_len(bytes: &[u8]) -> Result<Option<usize>, Malformed> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut fields);
    let head = match request.parse(bytes) {
        Ok(httparse::Status::Complete(head)) => head,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(error) => return Err(Malformed(format!("the head does not parse ({error})"))),
    };
    let named: Vec<(&str, &[u8])> = request
        .headers
        .iter()
        .map(|field| (field.name, field.value))
        .collect();
    match body_length(&named)? {
        BodyLength::Unspecified => Ok(Some(head)),
        BodyLength::Length(length) => {
            let end = head.saturating_add(length);
            Ok((bytes.len() >= end).then_some(end))
        }
        BodyLength::Chunked => Ok(decode_chunked(&bytes[head..])?.map(|chunked| head + chunked.len)),
        BodyLength::CodedWithoutChunked => Err(Malformed(
            "Transfer-Encoding does not end in chunked, so the body length is unknown (RFC 9112 §6.3)"
                .to_owned(),
        )),
    }
}

/// A request head, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target, e.g. `/index.html`.
    pub target: String,
    /// The minor version: 1 for `HTTP/1.1`.
    pub version: u8,
    /// The header fields in order, names as sent.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The length of the head in bytes, including the empty line.
    pub len: usize,
}

impl RequestHead {
    /// The value of the first field named `name` (case-insensitive, RFC
    /// 9110 §5.1), if it is UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .find_map(|(_, value)| std::str::from_utf8(value).ok())
    }
}

/// Parses the request head at the start of `bytes` with `httparse`.
///
/// # Errors
///
/// The head is incomplete or does not parse.
pub fn parse_request_head(bytes: &[u8]) -> Result<RequestHead, Malformed> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut fields);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => Ok(RequestHead {
            method: request.method.unwrap_or_default().to_owned(),
            target: request.path.unwrap_or_default().to_owned(),
            version: request.version.unwrap_or_default(),
            headers: request
                .headers
                .iter()
                .map(|field| (field.name.to_owned(), field.value.to_vec()))
                .collect(),
            len,
        }),
        Ok(httparse::Status::Partial) => {
            Err(Malformed("the request head is incomplete".to_owned()))
        }
        Err(error) => Err(Malformed(format!(
            "the request head does not parse ({error})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_chunked_waits_for_the_end_and_rejects_bad_framing() {
        assert_eq!(decode_chunked(b"5\r\nhel"), Ok(None));
        assert_eq!(decode_chunked(b"0\r\n"), Ok(None));
        assert_eq!(
            decode_chunked(b"2\r\nhi\r\n0\r\n\r\nNEXT"),
            Ok(Some(Chunked {
                len: 12,
                body: b"hi".to_vec()
            }))
        );
        assert!(decode_chunked(b"2\r\nhiXX").is_err());
        assert!(decode_chunked(b"zz\r\n").is_err());
    }

    #[test]
    fn request_len_frames_requests_by_length_chunks_or_nothing() {
        assert_eq!(request_len(b"GET / HTTP/1.1\r\nHost: x\r\n"), Ok(None));
        assert_eq!(request_len(b"GET / HTTP/1.1\r\n\r\nNEXT"), Ok(Some(18)));
        let put = b"PUT /f HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi";
        assert_eq!(request_len(&put[..put.len() - 1]), Ok(None));
        assert_eq!(request_len(put), Ok(Some(put.len())));
        let chunked = b"PUT /f HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n";
        assert_eq!(request_len(chunked), Ok(Some(chunked.len())));
        assert!(request_len(b"PUT /f HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").is_err());
    }

    #[test]
    fn content_length_must_be_one_number() {
        let one = [("Content-Length", &b"5, 5"[..])];
        assert_eq!(body_length(&one), Ok(BodyLength::Length(5)));
        let two = [("content-length", &b"5"[..]), ("Content-Length", &b"6"[..])];
        assert!(body_length(&two).is_err());
        let signed = [("Content-Length", &b"+5"[..])];
        assert!(body_length(&signed).is_err());
        let chunked = [
            ("Content-Length", &b"5"[..]),
            ("Transfer-Encoding", &b"gzip, chunked"[..]),
        ];
        assert_eq!(body_length(&chunked), Ok(BodyLength::Chunked));
    }
}
