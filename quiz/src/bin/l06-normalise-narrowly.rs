//! Question `l06-normalise-narrowly`: a recorded exchange, rendered as a
//! transcript and normalised with every rule on.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l06-normalise-narrowly`
use lesson06::{Rules, Transcript, normalise, render};

fn main() {
    let mut transcript = Transcript::new();
    transcript.to_server(b"Host: localhost:8080\r\nReferer: http://example.com:80/\r\n");
    transcript.to_client(b"date: Sun, 22 Nov 2026 01:32:46 GMT\r\n");
    transcript.to_client(b"X-Date: Sun, 22 Nov 2026 01:32:46 GMT\r\n");
    transcript.to_client(b"back at 01:40:00 on 127.0.0.1:5000\n");
    print!("{}", normalise(&render(&transcript), &Rules::ALL));
}
