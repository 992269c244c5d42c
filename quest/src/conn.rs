//! One client connection: bytes in, requests parsed, responses out.
//! (**Yours to write**: every method of [`Conn`] except [`Conn::new`] and
//! [`Conn::stream`].)
//!
//! The event loop ([`crate::server`]) owns one [`Conn`] per accepted socket
//! and calls it when epoll reports something:
//!
//! ```text
//!   readable  → on_readable (bytes into read_buf) → process (parse, answer)
//!   writable  → on_writable (write queue and file stream out to the socket)
//!   afterwards, the loop asks: wants_read? wants_write? is_finished?
//!   and re-registers the socket (or closes it) accordingly
//!   a phase's timeout ran out (deadline, expired) → time_out (408 if mid-request), close
//! ```
//!
//! A connection owns three things, and each is empty when nothing is going
//! on, so that ten thousand idle keep-alive connections cost ten thousand
//! sockets and small structs, not ten thousand buffers:
//!
//! - the **read buffer**: bytes received and not yet used. Requests are
//!   parsed *incrementally* (lesson 2): `parse_request_head` answers
//!   `Partial` until the empty line that ends the head has arrived
//!   (RFC 9112 §2.1), and a head may arrive one byte at a time;
//! - the **request in progress**: a parsed head waiting for its body, framed
//!   as RFC 9112 §6.3 decides (lesson 2's `request_body_length`):
//!   `Content-Length`, or chunked through a `ChunkedDecoder`;
//! - the **write queue** (lesson 5's `WriteQueue`) of response bytes the
//!   socket has not taken yet, plus at most one file being streamed into it.
//!
//! **Pipelining** (RFC 9112 §9.3, lesson 3): a client may send several
//! requests without waiting. Answer them strictly in order – parse from the
//! front of the read buffer, answer, then look at what is left *before*
//! waiting for more input. While a file is still streaming, or the write
//! queue holds more than [`HIGH_WATER`] bytes, stop parsing: a client that
//! sends requests faster than it reads responses must not make the server
//! buffer without bound (back-pressure).
//!
//! **Errors** in a request (a bad head, bad framing, a too-large head or
//! body) get their status code and `Connection: close`: after a framing
//! error the server no longer knows where the next request starts, so it
//! must not guess (RFC 9112 §11.2, request smuggling).
//!
//! The types and fields below are a suggestion that works; add, remove and
//! rename as your design needs.

use std::fs::File;
use std::io;
use std::net::{IpAddr, TcpStream};
use std::time::{Duration, Instant};

use lesson02::{ChunkedDecoder, Headers, RequestHead};
use lesson05::WriteQueue;

use crate::response::Response;
use crate::site::Site;

/// Parsing pauses while more than this many response bytes wait to be sent.
pub const HIGH_WATER: usize = 256 * 1024;

/// How much of a file is read into the write queue at a time.
pub const FILE_CHUNK: usize = 64 * 1024;

/// The most bytes read from one socket per readiness event, so that one
/// busy client cannot starve the others (level-triggered epoll reports the
/// rest next time round).
pub const READ_BUDGET: usize = 64 * 1024;

/// The three timeouts, one per phase of a connection (from
/// `--header-timeout`, `--idle-timeout`, `--send-timeout`; quest brief,
/// stage 5).
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From a head's first byte to its empty line.
    pub header: Duration,
    /// Between requests, and between the pieces of a body.
    pub idle: Duration,
    /// While a response is being sent, without the client taking a byte.
    pub send: Duration,
}

/// The request size limits (from `--max-header-bytes` and
/// `--max-body-bytes`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest head (request line and fields), else 431.
    pub max_header_bytes: usize,
    /// The largest body, else 413.
    pub max_body_bytes: u64,
}

/// How the body of the request in progress is framed.
#[derive(Debug)]
pub enum Framing {
    /// This many bytes are still to come.
    Fixed(u64),
    /// A chunked body, decoded as it arrives.
    Chunked(ChunkedDecoder),
}

/// A request whose head is parsed and whose body is arriving.
#[derive(Debug)]
pub struct Pending {
    /// The parsed head.
    pub head: RequestHead,
    /// The request line as received, for the access log.
    pub request_line: String,
    /// How the rest of the body is framed.
    pub framing: Framing,
    /// The body received so far.
    pub body: Vec<u8>,
}

