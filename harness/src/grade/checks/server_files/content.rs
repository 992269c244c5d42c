//! Serving files: exact bytes and types, validators and 304, and the
//! answers to methods the server does not support.

use std::time::{Duration, UNIX_EPOCH};

use super::formats::{Moment, is_entity_tag, list_elements, media_type, parse_imf_fixdate};
use crate::grade::checks::support::root::{Root, RootServer, built_in};
use crate::grade::checks::support::server::{get, request, status_of, with_body};
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::client::Response;
use crate::wire::preview::preview;

/// A tiny PNG-like file: binary, with NULs, `\r\n` and bytes above 0x7f.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\
\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\r\n\xff\xfe";

/// The files of the static-files check: name, content, and the media
/// types accepted for it (RFC 9239 made `text/javascript` the type of
/// JavaScript; `application/javascript` is still widely sent).
const FILES: &[(&str, &[u8], &[&str])] = &[
    (
        "index.html",
        b"<!doctype html>\n<title>quest</title>\n<p>static files</p>\n",
        &["text/html"],
    ),
    ("style.css", b"body { color: #333; }\r\n", &["text/css"]),
    (
        "app.js",
        b"console.log(\"quest\");\n",
        &["text/javascript", "application/javascript"],
    ),
    ("logo.png", PNG, &["image/png"]),
    (
        "notes.txt",
        b"plain text\r\nwith CRLF line ends\r\n",
        &["text/plain"],
    ),
    (
        "LICENSE",
        b"a file without an extension: just bytes\n",
        &["application/octet-stream"],
    ),
    (
        "docs/guide.html",
        b"<!doctype html>\n<p>in a subfolder</p>\n",
        &["text/html"],
    ),
];

/// GET of each file answers 200, the exact bytes, a matching
/// Content-Length and a Content-Type chosen by extension.
pub(crate) fn static_files(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    for (name, bytes, _) in FILES {
        root.file(name, bytes)?;
    }
    let mut server = root.serve(ctx, &[])?;
    for (name, bytes, types) in FILES {
        let target = format!("/{name}");
        let response = server.ask(ctx, &get(&target, ""))?;
        let repro = || server.repro(&format!("curl -i http://127.0.0.1:8080{target} | od -c"));
        file_matches(&response, &target, bytes)
            .and_then(|()| type_matches(&response, &target, types))
            .repro_with(repro)?;
    }
    Ok(())
}

/// 200, the exact body, and a Content-Length equal to it.
fn file_matches(response: &Response, target: &str, bytes: &[u8]) -> Verdict {
    ensure(response.status == 200, || {
        format!(
            "GET {target} should answer 200 with the file, got {}",
            status_of(response)
        )
    })?;
    ensure(response.body == bytes, || {
        format!(
            "GET {target} should send the file's {} bytes exactly, \"{}\", but the body was \
             {} bytes, \"{}\" (read files as bytes, not text)",
            bytes.len(),
            preview(bytes, 80),
            response.body.len(),
            preview(&response.body, 80)
        )
    })?;
    let length = response.header("content-length");
    ensure(
        length.map(str::trim) == Some(&bytes.len().to_string()),
        || {
            format!(
                "GET {target} should have Content-Length: {} (the file's size), got {length:?}",
                bytes.len()
            )
        },
    )
}

fn type_matches(response: &Response, target: &str, types: &[&str]) -> Verdict {
    let value = response.header("content-type");
    let found = value.map(media_type).unwrap_or_default();
    ensure(types.contains(&found.as_str()), || {
        format!(
            "GET {target} should have Content-Type {} (parameters such as charset are fine; \
             unknown extensions are application/octet-stream, RFC 9110 §8.3), got {value:?}",
            types.join(" or ")
        )
    })
}

/// The modification time the conditional check gives its file:
/// Thu, 04 Mar 2021 05:06:07 GMT.
const MODIFIED: u64 = 1_614_834_367;

