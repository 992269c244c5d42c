//! Load: many connections at once, clients that stall, a large file.
//!
//! These are the checks a blocking server fails. A thread per connection
//! answers 500 clients, but with 500 threads; one thread with blocking
//! sockets is held by the first client that stops sending (in `read`) or
//! stops reading (in `write`), and everybody else waits. An epoll server
//! with non-blocking sockets does neither: it reads and writes what each
//! socket takes *now* and comes back when `epoll_wait` says there is more
//! (lesson 5).

use std::thread::sleep;
use std::time::{Duration, Instant};

use super::{BIG, SMALL, proc_status, read_slowly, standard_root, whole_file};
use crate::grade::checks::support::server::{connect, exchange, request};
use crate::grade::shell::printf_literal;
use crate::grade::{Ctx, Explain, Failure, Server, Verdict, ensure};
use crate::wire::client::RawClient;
use crate::wire::pieces::Split;
use crate::wire::preview::preview;

/// How many connections the concurrency check opens.
const CONCURRENT: usize = 500;

/// How long opening them and reading every response may take.
const CONCURRENT_LIMIT: Duration = Duration::from_secs(5);

/// The most threads a server may run while 500 connections are open. An
/// epoll loop needs one; a few more leave room for a logging or signal
/// thread. A thread per connection needs 500.
const MAX_THREADS: u64 = 4;

/// How long a client may wait for a small file while another client stalls.
/// A server held up by the stalled client waits for its idle timeout (5 s
/// by default) or for ever; the reference needs milliseconds.
const PROMPT: Duration = Duration::from_secs(2);

/// How long one ordinary response may take.
const RESPONSE_LIMIT: Duration = Duration::from_secs(3);

/// The slow start of the large-file reader: this many reads of at most
/// 16 KiB, with [`SLOW_PAUSE`] before each – about 640 KiB/s for half a
/// second, so the server meets a full socket buffer again and again.
const SLOW_READS: usize = 20;

/// The pause before each slow read.
const SLOW_PAUSE: Duration = Duration::from_millis(25);

/// How much the server's memory may grow while it sends the 32 MiB file,
/// in kB. The reference, which streams a file through a 64 KiB buffer
/// with at most 256 KiB queued, grows by about 130 kB; half the file
/// leaves a wide margin for other buffer sizes, and a server that reads
/// the whole file into memory grows by 32 MiB and fails.
const MEMORY_GROWTH_KB: u64 = 16 * 1024;

/// 500 connections opened before any request is sent, then a request on
/// each: every one answered 200 in time, by a server of at most
/// [`MAX_THREADS`] threads.
pub(super) fn concurrent(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let repro = server.repro(
        "ab -k -c 500 -n 20000 http://127.0.0.1:8080/   # and meanwhile: grep Threads /proc/PID/status",
    );
    let started = Instant::now();
    let limit = CONCURRENT_LIMIT.min(ctx.remaining().saturating_sub(Duration::from_millis(500)));
    let deadline = started + limit;
    let mut clients = Vec::with_capacity(CONCURRENT);
    while clients.len() < CONCURRENT {
        let left = deadline.saturating_duration_since(Instant::now());
        let opened = if left.is_zero() {
            Err(std::io::Error::from(std::io::ErrorKind::TimedOut))
        } else {
            RawClient::connect(server.addr(), left.min(RESPONSE_LIMIT))
        };
        match opened {
            Ok(client) => clients.push(client),
            Err(error) => {
                let crashed = server.exit_note();
                return Err(Failure::new(format!(
                    "opening {CONCURRENT} connections: connection {} failed after {:.1} s \
                     (the kernel completes connections into the listen backlog before \
                     accept(), so a full backlog means the server stopped accepting): \
                     {error}{}",
                    clients.len() + 1,
                    started.elapsed().as_secs_f64(),
                    crashed
                ))
                .repro(repro));
            }
        }
    }
    let bytes = request("GET", "/", "");
    for (i, client) in clients.iter_mut().enumerate() {
        client.send(&bytes).map_err(|e| {
            Failure::new(format!(
                "{CONCURRENT} connections were open; sending GET / on connection {} failed: {e}",
                i + 1
            ))
            .repro(repro.clone())
        })?;
    }
    for (i, client) in clients.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        let response = client.read_response(false, left).map_err(|error| {
            Failure::new(format!(
                "{CONCURRENT} connections were open, each had sent GET /; the responses on \
                 connections 1 to {i} arrived, but connection {}'s did not within {:.1} s of \
                 the first connect: {error}",
                i + 1,
                limit.as_secs_f64()
            ))
            .repro(repro.clone())
        })?;
        ensure(response.status == 200, || {
            format!(
                "with {CONCURRENT} connections open, GET / on connection {} answered {} {}, \
                 expected 200",
                i + 1,
                response.status,
                response.reason
            )
        })
        .repro(repro.clone())?;
    }
    // Counted while all 500 keep-alive connections are still open.
    let threads = proc_status(server.guard().pid(), "Threads");
    server.still_running()?;
    let threads = threads.ok_or_else(|| {
        Failure::new("the grader cannot read `Threads:` from /proc/PID/status of the server")
    })?;
    ensure(threads <= MAX_THREADS, || {
        format!(
            "all {CONCURRENT} responses arrived, but the server runs {threads} threads with \
             {CONCURRENT} connections open (at most {MAX_THREADS} allowed): a thread per \
             connection does not scale – serve them all from one epoll loop"
        )
    })
    .repro(repro)?;
    drop(clients);
    Ok(())
}

