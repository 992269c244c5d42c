//! A raw HTTP/1.1 client that plays the client against `quest serve`.
//!
//! The grader must not trust the student's server to frame its answers
//! correctly – that is what it is checking. So this client works at the
//! level of bytes: it sends exactly what a check asks for (in pieces, if the
//! check wants, see [`crate::wire::pieces`]), and reads responses with an
//! independent parser. The response head is parsed by `httparse`, the same
//! oracle the lessons' tests use; the body length follows RFC 9112 §6.3
//! step by step:
//!
//! 1. no body after a `HEAD` request, or in a `1xx`, `204` or `304` response;
//! 2. `Transfer-Encoding` with `chunked` last: chunked (RFC 9112 §7.1);
//!    `Transfer-Encoding` without it: until the server closes;
//! 3. a valid `Content-Length`: exactly that many bytes (an invalid one is
//!    an unrecoverable error, [`ReadError::Malformed`]);
//! 4. neither: until the server closes.
//!
//! Whatever arrives after one response stays buffered for the next
//! [`RawClient::read_response`], which is how pipelined responses are read.
//! Every read has a deadline, so a server that stalls produces a
//! [`ReadError::TimedOut`] holding what did arrive – never a hang.
//!
//! The framing rules themselves are in [`crate::wire::http`]; what is left
//! here is one idea, a connection that turns bytes into responses, and
//! more than half of the file is its tests against a scripted peer.

