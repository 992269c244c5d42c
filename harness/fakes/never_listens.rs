//! A fake quest that never becomes ready: `serve` binds its socket but
//! never prints `listening on http://ADDR`; `get` never does anything.

mod common;

fn main() {
    match common::mode() {
        common::Mode::Serve { addr } => {
            let _listener = std::net::TcpListener::bind(addr);
            eprintln!("fake: warming up the caches…");
            common::sleep_forever()
        }
        common::Mode::Get { .. } | common::Mode::Linger => common::sleep_forever(),
    }
}
