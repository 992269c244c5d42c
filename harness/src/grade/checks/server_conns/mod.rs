//! Server checks about connections: keep-alive, pipelining, concurrency,
//! stalled and vanishing clients, timeouts, shutdown.
//!
//! The basic checks ask "is this one response right?". These ask what
//! makes a server an *event-driven* server: does a connection outlive its
//! response, does one slow or vanished client cost the others anything,
//! does a 32 MiB file cost 32 MiB of memory, does the server let go of
//! idle clients and finish its work when told to stop. Each check drives
//! several raw clients at once from the grader's single thread – opening,
//! writing, stalling, reading slowly, resetting – and looks at the server
//! from outside: its responses, its exit status, and its thread count and
//! memory in `/proc/PID/status` (`proc(5)`).
//!
//! | module | checks |
//! |---|---|
//! | `reuse.rs` | keep-alive, pipelining, HTTP/1.0 and `Connection: close` |
//! | `load.rs` | 500 concurrent connections, stalled clients, a large file |
//! | `timeouts.rs` | 408 for a stalled request, closing idle connections |
//! | `endings.rs` | clients that vanish, SIGTERM and SIGINT |
//!
//! Timing is generous: a limit is several times what the reference needs
//! on a busy two-core machine, and a server that gets it wrong misses it by
//! far more (it waits for its own idle timeout, or for ever).

mod endings;
mod load;
mod reuse;
mod timeouts;

use std::thread::sleep;
use std::time::Duration;

use crate::grade::{Category, Check, Ctx, Failure, Revisit, Verdict, ensure};
use crate::wire::client::{RawClient, Response};

use super::support::bytes::{awkward, same_bytes};
use super::support::root::Root;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "server-keep-alive",
        title: "four requests, one after another, are answered on one connection",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: reuse::keep_alive,
    },
    Check {
        id: "server-pipelining",
        title: "100 requests sent in one write are answered in order",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: reuse::pipelining,
    },
    Check {
        id: "server-http10-close",
        title: "HTTP/1.0 and Connection: close are answered, then the connection is closed",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: reuse::http10_close,
    },
    Check {
        id: "server-concurrent",
        title: "500 connections at once are all answered, by a server with few threads",
        points: 4,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: load::concurrent,
    },
    Check {
        id: "server-stalled-client",
        title: "a client that stops sending or stops reading does not hold up the others",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: load::stalled_client,
    },
    Check {
        id: "server-large-file",
        title: "a 32 MiB file reaches a slow reader intact, in bounded memory",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: load::large_file,
    },
    Check {
        id: "server-request-timeout",
        title: "a request head that stops arriving gets 408 and a close",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: timeouts::request_timeout,
    },
    Check {
        id: "server-idle-timeout",
        title: "an idle keep-alive connection is closed; a busy one is not",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: timeouts::idle_timeout,
    },
    Check {
        id: "server-slowloris",
        title: "a head trickling in a byte at a time is cut off with 408 at the header timeout",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: timeouts::slowloris,
    },
    Check {
        id: "server-send-timeout",
        title: "a client that reads nothing of a large file is closed after --send-timeout",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Quest,
        run: timeouts::send_timeout,
    },
    Check {
        id: "server-abrupt-disconnect",
        title: "clients that reset, vanish mid-body or half-close do not harm the server",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: endings::abrupt_disconnect,
    },
    Check {
        id: "server-graceful-shutdown",
        title: "SIGTERM and SIGINT finish the response in flight, then exit 0",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: endings::graceful_shutdown,
    },
];

/// The size of the large file: bigger than any socket buffer the kernel
/// grants on its own (`tcp_wmem` and a non-reading peer's `tcp_rmem`
/// default to a few MiB together), so a server cannot hand the whole
/// response to the kernel in one go.
const BIG: usize = 32 << 20;

/// The small file's contents.
const SMALL: &[u8] = b"a small file\n";

/// The usual root: `small.txt`, and `big.bin` ([`BIG`] test bytes) when
/// `big` is set. Returns the big file's bytes (empty without it).
///
/// # Errors
///
/// A failure when the grader cannot write the files.
fn standard_root(ctx: &Ctx, big: bool) -> Result<(Root, Vec<u8>), Failure> {
    let mut root = Root::new(ctx)?;
    root.file("small.txt", SMALL)?;
    let bytes = if big {
        awkward(BIG, 0x5eed_f11e)
    } else {
        Vec::new()
    };
    if big {
        root.files_made_by(
            [("big.bin", bytes.as_slice())],
            &format!("head -c {BIG} /dev/urandom > www/big.bin"),
        )?;
    }
    Ok((root, bytes))
}

/// Fails unless `response` is a 200 whose body is exactly `big`: the large
/// file arrived whole (`what` says which request, for the reason).
fn whole_file(what: &str, big: &[u8], response: &Response) -> Verdict {
    ensure(response.status == 200, || {
        format!(
            "GET /big.bin answered {} {}, expected 200",
            response.status, response.reason
        )
    })?;
    same_bytes(what, big, &response.body)
}

/// How long one slow read waits for bytes before the slow phase ends
/// early: a server that is sending a large file always has bytes ready,
/// and one that sent a short response (a 404) or nothing is left for the
/// caller's `read_response` to describe.
const SLOW_WAIT: Duration = Duration::from_millis(300);

/// Reads a response slowly: up to `reads` reads of at most 16 KiB, with
/// `pause` before each, calling `after_each` after every read. The bytes
/// stay buffered for [`RawClient::read_response`].
///
/// # Errors
///
/// The connection ended or failed (see [`RawClient::read_some`]).
fn read_slowly(
    client: &mut RawClient,
    reads: usize,
    pause: Duration,
    mut after_each: impl FnMut(),
) -> std::io::Result<()> {
    for _ in 0..reads {
        sleep(pause);
        let got = client.read_some(SLOW_WAIT)?;
        after_each();
        if got == 0 {
            break;
        }
    }
    Ok(())
}

/// A numeric field of `/proc/PID/status` (`proc(5)`): `Threads`, or a
/// memory size such as `VmRSS` in kB.
fn proc_status(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines().find_map(|line| {
        line.strip_prefix(field)?
            .strip_prefix(':')?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_status_reads_this_process() {
        let me = std::process::id();
        assert!(proc_status(me, "Threads").is_some_and(|n| n >= 1));
        assert!(proc_status(me, "VmRSS").is_some_and(|kb| kb > 0));
        assert_eq!(proc_status(me, "NoSuchField"), None);
    }
}
