//! One client connection: a non-blocking connect (lesson 4), then one
//! request/response exchange at a time on it (lessons 2, 3 and 5).
//!
//! ```text
//!  start_attempt ──► Connected ─────────────────────────┐
//!        │ InProgress: epoll says writable              ▼
//!        └──► Connecting::check ─► Connected ──► Exchange: write request (WriteQueue)
//!                         └─► Failed: next address       │ read: read_some → ResponseReader
//!                                                        ▼
//!                                         Complete { reusable } or an error
//! ```
//!
//! Nothing here waits: every function does what the socket allows right
//! now and returns. The event loop ([`super::run`](mod@super::run)) calls them when epoll
//! reports readiness.

use std::io::{self, Read};
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use lesson03::{Failure, Pooled};
use lesson04::{ConnectProgress, FailedAttempt, Socket};
use lesson05::{Flushed, Interest, READ_CHUNK, ReadOutcome, WriteQueue};

use super::error::{ErrorKind, FetchError};
use super::framing::{Piece, Progress, ResponseError, ResponseReader};

/// What a connection attempt did right away.
#[derive(Debug)]
pub enum Attempt {
    /// Connected at once (possible on loopback).
    Connected(TcpStream),
    /// The handshake is under way: wait until epoll reports the socket
    /// writable, then [`Connecting::check`].
    InProgress(Connecting),
    /// Failed at once (e.g. `ECONNREFUSED` on loopback).
    Failed(FailedAttempt),
}

/// The most bytes one readable event reads from a connection.
pub const READ_BUDGET: usize = 256 * 1024;

