//! Uploads: PUT by Content-Length and chunked, DELETE, and uploads that
//! never finish.
//!
//! The grader owns the root folder, so besides the responses it checks the
//! disk: the stored bytes, a file that must be gone, a listing that must be
//! unchanged after an aborted upload (RFC 9110 §9.3.4: a PUT that did not
//! succeed must not leave a partial representation behind).

use std::time::{Duration, Instant};

use super::DISK_SETTLE;
use crate::grade::checks::support::bytes::awkward;
use crate::grade::checks::support::root::{Root, RootServer, listing};
use crate::grade::checks::support::server::{get, request, status_of, with_body};
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::pieces::Split;
use crate::wire::preview::preview;

/// PUT creates (201) and replaces (200/204) a file, GET returns its exact
/// bytes, DELETE removes it; PUT into a missing folder is refused.
pub(crate) fn put(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.folder("sub")?;
    let mut server = root.serve(ctx, &[])?;
    // The replacement is shorter: a server that overwrites in place
    // without truncating leaves the old tail behind.
    let first = awkward(150, 7);
    let second = awkward(40, 99);

    let create = with_body("PUT", "/upload.bin", &first);
    let response = server.ask(ctx, &create)?;
    ensure(response.status == 201, || {
        format!(
            "PUT of a new file /upload.bin should answer 201 Created (RFC 9110 §9.3.4), got {}",
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&create))?;
    stored(&mut server, ctx, &root, "upload.bin", &first, &create)?;

    let replace = with_body("PUT", "/upload.bin", &second);
    let response = server.ask(ctx, &replace)?;
    ensure(matches!(response.status, 200 | 204), || {
        format!(
            "PUT over an existing file should answer 200 OK or 204 No Content \
             (RFC 9110 §9.3.4), got {}",
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&replace))?;
    stored(&mut server, ctx, &root, "upload.bin", &second, &replace)?;

    let delete = request("DELETE", "/upload.bin", "");
    let response = server.ask(ctx, &delete)?;
    ensure(matches!(response.status, 200 | 204), || {
        format!(
            "DELETE of an existing file should answer 200 or 204 (RFC 9110 §9.3.5), got {}",
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&delete))?;
    let gone = server.ask(ctx, &get("/upload.bin", ""))?;
    ensure(
        gone.status == 404 && !root.path("upload.bin").exists(),
        || {
            format!(
                "after DELETE /upload.bin the file should be gone from the folder and GET should \
             answer 404, got {} (the file {} on disk)",
                status_of(&gone),
                if root.path("upload.bin").exists() {
                    "is still"
                } else {
                    "is not"
                }
            )
        },
    )
    .repro_with(|| server.nc(&delete))?;

    let inner = with_body("PUT", "/sub/inner.txt", b"inside a folder\n");
    let response = server.ask(ctx, &inner)?;
    ensure(response.status == 201, || {
        format!(
            "PUT /sub/inner.txt into the existing folder sub should answer 201, got {}",
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&inner))?;
    stored(
        &mut server,
        ctx,
        &root,
        "sub/inner.txt",
        b"inside a folder\n",
        &inner,
    )?;

    let nowhere = with_body("PUT", "/no-such-folder/x.txt", b"x");
    let response = server.ask(ctx, &nowhere)?;
    ensure(
        matches!(response.status, 404 | 409) && !root.path("no-such-folder").exists(),
        || {
            format!(
                "PUT /no-such-folder/x.txt names a folder that does not exist: it should answer \
                 409 Conflict (or 404) and create nothing, got {}{}",
                status_of(&response),
                if root.path("no-such-folder").exists() {
                    " and the folder was created"
                } else {
                    ""
                }
            )
        },
    )
    .repro_with(|| server.nc(&nowhere))
}

/// The file `name` holds exactly `bytes`, on disk and by GET.
fn stored(
    server: &mut RootServer,
    ctx: &Ctx,
    root: &Root,
    name: &str,
    bytes: &[u8],
    request: &[u8],
) -> Verdict {
    let on_disk = std::fs::read(root.path(name)).unwrap_or_default();
    ensure(on_disk == bytes, || {
        format!(
            "after the PUT, www/{name} should hold the {} bytes sent, \"{}\", but it holds {} \
             bytes, \"{}\"",
            bytes.len(),
            preview(bytes, 60),
            on_disk.len(),
            preview(&on_disk, 60),
        ) + if on_disk.len() > bytes.len() && on_disk.starts_with(bytes) {
            " – the old file's tail is left over: write a new file and rename it over the old one"
        } else {
            ""
        }
    })
    .repro_with(|| server.nc(request))?;
    let target = format!("/{name}");
    let response = server.ask(ctx, &get(&target, ""))?;
    ensure(response.status == 200 && response.body == bytes, || {
        format!(
            "after the PUT, GET {target} should answer 200 with the {} bytes stored, got {} \
             with {} bytes, \"{}\"",
            bytes.len(),
            status_of(&response),
            response.body.len(),
            preview(&response.body, 60)
        )
    })
    .repro_with(|| server.nc(request))
}

/// PUT with a chunked body – extensions, upper- and lower-case hex sizes,
/// binary data, a trailer field – sent in small pieces: the file holds the
/// decoded bytes, and the next request on the connection is answered.
pub(crate) fn put_chunked(ctx: &Ctx) -> Verdict {
    let root = Root::new(ctx)?;
    let mut server = root.serve(ctx, &[])?;
    let binary = awkward(26, 3);
    let mut bytes = request(
        "PUT",
        "/chunked.bin",
        "Transfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n",
    );
    bytes.extend_from_slice(b"5;name=value\r\nhello\r\n1A\r\n");
    bytes.extend_from_slice(&binary);
    bytes.extend_from_slice(b"\r\na;quoted=\"a b\";flag\r\n and more!\r\n");
    bytes.extend_from_slice(b"0\r\nX-Checksum: not-checked\r\n\r\n");
    let mut decoded = b"hello".to_vec();
    decoded.extend_from_slice(&binary);
    decoded.extend_from_slice(b" and more!");

    let mut client = server.connect(ctx)?;
    // If sending fails, the server gave up early: its answer says why.
    let sent = client.send_split(&bytes, &Split::Every(7), Duration::from_millis(1));
    let read = client.read_response(false, Duration::from_secs(3).min(ctx.remaining()));
    let response = match (sent, read) {
        (Ok(()), Ok(response)) => response,
        (Err(error), Ok(response)) => {
            return Err(Failure::new(format!(
                "while the chunked PUT was being sent (in 7-byte pieces) the server answered \
                 {} and closed the connection ({error}); it should read the whole chunked \
                 body (RFC 9112 §7.1) and answer 201",
                status_of(&response)
            ))
            .repro(server.nc(&bytes)));
        }
        (_, Err(error)) => {
            return Err(Failure::new(format!(
                "after a chunked PUT (sent in 7-byte pieces), no valid response arrived: {error}"
            ))
            .repro(server.nc(&bytes)));
        }
    };
    ensure(response.status == 201, || {
        format!(
            "a chunked PUT of the new file /chunked.bin should answer 201 Created, got {}",
            status_of(&response)
        )
    })
    .repro_with(|| server.nc(&bytes))?;
    let on_disk = std::fs::read(root.path("chunked.bin")).unwrap_or_default();
    ensure(on_disk == decoded, || {
        format!(
            "the stored file should be the decoded chunk data, {} bytes \"{}\" (sizes are hex, \
             extensions after `;` and the trailer are not data, RFC 9112 §7.1), but it holds \
             {} bytes \"{}\"",
            decoded.len(),
            preview(&decoded, 60),
            on_disk.len(),
            preview(&on_disk, 60)
        )
    })
    .repro_with(|| server.nc(&bytes))?;
    let after = server
        .exchange(ctx, &mut client, &get("/chunked.bin", ""))
        .reworded(|why| {
            format!(
                "after the chunked PUT, the next request on the same connection got no valid \
                 response – was the trailer section (up to its empty line) consumed? {why}"
            )
        })
        .repro_with(|| server.nc(&bytes))?;
    ensure(after.status == 200 && after.body == decoded, || {
        format!(
            "after the chunked PUT, GET /chunked.bin should answer 200 with the {} decoded \
             bytes, got {} with {} bytes",
            decoded.len(),
            status_of(&after),
            after.body.len()
        )
    })
}

/// How big the aborted upload claims to be, and how much of it is sent.
const CLAIMED: usize = 1024 * 1024;
const SENT: usize = CLAIMED / 2;

/// Half of a 1 MiB PUT, then the client goes away – once with an orderly
/// close (a new file), once with a reset (over an existing file). Within
/// two seconds the folder holds exactly what it held before, and the old
/// file its old bytes.
pub(crate) fn put_aborted(ctx: &Ctx) -> Verdict {
    let original: &[u8] = b"the original content\n";
    let mut root = Root::new(ctx)?;
    root.file("keep.txt", original)?;
    let before = listing(&root.dir());
    let mut server = root.serve(ctx, &[])?;
    server.serves(ctx, "/keep.txt", original, "before any upload")?;

    for (target, reset) in [("/new.bin", false), ("/keep.txt", true)] {
        let head = request("PUT", target, &format!("Content-Length: {CLAIMED}\r\n"));
        let mut client = server.connect(ctx)?;
        // A server that stops reading must not stall the grader.
        let _ = client
            .stream()
            .set_write_timeout(Some(Duration::from_secs(3)));
        // A server may refuse early (e.g. 413): then the sends fail, and
        // the folder must be unchanged all the same.
        let _ = client
            .send(&head)
            .and_then(|()| client.send(&awkward(SENT, 5)));
        let how = if reset {
            client.reset();
            "reset the connection (RST)"
        } else {
            drop(client);
            "closed the connection"
        };
        let what = format!(
            "a PUT {target} that announced Content-Length: {CLAIMED}, sent {SENT} body bytes \
             and then {how}"
        );
        let repro = server.repro(&format!(
            "head -c {SENT} /dev/zero | (printf 'PUT {target} HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\
             Content-Length: {CLAIMED}\\r\\n\\r\\n'; cat) | nc -q 0 127.0.0.1 8080; ls -la www"
        ));
        settled(&root, &before, original, &what).repro(repro.clone())?;
        server
            .serves(ctx, "/keep.txt", original, &format!("after {what}"))
            .repro(repro)?;
    }
    Ok(())
}

/// Waits up to [`DISK_SETTLE`] for the root to list exactly `before` and
/// keep.txt to hold `original`.
fn settled(root: &Root, before: &[String], original: &[u8], what: &str) -> Verdict {
    let started = Instant::now();
    loop {
        let now = listing(&root.dir());
        let kept = std::fs::read(root.path("keep.txt")).unwrap_or_default();
        if now == before && kept == original {
            return Ok(());
        }
        if started.elapsed() >= DISK_SETTLE {
            let extra: Vec<&String> = now.iter().filter(|n| !before.contains(n)).collect();
            return Err(Failure::new(if kept != original {
                format!(
                    "after {what}, keep.txt should still hold its old {} bytes \"{}\" (write to a \
                     temporary file, rename when complete), but it holds {} bytes \"{}\"",
                    original.len(),
                    preview(original, 40),
                    kept.len(),
                    preview(&kept, 40)
                )
            } else {
                format!(
                    "after {what}, {:.0} s later the root folder should hold only {before:?}, but it \
                     also holds {extra:?} (an aborted upload must leave nothing behind)",
                    DISK_SETTLE.as_secs_f64()
                )
            }));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
