//! An incremental decoder for the chunked transfer coding (RFC 9112 §7.1).
//!
//! ```text
//! chunked-body = *chunk last-chunk trailer-section CRLF
//! chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//! chunk-size   = 1*HEXDIG
//! last-chunk   = 1*("0") [ chunk-ext ] CRLF
//! trailer-section = *( field-line CRLF )
//! ```
//!
//! On the wire, the body `hello world` sent as two chunks:
//!
//! ```text
//! 5\r\nhello\r\n          chunk: size 5 (hex), 5 data bytes, CRLF
//! 6;lang=en\r\n world\r\n chunk: size 6 with an extension (ignored)
//! 0\r\n                   last chunk: size 0
//! Expires: never\r\n      trailer field (optional)
//! \r\n                    empty line: the message ends here
//! ```
//!
//! Bytes arrive in pieces of any size, so the decoder is a state machine
//! that remembers where it stopped: in the middle of a size line, in the
//! middle of a chunk's data, between the data and its CRLF, or in the
//! trailers. Each call to [`ChunkedDecoder::decode`] continues from there.
//!
//! Framing lines must end with CRLF here; a bare LF is refused. Parsers that
//! disagree about bare LF or CR in chunk lines are exactly what request
//! smuggling feeds on, and senders have no excuse to send anything but CRLF.
//!
//! Limits protect a server from a peer that sends without end: the decoded
//! body may not exceed `max_body` bytes (checked against each chunk's
//! *announced* size, before its data is read), and a size line or trailer
//! line may not exceed [`MAX_LINE_LEN`] bytes.

use std::fmt;

use crate::fields::Headers;
use crate::head::HeadError;

/// The longest chunk-size line (with extensions) or trailer line accepted,
/// line ending included.
pub const MAX_LINE_LEN: usize = 4096;

/// Decodes one chunked body, fed in pieces. See the [module docs](self).
// The fields and states are given; `decode` (your code) reads and changes
// them. Until it does, the compiler would call them unused: remove this
// `allow` when you are done, and no warning should appear.
#[allow(dead_code)]
#[derive(Debug)]
pub struct ChunkedDecoder {
    /// Where in the chunked body the next input byte belongs.
    state: State,
    /// The part of a size line or trailer line received so far.
    line: Vec<u8>,
    /// Body bytes announced by the chunk sizes so far.
    body_len: u64,
    /// The largest body accepted.
    max_body: u64,
    /// The trailer fields received after the last chunk.
    trailers: Headers,
}

/// The states of [`ChunkedDecoder`]:
///
/// ```text
///          ┌──────────────────── size > 0 ─────────────────────┐
///          │                                                   ▼
///  ──► SizeLine ◄── LF ── DataLf ◄── CR ── DataCr ◄── 0 left ── Data(n)
///          │
///          └── size 0 ──► Trailers ── empty line ──► Done
/// ```
#[allow(dead_code)] // see ChunkedDecoder: remove it once `decode` uses every state
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading a `chunk-size [chunk-ext] CRLF` line into `line`.
    SizeLine,
    /// Copying chunk data; this many bytes of the chunk are still to come.
    Data(u64),
    /// The chunk's data is complete; the CR of its CRLF comes next.
    DataCr,
    /// The LF of the CRLF after the chunk data comes next.
    DataLf,
    /// After the last chunk: reading trailer lines into `line` until an empty one.
    Trailers,
    /// The final CRLF has been read; the body is complete.
    Done,
}

/// Why a chunked body was rejected. The decoder cannot continue afterwards:
/// a server answers [`ChunkedError::status_code`] and closes the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkedError {
    /// A chunk-size line that does not start with hex digits, or has
    /// something other than a `;` extension after them (carries the line).
    /// Server: 400.
    InvalidChunkSize(String),
    /// A chunk size too big for a `u64` (more than 16 significant hex
    /// digits). Server: 400.
    ChunkSizeOverflow,
    /// The chunks announce more than `limit` body bytes. Server: 413.
    BodyTooLarge {
        /// The `max_body` the decoder was created with.
        limit: u64,
    },
    /// Chunk data not followed by CRLF, or a line ended by a bare LF.
    /// Server: 400.
    MissingCrlf,
    /// A size line or trailer line longer than [`MAX_LINE_LEN`]. Server: 400.
    LineTooLong,
    /// A trailer line that is not a valid field line. Server: 400.
    InvalidTrailer(HeadError),
}