/// Reads from `reader` into the end of `buf` until it would block, reports
/// EOF, or `budget` bytes have been read – lesson 5's `drain` with a budget.
///
/// Why not `drain` itself? `drain` reads to `EAGAIN`, which an
/// *edge-triggered* loop must do. This client's epoll interest is
/// level-triggered, so it may stop early: whatever is left makes the next
/// `epoll_wait` report the socket again. Stopping early bounds the memory
/// one fast server can fill before its bytes are written out (or, when its
/// URL is not on turn, before the loop stops reading it), and lets the
/// other connections have their turn in between.
///
/// # Returns
///
/// [`ReadOutcome::WouldBlock`] both for "would block" and "budget used up"
/// (either way: wait for the next event), or [`ReadOutcome::Eof`].
///
/// # Errors
///
/// Any read error but `WouldBlock` and `Interrupted`.
pub fn read_some<R: Read>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    budget: usize,
) -> io::Result<ReadOutcome> {
    let mut chunk = [0u8; READ_CHUNK];
    let mut bytes = 0;
    while bytes < budget {
        let want = READ_CHUNK.min(budget - bytes);
        match reader.read(&mut chunk[..want]) {
            Ok(0) => return Ok(ReadOutcome::Eof { bytes }),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                bytes += n;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(ReadOutcome::WouldBlock { bytes })
}

/// A connection attempt in progress.
#[derive(Debug)]
pub struct Connecting {
    /// The socket, handed to epoll for writability.
    pub stream: TcpStream,
    /// The address being connected to.
    pub addr: SocketAddr,
    /// When this attempt is given up (`--connect-timeout`).
    pub deadline: Instant,
}

/// How a [`Connecting`] attempt stands.
#[derive(Debug)]
pub enum ConnectState {
    /// Connected: the stream is ready for the request.
    Connected,
    /// Still in progress (a spurious wake-up).
    InProgress,
    /// Failed with this error.
    Failed(io::Error),
}

/// Starts a non-blocking connection to `addr` (lesson 4's
/// `Socket::new_for` and `Socket::start_connect`), to be given up at
/// `deadline`.
///
/// Lesson 4's `Socket` waits with `poll(2)` on one socket; here the waiting
/// is epoll's job, and epoll needs a descriptor it can watch. `Socket` does
/// not lend out its descriptor, so the socket becomes a (still
/// non-blocking, still connecting) `TcpStream` right after `connect`
/// started – `into_tcp_stream` keeps the same descriptor.
pub fn start_attempt(addr: SocketAddr, deadline: Instant) -> Attempt {
    let failed = |error| Attempt::Failed(FailedAttempt { addr, error });
    let socket = match Socket::new_for(&addr) {
        Ok(socket) => socket,
        Err(error) => return failed(error),
    };
    match socket.start_connect(&addr) {
        Ok(ConnectProgress::Connected) => Attempt::Connected(socket.into_tcp_stream()),
        Ok(ConnectProgress::InProgress) => Attempt::InProgress(Connecting {
            stream: socket.into_tcp_stream(),
            addr,
            deadline,
        }),
        Err(error) => failed(error),
    }
}

impl Connecting {
    /// After epoll reported the socket writable (or an error or hang-up):
    /// has the handshake finished, and how?
    ///
    /// Writable means "the attempt is over", not "connected" (`connect(2)`,
    /// EINPROGRESS): the pending `SO_ERROR` says how it ended. std's
    /// `TcpStream::take_error` is that `getsockopt(SO_ERROR)` – the same call
    /// as lesson 4's `Socket::so_error`. A zero error with no peer address
    /// yet (`ENOTCONN`) was a spurious wake-up.
    pub fn check(&self) -> ConnectState {
        match self.stream.take_error() {
            Ok(Some(error)) | Err(error) => ConnectState::Failed(error),
            Ok(None) => match self.stream.peer_addr() {
                Ok(_) => ConnectState::Connected,
                Err(e) if e.kind() == io::ErrorKind::NotConnected => ConnectState::InProgress,
                Err(e) => ConnectState::Failed(e),
            },
        }
    }
}

/// Why an exchange failed.
#[derive(Debug)]
pub enum ExchangeError {
    /// Writing the request failed.
    Send(io::Error),
    /// Reading the response failed.
    Recv(io::Error),
    /// The response could not be read (lesson 2's rules).
    Response(ResponseError),
}

impl From<ExchangeError> for FetchError {
    fn from(error: ExchangeError) -> FetchError {
        match error {
            ExchangeError::Send(e) => {
                FetchError::new(ErrorKind::Send, format!("could not send the request: {e}"))
            }
            ExchangeError::Recv(e) => FetchError::new(
                ErrorKind::Recv,
                format!("could not receive the response: {e}"),
            ),
            ExchangeError::Response(e) => e.into(),
        }
    }
}

/// One request and its response on a connection.
#[derive(Debug)]
pub struct Exchange {
    /// The job (URL) this exchange is for.
    pub job: usize,
    /// The connection, as the pool knows it.
    pub conn: Pooled<TcpStream>,
    /// Whether the connection came from the pool (carried an earlier
    /// exchange) rather than being opened for this request.
    pub reused: bool,
    method: String,
    out: WriteQueue,
    inbuf: Vec<u8>,
    reader: ResponseReader,
    /// Response bytes received so far.
    received: usize,
}

impl Exchange {
    /// An exchange of `request` (the bytes from the plan) on `conn`.
    pub fn new(
        job: usize,
        conn: Pooled<TcpStream>,
        reused: bool,
        method: &str,
        request: &[u8],
    ) -> Exchange {
        let mut out = WriteQueue::new();
        out.push(request);
        Exchange {
            job,
            conn,
            reused,
            method: method.to_string(),
            out,
            inbuf: Vec::new(),
            reader: ResponseReader::new(method),
            received: 0,
        }
    }

    /// The epoll interest now: always readable (the response, or an early
    /// close), writable only while request bytes wait (lesson 5: `EPOLLOUT`
    /// on an idle socket is a busy loop).
    pub fn interest(&self) -> Interest {
        if self.out.wants_writable() {
            Interest::READ_WRITE
        } else {
            Interest::READABLE
        }
    }

    /// Writes as much of the request as the socket takes now.
    ///
    /// # Errors
    ///
    /// [`ExchangeError::Send`] (`EPIPE`, `ECONNRESET`, …).
    pub fn on_writable(&mut self) -> Result<(), ExchangeError> {
        match self.out.flush(&mut &self.conn.conn) {
            Ok(Flushed::Done | Flushed::WouldBlock { .. }) => Ok(()),
            Err(e) => Err(ExchangeError::Send(e)),
        }
    }

    /// Reads what has arrived – at most [`READ_BUDGET`] bytes, see
    /// [`read_some`] – and feeds it to the response reader; what it finds
    /// goes to `pieces`.
    ///
    /// # Errors
    ///
    /// [`ExchangeError::Recv`] for a read error, [`ExchangeError::Response`]
    /// when the response is malformed or cut short.
    pub fn on_readable(&mut self, pieces: &mut Vec<Piece>) -> Result<Progress, ExchangeError> {
        let before = self.inbuf.len();
        let (bytes, eof) = match read_some(&mut &self.conn.conn, &mut self.inbuf, READ_BUDGET) {
            Ok(ReadOutcome::WouldBlock { bytes }) => (bytes, false),
            Ok(ReadOutcome::Eof { bytes }) => (bytes, true),
            Err(e) => {
                // Bytes read before the error still count: a response had
                // begun, so this is no stale connection.
                self.received += self.inbuf.len() - before;
                return Err(ExchangeError::Recv(e));
            }
        };
        self.received += bytes;
        let progress = self
            .reader
            .feed(&mut self.inbuf, eof, pieces)
            .map_err(ExchangeError::Response)?;
        Ok(match progress {
            // The server closed right behind its response (with or without
            // saying `Connection: close`): nothing more can go out on it.
            Progress::Complete { .. } if eof => Progress::Complete { reusable: false },
            other => other,
        })
    }

    /// The failure as lesson 3's `should_retry` wants to see it.
    pub fn failure(&self, error: &ExchangeError) -> Failure {
        let kind = match error {
            ExchangeError::Send(e) | ExchangeError::Recv(e) => e.kind(),
            ExchangeError::Response(ResponseError::Empty) => io::ErrorKind::UnexpectedEof,
            ExchangeError::Response(_) => io::ErrorKind::InvalidData,
        };
        Failure {
            kind,
            reused_connection: self.reused,
            response_bytes_received: self.received,
        }
    }

    /// Whether every byte of the request has been written. A server may
    /// answer early (a 413 while a large body is still going out); the
    /// connection is then not reusable, since the rest of the body would
    /// be read as the next request.
    pub fn request_sent(&self) -> bool {
        self.out.is_empty()
    }

    /// The request method.
    pub fn method(&self) -> &str {
        &self.method
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_some_stops_at_the_budget_then_continues() {
        let data = vec![7u8; 10_000];
        let mut reader = &data[..];
        let mut buf = Vec::new();
        let first = read_some(&mut reader, &mut buf, 6000).expect("a slice reads");
        assert_eq!(first, ReadOutcome::WouldBlock { bytes: 6000 });
        let second = read_some(&mut reader, &mut buf, 6000).expect("a slice reads");
        assert_eq!(second, ReadOutcome::Eof { bytes: 4000 });
        assert_eq!(buf, data);
    }
}
