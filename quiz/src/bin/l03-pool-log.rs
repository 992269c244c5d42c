//! The program of question `l03-pool-log`: four connections go back to a
//! pool, then one request wants a connection again. What does the pool log?
//!
//! Run it after answering: `cargo run -q -p quiz --bin l03-pool-log`

use std::time::{Duration, Instant};

use lesson03::{Origin, Pool};

fn main() {
    let origin = Origin::new("http", "a.test", 80);
    // At most 3 idle connections per origin; an idle timeout of 10 s.
    let mut pool: Pool<u32> = Pool::new(3, Duration::from_secs(10));
    let start = Instant::now();
    let at = |secs| start + Duration::from_secs(secs);

    // Four requests went out at the same time, on four new connections.
    let conns: Vec<_> = (1..=4).map(|n| pool.new_connection(&origin, n)).collect();
    let created = pool.events().len();

    // Their responses ended at t = 0, 2, 4 and 6 s; all may be reused.
    for (conn, secs) in conns.into_iter().zip([0, 2, 4, 6]) {
        pool.checkin(conn, true, at(secs));
    }

    // The next request to the same origin, at t = 12 s.
    let _conn = pool.checkout(&origin, at(12));

    for event in &pool.events()[created..] {
        println!("{event}");
    }
}
