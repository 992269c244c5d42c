//! A fake quest that crashes: `serve` panics on its first connection,
//! `get` panics before it sends anything.

mod common;

fn main() {
    match common::mode() {
        common::Mode::Serve { addr } => {
            let listener = common::listen(addr);
            let (stream, peer) = listener.accept().expect("fake: accept failed");
            drop(stream);
            panic!("fake: crashed while serving {peer}");
        }
        common::Mode::Get { urls } => panic!("fake: crashed before fetching {urls:?}"),
        common::Mode::Linger => common::sleep_forever(),
    }
}