/// ETag and Last-Modified on a 200; 304 without a body for a matching
/// If-None-Match or If-Modified-Since; 200 for a different tag or an
/// earlier date.
pub(crate) fn conditional(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"<!doctype html>\n<p>cache me if you can</p>\n";
    let mut root = Root::new(ctx)?;
    root.file("page.html", body)?;
    let set_time = std::fs::File::options()
        .write(true)
        .open(root.path("page.html"))
        .and_then(|file| file.set_modified(UNIX_EPOCH + Duration::from_secs(MODIFIED)));
    set_time.map_err(|e| Failure::new(format!("the grader cannot set a file's time: {e}")))?;
    let mut server = root.serve(ctx, &[])?;
    let first = server.ask(ctx, &get("/page.html", ""))?;
    let validators = validators(&first, body);
    let (tag, date) = validators.repro_with(|| curl(&server, ""))?;

    // On one connection: the 304, then a GET whose response must parse –
    // it would not if the 304 had carried a body.
    let mut client = server.connect(ctx)?;
    let asked = format!("If-None-Match: {tag}\r\n");
    let bytes = get("/page.html", &asked);
    let not_modified = server.exchange(ctx, &mut client, &bytes)?;
    let repro = curl(&server, &format!("-H '{}' ", asked.trim_end()));
    is_304(&not_modified, &asked).repro(repro.clone())?;
    ensure(not_modified.header("etag") == Some(tag.as_str()), || {
        format!(
            "a 304 must carry the ETag a 200 would have (RFC 9110 §15.4.5): expected {tag}, \
             got {:?}",
            not_modified.header("etag")
        )
    })
    .repro(repro.clone())?;
    let after = server
        .exchange(ctx, &mut client, &get("/page.html", ""))
        .reworded(|why| {
            format!(
                "after the 304, the next response on the connection was not valid – a 304 has \
                 no body (RFC 9110 §15.4.5), did it send one? ({})",
                why
            )
        })?;
    ensure(after.status == 200 && after.body == body, || {
        format!(
            "after the 304, GET /page.html on the same connection should answer 200 with the \
             file, got {} with body \"{}\"",
            status_of(&after),
            preview(&after.body, 60)
        )
    })?;

    let asked = format!("If-Modified-Since: {date}\r\n");
    let since = server.ask(ctx, &get("/page.html", &asked))?;
    is_304(&since, &asked).repro_with(|| curl(&server, &format!("-H '{}' ", asked.trim_end())))?;

    let day_before = Moment::imf_fixdate(MODIFIED as i64 - 86_400);
    for asked in [
        "If-None-Match: \"another-tag\"\r\n".to_string(),
        format!("If-Modified-Since: {day_before}\r\n"),
    ] {
        let response = server.ask(ctx, &get("/page.html", &asked))?;
        ensure(response.status == 200 && response.body == body, || {
            format!(
                "GET /page.html with \"{}\" does not match the file, so it should answer 200 \
                 with the file, got {} with body \"{}\"",
                preview(asked.trim_end().as_bytes(), 80),
                status_of(&response),
                preview(&response.body, 60)
            )
        })
        .repro_with(|| curl(&server, &format!("-H '{}' ", asked.trim_end())))?;
    }
    Ok(())
}

/// The repro for the conditional check: curl with `extra` options.
fn curl(server: &RootServer, extra: &str) -> String {
    server.repro(&format!(
        "touch -d @{MODIFIED} www/page.html   # the time the grader gave it\n\
         curl -i {extra}http://127.0.0.1:8080/page.html"
    ))
}

/// The ETag and Last-Modified of a 200 for the conditional check's file.
fn validators(response: &Response, body: &[u8]) -> Result<(String, String), Failure> {
    ensure(response.status == 200 && response.body == body, || {
        format!(
            "GET /page.html should answer 200 with the file, got {} with body \"{}\"",
            status_of(response),
            preview(&response.body, 60)
        )
    })?;
    let tag = response.header("etag").map(str::trim).unwrap_or_default();
    ensure(is_entity_tag(tag), || {
        format!(
            "a 200 for a file should carry an ETag, a quoted string such as \"5-1a2b\" \
             (RFC 9110 §8.8.3), got {:?}",
            response.header("etag")
        )
    })?;
    let expected = Moment::imf_fixdate(MODIFIED as i64);
    let date = response.header("last-modified").map(str::trim);
    let Some(date) = date else {
        return Err(Failure::new(format!(
            "a 200 for a file should carry Last-Modified with the file's modification time \
             ({expected}), but it had none (RFC 9110 §8.8.2)"
        )));
    };
    match parse_imf_fixdate(date) {
        Err(why) => Err(Failure::new(format!(
            "Last-Modified should be an HTTP-date like \"{expected}\" (RFC 9110 §5.6.7), got \
             {date:?}: {why}"
        ))),
        Ok(moment) if moment.unix_seconds() != MODIFIED as i64 => Err(Failure::new(format!(
            "Last-Modified should be the file's modification time, {expected}, got {date:?}"
        ))),
        Ok(_) => Ok((tag.to_string(), date.to_string())),
    }
}

fn is_304(response: &Response, asked: &str) -> Verdict {
    ensure(response.status == 304, || {
        format!(
            "GET /page.html with \"{}\" matches the file, so it should answer 304 Not Modified \
             (RFC 9110 §13.1), got {}",
            preview(asked.trim_end().as_bytes(), 80),
            status_of(response)
        )
    })
}

