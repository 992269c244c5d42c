//! A scripted TCP peer that plays the server for `quest get`.
//!
//! To grade a client, the harness needs a server that misbehaves on
//! purpose: one that answers in one-byte pieces, stops halfway through a
//! body, closes a keep-alive connection, or resets it. A real server cannot
//! be told to do that, so [`ScriptedPeer`] follows a [`Script`] instead:
//! for each accepted connection, in accept order, a list of [`Step`]s such
//! as "read one request", "send these bytes in 3-byte pieces", "hold the
//! connection for a second", "reset". Everything the client sends is
//! recorded byte for byte, so a check can compare the exact request bytes.
//!
//! Three promises make it usable by a grader:
//!
//! * **Concurrency.** Each connection runs on its own thread, so a client
//!   that opens a second connection while the first is still scripted, or
//!   fetches from several peers at once, is served at once.
//! * **Bounded time.** No socket operation can block for ever: the listener
//!   is non-blocking and polled, every read and write has a deadline
//!   ([`Options::step_timeout`]), and [`ScriptedPeer::finish`] cuts every
//!   [`Step::Hold`] short. So `finish` returns in bounded time even when the
//!   client never connects, or connects and never sends.
//! * **Nothing the client does panics the peer.** Failures – the client
//!   closed early, sent something that is not HTTP, never finished a body –
//!   become messages in [`PeerReport::errors`], each naming the connection,
//!   the step, and the bytes that did arrive.
//!
//! A request is "one whole request" as RFC 9112 frames it: the head up to
//! the empty line (parsed with `httparse`), then a body of `Content-Length`
//! bytes, or a chunked body up to its last chunk and trailer section
//! (§6.3, §7.1), or no body at all. Bytes after it stay buffered for the next
//! [`Step::ExpectRequest`]: that is how pipelined requests are read.
//!
//! The file is long because a peer is one idea with three parts that only
//! make sense together – the script a check writes, the accepting thread,
//! and the connection threads that run the steps – and because half of it
//! is the tests that prove the three promises above.

use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::sys::set_linger_zero;
pub use crate::wire::http::RequestHead;
use crate::wire::http::{Malformed, parse_request_head, request_len};
use crate::wire::pieces::{Split, cut, send_in_pieces};
use crate::wire::preview::described;
use crate::wire::socket::{DeadlineWriter, Fill, read_more};

/// How often the listener and [`Step::Hold`] look for [`ScriptedPeer::finish`].
const POLL: Duration = Duration::from_millis(10);

/// The longest a [`Step::Close`] waits for the client to close its side.
const LINGER: Duration = Duration::from_secs(1);

/// How many queued connections `finish` still accepts at most.
const MAX_LATE_ACCEPTS: usize = 1024;

/// One thing the peer does on a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Read one whole request and record its exact bytes; bytes after it
    /// stay buffered for the next `ExpectRequest` (pipelining).
    ExpectRequest,
    /// Send `bytes`, cut as `split` says, with `pause` between the pieces.
    Send {
        /// The bytes to send.
        bytes: Vec<u8>,
        /// Where to cut them.
        split: Split,
        /// How long to wait between two pieces.
        pause: Duration,
    },
    /// Keep the connection open doing nothing for this long (less if the
    /// peer is finished meanwhile).
    Hold(Duration),
    /// Close the sending side only (`shutdown(2)` with `SHUT_WR`): the
    /// client reads end of file, and the peer can still read.
    HalfClose,
    /// Close the connection in an orderly way: the client reads end of file.
    Close,
    /// Abort the connection: the client's next read fails with
    /// `ECONNRESET` (see [`set_linger_zero`]).
    Reset,
}

impl Step {
    /// Sends `bytes` in one piece.
    pub fn send(bytes: impl Into<Vec<u8>>) -> Step {
        Step::send_split(bytes, Split::Whole, Duration::ZERO)
    }

    /// Sends `bytes` cut as `split` says, pausing `pause` between pieces.
    pub fn send_split(bytes: impl Into<Vec<u8>>, split: Split, pause: Duration) -> Step {
        Step::Send {
            bytes: bytes.into(),
            split,
            pause,
        }
    }

