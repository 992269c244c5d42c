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
use std::thread;
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
/// never empty – so `len == 0` gives no ranges at all.
///
/// # Returns
///
/// * `Whole` (and `Every(0)`): `[0..len]`;
/// * `Every(n)`: `[0..n, n..2n, …, k·n..len]`;
/// * `At(cuts)`: the cut points sorted and deduplicated, those that would
///   make an empty piece (0, `len` or more) dropped, and a range between
///   each two neighbours.
///
/// ```
/// use lesson06_solution::{Plan, pieces};
///
/// assert_eq!(pieces(10, &Plan::Every(4)), vec![0..4, 4..8, 8..10]);
/// assert_eq!(pieces(8, &Plan::At(vec![5, 2, 2, 0, 99])), vec![0..2, 2..5, 5..8]);
/// assert_eq!(pieces(0, &Plan::Whole), vec![]);
/// ```
// `vec![0..len]` is meant: one piece, the range 0..len (not the numbers 0 to len).
#[allow(clippy::single_range_in_vec_init)]
pub fn pieces(len: usize, plan: &Plan) -> Vec<Range<usize>> {
    if len == 0 {
        return Vec::new();
    }
    match plan {
        Plan::Whole | Plan::Every(0) => vec![0..len],
        Plan::Every(n) => (0..len)
            .step_by(*n)
            .map(|start| start..(start + n).min(len))
            .collect(),
        Plan::At(cuts) => {
            let mut cuts: Vec<usize> = cuts.iter().copied().filter(|&c| c > 0 && c < len).collect();
            cuts.sort_unstable();
            cuts.dedup();
            let mut ranges = Vec::with_capacity(cuts.len() + 1);
            let mut start = 0;
            for cut in cuts.into_iter().chain([len]) {
                ranges.push(start..cut);
                start = cut;
            }
            ranges
        }
    }
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
/// # Returns
///
/// The number of pieces written (0 for empty `bytes`).
///
/// # Errors
///
/// The first error of `write_all` or `flush`; later pieces are not sent.
pub fn send_in_pieces<W: Write>(
    out: &mut W,
    bytes: &[u8],
    plan: &Plan,
    pause: Duration,
) -> io::Result<usize> {
    let ranges = pieces(bytes.len(), plan);
    for (i, range) in ranges.iter().enumerate() {
        if i > 0 && !pause.is_zero() {
            thread::sleep(pause);
        }
        out.write_all(&bytes[range.clone()])?;
        out.flush()?;
    }
    Ok(ranges.len())
}
