//! Writing to stdout when the reader may go away.
//!
//! `cargo harness grade --list | head -3` closes the pipe after three
//! lines, and so does `quiz --markdown | head`. Rust ignores `SIGPIPE`, so the next write fails with `EPIPE`
//! instead of killing the process – and `println!` turns that failure into
//! a panic. A tool should stop talking quietly instead: the reader has all
//! it wanted. [`out`] writes through stdout and, once a write has failed,
//! drops the rest, so the job still finishes (a verify still reaps its
//! children, a grade still cleans up) and exits as it would have.
//! [`is_closed_pipe`] tells the same case apart for code that writes to a
//! `Write` of its own (the quiz's interactive session).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to stdout has failed: nobody reads any more.
static GONE: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout and flushes it; after the first failed write
/// (a closed pipe, a full disk) it writes nothing more.
pub fn out(text: &str) {
    if GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        GONE.store(true, Ordering::Relaxed);
    }
}

/// True for the error a write gets when the reader has closed the pipe
/// (`EPIPE`, since Rust ignores `SIGPIPE`): not a failure of the program,
/// only the end of its audience.
pub fn is_closed_pipe(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::BrokenPipe
}
