//! Reading and writing a socket by a deadline.
//!
//! A grader that waits on a socket without a deadline can be hung by the
//! program it grades: a server that never answers, a client that never
//! reads. So every read and write of the raw client and the scripted peer
//! goes through these two helpers, which set the socket's timeout
//! (`SO_RCVTIMEO`, `SO_SNDTIMEO`, `socket(7)`) to the time left before each
//! call: no single call can block past the deadline, however the bytes
//! trickle in.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// What one read brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Some bytes, now appended to the buffer.
    Data,
    /// End of file: the other side will send nothing more.
    Eof,
    /// The deadline passed with nothing new.
    TimedOut,
}

/// Reads whatever arrives next into `buf`, waiting until `deadline` at most.
///
/// The socket's read timeout (`SO_RCVTIMEO`, `socket(7)`) is set to the time
/// left before each `read`, so no read can block past the deadline.
///
/// # Errors
///
/// A socket error other than the timeout itself (or `EINTR`), such as
/// `ECONNRESET`.
pub fn read_more(stream: &TcpStream, buf: &mut Vec<u8>, deadline: Instant) -> io::Result<Fill> {
    let mut chunk = [0_u8; 16 * 1024];
    let mut reader = stream;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Fill::TimedOut);
        }
        stream.set_read_timeout(Some(left))?;
        match reader.read(&mut chunk) {
            Ok(0) => return Ok(Fill::Eof),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return Ok(Fill::Data);
            }
            // A timeout shows as EAGAIN (WouldBlock) on Linux; the loop
            // re-checks the deadline.
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(error) => return Err(error),
        }
    }
}

/// True for the errors that mean "the other side is gone".
pub fn is_disconnect(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
    )
}

/// A writer whose every `write` ends by a fixed deadline (`SO_SNDTIMEO`,
/// `socket(7)`), so a client that stops reading cannot stall a `Send`.
#[derive(Debug)]
pub struct DeadlineWriter<'a> {
    /// The socket written to.
    pub stream: &'a TcpStream,
    /// When every write must have ended.
    pub deadline: Instant,
}

impl Write for DeadlineWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client did not read in time",
            ));
        }
        self.stream.set_write_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
