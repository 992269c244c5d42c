//! `quest get`: an HTTP/1.1 client over raw sockets and one epoll instance.
//! (**Yours to write**: everything here except [`error`] and the types.)
//!
//! ```text
//!   quest get http://a:1/x http://b:2/y http://a:1/z
//!
//!   plan      URLs → jobs (request bytes) → origins   a:1 → [x, z]   b:2 → [y]
//!   resolve   host → addresses (--resolve first, then getaddrinfo), ordered
//!   run       ONE epoll loop; per origin, one connection at a time:
//!               connect (non-blocking, next address on failure)
//!               → write the request → read head, body → next job of that origin
//!             different origins at the same time
//!   framing   bytes → response head, then body by Content-Length / chunked / close
//!   output    bodies to stdout (or -o) in ARGUMENT order; -i heads; -v on stderr
//! ```
//!
//! The modules, from the outside in: [`plan`], [`resolve`], [`run`](mod@run) (the
//! loop), [`conn`] (one connection), [`framing`] (one response),
//! [`output`], and [`error`] (what can fail, and the exit status of each –
//! given, because the numbers are a convention, curl's).
//!
//! The module split and every type here are a suggestion that works; the
//! grader only sees your command line, stdout, stderr and exit status.

pub mod conn;
pub mod error;
pub mod framing;
pub mod output;
pub mod plan;
pub mod resolve;
pub mod run;

use crate::cli::GetOptions;

/// Fetches every URL of `options` and returns the exit status.
///
/// Plan the jobs ([`plan::plan`]), open the output ([`output::Output`]),
/// drive the loop ([`run::Runner`]), and print one line on stderr per
/// failed URL, `quest: URL: what went wrong` (a [`error::GetError`] shows
/// as exactly that, after the `quest: `), in argument order. A failed URL
/// does not stop the others.
///
/// # Returns
///
/// 0 when every response arrived whole (whatever its status; with `-f`, a
/// status of 400 or more counts as a failure, exit 22); otherwise the exit
/// status of the *first* failed URL in argument order
/// ([`error::ErrorKind::exit_code`]).
///
/// ```text
/// get http://127.0.0.1:8080/            → body on stdout, returns 0
/// get http://127.0.0.1:1/               → stderr "quest: http://127.0.0.1:1/: connection refused", returns 7
/// get -f http://127.0.0.1:8080/missing  → nothing on stdout, returns 22
/// ```
///
/// Hints: the quest brief's stage 6 starts with a blocking version for one
/// URL (no epoll yet) – make that work first, then grow it.
pub fn run(options: &GetOptions) -> u8 {
    todo!("quest: get::run({options:?})")
}
