//! Grading `quest get`: scripted peers, responses, and verdicts on a run.
//!
//! Here the grader plays the server. A [`ScriptedPeer`] on a loopback port
//! the kernel picks answers with exactly the bytes a check chooses, and
//! records every request the client sent and on which connection. A check
//! then judges the [`GetRun`] – stdout, stderr, exit status, time – with
//! the verdicts here.
//!
//! The repros these checks print use `nc` one-shot servers on fixed ports
//! (8081…): the ports the grader used were picked by the kernel and are gone
//! by the time a student reads the report.

use std::net::SocketAddr;
use std::time::Duration;

use crate::grade::shell::{printf_literal, shell_word};
use crate::grade::{Ctx, Failure, GetRun, Verdict, ensure};
use crate::wire::peer::{Options, Script, ScriptedPeer, Step};
use crate::wire::preview::preview;

/// Loopback with a port the kernel picks: where a peer listens by default.
const ANY_LOOPBACK_PORT: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);

/// Starts a peer on `127.0.0.1` and a port the kernel picks.
///
/// # Errors
///
/// A failure when the grader cannot open its own socket.
pub fn start_peer(script: Script) -> Result<ScriptedPeer, Failure> {
    start_peer_on(ANY_LOOPBACK_PORT, script)
}

/// Starts a peer on `addr` (another loopback address, or `[::1]:0`).
///
/// # Errors
///
/// A failure when the grader cannot listen there.
pub fn start_peer_on(addr: SocketAddr, script: Script) -> Result<ScriptedPeer, Failure> {
    ScriptedPeer::start_on(addr, script)
        .map_err(|e| Failure::new(format!("the grader cannot listen on {addr}: {e}")))
}

/// Starts a peer that answers one request with `response`, then closes.
///
/// # Errors
///
/// As [`start_peer`].
pub fn peer_answering(response: &[u8]) -> Result<ScriptedPeer, Failure> {
    start_peer(Script::new().connection(vec![
        Step::ExpectRequest,
        Step::send(response),
        Step::Close,
    ]))
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
/// As [`start_peer`].
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
    let options = Options {
        step_timeout: patience,
    };
    ScriptedPeer::start_with(ANY_LOOPBACK_PORT, script, options).map_err(|e| {
        Failure::new(format!(
            "the grader cannot listen on {ANY_LOOPBACK_PORT}: {e}"
        ))
    })
}

/// An `HTTP/1.1` response with status line `status` (`"200 OK"`), the
/// `fields` (each `Name: value`) and `body`, framed by `Content-Length`.
///
/// ```
/// use harness::grade::checks::support::client::response;
///
/// assert_eq!(
///     response("200 OK", &["X-A: b"], b"hi"),
///     b"HTTP/1.1 200 OK\r\nX-A: b\r\nContent-Length: 2\r\n\r\nhi"
/// );
/// ```
pub fn response(status: &str, fields: &[&str], body: &[u8]) -> Vec<u8> {
    response_in("HTTP/1.1", status, fields, body)
}

/// Like [`response`], in another protocol version (`"HTTP/1.0"`).
pub fn response_in(version: &str, status: &str, fields: &[&str], body: &[u8]) -> Vec<u8> {
    let mut head = format!("{version} {status}\r\n");
    for field in fields {
        head.push_str(field);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
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
/// that were never coming. `waiting_for` says what it probably waited for.
///
/// # Errors
///
/// A failure with the time it took.
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

/// Fails unless stdout is exactly `expected`.
///
/// # Errors
///
/// A failure quoting both.
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
///
/// # Errors
///
/// A failure saying what the run did instead.
pub fn one_error_line(run: &GetRun, url: &str) -> Verdict {
    run.failed_cleanly()?;
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let [line] = lines.as_slice() else {
        return Err(Failure::new(format!(
            "a failed fetch should print one clear line on stderr, got {} lines{}",
            lines.len(),
            run.stderr_quote()
        )));
    };
    let authority = authority(url);
    ensure(line.contains(url) || line.contains(authority), || {
        format!(
            "the error line should name the URL that failed ({url}, or at least {authority}); \
             it was {line:?}"
        )
    })
}

/// `http://host:port/path` → `host:port`.
pub fn authority(url: &str) -> &str {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    rest.split('/').next().unwrap_or(rest)
}

/// The `quest get ARGS…` line of a repro, each argument quoted as needed.
pub fn get_line(ctx: &Ctx, args: &[&str]) -> String {
    let mut words = vec![quest_word(ctx), "get".to_owned()];
    words.extend(args.iter().map(|arg| shell_word(arg)));
    words.join(" ")
}

/// A repro line: an `nc` one-shot server on `port` that sends `bytes` to
/// the first connection and prints what it receives; `note` is its comment.
pub fn nc_line(bytes: &[u8], port: u16, note: &str) -> String {
    format!(
        "printf {} | nc -l -q 1 127.0.0.1 {port} &   # {note}",
        printf_literal(bytes)
    )
}

/// A repro for a client check: serve `response` with nc on port 8081, then
/// run `get ARGS` (`args` already written as shell words).
pub fn repro(ctx: &Ctx, response: &[u8], args: &str) -> String {
    format!(
        "{}\n{} get {args}",
        nc_line(response, 8081, "a one-shot server"),
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

/// A repro that shows the exact bytes `get ARGS` sends.
pub fn repro_request(ctx: &Ctx, args: &str) -> String {
    format!(
        "nc -l 127.0.0.1 8081 | od -c &   # shows the exact bytes of the request\n{} get {args}",
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

/// The quest binary, quoted for a shell.
fn quest_word(ctx: &Ctx) -> String {
    shell_word(ctx.shown_quest())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finished run that exited with `code` and printed `stderr`.
    fn failed_run(code: i32, stderr: &str) -> GetRun {
        use std::os::unix::process::ExitStatusExt;
        GetRun {
            // A wait status holds the exit code in its second byte.
            exit: course::process::Exit::Exited(std::process::ExitStatus::from_raw(code << 8)),
            stdout: Vec::new(),
            stderr: stderr.to_owned(),
            elapsed: Duration::ZERO,
            command: String::new(),
        }
    }

    #[test]
    fn the_error_line_must_be_one_and_name_the_url() {
        let url = "http://quest.test:8081/x";
        let refused = failed_run(7, "get: quest.test:8081: refused\n");
        assert_eq!(one_error_line(&refused, url), Ok(()));
        let full_url = failed_run(7, "\nget: http://quest.test:8081/x: refused\n");
        assert_eq!(one_error_line(&full_url, url), Ok(()));
        assert!(one_error_line(&failed_run(7, "get: refused\n"), url).is_err());
        assert!(one_error_line(&failed_run(7, "a\nb\n"), url).is_err());
        assert!(one_error_line(&failed_run(7, ""), url).is_err());
        let exited_zero = failed_run(0, "get: quest.test:8081: refused\n");
        assert!(one_error_line(&exited_zero, url).is_err());
    }

    #[test]
    fn authority_is_host_and_port() {
        assert_eq!(authority("http://127.0.0.1:9/x/y"), "127.0.0.1:9");
        assert_eq!(authority("http://[::1]:9"), "[::1]:9");
    }

    #[test]
    fn responses_are_framed_by_their_length() {
        assert_eq!(
            response_in("HTTP/1.0", "404 Not Found", &[], b""),
            b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"
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
