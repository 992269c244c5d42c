// A per-origin pool of idle keep-alive connections, with an injected clock.
// Functions under test: `Pool::checkout`, `Pool::checkin`, `Pool::expire`
// (`Pool::new`, `Pool::new_connection`, `events`, `idle_count` are given).
//
// Connections are plain `&str` labels here, and time is an `Instant` the test
// moves forward by hand: `at(5)` is 5 seconds after the test's start.

use std::time::{Duration, Instant};

use lesson03::{ConnId, EventKind, Origin, Pool, render_events};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Clock(Instant);

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now())
    }

    fn at(&self, seconds: u64) -> Instant {
        self.0 + Duration::from_secs(seconds)
    }
}

fn origin(host: &str) -> Origin {
    Origin::new("http", host, 80)
}

/// The kinds of events logged for `conn`, in order.
fn history(pool: &Pool<&'static str>, conn: u64) -> Vec<EventKind> {
    pool.events()
        .iter()
        .filter(|event| event.conn == ConnId(conn))
        .map(|event| event.kind)
        .collect()
}

#[test]
fn an_empty_pool_has_nothing_to_hand_out() {
    let clock = Clock::start();
    let mut pool: Pool<&'static str> = Pool::new(2, TIMEOUT);
    assert!(
        pool.checkout(&origin("a.example"), clock.at(0)).is_none(),
        "an empty pool returns None: the caller must open a new connection"
    );
    assert!(
        pool.events().is_empty(),
        "a checkout that finds nothing logs nothing"
    );
}

#[test]
fn a_returned_connection_is_reused_for_the_same_origin() {
    let clock = Clock::start();
    let a = origin("a.example");
    let mut pool = Pool::new(2, TIMEOUT);
    let conn = pool.new_connection(&a, "socket-1");
    pool.checkin(conn, true, clock.at(1));
    assert_eq!(
        pool.idle_count(&a),
        1,
        "the returned connection waits idle in the pool"
    );

    let again = pool
        .checkout(&a, clock.at(2))
        .expect("the idle connection to the same origin is handed out again");
    assert_eq!(again.conn, "socket-1", "it is the very same connection");
    assert_eq!(again.id(), ConnId(1), "it keeps its id");
    assert_eq!(
        pool.idle_count(&a),
        0,
        "a checked-out connection is no longer idle"
    );
    assert_eq!(
        history(&pool, 1),
        [
            EventKind::Created,
            EventKind::ReturnedIdle,
            EventKind::Reused
        ],
        "the log says: created, returned idle, reused"
    );
}

#[test]
fn different_origins_never_share_a_connection() {
    let clock = Clock::start();
    let mut pool = Pool::new(2, TIMEOUT);
    let a = origin("a.example");
    let conn = pool.new_connection(&a, "to-a");
    pool.checkin(conn, true, clock.at(0));

    for other in [
        origin("b.example"),
        Origin::new("http", "a.example", 8080),
        Origin::new("https", "a.example", 80),
    ] {
        assert!(
            pool.checkout(&other, clock.at(1)).is_none(),
            "a connection to {a} must never be used for {other}"
        );
    }
    assert_eq!(
        pool.idle_count(&a),
        1,
        "the connection to {a} is still idle"
    );
    assert!(
        pool.checkout(&Origin::new("HTTP", "A.Example", 80), clock.at(1))
            .is_some(),
        "scheme and host ignore case: HTTP://A.Example:80 is the same origin as {a}"
    );
}

#[test]
fn the_most_recently_returned_connection_is_reused_first() {
    let clock = Clock::start();
    let a = origin("a.example");
    let mut pool = Pool::new(3, TIMEOUT);
    let first = pool.new_connection(&a, "first");
    let second = pool.new_connection(&a, "second");
    let third = pool.new_connection(&a, "third");
    pool.checkin(second, true, clock.at(1));
    pool.checkin(first, true, clock.at(2));
    pool.checkin(third, true, clock.at(3));

    let order: Vec<&str> = (0..3)
        .map(|_| {
            pool.checkout(&a, clock.at(4))
                .expect("three idle connections were returned")
                .conn
        })
        .collect();
    assert_eq!(
        order,
        ["third", "first", "second"],
        "checkout hands out the connection returned last first (LIFO): it has been idle \
         the shortest time"
    );
}

