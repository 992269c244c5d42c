//! Endings: clients that vanish, and the server's own end.
//!
//! A client can leave at any moment: reset the connection in the middle
//! of a response (a read or write then fails with `ECONNRESET` or `EPIPE`),
//! close in the middle of a request body, or half-close after a whole
//! request – `shutdown(SHUT_WR)` means "I will send nothing more", not
//! "stop answering" (RFC 9112 §9.6). None of that may end the server.
//!
//! The server itself ends on SIGTERM (a service manager's stop) or SIGINT
//! (Ctrl-C). A graceful shutdown stops accepting, finishes the responses
//! in flight, closes idle connections and exits 0 – the signal arrives
//! through a `signalfd` in the epoll set, so it is handled between events
//! like any other input.

use std::process::ExitStatus;
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::{BIG, SMALL, read_slowly, standard_root, whole_file};
use crate::grade::checks::support::root::RootServer;
use crate::grade::checks::support::server::{connect, exchange, request};
use crate::grade::{Ctx, Explain, Failure, Server, Verdict, ensure};
use crate::wire::client::{RawClient, ReadError};
use crate::wire::pieces::Split;
use crate::wire::preview::preview;
use crate::wire::socket::is_disconnect;
use course::process::Exit;

/// How long one ordinary response may take.
const RESPONSE_LIMIT: Duration = Duration::from_secs(3);

/// How much of a response a slow client reads before it resets the
/// connection.
const BEFORE_RESET: usize = 64 * 1024;

/// How much of a response a fast client reads before it resets the
/// connection.
const FAST_BEFORE_RESET: usize = 1 << 20;

/// How long the server may take to exit once its last response is
/// complete.
const EXIT_LIMIT: Duration = Duration::from_secs(3);

/// Reads during each slow phase of the shutdown check, and the pause
/// before each.
const SLOW_READS: usize = 10;
const SLOW_PAUSE: Duration = Duration::from_millis(30);

/// Resets mid-response and mid-head, a close mid-body, a half-close after
/// a request: the half-closed client still gets its response, and
/// afterwards the server runs and answers a new client.
pub(super) fn abrupt_disconnect(ctx: &Ctx) -> Verdict {
    let (root, _) = standard_root(ctx, true)?;
    let mut server = root.serve(ctx, &[])?;
    resets_mid_response(ctx, &mut server)?;
    reset_mid_head(ctx, &mut server)?;
    close_mid_body(ctx, &mut server)?;
    half_close(ctx, &mut server)?;
    let get = request("GET", "/small.txt", "");
    let mut fresh = connect(ctx, &server)?;
    let response = exchange(ctx, &mut server, &mut fresh, &get, &Split::Whole).reworded(|why| {
        format!(
            "after clients that reset, vanished mid-body and half-closed, a new client got \
             no answer: {}",
            why
        )
    })?;
    ensure(response.status == 200, || {
        format!(
            "after clients that reset, vanished mid-body and half-closed, a new client's \
             GET /small.txt answered {} {}, expected 200",
            response.status, response.reason
        )
    })
}

/// Resets in the middle of a response: after reading a little, slowly
/// (the server is waiting for EPOLLOUT when the RST comes, and learns of
/// it from its next read or write), and twice after reading fast (the
/// server is most likely in the middle of a write).
fn resets_mid_response(ctx: &Ctx, server: &mut RootServer) -> Verdict {
    let repro = server.repro(
        "curl -s http://127.0.0.1:8080/big.bin | head -c 100000 > /dev/null   # closing with \
         unread data sends a reset\ncurl -i http://127.0.0.1:8080/small.txt",
    );
    for (read, pause) in [
        (BEFORE_RESET, SLOW_PAUSE),
        (FAST_BEFORE_RESET, Duration::ZERO),
        (FAST_BEFORE_RESET, Duration::ZERO),
    ] {
        reset_mid_response(ctx, server, read, pause).repro(repro.clone())?;
        let what = format!(
            "a client that reset its connection (RST) {} KiB into a {} MiB response{}",
            read >> 10,
            BIG >> 20,
            if pause.is_zero() {
                ", read as fast as it came"
            } else {
                ""
            }
        );
        survived(server, &what, &repro)?;
    }
    Ok(())
}

