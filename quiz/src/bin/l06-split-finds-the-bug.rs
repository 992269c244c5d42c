//! Question `l06-split-finds-the-bug`: one request, cut by four plans, fed
//! to a server's "is the head complete yet?" check.
//!
//! Run it after answering: `cargo run -q -p quiz --bin l06-split-finds-the-bug`
use lesson06::{Plan, pieces};

fn main() {
    let request = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    let plans = [
        Plan::Whole,
        Plan::Every(10),
        Plan::At(vec![25]),
        Plan::Every(1),
    ];
    for plan in &plans {
        let ranges = pieces(request.len(), plan);
        // The server's read loop: one range is what one read returns.
        let mut head = Vec::new();
        let mut complete = false;
        for range in &ranges {
            let chunk = &request[range.clone()];
            head.extend_from_slice(chunk);
            if chunk.windows(4).any(|w| w == b"\r\n\r\n") {
                complete = true;
            }
        }
        let name = format!("{plan:?}");
        println!(
            "{name:<10} reads: {:>2}  complete: {complete}",
            ranges.len()
        );
    }
}
