//! Sending one message in planned pieces.
//!
//! TCP carries a stream of bytes, not messages: a request written with one
//! `write` may arrive in three `read`s, and three `write`s may arrive in one
//! (see `tcp(7)`; RFC 9112 §2.2 asks a recipient to parse a message from a
//! stream, whatever its segmentation). A program that assumes "one read, one
//! request" works on a quiet loopback and fails on a real network. To catch
//! that, the harness sends messages cut at chosen places – a byte at a time,
//! or right inside `\r\n` – with a pause between the pieces, so that each
//! piece really arrives on its own.
//!
//! Two things make a piece arrive on its own: the pause, which gives the
//! receiver time to read what has come so far, and `TCP_NODELAY` on the
//! sending socket. Without it, Nagle's algorithm (`tcp(7)`, RFC 896) holds a
//! small segment back while an earlier one is still unacknowledged, and
//! glues the pieces together again. Every socket that sends pieces therefore
//! calls [`std::net::TcpStream::set_nodelay`]`(true)` first.

use std::io::{self, Write};
use std::ops::Range;
use std::thread;
use std::time::Duration;

/// How to cut a message into pieces on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// The message in one piece.
    Whole,
    /// Pieces of `n` bytes (the last may be shorter); `Every(1)` sends a
    /// byte at a time. `Every(0)` is treated as [`Split::Whole`].
    Every(usize),
    /// Cut at these offsets. Offsets outside the message, zero, and repeats
    /// are ignored; the order does not matter.
    At(Vec<usize>),
}

/// The byte ranges of the pieces of a `len`-byte message.
///
/// The ranges cover `0..len` in order, and none is empty (so a message of
/// length zero has no pieces at all).
///
/// ```
/// use harness::wire::pieces::{Split, cut};
/// assert_eq!(cut(5, &Split::Every(2)), vec![0..2, 2..4, 4..5]);
/// assert_eq!(cut(5, &Split::At(vec![3, 1])), vec![0..1, 1..3, 3..5]);
/// ```
pub fn cut(len: usize, split: &Split) -> Vec<Range<usize>> {
    let mut offsets: Vec<usize> = match split {
        Split::Whole | Split::Every(0) => Vec::new(),
        Split::Every(n) => (*n..len).step_by(*n).collect(),
        Split::At(at) => at.iter().copied().filter(|&at| at < len).collect(),
    };
    offsets.sort_unstable();
    offsets.dedup();

    let mut pieces = Vec::with_capacity(offsets.len() + 1);
    let mut start = 0;
    for end in offsets.into_iter().chain([len]) {
        if end > start {
            pieces.push(start..end);
            start = end;
        }
    }
    pieces
}

/// Writes `bytes` to `out` in the pieces `split` describes, flushing after
/// each piece and sleeping `pause` between two pieces (not after the last).
///
/// Returns how many pieces were written. For a socket, turn on
/// `TCP_NODELAY` first (see the [module documentation](self)).
///
/// # Errors
///
/// The first error from `write_all` or `flush`; the pieces before it have
/// been sent.
pub fn send_in_pieces<W: Write>(
    out: &mut W,
    bytes: &[u8],
    split: &Split,
    pause: Duration,
) -> io::Result<usize> {
    let pieces = cut(bytes.len(), split);
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 && !pause.is_zero() {
            thread::sleep(pause);
        }
        out.write_all(&bytes[piece.clone()])?;
        out.flush()?;
    }
    Ok(pieces.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::{TcpListener, TcpStream};
    use std::time::Instant;

    #[test]
    fn whole_is_one_piece_and_empty_is_none() {
        assert_eq!(cut(4, &Split::Whole), vec![0..4]);
        assert_eq!(cut(0, &Split::Whole), Vec::<Range<usize>>::new());
        assert_eq!(cut(0, &Split::Every(1)), Vec::<Range<usize>>::new());
    }

    #[test]
    fn every_cuts_fixed_sizes_with_a_short_last_piece() {
        assert_eq!(cut(3, &Split::Every(1)), vec![0..1, 1..2, 2..3]);
        assert_eq!(cut(7, &Split::Every(3)), vec![0..3, 3..6, 6..7]);
        assert_eq!(cut(6, &Split::Every(3)), vec![0..3, 3..6]);
        assert_eq!(cut(2, &Split::Every(10)), vec![0..2]);
        assert_eq!(cut(2, &Split::Every(0)), vec![0..2]);
    }

    #[test]
    fn at_ignores_order_repeats_and_offsets_outside() {
        assert_eq!(
            cut(10, &Split::At(vec![7, 0, 3, 3, 10, 99])),
            vec![0..3, 3..7, 7..10]
        );
    }

    /// A writer that remembers each write separately.
    struct Recorder(Vec<Vec<u8>>);

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn send_in_pieces_writes_each_piece_and_pauses_between() {
        let mut out = Recorder(Vec::new());
        let started = Instant::now();
        let count = send_in_pieces(
            &mut out,
            b"GET / HTTP/1.1\r\n",
            &Split::At(vec![14, 15]),
            Duration::from_millis(20),
        )
        .expect("a Vec never fails");
        assert_eq!(count, 3);
        assert_eq!(
            out.0,
            vec![b"GET / HTTP/1.1".to_vec(), b"\r".to_vec(), b"\n".to_vec()]
        );
        // Two pauses: between the three pieces, none after the last.
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(40), "{took:?}");
    }

    #[test]
    fn pieces_arrive_whole_over_loopback() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut sender = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        sender.set_nodelay(true).expect("nodelay");
        let (mut receiver, _) = listener.accept().expect("accept");
        receiver
            .set_read_timeout(Some(Duration::from_secs(2)))
            .expect("timeout");

        let message = b"PUT /f HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi";
        let count =
            send_in_pieces(&mut sender, message, &Split::Every(8), Duration::ZERO).expect("send");
        assert_eq!(count, 5);
        drop(sender);
        let mut received = Vec::new();
        receiver.read_to_end(&mut received).expect("read");
        assert_eq!(received, message);
    }
}
