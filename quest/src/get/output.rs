//! Where bodies go: stdout or `-o FILE`, in the order of the URLs on the
//! command line – although different origins finish in any order.
//!
//! ```text
//!   get http://slow/a http://fast/b
//!   fast/b finishes first → its body is held back
//!   slow/a streams straight out (it is its turn), finishes
//!   → then b's held-back body is written: stdout is "a…b…", always
//! ```
//!
//! The job whose turn it is writes straight through (a large download never
//! sits in memory); the others are buffered until their turn. `-v` lines go
//! to stderr through [`Verbose`], which is given.

use std::fs::File;
use std::io::{self, Write};

use super::error::FetchError;

/// The destination of the bodies.
#[derive(Debug)]
pub enum Sink {
    /// Standard output.
    Stdout(io::Stdout),
    /// The `-o` file.
    File(File),
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

/// The bodies of all jobs, written in job order.
#[derive(Debug)]
pub struct Output {
    /// Where they go.
    pub sink: Sink,
    /// The job whose turn it is.
    pub turn: usize,
    /// Bytes of later jobs, held back until their turn.
    pub held: Vec<Vec<u8>>,
    /// Which jobs are finished (successfully or not).
    pub finished: Vec<bool>,
}

impl Output {
    /// An output for `jobs` jobs, to `-o path` or stdout.
    ///
    /// # Errors
    ///
    /// An `Output` [`FetchError`] when the file cannot be created.
    ///
    /// ```text
    /// open(3, None)                  → Ok(Output to stdout, turn 0)
    /// open(1, Some("/no/dir/x"))     → Err(FetchError { kind: Output, detail: "cannot write /no/dir/x: …" })
    /// ```
    pub fn open(jobs: usize, path: Option<&std::path::Path>) -> Result<Output, FetchError> {
        todo!("quest: Output::open({jobs}, {path:?})")
    }

    /// Body bytes of `job`: written now if it is its turn, held back
    /// otherwise.
    ///
    /// # Errors
    ///
    /// An `Output` [`FetchError`] when writing fails.
    pub fn write(&mut self, job: usize, bytes: &[u8]) -> Result<(), FetchError> {
        todo!(
            "quest: Output::write({self:?}, {job}, {} bytes)",
            bytes.len()
        )
    }

    /// `job` is finished (whole, or failed: then its held-back bytes are
    /// dropped, so that a failed URL prints nothing). When it was its turn,
    /// write out the held-back bytes of the following finished jobs and
    /// move the turn on.
    ///
    /// # Errors
    ///
    /// An `Output` [`FetchError`] when writing fails.
    ///
    /// ```text
    /// held [_, "b"], finish(1, true)   → nothing written yet (job 0's turn)
    /// then finish(0, true)             → "b" written, turn 2
    /// ```
    pub fn finish(&mut self, job: usize, success: bool) -> Result<(), FetchError> {
        todo!("quest: Output::finish({self:?}, {job}, {success})")
    }
}

/// The `-v` lines on stderr, curl's style: `* ` for what the client does,
/// `> ` for request head lines, `< ` for response head lines.
#[derive(Debug, Clone, Copy)]
pub struct Verbose {
    /// `-v` was given.
    pub on: bool,
}

impl Verbose {
    /// `* text`, for a connection event (`* connecting to 127.0.0.1:8080`,
    /// `* reusing connection #1`).
    pub fn event(&self, text: &str) {
        if self.on {
            eprintln!("* {text}");
        }
    }

    /// Each line of a head, prefixed (`> ` request, `< ` response).
    pub fn head(&self, prefix: &str, head: &[u8]) {
        if self.on {
            let text = String::from_utf8_lossy(head);
            for line in text.split("\r\n").filter(|l| !l.is_empty()) {
                eprintln!("{prefix}{line}");
            }
        }
    }
}
