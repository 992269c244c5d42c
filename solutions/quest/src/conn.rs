//! One client connection: bytes in, requests parsed, responses out.
//!
//! A connection owns three things, and each is empty when nothing is going
//! on, so that ten thousand idle keep-alive connections cost ten thousand
//! sockets and small structs, not ten thousand buffers:
//!
//! - the **read buffer**: bytes received and not yet used. Requests are
//!   parsed *incrementally*: [`parse_request_head`] answers `Partial` until
//!   the empty line that ends the head has arrived (RFC 9112 §2.1), and a
//!   head may arrive one byte at a time;
//! - the **request in progress**: a parsed head waiting for its body, framed
//!   as RFC 9112 §6.3 decides ([`request_body_length`]): `Content-Length`, or
//!   chunked through a [`ChunkedDecoder`];
//! - the **write queue** ([`WriteQueue`]) of response bytes the socket has not
//!   taken yet, plus at most one file being streamed into it.
//!
//! **Pipelining** (RFC 9112 §9.3): a client may send several requests
//! without waiting. They are answered strictly in order, because each is
//! parsed from the front of the read buffer and answered before the next one
//! is looked at. While a file is still streaming, or the write queue is above
//! [`HIGH_WATER`], parsing pauses: a client that sends requests faster than
//! it reads responses cannot make the server buffer without bound
//! (back-pressure). The event loop stops reading from such a connection too.
//!
//! **Errors** in a request (a bad head, bad framing, a too-large head or
//! body) get their status code and `Connection: close`: after a framing
//! error the server no longer knows where the next request starts, so it
//! must not guess (RFC 9112 §11.2, request smuggling).
//!
//! **Lingering close** (RFC 9112 §9.6). Whenever the server closes, the
//! client may still be sending – the rest of a 1 GB upload that got a 413,
//! or a pipelined request after `Connection: close`. Closing a socket with
//! unread bytes in its receive buffer makes the kernel send a RST, and a RST
//! destroys whatever of the response the client has not read yet. So the
//! server closes only its sending side (`shutdown(SHUT_WR)`), reads and
//! discards what still arrives, and closes once the client has closed too –
//! or once the kernel has delivered everything and [`LINGER`] has passed.
//!
//! **A timeout per phase**, as nginx has them ([`Timeouts`]): a request head
//! must arrive whole within the *header* timeout, counted from its first
//! byte (a head trickling in a byte a second is still cut off); a
//! keep-alive connection may wait for its next request, or a body may
//! pause, for the *idle* timeout; a response may stall for the *send*
//! timeout – where progress is the client *taking* bytes, which the
//! kernel's send queue shrinking shows ([`unsent_bytes`]), not only a
//! `write` of ours succeeding.

use std::fs::File;
use std::io::{self, Read};
use std::net::{IpAddr, Shutdown, TcpStream};
use std::time::{Duration, Instant, SystemTime};

use lesson02::{
    BodyLength, ChunkedDecoder, Headers, Parsed, RequestHead, field_values, next_line,
    parse_request_head, request_body_length,
};
use lesson05::{Flushed, Interest, WriteQueue};

use crate::access_log::{Entry, format_line};
use crate::response::{Body, Response};
use crate::site::{Request, Site, Upload};
use crate::sys::unsent_bytes;
use crate::time::http_date;

/// Parsing pauses while more than this many response bytes wait to be sent.
pub const HIGH_WATER: usize = 256 * 1024;

/// How much of a file is read into the write queue at a time.
pub const FILE_CHUNK: usize = 64 * 1024;

/// The most bytes read from one socket per readiness event, so that one
/// busy client cannot starve the others (level-triggered epoll reports the
/// rest next time round).
pub const READ_BUDGET: usize = 64 * 1024;

/// How long a closing connection lingers once the kernel has delivered
/// everything, waiting for the client to close first.
pub const LINGER: Duration = Duration::from_secs(2);

/// The three timeouts, one per phase of a connection (see the module doc).
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From a head's first byte to its empty line.
    pub header: Duration,
    /// Between requests, and between the pieces of a body.
    pub idle: Duration,
    /// While a response is being sent, without the client taking a byte.
    pub send: Duration,
}

/// The request size limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest head (request line and fields), else 431.
    pub max_header_bytes: usize,
    /// The largest body, else 413.
    pub max_body_bytes: u64,
}

