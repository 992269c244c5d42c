// The write queue: partial writes, `WouldBlock`, and `EPOLLOUT` interest
// only while bytes are waiting – with a fake slow writer and with a real
// socket whose send buffer fills up.
//
// Run them all with `cargo test -p lesson05`, one file with
// `cargo test -p lesson05 --test write_queue`.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use lesson05::{Epoll, Flushed, Interest, ReadOutcome, Token, WriteQueue, drain};

/// A writer that takes at most `per_call` bytes per `write`, and only
/// `budget` bytes in total before it says `WouldBlock` – like a socket whose
/// send buffer is full until `budget` is raised again.
struct Slow {
    written: Vec<u8>,
    per_call: usize,
    budget: usize,
    calls: usize,
}

impl Slow {
    fn new(per_call: usize, budget: usize) -> Slow {
        Slow {
            written: Vec::new(),
            per_call,
            budget,
            calls: 0,
        }
    }
}

impl Write for Slow {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        assert!(
            self.calls < 1000,
            "flush kept calling write after WouldBlock: it must stop there"
        );
        if self.budget == 0 {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(self.per_call).min(self.budget);
        self.written.extend_from_slice(&buf[..n]);
        self.budget -= n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A real socket that counts the calls, so that a flush or drain which does
/// not stop at `WouldBlock` fails instead of spinning forever.
struct Counted<'a> {
    inner: &'a UnixStream,
    calls: usize,
}

impl Counted<'_> {
    fn count(&mut self) {
        self.calls += 1;
        assert!(
            self.calls < 100_000,
            "flush or drain kept calling write/read after WouldBlock: it must stop there"
        );
    }
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.count();
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.count();
        self.inner.read(buf)
    }
}

#[test]
fn a_new_queue_does_not_want_writable() {
    let queue = WriteQueue::new();
    assert!(
        !queue.wants_writable(),
        "nothing to write: EPOLLOUT interest would only cause a busy loop"
    );
}

#[test]
fn push_makes_the_queue_want_writable() {
    let mut queue = WriteQueue::new();
    queue.push(b"HTTP/1.1 204 No Content\r\n\r\n");
    assert_eq!(queue.len(), 27, "all pushed bytes are waiting");
    assert!(
        queue.wants_writable(),
        "bytes are waiting: EPOLLOUT is wanted"
    );
}

#[test]
fn flush_to_a_fast_writer_writes_everything_and_reports_done() {
    let mut queue = WriteQueue::new();
    queue.push(b"HTTP/1.1 200 OK\r\n");
    queue.push(b"Content-Length: 2\r\n\r\nhi");
    let mut out = Vec::new();
    let flushed = queue.flush(&mut out).expect("flush");
    assert_eq!(flushed, Flushed::Done, "a Vec takes everything at once");
    assert_eq!(
        out, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
        "both pushes are written, in order"
    );
    assert!(!queue.wants_writable(), "an empty queue wants no EPOLLOUT");
}

#[test]
fn flush_to_a_slow_writer_stops_at_would_block_and_keeps_the_rest() {
    let mut queue = WriteQueue::new();
    queue.push(b"0123456789");
    let mut slow = Slow::new(3, 7);
    let flushed = queue.flush(&mut slow).expect("flush");
    assert_eq!(
        flushed,
        Flushed::WouldBlock { remaining: 3 },
        "writes of 3 + 3 + 1 bytes fit, then WouldBlock with 3 bytes left"
    );
    assert_eq!(
        slow.written, b"0123456",
        "the first 7 bytes went out, in order"
    );
    assert_eq!(queue.len(), 3, "the 3 unsent bytes stay queued");
    assert!(
        queue.wants_writable(),
        "bytes are left: the loop must turn EPOLLOUT on"
    );
}

