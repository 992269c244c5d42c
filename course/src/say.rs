//! Writing to stdout when the reader may go away.
//!
//! `cargo harness grade --list | head -3` closes the pipe after three
//! lines, and so does `quiz --markdown | head`. Rust ignores `SIGPIPE`, so
//! the next write fails with `EPIPE` instead of killing the process – and
//! `println!` turns that failure into a panic. A tool should stop talking
//! quietly instead: the reader has all it wanted.
//!
//! A closed pipe is not the only way a write can fail, though: `quiz
//! --markdown > quiz/quiz.md` on a full disk (`ENOSPC`, try `> /dev/full`)
//! leaves a cut-off file behind, and saying nothing about that would be a
//! lie. So there are two helpers, for two kinds of output:
//!
//! | helper | a closed pipe | any other failure |
//! |---|---|---|
//! | [`try_out`] | quiet: `Ok(())`, the rest dropped | returned, for the caller to report |
//! | [`out`] | quiet, the rest dropped | quiet, the rest dropped |
//!
//! [`try_out`] is for output that *is* the result (a generated file, a
//! grade); [`out`] for running commentary of a job that must finish anyway
//! (a verify still reaps its children, a grade still cleans up).
//! [`is_closed_pipe`] tells the same case apart for code that writes to a
//! `Write` of its own (the quiz's interactive session).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to stdout has failed: nobody reads any more.
static GONE: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout and flushes it. After the first failed write it
/// writes nothing more.
///
/// # Errors
///
/// Every failure of `write(2)` except a closed pipe (`EPIPE`, which is
/// `Ok(())`): a full disk (`ENOSPC`), a broken device (`EIO`). The text
/// may then have been written in part.
pub fn try_out(text: &str) -> io::Result<()> {
    if GONE.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) => {
            GONE.store(true, Ordering::Relaxed);
            if is_closed_pipe(&error) {
                Ok(())
            } else {
                Err(error)
            }
        }
    }
}

/// Writes `text` to stdout and flushes it; after the first failed write
/// (a closed pipe, a full disk) it writes nothing more, and says nothing.
pub fn out(text: &str) {
    // Ignoring the error is the point: see the module's table.
    let _ = try_out(text);
}

/// True for the error a write gets when the reader has closed the pipe
/// (`EPIPE`, since Rust ignores `SIGPIPE`): not a failure of the program,
/// only the end of its audience.
pub fn is_closed_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closed_pipe_counts_as_one() {
        assert!(is_closed_pipe(&io::Error::from_raw_os_error(libc::EPIPE)));
        assert!(!is_closed_pipe(&io::Error::from_raw_os_error(libc::ENOSPC)));
    }
}
