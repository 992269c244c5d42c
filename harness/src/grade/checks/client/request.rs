//! The bytes `get` sends (RFC 9112 §3, §6; RFC 9110 §7.2, §8.6).
//!
//! The peer records every request byte for byte, so these checks read the
//! request line, the fields and the body exactly as they crossed the wire:
//! a plain GET, and a request built from `-X`, `-H` and `-d`.

use crate::grade::{Ctx, Explain, Failure, GetRun, Verdict, ensure};
use crate::wire::peer::{PeerReport, RequestHead};
use crate::wire::preview::preview;

use crate::grade::checks::support::client::{peer_answering, repro_request};

pub(super) fn request_bytes(ctx: &Ctx) -> Verdict {
    let response = b"HTTP/1.1 204 No Content\r\n\r\n";
    let peer = peer_answering(response)?;
    let authority = peer.addr().to_string();
    let url = peer.url("/some/path?q=1&r=%20x");
    let run = ctx.get(&[&url])?;
    let report = peer.finish();
    let repro = repro_request(ctx, "'http://127.0.0.1:8081/some/path?q=1&r=%20x'");
    let first = only_request(&report, &run, &url).repro(repro.clone())?;
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
    .repro(repro.clone())?;
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
    .repro(repro)?;
    // A 204 has no body: the run must end well too.
    run.succeeded()
}

/// `-X PUT -H … -H … -d DATA` must send exactly one request: that method,
/// both fields as given (a `-H` field replaces a default of the same name,
/// so there is one Content-Type), the body exactly, and a Content-Length
/// that frames it (RFC 9110 §8.6; no Transfer-Encoding, since the length
/// is known). Then `-d` alone means POST, as in curl.
pub(super) fn send_body(ctx: &Ctx) -> Verdict {
    let cases = [
        Sent {
            options: &[
                "-X",
                "PUT",
                "-H",
                "Content-Type: text/plain",
                "-H",
                "X-Quest: 1",
                "-d",
                "hello, quest",
            ],
            path: "/upload/note.txt",
            method: "PUT",
            fields: &[("Content-Type", "text/plain"), ("X-Quest", "1")],
        },
        Sent {
            options: &["-d", "name=quest&week=4"],
            path: "/form",
            method: "POST",
            fields: &[],
        },
    ];
    for Sent {
        options,
        path,
        method,
        fields,
    } in cases
    {
        let data = options.last().copied().unwrap_or_default();
        let response = b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
        let peer = peer_answering(response)?;
        let url = peer.url(path);
        let mut args: Vec<&str> = options.to_vec();
        args.push(&url);
        let run = ctx.get(&args)?;
        let report = peer.finish();
        let shown: Vec<String> = options
            .iter()
            .map(|o| crate::grade::shell::shell_word(o))
            .collect();
        let repro = repro_request(
            ctx,
            &format!("{} http://127.0.0.1:8081{path}", shown.join(" ")),
        );
        let check = || -> Verdict {
            let request = only_request(&report, &run, &url)?;
            let head = request
                .head()
                .map_err(|e| Failure::new(format!("the request is malformed: {e}")))?;
            let line = format!("{} {} HTTP/1.{}", head.method, head.target, head.version);
            let wanted = format!("{method} {path} HTTP/1.1");
            ensure(line == wanted, || {
                format!(
                    "`quest get {}` should send the request line `{wanted}`, but sent `{line}`",
                    shown.join(" ")
                )
            })?;
            let length = data.len().to_string();
            one_field(&head, "Content-Length", &length)?;
            ensure(head.header("transfer-encoding").is_none(), || {
                "a body of known length is framed by Content-Length alone; the request \
                 also carried Transfer-Encoding"
                    .to_owned()
            })?;
            for (name, value) in fields {
                one_field(&head, name, value)?;
            }
            ensure(request.body() == data.as_bytes(), || {
                format!(
                    "the request body should be exactly the -d data \"{data}\", but it was \"{}\"",
                    preview(request.body(), 120)
                )
            })?;
            run.succeeded()
        };
        check().repro(repro)?;
    }
    Ok(())
}

/// One `get` run of [`send_body`] and the request it must send.
struct Sent {
    /// The options before the URL; the last one is the `-d` data.
    options: &'static [&'static str],
    /// The URL's path, and so the request target.
    path: &'static str,
    /// The method the request line must carry.
    method: &'static str,
    /// Fields that must appear exactly once, with these values.
    fields: &'static [(&'static str, &'static str)],
}

/// The one request the peer recorded, or a failure saying what arrived.
fn only_request<'r>(
    report: &'r PeerReport,
    run: &GetRun,
    url: &str,
) -> Result<&'r crate::wire::peer::Recorded, Failure> {
    match &report.requests[..] {
        [request] => Ok(request),
        [] => Err(Failure::new(format!(
            "the scripted server received no complete request from `quest get … {url}`{}{}",
            report
                .errors
                .first()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default(),
            run.stderr_quote()
        ))),
        more => Err(Failure::new(format!(
            "one URL should make one request, but the scripted server received {}: {}",
            more.len(),
            more.iter()
                .map(|r| format!("\"{}\"", preview(&r.bytes, 60)))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Fails unless `head` has exactly one field `name` and its value is `value`.
fn one_field(head: &RequestHead, name: &str, value: &str) -> Verdict {
    let values: Vec<String> = head
        .headers
        .iter()
        .filter(|(field, _)| field.eq_ignore_ascii_case(name))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    ensure(values == [value], || {
        format!(
            "the request should carry exactly one `{name}: {value}` field, but it had {values:?}"
        )
    })
}
