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
/// ```text
/// [v6a, v6b, v6c, v4a, v4b]  → [v6a, v4a, v6b, v4b, v6c]
/// [v4a, v6a, v6b]            → [v4a, v6a, v6b]
/// [v4a, v4b]                 → [v4a, v4b]
/// []                         → []
/// ```
///
/// `SocketAddr::is_ipv6` tells the families apart; splitting the input
/// into two lists first and then taking from each in turn is one way.
pub fn order_addresses(addrs: &[SocketAddr]) -> Vec<SocketAddr> {
    todo!("lesson 04: order_addresses({addrs:?})")
}
