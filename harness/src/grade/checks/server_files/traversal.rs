//! Path traversal: the root folder is a wall, in every spelling of `..`
//! and through symlinks.
//!
//! The scratch folder holds the root `www/` and, beside it, a secret file
//! and a folder the server must never reach. Inside the root are symlinks
//! pointing out. Reading must never return the secret; writing and
//! deleting must never touch anything outside. Which 4xx a server picks
//! (400, 403, 404) is its own business.

use crate::grade::checks::support::root::{Root, RootServer};
use crate::grade::checks::support::server::{get, request, status_of, with_body};
use crate::grade::{Ctx, Explain, Failure, Verdict, ensure};
use crate::wire::preview::preview;

/// The secret beside the root: distinctive, so it shows wherever it leaks.
const SECRET: &[u8] = b"TOP-SECRET: this file is outside the root\n";

/// A second secret, in a folder beside the root.
const HIDDEN: &[u8] = b"ALSO-SECRET: in a folder outside the root\n";

/// Targets that must not read anything outside the root.
const READS: &[&str] = &[
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/sub/../../secret.txt",
    "/sub/..%2f..%2fsecret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/link-out",
    "/link-dir/hidden.txt",
];

/// Targets of PUT and DELETE that must not create, change or remove
/// anything outside the root: (method, target, the path beside the root
/// it aims at).
const WRITES: &[(&str, &str, &str)] = &[
    ("PUT", "/../evil.txt", "evil.txt"),
    ("PUT", "/%2e%2e/evil.txt", "evil.txt"),
    ("PUT", "/sub/..%2f..%2fevil.txt", "evil.txt"),
    ("PUT", "/link-dir/evil.txt", "outside/evil.txt"),
    ("PUT", "/link-out", "secret.txt"),
    ("DELETE", "/../secret.txt", "secret.txt"),
    ("DELETE", "/link-dir/hidden.txt", "outside/hidden.txt"),
];

/// GETs that try to leave the root get a 4xx and never the secret; PUTs
/// and DELETEs that try leave everything outside as it was.
pub(crate) fn traversal(ctx: &Ctx) -> Verdict {
    let mut root = Root::new(ctx)?;
    root.file("inside.txt", b"inside the root\n")?;
    root.file("sub/page.txt", b"in a subfolder\n")?;
    root.outside("secret.txt", SECRET)?;
    root.outside("outside/hidden.txt", HIDDEN)?;
    root.symlink("link-out", "../secret.txt")?;
    root.symlink("link-dir", "../outside")?;
    let mut server = root.serve(ctx, &[])?;
    let inside: &[u8] = b"inside the root\n";
    server.serves(ctx, "/inside.txt", inside, "before any traversal attempt")?;

    for target in READS {
        let bytes = get(target, "");
        let response = server.ask(ctx, &bytes)?;
        let leaked = contains(&response.body, SECRET) || contains(&response.body, HIDDEN);
        ensure(!leaked && (400..500).contains(&response.status), || {
            format!(
                "GET {target} reaches outside the root folder: it must be refused with a 4xx \
                 (400, 403 or 404), got {}{}",
                status_of(&response),
                if leaked {
                    format!(
                        " with the secret file's bytes \"{}\"",
                        preview(&response.body, 60)
                    )
                } else {
                    String::new()
                }
            )
        })
        .repro_with(|| server.nc(&bytes))?;
    }

    for (method, target, aim) in WRITES {
        let bytes = match *method {
            "PUT" => with_body(method, target, b"EVIL\n"),
            _ => request(method, target, ""),
        };
        // Whatever the answer, judge the disk; the status comes second.
        let response = server.ask(ctx, &bytes);
        untouched(&root, &server, method, target, aim, &bytes)?;
        let response = response?;
        // PUT /link-out may replace the link itself, inside the root.
        let allowed = *target == "/link-out" || (400..500).contains(&response.status);
        ensure(allowed, || {
            format!(
                "{method} {target} reaches outside the root folder: it must be refused with a \
                 4xx, got {}",
                status_of(&response)
            )
        })
        .repro_with(|| server.nc(&bytes))?;
    }
    server.serves(ctx, "/inside.txt", inside, "after the traversal attempts")
}

/// Fails when anything outside the root changed: a new `evil.txt`, or a
/// secret changed or gone.
fn untouched(
    root: &Root,
    server: &RootServer,
    method: &str,
    target: &str,
    aim: &str,
    bytes: &[u8],
) -> Verdict {
    let changed = [("evil.txt", None), ("outside/evil.txt", None)]
        .into_iter()
        .chain([
            ("secret.txt", Some(SECRET)),
            ("outside/hidden.txt", Some(HIDDEN)),
        ])
        .find(|(name, content)| {
            let now = std::fs::read(root.beside(name)).ok();
            now.as_deref() != *content
        });
    match changed {
        None => Ok(()),
        Some((name, _)) => Err(Failure::new(format!(
            "{method} {target} aims at {aim} outside the root folder (www); it must not \
             touch anything there, but {name} beside the root was {} (refuse `..` after \
             decoding %2e%2e and %2f, and resolve symlinks before writing)",
            if root.beside(name).exists() {
                "written"
            } else {
                "removed"
            }
        ))
        .repro(server.nc(bytes))),
    }
}

/// True when `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
