//! C socket addresses and [`std::net::SocketAddr`].
//!
//! The C socket API passes addresses as a pointer to a generic
//! `struct sockaddr` plus a length. The first field of every concrete address
//! type is the *family*, which says how to read the rest:
//!
//! ```text
//!  struct sockaddr_in  (AF_INET, 16 bytes)     struct sockaddr_in6 (AF_INET6, 28 bytes)
//!  ┌────────────┬──────────┬──────────┐        ┌────────────┬──────────┬────────────┐
//!  │ sin_family │ sin_port │ sin_addr │ zero…  │ sin6_family│ sin6_port│sin6_flowinfo│
//!  │  2 bytes   │ 2, BE    │ 4, BE    │        │  2 bytes   │ 2, BE    │ 4          │
//!  └────────────┴──────────┴──────────┘        ├────────────┴──────────┴────────────┤
//!                                              │ sin6_addr: 16 bytes, network order │
//!                                              │ sin6_scope_id: 4, host order       │
//!                                              └────────────────────────────────────┘
//! ```
//!
//! Port and IPv4 address are in network byte order (big-endian), see
//! `ip(7)` and `ipv6(7)`. `struct sockaddr_storage` is a buffer large enough
//! and aligned enough for any of them: this module always works on one of
//! those, so a pointer cast to a concrete type never reads outside the value.

use std::mem;
use std::net::SocketAddr;

/// Reads a C socket address held in `storage`, of which the first `len`
/// bytes are valid (the length `getaddrinfo`, `accept` or `getsockname`
/// reported).
///
/// # Returns
///
/// `Some(addr)` for an `AF_INET` address with `len` at least
/// `size_of::<sockaddr_in>()`, or an `AF_INET6` address with `len` at least
/// `size_of::<sockaddr_in6>()`; `None` for any other family (such as
/// `AF_UNIX`) or a length too short for the family.
///
/// ```text
/// AF_INET,  len 16, sin_port 0x1f90 (BE), sin_addr 127.0.0.1  → Some(127.0.0.1:8080)
/// AF_INET6, len 28, sin6_port 0x01bb (BE), sin6_addr ::1      → Some([::1]:443)
/// AF_INET,  len 15                                            → None (too short)
/// AF_UNIX,  len 110                                           → None (not IP)
/// ```
///
/// This is the one function of the lesson with an `unsafe` block in it:
/// to read the fields of a `sockaddr_in` you cast the reference to the
/// storage, `storage as *const libc::sockaddr_storage`, to a pointer to
/// `libc::sockaddr_in` (`.cast::<libc::sockaddr_in>()`) and borrow it with
/// `unsafe { &*ptr }`. Before the `unsafe` block write a `// SAFETY:`
/// comment that says why the cast is sound: which type guarantees the size
/// and alignment, what tells you which struct the bytes are, and why the
/// bytes cannot change or vanish while you read. Then convert the fields
/// from network byte order (`u16::from_be`, `u32::from_be`). For IPv6 keep
/// `sin6_flowinfo` and `sin6_scope_id` as they are (they are what
/// [`socket_addr_to_storage`] writes).
pub fn socket_addr_from_storage(
    storage: &libc::sockaddr_storage,
    len: libc::socklen_t,
) -> Option<SocketAddr> {
    todo!(
        "lesson 04: socket_addr_from_storage(family {}, len {len})",
        storage.ss_family
    )
}

/// Writes `addr` as a C socket address: the storage and the number of bytes
/// of it that are the address (`sizeof(struct sockaddr_in)` or
/// `sizeof(struct sockaddr_in6)`), ready for `connect(2)`.
///
/// The inverse of [`socket_addr_from_storage`].
pub fn socket_addr_to_storage(addr: SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: `sockaddr_storage` is plain old data (integers and byte
    // arrays); all-zero bytes are a valid value of it.
    let mut storage: libc::sockaddr_storage = unsafe { mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(v4) => {
            // SAFETY: `storage` is large and aligned enough for a
            // `sockaddr_in` and we hold the only reference to it.
            let sin = unsafe {
                &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()
            };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = v4.port().to_be();
            sin.sin_addr.s_addr = u32::from(*v4.ip()).to_be();
            mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(v6) => {
            // SAFETY: as above, for `sockaddr_in6`.
            let sin6 = unsafe {
                &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = v6.port().to_be();
            sin6.sin6_flowinfo = v6.flowinfo();
            sin6.sin6_addr.s6_addr = v6.ip().octets();
            sin6.sin6_scope_id = v6.scope_id();
            mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}
