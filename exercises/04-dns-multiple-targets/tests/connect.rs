// Non-blocking connect with a timeout, and trying address after address.
// Functions under test: `connect_one`, `connect_first`.
//
// Loopback only. A closed port is found by binding port 0 on 127.0.0.2 and
// dropping the listener: nothing listens there afterwards, so a connect is
// refused at once (the kernel answers the SYN with a RST).

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use lesson04::{connect_first, connect_one};

const TIMEOUT: Duration = Duration::from_millis(500);

/// The tests of this file run one at a time: otherwise one test's
/// `closed_port` could, for a moment, listen on the very port another test
/// expects to be closed. (A test that panics poisons the lock; that is fine.)
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An address on 127.0.0.2 where nothing listens.
fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::new(127, 0, 0, 2), 0))
        .expect("bind a listener on 127.0.0.2 to find a free port");
    listener.local_addr().expect("the listener's address")
    // The listener is dropped here: the port is closed.
}

/// A listener on 127.0.0.1 that nobody accepts from: the kernel completes
/// the handshake on its own (the connection waits in the backlog).
fn live_listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("the listener's address");
    (listener, addr)
}

#[test]
fn connect_one_to_a_listener_gives_a_connected_stream() {
    let _serial = one_at_a_time();
    let (listener, addr) = live_listener();
    let stream =
        connect_one(addr, TIMEOUT).expect("a listener on 127.0.0.1 accepts the connection");
    assert_eq!(
        stream.peer_addr().expect("a connected stream has a peer"),
        addr,
        "the stream is connected to the listener"
    );
    listener
        .set_nonblocking(true)
        .expect("set the listener non-blocking");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match listener.accept() {
            Ok((_, peer)) => {
                assert_eq!(
                    peer,
                    stream.local_addr().expect("local address"),
                    "the listener sees our socket"
                );
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(e) => panic!("the connection should be waiting in the listener's backlog: {e}"),
        }
    }
}

#[test]
fn connect_one_to_a_closed_port_is_refused_quickly() {
    let _serial = one_at_a_time();
    let addr = closed_port();
    let started = Instant::now();
    let err = connect_one(addr, TIMEOUT).expect_err("nothing listens on a closed port");
    assert_eq!(
        err.kind(),
        io::ErrorKind::ConnectionRefused,
        "a closed loopback port refuses the connection (SO_ERROR = ECONNREFUSED), got {err:?}"
    );
    assert!(
        started.elapsed() < TIMEOUT,
        "a refused connection fails at once, without waiting for the timeout"
    );
}

#[test]
fn connect_first_falls_back_to_the_next_address() {
    let _serial = one_at_a_time();
    let closed = closed_port();
    let (_listener, live) = live_listener();
    let (stream, used) = connect_first(&[closed, live], TIMEOUT)
        .expect("the second address listens, so connect_first succeeds");
    assert_eq!(
        used, live,
        "the first address was refused, so the second one is used"
    );
    assert_eq!(
        stream.peer_addr().expect("a connected stream has a peer"),
        live,
        "the stream is connected to the address reported"
    );
}

#[test]
fn connect_first_stops_at_the_first_address_that_works() {
    let _serial = one_at_a_time();
    let (_first, first) = live_listener();
    let (_second, second) = live_listener();
    let (_, used) = connect_first(&[first, second], TIMEOUT).expect("both addresses listen");
    assert_eq!(used, first, "the addresses are tried in the given order");
}

#[test]
fn connect_first_lists_every_refused_address() {
    let _serial = one_at_a_time();
    let addrs = [closed_port(), closed_port(), closed_port()];
    let err = connect_first(&addrs, TIMEOUT).expect_err("no address listens");
    let tried: Vec<SocketAddr> = err.attempts.iter().map(|a| a.addr).collect();
    assert_eq!(
        tried, addrs,
        "every address is tried once, in order, and listed in the error"
    );
    for attempt in &err.attempts {
        assert_eq!(
            attempt.error.kind(),
            io::ErrorKind::ConnectionRefused,
            "{} was refused, got {:?}",
            attempt.addr,
            attempt.error
        );
    }
    // The ports change from run to run: name them PORT1, PORT2, PORT3.
    let mut shown = err.to_string();
    for (i, addr) in addrs.iter().enumerate() {
        let named = format!("{}:PORT{}", addr.ip(), i + 1);
        shown = shown.replacen(&addr.to_string(), &named, 1);
    }
    insta::assert_snapshot!("connect_first_all_refused", shown);
}

#[test]
fn connect_first_without_addresses_is_an_error() {
    let _serial = one_at_a_time();
    let err = connect_first(&[], TIMEOUT).expect_err("there is nothing to connect to");
    assert!(err.attempts.is_empty(), "no address, no attempt");
    assert_eq!(err.to_string(), "no address to connect to");
}

#[test]
fn connect_first_over_ipv6_loopback() {
    let _serial = one_at_a_time();
    // The IPv4 part first, so that this test fails on the stub on every machine.
    let closed_v4 = closed_port();
    let err = connect_first(&[closed_v4], TIMEOUT).expect_err("nothing listens on the closed port");
    assert_eq!(err.attempts.len(), 1, "one address, one failed attempt");

    let Ok(listener) = TcpListener::bind("[::1]:0") else {
        println!("skipped: no IPv6 loopback (binding [::1]:0 failed)");
        return;
    };
    let live_v6 = listener.local_addr().expect("the listener's address");
    let (stream, used) = connect_first(&[closed_v4, live_v6], TIMEOUT)
        .expect("the IPv6 listener accepts after the IPv4 address was refused");
    assert_eq!(used, live_v6, "falls back from IPv4 to IPv6");
    assert!(
        stream
            .peer_addr()
            .expect("a connected stream has a peer")
            .is_ipv6(),
        "an AF_INET6 socket was made for the IPv6 address"
    );
}
