//! Requests the server must refuse: too large, malformed, or framed two
//! ways at once – and the server goes on serving afterwards.

use std::time::Duration;

use crate::grade::checks::support::root::{Root, RootServer};
use crate::grade::checks::support::server::{get, request, status_of, with_body};
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::client::ReadError;
use crate::wire::preview::preview;

/// The file every check here keeps in its root, to prove the server still
/// serves.
const INDEX: &[u8] = b"<!doctype html>\n<p>still here</p>\n";

/// How long a refusal may take to arrive.
const ANSWER_LIMIT: Duration = Duration::from_secs(3);

/// `--max-header-bytes 1024`: a normal request passes, a 4 KiB head gets
/// 431 before it is even complete. `--max-body-bytes 1000`: 500 bytes
/// pass, a 5000-byte upload gets 413 after its first 1000 bytes, and so
/// does a chunked one that grows past the limit. Nothing is stored, and
/// the server serves new connections afterwards.
pub(crate) fn limits(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("index.html", INDEX)?;

    let mut server = root.serve(ctx, &["--max-header-bytes", "1024"])?;
    let modest = get(
        "/index.html",
        &format!("User-Agent: {}\r\n", "grader/1.0 ".repeat(20)),
    );
    let response = server.ask(ctx, &modest)?;
    ensure(response.status == 200, || {
        format!(
            "with --max-header-bytes 1024, a request whose head is {} bytes should still be \
             answered 200, got {}",
            modest.len(),
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&modest))?;
    let mut huge = request("GET", "/index.html", "");
    huge.truncate(huge.len() - 2); // the head goes on: no empty line yet
    huge.extend_from_slice(b"X-Huge: ");
    huge.extend_from_slice(&[b'a'; 4096]);
    refused_early(
        ctx,
        &mut server,
        &huge,
        431,
        "a 4 KiB field, head not yet ended",
    )?;
    server.serves(ctx, "/index.html", INDEX, "after the 431")?;
    drop(server);

    let mut server = root.serve(ctx, &["--max-body-bytes", "1000"])?;
    let small = with_body("PUT", "/small.bin", &[b's'; 500]);
    let response = server.ask(ctx, &small)?;
    ensure(response.status == 201, || {
        format!(
            "with --max-body-bytes 1000, PUT of a new 500-byte file should answer 201, got {}",
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&small))?;
    let mut big = request("PUT", "/big.bin", "Content-Length: 5000\r\n");
    big.extend_from_slice(&[b'b'; 1000]);
    refused_early(
        ctx,
        &mut server,
        &big,
        413,
        "the first 1000 of 5000 body bytes",
    )?;
    let mut chunked = request("PUT", "/chunked.bin", "Transfer-Encoding: chunked\r\n");
    for _ in 0..3 {
        chunked.extend_from_slice(b"258\r\n");
        chunked.extend_from_slice(&[b'c'; 600]);
        chunked.extend_from_slice(b"\r\n");
    }
    refused_early(
        ctx,
        &mut server,
        &chunked,
        413,
        "three 600-byte chunks, no last chunk",
    )?;
    for name in ["big.bin", "chunked.bin"] {
        ensure(!root.path(name).exists(), || {
            format!("a PUT refused with 413 must not store anything, but www/{name} exists")
        })?;
    }
    server.serves(ctx, "/small.bin", &[b's'; 500], "after the 413s")
}

/// Sends `bytes` – the start of a request that is not finished – and
/// expects `status` while the request is still incomplete.
fn refused_early(
    ctx: &Ctx,
    server: &mut RootServer,
    bytes: &[u8],
    status: u16,
    sent: &str,
) -> Verdict {
    let mut client = server.connect(ctx)?;
    let repro = server.nc(bytes);
    client
        .send(bytes)
        .map_err(|e| Failure::new(format!("sending {sent} failed: {e}")).repro(repro.clone()))?;
    let named = match status {
        431 => "431 Request Header Fields Too Large (RFC 6585 §5)",
        _ => "413 Content Too Large (RFC 9110 §15.5.14)",
    };
    match client.read_response(false, ANSWER_LIMIT.min(ctx.remaining())) {
        Ok(response) => ensure(response.status == status, || {
            format!(
                "after {sent}, the server should answer {named} at once, got {}",
                status_of(&response)
            )
        }),
        Err(ReadError::TimedOut { received }) if received.is_empty() => Err(Failure::new(format!(
            "after {sent}, no response arrived within {:.0} s: the server should answer \
                 {named} as soon as the limit is passed, without waiting for the rest",
            ANSWER_LIMIT.as_secs_f64()
        ))),
        Err(error) => Err(Failure::new(format!(
            "after {sent}, the server should answer {named}, but no valid response arrived: \
             {error}"
        ))),
    }
    .repro(repro)
}

/// One malformed request and what it must earn.
struct Bad {
    what: &'static str,
    bytes: &'static [u8],
    statuses: &'static [u16],
    why: &'static str,
}

const BAD: &[Bad] = &[
    Bad {
        what: "two spaces in the request line",
        bytes: b"GET  /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        statuses: &[400],
        why: "request-line = method SP request-target SP HTTP-version (RFC 9112 §3); the \
              course's parser is strict, as lesson 01 teaches",
    },
    Bad {
        what: "a line that is not a request line",
        bytes: b"HELLO\r\n\r\n",
        statuses: &[400],
        why: "RFC 9112 §3",
    },
    Bad {
        what: "a field line without a colon",
        bytes: b"GET /index.html HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
        statuses: &[400],
        why: "field-line = field-name \":\" OWS field-value OWS (RFC 9112 §5)",
    },
    Bad {
        what: "whitespace between a field name and its colon",
        bytes: b"GET /index.html HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n",
        statuses: &[400],
        why: "a server MUST reject it with 400 (RFC 9112 §5.1)",
    },
    Bad {
        what: "an HTTP/1.1 request without Host",
        bytes: b"GET /index.html HTTP/1.1\r\nUser-Agent: grader\r\n\r\n",
        statuses: &[400],
        why: "a server MUST answer 400 (RFC 9112 §3.2)",
    },
    Bad {
        what: "HTTP/2.0 in the request line",
        bytes: b"GET /index.html HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n",
        statuses: &[505],
        why: "505 HTTP Version Not Supported (RFC 9110 §15.6.6)",
    },
    Bad {
        what: "a transfer coding the server does not know, before chunked",
        bytes: b"PUT /x.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        statuses: &[501],
        why: "a server SHOULD answer 501 Not Implemented (RFC 9112 §6.1)",
    },
    Bad {
        what: "a transfer coding without chunked last",
        bytes: b"PUT /x.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        statuses: &[400, 501],
        why: "the body length cannot be determined: 400 (RFC 9112 §6.3); 501 for the unknown \
              coding is accepted too",
    },
    Bad {
        what: "HTTP/1.2, a newer minor version",
        bytes: b"GET /index.html HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n",
        statuses: &[200],
        why: "a 1.x request is served as the highest 1.x the server speaks (RFC 9110 §6.2), \
              so it is answered like HTTP/1.1",
    },
];

/// Each malformed request on a new connection gets its status; after each,
/// a new connection is served.
pub(crate) fn bad_request(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("index.html", INDEX)?;
    let mut server = root.serve(ctx, &[])?;
    server.serves(ctx, "/index.html", INDEX, "before any malformed request")?;
    for bad in BAD {
        let response = server.ask(ctx, bad.bytes)?;
        ensure(bad.statuses.contains(&response.status), || {
            let expected: Vec<String> = bad.statuses.iter().map(u16::to_string).collect();
            format!(
                "{} (\"{}\") should be answered {} – {} – got {}",
                bad.what,
                preview(bad.bytes, 100),
                expected.join(" or "),
                bad.why,
                status_of(&response)
            )
        })
        .repro_with(|| server.nc(bad.bytes))?;
        let when = format!("after {} ({})", bad.what, response.status);
        server.serves(ctx, "/index.html", INDEX, &when)?;
    }
    Ok(())
}

/// A request whose framing is ambiguous, with a second request behind it
/// that must not be answered.
const SMUGGLED: &[(&str, &[u8])] = &[
    (
        "Content-Length and Transfer-Encoding: chunked together",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\
          Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ),
    (
        "Transfer-Encoding: chunked and then Content-Length",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\
          Content-Length: 5\r\n\r\n0\r\n\r\n",
    ),
    (
        "two different Content-Length fields",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\
          Content-Length: 6\r\n\r\nhello!",
    ),
    (
        "the same Content-Length twice (RFC 9110 §8.6 lets a recipient merge them, but a \
         proxy in front may have read only one: nginx refuses them)",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\
          Content-Length: 5\r\n\r\nhello",
    ),
    (
        "Content-Length: 5, 5 (a list of one length, refused for the same reason as two lines)",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5, 5\r\n\r\nhello",
    ),
    (
        "Transfer-Encoding in an HTTP/1.0 request (which \"MUST be treated as having faulty \
         framing\", RFC 9112 §6.1)",
        b"PUT /smuggled.txt HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\
          \r\n5\r\nhello\r\n0\r\n\r\n",
    ),
    (
        "Content-Length: +5",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: +5\r\n\r\nhello",
    ),
    (
        "Content-Length: -1",
        b"PUT /smuggled.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
    ),
];

/// The request that follows each ambiguous one in the same write.
const SECOND: &[u8] = b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// Each ambiguously framed request gets 400 and the connection closes
/// right after it: the bytes behind it are never answered as a request
/// (RFC 9112 §6.1, §6.3 item 5, §11.2). Nothing is stored.
pub(crate) fn smuggling(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("index.html", INDEX)?;
    let mut server = root.serve(ctx, &[])?;
    server.serves(ctx, "/index.html", INDEX, "before any ambiguous request")?;
    for (what, first) in SMUGGLED {
        let mut bytes = first.to_vec();
        bytes.extend_from_slice(SECOND);
        let repro = server.nc(&bytes);
        let mut client = server.connect(ctx)?;
        let response = server.exchange(ctx, &mut client, &bytes)?;
        ensure(response.status == 400, || {
            format!(
                "a request with {what} has no trustworthy length: it must be answered 400 \
                 Bad Request and the connection closed (RFC 9112 §6.1, §6.3), got {}",
                status_of(&response)
            )
        })
        .repro(repro.clone())?;
        let rest = client.read_to_close(ANSWER_LIMIT.min(ctx.remaining()));
        let verdict = match rest {
            Ok(rest) if rest.is_empty() => Ok(()),
            Ok(rest) => Err(format!(
                "after the 400 for a request with {what}, the bytes behind it were answered as \
                 another request – a smuggled request got through (RFC 9112 §11.2); after the \
                 400 came \"{}\"",
                preview(&rest, 120)
            )),
            Err(ReadError::Io(_)) => Ok(()), // a reset closes too
            Err(_) => Err(format!(
                "after the 400 for a request with {what}, the connection should be closed \
                 (RFC 9112 §6.3: the server cannot know where the next request starts), but it \
                 was still open {:.0} s later",
                ANSWER_LIMIT.as_secs_f64()
            )),
        };
        verdict.map_err(|reason| Failure::new(reason).repro(repro.clone()))?;
        ensure(!root.path("smuggled.txt").exists(), || {
            format!("a PUT with {what} was refused, yet www/smuggled.txt was stored")
        })?;
        let when = format!("after the request with {what}");
        server.serves(ctx, "/index.html", INDEX, &when)?;
    }
    Ok(())
}
