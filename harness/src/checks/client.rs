//! Client checks: `quest get` talking to the grader's scripted peer.
//!
//! Here the grader plays the server. A [`ScriptedPeer`] on `127.0.0.1:0`
//! answers with exactly the bytes a check chooses – cut where it likes,
//! framed however it likes, malformed if it likes – and records, byte for
//! byte, every request the client sent and how many connections it opened.
//! The check then compares `quest get`'s stdout, stderr and exit status
//! with what a correct client must do.

use crate::check::{Category, Check, Ctx, Failure, GetRun, Revisit, Verdict, ensure};
use crate::checks::printf_literal;
use crate::peer::{Script, ScriptedPeer, Step};
use crate::transcript::preview;

/// The client checks, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "client-content-length",
        title: "get prints a Content-Length body exactly",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: content_length,
    },
    Check {
        id: "client-request-bytes",
        title: "get sends a well-formed GET with the right target and Host",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: request_bytes,
    },
    Check {
        id: "client-chunked",
        title: "get decodes a chunked body with extensions and trailers",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: chunked,
    },
    Check {
        id: "client-malformed-response",
        title: "a malformed response ends in one clear error line, not a hang",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: malformed_response,
    },
];

/// Starts a peer that answers one request with `response`.
///
/// # Errors
///
/// A failure when the grader cannot open its own socket.
pub fn peer_answering(response: &[u8]) -> Result<ScriptedPeer, Failure> {
    ScriptedPeer::start(Script::new().connection(vec![
        Step::ExpectRequest,
        Step::send(response),
        Step::Close,
    ]))
    .map_err(|e| Failure::new(format!("the grader cannot open a socket: {e}")))
}

/// A repro for a client check: serve `response` with nc, then run `get`.
pub fn repro(ctx: &Ctx, response: &[u8], args: &str) -> String {
    format!(
        "printf {} | nc -l -q 1 127.0.0.1 8081 &   # a one-shot server\n{} get {args}",
        printf_literal(response),
        crate::check::shell_word(&ctx.quest().to_string_lossy())
    )
}

/// Fails unless stdout is exactly `expected`.
fn stdout_is(run: &GetRun, expected: &[u8]) -> Verdict {
    ensure(run.stdout == expected, || {
        format!(
            "stdout should be exactly the body \"{}\" ({} bytes), but it was \"{}\" ({} bytes)",
            preview(expected, 120),
            expected.len(),
            preview(&run.stdout, 120),
            run.stdout.len()
        )
    })
}

fn content_length(ctx: &Ctx) -> Verdict {
    // Binary bytes and no trailing newline: the body must be copied, not
    // printed as text.
    let body: &[u8] = b"first line\nsecond line\x00\xff\xfeno newline at the end";
    let mut response =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    response.extend_from_slice(body);
    let peer = peer_answering(&response)?;
    let url = peer.url("/data.bin");
    let run = ctx.get(&[&url])?;
    let repro = repro(ctx, &response, "http://127.0.0.1:8081/data.bin");
    // After the client exited, the peer has nothing left to wait for.
    peer.finish();
    run.succeeded()
        .and_then(|()| stdout_is(&run, body))
        .map_err(|f| f.repro(repro))
}

fn request_bytes(ctx: &Ctx) -> Verdict {
    let response = b"HTTP/1.1 204 No Content\r\n\r\n";
    let peer = peer_answering(response)?;
    let authority = peer.addr().to_string();
    let url = peer.url("/some/path?q=1&r=%20x");
    let run = ctx.get(&[&url])?;
    let report = peer.finish();
    let repro = format!(
        "nc -l 127.0.0.1 8081 | od -c &   # shows the exact bytes of the request\n\
         {} get 'http://127.0.0.1:8081/some/path?q=1&r=%20x'",
        crate::check::shell_word(&ctx.quest().to_string_lossy())
    );
    let Some(first) = report.requests.first() else {
        return Err(Failure::new(format!(
            "the scripted server received no complete request from `quest get {url}`{}{}",
            report
                .errors
                .first()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default(),
            run.stderr_quote()
        ))
        .repro(repro));
    };
    let bytes = &first.bytes;
    let expected_line = b"GET /some/path?q=1&r=%20x HTTP/1.1\r\n";
    ensure(bytes.starts_with(expected_line), || {
        format!(
            "the request should start with {} (origin-form target, RFC 9112 §3.2.1), \
             but it started with {}",
            preview(expected_line, 80),
            preview(bytes, 80)
        )
    })
    .map_err(|f| f.repro(repro.clone()))?;
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    let complete =
        matches!(parsed.parse(bytes), Ok(httparse::Status::Complete(n)) if n == bytes.len());
    ensure(complete, || {
        format!(
            "the request is not a single well-formed head with no body: {}",
            preview(bytes, 200)
        )
    })?;
    let hosts: Vec<&[u8]> = parsed
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"))
        .map(|h| h.value)
        .collect();
    ensure(hosts == [authority.as_bytes()], || {
        format!(
            "the request needs exactly one `Host: {authority}` header (RFC 9110 §7.2: host \
             and the port, since it is not 80), got {:?}",
            hosts
                .iter()
                .map(|h| String::from_utf8_lossy(h))
                .collect::<Vec<_>>()
        )
    })
    .map_err(|f| f.repro(repro))?;
    // A 204 has no body: the run must end well too.
    run.succeeded()
}

fn chunked(ctx: &Ctx) -> Verdict {
    let response: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
        7;note=first\r\nchunked\r\n\
        1\r\n \r\n\
        10\r\nbodies are fine\n\r\n\
        0\r\nX-Checksum: abc\r\n\r\n";
    let peer = peer_answering(response)?;
    let run = ctx.get(&[peer.url("/chunks")])?;
    // After the client exited, the peer has nothing left to wait for.
    peer.finish();
    run.succeeded()
        .and_then(|()| stdout_is(&run, b"chunked bodies are fine\n"))
        .map_err(|f| f.repro(repro(ctx, response, "http://127.0.0.1:8081/chunks")))
}

fn malformed_response(ctx: &Ctx) -> Verdict {
    let response: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: banana\r\n\r\nhello";
    let peer = peer_answering(response)?;
    let url = peer.url("/bad");
    let run = ctx.get(&[&url])?;
    // After the client exited, the peer has nothing left to wait for.
    peer.finish();
    let repro = repro(ctx, response, "http://127.0.0.1:8081/bad");
    run.failed_cleanly().map_err(|f| f.repro(repro.clone()))?;
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    ensure(lines.len() == 1, || {
        format!(
            "a failed fetch should print one clear line on stderr, got {} lines{}",
            lines.len(),
            run.stderr_quote()
        )
    })
    .map_err(|f| f.repro(repro.clone()))?;
    ensure(
        lines[0].contains(&url) || lines[0].contains(&peer_authority(&url)),
        || {
            format!(
                "the error line should name the URL ({url}) so the user knows which fetch failed; \
             it was {:?}",
                lines[0]
            )
        },
    )
    .map_err(|f| f.repro(repro))
}

/// `http://127.0.0.1:PORT/x` → `127.0.0.1:PORT`.
fn peer_authority(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_owned()
}