impl ChunkedError {
    /// The status code a server answers: 413 for
    /// [`ChunkedError::BodyTooLarge`], 400 for the others.
    pub fn status_code(&self) -> u16 {
        match self {
            ChunkedError::BodyTooLarge { .. } => 413,
            _ => 400,
        }
    }
}

impl fmt::Display for ChunkedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkedError::InvalidChunkSize(line) => {
                write!(f, "invalid chunk-size line {line:?} (expected hex digits)")
            }
            ChunkedError::ChunkSizeOverflow => f.write_str("chunk size does not fit in 64 bits"),
            ChunkedError::BodyTooLarge { limit } => {
                write!(f, "chunked body larger than the limit of {limit} bytes")
            }
            ChunkedError::MissingCrlf => f.write_str("expected CRLF in the chunked body"),
            ChunkedError::LineTooLong => write!(
                f,
                "chunk-size or trailer line longer than {MAX_LINE_LEN} bytes"
            ),
            ChunkedError::InvalidTrailer(error) => write!(f, "invalid trailer field: {error}"),
        }
    }
}

impl std::error::Error for ChunkedError {}

impl ChunkedDecoder {
    /// A decoder at the start of a chunked body that accepts at most
    /// `max_body` decoded bytes.
    pub fn new(max_body: u64) -> Self {
        ChunkedDecoder {
            state: State::SizeLine,
            line: Vec::new(),
            body_len: 0,
            max_body,
            trailers: Headers::new(),
        }
    }

    /// `true` once the last chunk, the trailers and the final CRLF have been
    /// read: the body is complete.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// The trailer fields, complete once [`ChunkedDecoder::is_done`].
    pub fn trailers(&self) -> &Headers {
        &self.trailers
    }

    /// Feeds the next bytes of the chunked body; appends the decoded body
    /// bytes to `out`.
    ///
    /// Partial lines are kept inside the decoder, so every input byte is used
    /// unless the body ends inside `input`: then decoding stops right after
    /// the final CRLF and the bytes after it (the next pipelined message)
    /// stay with the caller. Once done, further calls use nothing.
    /// Chunk extensions are ignored; trailer fields are collected
    /// ([`ChunkedDecoder::trailers`]).
    ///
    /// The rules, each with its error:
    ///
    /// - a size line is hex digits, then nothing or (after optional spaces or
    ///   tabs) `;` extensions without control bytes, then CRLF; anything else
    ///   is [`ChunkedError::InvalidChunkSize`] carrying the line without its
    ///   CRLF; a size that does not fit a `u64` is
    ///   [`ChunkedError::ChunkSizeOverflow`];
    /// - the sizes announced so far may add up to at most `max_body`, checked
    ///   as soon as a size line is complete: [`ChunkedError::BodyTooLarge`];
    /// - every line, and every chunk's data, ends with CRLF; a bare LF or any
    ///   other byte there is [`ChunkedError::MissingCrlf`];
    /// - a size or trailer line longer than [`MAX_LINE_LEN`] bytes (CRLF
    ///   included) is [`ChunkedError::LineTooLong`], as soon as the part
    ///   received is too long;
    /// - trailer lines are field lines (`parse_field_line`); an invalid one is
    ///   [`ChunkedError::InvalidTrailer`] carrying that error.
    ///
    /// # Errors
    ///
    /// A [`ChunkedError`]; the decoder is then unusable and the connection
    /// must be closed.
    ///
    /// # Returns
    ///
    /// How many bytes of `input` were used: `input.len()`, or fewer when the
    /// body ended.
    ///
    /// ```text
    /// decoder = ChunkedDecoder::new(1024)
    /// decode(b"5\r\nhel", out)           → Ok(6)    out = "hel"         (line and data kept going)
    /// decode(b"lo\r\n0\r\n\r\nGET /", out) → Ok(9)    out = "hello"       is_done() = true
    ///                                                 (the 5 bytes "GET /" are the caller's)
    /// decode(b"3\r\nabcdef", out)        → Err(ChunkedError::MissingCrlf)   (new decoder)
    /// ```
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, ChunkedError> {
        todo!(
            "lesson 02: ChunkedDecoder::decode({:?}, {out:?})",
            String::from_utf8_lossy(input)
        )
    }
}