/// Where the parser stands.
#[derive(Debug)]
pub enum Reading {
    /// Waiting for (the rest of) a request head.
    Head,
    /// The head is parsed; its body is arriving (boxed: a head is large,
    /// and most connections sit in `Head`).
    Body(Box<Pending>),
}

/// A file being sent: what is left of it.
#[derive(Debug)]
pub struct FileStream {
    /// The open file, positioned after what was already queued.
    pub file: File,
    /// Bytes still to read from it and queue.
    pub remaining: u64,
}

/// What [`Conn::on_readable`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadResult {
    /// The connection is open; maybe bytes arrived.
    Open,
    /// The client closed its sending side (a read returned 0). It may still
    /// read the responses to what it sent.
    Eof,
}

/// One client connection.
#[derive(Debug)]
pub struct Conn {
    /// The non-blocking socket.
    pub stream: TcpStream,
    /// The client's address, for the access log.
    pub peer: IpAddr,
    /// Received bytes not parsed yet (the start of the next request, or of
    /// several pipelined ones).
    pub read_buf: Vec<u8>,
    /// Where the parser stands.
    pub reading: Reading,
    /// Response bytes the socket has not taken yet.
    pub out: WriteQueue,
    /// A file being streamed into `out`.
    pub streaming: Option<FileStream>,
    /// Close once `out` and `streaming` are empty (`Connection: close`,
    /// HTTP/1.0, an error, a timeout, shutdown).
    pub close_after_write: bool,
    /// The client closed its sending side.
    pub peer_closed: bool,
    /// When the first byte of the head being received arrived: the header
    /// timeout counts from here, however the rest trickles in.
    pub head_started: Option<Instant>,
    /// When bytes last arrived (the idle timeout counts from here).
    pub last_read: Instant,
    /// When the client last took response bytes (for the send timeout).
    pub last_sent: Instant,
    /// The kernel's send queue when last looked at
    /// ([`unsent_bytes`](crate::sys::unsent_bytes)): smaller now means the
    /// client took bytes.
    pub unsent: usize,
}

impl Conn {
    /// A new connection on an accepted, non-blocking `stream`.
    pub fn new(stream: TcpStream, peer: IpAddr, now: Instant) -> Conn {
        Conn {
            stream,
            peer,
            read_buf: Vec::new(),
            reading: Reading::Head,
            out: WriteQueue::new(),
            streaming: None,
            close_after_write: false,
            peer_closed: false,
            head_started: None,
            last_read: now,
            last_sent: now,
            unsent: 0,
        }
    }

    /// The socket, to register with epoll.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Reads what the socket has, up to [`READ_BUDGET`] bytes, onto the end
    /// of `read_buf`, and records the progress: `last_read = now`, and
    /// `head_started = Some(now)` when these are the first bytes of a head.
    ///
    /// Read until `WouldBlock` (nothing more for now), a read of 0 (EOF:
    /// set `peer_closed`), or the budget is used up; retry on `Interrupted`.
    ///
    /// # Errors
    ///
    /// Any other read error (`ECONNRESET`, …): the connection is finished.
    ///
    /// ```text
    /// socket holds "GET / HTTP/1.1\r\nHo"        → Ok(Open), read_buf ends with those 18 bytes
    /// socket empty (a spurious wake-up)          → Ok(Open), nothing changed
    /// socket holds "…\r\n\r\n" then EOF          → Ok(Eof), peer_closed == true
    /// the client reset the connection            → Err(ConnectionReset)
    /// ```
    ///
    /// Hints: this is lesson 5's `drain` with a budget – you may call
    /// `lesson05::drain` if you do not need one. Never treat `WouldBlock` as
    /// EOF, nor 0 as "no data yet" (lesson 5, "Draining to EAGAIN").
    pub fn on_readable(&mut self, now: Instant) -> io::Result<ReadResult> {
        todo!("quest: Conn::on_readable({self:?}, {now:?})")
    }

