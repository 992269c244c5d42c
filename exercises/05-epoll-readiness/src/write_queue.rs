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
    /// The bytes not yet written are `self.buf[self.sent..]`. When
    /// everything has been written (`sent == buf.len()`), you may first
    /// clear both, so the vector does not grow forever.
    ///
    /// ```text
    /// new queue, push(b"HTTP/1.1 200 OK\r\n")   → len() == 17
    /// then push(b"\r\n")                        → len() == 19, in that order
    /// ```
    pub fn push(&mut self, bytes: &[u8]) {
        todo!(
            "lesson 05: WriteQueue::push({self:?}, {} bytes: \"{}\")",
            bytes.len(),
            bytes[..bytes.len().min(24)].escape_ascii()
        )
    }

    /// Writes queued bytes to `writer` until the queue is empty or the
    /// writer would block.
    ///
    /// Loop while bytes are waiting: `writer.write(&self.buf[self.sent..])`
    /// and advance `sent` by what it took (a write may take fewer bytes than
    /// offered). Return
    ///
    /// * `Ok(Flushed::Done)` once nothing is waiting (also when the queue
    ///   was empty: then do not call `write` at all),
    /// * `Ok(Flushed::WouldBlock { remaining })` on `ErrorKind::WouldBlock`,
    /// * `Err` of kind `ErrorKind::WriteZero` when `write` returns `Ok(0)`,
    /// * `Err(e)` on any other error, except `ErrorKind::Interrupted`:
    ///   write again.
    ///
    /// Unwritten bytes always stay queued.
    ///
    /// ```text
    /// queue b"0123456789", writer takes 3 per call and 7 in total, then WouldBlock
    ///   → Ok(WouldBlock { remaining: 3 }), writer got b"0123456"
    /// the same queue later, writer has room   → Ok(Done), writer got b"0123456789"
    /// queue b"hi", writer is a Vec<u8>        → Ok(Done)
    /// queue b"stuck", write returns Ok(0)     → Err(kind WriteZero), len() == 5
    /// ```
    pub fn flush<W: Write>(&mut self, writer: &mut W) -> io::Result<Flushed> {
        todo!(
            "lesson 05: WriteQueue::flush({self:?}, {})",
            std::any::type_name_of_val(writer)
        )
    }

    /// Whether the connection should have `EPOLLOUT` interest now: `true`
    /// exactly when bytes are waiting.
    ///
    /// ```text
    /// new queue                          → false
    /// after push(b"abc")                 → true
    /// after a flush that returned Done   → false
    /// ```
    pub fn wants_writable(&self) -> bool {
        todo!("lesson 05: WriteQueue::wants_writable({self:?})")
    }
}
