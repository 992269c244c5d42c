//! One response, from bytes: the head, then the body by whatever framing
//! the head chose (RFC 9112 §6.3) – all lesson 2, plus lesson 3's rule for
//! whether the connection may be reused.
//!
//! ```text
//!   bytes ──► parse_response_head ──Partial──► read more
//!                 │ Complete
//!                 ├─ 1xx: an interim response – skip it, parse the next head
//!                 ▼
//!        response_body_length(method, head)
//!          Empty           (HEAD, 204, 304)    → done
//!          Fixed(n)        n bytes             → done, may be reused
//!          Chunked         ChunkedDecoder      → done at the last chunk, may be reused
//!          UntilClose      everything until EOF → done at EOF, never reused
//! ```
//!
//! A [`ResponseReader`] is fed the connection's read buffer after every
//! read, consumes what it can use, and leaves the rest – the start of the
//! next response on a keep-alive connection – in the buffer.

use lesson02::{ChunkedDecoder, ResponseHead};

use super::error::FetchError;

/// What the reader hands out as it goes.
#[derive(Debug)]
pub enum Piece {
    /// A response head (`raw` is its bytes as received, for `-i`);
    /// `interim` for a 1xx that a real response follows.
    Head {
        /// The parsed head.
        head: ResponseHead,
        /// The head's bytes as received.
        raw: Vec<u8>,
        /// A 1xx response: skip it (or print it with `-i`).
        interim: bool,
    },
    /// Body bytes, decoded (no chunk sizes).
    Body(Vec<u8>),
}

/// Where a response stands after a [`ResponseReader::feed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// More bytes are needed.
    More,
    /// The response is whole. `reusable`: lesson 3's `keeps_alive` for the
    /// response, and a body that did not end at close.
    Complete {
        /// The connection may carry the next request.
        reusable: bool,
    },
}

/// Where the reader stands.
#[derive(Debug)]
pub enum Stage {
    /// Waiting for a (final or interim) head.
    Head,
    /// `n` body bytes still to come.
    Fixed(u64),
    /// A chunked body.
    Chunked(ChunkedDecoder),
    /// Everything until EOF.
    UntilClose,
}

/// Reads one response, fed in pieces.
#[derive(Debug)]
pub struct ResponseReader {
    /// The request's method (a response to HEAD has no body).
    pub method: String,
    /// Where the reader stands.
    pub stage: Stage,
    /// Whether the final head allowed keeping the connection.
    pub keep_alive: bool,
}

impl ResponseReader {
    /// A reader for the response to a `method` request.
    pub fn new(method: &str) -> ResponseReader {
        ResponseReader {
            method: method.to_string(),
            stage: Stage::Head,
            keep_alive: false,
        }
    }

    /// Consumes what it can from the front of `buf`, appending heads and
    /// body bytes to `pieces`. `eof` says the peer has closed: then a
    /// close-delimited body is complete, and anything else unfinished is an
    /// error.
    ///
    /// # Errors
    ///
    /// A [`FetchError`] of kind `Malformed` for a bad head or bad framing
    /// (with lesson 2's error in words), `Truncated` for EOF in the middle
    /// of a response, `EmptyReply` for EOF before its first byte.
    ///
    /// ```text
    /// buf "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", eof false
    ///   → Ok(More), pieces [Head{200}, Body("hel")], buf empty
    /// then buf "lo", eof false
    ///   → Ok(Complete { reusable: true }), pieces […, Body("lo")]
    /// buf "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
    ///   → Ok(Complete { reusable: true }), pieces [Head{100, interim}, Head{204}]
    /// buf "HTTP/1.1 200 OK\r\n\r\nall of it", eof true
    ///   → Ok(Complete { reusable: false }), pieces [Head{200}, Body("all of it")]
    /// buf "HTTP/1.1 200 OK\r\nContent-Length: banana\r\n\r\n"
    ///   → Err(FetchError { kind: Malformed, .. })
    /// buf "", eof true, nothing received yet
    ///   → Err(FetchError { kind: EmptyReply, .. })
    /// ```
    ///
    /// Hints: lesson 2's "How this feeds the quest" is this function in
    /// words. Keep the bytes after the response in `buf`: they belong to the
    /// next one.
    pub fn feed(
        &mut self,
        buf: &mut Vec<u8>,
        eof: bool,
        pieces: &mut Vec<Piece>,
    ) -> Result<Progress, FetchError> {
        todo!("quest: ResponseReader::feed({self:?}, {buf:?}, {eof}, {pieces:?})")
    }
}
