//! Framing: where a response body ends (RFC 9112 §6.3).
//!
//! A client reads a byte stream, not messages, so it must work out from
//! the head alone where the body ends: after Content-Length bytes, after
//! the last chunk, or – with neither – when the server closes. These checks
//! serve bodies framed each way, cut into pieces that arrive separately,
//! preceded by interim responses, cut short, and malformed, and judge what
//! `get` prints and how it exits.

use std::time::Duration;

use crate::grade::{Ctx, Explain, Verdict};
use crate::wire::peer::{Script, Step};
use crate::wire::pieces::Split;

use crate::grade::checks::support::client::{
    one_error_line, peer_answering, repro, repro_bytewise, response, start_peer, stdout_is,
};

/// The pause between two pieces that must arrive separately: long enough
/// for the client to read (and act on) the first before the second comes.
const PIECE_PAUSE: Duration = Duration::from_millis(100);

/// The pause between two single bytes: short, since there are a hundred of
/// them, but still long enough for each to leave in its own segment (the
/// peer sets `TCP_NODELAY`).
const BYTE_PAUSE: Duration = Duration::from_millis(3);

pub(super) fn content_length(ctx: &Ctx) -> Verdict {
    // Binary bytes and no trailing newline: the body must be copied, not
    // printed as text.
    let body: &[u8] = b"first line\nsecond line\x00\xff\xfeno newline at the end";
    let response = response("200 OK", &[], body);
    let peer = peer_answering(&response)?;
    let url = peer.url("/data.bin");
    let run = ctx.get(&[&url])?;
    let repro = repro(ctx, &response, "http://127.0.0.1:8081/data.bin");
    // After the client exited, the peer has nothing left to wait for.
    peer.finish();
    run.succeeded()
        .and_then(|()| stdout_is(&run, body))
        .repro(repro)
}

pub(super) fn chunked(ctx: &Ctx) -> Verdict {
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
        .repro_with(|| repro(ctx, response, "http://127.0.0.1:8081/chunks"))
}

pub(super) fn malformed_response(ctx: &Ctx) -> Verdict {
    let response: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: banana\r\n\r\nhello";
    let peer = peer_answering(response)?;
    let url = peer.url("/bad");
    let run = ctx.get(&[&url])?;
    // After the client exited, the peer has nothing left to wait for.
    peer.finish();
    one_error_line(&run, &url).repro_with(|| repro(ctx, response, "http://127.0.0.1:8081/bad"))
}

/// RFC 9112 §6.3, the last rule: a response with neither Content-Length
/// nor Transfer-Encoding has a body that ends when the server closes the
/// connection. The body arrives in three pieces with pauses, and looks like
/// HTTP itself, so a client that stops after the first read, or parses the
/// body, prints the wrong bytes.
pub(super) fn close_delimited(ctx: &Ctx) -> Verdict {
    let head: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n";
    let body: &[u8] = b"no length, so the body ends at the close.\n\
        HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc\n\
        still the same body\n";
    let response = [head, body].concat();
    let cuts = vec![head.len() + 10, head.len() + 60];
    let peer = start_peer(Script::new().connection(vec![
        Step::ExpectRequest,
        Step::send_split(response.clone(), Split::At(cuts), PIECE_PAUSE),
        Step::Close,
    ]))?;
    let run = ctx.get(&[peer.url("/until-close")])?;
    peer.finish();
    run.succeeded()
        .and_then(|()| stdout_is(&run, body))
        .repro_with(|| repro(ctx, &response, "http://127.0.0.1:8081/until-close"))
}

/// RFC 9112 §2.2: a message is parsed from a stream, whatever its
/// segmentation. A chunked and a Content-Length response each arrive one
/// byte per segment – so every line, every chunk-size, the empty line and
/// the CRLF after each chunk are split everywhere they can be.
pub(super) fn one_byte_segments(ctx: &Ctx) -> Verdict {
    let chunked: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
        5;x=y\r\nbyte \r\n\
        c\r\nby byte, in \r\n\
        7\r\nchunks\n\r\n\
        0\r\n\r\n";
    let by_length = response(
        "200 OK",
        &["Content-Type: text/plain"],
        b"byte by byte, by length\n",
    );
    for (path, response, body) in [
        ("/chunked", chunked, &b"byte by byte, in chunks\n"[..]),
        ("/length", &by_length[..], &b"byte by byte, by length\n"[..]),
    ] {
        let peer = start_peer(Script::new().connection(vec![
            Step::ExpectRequest,
            Step::send_split(response, Split::Every(1), BYTE_PAUSE),
            Step::Close,
        ]))?;
        let run = ctx.get(&[peer.url(path)])?;
        peer.finish();
        run.succeeded()
            .and_then(|()| stdout_is(&run, body))
            .repro_with(|| {
                repro_bytewise(ctx, response, &format!("http://127.0.0.1:8081{path}"))
            })?;
    }
    Ok(())
}

/// RFC 9110 §15.2: a client must be able to parse 1xx responses before
/// the final one, even when it did not ask for them. A `100 Continue` and a
/// `103 Early Hints` with a Link field arrive, each on its own, before the
/// 200.
pub(super) fn interim(ctx: &Ctx) -> Verdict {
    let continue_: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";
    let hints: &[u8] =
        b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n";
    let body: &[u8] = b"the final response\n";
    let last = response("200 OK", &["Link: </style.css>; rel=preload"], body);
    let response = [continue_, hints, &last].concat();
    let cuts = vec![continue_.len(), continue_.len() + hints.len()];
    let peer = start_peer(Script::new().connection(vec![
        Step::ExpectRequest,
        Step::send_split(response.clone(), Split::At(cuts), PIECE_PAUSE),
        Step::Close,
    ]))?;
    let run = ctx.get(&[peer.url("/hints")])?;
    peer.finish();
    run.succeeded()
        .and_then(|()| stdout_is(&run, body))
        .repro_with(|| repro(ctx, &response, "http://127.0.0.1:8081/hints"))
}

/// RFC 9112 §8: a message whose connection closes before its body is
/// complete is incomplete, and a client must not present it as a success.
/// Content-Length: 100 with 40 bytes, then a chunked body that stops in the
/// middle of a chunk: each must end in a non-zero exit with one line naming
/// the URL.
pub(super) fn truncated_body(ctx: &Ctx) -> Verdict {
    let mut by_length = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".to_vec();
    by_length.extend_from_slice(b"only forty of the hundred promised bytes");
    let chunked: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
        6\r\nwhole \r\n\
        20\r\nthis chunk stops";
    let cases = [
        (
            "/short-length",
            &by_length[..],
            "after 40 of 100 body bytes",
        ),
        ("/short-chunk", chunked, "in the middle of a 32-byte chunk"),
    ];
    for (path, response, cut) in cases {
        let peer = peer_answering(response)?;
        let url = peer.url(path);
        let run = ctx.get(&[&url])?;
        peer.finish();
        let args = format!("http://127.0.0.1:8081{path}");
        one_error_line(&run, &url)
            .reworded(|why| {
                format!(
                    "the server closed the connection {cut}, so the response is incomplete \
                 and `quest get` must fail: {}",
                    why
                )
            })
            .repro(repro(ctx, response, &args))?;
    }
    Ok(())
}
