//! Reading a non-blocking socket until it says "no more for now".
//!
//! A readiness event says "a read will not block", not "here are N bytes".
//! So on every readable event the loop reads, and reads again, until one of
//! three things happens:
//!
//! ```text
//!   read(fd, buf) returns …
//!     n > 0                → data: append it, read again
//!     0                    → EOF: the peer closed its writing side; stop
//!     -1, errno EAGAIN     → nothing more *for now* (WouldBlock); stop,
//!                            go back to epoll_wait
//!     -1, errno EINTR      → a signal arrived; just read again
//!     -1, anything else    → a real error (ECONNRESET, …)
//! ```
//!
//! With edge-triggered interest this is not a style choice but a rule
//! (`epoll(7)`): the next event for this socket comes only when *new* data
//! arrives, so whatever is left unread now may sit there forever.
//!
//! `drain` works on any [`Read`], so tests can hand it a scripted fake as
//! well as a real non-blocking socket.

use std::io::{self, Read};

/// How many bytes `drain` asks for per `read` call.
pub const READ_CHUNK: usize = 4096;

/// Why [`drain`] stopped, and how many bytes it appended on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOutcome {
    /// The reader said `WouldBlock`: everything available now has been
    /// read. `bytes` may be 0 – the readiness event was spurious or another
    /// read already took the data. The connection is still open.
    WouldBlock {
        /// Bytes appended to the buffer by this call.
        bytes: usize,
    },
    /// A read returned 0: the peer will send nothing more. `bytes` counts
    /// what arrived before the EOF in this same call.
    Eof {
        /// Bytes appended to the buffer by this call.
        bytes: usize,
    },
}

/// Reads from `reader` into the end of `buf` until it would block or reports
/// EOF.
///
/// Bytes already in `buf` are kept; new bytes are appended. A read
/// interrupted by a signal (`ErrorKind::Interrupted`) is retried.
///
/// # Returns
///
/// [`ReadOutcome::WouldBlock`] or [`ReadOutcome::Eof`] with the number of
/// bytes appended.
///
/// # Errors
///
/// Any other read error (for example `ConnectionReset`). Bytes read before
/// the error stay in `buf`.
///
/// ```
/// use lesson05_solution::{ReadOutcome, drain};
/// // A byte slice is a reader that ends: data, then EOF in the same call.
/// let mut buf = b"GET".to_vec();
/// let outcome = drain(&mut &b" / HTTP/1.1\r\n"[..], &mut buf)?;
/// assert_eq!(outcome, ReadOutcome::Eof { bytes: 13 });
/// assert_eq!(buf, b"GET / HTTP/1.1\r\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn drain<R: Read>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<ReadOutcome> {
    let mut chunk = [0u8; READ_CHUNK];
    let mut bytes = 0;
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => return Ok(ReadOutcome::Eof { bytes }),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                bytes += n;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                return Ok(ReadOutcome::WouldBlock { bytes });
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}