/// A reset in the middle of a request head: the server's next read fails.
fn reset_mid_head(ctx: &Ctx, server: &mut RootServer) -> Verdict {
    let partial = b"GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    let mut reset = connect(ctx, server)?;
    reset
        .send(partial)
        .map_err(|e| Failure::new(format!("sending half a request head failed: {e}")))?;
    sleep(Duration::from_millis(50));
    reset.reset();
    let repro = server.repro(&format!(
        "python3 -c \"import socket,struct; s=socket.create_connection(('127.0.0.1',8080)); \
         s.send(b'{}'); s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, \
         struct.pack('ii', 1, 0)); s.close()\"\ncurl -i http://127.0.0.1:8080/small.txt",
        String::from_utf8_lossy(partial).replace("\r\n", "\\r\\n")
    ));
    survived(
        server,
        "a client that sent half a request head and then reset its connection (RST)",
        &repro,
    )
}

/// A client that vanishes in the middle of a request body: the server's
/// next read sees end of file, and the upload is abandoned.
fn close_mid_body(ctx: &Ctx, server: &mut RootServer) -> Verdict {
    let what = "a client that closed its connection 1000 bytes into a 100000-byte PUT body";
    let head = "PUT /upload.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n";
    let repro = server.repro(&format!(
        "(printf '{}'; head -c 1000 /dev/zero) | nc -q 0 127.0.0.1 8080\n\
             curl -i http://127.0.0.1:8080/small.txt",
        head.replace("\r\n", "\\r\\n")
    ));
    let mut upload = connect(ctx, server)?;
    let mut bytes = head.as_bytes().to_vec();
    bytes.extend_from_slice(&[b'u'; 1000]);
    upload
        .send(&bytes)
        .map_err(|e| Failure::new(format!("sending the start of a PUT failed: {e}")))?;
    sleep(Duration::from_millis(100));
    drop(upload);
    survived(server, what, &repro)
}

/// A client that half-closes after its request still gets its response:
/// end of file says "nothing more will come", not "stop answering".
fn half_close(ctx: &Ctx, server: &mut RootServer) -> Verdict {
    let get = request("GET", "/small.txt", "");
    let repro = server.repro(&format!(
        "printf '{}' | nc -N 127.0.0.1 8080   # -N: shutdown(SHUT_WR) after sending",
        String::from_utf8_lossy(&get).replace("\r\n", "\\r\\n")
    ));
    let what = "a client that sent GET /small.txt and then half-closed (shutdown(SHUT_WR))";
    let mut half = connect(ctx, server)?;
    half.send(&get)
        .and_then(|()| half.shutdown_write())
        .map_err(|e| Failure::new(format!("sending a request and half-closing failed: {e}")))?;
    match half.read_response(false, RESPONSE_LIMIT.min(ctx.remaining())) {
        Ok(response) if response.status == 200 && response.body == SMALL => {}
        Ok(response) => {
            return Err(Failure::new(format!(
                "{what} got {} {} with \"{}\", expected 200 with the file",
                response.status,
                response.reason,
                preview(&response.body, 60)
            ))
            .repro(repro));
        }
        Err(error) => {
            return Err(Failure::new(format!(
                "{what} got no response: {error}. End of file from a client means it will \
                 send nothing more, not that it stopped reading: answer what arrived, then \
                 close (RFC 9112 §9.6)"
            ))
            .repro(repro));
        }
    }
    survived(server, what, &repro)
}

