//! One client connection: connecting without blocking, then one
//! request/response exchange at a time.
//!
//! ```text
//!   start_attempt(addr)  socket + connect(2), non-blocking (lesson 4)
//!     Connected          (loopback often connects at once)
//!     InProgress         register EPOLLOUT; when writable, finish_connect reads SO_ERROR
//!     Failed             try the next address
//!   Exchange             the request out through a WriteQueue (EPOLLOUT while bytes wait),
//!                        the response in through drain + ResponseReader (EPOLLIN)
//! ```
//!
//! A connection that came from the pool may have been closed by the server
//! while it sat idle (lesson 3, "The stale connection race"): an EOF or a
//! reset before the first response byte is then not a real failure, and
//! lesson 3's `should_retry` decides whether to send the request again on a
//! fresh connection.

use std::io;
use std::net::{SocketAddr, TcpStream};

use lesson03::{Failure, Pooled};
use lesson05::{Interest, WriteQueue};

use super::error::FetchError;
use super::framing::{Piece, Progress, ResponseReader};

/// What starting a connection attempt gave.
#[derive(Debug)]
pub enum Attempt {
    /// Connected at once.
    Connected(TcpStream),
    /// The handshake is under way: register the stream for `EPOLLOUT` and
    /// wait until it is writable.
    InProgress(TcpStream),
    /// This address failed at once (refused, unreachable, …).
    Failed(io::Error),
}

/// Starts a non-blocking connect to `addr` with lesson 4's
/// `Socket::new_for` and `Socket::start_connect`.
///
/// Lesson 4 waited for the handshake with `poll(2)` on that one socket;
/// here epoll waits, and epoll needs a descriptor to watch – `Socket` does
/// not lend out its own. Turn it into a (still non-blocking, still
/// connecting) `TcpStream` with `Socket::into_tcp_stream` as soon as the
/// connect has started: it keeps the same descriptor.
///
/// ```text
/// 127.0.0.1:<a listening port>   → Connected(stream) or InProgress(stream)
/// 127.0.0.1:<a closed port>      → Failed(ConnectionRefused) – or InProgress, and
///                                  finish_connect reports the refusal
/// ```
pub fn start_attempt(addr: SocketAddr) -> Attempt {
    todo!("quest: start_attempt({addr})")
}

/// The stream of an attempt became writable: the handshake is over, one
/// way or the other. Read its outcome from `SO_ERROR`:
/// `TcpStream::take_error` is the same `getsockopt(2)` call as lesson 4's
/// `Socket::so_error` (`Ok(None)` is success).
///
/// # Errors
///
/// The connect error, e.g. `ConnectionRefused`.
///
/// ```text
/// SO_ERROR 0             → Ok(stream)
/// SO_ERROR ECONNREFUSED  → Err(kind ConnectionRefused)
/// ```
pub fn finish_connect(stream: TcpStream) -> io::Result<TcpStream> {
    todo!("quest: finish_connect({stream:?})")
}

/// One request and its response on one connection.
#[derive(Debug)]
pub struct Exchange {
    /// The connection, as the pool knows it.
    pub conn: Pooled<TcpStream>,
    /// It came from the pool (it carried an earlier exchange).
    pub reused: bool,
    /// Request bytes not written yet.
    pub out: WriteQueue,
    /// Response bytes received and not used yet.
    pub buf: Vec<u8>,
    /// Response bytes received in all (0 = nothing yet: a stale connection).
    pub received: usize,
    /// The response parser.
    pub reader: ResponseReader,
}

impl Exchange {
    /// Starts the exchange of `request` (its bytes) on `conn`.
    pub fn new(conn: Pooled<TcpStream>, reused: bool, method: &str, request: &[u8]) -> Exchange {
        let mut out = WriteQueue::new();
        out.push(request);
        Exchange {
            conn,
            reused,
            out,
            buf: Vec::new(),
            received: 0,
            reader: ResponseReader::new(method),
        }
    }

    /// What to ask epoll for now: writable while request bytes wait,
    /// readable after.
    ///
    /// ```text
    /// request not all written   → Interest::WRITABLE
    /// request written           → Interest::READABLE
    /// ```
    pub fn interest(&self) -> Interest {
        todo!("quest: Exchange::interest({self:?})")
    }

    /// Writes what the socket takes of the request (lesson 5's
    /// `WriteQueue::flush`).
    ///
    /// # Errors
    ///
    /// The write error (`EPIPE`, `ECONNRESET`): see [`Exchange::failure`].
    pub fn on_writable(&mut self) -> io::Result<()> {
        todo!("quest: Exchange::on_writable({self:?})")
    }

    /// Reads what arrived (lesson 5's `drain`) and feeds it to the
    /// [`ResponseReader`], appending what it hands out to `pieces`.
    ///
    /// # Errors
    ///
    /// A read error becomes a `Recv` [`FetchError`], a framing error is the
    /// reader's.
    ///
    /// ```text
    /// a whole response arrived       → Ok(Complete { reusable: true })
    /// half of it                     → Ok(More)
    /// EOF before any byte, reused    → Err(EmptyReply) – and failure() says "retry"
    /// ```
    pub fn on_readable(&mut self, pieces: &mut Vec<Piece>) -> Result<Progress, FetchError> {
        todo!("quest: Exchange::on_readable({self:?}, {pieces:?})")
    }

    /// This exchange as lesson 3 sees a failure (for `should_retry`): the
    /// error's kind, whether the connection was reused, and how many
    /// response bytes had arrived.
    ///
    /// ```text
    /// reused, EOF before any byte   → Failure { kind: UnexpectedEof, reused_connection: true, response_bytes_received: 0 }
    /// ```
    pub fn failure(&self, kind: io::ErrorKind) -> Failure {
        todo!("quest: Exchange::failure({self:?}, {kind:?})")
    }
}
