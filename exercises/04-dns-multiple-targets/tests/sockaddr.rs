// C socket addresses (`struct sockaddr_in`, `struct sockaddr_in6`) to `SocketAddr`.
// Function under test: `socket_addr_from_storage` (its inverse,
// `socket_addr_to_storage`, is given).

use std::mem;
use std::net::SocketAddr;

use lesson04::{socket_addr_from_storage, socket_addr_to_storage};

fn addr(text: &str) -> SocketAddr {
    text.parse().expect("the test's own address parses")
}

#[test]
fn sockaddr_in_converts_with_port_and_address_in_network_order() {
    for text in ["127.0.0.1:8080", "192.0.2.10:1", "10.20.30.40:65535"] {
        let (storage, len) = socket_addr_to_storage(addr(text));
        assert_eq!(len as usize, mem::size_of::<libc::sockaddr_in>());
        assert_eq!(
            socket_addr_from_storage(&storage, len),
            Some(addr(text)),
            "an AF_INET sockaddr_in holding {text} reads back as {text}: port and address are big-endian"
        );
    }
}

#[test]
fn sockaddr_in6_converts_with_port_address_and_scope() {
    for text in ["[::1]:443", "[2001:db8::1:2]:8080", "[fe80::1%3]:80"] {
        let (storage, len) = socket_addr_to_storage(addr(text));
        assert_eq!(len as usize, mem::size_of::<libc::sockaddr_in6>());
        assert_eq!(
            socket_addr_from_storage(&storage, len),
            Some(addr(text)),
            "an AF_INET6 sockaddr_in6 holding {text} reads back as {text}, scope id included"
        );
    }
}

#[test]
fn sockaddr_of_another_family_or_too_short_is_none() {
    let (mut storage, len) = socket_addr_to_storage(addr("127.0.0.1:80"));
    let short = (mem::size_of::<libc::sockaddr_in>() - 1) as libc::socklen_t;
    assert_eq!(
        socket_addr_from_storage(&storage, short),
        None,
        "a length shorter than sockaddr_in cannot hold an IPv4 address"
    );
    let (v6, _) = socket_addr_to_storage(addr("[::1]:80"));
    assert_eq!(
        socket_addr_from_storage(&v6, len),
        None,
        "16 bytes are too short for a sockaddr_in6 (28 bytes)"
    );
    storage.ss_family = libc::AF_UNIX as libc::sa_family_t;
    assert_eq!(
        socket_addr_from_storage(&storage, len),
        None,
        "an AF_UNIX address is not an IP socket address"
    );
}
