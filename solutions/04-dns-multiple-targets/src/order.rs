//! In which order to try a host's addresses.
//!
//! `getaddrinfo` already sorts its answer (RFC 6724: prefer IPv6, prefer
//! matching scopes, …). Trying that list straight down has one weakness:
//! if the first family is broken – an IPv6 route that silently drops
//! packets is the classic – every address of that family has to time out
//! before the first address of the other family gets a chance.
//!
//! RFC 8305 ("Happy Eyeballs v2") §4 fixes the order: keep the first
//! address getaddrinfo preferred, then alternate between the families.
//!
//! ```text
//!  getaddrinfo: v6a v6b v6c v4a v4b
//!  ordered:     v6a v4a v6b v4b v6c
//! ```
//!
//! (RFC 8305 also *races* the attempts, starting the next one 250 ms after
//! the previous without waiting for it to fail; this course tries one at a
//! time, see [`crate::connect_first`].)

use std::net::SocketAddr;

/// Orders addresses for connection attempts, RFC 8305 §4 style.
///
/// # Returns
///
/// The same addresses, interleaved by family: the first address of the
/// input's first family, then the first of the other family, then the
/// second of the first family, and so on; once one family runs out, the
/// rest of the other family in its own order. Within a family the input
/// order is kept. Duplicates are kept (callers that resolve remove them).
///
/// ```
/// use std::net::SocketAddr;
/// use lesson04_solution::order_addresses;
///
/// let addrs: Vec<SocketAddr> = ["[::1]:80", "[::2]:80", "127.0.0.1:80"]
///     .iter().map(|a| a.parse().unwrap()).collect();
/// let ordered: Vec<String> = order_addresses(&addrs).iter().map(|a| a.to_string()).collect();
/// assert_eq!(ordered, ["[::1]:80", "127.0.0.1:80", "[::2]:80"]);
/// ```
pub fn order_addresses(addrs: &[SocketAddr]) -> Vec<SocketAddr> {
    let Some(first) = addrs.first() else {
        return Vec::new();
    };
    let first_is_v6 = first.is_ipv6();
    let (mut preferred, mut other): (Vec<SocketAddr>, Vec<SocketAddr>) =
        addrs.iter().partition(|addr| addr.is_ipv6() == first_is_v6);
    preferred.reverse();
    other.reverse();

    let mut ordered = Vec::with_capacity(addrs.len());
    loop {
        match (preferred.pop(), other.pop()) {
            (None, None) => break,
            (a, b) => ordered.extend(a.into_iter().chain(b)),
        }
    }
    ordered
}
