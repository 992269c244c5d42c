//! Reusing connections: one keep-alive connection per origin, a new one
//! when the server says it will close, and exactly one retry when a reused
//! connection turns out to be stale.
//!
//! Each check scripts what every connection of one peer does, in accept
//! order, and then reads the peer's record of which request travelled on
//! which connection.
//! Where a wrong client would send a request on a connection it must not
//! use, the script keeps *reading* there (a half-close, or one more
//! `ExpectRequest` before closing), so the misplaced request is recorded
//! rather than lost.

use std::time::Duration;

use crate::grade::{Ctx, Explain, Verdict, ensure};
use crate::wire::peer::{PeerReport, Script, Step};

use super::{asks_to_close, describe, stdout_in_order, targets};
use crate::grade::checks::support::client::{
    get_line, nc_line, one_error_line, response, response_in, start_peer,
};

/// How long a connection beyond the retry holds, silent, before closing.
/// A client that retries once too often waits there until the check's
/// budget runs out (then [`crate::wire::peer::ScriptedPeer::finish`] cuts the
/// hold short): one extra attempt is recorded, not thousands.
const LOOP_BRAKE: Duration = Duration::from_secs(60);

/// `get /one /two /three` on one origin: one connection, three requests.
pub(super) fn keep_alive_reuse(ctx: &Ctx) -> Verdict {
    let bodies: [&[u8]; 3] = [b"first body\n", b"the second body, longer\n", b"3rd\n"];
    let responses: Vec<Vec<u8>> = bodies
        .iter()
        .map(|body| response("200 OK", &[], body))
        .collect();
    let mut steps = Vec::new();
    for response in &responses {
        steps.push(Step::ExpectRequest);
        steps.push(Step::send(response.clone()));
    }
    steps.push(Step::Close);
    // Any further connection is beyond the script: it records one request
    // and closes without answering.
    let peer = start_peer(Script::new().connection(steps))?;
    let paths = ["/one", "/two", "/three"];
    let urls = paths.map(|path| peer.url(path));
    let run = ctx.get(&urls)?;
    let report = peer.finish();
    let repro_urls = paths.map(|path| format!("http://127.0.0.1:8081{path}"));
    let repro = format!(
        "{}\n{}",
        nc_line(
            &responses.concat(),
            8081,
            "one connection, three responses; nc prints the requests"
        ),
        get_line(ctx, &repro_urls.each_ref().map(String::as_str))
    );
    let expected: Vec<(usize, String)> = paths.iter().map(|p| (1, (*p).to_owned())).collect();
    ensure(targets(&report) == expected, || {
        format!(
            "three URLs of one origin should travel as three requests on ONE keep-alive \
             connection (HTTP/1.1 connections persist unless one side says `close`, RFC 9112 \
             §9.3), but the peer saw {}{}{}",
            describe(&report),
            if first_asked_to_close(&report) {
                " (the first request carried `Connection: close`, which asks the server to \
                 end the connection after its response)"
            } else {
                ""
            },
            run.stderr_quote()
        )
    })
    .repro(repro.clone())?;
    // A client that says `close` must not send more on that connection
    // (RFC 9112 §9.6); one that reuses it anyway contradicts itself.
    let closing = report
        .requests
        .iter()
        .take(2)
        .find(|request| request.head().is_ok_and(|head| asks_to_close(&head)));
    ensure(closing.is_none(), || {
        "the client sent `Connection: close` and then another request on the same connection; \
         a client that means to reuse a connection must not ask to close it (RFC 9112 §9.6)"
            .to_owned()
    })
    .repro(repro.clone())?;
    run.succeeded()
        .and_then(|()| stdout_in_order(&run, &bodies))
        .repro(repro)
}

/// Whether the first request the peer recorded asked to close.
fn first_asked_to_close(report: &PeerReport) -> bool {
    report
        .requests
        .first()
        .and_then(|request| request.head().ok())
        .is_some_and(|head| asks_to_close(&head))
}

/// One way for a server to announce that the connection ends after a
/// response.
struct Closing {
    /// What the case is, for reasons.
    what: &'static str,
    /// The rule it follows.
    rule: &'static str,
    /// The response to `/a`: the connection stays open after it.
    first: Vec<u8>,
    /// The response to `/b`: the connection closes after it.
    second: Vec<u8>,
}

/// `get /a /b /c`: `/a` and `/b` share connection 1, whose second response
/// says it is the last; `/c` must go on connection 2 – first with HTTP/1.1
/// `Connection: Close`, then with an HTTP/1.0 response without keep-alive.
///
/// Both parts also demand the reuse of `/a`'s connection for `/b`: a
/// client that opens a new connection for every URL never has to notice
/// `close`, and would pass for the wrong reason.
pub(super) fn reconnect_after_close(ctx: &Ctx) -> Verdict {
    closing_case(
        ctx,
        &Closing {
            what: "`Connection: Close`",
            rule: "RFC 9112 §9.6: a client that receives the close option must not send \
                   further requests on that connection; options ignore case",
            first: response("200 OK", &[], b"a: stays open\n"),
            second: response("200 OK", &["Connection: Close"], b"b: closes after this\n"),
        },
    )?;
    closing_case(
        ctx,
        &Closing {
            what: "an HTTP/1.0 response without `keep-alive`",
            rule: "RFC 9112 §9.3: an HTTP/1.0 connection persists only when the response \
                   carries the keep-alive option",
            first: response_in(
                "HTTP/1.0",
                "200 OK",
                &["Connection: keep-alive"],
                b"a: 1.0, kept alive\n",
            ),
            second: response_in("HTTP/1.0", "200 OK", &[], b"b: 1.0, closes\n"),
        },
    )
}