    /// Parses and answers every complete request in `read_buf`, in order,
    /// until one is incomplete, the connection is closing, or back-pressure
    /// says stop (a file is streaming, or `out` holds more than
    /// [`HIGH_WATER`] bytes).
    ///
    /// For a head: `lesson02::parse_request_head(&self.read_buf)`.
    /// `Partial` – wait, unless the buffer is already longer than
    /// `limits.max_header_bytes` (431). An error – answer its
    /// `status_code()` and close ([`Conn::fail`]). `Complete` – remove the
    /// head's bytes from the buffer, check `Host` (an HTTP/1.1 request
    /// without exactly one is 400, RFC 9112 §3.2), and decide the body with
    /// `lesson02::request_body_length`: none → answer now; `Fixed(n)` above
    /// `limits.max_body_bytes` → 413; `Fixed(n)` → collect `n` bytes;
    /// `Chunked` → feed a `ChunkedDecoder::new(limits.max_body_bytes)`;
    /// `UntilClose` → 400 (a request never ends at close); `Err` → its
    /// `status_code()`. When the body is complete, ask
    /// [`Site::respond`] and queue the answer with [`Conn::send`];
    /// `lesson03::keeps_alive` says whether to close after it.
    ///
    /// ```text
    /// read_buf "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    ///   → out holds "HTTP/1.1 200 OK\r\n…", read_buf empty
    /// read_buf "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
    ///   → out holds the response to /a, then the one to /b (pipelining)
    /// read_buf "GET / HTTP/1.1\r\nHo"        → nothing yet (Partial)
    /// read_buf "PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab"
    ///   → nothing yet; reading == Body, waiting for 3 more bytes
    /// read_buf "GET / HTTP/1.1\r\n\r\n"      → 400, close_after_write
    /// read_buf "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
    ///   → 400, close_after_write (smuggling-shaped: never guess)
    /// ```
    ///
    /// Hints: lesson 2 gives you every parser; lesson 3's `split_messages`
    /// is the same loop with simpler helpers. Loop with `while` and one
    /// "step" function that returns whether it made progress – the quest
    /// brief's stage 3 shows the shape.
    pub fn process(&mut self, site: &Site, limits: Limits) {
        todo!("quest: Conn::process({self:?}, {site:?}, {limits:?})")
    }

    /// Queues `response`: its head (rendered by
    /// [`Response::render_head`] with the current
    /// [`http_date`](crate::time::http_date)), then its body – unless
    /// `head_only` (HEAD: the head says how long the body would be, and no
    /// body follows, RFC 9110 §9.3.2) or the status has no content (1xx,
    /// 204, 304). A [`Body::File`](crate::response::Body::File) becomes
    /// `self.streaming`; [`Conn::on_writable`] feeds it into `out` piece by
    /// piece. Writes the access-log line
    /// ([`format_line`](crate::access_log::format_line)) to stderr. With
    /// `close`, the head says `Connection: close` and the connection closes
    /// after this response.
    ///
    /// ```text
    /// send(Response::error(404), head_only false, close false, "GET /x HTTP/1.1", …)
    ///   → out gets "HTTP/1.1 404 Not Found\r\n…Content-Length: 14\r\n\r\n404 Not Found\n"
    ///   → stderr: 127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 404 14 "-" "-"
    /// the same with head_only true
    ///   → out gets the same head, no body; the log says 0 bytes
    /// ```
    pub fn send(
        &mut self,
        response: Response,
        head_only: bool,
        close: bool,
        request_line: Option<&str>,
        headers: Option<&Headers>,
    ) {
        todo!(
            "quest: Conn::send({self:?}, {response:?}, {head_only}, {close}, {request_line:?}, {headers:?})"
        )
    }

    /// Answers an error status and closes the connection after it: clear
    /// `read_buf` and the request in progress (whatever follows a bad
    /// request cannot be trusted), [`Conn::send`] `Response::error(status)`
    /// with `close`.
    ///
    /// ```text
    /// fail(431)  → out gets "HTTP/1.1 431 Request Header Fields Too Large\r\n…Connection: close\r\n\r\n…"
    ///              read_buf empty, close_after_write
    /// ```
    pub fn fail(&mut self, status: u16) {
        todo!("quest: Conn::fail({self:?}, {status})")
    }