    /// The step's name, as error messages show it.
    pub fn name(&self) -> &'static str {
        match self {
            Step::ExpectRequest => "ExpectRequest",
            Step::Send { .. } => "Send",
            Step::Hold(_) => "Hold",
            Step::HalfClose => "HalfClose",
            Step::Close => "Close",
            Step::Reset => "Reset",
        }
    }
}

/// What the peer does on each connection, in accept order.
///
/// Connections beyond the script read and record one request, then close.
#[derive(Debug, Clone, Default)]
pub struct Script {
    connections: Vec<Vec<Step>>,
}

impl Script {
    /// A script with no connections yet.
    pub fn new() -> Self {
        Script::default()
    }

    /// Adds the steps for the next connection.
    pub fn connection(mut self, steps: Vec<Step>) -> Self {
        self.connections.push(steps);
        self
    }

    /// A script that answers each of `count` connections with one request
    /// and `response`, then closes.
    pub fn answering(count: usize, response: &[u8]) -> Self {
        (0..count).fold(Script::new(), |script, _| {
            script.connection(vec![Step::ExpectRequest, Step::send(response), Step::Close])
        })
    }

    /// The steps for connection `number` (1-based).
    fn steps_for(&self, number: usize) -> Vec<Step> {
        number
            .checked_sub(1)
            .and_then(|index| self.connections.get(index))
            .cloned()
            .unwrap_or_else(|| vec![Step::ExpectRequest, Step::Close])
    }
}

/// How patient the peer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The longest one step may take: waiting for a request, or sending
    /// (plus the pauses the step asks for).
    pub step_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            step_timeout: Duration::from_secs(10),
        }
    }
}

/// Everything the peer saw, returned by [`ScriptedPeer::finish`].
#[derive(Debug, Clone)]
pub struct PeerReport {
    /// How many connections were accepted.
    pub connections: usize,
    /// The requests, in the order they completed.
    pub requests: Vec<Recorded>,
    /// What went wrong, one sentence each, e.g. `connection 1, step 2
    /// (ExpectRequest): the client closed the connection after 18 bytes:
    /// "GET / HTTP/1.1\r\nHo"`.
    pub errors: Vec<String>,
}

/// One request exactly as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The connection it came on: 1 for the first accepted, and so on.
    pub connection: usize,
    /// Its bytes: head and body, as on the wire.
    pub bytes: Vec<u8>,
}

impl Recorded {
    /// The request head, parsed with `httparse`.
    ///
    /// # Errors
    ///
    /// Never for a request the peer recorded (it parsed the head to find
    /// its end); the `Result` is for [`Recorded`] values built by hand.
    pub fn head(&self) -> Result<RequestHead, Malformed> {
        parse_request_head(&self.bytes)
    }

    /// The body as it was on the wire (still chunked, if it was sent so);
    /// empty when the head does not parse.
    pub fn body(&self) -> &[u8] {
        self.head().map_or(&[][..], |head| {
            self.bytes.get(head.len..).unwrap_or_default()
        })
    }
}

