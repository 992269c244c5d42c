//! A scripted peer: the fake server a black-box client test talks to.
//!
//! To test an HTTP *client* you need a server that does exactly what the
//! test wants – answer in one piece or one byte at a time, stall, close
//! half-way – and tells you afterwards exactly what the client sent. A real
//! server is too well-behaved for that. A scripted peer is a list of
//! [`Step`]s run in order on one accepted connection:
//!
//! ```text
//!   client under test                      scripted peer (run_steps)
//!   ─────────────────                      ─────────────────────────
//!   GET /a HTTP/1.1\r\n…\r\n  ──────────►  0 ExpectRequest   records the bytes
//!                             ◄──────────  1 Send(200, Every(1), 2 ms)
//!   GET /b HTTP/1.1\r\n…\r\n  ──────────►  2 ExpectRequest
//!                             ◄──────────  3 Send(200 + Connection: close)
//!                             ◄── FIN ───  4 Close
//! ```
//!
//! Three rules keep such a peer from ever hanging or lying:
//!
//! * **One deadline for the whole script.** Every read and write gets the
//!   time that is *left*, so a client that sends nothing fails the script
//!   in bounded time instead of blocking the test run forever.
//! * **Exact bytes.** `ExpectRequest` takes exactly one request off the
//!   stream – the head up to its empty line, then `Content-Length` bytes of
//!   body – and records those bytes untouched, so a test can compare them
//!   byte for byte.
//! * **Nothing is lost.** Bytes that arrive beyond one request (a client
//!   that pipelines, RFC 9112 §9.3.2) stay buffered for the next
//!   `ExpectRequest`.
//!
//! The request framing here is deliberately small: a head parsed by
//! `httparse` ([`request_len`]) and a `Content-Length` body. A chunked
//! request body is refused with [`StepError::BadRequest`].

use std::fmt;
use std::io;
use std::net::TcpStream;
use std::time::Duration;

use crate::pieces::Plan;
use crate::transcript::Transcript;

/// One step of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Read exactly one HTTP request and record its bytes.
    ExpectRequest,
    /// Write `bytes`, cut by `plan`, pausing `pause` between pieces.
    Send {
        /// The bytes to send, e.g. a whole response.
        bytes: Vec<u8>,
        /// Where to cut them.
        plan: Plan,
        /// How long to wait between two pieces.
        pause: Duration,
    },
    /// Do nothing for this long (never longer than the time left). This is
    /// a deliberate stall – to see what the client does when the server is
    /// slow – not a way to wait for something to happen.
    Pause(Duration),
    /// `shutdown(SHUT_WR)`: send FIN, saying "nothing more from me", while
    /// still able to read.
    HalfClose,
    /// `shutdown(SHUT_RDWR)` and end the script; later steps are not run.
    Close,
}

impl Step {
    /// A [`Step::Send`] of `bytes` in one piece.
    pub fn send(bytes: impl Into<Vec<u8>>) -> Step {
        Step::Send {
            bytes: bytes.into(),
            plan: Plan::Whole,
            pause: Duration::ZERO,
        }
    }

    /// A [`Step::Send`] of `bytes` cut by `plan`, `pause` between pieces.
    pub fn send_split(bytes: impl Into<Vec<u8>>, plan: Plan, pause: Duration) -> Step {
        Step::Send {
            bytes: bytes.into(),
            plan,
            pause,
        }
    }
}

/// What a script run recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The exact bytes of each request, one entry per `ExpectRequest`.
    pub requests: Vec<Vec<u8>>,
    /// Every request received and every `Send`, in order.
    pub transcript: Transcript,
}

/// Why a script stopped early. `step` is the index of the failing step in
/// the slice (counting from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// The client closed its side before a whole request arrived. `got`
    /// holds the bytes of the unfinished request.
    Closed {
        /// Index of the step.
        step: usize,
        /// What had arrived of the request.
        got: Vec<u8>,
    },
    /// The deadline passed before the step could finish. For
    /// `ExpectRequest`, `got` holds what had arrived; otherwise it is empty.
    Timeout {
        /// Index of the step.
        step: usize,
        /// What had arrived of the request.
        got: Vec<u8>,
    },
    /// The bytes are not an HTTP request this peer can read.
    BadRequest {
        /// Index of the step.
        step: usize,
        /// What is wrong with them.
        reason: String,
    },
    /// Any other I/O error (a reset connection, …).
    Io {
        /// Index of the step.
        step: usize,
        /// The error's kind.
        kind: io::ErrorKind,
        /// The error's message.
        message: String,
    },
}

impl StepError {
    /// The index of the step that failed.
    pub fn step(&self) -> usize {
        match self {
            StepError::Closed { step, .. }
            | StepError::Timeout { step, .. }
            | StepError::BadRequest { step, .. }
            | StepError::Io { step, .. } => *step,
        }
    }

    /// An [`StepError::Io`] for step `step`.
    pub fn io(step: usize, error: &io::Error) -> StepError {
        StepError::Io {
            step,
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::Closed { step, got } => write!(
                f,
                "step {step}: the client closed the connection before a whole request arrived \
                 ({} bytes: {:?})",
                got.len(),
                String::from_utf8_lossy(got)
            ),
            StepError::Timeout { step, got } => write!(
                f,
                "step {step}: the deadline passed ({} bytes of the request had arrived: {:?})",
                got.len(),
                String::from_utf8_lossy(got)
            ),
            StepError::BadRequest { step, reason } => {
                write!(f, "step {step}: not a request this peer can read: {reason}")
            }
            StepError::Io {
                step,
                kind,
                message,
            } => write!(f, "step {step}: I/O error ({kind:?}): {message}"),
        }
    }
}

