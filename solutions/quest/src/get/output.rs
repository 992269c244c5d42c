//! Where the bytes go: bodies in argument order on one output, and `-v`'s
//! trace on stderr.
//!
//! Origins are fetched concurrently, so the body of the third URL may arrive
//! before the first one's. The user asked for them in argument order, so
//! [`Output`] gives each URL (job) a *turn*: the job whose turn it is writes
//! straight through; every later job's bytes wait in its own buffer until
//! the turn reaches it.
//!
//! ```text
//!  jobs:    0 (turn, streaming)   1 (buffered, done)   2 (buffered, running)
//!  job 0 finishes → turn 1: write its buffer, it is done → turn 2: write
//!  its buffer so far, then stream the rest as it arrives
//! ```
//!
//! A failed job's error line is printed when the turn reaches it, so error
//! lines and bodies appear in argument order as well. Buffers of jobs that
//! are not yet on turn are bounded by the event loop, which stops reading a
//! connection whose job has [`Output::buffered`] too much.

use std::io::{self, Write};

use super::error::GetError;

/// A job's progress as far as the output is concerned.
#[derive(Debug)]
enum Slot {
    /// Running (or not started): bytes wait here until the turn comes.
    Running(Vec<u8>),
    /// Finished whole; the bytes wait for the turn.
    Done(Vec<u8>),
    /// Failed; the bytes that arrived before the failure and the error wait
    /// for the turn.
    Failed(Vec<u8>, GetError),
}

/// Bodies (and `-i` heads) of all jobs, written in argument order.
pub struct Output {
    sink: Box<dyn Write>,
    slots: Vec<Slot>,
    /// The job whose bytes are written straight through.
    turn: usize,
    /// The first failure in argument order (its exit status is the run's).
    first_error: Option<GetError>,
}

/// The sink is a trait object, which has no `Debug`: show the rest.
impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("slots", &self.slots)
            .field("turn", &self.turn)
            .field("first_error", &self.first_error)
            .finish_non_exhaustive()
    }
}

impl Output {
    /// An output for `jobs` jobs, writing to `sink` (stdout or the `-o` file).
    pub fn new(sink: Box<dyn Write>, jobs: usize) -> Output {
        Output {
            sink,
            slots: (0..jobs).map(|_| Slot::Running(Vec::new())).collect(),
            turn: 0,
            first_error: None,
        }
    }

    /// Output of `job`: written now if it is the job's turn, else kept.
    ///
    /// # Errors
    ///
    /// Writing to the sink failed.
    pub fn write(&mut self, job: usize, bytes: &[u8]) -> io::Result<()> {
        if job == self.turn {
            return self.sink.write_all(bytes);
        }
        if let Some(Slot::Running(buffer)) = self.slots.get_mut(job) {
            buffer.extend_from_slice(bytes);
        }
        Ok(())
    }

    /// How many bytes of `job` wait for its turn.
    pub fn buffered(&self, job: usize) -> usize {
        match self.slots.get(job) {
            Some(Slot::Running(b) | Slot::Done(b) | Slot::Failed(b, _)) => b.len(),
            None => 0,
        }
    }

    /// The job whose output is written straight through.
    pub fn turn(&self) -> usize {
        self.turn
    }

    /// `job` finished whole.
    ///
    /// # Errors
    ///
    /// Writing to the sink failed.
    pub fn finish(&mut self, job: usize) -> io::Result<()> {
        if let Some(slot) = self.slots.get_mut(job) {
            if let Slot::Running(buffer) = slot {
                *slot = Slot::Done(std::mem::take(buffer));
            }
        }
        self.advance()
    }

    /// `job` failed with `error` (its error line comes on its turn).
    ///
    /// # Errors
    ///
    /// Writing to the sink failed.
    pub fn fail(&mut self, job: usize, error: GetError) -> io::Result<()> {
        if let Some(slot) = self.slots.get_mut(job) {
            if let Slot::Running(buffer) = slot {
                *slot = Slot::Failed(std::mem::take(buffer), error);
            }
        }
        self.advance()
    }

    /// Whether every job's output has been written.
    pub fn all_done(&self) -> bool {
        self.turn >= self.slots.len()
    }

    /// The first failure in argument order among the jobs written so far.
    pub fn first_error(&self) -> Option<&GetError> {
        self.first_error.as_ref()
    }