/// Client A sends half a request head and stops; client C asks for 32 MiB
/// and reads nothing. After each, another client's GET is answered within
/// [`PROMPT`].
pub(super) fn stalled_client(ctx: &Ctx) -> Verdict {
    let (root, _) = standard_root(ctx, true)?;
    let mut server = root.serve(ctx, &[])?;
    let curl = "curl -m 2 http://127.0.0.1:8080/small.txt";

    let half = b"GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag";
    let mut a = connect(ctx, &server)?;
    a.send(half)
        .map_err(|e| Failure::new(format!("sending half a request head failed: {e}")))?;
    sleep(Duration::from_millis(200));
    let repro = server.repro(&format!(
        "(printf {}; sleep 30) | nc 127.0.0.1 8080 &\n{curl}",
        printf_literal(half)
    ));
    answered_promptly(
        ctx,
        &mut server,
        &format!(
            "while client A had sent half a request head (\"{}\") and stopped",
            preview(half, 60)
        ),
        "a server that waits in read() for A's next bytes serves nobody else meanwhile; \
         read what a socket has, keep it, and go back to epoll_wait",
        &repro,
    )?;

    let big = request("GET", "/big.bin", "");
    let mut c = connect(ctx, &server)?;
    c.send(&big)
        .map_err(|e| Failure::new(format!("sending GET /big.bin failed: {e}")))?;
    sleep(Duration::from_millis(300));
    let repro = server.repro(&format!(
        "(printf {}; sleep 30) | nc 127.0.0.1 8080 | sleep 30 &\n{curl}",
        printf_literal(&big)
    ));
    answered_promptly(
        ctx,
        &mut server,
        &format!(
            "while client C had asked for /big.bin ({} MiB) and read none of it",
            BIG >> 20
        ),
        "a server that writes until a response is all sent blocks as soon as C's socket \
         buffer is full; write what the socket takes, keep the rest, and ask for EPOLLOUT",
        &repro,
    )?;
    server.still_running()?;
    drop((a, c));
    Ok(())
}