/// Asks for the big file, reads at least `read` bytes of the response
/// (pausing `pause` before each read), then resets the connection.
fn reset_mid_response(ctx: &Ctx, server: &Server, read: usize, pause: Duration) -> Verdict {
    let mut client = connect(ctx, server)?;
    client
        .send(&request("GET", "/big.bin", ""))
        .map_err(|e| Failure::new(format!("sending GET /big.bin failed: {e}")))?;
    let until = Instant::now() + RESPONSE_LIMIT.min(ctx.remaining());
    while client.buffered().len() < read {
        not_an_error(client.buffered())?;
        sleep(pause);
        let left = until.saturating_duration_since(Instant::now());
        let n = client.read_some(left).map_err(|e| {
            Failure::new(format!(
                "GET /big.bin: the response broke off after {} bytes: {e}",
                client.buffered().len()
            ))
        })?;
        ensure(n > 0, || {
            format!(
                "GET /big.bin: only {} bytes of the response arrived within {:.0} s",
                client.buffered().len(),
                RESPONSE_LIMIT.as_secs_f64()
            )
        })?;
    }
    client.reset();
    Ok(())
}

/// Fails when `received` already holds a whole response head whose status
/// is not 200 (the file is missing, say): no reset can be tested then.
fn not_an_error(received: &[u8]) -> Verdict {
    let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(());
    };
    let status_ok = received.starts_with(b"HTTP/1.") && received.get(9..12) == Some(b"200");
    ensure(status_ok, || {
        format!(
            "GET /big.bin should answer 200 with the file, got \"{}\"",
            preview(&received[..end], 120)
        )
    })
}

/// Fails when the server exits within a moment of `what` happening.
fn survived(server: &mut Server, what: &str, repro: &str) -> Verdict {
    match server.crash_within(Duration::from_millis(300)) {
        None => Ok(()),
        Some(crash) => Err(Failure::new(format!(
            "{what} should cost only that connection – a failed read or write (ECONNRESET, \
             EPIPE) or an early end of file ends it, never the server – but {}",
            crash.reason
        ))
        .repro(repro)),
    }
}

/// SIGTERM during a slow download: the download completes byte for byte, a
/// connection attempted after the signal gets no response, and the server
/// exits 0. Then SIGINT to a second server with an idle keep-alive
/// connection: it exits 0 promptly.
pub(super) fn graceful_shutdown(ctx: &Ctx) -> Verdict {
    sigterm_finishes_the_download(ctx)?;
    sigint_with_an_idle_connection(ctx)
}

/// SIGTERM during a slow download: the download completes byte for byte,
/// the server exits 0, and a connection attempted after the signal gets no
/// response.
fn sigterm_finishes_the_download(ctx: &Ctx) -> Verdict {
    let (root, big) = standard_root(ctx, true)?;
    let mut server = root.serve(ctx, &[])?;
    let repro = server.repro(
        "curl -s --limit-rate 8M -o got.bin http://127.0.0.1:8080/big.bin &\n\
         sleep 1; kill -TERM PID; curl -v http://127.0.0.1:8080/small.txt   # PID: the server's\n\
         wait; cmp got.bin www/big.bin   # and in the server's terminal: echo $?",
    );
    let mut download = connect(ctx, &server)?;
    download
        .send(&request("GET", "/big.bin", ""))
        .map_err(|e| Failure::new(format!("sending GET /big.bin failed: {e}")))?;
    slow_read(&mut server, &mut download, "before SIGTERM")
        .and_then(|()| not_an_error(download.buffered()))
        .repro(repro.clone())?;
    server.guard().signal(libc::SIGTERM);
    let signalled = Instant::now();
    slow_read(&mut server, &mut download, "after SIGTERM").repro(repro.clone())?;

    // The signal has had a few hundred milliseconds to arrive: a new
    // connection is refused, or accepted by the kernel and never answered.
    let late = RawClient::connect(server.addr(), RESPONSE_LIMIT.min(ctx.remaining()))
        .ok()
        .map(|mut client| {
            let _ = client.send(&request("GET", "/small.txt", ""));
            client
        });
    let late_after = signalled.elapsed();

    let limit = ctx
        .remaining()
        .saturating_sub(EXIT_LIMIT + Duration::from_millis(500));
    let response = download.read_response(false, limit).map_err(|error| {
        let exited = server.exit_note();
        Failure::new(format!(
            "SIGTERM arrived while GET /big.bin ({} MiB) was being read; a graceful shutdown \
             finishes the responses in flight, but the download did not complete: \
             {error}{exited}",
            BIG >> 20
        ))
        .repro(repro.clone())
    })?;
    whole_file("GET /big.bin, in flight during SIGTERM", &big, &response).repro(repro.clone())?;
    let done = Instant::now();
    exited_zero(
        ctx,
        &mut server,
        "SIGTERM",
        done,
        "its last response was complete",
    )
    .repro(repro.clone())?;

    if let Some(mut late) = late {
        let what = format!(
            "a connection opened {:.1} s after SIGTERM",
            late_after.as_secs_f64()
        );
        match late.read_to_close(Duration::from_secs(1).min(ctx.remaining())) {
            Ok(bytes) if bytes.is_empty() => {}
            Err(ReadError::Io(error)) if is_disconnect(&error) => {}
            Ok(bytes) => {
                return Err(Failure::new(format!(
                    "{what} got \"{}\": after SIGTERM the server stops accepting (close the \
                     listener), so a new client is refused instead of served",
                    preview(&bytes, 80)
                ))
                .repro(repro));
            }
            Err(error) => {
                return Err(Failure::new(format!(
                    "{what} was neither refused nor closed after the server exited: {error}"
                ))
                .repro(repro));
            }
        }
    }
    Ok(())
}

