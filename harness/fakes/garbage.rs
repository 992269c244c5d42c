//! A fake quest that speaks nonsense: `serve` answers every connection
//! with bytes that are not HTTP and closes; `get` prints nonsense to
//! stdout and exits 0 without connecting.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

const NONSENSE: &[u8] = b"HTTP/9.9 banana\r\n\x00\x01\x02 not a header\r\n\r\n\xff\xfe";

fn main() {
    match common::mode() {
        common::Mode::Serve { addr } => {
            let listener = common::listen(addr);
            for mut stream in listener.incoming().flatten() {
                let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(NONSENSE);
            }
        }
        common::Mode::Get { .. } => {
            let _ = std::io::stdout().write_all(b"<<garbage>>\x00\x01");
        }
        common::Mode::Linger => common::sleep_forever(),
    }
}
