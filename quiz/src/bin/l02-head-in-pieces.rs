//! The program of quiz question `l02-head-in-pieces`: a request head that
//! arrives in three reads.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l02-head-in-pieces`

use lesson02::{Parsed, parse_request_head};

fn main() {
    let reads: [&[u8]; 3] = [
        b"PUT /notes HTTP/1.1\r\nHost: a\r\n",
        b"CONTENT-length: 3\r\n\r",
        b"\nabcGET / HTTP/1.1\r\n",
    ];
    let mut buf = Vec::new();
    for (number, read) in (1..).zip(reads) {
        buf.extend_from_slice(read);
        match parse_request_head(&buf) {
            Ok(Parsed::Partial) => println!("read {number}: partial"),
            Ok(Parsed::Complete { value, consumed }) => {
                println!("read {number}: complete, consumed {consumed}");
                let length = value.headers.get("content-length");
                println!("content-length: {length:?}");
                let rest = String::from_utf8_lossy(&buf[consumed..]);
                println!("left in the buffer: {rest:?}");
            }
            Err(error) => println!("read {number}: error: {error}"),
        }
    }
}