use std::fmt;
use std::io::{self, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::sys::set_linger_zero;
use crate::wire::http::{Framing, Malformed, decode_chunked, framing, parse_response_head};
use crate::wire::pieces::{Split, send_in_pieces};
use crate::wire::preview::described;
use crate::wire::socket::{Fill, is_disconnect, read_more};

/// How long one write may block before it fails: a server that never reads
/// must not stall a check.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A client connection that sends raw bytes and reads whole responses.
#[derive(Debug)]
pub struct RawClient {
    stream: TcpStream,
    /// Bytes received but not yet part of a returned response.
    buffered: Vec<u8>,
}

impl RawClient {
    /// Connects to `addr`, giving up after `timeout`.
    ///
    /// `TCP_NODELAY` is on, so pieces sent with [`RawClient::send_split`]
    /// leave as separate segments (see [`crate::wire::pieces`]).
    ///
    /// # Errors
    ///
    /// The connection fails or times out (`connect(2)`), or a socket option
    /// cannot be set.
    pub fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<RawClient> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_nodelay(true)?;
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        Ok(RawClient {
            stream,
            buffered: Vec::new(),
        })
    }

    /// Connects to `addr` as a client on a slow link: a receive buffer of
    /// about `bytes`, set before the handshake
    /// ([`crate::sys::connect_with_receive_buffer`]).
    ///
    /// # Errors
    ///
    /// `addr` is not IPv4, or the connection fails.
    pub fn connect_small_window(addr: SocketAddr, bytes: u32) -> io::Result<RawClient> {
        let SocketAddr::V4(v4) = addr else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a small-window client needs an IPv4 address",
            ));
        };
        let stream = crate::sys::connect_with_receive_buffer(v4, bytes)?;
        stream.set_nodelay(true)?;
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        Ok(RawClient {
            stream,
            buffered: Vec::new(),
        })
    }

    /// Sends `bytes` in one piece.
    ///
    /// # Errors
    ///
    /// The write fails, for example because the server reset the connection
    /// or did not read for [`WRITE_TIMEOUT`].
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// Sends `bytes` in the pieces `split` describes, pausing `pause`
    /// between them.
    ///
    /// # Errors
    ///
    /// As [`RawClient::send`].
    pub fn send_split(&mut self, bytes: &[u8], split: &Split, pause: Duration) -> io::Result<()> {
        send_in_pieces(&mut self.stream, bytes, split, pause).map(|_| ())
    }

    /// Reads one response, waiting at most `deadline` for it.
    ///
    /// `for_head` says that the request was `HEAD`, whose response has no
    /// body whatever its headers say (RFC 9110 §9.3.2). A `1xx` interim
    /// response is returned like any other; call again for the final one.
    /// Bytes after the response stay buffered for the next call.
    ///
    /// # Errors
    ///
    /// [`ReadError::TimedOut`] or [`ReadError::Closed`] when no whole
    /// response arrived, [`ReadError::Malformed`] when `httparse` rejects
    /// the head or the framing is invalid, [`ReadError::Io`] for a socket
    /// error such as a reset.
    pub fn read_response(
        &mut self,
        for_head: bool,
        deadline: Duration,
    ) -> Result<Response, ReadError> {
        let deadline = Instant::now() + deadline;
        let head = loop {
            match parse_response_head(&self.buffered) {
                Ok(Some(head)) => break head,
                Ok(None) => self.fill(deadline)?,
                Err(reason) => return Err(self.malformed(reason)),
            }
        };
        let framing = match framing(&head, for_head) {
            Ok(framing) => framing,
            Err(reason) => return Err(self.malformed(reason)),
        };
        let (body, used) = match framing {
            Framing::NoBody => (Vec::new(), head.len),
            Framing::Length(length) => {
                let end = head.len.saturating_add(length);
                while self.buffered.len() < end {
                    self.fill(deadline)?;
                }
                (self.buffered[head.len..end].to_vec(), end)
            }
            Framing::Chunked => loop {
                match decode_chunked(&self.buffered[head.len..]) {
                    Ok(Some(chunked)) => break (chunked.body, head.len + chunked.len),
                    Ok(None) => self.fill(deadline)?,
                    Err(reason) => return Err(self.malformed(reason)),
                }
            },
            Framing::UntilClose => {
                while self.fill_until_close(deadline)? {}
                (self.buffered[head.len..].to_vec(), self.buffered.len())
            }
        };
        let raw_head = self.buffered[..head.len].to_vec();
        self.buffered.drain(..used);
        Ok(Response {
            version: head.version,
            status: head.status,
            reason: head.reason,
            headers: head.headers,
            body,
            raw_head,
        })
    }

    /// Reads until the server closes the connection, and returns everything
    /// that arrived (including anything still buffered).
    ///
    /// # Errors
    ///
    /// [`ReadError::TimedOut`] when the connection is still open at the
    /// deadline, [`ReadError::Io`] for a socket error.
    pub fn read_to_close(&mut self, deadline: Duration) -> Result<Vec<u8>, ReadError> {
        let deadline = Instant::now() + deadline;
        while self.fill_until_close(deadline)? {}
        Ok(std::mem::take(&mut self.buffered))
    }

    /// True when the server closes the connection (end of file or a reset)
    /// within `within` without sending anything more.
    ///
    /// Bytes that do arrive are kept for the next read.
    pub fn closed_within(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        match read_more(&self.stream, &mut self.buffered, deadline) {
            Ok(Fill::Eof) => true,
            Ok(Fill::Data | Fill::TimedOut) => false,
            Err(error) => is_disconnect(&error),
        }
    }

    /// Reads whatever arrives next (one `read`, at most 16 KiB), waiting at
    /// most `deadline`, and keeps it for the next
    /// [`RawClient::read_response`]. A check that reads a response slowly
    /// calls this with pauses in between, so that the server meets a full
    /// socket buffer several times.
    ///
    /// # Returns
    ///
    /// How many bytes arrived: 0 when none did before the deadline.
    ///
    /// # Errors
    ///
    /// `UnexpectedEof` when the server closed the connection, or the socket
    /// error (such as a reset).
    pub fn read_some(&mut self, deadline: Duration) -> io::Result<usize> {
        let before = self.buffered.len();
        match read_more(&self.stream, &mut self.buffered, Instant::now() + deadline)? {
            Fill::Data => Ok(self.buffered.len() - before),
            Fill::TimedOut => Ok(0),
            Fill::Eof => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            )),
        }
    }

    /// The bytes received and not yet returned as part of a response.
    pub fn buffered(&self) -> &[u8] {
        &self.buffered
    }

    /// Half-closes the connection: the server reads end of file, and can
    /// still answer (`shutdown(2)` with `SHUT_WR`).
    ///
    /// # Errors
    ///
    /// The socket is no longer connected.
    pub fn shutdown_write(&mut self) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)
    }

    /// Disconnects abruptly: the server sees a reset (`ECONNRESET`) instead
    /// of an orderly end of file. See [`set_linger_zero`].
    pub fn reset(self) {
        // If the option cannot be set, an orderly close is the best left.
        let _ = set_linger_zero(&self.stream);
    }

    /// The socket, for checks that need raw access.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Reads more bytes into the buffer; the end of the connection or the
    /// deadline is an error here, because a response is still incomplete.
    fn fill(&mut self, deadline: Instant) -> Result<(), ReadError> {
        match read_more(&self.stream, &mut self.buffered, deadline) {
            Ok(Fill::Data) => Ok(()),
            Ok(Fill::Eof) => Err(ReadError::Closed {
                received: std::mem::take(&mut self.buffered),
            }),
            Ok(Fill::TimedOut) => Err(ReadError::TimedOut {
                received: std::mem::take(&mut self.buffered),
            }),
            Err(error) => Err(ReadError::Io(error)),
        }
    }

    /// Reads more bytes for a body that ends when the connection does:
    /// `Ok(true)` while more may come, `Ok(false)` at the end.
    fn fill_until_close(&mut self, deadline: Instant) -> Result<bool, ReadError> {
        match read_more(&self.stream, &mut self.buffered, deadline) {
            Ok(Fill::Data) => Ok(true),
            Ok(Fill::Eof) => Ok(false),
            Ok(Fill::TimedOut) => Err(ReadError::TimedOut {
                received: std::mem::take(&mut self.buffered),
            }),
            Err(error) => Err(ReadError::Io(error)),
        }
    }

    fn malformed(&mut self, reason: Malformed) -> ReadError {
        ReadError::Malformed {
            reason: reason.0,
            received: std::mem::take(&mut self.buffered),
        }
    }
}

