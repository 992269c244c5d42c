//! Talking to `quest serve`: requests as bytes, and one exchange at a time.
//!
//! A server check speaks raw bytes, so that it can send exactly what it
//! tests (a request cut into single bytes, two requests in one write) and
//! see exactly what came back. These helpers build the usual requests and
//! run one request/response exchange under the check's deadline, turning
//! whatever went wrong into a [`Failure`] that quotes the request, says
//! whether the server crashed, and carries a `printf … | nc` repro.

use std::time::Duration;

use crate::grade::shell::printf_literal;
use crate::grade::{Ctx, Failure, Server};
use crate::wire::client::{RawClient, Response};
use crate::wire::pieces::Split;
use crate::wire::preview::preview;

/// How long a single response may take to arrive.
pub const RESPONSE_LIMIT: Duration = Duration::from_secs(3);

/// `METHOD TARGET HTTP/1.1` with `Host`, the `extra` field lines (each
/// ending in CRLF), the empty line, and no body.
///
/// ```
/// use harness::grade::checks::support::server::request;
///
/// assert_eq!(
///     request("HEAD", "/", "Connection: close\r\n"),
///     b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
/// );
/// ```
pub fn request(method: &str, target: &str, extra: &str) -> Vec<u8> {
    format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n").into_bytes()
}

/// A GET request for `target` (see [`request`]).
pub fn get(target: &str, extra: &str) -> Vec<u8> {
    request("GET", target, extra)
}

/// A request with a `Content-Length` body.
pub fn with_body(method: &str, target: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = request(
        method,
        target,
        &format!("Content-Length: {}\r\n", body.len()),
    );
    bytes.extend_from_slice(body);
    bytes
}

/// `200 OK`-style text for a response: status and reason.
pub fn status_of(response: &Response) -> String {
    format!("{} {}", response.status, response.reason)
}

/// The repro for raw bytes sent to `server`: `printf … | nc`.
pub fn nc_repro(server: &Server, bytes: &[u8]) -> String {
    server.repro(&format!(
        "printf {} | nc -q 2 127.0.0.1 8080",
        printf_literal(bytes)
    ))
}

/// Connects to `server` within the check's budget.
///
/// # Errors
///
/// A failure when the connection is refused or times out.
pub fn connect(ctx: &Ctx, server: &Server) -> Result<RawClient, Failure> {
    RawClient::connect(server.addr(), RESPONSE_LIMIT.min(ctx.remaining())).map_err(|e| {
        Failure::new(format!(
            "the server printed its listening line, but connecting to {} failed: {e}",
            server.addr()
        ))
    })
}

/// Sends `bytes` (cut as `split` says) and reads one response.
///
/// # Errors
///
/// A failure quoting what arrived when no valid response did, with the
/// bytes to reproduce it by hand. A server that died explains every
/// symptom, so the failure says so first when it did.
pub fn exchange(
    ctx: &Ctx,
    server: &mut Server,
    client: &mut RawClient,
    bytes: &[u8],
    split: &Split,
) -> Result<Response, Failure> {
    let pause = if *split == Split::Whole {
        Duration::ZERO
    } else {
        Duration::from_millis(1)
    };
    let for_head = bytes.starts_with(b"HEAD ");
    let outcome = client
        .send_split(bytes, split, pause)
        .map_err(|e| format!("sending the request failed: {e}"))
        .and_then(|()| {
            client
                .read_response(for_head, RESPONSE_LIMIT.min(ctx.remaining()))
                .map_err(|e| e.to_string())
        });
    outcome.map_err(|error| {
        let repro = nc_repro(server, bytes);
        let crashed = server.crash_within(Duration::from_millis(300));
        let reason = match crashed {
            Some(crash) => format!(
                "while answering \"{}\", {}",
                preview(bytes, 120),
                crash.reason
            ),
            None => format!(
                "after the request \"{}\", no valid response arrived: {error}",
                preview(bytes, 120)
            ),
        };
        Failure::new(reason).repro(repro)
    })
}
