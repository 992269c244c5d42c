//! Writing to a non-blocking socket: partial writes, and when to ask for
//! `EPOLLOUT`.
//!
//! A non-blocking `write` takes what fits into the socket's send buffer and
//! returns how many bytes that was – possibly fewer than you gave it – or
//! fails with `EAGAIN` when the buffer is full. Whatever it did not take is
//! still *yours* to send later. So each connection keeps a queue of unsent
//! bytes:
//!
//! ```text
//!   push(response)          queue: [HTTP/1.1 200 OK\r\n…  (70 000 bytes)]
//!   flush → write 65 536    queue: [……… 4 464 bytes left]  → WouldBlock
//!           wants_writable() is true: turn EPOLLOUT on
//!   (the peer reads; epoll reports writable)
//!   flush → write 4 464     queue: []                      → Done
//!           wants_writable() is false: turn EPOLLOUT off again
//! ```
//!
//! Why off again? A socket with room in its send buffer is writable almost
//! all the time. Level-triggered `EPOLLOUT` interest on an idle connection
//! makes every `epoll_wait` return at once with "writable" – a busy loop at
//! 100 % CPU that does nothing. Ask for `EPOLLOUT` only while there is
//! something left to write.

use std::fmt;
use std::io::{self, Write};

/// What [`WriteQueue::flush`] achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flushed {
    /// The queue is empty: every byte pushed so far has been written.
    Done,
    /// The writer said `WouldBlock` with `remaining` bytes still queued; wait
    /// for a writable event and flush again.
    WouldBlock {
        /// Bytes still in the queue.
        remaining: usize,
    },
}

/// The bytes of one connection that have not been written yet, in order.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WriteQueue {
    /// Everything pushed and not yet discarded …
    buf: Vec<u8>,
    /// … of which the first `sent` bytes have been written already.
    sent: usize,
}

/// Shows how many bytes wait and the first few of them – a queue may hold
/// megabytes, too many to print.
impl fmt::Debug for WriteQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let waiting = &self.buf[self.sent..];
        let shown = &waiting[..waiting.len().min(24)];
        let more = if shown.len() < waiting.len() {
            "…"
        } else {
            ""
        };
        f.debug_struct("WriteQueue")
            .field("waiting", &waiting.len())
            .field("next", &format_args!("\"{}\"{more}", shown.escape_ascii()))
            .finish()
    }
}

impl WriteQueue {
    /// An empty queue.
    pub fn new() -> WriteQueue {
        WriteQueue::default()
    }

    /// How many bytes are still waiting to be written.
    pub fn len(&self) -> usize {
        self.buf.len() - self.sent
    }

    /// `true` when nothing is waiting to be written.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends `bytes` to the end of the queue.
    ///
    /// ```
    /// let mut queue = lesson05_solution::WriteQueue::new();
    /// queue.push(b"HTTP/1.1 200 OK\r\n");
    /// assert_eq!(queue.len(), 17);
    /// assert!(queue.wants_writable());
    /// ```
    pub fn push(&mut self, bytes: &[u8]) {
        if self.sent == self.buf.len() {
            // Everything was written: start again at the front instead of
            // growing the vector forever.
            self.buf.clear();
            self.sent = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Writes queued bytes to `writer` until the queue is empty or the
    /// writer would block.
    ///
    /// Each `write` may take fewer bytes than offered; the rest stays queued,
    /// in order. `ErrorKind::Interrupted` is retried.
    ///
    /// # Returns
    ///
    /// [`Flushed::Done`] when the queue is empty (also when it was empty to
    /// begin with), [`Flushed::WouldBlock`] with the bytes left otherwise.
    ///
    /// # Errors
    ///
    /// Any other write error (`BrokenPipe`, `ConnectionReset`, …), and
    /// `ErrorKind::WriteZero` when a write accepts 0 of a non-empty buffer –
    /// looping on that would never end. The bytes stay queued.
    pub fn flush<W: Write>(&mut self, writer: &mut W) -> io::Result<Flushed> {
        while self.sent < self.buf.len() {
            match writer.write(&self.buf[self.sent..]) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "the writer accepted 0 bytes of a non-empty buffer",
                    ));
                }
                Ok(n) => self.sent += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    return Ok(Flushed::WouldBlock {
                        remaining: self.len(),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        self.buf.clear();
        self.sent = 0;
        Ok(Flushed::Done)
    }

    /// `true` exactly when bytes are waiting: the connection should have
    /// `EPOLLOUT` interest now, and only now.
    pub fn wants_writable(&self) -> bool {
        !self.is_empty()
    }
}
