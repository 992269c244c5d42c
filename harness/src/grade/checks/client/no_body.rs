//! Responses that never have a body (RFC 9112 §6.3, the first rule).
//!
//! A response to HEAD, and every 1xx, 204 and 304 response, ends at the
//! empty line after its head – whatever Content-Length it carries, since
//! that describes the body a GET *would* have had (RFC 9110 §8.6). A client
//! that waits for those bytes waits for ever on a keep-alive connection, or
//! worse, takes the next response's bytes for this one's body. So these
//! checks answer on a connection the peer then keeps open, and judge both
//! what `get` prints and that it finishes promptly.

use crate::grade::{Ctx, Explain, Verdict, ensure};
use crate::wire::preview::preview;

use crate::grade::checks::support::client::{
    finished_promptly, patience, peer_answering_each, repro, stdout_is,
};

/// `get -X HEAD URL URL2`: both HEAD responses announce a body they do
/// not carry (RFC 9110 §9.3.2). A client that waits for the 5000 bytes of
/// the first never sends the second request; one that waits for the second
/// response's body waits until the peer gives up. Nothing is printed: there
/// is no body, and without `-i` no head either.
pub(super) fn head(ctx: &Ctx) -> Verdict {
    let first: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n";
    let second: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 7777\r\n\r\n";
    let patience = patience(ctx);
    let peer = peer_answering_each(&[first, second], patience)?;
    let urls = [peer.url("/page.html"), peer.url("/logo.png")];
    let run = ctx.get(&["-X", "HEAD", &urls[0], &urls[1]])?;
    let report = peer.finish();
    let repro = repro(
        ctx,
        &[first, second].concat(),
        "-X HEAD http://127.0.0.1:8081/page.html http://127.0.0.1:8081/logo.png",
    );
    let checked = run
        .succeeded()
        .and_then(|()| {
            finished_promptly(
                &run,
                patience,
                "the body that the HEAD responses' Content-Length describes – but a response \
                 to HEAD never has one (RFC 9110 §9.3.2, RFC 9112 §6.3)",
            )
        })
        .and_then(|()| {
            ensure(run.stdout.is_empty(), || {
                format!(
                    "a HEAD response has no body and, without -i, nothing belongs on stdout; \
                     it was \"{}\"",
                    preview(&run.stdout, 120)
                )
            })
        })
        .and_then(|()| {
            let methods: Vec<String> = report
                .requests
                .iter()
                .map(|r| r.head().map(|h| h.method).unwrap_or_default())
                .collect();
            ensure(methods == ["HEAD", "HEAD"], || {
                format!(
                    "the peer should have received two HEAD requests, one per URL (-X applies \
                     to every URL); it received {methods:?}"
                )
            })
        });
    checked.repro(repro)
}

/// `get URL1 URL2 URL3 URL4` answered by a 204 (no Content-Length at all,
/// which must not mean "read until close"), a 200, a 304 carrying
/// `Content-Length: 1234` and an ETag (the length of the body it did not
/// send), and a 200. Only the two 200 bodies belong on stdout.
pub(super) fn no_content_not_modified(ctx: &Ctx) -> Verdict {
    let no_content: &[u8] = b"HTTP/1.1 204 No Content\r\nX-Quest: nothing to say\r\n\r\n";
    let after_204: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nafter the 204\n";
    let not_modified: &[u8] =
        b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 1234\r\n\r\n";
    let after_304: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nafter the 304\n";
    let responses = [no_content, after_204, not_modified, after_304];
    let patience = patience(ctx);
    let peer = peer_answering_each(&responses, patience)?;
    let paths = ["/gone-quiet", "/next", "/cached", "/last"];
    let urls: Vec<String> = paths.iter().map(|p| peer.url(p)).collect();
    let run = ctx.get(&urls)?;
    peer.finish();
    let repro = repro(
        ctx,
        &responses.concat(),
        &paths
            .iter()
            .map(|p| format!("http://127.0.0.1:8081{p}"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    run.succeeded()
        .and_then(|()| {
            finished_promptly(
                &run,
                patience,
                "a body after the 204 (until the close?) or the 1234 bytes the 304's \
                 Content-Length names – but 204 and 304 responses never have a body \
                 (RFC 9110 §15.3.5, §15.4.5; RFC 9112 §6.3)",
            )
        })
        .and_then(|()| stdout_is(&run, b"after the 204\nafter the 304\n"))
        .repro(repro)
}