/// A running scripted peer. Stop it with [`ScriptedPeer::finish`].
#[derive(Debug)]
pub struct ScriptedPeer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl ScriptedPeer {
    /// Starts a peer on `127.0.0.1` and a port the kernel picks.
    ///
    /// # Errors
    ///
    /// The socket cannot be bound, or the thread cannot be started.
    pub fn start(script: Script) -> io::Result<ScriptedPeer> {
        ScriptedPeer::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), script)
    }

    /// Starts a peer on `addr`, e.g. `127.0.0.2:0` or `[::1]:0`.
    ///
    /// # Errors
    ///
    /// As [`ScriptedPeer::start`].
    pub fn start_on(addr: SocketAddr, script: Script) -> io::Result<ScriptedPeer> {
        ScriptedPeer::start_with(addr, script, Options::default())
    }

    /// Starts a peer on `addr` with `options`.
    ///
    /// # Errors
    ///
    /// As [`ScriptedPeer::start`].
    pub fn start_with(
        addr: SocketAddr,
        script: Script,
        options: Options,
    ) -> io::Result<ScriptedPeer> {
        let listener = TcpListener::bind(addr)?;
        // Polled, so that the accepting thread notices `finish`.
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            options,
            stop: AtomicBool::new(false),
            accepted: AtomicUsize::new(0),
            log: Mutex::new(Log::default()),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name(format!("peer {addr}"))
                .spawn(move || accept_loop(&listener, &script, &shared))?
        };
        Ok(ScriptedPeer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// The address the peer listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// An `http://` URL for `path` on this peer, e.g.
    /// `http://127.0.0.1:41327/index.html` (IPv6 in brackets).
    pub fn url(&self, path: &str) -> String {
        let slash = if path.starts_with('/') { "" } else { "/" };
        format!("http://{}{slash}{path}", self.addr)
    }

    /// How many connections have been accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Stops accepting, cuts every [`Step::Hold`] short, waits for every
    /// connection's script to end, and reports what happened.
    ///
    /// Steps other than `Hold` still run, each within
    /// [`Options::step_timeout`], so this returns in bounded time.
    pub fn finish(mut self) -> PeerReport {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take()
            && acceptor.join().is_err()
        {
            self.shared
                .error("the accepting thread panicked".to_owned());
        }
        let log = self.shared.log();
        PeerReport {
            connections: self.shared.accepted.load(Ordering::SeqCst),
            requests: log.requests.clone(),
            errors: log.errors.clone(),
        }
    }
}

impl Drop for ScriptedPeer {
    /// A peer dropped without [`ScriptedPeer::finish`] (a failing test)
    /// still stops; its threads end on their own, in bounded time.
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
    }
}

/// What the threads of one peer share.
#[derive(Debug)]
struct Shared {
    options: Options,
    /// Set by `finish`: stop accepting, end `Hold`s.
    stop: AtomicBool,
    /// Connections accepted so far.
    accepted: AtomicUsize,
    log: Mutex<Log>,
}

#[derive(Debug, Default)]
struct Log {
    requests: Vec<Recorded>,
    errors: Vec<String>,
}