/// SIGINT to a server with one idle keep-alive connection: it exits 0
/// promptly, since an idle connection has nothing in flight.
fn sigint_with_an_idle_connection(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut idle = connect(ctx, &server)?;
    exchange(
        ctx,
        &mut server,
        &mut idle,
        &request("GET", "/", ""),
        &Split::Whole,
    )?;
    server.guard().signal(libc::SIGINT);
    let repro = server.repro(
        "curl http://127.0.0.1:8080/ ; kill -INT PID   # PID: the server's; or Ctrl-C in its terminal",
    );
    exited_zero(
        ctx,
        &mut server,
        "SIGINT",
        Instant::now(),
        "it was sent, with one idle keep-alive connection open (idle connections are not \
         in flight: close them)",
    )
    .repro(repro)
}

/// Reads [`SLOW_READS`] times, slowly; fails when the response breaks off.
fn slow_read(server: &mut Server, client: &mut RawClient, when: &str) -> Verdict {
    read_slowly(client, SLOW_READS, SLOW_PAUSE, || {}).map_err(|error| {
        let exited = server.exit_note();
        Failure::new(format!(
            "GET /big.bin ({} MiB), read slowly {when}: {}the download broke off after {} \
             bytes: {error}{exited}",
            BIG >> 20,
            if when.starts_with("after") {
                "a graceful shutdown finishes the responses in flight, but "
            } else {
                ""
            },
            client.buffered().len()
        ))
    })
}

/// Fails unless the server exits with status 0 within [`EXIT_LIMIT`] of
/// `since` (`since_what` says what happened then).
fn exited_zero(
    ctx: &Ctx,
    server: &mut Server,
    signal: &str,
    since: Instant,
    since_what: &str,
) -> Verdict {
    let limit = (since + EXIT_LIMIT)
        .saturating_duration_since(Instant::now())
        .min(ctx.remaining());
    let status: ExitStatus = match server.guard().wait(limit) {
        Exit::Exited(status) => status,
        Exit::TimedOut => {
            return Err(Failure::new(format!(
                "after {signal}, the server was still running {:.1} s after {since_what}: \
                 stop accepting, finish what is in flight, close idle connections, and exit",
                since.elapsed().as_secs_f64()
            )));
        }
    };
    ensure(status.success(), || {
        let tail = server.guard().stderr_tail().join("\n    ");
        format!(
            "after {signal}, the server exited ({status}) instead of with status 0: handle \
             the signal (a signalfd in the epoll set) and return from the event loop{}",
            if tail.is_empty() {
                String::new()
            } else {
                format!("; the last lines of its stderr:\n    {tail}")
            }
        )
    })
}
