//! Where a connection goes: `--resolve` instead of DNS, falling back from an
//! address that refuses to the next one, and a refused connection as a
//! clean error.
//!
//! The host name in these checks is `quest.test`: `.test` is reserved for
//! testing and never resolves (RFC 6761 §6.2), so a client that asks DNS
//! instead of honouring `--resolve` fails visibly rather than by luck.
//! Refusing addresses are other loopback addresses (`127.0.0.2`,
//! `127.0.0.3`: all of 127.0.0.0/8 is loopback on Linux) on the peer's
//! port, where the grader checks that nothing listens before it relies on
//! the refusal.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::peer::{Script, ScriptedPeer};
use crate::wire::preview::preview;

use super::{PORT_TRIES, closed_port, describe, refuses, stdout_in_order};
use crate::grade::checks::support::client::{
    get_line, nc_line, one_error_line, response, start_peer,
};

/// The host name the URLs use; only `--resolve` gives it an address.
const HOST: &str = "quest.test";

/// How long a client may take to report a refused connection.
const REFUSED_LIMIT: Duration = Duration::from_secs(2);

/// `--resolve quest.test:PORT:127.0.0.1 http://quest.test:PORT/x`.
pub(super) fn resolve(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"reached through --resolve, not DNS\n";
    let response = response("200 OK", &[], body);
    let peer = start_peer(Script::answering(1, &response))?;
    let port = peer.addr().port();
    let authority = format!("{HOST}:{port}");
    let url = format!("http://{authority}/x");
    let pin = format!("{HOST}:{port}:127.0.0.1");
    let run = ctx.get(&["--resolve", &pin, &url])?;
    let report = peer.finish();
    let repro = format!(
        "{}\n{}",
        nc_line(&response, 8081, "nc prints the request: look at Host"),
        get_line(
            ctx,
            &[
                "--resolve",
                &format!("{HOST}:8081:127.0.0.1"),
                &format!("http://{HOST}:8081/x")
            ]
        )
    );
    let Some(request) = report.requests.first() else {
        return Err(Failure::new(format!(
            "`--resolve {pin}` should send the connection for {url} to 127.0.0.1:{port} \
             without asking DNS ({HOST} has no DNS entry), but the peer there saw {}{}",
            describe(&report),
            run.stderr_quote()
        ))
        .repro(repro));
    };
    let hosts: Vec<String> = request.head().map_or_else(
        |_| Vec::new(),
        |head| {
            head.headers
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
                .map(|(_, value)| String::from_utf8_lossy(value).into_owned())
                .collect()
        },
    );
    ensure(hosts == [authority.clone()], || {
        format!(
            "--resolve changes where the client connects, not what it asks for: the request \
             needs exactly one `Host: {authority}` (the URL's host and port, RFC 9110 §7.2), \
             got {hosts:?} in {}",
            preview(&request.bytes, 200)
        )
    })
    .repro(repro.clone())?;
    run.succeeded()
        .and_then(|()| stdout_in_order(&run, &[body]))
        .repro(repro)
}

/// A peer on `127.0.0.1:PORT` for a port where `127.0.0.2` and `127.0.0.3`
/// refuse – checked, not assumed.
///
/// # Errors
///
/// A failure when the grader cannot listen, or finds no such port in
/// [`PORT_TRIES`] tries, or the other loopback addresses do not refuse
/// (the machine's loopback is not what the check needs).
fn peer_beside_refusing(script: &Script) -> Result<ScriptedPeer, Failure> {
    for _ in 0..PORT_TRIES {
        let peer = start_peer(script.clone())?;
        let port = peer.addr().port();
        let mut all_refuse = true;
        for last in [2, 3] {
            let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)), port);
            match refuses(addr) {
                Ok(true) => {}
                Ok(false) => all_refuse = false,
                Err(e) => {
                    return Err(Failure::new(format!(
                        "the grader expected {addr} to refuse at once, but connecting \
                         failed with: {e}"
                    )));
                }
            }
        }
        if all_refuse {
            return Ok(peer);
        }
        // Something listens on 127.0.0.2 or .3 at this port: try another.
        peer.finish();
    }
    Err(Failure::new(format!(
        "the grader found no port free on 127.0.0.2 and 127.0.0.3 in {PORT_TRIES} tries"
    )))
}

