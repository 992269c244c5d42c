//! Client checks about connections: reuse, reconnects, retries, addresses,
//! concurrency across hosts, timeouts.
//!
//! The framing checks in [`super::client`] need one scripted peer and one
//! response. These need the grader to watch *connections*: how many the
//! client opened, which request travelled on which, whether a request was
//! sent again, how long the whole run took. A [`ScriptedPeer`](crate::wire::peer::ScriptedPeer) reports all
//! of that, so each check scripts what the server does on each connection
//! (answer and stay open, answer and close, close without answering, say
//! nothing for a while) and then compares the peer's record with what a
//! correct client does.
//!
//! | module | checks |
//! |---|---|
//! | [`reuse`] | one keep-alive connection per origin; a new one after `close`; one retry of a stale connection |
//! | [`addresses`] | `--resolve`, falling back across addresses, a refused connection |
//! | [`timing`] | several hosts at once; `--max-time` |
//!
//! The peers, the response builder, the one-error-line verdict and the
//! `nc` repros come from the kit ([`support::client`](super::support::client));
//! this module adds what only connection checks need: a port nothing
//! listens on, bodies in argument order, and what the peer saw per
//! connection.

pub mod addresses;
pub mod reuse;
pub mod timing;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use crate::grade::{Category, Check, Failure, GetRun, Revisit, Verdict};
use crate::wire::http::RequestHead;
use crate::wire::peer::PeerReport;
use crate::wire::preview::preview;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "client-keep-alive-reuse",
        title: "three URLs of one origin travel on one keep-alive connection",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(3),
        run: reuse::keep_alive_reuse,
    },
    Check {
        id: "client-reconnect-after-close",
        title: "after `Connection: close` or an HTTP/1.0 answer, the next URL gets a new connection",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(3),
        run: reuse::reconnect_after_close,
    },
    Check {
        id: "client-stale-retry",
        title: "a stale keep-alive connection is retried once on a fresh one, never in a loop",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(3),
        run: reuse::stale_retry,
    },
    Check {
        id: "client-resolve",
        title: "--resolve sends the connection to the given address and keeps the Host name",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(4),
        run: addresses::resolve,
    },
    Check {
        id: "client-address-fallback",
        title: "a refused address is skipped for the next one; all refused is a clean error",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(4),
        run: addresses::address_fallback,
    },
    Check {
        id: "client-concurrent-hosts",
        title: "three slow hosts are fetched at once and printed in argument order",
        points: 4,
        category: Category::Client,
        revisit: Revisit::Lesson(5),
        run: timing::concurrent_hosts,
    },
    Check {
        id: "client-max-time",
        title: "--max-time ends a fetch from a silent or stalled server with a clean error",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(5),
        run: timing::max_time,
    },
    Check {
        id: "client-connect-refused",
        title: "a refused connection is a prompt, clean error that does not stop other URLs",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(4),
        run: addresses::connect_refused,
    },
];

/// How many times the grader looks for a free or refusing port before it
/// gives up (another program may take one between two looks).
const PORT_TRIES: usize = 5;

/// How many connections [`describe`] lists one by one.
const DESCRIBED_CONNECTIONS: usize = 6;

/// How long the grader's own probe of an address may take.
const PROBE_TIMEOUT: Duration = Duration::from_millis(500);

/// Whether a connection to `addr` is refused right now.
///
/// # Errors
///
/// Anything but "connected" or "refused" (e.g. a timeout): the grader's
/// machine does not behave as a loopback interface should.
fn refuses(addr: SocketAddr) -> io::Result<bool> {
    match TcpStream::connect_timeout(&addr, PROBE_TIMEOUT) {
        Ok(_) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => Ok(true),
        Err(e) => Err(e),
    }
}

/// A loopback port on which nothing listens (checked, not assumed).
///
/// # Errors
///
/// A failure when no such port turns up in [`PORT_TRIES`] tries.
fn closed_port() -> Result<u16, Failure> {
    for _ in 0..PORT_TRIES {
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .map(|addr| addr.port())
            .map_err(|e| Failure::new(format!("the grader cannot open a socket: {e}")))?;
        // The listener is closed now; the port stays free unless another
        // program takes it, which the probe would notice.
        if refuses(SocketAddr::from(([127, 0, 0, 1], port))).unwrap_or(false) {
            return Ok(port);
        }
    }
    Err(Failure::new(format!(
        "the grader found no closed loopback port in {PORT_TRIES} tries"
    )))
}