/// Runs one [`Closing`] case.
fn closing_case(ctx: &Ctx, case: &Closing) -> Verdict {
    let third_body: &[u8] = b"c: on a new connection\n";
    let third = response("200 OK", &[], third_body);
    let peer = start_peer(
        Script::new()
            .connection(vec![
                Step::ExpectRequest,
                Step::send(case.first.clone()),
                Step::ExpectRequest,
                Step::send(case.second.clone()),
                // The client reads end of file, and the peer still records
                // a request that should not have been sent.
                Step::HalfClose,
                Step::ExpectRequest,
                Step::Close,
            ])
            .connection(vec![
                Step::ExpectRequest,
                Step::send(third.clone()),
                Step::Close,
            ]),
    )?;
    let run = ctx.get(&[peer.url("/a"), peer.url("/b"), peer.url("/c")])?;
    let report = peer.finish();
    let repro = format!(
        "{}\n{}",
        nc_line(
            &[case.first.as_slice(), case.second.as_slice()].concat(),
            8081,
            "connection 1 answers /a and /b"
        ),
        get_line(
            ctx,
            &[
                "-v",
                "http://127.0.0.1:8081/a",
                "http://127.0.0.1:8081/b",
                "http://127.0.0.1:8081/c",
            ]
        )
    ) + "   # -v shows which connection /c goes on";
    let seen = targets(&report);
    ensure(!seen.contains(&(1, "/c".to_owned())), || {
        format!(
            "the response to /b was {}, so /c needs a new connection ({}); but /c was sent \
             on the first connection – the peer saw {}",
            case.what,
            case.rule,
            describe(&report)
        )
    })
    .repro(repro.clone())?;
    let expected = [(1, "/a"), (1, "/b"), (2, "/c")].map(|(c, t)| (c, t.to_owned()));
    ensure(seen == expected, || {
        format!(
            "expected /a and /b on one keep-alive connection and, after {} in the response \
             to /b, /c on a second one; the peer saw {}{}",
            case.what,
            describe(&report),
            run.stderr_quote()
        )
    })
    .repro(repro.clone())?;
    run.succeeded()
        .and_then(|()| {
            stdout_in_order(
                &run,
                &[body_of(&case.first), body_of(&case.second), third_body],
            )
        })
        .repro(repro)
}

/// The body of a response built by [`ok_response`].
fn body_of(response: &[u8]) -> &[u8] {
    response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(&[][..], |end| &response[end + 4..])
}

/// Three stale connections, from certain to racy to hopeless.
///
/// 1. Connection 1 answers `/first`, reads the request for `/second` and
///    closes without a byte of response: the signature of a stale
///    connection (lesson 3), with no race at all, since the peer closes
///    only once the request is there. A GET is idempotent, the connection
///    was reused and nothing of a response arrived, so the client sends
///    `/second` again on a fresh connection, which answers (RFC 9112
///    §9.3.1, RFC 9110 §9.2.2).
/// 2. Connection 1 closes right after the first response. Now the client
///    may see the close before it sends `/second` (and simply opens a new
///    connection) or after (and retries): both are right, so only the
///    outcome is checked – both bodies, exit 0.
/// 3. As 1, but the fresh connection closes without answering too. A retry
///    is not retried again (RFC 9110 §9.2.2): the client reports a clean
///    error after at most two attempts.
pub(super) fn stale_retry(ctx: &Ctx) -> Verdict {
    let case = Stale::new();
    retried_once(ctx, &case)?;
    closed_after_the_answer(ctx, &case)?;
    a_retry_is_not_retried(ctx, &case)
}

/// What the three stale-connection scenarios share: two bodies, their
/// responses, the script of a connection that goes stale after the first,
/// and the repro.
struct Stale {
    first_body: &'static [u8],
    second_body: &'static [u8],
    first: Vec<u8>,
    second: Vec<u8>,
    /// Answers /first, reads /second, closes without a byte of response.
    stale: Vec<Step>,
}

impl Stale {
    fn new() -> Stale {
        let first_body: &[u8] = b"first: then the connection goes stale\n";
        let second_body: &[u8] = b"second: from a fresh connection\n";
        let first = response("200 OK", &[], first_body);
        let stale = vec![
            Step::ExpectRequest,
            Step::send(first.clone()),
            Step::ExpectRequest,
            Step::Close,
        ];
        Stale {
            first_body,
            second_body,
            second: response("200 OK", &[], second_body),
            first,
            stale,
        }
    }