/// How the body of the request in progress is framed.
#[derive(Debug)]
enum Framing {
    /// This many bytes are still to come.
    Fixed(u64),
    /// A chunked body, decoded as it arrives.
    Chunked(ChunkedDecoder),
}

/// Where the parser stands.
#[derive(Debug)]
enum Reading {
    /// Waiting for (the rest of) a request head.
    Head,
    /// The head is parsed; its body is arriving (boxed: a head is large,
    /// and most of the time a connection waits for one).
    Body(Box<Pending>),
}

/// A request whose head is parsed and whose body is arriving.
#[derive(Debug)]
struct Pending {
    head: RequestHead,
    request_line: String,
    framing: Framing,
    /// Where the body goes as it arrives: a PUT's file, or nowhere (a body
    /// no handler uses is read and dropped, so memory stays one read buffer
    /// whatever its size).
    upload: Option<Upload>,
    /// The answer, decided from the head alone ([`Site::begin`] refused the
    /// request); the body is still read, so the connection stays usable.
    refused: Option<Response>,
}

/// A file whose bytes go into the write queue as the socket drains.
#[derive(Debug)]
struct FileStream {
    file: File,
    remaining: u64,
}

/// One client connection.
#[derive(Debug)]
pub struct Conn {
    stream: TcpStream,
    peer: IpAddr,
    read_buf: Vec<u8>,
    reading: Reading,
    out: WriteQueue,
    streaming: Option<FileStream>,
    /// Close once everything queued is sent (an error, `Connection: close`,
    /// HTTP/1.0, or shutdown).
    close_after_write: bool,
    /// The peer sent EOF: answer what was received, then close.
    peer_closed: bool,
    /// The server is shutting down: no further request is answered with
    /// keep-alive.
    draining: bool,
    /// Our sending side is shut down (since then); arriving bytes are
    /// discarded.
    lingering: Option<Instant>,
    /// When the first byte of the head being received arrived: the header
    /// timeout counts from here, however the rest trickles in.
    head_started: Option<Instant>,
    /// The last time bytes arrived (the idle timeout counts from here).
    last_read: Instant,
    /// The last time the client took response bytes.
    last_sent: Instant,
    /// The kernel's send queue when last looked at ([`unsent_bytes`]): if
    /// it is smaller now, the client took bytes.
    unsent: usize,
    /// What the connection is registered for in epoll, so that an unchanged
    /// interest costs no `epoll_ctl` call.
    registered: Interest,
}

