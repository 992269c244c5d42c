//! The program of question `quest-stalled-reader`: one event-loop server
//! side, two clients, one of which never reads.
//!
//! Run it after answering: `cargo run -q -p quiz --bin quest-stalled-reader`

use std::io::{self, Read};
use std::net::{TcpListener, TcpStream};

use lesson05::{Flushed, WriteQueue};

fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let _stalled = TcpStream::connect(addr)?; // connects, then never reads
    let mut quick = TcpStream::connect(addr)?;
    let (mut to_stalled, _) = listener.accept()?;
    let (mut to_quick, _) = listener.accept()?;
    to_stalled.set_nonblocking(true)?;
    to_quick.set_nonblocking(true)?;

    let mut big = WriteQueue::new();
    big.push(&vec![b'x'; 32 << 20]); // a 32 MiB response
    match big.flush(&mut to_stalled)? {
        Flushed::Done => println!("stalled: Done"),
        Flushed::WouldBlock { .. } => println!("stalled: WouldBlock"),
    }

    let mut small = WriteQueue::new();
    small.push(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    println!("quick: {:?}", small.flush(&mut to_quick)?);

    let mut buf = [0u8; 128];
    let n = quick.read(&mut buf)?;
    println!("quick client read {n} bytes");
    Ok(())
}
