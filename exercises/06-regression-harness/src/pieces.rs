//! Cutting bytes into pieces, and sending them piece by piece.
//!
//! TCP (RFC 9293) delivers an ordered byte stream, not messages: the
//! sender's kernel and every hop on the way may split or merge segments as
//! they like, and a `read` returns whatever has arrived so far. A
//! request of 40 bytes may reach a server as one `read` of 40, as 40 reads
//! of 1, or anything in between, and a correct server must give the same
//! answer every time. Tests rarely meet the odd splits by chance: on
//! loopback a small write nearly always arrives whole. So a harness makes
//! them on purpose – it cuts the bytes at chosen points and writes each
//! piece separately, with a short pause so the pieces are not merged again
//! in the peer's receive buffer.
//!
//! [`pieces`] is the pure half (which ranges?), [`send_in_pieces`] the
//! writing half.

use std::io::{self, Write};
use std::ops::Range;
use std::time::Duration;

/// How to cut a message into pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// One piece: the whole message.
    Whole,
    /// Pieces of this many bytes; the last one may be shorter.
    /// `Every(1)` sends one byte at a time. `Every(0)` means [`Plan::Whole`].
    Every(usize),
    /// Cut before each of these byte offsets. The offsets may come in any
    /// order; repeated ones, 0, and those at or beyond the end are ignored.
    At(Vec<usize>),
}

/// Returns the ranges that cut `0..len` according to `plan`.
///
/// The ranges are in order, touch each other, cover `0..len` exactly and are
/// never empty – so `len == 0` gives no ranges at all (an empty `Vec`).
///
/// * `Whole` (and `Every(0)`): one range, `0..len`;
/// * `Every(n)`: `0..n, n..2n, …`, the last one ending at `len`;
/// * `At(cuts)`: sort the cut points, drop repeats and those that would
///   make an empty piece (0, and `len` or more), and make a range between
///   each two neighbours, starting at 0 and ending at `len`.
///
/// ```text
/// pieces(10, &Plan::Every(4))                   → [0..4, 4..8, 8..10]
/// pieces(4,  &Plan::Every(1))                   → [0..1, 1..2, 2..3, 3..4]
/// pieces(5,  &Plan::Every(0))                   → [0..5]
/// pieces(8,  &Plan::At(vec![5, 2, 2, 0, 99]))   → [0..2, 2..5, 5..8]
/// pieces(0,  &Plan::Whole)                      → []
/// ```
pub fn pieces(len: usize, plan: &Plan) -> Vec<Range<usize>> {
    todo!("lesson 06: pieces({len}, {plan:?})")
}

/// Writes `bytes` to `out` in the pieces [`pieces`] gives for `plan`,
/// flushing after each piece and sleeping `pause` *between* pieces (not
/// after the last).
///
/// Each piece goes out with `write_all` – a socket may take fewer bytes per
/// `write` than offered, and a piece must leave whole – followed by `flush`,
/// so a buffered writer cannot merge two pieces back into one. On a
/// `TcpStream`, turn on `TCP_NODELAY` (`set_nodelay(true)`) as well, or
/// Nagle's algorithm holds small pieces back until the previous one is
/// acknowledged.
///
/// The pause is not there to make anything *happen*: it only gives each
/// piece a chance to reach the peer's receive buffer alone. Nothing waits
/// for it, so a slow machine makes the split coarser, never the test wrong.
///
/// Returns the number of pieces written (0 for empty `bytes`). On the first
/// error of `write_all` or `flush`, return that error at once; later pieces
/// are not sent.
///
/// ```text
/// bytes b"GET / HTTP/1.1", Plan::At(vec![4, 6]), pause 0
///     → write_all(b"GET "), flush, write_all(b"/ "), flush,
///       write_all(b"HTTP/1.1"), flush                          → Ok(3)
/// bytes b"abc", Plan::Every(1), pause 30 ms
///     → a, flush, sleep 30 ms, b, flush, sleep 30 ms, c, flush → Ok(3)
/// bytes b"", any plan                → nothing written, no sleep → Ok(0)
/// second write fails with BrokenPipe → Err(BrokenPipe), nothing more written
/// ```
pub fn send_in_pieces<W: Write>(
    out: &mut W,
    bytes: &[u8],
    plan: &Plan,
    pause: Duration,
) -> io::Result<usize> {
    todo!(
        "lesson 06: send_in_pieces({}, {bytes:?}, {plan:?}, {pause:?})",
        std::any::type_name_of_val(out)
    )
}