impl Conn {
    /// Wraps an accepted, non-blocking stream.
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
            draining: false,
            lingering: None,
            head_started: None,
            last_read: now,
            last_sent: now,
            unsent: 0,
            registered: Interest::READABLE,
        }
    }

    /// What the connection is registered for in epoll (new connections are
    /// registered [`Interest::READABLE`]).
    pub fn registered(&self) -> Interest {
        self.registered
    }

    /// Records a new epoll registration.
    pub fn set_registered(&mut self, interest: Interest) {
        self.registered = interest;
    }

    /// The socket, for epoll registration.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// How many received bytes are still waiting to be parsed.
    pub fn unparsed_len(&self) -> usize {
        self.read_buf.len()
    }

    /// Reads what the socket has (up to [`READ_BUDGET`]).
    ///
    /// # Errors
    ///
    /// A read error other than `EAGAIN`/`EINTR` (e.g. `ECONNRESET`): the
    /// connection is finished.
    pub fn on_readable(&mut self, now: Instant) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let mut total = 0;
        while total < READ_BUDGET {
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    self.peer_closed = true;
                    return Ok(());
                }
                // Lingering: discard, and do not count it as progress, so
                // that an endless upload cannot keep the socket open.
                Ok(n) if self.lingering.is_some() => total += n,
                Ok(n) => {
                    if self.read_buf.is_empty() && matches!(self.reading, Reading::Head) {
                        self.head_started.get_or_insert(now);
                    }
                    self.read_buf.extend_from_slice(&chunk[..n]);
                    total += n;
                    self.last_read = now;
                    if n < chunk.len() {
                        // A short read took everything there was. Reading
                        // on until EAGAIN would cost a system call per event
                        // for nothing: epoll is level-triggered, so anything
                        // that arrives meanwhile is reported again.
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Parses and answers every complete request in the read buffer, in
    /// order, until one is incomplete or back-pressure says stop.
    pub fn process(&mut self, site: &Site, limits: Limits) {
        while !self.close_after_write
            && self.streaming.is_none()
            && self.out.len() < HIGH_WATER
            && self.step(site, limits)
        {}
        self.shrink_if_idle();
    }

    /// One parsing step; `false` when more bytes are needed.
    fn step(&mut self, site: &Site, limits: Limits) -> bool {
        match &mut self.reading {
            Reading::Head => self.step_head(site, limits),
            Reading::Body(pending) => {
                let Pending {
                    framing,
                    upload,
                    request_line,
                    ..
                } = &mut **pending;
                let done = match framing {
                    Framing::Fixed(remaining) => {
                        let take = usize::try_from(*remaining)
                            .map_or(self.read_buf.len(), |r| r.min(self.read_buf.len()));
                        if let Some(upload) = upload {
                            upload.write(&self.read_buf[..take]);
                        }
                        self.read_buf.drain(..take);
                        *remaining -= take as u64;
                        *remaining == 0
                    }
                    Framing::Chunked(decoder) => {
                        let mut decoded = Vec::new();
                        match decoder.decode(&self.read_buf, &mut decoded) {
                            Ok(used) => {
                                if let Some(upload) = upload {
                                    upload.write(&decoded);
                                }
                                self.read_buf.drain(..used);
                                decoder.is_done()
                            }
                            Err(err) => {
                                let line = request_line.clone();
                                self.fail_with(err.status_code(), Some(&line), None);
                                return false;
                            }
                        }
                    }
                };
                if !done {
                    return false;
                }
                let Reading::Body(pending) = std::mem::replace(&mut self.reading, Reading::Head)
                else {
                    return false;
                };
                self.dispatch(site, *pending);
                true
            }
        }
    }

    /// Tries to parse a head from the read buffer; answers errors, and
    /// requests without a body, at once.
    fn step_head(&mut self, site: &Site, limits: Limits) -> bool {
        if self.read_buf.is_empty() {
            return false;
        }
        // The request line, as lesson 1 judges it, as soon as it is complete:
        // a bad line or an HTTP/2.0 is refused before the rest arrives.
        let request_line = first_line(&self.read_buf);
        if let Some(line) = &request_line {
            if let Err(err) = lesson01::parse_request_line(line) {
                self.fail(err.status_code());
                return false;
            }
        }
        let (head, consumed) = match parse_request_head(&self.read_buf) {
            Err(err) => {
                self.fail_with(err.status_code(), request_line.as_deref(), None);
                return false;
            }
            Ok(Parsed::Partial) => {
                if self.read_buf.len() > limits.max_header_bytes {
                    self.fail_with(431, request_line.as_deref(), None);
                }
                return false;
            }
            Ok(Parsed::Complete { value, consumed }) => (value, consumed),
        };
        let line = request_line.unwrap_or_default();
        if consumed > limits.max_header_bytes {
            self.fail_with(431, Some(&line), Some(&head.headers));
            return false;
        }
        self.read_buf.drain(..consumed);
        // A pipelined head already behind this one starts its clock now.
        self.head_started = (!self.read_buf.is_empty()).then_some(self.last_read);

        // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is 400.
        if head.version >= 1 && head.headers.get_all("host").count() != 1 {
            self.fail_with(400, Some(&line), Some(&head.headers));
            return false;
        }
        if let Some(status) = ambiguous_framing(&head) {
            self.fail_with(status, Some(&line), Some(&head.headers));
            return false;
        }
        let framing = match request_body_length(&head) {
            Ok(BodyLength::Empty | BodyLength::Fixed(0)) => None,
            Ok(BodyLength::Fixed(n)) if n > limits.max_body_bytes => {
                self.fail_with(413, Some(&line), Some(&head.headers));
                return false;
            }
            Ok(BodyLength::Fixed(n)) => Some(Framing::Fixed(n)),
            Ok(BodyLength::Chunked) => {
                Some(Framing::Chunked(ChunkedDecoder::new(limits.max_body_bytes)))
            }
            // Requests are never delimited by close (RFC 9112 §6.3, rule 7).
            Ok(BodyLength::UntilClose) => {
                self.fail_with(400, Some(&line), Some(&head.headers));
                return false;
            }
            Err(err) => {
                self.fail_with(err.status_code(), Some(&line), Some(&head.headers));
                return false;
            }
        };
        let (upload, refused) = match site.begin(&head.method, &head.target) {
            Ok(upload) => (upload, None),
            Err(response) => (None, Some(response)),
        };
        // RFC 9110 §10.1.1: a client that sent `Expect: 100-continue` waits
        // for an interim response before sending the body. It gets one only
        // for a request that may succeed; a request already refused gets
        // its final answer instead, and the connection closes, since the
        // client may or may not send the body now.
        let expects = head
            .headers
            .get("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
        if framing.is_some() && expects && head.version >= 1 {
            if let Some(response) = refused {
                self.error_close(response, &line, &head.headers);
                return false;
            }
            self.out.push(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        // A request without a body is one whose zero body bytes have all
        // arrived: the next step answers it.
        self.reading = Reading::Body(Box::new(Pending {
            head,
            request_line: line,
            framing: framing.unwrap_or(Framing::Fixed(0)),
            upload,
            refused,
        }));
        true
    }

    /// Answers one complete request and queues the response.
    fn dispatch(&mut self, site: &Site, pending: Pending) {
        let Pending {
            head,
            request_line,
            upload,
            refused,
            ..
        } = pending;
        let connection = field_values(&head.headers, "connection");
        let keep_alive = lesson03::keeps_alive(head.version, &connection) && !self.draining;
        let response = match refused {
            Some(response) => response,
            None => site.respond(Request {
                method: &head.method,
                target: &head.target,
                headers: &head.headers,
                upload,
            }),
        };
        let head_only = head.method == "HEAD";
        self.queue(
            response,
            head_only,
            !keep_alive,
            head.version == 0,
            Some(&request_line),
            Some(&head.headers),
        );
    }

    /// Answers `response` to a request whose head is known, and closes.
    fn error_close(&mut self, response: Response, line: &str, headers: &Headers) {
        self.read_buf = Vec::new();
        self.reading = Reading::Head;
        self.queue(response, false, true, false, Some(line), Some(headers));
    }

    /// Answers an error and closes the connection after it.
    fn fail(&mut self, status: u16) {
        let line = first_line(&self.read_buf);
        self.fail_with(status, line.as_deref(), None);
    }

    fn fail_with(&mut self, status: u16, line: Option<&str>, headers: Option<&Headers>) {
        self.read_buf = Vec::new();
        self.reading = Reading::Head;
        self.queue(Response::error(status), false, true, false, line, headers);
    }

    /// Whether the connection's deadline has really passed at `now`.
    ///
    /// Before a stalled response is given up, the kernel is asked how much
    /// it still holds ([`unsent_bytes`]): if that shrank since the last look,
    /// the client took bytes – a slow reader, not a dead one – and the send
    /// timeout starts again from now. This look costs one `ioctl` per
    /// deadline reached, not one per write.
    pub fn expired(&mut self, now: Instant, timeouts: Timeouts) -> bool {
        if now < self.deadline(timeouts) {
            return false;
        }
        if self.wants_write() || self.lingering.is_some() {
            let unsent = unsent_bytes(&self.stream).unwrap_or(0);
            if unsent < self.unsent {
                self.unsent = unsent;
                self.last_sent = now;
                return now >= self.deadline(timeouts);
            }
            self.unsent = unsent;
        }
        true
    }

    /// Sends a `408 Request Timeout` if a request was half received, then
    /// closes (RFC 9110 §15.5.9). An idle connection between requests, or
    /// one whose response stalled, is simply closed.
    pub fn time_out(&mut self) {
        let mid_request = !self.read_buf.is_empty() || matches!(self.reading, Reading::Body(_));
        if mid_request && !self.wants_write() && self.lingering.is_none() {
            self.fail(408);
            // One attempt only: a client that stalls does not get to hold the
            // connection open by not reading the 408 either.
            let _ = self.out.flush(&mut self.stream);
        }
        self.close_after_write = true;
        self.out = WriteQueue::new();
        self.streaming = None;
    }

    /// Renders and queues `response`, logs it, and starts a file stream.
    fn queue(
        &mut self,
        response: Response,
        head_only: bool,
        close: bool,
        http10: bool,
        line: Option<&str>,
        headers: Option<&Headers>,
    ) {
        let now = SystemTime::now();
        let head = response.render_head(&http_date(now), close, http10 && !close);
        self.out.push(&head);
        let send_body = !head_only && response.has_content();
        let body_bytes = if send_body { response.body.len() } else { 0 };
        let entry = Entry {
            client: self.peer,
            request_line: line,
            status: response.status,
            body_bytes,
            referer: headers.and_then(|h| h.get("referer")),
            user_agent: headers.and_then(|h| h.get("user-agent")),
        };
        eprintln!("{}", format_line(&entry, now));
        if send_body {
            match response.body {
                Body::Empty => {}
                Body::Bytes(bytes) => self.out.push(&bytes),
                // An empty file has nothing to stream: its head is the
                // whole response.
                Body::File { len: 0, .. } => {}
                Body::File { file, len } => {
                    self.streaming = Some(FileStream {
                        file,
                        remaining: len,
                    });
                }
            }
        }
        if close {
            self.close_after_write = true;
            self.read_buf = Vec::new();
        }
    }

    /// Writes what the socket takes, refilling from the streamed file as the
    /// queue empties.
    ///
    /// # Errors
    ///
    /// A write error (`EPIPE`, `ECONNRESET`, …) or a file read error: the
    /// connection is finished.
    pub fn on_writable(&mut self, now: Instant) -> io::Result<()> {
        loop {
            // Top the queue up from the file before writing, so that a small
            // file leaves in the same write(2) as its head.
            self.refill()?;
            let before = self.out.len();
            let flushed = self.out.flush(&mut self.stream)?;
            if self.out.len() != before {
                self.last_sent = now;
            }
            if let Flushed::WouldBlock { .. } = flushed {
                // The kernel's queue is full: remember how full, so that the
                // send timeout can tell a slow reader from a dead one.
                self.unsent = unsent_bytes(&self.stream).unwrap_or(0);
                return Ok(());
            }
            if self.streaming.is_none() {
                self.out = WriteQueue::new(); // give the buffer back while idle
                return Ok(());
            }
        }
    }

    /// Reads the next piece of the file being sent into the write queue,
    /// unless the queue already holds a [`FILE_CHUNK`]: memory stays bounded
    /// however large the file, because the file is read only as fast as the
    /// client takes it (back-pressure).
    ///
    /// # Errors
    ///
    /// A read error, or a file that ended before its announced length.
    fn refill(&mut self) -> io::Result<()> {
        let Some(stream) = &mut self.streaming else {
            return Ok(());
        };
        if self.out.len() >= FILE_CHUNK {
            return Ok(());
        }
        let want = stream.remaining.min(FILE_CHUNK as u64) as usize;
        let mut chunk = vec![0u8; want];
        let n = stream.file.read(&mut chunk)?;
        if n == 0 {
            // The file shrank after its length was sent: the response
            // cannot be completed, so end the connection (the client sees
            // a short body, never a wrong one).
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "file shorter than its Content-Length",
            ));
        }
        stream.remaining -= n as u64;
        if stream.remaining == 0 {
            self.streaming = None;
        }
        self.out.push(&chunk[..n]);
        Ok(())
    }

    /// Marks the connection for closing after the current response, for
    /// shutdown.
    pub fn drain(&mut self) {
        self.draining = true;
        if self.is_idle() {
            self.close_after_write = true;
        }
    }

    /// Nothing received, nothing to send.
    pub fn is_idle(&self) -> bool {
        self.read_buf.is_empty()
            && matches!(self.reading, Reading::Head)
            && self.out.is_empty()
            && self.streaming.is_none()
    }

    /// Has output waiting (EPOLLOUT is wanted).
    pub fn wants_write(&self) -> bool {
        self.out.wants_writable() || self.streaming.is_some()
    }

    /// May read more (EPOLLIN is wanted): lingering, or not closing and not
    /// held back by unsent output.
    pub fn wants_read(&self) -> bool {
        self.lingering.is_some()
            || (!self.close_after_write
                && !self.peer_closed
                && self.streaming.is_none()
                && self.out.len() < HIGH_WATER)
    }

    /// May parse and answer more of what is already buffered: not closing,
    /// not streaming a file, not held back by unsent output. Unlike
    /// [`Conn::wants_read`] this holds after the peer's end of stream too: a
    /// client may send pipelined requests and then half-close, and every
    /// complete request it sent is still answered (RFC 9112 §9.6).
    pub fn may_parse(&self) -> bool {
        self.lingering.is_none()
            && !self.close_after_write
            && self.streaming.is_none()
            && self.out.len() < HIGH_WATER
    }

    /// Everything is done: close the socket now. That is when the peer has
    /// closed its side and nothing is left to send – after a lingering close
    /// too, the client's EOF is the sign it has read everything.
    pub fn is_finished(&self) -> bool {
        !self.wants_write() && self.peer_closed
    }

    /// The last response is handed to the kernel and the connection is to
    /// close: shut down our sending side (the kernel sends what it holds,
    /// then FIN) and start lingering (RFC 9112 §9.6). Does nothing unless
    /// that is the situation.
    pub fn start_lingering(&mut self, now: Instant) {
        if self.lingering.is_some()
            || self.peer_closed
            || self.wants_write()
            || !self.close_after_write
        {
            return;
        }
        let _ = self.stream.shutdown(Shutdown::Write);
        self.lingering = Some(now);
        self.read_buf = Vec::new();
        self.unsent = unsent_bytes(&self.stream).unwrap_or(0);
    }

    /// When this connection times out, by phase (see [`Timeouts`]):
    ///
    /// | phase | deadline |
    /// |---|---|
    /// | lingering, the kernel still sending | last bytes taken + send |
    /// | lingering, all delivered | start of lingering + [`LINGER`] |
    /// | sending a response | last bytes taken + send |
    /// | receiving a body | last bytes received + idle |
    /// | receiving a head | its first byte + header |
    /// | idle between requests | last activity + idle |
    pub fn deadline(&self, timeouts: Timeouts) -> Instant {
        if let Some(since) = self.lingering {
            return if self.unsent > 0 {
                self.last_sent.max(since) + timeouts.send
            } else {
                since + timeouts.idle.min(LINGER)
            };
        }
        if self.wants_write() {
            return self.last_sent + timeouts.send;
        }
        match (&self.reading, self.head_started) {
            (Reading::Body(_), _) => self.last_read + timeouts.idle,
            (Reading::Head, Some(started)) => started + timeouts.header,
            (Reading::Head, None) => self.last_read.max(self.last_sent) + timeouts.idle,
        }
    }

    fn shrink_if_idle(&mut self) {
        if self.read_buf.is_empty() && self.read_buf.capacity() > 0 {
            self.read_buf = Vec::new();
        }
    }
}

/// The status for framing that RFC 9112 allows but that two parsers may
/// still read differently – the raw material of request smuggling – or
/// `None` when the framing is plain.
///
/// - `Transfer-Encoding` in an HTTP/1.0 request: a 1.0 recipient does not
///   know chunked, so the message "MUST be treated as having faulty
///   framing" (RFC 9112 §6.1): 400 and close.
/// - `Content-Length` given twice, or as a list (`1000, 1000`): RFC 9110
///   §8.6 lets a recipient accept identical values as one, but a proxy in
///   front of us may have taken only the first field, or refused the list;
///   nginx refuses them, and so do we.
///
/// ```text
/// POST /x HTTP/1.0            POST /x HTTP/1.1
/// Transfer-Encoding: chunked  Content-Length: 5
///                             Content-Length: 5     → both 400
/// ```
fn ambiguous_framing(head: &RequestHead) -> Option<u16> {
    if head.version == 0 && head.headers.get("transfer-encoding").is_some() {
        return Some(400);
    }
    let mut lengths = head.headers.get_all("content-length");
    let first = lengths.next()?;
    if lengths.next().is_some() || first.contains(',') {
        return Some(400);
    }
    None
}

/// The first non-empty line of `buf` (empty lines before a request are
/// allowed, RFC 9112 §2.2), once complete and if it is text.
fn first_line(buf: &[u8]) -> Option<String> {
    let mut pos = 0;
    loop {
        let (line, used) = next_line(&buf[pos..])?;
        pos += used;
        if !line.is_empty() {
            return Some(String::from_utf8_lossy(line).into_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_skips_empty_lines() {
        assert_eq!(
            first_line(b"\r\nGET / HTTP/1.1\r\nHost"),
            Some("GET / HTTP/1.1".into())
        );
        assert_eq!(first_line(b"GET / HT"), None);
    }
}