#[test]
fn at_most_max_idle_per_origin_the_longest_idle_is_closed() {
    let clock = Clock::start();
    let a = origin("a.example");
    let b = origin("b.example");
    let mut pool = Pool::new(2, TIMEOUT);
    let conns: Vec<_> = (0..3).map(|_| pool.new_connection(&a, "to-a")).collect();
    let to_b = pool.new_connection(&b, "to-b");
    for (second, conn) in conns.into_iter().enumerate() {
        pool.checkin(conn, true, clock.at(second as u64));
    }
    pool.checkin(to_b, true, clock.at(5));

    assert_eq!(
        pool.idle_count(&a),
        2,
        "at most 2 idle connections per origin"
    );
    assert_eq!(
        pool.idle_count(&b),
        1,
        "the limit counts each origin on its own"
    );
    assert_eq!(
        history(&pool, 1),
        [
            EventKind::Created,
            EventKind::ReturnedIdle,
            EventKind::ClosedTooManyIdle
        ],
        "when #3 comes back, #1 (idle the longest) is closed to keep the limit"
    );
    assert_eq!(
        history(&pool, 3),
        [EventKind::Created, EventKind::ReturnedIdle],
        "the connection just returned stays idle"
    );
}

#[test]
fn a_connection_that_is_not_reusable_is_closed() {
    let clock = Clock::start();
    let a = origin("a.example");
    let mut pool = Pool::new(2, TIMEOUT);
    let conn = pool.new_connection(&a, "socket-1");
    pool.checkin(conn, false, clock.at(1));
    assert_eq!(
        pool.idle_count(&a),
        0,
        "a connection that cannot be reused never waits idle"
    );
    assert_eq!(
        history(&pool, 1),
        [EventKind::Created, EventKind::ClosedNotReusable],
        "the log says why it was closed: not reusable"
    );
    assert!(
        pool.checkout(&a, clock.at(2)).is_none(),
        "nothing to hand out afterwards"
    );
}

#[test]
fn checkout_closes_connections_idle_for_the_timeout_or_longer() {
    let clock = Clock::start();
    let a = origin("a.example");
    let mut pool = Pool::new(4, TIMEOUT);
    let old = pool.new_connection(&a, "old");
    let young = pool.new_connection(&a, "young");
    pool.checkin(old, true, clock.at(0));
    pool.checkin(young, true, clock.at(10));

    // At 30 s, "old" has been idle exactly 30 s (the timeout), "young" 20 s.
    let got = pool
        .checkout(&a, clock.at(30))
        .expect("the young connection is still fresh enough");
    assert_eq!(
        got.conn, "young",
        "the connection idle for 20 s < 30 s is reused"
    );
    assert_eq!(
        history(&pool, 1),
        [
            EventKind::Created,
            EventKind::ReturnedIdle,
            EventKind::ClosedExpired
        ],
        "the connection idle for exactly the timeout (30 s) is closed, not reused"
    );
    assert_eq!(
        pool.idle_count(&a),
        0,
        "the expired connection is gone from the pool"
    );
}

#[test]
fn a_connection_idle_just_under_the_timeout_is_reused() {
    let clock = Clock::start();
    let a = origin("a.example");
    let mut pool = Pool::new(2, TIMEOUT);
    let conn = pool.new_connection(&a, "socket-1");
    pool.checkin(conn, true, clock.at(100));
    let now = clock.at(130) - Duration::from_millis(1);
    assert!(
        pool.checkout(&a, now).is_some(),
        "idle for 29.999 s, under the 30 s timeout: still reused"
    );
}

