//! Question `l05-level-vs-edge`: two socket pairs, one watched
//! level-triggered and one edge-triggered, and four waits.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l05-level-vs-edge`
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use lesson05::{Epoll, Interest, Token};

/// Waits at most 5 ms and prints which registrations were reported.
fn show(epoll: &Epoll, label: &str) -> io::Result<()> {
    let mut events = Vec::new();
    epoll.wait(&mut events, Some(Duration::from_millis(5)))?;
    events.sort_by_key(|e| e.token);
    let names: Vec<&str> = events
        .iter()
        .map(|e| if e.token == Token(1) { "level" } else { "edge" })
        .collect();
    println!("{label}: [{}]", names.join(", "));
    Ok(())
}

fn main() -> io::Result<()> {
    let epoll = Epoll::new()?;
    let (mut peer_level, mut level) = UnixStream::pair()?;
    let (mut peer_edge, mut edge) = UnixStream::pair()?;
    epoll.add(&level, Token(1), Interest::READABLE)?;
    epoll.add(&edge, Token(2), Interest::READABLE.edge_triggered())?;

    peer_level.write_all(b"0123456789")?;
    peer_edge.write_all(b"0123456789")?;
    show(&epoll, "wait 1")?;

    let mut five = [0u8; 5];
    level.read_exact(&mut five)?;
    edge.read_exact(&mut five)?;
    show(&epoll, "wait 2")?;

    peer_level.write_all(b"!")?;
    peer_edge.write_all(b"!")?;
    show(&epoll, "wait 3")?;
    show(&epoll, "wait 4")
}
