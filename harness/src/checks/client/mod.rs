//! Client checks: `quest get` talking to the grader's scripted peer.
//!
//! Here the grader plays the server. A [`ScriptedPeer`] on `127.0.0.1:0`
//! answers with exactly the bytes a check chooses – cut where it likes,
//! framed however it likes, malformed if it likes – and records, byte for
//! byte, every request the client sent and how many connections it opened.
//! The check then compares `quest get`'s stdout, stderr and exit status
//! with what a correct client must do.
//!
//! | module | grades |
//! |---|---|
//! | [`framing`] | where a response body ends: Content-Length, chunked, close, 1xx, truncation, garbage |
//! | [`no_body`] | responses that never have a body: HEAD, 204, 304 |
//! | [`request`] | the bytes `get` sends: request line, Host, `-X`, `-H`, `-d` |
//! | [`options`] | the rest of the command line: `-i`, `-f`, `-o`, `-v` |
//!
//! This module holds the list of checks and what they share: peers that
//! answer one request or a sequence of them, repro commands, and the usual
//! verdicts on a run.

pub mod framing;
pub mod no_body;
pub mod options;
pub mod request;

use std::time::Duration;

use crate::check::{Category, Check, Ctx, Failure, GetRun, Revisit, Verdict, ensure, shell_word};
use crate::checks::printf_literal;
use crate::peer::{Options, Script, ScriptedPeer, Step};
use crate::transcript::preview;

/// The client checks, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "client-content-length",
        title: "get prints a Content-Length body exactly",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::content_length,
    },
    Check {
        id: "client-request-bytes",
        title: "get sends a well-formed GET with the right target and Host",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: request::request_bytes,
    },
    Check {
        id: "client-chunked",
        title: "get decodes a chunked body with extensions and trailers",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::chunked,
    },
    Check {
        id: "client-malformed-response",
        title: "a malformed response ends in one clear error line, not a hang",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::malformed_response,
    },
    Check {
        id: "client-close-delimited",
        title: "get reads a body with no length until the server closes",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::close_delimited,
    },
    Check {
        id: "client-one-byte-segments",
        title: "get reassembles chunked and Content-Length responses sent a byte at a time",
        points: 3,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::one_byte_segments,
    },
    Check {
        id: "client-head-no-body",
        title: "get expects no body after a HEAD response, whatever Content-Length says",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: no_body::head,
    },
    Check {
        id: "client-204-304",
        title: "get expects no body after a 204 or a 304 and goes on to the next response",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: no_body::no_content_not_modified,
    },
    Check {
        id: "client-interim-1xx",
        title: "get skips interim 100 and 103 responses before the final one",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::interim,
    },
    Check {
        id: "client-truncated-body",
        title: "a body cut short by the server is an error, not a success",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(2),
        run: framing::truncated_body,
    },
    Check {
        id: "client-include-head",
        title: "get -i prints the status line and fields before the body",
        points: 1,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: options::include_head,
    },
    Check {
        id: "client-fail-flag",
        title: "get prints a 404's body and exits 0, but with -f exits 22",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Quest,
        run: options::fail_flag,
    },
    Check {
        id: "client-send-body",
        title: "get -X/-H/-d sends the method, the fields and the body with its length",
        points: 2,
        category: Category::Client,
        revisit: Revisit::Lesson(1),
        run: request::send_body,
    },
    Check {
        id: "client-output-file",
        title: "get -o FILE writes the body to the file and nothing to stdout",
        points: 1,
        category: Category::Client,
        revisit: Revisit::Quest,
        run: options::output_file,
    },
    Check {
        id: "client-verbose",
        title: "get -v shows the request on stderr and keeps stdout for the body",
        points: 1,
        category: Category::Client,
        revisit: Revisit::Quest,
        run: options::verbose,
    },
];

/// Starts a peer that answers one request with `response`.
///
/// # Errors
///
/// A failure when the grader cannot open its own socket.
pub fn peer_answering(response: &[u8]) -> Result<ScriptedPeer, Failure> {
    peer_with(Script::new().connection(vec![
        Step::ExpectRequest,
        Step::send(response),
        Step::Close,
    ]))
}

/// Starts a peer that follows `script`.
///
/// # Errors
///
/// A failure when the grader cannot open its own socket.
pub fn peer_with(script: Script) -> Result<ScriptedPeer, Failure> {
    ScriptedPeer::start(script)
        .map_err(|e| Failure::new(format!("the grader cannot open a socket: {e}")))
}

/// Starts a peer that answers the URLs of one `get` run, one response per
/// URL in order.
///
/// A client may send them all on one keep-alive connection, as the quest
/// asks: connection 1 answers every request in turn and then holds the
/// connection open for `patience`, so a client that waits for bytes after
/// a complete response has to wait – and [`finished_promptly`] catches it.
/// A client that opens a connection per URL is served too (connection
/// `n + 1` answers request `n + 1` and closes), since reusing connections
/// is graded by the connection checks, not here. The peer waits at most
/// `patience` for each request.
///
/// # Errors
///
/// A failure when the grader cannot open its own socket.
pub fn peer_answering_each(
    responses: &[&[u8]],
    patience: Duration,
) -> Result<ScriptedPeer, Failure> {
    let mut all = Vec::new();
    for response in responses {
        all.extend([Step::ExpectRequest, Step::send(*response)]);
    }
    all.push(Step::Hold(patience));
    let mut script = Script::new().connection(all);
    for response in responses.iter().skip(1) {
        script = script.connection(vec![
            Step::ExpectRequest,
            Step::send(*response),
            Step::Close,
        ]);
    }
    ScriptedPeer::start_with(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        script,
        Options {
            step_timeout: patience,
        },
    )
    .map_err(|e| Failure::new(format!("the grader cannot open a socket: {e}")))
}

