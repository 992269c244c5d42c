//! The rest of the command line: `-i`, `-f`, `-o` and `-v`.
//!
//! They follow curl, whose habits a user of `quest get` already has: stdout
//! carries the bodies (with `-i`, each preceded by its head) and nothing
//! else, so it can be piped or redirected; diagnostics go to stderr; `-f`
//! turns an HTTP error status into exit status 22; `-o` writes the body to
//! a file instead of stdout.

use crate::grade::shell::shell_word;
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::preview::preview;
use course::process::Exit;

use crate::grade::checks::support::client::{peer_answering, repro, response, stdout_is};

/// `-i`: stdout is the status line, the fields, an empty line, then the
/// body – the head as the server sent it (line ends as received, or `\n`).
pub(super) fn include_head(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"with its head\n";
    let response = response(
        "200 OK",
        &["Content-Type: text/plain", "X-Quest: shown"],
        body,
    );
    let peer = peer_answering(&response)?;
    let run = ctx.get(&["-i", &peer.url("/head")])?;
    peer.finish();
    let repro = repro(ctx, &response, "-i http://127.0.0.1:8081/head");
    let check = || -> Verdict {
        run.succeeded()?;
        let out = &run.stdout;
        let blank = [&b"\r\n\r\n"[..], b"\n\n"]
            .iter()
            .filter_map(|end| {
                out.windows(end.len())
                    .position(|w| w == *end)
                    .map(|at| (at, at + end.len()))
            })
            .min();
        let Some((head_end, body_start)) = blank else {
            return Err(Failure::new(format!(
                "with -i, stdout should be the response head, an empty line, then the body; \
                 there was no empty line in \"{}\"",
                preview(out, 200)
            )));
        };
        let head = String::from_utf8_lossy(&out[..head_end]);
        let lines: Vec<&str> = head.lines().map(|l| l.trim_end_matches('\r')).collect();
        ensure(lines.first() == Some(&"HTTP/1.1 200 OK"), || {
            format!(
                "with -i, stdout should start with the status line `HTTP/1.1 200 OK`, but it \
                 started with \"{}\"",
                preview(out, 60)
            )
        })?;
        for (name, value) in [
            ("Content-Type", "text/plain"),
            ("X-Quest", "shown"),
            ("Content-Length", "14"),
        ] {
            let shown = lines.iter().skip(1).any(|line| {
                line.split_once(':')
                    .is_some_and(|(n, v)| n.eq_ignore_ascii_case(name) && v.trim() == value)
            });
            ensure(shown, || {
                format!(
                    "with -i, the head on stdout should include the field `{name}: {value}`; \
                     it was \"{}\"",
                    preview(&out[..head_end], 200)
                )
            })?;
        }
        ensure(&out[body_start..] == body, || {
            format!(
                "with -i, the body \"{}\" should follow the empty line after the head, and \
                 nothing else; after the head came \"{}\"",
                preview(body, 60),
                preview(&out[body_start..], 120)
            )
        })
    };
    check().repro(repro)
}

/// A 404 is a complete, valid response: without `-f` its body is printed
/// and the run succeeds. With `-f` the run exits 22 (curl's code for "HTTP
/// error") without printing that body.
pub(super) fn fail_flag(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"no such page\n";
    let response = response("404 Not Found", &["Content-Type: text/plain"], body);
    let args = "http://127.0.0.1:8081/missing";

    let peer = peer_answering(&response)?;
    let run = ctx.get(&[peer.url("/missing")])?;
    peer.finish();
    run.succeeded()
        .reworded(|why| {
            format!(
                "a 404 response arrived whole, so without -f the fetch succeeded: {}",
                why
            )
        })
        .and_then(|()| stdout_is(&run, body))
        .repro_with(|| repro(ctx, &response, args))?;

    let peer = peer_answering(&response)?;
    let run = ctx.get(&["-f", &peer.url("/missing")])?;
    peer.finish();
    let repro = repro(ctx, &response, &format!("-f {args}; echo \"exit $?\""));
    let status = match run.exit {
        Exit::Exited(status) => status,
        Exit::TimedOut => {
            return Err(Failure::new(format!(
                "`quest get -f` did not finish within {:.1} s and was killed{}",
                run.elapsed.as_secs_f64(),
                run.stderr_quote()
            ))
            .repro(repro));
        }
    };
    ensure(status.code() == Some(22), || {
        format!(
            "with -f, a 404 should make `quest get` exit 22 (as curl does), but it exited \
             ({status}){}",
            run.stderr_quote()
        )
    })
    .and_then(|()| {
        ensure(!contains(&run.stdout, body), || {
            format!(
                "with -f, the body of an error response is not printed; stdout was \"{}\"",
                preview(&run.stdout, 120)
            )
        })
    })
    .repro(repro)
}

