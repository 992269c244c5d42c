//! What can go wrong while fetching a URL, and the exit status each failure
//! becomes.
//!
//! A command-line client is used from scripts, so *why* it failed must be
//! visible in its exit status, not only in its message. The numbers are
//! curl's (see the "EXIT CODES" section of `curl(1)`), so a script written
//! for curl reads them the same way:
//!
//! | status | [`ErrorKind`] | meaning |
//! |---|---|---|
//! | 0 | – | every response arrived whole (any status, unless `-f`) |
//! | 2 | – | usage error (printed by `main` with the usage text) |
//! | 3 | [`ErrorKind::BadUrl`] | not an `http://` URL this client can fetch |
//! | 6 | [`ErrorKind::Resolve`] | the host name could not be resolved |
//! | 7 | [`ErrorKind::Connect`] | no address accepted the connection |
//! | 8 | [`ErrorKind::Malformed`] | the response is not valid HTTP/1.1 |
//! | 18 | [`ErrorKind::Truncated`] | the connection closed before the response was whole |
//! | 22 | [`ErrorKind::HttpStatus`] | `-f` and a status of 400 or more |
//! | 23 | [`ErrorKind::Output`] | the output (stdout or `-o FILE`) cannot be written |
//! | 28 | [`ErrorKind::Timeout`] | `--max-time` passed, or every connect attempt timed out |
//! | 52 | [`ErrorKind::EmptyReply`] | the server closed without sending a byte |
//! | 55 | [`ErrorKind::Send`] | sending the request failed |
//! | 56 | [`ErrorKind::Recv`] | receiving the response failed (e.g. a reset) |
//!
//! With several URLs every one is fetched on its own; the run exits with the
//! status of the *first failed URL in argument order*.

use std::fmt;

/// The kinds of failure, each with its exit status (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The URL cannot be fetched by this client (exit 3).
    BadUrl,
    /// Name resolution failed (exit 6).
    Resolve,
    /// Every address refused or failed (exit 7).
    Connect,
    /// The response head or its framing is invalid (exit 8).
    Malformed,
    /// The connection closed in the middle of the response (exit 18).
    Truncated,
    /// `-f` and a status of 400 or more (exit 22).
    HttpStatus,
    /// The output cannot be written (exit 23).
    Output,
    /// `--max-time` passed or every connect attempt timed out (exit 28).
    Timeout,
    /// The server closed the connection without a single response byte (exit 52).
    EmptyReply,
    /// Writing the request failed (exit 55).
    Send,
    /// Reading the response failed (exit 56).
    Recv,
}

impl ErrorKind {
    /// The process exit status for this kind of failure (curl's numbers).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::BadUrl => 3,
            ErrorKind::Resolve => 6,
            ErrorKind::Connect => 7,
            ErrorKind::Malformed => 8,
            ErrorKind::Truncated => 18,
            ErrorKind::HttpStatus => 22,
            ErrorKind::Output => 23,
            ErrorKind::Timeout => 28,
            ErrorKind::EmptyReply => 52,
            ErrorKind::Send => 55,
            ErrorKind::Recv => 56,
        }
    }
}

/// One failure: its kind and a sentence saying what went wrong, such as
/// `the response ended after 40 of 100 body bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// What kind of failure (decides the exit status).
    pub kind: ErrorKind,
    /// What happened, in words, without the URL.
    pub detail: String,
}

impl FetchError {
    /// A failure of `kind` described by `detail`.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> FetchError {
        FetchError {
            kind,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for FetchError {}

/// A failure and where it happened: the URL as the user wrote it (or, for a
/// failure that belongs to no URL, such as an unwritable `-o` file, `None`).
///
/// Displayed as the one line `main` prints after `quest-solution: `:
/// `http://127.0.0.1:41234/x: the response ended after 40 of 100 body bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetError {
    /// The URL, as given on the command line.
    pub url: Option<String>,
    /// What went wrong.
    pub error: FetchError,
}

impl GetError {
    /// A failure of the fetch of `url`.
    pub fn for_url(url: &str, error: FetchError) -> GetError {
        GetError {
            url: Some(url.to_string()),
            error,
        }
    }

    /// The exit status this failure ends the program with.
    pub fn exit_code(&self) -> u8 {
        self.error.kind.exit_code()
    }
}

impl fmt::Display for GetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.url {
            Some(url) => write!(f, "{url}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

impl std::error::Error for GetError {}
