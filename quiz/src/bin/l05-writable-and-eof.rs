//! Question `l05-writable-and-eof`: one socket watched for reading and
//! writing, level-triggered, while its peer says goodbye.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l05-writable-and-eof`
use std::io::{self, Write};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use lesson05::{Epoll, Interest, Token, drain};

/// Waits at most 5 ms and prints each event's token and flags.
fn show(epoll: &Epoll, label: &str) -> io::Result<()> {
    let mut events = Vec::new();
    epoll.wait(&mut events, Some(Duration::from_millis(5)))?;
    print!("{label}:");
    for e in &events {
        let flags = [
            (e.readable, "readable"),
            (e.writable, "writable"),
            (e.hangup, "hangup"),
        ];
        let set: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
        print!(" token {} {}", e.token.0, set.join("+"));
    }
    println!();
    Ok(())
}

fn main() -> io::Result<()> {
    let epoll = Epoll::new()?;
    let (mut peer, mut ours) = UnixStream::pair()?;
    ours.set_nonblocking(true)?;
    epoll.add(&ours, Token(7), Interest::READ_WRITE)?;
    show(&epoll, "wait 1")?;

    peer.write_all(b"bye")?;
    peer.shutdown(Shutdown::Write)?;
    show(&epoll, "wait 2")?;

    let mut inbuf = Vec::new();
    let outcome = drain(&mut ours, &mut inbuf)?;
    println!("drain: {outcome:?}");
    show(&epoll, "wait 3")
}