/// `-o FILE`: the body goes to the file, byte for byte, and stdout stays
/// empty.
pub(super) fn output_file(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"saved to a file\n\x00\x01\x02\xff and no newline";
    let response = response("200 OK", &["Content-Type: application/octet-stream"], body);
    let peer = peer_answering(&response)?;
    // Relative to the program's working directory, its scratch folder.
    let file_arg = "saved.bin";
    let file = ctx.scratch().join(file_arg);
    let run = ctx.get(&["-o", file_arg, &peer.url("/download")])?;
    peer.finish();
    let repro = repro(
        ctx,
        &response,
        "-o saved.bin http://127.0.0.1:8081/download; od -c saved.bin",
    );
    let check = || -> Verdict {
        run.succeeded()?;
        let saved = std::fs::read(&file).map_err(|e| {
            Failure::new(format!(
                "`quest get -o {}` should create the file, but it cannot be read: {e}",
                shell_word(file_arg)
            ))
        })?;
        ensure(saved == body, || {
            format!(
                "the file should hold exactly the body \"{}\" ({} bytes), but it held \"{}\" \
                 ({} bytes)",
                preview(body, 120),
                body.len(),
                preview(&saved, 120),
                saved.len()
            )
        })?;
        ensure(run.stdout.is_empty(), || {
            format!(
                "with -o, the body goes to the file and stdout stays empty; it was \"{}\"",
                preview(&run.stdout, 120)
            )
        })
    };
    check().repro(repro)
}

/// `-v`: the request is shown on stderr (curl prefixes its lines with
/// `> `), while stdout still carries the body alone, so `get -v URL >
/// file` saves the same bytes as `get URL > file`.
pub(super) fn verbose(ctx: &Ctx) -> Verdict {
    let body: &[u8] = b"the body, and only the body\n";
    let response = response("200 OK", &["Content-Type: text/plain"], body);
    let peer = peer_answering(&response)?;
    let run = ctx.get(&["-v", &peer.url("/verbose?x=1")])?;
    peer.finish();
    let repro = repro(ctx, &response, "-v 'http://127.0.0.1:8081/verbose?x=1'");
    let wanted = "GET /verbose?x=1 HTTP/1.1";
    let check = || -> Verdict {
        run.succeeded()?;
        let shown = run.stderr.lines().any(|line| {
            let line = line.trim_end_matches('\r');
            line.strip_prefix("> ").unwrap_or(line).trim() == wanted
        });
        ensure(shown, || {
            format!(
                "with -v, stderr should show the request line `{wanted}` (curl writes `> {wanted}`); \
                 stderr was {}",
                if run.stderr.trim().is_empty() {
                    "empty".to_owned()
                } else {
                    format!("\"{}\"", preview(run.stderr.as_bytes(), 300))
                }
            )
        })?;
        stdout_is(&run, body).reworded(|why| {
            format!(
                "-v writes on stderr only, so stdout is the same as without it: {}",
                why
            )
        })
    };
    check().repro(repro)
}

/// Whether `haystack` contains `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
