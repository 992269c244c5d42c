//! Server checks: `quest serve` driven by the grader's raw client.
//!
//! Each check starts its own server on `127.0.0.1:0`, learns the port from
//! the listening line, and speaks raw bytes to it, so that it can send
//! exactly what a test needs (a request cut into single bytes, two requests
//! in one write) and see exactly what came back. httparse, a parser nobody
//! in the course wrote, is the judge of what came back.

use std::time::Duration;

use crate::check::{Category, Check, Ctx, Failure, Revisit, Server, Verdict, ensure};
use crate::checks::printf_literal;
use crate::client::{RawClient, Response};
use crate::pieces::Split;

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

/// How long a single response may take to arrive.
const RESPONSE_LIMIT: Duration = Duration::from_secs(3);

/// A request for `target` with a Host header, as bytes.
pub fn request(method: &str, target: &str, extra: &str) -> Vec<u8> {
    format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n").into_bytes()
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
/// bytes to reproduce it by hand.
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
        // A server that died explains every symptom: say that first.
        let crashed = server.crash_within(Duration::from_millis(300));
        let reason = match crashed {
            Some(crash) => format!(
                "while answering \"{}\", {}",
                crate::transcript::preview(bytes, 120),
                crash.reason
            ),
            None => format!(
                "after the request \"{}\", no valid response arrived: {error}",
                crate::transcript::preview(bytes, 120)
            ),
        };
        Failure::new(reason).repro(repro)
    })
}

/// Any well-formed response counts here: the later checks judge which.
fn starts(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut client = connect(ctx, &server)?;
    exchange(
        ctx,
        &mut server,
        &mut client,
        &request("GET", "/", ""),
        &Split::Whole,
    )?;
    Ok(())
}

fn get_page(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut client = connect(ctx, &server)?;
    let bytes = request("GET", "/", "");
    let response = exchange(ctx, &mut server, &mut client, &bytes, &Split::Whole)?;
    let repro = || server.repro(&format!("curl -i {}", server.url("/")));
    ensure(response.status == 200, || {
        format!(
            "GET / without --root should answer 200 with the built-in page, got {} {}",
            response.status, response.reason
        )
    })
    .map_err(|f| f.repro(repro()))?;
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
    )
    .map_err(|f| f.repro(repro()))?;
    ensure(!response.body.is_empty(), || {
        "the built-in page is empty; serve a small HTML page".into()
    })?;
    ensure(response.header("content-type").is_some(), || {
        "the response has no Content-Type (RFC 9110 §8.3); the built-in page is text/html".into()
    })
    .map_err(|f| f.repro(repro()))
}

fn head(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut client = connect(ctx, &server)?;
    let get = exchange(
        ctx,
        &mut server,
        &mut client,
        &request("GET", "/", ""),
        &Split::Whole,
    )?;
    // HEAD, then GET on the same connection: a server that sends a body
    // after the HEAD response corrupts the next response, which shows.
    let bytes = request("HEAD", "/", "");
    let head = exchange(ctx, &mut server, &mut client, &bytes, &Split::Whole)?;
    let repro_text = server.repro(&format!("curl -I {}", server.url("/")));
    let repro = || repro_text.clone();
    ensure(head.status == get.status, || {
        format!(
            "HEAD / should answer like GET / ({}), got {} (RFC 9110 §9.3.2)",
            get.status, head.status
        )
    })
    .map_err(|f| f.repro(repro()))?;
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
    .map_err(|f| f.repro(repro()))?;
    let after = exchange(
        ctx,
        &mut server,
        &mut client,
        &request("GET", "/", ""),
        &Split::Whole,
    )
    .map_err(|f| {
        Failure::new(format!(
            "after a HEAD response, the next response on the connection was not valid – \
             did the HEAD response carry a body? ({})",
            f.reason
        ))
        .repro(repro())
    })?;
    ensure(after.status == get.status, || {
        format!(
            "after a HEAD response the next GET / answered {} instead of {}; \
             a HEAD response must have no body",
            after.status, get.status
        )
    })
}

fn not_found(ctx: &Ctx) -> Verdict {
    let root = ctx.scratch().join("www");
    std::fs::create_dir_all(&root)
        .and_then(|()| std::fs::write(root.join("index.html"), "<p>index</p>\n"))
        .map_err(|e| Failure::new(format!("the grader cannot prepare a root folder: {e}")))?;
    // The scratch folder is gone after the grade: the repro makes its own.
    let quest = crate::check::shell_word(&ctx.quest().to_string_lossy());
    let repro = format!(
        "mkdir -p www && echo '<p>index</p>' > www/index.html\n\
         {quest} serve --addr 127.0.0.1:8080 --root www   # in one terminal\n\
         curl -i http://127.0.0.1:8080/no-such-file.html   # in another"
    );
    let mut server = ctx.serve(&[std::ffi::OsStr::new("--root"), root.as_os_str()])?;
    let mut client = connect(ctx, &server)?;
    let bytes = request("GET", "/no-such-file.html", "");
    let response = exchange(ctx, &mut server, &mut client, &bytes, &Split::Whole)
        .map_err(|f| f.repro(repro.clone()))?;
    ensure(response.status == 404, || {
        format!(
            "GET /no-such-file.html should answer 404 Not Found, got {} {}",
            response.status, response.reason
        )
    })
    .map_err(|f| f.repro(repro))
}

fn byte_at_a_time(ctx: &Ctx) -> Verdict {
    let mut server = ctx.serve::<&str>(&[])?;
    let mut client = connect(ctx, &server)?;
    let bytes = request("GET", "/", "User-Agent: grader\r\n");
    let response = exchange(ctx, &mut server, &mut client, &bytes, &Split::Every(1)).map_err(|f| {
        Failure::new(format!(
            "the request arrived one byte at a time (each read returns 1 byte): {}",
            f.reason
        ))
        .repro(server.repro(&format!(
            "for b in $(printf {} | od -An -tx1); do printf \"\\x$b\"; sleep 0.01; done | nc -q 2 127.0.0.1 8080   # bash",
            printf_literal(&bytes)
        )))
    })?;
    server.still_running()?;
    ensure(response.status == 200, || {
        format!(
            "GET / sent one byte at a time should answer 200, got {} {}",
            response.status, response.reason
        )
    })
}
