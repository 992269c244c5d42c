// The epoll wrapper, on real socket pairs: tokens, interest, modify and
// delete, hangup, and level- versus edge-triggered readiness.
//
// Every wait has a bounded timeout, so a wrong answer fails instead of
// hanging.
//
// Run them all with `cargo test -p lesson05`, one file with
// `cargo test -p lesson05 --test epoll`.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use lesson05::{Epoll, Event, Interest, PollReactor, Token};

/// Long enough for a loopback event to arrive, short enough that a failing
/// test does not keep you waiting.
const SOON: Option<Duration> = Some(Duration::from_millis(500));
/// "Only look, do not wait."
const NOW: Option<Duration> = Some(Duration::ZERO);

/// A connected pair of non-blocking Unix stream sockets.
fn pair() -> (UnixStream, UnixStream) {
    let (a, b) = UnixStream::pair().expect("socketpair");
    a.set_nonblocking(true).expect("non-blocking a");
    b.set_nonblocking(true).expect("non-blocking b");
    (a, b)
}

/// The token of the watchdog socket (see [`watchdog`]).
const WATCHDOG: Token = Token(u64::MAX);

/// Makes sure a wait that should come back empty cannot hang the test: a
/// second socket pair, registered under [`WATCHDOG`], becomes readable after
/// two seconds. If `wait` ignored its timeout it would return then – with
/// the watchdog's event, which the assertions reject – instead of never.
/// Keep the returned socket alive until the end of the test.
fn watchdog(epoll: &Epoll) -> UnixStream {
    let (mut tx, rx) = UnixStream::pair().expect("socketpair");
    epoll
        .add(&rx, WATCHDOG, Interest::READABLE)
        .expect("add watchdog");
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(2));
        let _ = tx.write_all(b"!");
    });
    rx
}

fn readable(token: u64) -> Event {
    Event {
        token: Token(token),
        readable: true,
        writable: false,
        hangup: false,
        error: false,
    }
}

#[test]
fn registered_socket_with_data_reports_readable_with_its_token() {
    let epoll = Epoll::new().expect("Epoll::new");
    let (mut a, b) = pair();
    epoll.add(&b, Token(7), Interest::READABLE).expect("add");
    a.write_all(b"hello").expect("write");

    let mut events = Vec::new();
    let n = epoll.wait(&mut events, SOON).expect("wait");
    assert_eq!(n, 1, "one socket has data, so wait reports one event");
    assert_eq!(
        events,
        vec![readable(7)],
        "the event carries the token given to add (7) and says readable"
    );
}

#[test]
fn wait_with_zero_timeout_returns_at_once_with_no_events() {
    let epoll = Epoll::new().expect("Epoll::new");
    let _watchdog = watchdog(&epoll);
    let (_a, b) = pair();
    epoll.add(&b, Token(1), Interest::READABLE).expect("add");

    let mut events = vec![readable(99)];
    let started = Instant::now();
    let n = epoll.wait(&mut events, NOW).expect("wait");
    assert_eq!(n, 0, "nothing was written, so nothing is readable");
    assert!(
        events.is_empty(),
        "wait clears the events vector before filling it, got {events:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "a zero timeout only looks and returns at once"
    );
}

#[test]
fn wait_with_a_timeout_sleeps_about_that_long_when_nothing_is_ready() {
    let epoll = Epoll::new().expect("Epoll::new");
    let _watchdog = watchdog(&epoll);
    let (_a, b) = pair();
    epoll.add(&b, Token(1), Interest::READABLE).expect("add");

    let mut events = Vec::new();
    let started = Instant::now();
    let n = epoll
        .wait(&mut events, Some(Duration::from_millis(60)))
        .expect("wait");
    let waited = started.elapsed();
    assert_eq!(n, 0, "nothing became ready, so the timeout expired");
    assert!(
        waited >= Duration::from_millis(50) && waited < Duration::from_millis(500),
        "a 60 ms timeout waits about 60 ms, waited {waited:?}"
    );
}

#[test]
fn fresh_socket_with_writable_interest_reports_writable() {
    let epoll = Epoll::new().expect("Epoll::new");
    let (_a, b) = pair();
    epoll.add(&b, Token(3), Interest::WRITABLE).expect("add");

    let mut events = Vec::new();
    epoll.wait(&mut events, SOON).expect("wait");
    assert_eq!(events.len(), 1, "an empty send buffer is writable at once");
    assert!(events[0].writable, "the event says writable: {events:?}");
    assert_eq!(events[0].token, Token(3), "the event carries token 3");
    assert!(
        !events[0].readable,
        "nothing was sent to b, so it is not readable"
    );
}