/// Fails unless stdout is exactly `bodies`, one after the other, in
/// argument order. When the bodies are all there but in another order, the
/// reason says so: that is a different bug from a missing byte.
fn stdout_in_order(run: &GetRun, bodies: &[&[u8]]) -> Verdict {
    let expected = bodies.concat();
    if run.stdout == expected {
        return Ok(());
    }
    let reordered = permutations(bodies.len()).into_iter().find(|order| {
        order
            .iter()
            .map(|&i| bodies[i])
            .collect::<Vec<_>>()
            .concat()
            == run.stdout
    });
    if let Some(order) = reordered {
        let order: Vec<String> = order.iter().map(|i| format!("#{}", i + 1)).collect();
        return Err(Failure::new(format!(
            "stdout holds every body, but in the order {} – the bodies must appear in the \
             order of the URLs on the command line, whatever order the responses arrive in",
            order.join(", ")
        )));
    }
    Err(Failure::new(format!(
        "stdout should be the {} bodies in argument order, \"{}\" ({} bytes), but it was \
         \"{}\" ({} bytes){}",
        bodies.len(),
        preview(&expected, 160),
        expected.len(),
        preview(&run.stdout, 160),
        run.stdout.len(),
        run.stderr_quote()
    )))
}

/// Every order of `0..n` (n is at most 3 here, so at most 6 of them).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for shorter in permutations(n - 1) {
        for at in 0..=shorter.len() {
            let mut order = shorter.clone();
            order.insert(at, n - 1);
            all.push(order);
        }
    }
    all
}

/// `(connection, target)` of every request the peer recorded, in order.
fn targets(report: &PeerReport) -> Vec<(usize, String)> {
    report
        .requests
        .iter()
        .map(|request| {
            let target = request
                .head()
                .map_or_else(|_| "(unparsable)".to_owned(), |head| head.target);
            (request.connection, target)
        })
        .collect()
}

/// What the peer saw, connection by connection, e.g. `2 connections – #1:
/// GET /one, GET /two; #2: GET /three`.
fn describe(report: &PeerReport) -> String {
    if report.connections == 0 {
        return "no connection at all".to_owned();
    }
    let shown = report.connections.min(DESCRIBED_CONNECTIONS);
    let mut per_connection: Vec<String> = (1..=shown)
        .map(|number| {
            let requests: Vec<String> = report
                .requests
                .iter()
                .filter(|request| request.connection == number)
                .map(|request| match request.head() {
                    Ok(head) => format!("{} {}", head.method, head.target),
                    Err(_) => preview(&request.bytes, 40),
                })
                .collect();
            if requests.is_empty() {
                format!("#{number}: no request")
            } else {
                format!("#{number}: {}", requests.join(", "))
            }
        })
        .collect();
    if report.connections > shown {
        per_connection.push(format!("… ({} more)", report.connections - shown));
    }
    let plural = if report.connections == 1 { "" } else { "s" };
    format!(
        "{} connection{plural} – {}",
        report.connections,
        per_connection.join("; ")
    )
}

/// Whether a request head carries the `close` connection option (RFC 9110
/// §7.6.1: a comma-separated list, options compared without case).
fn asks_to_close(head: &RequestHead) -> bool {
    head.headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, value)| value.split(|&b| b == b','))
        .any(|option| option.trim_ascii().eq_ignore_ascii_case(b"close"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::peer::Recorded;

    #[test]
    fn permutations_are_every_order_once() {
        let mut all = permutations(3);
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 6);
        assert!(all.contains(&vec![2, 1, 0]));
    }

    #[test]
    fn close_is_found_in_a_list_without_case() {
        let head = |value: &[u8]| {
            Recorded {
                connection: 1,
                bytes: [b"GET / HTTP/1.1\r\nConnection: ", value, b"\r\n\r\n"].concat(),
            }
            .head()
            .expect("parses")
        };
        assert!(asks_to_close(&head(b"Close")));
        assert!(asks_to_close(&head(b"te, close ")));
        assert!(!asks_to_close(&head(b"closed")));
        assert!(!asks_to_close(&head(b"keep-alive")));
    }

    fn run(stdout: &[u8], stderr: &str) -> GetRun {
        use std::os::unix::process::ExitStatusExt;
        GetRun {
            exit: course::process::Exit::Exited(std::process::ExitStatus::from_raw(0)),
            stdout: stdout.to_vec(),
            stderr: stderr.to_owned(),
            elapsed: Duration::ZERO,
            command: String::new(),
        }
    }

    #[test]
    fn bodies_in_completion_order_are_named_as_such() {
        let bodies: [&[u8]; 3] = [b"A", b"B", b"C"];
        assert_eq!(stdout_in_order(&run(b"ABC", ""), &bodies), Ok(()));
        let why = stdout_in_order(&run(b"CBA", ""), &bodies).expect_err("wrong order");
        assert!(why.reason.contains("in the order #3, #2, #1"), "{why}");
        let why = stdout_in_order(&run(b"AB", ""), &bodies).expect_err("missing");
        assert!(why.reason.contains("argument order"), "{why}");
    }

    #[test]
    fn describe_lists_requests_per_connection() {
        let report = PeerReport {
            connections: 2,
            requests: vec![Recorded {
                connection: 1,
                bytes: b"GET /one HTTP/1.1\r\n\r\n".to_vec(),
            }],
            errors: Vec::new(),
        };
        assert_eq!(
            describe(&report),
            "2 connections – #1: GET /one; #2: no request"
        );
    }
}
