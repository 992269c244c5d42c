//! How much does a wakeup cost with `poll()` and with epoll, when many
//! connections are idle and one is busy?
//!
//! For each N, the program opens N idle socket pairs plus one active pair,
//! registers the N + 1 reading ends with a `PollReactor` and with an
//! `Epoll`, and then times K wakeups with each: write one byte to the active
//! pair, wait, read the byte back. Only one descriptor is ever ready, so any
//! difference comes from the *idle* ones.
//!
//! ```sh
//! cargo run --release -p lesson05-solution --example poll_vs_epoll
//! ```

use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use lesson05_solution::{Epoll, Event, Interest, PollReactor, Token};

/// How many idle connections to try, largest last.
const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];
/// Wakeups timed per size and mechanism.
const WAKEUPS: u32 = 2_000;
/// No single wait may take longer than this (the byte is already there).
const BOUND: Option<Duration> = Some(Duration::from_secs(1));

fn main() -> io::Result<()> {
    let limit = raise_fd_limit()?;
    println!("open file limit: {limit}; {WAKEUPS} wakeups per row, one ready socket each time\n");
    println!("| idle sockets | poll() per wakeup | epoll_wait per wakeup | poll / epoll |");
    println!("|-------------:|------------------:|----------------------:|-------------:|");
    for idle in SIZES {
        // Two descriptors per pair, plus some room for stdio and epoll.
        let needed = (2 * (idle + 1) + 32) as libc::rlim_t;
        if needed > limit {
            println!("| {idle:>12} | skipped: needs {needed} descriptors, the limit is {limit} |");
            continue;
        }
        let (poll_ns, epoll_ns) = measure(idle)?;
        println!(
            "| {idle:>12} | {:>14.2} µs | {:>18.2} µs | {:>11.1}× |",
            poll_ns / 1000.0,
            epoll_ns / 1000.0,
            poll_ns / epoll_ns
        );
    }
    Ok(())
}

/// Returns the average nanoseconds per wakeup for poll and for epoll.
fn measure(idle: usize) -> io::Result<(f64, f64)> {
    let mut idle_pairs = Vec::with_capacity(idle);
    for _ in 0..idle {
        idle_pairs.push(UnixStream::pair()?);
    }
    let (mut tx, mut rx) = UnixStream::pair()?;
    rx.set_nonblocking(true)?;

    let mut reactor = PollReactor::new();
    let epoll = Epoll::new()?;
    // The active socket goes in *last*, so poll() has to get past every idle
    // one – the usual situation in a busy server, where any slot may fire.
    for (i, (_, reader)) in idle_pairs.iter().enumerate() {
        reactor.register(reader.as_raw_fd(), Token(i as u64), Interest::READABLE);
        epoll.add(reader, Token(i as u64), Interest::READABLE)?;
    }
    let active = Token(idle as u64);
    reactor.register(rx.as_raw_fd(), active, Interest::READABLE);
    epoll.add(&rx, active, Interest::READABLE)?;

    let mut events = Vec::new();
    let mut one = [0u8; 1];
    let mut wakeup =
        |wait: &mut dyn FnMut(&mut Vec<Event>) -> io::Result<usize>| -> io::Result<()> {
            tx.write_all(b"!")?;
            let n = wait(&mut events)?;
            if n != 1 || events[0].token != active {
                return Err(io::Error::other(format!(
                    "expected one event, got {events:?}"
                )));
            }
            rx.read_exact(&mut one)
        };

    let started = Instant::now();
    for _ in 0..WAKEUPS {
        wakeup(&mut |events| reactor.wait(events, BOUND))?;
    }
    let poll_ns = started.elapsed().as_nanos() as f64 / f64::from(WAKEUPS);

    let started = Instant::now();
    for _ in 0..WAKEUPS {
        wakeup(&mut |events| epoll.wait(events, BOUND))?;
    }
    let epoll_ns = started.elapsed().as_nanos() as f64 / f64::from(WAKEUPS);

    Ok((poll_ns, epoll_ns))
}

/// Raises the soft limit on open descriptors (`RLIMIT_NOFILE`) to the hard
/// limit, and returns the new soft limit. Many systems start programs with
/// a soft limit of 1024, too few for 5 000 socket pairs.
fn raise_fd_limit() -> io::Result<libc::rlim_t> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid, writable rlimit the kernel fills in.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if lim.rlim_cur < lim.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: lim.rlim_max,
            rlim_max: lim.rlim_max,
        };
        // SAFETY: `raised` is a valid rlimit the kernel only reads.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            lim = raised;
        }
    }
    Ok(lim.rlim_cur)
}