/// One response as it arrived.
#[derive(Debug, Clone)]
pub struct Response {
    /// The minor version: 1 for `HTTP/1.1`, 0 for `HTTP/1.0`.
    pub version: u8,
    /// The status code.
    pub status: u16,
    /// The reason phrase (may be empty).
    pub reason: String,
    /// The header fields in order, names as sent.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body, with any chunked coding removed.
    pub body: Vec<u8>,
    /// The head exactly as it arrived, up to and including the empty line.
    pub raw_head: Vec<u8>,
}

impl Response {
    /// The value of the first field named `name` (case-insensitive, RFC 9110
    /// §5.1), if there is one and it is UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_all(name).into_iter().next()
    }

    /// The values of every field named `name`, in order; values that are
    /// not UTF-8 are left out.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(field, _)| field.eq_ignore_ascii_case(name))
            .filter_map(|(_, value)| std::str::from_utf8(value).ok())
            .collect()
    }
}

/// Why no whole response could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The deadline passed; `received` is what had arrived.
    TimedOut {
        /// The bytes that had arrived.
        received: Vec<u8>,
    },
    /// The server closed the connection before a whole response.
    Closed {
        /// The bytes that had arrived.
        received: Vec<u8>,
    },
    /// What arrived is not a valid HTTP/1.1 response.
    Malformed {
        /// What is wrong with it.
        reason: String,
        /// The bytes that had arrived.
        received: Vec<u8>,
    },
    /// The socket failed, for example with a reset.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TimedOut { received } if received.is_empty() => {
                write!(f, "no response arrived before the deadline")
            }
            ReadError::TimedOut { received } => write!(
                f,
                "the response was still incomplete at the deadline; received {}",
                described(received)
            ),
            ReadError::Closed { received } if received.is_empty() => {
                write!(f, "the server closed the connection without responding")
            }
            ReadError::Closed { received } => write!(
                f,
                "the server closed the connection before the response was complete; received {}",
                described(received)
            ),
            ReadError::Malformed { reason, received } => {
                write!(
                    f,
                    "malformed response: {reason}; received {}",
                    described(received)
                )
            }
            ReadError::Io(error) => write!(f, "reading the response failed: {error}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::peer::{Options, Script, ScriptedPeer, Step};

    const SHORT: Duration = Duration::from_millis(300);
    const LONG: Duration = Duration::from_secs(2);

    /// A peer that answers one connection with `bytes` (after reading the
    /// request), then closes.
    fn serving(steps: Vec<Step>) -> ScriptedPeer {
        ScriptedPeer::start_with(
            "127.0.0.1:0".parse().expect("address"),
            Script::new().connection(steps),
            Options { step_timeout: LONG },
        )
        .expect("peer starts")
    }

    fn client_of(peer: &ScriptedPeer) -> RawClient {
        let mut client = RawClient::connect(peer.addr(), LONG).expect("connects");
        client
            .send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("sends");
        client
    }

    fn answered(response: &[u8]) -> ScriptedPeer {
        serving(vec![Step::ExpectRequest, Step::send(response)])
    }

    #[test]
    fn reads_a_content_length_body_sent_in_pieces() {
        let peer = serving(vec![
            Step::ExpectRequest,
            Step::send_split(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 5\r\n\r\nhello",
                Split::Every(7),
                Duration::from_millis(2),
            ),
            Step::Hold(LONG),
        ]);
        let mut client = client_of(&peer);
        let response = client.read_response(false, LONG).expect("a response");
        assert_eq!((response.version, response.status), (1, 200));
        assert_eq!(response.reason, "OK");
        assert_eq!(response.header("Content-Length"), Some("5"));
        assert_eq!(response.header("CONTENT-TYPE"), Some("text/plain"));
        assert_eq!(response.body, b"hello");
        assert!(response.raw_head.ends_with(b"\r\n\r\n"));
        drop(client);
        assert!(peer.finish().errors.is_empty());
    }

    #[test]
    fn reads_a_chunked_body_with_extensions_and_trailers() {
        let peer = answered(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
              5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n",
        );
        let mut client = client_of(&peer);
        let response = client.read_response(false, LONG).expect("a response");
        assert_eq!(response.body, b"hello world");
        drop(client);
        peer.finish();
    }

    #[test]
    fn reads_a_body_that_ends_when_the_connection_does() {
        let peer = answered(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it");
        let mut client = client_of(&peer);
        let response = client.read_response(false, LONG).expect("a response");
        assert_eq!(response.body, b"all of it");
        peer.finish();
    }

    #[test]
    fn head_204_and_304_have_no_body() {
        let peer = answered(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n\
              HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n\
              HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n\
              HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        );
        let mut client = client_of(&peer);
        for (for_head, status) in [(true, 200), (false, 204), (false, 304), (false, 100)] {
            let response = client.read_response(for_head, LONG).expect("a response");
            assert_eq!(response.status, status);
            assert_eq!(response.body, b"");
        }
        let last = client
            .read_response(false, LONG)
            .expect("the final response");
        assert_eq!(last.body, b"ok");
        drop(client);
        peer.finish();
    }

    #[test]
    fn reads_two_pipelined_responses_from_one_write() {
        let peer = answered(
            b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none\
              HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\ntwo",
        );
        let mut client = client_of(&peer);
        let first = client.read_response(false, LONG).expect("first");
        let second = client.read_response(false, LONG).expect("second");
        assert_eq!((first.status, first.body.as_slice()), (200, &b"one"[..]));
        assert_eq!((second.status, second.body.as_slice()), (404, &b"two"[..]));
        drop(client);
        peer.finish();
    }

    #[test]
    fn a_stalled_server_times_out_with_what_arrived() {
        let peer = serving(vec![
            Step::ExpectRequest,
            Step::send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhal"),
            Step::Hold(LONG),
        ]);
        let mut client = client_of(&peer);
        let started = Instant::now();
        match client.read_response(false, SHORT) {
            Err(ReadError::TimedOut { received }) => assert!(received.ends_with(b"hal")),
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(started.elapsed() < LONG);
        drop(client);
        peer.finish();
    }

    #[test]
    fn garbage_is_malformed_and_says_what_arrived() {
        let peer = answered(b"SSH-2.0-OpenSSH_9.6\r\n\r\n");
        let mut client = client_of(&peer);
        let error = client.read_response(false, LONG).expect_err("not HTTP");
        assert!(matches!(error, ReadError::Malformed { .. }), "{error:?}");
        let message = error.to_string();
        assert!(
            message.contains(r#""SSH-2.0-OpenSSH_9.6\r\n\r\n""#),
            "{message}"
        );
        drop(client);
        peer.finish();
    }

    #[test]
    fn conflicting_content_lengths_are_malformed() {
        let peer =
            answered(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");
        let mut client = client_of(&peer);
        let error = client.read_response(false, LONG).expect_err("ambiguous");
        assert!(
            error.to_string().contains("conflicting Content-Length"),
            "{error}"
        );
        drop(client);
        peer.finish();
    }

    #[test]
    fn a_close_in_the_middle_of_a_body_is_reported_as_closed() {
        let peer = answered(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhal");
        let mut client = client_of(&peer);
        let error = client.read_response(false, LONG).expect_err("cut short");
        assert!(matches!(&error, ReadError::Closed { received } if received.ends_with(b"hal")));
        assert!(
            error
                .to_string()
                .starts_with("the server closed the connection before")
        );
        peer.finish();
    }

    #[test]
    fn closed_within_tells_a_close_from_silence() {
        let closing = serving(vec![Step::Close]);
        let mut client = RawClient::connect(closing.addr(), LONG).expect("connects");
        assert!(client.closed_within(LONG));
        closing.finish();

        let silent = serving(vec![Step::Hold(LONG)]);
        let mut client = RawClient::connect(silent.addr(), LONG).expect("connects");
        assert!(!client.closed_within(Duration::from_millis(100)));
        drop(client);
        silent.finish();
    }

    #[test]
    fn read_some_keeps_what_arrived_for_the_next_response() {
        let peer = serving(vec![
            Step::ExpectRequest,
            Step::send(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe"),
            Step::Hold(Duration::from_millis(200)),
            Step::send(b"llo"),
        ]);
        let mut client = client_of(&peer);
        let first = client.read_some(LONG).expect("the first piece");
        assert!(first > 0);
        assert_eq!(client.buffered().len(), first);
        assert!(client.buffered().starts_with(b"H"));
        let response = client.read_response(false, LONG).expect("a response");
        assert_eq!(response.body, b"hello");
        assert!(client.buffered().is_empty());
        assert_eq!(
            client.read_some(LONG).expect_err("closed").kind(),
            io::ErrorKind::UnexpectedEof
        );
        peer.finish();
    }

    #[test]
    fn read_some_returns_zero_at_the_deadline() {
        let peer = serving(vec![Step::Hold(LONG)]);
        let mut client = RawClient::connect(peer.addr(), LONG).expect("connects");
        assert_eq!(
            client
                .read_some(Duration::from_millis(100))
                .expect("a timeout"),
            0
        );
        drop(client);
        peer.finish();
    }

    #[test]
    fn read_to_close_returns_everything() {
        let peer = answered(b"HTTP/1.0 200 OK\r\n\r\nbye");
        let mut client = client_of(&peer);
        let all = client.read_to_close(LONG).expect("closes");
        assert_eq!(all, b"HTTP/1.0 200 OK\r\n\r\nbye");
        peer.finish();
    }
}