/// `--resolve quest.test:PORT:127.0.0.2,127.0.0.1,127.0.0.3`: only the
/// middle address listens, so neither "the first address only" nor "the
/// last address only" reaches it. Then every address refusing is a clean
/// error naming the URL.
pub(super) fn address_fallback(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"found on the second address\n";
    let response = response("200 OK", &[], body);
    let peer = peer_beside_refusing(&Script::answering(1, &response))?;
    let port = peer.addr().port();
    let url = format!("http://{HOST}:{port}/fallback");
    let addresses = format!("{HOST}:{port}:127.0.0.2,127.0.0.1,127.0.0.3");
    let run = ctx.get(&["--resolve", &addresses, &url])?;
    let report = peer.finish();
    let repro = format!(
        "{}\n{}",
        nc_line(&response, 8081, "only 127.0.0.1 listens"),
        get_line(
            ctx,
            &[
                "--resolve",
                &format!("{HOST}:8081:127.0.0.2,127.0.0.1,127.0.0.3"),
                &format!("http://{HOST}:8081/fallback")
            ]
        )
    );
    ensure(!report.requests.is_empty(), || {
        format!(
            "with `--resolve {addresses}` the client should try 127.0.0.2 (refused), then \
             127.0.0.1, where the peer listens; but the peer saw {}{}",
            describe(&report),
            run.stderr_quote()
        )
    })
    .repro(repro.clone())?;
    run.succeeded()
        .and_then(|()| stdout_in_order(&run, &[body]))
        .repro(repro)?;

    // Every address refuses. The peer is gone, but its port is checked on
    // the two addresses the client is given.
    let url = format!("http://{HOST}:{port}/nowhere");
    let addresses = format!("{HOST}:{port}:127.0.0.2,127.0.0.3");
    let run = ctx.get(&["--resolve", &addresses, &url])?;
    let repro = get_line(
        ctx,
        &[
            "--resolve",
            &format!("{HOST}:8081:127.0.0.2,127.0.0.3"),
            &format!("http://{HOST}:8081/nowhere"),
        ],
    ) + "   # nothing listens there";
    one_error_line(&run, &url)
        .reworded(|why| format!("every address of `--resolve {addresses}` refuses: {}", why))
        .repro(repro)
}

/// A URL on a closed loopback port fails promptly and cleanly; and a
/// refused URL before a working one still lets the working one print its
/// body, with a non-zero exit for the one that failed.
///
/// The second half is a decision this course makes (curl prints the second
/// body too, but exits with the status of the *last* transfer): each URL
/// is fetched on its own, the bodies that arrive are printed in argument
/// order, and the exit status is non-zero when any URL failed, since exit 0
/// promises that every response arrived whole.
pub(super) fn connect_refused(ctx: &Ctx) -> Verdict {
    let port = closed_port()?;
    let refused = format!("http://127.0.0.1:{port}/refused");
    let run = ctx.get(&[&refused])?;
    let repro = get_line(ctx, &["http://127.0.0.1:9/refused"]) + "   # nothing listens on port 9";
    one_error_line(&run, &refused)
        .reworded(|why| {
            format!(
                "nothing listens on 127.0.0.1:{port}, so connecting is refused: {}",
                why
            )
        })
        .repro(repro.clone())?;
    ensure(run.elapsed <= REFUSED_LIMIT, || {
        format!(
            "a refused connection is known at once (connect(2) fails with ECONNREFUSED), \
             but `quest get` took {:.1} s to report it (limit {:.0} s)",
            run.elapsed.as_secs_f64(),
            REFUSED_LIMIT.as_secs_f64()
        )
    })
    .repro(repro)?;

    let body: &[u8] = b"the other origin still answers\n";
    let response = response("200 OK", &[], body);
    let peer = start_peer(Script::answering(1, &response))?;
    let good = peer.url("/good");
    let run = ctx.get(&[refused.as_str(), good.as_str()])?;
    let report = peer.finish();
    let repro = format!(
        "{}\n{}",
        nc_line(&response, 8081, "the working origin"),
        get_line(
            ctx,
            &["http://127.0.0.1:9/refused", "http://127.0.0.1:8081/good"]
        )
    );
    ensure(!report.requests.is_empty(), || {
        format!(
            "the first URL ({refused}) is refused, but the second ({good}) is another origin \
             and should still be fetched; its peer saw {}{}",
            describe(&report),
            run.stderr_quote()
        )
    })
    .repro(repro.clone())?;
    stdout_in_order(&run, &[body])
        .and_then(|()| one_error_line(&run, &refused))
        .reworded(|why| {
            format!(
                "the first URL ({refused}) was refused and the second answered: {} (when one \
                 of several URLs fails, the others' bodies are still printed, the failed one \
                 gets one line on stderr, and the exit status is non-zero, since exit 0 means \
                 every response arrived whole)",
                why
            )
        })
        .repro(repro)
}
