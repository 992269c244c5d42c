//! `quest-solution get`: an HTTP/1.1 client over raw sockets and one epoll
//! instance, in the spirit of curl.
//!
//! The modules, in the order a URL meets them:
//!
//! - [`plan`]: URLs → jobs (the request bytes, lesson 1) → origins;
//! - [`resolve`]: host → addresses (`--resolve`, getaddrinfo, lesson 4);
//! - [`conn`]: one connection – non-blocking connect, then one exchange
//!   at a time (lessons 4 and 5);
//! - [`framing`]: one response – head, body framing, reuse (lessons 2 and 3);
//! - [`run`](mod@run): the event loop driving every origin at once (lesson 5), with
//!   lesson 3's pool and retry rule;
//! - [`output`]: bodies in argument order, `-i`, `-o`, `-v`;
//! - [`error`]: what can fail, and the exit status for each.

pub mod conn;
pub mod error;
pub mod framing;
pub mod output;
pub mod plan;
pub mod resolve;
pub mod run;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::time::Instant;

use crate::cli::GetOptions;
use error::{ErrorKind, FetchError, GetError};
use output::{Output, Verbose};
use run::{DEFAULT_CONNECT_TIMEOUT, Runner, Settings};

/// Fetches every URL of `options`; bodies go to stdout or `-o FILE` in
/// argument order, error lines (`quest-solution: URL: what went wrong`) to
/// stderr.
///
/// # Returns
///
/// The exit status: 0 when every response arrived whole, else the status of
/// the first failed URL in argument order (see [`error`] for the table).
pub fn run(options: &GetOptions) -> u8 {
    match fetch_all(options) {
        Ok(None) => 0,
        // Its line was printed on its turn.
        Ok(Some(first)) => first.exit_code(),
        Err(error) => {
            eprintln!("quest-solution: {error}");
            error.exit_code()
        }
    }
}

/// The run behind [`run`].
///
/// # Returns
///
/// The first failed URL (already reported on stderr), if any.
///
/// # Errors
///
/// A failure that ends the whole run: `--max-time`, the output, bad
/// `--resolve` arguments, or epoll itself.
fn fetch_all(options: &GetOptions) -> Result<Option<GetError>, GetError> {
    let started = Instant::now();
    let whole_run = |kind, detail: String| GetError {
        url: None,
        error: FetchError::new(kind, detail),
    };
    let resolver = resolve::resolver(&options.resolve)
        .map_err(|e| whole_run(ErrorKind::Resolve, e.to_string()))?;
    let plan = plan::plan(options);
    let sink: Box<dyn Write> = match &options.output {
        Some(path) => {
            let file = File::create(path).map_err(|e| {
                whole_run(
                    ErrorKind::Output,
                    format!("cannot create the output file {}: {e}", path.display()),
                )
            })?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(BufWriter::new(io::stdout())),
    };
    let settings = Settings {
        include_head: options.include_head,
        fail: options.fail,
        verbose: Verbose {
            on: options.verbose,
        },
        connect_timeout: options.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        deadline: options.max_time.map(|limit| started + limit),
        max_time: options.max_time,
    };
    let output = Output::new(sink, plan.jobs.len());
    let runner = Runner::new(&plan, &resolver, settings, output).map_err(|e| {
        whole_run(
            ErrorKind::Recv,
            format!("cannot create an epoll instance: {e}"),
        )
    })?;
    runner.run()
}