    fn repro(&self, ctx: &Ctx) -> String {
        format!(
            "{}\n{}\n{}",
            nc_line(
                &self.first,
                8081,
                "answers /first, then closes after a second"
            ),
            get_line(
                ctx,
                &[
                    "-v",
                    "http://127.0.0.1:8081/first",
                    "http://127.0.0.1:8081/second"
                ]
            ),
            "# -v shows the retry; start a second nc right after the first closes to answer it"
        )
    }
}

/// Scenario 1: the reused connection reads /second and closes without a
/// byte of response. The client must send /second once more, on a fresh
/// connection.
fn retried_once(ctx: &Ctx, case: &Stale) -> Verdict {
    let peer = start_peer(
        Script::new()
            .connection(case.stale.clone())
            .connection(vec![
                Step::ExpectRequest,
                Step::send(case.second.clone()),
                Step::Close,
            ]),
    )?;
    let urls = [peer.url("/first"), peer.url("/second")];
    let run = ctx.get(&urls)?;
    let report = peer.finish();
    let seen = targets(&report);
    let sent_second: Vec<usize> = seen
        .iter()
        .filter(|(_, target)| target == "/second")
        .map(|(connection, _)| *connection)
        .collect();
    ensure(sent_second.first() == Some(&1), || {
        format!(
            "/second should first go out on the keep-alive connection that answered /first \
             (only a reused connection can be stale); the peer saw {}{}",
            describe(&report),
            run.stderr_quote()
        )
    })
    .repro_with(|| case.repro(ctx))?;
    ensure(sent_second == [1, 2], || {
        format!(
            "the reused connection closed after reading /second without a byte of response – \
             a stale connection. GET is idempotent, so the client should send /second once \
             more, on a fresh connection (RFC 9112 §9.3.1, RFC 9110 §9.2.2); the peer saw {}{}",
            describe(&report),
            run.stderr_quote()
        )
    })
    .repro_with(|| case.repro(ctx))?;
    run.succeeded()
        .and_then(|()| stdout_in_order(&run, &[case.first_body, case.second_body]))
        .repro_with(|| case.repro(ctx))
}

/// Scenario 2: the server closes right after the first response; the
/// client may notice before or after it sends /second, and must fetch it
/// from a second connection either way.
fn closed_after_the_answer(ctx: &Ctx, case: &Stale) -> Verdict {
    let peer = start_peer(
        Script::new()
            .connection(vec![
                Step::ExpectRequest,
                Step::send(case.first.clone()),
                Step::Close,
            ])
            .connection(vec![
                Step::ExpectRequest,
                Step::send(case.second.clone()),
                Step::Close,
            ]),
    )?;
    let run = ctx.get(&[peer.url("/first"), peer.url("/second")])?;
    let report = peer.finish();
    run.succeeded()
        .and_then(|()| stdout_in_order(&run, &[case.first_body, case.second_body]))
        .reworded(|why| {
            format!(
                "the server closed its keep-alive connection right after answering /first; \
                 whether the client notices before sending /second (then it opens a new \
                 connection) or after (then it retries), it should fetch /second from a \
                 second connection: {} (the peer saw {})",
                why,
                describe(&report)
            )
        })
        .repro(case.repro(ctx))
}

/// Scenario 3: the fresh connection of the retry closes without answering
/// too. A third connection (and a few more, for a client that times out
/// and tries again) reads the request and stays silent: a retry is never
/// retried.
fn a_retry_is_not_retried(ctx: &Ctx, case: &Stale) -> Verdict {
    let mut script = Script::new()
        .connection(case.stale.clone())
        .connection(vec![Step::ExpectRequest, Step::Close]);
    for _ in 0..8 {
        script = script.connection(vec![
            Step::ExpectRequest,
            Step::Hold(LOOP_BRAKE),
            Step::Close,
        ]);
    }
    let peer = start_peer(script)?;
    let second_url = peer.url("/second");
    let run = ctx.get(&[peer.url("/first"), second_url.clone()])?;
    let report = peer.finish();
    let attempts = targets(&report)
        .iter()
        .filter(|(_, target)| target == "/second")
        .count();
    ensure(attempts <= 2, || {
        format!(
            "when the fresh connection of the retry also closes without answering, the client \
             should give up: a retry is never retried (RFC 9110 §9.2.2). It sent /second \
             {attempts} times – the peer saw {}{}",
            describe(&report),
            if run.status().is_none() {
                "; it was still waiting for an answer when the check stopped it"
            } else {
                ""
            }
        )
    })
    .repro_with(|| case.repro(ctx))?;
    one_error_line(&run, &second_url)
        .reworded(|why| {
            format!(
                "/second got no response on the reused connection nor on the fresh one: {}",
                why
            )
        })
        .repro(case.repro(ctx))?;
    ensure(run.stdout == case.first_body, || {
        format!(
            "/first was answered before /second failed, so its body should still be on \
             stdout, \"{}\"; stdout was \"{}\"",
            crate::wire::preview::preview(case.first_body, 80),
            crate::wire::preview::preview(&run.stdout, 80)
        )
    })
    .repro_with(|| case.repro(ctx))
}
