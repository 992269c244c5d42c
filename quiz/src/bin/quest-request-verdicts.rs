//! The program of question `quest-request-verdicts`: six request heads, and
//! what a server like `quest serve` decides from each head alone.
//!
//! Run it after answering: `cargo run -q -p quiz --bin quest-request-verdicts`

use lesson02::{BodyLength, Parsed, parse_request_head, request_body_length};

const MAX_BODY_BYTES: u64 = 1000;

/// The error status for this head, or "ok" when it goes on to the site.
fn verdict(raw: &[u8]) -> String {
    let head = match parse_request_head(raw) {
        Ok(Parsed::Complete { value, .. }) => value,
        Ok(Parsed::Partial) => return "partial".to_string(),
        Err(err) => return err.status_code().to_string(),
    };
    if head.version >= 1 && head.headers.get_all("host").count() != 1 {
        return "400".to_string();
    }
    match request_body_length(&head) {
        Ok(BodyLength::Fixed(n)) if n > MAX_BODY_BYTES => "413".to_string(),
        Ok(_) => "ok".to_string(),
        Err(err) => err.status_code().to_string(),
    }
}

fn main() {
    let heads: [&[u8]; 6] = [
        b"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.0\r\n\r\n",
        b"POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"PUT /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        b"PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n",
    ];
    for (i, raw) in heads.iter().enumerate() {
        println!("{}: {}", i + 1, verdict(raw));
    }
}
