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
/// Loop: read up to [`READ_CHUNK`] bytes into a local array and append what
/// came to `buf` (keep what `buf` already holds). Stop and return
///
/// * `Ok(ReadOutcome::Eof { bytes })` when a read returns `Ok(0)`,
/// * `Ok(ReadOutcome::WouldBlock { bytes })` on `ErrorKind::WouldBlock`,
/// * `Err(e)` on any other error, except `ErrorKind::Interrupted`: read
///   again.
///
/// `bytes` counts the bytes this call appended.
///
/// ```text
/// socket holding 10 000 bytes, peer open     → Ok(WouldBlock { bytes: 10000 })
/// empty socket, peer open                    → Ok(WouldBlock { bytes: 0 })
/// socket holding b"bye", peer closed         → Ok(Eof { bytes: 3 }), buf ends with b"bye"
/// reads: Ok(b"ab"), Err(Interrupted), Ok(b"cd"), Ok(0)
///                                            → Ok(Eof { bytes: 4 })
/// reads: Ok(b"partial"), Err(ConnectionReset) → Err(ConnectionReset), buf == b"partial"
/// ```
pub fn drain<R: Read>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<ReadOutcome> {
    todo!(
        "lesson 05: drain({}, {buf:?})",
        std::any::type_name_of_val(reader)
    )
}