#[test]
fn each_event_carries_the_token_of_its_own_socket() {
    let epoll = Epoll::new().expect("Epoll::new");
    let pairs: Vec<(UnixStream, UnixStream)> = (0..4).map(|_| pair()).collect();
    for (i, (_, b)) in pairs.iter().enumerate() {
        epoll
            .add(b, Token(100 + i as u64), Interest::READABLE)
            .expect("add");
    }
    // Data on the second and the fourth socket only.
    (&pairs[1].0).write_all(b"x").expect("write 1");
    (&pairs[3].0).write_all(b"y").expect("write 3");

    let mut events = Vec::new();
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut tokens = Vec::new();
    while tokens.len() < 2 && Instant::now() < deadline {
        epoll.wait(&mut events, SOON).expect("wait");
        tokens = events.iter().map(|e| e.token).collect();
    }
    tokens.sort();
    assert_eq!(
        tokens,
        vec![Token(101), Token(103)],
        "exactly the two sockets with data are reported, each with its own token"
    );
}

#[test]
fn modify_switches_interest_from_readable_to_writable() {
    let epoll = Epoll::new().expect("Epoll::new");
    let _watchdog = watchdog(&epoll);
    let (_a, b) = pair();
    epoll.add(&b, Token(1), Interest::READABLE).expect("add");

    let mut events = Vec::new();
    epoll.wait(&mut events, NOW).expect("wait");
    assert!(
        events.is_empty(),
        "with readable interest only, a quiet socket reports nothing"
    );

    epoll
        .modify(&b, Token(2), Interest::WRITABLE)
        .expect("modify");
    epoll.wait(&mut events, SOON).expect("wait");
    assert_eq!(
        events.len(),
        1,
        "after modify the socket is watched for writing"
    );
    assert!(events[0].writable, "the event says writable: {events:?}");
    assert_eq!(
        events[0].token,
        Token(2),
        "modify also replaces the token (1 → 2)"
    );
}

#[test]
fn delete_stops_events_for_that_socket() {
    let epoll = Epoll::new().expect("Epoll::new");
    let _watchdog = watchdog(&epoll);
    let (mut a, b) = pair();
    epoll.add(&b, Token(1), Interest::READABLE).expect("add");
    a.write_all(b"data").expect("write");
    epoll.delete(&b).expect("delete");

    let mut events = Vec::new();
    let n = epoll
        .wait(&mut events, Some(Duration::from_millis(20)))
        .expect("wait");
    assert_eq!(
        n, 0,
        "a deleted socket is off the interest list: no event although it has data"
    );
}

#[test]
fn adding_the_same_socket_twice_fails_with_already_exists() {
    let epoll = Epoll::new().expect("Epoll::new");
    let (_a, b) = pair();
    epoll
        .add(&b, Token(1), Interest::READABLE)
        .expect("first add");
    let err = epoll
        .add(&b, Token(2), Interest::READABLE)
        .expect_err("a second add of the same fd must fail (EEXIST)");
    assert_eq!(
        err.kind(),
        std::io::ErrorKind::AlreadyExists,
        "epoll_ctl(ADD) on a registered fd fails with EEXIST; use modify instead"
    );
}

#[test]
fn modify_or_delete_of_an_unregistered_socket_fails_with_not_found() {
    let epoll = Epoll::new().expect("Epoll::new");
    let (_a, b) = pair();
    let err = epoll
        .modify(&b, Token(1), Interest::READABLE)
        .expect_err("modify of an fd that was never added must fail (ENOENT)");
    assert_eq!(
        err.kind(),
        std::io::ErrorKind::NotFound,
        "epoll_ctl(MOD) on an unknown fd is ENOENT"
    );
    let err = epoll
        .delete(&b)
        .expect_err("delete of an fd that was never added must fail (ENOENT)");
    assert_eq!(
        err.kind(),
        std::io::ErrorKind::NotFound,
        "epoll_ctl(DEL) on an unknown fd is ENOENT"
    );
}