#[test]
fn only_expired_connections_are_closed_even_out_of_order() {
    let clock = Clock::start();
    let a = origin("a.example");
    let mut pool = Pool::new(4, TIMEOUT);
    let late = pool.new_connection(&a, "late");
    let early = pool.new_connection(&a, "early");
    // Returned at 20 s, then (with an earlier timestamp) at 5 s.
    pool.checkin(late, true, clock.at(20));
    pool.checkin(early, true, clock.at(5));
    let got = pool
        .checkout(&a, clock.at(40))
        .expect("the connection returned at 20 s is idle 20 s at 40 s: fresh enough");
    assert_eq!(
        got.conn, "late",
        "expiry looks at each connection's own idle time, not its place in the list"
    );
    assert_eq!(
        history(&pool, 2),
        [
            EventKind::Created,
            EventKind::ReturnedIdle,
            EventKind::ClosedExpired
        ],
        "the connection idle since 5 s (35 s at 40 s) is closed"
    );
}

#[test]
fn expire_closes_idle_connections_of_every_origin() {
    let clock = Clock::start();
    let a = origin("a.example");
    let b = origin("b.example");
    let mut pool = Pool::new(4, TIMEOUT);
    let to_b = pool.new_connection(&b, "to-b");
    let to_a = pool.new_connection(&a, "to-a");
    let fresh_a = pool.new_connection(&a, "fresh-a");
    pool.checkin(to_b, true, clock.at(0));
    pool.checkin(to_a, true, clock.at(1));
    pool.checkin(fresh_a, true, clock.at(20));

    pool.expire(clock.at(31));
    assert_eq!(
        pool.idle_count(&a),
        1,
        "only the fresh connection to a.example is left"
    );
    assert_eq!(
        pool.idle_count(&b),
        0,
        "the connection to b.example expired"
    );
    let closed: Vec<String> = pool
        .events()
        .iter()
        .filter(|event| event.kind == EventKind::ClosedExpired)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        closed,
        [
            "#2 http://a.example:80 closed: idle timeout",
            "#1 http://b.example:80 closed: idle timeout",
        ],
        "expire closes the expired connections of all origins, origins in sorted order"
    );
}

#[test]
fn scripted_client_session_event_log() {
    // A client fetching from two origins over two minutes, pool of 1 idle
    // connection per origin, 30 s idle timeout.
    let clock = Clock::start();
    let a = origin("a.example");
    let b = Origin::new("http", "b.example", 8080);
    let mut pool = Pool::new(1, TIMEOUT);

    // t=0: two requests to a.example at once: nothing idle, two connections.
    assert!(pool.checkout(&a, clock.at(0)).is_none());
    let a1 = pool.new_connection(&a, "a1");
    assert!(pool.checkout(&a, clock.at(0)).is_none());
    let a2 = pool.new_connection(&a, "a2");
    // t=1: both responses done and keep-alive: only one may stay idle.
    pool.checkin(a1, true, clock.at(1));
    pool.checkin(a2, true, clock.at(1));
    // t=2: a request to b.example cannot use a.example's connection.
    assert!(pool.checkout(&b, clock.at(2)).is_none());
    let b1 = pool.new_connection(&b, "b1");
    // t=3: the b.example response said `Connection: close`.
    pool.checkin(b1, false, clock.at(3));
    // t=10: another request to a.example reuses the idle one.
    let again = pool
        .checkout(&a, clock.at(10))
        .expect("a2 is idle since t=1");
    pool.checkin(again, true, clock.at(11));
    // t=60: the idle connection to a.example has expired.
    assert!(pool.checkout(&a, clock.at(60)).is_none());
    let a3 = pool.new_connection(&a, "a3");
    pool.checkin(a3, true, clock.at(61));
    // t=120: the client's timer cleans up.
    pool.expire(clock.at(120));

    insta::assert_snapshot!("scripted_client_session", render_events(pool.events()));
}
