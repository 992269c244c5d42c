//! Server checks about connections: keep-alive, pipelining, concurrency,
//! stalled and vanishing clients, timeouts, shutdown.
//!
//! The basic checks ask "is this one response right?". These ask what
//! makes a server an *event-driven* server: does a connection outlive its
//! response, does one slow or vanished client cost the others anything,
//! does a 32 MiB file cost 32 MiB of memory, does the server let go of
//! idle clients and finish its work when told to stop. Each check drives
//! several raw clients at once from the grader's single thread – opening,
//! writing, stalling, reading slowly, resetting – and looks at the server
//! from outside: its responses, its exit status, and its thread count and
//! memory in `/proc/PID/status` (`proc(5)`).
//!
//! | module | checks |
//! |---|---|
//! | `reuse.rs` | keep-alive, pipelining, HTTP/1.0 and `Connection: close` |
//! | `load.rs` | 500 concurrent connections, stalled clients, a large file |
//! | `timeouts.rs` | 408 for a stalled request, closing idle connections |
//! | `endings.rs` | clients that vanish, SIGTERM and SIGINT |
//!
//! Timing is generous: a limit is several times what the reference needs
//! on a busy two-core machine, and a server that gets it wrong misses it by
//! far more (it waits for its own idle timeout, or for ever).

mod endings;
mod load;
mod reuse;
mod timeouts;

use std::ffi::OsString;
use std::path::PathBuf;
use std::thread::sleep;
use std::time::Duration;

use crate::check::{Category, Check, Ctx, Failure, Revisit, Server, Verdict, ensure, shell_word};
use crate::client::{RawClient, Response};
use crate::transcript::preview;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[
    Check {
        id: "server-keep-alive",
        title: "four requests, one after another, are answered on one connection",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: reuse::keep_alive,
    },
    Check {
        id: "server-pipelining",
        title: "100 requests sent in one write are answered in order",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: reuse::pipelining,
    },
    Check {
        id: "server-http10-close",
        title: "HTTP/1.0 and Connection: close are answered, then the connection is closed",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: reuse::http10_close,
    },
    Check {
        id: "server-concurrent",
        title: "500 connections at once are all answered, by a server with few threads",
        points: 4,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: load::concurrent,
    },
    Check {
        id: "server-stalled-client",
        title: "a client that stops sending or stops reading does not hold up the others",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: load::stalled_client,
    },
    Check {
        id: "server-large-file",
        title: "a 32 MiB file reaches a slow reader intact, in bounded memory",
        points: 3,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: load::large_file,
    },
    Check {
        id: "server-request-timeout",
        title: "a request head that stops arriving gets 408 and a close",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: timeouts::request_timeout,
    },
    Check {
        id: "server-idle-timeout",
        title: "an idle keep-alive connection is closed; a busy one is not",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(3),
        run: timeouts::idle_timeout,
    },
    Check {
        id: "server-abrupt-disconnect",
        title: "clients that reset, vanish mid-body or half-close do not harm the server",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: endings::abrupt_disconnect,
    },
    Check {
        id: "server-graceful-shutdown",
        title: "SIGTERM and SIGINT finish the response in flight, then exit 0",
        points: 2,
        category: Category::Server,
        revisit: Revisit::Lesson(5),
        run: endings::graceful_shutdown,
    },
];

/// The size of the large file: bigger than any socket buffer the kernel
/// grants on its own (`tcp_wmem` and a non-reading peer's `tcp_rmem`
/// default to a few MiB together), so a server cannot hand the whole
/// response to the kernel in one go.
const BIG: usize = 32 << 20;

/// The small file's contents.
const SMALL: &[u8] = b"a small file\n";

/// A scratch folder to serve with `--root`, and the shell lines that make
/// the same folder by hand (the scratch folder is gone after the grade).
struct Root {
    path: PathBuf,
    setup: Vec<String>,
}

impl Root {
    /// An empty root folder in the check's scratch folder.
    fn new(ctx: &Ctx) -> Result<Root, Failure> {
        let path = ctx.scratch().join("www");
        std::fs::create_dir_all(&path).map_err(|e| cannot_prepare(&e))?;
        Ok(Root {
            path,
            setup: vec!["mkdir -p www".into()],
        })
    }

    /// The usual root: `small.txt`, and `big.bin` ([`BIG`] pseudo-random
    /// bytes) when `big` is set. Returns the big file's bytes (empty
    /// without it).
    fn standard(ctx: &Ctx, big: bool) -> Result<(Root, Vec<u8>), Failure> {
        let mut root = Root::new(ctx)?;
        root.file(
            "small.txt",
            SMALL,
            "printf 'a small file\\n' > www/small.txt",
        )?;
        let bytes = if big {
            let bytes = noise(BIG, 0x5eed_f11e);
            root.file(
                "big.bin",
                &bytes,
                &format!("head -c {BIG} /dev/urandom > www/big.bin"),
            )?;
            bytes
        } else {
            Vec::new()
        };
        Ok((root, bytes))
    }

    /// Writes `name` with `bytes`; `shell` is how a student makes a file
    /// like it.
    fn file(&mut self, name: &str, bytes: &[u8], shell: &str) -> Result<(), Failure> {
        self.write(name, bytes)?;
        self.setup.push(shell.into());
        Ok(())
    }

