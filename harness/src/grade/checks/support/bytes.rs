//! Test bytes, and comparing them.
//!
//! A file or body that a check sends through the program under test should
//! be hard to get right by accident: text-only handling, a `\r\n` turned
//! into `\n`, a NUL that ends a C string, a piece sent from the wrong offset
//! after a partial write – each must show. [`awkward`] makes such bytes,
//! and [`same_bytes`] says where a copy first went wrong.

use crate::grade::{Failure, Verdict};
use crate::wire::preview::preview;

/// `len` bytes that are hard to pass through by accident, the same for the
/// same `seed`: a pseudo-random stream (xorshift64*), so that every stretch
/// is unique and a body sent from a wrong offset shows at the first wrong
/// byte, with a `\r\n` pair and a NUL planted in every 64 bytes, so that an
/// upload treated as text or as a C string shows too.
///
/// ```
/// use harness::grade::checks::support::bytes::awkward;
///
/// let bytes = awkward(128, 7);
/// assert_eq!(bytes, awkward(128, 7));
/// assert_eq!(&bytes[10..12], b"\r\n");
/// assert_eq!(bytes[20], 0);
/// ```
pub fn awkward(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    out.truncate(len);
    for (index, byte) in out.iter_mut().enumerate() {
        match index % 64 {
            10 => *byte = b'\r',
            11 => *byte = b'\n',
            20 => *byte = 0,
            _ => {}
        }
    }
    out
}

/// The first offset at which `got` differs from `expected` (a shorter or
/// longer `got` differs where the shorter one ends), or `None`.
pub fn first_difference(expected: &[u8], got: &[u8]) -> Option<usize> {
    // Whole blocks compare with memcmp; only the block that differs is
    // searched byte by byte.
    const BLOCK: usize = 4096;
    let common = expected.len().min(got.len());
    let mut at = 0;
    while at < common {
        let end = (at + BLOCK).min(common);
        if expected[at..end] != got[at..end] {
            return (at..end).find(|&i| expected[i] != got[i]);
        }
        at = end;
    }
    (expected.len() != got.len()).then_some(common)
}

/// Fails unless `got` is exactly `expected`, naming the first differing
/// offset and the bytes on either side of it; `what` names the body, as in
/// `GET /big.bin`.
///
/// # Errors
///
/// A failure that says whether the body stops short, runs long, or goes
/// wrong at an offset (and what it holds there).
pub fn same_bytes(what: &str, expected: &[u8], got: &[u8]) -> Verdict {
    let Some(at) = first_difference(expected, got) else {
        return Ok(());
    };
    let around =
        |bytes: &[u8]| preview(&bytes[at.min(bytes.len())..(at + 16).min(bytes.len())], 16);
    let reason = if at == got.len() {
        format!(
            "{what}: the body is {} bytes, the file {}: it stops short",
            got.len(),
            expected.len()
        )
    } else if at == expected.len() {
        format!(
            "{what}: the body is {} bytes, the file only {}",
            got.len(),
            expected.len()
        )
    } else {
        format!(
            "{what}: the body differs from the file from byte {at} on (of {}): expected \
             \"{}\", got \"{}\" – bytes sent from the wrong offset after a partial write?",
            expected.len(),
            around(expected),
            around(got)
        )
    };
    Err(Failure::new(reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_bytes_are_repeatable_and_do_not_repeat_themselves() {
        let a = awkward(1 << 16, 7);
        assert_eq!(a, awkward(1 << 16, 7));
        assert_ne!(a[..4096], a[4096..8192]);
        assert_eq!(awkward(5, 7), a[..5]);
        assert_ne!(awkward(64, 8), awkward(64, 7));
        assert!(a.chunks(64).all(|c| c[10..12] == *b"\r\n" && c[20] == 0));
    }

    #[test]
    fn first_difference_finds_the_offset_or_the_shorter_end() {
        let a = awkward(10_000, 1);
        let mut b = a.clone();
        assert_eq!(first_difference(&a, &b), None);
        b[9_000] ^= 1;
        assert_eq!(first_difference(&a, &b), Some(9_000));
        assert_eq!(first_difference(&a, &a[..20]), Some(20));
        assert_eq!(first_difference(&a[..20], &a), Some(20));
        let why = same_bytes("GET /big.bin", &a, &b).expect_err("differs");
        assert!(why.reason.contains("from byte 9000 on"), "{}", why.reason);
        let short = same_bytes("GET /big.bin", &a, &a[..5]).expect_err("short");
        assert!(short.reason.contains("stops short"), "{}", short.reason);
    }
}
