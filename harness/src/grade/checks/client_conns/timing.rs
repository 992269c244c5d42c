//! Time as a witness: several hosts fetched at once, and `--max-time`.
//!
//! Concurrency cannot be seen in the bytes, only in the clock. Three peers
//! that each wait before answering make the difference measurable: fetched
//! one after another, the waits add up; fetched at once on one epoll loop,
//! the run takes as long as the slowest. The margins are wide on purpose –
//! the grading machine may be slow and busy – and the waits are long enough
//! that a sequential client cannot come near the limit.

use std::time::Duration;

use crate::grade::{Ctx, Explain, Verdict, ensure};
use crate::wire::peer::{Script, Step};

use super::{describe, stdout_in_order};
use crate::grade::checks::support::client::{get_line, one_error_line, response, start_peer};

/// How long each host waits before it answers. The first URL answers last,
/// so the completion order is the reverse of the argument order.
const DELAYS: [Duration; 3] = [
    Duration::from_millis(1500),
    Duration::from_millis(1000),
    Duration::from_millis(500),
];

/// Concurrent: the longest delay (1.5 s) plus start-up. Sequential: the
/// sum (3 s) at least. The limit sits between, nearer the sum's side only
/// as far as a slow machine needs.
const CONCURRENT_LIMIT: Duration = Duration::from_millis(2400);

/// `--max-time` the check passes.
const MAX_TIME: &str = "1";

/// How long a client with `--max-time 1` may take in all.
const MAX_TIME_LIMIT: Duration = Duration::from_secs(3);

/// How long a silent peer stays silent. Longer than [`MAX_TIME_LIMIT`], so
/// a client that ignores `--max-time` is caught by the clock; short enough
/// that the check ends well within its budget when that happens.
const SILENCE: Duration = Duration::from_millis(3500);

/// `get A B C` on three origins that answer after 1.5, 1.0 and 0.5 s.
pub(super) fn concurrent_hosts(ctx: &Ctx) -> Verdict {
    let bodies: [&[u8]; 3] = [
        b"A: slowest, first on the command line\n",
        b"B: in between\n",
        b"C: fastest, last on the command line\n",
    ];
    let mut peers = Vec::new();
    for (body, delay) in bodies.iter().zip(DELAYS) {
        peers.push(start_peer(Script::new().connection(vec![
            Step::ExpectRequest,
            Step::Hold(delay),
            Step::send(response("200 OK", &[], body)),
            Step::Close,
        ]))?);
    }
    let urls: Vec<String> = peers
        .iter()
        .zip(["/a", "/b", "/c"])
        .map(|(peer, path)| peer.url(path))
        .collect();
    let run = ctx.get(&urls)?;
    let reports: Vec<String> = peers
        .into_iter()
        .zip(["A", "B", "C"])
        .map(|(peer, name)| format!("{name}: {}", describe(&peer.finish())))
        .collect();
    let mut repro = String::new();
    for ((body, delay), port) in bodies.iter().zip(DELAYS).zip(8081..) {
        repro.push_str(&format!(
            "(sleep {:.1}; printf {}) | nc -l -q 1 127.0.0.1 {port} &\n",
            delay.as_secs_f64(),
            crate::grade::shell::printf_literal(&response("200 OK", &[], body))
        ));
    }
    repro.push_str(&format!(
        "time {}",
        get_line(
            ctx,
            &[
                "http://127.0.0.1:8081/a",
                "http://127.0.0.1:8082/b",
                "http://127.0.0.1:8083/c"
            ]
        )
    ));
    run.succeeded()
        .and_then(|()| stdout_in_order(&run, &bodies))
        .reworded(|why| format!("{} (the peers saw {})", why, reports.join("; ")))
        .repro(repro.clone())?;
    ensure(run.elapsed < CONCURRENT_LIMIT, || {
        format!(
            "three hosts that answer after 1.5, 1.0 and 0.5 s should be fetched at once \
             (about 1.5 s in all; one after another takes 3 s), but `quest get` took {:.1} s \
             (limit {:.1} s): are different origins driven by one epoll loop at the same time?",
            run.elapsed.as_secs_f64(),
            CONCURRENT_LIMIT.as_secs_f64()
        )
    })
    .repro(repro)
}

/// `--max-time 1` against a peer that reads the request and says nothing,
/// then against one that sends half a response head and stalls.
pub(super) fn max_time(ctx: &Ctx) -> Verdict {
    let half_head: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/pl";
    let cases: [(&str, &str, Vec<Step>, String); 2] = [
        (
            "/silent",
            "reads the request and never answers",
            vec![Step::ExpectRequest, Step::Hold(SILENCE), Step::Close],
            "nc -l 127.0.0.1 8081 &   # reads the request, never answers".to_owned(),
        ),
        (
            "/stalled",
            "sends half a response head, then stalls",
            vec![
                Step::ExpectRequest,
                Step::send(half_head),
                Step::Hold(SILENCE),
                Step::Close,
            ],
            format!(
                "(printf {}; sleep 10) | nc -l 127.0.0.1 8081 &   # half a head, then nothing",
                crate::grade::shell::printf_literal(half_head)
            ),
        ),
    ];
    for (path, what, steps, server) in cases {
        let peer = start_peer(Script::new().connection(steps))?;
        let url = peer.url(path);
        let run = ctx.get(&["--max-time", MAX_TIME, &url])?;
        let report = peer.finish();
        let repro = format!(
            "{server}\ntime {}",
            get_line(
                ctx,
                &[
                    "--max-time",
                    MAX_TIME,
                    &format!("http://127.0.0.1:8081{path}")
                ]
            )
        );
        ensure(
            run.elapsed < MAX_TIME_LIMIT || run.status().is_none(),
            || {
                format!(
                    "the server {what}; with `--max-time {MAX_TIME}` the client should give up \
                 after about 1 s, but it ran {:.1} s (limit {:.0} s){}",
                    run.elapsed.as_secs_f64(),
                    MAX_TIME_LIMIT.as_secs_f64(),
                    run.stderr_quote()
                )
            },
        )
        .repro(repro.clone())?;
        one_error_line(&run, &url)
            .reworded(|why| {
                format!(
                    "the server {what} (the peer saw {}); with `--max-time {MAX_TIME}`: {}",
                    describe(&report),
                    why
                )
            })
            .repro(repro)?;
    }
    Ok(())
}