    /// Writes `name` with `bytes`, for a file the setup lines make in a
    /// loop.
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        std::fs::write(self.path.join(name), bytes).map_err(|e| cannot_prepare(&e))
    }

    /// Starts `quest serve --root ROOT ARGS…`.
    fn serve(&self, ctx: &Ctx, args: &[&str]) -> Result<Server, Failure> {
        let mut all: Vec<OsString> = vec!["--root".into(), self.path.clone().into_os_string()];
        all.extend(args.iter().map(OsString::from));
        ctx.serve(&all)
    }

    /// A repro: make the folder, start the server with `--root www ARGS`,
    /// then run `then` in another terminal.
    fn repro(&self, ctx: &Ctx, args: &str, then: &str) -> String {
        let quest = shell_word(&ctx.quest().to_string_lossy());
        let args = if args.is_empty() {
            String::new()
        } else {
            format!(" {args}")
        };
        format!(
            "{}\n{quest} serve --addr 127.0.0.1:8080 --root www{args}   # in one terminal\n\
             {then}   # in another",
            self.setup.join("\n")
        )
    }
}

fn cannot_prepare(error: &std::io::Error) -> Failure {
    Failure::new(format!("the grader cannot prepare a root folder: {error}"))
}

/// `len` pseudo-random bytes (xorshift64*, from `seed`). Unlike a repeating
/// pattern, every stretch of them is unique, so a body sent from a wrong
/// offset – a piece skipped, repeated or swapped after a partial write –
/// shows at the first wrong byte.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The first offset at which `got` differs from `expected` (a shorter or
/// longer `got` differs where the shorter one ends), or `None`.
fn first_difference(expected: &[u8], got: &[u8]) -> Option<usize> {
    // Whole blocks compare with memcmp; only the block that differs is
    // searched byte by byte.
    const BLOCK: usize = 4096;
    let common = expected.len().min(got.len());
    let mut at = 0;
    while at < common {
        let end = (at + BLOCK).min(common);
        if expected[at..end] != got[at..end] {
            return (at..end).find(|&i| expected[i] != got[i]);
        }
        at = end;
    }
    (expected.len() != got.len()).then_some(common)
}

/// Fails unless `response` is a 200 whose body is exactly `big`: the large
/// file arrived whole (`what` says which request, for the reason).
fn whole_file(what: &str, big: &[u8], response: &Response) -> Verdict {
    ensure(response.status == 200, || {
        format!(
            "GET /big.bin answered {} {}, expected 200",
            response.status, response.reason
        )
    })?;
    same_bytes(what, big, &response.body)
}

/// Fails unless `got` is exactly `expected`, naming the first differing
/// offset and the bytes on either side of it.
fn same_bytes(what: &str, expected: &[u8], got: &[u8]) -> Verdict {
    let Some(at) = first_difference(expected, got) else {
        return Ok(());
    };
    let around =
        |bytes: &[u8]| preview(&bytes[at.min(bytes.len())..(at + 16).min(bytes.len())], 16);
    let reason = if at == got.len() {
        format!(
            "{what}: the body is {} bytes, the file {}: it stops short",
            got.len(),
            expected.len()
        )
    } else if at == expected.len() {
        format!(
            "{what}: the body is {} bytes, the file only {}",
            got.len(),
            expected.len()
        )
    } else {
        format!(
            "{what}: the body differs from the file from byte {at} on (of {}): expected \
             \"{}\", got \"{}\" – bytes sent from the wrong offset after a partial write?",
            expected.len(),
            around(expected),
            around(got)
        )
    };
    Err(Failure::new(reason))
}

/// How long one slow read waits for bytes before the slow phase ends
/// early: a server that is sending a large file always has bytes ready,
/// and one that sent a short response (a 404) or nothing is left for the
/// caller's `read_response` to describe.
const SLOW_WAIT: Duration = Duration::from_millis(300);

/// Reads a response slowly: up to `reads` reads of at most 16 KiB, with
/// `pause` before each, calling `after_each` after every read. The bytes
/// stay buffered for [`RawClient::read_response`].
///
/// # Errors
///
/// The connection ended or failed (see [`RawClient::read_some`]).
fn read_slowly(
    client: &mut RawClient,
    reads: usize,
    pause: Duration,
    mut after_each: impl FnMut(),
) -> std::io::Result<()> {
    for _ in 0..reads {
        sleep(pause);
        let got = client.read_some(SLOW_WAIT)?;
        after_each();
        if got == 0 {
            break;
        }
    }
    Ok(())
}

/// A numeric field of `/proc/PID/status` (`proc(5)`): `Threads`, or a
/// memory size such as `VmRSS` in kB.
fn proc_status(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines().find_map(|line| {
        line.strip_prefix(field)?
            .strip_prefix(':')?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_repeatable_and_does_not_repeat_itself() {
        let a = noise(1 << 16, 7);
        assert_eq!(a, noise(1 << 16, 7));
        assert_ne!(a[..4096], a[4096..8192]);
        assert_eq!(noise(5, 7), a[..5]);
    }

    #[test]
    fn first_difference_finds_the_offset_or_the_shorter_end() {
        let a = noise(10_000, 1);
        let mut b = a.clone();
        assert_eq!(first_difference(&a, &b), None);
        b[9_000] ^= 1;
        assert_eq!(first_difference(&a, &b), Some(9_000));
        assert_eq!(first_difference(&a, &a[..20]), Some(20));
        assert_eq!(first_difference(&a[..20], &a), Some(20));
        let why = same_bytes("GET /big.bin", &a, &b).expect_err("differs");
        assert!(why.reason.contains("from byte 9000 on"), "{}", why.reason);
    }

    #[test]
    fn proc_status_reads_this_process() {
        let me = std::process::id();
        assert!(proc_status(me, "Threads").is_some_and(|n| n >= 1));
        assert!(proc_status(me, "VmRSS").is_some_and(|kb| kb > 0));
        assert_eq!(proc_status(me, "NoSuchField"), None);
    }
}