impl Shared {
    /// The log, even if a thread panicked while holding it: what it holds is
    /// still worth reporting, and `finish` must not panic.
    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn error(&self, message: String) {
        self.log().errors.push(message);
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// Accepts connections until `finish`, each served on its own thread, then
/// waits for those threads.
///
/// A connection the kernel completed before `finish` is still in the
/// listen queue (`listen(2)`), and the client may have sent its request
/// already – so after `finish` the queue is drained once more before the
/// listener closes. A client that exits just before `finish` is therefore
/// always seen, whatever the timing.
fn accept_loop(listener: &TcpListener, script: &Script, shared: &Arc<Shared>) {
    let mut workers = Vec::new();
    let mut last_error = None;
    let mut late = 0;
    loop {
        let stopping = shared.stopping();
        if stopping {
            // Bounded, even against a client that never stops connecting.
            late += 1;
            if late > MAX_LATE_ACCEPTS {
                break;
            }
        }
        match listener.accept() {
            Ok((stream, _)) => {
                let number = shared.accepted.fetch_add(1, Ordering::SeqCst) + 1;
                let steps = script.steps_for(number);
                let for_worker = Arc::clone(shared);
                let worker = thread::Builder::new()
                    .name(format!("peer connection {number}"))
                    .spawn(move || serve(number, stream, &steps, &for_worker));
                match worker {
                    Ok(worker) => workers.push((number, worker)),
                    Err(error) => shared.error(format!(
                        "connection {number}: could not start its thread: {error}"
                    )),
                }
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                if stopping {
                    break;
                }
                thread::sleep(POLL);
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                // E.g. EMFILE: report it once, not every 10 ms.
                let message = format!("accepting a connection failed: {error}");
                if last_error.as_ref() != Some(&message) {
                    shared.error(message.clone());
                    last_error = Some(message);
                }
                if stopping {
                    break;
                }
                thread::sleep(POLL);
            }
        }
    }
    for (number, worker) in workers {
        if worker.join().is_err() {
            shared.error(format!("connection {number}: its thread panicked"));
        }
    }
}

/// Whether the connection is still open after a step.
enum After {
    Open,
    Closed,
}

/// One accepted connection and what it has received but not yet used.
struct Connection<'a> {
    number: usize,
    stream: TcpStream,
    buffered: Vec<u8>,
    shared: &'a Shared,
}

/// Runs `steps` on connection `number`; the first failing step ends it.
fn serve(number: usize, stream: TcpStream, steps: &[Step], shared: &Shared) {
    let mut connection = Connection {
        number,
        stream,
        buffered: Vec::new(),
        shared,
    };
    // An accepted socket is blocking on Linux, but say so rather than rely
    // on it; TCP_NODELAY so that `Send` pieces leave one by one.
    let prepared = connection
        .stream
        .set_nonblocking(false)
        .and_then(|()| connection.stream.set_nodelay(true));
    if let Err(error) = prepared {
        shared.error(format!(
            "connection {number}: cannot set up the socket: {error}"
        ));
        return;
    }
    for (index, step) in steps.iter().enumerate() {
        let failed = |message: String| {
            format!(
                "connection {number}, step {} ({}): {message}",
                index + 1,
                step.name()
            )
        };
        match connection.run(step) {
            Ok(After::Open) => {}
            Ok(After::Closed) => {
                if let Some(next) = steps.get(index + 1) {
                    shared.error(format!(
                        "connection {number}, step {} ({}): the script goes on after the connection was closed",
                        index + 2,
                        next.name()
                    ));
                }
                return;
            }
            Err(message) => {
                shared.error(failed(message));
                return;
            }
        }
    }
    connection.close();
}

impl Connection<'_> {
    fn run(&mut self, step: &Step) -> Result<After, String> {
        match step {
            Step::ExpectRequest => self.expect_request().map(|()| After::Open),
            Step::Send {
                bytes,
                split,
                pause,
            } => self.send(bytes, split, *pause).map(|()| After::Open),
            Step::Hold(duration) => {
                self.hold(*duration);
                Ok(After::Open)
            }
            Step::HalfClose => self
                .stream
                .shutdown(Shutdown::Write)
                .map(|()| After::Open)
                .map_err(|error| format!("shutdown(SHUT_WR) failed: {error}")),
            Step::Close => {
                self.close();
                Ok(After::Closed)
            }
            Step::Reset => set_linger_zero(&self.stream)
                .map(|()| After::Closed)
                .map_err(|error| format!("setting SO_LINGER failed: {error}")),
        }
    }

    /// Reads until the buffer holds one whole request, then records it.
    fn expect_request(&mut self) -> Result<(), String> {
        let timeout = self.shared.options.step_timeout;
        let deadline = Instant::now() + timeout;
        loop {
            match request_len(&self.buffered) {
                Ok(Some(len)) => {
                    let bytes = self.buffered.drain(..len).collect();
                    self.shared.log().requests.push(Recorded {
                        connection: self.number,
                        bytes,
                    });
                    return Ok(());
                }
                Ok(None) => {}
                Err(Malformed(reason)) => {
                    return Err(format!(
                        "malformed request: {reason}; received {}",
                        described(&self.buffered)
                    ));
                }
            }
            match read_more(&self.stream, &mut self.buffered, deadline) {
                Ok(Fill::Data) => {}
                Ok(Fill::Eof) if self.buffered.is_empty() => {
                    return Err(
                        "the client closed the connection without sending a request".to_owned()
                    );
                }
                Ok(Fill::Eof) => {
                    return Err(format!(
                        "the client closed the connection after {}",
                        described(&self.buffered)
                    ));
                }
                Ok(Fill::TimedOut) if self.buffered.is_empty() => {
                    return Err(format!("no request arrived within {timeout:?}"));
                }
                Ok(Fill::TimedOut) => {
                    return Err(format!(
                        "no whole request within {timeout:?}; received {}",
                        described(&self.buffered)
                    ));
                }
                Err(error) => {
                    return Err(format!(
                        "reading the request failed ({error}) after {}",
                        described(&self.buffered)
                    ));
                }
            }
        }
    }

