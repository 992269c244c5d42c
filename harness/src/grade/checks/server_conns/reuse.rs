//! Connection reuse: keep-alive, pipelining, and the two ways a client asks
//! for the connection to end (HTTP/1.0, `Connection: close`).
//!
//! HTTP/1.1 connections persist by default (RFC 9112 §9.3): one TCP
//! handshake serves many requests. Whether a response is the last on its
//! connection is decided by the request – its version and its
//! `Connection` field – and a server that gets this wrong either wastes a
//! handshake per request or leaves an HTTP/1.0 client waiting for a close
//! that never comes.

use std::time::{Duration, Instant};

use crate::grade::checks::support::root::Root;
use crate::grade::checks::support::server::{connect, exchange, nc_repro, request};
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::client::{RawClient, ReadError};
use crate::wire::pieces::Split;
use crate::wire::preview::preview;
use crate::wire::socket::is_disconnect;

/// How many requests the pipelining check sends in one write.
const PIPELINED: usize = 100;

/// How long the pipelined responses may take, all together.
const PIPELINE_LIMIT: Duration = Duration::from_secs(5);

/// How long after its last response a connection that should end may stay
/// open.
const CLOSE_LIMIT: Duration = Duration::from_secs(2);

/// Four requests on one connection, each sent after the previous response:
/// all four answered, none of them closing the connection.
pub(super) fn keep_alive(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut client = connect(ctx, &server)?;
    let bytes = request("GET", "/", "");
    let repro = server.repro(
        "curl -sv -o /dev/null -o /dev/null -o /dev/null http://127.0.0.1:8080/ \
         http://127.0.0.1:8080/ http://127.0.0.1:8080/ 2>&1 | grep -i connection",
    );
    for n in 1..=4 {
        let response =
            exchange(ctx, &mut server, &mut client, &bytes, &Split::Whole).map_err(|f| {
                let hint = if n == 1 {
                    String::new()
                } else {
                    format!(
                        " – after {} response(s) on this connection; an HTTP/1.1 connection \
                         stays open after a response unless the request said \
                         `Connection: close` (RFC 9112 §9.3)",
                        n - 1
                    )
                };
                Failure::new(format!(
                    "request {n} of 4 on one connection: {}{hint}",
                    f.reason
                ))
                .repro(repro.clone())
            })?;
        ensure(response.status == 200, || {
            format!(
                "request {n} of 4 on one connection (GET /) answered {} {}, expected 200",
                response.status, response.reason
            )
        })
        .repro(repro.clone())?;
        let connection = response.header("connection").unwrap_or_default();
        ensure(!has_token(connection, "close"), || {
            format!(
                "response {n} of 4 says `Connection: {connection}`, but the request did not \
                 ask to close: HTTP/1.1 connections persist by default (RFC 9112 §9.3)"
            )
        })
        .repro(repro.clone())?;
    }
    Ok(())
}

/// 100 requests for 100 different files in one write: 100 responses, in
/// order, each with its own file's body.
pub(super) fn pipelining(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    let names: Vec<String> = (0..PIPELINED).map(|i| format!("n{i}")).collect();
    let bodies: Vec<String> = (0..PIPELINED).map(body_of).collect();
    root.files_made_by(
        names
            .iter()
            .map(String::as_str)
            .zip(bodies.iter().map(String::as_bytes)),
        &format!(
            "for i in $(seq 0 {}); do printf 'body of /n%d\\n' $i > www/n$i; done",
            PIPELINED - 1
        ),
    )?;
    let bytes: Vec<u8> = names
        .iter()
        .flat_map(|name| request("GET", &format!("/{name}"), ""))
        .collect();
    let mut server = root.serve(ctx, &[])?;
    let repro = server.repro(&format!(
        "for i in $(seq 0 {}); do printf 'GET /n%d HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' $i; \
         done > requests.txt; nc -q 3 127.0.0.1 8080 < requests.txt",
        PIPELINED - 1
    ));
    let mut client = connect(ctx, &server)?;
    client.send(&bytes).map_err(|e| {
        Failure::new(format!(
            "sending {PIPELINED} pipelined requests ({} bytes) in one write failed: {e}",
            bytes.len()
        ))
        .repro(repro.clone())
    })?;
    let deadline = Instant::now() + PIPELINE_LIMIT.min(ctx.remaining());
    for i in 0..PIPELINED {
        let left = deadline.saturating_duration_since(Instant::now());
        let response = client.read_response(false, left).map_err(|error| {
            let hint = if i == 1 {
                " – only the first request was answered: the others arrived in the same \
                 read(); keep the bytes after a request and parse them next (RFC 9112 §9.3.2)"
            } else {
                ""
            };
            let crashed = server
                .crash_within(Duration::from_millis(300))
                .map(|crash| format!(" ({})", crash.reason))
                .unwrap_or_default();
            let so_far = match i {
                0 => String::new(),
                1 => "response 0 was right, then ".into(),
                _ => format!("responses 0 to {} were right, then ", i - 1),
            };
            Failure::new(format!(
                "{PIPELINED} requests GET /n0 … /n{} arrived in one write; {so_far}response \
                 {i} (to GET /n{i}) did not arrive within {:.0} s: {error}{hint}{crashed}",
                PIPELINED - 1,
                PIPELINE_LIMIT.as_secs_f64()
            ))
            .repro(repro.clone())
        })?;
        let expected = body_of(i);
        if response.status == 200 && response.body == expected.as_bytes() {
            continue;
        }
        let reason = match (0..PIPELINED).find(|&j| response.body == body_of(j).as_bytes()) {
            Some(j) if response.status == 200 => format!(
                "response {i} of the {PIPELINED} pipelined requests carries the body of /n{j}, \
                 not /n{i}: responses must come back in the order of the requests \
                 (RFC 9112 §9.3.2)"
            ),
            _ => format!(
                "response {i} (to GET /n{i}{}) is {} {} with body \"{}\", expected 200 with \
                 \"{}\"",
                if i == 0 {
                    String::new()
                } else {
                    format!(", pipelined behind {i} others")
                },
                response.status,
                response.reason,
                preview(&response.body, 60),
                crate::wire::preview::escape(expected.as_bytes())
            ),
        };
        return Err(Failure::new(reason).repro(repro));
    }
    Ok(())
}

