//! The program of question `l04-writable`: a non-blocking connect to a
//! closed loopback port, then to a listening one (that never accepts).
//!
//! Run it after answering: `cargo run -q -p quiz --bin l04-writable`

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use lesson04::Socket;

fn attempt(name: &str, addr: SocketAddr) -> io::Result<()> {
    let socket = Socket::new_for(&addr)?;
    let progress = socket.start_connect(&addr)?;
    let writable = socket.wait_writable(Duration::from_millis(200))?;
    let so_error = match socket.so_error()? {
        0 => "0".to_string(),
        errno => format!("{:?}", io::Error::from_raw_os_error(errno).kind()),
    };
    println!("{name}: {progress:?}, writable = {writable}, SO_ERROR = {so_error}");
    Ok(())
}

fn main() -> io::Result<()> {
    let listening = TcpListener::bind("127.0.0.1:0")?;
    // Bind a port, then drop the listener: nothing listens there now.
    let closed = TcpListener::bind("127.0.0.2:0")?.local_addr()?;

    attempt("closed", closed)?;
    attempt("listening", listening.local_addr()?)?;
    Ok(())
}