impl std::error::Error for StepError {}

/// How long one complete request at the start of `buf` is, if it is all
/// there.
///
/// # Returns
///
/// * `Ok(None)`: the head or the body is not complete yet – read more;
/// * `Ok(Some(n))`: `buf[..n]` is one whole request (head and
///   `Content-Length` body); anything after it belongs to the next one;
///
/// # Errors
///
/// A reason, when the head is malformed, carries `Transfer-Encoding` (not
/// supported here) or an invalid or conflicting `Content-Length`
/// (RFC 9112 §6.3).
///
/// ```
/// use lesson06::request_len;
///
/// let two = b"POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\n\r\n";
/// assert_eq!(request_len(two), Ok(Some(40)));
/// assert_eq!(request_len(b"GET / HTTP/1.1\r\nHost: a"), Ok(None));
/// assert!(request_len(b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n").is_err());
/// ```
pub fn request_len(buf: &[u8]) -> Result<Option<usize>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    let head_len = match request.parse(buf) {
        Ok(httparse::Status::Partial) => return Ok(None),
        Ok(httparse::Status::Complete(n)) => n,
        Err(e) => return Err(format!("malformed request head: {e}")),
    };
    let mut body_len: Option<usize> = None;
    for header in request.headers.iter() {
        if header.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err("Transfer-Encoding in a request is not supported by this peer".into());
        }
        if header.name.eq_ignore_ascii_case("content-length") {
            let value = std::str::from_utf8(header.value)
                .ok()
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<usize>().ok())
                .ok_or_else(|| {
                    format!(
                        "invalid Content-Length {:?}",
                        String::from_utf8_lossy(header.value)
                    )
                })?;
            if body_len.is_some_and(|earlier| earlier != value) {
                return Err("conflicting Content-Length values".into());
            }
            body_len = Some(value);
        }
    }
    let total = head_len
        .checked_add(body_len.unwrap_or(0))
        .ok_or("Content-Length too large")?;
    Ok((buf.len() >= total).then_some(total))
}

/// Runs `steps` in order on `conn`, all within `deadline` from the call,
/// and returns what it recorded.
///
/// Work out the end time once (`Instant::now() + deadline`) and keep a
/// buffer of bytes read but not yet taken by a request. For each step:
///
/// * `ExpectRequest`: while [`request_len`] does not find a whole request at
///   the start of the buffer, read more into it (with
///   `conn.set_read_timeout` set to the time left). Then take exactly that
///   many bytes off the front of the buffer – leave the rest there for the
///   next `ExpectRequest` (pipelining) – and record them in
///   [`Record::requests`] and with [`Transcript::to_server`].
/// * `Send { bytes, plan, pause }`: set `conn.set_write_timeout` to the
///   time left, call [`send_in_pieces`](crate::send_in_pieces), then record the bytes with
///   [`Transcript::to_client`].
/// * `Pause(d)`: sleep `d`, or the time left if that is shorter.
/// * `HalfClose`: `conn.shutdown(Shutdown::Write)`.
/// * `Close`: `conn.shutdown(Shutdown::Both)`, then return `Ok` at once
///   (later steps do not run).
///
/// After the last step, return `Ok(record)`.
///
/// Errors, each with the index of the failing step (`step`, from 0):
///
/// * a read returns `Ok(0)` before a whole request is there →
///   `StepError::Closed { step, got }` (`got`: the buffered bytes);
/// * no time left before a read or write, or the read or write times out
///   (`ErrorKind::WouldBlock` or `TimedOut`) → `StepError::Timeout { step,
///   got }` (`got`: the buffered bytes for `ExpectRequest`, else empty);
/// * [`request_len`] returns `Err(reason)` →
///   `StepError::BadRequest { step, reason }`;
/// * any other I/O error → [`StepError::io`]`(step, &error)`
///   (`ErrorKind::Interrupted` from a read: just read again).
///
/// ```text
/// steps [ExpectRequest, send(OK)], client sends GET_A, reads
///     → client receives OK; Ok(Record { requests: [GET_A], transcript: > GET_A, < OK })
/// steps [ExpectRequest, send(OK_A), ExpectRequest, send(OK_B)], client sends GET_A GET_B in one write
///     → Ok(Record { requests: [GET_A, GET_B], .. })
/// steps [ExpectRequest, send(OK), ExpectRequest], client sends GET_A + "GET /b HT", then FIN
///     → Err(Closed { step: 2, got: b"GET /b HT" })
/// steps [ExpectRequest], deadline 200 ms, client sends nothing
///     → after about 200 ms: Err(Timeout { step: 0, got: [] })
/// steps [ExpectRequest, send(OK), Close, ExpectRequest]
///     → Ok(Record { requests: [GET_A], .. })   (the last step never runs)
/// ```
pub fn run_steps(
    conn: &mut TcpStream,
    steps: &[Step],
    deadline: Duration,
) -> Result<Record, StepError> {
    todo!("lesson 06: run_steps({conn:?}, {steps:?}, {deadline:?})")
}