/// 405 with an Allow field for a method the target does not support – with
/// and without `--root` – and 501 for a method nobody defined; the
/// connection goes on working after each.
pub(crate) fn method_not_allowed(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"notes\n";
    let mut root = Root::new(ctx)?;
    root.file("notes.txt", body)?;
    let mut server = root.serve(ctx, &[])?;
    // A form POST with a body: the body must be read (or the connection
    // closed) before the next request on the connection.
    let post = with_body("POST", "/notes.txt", b"a=1&b=2");
    answered_then_usable(ctx, &mut server, &post, 405, "/notes.txt", body)?;
    let brew = request("BREW", "/notes.txt", "");
    answered_then_usable(ctx, &mut server, &brew, 501, "/notes.txt", body)?;
    drop(server);

    let mut server = built_in(ctx)?;
    let put = with_body("PUT", "/", b"hello");
    let page = server.ask(ctx, &get("/", ""))?.body;
    answered_then_usable(ctx, &mut server, &put, 405, "/", &page)
}

/// Sends `bytes`, expects `status` (with Allow for 405), then GET `target`
/// on the same connection must answer 200 with `body`.
fn answered_then_usable(
    ctx: &Ctx,
    server: &mut RootServer,
    bytes: &[u8],
    status: u16,
    target: &str,
    body: &[u8],
) -> Verdict {
    let mut client = server.connect(ctx)?;
    let response = server.exchange(ctx, &mut client, bytes)?;
    let line = String::from_utf8_lossy(bytes.split(|&b| b == b'\r').next().unwrap_or_default())
        .into_owned();
    let repro = server.nc(bytes);
    let why = match status {
        405 => "the method is defined (RFC 9110 §9) but not supported here: 405 Method Not Allowed",
        _ => "nobody defined that method: 501 Not Implemented (RFC 9110 §9.1)",
    };
    ensure(response.status == status, || {
        format!(
            "\"{line}\" should answer {status} – {why} – got {}",
            status_of(&response)
        )
    })
    .repro(repro.clone())?;
    if status == 405 {
        let allow = response.header("allow");
        let methods = allow.map(list_elements).unwrap_or_default();
        ensure(
            methods.contains(&"GET") && methods.contains(&"HEAD"),
            || {
                format!(
                    "a 405 must list the supported methods in Allow (RFC 9110 §15.5.6), which \
                 include GET and HEAD; got Allow: {allow:?}"
                )
            },
        )
        .repro(repro.clone())?;
    }
    // The connection is still in step: its next request is answered.
    let closes = response.header("connection").is_some_and(|v| {
        list_elements(v)
            .iter()
            .any(|o| o.eq_ignore_ascii_case("close"))
    });
    let next = get(target, "");
    let mut fresh;
    let client = if closes && status == 501 {
        fresh = server.connect(ctx)?;
        &mut fresh
    } else {
        &mut client
    };
    let after = server
        .exchange(ctx, client, &next)
        .reworded(|why| {
            format!(
                "after the {status} for \"{line}\", GET {target} on the same connection got no \
                 valid response – a {status} is an ordinary answer, the connection goes on (was \
                 the request's body left unread?): {why}"
            )
        })
        .repro(repro.clone())?;
    ensure(after.status == 200 && after.body == body, || {
        format!(
            "after the {status} for \"{line}\", GET {target} on the same connection should \
             answer 200 with the file, got {} with body \"{}\"",
            status_of(&after),
            preview(&after.body, 60)
        )
    })
    .repro(repro)
}

/// A 0-byte file (anyone can make one with an empty PUT) is answered 200
/// with `Content-Length: 0`, and the next request on the same connection
/// is answered too: a file with nothing to stream must not end the
/// connection before its head is even sent.
pub(crate) fn empty_file(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("empty.txt", b"")?;
    root.file("after.txt", b"after\n")?;
    let mut server = root.serve(ctx, &[])?;
    let first = get("/empty.txt", "");
    let mut both = first.clone();
    both.extend_from_slice(&get("/after.txt", ""));
    let repro = server.nc(&both);
    let mut client = server.connect(ctx)?;
    let response = server
        .exchange(ctx, &mut client, &first)
        .reworded(|why| format!("GET of a 0-byte file: {why}"))
        .repro(repro.clone())?;
    ensure(
        response.status == 200
            && response.header("content-length") == Some("0")
            && response.body.is_empty(),
        || {
            format!(
                "GET of a 0-byte file should be answered 200 with Content-Length: 0 and no \
                 body, got {} with Content-Length {:?}",
                status_of(&response),
                response.header("content-length")
            )
        },
    )
    .repro(repro.clone())?;
    let next = server
        .exchange(ctx, &mut client, &get("/after.txt", ""))
        .reworded(|why| {
            format!(
                "after the answer to a 0-byte file, the connection should stay usable for the \
                 next request: {why} – was the empty body taken for the end of the file?"
            )
        })
        .repro(repro.clone())?;
    ensure(next.status == 200 && next.body == b"after\n", || {
        format!(
            "after the answer to a 0-byte file, GET /after.txt on the same connection should \
             get 200 and the file, got {}",
            status_of(&next)
        )
    })
    .repro(repro)
}
