//! The program of quiz question `l01-url-to-bytes`: a URL becomes a request.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l01-url-to-bytes`

use lesson01::{build_request, parse_url, render_request};

fn main() {
    let url = parse_url("http://Shop.Example?q=Tea#reviews").expect("a valid http URL");
    let request = build_request("POST", &url, &[], b"");
    let bytes = render_request(&request);
    let text = String::from_utf8(bytes).expect("the request is ASCII");
    // Print each line with its CR LF written as the four characters `\r\n`.
    for line in text.split_inclusive('\n') {
        println!("{}", line.replace("\r\n", "\\r\\n"));
    }
}
