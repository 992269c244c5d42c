//! A fake quest that hangs once it has a connection: `serve` accepts and
//! never reads or answers; `get` connects and never sends its request.

mod common;

use std::net::TcpStream;

fn main() {
    match common::mode() {
        common::Mode::Serve { addr } => {
            let listener = common::listen(addr);
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                held.push(stream);
            }
            common::sleep_forever()
        }
        common::Mode::Get { urls } => {
            let _held: Vec<_> = urls
                .iter()
                .filter_map(|url| TcpStream::connect(common::authority(url)).ok())
                .collect();
            common::sleep_forever()
        }
        common::Mode::Linger => common::sleep_forever(),
    }
}