/// The body of file `n{i}` in the pipelining check.
fn body_of(i: usize) -> String {
    format!("body of /n{i}\n")
}

/// `GET / HTTP/1.0`, and an HTTP/1.1 request with `Connection: close`: each
/// answered in a form its client can read, then the connection closed.
pub(super) fn http10_close(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "an HTTP/1.0 request without `Connection: keep-alive`",
            b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
            "curl -v --http1.0 http://127.0.0.1:8080/",
        ),
        (
            "an HTTP/1.1 request with `Connection: close`",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            "curl -v -H 'Connection: close' http://127.0.0.1:8080/",
        ),
    ];
    for (what, bytes, curl) in cases {
        let repro = nc_repro(&server, bytes).replace("nc -q 2", "nc -q 5");
        let repro =
            format!("{repro}\n{curl}   # or this: curl says whether the connection is left intact");
        let mut client = connect(ctx, &server)?;
        let response = exchange(ctx, &mut server, &mut client, bytes, &Split::Whole)
            .reworded(|why| format!("{what}: {}", why))
            .repro(repro.clone())?;
        ensure(response.status == 200, || {
            format!(
                "{what} (GET /) answered {} {}, expected 200",
                response.status, response.reason
            )
        })
        .repro(repro.clone())?;
        if bytes.starts_with(b"GET / HTTP/1.0") {
            // An HTTP/1.0 client knows no chunked coding: RFC 9112 §6.1.
            ensure(response.header("transfer-encoding").is_none(), || {
                format!(
                    "{what} got a response with `Transfer-Encoding: {}`, which an HTTP/1.0 \
                     client cannot read: frame it with Content-Length or by closing \
                     (RFC 9112 §6.1)",
                    response.header("transfer-encoding").unwrap_or_default()
                )
            })
            .repro(repro.clone())?;
        }
        closes_after(ctx, &mut client, what).repro(repro)?;
    }
    Ok(())
}

/// Fails unless the server closes `client` within [`CLOSE_LIMIT`] without
/// sending anything more.
fn closes_after(ctx: &Ctx, client: &mut RawClient, what: &str) -> Verdict {
    let limit = CLOSE_LIMIT.min(ctx.remaining());
    match client.read_to_close(limit) {
        Ok(rest) if rest.is_empty() => Ok(()),
        Ok(rest) => Err(Failure::new(format!(
            "after the response to {what}, the server sent {} more bytes before closing: \"{}\"",
            rest.len(),
            preview(&rest, 80)
        ))),
        Err(ReadError::Io(error)) if is_disconnect(&error) => Ok(()),
        Err(ReadError::TimedOut { received }) => Err(Failure::new(format!(
            "{what} was answered, but the connection was still open {:.0} s later{}: the \
             server must close it after that response (RFC 9112 §9.3, §9.6), or the client \
             waits for the close",
            limit.as_secs_f64(),
            if received.is_empty() {
                String::new()
            } else {
                format!(" (and \"{}\" arrived)", preview(&received, 80))
            }
        ))),
        Err(error) => Err(Failure::new(format!(
            "after the response to {what}, reading the close failed: {error}"
        ))),
    }
}

/// True when the comma-separated `value` contains `token`
/// (case-insensitive, RFC 9110 §7.6.1).
fn has_token(value: &str, token: &str) -> bool {
    value
        .split(',')
        .any(|item| item.trim().eq_ignore_ascii_case(token))
}