#[test]
fn peer_close_reports_readable_and_hangup() {
    let epoll = Epoll::new().expect("Epoll::new");
    let (a, mut b) = pair();
    epoll.add(&b, Token(5), Interest::READABLE).expect("add");
    drop(a);

    let mut events = Vec::new();
    epoll.wait(&mut events, SOON).expect("wait");
    assert_eq!(events.len(), 1, "closing the peer wakes the watcher");
    assert!(
        events[0].readable && events[0].hangup,
        "a closed peer is readable (read returns 0) and a hangup: {events:?}"
    );
    let mut byte = [0u8; 1];
    assert_eq!(b.read(&mut byte).expect("read"), 0, "the read says EOF");
}

#[test]
fn tcp_peer_shutdown_of_its_writing_side_reports_hangup() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
    let (server, _) = listener.accept().expect("accept");
    server.set_nonblocking(true).expect("non-blocking");

    let epoll = Epoll::new().expect("Epoll::new");
    epoll
        .add(&server, Token(9), Interest::READABLE)
        .expect("add");
    client.shutdown(Shutdown::Write).expect("shutdown");

    let mut events = Vec::new();
    epoll.wait(&mut events, SOON).expect("wait");
    assert_eq!(
        events.len(),
        1,
        "the client's FIN wakes the server: {events:?}"
    );
    assert!(
        events[0].hangup,
        "readable interest includes EPOLLRDHUP, so a half-close is a hangup: {events:?}"
    );
}

#[test]
fn level_triggered_reports_unread_data_again() {
    let epoll = Epoll::new().expect("Epoll::new");
    let _watchdog = watchdog(&epoll);
    let (mut a, mut b) = pair();
    epoll.add(&b, Token(1), Interest::READABLE).expect("add");
    a.write_all(b"0123456789").expect("write 10 bytes");

    let mut events = Vec::new();
    assert_eq!(epoll.wait(&mut events, SOON).expect("wait"), 1, "readable");
    let mut five = [0u8; 5];
    b.read_exact(&mut five).expect("read 5 of the 10 bytes");

    let n = epoll.wait(&mut events, NOW).expect("wait again");
    assert_eq!(
        n, 1,
        "level-triggered: 5 bytes are still unread, so the socket is reported again"
    );
    assert!(events[0].readable, "still readable: {events:?}");
}

#[test]
fn edge_triggered_reports_once_until_new_data_arrives() {
    let epoll = Epoll::new().expect("Epoll::new");
    let _watchdog = watchdog(&epoll);
    let (mut a, mut b) = pair();
    epoll
        .add(&b, Token(1), Interest::READABLE.edge_triggered())
        .expect("add");
    a.write_all(b"0123456789").expect("write 10 bytes");

    let mut events = Vec::new();
    assert_eq!(
        epoll.wait(&mut events, SOON).expect("wait"),
        1,
        "the arrival of data is an edge: one event"
    );
    let mut five = [0u8; 5];
    b.read_exact(&mut five).expect("read 5 of the 10 bytes");

    let n = epoll.wait(&mut events, NOW).expect("wait again");
    assert_eq!(
        n, 0,
        "edge-triggered: 5 bytes are still unread, but nothing new arrived, so no event"
    );

    a.write_all(b"!").expect("write 1 more byte");
    let n = epoll.wait(&mut events, SOON).expect("wait after new data");
    assert_eq!(n, 1, "new data is a new edge: one event again");
}

#[test]
fn poll_and_epoll_report_the_same_ready_tokens() {
    let epoll = Epoll::new().expect("Epoll::new");
    let mut reactor = PollReactor::new();
    let pairs: Vec<(UnixStream, UnixStream)> = (0..5).map(|_| pair()).collect();
    for (i, (_, b)) in pairs.iter().enumerate() {
        use std::os::fd::AsRawFd;
        epoll
            .add(b, Token(i as u64), Interest::READABLE)
            .expect("add");
        reactor.register(b.as_raw_fd(), Token(i as u64), Interest::READABLE);
    }
    (&pairs[0].0).write_all(b"a").expect("write");
    (&pairs[2].0).write_all(b"c").expect("write");

    let mut from_poll = Vec::new();
    reactor.wait(&mut from_poll, SOON).expect("poll");
    let mut from_epoll = Vec::new();
    epoll.wait(&mut from_epoll, SOON).expect("epoll_wait");
    from_epoll.sort_by_key(|e| e.token);
    assert_eq!(
        from_epoll, from_poll,
        "epoll and the poll() reactor agree on which sockets are ready"
    );
}