#[test]
fn flush_resumes_exactly_where_the_last_write_stopped() {
    let mut queue = WriteQueue::new();
    queue.push(b"0123456789");
    let mut slow = Slow::new(4, 5);
    assert_eq!(
        queue.flush(&mut slow).expect("first flush"),
        Flushed::WouldBlock { remaining: 5 },
        "5 of 10 bytes fit the first time"
    );
    queue.push(b"AB");
    slow.budget = 100; // the peer read: room again
    assert_eq!(
        queue.flush(&mut slow).expect("second flush"),
        Flushed::Done,
        "with room again, the rest goes out"
    );
    assert_eq!(
        slow.written, b"0123456789AB",
        "no byte is sent twice or skipped, and a later push comes after the rest"
    );
    assert!(
        !queue.wants_writable(),
        "everything written: the loop must turn EPOLLOUT off again"
    );
}

#[test]
fn flush_of_an_empty_queue_is_done_without_writing() {
    let mut queue = WriteQueue::new();
    let mut slow = Slow::new(1, 0);
    assert_eq!(
        queue.flush(&mut slow).expect("flush"),
        Flushed::Done,
        "nothing queued: done at once"
    );
    assert_eq!(slow.calls, 0, "an empty queue does not call write at all");
}

#[test]
fn flush_to_a_writer_that_accepts_zero_bytes_is_a_write_zero_error() {
    struct Zero;
    impl Write for Zero {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Ok(0)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut queue = WriteQueue::new();
    queue.push(b"stuck");
    let err = queue
        .flush(&mut Zero)
        .expect_err("a write of 0 bytes would loop forever; flush must give up");
    assert_eq!(
        err.kind(),
        io::ErrorKind::WriteZero,
        "Ok(0) from write is reported as WriteZero"
    );
    assert_eq!(queue.len(), 5, "the bytes stay queued");
}

#[test]
fn real_socket_fills_up_then_epollout_lets_the_queue_finish() {
    let (writer, reader) = UnixStream::pair().expect("socketpair");
    writer.set_nonblocking(true).expect("non-blocking");
    reader.set_nonblocking(true).expect("non-blocking");

    // Far more than a socket buffer holds (a few hundred KiB by default).
    let response: Vec<u8> = (0..4_000_000u32).map(|i| (i % 253) as u8).collect();
    let mut queue = WriteQueue::new();
    queue.push(&response);
    let mut counted = Counted {
        inner: &writer,
        calls: 0,
    };
    let first = queue.flush(&mut counted).expect("first flush");
    let Flushed::WouldBlock { remaining } = first else {
        panic!("4 MB cannot fit into a socket buffer: expected WouldBlock, got {first:?}");
    };
    assert!(
        remaining > 0 && remaining < response.len(),
        "part of the response was written, the rest ({remaining} bytes) is queued"
    );
    assert!(queue.wants_writable(), "the queue wants EPOLLOUT now");

    // The event loop: EPOLLOUT interest while the queue is not empty; the
    // peer reads whatever arrives.
    let epoll = Epoll::new().expect("Epoll::new");
    epoll
        .add(&writer, Token(1), Interest::WRITABLE)
        .expect("add");
    let mut received = Vec::new();
    let mut events = Vec::new();
    let mut peer = Counted {
        inner: &reader,
        calls: 0,
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        drain(&mut peer, &mut received).expect("peer drains");
        epoll
            .wait(&mut events, Some(Duration::from_millis(200)))
            .expect("wait");
        if events.iter().any(|e| e.writable)
            && queue.flush(&mut counted).expect("flush") == Flushed::Done
        {
            break;
        }
    }
    assert!(
        !queue.wants_writable(),
        "the whole response was flushed within 5 seconds"
    );
    epoll
        .delete(&writer)
        .expect("EPOLLOUT off: nothing left to write");
    drop(writer);
    let outcome = drain(&mut peer, &mut received).expect("final drain");
    assert!(
        matches!(outcome, ReadOutcome::Eof { .. }),
        "after the writer closes, the peer sees EOF"
    );
    assert!(
        received == response,
        "the peer received all {} bytes in order (got {})",
        response.len(),
        received.len()
    );
}