/// A new client's `GET /small.txt` gets the small file within [`PROMPT`].
fn answered_promptly(
    ctx: &Ctx,
    server: &mut Server,
    meanwhile: &str,
    advice: &str,
    repro: &str,
) -> Verdict {
    let mut client = connect(ctx, server)?;
    let fail = |why: String| Failure::new(format!("{meanwhile}, {why}")).repro(repro);
    client
        .send(&request("GET", "/small.txt", ""))
        .map_err(|e| {
            fail(format!(
                "sending another client's GET /small.txt failed: {e}"
            ))
        })?;
    let limit = PROMPT.min(ctx.remaining());
    match client.read_response(false, limit) {
        Ok(response) if response.status == 200 && response.body == SMALL => Ok(()),
        Ok(response) => Err(fail(format!(
            "another client's GET /small.txt answered {} {} with \"{}\", expected 200 with \
             \"{}\"",
            response.status,
            response.reason,
            preview(&response.body, 60),
            crate::wire::preview::escape(SMALL)
        ))),
        Err(error) => Err(fail(format!(
            "another client's GET /small.txt got no answer within {:.0} s ({error}): {advice}",
            limit.as_secs_f64()
        ))),
    }
}

/// A 32 MiB pseudo-random file, read slowly at first and then fast: every
/// byte right, and the server's memory grows by less than
/// [`MEMORY_GROWTH_KB`].
pub(super) fn large_file(ctx: &Ctx) -> Verdict {
    let (root, big) = standard_root(ctx, true)?;
    let mut server = root.serve(ctx, &[])?;
    let repro = server.repro(
        "curl -s --limit-rate 4M http://127.0.0.1:8080/big.bin | cmp - www/big.bin\n\
         grep -E 'RssAnon|VmRSS' /proc/PID/status   # while curl runs",
    );
    let pid = server.guard().pid();
    // One small response first, on a connection of its own: the baseline
    // then includes what any first request allocates.
    let mut warm_up = connect(ctx, &server)?;
    exchange(
        ctx,
        &mut server,
        &mut warm_up,
        &request("GET", "/small.txt", ""),
        &Split::Whole,
    )?;
    drop(warm_up);
    let mut client = connect(ctx, &server)?;
    let baseline = memory_kb(pid).ok_or_else(|| {
        Failure::new("the grader cannot read the server's memory from /proc/PID/status")
    })?;
    let mut peak = baseline;
    client
        .send(&request("GET", "/big.bin", ""))
        .map_err(|e| Failure::new(format!("sending GET /big.bin failed: {e}")))?;
    read_slowly(&mut client, SLOW_READS, SLOW_PAUSE, || {
        peak = peak.max(memory_kb(pid).unwrap_or(0));
    })
    .map_err(|e| {
        let crashed = server.exit_note();
        Failure::new(format!(
            "GET /big.bin ({} MiB), read slowly: after {} bytes, {e}{}",
            BIG >> 20,
            client.buffered().len(),
            crashed
        ))
        .repro(repro.clone())
    })?;
    let limit = ctx.remaining().saturating_sub(Duration::from_millis(300));
    let response = client.read_response(false, limit).map_err(|error| {
        Failure::new(format!(
            "GET /big.bin ({} MiB), read slowly for {} reads, then as fast as it comes: no \
             whole response within {:.1} s: {error}",
            BIG >> 20,
            SLOW_READS,
            limit.as_secs_f64()
        ))
        .repro(repro.clone())
    })?;
    peak = peak.max(memory_kb(pid).unwrap_or(0));
    whole_file(
        "GET /big.bin (32 MiB, read slowly at first)",
        &big,
        &response,
    )
    .repro(repro.clone())?;
    let growth = peak.saturating_sub(baseline);
    ensure(growth <= MEMORY_GROWTH_KB, || {
        format!(
            "the file arrived intact, but the server's memory grew from {baseline} kB to \
             {peak} kB while sending it (+{growth} kB, at most +{MEMORY_GROWTH_KB} kB allowed): \
             read the file in pieces as the socket drains, never all of it at once"
        )
    })
    .repro(repro)
}

/// The server's anonymous memory in kB (`RssAnon`: heap and stacks, not
/// the mapped program or files), or its whole resident size (`VmRSS`) where
/// the kernel does not report `RssAnon`.
fn memory_kb(pid: u32) -> Option<u64> {
    proc_status(pid, "RssAnon").or_else(|| proc_status(pid, "VmRSS"))
}