/// How long a peer holds a connection in a check that proves the client
/// does *not* wait: long enough to stand out from a prompt exit by a wide
/// margin, short enough to leave the check time to report.
pub fn patience(ctx: &Ctx) -> Duration {
    ctx.remaining().mul_f64(0.4).min(Duration::from_secs(4))
}

/// Fails unless `run` ended within half of `patience`: a peer from
/// [`peer_answering_each`] holds its connection open for `patience` after
/// the last response, so a client that exits later was waiting for bytes
/// that were never coming. `waiting_for` says
/// what it probably waited for.
pub fn finished_promptly(run: &GetRun, patience: Duration, waiting_for: &str) -> Verdict {
    let limit = patience / 2;
    ensure(run.elapsed < limit, || {
        format!(
            "`quest get` took {:.1} s; every response was complete within milliseconds, so it \
             should have finished well within {:.1} s – it seems to wait for {waiting_for}",
            run.elapsed.as_secs_f64(),
            limit.as_secs_f64()
        )
    })
}

/// A repro for a client check: serve `response` with nc, then run `get`.
pub fn repro(ctx: &Ctx, response: &[u8], args: &str) -> String {
    format!(
        "printf {} | nc -l -q 1 127.0.0.1 8081 &   # a one-shot server\n{} get {args}",
        printf_literal(response),
        quest_word(ctx)
    )
}

/// Like [`repro`], but nc sends `response` one byte at a time, with a short
/// pause after each byte so that each one leaves in its own segment.
pub fn repro_bytewise(ctx: &Ctx, response: &[u8], args: &str) -> String {
    format!(
        "{} |\n  nc -l -q 1 127.0.0.1 8081 &   # a one-shot server, a byte at a time\n{} get {args}",
        bytewise(response),
        quest_word(ctx)
    )
}

/// A shell pipeline that prints `bytes` one at a time, 5 ms apart.
fn bytewise(bytes: &[u8]) -> String {
    format!(
        "printf {} | od -An -v -to1 | tr -s ' ' '\\n' | grep . |\n  \
         while read -r b; do printf \"\\\\$b\"; sleep 0.005; done",
        printf_literal(bytes)
    )
}

/// A repro that shows the exact bytes `get ARGS` sends.
pub fn repro_request(ctx: &Ctx, args: &str) -> String {
    format!(
        "nc -l 127.0.0.1 8081 | od -c &   # shows the exact bytes of the request\n{} get {args}",
        quest_word(ctx)
    )
}

/// The quest binary, quoted for a shell.
fn quest_word(ctx: &Ctx) -> String {
    shell_word(&ctx.quest().to_string_lossy())
}

/// Fails unless stdout is exactly `expected`.
pub fn stdout_is(run: &GetRun, expected: &[u8]) -> Verdict {
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

/// Fails unless the run failed cleanly (see [`GetRun::failed_cleanly`]) with
/// exactly one non-empty line on stderr that names `url` (or its host and
/// port): the one line a user reads to learn which fetch failed.
pub fn failed_with_one_line(run: &GetRun, url: &str) -> Verdict {
    run.failed_cleanly()?;
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let [line] = lines[..] else {
        return Err(Failure::new(format!(
            "a failed fetch should print one clear line on stderr, got {} lines{}",
            lines.len(),
            run.stderr_quote()
        )));
    };
    ensure(
        line.contains(url) || line.contains(&peer_authority(url)),
        || {
            format!(
                "the error line should name the URL ({url}) so the user knows which fetch \
                 failed; it was {line:?}"
            )
        },
    )
}

/// `http://127.0.0.1:PORT/x` → `127.0.0.1:PORT`.
fn peer_authority(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

/// A response with status line `status`, the `fields` (each `Name: value`)
/// and `body`, framed by Content-Length.
pub fn response(status: &str, fields: &[&str], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for field in fields {
        head.push_str(field);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_is_host_and_port() {
        assert_eq!(peer_authority("http://127.0.0.1:9/x/y"), "127.0.0.1:9");
        assert_eq!(peer_authority("http://[::1]:9"), "[::1]:9");
    }

    #[test]
    fn responses_are_framed_by_their_length() {
        assert_eq!(
            response("200 OK", &["X-A: b"], b"hi"),
            b"HTTP/1.1 200 OK\r\nX-A: b\r\nContent-Length: 2\r\n\r\nhi"
        );
    }

    #[test]
    fn the_bytewise_repro_replays_the_bytes_exactly() {
        // The repro's byte-at-a-time pipeline, without nc, must give back the
        // very bytes it was handed.
        let bytes = b"HTTP/1.1 200 OK\r\nX: 100%\r\n\r\n\x00\xff'\\";
        let output = std::process::Command::new("sh")
            .args(["-c", &bytewise(bytes)])
            .output()
            .expect("sh runs");
        assert_eq!(output.stdout, bytes);
    }
}
