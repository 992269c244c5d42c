//! Server checks: `quest serve` driven by the grader's raw client.
//!
//! Each check starts its own server on `127.0.0.1:0`, learns the port from
//! the listening line, and speaks raw bytes to it, so that it can send
//! exactly what a test needs (a request cut into single bytes, two requests
//! in one write) and see exactly what came back. httparse, a parser nobody
//! in the course wrote, is the judge of what came back. The requests, the
//! exchanges and the roots come from the kit ([`super::support`]).

use crate::grade::shell::printf_literal;
use crate::grade::{Category, Check, Ctx, Explain, Revisit, Verdict, ensure};
use crate::wire::pieces::Split;

use super::support::root::{Root, built_in};
use super::support::server::{connect, exchange, request};

/// The server checks, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "server-starts",
        title: "serve prints its listening line and answers a request",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: starts,
    },
    Check {
        id: "server-get-page",
        title: "GET / answers 200 with the built-in page and its Content-Length",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: get_page,
    },
    Check {
        id: "server-head",
        title: "HEAD / answers like GET, with no body",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: head,
    },
    Check {
        id: "server-not-found",
        title: "GET of a missing file answers 404",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(1),
        run: not_found,
    },
    Check {
        id: "server-byte-at-a-time",
        title: "a request that arrives one byte at a time is answered",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(2),
        run: byte_at_a_time,
    },
];

/// Any well-formed response counts here: the later checks judge which.
fn starts(ctx: &Ctx) -> Verdict {
    let mut served = built_in(ctx)?;
    served.ask(ctx, &request("GET", "/", ""))?;
    Ok(())
}

fn get_page(ctx: &Ctx) -> Verdict {
    let mut served = built_in(ctx)?;
    let response = served.ask(ctx, &request("GET", "/", ""))?;
    let repro = served.repro("curl -i http://127.0.0.1:8080/");
    (|| {
        ensure(response.status == 200, || {
            format!(
                "GET / without --root should answer 200 with the built-in page, got {} {}",
                response.status, response.reason
            )
        })?;
        let length = response.header("content-length");
        ensure(
            length.and_then(|v| v.trim().parse::<usize>().ok()) == Some(response.body.len()),
            || {
                format!(
                    "the response needs a Content-Length equal to its body's length ({} bytes), \
                     got {length:?}",
                    response.body.len()
                )
            },
        )?;
        ensure(!response.body.is_empty(), || {
            "the built-in page is empty; serve a small HTML page".into()
        })?;
        ensure(response.header("content-type").is_some(), || {
            "the response has no Content-Type (RFC 9110 §8.3); the built-in page is text/html"
                .into()
        })
    })()
    .repro(repro)
}

fn head(ctx: &Ctx) -> Verdict {
    let mut served = built_in(ctx)?;
    let mut client = served.connect(ctx)?;
    let get = served.exchange(ctx, &mut client, &request("GET", "/", ""))?;
    // HEAD, then GET on the same connection: a server that sends a body
    // after the HEAD response corrupts the next response, which shows.
    let head = served.exchange(ctx, &mut client, &request("HEAD", "/", ""))?;
    let repro = served.repro("curl -I http://127.0.0.1:8080/");
    ensure(head.status == get.status, || {
        format!(
            "HEAD / should answer like GET / ({}), got {} (RFC 9110 §9.3.2)",
            get.status, head.status
        )
    })
    .and_then(|()| {
        ensure(
            head.header("content-length") == get.header("content-length"),
            || {
                format!(
                    "HEAD should announce the Content-Length a GET would send ({:?}), got {:?} \
                     (RFC 9110 §8.6)",
                    get.header("content-length"),
                    head.header("content-length")
                )
            },
        )
    })
    .repro(repro.as_str())?;
    let after = served
        .exchange(ctx, &mut client, &request("GET", "/", ""))
        .reworded(|why| {
            format!(
                "after a HEAD response, the next response on the connection was not valid – \
                 did the HEAD response carry a body? ({})",
                why
            )
        })
        .repro(repro)?;
    ensure(after.status == get.status, || {
        format!(
            "after a HEAD response the next GET / answered {} instead of {}; \
             a HEAD response must have no body",
            after.status, get.status
        )
    })
}

fn not_found(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("index.html", b"<p>index</p>\n")?;
    let mut served = root.serve(ctx, &[])?;
    let response = served.ask(ctx, &request("GET", "/no-such-file.html", ""))?;
    ensure(response.status == 404, || {
        format!(
            "GET /no-such-file.html should answer 404 Not Found, got {} {}",
            response.status, response.reason
        )
    })
    .repro_with(|| served.repro("curl -i http://127.0.0.1:8080/no-such-file.html"))
}

fn byte_at_a_time(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut client = connect(ctx, &server)?;
    let bytes = request("GET", "/", "User-Agent: grader\r\n");
    let response = exchange(ctx, &mut server, &mut client, &bytes, &Split::Every(1))
        .reworded(|why| format!(
                "the request arrived one byte at a time (each read returns 1 byte): {}",
                why
            ))
        .repro_with(|| {
            server.repro(&format!(
                "for b in $(printf {} | od -An -tx1); do printf \"\\x$b\"; sleep 0.01; done | nc -q 2 127.0.0.1 8080   # bash",
                printf_literal(&bytes)
            ))
        })?;
    server.still_running()?;
    ensure(response.status == 200, || {
        format!(
            "GET / sent one byte at a time should answer 200, got {} {}",
            response.status, response.reason
        )
    })
}
