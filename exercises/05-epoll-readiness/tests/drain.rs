// Reading a non-blocking socket until `WouldBlock`, and telling "no data
// yet" from EOF – on real socket pairs and on scripted fake readers.
//
// Run them all with `cargo test -p lesson05`, one file with
// `cargo test -p lesson05 --test drain`.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;

use lesson05::{ReadOutcome, drain};

fn pair() -> (UnixStream, UnixStream) {
    let (a, b) = UnixStream::pair().expect("socketpair");
    a.set_nonblocking(true).expect("non-blocking a");
    b.set_nonblocking(true).expect("non-blocking b");
    (a, b)
}

/// A reader that plays back a script: each step is what one `read` call
/// returns. When the script is over it says `WouldBlock` forever.
struct Scripted {
    steps: VecDeque<io::Result<Vec<u8>>>,
    calls: usize,
}

impl Scripted {
    fn new(steps: Vec<io::Result<Vec<u8>>>) -> Scripted {
        Scripted {
            steps: steps.into(),
            calls: 0,
        }
    }
}

impl Read for Scripted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.calls += 1;
        assert!(
            self.calls < 100,
            "drain kept calling read after WouldBlock/EOF: it must stop there"
        );
        match self.steps.pop_front() {
            None => Err(io::ErrorKind::WouldBlock.into()),
            Some(Err(e)) => Err(e),
            Some(Ok(mut bytes)) => {
                let n = bytes.len().min(buf.len());
                buf[..n].copy_from_slice(&bytes[..n]);
                if n < bytes.len() {
                    self.steps.push_front(Ok(bytes.split_off(n)));
                }
                Ok(n)
            }
        }
    }
}

/// A real socket that counts the reads, so that a drain which does not stop
/// at `WouldBlock` fails instead of spinning forever.
struct Counted<'a> {
    inner: &'a mut UnixStream,
    calls: usize,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.calls += 1;
        assert!(
            self.calls < 10_000,
            "drain kept calling read after WouldBlock/EOF: it must stop there"
        );
        self.inner.read(buf)
    }
}

fn counted(inner: &mut UnixStream) -> Counted<'_> {
    Counted { inner, calls: 0 }
}

#[test]
fn drain_reads_everything_available_then_stops_at_would_block() {
    let (mut a, mut b) = pair();
    let sent: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    a.write_all(&sent).expect("write 10 000 bytes");

    let mut buf = Vec::new();
    let outcome = drain(&mut counted(&mut b), &mut buf).expect("drain");
    assert_eq!(
        outcome,
        ReadOutcome::WouldBlock { bytes: 10_000 },
        "all 10 000 bytes are read (more than one read call), then the socket is empty"
    );
    assert_eq!(buf, sent, "the bytes arrive complete and in order");
}

#[test]
fn drain_with_nothing_to_read_reports_would_block_and_zero_bytes() {
    let (_a, mut b) = pair();
    let mut buf = Vec::new();
    let outcome = drain(&mut counted(&mut b), &mut buf).expect("drain");
    assert_eq!(
        outcome,
        ReadOutcome::WouldBlock { bytes: 0 },
        "an empty, open socket is 'no data yet', not EOF"
    );
    assert!(buf.is_empty(), "nothing was appended");
}

#[test]
fn drain_reports_eof_when_the_peer_has_closed() {
    let (a, mut b) = pair();
    drop(a);
    let mut buf = Vec::new();
    let outcome = drain(&mut counted(&mut b), &mut buf).expect("drain");
    assert_eq!(
        outcome,
        ReadOutcome::Eof { bytes: 0 },
        "read returned 0: the peer closed its side"
    );
}

#[test]
fn drain_returns_the_last_data_and_eof_in_one_call() {
    let (mut a, mut b) = pair();
    a.write_all(b"bye").expect("write");
    drop(a);
    let mut buf = Vec::new();
    let outcome = drain(&mut counted(&mut b), &mut buf).expect("drain");
    assert_eq!(
        outcome,
        ReadOutcome::Eof { bytes: 3 },
        "the 3 bytes sent before the close are read, then the EOF"
    );
    assert_eq!(buf, b"bye", "the data before the EOF is kept");
}

#[test]
fn drain_appends_to_what_the_buffer_already_holds() {
    let mut reader = Scripted::new(vec![Ok(b"Host: a\r\n".to_vec()), Ok(b"\r\n".to_vec())]);
    let mut buf = b"GET / HTTP/1.1\r\n".to_vec();
    let outcome = drain(&mut reader, &mut buf).expect("drain");
    assert_eq!(
        outcome,
        ReadOutcome::WouldBlock { bytes: 11 },
        "two reads of 9 and 2 bytes, then WouldBlock; bytes counts only this call"
    );
    assert_eq!(
        buf, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "new bytes go after the old ones; nothing is overwritten"
    );
}

#[test]
fn drain_retries_a_read_interrupted_by_a_signal() {
    let mut reader = Scripted::new(vec![
        Ok(b"ab".to_vec()),
        Err(io::ErrorKind::Interrupted.into()),
        Ok(b"cd".to_vec()),
        Ok(Vec::new()),
    ]);
    let mut buf = Vec::new();
    let outcome = drain(&mut reader, &mut buf).expect("EINTR is not an error for drain");
    assert_eq!(
        outcome,
        ReadOutcome::Eof { bytes: 4 },
        "after EINTR drain reads again, gets 'cd' and then the EOF"
    );
    assert_eq!(buf, b"abcd", "no byte is lost around the interruption");
}

#[test]
fn drain_passes_a_real_error_on() {
    let mut reader = Scripted::new(vec![
        Ok(b"partial".to_vec()),
        Err(io::ErrorKind::ConnectionReset.into()),
    ]);
    let mut buf = Vec::new();
    let err = drain(&mut reader, &mut buf).expect_err("a connection reset is an error");
    assert_eq!(
        err.kind(),
        io::ErrorKind::ConnectionReset,
        "the reader's own error comes back unchanged"
    );
    assert_eq!(
        buf, b"partial",
        "bytes read before the error stay in the buffer"
    );
}
