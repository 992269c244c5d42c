//! Timeouts: a connection must not hold a socket (and its memory) for ever.
//!
//! Two different situations, with two different answers. A client that
//! started a request head and stopped sending in the middle gets `408
//! Request Timeout` and a close (RFC 9110 §15.5.9): it is waiting for an
//! answer, and deserves to know. That is the *header* timeout, counted from
//! the head's first byte. A keep-alive connection that is idle *between*
//! requests is simply closed (RFC 9112 §9.5): nobody is waiting. That is the
//! *idle* timeout, counted from the last bytes that moved, so a client that
//! keeps sending requests is never cut off. The checks run the server with
//! `--header-timeout 1` and `--idle-timeout 1`.

use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::grade::checks::support::server::{connect, exchange, request};
use crate::grade::shell::printf_literal;
use crate::grade::{Ctx, Explain, Failure, Verdict};
use crate::wire::client::ReadError;
use crate::wire::pieces::Split;
use crate::wire::preview::preview;
use crate::wire::socket::is_disconnect;

/// The idle timeout the checks ask for, in seconds.
const IDLE: &str = "1";

/// The header timeout the checks ask for, in seconds.
const HEADER: &str = "1";

/// How long after the last bytes moved a timeout may take effect: the
/// timeout itself plus a wide margin.
const TIMEOUT_LIMIT: Duration = Duration::from_secs(3);

/// A 408 sooner than this after the last byte arrived did not wait for the
/// timeout at all.
const TOO_SOON: Duration = Duration::from_millis(500);

/// How often the busy connection of the idle check sends a request.
const BUSY_EVERY: Duration = Duration::from_millis(400);

/// How many requests the busy connection sends: 2 s, twice the timeout.
const BUSY_REQUESTS: u32 = 6;

/// Half a request head, then silence: 408 after about a second, then a
/// close.
pub(super) fn request_timeout(ctx: &Ctx) -> Verdict {
    let server = ctx.serve(&["--header-timeout", HEADER, "--idle-timeout", IDLE])?;
    let half = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    let repro = server.repro(&format!(
        "(printf {}; sleep 5) | nc 127.0.0.1 8080",
        printf_literal(half)
    ));
    let mut client = connect(ctx, &server)?;
    client
        .send(half)
        .map_err(|e| Failure::new(format!("sending half a request head failed: {e}")))?;
    let started = Instant::now();
    let what = format!(
        "with --header-timeout {HEADER}, a request head that stops after \"{}\" (no empty line)",
        preview(half, 60)
    );
    let limit = TIMEOUT_LIMIT.min(ctx.remaining());
    let response = client.read_response(false, limit).map_err(|error| {
        let got = match &error {
            ReadError::TimedOut { received } if received.is_empty() => format!(
                "nothing arrived within {:.0} s and the connection stayed open",
                limit.as_secs_f64()
            ),
            ReadError::Closed { received } if received.is_empty() => {
                "the server closed the connection without a response".into()
            }
            _ => error.to_string(),
        };
        Failure::new(format!(
            "{what} should be answered 408 Request Timeout, then closed (RFC 9110 §15.5.9); \
             {got}"
        ))
        .repro(repro.clone())
    })?;
    let waited = started.elapsed();
    if response.status != 408 {
        return Err(Failure::new(format!(
            "{what} should be answered 408 Request Timeout (RFC 9110 §15.5.9), got {} {} \
             after {:.1} s",
            response.status,
            response.reason,
            waited.as_secs_f64()
        ))
        .repro(repro));
    }
    if waited < TOO_SOON {
        return Err(Failure::new(format!(
            "{what} got its 408 after only {:.2} s: the timeout counts from the first \
             byte of the head, and a head may arrive in pieces",
            waited.as_secs_f64()
        ))
        .repro(repro));
    }
    if !client.closed_within(Duration::from_secs(1).min(ctx.remaining())) {
        return Err(Failure::new(format!(
            "{what} got its 408, but the connection was still open a second later: close it \
             after the 408"
        ))
        .repro(repro));
    }
    Ok(())
}

/// After a complete response, an idle connection is closed within
/// [`TIMEOUT_LIMIT`]; meanwhile a connection that sends a request every
/// 0.4 s for 2 s is never closed.
pub(super) fn idle_timeout(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve(&["--idle-timeout", IDLE])?;
    let get = request("GET", "/", "");
    let mut idle = connect(ctx, &server)?;
    exchange(ctx, &mut server, &mut idle, &get, &Split::Whole)?;
    let idle_since = Instant::now();

    let busy_repro = server.repro(&format!(
        "for i in 1 2 3 4 5 6; do printf {}; sleep 0.4; done | nc 127.0.0.1 8080   # six responses",
        printf_literal(&get)
    ));
    let mut busy = connect(ctx, &server)?;
    let busy_since = Instant::now();
    for n in 1..=BUSY_REQUESTS {
        if n > 1 {
            sleep(BUSY_EVERY);
        }
        exchange(ctx, &mut server, &mut busy, &get, &Split::Whole)
            .reworded(|why| {
                format!(
                    "with --idle-timeout {IDLE}, a connection that sent a request every {:.1} s \
                 lost request {n} ({:.1} s after it opened): {} – the timeout counts from the \
                 last bytes that moved, not from when the connection opened",
                    BUSY_EVERY.as_secs_f64(),
                    busy_since.elapsed().as_secs_f64(),
                    why
                )
            })
            .repro(busy_repro.clone())?;
    }

    let idle_repro = server.repro(&format!(
        "time (printf {}; sleep 10) | nc 127.0.0.1 8080   # nc ends when the server closes",
        printf_literal(&get)
    ));
    // At least a moment: a close that has already happened must be read.
    let left = (idle_since + TIMEOUT_LIMIT)
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(200));
    // Any bytes (a 408 is common practice) followed by the close are fine:
    // RFC 9112 §9.5 allows a silent close of an idle connection.
    match idle.read_to_close(left.min(ctx.remaining())) {
        Ok(_) => Ok(()),
        Err(ReadError::Io(error)) if is_disconnect(&error) => Ok(()),
        Err(ReadError::TimedOut { .. }) => Err(Failure::new(format!(
            "with --idle-timeout {IDLE}, a keep-alive connection left idle after its response \
             was still open {:.1} s later: close idle connections, or they pile up until the \
             server runs out of descriptors",
            idle_since.elapsed().as_secs_f64()
        ))
        .repro(idle_repro)),
        Err(error) => Err(Failure::new(format!(
            "waiting for an idle connection to be closed: {error}"
        ))
        .repro(idle_repro)),
    }
}