    /// Writes out every finished job from the turn on, and the buffered
    /// bytes of the first unfinished one, which then streams.
    fn advance(&mut self) -> io::Result<()> {
        while let Some(slot) = self.slots.get_mut(self.turn) {
            match slot {
                Slot::Running(buffer) => {
                    let bytes = std::mem::take(buffer);
                    return self.sink.write_all(&bytes);
                }
                Slot::Done(buffer) => {
                    let bytes = std::mem::take(buffer);
                    self.sink.write_all(&bytes)?;
                }
                Slot::Failed(buffer, error) => {
                    let bytes = std::mem::take(buffer);
                    let error = error.clone();
                    self.sink.write_all(&bytes)?;
                    // Whatever came before the error line goes out first.
                    self.sink.flush()?;
                    eprintln!("quest-solution: {error}");
                    self.first_error.get_or_insert(error);
                }
            }
            self.turn += 1;
        }
        self.sink.flush()
    }

    /// Flushes the sink.
    ///
    /// # Errors
    ///
    /// Writing to the sink failed.
    pub fn flush(&mut self) -> io::Result<()> {
        self.sink.flush()
    }
}

/// `-v`: connection events and the heads, on stderr, curl style:
///
/// ```text
/// * connecting to 127.0.0.1:8080
/// * connected to 127.0.0.1:8080 (#1)
/// > GET / HTTP/1.1
/// > Host: 127.0.0.1:8080
/// >
/// < HTTP/1.1 200 OK
/// < Content-Length: 5
/// <
/// * reusing connection #1
/// ```
///
/// Lines are written as things happen, so with several origins they
/// interleave.
#[derive(Debug, Clone, Copy)]
pub struct Verbose {
    /// Whether `-v` was given.
    pub on: bool,
}

impl Verbose {
    /// `* event`.
    pub fn event(&self, text: impl std::fmt::Display) {
        if self.on {
            eprintln!("* {text}");
        }
    }

    /// Each line of a head with `prefix` (`>` for the request, `<` for a
    /// response), the empty line included; the body is not shown.
    pub fn head(&self, prefix: char, head: &[u8]) {
        if !self.on {
            return;
        }
        let end = lesson03::head_end(head).unwrap_or(head.len());
        let text = String::from_utf8_lossy(&head[..end]);
        let mut stderr = io::stderr().lock();
        for line in text.split_inclusive('\n') {
            let line = line.trim_end_matches(['\r', '\n']);
            // Best effort: a closed stderr is no reason to fail a fetch.
            let _ = if line.is_empty() {
                writeln!(stderr, "{prefix}")
            } else {
                writeln!(stderr, "{prefix} {line}")
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::get::error::{ErrorKind, FetchError};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A sink the test can look into after the `Output` took it.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn written(shared: &Shared) -> String {
        String::from_utf8_lossy(&shared.0.borrow()).into_owned()
    }

    #[test]
    fn bodies_come_out_in_argument_order() {
        let shared = Shared::default();
        let mut output = Output::new(Box::new(shared.clone()), 3);
        output.write(2, b"C").unwrap();
        output.finish(2).unwrap();
        output.write(1, b"B1").unwrap();
        assert_eq!(written(&shared), "");
        output.write(0, b"A").unwrap();
        assert_eq!(written(&shared), "A");
        output.finish(0).unwrap();
        // Job 1 is on turn now: its buffer went out, the rest streams.
        assert_eq!(written(&shared), "AB1");
        output.write(1, b"B2").unwrap();
        assert_eq!(written(&shared), "AB1B2");
        assert!(!output.all_done());
        output.finish(1).unwrap();
        assert_eq!(written(&shared), "AB1B2C");
        assert!(output.all_done() && output.first_error().is_none());
    }

    #[test]
    fn the_first_failure_in_argument_order_counts() {
        let shared = Shared::default();
        let mut output = Output::new(Box::new(shared.clone()), 3);
        let error = |url: &str, kind| GetError::for_url(url, FetchError::new(kind, "x"));
        output.fail(2, error("c", ErrorKind::Connect)).unwrap();
        output.fail(1, error("b", ErrorKind::Truncated)).unwrap();
        output.write(0, b"A").unwrap();
        output.finish(0).unwrap();
        assert!(output.all_done());
        assert_eq!(written(&shared), "A");
        assert_eq!(output.first_error().map(GetError::exit_code), Some(18));
    }
}