    /// Sends `bytes` in pieces; the step may take the step timeout plus the
    /// pauses it asks for.
    fn send(&mut self, bytes: &[u8], split: &Split, pause: Duration) -> Result<(), String> {
        let pieces = cut(bytes.len(), split).len();
        let pauses = pause.saturating_mul(u32::try_from(pieces).unwrap_or(u32::MAX));
        let mut out = DeadlineWriter {
            stream: &self.stream,
            deadline: Instant::now() + self.shared.options.step_timeout.saturating_add(pauses),
        };
        send_in_pieces(&mut out, bytes, split, pause)
            .map(|_| ())
            .map_err(|error| format!("sending {} bytes failed: {error}", bytes.len()))
    }

    /// Does nothing for `duration`, or until the peer is finished.
    fn hold(&self, duration: Duration) {
        let until = Instant::now() + duration;
        while !self.shared.stopping() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            thread::sleep(left.min(POLL));
        }
    }

    /// Closes in stages, as RFC 9112 §9.6 advises: first the sending side
    /// (the client reads end of file after everything sent), then wait a
    /// little for the client to close its side, reading and dropping what
    /// it still sends. Closing a socket with unread bytes in its receive
    /// buffer would send a reset instead (RFC 1122 §4.2.2.13), and that may
    /// destroy the response before the client has read it.
    fn close(&mut self) {
        // Fails only if the client is gone already; the close is all that is left.
        let _ = self.stream.shutdown(Shutdown::Write);
        let until = Instant::now() + LINGER.min(self.shared.options.step_timeout);
        let mut discarded = Vec::new();
        while !self.shared.stopping() {
            let now = Instant::now();
            if now >= until {
                break;
            }
            discarded.clear();
            match read_more(&self.stream, &mut discarded, until.min(now + POLL * 5)) {
                Ok(Fill::Data | Fill::TimedOut) => {}
                Ok(Fill::Eof) | Err(_) => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::client::{RawClient, ReadError};
    use std::io::Read;

    const LONG: Duration = Duration::from_secs(2);
    const RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    fn start(script: Script) -> ScriptedPeer {
        start_with_timeout(script, LONG)
    }

    fn start_with_timeout(script: Script, step_timeout: Duration) -> ScriptedPeer {
        ScriptedPeer::start_with(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            script,
            Options { step_timeout },
        )
        .expect("peer starts")
    }

    fn connect(peer: &ScriptedPeer) -> RawClient {
        RawClient::connect(peer.addr(), LONG).expect("connects")
    }

    /// Waits (briefly) until the peer has accepted `count` connections.
    fn wait_for_connections(peer: &ScriptedPeer, count: usize) {
        let until = Instant::now() + LONG;
        while peer.connections() < count && Instant::now() < until {
            thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(peer.connections(), count);
    }

    #[test]
    fn records_a_request_sent_a_byte_at_a_time_exactly() {
        let peer = start(Script::answering(1, RESPONSE));
        let request = b"GET /a?b=c HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n";
        let mut client = connect(&peer);
        client
            .send_split(request, &Split::Every(1), Duration::ZERO)
            .expect("sends");
        let response = client.read_response(false, LONG).expect("a response");
        assert_eq!(response.body, b"ok");
        drop(client);

        let report = peer.finish();
        assert_eq!(report.errors, Vec::<String>::new());
        assert_eq!(report.connections, 1);
        assert_eq!(
            report.requests,
            vec![Recorded {
                connection: 1,
                bytes: request.to_vec()
            }]
        );
        let head = report.requests[0].head().expect("parses");
        assert_eq!(
            (head.method.as_str(), head.target.as_str()),
            ("GET", "/a?b=c")
        );
        assert_eq!(head.header("host"), Some("example"));
    }

    #[test]
    fn records_two_pipelined_requests_separately() {
        let peer = start(Script::new().connection(vec![
            Step::ExpectRequest,
            Step::ExpectRequest,
            Step::send([RESPONSE, RESPONSE].concat()),
        ]));
        let first = b"PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".to_vec();
        let second = b"GET /f HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
        let mut client = connect(&peer);
        client
            .send(&[first.clone(), second.clone()].concat())
            .expect("sends");
        client.read_response(false, LONG).expect("first response");
        client.read_response(false, LONG).expect("second response");
        drop(client);

        let report = peer.finish();
        assert_eq!(report.errors, Vec::<String>::new());
        let recorded: Vec<_> = report.requests.iter().map(|r| r.bytes.clone()).collect();
        assert_eq!(recorded, vec![first, second]);
        assert_eq!(report.requests[0].body(), b"hello");
    }

    #[test]
    fn records_a_chunked_request_body_whole() {
        let peer = start(Script::answering(1, RESPONSE));
        let request = b"PUT /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
                        4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: yes\r\n\r\n";
        let mut client = connect(&peer);
        client
            .send_split(request, &Split::Every(9), Duration::ZERO)
            .expect("sends");
        client.read_response(false, LONG).expect("a response");
        drop(client);

        let report = peer.finish();
        assert_eq!(report.errors, Vec::<String>::new());
        assert_eq!(report.requests.len(), 1);
        assert_eq!(report.requests[0].bytes, request);
    }

    #[test]
    fn each_connection_gets_its_own_script_and_is_counted() {
        let peer = start(
            Script::new()
                .connection(vec![Step::ExpectRequest, Step::send(RESPONSE)])
                .connection(vec![
                    Step::ExpectRequest,
                    Step::send(&b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"[..]),
                ]),
        );
        let mut statuses = Vec::new();
        for _ in 0..2 {
            let mut client = connect(&peer);
            client
                .send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("sends");
            statuses.push(
                client
                    .read_response(false, LONG)
                    .expect("a response")
                    .status,
            );
        }
        assert_eq!(statuses, vec![200, 404]);
        assert_eq!(peer.connections(), 2);

        let report = peer.finish();
        assert_eq!(report.connections, 2);
        let connections: Vec<_> = report.requests.iter().map(|r| r.connection).collect();
        assert_eq!(connections, vec![1, 2]);
    }

    #[test]
    fn connections_are_served_concurrently() {
        let peer = start(
            Script::new()
                .connection(vec![
                    Step::ExpectRequest,
                    Step::Hold(LONG),
                    Step::send(RESPONSE),
                ])
                .connection(vec![Step::ExpectRequest, Step::send(RESPONSE)]),
        );
        let mut first = connect(&peer);
        first.send(b"GET /1 HTTP/1.1\r\n\r\n").expect("sends");
        wait_for_connections(&peer, 1);
        let started = Instant::now();
        let mut second = connect(&peer);
        second.send(b"GET /2 HTTP/1.1\r\n\r\n").expect("sends");
        second
            .read_response(false, LONG)
            .expect("answered while the first holds");
        assert!(started.elapsed() < Duration::from_secs(1));
        drop(second);

        let finished = Instant::now();
        let report = peer.finish();
        assert!(
            finished.elapsed() < Duration::from_secs(1),
            "finish cut the hold short"
        );
        // The hold ended early and the first connection's script went on.
        assert_eq!(
            first.read_response(false, LONG).expect("late answer").body,
            b"ok"
        );
        assert_eq!(report.requests.len(), 2);
    }

    #[test]
    fn reset_makes_the_client_read_fail_with_connection_reset() {
        let peer = start(Script::new().connection(vec![Step::ExpectRequest, Step::Reset]));
        let mut client = connect(&peer);
        client.send(b"GET / HTTP/1.1\r\n\r\n").expect("sends");
        match client.read_response(false, LONG) {
            Err(ReadError::Io(error)) => assert_eq!(error.kind(), io::ErrorKind::ConnectionReset),
            other => panic!("expected a reset, got {other:?}"),
        }
        assert_eq!(peer.finish().errors, Vec::<String>::new());
    }

    #[test]
    fn half_close_makes_the_client_see_eof_while_the_peer_still_reads() {
        let peer = start(Script::new().connection(vec![Step::HalfClose, Step::ExpectRequest]));
        let mut client = connect(&peer);
        let mut byte = [0_u8; 1];
        client
            .stream()
            .set_read_timeout(Some(LONG))
            .expect("timeout");
        let read = client
            .stream()
            .read(&mut byte)
            .expect("end of file, not an error");
        assert_eq!(read, 0);
        client
            .send(b"GET /late HTTP/1.1\r\n\r\n")
            .expect("sends after EOF");
        client.shutdown_write().expect("shutdown");

        let report = peer.finish();
        assert_eq!(report.errors, Vec::<String>::new());
        assert_eq!(report.requests[0].bytes, b"GET /late HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn close_is_seen_as_end_of_file() {
        let peer = start(Script::new().connection(vec![Step::send(RESPONSE), Step::Close]));
        let mut client = connect(&peer);
        assert_eq!(client.read_to_close(LONG).expect("closed"), RESPONSE);
        peer.finish();
    }

    #[test]
    fn finish_returns_promptly_when_nobody_connects() {
        let peer = start(Script::answering(3, RESPONSE));
        let started = Instant::now();
        let report = peer.finish();
        assert!(started.elapsed() < Duration::from_millis(500));
        assert_eq!(report.connections, 0);
        assert!(report.requests.is_empty() && report.errors.is_empty());
    }

    #[test]
    fn finish_is_bounded_by_the_step_timeout_when_the_client_never_sends() {
        let peer = start_with_timeout(Script::new(), Duration::from_millis(200));
        let client = connect(&peer);
        wait_for_connections(&peer, 1);
        let started = Instant::now();
        let report = peer.finish();
        assert!(started.elapsed() < Duration::from_millis(800));
        assert_eq!(
            report.errors,
            vec!["connection 1, step 1 (ExpectRequest): no request arrived within 200ms"]
        );
        drop(client);
    }

    #[test]
    fn an_incomplete_request_is_reported_with_its_bytes() {
        let peer = start(Script::new());
        let mut client = connect(&peer);
        client.send(b"GET / HTTP/1.1\r\nHo").expect("sends");
        client.shutdown_write().expect("shutdown");

        let report = peer.finish();
        assert_eq!(
            report.errors,
            vec![
                r#"connection 1, step 1 (ExpectRequest): the client closed the connection after 18 bytes: "GET / HTTP/1.1\r\nHo""#
            ]
        );
        assert!(report.requests.is_empty());
    }

    #[test]
    fn a_request_that_is_not_http_is_reported_as_malformed() {
        let peer = start(Script::new());
        let mut client = connect(&peer);
        client
            .send(b"\x16\x03\x01 hello TLS\r\n\r\n")
            .expect("sends");
        let report = peer.finish();
        assert_eq!(report.errors.len(), 1);
        assert!(
            report.errors[0].contains("malformed request"),
            "{:?}",
            report.errors
        );
        assert!(
            report.errors[0].contains(r"\x16\x03\x01"),
            "{:?}",
            report.errors
        );
        drop(client);
    }

    #[test]
    fn connections_beyond_the_script_record_one_request_then_close() {
        let peer = start(Script::new());
        let mut client = connect(&peer);
        client.send(b"GET / HTTP/1.1\r\n\r\n").expect("sends");
        assert!(client.closed_within(LONG));
        let report = peer.finish();
        assert_eq!(report.requests.len(), 1);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
    }

    #[test]
    fn url_names_the_address_and_path() {
        let peer = ScriptedPeer::start_on(SocketAddr::from(([127, 0, 0, 2], 0)), Script::new())
            .expect("127.0.0.2 is loopback too");
        let port = peer.addr().port();
        assert_eq!(peer.url("/x"), format!("http://127.0.0.2:{port}/x"));
        assert_eq!(peer.url("x"), format!("http://127.0.0.2:{port}/x"));
        peer.finish();
    }

    #[test]
    fn a_poisoned_log_does_not_stop_finish() {
        let peer = start(Script::new());
        let shared = Arc::clone(&peer.shared);
        let _ = thread::spawn(move || {
            let _guard = shared.log();
            panic!("poison the log on purpose");
        })
        .join();
        let report = peer.finish();
        assert_eq!(report.connections, 0);
    }
}
