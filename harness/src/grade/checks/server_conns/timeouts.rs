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

use crate::grade::checks::support::root::Root;
use crate::grade::checks::support::server::{connect, exchange, request, status_of};
use crate::grade::shell::printf_literal;
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::client::{RawClient, ReadError};
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

/// The header timeout the slowloris check asks for, in seconds, with an
/// idle timeout far longer: only a deadline set at the head's first byte
/// ends the trickle in time.
const SLOWLORIS_HEADER: &str = "1";
const SLOWLORIS_IDLE: &str = "20";

/// How often the slowloris client sends its next byte.
const TRICKLE_EVERY: Duration = Duration::from_millis(200);

/// How long after its first byte a trickling head may go uncut: the header
/// timeout plus a wide margin.
const TRICKLE_LIMIT: Duration = Duration::from_secs(4);

/// A head that never ends, sent one byte every 0.2 s (slowloris): every
/// byte would refresh an idle timer, so only a header deadline set at the
/// first byte cuts it off – with 408 and a close. Meanwhile another client
/// is served.
pub(super) fn slowloris(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve(&[
        "--header-timeout",
        SLOWLORIS_HEADER,
        "--idle-timeout",
        SLOWLORIS_IDLE,
    ])?;
    let mut head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 200));
    let repro = server.repro(&format!(
        "(printf 'GET / HTTP/1.1\\r\\nHost: x\\r\\nX-Slow: '; while sleep 0.2; do printf a; done) \
         | nc 127.0.0.1 8080   # 408 after about {SLOWLORIS_HEADER} s"
    ));
    let what = format!(
        "with --header-timeout {SLOWLORIS_HEADER} --idle-timeout {SLOWLORIS_IDLE}, a request \
         head that trickles in one byte every {:.1} s",
        TRICKLE_EVERY.as_secs_f64()
    );
    let mut client = connect(ctx, &server)?;
    let started = Instant::now();
    let mut other_served = false;
    for byte in &head {
        if client.send(std::slice::from_ref(byte)).is_err() {
            break; // the server closed: read what it said
        }
        // Anything at all from the server ends the trickle.
        match client.read_some(TRICKLE_EVERY.min(ctx.remaining())) {
            Ok(0) => {}
            Ok(_) | Err(_) => break,
        }
        if !other_served && started.elapsed() > Duration::from_millis(400) {
            let get = request("GET", "/", "");
            let mut other = connect(ctx, &server)?;
            exchange(ctx, &mut server, &mut other, &get, &Split::Whole)
                .reworded(|why| {
                    format!("while one client trickled a head in, another was not served: {why}")
                })
                .repro(repro.clone())?;
            other_served = true;
        }
        if started.elapsed() > TRICKLE_LIMIT || ctx.remaining().is_zero() {
            break;
        }
    }
    let waited = started.elapsed();
    let response = client
        .read_response(false, Duration::from_millis(500).min(ctx.remaining()))
        .map_err(|error| {
            let got = match &error {
                ReadError::TimedOut { received } if received.is_empty() => format!(
                    "after {:.1} s of it the connection was still open and nothing had \
                     arrived: a deadline that every byte refreshes never runs out – set it \
                     once, when the head's first byte arrives",
                    waited.as_secs_f64()
                ),
                ReadError::Closed { received } if received.is_empty() => {
                    "the server closed the connection without a response".into()
                }
                _ => error.to_string(),
            };
            Failure::new(format!(
                "{what} should be answered 408 Request Timeout and closed about \
                 {SLOWLORIS_HEADER} s after its first byte; {got}"
            ))
            .repro(repro.clone())
        })?;
    ensure(response.status == 408, || {
        format!(
            "{what} should be answered 408 Request Timeout (RFC 9110 §15.5.9), got {} after \
             {:.1} s",
            status_of(&response),
            waited.as_secs_f64()
        )
    })
    .repro(repro.clone())?;
    ensure(waited >= TOO_SOON, || {
        format!(
            "{what} got its 408 after only {:.2} s, before the header timeout",
            waited.as_secs_f64()
        )
    })
    .repro(repro.clone())?;
    ensure(
        client.closed_within(Duration::from_secs(1).min(ctx.remaining())),
        || format!("{what} got its 408, but the connection was still open a second later"),
    )
    .repro(repro)
}

/// The send timeout the send-timeout check asks for, in seconds.
const SEND: &str = "1";

/// The file the send-timeout check asks for: larger than any kernel's
/// socket buffers on both ends, so that most of it waits in the server.
const STUCK_FILE_BYTES: usize = 24 << 20;

/// How long the stuck client takes nothing: three send timeouts, because
/// the kernels still move a few bytes just after the buffers fill (acks in
/// flight), which counts as progress once.
const STUCK_FOR: Duration = Duration::from_secs(3);

/// How long after its request the stuck connection may stay open: the
/// stall plus a wide margin for the kernels to hand over what they hold.
const STUCK_LIMIT: Duration = Duration::from_secs(6);

/// A client that asks for a large file and then reads nothing is closed
/// after `--send-timeout`; meanwhile other clients are served. A server
/// without a send timeout keeps the socket, its buffers and the open file
/// for ever – one such client per descriptor exhausts it.
pub(super) fn send_timeout(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    let big = vec![0u8; STUCK_FILE_BYTES];
    root.files_made_by(
        [("big.bin", big.as_slice())],
        &format!("head -c {STUCK_FILE_BYTES} /dev/zero > www/big.bin"),
    )?;
    root.file("small.txt", b"small\n")?;
    let mut server = root.serve(ctx, &["--send-timeout", SEND])?;
    let get_big = request("GET", "/big.bin", "");
    let repro = server.repro(&format!(
        "(printf {}; sleep 10) | nc 127.0.0.1 8080 | (sleep 10; wc -c)   # reads nothing for 10 s",
        printf_literal(&get_big)
    ));
    let mut stuck = RawClient::connect_small_window(server.addr(), 4096)
        .map_err(|e| Failure::new(format!("cannot connect a small-window client: {e}")))?;
    stuck
        .send(&get_big)
        .map_err(|e| Failure::new(format!("sending the request failed: {e}")))?;
    let started = Instant::now();
    sleep(Duration::from_millis(300));
    server
        .serves(
            ctx,
            "/small.txt",
            b"small\n",
            "while one client read nothing of a large file",
        )
        .repro(repro.clone())?;
    // Now take nothing until the server should have given up, then see
    // whether the connection ends (after what the kernels had buffered).
    sleep(
        STUCK_FOR
            .saturating_sub(started.elapsed())
            .min(ctx.remaining()),
    );
    let limit = STUCK_LIMIT
        .saturating_sub(started.elapsed())
        .min(ctx.remaining());
    let ended = match stuck.read_to_close(limit) {
        Ok(bytes) => Ok(bytes.len()),
        Err(ReadError::Io(error)) if is_disconnect(&error) => Ok(0),
        Err(ReadError::TimedOut { received }) => Err(received.len()),
        Err(error) => {
            return Err(
                Failure::new(format!("reading the stuck connection: {error}")).repro(repro),
            );
        }
    };
    match ended {
        Ok(_) => Ok(()),
        Err(received) => Err(Failure::new(format!(
            "with --send-timeout {SEND}, a client that asked for a {} MiB file and took none of \
             it for {:.0} s was still connected {:.1} s after its request ({received} bytes had \
             arrived when it read again): close a connection whose response makes no \
             progress for the send timeout",
            STUCK_FILE_BYTES >> 20,
            STUCK_FOR.as_secs_f64(),
            started.elapsed().as_secs_f64()
        ))
        .repro(repro)),
    }
}