    /// Writes what the socket takes from `out`, refilling `out` from the
    /// file being streamed (at most [`FILE_CHUNK`] at a time) as it
    /// empties; records progress (`last_sent = now`) when bytes moved. When
    /// the socket is full (`WouldBlock`), remember how much the kernel holds
    /// (`self.unsent = sys::unsent_bytes(&self.stream)`), so that
    /// [`Conn::expired`] can tell a slow reader from a dead one.
    ///
    /// Loop: `self.out.flush(&mut self.stream)?`; on `WouldBlock`, return
    /// (epoll will say when there is room); on `Done`, read the next piece of
    /// the file into `out` and go round again, or return when there is no
    /// file.
    ///
    /// # Errors
    ///
    /// A write error (`EPIPE`, `ECONNRESET`, …) or a file read error: the
    /// connection is finished. A file that is shorter than its
    /// `Content-Length` said is an error too – the client must see a short
    /// body, never a wrong one.
    ///
    /// ```text
    /// out holds 70 000 bytes, the socket takes 65 536   → Ok(()), out holds 4 464, wants_write()
    /// out empty, streaming a 1 MB file                   → queues and writes pieces until WouldBlock
    /// the client has gone away                           → Err(BrokenPipe)  (SIGPIPE is ignored)
    /// ```
    ///
    /// Hint: lesson 5, "Writing: partial writes, and `EPOLLOUT` only while
    /// needed". Never read a whole file into memory.
    pub fn on_writable(&mut self, now: Instant) -> io::Result<()> {
        todo!("quest: Conn::on_writable({self:?}, {now:?})")
    }

    /// Whether the deadline has really passed at `now`. For a connection
    /// that is sending (or closing with bytes still in the kernel), first
    /// look at [`unsent_bytes`](crate::sys::unsent_bytes): if it is smaller
    /// than `self.unsent`, the client took bytes – record that (`unsent`,
    /// `last_sent = now`) and it has not expired.
    ///
    /// ```text
    /// now before deadline(timeouts)                         → false
    /// past it, sending, the kernel held 900 000, now 600 000 → false, last_sent = now
    /// past it, sending, the kernel still holds 900 000       → true
    /// past it, idle between requests                         → true
    /// ```
    pub fn expired(&mut self, now: Instant, timeouts: Timeouts) -> bool {
        todo!("quest: Conn::expired({self:?}, {now:?}, {timeouts:?})")
    }

    /// A phase's timeout ran out: if a request
    /// was half received, try once to send `408 Request Timeout` (RFC 9110
    /// §15.5.9); in any case mark it for closing and drop what is queued.
    ///
    /// ```text
    /// read_buf "GET / HTTP/1.1\r\nHost"  → one try to send 408, then close
    /// idle between requests              → close, nothing sent
    /// ```
    pub fn time_out(&mut self) {
        todo!("quest: Conn::time_out({self:?})")
    }

    /// Has output waiting: ask epoll for `EPOLLOUT`.
    ///
    /// ```text
    /// out empty, no file     → false
    /// out holds bytes        → true
    /// a file is streaming    → true
    /// ```
    pub fn wants_write(&self) -> bool {
        todo!("quest: Conn::wants_write({self:?})")
    }

    /// May read more: ask epoll for `EPOLLIN`. Not when closing, not after
    /// EOF, and not while held back by unsent output (a file streaming, or
    /// more than [`HIGH_WATER`] bytes queued) – that is back-pressure: the
    /// kernel's buffers fill up and the client slows down.
    ///
    /// ```text
    /// a fresh connection                   → true
    /// out holds 300 000 bytes              → false
    /// close_after_write                    → false
    /// ```
    pub fn wants_read(&self) -> bool {
        todo!("quest: Conn::wants_read({self:?})")
    }

    /// Everything is done: the event loop closes the socket now.
    ///
    /// ```text
    /// nothing to write, close_after_write     → true
    /// nothing to write, peer_closed           → true
    /// a response still queued                 → false
    /// idle keep-alive connection              → false
    /// ```
    pub fn is_finished(&self) -> bool {
        todo!("quest: Conn::is_finished({self:?})")
    }

    /// When this connection times out, by its phase:
    ///
    /// | phase | deadline |
    /// |---|---|
    /// | sending a response | `last_sent + timeouts.send` |
    /// | receiving a body | `last_read + timeouts.idle` |
    /// | receiving a head | `head_started + timeouts.header` (set once, at its first byte) |
    /// | idle between requests | the later of `last_read`, `last_sent`, `+ timeouts.idle` |
    ///
    /// ```text
    /// half a head, its first byte at t, header 10 s, bytes still trickling in → t + 10 s
    /// idle since t, idle 5 s                                                 → t + 5 s
    /// ```
    pub fn deadline(&self, timeouts: Timeouts) -> Instant {
        todo!("quest: Conn::deadline({self:?}, {timeouts:?})")
    }
}
