//! The program of quiz question `l02-chunked-pieces`: a chunked body fed to
//! the lesson's decoder in four pieces.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l02-chunked-pieces`

use lesson02::ChunkedDecoder;

fn main() {
    let pieces: [&[u8]; 4] = [
        b"b;note=x\r\nhello",
        b" world\r",
        b"\n0\r\nExpires: never\r\n",
        b"\r\nHTTP/1.1 200 OK\r\n",
    ];
    let mut decoder = ChunkedDecoder::new(1024);
    let mut body = Vec::new();
    for piece in pieces {
        match decoder.decode(piece, &mut body) {
            Ok(used) => {
                let (size, done) = (piece.len(), decoder.is_done());
                println!("used {used} of {size}, done: {done}");
            }
            Err(error) => {
                println!("error: {error}");
                return;
            }
        }
    }
    println!("body: {:?}", String::from_utf8_lossy(&body));
    for field in decoder.trailers() {
        println!("trailer: {}: {}", field.name, field.value);
    }
}
